/* SPDX-License-Identifier: MIT */
/* mlptrain: parses options, then runs the library's data flow
 *   spec -> network -> data -> pre-flight check -> train loop -> diagnosis
 *   -> weights file (with its provenance) + loss log (+ trace)
 * or, with --gradcheck, --check or --lr-scan, that tool alone. All real
 * work is in libmlp. */
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mlp/blas.h"
#include "fileio.h"
#include "gemm.h"
#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/diagnose.h"
#include "mlp/finding.h"
#include "mlp/gradcheck.h"
#include "mlp/losslog.h"
#include "mlp/lrscan.h"
#include "mlp/mlp.h"
#include "mlp/pool.h"
#include "mlp/preflight.h"
#include "mlp/spec.h"
#include "mlp/trace.h"
#include "mlp/train.h"
#include "mlp/weights.h"
#include "rng.h"
#include "sha256.h"

static const char *const prog = "mlptrain";

/* Rows the gradient check uses from a config's training data, spread evenly. */
#define GRADCHECK_ROWS 64
/* Entries of each W and b the check compares, spread evenly (all when fewer). */
#define GRADCHECK_PARAMS 4096
/* A restart whose kept loss is within 2% of its way down from its initial loss
 * to the best run's loss counts as reaching the best: on XOR this separates
 * the runs that learn (loss ~1e-3 from ~0.7) from those stuck at a plateau
 * (~0.35) with room to spare. */
#define DEFAULT_RESTART_MARGIN 0.02
#define MAX_RESTARTS 100000
/* The training CSV's bytes are kept for the pre-flight check's cell columns
 * up to this size; a larger file's findings give the line only, and the
 * memory of its text is not held next to its table. */
#define PREFLIGHT_TEXT_MAX ((size_t)64 << 20)

static void usage(void)
{
    printf("Usage: mlptrain [--config SPEC.json] [options]\n"
           "       mlptrain --gradcheck [--config SPEC.json] [--tolerance X]\n"
           "\n"
           "Trains a multi-layer perceptron full-batch (gradient descent, momentum, adam\n"
           "or irprop-, chosen in the spec) on the CSV data named in the spec; writes the\n"
           "weights and a per-epoch loss log. Without --config it trains the built-in XOR\n"
           "example.\n"
           "\n"
           "Options (each overrides the spec):\n"
           "  -c, --config FILE        network spec (JSON; see docs/spec.md) [built-in XOR]\n"
           "  -e, --epochs N           number of epochs, the most with early stopping\n"
           "                           [spec \"epochs\", default 1000]\n"
           "  -l, --learning-rate X    step size, finite and > 0 [spec \"learning_rate\", default 0.1,\n"
           "                           adam 0.001; not for irprop-]\n"
           "  -s, --seed N             seed of the weight initialisation [spec \"seed\", default %d]\n"
           "  -r, --restarts N         train N times from seeds derived from the seed, keep the\n"
           "                           best model by validation loss (training loss without a\n"
           "                           validation set) [1]\n"
           "      --restart-margin X   a restart succeeds when it gets within X of the best loss,\n"
           "                           as a fraction of its way down from its initial loss [%g]\n"
           "  -w, --weights FILE       weights output [<spec name>.weights.bin]\n"
           "  -o, --loss-log FILE      per-epoch loss CSV [<spec name>.loss.csv]\n"
           "      --init-weights FILE  start from this weights file (same architecture)\n"
           "  -t, --threads N          threads for reading the CSV, training and BLAS; 1 runs one\n"
           "                           thread [OPENBLAS_NUM_THREADS, else all processors]\n"
           "  -q, --quiet              print errors only\n"
           "      --gradcheck          compare backprop with finite differences and exit\n"
           "      --tolerance X        largest relative error the check accepts [%g]\n"
           "      --check              run the pre-flight check of the spec and data and exit:\n"
           "                           0 when nothing stops training, 2 when something does\n"
           "      --format FMT         output of --check: text or json [text]\n"
           "      --lr-scan LO:HI[:N]  train N copies for a few epochs at rates from LO to HI (log\n"
           "                           grid, same initial weights), print their losses and a\n"
           "                           recommended rate, and exit [N: 3 per factor of 10, plus 1]\n"
           "      --lr-scan-epochs E   epochs per rate of --lr-scan [%d]\n"
           "      --trace FILE         also write every array of one forward and backward pass\n"
           "                           (Z, A, dA, dZ, dW, db, the loss) to FILE, with shapes,\n"
           "                           formulas and the initial weights (docs/trace.md)\n"
           "      --trace-epoch N      the epoch whose pass is traced [1]\n"
           "      --trace-row R        trace training row R (1-based) alone [all rows]\n"
           "      --trace-format F     json, or csv: FILE is then a folder of CSV files [json]\n"
           "  -h, --help               show this help and exit\n"
           "  -V, --version            show the version and exit\n"
           "\n"
           "Before the first epoch a pre-flight check reports what will make training fail\n"
           "or mislead; at the end a diagnosis says what went wrong (docs/diagnostics.md).\n"
           "\n"
           "Exit status: 0 success, 1 training diverged or gradient check failed,\n"
           "2 bad option, spec, data or output path, or a pre-flight error, 3 out of\n"
           "memory, 130 interrupted.\n",
           MLP_SPEC_DEFAULT_SEED, DEFAULT_RESTART_MARGIN, MLP_GRADCHECK_TOLERANCE,
           MLP_LRSCAN_DEFAULT_EPOCHS);
}

typedef struct {
    const char *config;
    const char *weights, *loss_log, *init_weights;
    long epochs, threads, seed, restarts;
    double learning_rate, tolerance, restart_margin;
    int have_epochs, have_seed, have_lr, quiet, gradcheck;
    int check, json;                  /* --check, --format json */
    const char *format;
    const char *lr_scan;              /* --lr-scan text, parsed into scan */
    mlp_lrscan_options scan;
    long lr_scan_epochs;
    const char *trace, *trace_format; /* --trace FILE, --trace-format */
    long trace_epoch, trace_row;      /* 1-based; 0 when not given */
} options;

enum {
    OPT_INIT_WEIGHTS = 256, OPT_GRADCHECK, OPT_TOLERANCE, OPT_RESTART_MARGIN, OPT_CHECK,
    OPT_FORMAT, OPT_LR_SCAN, OPT_LR_SCAN_EPOCHS, OPT_TRACE, OPT_TRACE_EPOCH, OPT_TRACE_ROW,
    OPT_TRACE_FORMAT
};

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
    return -1;
}

