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
 *   softplus    f = log(1 + e^z)      f' = 1/(1+e^-z) = 1 - e^-A
 * Arrays are (rows, cols) row-major; softmax normalises each row.
 */
#ifndef MLP_ACTIVATION_H
#define MLP_ACTIVATION_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The codes are stored in weights files: a new kind is appended before
 * MLP_ACT_COUNT, never inserted. */
typedef enum {
    MLP_ACT_SIGMOID = 0,
    MLP_ACT_TANH,
    MLP_ACT_RELU,
    MLP_ACT_LEAKY_RELU,
    MLP_ACT_LINEAR,
    MLP_ACT_SOFTMAX,
    MLP_ACT_SOFTPLUS,
    MLP_ACT_COUNT
} mlp_activation;

/* Slope of leaky_relu for z <= 0. */
#define MLP_LEAKY_SLOPE 0.01

/* What mlp knows about one activation: one row of the table in
 * activation.c, next to its kernels. Every other module (the spec reader,
 * --trace, the pre-flight check, the diagnosis, the gradient check, the
 * default init) asks this row; none of them names a kind.
 * docs/extending.md walks through adding a row. */

/* flags */
#define MLP_ACT_FLAG_ROWS 0x01u        /* each output row is a distribution over its units
                                        * (softmax): output layer only, targets one-hot, and
                                        * the backward pass is a Jacobian, not a slope */
#define MLP_ACT_FLAG_PROBABILITY 0x02u /* outputs are probabilities, fit for 0/1 class targets */
#define MLP_ACT_FLAG_KINK 0x04u        /* f is not smooth at z = 0: f' jumps there (relu,
                                        * leaky_relu), or f'' (z / (1 + |z|)), or any
                                        * derivative up to the sixth. The gradient check's
                                        * sixth-order stencil is exact only across a
                                        * smooth f, so it skips parameters whose stencil
                                        * moves a unit across 0, telling the sides apart
                                        * by A > 0: f(z) > 0 exactly when z > 0 */
#define MLP_ACT_FLAG_HE_INIT 0x08u     /* "init": "default" draws He weights for it, else Xavier */
#define MLP_ACT_FLAG_SATURATES 0x10u   /* f' -> 0 away from 0: the diagnosis counts hidden
                                        * units with f' < MLP_DIAG_SATURATION_SLOPE on every row */
#define MLP_ACT_FLAG_CAN_DIE 0x20u     /* f' = 0 and f = lo on a half-line: the diagnosis counts
                                        * hidden units that output lo on every row */
#define MLP_ACT_FLAG_LINEAR 0x40u      /* f(z) = z: hidden layers all of it leave the network
                                        * linear in its inputs (the diagnosis and the
                                        * pre-flight's linear-hidden say so) */

typedef struct {
    mlp_activation kind;
    const char *name;  /* the spec name */
    /* Kernels: element-wise kinds set forward and backward over n values;
     * row-wise kinds (MLP_ACT_FLAG_ROWS) set forward_rows and backward_rows
     * over (rows, cols) blocks. The other pair is NULL. A may equal Z and dZ
     * may equal dA (in place). backward computes dZ = dA * f'(Z) from A alone. */
    void (*forward)(const double *Z, double *A, size_t n);
    void (*backward)(const double *A, const double *dA, double *dZ, size_t n);
    void (*forward_rows)(const double *Z, double *A, size_t rows, size_t cols);
    void (*backward_rows)(const double *A, const double *dA, double *dZ, size_t rows,
                          size_t cols);
    /* f'(z) computed from a = f(z), one value (element-wise kinds; NULL for
     * row-wise ones): what the diagnosis measures saturation with. */
    double (*slope)(double a);
    /* --trace templates, {l} standing for the layer number:
     *   formula           "A{l} = ..."
     *   slope_formula     f'(Z{l}) written with A{l} (element-wise kinds)
     *   jacobian_formula  the whole "dZ{l} = ..." from G = dA{l} (row-wise kinds)
     * The one that does not apply is NULL. */
    const char *formula;
    const char *slope_formula;
    const char *jacobian_formula;
    /* The closed range of the outputs, the values the kernel can return in
     * double precision (lo may be -INFINITY, hi INFINITY), and the same as
     * text for messages: "[0, 1]". */
    double lo, hi;
    const char *range;
    /* For probability kinds, the factor f' puts in the mse gradient
     * 2 (y - t) ..., in words: "y (1 - y)"; NULL for the others. */
    const char *mse_slope_words;
    unsigned flags;  /* MLP_ACT_FLAG_* */
} mlp_activation_info;

/* The row of `act`; NULL for a value that is no activation (>= MLP_ACT_COUNT). */
const mlp_activation_info *mlp_activation_info_of(mlp_activation act);

/* The row named `name` (case-sensitive); NULL when no activation has it. */
const mlp_activation_info *mlp_activation_info_by_name(const char *name);

/* The spec name of an activation ("sigmoid", ...); "?" for an invalid value. */
const char *mlp_activation_name(mlp_activation act);

/* Looks a spec name up, case-sensitively. Returns 0 and sets *out, or -1. */
int mlp_activation_from_name(const char *name, mlp_activation *out);

/* A = f(Z) for a (rows, cols) block through the table's kernel. A may equal
 * Z (in place). act must be a valid kind (mlp_net_create checks); an
 * invalid one leaves A untouched. */
void mlp_activation_forward(mlp_activation act, const double *Z, double *A,
                            size_t rows, size_t cols);

/* dZ = dA * f'(Z), computed from A = f(Z). dZ may equal dA (in place). act
 * must be valid, as for mlp_activation_forward. */
void mlp_activation_backward(mlp_activation act, const double *A, const double *dA,
                             double *dZ, size_t rows, size_t cols);

/* 1 when the activation has a kink at z = 0 (MLP_ACT_FLAG_KINK: relu,
 * leaky_relu; any f that is not smooth there), where finite differences
 * across z = 0 do not measure the derivative; else 0. */
int mlp_activation_has_kink(mlp_activation act);

#ifdef __cplusplus
}
#endif

#endif
