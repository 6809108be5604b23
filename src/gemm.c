/* gemm.c: row-major wrappers over cblas_dgemm with the transposes that the
 * forward and backward passes need, so no matrix is ever copied to transpose it. */
#include "gemm.h"

#include <cblas.h>
#include <limits.h>

/* CBLAS takes int sizes; net.c caps layer sizes and chunk rows far below INT_MAX. */
static int isz(size_t n)
{
    return n > INT_MAX ? INT_MAX : (int)n;
}

void mlp_gemm_affine(const double *X, const double *W, const double *b, double *Z, size_t rows,
                     size_t n_in, size_t n_out)
{
    for (size_t r = 0; r < rows; r++)
        for (size_t j = 0; j < n_out; j++)
            Z[r * n_out + j] = b[j];
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, isz(rows), isz(n_out), isz(n_in), 1.0, X,
                isz(n_in), W, isz(n_in), 1.0, Z, isz(n_out));
}

void mlp_gemm_weight_grad(const double *dZ, const double *X, double *dW, double *db, size_t rows,
                          size_t n_in, size_t n_out)
{
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, isz(n_out), isz(n_in), isz(rows), 1.0, dZ,
                isz(n_out), X, isz(n_in), 1.0, dW, isz(n_in));
    for (size_t r = 0; r < rows; r++)
        for (size_t j = 0; j < n_out; j++)
            db[j] += dZ[r * n_out + j];
}

void mlp_gemm_input_grad(const double *dZ, const double *W, double *dX, size_t rows, size_t n_in,
                         size_t n_out)
{
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

const char *mlp_gemm_blas_config(void)
{
    return openblas_get_config();
}

const char *mlp_gemm_blas_core(void)
{
    return openblas_get_corename();
}
