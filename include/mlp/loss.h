/* SPDX-License-Identifier: MIT */
/* loss.h: the training objectives, each value next to its gradient.
 *
 * With N rows, K output units, logits Z, outputs Y = f(Z) and targets T:
 *   mse                   L = 1/(N K) sum_{n,k} (y - t)^2         (any output activation)
 *   cross_entropy         L = 1/N sum_n -sum_k t log softmax(z)_k  (softmax output only)
 *   binary_cross_entropy  L = 1/(N K) sum_{n,k} -[t log y + (1-t) log(1-y)]
 *                                                                  (sigmoid output only)
 * The two cross-entropies are fused with their activation and computed from
 * the logits, so they neither overflow nor take log(0):
 *   cross_entropy:        l = logsumexp(z) - sum_k t_k z_k   (when sum_k t_k = 1)
 *                         dL/dz = (softmax(z) - t) / N
 *   binary_cross_entropy: l = max(z,0) - t z + log1p(e^-|z|)
 *                         dL/dz = (sigmoid(z) - t) / (N K)
 * docs/losses.md derives each of these.
 */
#ifndef MLP_LOSS_H
#define MLP_LOSS_H

#include <stddef.h>

#include "mlp/activation.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The codes are stored in weights files: a new kind is appended before
 * MLP_LOSS_COUNT, never inserted. */
typedef enum {
    MLP_LOSS_MSE = 0,
    MLP_LOSS_CROSS_ENTROPY,
    MLP_LOSS_BINARY_CROSS_ENTROPY,
    MLP_LOSS_COUNT
} mlp_loss;

/* What the targets of a loss are. */
typedef enum {
    MLP_LOSS_TARGETS_VALUES = 0, /* any numbers (a regression) */
    MLP_LOSS_TARGETS_ONE_HOT,    /* one class per row: a 1 in one column, 0 elsewhere */
    MLP_LOSS_TARGETS_UNIT        /* each in [0, 1]: 0/1 class indicators or probabilities */
} mlp_loss_targets;

/* flags */
#define MLP_LOSS_FLAG_PER_ROW 0x01u /* the mean is over rows (divisor N), not over every
                                     * output (N K) */

/* What mlp knows about one loss: one row of the table in loss.c, next to
 * its kernels (docs/extending.md). */
typedef struct {
    mlp_loss kind;
    const char *name;  /* the spec name */
    /* Kernels, as mlp_loss_sum and mlp_loss_backward below. */
    double (*sum)(mlp_activation out, const double *Z, const double *A, const double *T,
                  size_t rows, size_t cols);
    void (*backward)(mlp_activation out, const double *Z, const double *A, const double *T,
                     double *dZ, size_t rows, size_t cols, double scale);
    /* The mean loss of the best constant output, as mlp_loss_chance below. */
    double (*chance)(const double *T, size_t N, size_t K, int *ln_k);
    /* fused: the loss is computed from the logits of this output activation
     * and follows no other; 0: it follows any output. */
    int fused;
    mlp_activation output;
    mlp_loss_targets targets;
    /* --trace templates, {l} standing for the output layer:
     *   formula           "loss = ..."
     *   gradient_formula  fused: the whole "dZ{l} = ..."; else dA{l}, the
     *                     gradient with respect to the outputs, which the
     *                     output activation's slope or Jacobian then follows */
    const char *formula;
    const char *gradient_formula;
    unsigned flags;  /* MLP_LOSS_FLAG_* */
    /* Kernel: the sum for a committee's mean output, as mlp_loss_sum_committee
     * below. (Appended last: the fields above keep their places.) */
    double (*sum_committee)(const double *const *Z, size_t n_models, const double *Y,
                            const double *T, size_t rows, size_t cols);
} mlp_loss_info;

/* The row of `loss`; NULL for a value that is no loss (>= MLP_LOSS_COUNT). */
const mlp_loss_info *mlp_loss_info_of(mlp_loss loss);

/* The row named `name` (case-sensitive); NULL when no loss has it. */
const mlp_loss_info *mlp_loss_info_by_name(const char *name);

/* The spec name of a loss ("mse", ...); "?" for an invalid value. */
const char *mlp_loss_name(mlp_loss loss);

/* Looks a spec name up, case-sensitively. Returns 0 and sets *out, or -1. */
int mlp_loss_from_name(const char *name, mlp_loss *out);

/* 1 when loss can follow output activation `out`, else 0:
 * mse follows anything, cross_entropy only softmax, binary_cross_entropy only sigmoid. */
int mlp_loss_accepts(mlp_loss loss, mlp_activation out);

/* The spec names of the losses that can follow `out`, each in quotes and
 * joined by " or " ("binary_cross_entropy" or "mse" for sigmoid): those made
 * for that output first, then those that follow anything, for the hints of
 * every reader that refuses a pair. Written to buf (size bytes, at least 1),
 * which ends after the last name that fits. */
void mlp_loss_names_accepting(mlp_activation out, char *buf, size_t size);

/* The mean loss of the best constant output (the per-column target means)
 * on targets T (N, K): what a network that ignores its inputs reaches.
 * cross_entropy: the entropy of the class frequencies; binary_cross_entropy:
 * the mean binary entropy of each column; mse: the mean variance of each
 * column. *ln_k (if not NULL) is set to 1 when that value is ln K (or ln 2)
 * because the classes are balanced, else 0. NaN when N or K is 0. */
double mlp_loss_chance(mlp_loss loss, const double *T, size_t N, size_t K, int *ln_k);

/* The divisor that turns a summed loss into the mean the loss defines:
 * N for cross_entropy, N*K for mse and binary_cross_entropy. */
double mlp_loss_divisor(mlp_loss loss, size_t n_rows, size_t n_outputs);

/* Sum over a (rows, cols) block of the per-element (or per-row, for
 * cross_entropy) loss, NOT divided by mlp_loss_divisor. Z are the output
 * logits, A = f(Z) the outputs, T the targets; all (rows, cols). */
double mlp_loss_sum(mlp_loss loss, mlp_activation out, const double *Z, const double *A,
                    const double *T, size_t rows, size_t cols);

/* The sum over a (rows, cols) block of the loss of a committee's mean
 * output Y = (f(Z_1) + ... + f(Z_M)) / M, from the members' output logits
 * Z[0..n_models) (each (rows, cols)) and Y: mse from Y; the cross-entropies
 * from log Y = logsumexp_m(log f(Z_m)) - log M, so the sum stays finite where
 * Y itself rounds to 0 or 1 (docs/losses.md, "The loss of a committee").
 * NaN for an invalid loss or n_models = 0. For one model mlp_loss_sum is
 * the form to use. */
double mlp_loss_sum_committee(mlp_loss loss, const double *const *Z, size_t n_models,
                              const double *Y, const double *T, size_t rows, size_t cols);

/* dZ = scale * d(sum of loss)/dZ for a (rows, cols) block, through the output
 * activation `out` (fused for the cross-entropies). scale is 1/divisor for
 * the gradient of the mean. dZ must not alias Z, A or T. */
void mlp_loss_backward(mlp_loss loss, mlp_activation out, const double *Z, const double *A,
                       const double *T, double *dZ, size_t rows, size_t cols, double scale);

#ifdef __cplusplus
}
#endif

#endif
