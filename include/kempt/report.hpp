#pragma once
/// Showing results to people and machines: unified diffs, JSON, GitHub annotations, SARIF.

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "kempt/batch.hpp"

namespace kempt {

/// A unified diff (3 lines of context) of `before` → `after`, labelled a/`path`, b/`path`;
/// empty when they are equal. With `colour`, ANSI colours for a terminal.
std::string unified_diff(std::string_view path, std::string_view before, std::string_view after,
                         bool colour);

/// One line for a finding: `path:line:col: severity: message [rule, fixed]`; a fix
/// not written to disk (check, --check, --diff) is shown as "fixable".
std::string format_finding_text(const Finding& finding, bool colour, bool written);

/// A GitHub Actions workflow command (`::warning file=...::message`).
std::string format_finding_github(const Finding& finding, bool written);

struct RunTotals {
  std::size_t scanned = 0, changed = 0, skipped = 0, failed = 0;
  double seconds = 0;
};

/// `{"version":1,"files":[...],"summary":{...}}`.
std::string format_json(const std::vector<FileReport>& reports, const RunTotals& totals,
                        bool would_change);

/// A SARIF 2.1.0 log with one run, its rules and results.
std::string format_sarif(const std::vector<FileReport>& reports, std::string_view version);

}  // namespace kempt
