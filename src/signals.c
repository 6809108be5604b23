/* SPDX-License-Identifier: MIT */
/* signals.c: the handlers for SIGINT, SIGTERM and SIGHUP, and for every
 * other signal whose default action ends the process (signals.h), and what
 * a program's own handler calls (mlp/signals.h). Owns every sigaction in
 * mlp but the BLAS self-test's (blas.c); the handler uses only
 * async-signal-safe calls. */
#include "signals.h"
#include "mlp/signals.h"

#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"

/* The handler reads and writes the hold count and the held signals that
 * threads of the program change at once (every atomic write holds), so
 * they are atomics, which a handler may use only when they are lock-free. */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the hold count must be lock-free for the handler");

/* The asynchronous signals, other than SIGINT, SIGTERM and SIGHUP, whose
 * default action ends the process (signal(7): Term or Core), and so, but
 * for the handler, left the temporary file of an output being written
 * (SIGQUIT from Ctrl-\ during mlppredict -o left 22 MB). SIGPIPE and
 * SIGXFSZ are ignored instead (signals.h); SIGKILL and SIGSTOP cannot be
 * caught; the faults (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP,
 * SIGSYS) are a bug's, and the sanitizers' own handlers report them. The
 * real-time signals are added at install. */
static const int fatal_signals[] = {
    SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU,
#ifdef SIGIO
    SIGIO,
#endif
#ifdef SIGPWR
    SIGPWR,
#endif
#ifdef SIGSTKFLT
    SIGSTKFLT,
#endif
};
#define N_FATAL (sizeof fatal_signals / sizeof *fatal_signals)

static const char *prog_name = "mlp";
static volatile sig_atomic_t caught;
static volatile sig_atomic_t deferring;
/* Inside mlp_signals_hold .. mlp_signals_release of any thread (a count,
 * for nesting and for threads at once), and the stop-mode signal that came
 * meanwhile. The count was a volatile int, and two threads' writes
 * (atomic_create in concurrent mlp_weights_write) raced on it: a lost
 * update left it above 0 for good (every later signal held) or at 0 while
 * a temporary file was not yet listed. */
static atomic_int holding;
static atomic_int held;
static atomic_int held_fatal; /* one of the signals above, held the same way */
/* How many stop-mode signals defer mode has recorded: caught keeps only the
 * first, and a write of the outputs after a stop during training must tell
 * a new signal (stop the write) from that one (write on). */
static atomic_int arrivals;
/* Where the stop-mode line goes: standard error, or the descriptor that
 * still leads there while the program has fd 2 pointed elsewhere
 * (mlp_signals_message_fd). */
static volatile sig_atomic_t message_fd = STDERR_FILENO;

/* The public face of fileio's registry, for a program's own handlers
 * (mlp/signals.h); mlp_fileio_remove_temps is internal. */
void mlp_signals_remove_temps(void)
{
    mlp_fileio_remove_temps();
}

const char *mlp_signals_name(int sig)
{
    switch (sig) {
    case SIGINT:
        return "SIGINT";
    case SIGTERM:
        return "SIGTERM";
    case SIGHUP:
        return "SIGHUP";
    default:
        return "a signal";
    }
}

int mlp_signals_exit_code(int sig)
{
    return 128 + sig;
}

static void say(const char *s)
{
    size_t n = strlen(s);
    while (n > 0) {
        ssize_t w = write(message_fd, s, n);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

/* Stop mode: nothing half-written stays, one line says why, the status
 * says which signal. */
static void stop_now(int sig)
{
    mlp_fileio_remove_temps();
    say(prog_name);
    say(": stopped by ");
    say(mlp_signals_name(sig));
    say("; nothing was written\n");
    _exit(mlp_signals_exit_code(sig));
}

static int is_fatal(int sig)
{
    if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP)
        return 0;
    for (size_t i = 0; i < N_FATAL; i++)
        if (fatal_signals[i] == sig)
            return 1;
#ifdef SIGRTMIN
    return sig >= SIGRTMIN && sig <= SIGRTMAX;
#else
    return 0;
#endif
}

/* A signal whose default action ends the process: the temporary files go,
 * then the process ends by the same signal, its default action restored
 * and the signal unblocked (the handler runs with it blocked), so that
 * the shell sees 128 + the signal and SIGQUIT still dumps core. In any
 * mode: it never waited for an epoch to end, and does not now. */
static void die_by(int sig)
{
    mlp_fileio_remove_temps();
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, sig);
    sigprocmask(SIG_UNBLOCK, &one, NULL);
    raise(sig);
    _exit(mlp_signals_exit_code(sig)); /* not reached */
}

