/* SPDX-License-Identifier: MIT */
/* train_check.h: the checks that mlp_train_run (train.h) and mlp_fit_run
 * (fit.h) make of the options they share and of a data set against the
 * network, written once for both. Private to the library. */
#ifndef MLP_TRAIN_CHECK_H
#define MLP_TRAIN_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "mlp/dataset.h"
#include "mlp/error.h"
#include "mlp/net.h"
#include "mlp/train.h"

/* The documented ranges of epochs (>= 1), l2 and min_delta (finite, >= 0),
 * patience (>= 0) and threads (0 .. MLP_POOL_MAX_THREADS): MLP_OK, or
 * MLP_ERR_USAGE naming the first field out of range as `owner`.field
 * ("mlp_fit_options.l2 must be a finite number >= 0, not nan"). */
mlp_status mlp_train_check_ranges(const char *owner, long epochs, double l2, long patience,
                                  double min_delta, int threads, mlp_error *err);

/* refit_scale of `owner` (mlp_train_options, mlp_fit_options): 0 (that is
 * 1) or 1 to MLP_TRAIN_MAX_REFIT_SCALE, the spec's bounds; MLP_OK, or
 * MLP_ERR_USAGE naming it ("mlp_fit_options.refit_scale must be ..."). */
mlp_status mlp_train_check_refit_scale(const char *owner, double refit_scale, mlp_error *err);

/* init of `owner` (mlp_fit_options, mlp_spec): one of mlp_init's values;
 * MLP_OK, or MLP_ERR_USAGE naming it ("mlp_fit_options.init must be ...").
 * mlp_net_init refuses such a value without saying why: a caller checks
 * before anything trains, so no run keeps the weights it had. */
mlp_status mlp_train_check_init(const char *owner, mlp_init init, mlp_error *err);

/* mlp_net_init with its refusal told as mlp_train_check_init tells it: for
 * every library caller, so none trains on weights that were not drawn. */
mlp_status mlp_train_init_weights(mlp_net *net, const char *owner, mlp_init init, uint64_t seed,
                                  mlp_error *err);

/* Whether d, named `what` in messages ("training set"), fits net (as many
 * features and outputs as its inputs and outputs) and has its arrays and
 * rows; may_be_empty: a process of a data-parallel run may hold no rows.
 * MLP_OK or MLP_ERR_DATA. */
mlp_status mlp_train_check_set(const mlp_net *net, const mlp_dataset *d, const char *what,
                               int may_be_empty, mlp_error *err);

/* Why a row's loss is not a finite number when the network's output y on
 * it is (n_out values; NULL: not computed, taken as 0): its target t is at
 * fault when its largest magnitude exceeds every output's and 1 (a class's
 * target is 0 or 1: a classification's loss overflows from its logits),
 * else the row's largest feature of x (n_in values) made the output too
 * large for the loss (1e300 through relu, squared by mse). Returns 1 for
 * the target, 0 for the feature; *unit is the unit of the largest target
 * (1) or output (0), *feature the largest feature's index. Told alike by
 * training (train.c) and the gradient check (gradcheck.c). */
int mlp_train_blames_target(const double *x, size_t n_in, const double *t, const double *y,
                            size_t n_out, size_t *unit, size_t *feature);

/* The one agreement of the processes of a data-parallel run on a yes/no
 * each: one reduction (train.h's reduce) of a pass of `rows` rows whose
 * correct count is 1 where `mine` holds, so that *count is the number of
 * processes for which it holds and *all_rows the rows of them all (with
 * rows 1: the processes). Without a reduce, this process's own. Collective
 * under a reduce: every process calls it at the same point. */
mlp_status mlp_train_count_processes(mlp_train_reduce_fn reduce, void *ctx, size_t rows,
                                     int mine, size_t *count, size_t *all_rows, mlp_error *err);

/* What every process allocated for the collective work that follows (a
 * training run, a learning-rate trial), agreed before it starts: a process
 * that ran out of memory alone and returned left the others waiting in the
 * next reduction forever. st is this process's status, MLP_OK or an error
 * with err filled. MLP_OK when no process failed. Else a process that met
 * an error other than MLP_ERR_NOMEM returns it (such errors are met by
 * every process alike), and every other one returns MLP_ERR_NOMEM with the
 * same message, "out of memory for WHAT (in K of P processes)", whichever
 * process it was. Without a reduce (one process), st as it is. */
mlp_status mlp_train_agree_memory(mlp_train_reduce_fn reduce, void *ctx, mlp_status st,
                                  const char *what, mlp_error *err);

#endif
