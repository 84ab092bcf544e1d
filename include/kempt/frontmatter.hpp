#pragma once
/// Pass `frontmatter`: the metadata block a Jekyll or Hugo page opens with — `---` YAML,
/// `+++` TOML or a leading `{` JSON object — checked and repaired line by line.
///
///   title: Lab: Systems    →  title: "Lab: Systems"
///   date: 15/01/2024       →  date: 2024-01-15
///   redirect_from:␠        →  redirect_from:
///
/// Only offending lines change; comments, key order, quoting and blank lines stay as
/// written. A block that does not parse after the repairs, is not closed, or is too
/// deep or too big to check safely leaves the whole file untouched, with a finding
/// that says why and where (the parser's line:column).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kempt/pass.hpp"

namespace kempt {

/// Where a page's front matter is. Unlike `find_front_matter`, this also sees a
/// block behind a UTF-8 BOM, JSON blocks, and blocks that are never closed.
struct FrontMatterBlock {
  enum class Format { yaml, toml, json };
  Format format = Format::yaml;
  std::size_t bom = 0;      ///< bytes of a UTF-8 BOM before the block (0 or 3)
  bool closed = false;
  ByteSpan block;           ///< the block with its fences, each line with its line ending
  ByteSpan content;         ///< what the parser reads: between the fences (YAML, TOML), the object (JSON)
  std::uint32_t content_line = 1;  ///< 1-based file line `content` starts on
};

/// The front matter `text` opens with, if any.
std::optional<FrontMatterBlock> locate_front_matter(std::string_view text);

/// One value of a parsed block, flattened: its place in the tree and what it holds.
struct FrontMatterValue {
  std::string path;   ///< `tags[1]`, `author.name`
  std::string key;    ///< the mapping key it belongs to (for a list item, the list's key)
  std::string value;  ///< kind-tagged and comparable: what a site generator would read
  std::uint32_t line = 0, column = 0;  ///< 1-based, in the file
  std::size_t offset = 0;              ///< byte offset in the file
  std::uint32_t depth = 0;             ///< 1 for a top-level key's value
  bool plain = false;                  ///< an unquoted YAML scalar (its type comes from its text)
};

/// A parsed front matter block, or why it could not be parsed.
struct FrontMatterTree {
  bool ok = false;
  std::string error;                  ///< the parser's message (or the limit hit)
  std::uint32_t error_line = 0, error_column = 0;
  bool limit = false;                 ///< refused as too deep, too big or an alias bomb
  std::vector<FrontMatterValue> values;  ///< in document order
  struct Key {
    std::string name, path;
    std::uint32_t line = 0, column = 0, depth = 0;
  };
  std::vector<Key> keys;              ///< every mapping key, in document order
  struct Duplicate {
    Key key;
    std::uint32_t first_line = 0;
  };
  std::vector<Duplicate> duplicates;
};

/// Parses the front matter of `text` (as located by `locate_front_matter`); positions
/// are in `text`. Bounded in time and memory whatever the input: deep nesting and
/// aliases that would expand to huge trees are refused, not walked.
FrontMatterTree parse_front_matter(std::string_view text, const FrontMatterBlock& block);

std::unique_ptr<Pass> make_frontmatter_pass();

}  // namespace kempt
