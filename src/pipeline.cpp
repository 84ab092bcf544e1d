#include "kempt/pipeline.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <functional>

#include "kempt/encoding.hpp"
#include "kempt/frontmatter.hpp"
#include "kempt/mojibake.hpp"
#include "kempt/suppress.hpp"
#include "kempt/config.hpp"
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

Pipeline Pipeline::of(std::vector<std::shared_ptr<const Pass>> passes) {
  Pipeline pipeline;
  pipeline.passes_ = std::move(passes);
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

namespace {

// A pass's line `l` (1-based, in the text the pass was given) as a line of the file.
std::uint32_t source_line(const std::vector<std::uint32_t>& to_source, std::uint32_t l) {
  return !to_source.empty() && l > 0 && l < to_source.size() ? to_source[l] : l;
}

// What a pass was given, to put back what the user silenced.
struct Before {
  std::string text, encoding;
  EncodingBasis encoding_basis = EncodingBasis::utf8;
  bool decoded = false, delete_file = false;
};

// Takes back the changes a pass made for silenced findings, hunk by hunk of the
// line diff between its input and output: a hunk is put back when a fixed finding
// on its lines is silenced (the unsilenced ones there are then not fixed), or,
// when no finding lies on it (one finding for a change on many lines: mixed line
// endings), when its lines are silenced for every rule the pass fixed by. A
// silenced fix of the whole file (a sample file deleted, a transcoding) puts back
// the pass's whole result.
void take_back(std::string_view pass, const Before& before, Document& document, std::vector<Finding>& findings,
               const std::vector<char>& silenced, const std::vector<std::uint32_t>& to_source,
               const Suppressions& suppressions) {
  bool whole = false;
  std::vector<std::string> fixed_rules;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (!findings[i].fixed) continue;
    if (silenced[i] && (findings[i].line == 0 || !before.decoded)) whole = true;
    if (std::find(fixed_rules.begin(), fixed_rules.end(), findings[i].rule) == fixed_rules.end())
      fixed_rules.push_back(findings[i].rule);
  }
  if (fixed_rules.empty()) fixed_rules.emplace_back(pass);
  if (whole) {
    document.text = before.text;
    document.encoding = before.encoding;
    document.encoding_basis = before.encoding_basis;
    document.decoded = before.decoded;
    document.delete_file = before.delete_file;
    for (Finding& f : findings) f.fixed = false;
    return;
  }
  if (document.text == before.text) return;
  const auto a = detail::lines_with_endings(before.text), b = detail::lines_with_endings(document.text);
  const std::string ops = detail::line_edit_script(a, b);
  std::string out;
  out.reserve(document.text.size());
  std::size_t ia = 0, ib = 0;
  for (std::size_t k = 0; k < ops.size();) {
    if (ops[k] == ' ') {
      out += b[ib++];
      ++ia;
      ++k;
      continue;
    }
    const std::size_t a0 = ia, b0 = ib;
    for (; k < ops.size() && ops[k] != ' '; ++k) (ops[k] == '-' ? ia : ib)++;
    // 1-based lines of the pass's input that this hunk touches (an insertion: the line it follows).
    const auto first = static_cast<std::uint32_t>(a0 == ia ? std::max<std::size_t>(a0, 1) : a0 + 1);
    const auto last = static_cast<std::uint32_t>(a0 == ia ? first : ia);
    std::vector<std::size_t> on_hunk;
    for (std::size_t i = 0; i < findings.size(); ++i) {
      if (findings[i].fixed && findings[i].line >= first && findings[i].line <= last) on_hunk.push_back(i);
    }
    bool put_back = false;
    if (on_hunk.empty()) {
      put_back = true;
      for (std::uint32_t l = first; l <= last && put_back; ++l)
        for (const std::string& rule : fixed_rules)
          if (!suppressions.ignores(rule, source_line(to_source, l))) put_back = false;
    } else {
      put_back = std::any_of(on_hunk.begin(), on_hunk.end(), [&](std::size_t i) { return silenced[i] != 0; });
    }
    if (put_back) {
      for (std::size_t i : on_hunk) findings[i].fixed = false;
      for (std::size_t i = a0; i < ia; ++i) out += a[i];
    } else {
      for (std::size_t i = b0; i < ib; ++i) out += b[i];
    }
  }
  document.text = std::move(out);
}

}  // namespace

