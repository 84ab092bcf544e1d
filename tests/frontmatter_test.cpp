// The front-matter pass: hand-written fixtures, the value tree kept (a property over
// every Markdown file at hand), the seed pages, limits on hostile input, settings.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <chrono>
#include <set>

#include "../src/frontmatter_internal.hpp"
#include "kempt/config.hpp"
#include "kempt/frontmatter.hpp"
#include "kempt/pipeline.hpp"
#include "support.hpp"

using namespace kempt;
namespace fs = std::filesystem;

namespace {

const fs::path kRoot = fs::path(KEMPT_SOURCE_DIR);

PipelineOutcome run_all(const fs::path& path, std::string bytes, std::shared_ptr<const Config> config = nullptr) {
  static const Pipeline pipeline = Pipeline::select({}, {});
  Document doc = Document::from_bytes(path, kind_from_extension(path), std::move(bytes));
  doc.config = std::move(config);
  return pipeline.run(std::move(doc));
}

PassResult run_pass(std::string text, FileKind kind = FileKind::markdown) {
  return make_frontmatter_pass()->run(Document::from_bytes("page.md", kind, std::move(text)));
}

std::set<std::string> frontmatter_findings(const std::vector<Finding>& findings) {
  std::set<std::string> out;
  for (const Finding& f : findings) {
    if (f.pass() == "frontmatter") out.insert(fmt::format("{}:{} {}", f.line, f.column, f.rule));
  }
  return out;
}

std::set<std::string> lines_of(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.insert(line);
  }
  return out;
}

// The lines a deliberate value fix (quote, date) was made on.
std::set<std::uint32_t> deliberate_lines(const std::vector<Finding>& findings) {
  std::set<std::uint32_t> lines;
  for (const Finding& f : findings) {
    if (f.fixed && (f.rule == "frontmatter/quote" || f.rule == "frontmatter/date")) lines.insert(f.line);
  }
  return lines;
}

std::optional<FrontMatterTree> tree_of(const std::string& text) {
  const auto block = locate_front_matter(text);
  if (!block || !block->closed) return std::nullopt;
  return parse_front_matter(text, *block);
}

}  // namespace

TEST_CASE("front matter fixtures: input becomes expected, expected stays put", "[fixtures][frontmatter]") {
  const auto cases = kempt::test::fixture_cases("frontmatter");
  REQUIRE(cases.size() >= 30);
  for (const fs::path& dir : cases) {
    DYNAMIC_SECTION(dir.filename().string()) {
      const kempt::test::FixturePair pair = kempt::test::fixture_pair(dir);
      REQUIRE(!pair.input.empty());
      REQUIRE(pair.expected.extension() == pair.input.extension());
      std::shared_ptr<const Config> config;
      if (fs::exists(dir / ".kempt.yaml")) config = std::make_shared<const Config>(load_config(dir / ".kempt.yaml"));
      const std::string& in = pair.input_bytes;
      const std::string& want = pair.expected_bytes;

      PipelineOutcome first = run_all(pair.input, in, config);
      CHECK(first.document.text == want);
      const std::set<std::string> got = frontmatter_findings(first.findings);
      if (fs::exists(dir / "findings.txt")) CHECK(got == lines_of(kempt::test::read_bytes(dir / "findings.txt")));
      const bool error = std::any_of(first.findings.begin(), first.findings.end(),
                                     [](const Finding& f) { return f.severity == Severity::error; });
      CHECK(first.held == error);
      if (first.held) CHECK(want == in);

      PipelineOutcome second = run_all(pair.expected, want, config);
      CHECK(second.document.text == want);
      for (const Finding& f : second.findings) {
        INFO(f.rule << " " << f.line << ":" << f.column << " " << f.message);
        CHECK_FALSE(f.fixed);
      }
    }
  }
}

TEST_CASE("the parsed value tree is kept, but for deliberate quote and date fixes; a second run changes nothing",
          "[frontmatter][property]") {
  std::vector<fs::path> pages;
  auto collect = [&](const fs::path& root) {
    if (!fs::is_directory(root)) return false;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      if (e.is_regular_file() && kind_from_extension(e.path()) == FileKind::markdown) pages.push_back(e.path());
    }
    return true;
  };
  collect(kRoot / "fixtures");
  if (!collect(kRoot / ".." / "shared" / "corpus")) WARN("../shared/corpus is absent: only fixtures/ is checked");
  REQUIRE(pages.size() >= 30);
  std::size_t with_front_matter = 0;
  for (const fs::path& page : pages) {
    INFO(page.string());
    const std::string before = kempt::test::read_bytes(page);
    if (!is_valid_utf8(before)) continue;
    const PassResult once = run_pass(before);
    const PassResult twice = run_pass(once.document.text);
    CHECK(twice.document.text == once.document.text);
    const auto tree_before = tree_of(before);
    if (!tree_before || !tree_before->ok) continue;
    ++with_front_matter;
    const auto tree_after = tree_of(once.document.text);
    REQUIRE(tree_after);
    REQUIRE(tree_after->ok);
    REQUIRE(tree_after->values.size() == tree_before->values.size());
    const std::set<std::uint32_t> changed = deliberate_lines(once.findings);
    for (std::size_t i = 0; i < tree_before->values.size(); ++i) {
      const FrontMatterValue& a = tree_before->values[i];
      const FrontMatterValue& b = tree_after->values[i];
      INFO(a.path << " = " << a.value << "  became  " << b.path << " = " << b.value);
      CHECK(a.path == b.path);
      if (a.value != b.value) CHECK(changed.count(b.line) == 1);
    }
  }
  CHECK(with_front_matter >= 20);
}

