// Data-driven cases: fixtures/<pass>/<case>/input.EXT → expected.EXT, written by hand
// from the pass's rules; every expected output must also be a fixed point.
#include <catch2/catch.hpp>

#include "kempt/pipeline.hpp"
#include "support.hpp"

using namespace kempt;
namespace fs = std::filesystem;

namespace {

const fs::path kFixtures = fs::path(KEMPT_SOURCE_DIR) / "fixtures";

PipelineOutcome run_pipeline(const fs::path& path, std::string bytes) {
  static const Pipeline pipeline = Pipeline::select({}, {});
  return pipeline.run(Document::from_bytes(path, kind_from_extension(path), std::move(bytes)));
}

}  // namespace

TEST_CASE("whitespace fixtures: input becomes expected, expected stays put", "[fixtures]") {
  const auto cases = kempt::test::fixture_cases("whitespace");
  REQUIRE(cases.size() >= 24);
  for (const fs::path& dir : cases) {
    DYNAMIC_SECTION(dir.filename().string()) {
      const kempt::test::FixturePair pair = kempt::test::fixture_pair(dir);
      REQUIRE(!pair.input.empty());
      REQUIRE(pair.expected.extension() == pair.input.extension());
      const std::string& want = pair.expected_bytes;

      PipelineOutcome first = run_pipeline(pair.input, pair.input_bytes);
      CHECK_FALSE(first.held);
      CHECK(first.document.text == want);

      PipelineOutcome second = run_pipeline(pair.expected, want);
      CHECK(second.document.text == want);
      CHECK(second.findings.empty());
    }
  }
}

TEST_CASE("every demo-site page and seed is fixed in one run (idempotence)", "[fixtures]") {
  std::vector<fs::path> pages;
  for (const auto& e : fs::recursive_directory_iterator(kFixtures / "demo-site")) {
    if (e.is_regular_file()) pages.push_back(e.path());
  }
  const fs::path seeds = fs::path(KEMPT_SOURCE_DIR) / ".." / "shared" / "seeds";
  if (fs::is_directory(seeds)) {
    for (const auto& e : fs::directory_iterator(seeds)) pages.push_back(e.path());
  } else {
    WARN("../shared/seeds is absent: only the demo site is checked");
  }
  REQUIRE(pages.size() >= 5);
  for (const fs::path& page : pages) {
    DYNAMIC_SECTION(page.filename().string()) {
      PipelineOutcome once = run_pipeline(page, kempt::test::read_bytes(page));
      REQUIRE_FALSE(once.held);
      PipelineOutcome twice = run_pipeline(page, once.document.text);
      CHECK(twice.document.text == once.document.text);
      CHECK(twice.findings.empty());
    }
  }
}

namespace {
// `text` with every `from` replaced by `to`, in order.
std::string substitute(std::string text, const std::vector<std::pair<std::string, std::string>>& pairs) {
  for (const auto& [from, to] : pairs) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
      text.replace(at, from.size(), to);
    }
  }
  return text;
}
}  // namespace

TEST_CASE("seeds 002 and 004: every mangled character repaired, nothing else changed", "[fixtures][mojibake]") {
  const fs::path seeds = fs::path(KEMPT_SOURCE_DIR) / ".." / "shared" / "seeds";
  if (!fs::is_directory(seeds)) {
    WARN("../shared/seeds is absent: seed check skipped");
    return;
  }
  auto seed = [&](const char* prefix) {
    for (const auto& e : fs::directory_iterator(seeds)) {
      if (e.path().filename().string().rfind(prefix, 0) == 0) return kempt::test::read_bytes(e.path());
    }
    return std::string();
  };
  const Pipeline mojibake_only = Pipeline::select({"mojibake"}, {});
  auto fixed = [&](const std::string& text) {
    return mojibake_only.run(Document::from_bytes("seed.txt", FileKind::text, text)).document.text;
  };
  // What the authors wrote, by hand: the mangled forms are UTF-8 read as
  // windows-1252 (002) and as windows-1254 with bytes 0x8E/0x9D dropped (004).
  const std::string s002 = seed("002_");
  CHECK(fixed(s002) == substitute(s002, {{"ðŸŽ‰", "🎉"}, {"â€”", "—"}, {"â€“", "–"}}));
  const std::string s004 = seed("004_");
  CHECK(fixed(s004) == substitute(s004, {{"ğŸ”¥", "🔥"},
                                         {"ğŸ‰", "🎉"},
                                         {"â€œ", "“"},
                                         {"Dimensionâ€", "Dimension”"},
                                         {"Artiï¬cial", "Artificial"},
                                         {"ğŸ“ Publications", "📝 Publications"},
                                         {"ğŸ“–", "📖"},
                                         {"ğŸ–", "🎖"},
                                         {"ğŸ’¬", "💬"},
                                         {"ğŸ’»", "💻"}}));
}
