// The filter API (kempt/stream.hpp): `kempt text`'s block streaming and `kempt fix
// --jsonl`'s records, driven directly with pipes and string streams.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <thread>

#include "kempt/stream.hpp"
#include "support.hpp"

using namespace kempt;
using namespace kempt::test;
using nlohmann::json;

namespace {

// A pipe whose write end is fed `data` by a thread (and then closed), so that the
// reader sees it as `kempt text` sees a pipe: in pieces, as they come.
class FedPipe {
 public:
  explicit FedPipe(std::string data) {
    if (::pipe(fds_) != 0) throw std::runtime_error("pipe failed");
    writer_ = std::thread([this, data = std::move(data)] {
      for (std::size_t at = 0; at < data.size();) {
        const ssize_t n = ::write(fds_[1], data.data() + at, std::min<std::size_t>(data.size() - at, 4093));
        if (n <= 0) break;
        at += static_cast<std::size_t>(n);
      }
      ::close(fds_[1]);
    });
  }
  ~FedPipe() {
    writer_.join();
    ::close(fds_[0]);
  }
  int fd() const { return fds_[0]; }

 private:
  int fds_[2]{};
  std::thread writer_;
};

std::vector<std::string> lines_of(int fd) {
  LineReader reader(fd);
  std::vector<std::string> lines;
  std::string_view line;
  while (reader.next(line)) lines.emplace_back(line);
  return lines;
}

// RFC 4648 base64, the test's own (kempt's is internal to the library).
std::string base64_decode(std::string_view s) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned bits = 0, count = 0;
  for (const char c : s) {
    if (c == '=') break;
    bits = bits << 6 | static_cast<unsigned>(alphabet.find(c));
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>(bits >> count & 0xFF);
    }
  }
  return out;
}

json record(const std::string& path, const std::string& content) {
  return json{{"path", path}, {"content", content}};
}

json answer_to(const std::string& line, JsonlFixTotals& totals, const Pipeline& pipeline = Pipeline::select({}, {}),
               JsonlFixOptions options = {}) {
  return json::parse(fix_jsonl_record(line, 1, pipeline, options, totals));
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

TEST_CASE("fix_jsonl_record: the pipeline's fixed content and findings, the path's rules", "[stream][jsonl]") {
  JsonlFixTotals totals;
  const json fixed = answer_to(record("_posts/a.md", "# Caf\u00C3\u00A9 \n\nLine  \nnext \n").dump(), totals);
  CHECK(fixed["path"] == "_posts/a.md");
  CHECK(fixed["status"] == "changed");
  CHECK(fixed["changed"] == true);
  CHECK(fixed["encoding"] == "UTF-8");
  // Markdown: the hard break on line 3 stays.
  CHECK(fixed["content"] == "# Café\n\nLine  \nnext\n");
  std::vector<std::string> rules;
  for (const json& f : fixed["findings"]) {
    rules.push_back(f["rule"]);
    CHECK(f["path"] == "_posts/a.md");
    CHECK(f["fixed"] == true);  // fixed in the answer's content
  }
  CHECK(rules == std::vector<std::string>{"mojibake/cp1252", "whitespace/trailing", "whitespace/trailing"});

  // The same text as a .txt: no hard breaks there.
  CHECK(answer_to(record("notes.txt", "Line  \nnext\n").dump(), totals)["content"] == "Line\nnext\n");

  // Clean: the same content back, changed false, no findings.
  const json clean = answer_to(record("b.md", "# Fine\n").dump(), totals);
  CHECK(clean["status"] == "unchanged");
  CHECK(clean["changed"] == false);
  CHECK(clean["content"] == "# Fine\n");
  CHECK(clean["findings"].empty());
  CHECK(totals.records == 3);
  CHECK(totals.changed == 2);
  CHECK(totals.failed == 0);
  CHECK(totals.findings_per_pass == std::map<std::string, std::size_t>{{"mojibake", 1}, {"whitespace", 3}});
}

TEST_CASE("fix_jsonl_record: --only, --check, front matter that does not parse", "[stream][jsonl]") {
  JsonlFixTotals totals;
  const std::string both = record("a.md", "caf\u00C3\u00A9 \n").dump();
  const json only = answer_to(both, totals, Pipeline::select({"whitespace"}, {}));
  CHECK(only["content"] == "caf\u00C3\u00A9\n");

  const json checked = answer_to(both, totals, Pipeline::select({}, {}), {.check = true, .configs = nullptr});
  CHECK(checked["changed"] == true);
  CHECK(!checked.contains("content"));
  CHECK(checked["findings"][0]["fixable"] == true);
  CHECK(checked["findings"][0]["fixed"] == false);

  const std::string broken = "---\ntitle: [unclosed\n---\n\nText. \n";
  const json held = answer_to(record("p.md", broken).dump(), totals);
  CHECK(held["status"] == "failed");
  CHECK(held["changed"] == false);
  CHECK(held["content"] == broken);  // left as it came
  CHECK(held["findings"][0]["severity"] == "error");
  CHECK(totals.failed == 1);
}

TEST_CASE("fix_jsonl_record: bytes that are no UTF-8 travel as content_base64", "[stream][jsonl]") {
  JsonlFixTotals totals;
  // "foobar" (RFC 4648's test vector) gets its final newline: "foobar\n".
  const json small = answer_to(R"({"path": "a.txt", "content_base64": "Zm9vYmFy"})", totals);
  CHECK(small["content_base64"] == "Zm9vYmFyCg==");
  CHECK(!small.contains("content"));

  const std::string french =
      "Séminaire d’été : « Systèmes répartis » — présentation de Zoë à 14 h.\n"
      "Les étudiants intéressés peuvent écrire à l’équipe ; café offert après la séance.\n";
  const std::string legacy = encode(french, "windows-1252");
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string encoded;  // the test's own base64 encoding
  for (std::size_t i = 0; i < legacy.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, legacy.size() - i);
    unsigned v = 0;
    for (std::size_t k = 0; k < 3; ++k) v = v << 8 | (k < n ? static_cast<unsigned char>(legacy[i + k]) : 0u);
    for (std::size_t k = 0; k < 4; ++k) encoded += k <= n ? alphabet[v >> (18 - 6 * k) & 63] : '=';
  }
  const json converted = answer_to(json{{"path", "news.md"}, {"content_base64", encoded}}.dump(), totals);
  CHECK(converted["encoding"] == "windows-1252");
  CHECK(converted["changed"] == true);
  CHECK(base64_decode(converted["content_base64"].get<std::string>()) == french);
  CHECK(totals.failed == 0);
}

