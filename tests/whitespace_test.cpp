#include <catch2/catch.hpp>

#include "../src/whitespace_internal.hpp"
#include "support.hpp"
#include "kempt/whitespace.hpp"

using namespace kempt;

namespace {

struct Fixed {
  std::string text;
  std::vector<Finding> findings;
};

Fixed fix(const std::string& text, const char* name = "page.md") {
  PassResult r = make_whitespace_pass()->run(Document::from_bytes(name, kind_from_extension(name), text));
  return {r.document.text, r.findings};
}

}  // namespace

TEST_CASE("trailing spaces and tabs go, with a finding per line", "[whitespace]") {
  Fixed f = fix("one \ntwo\t\nthree\n", "notes.txt");
  CHECK(f.text == "one\ntwo\nthree\n");
  REQUIRE(f.findings.size() == 2);
  CHECK(f.findings[0].rule == "whitespace/trailing");
  CHECK(f.findings[0].line == 1);
  CHECK(f.findings[0].column == 4);
  CHECK(f.findings[1].line == 2);
  CHECK(f.findings[1].fixed);
}

TEST_CASE("a Markdown hard break inside a paragraph is kept", "[whitespace]") {
  const std::string services =
      "## Services\n**PC Member:**  \nDAC 2024, EuroSys 2024.  \n**Reviewer:**  \nJMLR, TMLR.  \n\nNext.\n";
  Fixed f = fix(services);
  // Every line but the paragraph's last keeps its break; the last one has nothing to break.
  CHECK(f.text == "## Services\n**PC Member:**  \nDAC 2024, EuroSys 2024.  \n**Reviewer:**  \nJMLR, TMLR.\n\nNext.\n");
}

TEST_CASE("the same spaces in a plain text file are trailing whitespace", "[whitespace]") {
  CHECK(fix("**PC Member:**  \nDAC 2024\n", "cv.txt").text == "**PC Member:**\nDAC 2024\n");
}

TEST_CASE("a .txt page with front matter follows Markdown rules", "[whitespace]") {
  const std::string page = "---\nredirect_from: \n  - /about/\n---\n\nLine one  \nline two\n";
  CHECK(fix(page, "seed.txt").text == "---\nredirect_from:\n  - /about/\n---\n\nLine one  \nline two\n");
}

TEST_CASE("spaces then a tab are not a hard break", "[whitespace]") {
  CHECK(fix("text  \t\nmore\n").text == "text\nmore\n");
}

TEST_CASE("code blocks, <pre> and highlight blocks keep their bytes", "[whitespace]") {
  const std::string md =
      "Intro \n\n```python\nx = 1   \n\n```\n\n    indented  \n\n<pre>\nkeep   \n</pre>\n\n"
      "{% highlight ruby %}\nputs 1  \n{% endhighlight %}\n";
  const std::string want =
      "Intro\n\n```python\nx = 1   \n\n```\n\n    indented  \n\n<pre>\nkeep   \n</pre>\n\n"
      "{% highlight ruby %}\nputs 1  \n{% endhighlight %}\n";
  CHECK(fix(md).text == want);
}

TEST_CASE("an unclosed fence at the end keeps its trailing blank lines", "[whitespace]") {
  CHECK(fix("Text\n\n```\ncode  \n\n\n").text == "Text\n\n```\ncode  \n\n\n");
}

TEST_CASE("YAML block scalars keep trailing blanks, other YAML lines lose them", "[whitespace]") {
  const std::string yml = "title: Lab  \nbio: |\n  Line with two  \n  next\nabout: >-\n  folded  \nname: x \n";
  CHECK(fix(yml, "_config.yml").text ==
        "title: Lab\nbio: |\n  Line with two  \n  next\nabout: >-\n  folded  \nname: x\n");
}

TEST_CASE("TOML multi-line strings keep trailing blanks", "[whitespace]") {
  const std::string toml = "title = \"x\"  \nsummary = \"\"\"\nline  \n\"\"\"  \nother = 1\t\n";
  CHECK(fix(toml, "config.toml").text == "title = \"x\"\nsummary = \"\"\"\nline  \n\"\"\"\nother = 1\n");
}

TEST_CASE("HTML <pre> content keeps trailing blanks", "[whitespace]") {
  CHECK(fix("<p>x</p>  \n<PRE class=a>\nkeep  \n</PRE>  \n", "a.html").text == "<p>x</p>\n<PRE class=a>\nkeep  \n</PRE>\n");
}

