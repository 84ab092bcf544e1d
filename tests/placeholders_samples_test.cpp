// Whole sample files known by their content (issue 17, item 2): a template's
// sample data file or page is reported wherever it lives, data files are never
// edited, and an owner's real file that shares a string or two with a sample (or
// wraps one in a page of its own) is not reported.
#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include "../src/placeholders_catalogue.hpp"
#include "kempt/config.hpp"
#include "kempt/pipeline.hpp"
#include "kempt/placeholders.hpp"
#include "support.hpp"

using namespace kempt;
namespace fs = std::filesystem;

namespace {

PipelineOutcome run_placeholders(const fs::path& path, std::string bytes, PlaceholderOptions options = {}) {
  PipelineOptions o;
  o.placeholders = options;
  const Pipeline pipeline = Pipeline::select({"placeholders"}, {}, o);
  return pipeline.run(Document::from_bytes(path, kind_from_extension(path), std::move(bytes)));
}

std::vector<const Finding*> sample_findings(const PipelineOutcome& out) {
  std::vector<const Finding*> found;
  for (const Finding& f : out.findings) {
    if (f.rule == "placeholders/sample-file") found.push_back(&f);
  }
  return found;
}

// minimal-mistakes' Staticman demo comment (docs/_data/comments, 2016), as the
// theme's documentation quotes it and academicpages ships it.
const std::string kDemoComment =
    "message: \"![Bill Murray](http://www.fillmurray.com/400/300)\\r\\n\\r\\n“It's hard to be an artist. It's hard to "
    "be anything. It's hard to be.”\"\n"
    "name: Bill Murray\nemail: b0caa2a71f5066b3d90711c224578c21\nurl: ''\nhidden: ''\n"
    "date: '2016-08-11T19:33:25.928Z'\n";

// academicpages' _data/authors.yml (every release).
const std::string kSampleAuthors =
    "# Authors\n\nName Name:\n  name        : \"Name Name\"\n  uri         : \"http://name.com\"\n"
    "  email       : \"name@name.com\"\n  bio         : \"This is the first name.\"\n"
    "  avatar      : \"bio-photo-2.jpg\"\n  twitter     : \"name\"\n  google_plus : \"Name\"\n\n"
    "Name2 Name2:\n  name        : \"Name2 Name2\"\n  email       : \"name2@name2.com\"\n"
    "  bio         : \"I ordered what?\"\n  avatar      : \"bio-photo.jpg\"\n  twitter     : \"name2\"\n"
    "  google_plus : \"Name\"\n";

// The catalogue's content fingerprints (sample files), in its order.
std::vector<const Fingerprint*> content_fingerprints(const PlaceholderCatalogue& catalogue) {
  std::vector<const Fingerprint*> out;
  for (const Fingerprint& fp : catalogue.fingerprints()) {
    if (fp.target == Fingerprint::Target::content) out.push_back(&fp);
  }
  return out;
}

}  // namespace

TEST_CASE("a sample data file is reported by its content, wherever it lives, and never edited", "[placeholders]") {
  for (const char* path : {"_data/comments/layout-comments/comment-1470944006665.yml", "data/old/comment.yaml"}) {
    INFO(path);
    const PipelineOutcome out = run_placeholders(path, kDemoComment);
    const auto found = sample_findings(out);
    REQUIRE(found.size() == 1);
    CHECK(found[0]->message.find("fingerprint minimal-mistakes/demo-comment-1470944006665") != std::string::npos);
    CHECK(found[0]->message.find("delete it with --delete-sample-files") != std::string::npos);
    CHECK_FALSE(found[0]->fixed);
    CHECK(out.document.text == kDemoComment);
    CHECK_FALSE(out.document.delete_file);
  }
  // Re-indented, with https links (a later release): the same sample.
  std::string later = kSampleAuthors;
  for (std::size_t at; (at = later.find("http://")) != std::string::npos;) later.replace(at, 7, "https://");
  for (std::size_t at; (at = later.find("        :")) != std::string::npos;) later.replace(at, 9, " :");
  for (const std::string& text : {kSampleAuthors, later}) {
    // (The outcome is kept: sample_findings points into its findings.)
    const PipelineOutcome out = run_placeholders("_data/authors.yml", text);
    const auto found = sample_findings(out);
    REQUIRE(found.size() == 1);
    CHECK(found[0]->message.find("fingerprint academicpages/sample-authors-data") != std::string::npos);
  }
}

