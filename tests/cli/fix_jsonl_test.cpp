// `kempt fix --jsonl` end to end: the built binary as a cluster worker runs it.
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>

#include "support.hpp"

using namespace kempt::test;
using nlohmann::json;

namespace {

CliRun run_jsonl(const std::string& input, const std::string& args, const fs::path& cwd) {
  TempDir io;
  write_bytes(io / "in", input);
  const std::string cmd = "cd " + shell_quote(cwd.string()) + " && " + shell_quote(KEMPT_BINARY) + " fix --jsonl " +
                          args + " <" + shell_quote((io / "in").string()) + " >" + shell_quote((io / "out").string()) +
                          " 2>" + shell_quote((io / "err").string());
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_bytes(io / "out"), read_bytes(io / "err")};
}

std::vector<json> answers(const std::string& out) {
  std::vector<json> all;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) all.push_back(json::parse(line));
  return all;
}

std::string record(const std::string& path, const std::string& content) {
  return json{{"path", path}, {"content", content}}.dump() + "\n";
}

// kempt running with both ends of it held here, as a worker holds them.
class Coprocess {
 public:
  explicit Coprocess(const std::vector<std::string>& args) {
    int in[2], out[2];
    if (::pipe(in) != 0 || ::pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      ::close(in[1]);
      ::close(out[0]);
      std::vector<char*> argv{const_cast<char*>(KEMPT_BINARY)};
      for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(KEMPT_BINARY, argv.data());
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    to_ = in[1];
    from_ = out[0];
  }
  ~Coprocess() {
    close_input();
    ::close(from_);
    if (pid_ > 0) ::waitpid(pid_, nullptr, 0);
  }
  void send(const std::string& text) const { REQUIRE(::write(to_, text.data(), text.size()) == static_cast<ssize_t>(text.size())); }
  // One line from kempt's stdout, waiting at most `seconds`; empty if none came.
  std::string read_line(int seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (pending_.find('\n') == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      pollfd p{from_, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) return {};
      char buf[4096];
      const ssize_t n = ::read(from_, buf, sizeof buf);
      if (n <= 0) return {};
      pending_.append(buf, static_cast<std::size_t>(n));
    }
    const std::size_t nl = pending_.find('\n');
    std::string line = pending_.substr(0, nl);
    pending_.erase(0, nl + 1);
    return line;
  }
  void close_input() {
    if (to_ >= 0) ::close(to_);
    to_ = -1;
  }
  int wait() {
    close_input();
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
  int to_ = -1, from_ = -1;
  std::string pending_;
};

}  // namespace

TEST_CASE("fix --jsonl: one answer a record, a bad line answered and the rest still done (exit 3)", "[cli][jsonl]") {
  TempDir dir;
  const std::string input = record("a.md", "Hello \n") + "{\"path\": \"b.md\", \"content\": \"no end\n" +
                            record("c.md", "caf\u00C3\u00A9\n");
  const CliRun run = run_jsonl(input, "", dir.path());
  CHECK(run.exit_code == 3);
  const std::vector<json> got = answers(run.out);
  REQUIRE(got.size() == 3);
  CHECK(got[0]["content"] == "Hello\n");
  CHECK(got[1]["status"] == "failed");
  CHECK(got[1]["line"] == 2);
  CHECK(got[2]["content"] == "café\n");
  CHECK(got[2]["findings"][0]["pass"] == "mojibake");
  CHECK(run.err.find("kempt: 3 records, 2 changed, 1 failed; findings: mojibake 1, whitespace 1;") == 0);
  CHECK(fs::is_empty(dir.path()));  // nothing written anywhere

  const CliRun clean = run_jsonl(record("a.md", "Hello\n"), "-q", dir.path());
  CHECK(clean.exit_code == 0);
  CHECK(clean.err.empty());
  CHECK(answers(clean.out).at(0)["changed"] == false);
}

TEST_CASE("fix --jsonl: a legacy page in content_base64 comes back converted, as base64", "[cli][jsonl]") {
  TempDir dir;
  // "Café" in windows-1252 among plain ASCII: the same as `kempt fix` on that file.
  const std::string legacy = encode("Le café de l’équipe est ouvert à tous les étudiants. \n", "windows-1252");
  write_bytes(dir / "page.md", legacy);
  const CliRun file_fix = run_kempt("fix -q page.md", dir.path());
  const std::string fixed = read_bytes(dir / "page.md");
  REQUIRE(file_fix.exit_code == 0);
  REQUIRE(fixed == "Le café de l’équipe est ouvert à tous les étudiants.\n");

  std::string b64;  // base64 by coreutils, not by kempt
  write_bytes(dir / "legacy.bin", legacy);
  REQUIRE(std::system(("base64 -w0 " + shell_quote((dir / "legacy.bin").string()) + " >" +
                       shell_quote((dir / "legacy.b64").string())).c_str()) == 0);
  b64 = read_bytes(dir / "legacy.b64");
  const CliRun run = run_jsonl(json{{"path", "page.md"}, {"content_base64", b64}}.dump() + "\n", "-q", dir.path());
  CHECK(run.exit_code == 0);
  const json a = answers(run.out).at(0);
  CHECK(a["encoding"] == "windows-1252");
  write_bytes(dir / "answer.b64", a["content_base64"].get<std::string>());
  REQUIRE(std::system(("base64 -d " + shell_quote((dir / "answer.b64").string()) + " >" +
                       shell_quote((dir / "answer.bin").string())).c_str()) == 0);
  CHECK(read_bytes(dir / "answer.bin") == fixed);
}

TEST_CASE("fix --jsonl answers each line before the next is sent", "[cli][jsonl]") {
  Coprocess kempt({"fix", "--jsonl", "-q"});
  kempt.send(record("a.md", "one \n"));
  const std::string first = kempt.read_line(20);  // stdin still open: the answer must come anyway
  REQUIRE(!first.empty());
  CHECK(json::parse(first)["content"] == "one\n");
  kempt.send(record("b.md", "two\t\n"));
  const std::string second = kempt.read_line(20);
  REQUIRE(!second.empty());
  CHECK(json::parse(second)["content"] == "two\n");
  CHECK(kempt.wait() == 0);
}

TEST_CASE("kempt text --jsonl answers each line before the next is sent", "[cli][jsonl]") {
  Coprocess kempt({"text", "--jsonl"});
  kempt.send("\"caf\u00C3\u00A9\"\n");
  CHECK(kempt.read_line(20) == "\"café\"");
  kempt.send("\"plain\"\n");
  CHECK(kempt.read_line(20) == "\"plain\"");
  CHECK(kempt.wait() == 0);
}

TEST_CASE("fix --jsonl --check: no content, exit 1 when a record would change", "[cli][jsonl]") {
  TempDir dir;
  const CliRun would = run_jsonl(record("a.md", "x \n") + record("b.md", "y\n"), "--check", dir.path());
  CHECK(would.exit_code == 1);
  const std::vector<json> got = answers(would.out);
  REQUIRE(got.size() == 2);
  CHECK(got[0]["changed"] == true);
  CHECK(!got[0].contains("content"));
  CHECK(got[0]["findings"][0]["fixed"] == false);
  CHECK(got[1]["changed"] == false);
  CHECK(would.err.find("1 would change") != std::string::npos);
  CHECK(run_jsonl(record("b.md", "y\n"), "--check -q", dir.path()).exit_code == 0);
}

TEST_CASE("fix --jsonl: --only/--skip and the .kempt.yaml above the record's path apply", "[cli][jsonl]") {
  TempDir dir;
  write_bytes(dir / "legacy/.kempt.yaml", "ignore: [whitespace]\n");
  const std::string page = "caf\u00C3\u00A9 \n";
  auto content_of = [&](const std::string& path, const std::string& args) {
    return answers(run_jsonl(record(path, page), "-q " + args, dir.path()).out).at(0)["content"];
  };
  CHECK(content_of("a.md", "") == "café\n");
  CHECK(content_of("a.md", "--only whitespace") == "caf\u00C3\u00A9\n");
  CHECK(content_of("a.md", "--skip whitespace") == "café \n");
  CHECK(content_of("legacy/old.md", "") == "café \n");
}

TEST_CASE("fix --jsonl takes no PATH and no option it cannot honour", "[cli][jsonl]") {
  TempDir dir;
  for (const std::string args : {". ", "--diff", "--format json", "-j 2", "--delete-sample-files", "--stdin-filename a.md"}) {
    INFO(args);
    const CliRun run = run_jsonl(record("a.md", "x\n"), args, dir.path());
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
  }
}
