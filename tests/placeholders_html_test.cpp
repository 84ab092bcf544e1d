// The placeholders pass on HTML pages (src/placeholders_html.cpp): what goes is
// a whole element as written, what stays is reported with its line and column.
// The fixtures (fixtures/placeholders/15-*, 16-*) run in placeholders_test.cpp.
#include <catch2/catch.hpp>

#include <tuple>

#include "kempt/pipeline.hpp"
#include "kempt/placeholders.hpp"
#include "support.hpp"

using namespace kempt;
namespace fs = std::filesystem;

namespace {

PipelineOutcome run_html(const std::string& bytes, const fs::path& path = "page.html") {
  const Pipeline pipeline = Pipeline::select({"placeholders"}, {});
  return pipeline.run(Document::from_bytes(path, kind_from_extension(path), bytes));
}

const std::string kLorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt.";

const Finding* finding_with(const std::vector<Finding>& findings, const std::string& words) {
  for (const Finding& f : findings) {
    if (f.message.find(words) != std::string::npos) return &f;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("html: an element with real text beside the filler is reported, not removed", "[placeholders][html]") {
  const std::string page = "<ul>\n  <li>My talk at MIT, 2019. " + kLorem + "</li>\n  <li>" + kLorem + "</li>\n</ul>\n";
  const PipelineOutcome out = run_html(page);
  // By hand: the second item is wholly filler and goes with its line; the first keeps its words.
  CHECK(out.document.text == "<ul>\n  <li>My talk at MIT, 2019. " + kLorem + "</li>\n</ul>\n");
  REQUIRE(out.findings.size() == 2);
  CHECK_FALSE(out.findings[0].fixed);
  CHECK(out.findings[0].line == 2);
  CHECK(out.findings[0].column == 29);  // where "Lorem" starts: after `  <li>` (6) and "My talk at MIT, 2019. " (22)
  CHECK(out.findings[0].message.find("beside real text, not removed") != std::string::npos);
  CHECK(out.findings[1].fixed);
  CHECK(out.findings[1].line == 3);
  CHECK(out.findings[1].column == 3);
  CHECK(out.findings[1].message.find("removed <li> element") != std::string::npos);
}

TEST_CASE("html: an element holding Liquid is never removed, and Liquid is left alone", "[placeholders][html]") {
  for (const std::string& page :
       {"<p>{{ site.description }} " + kLorem + "</p>\n", "<p>{% comment %}" + kLorem + "{% endcomment %}</p>\n",
        std::string("<ul>\n<li><a href=\"{{ site.github }}\">GitHub</a></li>\n<li><img src=\"{{ base_path }}/images/500x300.png\"></li>\n</ul>\n")}) {
    CAPTURE(page);
    const PipelineOutcome out = run_html(page);
    CHECK(out.document.text == page);
    for (const Finding& f : out.findings) CHECK_FALSE(f.fixed);
  }
  const PipelineOutcome out = run_html("<div>\n<p>{{ page.intro }} " + kLorem + "</p>\n</div>\n");
  const Finding* kept = finding_with(out.findings, "beside Liquid, not removed");
  REQUIRE(kept != nullptr);
  CHECK(kept->line == 2);
  // A wholly placeholder element beside Liquid (not in it) still goes; the Liquid stays byte for byte.
  const std::string loop = "{% for post in site.posts %}\n<p>" + kLorem + "</p>\n{% endfor %}\n";
  CHECK(run_html(loop).document.text == "{% for post in site.posts %}\n{% endfor %}\n");
}

TEST_CASE("html: only elements whose start and end tags are both in the page are cut", "[placeholders][html]") {
  // The parser closes these <li> and <p> itself: their bytes do not end where the tree says.
  for (const std::string& page : {"<ul>\n<li>" + kLorem + "\n<li>Real item\n</ul>\n", "<p>" + kLorem + "\n<p>Real text.\n",
                                  "<b><p>" + kLorem + "</b></p>\n"}) {
    CAPTURE(page);
    const PipelineOutcome out = run_html(page);
    CHECK(out.document.text == page);
    for (const Finding& f : out.findings) CHECK_FALSE(f.fixed);
    CHECK_FALSE(out.findings.empty());
  }
  // The same list closed as written: the item goes.
  CHECK(run_html("<ul>\n<li>" + kLorem + "</li>\n<li>Real item</li>\n</ul>\n").document.text == "<ul>\n<li>Real item</li>\n</ul>\n");
}

TEST_CASE("html: placeholders in markup, comments and code are no leftovers", "[placeholders][html]") {
  for (const std::string& page :
       {"<p title=\"" + kLorem + "\">Real text.</p>\n", "<!-- <p>" + kLorem + "</p> -->\n<p>Real.</p>\n",
        "<pre>" + kLorem + "</pre>\n", "<p><code>" + kLorem + "</code></p>\n",
        "<script>var t = \"" + kLorem + "\";</script>\n", "<textarea>" + kLorem + "</textarea>\n",
        std::string("<ul>\n<li><a href=\"https://github.com/jdoe\">GitHub</a></li>\n<li><a href=\"https://github.com/\">https://github.com</a></li>\n</ul>\n")}) {
    CAPTURE(page);
    const PipelineOutcome out = run_html(page);
    CHECK(out.document.text == page);
    CHECK(out.findings.empty());
  }
  // A filler run goes on across inline tags, as a reader reads it.
  CHECK(run_html("<p>Real.</p>\n<p>Lorem <em>ipsum</em> dolor sit amet, <b>consectetur</b> adipiscing elit, sed do eiusmod.</p>\n")
            .document.text == "<p>Real.</p>\n");
}

TEST_CASE("html: a bare image beside a heading is reported, as it is no block of its own", "[placeholders][html]") {
  // (Markdown's image alone is a paragraph; in HTML only block elements go whole.)
  const std::string page = "<div>\n<h3>Project</h3>\n<img src=\"/images/500x300.png\">\n</div>\n";
  const PipelineOutcome out = run_html(page);
  CHECK(out.document.text == page);
  REQUIRE(out.findings.size() == 1);
  CHECK(out.findings[0].line == 3);
  CHECK(out.findings[0].message.find("fingerprint acadhomepage/sample-paper-image") != std::string::npos);
}

TEST_CASE("html: the Lorem ipsum history page is left without a finding", "[placeholders][html]") {
  const fs::path page = fs::path(KEMPT_SOURCE_DIR) / "fixtures" / "placeholders-clean" / "lorem-ipsum-history.html";
  const std::string text = kempt::test::read_bytes(page);
  const PipelineOutcome out = run_html(text, page);
  CHECK(out.document.text == text);
  CHECK(out.findings.empty());
}

TEST_CASE("html: front matter of an .html page is reported, never edited", "[placeholders][html]") {
  // academicpages' _portfolio/portfolio-2.html, front matter as the template ships it, under another name.
  const std::string page =
      "---\ntitle: \"Portfolio item number 2\"\n"
      "excerpt: \"Short description of portfolio item number 2 <br/><img src='/images/500x300.png'>\"\n"
      "collection: portfolio\n---\n\n<p>My real project on sparse attention.</p>\n";
  const PipelineOutcome out = run_html(page, "_portfolio/sparse.html");
  CHECK(out.document.text == page);
  REQUIRE(!out.findings.empty());
  for (const Finding& f : out.findings) {
    CHECK_FALSE(f.fixed);
    CHECK(f.line <= 3);
    CHECK(f.message.find("in the front matter") != std::string::npos);
  }
}

TEST_CASE("html: kempt fix twice changes nothing; an untouched page is not written; portfolio-2.html is a sample file",
          "[placeholders][html][cli]") {
  using namespace kempt::test;
  TempDir dir;
  const fs::path fixtures = fs::path(KEMPT_SOURCE_DIR) / "fixtures" / "placeholders";
  write_bytes(dir / "research.html", read_bytes(fixtures / "15-html-jekyll-page" / "input.html"));
  write_bytes(dir / "old/index.htm", read_bytes(fixtures / "16-html-old-homepage" / "input.html"));
  const std::string clean = read_bytes(fs::path(KEMPT_SOURCE_DIR) / "fixtures" / "placeholders-clean" / "lorem-ipsum-history.html");
  write_bytes(dir / "lorem.html", clean);
  // academicpages' sample, byte for byte as the template ships it (fdelbot's fork keeps it).
  const std::string portfolio =
      "---\ntitle: \"Portfolio item number 2\"\n"
      "excerpt: \"Short description of portfolio item number 2 <br/><img src='/images/500x300.png'>\"\n"
      "collection: portfolio\n---\n\n"
      "This is an item in your portfolio. It can be have images or nice text. If you name the file .md, it will be "
      "parsed as markdown. If you name the file .html, it will be parsed as HTML. \n";
  write_bytes(dir / "_portfolio/portfolio-2.html", portfolio);
  const auto before = snapshot(dir.path());

  CliRun first = run_kempt("fix --only placeholders .", dir.path());
  CHECK(first.exit_code == 0);
  CHECK(read_bytes(dir / "research.html") == read_bytes(fixtures / "15-html-jekyll-page" / "expected.html"));
  CHECK(read_bytes(dir / "old/index.htm") == read_bytes(fixtures / "16-html-old-homepage" / "expected.html"));
  const auto after_first = snapshot(dir.path());
  CHECK(after_first.at("lorem.html") == before.at("lorem.html"));  // bytes and mtime: not written
  CHECK(after_first.at("_portfolio/portfolio-2.html") == before.at("_portfolio/portfolio-2.html"));
  CHECK((first.out + first.err).find("_portfolio/portfolio-2.html: warning: Academic Pages sample file") != std::string::npos);

  CliRun second = run_kempt("fix --only placeholders .", dir.path());
  CHECK(second.exit_code == 0);
  CHECK(snapshot(dir.path()) == after_first);

  CliRun deleting = run_kempt("fix --only placeholders --delete-sample-files .", dir.path());
  CHECK(deleting.exit_code == 0);
  CHECK_FALSE(fs::exists(dir / "_portfolio/portfolio-2.html"));
  CHECK(read_bytes(dir / "lorem.html") == clean);
}

TEST_CASE("html: findings after front matter point at the file's lines and columns", "[placeholders][html]") {
  const fs::path input = fs::path(KEMPT_SOURCE_DIR) / "fixtures" / "placeholders" / "15-html-jekyll-page" / "input.html";
  const PipelineOutcome out = run_html(kempt::test::read_bytes(input), input);
  std::vector<std::tuple<std::uint32_t, std::uint32_t, bool>> where;
  for (const Finding& f : out.findings) where.emplace_back(f.line, f.column, f.fixed);
  // By hand: the Lorem <p> opens line 10; the filler inside Liquid starts on line 17 after
  // `  <p>` (5) and `{% if site.draft %}` (19); the portfolio text's <p> and the image's <p>
  // are lines 22 and 23, indented by two.
  CHECK(where == std::vector<std::tuple<std::uint32_t, std::uint32_t, bool>>{
                     {10, 1, true}, {17, 25, false}, {22, 3, true}, {23, 3, true}});
}
