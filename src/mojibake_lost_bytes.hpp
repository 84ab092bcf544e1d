#pragma once
// The lost-byte choice by language: which character a byte lost in the visible
// layer stood for, when the letters around it say so.
//
// UTF-8 misread through windows-1250/1252/1254 (and kin) loses every byte the page
// leaves undefined (0x81 0x8D 0x8F 0x90 0x9D, ...): the editor drops it or writes
// `?`/U+FFFD. The bytes left then fit a few characters (Greek CF + one of 81 83
// 88 90 98 in windows-1250: ρ σ ψ ϐ Ϙ), which Unicode's properties alone cannot
// tell apart. The language can: before "τήλης" only σ starts a Greek word.
// Where it cannot ("Ру??кий": с э я all continue "ру", and the second lost byte
// then has no known letter before it), the byte stays unknown.
//
// The prior (design):
// - Character trigrams, not a word list. hunspell's .dic files hold stems whose
//   inflected forms come from affix rules; a word list would miss "русского" or
//   need the affix rules expanded (millions of forms in Russian). Trigrams of the
//   stems generalise to inflections and compounds, and a lost byte touches at most
//   the three trigrams around it, which is all that tells its readings apart.
// - Built at build time by tools/gen_lost_byte_prior.cpp from the Debian hunspell
//   word lists the encoding pass already reads (scripts/deps.sh; CMakeLists.txt's
//   KEMPT_DICTIONARIES: 37 languages of the Latin, Cyrillic, Greek, Hebrew and
//   Arabic scripts; no new package). Only trigrams holding a letter a lost byte
//   can make (one whose UTF-8, in some case, has a continuation byte a Windows
//   page leaves undefined) are kept: 71,607 trigrams, each a 64-bit key and a
//   64-bit set of the languages that have it (1.15 MB of read-only data), plus
//   the 758 letters they hold and the lost bytes.
// - Presence, not frequency. A first version chose the reading whose trigrams
//   were commonest by a margin; on the synthetic suite that filled "нас" for
//   "ная" and "аст" for "аўт" (stems under-count endings, and a rare letter is
//   rare everywhere). Now a language "has" a reading when it has every trigram
//   around it; a reading is chosen only when it is the one reading any of the
//   line's languages has, whichever page lost the byte (readings_of_any_page).
// - The line's languages (line_languages): those with at least 9/10 of the best
//   language's trigram hits over the line's repaired candidates, and only when
//   that best language has 8/10 of the trigrams: Bulgarian has "уся" "сяк" "яки"
//   too, and a Tatar or Mongolian line is only near the lists kempt has.
// - Two readings that are words leave the byte unknown; the mojibake model's own
//   pick stands if it is one of them (it saw the characters beside the run), and
//   is undone if it is none. A run is filled only whole (mojibake_chains.cpp).

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
/// Every letter of the trigrams, in each case, sorted.
extern const std::span<const UChar32> kLetters;

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

/// Whether choose() may have an opinion at all (letters around, a letter among
/// the readings): a cheap test that spares the line's languages where not.
bool worth_asking(const WordAround& word, std::span<const UChar32> readings);

/// Which of `readings` (the characters the lost byte may have made) the word
/// around it has, in the line's `languages`.
Choice choose(const WordAround& word, std::span<const UChar32> readings, uint64_t languages);

}  // namespace kempt::mojibake::lost_bytes
