#pragma once
/// Processing many files: one file end to end, and a parallel run with ordered results.

#include <functional>
#include <string>
#include <string_view>
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
  /// Called (on the caller's thread, in task order) as each file has been looked at
  /// once, with how many have: the reports themselves may reach the sink later.
  std::function<void(std::size_t done, const std::string& path)> progress;
  /// Reports waiting for a thin file's site are kept in memory up to about this many
  /// bytes, past it in an unlinked temporary file (`process_files`).
  std::size_t held_in_memory = 8 << 20;
};

/// Reads, fixes and (when asked) writes one file. Never throws for a file problem:
/// it becomes a `failed` report with the reason. `site_encoding`: the legacy page
/// the file's site uses, for the encoding pass to settle thin evidence with
/// (`Document::site_encoding`); empty: none known.
FileReport process_file(const FileTask& task, const Pipeline& pipeline, const BatchOptions& options,
                        std::string_view site_encoding = {});

/// `process_file` for bytes read elsewhere (`kempt fix -` reads stdin): `task.path`
/// names them in findings and finds their settings, `task.kind` their rules. Writes
/// nothing whatever `options.write` says; a changed text is kept in `after` (and the
/// decoded source in `before`) as under `keep_text`.
FileReport process_bytes(const FileTask& task, std::string bytes, const Pipeline& pipeline,
                         const BatchOptions& options);

/// A site's legacy page, as the files decided on strong evidence
/// (`votes_for_site`) vote: the charset at least `kSiteMinVotes` of them and at
/// least `kSiteAgreementPercent`% of them agree on; empty when they do not. Charsets are
/// compared as ICU names them (`cp1254` is `windows-1254`); Unicode encodings are
/// no legacy page and do not count. Two votes at least: one file's verdict never
/// speaks for a whole site (an error would spread). 80%: a site with one stray page
/// among five (a file copied in from elsewhere) still has its page; a site split
/// between two pages (a bilingual site, 70/30) has none, and its thin files stay left.
inline constexpr std::size_t kSiteMinVotes = 2;
inline constexpr std::size_t kSiteAgreementPercent = 80;
std::string site_page(const std::vector<std::string>& votes);

/// Runs `process_file` over `tasks` on `options.jobs` threads and hands each report
/// to `sink` in the order of `tasks`, as soon as it and all before it are done. A
/// file whose encoding comes back `thin` waits (and the reports after it with it)
/// until its site's last file has been looked at: then the site's page is known
/// (`site_page` over its files' votes, `FileTask::site`) and the thin file is run
/// again with it. The waiting reports are kept in memory up to
/// `options.held_in_memory` bytes, past it in a temporary file.
void process_files(const std::vector<FileTask>& tasks, const Pipeline& pipeline,
                   const BatchOptions& options, const std::function<void(FileReport&&)>& sink);

}  // namespace kempt
