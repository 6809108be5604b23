/* SPDX-License-Identifier: MIT */
/* mlptrain: parses options, then runs the library's data flow
 *   spec -> network -> data -> pre-flight check -> fit (train loop,
 *   restarts, refit, diagnosis) -> weights file (with its provenance) +
 *   loss log (+ trace)
 * or, with --gradcheck, --check or --lr-scan, that tool alone. All real
 * work is in libmlp; each mode's printing is in its own file (mlptrain.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "comm.h"
#include "fileio.h"
#include "gemm.h"
#include "memlimit.h"
#include "mlp/blas.h"
#include "mlp/fit.h"
#include "mlp/gradcheck.h"
#include "mlp/lrscan.h"
#include "mlp/mlp.h"
#include "mlp/pool.h"
#include "mlp/progress.h"
#include "mlp/spec.h"
#include "mlptrain.h"
#include "plural.h"
#include "sha256.h"
#include "signals.h"

const char *const mlptrain_prog = "mlptrain";
/* The most epochs, as the spec's "epochs" allows (docs/spec.md): 2^53, the
 * whole numbers a JSON number holds exactly. */
#define MLP_EPOCHS_MAX 9007199254740992L
static const char *const prog = "mlptrain";

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
           "Options (each overrides the spec):\n"
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
           "                           false); B >= the rows is full batch [spec \"batch_size\",\n"
           "                           default full batch; not for irprop-]\n"
           "  -s, --seed N             seed of the weight initialisation and of the shuffle\n"
           "                           (with --init-weights, of the shuffle only)\n"
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
           "                           OMP_NUM_THREADS, else all processors]\n"
           "  -q, --quiet              print errors only (with --check the error findings alone)\n"
           "      --progress MODE      progress on stderr: bar (one self-updating line), lines\n"
           "                           (one every tenth of the run), none, or auto: a bar on a\n"
           "                           terminal, lines otherwise [auto]\n"
           "      --gradcheck          compare backprop with finite differences and exit\n"
           "      --tolerance X        largest relative error --gradcheck accepts [%g]\n"
           "      --check              run the pre-flight check of the spec and data, check the\n"
           "                           output paths, and exit: 0 when nothing stops training,\n"
           "                           2 when something does\n"
           "      --format FMT         output of --check: text or json [text]\n"
           "      --lr-scan LO:HI[:N]  train N copies for a few epochs at rates from LO to HI (log\n"
           "                           grid, same initial weights), print their losses and a\n"
           "                           recommended rate, and exit [N: 3 per factor of 10, plus 1]\n"
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
           "2 bad option, spec, data or output path, or a pre-flight error, 3 out of\n"
           "memory, 128 + the signal when stopped by SIGINT, SIGTERM or SIGHUP (130, 143,\n"
           "129; the outputs of the last complete epoch are written) (docs/exit-codes.md).\n",
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

