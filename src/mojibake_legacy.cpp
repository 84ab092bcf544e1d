// Legacy text shown through a Latin page (see mojibake_legacy.hpp). The search is the
// one of the UTF-8 chains turned around: the line is written again with the page it
// was shown through, and the bytes decoded with each legacy page; the model decides,
// with the same "sure or leave it" rule: the whole line must read clearly better, in
// one script, and clearly better than any other page makes of it.
#include "mojibake_legacy.hpp"

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <span>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "encoding_letter_pairs.hpp"
#include "encoding_score.hpp"
#include "mojibake_model.hpp"

namespace kempt::mojibake {
namespace {

// The pages a line could have been shown through, and the pages its bytes may be.
constexpr const char* kShownAs[] = {"windows-1252", "ISO-8859-1"};
struct Source {
  const char* icu;    // ICU converter
  const char* user;   // how users name it (rule ids)
  UScriptCode script;  // the letters its text is written in (USCRIPT_JAPANESE: Han and kana)
};
// (The CJK pages hold Greek and Cyrillic rows too: "¬´" is GB2312's "Т". Their text
// is read as CJK only.)
constexpr Source kSources[] = {
    {"GB18030", "gbk", USCRIPT_HAN},          {"Big5", "big5", USCRIPT_HAN},
    {"windows-31j", "shift-jis", USCRIPT_JAPANESE}, {"windows-949", "euc-kr", USCRIPT_HANGUL},
    {"windows-1251", "cp1251", USCRIPT_CYRILLIC}, {"windows-1253", "cp1253", USCRIPT_GREEK},
    {"windows-1254", "cp1254", USCRIPT_LATIN}, {"windows-1256", "cp1256", USCRIPT_ARABIC},
    {"macintosh", "macroman", USCRIPT_LATIN},
};

// The whole line must read clearly better (the encoding pass's margin between two
// readings of a page), and more so the more it changes.
constexpr double kLineMargin = 3.0;
constexpr double kPerChar = 0.25;
// The best reading must beat every other page's by this much ("sure").
constexpr double kRivalMargin = 3.0;
constexpr double kPerCharCost = 1.0;
// A pair of letters the line's language does not write (the encoding pass's cost).
constexpr double kUnwrittenPair = 2.5;

// windows-1254 shares windows-1252's letters but six (ğ ı ş İ Ş Ğ for ð ý þ Ý Þ Ð):
// its text is told from the line's language as a whole (line_language_misses).
bool turkish(std::size_t source) { return std::string_view(kSources[source].icu) == "windows-1254"; }

// Turkish's İ is I with a dot: the word lists have it as i, as they have I ("İşaret"
// is "işaret"), which the encoding pass's judge keeps apart (for it, İ in a
// windows-1252 page is a misread Ý).
std::u32string dotless_capitals(std::u32string text) {
  std::replace(text.begin(), text.end(), U'İ', U'I');
  return text;
}

// Whether the line could be Turkish shown through windows-1252: two of ð ý þ Ð Ý Þ
// (a reading must change more than a letter to be sure), and no letter beyond ASCII
// that Turkish does not write (Icelandic's á æ, Czech's č ř: their text, as it
// stands, is all that wakes this).
bool maybe_turkish(std::u32string_view text) {
  std::size_t shown = 0;
  for (char32_t c : text) {
    if (c < 0x80) continue;
    if (std::u32string_view(U"ðýþÐÝÞ").find(c) != std::u32string_view::npos) {
      ++shown;
    } else if (u_isalpha(static_cast<UChar32>(c)) && std::u32string_view(U"çöüâîûÇÖÜÂÎÛ").find(c) == std::u32string_view::npos) {
      return false;
    }
  }
  return shown >= 2;
}

bool cjk(std::size_t source) {
  const UScriptCode s = kSources[source].script;
  return s == USCRIPT_HAN || s == USCRIPT_JAPANESE || s == USCRIPT_HANGUL;
}

// CJK text glues ASCII words and signs to its own ("第一个WAL段", "chdir를",
// "「%s」"), which the encoding pass's judge, made for pages of words between
// spaces, takes for a misread glued to a Latin word: its readings are judged with a
// space there.
// (A lone letter glued so is no word: "컬쨗채l" is Turkish UTF-8 read as windows-949.)
std::u32string ascii_spaced(std::u32string_view text) {
  auto ascii_letter = [&](std::size_t k) { return text[k] < 0x80 && u_isalpha(static_cast<UChar32>(text[k])); };
  auto lone_letter = [&](std::size_t k) {
    return ascii_letter(k) && (k == 0 || !ascii_letter(k - 1)) && (k + 1 == text.size() || !ascii_letter(k + 1));
  };
  std::u32string out;
  out.reserve(text.size() + 8);
  for (std::size_t k = 0; k < text.size(); ++k) {
    if (k > 0 && ((text[k - 1] >= 0x3000 && text[k] < 0x80 && text[k] != U' ' && !lone_letter(k)) ||
                  (text[k - 1] < 0x80 && text[k - 1] != U' ' && !lone_letter(k - 1) && text[k] >= 0x3000))) {
      out += U' ';
    }
    out += text[k];
  }
  return out;
}

struct ConverterClose {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// One converter per page and thread, opened on first use, failing on any byte the
// page does not define (a reading that needs a substitute is no reading).
UConverter* converter(std::size_t source) {
  thread_local std::unique_ptr<UConverter, ConverterClose> open[std::size(kSources)];
  if (!open[source]) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* c = ucnv_open(kSources[source].icu, &status);
    if (U_FAILURE(status)) return nullptr;
    ucnv_setToUCallBack(c, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    open[source].reset(c);
  }
  ucnv_reset(open[source].get());
  return open[source].get();
}

struct Shown {
  std::u32string chars;                 // the line as it stands
  std::vector<std::size_t> offsets;     // each character's byte in the text
  std::vector<std::size_t> sizes;       // and its UTF-8 length
};

// The line written again with `page`: one byte a character (C1 controls stand for
// the bytes windows-1252 leaves undefined, as browsers show them).
std::optional<std::string> bytes_shown_as(const Shown& line, const CodePage& page) {
  std::string bytes;
  bytes.reserve(line.chars.size());
  for (char32_t c : line.chars) {
    if (c >= 0x80 && c <= 0x9F) {
      bytes += static_cast<char>(c);
      continue;
    }
    const std::size_t before = bytes.size();
    if (!encode_char(page, static_cast<UChar32>(c), bytes) || bytes.size() != before + 1) return std::nullopt;
  }
  return bytes;
}

std::string utf8_of(std::u32string_view text) {
  std::string out;
  for (char32_t ch : text) {
    char buf[4];
    int32_t len = 0;
    UBool err = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, static_cast<UChar32>(ch), err);
    if (!err) out.append(buf, static_cast<std::size_t>(len));
  }
  return out;
}

struct Reading {
  std::u32string text;
  std::vector<int32_t> from;  // the byte (= shown character) each character starts at
  double cost = 0;
  std::size_t source = 0, shown = 0;
};

// Decodes `bytes` with a legacy page; nullopt for bytes it does not define.
std::optional<Reading> read_with(const std::string& bytes, std::size_t source) {
  UConverter* cnv = converter(source);
  if (!cnv) return std::nullopt;
  std::vector<UChar> units(bytes.size() * 2 + 4);
  std::vector<int32_t> offsets(units.size());
  UChar* target = units.data();
  const char* src = bytes.data();
  int32_t* off = offsets.data();
  UErrorCode status = U_ZERO_ERROR;
  ucnv_toUnicode(cnv, &target, units.data() + units.size(), &src, bytes.data() + bytes.size(), off, true, &status);
  if (U_FAILURE(status)) return std::nullopt;
  Reading r;
  const auto n = static_cast<int32_t>(target - units.data());
  for (int32_t i = 0; i < n;) {
    const int32_t at = offsets[static_cast<std::size_t>(i)];
    UChar32 c;
    U16_NEXT(units.data(), i, n, c);
    r.text += static_cast<char32_t>(c);
    r.from.push_back(at);
  }
  return r;
}

// Whether every letter beyond ASCII is of the page's own script (Common and Inherited
// aside), counting them into `*letters`.
bool in_page_script(std::u32string_view text, UScriptCode page_script, std::size_t* letters) {
  *letters = 0;
  for (char32_t ch : text) {
    const auto c = static_cast<UChar32>(ch);
    if (c < 0x80) continue;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode s = uscript_getScript(c, &status);
    if (s == USCRIPT_COMMON || s == USCRIPT_INHERITED) continue;
    // The CJK pages: GBK and Big5 write Han; Shift-JIS Han and kana; the Korean page
    // Hangul (Han in Korean text is rare today, and what other bytes turn into).
    const bool japanese = page_script == USCRIPT_JAPANESE && (s == USCRIPT_HAN || s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA);
    if (!japanese && s != page_script) return false;
    ++*letters;
  }
  return true;
}

UScriptCode script_of(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(c, &status);
}

bool is_symbol(UChar32 c) {
  const int8_t type = u_charType(c);
  return type == U_MATH_SYMBOL || type == U_CURRENCY_SYMBOL || type == U_MODIFIER_SYMBOL || type == U_OTHER_SYMBOL;
}

// Each word of letters beyond ASCII is lowercase, capitals, or a capital and then
// lowercase: the pages that are not the text's own turn its letters into another
// script's capitals and small letters at random ("РблбйЬ" for Greek "Παλαιά"), or
// into letters glued to signs ("І»Ц§іЦ¶" for GBK's Chinese).
bool well_cased(std::u32string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto letter = [&](std::size_t k) { return u_isalpha(static_cast<UChar32>(text[k])) != 0; };
    if (!letter(i)) {
      ++i;
      continue;
    }
    // (A word ends where CJK, written without spaces, meets an alphabet: "OpenPGPの"
    // is two words.)
    auto cjk = [&](std::size_t k) { return text[k] >= 0x3000; };
    std::size_t j = i;
    bool non_ascii = false, later_upper = false, later_lower = false;
    for (; j < text.size() && letter(j) && cjk(j) == cjk(i); ++j) {
      const auto c = static_cast<UChar32>(text[j]);
      non_ascii |= c >= 0x80;
      if (j > i) later_upper |= u_isupper(c) != 0, later_lower |= u_islower(c) != 0;
    }
    // A word of ASCII letters and another script's ("Шst" for "Øst" in cp1251).
    bool ascii_letters = false, other_script = false;
    for (std::size_t k = i; k < j; ++k) {
      const auto c = static_cast<UChar32>(text[k]);
      if (c < 0x80) ascii_letters = true;
      else if (script_of(c) != USCRIPT_LATIN) other_script = true;
    }
    if (ascii_letters && other_script) return false;
    // A symbol between letters of an alphabet: "Ч™ЧЄ" (Hebrew UTF-8 read as cp1251).
    if (j + 1 < text.size() && text[j] >= 0x80 && letter(j + 1) && !cjk(j - 1) &&
        is_symbol(static_cast<UChar32>(text[j]))) {
      return false;
    }
    // (Caseless scripts have neither.)
    const bool first_lower = u_islower(static_cast<UChar32>(text[i])) != 0;
    if (non_ascii && later_upper && (later_lower || first_lower)) return false;
    // A sign inside a word of such letters: "І»Ц" (CJK, written without spaces,
    // has its punctuation between letters).
    if (non_ascii && (later_upper || later_lower || first_lower) && j < text.size() && text[j] >= 0x80 && !u_isspace(static_cast<UChar32>(text[j])) &&
        j + 1 < text.size() && letter(j + 1)) {
      const int8_t type = u_charType(static_cast<UChar32>(text[j]));
      if (type != U_DASH_PUNCTUATION && type != U_CONNECTOR_PUNCTUATION && text[j] != U'’' && text[j] != U'·') return false;
    }
    i = j;
  }
  return true;
}

// What Greek and Cyrillic words are made of, which the pairs of letters their word
// lists have do not tell (the two pages share most bytes: Cyrillic "Бенин" is Greek
// "Αενθν", and Greek "όριο" Cyrillic "ьсйп"). A word of four letters or more has a
// vowel; a Greek word of two syllables or more has its accent (the monotonic
// orthography's one rule; words in capitals drop it), ς only at its end, and
// hardly ever ΰ or ΐ (which are Cyrillic's а and А in Greek's page). The cost is
// the model's: a clearly misplaced letter costs about 3. Words in capitals are
// acronyms ("СССР") and not judged.
double word_shape_cost(std::u32string_view text, UScriptCode script) {
  if (script != USCRIPT_GREEK && script != USCRIPT_CYRILLIC) return 0.0;
  constexpr std::u32string_view kCyrillicVowels = U"аеёиоуыэюяіїєў";
  constexpr std::u32string_view kGreekVowels = U"αεηιουωάέήίόύώϊϋΐΰ";
  constexpr std::u32string_view kGreekAccented = U"άέήίόύώΐΰ";
  double cost = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!u_isalpha(static_cast<UChar32>(text[i])) || text[i] < 0x80) {
      ++i;
      continue;
    }
    std::size_t j = i;
    std::size_t vowels = 0, syllables = 0;
    bool lower = false, accent = false, prev_vowel = false;
    for (; j < text.size() && u_isalpha(static_cast<UChar32>(text[j])) && text[j] >= 0x80; ++j) {
      const auto c = static_cast<UChar32>(text[j]);
      lower |= u_islower(c) != 0;
      const auto l = static_cast<char32_t>(u_tolower(c));
      const bool vowel = (script == USCRIPT_GREEK ? kGreekVowels : kCyrillicVowels).find(l) != std::u32string_view::npos;
      vowels += vowel;
      syllables += vowel && !prev_vowel;  // (αι, ου, ια: one syllable, or one accent's place)
      prev_vowel = vowel;
      if (script == USCRIPT_GREEK) {
        accent |= kGreekAccented.find(l) != std::u32string_view::npos;
        if (l == U'ΰ' || l == U'ΐ') cost += 2.0;
        if (c == U'ς' && j + 1 < text.size() && u_isalpha(static_cast<UChar32>(text[j + 1]))) cost += 3.0;
        if (c == U'σ' && (j + 1 == text.size() || !u_isalpha(static_cast<UChar32>(text[j + 1])))) cost += 3.0;
      }
    }
    if (lower && j - i >= 4 && vowels == 0) cost += 4.0;
    if (lower && script == USCRIPT_GREEK && syllables >= 2 && !accent) cost += 3.0;
    i = j;
  }
  return cost;
}

