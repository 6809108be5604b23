/* SPDX-License-Identifier: MIT */
/* reduce.h: sums of any values over the processes of a data-parallel run,
 * through training's reduce hook (mlp_train_reduce_fn, train.h), for the
 * passes that are not training's own (the diagnosis' correlations, the
 * gradient check's input scales). Private to the library. */
#ifndef MLP_REDUCE_H
#define MLP_REDUCE_H

#include <stddef.h>

#include "mlp/error.h"
#include "mlp/net.h"
#include "mlp/train.h"

/* Adds this process's sums over its `rows` rows in v[0..n) to every other
 * process's, so that every process holds the sums over every row, and
 * gives every process's rows in *all_rows. Without reduce (NULL: one
 * process) v is left as it is and *all_rows is rows. The hook reduces
 * "gradients of a mean" of at most net->n_params values: each chunk is
 * handed over as this share's sums over its divisor (mlp_loss_divisor of
 * net's loss) and taken back multiplied by the divisor of every row. Every
 * process must call it alike (the same n), as every call of the hook. */
mlp_status mlp_reduce_sums(const mlp_net *net, size_t rows, double *v, size_t n,
                           mlp_train_reduce_fn reduce, void *ctx, size_t *all_rows,
                           mlp_error *err);

#endif
