// Code pages and the plausibility model behind the mojibake pass.
//
// The model scores a run of characters by how unlike real text it is: rare or
// impossible characters cost more (rarity comes from CLDR's exemplar characters:
// how many of ICU's locales list a character as everyday), and so do pairs real
// writing does not produce (a letter glued to a symbol, lowercase followed by an
// accented capital, two scripts inside one word). Mojibake of UTF-8 is made of
// exactly such runs — "Ã©", "â€”", "ðŸŽ‰" — and its repair of one likely character.
#include "mojibake_model.hpp"

#include <sys/mman.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <memory>
#include <mutex>
#include <new>
#include <vector>

#include "data.hpp"
#include "mojibake_tables.hpp"

namespace kempt::mojibake {
namespace {

// A pure function of a code point, tabled: each entry is filled the first time it
// is asked for, by calling the function itself, so the function stays the one
// definition of its rules. Planes 0 and 1 (every BMP character, the emoji) are
// tabled, the rest computed each time. An entry is one atomic word, 0 until
// filled: threads that race to fill it store the same value. Tables are
// zero-initialized statics: nothing to construct, and untouched pages cost no memory.
// `compute` returns an entry's encoding, never 0.
template <class Compute>
[[gnu::noinline]] uint64_t fill(std::atomic<uint64_t>* table, UChar32 c, Compute compute) {
  const uint64_t v = compute(c);
  if (c >= 0 && c < detail::kTabledEnd) table[c].store(v, std::memory_order_relaxed);
  return v;
}
template <class Compute>
inline uint64_t tabled(std::atomic<uint64_t>* table, UChar32 c, Compute compute) {
  if (c >= 0 && c < detail::kTabledEnd) {
    const uint64_t v = table[c].load(std::memory_order_relaxed);
    if (v != 0) return v;
  }
  return fill(table, c, compute);  // (out of line: the lookup above stays small)
}

// Costs as never-zero words: the complement of the double's bits (all ones is a
// NaN no cost is); 1 for "no cost" (nullopt).
uint64_t cost_word(double cost) { return ~std::bit_cast<uint64_t>(cost); }
double cost_of_word(uint64_t word) { return std::bit_cast<double>(~word); }
constexpr uint64_t kNoCostWord = 1;

// A single-byte page from its byte table, baked at build time (mojibake_tables.hpp).
CodePage single_byte_page(std::size_t i, uint16_t* encode) {
  const tables::SingleBytePage& spec = tables::kSingleBytePages[i];
  CodePage page;
  page.name = spec.name;
  page.encode = encode;
  for (int b = 0; b < 256; ++b) {
    const int32_t c = b < 0x80 ? b : tables::kSingleByteDecode[i][b - 0x80];
    page.decode[static_cast<std::size_t>(b)] = c;
    if (b < 0x80 || c < 0) continue;
    if (c >= 0x80 && c < 0xA0 && !spec.c1_is_text) page.lost.push_back(static_cast<uint8_t>(b));
    if (c < 0x10000 && c >= 0x80) page.encode[static_cast<std::size_t>(c)] = static_cast<uint8_t>(b);
  }
  // DOS 437's 0xE6 is μ to ICU and µ (micro sign) to Python and Windows: text
  // mangled either way holds the byte as one or the other.
  for (auto [a, b] : {std::pair{0x00B5, 0x03BC}, std::pair{0x03BC, 0x00B5}}) {
    if (page.encode[a] == 0 && page.encode[b] != 0) page.encode[a] = page.encode[b];
  }
  return page;
}

CodePage double_byte_page(const char* name, uint16_t* encode) {
  CodePage page;
  page.name = name;
  page.double_byte = true;
  page.encode = encode;
  return page;
}

}  // namespace

// Double-byte tables are filled the first time a text needs them, from the pairs
// baked at build time (tables::kDoubleBytePairs): every two-byte sequence made of
// bytes that can occur in UTF-8 text.
void build_double_byte(const CodePage& page) {
  std::call_once(page.built->once, [&page] {
    page.pairs.assign(0x10000, false);
    // The first bytes found for a character are the ones it is written with.
    auto add = [&page](int32_t c, uint16_t bytes) {
      if (c >= 0x10000) page.astral.emplace(c, bytes);
      else if (page.encode[static_cast<std::size_t>(c)] == 0) page.encode[static_cast<std::size_t>(c)] = bytes;
    };
    const auto* found = std::find_if(std::begin(tables::kDoubleBytePages), std::end(tables::kDoubleBytePages),
                                     [&page](const char* name) { return page.name == name; });
    const auto index = static_cast<std::size_t>(found - std::begin(tables::kDoubleBytePages));
    if (index < tables::kDoubleBytePageCount) {
      const int32_t* singles = tables::kDoubleByteSingles[index];
      for (int b = 0x80; b < 0x100; ++b)
        if (singles[b - 0x80] >= 0x80) add(singles[b - 0x80], static_cast<uint16_t>(b));
      auto utf8_byte = [](int b) { return (b >= 0x80 && b <= 0xBF) || (b >= 0xC2 && b <= 0xF4); };
      for (int lead = 0x80; lead < 0x100; ++lead) {
        if (!utf8_byte(lead)) continue;
        const int32_t* row = tables::kDoubleBytePairs[index][lead - 0x80];
        for (int trail = tables::kDoubleByteFirstTrail; trail < 0x100; ++trail) {
          const int32_t c = row[trail - tables::kDoubleByteFirstTrail];
          if (c < 0x80) continue;
          add(c, static_cast<uint16_t>(lead * 256 + trail));
          if (!(c >= 0xE000 && c <= 0xF8FF)) page.pairs[static_cast<std::size_t>(lead * 256 + trail)] = true;
        }
      }
      if (page.name == "windows-31j") {
        // Windows' own cp932 decoder (and Python's) passes the two bytes Shift-JIS
        // leaves undefined through instead of failing: 0x80 as U+0080 and 0xA0 as
        // U+F8F0. ICU has no such mapping, but mangled text carries them ("ﾖ\x80"
        // is D6 80, Armenian ր).
        add(0x80, 0x80);
        add(0xF8F0, 0xA0);
      }
    }
    page.built->done.store(true, std::memory_order_release);
  });
}

const std::vector<CodePage>& code_pages() {
  // The single-byte pages (see kSingleBytePages), then the double-byte pages of CJK Windows.
  constexpr std::size_t kPages = tables::kSingleBytePageCount + tables::kDoubleBytePageCount;
  // The pages' encode tables: zero-initialized statics, so that a table costs only
  // the memory pages its characters land on (zeroing 15 vectors of 0x10000 entries
  // cost every process ~0.8 ms).
  static uint16_t encode_tables[kPages][0x10000];
  static const std::vector<CodePage> pages = [] {
    std::vector<CodePage> p;
    p.reserve(kPages);
    for (std::size_t i = 0; i < tables::kSingleBytePageCount; ++i) p.push_back(single_byte_page(i, encode_tables[i]));
    for (const char* name : tables::kDoubleBytePages) p.push_back(double_byte_page(name, encode_tables[p.size()]));
    return p;
  }();
  return pages;
}

namespace {

struct EmojiPrior {
  int tier = 0;
  std::vector<std::string> context;
};

const std::unordered_map<UChar32, EmojiPrior>& emoji_priors() {
  static const std::unordered_map<UChar32, EmojiPrior> priors = [] {
    std::unordered_map<UChar32, EmojiPrior> map;
    std::string_view text = data::kEmojiPrior;
    while (!text.empty()) {
      const std::size_t nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
      if (line.empty() || line[0] == '#') continue;
      const std::size_t tab1 = line.find('\t');
      const std::size_t tab2 = line.find('\t', tab1 + 1);
      if (tab1 == std::string_view::npos) continue;
      // The emoji column may hold a ZWJ sequence: its first code point keys it.
      const auto* s = reinterpret_cast<const uint8_t*>(line.data());
      int32_t i = 0;
      UChar32 c;
      U8_NEXT(s, i, static_cast<int32_t>(tab1), c);
      EmojiPrior prior;
      prior.tier = line[tab1 + 1] - '0';
      if (tab2 != std::string_view::npos) {
        std::string_view words = line.substr(tab2 + 1);
        while (!words.empty()) {
          const std::size_t comma = words.find(',');
          if (comma) prior.context.emplace_back(words.substr(0, comma));
          words = comma == std::string_view::npos ? std::string_view{} : words.substr(comma + 1);
        }
      }
      if (c > 0) map.emplace(c, std::move(prior));
    }
    return map;
  }();
  return priors;
}

bool is_letter(UChar32 c) { return char_props(c).alpha(); }
bool is_lower(UChar32 c) { return char_props(c).lower(); }
bool is_upper(UChar32 c) { return char_props(c).upper(); }
bool is_white(UChar32 c) { return char_props(c).white(); }
// Fullwidth ASCII (ＦＵＬＬ, ！) is how CJK text sets Latin letters and signs; as a
// pair it reads like the ASCII it stands for.
UChar32 narrow(UChar32 c) { return c >= 0xFF01 && c <= 0xFF5E ? c - 0xFEE0 : c; }

bool is_symbol(int8_t type) {
  return type == U_MATH_SYMBOL || type == U_CURRENCY_SYMBOL || type == U_MODIFIER_SYMBOL || type == U_OTHER_SYMBOL;
}
bool is_oddity(int8_t type) {  // symbols, controls, format characters
  return is_symbol(type) || type == U_CONTROL_CHAR || type == U_FORMAT_CHAR;
}

}  // namespace

bool is_cjk_script(UScriptCode s) {
  return s == USCRIPT_HAN || s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA || s == USCRIPT_HANGUL ||
         s == USCRIPT_BOPOMOFO;
}

namespace {

// Tabled on its own, not through char_props: triggers() asks it of the whole BMP,
// which needs no other property.
UScriptCode script_of(UChar32 c) {
  static std::atomic<uint64_t> table[detail::kTabledEnd];
  return static_cast<UScriptCode>(static_cast<int32_t>(tabled(table, c, [](UChar32 c) {
    UErrorCode status = U_ZERO_ERROR;
    return static_cast<uint64_t>(static_cast<uint32_t>(uscript_getScript(c, &status))) | 1ull << 63;
  })));
}

}  // namespace

bool latin_capital(UChar32 c) { return is_upper(c) && script_of(c) == USCRIPT_LATIN; }

namespace {

// Letters some locale lists as auxiliary (loanwords, older spellings: Yiddish װ,
// Arabic tatweel ـ): real text has them, rarely.
bool auxiliary_exemplar(UChar32 c) { return tables::run_value(tables::kAuxiliaryExemplars, c) != 0; }

}  // namespace

std::span<const uint16_t> languages_writing(UChar32 c) {
  using tables::kLetterLanguages, tables::kLanguageIds;
  const auto it = std::lower_bound(kLetterLanguages.begin(), kLetterLanguages.end() - 1, c,
                                   [](const tables::LetterLanguages& l, UChar32 c) { return l.c < c; });
  if (it == kLetterLanguages.end() - 1 || it->c != c) return {};
  return kLanguageIds.subspan(it->begin, it[1].begin - it->begin);
}

// Whether some language (CLDR locale) writes both accented Latin letters: "ÅØ" in
// capitals is Norwegian, while no language writes both Ã and Š ("ÃŠ" is Ê misread).
// (Lowercase pairs stay suspect: French has â and œ, "âœ" is ✔ misread.)
bool one_language_writes_both(UChar32 a, UChar32 b) {
  // Both lists are sorted: walk them side by side.
  const auto la = languages_writing(a), lb = languages_writing(b);
  for (auto i = la.begin(), j = lb.begin(); i != la.end() && j != lb.end();) {
    if (*i == *j) return true;
    *i < *j ? ++i : ++j;
  }
  return false;
}


int exemplar_count(UChar32 c) {
  return c >= 0 && c < 0x110000 ? tables::run_value(tables::kExemplarCounts, c) : 0;
}

bool rare_cjk(UChar32 c) {
  if (c < 0x2E80 || exemplar_count(c) > 0) return false;
  return is_cjk_script(script_of(c)) || (c >= 0xFF61 && c <= 0xFF9F);  // halfwidth katakana
}

CharProps CharProps::of(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  uint64_t bits = static_cast<uint8_t>(u_charType(c)) | static_cast<uint64_t>(static_cast<uint16_t>(script)) << 8;
  if (u_isalpha(c)) bits |= kAlpha;
  if (u_isULowercase(c)) bits |= kLower;
  if (u_isUUppercase(c)) bits |= kUpper;
  if (u_isUWhiteSpace(c)) bits |= kWhite;
  if (u_ispunct(c)) bits |= kPunct;
  if (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) || u_hasBinaryProperty(c, UCHAR_EMOJI_MODIFIER)) {
    bits |= kPictographic;
  }
  return CharProps(bits);
}

