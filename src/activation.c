/* SPDX-License-Identifier: MIT */
/* activation.c: each non-linearity's forward kernel next to its backward.
 * Kernels see raw (rows, cols) arrays and know nothing about networks. */
#include "mlp/activation.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

static const char *const names[MLP_ACT_COUNT] = {
    [MLP_ACT_SIGMOID] = "sigmoid",       [MLP_ACT_TANH] = "tanh",
    [MLP_ACT_RELU] = "relu",             [MLP_ACT_LEAKY_RELU] = "leaky_relu",
    [MLP_ACT_LINEAR] = "linear",         [MLP_ACT_SOFTMAX] = "softmax",
};

const char *mlp_activation_name(mlp_activation act)
{
    return (unsigned)act < MLP_ACT_COUNT ? names[act] : "?";
}

int mlp_activation_from_name(const char *name, mlp_activation *out)
{
    for (int i = 0; i < MLP_ACT_COUNT; i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (mlp_activation)i;
            return 0;
        }
    }
    return -1;
}

int mlp_activation_has_kink(mlp_activation act)
{
    return act == MLP_ACT_RELU || act == MLP_ACT_LEAKY_RELU;
}

/* ---------------------------------------------------------------------------
 * sigmoid: s(z) = 1/(1+e^-z), s'(z) = s(1-s).
 * For z < 0 the form e^z/(1+e^z) keeps e^-z from overflowing. */
static double sigmoid(double z)
{
    if (z >= 0)
        return 1.0 / (1.0 + exp(-z));
    double e = exp(z);
    return e / (1.0 + e);
}

static void sigmoid_forward(const double *Z, double *A, size_t n)
{
    for (size_t i = 0; i < n; i++)
        A[i] = sigmoid(Z[i]);
}

static void sigmoid_backward(const double *A, const double *dA, double *dZ, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dZ[i] = dA[i] * A[i] * (1.0 - A[i]);
}

/* ---------------------------------------------------------------------------
 * tanh: t'(z) = 1 - t^2. */
static void tanh_forward(const double *Z, double *A, size_t n)
{
    for (size_t i = 0; i < n; i++)
        A[i] = tanh(Z[i]);
}

static void tanh_backward(const double *A, const double *dA, double *dZ, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dZ[i] = dA[i] * (1.0 - A[i] * A[i]);
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

/* ---------------------------------------------------------------------------
 * softmax over each row: y_i = e^(z_i - m) / sum_j e^(z_j - m), m = max_j z_j
 * (subtracting m changes nothing mathematically and keeps e^ from overflowing).
 * Jacobian dy_i/dz_k = y_i (d_ik - y_k), so dZ_k = y_k (dA_k - sum_i dA_i y_i).
 * Training with cross_entropy never comes here: loss.c fuses the pair. */
static void softmax_forward(const double *Z, double *A, size_t rows, size_t cols)
{
    for (size_t r = 0; r < rows; r++) {
        const double *z = Z + r * cols;
        double *a = A + r * cols;
        double m = z[0];
        for (size_t j = 1; j < cols; j++)
            m = z[j] > m ? z[j] : m;
        double sum = 0.0;
        for (size_t j = 0; j < cols; j++) {
            a[j] = exp(z[j] - m);
            sum += a[j];
        }
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

/* --------------------------------------------------------------------------- */

void mlp_activation_forward(mlp_activation act, const double *Z, double *A, size_t rows,
                            size_t cols)
{
    size_t n = rows * cols;
    switch (act) {
    case MLP_ACT_SIGMOID:
        sigmoid_forward(Z, A, n);
        break;
    case MLP_ACT_TANH:
        tanh_forward(Z, A, n);
        break;
    case MLP_ACT_RELU:
        relu_forward(Z, A, n);
        break;
    case MLP_ACT_LEAKY_RELU:
        leaky_relu_forward(Z, A, n);
        break;
    case MLP_ACT_SOFTMAX:
        softmax_forward(Z, A, rows, cols);
        break;
    case MLP_ACT_LINEAR:
    case MLP_ACT_COUNT:
        if (A != Z)
            memmove(A, Z, n * sizeof *A);
        break;
    }
}

void mlp_activation_backward(mlp_activation act, const double *A, const double *dA, double *dZ,
                             size_t rows, size_t cols)
{
    size_t n = rows * cols;
    switch (act) {
    case MLP_ACT_SIGMOID:
        sigmoid_backward(A, dA, dZ, n);
        break;
    case MLP_ACT_TANH:
        tanh_backward(A, dA, dZ, n);
        break;
    case MLP_ACT_RELU:
        relu_backward(A, dA, dZ, n);
        break;
    case MLP_ACT_LEAKY_RELU:
        leaky_relu_backward(A, dA, dZ, n);
        break;
    case MLP_ACT_SOFTMAX:
        softmax_backward(A, dA, dZ, rows, cols);
        break;
    case MLP_ACT_LINEAR:
    case MLP_ACT_COUNT:
        if (dZ != dA)
            memmove(dZ, dA, n * sizeof *dZ);
        break;
    }
}
