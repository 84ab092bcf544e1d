#pragma once
// Test helpers: temporary folders, byte-exact files, legacy encodings, running the CLI.

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <unicode/ucnv.h>
#include <unicode/unistr.h>

namespace kempt::test {

namespace fs = std::filesystem;

/// Calls `visit` with every text of 0 to `longest` bytes drawn from `alphabet` (the
/// exhaustive inputs of the small-alphabet property tests); returns how many.
template <typename Visit>
std::size_t for_each_text(std::string_view alphabet, std::size_t longest, Visit&& visit) {
  std::string text;
  std::size_t texts = 0;
  auto extend = [&](auto&& self) -> void {
    visit(static_cast<const std::string&>(text));
    ++texts;
    if (text.size() == longest) return;
    for (const char c : alphabet) {
      text.push_back(c);
      self(self);
      text.pop_back();
    }
  };
  extend(extend);
  return texts;
}

class TempDir {
 public:
  TempDir() {
    std::string templ = (fs::temp_directory_path() / "kempt-test-XXXXXX").string();
    if (!::mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
    path_ = templ;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& rel) const { return path_ / rel; }

 private:
  fs::path path_;
};

inline void write_bytes(const fs::path& p, std::string_view bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// `utf8` encoded in `charset` by ICU (the test's own converter, not kempt's decoder).
inline std::string encode(std::string_view utf8, const char* charset) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  UConverter* conv = ucnv_open(charset, &status);
  if (U_FAILURE(status)) throw std::runtime_error("no converter");
  std::string out(static_cast<std::size_t>(u.length()) * 4 + 8, '\0');
  int32_t n = ucnv_fromUChars(conv, out.data(), static_cast<int32_t>(out.size()), u.getBuffer(), u.length(), &status);
  ucnv_close(conv);
  if (U_FAILURE(status)) throw std::runtime_error("encode failed");
  out.resize(static_cast<std::size_t>(n));
  return out;
}

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

/// Runs the built kempt binary with `args` in `cwd`, with `input` on stdin (nullptr:
/// stdin from /dev/null).
inline CliRun run_kempt_fed(const std::string* input, const std::string& args, const fs::path& cwd,
                            const std::string& env = "") {
  TempDir io;
  std::string in = "/dev/null";
  if (input) {
    write_bytes(io / "in", *input);
    in = (io / "in").string();
  }
  const std::string cmd = "cd " + shell_quote(cwd.string()) + " && " + env + " " + shell_quote(KEMPT_BINARY) +
                          " " + args + " <" + shell_quote(in) + " >" + shell_quote((io / "out").string()) + " 2>" +
                          shell_quote((io / "err").string());
  const int status = std::system(cmd.c_str());
  CliRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = read_bytes(io / "out");
  run.err = read_bytes(io / "err");
  return run;
}

/// Runs the built kempt binary with `args` in `cwd`, stdin from /dev/null.
inline CliRun run_kempt(const std::string& args, const fs::path& cwd, const std::string& env = "") {
  return run_kempt_fed(nullptr, args, cwd, env);
}

/// Bytes and mtime of every file under `root` (symlinks as their target text).
struct FileState {
  std::string bytes;
  std::int64_t mtime_ns = 0;
  bool operator==(const FileState&) const = default;
};
inline std::map<std::string, FileState> snapshot(const fs::path& root) {
  std::map<std::string, FileState> snap;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    struct stat st {};
    ::lstat(it->path().c_str(), &st);
    FileState s;
    s.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    if (it->is_symlink()) s.bytes = "-> " + fs::read_symlink(it->path()).string();
    else if (it->is_regular_file()) s.bytes = read_bytes(it->path());
    snap[it->path().lexically_relative(root).string()] = s;  // fs::relative would resolve symlinks
  }
  return snap;
}

/// The case folders of fixtures/<pass>/, sorted.
inline std::vector<fs::path> fixture_cases(const std::string& pass) {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(fs::path(KEMPT_SOURCE_DIR) / "fixtures" / pass)) {
    if (entry.is_directory()) cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

/// The file in `dir` named `stem` with any extension (input.md, expected.html).
inline fs::path file_named(const fs::path& dir, const std::string& stem) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().stem() == stem) return entry.path();
  }
  return {};
}

/// `kempt fix .` over one page beside a `.kempt.yaml`: whether the tree is left
/// exactly as it was (a bad setting must stop the run before any write).
struct ConfiguredFix {
  CliRun run;
  bool unchanged = false;
};
inline ConfiguredFix fix_with_config(const TempDir& dir, const std::string& config, const std::string& page_name,
                                     const std::string& page) {
  write_bytes(dir / ".kempt.yaml", config);
  write_bytes(dir / page_name, page);
  const auto before = snapshot(dir.path());
  ConfiguredFix out;
  out.run = run_kempt("fix .", dir.path());
  out.unchanged = snapshot(dir.path()) == before;
  return out;
}

/// A fixture case: its input and hand-written expected output.
struct FixturePair {
  fs::path input, expected;
  std::string input_bytes, expected_bytes;
};
inline FixturePair fixture_pair(const fs::path& dir) {
  FixturePair p{file_named(dir, "input"), file_named(dir, "expected"), {}, {}};
  if (!p.input.empty()) p.input_bytes = read_bytes(p.input);
  if (!p.expected.empty()) p.expected_bytes = read_bytes(p.expected);
  return p;
}

}  // namespace kempt::test
