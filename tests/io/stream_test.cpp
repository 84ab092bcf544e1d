// The text filter API (kempt/stream.hpp): `kempt text`'s block streaming and line
// reading, driven directly with pipes and string streams.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <sstream>

#include "io/fed_pipe.hpp"
#include "kempt/stream.hpp"

using namespace kempt;
using namespace kempt::test;

namespace {

std::vector<std::string> lines_of(int fd) {
  LineReader reader(fd);
  std::vector<std::string> lines;
  std::string_view line;
  while (reader.next(line)) lines.emplace_back(line);
  return lines;
}

}  // namespace

TEST_CASE("LineReader gives each line once, long ones whole, the last without its newline", "[stream]") {
  const std::string longest(200'000, 'x');  // longer than the reader's first buffer
  FedPipe pipe("one\n\ntwo\r\n" + longest + "\nlast");
  CHECK(lines_of(pipe.fd()) == std::vector<std::string>{"one", "", "two\r", longest, "last"});
  FedPipe empty("");
  CHECK(lines_of(empty.fd()).empty());
  FedPipe closed("a\n");  // a final newline ends the last line: no empty line after it
  CHECK(lines_of(closed.fd()) == std::vector<std::string>{"a"});
}

TEST_CASE("repair_text gives the whole text's repair, in blocks side by side or streamed", "[stream]") {
  // Over two 1 MiB blocks, with a repair in each and a line without a newline at the end.
  std::string text;
  for (int i = 0; text.size() < (std::size_t{5} << 19); ++i)
    text += fmt::format("{} caf\u00C3\u00A9 â€” done\nline {}, Zürich, is plain\n", i, i);
  text += "last Ã©tÃ©";
  const std::string whole = repair_mojibake(text);
  REQUIRE(whole != text);
  for (const unsigned jobs : {1u, 3u}) {
    std::vector<std::string> explained;
    TextFilterOptions options;
    options.jobs = jobs;
    options.explain = [&](const std::string& line) { explained.push_back(line); };
    std::ostringstream out;
    CHECK(repair_text(text, out, options));
    CHECK(out.str() == whole);
    // Explanations count lines across blocks: the last repair is on the last line.
    const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    REQUIRE(!explained.empty());
    CHECK(explained.back().starts_with(fmt::format("{}:9: \"Ã©\" -> \"é\"", lines)));

    std::vector<std::string> streamed_explained;
    options.explain = [&](const std::string& line) { streamed_explained.push_back(line); };
    FedPipe pipe(text);
    std::ostringstream streamed;
    CHECK(repair_text_stream(pipe.fd(), streamed, options));
    CHECK(streamed.str() == whole);
    CHECK(streamed_explained == explained);
  }
}

TEST_CASE("text filters keep their options apart: no global state", "[stream]") {
  // "ا" then a byte lost: a run the model cannot restore (as in mojibake_property_test).
  const std::string lossy = "Ø§Ø?Ø§Ø± and cafÃ©\n";
  TextFilterOptions keep, mark;
  mark.mark_lost = true;
  std::ostringstream kept, marked;
  CHECK(repair_text(lossy, kept, keep));
  CHECK(repair_text(lossy, marked, mark));
  CHECK(kept.str() == repair_mojibake(lossy, nullptr, false));
  CHECK(marked.str() == repair_mojibake(lossy, nullptr, true));
  CHECK(kept.str() != marked.str());

  TextFilterOptions fold;
  fold.fold_ligatures = true;
  std::ostringstream folded, plain;
  CHECK(repair_text("ﬁne ﬂow\n", folded, fold));
  CHECK(repair_text("ﬁne ﬂow\n", plain, keep));
  CHECK(folded.str() == "fine flow\n");
  CHECK(plain.str() == "ﬁne ﬂow\n");
}

TEST_CASE("repair_jsonl answers each JSON string line, passes others through and says so", "[stream]") {
  const std::string input = "\"cafÃ©\"\nnot json\n\"plain\"\n";
  std::vector<std::string> warnings;
  TextFilterOptions options;
  options.warn = [&](const std::string& m) { warnings.push_back(m); };
  std::ostringstream out;
  CHECK(repair_jsonl(input, out, options) == 1);
  CHECK(out.str() == "\"café\"\nnot json\n\"plain\"\n");
  CHECK(warnings == std::vector<std::string>{"line 2 is not a JSON string; passed through"});

  FedPipe pipe(input);
  std::ostringstream streamed;
  CHECK(repair_jsonl_stream(pipe.fd(), streamed, options) == 1);
  CHECK(streamed.str() == out.str());
}
