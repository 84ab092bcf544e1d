// Issue 12's acceptance properties of the mojibake repair, over the shared corpus
// (../shared/corpus beside the checkout; skipped with a warning when absent) and
// over generated inputs:
//  - correct text is never changed and never a finding;
//  - the output has no U+FFFD the input did not have, and every change comes with
//    a repair that covers it (kempt text's spans, the file pass's findings).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <random>

#include "kempt/document.hpp"
#include "kempt/mojibake.hpp"
#include "support.hpp"

using namespace kempt;
using namespace kempt::test;

namespace {

const fs::path kCorpus = fs::path(KEMPT_SOURCE_DIR) / ".." / "shared" / "corpus";

bool have_corpus() {
  if (fs::is_directory(kCorpus / "mojibake") && fs::is_directory(kCorpus / "sites")) return true;
  WARN("no corpus at " << kCorpus.string() << ": skipped");
  return false;
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t nl = text.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    lines.emplace_back(text.substr(pos, end - pos));
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return lines;
}

// Text a person wrote, as the corpus says: controls other than tab, line breaks
// and form feed (pdftotext's page break) are none of it. (The CVs' pdftotext
// output writes some icon-font glyphs as C1 controls, U+0082 and U+0087.)
bool has_controls(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<uint8_t>(s[i]);
    if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') return true;
    if (b == 0xC2 && i + 1 < s.size() && static_cast<uint8_t>(s[i + 1]) >= 0x80 && static_cast<uint8_t>(s[i + 1]) <= 0x9F) {
      return true;
    }
  }
  return false;
}

// The corpus's clean lines: the synthetic suite's `clean` kind, ftfy's negative
// cases and its other made-up cases whose expected output is their input, and
// the CV corpus's text lines.
std::vector<std::string> clean_corpus_lines() {
  std::vector<std::string> lines;
  std::ifstream synthetic(kCorpus / "mojibake" / "synthetic.jsonl");
  for (std::string row; std::getline(synthetic, row);) {
    const auto j = nlohmann::json::parse(row);
    if (j.at("kind") == "clean") lines.push_back(j.at("input").get<std::string>());
  }
  // (Not in-the-wild.json: among the strings ftfy leaves as they are there is
  // lowercased mojibake no tool can restore, "ã†â€™ãƒâ€", which is damage all
  // the same and rightly a finding.)
  for (const auto& entry : fs::directory_iterator(kCorpus / "mojibake" / "ftfy-cases")) {
    if (entry.path().extension() != ".json" || entry.path().filename() == "in-the-wild.json") continue;
    for (const auto& c : nlohmann::json::parse(read_bytes(entry.path()))) {
      const std::string want = c.contains("fixed-encoding") ? c.at("fixed-encoding") : c.at("fixed");
      if (c.at("original") == want) lines.push_back(want);
    }
  }
  for (const auto& entry : fs::recursive_directory_iterator(kCorpus / "cv")) {
    const std::string name = entry.path().filename().string();
    if (name != "cv.txt" && name != "cv.layout.txt") continue;
    for (std::string& line : lines_of(read_bytes(entry.path()))) {
      if (!has_controls(line)) lines.push_back(std::move(line));
    }
  }
  return lines;
}

// Every valid-UTF-8 text file of the site repos (as found: U+FFFD and all).
std::vector<fs::path> utf8_site_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(kCorpus / "sites")) {
    if (!entry.is_regular_file() || entry.path().filename() == "SOURCE.txt") continue;
    const std::string bytes = read_bytes(entry.path());
    if (bytes.find('\0') == std::string::npos && is_valid_utf8(bytes)) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

PassResult run_pass(const std::string& name, const std::string& text) {
  return make_mojibake_pass()->run(Document::from_bytes(name, kind_from_extension(name), text));
}

std::size_t count_fffd(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t at = s.find("\uFFFD"); at != std::string_view::npos; at = s.find("\uFFFD", at + 1)) ++n;
  return n;
}

