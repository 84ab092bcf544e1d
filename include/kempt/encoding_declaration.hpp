#pragma once
/// What a file says about its own charset: `<meta charset>`, `http-equiv` Content-Type,
/// an XML prolog's `encoding=`, an Emacs/Vim/PEP 263 coding line. Found the way the
/// programs that read them find them, so that a mention of "charset" in prose is not
/// one, and rewritten to UTF-8 byte-minimally when the file is (or becomes) UTF-8.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kempt/document.hpp"
#include "kempt/finding.hpp"

namespace kempt {

enum class DeclarationSyntax {
  meta_charset,       ///< `<meta charset="gb2312">`
  meta_content_type,  ///< `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`
  xml_prolog,         ///< `<?xml version="1.0" encoding="ISO-8859-1"?>` at the very start
  emacs,              ///< `-*- coding: latin-1 -*-` on line 1 (line 2 after `#!`)
  vim,                ///< `vim: set fileencoding=latin1 :` on line 1 or 2
  pep263,             ///< `# coding: latin-1` / `# encoding=latin-1` on line 1 or 2 (not Markdown)
};
std::string_view to_string(DeclarationSyntax syntax);

struct CharsetDeclaration {
  DeclarationSyntax syntax = DeclarationSyntax::meta_charset;
  ByteSpan label;       ///< the label alone: no quotes, spaces or Emacs `-unix` suffix
  std::string written;  ///< the label as written
  /// The ICU converter to decode with, by the WHATWG Encoding label table (`gb2312` →
  /// GB18030, `iso-8859-1` → windows-1252); empty when the label is unknown.
  std::string charset;
  /// HTML: after the first 1024 bytes (the spec's prescan window) but still in the
  /// head, where Chrome's scan and the spec's tree builder still obey it.
  bool past_prescan = false;
  /// HTML: inside `<script>`, `<style>`, `<title>`, `<textarea>`, ... The spec's
  /// prescan reads it, but it may be a string a script writes: not safe to rewrite.
  bool in_raw_text = false;

  bool known() const { return !charset.empty(); }
  bool says_utf8() const { return charset == "UTF-8"; }
};

/// The ICU converter name for a charset label (ASCII case and surrounding white space
/// ignored), by the WHATWG Encoding Standard's table; empty when it is no label there.
/// UTF-16 labels give UTF-16LE/BE; `x-user-defined` and the `replacement` labels give "".
std::string charset_for_label(std::string_view label);

/// The declarations `bytes` make of their own charset, in file order. HTML: the
/// WHATWG prescan (comments skipped, attributes parsed as the spec says) over the
/// first 1024 bytes, continued past them while still in the head; every meta that
/// declares, not only the first. XML prolog: HTML and text files. Coding lines: any
/// kind (the bare PEP 263 form not in Markdown, where `#` is a heading). Bytes that
/// start with a UTF-16 BOM hold no ASCII syntax: nothing is found (decode them first).
std::vector<CharsetDeclaration> find_declarations(std::string_view bytes, FileKind kind);

/// The one charset a file declares, as evidence for decoding it (to be checked against
/// the bytes: lz284's publications2.htm declares utf-8 and is GBK). Metas in script
/// text do not count; a UTF-16 label counts as UTF-8, as in the prescan (the bytes it
/// was read from are not UTF-16).
struct DeclaredCharset {
  enum class State {
    none,      ///< no declaration with a known label
    agreed,    ///< every known label names `charset`
    conflict,  ///< known labels name different charsets (`charsets` lists them)
  };
  State state = State::none;
  std::string charset;                ///< ICU name when `agreed`
  std::vector<std::string> charsets;  ///< every charset named, in file order, without repeats
  /// The bytes start with a byte-order mark: browsers then obey it and ignore every
  /// declaration (the BOM's charset, e.g. "UTF-8"; empty when none).
  std::string bom;
};
DeclaredCharset declared_charset(std::string_view bytes, FileKind kind);

/// A text with its declarations changed to UTF-8, or why that is not safe.
struct DeclarationRewrite {
  std::string text;  ///< the new text; the input unchanged when refused or nothing to do
  /// The declarations rewritten, spans and labels as in the input text.
  std::vector<CharsetDeclaration> rewritten;
  /// Non-empty: the declarations cannot be rewritten safely, and why (the text is unchanged).
  std::string refused;
  bool ok() const { return refused.empty(); }
};

/// Replaces the label of every declaration in `text` (UTF-8) that does not already
/// say UTF-8 with `utf-8` (`UTF-8` where the label was written in capitals); nothing
/// else changes. `prescan_window`: where the first 1024 bytes of the file ended, in
/// `text`'s offsets. Refused when the declarations name different charsets, or one
/// sits in script/style text or has a label that is not plain ASCII.
DeclarationRewrite rewrite_declarations_to_utf8(std::string_view text, FileKind kind,
                                                std::size_t prescan_window = 1024);

/// For the encoding pass after it transcoded `bytes` with `decoded_with` into `text`:
/// the declarations rewritten to UTF-8, the prescan window carried over to the text's
/// offsets (a GB2312 page's 1024 bytes are more in UTF-8). When refused, the pass
/// must leave the file byte for byte.
DeclarationRewrite rewrite_declarations_after_transcoding(std::string_view bytes, std::string_view text,
                                                          const std::string& decoded_with, FileKind kind);

/// Whether valid UTF-8 `bytes` are UTF-8 beyond doubt against a declaration of
/// `declared` (an ICU name): a BOM, or non-ASCII characters that read as text (no
/// rare CJK, nothing impossible) while `declared` cannot decode the bytes or makes
/// clearly less plausible text of them. Pure ASCII: false (every declaration fits).
bool utf8_beyond_doubt(std::string_view bytes, const std::string& declared);

/// The encoding pass on a valid-UTF-8 document: a declaration of another charset
/// (lz284's `charset=gb2312` on UTF-8 pages, which browsers then show garbled) is
/// reported at its label and rewritten to utf-8 in `doc.text` when the bytes are UTF-8
/// beyond doubt; otherwise (pure ASCII, or a reading in the declared charset as
/// plausible) nothing is said here. False when a declaration should be rewritten but
/// cannot be: the text must then stay as it is (even its BOM, which browsers obey
/// over the declaration).
bool correct_declarations_of_utf8(Document& doc, std::vector<Finding>& findings);

}  // namespace kempt
