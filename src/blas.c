/* SPDX-License-Identifier: MIT */
/* blas.c: the choice of OpenBLAS's kernels (include/mlp/blas.h): the pure
 * decision, the CPU's features, the dgemm self-test and the re-execution. */
#include "mlp/blas.h"

#include <cblas.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "blas_config.h"
#include "pool_blas.h"

/* OpenBLAS cores with AVX2 kernels (names as openblas_get_corename() spells
 * them in 0.3.21). Any other core on a CPU with AVX2 is a fallback. */
static const char *const avx2_cores[] = {
    "Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids", "Excavator",
};

int mlp_blas_is_fallback(const char *corename)
{
    if (!corename || !*corename)
        return 0; /* nothing known: nothing to fix */
    for (size_t i = 0; i < sizeof avx2_cores / sizeof avx2_cores[0]; i++)
        if (strcasecmp(corename, avx2_cores[i]) == 0)
            return 0;
    return 1;
}

/* 1 when the comma-separated list holds name (case-insensitive). */
static int list_has(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && strncasecmp(p, name, n) == 0)
            return 1;
        p = comma ? comma + 1 : NULL;
    }
    return 0;
}

/* OPENBLAS_CORETYPE set by the user: kept, whatever it is. OpenBLAS takes
 * a name it has in any case ("haswell"); a name it does not have ("Bogus")
 * it drops without a word and runs its own choice, and an old core of the
 * list that this build leaves out ("Katmai") it runs as another
 * ("Prescott"). So the core it names is what ran: when that is not the
 * user's, the note says so and the programs warn; --version once called
 * its own choice "the user's". */
static void user_choice(const mlp_blas_inputs *in, mlp_blas_decision *out)
{
    const char *user = in->user_coretype;
    if (!in->corename || !*in->corename || strcasecmp(user, in->corename) == 0) {
        snprintf(out->note, sizeof out->note, "OPENBLAS_CORETYPE=%.60s: the user's choice", user);
        return;
    }
    snprintf(out->note, sizeof out->note,
             "OPENBLAS_CORETYPE=%.60s not taken: this OpenBLAS has no such core", user);
    snprintf(out->warning, sizeof out->warning,
             "OPENBLAS_CORETYPE=%.60s is not a core this OpenBLAS has, so %.40s runs", user,
             in->corename);
    snprintf(out->warning_hint, sizeof out->warning_hint,
             "set OPENBLAS_CORETYPE to one it has, such as Haswell, SkylakeX, Zen or Prescott, or unset it");
}

