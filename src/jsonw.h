/* SPDX-License-Identifier: MIT */
/* jsonw.h: the few pieces of JSON output the findings and the trace need,
 * written to a FILE the caller owns. Only output: reading JSON is spec.c's. */
#ifndef MLP_JSONW_H
#define MLP_JSONW_H

#include <stdio.h>

/* s as a JSON string: quotes, with ", \ and control bytes escaped; valid
 * UTF-8 copied as it is; each byte that is no part of valid UTF-8 (a
 * Latin-1 name) written as the four characters \xNN (JSON "\\xb0"), as
 * the text format shows it, so the output is always RFC 8259 (UTF-8) JSON.
 * NULL writes null. */
void mlp_jsonw_string(FILE *out, const char *s);

/* x with 17 significant digits (reads back to the same double); null when x
 * is NaN or infinite, which JSON cannot hold. */
void mlp_jsonw_number(FILE *out, double x);

#endif
