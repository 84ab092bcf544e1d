// kempt's command line: parses arguments with CLI11, hands files to libkempt and
// reports. Everything that changes a file lives in the library.
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <cerrno>
#include <cstring>
#include <memory>
#include <map>

#include <nlohmann/json.hpp>

#include "kempt/batch.hpp"
#include "kempt/mojibake.hpp"
#include "kempt/pipeline.hpp"
#include "kempt/report.hpp"

namespace {

using namespace kempt;

// Exit codes scripts rely on (DEVELOPERS.md).
enum Exit { kClean = 0, kFound = 1, kUsage = 2, kFailed = 3 };

struct Options {
  std::vector<std::string> paths;
  bool check_only = false;  // fix --check
  bool diff = false;        // fix --diff
  std::vector<std::string> only, skip, include, exclude;
  std::string format = "text";
  std::string colour = "auto";
  unsigned jobs = 0;
  bool quiet = false;
  std::string config;
  bool aggressive = false;           // fix --aggressive
  bool delete_sample_files = false;  // fix --delete-sample-files
};

void add_common_options(CLI::App* cmd, Options& o) {
  cmd->add_option("PATH", o.paths, "Files or folders (default: the current folder)")->type_name("");
  // One value per occurrence: `--only whitespace .` must not read "." as a pass.
  cmd->add_option("--only", o.only, "Run only these passes (comma-separated)")->type_name("P,..")->delimiter(',')->allow_extra_args(false);
  cmd->add_option("--skip", o.skip, "Skip these passes (comma-separated)")->type_name("P,..")->delimiter(',')->allow_extra_args(false);
  cmd->add_option("--format", o.format, "Output format")
      ->check(CLI::IsMember({"text", "json", "github", "sarif"}))
      ->capture_default_str();
  cmd->add_option("-j,--jobs", o.jobs, "Files processed in parallel (0: one per core)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--include", o.include, "Also treat files matching GLOB as text (repeatable)")->type_name("GLOB")
      ->allow_extra_args(false);
  cmd->add_option("--exclude", o.exclude, "Leave out files or folders matching GLOB (repeatable)")->type_name("GLOB")
      ->allow_extra_args(false);
  cmd->add_option("--color", o.colour, "Colour output: auto (on a terminal, unless NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_flag("-q,--quiet", o.quiet, "No summary line");
  cmd->add_option("--config", o.config, "Settings file (default: the nearest .kempt.yaml above each file)")
      ->type_name("FILE");
}

bool use_colour(const std::string& setting, int fd) {
  if (setting == "always") return true;
  if (setting == "never") return false;
  const char* no_colour = std::getenv("NO_COLOR");
  return ::isatty(fd) && (!no_colour || !*no_colour);
}

// The one-line progress display on stderr, shown only on a terminal and only
// once a run has taken more than a second.
class Progress {
 public:
  Progress(std::size_t total, bool enabled) : total_(total), enabled_(enabled) {}
  void step(std::size_t done, const std::string& path) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    std::fprintf(stderr, "\r\x1b[Kkempt: %zu/%zu files  %s", done, total_, path.substr(0, 60).c_str());
    shown_ = true;
  }
  void clear() {
    if (shown_) std::fputs("\r\x1b[K", stderr);
    shown_ = false;
  }

 private:
  std::size_t total_;
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), last_ = start_;
};

std::string fixed_summary(const FileReport& r) {
  std::map<std::string, std::size_t> per_rule;
  for (const Finding& f : r.findings) {
    if (f.fixed) ++per_rule[f.rule];
  }
  std::string s;
  for (const auto& [rule, n] : per_rule) s += (s.empty() ? "" : ", ") + (n > 1 ? fmt::format("{} ×{}", rule, n) : rule);
  return s;
}

