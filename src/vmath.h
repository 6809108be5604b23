/* SPDX-License-Identifier: MIT */
/* vmath.h: vectorised tanh, exp, log, log1p and the sigmoid over arrays,
 * through SLEEF's 1.0-ULP functions (docs/performance.md, "Vectorised
 * element-wise kernels").
 *
 * Error: every result is within 1.0 ULP of the exact value (SLEEF's stated
 * bound for its u10 functions, checked over dense sweeps by
 * tests/test_vmath.c, which measures 1.000 for tanh, 0.93 exp, 0.73 log,
 * 1.000 log1p, 1.84 for the sigmoid built on exp), in the domain mlp uses:
 * exp of x <= 709.78 (SLEEF returns inf slightly before the true
 * overflow), log1p of x <= 1e307 (inf above). glibc's functions have their
 * own errors (tanh up to 2 ULP), so the two may differ by a few last bits.
 * Dispatch: the widest instruction set the CPU (and the OS) supports, chosen
 * once: AVX-512F (8 doubles), AVX2 with FMA (4), SSE2 (2); "libm" (glibc's
 * scalar functions) off x86-64. MLP_VMATH=libm|sse2|avx2|avx512f (any
 * case) in the environment asks for a narrower one (for comparisons and
 * tests); another value, or a set this CPU cannot run, leaves the widest
 * and a warning for the programs to print (mlp_vmath_env_warning).
 * Determinism: a result depends only on the input value and the
 * instruction set (an array's tail is padded to a whole vector and run
 * through the same function), so the same machine gives the same bits for
 * every array length, chunking and thread count; another instruction set
 * (another machine) may change last bits. y may equal x (in place). */
#ifndef MLP_VMATH_H
#define MLP_VMATH_H

#include <stddef.h>

/* y[i] = tanh(x[i]) for i < n. */
void mlp_vtanh(double *y, const double *x, size_t n);

/* y[i] = exp(x[i]). */
void mlp_vexp(double *y, const double *x, size_t n);

/* y[i] = log(x[i]). */
void mlp_vlog(double *y, const double *x, size_t n);

/* y[i] = log1p(x[i]). */
void mlp_vlog1p(double *y, const double *x, size_t n);

/* y[i] = 1 / (1 + exp(-x[i])), as 1/(1+e) for x >= 0 and e/(1+e) for x < 0,
 * e = exp(-|x|) (never overflows). */
void mlp_vsigmoid(double *y, const double *x, size_t n);

/* The instruction set in use: "avx512f", "avx2", "sse2" or "libm". */
const char *mlp_vmath_isa(void);

/* 1 when MLP_VMATH was set to a value that was not taken (a name mlp does
 * not know, or a set this CPU cannot run), with *message and *hint the
 * warning to print once ("MLP_VMATH=bogus names no instruction set mlp
 * knows, so avx2 runs"; "set MLP_VMATH to avx2, sse2 or libm, or unset
 * it"); else 0 (both then ""). Chooses the set if nothing has yet. */
int mlp_vmath_env_warning(const char **message, const char **hint);

/* For the tests: switch to the named instruction set; 0 on success, -1 when
 * the name is unknown or the CPU lacks it. Not thread-safe: call before
 * any worker runs. */
int mlp_vmath_use(const char *isa);

/* The per-ISA kernels (vmath_<isa>.c): y[i] = f(x[i]). */
typedef void (*mlp_vmath_fn)(double *y, const double *x, size_t n);
typedef struct {
    const char *isa;
    mlp_vmath_fn tanh_, exp_, log_, log1p_;
} mlp_vmath_table;

extern const mlp_vmath_table mlp_vmath_sse2, mlp_vmath_avx2, mlp_vmath_avx512f;

#endif
