/* SPDX-License-Identifier: MIT */
/* cli.c: error printing, the end of every main (standard output checked),
 * escaping of text from outside, option-value parsing, and the one reader
 * of standard input, shared by the mains. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "c_locale.h"
#include "fileio.h"
#include "mlp/finding.h"
#include "mlp/mlp.h"
#include "nearest.h"
#include "pathid.h"
#include "vmath.h"

int cli_report(const char *prog, const mlp_error *err)
{
    char line[MLP_ERROR_ESCAPED_SIZE(MLP_ERROR_PATH_MAX + 3 * MLP_ERROR_TEXT_MAX)];
    fprintf(stderr, "%s\n", mlp_error_format(err, prog, line, sizeof line));
    return (int)mlp_error_exit_code(err->code);
}

void cli_warning(const char *prog, const char *path, const char *hint, const char *fmt, ...)
{
    mlp_finding f = {.severity = MLP_SEVERITY_WARNING};
    mlp_finding_at(&f, path, 0, 0);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f.message, sizeof f.message, fmt, ap);
    va_end(ap);
    snprintf(f.hint, sizeof f.hint, "%s", hint ? hint : "");
    char line[MLP_ERROR_ESCAPED_SIZE(MLP_ERROR_PATH_MAX + 3 * MLP_ERROR_TEXT_MAX)];
    fprintf(stderr, "%s\n", mlp_finding_format(&f, prog, line, sizeof line));
}

void cli_environment_warnings(const char *prog)
{
    const char *message, *hint;
    if (mlp_blas_warning(&message, &hint))
        cli_warning(prog, NULL, hint, "%s", message);
    if (mlp_vmath_env_warning(&message, &hint))
        cli_warning(prog, NULL, hint, "%s", message);
}

/* ---------------------------------------------------------------------------
 * Standard output. A write to it that fails leaves only the stream's error
 * flag; glibc keeps what it could not write, so the next flush fails again
 * with the reason. Once told, a failure is not told again: the one piece of
 * state of this file, as the process has one standard output. */

static int stdout_told;

int cli_report_stdout(const char *prog, mlp_error *err)
{
    snprintf(err->path, sizeof err->path, "%s", mlp_fileio_display_name("-", 1));
    stdout_told = 1;
    return cli_report(prog, err);
}

/* A failure with errno e (0: not known, told as EIO). */
static int stdout_failed(const char *prog, int e, int rc)
{
    if (!stdout_told) {
        mlp_error err;
        mlp_fileio_write_error("-", e, &err);
        cli_report_stdout(prog, &err);
    }
    return rc ? rc : MLP_EXIT_BAD_INPUT;
}

int cli_check_stdout(const char *prog, int rc)
{
    /* A printf longer than the buffer that fails drops what it could not
     * write: the flush then succeeds and the reason is what errno kept. */
    int e = errno;
    errno = 0;
    if (fflush(stdout) != 0)
        e = errno;
    else if (!ferror(stdout))
        return rc;
    return stdout_failed(prog, e, rc);
}

int cli_exit(const char *prog, int rc)
{
    rc = cli_check_stdout(prog, rc);
    /* Some file systems (NFS) tell a failed write at the close. Flushed,
     * the stream holds nothing: EBADF is a descriptor closed before the
     * start (`>&-`) that nothing was written to. */
    errno = 0;
    if (fclose(stdout) != 0 && errno != EBADF)
        rc = stdout_failed(prog, errno, rc);
    return rc;
}

/* ---------------------------------------------------------------------------
 * Text from outside: paths, arguments, labels. */

const char *cli_escaped(const char *text)
{
    static char ring[4][MLP_ERROR_ESCAPED_SIZE(4096)];
    static unsigned next;
    char *buf = ring[next++ % 4];
    return mlp_error_escape(text ? text : "", buf, sizeof ring[0]);
}

