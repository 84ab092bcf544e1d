// Build-time generator: which pairs of letters each language writes, from the
// word lists of Debian's hunspell dictionaries.
//
//   kempt_gen_letter_pairs OUT.cpp fr=/usr/share/hunspell/fr.dic ... hangul=/usr/share/hunspell/ko.dic
//
// The encoding pass reads legacy bytes with every plausible code page; the
// readings differ only in their non-ASCII letters. "Systèmes" and "Systčmes" (the
// same bytes in windows-1252 and windows-1250) have letters that some language
// writes, but only French writes the pairs "tè" and "èm". So only pairs that touch
// a non-ASCII letter are kept (word starts and ends count as a letter, U+0001 and
// U+0002), each with the set of languages whose word list has it at least twice.
//
// It also lists the letters beyond ASCII each language of the legacy code pages
// writes, from ICU's exemplar sets: every kempt process that met a legacy page asked
// ICU for 44 locales' sets (3 M instructions, a one-page run's first millisecond).
#include "hunspell_words.hpp"
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ulocdata.h>
#include <unicode/uset.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr UChar32 kStart = 1, kEnd = 2;
constexpr int kMinCount = 2;  // a pair seen once may be a typo or a loanword
constexpr std::size_t kAsciiShare = 20000;

// Romanian ș ț (comma below) were written ş ţ (cedilla) in every legacy code page
// and are in today's word lists with the comma: both count as the cedilla form
// (src/encoding.cpp folds them the same way).
UChar32 fold(UChar32 c) {
  if (c == 0x0219) return 0x015F;
  if (c == 0x021B) return 0x0163;
  return c;
}

// A letter as the word lists are looked up: lowercase, Romanian's comma as cedilla,
// but a capital whose small form is ASCII (İ) stays itself (src/encoding.cpp's folded_letter).
UChar32 folded_letter(UChar32 c) {
  const UChar32 lower = u_tolower(c);
  return fold(lower < 0x80 && c >= 0x80 ? c : lower);
}

// Index of a letter among the ASCII ones and the word's start and end (0–27), or -1.
int ascii_slot(UChar32 c) {
  if (c == kStart) return 0;
  if (c == kEnd) return 27;
  return c >= 'a' && c <= 'z' ? 1 + static_cast<int>(c - 'a') : -1;
}

void count_pairs(const std::string& dic_path, std::map<std::pair<UChar32, UChar32>, int>& counts) {
  kempt::tools::for_each_dictionary_word(dic_path, "gen_letter_pairs", [&](const icu::UnicodeString& word) {
    std::vector<UChar32> letters{kStart};
    for (int32_t i = 0; i < word.length();) {
      const UChar32 c = word.char32At(i);
      i += U16_LENGTH(c);
      letters.push_back(u_isalpha(c) ? folded_letter(c) : kEnd);
    }
    letters.push_back(kEnd);
    for (std::size_t i = 0; i + 1 < letters.size(); ++i) {
      const UChar32 a = letters[i], b = letters[i + 1];
      if (a == kEnd) continue;
      if (a >= 0x80 || b >= 0x80 || (ascii_slot(a) >= 0 && ascii_slot(b) >= 0)) ++counts[{a, b}];
    }
  });
}

// The languages legacy code pages were made for (the Windows, ISO, Mac and DOS
// pages' own), whose letters a reading of legacy bytes may hold. CLDR knows
// hundreds more (Yoruba writes á, é and ń), which would excuse any mix of letters.
constexpr const char* kLegacyLanguages[] = {
    "en", "fr", "de", "es", "pt", "it", "nl", "ca", "da", "sv", "nb", "fi", "is", "ga", "eu",
    "gl", "af", "sq", "et", "pl", "cs", "sk", "hu", "sl", "hr", "ro", "bs", "lv", "lt",
    "tr", "az", "ru", "uk", "be", "bg", "sr", "mk", "el", "he", "ar", "fa", "ur", "vi", "mt"};

// Bit i: kLegacyLanguages[i]'s exemplar set (either case) has the letter, folded.
std::map<UChar32, uint64_t> legacy_letters() {
  std::map<UChar32, uint64_t> letters;
  for (std::size_t i = 0; i < std::size(kLegacyLanguages); ++i) {
    UErrorCode status = U_ZERO_ERROR;
    ULocaleData* data = ulocdata_open(kLegacyLanguages[i], &status);
    if (U_FAILURE(status)) continue;
    USet* set = ulocdata_getExemplarSet(data, nullptr, USET_ADD_CASE_MAPPINGS, ULOCDATA_ES_STANDARD, &status);
    if (U_SUCCESS(status) && set) {
      for (int32_t k = 0, items = uset_getItemCount(set); k < items; ++k) {
        UChar32 first, last;
        UErrorCode s = U_ZERO_ERROR;
        if (uset_getItem(set, k, &first, &last, nullptr, 0, &s) != 0) continue;  // a string
        for (UChar32 ch = first; ch <= last; ++ch) {
          if (ch >= 0x80) letters[folded_letter(ch)] |= uint64_t{1} << i;
        }
      }
    }
    if (set) uset_close(set);
    ulocdata_close(data);
  }
  return letters;
}

}  // namespace

// Hangul syllables a Korean word list uses: the CLDR exemplar
// set lists all 11,172, of which Korean text uses a few thousand.
constexpr int kMinHangulCount = 1;

