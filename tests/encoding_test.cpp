#include <catch2/catch.hpp>

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
