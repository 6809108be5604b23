/* SPDX-License-Identifier: MIT */
/* cli.h: what the command-line programs share: one way to print an error,
 * text from outside escaped before it is printed, strict parsing of numeric
 * option values. The only code besides the mains that writes to stderr. */
#ifndef MLP_CLI_H
#define MLP_CLI_H

#include "mlp/error.h"

/* Prints err as one line on stderr in the form of mlp_error_format and
 * returns the exit code its status maps to. */
int cli_report(const char *prog, const mlp_error *err);

/* text (a path, an argument, a label) as a message shows it: escaped by
 * mlp_error_escape, so that it cannot move the cursor or recolour the
 * terminal. Borrowed: one of four buffers used in turn, so up to four can
 * appear in one printf; cut at MLP_ERROR_ESCAPED_SIZE(4096) bytes. */
const char *cli_escaped(const char *text);

/* Prints a usage error ("prog: message; try 'prog --help'") and returns
 * MLP_EXIT_BAD_INPUT. */
int cli_usage_error(const char *prog, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints the usage error for an option getopt_long did not take, arg
 * (argv[optind - 1]), and returns MLP_EXIT_BAD_INPUT: a prefix of several
 * long options is named ambiguous with them; another tool's name for one
 * (--lr), or one written with underscores or a typo, gets "did you mean". */
struct option;
int cli_unknown_option(const char *prog, const char *arg, const struct option *longopts);

/* Parses a whole decimal integer in [min, max] for option `opt`; on failure
 * fills err (MLP_ERR_USAGE, with an example value as the hint) and returns -1. */
int cli_parse_long(const char *opt, const char *arg, long min, long max, const char *example,
                   long *out, mlp_error *err);

/* Parses a finite number > 0 (when positive is set) for option `opt`. */
int cli_parse_double(const char *opt, const char *arg, int positive, const char *example,
                     double *out, mlp_error *err);

#endif
