/* SPDX-License-Identifier: MIT */
/* signals.h: what a program's own signal handler calls so that the library
 * leaves no temporary file behind.
 *
 * Every file the library writes to a path (mlp_weights_write,
 * mlp_outputs_write, mlp_npz_write, mlp_trace_write_csv, ...) is written
 * first to a temporary file beside its destination and renamed over it
 * once whole; the library keeps the list of those alive in the process
 * (mlp.h). mlptrain and mlppredict remove them on SIGINT, SIGTERM, SIGHUP
 * and the other signals that end a process (docs/exit-codes.md); a program
 * of its own that ends on a signal does it with this call:
 *
 *     static void on_term(int sig)
 *     {
 *         mlp_signals_remove_temps();
 *         signal(sig, SIG_DFL);
 *         raise(sig);
 *     }
 *
 * A handler of the program's own that returns (a timer's SIGALRM), even one
 * installed without SA_RESTART, does not fail a read: the library's readers
 * (spec, CSV, weights files) read on when a signal cuts a read of a pipe
 * or a terminal short (EINTR); it used to be "cannot read: Interrupted
 * system call".
 */
#ifndef MLP_SIGNALS_PUBLIC_H
#define MLP_SIGNALS_PUBLIC_H

#ifdef __cplusplus
extern "C" {
#endif

/* Removes (unlinks) every temporary file of the writes in progress in any
 * thread of the process. Async-signal-safe: it calls only unlink and
 * lock-free atomics, so a signal handler may call it, whatever thread the
 * signal interrupts. For a handler that then ends the process: a write it
 * cut short fails at its end, its destination left as it was, and should
 * not be relied on. (A handler that returns leaves the list right: the
 * writes opened after it are listed, whatever those it cut short do.) */
void mlp_signals_remove_temps(void);

#ifdef __cplusplus
}
#endif

#endif
