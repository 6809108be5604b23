/* SPDX-License-Identifier: MIT */
/* names.c: a sorted index of names (names.h). */
#include "names.h"

#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int cmp_name(const void *a, const void *b)
{
    const mlp_name *x = a, *y = b;
    int d = strcmp(x->name, y->name);
    if (d)
        return d;
    return (x->at > y->at) - (x->at < y->at);
}

void mlp_names_sort(mlp_name *v, size_t n)
{
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_name);
}

size_t mlp_names_find(const mlp_name *v, size_t n, const char *name)
{
    if (!name)
        return SIZE_MAX;
    /* The first entry not below name: equal names sort by position, so it
     * is the smallest position. */
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(v[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && strcmp(v[lo].name, name) == 0 ? v[lo].at : SIZE_MAX;
}

size_t mlp_names_repeat(const mlp_name *v, size_t n, size_t *first)
{
    /* In each run of equal names the first entry is the earliest position
     * and the second the earliest repeat of it; the answer is the run whose
     * second entry comes first. */
    size_t best = SIZE_MAX, best_first = 0;
    for (size_t k = 1; k < n; k++)
        if (strcmp(v[k].name, v[k - 1].name) == 0 &&
            (k < 2 || strcmp(v[k - 2].name, v[k].name) != 0) && v[k].at < best) {
            best = v[k].at;
            best_first = v[k - 1].at;
        }
    if (best != SIZE_MAX)
        *first = best_first;
    return best;
}

mlp_name *mlp_names_of_csv(const mlp_csv *csv)
{
    mlp_name *v = mlp_alloc(csv->n_cols ? csv->n_cols : 1, sizeof *v);
    if (!v)
        return NULL;
    for (size_t j = 0; j < csv->n_cols; j++)
        v[j] = (mlp_name){csv->cols[j].name, j};
    mlp_names_sort(v, csv->n_cols);
    return v;
}

int mlp_names_target_like(const char *name)
{
    static const char *const names[] = {"y", "label", "labels", "target", "class",
                                        "classes", "outcome"};
    for (size_t k = 0; name && k < sizeof names / sizeof names[0]; k++)
        if (strcasecmp(name, names[k]) == 0)
            return 1;
    return 0;
}
