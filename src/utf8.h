/* SPDX-License-Identifier: MIT */
/* utf8.h: the one test of well-formed UTF-8 of the library, error.c's (it
 * escapes what is not), shared with the CSV reader (a header name that is
 * not UTF-8 is told as such). */
#ifndef MLP_UTF8_H
#define MLP_UTF8_H

#include <stddef.h>

/* The length of the valid UTF-8 character at s, of which left bytes (1 or
 * more) are there: 1 for an ASCII byte, 2 to 4, or 0 when s starts none (a
 * continuation byte, a lead byte without its continuations, an overlong
 * form, a surrogate, a code point above U+10FFFF). */
size_t mlp_utf8_length(const unsigned char *s, size_t left);

#endif
