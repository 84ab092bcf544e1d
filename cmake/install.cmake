# What `cmake --install` and `cpack` install: the kempt binary, its man page and shell
# completions, and libkempt for other programs (headers, a CMake package, a pkg-config file).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS kempt_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT kempt)
# The PDF module (src/cv/pdf_module.hpp) goes with the binary: `kempt cv x.pdf` looks for it
# in <bin>/../<libdir>/kempt, and a program linking libkempt in the installed <libdir>/kempt.
if(TARGET kempt_pdf)
  install(TARGETS kempt_pdf LIBRARY DESTINATION ${KEMPT_PDF_MODULE_DIR} COMPONENT kempt)
endif()

set_target_properties(kempt PROPERTIES EXPORT_NAME kempt)
install(TARGETS kempt EXPORT kemptTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/kempt DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev FILES_MATCHING PATTERN "*.hpp")

set(KEMPT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/kempt)
install(EXPORT kemptTargets NAMESPACE kempt:: DESTINATION ${KEMPT_CMAKE_DIR} COMPONENT dev)
# libkempt reads PDFs through the module it loads (dlopen), so a program linking it
# links no poppler, only libdl.
set(KEMPT_PC_DL "")
if(POPPLER_FOUND AND POPPLER_PRIVATE_HEADERS)
  set(KEMPT_WITH_POPPLER ON)
  if(CMAKE_DL_LIBS)
    set(KEMPT_PC_DL " -l${CMAKE_DL_LIBS}")
  endif()
else()
  set(KEMPT_WITH_POPPLER OFF)
endif()
configure_package_config_file(cmake/kemptConfig.cmake.in ${CMAKE_CURRENT_BINARY_DIR}/kemptConfig.cmake
                              INSTALL_DESTINATION ${KEMPT_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/kemptConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)  # 0.x: a minor release may break the API
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/kemptConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/kemptConfigVersion.cmake
        DESTINATION ${KEMPT_CMAKE_DIR} COMPONENT dev)

# kempt.pc lives in LIBDIR/pkgconfig; its prefix is that many folders up.
set(KEMPT_PC_TO_PREFIX "..")
string(REPLACE "/" ";" _kempt_libdir_parts "${CMAKE_INSTALL_LIBDIR}")
foreach(_part IN LISTS _kempt_libdir_parts)
  string(APPEND KEMPT_PC_TO_PREFIX "/..")
endforeach()
configure_file(cmake/kempt.pc.in ${CMAKE_CURRENT_BINARY_DIR}/kempt.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/kempt.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)

# The man page is written as scdoc (docs/kempt.1.scd) and built to troff here.
find_program(SCDOC scdoc)
if(SCDOC)
  add_custom_command(
    OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/kempt.1
    COMMAND ${SCDOC} < ${PROJECT_SOURCE_DIR}/docs/kempt.1.scd > ${CMAKE_CURRENT_BINARY_DIR}/kempt.1
    DEPENDS ${PROJECT_SOURCE_DIR}/docs/kempt.1.scd
    COMMENT "Building the man page kempt.1 with scdoc")
  add_custom_target(kempt_man ALL DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/kempt.1)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/kempt.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT kempt)
else()
  message(WARNING "scdoc not found (scripts/deps.sh installs it): no man page is built or installed")
endif()

install(FILES completions/kempt.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME kempt COMPONENT kempt)
install(FILES completions/_kempt DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/site-functions COMPONENT kempt)
install(FILES completions/kempt.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d COMPONENT kempt)