namespace detail {
std::atomic<uint64_t> char_props_table[kTabledEnd];
uint64_t char_props_fill(UChar32 c) {
  return tabled(char_props_table, c, [](UChar32 c) { return CharProps::of(c).bits() | 1ull << 63; });
}
}  // namespace detail

// The model's rules for one character (char_cost is this, tabled).
double char_cost_rules(UChar32 c);
std::optional<double> emoji_cost_rules(UChar32 c, std::string_view next_word);

double char_cost(UChar32 c) {
  static std::atomic<uint64_t> table[detail::kTabledEnd];
  return cost_of_word(tabled(table, c, [](UChar32 c) { return cost_word(char_cost_rules(c)); }));
}

// Only the context word's bonus depends on `next_word`: whether `c` is an emoji at
// all, and its cost without context, are tabled.
std::optional<double> emoji_cost(UChar32 c, std::string_view next_word) {
  static std::atomic<uint64_t> table[detail::kTabledEnd];
  const uint64_t word = tabled(table, c, [](UChar32 c) {
    const auto cost = emoji_cost_rules(c, {});
    return cost ? cost_word(*cost) : kNoCostWord;
  });
  if (word == kNoCostWord) return std::nullopt;
  if (next_word.empty()) return cost_of_word(word);
  return emoji_cost_rules(c, next_word);
}

