// Charset declarations (issue 13, items 2 and 3): found as browsers and editors find
// them, rewritten byte-minimally to UTF-8. Real pages come from ../shared/corpus/sites
// (read in place, skipped with a warning when absent); every expected offset and
// label below was read off the file with grep -b / awk, not from this code.
#include <catch2/catch.hpp>

#include <random>

#include "kempt/encoding.hpp"
#include "kempt/encoding_declaration.hpp"
#include "kempt/pass.hpp"
#include "support.hpp"

using namespace kempt;
using namespace std::string_literals;
namespace fs = std::filesystem;

namespace {

const fs::path kSites = fs::path(KEMPT_SOURCE_DIR) / ".." / "shared" / "corpus" / "sites";

bool have_sites() {
  if (fs::exists(kSites / "lz284")) return true;
  WARN("no corpus at " << kSites.string() << ": skipped");
  return false;
}

std::string site_file(const std::string& rel) { return test::read_bytes(kSites / rel); }

std::string label_text(std::string_view text, const CharsetDeclaration& d) {
  return std::string(text.substr(d.label.begin, d.label.size()));
}

// `text` with its only occurrence of `from` replaced by `to` (fails when not exactly one).
std::string replaced_once(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  return text.replace(at, from.size(), to);
}

PassResult run_encoding(const std::string& name, FileKind kind, std::string bytes) {
  return make_encoding_pass()->run(Document::from_bytes(name, kind, std::move(bytes)));
}

std::string pad(std::size_t n) { return std::string(n, 'x'); }

}  // namespace

TEST_CASE("labels map as the WHATWG table says", "[encoding][declaration]") {
  CHECK(charset_for_label("iso-8859-1") == "windows-1252");
  CHECK(charset_for_label("latin1") == "windows-1252");
  CHECK(charset_for_label("US-ASCII") == "windows-1252");
  CHECK(charset_for_label("gb2312") == "GB18030");
  CHECK(charset_for_label("GBK") == "GB18030");
  CHECK(charset_for_label("x-gbk") == "GB18030");
  CHECK(charset_for_label("Shift_JIS") == "windows-31j");
  CHECK(charset_for_label("sjis") == "windows-31j");
  CHECK(charset_for_label("euc-kr") == "windows-949");
  CHECK(charset_for_label("iso-8859-9") == "windows-1254");
  CHECK(charset_for_label("x-mac-roman") == "macintosh");
  CHECK(charset_for_label("macintosh") == "macintosh");
  CHECK(charset_for_label(" utf8 ") == "UTF-8");
  CHECK(charset_for_label("unicode") == "UTF-16LE");  // what Word writes on its UTF-16 pages
  CHECK(charset_for_label("utf-16be") == "UTF-16BE");
  CHECK(charset_for_label("latin-1").empty());  // Emacs's name, not a web label
  CHECK(charset_for_label("utf-8/").empty());
  CHECK(charset_for_label("iso-2022-kr").empty());  // the "replacement" encoding: nothing to decode with
}