// Checks `kempt text`'s promises on `text`: every change lies inside the spans
// it repaired, and U+FFFD comes out only where it went in (or where a
// whole repair decoded one: "ï¿½" is U+FFFD read as windows-1252).
// Returns how many U+FFFD the repairs decoded.
std::size_t check_repair(const std::string& text) {
  std::vector<MojibakeSpan> spans;
  const std::string out = repair_mojibake(text, &spans);
  std::size_t decoded_marks = 0;
  for (const MojibakeSpan& s : spans) {
    if (!s.confident) continue;
    CHECK_FALSE((s.lossy && count_fffd(s.after) > count_fffd(s.before)));  // a guess is never a mark
    decoded_marks += count_fffd(s.after);
  }
  CHECK(count_fffd(out) <= count_fffd(text) + decoded_marks);
  // Every byte outside the repaired spans comes out as it went in, in order: the
  // output is the text between the spans with something in each span's place.
  // (Later looks' spans are widened to whole earlier repairs, so the spans
  // together cover every change.) Leftmost matching of each kept stretch is
  // enough: it leaves the most room for the stretches after it.
  std::vector<std::pair<std::size_t, std::size_t>> repaired;
  for (const MojibakeSpan& s : spans) {
    if (s.confident) repaired.emplace_back(s.begin, s.end);
  }
  std::sort(repaired.begin(), repaired.end());
  std::vector<std::string_view> kept;
  std::size_t from = 0;
  for (const auto& [b, e] : repaired) {  // (overlapping spans leave an empty stretch between them)
    kept.push_back(std::string_view(text).substr(from, std::max(b, from) - from));
    from = std::max(from, e);
  }
  kept.push_back(std::string_view(text).substr(from));
  INFO("text: " << nlohmann::json(text.substr(0, 3000)).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace)
                << "\nout:  " << nlohmann::json(out.substr(0, 3000)).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace));
  if (repaired.empty()) {
    CHECK(out == text);
  } else {
    REQUIRE(out.compare(0, kept.front().size(), kept.front()) == 0);
    std::size_t at = kept.front().size();
    for (std::size_t k = 1; k + 1 < kept.size(); ++k) {
      const std::size_t found = out.find(kept[k], at);
      REQUIRE(found != std::string::npos);
      at = found + kept[k].size();
    }
    REQUIRE(out.size() >= at + kept.back().size());
    CHECK(out.compare(out.size() - kept.back().size(), kept.back().size(), kept.back()) == 0);
  }
  return decoded_marks;
}

// Checks the file pass's promises on `text`: a line it changed has a repair
// finding (fixed) on it, and it adds no U+FFFD but those whole repairs decoded
// (`decoded_marks`, from check_repair).
void check_pass(const std::string& text, std::size_t decoded_marks) {
  const PassResult r = run_pass("page.txt", text);
  CHECK(count_fffd(r.document.text) <= count_fffd(text) + decoded_marks);
  const std::vector<std::string> in_lines = lines_of(text), out_lines = lines_of(r.document.text);
  REQUIRE(in_lines.size() == out_lines.size());
  for (std::size_t i = 0; i < in_lines.size(); ++i) {
    if (in_lines[i] == out_lines[i]) continue;
    const bool repaired = std::any_of(r.findings.begin(), r.findings.end(),
                                      [&](const Finding& f) { return f.fixed && f.line == i + 1; });
    INFO("line " << i + 1 << ": " << in_lines[i] << "\nout: " << out_lines[i]);
    CHECK(repaired);
  }
}

// `utf8` as the single-byte `page` shows its bytes, as UTF-8 (ICU; undefined
// bytes become U+001A, which the caller may then drop or replace).
std::string shown_as(const std::string& utf8, const char* page) {
  std::string out;
  icu::UnicodeString(utf8.data(), static_cast<int32_t>(utf8.size()), page).toUTF8String(out);
  return out;
}

