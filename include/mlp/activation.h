/* SPDX-License-Identifier: MIT */
/* activation.h: the element-wise non-linearities of a layer.
 *
 * Every backward kernel needs only the layer's output A = f(Z), never Z, so
 * the network keeps one array per layer:
 *   sigmoid     f = 1/(1+e^-z)        f' = A(1-A)
 *   tanh        f = tanh z            f' = 1-A^2
 *   relu        f = max(0,z)          f' = [A > 0]          (0 at the kink z = 0)
 *   leaky_relu  f = z>0 ? z : a z     f' = A > 0 ? 1 : a    (a = MLP_LEAKY_SLOPE)
 *   linear      f = z                 f' = 1
 *   softmax     f_i = e^z_i / sum_j e^z_j   (rows)   dZ_i = A_i (dA_i - sum_j dA_j A_j)
 * Arrays are (rows, cols) row-major; softmax normalises each row.
 */
#ifndef MLP_ACTIVATION_H
#define MLP_ACTIVATION_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    MLP_ACT_SIGMOID = 0,
    MLP_ACT_TANH,
    MLP_ACT_RELU,
    MLP_ACT_LEAKY_RELU,
    MLP_ACT_LINEAR,
    MLP_ACT_SOFTMAX,
    MLP_ACT_COUNT
} mlp_activation;

/* Slope of leaky_relu for z <= 0. */
#define MLP_LEAKY_SLOPE 0.01

/* The spec name of an activation ("sigmoid", ...); "?" for an invalid value. */
const char *mlp_activation_name(mlp_activation act);

/* Looks a spec name up, case-sensitively. Returns 0 and sets *out, or -1. */
int mlp_activation_from_name(const char *name, mlp_activation *out);

/* A = f(Z) for a (rows, cols) block. A may equal Z (in place). */
void mlp_activation_forward(mlp_activation act, const double *Z, double *A,
                            size_t rows, size_t cols);

/* dZ = dA * f'(Z), computed from A = f(Z). dZ may equal dA (in place). */
void mlp_activation_backward(mlp_activation act, const double *A, const double *dA,
                             double *dZ, size_t rows, size_t cols);

/* 1 when the activation has a kink (relu, leaky_relu), where finite
 * differences across z = 0 do not measure the derivative; else 0. */
int mlp_activation_has_kink(mlp_activation act);

#ifdef __cplusplus
}
#endif

#endif
