#include <catch2/catch.hpp>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ulocdata.h>
#include <unicode/unistr.h>
#include <unicode/uset.h>

#include <algorithm>
#include <map>
#include <random>

#include "../src/encoding_letter_pairs.hpp"
#include "kempt/encoding.hpp"
#include "support.hpp"

using namespace kempt;

namespace {

PassResult run_encoding(const std::string& bytes) {
  return make_encoding_pass()->run(Document::from_bytes("page.md", FileKind::markdown, bytes));
}

// Real text of the kind our users have, long enough for a detector to work on.
const std::string kFrench =
    "Séminaire d’été : « Systèmes répartis » — présentation de Zoë à 14 h.\n"
    "Les étudiants intéressés peuvent écrire à l’équipe ; café offert après la séance.\n"
    "Thèmes : apprentissage fédéré, compilation, vérification de programmes.\n";
const std::string kChinese =
    "我是卡内基梅隆大学计算机学院的三年级博士生，研究方向是大语言模型的后训练。\n"
    "我们的论文被国际学习表征会议接收。欢迎对分布式机器学习系统感兴趣的同学联系我。\n"
    "研究兴趣：联邦学习、分布式深度学习、数据集蒸馏、高效推理。\n";
const std::string kRussian =
    "Я аспирант кафедры информатики. Мои исследования посвящены распределённым системам\n"
    "и машинному обучению. Новости: наша статья принята на конференцию.\n";
const std::string kTraditional =
    "我是國立臺灣大學資訊工程學系的博士生，研究方向是分散式系統與機器學習。\n"
    "我們的論文被國際會議接收。歡迎對這個領域有興趣的同學與我聯繫。\n";
const std::string kKorean =
    "저는 서울대학교 컴퓨터공학부 박사과정 학생입니다. 연구 분야는 분산 시스템과 기계 학습입니다.\n"
    "새 소식: 우리 논문이 국제 학회에 채택되었습니다.\n";
const std::string kPolish =
    "Zażółć gęślą jaźń. Uniwersytet Warszawski, Wydział Matematyki, Informatyki i Mechaniki.\n";
const std::string kGreek =
    "Είμαι υποψήφιος διδάκτορας στο Εθνικό Μετσόβιο Πολυτεχνείο. Ερευνητικά ενδιαφέροντα: κατανεμημένα "
    "συστήματα.\n";
const std::string kTurkish =
    "Boğaziçi Üniversitesi Bilgisayar Mühendisliği bölümünde doktora öğrencisiyim. Araştırma alanlarım: "
    "dağıtık sistemler.\n";
const std::string kGerman =
    "Ich bin Doktorand an der Technischen Universität München. Forschungsschwerpunkte: verteilte Systeme, "
    "Übersetzerbau.\n";
const std::string kJapanese =
    "東京大学大学院情報理工学系研究科の博士課程に在籍しています。研究テーマは分散システムです。\n"
    "ニュース：論文が国際会議に採録されました。ご興味のある方はご連絡ください。\n";

}  // namespace

TEST_CASE("valid UTF-8 passes through untouched", "[encoding]") {
  PassResult r = run_encoding(kFrench);
  CHECK(r.document.text == kFrench);
  CHECK(r.findings.empty());
  CHECK_FALSE(r.hold);
}

TEST_CASE("a UTF-8 byte-order mark is removed", "[encoding]") {
  PassResult r = run_encoding("\xEF\xBB\xBF---\ntitle: x\n---\n");
  CHECK(r.document.text == "---\ntitle: x\n---\n");
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].rule == "encoding/bom");
  CHECK(r.findings[0].fixed);
}

TEST_CASE("legacy encodings become UTF-8 with the same characters", "[encoding]") {
  struct Case {
    const char* charset;
    const std::string* text;
  };
  for (Case c : {Case{"windows-1252", &kFrench}, Case{"GBK", &kChinese}, Case{"windows-1251", &kRussian},
                 Case{"Shift_JIS", &kJapanese}, Case{"EUC-JP", &kJapanese}, Case{"KOI8-R", &kRussian},
                 Case{"Big5", &kTraditional}, Case{"EUC-KR", &kKorean},
                 Case{"windows-1250", &kPolish}, Case{"windows-1253", &kGreek}, Case{"windows-1254", &kTurkish},
                 Case{"ISO-8859-1", &kGerman}}) {
    DYNAMIC_SECTION(c.charset) {
      const std::string bytes = kempt::test::encode(*c.text, c.charset);
      REQUIRE_FALSE(is_valid_utf8(bytes));
      PassResult r = run_encoding(bytes);
      REQUIRE_FALSE(r.hold);
      CHECK(r.document.text == *c.text);
      CHECK(r.document.decoded);
      REQUIRE(r.findings.size() == 1);
      CHECK(r.findings[0].rule == "encoding/transcoded");
    }
  }
}

