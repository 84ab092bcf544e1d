// kempt's command line: parses arguments with CLI11, hands files to libkempt and
// reports. Everything that changes a file lives in the library.
#include <malloc.h>
#include <csignal>
#include <unistd.h>

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <cerrno>
#include <cstring>
#include <algorithm>
#include <charconv>
#include <map>

#include "kempt/batch.hpp"
#include "kempt/cv.hpp"
#include "kempt/pipeline.hpp"
#include "kempt/report.hpp"
#include "kempt/stream.hpp"
#include "kempt/suppress.hpp"
#include "versions.hpp"

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
  std::string jobs_text;             // -j as given: checked by parse_jobs
  bool quiet = false;
  std::string config;
  std::string stdin_filename;        // names the text of PATH `-`
  bool aggressive = false;           // fix --aggressive
  bool delete_sample_files = false;  // fix --delete-sample-files
  bool jsonl = false;                // fix --jsonl
};

// More threads than this only cost memory (each holds a file of up to 64 MiB).
constexpr unsigned kMaxJobs = 256;

// -j as a count of threads: CLI11's own check answers `-j -1` with a range
// 300 digits long.
unsigned parse_jobs(const std::string& text) {
  unsigned jobs = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), jobs);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || jobs > kMaxJobs)
    throw UsageError(fmt::format("-j takes a number of jobs from 1 to {} (0: one per core), not '{}'", kMaxJobs, text));
  return jobs;
}

