/* SPDX-License-Identifier: MIT */
/* cli.c: error printing and option-value parsing shared by the two mains. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

int cli_report(const char *prog, const mlp_error *err)
{
    char line[MLP_ERROR_PATH_MAX + 3 * MLP_ERROR_TEXT_MAX];
    fprintf(stderr, "%s\n", mlp_error_format(err, prog, line, sizeof line));
    return (int)mlp_error_exit_code(err->code);
}

int cli_usage_error(const char *prog, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", prog);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "; try '%s --help'\n", prog);
    return MLP_EXIT_BAD_INPUT;
}

int cli_parse_long(const char *opt, const char *arg, long min, long max, const char *example,
                   long *out, mlp_error *err)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (end == arg || *end != '\0' || errno == ERANGE || v < min || v > max) {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                      "%s needs a whole number from %ld to %ld, not \"%s\"", opt, min, max, arg);
        mlp_error_hint(err, "for example %s %s", opt, example);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_parse_double(const char *opt, const char *arg, int positive, const char *example,
                     double *out, mlp_error *err)
{
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    if (end == arg || *end != '\0' || errno == ERANGE || !isfinite(v) || (positive && !(v > 0))) {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "%s needs a finite number%s, not \"%s\"", opt,
                      positive ? " greater than 0" : "", arg);
        mlp_error_hint(err, "for example %s %s", opt, example);
        return -1;
    }
    *out = v;
    return 0;
}
