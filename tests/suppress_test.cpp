// Silencing rules: `.kempt.yaml` ignore / per-file-ignores and kempt-ignore comments.
// A silenced finding is neither reported nor fixed; everything else is as without.
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>

#include "kempt/config.hpp"
#include "kempt/pipeline.hpp"
#include "kempt/suppress.hpp"

using namespace kempt;

namespace {

PipelineOutcome run_with(const std::string& path, const std::string& text, const std::string& yaml = "",
                         const std::vector<std::string>& only = {}) {
  Document doc = Document::from_bytes(path, kind_from_extension(path), text);
  if (!yaml.empty()) doc.config = std::make_shared<const Config>(parse_config(yaml, ".kempt.yaml"));
  return Pipeline::select(only, {}).run(std::move(doc));
}

std::vector<std::string> rules_at(const PipelineOutcome& out) {
  std::vector<std::string> r;
  for (const Finding& f : out.findings) r.push_back(f.rule + "@" + std::to_string(f.line));
  return r;
}

}  // namespace

TEST_CASE("rule_matches: a rule id or a whole prefix of one", "[suppress]") {
  CHECK(rule_matches("mojibake", "mojibake/lost-bytes"));
  CHECK(rule_matches("mojibake/lost-bytes", "mojibake/lost-bytes"));
  CHECK(rule_matches("whitespace/trailing", "whitespace/trailing"));
  CHECK_FALSE(rule_matches("whitespace/trailing", "whitespace/line-endings"));
  CHECK_FALSE(rule_matches("mojibake/lost", "mojibake/lost-bytes"));  // not half a name
  CHECK_FALSE(rule_matches("moji", "mojibake/repaired"));
  CHECK_FALSE(rule_matches("mojibake/lost-bytes", "mojibake"));
}

TEST_CASE("kempt-ignore comments: regions, next line, rule lists, enable by rule", "[suppress]") {
  const std::string text =
      "line 1\n"                                                  // 1
      "<!-- kempt-ignore-next-line whitespace/trailing -->\n"     // 2
      "line 3\n"                                                  // 3
      "line 4\n"                                                  // 4
      "<!-- kempt-ignore -->\n"                                   // 5
      "line 6\n"                                                  // 6
      "<!-- kempt-enable whitespace -->\n"                        // 7
      "line 8\n"                                                  // 8
      "<!-- kempt-enable -->\n"                                   // 9
      "line 10\n"                                                 // 10
      "<!-- kempt-ignore mojibake, frontmatter/date -->\n"        // 11
      "line 12\n";                                                // 12
  Suppressions s;
  s.read_comments(text, true);
  CHECK_FALSE(s.ignores("whitespace/trailing", 1));
  CHECK(s.ignores("whitespace/trailing", 3));
  CHECK_FALSE(s.ignores("mojibake/repaired", 3));  // next-line named one rule
  CHECK_FALSE(s.ignores("whitespace/trailing", 4));
  CHECK(s.ignores("whitespace/trailing", 5));  // the comment's own line is inside
  CHECK(s.ignores("mojibake/repaired", 6));
  CHECK(s.ignores("whitespace/trailing", 7));
  CHECK_FALSE(s.ignores("whitespace/trailing", 8));  // enabled by its pass name
  CHECK(s.ignores("mojibake/repaired", 8));           // still ignored
  CHECK_FALSE(s.ignores("mojibake/repaired", 10));
  CHECK(s.ignores("mojibake/lost-bytes", 12));
  CHECK(s.ignores("frontmatter/date", 12));
  CHECK_FALSE(s.ignores("frontmatter/quoted", 12));
  CHECK_FALSE(s.ignores("mojibake/repaired", 0));  // the whole file: only configuration
  CHECK_FALSE(s.ignores_everywhere("mojibake"));
}

