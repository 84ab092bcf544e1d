#include "versions.hpp"

#include <cmark-gfm.h>
#include <unicode/uversion.h>

namespace kempt {

std::string version_text() {
  // ICU and cmark-gfm say which library kempt runs with (linked in by default, or loaded:
  // KEMPT_STATIC_DEPS in CMakeLists.txt); uchardet, yaml-cpp and poppler have no such
  // call, so theirs are the versions kempt was built against (pkg-config's and CMake's
  // at configure time).
  UVersionInfo icu;
  u_getVersion(icu);
  char icu_version[U_MAX_VERSION_STRING_LENGTH];
  u_versionToString(icu, icu_version);
  return std::string("kempt ") + KEMPT_VERSION + "\nICU " + icu_version + ", uchardet " +
         KEMPT_UCHARDET_VERSION + ", cmark-gfm " + cmark_version_string() + ", yaml-cpp " +
         KEMPT_YAML_CPP_VERSION + ", poppler " + KEMPT_POPPLER_VERSION;
}

}  // namespace kempt
