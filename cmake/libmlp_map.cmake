# SPDX-License-Identifier: MIT
# libmlp_map.cmake: writes the linker version script of libmlp.so, which
# exports the functions the public headers declare and hides everything else:
# the internal modules' mlp_ names (src/*.h: mlp_alloc_fail_after, the test
# hook that makes allocations fail, mlp_signals_install, mlp_fileio_*, ...),
# static helpers, what a dependency brings in. Run at build time, so a
# function added to include/mlp/*.h is exported without another list to keep:
#   cmake -DCC=cc -DINCLUDE=include -DOUT=libmlp.map -P cmake/libmlp_map.cmake
# The headers are preprocessed (comments and macros gone) and every
# `mlp_name (` left is a declaration: they hold no inline code, and
# function-pointer types, `(*mlp_pool_fn)(` and `mlp_status (*agree)(`, do
# not match.
# tests/install/test_symbols.sh checks the result against the compiler's own
# list of the declarations (gcc -aux-info).
foreach(var CC INCLUDE OUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "libmlp_map.cmake: -D${var}=... is missing")
  endif()
endforeach()

file(GLOB headers RELATIVE ${INCLUDE} ${INCLUDE}/mlp/*.h)
list(SORT headers)
set(all "")
foreach(h IN LISTS headers)
  string(APPEND all "#include \"${h}\"\n")
endforeach()
file(WRITE ${OUT}.c "${all}")
execute_process(COMMAND ${CC} -std=c11 -E -P -I${INCLUDE} ${OUT}.c
                OUTPUT_VARIABLE text RESULT_VARIABLE rc ERROR_VARIABLE errors)
file(REMOVE ${OUT}.c)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "libmlp_map.cmake: ${CC} -E on include/mlp/*.h failed:\n${errors}")
endif()

# A name followed by `(*` is a type returning a function pointer's result,
# `mlp_status (*agree)(...)`, not a function.
string(REGEX MATCHALL "mlp_[A-Za-z0-9_]+[ \t\n]*\\([ \t\n]*[^* \t\n]" calls "${text}")
set(names "")
foreach(c IN LISTS calls)
  string(REGEX REPLACE "[ \t\n]*\\(.*$" "" name "${c}")
  list(APPEND names ${name})
endforeach()
list(REMOVE_DUPLICATES names)
list(SORT names)
list(LENGTH names n)
if(n LESS 100)
  message(FATAL_ERROR "libmlp_map.cmake: found only ${n} functions in include/mlp/*.h")
endif()

set(map "/* libmlp.map: written by cmake/libmlp_map.cmake from include/mlp/*.h; the ${n}\n")
string(APPEND map " * functions of the public headers, and nothing else. */\n{\n  global:\n")
foreach(name IN LISTS names)
  string(APPEND map "    ${name};\n")
endforeach()
string(APPEND map "  local:\n    *;\n};\n")
# Rewritten only when it changes, so that an edit of a comment in a header
# does not relink the library.
if(EXISTS ${OUT})
  file(READ ${OUT} old)
endif()
if(NOT "${old}" STREQUAL "${map}")
  file(WRITE ${OUT} "${map}")
endif()
