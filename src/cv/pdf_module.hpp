#pragma once
// The seam between libkempt and kempt-pdf.so, the module that reads PDFs with libpoppler
// (src/cv/pdf.cpp). libpoppler and the two dozen libraries it needs (nss, freetype,
// fontconfig, tiff, ...) cost ~3 ms of dynamic loading at every start of a program linked
// with them, and only `kempt cv` on a PDF uses them (issue 18): so libkempt loads the
// module with dlopen on the first PDF it reads (src/cv/pdf_load.cpp), and a `kempt check`
// never maps poppler.
//
// The module hands back C++ objects (std::string, detail::Line), so it and libkempt must
// come from one build: the module says which build it is (kempt_pdf_stamp) before
// anything else is called, and a module of another build is refused, not misread.
#include <string>
#include <vector>

#include "cv/cv_internal.hpp"

namespace kempt::cv::detail {

// What the module makes of a PDF: its layout text (pages ended by form feeds, link
// targets put back as Markdown links) and each line's typography, as convert() takes
// them; or, when the file cannot be read, why (and what to do), in `error`.
struct PdfText {
  std::string text;
  std::vector<Line> typography;
  std::string error;
};

// Raise it whenever PdfText or Line change shape in a way their sizes may not show.
inline constexpr int kPdfModuleInterface = 1;

inline std::string pdf_module_stamp() {
  return std::string("kempt ") + KEMPT_VERSION + ", PDF interface " + std::to_string(kPdfModuleInterface) +
         ", Line " + std::to_string(sizeof(Line)) + " bytes, PdfText " + std::to_string(sizeof(PdfText)) + " bytes";
}

}  // namespace kempt::cv::detail

// The module's two entry points, looked up by these names (dlsym).
extern "C" {
// pdf_module_stamp() as the module was built.
using kempt_pdf_stamp_fn = const char* ();
// Reads the PDF at `path` into `out`; never throws (a failure is out->error).
using kempt_pdf_read_fn = void(const char* path, kempt::cv::detail::PdfText* out);
}
