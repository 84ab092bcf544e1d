// GitHub workflow commands and SARIF's URIs, on inputs the CLI tests cannot easily make.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "kempt/report.hpp"

using namespace kempt;

TEST_CASE("github annotations escape properties and data as workflow commands require", "[report]") {
  // Expected lines written by hand from GitHub's rules: data escapes % CR LF; a
  // property value also ':' and ','.
  Finding f{"dir/a,b:c 100%.md", 3, 7, "whitespace/trailing", "50% of\r\nit", true, Severity::warning};
  CHECK(format_finding_github(f, false) ==
        "::warning file=dir/a%2Cb%3Ac 100%25.md,line=3,col=7,title=whitespace/trailing::50%25 of%0D%0Ait (fixable)");
  CHECK(format_finding_github(f, true).ends_with("::50%25 of%0D%0Ait (fixed)"));
  Finding whole{"posts/bad.md", 0, 0, "frontmatter/invalid", "does not parse", false, Severity::error};
  CHECK(format_finding_github(whole, false) == "::error file=posts/bad.md,title=frontmatter/invalid::does not parse");
  Finding note{"x.md", 0, 0, "io/symlink", "symbolic link not followed", false, Severity::note};
  CHECK(format_finding_github(note, false).starts_with("::notice file=x.md,"));
}

TEST_CASE("percent_encode_path: RFC 3986 unreserved bytes and '/' stay, the rest is %XX", "[report]") {
  CHECK(percent_encode_path("posts/a-b_c.d~e.md") == "posts/a-b_c.d~e.md");
  CHECK(percent_encode_path("my page #1.md") == "my%20page%20%231.md");
  CHECK(percent_encode_path("100%.md") == "100%25.md");
  CHECK(percent_encode_path("caf\xC3\xA9.md") == "caf%C3%A9.md");
  CHECK(percent_encode_path("a:b?c[d]@e.md") == "a%3Ab%3Fc%5Bd%5D%40e.md");  // ':' would read as a scheme
  CHECK(percent_encode_path("latin1-\xE9.md") == "latin1-%E9.md");           // a name's bytes, not UTF-8
}

TEST_CASE("sarif: a fixed-on-disk finding is no result; URIs under and outside the root", "[report]") {
  FileReport fixed;
  fixed.path = "a b.md";
  fixed.status = FileReport::Status::changed;
  fixed.written = true;
  fixed.findings = {{"a b.md", 1, 2, "whitespace/trailing", "trailing whitespace", true, Severity::warning},
                    {"a b.md", 2, 0, "frontmatter/duplicate-key", "duplicate key", false, Severity::warning}};
  FileReport outside;
  outside.path = "/elsewhere/#x.md";
  outside.findings = {{"/elsewhere/#x.md", 0, 0, "io/symlink", "symbolic link not followed", false, Severity::note}};
  FileReport up;
  up.path = "../up.md";
  up.findings = {{"../up.md", 0, 0, "io/symlink", "symbolic link not followed", false, Severity::note}};
  const auto log = nlohmann::json::parse(format_sarif({fixed, outside, up}, "0", "/work/site"));
  const auto& run = log["runs"][0];
  CHECK(run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///work/site/");
  REQUIRE(run["results"].size() == 3);
  CHECK(run["results"][0]["ruleId"] == "frontmatter/duplicate-key");
  CHECK(run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] ==
        nlohmann::json({{"uri", "a%20b.md"}, {"uriBaseId", "%SRCROOT%"}}));
  CHECK(run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"] ==
        nlohmann::json({{"uri", "file:///elsewhere/%23x.md"}}));
  CHECK(run["results"][2]["locations"][0]["physicalLocation"]["artifactLocation"] ==
        nlohmann::json({{"uri", "file:///work/up.md"}}));
  CHECK(run["tool"]["driver"]["rules"].size() == 2);  // only the rules of results
}

TEST_CASE("sarif fix: replacements reach the end of a file without a final newline", "[report]") {
  FileReport r;
  r.path = "p.md";
  r.status = FileReport::Status::changed;
  r.before = "x \nok\ny";
  r.after = "x\nok\ny\n";
  r.findings = {{"p.md", 1, 2, "whitespace/trailing", "trailing whitespace", true, Severity::warning},
                {"p.md", 3, 0, "whitespace/final-newline", "no final newline", true, Severity::warning}};
  const auto log = nlohmann::json::parse(format_sarif({r}, "0", "/w"));
  const auto& results = log["runs"][0]["results"];
  REQUIRE(results.size() == 2);
  // By hand: line 1 "x \n" ends at column 1 of line 2; line 3 "y" runs to the end (column 2).
  CHECK(results[0]["fixes"][0]["artifactChanges"][0]["replacements"] ==
        nlohmann::json::parse(R"([{"deletedRegion": {"startLine": 1, "startColumn": 1, "endLine": 2, "endColumn": 1},
                                  "insertedContent": {"text": "x\n"}}])"));
  CHECK(results[1]["fixes"][0]["artifactChanges"][0]["replacements"] ==
        nlohmann::json::parse(R"([{"deletedRegion": {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 2},
                                  "insertedContent": {"text": "y\n"}}])"));
}
