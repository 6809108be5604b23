/* SPDX-License-Identifier: MIT */
/* linfit.h: how well a linear model of the inputs can fit the targets: the
 * R^2 of the least-squares fit of each target column on all the inputs
 * together, and the rule the diagnosis draws from it for a linear network
 * (no column's R^2 above MLP_DIAG_LINEAR_R2, diagnose.h: no linear model
 * beats the best constant output), and the mse of the best linear fit (a
 * linear network on a plateau above it has not reached it). Apart from diagnose.c because it is
 * linear algebra on sums of rows, which knows nothing of a run's curve, and
 * which tests/test_linfit.c checks against least-squares fits solved by
 * hand. Private to the library. */
#ifndef MLP_LINFIT_H
#define MLP_LINFIT_H

#include <stddef.h>

#include "mlp/dataset.h"
#include "mlp/error.h"
#include "mlp/net.h"
#include "mlp/train.h"

/* Adds to G (F x F, row-major) the products x x^T of the N rows of X
 * (N, F), each centred on mx, through a buffer of MLP_DIAG_GRAM_ROWS rows
 * (buf, MLP_DIAG_GRAM_ROWS x F; ones: F values of scratch). */
void mlp_linfit_add_gram(double *G, const double *X, size_t N, size_t F, const double *mx,
                         double *buf, double *ones);

/* Makes G (F x F, row-major, the centred sums x x^T; both halves given)
 * the inputs' correlation matrix and factors it in place by Cholesky (L in
 * the lower half; the upper half is left as it was). sc (F) gets each
 * input's root sum of squares, the scale it was divided by (0 for a
 * constant input). An input whose pivot, the share of its variance the
 * inputs before it leave unexplained, is at most MLP_DIAG_LINEAR_PIVOT (a
 * constant column, a copy or a sum of others) is left out: L_jj = 0 and
 * its column of L is 0. */
void mlp_linfit_factor(double *G, size_t F, double *sc);

/* The R^2 of the least-squares fit of target column k (of K) on the inputs
 * kept by mlp_linfit_factor (L in G, scales sc), from the centred sums sxy
 * (F x K) of x t and stt_k of t^2 of that column: |z|^2 with L z = the kept
 * inputs' correlations with the column. z: F values of scratch. A constant
 * column (stt_k 0) is fitted by the best constant: 0 is returned. */
double mlp_linfit_r2(const double *G, const double *sc, const double *sxy, double stt_k,
                     size_t F, size_t K, size_t k, double *z);

/* *none = 1 when no linear model of the inputs beats the best constant
 * output on any target column of data (every column's R^2 at most
 * MLP_DIAG_LINEAR_R2), else 0; the sums are added over every process by
 * reduce (train.h's hook, at most net->n_params values at a time; NULL:
 * data are all the rows, and net may be NULL). Collective under reduce:
 * every process calls it alike. More than MLP_DIAG_LINEAR_MAX_INPUTS
 * inputs, each within the bound alone, are not judged (*none = 0). MLP_OK,
 * MLP_ERR_NOMEM (on any process: every process returns it) or the
 * reduce's failure. */
mlp_status mlp_linfit_uncorrelated(const mlp_net *net, const mlp_dataset *data,
                                   mlp_train_reduce_fn reduce, void *ctx, int *none,
                                   mlp_error *err);

/* mlp_linfit_uncorrelated's *none, and with want_left (the same on every
 * process under reduce) *left: the share of the target columns' summed
 * variance that the least-squares fit on all the inputs leaves,
 * sum_k (1 - R^2_k) stt_k / sum_k stt_k, so that the best linear fit's mse
 * is *left times the best constant's (mlp_diagnose_chance of mse). It costs
 * the F x F sums, which *none alone takes only when no input correlates
 * alone. *left is NaN when not wanted, with fewer than 2 rows, more than
 * MLP_DIAG_LINEAR_MAX_INPUTS inputs, or every column constant. The same
 * statuses. */
mlp_status mlp_linfit_judge(const mlp_net *net, const mlp_dataset *data,
                            mlp_train_reduce_fn reduce, void *ctx, int want_left, int *none,
                            double *left, mlp_error *err);

#endif