TEST_CASE("UTF-16 and UTF-32 with a BOM are decoded, the BOM dropped", "[encoding]") {
  for (const char* charset : {"UTF-16LE", "UTF-16BE", "UTF-32LE"}) {
    DYNAMIC_SECTION(charset) {
      const std::string bytes = kempt::test::encode("\xEF\xBB\xBF" + kChinese, charset);
      PassResult r = run_encoding(bytes);
      REQUIRE_FALSE(r.hold);
      CHECK(r.document.text == kChinese);
    }
  }
}

TEST_CASE("bytes no charset explains are left untouched with the candidates named", "[encoding]") {
  // Random high bytes in a Latin context: every single-byte code page decodes them,
  // none into text; the file must not be guessed at.
  std::string bytes = "Title\n";
  for (int i = 0; i < 40; ++i) bytes += "ab\x8D\x9D\x81\xFE cd ";
  PassResult r = run_encoding(bytes);
  CHECK(r.hold);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].rule == "encoding/uncertain");
  CHECK(r.findings[0].severity == Severity::error);
  CHECK_FALSE(r.findings[0].fixed);
  CHECK(r.findings[0].line == 2);
  CHECK(r.findings[0].message.find("candidates") != std::string::npos);
  CHECK(r.document.text == bytes);
}

TEST_CASE("decode_exactly refuses bytes a charset does not define", "[encoding]") {
  CHECK(decode_exactly("caf\xE9", "windows-1252") == std::optional<std::string>("caf\xC3\xA9"));
  CHECK_FALSE(decode_exactly("\xFF\xFF\xFF", "Shift_JIS").has_value());
  CHECK_FALSE(decode_exactly("abc", "no-such-charset").has_value());
}

TEST_CASE("a file is never converted on a guess: thin evidence is left with the readings named", "[encoding]") {
  // windows-1252 reads "José García"; Mac Roman "JosÈ GarcÌa" and IBM852 "JosÚ" are
  // what uchardet's exotic answers made of such pages.
  PassResult jose = run_encoding("Advisor: Jos\xE9 Garc\xED" "a, University of Somewhere.\n");
  REQUIRE_FALSE(jose.hold);
  CHECK(jose.document.text == "Advisor: José García, University of Somewhere.\n");

  // Garbage bytes from the issue: no reading of them is text.
  PassResult garbage = run_encoding("Caf\xC3 \xFF\xFE\xFD ok\n");
  CHECK(garbage.hold);
  CHECK(garbage.document.encoding_basis == EncodingBasis::undecided);

  // A lone "D\x92" (D’ in windows-1252, Dí in Mac Roman): too close to call alone.
  PassResult thin = run_encoding("Merry Christmas from D\x92 family\n");
  CHECK(thin.hold);
  CHECK(thin.document.encoding_basis == EncodingBasis::thin);
  REQUIRE(thin.findings.size() == 1);
  const std::string& m = thin.findings[0].message;
  CHECK(m.find("\"D?\"") != std::string::npos);
  CHECK(m.find("windows-1252 → \"D’\"") != std::string::npos);
  CHECK(m.find("macintosh → \"Dí\"") != std::string::npos);
  CHECK(m.find("encoding:") != std::string::npos);
}

TEST_CASE("a thin file takes its site's page when that page reads it plausibly", "[encoding]") {
  const std::string bytes = "Merry Christmas from D\x92 family\n";
  Document doc = Document::from_bytes("card.htm", FileKind::html, bytes);
  doc.site_encoding = "windows-1252";
  PassResult r = make_encoding_pass()->run(std::move(doc));
  REQUIRE_FALSE(r.hold);
  CHECK(r.document.text == "Merry Christmas from D’ family\n");
  CHECK(r.document.encoding_basis == EncodingBasis::site);

  // The site's page is no excuse for a reading that is not text.
  Document odd = Document::from_bytes("x.htm", FileKind::html, "Caf\xC3 \xFF\xFE\xFD ok\n");
  odd.site_encoding = "windows-1252";
  CHECK(make_encoding_pass()->run(std::move(odd)).hold);
}

