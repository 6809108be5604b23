/* SPDX-License-Identifier: MIT */
/* train_check.h: the checks that mlp_train_run (train.h) and mlp_fit_run
 * (fit.h) make of the options they share and of a data set against the
 * network, written once for both. Private to the library. */
#ifndef MLP_TRAIN_CHECK_H
#define MLP_TRAIN_CHECK_H

#include <stddef.h>

#include "mlp/dataset.h"
#include "mlp/error.h"
#include "mlp/net.h"

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

/* Whether d, named `what` in messages ("training set"), fits net (as many
 * features and outputs as its inputs and outputs) and has its arrays and
 * rows; may_be_empty: a process of a data-parallel run may hold no rows.
 * MLP_OK or MLP_ERR_DATA. */
mlp_status mlp_train_check_set(const mlp_net *net, const mlp_dataset *d, const char *what,
                               int may_be_empty, mlp_error *err);

#endif