/* Returns -1 to go on, else the exit code. */
static int parse_options(int argc, char **argv, options *o, mlp_error *err)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},
        {"epochs", required_argument, NULL, 'e'},
        {"learning-rate", required_argument, NULL, 'l'},
        {"seed", required_argument, NULL, 's'},
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
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":c:e:l:s:r:w:o:t:qhV", longopts, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case 'c': o->config = optarg; break;
        case 'w': o->weights = optarg; break;
        case 'o': o->loss_log = optarg; break;
        case OPT_INIT_WEIGHTS: o->init_weights = optarg; break;
        case 'q': o->quiet = 1; break;
        case OPT_GRADCHECK: o->gradcheck = 1; break;
        case OPT_CHECK: o->check = 1; break;
        case OPT_FORMAT: o->format = optarg; break;
        case OPT_LR_SCAN: o->lr_scan = optarg; break;
        case OPT_TRACE: o->trace = optarg; break;
        case OPT_TRACE_FORMAT: o->trace_format = optarg; break;
        case OPT_LR_SCAN_EPOCHS:
            bad = cli_parse_long("--lr-scan-epochs", optarg, 1, 1000000000L, "20",
                                 &o->lr_scan_epochs, err);
            break;
        case OPT_TRACE_EPOCH:
            bad = cli_parse_long("--trace-epoch", optarg, 1, 1000000000L, "1", &o->trace_epoch, err);
            break;
        case OPT_TRACE_ROW:
            bad = cli_parse_long("--trace-row", optarg, 1, 1000000000L, "1", &o->trace_row, err);
            break;
        case 'e':
            bad = cli_parse_long("--epochs", optarg, 1, 1000000000L, "500", &o->epochs, err);
            o->have_epochs = 1;
            break;
        case 's':
            bad = cli_parse_long("--seed", optarg, 0, 9007199254740992L, "7", &o->seed, err);
            o->have_seed = 1;
            break;
        case 't':
            bad = cli_parse_long("--threads", optarg, 1, 1024, "2", &o->threads, err);
            break;
        case 'r':
            bad = cli_parse_long("--restarts", optarg, 1, MAX_RESTARTS, "20", &o->restarts, err);
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
        case ':':
            return cli_usage_error(prog, "option %s needs a value", argv[optind - 1]);
        default:
            return cli_usage_error(prog, "unknown option \"%s\"", argv[optind - 1]);
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
    if (!o->restarts)
        o->restarts = 1;
    if (!(o->restart_margin > 0))
        o->restart_margin = DEFAULT_RESTART_MARGIN;
    return check_combinations(o, err);
}

/* ---------------------------------------------------------------------------
 * Data: the training set (file or built-in text) and the optional validation set. */

typedef struct {
    mlp_schema schema;
    mlp_dataset train, val;
    int have_val;
    mlp_schema full_schema;  /* with "refit": every row of the training file, normalised */
    mlp_dataset full;        /* with statistics of all its rows, for mlp_train_refit */
    int have_full;
    char *csv_text;        /* the training CSV's bytes, for the pre-flight check; owned */
    size_t csv_len;
    mlp_csv csv;           /* its table */
    mlp_provenance prov;   /* what every weights file of this run records: digests, threads */
} data_sets;

static void data_free(data_sets *d)
{
    mlp_dataset_free(&d->train);
    mlp_dataset_free(&d->val);
    mlp_schema_free(&d->schema);
    mlp_dataset_free(&d->full);
    mlp_schema_free(&d->full_schema);
    mlp_csv_free(&d->csv);
    free(d->csv_text);
    d->csv_text = NULL;
}

/* The training CSV is read once as bytes: they are hashed for the
 * provenance, parsed, and kept for the pre-flight check's cell positions. */
static mlp_status data_load(const mlp_spec *spec, data_sets *d, mlp_error *err)
{
    mlp_status st;
    const char *name = "<built-in xor.csv>";
    if (spec->train_text) {
        d->csv_len = strlen(spec->train_text);
        d->csv_text = malloc(d->csv_len + 1);
        if (!d->csv_text)
            return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory");
        memcpy(d->csv_text, spec->train_text, d->csv_len + 1);
    } else {
        if ((st = mlp_fileio_read_all(spec->train_path, &d->csv_text, &d->csv_len, err)))
            return st;
        name = mlp_fileio_display_name(spec->train_path, 0);
    }
    mlp_sha256_digest(d->csv_text, d->csv_len, d->prov.data_sha256);
    d->prov.has_data_sha256 = 1;
    mlp_csv_options copts = {.threads = (int)d->prov.threads};
    if ((st = mlp_csv_parse_with(d->csv_text, d->csv_len, name, &copts, &d->csv, err)))
        return st;
    if (d->csv_len > PREFLIGHT_TEXT_MAX) {
        free(d->csv_text);
        d->csv_text = NULL;
    }
    st = mlp_dataset_from_csv_split(&d->csv, spec, &d->schema, &d->train, &d->val, err);
    d->have_val = st == MLP_OK && d->val.n_rows > 0;
    /* The spec allows a refit with a validation split only. */
    if (!st && spec->refit && d->have_val) {
        st = mlp_dataset_from_csv(&d->csv, spec, &d->full_schema, &d->full, err);
        d->have_full = st == MLP_OK;
    }
    mlp_csv csv;
    if (st || !spec->validation_path)
        return st;
    st = mlp_csv_read_with(spec->validation_path, &copts, &csv, err);
    if (st)
        return st;
    st = mlp_dataset_with_schema(&csv, &d->schema, 1, &d->val, err);
    mlp_csv_free(&csv);
    d->have_val = st == MLP_OK;
    return st;
}

/* ---------------------------------------------------------------------------
 * The network: from the spec, initialised from the seed or from a weights file. */

