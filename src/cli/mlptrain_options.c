/* SPDX-License-Identifier: MIT */
/* mlptrain_options.c: mlptrain's command line: the usage text, the
 * options parsed and checked (which go together, which a tool takes no
 * part of), and the options handed to the library to put over the spec
 * (mlp_spec_override). Nothing here reads a file but the spec's name; the
 * work the options ask for is elsewhere. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "comm.h"
#include "fileio.h"
#include "mlp/fit.h"
#include "mlp/gradcheck.h"
#include "mlp/lrscan.h"
#include "mlp/mlp.h"
#include "mlp/progress.h"
#include "mlptrain.h"
#include "plural.h"

static const char *const prog = "mlptrain";

/* The most epochs, as the spec's "epochs" allows (docs/spec.md): 2^53, the
 * whole numbers a JSON number holds exactly. */
#define MLP_EPOCHS_MAX 9007199254740992L

static void usage(void)
{
    printf("Usage: mlptrain [--config SPEC.json] [options]\n"
           "       mlptrain --gradcheck [--config SPEC.json] [--tolerance X]\n"
           "\n"
           "Trains a multi-layer perceptron full-batch, or in mini-batches with\n"
           "--batch-size (gradient descent, momentum, adam or irprop-, chosen in the spec)\n"
           "on the CSV data named in the spec; writes the weights and a per-epoch loss log.\n"
           "Without --config it trains the built-in XOR example.\n"
           "\n"
           "Options (each overrides the spec; one that takes a value is given once):\n"
           "  -c, --config FILE        network spec (JSON; see docs/spec.md) [built-in XOR];\n"
           "                           - reads it from standard input: training then needs\n"
           "                           --weights and --loss-log (or the spec's \"output\"), and\n"
           "                           under mpirun it must be a file\n"
           "  -e, --epochs N           number of epochs (up to 2^53), the most with early stopping\n"
           "                           [spec \"epochs\", default 1000]\n"
           "  -l, --learning-rate X    step size, finite and > 0 [spec \"learning_rate\", default 0.1,\n"
           "                           adam 0.001; not for irprop-]\n"
           "  -b, --batch-size B       train in mini-batches of B rows, one update each, the rows\n"
           "                           shuffled every epoch (unless the spec says \"shuffle\":\n"
           "                           false); B >= the rows is full batch, the only kind\n"
           "                           mpirun takes [spec \"batch_size\", default full batch;\n"
           "                           not for irprop-]\n"
           "  -s, --seed N             seed of the weight initialisation and of the shuffle\n"
           "                           (with --init-weights, of the shuffle only; refused\n"
           "                           there without one)\n"
           "                           [spec \"seed\", default %d]\n"
           "  -r, --restarts N         train N times from seeds derived from the seed, keep the\n"
           "                           best model by validation loss (training loss without a\n"
           "                           validation set) [1]\n"
           "      --restart-margin X   with --restarts 2 or more: a restart succeeds when it gets\n"
           "                           within X of the best loss, as a fraction of its way down\n"
           "                           from its initial loss [%g]\n"
           "  -w, --weights FILE       weights output [<spec name>.weights.bin]\n"
           "  -o, --loss-log FILE      per-epoch loss CSV [<spec name>.loss.csv]\n"
           "      --init-weights FILE  start from this weights file: same architecture, columns,\n"
           "                           class labels (in order) and normalisation; its\n"
           "                           normalisation statistics are kept; - reads it from\n"
           "                           standard input\n"
           "  -t, --threads N          threads for reading the CSV, training and BLAS; 1 runs one\n"
           "                           thread [OPENBLAS_NUM_THREADS, GOTO_NUM_THREADS or\n"
           "                           OMP_NUM_THREADS, else all processors]; small mini-batches\n"
           "                           (-b 32) can train slower with more threads: time -t 1\n"
           "                           against the default (docs/threads.md)\n"
           "  -q, --quiet              print errors only (with --check the error findings alone)\n"
           "      --progress MODE      progress on stderr: bar (one self-updating line), lines\n"
           "                           (one every tenth of the run), none, or auto: a bar on a\n"
           "                           terminal, lines otherwise, none with -q [auto]; bar and\n"
           "                           lines are refused with -q\n"
           "      --gradcheck          compare backprop with finite differences and exit\n"
           "      --tolerance X        largest relative error --gradcheck accepts [%g]\n"
           "      --check              run the pre-flight check of the spec and data, check the\n"
           "                           output paths, and exit: 0 when nothing stops training,\n"
           "                           2 when something does\n"
           "      --format FMT         output of --check: text or json [text]\n"
           "      --lr-scan LO:HI[:N]  train N copies for a few epochs at rates from LO to HI (log\n"
           "                           grid, same initial weights), print their losses and a\n"
           "                           recommended rate, and exit [N: 3 per factor of 10, plus 1,\n"
           "                           at most 64]\n"
           "      --lr-scan-epochs E   epochs per rate of --lr-scan [%d]\n"
           "      --trace FILE         also write every array of one forward and backward pass\n"
           "                           (Z, A, dA, dZ, dW, db, the loss) to FILE, with shapes,\n"
           "                           formulas and the initial weights (docs/trace.md); dW is\n"
           "                           the data loss's gradient: with l2 > 0 the penalty and\n"
           "                           gW = dW + l2 W, the gradient the update uses, follow;\n"
           "                           not with --restarts 2 or more\n"
           "      --trace-epoch N      the epoch whose pass is traced [1]\n"
           "      --trace-row R        trace data row R of the training file (1-based, header\n"
           "                           not counted) alone; not a row held out by the spec's\n"
           "                           \"validation_split\" [all training rows]\n"
           "      --trace-format F     json, or csv: FILE is then a folder of CSV files [json]\n"
           "  -h, --help               show this help and exit\n"
           "  -V, --version            show the version and exit\n"
           "\n"
           "--gradcheck, --check and --lr-scan refuse an option they take no part of:\n"
           "--gradcheck takes -c, -s, -t, -q, --tolerance and, with -c, --init-weights;\n"
           "--check every training option but -r, --restart-margin, --progress and --trace\n"
           "with its options; --lr-scan every one but -e, -l, -r, --restart-margin, -w, -o,\n"
           "--progress and --trace with its options (each rate trains --lr-scan-epochs\n"
           "epochs). --trace records one run: it cannot go with --restarts 2 or more.\n"
           "\n"
           "Before the first epoch a pre-flight check reports what will make training fail\n"
           "or mislead; at the end a diagnosis says what went wrong (docs/diagnostics.md).\n"
           "\n"
           "Exit status: 0 success, 1 training diverged or gradient check failed,\n"
           "2 bad option, spec, data or output path, a pre-flight error, or a gradient\n"
           "check that compared nothing, 3 out of memory, 128 + the signal when stopped by\n"
           "SIGINT, SIGTERM or SIGHUP (130, 143, 129; the outputs of the last complete\n"
           "epoch are written) (docs/exit-codes.md).\n",
           MLP_SPEC_DEFAULT_SEED, MLP_FIT_DEFAULT_RESTART_MARGIN, MLP_GRADCHECK_TOLERANCE,
           MLP_LRSCAN_DEFAULT_EPOCHS);
}