std::optional<double> emoji_cost_rules(UChar32 c, std::string_view next_word) {
  const auto& priors = emoji_priors();
  auto it = priors.find(c);
  if (it != priors.end()) {
    double cost = it->second.tier == 1 ? 1.0 : 2.0;
    for (const std::string& w : it->second.context) {
      if (w.size() == next_word.size() &&
          std::equal(w.begin(), w.end(), next_word.begin(),
                     [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); })) {
        cost -= 1.5;
        break;
      }
    }
    return cost;
  }
  if (u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION)) return 2.5;
  if (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC)) return 3.0;
  return std::nullopt;
}

double char_cost_rules(UChar32 c) {
  if (c < 0x80) return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') ? kImpossible : 0.0;
  if (c == 0xFFFD) return 2.0;  // a loss already made: marking it is no harm
  if (narrow(c) != c) return 1.5;
  // Characters normalization always replaces (EM QUAD, OHM SIGN, Å as ANGSTROM SIGN)
  // hardly survive in text; they are what a wrong guess at lost bytes gives.
  if (u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_NO) return 6.0;
  if (c >= 0x1D400 && c <= 0x1D7FF) return 6.0;  // 𝟗 𝐀: mathematical alphanumerics live in formulas
  const int8_t type = u_charType(c);
  if (type == U_UNASSIGNED || type == U_PRIVATE_USE_CHAR || type == U_SURROGATE ||
      u_hasBinaryProperty(c, UCHAR_NONCHARACTER_CODE_POINT)) {
    return 15.0;
  }
  if (type == U_CONTROL_CHAR) return kImpossible;
  if (type == U_FORMAT_CHAR) return 6.0;
  if (const auto e = emoji_cost(c, {})) return *e;
  const int k = exemplar_count(c);
  if (c == 0xA0) return 3.0;  // NBSP: typed by few, left behind by many byte mix-ups
  if (c == 0x2800) return 2.0;  // the blank braille pattern: a spacer that social posts use
  switch (c) {  // symbols everyday text has, whatever the locale
    case 0xD7: case 0xF7: case 0xB0: case 0xB1: case 0xA7: case 0xB6: case 0xB7: case 0xA9: case 0xAE:
    case 0x2122: case 0x20AC: case 0xA3: case 0xA5: case 0xA2: case 0xB5: case 0xBD: case 0xBC: case 0xBE:
      return 2.5;
    default: break;
  }
  if (k >= 20) return 1.0;
  if (k >= 5) return 1.5;
  if (k >= 2) return 2.0;
  if (k == 1) return 2.5;  // everyday in one language (ệ in Vietnamese)
  if (is_letter(c) && auxiliary_exemplar(c) && script_of(c) != USCRIPT_LATIN) return 4.0;
  if (c >= 0x2500 && c <= 0x259F) return 2.0;  // box drawing and blocks: real in diagrams
  if (c >= 0xFB00 && c <= 0xFB06) return 2.0;  // ﬁ ﬂ: everywhere text was copied from a PDF
  if (c == 0x0640) return 2.5;  // Arabic tatweel, a modifier letter that stretches words ("بـ%s")
  if (is_letter(c)) {
    if (is_cjk_script(script_of(c))) return 6.0;
    // Phonetic and modifier letters (ɮ, ᴴ, ʅ) are what stray byte pairs decode to.
    // Outside any locale's letters, these are only ever byte pairs decoded wrong.
    if (type == U_MODIFIER_LETTER || (c >= 0x1D00 && c <= 0x1DBF)) return kImpossible;
    if (c >= 0x0250 && c <= 0x02FF) return 10.0;
    return 8.0;
  }
  switch (type) {
    case U_NON_SPACING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_ENCLOSING_MARK: return 5.0;
    case U_SPACE_SEPARATOR: return 2.0;
    case U_CURRENCY_SYMBOL: return 3.0;
    case U_OTHER_NUMBER: return 4.5;
    default: break;
  }
  if (is_symbol(type)) return (c >= 0x2600 && c <= 0x27BF) ? 3.0 : 5.0;  // ♥ ♫ ★ ✓: symbols people type
  return 3.5;  // other punctuation
}

