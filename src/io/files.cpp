// Reading files and writing them back without ever leaving a user with half a file.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <atomic>
#include <chrono>
#include <thread>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "kempt/files.hpp"

namespace kempt {
namespace {

std::string errno_text(int err) { return std::strerror(err); }

FileStamp stamp_of(const struct stat& st) {
  return {static_cast<std::uintmax_t>(st.st_size),
          static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
          static_cast<std::uint64_t>(st.st_ino)};
}

bool same_stamp(const FileStamp& a, const FileStamp& b) {
  return a.size == b.size && a.mtime_ns == b.mtime_ns && a.inode == b.inode;
}

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

bool looks_binary(std::string_view bytes) {
  // UTF-16 and UTF-32 text is full of NULs; with a BOM it is text all the same.
  using namespace std::string_view_literals;
  if (bytes.starts_with("\xFF\xFE"sv) || bytes.starts_with("\xFE\xFF"sv) ||
      bytes.starts_with("\x00\x00\xFE\xFF"sv)) {
    return false;
  }
  if (std::memchr(bytes.data(), 0, bytes.size()) != nullptr) return true;
  // No NUL, but mostly control bytes (old word-processor files, compressed data).
  const std::string_view head = bytes.substr(0, 64 * 1024);
  if (head.empty()) return false;
  auto binary = [&](std::size_t controls) { return controls * 10 > head.size() * 3; };
  // Text has a few bytes below 0x20 (its line ends, tabs): counted eight at a time,
  // they are too few to make a file binary, whatever they are.
  std::size_t below_space = 0, i = 0;
  for (; i + 8 <= head.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, head.data() + i, 8);
    // (A byte's low seven bits plus 0x60 carry into its high bit when they are 0x20 or
    // more; with its own high bit, that is every byte of 0x20 and up.)
    const std::uint64_t at_least_space = ((w & 0x7F7F7F7F7F7F7F7Full) + 0x6060606060606060ull) | w;
    // (Flags summed into the top byte by one multiplication: std::popcount is a call
    // into libgcc without -mpopcnt.)
    below_space += static_cast<std::size_t>((((~at_least_space & 0x8080808080808080ull) >> 7) * 0x0101010101010101ull) >> 56);
  }
  for (; i < head.size(); ++i) below_space += static_cast<unsigned char>(head[i]) < 0x20;
  if (!binary(below_space)) return false;
  std::size_t controls = 0;
  for (unsigned char c : head) {
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) ++controls;
  }
  return binary(controls);
}

ReadResult read_file(const std::filesystem::path& path) {
  ReadResult r;
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)};
  if (f.fd < 0) {
    r.status = errno == ELOOP ? ReadResult::Status::symlink : ReadResult::Status::failed;
    r.error = errno_text(errno);
    return r;
  }
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) {
    r.status = ReadResult::Status::failed;
    r.error = errno_text(errno);
    return r;
  }
  if (!S_ISREG(st.st_mode)) {
    r.status = ReadResult::Status::failed;
    r.error = "not a regular file";
    return r;
  }
  r.stamp = stamp_of(st);
  if (r.stamp.size > kMaxFileBytes) {
    r.status = ReadResult::Status::too_large;
    r.error = "larger than 64 MiB";
    return r;
  }
  r.bytes.resize(static_cast<std::size_t>(st.st_size));
  std::size_t got = 0;
  char more[4096];
  while (true) {
    // Past the size fstat gave, the file may have grown: a read into a small buffer
    // says so, or says it ends there (most files), without growing the bytes (and
    // copying them) for nothing.
    const bool past = got == r.bytes.size();
    const ssize_t n = past ? ::read(f.fd, more, sizeof more) : ::read(f.fd, r.bytes.data() + got, r.bytes.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      r.status = ReadResult::Status::failed;
      r.error = errno_text(errno);
      return r;
    }
    if (n == 0) break;
    if (past) r.bytes.append(more, static_cast<std::size_t>(n));
    got += static_cast<std::size_t>(n);
  }
  r.bytes.resize(got);
  return r;
}

