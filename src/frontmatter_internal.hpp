#pragma once
// Pieces of the front-matter pass that work on single lines and values, kept apart
// from the pass so each can be tested and read on its own.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kempt/config.hpp"
#include "kempt/document.hpp"

namespace kempt::frontmatter {

/// A line of the block rewritten, and why.
struct LineEdit {
  std::size_t line = 0;      ///< index into the lines given
  std::string content;       ///< the new line, without its line ending
  std::string rule;          ///< "frontmatter/quote"
  std::string message;
  std::size_t column = 0;    ///< byte offset in the original line the finding points at
  bool changes_value = false;  ///< deliberately changes what a parser reads (quote, date)
};

/// Offset in `s` of the quote closing the one at `open` (`''` and `\"` are escapes
/// inside), or npos.
std::size_t closing_quote(std::string_view s, std::size_t open);

/// `text` as a YAML scalar in quotes: double quotes, or single ones when double
/// quotes would need escapes and the style is `minimal`.
std::string quote_scalar(std::string_view text, FrontMatterSettings::Quote style);

/// Repairs of YAML lines that Jekyll's parser would reject or misread: tab
/// indentation, and values that need quotes (`title: Lab: Systems`, a leading `@`,
/// `` ` ``, `%`, `*`, `&`, a Markdown link, a quote left open). `lines` are the lines
/// between the fences, already free of trailing blanks. Lines inside block scalars,
/// multi-line values and flow collections are never touched.
std::vector<LineEdit> repair_yaml_lines(const std::vector<std::string>& lines, FrontMatterSettings::Quote style);

/// What a date value says, read the way a person wrote it.
struct DateReading {
  enum class Kind { iso, rewritten, ambiguous, unreadable };
  Kind kind = Kind::iso;
  std::string iso;     ///< for `rewritten`: the same date (and time) in ISO 8601
  std::string reason;  ///< for `ambiguous`/`unreadable`: why it is left as it is
};
DateReading read_date(std::string_view value);

/// Keys whose value site generators read as a date.
bool is_date_key(std::string_view key);
/// Keys whose value site generators read as text (a YAML 1.1 boolean there is a mistake).
bool is_text_key(std::string_view key);
/// `yes`, `No`, `ON`, `off`, `y`, `N`...: plain words YAML 1.1 reads as booleans.
bool is_yaml11_boolean(std::string_view word);

}  // namespace kempt::frontmatter