PipelineOutcome Pipeline::run(Document document) const {
  PipelineOutcome outcome;
  // Line numbers of findings point into the file as the user has it. A pass that
  // removes lines (placeholders) shifts the text the later passes see; `to_source`
  // maps its lines back (empty: no pass has added or removed a line).
  std::vector<std::uint32_t> to_source;
  Suppressions suppressions(document.config ? document.config->ignored_rules(document.path)
                                            : std::vector<std::string>{});
  bool comments_read = false;
  for (const auto& pass : passes_) {
    // A pass the configuration ignores for this file is not run at all.
    if (suppressions.ignores_everywhere(pass->name())) continue;
    if (!pass->reads(document.kind)) continue;
    // A data file only read for what it is (JSON) says nothing when it is not UTF-8.
    if (document.kind == FileKind::json && !document.decoded) break;
    if (pass->needs_utf8() && !document.decoded) {
      // Every pass after `encoding` reads UTF-8; without it there is nothing safe to do.
      outcome.findings.push_back({document.display_path(), 0, 0, "encoding/not-utf8",
                                  "not valid UTF-8 and the encoding pass is off (or ignored); left untouched", false,
                                  Severity::error});
      outcome.held = true;
      break;
    }
    if (pass->needs_utf8() && outcome.source_text.empty()) outcome.source_text = document.text;
    if (pass->needs_utf8() && !comments_read) {
      // Suppression comments are read in the file's text as decoded, as the user wrote it.
      suppressions.read_comments(document.text, document.is_markdown_page());
      comments_read = true;
    }
    const bool guard = !suppressions.empty();
    const bool track = document.decoded && pass->may_change_line_count();
    Before before;
    if (track || guard) before.text = document.text;
    if (guard) {
      before.encoding = document.encoding;
      before.encoding_basis = document.encoding_basis;
      before.decoded = document.decoded;
      before.delete_file = document.delete_file;
    }
    PassResult result = pass->run(std::move(document));
    document = std::move(result.document);
    if (guard) {
      std::vector<char> silenced(result.findings.size());
      bool any = false;
      for (std::size_t i = 0; i < result.findings.size(); ++i) {
        const Finding& f = result.findings[i];
        // An error (the file left as it was) is never silenced: only skipping the pass is.
        silenced[i] = f.severity != Severity::error && suppressions.ignores(f.rule, source_line(to_source, f.line));
        any = any || silenced[i];
      }
      if (any || (before.decoded && document.text != before.text))
        take_back(pass->name(), before, document, result.findings, silenced, to_source, suppressions);
      std::size_t i = 0;
      std::erase_if(result.findings, [&](const Finding&) { return silenced[i++] != 0; });
    }
    for (Finding& f : result.findings) {
      f.line = source_line(to_source, f.line);
      // Every finding names its file, whatever the pass filled in.
      if (f.path.empty()) f.path = document.display_path();
      outcome.findings.push_back(std::move(f));
    }
    // (most files come back unchanged: a memcmp, no line counting)
    if (track && document.decoded && !before.text.empty() && document.text != before.text &&
        std::count(before.text.begin(), before.text.end(), '\n') !=
            std::count(document.text.begin(), document.text.end(), '\n')) {
      std::vector<std::uint32_t> origin = line_origins(before.text, document.text);
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
  for (Finding& f : outcome.findings)
    if (f.path.empty()) f.path = document.display_path();
  outcome.document = std::move(document);
  return outcome;
}

}  // namespace kempt
