// PDF input through kempt-pdf.so (src/cv/pdf_module.hpp says why it is a module): found
// and loaded on the first PDF read, then kept for the life of the process (poppler's
// globals live in it; nothing unloads it).
//
// Where the module is looked for, first found first used:
//   1. $KEMPT_PDF_MODULE, the module's path, when set: only there (tests, and a program
//      linking libkempt that ships the module somewhere of its own);
//   2. beside the running program: the build tree, where kempt and the module are built
//      into one folder;
//   3. the installed place relative to the running program (<bin>/../<libdir>/kempt/), so
//      a relocated install (`cmake --install --prefix`, an unpacked .deb) finds its own;
//   4. the installed places compiled in (the configured prefix's and the .deb's), for
//      other programs linking libkempt.
#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "cv/pdf_module.hpp"

namespace kempt::cv {

namespace {

struct Module {
  kempt_pdf_read_fn* read = nullptr;
  std::string trouble;  // why there is none: every place looked at and what was wrong there
};

// The running program's folder, "" when /proc is not mounted.
std::string program_dir() {
  std::string path(4096, '\0');
  const ssize_t n = ::readlink("/proc/self/exe", path.data(), path.size());
  if (n <= 0 || static_cast<std::size_t>(n) >= path.size()) return {};
  path.resize(static_cast<std::size_t>(n));
  return path.substr(0, path.rfind('/'));
}

std::vector<std::string> places() {
  if (const char* forced = ::secure_getenv("KEMPT_PDF_MODULE"); forced && *forced) return {forced};
  std::vector<std::string> out;
  if (const std::string dir = program_dir(); !dir.empty()) {
    out.push_back(dir + "/" KEMPT_PDF_MODULE_FILE);
    out.push_back(dir + "/" KEMPT_PDF_MODULE_FROM_BINDIR "/" KEMPT_PDF_MODULE_FILE);
  }
  const std::string dirs = KEMPT_PDF_MODULE_DIRS;  // ':'-separated
  for (std::size_t from = 0; from < dirs.size();) {
    const std::size_t to = std::min(dirs.find(':', from), dirs.size());
    if (to > from) out.push_back(dirs.substr(from, to - from) + "/" KEMPT_PDF_MODULE_FILE);
    from = to + 1;
  }
  return out;
}

Module load() {
  Module m;
  const std::string want = detail::pdf_module_stamp();
  for (const std::string& path : places()) {
    if (::access(path.c_str(), F_OK) != 0) {
      m.trouble += "\n  " + path + ": not there";
      continue;
    }
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      m.trouble += "\n  " + path + ": cannot be loaded: " + ::dlerror();
      continue;
    }
    auto* stamp = reinterpret_cast<kempt_pdf_stamp_fn*>(::dlsym(handle, "kempt_pdf_stamp"));
    auto* read = reinterpret_cast<kempt_pdf_read_fn*>(::dlsym(handle, "kempt_pdf_read"));
    if (!stamp || !read) {
      m.trouble += "\n  " + path + ": not kempt's PDF module (no kempt_pdf_stamp or kempt_pdf_read)";
    } else if (const std::string got = stamp(); got != want) {
      // another build's: its objects may not be laid out as this one's
      m.trouble += "\n  " + path + ": from another build (" + got + "; this is " + want + ")";
    } else {
      m.read = read;
      m.trouble.clear();
      return m;
    }
    ::dlclose(handle);
  }
  return m;
}

const Module& module() {
  static const Module m = load();  // once, thread-safe
  return m;
}

}  // namespace

bool pdf_supported() { return module().read != nullptr; }

Result convert_pdf(const std::string& path, const Options& options) {
  const Module& m = module();
  if (!m.read)
    throw std::runtime_error(path + ": reading a PDF needs kempt's PDF module (" KEMPT_PDF_MODULE_FILE
                             "), and none could be used:" + m.trouble +
                             "\nReinstall kempt (its package has the module), or set KEMPT_PDF_MODULE to the "
                             "module's path, or convert with `pdftotext -layout " + path +
                             " cv.txt` and `kempt cv cv.txt`");
  detail::PdfText pdf;
  m.read(path.c_str(), &pdf);
  if (!pdf.error.empty()) throw std::runtime_error(pdf.error);
  return detail::convert(pdf.text, options, &pdf.typography);
}

}  // namespace kempt::cv