int run(const Options& o, bool is_check_command) {
  const auto started = std::chrono::steady_clock::now();
  PipelineOptions pipeline_options;
  pipeline_options.placeholders = {o.aggressive, o.delete_sample_files};
  const Pipeline pipeline = Pipeline::select(o.only, o.skip, pipeline_options);
  const bool reporting_only = is_check_command || o.check_only;
  const bool colour_out = use_colour(o.colour, STDOUT_FILENO);
  const bool colour_err = use_colour(o.colour, STDERR_FILENO);

  WalkResult walk = collect_files(o.paths.empty() ? std::vector<std::string>{"."} : o.paths,
                                  WalkOptions{o.include, o.exclude});
  // Every file's settings are read before any file is touched: a bad one is a usage error (exit 2).
  const ConfigFinder configs(o.config.empty() ? std::nullopt : std::optional<std::filesystem::path>(o.config));
  for (const FileTask& t : walk.files) configs.for_file(t.path);
  BatchOptions batch{.write = !reporting_only && !o.diff, .keep_text = o.diff, .jobs = o.jobs, .configs = &configs};

  std::vector<FileReport> kept;  // for json/sarif, printed at the end
  RunTotals totals;
  std::map<std::string, std::size_t> per_pass;
  bool found = false;
  Progress progress(walk.files.size(), ::isatty(STDERR_FILENO) && o.format == "text");

  const bool stdout_is_terminal = ::isatty(STDOUT_FILENO);
  // Every line of output goes through here: the progress line is wiped first
  // when the text lands on the same terminal, and stdout is flushed before
  // stderr so the two streams stay in order.
  auto emit = [&](std::FILE* to, const std::string& text) {
    if (to == stderr || stdout_is_terminal) progress.clear();
    if (to == stderr) std::fflush(stdout);
    std::fputs(text.c_str(), to);
  };
  auto print_finding = [&](const Finding& f, std::FILE* to, bool written) {
    if (o.format == "github") emit(stdout, format_finding_github(f, written) + "\n");
    else emit(to, format_finding_text(f, to == stdout ? colour_out : colour_err, written) + "\n");
  };

  auto take = [&](FileReport&& r) {
    switch (r.status) {
      case FileReport::Status::changed: ++totals.changed; break;
      case FileReport::Status::skipped: ++totals.skipped; break;
      case FileReport::Status::failed: ++totals.failed; break;
      case FileReport::Status::unchanged: break;
    }
    for (const Finding& f : r.findings) {
      if (f.severity == Severity::note) continue;
      ++per_pass[std::string(f.pass())];
      found = true;
    }
    if (o.format == "json" || o.format == "sarif") {
      kept.push_back(std::move(r));
      return;
    }
    if (o.diff && r.status == FileReport::Status::changed) {
      // A diff cannot show a change of encoding or a dropped BOM: say it in a line
      // of its own, which `git apply` and `patch` skip as they skip any preamble.
      for (const Finding& f : r.findings) {
        const bool unshown = f.pass() == "encoding" || f.rule == "placeholders/sample-file";
        if (f.fixed && unshown) emit(stdout, format_finding_text(f, colour_out, false) + "\n");
      }
      if (!r.deleted) emit(stdout, unified_diff(r.path, r.before, r.after, colour_out));
    }
    const bool list_all = reporting_only || o.format == "github";
    for (const Finding& f : r.findings) {
      // `fix` and `--diff` show what they did as a file line or a diff; what
      // they could not do (and notes) is listed finding by finding.
      // Findings about the files' text are the output; notes and I/O trouble
      // (skipped, unreadable, unwritable) are diagnostics and go to stderr.
      const bool diagnostic = f.severity == Severity::note || f.pass() == "io";
      if (list_all || !f.fixed) print_finding(f, list_all && !diagnostic ? stdout : stderr, r.written);
    }
    if (!reporting_only && !o.diff && r.status == FileReport::Status::changed && o.format == "text") {
      emit(stdout, fmt::format("{} {}: {}\n", r.deleted ? "deleted" : "fixed", r.path, fixed_summary(r)));
    }
  };

  // What the walk had to say (symlinks, missing arguments) is reported like a file.
  auto walk_report = [](const Finding& f, FileReport::Status status) {
    FileReport r;
    r.path = f.path;
    r.status = status;
    r.findings = {f};
    return r;
  };
  for (const Finding& f : walk.notes) take(walk_report(f, FileReport::Status::skipped));
  for (const Finding& f : walk.errors) take(walk_report(f, FileReport::Status::failed));
  std::size_t done = 0;
  process_files(walk.files, pipeline, batch, [&](FileReport&& r) {
    ++done;
    const std::string path = r.path;
    take(std::move(r));
    progress.step(done, path);
  });
  progress.clear();

  totals.scanned = walk.files.size();
  totals.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (o.format == "json") std::fputs(format_json(kept, totals, reporting_only || o.diff).c_str(), stdout);
  if (o.format == "sarif") std::fputs(format_sarif(kept, KEMPT_VERSION).c_str(), stdout);
  std::fflush(stdout);

  if (!o.quiet) {
    std::string passes;
    for (const auto& [pass, n] : per_pass) passes += fmt::format("{}{} {}", passes.empty() ? "" : ", ", pass, n);
    const bool would = reporting_only || o.diff;
    std::fprintf(stderr, "%skempt:%s %zu file%s scanned, %zu %s, %zu skipped, %zu failed; findings: %s; %.2f s\n",
                 colour_err ? "\x1b[1m" : "", colour_err ? "\x1b[0m" : "", totals.scanned,
                 totals.scanned == 1 ? "" : "s", totals.changed, would ? "would change" : "changed", totals.skipped,
                 totals.failed, passes.empty() ? "none" : passes.c_str(), totals.seconds);
  }
  if (totals.failed > 0) return kFailed;
  if (reporting_only && (found || totals.changed > 0)) return kFound;
  return kClean;
}