enum {
    OPT_INIT_WEIGHTS = 256, OPT_GRADCHECK, OPT_TOLERANCE, OPT_RESTART_MARGIN, OPT_CHECK,
    OPT_FORMAT, OPT_LR_SCAN, OPT_LR_SCAN_EPOCHS, OPT_TRACE, OPT_TRACE_EPOCH, OPT_TRACE_ROW,
    OPT_TRACE_FORMAT,
    OPT_PROGRESS
};

/* An option that would change nothing is refused, as --format without
 * --check is: the first one given of those the tool takes no part of. Returns
 * -1, or the exit code of a usage error. (The scan's trials run without the
 * schedule, lrscan.h, so the run's epochs are no cosine horizon there.) */
static int check_no_ops(const options *o, const char *tool)
{
    if (o->tolerance > 0 && !o->gradcheck)
        return cli_usage_error(prog, "--tolerance is for --gradcheck");
    /* Why each tool takes no part of an option; NULL: it does. --check
     * answers for the run the command line would make: its epochs, rate,
     * batches and outputs are checked. */
    static const char *const nothing = "compares gradients and trains nothing";
    const struct {
        int given;
        const char *name, *gradcheck, *check, *lr_scan;
    } opts[] = {
        {o->have_epochs, "--epochs", nothing, NULL,
         "trains each rate --lr-scan-epochs epochs at its full rate, whatever the schedule"},
        {o->have_lr, "--learning-rate", nothing, NULL, "tries its own rates"},
        {o->have_batch_size, "--batch-size", nothing, NULL, NULL},
        {o->have_restarts, "--restarts", nothing, "trains nothing",
         "trains one copy per rate from the same initial weights"},
        {o->weights != NULL, "--weights", nothing, NULL, "writes no file"},
        {o->loss_log != NULL, "--loss-log", nothing, NULL, "writes no file"},
        {o->have_progress, "--progress", nothing, "trains nothing",
         "prints its table at the end, with no progress"},
    };
    for (size_t i = 0; tool && i < sizeof opts / sizeof opts[0]; i++) {
        const char *why = o->gradcheck ? opts[i].gradcheck
                          : o->check   ? opts[i].check
                                       : opts[i].lr_scan;
        if (opts[i].given && why)
            return cli_usage_error(prog, "%s does nothing with %s, which %s", opts[i].name, tool,
                                   why);
    }
    /* -q asks for errors only, --progress bar or lines for progress: one
     * of the two would be silently dropped. none agrees with -q, and auto
     * (the default) is a choice left to the program, which -q makes. */
    if (o->quiet && (o->progress == MLP_PROGRESS_BAR || o->progress == MLP_PROGRESS_LINES))
        return cli_usage_error(prog, "--progress %s does nothing with --quiet, which prints "
                                     "errors only",
                               o->progress == MLP_PROGRESS_BAR ? "bar" : "lines");
    if (o->gradcheck && o->init_weights && !o->config)
        return cli_usage_error(prog, "--init-weights does nothing with --gradcheck without "
                                     "--config: the built-in check draws its own networks");
    if (o->restart_margin > 0 && o->restarts < 2)
        return cli_usage_error(prog, "--restart-margin is for --restarts 2 or more");
    return -1;
}

