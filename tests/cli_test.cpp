// End-to-end: the built `kempt` binary on real trees, as users and CI run it.
#include <fcntl.h>
#include <sys/wait.h>

#include <csignal>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace kempt::test;
using nlohmann::json;

namespace {

const std::string kFrench =
    "Séminaire d’été : « Systèmes répartis » — présentation de Zoë à 14 h.\n"
    "Les étudiants intéressés peuvent écrire à l’équipe ; café offert après la séance.\n";
const std::string kChinese =
    "我是卡内基梅隆大学计算机学院的三年级博士生，研究方向是大语言模型的后训练。\n"
    "我们的论文被国际学习表征会议接收。欢迎对分布式机器学习系统感兴趣的同学联系我。\n";
const std::string kServices = "## Services\n**PC Member:**  \nDAC 2024, EuroSys 2024.  \n**Reviewer:**  \nJMLR.\n";
const std::string kClean = "---\ntitle: \"Clean\"\n---\n\n# Clean page\n\nNothing to fix here.\n";
const std::string kPng("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89", 33);

bool chattr(const fs::path& p, const char* flag) {
  const std::string cmd = std::string("chattr ") + flag + " " + shell_quote(p.string()) + " 2>/dev/null";
  return std::system(cmd.c_str()) == 0;
}

}  // namespace

TEST_CASE("kempt fix on a mixed tree: legacy files converted, the rest kept safe", "[cli]") {
  TempDir dir;
  write_bytes(dir / "news-1252.md", encode(kFrench, "windows-1252"));
  write_bytes(dir / "chinese-gbk.md", encode(kChinese, "GBK"));
  write_bytes(dir / "notes-utf16.txt", encode("\xEF\xBB\xBF" + kFrench, "UTF-16LE"));
  write_bytes(dir / "images/logo.png", kPng);
  write_bytes(dir / "readonly.md", "Needs a fix   \n");
  ::chmod((dir / "readonly.md").c_str(), 0444);
  write_bytes(dir / "windows.md", "# Title  \r\n\r\nline two \r\n\r\nend\r\n");
  write_bytes(dir / "services.md", kServices);
  write_bytes(dir / "clean.md", kClean);
  fs::create_symlink("clean.md", dir / "link.md");
  write_bytes(dir / "immutable.md", "Also needs a fix \n");
  const bool immutable = chattr(dir / "immutable.md", "+i");
  if (!immutable) WARN("chattr +i is not available on this file system: the immutable-file check is skipped");

  const auto before = snapshot(dir.path());
  CliRun run = run_kempt("fix .", dir.path());
  if (immutable) chattr(dir / "immutable.md", "-i");
  const auto after = snapshot(dir.path());

  CHECK(run.exit_code == 3);
  CHECK(run.err.find("readonly.md") != std::string::npos);
  CHECK(run.err.find("read-only") != std::string::npos);
  if (immutable) {
    CHECK(run.err.find("immutable.md") != std::string::npos);
    CHECK(after.at("immutable.md") == before.at("immutable.md"));
  }
  CHECK(read_bytes(dir / "news-1252.md") == kFrench);
  CHECK(read_bytes(dir / "chinese-gbk.md") == kChinese);
  CHECK(read_bytes(dir / "notes-utf16.txt") == kFrench);
  CHECK(read_bytes(dir / "windows.md") == "# Title\r\n\r\nline two\r\n\r\nend\r\n");
  CHECK(read_bytes(dir / "services.md") == "## Services\n**PC Member:**  \nDAC 2024, EuroSys 2024.  \n**Reviewer:**  \nJMLR.\n");
  for (const char* untouched : {"images/logo.png", "link.md", "clean.md", "readonly.md"}) {
    INFO(untouched);
    CHECK(after.at(untouched) == before.at(untouched));
  }

  CliRun again = run_kempt("fix --check --exclude readonly.md --exclude immutable.md .", dir.path());
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);
}

TEST_CASE("fix --check and fix --diff never change a byte", "[cli]") {
  TempDir dir;
  write_bytes(dir / "a.md", "trailing  \nspaces \n");
  write_bytes(dir / "b.md", encode(kFrench, "windows-1252"));
  write_bytes(dir / "c.txt", "no final newline");
  const auto before = snapshot(dir.path());

  CliRun check = run_kempt("fix --check .", dir.path());
  CHECK(check.exit_code == 1);
  CHECK(snapshot(dir.path()) == before);

  CliRun diff = run_kempt("fix --diff .", dir.path());
  CHECK(diff.exit_code == 0);
  CHECK(diff.out.find("--- a/a.md\n+++ b/a.md\n") != std::string::npos);
  CHECK(diff.out.find("encoding/transcoded") != std::string::npos);
  CHECK(snapshot(dir.path()) == before);

  CliRun report = run_kempt("check .", dir.path());
  CHECK(report.exit_code == 1);
  // Line 1's two spaces are a hard break (line 2 continues the paragraph); line 2's are not.
  CHECK(report.out.find("a.md:2:7: warning: trailing whitespace [whitespace/trailing") != std::string::npos);
  CHECK(report.out.find("a.md:1:") == std::string::npos);
  CHECK(report.out.find("[whitespace/trailing, fixable]") != std::string::npos);  // check never writes
  CHECK(snapshot(dir.path()) == before);
}

