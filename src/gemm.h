/* SPDX-License-Identifier: MIT */
/* gemm.h: the matrix products backpropagation needs, row-major, on top of
 * CBLAS. The only module that knows about CBLAS. */
#ifndef MLP_GEMM_H
#define MLP_GEMM_H

#include <stddef.h>

/* Z (rows, n_out) = X (rows, n_in) W^T + b, W (n_out, n_in), b (n_out). */
void mlp_gemm_affine(const double *X, const double *W, const double *b, double *Z, size_t rows,
                     size_t n_in, size_t n_out);

/* dW (n_out, n_in) += dZ^T X and db (n_out) += column sums of dZ (rows, n_out). */
void mlp_gemm_weight_grad(const double *dZ, const double *X, double *dW, double *db, size_t rows,
                          size_t n_in, size_t n_out);

/* dX (rows, n_in) = dZ (rows, n_out) W (n_out, n_in). */
void mlp_gemm_input_grad(const double *dZ, const double *W, double *dX, size_t rows, size_t n_in,
                         size_t n_out);

/* Sets the number of BLAS threads (>= 1); returns the count in force. */
int mlp_gemm_set_threads(int n);
int mlp_gemm_threads(void);

/* The BLAS build and the kernel it picked, e.g. "OpenBLAS 0.3.21 ..." and "Haswell".
 * The build is mlp_blas_config()'s copy (blas_config.h), read once per
 * process: the same pointer from every thread, valid for the process's life. */
const char *mlp_gemm_blas_config(void);
const char *mlp_gemm_blas_core(void);

#endif
