// Charset declarations: where a file says what it is, found as browsers and editors
// find them, and rewritten to UTF-8 when kempt makes (or finds) the file UTF-8.
//
//   <meta http-equiv="Content-Type" content="text/html; charset=gb2312">
//                                                              ^^^^^^ label → utf-8
//
// HTML follows the WHATWG "prescan a byte stream to determine its encoding"
// algorithm (HTML §13.2.3.2), so comments, other tags' attributes and prose are
// skipped exactly as a browser skips them.
#include "kempt/encoding_declaration.hpp"

#include <fmt/format.h>
#include <unicode/ucnv.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <memory>
#include <unordered_map>

#include "kempt/encoding.hpp"
#include "mojibake_model.hpp"
#include "ascii.hpp"

namespace kempt {
namespace {


bool starts_with_ci(std::string_view s, std::size_t pos, std::string_view lower_literal) {
  if (pos > s.size() || s.size() - pos < lower_literal.size()) return false;
  for (std::size_t i = 0; i < lower_literal.size(); ++i) {
    if (ascii_lower(s[pos + i]) != lower_literal[i]) return false;
  }
  return true;
}

std::size_t find_ci(std::string_view s, std::string_view lower_literal, std::size_t from) {
  for (std::size_t i = from; i + lower_literal.size() <= s.size(); ++i) {
    if (starts_with_ci(s, i, lower_literal)) return i;
  }
  return std::string_view::npos;
}

// ---------------------------------------------------------------------------
// Labels

// The WHATWG Encoding Standard's labels (encoding.spec.whatwg.org, "Names and
// labels"), each with the ICU converter that decodes what browsers decode for it.
const std::unordered_map<std::string_view, std::string_view>& whatwg_labels() {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string_view, std::string_view>;
    auto add = [&](std::string_view icu, std::initializer_list<std::string_view> labels) {
      for (auto l : labels) t->emplace(l, icu);
    };
    add("UTF-8", {"unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"});
    add("IBM866", {"866", "cp866", "csibm866", "ibm866"});
    add("ISO-8859-2", {"csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2", "iso88592", "iso_8859-2",
                       "iso_8859-2:1987", "l2", "latin2"});
    add("ISO-8859-3", {"csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3", "iso88593", "iso_8859-3",
                       "iso_8859-3:1988", "l3", "latin3"});
    add("ISO-8859-4", {"csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4", "iso88594", "iso_8859-4",
                       "iso_8859-4:1988", "l4", "latin4"});
    add("ISO-8859-5", {"csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144", "iso8859-5", "iso88595",
                       "iso_8859-5", "iso_8859-5:1988"});
    add("ISO-8859-6", {"arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic", "ecma-114",
                       "iso-8859-6", "iso-8859-6-e", "iso-8859-6-i", "iso-ir-127", "iso8859-6", "iso88596",
                       "iso_8859-6", "iso_8859-6:1987"});
    add("ISO-8859-7", {"csisolatingreek", "ecma-118", "elot_928", "greek", "greek8", "iso-8859-7", "iso-ir-126",
                       "iso8859-7", "iso88597", "iso_8859-7", "iso_8859-7:1987", "sun_eu_greek"});
    add("ISO-8859-8", {"csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8", "iso-8859-8-e", "iso-ir-138",
                       "iso8859-8", "iso88598", "iso_8859-8", "iso_8859-8:1988", "visual"});
    add("ISO-8859-8-I", {"csiso88598i", "iso-8859-8-i", "logical"});
    add("ISO-8859-10", {"csisolatin6", "iso-8859-10", "iso-ir-157", "iso8859-10", "iso885910", "l6", "latin6"});
    add("ISO-8859-13", {"iso-8859-13", "iso8859-13", "iso885913"});
    add("ISO-8859-14", {"iso-8859-14", "iso8859-14", "iso885914"});
    add("ISO-8859-15", {"csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9"});
    add("ISO-8859-16", {"iso-8859-16"});  // ICU's default data has no converter for it
    add("KOI8-R", {"cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"});
    add("KOI8-U", {"koi8-ru", "koi8-u"});
    add("macintosh", {"csmacintosh", "mac", "macintosh", "x-mac-roman"});
    add("windows-874", {"dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"});
    add("windows-1250", {"cp1250", "windows-1250", "x-cp1250"});
    add("windows-1251", {"cp1251", "windows-1251", "x-cp1251"});
    add("windows-1252", {"ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1",
                         "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1",
                         "us-ascii", "windows-1252", "x-cp1252"});
    add("windows-1253", {"cp1253", "windows-1253", "x-cp1253"});
    add("windows-1254", {"cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599",
                         "iso_8859-9", "iso_8859-9:1989", "l5", "latin5", "windows-1254", "x-cp1254"});
    add("windows-1255", {"cp1255", "windows-1255", "x-cp1255"});
    add("windows-1256", {"cp1256", "windows-1256", "x-cp1256"});
    add("windows-1257", {"cp1257", "windows-1257", "x-cp1257"});
    add("windows-1258", {"cp1258", "windows-1258", "x-cp1258"});
    add("x-mac-cyrillic", {"x-mac-cyrillic", "x-mac-ukrainian"});
    // Browsers decode GBK as gb18030 (a superset); so does kempt.
    add("GB18030", {"chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk",
                    "iso-ir-58", "x-gbk", "gb18030"});
    add("Big5", {"big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"});
    add("EUC-JP", {"cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"});
    add("ISO-2022-JP", {"csiso2022jp", "iso-2022-jp"});
    add("windows-31j", {"csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j",
                        "x-sjis"});
    add("windows-949", {"cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987",
                        "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949"});
    add("UTF-16BE", {"unicodefffe", "utf-16be"});
    add("UTF-16LE", {"csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"});
    // x-user-defined and the "replacement" labels (iso-2022-kr, hz-gb-2312, ...) decode
    // nothing a file could be converted from: left out, so they read as unknown.
    return t;
  }();
  return *table;
}

std::string_view trim_ascii(std::string_view s) {
  while (!s.empty() && html_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && html_space(s.back())) s.remove_suffix(1);
  return s;
}

// Coding systems Emacs, Vim and Python name that the WHATWG table does not.
std::string editor_charset(std::string_view label) {
  std::string l = ascii_lowered(label);
  if (std::string c = charset_for_label(l); !c.empty()) return c;
  std::replace(l.begin(), l.end(), '_', '-');  // Python: latin_1, utf_8, iso8859_15
  if (std::string c = charset_for_label(l); !c.empty()) return c;
  static const std::unordered_map<std::string_view, std::string_view> aliases = {
      {"latin-1", "windows-1252"},      {"iso-latin-1", "windows-1252"}, {"iso-8859-1", "windows-1252"},
      {"latin-9", "ISO-8859-15"},       {"iso-latin-9", "ISO-8859-15"},  {"latin-2", "ISO-8859-2"},
      {"iso-latin-2", "ISO-8859-2"},    {"utf-8-with-signature", "UTF-8"}, {"prefer-utf-8", "UTF-8"},
      {"cp936", "GB18030"},             {"euc-cn", "GB18030"},           {"chinese-gbk", "GB18030"},
      {"chinese-iso-8bit", "GB18030"},  {"chinese-gb18030", "GB18030"},  {"cp932", "windows-31j"},
      {"japanese-shift-jis", "windows-31j"}, {"japanese-iso-8bit", "EUC-JP"}, {"eucjp", "EUC-JP"},
      {"cp949", "windows-949"},         {"korean-iso-8bit", "windows-949"}, {"euckr", "windows-949"},
      {"cp950", "Big5"},                {"chinese-big5", "Big5"},        {"mac-roman", "macintosh"},
      {"cyrillic-koi8", "KOI8-R"},      {"cp437", "IBM437"},             {"cp850", "IBM850"},
      {"cp852", "IBM852"},              {"utf-16le-with-signature", "UTF-16LE"},
      {"utf-16be-with-signature", "UTF-16BE"},
  };
  auto it = aliases.find(l);
  return it == aliases.end() ? std::string() : std::string(it->second);
}

// ---------------------------------------------------------------------------
// HTML: the WHATWG prescan

struct Attribute {
  std::string name;   // lower-cased, as the spec builds it
  ByteSpan value;     // raw bytes of the value (the spec lower-cases A-Z only: same length)
};

// The spec's "get an attribute" at `pos`; nullopt when there is none (at `>` or the
// end). Advances `pos` as the spec does.
std::optional<Attribute> get_attribute(std::string_view b, std::size_t& pos) {
  while (pos < b.size() && (html_space(b[pos]) || b[pos] == '/')) ++pos;
  if (pos >= b.size() || b[pos] == '>') return std::nullopt;
  Attribute a;
  for (;; ++pos) {  // attribute name
    if (pos >= b.size()) return std::nullopt;
    const char c = b[pos];
    if (c == '=' && !a.name.empty()) {
      ++pos;
      goto value;
    }
    if (html_space(c)) break;
    if (c == '/' || c == '>') {
      a.value = {pos, pos};
      return a;
    }
    a.name += ascii_lower(c);
  }
  while (pos < b.size() && html_space(b[pos])) ++pos;  // spaces
  if (pos >= b.size()) return std::nullopt;
  if (b[pos] != '=') {
    a.value = {pos, pos};
    return a;
  }
  ++pos;
value:
  while (pos < b.size() && html_space(b[pos])) ++pos;
  if (pos >= b.size()) return std::nullopt;
  if (b[pos] == '"' || b[pos] == '\'') {
    const char quote = b[pos];
    const std::size_t start = ++pos;
    const std::size_t end = b.find(quote, start);
    if (end == std::string_view::npos) {
      pos = b.size();
      return std::nullopt;
    }
    a.value = {start, end};
    pos = end + 1;
    return a;
  }
  if (b[pos] == '>') {
    a.value = {pos, pos};
    return a;
  }
  const std::size_t start = pos;
  while (pos < b.size() && !html_space(b[pos]) && b[pos] != '>') ++pos;
  if (pos >= b.size()) return std::nullopt;
  a.value = {start, pos};
  return a;
}

// The spec's "extract a character encoding from a meta element", on a content
// attribute's value: the label's span within `value`, or nullopt.
std::optional<ByteSpan> charset_in_content(std::string_view value) {
  for (std::size_t pos = 0;;) {
    const std::size_t at = find_ci(value, "charset", pos);
    if (at == std::string_view::npos) return std::nullopt;
    std::size_t i = at + 7;
    while (i < value.size() && html_space(value[i])) ++i;
    if (i >= value.size() || value[i] != '=') {
      pos = i;  // "charsetX": look again from here
      continue;
    }
    ++i;
    while (i < value.size() && html_space(value[i])) ++i;
    if (i >= value.size()) return std::nullopt;
    if (value[i] == '"' || value[i] == '\'') {
      const std::size_t end = value.find(value[i], i + 1);
      if (end == std::string_view::npos) return std::nullopt;
      return ByteSpan{i + 1, end};
    }
    std::size_t end = i;
    while (end < value.size() && !html_space(value[end]) && value[end] != ';') ++end;
    return ByteSpan{i, end};
  }
}

// Elements whose content the tokenizer reads as text: a `<meta` there is not a tag.
bool raw_text_element(std::string_view name) {
  static constexpr std::array<std::string_view, 9> names = {"script", "style",  "title",    "textarea", "xmp",
                                                           "iframe", "noembed", "noframes", "plaintext"};
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Tags that may stand in a head: past the prescan window, Chrome keeps looking for
// a meta until it meets any other start tag (HTMLMetaCharsetParser).
bool head_element(std::string_view name) {
  static constexpr std::array<std::string_view, 14> names = {
      "html", "head", "meta", "link", "script", "style", "title", "base", "noscript", "object", "template",
      "bgsound", "basefont", "xml"};
  return std::find(names.begin(), names.end(), name) != names.end();
}

constexpr std::size_t kPrescanWindow = 1024;

// A `<meta ...>` at `pos` (just past "<meta" and its space or slash): the
// declaration it makes, as the spec's steps decide it; `pos` ends after the tag.
std::optional<CharsetDeclaration> meta_declaration(std::string_view b, std::size_t& pos) {
  std::vector<std::string> seen;
  bool got_pragma = false;
  enum class Need { unset, pragma, no_pragma } need = Need::unset;
  std::optional<ByteSpan> label;
  DeclarationSyntax syntax = DeclarationSyntax::meta_charset;
  while (auto a = get_attribute(b, pos)) {
    if (std::find(seen.begin(), seen.end(), a->name) != seen.end()) continue;
    seen.push_back(a->name);
    const std::string_view value = b.substr(a->value.begin, a->value.size());
    if (a->name == "http-equiv") {
      if (ascii_lowered(value) == "content-type") got_pragma = true;
    } else if (a->name == "content") {
      if (auto in = charset_in_content(value); in && !label) {
        label = ByteSpan{a->value.begin + in->begin, a->value.begin + in->end};
        syntax = DeclarationSyntax::meta_content_type;
        need = Need::pragma;
      }
    } else if (a->name == "charset") {
      label = a->value;
      syntax = DeclarationSyntax::meta_charset;
      need = Need::no_pragma;
    }
  }
  if (pos >= b.size()) return std::nullopt;  // cut off by the end of the file: no tag
  ++pos;                                      // the `>`
  if (need == Need::unset || !label || (need == Need::pragma && !got_pragma)) return std::nullopt;
  // "Get an encoding" strips white space around the label.
  std::string_view text = b.substr(label->begin, label->size());
  std::size_t begin = label->begin;
  while (!text.empty() && html_space(text.front())) text.remove_prefix(1), ++begin;
  text = trim_ascii(text);
  CharsetDeclaration d;
  d.syntax = syntax;
  d.label = {begin, begin + text.size()};
  d.written = std::string(text);
  d.charset = charset_for_label(text);
  return d;
}

std::vector<CharsetDeclaration> html_declarations(std::string_view b, std::size_t window) {
  std::vector<CharsetDeclaration> found;
  bool in_head = true;
  std::size_t raw_until = 0;  // end of the raw-text element the scan is in (0: none)
  for (std::size_t pos = 0; pos < b.size();) {
    if (pos >= window && !in_head) break;
    if (b[pos] != '<') {  // (no byte but '<' starts anything: on to the next, by memchr)
      pos = std::min(b.find('<', pos), b.size());
      continue;
    }
    if (b.compare(pos, 4, "<!--") == 0) {
      // To the first `>` after the `<` with two dashes before it: "<!-->" is a whole comment.
      const std::size_t end = b.find("-->", pos + 2);
      if (end == std::string_view::npos) break;
      pos = end + 3;
      continue;
    }
    if (starts_with_ci(b, pos, "<meta") && pos + 5 < b.size() && (html_space(b[pos + 5]) || b[pos + 5] == '/')) {
      const std::size_t at = pos;
      pos += 6;
      if (auto d = meta_declaration(b, pos)) {
        d->past_prescan = at >= window;
        d->in_raw_text = at < raw_until;
        found.push_back(std::move(*d));
      }
      continue;
    }
    const bool end_tag = pos + 1 < b.size() && b[pos + 1] == '/';
    const std::size_t name_at = pos + (end_tag ? 2 : 1);
    if (name_at < b.size() && ascii_letter(b[name_at])) {
      std::size_t i = name_at;
      while (i < b.size() && !html_space(b[i]) && b[i] != '>') ++i;
      std::string name = ascii_lowered(b.substr(name_at, i - name_at));
      if (!name.empty() && name.back() == '/') name.pop_back();
      pos = i;
      while (get_attribute(b, pos)) {
      }
      if (pos < b.size()) ++pos;
      if (name_at < raw_until) continue;  // a tag in a script's string is no tag to Chrome
      if (end_tag) {
        if (name == "head") in_head = false;
      } else {
        if (!head_element(name)) in_head = false;
        if (raw_text_element(name) && pos >= raw_until) {
          const std::size_t close = find_ci(b, "</" + name, pos);
          raw_until = close == std::string_view::npos ? b.size() : close;
        }
      }
      continue;
    }
    if (pos + 1 < b.size() && (b[pos + 1] == '!' || b[pos + 1] == '/' || b[pos + 1] == '?')) {
      const std::size_t end = b.find('>', pos + 1);
      if (end == std::string_view::npos) break;
      pos = end + 1;
      continue;
    }
    ++pos;
  }
  return found;
}

// ---------------------------------------------------------------------------
// XML prolog: `<?xml` at the very start (after a UTF-8 BOM), `encoding` in it.

std::optional<CharsetDeclaration> xml_declaration(std::string_view b) {
  std::size_t start = b.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  if (b.compare(start, 5, "<?xml") != 0 || start + 5 >= b.size() || !html_space(b[start + 5])) return std::nullopt;
  const std::size_t end = b.find("?>", start);
  if (end == std::string_view::npos) return std::nullopt;
  const std::string_view prolog = b.substr(0, end);
  for (std::size_t at = prolog.find("encoding", start); at != std::string_view::npos;
       at = prolog.find("encoding", at + 1)) {
    if (!html_space(prolog[at - 1])) continue;
    std::size_t i = at + 8;
    while (i < prolog.size() && html_space(prolog[i])) ++i;
    if (i >= prolog.size() || prolog[i] != '=') continue;
    ++i;
    while (i < prolog.size() && html_space(prolog[i])) ++i;
    if (i >= prolog.size() || (prolog[i] != '"' && prolog[i] != '\'')) return std::nullopt;
    const std::size_t close = prolog.find(prolog[i], i + 1);
    if (close == std::string_view::npos) return std::nullopt;
    CharsetDeclaration d;
    d.syntax = DeclarationSyntax::xml_prolog;
    d.label = {i + 1, close};
    d.written = std::string(prolog.substr(i + 1, close - i - 1));
    d.charset = charset_for_label(d.written);
    return d;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Coding lines of Emacs, Vim and Python, on the first two lines.

bool label_char(char c) {
  return ascii_letter(c) || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':';
}

// Emacs writes a line-ending suffix onto a coding system (`latin-1-unix`); the
// label is the part before it, so that a rewrite keeps the suffix.
std::size_t without_eol_suffix(std::string_view label) {
  for (std::string_view suffix : {"-unix", "-dos", "-mac"}) {
    if (label.size() > suffix.size() && ascii_lowered(label.substr(label.size() - suffix.size())) == suffix) {
      return label.size() - suffix.size();
    }
  }
  return label.size();
}

CharsetDeclaration coding_line_declaration(DeclarationSyntax syntax, std::size_t begin, std::string_view label) {
  CharsetDeclaration d;
  d.syntax = syntax;
  label = label.substr(0, without_eol_suffix(label));
  d.label = {begin, begin + label.size()};
  d.written = std::string(label);
  d.charset = editor_charset(label);
  return d;
}

std::size_t label_end(std::string_view line, std::size_t from) {
  std::size_t end = from;
  while (end < line.size() && label_char(line[end]) && line[end] != ':') ++end;
  return end;
}

// `-*- mode: python; coding: latin-1 -*-`
std::optional<CharsetDeclaration> emacs_declaration(std::string_view line, std::size_t line_at) {
  const std::size_t open = line.find("-*-");
  if (open == std::string_view::npos) return std::nullopt;
  const std::size_t close = line.find("-*-", open + 3);
  if (close == std::string_view::npos) return std::nullopt;
  const std::string_view inner = line.substr(0, close);
  for (std::size_t at = open + 3; at < close;) {
    std::size_t i = at;
    while (i < close && html_space(inner[i])) ++i;
    if (starts_with_ci(inner, i, "coding")) {
      std::size_t j = i + 6;
      while (j < close && html_space(inner[j])) ++j;
      if (j < close && inner[j] == ':') {
        ++j;
        while (j < close && html_space(inner[j])) ++j;
        const std::size_t end = label_end(inner, j);
        if (end > j) return coding_line_declaration(DeclarationSyntax::emacs, line_at + j, inner.substr(j, end - j));
        return std::nullopt;
      }
    }
    const std::size_t semi = inner.find(';', i);
    if (semi == std::string_view::npos) break;
    at = semi + 1;
  }
  return std::nullopt;
}

// `vim: set fileencoding=latin1 :` or `vim: fenc=latin1`
std::optional<CharsetDeclaration> vim_declaration(std::string_view line, std::size_t line_at) {
  for (std::string_view marker : {"vim:", "vi:"}) {
    for (std::size_t at = line.find(marker); at != std::string_view::npos; at = line.find(marker, at + 1)) {
      if (at > 0 && !html_space(line[at - 1])) continue;  // Vim wants white space before it
      for (std::string_view option : {"fileencoding=", "fenc="}) {
        for (std::size_t o = line.find(option, at); o != std::string_view::npos; o = line.find(option, o + 1)) {
          if (!html_space(line[o - 1]) && line[o - 1] != ':') continue;
          const std::size_t v = o + option.size();
          const std::size_t end = label_end(line, v);
          if (end > v) return coding_line_declaration(DeclarationSyntax::vim, line_at + v, line.substr(v, end - v));
        }
      }
    }
  }
  return std::nullopt;
}

// PEP 263: `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`, kept to "coding"/"encoding" as
// a word and a label some tool knows ("# Decoding: the basics" is no declaration).
std::optional<CharsetDeclaration> pep263_declaration(std::string_view line, std::size_t line_at) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\f')) ++i;
  if (i >= line.size() || line[i] != '#') return std::nullopt;
  for (std::size_t at = line.find("coding", i); at != std::string_view::npos; at = line.find("coding", at + 1)) {
    const std::size_t word = (at >= 2 && line.compare(at - 2, 2, "en") == 0) ? at - 2 : at;
    if (word > 0 && (ascii_letter(line[word - 1]) || line[word - 1] == '_')) continue;
    std::size_t j = at + 6;
    if (j >= line.size() || (line[j] != ':' && line[j] != '=')) continue;
    ++j;
    while (j < line.size() && (line[j] == ' ' || line[j] == '\t')) ++j;
    const std::size_t end = label_end(line, j);
    if (end == j) continue;
    CharsetDeclaration d = coding_line_declaration(DeclarationSyntax::pep263, line_at + j, line.substr(j, end - j));
    if (d.known()) return d;
  }
  return std::nullopt;
}

bool pep263_kind(FileKind kind) {
  return kind == FileKind::text || kind == FileKind::yaml || kind == FileKind::toml;
}

std::vector<CharsetDeclaration> coding_line_declarations(std::string_view b, FileKind kind) {
  std::vector<CharsetDeclaration> found;
  std::size_t at = b.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  bool first_is_comment_or_blank = false;
  for (int line_no = 1; line_no <= 2 && at <= b.size(); ++line_no) {
    std::size_t end = find_line_break(b, at);
    if (end == std::string_view::npos) end = b.size();
    const std::string_view line = b.substr(at, end - at);
    const bool emacs_line = line_no == 1 || b.substr(0, 2) == "#!";
    std::optional<CharsetDeclaration> d;
    if (emacs_line) d = emacs_declaration(line, at);
    if (!d) d = vim_declaration(line, at);
    // Python reads line 2 only when line 1 is a comment or blank.
    if (!d && pep263_kind(kind) && (line_no == 1 || first_is_comment_or_blank)) d = pep263_declaration(line, at);
    if (d) found.push_back(std::move(*d));
    const std::string_view t = trim_ascii(line);
    first_is_comment_or_blank = t.empty() || t.front() == '#';
    if (end >= b.size()) break;
    at = end + ((b[end] == '\r' && end + 1 < b.size() && b[end + 1] == '\n') ? 2 : 1);
  }
  return found;
}

std::optional<std::string> bom_of(std::string_view b) {
  if (b.starts_with("\xEF\xBB\xBF")) return "UTF-8";
  if (b.starts_with("\xFF\xFE")) return "UTF-16LE";
  if (b.starts_with("\xFE\xFF")) return "UTF-16BE";
  return std::nullopt;
}

std::vector<CharsetDeclaration> scan(std::string_view b, FileKind kind, std::size_t window) {
  if (b.starts_with("\xFF\xFE") || b.starts_with("\xFE\xFF")) return {};
  std::vector<CharsetDeclaration> found;
  if (kind == FileKind::html || kind == FileKind::text) {
    if (auto d = xml_declaration(b)) found.push_back(std::move(*d));
  }
  if (kind == FileKind::html) {
    for (auto& d : html_declarations(b, window)) {
      // An XML prolog is skipped by the prescan as `<?...>`; no overlap to fear.
      found.push_back(std::move(d));
    }
  }
  for (auto& d : coding_line_declarations(b, kind)) {
    const bool overlaps = std::any_of(found.begin(), found.end(), [&](const CharsetDeclaration& f) {
      return f.label.begin < d.label.end && d.label.begin < f.label.end;
    });
    if (!overlaps) found.push_back(std::move(d));
  }
  std::sort(found.begin(), found.end(),
            [](const CharsetDeclaration& a, const CharsetDeclaration& c) { return a.label.begin < c.label.begin; });
  return found;
}

// ---------------------------------------------------------------------------
// Plausibility of a reading, by the mojibake model's costs.

// The summed cost of the non-ASCII runs of `utf8`, each between its neighbours;
// nullopt when a character is one no real text holds (or is rare CJK, when asked).
struct ReadingCost {
  double cost = 0.0;
  std::size_t non_ascii = 0;
  bool impossible = false;  // a control, an unassigned code point
  bool rare_cjk = false;
};

ReadingCost reading_cost(std::string_view utf8) {
  std::u32string chars;
  chars.reserve(utf8.size());
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto n = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    chars.push_back(static_cast<char32_t>(c < 0 ? 0xFFFD : c));
  }
  ReadingCost r;
  auto at = [&](std::size_t i, std::ptrdiff_t d) -> UChar32 {
    const auto j = static_cast<std::ptrdiff_t>(i) + d;
    return j < 0 || j >= static_cast<std::ptrdiff_t>(chars.size()) ? 0 : static_cast<UChar32>(chars[static_cast<std::size_t>(j)]);
  };
  for (std::size_t i = 0; i < chars.size();) {
    if (chars[i] < 0x80) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < chars.size() && chars[end] >= 0x80) {
      const auto c = static_cast<UChar32>(chars[end]);
      ++r.non_ascii;
      if (c != 0xFFFD && mojibake::char_cost(c) >= mojibake::kImpossible) r.impossible = true;
      if (mojibake::rare_cjk(c)) r.rare_cjk = true;
      ++end;
    }
    r.cost += mojibake::run_cost(std::u32string_view(chars).substr(i, end - i), at(i, -2), at(i, -1), at(end - 1, 1),
                                 at(end - 1, 2));
    i = end;
  }
  return r;
}

// How much less plausible the declared reading must be for the UTF-8 one to win:
// the mojibake pass's margin for one repair.
constexpr double kMargin = 4.0;

// The UTF-8 length of what `charset` makes of `bytes`' first `count` bytes (a
// character cut at the end is left out): where the prescan window ends in the text.
std::size_t decoded_length_of_prefix(std::string_view bytes, std::size_t count, const std::string& charset) {
  if (bytes.size() <= count) return std::string_view::npos;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> conv(ucnv_open(charset.c_str(), &status), ucnv_close);
  if (U_FAILURE(status)) return count;
  std::vector<UChar> out(count * 2 + 8);
  UChar* target = out.data();
  const char* source = bytes.data();
  ucnv_toUnicode(conv.get(), &target, out.data() + out.size(), &source, bytes.data() + count, nullptr, false, &status);
  if (U_FAILURE(status)) return count;
  const UChar* u = out.data();
  const auto len = static_cast<int32_t>(target - out.data());
  std::size_t utf8 = 0;
  for (int32_t i = 0; i < len;) {
    UChar32 c;
    U16_NEXT(u, i, len, c);
    if (i == 1 && c == 0xFEFF) continue;  // the BOM, which the decoded text no longer has
    utf8 += static_cast<std::size_t>(U8_LENGTH(c));
  }
  return utf8;
}

bool plain_label(std::string_view label) {
  return !label.empty() && std::all_of(label.begin(), label.end(), label_char);
}

}  // namespace