void add_common_options(CLI::App* cmd, Options& o) {
  cmd->add_option("PATH", o.paths, "Files or folders (default: the current folder); - for stdin")->type_name("");
  // One value per occurrence: `--only whitespace .` must not read "." as a pass.
  cmd->add_option("--only", o.only, "Run only these passes (comma-separated)")->type_name("P,..")->delimiter(',')->allow_extra_args(false);
  cmd->add_option("--skip", o.skip, "Skip these passes (comma-separated)")->type_name("P,..")->delimiter(',')->allow_extra_args(false);
  cmd->add_option("--format", o.format, "Output format")
      ->check(CLI::IsMember({"text", "json", "github", "sarif"}))
      ->capture_default_str();
  cmd->add_option("-j,--jobs", o.jobs_text, fmt::format("Files processed in parallel, 1 to {} (0: one per core)", kMaxJobs))
      ->type_name("N");
  cmd->add_option("--include", o.include, "Also treat files matching GLOB as text (repeatable)")->type_name("GLOB")
      ->allow_extra_args(false);
  cmd->add_option("--exclude", o.exclude, "Leave out files or folders matching GLOB (repeatable)")->type_name("GLOB")
      ->allow_extra_args(false);
  cmd->add_option("--color", o.colour, "Colour output: auto (on a terminal, unless NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_flag("-q,--quiet", o.quiet, "No summary line");
  cmd->add_option("--config", o.config, "Settings file (default: the nearest .kempt.yaml above each file)")
      ->type_name("FILE");
  cmd->add_option("--stdin-filename", o.stdin_filename,
                  "With PATH `-` (stdin): the path it stands for, for its kind, settings and findings")
      ->type_name("PATH");
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

// SIGINT/SIGTERM during `kempt fix`: no further file is started or renamed into
// place, the temp file being written is removed, and kempt then dies of the same
// signal (the shell shows 130/143). A second signal kills at once.
void on_stop_signal(int signal) { request_stop(signal); }

void stop_on_signals() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  for (const int signal : {SIGINT, SIGTERM}) {
    // A signal ignored when kempt started (nohup, a shell's background job) stays ignored.
    struct sigaction old {};
    if (::sigaction(signal, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    ::sigaction(signal, &action, nullptr);
  }
}

// kempt's temp files beside the files walked: a stale one (its run was killed) is
// reported, and removed by `fix`; one a running kempt still holds is left alone.
// A `.kempt.yaml` may ignore `io/stale-temp` like any rule.
std::vector<FileReport> stale_temp_reports(const std::vector<std::filesystem::path>& temps, bool remove,
                                           const ConfigFinder& configs) {
  std::vector<FileReport> reports;
  for (const std::filesystem::path& temp : temps) {
    static constexpr std::string_view kRule = "io/stale-temp";
    if (Suppressions(configs.for_file(temp)->ignored_rules(temp)).ignores_everywhere(kRule)) continue;
    const TempRemoval r = remove_stale_temp(temp, remove);
    FileReport report;
    report.path = temp.generic_string();
    Finding f{report.path, 0, 0, std::string(kRule), "", false, Severity::warning};
    switch (r.status) {
      case TempRemoval::Status::in_use:
      case TempRemoval::Status::gone: continue;
      case TempRemoval::Status::removed:
        f.message = "temporary file left by an interrupted kempt run; removed";
        f.fixed = true;
        report.written = true;
        report.status = FileReport::Status::changed;
        report.deleted = true;
        break;
      case TempRemoval::Status::stale:
        f.message = "temporary file left by an interrupted kempt run (`kempt fix` removes it)";
        f.fixed = true;
        report.status = FileReport::Status::changed;
        report.deleted = true;
        break;
      case TempRemoval::Status::failed:
        f.message = "temporary file left by an interrupted kempt run; cannot remove it: " + r.error;
        f.severity = Severity::error;
        report.status = FileReport::Status::failed;
        break;
    }
    report.findings.push_back(std::move(f));
    reports.push_back(std::move(report));
  }
  return reports;
}

// PATH `-`: the text on stdin stands in for one file, named by --stdin-filename
// (its kind, settings and findings' path) or, without it, `-`, read by the
// Markdown page's rules, the careful ones (hard breaks and code kept).
bool reads_stdin(const Options& o) {
  const bool dash = std::ranges::count(o.paths, "-") > 0;
  if (dash && o.paths.size() > 1) throw UsageError("`-` (standard input) must be the only PATH");
  if (!dash && !o.stdin_filename.empty())
    throw UsageError("--stdin-filename names the text read from standard input: give `-` as the PATH");
  if (dash && o.delete_sample_files) throw UsageError("--delete-sample-files deletes files; standard input is none");
  return dash;
}

FileTask stdin_task(const Options& o) {
  if (o.stdin_filename.empty()) return {"-", FileKind::markdown, {}};
  return {o.stdin_filename, kind_from_extension(o.stdin_filename), {}};
}

int run(const Options& o, bool is_check_command) {
  const auto started = std::chrono::steady_clock::now();
  const bool from_stdin = reads_stdin(o);
  PipelineOptions pipeline_options;
  pipeline_options.placeholders = {o.aggressive, o.delete_sample_files};
  const Pipeline pipeline = Pipeline::select(o.only, o.skip, pipeline_options);
  const bool reporting_only = is_check_command || o.check_only;
  // `fix -` writes the fixed text to stdout: what it reports goes to stderr.
  const bool text_to_stdout = from_stdin && !reporting_only && !o.diff;
  std::FILE* const out = text_to_stdout ? stderr : stdout;
  const bool colour_out = use_colour(o.colour, ::fileno(out));
  const bool colour_err = use_colour(o.colour, STDERR_FILENO);

  WalkResult walk = from_stdin ? WalkResult{} : collect_files(o.paths.empty() ? std::vector<std::string>{"."} : o.paths,
                                                              WalkOptions{o.include, o.exclude});
  // Every file's settings are read before any file is touched: a bad one is a usage error (exit 2).
  const ConfigFinder configs(o.config.empty() ? std::nullopt : std::optional<std::filesystem::path>(o.config));
  for (const FileTask& t : walk.files) configs.for_file(t.path);
  if (from_stdin) configs.for_file(stdin_task(o).path);
  // SARIF's fixes are computed from the texts, as --diff's diffs are.
  BatchOptions batch{.write = !reporting_only && !o.diff, .keep_text = o.diff || o.format == "sarif", .jobs = o.jobs, .configs = &configs,
                     .progress = {}};
  if (batch.write) stop_on_signals();

  std::vector<FileReport> kept;  // for json/sarif, printed at the end
  RunTotals totals;
  std::map<std::string, std::size_t> per_pass;
  bool found = false;              // a finding of severity warning or higher (check's exit 1)
  std::size_t temps_to_remove = 0;  // stale temp files fix would remove (fix --check's exit 1)
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
    if (o.format == "github") emit(out, format_finding_github(f, written) + "\n");
    else emit(to, format_finding_text(f, to == out ? colour_out : colour_err, written) + "\n");
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
        if (f.fixed && unshown) emit(out, format_finding_text(f, colour_out, false) + "\n");
      }
      if (!r.deleted) emit(out, unified_diff(r.path, r.before, r.after, colour_out));
    }
    // `--check --diff` shows what `--diff` shows (and exits as `--check` does).
    const bool list_all = (reporting_only && !o.diff) || o.format == "github";
    for (const Finding& f : r.findings) {
      // `fix` and `--diff` show what they did as a file line or a diff; what
      // they could not do (and notes) is listed finding by finding.
      // Findings about the files' text are the output; notes and I/O trouble
      // (skipped, unreadable, unwritable) are diagnostics and go to stderr.
      const bool diagnostic = f.severity == Severity::note || f.pass() == "io";
      if (list_all || !f.fixed) print_finding(f, list_all && !diagnostic ? out : stderr, r.written);
    }
    if (!reporting_only && !o.diff && r.status == FileReport::Status::changed && o.format == "text") {
      emit(out, fmt::format("{} {}: {}\n", r.deleted ? "deleted" : "fixed", r.path, fixed_summary(r)));
    }
  };
  // A stale temp file is not a file kempt scanned: it has its own count.
  auto take_temp = [&](FileReport&& r) {
    if (r.status == FileReport::Status::changed) ++temps_to_remove;
    if (r.status == FileReport::Status::failed) ++totals.failed;
    r.status = r.status == FileReport::Status::failed ? r.status : FileReport::Status::unchanged;
    const bool removed = r.written;
    for (const Finding& f : r.findings) {
      ++per_pass[std::string(f.pass())];
      found = true;
    }
    if (o.format == "json" || o.format == "sarif") {
      kept.push_back(std::move(r));
      return;
    }
    for (const Finding& f : r.findings) print_finding(f, reporting_only || o.format == "github" ? out : stderr, removed);
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
  for (FileReport& r : stale_temp_reports(walk.temp_files, batch.write, configs)) take_temp(std::move(r));
  std::size_t done = 0;
  // Progress counts files looked at: a report may wait for its site's votes.
  batch.progress = [&](std::size_t looked_at, const std::string& path) { progress.step(looked_at, path); };
  process_files(walk.files, pipeline, batch, [&](FileReport&& r) {
    ++done;
    take(std::move(r));
  });
  if (from_stdin) {
    const std::string input = read_all(STDIN_FILENO);
    BatchOptions one = batch;
    one.write = false;
    FileReport r = process_bytes(stdin_task(o), input, pipeline, one);
    if (text_to_stdout) {
      // A filter passes on what it cannot or need not fix, byte for byte.
      r.written = r.status == FileReport::Status::changed;
      const std::string& text = r.written ? r.after : input;
      std::fwrite(text.data(), 1, text.size(), stdout);
    }
    ++done;
    take(std::move(r));
  }
  progress.clear();

  totals.scanned = from_stdin ? 1 : walk.files.size();
  totals.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (o.format == "json")
    std::fputs(format_json(kept, totals, {is_check_command ? "check" : "fix", batch.write, o.diff}).c_str(), out);
  if (o.format == "sarif") std::fputs(format_sarif(kept, KEMPT_VERSION, std::filesystem::current_path()).c_str(), out);
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
  if (const int signal = stop_requested()) {
    std::fprintf(stderr, "kempt: interrupted (signal %d): %zu of %zu files were not looked at; no file is half "
                         "written\n", signal, totals.scanned - done, totals.scanned);
    std::fflush(stderr);
    std::signal(signal, SIG_DFL);
    std::raise(signal);
    return 128 + signal;  // (if the signal is blocked)
  }
  if (totals.failed > 0) return kFailed;
  // As linters do: `check` fails on what it reports (notes aside); `fix --check`
  // only when `fix` would change something (a file, or a stale temp file to remove).
  if (is_check_command && found) return kFound;
  if (o.check_only && (totals.changed > 0 || temps_to_remove > 0)) return kFound;
  return kClean;
}

// `kempt text`: stdin to stdout, as a filter (and for evaluation with --jsonl).
int run_text(bool jsonl, bool explain_repairs, TextFilterOptions options) {
  if (explain_repairs) options.explain = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
  options.warn = [](const std::string& message) { std::fprintf(stderr, "kempt: %s\n", message.c_str()); };
  // A failed write is finish_output's to report; a line that is no JSON string is exit 3.
  const bool ok = filter_text(STDIN_FILENO, std::cout, jsonl, options);
  return ok || !std::cout ? kClean : kFailed;
}

// `kempt fix --jsonl`: records on stdin, one answer line each on stdout.
int run_jsonl(const Options& o) {
  const auto started = std::chrono::steady_clock::now();
  if (!o.paths.empty()) throw UsageError("--jsonl reads its records from standard input: give no PATH");
  if (o.diff || o.delete_sample_files || !o.stdin_filename.empty() || !o.jobs_text.empty() || o.format != "text" ||
      !o.include.empty() || !o.exclude.empty())
    throw UsageError("--jsonl takes --check, --only, --skip, --config, --aggressive and -q; no other option");
  PipelineOptions pipeline_options;
  pipeline_options.placeholders = {o.aggressive, false};
  const Pipeline pipeline = Pipeline::select(o.only, o.skip, pipeline_options);
  const ConfigFinder configs(o.config.empty() ? std::nullopt : std::optional<std::filesystem::path>(o.config));
  JsonlFixTotals totals;
  fix_jsonl(STDIN_FILENO, std::cout, pipeline, {.check = o.check_only, .configs = &configs}, totals);
  if (!o.quiet) {
    std::string passes;
    for (const auto& [pass, n] : totals.findings_per_pass) passes += fmt::format("{}{} {}", passes.empty() ? "" : ", ", pass, n);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr, "kempt: %zu record%s, %zu %s, %zu failed; findings: %s; %.2f s\n", totals.records,
                 totals.records == 1 ? "" : "s", totals.changed, o.check_only ? "would change" : "changed", totals.failed,
                 passes.empty() ? "none" : passes.c_str(), seconds);
  }
  if (totals.failed > 0) return kFailed;
  if (o.check_only && totals.changed > 0) return kFound;
  return kClean;
}

}  // namespace

