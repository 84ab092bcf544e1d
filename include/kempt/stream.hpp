#pragma once
/// kempt as a filter: text streamed through the mojibake repair (`kempt text`) and
/// JSON-lines records streamed through the whole pipeline (`kempt fix --jsonl`), so
/// that other engines (Dask, Spark, GNU parallel) can feed kempt pages without files.
///
/// Input comes from a file descriptor (a pipe is read with read(2) as it comes, a
/// regular file may be mapped); output goes to a std::ostream; diagnostics go to
/// callbacks. Nothing here keeps global state: two filters may run side by side.

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "kempt/batch.hpp"
#include "kempt/mojibake.hpp"
#include "kempt/pipeline.hpp"

namespace kempt {

/// Reads `fd` to its end (for input that must be whole, as `kempt fix -`'s text).
std::string read_all(int fd);

/// Lines of a file descriptor, one at a time: memory is that of the longest line,
/// never the whole input. Each line comes without its '\n'; a last line without one
/// still counts. read(2) is retried on EINTR; a read error ends the input.
class LineReader {
 public:
  explicit LineReader(int fd);
  /// The next line, valid until the next call; false at the end of the input.
  bool next(std::string_view& line);
  /// 1-based number of the line `next` last gave.
  std::size_t line_number() const { return line_number_; }

 private:
  int fd_;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0, begin_ = 0, end_ = 0, line_number_ = 0;
  bool eof_ = false;
};

/// How `kempt text` repairs and what it tells.
struct TextFilterOptions {
  /// `--mark-lost`: U+FFFD for each character of a run that lost bytes the model
  /// cannot choose between, instead of leaving the run as it is.
  bool mark_lost = false;
  /// `--fold-ligatures`: every Latin ligature written as its letters, not only those
  /// a repair rebuilt.
  bool fold_ligatures = false;
  /// Blocks of a text in memory repaired side by side; 0: one per core.
  unsigned jobs = 0;
  /// `--explain`: called with one line (no '\n') per repair or refusal, in text order.
  std::function<void(const std::string&)> explain;
  /// A line of `--jsonl` input that is not a JSON string: called with a message (it is
  /// passed through as it came).
  std::function<void(const std::string&)> warn;
};

/// The `--explain` line for a span found `where` ("3:14", "line 7").
std::string explain_repair(const MojibakeSpan& span, std::string_view where, bool mark_lost);

/// Plain text in memory → `out`, repaired in blocks of whole lines (a mojibake run
/// never crosses a line break, so a block's repairs are those the whole text would
/// give there), blocks side by side on `options.jobs` threads, written in order.
/// Stops at the first failed write; returns whether every write succeeded.
bool repair_text(std::string_view input, std::ostream& out, const TextFilterOptions& options);

/// Plain text read from `fd` as it comes (a pipe) → `out`, a block of whole lines at
/// a time. Same output as `repair_text` over the whole input.
bool repair_text_stream(int fd, std::ostream& out, const TextFilterOptions& options);

/// `kempt text --jsonl` over text in memory: each line a JSON string; each answer a
/// JSON string line. A line that is no JSON string is passed through (and `warn`ed).
/// Returns how many lines were not JSON strings.
std::size_t repair_jsonl(std::string_view input, std::ostream& out, const TextFilterOptions& options);

/// The same, reading `fd` a line at a time and flushing `out` after each answer, so
/// that a process on the other end of two pipes gets each answer before it sends more.
std::size_t repair_jsonl_stream(int fd, std::ostream& out, const TextFilterOptions& options);

/// `kempt text`: `fd` → `out`. A regular file is mapped (no copy, blocks side by
/// side); anything else is streamed. Returns false when some `--jsonl` line was not
/// a JSON string or a write failed.
bool filter_text(int fd, std::ostream& out, bool jsonl, const TextFilterOptions& options);

/// How `kempt fix --jsonl` treats its records (docs/json-output.md, "JSON lines").
struct JsonlFixOptions {
  /// `--check`: the answers carry no content, only whether it would change.
  bool check = false;
  /// Each record's settings (`.kempt.yaml`, Jekyll's `encoding:`), found from its path
  /// as for a file there; null: the defaults.
  const ConfigFinder* configs = nullptr;
};

struct JsonlFixTotals {
  std::size_t records = 0;  ///< input lines (blank lines aside)
  std::size_t changed = 0;  ///< records whose content changes (or would)
  std::size_t failed = 0;   ///< records with an error object or a failed status
  std::map<std::string, std::size_t> findings_per_pass;  ///< warnings and errors
};

/// One record: the answer line (no '\n') for the input line `line` (number `line_no`).
/// `{"path", "content"}` or `{"path", "content_base64"}` in; the same path, its status,
/// the fixed content under the key it came in and its findings out, or an error object.
std::string fix_jsonl_record(std::string_view line, std::size_t line_no, const Pipeline& pipeline,
                             const JsonlFixOptions& options, JsonlFixTotals& totals);

/// `kempt fix --jsonl`: records from `fd`, one at a time, each answered by one line on
/// `out`, flushed. Returns false when a write failed (the rest is not read).
bool fix_jsonl(int fd, std::ostream& out, const Pipeline& pipeline, const JsonlFixOptions& options,
               JsonlFixTotals& totals);

}  // namespace kempt