static mlp_net *net_build(const mlp_spec *spec, const char *init_weights, mlp_error *err)
{
    mlp_net *net = mlp_net_create(spec->n_layers, spec->sizes, spec->acts, spec->loss, err);
    if (!net)
        return NULL;
    if (!init_weights) {
        mlp_net_init(net, spec->init, spec->seed);
        return net;
    }
    mlp_net *from = NULL;
    mlp_schema schema = {0};
    if (mlp_weights_read(init_weights, &from, &schema, err)) {
        mlp_net_free(net);
        return NULL;
    }
    mlp_schema_free(&schema);
    int same = from->n_layers == net->n_layers;
    for (size_t l = 0; same && l <= net->n_layers; l++)
        same = from->sizes[l] == net->sizes[l] &&
               (l == net->n_layers || from->layers[l].act == net->layers[l].act);
    if (!same) {
        mlp_error_set(err, MLP_ERR_WEIGHTS, init_weights, 0, 0,
                      "the architecture in this weights file differs from the spec's");
        mlp_error_hint(err, "use a weights file trained with the same \"layers\" and \"activations\"");
        mlp_net_free(from);
        mlp_net_free(net);
        return NULL;
    }
    memcpy(net->params, from->params, net->n_params * sizeof *net->params);
    mlp_net_free(from);
    return net;
}

/* ---------------------------------------------------------------------------
 * Findings (pre-flight and diagnosis) on stderr, one line each. */

static void print_finding(FILE *out, const mlp_finding *f)
{
    char line[MLP_ERROR_PATH_MAX + 3 * MLP_ERROR_TEXT_MAX];
    fprintf(out, "%s\n", mlp_finding_format(f, prog, line, sizeof line));
}

/* The diagnosis of one run; NULL when out of memory (the run goes on
 * without it). */
static mlp_diagnose *diagnosis_for(const mlp_spec *spec, const data_sets *d)
{
    const mlp_schema *sc = &d->schema;
    int ln_k = 0;
    mlp_diagnose_options o = {
        .learning_rate = spec->learning_rate,
        .chance_loss = mlp_diagnose_chance(spec->loss, d->train.Y, d->train.n_rows,
                                           d->train.n_outputs, &ln_k),
        .n_classes = sc->n_labels,
        .labels = sc->labels,
        .n_labels = sc->n_labels,
    };
    o.chance_is_ln_k = ln_k;
    return mlp_diagnose_create(&o, NULL);
}

/* The end-of-run diagnosis, after what the run printed during training
 * (loss-exploding, said at once, is not repeated). net NULL: the run
 * diverged and only its loss curve is judged. */
static void print_diagnosis(mlp_diagnose *diag, const mlp_net *net, const mlp_dataset *train,
                            int quiet, int said_early)
{
    if (!diag || quiet)
        return;
    mlp_findings f;
    mlp_findings_init(&f);
    mlp_error err;
    if (mlp_diagnose_finish(diag, net, train, &f, &err) == MLP_OK)
        for (size_t i = 0; i < f.n; i++)
            if (!(said_early && strcmp(f.items[i].code, "loss-exploding") == 0))
                print_finding(stderr, &f.items[i]);
    mlp_findings_free(&f);
}

/* ---------------------------------------------------------------------------
 * The trace of one epoch's pass (--trace). */

typedef struct {
    const char *path;
    int csv;                 /* --trace-format csv: path is a folder */
    long epoch;              /* 1-based */
    long row;                /* 0-based training row, or -1 for all */
    const double *initial;   /* the initial weights, net->n_params */
    int written;
} trace_request;

static mlp_status write_trace(trace_request *t, const mlp_net *net, const mlp_dataset *train,
                              mlp_error *err)
{
    mlp_trace tr;
    mlp_trace_options o = {.epoch = t->epoch, .row = t->row, .initial = t->initial};
    mlp_status st = mlp_trace_run(net, train->X, train->Y, train->n_rows, &o, &tr, err);
    if (st)
        return st;
    if (t->csv) {
        st = mlp_trace_write_csv(&tr, t->path, err);
    } else {
        mlp_atomic_file af;
        st = mlp_fileio_atomic_open(&af, t->path, err);
        if (!st && (st = mlp_trace_write_json(&tr, af.fp, err))) {
            mlp_fileio_atomic_abort(&af);
            snprintf(err->path, sizeof err->path, "%s", t->path);
        } else if (!st) {
            st = mlp_fileio_atomic_commit(&af, err);
        }
    }
    mlp_trace_free(&tr);
    t->written = st == MLP_OK;
    return st;
}

/* ---------------------------------------------------------------------------
 * Training. */

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

typedef struct {
    mlp_losslog *log;
    long epochs;
    int quiet;
    mlp_diagnose *diag;        /* or NULL */
    int said_early;            /* a diagnosis was printed during the run */
    int refitting;             /* the epochs are those of a refit */
    trace_request *trace;      /* or NULL */
    const mlp_net *net;        /* for the trace */
    const mlp_dataset *train;
} train_ctx;

static mlp_status on_epoch(void *ctx_, const mlp_epoch_stats *s, mlp_error *err)
{
    train_ctx *ctx = ctx_;
    mlp_status st = mlp_losslog_append(ctx->log, s, err);
    long every = ctx->epochs >= 10 ? ctx->epochs / 10 : 1;
    if (!ctx->quiet && (s->epoch % every == 0 || s->epoch == 1)) {
        printf("%sepoch %*ld  loss %.6g", ctx->refitting ? "refit " : "",
               1 + (int)log10((double)ctx->epochs), s->epoch, s->loss);
        if (!isnan(s->accuracy))
            printf("  accuracy %.2f%%", 100 * s->accuracy);
        if (!isnan(s->val_loss))
            printf("  val_loss %.6g", s->val_loss);
        if (!isnan(s->val_accuracy))
            printf("  val_accuracy %.2f%%", 100 * s->val_accuracy);
        putchar('\n');
    }
    /* The diagnosis and the trace are of the early-stopped run. */
    if (ctx->diag && !ctx->refitting) {
        const mlp_finding *f = mlp_diagnose_epoch(ctx->diag, s);
        if (f && !ctx->quiet) {
            fflush(stdout);
            print_finding(stderr, f);
            ctx->said_early = 1;
        }
    }
    /* The net now holds the weights epoch s->epoch + 1 starts from. */
    if (!st && ctx->trace && !ctx->refitting && !ctx->trace->written && s->epoch + 1 == ctx->trace->epoch)
        st = write_trace(ctx->trace, ctx->net, ctx->train, err);
    return st;
}

/* Fails early, before any epoch, when an output could not be written later. */
static mlp_status check_writable(const char *path, mlp_error *err)
{
    mlp_atomic_file af;
    mlp_status st = mlp_fileio_atomic_open(&af, path, err);
    if (st == MLP_OK)
        mlp_fileio_atomic_abort(&af);
    return st;
}

