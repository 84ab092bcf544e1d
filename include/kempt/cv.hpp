#pragma once
// `kempt cv`: an academic CV as extracted text (pdftotext, plain or -layout, or an
// extractor that writes tabs, <i> tags and table rules) or as a PDF, turned into
// Markdown for a personal site. Nothing the CV says is dropped: only page
// furniture (page numbers, running headers, form feeds, table rules), which
// `removed` lists so a caller can show it.
#include <string>
#include <string_view>
#include <vector>

namespace kempt::cv {

struct Options {
  std::string owner;          // bolded in publications; empty: the CV's first line
  bool front_matter = false;  // academicpages `_pages/cv.md` front matter
};

struct Removed {
  std::size_t line = 0;  // 1-based line of the input
  std::string text;
  std::string why;  // "page number", "running header", "form feed", "table rule"
};

struct Result {
  std::string markdown;
  std::vector<Removed> removed;
};

/// Converts extracted CV text. Never throws on any input bytes.
Result convert_text(std::string_view text, const Options& options = {});

/// True when PDFs can be read: this build has PDF input (poppler was found at configure
/// time) and its PDF module, kempt-pdf.so, is found (beside the program, in the installed
/// <libdir>/kempt/, or at $KEMPT_PDF_MODULE) and loads. The first call loads it.
bool pdf_supported();

/// Converts a PDF file; throws std::runtime_error when it cannot be read, or when the
/// PDF module cannot be used (the message says where it was looked for).
Result convert_pdf(const std::string& path, const Options& options = {});

}  // namespace kempt::cv
