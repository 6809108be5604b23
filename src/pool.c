/* SPDX-License-Identifier: MIT */
/* pool.c: the worker threads every parallel part of the library runs on
 * (the CSV parser's parts, the row lanes of the forward and backward
 * passes), the default thread count, and the BLAS's own thread setting.
 * The only file that starts threads.
 *
 * A job is a generation number: run() publishes fn, ctx and the part count,
 * then bumps the generation; each worker runs its parts and counts itself
 * out on `pending`; the caller runs its own parts and waits for pending to
 * reach zero. Both sides spin briefly before sleeping (see spin_once). */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "mlp/pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "gemm.h"
#include "memlimit.h"
#include "pool_blas.h"

/* ------------------------------------------------------------------------ */
/* How many.                                                                */

static int clamp_threads(long n)
{
    return n < 1 ? 1 : n > MLP_POOL_MAX_THREADS ? MLP_POOL_MAX_THREADS : (int)n;
}

static int processors(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return clamp_threads(CPU_COUNT(&set));
    return clamp_threads(sysconf(_SC_NPROCESSORS_ONLN));
}

/* A positive integer in the environment variable, else 0. */
static long env_count(const char *name)
{
    const char *s = getenv(name);
    if (!s || !*s)
        return 0;
    char *end;
    long n = strtol(s, &end, 10);
    return *end == '\0' && n > 0 ? n : 0;
}

int mlp_pool_default_threads(void)
{
    int procs = processors();
    static const char *const vars[] = {"OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS",
                                       "OMP_NUM_THREADS"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        long n = env_count(vars[i]);
        if (n > 0)
            return n < procs ? clamp_threads(n) : procs;
    }
    return mlp_memlimit_default_threads(procs); /* under `ulimit -v`, what fits */
}

void mlp_pool_range(size_t n, size_t k, size_t n_parts, size_t *begin, size_t *end)
{
    /* n k / P = q k + r k / P with n = q P + r: no product exceeds n or r P. */
    size_t q = n / n_parts, r = n % n_parts;
    *begin = q * k + r * k / n_parts;
    *end = q * (k + 1) + r * (k + 1) / n_parts;
}

/* OpenBLAS's call that stops its server threads (it also runs at fork). Not
 * in cblas.h; weak, so a BLAS without it (a serial build) still links. */
extern int blas_thread_shutdown_(void) __attribute__((weak));

/* The threads OpenBLAS starts while the program is loading spin
 * (sched_yield) for a while after they start and after each job, and most
 * runs never hand the BLAS a product it would thread (the lanes run it on one
 * thread, and products under its own threshold run on the caller): they are
 * stopped here whatever the count. The count is set first, so that when a
 * later product is threaded, OpenBLAS starts them again itself (its
 * exec_blas_async calls blas_thread_init when its server is down), as many as
 * set here; the bits are the same, as they depend on the count only. */
/* The BLAS's count is the process's, so what goes with it is too, the one
 * mutable state the library shares between threads (it mirrors what
 * OpenBLAS holds anyway): the passes in flight whose lanes need one BLAS
 * thread, and the program's count to put back when the last of them ends. */
static pthread_mutex_t blas_mu = PTHREAD_MUTEX_INITIALIZER;
static int blas_serial_passes;
static int blas_program_threads;

int mlp_pool_set_blas_threads(int threads)
{
    int n = clamp_threads(threads);
    pthread_mutex_lock(&blas_mu);
    if (blas_serial_passes > 0) {
        /* Lanes of another thread run now: theirs stays 1 until the last ends. */
        blas_program_threads = n;
    } else {
        mlp_gemm_set_threads(n);
        if (blas_thread_shutdown_)
            blas_thread_shutdown_();
    }
    pthread_mutex_unlock(&blas_mu);
    return n;
}

void mlp_pool_blas_serial_begin(void)
{
    pthread_mutex_lock(&blas_mu);
    if (blas_serial_passes++ == 0) {
        blas_program_threads = mlp_gemm_threads();
        mlp_gemm_set_threads(1);
    }
    pthread_mutex_unlock(&blas_mu);
}

void mlp_pool_blas_serial_end(void)
{
    pthread_mutex_lock(&blas_mu);
    if (--blas_serial_passes == 0)
        mlp_gemm_set_threads(blas_program_threads);
    pthread_mutex_unlock(&blas_mu);
}

/* ------------------------------------------------------------------------ */
/* The threads.                                                             */

#if defined(__x86_64__) || defined(__i386__)
#define cpu_relax() __builtin_ia32_pause()
#else
#define cpu_relax() ((void)0)
#endif

/* How a thread waits for the other side: MLP_PAUSES pause instructions
 * (about a microsecond each: the gap between two passes of a training loop
 * is usually shorter), then sched_yield up to MLP_SPIN times in all, so that
 * on a machine with more runnable threads than cores the thread we wait for
 * gets the core, then sleep on a condition variable. */
#define MLP_PAUSES 256
#define MLP_SPIN 4096

static void spin_once(int spin)
{
    if (spin < MLP_PAUSES)
        cpu_relax();
    else
        sched_yield();
}

typedef struct {
    mlp_pool *p;
    size_t index;                   /* 1..threads-1 */
    unsigned long seen;             /* the generation it last ran */
} worker;