TEST_CASE("a sample data file is deleted only with --delete-sample-files", "[placeholders]") {
  PlaceholderOptions options;
  options.delete_sample_files = true;
  const PipelineOutcome out = run_placeholders("_data/authors.yml", kSampleAuthors, options);
  const auto found = sample_findings(out);
  REQUIRE(found.size() == 1);
  CHECK(found[0]->fixed);
  CHECK(out.document.delete_file);
}

TEST_CASE("an owner's real data file sharing a string with a sample is not reported", "[placeholders]") {
  // The owner kept the sample's first author's bio line and wrote the rest.
  const std::string real_authors =
      "Ada Lovelace:\n  name        : \"Ada Lovelace\"\n  email       : \"ada@example.ac.uk\"\n"
      "  bio         : \"This is the first name.\"\n  avatar      : \"ada.jpg\"\n";
  // The owner's comment quoting the demo comment's date and text, about something else.
  const std::string real_comment =
      "message: \"It's hard to be an artist. It's hard to be anything. It's hard to be. (Bill Murray, quoted in our "
      "reading group on 2016-08-11; see the minutes.)\"\nname: Grace Hopper\nemail: 0f1e2d3c4b5a69788796a5b4c3d2e1f0\n"
      "date: '2016-08-11T19:33:25.928Z'\n";
  for (const auto& [path, text] : {std::pair{"_data/authors.yml", real_authors},
                                   std::pair{"_data/comments/reading/comment-1.yml", real_comment}}) {
    INFO(path);
    const PipelineOutcome out = run_placeholders(path, text);
    CHECK(sample_findings(out).empty());
    CHECK(out.findings.empty());
    CHECK(out.document.text == text);
  }
}

TEST_CASE("a sample wrapped in an owner's larger file is not a sample file", "[placeholders]") {
  // Every string of the sample is there, but it is a small part of the file.
  std::string notes = "# Comments we keep as examples of the format\n";
  for (int i = 0; i < 12; ++i) notes += "# Our reading group's own notes on moderation, line " + std::to_string(i) + ".\n";
  notes += kDemoComment;
  CHECK(sample_findings(run_placeholders("_data/notes.yml", notes)).empty());
}

TEST_CASE("content fingerprints: normalised text, and at least three strings", "[placeholders][config]") {
  CHECK(normalise_sample_text("  a\r\n\tb   http://x.org/ c\n") == "a b https://x.org/ c");
  // A file longer than every sample is read no further than that.
  CHECK(normalise_sample_text(std::string(1000, 'x'), 10).size() == 11);
  CatalogueSource source;
  const auto read = [&](const std::string& yaml) {
    read_catalogue(YAML::Load(yaml), ".kempt.yaml", source, false);
  };
  const std::string head = "templates:\n  - id: mine\n    name: Mine\n    repo: me/mine\n    fingerprints:\n"
                           "      - id: data\n        kind: bio\n        content:\n";
  CHECK_THROWS_WITH(read(head + "          all: ['first string', 'second string']\n          size: 100\n"),
                    Catch::Contains("content.all needs at least 3 strings"));
  CHECK_THROWS_WITH(read(head + "          all: ['first string', 'second string', 'third string']\n"),
                    Catch::Contains("content needs a size"));
  CHECK_THROWS_WITH(read(head + "          all: ['first string', 'second string', 'third string']\n          size: 100\n"
                                "          any: [x]\n"),
                    Catch::Contains("unknown content field 'any'"));
  source = {};
  read(head + "          all: ['first string', 'second string', 'third string']\n          size: 100\n");
  REQUIRE(source.fingerprints.size() == 1);
  CHECK(source.fingerprints[0].max_size == 100 + 25 + 80);
}

