// libFuzzer target for the front-matter pass: any bytes in, no crash, no sanitizer
// report, no runaway time or memory (deep nesting, alias bombs), and what users rely on:
//  - valid UTF-8 in, valid UTF-8 out;
//  - a held file is handed back byte-identical;
//  - the pass is idempotent: its output, run again, changes nothing.
// Build: CXX=clang++ cmake -B build-fuzz -DKEMPT_FUZZ=ON -DKEMPT_BUILD_TESTS=OFF && cmake --build build-fuzz --target kempt_fuzz_frontmatter
// Run:   build-fuzz/fuzz/kempt_fuzz_frontmatter -max_total_time=600 -max_len=4096 CORPUS_DIR
#include <cstdint>
#include <cstdlib>
#include <string>

#include "kempt/document.hpp"
#include "kempt/frontmatter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (!kempt::is_valid_utf8(text)) return 0;  // the pipeline never gives a text pass anything else
  const auto pass = kempt::make_frontmatter_pass();
  kempt::PassResult once = pass->run(kempt::Document::from_bytes("fuzz.md", kempt::FileKind::markdown, text));
  if (!kempt::is_valid_utf8(once.document.text)) std::abort();
  if (once.hold && once.document.text != text) std::abort();
  if (once.hold || once.document.text == text) return 0;
  kempt::PassResult twice =
      pass->run(kempt::Document::from_bytes("fuzz.md", kempt::FileKind::markdown, once.document.text));
  if (twice.document.text != once.document.text) std::abort();
  return 0;
}