void explain(const MojibakeSpan& s, const std::string& where) {
  std::fprintf(stderr, "%s: \"%s\" -> \"%s\" (%s; implausibility %.1f -> %.1f)%s\n", where.c_str(),
               s.before.c_str(), s.after.c_str(), s.explain_chain().c_str(), s.cost_before, s.cost_after,
               s.confident ? ""
                           : fmt::format(" not repaired: {}{}", s.lossy ? "lost bytes, readings " : "not sure",
                                         s.lossy ? fmt::format("{}", fmt::join(s.candidates, " ")) : "")
                                 .c_str());
}

int repair_text(std::string_view input, bool jsonl, bool explain_repairs);

// `kempt text`: stdin to stdout, as a filter (and for evaluation with --jsonl).
int run_text(bool jsonl, bool explain_repairs) {
  // read(2) straight into the string: iostreams go a byte at a time, and a
  // bounce buffer would copy every byte once more.
  // A file on stdin is mapped, as iconv does: reading 50 MB into fresh memory
  // costs more than repairing it. (Otherwise a plain new[] buffer: std::string
  // would zero-fill it first.)
  struct stat st {};
  if (::fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    void* map = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE,
                       STDIN_FILENO, 0);
    if (map != MAP_FAILED) {
      const int status = repair_text(std::string_view(static_cast<const char*>(map), static_cast<std::size_t>(st.st_size)),
                                     jsonl, explain_repairs);
      ::munmap(map, static_cast<std::size_t>(st.st_size));
      return status;
    }
  }
  std::size_t capacity = ::fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode)
                             ? static_cast<std::size_t>(st.st_size) + 1
                             : std::size_t{1} << 20;
  std::unique_ptr<char[]> buffer(new char[capacity]);
  std::size_t size = 0;
  while (true) {
    if (size == capacity) {
      std::unique_ptr<char[]> bigger(new char[capacity * 2]);
      std::memcpy(bigger.get(), buffer.get(), size);
      buffer = std::move(bigger);
      capacity *= 2;
    }
    const ssize_t n = ::read(STDIN_FILENO, buffer.get() + size, capacity - size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    size += static_cast<std::size_t>(n);
  }
  return repair_text(std::string_view(buffer.get(), size), jsonl, explain_repairs);
}

