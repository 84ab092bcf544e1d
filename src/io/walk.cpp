// Turning the user's arguments into the list of files to work on.
#include <fcntl.h>
#include <fnmatch.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "kempt/files.hpp"

extern char** environ;

namespace kempt {
namespace fs = std::filesystem;
namespace {

constexpr std::array<std::string_view, 8> kNeverEntered = {
    ".git", "_site", "node_modules", "vendor", ".jekyll-cache", ".hg", ".svn", ".sass-cache"};

bool never_entered(std::string_view name) {
  return std::find(kNeverEntered.begin(), kNeverEntered.end(), name) != kNeverEntered.end();
}

bool known_text_extension(const fs::path& p) {
  if (kind_from_extension(p) != FileKind::text) return true;
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".txt";
}

bool matches_any(const std::vector<std::string>& globs, const std::string& rel) {
  const std::string name = fs::path(rel).filename().string();
  for (const std::string& g : globs) {
    // A glob with a slash is matched against the path, others against the name
    // (as .gitignore does); '*' may cross folders in path globs.
    const std::string& subject = g.find('/') != std::string::npos ? rel : name;
    if (::fnmatch(g.c_str(), subject.c_str(), 0) == 0) return true;
  }
  return false;
}

// True when any folder on `rel`'s way (or the file itself) is excluded.
bool excluded(const std::vector<std::string>& globs, const std::string& rel) {
  if (globs.empty()) return false;
  for (std::size_t slash = rel.find('/'); slash != std::string::npos; slash = rel.find('/', slash + 1)) {
    if (matches_any(globs, rel.substr(0, slash))) return true;
  }
  return matches_any(globs, rel);
}

bool crosses_never_entered(const std::string& rel) {
  std::size_t start = 0;
  for (std::size_t slash = rel.find('/'); slash != std::string::npos; slash = rel.find('/', start)) {
    if (never_entered(std::string_view(rel).substr(start, slash - start))) return true;
    start = slash + 1;
  }
  return false;
}

// `git ls-files` in `dir`: tracked files plus untracked ones not ignored, NUL-separated.
// nullopt when `dir` is not in a git work tree (or git is not installed).
std::optional<std::vector<std::string>> git_listed_files(const fs::path& dir) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return std::nullopt;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  const std::string dir_s = dir.string();
  const char* argv[] = {"git", "-C", dir_s.c_str(), "ls-files", "-z", "--cached", "--others",
                        "--exclude-standard", nullptr};
  pid_t pid;
  int rc = posix_spawnp(&pid, "git", &actions, nullptr, const_cast<char* const*>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  if (rc != 0) {
    ::close(pipe_fds[0]);
    return std::nullopt;
  }
  std::string out;
  char buf[65536];
  for (ssize_t n; (n = ::read(pipe_fds[0], buf, sizeof buf)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  std::vector<std::string> files;
  for (std::size_t start = 0, end; start < out.size(); start = end + 1) {
    end = out.find('\0', start);
    if (end == std::string::npos) end = out.size();
    if (end > start) files.emplace_back(out, start, end - start);
  }
  return files;
}

class Walker {
 public:
  Walker(const WalkOptions& options, WalkResult& result) : options_(options), result_(result) {}

  void argument(const std::string& arg) {
    const fs::path path(arg);
    std::error_code ec;
    const fs::file_status st = fs::symlink_status(path, ec);
    if (ec || !fs::exists(st)) {
      result_.errors.push_back({arg, 0, 0, "io/missing", "no such file or folder", false, Severity::error});
    } else if (fs::is_symlink(st)) {
      note(arg, "io/symlink", "symbolic link not followed");
    } else if (fs::is_directory(st)) {
      folder(path);
    } else if (fs::is_regular_file(st)) {
      const fs::path parent = absolute_folder(path.has_parent_path() ? path.parent_path() : fs::path("."));
      add(path, site_of(parent));  // named by the user: taken whatever its extension
    } else {
      note(arg, "io/not-regular", "not a regular file; skipped");
    }
  }

 private:
  void note(const fs::path& path, std::string rule, std::string message) {
    result_.notes.push_back({path.lexically_normal().generic_string(), 0, 0, std::move(rule), std::move(message),
                             false, Severity::note});
  }

  void add(const fs::path& path, const fs::path& site) {
    const fs::path clean = path.lexically_normal();  // "./a.md" is shown as "a.md"
    result_.files.push_back({clean, kind_from_extension(clean), site});
  }

  static fs::path absolute_folder(const fs::path& folder) {
    std::error_code ec;
    fs::path abs = fs::absolute(folder, ec);
    return (ec ? folder : abs).lexically_normal();
  }

  // A file's site: the top of the git work tree `folder` is in, else `folder`.
  fs::path site_of(const fs::path& folder) {
    fs::path top = git_top(folder);
    return top.empty() ? folder : top;
  }

  // The nearest folder at or above `folder` with a `.git` (a folder, or a worktree's
  // file), or empty: one stat per folder on the way, each folder once.
  fs::path git_top(const fs::path& folder) {
    if (auto it = git_tops_.find(folder); it != git_tops_.end()) return it->second;
    fs::path top;
    std::error_code ec;
    if (fs::exists(folder / ".git", ec)) top = folder;
    else if (folder.has_parent_path() && folder.parent_path() != folder) top = git_top(folder.parent_path());
    git_tops_.emplace(folder, top);
    return top;
  }

  bool wanted(const std::string& rel) const {
    // kempt's own temp files are reported apart, never fixed (`--include '*'`).
    if (is_kempt_temp_name(fs::path(rel).filename().string())) return false;
    if (excluded(options_.exclude, rel)) return false;
    return known_text_extension(rel) || matches_any(options_.include, rel);
  }

  void folder(const fs::path& root) {
    if (never_entered(root.filename().string())) {
      note(root, "io/not-entered", "folder kempt never enters (generated or third-party)");
      return;
    }
    const fs::path site = site_of(absolute_folder(root));
    if (auto listed = git_listed_files(root)) {
      for (const std::string& rel : *listed) {
        if (crosses_never_entered(rel) || !wanted(rel)) continue;
        const fs::path path = root / rel;
        std::error_code ec;
        const fs::file_status st = fs::symlink_status(path, ec);
        if (fs::is_symlink(st)) note(path, "io/symlink", "symbolic link not followed");
        else if (fs::is_regular_file(st)) add(path, site);  // tracked but deleted: nothing to do
      }
      return;
    }
    walk(root, "", site);
  }

  // `site`: of the files in `dir`; a repository met on the way (a folder with a
  // `.git`) is a site of its own.
  void walk(const fs::path& dir, const std::string& rel_dir, const fs::path& site) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec), end;
    if (ec) {
      result_.errors.push_back(
          {dir.string(), 0, 0, "io/unreadable", "cannot list folder: " + ec.message(), false, Severity::error});
      return;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) break;
      const fs::directory_entry& entry = *it;
      const std::string name = entry.path().filename().string();
      const std::string rel = rel_dir.empty() ? name : rel_dir + "/" + name;
      std::error_code sec;
      const fs::file_status st = entry.symlink_status(sec);
      if (fs::is_symlink(st)) {
        if (wanted(rel)) note(entry.path(), "io/symlink", "symbolic link not followed");
      } else if (fs::is_directory(st)) {
        if (never_entered(name) || excluded(options_.exclude, rel)) continue;
        std::error_code gec;
        const bool repository = fs::exists(entry.path() / ".git", gec);
        walk(entry.path(), rel, repository ? absolute_folder(entry.path()) : site);
      } else if (fs::is_regular_file(st) && wanted(rel)) {
        add(entry.path(), site);
      }
    }
  }