// Lines like the ones kempt meets, from `rng`: words, correct accented and
// non-Latin text, mojibake of it (one or two layers, bytes dropped or written as
// `?`/U+FFFD), C1 controls, legacy text shown through a Latin page, and raw
// random characters.
std::string generated_line(std::mt19937& rng) {
  static const char* kWords[] = {"the", "paper", "café", "naïve", "Zoë", "São Paulo", "Привет", "мир", "İstanbul",
                                 "Şubat", "日本語", "文件读取", "丢失了", "한국어", "Ελλάδα", "שלום", "مرحبا", "🎉",
                                 "—", "“quoted”", "it’s", "…", "€5", "½", "Ørsted", "Dvořák", "Łódź", "ﬁle"};
  static const char* kPages[] = {"windows-1252", "windows-1251", "windows-1250", "windows-1254", "macintosh",
                                 "ISO-8859-1", "ibm-437", "GBK", "Shift_JIS"};
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  std::string line;
  const std::size_t words = 1 + pick(8);
  for (std::size_t w = 0; w < words; ++w) {
    if (!line.empty()) line += pick(6) == 0 ? "" : " ";
    std::string word = kWords[pick(std::size(kWords))];
    switch (pick(6)) {
      case 0:
      case 1:  // UTF-8 read as a page, maybe twice
        word = shown_as(word, kPages[pick(std::size(kPages))]);
        if (pick(4) == 0) word = shown_as(word, kPages[pick(3)]);
        break;
      case 2: {  // legacy bytes shown through a Latin page
        const char* legacy[] = {"GBK", "windows-1251", "Shift_JIS", "windows-949", "macintosh"};
        const icu::UnicodeString u = icu::UnicodeString::fromUTF8(word);
        UErrorCode status = U_ZERO_ERROR;
        UConverter* conv = ucnv_open(legacy[pick(std::size(legacy))], &status);
        std::string bytes(static_cast<std::size_t>(u.length()) * 4 + 8, '\0');
        bytes.resize(static_cast<std::size_t>(
            ucnv_fromUChars(conv, bytes.data(), static_cast<int32_t>(bytes.size()), u.getBuffer(), u.length(), &status)));
        ucnv_close(conv);
        if (U_SUCCESS(status)) word = shown_as(bytes, pick(2) ? "windows-1252" : "macintosh");
        break;
      }
      case 3: {  // a random character
        const UChar32 c = static_cast<UChar32>(pick(2) ? 0x80 + pick(0x780) : 0x80 + pick(0x1FF80));
        if ((c < 0xD800 || c > 0xDFFF) && c != 0xFFFE && c != 0xFFFF) {
          std::string s;
          icu::UnicodeString(c).toUTF8String(s);
          word += s;
        }
        break;
      }
      default:
        break;
    }
    line += word;
  }
  // Damage: drop a byte, or write one as `?` or U+FFFD, as editors do; then mend
  // what is no longer UTF-8 the way a decoder would.
  if (pick(3) == 0 && !line.empty()) {
    const std::size_t at = pick(line.size());
    const char* with[] = {"", "?", "\uFFFD"};
    line = line.substr(0, at) + with[pick(3)] + line.substr(at + 1);
  }
  std::string valid;
  icu::UnicodeString::fromUTF8(line).toUTF8String(valid);
  std::replace(valid.begin(), valid.end(), '\x1A', '?');  // ICU's mark for an undefined byte
  std::replace(valid.begin(), valid.end(), '\n', ' ');
  return valid;
}

}  // namespace

TEST_CASE("properties: every clean line of the corpus is left as it is and is no finding", "[mojibake][corpus]") {
  if (!have_corpus()) return;
  const std::vector<std::string> lines = clean_corpus_lines();
  REQUIRE(lines.size() > 4000);
  std::size_t changed = 0, reported = 0;
  // Batches of lines, as a file holds them: the model reads each line alone.
  for (std::size_t i = 0; i < lines.size(); i += 500) {
    std::string text;
    for (std::size_t k = i; k < std::min(lines.size(), i + 500); ++k) text += lines[k] + "\n";
    const std::string out = repair_mojibake(text);
    if (out != text) {
      const std::vector<std::string> a = lines_of(text), b = lines_of(out);
      for (std::size_t k = 0; k < a.size() && k < b.size(); ++k) {
        if (a[k] != b[k]) {
          ++changed;
          UNSCOPED_INFO("changed: " << a[k] << "\n     to: " << b[k]);
        }
      }
    }
    for (const Finding& f : run_pass("lines.txt", text).findings) {
      ++reported;
      const std::vector<std::string> a = lines_of(text);
      UNSCOPED_INFO("finding: " << f.message << " in " << a.at(f.line - 1));
    }
  }
  CHECK((changed == 0 && reported == 0));
}

