/* SPDX-License-Identifier: MIT */
/* pool_blas.h: the BLAS's thread count while passes run their lanes, for
 * any number of threads of the program at once. Private to the library;
 * pool.c owns the count (mlp_pool_set_blas_threads, pool.h). */
#ifndef MLP_POOL_BLAS_H
#define MLP_POOL_BLAS_H

/* Around a pass whose lanes each call the BLAS on their own thread (and
 * around mlp_blas_selftest, blas.c, which needs one BLAS thread too): the
 * BLAS runs on one thread from the first begin to the last end of all the
 * passes in flight, in whatever threads, and the program's count is put
 * back after the last end. The BLAS's count is one for the whole process,
 * so a pass that saved and restored it itself lost the program's count
 * when two overlapped (the second saved the first's 1). Every begin needs
 * its end. */
void mlp_pool_blas_serial_begin(void);
void mlp_pool_blas_serial_end(void);

#endif