// The pairs of letters (word starts and ends too, ASCII ones too) that the one
// language suiting the whole line best lacks in its word list. Turkish shown through
// windows-1252 ("dosyasý", "baþvurulacak") has letters Czech or Icelandic write, each
// word by itself; the line as a whole is Turkish only when read as windows-1254.
std::size_t line_language_misses(std::u32string_view text) {
  using encoding_model::kAsciiPairs, encoding_model::kLetterPairs, encoding_model::kPairLanguages, encoding_model::LetterPair;
  auto slot = [](UChar32 c) -> int {
    if (c == encoding_model::kWordStart) return 0;
    if (c == encoding_model::kWordEnd) return 27;
    return c >= 'a' && c <= 'z' ? 1 + static_cast<int>(c - 'a') : -1;
  };
  auto languages = [&](UChar32 a, UChar32 b) -> uint64_t {
    if (slot(a) >= 0 && slot(b) >= 0) return kAsciiPairs[static_cast<std::size_t>(slot(a) * 28 + slot(b))];
    const auto it = std::lower_bound(kLetterPairs.begin(), kLetterPairs.end(), std::pair{a, b}, [](const LetterPair& p, std::pair<UChar32, UChar32> k) {
      return std::pair{p.first, p.second} < k;
    });
    return it != kLetterPairs.end() && it->first == a && it->second == b ? it->languages : 0;
  };
  std::vector<std::size_t> misses(kPairLanguages.size(), 0);
  auto letter = [&](std::size_t k) { return u_isalpha(static_cast<UChar32>(text[k])) != 0; };
  for (std::size_t i = 0; i < text.size();) {
    if (!letter(i)) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && letter(j)) ++j;
    for (std::size_t k = i; k <= j; ++k) {
      const UChar32 a = k == i ? encoding_model::kWordStart : u_tolower(static_cast<UChar32>(text[k - 1]));
      const UChar32 b = k == j ? encoding_model::kWordEnd : u_tolower(static_cast<UChar32>(text[k]));
      const uint64_t has = languages(a, b);
      for (std::size_t l = 0; l < misses.size(); ++l) misses[l] += !(has >> l & 1);
    }
    i = j;
  }
  return misses.empty() ? 0 : *std::min_element(misses.begin(), misses.end());
}