TEST_CASE("a clean tree: check exits 0 and fix writes nothing", "[cli]") {
  TempDir dir;
  write_bytes(dir / "clean.md", kClean);
  const auto before = snapshot(dir.path());
  CHECK(run_kempt("check .", dir.path()).exit_code == 0);
  CliRun fix = run_kempt("fix .", dir.path());
  CHECK(fix.exit_code == 0);
  CHECK(fix.err.find("1 file scanned, 0 changed") != std::string::npos);
  CHECK(snapshot(dir.path()) == before);
}

TEST_CASE("format json parses and carries findings and a summary", "[cli]") {
  TempDir dir;
  write_bytes(dir / "a.md", "x \n");
  write_bytes(dir / "pic.md", kPng);
  CliRun run = run_kempt("check --format json .", dir.path());
  CHECK(run.exit_code == 1);
  json doc = json::parse(run.out);
  CHECK(doc["version"] == 2);
  CHECK(doc["command"] == "check");
  CHECK(doc["writes"] == false);
  CHECK(doc["summary"]["scanned"] == 2);
  CHECK(doc["summary"]["skipped"] == 1);
  REQUIRE(doc["files"].size() == 2);
  CHECK(doc["files"][0]["path"] == "a.md");
  CHECK(doc["files"][0]["findings"][0]["rule"] == "whitespace/trailing");
  CHECK(doc["files"][0]["findings"][0]["line"] == 1);
  CHECK(doc["files"][0]["findings"][0]["fixable"] == true);
  CHECK(doc["files"][0]["findings"][0]["fixed"] == false);  // check writes nothing
  CHECK(doc["files"][1]["findings"][0]["rule"] == "io/binary");
}

TEST_CASE("format sarif has the SARIF 2.1.0 required fields", "[cli]") {
  TempDir dir;
  write_bytes(dir / "a.md", "x \ny\t\n");
  CliRun run = run_kempt("check --format sarif .", dir.path());
  json log = json::parse(run.out);
  CHECK(log["version"] == "2.1.0");
  CHECK(log.contains("$schema"));
  REQUIRE(log["runs"].size() == 1);
  const json& r = log["runs"][0];
  CHECK(r["tool"]["driver"]["name"] == "kempt");
  CHECK(r["tool"]["driver"]["rules"][0]["id"] == "whitespace/trailing");
  REQUIRE(r["results"].size() == 2);
  for (const json& res : r["results"]) {
    CHECK(res["message"]["text"].is_string());
    CHECK(res["ruleId"] == "whitespace/trailing");
    CHECK(res["level"] == "warning");
    const json& loc = res["locations"][0]["physicalLocation"];
    CHECK(loc["artifactLocation"]["uri"] == "a.md");
    CHECK(loc["region"]["startLine"].get<int>() >= 1);
  }
}

TEST_CASE("format github prints workflow commands", "[cli]") {
  TempDir dir;
  write_bytes(dir / "a.md", "x \n");
  CliRun run = run_kempt("check --format github .", dir.path());
  CHECK(run.out.find("::warning file=a.md,line=1,col=2,title=whitespace/trailing::trailing whitespace") !=
        std::string::npos);
}

TEST_CASE("usage errors exit 2 and say what is wrong", "[cli]") {
  TempDir dir;
  CliRun unknown = run_kempt("fix --only nosuchpass .", dir.path());
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("unknown pass 'nosuchpass'") != std::string::npos);
  CHECK(run_kempt("check --format yaml .", dir.path()).exit_code == 2);
  CHECK(run_kempt("", dir.path()).exit_code == 2);
  CHECK(run_kempt("--help", dir.path()).exit_code == 0);
  CliRun missing = run_kempt("check nosuchfile.md", dir.path());
  CHECK(missing.exit_code == 3);
  CHECK(missing.err.find("no such file") != std::string::npos);
}

TEST_CASE("output order does not depend on -j", "[cli]") {
  TempDir dir;
  for (int i = 0; i < 40; ++i) write_bytes(dir / ("p" + std::to_string(i) + ".md"), "line  \nnext\t\n");
  CliRun one = run_kempt("check -j 1 --quiet .", dir.path());
  CliRun many = run_kempt("check -j 8 --quiet .", dir.path());
  CHECK(one.out == many.out);
  CHECK(one.out.size() > 40 * 20);
}

