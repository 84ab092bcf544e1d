#pragma once
// The lost-byte choice by language: which character a byte lost in the visible
// layer stood for, when the letters around it say so.
//
// UTF-8 misread through windows-1250/1252/1254 (and kin) loses every byte the page
// leaves undefined (0x81 0x8D 0x8F 0x90 0x9D, ...): the editor drops it or writes
// `?`/U+FFFD. The bytes left then fit a few characters ("Ру?кий": D1 + one of 81
// 8D 8F 90 9D, so с э я ѐ ѝ), which Unicode's properties alone cannot tell apart:
// all are Cyrillic letters. The language can: only "Русский" is a word.
//
// The prior (design):
// - Character trigrams, not a word list. hunspell's .dic files hold stems whose
//   inflected forms come from affix rules; a word list would miss "русского" or
//   need the affix rules expanded (millions of forms in Russian). Trigrams of the
//   stems generalise to inflections and compounds, and a lost byte touches at most
//   the three trigrams around it, which is all that tells its readings apart.
// - Built at build time by tools/gen_lost_byte_prior.cpp from the Debian hunspell
//   word lists the encoding pass already reads (scripts/deps.sh, CMakeLists.txt's
//   KEMPT_DICTIONARIES: 37 languages of the Latin, Cyrillic, Greek, Hebrew and
//   Arabic scripts). Only trigrams holding a letter that a lost byte can make
//   (one whose UTF-8, in either case, has a continuation byte some Windows page
//   leaves undefined) are kept: ~140,000 (trigram, language) entries, ~1.4 MB
//   (a sorted key array, offsets, and a 16-bit language + weight per entry).
// - A trigram's weight is 1 + log2 of its count in the word list (1–15).
// - The rule (choose): per language, the readings whose every trigram the
//   language has "fit"; one fitting reading is that language's choice, as is the
//   best of several when its summed weight leads by kLanguageMargin (a trigram
//   pattern 2^margin times as common); otherwise the language finds the reading
//   ambiguous. Only the line's languages are asked (line_languages: those whose
//   trigrams cover nearly as much of the repaired line as the best one's), as
//   the same letters are words in a neighbouring language ("рус?кий": Russian
//   "русский", but Bulgarian writes "руски" and has "уся" "сяк" "яки"). A
//   reading is chosen only when every line language with an opinion chooses it:
//   one ambiguous or disagreeing language leaves the byte unknown, since a wrong
//   letter is worse than a character left as it is.
#include <unicode/umachine.h>

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace kempt::mojibake::lost_bytes {

/// Language codes, by id.
extern const std::span<const char* const> kLanguages;
/// The trigrams (three 21-bit code points, first highest; U+0001 a word's start
/// or end), sorted, and for each the languages whose word list has it (bit i:
/// kLanguages[i]).
extern const std::span<const uint64_t> kTrigramKeys;
extern const std::span<const uint64_t> kTrigramLanguages;
/// The bytes some single-byte page loses: a trigram is in the table only when
/// one of its letters (in some case) has such a byte in its UTF-8.
extern const std::span<const bool, 256> kLostBytes;

/// In WordAround: the word ends there, or the letter there is not known.
inline constexpr UChar32 kBoundary = 1, kUnknown = 0;

/// The letters around a lost character, in any case: before[1] is the nearest one
/// before it, after[0] the nearest one after. Past a kBoundary or kUnknown the
/// slots are not read.
struct WordAround {
  UChar32 before[2] = {kUnknown, kUnknown};
  UChar32 after[2] = {kUnknown, kUnknown};
};

enum class Verdict {
  no_opinion,  // no language knows the letters around it (another script, no word)
  ambiguous,   // some language finds two or more readings words
  chosen,      // every language with an opinion chooses `c`
};
struct Choice {
  Verdict verdict = Verdict::no_opinion;
  UChar32 c = 0;
  std::vector<UChar32> words;  // the readings some line language has as a word
};

/// The languages (bit i: kLanguages[i]) a line's text is in: those whose
/// trigrams cover nearly as much of it as the best one's. `text` is the line as
/// repaired, kUnknown where a letter is not known.
uint64_t line_languages(std::u32string_view text);

/// Which of `readings` (the characters the lost byte may have made) the word
/// around it has, in the line's `languages`.
Choice choose(const WordAround& word, std::span<const UChar32> readings, uint64_t languages);

}  // namespace kempt::mojibake::lost_bytes
