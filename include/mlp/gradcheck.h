/* SPDX-License-Identifier: MIT */
/* gradcheck.h: the backward pass checked against finite differences.
 *
 * For each parameter p the numerical derivative of the mean loss L is the
 * sixth-order central difference
 *     g ~ [-L(p-3h) + 9 L(p-2h) - 45 L(p-h) + 45 L(p+h) - 9 L(p+2h) + L(p+3h)] / (60 h),
 * computed with the very same mlp_net_forward and mlp_net_loss_sum that
 * training uses, and the analytic one comes from mlp_net_gradient. With an
 * l2 penalty lambda, L is the mean loss plus mlp_optimizer_l2_penalty and
 * the analytic gradient gains mlp_optimizer_l2_gradient, as in training. Their
 * disagreement is
 *     rel = |a - g| / max(|a|, |g|, floor).
 * h is MLP_GRADCHECK_STEP for a bias and MLP_GRADCHECK_STEP / max(1, s) for
 * a weight whose input has root mean square s over the rows; floor is
 * MLP_GRADCHECK_FLOOR * max(1, |L|) * (MLP_GRADCHECK_STEP / h): see
 * gradcheck.c for why they have these values. A parameter
 * whose stencil makes a unit of an activation with MLP_ACT_FLAG_KINK (relu,
 * leaky_relu: f is not smooth at z = 0) change side of z = 0 on some row
 * (where the stencil does not measure the derivative) is skipped and
 * counted, never reported as a mismatch.
 */
#ifndef MLP_GRADCHECK_H
#define MLP_GRADCHECK_H

#include <stddef.h>
#include <stdint.h>

#include "mlp/error.h"
#include "mlp/net.h"
#include "mlp/train.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MLP_GRADCHECK_STEP 1e-3
#define MLP_GRADCHECK_FLOOR 1e-5
#define MLP_GRADCHECK_TOLERANCE 1e-6

typedef struct {
    double max_rel_W, max_rel_b;  /* largest rel of the layer's W and b */
    size_t checked;               /* parameters compared, of W and b together */
    size_t checked_b;             /* of which entries of b (checked - checked_b of W): a
                                     tensor with none compared has no max_rel to show */
    size_t skipped;               /* parameters skipped at a kink */
} mlp_gradcheck_layer;

typedef struct {
    size_t n_layers;
    mlp_gradcheck_layer layers[MLP_MAX_LAYERS];
    double worst;              /* largest rel over everything checked */
    size_t worst_layer;        /* where it is: layer (0-based), */
    int worst_is_bias;         /* W or b, */
    size_t worst_row, worst_col; /* W[row][col] (col 0 for b) */
    double worst_analytic, worst_numeric;
    double grad_norm;          /* Euclidean norm of the analytic gradient (to show it is not zero) */
    double loss;               /* the objective L at the unchanged parameters */
    /* Compared pairs whose analytic or numerical value reached tolerance x
     * floor, the smallest error the check can see: below it a backward
     * pass that returned 0 would pass as well. 0 with a finite loss and
     * gradient (the gradient exactly 0, or every entry too small, or every
     * parameter skipped at a kink): nothing was compared, MLP_ERR_DATA. */
    size_t resolved;
    /* The largest, over the compared pairs, of the rounding noise expected
     * in the numerical derivative relative to max(|a|, |g|, floor): a
     * tolerance below it can fail a right gradient. */
    double noise;
    /* With MLP_ERR_GRADCHECK: 1 when every failing pair differs by no more
     * than the rounding noise of its finite differences, so the failure is
     * the tolerance's, not the gradient's (err's hint says so); 0 when some
     * pair disagrees beyond it (err names the worst such). */
    int noise_only;
    /* When loss or grad_norm is not finite nothing is compared (worst is
     * NaN, MLP_ERR_DATA): the first row of X (0-based) on which some
     * layer's output is not finite (bad_in_output 1), else the first whose
     * loss is not (0); N when none is found or under reduce. */
    size_t bad_row;
    int bad_in_output;
} mlp_gradcheck_report;