TEST_CASE("only and skip choose passes", "[cli]") {
  TempDir dir;
  write_bytes(dir / "a.md", encode(kFrench, "windows-1252") + "x  ");
  CliRun only_ws = run_kempt("check --only whitespace .", dir.path());
  CHECK(only_ws.exit_code == 3);  // not UTF-8, and the pass that could read it is off
  CHECK((only_ws.out + only_ws.err).find("encoding pass is off") != std::string::npos);
  CliRun skip_ws = run_kempt("check --skip whitespace .", dir.path());
  CHECK(skip_ws.out.find("encoding/transcoded") != std::string::npos);
  CHECK(skip_ws.out.find("whitespace/") == std::string::npos);
}

TEST_CASE("the demo run (scripts/run.sh with no arguments) shows diffs and writes nothing", "[cli]") {
  const fs::path root(KEMPT_SOURCE_DIR);
  const auto before = snapshot(root / "fixtures" / "demo-site");
  CliRun demo = run_kempt("fix --diff fixtures/demo-site", root);
  CHECK(demo.exit_code == 0);
  CHECK(demo.out.find("--- a/fixtures/demo-site/_pages/bio.md") != std::string::npos);
  CHECK(demo.out.find("-redirect_from: \n+redirect_from:\n") != std::string::npos);
  CHECK(demo.out.find("old-news.html") != std::string::npos);  // the windows-1252 page
  CHECK(demo.err.find("would change") != std::string::npos);
  CHECK(snapshot(root / "fixtures" / "demo-site") == before);
}

TEST_CASE("kempt text gives the same text and explanations from a file (blocks side by side) as from a pipe", "[cli]") {
  TempDir dir;
  // Over 3 MB of whole lines, mangled and clean alike: several blocks.
  std::string text;
  for (int i = 0; text.size() < (std::size_t{3} << 20); ++i) {
    text += fmt::format("{} caf\u00C3\u00A9 â€” ðŸŽ‰ done\nline {} is plain text, Zürich\n", i, i);
  }
  write_bytes(dir.path() / "in.txt", text);
  const std::string bin = shell_quote(KEMPT_BINARY), in = shell_quote((dir.path() / "in.txt").string());
  auto out = [&](const char* name) { return shell_quote((dir.path() / name).string()); };
  REQUIRE(std::system((bin + " text --explain <" + in + " >" + out("file.out") + " 2>" + out("file.err")).c_str()) == 0);
  REQUIRE(std::system(("cat " + in + " | " + bin + " text --explain >" + out("pipe.out") + " 2>" + out("pipe.err")).c_str()) == 0);
  const std::string from_file = read_bytes(dir.path() / "file.out");
  CHECK(from_file == read_bytes(dir.path() / "pipe.out"));
  CHECK(read_bytes(dir.path() / "file.err") == read_bytes(dir.path() / "pipe.err"));
  CHECK(from_file.rfind("0 café — 🎉 done\nline 0 is plain text, Zürich\n", 0) == 0);
  CHECK(from_file.find("Ã") == std::string::npos);
}

// `kempt cv -o`: the output written like every kempt write (temp file, fsync,
// rename), its mode kept; an input or output it cannot use is exit 3 with the
// reason, and nothing is written.
TEST_CASE("cli cv: output written atomically, unusable input or output is exit 3", "[cli][cv]") {
  TempDir dir;
  write_bytes(dir / "cv.txt", "Jane Roe\n\nEDUCATION\n\nPhD in Widgetry, Example University 2020\n");

  CliRun run = run_kempt("cv cv.txt -o cv.md", dir.path());
  CHECK(run.exit_code == 0);
  CHECK(read_bytes(dir / "cv.md").rfind("# Jane Roe\n\n## Education\n", 0) == 0);

  fs::permissions(dir / "cv.md", fs::perms::owner_read | fs::perms::owner_write);  // 0600: kept on rewrite
  write_bytes(dir / "cv.txt", "Jane Roe\n\nSKILLS\n\nPython\n");
  CHECK(run_kempt("cv cv.txt -o cv.md", dir.path()).exit_code == 0);
  CHECK(read_bytes(dir / "cv.md").find("## Skills") != std::string::npos);
  CHECK((fs::status(dir / "cv.md").permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));

  CliRun missing = run_kempt("cv nowhere.txt -o out.md", dir.path());
  CHECK(missing.exit_code == 3);
  CHECK(missing.err.find("nowhere.txt: cannot read") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "out.md"));

  write_bytes(dir / "fake.pdf", "not a PDF at all");
  CliRun fake = run_kempt("cv fake.pdf -o out.md", dir.path());
  CHECK(fake.exit_code == 3);
  CHECK(fake.err.find("not a readable PDF") != std::string::npos);
  CHECK(fake.err.find("pdftotext -layout") != std::string::npos);  // what to do instead
  CHECK_FALSE(fs::exists(dir / "out.md"));

  // The PDF module (kempt-pdf.so, loaded on the first PDF) missing, or not one: the same
  // failure as an unreadable file, saying where kempt looked and what to do.
  CliRun no_module = run_kempt("cv fake.pdf -o out.md", dir.path(), "KEMPT_PDF_MODULE=/nonexistent/kempt-pdf.so");
  CHECK(no_module.exit_code == 3);
  CHECK(no_module.err.find("fake.pdf: reading a PDF needs kempt's PDF module") != std::string::npos);
  CHECK(no_module.err.find("/nonexistent/kempt-pdf.so: not there") != std::string::npos);
  CHECK(no_module.err.find("KEMPT_PDF_MODULE") != std::string::npos);
  CHECK(no_module.err.find("pdftotext -layout fake.pdf") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "out.md"));
  CliRun not_module = run_kempt("cv fake.pdf -o out.md", dir.path(), "KEMPT_PDF_MODULE=" + shell_quote((dir / "fake.pdf").string()));
  CHECK(not_module.exit_code == 3);
  CHECK(not_module.err.find("fake.pdf: cannot be loaded") != std::string::npos);

  CliRun nowhere = run_kempt("cv cv.txt -o no/such/folder/cv.md", dir.path());
  CHECK(nowhere.exit_code == 3);
  CHECK(nowhere.err.find("nothing was written") != std::string::npos);

  // no temporary file is left behind
  for (const auto& f : fs::directory_iterator(dir.path())) CHECK(f.path().filename().string().find(".kempt-") == std::string::npos);
}

