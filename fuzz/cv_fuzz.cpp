// libFuzzer target for the CV text converter: any bytes in, no crash, no sanitizer
// report, and what a user of the Markdown relies on:
//  - the output of valid UTF-8 input is valid UTF-8 and ends in one newline;
//  - no tab, form feed or other control byte survives (they are layout, not text);
//  - no line is a table rule ("|--|"), and no marker byte of the <i>/<b> pass leaks.
// Build: CXX=clang++ cmake -B build-fuzz -DKEMPT_FUZZ=ON && cmake --build build-fuzz --target kempt_fuzz_cv
// Run:   scripts/fuzz.sh cv 600
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "kempt/cv.hpp"
#include "kempt/document.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const kempt::cv::Result r = kempt::cv::convert_text(text, {.owner = size % 2 ? "Jane Roe" : ""});
  const std::string& md = r.markdown;
  if (md.empty() || md.back() != '\n') std::abort();
  if (kempt::is_valid_utf8(text) && !kempt::is_valid_utf8(md)) {
    const std::size_t at = kempt::first_invalid_utf8(md);
    std::fprintf(stderr, "invalid UTF-8 at %zu: %s\n", at, md.substr(at < 40 ? 0 : at - 40, 60).c_str());
    std::abort();
  }
  for (std::size_t i = 0; i < md.size(); ++i)
    if (static_cast<unsigned char>(md[i]) < 0x20 && md[i] != '\n') {
      std::fprintf(stderr, "control byte %d at %zu: %s\n", md[i], i, md.substr(i < 40 ? 0 : i - 40, 60).c_str());
      std::abort();
    }
  // a table rule never survives as a line of its own (in a sentence "|--" is text)
  std::size_t start = 0;
  for (std::size_t nl = md.find('\n'); nl != std::string::npos; start = nl + 1, nl = md.find('\n', start)) {
    const std::string line = md.substr(start, nl - start);
    const bool rule = line.find('|') != std::string::npos && line.find("--") != std::string::npos &&
                      line.find_first_not_of("|-: \\") == std::string::npos;
    if (rule) std::abort();
  }
  return 0;
}
