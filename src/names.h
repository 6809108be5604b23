/* SPDX-License-Identifier: MIT */
/* names.h: finding names among many (column names: a CSV header's, a spec's
 * "data.features") in n log n, not n times n.
 *
 * The one sorted index of names the library keeps: the caller fills an
 * array of {name, position} pairs, mlp_names_sort sorts it by name (bytes,
 * strcmp) and, among equal names, by position; the other functions search
 * the sorted array. The names are borrowed: they must outlive the index.
 * Matching 100,000 feature names against a header of 100,000 columns one
 * linear scan per name took 20 s; through the index it takes milliseconds.
 */
#ifndef MLP_NAMES_H
#define MLP_NAMES_H

#include "mlp/csv.h"

#include <stddef.h>

typedef struct {
    const char *name; /* borrowed, not NULL */
    size_t at;        /* its position in the caller's list (a column index) */
} mlp_name;

/* Sorts v[0..n) by name, then by position. */
void mlp_names_sort(mlp_name *v, size_t n);

/* The smallest position of `name` in the sorted v[0..n), or SIZE_MAX when it
 * is not there or name is NULL. */
size_t mlp_names_find(const mlp_name *v, size_t n, const char *name);

/* The first repeat of the sorted v[0..n): the smallest position whose name
 * also occurs at an earlier position, with that earliest position in
 * *first; SIZE_MAX (and *first untouched) when the names all differ. This is
 * the name a reader going down the list finds named twice first. */
size_t mlp_names_repeat(const mlp_name *v, size_t n, size_t *first);

/* A new sorted index of csv's n_cols column names (free it), or NULL when
 * out of memory. */
mlp_name *mlp_names_of_csv(const mlp_csv *csv);

/* Whether name is one that target columns, class labels above all, go
 * by ("y", "label", "class", ...), in any letter case: the one list of
 * such names (dataset.c's advice on a label count, the pre-flight's
 * target-named-first). */
int mlp_names_target_like(const char *name);

#endif
