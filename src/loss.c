/* SPDX-License-Identifier: MIT */
/* loss.c: each loss's value next to its gradient with respect to the output
 * logits. The cross-entropies are computed from logits, never from clamped
 * probabilities; docs/losses.md has the derivations. */
#include "mlp/loss.h"

#include <math.h>
#include <string.h>

static const char *const names[MLP_LOSS_COUNT] = {
    [MLP_LOSS_MSE] = "mse",
    [MLP_LOSS_CROSS_ENTROPY] = "cross_entropy",
    [MLP_LOSS_BINARY_CROSS_ENTROPY] = "binary_cross_entropy",
};

const char *mlp_loss_name(mlp_loss loss)
{
    return (unsigned)loss < MLP_LOSS_COUNT ? names[loss] : "?";
}

int mlp_loss_from_name(const char *name, mlp_loss *out)
{
    for (int i = 0; i < MLP_LOSS_COUNT; i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (mlp_loss)i;
            return 0;
        }
    }
    return -1;
}

int mlp_loss_accepts(mlp_loss loss, mlp_activation out)
{
    switch (loss) {
    case MLP_LOSS_MSE:
        return 1;
    case MLP_LOSS_CROSS_ENTROPY:
        return out == MLP_ACT_SOFTMAX;
    case MLP_LOSS_BINARY_CROSS_ENTROPY:
        return out == MLP_ACT_SIGMOID;
    case MLP_LOSS_COUNT:
        break;
    }
    return 0;
}

double mlp_loss_divisor(mlp_loss loss, size_t n_rows, size_t n_outputs)
{
    if (loss == MLP_LOSS_CROSS_ENTROPY)
        return (double)n_rows;
    return (double)n_rows * (double)n_outputs;
}

/* ---------------------------------------------------------------------------
 * mse: l = (y - t)^2 per element; dl/dy = 2 (y - t), then through f'. */
static double mse_sum(const double *A, const double *T, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = A[i] - T[i];
        s += d * d;
    }
    return s;
}

static void mse_backward(mlp_activation out, const double *A, const double *T, double *dZ,
                         size_t rows, size_t cols, double scale)
{
    size_t n = rows * cols;
    for (size_t i = 0; i < n; i++)
        dZ[i] = 2.0 * scale * (A[i] - T[i]);
    mlp_activation_backward(out, A, dZ, dZ, rows, cols);
}

/* ---------------------------------------------------------------------------
 * cross_entropy fused with softmax, per row:
 *   l = -sum_k t_k (z_k - lse(z)) = lse(z) sum_k t_k - sum_k t_k z_k,
 *   lse(z) = m + log sum_j e^(z_j - m), m = max_j z_j.
 * Gradient: dl/dz_k = y_k sum_j t_j - t_k, which is y_k - t_k for one-hot t.
 * The softmax Jacobian is already inside this form: applying it again is the
 * classic bug. */
static double cross_entropy_sum(const double *Z, const double *T, size_t rows, size_t cols)
{
    double s = 0.0;
    if (cols == 0)
        return s;
    for (size_t r = 0; r < rows; r++) {
        const double *z = Z + r * cols;
        const double *t = T + r * cols;
        double m = z[0];
        for (size_t j = 1; j < cols; j++)
            m = z[j] > m ? z[j] : m;
        double se = 0.0, tsum = 0.0, tz = 0.0;
        for (size_t j = 0; j < cols; j++) {
            se += exp(z[j] - m);
            tsum += t[j];
            tz += t[j] * (z[j] - m);
        }
        s += log(se) * tsum - tz;
    }
    return s;
}

static void cross_entropy_backward(const double *A, const double *T, double *dZ, size_t rows,
                                   size_t cols, double scale)
{
    for (size_t r = 0; r < rows; r++) {
        const double *a = A + r * cols;
        const double *t = T + r * cols;
        double *dz = dZ + r * cols;
        double tsum = 0.0;
        for (size_t j = 0; j < cols; j++)
            tsum += t[j];
        for (size_t j = 0; j < cols; j++)
            dz[j] = scale * (a[j] * tsum - t[j]);
    }
}

/* ---------------------------------------------------------------------------
 * binary_cross_entropy fused with sigmoid, per element:
 *   l = -[t log s(z) + (1-t) log(1-s(z))] = max(z,0) - t z + log1p(e^-|z|)
 * (e^-|z| <= 1, so nothing overflows and log1p keeps precision when it is tiny).
 * Gradient: dl/dz = s(z) - t. */
static double binary_cross_entropy_sum(const double *Z, const double *T, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        double z = Z[i];
        s += (z > 0.0 ? z : 0.0) - T[i] * z + log1p(exp(-fabs(z)));
    }
    return s;
}

static void binary_cross_entropy_backward(const double *A, const double *T, double *dZ, size_t n,
                                          double scale)
{
    for (size_t i = 0; i < n; i++)
        dZ[i] = scale * (A[i] - T[i]);
}

/* --------------------------------------------------------------------------- */

double mlp_loss_sum(mlp_loss loss, mlp_activation out, const double *Z, const double *A,
                    const double *T, size_t rows, size_t cols)
{
    (void)out;
    switch (loss) {
    case MLP_LOSS_MSE:
        return mse_sum(A, T, rows * cols);
    case MLP_LOSS_CROSS_ENTROPY:
        return cross_entropy_sum(Z, T, rows, cols);
    case MLP_LOSS_BINARY_CROSS_ENTROPY:
        return binary_cross_entropy_sum(Z, T, rows * cols);
    case MLP_LOSS_COUNT:
        break;
    }
    return NAN;
}

void mlp_loss_backward(mlp_loss loss, mlp_activation out, const double *Z, const double *A,
                       const double *T, double *dZ, size_t rows, size_t cols, double scale)
{
    (void)Z;
    switch (loss) {
    case MLP_LOSS_MSE:
        mse_backward(out, A, T, dZ, rows, cols, scale);
        break;
    case MLP_LOSS_CROSS_ENTROPY:
        cross_entropy_backward(A, T, dZ, rows, cols, scale);
        break;
    case MLP_LOSS_BINARY_CROSS_ENTROPY:
        binary_cross_entropy_backward(A, T, dZ, rows * cols, scale);
        break;
    case MLP_LOSS_COUNT:
        break;
    }
}
