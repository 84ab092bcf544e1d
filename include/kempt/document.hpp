#pragma once
/// The file kempt is working on, as every pass sees it.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kempt {

struct Config;

/// What a file is, from the user's point of view: decides which rules apply.
/// `json` files are read only by the placeholders pass (a template's sample data
/// file, as academicpages' `_data/cv.json`): no other pass has rules for them.
enum class FileKind { markdown, html, yaml, toml, bibtex, json, text };

/// The kind a path's extension implies; `text` for anything else.
FileKind kind_from_extension(const std::filesystem::path& path);
std::string_view to_string(FileKind kind);

/// What a file's encoding verdict rests on, strongest evidence first.
enum class EncodingBasis {
  utf8,        ///< valid UTF-8 (or a UTF-8 BOM): nothing to decide
  bom,         ///< a UTF-16/32 byte-order mark
  configured,  ///< `.kempt.yaml` `encoding:`
  declared,    ///< a declaration in the file or the site (`<meta charset>`, XML prolog, `_config.yml`), borne out by the bytes
  bytes,       ///< the bytes alone: one reading wins by a clear margin
  site,        ///< thin evidence, settled by the site's page
  thin,        ///< left: readings too close to call; the site's page may settle it
  undecided,   ///< left: no plausible reading
};
/// Evidence strong enough for a file to vote for its site's page.
inline bool votes_for_site(EncodingBasis b) {
  return b == EncodingBasis::configured || b == EncodingBasis::declared || b == EncodingBasis::bytes;
}

/// A half-open byte range [begin, end) into a text.
struct ByteSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool empty() const { return begin == end; }
  std::size_t size() const { return end - begin; }
};

/// The metadata block a Jekyll or Hugo page opens with.
struct FrontMatter {
  enum class Syntax { none, yaml, toml };
  Syntax syntax = Syntax::none;
  ByteSpan block;  ///< from the opening fence line to the end of the closing fence line
  bool present() const { return syntax != Syntax::none; }
};

/// Finds a closed `---` (YAML) or `+++` (TOML) block at the very start of `text`.
/// An unclosed block is not front matter here: the front-matter pass reports it.
FrontMatter find_front_matter(std::string_view text);

/// Offset of the first `\n` or `\r` at or after `pos`, or npos. Unlike
/// `find_first_of("\r\n")`, which tests one byte at a time, this uses memchr.
std::size_t find_line_break(std::string_view text, std::size_t pos);

/// How a line ends; the values index per-kind counts.
enum class LineEnd { lf = 0, crlf = 1, cr = 2, none = 3 };

/// One line of a text: its content without the line ending, and where it starts.
struct TextLine {
  std::string_view content;
  LineEnd end = LineEnd::none;
  std::size_t offset = 0;
};

/// The lines of `text`, each ended by `\n`, `\r\n` or a lone `\r` (as CommonMark
/// counts them); a last line without an ending is included, an empty one is not.
std::vector<TextLine> split_lines(std::string_view text);

/// Offset of the first byte from `from` on that is not ASCII; `text.size()` when there
/// is none. Site text is mostly ASCII: it is skipped eight bytes at a time.
inline std::size_t first_non_ascii(std::string_view text, std::size_t from = 0) {
  std::size_t i = from;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    if (const std::uint64_t high = word & 0x8080808080808080ull) {
      return i + static_cast<std::size_t>(std::endian::native == std::endian::little ? std::countr_zero(high)
                                                                                       : std::countl_zero(high)) / 8;
    }
  }
  while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
  return i;
}

/// Offset of the first byte that does not start well-formed UTF-8 (no overlongs,
/// surrogates or values past U+10FFFF); `bytes.size()` when there is none.
std::size_t first_invalid_utf8(std::string_view bytes);

/// True when `bytes` is well-formed UTF-8.
inline bool is_valid_utf8(std::string_view bytes) { return first_invalid_utf8(bytes) == bytes.size(); }

/// Maps byte offsets of a UTF-8 text to 1-based line:column (column in code points),
/// with `\n`, `\r\n` and a lone `\r` each ending a line, as CommonMark counts them.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  struct Position {
    std::uint32_t line = 0;
    std::uint32_t column = 0;
  };
  Position locate(std::size_t offset) const;
  std::size_t line_count() const { return starts_.size(); }
  /// Byte offset where 1-based `line` starts.
  std::size_t line_start(std::uint32_t line) const { return starts_.at(line - 1); }

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
  // The last position located (a line's columns are counted on from it).
  mutable std::size_t last_line_ = 0, last_offset_ = 0;
  mutable std::uint32_t last_column_ = 1;
};

/// A file on its way through the pipeline. Passes change `text` (and the fields
/// describing it); `bytes` stays what was read from disk.
struct Document {
  std::filesystem::path path;  ///< as the user named it, used in messages
  FileKind kind = FileKind::text;
  std::string bytes;           ///< the file's original bytes
  std::string encoding = "UTF-8";  ///< the encoding the bytes were read as
  /// What the encoding pass based its verdict on; the batch layer counts the files
  /// decided on strong evidence as votes for their site's page (`site_encoding`).
  EncodingBasis encoding_basis = EncodingBasis::utf8;
  /// The legacy page this file's site uses, as its confidently decided files agree
  /// (set by the batch layer); empty: none known. Thin evidence may defer to it.
  std::string site_encoding;
  bool decoded = false;        ///< `text` is valid UTF-8 holding the file's characters
  std::string text;            ///< the current UTF-8 text, what will be written back
  /// The site's settings for this file (`.kempt.yaml`); null means the defaults.
  std::shared_ptr<const Config> config;
  /// A pass found the whole file to be a template's sample and was allowed to
  /// delete it (`--delete-sample-files`); the batch layer deletes it when writing.
  bool delete_file = false;

  /// A document for `bytes`; `decoded` says whether they are already valid UTF-8.
  static Document from_bytes(std::filesystem::path path, FileKind kind, std::string bytes);

  /// Markdown rules apply: a .md/.markdown file, or a prose file (.txt and the like)
  /// that opens with front matter, as Jekyll treats any such file as a page.
  bool is_markdown_page() const;
  FrontMatter front_matter() const { return find_front_matter(text); }
  std::string display_path() const { return path.generic_string(); }
};

}  // namespace kempt