namespace {

// rename() and unlink() work on a read-only file as long as its folder is
// writable: respect the user's read-only mark ourselves, for root too.
bool read_only(const std::filesystem::path& path, const struct stat& st) {
  return (st.st_mode & 0222) == 0 || ::access(path.c_str(), W_OK) != 0;
}

// Why `path` must not be replaced or deleted now, or an empty string.
std::string refuse_change(const std::filesystem::path& path, const FileStamp& stamp, struct stat& st) {
  if (::lstat(path.c_str(), &st) != 0) return "cannot stat: " + errno_text(errno);
  if (!S_ISREG(st.st_mode)) return "no longer a regular file";
  if (!same_stamp(stamp_of(st), stamp)) return "the file changed while kempt was working on it; run kempt again";
  if (read_only(path, st)) {
    return "file is read-only (make it writable, e.g. `chmod u+w`, to let kempt fix it)";
  }
  return {};
}

// A second name for the file: replacing it would split the names (the others keep
// the old text), and writing through them is not crash-safe and changes a copy
// the user may keep on purpose (a `cp -al` snapshot). Neither is kempt's to choose.
std::string refuse_hard_link(const struct stat& st) {
  if (st.st_nlink <= 1) return {};
  return fmt::format(
      "file has {} hard links; left unwritten, as replacing it would split them and writing through them "
      "would change every name (give it its own copy, e.g. `cp -p F F.new && mv F.new F`, to let kempt fix it)",
      st.st_nlink);
}

void sync_folder(const std::filesystem::path& dir) {
  Fd d{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (d.fd >= 0) ::fsync(d.fd);
}

}  // namespace

std::string delete_file_safely(const std::filesystem::path& path, const FileStamp& stamp) {
  struct stat st {};
  if (std::string why = refuse_change(path, stamp, st); !why.empty()) return why;
  if (::unlink(path.c_str()) != 0) return "cannot delete: " + errno_text(errno);
  // Make the deletion durable, as a rename is.
  sync_folder(path.has_parent_path() ? path.parent_path() : ".");
  return {};
}

namespace {

std::atomic<int> g_stop{0};
static_assert(std::atomic<int>::is_always_lock_free, "request_stop must be async-signal-safe");

constexpr std::string_view kTempMarker = ".kempt-";
constexpr std::size_t kTempSuffix = 6;  // mkstemp's XXXXXX

bool temp_suffix_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// The name a temp file for `name` gets: `.NAME.kempt-` and six letters or digits.
std::string temp_name(const std::string& name) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::string out = "." + name + std::string(kTempMarker);
  for (std::size_t i = 0; i < kTempSuffix; ++i) out += kAlphabet[random() % (sizeof kAlphabet - 1)];
  return out;
}

// An unnamed file (O_TMPFILE) that gets its temp name only once it is complete and
// locked: a run killed while writing leaves nothing behind. Needs /proc to link
// it; KEMPT_TEST_NAMED_TEMP=1 forces the named mkstemp path (the kill test's
// stale-file half).
bool anonymous_temp_files() {
  static const bool ok = [] {
    const char* forced = std::getenv("KEMPT_TEST_NAMED_TEMP");
    if (forced && *forced && std::string_view(forced) != "0") return false;
    return ::access("/proc/self/fd", X_OK) == 0;
  }();
  return ok;
}

// KEMPT_TEST_WRITE_DELAY_MS: a pause between writing a temp file and renaming it,
// so that the kill test's signals land while temp files exist. Tests only.
int test_write_delay_ms() {
  static const int ms = [] {
    const char* v = std::getenv("KEMPT_TEST_WRITE_DELAY_MS");
    return v ? std::max(0, std::atoi(v)) : 0;
  }();
  return ms;
}

std::string read_xattr_names(bool from_fd, int fd, const char* path, int& err) {
  for (int attempt = 0; attempt < 4; ++attempt) {
    const ssize_t size = from_fd ? ::flistxattr(fd, nullptr, 0) : ::llistxattr(path, nullptr, 0);
    if (size < 0) break;
    std::string names(static_cast<std::size_t>(size), '\0');
    const ssize_t got = from_fd ? ::flistxattr(fd, names.data(), names.size())
                                : ::llistxattr(path, names.data(), names.size());
    if (got >= 0) {
      names.resize(static_cast<std::size_t>(got));
      err = 0;
      return names;
    }
    if (errno != ERANGE) break;  // grew in between: ask again
  }
  err = errno;
  return {};
}

std::optional<std::string> read_xattr(bool from_fd, int fd, const char* path, const char* name) {
  for (int attempt = 0; attempt < 4; ++attempt) {
    const ssize_t size = from_fd ? ::fgetxattr(fd, name, nullptr, 0) : ::lgetxattr(path, name, nullptr, 0);
    if (size < 0) return std::nullopt;
    std::string value(static_cast<std::size_t>(size), '\0');
    const ssize_t got = from_fd ? ::fgetxattr(fd, name, value.data(), value.size())
                                : ::lgetxattr(path, name, value.data(), value.size());
    if (got >= 0) {
      value.resize(static_cast<std::size_t>(got));
      return value;
    }
    if (errno != ERANGE) return std::nullopt;
  }
  return std::nullopt;
}

std::vector<std::string> split_names(const std::string& names) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < names.size();) {
    const std::size_t end = names.find('\0', at);
    out.emplace_back(names, at, (end == std::string::npos ? names.size() : end) - at);
    at = end == std::string::npos ? names.size() : end + 1;
  }
  std::erase_if(out, [](const std::string& n) { return n.empty(); });
  return out;
}

