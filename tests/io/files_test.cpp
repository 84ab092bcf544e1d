#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include <csignal>
#include <cstring>
#include <random>

#include <catch2/catch.hpp>

#include "kempt/files.hpp"
#include "support.hpp"

using namespace kempt;
using kempt::test::read_bytes;
using kempt::test::TempDir;
using kempt::test::write_bytes;

TEST_CASE("looks_binary: NULs and control bytes, but not UTF-16 with a BOM", "[io]") {
  CHECK(looks_binary(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)));
  CHECK(looks_binary(std::string(200, '\x01')));
  CHECK_FALSE(looks_binary("# Title\n\ttabbed\r\n"));
  CHECK_FALSE(looks_binary(std::string("\xFF\xFEh\0i\0", 6)));
  CHECK_FALSE(looks_binary(""));
}

TEST_CASE("looks_binary: the share of control bytes decides, at the 30% line, as counted byte by byte", "[io]") {
  // Controls other than tab, LF, CR, FF and ESC, in the first 64 KiB: more than 30% is binary.
  auto share = [](const std::string& s) {
    const std::string_view head = std::string_view(s).substr(0, 64 * 1024);
    std::size_t controls = 0;
    for (unsigned char c : head) controls += c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B;
    return !head.empty() && controls * 10 > head.size() * 3;
  };
  std::mt19937 random(18);
  const std::string kinds[] = {"\x01\x02\x1F\x7F", "\t\n\r\f\x1B", "abc \xC3\xA9\x80\xFF\x9F", "\x20\x60\xA0\xE0"};
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const std::size_t size = random() % 3 == 0 ? random() % 24 : 64 * 1024 - 40 + random() % 80;
    const int mix = static_cast<int>(random() % 101);  // percent of control bytes drawn
    while (text.size() < size) {
      const std::string& from = static_cast<int>(random() % 100) < mix ? kinds[random() % 2] : kinds[2 + random() % 2];
      text += from[random() % from.size()];
    }
    INFO("size " << size << ", mix " << mix);
    REQUIRE(looks_binary(text) == share(text));
  }
  CHECK(looks_binary(std::string(31, '\x01') + std::string(69, 'a')));
  CHECK_FALSE(looks_binary(std::string(30, '\x01') + std::string(70, 'a')));
  CHECK_FALSE(looks_binary(std::string(100, '\n')));
}

TEST_CASE("write_file_atomically replaces the bytes and keeps the mode", "[io]") {
  TempDir dir;
  const auto path = dir / "page.md";
  write_bytes(path, "old  \n");
  ::chmod(path.c_str(), 0640);
  ReadResult read = read_file(path);
  REQUIRE(read.status == ReadResult::Status::ok);
  CHECK(read.bytes == "old  \n");
  CHECK(write_file_atomically(path, "new\n", read.stamp).empty());
  CHECK(read_bytes(path) == "new\n");
  struct stat st {};
  ::stat(path.c_str(), &st);
  CHECK((st.st_mode & 07777) == 0640);
  // No temporary file is left behind.
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()) == 1);
}

TEST_CASE("write_file_atomically refuses a read-only file and a changed file", "[io]") {
  TempDir dir;
  const auto path = dir / "page.md";
  write_bytes(path, "x \n");
  ReadResult read = read_file(path);
  ::chmod(path.c_str(), 0444);
  std::string error = write_file_atomically(path, "x\n", read.stamp);
  CHECK(error.find("read-only") != std::string::npos);
  CHECK(read_bytes(path) == "x \n");

  ::chmod(path.c_str(), 0644);
  read = read_file(path);
  write_bytes(path, "edited meanwhile, longer \n");
  error = write_file_atomically(path, "x\n", read.stamp);
  CHECK(error.find("changed") != std::string::npos);
  CHECK(read_bytes(path) == "edited meanwhile, longer \n");
}

