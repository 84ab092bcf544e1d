#include <catch2/catch.hpp>

#include "kempt/report.hpp"
#include "support.hpp"

using namespace kempt;

TEST_CASE("unified_diff: one changed line with context", "[diff]") {
  CHECK(unified_diff("p.md", "a\nb \nc\n", "a\nb\nc\n", false) ==
        "--- a/p.md\n+++ b/p.md\n@@ -1,3 +1,3 @@\n a\n-b \n+b\n c\n");
  CHECK(unified_diff("p.md", "same\n", "same\n", false).empty());
}

TEST_CASE("unified_diff marks a missing final newline", "[diff]") {
  CHECK(unified_diff("p.md", "x", "x\n", false) ==
        "--- a/p.md\n+++ b/p.md\n@@ -1,1 +1,1 @@\n-x\n\\ No newline at end of file\n+x\n");
}

TEST_CASE("unified_diff splits distant changes into hunks", "[diff]") {
  std::string before, after;
  for (int i = 1; i <= 20; ++i) {
    before += "l" + std::to_string(i) + (i == 2 || i == 18 ? " \n" : "\n");
    after += "l" + std::to_string(i) + "\n";
  }
  const std::string diff = unified_diff("p.md", before, after, false);
  CHECK(diff.find("@@ -1,5 +1,5 @@\n l1\n-l2 \n+l2\n l3\n l4\n l5\n") != std::string::npos);
  CHECK(diff.find("@@ -15,6 +15,6 @@\n l15\n l16\n l17\n-l18 \n+l18\n l19\n l20\n") != std::string::npos);
}

TEST_CASE("unified_diff output applies with git apply", "[diff]") {
  kempt::test::TempDir dir;
  std::string before, after;
  for (int i = 1; i <= 60; ++i) {
    const std::string line = "line " + std::to_string(i);
    before += line + (i % 7 == 0 ? "  " : "") + (i % 11 == 0 ? "\r\n" : "\n");
    if (i % 13 != 0) after += line + "\n";  // lines dropped, blanks trimmed, CRLF unified
  }
  before += "tail";
  after += "tail\n";
  kempt::test::write_bytes(dir / "page.md", before);
  kempt::test::write_bytes(dir / "change.patch", unified_diff("page.md", before, after, false));
  const std::string cmd = "cd " + kempt::test::shell_quote(dir.path().string()) +
                          " && git apply --whitespace=nowarn change.patch 2>&1";
  REQUIRE(std::system(cmd.c_str()) == 0);
  CHECK(kempt::test::read_bytes(dir / "page.md") == after);
}