TEST_CASE("exit codes as linters have them: check fails on warnings, fix --check only on a change", "[cli]") {
  TempDir dir;
  // A warning kempt reports but never fixes (a duplicate key), and a note-only tree.
  write_bytes(dir / "dup.md", "---\ntitle: a\ntitle: b\n---\n\nText.\n");
  const auto check = run_kempt("check .", dir.path());
  CHECK(check.exit_code == 1);
  CHECK(check.out.find("frontmatter/duplicate-key") != std::string::npos);
  const auto fix_check = run_kempt("fix --check .", dir.path());
  CHECK(fix_check.exit_code == 0);  // nothing would change: the warning is listed, not a failure
  CHECK(fix_check.out.find("frontmatter/duplicate-key") != std::string::npos);
  CHECK(fix_check.err.find("0 would change") != std::string::npos);

  write_bytes(dir / "trailing.md", "Text. \n");
  CHECK(run_kempt("fix --check .", dir.path()).exit_code == 1);

  TempDir notes;  // only notes (a symbolic link not followed): check is clean
  write_bytes(notes / "page.md", "Clean.\n");
  fs::create_symlink("page.md", notes / "link.md");
  const auto note_only = run_kempt("check .", notes.path());
  CHECK(note_only.err.find("io/symlink") != std::string::npos);
  CHECK(note_only.exit_code == 0);
}

TEST_CASE("suppression from .kempt.yaml and comments: not reported, not fixed, exit codes follow", "[cli]") {
  TempDir dir;
  write_bytes(dir / ".kempt.yaml", "ignore: [frontmatter/duplicate-key]\nper-file-ignores:\n  \"legacy/*\": [whitespace]\n");
  write_bytes(dir / "dup.md", "---\ntitle: a\ntitle: b\n---\n\nText.\n");
  write_bytes(dir / "legacy/old.md", "Old text. \n");
  write_bytes(dir / "page.md", "<!-- kempt-ignore-next-line -->\nKept. \n\nFixed. \n");
  const auto check = run_kempt("check . --format json", dir.path());
  const json j = json::parse(check.out);
  std::vector<std::string> found;
  for (const auto& f : j["files"])
    for (const auto& x : f["findings"]) found.push_back(x["path"].get<std::string>() + ":" + std::to_string(x["line"].get<int>()) + ":" + x["rule"].get<std::string>());
  CHECK(found == std::vector<std::string>{"page.md:4:whitespace/trailing"});
  CHECK(check.exit_code == 1);
  const auto fix = run_kempt("fix .", dir.path());
  CHECK(fix.exit_code == 0);
  CHECK(read_bytes(dir / "page.md") == "<!-- kempt-ignore-next-line -->\nKept. \n\nFixed.\n");
  CHECK(read_bytes(dir / "legacy/old.md") == "Old text. \n");
  CHECK(read_bytes(dir / "dup.md") == "---\ntitle: a\ntitle: b\n---\n\nText.\n");
  const auto after = run_kempt("check .", dir.path());
  CHECK(after.exit_code == 0);
  CHECK(after.out.empty());
  CHECK(run_kempt("fix --check .", dir.path()).exit_code == 0);
}

