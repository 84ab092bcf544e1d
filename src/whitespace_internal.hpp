#pragma once
// The whitespace pass's two ways through a page, kept apart so that tests can hold
// the quick one to the whole one.

#include <string_view>

#include "kempt/pass.hpp"

namespace kempt::whitespace {

/// Whether rule_lines would give `text` back byte for byte with no finding, told from
/// one scan of its line breaks: every line ends in LF, none in a blank, and the last
/// is not empty.
bool already_tidy(std::string_view text);

/// The pass on a text short enough to rule line by line: each line's trailing blanks
/// weighed against the layout (hard breaks, code), line endings made one, the end of
/// the file tidied.
PassResult rule_lines(Document doc);

}  // namespace kempt::whitespace
