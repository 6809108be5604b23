/* SPDX-License-Identifier: MIT */
/* shared.c: the one source file of libmlp.so. The shared library is the
 * static libmlp.a linked whole (cmake/install.cmake); CMake needs a source
 * file to make a library target, and this is it. It defines nothing. */
typedef int mlp_shared_library_has_no_sources_of_its_own;
