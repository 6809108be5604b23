/* SPDX-License-Identifier: MIT */
/* nearest.h: the name a typo most likely meant ("learnig_rate" for
 * "learning_rate", "xor.cvs" for "xor.csv"), for the "did you mean" hints
 * of the spec reader and the file reader. Internal to the library. */
#ifndef MLP_NEAREST_H
#define MLP_NEAREST_H

#include <stddef.h>

/* The longest name compared, in bytes; longer ones are never near. */
#define MLP_NEAREST_MAX 63

/* The optimal string alignment distance between a and b: the fewest edits
 * (insert, delete or substitute a byte, swap two adjacent ones; each 1)
 * that make a into b. SIZE_MAX when either is longer than MLP_NEAREST_MAX. */
size_t mlp_edit_distance(const char *a, const char *b);

/* Whether a name of len bytes at distance d counts as near: within about a
 * quarter of its length, at least 1 ("lr" suggests nothing, "epoch" does). */
int mlp_near_enough(size_t d, size_t len);

/* The index of the name of names[0..n) nearest to s, or -1 when none is near. */
int mlp_nearest(const char *s, const char *const *names, int n);

#endif