std::string_view to_string(DeclarationSyntax syntax) {
  switch (syntax) {
    case DeclarationSyntax::meta_charset: return "<meta charset>";
    case DeclarationSyntax::meta_content_type: return "<meta http-equiv=\"Content-Type\">";
    case DeclarationSyntax::xml_prolog: return "XML prolog";
    case DeclarationSyntax::emacs: return "Emacs coding line";
    case DeclarationSyntax::vim: return "Vim modeline";
    case DeclarationSyntax::pep263: return "coding comment";
  }
  return "declaration";
}

std::string charset_for_label(std::string_view label) {
  const std::string key = ascii_lowered(trim_ascii(label));
  const auto& table = whatwg_labels();
  auto it = table.find(key);
  return it == table.end() ? std::string() : std::string(it->second);
}

std::vector<CharsetDeclaration> find_declarations(std::string_view bytes, FileKind kind) {
  return scan(bytes, kind, kPrescanWindow);
}

DeclaredCharset declared_charset(std::string_view bytes, FileKind kind) {
  DeclaredCharset result;
  if (auto bom = bom_of(bytes)) result.bom = *bom;
  for (const CharsetDeclaration& d : find_declarations(bytes, kind)) {
    // A meta in a script's string is written into the page too late to count (Chrome
    // does not read it either).
    if (!d.known() || d.in_raw_text) continue;
    // A UTF-16 label the ASCII scan could read is on bytes that are not UTF-16: the
    // prescan takes it for UTF-8, and so does this.
    const std::string charset = d.charset.starts_with("UTF-16") ? "UTF-8" : d.charset;
    if (std::find(result.charsets.begin(), result.charsets.end(), charset) == result.charsets.end()) {
      result.charsets.push_back(charset);
    }
  }
  if (result.charsets.size() == 1) {
    result.state = DeclaredCharset::State::agreed;
    result.charset = result.charsets.front();
  } else if (result.charsets.size() > 1) {
    result.state = DeclaredCharset::State::conflict;
  }
  return result;
}

