// Legacy text shown through a Latin page: "ÎÄ¼þ¶ÁÈ¡" is 文件读取 written in GBK and
// read as windows-1252, "Ïðèâåò" is Привет in windows-1251, "donÕt" is Mac Roman's
// "don’t" read as Latin-1. The chain does not end in UTF-8 as the others do: the
// line's bytes, written again with the page it was shown through, are text of a
// legacy page.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "kempt/mojibake.hpp"

namespace kempt::mojibake {

/// Whether a Latin page shows `x` for a high byte: the scan asks find_legacy_text
/// about a line with two such characters side by side, or a Mac Roman quote or
/// apostrophe as Latin-1 shows it (Ò Ó Ô Õ).
inline bool shown_for_high_byte(char32_t x) {
  if (x < 0x100) return x >= 0x80;  // Latin-1, and C1 controls for windows-1252's undefined bytes
  if (x > 0x2122) return false;     // (CJK and most scripts: one comparison)
  switch (x) {  // windows-1252's 0x80–0x9F
    case 0x20AC: case 0x201A: case 0x0192: case 0x201E: case 0x2026: case 0x2020: case 0x2021: case 0x02C6:
    case 0x2030: case 0x0160: case 0x2039: case 0x0152: case 0x017D: case 0x2018: case 0x2019: case 0x201C:
    case 0x201D: case 0x2022: case 0x2013: case 0x2014: case 0x02DC: case 0x2122: case 0x0161: case 0x203A:
    case 0x0153: case 0x017E: case 0x0178:
      return true;
    default:
      return false;
  }
}

/// The spans of the line text[begin, end) when all of its non-ASCII text is, surely,
/// one legacy page's text shown through windows-1252 or Latin-1: the whole line is
/// explained or nothing is returned (a line mixing correct text with such a run is
/// left as it is).
std::vector<MojibakeSpan> find_legacy_text(std::string_view text, std::size_t begin, std::size_t end);

/// A legacy page's ICU name as users know it ("GB18030" → "gbk"), for rule ids.
std::string_view legacy_user_name(std::string_view icu);

}  // namespace kempt::mojibake