TEST_CASE("the real pages' declarations are found at their labels", "[encoding][declaration][corpus]") {
  if (!have_sites()) return;
  SECTION("gyzhao-nm: FrontPage's upper-case http-equiv, gb2312") {
    const std::string b = site_file("gyzhao-nm/index.htm");  // grep -b: "charset=gb2312" at 187
    const auto found = find_declarations(b, FileKind::html);
    REQUIRE(found.size() == 1);
    CHECK(found[0].syntax == DeclarationSyntax::meta_content_type);
    CHECK(found[0].label.begin == 195);
    CHECK(found[0].label.end == 201);
    CHECK(found[0].written == "gb2312");
    CHECK(found[0].charset == "GB18030");
    CHECK_FALSE(found[0].past_prescan);
  }
  SECTION("gyzhao-nm: the meta after 1,600 bytes of Word styles, still in the head") {
    // The `mso-font-charset:` lines in the style comment are no declarations.
    const std::string b = site_file("gyzhao-nm/professional_activities.htm");  // "charset=gb2312" at 1637
    const auto found = find_declarations(b, FileKind::html);
    REQUIRE(found.size() == 1);
    CHECK(found[0].label.begin == 1645);
    CHECK(found[0].written == "gb2312");
    CHECK(found[0].past_prescan);
    CHECK(declared_charset(b, FileKind::html).charset == "GB18030");
  }
  SECTION("lz284: gb2312 declared after a span in the head") {
    const std::string b = site_file("lz284/Advising.htm");  // "charset=gb2312" at 498
    const auto found = find_declarations(b, FileKind::html);
    REQUIRE(found.size() == 1);
    CHECK(found[0].label.begin == 506);
    CHECK(found[0].charset == "GB18030");
  }
  SECTION("hjzuo: ISO-8859-1 is read as windows-1252") {
    const std::string b = site_file("hjzuo/index.htm");  // "charset=ISO-8859-1" at 170
    const auto found = find_declarations(b, FileKind::html);
    REQUIRE(found.size() == 1);
    CHECK(label_text(b, found[0]) == "ISO-8859-1");
    CHECK(found[0].label.begin == 178);
    CHECK(found[0].charset == "windows-1252");
  }
  SECTION("mamykina: Word's unquoted http-equiv=Content-Type, charset=macintosh") {
    const std::string b = site_file("mamykina/publications.htm");  // "charset=macintosh" at 397
    const auto found = find_declarations(b, FileKind::html);
    REQUIRE(found.size() == 1);
    CHECK(found[0].label.begin == 405);
    CHECK(found[0].charset == "macintosh");
    const DeclaredCharset dc = declared_charset(b, FileKind::html);
    CHECK(dc.state == DeclaredCharset::State::agreed);
    CHECK(dc.charset == "macintosh");
  }
  SECTION("mamykina: a UTF-16 page holds no ASCII syntax; its BOM is noted") {
    const std::string b = site_file("mamykina/index.html");
    CHECK(find_declarations(b, FileKind::html).empty());
    const DeclaredCharset dc = declared_charset(b, FileKind::html);
    CHECK(dc.state == DeclaredCharset::State::none);
    CHECK(dc.bom == "UTF-16LE");
  }
  SECTION("jinpengli: utf-8 after a UTF-8 BOM") {
    const std::string b = site_file("jinpengli/index.html");  // "charset=utf-8" at 657
    const auto found = find_declarations(b, FileKind::html);
    REQUIRE(found.size() == 1);
    CHECK(found[0].label.begin == 665);
    CHECK(found[0].says_utf8());
    const DeclaredCharset dc = declared_charset(b, FileKind::html);
    CHECK(dc.charset == "UTF-8");
    CHECK(dc.bom == "UTF-8");
  }
  SECTION("colin-windsor: windows-1252 and us-ascii") {
    const std::string a = site_file("colin-windsor/ftindex.htm");  // "charset=windows-1252" at 68
    const auto found = find_declarations(a, FileKind::html);
    REQUIRE(found.size() == 1);
    CHECK(found[0].label.begin == 76);
    CHECK(found[0].charset == "windows-1252");
    CHECK(declared_charset(site_file("colin-windsor/stress/integral.htm"), FileKind::html).charset == "windows-1252");
  }
  SECTION("every gyzhao-nm page declares gb2312, but the team page's UTF-8") {
    int gb = 0;
    for (const auto& e : fs::recursive_directory_iterator(kSites / "gyzhao-nm")) {
      if (e.path().extension() != ".htm") continue;
      const DeclaredCharset dc = declared_charset(test::read_bytes(e.path()), FileKind::html);
      INFO(e.path().string());
      CHECK(dc.state == DeclaredCharset::State::agreed);
      if (e.path().filename() == "teammembers.htm") {
        CHECK(dc.charset == "UTF-8");
      } else {
        CHECK(dc.charset == "GB18030");
        ++gb;
      }
    }
    CHECK(gb == 22);  // 10 at the top, 12 in CN/
  }
}

