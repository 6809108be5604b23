/* SPDX-License-Identifier: MIT */
/* memlimit.c: checks against the address-space limit before OpenBLAS maps
 * its buffers (memlimit.h says why). Owns the one exec in the library. */
#define _GNU_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE, pthread_getattr_default_np */
#include "memlimit.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "alloc.h"
#include "gemm.h"

size_t mlp_memlimit_bytes(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return 0;
    return rl.rlim_cur > SIZE_MAX ? 0 : (size_t)rl.rlim_cur;
}

/* The private variable that carries the user's OPENBLAS_NUM_THREADS across
 * the re-execution: "unset", or "set:" and the value as it was. */
#define SAVED "MLP_MEMLIMIT_SAVED_OPENBLAS_NUM_THREADS"
#define SAVED_SET "set:"

/* In the re-executed process: the user's OPENBLAS_NUM_THREADS back as it
 * was (OpenBLAS has read the 1 already), the marker gone, so that the thread
 * count and a program this one starts see what the user set. 1 when this is
 * that process. A marker beside any value but the 1 we set was not ours. */
static int restore_saved(void)
{
    const char *saved = getenv(SAVED);
    if (!saved)
        return 0;
    const char *now = getenv("OPENBLAS_NUM_THREADS");
    int ours = now && strcmp(now, "1") == 0;
    if (ours) {
        if (strncmp(saved, SAVED_SET, strlen(SAVED_SET)) == 0)
            setenv("OPENBLAS_NUM_THREADS", saved + strlen(SAVED_SET), 1);
        else
            unsetenv("OPENBLAS_NUM_THREADS");
    }
    unsetenv(SAVED);
    return ours;
}

void mlp_memlimit_reexec(char **argv)
{
    if (restore_saved() || !mlp_memlimit_bytes())
        return;
    /* Only "1" starts OpenBLAS without a worker; every other value, set or
     * not, valid or not ("", "0", "abc", "2"), goes through the
     * re-execution, which keeps it for the thread count. */
    const char *user = getenv("OPENBLAS_NUM_THREADS");
    if (user && strcmp(user, "1") == 0)
        return;
    char *saved = NULL;
    if (user) {
        saved = mlp_alloc(strlen(SAVED_SET) + strlen(user) + 1, 1);
        if (!saved)
            return;
        strcpy(saved, SAVED_SET);
        strcat(saved, user);
    }
    if (setenv(SAVED, saved ? saved : "unset", 1) == 0 &&
        setenv("OPENBLAS_NUM_THREADS", "1", 1) == 0)
        execv("/proc/self/exe", argv);
    /* No /proc (or no room for the environment): go on as we are. */
    if (saved)
        setenv("OPENBLAS_NUM_THREADS", saved + strlen(SAVED_SET), 1);
    else
        unsetenv("OPENBLAS_NUM_THREADS");
    unsetenv(SAVED);
    free(saved);
}

/* The BLAS buffers a run of `threads` threads maps: one for the calling
 * thread, one for each of OpenBLAS's threads - 1 workers, and one for each
 * of the threads - 1 workers of mlp's own pool, whose lanes call the BLAS
 * on their own threads (while OpenBLAS's workers, idle, keep theirs). */
static int buffers_of(int threads)
{
    return 2 * threads - 1;
}

/* The stack of a thread started with the default attributes. */
static size_t thread_stack(void)
{
    pthread_attr_t attr;
    size_t size = (size_t)8 << 20;
    if (pthread_getattr_default_np(&attr) == 0) {
        size_t s;
        if (pthread_attr_getstacksize(&attr, &s) == 0)
            size = s;
        pthread_attr_destroy(&attr);
    }
    return size;
}

/* Whether the buffers and stacks of `threads` threads and the margin, taken
 * `times` times over, fit in the address space left now. A map of PROT_NONE
 * counts against RLIMIT_AS like any other, and reserves nothing. */
static int buffers_fit(int threads, size_t times)
{
    size_t n = (size_t)buffers_of(threads);
    size_t one = n * (MLP_MEMLIMIT_BLAS_BUFFER + 4096) + (n - 1) * thread_stack() +
                 MLP_MEMLIMIT_MARGIN;
    if (times > SIZE_MAX / one)
        return 0;
    void *probe = mmap(NULL, one * times, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                       -1, 0);
    if (probe == MAP_FAILED)
        return 0;
    munmap(probe, one * times);
    return 1;
}

int mlp_memlimit_default_threads(int threads)
{
    if (threads < 1)
        threads = 1;
    if (!mlp_memlimit_bytes() || buffers_fit(threads, 2))
        return threads;
    /* The largest count in [1, threads) whose buffers take at most half. */
    int lo = 1, hi = threads - 1;
    while (lo < hi) {
        int mid = lo + (hi - lo + 1) / 2;
        if (buffers_fit(mid, 2))
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* Whether the count came from --threads: set once by a program at
 * start-up, read by hints (possibly from several threads, hence atomic). */
static atomic_int threads_option;

void mlp_memlimit_set_threads_option(int given)
{
    atomic_store_explicit(&threads_option, given != 0, memory_order_relaxed);
}

const char *mlp_memlimit_fewer_threads(void)
{
    return atomic_load_explicit(&threads_option, memory_order_relaxed)
               ? "use fewer --threads"
               : "use fewer threads: OPENBLAS_NUM_THREADS=1";
}

static mlp_status no_room(mlp_error *err, size_t limit, int threads)
{
    if (threads == 1)
        mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0,
                      "out of memory: the address-space limit (ulimit -v, %zu MiB) leaves too "
                      "little for the BLAS buffers (%zu MiB per thread, 1 thread)",
                      limit >> 20, MLP_MEMLIMIT_BLAS_BUFFER >> 20);
    else
        mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0,
                      "out of memory: the address-space limit (ulimit -v, %zu MiB) leaves too "
                      "little for the BLAS buffers (%zu MiB each, %d for %d threads)",
                      limit >> 20, MLP_MEMLIMIT_BLAS_BUFFER >> 20, buffers_of(threads), threads);
    if (threads == 1)
        mlp_error_hint(err, "raise the limit");
    else
        mlp_error_hint(err, "raise the limit or %s", mlp_memlimit_fewer_threads());
    return MLP_ERR_NOMEM;
}

mlp_status mlp_memlimit_prepare_blas(int threads, mlp_error *err)
{
    size_t limit = mlp_memlimit_bytes();
    if (!limit)
        return MLP_OK;
    if (threads < 1)
        threads = 1;
    if (!buffers_fit(threads, 1))
        return no_room(err, limit, threads);
    /* One product large enough for the BLAS path: OpenBLAS maps this
     * thread's buffer now and keeps it for every later product. */
    enum { N = 64 };
    double *m = mlp_alloc_zero(4 * N * N, sizeof *m);
    if (!m)
        return no_room(err, limit, threads);
    mlp_gemm_affine(m, m + N * N, m + 2 * N * N, m + 3 * N * N, N, N, N);
    free(m);
    return MLP_OK;
}