TEST_CASE("kempt-ignore comments in code, or misspelled, are text", "[suppress]") {
  const std::string text =
      "Write `<!-- kempt-ignore -->` to silence kempt.\n"
      "\n"
      "```html\n"
      "<!-- kempt-ignore -->\n"
      "```\n"
      "<!-- kempt-ignored -->\n"
      "<!-- not kempt-ignore -->\n"
      "line 8\n";
  Suppressions s;
  s.read_comments(text, true);
  CHECK(s.empty());
  for (std::uint32_t line = 1; line <= 8; ++line) CHECK_FALSE(s.ignores("whitespace/trailing", line));
  // In a file that is not Markdown, an HTML comment is a comment wherever it is.
  Suppressions html;
  html.read_comments("<pre>\n<!-- kempt-ignore -->\n</pre>\n", false);
  CHECK(html.ignores("whitespace/trailing", 3));
}

TEST_CASE("inline suppression: the silenced line is neither reported nor fixed, the rest is", "[suppress][pipeline]") {
  const std::string text =
      "# Title\n"
      "\n"
      "fix me \n"
      "<!-- kempt-ignore-next-line whitespace/trailing -->\n"
      "keep me \n"
      "\n"
      "<!-- kempt-ignore -->\n"
      "keep me too \n"
      "<!-- kempt-enable -->\n"
      "fix me too \n";
  const PipelineOutcome out = run_with("page.md", text);
  CHECK(out.document.text ==
        "# Title\n\nfix me\n<!-- kempt-ignore-next-line whitespace/trailing -->\nkeep me \n\n<!-- kempt-ignore -->\n"
        "keep me too \n<!-- kempt-enable -->\nfix me too\n");
  CHECK(rules_at(out) == std::vector<std::string>{"whitespace/trailing@3", "whitespace/trailing@10"});
  // Run again: nothing left to do, nothing reported (idempotent).
  const PipelineOutcome again = run_with("page.md", out.document.text);
  CHECK_FALSE(again.changed());
  CHECK(again.findings.empty());
}

TEST_CASE("inline suppression of a rule keeps another rule's fix on the same line", "[suppress][pipeline]") {
  // The mojibake repair on line 2 goes on; the trailing blank there is silenced.
  const std::string text =
      "<!-- kempt-ignore-next-line whitespace/trailing -->\n"
      "It\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s fine.\n"
      "\n"
      "Tail. \n";
  const PipelineOutcome out = run_with("page.md", text);
  CHECK(out.document.text == "<!-- kempt-ignore-next-line whitespace/trailing -->\nIt\xE2\x80\x99s fine.\n\nTail.\n");
  const auto rules = rules_at(out);
  CHECK(std::count(rules.begin(), rules.end(), "whitespace/trailing@4") == 1);
  CHECK(std::none_of(rules.begin(), rules.end(), [](const std::string& r) { return r == "whitespace/trailing@2"; }));
}

TEST_CASE("a region silencing mixed line endings keeps its CRLF lines, the rest are unified", "[suppress][pipeline]") {
  const std::string text =
      "a\n"
      "b\r\n"
      "<!-- kempt-ignore whitespace/line-endings -->\n"
      "c\r\n"
      "d\r\n"
      "<!-- kempt-enable -->\n"
      "e\n";
  const PipelineOutcome out = run_with("page.md", text);
  CHECK(out.document.text ==
        "a\nb\n<!-- kempt-ignore whitespace/line-endings -->\nc\r\nd\r\n<!-- kempt-enable -->\ne\n");
  CHECK(rules_at(out) == std::vector<std::string>{"whitespace/line-endings@2"});
  // The second run finds the remaining CRLFs only inside the region: silent, unchanged.
  const PipelineOutcome again = run_with("page.md", out.document.text);
  CHECK_FALSE(again.changed());
  CHECK(again.findings.empty());
}

