/* SPDX-License-Identifier: MIT */
/* mlpplot: parses options, then draws one picture with src/plot/: the loss
 * log, the decision surface of a 2-input model, the hidden units'
 * activations, or a regression's predictions against its targets. All
 * reading and evaluation is libmlp's. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "memlimit.h"
#include "nearest.h"
#include "pathid.h"
#include "mlp/mlp.h"
#include "plot/plot.h"
#include "signals.h"

static const char *const prog = "mlpplot";

static void usage(void)
{
    printf("Usage: mlpplot loss LOSS.csv [LOSS.csv ...] [-o loss.png]\n"
           "       mlpplot surface WEIGHTS DATA.csv [-o surface.png] [--range XMIN:XMAX[,YMIN:YMAX]]\n"
           "       mlpplot units WEIGHTS DATA.csv [-o units.png]\n"
           "       mlpplot fit WEIGHTS DATA.csv [-o fit.png]\n"
           "\n"
           "Draws a picture of a training run (docs/plots.md):\n"
           "  loss     training and validation loss against epoch (log scale when the\n"
           "           loss spans more than two decades), accuracy below when the log\n"
           "           has it, the best epoch and the refit rows marked; up to %d\n"
           "           logs compared in one picture, each in a colour of its own\n"
           "  surface  a 2-input model's predicted probability over the plane with the\n"
           "           p = 0.5 boundary (arg-max regions for K classes), the rows of\n"
           "           DATA.csv on top as dark-edged dots in their class's colour (its\n"
           "           label; without labels, a 0/1 target under a sigmoid or one-hot\n"
           "           targets), wrong ones ringed, a regression's rows black;\n"
           "           for a 1-input model its curve over the input, with the rows\n"
           "  units    per hidden layer, how each unit's activations spread over the\n"
           "           rows of DATA.csv; saturated and dead units outlined\n"
           "  fit      a regression's prediction against the target for each row of\n"
           "           DATA.csv, one panel per output, the line y = x and R^2 in the title\n"
           "\n"
           "Options (one that takes a value is given once):\n"
           "  -o, --output FILE      the picture; its format follows the name: .png, .svg\n"
           "                         or .pdf [KIND.png]\n"
           "  -r, --range X0:X1,Y0:Y1  surface: the plotted range, X0:X1 alone for a\n"
           "                         1-input model [the data's, widened by 10%% on each side]\n"
           "  --resolution N         surface: grid points per axis [%d]\n"
           "  --size WxH             picture size in pixels [%dx%d]\n"
           "  -h, --help             show this help and exit\n"
           "  -V, --version          show the version and exit\n"
           "\n"
           "Exit status: 0 success, 2 bad option, input file, range or unwritable\n"
           "output, 3 out of memory, 128 + the signal when stopped by SIGINT, SIGTERM\n"
           "or SIGHUP (130, 143, 129; nothing written).\n",
           MLP_PLOT_MAX_LOGS, MLP_PLOT_RESOLUTION, MLP_PLOT_WIDTH, MLP_PLOT_HEIGHT);
}

/* The blanks strtod and strtol would skip before a number. */
#define BLANKS " \t\n\v\f\r"

/* "X0:X1,Y0:Y1" with finite X0 < X1, Y0 < Y1, or "X0:X1" for a 1-input model. */
static int parse_range(const char *text, mlp_plot_surface_options *s, mlp_error *err)
{
    char *end;
    const char *p = text;
    int axes = strchr(text, ',') ? 2 : 1;
    /* No blank anywhere: strtod skips one before a number but not after
     * it, so ' 0:1' was taken where '0:1 ' was refused (docs/exit-codes.md). */
    if (text[strcspn(text, BLANKS)])
        goto bad;
    for (int axis = 0; axis < axes; axis++) {
        s->lo[axis] = strtod(p, &end);
        if (end == p || *end != ':')
            goto bad;
        p = end + 1;
        s->hi[axis] = strtod(p, &end);
        if (end == p || *end != (axis + 1 < axes ? ',' : '\0'))
            goto bad;
        /* Within +-1e300: the grid's steps and the 10% margins stay finite. */
        if (!(s->lo[axis] < s->hi[axis]) || s->lo[axis] < -MLP_PLOT_RANGE_MAX ||
            s->hi[axis] > MLP_PLOT_RANGE_MAX)
            goto bad;
        p = end + 1;
    }
    s->range_axes = axes;
    return 0;
bad:
    mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                  "--range needs XMIN:XMAX,YMIN:YMAX (or XMIN:XMAX for a 1-input model) with "
                  "MIN < MAX, each from -1e300 to 1e300, not \"%s\"",
                  text);
    mlp_error_hint(err, "for example --range -2:3,-1.5:2, or --range -3:3");
    return -1;
}