/* What every run of one invocation shares. */
typedef struct {
    const mlp_spec *spec;
    const data_sets *d;
    mlp_losslog_columns cols;
    mlp_optimizer_options optimizer;
    mlp_train_options topts;  /* on_epoch and ctx are set per run; optimizer points into a
                                 copy of this struct, so set it again where the copy lives */
} train_plan;

static train_plan plan_training(const mlp_spec *spec, const data_sets *d)
{
    train_plan t = {.spec = spec, .d = d};
    t.cols = (mlp_losslog_columns){.classify = d->schema.n_labels > 0, .validation = d->have_val,
                                   .best_epoch = spec->patience > 0, .refit = spec->refit};
    t.optimizer = spec->optimizer;
    t.optimizer.learning_rate = spec->learning_rate;
    t.topts = (mlp_train_options){
        .learning_rate = spec->learning_rate,
        .epochs = spec->epochs,
        .classify = t.cols.classify,
        .validation = d->have_val ? &d->val : NULL,
        .interrupted = &interrupted,
        .optimizer = NULL,
        .l2 = spec->l2,
        .patience = spec->patience,
        .min_delta = spec->min_delta,
        .threads = (int)d->prov.threads,
    };
    return t;
}

/* One training run into a fresh loss log (*log, not yet committed: the
 * caller commits or aborts it). ctx holds the run's diagnosis and trace. */
static mlp_status run_once(train_plan *t, mlp_net *net, train_ctx *ctx, mlp_losslog **log,
                           mlp_train_result *res, mlp_error *err)
{
    *log = mlp_losslog_open_columns(t->spec->loss_path, &t->cols, err);
    if (!*log)
        return err->code;
    ctx->log = *log;
    ctx->epochs = t->spec->epochs;
    ctx->net = net;
    ctx->train = &t->d->train;
    mlp_train_options topts = t->topts;
    topts.optimizer = &t->optimizer;
    topts.on_epoch = on_epoch;
    topts.ctx = ctx;
    return mlp_train_run(net, &t->d->train, &topts, res, err);
}

/* What the refit of an early-stopped run did (docs/optimizers.md). */
typedef struct {
    int asked;               /* the spec has "refit": true */
    int ran;                 /* net holds the refit's weights (schema: d->full_schema) */
    long epochs;             /* mlp_train_refit_epochs of the run: 0 when nothing to repeat */
    mlp_train_result res;    /* the refit's figures, when it ran */
} refit_outcome;

/* After an early-stopped run that ended normally (net holds its best
 * weights, stopped its figures): retrains from `initial` on every row of
 * the training file into the same loss log. When it is interrupted, net
 * gets the early-stopped weights back, which are then the ones written;
 * when it diverges, nothing is to be written. */
static mlp_status run_refit(train_plan *t, mlp_net *net, const double *initial, train_ctx *ctx,
                            const mlp_train_result *stopped, refit_outcome *out, mlp_error *err)
{
    *out = (refit_outcome){.asked = 1, .epochs = mlp_train_refit_epochs(stopped)};
    if (out->epochs < 1)
        return MLP_OK;
    double *stopped_params = malloc(net->n_params * sizeof *stopped_params);
    if (!stopped_params)
        return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the refit");
    memcpy(stopped_params, net->params, net->n_params * sizeof *net->params);
    ctx->epochs = out->epochs;
    ctx->refitting = 1;
    mlp_losslog_begin_refit(ctx->log);
    mlp_train_options topts = t->topts;
    topts.optimizer = &t->optimizer;
    topts.on_epoch = on_epoch;
    topts.ctx = ctx;
    mlp_status st = mlp_train_refit(net, initial, &t->d->full, &topts, stopped, &out->res, err);
    out->ran = st == MLP_OK;
    if (st == MLP_ERR_INTERRUPTED) {
        memcpy(net->params, stopped_params, net->n_params * sizeof *net->params);
        mlp_error_hint(err, "the outputs hold the early-stopped weights of epoch %ld",
                       stopped->best_epoch);
    } else if (st == MLP_ERR_DIVERGED) {
        mlp_error_hint(err, "the refit repeats the %ld epochs of the early-stopped run on all "
                            "rows; remove \"refit\" to keep the early-stopped weights",
                       out->epochs);
    }
    free(stopped_params);
    return st;
}

/* The loss a run is judged by: that of the weights it returns, on the
 * validation set when there is one. */
static double kept_loss(const mlp_train_result *r, int validation)
{
    return validation ? r->final_val_loss : r->final_loss;
}

/* The end summary of a run; refit NULL or not asked: none was. */
static void print_summary(const train_plan *t, const mlp_train_result *res,
                          const refit_outcome *refit)
{
    const mlp_dataset *train = &t->d->train;
    double per_epoch = res->epochs_run ? res->seconds / (double)res->epochs_run : 0.0;
    printf("trained %ld epochs in %.3f s (%.3g ms/epoch); final loss %.6g", res->epochs_run,
           res->seconds, 1e3 * per_epoch, res->final_loss);
    if (!isnan(res->final_accuracy))
        printf(", accuracy %.2f%% (%.0f/%zu)", 100 * res->final_accuracy,
               res->final_accuracy * (double)train->n_rows, train->n_rows);
    putchar('\n');
    if (t->d->have_val) {
        const mlp_dataset *val = &t->d->val;
        printf("validation (%zu rows): loss %.6g", val->n_rows, res->final_val_loss);
        if (!isnan(res->final_val_accuracy))
            printf(", accuracy %.2f%% (%.0f/%zu)", 100 * res->final_val_accuracy,
                   res->final_val_accuracy * (double)val->n_rows, val->n_rows);
        printf("; best validation loss %.6g at epoch %ld\n", res->best_loss, res->best_epoch);
    }
    if (res->stopped_early)
        printf("stopped early at epoch %ld: no new best for %ld epochs\n", res->epochs_run,
               t->spec->patience);
    if (res->restored && !(refit && refit->ran))
        printf("kept the weights of epoch %ld (the weights its loss-log row was computed on)\n",
               res->best_epoch);
    if (!refit || !refit->asked)
        return;
    if (!refit->ran) {
        printf("no refit: the best epoch is %ld, the initial weights, so there is no update to "
               "repeat\n", res->best_epoch);
        return;
    }
    const mlp_train_result *r = &refit->res;
    const mlp_dataset *full = &t->d->full;
    printf("refit: trained %ld epochs (the updates of best epoch %ld) from the same initial "
           "weights on all %zu rows in %.3f s; final loss %.6g",
           r->epochs_run, res->best_epoch, full->n_rows, r->seconds, r->final_loss);
    if (!isnan(r->final_accuracy))
        printf(", accuracy %.2f%% (%.0f/%zu)", 100 * r->final_accuracy,
               r->final_accuracy * (double)full->n_rows, full->n_rows);
    printf("; these weights are written\n");
}

