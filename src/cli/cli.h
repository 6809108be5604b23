/* SPDX-License-Identifier: MIT */
/* cli.h: what the command-line programs share: one way to print an error,
 * one way to end (standard output checked and closed), text from outside
 * escaped before it is printed, strict parsing of numeric option values,
 * standard input read by one input at most.
 * The only code besides the mains that writes to stderr. */
#ifndef MLP_CLI_H
#define MLP_CLI_H

#include "mlp/dataset.h"
#include "mlp/error.h"
#include "mlp/outputs.h"
#include "mlp/weights.h"

/* Prints err as one line on stderr in the form of mlp_error_format and
 * returns the exit code its status maps to. */
int cli_report(const char *prog, const mlp_error *err);

/* Prints the warnings of the start-up about the environment variables that
 * choose the kernels (OPENBLAS_CORETYPE: mlp/blas.h; MLP_VMATH: vmath.h),
 * each as cli_warning does.
 * Every main calls it once, after mlp_blas_init, so that a value that was
 * not taken is told once per run, not silently replaced. */
void cli_environment_warnings(const char *prog);

/* Prints a warning as one line on stderr in the form of every warning
 * (mlp_finding_format): "prog: path: warning: message; hint", path and
 * hint left out when NULL. */
void cli_warning(const char *prog, const char *path, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A failed write to standard output, as every program tells it: err (from
 * a library writer given stdout, MLP_ERR_IO with the errno's reason and
 * hint, mlp_fileio_write_error) is named "<stdout>" and printed as
 *   "prog: <stdout>: cannot write: No space left on device; free some disk space and try again"
 * once: cli_check_stdout and cli_exit do not tell it again. Returns the exit
 * code (MLP_EXIT_BAD_INPUT). */
int cli_report_stdout(const char *prog, mlp_error *err);

/* Flushes standard output and checks it for a write that failed, now or
 * earlier; a failure not told yet is told as cli_report_stdout tells it.
 * The reason is the failed flush's errno or, when the flush succeeds (a
 * printf longer than the stream's buffer failed and dropped its text), the
 * errno the last failed write left: call it after the writes, before other
 * calls that may fail. Returns rc, or MLP_EXIT_BAD_INPUT for a failure when
 * rc is MLP_EXIT_OK (a run that failed otherwise keeps its status). */
int cli_check_stdout(const char *prog, int rc);

/* The end of every main: cli_check_stdout, then standard output closed (a
 * failed close is a failed write too; a standard output closed before the
 * program started, `>&-`, is no failure when nothing was written to it).
 * Nothing may be written to stdout afterwards. Returns the exit code. */
int cli_exit(const char *prog, int rc);

/* text (a path, an argument, a label) as a message shows it: escaped by
 * mlp_error_escape, so that it cannot move the cursor or recolour the
 * terminal. Borrowed: one of four buffers used in turn, so up to four can
 * appear in one printf; cut at MLP_ERROR_ESCAPED_SIZE(4096) bytes. */
const char *cli_escaped(const char *text);

/* Prints mlp_version_text for prog on standard output, with the line
 * extra (no newline; NULL: none) after the libraries' lines, before the
 * copyright (mlptrain's "MPI: ..."). */
void cli_print_version(const char *prog, const char *extra);

/* Prints a usage error ("prog: message; try 'prog --help'") and returns
 * MLP_EXIT_BAD_INPUT. */
int cli_usage_error(const char *prog, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The argument getopt_long was reading when it returned '?' or ':', given
 * at, optind before that call: argv[optind - 1] is it only when the refused
 * letter was the argument's last (-xyz refused at x leaves optind on it). */
struct option;
const char *cli_getopt_arg(int argc, char *const argv[], int at);

/* Prints the usage error for what getopt_long refused (c is ':' for a
 * missing value, anything else for an option it did not take; optopt as it
 * left it) in arg (from cli_getopt_arg) and returns MLP_EXIT_BAD_INPUT:
 *   option -c needs a value; option --quiet takes no value, not "3";
 *   unknown option "-x" in "-xyz" (the letter, and the argument it is in);
 * a long option that is a prefix of several is named ambiguous with them;
 * another tool's name for one (--lr), or one written with underscores or a
 * typo, gets "did you mean". With file_operands (the program takes files as
 * arguments), an argument that looks like a file name (a "." or "/", or a
 * file of that name: -w.bin) gets the two ways to give it as the hint:
 * "write ./-w.bin or put -- before it". */
int cli_refused_option(const char *prog, int c, const char *arg, const struct option *longopts,
                       int file_operands);

/* An option that takes a value (has_arg required_argument in longopts),
 * given a second time: refused, as a spec key given twice is, since one of
 * the two values would be dropped without a word. given has one entry per
 * element of longopts (the terminator included), all NULL before the first
 * call; call it for each option getopt_long returns (c, optarg): it records
 * the value of a first one, and for a second fills err (MLP_ERR_USAGE):
 *   --epochs is given twice, "5" and "6"; keep one of them
 * (the long name, however written: -e 5 --epochs=6) and returns -1. Else
 * 0: a flag (no_argument: -q) says the same thing twice and is taken, and
 * a c that no option has (getopt_long's '?' or ':') is left to the caller.
 * An option meant to be repeated would need its own case before this call. */
int cli_option_once(const struct option *longopts, int c, const char *arg, const char **given,
                    mlp_error *err);

/* Parses a whole decimal integer in [min, max] for option `opt`; on failure
 * fills err (MLP_ERR_USAGE, with an example value as the hint) and returns -1. */
int cli_parse_long(const char *opt, const char *arg, long min, long max, const char *example,
                   long *out, mlp_error *err);

/* Refuses an empty file name given for `what`, an option ("--weights") or
 * an operand ("INPUT.csv"): fills err (MLP_ERR_USAGE, "WHAT needs a file
 * name, not an empty string", hint "for example EXAMPLE") and returns -1;
 * 0 for a path that is NULL or not empty. */
int cli_check_path(const char *what, const char *path, const char *example, mlp_error *err);

/* 1 when reading path reads standard input: "-", or another name for the
 * file open on descriptor 0 (/dev/stdin, /dev/fd/0, /proc/self/fd/0; any
 * name of a pipe, FIFO or terminal that is standard input); see
 * mlp_pathid_is_stdin (src/pathid.h). 0 for NULL. */
int cli_is_stdin(const char *path);

/* Refuses a run that would read standard input (cli_is_stdin: "-",
 * /dev/stdin, ...) for two of its inputs: it can be read only once, and
 * the second reader found it empty ("no data rows; the file is empty").
 * inputs[k].what names the input and how it was given ("the spec
 * (--config -)"); a NULL path is skipped. Fills err (MLP_ERR_USAGE, naming
 * the first two that read it) and returns -1; 0 when at most one does. */
int cli_check_stdin_once(const mlp_named_path *inputs, size_t n, mlp_error *err);

/* Parses a finite number > 0 (when positive is set) for option `opt`. */
int cli_parse_double(const char *opt, const char *arg, int positive, const char *example,
                     double *out, mlp_error *err);

#endif
