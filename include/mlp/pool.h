/* SPDX-License-Identifier: MIT */
/* pool.h: the library's one set of worker threads, and how many of them a
 * program uses.
 *
 * A pool is made with an explicit thread count T and runs a job of P parts:
 * fn(ctx, k) for every k in 0..P-1, each part exactly once. Part k runs on
 * thread k % T (thread 0 is the caller), so which thread runs a part never
 * depends on timing; a job whose parts write only their own outputs gives
 * the same bits on every run with the same P. Work split by
 * mlp_pool_range depends only on the size and P, never on T.
 *
 * The count travels explicitly: a program resolves it once
 * (mlp_pool_default_threads, or --threads) and passes it to each reader and
 * workspace through their options. A pool of one thread starts no thread;
 * a larger one starts its T - 1 workers on the first job of more than one
 * part and keeps them until mlp_pool_free. Waiting workers spin for a few
 * microseconds (jobs of a training loop follow each other closely), then
 * sleep on a condition variable.
 *
 * A pool runs one job at a time and belongs to one thread of the program
 * (mlp_pool_run from two threads on one pool is not allowed); threads with
 * a pool each run their jobs at once.
 */
#ifndef MLP_POOL_H
#define MLP_POOL_H

#include <stddef.h>

#include "mlp/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MLP_POOL_MAX_THREADS 64

typedef struct mlp_pool mlp_pool;

/* One part of a job: k is 0..n_parts-1. */
typedef void (*mlp_pool_fn)(void *ctx, size_t k);

/* The thread count a program uses when none is asked for, 1..MLP_POOL_MAX_THREADS:
 * the first positive integer among the environment variables
 * OPENBLAS_NUM_THREADS, GOTO_NUM_THREADS and OMP_NUM_THREADS (the ones
 * OpenBLAS reads), else the processors this process may run on (under an
 * address-space limit, only as many as have their BLAS buffers take at most
 * half of what it leaves; src/memlimit.h); never more than those processors
 * when it comes from the environment (as OpenBLAS). */
int mlp_pool_default_threads(void);

/* A pool of `threads` threads (the caller and threads - 1 workers), clamped
 * to 1..MLP_POOL_MAX_THREADS. No thread starts here. NULL with err
 * (MLP_ERR_NOMEM) when out of memory. Free with mlp_pool_free. */
mlp_pool *mlp_pool_create(int threads, mlp_error *err);

/* Stops and joins the workers, frees the pool; NULL is allowed. */
void mlp_pool_free(mlp_pool *pool);

/* The count the pool was made with (1..MLP_POOL_MAX_THREADS). */
int mlp_pool_threads(const mlp_pool *pool);

/* Runs fn(ctx, k) for k = 0..n_parts-1 and returns when all are done; part
 * k on thread k % threads, thread 0 being the caller, each thread's parts in
 * increasing k. A pool of one thread, a job of one part, or a pool whose
 * workers could not start runs every part on the caller, in order. Not
 * reentrant: fn must not run a job on the same pool. */
void mlp_pool_run(mlp_pool *pool, size_t n_parts, mlp_pool_fn fn, void *ctx);

/* Part k of n items cut into n_parts contiguous ranges:
 * [n k / n_parts, n (k+1) / n_parts), computed without overflow. */
void mlp_pool_range(size_t n, size_t k, size_t n_parts, size_t *begin, size_t *end);

/* Sets the thread count of the BLAS for the products the library runs
 * outside a pool's parts (inside them the BLAS runs on one thread), clamped
 * to 1..MLP_POOL_MAX_THREADS, and returns that count. Also stops the
 * threads OpenBLAS started while the program was loading, whatever the
 * count, so that they do not spin beside a run that never threads a
 * product; OpenBLAS starts them again, that many, at the first product it
 * threads (with 1, never). Process-wide, as the BLAS is: a program calls it
 * once, at start-up, before its other threads use the library, and passes
 * the count it returns on. A pass of several lanes (mlp_net_gradient and
 * mlp_net_evaluate with a workspace of 2 threads or more, so mlp_train_run
 * and mlp_fit_run with threads >= 2) runs the BLAS on one thread from the
 * moment the first such pass of any thread starts until the last one in
 * flight ends, then puts this count back: passes of several threads at once
 * keep it. Called while such passes run, it takes effect when the last ends. */
int mlp_pool_set_blas_threads(int threads);

#ifdef __cplusplus
}
#endif

#endif