TEST_CASE("the readings of one text: Latin pages are told apart by their letter pairs", "[encoding]") {
  // windows-1250 reads these bytes as "Systčmes", "aprčs", "ŕ": letters Czech or
  // Slovak have, in pairs no language writes.
  const std::string french = kempt::test::encode(kFrench, "windows-1252");
  EncodingGuess g = guess_encoding(french);
  CHECK(g.charset == "windows-1252");
  CHECK(g.basis == EncodingBasis::bytes);
  // Greek in windows-1253 must not come out as windows-1251 Cyrillic ("ЕЯмбй").
  g = guess_encoding(kempt::test::encode(kGreek, "windows-1253"));
  CHECK(g.charset == "windows-1253");
}

TEST_CASE("valid UTF-8 that is really legacy bytes is flagged, and never on correct text", "[encoding]") {
  // GB18030 "图片" is CD BC C6 AC: valid UTF-8 for "ͼƬ".
  PassResult r = run_encoding("title: \xCD\xBC\xC6\xAC\n");
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].rule == "encoding/legacy-as-utf8");
  CHECK(r.findings[0].message.find("GB18030 \"图片\"") != std::string::npos);
  // Correct short texts in many scripts are UTF-8 and stay so, with nothing said.
  for (const std::string& t : {kFrench, kChinese, kRussian, kKorean, kPolish, kGreek, kTurkish, kJapanese,
                               std::string("Zoë, naïve café — “quoted” …\n"), std::string("图片\n")}) {
    PassResult ok = run_encoding(t);
    CHECK(ok.findings.empty());
    CHECK(ok.document.text == t);
  }
}

TEST_CASE("valid UTF-8 is read as legacy bytes only up to 48 high bytes, wherever they stand", "[encoding]") {
  // Twelve "图片" in GB18030 (48 bytes, valid UTF-8 "ͼƬ") among ASCII of every
  // length from 0 to 11 between them; one "é" more (50 high bytes) is more than a
  // mistaken page has, and nothing is said.
  std::string page = "title: ";
  for (int i = 0; i < 12; ++i) page += std::string(static_cast<std::size_t>(i), 'x') + "\xCD\xBC\xC6\xAC ";
  page += "\n";
  PassResult r = run_encoding(page);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].rule == "encoding/legacy-as-utf8");
  const std::string more = page + "caf\xC3\xA9\n";
  CHECK(run_encoding(more).findings.empty());
}

TEST_CASE("`encoding:` in .kempt.yaml decides, and a page that cannot hold the bytes is refused", "[encoding]") {
  EncodingEvidence told;
  told.configured = "windows-1254";
  EncodingGuess g = guess_encoding("Kurtulu\xFE\n", told);
  CHECK(g.charset == "windows-1254");
  CHECK(g.basis == EncodingBasis::configured);
  told.configured = "Shift_JIS";
  g = guess_encoding("\xFF\xFF\xFF\n", told);
  CHECK_FALSE(g.confident);
  CHECK(g.reason.find("not every byte decodes") != std::string::npos);
}

