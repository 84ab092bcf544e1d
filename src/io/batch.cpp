// One file end to end, and many files on all cores with results in a stable order.
#include "kempt/batch.hpp"

#include <atomic>
#include <condition_variable>
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

}  // namespace

FileReport process_file(const FileTask& task, const Pipeline& pipeline, const BatchOptions& options) {
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

  Document doc = Document::from_bytes(task.path, task.kind, std::move(read.bytes));
  if (options.configs) doc.config = options.configs->for_file(task.path);
  PipelineOutcome outcome = pipeline.run(std::move(doc));
  report.encoding = outcome.document.encoding;
  report.encoding_basis = outcome.document.encoding_basis;
  report.findings = std::move(outcome.findings);
  if (outcome.held) {
    report.status = FileReport::Status::failed;
    return report;
  }
  if (!outcome.changed()) return report;
  report.status = FileReport::Status::changed;
  // Only a file the walk handed over is ever deleted: a pass names no other path.
  report.deleted = outcome.document.delete_file;
  if (options.write) {
    std::string error = stop_requested()  ? std::string(kInterrupted)
                        : report.deleted ? delete_file_safely(task.path, read.stamp)
                                         : write_file_atomically(task.path, outcome.document.text, read.stamp);
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
  if (options.keep_text) {
    report.before = std::move(outcome.source_text);
    report.after = report.deleted ? std::string() : std::move(outcome.document.text);
  }
  return report;
}

void process_files(const std::vector<FileTask>& tasks, const Pipeline& pipeline, const BatchOptions& options,
                   const std::function<void(FileReport&&)>& sink) {
  unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(1, tasks.size())));
  if (jobs == 1) {
    for (const FileTask& t : tasks) {
      if (stop_requested()) return;
      sink(process_file(t, pipeline, options));
    }
    return;
  }
  std::vector<std::optional<FileReport>> done(tasks.size());
  std::mutex mutex;
  std::condition_variable ready;
  std::atomic<std::size_t> next{0};
  unsigned finished = 0;  // workers that have stopped (under `mutex`)
  auto worker = [&] {
    // After request_stop no file is started; the one in hand finishes (unwritten).
    for (std::size_t i; !stop_requested() && (i = next.fetch_add(1)) < tasks.size();) {
      FileReport r = process_file(tasks[i], pipeline, options);
      std::lock_guard lock(mutex);
      done[i] = std::move(r);
      ready.notify_one();
    }
    std::lock_guard lock(mutex);
    ++finished;
    ready.notify_one();
  };
  std::vector<std::jthread> threads;
  for (unsigned k = 0; k < jobs; ++k) threads.emplace_back(worker);
  // Hand reports over in task order: output is the same whatever -j says. After a
  // stop, the files never started have no report: those done are still handed over.
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    std::unique_lock lock(mutex);
    ready.wait(lock, [&] { return done[i].has_value() || finished == jobs; });
    if (!done[i]) continue;
    FileReport r = std::move(*done[i]);
    done[i].reset();
    lock.unlock();
    sink(std::move(r));
  }
}

}  // namespace kempt