TEST_CASE("a file whose front matter does not parse is named in every format", "[cli]") {
  TempDir dir;
  write_bytes(dir / "posts/bad.md", "---\ntitle: [unclosed\n---\n\nText.\n");
  write_bytes(dir / "posts/deep.md", "---\na: &a [*a]\n---\n");
  for (const std::string format : {"text", "json", "github", "sarif"}) {
    const auto run = run_kempt("check . --format " + format, dir.path());
    INFO(format << ":\n" << run.out);
    CHECK(run.exit_code == 3);
    if (format == "text") {
      CHECK(run.out.find("posts/bad.md:2:") != std::string::npos);
      CHECK(run.out.find("\n:") == std::string::npos);
      CHECK(run.out.rfind(":", 0) != 0);
    } else if (format == "github") {
      CHECK(run.out.find("::error file=posts/bad.md,line=2") != std::string::npos);
      CHECK(run.out.find("file=,") == std::string::npos);
    } else {
      const json j = json::parse(run.out);
      std::size_t named = 0;
      if (format == "json") {
        for (const auto& f : j["files"])
          for (const auto& x : f["findings"]) {
            CHECK(x["path"] == f["path"]);
            named += !x["path"].get<std::string>().empty();
          }
      } else {
        for (const auto& r : j["runs"][0]["results"]) {
          const std::string uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
          CHECK(uri.starts_with("posts/"));
          named += !uri.empty();
        }
      }
      CHECK(named >= 2);
    }
  }
}

TEST_CASE("stale temp files: reported by check (exit 1), fix --check (exit 1), removed by fix", "[cli]") {
  TempDir dir;
  write_bytes(dir / "page.md", "Clean.\n");
  write_bytes(dir / ".page.md.kempt-Zx81Qa", "Clean.\n");  // left by a killed run
  const auto check = run_kempt("check .", dir.path());
  CHECK(check.exit_code == 1);
  CHECK(check.out.find(".page.md.kempt-Zx81Qa: warning: temporary file left by an interrupted kempt run") !=
        std::string::npos);
  CHECK(run_kempt("fix --check .", dir.path()).exit_code == 1);
  CHECK(run_kempt("fix --diff .", dir.path()).exit_code == 0);
  CHECK(fs::exists(dir / ".page.md.kempt-Zx81Qa"));
  const auto fix = run_kempt("fix .", dir.path());
  CHECK(fix.exit_code == 0);
  CHECK(fix.err.find("removed [io/stale-temp, fixed]") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / ".page.md.kempt-Zx81Qa"));
  CHECK(read_bytes(dir / "page.md") == "Clean.\n");
  CHECK(run_kempt("check .", dir.path()).exit_code == 0);
}

TEST_CASE("a hard-linked file is left unwritten with a finding (exit 3); its link stays whole", "[cli]") {
  TempDir dir;
  write_bytes(dir / "site/page.md", "Text. \n");
  fs::create_directories(dir / "backup");
  fs::create_hard_link(dir / "site/page.md", dir / "backup/page.md");
  const auto run = run_kempt("fix site", dir.path());
  CHECK(run.exit_code == 3);
  CHECK(run.err.find("site/page.md: error: cannot write: file has 2 hard links") != std::string::npos);
  CHECK(read_bytes(dir / "site/page.md") == "Text. \n");
  CHECK(fs::hard_link_count(dir / "site/page.md") == 2);
}

TEST_CASE("SIGTERM during fix: exit 143, every file original or fixed, no temp file", "[cli]") {
  TempDir dir;
  for (int i = 0; i < 200; ++i) write_bytes(dir / fmt::format("p{:03}.md", i), fmt::format("Page {}. \n", i));
  // Writes are paused 20 ms each, so the signal lands mid-run, often mid-write. It is
  // sent once the first file is fixed (polled, not a fixed sleep: under the sanitizers
  // or on a loaded machine kempt may not have written anything after a fixed delay).
  const std::string cmd = "cd " + shell_quote(dir.path().string()) +
                          " && (KEMPT_TEST_NAMED_TEMP=1 KEMPT_TEST_WRITE_DELAY_MS=20 exec " + shell_quote(KEMPT_BINARY) +
                          " fix -q -j 2 . >/dev/null 2>err.log & pid=$!;"
                          " for k in $(seq 1 800); do [ -n \"$(grep -L ' $' p*.md | head -n 1)\" ] && break; sleep 0.025; done;"
                          " kill -TERM $pid; wait $pid; echo $? >status)";
  std::system(cmd.c_str());
  CHECK(read_bytes(dir / "status") == "143\n");
  CHECK(read_bytes(dir / "err.log").find("interrupted") != std::string::npos);
  int fixed = 0, original = 0;
  for (int i = 0; i < 200; ++i) {
    const std::string bytes = read_bytes(dir / fmt::format("p{:03}.md", i));
    if (bytes == fmt::format("Page {}.\n", i)) ++fixed;
    else if (bytes == fmt::format("Page {}. \n", i)) ++original;
  }
  CHECK(fixed + original == 200);
  CHECK(fixed > 0);
  CHECK(original > 0);
  for (const auto& e : fs::directory_iterator(dir.path())) CHECK(e.path().filename().string().find(".kempt-") == std::string::npos);
}

