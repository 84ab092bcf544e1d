// One file end to end, and many files on all cores with results in a stable order.
#include "kempt/batch.hpp"

#include <unicode/ucnv.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace kempt {

std::string_view to_string(FileReport::Status status) {
  switch (status) {
    case FileReport::Status::unchanged: return "unchanged";
    case FileReport::Status::changed: return "changed";
    case FileReport::Status::skipped: return "skipped";
    case FileReport::Status::failed: return "failed";
  }
  return "unchanged";
}

namespace {

FileReport skipped(FileReport report, std::string rule, std::string message) {
  report.status = FileReport::Status::skipped;
  report.findings.push_back({report.path, 0, 0, std::move(rule), std::move(message), false, Severity::note});
  return report;
}

FileReport failed(FileReport report, std::string rule, std::string message) {
  report.status = FileReport::Status::failed;
  report.findings.push_back({report.path, 0, 0, std::move(rule), std::move(message), false, Severity::error});
  return report;
}

// The pipeline over a file's bytes, its findings and verdict put in `report`;
// the outcome when the file is to change (to be written, or shown), else none.
std::optional<PipelineOutcome> run_pipeline(FileReport& report, const FileTask& task, std::string bytes,
                                            const Pipeline& pipeline, const BatchOptions& options,
                                            std::string_view site_encoding) {
  Document doc = Document::from_bytes(task.path, task.kind, std::move(bytes));
  if (options.configs) doc.config = options.configs->for_file(task.path);
  doc.site_encoding = std::string(site_encoding);
  PipelineOutcome outcome = pipeline.run(std::move(doc));
  report.encoding = outcome.document.encoding;
  report.encoding_basis = outcome.document.encoding_basis;
  report.findings = std::move(outcome.findings);
  // A thin verdict comes with a hold; were it ever without one, what came of it
  // is still not written: the site's page may yet decide the file otherwise.
  const bool thin = report.encoding_basis == EncodingBasis::thin;
  if (outcome.held || (thin && outcome.changed())) {
    report.status = FileReport::Status::failed;
    return std::nullopt;
  }
  if (!outcome.changed()) return std::nullopt;
  report.status = FileReport::Status::changed;
  // Only a file the walk handed over is ever deleted: a pass names no other path.
  report.deleted = outcome.document.delete_file;
  return outcome;
}

void keep_text(FileReport& report, PipelineOutcome&& outcome) {
  report.before = std::move(outcome.source_text);
  report.after = report.deleted ? std::string() : std::move(outcome.document.text);
}

}  // namespace

FileReport process_file(const FileTask& task, const Pipeline& pipeline, const BatchOptions& options,
                        std::string_view site_encoding) {
  FileReport report;
  report.path = task.path.generic_string();
  ReadResult read = read_file(task.path);
  switch (read.status) {
    case ReadResult::Status::ok: break;
    case ReadResult::Status::symlink:
      return skipped(std::move(report), "io/symlink", "symbolic link not followed");
    case ReadResult::Status::too_large:
      return skipped(std::move(report), "io/too-large", "larger than 64 MiB; skipped");
    case ReadResult::Status::failed:
      return failed(std::move(report), "io/read-failed", "cannot read: " + read.error);
  }
  if (looks_binary(read.bytes)) return skipped(std::move(report), "io/binary", "binary file; skipped");
  std::optional<PipelineOutcome> outcome = run_pipeline(report, task, std::move(read.bytes), pipeline, options, site_encoding);
  if (!outcome) return report;
  if (options.write) {
    std::string error = stop_requested()  ? std::string(kInterrupted)
                        : report.deleted ? delete_file_safely(task.path, read.stamp)
                                         : write_file_atomically(task.path, outcome->document.text, read.stamp);
    if (!error.empty()) {
      // Nothing was written, so nothing the findings claim as fixed is.
      for (Finding& f : report.findings) f.fixed = false;
      if (error == kInterrupted) return skipped(std::move(report), "io/interrupted", "not written: " + error);
      std::string rule = report.deleted ? "io/delete-failed" : "io/write-failed";
      std::string message = (report.deleted ? "cannot delete: " : "cannot write: ") + error;
      return failed(std::move(report), std::move(rule), std::move(message));
    }
    report.written = true;
  }
  if (options.keep_text) keep_text(report, std::move(*outcome));
  return report;
}