void mlp_blas_decide(const mlp_blas_inputs *in, mlp_blas_decision *out)
{
    memset(out, 0, sizeof *out);
    out->action = MLP_BLAS_KEEP;
    const char *core = in->corename && *in->corename ? in->corename : "unknown";
    if (!in->state) {
        if (in->user_coretype && *in->user_coretype) {
            user_choice(in, out);
        } else if (!in->corename || !*in->corename) {
            snprintf(out->note, sizeof out->note, "OpenBLAS's choice; it names no core");
        } else if (!mlp_blas_is_fallback(core)) {
            snprintf(out->note, sizeof out->note, "OpenBLAS's choice");
        } else if (!in->cpu.avx2) {
            snprintf(out->note, sizeof out->note,
                     "OpenBLAS's choice; this CPU has no AVX2, no better core applies");
        } else {
            const char *first = in->cpu.avx512 ? "SkylakeX" : "Haswell";
            out->action = MLP_BLAS_SWITCH;
            snprintf(out->core, sizeof out->core, "%s", first);
            snprintf(out->state, sizeof out->state, "%.40s:%s", core, first);
            snprintf(out->note, sizeof out->note,
                     "OpenBLAS picked %.40s, a generic fallback on this CPU; trying %s", core,
                     first);
        }
        return;
    }

    /* A re-executed process: state is "<OpenBLAS's core>:<tried,...>". */
    const char *colon = strchr(in->state, ':');
    size_t orig_len = colon ? (size_t)(colon - in->state) : 0;
    if (!colon || orig_len == 0 || orig_len > 40 || strlen(in->state) > 120) {
        snprintf(out->note, sizeof out->note, "MLP_BLAS_STATE=%.60s not understood; kept",
                 in->state);
        return;
    }
    char orig[48];
    memcpy(orig, in->state, orig_len);
    orig[orig_len] = '\0';
    const char *tried = colon + 1;
    const char *last = strrchr(tried, ',');
    last = last ? last + 1 : tried;
    if (strcasecmp(last, orig) == 0) {
        /* Back on OpenBLAS's own choice: nothing safer to go to. */
        snprintf(out->note, sizeof out->note,
                 "OpenBLAS's choice, a generic fallback: %.*s failed mlp's self-test%s",
                 (int)(last - tried > 0 ? last - tried - 1 : 0), tried,
                 in->selftest_ok ? "" : "; so did this core");
        return;
    }
    if (in->selftest_ok) {
        snprintf(out->note, sizeof out->note,
                 "mlp's choice: OpenBLAS picked %s, a generic fallback; self-test passed", orig);
        return;
    }
    const char *chain[2];
    int n = 0;
    if (in->cpu.avx512)
        chain[n++] = "SkylakeX";
    if (in->cpu.avx2)
        chain[n++] = "Haswell";
    const char *next = orig;
    for (int i = 0; i < n; i++)
        if (!list_has(tried, chain[i])) {
            next = chain[i];
            break;
        }
    out->action = MLP_BLAS_SWITCH;
    snprintf(out->core, sizeof out->core, "%.31s", next);
    snprintf(out->state, sizeof out->state, "%s,%s", in->state, next);
    snprintf(out->note, sizeof out->note, "%s failed mlp's self-test; trying %s", core, next);
}

mlp_cpu_features mlp_blas_cpu_features(void)
{
    mlp_cpu_features f = {0, 0};
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    /* libgcc's checks include the OS's support (XGETBV) for the registers. */
    __builtin_cpu_init();
    f.avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    f.avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
               __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx512vl");
#endif
    return f;
}

/* ---- the self-test ------------------------------------------------------ */

/* Shapes (m, n, k): odd sizes leave tails in every kernel's blocking; the
 * largest stay under OpenBLAS's threading threshold (m n k < 262,144), so
 * each call runs on the calling thread. 2 x 3 x 6 calls, about 1.7 million
 * multiply-adds in all: about a millisecond. */
static const int shapes[][3] = {{1, 1, 1}, {3, 5, 7}, {17, 33, 9}, {48, 40, 56}, {37, 45, 71}, {5, 300, 40}};
#define SELFTEST_MAX 12000 /* the largest m k, k n or m n above */

/* One self-test at a time in the process (st_mu): the buffers, the jump and
 * the handlers it swaps in are the process's. The handlers are process-wide
 * too, so a fault signal of any other thread that comes while they are in
 * place is handed to the handler the program had (st_old), as if the
 * self-test were not running. */
static pthread_mutex_t st_mu = PTHREAD_MUTEX_INITIALIZER;
static double st_a[SELFTEST_MAX], st_b[SELFTEST_MAX], st_c[SELFTEST_MAX], st_r[SELFTEST_MAX];
static sigjmp_buf st_jump;
static const int st_sigs[] = {SIGILL, SIGSEGV, SIGBUS, SIGFPE};
#define ST_NSIGS (sizeof st_sigs / sizeof st_sigs[0])
static struct sigaction st_old[ST_NSIGS];
/* The thread running the cases, as (unsigned long)pthread_self(), 0 when
 * none: a fault of that thread ends the test. Atomic: the handler reads it
 * in whatever thread the signal comes to. */
static atomic_ulong st_owner;

/* Not the self-test's fault: what the program's own disposition does. */
static void pass_on(int sig, siginfo_t *info, void *uctx)
{
    const struct sigaction *old = NULL;
    for (size_t i = 0; i < ST_NSIGS; i++)
        if (st_sigs[i] == sig)
            old = &st_old[i];
    if (!old || old->sa_handler == SIG_IGN)
        return;
    if (old->sa_flags & SA_SIGINFO) {
        old->sa_sigaction(sig, info, uctx);
    } else if (old->sa_handler != SIG_DFL) {
        old->sa_handler(sig);
    } else {
        /* Default action: the signal, blocked while this handler runs,
         * ends the process as soon as the handler returns. */
        struct sigaction dfl;
        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        sigemptyset(&dfl.sa_mask);
        sigaction(sig, &dfl, NULL);
        raise(sig);
    }
}

