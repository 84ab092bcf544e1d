// The mojibake repair on hand-picked cases: real mix-ups from the seed pages and
// ftfy's reports, and correct text in many scripts that must come out untouched.
#include <catch2/catch.hpp>

#include <unicode/unistr.h>

#include "kempt/mojibake.hpp"

using namespace kempt;

namespace {
std::string fix(const std::string& s) { return repair_mojibake(s); }

// `original`'s UTF-8 bytes read with `page` (what an editor showed), as UTF-8 again.
std::string misread(const std::string& original, const char* page) {
  std::string out;
  icu::UnicodeString(original.data(), static_cast<int32_t>(original.size()), page).toUTF8String(out);
  return out;
}
}  // namespace

TEST_CASE("seed 002: UTF-8 read as windows-1252, emoji and dashes", "[mojibake]") {
  CHECK(fix("has been accepted by ICLR 2025.ðŸŽ‰ðŸŽ‰\n") == "has been accepted by ICLR 2025.🎉🎉\n");
  CHECK(fix("*(ICASSP)* â€” 2022 â€“ 2025  \n") == "*(ICASSP)* — 2022 – 2025  \n");
}

TEST_CASE("seed 004: windows-1254 with dropped bytes, read in context", "[mojibake]") {
  CHECK(fix("# ğŸ”¥ News\n") == "# 🔥 News\n");
  CHECK(fix("* [2024.01] &nbsp;ğŸ‰ğŸ‰ Our paper") == "* [2024.01] &nbsp;🎉🎉 Our paper");  // 0x8E dropped
  CHECK(fix("# ğŸ“ Publications ") == "# 📝 Publications ");                        // 0x9D dropped
  CHECK(fix("# ğŸ– Honors and Awards") == "# 🎖 Honors and Awards");
  CHECK(fix("Our paper â€œNAS-LID: Local Intrinsic Dimensionâ€ is accepted") ==
        "Our paper “NAS-LID: Local Intrinsic Dimension” is accepted");
  CHECK(fix("COMP7015 Artiï¬cial Intelligence") == "COMP7015 Artificial Intelligence");  // ligature folded
}

TEST_CASE("only the mangled run changes; the text around it stays byte-identical", "[mojibake]") {
  std::vector<MojibakeSpan> spans;
  const std::string text = "Zoë said “hi” — cafÃ© at 5 ðŸŽ‰ then naïve";
  CHECK(repair_mojibake(text, &spans) == "Zoë said “hi” — café at 5 🎉 then naïve");
  REQUIRE(spans.size() == 2);
  CHECK(spans[0].before == "Ã©");
  CHECK(spans[0].chain == std::vector<std::string>{"windows-1252"});
  CHECK(text.substr(spans[0].begin, spans[0].end - spans[0].begin) == "Ã©");
}

TEST_CASE("mangled twice, via Latin-1 C1 controls, and in Cyrillic", "[mojibake]") {
  CHECK(fix("ÃƒÂ©tÃƒÂ©") == "été");
  CHECK(fix("Ð¿Ñ€Ð¸Ð²ÐµÑ‚") == "привет");
  CHECK(fix("l\u0092homme") == "l’homme");
  CHECK(fix("ART TRIP Ã\u00a0 l'office") == "ART TRIP à l'office");
}

TEST_CASE("UTF-8 read as GBK (a Chinese homepage) is repaired", "[mojibake]") {
  CHECK(fix("鎴戜滑") == "我们");
}

TEST_CASE("correct text is never touched", "[mojibake]") {
  for (const char* text : {"NESTLÉ® requiere contratar personal", "“IRMÃ”", "SÃO PAULO", "CAFÉ™",
                           "Відкрити файл", "São Paulo, café, naïve, Zoë", "C’est l’été", "我们的研究",
                           "Η ¨ανατροφή¨ δυστυχώς", "Offering 5×£35 pin ups", "SENSЕ - Oleg Tsedryk",
                           "4288×…", "German (Bone, »ß« unten)", "ĄĆĘŁŃÓŚŹŻ ąćęłńóśźż",
                           "Tiếng Việt", "日本語のテキスト", "한국어 텍스트", "(-1/2)! = √π"}) {
    INFO(text);
    CHECK(fix(text) == text);
  }
}

