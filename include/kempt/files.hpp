#pragma once
/// Finding the files to work on, reading them safely and writing them back atomically.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kempt/document.hpp"
#include "kempt/finding.hpp"

namespace kempt {

/// Files larger than this are left alone: no site page is that big, and reading
/// one into memory per worker would hurt more than it could help.
inline constexpr std::uintmax_t kMaxFileBytes = 64ull << 20;

struct WalkOptions {
  std::vector<std::string> include;  ///< extra globs to treat as text files
  std::vector<std::string> exclude;  ///< globs to leave out (file or folder)
};

struct FileTask {
  std::filesystem::path path;
  FileKind kind = FileKind::text;
  /// The site the file belongs to (absolute): the top of its git work tree (also of a
  /// repository met inside a walked folder), else the folder argument it was found
  /// under (a file named on its own: its folder). Files
  /// of one site vote for the legacy page a file with thin evidence may take; empty:
  /// no site, no such vote.
  std::filesystem::path site;
};

struct WalkResult {
  std::vector<FileTask> files;  ///< sorted, without duplicates
  std::vector<Finding> notes;   ///< symlinks not followed, folders never entered
  std::vector<Finding> errors;  ///< arguments that do not exist or cannot be read
  /// kempt's own temp files (`is_kempt_temp_name`) in the folders of `files`, sorted:
  /// left by a run that was killed, or being written by one still running.
  std::vector<std::filesystem::path> temp_files;
};

/// Expands the user's arguments: files as given, folders walked (inside a git work
/// tree, the files git tracks or would track; never .git, _site, node_modules,
/// vendor, .jekyll-cache), keeping the text kinds kempt knows plus `include`.
WalkResult collect_files(const std::vector<std::string>& arguments, const WalkOptions& options);

/// `glob` as `--exclude` reads it: with a slash, matched against the path `rel`
/// ('*' crosses folders), else against the name; a match on a folder on the way
/// counts too (`_posts/ru` covers `_posts/ru/a.md`).
bool glob_matches_path(const std::string& glob, const std::string& rel);

/// Binary content: NUL bytes (outside UTF-16/32 with a BOM) or mostly control bytes.
bool looks_binary(std::string_view bytes);

/// The state of a file when it was read, to notice a change behind kempt's back.
struct FileStamp {
  std::uintmax_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t inode = 0;
};

struct ReadResult {
  enum class Status { ok, symlink, too_large, failed };
  Status status = Status::ok;
  std::string bytes;
  FileStamp stamp;
  std::string error;  ///< why, when not ok
};
ReadResult read_file(const std::filesystem::path& path);

/// Replaces `path` with `bytes`: a temp file in the same folder (`.NAME.kempt-XXXXXX`,
/// named only once complete where the file system allows), fsync, rename over, with
/// the original mode, owner, group and extended attributes. Refuses (and writes
/// nothing) when one of those cannot be kept, for a read-only file, a file with more
/// than one hard link, and one that changed since `stamp`. Returns an empty string
/// or the reason it failed (`kInterrupted` after `request_stop`).
std::string write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                                  const FileStamp& stamp);

/// What a write abandoned after `request_stop` returns.
inline constexpr std::string_view kInterrupted = "interrupted before the file was replaced";

/// Asks every write not yet renamed into place to be abandoned (its temp file
/// removed) and every batch to take no further file. Async-signal-safe: for a
/// SIGINT/SIGTERM handler; `signal` is what `stop_requested` returns from then on.
void request_stop(int signal) noexcept;
/// The signal given to `request_stop`, or 0.
int stop_requested() noexcept;

/// True for a name kempt gives its temp files: `.NAME.kempt-` and six letters or digits.
bool is_kempt_temp_name(std::string_view filename);

struct TempRemoval {
  /// `stale`: left by a run that ended (found, not removed); `in_use`: a running
  /// kempt is writing it (left alone, not stale); `gone`: no longer there.
  enum class Status { removed, stale, in_use, gone, failed };
  Status status = Status::failed;
  std::string error;  ///< why, when failed
};
/// Looks at a kempt temp file and, with `remove`, deletes it when it is stale: no
/// kempt process holds its lock (a writer holds it until its rename is done).
TempRemoval remove_stale_temp(const std::filesystem::path& path, bool remove);

/// Writes a command's output file (`kempt cv -o`): new, or replacing a regular,
/// writable file, through the same temp file, fsync and rename (mode kept, or the
/// umask's for a new file). Returns an empty string or the reason it failed.
std::string write_output_file(const std::filesystem::path& path, std::string_view bytes);

/// Deletes `path`, under the same guards as a write: a regular file, unchanged
/// since `stamp`, not read-only. Returns an empty string or the reason it did not.
std::string delete_file_safely(const std::filesystem::path& path, const FileStamp& stamp);

}  // namespace kempt