TEST_CASE("the prescan finds declarations as browsers do", "[encoding][declaration]") {
  SECTION("a meta inside a comment is skipped; `<!-->` is a whole comment") {
    // The comment runs to `-->`, not to the first `>` (which `<!DOCTYPE ...>` would).
    const std::string b = "<!-- a > b <meta charset=\"gb2312\"> --><!--><meta charset=\"koi8-r\">";
    const auto found = find_declarations(b, FileKind::html);
    REQUIRE(found.size() == 1);
    CHECK(found[0].written == "koi8-r");
    CHECK(found[0].label.begin == 58);
    CHECK(found[0].charset == "KOI8-R");
  }
  SECTION("past 1024 bytes, a meta in the body is ignored, one in the head is not") {
    const std::string body = "<html><head><title>t</title></head><body><p>" + pad(1100) + "</p><meta charset=\"gb2312\">";
    CHECK(find_declarations(body, FileKind::html).empty());
    const std::string head = "<html><head><style>" + pad(1100) + "</style><meta charset=\"gb2312\"></head>";
    const auto found = find_declarations(head, FileKind::html);
    REQUIRE(found.size() == 1);
    CHECK(found[0].past_prescan);
    CHECK(found[0].label.begin == 19 + 1100 + 8 + 15);
  }
  SECTION("within 1024 bytes, a meta after <body> still counts (the spec's prescan)") {
    const std::string b = "<html><body><p>hi</p><meta charset=\"gb2312\">";
    REQUIRE(find_declarations(b, FileKind::html).size() == 1);
  }
  SECTION("charset= in prose, in a script string or another meta is no declaration") {
    CHECK(find_declarations("<p>Save it with charset=gb2312 for Chinese.</p>", FileKind::html).empty());
    CHECK(find_declarations("<script>var t = \"text/html; charset=gb2312\";</script>", FileKind::html).empty());
    CHECK(find_declarations("<meta name=\"description\" content=\"text/html; charset=gb2312\">", FileKind::html).empty());
    CHECK(find_declarations("<meta http-equiv=\"refresh\" content=\"charset=gb2312\">", FileKind::html).empty());
    CHECK(find_declarations("<a title=\"<meta charset=gb2312>\">x</a>", FileKind::html).empty());
  }
  SECTION("a meta a script writes is found, marked, and not rewritten") {
    const std::string b = "<script>document.write('<meta charset=\"gb2312\">');</script>";
    const auto found = find_declarations(b, FileKind::html);
    REQUIRE(found.size() == 1);
    CHECK(found[0].in_raw_text);
    const DeclarationRewrite r = rewrite_declarations_to_utf8(b, FileKind::html);
    CHECK_FALSE(r.ok());
    CHECK(r.text == b);
  }
  SECTION("upper case, single quotes, no quotes, no space after the semicolon") {
    auto one = [](const std::string& b) {
      const auto found = find_declarations(b, FileKind::html);
      REQUIRE(found.size() == 1);
      return found[0];
    };
    CHECK(one("<META CHARSET=\"SHIFT_JIS\">").charset == "windows-31j");
    CHECK(one("<meta charset='euc-kr'>").charset == "windows-949");
    CHECK(one("<meta charset=iso-8859-9>").charset == "windows-1254");
    const CharsetDeclaration tight = one("<meta http-equiv=\"content-type\" content=\"text/html;charset=gb2312\">");
    CHECK(tight.written == "gb2312");
    CHECK(tight.label.begin == 59);
    CHECK(one("<meta content='text/html; charset=\"big5\"' http-equiv=Content-Type>").charset == "Big5");
    const CharsetDeclaration spaced = one("<meta charset=\" gb2312 \">");
    CHECK(spaced.label.begin == 16);
    CHECK(spaced.label.end == 22);
  }
  SECTION("`<meta charset=utf-8/>` is the label \"utf-8/\", which browsers ignore") {
    const std::string b = "<meta charset=utf-8/>";
    const auto found = find_declarations(b, FileKind::html);
    REQUIRE(found.size() == 1);
    CHECK(found[0].written == "utf-8/");
    CHECK_FALSE(found[0].known());
    CHECK(declared_charset(b, FileKind::html).state == DeclaredCharset::State::none);
    const DeclarationRewrite r = rewrite_declarations_to_utf8(b, FileKind::html);
    CHECK(r.ok());
    CHECK(r.rewritten.empty());
    CHECK(r.text == b);
  }
  SECTION("a meta the file ends inside is no tag") {
    CHECK(find_declarations("<p>x</p><meta charset=\"gb2312\"", FileKind::html).empty());
  }
  SECTION("`<meta charset=\"utf-8\"/>` is utf-8; the first of two charset attributes wins") {
    CHECK(find_declarations("<meta charset=\"utf-8\"/>", FileKind::html).at(0).says_utf8());
    CHECK(find_declarations("<meta charset=\"utf-8\" charset=\"gb2312\">", FileKind::html).at(0).says_utf8());
  }
  SECTION("declarations that disagree") {
    const std::string b =
        "<meta charset=\"utf-8\"><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">";
    const DeclaredCharset dc = declared_charset(b, FileKind::html);
    CHECK(dc.state == DeclaredCharset::State::conflict);
    CHECK(dc.charsets == std::vector<std::string>{"UTF-8", "GB18030"});
    const DeclarationRewrite r = rewrite_declarations_to_utf8(b, FileKind::html);
    CHECK_FALSE(r.ok());
    CHECK(r.text == b);
  }
  SECTION("gb2312 and GBK agree: both are read as GB18030") {
    const std::string b = "<meta charset=\"gb2312\"><meta http-equiv=Content-Type content=\"text/html; charset=GBK\">";
    CHECK(declared_charset(b, FileKind::html).charset == "GB18030");
    const DeclarationRewrite r = rewrite_declarations_to_utf8(b, FileKind::html);
    REQUIRE(r.ok());
    CHECK(r.rewritten.size() == 2);
    CHECK(r.text == "<meta charset=\"utf-8\"><meta http-equiv=Content-Type content=\"text/html; charset=UTF-8\">");
  }
  SECTION("evidence: a meta a script writes does not count; UTF-16 in ASCII bytes is UTF-8") {
    const std::string b = "<script>document.write('<meta charset=\"gb2312\">')</script><meta charset=\"big5\">";
    CHECK(find_declarations(b, FileKind::html).size() == 2);
    const DeclaredCharset dc = declared_charset(b, FileKind::html);
    CHECK(dc.state == DeclaredCharset::State::agreed);
    CHECK(dc.charset == "Big5");
    CHECK(declared_charset("<meta charset=\"utf-16\">", FileKind::html).charset == "UTF-8");
  }
  SECTION("no declaration in a page without one") {
    CHECK(declared_charset("<html><body>caf\xE9</body></html>", FileKind::html).state == DeclaredCharset::State::none);
  }
}