TEST_CASE("mixed line endings follow the majority", "[whitespace]") {
  Fixed crlf = fix("a\r\nb\r\nc\nd\r\n", "a.txt");
  CHECK(crlf.text == "a\r\nb\r\nc\r\nd\r\n");
  REQUIRE(crlf.findings.size() == 1);
  CHECK(crlf.findings[0].rule == "whitespace/line-endings");
  CHECK(crlf.findings[0].line == 3);
  CHECK(fix("a\nb\r\nc\n", "a.txt").text == "a\nb\nc\n");
  CHECK(fix("a\rb\rc\n", "a.txt").text == "a\rb\rc\r");
  CHECK(fix("a\r\nb\n", "a.txt").text == "a\nb\n");  // a tie goes to LF
}

TEST_CASE("exactly one final newline", "[whitespace]") {
  CHECK(fix("last line", "a.txt").text == "last line\n");
  CHECK(fix("a\r\nlast", "a.txt").text == "a\r\nlast\r\n");
  Fixed blanks = fix("a\n\n  \n\t\n", "a.txt");
  CHECK(blanks.text == "a\n");
  REQUIRE(blanks.findings.size() == 1);
  CHECK(blanks.findings[0].message == "3 blank lines at end of file");
  CHECK(fix("", "a.txt").text.empty());
  CHECK(fix("\n\n", "a.txt").text.empty());
}

TEST_CASE("a clean file comes out byte-identical with no findings", "[whitespace]") {
  const std::string clean = "---\ntitle: \"x\"\n---\n\n# Title\n\nHard  \nbreak.\n\n\n\nTabs\tinside stay.\n";
  Fixed f = fix(clean);
  CHECK(f.text == clean);
  CHECK(f.findings.empty());
}

TEST_CASE("the pass is idempotent", "[whitespace]") {
  const std::string messy = "a  \r\nb\n\n```\nx  \n```\nlast  \n\n\n";
  const std::string once = fix(messy).text;
  Fixed twice = fix(once);
  CHECK(twice.text == once);
  CHECK(twice.findings.empty());
}

TEST_CASE("a text of more lines than are ruled: endings unified, final newline added, blanks kept", "[whitespace]") {
  // 1.2 million short lines, mostly LF, some CRLF and lone CR, trailing blanks on some,
  // no final newline: too many lines to lay out, so the pass streams.
  std::string text, expected;
  for (int i = 0; i < 1'200'000; ++i) {
    const std::string line = i % 7 == 0 ? "x " : "y";
    const char* end = i % 5 == 0 ? "\r\n" : i % 11 == 0 ? "\r" : "\n";
    text += line;
    expected += line;
    if (i + 1 < 1'200'000) text += end;
    expected += '\n';
  }
  Fixed f = fix(text);
  CHECK(f.text == expected);
  // A second run changes nothing.
  CHECK(fix(f.text).text == f.text);
  std::vector<std::string> rules;
  for (const Finding& finding : f.findings) rules.push_back(finding.rule);
  CHECK(rules == std::vector<std::string>{"whitespace/not-ruled", "whitespace/line-endings", "whitespace/final-newline"});
  CHECK(f.findings[0].severity == Severity::note);
  CHECK_FALSE(f.findings[0].fixed);
  // The first odd line end is line 1's CRLF, after "x "; the missing newline ends the last line.
  CHECK(f.findings[1].line == 1);
  CHECK(f.findings[1].column == 3);
  CHECK(f.findings[2].line == 1'200'000);
}

TEST_CASE("a page the quick scan calls tidy is one the line rules leave as it is", "[whitespace]") {
  // Every text of up to seven characters drawn from a letter, the blanks and both
  // line breaks, as a Markdown page, a YAML file and plain text.
  constexpr std::string_view kAlphabet = "a \t\n\r";
  std::size_t tidy = 0, untidy = 0;
  for (const char* name : {"page.md", "_config.yml", "notes.txt"}) {
    kempt::test::for_each_text(kAlphabet, 7, [&](const std::string& text) {
      if (!whitespace::already_tidy(text)) {
        ++untidy;
        return;
      }
      ++tidy;
      PassResult r = whitespace::rule_lines(Document::from_bytes(name, kind_from_extension(name), text));
      INFO(name << ": \"" << text << "\"");
      CHECK(r.document.text == text);
      CHECK(r.findings.empty());
    });
  }
  // (Both ways are taken often: the check above is not vacuous.)
  CHECK(tidy > 1000);
  CHECK(untidy > 1000);
  // A null string_view is no page, and its null data() must not reach memchr.
  CHECK(!whitespace::already_tidy(std::string_view()));
}