FileReport process_bytes(const FileTask& task, std::string bytes, const Pipeline& pipeline,
                         const BatchOptions& options) {
  FileReport report;
  report.path = task.path.generic_string();
  if (bytes.size() > kMaxFileBytes) return skipped(std::move(report), "io/too-large", "larger than 64 MiB; skipped");
  if (looks_binary(bytes)) return skipped(std::move(report), "io/binary", "binary file; skipped");
  std::optional<PipelineOutcome> outcome = run_pipeline(report, task, std::move(bytes), pipeline, options, {});
  if (outcome) keep_text(report, std::move(*outcome));
  return report;
}

namespace {

// ICU's name for a charset, so that `cp1254` and `windows-1254` count as one vote;
// the name as given when ICU has no converter by it.
std::string icu_name(const std::string& charset) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(charset.c_str(), &status);
  if (U_FAILURE(status) || !conv) return charset;
  std::string name = ucnv_getName(conv, &status);
  ucnv_close(conv);
  return U_SUCCESS(status) ? name : charset;
}

}  // namespace

std::string site_page(const std::vector<std::string>& votes) {
  // ICU name → the spellings voted for it, with their counts.
  std::map<std::string, std::map<std::string, std::size_t>> by_charset;
  std::size_t total = 0;
  for (const std::string& vote : votes) {
    if (vote.empty()) continue;
    const std::string name = icu_name(vote);
    // A site's UTF-8 pages say nothing of the page its legacy files were saved in.
    if (name.rfind("UTF-", 0) == 0) continue;
    ++by_charset[name][vote];
    ++total;
  }
  const std::map<std::string, std::size_t>* best = nullptr;
  std::size_t best_count = 0;
  for (const auto& [name, spellings] : by_charset) {
    std::size_t n = 0;
    for (const auto& [spelling, count] : spellings) n += count;
    if (n > best_count) best = &spellings, best_count = n;
  }
  if (!best || best_count < kSiteMinVotes || best_count * 100 < total * kSiteAgreementPercent) return {};
  // Named as most of its voters name it (on a tie, the first in byte order: stable).
  const auto named = std::max_element(best->begin(), best->end(),
                                      [](const auto& a, const auto& b) { return a.second < b.second; });
  return named->first;
}

namespace {

// Runs `work(k)` for every k in [0, n) on `jobs` threads and calls `take(k, report)`
// on this thread in the order of k, each as soon as it and all before it are done:
// the output is the same whatever -j says. After request_stop no item is started
// (the ones in hand finish, unwritten); those done are still taken.
void in_order(std::size_t n, unsigned jobs, const std::function<FileReport(std::size_t)>& work,
              const std::function<void(std::size_t, FileReport&&)>& take) {
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(1, n)));
  if (jobs == 1) {
    for (std::size_t k = 0; k < n; ++k) {
      if (stop_requested()) return;
      take(k, work(k));
    }
    return;
  }
  std::vector<std::optional<FileReport>> done(n);
  std::mutex mutex;
  std::condition_variable ready;
  std::atomic<std::size_t> next{0};
  unsigned finished = 0;  // workers that have stopped (under `mutex`)
  auto worker = [&] {
    for (std::size_t k; !stop_requested() && (k = next.fetch_add(1)) < n;) {
      FileReport r = work(k);
      std::lock_guard lock(mutex);
      done[k] = std::move(r);
      ready.notify_one();
    }
    std::lock_guard lock(mutex);
    ++finished;
    ready.notify_one();
  };
  std::vector<std::jthread> threads;
  for (unsigned w = 0; w < jobs; ++w) threads.emplace_back(worker);
  for (std::size_t k = 0; k < n; ++k) {
    std::unique_lock lock(mutex);
    ready.wait(lock, [&] { return done[k].has_value() || finished == jobs; });
    if (!done[k]) continue;
    FileReport r = std::move(*done[k]);
    done[k].reset();
    lock.unlock();
    take(k, std::move(r));
  }
}

}  // namespace

