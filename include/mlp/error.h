/* SPDX-License-Identifier: MIT */
/* error.h: how every fallible mlp function reports what went wrong.
 *
 * Library code never prints and never exits. A fallible function returns an
 * mlp_status and, on failure, fills a caller-supplied mlp_error: what is
 * wrong (message), where (path, line, col; 0 when there is no position) and
 * what to do (hint). A call that succeeds leaves the record untouched, so
 * one record may serve many calls and be read after the one that failed
 * (a record holds what it was last filled with, not the last call's
 * outcome: the status says that). The few functions without an err say
 * in their header how they refuse (mlp_net_init: its status alone; the
 * passes of net.h: by their result). Only the command-line mains turn it into text, always
 * in one form:
 *
 *     mlptrain: configs/xor.json:3:14: unknown key "learnig_rate"; did you mean "learning_rate"?
 *
 * NULL arguments follow one rule for the whole library, stated in mlp.h.
 */
#ifndef MLP_ERROR_H
#define MLP_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* printf-style checking of the format strings below where the compiler
 * has it (GCC and Clang); nothing for another compiler, which the
 * attribute would stop. */
#if defined(__GNUC__) || defined(__clang__)
#define MLP_PRINTF_FORMAT(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define MLP_PRINTF_FORMAT(fmt, args)
#endif

/* Status of a library call. MLP_OK is 0 so `if (status)` reads as "failed". */
typedef enum {
    MLP_OK = 0,
    MLP_ERR_USAGE,       /* a bad command-line option or argument */
    MLP_ERR_IO,          /* a file is missing, unreadable or unwritable */
    MLP_ERR_SPEC,        /* the JSON network spec is invalid */
    MLP_ERR_DATA,        /* a CSV file is invalid or does not fit the network */
    MLP_ERR_WEIGHTS,     /* a weights file is corrupt, truncated or of another version */
    MLP_ERR_NOMEM,       /* an allocation failed, or a size overflowed */
    MLP_ERR_DIVERGED,    /* the loss became NaN or infinite during training */
    MLP_ERR_GRADCHECK,   /* analytic and numerical gradients disagree */
    MLP_ERR_INTERRUPTED  /* training was stopped by SIGINT after a complete epoch */
} mlp_status;

/* Process exit codes of mlptrain and mlppredict; docs/exit-codes.md holds the
 * same table. */
typedef enum {
    MLP_EXIT_OK = 0,           /* success */
    MLP_EXIT_FAILURE = 1,      /* the run itself failed: loss diverged, gradient check failed */
    MLP_EXIT_BAD_INPUT = 2,    /* bad option, spec, CSV or weights file, or an unwritable output path */
    MLP_EXIT_INTERNAL = 3,     /* out of memory */
    MLP_EXIT_INTERRUPTED = 130 /* stopped by Ctrl-C (SIGINT); outputs of the last complete epoch written */
} mlp_exit_code;

#define MLP_ERROR_PATH_MAX 1024
#define MLP_ERROR_TEXT_MAX 512

typedef struct {
    mlp_status code;
    char path[MLP_ERROR_PATH_MAX];     /* file the error is about, "" when none; a longer
                                          path keeps its end: ".../folder/file.csv" */
    long line;                         /* 1-based line in path, 0 when none */
    long col;                          /* 1-based byte column in that line, 0 when none */
    char message[MLP_ERROR_TEXT_MAX];  /* what is wrong, no trailing period */
    char hint[MLP_ERROR_TEXT_MAX];     /* what to do, "" when nothing useful can be said */
} mlp_error;

/* Resets err to MLP_OK with empty fields. */
void mlp_error_clear(mlp_error *err);

/* Fills err (code, position, printf-style message), clears the hint and
 * returns code, so a caller can write `return mlp_error_set(err, ...)`.
 * path may be NULL; it is copied as mlp_error_copy_path copies it. err may
 * be NULL (then only code is returned). */
mlp_status mlp_error_set(mlp_error *err, mlp_status code, const char *path,
                         long line, long col, const char *fmt, ...)
    MLP_PRINTF_FORMAT(6, 7);

/* Copies path into buf (always terminated). A path of size bytes or more
 * keeps its end, where the file's name is, after "...": the last folders
 * whole, from a "/" on (".../data/xor.csv"), and never part of a UTF-8
 * character. How err->path and a finding's path are filled. Returns buf. */
char *mlp_error_copy_path(char *buf, size_t size, const char *path);

/* Sets the hint of an error already set (printf-style). err may be NULL. */
void mlp_error_hint(mlp_error *err, const char *fmt, ...)
    MLP_PRINTF_FORMAT(2, 3);

/* Formats err as one line, without a newline, into buf (always terminated):
 *   "<prog>: <path>:<line>:<col>: <message>; <hint>"
 * where the position parts are left out when zero or empty. What must not
 * reach a terminal raw is escaped as mlp_error_escape does it, so a message
 * never moves the terminal's cursor or recolours it. err may be NULL (a
 * failure whose record was not kept): it is formatted as an empty record
 * is, "<prog>: unknown error". Returns buf. */
char *mlp_error_format(const mlp_error *err, const char *prog, char *buf, size_t size);

/* Copies text into buf (always terminated) with each byte that must not
 * reach a terminal raw written as \xNN: control bytes but the tab (below
 * 0x20, and 0x7f), the C1 controls U+0080 to U+009F (encoded C2 80 to C2 9F;
 * U+009B is a CSI, as ESC [ is) and every byte that is no part of valid UTF-8
 * (a lone 0x9b, a Latin-1 0xe9, 0xff; overlong forms, surrogates, and above
 * U+10FFFF). Valid UTF-8 ("données.csv") is copied as it is. When buf is too
 * small the text is cut before the first character or escape that does not
 * fit; MLP_ERROR_ESCAPED_SIZE(strlen(text)) bytes always suffice. Returns buf. */
char *mlp_error_escape(const char *text, char *buf, size_t size);

/* The most bytes mlp_error_escape writes for n bytes of text, the NUL included. */
#define MLP_ERROR_ESCAPED_SIZE(n) (4 * (size_t)(n) + 1)

/* The process exit code that a status maps to. */
mlp_exit_code mlp_error_exit_code(mlp_status status);

#ifdef __cplusplus
}
#endif

#endif
