// A program outside kempt's tree, built against an installed libkempt: the public
// headers, the link line (every static dependency) and the passes all have to work.
#include <cstdio>
#include <string>

#include "kempt/mojibake.hpp"
#include "kempt/pipeline.hpp"

int main() {
  // "Café" written as UTF-8, read as windows-1252, saved as UTF-8 again.
  const std::string repaired = kempt::repair_mojibake("Caf\xC3\x83\xC2\xA9 au lait");
  // A Markdown page through every pass: mojibake in the title, trailing blanks.
  auto pipeline = kempt::Pipeline::select({}, {});
  auto out = pipeline.run(kempt::Document::from_bytes(
      "page.md", kempt::FileKind::markdown, "---\ntitle: Caf\xC3\x83\xC2\xA9\n---\n\nHello   \n"));
  std::printf("%s\n%s", repaired.c_str(), out.document.text.c_str());
  for (const auto& f : out.findings) std::printf("%s\n", f.rule.c_str());
  return 0;
}
