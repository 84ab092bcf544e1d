#include "kempt/pipeline.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <functional>

#include "kempt/encoding.hpp"
#include "kempt/frontmatter.hpp"
#include "kempt/mojibake.hpp"
#include "kempt/whitespace.hpp"
#include "line_diff.hpp"

namespace kempt {
namespace {

struct PassEntry {
  std::string_view name;
  std::unique_ptr<Pass> (*make)(const PipelineOptions&);
};

// The registry, in pipeline order: bytes → text → front matter → AST → layout.
// A pass joins kempt by adding its line here. Placeholders comes after front
// matter (it reads the title) and before whitespace (which tidies what it leaves).
constexpr PassEntry kPasses[] = {
    {"encoding", [](const PipelineOptions&) { return make_encoding_pass(); }},
    {"mojibake", [](const PipelineOptions&) { return make_mojibake_pass(); }},
    {"frontmatter", [](const PipelineOptions&) { return make_frontmatter_pass(); }},
    {"placeholders", [](const PipelineOptions& o) { return make_placeholders_pass(o.placeholders); }},
    {"whitespace", [](const PipelineOptions&) { return make_whitespace_pass(); }},
};

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

std::vector<std::string_view> pass_names() {
  std::vector<std::string_view> names;
  for (const PassEntry& e : kPasses) names.push_back(e.name);
  return names;
}

Pipeline Pipeline::select(const std::vector<std::string>& only, const std::vector<std::string>& skip,
                          const PipelineOptions& options) {
  const std::vector<std::string_view> known = pass_names();
  for (const auto* list : {&only, &skip}) {
    for (const std::string& name : *list) {
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        throw UsageError(fmt::format("unknown pass '{}' (passes: {})", name, fmt::join(known, ", ")));
      }
    }
  }
  Pipeline pipeline;
  for (const PassEntry& e : kPasses) {
    const std::string name(e.name);
    if ((!only.empty() && !contains(only, name)) || contains(skip, name)) continue;
    pipeline.passes_.push_back(e.make(options));
  }
  return pipeline;
}

std::vector<std::string_view> Pipeline::enabled() const {
  std::vector<std::string_view> names;
  for (const auto& p : passes_) names.push_back(p->name());
  return names;
}

namespace {

// Where each line of `after` was in `before` (1-based, [0] unused; one more entry
// for a finding just past the end), through the shortest edit script. A line a
// pass put in maps to the line before it.
std::vector<std::uint32_t> line_origins(std::string_view before, std::string_view after) {
  const auto a = detail::lines_with_endings(before), b = detail::lines_with_endings(after);
  std::vector<std::uint32_t> origin(b.size() + 2, 0);
  std::uint32_t ia = 0, ib = 0;
  for (const char op : detail::line_edit_script(a, b)) {
    if (op == ' ') origin[++ib] = ++ia;
    else if (op == '-') ++ia;
    else origin[++ib] = std::max<std::uint32_t>(ia, 1);
  }
  origin[b.size() + 1] = static_cast<std::uint32_t>(a.size()) + 1;
  return origin;
}

}  // namespace

PipelineOutcome Pipeline::run(Document document) const {
  PipelineOutcome outcome;
  // Line numbers of findings point into the file as the user has it. A pass that
  // removes lines (placeholders) shifts the text the later passes see; `to_source`
  // maps its lines back (empty: no pass has added or removed a line).
  std::vector<std::uint32_t> to_source;
  for (const auto& pass : passes_) {
    if (pass->needs_utf8() && !document.decoded) {
      // Every pass after `encoding` reads UTF-8; without it there is nothing safe to do.
      outcome.findings.push_back({document.display_path(), 0, 0, "encoding/not-utf8",
                                  "not valid UTF-8 and the encoding pass is off; left untouched", false,
                                  Severity::error});
      outcome.held = true;
      break;
    }
    if (pass->needs_utf8() && outcome.source_text.empty()) outcome.source_text = document.text;
    const bool track = document.decoded && pass->may_change_line_count();
    const std::string before = track ? document.text : std::string();
    PassResult result = pass->run(std::move(document));
    document = std::move(result.document);
    for (Finding& f : result.findings) {
      if (!to_source.empty() && f.line > 0 && f.line < to_source.size()) f.line = to_source[f.line];
      outcome.findings.push_back(std::move(f));
    }
    // (most files come back unchanged: a memcmp, no line counting)
    if (track && document.decoded && !before.empty() && document.text != before &&
        std::count(before.begin(), before.end(), '\n') != std::count(document.text.begin(), document.text.end(), '\n')) {
      std::vector<std::uint32_t> origin = line_origins(before, document.text);
      if (!to_source.empty())
        for (auto& o : origin) o = o < to_source.size() ? to_source[o] : o;
      to_source = std::move(origin);
    }
    if (result.hold) {
      outcome.held = true;
      break;
    }
  }
  if (outcome.source_text.empty()) outcome.source_text = document.text;
  if (outcome.held) {
    // A held file is written as it was read: no half-applied passes.
    document.text = document.bytes;
    document.delete_file = false;
  }
  outcome.document = std::move(document);
  return outcome;
}

}  // namespace kempt