typedef struct {
    size_t max_params_per_tensor; /* check at most this many entries of each W and b, spread evenly; 0 = all */
    double tolerance;             /* in [0, 1): pass when worst < tolerance;
                                     0 = MLP_GRADCHECK_TOLERANCE (a relative
                                     error of 1 or more is no agreement) */
    double l2;                    /* finite, >= 0: lambda of the l2 penalty included in L
                                     (0 = none) */
    /* Data-parallel (train.h): X and T are this process's share of the
     * rows (possibly none), and reduce makes the gradient and every loss
     * those of all the rows, so every process checks the same gradient and
     * reports the same. A share's kink crossings travel in the correct
     * count of the pass it reduces. NULL: the rows are all the rows. */
    mlp_train_reduce_fn reduce;
    void *reduce_ctx;
    /* N numbers that messages give the rows of X (the rows of the data they
     * were taken from); NULL: 1..N. */
    const size_t *row_numbers;
    /* Where the rows of X came from, for the message about a row at fault:
     * the file and the N lines of its rows in it (mlp_dataset.path and
     * row_line); the error then has that file and line, and the row is
     * "this row". NULL (either): the row is named by its number. Borrowed. */
    const char *path;
    const long *row_lines;
} mlp_gradcheck_options;

/* Compares the gradient `analytic` (net->n_params values, laid out as
 * net->grads) with central differences of the mean loss (plus the l2
 * penalty of opts) over X (N, n_in) and T (N, n_out). The parameters are perturbed and restored exactly. Fills
 * report; returns MLP_ERR_GRADCHECK when report->worst >= tolerance (a pair
 * that is not finite counts as infinitely wrong): err names the worst pair
 * whose difference exceeds the rounding noise of its finite differences,
 * or, when every failing pair's is within it, the worst pair, with a hint
 * that the tolerance, not the gradient, is at fault. MLP_ERR_DATA when N
 * exceeds the chunk, when the loss at the unchanged parameters or the
 * analytic gradient is not finite (err names the row, report->bad_row), or
 * when no compared pair reached the check's resolution (report->resolved
 * 0): in both cases nothing was compared. MLP_ERR_USAGE, before any pass,
 * when ws was made for a network of another shape (mlp_workspace_check's
 * message), or naming the field ("mlp_gradcheck_options.tolerance must be
 * ...") when tolerance is outside [0, 1) or l2 is negative or not finite.
 * opts may be NULL:
 * every field 0, the defaults. */
mlp_status mlp_gradcheck_compare(mlp_net *net, mlp_workspace *ws, const double *X,
                                 const double *T, size_t N, const double *analytic,
                                 const mlp_gradcheck_options *opts,
                                 mlp_gradcheck_report *report, mlp_error *err);

/* mlp_net_gradient (plus the l2 gradient of opts) then mlp_gradcheck_compare
 * on its result, with its refusals, made before the gradient (opts may be
 * NULL there too). N must not
 * exceed mlp_workspace_chunk_rows(ws): the check runs all rows as one chunk. */
mlp_status mlp_gradcheck_run(mlp_net *net, mlp_workspace *ws, const double *X, const double *T,
                             size_t N, const mlp_gradcheck_options *opts,
                             mlp_gradcheck_report *report, mlp_error *err);

/* One combination of the built-in check. */
typedef struct {
    mlp_activation hidden;   /* activation of both hidden layers */
    mlp_activation output;
    mlp_loss loss;
    mlp_gradcheck_report report;
} mlp_gradcheck_case;

/* The number of combinations mlp_gradcheck_all runs, counted from the
 * tables: every activation without MLP_ACT_FLAG_ROWS (as both hidden layers)
 * times every pair of an output activation and a loss that mlp_loss_accepts.
 * It grows with the tables: size the cases array with it. */
size_t mlp_gradcheck_all_count(void);

/* Checks every hidden activation (all but softmax) with every output
 * activation and every loss that accepts it, on a 3-5-4-3 network with
 * weights and MLP_GRADCHECK_ALL_ROWS rows of data drawn from `seed` (targets
 * fit the loss: one-hot for cross_entropy, 0/1 for binary_cross_entropy,
 * values in the output's range for mse). A combination where nothing was
 * compared (report.resolved 0: a gradient exactly zero, say) is drawn
 * again, up to MLP_GRADCHECK_MAX_DRAWS times, and fails (worst = inf) if it
 * stays so. cases has room for `capacity`
 * entries, at least mlp_gradcheck_all_count() (else MLP_ERR_USAGE, with
 * nothing run and *n_cases 0); fills cases[0..*n_cases). Returns
 * MLP_ERR_GRADCHECK naming the worst case when any exceeds tolerance. */
#define MLP_GRADCHECK_MAX_DRAWS 8
#define MLP_GRADCHECK_ALL_ROWS 8
mlp_status mlp_gradcheck_all(uint64_t seed, const mlp_gradcheck_options *opts,
                             mlp_gradcheck_case *cases, size_t capacity, size_t *n_cases,
                             mlp_error *err);

#ifdef __cplusplus
}
#endif

#endif