// What a reading makes of the line's non-ASCII letters: letters, or the punctuation
// text is full of (Mac Roman's quotes and dashes read as Latin-1 are "Ò", "Õ", "Ñ").
// A reading that turns letters into other signs ("ÇáÇ" into "«·«") explains nothing.
bool letters_stay_text(const std::u32string& shown, const Reading& r) {
  for (std::size_t k = 0; k < r.text.size(); ++k) {
    const auto c = static_cast<UChar32>(r.text[k]);
    const auto at = static_cast<std::size_t>(r.from[k]);
    // (Arabic's vowel marks are letters' too: "õ" is cp1256's damma, "يُسمح".)
    if (c < 0x80 || u_isalpha(c) || u_charType(c) == U_NON_SPACING_MARK || r.text[k] == shown[at] ||
        !u_isalpha(static_cast<UChar32>(shown[at]))) {
      continue;
    }
    if (std::u32string_view(U"‘’“”‚„–—…•«»¡¿").find(r.text[k]) == std::u32string_view::npos) return false;
  }
  return true;
}

// Mac Roman was the page of western Europe's languages: its ı and its ligatures ﬁ ﬂ
// are in no word its text has (Turkish had a Mac page of its own), and what other
// bytes turn into ("põõsas", Estonian as it stands, would be "pıısas").
bool mac_roman_letters(const std::u32string& shown, const Reading& r) {
  for (std::size_t k = 0; k < r.text.size(); ++k) {
    const char32_t c = r.text[k];
    if ((c == U'ı' || c == U'ﬁ' || c == U'ﬂ') && c != shown[static_cast<std::size_t>(r.from[k])]) return false;
  }
  return true;
}