TEST_CASE("fix_jsonl_record: a line it cannot take is an error answer naming the line", "[stream][jsonl]") {
  JsonlFixTotals totals;
  auto error_of = [&](const std::string& line) {
    const json a = json::parse(fix_jsonl_record(line, 7, Pipeline::select({}, {}), {}, totals));
    CHECK(a["status"] == "failed");
    CHECK(a["line"] == 7);
    return a;
  };
  CHECK(error_of("{\"path\": \"a.md\", \"content\": ").at("error").get<std::string>().starts_with("line 7: not JSON"));
  CHECK(error_of("\"just a string\"")["error"] == "line 7: not a JSON object");
  CHECK(error_of(R"({"content": "x"})")["error"] == "line 7: no \"path\" (a non-empty string)");
  const json neither = error_of(R"({"path": "a.md"})");
  CHECK(neither["path"] == "a.md");
  CHECK(neither["error"] == "line 7: give one of \"content\" and \"content_base64\"");
  error_of(R"({"path": "a.md", "content": "x", "content_base64": "eA=="})");
  CHECK(error_of(R"({"path": "a.md", "content": 3})")["error"] == "line 7: \"content\" is not a string");
  CHECK(error_of(R"({"path": "a.md", "content_base64": "not base64!"})")["error"] ==
        "line 7: \"content_base64\" is not base64");
  // A JSON string must be UTF-8: raw Latin-1 bytes in one are not JSON.
  error_of("{\"path\": \"a.md\", \"content\": \"caf\xE9\"}");
  error_of("");
  CHECK(totals.failed == totals.records);
}

TEST_CASE("fix_jsonl answers each record a line, in order, from a pipe", "[stream][jsonl]") {
  std::string input;
  for (int i = 0; i < 50; ++i) input += record(fmt::format("p{}.md", i), fmt::format("page {} \n", i)).dump() + "\n";
  input += "oops\n";
  FedPipe pipe(input);
  std::ostringstream out;
  JsonlFixTotals totals;
  CHECK(fix_jsonl(pipe.fd(), out, Pipeline::select({}, {}), {}, totals));
  std::istringstream answers(out.str());
  std::string line;
  int i = 0;
  while (std::getline(answers, line)) {
    const json a = json::parse(line);
    if (i < 50) {
      CHECK(a["path"] == fmt::format("p{}.md", i));
      CHECK(a["content"] == fmt::format("page {}\n", i));
    } else {
      CHECK(a["line"] == 51);
    }
    ++i;
  }
  CHECK(i == 51);
  CHECK(totals.records == 51);
  CHECK(totals.changed == 50);
  CHECK(totals.failed == 1);
}