namespace {

// A report as bytes, and back: lengths before strings, one byte for each enum and
// flag. (Every field of FileReport and Finding: a field added there goes here too.)
class ReportBytes {
 public:
  static std::string write(const FileReport& r) {
    std::string out;
    put(out, r.path);
    out += static_cast<char>(r.status);
    put(out, r.encoding);
    out += static_cast<char>(r.encoding_basis);
    out += static_cast<char>(r.written | r.deleted << 1);
    put(out, r.before);
    put(out, r.after);
    put_number(out, r.findings.size());
    for (const Finding& f : r.findings) {
      put(out, f.path);
      put_number(out, f.line);
      put_number(out, f.column);
      put(out, f.rule);
      put(out, f.message);
      out += static_cast<char>(f.fixed);
      out += static_cast<char>(f.severity);
    }
    return out;
  }
  static FileReport read(std::string_view in) {
    FileReport r;
    r.path = take(in);
    r.status = static_cast<FileReport::Status>(take_byte(in));
    r.encoding = take(in);
    r.encoding_basis = static_cast<EncodingBasis>(take_byte(in));
    const unsigned flags = take_byte(in);
    r.written = flags & 1;
    r.deleted = flags >> 1 & 1;
    r.before = take(in);
    r.after = take(in);
    r.findings.resize(static_cast<std::size_t>(take_number(in)));
    for (Finding& f : r.findings) {
      f.path = take(in);
      f.line = static_cast<std::uint32_t>(take_number(in));
      f.column = static_cast<std::uint32_t>(take_number(in));
      f.rule = take(in);
      f.message = take(in);
      f.fixed = take_byte(in) != 0;
      f.severity = static_cast<Severity>(take_byte(in));
    }
    return r;
  }

 private:
  static void put_number(std::string& out, std::uint64_t n) { out.append(reinterpret_cast<const char*>(&n), sizeof n); }
  static void put(std::string& out, std::string_view s) {
    put_number(out, s.size());
    out += s;
  }
  static std::uint64_t take_number(std::string_view& in) {
    std::uint64_t n = 0;
    std::memcpy(&n, in.data(), sizeof n);
    in.remove_prefix(sizeof n);
    return n;
  }
  static unsigned take_byte(std::string_view& in) {
    const auto b = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    return b;
  }
  static std::string take(std::string_view& in) {
    const auto n = static_cast<std::size_t>(take_number(in));
    std::string s(in.substr(0, n));
    in.remove_prefix(n);
    return s;
  }
};

// About what a report holds in memory.
std::size_t weight(const FileReport& r) {
  std::size_t bytes = sizeof r + r.path.size() + r.encoding.size() + r.before.size() + r.after.size();
  for (const Finding& f : r.findings) bytes += sizeof f + f.path.size() + f.rule.size() + f.message.size();
  return bytes;
}

// The reports that wait, in task order, for a thin file's site to be settled.
// Past `in_memory` bytes they wait in an unlinked temporary file instead: a thin
// file early in a 10,000-page site held every later report (140,000 findings,
// 40 MB) until the site's last file. If no temporary file can be made, they
// wait in memory, as before.
class HeldReports {
 public:
  struct Held {
    std::size_t task;
    bool waits_for_site;  // thin, in a site whose page is not settled yet
    std::optional<FileReport> report;  // or, when none, the bytes at [offset, offset + size) of the file
    long offset = 0;
    std::size_t size = 0;
  };
  explicit HeldReports(std::size_t in_memory) : budget_(in_memory) {}

  bool empty() const { return held_.empty(); }
  std::deque<Held>& entries() { return held_; }

  void push(std::size_t task, FileReport&& report, bool waits) {
    in_memory_ += weight(report);
    held_.push_back({task, waits, std::move(report)});
    if (in_memory_ > budget_) spill();
  }
  // The front's report, which then leaves the queue.
  FileReport pop_front() {
    Held h = std::move(held_.front());
    held_.pop_front();
    FileReport r = h.report ? std::move(*h.report) : read(h.offset, h.size);
    if (h.report) in_memory_ -= std::min(in_memory_, weight(r));
    if (held_.empty()) restart();
    return r;
  }
  // A settled thin file's report, run again: in memory (it is one report).
  void replace(Held& h, FileReport&& report) {
    if (h.report) in_memory_ -= std::min(in_memory_, weight(*h.report));
    in_memory_ += weight(report);
    h.report = std::move(report);
  }

