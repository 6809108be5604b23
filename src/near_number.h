/* SPDX-License-Identifier: MIT */
/* near_number.h: what a cell that is not a number but starts like one most
 * likely is ("5%", "1,5", "1 234,5", "1.234.5", "2024-01-05", "12-"), and
 * the hint that says how to write it (docs/csv.md, "Numbers"). Internal:
 * dataset.c's "is not a number" messages call it; the classifier is
 * near_number.c's, tested in tests/test_near_number.c. */
#ifndef MLP_NEAR_NUMBER_H
#define MLP_NEAR_NUMBER_H

#include "mlp/error.h"

#include <stddef.h>

/* The bytes of s to show in a message that shows at most max bytes of it:
 * all of s when it fits, else max cut back to the start of a UTF-8
 * character, so that a character is never shown cut (error.c would escape
 * its bytes as \xNN, which reads as a corrupt file). Also csv.c's, for the
 * text after a closing quote. */
int mlp_shown_len(const char *s, size_t max);

/* The same for the len bytes at s, which need not end in a NUL (a field
 * inside the text being read). */
int mlp_shown_len_n(const char *s, size_t len, size_t max);

/* Sets the hint of err (an error already set) for a cell whose text starts
 * with a finite number but goes on: how to write it alone, or why it does
 * not read as one; where a text has two readings ("1,500": 1.5 or 1500)
 * the hint gives no number. Returns 1 when it gave one, 0 (err untouched)
 * when text is no such cell: no number at its start, or a number whole. */
int mlp_near_number_hint(mlp_error *err, const char *text);

#endif
