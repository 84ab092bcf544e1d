// libFuzzer target for the mojibake repair: any bytes in, no crash, no sanitizer
// report, and the invariants a user relies on:
//  - spans lie inside the text, in order, without overlap;
//  - repairing valid UTF-8 gives valid UTF-8, with no U+FFFD the input did not
//    have (but those a whole repair decodes: "ï¿½" is U+FFFD read as windows-1252);
//  - the file pass leaves a text it has nothing to say about byte-identical;
//  - the file pass is idempotent: run on its own output, it changes nothing.
// Build: CXX=clang++ cmake -B build-fuzz -DKEMPT_FUZZ=ON && cmake --build build-fuzz --target kempt_fuzz_mojibake
// Run:   scripts/fuzz.sh mojibake 600
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kempt/document.hpp"
#include "kempt/mojibake.hpp"

namespace {
std::size_t count_fffd(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t at = s.find("\uFFFD"); at != std::string_view::npos; at = s.find("\uFFFD", at + 1)) ++n;
  return n;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::vector<kempt::MojibakeSpan> spans = kempt::find_mojibake(text);
  std::size_t last_end = 0;
  for (const kempt::MojibakeSpan& s : spans) {
    if (s.begin < last_end || s.end < s.begin || s.end > text.size()) std::abort();
    last_end = s.end;
  }
  std::vector<kempt::MojibakeSpan> repairs;
  const std::string repaired = kempt::repair_mojibake(text, &repairs);
  if (kempt::is_valid_utf8(text)) {
    if (!kempt::is_valid_utf8(repaired)) std::abort();
    std::size_t decoded = 0;
    for (const kempt::MojibakeSpan& s : repairs) {
      if (!s.confident) continue;
      if (s.lossy && count_fffd(s.after) > count_fffd(s.before)) std::abort();  // a guess is never a mark
      decoded += count_fffd(s.after);
    }
    if (count_fffd(repaired) > count_fffd(text) + decoded) std::abort();
  }

  kempt::PassResult r = kempt::make_mojibake_pass()->run(
      kempt::Document::from_bytes("fuzz.md", kempt::FileKind::markdown, text));
  if (r.findings.empty() && r.document.text != text) std::abort();
  if (kempt::is_valid_utf8(text)) {
    kempt::PassResult again = kempt::make_mojibake_pass()->run(
        kempt::Document::from_bytes("fuzz.md", kempt::FileKind::markdown, r.document.text));
    if (again.document.text != r.document.text) std::abort();
  }
  return 0;
}