/* Which options go together; returns -1, or the exit code of a usage error. */
static int check_combinations(options *o, mlp_error *err)
{
    const char *tool = o->gradcheck ? "--gradcheck"
                       : o->check   ? "--check"
                       : o->lr_scan ? "--lr-scan"
                                    : NULL;
    if (o->gradcheck + o->check + (o->lr_scan != NULL) > 1)
        return cli_usage_error(prog, "--gradcheck, --check and --lr-scan each run alone; give one");
    if (o->format && !o->check)
        return cli_usage_error(prog, "--format is for --check");
    if (o->format) {
        if (strcmp(o->format, "json") != 0 && strcmp(o->format, "text") != 0)
            return cli_usage_error(prog, "--format needs text or json, not \"%s\"", o->format);
        o->json = strcmp(o->format, "json") == 0;
    }
    if (o->lr_scan_epochs && !o->lr_scan)
        return cli_usage_error(prog, "--lr-scan-epochs is for --lr-scan");
    if (o->lr_scan) {
        if (mlp_lrscan_parse(o->lr_scan, &o->scan, err))
            return cli_report(prog, err);
        o->scan.epochs = o->lr_scan_epochs ? o->lr_scan_epochs : MLP_LRSCAN_DEFAULT_EPOCHS;
    }
    if (!o->trace && (o->trace_epoch || o->trace_row || o->trace_format))
        return cli_usage_error(prog, "%s is for --trace",
                               o->trace_epoch ? "--trace-epoch"
                               : o->trace_row ? "--trace-row"
                                              : "--trace-format");
    if (o->trace && tool)
        return cli_usage_error(prog, "--trace records a training run; it cannot go with %s", tool);
    if (o->trace && o->restarts > 1)
        return cli_usage_error(prog, "--trace records one run; it cannot go with --restarts");
    if (o->trace_format && strcmp(o->trace_format, "json") != 0 &&
        strcmp(o->trace_format, "csv") != 0)
        return cli_usage_error(prog, "--trace-format needs json or csv, not \"%s\"", o->trace_format);
    if (o->trace && !o->trace_epoch)
        o->trace_epoch = 1;
    return check_no_ops(o, tool);
}