TEST_CASE("kempt help [COMMAND] is --help; a mistyped command names the close ones", "[cli]") {
  TempDir dir;
  const CliRun help = run_kempt("help", dir.path());
  CHECK(help.exit_code == 0);
  CHECK(help.out == run_kempt("--help", dir.path()).out);
  CHECK(help.out.find("Run `kempt COMMAND --help`") != std::string::npos);
  const CliRun help_fix = run_kempt("help fix", dir.path());
  CHECK(help_fix.exit_code == 0);
  CHECK(help_fix.out == run_kempt("fix --help", dir.path()).out);
  CHECK(help_fix.out.find("--delete-sample-files") != std::string::npos);
  CHECK(help_fix.out != help.out);
  CHECK(run_kempt("help cv", dir.path()).out == run_kempt("cv --help", dir.path()).out);

  const CliRun fixx = run_kempt("fixx .", dir.path());
  CHECK(fixx.exit_code == 2);
  CHECK(fixx.out.empty());
  CHECK(fixx.err == "kempt: unknown command 'fixx'; did you mean: fix?\n"
                    "Run `kempt help` for the commands and their options.\n");
  CHECK(run_kempt("chekc", dir.path()).err.starts_with("kempt: unknown command 'chekc'; did you mean: check?\n"));
  CHECK(run_kempt("cx", dir.path()).err.starts_with("kempt: unknown command 'cx'; did you mean: cv?\n"));
  CHECK(run_kempt("fx", dir.path()).err.starts_with("kempt: unknown command 'fx'; did you mean: fix?\n"));
  CHECK(run_kempt("chk", dir.path()).err.starts_with("kempt: unknown command 'chk'; did you mean: check?\n"));
  const CliRun far = run_kempt("lint", dir.path());
  CHECK(far.exit_code == 2);
  CHECK(far.err.starts_with("kempt: unknown command 'lint'; the commands are: fix, check, text, cv, help\n"));
  const CliRun help_typo = run_kempt("help fixx", dir.path());
  CHECK(help_typo.exit_code == 2);
  CHECK(help_typo.err.starts_with("kempt: unknown command 'fixx'; did you mean: fix?\n"));

  const CliRun none = run_kempt("", dir.path());
  CHECK(none.exit_code == 2);
  CHECK(none.out.empty());
  CHECK(none.err.starts_with("kempt: no command given\nUsage: kempt COMMAND [OPTIONS] [PATH...]\n\nCommands:\n"
                             "  fix     Fix files in place"));
  CHECK(none.err.find("\n  check   Report findings only") != std::string::npos);
  CHECK(none.err.ends_with("Run `kempt help` for more, `kempt help COMMAND` for a command's options.\n"));
}

namespace {

/// `kempt ARGS <input` in `cwd` (run_kempt gives it /dev/null).
CliRun run_kempt_on(const std::string& input, const std::string& args, const fs::path& cwd) {
  return kempt::test::run_kempt_fed(&input, args, cwd);
}

}  // namespace