bool unsupported(int err) { return err == ENOTSUP || err == ENOSYS; }

// Gives the temp file `fd` exactly the extended attributes of `original`
// (user.*, security.*, trusted.*, POSIX ACLs): copies each, and removes what the
// new file got that the original has not (a folder's default ACL). "" or why not.
std::string copy_xattrs(const char* original, int fd) {
  int err = 0;
  const std::vector<std::string> names = split_names(read_xattr_names(false, 0, original, err));
  if (err && !unsupported(err)) return "cannot list its extended attributes: " + errno_text(err);
  for (const std::string& name : names) {
    const std::optional<std::string> value = read_xattr(false, 0, original, name.c_str());
    if (!value) {
      if (errno == ENODATA) continue;  // removed in between
      return fmt::format("cannot read its extended attribute {}: {}", name, errno_text(errno));
    }
    if (::fsetxattr(fd, name.c_str(), value->data(), value->size(), 0) == 0) continue;
    const int set_err = errno;
    // Already so (an SELinux label every new file in the folder gets): nothing lost.
    if (read_xattr(true, fd, nullptr, name.c_str()) == value) continue;
    return fmt::format("cannot keep its extended attribute {}: {}", name, errno_text(set_err));
  }
  const std::set<std::string> wanted(names.begin(), names.end());
  for (const std::string& name : split_names(read_xattr_names(true, fd, nullptr, err))) {
    if (wanted.count(name) || ::fremovexattr(fd, name.c_str()) == 0 || errno == ENODATA) continue;
    // A label the system puts on every file is not the original's to lose.
    if (name.starts_with("security.")) continue;
    return fmt::format("the new file got an extended attribute {} the original has not, and it cannot be removed: {}",
                       name, errno_text(errno));
  }
  return {};
}

// The original's owner and group on the new file, or why they cannot be.
std::string keep_owner(int fd, const struct stat& original) {
  struct stat now {};
  if (::fstat(fd, &now) != 0) return "cannot stat the temporary file: " + errno_text(errno);
  if (now.st_uid == original.st_uid && now.st_gid == original.st_gid) return {};
  if (::fchown(fd, original.st_uid, original.st_gid) == 0) return {};
  return fmt::format("file is owned by {}:{} and kempt (running as {}:{}) cannot give the replacement that owner "
                     "({}); left unwritten",
                     original.st_uid, original.st_gid, ::geteuid(), ::getegid(), errno_text(errno));
}

// The temp file while it is being written: its descriptor (locked, so that a run
// cleaning up stale temp files leaves it alone) and, once it has one, its name.
struct Temp {
  Fd file;
  Fd dir;
  std::string name;  // in `dir`; empty while the file is anonymous
  ~Temp() {
    if (!name.empty()) ::unlinkat(dir.fd, name.c_str(), 0);
  }
};

std::string open_temp(Temp& t, const std::filesystem::path& path) {
  if (anonymous_temp_files()) {
    t.file.fd = ::openat(t.dir.fd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
    if (t.file.fd >= 0) return ::flock(t.file.fd, LOCK_EX) == 0 ? "" : "cannot lock the temporary file: " + errno_text(errno);
    // A file system without O_TMPFILE: a named temp file, as below.
  }
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string name = temp_name(path.filename().string());
    t.file.fd = ::openat(t.dir.fd, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (t.file.fd >= 0) {
      t.name = std::move(name);
      return ::flock(t.file.fd, LOCK_EX) == 0 ? "" : "cannot lock the temporary file: " + errno_text(errno);
    }
    if (errno != EEXIST) break;
  }
  return "cannot create a temporary file beside it: " + errno_text(errno);
}

// Gives an anonymous temp file its name (it stays locked), just before the rename.
std::string name_temp(Temp& t, const std::filesystem::path& path) {
  if (!t.name.empty()) return {};
  const std::string self = "/proc/self/fd/" + std::to_string(t.file.fd);
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string name = temp_name(path.filename().string());
    if (::linkat(AT_FDCWD, self.c_str(), t.dir.fd, name.c_str(), AT_SYMLINK_FOLLOW) == 0) {
      t.name = std::move(name);
      return {};
    }
    if (errno != EEXIST) break;
  }
  return "cannot name the temporary file: " + errno_text(errno);
}