/* One line on stderr, from printf-style fmt, escaped as a whole. */
static void print_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void print_line(const char *fmt, ...)
{
    char line[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    char shown[MLP_ERROR_ESCAPED_SIZE(sizeof line)];
    fprintf(stderr, "%s\n", mlp_error_escape(line, shown, sizeof shown));
}

void cli_print_version(const char *prog, const char *extra)
{
    char v[1024];
    mlp_version_text(prog, v, sizeof v);
    /* The libraries' lines end where the copyright begins (version.c):
     * a program's own build options go with them, not after the licence. */
    char *tail = extra ? strstr(v, "\nCopyright ") : NULL;
    if (!tail) {
        fputs(v, stdout);
        if (extra)
            printf("%s\n", extra);
        return;
    }
    fwrite(v, 1, (size_t)(tail - v) + 1, stdout);
    printf("%s\n%s", extra, tail + 1);
}

int cli_usage_error(const char *prog, const char *fmt, ...)
{
    char message[6144];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    print_line("%s: %s; try '%s --help'", prog, message, prog);
    return MLP_EXIT_BAD_INPUT;
}

/* A long option getopt_long did not take, arg as written ("--lr=0.1"). */
static int unknown_long_option(const char *prog, const char *arg, const struct option *longopts)
{
    /* Other tools' names. A prefix of one option ("--epoch") never gets
     * here: getopt_long takes it as that option. */
    static const char *const aliases[][2] = {
        {"lr", "learning-rate"}, {"output", "loss-log"}, {"model", "weights"}, {"spec", "config"},
    };
    char name[MLP_NEAREST_MAX + 1];
    size_t len = strcspn(arg + 2, "=");
    if (len > MLP_NEAREST_MAX)
        return cli_usage_error(prog, "unknown option \"%s\"", arg);
    for (size_t i = 0; i < len; i++) /* --learning_rate, as the spec key is written */
        name[i] = arg[2 + i] == '_' ? '-' : arg[2 + i];
    name[len] = '\0';

    const char *names[64], *prefixed[64];
    int n = 0, n_prefixed = 0;
    for (const struct option *o = longopts; o->name && n < 64; o++) {
        names[n++] = o->name;
        if (strncmp(o->name, name, len) == 0)
            prefixed[n_prefixed++] = o->name;
    }
    const char *meant = NULL;
    for (size_t a = 0; !meant && a < sizeof aliases / sizeof aliases[0]; a++)
        for (int k = 0; !meant && k < n; k++)
            if (strcmp(name, aliases[a][0]) == 0 && strcmp(names[k], aliases[a][1]) == 0)
                meant = names[k];
    for (int k = 0; !meant && k < n; k++)
        if (strcmp(name, names[k]) == 0) /* written with underscores */
            meant = names[k];
    if (!meant && n_prefixed > 1) {
        char list[512];
        size_t at = 0;
        for (int k = 0; k < n_prefixed && at < sizeof list; k++)
            at += (size_t)snprintf(list + at, sizeof list - at, "%s--%s", k ? ", " : "",
                                   prefixed[k]);
        print_line("%s: option \"--%s\" is ambiguous; write one of %s in full", prog, name, list);
        return MLP_EXIT_BAD_INPUT;
    }
    if (!meant) {
        int near = mlp_nearest(name, names, n);
        meant = near >= 0 ? names[near] : NULL;
    }
    if (!meant)
        return cli_usage_error(prog, "unknown option \"%s\"", arg);
    print_line("%s: unknown option \"%s\"; did you mean --%s?", prog, arg, meant);
    return MLP_EXIT_BAD_INPUT;
}

/* ---------------------------------------------------------------------------
 * Options getopt_long refused. */

const char *cli_getopt_arg(int argc, char *const argv[], int at)
{
    /* getopt_long reads the first argument from optind on that starts with
     * "-" and is not "-" alone (it moves the operands it skips behind the
     * options at its next call, never during this one), and moves optind
     * past it only once it has read its last letter: refused at x in -xyz,
     * optind still points at -xyz, so argv[optind - 1] is the argument
     * before it. */
    for (int k = at > 0 ? at : 1; k < argc; k++)
        if (argv[k][0] == '-' && argv[k][1] != '\0')
            return argv[k];
    return argc > 1 ? argv[argc - 1] : "";
}

/* Whether the argument arg, refused as options, is more likely a file name:
 * a "." or "/", which no option letter is, or a file of that name. */
static int looks_like_file(const char *arg)
{
    return strpbrk(arg, "./") != NULL || access(arg, F_OK) == 0;
}

int cli_refused_option(const char *prog, int c, const char *arg, const struct option *longopts,
                       int file_operands)
{
    int letter = optopt;
    int is_long = strncmp(arg, "--", 2) == 0 && arg[2];
    if (c == ':') {
        if (is_long)
            return cli_usage_error(prog, "option %s needs a value", arg);
        return cli_usage_error(prog, "option -%c needs a value", letter);
    }
    if (is_long) {
        /* --quiet=3: a long option found, with a value it does not take
         * (getopt_long sets optopt to the option's value; to 0 for one not
         * found or ambiguous). */
        const char *eq = strchr(arg, '=');
        size_t len = eq ? (size_t)(eq - arg - 2) : 0;
        for (const struct option *o = longopts; eq && letter && o->name; o++)
            if (o->val == letter && o->has_arg == no_argument && !o->flag &&
                strncmp(o->name, arg + 2, len) == 0)
                return cli_usage_error(prog, "option --%s takes no value, not \"%s\"", o->name,
                                       eq + 1);
        return unknown_long_option(prog, arg, longopts);
    }
    /* A letter of a short option, or of a cluster of them (-qx). A byte
     * that is no printable ASCII (the first of a UTF-8 letter) is not shown
     * alone. */
    char message[4352];
    if (letter > ' ' && letter < 0x7f && strlen(arg) > 2)
        snprintf(message, sizeof message, "\"-%c\" in \"%s\"", letter, arg);
    else
        snprintf(message, sizeof message, "\"%s\"", arg);
    if (file_operands && looks_like_file(arg)) {
        print_line("%s: unknown option %s; for a file of that name, write ./%s or put -- before it",
                   prog, message, arg);
        return MLP_EXIT_BAD_INPUT;
    }
    return cli_usage_error(prog, "unknown option %s", message);
}

int cli_option_once(const struct option *longopts, int c, const char *arg, const char **given,
                    mlp_error *err)
{
    /* The first entry of c's value: getopt_long returns it for the short
     * letter and for the long name (and its prefixes) alike. */
    size_t k = 0;
    while (longopts[k].name && (longopts[k].val != c || longopts[k].flag))
        k++;
    if (!longopts[k].name || longopts[k].has_arg != required_argument || !arg)
        return 0;
    if (!given[k]) {
        given[k] = arg;
        return 0;
    }
    mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "--%s is given twice, \"%s\" and \"%s\"",
                  longopts[k].name, given[k], arg);
    mlp_error_hint(err, "keep one of them");
    return -1;
}

