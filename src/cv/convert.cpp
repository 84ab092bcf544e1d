// The public entry points: text in, Markdown out, stage by stage.
#include "cv/cv_internal.hpp"

namespace kempt::cv {

Result convert_text(std::string_view text, const Options& options) {
  Result r;
  const std::string normalized = detail::normalize_text(text);
  const auto lines = detail::read_lines(normalized, r.removed);
  const detail::Cv cv = detail::build_cv(lines, options.owner);
  r.markdown = detail::render(cv, options.owner, options.front_matter);
  return r;
}

}  // namespace kempt::cv
