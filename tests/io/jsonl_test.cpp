// `kempt fix --jsonl`'s records (kempt/stream.hpp, src/io/jsonl.cpp): what one record's
// answer holds, the errors, and a stream of them from a pipe.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <sstream>

#include "io/fed_pipe.hpp"
#include "kempt/stream.hpp"
#include "support.hpp"

using namespace kempt;
using namespace kempt::test;
using nlohmann::json;

namespace {

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