// A line with `?` or U+FFFD against its non-ASCII characters lost bytes of UTF-8:
// the chains' business, not a legacy page's. (A `?` before a character a lead byte
// shows as, "va?È", lost no lead byte: a sentence ended there.)
bool marks_lost_bytes(std::u32string_view line) {
  for (std::size_t k = 0; k < line.size(); ++k) {
    if (line[k] != U'?' && line[k] != U'\uFFFD') continue;
    if (k > 0 && line[k - 1] >= 0x80) return true;
    if (k + 1 < line.size() && line[k + 1] >= 0x80 && (line[k] != U'?' || line[k + 1] < 0xC0 || line[k + 1] > 0xFF)) return true;
  }
  return false;
}

// Whether one language writes every letter the reading would turn into another
// letter: "Dansk: ÆØÅ æøå" is Danish as it stands (cp1251 makes it "ЖШЕ жше"), while
// "Ïðèâåò" mixes letters of Icelandic, French and Swedish that no language writes
// together. (Letters a reading makes punctuation, Mac Roman's "Ò…Ó", do not count.)
bool one_language_writes_shown(const std::u32string& shown, const Reading& r) {
  uint64_t common = ~0ull;
  std::u32string distinct;
  for (std::size_t k = 0; k < r.text.size(); ++k) {
    const auto at = static_cast<std::size_t>(r.from[k]);
    const auto was = static_cast<UChar32>(shown[at]);
    if (was < 0x80 || r.text[k] == shown[at] || !u_isalpha(was) || !u_isalpha(static_cast<UChar32>(r.text[k]))) continue;
    const auto lower = static_cast<char32_t>(u_tolower(was));
    common &= encoding_model::languages_writing_letter(lower);
    if (distinct.find(lower) == std::u32string::npos) distinct += lower;
  }
  // (Two letters say little: "Ì" and "Ê" are Italian's and Portuguese's, and what
  // Shift-JIS bytes show through windows-1252 between its signs.)
  return distinct.size() >= 3 && common != 0;
}