struct CvArgs {
  std::string input, output, name;
  bool front_matter = false, explain = false;
};

// `kempt cv`: the conversion is the library's; this reads, writes and explains.
// An input or output that cannot be used is exit 3 (the file could not be
// processed), with what to do about it.
int run_cv(const CvArgs& a) {
  const cv::Options opt{.owner = a.name, .front_matter = a.front_matter};
  auto failed = [](const std::string& why) {
    std::cerr << "kempt: cv: " << why << "\n";
    return kFailed;
  };
  cv::Result r;
  if (a.input.size() > 4 && a.input.compare(a.input.size() - 4, 4, ".pdf") == 0) {
    try {
      r = cv::convert_pdf(a.input, opt);
    } catch (const std::runtime_error& e) {
      return failed(e.what());
    }
  } else {
    std::ifstream f;
    if (a.input != "-") {
      f.open(a.input, std::ios::binary);
      if (!f) return failed(a.input + ": cannot read: " + std::strerror(errno));
    }
    std::ostringstream text;
    text << (a.input == "-" ? std::cin.rdbuf() : f.rdbuf());
    r = cv::convert_text(text.str(), opt);
  }
  if (a.explain)
    for (const auto& x : r.removed) std::cerr << "line " << x.line << ": removed " << x.why << ": " << x.text << "\n";
  if (a.output.empty() || a.output == "-") {
    std::cout << r.markdown << std::flush;  // a failed write is main's to report (finish_output)
    return kClean;
  }
  if (const std::string why = write_output_file(a.output, r.markdown); !why.empty())
    return failed(a.output + ": " + why + " (nothing was written)");
  return kClean;
}

