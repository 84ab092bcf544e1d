#pragma once
/// Showing results to people and machines: unified diffs, JSON, GitHub annotations, SARIF.

#include <filesystem>
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

/// What a run was asked to do, as `--format json` states it.
struct JsonRun {
  std::string_view command;  ///< "check" or "fix"
  bool writes = false;       ///< files were written (plain `kempt fix`)
  bool diffs = false;        ///< each changed file carries its unified diff (`--diff`)
};

/// The `--format json` document, version 2 (docs/json-output.md,
/// docs/kempt-output.schema.json): one shape for check, fix, fix --check and fix --diff.
std::string format_json(const std::vector<FileReport>& reports, const RunTotals& totals, const JsonRun& run);

/// A SARIF 2.1.0 log with one run: the open findings as results (a finding `fix`
/// has fixed on disk is not one), each fixable result with its fix as text
/// replacements; artifact URIs percent-encoded, relative to `%SRCROOT%` = `root`
/// when under it, else absolute `file://` URIs. Fixes need the reports' texts
/// (`BatchOptions::keep_text`); without them a fixable result has none.
std::string format_sarif(const std::vector<FileReport>& reports, std::string_view version,
                         const std::filesystem::path& root);

/// `path` as an RFC 3986 path: every byte but unreserved ones and '/' as %XX.
std::string percent_encode_path(std::string_view path);

}  // namespace kempt