TEST_CASE("fix - and check - read stdin: the fixed text to stdout, findings to stderr", "[cli]") {
  TempDir dir;
  // Line 3's two spaces are a Markdown hard break (line 4 goes on); line 4's one is not.
  const std::string page = "# Title\n\nLine one  \nline two \n";
  const CliRun fixed = run_kempt_on(page, "fix -", dir.path());
  CHECK(fixed.exit_code == 0);
  CHECK(fixed.out == "# Title\n\nLine one  \nline two\n");  // without a name, read as Markdown
  CHECK(fixed.err.find("fixed -: whitespace/trailing\n") != std::string::npos);
  CHECK(fixed.err.find("1 file scanned, 1 changed") != std::string::npos);
  // Named as a .txt, the same text is plain text: a hard break means nothing there.
  const CliRun as_text = run_kempt_on(page, "fix - --stdin-filename notes.txt", dir.path());
  CHECK(as_text.out == "# Title\n\nLine one\nline two\n");
  CHECK(as_text.err.find("fixed notes.txt: whitespace/trailing ×2\n") != std::string::npos);

  const std::string mangled = "caf\u00C3\u00A9 â€” ðŸŽ‰ done\n";
  CHECK(run_kempt_on(mangled, "fix - -q", dir.path()).out == "café — 🎉 done\n");

  // Nothing to fix, or nothing kempt may fix: the text goes through byte for byte.
  const CliRun clean = run_kempt_on(kClean, "fix -", dir.path());
  CHECK(clean.exit_code == 0);
  CHECK(clean.out == kClean);
  CHECK(clean.err.find("1 file scanned, 0 changed") != std::string::npos);
  const std::string broken = "---\ntitle: [unclosed\n---\n\nText. \n";
  const CliRun held = run_kempt_on(broken, "fix -", dir.path());
  CHECK(held.exit_code == 3);
  CHECK(held.out == broken);
  CHECK(held.err.find("-:2:") != std::string::npos);
  CHECK(run_kempt_on(kPng, "fix -", dir.path()).out == kPng);

  const CliRun check = run_kempt_on("Intro\nx \n", "check -", dir.path());
  CHECK(check.exit_code == 1);
  CHECK(check.out == "-:2:2: warning: trailing whitespace [whitespace/trailing, fixable]\n");
  const CliRun named = run_kempt_on("Intro\nx \n", "check --stdin-filename _posts/a.md -", dir.path());
  CHECK(named.out == "_posts/a.md:2:2: warning: trailing whitespace [whitespace/trailing, fixable]\n");
  CHECK(run_kempt_on(kClean, "check -", dir.path()).exit_code == 0);

  const CliRun diff = run_kempt_on("Intro\nx \n", "fix --diff - --stdin-filename page.md", dir.path());
  CHECK(diff.exit_code == 0);
  CHECK(diff.out == "--- a/page.md\n+++ b/page.md\n@@ -1,2 +1,2 @@\n Intro\n-x \n+x\n");
  const CliRun would = run_kempt_on("Intro\nx \n", "fix --check -", dir.path());
  CHECK(would.exit_code == 1);
  CHECK(would.out == "-:2:2: warning: trailing whitespace [whitespace/trailing, fixable]\n");

  // A report format goes to stderr under `fix -`: stdout is the text.
  const CliRun json_run = run_kempt_on("x \n", "fix - -q --format json", dir.path());
  CHECK(json_run.out == "x\n");
  const json doc = json::parse(json_run.err);
  CHECK(doc["files"][0]["path"] == "-");
  CHECK(doc["files"][0]["findings"][0]["rule"] == "whitespace/trailing");
}

TEST_CASE("stdin's settings are those of --stdin-filename's folder; `-` goes alone", "[cli]") {
  TempDir dir;
  write_bytes(dir / "legacy/.kempt.yaml", "ignore: [whitespace]\n");
  CHECK(run_kempt_on("x \n", "check -", dir.path()).exit_code == 1);
  const CliRun legacy = run_kempt_on("x \n", "check - --stdin-filename legacy/old.md", dir.path());
  CHECK(legacy.exit_code == 0);
  CHECK(legacy.out.empty());
  CHECK(run_kempt_on("x \n", "fix - --stdin-filename legacy/old.md", dir.path()).out == "x \n");
  const CliRun inside = run_kempt_on("x \n", "check -", dir / "legacy");
  CHECK(inside.exit_code == 0);

  const CliRun mixed = run_kempt_on("x \n", "check - legacy", dir.path());
  CHECK(mixed.exit_code == 2);
  CHECK(mixed.err == "kempt: `-` (standard input) must be the only PATH\n");
  const CliRun name_only = run_kempt_on("x \n", "check --stdin-filename a.md .", dir.path());
  CHECK(name_only.exit_code == 2);
  CHECK(name_only.err.find("give `-` as the PATH") != std::string::npos);
  CHECK(run_kempt_on("x \n", "fix - --delete-sample-files", dir.path()).exit_code == 2);
}

TEST_CASE("fix --check --diff: the diff, exit 1 when a file would change, nothing written", "[cli]") {
  TempDir dir;
  write_bytes(dir / "a.md", "Intro\nx \n");
  write_bytes(dir / "clean.md", kClean);
  const auto before = snapshot(dir.path());
  const CliRun run = run_kempt("fix --check --diff .", dir.path());
  CHECK(run.exit_code == 1);
  CHECK(run.out == "--- a/a.md\n+++ b/a.md\n@@ -1,2 +1,2 @@\n Intro\n-x \n+x\n");
  CHECK(run.err.find("2 files scanned, 1 would change") != std::string::npos);
  CHECK(snapshot(dir.path()) == before);
  CHECK(run_kempt("fix --diff --check a.md", dir.path()).out == run.out);

  // What fix cannot fix is listed (on stderr, as under --diff) and fails nothing.
  TempDir unfixable;
  write_bytes(unfixable / "dup.md", "---\ntitle: a\ntitle: b\n---\n\nText.\n");
  const CliRun dup = run_kempt("fix --check --diff .", unfixable.path());
  CHECK(dup.exit_code == 0);
  CHECK(dup.out.empty());
  CHECK(dup.err.find("dup.md:3:1: warning: ") != std::string::npos);
  CHECK(dup.err.find("[frontmatter/duplicate-key]") != std::string::npos);
}