namespace {

bool is_mark(int8_t type) {
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
}
bool is_box(UChar32 c) { return c >= 0x2500 && c <= 0x259F; }
// u_isdigit for the ASCII pair_cost asks it of, without a call into ICU.
bool ascii_digit(UChar32 c) { return c >= '0' && c <= '9'; }

// Two scripts inside one word: impossible, but for the mixes real text has.
double script_mix_cost(UScriptCode a, UScriptCode b) {
  if (a == b || a == USCRIPT_COMMON || a == USCRIPT_INHERITED || b == USCRIPT_COMMON || b == USCRIPT_INHERITED) {
    return 0.0;
  }
  if (is_cjk_script(a) && is_cjk_script(b)) return 0.0;
  // Science writes Greek letters into Latin words (IL2Rγc, β-catenin).
  if ((a == USCRIPT_LATIN && b == USCRIPT_GREEK) || (a == USCRIPT_GREEK && b == USCRIPT_LATIN)) return 1.5;
  return 5.0;
}

}  // namespace

namespace {

// (Out of line: a kept answer is the common case, and the lookup, kept_pair_cost, is
// inlined where it is asked.)
[[gnu::noinline]] double pair_cost_of(UChar32 a, UChar32 b) {
  if (a <= 0 || b <= 0) return 0.0;
  // A lost character marked inside an ASCII word ("obi�ne") stands for whatever letter was there.
  if ((a == 0xFFFD && b < 0x80) || (b == 0xFFFD && a < 0x80)) return 0.0;
  a = narrow(a), b = narrow(b);
  const CharProps pa = char_props(a), pb = char_props(b);  // once: compilers do not merge atomic reads
  // An NBSP glued to a lowercase letter after it ("Ã\u00A0idhlig") is a lost
  // byte's trace; between words in capitals ("SELKÄ\u00A0EDELLÄ") it is a space.
  if (a == 0xA0 && b < 0x80 && std::islower(static_cast<int>(b))) return 2.0;
  if (pa.white() || pb.white()) return 0.0;
  // A question mark glued to the letter after it ("VÄ?n", "Ă?rsted") is where an
  // editor wrote a byte it could not read.
  if (a == '?' && pb.alpha()) return 2.0;
  if (a < 0x80 && b < 0x80) return 0.0;
  if (is_box(a) && is_box(b)) return 0.0;
  const int8_t ta = pa.type(), tb = pb.type();
  const bool la = pa.alpha(), lb = pb.alpha();
  double cost = 0.0;
  if ((la || is_mark(ta)) && (lb || is_mark(tb))) {
    const UScriptCode sa = script_of(a), sb = script_of(b);
    cost += script_mix_cost(sa, sb);
    if (la && lb && pa.lower() && pb.upper()) cost += b >= 0x80 ? 3.5 : 2.5;
    if (la && lb && a >= 0x80 && b >= 0x80 && sa == USCRIPT_LATIN && sb == USCRIPT_LATIN && a != b &&
        !(pa.upper() && pb.upper() && one_language_writes_both(a, b))) {
      cost += 3.0;
    }
  }
  // Punctuation that ends a word (’ ” » › … – —) may follow a letter; other
  // punctuation glued to a letter ("Õ§", "Ã‡", "Ã¶") is a byte mix-up's mark.
  auto ends_word = [](UChar32 c) {
    return c == 0x2019 || c == 0x201D || c == 0xBB || c == 0x203A || c == 0x2026 || c == 0x2013 || c == 0x2014 ||
           c == 0xB4 || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF65);  // CJK punctuation: no spaces
  };
  if (la && b >= 0x80 && pb.punct() && !ends_word(b) && tb != U_INITIAL_PUNCTUATION &&
      tb != U_START_PUNCTUATION) {
    cost += 3.0;
  }
  if (a >= 0x80 && pa.punct() && lb && a != 0x2019 && a != 0x2013 && a != 0x2014 && !(a >= 0x3000 && a <= 0x303F) &&
      !(a >= 0xFF00 && a <= 0xFF65) && ta != U_FINAL_PUNCTUATION &&
      ta != U_END_PUNCTUATION && ta != U_INITIAL_PUNCTUATION && ta != U_START_PUNCTUATION) {
    cost += ends_word(a) ? 2.5 : 2.0;  // "»…n", "¶l"
  }
  // A digit glued to a non-ASCII letter ("11Ã—15").
  if ((a < 0x80 && ascii_digit(a) && lb && b >= 0x80) || (b < 0x80 && ascii_digit(b) && la && a >= 0x80)) cost += 1.0;
  // Ordinals glue lowercase to a digit (2ème, 1º); a capital straight after a digit is rarer.
  if (a < 0x80 && ascii_digit(a) && lb && b >= 0x80 && pb.upper()) cost += 2.0;
  // A math sign between digits is how sizes and products are written (11×15).
  if ((a < 0x80 && ascii_digit(a) && tb == U_MATH_SYMBOL) || (ta == U_MATH_SYMBOL && b < 0x80 && ascii_digit(b))) {
    cost -= 1.0;
  }
  // A script's own combining mark needs a letter of that script to sit on (the
  // generic ones, U+0300–U+036F, go on anything: "$̶6̶3̶" strikes through digits).
  if (is_mark(tb) && !la && !is_mark(ta) && script_of(b) != USCRIPT_INHERITED) cost += 4.0;
  // Two marks of punctuation glued, the second opening something ("™«").
  if (a >= 0x80 && b >= 0x80 && !la && !lb && (tb == U_INITIAL_PUNCTUATION || tb == U_START_PUNCTUATION)) cost += 2.5;
  // A digit next to a letter of another script ("5ף35").
  if ((a < 0x80 && ascii_digit(a) && lb && script_of(b) != USCRIPT_LATIN) ||
      (b < 0x80 && ascii_digit(b) && la && script_of(a) != USCRIPT_LATIN)) {
    cost += 1.5;
  }
  // Superscript digits and fractions glued between letters ("RÎ³c").
  if ((la && b >= 0x80 && tb == U_OTHER_NUMBER) || (a >= 0x80 && ta == U_OTHER_NUMBER && lb)) cost += 2.0;
  // ™ ® © are made to follow a word (NESTLÉ®); other symbols glued to a letter are not.
  // (Not after Ã, Â and the other Latin-1 capitals that are UTF-8 lead bytes: "OÃ™" is "OÙ".)
  const bool mark_sign = (b == 0x2122 || b == 0xAE || b == 0xA9 || b == 0x2120) &&
                         (a < 0x80 || (pa.upper() && !(a >= 0xC2 && a <= 0xDF)));
  if (la && b >= 0x80 && is_oddity(tb) && !mark_sign) cost += 3.0;
  // A math symbol before a letter is math (√π, ∂x); other symbols glued to a word are not.
  if (a >= 0x80 && is_oddity(ta) && ta != U_MATH_SYMBOL && lb) cost += 2.0;
  if (a >= 0x80 && b >= 0x80 && !la && !lb && (is_oddity(ta) || pa.punct()) && (is_oddity(tb) || pb.punct())) {
    cost += 1.5;
  }
  if (la && b >= 0x80 && (tb == U_INITIAL_PUNCTUATION || tb == U_START_PUNCTUATION)) cost += 3.5;
  // ’ inside a word is an apostrophe; other closing marks glued to a letter are not.
  if (a >= 0x80 && a != 0x2019 && (ta == U_FINAL_PUNCTUATION || ta == U_END_PUNCTUATION) && lb) cost += 3.5;
  return cost;
}

}  // namespace