std::vector<bool> common_hangul(const std::string& dic_path) {
  std::vector<int> counts(0xD7A4 - 0xAC00, 0);
  std::ifstream in(dic_path, std::ios::binary);
  if (!in) {
    std::cerr << "gen_letter_pairs: cannot read " << dic_path << "\n";
    std::exit(1);
  }
  std::string line;
  while (std::getline(in, line)) {
    // The Korean word list keeps its words as jamo (for its affix rules): compose them.
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    icu::UnicodeString word = icu::UnicodeString::fromUTF8(line.substr(0, line.find('/')));
    if (U_SUCCESS(status)) word = nfc->normalize(word, status);
    for (int32_t i = 0; i < word.length(); ++i) {
      const UChar c = word.charAt(i);
      if (c >= 0xAC00 && c <= 0xD7A3) ++counts[static_cast<std::size_t>(c - 0xAC00)];
    }
  }
  std::vector<bool> common(counts.size());
  for (std::size_t i = 0; i < counts.size(); ++i) common[i] = counts[i] >= kMinHangulCount;
  return common;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: kempt_gen_letter_pairs OUT.cpp LANG=DIC...\n";
    return 2;
  }
  std::vector<std::string> languages;
  std::map<std::pair<UChar32, UChar32>, uint64_t> pairs;
  std::vector<bool> hangul;
  std::vector<uint64_t> ascii_pairs(28 * 28, 0);  // start, a–z, end
  for (int k = 2; k < argc; ++k) {
    const std::string arg = argv[k];
    if (arg.rfind("hangul=", 0) == 0) {  // the Korean word list: syllables only
      hangul = common_hangul(arg.substr(7));
      continue;
    }
    const std::size_t eq = arg.find('=');
    if (eq == std::string::npos || languages.size() == 64) {
      std::cerr << "gen_letter_pairs: bad argument (LANG=DIC, at most 64): " << arg << "\n";
      return 2;
    }
    const uint64_t bit = uint64_t{1} << languages.size();
    languages.push_back(arg.substr(0, eq));
    std::map<std::pair<UChar32, UChar32>, int> counts;
    count_pairs(arg.substr(eq + 1), counts);
    // ASCII pairs are kept only when common (one in kAsciiShare of the list's pairs):
    // a word list of hundreds of thousands of words, abbreviations and loanwords has
    // nearly every pair of ASCII letters somewhere ("xk", "fp").
    std::size_t ascii_total = 0;
    for (const auto& [pair, n] : counts) {
      if (pair.first < 0x80 && pair.second < 0x80) ascii_total += static_cast<std::size_t>(n);
    }
    for (const auto& [pair, n] : counts) {
      if (n < kMinCount) continue;
      if (pair.first >= 0x80 || pair.second >= 0x80) {
        pairs[pair] |= bit;
      } else if (static_cast<std::size_t>(n) * kAsciiShare >= ascii_total) {
        ascii_pairs[static_cast<std::size_t>(ascii_slot(pair.first) * 28 + ascii_slot(pair.second))] |= bit;
      }
    }
  }
  std::ofstream out(argv[1]);
  out << "// Generated by tools/gen_letter_pairs.cpp from Debian's hunspell word lists. Do not edit.\n"
      << "#include \"encoding_letter_pairs.hpp\"\n\nnamespace kempt::encoding_model {\n\n"
      << "const std::array<const char*, " << languages.size() << "> kPairLanguagesData = {";
  for (const std::string& l : languages) out << "\"" << l << "\", ";
  out << "};\nconst std::span<const char* const> kPairLanguages{kPairLanguagesData};\n\n"
      << "const LetterPair kLetterPairsData[] = {";
  std::size_t i = 0;
  for (const auto& [pair, langs] : pairs) {
    out << (i++ % 4 ? " " : "\n    ") << "{" << pair.first << ", " << pair.second << ", 0x" << std::hex << langs
        << std::dec << "ull},";
  }
  out << "\n};\nconst std::span<const LetterPair> kLetterPairs{kLetterPairsData};\n\n";
  out << "const std::array<uint64_t, 28 * 28> kAsciiPairs = {";
  for (std::size_t k = 0; k < ascii_pairs.size(); ++k) {
    out << (k % 4 ? " " : "\n    ") << "0x" << std::hex << ascii_pairs[k] << std::dec << "ull,";
  }
  out << "\n};\n\n";
  out << "const std::array<uint64_t, " << (0xD7A4 - 0xAC00 + 63) / 64 << "> kCommonHangul = {";
  for (std::size_t w = 0; w < (0xD7A4 - 0xAC00 + 63) / 64; ++w) {
    uint64_t bits = 0;
    for (std::size_t b = 0; b < 64 && w * 64 + b < hangul.size(); ++b) {
      if (hangul[w * 64 + b]) bits |= uint64_t{1} << b;
    }
    out << (w % 4 ? " " : "\n    ") << "0x" << std::hex << bits << std::dec << "ull,";
  }
  out << "\n};\n\n";
  out << "const std::array<const char*, " << std::size(kLegacyLanguages) << "> kLegacyLanguagesData = {";
  for (const char* l : kLegacyLanguages) out << "\"" << l << "\", ";
  out << "};\nconst std::span<const char* const> kLegacyLanguages{kLegacyLanguagesData};\n\n"
      << "const LegacyLetter kLegacyLettersData[] = {";
  std::size_t n = 0;
  for (const auto& [letter, langs] : legacy_letters()) {
    out << (n++ % 6 ? " " : "\n    ") << "{" << letter << ", 0x" << std::hex << langs << std::dec << "ull},";
  }
  out << "\n};\nconst std::span<const LegacyLetter> kLegacyLetters{kLegacyLettersData};\n\n"
      << "}  // namespace kempt::encoding_model\n";
  return out ? 0 : 1;
}
