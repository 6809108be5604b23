/* SPDX-License-Identifier: MIT */
/* nearest.c: edit distances for "did you mean" (nearest.h). */
#include "nearest.h"

#include <stdint.h>
#include <string.h>

size_t mlp_edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > MLP_NEAREST_MAX || m > MLP_NEAREST_MAX)
        return SIZE_MAX;
    /* Three rows of the dynamic programme: row i holds the distances from
     * a's first i bytes to each prefix of b; a swap looks two rows back. */
    size_t rows[3][MLP_NEAREST_MAX + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= m; j++)
        prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t best = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
        }
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[m];
}

int mlp_near_enough(size_t d, size_t len)
{
    size_t limit = (len + 2) / 4;
    return d <= (limit ? limit : 1);
}

int mlp_nearest(const char *s, const char *const *names, int n)
{
    int best = -1;
    size_t best_d = 0;
    for (int k = 0; k < n; k++) {
        size_t d = mlp_edit_distance(s, names[k]);
        if (d != SIZE_MAX && mlp_near_enough(d, strlen(names[k])) && (best < 0 || d < best_d)) {
            best = k;
            best_d = d;
        }
    }
    return best;
}