/* Returns -1 to go on, else the exit code. */
static int parse_options(int argc, char **argv, options *o, mlp_error *err)
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
    int c;
    /* at: optind before each call, for the argument a refusal names. */
    for (int at = optind; (c = getopt_long(argc, argv, shorts, longopts, NULL)) != -1; at = optind) {
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
            bad = cli_parse_double("--restart-margin", optarg, 1, "0.05", &o->restart_margin, err);
            if (!bad && !(o->restart_margin < 1)) {
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
            break;
        case 'h': usage(); return MLP_EXIT_OK;
        case 'V': { char v[1024]; mlp_version_text("mlptrain", v, sizeof v); fputs(v, stdout); return MLP_EXIT_OK; }
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

/* The spec's bytes, for its digest and the positions of the pre-flight
 * check: the file as it was loaded, or the built-in text. */
static mlp_status spec_bytes(const options *o, char **text, size_t *len, mlp_error *err)
{
    if (o->config)
        return mlp_fileio_read_all_max(o->config, MLP_SPEC_MAX_BYTES, text, len, err);
    const char *json = mlp_spec_builtin_xor_json();
    *len = strlen(json);
    *text = malloc(*len + 1);
    if (!*text)
        return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory");
    memcpy(*text, json, *len + 1);
    return MLP_OK;
}

/* --------------------------------------------------------------------------- */

/* What comes before the spec: the options, the tools refused under mpirun,
 * the threads, --gradcheck of the built-in cases. Returns -1 to go on, else
 * the exit status (its message printed). */
static int prelude(int argc, char **argv, options *o, int *threads, mlp_error *err)
{
    int rc = parse_options(argc, argv, o, err);
    if (rc >= 0)
        return rc;
    int ranks = mlptrain_comm_size();
    if (ranks > 1 && o->trace)
        return cli_usage_error(prog, "--trace records the pass of one process; run it without "
                                     "mpirun");
    if (ranks > 1 && (o->check || o->lr_scan))
        return cli_usage_error(prog, "%s looks at every row in one process; run it without "
                                     "mpirun", o->check ? "--check" : "--lr-scan");
    if (mlptrain_comm_rank() > 0)
        o->quiet = 1; /* its output goes nowhere: spare the work of it */
    /* The one thread count of the run: BLAS, CSV parsing, lanes, provenance;
     * under `ulimit -v` first checked against the BLAS buffers (memlimit.h). */
    int want_threads = o->threads ? (int)o->threads : mlp_pool_default_threads();
    if (mlp_memlimit_prepare_blas(want_threads, err))
        return cli_report(prog, err);
    *threads = mlp_pool_set_blas_threads(want_threads);
    if (o->gradcheck && !o->config)
        return mlptrain_gradcheck_builtin(o, o->tolerance > 0 ? o->tolerance
                                                              : MLP_GRADCHECK_TOLERANCE);
    return -1;
}

/* The spec (read once: --config - is standard input) with the options
 * over it, and the provenance's spec digest. Nothing here is collective:
 * a failure of one rank alone is agreed by the caller. */
static mlp_status load_spec(const options *o, int threads, mlp_spec *spec, data_sets *d,
                            char **spec_text, size_t *spec_len, mlp_error *err)
{
    int ranks = mlptrain_comm_size();
    mlp_status st = ranks > 1 ? mlptrain_input_for_ranks(o->config, "spec", err) : MLP_OK;
    if (!st)
        st = spec_bytes(o, spec_text, spec_len, err);
    if (!st)
        st = o->config ? mlp_spec_parse(*spec_text, *spec_len,
                                        mlp_fileio_display_name(o->config, 0), spec, err)
                       : mlp_spec_builtin_xor(spec, err);
    /* A model given as the spec (mlptrain -c xor.weights.bin) is no JSON at
     * its first byte: say what it is and what takes it. */
    if (st == MLP_ERR_SPEC && err->line == 1 && err->col == 1 &&
        mlp_weights_file_looks_like_model(o->config))
        mlp_error_hint(err, "%s is a trained model, not a spec: predict with mlppredict %s "
                            "DATA.csv, or train on from it with --init-weights %s", o->config,
                       o->config, o->config);
    /* Standard input is read once: a second reader would find it empty.
     * Refused before anything but the spec is read. */
    if (!st) {
        /* Each named as given: "-", or /dev/stdin, ... (cli_is_stdin). */
        char what[4][256];
        snprintf(what[0], sizeof what[0], "the spec (--config %s)", o->config ? o->config : "");
        snprintf(what[1], sizeof what[1], "the training data (\"train\": \"%s\")",
                 spec->train_path ? spec->train_path : "");
        snprintf(what[2], sizeof what[2], "the validation data (\"validation\": \"%s\")",
                 spec->validation_path ? spec->validation_path : "");
        snprintf(what[3], sizeof what[3], "the initial weights (--init-weights %s)",
                 o->init_weights ? o->init_weights : "");
        const mlp_named_path inputs[] = {
            {o->config, what[0], NULL},
            {spec->train_path, what[1], NULL},
            {spec->validation_path, what[2], NULL},
            {o->init_weights, what[3], NULL},
        };
        if (cli_check_stdin_once(inputs, sizeof inputs / sizeof *inputs, err))
            st = MLP_ERR_USAGE;
    }
    if (!st) {
        mlp_provenance_init(&d->prov);
        mlp_sha256_digest(*spec_text, *spec_len, d->prov.spec_sha256);
        d->prov.has_spec_sha256 = 1;
        d->prov.threads = (uint32_t)threads;
        d->prov.ranks = (uint32_t)ranks;
        st = mlptrain_apply_options(spec, o, err);
    }
    if (!st) /* what the options change ("shuffle" with -b) is checked with them applied */
        st = mlp_spec_check_options(spec, err);
    if (!st && ranks > 1 && spec->batch_size > 0) {
        /* Each rank's batches would be of its own rows, not one run's. */
        if (o->have_batch_size)
            mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                          "--batch-size cannot be used under mpirun: training on several "
                          "processes is full-batch");
        else
            mlp_error_set(err, MLP_ERR_USAGE, spec->path, spec->pos_batch_size.line,
                          spec->pos_batch_size.col,
                          "\"batch_size\" cannot be used under mpirun: training on several "
                          "processes is full-batch");
        mlp_error_hint(err, "remove it, or train in one process (without mpirun)");
        st = MLP_ERR_USAGE;
    }
    /* Read whole by every rank: refused up front when only rank 0 has it. */
    if (!st && ranks > 1)
        st = mlptrain_input_for_ranks(o->init_weights, "--init-weights file", err);
    if (!st && ranks > 1)
        st = mlptrain_input_for_ranks(spec->validation_path, "validation data", err);
    return st;
}

/* One invocation, in each process of the run (comm.h): every rank runs
 * the same steps on the same spec and data and takes the same decisions;
 * rank 0 alone prints, and writes the outputs. A step that can fail on one
 * rank alone is followed by an agreement (mlptrain_comm_agree_stop, then
 * mlptrain_comm_agree), so that every rank enters the next collective step
 * or none does, and every rank stops with the same error. */
static int run(int argc, char **argv)
{
    options o = {0};
    mlp_error err;
    mlp_error_clear(&err);
    int threads = 1, who = 0;
    int rc = mlptrain_comm_agree_stop(prelude(argc, argv, &o, &threads, &err), &who);
    if (rc >= 0 && who > 0 && who != mlptrain_comm_rank()) {
        /* Another rank stopped at its command line; its message went nowhere. */
        mlp_error_set(&err, MLP_ERR_USAGE, NULL, 0, 0,
                      "rank %d of %d stopped at its command line with exit status %d, and "
                      "rank 0 did not: the ranks were given different command lines",
                      who, mlptrain_comm_size(), rc);
        mlp_error_hint(&err, "give every rank the same command line (run that rank's alone, "
                             "without mpirun, to see its message)");
        return cli_report(prog, &err);
    }
    if (rc >= 0)
        return rc;
    int ranks = mlptrain_comm_size();
    double tol = o.tolerance > 0 ? o.tolerance : MLP_GRADCHECK_TOLERANCE;

    mlp_spec spec = {0};
    data_sets d = {0};
    mlp_net *net = NULL;
    char *spec_text = NULL;
    size_t spec_len = 0;
    mlp_status st = mlptrain_comm_agree(
        load_spec(&o, threads, &spec, &d, &spec_text, &spec_len, &err), &err);
    /* Every rank has its spec: it must be rank 0's, with rank 0's options. */
    if (!st && ranks > 1)
        st = mlptrain_same_run(&spec, &o, spec_text, spec_len, &err);
    if (!st)
        st = mlptrain_comm_agree(mlptrain_init_read(&spec, o.init_weights, &d, &err), &err);
    if (!st && ranks > 1)
        st = mlptrain_same_init(&d, o.init_weights, &err);
    if (!st)
        st = mlptrain_data_load(&spec, &d, &err);
    /* The validation split was drawn from the spec's own seed (mlptrain_data.c). */
    uint64_t split_seed = mlp_spec_data_plan(&spec).split_seed;
    if (o.have_seed)
        spec.seed = (uint64_t)o.seed;
    if (!st) {
        net = mlptrain_net_build(&spec, o.init_weights, &d, &err);
        st = mlptrain_comm_agree(net ? MLP_OK : err.code, &err);
    }
    if (st) {
        rc = cli_report(prog, &err);
        goto out;
    }
    if (o.trace && o.trace_epoch > spec.epochs) {
        mlp_error_set(&err, MLP_ERR_USAGE, NULL, 0, 0, "--trace-epoch %ld is after the last epoch, %ld",
                      o.trace_epoch, spec.epochs);
        mlp_error_hint(&err, "give an epoch from 1 to %ld, or train longer with --epochs %ld",
                       spec.epochs, o.trace_epoch);
        rc = cli_report(prog, &err);
        goto out;
    }
    if (o.trace_row && mlptrain_trace_row(&spec, &d, split_seed, o.trace_row, &o.trace_train_row,
                                          &err)) {
        rc = cli_report(prog, &err);
        goto out;
    }
    if (o.gradcheck) {
        rc = mlptrain_gradcheck_config(&spec, net, &d, tol, o.quiet);
        goto out;
    }
    if (o.lr_scan &&
        !(mlp_optimizer_info_of(spec.optimizer.kind)->flags & MLP_OPT_FLAG_LEARNING_RATE)) {
        rc = cli_usage_error(prog, "--lr-scan tries learning rates, which optimizer \"%s\" "
                                   "does not use", mlp_optimizer_name(spec.optimizer.kind));
        goto out;
    }
    /* --check answers for the run this command line would make: its outputs
     * too, checked as training checks them before the first epoch. */
    if (o.check && mlptrain_check_outputs(&o, &spec, net, &d.train, &err)) {
        rc = cli_report(prog, &err);
        goto out;
    }
    mlp_rate_advice advice = {0};
    rc = mlptrain_preflight(&o, &spec, &d, net, &advice);
    if (rc >= 0 || o.check)
        goto out;
    /* The table and its text were kept for the check only, and every row
     * of a split for the check and the refit. */
    mlp_csv_free(&d.csv);
    free(d.csv_text);
    d.csv_text = NULL;
    if (!d.have_full) {
        mlp_dataset_free(&d.full);
        mlp_schema_free(&d.full_schema);
    }
    if (o.lr_scan) {
        rc = mlptrain_lr_scan(&o, &spec, net, &d);
    } else {
        /* Under mpirun each rank fits on its share of the rows. */
        if (ranks > 1)
            mlptrain_data_slice(&d, mlptrain_comm_rank(), ranks);
        rc = mlptrain_train(&o, &spec, net, &d, &advice);
    }
out:
    free(spec_text);
    mlp_net_free(net);
    mlptrain_data_free(&d);
    mlp_spec_free(&spec);
    return rc;
}

int main(int argc, char **argv)
{
    mlp_memlimit_reexec(argv); /* first: under `ulimit -v`, OpenBLAS without worker threads */
    mlp_blas_init(argv); /* may re-execute on a better BLAS core (mlp/blas.h) */
    mlp_signals_install(prog); /* SIGINT, SIGTERM, SIGHUP: a message, no temporary left */
    /* Under mpirun: this process is one rank of the job (comm.h). */
    mlp_error err;
    mlp_error_clear(&err);
    if (mlptrain_comm_start(&argc, &argv, &err))
        return cli_report(prog, &err);
    /* Standard output checked before the ranks agree on the status, closed after. */
    return cli_exit(prog, mlptrain_comm_end(cli_check_stdout(prog, run(argc, argv))));
}
