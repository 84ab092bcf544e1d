// The lost-byte choice by language (src/mojibake_lost_bytes.hpp): a byte an editor
// lost from UTF-8 read through windows-125x is filled only when one reading is a
// word of the line's language; otherwise the text stays as it is.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "../src/mojibake_lost_bytes.hpp"
#include "../src/mojibake_model.hpp"
#include "kempt/mojibake.hpp"

namespace lb = kempt::mojibake::lost_bytes;

TEST_CASE("lost bytes: a reading that is the only word of the line's language is chosen", "[mojibake][lost]") {
  // "?τήλης" (Greek, "column's"): the lost byte after CF is ρ σ ψ ϐ Ϙ in
  // windows-1250 (ώ ύ ... in another page); only "στ" starts Greek words.
  const uint64_t greek = lb::line_languages(U"Τρέχουσα θέση Χ της στήλης");
  REQUIRE(greek != 0);
  lb::WordAround w;
  w.before[1] = lb::kBoundary;
  w.after[0] = U'τ', w.after[1] = U'ή';
  const std::vector<UChar32> readings{0x03C1, 0x03C3, 0x03C8, 0x03D0, 0x03D8};  // ρ σ ψ ϐ Ϙ
  const lb::Choice c = lb::choose(w, readings, greek);
  CHECK(c.verdict == lb::Verdict::chosen);
  CHECK(c.c == 0x03C3);
}

TEST_CASE("lost bytes: two readings that are both words are left unknown", "[mojibake][lost]") {
  // "Неправильна?": я ("Неправильная", wrong) and с ("...нас") both end Russian
  // words; the letters cannot tell, so the byte stays unknown.
  const uint64_t russian = lb::line_languages(U"Неправильная комбинация перемещаемых функций");
  REQUIRE(russian != 0);
  lb::WordAround w;
  w.before[0] = U'н', w.before[1] = U'а';
  w.after[0] = lb::kBoundary;
  const std::vector<UChar32> readings{0x0441, 0x044D, 0x044F, 0x0450, 0x045D};  // с э я ѐ ѝ
  const lb::Choice c = lb::choose(w, readings, russian);
  CHECK(c.verdict == lb::Verdict::ambiguous);
  CHECK(std::find(c.words.begin(), c.words.end(), 0x044F) != c.words.end());
  CHECK(std::find(c.words.begin(), c.words.end(), 0x0441) != c.words.end());
}

TEST_CASE("lost bytes: a line in a language without a word list gives no opinion", "[mojibake][lost]") {
  // Georgian has no hunspell list among kempt's: no language covers the line.
  CHECK(lb::line_languages(U"ანგარიშის ნათარგმნი სახელი") == 0);
}

TEST_CASE("lost bytes: repair fills a dropped byte only where the word decides", "[mojibake][lost]") {
  // "Τρέχουσα θέση Χ της στήλης" through windows-1250 with 0x81/0x83 dropped
  // (ρ = CF 81, σ = CF 83). "στήλης" is filled: only σ starts a Greek word
  // before "τή". The runs of "Τρέχουσα" and "θέση" stay exactly as they were:
  // there the letters do not single out one reading for each lost byte, and a
  // run is filled only whole.
  const std::string in = "Î¤ĎÎ­Ď‡ÎżĎ…ĎÎ± Î¸Î­ĎÎ· Î§ Ď„Î·Ď‚ ĎĎ„Î®Î»Î·Ď‚";
  CHECK(kempt::repair_mojibake(in) == "Î¤ĎÎ­Ď‡ÎżĎ…ĎÎ± Î¸Î­ĎÎ· Χ της στήλης");
}

TEST_CASE("lost bytes: correct text in those languages is left alone", "[mojibake][lost]") {
  for (const char* line : {"Русский язык, ключ к двери", "Τρέχουσα θέση Χ της στήλης", "Łódź, ključ, Zahrnúť položku",
                           "ספרדית (אמריקה הלטינית)"}) {
    CHECK(kempt::repair_mojibake(line) == line);
  }
}

TEST_CASE("the tabled character properties are ICU's, for every code point", "[mojibake]") {
  // The model and the encoding pass's scoring read u_isalpha, uscript_getScript and the
  // rest from char_props' table, filled on first use: it must answer as ICU does,
  // inside the table's planes and past them.
  std::size_t differ = 0;
  for (UChar32 c = 0; c <= 0x10FFFF; ++c) {
    const kempt::mojibake::CharProps p = kempt::mojibake::char_props(c);
    UErrorCode status = U_ZERO_ERROR;
    const bool same = p.script() == uscript_getScript(c, &status) && p.alpha() == static_cast<bool>(u_isalpha(c)) &&
                      p.lower() == static_cast<bool>(u_isULowercase(c)) && p.upper() == static_cast<bool>(u_isUUppercase(c)) &&
                      p.type() == u_charType(c) && p.punct() == static_cast<bool>(u_ispunct(c)) &&
                      p.white() == static_cast<bool>(u_isUWhiteSpace(c));
    if (!same && ++differ <= 5) UNSCOPED_INFO("U+" << std::hex << c);
  }
  CHECK(differ == 0);
}