TEST_CASE("XML prologs and editors' coding lines", "[encoding][declaration]") {
  SECTION("an XML prolog at the start") {
    const std::string b = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<svg/>";
    const auto found = find_declarations(b, FileKind::text);
    REQUIRE(found.size() == 1);
    CHECK(found[0].syntax == DeclarationSyntax::xml_prolog);
    CHECK(found[0].label.begin == 30);
    CHECK(found[0].charset == "windows-1252");
    CHECK(rewrite_declarations_to_utf8(b, FileKind::text).text == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg/>");
    CHECK(find_declarations(" " + b, FileKind::text).empty());  // not at the start: no prolog
    CHECK(find_declarations(b, FileKind::markdown).empty());
  }
  SECTION("an XHTML page: prolog and meta") {
    const std::string b =
        "<?xml version='1.0' encoding='gb2312'?>\n<html><head><meta http-equiv=\"Content-Type\" "
        "content=\"text/html; charset=gb2312\" /></head>";
    const DeclarationRewrite r = rewrite_declarations_to_utf8(b, FileKind::html);
    REQUIRE(r.ok());
    CHECK(r.rewritten.size() == 2);
    CHECK(r.text ==
          "<?xml version='1.0' encoding='utf-8'?>\n<html><head><meta http-equiv=\"Content-Type\" "
          "content=\"text/html; charset=utf-8\" /></head>");
  }
  SECTION("Emacs: the label without its line-end suffix, which a rewrite keeps") {
    const std::string b = "# -*- mode: python; coding: latin-1-unix -*-\nprint('caf\xE9')\n";
    const auto found = find_declarations(b, FileKind::text);
    REQUIRE(found.size() == 1);
    CHECK(found[0].syntax == DeclarationSyntax::emacs);
    CHECK(found[0].written == "latin-1");
    CHECK(found[0].charset == "windows-1252");
    const DeclarationRewrite r = rewrite_declarations_to_utf8(b, FileKind::text);
    CHECK(r.text == "# -*- mode: python; coding: utf-8-unix -*-\nprint('caf\xE9')\n");
  }
  SECTION("Vim on line 2, PEP 263 forms") {
    const std::string vim = "#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\n";
    const auto v = find_declarations(vim, FileKind::text);
    REQUIRE(v.size() == 1);
    CHECK(v[0].syntax == DeclarationSyntax::vim);
    CHECK(v[0].charset == "windows-1252");
    const auto p = find_declarations("# encoding=latin_1\nx: 1\n", FileKind::yaml);
    REQUIRE(p.size() == 1);
    CHECK(p[0].syntax == DeclarationSyntax::pep263);
    CHECK(p[0].label.begin == 11);
    CHECK(p[0].charset == "windows-1252");
  }
  SECTION("what only looks like a coding line") {
    CHECK(find_declarations("# Decoding: the basics\n", FileKind::text).empty());
    CHECK(find_declarations("# coding: latin-1\n\nA heading above\n", FileKind::markdown).empty());
    CHECK(find_declarations("# coding: done later\n", FileKind::text).empty());  // not a label anyone knows
    CHECK(find_declarations("line one\nline two\n# -*- coding: latin-1 -*-\n", FileKind::text).empty());
    CHECK(find_declarations("He said -*- coding: latin-1 -*- on line 2\n", FileKind::text).size() == 1);
    CHECK(find_declarations("first\nHe said -*- coding: latin-1 -*-\n", FileKind::text).empty());  // Emacs: line 1
  }
}

TEST_CASE("rewriting keeps every other byte", "[encoding][declaration][corpus]") {
  if (!have_sites()) return;
  SECTION("hjzuo: ISO-8859-1 becomes UTF-8 in capitals") {
    const std::string b = site_file("hjzuo/index.htm");
    const DeclarationRewrite r = rewrite_declarations_to_utf8(b, FileKind::html);
    REQUIRE(r.ok());
    REQUIRE(r.rewritten.size() == 1);
    CHECK(r.text == replaced_once(b, "charset=ISO-8859-1", "charset=UTF-8"));
  }
  SECTION("gyzhao-nm Pic.htm: GB2312 in capitals") {
    const std::string b = site_file("gyzhao-nm/Pic.htm");
    const DeclarationRewrite r = rewrite_declarations_to_utf8(b, FileKind::html);
    REQUIRE(r.ok());
    CHECK(r.text == replaced_once(b, "charset=GB2312", "charset=UTF-8"));
  }
  SECTION("jinpengli: a page that says utf-8 already is left as it is") {
    const std::string b = site_file("jinpengli/index.html");
    const DeclarationRewrite r = rewrite_declarations_to_utf8(b, FileKind::html);
    CHECK(r.ok());
    CHECK(r.rewritten.empty());
    CHECK(r.text == b);
  }
}

TEST_CASE("after transcoding, the page says UTF-8", "[encoding][declaration][corpus]") {
  if (!have_sites()) return;
  SECTION("gyzhao-nm: a GBK page whose meta is past 1024 bytes") {
    const std::string b = site_file("gyzhao-nm/publications.htm");
    const auto text = decode_exactly(b, "GB18030");
    REQUIRE(text);
    const DeclarationRewrite r = rewrite_declarations_after_transcoding(b, *text, "GB18030", FileKind::html);
    REQUIRE(r.ok());
    REQUIRE(r.rewritten.size() == 1);
    CHECK(r.text == replaced_once(*text, "charset=gb2312", "charset=utf-8"));
  }
  SECTION("gyzhao-nm honors_awards.htm: the meta at byte 3,425, after Word's styles") {
    const std::string b = site_file("gyzhao-nm/honors_awards.htm");
    const auto text = decode_exactly(b, "GB18030");
    REQUIRE(text);
    const DeclarationRewrite r = rewrite_declarations_after_transcoding(b, *text, "GB18030", FileKind::html);
    REQUIRE(r.ok());
    CHECK(r.text == replaced_once(*text, "charset=gb2312", "charset=utf-8"));
  }
  SECTION("mamykina: Word's UTF-16 page says charset=unicode") {
    const std::string b = site_file("mamykina/index.html");
    const auto text = decode_exactly(b, "UTF-16LE");
    REQUIRE(text);
    const DeclarationRewrite r = rewrite_declarations_after_transcoding(b, *text, "UTF-16LE", FileKind::html);
    REQUIRE(r.ok());
    CHECK(r.text == replaced_once(*text, "charset=unicode", "charset=utf-8"));
  }
  SECTION("mamykina: Mac Roman") {
    const std::string b = site_file("mamykina/publications.htm");
    const auto text = decode_exactly(b, "macintosh");
    REQUIRE(text);
    const DeclarationRewrite r = rewrite_declarations_after_transcoding(b, *text, "macintosh", FileKind::html);
    REQUIRE(r.ok());
    CHECK(r.text == replaced_once(*text, "charset=macintosh", "charset=utf-8"));
  }
  SECTION("the prescan window moves with the text: 1024 GB2312 bytes are 1,536 in UTF-8") {
    // 500 Chinese characters (1,000 bytes in GB2312), a <p>, then the meta at byte 1,007:
    // inside the window in the file, past 1024 bytes in the UTF-8 text.
    std::string utf8 = "<p>";
    for (int i = 0; i < 500; ++i) utf8 += "\xE4\xB8\xAD";  // 中
    utf8 += "</p><meta charset=\"gb2312\">" + pad(100);
    const std::string gb = test::encode(utf8, "GB18030");
    REQUIRE(find_declarations(gb, FileKind::html).size() == 1);
    CHECK(rewrite_declarations_to_utf8(utf8, FileKind::html).rewritten.empty());  // the text alone misses it
    const DeclarationRewrite r = rewrite_declarations_after_transcoding(gb, utf8, "GB18030", FileKind::html);
    REQUIRE(r.rewritten.size() == 1);
    CHECK(r.text == replaced_once(utf8, "gb2312", "utf-8"));
  }
}

TEST_CASE("a UTF-8 page declaring another charset", "[encoding][declaration]") {
  SECTION("plain cases, by hand") {
    CHECK(utf8_beyond_doubt("<meta charset=\"windows-1252\"><p>Jos\xC3\xA9 Garc\xC3\xAD" "a</p>", "windows-1252"));
    CHECK(utf8_beyond_doubt("<p>\xE4\xB8\xAD\xE6\x96\x87\xE7\xBD\x91\xE9\xA1\xB5</p>", "GB18030"));  // 中文网页
    CHECK_FALSE(utf8_beyond_doubt("<p>plain ASCII</p>", "GB18030"));
    // GB18030 bytes of 图片 that happen to be valid UTF-8 ("ͼƬ", issue item 5): not for this check.
    CHECK_FALSE(utf8_beyond_doubt("<p>\xCD\xBC\xC6\xAC</p>", "GB18030"));
  }
  SECTION("the pass fixes the label and says where it was") {
    const std::string page = "<html><head>\n<meta charset=\"ISO-8859-1\">\n</head><body>Jos\xC3\xA9</body></html>\n";
    const PassResult r = run_encoding("p.html", FileKind::html, page);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].rule == "encoding/declaration");
    CHECK(r.findings[0].line == 2);
    CHECK(r.findings[0].column == 16);
    CHECK(r.findings[0].fixed);
    CHECK(r.document.text == replaced_once(page, "ISO-8859-1", "UTF-8"));
  }
  SECTION("pure ASCII: every declaration reads it right, nothing is said") {
    const std::string page = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><p>hi</p>";
    const PassResult r = run_encoding("p.htm", FileKind::html, page);
    CHECK(r.findings.empty());
    CHECK(r.document.text == page);
  }
  SECTION("a GB18030 page that happens to be valid UTF-8 is converted as it declares, label and all") {
    // "ͼƬ" as UTF-8 is odd; the page says gb2312, and GB18030 reads 图片.
    const std::string page = "<meta charset=\"gb2312\"><p>\xCD\xBC\xC6\xAC</p>";
    const PassResult r = run_encoding("p.htm", FileKind::html, page);
    CHECK(r.document.text == "<meta charset=\"utf-8\"><p>图片</p>");
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].rule == "encoding/legacy-as-utf8");
    CHECK(r.findings[1].rule == "encoding/declaration");
    CHECK(r.findings[1].column == 16);
  }
  SECTION("a BOM stays when the declarations cannot be fixed") {
    const std::string page =
        "\xEF\xBB\xBF<meta charset=\"utf-8\"><meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">"
        "<p>Jos\xC3\xA9</p>";
    const PassResult r = run_encoding("p.htm", FileKind::html, page);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].rule == "encoding/declaration");
    CHECK_FALSE(r.findings[0].fixed);
    CHECK(r.document.text == page);
  }
  SECTION("a BOM and a wrong declaration: both go") {
    const std::string page = "\xEF\xBB\xBF<meta charset=\"gb2312\"><p>Jos\xC3\xA9</p>";
    const PassResult r = run_encoding("p.htm", FileKind::html, page);
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].rule == "encoding/declaration");
    CHECK(r.findings[0].column == 16);
    CHECK(r.findings[1].rule == "encoding/bom");
    CHECK(r.document.text == "<meta charset=\"utf-8\"><p>Jos\xC3\xA9</p>");
  }
}

