#include <sys/stat.h>

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
