/* SPDX-License-Identifier: MIT */
/* nearest.h: the name a typo most likely meant ("learnig_rate" for
 * "learning_rate", "xor.cvs" for "xor.csv"), for the "did you mean" hints
 * of the spec reader, the file reader and the .npz reader, and the names
 * other tools give what mlp has under another name. Internal to the library. */
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

/* mlp's name among names[0..n) for s, a name of kind `what` ("loss",
 * "activation", "optimizer", "init", "normalization"), when s is one of them
 * in another letter case or another tool's name for one (PyTorch's
 * "BCELoss": "binary_cross_entropy"; then *tool and *other, where not NULL,
 * name that tool and its name; else they are set to NULL); NULL otherwise. */
const char *mlp_nearest_known_as(const char *s, const char *what, const char *const *names, int n,
                                 const char **tool, const char **other);

/* The hint for the unknown name s of kind `what` among names[0..n), the
 * same wherever such a name is read (a spec, an .npz): another letter case,
 * another tool's name, one mlp does not have (list: the caller's list of
 * names, said with it) or a near spelling, written to buf; 0 and buf
 * untouched when none of these applies, and the caller lists the names. */
int mlp_nearest_hint(const char *s, const char *what, const char *const *names, int n,
                     const char *list, char *buf, size_t size);

#endif