TEST_CASE("seed pages: the only front-matter change is the space after redirect_from:", "[frontmatter][seeds]") {
  const fs::path seeds = kRoot / ".." / "shared" / "seeds";
  if (!fs::is_directory(seeds)) {
    WARN("../shared/seeds is absent: seed check skipped");
    return;
  }
  std::size_t checked = 0;
  for (const auto& e : fs::directory_iterator(seeds)) {
    const std::string text = kempt::test::read_bytes(e.path());
    const auto block = locate_front_matter(text);
    if (!block) continue;
    INFO(e.path().filename().string());
    ++checked;
    const PipelineOutcome out = run_all(e.path(), text);
    const auto after = locate_front_matter(out.document.text);
    REQUIRE(after);
    std::string want(text.substr(block->block.begin, block->block.size()));
    const std::size_t at = want.find("redirect_from: \n");
    REQUIRE(at != std::string::npos);
    want.erase(at + std::string_view("redirect_from:").size(), 1);
    CHECK(out.document.text.substr(after->block.begin, after->block.size()) == want);
  }
  CHECK(checked >= 4);
}

namespace {

struct Cost {
  double seconds = 0;
  long peak_rss_kb = 0;
  bool held = false;
};

// Runs the pass in a child process, so its peak memory can be measured alone.
Cost cost_of(const std::string& text) {
  struct rusage before {};
  ::getrusage(RUSAGE_SELF, &before);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    const PassResult r = run_pass(text);
    ::_exit(r.hold ? 7 : 0);
  }
  int status = 0;
  struct rusage usage {};
  ::wait4(pid, &status, 0, &usage);
  Cost c;
  c.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  c.peak_rss_kb = usage.ru_maxrss - before.ru_maxrss;
  c.held = WIFEXITED(status) && WEXITSTATUS(status) == 7;
  return c;
}

std::string billion_laughs(int levels, int fan_out) {
  std::string y = "---\nl0: &l0 \"lol\"\n";
  for (int i = 1; i <= levels; ++i) {
    y += fmt::format("l{}: &l{} [", i, i);
    for (int k = 0; k < fan_out; ++k) y += fmt::format("{}*l{}", k ? ", " : "", i - 1);
    y += "]\n";
  }
  return y + "---\nbody\n";
}

}  // namespace