TEST_CASE("lz284's UTF-8 pages that declare gb2312", "[encoding][declaration][corpus]") {
  if (!have_sites()) return;
  for (const char* name : {"lz284/Advising.htm", "lz284/publications.htm", "lz284/service.htm"}) {
    INFO(name);
    const std::string b = site_file(name);
    REQUIRE(is_valid_utf8(b));
    const PassResult r = run_encoding(name, FileKind::html, b);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].rule == "encoding/declaration");
    CHECK(r.findings[0].line == 8);     // awk: the meta's line
    CHECK(r.findings[0].column == 61);  // awk: index of "charset=" + 8
    CHECK(r.findings[0].fixed);
    CHECK(r.document.text == replaced_once(b, "charset=gb2312", "charset=utf-8"));
  }
  // Declares utf-8 and is GBK: not valid UTF-8, so not this check's business.
  CHECK_FALSE(is_valid_utf8(site_file("lz284/publications2.htm")));
}

namespace {

// Markup made of the pieces declarations are made of, in random order: the scan must
// keep inside the text, and a rewrite must touch the labels only and be idempotent.
std::string generated_markup(std::mt19937& rng) {
  static const std::vector<std::string> pieces = {
      "<meta", " charset=", "\"", "'", "gb2312", "GB2312", "utf-8", "iso-8859-1", "l1", "utf-8/", " ", "/",
      ">", "<!--", "-->", "<!-->", "<script>", "</script>", "<style>", "</style>", "<head>", "</head>",
      "<body>", "<p>", "http-equiv=Content-Type", " content=\"text/html; charset=", "content='charset=",
      "<?xml version='1.0' encoding='", "?>", "-*- coding: ", " -*-", "vim: set fileencoding=", "# coding: ",
      "\n", "\r\n", "=", ";", "\xC3\xA9", "\xE4\xB8\xAD", "\xFF", "<", "x", "charset", "<!DOCTYPE html>"};
  std::uniform_int_distribution<std::size_t> count(0, 40), pick(0, pieces.size() - 1);
  std::string s;
  for (std::size_t n = count(rng); n > 0; --n) s += pieces[pick(rng)];
  return s;
}

}  // namespace