static void on_fault(int sig, siginfo_t *info, void *uctx)
{
    if (atomic_load(&st_owner) == (unsigned long)pthread_self())
        siglongjmp(st_jump, 1);
    pass_on(sig, info, uctx);
}

/* Small integers in [-4, 4]: every product and every partial sum of up to
 * 300 of them is an exact double, so any order of summation, with or
 * without FMA, gives the same bits as the plain loop. */
static void fill(double *x, int n, unsigned *seed)
{
    for (int i = 0; i < n; i++) {
        *seed = *seed * 1103515245u + 12345u;
        x[i] = (double)((int)(*seed >> 16 & 0x7fff) % 9 - 4);
    }
}

static int run_cases(void)
{
    unsigned seed = 2026;
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
        for (int mode = 0; mode < 3; mode++) {
            /* The transposes of gemm.c: A B^T (forward), A^T B (weight
             * gradient), A B (input gradient); row-major. */
            int ta = mode == 1, tb = mode == 0;
            for (int v = 0; v < 2; v++) {
                double alpha = v ? -0.5 : 1.0, beta = v ? 1.0 : 0.0;
                fill(st_a, m * k, &seed);
                fill(st_b, k * n, &seed);
                fill(st_c, m * n, &seed);
                memcpy(st_r, st_c, sizeof(double) * (size_t)(m * n));
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++) {
                        double sum = 0;
                        for (int p = 0; p < k; p++)
                            sum += (ta ? st_a[p * m + i] : st_a[i * k + p]) *
                                   (tb ? st_b[j * k + p] : st_b[p * n + j]);
                        st_r[i * n + j] = alpha * sum + beta * st_r[i * n + j];
                    }
                cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans,
                            tb ? CblasTrans : CblasNoTrans, m, n, k, alpha, st_a, ta ? m : k, st_b,
                            tb ? k : n, beta, st_c, n);
                if (memcmp(st_c, st_r, sizeof(double) * (size_t)(m * n)) != 0)
                    return 0;
            }
        }
    }
    return 1;
}

/* Safe from any thread: st_mu makes the calls take turns, the count of
 * BLAS threads goes through pool.c's bookkeeping (as a pass of lanes does),
 * so a count the program sets meanwhile, or another thread's passes, keep
 * theirs, and the program's handlers are put back before the lock is let
 * go. Two threads calling it at once shared the buffers and the jump (one
 * call in two said a good core failed), restored each other's handlers
 * (the program's SIGSEGV handler was lost) and could leave the BLAS on one
 * thread for good. */
int mlp_blas_selftest(void)
{
    pthread_mutex_lock(&st_mu);
    mlp_pool_blas_serial_begin();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < ST_NSIGS; i++)
        sigaction(st_sigs[i], NULL, &st_old[i]);
    for (size_t i = 0; i < ST_NSIGS; i++)
        sigaction(st_sigs[i], &sa, NULL);
    volatile int ok = 0;
    if (sigsetjmp(st_jump, 1) == 0) {
        atomic_store(&st_owner, (unsigned long)pthread_self());
        ok = run_cases();
    }
    atomic_store(&st_owner, 0);
    for (size_t i = 0; i < ST_NSIGS; i++)
        sigaction(st_sigs[i], &st_old[i], NULL);
    mlp_pool_blas_serial_end();
    pthread_mutex_unlock(&st_mu);
    return ok;
}

/* ---- start-up ------------------------------------------------------------ */

/* Replaces the process by a new run of the same program and arguments.
 * When the program was started through the dynamic loader by hand
 * ("ld-linux-x86-64.so.2 ./prog args", as on a machine without the
 * program's libraries installed), /proc/self/exe is the loader: it is run
 * again with the program's path (argv[0], as the loader was given it) in
 * front; the loader's own options are lost, so LD_LIBRARY_PATH must name
 * the libraries in that case. */
