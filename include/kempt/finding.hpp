#pragma once
/// What a pass has to say about a file: one problem, where it is, and whether it was fixed.

#include <cstdint>
#include <string>
#include <string_view>

namespace kempt {

/// `note`: information (a file skipped on purpose); `warning`: a problem in the
/// file; `error`: the file could not be processed and was left as it is.
enum class Severity { note, warning, error };
std::string_view to_string(Severity severity);

struct Finding {
  std::string path;
  std::uint32_t line = 0;    ///< 1-based; 0 = the whole file
  std::uint32_t column = 0;  ///< 1-based, in code points; 0 = the whole line
  std::string rule;          ///< "pass/rule", e.g. "whitespace/trailing"
  std::string message;       ///< one sentence, no trailing period
  bool fixed = false;        ///< the pass changed the text for it
  Severity severity = Severity::warning;

  /// The part of `rule` before the slash: the pass (or `io`) that reported it.
  std::string_view pass() const;
};

}  // namespace kempt
