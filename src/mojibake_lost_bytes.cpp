// The lost-byte choice by language (see mojibake_lost_bytes.hpp for the design).
#include "mojibake_lost_bytes.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <string_view>
#include <vector>

namespace kempt::mojibake::lost_bytes {
namespace {

// The line's languages: those whose word lists have at least this many tenths of
// the trigrams the best-covering language has (a Russian line is not judged by
// Bulgarian, which writes "руски" and has "уся" "сяк" "яки" as well).
constexpr int kLineShare = 9;
// ... and only when that best language has this many tenths of the line's
// trigrams: a line in a language kempt has no word list for (Tatar, Mongolian)
// is only near to the ones it has, and their words prove nothing of it.
constexpr int kLineCoverage = 8;

bool is_letter(UChar32 c) { return u_isalpha(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0; }

uint64_t key(UChar32 a, UChar32 b, UChar32 c) {
  return (static_cast<uint64_t>(a) << 42) | (static_cast<uint64_t>(b) << 21) | static_cast<uint64_t>(c);
}

// The languages whose word lists have a trigram (0 when none has it).
uint64_t languages_of(uint64_t k) {
  const auto it = std::lower_bound(kTrigramKeys.begin(), kTrigramKeys.end(), k);
  if (it == kTrigramKeys.end() || *it != k) return 0;
  return kTrigramLanguages[static_cast<std::size_t>(it - kTrigramKeys.begin())];
}

bool losable_form(UChar32 c) {
  uint8_t buf[4];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(buf, n, 4, c, error);
  (void)error;  // (c is a letter)
  for (int32_t i = 1; i < n; ++i) {
    if (kLostBytes[buf[i]]) return true;
  }
  return false;
}

// Whether the table holds the trigrams of letter c: a lost byte can make it (in
// some case), as the generator decides.
bool losable(UChar32 c) { return c >= 0x80 && (losable_form(c) || losable_form(u_toupper(c)) || losable_form(u_totitle(c))); }

UChar32 fold(UChar32 c) { return c == kBoundary || c == kUnknown ? c : u_tolower(c); }

// The trigrams around reading `x`: those of its letters known, in the word's order.
std::vector<uint64_t> trigrams_of(const WordAround& w, UChar32 x) {
  const UChar32 a = fold(w.before[0]), b = fold(w.before[1]), d = fold(w.after[0]), e = fold(w.after[1]);
  std::vector<uint64_t> out;
  if (b != kUnknown && b != kBoundary && a != kUnknown) out.push_back(key(a, b, x));
  if (b != kUnknown && d != kUnknown) out.push_back(key(b, x, d));
  if (d != kUnknown && d != kBoundary && e != kUnknown) out.push_back(key(x, d, e));
  return out;
}

}  // namespace

uint64_t line_languages(std::u32string_view text) {
  std::vector<int> hits(kLanguages.size(), 0);
  int total = 0;
  // The last two letters (kUnknown, kBoundary or lowercase) and whether a lost
  // byte can make them: each character is asked once.
  UChar32 a = kUnknown, b = kBoundary;
  bool lost_a = false, lost_b = false;
  auto count = [&](UChar32 c, bool lost_c) {
    if (a != kUnknown && b != kUnknown && c != kUnknown && b != kBoundary && (lost_a || lost_b || lost_c)) {
      ++total;
      const uint64_t langs = languages_of(key(a, b, c));
      for (std::size_t i = 0; langs >> i; ++i) hits[i] += static_cast<int>(langs >> i & 1);
    }
    a = b, b = c, lost_a = lost_b, lost_b = lost_c;
  };
  for (char32_t ch : text) {
    const auto c = static_cast<UChar32>(ch);
    if (c < 0x80) {
      const bool letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
      count(c == kUnknown ? kUnknown : letter ? (c | 0x20) : kBoundary, false);
    } else if (is_letter(c)) {
      const UChar32 lower = u_tolower(c);
      count(lower, losable(lower));
    } else {
      count(kBoundary, false);
    }
  }
  count(kBoundary, false);
  const int best = hits.empty() ? 0 : *std::max_element(hits.begin(), hits.end());
  if (best == 0 || best * 10 < total * kLineCoverage) return 0;
  uint64_t languages = 0;
  for (std::size_t i = 0; i < hits.size(); ++i) {
    if (hits[i] * 10 >= best * kLineShare) languages |= uint64_t{1} << i;
  }
  return languages;
}

bool worth_asking(const WordAround& w, std::span<const UChar32> readings) {
  const UChar32 b = w.before[1], d = w.after[0];
  const bool context = (b != kUnknown && d != kUnknown) || (b != kUnknown && b != kBoundary && w.before[0] != kUnknown) ||
                       (d != kUnknown && d != kBoundary && w.after[1] != kUnknown);
  // A neighbour no word list has (Thai, Han) makes every trigram through it unknown.
  auto listed = [](UChar32 c) { return c > kBoundary && std::binary_search(kLetters.begin(), kLetters.end(), c); };
  if (!context || !(listed(b) || listed(d) || (b == kBoundary && d == kBoundary))) return false;
  const bool inside_word = b != kBoundary && d != kBoundary;
  bool known = false;  // a reading some word list has (a Han character, say, none has)
  for (UChar32 r : readings) {
    if (std::binary_search(kLetters.begin(), kLetters.end(), r)) known = true;
    else if (!inside_word && !is_letter(r)) return false;
  }
  return known;
}

// `readings` and what the same bytes make with any other byte some page loses in
// place of one that a page loses: the page that lost it is itself a guess
// (windows-1250 cannot lose 0x8E, windows-1254 can: "Τελει?νει" is ρ to the one,
// ρ or ώ to the other), and a word must be the only one whichever page it was.
std::vector<UChar32> readings_of_any_page(std::span<const UChar32> readings) {
  std::vector<UChar32> out(readings.begin(), readings.end());
  for (UChar32 r : readings) {
    uint8_t buf[4];
    int32_t n = 0;
    UBool error = false;
    U8_APPEND(buf, n, 4, r, error);
    for (int32_t i = 1; i < n && !error; ++i) {
      if (!kLostBytes[buf[i]]) continue;
      const uint8_t kept = buf[i];
      for (int b = 0x80; b < 0xC0; ++b) {
        if (!kLostBytes[static_cast<std::size_t>(b)]) continue;
        buf[i] = static_cast<uint8_t>(b);
        int32_t k = 0;
        UChar32 c;
        U8_NEXT(buf, k, n, c);
        if (c >= 0 && k == n && std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
      }
      buf[i] = kept;
    }
  }
  return out;
}

Choice choose(const WordAround& word, std::span<const UChar32> page_readings, uint64_t languages) {
  const bool inside_word = word.before[1] != kBoundary && word.after[0] != kBoundary;
  // Only letters are words' readings: where the lost character may end a word, a
  // reading that is punctuation or a symbol may be right, and letters say nothing of it.
  std::vector<UChar32> letters;
  const std::vector<UChar32> readings = readings_of_any_page(page_readings);
  for (UChar32 r : readings) {
    if (is_letter(r)) {
      if (std::find(letters.begin(), letters.end(), r) == letters.end()) letters.push_back(r);
    } else if (!inside_word) {
      return {};
    }
  }
  if (letters.size() < 2 || trigrams_of(word, 0).empty()) return {};
  // Per reading, the line languages that have every trigram around it.
  std::vector<uint64_t> fits(letters.size(), languages);
  for (std::size_t r = 0; r < letters.size(); ++r) {
    for (uint64_t t : trigrams_of(word, u_tolower(letters[r]))) fits[r] &= languages_of(t);
  }
  Choice choice;
  for (std::size_t r = 0; r < letters.size(); ++r) {
    if (fits[r] != 0) choice.words.push_back(letters[r]);
  }
  // One word: chosen. Two (in one language or two of the line's): not known.
  // (One word this page cannot have made: the page's readings are none.)
  const bool of_page = !choice.words.empty() &&
                       std::find(page_readings.begin(), page_readings.end(), choice.words[0]) != page_readings.end();
  if (choice.words.size() == 1 && of_page) choice.verdict = Verdict::chosen, choice.c = choice.words[0];
  else if (!choice.words.empty()) choice.verdict = Verdict::ambiguous;
  return choice;
}

}  // namespace kempt::mojibake::lost_bytes