/* The provenance of the weights a run returns: the run's digests and
 * threads, its seed and its figures. */
static mlp_provenance provenance_of(const data_sets *d, uint64_t seed, const mlp_train_result *res)
{
    mlp_provenance p = d->prov;
    p.seed = seed;
    p.epochs_run = res->epochs_run > 0 ? (uint64_t)res->epochs_run : 0;
    p.best_epoch = res->best_epoch > 0 ? (uint64_t)res->best_epoch : 0;
    p.best_loss = res->best_loss;
    p.final_loss = res->final_loss;
    p.has_training = isfinite(p.best_loss) && p.best_loss >= 0 && isfinite(p.final_loss) &&
                     p.final_loss >= 0 && p.best_epoch <= p.epochs_run;
    return p;
}

/* Commits the log and, unless the run diverged, writes the weights. */
static int write_outputs(const mlp_spec *spec, const mlp_schema *schema, const mlp_net *net,
                         mlp_losslog *log, int diverged, const mlp_provenance *prov)
{
    mlp_error werr;
    mlp_error_clear(&werr);
    /* A diverged net is never saved; the log is, to show where it went wrong. */
    if (!diverged &&
        mlp_weights_write_provenance(spec->weights_path, net, schema, prov, &werr)) {
        mlp_losslog_abort(log);
        return cli_report(prog, &werr);
    }
    if (mlp_losslog_commit(log, &werr))
        return cli_report(prog, &werr);
    return MLP_EXIT_OK;
}

static mlp_status check_outputs(const mlp_spec *spec, mlp_error *err)
{
    if (strcmp(spec->weights_path, spec->loss_path) == 0) {
        mlp_error_set(err, MLP_ERR_USAGE, spec->weights_path, 0, 0,
                      "the weights and the loss log would be written to the same file");
        mlp_error_hint(err, "give --weights and --loss-log different paths");
        return MLP_ERR_USAGE;
    }
    return check_writable(spec->weights_path, err);
}

static int train(const mlp_spec *spec, const options *o, mlp_net *net, data_sets *d)
{
    mlp_error err;
    mlp_error_clear(&err);
    if (check_outputs(spec, &err) ||
        (o->trace && !o->trace_format && check_writable(o->trace, &err)))
        return cli_report(prog, &err);
    train_plan t = plan_training(spec, d);
    mlp_losslog *log = NULL;
    mlp_train_result res;
    train_ctx ctx = {.quiet = o->quiet, .diag = diagnosis_for(spec, d)};
    trace_request tr = {0};
    refit_outcome refit = {0};
    double *initial = NULL;
    int rc = MLP_EXIT_OK;
    /* The trace and the refit start from the initial weights again. */
    if (o->trace || spec->refit) {
        initial = malloc(net->n_params * sizeof *initial);
        if (!initial) {
            mlp_error_set(&err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for a copy of the "
                                                            "initial weights");
            rc = cli_report(prog, &err);
            goto out;
        }
        memcpy(initial, net->params, net->n_params * sizeof *initial);
    }
    if (o->trace) {
        tr = (trace_request){.path = o->trace, .epoch = o->trace_epoch,
                             .row = o->trace_row ? o->trace_row - 1 : -1, .initial = initial,
                             .csv = o->trace_format && strcmp(o->trace_format, "csv") == 0};
        ctx.trace = &tr;
        if (tr.epoch == 1 && write_trace(&tr, net, &d->train, &err)) {
            rc = cli_report(prog, &err);
            goto out;
        }
    }
    struct sigaction sa = {.sa_handler = on_sigint};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    mlp_status st = run_once(&t, net, &ctx, &log, &res, &err);
    if (log && st == MLP_OK && d->have_full)
        st = run_refit(&t, net, initial, &ctx, &res, &refit, &err);
    signal(SIGINT, SIG_DFL);
    if (!log) {
        rc = cli_report(prog, &err);
        goto out;
    }
    if (st != MLP_OK && st != MLP_ERR_INTERRUPTED && st != MLP_ERR_DIVERGED) {
        mlp_losslog_abort(log);
        rc = cli_report(prog, &err);
        goto out;
    }
    mlp_provenance prov = provenance_of(d, spec->seed, refit.ran ? &refit.res : &res);
    rc = write_outputs(spec, refit.ran ? &d->full_schema : &d->schema, net, log,
                       st == MLP_ERR_DIVERGED, &prov);
    if (rc)
        goto out;
    if (!o->quiet && st == MLP_OK) {
        print_summary(&t, &res, &refit);
        printf("wrote %s and %s\n", spec->weights_path, spec->loss_path);
        if (tr.written)
            printf("wrote the trace of epoch %ld to %s\n", tr.epoch, tr.path);
    }
    fflush(stdout);
    print_diagnosis(ctx.diag, st == MLP_ERR_DIVERGED ? NULL : net,
                    refit.ran ? &d->full : &d->train, o->quiet, ctx.said_early);
    if (o->trace && !tr.written && !o->quiet)
        fprintf(stderr, "%s: warning: the run ended after epoch %ld, before epoch %ld: no trace "
                        "was written\n",
                prog, res.epochs_run, tr.epoch);
    if (st)
        rc = cli_report(prog, &err);
out:
    mlp_diagnose_free(ctx.diag);
    free(initial);
    return rc;
}

/* ---------------------------------------------------------------------------
 * Restarts: N runs, run 1 from the spec's seed, run k > 1 from the k-1-th
 * number of the generator seeded with it (cut to 53 bits, so `--seed` can
 * repeat any one run). The run with the lowest kept loss is written, and
 * diagnosed. */

static uint64_t restart_seed(uint64_t seed, long run)
{
    mlp_rng rng;
    mlp_rng_seed(&rng, seed);
    uint64_t s = seed;
    for (long k = 1; k < run; k++)
        s = mlp_rng_next(&rng) >> 11;
    return s;
}