TEST_CASE("decode_exactly reads single-byte charsets byte for byte as ICU's converters do", "[encoding]") {
  // Single-byte charsets are read from a table of each byte's UTF-8 (built from
  // ICU's converter): every byte alone, and random texts, must come out as ICU
  // reads them whole, undefined bytes failing alike.
  auto icu_reading = [](const std::string& bytes, const char* charset) -> std::optional<std::string> {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* conv = ucnv_open(charset, &status);
    REQUIRE(U_SUCCESS(status));
    ucnv_setToUCallBack(conv, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    icu::UnicodeString decoded(bytes.data(), static_cast<int32_t>(bytes.size()), conv, status);
    ucnv_close(conv);
    if (U_FAILURE(status)) return std::nullopt;
    if (decoded.length() > 0 && decoded.charAt(0) == 0xFEFF) decoded.remove(0, 1);
    std::string out;
    decoded.toUTF8String(out);
    return out;
  };
  std::mt19937 rng(18);
  for (const char* charset : {"windows-1252", "windows-1251", "windows-1250", "windows-1253", "windows-1254", "windows-1255",
                              "windows-1256", "windows-1257", "windows-1258", "KOI8-R", "KOI8-U", "ISO-8859-1", "ISO-8859-2",
                              "ISO-8859-5", "ISO-8859-7", "ISO-8859-9", "ISO-8859-15", "macintosh", "x-mac-centraleurroman",
                              "IBM866", "IBM437", "IBM850", "IBM852", "windows-874", "ISO-8859-8"}) {
    INFO(charset);
    std::size_t undefined = 0;
    for (int b = 0; b < 256; ++b) {
      const std::string one(1, static_cast<char>(b));
      INFO("byte " << b);
      CHECK(decode_exactly(one, charset) == icu_reading(one, charset));
      undefined += !icu_reading(one, charset).has_value();
    }
    for (int trial = 0; trial < 50; ++trial) {
      std::string text(1 + rng() % 200, '\0');
      for (char& c : text) c = static_cast<char>(rng() % 4 ? 0x20 + rng() % 0x60 : 0x80 + rng() % 0x80);
      if (trial % 2 && undefined == 0) text[rng() % text.size()] = static_cast<char>(0x80 + rng() % 0x80);
      CHECK(decode_exactly(text, charset) == icu_reading(text, charset));
    }
  }
}

TEST_CASE("the legacy languages' letters baked at build time are ICU's exemplar sets", "[encoding]") {
  // tools/gen_letter_pairs.cpp reads them from ICU once, at build time: asked here of
  // the ICU kempt runs with, each language's set (either case, folded as the pass
  // folds a letter) must give the same bits for every letter beyond ASCII.
  using namespace kempt::encoding_model;
  REQUIRE(kLegacyLanguages.size() == 44);
  std::map<UChar32, uint64_t> expected;
  for (std::size_t i = 0; i < kLegacyLanguages.size(); ++i) {
    UErrorCode status = U_ZERO_ERROR;
    ULocaleData* data = ulocdata_open(kLegacyLanguages[i], &status);
    REQUIRE(U_SUCCESS(status));
    USet* set = ulocdata_getExemplarSet(data, nullptr, USET_ADD_CASE_MAPPINGS, ULOCDATA_ES_STANDARD, &status);
    REQUIRE(U_SUCCESS(status));
    for (int32_t k = 0, items = uset_getItemCount(set); k < items; ++k) {
      UChar32 first, last;
      UErrorCode s = U_ZERO_ERROR;
      if (uset_getItem(set, k, &first, &last, nullptr, 0, &s) != 0) continue;  // a string
      for (UChar32 c = first; c <= last; ++c) {
        if (c < 0x80) continue;
        const UChar32 lower = u_tolower(c);
        UChar32 folded = lower < 0x80 ? c : lower;
        if (folded == 0x0219) folded = 0x015F;
        if (folded == 0x021B) folded = 0x0163;
        expected[folded] |= uint64_t{1} << i;
      }
    }
    uset_close(set);
    ulocdata_close(data);
  }
  std::map<UChar32, uint64_t> baked;
  for (const LegacyLetter& l : kLegacyLetters) baked[l.letter] = l.languages;
  CHECK(baked == expected);
  CHECK(std::is_sorted(kLegacyLetters.begin(), kLegacyLetters.end(),
                       [](const LegacyLetter& a, const LegacyLetter& b) { return a.letter < b.letter; }));
  // (The letter pairs are sorted, each once, as the header says.)
  CHECK(std::adjacent_find(kLetterPairs.begin(), kLetterPairs.end(), [](const LetterPair& a, const LetterPair& b) {
          return a.first != b.first ? a.first > b.first : a.second >= b.second;
        }) == kLetterPairs.end());
  // French writes é, Polish ł, Turkish ğ, Russian ж; none of them writes ß but German.
  auto writes = [&](UChar32 c, const char* language) {
    const auto it = std::find(kLegacyLanguages.begin(), kLegacyLanguages.end(), std::string_view(language));
    return (baked[c] >> (it - kLegacyLanguages.begin())) & 1;
  };
  CHECK(writes(0xE9, "fr"));
  CHECK(writes(0x142, "pl"));
  CHECK(writes(0x11F, "tr"));
  CHECK(writes(0x436, "ru"));
  CHECK(writes(0xDF, "de"));
  CHECK_FALSE(writes(0xDF, "fr"));
}