namespace {

/// Runs `command` with sh in `cwd`; its exit status.
int shell_status(const std::string& command, const fs::path& cwd) {
  const int status = std::system(("cd " + shell_quote(cwd.string()) + " && " + command).c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// `kempt ARGS...` in `cwd`, stdin from `input`, stdout a pipe whose reader is gone
/// before kempt starts, so that its first write meets EPIPE (or SIGPIPE, unless
/// kempt ignores it). The raw wait status and what it wrote to stderr.
struct ClosedPipeRun {
  int status = -1;
  std::string err;
};
ClosedPipeRun run_kempt_into_closed_pipe(const std::vector<std::string>& args, const fs::path& cwd,
                                         const std::string& input) {
  TempDir io;
  write_bytes(io / "in", input);
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  ::close(fds[0]);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int in = ::open((io / "in").c_str(), O_RDONLY);
    const int err = ::open((io / "err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(in, 0);
    ::dup2(fds[1], 1);
    ::dup2(err, 2);
    std::signal(SIGPIPE, SIG_DFL);  // as a shell starts it: kempt must choose for itself
    if (::chdir(cwd.c_str()) != 0) ::_exit(127);
    std::vector<char*> argv{const_cast<char*>(KEMPT_BINARY)};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(KEMPT_BINARY, argv.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  ClosedPipeRun run;
  ::waitpid(pid, &run.status, 0);
  run.err = read_bytes(io / "err");
  return run;
}

}  // namespace

TEST_CASE("output that cannot be written is exit 3 with a message, not 0 or death by SIGPIPE", "[cli]") {
  TempDir dir;
  write_bytes(dir / "a.md", "x \n");
  write_bytes(dir / "in.txt", "plain text\n");
  const std::string kempt = shell_quote(KEMPT_BINARY);
  const std::string full = "kempt: cannot write to standard output: No space left on device\n";

  CHECK(shell_status(kempt + " text <in.txt >/dev/full 2>err", dir.path()) == 3);
  CHECK(read_bytes(dir / "err") == full);
  CHECK(shell_status(kempt + " --help >/dev/full 2>err", dir.path()) == 3);
  CHECK(read_bytes(dir / "err") == full);
  CHECK(shell_status(kempt + " check --quiet a.md >/dev/full 2>err", dir.path()) == 3);  // 1 had it been written
  CHECK(read_bytes(dir / "err") == full);
  // A summary that cannot be written fails the run too; the findings got out.
  CHECK(shell_status(kempt + " check a.md >out 2>/dev/full", dir.path()) == 3);
  CHECK(read_bytes(dir / "out") == "a.md:1:2: warning: trailing whitespace [whitespace/trailing, fixable]\n");
  // Past stdio's buffer: the write fails before the end, and the run still says so.
  std::string big;
  while (big.size() < 3 * 65536) big += "a line of plain text\n";
  write_bytes(dir / "big.txt", big);
  CHECK(shell_status(kempt + " text <big.txt >/dev/full 2>err", dir.path()) == 3);
  CHECK(read_bytes(dir / "err").starts_with("kempt: cannot write to standard output: "));

  const ClosedPipeRun text = run_kempt_into_closed_pipe({"text"}, dir.path(), "plain text\n");
  CHECK(WIFEXITED(text.status));
  CHECK(WEXITSTATUS(text.status) == 3);
  CHECK(text.err == "kempt: cannot write to standard output: Broken pipe\n");
  // `fix` fixes every file all the same: only the report was lost.
  const ClosedPipeRun fix = run_kempt_into_closed_pipe({"fix", "a.md"}, dir.path(), "");
  CHECK(WIFEXITED(fix.status));
  CHECK(WEXITSTATUS(fix.status) == 3);
  CHECK(fix.err.find("kempt: cannot write to standard output: Broken pipe\n") != std::string::npos);
  CHECK(read_bytes(dir / "a.md") == "x\n");
}

TEST_CASE("jobs: -j takes a number of jobs, or says so in one line (exit 2)", "[cli]") {
  TempDir dir;
  write_bytes(dir / "clean.md", kClean);
  for (const std::string bad : {"-1", "abc", "100000", "1.5", "257", "99999999999999999999", "4x"}) {
    const CliRun run = run_kempt("check -j " + bad + " .", dir.path());
    INFO(bad);
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(run.err == "kempt: -j takes a number of jobs from 1 to 256 (0: one per core), not '" + bad + "'\n");
  }
  CHECK(run_kempt("fix --jobs=-3 .", dir.path()).exit_code == 2);
  for (const char* good : {"0", "1", "256"}) {
    INFO(good);
    CHECK(run_kempt(std::string("check -j ") + good + " .", dir.path()).exit_code == 0);
  }
}