/* While a hold is on, records sig in *slot (unless a signal is there
 * already) for the release, and returns 0; else returns the signal to act
 * on now. The handler may run in another thread than the one that ends
 * the last hold: it records first and looks at the count again, and the
 * release lowers the count first and takes the signal from the slot after,
 * so one of the two acts on it, never both, and never neither. */
static int hold_back(atomic_int *slot, int sig)
{
    if (!atomic_load(&holding))
        return sig;
    int none = 0;
    atomic_compare_exchange_strong(slot, &none, sig);
    if (atomic_load(&holding))
        return 0;
    return atomic_exchange(slot, 0); /* 0: the release took it */
}

static void handler(int sig)
{
    if (is_fatal(sig)) {
        int now = hold_back(&held_fatal, sig);
        if (now)
            die_by(now);
        return;
    }
    if (deferring) {
        if (!caught)
            caught = sig;
        atomic_fetch_add(&arrivals, 1);
        return;
    }
    int now = hold_back(&held, sig);
    if (now)
        stop_now(now);
}

void mlp_signals_install(const char *prog)
{
    prog_name = prog;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    /* One handler at a time: a second signal waits for the first. */
    int sigs[3 + N_FATAL + 64], n = 0;
    sigs[n++] = SIGINT;
    sigs[n++] = SIGTERM;
    sigs[n++] = SIGHUP;
    for (size_t i = 0; i < N_FATAL; i++)
        sigs[n++] = fatal_signals[i];
#ifdef SIGRTMIN
    for (int r = SIGRTMIN; r <= SIGRTMAX && n < (int)(sizeof sigs / sizeof *sigs); r++)
        sigs[n++] = r;
#endif
    for (int i = 0; i < n; i++)
        sigaddset(&sa.sa_mask, sigs[i]);
    for (int i = 0; i < n; i++) {
        /* A signal ignored when the program started stays ignored, as
         * without the handler: SIGHUP under nohup, SIGINT (and SIGQUIT) in
         * a background job of a shell without job control (a script's
         * `cmd &`), any under `trap '' SIG`. The SIGHUP of a logout then
         * leaves a long run to go on. An ignored signal never arrives, so
         * there is no temporary file to remove for it. */
        struct sigaction old;
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[i], &sa, NULL);
    }
    signal(SIGXFSZ, SIG_IGN);
    /* A write to a pipe whose reader has gone (`mlptrain -o - | head -1`)
     * fails with EPIPE and is reported as a failed write: the outputs
     * are left as for any failed write, no temporary file stays. */
    signal(SIGPIPE, SIG_IGN);
}

void mlp_signals_defer(int on)
{
    deferring = on != 0;
}

void mlp_signals_hold(void)
{
    atomic_fetch_add(&holding, 1);
}

void mlp_signals_release(void)
{
    int h = atomic_load(&holding);
    while (h > 0 && !atomic_compare_exchange_weak(&holding, &h, h - 1))
        ;
    if (h > 1)
        return; /* another hold is still on */
    int fatal = atomic_exchange(&held_fatal, 0);
    if (fatal)
        die_by(fatal);
    int sig = atomic_exchange(&held, 0);
    if (!sig)
        return;
    if (deferring) {
        if (!caught)
            caught = sig;
        atomic_fetch_add(&arrivals, 1);
    } else {
        stop_now(sig);
    }
}

void mlp_signals_message_fd(int fd)
{
    message_fd = fd >= 0 ? fd : STDERR_FILENO;
}

int mlp_signals_arrivals(void)
{
    return atomic_load(&arrivals);
}

int mlp_signals_caught(void)
{
    return caught;
}

volatile sig_atomic_t *mlp_signals_flag(void)
{
    return &caught;
}
