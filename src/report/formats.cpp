// Findings for people (text), for CI (GitHub annotations, SARIF) and for scripts (JSON).
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "kempt/report.hpp"

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

json finding_json(const Finding& f, bool written) {
  return {{"path", f.path},       {"line", f.line},   {"column", f.column},
          {"rule", f.rule},       {"pass", f.pass()}, {"severity", to_string(f.severity)},
          {"message", f.message}, {"fixable", f.fixed}, {"fixed", f.fixed && written}};
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

std::string format_json(const std::vector<FileReport>& reports, const RunTotals& totals, bool would_change) {
  json files = json::array();
  std::map<std::string, std::size_t> per_pass;
  for (const FileReport& r : reports) {
    json findings = json::array();
    for (const Finding& f : r.findings) {
      findings.push_back(finding_json(f, r.written));
      if (f.severity != Severity::note) ++per_pass[std::string(f.pass())];
    }
    files.push_back({{"path", r.path},
                     {"status", to_string(r.status)},
                     {"encoding", r.encoding},
                     {"findings", std::move(findings)}});
  }
  json doc = {{"version", 1},
              {"files", std::move(files)},
              {"summary",
               {{"scanned", totals.scanned},
                {would_change ? "would_change" : "changed", totals.changed},
                {"skipped", totals.skipped},
                {"failed", totals.failed},
                {"findings_per_pass", per_pass},
                {"seconds", totals.seconds}}}};
  return doc.dump(2) + "\n";
}

std::string format_sarif(const std::vector<FileReport>& reports, std::string_view version) {
  json rules = json::array();
  std::map<std::string, std::size_t> rule_index;
  json results = json::array();
  for (const FileReport& r : reports) {
    for (const Finding& f : r.findings) {
      auto [it, added] = rule_index.emplace(f.rule, rule_index.size());
      if (added) {
        rules.push_back({{"id", f.rule}, {"shortDescription", {{"text", f.rule}}}});
      }
      json region = json::object();
      if (f.line) region["startLine"] = f.line;
      if (f.line && f.column) region["startColumn"] = f.column;
      json physical = {{"artifactLocation", {{"uri", f.path}, {"uriBaseId", "%SRCROOT%"}}}};
      if (!region.empty()) physical["region"] = region;
      json result = {{"ruleId", f.rule},
                     {"ruleIndex", it->second},
                     {"level", sarif_level(f.severity)},
                     {"message", {{"text", f.message}}},
                     {"locations", json::array({{{"physicalLocation", physical}}})}};
      if (f.fixed) result["properties"] = {{"fixable", true}};
      results.push_back(std::move(result));
    }
  }
  json log = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", json::array({{{"tool",
                              {{"driver",
                                {{"name", "kempt"},
                                 {"version", version},
                                 {"rules", std::move(rules)}}}}},
                             {"columnKind", "unicodeCodePoints"},
                             {"results", std::move(results)}}})}};
  return log.dump(2) + "\n";
}

}  // namespace kempt
