#pragma once
/// What a user asked kempt to leave alone in a file: rules ignored for the whole
/// file (`.kempt.yaml` `ignore:`/`per-file-ignores:`) and regions silenced by
/// comments in the file itself (markdownlint's form):
///
///   <!-- kempt-ignore RULE... -->  ...  <!-- kempt-enable RULE... -->
///   <!-- kempt-ignore-next-line RULE... -->
///
/// RULE is a rule id or a prefix of one (`mojibake`, `mojibake/lost-bytes`); none
/// means every rule. A silenced finding is neither reported nor fixed.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kempt {

/// True when `rule` is `pattern` or lies under it: `mojibake` covers
/// `mojibake/lost-bytes`, `whitespace/trailing` covers only itself.
bool rule_matches(std::string_view pattern, std::string_view rule);

class Suppressions {
 public:
  Suppressions() = default;
  /// `file_rules`: ignored everywhere in the file (from its configuration).
  explicit Suppressions(std::vector<std::string> file_rules) : file_rules_(std::move(file_rules)) {}

  /// Reads the `kempt-ignore`/`kempt-enable` comments of a file's text. In a
  /// Markdown page (`markdown`), comments inside code (blocks and spans) and in
  /// the front matter are text, not directives.
  void read_comments(std::string_view text, bool markdown);

  /// Nothing is silenced anywhere: no need to look.
  bool empty() const { return file_rules_.empty() && directives_.empty(); }
  /// `rule` (or a pass name) is ignored in the whole file.
  bool ignores_everywhere(std::string_view rule) const;
  /// `rule` is silenced at 1-based `line`; line 0 (the whole file) only by configuration.
  bool ignores(std::string_view rule, std::uint32_t line) const;

 private:
  struct Directive {
    enum class Op { ignore, enable, ignore_next_line };
    Op op = Op::ignore;
    std::uint32_t line = 0;          ///< where the comment is
    std::vector<std::string> rules;  ///< empty: every rule
    bool covers(std::string_view rule) const;
  };
  std::vector<std::string> file_rules_;
  std::vector<Directive> directives_;  ///< in the order of the text
};

}  // namespace kempt
