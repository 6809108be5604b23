/* SPDX-License-Identifier: MIT */
/* vmath_isa.h: the body of one instruction set's kernels, included by
 * vmath_sse2.c, vmath_avx2.c and vmath_avx512f.c after they define
 *   VEC (the vector type), WIDTH (doubles per vector), LOADU / STOREU,
 *   SLEEF_FN(f) (the SLEEF function of f: Sleef_<f>d<WIDTH>_u10<isa>),
 *   ISA_NAME (a string) and TABLE (the table's name).
 * Each kernel runs whole vectors, then pads the tail to a whole vector (with
 * 1.0, valid for every function) so the tail runs through the same
 * function: a result depends only on its input. */
#include <string.h>

#define DEFINE_KERNEL(name, f)                                              \
    static void name(double *y, const double *x, size_t n)                  \
    {                                                                       \
        size_t i = 0;                                                       \
        for (; i + WIDTH <= n; i += WIDTH)                                  \
            STOREU(y + i, SLEEF_FN(f)(LOADU(x + i)));                       \
        if (i < n) {                                                        \
            double t[WIDTH];                                                \
            for (size_t j = 0; j < WIDTH; j++)                              \
                t[j] = i + j < n ? x[i + j] : 1.0;                          \
            STOREU(t, SLEEF_FN(f)(LOADU(t)));                               \
            memcpy(y + i, t, (n - i) * sizeof *t);                          \
        }                                                                   \
    }

DEFINE_KERNEL(k_tanh, tanh)
DEFINE_KERNEL(k_exp, exp)
DEFINE_KERNEL(k_log, log)
DEFINE_KERNEL(k_log1p, log1p)

const mlp_vmath_table TABLE = {ISA_NAME, k_tanh, k_exp, k_log, k_log1p};
