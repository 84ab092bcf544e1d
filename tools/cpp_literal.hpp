#pragma once
// For the build-time generators: a string as a C++ literal in the code they write.
#include <cctype>
#include <cstdio>
#include <string>

namespace kempt::tools {

// Every byte but letters, digits and spaces as an octal escape: the strings are UTF-8
// and hold quotes, backslashes and glyphs. (Octal escapes end after three digits, so
// a digit after one is never read into it.)
inline std::string cpp_literal(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == ' ') {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", c);
      out += buf;
    }
  }
  return out + "\"";
}

}  // namespace kempt::tools