TEST_CASE("JSON files: read for sample files only, no other pass touches them", "[placeholders][cli]") {
  using namespace kempt::test;
  TempDir dir;
  // academicpages' sample CV, cut to its distinctive values; trailing blanks and
  // no final newline, which the whitespace pass would fix in any other file.
  const std::string sample_cv =
      "{\n  \"basics\": {\n    \"name\": \"Your Sidebar Name\",   \n"
      "    \"summary\": \"Currently employed at Red Brick University. Short biography for the left-hand sidebar\"\n  },\n"
      "  \"education\": [\n    {\n      \"institution\": \"GitHub University\",\n"
      "      \"area\": \"Ph.D in Version Control Theory\"\n    }\n  ],\n"
      "  \"publications\": [\n    {\n      \"name\": \"Paper Title Number 1\",\n      \"publisher\": \"Journal 1\"\n"
      "    }\n  ],\n  \"teaching\": [\n    {\n      \"course\": \"Teaching experience 1\"\n    }\n  ]\n}";
  const std::string real_json = "{\"name\": \"Ada Lovelace\",   \n \"course\": \"Teaching experience 1\"}";
  write_bytes(dir / "_data/cv.json", sample_cv);
  write_bytes(dir / "assets/site.json", real_json);
  const auto before = snapshot(dir.path());

  CliRun check = run_kempt("check .", dir.path());
  INFO(check.out);
  CHECK(check.out.find("_data/cv.json: warning: Academic Pages sample file") != std::string::npos);
  CHECK(check.out.find("fingerprint academicpages/sample-cv-json") != std::string::npos);
  CHECK(check.out.find("site.json") == std::string::npos);
  CHECK(check.out.find("whitespace/") == std::string::npos);
  run_kempt("fix .", dir.path());
  CHECK(snapshot(dir.path()) == before);

  CliRun fix = run_kempt("fix --delete-sample-files .", dir.path());
  CHECK(fix.exit_code == 0);
  CHECK_FALSE(fs::exists(dir / "_data/cv.json"));
  CHECK(read_bytes(dir / "assets/site.json") == real_json);
}

TEST_CASE("Hydejack's example description left over an owner's post is reported, not edited", "[placeholders]") {
  const std::string post =
      "---\nlayout: list\ntitle: Первое сообщение\ndescription: |\n"
      "  A page showing how regular markdown content is styled in Hydejack.\n---\n\nМой первый пост.\n";
  const PipelineOutcome out = run_placeholders("_posts/2017-11-23-example-content.md", post);
  REQUIRE(out.findings.size() == 1);
  CHECK(out.findings[0].line == 5);
  CHECK(out.findings[0].message.find("fingerprint poole/example-content-description") != std::string::npos);
  CHECK_FALSE(out.findings[0].fixed);
  CHECK(out.document.text == post);
}

TEST_CASE("Beautiful Jekyll's sample subtitle in an HTML page's front matter is reported, not edited", "[placeholders]") {
  // The theme's index.html (2015-2019) ships "title: My website" and this subtitle;
  // an owner who kept the subtitle shows it under every visit's first heading.
  const std::string page =
      "---\nlayout: page\ntitle: Camby's page\nsubtitle: This is where I will tell my friends way too much about me\n"
      "use-site-title: true\n---\n\n<div class=\"posts-list\">{% for post in paginator.posts %}{% endfor %}</div>\n";
  const PipelineOutcome out = run_placeholders("index.html", page);
  REQUIRE(out.findings.size() == 1);
  CHECK(out.findings[0].line == 4);
  CHECK(out.findings[0].message.find("fingerprint beautiful-jekyll/home-subtitle") != std::string::npos);
  CHECK_FALSE(out.findings[0].fixed);
  CHECK(out.document.text == page);
  // The same words in an owner's own sentence are no sample.
  CHECK(run_placeholders("about.md", "I never tell my friends way too much about me.\n").findings.empty());
}