TEST_CASE("alias bombs and deep nesting are refused fast, in bounded memory", "[frontmatter][limits]") {
  const std::vector<std::pair<std::string, std::string>> hostile = {
      {"billion laughs", billion_laughs(9, 10)},
      {"a wide alias bomb", billion_laughs(4, 400)},
      {"deep flow nesting", "---\na: " + std::string(100'000, '[') + std::string(100'000, ']') + "\n---\n"},
      {"deep block nesting",
       [] {
         std::string y = "---\n";
         for (int i = 0; i < 3000; ++i) y += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
         return y + "---\n";
       }()},
      {"deep JSON", "{\"a\": " + std::string(100'000, '[') + std::string(100'000, ']') + "}\nbody\n"},
  };
  for (const auto& [name, text] : hostile) {
    DYNAMIC_SECTION(name) {
      const Cost c = cost_of(text);
      CHECK(c.held);
      CHECK(c.seconds < 2.0);
      CHECK(c.peak_rss_kb < 64 * 1024);
    }
  }
  const PassResult bomb = run_pass(billion_laughs(9, 10));
  REQUIRE(bomb.findings.size() == 1);
  CHECK(bomb.findings[0].rule == "frontmatter/too-complex");
  CHECK(bomb.findings[0].message.find("alias") != std::string::npos);
}

TEST_CASE("dates are rewritten only when they name one day", "[frontmatter][dates]") {
  using frontmatter::read_date;
  using Kind = frontmatter::DateReading::Kind;
  CHECK(read_date("2024-01-15").kind == Kind::iso);
  CHECK(read_date("2024-01-15T10:00:00Z").kind == Kind::iso);
  CHECK(read_date("15/01/2024").iso == "2024-01-15");
  CHECK(read_date("1/15/2024").iso == "2024-01-15");
  CHECK(read_date("15.01.2024").iso == "2024-01-15");
  CHECK(read_date("2024/1/5").iso == "2024-01-05");
  CHECK(read_date("5 Jan 2024").iso == "2024-01-05");
  CHECK(read_date("Sept. 3rd, 2021").iso == "2021-09-03");
  CHECK(read_date("2024-1-5 10:30").iso == "2024-01-05 10:30");
  CHECK(read_date("2015-10-20 11:59:00-0400").iso == "2015-10-20 11:59:00-04:00");
  CHECK(read_date("03/03/2024").iso == "2024-03-03");  // either way round, the same day
  CHECK(read_date("01/02/2024").kind == Kind::ambiguous);
  CHECK(read_date("2019-5").kind == Kind::unreadable);
  CHECK(read_date("2023").kind == Kind::unreadable);
  CHECK(read_date("2023-02-29").kind == Kind::unreadable);
  CHECK(read_date("2024-02-29").kind == Kind::iso);
  CHECK(read_date("Thursday, May 28, 2020 - 10:33").kind == Kind::unreadable);
}

TEST_CASE("settings: read strictly, found upward, --config wins", "[frontmatter][config]") {
  const Config c = parse_config("frontmatter:\n  required: [title]\n  order: [title, date]\n  dates: keep\n  quote: double\n", "x");
  CHECK(c.frontmatter.required == std::vector<std::string>{"title"});
  CHECK(c.frontmatter.dates == FrontMatterSettings::Dates::keep);
  CHECK(c.frontmatter.quote == FrontMatterSettings::Quote::double_quotes);
  CHECK_THROWS_WITH(parse_config("frontmatter:\n  dates: isoo\n", ".kempt.yaml"),
                    Catch::Contains(".kempt.yaml:2:10") && Catch::Contains("iso or keep"));
  CHECK_THROWS_AS(parse_config("frontmater: {}\n", "x"), ConfigError);
  CHECK_THROWS_AS(parse_config("frontmatter: {required: title}\n", "x"), ConfigError);
  CHECK_THROWS_AS(parse_config("frontmatter: [\n", "x"), ConfigError);

  kempt::test::TempDir dir;
  kempt::test::write_bytes(dir / "site/.kempt.yaml", "frontmatter: {required: [title]}\n");
  kempt::test::write_bytes(dir / "site/_posts/a.md", "---\n---\n");
  kempt::test::write_bytes(dir / "other/b.md", "---\n---\n");
  const ConfigFinder finder;
  CHECK(finder.for_file(dir / "site/_posts/a.md")->frontmatter.required == std::vector<std::string>{"title"});
  CHECK(finder.for_file(dir / "other/b.md")->frontmatter.required.empty());
  kempt::test::write_bytes(dir / "explicit.yaml", "frontmatter: {dates: keep}\n");
  const ConfigFinder forced(dir / "explicit.yaml");
  CHECK(forced.for_file(dir / "site/_posts/a.md")->frontmatter.required.empty());
}

TEST_CASE("kempt check: a duplicate key and an unclosed block, one finding each, files unchanged", "[cli][frontmatter]") {
  using namespace kempt::test;
  TempDir dir;
  const std::string dup = "---\ntitle: One\nlayout: single\ntitle: Two\n---\n\nBody.\n";
  const std::string open = "---\ntitle: Never closed\nlayout: single\n\nBody.\n";
  write_bytes(dir / "dup.md", dup);
  write_bytes(dir / "open.md", open);
  const auto before = snapshot(dir.path());
  CliRun run = run_kempt("check dup.md open.md", dir.path());
  INFO(run.out << run.err);
  CHECK(run.exit_code == 3);  // open.md could not be processed
  CHECK(run.out.find("dup.md:4:1: warning: duplicate key 'title' (first on line 2)") != std::string::npos);
  CHECK(run.out.find("open.md:1:1: error: front matter opened with '---' on line 1 is never closed") != std::string::npos);
  CHECK(std::count(run.out.begin(), run.out.end(), '\n') == 2);
  CHECK(snapshot(dir.path()) == before);

  CliRun only_dup = run_kempt("check dup.md", dir.path());
  CHECK(only_dup.exit_code == 1);
}

TEST_CASE("an invalid .kempt.yaml is a usage error (exit 2) and nothing is written", "[cli][frontmatter]") {
  using namespace kempt::test;
  TempDir dir;
  const ConfiguredFix fix = fix_with_config(dir, "frontmatter:\n  quote: curly\n", "page.md", "---\ntitle: Lab: Systems\n---\n");
  CHECK(fix.run.exit_code == 2);
  CHECK(fix.run.err.find(".kempt.yaml:2:10: frontmatter.quote must be minimal or double, not 'curly'") != std::string::npos);
  CHECK(fix.unchanged);
  CliRun missing = run_kempt("check --config nowhere.yaml page.md", dir.path());
  CHECK(missing.exit_code == 2);
  write_bytes(dir / "good.yaml", "frontmatter: {quote: double}\n");
  CliRun good = run_kempt("fix --config good.yaml page.md", dir.path());
  CHECK(good.exit_code == 0);
  CHECK(read_bytes(dir / "page.md") == "---\ntitle: \"Lab: Systems\"\n---\n");
}