// Writes `bytes` to a temp file beside `path` with `mode` and, for a file being
// replaced (`original`), its owner, group and extended attributes; fsyncs it,
// renames it over `path` and makes the rename durable. Nothing is renamed once a
// stop was requested; the temp file is gone whenever this returns.
std::string replace_with_temp(const std::filesystem::path& path, std::string_view bytes, mode_t mode,
                              const struct stat* original) {
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  Temp t;
  t.dir.fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (t.dir.fd < 0) return "cannot open its folder: " + errno_text(errno);
  if (std::string why = open_temp(t, path); !why.empty()) return why;
  auto fail = [&](const std::string& what) { return what + ": " + errno_text(errno); };
  if (!write_all(t.file.fd, bytes)) return fail("cannot write the temporary file");
  if (const int ms = test_write_delay_ms()) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  if (original) {
    // Owner first: chown clears set-user-ID bits and file capabilities, set below.
    if (std::string why = keep_owner(t.file.fd, *original); !why.empty()) return why;
  }
  if (::fchmod(t.file.fd, mode & 07777) != 0) return fail("cannot set the file mode");
  if (original) {
    if (std::string why = copy_xattrs(path.c_str(), t.file.fd); !why.empty()) return why + "; left unwritten";
  }
  if (::fsync(t.file.fd) != 0) return fail("cannot flush to disk");
  if (stop_requested()) return std::string(kInterrupted);
  if (std::string why = name_temp(t, path); !why.empty()) return why;
  // The lock is held until the rename is done: a cleanup run never takes this file.
  if (::renameat(t.dir.fd, t.name.c_str(), t.dir.fd, path.filename().c_str()) != 0) return fail("cannot replace the file");
  t.name.clear();
  // Make the rename itself durable, so a crash cannot bring the old file back.
  ::fsync(t.dir.fd);
  return {};
}

}  // namespace

void request_stop(int signal) noexcept { g_stop.store(signal, std::memory_order_relaxed); }
int stop_requested() noexcept { return g_stop.load(std::memory_order_relaxed); }

bool is_kempt_temp_name(std::string_view name) {
  if (name.size() < 1 + 1 + kTempMarker.size() + kTempSuffix || name.front() != '.') return false;
  const std::string_view suffix = name.substr(name.size() - kTempSuffix);
  if (!std::all_of(suffix.begin(), suffix.end(), temp_suffix_char)) return false;
  return name.substr(name.size() - kTempSuffix - kTempMarker.size(), kTempMarker.size()) == kTempMarker;
}

TempRemoval remove_stale_temp(const std::filesystem::path& path, bool remove) {
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)};
  if (f.fd < 0) {
    if (errno == ENOENT) return {TempRemoval::Status::gone, {}};
    return {TempRemoval::Status::failed, "cannot open: " + errno_text(errno)};
  }
  struct stat st {};
  if (::fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode)) return {TempRemoval::Status::failed, "not a regular file"};
  // A kempt run still writing it holds a lock on it until its rename is done.
  if (::flock(f.fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) return {TempRemoval::Status::in_use, {}};
    return {TempRemoval::Status::failed, "cannot lock: " + errno_text(errno)};
  }
  if (!remove) return {TempRemoval::Status::stale, {}};
  struct stat named {};
  if (::lstat(path.c_str(), &named) != 0 || named.st_ino != st.st_ino || named.st_dev != st.st_dev)
    return {TempRemoval::Status::gone, {}};  // renamed into place or replaced meanwhile
  if (::unlink(path.c_str()) != 0) return {TempRemoval::Status::failed, "cannot remove: " + errno_text(errno)};
  sync_folder(path.has_parent_path() ? path.parent_path() : ".");
  return {TempRemoval::Status::removed, {}};
}

std::string write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                                  const FileStamp& stamp) {
  struct stat st {};
  if (std::string why = refuse_change(path, stamp, st); !why.empty()) return why;
  if (std::string why = refuse_hard_link(st); !why.empty()) return why;
  return replace_with_temp(path, bytes, st.st_mode, &st);
}

std::string write_output_file(const std::filesystem::path& path, std::string_view bytes) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode)) return "not a regular file";
    if (read_only(path, st)) return "read-only";
    return replace_with_temp(path, bytes, st.st_mode, &st);
  }
  if (errno != ENOENT) return "cannot stat: " + errno_text(errno);
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return replace_with_temp(path, bytes, 0666 & ~mask, nullptr);
}

}  // namespace kempt