static int parse_size(const char *text, mlp_plot_options *o, mlp_error *err)
{
    long w, h;
    char *end;
    w = text[strcspn(text, BLANKS)] ? 0 : strtol(text, &end, 10); /* no blank, as --range */
    if (!text[strcspn(text, BLANKS)] && end != text && (*end == 'x' || *end == 'X')) {
        const char *p = end + 1;
        h = strtol(p, &end, 10);
        if (end != p && *end == '\0' && w >= 100 && w <= 10000 && h >= 100 && h <= 10000) {
            o->width = (int)w;
            o->height = (int)h;
            return 0;
        }
    }
    mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                  "--size needs WIDTHxHEIGHT in pixels from 100 to 10000, not \"%s\"", text);
    mlp_error_hint(err, "for example --size 1200x900");
    return -1;
}

/* The loss logs of one picture, before any is read: standard input at most
 * once (it can be read only once), and no log twice under two names (its
 * curves would hide each other under two colours); -1 with err. */
static int check_logs(char **logs, size_t n, mlp_error *err)
{
    char what[MLP_PLOT_MAX_LOGS][256];
    mlp_named_path from_stdin[MLP_PLOT_MAX_LOGS];
    for (size_t k = 0; k < n; k++) {
        snprintf(what[k], sizeof what[k], "the loss log \"%s\"", logs[k]);
        from_stdin[k] = (mlp_named_path){logs[k], what[k], NULL};
    }
    if (cli_check_stdin_once(from_stdin, n, err))
        return -1;
    for (size_t k = 1; k < n; k++)
        for (size_t j = 0; j < k; j++)
            if (!cli_is_stdin(logs[k]) && !cli_is_stdin(logs[j]) &&
                mlp_pathid_same(logs[j], logs[k])) {
                mlp_error_set(err, MLP_ERR_USAGE, logs[k], 0, 0,
                              "the same loss log as %s, given twice", logs[j]);
                mlp_error_hint(err, "give each log once");
                return -1;
            }
    return 0;
}

