/* SPDX-License-Identifier: MIT */
/* memlimit.c: checks against the address-space limit before OpenBLAS maps
 * its buffers (memlimit.h says why). Owns the one exec in the library. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE */
#include "memlimit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "alloc.h"
#include "gemm.h"
#include "plural.h"

size_t mlp_memlimit_bytes(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return 0;
    return rl.rlim_cur > SIZE_MAX ? 0 : (size_t)rl.rlim_cur;
}

void mlp_memlimit_reexec(char **argv)
{
    if (!mlp_memlimit_bytes() || getenv("OPENBLAS_NUM_THREADS"))
        return;
    if (setenv("OPENBLAS_NUM_THREADS", "1", 1) != 0)
        return;
    execv("/proc/self/exe", argv);
    /* No /proc: go on as we are. */
    unsetenv("OPENBLAS_NUM_THREADS");
}

static mlp_status no_room(mlp_error *err, size_t limit, int threads)
{
    mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0,
                  "out of memory: the address-space limit (ulimit -v, %zu MiB) leaves too little "
                  "for the BLAS buffers (%zu MiB per thread, %d thread%s)",
                  limit >> 20, MLP_MEMLIMIT_BLAS_BUFFER >> 20, threads, mlp_plural(threads, "", "s"));
    mlp_error_hint(err, "raise the limit%s", threads > 1 ? " or use fewer --threads" : "");
    return MLP_ERR_NOMEM;
}

mlp_status mlp_memlimit_prepare_blas(int threads, mlp_error *err)
{
    size_t limit = mlp_memlimit_bytes();
    if (!limit)
        return MLP_OK;
    if (threads < 1)
        threads = 1;
    /* Reserve (without touching) what the buffers will take: a map of
     * PROT_NONE counts against RLIMIT_AS like any other. */
    size_t need = (size_t)threads * (MLP_MEMLIMIT_BLAS_BUFFER + 4096) + MLP_MEMLIMIT_MARGIN;
    void *probe = mmap(NULL, need, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (probe == MAP_FAILED)
        return no_room(err, limit, threads);
    munmap(probe, need);
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