// Whether every letter beyond ASCII is in a word that has ASCII letters too ("façade",
// "Þórður"), and there is one: another script's reading would make words of two
// scripts, which well_cased refuses; such lines, most of those that wake the finder,
// are read with the Latin pages only. (A line with no letter beyond ASCII,
// "ƒzƒ‹ƒ‚ƒYƒKƒ“", is any page's.)
bool latin_prose(std::u32string_view text) {
  auto letter = [](char32_t c) { return char_props(static_cast<UChar32>(c)).alpha(); };  // (u_isalpha, tabled)
  bool mixed = false;
  std::size_t i = 0;
  while (i < text.size()) {
    // (ƒ is a sign, the florin's; and what Shift-JIS's katakana show through
    // windows-1252 by: "ƒVƒXƒeƒ€" is システム.)
    if (!letter(text[i]) || text[i] == U'ƒ') {
      ++i;
      continue;
    }
    std::size_t j = i;
    bool ascii = false, beyond = false;
    for (; j < text.size() && letter(text[j]) && text[j] != U'ƒ'; ++j) (text[j] < 0x80 ? ascii : beyond) = true;
    if (beyond && !ascii) return false;
    mixed |= beyond;
    i = j;
  }
  return mixed;
}

// No character a legacy page's real text never holds.
bool possible(std::u32string_view text) {
  for (char32_t c : text) {
    if (c >= 0x80 && char_cost(static_cast<UChar32>(c)) >= 6.0) return false;
    if (c < 0x20 && c != '\t') return false;
  }
  return true;
}

}  // namespace