namespace {

// Edits from `a` to `b`: insertions, deletions, substitutions and swaps of two
// neighbours (`chekc`), as a typo makes them.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* cmd : app.get_subcommands([](const CLI::App*) { return true; })) names.push_back(cmd->get_name());
  return names;
}

// `kempt fixx`: the commands a typo away, closest first: one edit for a short
// name, two from five letters on (`cx` is near `cv` but not `fix`, `chk` near `check`).
int unknown_command(const CLI::App& app, const std::string& typed) {
  std::vector<std::pair<std::size_t, std::string>> close;
  for (const std::string& name : command_names(app)) {
    const std::size_t d = edit_distance(typed, name);
    if (d <= 1 + name.size() / 4) close.emplace_back(d, name);
  }
  std::stable_sort(close.begin(), close.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::string hint;
  for (const auto& [d, name] : close) hint += (hint.empty() ? "" : ", ") + name;
  std::fprintf(stderr, "kempt: unknown command '%s'", typed.c_str());
  if (!hint.empty()) std::fprintf(stderr, "; did you mean: %s?\n", hint.c_str());
  else std::fprintf(stderr, "; the commands are: %s\n", fmt::format("{}", fmt::join(command_names(app), ", ")).c_str());
  std::fputs("Run `kempt help` for the commands and their options.\n", stderr);
  return kUsage;
}

// `kempt` alone: the usage and the commands (the head of `kempt help`), on stderr.
int no_command(const CLI::App& app) {
  std::fputs("kempt: no command given\nUsage: kempt COMMAND [OPTIONS] [PATH...]\n\nCommands:\n", stderr);
  for (const CLI::App* cmd : app.get_subcommands([](const CLI::App*) { return true; }))
    std::fprintf(stderr, "  %-7s %s\n", cmd->get_name().c_str(), cmd->get_description().c_str());
  std::fputs("\nRun `kempt help` for more, `kempt help COMMAND` for a command's options.\n", stderr);
  return kUsage;
}

}  // namespace