// The model asks the same pairs over and over (every reading of every run of a
// mangled page): each thread keeps the last answers, 16,384 of them by a hash of
// the pair. The cost is a function of the pair alone, so a kept answer is the
// answer. (All zero to begin with, which is the pair (0, 0) and its cost, 0.)
// The table is mapped on a thread's first question, not thread_local itself: a
// thread's static TLS is zeroed whole when it starts, and these 256 KiB were 64
// page faults of every process and every worker, most of which ask nothing. The
// mapping is populated at once: a thread that asks at all soon touches every
// page, and a page read before it is written faults twice. A thread that ends
// leaves its table to the next one (`kempt text` starts a thread for each part of
// its input): its answers are as good for any thread, and a fresh mapping costs
// more than the zeroing it replaced.
namespace {

struct KeptCost {
  uint64_t pair;
  double cost;
};
constexpr std::size_t kKeptBytes = 16384 * sizeof(KeptCost);

// Tables of threads that have ended. (Never destroyed: a thread may end after
// static destructors have run.)
struct KeptPool {
  std::mutex mutex;
  std::vector<KeptCost*> free;
};
KeptPool& kept_pool() {
  static KeptPool* const pool = new KeptPool;
  return *pool;
}

// A thread's table, handed back to the pool when the thread ends. (Reached only
// when the table is taken: a thread_local with a destructor is reached through a
// call, which the lookup of every pair should not pay.)
struct KeptTable {
  KeptCost* slots = nullptr;
  ~KeptTable() {
    if (!slots) return;
    KeptPool& pool = kept_pool();
    std::lock_guard lock(pool.mutex);
    pool.free.push_back(slots);
  }
};

[[gnu::cold, gnu::noinline]] KeptCost* map_kept_table() {
  thread_local KeptTable table;
  {
    KeptPool& pool = kept_pool();
    std::lock_guard lock(pool.mutex);
    if (!pool.free.empty()) {
      table.slots = pool.free.back();
      pool.free.pop_back();
      return table.slots;
    }
  }
  void* p = ::mmap(nullptr, kKeptBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  table.slots = static_cast<KeptCost*>(p);
  return table.slots;
}

// (Inlined into run_cost, which asks it for every pair of every reading.)
[[gnu::always_inline]] inline double kept_pair_cost(UChar32 a, UChar32 b) {
  thread_local KeptCost* kept = nullptr;  // (trivial: read directly)
  if (!kept) kept = map_kept_table();
  const uint64_t pair = static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32 | static_cast<uint32_t>(b);
  KeptCost& k = kept[(pair * 0x9E3779B97F4A7C15ull) >> 50];
  if (k.pair != pair) k = {pair, pair_cost_of(a, b)};
  return k.cost;
}

}  // namespace

double pair_cost(UChar32 a, UChar32 b) { return kept_pair_cost(a, b); }

// A letter no CLDR locale lists is rare on its own, but a run of them in one
// non-Latin script is a language ICU has no exemplars for (Canadian syllabics,
// Yiddish ligatures): the second letter on costs what a listed one does.
double letter_in_script_run(UChar32 c, UChar32 prev) {
  const double cost = char_cost(c);
  if (cost < 8.0 || cost >= kImpossible || prev < 0x80 || !is_letter(c) || !is_letter(prev)) return cost;
  const UScriptCode script = script_of(c);
  if (script == USCRIPT_LATIN || script == USCRIPT_COMMON || is_cjk_script(script) || script_of(prev) != script) {
    return cost;
  }
  return 2.5;
}

bool pictographic(UChar32 c) {
  return c > 0 && char_props(c).pictographic();
}

// ZWJ between two emoji (🧑‍🏫) and the emoji variation selector after one (🗞️) are
// how emoji are written; anywhere else they are stray format characters.
bool emoji_joiner(UChar32 c, UChar32 prev, UChar32 next) {
  if (c == 0x200D) return pictographic(prev) && pictographic(next);
  if (c == 0xFE0F) return pictographic(prev) || (prev >= 0x23 && prev <= 0x39);  // keycaps: 1️⃣
  return false;
}

double run_cost(std::u32string_view run, UChar32 before2, UChar32 before, UChar32 after, UChar32 after2) {
  double cost = 0.0;
  UChar32 prev2 = before2, prev = before;
  for (std::size_t i = 0; i < run.size(); ++i) {
    const UChar32 c = static_cast<UChar32>(run[i]);
    const UChar32 following = i + 1 < run.size() ? static_cast<UChar32>(run[i + 1]) : after;
    cost += emoji_joiner(c, prev, following) ? 0.5 : letter_in_script_run(c, prev) + kept_pair_cost(prev, c);
    // "CAFə": a lowercase accented letter ending a word in capitals.
    const UChar32 next = i + 1 < run.size() ? static_cast<UChar32>(run[i + 1]) : after;
    if (c >= 0x80 && is_lower(c) && prev > 0 && prev2 > 0 && is_upper(prev) && is_upper(prev2) &&
        !(next > 0 && is_lower(next))) {
      cost += 3.0;
    }
    // "obiÄne": a lone accented capital inside a lowercase word is a lead byte
    // whose continuation was dropped.
    if (c >= 0x80 && is_upper(c) && script_of(c) == USCRIPT_LATIN && prev > 0 && is_lower(prev) &&
        next > 0 && is_lower(next) &&
        !(i + 1 < run.size() && is_upper(static_cast<UChar32>(run[i + 1])))) {
      cost += 4.0;
    }
    // "Ã" as a word of its own: no language writes a lone accented Latin capital
    // so, but for the capitals of one-letter Romance words (À, É, Ó…). (Greek and
    // Cyrillic have one-letter words: "Η", "В".)
    if (c >= 0x80 && is_upper(c) && script_of(c) == USCRIPT_LATIN && (prev <= 0 || is_white(prev)) &&
        (next <= 0 || is_white(next)) && std::u32string_view(U"ÀÁÈÉÒÓÙÚ").find(static_cast<char32_t>(c)) == std::u32string_view::npos) {
      cost += 3.5;
    }
    prev2 = prev;
    prev = c;
  }
  cost += kept_pair_cost(prev, after);
  (void)after2;
  return cost;
}

namespace {

// Characters that wake the double-byte pages: rare CJK, and the private-use
// characters windows-31j reads its user-defined lead bytes F0–F4 as (E000–E3AF):
// every emoji's UTF-8 lead byte, so "\uE05E庁" is 💡 read as Shift-JIS.
bool wakes_double_byte(UChar32 c) { return rare_cjk(c) || (c >= 0xE000 && c <= 0xE3AF); }

// The trigger facts that do not come from the single-byte pages.
uint32_t cjk_facts(UChar32 c) {
  if (c < 0x2E80) return 0;
  return (wakes_double_byte(c) ? 1u << 31 : 0u) | (is_cjk_script(script_of(c)) ? kCjkBit : 0u);
}

}  // namespace

namespace detail {
std::atomic<uint64_t> byte_roles_table[kTabledEnd];
uint64_t byte_roles_fill(UChar32 c) {
  return tabled(byte_roles_table, c, [](UChar32 c) {
    uint64_t roles = 1ull << 63;
    const auto& pages = code_pages();
    for (std::size_t i = 0; i < pages.size() && i < 16 && c >= 0x80 && c < 0x10000; ++i) {
      if (pages[i].double_byte) continue;
      const uint16_t b = pages[i].encode[static_cast<std::size_t>(c)];
      if (b >= 0xC2 && b <= 0xF4) roles |= 1ull << i;
      if (b >= 0xC2 && b <= 0xDF) roles |= 1ull << (16 + i);
      if (b >= 0x80 && b <= 0xBF) roles |= 1ull << (32 + i);
    }
    return roles;
  });
}
std::atomic<uint32_t> trigger_table[0x10000];
uint32_t trigger_fill(UChar32 c) {
  // Not a character of any single-byte page: triggers() filled all of those.
  const uint32_t facts = cjk_facts(c) | kTabledBit;
  trigger_table[c].store(facts, std::memory_order_relaxed);
  return facts;
}
}  // namespace detail

// Tabled rather than built for the whole BMP up front: text asks about few code
// points, and clean ASCII about none. Only the single-byte pages' own characters
// (at most 128 a page) are filled here, from the byte tables, so that a lookup
// never has to search the pages. (No lookup runs before this is done: it needs
// the Triggers this returns.)
const Triggers& triggers() {
  static const Triggers t = [] {
    Triggers t;
    auto add = [](UChar32 c, uint32_t bits) {
      std::atomic<uint32_t>& entry = detail::trigger_table[c];
      const uint32_t facts = entry.load(std::memory_order_relaxed);
      entry.store((facts != 0 ? facts : cjk_facts(c) | kTabledBit) | bits, std::memory_order_relaxed);
    };
    const auto& pages = code_pages();
    for (std::size_t i = 0; i < pages.size(); ++i) {
      const CodePage& page = pages[i];
      if (page.double_byte) {
        t.double_byte_pages |= 1u << i;
        continue;
      }
      for (int b = 0x80; b < 0x100; ++b) {
        const int32_t c = page.decode[static_cast<std::size_t>(b)];
        if (c < 0x80 || c >= 0x10000) continue;
        if (b >= 0xC2 && b <= 0xF4) add(c, 1u << i);
        if (b <= 0xBF) add(c, 1u << (16 + i));
        if (b >= 0xC2 && b <= 0xDF && c < 0x250 && !page.lost.empty() && latin_capital(c)) {
          t.lone_lead_pages[static_cast<std::size_t>(c)] |= static_cast<uint16_t>(1u << i);
        }
      }
    }
    return t;
  }();
  return t;
}

}  // namespace kempt::mojibake