typedef struct {
    uint64_t seed;
    int ok;                 /* finished (or was interrupted) without diverging */
    double kept, initial;   /* kept_loss and the initial loss of the same set */
    mlp_train_result res;
} restart_run;

static void print_restarts(const train_plan *t, const restart_run *runs, long n, long best,
                           double margin)
{
    const char *what = t->d->have_val ? "val_loss" : "loss";
    long reached = 0;
    double goal = runs[best].kept;
    for (long k = 0; k < n; k++) {
        const restart_run *r = &runs[k];
        int hit = r->ok && r->kept <= goal + margin * fmax(r->initial - goal, 0.0);
        reached += hit;
        printf("run %*ld  seed %-16llu  ", 1 + (int)log10((double)n), k + 1,
               (unsigned long long)r->seed);
        if (!r->ok) {
            printf("diverged\n");
            continue;
        }
        printf("epochs %-6ld best epoch %-6ld %s %.6g (from %.6g)%s%s\n", r->res.epochs_run,
               r->res.best_epoch, what, r->kept, r->initial, hit ? "  reached" : "",
               k == best ? "  <- kept" : "");
    }
    printf("%ld of %ld runs reached the best %s %.6g (within %g of their way down from the "
           "initial loss)\n",
           reached, n, what, goal, margin);
}

