// Reading files and writing them back without ever leaving a user with half a file.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

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
  std::size_t controls = 0;
  for (unsigned char c : head) {
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) ++controls;
  }
  return !head.empty() && controls * 10 > head.size() * 3;
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
  while (true) {
    if (got == r.bytes.size()) r.bytes.resize(got + 4096 + got / 2);  // the file may have grown
    ssize_t n = ::read(f.fd, r.bytes.data() + got, r.bytes.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      r.status = ReadResult::Status::failed;
      r.error = errno_text(errno);
      return r;
    }
    if (n == 0) break;
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

// Writes `bytes` to a temp file beside `path` with `mode` (and `owner`, where
// allowed), fsyncs it, renames it over `path` and makes the rename durable.
std::string replace_with_temp(const std::filesystem::path& path, std::string_view bytes, mode_t mode,
                              const struct stat* owner) {
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  std::string temp = (dir / ("." + path.filename().string() + ".kempt-XXXXXX")).string();
  Fd out{::mkstemp(temp.data())};
  if (out.fd < 0) return "cannot create a temporary file beside it: " + errno_text(errno);
  auto fail = [&](std::string what) {
    const int err = errno;
    ::unlink(temp.c_str());
    return what + ": " + errno_text(err);
  };
  if (!write_all(out.fd, bytes)) return fail("cannot write the temporary file");
  if (::fchmod(out.fd, mode & 07777) != 0) return fail("cannot set the file mode");
  if (owner && ::fchown(out.fd, owner->st_uid, owner->st_gid) != 0 && errno != EPERM) return fail("cannot set the owner");
  if (::fsync(out.fd) != 0) return fail("cannot flush to disk");
  if (::close(out.fd) != 0) {
    out.fd = -1;
    return fail("cannot close the temporary file");
  }
  out.fd = -1;
  if (::rename(temp.c_str(), path.c_str()) != 0) return fail("cannot replace the file");
  // Make the rename itself durable, so a crash cannot bring the old file back.
  sync_folder(dir);
  return {};
}

}  // namespace

std::string write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                                  const FileStamp& stamp) {
  struct stat st {};
  if (std::string why = refuse_change(path, stamp, st); !why.empty()) return why;
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
