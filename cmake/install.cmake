# SPDX-License-Identifier: MIT
# install.cmake: everything `cmake --install` and `cpack -G DEB` put on a
# system (docs/install.md lists it), and the tests that check it:
#   bin/mlptrain, bin/mlppredict (bin/mlpplot is installed by its own block)
#   lib/libmlp.a, lib/libmlp.so.MAJOR (only the functions of include/mlp/*.h exported)
#   include/mlp/*.h (mlp/mlp.h is the umbrella with the version)
#   lib/pkgconfig/mlp.pc, lib/cmake/mlp/ (find_package(mlp): mlp::mlp)
#   share/man/man1/mlptrain.1, mlppredict.1, mlpplot.1, share/man/man5/mlp-spec.5
#   share/bash-completion/completions/mlptrain, mlppredict, mlpplot
#   share/doc/mlp/ (README, LICENSE, docs/, examples/, the XOR quick start)
# Included at the end of CMakeLists.txt, after the targets exist.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# ---- the libraries -----------------------------------------------------------
# libmlp.a is the `mlp` target the programs and tests link; it is built as
# position-independent code so that libmlp.so can be that archive linked whole.
# Every dependency another part of CMakeLists.txt gives `mlp` thus reaches the
# shared library too, and --no-undefined fails the link when one is missing.
set_target_properties(mlp PROPERTIES POSITION_INDEPENDENT_CODE ON EXPORT_NAME mlp_static)
add_library(mlp_shared SHARED ${CMAKE_CURRENT_LIST_DIR}/shared.c)
add_library(mlp::mlp ALIAS mlp_shared)
target_link_libraries(mlp_shared PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,mlp>")
# Installed, both libraries get include/ from INCLUDES DESTINATION below,
# once (an $<INSTALL_INTERFACE:...> here too listed it twice).
target_include_directories(mlp_shared PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>)
# The version script exports the functions of include/mlp/*.h, no other
# (cmake/libmlp_map.cmake writes it from the headers at build time).
file(GLOB MLP_PUBLIC_HEADERS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/include/mlp/*.h)
set(MLP_VERSION_SCRIPT ${PROJECT_BINARY_DIR}/libmlp.map)
add_custom_command(OUTPUT ${MLP_VERSION_SCRIPT}
  COMMAND ${CMAKE_COMMAND} -DCC=${CMAKE_C_COMPILER} -DINCLUDE=${PROJECT_SOURCE_DIR}/include
          -DOUT=${MLP_VERSION_SCRIPT} -P ${CMAKE_CURRENT_LIST_DIR}/libmlp_map.cmake
  DEPENDS ${MLP_PUBLIC_HEADERS} ${CMAKE_CURRENT_LIST_DIR}/libmlp_map.cmake
  COMMENT "Writing libmlp.map from include/mlp/*.h" VERBATIM)
add_custom_target(mlp_version_script DEPENDS ${MLP_VERSION_SCRIPT})
add_dependencies(mlp_shared mlp_version_script)
target_link_options(mlp_shared PRIVATE "LINKER:--version-script=${MLP_VERSION_SCRIPT}")
# Sanitizer runtimes resolve their symbols only in the final program.
if(NOT MLP_SANITIZE AND NOT CMAKE_C_FLAGS MATCHES "-fsanitize")
  target_link_options(mlp_shared PRIVATE "LINKER:--no-undefined")
endif()
# The ABI version: MAJOR from 1.0 on; while MAJOR is 0 the interface may
# change between minor versions (docs/install.md), so 0.MINOR, and a
# program linked with 0.1 never loads a 0.2 whose structs differ.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(MLP_SOVERSION 0.${PROJECT_VERSION_MINOR})
  set(MLP_COMPATIBILITY SameMinorVersion)
else()
  set(MLP_SOVERSION ${PROJECT_VERSION_MAJOR})
  set(MLP_COMPATIBILITY SameMajorVersion)
endif()
set_target_properties(mlp_shared PROPERTIES
  OUTPUT_NAME mlp EXPORT_NAME mlp
  VERSION ${PROJECT_VERSION} SOVERSION ${MLP_SOVERSION}
  LINK_DEPENDS ${MLP_VERSION_SCRIPT})

# ---- install -------------------------------------------------------------------
install(TARGETS mlp mlp_shared EXPORT mlpTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/mlp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")

set(MLP_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/mlp)
install(EXPORT mlpTargets NAMESPACE mlp:: DESTINATION ${MLP_CMAKEDIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/mlpConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY ${MLP_COMPATIBILITY})

# The docs folder: share/doc/mlp unless -DCMAKE_INSTALL_DOCDIR says otherwise.
set(MLP_DOCDIR ${CMAKE_INSTALL_DOCDIR})
# The manual pages name the docs folder: written at install time with the
# prefix installed to (cmake/man_docdir.cmake), then installed.
set(MLP_MAN_PAGES ${PROJECT_SOURCE_DIR}/man/mlptrain.1 ${PROJECT_SOURCE_DIR}/man/mlppredict.1)
if(TARGET mlpplot)
  list(APPEND MLP_MAN_PAGES ${PROJECT_SOURCE_DIR}/man/mlpplot.1)
endif()
set(MLP_MAN_OUT ${PROJECT_BINARY_DIR}/man)
install(CODE "
  set(MLP_MAN_SOURCE \"${MLP_MAN_PAGES};${PROJECT_SOURCE_DIR}/man/mlp-spec.5\")
  set(MLP_MAN_OUT \"${MLP_MAN_OUT}\")
  set(MLP_DOCDIR \"${MLP_DOCDIR}\")
  include(\"${CMAKE_CURRENT_LIST_DIR}/man_docdir.cmake\")")
foreach(page IN LISTS MLP_MAN_PAGES)
  get_filename_component(name ${page} NAME)
  install(FILES ${MLP_MAN_OUT}/${name} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endforeach()
install(FILES ${MLP_MAN_OUT}/mlp-spec.5 DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
install(FILES completions/mlptrain completions/mlppredict
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
if(TARGET mlpplot)
  install(FILES completions/mlpplot DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
endif()

install(FILES README.md LICENSE DESTINATION ${MLP_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${MLP_DOCDIR}/docs PATTERN "__pycache__" EXCLUDE)
install(FILES examples/predict.c examples/CMakeLists.txt DESTINATION ${MLP_DOCDIR}/examples)
# The quick start, runnable from the installed copy: configs/xor.json reads
# ../data/xor.csv relative to itself.
install(FILES configs/xor.json configs/moons.json DESTINATION ${MLP_DOCDIR}/examples/configs)
install(FILES data/xor.csv data/moons.csv data/README.md DESTINATION ${MLP_DOCDIR}/examples/data)

# mlp.pc and mlpConfig.cmake list libmlp.a's dependencies. They are read off the
# `mlp` target at the end of CMakeLists.txt (so a library added further down is
# listed too): PkgConfig::X targets become pkg-config modules, plain names -lNAME.
function(mlp_write_package_files)
  set(requires "")
  set(libs "")
  set(deps "")
  get_target_property(linked mlp LINK_LIBRARIES)
  foreach(lib IN LISTS linked)
    if(lib MATCHES "^PkgConfig::(.+)$")
      set(prefix ${CMAKE_MATCH_1})
      set(module "${${prefix}_MODULE_NAME}")
      if(NOT module)
        message(FATAL_ERROR "mlp.pc: no pkg-config module name for ${lib}")
      endif()
      list(APPEND requires ${module})
      # Found under a private prefix: pkg_check_modules also writes
      # <prefix>_* cache entries, and ZLIB_LIBRARIES or CJSON_CFLAGS are the
      # caller's. The exported libmlp.a names PkgConfig::${prefix}: made
      # here, unless the caller has one already.
      string(APPEND deps "    pkg_check_modules(_mlp_dep_${prefix} QUIET IMPORTED_TARGET ${module})\n"
        "    if(TARGET PkgConfig::_mlp_dep_${prefix} AND NOT TARGET PkgConfig::${prefix})\n"
        "      add_library(PkgConfig::${prefix} INTERFACE IMPORTED)\n"
        "      set_target_properties(PkgConfig::${prefix} PROPERTIES\n"
        "        INTERFACE_LINK_LIBRARIES PkgConfig::_mlp_dep_${prefix})\n"
        "    endif()\n")
    elseif(lib STREQUAL "Threads::Threads")
      list(APPEND libs -pthread)
      string(APPEND deps "    find_package(Threads QUIET)\n")
    elseif(lib MATCHES "^[A-Za-z0-9_+.-]+$" AND NOT TARGET ${lib})
      list(APPEND libs -l${lib})
    elseif(lib MATCHES "^-l")
      list(APPEND libs ${lib})
    else()
      message(FATAL_ERROR "mlp.pc: cannot say how to link ${lib} (give it as PkgConfig::NAME or a plain library name)")
    endif()
  endforeach()
  list(REMOVE_DUPLICATES requires)
  list(REMOVE_DUPLICATES libs)
  list(JOIN requires ", " MLP_PC_REQUIRES_PRIVATE)
  list(JOIN libs " " MLP_PC_LIBS_PRIVATE)
  set(MLP_CONFIG_DEPENDENCIES "${deps}")

  configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/mlpConfig.cmake.in
    ${PROJECT_BINARY_DIR}/mlpConfig.cmake INSTALL_DESTINATION ${MLP_CMAKEDIR})
  install(FILES ${PROJECT_BINARY_DIR}/mlpConfig.cmake ${PROJECT_BINARY_DIR}/mlpConfigVersion.cmake
    DESTINATION ${MLP_CMAKEDIR})

  # The prefix is the one installed to (cmake --install --prefix, or /usr
  # for the .deb), known only at install time: the template keeps its
  # @MLP_PC_*@ placeholders for the second pass. pkg-config splits Cflags
  # and Libs like a shell after expanding ${prefix}: a space in the prefix
  # is written "\ " (else -I/opt/my libs/include became two arguments).
  set(MLP_PC_PREFIX "@MLP_PC_PREFIX@")
  set(MLP_PC_LIBDIR "@MLP_PC_LIBDIR@")
  set(MLP_PC_INCLUDEDIR "@MLP_PC_INCLUDEDIR@")
  configure_file(${PROJECT_SOURCE_DIR}/cmake/mlp.pc.in ${PROJECT_BINARY_DIR}/mlp.pc.in @ONLY)
  install(CODE "
    string(REPLACE \" \" \"\\\\ \" MLP_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
    set(MLP_PC_LIBDIR \"\\\${prefix}/${CMAKE_INSTALL_LIBDIR}\")
    set(MLP_PC_INCLUDEDIR \"\\\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}\")
    configure_file(\"${PROJECT_BINARY_DIR}/mlp.pc.in\" \"${PROJECT_BINARY_DIR}/mlp.pc\" @ONLY)")
  install(FILES ${PROJECT_BINARY_DIR}/mlp.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endfunction()
cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL mlp_write_package_files)

# ---- the .deb: cpack -G DEB in the build folder --------------------------------
set(CPACK_PACKAGE_NAME mlp)
set(CPACK_PACKAGE_VENDOR "The mlp developers")
set(CPACK_PACKAGE_CONTACT "The mlp developers")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "multi-layer perceptron trainer you can check")
set(CPACK_PACKAGE_DESCRIPTION
  "mlptrain trains a fully connected neural network from a JSON spec and a CSV file and checks its own backpropagation; mlppredict applies the trained model. Includes the libmlp library (shared and static), its headers, pkg-config and CMake files.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
# The .deb installs under /usr: the DEB generator's own default prefix. It is
# not set here: CPACK_PACKAGING_INSTALL_PREFIX applies to every generator,
# and the source package put its files under mlp-VERSION-Source/usr/.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "The mlp developers")
# dpkg-shlibdeps reads the libraries the programs and libmlp.so load
# (libcjson1, libopenblas0-*, libc6); libmlp.so gets a shlibs entry and the
# ldconfig trigger.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
# mlpplot loads PLplot's cairo driver (its png, svg and pdf devices) as a
# plugin, which dpkg-shlibdeps cannot see: named here, added to what it finds.
if(TARGET mlpplot)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "plplot-driver-cairo")
endif()
# pkg-config --cflags mlp reads the .pc files of its Requires.private.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libcjson-dev, libopenblas-dev, nettle-dev, zlib1g-dev, pkg-config")
set(CPACK_GENERATOR DEB)
# The source package (cpack --config CPackSourceConfig.cmake) is the source
# tree less what .gitignore names (build folders, the outputs of a run),
# this build folder wherever it is, and version control: CPack's default
# list left the build folders in, binaries and .deb files with them.
string(REGEX REPLACE "([][+.*?()^$|\\])" "\\\\\\1" mlp_source_root "${PROJECT_SOURCE_DIR}")
string(REGEX REPLACE "([][+.*?()^$|\\])" "\\\\\\1" mlp_binary_root "${PROJECT_BINARY_DIR}")
set(CPACK_SOURCE_IGNORE_FILES
  "^${mlp_source_root}/build/" "^${mlp_source_root}/build-[^/]*/" "^${mlp_binary_root}/"
  "^${mlp_source_root}/\\.git/" "^${mlp_source_root}/[^/]*\\.weights\\.bin$"
  "^${mlp_source_root}/[^/]*\\.loss\\.csv$" "^${mlp_source_root}/[^/]*\\.pred\\.csv$"
  "^${mlp_source_root}/bench/out/" "/__pycache__/" "/_CPack_Packages/" "\\.deb$" "\\.swp$" "~$")
set(CPACK_SOURCE_GENERATOR TGZ)
# The values reach CPack as written here (the patterns keep their "\.").
set(CPACK_VERBATIM_VARIABLES ON)
include(CPack)

# ---- tests ------------------------------------------------------------------------
if(MLP_TESTS)
  add_test(NAME install_symbols
           COMMAND bash ${PROJECT_SOURCE_DIR}/tests/install/test_symbols.sh $<TARGET_FILE:mlp_shared>
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  # Installs into a temporary prefix and builds examples/predict.c against it
  # (scripts/check-install.sh without --deb). Not in sanitizer builds: a
  # program linked to an ASan libmlp.so needs ASan loaded first.
  if(NOT MLP_SANITIZE)
    add_test(NAME install_prefix
             COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/check-install.sh --build ${PROJECT_BINARY_DIR}
             WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
    set_tests_properties(install_prefix PROPERTIES ENVIRONMENT "OPENBLAS_NUM_THREADS=1")
  endif()
endif()
