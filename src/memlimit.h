/* SPDX-License-Identifier: MIT */
/* memlimit.h: running under an address-space limit (`ulimit -v`, RLIMIT_AS).
 *
 * OpenBLAS (0.3.21, Debian 12) maps a 128 MiB buffer for each of its
 * threads: a worker thread when it starts (at load time, one per processor
 * by default), the calling thread at its first matrix product. When the map
 * fails it does not report it: it retries at the next address, forever, so a
 * program under a tight limit spins instead of running out of memory, and
 * even `--version` hangs at exit waiting for a spinning worker. mlp avoids
 * both:
 *  1. mlp_memlimit_reexec, first thing in main: under a finite limit, with
 *     OPENBLAS_NUM_THREADS anything but 1 (unset included), the program runs
 *     itself again with OPENBLAS_NUM_THREADS=1, so OpenBLAS starts no worker
 *     thread, and the user's value (or its absence) rides along in a
 *     private variable; the re-executed program puts it back at once, so the
 *     thread count is what it is without the limit and nothing maps a
 *     buffer before the check below;
 *  2. mlp_memlimit_default_threads, inside mlp_pool_default_threads: when
 *     no count is asked for (no --threads, no valid variable) the
 *     processors, reduced under a finite limit so that their buffers and
 *     stacks take at most half of the address space left (the rest is the
 *     run's);
 *  3. mlp_memlimit_prepare_blas, before the first product and before the
 *     thread count is raised: under a finite limit it checks that the
 *     buffers of the threads asked for (2 T - 1 for T threads: the caller,
 *     OpenBLAS's T - 1 workers, and the T - 1 workers of mlp's pool, whose
 *     lanes call the BLAS on their own threads) and their stacks fit in what
 *     the limit leaves, and
 *     has OpenBLAS map the calling thread's buffer at once. When they do not
 *     fit the run stops with MLP_ERR_NOMEM (exit 3) and says so; afterwards a
 *     failed allocation of mlp's own is an ordinary out-of-memory error.
 * Without a limit all three do nothing.
 */
#ifndef MLP_MEMLIMIT_H
#define MLP_MEMLIMIT_H

#include <stddef.h>

#include "mlp/error.h"

/* The address space OpenBLAS maps per thread, and the margin checked on top
 * of all of them (thread stacks, small maps). */
#define MLP_MEMLIMIT_BLAS_BUFFER ((size_t)128 << 20)
#define MLP_MEMLIMIT_MARGIN ((size_t)16 << 20)

/* The address-space limit in bytes, or 0 when there is none. */
size_t mlp_memlimit_bytes(void);

/* Under a finite limit with OPENBLAS_NUM_THREADS other than "1": keeps the
 * user's value in a private variable, sets it to 1 and executes
 * /proc/self/exe with argv again (the process is replaced). In the process
 * so started, puts the user's value back and returns. Returns also when
 * there is nothing to do or the exec failed (the environment as it was).
 * Call it before anything else, threads or files, exists. */
void mlp_memlimit_reexec(char **argv);

/* The default thread count for `threads` processors: `threads` without a
 * limit; under one, the largest count from 1 to `threads` whose BLAS
 * buffers and the margin fit twice in the address space left now (1 when
 * none does: mlp_memlimit_prepare_blas then says so). */
int mlp_memlimit_default_threads(int threads);

/* Records whether the program's thread count came from its --threads
 * option (given != 0) or from mlp_pool_default_threads (0, the state a
 * program starts in). mlptrain and mlppredict call it with 1 when --threads
 * is given, once, at start-up, before the count is checked or used;
 * mlpplot, which has no such option, never does. Process-wide, as the BLAS
 * thread count is. */
void mlp_memlimit_set_threads_option(int given);

/* How to ask for fewer threads, in the words of where the count came from
 * (mlp_memlimit_set_threads_option): "use fewer --threads" for the option;
 * else "use fewer threads: OPENBLAS_NUM_THREADS=1", the variable
 * mlp_pool_default_threads reads first, and the only way to give mlpplot a
 * count. A static string. Every hint of the library that lowers the thread
 * count says it so (this file's, and a workspace's in net.c). */
const char *mlp_memlimit_fewer_threads(void);

/* Under a finite limit: MLP_ERR_NOMEM unless the BLAS buffers of `threads`
 * (>= 1) threads, 2 threads - 1 of them, the other threads' stacks and the
 * margin fit in the address space left now; then makes the calling thread
 * map its buffer. MLP_OK at once without a limit. The hint of more than one
 * thread lowers the count where it was asked (mlp_memlimit_fewer_threads). */
mlp_status mlp_memlimit_prepare_blas(int threads, mlp_error *err);

#endif
