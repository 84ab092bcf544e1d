// libFuzzer target for the placeholders pass: any UTF-8 page in, no crash, no
// sanitizer report, and what users rely on:
//  - valid UTF-8 in, valid UTF-8 out;
//  - the pass only ever takes bytes away (a line ending left between two blocks
//    replaces at least that line; an unwrapped link keeps only its text);
//  - the pass is idempotent: its output, run again, changes nothing.
// The first byte picks the options (plain, --aggressive), so both are explored.
// Run: scripts/fuzz.sh placeholders 600
#include <cstdint>
#include <cstdlib>
#include <string>

#include "kempt/document.hpp"
#include "kempt/placeholders.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  kempt::PlaceholderOptions options;
  options.aggressive = data[0] & 1;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (!kempt::is_valid_utf8(text)) return 0;  // the pipeline never gives a text pass anything else
  const auto pass = kempt::make_placeholders_pass(options);
  kempt::PassResult once = pass->run(kempt::Document::from_bytes("fuzz.md", kempt::FileKind::markdown, text));
  if (!kempt::is_valid_utf8(once.document.text)) std::abort();
  if (once.document.text.size() > text.size()) std::abort();
  if (once.document.text == text) return 0;
  kempt::PassResult twice =
      pass->run(kempt::Document::from_bytes("fuzz.md", kempt::FileKind::markdown, once.document.text));
  if (twice.document.text != once.document.text) std::abort();
  return 0;
}
