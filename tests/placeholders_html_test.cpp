// The placeholders pass on HTML pages (src/placeholders_html.cpp): what goes is
// a whole element as written, what stays is reported with its line and column.
// The fixtures (fixtures/placeholders/15-*, 16-*) run in placeholders_test.cpp.
#include <catch2/catch.hpp>

#include <fstream>
#include <random>
#include <tuple>

#include "../src/placeholders_internal.hpp"
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

TEST_CASE("html: a page nested deeper than 128 levels is not parsed; tags a parser closes do not count", "[placeholders][html]") {
  auto not_parsed = [](const std::string& page) {
    const PipelineOutcome out = run_html(page);
    return std::any_of(out.findings.begin(), out.findings.end(),
                       [](const Finding& f) { return f.rule == "placeholders/not-parsed"; });
  };
  auto nested = [](std::size_t levels, const std::string& open, const std::string& close) {
    std::string page;
    for (std::size_t k = 0; k < levels; ++k) page += open;
    page += "<p>" + kLorem + "</p>\n";
    for (std::size_t k = 0; k < levels; ++k) page += close;
    return page;
  };
  CHECK_FALSE(not_parsed(nested(128, "<div>", "</div>")));
  CHECK(not_parsed(nested(129, "<div>", "</div>")));
  CHECK(not_parsed(nested(129, "<DiV class=x>", "</dIv >")));
  // Void elements and those the next sibling closes, in any case, and self-closed tags.
  for (const std::string open : {"<p>", "<LI>", "<br>", "<Td>", "<colgroup>", "<optgroup>", "<basefont>", "<isindex>",
                                 "<div/>", "<!-- <div> -->", "< div>", "<1div>"}) {
    INFO(open);
    CHECK_FALSE(not_parsed(nested(300, open, "")));
  }
  // Names that only begin like those (or are longer than 16 letters) nest.
  for (const std::string open : {"<pre>", "<colgroups>", "<optgroupx>", "<basefonts>", "<abcdefghijklmnopqrst>"}) {
    INFO(open);
    CHECK(not_parsed(nested(200, open, "")));
  }
}

// --- the squeezed parse (placeholders::squeeze_text) --------------------------------

namespace {

using placeholders::HtmlParse;

// The tree read from the squeezed page is the page's own, and the squeeze did squeeze.
void check_squeezed_parse(const std::string& page) {
  INFO(page);
  CHECK_FALSE(placeholders::squeeze_text(page).runs.empty());
  CHECK(placeholders::html_outline(page, HtmlParse::squeezed) == placeholders::html_outline(page, HtmlParse::as_is));
}

}  // namespace

TEST_CASE("squeeze_text: words become x, white space its first two characters, markup stays", "[placeholders][html]") {
  // By hand: "Hello," is a word (a comma is a word byte) and "world" joins it across
  // the three spaces; "&amp;" is left, and so is everything from '<' to '>'; the
  // white space before "</p>" keeps two characters (CR LF counting as one).
  const std::string page = "<p class=\"intro text\">Hello,   world &amp; caf\xC3\xA9\r\n\r\n\r\n</p><!-- a > b -->tail";
  const placeholders::SqueezedText s = placeholders::squeeze_text(page);
  CHECK(s.text == "<p class=\"intro text\">x &amp; x\r\n\r</p><!-- a > b -->x");
  // Every byte of the squeezed text but a word's letter is the page's byte at its offset.
  std::size_t letters = 0;
  for (std::size_t at = 0; at < s.text.size(); ++at) {
    const std::size_t from = s.source_offset(at);
    if (page[from] != s.text[at]) {
      CHECK(s.text[at] == 'x');
      ++letters;
    }
  }
  CHECK(letters == 3);
  CHECK(s.source_offset(s.text.find("</p>")) == page.find("</p>"));
  CHECK_FALSE(s.cuts(0, s.text.find('>') + 1));  // the start tag is the page's
  CHECK(s.cuts(s.text.find(">x") + 1, 1));
  // A quoted '>' is in its tag; an unclosed quote runs on to the next one, as gumbo reads it.
  CHECK(placeholders::squeeze_text("<p alt=\"a > b\">Hello world</p>").text == "<p alt=\"a > b\">x</p>");
  CHECK(placeholders::squeeze_text("<a href = 'x>words here' title=y>tail</a>").text ==
        "<a href = 'x>words here' title=y>x</a>");
  // Where a frameset or a template may keep the white space between ignored words,
  // words are squeezed one by one.
  CHECK(placeholders::squeeze_text("<FRAMESET>words  here</frameset>").text == "<FRAMESET>x  x</frameset>");
  CHECK(placeholders::squeeze_text("<template><col>some words</template>").text == "<template><col>x x</template>");
  // A page that is not UTF-8 is not squeezed.
  CHECK(placeholders::squeeze_text("<p>caf\xE9 au lait</p>").runs.empty());
}