/* Whether a value starts with a blank. strtol and strtod skip leading
 * blanks but stop at trailing ones, so "-e ' 3'" was taken where "-e '3 '"
 * was refused; --grid and --lr-scan take neither, and so do these. */
static int starts_blank(const char *arg)
{
    return *arg != '\0' && strchr(" \t\n\v\f\r", *arg) != NULL;
}

int cli_parse_long(const char *opt, const char *arg, long min, long max, const char *example,
                   long *out, mlp_error *err)
{
    char *end = (char *)arg;
    errno = 0;
    long v = starts_blank(arg) ? 0 : strtol(arg, &end, 10);
    if (end != arg && *end != '\0' && errno != ERANGE && !strpbrk(arg, "xX")) {
        /* 1e3 and 500.0 are whole numbers, as the spec reads them. Read in
         * long double (64 bits of mantissa, as spec.c's read_integer does
         * at 2^53): every whole number up to 2^63 is exact there, so
         * 9007199254740992.0 (2^53, the largest epochs) is taken and
         * 9007199254740993.0 is refused instead of rounding to 2^53. */
        long double d = mlp_c_strtold(arg, &end);
        if (*end == '\0' && d == floorl(d) && d >= (long double)min && d <= (long double)max)
            v = (long)d;
        else
            end = (char *)arg;
    }
    if (end == arg || *end != '\0' || errno == ERANGE || v < min || v > max) {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                      "%s needs a whole number from %ld to %ld, not \"%s\"", opt, min, max, arg);
        mlp_error_hint(err, "for example %s %s", opt, example);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_check_path(const char *what, const char *path, const char *example, mlp_error *err)
{
    if (!path || *path)
        return 0;
    mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "%s needs a file name, not an empty string",
                  what);
    mlp_error_hint(err, "for example %s", example);
    return -1;
}

int cli_is_stdin(const char *path)
{
    return path && mlp_pathid_is_stdin(path);
}

int cli_check_stdin_once(const mlp_named_path *inputs, size_t n, mlp_error *err)
{
    const mlp_named_path *first = NULL;
    for (size_t k = 0; k < n; k++) {
        if (!cli_is_stdin(inputs[k].path))
            continue;
        if (!first) {
            first = &inputs[k];
            continue;
        }
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                      "%s and %s cannot both come from standard input, which can be read only once",
                      first->what, inputs[k].what);
        mlp_error_hint(err, "give one of them as a file");
        return -1;
    }
    return 0;
}

int cli_parse_double(const char *opt, const char *arg, int positive, const char *example,
                     double *out, mlp_error *err)
{
    char *end = (char *)arg;
    errno = 0;
    double v = starts_blank(arg) ? 0 : strtod(arg, &end);
    /* A subnormal result (ERANGE, not 0) is a number as the spec reads it;
     * one that underflows to 0 or overflows is not. */
    if (end == arg || *end != '\0' || (errno == ERANGE && (v == 0 || !isfinite(v))) ||
        !isfinite(v) || (positive && !(v > 0))) {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "%s needs a finite number%s, not \"%s\"", opt,
                      positive ? " greater than 0" : "", arg);
        mlp_error_hint(err, "for example %s %s", opt, example);
        return -1;
    }
    *out = v;
    return 0;
}
