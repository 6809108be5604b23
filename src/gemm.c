/* SPDX-License-Identifier: MIT */
/* gemm.c: row-major wrappers over cblas_dgemm with the transposes that the
 * forward and backward passes need, so no matrix is ever copied to transpose it. */
#include "gemm.h"

#include <cblas.h>
#include <limits.h>

#include "blas_config.h"

/* CBLAS takes int sizes; net.c caps layer sizes and chunk rows far below INT_MAX. */
static int isz(size_t n)
{
    return n > INT_MAX ? INT_MAX : (int)n;
}

/* ---------------------------------------------------------------------------
 * Small products. A BLAS call costs a few hundred nanoseconds before the
 * first multiply (argument checks, dispatch, packing), more than a whole
 * 4 x 2 x 4 product: below MLP_GEMM_SMALL multiply-adds plain loops do the
 * work. They sum in another order than BLAS, so results differ from BLAS's
 * in the last bits, the same way from run to run. */
#ifndef MLP_GEMM_SMALL
#define MLP_GEMM_SMALL 4096
#endif

static int small(size_t rows, size_t n_in, size_t n_out)
{
    return rows * n_in * n_out <= MLP_GEMM_SMALL;
}

/* Z = X W^T + b: one dot product of two contiguous rows per entry. */
static void affine_small(const double *X, const double *W, const double *b, double *Z,
                         size_t rows, size_t n_in, size_t n_out)
{
    for (size_t r = 0; r < rows; r++) {
        const double *x = X + r * n_in;
        double *z = Z + r * n_out;
        for (size_t j = 0; j < n_out; j++) {
            const double *w = W + j * n_in;
            double s = 0.0;
            for (size_t i = 0; i < n_in; i++)
                s += x[i] * w[i];
            z[j] = s + b[j];
        }
    }
}

/* dW += dZ^T X, db += column sums of dZ: each entry's sum over the rows is
 * kept in a register and added to dW once. */
static void weight_grad_small(const double *dZ, const double *X, double *dW, double *db,
                              size_t rows, size_t n_in, size_t n_out)
{
    for (size_t j = 0; j < n_out; j++) {
        double *dw = dW + j * n_in;
        for (size_t i = 0; i < n_in; i++) {
            double s = 0.0;
            for (size_t r = 0; r < rows; r++)
                s += dZ[r * n_out + j] * X[r * n_in + i];
            dw[i] += s;
        }
        double s = 0.0;
        for (size_t r = 0; r < rows; r++)
            s += dZ[r * n_out + j];
        db[j] += s;
    }
}

/* dX = dZ W: row r of dX is the sum over j of dZ[r][j] W[j]. */
static void input_grad_small(const double *dZ, const double *W, double *dX, size_t rows,
                             size_t n_in, size_t n_out)
{
    for (size_t r = 0; r < rows; r++) {
        const double *dz = dZ + r * n_out;
        double *dx = dX + r * n_in;
        for (size_t i = 0; i < n_in; i++)
            dx[i] = 0.0;
        for (size_t j = 0; j < n_out; j++) {
            double d = dz[j];
            const double *w = W + j * n_in;
            for (size_t i = 0; i < n_in; i++)
                dx[i] += d * w[i];
        }
    }
}

/* ---------------------------------------------------------------------------
 * The BLAS path. */

void mlp_gemm_affine(const double *X, const double *W, const double *b, double *Z, size_t rows,
                     size_t n_in, size_t n_out)
{
    if (small(rows, n_in, n_out)) {
        affine_small(X, W, b, Z, rows, n_in, n_out);
        return;
    }
    for (size_t r = 0; r < rows; r++)
        for (size_t j = 0; j < n_out; j++)
            Z[r * n_out + j] = b[j];
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, isz(rows), isz(n_out), isz(n_in), 1.0, X,
                isz(n_in), W, isz(n_in), 1.0, Z, isz(n_out));
}

void mlp_gemm_weight_grad(const double *dZ, const double *X, double *dW, double *db, size_t rows,
                          size_t n_in, size_t n_out)
{
    if (small(rows, n_in, n_out)) {
        weight_grad_small(dZ, X, dW, db, rows, n_in, n_out);
        return;
    }
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, isz(n_out), isz(n_in), isz(rows), 1.0, dZ,
                isz(n_out), X, isz(n_in), 1.0, dW, isz(n_in));
    for (size_t r = 0; r < rows; r++)
        for (size_t j = 0; j < n_out; j++)
            db[j] += dZ[r * n_out + j];
}

void mlp_gemm_input_grad(const double *dZ, const double *W, double *dX, size_t rows, size_t n_in,
                         size_t n_out)
{
    if (small(rows, n_in, n_out)) {
        input_grad_small(dZ, W, dX, rows, n_in, n_out);
        return;
    }
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, isz(rows), isz(n_in), isz(n_out), 1.0,
                dZ, isz(n_out), W, isz(n_in), 0.0, dX, isz(n_in));
}

int mlp_gemm_set_threads(int n)
{
    openblas_set_num_threads(n < 1 ? 1 : n);
    return openblas_get_num_threads();
}

int mlp_gemm_threads(void)
{
    return openblas_get_num_threads();
}

/* OpenBLAS's text read once (blas_config.h): openblas_get_config()
 * rebuilds it in one static buffer at every call, a data race between two
 * threads; bench/mlp_bench.c prints it. */
const char *mlp_gemm_blas_config(void)
{
    return mlp_blas_config();
}

const char *mlp_gemm_blas_core(void)
{
    return openblas_get_corename();
}