TEST_CASE("a lost byte that cannot be told is marked, not guessed", "[mojibake]") {
  std::vector<MojibakeSpan> spans;
  // â€ + a dropped byte could be ” or „ or ‐; with nothing to tell them apart…
  const std::string out = repair_mojibake("Ø§ÙØ§Ø±", &spans);
  CHECK(out == "ا\uFFFDار");
  REQUIRE_FALSE(spans.empty());
  CHECK_FALSE(spans[0].confident);
  CHECK(spans[0].lossy);
  CHECK(spans[0].candidates.size() > 1);
}

namespace {
PassResult run_pass(const std::string& text, const char* name = "page.md") {
  return make_mojibake_pass()->run(Document::from_bytes(name, kind_from_extension(name), text));
}
}  // namespace

TEST_CASE("pass: code that shows mojibake on purpose is kept", "[mojibake][pass]") {
  const std::string page =
      "# Encoding notes\n\nWhen UTF-8 is read as Windows-1252, `â€”` appears for a dash:\n\n"
      "```\nâ€” becomes this\n```\n";
  PassResult r = run_pass(page);
  CHECK(r.document.text == page);
  REQUIRE(r.findings.size() == 2);
  CHECK(r.findings[0].severity == Severity::note);
  CHECK_FALSE(r.findings[0].fixed);
}

TEST_CASE("pass: code is repaired when the same mangling runs through the prose", "[mojibake][pass]") {
  const std::string page = "Our paper â€” accepted.\n\n```\nprint(\"â€” done\")\n```\n\nSee `cafÃ©` too.\n";
  PassResult r = run_pass(page);
  // The prose has UTF-8 read as windows-1252, so the code's run is the same damage.
  CHECK(r.document.text == "Our paper — accepted.\n\n```\nprint(\"— done\")\n```\n\nSee `café` too.\n");
  REQUIRE(r.findings.size() == 3);
  CHECK(r.findings[0].rule == "mojibake/cp1252");
  CHECK(r.findings[0].line == 1);
  CHECK(r.findings[0].column == 11);
  CHECK(r.findings[0].fixed);
}

TEST_CASE("pass: lost bytes it cannot tell are reported, never marked in a file", "[mojibake][pass]") {
  PassResult r = run_pass("Ø§ÙØ§Ø±\n", "notes.txt");
  CHECK(r.document.text == "Ø§ÙØ§Ø±\n");  // `kempt text` would write ا�ار; a file keeps its bytes
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].rule == "mojibake/lost-bytes");
  CHECK_FALSE(r.findings[0].fixed);
}

TEST_CASE("pass: seed-like page repaired once, then stable", "[mojibake][pass]") {
  const std::string page = "---\ntitle: \"BIO\"\n---\n\n# ğŸ”¥ News\n- 2-2025: accepted by ICLR 2025.ðŸŽ‰ðŸŽ‰\n";
  PassResult once = run_pass(page);
  CHECK(once.document.text == "---\ntitle: \"BIO\"\n---\n\n# 🔥 News\n- 2-2025: accepted by ICLR 2025.🎉🎉\n");
  PassResult twice = run_pass(once.document.text);
  CHECK(twice.document.text == once.document.text);
  CHECK(twice.findings.empty());
}

TEST_CASE("a page that clearly mangled a line takes its short runs there too", "[mojibake]") {
  // "Η" alone ("Î—") gains nothing, but the words beside it show the misreading.
  CHECK(fix(misread("Η διαδρομή μίας λίστας", "windows-1252")) == "Η διαδρομή μίας λίστας");
  CHECK(fix(misread("vererbte Spalte »%s« muss", "windows-1251")) == "vererbte Spalte »%s« muss");
  // A two-letter Cyrillic word amid Italian is rarer than the misread è.
  CHECK(fix(misread("Se FILE non è specificato, usa %s.", "windows-1251")) == "Se FILE non è specificato, usa %s.");
}

