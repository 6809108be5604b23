/* SPDX-License-Identifier: MIT */
/* activation.c: each non-linearity's forward kernel next to its backward,
 * and the table (at the end) that describes every kind to the rest of mlp.
 * Kernels see raw arrays and know nothing about networks. */
#include "mlp/activation.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "vmath.h"

/* ---------------------------------------------------------------------------
 * sigmoid: s(z) = 1/(1+e^-z), s'(z) = s(1-s).
 * For z < 0 the form e^z/(1+e^z) keeps e^-z from overflowing: both forms
 * take e = exp(-|z|), vectorised (vmath.h: within 2 ULP of the exact
 * sigmoid, the same bits for a given input on a given machine). */
static void sigmoid_forward(const double *Z, double *A, size_t n)
{
    mlp_vsigmoid(A, Z, n);
}

static void sigmoid_backward(const double *A, const double *dA, double *dZ, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dZ[i] = dA[i] * A[i] * (1.0 - A[i]);
}

static double sigmoid_slope(double a)
{
    return a * (1 - a);
}

/* ---------------------------------------------------------------------------
 * tanh: t'(z) = 1 - t^2. */
static void tanh_forward(const double *Z, double *A, size_t n)
{
    mlp_vtanh(A, Z, n); /* SLEEF, within 1.0 ULP (vmath.h) */
}

static void tanh_backward(const double *A, const double *dA, double *dZ, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dZ[i] = dA[i] * (1.0 - A[i] * A[i]);
}

static double tanh_slope(double a)
{
    return 1 - a * a;
}

/* ---------------------------------------------------------------------------
 * relu: max(0, z); derivative [z > 0], taken as 0 at z = 0. A > 0 exactly
 * when z > 0, so A alone decides.
 * The choices are made with bit masks, not branches: half the units of a
 * relu layer are off, in no pattern a branch predictor could learn, and a
 * mispredicted branch per element cost more than the rest of the loop.
 * pick(a, b, m) is a where m is all ones and b where it is 0, bit for bit:
 * the same values the branches gave, signed zeros and NaNs included. */
static double pick(double a, double b, uint64_t mask)
{
    uint64_t x, y;
    memcpy(&x, &a, sizeof x);
    memcpy(&y, &b, sizeof y);
    x = (x & mask) | (y & ~mask);
    memcpy(&a, &x, sizeof a);
    return a;
}

static uint64_t mask_positive(double x)
{
    return -(uint64_t)(x > 0.0);
}

static void relu_forward(const double *Z, double *A, size_t n)
{
    for (size_t i = 0; i < n; i++)
        A[i] = pick(Z[i], 0.0, mask_positive(Z[i]));
}

static void relu_backward(const double *A, const double *dA, double *dZ, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dZ[i] = pick(dA[i], 0.0, mask_positive(A[i]));
}

static double relu_slope(double a)
{
    return a > 0 ? 1.0 : 0.0;
}

/* ---------------------------------------------------------------------------
 * leaky_relu: z for z > 0, a z otherwise; derivative 1 or a. With a > 0 the
 * output has the sign of z, so A decides here too. */
static void leaky_relu_forward(const double *Z, double *A, size_t n)
{
    for (size_t i = 0; i < n; i++)
        A[i] = pick(Z[i], MLP_LEAKY_SLOPE * Z[i], mask_positive(Z[i]));
}

static void leaky_relu_backward(const double *A, const double *dA, double *dZ, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dZ[i] = pick(dA[i], MLP_LEAKY_SLOPE * dA[i], mask_positive(A[i]));
}

static double leaky_relu_slope(double a)
{
    return a > 0 ? 1.0 : MLP_LEAKY_SLOPE;
}

/* ---------------------------------------------------------------------------
 * linear: f = z, f' = 1. */
static void linear_forward(const double *Z, double *A, size_t n)
{
    if (A != Z)
        memmove(A, Z, n * sizeof *A);
}

static void linear_backward(const double *A, const double *dA, double *dZ, size_t n)
{
    (void)A;
    if (dZ != dA)
        memmove(dZ, dA, n * sizeof *dZ);
}

static double linear_slope(double a)
{
    (void)a;
    return 1.0;
}

/* ---------------------------------------------------------------------------
 * softplus: f(z) = log(1 + e^z), a smooth relu; f'(z) = 1/(1 + e^-z), the
 * sigmoid. Forward as log1p(e^-|z|) + max(z, 0): e^-|z| <= 1 never
 * overflows, and log1p keeps the digits of the tail for z far below 0.
 * Backward from A alone: e^-A = 1/(1 + e^z), so f' = 1 - e^-A, computed as
 * -expm1(-A), which keeps full relative precision when A (and f') is tiny. */
