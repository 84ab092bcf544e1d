# `cpack -G DEB` (from the build folder): two packages, as Debian splits a tool from its
# library: kempt (the binary, man page, completions; its Depends from dpkg-shlibdeps)
# and libkempt-dev (the static library, headers, CMake package and pkg-config file; it
# depends on the -dev packages a program linking libkempt needs). The kempt package holds
# the PDF module too, so its Depends (dpkg-shlibdeps) name poppler's library.
set(CPACK_PACKAGE_NAME kempt)
set(CPACK_PACKAGE_VENDOR kempt)
set(CPACK_PACKAGE_CONTACT "kempt developers <kempt@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "cleans up old personal and academic website repos")
set(CPACK_PACKAGE_DESCRIPTION
  "kempt repairs mojibake, legacy encodings, front matter YAML misreads, template sample\ncontent and stray whitespace in a static site's source, safely and with minimal diffs.")
set(CPACK_PACKAGING_INSTALL_PREFIX ${KEMPT_PACKAGE_PREFIX})
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL kempt dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_KEMPT_PACKAGE_NAME kempt)
set(CPACK_DEBIAN_KEMPT_PACKAGE_SUGGESTS "poppler-utils, git")
set(CPACK_DEBIAN_DEV_PACKAGE_NAME libkempt-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
  "libfmt-dev, libicu-dev, libuchardet-dev, libcmark-gfm-dev, libcmark-gfm-extensions-dev, libre2-dev, libgumbo-dev, libyaml-cpp-dev, libtomlplusplus-dev, nlohmann-json3-dev, pkg-config")
if(KEMPT_WITH_POPPLER)
  # libkempt reads PDFs with the module the kempt package installs (src/cv/pdf_module.hpp),
  # of the same build: it refuses another's.
  string(APPEND CPACK_DEBIAN_DEV_PACKAGE_DEPENDS ", kempt (= ${PROJECT_VERSION})")
endif()
include(CPack)