static int train_restarts(const mlp_spec *spec, const options *o, mlp_net *net, data_sets *d)
{
    mlp_error err;
    mlp_error_clear(&err);
    if (check_outputs(spec, &err))
        return cli_report(prog, &err);
    train_plan t = plan_training(spec, d);
    long n = o->restarts;
    restart_run *runs = calloc((size_t)n, sizeof *runs);
    double *best_params = malloc(net->n_params * sizeof *best_params);
    double *initial = malloc(net->n_params * sizeof *initial);
    refit_outcome refit = {0};
    mlp_losslog *best_log = NULL, *log = NULL;
    mlp_diagnose *best_diag = NULL, *diag = NULL;
    long best = -1, done = 0;
    mlp_status st = MLP_OK;
    struct sigaction sa = {.sa_handler = on_sigint};
    int rc = MLP_EXIT_OK;
    if (!runs || !best_params || !initial) {
        mlp_error_set(&err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for %ld restarts", n);
        rc = cli_report(prog, &err);
        goto out;
    }
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    for (long k = 0; k < n; k++) {
        restart_run *r = &runs[k];
        r->seed = restart_seed(spec->seed, k + 1);
        mlp_net_init(net, spec->init, r->seed);
        diag = diagnosis_for(spec, d);
        train_ctx ctx = {.quiet = 1, .diag = diag};
        st = run_once(&t, net, &ctx, &log, &r->res, &err);
        if (!log || (st != MLP_OK && st != MLP_ERR_INTERRUPTED && st != MLP_ERR_DIVERGED)) {
            rc = cli_report(prog, &err);
            goto out;
        }
        done = k + 1;
        r->ok = st != MLP_ERR_DIVERGED;
        r->kept = kept_loss(&r->res, d->have_val);
        r->initial = r->res.initial_loss;
        if (r->ok && (best < 0 || r->kept < runs[best].kept)) {
            best = k;
            memcpy(best_params, net->params, net->n_params * sizeof *net->params);
            mlp_losslog_abort(best_log);
            best_log = log;
            mlp_diagnose_free(best_diag);
            best_diag = diag;
        } else if (best >= 0 || k + 1 < n) {
            mlp_losslog_abort(log);
            mlp_diagnose_free(diag);
        } else {
            best_log = log; /* every run diverged: keep the last log, as a single run does */
            mlp_diagnose_free(diag);
        }
        log = NULL;
        diag = NULL;
        if (st == MLP_ERR_INTERRUPTED) {
            mlp_error_hint(&err, "the outputs hold the best of the %ld runs so far", done);
            break;
        }
    }
    if (best >= 0)
        memcpy(net->params, best_params, net->n_params * sizeof *net->params);
    /* The kept run alone is refitted, from its own initial weights: the
     * runs are compared on the held-out rows, before any refit sees them. */
    mlp_status refit_st = MLP_OK;
    if (best >= 0 && st != MLP_ERR_INTERRUPTED && d->have_full) {
        mlp_net_init(net, spec->init, runs[best].seed);
        memcpy(initial, net->params, net->n_params * sizeof *net->params);
        memcpy(net->params, best_params, net->n_params * sizeof *net->params);
        train_ctx ctx = {.quiet = 1, .log = best_log};
        refit_st = run_refit(&t, net, initial, &ctx, &runs[best].res, &refit, &err);
        if (refit_st != MLP_OK && refit_st != MLP_ERR_INTERRUPTED &&
            refit_st != MLP_ERR_DIVERGED) {
            rc = cli_report(prog, &err);
            goto out;
        }
    }
    signal(SIGINT, SIG_DFL);
    mlp_provenance prov = provenance_of(d, best >= 0 ? runs[best].seed : spec->seed,
                                        refit.ran    ? &refit.res
                                        : best >= 0 ? &runs[best].res
                                                     : &runs[0].res);
    rc = write_outputs(spec, refit.ran ? &d->full_schema : &d->schema, net, best_log,
                       best < 0 || refit_st == MLP_ERR_DIVERGED, &prov);
    best_log = NULL;
    if (rc)
        goto out;
    if (best < 0 || st == MLP_ERR_INTERRUPTED || refit_st != MLP_OK) {
        rc = cli_report(prog, &err);
        goto out;
    }
    if (!o->quiet) {
        print_restarts(&t, runs, done, best, o->restart_margin);
        printf("kept run %ld (seed %llu): ", best + 1, (unsigned long long)runs[best].seed);
        print_summary(&t, &runs[best].res, &refit);
        printf("wrote %s and %s\n", spec->weights_path, spec->loss_path);
        fflush(stdout);
    }
    print_diagnosis(best_diag, net, refit.ran ? &d->full : &d->train, o->quiet, 0);
out:
    signal(SIGINT, SIG_DFL);
    mlp_losslog_abort(log);
    mlp_losslog_abort(best_log);
    mlp_diagnose_free(diag);
    mlp_diagnose_free(best_diag);
    free(initial);
    free(best_params);
    free(runs);
    return rc;
}

/* ---------------------------------------------------------------------------
 * Gradient check. */

static void print_report(const mlp_gradcheck_report *r)
{
    for (size_t l = 0; l < r->n_layers; l++) {
        const mlp_gradcheck_layer *L = &r->layers[l];
        printf("  layer %zu: max rel error W %.3e  b %.3e  (%zu checked", l + 1, L->max_rel_W,
               L->max_rel_b, L->checked);
        if (L->skipped)
            printf(", %zu skipped at a relu kink", L->skipped);
        printf(")\n");
    }
}

static int gradcheck_builtin(const options *o, double tol)
{
    mlp_gradcheck_case cases[MLP_GRADCHECK_MAX_CASES];
    size_t n = 0;
    mlp_error err;
    mlp_error_clear(&err);
    mlp_gradcheck_options gopts = {.tolerance = tol};
    uint64_t seed = o->have_seed ? (uint64_t)o->seed : MLP_SPEC_DEFAULT_SEED;
    mlp_status st = mlp_gradcheck_all(seed, &gopts, cases, &n, &err);
    if (!o->quiet) {
        printf("gradient check: %zu combinations of hidden/output activation and loss, "
               "3-5-4-3 network, %d rows, tolerance %g\n",
               n, MLP_GRADCHECK_ALL_ROWS, tol);
        for (size_t i = 0; i < n; i++) {
            const mlp_gradcheck_case *c = &cases[i];
            char name[96];
            snprintf(name, sizeof name, "%s/%s/%s", mlp_activation_name(c->hidden),
                     mlp_activation_name(c->output), mlp_loss_name(c->loss));
            printf("%-40s worst %.3e  %s\n", name, c->report.worst,
                   c->report.worst < tol ? "ok" : "FAIL");
            print_report(&c->report);
        }
    }
    if (st)
        return cli_report(prog, &err);
    if (!o->quiet)
        printf("all %zu combinations pass\n", n);
    return MLP_EXIT_OK;
}

static int gradcheck_config(const mlp_spec *spec, mlp_net *net, const data_sets *d, double tol,
                            int quiet)
{
    size_t N = d->train.n_rows < GRADCHECK_ROWS ? d->train.n_rows : GRADCHECK_ROWS;
    size_t n_in = d->train.n_features, n_out = d->train.n_outputs;
    mlp_error err;
    mlp_error_clear(&err);
    double *X = malloc(N * n_in * sizeof *X);
    double *T = malloc(N * n_out * sizeof *T);
    mlp_workspace *ws = mlp_workspace_create(net, N, &err);
    int rc;
    if (!X || !T || !ws) {
        mlp_error_set(&err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the gradient check");
        rc = cli_report(prog, &err);
        goto out;
    }
    for (size_t k = 0; k < N; k++) {
        size_t r = k * d->train.n_rows / N;
        memcpy(X + k * n_in, d->train.X + r * n_in, n_in * sizeof *X);
        memcpy(T + k * n_out, d->train.Y + r * n_out, n_out * sizeof *T);
    }
    mlp_gradcheck_options gopts = {.max_params_per_tensor = GRADCHECK_PARAMS, .tolerance = tol,
                                   .l2 = spec->l2};
    mlp_gradcheck_report rep;
    mlp_status st = mlp_gradcheck_run(net, ws, X, T, N, &gopts, &rep, &err);
    if (!quiet) {
        printf("gradient check of %s on %zu rows: worst relative error %.3e (tolerance %g), "
               "gradient norm %.3e\n",
               spec->path, N, rep.worst, tol, rep.grad_norm);
        print_report(&rep);
    }
    if (st) {
        rc = cli_report(prog, &err);
        goto out;
    }
    if (!quiet)
        printf("ok\n");
    rc = MLP_EXIT_OK;
out:
    mlp_workspace_free(ws);
    free(X);
    free(T);
    return rc;
}

/* ---------------------------------------------------------------------------
 * The pre-flight check: before every training run (findings on stderr, an
 * error stops it), before a scan (without its learning-rate trial), and alone
 * with --check (findings on stdout, as text or JSON). Returns -1 to go on,
 * else the exit code. */

static int preflight(const options *o, const mlp_spec *spec, data_sets *d, const mlp_net *net)
{
    mlp_error err;
    mlp_error_clear(&err);
    train_plan t = plan_training(spec, d);
    t.topts.optimizer = &t.optimizer;
    /* With a validation split the data checks look at the whole file and
     * the trial trains on the rows training will use. */
    mlp_schema full_schema = {0};
    mlp_dataset full = {0};
    const mlp_schema *schema = &d->schema;
    const mlp_dataset *data = &d->train;
    mlp_status st = MLP_OK;
    if (spec->validation_split > 0) {
        st = mlp_dataset_from_csv(&d->csv, spec, &full_schema, &full, &err);
        schema = &full_schema;
        data = &full;
    }
    mlp_preflight_input in = {
        .spec = spec,
        .csv = &d->csv,
        .csv_text = d->csv_text,
        .csv_len = d->csv_len,
        .schema = schema,
        .data = data,
        .trial_data = &d->train,
        .net = net,
        /* irprop- has no learning rate to try. */
        .train = o->lr_scan || !(mlp_optimizer_info_of(spec->optimizer.kind)->flags &
                                 MLP_OPT_FLAG_LEARNING_RATE)
                     ? NULL
                     : &t.topts,
        .lr_option = o->have_lr ? "--learning-rate" : NULL,
    };
    mlp_findings f;
    mlp_findings_init(&f);
    if (!st)
        st = mlp_preflight_run(&in, &f, &err);
    mlp_dataset_free(&full);
    mlp_schema_free(&full_schema);
    int rc = -1;
    size_t errors = mlp_findings_count(&f, MLP_SEVERITY_ERROR);
    if (st) {
        rc = cli_report(prog, &err);
    } else if (o->check && o->json) {
        if (mlp_findings_write_json(&f, stdout, &err))
            rc = cli_report(prog, &err);
    } else if (o->check) {
        for (size_t i = 0; i < f.n; i++)
            print_finding(stdout, &f.items[i]);
        size_t warnings = f.n - errors;
        if (f.n)
            printf("check: %zu error%s, %zu warning%s\n", errors, errors == 1 ? "" : "s",
                   warnings, warnings == 1 ? "" : "s");
        else
            printf("check: no problems found\n");
    } else {
        for (size_t i = 0; i < f.n; i++)
            if (f.items[i].severity == MLP_SEVERITY_ERROR || !o->quiet)
                print_finding(stderr, &f.items[i]);
    }
    if (rc < 0 && errors)
        rc = MLP_EXIT_BAD_INPUT;
    else if (rc < 0 && o->check)
        rc = MLP_EXIT_OK;
    mlp_findings_free(&f);
    return rc;
}

/* --lr-scan: the trials and their table on stdout; no file is written. */
static int lr_scan(const options *o, const mlp_spec *spec, const mlp_net *net, const data_sets *d)
{
    mlp_error err;
    mlp_error_clear(&err);
    train_plan t = plan_training(spec, d);
    t.topts.optimizer = &t.optimizer;
    t.topts.interrupted = NULL;
    mlp_lrscan_result *r = malloc(sizeof *r);
    if (!r) {
        mlp_error_set(&err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the scan");
        return cli_report(prog, &err);
    }
    int rc = MLP_EXIT_OK;
    if (mlp_lrscan_run(net, &d->train, &t.topts, &o->scan, r, &err) ||
        mlp_lrscan_write(stdout, &o->scan, r, &err))
        rc = cli_report(prog, &err);
    free(r);
    return rc;
}

/* The spec's bytes, for its digest and the positions of the pre-flight
 * check: the file as it was loaded, or the built-in text. */
static mlp_status spec_bytes(const options *o, char **text, size_t *len, mlp_error *err)
{
    if (o->config)
        return mlp_fileio_read_all(o->config, text, len, err);
    const char *json = mlp_spec_builtin_xor_json();
    *len = strlen(json);
    *text = malloc(*len + 1);
    if (!*text)
        return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory");
    memcpy(*text, json, *len + 1);
    return MLP_OK;
}

/* ---------------------------------------------------------------------------
 * Options over the spec. The seed is applied after the data are read: a
 * validation split is drawn from the spec's own seed, so that --seed (and
 * each restart) changes the initial weights only and is compared on the
 * same validation rows. */

static mlp_status apply_options(mlp_spec *spec, const options *o, mlp_error *err)
{
    if (o->have_epochs)
        spec->epochs = o->epochs;
    if (o->have_lr &&
        !(mlp_optimizer_info_of(spec->optimizer.kind)->flags & MLP_OPT_FLAG_LEARNING_RATE)) {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                      "--learning-rate is not used by optimizer \"irprop-\"");
        mlp_error_hint(err, "irprop- adapts a step size per weight; set \"delta0\" in the "
                            "spec's \"optimizer\" instead");
        return MLP_ERR_USAGE;
    }
    if (o->have_lr)
        spec->learning_rate = o->learning_rate;
    char *w = o->weights ? strdup(o->weights) : NULL;
    char *l = o->loss_log ? strdup(o->loss_log) : NULL;
    if ((o->weights && !w) || (o->loss_log && !l)) {
        free(w);
        free(l);
        return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    if (w) {
        free(spec->weights_path);
        spec->weights_path = w;
    }
    if (l) {
        free(spec->loss_path);
        spec->loss_path = l;
    }
    return MLP_OK;
}

/* --------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    mlp_blas_init(argv); /* first: may re-execute on a better BLAS core (mlp/blas.h) */
    options o = {0};
    mlp_error err;
    mlp_error_clear(&err);
    int rc = parse_options(argc, argv, &o, &err);
    if (rc >= 0)
        return rc;
    /* The one thread count of the run: BLAS, CSV parsing, lanes, provenance. */
    int threads = mlp_pool_set_blas_threads(o.threads ? (int)o.threads : mlp_pool_default_threads());
    double tol = o.tolerance > 0 ? o.tolerance : MLP_GRADCHECK_TOLERANCE;
    if (o.gradcheck && !o.config)
        return gradcheck_builtin(&o, tol);

    mlp_spec spec = {0};
    data_sets d = {0};
    mlp_net *net = NULL;
    char *spec_text = NULL;
    size_t spec_len = 0;
    mlp_status st = o.config ? mlp_spec_load(o.config, &spec, &err) : mlp_spec_builtin_xor(&spec, &err);
    if (!st)
        st = spec_bytes(&o, &spec_text, &spec_len, &err);
    if (!st) {
        mlp_provenance_init(&d.prov);
        mlp_sha256_digest(spec_text, spec_len, d.prov.spec_sha256);
        d.prov.has_spec_sha256 = 1;
        d.prov.threads = (uint32_t)threads;
        st = apply_options(&spec, &o, &err);
    }
    if (!st)
        st = data_load(&spec, &d, &err);
    if (o.have_seed)
        spec.seed = (uint64_t)o.seed;
    if (st || !(net = net_build(&spec, o.init_weights, &err))) {
        rc = cli_report(prog, &err);
        goto out;
    }
    if (o.trace && o.trace_epoch > spec.epochs) {
        rc = cli_usage_error(prog, "--trace-epoch %ld is after the last epoch, %ld", o.trace_epoch,
                             spec.epochs);
        goto out;
    }
    if (o.trace_row && (size_t)o.trace_row > d.train.n_rows) {
        rc = cli_usage_error(prog, "--trace-row %ld is out of range: training has %zu rows",
                             o.trace_row, d.train.n_rows);
        goto out;
    }
    if (o.gradcheck) {
        rc = gradcheck_config(&spec, net, &d, tol, o.quiet);
        goto out;
    }
    if (o.lr_scan &&
        !(mlp_optimizer_info_of(spec.optimizer.kind)->flags & MLP_OPT_FLAG_LEARNING_RATE)) {
        rc = cli_usage_error(prog, "--lr-scan tries learning rates, which optimizer \"irprop-\" "
                                   "does not use");
        goto out;
    }
    rc = preflight(&o, &spec, &d, net);
    if (rc >= 0 || o.check)
        goto out;
    /* The table and its text were kept for the check only. */
    mlp_csv_free(&d.csv);
    free(d.csv_text);
    d.csv_text = NULL;
    if (o.lr_scan)
        rc = lr_scan(&o, &spec, net, &d);
    else if (o.restarts > 1)
        rc = train_restarts(&spec, &o, net, &d);
    else
        rc = train(&spec, &o, net, &d);
out:
    free(spec_text);
    mlp_net_free(net);
    data_free(&d);
    mlp_spec_free(&spec);
    return rc;
}