static void softplus_forward(const double *Z, double *A, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double z = Z[i];
        A[i] = log1p(exp(-fabs(z))) + (z > 0.0 ? z : 0.0);
    }
}

static void softplus_backward(const double *A, const double *dA, double *dZ, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dZ[i] = dA[i] * -expm1(-A[i]);
}

static double softplus_slope(double a)
{
    return -expm1(-a);
}

/* ---------------------------------------------------------------------------
 * softmax over each row: y_i = e^(z_i - m) / sum_j e^(z_j - m), m = max_j z_j
 * (subtracting m changes nothing mathematically and keeps e^ from overflowing).
 * Jacobian dy_i/dz_k = y_i (d_ik - y_k), so dZ_k = y_k (dA_k - sum_i dA_i y_i).
 * Training with cross_entropy never comes here: loss.c fuses the pair. */
static void softmax_forward(const double *Z, double *A, size_t rows, size_t cols)
{
    /* z - m for every row, one vectorised exp over the whole block, then
     * each row's sum and division. */
    for (size_t r = 0; r < rows; r++) {
        const double *z = Z + r * cols;
        double *a = A + r * cols;
        double m = z[0];
        for (size_t j = 1; j < cols; j++)
            m = z[j] > m ? z[j] : m;
        for (size_t j = 0; j < cols; j++)
            a[j] = z[j] - m;
    }
    mlp_vexp(A, A, rows * cols);
    for (size_t r = 0; r < rows; r++) {
        double *a = A + r * cols;
        double sum = 0.0;
        for (size_t j = 0; j < cols; j++)
            sum += a[j];
        for (size_t j = 0; j < cols; j++)
            a[j] /= sum;
    }
}

static void softmax_backward(const double *A, const double *dA, double *dZ, size_t rows,
                             size_t cols)
{
    for (size_t r = 0; r < rows; r++) {
        const double *a = A + r * cols;
        const double *da = dA + r * cols;
        double *dz = dZ + r * cols;
        double dot = 0.0;
        for (size_t j = 0; j < cols; j++)
            dot += da[j] * a[j];
        for (size_t j = 0; j < cols; j++)
            dz[j] = a[j] * (da[j] - dot);
    }
}

/* ---------------------------------------------------------------------------
 * The table: one row per kind, indexed by its code. Its flags are defined in
 * activation.h; MLP_ACT_FLAG_KINK goes on any kind whose f is not smooth at
 * z = 0 (f' or f'' or a higher derivative jumps there), not only on those
 * whose f' jumps: the gradient check's sixth-order stencil fails across it. */