// Output that did not arrive (a full disk, a closed pipe) fails the run (exit 3)
// with a message on stderr (when stderr can take one), instead of exit 0 or a
// silent death by SIGPIPE (141): scripts and editors must not take lost output
// for a clean result. `fix` still fixes every file; `text` stops at the first
// failed write, as its output is all it makes.
int finish_output(int status) {
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    // stdio keeps no reason: a write that failed before this flush (whose
    // bytes stdio dropped) left its errno, which nothing since has had cause to change.
    const int error = errno ? errno : EIO;
    std::fprintf(stderr, "kempt: cannot write to standard output: %s\n", std::strerror(error));
    status = std::max(status, int{kFailed});
  }
  if (std::fflush(stderr) != 0 || std::ferror(stderr)) status = std::max(status, int{kFailed});
  return status;
}

int run_command(int argc, char** argv) {
  CLI::App app{"kempt: cleans up old personal and academic website repos (mojibake, front matter,\n"
               "template placeholders, whitespace), safely and with minimal diffs.\n\n"
               "Exit codes: 0 clean or fixed; 1 `check` found a warning (notes do not count), or\n"
               "`fix --check` found a file fix would change; 2 usage error; 3 some file could not be\n"
               "processed (the others still were), or stdout or stderr could not be written;\n"
               "130/143 interrupted by SIGINT/SIGTERM."};
  app.name("kempt");
  app.set_version_flag("--version", version_text());
  std::string passes;
  for (auto p : pass_names()) passes += fmt::format("{}{}", passes.empty() ? "" : ", ", p);
  app.footer("Passes, in pipeline order: " + passes +
             ".\n\nExamples:\n"
             "  kempt fix --diff .              show what would change, write nothing\n"
             "  kempt fix .                     fix the site in the current folder\n"
             "  kempt fix --check --format github   in CI: annotations, exit 1 if anything would change\n"
             "\nSilencing a rule (neither reported nor fixed): `.kempt.yaml` `ignore: [RULE]` and\n"
             "`per-file-ignores: {GLOB: [RULE]}`; in a file, <!-- kempt-ignore RULE --> ... <!-- kempt-enable RULE -->\n"
             "or <!-- kempt-ignore-next-line RULE -->. RULE is a rule id or its pass (`mojibake`,\n"
             "`mojibake/lost-bytes`); none means every rule.\n"
             "\nRun `kempt COMMAND --help` for a command's options.");

  Options o;
  CLI::App* fix = app.add_subcommand("fix", "Fix files in place (atomically; untouched when nothing changes)");
  add_common_options(fix, o);
  fix->add_flag("--check", o.check_only,
                "Write nothing; exit 1 when any file would change (findings fix cannot fix do not count)");
  fix->add_flag("--diff", o.diff, "Write nothing; print a unified diff of what would change (with --check: and exit 1)");
  fix->add_flag("--jsonl", o.jsonl,
                "Read records {\"path\", \"content\"} a line from stdin; write each fixed, with findings, a line");
  fix->add_flag("--aggressive", o.aggressive,
                "Also remove placeholder links and images from text that is otherwise real");
  fix->add_flag("--delete-sample-files", o.delete_sample_files,
                "Delete files that are wholly a template's sample content (reported otherwise)");
  CLI::App* check = app.add_subcommand("check", "Report findings only; never writes (exit 1 on any warning or error)");
  add_common_options(check, o);
  bool text_jsonl = false, explain_repairs = false;
  TextFilterOptions text_options;
  CLI::App* text = app.add_subcommand("text", "Repair mojibake in text read from stdin; write it to stdout");
  text->add_flag("--jsonl", text_jsonl, "Each input line is a JSON string; write one JSON string a line");
  text->add_flag("--explain", explain_repairs, "Print each repair to stderr: where, what, which code pages");
  text->add_flag("--fold-ligatures", text_options.fold_ligatures,
                 "Write every Latin ligature (ﬁ ﬂ ﬀ ﬃ ﬄ) as its letters, not only those a repair rebuilt");
  text->add_flag("--mark-lost", text_options.mark_lost,
                 "Write U+FFFD for each character that lost a byte kempt cannot restore (default: leave the run as it is)");
  CvArgs cv_args;
  CLI::App* cvcmd = app.add_subcommand("cv", "Convert a CV (pdftotext output, or a PDF) to Markdown");
  cvcmd->add_option("INPUT", cv_args.input, "pdftotext output (plain or -layout), a .pdf, or - for stdin")->required();
  cvcmd->add_option("-o,--output", cv_args.output, "Write the Markdown here (default: stdout)")->type_name("OUT.md");
  cvcmd->add_option("--name", cv_args.name, "The CV's owner, bolded in publications (default: the first line)");
  cvcmd->add_flag("--front-matter", cv_args.front_matter, "Add academicpages front matter (_pages/cv.md)");
  cvcmd->add_flag("--explain", cv_args.explain, "List removed page furniture on stderr");
  cvcmd->footer(
      "Examples:\n"
      "  kempt cv files/cv.pdf -o _pages/cv.md --front-matter   a PDF, links kept, for academicpages\n"
      "  pdftotext -layout cv.pdf - | kempt cv - --name \"Jane Roe\"   text on stdin, Jane Roe in bold\n"
      "  kempt cv cv.txt --explain > cv.md                      list the page numbers and headers removed\n\n"
      "Exit codes: 0 converted; 2 usage error; 3 the input could not be read or the output written.");
  // Never parsed: `kempt help [COMMAND]` is answered as `--help` below; listed here
  // so that the help and the shell completions name it.
  app.add_subcommand("help", "Show this help, or a command's (`kempt help fix`, as `kempt fix --help`)");
  app.require_subcommand(1);

  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return no_command(app);
  if (args[0] == "help") {
    if (args.size() > 2) {
      std::fputs("kempt: help takes one command name (`kempt help fix`)\n", stderr);
      return kUsage;
    }
    if (args.size() == 1 || args[1] == "help") args = {"--help"};
    else args = {args[1], "--help"};
  }
  if (!args[0].empty() && args[0][0] != '-' && std::ranges::count(command_names(app), args[0]) == 0)
    return unknown_command(app, args[0]);
  try {
    std::reverse(args.begin(), args.end());  // CLI11 takes them last first
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kClean : kUsage;
  }
  try {
    if (!o.jobs_text.empty()) o.jobs = parse_jobs(o.jobs_text);
    if (text->parsed()) return run_text(text_jsonl, explain_repairs, text_options);
    if (o.jsonl) return run_jsonl(o);
    if (cvcmd->parsed()) return run_cv(cv_args);
    return run(o, check->parsed());
  } catch (const UsageError& e) {
    std::cerr << "kempt: " << e.what() << "\n";
    return kUsage;
  } catch (const std::exception& e) {
    std::cerr << "kempt: internal error: " << e.what() << "\n";
    return kFailed;
  }
}

int main(int argc, char** argv) {
  // kempt reads a file, makes a few copies of it, drops them and goes on to the
  // next: memory it frees is kept for the next use rather than handed back to the
  // system and faulted in again (on a virtual machine the faults cost more than
  // the work on the pages: a 10 MB mangled page took a fifth longer). Blocks of
  // 32 MB and more are still mapped apart and given back when freed. (Setting
  // either alone turns glibc's own adaptive threshold off and is worse than neither.)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  // A closed pipe then fails a write with EPIPE, which finish_output reports.
  std::signal(SIGPIPE, SIG_IGN);
  return finish_output(run_command(argc, argv));
}