struct mlp_pool {
    size_t threads;                 /* 1..MLP_POOL_MAX_THREADS */
    size_t n_workers;               /* started: workers 1..n_workers */
    int failed;                     /* a worker could not start: the caller runs every part */
    int sync_ready;                 /* mu and the conditions are initialised */
    pthread_t tid[MLP_POOL_MAX_THREADS];
    worker workers[MLP_POOL_MAX_THREADS];
    pthread_mutex_t mu;
    pthread_cond_t start, done;
    atomic_ulong generation;        /* one more per job */
    atomic_size_t pending;          /* workers still on the current job */
    atomic_int quit;
    size_t n_parts;                 /* of the current job */
    mlp_pool_fn fn;
    void *ctx;
};

/* Parts index, index + T, index + 2T, ... of the current job. */
static void run_share(mlp_pool *p, size_t index)
{
    for (size_t k = index; k < p->n_parts; k += p->threads)
        p->fn(p->ctx, k);
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    mlp_pool *p = w->p;
    for (;;) {
        unsigned long g = atomic_load_explicit(&p->generation, memory_order_acquire);
        for (int spin = 0; g == w->seen && spin < MLP_SPIN; spin++) {
            spin_once(spin);
            g = atomic_load_explicit(&p->generation, memory_order_acquire);
        }
        if (g == w->seen) {
            pthread_mutex_lock(&p->mu);
            while ((g = atomic_load(&p->generation)) == w->seen && !atomic_load(&p->quit))
                pthread_cond_wait(&p->start, &p->mu);
            pthread_mutex_unlock(&p->mu);
        }
        if (atomic_load(&p->quit))
            return NULL;
        w->seen = g;
        run_share(p, w->index);
        if (atomic_fetch_sub_explicit(&p->pending, 1, memory_order_acq_rel) == 1) {
            pthread_mutex_lock(&p->mu);
            pthread_cond_signal(&p->done);
            pthread_mutex_unlock(&p->mu);
        }
    }
}

mlp_pool *mlp_pool_create(int threads, mlp_error *err)
{
    mlp_pool *p = mlp_alloc_zero(1, sizeof *p);
    if (!p) {
        mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for a thread pool");
        return NULL;
    }
    p->threads = (size_t)clamp_threads(threads);
    atomic_init(&p->generation, 0);
    atomic_init(&p->pending, 0);
    atomic_init(&p->quit, 0);
    return p;
}

int mlp_pool_threads(const mlp_pool *pool)
{
    return (int)pool->threads;
}

/* Starts the workers a job of n_parts parts needs; 0, or -1 when one could
 * not start (the pool then runs everything on the caller: the parts are the
 * same, so the results are too). */
static int start_workers(mlp_pool *p, size_t n_parts)
{
    size_t want = (n_parts < p->threads ? n_parts : p->threads) - 1;
    if (p->failed)
        return -1;
    if (!p->sync_ready) {
        if (pthread_mutex_init(&p->mu, NULL))
            return p->failed = 1, -1;
        if (pthread_cond_init(&p->start, NULL)) {
            pthread_mutex_destroy(&p->mu);
            return p->failed = 1, -1;
        }
        if (pthread_cond_init(&p->done, NULL)) {
            pthread_cond_destroy(&p->start);
            pthread_mutex_destroy(&p->mu);
            return p->failed = 1, -1;
        }
        p->sync_ready = 1;
    }
    unsigned long g = atomic_load(&p->generation);
    while (p->n_workers < want) {
        size_t i = p->n_workers + 1;
        p->workers[i] = (worker){p, i, g};
        if (pthread_create(&p->tid[i], NULL, worker_main, &p->workers[i]))
            return p->failed = 1, -1;
        p->n_workers = i;
    }
    return 0;
}

void mlp_pool_run(mlp_pool *p, size_t n_parts, mlp_pool_fn fn, void *ctx)
{
    if (n_parts == 0)
        return;
    if (p->threads == 1 || n_parts == 1 || start_workers(p, n_parts)) {
        for (size_t k = 0; k < n_parts; k++)
            fn(ctx, k);
        return;
    }
    /* Workers beyond the job's parts find no part of theirs and count out. */
    p->fn = fn;
    p->ctx = ctx;
    p->n_parts = n_parts;
    atomic_store(&p->pending, p->n_workers);
    pthread_mutex_lock(&p->mu);
    atomic_fetch_add_explicit(&p->generation, 1, memory_order_release);
    pthread_cond_broadcast(&p->start);
    pthread_mutex_unlock(&p->mu);
    run_share(p, 0);
    for (int spin = 0; atomic_load_explicit(&p->pending, memory_order_acquire) && spin < MLP_SPIN;
         spin++)
        spin_once(spin);
    if (atomic_load_explicit(&p->pending, memory_order_acquire)) {
        pthread_mutex_lock(&p->mu);
        while (atomic_load(&p->pending))
            pthread_cond_wait(&p->done, &p->mu);
        pthread_mutex_unlock(&p->mu);
    }
}

void mlp_pool_free(mlp_pool *p)
{
    if (!p)
        return;
    if (p->sync_ready) {
        pthread_mutex_lock(&p->mu);
        atomic_store(&p->quit, 1);
        pthread_cond_broadcast(&p->start);
        pthread_mutex_unlock(&p->mu);
        for (size_t i = 1; i <= p->n_workers; i++)
            pthread_join(p->tid[i], NULL);
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->start);
        pthread_cond_destroy(&p->done);
    }
    free(p);
}