static const mlp_activation_info table[MLP_ACT_COUNT] = {
    [MLP_ACT_SIGMOID] = {
        .kind = MLP_ACT_SIGMOID,
        .name = "sigmoid",
        .forward = sigmoid_forward,
        .backward = sigmoid_backward,
        .slope = sigmoid_slope,
        .formula = "A{l} = 1 / (1 + exp(-Z{l}))",
        .slope_formula = "A{l} * (1 - A{l})",
        .lo = 0, .hi = 1, .range = "[0, 1]",
        .mse_slope_words = "y (1 - y)",
        .flags = MLP_ACT_FLAG_PROBABILITY | MLP_ACT_FLAG_SATURATES,
    },
    [MLP_ACT_TANH] = {
        .kind = MLP_ACT_TANH,
        .name = "tanh",
        .forward = tanh_forward,
        .backward = tanh_backward,
        .slope = tanh_slope,
        .formula = "A{l} = tanh(Z{l})",
        .slope_formula = "(1 - A{l}^2)",
        .lo = -1, .hi = 1, .range = "[-1, 1]",
        .flags = MLP_ACT_FLAG_SATURATES,
    },
    [MLP_ACT_RELU] = {
        .kind = MLP_ACT_RELU,
        .name = "relu",
        .forward = relu_forward,
        .backward = relu_backward,
        .slope = relu_slope,
        .formula = "A{l} = max(0, Z{l})",
        .slope_formula = "(A{l} > 0)",
        .lo = 0, .hi = INFINITY, .range = "[0, inf)",
        .flags = MLP_ACT_FLAG_KINK | MLP_ACT_FLAG_HE_INIT | MLP_ACT_FLAG_CAN_DIE,
    },
    [MLP_ACT_LEAKY_RELU] = {
        .kind = MLP_ACT_LEAKY_RELU,
        .name = "leaky_relu",
        .forward = leaky_relu_forward,
        .backward = leaky_relu_backward,
        .slope = leaky_relu_slope,
        .formula = "A{l} = Z{l} where Z{l} > 0, else 0.01 Z{l}",
        .slope_formula = "(1 where A{l} > 0, else 0.01)",
        .lo = -INFINITY, .hi = INFINITY, .range = "(-inf, inf)",
        .flags = MLP_ACT_FLAG_KINK | MLP_ACT_FLAG_HE_INIT,
    },
    [MLP_ACT_LINEAR] = {
        .kind = MLP_ACT_LINEAR,
        .name = "linear",
        .forward = linear_forward,
        .backward = linear_backward,
        .slope = linear_slope,
        .formula = "A{l} = Z{l}",
        .slope_formula = "1",
        .lo = -INFINITY, .hi = INFINITY, .range = "(-inf, inf)",
        .flags = MLP_ACT_FLAG_LINEAR,
    },
    [MLP_ACT_SOFTMAX] = {
        .kind = MLP_ACT_SOFTMAX,
        .name = "softmax",
        .forward_rows = softmax_forward,
        .backward_rows = softmax_backward,
        .formula = "A{l}[n,k] = exp(Z{l}[n,k]) / sum_j exp(Z{l}[n,j])",
        .jacobian_formula = "dZ{l}[n,i] = A{l}[n,i] (G[n,i] - sum_j G[n,j] A{l}[n,j]), G = dA{l}",
        .lo = 0, .hi = 1, .range = "[0, 1]",
        .mse_slope_words = "times the softmax Jacobian",
        .flags = MLP_ACT_FLAG_ROWS | MLP_ACT_FLAG_PROBABILITY,
    },
    /* [0, inf): e^z underflows below z = -745, and softplus then returns 0.
     * relu-like, so He weights by default; its slope, the sigmoid, goes to
     * 0 for z far below 0, where the diagnosis calls the unit saturated. */
    [MLP_ACT_SOFTPLUS] = {
        .kind = MLP_ACT_SOFTPLUS,
        .name = "softplus",
        .forward = softplus_forward,
        .backward = softplus_backward,
        .slope = softplus_slope,
        .formula = "A{l} = log(1 + exp(Z{l}))",
        .slope_formula = "(1 - exp(-A{l}))",
        .lo = 0, .hi = INFINITY, .range = "[0, inf)",
        .flags = MLP_ACT_FLAG_HE_INIT | MLP_ACT_FLAG_SATURATES,
    },
};

const mlp_activation_info *mlp_activation_info_of(mlp_activation act)
{
    return (unsigned)act < MLP_ACT_COUNT ? &table[act] : NULL;
}

const mlp_activation_info *mlp_activation_info_by_name(const char *name)
{
    for (int i = 0; i < MLP_ACT_COUNT; i++)
        if (strcmp(name, table[i].name) == 0)
            return &table[i];
    return NULL;
}

const char *mlp_activation_name(mlp_activation act)
{
    const mlp_activation_info *in = mlp_activation_info_of(act);
    return in ? in->name : "?";
}

int mlp_activation_from_name(const char *name, mlp_activation *out)
{
    const mlp_activation_info *in = mlp_activation_info_by_name(name);
    if (!in)
        return -1;
    *out = in->kind;
    return 0;
}

int mlp_activation_has_kink(mlp_activation act)
{
    const mlp_activation_info *in = mlp_activation_info_of(act);
    return in && (in->flags & MLP_ACT_FLAG_KINK);
}

void mlp_activation_forward(mlp_activation act, const double *Z, double *A, size_t rows,
                            size_t cols)
{
    const mlp_activation_info *in = mlp_activation_info_of(act);
    if (!in)
        return;
    if (in->forward)
        in->forward(Z, A, rows * cols);
    else
        in->forward_rows(Z, A, rows, cols);
}

void mlp_activation_backward(mlp_activation act, const double *A, const double *dA, double *dZ,
                             size_t rows, size_t cols)
{
    const mlp_activation_info *in = mlp_activation_info_of(act);
    if (!in)
        return;
    if (in->backward)
        in->backward(A, dA, dZ, rows * cols);
    else
        in->backward_rows(A, dA, dZ, rows, cols);
}
