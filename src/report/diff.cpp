// Unified diffs: dtl finds the shortest edit script, this file lays it out as hunks
// that `git apply` and `patch` accept (CRLF kept, "\ No newline at end of file").
#include <fmt/format.h>

#include "kempt/report.hpp"
#include "../line_diff.hpp"

namespace kempt {
namespace {

constexpr std::size_t kContext = 3;

struct Edit {
  char op;  // ' ', '-', '+'
  const std::string* line;
};

void emit_line(std::string& out, char op, const std::string& line, bool colour) {
  const bool has_nl = !line.empty() && line.back() == '\n';
  if (colour && op != ' ') out += op == '-' ? "\x1b[31m" : "\x1b[32m";
  out += op;
  out.append(line, 0, has_nl ? line.size() - 1 : line.size());
  if (colour && op != ' ') out += "\x1b[0m";
  out += '\n';
  if (!has_nl) out += "\\ No newline at end of file\n";
}

}  // namespace

std::string unified_diff(std::string_view path, std::string_view before, std::string_view after, bool colour) {
  if (before == after) return {};
  const std::vector<std::string> a = detail::lines_with_endings(before), b = detail::lines_with_endings(after);
  std::vector<Edit> edits;
  std::size_t ia = 0, ib = 0;
  for (const char op : detail::line_edit_script(a, b)) {
    if (op == ' ') edits.push_back({' ', &a[ia++]}), ++ib;
    else if (op == '-') edits.push_back({'-', &a[ia++]});
    else edits.push_back({'+', &b[ib++]});
  }

  std::string out;
  if (colour) out += "\x1b[1m";
  out += fmt::format("--- a/{}\n+++ b/{}\n", path, path);
  if (colour) out += "\x1b[0m";

  // Group changes into hunks: each with up to kContext common lines around it,
  // two changes closer than 2*kContext share a hunk.
  std::size_t i = 0;
  std::size_t old_line = 1, new_line = 1;  // numbers of edits[i]
  while (i < edits.size()) {
    std::size_t change = i;
    std::size_t ol = old_line, nl = new_line;
    while (change < edits.size() && edits[change].op == ' ') ++change, ++ol, ++nl;
    if (change == edits.size()) break;
    const std::size_t lead = std::min(kContext, change - i);
    std::size_t start = change - lead;
    std::size_t hunk_old = ol - lead, hunk_new = nl - lead;
    std::size_t end = change, commons = 0;
    std::size_t old_count = lead, new_count = lead;
    for (; end < edits.size(); ++end) {
      if (edits[end].op == ' ') {
        if (++commons > 2 * kContext) break;
      } else {
        commons = 0;
      }
    }
    // Trim trailing context to kContext lines.
    std::size_t stop = std::min(end, edits.size());
    std::size_t tail = 0;
    while (stop > change && edits[stop - 1].op == ' ') --stop, ++tail;
    stop += std::min(tail, kContext);
    for (std::size_t k = change; k < stop; ++k) {
      if (edits[k].op != '+') ++old_count;
      if (edits[k].op != '-') ++new_count;
    }
    // An empty side is numbered by the line before it, as GNU diff does.
    out += fmt::format("@@ -{},{} +{},{} @@\n", old_count ? hunk_old : hunk_old - 1, old_count,
                       new_count ? hunk_new : hunk_new - 1, new_count);
    if (colour) {
      const std::size_t at = out.rfind("@@ -");
      out.insert(at, "\x1b[36m");
      out.insert(out.size() - 1, "\x1b[0m");
    }
    for (std::size_t k = start; k < stop; ++k) emit_line(out, edits[k].op, *edits[k].line, colour);
    // Advance line counters over everything consumed.
    for (std::size_t k = i; k < stop; ++k) {
      if (edits[k].op != '+') ++old_line;
      if (edits[k].op != '-') ++new_line;
    }
    i = stop;
  }
  return out;
}

}  // namespace kempt