TEST_CASE(".kempt.yaml ignore: a rule, a rule prefix, per-file globs; ignored passes do not run", "[suppress][config]") {
  const std::string text = "It\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s fine. \n";
  SECTION("a rule id: only that rule is silenced and unfixed") {
    const PipelineOutcome out = run_with("page.md", text, "ignore: [whitespace/trailing]\n");
    CHECK(out.document.text == "It\xE2\x80\x99s fine. \n");
    const auto rules = rules_at(out);  // the repair's rule names its code page (mojibake/cp1252)
    REQUIRE(rules.size() == 1);
    CHECK(rules[0].starts_with("mojibake/"));
    CHECK(rules[0].ends_with("@1"));
  }
  SECTION("a pass name: the pass is not run") {
    const PipelineOutcome out = run_with("page.md", text, "ignore: mojibake\n");
    CHECK(out.document.text == "It\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s fine.\n");
    CHECK(rules_at(out) == std::vector<std::string>{"whitespace/trailing@1"});
  }
  SECTION("per-file-ignores: a glob with a folder, a glob on the name, a file it does not match") {
    const std::string yaml = "per-file-ignores:\n  \"_posts/ru/*\": [mojibake]\n  \"*.html\": whitespace\n";
    CHECK(run_with("_posts/ru/a.md", text, yaml).document.text == "It\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s fine.\n");
    CHECK(run_with("pages/b.html", text, yaml).document.text == "It\xE2\x80\x99s fine. \n");
    CHECK(run_with("_posts/en/a.md", text, yaml).document.text == "It\xE2\x80\x99s fine.\n");
  }
  SECTION("an error (the file left as it was) is not silenced by its rule, only by skipping the pass") {
    const std::string bad = "---\ntitle: [unclosed\n---\nx\n";
    const PipelineOutcome held = run_with("page.md", bad, "ignore: [frontmatter/invalid]\n");
    CHECK(held.held);
    CHECK(rules_at(held) == std::vector<std::string>{"frontmatter/invalid@2"});
    const PipelineOutcome skipped = run_with("page.md", bad, "ignore: [frontmatter]\n");
    CHECK_FALSE(skipped.held);
    CHECK(skipped.findings.empty());
  }
}

TEST_CASE(".kempt.yaml ignore: rule ids are checked strictly", "[suppress][config]") {
  const Config c = parse_config("ignore: [mojibake/lost-bytes, io/stale-temp]\nper-file-ignores: {\"a/*\": [whitespace]}\n",
                                "k.yaml");
  CHECK(c.ignore.rules == std::vector<std::string>{"mojibake/lost-bytes", "io/stale-temp"});
  REQUIRE(c.ignore.per_file.size() == 1);
  CHECK(c.ignored_rules("a/b.md") == std::vector<std::string>{"mojibake/lost-bytes", "io/stale-temp", "whitespace"});
  CHECK(c.ignored_rules("b/b.md") == std::vector<std::string>{"mojibake/lost-bytes", "io/stale-temp"});
  CHECK_THROWS_WITH(parse_config("ignore: [mojibak]\n", "k.yaml"), Catch::Contains("k.yaml:1:10") && Catch::Contains("mojibak"));
  CHECK_THROWS_AS(parse_config("ignore: [\"whitespace/\"]\n", "k.yaml"), ConfigError);
  CHECK_THROWS_AS(parse_config("ignore: {a: b}\n", "k.yaml"), ConfigError);
  CHECK_THROWS_AS(parse_config("per-file-ignores: [whitespace]\n", "k.yaml"), ConfigError);
  // The placeholders section's own `ignore:` (fingerprints) is untouched by all this.
  CHECK_NOTHROW(parse_config("placeholders:\n  ignore: [chirpy]\nignore: [placeholders/link]\n", "k.yaml"));
}

TEST_CASE("every finding names its file, also when the pass left the path empty", "[pipeline]") {
  for (const std::string text : {"---\ntitle: [unclosed\n---\nx\n", "---\na: &a [*a]\n---\n", "---\ntitle: x\n"}) {
    const PipelineOutcome out = run_with("dir/page.md", text);
    REQUIRE_FALSE(out.findings.empty());
    for (const Finding& f : out.findings) CHECK(f.path == "dir/page.md");
  }
}
