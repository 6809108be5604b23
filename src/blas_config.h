/* SPDX-License-Identifier: MIT */
/* blas_config.h: OpenBLAS's description of its build, read once per
 * process. Private to the library; blas.c owns it.
 *
 * openblas_get_config() rebuilds its text in one static buffer at every
 * call (a strcpy, then strcat of the core and MAX_THREADS), so two threads
 * calling it at once can read each other's half-built text; the library
 * calls it here alone, once. */
#ifndef MLP_BLAS_CONFIG_H
#define MLP_BLAS_CONFIG_H

/* openblas_get_config()'s text, e.g. "OpenBLAS 0.3.21 NO_LAPACKE
 * DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64", copied on the first call
 * of any thread (pthread_once); "" when OpenBLAS gives none. Valid for the
 * life of the process. */
const char *mlp_blas_config(void);

#endif
