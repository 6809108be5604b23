/* SPDX-License-Identifier: MIT */
/* parts.c: the two collective steps every reader in parts is built from
 * (include/mlp/parts.h): agreeing on a status, and gathering bytes of
 * different lengths. Knows nothing of how the processes talk. */
#include "mlp/parts.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"

mlp_status mlp_parts_agree(const mlp_parts *parts, mlp_status st, mlp_error *err)
{
    return parts && parts->size > 1 ? parts->agree(parts->ctx, st, err) : st;
}

mlp_status mlp_parts_gather(const mlp_parts *parts, mlp_status st, const void *mine, size_t len,
                            void **all, size_t **lens, mlp_error *err)
{
    *all = NULL;
    *lens = NULL;
    size_t P = (size_t)parts->size;
    size_t *l = mlp_alloc(2 * P, sizeof *l); /* the lengths, then the length of a length */
    if (!st && !l)
        st = mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory gathering the parts");
    if ((st = parts->agree(parts->ctx, st, err))) {
        free(l);
        return st;
    }
    for (size_t q = 0; q < P; q++)
        l[P + q] = sizeof *l;
    if ((st = parts->allgather(parts->ctx, &len, l, l + P, err))) {
        free(l);
        return st;
    }
    size_t total = 0;
    for (size_t q = 0; q < P; q++)
        total += l[q];
    char *buf = mlp_alloc(total ? total : 1, 1);
    if (!buf)
        st = mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory gathering the parts");
    if (!(st = parts->agree(parts->ctx, st, err)))
        st = parts->allgather(parts->ctx, mine, buf, l, err);
    if (st) {
        free(buf);
        free(l);
        return st;
    }
    *all = buf;
    *lens = l;
    return MLP_OK;
}
