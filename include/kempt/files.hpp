#pragma once
/// Finding the files to work on, reading them safely and writing them back atomically.

#include <filesystem>
#include <optional>
#include <string>
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
};

struct WalkResult {
  std::vector<FileTask> files;  ///< sorted, without duplicates
  std::vector<Finding> notes;   ///< symlinks not followed, folders never entered
  std::vector<Finding> errors;  ///< arguments that do not exist or cannot be read
};

/// Expands the user's arguments: files as given, folders walked (inside a git work
/// tree, the files git tracks or would track; never .git, _site, node_modules,
/// vendor, .jekyll-cache), keeping the text kinds kempt knows plus `include`.
WalkResult collect_files(const std::vector<std::string>& arguments, const WalkOptions& options);

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

/// Replaces `path` with `bytes`: a temp file in the same folder, fsync, rename over,
/// with the original mode (and owner, where allowed). Refuses a read-only file and
/// one that changed since `stamp`. Returns an empty string or the reason it failed.
std::string write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                                  const FileStamp& stamp);

/// Writes a command's output file (`kempt cv -o`): new, or replacing a regular,
/// writable file, through the same temp file, fsync and rename (mode kept, or the
/// umask's for a new file). Returns an empty string or the reason it failed.
std::string write_output_file(const std::filesystem::path& path, std::string_view bytes);

/// Deletes `path`, under the same guards as a write: a regular file, unchanged
/// since `stamp`, not read-only. Returns an empty string or the reason it did not.
std::string delete_file_safely(const std::filesystem::path& path, const FileStamp& stamp);

}  // namespace kempt
