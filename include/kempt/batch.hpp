#pragma once
/// Processing many files: one file end to end, and a parallel run with ordered results.

#include <functional>
#include <string>
#include <vector>

#include "kempt/config.hpp"
#include "kempt/files.hpp"
#include "kempt/pipeline.hpp"

namespace kempt {

struct FileReport {
  enum class Status { unchanged, changed, skipped, failed };
  std::string path;
  Status status = Status::unchanged;
  std::string encoding;          ///< what the file was read as
  EncodingBasis encoding_basis = EncodingBasis::utf8;  ///< what that verdict rests on
  std::vector<Finding> findings;  ///< `fixed` = the pipeline fixed it in the text
  bool written = false;          ///< the fixed text is on disk (only `kempt fix` writes)
  bool deleted = false;          ///< the file is (or, without writing, would be) deleted
  std::string before;            ///< decoded source text (kept only for diffs)
  std::string after;             ///< fixed text (kept only for diffs)
};
std::string_view to_string(FileReport::Status status);

struct BatchOptions {
  bool write = false;      ///< write fixed files back (`kempt fix`)
  bool keep_text = false;  ///< keep before/after in the report (`--diff`)
  unsigned jobs = 0;       ///< 0: one per core
  const ConfigFinder* configs = nullptr;  ///< each file's `.kempt.yaml`; null: the defaults
};

/// Reads, fixes and (when asked) writes one file. Never throws for a file problem:
/// it becomes a `failed` report with the reason.
FileReport process_file(const FileTask& task, const Pipeline& pipeline, const BatchOptions& options);

/// Runs `process_file` over `tasks` on `options.jobs` threads and hands each report
/// to `sink` in the order of `tasks`, as soon as it and all before it are done.
void process_files(const std::vector<FileTask>& tasks, const Pipeline& pipeline,
                   const BatchOptions& options, const std::function<void(FileReport&&)>& sink);

}  // namespace kempt
