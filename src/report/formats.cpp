// Findings for people (text), for CI (GitHub annotations, SARIF) and for scripts (JSON).
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "kempt/report.hpp"
#include "../line_diff.hpp"
#include "json.hpp"

namespace kempt {
namespace {

using nlohmann::json;

std::string location(const Finding& f) {
  if (f.line == 0) return f.path;
  if (f.column == 0) return fmt::format("{}:{}", f.path, f.line);
  return fmt::format("{}:{}:{}", f.path, f.line, f.column);
}

// GitHub's workflow-command escaping: data and property values differ.
std::string github_escape(std::string_view s, bool property) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else if (property && c == ':') out += "%3A";
    else if (property && c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

std::string_view sarif_level(Severity s) {
  switch (s) {
    case Severity::note: return "note";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "warning";
}

}  // namespace

namespace detail {

json finding_json(const Finding& f, bool written) {
  return {{"path", f.path},       {"line", f.line},   {"column", f.column},
          {"rule", f.rule},       {"pass", f.pass()}, {"severity", to_string(f.severity)},
          {"message", f.message}, {"fixable", f.fixed}, {"fixed", f.fixed && written}};
}

}  // namespace detail

std::string format_finding_text(const Finding& f, bool colour, bool written) {
  const std::string_view sev = to_string(f.severity);
  const char* tint = f.severity == Severity::error ? "\x1b[31m" : f.severity == Severity::warning ? "\x1b[33m" : "\x1b[36m";
  return fmt::format("{}{}{}: {}{}{}: {} [{}{}]", colour ? "\x1b[1m" : "", location(f), colour ? "\x1b[0m" : "",
                     colour ? tint : "", sev, colour ? "\x1b[0m" : "", f.message, f.rule, !f.fixed ? "" : written ? ", fixed" : ", fixable");
}

std::string format_finding_github(const Finding& f, bool written) {
  const std::string_view level = f.severity == Severity::error ? "error" : f.severity == Severity::warning ? "warning" : "notice";
  std::string props = "file=" + github_escape(f.path, true);
  if (f.line) props += fmt::format(",line={}", f.line);
  if (f.column) props += fmt::format(",col={}", f.column);
  props += ",title=" + github_escape(f.rule, true);
  return fmt::format("::{} {}::{}{}", level, props, github_escape(f.message, false),
                     !f.fixed ? "" : written ? " (fixed)" : " (fixable)");
}

std::string format_json(const std::vector<FileReport>& reports, const RunTotals& totals, const JsonRun& run) {
  json files = json::array();
  std::map<std::string, std::size_t> per_pass;
  for (const FileReport& r : reports) {
    json findings = json::array();
    for (const Finding& f : r.findings) {
      findings.push_back(detail::finding_json(f, r.written));
      if (f.severity != Severity::note) ++per_pass[std::string(f.pass())];
    }
    json file = {{"path", r.path},       {"status", to_string(r.status)}, {"encoding", r.encoding},
                 {"written", r.written}, {"deleted", r.deleted},          {"findings", std::move(findings)}};
    // As the text output shows it: a deleted file, a new encoding or a dropped BOM is
    // no line of a diff ("" then; the findings say what changes).
    if (run.diffs && r.status == FileReport::Status::changed)
      file["diff"] = r.deleted ? std::string() : unified_diff(r.path, r.before, r.after, false);
    files.push_back(std::move(file));
  }
  json doc = {{"version", 2},
              {"command", run.command},
              {"writes", run.writes},
              {"files", std::move(files)},
              {"summary",
               {{"scanned", totals.scanned},
                {"changed", totals.changed},
                {"skipped", totals.skipped},
                {"failed", totals.failed},
                {"findings_per_pass", per_pass},
                {"seconds", totals.seconds}}}};
  // A path need not be UTF-8 (a Latin-1 file name): JSON cannot carry its bytes, U+FFFD stands in.
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string percent_encode_path(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : path) {
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

namespace {

std::string file_uri(const std::filesystem::path& absolute) {
  return "file://" + percent_encode_path(absolute.generic_string());
}

// A path under the root is relative to %SRCROOT% (as code scanning wants it); any
// other path, an absolute file:// URI.
json artifact_location(const std::string& path, const std::filesystem::path& root) {
  const std::filesystem::path p(path);
  const std::filesystem::path absolute = (p.is_absolute() ? p : root / p).lexically_normal();
  const std::filesystem::path relative = absolute.lexically_relative(root);
  if (!relative.empty() && *relative.begin() != "..")
    return {{"uri", percent_encode_path(relative.generic_string())}, {"uriBaseId", "%SRCROOT%"}};
  return {{"uri", file_uri(absolute)}};
}

// One block of changed lines: old lines [first, first + count) become `text`.
struct Change {
  std::size_t first = 1;  // 1-based; for an insertion, the line it goes before
  std::size_t count = 0;
  std::string text;
};

// A line without its trailing blanks and line ending: lines are aligned on this, so
// that a line kempt only trimmed is paired with itself (a line diff could as well
// delete "  " in one place and insert "" in another, and a result's fix, the blocks
// on its line, would then be half a change).
std::string alignment_key(std::string_view line) {
  std::size_t end = line.size();
  while (end > 0 && (line[end - 1] == '\n' || line[end - 1] == '\r' || line[end - 1] == ' ' || line[end - 1] == '\t')) --end;
  return std::string(line.substr(0, end));
}

std::vector<Change> changed_blocks(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> ka, kb;
  for (const std::string& l : a) ka.push_back(alignment_key(l));
  for (const std::string& l : b) kb.push_back(alignment_key(l));
  std::vector<Change> blocks;
  std::size_t ia = 0, ib = 0;
  bool open = false;
  for (const char op : detail::line_edit_script(ka, kb)) {
    if (op == ' ') {
      // Paired lines that still differ (blanks, line ending): a block of their own.
      if (a[ia] != b[ib]) blocks.push_back({ia + 1, 1, b[ib]});
      ++ia, ++ib, open = false;
      continue;
    }
    if (!open) blocks.push_back({ia + 1, 0, {}}), open = true;
    if (op == '-') ++blocks.back().count, ++ia;
    else blocks.back().text += b[ib++];
  }
  return blocks;
}

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// The old lines a block replaces, as a SARIF text region: whole lines with their
// newlines end at column 1 of the next line; a block that runs to the end of the
// file ends one column past its last character (SARIF 2.1.0 §3.30.2).
json deleted_region(const Change& c, const std::vector<std::string>& a) {
  const std::size_t lines = a.size(), next = c.first + c.count;
  if (next <= lines) return {{"startLine", c.first}, {"startColumn", 1}, {"endLine", next}, {"endColumn", 1}};
  if (lines == 0) return {{"startLine", 1}, {"startColumn", 1}, {"endLine", 1}, {"endColumn", 1}};
  const std::size_t past_end = code_points(a.back()) + 1;
  const std::size_t start_line = c.count == 0 ? lines : c.first, start_column = c.count == 0 ? past_end : 1;
  return {{"startLine", start_line}, {"startColumn", start_column}, {"endLine", lines}, {"endColumn", past_end}};
}

bool touches(const Change& c, std::uint32_t line) {
  if (line == 0) return false;
  if (c.count == 0) return line == c.first || line + 1 == c.first;
  return line >= c.first && line < c.first + c.count;
}

// What `kempt fix` changes in a file, as text replacements; none when the change
// is not one of text: a new encoding, a dropped BOM or a rewritten charset
// declaration (the encoding pass), a deleted file, or a file with a lone CR
// (which a consumer may count as a line break where kempt does not).
struct FileFix {
  std::vector<std::string> old_lines;
  std::vector<Change> blocks;
  std::vector<bool> orphan;  // on no fixable finding's line (a line ending unified far from
                             // the line its finding names): part of every result's fix
};

std::optional<FileFix> file_fix(const FileReport& r) {
  if (r.status != FileReport::Status::changed || r.deleted || r.before == r.after) return std::nullopt;
  for (const Finding& f : r.findings)
    if (f.fixed && f.pass() == "encoding") return std::nullopt;
  for (std::size_t cr = r.before.find('\r'); cr != std::string::npos; cr = r.before.find('\r', cr + 1))
    if (cr + 1 == r.before.size() || r.before[cr + 1] != '\n') return std::nullopt;
  FileFix fix{detail::lines_with_endings(r.before), {}, {}};
  fix.blocks = changed_blocks(fix.old_lines, detail::lines_with_endings(r.after));
  if (fix.blocks.empty()) return std::nullopt;
  for (const Change& c : fix.blocks)
    fix.orphan.push_back(std::none_of(r.findings.begin(), r.findings.end(),
                                      [&](const Finding& f) { return f.fixed && touches(c, f.line); }));
  return fix;
}

// A result's fix: the blocks on its line, or (a finding about the whole file, or one
// whose fix lies elsewhere, as a section heading left empty) every block of the file.
json result_fix(const Finding& f, const FileFix& fix, const json& location) {
  json replacements = json::array();
  auto add = [&](const Change& c) {
    json replacement = {{"deletedRegion", deleted_region(c, fix.old_lines)}};
    if (!c.text.empty()) replacement["insertedContent"] = {{"text", c.text}};
    replacements.push_back(std::move(replacement));
  };
  bool own = false;
  for (const Change& c : fix.blocks) own |= touches(c, f.line);
  for (std::size_t i = 0; i < fix.blocks.size(); ++i)
    if (!own || touches(fix.blocks[i], f.line) || fix.orphan[i]) add(fix.blocks[i]);
  const bool whole_file = !own;
  return {{"description", {{"text", whole_file ? "what `kempt fix` changes in this file"
                                               : "what `kempt fix` changes on this line"}}},
          {"artifactChanges", json::array({{{"artifactLocation", location}, {"replacements", std::move(replacements)}}})}};
}

}  // namespace

std::string format_sarif(const std::vector<FileReport>& reports, std::string_view version,
                         const std::filesystem::path& root_dir) {
  const std::filesystem::path root = std::filesystem::absolute(root_dir).lexically_normal();
  json rules = json::array();
  std::map<std::string, std::size_t> rule_index;
  json results = json::array();
  for (const FileReport& r : reports) {
    const json location = artifact_location(r.path, root);
    std::optional<FileFix> fix;
    bool fix_known = false;
    for (const Finding& f : r.findings) {
      // Only open findings are results: what `kempt fix` has fixed on disk is not.
      if (f.fixed && r.written) continue;
      auto [it, added] = rule_index.emplace(f.rule, rule_index.size());
      if (added) rules.push_back({{"id", f.rule}, {"shortDescription", {{"text", f.rule}}}});
      json region = json::object();
      if (f.line) region["startLine"] = f.line;
      if (f.line && f.column) region["startColumn"] = f.column;
      json physical = {{"artifactLocation", f.path == r.path ? location : artifact_location(f.path, root)}};
      if (!region.empty()) physical["region"] = region;
      json result = {{"ruleId", f.rule},
                     {"ruleIndex", it->second},
                     {"level", sarif_level(f.severity)},
                     {"message", {{"text", f.message}}},
                     {"locations", json::array({{{"physicalLocation", physical}}})}};
      if (f.fixed) {
        result["properties"] = {{"fixable", true}};
        if (!fix_known) fix = file_fix(r), fix_known = true;
        if (fix) result["fixes"] = json::array({result_fix(f, *fix, location)});
      }
      results.push_back(std::move(result));
    }
  }
  std::string root_uri = file_uri(root);
  if (root_uri.back() != '/') root_uri += '/';
  json log = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", json::array({{{"tool",
                              {{"driver",
                                {{"name", "kempt"},
                                 {"version", version},
                                 {"rules", std::move(rules)}}}}},
                             {"originalUriBaseIds",
                              {{"%SRCROOT%",
                                {{"uri", root_uri},
                                 {"description", {{"text", "the directory kempt was run in"}}}}}}},
                             {"columnKind", "unicodeCodePoints"},
                             {"results", std::move(results)}}})}};
  return log.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace kempt
