// libFuzzer target for the mojibake repair: any bytes in, no crash, no sanitizer
// report, and the invariants a user relies on:
//  - spans lie inside the text, in order, without overlap;
//  - repairing valid UTF-8 gives valid UTF-8;
//  - the file pass leaves a text it has nothing to say about byte-identical;
//  - the file pass is idempotent: run on its own output, it changes nothing.
// Build: CXX=clang++ cmake -B build-fuzz -DKEMPT_FUZZ=ON && cmake --build build-fuzz --target kempt_fuzz_mojibake
// Run:   scripts/fuzz.sh mojibake 600
#include <cstdint>
#include <cstdlib>
#include <string>

#include "kempt/document.hpp"
#include "kempt/mojibake.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::vector<kempt::MojibakeSpan> spans = kempt::find_mojibake(text);
  std::size_t last_end = 0;
  for (const kempt::MojibakeSpan& s : spans) {
    if (s.begin < last_end || s.end < s.begin || s.end > text.size()) std::abort();
    last_end = s.end;
  }
  const std::string repaired = kempt::repair_mojibake(text);
  if (kempt::is_valid_utf8(text) && !kempt::is_valid_utf8(repaired)) std::abort();

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