int mlptrain_parse_options(int argc, char **argv, options *o, mlp_error *err)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},
        {"epochs", required_argument, NULL, 'e'},
        {"learning-rate", required_argument, NULL, 'l'},
        {"seed", required_argument, NULL, 's'},
        {"batch-size", required_argument, NULL, 'b'},
        {"restarts", required_argument, NULL, 'r'},
        {"restart-margin", required_argument, NULL, OPT_RESTART_MARGIN},
        {"weights", required_argument, NULL, 'w'},
        {"loss-log", required_argument, NULL, 'o'},
        {"init-weights", required_argument, NULL, OPT_INIT_WEIGHTS},
        {"threads", required_argument, NULL, 't'},
        {"quiet", no_argument, NULL, 'q'},
        {"gradcheck", no_argument, NULL, OPT_GRADCHECK},
        {"tolerance", required_argument, NULL, OPT_TOLERANCE},
        {"check", no_argument, NULL, OPT_CHECK},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"lr-scan", required_argument, NULL, OPT_LR_SCAN},
        {"lr-scan-epochs", required_argument, NULL, OPT_LR_SCAN_EPOCHS},
        {"trace", required_argument, NULL, OPT_TRACE},
        {"trace-epoch", required_argument, NULL, OPT_TRACE_EPOCH},
        {"trace-row", required_argument, NULL, OPT_TRACE_ROW},
        {"trace-format", required_argument, NULL, OPT_TRACE_FORMAT},
        {"progress", required_argument, NULL, OPT_PROGRESS},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    const char *shorts = ":c:e:l:s:b:r:w:o:t:qhV";
    /* The value of each option given so far: each takes one. */
    const char *given[sizeof longopts / sizeof longopts[0]] = {NULL};
    int c;
    /* at: optind before each call, for the argument a refusal names. */
    for (int at = optind; (c = getopt_long(argc, argv, shorts, longopts, NULL)) != -1; at = optind) {
        if (cli_option_once(longopts, c, optarg, given, err))
            return cli_report(prog, err);
        int bad = 0;
        switch (c) {
        case 'c':
            o->config = optarg;
            bad = cli_check_path("--config", optarg, "--config configs/xor.json", err);
            break;
        case 'w':
            o->weights = optarg;
            bad = cli_check_path("--weights", optarg, "--weights model.weights.bin", err);
            break;
        case 'o':
            o->loss_log = optarg;
            bad = cli_check_path("--loss-log", optarg, "--loss-log model.loss.csv", err);
            break;
        case OPT_INIT_WEIGHTS:
            o->init_weights = optarg;
            bad = cli_check_path("--init-weights", optarg, "--init-weights model.weights.bin",
                                 err);
            break;
        case 'q': o->quiet = 1; break;
        case OPT_GRADCHECK: o->gradcheck = 1; break;
        case OPT_CHECK: o->check = 1; break;
        case OPT_FORMAT: o->format = optarg; break;
        case OPT_LR_SCAN: o->lr_scan = optarg; break;
        case OPT_TRACE:
            o->trace = optarg;
            bad = cli_check_path("--trace", optarg, "--trace trace.json", err);
            break;
        case OPT_TRACE_FORMAT: o->trace_format = optarg; break;
        case OPT_PROGRESS: {
            mlp_progress_mode m;
            if (mlp_progress_mode_from_name(optarg, &m)) {
                mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                              "--progress needs auto, bar, lines or none, not \"%s\"", optarg);
                mlp_error_hint(err, "for example --progress lines");
                bad = 1;
            }
            o->progress = (int)m;
            o->have_progress = 1;
            break;
        }
        case OPT_LR_SCAN_EPOCHS:
            bad = cli_parse_long("--lr-scan-epochs", optarg, 1, 1000000000L, "20",
                                 &o->lr_scan_epochs, err);
            break;
        case OPT_TRACE_EPOCH:
            bad = cli_parse_long("--trace-epoch", optarg, 1, MLP_EPOCHS_MAX, "1", &o->trace_epoch,
                                 err);
            break;
        case OPT_TRACE_ROW:
            bad = cli_parse_long("--trace-row", optarg, 1, 1000000000L, "1", &o->trace_row, err);
            break;
        case 'e':
            bad = cli_parse_long("--epochs", optarg, 1, MLP_EPOCHS_MAX, "500", &o->epochs, err);
            o->have_epochs = 1;
            break;
        case 's':
            bad = cli_parse_long("--seed", optarg, 0, 9007199254740992L, "7", &o->seed, err);
            o->have_seed = 1;
            break;
        case 'b':
            bad = cli_parse_long("--batch-size", optarg, 1, 9007199254740992L, "32", &o->batch_size,
                                 err);
            o->have_batch_size = 1;
            break;
        case 't':
            bad = cli_parse_long("--threads", optarg, 1, 1024, "2", &o->threads, err);
            break;
        case 'r':
            bad = cli_parse_long("--restarts", optarg, 1, MLP_FIT_MAX_RESTARTS, "20", &o->restarts, err);
            o->have_restarts = 1;
            break;
        case OPT_RESTART_MARGIN:
            /* One range said for both ends (0 was once "a finite number greater than 0"). */
            bad = cli_parse_double("--restart-margin", optarg, 0, "0.05", &o->restart_margin, err);
            if (!bad && !(o->restart_margin > 0 && o->restart_margin < 1)) {
                mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                              "--restart-margin needs a number greater than 0 and less than 1, "
                              "not \"%s\"", optarg);
                mlp_error_hint(err, "for example --restart-margin 0.05");
                bad = 1;
            }
            break;
        case 'l':
            bad = cli_parse_double("--learning-rate", optarg, 1, "0.1", &o->learning_rate, err);
            o->have_lr = 1;
            break;
        case OPT_TOLERANCE:
            bad = cli_parse_double("--tolerance", optarg, 1, "1e-6", &o->tolerance, err);
            /* A relative error is 1 when one side is 0 and 2 at the wrong
             * sign (docs/gradcheck.md): a tolerance of 1 or more passes
             * gradients that do not agree at all. */
            if (!bad && o->tolerance >= 1) {
                mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                              "--tolerance %s passes gradients that do not agree: a relative "
                              "error is 1 when one side is 0 and 2 when the signs differ",
                              optarg);
                mlp_error_hint(err, "give a value below 1, for example --tolerance 1e-6");
                bad = -1;
            }
            break;
        case 'h': usage(); return MLP_EXIT_OK;
        case 'V': cli_print_version("mlptrain", mlptrain_comm_describe()); return MLP_EXIT_OK;
        default:
            return cli_refused_option(prog, c, cli_getopt_arg(argc, argv, at), longopts, 0);
        }
        if (bad)
            return cli_report(prog, err);
    }
    if (optind < argc)
        return cli_usage_error(prog, "unexpected argument \"%s\" (the spec is given with --config)",
                               argv[optind]);
    if (o->restarts > 1 && o->init_weights)
        return cli_usage_error(prog, "--restarts draws new initial weights, so it cannot start "
                                     "from --init-weights");
    int rc = check_combinations(o, err);
    if (!o->restarts)
        o->restarts = 1;
    if (!(o->restart_margin > 0))
        o->restart_margin = MLP_FIT_DEFAULT_RESTART_MARGIN;
    return rc;
}

