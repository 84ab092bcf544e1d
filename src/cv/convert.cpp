// The public entry points: text in, Markdown out, stage by stage.
#include <algorithm>

#include "cv/cv_internal.hpp"

namespace kempt::cv {

Result convert_text(std::string_view text, const Options& options) { return detail::convert(text, options, nullptr); }

Result detail::convert(std::string_view text, const Options& options, const std::vector<Line>* typography) {
  Result r;
  const std::string normalized = detail::normalize_text(text);
  auto lines = detail::read_lines(normalized, r.removed, typography);
  detail::mark_heading_styles(lines);
  // in the order of the input, as --explain lists them
  std::stable_sort(r.removed.begin(), r.removed.end(), [](const Removed& a, const Removed& b) { return a.line < b.line; });
  const detail::Cv cv = detail::build_cv(lines, options.owner);
  r.markdown = detail::render(cv, options.owner, options.front_matter);
  return r;
}

}  // namespace kempt::cv