int repair_text(std::string_view input, bool jsonl, bool explain_repairs) {
  if (!jsonl) {
    // Written piece by piece: a clean 50 MB text is never copied.
    // A clean 50 MB text is never copied: written as it came.
    std::vector<MojibakeSpan> spans = find_mojibake(input);
    if (std::none_of(spans.begin(), spans.end(), [](const MojibakeSpan& s) { return s.text_replacement(); })) {
      std::fwrite(input.data(), 1, input.size(), stdout);
    } else {
      const std::string out = repair_found_mojibake(input, spans);
      std::fwrite(out.data(), 1, out.size(), stdout);
    }
    if (explain_repairs) {
      LineIndex index(input);
      for (const auto& s : spans) {
        auto pos = index.locate(s.begin);
        explain(s, s.look == 1 ? fmt::format("{}:{}", pos.line, pos.column)
                               : fmt::format("{}:{} (look {})", pos.line, pos.column, s.look));
      }
    }
    return kClean;
  }
  int status = kClean;
  std::size_t line_no = 0;
  for (std::size_t pos = 0; pos < input.size();) {
    std::size_t end = input.find('\n', pos);
    if (end == std::string::npos) end = input.size();
    const std::string_view line(input.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    std::string text;
    try {
      text = nlohmann::json::parse(line).get<std::string>();
    } catch (const std::exception&) {
      std::fprintf(stderr, "kempt: line %zu is not a JSON string; passed through\n", line_no);
      std::fwrite(line.data(), 1, line.size(), stdout);
      std::fputc('\n', stdout);
      status = kFailed;
      continue;
    }
    std::vector<MojibakeSpan> spans;
    const std::string fixed = repair_mojibake(text, &spans);
    std::fputs(nlohmann::json(fixed).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str(), stdout);
    std::fputc('\n', stdout);
    if (explain_repairs) {
      for (const auto& s : spans) explain(s, fmt::format("line {}", line_no));
    }
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kempt: cleans up old personal and academic website repos (mojibake, front matter,\n"
               "template placeholders, whitespace), safely and with minimal diffs.\n\n"
               "Exit codes: 0 clean or fixed; 1 --check/check found something; 2 usage error;\n"
               "3 some file could not be processed (the others still were)."};
  app.name("kempt");
  app.set_version_flag("--version", std::string(KEMPT_VERSION));
  std::string passes;
  for (auto p : pass_names()) passes += fmt::format("{}{}", passes.empty() ? "" : ", ", p);
  app.footer("Passes, in pipeline order: " + passes +
             ".\n\nExamples:\n"
             "  kempt fix --diff .              show what would change, write nothing\n"
             "  kempt fix .                     fix the site in the current folder\n"
             "  kempt fix --check --format github   in CI: annotations, exit 1 if anything would change\n"
             "\nRun `kempt COMMAND --help` for a command's options.");

  Options o;
  CLI::App* fix = app.add_subcommand("fix", "Fix files in place (atomically; untouched when nothing changes)");
  add_common_options(fix, o);
  auto* check_flag = fix->add_flag("--check", o.check_only, "Write nothing; exit 1 when any file would change");
  fix->add_flag("--diff", o.diff, "Write nothing; print a unified diff of what would change")->excludes(check_flag);
  fix->add_flag("--aggressive", o.aggressive,
                "Also remove placeholder links and images from text that is otherwise real");
  fix->add_flag("--delete-sample-files", o.delete_sample_files,
                "Delete files that are wholly a template's sample content (reported otherwise)");
  CLI::App* check = app.add_subcommand("check", "Report findings only; never writes (exit 1 when any)");
  add_common_options(check, o);
  bool jsonl = false, explain_repairs = false;
  CLI::App* text = app.add_subcommand("text", "Repair mojibake in text read from stdin; write it to stdout");
  text->add_flag("--jsonl", jsonl, "Each input line is a JSON string; write one JSON string a line");
  text->add_flag("--explain", explain_repairs, "Print each repair to stderr: where, what, which code pages");
  app.require_subcommand(1);

  if (argc == 1) {
    std::cerr << app.help() << "\n";
    return kUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kClean : kUsage;
  }
  try {
    if (text->parsed()) return run_text(jsonl, explain_repairs);
    return run(o, check->parsed());
  } catch (const UsageError& e) {
    std::cerr << "kempt: " << e.what() << "\n";
    return kUsage;
  } catch (const std::exception& e) {
    std::cerr << "kempt: internal error: " << e.what() << "\n";
    return kFailed;
  }
}
