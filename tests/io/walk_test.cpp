#include <catch2/catch.hpp>

#include "kempt/files.hpp"
#include "support.hpp"

using namespace kempt;
using kempt::test::TempDir;
using kempt::test::write_bytes;

namespace {

std::vector<std::string> relative_paths(const WalkResult& r, const std::filesystem::path& root) {
  std::vector<std::string> out;
  for (const FileTask& f : r.files) out.push_back(std::filesystem::relative(f.path, root).generic_string());
  return out;
}

void make_site(const std::filesystem::path& root) {
  for (const char* f : {"index.md", "_config.yml", "about.html", "cv.txt", "refs.bib", "hugo.toml", "img/logo.png",
                        "_site/index.html", "node_modules/x/readme.md", "vendor/bundle/a.md", ".git/config.md",
                        ".jekyll-cache/x.md", "_posts/2020-01-01-hello.markdown", "drafts/wip.md",
                        "assets/app.js"}) {
    write_bytes(root / f, "text\n");
  }
}

}  // namespace

TEST_CASE("a folder walk keeps text kinds and never enters generated folders", "[walk]") {
  TempDir dir;
  make_site(dir.path());
  WalkResult r = collect_files({dir.path().string()}, {});
  CHECK(relative_paths(r, dir.path()) ==
        std::vector<std::string>{"_config.yml", "_posts/2020-01-01-hello.markdown", "about.html", "cv.txt",
                                 "drafts/wip.md", "hugo.toml", "index.md", "refs.bib"});
  CHECK(r.errors.empty());
}

TEST_CASE("include globs add kinds, exclude globs leave out files and folders", "[walk]") {
  TempDir dir;
  make_site(dir.path());
  WalkResult r = collect_files({dir.path().string()}, WalkOptions{{"*.js"}, {"drafts", "*.bib"}});
  auto paths = relative_paths(r, dir.path());
  CHECK(std::find(paths.begin(), paths.end(), "assets/app.js") != paths.end());
  CHECK(std::find(paths.begin(), paths.end(), "drafts/wip.md") == paths.end());
  CHECK(std::find(paths.begin(), paths.end(), "refs.bib") == paths.end());
}

TEST_CASE("inside a git work tree, ignored files are left out", "[walk]") {
  TempDir dir;
  make_site(dir.path());
  write_bytes(dir / ".gitignore", "drafts/\n");
  const std::string cmd = "git -C " + kempt::test::shell_quote(dir.path().string()) + " init -q 2>/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  WalkResult r = collect_files({dir.path().string()}, {});
  auto paths = relative_paths(r, dir.path());
  CHECK(std::find(paths.begin(), paths.end(), "drafts/wip.md") == paths.end());
  CHECK(std::find(paths.begin(), paths.end(), "index.md") != paths.end());
  CHECK(std::find(paths.begin(), paths.end(), "node_modules/x/readme.md") == paths.end());
  CHECK(std::find(paths.begin(), paths.end(), "_site/index.html") == paths.end());
}

TEST_CASE("symlinks are noted and not followed, missing arguments are errors", "[walk]") {
  TempDir dir;
  write_bytes(dir / "real.md", "x\n");
  std::filesystem::create_symlink("real.md", dir / "link.md");
  WalkResult r = collect_files({dir.path().string(), (dir / "nope.md").string()}, {});
  CHECK(relative_paths(r, dir.path()) == std::vector<std::string>{"real.md"});
  REQUIRE(r.notes.size() == 1);
  CHECK(r.notes[0].rule == "io/symlink");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].rule == "io/missing");
}

TEST_CASE("a file named on the command line is taken whatever its extension", "[walk]") {
  TempDir dir;
  write_bytes(dir / "notes.rst", "x\n");
  WalkResult r = collect_files({(dir / "notes.rst").string()}, {});
  REQUIRE(r.files.size() == 1);
}
