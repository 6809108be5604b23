/* SPDX-License-Identifier: MIT */
/* format_number.h: a double as the shortest decimal text that reads back to
 * the same double (strtod, round to nearest even), laid out like printf's
 * "%g" without trailing zeros: fixed notation for decimal exponents -4 to
 * 16, "d.ddde-05" / "d.ddde+17" (at least two exponent digits) outside,
 * "-0" for negative zero, "nan", "inf" and "-inf" whatever the sign of a
 * NaN. The shortest length is at most 17 significant digits; among texts of
 * that length the one nearest the double is chosen. */
#ifndef MLP_FORMAT_NUMBER_H
#define MLP_FORMAT_NUMBER_H

#include <stddef.h>

/* Room enough for any result and its '\0' ("-2.2250738585072014e-308" is 24). */
#define MLP_FORMAT_NUMBER_MAX 32

/* Writes x into buf (at least MLP_FORMAT_NUMBER_MAX bytes), '\0'-terminated;
 * returns the length. */
size_t mlp_format_double(char *buf, double x);

/* Writes the decimal digits of v into buf ('\0'-terminated); returns the length. */
size_t mlp_format_long(char *buf, long v);

#endif
