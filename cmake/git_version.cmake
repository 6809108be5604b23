# SPDX-License-Identifier: MIT
# git_version.cmake: writes OUT, a header defining MLP_GIT_SUFFIX, the part
# of --version's first line after the version (docs/install.md, "Versions"):
#   " (git abc1234)"        a build of the commit abc1234
#   " (git abc1234-dirty)"  ... with tracked files changed since
#   ""                      no git, or SOURCE_DIR is not the top of a git
#                           checkout (a source tarball, even one unpacked
#                           inside another repository)
# Run at every build (CMakeLists.txt), so a new commit is seen without
# reconfiguring; OUT is rewritten only when its text changes, so only
# src/version.c is compiled again, and only then.
#   cmake -DSOURCE_DIR=... -DOUT=.../mlp_git_version.h -P git_version.cmake
cmake_minimum_required(VERSION 3.24)

# The commit of SOURCE_DIR as "abc1234[-dirty]", or "" when there is none.
function(mlp_git_describe source_dir result)
  set(${result} "" PARENT_SCOPE)
  find_program(MLP_GIT git)
  if(NOT MLP_GIT)
    return()
  endif()
  # A tarball unpacked under another checkout would otherwise report that
  # checkout's commit: SOURCE_DIR must be the top of its own.
  execute_process(COMMAND ${MLP_GIT} -C ${source_dir} rev-parse --show-toplevel
    OUTPUT_VARIABLE top RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT rc EQUAL 0)
    return()
  endif()
  file(REAL_PATH "${top}" top)
  file(REAL_PATH "${source_dir}" here)
  if(NOT top STREQUAL here)
    return()
  endif()
  # --exclude=*: the hash, never a tag's name; --dirty refreshes the index
  # first, so a file touched but not changed is not "dirty".
  execute_process(COMMAND ${MLP_GIT} -C ${source_dir} describe --always --abbrev=7 --dirty --exclude=*
    OUTPUT_VARIABLE described RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(rc EQUAL 0 AND described MATCHES "^[0-9a-f]+(-dirty)?$")
    set(${result} "${described}" PARENT_SCOPE)
  endif()
endfunction()

if(NOT SOURCE_DIR OR NOT OUT)
  message(FATAL_ERROR "git_version.cmake: give -DSOURCE_DIR=<source tree> -DOUT=<header>")
endif()
mlp_git_describe("${SOURCE_DIR}" described)
set(suffix "")
if(described)
  set(suffix " (git ${described})")
endif()
set(text "/* Written by cmake/git_version.cmake at each build: do not edit. */\n#define MLP_GIT_SUFFIX \"${suffix}\"\n")
# Rewritten only when it changes: a build of the same commit compiles nothing.
set(old "")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
# Written beside it and renamed, so a build stopped midway leaves no half header.
if(NOT old STREQUAL text)
  file(WRITE "${OUT}.tmp" "${text}")
  file(RENAME "${OUT}.tmp" "${OUT}")
endif()
