#include "line_diff.hpp"

#include <dtl/dtl.hpp>

namespace kempt::detail {

std::vector<std::string> lines_with_endings(std::string_view text) {
  std::vector<std::string> lines;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t nl = text.find('\n', at);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.emplace_back(text.substr(at, end - at));
    at = end;
  }
  return lines;
}

std::string line_edit_script(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  dtl::Diff<std::string> diff(a, b);
  diff.onHuge();
  diff.compose();
  std::string ops;
  for (const auto& [line, info] : diff.getSes().getSequence()) {
    (void)line;
    ops += info.type == dtl::SES_COMMON ? ' ' : info.type == dtl::SES_DELETE ? '-' : '+';
  }
  return ops;
}

}  // namespace kempt::detail
