// A program outside kempt's tree, built against an installed libkempt: the public
// headers, the link line (every static dependency) and the passes all have to work.
#include <cstdio>
#include <string>

#include "kempt/cv.hpp"
#include "kempt/mojibake.hpp"
#include "kempt/pipeline.hpp"

int main(int argc, char** argv) {
  // With a PDF: its CV's first line, read through the PDF module libkempt loads.
  if (argc > 1) {
    if (!kempt::cv::pdf_supported()) return std::printf("no PDF input\n"), 1;
    const std::string md = kempt::cv::convert_pdf(argv[1]).markdown;
    std::printf("%s\n", md.substr(0, md.find('\n')).c_str());
    return 0;
  }
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
