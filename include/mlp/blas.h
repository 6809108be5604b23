/* SPDX-License-Identifier: MIT */
/* blas.h: never run on OpenBLAS's generic fallback kernels.
 *
 * A DYNAMIC_ARCH OpenBLAS (Debian's) picks its kernels ("core") when it is
 * loaded, from the CPU's identity. On a CPU it does not know (a newer Xeon,
 * for one) it falls back to old generic kernels such as Prescott's, 2.5 to
 * 4 times slower, and says nothing. mlp_blas_init, called first thing in
 * main, notices that case (a core without AVX2 kernels on a CPU with AVX2
 * and FMA) and re-executes the program once with OPENBLAS_CORETYPE set to
 * the best core the CPU can run: SkylakeX with AVX-512 (F, CD, DQ, BW, VL),
 * else Haswell. The re-executed program proves the core before any other
 * BLAS call: a self-test of a few dgemm shapes (every transpose mlp uses,
 * beta 0 and 1) on small integers, whose products and sums are exact in
 * any order, compared bit for bit with a plain loop; an illegal instruction
 * or a crash in the test counts as a failure. On a failure the next core in
 * the order SkylakeX, Haswell, then OpenBLAS's own choice is tried the same
 * way. OPENBLAS_CORETYPE set by the user always wins: nothing is changed
 * (a name OpenBLAS does not have, it replaces by a core of its own: the
 * note and a warning say so).
 * The state between executions travels in the MLP_BLAS_STATE variable
 * ("<OpenBLAS's core>:<cores tried, comma separated>"), which also stops
 * any loop. Where no better core applies (a known CPU, a CPU without AVX2)
 * nothing runs but reading the core name and the CPU flags. See
 * docs/performance.md.
 */
#ifndef MLP_BLAS_H
#define MLP_BLAS_H

#ifdef __cplusplus
extern "C" {
#endif

/* The instruction sets that decide which OpenBLAS cores can run. */
typedef struct {
    int avx2;   /* AVX2 and FMA, usable by the OS: the Haswell kernels */
    int avx512; /* AVX-512 F, CD, DQ, BW and VL, usable by the OS: the SkylakeX kernels */
} mlp_cpu_features;

typedef enum {
    MLP_BLAS_KEEP,    /* run on the core this process has */
    MLP_BLAS_SWITCH,  /* re-execute with OPENBLAS_CORETYPE=core, MLP_BLAS_STATE=state */
} mlp_blas_action;

/* What the decision looks at. */
typedef struct {
    const char *corename;      /* openblas_get_corename() of this process, e.g. "Prescott" */
    mlp_cpu_features cpu;      /* this CPU's */
    const char *user_coretype; /* OPENBLAS_CORETYPE set by the user; NULL when unset or set by mlp */
    const char *state;         /* MLP_BLAS_STATE; NULL in the first execution */
    int selftest_ok;           /* in a re-executed process: 1 when corename passed the self-test */
} mlp_blas_inputs;

typedef struct {
    mlp_blas_action action;
    char core[32];   /* SWITCH: the OPENBLAS_CORETYPE to run on */
    char state[160]; /* SWITCH: the MLP_BLAS_STATE for the next execution */
    char note[200];  /* one line: the core and why, e.g. "Haswell (mlp's choice: OpenBLAS
                        picked Prescott, a generic fallback; self-test passed)" */
    char warning[200];      /* what the user must be told once, "" when nothing: the
                               user's OPENBLAS_CORETYPE is not the core that runs */
    char warning_hint[120]; /* what to do about the warning */
} mlp_blas_decision;

/* The pure decision: what to do given the inputs (no side effect). */
void mlp_blas_decide(const mlp_blas_inputs *in, mlp_blas_decision *out);

/* 1 when corename has no AVX2 kernels (Prescott, Core2, Nehalem,
 * Sandybridge, ... anything but Haswell, Zen, SkylakeX, Cooperlake,
 * SapphireRapids, Excavator). */
int mlp_blas_is_fallback(const char *corename);

/* This CPU's features (all 0 off x86-64). */
mlp_cpu_features mlp_blas_cpu_features(void);

/* Runs the dgemm self-test on the current core: 1 when every product equals
 * the plain loop's bit for bit, 0 on a difference, an illegal instruction
 * or a memory fault inside BLAS. About a millisecond. Any thread may call
 * it at any time: calls take turns (a lock for the whole test), the BLAS
 * runs on one thread while one is in progress and then goes back to the
 * count the program set (mlp_pool_set_blas_threads, pool.h; a count set
 * meanwhile, or passes of other threads in flight, keep theirs), and the
 * handlers of SIGILL, SIGSEGV, SIGBUS and SIGFPE it puts in place for the
 * test are the program's again when it returns. Meanwhile such a signal of
 * another thread goes on to the program's handler (or its default action)
 * as if the test were not running; a program should not install handlers
 * for these four signals while a self-test runs. */
int mlp_blas_selftest(void);

/* Call first in main, before any BLAS call, with main's argv (NULL
 * terminated). May replace the process by a re-execution of itself
 * (/proc/self/exe) with the same arguments, as described above (a program
 * started through the dynamic loader by hand is restarted the same way,
 * with LD_LIBRARY_PATH, not the loader's options, naming its libraries); returns
 * when the process keeps its core (also when the re-execution cannot be
 * done: then the note says so). Test hooks, read from the environment:
 * MLP_BLAS_TEST_CORENAME pretends OpenBLAS picked that core (first
 * execution only), MLP_BLAS_TEST_CPU ("none", "avx2" or "avx512") pretends
 * those features, MLP_BLAS_TEST_FAIL (comma-separated cores) makes the
 * self-test fail on those cores without running. */
void mlp_blas_init(char **argv);

/* After mlp_blas_init: 1 when its decision has a warning for the user
 * (mlp_blas_decision's warning and warning_hint, pointed to by *message and
 * *hint), for the program to print once; 0 when it has none. */
int mlp_blas_warning(const char **message, const char **hint);

/* The core BLAS runs on (openblas_get_corename()). */
const char *mlp_blas_core_name(void);

/* One line for --version: the OpenBLAS build, the core and why it was
 * chosen. The text is in a buffer of the calling thread (any thread may
 * call it at once): valid until that thread calls it again or ends. */
const char *mlp_blas_describe(void);

#ifdef __cplusplus
}
#endif

#endif
