// Pass `encoding`: bytes that are not UTF-8 become UTF-8 with the same characters.
//
//   "caf\xE9 \x93quoted\x94" (windows-1252)  →  "café “quoted”"
//
// A wrong code page is the worst thing a cleanup tool can do to a file: the damage
// looks like a fix. So the charset is decided on evidence, never on one detector's
// say-so. Every plausible legacy page reads the bytes (uchardet's answer is one of
// them); the mojibake model scores each text; evidence counts in this order:
//   1. `.kempt.yaml` `encoding:` (the user knows),
//   2. a declaration (`<meta charset>`, XML prolog, `_config.yml`) the bytes bear out,
//   3. the bytes alone, when one reading beats every other by a clear margin,
//   4. the site's page (what its confidently decided files are in), when the
//      readings are too close to call and that page's reading is among the best.
// Otherwise the file stays byte for byte, with the best readings named.
#include "kempt/encoding.hpp"
#include "kempt/encoding_declaration.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <uchardet/uchardet.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <unordered_map>

#include "kempt/config.hpp"
#include "encoding_letter_pairs.hpp"
#include "encoding_score.hpp"
#include "language_counts.hpp"
#include "mojibake_model.hpp"

namespace kempt {
namespace {

struct ConverterDeleter {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// The converter for a charset name, as browsers decode it (the WHATWG Encoding
// labels, encoding_declaration.cpp: a page labelled ISO-8859-1 with “smart quotes”
// in 0x93/0x94 is windows-1252 in practice), and for the names uchardet gives that
// the WHATWG table lacks. Any other name is kept as it is, for ICU to read.
std::string preferred_charset(std::string name) {
  if (std::string browser = charset_for_label(name); !browser.empty()) return browser;
  std::string upper = name;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  if (upper == "UHC" || upper == "CP949") return "windows-949";  // ICU knows no "UHC"
  if (upper == "MAC-CENTRALEUROPE") return "x-mac-centraleurroman";
  return name;
}

// The legacy pages a web page may be in, with how unlikely each is a priori (in the
// model's cost units): the usual pages of their languages cost nothing or little;
// DOS and old Mac pages more, as they are rare on the web. A prior never decides:
// that windows-1252 is commoner than IBM437 says nothing of this file's "\x85", which
// is "…" in one and "à" in the other. It only orders readings whose texts cost the
// same, and names them. When two pages give the same text, the one listed first names it.
struct Candidate {
  const char* charset;
  double prior;
};
constexpr std::array<Candidate, 28> kCandidates = {{
    {"windows-1252", 0.0}, {"windows-1251", 0.0}, {"GB18030", 0.0}, {"Big5", 0.0},
    {"windows-31j", 0.0}, {"EUC-JP", 0.0}, {"windows-949", 0.0}, {"windows-1250", 0.5},
    {"windows-1253", 0.5}, {"windows-1254", 0.5}, {"KOI8-R", 0.5}, {"ISO-8859-15", 0.5},
    {"ISO-8859-2", 0.5}, {"ISO-8859-7", 0.5}, {"ISO-8859-9", 0.5}, {"ISO-8859-1", 0.5},
    {"windows-1257", 1.0}, {"windows-1255", 1.0}, {"windows-1256", 1.0}, {"KOI8-U", 1.0},
    {"windows-1258", 1.5}, {"ISO-8859-5", 1.5}, {"macintosh", 2.0}, {"IBM866", 2.0},
    {"x-mac-centraleurroman", 4.0}, {"IBM437", 4.0}, {"IBM850", 4.0}, {"IBM852", 4.0},
}};

double prior_of(const std::string& charset) {
  for (const Candidate& c : kCandidates) {
    if (ucnv_compareNames(c.charset, charset.c_str()) == 0) return c.prior;
  }
  return 4.0;  // named only by uchardet or a declaration (ISO-8859-10 for "Duşa"): none of the usual pages
}

// One reading wins on the bytes alone when every other text costs at least this
// much more: about one clearly misplaced character (an accented capital inside a
// lowercase word costs 4–8).
constexpr double kClearMargin = 3.0;
// A reading is text someone wrote when its non-ASCII characters cost at most this
// on average (everyday letters and symbols cost nothing, a misplaced one 3 and up).
constexpr double kPlausibleAverage = 1.5;

// The languages legacy code pages were made for, whose letters a reading of legacy
// bytes may hold: encoding_model::kLegacyLanguages (tools/gen_letter_pairs.cpp).
using encoding_model::kLegacyLanguages;

// Romanian ș ț (comma below) were ş ţ (cedilla) in every legacy code page, and
// are in today's word lists and exemplar sets with the comma: letters are looked
// up in the cedilla form, which both stand for (as tools/gen_letter_pairs.cpp does).
UChar32 comma_as_cedilla(UChar32 c) {
  if (c == 0x0219) return 0x015F;
  if (c == 0x021B) return 0x0163;
  return c;
}

// A letter as the word lists are looked up: lowercase, Romanian's comma as cedilla,
// but a capital whose small form is ASCII (İ) stays itself: it is not an "i".
UChar32 folded_letter(UChar32 c) {
  const UChar32 lower = u_tolower(c);
  return comma_as_cedilla(lower < 0x80 && c >= 0x80 ? c : lower);
}

// The Unicode properties the scoring asks of every character of every reading, from
// the mojibake model's table (read from ICU once per code point): the same answers
// as uscript_getScript, u_isalpha and the rest, without a call each.
UScriptCode script_of(UChar32 c) { return mojibake::char_props(c).script(); }
bool alpha(UChar32 c) { return mojibake::char_props(c).alpha(); }
bool lowercase(UChar32 c) { return mojibake::char_props(c).lower(); }
bool uppercase(UChar32 c) { return mojibake::char_props(c).upper(); }
int8_t char_type(UChar32 c) { return mojibake::char_props(c).type(); }
bool punctuation(UChar32 c) { return mojibake::char_props(c).punct(); }
bool white_space(UChar32 c) { return mojibake::char_props(c).white(); }

// ª º µ are letters to Unicode but signs in text ("90º", "5 µm"): no word list has them.
bool sign_letter(UChar32 c) { return c == 0xAA || c == 0xBA || c == 0xB5; }

// (std::isalpha in the C locale, which kempt never leaves, and u_isalpha below 0x80:
// asked of every character of every reading, so without a call.)
bool ascii_letter(UChar32 c) { return c < 0x80 && (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

// Language bits by a baked key (a letter, a pair of letters; never 0), in an
// open-addressed block filled on first need: asked of every letter of every
// reading of a legacy page. (A node-based hash map of the 8,000 letter pairs cost
// a one-page run on a legacy page a third of its instructions to build; a binary
// search of them, as much again over a legacy site.)
class LanguageBits {
 public:
  template <typename Entries, typename KeyOf>
  LanguageBits(const Entries& entries, KeyOf key_of) {
    std::size_t size = 1;
    while (size < 2 * entries.size()) size <<= 1;
    slots_.resize(size);
    for (const auto& e : entries) {
      const uint64_t key = key_of(e);
      Slot& slot = slots_[find(key)];
      slot = {key, slot.languages | e.languages};
    }
  }
  uint64_t operator[](uint64_t key) const { return slots_[find(key)].languages; }

 private:
  struct Slot {
    uint64_t key = 0;  // 0: empty
    uint64_t languages = 0;
  };
  // The slot holding `key`, or the empty one where it would go.
  std::size_t find(uint64_t key) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t at = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> 40) & mask;
    while (slots_[at].key != 0 && slots_[at].key != key) at = (at + 1) & mask;
    return at;
  }
  std::vector<Slot> slots_;  // (at least twice the entries: never full)
};

// Bit i: kLegacyLanguages[i] writes `c` (either case): ICU's exemplar sets, read at
// build time.
uint64_t legacy_languages_writing(UChar32 c) {
  static const LanguageBits table(encoding_model::kLegacyLetters, [](const encoding_model::LegacyLetter& l) {
    return static_cast<uint64_t>(l.letter);  // (beyond ASCII: never 0)
  });
  return c > 0 ? table[static_cast<uint64_t>(c)] : 0;
}

// The languages whose word lists have the pair `a` `b` (lowercase; kWordStart/End).
uint64_t languages_writing_pair(UChar32 a, UChar32 b) {
  auto key = [](UChar32 x, UChar32 y) { return static_cast<uint64_t>(x) << 32 | static_cast<uint32_t>(y); };
  static const LanguageBits table(encoding_model::kLetterPairs, [&](const encoding_model::LetterPair& p) {
    return key(p.first, p.second);  // (never 0: kWordStart is 1)
  });
  const uint64_t k = key(a, b);
  return k != 0 ? table[k] : 0;
}

// What each language makes of a text's words: the letters it does not write and
// the pairs (one letter not ASCII) its word list lacks. "Systčmes" has "tč" and
// "čm", which no language writes, while "Systèmes" has French "tè" and "èm".
// Each word is judged by the language that suits it best ("Grüße" German,
// "Ørsted" Danish: names mix), with a quarter of what the words' one best language
// per script would add (a page is mostly in one language; "Grčže »rsted" is not).
constexpr double kUnwrittenLetter = 2.0;
constexpr double kUnwrittenPair = 2.5;

using encoding_model::LanguageCounts;

struct LanguageMisses {
  LanguageCounts letters;  // of kLegacyLanguages
  LanguageCounts pairs;    // of encoding_model::kPairLanguages
};

// A word a language could have: in the language that suits it best, at most one
// pair in five (ASCII ones too) missing from its word list. "Systèmes" is one;
// "rháxkhU", random bytes among random letters, is none in any.
bool wordlike(const std::u32string& text, std::size_t start, std::size_t end) {
  LanguageCounts misses;
  std::size_t pairs = 0;
  auto at = [&](std::size_t k) -> UChar32 { return folded_letter(static_cast<UChar32>(text[k])); };
  auto slot = [](UChar32 c) -> int {
    if (c == encoding_model::kWordStart) return 0;
    if (c == encoding_model::kWordEnd) return 27;
    return c >= 'a' && c <= 'z' ? 1 + static_cast<int>(c - 'a') : -1;
  };
  for (std::size_t k = start; k <= end; ++k) {
    const UChar32 first = k == start ? encoding_model::kWordStart : at(k - 1);
    const UChar32 b = k == end ? encoding_model::kWordEnd : at(k);
    uint64_t has = 0;
    if (slot(first) >= 0 && slot(b) >= 0) {
      has = encoding_model::kAsciiPairs[static_cast<std::size_t>(slot(first) * 28 + slot(b))];
    } else {
      has = languages_writing_pair(first, b);
    }
    ++pairs;
    misses.count_missing(has);
  }
  const std::size_t allowed = std::max<std::size_t>(1, pairs / 5);
  return misses.fewest(encoding_model::kPairLanguages.size()) <= allowed;
}

// What the best language for them makes of letters and pairs no language writes.
double misses_cost(const LanguageMisses& m) {
  return kUnwrittenLetter * m.letters.fewest(kLegacyLanguages.size()) +
         kUnwrittenPair * m.pairs.fewest(encoding_model::kPairLanguages.size());
}

double words_language_cost(const std::u32string& text, std::size_t& foreign_words, std::size_t& wordlike_words) {
  auto letter = [](UChar32 c) { return c < 0x80 ? ascii_letter(c) : c < 0x2000 && alpha(c) && !sign_letter(c); };
  auto folded = [](UChar32 c) { return folded_letter(c); };
  std::map<UScriptCode, LanguageMisses> page;  // per script, summed over its words
  double word_best = 0;
  for (std::size_t start = 0; start < text.size();) {
    if (!letter(static_cast<UChar32>(text[start]))) {
      ++start;
      continue;
    }
    std::size_t end = start;
    bool foreign = false;
    for (; end < text.size() && letter(static_cast<UChar32>(text[end])); ++end) foreign = foreign || text[end] >= 0x80;
    if (!foreign) {  // (an ASCII word counts for no language, nor against any)
      start = end;
      continue;
    }
    LanguageMisses word;
    UScriptCode script = USCRIPT_COMMON;
    for (std::size_t i = start; i < end; ++i) {
      const auto c = static_cast<UChar32>(text[i]);
      if (c < 0x80) continue;
      const UChar32 lower = folded(c);
      script = script_of(lower);
      const uint64_t writes = legacy_languages_writing(lower);
      word.letters.count_missing(writes);
      const UChar32 before = i == start ? encoding_model::kWordStart : folded(static_cast<UChar32>(text[i - 1]));
      const UChar32 after = i + 1 == end ? encoding_model::kWordEnd : folded(static_cast<UChar32>(text[i + 1]));
      // A pair of two non-ASCII letters is counted once, from its first letter.
      std::array<std::pair<UChar32, UChar32>, 2> pairs{{{before, lower}, {lower, after}}};
      for (std::size_t k = before >= 0x80 ? 1 : 0; k < 2; ++k) {
        word.pairs.count_missing(languages_writing_pair(pairs[k].first, pairs[k].second));
      }
    }
    ++foreign_words;
    wordlike_words += wordlike(text, start, end);
    word_best += misses_cost(word);
    LanguageMisses& sum = page[script];
    sum.letters.add(word.letters);
    sum.pairs.add(word.pairs);
    start = end;
  }
  double page_best = 0;
  for (const auto& [script, sum] : page) {
    page_best += misses_cost(sum);
  }
  return word_best + 0.25 * std::max(0.0, page_best - word_best);
}

// The model's cost of `a` followed by `b`, less its suspicion of two accented Latin
// letters side by side (what "Ã©" looks like) when one language writes both: in
// "Zażółć" that is Polish, not a misreading.
double pair_cost(UChar32 a, UChar32 b) {
  // Arrows between ASCII words ("new→old") are how people write.
  auto sign = [](UChar32 c) { return c >= 0x2190 && c <= 0x21FF; };
  if ((sign(a) && b < 0x80) || (sign(b) && a < 0x80)) return 0.0;
  if (a == 0xB0 && b < 0x80 && std::strchr("CFKNSEW", static_cast<int>(b)) && b != 0) return 0.0;  // 20°C, 45°N
  auto ordinal = [](UChar32 c) { return c == 0xAA || c == 0xBA; };  // "90º", "1ª"
  if ((ordinal(a) && b < 0x80 && !ascii_letter(b)) || (ordinal(b) && a < 0x80 && !ascii_letter(a))) return 0.0;
  // Never below zero: the model's discount for "11×15" would excuse "14√16".
  double cost = std::max(0.0, mojibake::pair_cost(a, b));
  if (cost >= 3.0 && a >= 0x80 && b >= 0x80 && a != b && alpha(a) && alpha(b)) {
    if (script_of(a) == USCRIPT_LATIN && script_of(b) == USCRIPT_LATIN &&
        lowercase(a) == lowercase(b) && mojibake::one_language_writes_both(u_tolower(a), u_tolower(b))) {
      cost -= 3.0;
    }
  }
  return cost;
}

struct TextScore {
  double cost = 0;
  std::size_t non_ascii = 0;
  bool possible = true;
  std::size_t foreign_words = 0;   // words (of alphabets) with a non-ASCII letter
  std::size_t wordlike_words = 0;  // those a language could have
};

// Korean is written with the 2,350 syllables of KS X 1001 (what EUC-KR holds); the
// other 8,822 that windows-949 adds are what Japanese or Chinese bytes read as
// windows-949 turn into ("若月" as "롟뙉").
bool everyday_hangul(UChar32 c) {
  static const std::vector<bool> table = [] {
    std::vector<bool> t(0xD7A4 - 0xAC00, false);
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, ConverterDeleter> conv(ucnv_open("ibm-970", &status));  // EUC-KR, KS X 1001 only
    if (U_FAILURE(status)) return std::vector<bool>(t.size(), true);
    ucnv_setFromUCallBack(conv.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    for (UChar32 h = 0xAC00; h <= 0xD7A3; ++h) {
      const UChar unit = static_cast<UChar>(h);
      char out[8];
      UErrorCode s = U_ZERO_ERROR;
      ucnv_resetFromUnicode(conv.get());
      ucnv_fromUChars(conv.get(), out, sizeof out, &unit, 1, &s);
      t[static_cast<std::size_t>(h - 0xAC00)] = U_SUCCESS(s);
    }
    return t;
  }();
  return table[static_cast<std::size_t>(c - 0xAC00)];
}

// The cost of `c` itself when deciding between code pages. Unlike the mojibake
// model's char_cost, how many languages use a letter is no evidence here: the same
// bytes read as Greek in one page and as Cyrillic in another, and Greek is written
// by fewer locales. So an everyday letter of any language, or a symbol everyday
// text has, costs nothing; the rest (rare signs, controls, unassigned) what it costs.
double own_cost(UChar32 c) {
  const double cost = mojibake::char_cost(c);
  if (cost >= mojibake::kImpossible) return cost;
  // Halfwidth katakana (｣ ｵ): what Shift-JIS makes of single high bytes; Japanese
  // pages have written full-width kana since the 1990s.
  if (c >= 0xFF61 && c <= 0xFF9F) return 3.0;
  if (c == 0xAA || c == 0xBA || c == 0xB5) return 0.0;  // ª º µ: signs, whatever Unicode calls them
  if (c == 0x0162 || c == 0x0163) return 0.0;  // Ţ ţ: Romanian ț as every legacy page wrote it
  if (c >= 0xFB00 && c <= 0xFB06) return 2.0;  // ﬁ ﬂ: PDF copies have them, Mac Roman readings of ß too
  if (c >= 0xAC00 && c <= 0xD7A3) {
    if (!everyday_hangul(c)) return 3.0;
    const auto k = static_cast<std::size_t>(c - 0xAC00);
    if (!(encoding_model::kCommonHangul[k / 64] >> (k % 64) & 1)) return 2.0;
  }
  if (cost <= 2.5 || mojibake::exemplar_count(c) > 0 || c == 0xA0) return 0.0;
  if (c >= 0x2010 && c <= 0x205E) return 0.0;  // General Punctuation's marks (• † ‰ ′), not its spaces and controls
  if (c >= 0x2190 && c <= 0x22FF) return 0.5;  // arrows and operators: "new→old", "a ≤ b"
  return cost;
}

// "it\x92s" is "it’s" in windows-1252 and "itís" in Mac Roman: an accented letter
// where English writes an apostrophe (before s, t, d, m, ll, re, ve and the word's
// end) is the less likely of the two.
bool at_contraction(const std::u32string& text, std::size_t i) {
  if (i == 0 || !ascii_letter(static_cast<UChar32>(text[i - 1]))) return false;
  std::size_t end = i + 1;
  while (end < text.size() && ascii_letter(static_cast<UChar32>(text[end])) && end - i <= 3) ++end;
  if (end < text.size() && alpha(static_cast<UChar32>(text[end]))) return false;
  std::u32string tail(text.begin() + static_cast<std::ptrdiff_t>(i + 1), text.begin() + static_cast<std::ptrdiff_t>(end));
  for (char32_t& ch : tail) ch = static_cast<char32_t>(std::tolower(static_cast<int>(ch)));
  return tail == U"s" || tail == U"t" || tail == U"d" || tail == U"m" || tail == U"ll" || tail == U"re" || tail == U"ve";
}


// `c` cannot follow the letter `prev`: a combining mark of another script (an
// Arabic vowel sign on "ç"), or a letter of no script (µ, ª) glued to a letter of
// a script other than Latin or Greek ("ЦРОДОДµµ").
bool foreign_to(UChar32 c, UChar32 prev) {
  // A script's own mark (an Arabic or Hebrew vowel sign) on anything but a letter
  // of that script: on "¼", on a space, on a Latin letter.
  if (char_type(c) == U_NON_SPACING_MARK && !alpha(prev)) {
    UScriptCode scripts[8];
    UErrorCode err = U_ZERO_ERROR;
    const int32_t n = uscript_getScriptExtensions(c, scripts, 8, &err);
    return U_SUCCESS(err) && n > 0 && scripts[0] != USCRIPT_INHERITED && scripts[0] != USCRIPT_COMMON;
  }
  if (!alpha(prev)) return false;
  const UScriptCode base = script_of(prev);
  if (char_type(c) == U_NON_SPACING_MARK) {
    UScriptCode scripts[8];
    UErrorCode err = U_ZERO_ERROR;
    const int32_t n = uscript_getScriptExtensions(c, scripts, 8, &err);
    if (U_FAILURE(err)) return false;
    for (int32_t k = 0; k < n; ++k) {
      if (scripts[k] == base || scripts[k] == USCRIPT_INHERITED || scripts[k] == USCRIPT_COMMON) return false;
    }
    return true;
  }
  if (alpha(c)) {
    return script_of(c) == USCRIPT_COMMON && base != USCRIPT_LATIN && base != USCRIPT_GREEK && base != USCRIPT_COMMON;
  }
  // A sign glued to a letter of a script other than Latin ("رذ¾؟"): those scripts
  // are not written with Latin-1's signs, but their own readings of bytes turn up so.
  const int8_t type = char_type(c);
  const bool sign = type == U_OTHER_NUMBER || type == U_OTHER_SYMBOL || type == U_MODIFIER_SYMBOL ||
                    type == U_CURRENCY_SYMBOL || (type == U_MATH_SYMBOL && c < 0x2000);
  return sign && prev >= 0x80 && base != USCRIPT_LATIN && base != USCRIPT_COMMON;
}

// Letters on each side of text[i] within its word, up to 5.
std::pair<std::size_t, std::size_t> letters_around(const std::u32string& text, std::size_t i) {
  auto letter = [&](std::size_t k) {
    const auto c = static_cast<UChar32>(text[k]);
    return c < 0x80 ? ascii_letter(c) : alpha(c) != 0;
  };
  std::size_t before = 0, after = 0;
  while (before < 5 && before < i && letter(i - before - 1)) ++before;
  while (after < 5 && i + after + 1 < text.size() && letter(i + after + 1)) ++after;
  return {before, after};
}

// Punctuation inside a word: "l’équipe", "it’s" and "word—word" are how people
// write; "Geometr’a" and "funci—n" (Mac Roman í and ó read as windows-1252) are not.
double inside_word_cost(const std::u32string& text, std::size_t i) {
  const auto c = static_cast<UChar32>(text[i]);
  if (c == 0xAA || c == 0xBA || c == 0xB5) {
    // "Duºa": an ordinal sign between letters is where a page put a letter (ş).
    const auto [before, after] = letters_around(text, i);
    return before > 0 && after > 0 ? 4.0 : 0.0;
  }
  const auto [before, after] = letters_around(text, i);
  if (before == 0 || after == 0) return 0.0;
  if (c != 0x2019 && c != 0x2013 && c != 0x2014) {
    // Other punctuation inside a word ("S„o", "Ma‘s"): only Catalan's l·l writes one.
    return punctuation(c) && c != 0xB7 && c != 0x2010 && c != 0x2011 ? 3.0 : 0.0;
  }
  if (c == 0x2019) {
    // An elision (l’, qu’, dell’) or an English contraction (’s, ’t, ’ll, ’re, ’ve).
    if (before <= 4 || at_contraction(text, i)) return 0.0;
    return 2.5;
  }
  return before < 2 || after < 2 ? 3.0 : 0.0;
}

// Accented Latin capitals where no language puts them. "Š {year}": as a word of
// its own (but the Romance one-letter words À, É, Ó…).
double lone_capital_cost(const std::u32string& text, std::size_t i) {
  const auto c = static_cast<UChar32>(text[i]);
  if (c == 0xAA || c == 0xBA || c == 0xB5) return 0.0;  // ª º µ are signs
  if (lowercase(c) && script_of(c) == USCRIPT_LATIN) {
    // "± 0.5" read as "ą 0.5": a lone accented small letter is a word only in a
    // few languages (à, é, è, ó, ò, ù, ú, á, í).
    const auto [before, after] = letters_around(text, i);
    const bool word = std::u32string_view(U"àéèóòùúáíāō").find(static_cast<char32_t>(c)) != std::u32string_view::npos;
    return before == 0 && after == 0 && !word ? 2.5 : 0.0;
  }
  if (!uppercase(c) || script_of(c) != USCRIPT_LATIN) return 0.0;
  if (std::u32string_view(U"ÀÁÈÉÒÓÙÚ").find(static_cast<char32_t>(c)) != std::u32string_view::npos) return 0.0;
  const auto [before, after] = letters_around(text, i);
  if (before == 0 && after == 0) return 3.5;
  auto lower_at = [&](std::size_t k) { return k < text.size() && lowercase(static_cast<UChar32>(text[k])); };
  // "FranŤois": a lone capital inside a lowercase word, where a lost or misread
  // byte puts one; "MŽxico": a second capital before lowercase ones.
  if (before >= 1 && after >= 1 && lower_at(i - 1) && lower_at(i + 1)) return 4.0;
  if (before >= 2 && after == 0 && lower_at(i - 1)) return 3.0;  // "ZoÎ": a capital ending a lowercase word
  if (before == 1 && after >= 2 && uppercase(static_cast<UChar32>(text[i - 1])) && lower_at(i + 1)) return 2.5;
  return 0.0;
}

// A character of a kind Latin text is not written with, alone among ASCII ("─7",
// "70╟", "｣130", "Xi＊an", "14√16"): what one high byte of an English page turns
// into in KOI8-R, Shift-JIS or Big5. Letters of other scripts come in words, box
// drawing in runs; Latin letters and the signs of Latin-1 and General Punctuation
// (– ’ “ € £ ° ±) stand alone in Latin text every day.
double stray_cost(const std::u32string& text, std::size_t i) {
  const auto c = static_cast<UChar32>(text[i]);
  if ((c >= 0xA0 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x206F) || c == 0x20AC ||
      c == 0x2122 || (c >= 0x2190 && c <= 0x21FF)) {
    return 0.0;
  }
  // Letters of alphabets are words alone too (Russian и, в, я; Greek ο).
  if (alpha(c)) {
    const UScriptCode script = script_of(c);
    if (script == USCRIPT_LATIN || script == USCRIPT_CYRILLIC || script == USCRIPT_GREEK ||
        script == USCRIPT_HEBREW || script == USCRIPT_ARABIC) {
      return 0.0;
    }
  }
  if (char_type(c) == U_NON_SPACING_MARK || white_space(c)) return 0.0;
  auto ascii_or_edge = [&](std::size_t k, bool at_edge) { return at_edge || text[k] < 0x80; };
  const bool alone = ascii_or_edge(i - 1, i == 0) && ascii_or_edge(i + 1, i + 1 >= text.size());
  return alone ? 2.5 : 0.0;
}


// "─░stanbul": box drawing and block elements glued to a letter (diagrams keep
// them among themselves and spaces).
double glued_box_cost(const std::u32string& text, std::size_t i) {
  const auto c = static_cast<UChar32>(text[i]);
  if (c < 0x2500 || c > 0x259F) return 0.0;
  auto letter_at = [&](std::size_t k) { return k < text.size() && alpha(static_cast<UChar32>(text[k])); };
  return (i > 0 && letter_at(i - 1)) || letter_at(i + 1) ? 4.0 : 0.0;
}

// How implausible a whole text is, as a reading of bytes: characters no text has,
// the model's costs of each pair around non-ASCII characters (a capital inside a
// lowercase word, two scripts in one word, punctuation glued into a word), and
// letters no one language writes together.
// The lines of `utf8` that hold a non-ASCII character, each with its line break, after
// a line break when the first of them is not the text's first line. score_text scores
// these exactly as the whole text: every cost is of a non-ASCII character and its
// neighbours within a word or a line, or of an ASCII character right before one (a
// line's first character after the line break), and a line break composes with
// nothing. A legacy page is mostly markup and ASCII lines; its 28 readings are each
// scored, so this was most of the encoding pass's time.
std::string_view lines_with_non_ascii(std::string_view utf8, std::string& store) {
  // (One line is scored as it is: the mojibake pass judges long lines one at a time.)
  if (utf8.find('\n') == std::string_view::npos) return utf8;
  std::size_t at = 0;
  bool whole = true;
  while (at < utf8.size()) {
    std::size_t end = utf8.find('\n', at);
    end = end == std::string_view::npos ? utf8.size() : end + 1;
    const bool high = first_non_ascii(utf8.substr(at, end - at)) < end - at;
    if (high) {
      if (store.empty() && at > 0) store += '\n';
      store.append(utf8, at, end - at);
    } else {
      whole = false;
    }
    at = end;
  }
  return whole ? utf8 : std::string_view(store);
}

TextScore score_text(std::string_view whole_text) {
  TextScore score;
  std::string non_ascii_lines;
  const std::string_view raw = lines_with_non_ascii(whole_text, non_ascii_lines);
  // Judged composed: windows-1258 writes Vietnamese "ộ" as ô and a combining dot
  // below, which is the letter ộ to a reader (the text itself is kept as decoded).
  std::string composed;
  std::string_view utf8 = raw;
  {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    // (Most readings are composed already: that is asked of the UTF-8 as it is, and
    // only a text that is not, or may not be, goes through UTF-16.)
    UErrorCode asked = U_ZERO_ERROR;
    if (U_SUCCESS(status) && !(nfc->isNormalizedUTF8(raw, asked) && U_SUCCESS(asked))) {
      const icu::UnicodeString u = icu::UnicodeString::fromUTF8(raw);
      if (nfc->quickCheck(u, status) != UNORM_YES && U_SUCCESS(status)) {
        nfc->normalize(u, status).toUTF8String(composed);
        if (U_SUCCESS(status)) utf8 = composed;
      }
    }
  }
  std::u32string text;
  text.reserve(utf8.size());
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto n = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    // A byte order mark is no text in any reading (the mojibake pass drops one
    // inside the text): it must not make UTF-8 look like a misread page.
    if (c != 0xFEFF) text.push_back(static_cast<char32_t>(c < 0 ? 0xFFFD : c));
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<UChar32>(text[i]);
    const UChar32 next = i + 1 < text.size() ? static_cast<UChar32>(text[i + 1]) : 0;
    if (c < 0x80) {
      if (next >= 0x80) score.cost += pair_cost(c, next);
      continue;
    }
    ++score.non_ascii;
    const UChar32 prev = i > 0 ? static_cast<UChar32>(text[i - 1]) : 0;
    if (prev > 0 && foreign_to(c, prev)) score.cost += char_type(c) == U_NON_SPACING_MARK ? 8.0 : 4.0;
    const double own = own_cost(c);
    if (own >= mojibake::kImpossible) score.possible = false;
    score.cost += own + pair_cost(c, next);
    score.cost += inside_word_cost(text, i) + lone_capital_cost(text, i) + stray_cost(text, i) + glued_box_cost(text, i);
    if (c < 0x2000 && alpha(c) && !sign_letter(c)) {
      if (at_contraction(text, i)) score.cost += 1.5;
    }
  }
  score.cost += words_language_cost(text, score.foreign_words, score.wordlike_words);
  return score;
}

// A BOM settles the question: nobody writes FF FE by accident.
std::optional<std::string> charset_from_bom(std::string_view b) {
  auto starts = [&](std::string_view bom) { return b.substr(0, bom.size()) == bom; };
  using namespace std::string_view_literals;
  if (starts("\xFF\xFE\x00\x00"sv)) return "UTF-32LE";
  if (starts("\x00\x00\xFE\xFF"sv)) return "UTF-32BE";
  if (starts("\xFF\xFE"sv)) return "UTF-16LE";
  if (starts("\xFE\xFF"sv)) return "UTF-16BE";
  return std::nullopt;
}

// uchardet reads about 5 MB a second, and each of 28 code pages reads and scores
// the bytes. Past this size the lines that hold non-ASCII bytes (what both judge
// by) are read, up to this much of them: 128 KiB of such lines is thousands of
// non-ASCII characters, far more evidence than a decision needs. Whatever wins
// must still decode every byte of the file.
constexpr std::size_t kMaxDetectorInput = 128 << 10;

std::string detector_input(std::string_view bytes) {
  std::string sample;
  for (std::size_t at = 0; at < bytes.size() && sample.size() < kMaxDetectorInput;) {
    std::size_t end = bytes.find('\n', at);
    end = end == std::string_view::npos ? bytes.size() : end + 1;
    const std::string_view line = bytes.substr(at, std::min(end - at, kMaxDetectorInput));
    if (std::any_of(line.begin(), line.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) sample += line;
    at = end;
  }
  return sample;
}

std::string uchardet_answer(std::string_view bytes) {
  std::unique_ptr<std::remove_pointer_t<uchardet_t>, decltype(&uchardet_delete)> ud(uchardet_new(),
                                                                                   &uchardet_delete);
  if (uchardet_handle_data(ud.get(), bytes.data(), bytes.size()) != 0) return {};
  uchardet_data_end(ud.get());
  const char* name = uchardet_get_charset(ud.get());
  return name ? name : "";
}

std::size_t line_of_offset(std::string_view bytes, std::size_t offset) {
  return 1 + static_cast<std::size_t>(std::count(bytes.begin(), bytes.begin() + offset, '\n'));
}

// The bytes of the first word holding a non-ASCII byte: what a message shows
// each reading making of it.
std::string_view first_word(std::string_view bytes) {
  const auto high = std::find_if(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (high == bytes.end()) return {};
  auto in_word = [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || std::isalnum(u) || c == '\'' || c == '-';
  };
  auto begin = high, end = high;
  while (begin != bytes.begin() && in_word(begin[-1]) && high - begin < 40) --begin;
  while (end != bytes.end() && in_word(*end) && end - high < 40) ++end;
  return bytes.substr(static_cast<std::size_t>(begin - bytes.begin()), static_cast<std::size_t>(end - begin));
}

std::string shown_with_questions(std::string_view word) {
  std::string out;
  for (char c : word) out += static_cast<unsigned char>(c) >= 0x80 ? '?' : c;
  return out;
}

// What `charset` makes of `word`: a double-byte page may cut a word's last
// character in two, so an undecodable end is trimmed rather than refused.
std::string word_as(std::string_view word, const std::string& charset) {
  for (std::size_t len = word.size(); len > 0 && word.size() - len < 4; --len) {
    if (auto text = decode_exactly(word.substr(0, len), charset)) return *text;
  }
  return "?";
}

struct Weighed {
  EncodingReading reading;
  std::size_t text_hash = 0;
  std::size_t text_non_ascii = 0;  // the text's own count (reading.non_ascii is weighed by bytes)
};

// Every candidate page that decodes `sample` exactly, one per distinct text,
// cheapest first.
// uchardet knows what this model does not: which letters and pairs each language
// uses how often ("Systèmes" is French, "Systčmes" nothing). Its answer counts, in
// proportion to the evidence it had: a few characters tell a frequency model little
// (that is when it answers IBM852 for "José"), thirty or more tell it much.
double detector_bonus(std::size_t non_ascii) { return 0.15 * static_cast<double>(std::min<std::size_t>(non_ascii, 30)); }

// The ASCII bytes `charset` reads as another character (ICU keeps IBM437's PC
// swaps of 0x1A, 0x1C and 0x7F), asked of ICU's tables; nullopt unless it reads
// each line apart from the others, with no state that bytes change and no
// character written with a line break's byte. Every one of kCandidates does (EUC,
// GBK, Big5 and Shift-JIS write theirs with high bytes and trail bytes from 0x30
// up); another page is taken for such only when it is single-byte or UTF-8.
std::optional<std::string> ascii_misread(const std::string& charset, bool candidate) {
  if (!candidate) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* conv = ucnv_open(charset.c_str(), &status);
    if (U_FAILURE(status)) return std::nullopt;
    const UConverterType type = ucnv_getType(conv);
    ucnv_close(conv);
    if (type != UCNV_SBCS && type != UCNV_LATIN_1 && type != UCNV_US_ASCII && type != UCNV_UTF8) return std::nullopt;
  }
  // (Such a page reads each ASCII byte as one character: read together, the 128 of
  // them are 128 characters, the n-th that of byte n.)
  std::string ascii(0x80, '\0');
  for (std::size_t b = 0; b < ascii.size(); ++b) ascii[b] = static_cast<char>(b);
  const auto read = decode_exactly(ascii, charset);
  if (!read || read->size() != ascii.size() || first_non_ascii(*read) != read->size()) return std::nullopt;
  std::string misread;
  for (std::size_t b = 0; b < ascii.size(); ++b) {
    if ((*read)[b] != ascii[b]) misread += ascii[b];
  }
  return misread;
}

// The ASCII bytes one of kCandidates reads as another character; nullopt when one
// of them does not read lines alone.
const std::optional<std::string>& candidates_misread() {
  static const std::optional<std::string> misread = [] {
    std::string all;
    for (const Candidate& c : kCandidates) {
      const auto m = ascii_misread(c.charset, true);
      if (!m) return std::optional<std::string>();
      all += *m;
    }
    return std::optional<std::string>(all);
  }();
  return misread;
}

std::vector<Weighed> weigh_readings(std::string_view sample, const std::string& detected,
                                    const std::vector<std::string>& extra) {
  // What score_text reads of a reading is the lines holding a non-ASCII character:
  // in a page that reads ASCII lines alone and as themselves, those are the lines
  // holding a byte beyond ASCII, read alone, and two such readings are the same
  // text exactly when those lines are. When every page read is such, only those
  // lines are decoded.
  std::string high_store;
  const std::string_view high_lines = lines_with_non_ascii(sample, high_store);
  std::vector<std::pair<std::string, double>> pages;
  for (const Candidate& c : kCandidates) pages.emplace_back(c.charset, c.prior);
  for (const std::string& e : extra) {
    if (e.empty()) continue;
    const bool known = std::any_of(pages.begin(), pages.end(),
                                   [&](const auto& p) { return ucnv_compareNames(p.first.c_str(), e.c_str()) == 0; });
    if (!known) pages.emplace_back(e, prior_of(e));
  }
  const std::string_view word = first_word(sample);
  const auto high_bytes = static_cast<std::size_t>(
      std::count_if(sample.begin(), sample.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }));
  // (A page's ASCII lines are all read alike unless they hold a byte one of the
  // pages reads as another: the page then decodes whole, as each is compared.)
  std::optional<std::string> misread = candidates_misread();
  for (std::size_t k = kCandidates.size(); k < pages.size() && misread; ++k) {
    const auto m = ascii_misread(pages[k].first, false);
    misread = m ? std::optional<std::string>(*misread + *m) : std::nullopt;
  }
  const bool lines_alone = misread && !sample.empty() && std::none_of(misread->begin(), misread->end(), [&](char b) {
                             return std::memchr(sample.data(), b, sample.size()) != nullptr;
                           });
  const std::string_view read = lines_alone ? high_lines : sample;
  std::vector<Weighed> readings;
  for (const auto& [charset, prior] : pages) {
    const auto text = decode_exactly(read, charset);
    if (!text) continue;
    const std::size_t hash = std::hash<std::string>{}(*text);
    // Its exotic answers (IBM852, MAC-CENTRALEUROPE for "José") are its known failures: no bonus.
    auto cost_of = [&](double text_cost, std::size_t non_ascii) {
      const bool detector_says = !detected.empty() && prior < 1.0 && ucnv_compareNames(detected.c_str(), charset.c_str()) == 0;
      return text_cost + prior - (detector_says ? detector_bonus(non_ascii) : 0.0);
    };
    auto same = std::find_if(readings.begin(), readings.end(), [&](const Weighed& r) { return r.text_hash == hash; });
    if (same != readings.end()) {
      // The same text (Latin-1 pages mostly agree on a page's few letters): named by
      // the likelier page (listed first), costed by its best case; scored once.
      same->reading.cost = std::min(same->reading.cost, cost_of(same->reading.text_cost, same->text_non_ascii));
      continue;
    }
    const TextScore score = score_text(*text);
    // A double-byte reading has half as many characters for the same bytes; its
    // allowance is by the bytes, or Chinese would always look worse than Latin.
    const std::size_t weight = std::max(score.non_ascii, high_bytes);
    readings.push_back({{charset, cost_of(score.cost, score.non_ascii), score.cost, weight,
                         score.possible && score.wordlike_words * 2 >= score.foreign_words, word_as(word, charset)},
                        hash,
                        score.non_ascii});
  }
  std::stable_sort(readings.begin(), readings.end(),
                   [](const Weighed& a, const Weighed& b) {
                     // The text decides; the page's prior and the detector's word only order
                     // readings whose texts cost the same.
                     if (a.reading.text_cost != b.reading.text_cost) return a.reading.text_cost < b.reading.text_cost;
                     return a.reading.cost < b.reading.cost;
                   });
  return readings;
}

bool plausible(const EncodingReading& r) {
  // (Plus one misplaced-looking character's worth, so that a page with two or three
  // non-ASCII characters is not judged by one "20°K".)
  return r.possible && r.text_cost <= kPlausibleAverage * static_cast<double>(r.non_ascii) + 2.0;
}

// The reading `charset` gives, when it is one of them.
const EncodingReading* reading_of(const std::vector<EncodingReading>& readings, const std::string& charset,
                                  std::string_view sample) {
  if (charset.empty()) return nullptr;
  const auto text = decode_exactly(sample, charset);
  if (!text) return nullptr;
  for (const EncodingReading& r : readings) {
    if (ucnv_compareNames(r.charset.c_str(), charset.c_str()) == 0) return &r;
  }
  // Another page gives the same text (ISO-8859-1 as windows-1252): find it by text.
  for (const EncodingReading& r : readings) {
    if (decode_exactly(sample, r.charset) == text) return &r;
  }
  return nullptr;
}

// Whether `r` is as good a reading as the best one: plausible, and not beaten by
// a clear margin.
bool among_the_best(const EncodingReading* r, const std::vector<EncodingReading>& readings) {
  return r && plausible(*r) && r->text_cost < readings.front().text_cost + kClearMargin;
}

std::string describe_readings(const EncodingGuess& guess) {
  std::vector<std::string> shown;
  for (std::size_t i = 0; i < guess.readings.size() && shown.size() < 2; ++i) {
    shown.push_back(fmt::format("{} → \"{}\"", guess.readings[i].charset, guess.readings[i].first_word));
  }
  if (shown.empty()) return "no code page decodes every byte";
  return fmt::format("\"{}\": {}", guess.first_word_bytes, fmt::join(shown, ", "));
}

// A single-byte charset as ICU reads it, a byte at a time: each byte's UTF-8, or
// none where the charset leaves it undefined. ICU's SBCS and Latin-1 converters read
// every byte alone, so a text's decoding is its bytes' decodings one after another;
// the encoding pass decodes each uncertain page in some twenty such charsets.
struct ByteTable {
  std::array<std::array<char, 4>, 256> utf8{};  // (three bytes at most, and a fourth zero)
  std::array<uint8_t, 256> size{};  // 0: the byte is undefined
  bool ascii_as_itself = false;     // every byte below 0x80 reads as that character (not so in IBM437)
};

// The table of `charset`, or null when ICU does not read it a byte at a time (or
// cannot open it). Built once per charset and thread.
const ByteTable* byte_table(const std::string& charset) {
  thread_local std::unordered_map<std::string, std::unique_ptr<const ByteTable>> tables;
  if (const auto it = tables.find(charset); it != tables.end()) return it->second.get();
  std::unique_ptr<ByteTable> table;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterDeleter> conv(ucnv_open(charset.c_str(), &status));
  const UConverterType type = U_SUCCESS(status) ? ucnv_getType(conv.get()) : UCNV_UNSUPPORTED_CONVERTER;
  if (type == UCNV_SBCS || type == UCNV_LATIN_1) {
    // All 256 bytes in one conversion, undefined ones skipped: the offsets say
    // which byte each character came from.
    char bytes[256];
    for (int b = 0; b < 256; ++b) bytes[b] = static_cast<char>(b);
    UChar units[512];
    int32_t offsets[512];
    const char* source = bytes;
    UChar* target = units;
    ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_SKIP, nullptr, nullptr, nullptr, &status);
    ucnv_toUnicode(conv.get(), &target, units + 512, &source, bytes + 256, offsets, true, &status);
    if (U_SUCCESS(status)) {
      table = std::make_unique<ByteTable>();
      const auto n = static_cast<int32_t>(target - units);
      for (int32_t i = 0; i < n; ++i) {
        const UChar c = units[i];
        const int32_t from = offsets[i];
        // (One character of the BMP a byte, each byte once: decode_exactly writes three
        // bytes a byte at most. Else ICU's own reading is used.)
        if (U16_IS_SURROGATE(c) || from < 0 || from > 255 || table->size[static_cast<std::size_t>(from)] != 0 ||
            (i + 1 < n && offsets[i + 1] == from)) {
          table.reset();
          break;
        }
        auto* utf8 = reinterpret_cast<uint8_t*>(table->utf8[static_cast<std::size_t>(from)].data());
        int32_t size = 0;
        U8_APPEND_UNSAFE(utf8, size, c);
        table->size[static_cast<std::size_t>(from)] = static_cast<uint8_t>(size);
      }
      if (table) {
        table->ascii_as_itself = true;
        for (std::size_t b = 0; b < 0x80; ++b) {
          if (table->size[b] != 1 || table->utf8[b][0] != static_cast<char>(b)) table->ascii_as_itself = false;
        }
      }
    }
  }
  return tables.emplace(charset, std::move(table)).first->second.get();
}

void decide(EncodingGuess& guess, const std::string& charset, EncodingBasis basis, std::string reason) {
  guess.charset = charset;
  guess.confident = true;
  guess.basis = basis;
  guess.reason = std::move(reason);
}

}  // namespace

// The most decode_exactly keeps of its buffer between calls: what a page's sample
// (what the readings are weighed on) needs.
constexpr std::size_t kKeptDecodeBuffer = 3 * kMaxDetectorInput + 1;

std::optional<std::string> decode_exactly(std::string_view bytes, const std::string& charset) {
  if (const ByteTable* table = byte_table(charset)) {
    // (Written in place, four bytes at a time: a byte's UTF-8 is at most three of them.
    // The buffer is the thread's, so that it is not cleared for every page and charset.)
    thread_local std::string buffer;
    if (buffer.size() < bytes.size() * 3 + 1) buffer.resize(bytes.size() * 3 + 1);
    char* at = buffer.data();
    for (std::size_t from = 0; from < bytes.size();) {
      if (table->ascii_as_itself) {
        // A page is mostly ASCII: copied a run at a time.
        const std::size_t run = first_non_ascii(bytes, from);
        std::memcpy(at, bytes.data() + from, run - from);
        at += run - from;
        if ((from = run) == bytes.size()) break;
      }
      const auto b = static_cast<unsigned char>(bytes[from++]);
      if (table->size[b] == 0) return std::nullopt;
      std::memcpy(at, table->utf8[b].data(), 4);
      at += table->size[b];
    }
    std::string_view out(buffer.data(), static_cast<std::size_t>(at - buffer.data()));
    if (out.starts_with("\xEF\xBB\xBF")) out.remove_prefix(3);  // (a leading U+FEFF, as below)
    std::string text(out);
    if (buffer.size() > kKeptDecodeBuffer) std::string().swap(buffer);  // (a big file's is not kept)
    return text;
  }
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterDeleter> conv(ucnv_open(charset.c_str(), &status));
  if (U_FAILURE(status)) return std::nullopt;
  ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  if (U_FAILURE(status)) return std::nullopt;
  icu::UnicodeString decoded(bytes.data(), static_cast<int32_t>(bytes.size()), conv.get(), status);
  if (U_FAILURE(status)) return std::nullopt;
  if (decoded.length() > 0 && decoded.charAt(0) == 0xFEFF) decoded.remove(0, 1);
  std::string out;
  decoded.toUTF8String(out);
  return out;
}

EncodingGuess guess_encoding(std::string_view bytes, const EncodingEvidence& evidence) {
  EncodingGuess guess;
  if (auto bom = charset_from_bom(bytes)) {
    decide(guess, *bom, EncodingBasis::bom, "byte-order mark");
    guess.candidates = {*bom};
    return guess;
  }
  if (!evidence.configured.empty()) {
    // The user's word is final, but a page that cannot hold these bytes is a mistake to report.
    if (decode_exactly(bytes, evidence.configured)) {
      decide(guess, evidence.configured, EncodingBasis::configured, "set by `encoding:` in .kempt.yaml");
    } else {
      guess.basis = EncodingBasis::undecided;
      guess.reason = fmt::format("`encoding: {}` in .kempt.yaml, but not every byte decodes in it", evidence.configured);
    }
    return guess;
  }
  std::string sample_store;
  const std::string_view sample = bytes.size() > kMaxDetectorInput ? (sample_store = detector_input(bytes)) : bytes;
  const std::string detected = uchardet_answer(sample);
  const std::string declared = evidence.declared.empty() ? "" : preferred_charset(evidence.declared);
  const std::string proposed = detected.empty() ? "" : preferred_charset(detected);
  for (Weighed& w : weigh_readings(sample, proposed, {proposed, declared})) guess.readings.push_back(std::move(w.reading));
  guess.first_word_bytes = shown_with_questions(first_word(sample));
  for (const EncodingReading& r : guess.readings) {
    if (plausible(r)) guess.candidates.push_back(r.charset);
  }
  if (guess.readings.empty()) {
    guess.reason = "no code page decodes every byte";
    return guess;
  }
  const EncodingReading& best = guess.readings.front();
  // The reading to beat: the next one that could be text. Readings no text looks
  // like (controls, Arabic vowel signs on Latin letters) are no rivals.
  const EncodingReading* second = nullptr;
  for (std::size_t i = 1; i < guess.readings.size() && !second; ++i) {
    if (plausible(guess.readings[i])) second = &guess.readings[i];
  }

  std::string lie;
  if (!declared.empty()) {
    const EncodingReading* said = reading_of(guess.readings, declared, sample);
    if (among_the_best(said, guess.readings)) {
      decide(guess, said->charset, EncodingBasis::declared,
             fmt::format("declared as {}, and the bytes read plausibly so", evidence.declared));
      return guess;
    }
    lie = fmt::format("declared as {}, but the bytes do not read so; ", evidence.declared);
  }
  if (plausible(best) && (!second || second->text_cost >= best.text_cost + kClearMargin)) {
    decide(guess, best.charset, EncodingBasis::bytes,
           second ? fmt::format("{}the best reading by a clear margin (next: {})", lie, second->charset)
                  : lie + "no other reading looks like text");
    return guess;
  }
  if (!evidence.site.empty()) {
    const EncodingReading* site = reading_of(guess.readings, evidence.site, sample);
    if (among_the_best(site, guess.readings)) {
      decide(guess, site->charset, EncodingBasis::site,
             fmt::format("{}the readings are close, and the site's other pages are {}", lie, evidence.site));
      return guess;
    }
  }
  guess.basis = plausible(best) ? EncodingBasis::thin : EncodingBasis::undecided;
  guess.reason = lie + (plausible(best) ? "the readings are too close to call: " : "no reading looks like text: ") +
                 describe_readings(guess);
  return guess;
}

namespace {


EncodingEvidence evidence_for(const Document& doc) {
  EncodingEvidence evidence;
  if (doc.config) {
    evidence.configured = doc.config->configured_encoding(doc.path);
    if (doc.kind == FileKind::markdown || doc.kind == FileKind::html) evidence.declared = doc.config->jekyll_encoding;
  }
  // The file's own declaration (a page's meta, an XML prolog) outranks its site's.
  const DeclaredCharset said = declared_charset(doc.bytes, doc.kind);
  if (said.state == DeclaredCharset::State::agreed && !said.charset.empty()) evidence.declared = said.charset;
  evidence.site = doc.site_encoding;
  return evidence;
}

// A legacy page's bytes can happen to form valid UTF-8: GB18030 "图片" is CD BC C6
// AC, which UTF-8 reads as "ͼƬ". Only short runs of high bytes do (the chance that
// a longer text's bytes all pair up so is nil), so only a file with few of them is
// looked at, and it is read again only when its UTF-8 characters are implausible.
constexpr std::size_t kMaxHighBytesBehindUtf8 = 48;

// A fixed finding for each declaration a conversion rewrote; `decoded` is the text
// the declarations' spans point into (before the rewrite).
void report_relabelled(const std::string& path, std::string_view decoded,
                       const std::vector<CharsetDeclaration>& rewritten, std::vector<Finding>& findings) {
  if (rewritten.empty()) return;
  const LineIndex lines(decoded);
  for (const CharsetDeclaration& d : rewritten) {
    const auto at = lines.locate(d.label.begin);
    findings.push_back({path, at.line, at.column, "encoding/declaration",
                        fmt::format("declared {}: changed to utf-8 with the conversion", d.written), true});
  }
}

bool mostly_odd(std::string_view utf8) {
  std::size_t odd = 0, all = 0;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto n = static_cast<int32_t>(utf8.size());
  // (From one high byte to the next: the page has few, and is read eight bytes at a time between.)
  for (std::size_t at = first_non_ascii(utf8); at < utf8.size(); at = first_non_ascii(utf8, at)) {
    auto i = static_cast<int32_t>(at);
    UChar32 c;
    U8_NEXT(s, i, n, c);
    at = static_cast<std::size_t>(i);
    if (c < 0x80) continue;
    ++all;
    odd += own_cost(c) >= 2.0 || mojibake::rare_cjk(c);
  }
  return odd > 0 && odd * 2 >= all;
}

void check_legacy_behind_utf8(Document& doc, PassResult& result) {
  // (Counted from one high byte to the next, eight bytes at a time, and only until
  // there are too many: most pages are ASCII but for a few, or have hundreds.)
  std::size_t high = 0;
  for (std::size_t at = first_non_ascii(doc.text); at < doc.text.size() && high <= kMaxHighBytesBehindUtf8;
       at = first_non_ascii(doc.text, at + 1)) {
    ++high;
  }
  if (high == 0 || high > kMaxHighBytesBehindUtf8) return;
  // Most of its characters must be ones no language writes every day ("ͼƬ"): a
  // page of everyday letters ("İstanbul") is what it says, whatever its score.
  if (!mostly_odd(doc.text)) return;
  const TextScore as_utf8 = score_text(doc.text);
  const EncodingReading utf8{"UTF-8", as_utf8.cost, as_utf8.cost, as_utf8.non_ascii, as_utf8.possible, {}};
  if (plausible(utf8)) return;
  std::vector<EncodingReading> readings;
  const EncodingEvidence evidence = evidence_for(doc);
  for (Weighed& w : weigh_readings(doc.text, "", {evidence.configured, evidence.declared})) {
    readings.push_back(std::move(w.reading));
  }
  if (readings.empty() || !plausible(readings.front())) return;
  // The user's `encoding:`, or else the page's own declaration ("gb2312"), settles
  // which legacy reading, once the bytes show that one is needed.
  EncodingBasis basis = EncodingBasis::bytes;
  for (const auto& [told, as] : {std::pair{evidence.configured, EncodingBasis::configured},
                                 std::pair{evidence.declared, EncodingBasis::declared}}) {
    const EncodingReading* said = reading_of(readings, told, doc.text);
    if (!said || !plausible(*said)) continue;
    std::iter_swap(readings.begin(), readings.begin() + (said - readings.data()));
    readings.resize(1);
    basis = as;
    break;
  }
  const EncodingReading& best = readings.front();
  const EncodingReading* rival = nullptr;
  for (std::size_t i = 1; i < readings.size() && !rival; ++i) {
    if (plausible(readings[i])) rival = &readings[i];
  }
  if (best.text_cost + kClearMargin > utf8.text_cost) return;
  const std::string word = shown_with_questions(first_word(doc.bytes));
  auto pos = LineIndex(doc.text).locate(static_cast<std::size_t>(
      std::find_if(doc.text.begin(), doc.text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }) -
      doc.text.begin()));
  const bool sure = !rival || rival->text_cost >= best.text_cost + kClearMargin;
  const std::optional<std::string> decoded = sure ? decode_exactly(doc.bytes, best.charset) : std::nullopt;
  // Converted, the page must say so in the same write, or it is not converted.
  std::optional<DeclarationRewrite> declared;
  if (decoded) declared = rewrite_declarations_after_transcoding(doc.bytes, *decoded, best.charset, doc.kind);
  std::optional<std::string> text;
  if (declared && declared->ok()) text = std::move(declared->text);
  const std::string utf8_word = std::string(first_word(doc.text));
  result.findings.push_back(
      {doc.display_path(), pos.line, pos.column, "encoding/legacy-as-utf8",
       sure && text ? fmt::format("valid UTF-8 by accident: \"{}\" is {} \"{}\"; converted", utf8_word, best.charset,
                                  best.first_word)
                    : fmt::format("valid UTF-8, but \"{}\" reads like {} \"{}\" (or {}); left untouched. If it is, "
                                  "say so in .kempt.yaml (`encoding: {}`)",
                                  utf8_word, best.charset, best.first_word, rival ? rival->charset : "?", best.charset),
       sure && text.has_value(), Severity::warning});
  if (sure && text) {
    report_relabelled(doc.display_path(), *decoded, declared->rewritten, result.findings);
    doc.text = std::move(*text);
    doc.encoding = best.charset;
    doc.encoding_basis = basis;
  }
}

class EncodingPass final : public Pass {
 public:
  std::string_view name() const override { return "encoding"; }
  std::string_view summary() const override {
    return "legacy encodings (windows-125x, GBK, Shift-JIS, UTF-16, ...) to UTF-8; UTF-8 BOM removed";
  }