TEST_CASE("read_file does not follow symlinks and skips huge files", "[io]") {
  TempDir dir;
  write_bytes(dir / "real.md", "x\n");
  std::filesystem::create_symlink("real.md", dir / "link.md");
  CHECK(read_file(dir / "link.md").status == ReadResult::Status::symlink);
  {
    std::ofstream big(dir / "big.md", std::ios::binary);
    big.seekp(static_cast<std::streamoff>(kMaxFileBytes));  // sparse: costs no disk
    big.put('x');
  }
  CHECK(read_file(dir / "big.md").status == ReadResult::Status::too_large);
  CHECK(read_file(dir / "missing.md").status == ReadResult::Status::failed);
}

TEST_CASE("read_file reads every byte, to the size fstat gave and past it", "[io]") {
  TempDir dir;
  std::mt19937 rng(18);
  for (std::size_t size : {0u, 1u, 4095u, 4096u, 4097u, 8192u, 100000u}) {
    std::string bytes(size, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    write_bytes(dir / "page.md", bytes);
    const ReadResult r = read_file(dir / "page.md");
    CHECK(r.status == ReadResult::Status::ok);
    CHECK(r.bytes == bytes);
  }
  // A file with more than fstat says (here: 0 bytes, as /proc shows its files) is
  // read to its end all the same: a short one, and one of several 4 KiB reads.
  for (const char* path : {"/proc/self/environ", "/proc/crypto"}) {
    INFO(path);
    std::ifstream in(path, std::ios::binary);
    const std::string want((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const ReadResult proc = read_file(path);
    REQUIRE(proc.status == ReadResult::Status::ok);
    CHECK(proc.stamp.size == 0);
    CHECK(proc.bytes == want);
    CHECK(!want.empty());
  }
}

namespace {

std::size_t entries_in(const std::filesystem::path& dir) {
  return static_cast<std::size_t>(
      std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()));
}

}  // namespace

TEST_CASE("write_file_atomically leaves a hard-linked file unwritten and says why", "[io]") {
  TempDir dir;
  const auto path = dir / "page.md";
  write_bytes(path, "x \n");
  std::filesystem::create_hard_link(path, dir / "snapshot.md");
  const ReadResult read = read_file(path);
  const std::string error = write_file_atomically(path, "x\n", read.stamp);
  CHECK(error.find("2 hard links") != std::string::npos);
  CHECK(read_bytes(path) == "x \n");
  CHECK(read_bytes(dir / "snapshot.md") == "x \n");
  struct stat st {};
  ::stat(path.c_str(), &st);
  CHECK(st.st_nlink == 2);  // the link is whole
  CHECK(entries_in(dir.path()) == 2);  // no temp file left
}

TEST_CASE("write_file_atomically keeps extended attributes (user.*)", "[io]") {
  TempDir dir;
  const auto path = dir / "page.md";
  write_bytes(path, "x \n");
  if (::setxattr(path.c_str(), "user.kempt.test", "kept", 4, 0) != 0) {
    WARN("user.* extended attributes unsupported on " << dir.path() << " (" << std::strerror(errno)
                                                       << "): xattr copy not tested here");
    return;
  }
  ::setxattr(path.c_str(), "user.empty", "", 0, 0);
  const ReadResult read = read_file(path);
  REQUIRE(write_file_atomically(path, "x\n", read.stamp).empty());
  CHECK(read_bytes(path) == "x\n");
  char value[16] = {};
  CHECK(::getxattr(path.c_str(), "user.kempt.test", value, sizeof value) == 4);
  CHECK(std::string(value, 4) == "kept");
  CHECK(::getxattr(path.c_str(), "user.empty", value, sizeof value) == 0);
  CHECK(entries_in(dir.path()) == 1);
}

TEST_CASE("write_file_atomically keeps the owner, or refuses when it cannot", "[io]") {
  if (::geteuid() != 0) {
    WARN("not root: the owner tests need to create files owned by someone else");
    return;
  }
  TempDir dir;
  const auto path = dir / "page.md";
  write_bytes(path, "x \n");
  REQUIRE(::chown(path.c_str(), 12345, 23456) == 0);
  const ReadResult read = read_file(path);
  REQUIRE(write_file_atomically(path, "x\n", read.stamp).empty());
  struct stat st {};
  ::stat(path.c_str(), &st);
  CHECK(st.st_uid == 12345u);
  CHECK(st.st_gid == 23456u);
  CHECK(read_bytes(path) == "x\n");

  // The CLI as an unprivileged user on a file it may write but does not own: the
  // replacement would change the owner, so it is left unwritten (exit 3).
  if (std::system("command -v setpriv >/dev/null") != 0) {
    WARN("setpriv missing: the refusal as an unprivileged user is not tested");
    return;
  }
  write_bytes(path, "x \n");
  ::chmod(dir.path().c_str(), 0777);
  ::chmod(path.c_str(), 0666);
  const auto run = kempt::test::run_kempt("fix page.md", dir.path(), "setpriv --reuid=65534 --regid=65534 --clear-groups");
  CHECK(run.exit_code == 3);
  CHECK(run.err.find("owned by 12345:23456") != std::string::npos);
  CHECK(read_bytes(path) == "x \n");
  CHECK(entries_in(dir.path()) == 1);
}

TEST_CASE("kempt temp files: the name pattern; stale ones removed, one in use left alone", "[io]") {
  CHECK(is_kempt_temp_name(".page.md.kempt-Ab3xYz"));
  CHECK_FALSE(is_kempt_temp_name("page.md.kempt-Ab3xYz"));    // not hidden
  CHECK_FALSE(is_kempt_temp_name(".page.md.kempt-Ab3xY"));    // five letters
  CHECK_FALSE(is_kempt_temp_name(".page.md.kempt-Ab3x.z"));
  CHECK_FALSE(is_kempt_temp_name(".kempt-Ab3xYz"));

  TempDir dir;
  write_bytes(dir / "page.md", "x \n");
  write_bytes(dir / ".page.md.kempt-Ab3xYz", "x\n");  // a killed run's
  write_bytes(dir / "sub/.b.md.kempt-000000", "");
  write_bytes(dir / "sub/b.md", "b\n");
  write_bytes(dir / "elsewhere/.c.md.kempt-QQQQQQ", "");
  write_bytes(dir / "elsewhere/c.bin", "");
  const WalkResult walk = collect_files({dir.path().string()}, {});
  REQUIRE(walk.temp_files.size() == 2);  // (not `elsewhere/`: kempt takes no file from it)
  CHECK(walk.temp_files[0].filename() == ".page.md.kempt-Ab3xYz");
  CHECK(walk.temp_files[1].filename() == ".b.md.kempt-000000");
  for (const FileTask& t : walk.files) CHECK_FALSE(is_kempt_temp_name(t.path.filename().string()));

  CHECK(remove_stale_temp(walk.temp_files[0], false).status == TempRemoval::Status::stale);
  CHECK(std::filesystem::exists(walk.temp_files[0]));
  {
    // A running kempt holds its temp file's lock until the rename: not stale.
    const int held = ::open(walk.temp_files[1].c_str(), O_RDONLY);
    REQUIRE(::flock(held, LOCK_EX) == 0);
    CHECK(remove_stale_temp(walk.temp_files[1], true).status == TempRemoval::Status::in_use);
    CHECK(std::filesystem::exists(walk.temp_files[1]));
    ::close(held);
  }
  CHECK(remove_stale_temp(walk.temp_files[0], true).status == TempRemoval::Status::removed);
  CHECK(remove_stale_temp(walk.temp_files[1], true).status == TempRemoval::Status::removed);
  CHECK_FALSE(std::filesystem::exists(walk.temp_files[0]));
  CHECK(remove_stale_temp(walk.temp_files[0], true).status == TempRemoval::Status::gone);
}

TEST_CASE("after request_stop a write is abandoned and leaves no temp file", "[io]") {
  TempDir dir;
  const auto path = dir / "page.md";
  write_bytes(path, "x \n");
  const ReadResult read = read_file(path);
  request_stop(SIGTERM);
  const std::string error = write_file_atomically(path, "x\n", read.stamp);
  request_stop(0);
  CHECK(error == kInterrupted);
  CHECK(read_bytes(path) == "x \n");
  CHECK(entries_in(dir.path()) == 1);
}
