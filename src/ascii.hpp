#pragma once
// Bytes as the C locale reads them, which kempt never leaves: what std::tolower and
// std::isalpha give there, without a call a byte (they are asked of every byte of
// many pages). Internal to libkempt.
#include <string>
#include <string_view>

namespace kempt {

constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr unsigned char ascii_lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c | 0x20) : c; }
constexpr bool ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/// `s` with its ASCII letters lowercased (other bytes as they are).
inline std::string ascii_lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

/// HTML's white space, as its tokenizer and the encoding prescan count it ("ASCII
/// whitespace"): tab, LF, FF, CR and space.
constexpr bool html_space(char c) { return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '; }

}  // namespace kempt