  const WalkOptions& options_;
  WalkResult& result_;
  std::map<fs::path, fs::path> git_tops_;
};

// kempt's temp files in the folders the walk took files from: a killed run leaves
// them beside the file it was replacing, and git shows them. Every folder is
// listed, whatever way its files were found (walked, listed by git, named).
std::vector<fs::path> temp_files_beside(const std::vector<FileTask>& files) {
  std::set<fs::path> folders;
  for (const FileTask& t : files) folders.insert(t.path.has_parent_path() ? t.path.parent_path() : fs::path());
  std::vector<fs::path> temps;
  for (const fs::path& folder : folders) {
    std::error_code ec;
    fs::directory_iterator it(folder.empty() ? fs::path(".") : folder, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (!is_kempt_temp_name(name)) continue;
      std::error_code sec;
      if (it->is_regular_file(sec) && !it->is_symlink(sec)) temps.push_back(folder / name);
    }
  }
  std::sort(temps.begin(), temps.end());
  return temps;
}

}  // namespace

bool glob_matches_path(const std::string& glob, const std::string& rel) {
  return matches_any({glob}, rel) || excluded({glob}, rel);
}

WalkResult collect_files(const std::vector<std::string>& arguments, const WalkOptions& options) {
  WalkResult result;
  Walker walker(options, result);
  for (const std::string& arg : arguments) walker.argument(arg);
  auto by_path = [](const FileTask& a, const FileTask& b) { return a.path < b.path; };
  // Stable: a file found under two arguments keeps the first one's site, whatever the sort does.
  std::stable_sort(result.files.begin(), result.files.end(), by_path);
  result.files.erase(std::unique(result.files.begin(), result.files.end(),
                                 [](const FileTask& a, const FileTask& b) { return a.path == b.path; }),
                     result.files.end());
  result.temp_files = temp_files_beside(result.files);
  return result;
}

}  // namespace kempt
