#pragma once
#include <string>

namespace kempt {

/// What `kempt --version` prints: kempt's version, then the libraries whose versions
/// decide its results (ICU's tables, uchardet's guesses, the Markdown and YAML
/// readers, poppler's text layout), so a bug report names them.
std::string version_text();

}  // namespace kempt
