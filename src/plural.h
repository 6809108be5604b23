/* SPDX-License-Identifier: MIT */
/* plural.h: the one rule for a counted noun in a message: "1 epoch",
 * "2 epochs", "0 rows". Every message that prints a count next to a noun
 * takes the noun's form from here:
 *     "%ld %s", n, mlp_plural(n, "epoch", "epochs")
 *     "%zu column%s", n, mlp_plural(n, "", "s")
 * Library and programs alike; nothing to link (the function is inline). */
#ifndef MLP_PLURAL_H
#define MLP_PLURAL_H

/* one when n is exactly 1, else many (0 rows, 2 rows, 0.5 epochs). n is a
 * double so that every integer type and a count held as a double
 * (the accuracy's correct rows) pass without a cast. */
static inline const char *mlp_plural(double n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

#endif