TEST_CASE("squeezed HTML builds the page's own tree: the constructs that depend on text", "[placeholders][html]") {
  for (const std::string page : {
           // A LF right after <pre> and <textarea> is dropped; the next one reconstructs <b>.
           std::string("<b><p>bold words\n\n\n<pre>\n\n\nText</pre><textarea>\r\n\r\n\r\nwords</textarea>"),
           std::string("<b><p>words</p><pre>\r\n\r\n\r\n<i>x</i></pre>"),
           // Text in a table is moved before it; white space is not.
           std::string("<table>  some words here <tr><td>cell text</td></tr>\n\n\n</table>"),
           std::string("<table><colgroup>   words <col></colgroup><tr><td>x</td></tr></table>"),
           // A frameset, and a template's column group, ignore words and keep the white
           // space between them.
           std::string("<frameset>some  words here<frame></frameset> more words"),
           std::string("<template><col>some words<col></template>"),
           // Before <html>, in <head>, after </body> and in a frameset, words and white space differ.
           std::string("   \n\n words <html>  <head>  <title>Title words</title>  words  <body>x</body>  words  </html>  more"),
           std::string("<frameset>   words  <frame>  words </frameset>  words  </html>  words"),
           // A quoted '>' in a tag, and a comment ended by "--!>": the words squeezed there are in markup.
           std::string("<a title=\"x>y longword\" href=\"https://github.com/\">GitHub words</a> <p>after</p>"),
           std::string("<!-- a --!> longword --> <p>after words</p><!--> words <!---> words"),
           // Script's escaped text, RCDATA and RAWTEXT end only at their own end tags.
           std::string("<script><!--<script>longword</script>more words</script>-->x</script><p>after words</p>"),
           std::string("<style>body { color: red }</style><xmp>words <b>here</b></xmp><title>a </titles> b</title>c"),
           // Character references: named, numeric, without ';', and a lone '&'.
           std::string("<p>words &amp;more &notin;words &#x41;bc &#1234;5 &ampersand & words</p><p>&#9;</p><p>&#x20;</p>"),
           // Foreign content: CDATA, a font that breaks out, an integration point.
           std::string("<svg><![CDATA[ words > more ]]> words <font color=red>x</font></svg><math><annotation-xml "
                       "encoding=\"text/html\"><p>words</p></annotation-xml></math>"),
           // Markup that is no tag, and <plaintext>.
           std::string("a < b and longword > c </ 3> words <?php echo words ?> <!doctype html> x <plaintext> words <b> more"),
           std::string("<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN>\" \"x\">words <p>para words</p>"),
           // Misnested formatting: the adoption agency clones and moves elements.
           std::string("<p>one <b>two <i>three</b> four</i> five</p><a href=x>link <div>block words</a> tail</div>"),
           std::string("<select> words <option>one words<option>two</select><template> words <td>x</td></template>"),
       }) {
    check_squeezed_parse(page);
  }
}

TEST_CASE("squeezed HTML builds the page's own tree: random pages", "[placeholders][html]") {
  // Pages strung together from the pieces that move HTML's tokenizer and tree
  // builder: every tree read from the squeezed page must be the page's own.
  static const std::vector<std::string> pieces = {
      "words", "Lorem ipsum,", "fa\xC3\xA7" "ade", "x", "2019.", " ", "   ", "\n", "\n\n\n", "\r\n\r\n\r\n", "\t\t", "\f",
      "<p>", "</p>", "<b>", "</b>", "<i>", "</i>", "<a href=\"https://github.com/\">", "</a>", "<div>", "</div>",
      "<table>", "</table>", "<tr>", "<td>", "</td>", "<colgroup>", "<col>", "<caption>", "<pre>", "</pre>",
      "<textarea>", "</textarea>", "<title>", "</title>", "<script>", "</script>", "<style>", "</style>",
      "<select>", "<option>", "</select>", "<svg>", "</svg>", "<math>", "<![CDATA[", "]]>", "<font color=red>",
      "<frameset>", "</frameset>", "<html>", "</html>", "<head>", "</head>", "<body>", "</body>", "<template>",
      "</template>", "<!--", "-->", "--!>", "<!DOCTYPE html>", "<img src=\"images/500x300.png\">", "<br/>",
      "&amp;", "&notin", "&#x41;", "&#9;", "&#32", "&nbsp;", "&", "<", ">", "\"", "'", "=", "/", "!", "?", "-", "<a title=\"x>y words\">",
      "<ul>", "<li>", "</li>", "</ul>", "<h1>", "</h1>", "<plaintext>", "{% if x %}", "{{ site.title }}"};
  std::mt19937 random(20261207);
  std::size_t squeezed = 0;
  for (int page_no = 0; page_no < 4000; ++page_no) {
    std::string page;
    const int length = 1 + static_cast<int>(random() % 40);
    for (int k = 0; k < length; ++k) page += pieces[random() % pieces.size()];
    INFO(page);
    CHECK(placeholders::html_outline(page, HtmlParse::squeezed) == placeholders::html_outline(page, HtmlParse::as_is));
    squeezed += !placeholders::squeeze_text(page).runs.empty();
  }
  CHECK(squeezed > 2000);
}

TEST_CASE("squeezed HTML builds the page's own tree: every real page", "[placeholders][html][corpus]") {
  const fs::path sites = fs::path(KEMPT_SOURCE_DIR) / ".." / "shared" / "corpus" / "sites";
  REQUIRE(fs::exists(sites));
  const auto catalogue = builtin_placeholder_catalogue();
  std::size_t pages = 0, squeezed = 0;
  for (const auto& entry : fs::recursive_directory_iterator(sites)) {
    const std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".html" && ext != ".htm")) continue;
    const std::string page = kempt::test::read_bytes(entry.path());
    INFO(entry.path().string());
    CHECK(placeholders::html_outline(page, HtmlParse::squeezed) == placeholders::html_outline(page, HtmlParse::as_is));
    // And what the pass makes of it (findings, the page left) is the same.
    std::vector<placeholders::PendingFinding> a, b;
    CHECK(placeholders::html_without_placeholders(page, *catalogue, a, HtmlParse::squeezed) ==
          placeholders::html_without_placeholders(page, *catalogue, b, HtmlParse::as_is));
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) CHECK((a[i].offset == b[i].offset && a[i].message == b[i].message));
    ++pages;
    squeezed += !placeholders::squeeze_text(page).runs.empty();
  }
  CHECK(pages > 300);
  CHECK(squeezed * 10 > pages * 9);
  WARN(pages << " HTML pages, " << squeezed << " squeezed");
}
