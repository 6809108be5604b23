/* SPDX-License-Identifier: MIT */
/* fake_parts.h: one process of a fake job (parts.h) whose other
 * processes' bytes are known up front, so that a collective call can be
 * made by one process alone: `agree` passes the status on, `allgather`
 * answers its two calls of mlp_parts_gather (the lengths, then the bytes)
 * from data and len (a second gather from then and then_len, when
 * given), this process's own bytes from the call itself. For
 * tests of one process's view; test_parts.c runs real threads. */
#ifndef MLP_TEST_FAKE_PARTS_H
#define MLP_TEST_FAKE_PARTS_H

#include <string.h>

#include "mlp/parts.h"

#define FAKE_PARTS_MAX 4

typedef struct {
    int size, rank;
    const void *data[FAKE_PARTS_MAX]; /* each process's bytes */
    size_t len[FAKE_PARTS_MAX];
    /* Each process's bytes in a second gather, when they are others (NULL:
     * data again). */
    const void *then[FAKE_PARTS_MAX];
    size_t then_len[FAKE_PARTS_MAX];
    int calls;
} fake_job;

static mlp_status fake_agree(void *ctx, mlp_status st, mlp_error *err)
{
    (void)ctx;
    (void)err;
    return st;
}

static mlp_status fake_allgather(void *ctx, const void *mine, void *all, const size_t *lens,
                                 mlp_error *err)
{
    (void)err;
    fake_job *f = ctx;
    int second = f->calls >= 2 && f->then[0];
    const void *const *data = second ? f->then : f->data;
    const size_t *len = second ? f->then_len : f->len;
    if (f->calls++ % 2 == 0) {
        for (int q = 0; q < f->size; q++)
            ((size_t *)all)[q] = len[q];
        return MLP_OK;
    }
    char *to = all;
    for (int q = 0; q < f->size; q++) {
        memcpy(to, q == f->rank ? mine : data[q], lens[q]);
        to += lens[q];
    }
    return MLP_OK;
}

/* Process rank of f (f->rank set, its call count restarted). */
static inline mlp_parts fake_parts(fake_job *f, int rank)
{
    f->rank = rank;
    f->calls = 0;
    return (mlp_parts){.rank = rank, .size = f->size, .ctx = f, .agree = fake_agree,
                       .allgather = fake_allgather};
}

#endif