/* Options, then the one picture they ask for; returns the exit status. */
static int run(int argc, char **argv)
{
    enum { OPT_RESOLUTION = 256, OPT_SIZE };
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"range", required_argument, NULL, 'r'},
        {"resolution", required_argument, NULL, OPT_RESOLUTION},
        {"size", required_argument, NULL, OPT_SIZE},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    mlp_plot_options opts = {NULL, MLP_PLOT_WIDTH, MLP_PLOT_HEIGHT};
    /* surface's warning about the data, printed once the picture is written */
    mlp_finding note = {.severity = MLP_SEVERITY_WARNING};
    mlp_plot_surface_options sopts = {.resolution = MLP_PLOT_RESOLUTION, .note = &note};
    int resolution_given = 0;
    mlp_error err;
    mlp_error_clear(&err);
    opterr = 0;
    /* The value of each option given so far: each takes one (cli.h). */
    const char *given[sizeof longopts / sizeof longopts[0]] = {NULL};
    int c;
    /* at: optind before each call, for the argument a refusal names. */
    for (int at = optind; (c = getopt_long(argc, argv, ":o:r:hV", longopts, NULL)) != -1;
         at = optind) {
        if (cli_option_once(longopts, c, optarg, given, &err))
            return cli_report(prog, &err);
        switch (c) {
        case 'o':
            opts.out_path = optarg;
            if (cli_check_path("--output", optarg, "--output picture.png", &err))
                return cli_report(prog, &err);
            break;
        case 'r':
            if (parse_range(optarg, &sopts, &err))
                return cli_report(prog, &err);
            break;
        case OPT_RESOLUTION: {
            long v;
            if (cli_parse_long("--resolution", optarg, 2, 2000, "300", &v, &err))
                return cli_report(prog, &err);
            sopts.resolution = (size_t)v;
            resolution_given = 1;
            break;
        }
        case OPT_SIZE:
            if (parse_size(optarg, &opts, &err))
                return cli_report(prog, &err);
            break;
        case 'h':
            usage();
            return MLP_EXIT_OK;
        case 'V': {
            char v[1024];
            mlp_version_text("mlpplot", v, sizeof v);
            fputs(v, stdout);
            return MLP_EXIT_OK;
        }
        default:
            return cli_refused_option(prog, c, cli_getopt_arg(argc, argv, at), longopts, 1);
        }
    }
    int n = argc - optind;
    if (n < 1)
        return cli_usage_error(prog, "give the kind of picture: loss, surface, units or fit");
    /* The kinds of picture, in the order the help lists them. */
    enum { LOSS, SURFACE, UNITS, FIT, N_KINDS };
    static const char *const kinds[N_KINDS] = { "loss", "surface", "units", "fit" };
    const char *kind = argv[optind];
    char **args = argv + optind + 1;
    int which = 0;
    while (which < N_KINDS && strcmp(kind, kinds[which]) != 0)
        which++;
    if (which == N_KINDS) {
        int near = mlp_nearest(kind, kinds, N_KINDS);
        if (near >= 0) {
            fprintf(stderr, "%s: unknown picture \"%s\"; did you mean %s?\n", prog,
                    cli_escaped(kind), kinds[near]);
            return MLP_EXIT_BAD_INPUT;
        }
        return cli_usage_error(prog, "unknown picture \"%s\"; it is loss, surface, units or fit",
                               kind);
    }
    if (which == LOSS && n < 2)
        return cli_usage_error(prog, "loss needs a file: LOSS.csv, or several to compare");
    if (which == LOSS && n - 1 > MLP_PLOT_MAX_LOGS) {
        mlp_error_set(&err, MLP_ERR_USAGE, NULL, 0, 0,
                      "loss compares at most %d logs in one picture, not %d", MLP_PLOT_MAX_LOGS,
                      n - 1);
        mlp_error_hint(&err, "compare them in two pictures");
        return cli_report(prog, &err);
    }
    if (which != LOSS && n != 3)
        return cli_usage_error(prog, "%s needs two files: WEIGHTS DATA.csv", kind);
    for (int k = 0; k < n - 1; k++)
        if (cli_check_path(which == LOSS ? "LOSS.csv" : k == 0 ? "WEIGHTS" : "DATA.csv", args[k],
                           which == LOSS ? "mlpplot loss xor.loss.csv"
                                         : "mlpplot surface xor.weights.bin data/xor.csv",
                           &err))
            return cli_report(prog, &err);
    /* Standard input is read once: a model and data that both read it
     * ("-", /dev/stdin: cli_is_stdin) are refused before either is read,
     * instead of the data's reader finding it empty; each named as given. */
    if (which == LOSS && check_logs(args, (size_t)(n - 1), &err))
        return cli_report(prog, &err);
    if (which != LOSS) {
        char model_what[256], data_what[256];
        snprintf(model_what, sizeof model_what, "the model (\"%s\")", args[0]);
        snprintf(data_what, sizeof data_what, "the data CSV (\"%s\")", args[1]);
        const mlp_named_path from_stdin[] = {{args[0], model_what, NULL},
                                             {args[1], data_what, NULL}};
        if (cli_check_stdin_once(from_stdin, 2, &err))
            return cli_report(prog, &err);
    }
    if (sopts.range_axes && which != SURFACE)
        return cli_usage_error(prog, "--range is for surface only");
    if (resolution_given && which != SURFACE)
        return cli_usage_error(prog, "--resolution is for surface only");
    char default_out[32];
    if (!opts.out_path) {
        snprintf(default_out, sizeof default_out, "%s.png", kind);
        opts.out_path = default_out;
    }
    /* The picture never replaces a file it is drawn from. */
    mlp_named_path output[] = {{opts.out_path, "picture", "--output"}};
    mlp_named_path inputs[MLP_PLOT_MAX_LOGS];
    for (int k = 0; k < n - 1; k++)
        inputs[k] = (mlp_named_path){args[k], which == LOSS ? "loss log" : k ? "data" : "model",
                                     NULL};
    mlp_status st = mlp_outputs_check_paths(output, 1, inputs, (size_t)(n - 1), &err);
    if (st)
        return cli_report(prog, &err);
    /* The BLAS's thread count for the forward passes of surface, units and
     * fit, under `ulimit -v` first checked against its buffers (memlimit.h);
     * the loss picture runs no product, and keeps that address space for
     * the drawing. */
    if (which != LOSS) {
        int want_threads = mlp_pool_default_threads();
        if (mlp_memlimit_prepare_blas(want_threads, &err))
            return cli_report(prog, &err);
        mlp_pool_set_blas_threads(want_threads);
    }
    switch (which) {
    case LOSS: st = mlp_plot_loss((const char *const *)args, (size_t)(n - 1), &opts, &err); break;
    case SURFACE: st = mlp_plot_surface(args[0], args[1], &sopts, &opts, &err); break;
    case UNITS: st = mlp_plot_units(args[0], args[1], &opts, &err); break;
    default: st = mlp_plot_fit(args[0], args[1], &opts, &err); break;
    }
    int rc = st ? cli_report(prog, &err) : MLP_EXIT_OK;
    if (!st && note.message[0]) {
        char line[MLP_ERROR_ESCAPED_SIZE(MLP_ERROR_PATH_MAX + 3 * MLP_ERROR_TEXT_MAX)];
        fprintf(stderr, "%s\n", mlp_finding_format(&note, prog, line, sizeof line));
    }
    /* A signal that came while the picture was renamed into place
     * (mlp_plot_render defers it there): the picture is whole. */
    int sig = mlp_signals_caught();
    if (sig) {
        if (!st)
            fprintf(stderr, "%s: stopped by %s after %s was written\n", prog,
                    mlp_signals_name(sig), cli_escaped(opts.out_path));
        rc = mlp_signals_exit_code(sig);
    }
    return rc;
}

int main(int argc, char **argv)
{
    mlp_memlimit_reexec(argv); /* first: under `ulimit -v`, OpenBLAS without worker threads */
    mlp_blas_init(argv); /* may re-execute on a better BLAS core (mlp/blas.h) */
    cli_environment_warnings(prog); /* a kernel choice of the environment not taken */
    mlp_signals_install(prog); /* SIGINT, SIGTERM, SIGHUP: a message, no temporary left */
    /* Every mode, --help and --version included, ends here: what it wrote
     * on standard output is flushed and checked (a full or closed standard
     * output is a failed write, exit 2, as in mlptrain and mlppredict). */
    return cli_exit(prog, run(argc, argv));
}
