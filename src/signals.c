/* SPDX-License-Identifier: MIT */
/* signals.c: the handlers for SIGINT, SIGTERM and SIGHUP (signals.h). Owns
 * every sigaction in mlp; the handler uses only async-signal-safe calls. */
#include "signals.h"

#include <string.h>
#include <unistd.h>

#include "fileio.h"

static const char *prog_name = "mlp";
static volatile sig_atomic_t caught;
static volatile sig_atomic_t deferring;
/* Inside mlp_signals_hold .. mlp_signals_release (a count, for nesting),
 * and the stop-mode signal that came meanwhile. */
static volatile sig_atomic_t holding;
static volatile sig_atomic_t held;
/* Where the stop-mode line goes: standard error, or the descriptor that
 * still leads there while the program has fd 2 pointed elsewhere
 * (mlp_signals_message_fd). */
static volatile sig_atomic_t message_fd = STDERR_FILENO;

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

static void handler(int sig)
{
    if (deferring) {
        if (!caught)
            caught = sig;
        return;
    }
    if (holding) {
        if (!held)
            held = sig;
        return;
    }
    stop_now(sig);
}

void mlp_signals_install(const char *prog)
{
    prog_name = prog;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    /* One handler at a time: a second signal waits for the first. */
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaddset(&sa.sa_mask, SIGHUP);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
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
    holding = holding + 1;
}

void mlp_signals_release(void)
{
    if (holding > 0)
        holding = holding - 1;
    if (holding > 0 || !held)
        return;
    int sig = held;
    held = 0;
    if (deferring) {
        if (!caught)
            caught = sig;
    } else {
        stop_now(sig);
    }
}

void mlp_signals_message_fd(int fd)
{
    message_fd = fd >= 0 ? fd : STDERR_FILENO;
}

int mlp_signals_caught(void)
{
    return caught;
}

volatile sig_atomic_t *mlp_signals_flag(void)
{
    return &caught;
}