  bool needs_utf8() const override { return false; }

  PassResult run(Document doc) const override {
    PassResult result;
    const std::string path = doc.display_path();
    if (doc.decoded) {
      // A UTF-8 page declaring another charset is shown garbled; a BOM is all that
      // keeps some of them right, so it stays when the declaration cannot be fixed.
      const bool declarations_ok = correct_declarations_of_utf8(doc, result.findings);
      if (declarations_ok && doc.text.starts_with("\xEF\xBB\xBF")) {
        doc.text.erase(0, 3);
        result.findings.push_back({path, 1, 1, "encoding/bom", "UTF-8 byte-order mark removed", true});
      }
      if (!doc.text.starts_with("\xEF\xBB\xBF")) check_legacy_behind_utf8(doc, result);
      result.document = std::move(doc);
      return result;
    }
    EncodingGuess guess = guess_encoding(doc.bytes, evidence_for(doc));
    std::optional<std::string> text;
    if (guess.confident) text = decode_exactly(doc.bytes, guess.charset);
    if (!text) {
      const std::size_t bad = first_invalid_utf8(doc.bytes);
      const std::string names = guess.candidates.empty() ? "none" : fmt::format("{}", fmt::join(guess.candidates, ", "));
      const std::string hint = guess.candidates.empty() ? std::string("windows-1252") : guess.candidates.front();
      result.findings.push_back(
          {path, static_cast<std::uint32_t>(line_of_offset(doc.bytes, bad)), 0, "encoding/uncertain",
           fmt::format("not UTF-8 (byte {} is 0x{:02X}) and the encoding is unclear: {}; candidates: {}; left "
                       "untouched. If you know it, say so in .kempt.yaml (`encoding: {}`), or convert it yourself "
                       "(`iconv -f {} -t UTF-8`) and check the result",
                       bad, static_cast<unsigned char>(doc.bytes[bad]), guess.reason, names, hint, hint),
           false, Severity::error});
      result.hold = true;
      doc.encoding_basis = guess.basis == EncodingBasis::thin ? EncodingBasis::thin : EncodingBasis::undecided;
      result.document = std::move(doc);
      return result;
    }
    // A converted page must say what it now is, in the same write; if it cannot, it stays as it was.
    DeclarationRewrite declared = rewrite_declarations_after_transcoding(doc.bytes, *text, guess.charset, doc.kind);
    if (!declared.ok()) {
      result.findings.push_back({path, 0, 0, "encoding/declaration",
                                 fmt::format("{}: not converted, as {}", guess.charset, declared.refused), false,
                                 Severity::error});
      result.hold = true;
      result.document = std::move(doc);
      return result;
    }
    report_relabelled(path, *text, declared.rewritten, result.findings);
    doc.text = std::move(declared.text);
    doc.encoding = guess.charset;
    doc.encoding_basis = guess.basis;
    doc.decoded = true;
    auto pos = LineIndex(doc.text).locate(first_non_ascii(doc.text));
    result.findings.push_back({path, pos.line, pos.column, "encoding/transcoded",
                               fmt::format("file was {} ({}); converted to UTF-8", guess.charset, guess.reason),
                               true});
    result.document = std::move(doc);
    return result;
  }
};

}  // namespace

std::unique_ptr<Pass> make_encoding_pass() { return std::make_unique<EncodingPass>(); }

namespace encoding_model {
TextJudgement judge_text(std::string_view utf8) {
  const TextScore score = score_text(utf8);
  TextJudgement j;
  j.cost = score.cost;
  j.non_ascii = score.non_ascii;
  j.possible = score.possible;
  j.plausible = score.possible && score.cost <= kPlausibleAverage * static_cast<double>(score.non_ascii) + 2.0;
  j.foreign_words = score.foreign_words;
  j.wordlike_words = score.wordlike_words;
  return j;
}
double clear_margin() { return kClearMargin; }
std::uint64_t languages_writing_letter(char32_t c) { return legacy_languages_writing(static_cast<UChar32>(c)); }
}  // namespace encoding_model

}  // namespace kempt
