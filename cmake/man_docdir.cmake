# SPDX-License-Identifier: MIT
# man_docdir.cmake: writes the manual pages as installed, run by
# `cmake --install` (cmake/install.cmake). man/*.1 and man/*.5 name the docs
# and examples where the .deb puts them, /usr/share/doc/mlp; an install to
# another prefix gets that prefix's docs folder instead, so that each path a
# page shows exists. Set by the caller:
#   MLP_MAN_SOURCE  the pages as committed (a list of files)
#   MLP_MAN_OUT     the folder to write them to
#   MLP_DOCDIR      CMAKE_INSTALL_DOCDIR (relative to the prefix, or absolute)
set(docdir "${MLP_DOCDIR}")
if(NOT IS_ABSOLUTE "${docdir}")
  set(docdir "${CMAKE_INSTALL_PREFIX}/${docdir}")
endif()
# In roff a backslash starts an escape, "-" may print as a typographic
# hyphen and a space may break the line: \e, \- and "\ " keep the path as
# typed.
string(REPLACE "\\" "\\e" docdir "${docdir}")
string(REPLACE "-" "\\-" docdir "${docdir}")
string(REPLACE " " "\\ " docdir "${docdir}")
file(MAKE_DIRECTORY "${MLP_MAN_OUT}")
foreach(page IN LISTS MLP_MAN_SOURCE)
  file(READ "${page}" text)
  string(REPLACE "/usr/share/doc/mlp" "${docdir}" text "${text}")
  get_filename_component(name "${page}" NAME)
  file(WRITE "${MLP_MAN_OUT}/${name}" "${text}")
endforeach()
