// Built when poppler is absent: PDF input is reported as unsupported.
#include <stdexcept>

#include "kempt/cv.hpp"

namespace kempt::cv {

bool pdf_supported() { return false; }

Result convert_pdf(const std::string& path, const Options&) {
  throw std::runtime_error(path + ": this kempt was built without poppler; convert with pdftotext -layout first");
}

}  // namespace kempt::cv
