/* SPDX-License-Identifier: MIT */
/* parse_number.h: decimal text to double, exactly as strtod rounds it (C
 * locale, round to nearest even), at several hundred MB/s.
 *
 * The fast path reads [+-] digits [. digits] [(e|E) [+-] digits] with up to
 * 19 significant digits and decides the nearest double from the decimal
 * value w * 10^q with Clinger's exact path (w <= 2^53, |q| <= 22: one
 * correctly rounded IEEE multiply or divide) or the Eisel-Lemire method (w
 * times a 128-bit truncation of 5^q; an error bound says when the result is
 * certain). Everything it cannot decide with certainty (more digits, a
 * product too close to a rounding boundary, subnormal or overflowing results,
 * hex, inf, nan) goes to strtod, so every result equals strtod's bit for bit.
 */
#ifndef MLP_PARSE_NUMBER_H
#define MLP_PARSE_NUMBER_H

#include <stddef.h>
#include <stdint.h>

/* Parses the longest decimal number at the start of [s, end) (no leading
 * blanks). Returns the end of it and sets *out when the fast path decided
 * the value and it is a finite normal double or zero; returns NULL when
 * there is no decimal number there or the fast path cannot decide (then the
 * caller asks strtod). What strtod would do with text after the returned
 * end (a hex or exponent form) is the caller's to check. */
const char *mlp_parse_number_fast(const char *s, const char *end, double *out);

/* 1 when strtod takes all of s[0..len) and the result is finite, with the
 * result in *out; else 0. s[len] must be '\0'. Leading white space is not
 * taken (strtod would skip it). */
int mlp_parse_number(const char *s, size_t len, double *out);

/* For the test only: the table of 128-bit powers of five and its range of
 * exponents (entry q - *q_min holds 5^q as {high, low} 64-bit words). */
const uint64_t (*mlp_parse_number_pow5_table(int *q_min, int *q_max))[2];

#endif