/* ---------------------------------------------------------------------------
 * Options over the spec. The seed is applied after the data are read: a
 * validation split is drawn from the spec's own seed, so that --seed (and
 * each restart) changes the initial weights only and is compared on the
 * same validation rows. */

/* Whether path is the default output the spec parser names after the
 * spec's file, "<stdin>" + suffix, for a spec read from standard input. */
static int stdin_default(const char *path, const char *suffix)
{
    const char *stem = mlp_fileio_display_name("-", 0);
    size_t n = strlen(stem);
    return path && strncmp(path, stem, n) == 0 && strcmp(path + n, suffix) == 0;
}

/* Whether the spec is read from standard input or another open file
 * (/dev/stdin, <(...)): it has no file name, and the spec parser named
 * its default outputs "<stdin>". */
static int unnamed_spec(const char *config)
{
    return config && (mlp_fileio_is_std(config) || mlp_fileio_names_open_file(config));
}

/* A spec read from standard input (--config -) has no file name to name
 * the outputs after: a training run needs --weights and --loss-log (or the
 * spec's "output" paths), rather than files called "<stdin>.weights.bin". */
static mlp_status check_stdin_outputs(const mlp_spec *spec, const options *o, mlp_error *err)
{
    /* --check too: it answers for the training run, which stops here. */
    if (!unnamed_spec(o->config) || o->gradcheck || o->lr_scan)
        return MLP_OK;
    int w = !o->weights && stdin_default(spec->weights_path, ".weights.bin");
    int l = !o->loss_log && stdin_default(spec->loss_path, ".loss.csv");
    if (!w && !l)
        return MLP_OK;
    int std = mlp_fileio_is_std(o->config) || strcmp(o->config, "/dev/stdin") == 0;
    mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                  "the spec comes from %s (--config %s), so it has no file name to name the %s "
                  "after", std ? "standard input" : "an open file", o->config,
                  w && l ? "weights and the loss log" : w ? "weights" : "loss log");
    mlp_error_hint(err, "give %s, or \"output\" paths in the spec",
                   w && l ? "--weights FILE and --loss-log FILE" : w ? "--weights FILE" : "--loss-log FILE");
    return MLP_ERR_USAGE;
}

int mlptrain_output_unnamed(const mlp_spec *spec, const options *o, int loss_log)
{
    if (!unnamed_spec(o->config))
        return 0;
    return loss_log ? !o->loss_log && stdin_default(spec->loss_path, ".loss.csv")
                    : !o->weights && stdin_default(spec->weights_path, ".weights.bin");
}

/* The options over the spec are the library's work (mlp_spec_override),
 * refused in the flags' names; the outputs of a spec without a file name
 * are the command line's (check_stdin_outputs). */
mlp_status mlptrain_apply_options(mlp_spec *spec, const options *o, mlp_error *err)
{
    const mlp_spec_overrides over = {
        .epochs = o->have_epochs ? o->epochs : 0,
        .learning_rate = o->have_lr ? o->learning_rate : 0,
        .batch_size = o->have_batch_size ? (size_t)o->batch_size : 0,
        .weights_path = o->weights,
        .loss_path = o->loss_log,
        .learning_rate_name = "--learning-rate",
        .batch_size_name = "--batch-size",
    };
    mlp_status st = mlp_spec_override(spec, &over, err);
    return st ? st : check_stdin_outputs(spec, o, err);
}