 private:
  struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  void spill() {
    if (!file_ && !(file_ = std::unique_ptr<std::FILE, FileCloser>(std::tmpfile()))) {
      budget_ = std::numeric_limits<std::size_t>::max();  // (no temporary file: they wait in memory)
      return;
    }
    for (Held& h : held_) {
      if (!h.report) continue;
      const std::string bytes = ReportBytes::write(*h.report);
      if (std::fseek(file_.get(), end_, SEEK_SET) != 0 || std::fwrite(bytes.data(), 1, bytes.size(), file_.get()) != bytes.size()) {
        budget_ = std::numeric_limits<std::size_t>::max();  // (the disk is full: the rest wait in memory)
        return;
      }
      h.offset = end_;
      h.size = bytes.size();
      end_ += static_cast<long>(bytes.size());
      h.report.reset();
    }
    in_memory_ = 0;
    for (const Held& h : held_) in_memory_ += h.report ? weight(*h.report) : 0;
  }
  FileReport read(long offset, std::size_t size) {
    std::string bytes(size, '\0');
    std::fflush(file_.get());
    if (std::fseek(file_.get(), offset, SEEK_SET) != 0 || std::fread(bytes.data(), 1, size, file_.get()) != size)
      throw std::runtime_error("cannot read back a report kept in a temporary file");
    return ReportBytes::read(bytes);
  }
  // Nothing waits: the file's space is used again.
  void restart() {
    in_memory_ = 0;
    if (file_ && end_ > 0 && std::fflush(file_.get()) == 0 && ::ftruncate(::fileno(file_.get()), 0) == 0) end_ = 0;
  }

  std::deque<Held> held_;
  std::size_t budget_;
  std::size_t in_memory_ = 0;
  std::unique_ptr<std::FILE, FileCloser> file_;
  long end_ = 0;  // where the next spilled report goes
};

}  // namespace

void process_files(const std::vector<FileTask>& tasks, const Pipeline& pipeline, const BatchOptions& options,
                   const std::function<void(FileReport&&)>& sink) {
  const unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  // Every file is looked at once; its charset is a vote for its site's page when the
  // verdict rests on strong evidence. A thin file waits for its site's page: once its
  // site's last file has been looked at, the votes are all in, and the thin file is
  // run again with the page the site agrees on (or keeps its report). Reports go out
  // in task order, so each report after a waiting thin file waits with it: until its
  // site is settled, not (as it was) until the whole tree is, which held every report
  // of a 10,000-page tree in memory, and the output with them.
  std::map<std::filesystem::path, std::vector<std::string>> votes;  // site → charsets
  std::map<std::filesystem::path, std::size_t> last_of_site;        // site → its last task
  for (std::size_t k = 0; k < tasks.size(); ++k) {
    if (!tasks[k].site.empty()) last_of_site[tasks[k].site] = k;
  }
  HeldReports held(options.held_in_memory);
  std::map<std::filesystem::path, std::string> pages;
  auto settle = [&](HeldReports::Held& h) {
    const FileTask& task = tasks[h.task];
    auto [page, fresh] = pages.try_emplace(task.site);
    if (fresh) page->second = site_page(votes[task.site]);
    // (Written as the options say; after a stop request it keeps the report it has.)
    if (!page->second.empty() && !stop_requested()) held.replace(h, process_file(task, pipeline, options, page->second));
    h.waits_for_site = false;
  };
  auto hand_over = [&] {
    while (!held.empty() && !held.entries().front().waits_for_site) sink(held.pop_front());
  };
  std::size_t looked_at = 0;
  in_order(
      tasks.size(), jobs, [&](std::size_t k) { return process_file(tasks[k], pipeline, options); },
      [&](std::size_t k, FileReport&& r) {
        const std::filesystem::path& site = tasks[k].site;
        if (votes_for_site(r.encoding_basis) && !site.empty()) votes[site].push_back(r.encoding);
        const std::string path = options.progress ? r.path : std::string();
        const bool waits = r.encoding_basis == EncodingBasis::thin && !site.empty();
        if (held.empty() && !waits) sink(std::move(r));
        else held.push(k, std::move(r), waits);
        if (!site.empty() && last_of_site.at(site) == k) {
          for (HeldReports::Held& h : held.entries()) {
            if (h.waits_for_site && tasks[h.task].site == site) settle(h);
          }
        }
        hand_over();
        if (options.progress) options.progress(++looked_at, path);
      });
  // (After a stop request not every site's last file was looked at.)
  for (HeldReports::Held& h : held.entries()) {
    if (h.waits_for_site) settle(h);
  }
  hand_over();
}

}  // namespace kempt
