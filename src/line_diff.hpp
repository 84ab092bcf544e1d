#pragma once
// The line-by-line edit script between two texts (dtl's shortest edit script):
// what `--diff` draws and how the pipeline maps line numbers back to the file.
#include <string>
#include <string_view>
#include <vector>

namespace kempt::detail {

/// The lines of `text` with their terminators, so "a\r\n" and "a\n" differ and a
/// missing final newline shows.
std::vector<std::string> lines_with_endings(std::string_view text);

/// One op per line of the script from `a` to `b`: ' ' kept, '-' deleted from `a`,
/// '+' inserted from `b`, in order.
std::string line_edit_script(const std::vector<std::string>& a, const std::vector<std::string>& b);

}  // namespace kempt::detail
