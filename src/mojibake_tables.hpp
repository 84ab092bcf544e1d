#pragma once
// What the mojibake model reads from ICU's locale and converter data, baked at build
// time: tools/gen_mojibake_tables.cpp asks ICU (the version kempt is built against)
// and writes generated/mojibake_tables.cpp, defining the tables below. Computing
// them at run time cost every process ~10–15 ms before its first character: every
// locale's exemplar sets parsed (with case closure), three times over.
#include <algorithm>
#include <cstdint>
#include <span>

namespace kempt::mojibake::tables {

/// The single-byte pages kempt tries, in order (see code_pages()); the generator
/// decodes each of them, so both sides read this one list.
struct SingleBytePage {
  const char* name;  // ICU converter name
  bool c1_is_text;   // ISO pages: 0x80–0x9F are C1 controls, their text, not lost bytes
};
inline constexpr SingleBytePage kSingleBytePages[] = {
    // Windows code pages first (what editors on Windows used), then the ISO and
    // DOS/Mac ones ftfy covers.
    {"windows-1252", false}, {"windows-1254", false}, {"windows-1250", false}, {"windows-1251", false},
    {"windows-1253", false}, {"windows-1257", false}, {"macintosh", false},    {"ibm-437", false},
    {"ISO-8859-1", true},    {"ISO-8859-2", true},    {"ISO-8859-15", true},
};
inline constexpr std::size_t kSingleBytePageCount = std::size(kSingleBytePages);

/// What byte 0x80 + i reads as in each single-byte page (-1: undefined, or no such converter).
extern const int32_t kSingleByteDecode[kSingleBytePageCount][128];

/// The double-byte pages of CJK Windows kempt tries after the single-byte ones.
inline constexpr const char* kDoubleBytePages[] = {"GB18030", "Big5", "windows-31j", "windows-949"};
inline constexpr std::size_t kDoubleBytePageCount = std::size(kDoubleBytePages);
/// What byte 0x80 + i reads as alone in each double-byte page (-1: not alone).
extern const int32_t kDoubleByteSingles[kDoubleBytePageCount][128];
/// What lead 0x80 + i and trail kDoubleByteFirstTrail + j read as together (-1: no
/// single code point).
inline constexpr int kDoubleByteFirstTrail = 0x40;
inline constexpr int kDoubleByteTrails = 0x100 - kDoubleByteFirstTrail;
extern const int32_t kDoubleBytePairs[kDoubleBytePageCount][128][kDoubleByteTrails];

/// A per-code-point value over 0–0x10FFFF as runs: each entry is `first << 8 | value`,
/// the value holding from `first` to the next entry's; the first entry starts at 0.
/// Sorted, so a lookup is one binary search.
using Runs = std::span<const uint32_t>;
inline uint8_t run_value(Runs runs, uint32_t c) {
  // The last run that starts at or before c.
  const auto after = std::upper_bound(runs.begin(), runs.end(), c, [](uint32_t c, uint32_t run) { return c < run >> 8; });
  return static_cast<uint8_t>(after[-1] & 0xFF);
}

/// How many ICU locales (languages, not regional variants) list each code point among
/// their standard or punctuation exemplar characters, case mappings added (0–255).
extern const Runs kExemplarCounts;
/// 1 where some language lists the code point among its auxiliary exemplars.
extern const Runs kAuxiliaryExemplars;

/// For each character 0x80–0x1FFF that some language's standard exemplars (case
/// mappings added) hold, the languages that hold it, as sorted ids:
/// kLanguageIds[kLetterLanguages[i].begin .. kLetterLanguages[i + 1].begin) for the
/// character kLetterLanguages[i].c; a last entry (c = 0xFFFF) ends the list.
struct LetterLanguages {
  uint16_t c, begin;
};
extern const std::span<const LetterLanguages> kLetterLanguages;
extern const std::span<const uint16_t> kLanguageIds;

}  // namespace kempt::mojibake::tables