std::vector<MojibakeSpan> find_legacy_text(std::string_view text, std::size_t begin, std::size_t end) {
  // Judged as the encoding pass judges a page's readings: letters, the pairs each
  // language's word list has, everyday CJK.
  // (Cheap refusals first, straight from the bytes: most lines that wake this are
  // correct Latin text, and are never laid out as characters.)
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  std::size_t high = 0, count = 0;
  bool mac_quotes = false, mac_glued = false, letter = false;
  UChar32 before = 0;
  for (auto i = static_cast<int32_t>(begin), n = static_cast<int32_t>(end); i < n; ++count) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) return {};
    high += c >= 0x80;
    mac_quotes |= (c >= 0xD0 && c <= 0xD5) || c == 0xC9 || (c >= 0x80 && c <= 0x9F);
    // Glued to a lowercase word it is no capital ("CanÕt", "CompletingÉ"; Estonian's
    // "Õun" starts a word); a C1 control is no text at all.
    mac_glued |= (c >= 0x80 && c <= 0x9F) || ((c == 0xC9 || (c >= 0xD0 && c <= 0xD5)) && before > 0 && u_islower(before));
    // (Mac Roman's letters shown as C1 controls are letters there: "tisk\x87rny".)
    letter = letter || char_props(c).alpha() || (c >= 0x80 && c <= 0x9F);
    before = c;
  }
  // A line with no letter at all is a rule or a row of signs ("——————", bytes 0x97
  // that Shift-JIS reads as 覧覧覧), drawn as it is, not text in another page.
  if ((high < 2 && !mac_glued) || !letter) return {};
  Shown line;
  line.chars.reserve(count);
  for (auto i = static_cast<int32_t>(begin), n = static_cast<int32_t>(end); i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    line.chars += static_cast<char32_t>(c);
  }
  if (marks_lost_bytes(line.chars)) return {};
  const bool prose = latin_prose(line.chars);
  const bool turkish_letters = maybe_turkish(line.chars);
  // Latin prose is read only with the Latin sources below, windows-1254 (its letters
  // there) and Mac Roman (its quotes there): without either, no reading is tried.
  // Most correct lines that wake this end here.
  if (prose && !turkish_letters && !mac_quotes) return {};
  line.offsets.reserve(count), line.sizes.reserve(count);
  for (auto i = static_cast<int32_t>(begin), n = static_cast<int32_t>(end); i < n;) {
    const int32_t at = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    line.offsets.push_back(static_cast<std::size_t>(at));
    line.sizes.push_back(static_cast<std::size_t>(i - at));
  }
  std::optional<Reading> best, rival;
  const auto& pages = code_pages();
  std::optional<std::string> bytes_before;  // the first page's bytes
  for (std::size_t d = 0; d < std::size(kShownAs); ++d) {
    const CodePage* shown = nullptr;
    for (const CodePage& p : pages) {
      if (p.name == kShownAs[d]) shown = &p;
    }
    if (!shown) continue;
    const std::optional<std::string> bytes = bytes_shown_as(line, *shown);
    if (!bytes) continue;
    // (A line without windows-1252's own signs is the same bytes through Latin-1: the
    // same readings.)
    if (bytes_before && *bytes_before == *bytes) continue;
    if (!bytes_before) bytes_before = bytes;
    for (std::size_t src = 0; src < std::size(kSources); ++src) {
      if (turkish(src) && !turkish_letters) continue;
      // Mac Roman text shows through Latin-1 by its dashes, quotes and apostrophes
      // (Ð Ñ Ò Ó Ô Õ) or by C1 controls (its accented letters: é is 0x8E).
      // (One such character is evidence for Mac Roman only: "CanÕt", "CompletingÉ".)
      const bool mac = std::string_view(kSources[src].icu) == "macintosh";
      if ((mac && !mac_quotes) || (high < 2 && (!mac || !mac_glued))) continue;
      if (prose && kSources[src].script != USCRIPT_LATIN) continue;
      std::optional<Reading> r = read_with(*bytes, src);
      std::size_t letters = 0;
      if (!r || r->text == line.chars || !possible(r->text) || !in_page_script(r->text, kSources[src].script, &letters) ||
          !well_cased(r->text)) {
        continue;
      }
      // A letter or two is no evidence of a page ("`¬´" as GB2312's "Т", "âœ”" as
      // cp1251's "вњ”"); Mac Roman's quotes and dashes are no letters at all.
      if (letters < 3 && kSources[src].script != USCRIPT_LATIN) continue;
      const encoding_model::TextJudgement judged =
          encoding_model::judge_text(utf8_of(turkish(src) ? dotless_capitals(r->text) : cjk(src) ? ascii_spaced(r->text) : r->text));
      // Every word of letters one a language could have ("Фэрпт" is none: Greek "Τύπος"
      // read as windows-1251).
      if (!judged.plausible || judged.wordlike_words * 2 < judged.foreign_words || !letters_stay_text(line.chars, *r)) continue;
      if (mac && !mac_roman_letters(line.chars, *r)) continue;
      // Each character about as likely as real text's (a short run of rare syllables,
      // "잦곀", is plausible by the encoding pass's measure, made for whole pages).
      r->cost = judged.cost + word_shape_cost(r->text, kSources[src].script);
      if (turkish(src)) r->cost += kUnwrittenPair * static_cast<double>(line_language_misses(r->text));
      if (r->cost > kPerCharCost * static_cast<double>(judged.non_ascii)) continue;
      r->source = src, r->shown = d;
      if (best && r->text == best->text) continue;  // the same reading through the other page
      if (!best || r->cost < best->cost) {
        if (best && (!rival || best->cost < rival->cost)) rival = std::move(best);
        best = std::move(r);
      } else if (!rival || r->cost < rival->cost) {
        rival = std::move(r);
      }
    }
  }
  if (!best) return {};
  // The line as it stands, judged as the encoding pass judges a page's readings
  // (letters, the pairs each language's word list has, everyday CJK).
  const encoding_model::TextJudgement judged_before = encoding_model::judge_text(text.substr(begin, end - begin));
  const double cost_before =
      judged_before.cost + (turkish(best->source) ? kUnwrittenPair * static_cast<double>(line_language_misses(line.chars)) : 0.0);
  const std::size_t n = best->text.size();
  auto span_of = [&](std::size_t k) {  // the shown characters [first, last) that make character k
    const auto first = static_cast<std::size_t>(best->from[k]);
    const std::size_t last = k + 1 < n ? static_cast<std::size_t>(best->from[k + 1]) : line.chars.size();
    return std::pair{first, last};
  };
  auto same = [&](std::size_t k) {
    const auto [first, last] = span_of(k);
    return last == first + 1 && best->text[k] == line.chars[first];
  };
  std::size_t changed = 0;
  for (std::size_t k = 0; k < n; ++k) changed += !same(k);
  if (cost_before - best->cost < kLineMargin + kPerChar * static_cast<double>(changed)) return {};
  if (rival && rival->cost < best->cost + kRivalMargin) return {};
  // (A line that is no text as it stands, "Áàòàê", is not excused by a language
  // that happens to write its letters: Vietnamese writes á à ò ê.)
  // (windows-1254's readings have the line's language weighed already.)
  if (judged_before.plausible && !turkish(best->source) && one_language_writes_shown(line.chars, *best)) return {};

  // One span for each stretch of the line the reading changes.
  std::vector<MojibakeSpan> out;
  const CodePageChain chain{kShownAs[best->shown]};
  std::size_t i = 0;
  while (i < n) {
    if (same(i)) {
      ++i;
      continue;
    }
    const std::size_t k0 = i;
    while (i < n && !same(i)) ++i;
    const std::size_t first = span_of(k0).first, last = span_of(i - 1).second;
    MojibakeSpan span;
    span.begin = line.offsets[first];
    span.end = line.offsets[last - 1] + line.sizes[last - 1];
    span.before = std::string(text.substr(span.begin, span.end - span.begin));
    span.after = utf8_of(std::u32string_view(best->text).substr(k0, i - k0));
    span.chain = chain;
    span.legacy_origin = kSources[best->source].icu;
    span.cost_before = cost_before;
    span.cost_after = best->cost;
    span.confident = true;
    out.push_back(std::move(span));
  }
  return out;
}

std::string_view legacy_user_name(std::string_view icu) {
  for (const Source& s : kSources) {
    if (icu == s.icu) return s.user;
  }
  return icu;
}

}  // namespace kempt::mojibake
