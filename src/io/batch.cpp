// One file end to end, and many files on all cores with results in a stable order.
#include "kempt/batch.hpp"

#include <unicode/ucnv.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
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
  struct Held {
    std::size_t task;
    FileReport report;
    bool waits_for_site;  // thin, in a site whose page is not settled yet
  };
  std::deque<Held> held;
  std::map<std::filesystem::path, std::string> pages;
  auto settle = [&](Held& h) {
    const FileTask& task = tasks[h.task];
    auto [page, fresh] = pages.try_emplace(task.site);
    if (fresh) page->second = site_page(votes[task.site]);
    // (Written as the options say; after a stop request it keeps the report it has.)
    if (!page->second.empty() && !stop_requested()) h.report = process_file(task, pipeline, options, page->second);
    h.waits_for_site = false;
  };
  auto hand_over = [&] {
    while (!held.empty() && !held.front().waits_for_site) {
      sink(std::move(held.front().report));
      held.pop_front();
    }
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
        else held.push_back({k, std::move(r), waits});
        if (!site.empty() && last_of_site.at(site) == k) {
          for (Held& h : held) {
            if (h.waits_for_site && tasks[h.task].site == site) settle(h);
          }
        }
        hand_over();
        if (options.progress) options.progress(++looked_at, path);
      });
  // (After a stop request not every site's last file was looked at.)
  for (Held& h : held) {
    if (h.waits_for_site) settle(h);
  }
  hand_over();
}

}  // namespace kempt
