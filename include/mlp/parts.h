/* SPDX-License-Identifier: MIT */
/* parts.h: several processes that read one data file together, each its
 * own part of it (mlp_csv_read_part, mlp_dataset_build with
 * mlp_data_plan.parts). The library knows nothing of how the processes
 * talk: the program gives two collective hooks (mlptrain: MPI, in
 * src/cli/comm_mpi.c; tests: threads). Every process makes the same calls
 * of the hooks in the same order, and a process that fails still makes
 * the next `agree`, so that every process stops at the same point with
 * the same error (docs/architecture.md, "Each rank reads its part"). */
#ifndef MLP_PARTS_H
#define MLP_PARTS_H

#include <stddef.h>

#include "mlp/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int rank, size;  /* this process is part `rank` (0-based) of `size` >= 1 */
    void *ctx;       /* passed to the hooks */
    /* Every process passes its status (err filled when not MLP_OK); every
     * process gets back the same: MLP_OK when all had MLP_OK, else the error
     * earliest in the file (lowest err->line; one without a line last),
     * then that of the lowest rank, copied into err. */
    mlp_status (*agree)(void *ctx, mlp_status st, mlp_error *err);
    /* Every process gives lens[rank] bytes at mine; `all` (sum of lens
     * bytes) receives every process's bytes in rank order. lens (size
     * entries) is the same in every process, so a refusal (MLP_ERR_USAGE
     * for a count the transport cannot carry, err filled) is the same too. */
    mlp_status (*allgather)(void *ctx, const void *mine, void *all, const size_t *lens,
                            mlp_error *err);
} mlp_parts;

/* parts->agree(st), or st itself without parts (NULL, or of size 1). */
mlp_status mlp_parts_agree(const mlp_parts *parts, mlp_status st, mlp_error *err);

/* Agrees on st (and on its own allocations), then gathers len bytes at
 * mine from every process: *all (new, at least 1 byte; free it) holds them
 * in rank order, (*lens)[q] (new, parts->size entries; free it) how many
 * process q gave. On failure both are NULL. MLP_ERR_NOMEM, or the agreed
 * error. */
mlp_status mlp_parts_gather(const mlp_parts *parts, mlp_status st, const void *mine, size_t len,
                            void **all, size_t **lens, mlp_error *err);

#ifdef __cplusplus
}
#endif

#endif