static void reexec(char **argv)
{
    char exe[4096];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0)
        return;
    exe[len] = '\0';
    const char *base = strrchr(exe, '/');
    base = base ? base + 1 : exe;
    if (strncmp(base, "ld-", 3) != 0 && strncmp(base, "ld.so", 5) != 0) {
        execv("/proc/self/exe", argv);
        return;
    }
    size_t n = 0;
    while (argv[n])
        n++;
    char **args = calloc(n + 2, sizeof *args);
    if (!args)
        return;
    args[0] = exe;
    for (size_t i = 0; i <= n; i++)
        args[i + 1] = argv[i];
    execv(exe, args);
    free(args);
}

static char note[200];
static char warning[200], warning_hint[120];

void mlp_blas_init(char **argv)
{
    const char *state = getenv("MLP_BLAS_STATE");
    const char *real = openblas_get_corename();
    const char *fake = state ? NULL : getenv("MLP_BLAS_TEST_CORENAME");
    mlp_blas_inputs in = {0};
    in.corename = fake && *fake ? fake : real;
    in.cpu = mlp_blas_cpu_features();
    const char *cpu_hook = getenv("MLP_BLAS_TEST_CPU");
    if (cpu_hook) {
        in.cpu.avx2 = !strcmp(cpu_hook, "avx2") || !strcmp(cpu_hook, "avx512");
        in.cpu.avx512 = !strcmp(cpu_hook, "avx512");
    }
    in.user_coretype = state ? NULL : getenv("OPENBLAS_CORETYPE");
    in.state = state;
    if (state) {
        const char *fail_hook = getenv("MLP_BLAS_TEST_FAIL");
        in.selftest_ok = fail_hook && list_has(fail_hook, real) ? 0 : mlp_blas_selftest();
    }
    mlp_blas_decision d;
    mlp_blas_decide(&in, &d);
    if (d.action == MLP_BLAS_SWITCH) {
        if (argv && argv[0] && setenv("OPENBLAS_CORETYPE", d.core, 1) == 0 &&
            setenv("MLP_BLAS_STATE", d.state, 1) == 0) {
            reexec(argv);
            /* Only reached when the re-execution failed. */
        }
        if (state)
            setenv("MLP_BLAS_STATE", state, 1);
        else
            unsetenv("MLP_BLAS_STATE");
        snprintf(note, sizeof note, "%.120s; could not re-execute with %.20s, kept", d.note, d.core);
        return;
    }
    if (state)
        unsetenv("MLP_BLAS_STATE"); /* settled: a program this one starts begins afresh */
    snprintf(note, sizeof note, "%s", d.note);
    snprintf(warning, sizeof warning, "%s", d.warning);
    snprintf(warning_hint, sizeof warning_hint, "%s", d.warning_hint);
}

int mlp_blas_warning(const char **message, const char **hint)
{
    *message = warning;
    *hint = warning_hint;
    return warning[0] != '\0';
}

const char *mlp_blas_core_name(void)
{
    return openblas_get_corename();
}

static char config_copy[512];
static pthread_once_t config_once = PTHREAD_ONCE_INIT;

static void copy_config(void)
{
    const char *config = openblas_get_config();
    snprintf(config_copy, sizeof config_copy, "%s", config ? config : "");
}

const char *mlp_blas_config(void)
{
    pthread_once(&config_once, copy_config);
    return config_copy;
}

/* Each thread its own line: one static line for all, which two threads
 * printing --version at once wrote together, was a data race. */
static _Thread_local char line[320];

const char *mlp_blas_describe(void)
{
    /* The config: "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH ...": its first two words. */
    const char *config = mlp_blas_config();
    int words = 0;
    size_t len = 0;
    while (config[len] && !(config[len] == ' ' && ++words == 2))
        len++;
    snprintf(line, sizeof line, "%.*s, core %s (%s)", (int)len, config, openblas_get_corename(),
             note[0] ? note : "OpenBLAS's choice; mlp_blas_init was not called");
    return line;
}