TEST_CASE("properties: every valid-UTF-8 file of the site repos is left as it is and is no finding",
          "[mojibake][corpus]") {
  if (!have_corpus()) return;
  const std::vector<fs::path> files = utf8_site_files();
  REQUIRE(files.size() > 2000);
  TempDir copy;
  for (const fs::path& file : files) {
    const std::string bytes = read_bytes(file);
    const std::string rel = file.lexically_relative(kCorpus / "sites").string();
    INFO(rel);
    CHECK(repair_mojibake(bytes) == bytes);
    const PassResult r = run_pass(file.filename().string(), bytes);
    CHECK(r.document.text == bytes);
    for (const Finding& f : r.findings) UNSCOPED_INFO(rel << ": " << f.message);
    CHECK(r.findings.empty());
    write_bytes(copy / rel, bytes);
  }
  // And as users run it: `kempt check --only mojibake` over the copy reports nothing.
  const CliRun run = run_kempt("check --only mojibake --format json .", copy.path());
  INFO(run.out.substr(0, 2000) << run.err.substr(0, 2000));
  CHECK(run.exit_code == 0);
  CHECK(run.out.find("mojibake/") == std::string::npos);
}

TEST_CASE("properties: no new U+FFFD, and every change is a repair that covers it", "[mojibake][property]") {
  std::vector<std::string> texts;
  // Generated lines, in documents of 200 lines.
  std::mt19937 rng(12);
  for (int doc = 0; doc < 15; ++doc) {
    std::string text;
    for (int i = 0; i < 200; ++i) text += generated_line(rng) + "\n";
    texts.push_back(std::move(text));
  }
  // The corpus's mangled lines, in documents of 1,000.
  if (fs::is_directory(kCorpus / "mojibake")) {
    std::ifstream synthetic(kCorpus / "mojibake" / "synthetic.jsonl");
    std::string text;
    std::size_t n = 0;
    for (std::string row; std::getline(synthetic, row);) {
      std::string input = nlohmann::json::parse(row).at("input").get<std::string>();
      std::replace(input.begin(), input.end(), '\n', ' ');
      text += input + "\n";
      if (++n % 1000 == 0) texts.push_back(std::move(text)), text.clear();
    }
    for (const auto& entry : fs::directory_iterator(kCorpus / "mojibake" / "ftfy-cases")) {
      if (entry.path().extension() != ".json") continue;
      for (const auto& c : nlohmann::json::parse(read_bytes(entry.path()))) {
        std::string input = c.at("original");
        std::replace(input.begin(), input.end(), '\n', ' ');
        text += input + "\n";
      }
    }
    texts.push_back(std::move(text));
  }
  for (const std::string& text : texts) {
    check_pass(text, check_repair(text));
  }
}

TEST_CASE("kempt text leaves a run that lost bytes as it is, unless --mark-lost", "[mojibake][cli]") {
  TempDir dir;
  // Arabic read as windows-1252 with the 0x84 of ل dropped: which letter it was
  // cannot be told.
  write_bytes(dir / "in.txt", "Ø§ÙØ§Ø± and cafÃ©\n");
  auto text = [&](const std::string& flags) {
    const std::string cmd = shell_quote(KEMPT_BINARY) + " text " + flags + " <" + shell_quote((dir / "in.txt").string()) +
                            " >" + shell_quote((dir / "out.txt").string()) + " 2>/dev/null";
    REQUIRE(std::system(cmd.c_str()) == 0);
    return read_bytes(dir / "out.txt");
  };
  CHECK(text("") == "Ø§ÙØ§Ø± and café\n");
  CHECK(text("--mark-lost") == "ا\uFFFDار and café\n");
}