DeclarationRewrite rewrite_declarations_to_utf8(std::string_view text, FileKind kind, std::size_t prescan_window) {
  DeclarationRewrite r;
  r.text = std::string(text);
  const std::vector<CharsetDeclaration> found = scan(text, kind, prescan_window);
  std::vector<std::string> named;
  for (const CharsetDeclaration& d : found) {
    if (d.known() && std::find(named.begin(), named.end(), d.charset) == named.end()) named.push_back(d.charset);
  }
  if (named.size() > 1) {
    std::string list;
    for (const CharsetDeclaration& d : found) list += (list.empty() ? "" : ", ") + d.written;
    r.refused = fmt::format("its declarations disagree ({})", list);
    return r;
  }
  for (const CharsetDeclaration& d : found) {
    // `charset=utf-8/` (no quotes) is the label "utf-8/", which no reader knows: it
    // declares nothing, and stays as it is.
    if (d.says_utf8() || !plain_label(d.written)) continue;
    if (d.in_raw_text) {
      r.refused = fmt::format("its declaration of {} sits inside a script or style", d.written);
      return r;
    }
    r.rewritten.push_back(d);
  }
  // Back to front, so that the earlier spans stay where they are.
  for (auto it = r.rewritten.rbegin(); it != r.rewritten.rend(); ++it) {
    const bool capitals = it->syntax != DeclarationSyntax::emacs && it->syntax != DeclarationSyntax::vim &&
                          it->syntax != DeclarationSyntax::pep263 &&
                          std::none_of(it->written.begin(), it->written.end(), [](char c) { return c >= 'a' && c <= 'z'; }) &&
                          std::any_of(it->written.begin(), it->written.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    r.text.replace(it->label.begin, it->label.size(), capitals ? "UTF-8" : "utf-8");
  }
  // What the rewrite made must read back as the same declarations, all UTF-8.
  const std::vector<CharsetDeclaration> after = scan(r.text, kind, prescan_window);
  const bool same = after.size() == found.size() && std::all_of(after.begin(), after.end(), [](const CharsetDeclaration& d) {
                      return d.says_utf8() || !plain_label(d.written);
                    });
  if (!same) {
    r.text = std::string(text);
    r.rewritten.clear();
    r.refused = "its declarations do not read back as UTF-8 once rewritten";
  }
  return r;
}

DeclarationRewrite rewrite_declarations_after_transcoding(std::string_view bytes, std::string_view text,
                                                          const std::string& decoded_with, FileKind kind) {
  const std::size_t window = decoded_length_of_prefix(bytes, kPrescanWindow, decoded_with);
  return rewrite_declarations_to_utf8(text, kind, window);
}

bool utf8_beyond_doubt(std::string_view bytes, const std::string& declared) {
  if (!is_valid_utf8(bytes)) return false;
  const bool bom = bytes.starts_with("\xEF\xBB\xBF");
  if (bom) bytes.remove_prefix(3);
  const ReadingCost as_utf8 = reading_cost(bytes);
  if (as_utf8.non_ascii == 0) return false;
  if (bom) return true;  // browsers obey the BOM over any declaration
  if (as_utf8.impossible || as_utf8.rare_cjk) return false;
  const std::optional<std::string> other = decode_exactly(bytes, declared);
  if (!other) return true;
  const ReadingCost as_declared = reading_cost(*other);
  return as_declared.impossible || as_declared.cost >= as_utf8.cost + kMargin;
}

bool correct_declarations_of_utf8(Document& doc, std::vector<Finding>& findings) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  const bool bom = doc.text.starts_with(kBom);
  const std::string_view body = std::string_view(doc.text).substr(bom ? kBom.size() : 0);
  const std::size_t window = kPrescanWindow - (bom ? kBom.size() : 0);
  std::vector<CharsetDeclaration> wrong;
  for (CharsetDeclaration& d : scan(body, doc.kind, window)) {
    if (d.known() && !d.says_utf8()) wrong.push_back(std::move(d));
  }
  if (wrong.empty()) return true;
  for (const CharsetDeclaration& d : wrong) {
    if (!utf8_beyond_doubt(doc.text, d.charset)) return true;  // the legacy reading is the lead's to weigh
  }
  const std::string path = doc.display_path();
  const LineIndex lines(body);
  DeclarationRewrite r = rewrite_declarations_to_utf8(body, doc.kind, window);
  if (!r.ok()) {
    const auto pos = lines.locate(wrong.front().label.begin);
    findings.push_back({path, pos.line, pos.column, "encoding/declaration",
                        fmt::format("declares {} ({}), but the file is UTF-8; not rewritten: {}", wrong.front().written,
                                    to_string(wrong.front().syntax), r.refused),
                        false});
    return false;
  }
  for (const CharsetDeclaration& d : r.rewritten) {
    const auto pos = lines.locate(d.label.begin);
    findings.push_back({path, pos.line, pos.column, "encoding/declaration",
                        fmt::format("declares {} ({}), but the file is UTF-8: declaration changed to utf-8", d.written,
                                    to_string(d.syntax)),
                        true});
  }
  doc.text = (bom ? std::string(kBom) : std::string()) + r.text;
  return true;
}

}  // namespace kempt
