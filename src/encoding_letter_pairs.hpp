#pragma once
// The pairs of letters each language writes (one of them not ASCII), baked at build
// time from Debian's hunspell word lists by tools/gen_letter_pairs.cpp, and the
// letters the legacy code pages' languages write, from ICU's exemplar sets.
#include <unicode/umachine.h>

#include <array>
#include <cstdint>
#include <span>

namespace kempt::encoding_model {

/// A word's start and end, as letters of a pair.
inline constexpr UChar32 kWordStart = 1, kWordEnd = 2;

struct LetterPair {
  UChar32 first, second;  ///< lowercase letters (or kWordStart/kWordEnd)
  uint64_t languages;     ///< bit i: kPairLanguages[i]'s word list has the pair (twice or more)
};

/// Language codes, by bit.
extern const std::span<const char* const> kPairLanguages;
/// Sorted by (first, second).
extern const std::span<const LetterPair> kLetterPairs;

/// The pairs of ASCII letters (and word start/end): index 28 * slot(a) + slot(b),
/// slot 0 the start, 1–26 a–z, 27 the end; the same language bits.
extern const std::array<uint64_t, 28 * 28> kAsciiPairs;

/// Bit (c - 0xAC00): the Hangul syllable c is in Korean words (the word list's
/// syllables, each at least once).
extern const std::array<uint64_t, (0xD7A4 - 0xAC00 + 63) / 64> kCommonHangul;

/// The languages legacy code pages were made for, by bit (kLegacyLetters).
extern const std::span<const char* const> kLegacyLanguages;

struct LegacyLetter {
  UChar32 letter;      ///< beyond ASCII, lowercase, Romanian's comma below as cedilla
  uint64_t languages;  ///< bit i: kLegacyLanguages[i]'s exemplar set has it (either case)
};
/// Sorted by letter.
extern const std::span<const LegacyLetter> kLegacyLetters;

}  // namespace kempt::encoding_model