TEST_CASE("DOS and Mac runs are repaired inside words, kept where they are meant", "[mojibake]") {
  CHECK(fix(misread("Norra Österbotten", "ibm-437")) == "Norra Österbotten");
  CHECK(fix(misread("10×15 cm", "ibm-437")) == "10×15 cm");
  CHECK(fix(misread("沃拉普克語", "ibm-437")) == "沃拉普克語");  // ICU's 0xE6 is μ, Windows writes µ
  CHECK(fix(misread("Mellersta Österbotten", "macintosh")) == "Mellersta Österbotten");
  for (const char* text : {"(-1/2)! = √π", "├┤a┼┐a┼┐a┼┐a", "OK??:(   `¬´    ):", "HÅØYA ER BLÅØYD",
                           "Ã  (a-tilde, space)", "ПоздравЂаво"}) {
    INFO(text);
    CHECK(fix(text) == text);
  }
}

TEST_CASE("a space after Ã is an NBSP byte only before the Portuguese à-words", "[mojibake]") {
  CHECK(fix("persiste et signe Ã s'Ã©loigner des axes") == "persiste et signe à s'éloigner des axes");
  CHECK(fix("semelhante Ã quele observado nas lesÃµes") == "semelhante àquele observado nas lesões");
  CHECK(fix("jusqu'Ã nos jours, thÃ©ologiens") == "jusqu'à nos jours, théologiens");
  // Inside a word the space is à's NBSP byte; a long word's à before a short word keeps it.
  CHECK(fix("mostrar un grÃ fic de nivell") == "mostrar un gràfic de nivell");
  CHECK(fix("Risoluzione, qualitÃ , tipo") == "Risoluzione, qualità, tipo");
  CHECK(fix("voilÃ le travail") == "voilà le travail");
}

TEST_CASE("lost bytes are ranked between their decoded neighbours", "[mojibake]") {
  // 🧑‍🏫 read as windows-1252 with 0x8D (in ZWJ) and 0x8F (in 🏫) dropped.
  CHECK(fix("ðŸ§‘â€ðŸ« Feb 2015: talk") == "🧑‍🏫 Feb 2015: talk");
  // 🗞️: VS16 (EF B8 8F) lost 0x8F; after an emoji it is the variation selector.
  CHECK(fix("Code released on GitHub ðŸ—žï¸") == "Code released on GitHub 🗞️");
  // č (C4 8D) lost 0x8D inside a lowercase word: marked, the rest of the line repaired.
  CHECK(fix("Skriva sve obiÄne prozore, cafÃ© Ã©tÃ©") == "Skriva sve obi\uFFFDne prozore, café été");
  // A dropped byte in a Khmer/Myanmar-looking run reads as many scripts alike: marked.
  CHECK(fix("Plum á„á„á¹á").find("\uFFFD") != std::string::npos);
  CHECK(fix("Plum á„á„á¹á").find("ፄ") == std::string::npos);
}

TEST_CASE("mangled twice with a byte lost between the layers: one lost character", "[mojibake]") {
  // ’ read as windows-1252 (â€™), a byte of that lost (â€�), read as windows-1252 again.
  CHECK(fix("Ã¢â€\xef\xbf\xbdâ€™(Ã¢Å’Â£Ã‹â€ºÃ¢Å’Â£)") == "\xef\xbf\xbd(⌣˛⌣)");
}

TEST_CASE("a line that shows dropped bytes reads lead + space as a drop", "[mojibake]") {
  // 을 (EC 9D 84) lost 0x9D; the line also has 속성 with a byte gone: not 선 + NBSP.
  const std::string out = fix("ì†ì„±ì„ ê°€ì");
  CHECK(out.find("선") == std::string::npos);
  CHECK(out.find("\uFFFD ") != std::string::npos);
}
