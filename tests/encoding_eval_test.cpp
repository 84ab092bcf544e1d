// Issue 13's acceptance lines that a small site shows, run through the CLI as a user
// would (`kempt fix --only encoding` over a folder).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <tuple>

#include "support.hpp"

using namespace kempt::test;

namespace {

std::string must_encode(const std::string& utf8, const char* charset) {
  // support.hpp's encode() substitutes what a page cannot hold; these texts fit their pages.
  const std::string bytes = encode(utf8, charset);
  REQUIRE(bytes.find('\x1A') == std::string::npos);
  return bytes;
}

nlohmann::json fix_folder(const fs::path& dir) {
  const CliRun run = run_kempt("fix --only encoding --format json .", dir);
  INFO(run.err);
  return nlohmann::json::parse(run.out);
}

std::string messages_for(const nlohmann::json& report, const std::string& path) {
  std::string out;
  for (const auto& file : report["files"]) {
    if (file["path"] != path) continue;
    for (const auto& f : file["findings"]) out += f["message"].get<std::string>() + "\n";
  }
  return out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// `after` is `text` with its charset label (at its first occurrence) naming UTF-8 instead,
// in any letter case, and not a byte else changed.
void check_declares_utf8(const std::string& after, const std::string& text, const std::string& label) {
  const std::size_t at = text.find(label);
  REQUIRE(at != std::string::npos);
  if (after.size() < at + 5 || lower(after.substr(at, 5)) != "utf-8") {
    FAIL_CHECK("the declaration does not say UTF-8: " << after.substr(at >= 20 ? at - 20 : 0, 40));
    CHECK(after == text);  // converted, at least, to the same text
    return;
  }
  CHECK(after.substr(0, at) == text.substr(0, at));
  CHECK(after.substr(at + 5) == text.substr(at + label.size()));
}

const std::string kTurkishPage =
    "---\ntitle: Ders notları\n---\n"
    "Bu dönem Boğaziçi Üniversitesi'nde bilgisayar mühendisliği öğrencilerine algoritmalar dersi veriyorum.\n"
    "Ödevler her hafta çarşamba günü yayımlanır; sınavlar için geçmiş yılların soruları aşağıdadır.\n"
    "Öğrencilerin sorularını ofis saatlerinde yanıtlıyorum. Işık, Şule ve Gülşen asistanlarımızdır.\n";

}  // namespace

TEST_CASE("a page whose only non-ASCII letter is ş takes its site's windows-1254",
          "[encoding][site-cli]") {
  TempDir dir;
  for (int i = 0; i < 10; ++i) {
    write_bytes(dir / ("_posts/2004-01-0" + std::to_string(i) + "-ders.md"), must_encode(kTurkishPage, "windows-1254"));
  }
  // 0xFE: ş in windows-1254, þ in windows-1252, ţ in windows-1250: thin on its own.
  const std::string thin = "Office hours: Besiktas campus, room 101 (Beşiktaş).\n";
  write_bytes(dir / "contact.md", must_encode(thin, "windows-1254"));
  const nlohmann::json report = fix_folder(dir.path());
  INFO(report.dump(1));
  CHECK(read_bytes(dir / "_posts/2004-01-00-ders.md") == kTurkishPage);
  CHECK(read_bytes(dir / "contact.md") == thin);

  // Alone, the page has nothing to settle it: left as it is, or converted right.
  TempDir alone;
  write_bytes(alone / "contact.md", must_encode(thin, "windows-1254"));
  fix_folder(alone.path());
  const std::string after = read_bytes(alone / "contact.md");
  CHECK((after == must_encode(thin, "windows-1254") || after == thin));
}

TEST_CASE("a converted HTML page's charset declaration says UTF-8", "[encoding][site-cli]") {
  TempDir dir;
  const std::string body = "<p>我是计算机学院的博士生，研究方向是分布式系统。我们使用Markdown写作。</p>\n</body></html>\n";
  const std::string http_equiv =
      "<html><head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\n<title>主页</title>\n"
      "</head><body>\n";
  write_bytes(dir / "index.htm", must_encode(http_equiv + body, "GB18030"));
  const std::string meta = "<!DOCTYPE html>\n<html><head><meta charset=\"iso-8859-1\"><title>Home</title></head><body>\n"
                           "<p>I’m a PhD student – 2011–2017 at the Université de Montréal.</p>\n</body></html>\n";
  write_bytes(dir / "en.htm", must_encode(meta, "windows-1252"));  // labelled Latin-1, written by Windows
  const std::string prolog = "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<html><body><p>Иван Петров, кафедра "
                             "информатики</p></body></html>\n";
  write_bytes(dir / "ru.html", must_encode(prolog, "windows-1251"));
  const nlohmann::json report = fix_folder(dir.path());
  INFO(report.dump(1));

  for (const auto& [name, text, label] : {std::tuple<std::string, std::string, std::string>{"index.htm", http_equiv + body, "gb2312"},
                                          {"en.htm", meta, "iso-8859-1"},
                                          {"ru.html", prolog, "windows-1251"}}) {
    INFO(name);
    check_declares_utf8(read_bytes(dir / name), text, label);
  }
}

TEST_CASE("a UTF-8 page whose declaration names another charset is fixed to say UTF-8",
          "[encoding][site-cli]") {
  TempDir dir;
  const std::string page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head>\n"
                           "<body><p>梁老师的主页 – [S’15, M’20]</p></body></html>\n";
  write_bytes(dir / "index.htm", page);
  const nlohmann::json report = fix_folder(dir.path());
  INFO(report.dump(1));
  check_declares_utf8(read_bytes(dir / "index.htm"), page, "gb2312");
  CHECK_FALSE(messages_for(report, "index.htm").empty());
}

TEST_CASE("Chinese prose with Latin words in GB18030 converts", "[encoding][site-cli]") {
  TempDir dir;
  const std::string text =
      "# 博客\n\n我们使用Markdown和Jekyll写作，网站托管在GitHub Pages上。\n"
      "这篇文章介绍如何用Python处理数据，以及我在CMU的研究。\n";
  write_bytes(dir / "post.md", must_encode(text, "GB18030"));
  const nlohmann::json report = fix_folder(dir.path());
  INFO(report.dump(1));
  CHECK(read_bytes(dir / "post.md") == text);
}

TEST_CASE("GB18030 bytes that happen to be valid UTF-8 are flagged, not passed as clean",
          "[encoding][site-cli]") {
  TempDir dir;
  // 图片 in GB18030 is CD BC C6 AC, which UTF-8 reads as "ͼƬ".
  const std::string bytes = must_encode("![图片](images/photo.jpg)\n", "GB18030");
  REQUIRE(bytes.find("\xCD\xBC\xC6\xAC") != std::string::npos);
  write_bytes(dir / "photo.md", bytes);
  const CliRun run = run_kempt("check --only encoding --format json .", dir.path());
  INFO(run.out << run.err);
  const nlohmann::json report = nlohmann::json::parse(run.out);
  CHECK_FALSE(messages_for(report, "photo.md").empty());
  const std::string after = read_bytes(dir / "photo.md");
  CHECK(after == bytes);  // `check` never writes
  fix_folder(dir.path());
  const std::string fixed = read_bytes(dir / "photo.md");
  CHECK((fixed == bytes || fixed == "![图片](images/photo.jpg)\n"));  // converted only to its own text
}