TEST_CASE("properties: spans inside the text, rewrites minimal and idempotent", "[encoding][declaration]") {
  std::mt19937 rng(13);
  int rewrites = 0, refusals = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string text = generated_markup(rng);
    INFO(text);
    for (FileKind kind : {FileKind::html, FileKind::text, FileKind::markdown}) {
      std::size_t last = 0;
      const auto found = find_declarations(text, kind);
      for (const CharsetDeclaration& d : found) {
        REQUIRE(d.label.begin >= last);
        REQUIRE(d.label.end <= text.size());
        REQUIRE(text.substr(d.label.begin, d.label.size()) == d.written);
        last = d.label.end;
      }
      const DeclarationRewrite r = rewrite_declarations_to_utf8(text, kind);
      if (!r.ok() || r.rewritten.empty()) {
        refusals += r.ok() ? 0 : 1;
        REQUIRE(r.text == text);
        continue;
      }
      ++rewrites;
      // Outside the rewritten labels, every byte is the input's.
      std::string expected;
      std::size_t at = 0;
      for (const CharsetDeclaration& d : r.rewritten) {
        expected += text.substr(at, d.label.begin - at);
        expected += r.text.substr(expected.size(), 5);
        REQUIRE((expected.substr(expected.size() - 5) == "utf-8" || expected.substr(expected.size() - 5) == "UTF-8"));
        at = d.label.end;
      }
      expected += text.substr(at);
      REQUIRE(r.text == expected);
      const DeclarationRewrite again = rewrite_declarations_to_utf8(r.text, kind);
      REQUIRE(again.ok());
      REQUIRE(again.rewritten.empty());
      REQUIRE(again.text == r.text);
    }
  }
  // The generator must reach both outcomes often, or the properties say little.
  CHECK(rewrites > 500);
  CHECK(refusals >= 5);
}