TEST_CASE("a short file is matched by content the same before and after the piece screen is built", "[placeholders]") {
  // match_content searches a file under 4 KiB piece by piece until a larger one has
  // built the screen of pieces, and through the screen after: the same answers. Each
  // sample's strings, alone and inside other text, in their case and in capitals.
  const auto fresh = read_placeholder_settings(YAML::Load("{}"), "test");
  const auto screened = read_placeholder_settings(YAML::Load("{}"), "test");
  (void)screened->match_content(std::string(5000, 'x'));  // (builds its screen)
  std::size_t found = 0, texts = 0;
  for (const Fingerprint* sample : content_fingerprints(*fresh)) {
    const Fingerprint& fp = *sample;
    std::string all;
    for (const std::string& s : fp.all) all += s + "\n\n";
    std::string upper = all;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (const std::string& text : {all, "Some words first.\n\n" + all + "And after.\n", upper,
                                    fp.all.empty() ? std::string("none") : fp.all.front()}) {
      if (text.size() >= 4096) continue;
      INFO(fp.qualified_id() << ":\n" << text);
      const Fingerprint* a = fresh->match_content(text);
      const Fingerprint* b = screened->match_content(text);
      CHECK((a ? a->qualified_id() : "none") == (b ? b->qualified_id() : "none"));
      found += a != nullptr;
      ++texts;
    }
  }
  CHECK(texts >= 12);
  CHECK(found >= 3);
}

TEST_CASE("a sample is known by content up to its size, and a file one byte larger is not", "[placeholders]") {
  // Sizes are of the normalised text (white space runs as one space); a file with
  // more bytes outside white space than the largest sample is never normalised.
  const auto catalogue = builtin_placeholder_catalogue();
  std::size_t samples = 0;
  for (const Fingerprint* sample : content_fingerprints(*catalogue)) {
    const Fingerprint& fp = *sample;
    std::string file;
    for (const std::string& s : fp.all) file += s + "\n\n";
    const std::size_t size = normalise_sample_text(file).size();
    if (size + 2 > fp.max_size) continue;
    // Padded (after one space) to the sample's size exactly, then one byte more.
    const std::string padded = file + std::string(fp.max_size - size - 1, 'x');
    INFO(fp.qualified_id());
    REQUIRE(normalise_sample_text(padded).size() == fp.max_size);
    const Fingerprint* at_size = catalogue->match_content(padded);
    CHECK((at_size ? at_size->qualified_id() : "none") == fp.qualified_id());
    CHECK(catalogue->match_content(padded + "x") != &fp);
    ++samples;
  }
  CHECK(samples >= 5);
}

TEST_CASE("a sample is known by content however its white space and http:// links were written", "[placeholders]") {
  // match_content first looks for a piece of each sample in the file's own bytes
  // (most files hold none and are not normalised); the piece must be one that
  // re-spacing a file, or writing https:// as http://, leaves in its bytes.
  const auto catalogue = builtin_placeholder_catalogue();
  std::size_t samples = 0;
  for (const Fingerprint* sample : content_fingerprints(*catalogue)) {
    const Fingerprint& fp = *sample;
    // A file made of the sample's strings, as a different release might space them.
    std::string file;
    for (const std::string& s : fp.all) {
      std::string written;
      for (char c : s) written += c == ' ' ? std::string("\r\n\t  ") : std::string(1, c);
      for (std::size_t at = 0; (at = written.find("https://", at)) != std::string::npos;) written.erase(at + 4, 1);
      file += written + "\n\n";
    }
    INFO(fp.qualified_id() << ":\n" << file);
    if (normalise_sample_text(file).size() > fp.max_size) continue;  // (strings alone too long: not this test's case)
    CHECK(catalogue->match_content(file) != nullptr);
    ++samples;
  }
  CHECK(samples >= 5);
}
