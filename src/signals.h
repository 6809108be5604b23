/* SPDX-License-Identifier: MIT */
/* signals.h: SIGINT, SIGTERM and SIGHUP, handled alike by every program
 * (docs/exit-codes.md), and the other signals that would end it.
 *
 * Two modes:
 *  - stop (the default once installed): the handler removes every
 *    temporary file that exists (fileio.h's registry), writes one line
 *    "<prog>: stopped by SIGTERM; nothing was written" and ends the process
 *    with 128 + the signal number (130, 143, 129). Only async-signal-safe
 *    calls: unlink, write, _exit.
 *  - defer (training, and the writing of outputs): the handler only records
 *    the signal; the program reads mlp_signals_caught() at its next safe
 *    point (after an epoch: the outputs of the last complete epoch are
 *    written; after the outputs: they are whole) and ends with the same
 *    status.
 * Every other asynchronous signal whose default action ends the process
 * (SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGIO,
 * SIGPWR, SIGSTKFLT, the real-time signals), in either mode: the handler
 * removes every temporary file, then the process ends by that same signal
 * (its default action restored and the signal raised again), so the exit
 * status is still 128 + the signal, with no message, and SIGQUIT still
 * dumps core where core dumps are on. Between hold and release it waits
 * for the release, as above.
 * A signal of either kind that is ignored when the program starts stays
 * ignored (SIGHUP under nohup, SIGINT in a script's background job): the
 * handler is not installed for it.
 * SIGXFSZ and SIGPIPE are ignored, so a write past `ulimit -f` fails with
 * EFBIG, and one to a pipe whose reader has ended with EPIPE, and each is
 * reported like any other failed write (exit 2), instead of killing the
 * process and leaving its temporary files.
 * The handlers are installed without SA_RESTART: a blocking open or write
 * (a FIFO without a reader, a full pipe), or a read waiting for data, that
 * a signal interrupts in defer mode returns EINTR, which fileio reports as
 * MLP_ERR_INTERRUPTED ("stopped by SIGTERM while writing", "... while
 * reading"), so the program ends with 128 + the signal instead of waiting
 * on. An EINTR with no signal recorded (a handler of a program's own) is
 * no error: the read is made again (mlp_fileio_fread). A write the signal
 * cuts short after part of it went through returns that part, not EINTR:
 * the outputs are written with write(2), which stops there when a signal
 * came (mlp_signals_arrivals), not with stdio, which would write the rest
 * and wait again.
 */
#ifndef MLP_SIGNALS_H
#define MLP_SIGNALS_H

#include <signal.h>

/* Installs the handlers for prog (a static string, used in the message). */
void mlp_signals_install(const char *prog);

/* Switches to defer mode (on != 0) or back to stop mode. A signal recorded
 * in defer mode stays recorded: the caller acts on it. */
void mlp_signals_defer(int on);

/* A moment no stop-mode signal may cut in two: between creating a
 * temporary file and entering it in fileio's registry, a signal would leave
 * a file the handler does not know of (a signal that comes during the
 * open() in mkstemp is delivered as the call returns). In between, the
 * handler only records a signal; mlp_signals_release acts on it, in the
 * mode then in force (in stop mode it does not return). Pairs nest, and
 * threads may hold at once (an atomic count: the handler acts once the
 * last hold of any thread is released). A flag rather than sigprocmask: a signal blocked on the main thread would be
 * given to another (one of OpenBLAS's), whose handler would end the process
 * at once; the flag holds it back whichever thread takes it. */
void mlp_signals_hold(void);
void mlp_signals_release(void);

/* The stop-mode line is written to fd instead of STDERR_FILENO while fd
 * 2 is pointed elsewhere (mlpplot sends it to a scratch file while PLplot
 * runs, to keep PLplot's own messages off the terminal); -1 goes back to
 * STDERR_FILENO. */
void mlp_signals_message_fd(int fd);

/* The signal recorded in defer mode, or 0. */
int mlp_signals_caught(void);

/* How many SIGINT, SIGTERM or SIGHUP defer mode has recorded so far (the
 * first alone is mlp_signals_caught()): a wait that a signal must cut short
 * compares the count before and after, since a stop during training leaves
 * the flag set while the outputs are written. */
int mlp_signals_arrivals(void);

/* The flag itself, for mlp_train_options.interrupted. */
volatile sig_atomic_t *mlp_signals_flag(void);

/* "SIGINT", "SIGTERM", "SIGHUP" (or "a signal"). */
const char *mlp_signals_name(int sig);

/* 128 + sig: the exit status of a program stopped by sig. */
int mlp_signals_exit_code(int sig);

#endif
