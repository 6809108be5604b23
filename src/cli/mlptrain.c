/* mlptrain: parses options, then runs the library's data flow
 *   spec -> network -> data -> train loop -> weights file + loss log
 * or, with --gradcheck, the gradient check. All real work is in libmlp. */
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fileio.h"
#include "gemm.h"
#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/gradcheck.h"
#include "mlp/losslog.h"
#include "mlp/spec.h"
#include "mlp/train.h"
#include "mlp/weights.h"

static const char *const prog = "mlptrain";

/* Rows the gradient check uses from a config's training data, spread evenly. */
#define GRADCHECK_ROWS 64
/* Entries of each W and b the check compares, spread evenly (all when fewer). */
#define GRADCHECK_PARAMS 4096

static void usage(void)
{
    printf("Usage: mlptrain [--config SPEC.json] [options]\n"
           "       mlptrain --gradcheck [--config SPEC.json] [--tolerance X]\n"
           "\n"
           "Trains a multi-layer perceptron by full-batch gradient descent on the CSV\n"
           "data named in the spec; writes the weights and a per-epoch loss log.\n"
           "Without --config it trains the built-in XOR example.\n"
           "\n"
           "Options (each overrides the spec):\n"
           "  -c, --config FILE        network spec (JSON; see docs/spec.md) [built-in XOR]\n"
           "  -e, --epochs N           number of epochs [spec \"epochs\", default 1000]\n"
           "  -l, --learning-rate X    step size, finite and > 0 [spec \"learning_rate\", default 0.1]\n"
           "  -s, --seed N             seed of the weight initialisation [spec \"seed\", default %d]\n"
           "  -w, --weights FILE       weights output [<spec name>.weights.bin]\n"
           "  -o, --loss-log FILE      per-epoch loss CSV [<spec name>.loss.csv]\n"
           "      --init-weights FILE  start from this weights file (same architecture)\n"
           "  -t, --threads N          BLAS threads [OpenBLAS default]\n"
           "  -q, --quiet              print errors only\n"
           "      --gradcheck          compare backprop with finite differences and exit\n"
           "      --tolerance X        largest relative error the check accepts [%g]\n"
           "  -h, --help               show this help and exit\n"
           "  -V, --version            show the version and exit\n"
           "\n"
           "Exit status: 0 success, 1 training diverged or gradient check failed,\n"
           "2 bad option, spec, data or output path, 3 out of memory, 130 interrupted.\n",
           MLP_SPEC_DEFAULT_SEED, MLP_GRADCHECK_TOLERANCE);
}

typedef struct {
    const char *config;
    const char *weights, *loss_log, *init_weights;
    long epochs, threads, seed;
    double learning_rate, tolerance;
    int have_epochs, have_seed, have_lr, quiet, gradcheck;
} options;

enum { OPT_INIT_WEIGHTS = 256, OPT_GRADCHECK, OPT_TOLERANCE };

/* Returns -1 to go on, else the exit code. */
static int parse_options(int argc, char **argv, options *o, mlp_error *err)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},
        {"epochs", required_argument, NULL, 'e'},
        {"learning-rate", required_argument, NULL, 'l'},
        {"seed", required_argument, NULL, 's'},
        {"weights", required_argument, NULL, 'w'},
        {"loss-log", required_argument, NULL, 'o'},
        {"init-weights", required_argument, NULL, OPT_INIT_WEIGHTS},
        {"threads", required_argument, NULL, 't'},
        {"quiet", no_argument, NULL, 'q'},
        {"gradcheck", no_argument, NULL, OPT_GRADCHECK},
        {"tolerance", required_argument, NULL, OPT_TOLERANCE},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":c:e:l:s:w:o:t:qhV", longopts, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case 'c': o->config = optarg; break;
        case 'w': o->weights = optarg; break;
        case 'o': o->loss_log = optarg; break;
        case OPT_INIT_WEIGHTS: o->init_weights = optarg; break;
        case 'q': o->quiet = 1; break;
        case OPT_GRADCHECK: o->gradcheck = 1; break;
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
        case 'l':
            bad = cli_parse_double("--learning-rate", optarg, 1, "0.1", &o->learning_rate, err);
            o->have_lr = 1;
            break;
        case OPT_TOLERANCE:
            bad = cli_parse_double("--tolerance", optarg, 1, "1e-6", &o->tolerance, err);
            break;
        case 'h': usage(); return MLP_EXIT_OK;
        case 'V': printf("mlptrain %s\n", MLP_VERSION); return MLP_EXIT_OK;
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
    return -1;
}

/* ---------------------------------------------------------------------------
 * Data: the training set (file or built-in text) and the optional validation set. */

typedef struct {
    mlp_schema schema;
    mlp_dataset train, val;
    int have_val;
} data_sets;

static void data_free(data_sets *d)
{
    mlp_dataset_free(&d->train);
    mlp_dataset_free(&d->val);
    mlp_schema_free(&d->schema);
}

static mlp_status data_load(const mlp_spec *spec, data_sets *d, mlp_error *err)
{
    mlp_csv csv;
    mlp_status st = spec->train_text
                        ? mlp_csv_parse(spec->train_text, strlen(spec->train_text),
                                        "<built-in xor.csv>", &csv, err)
                        : mlp_csv_read(spec->train_path, &csv, err);
    if (st)
        return st;
    st = mlp_dataset_from_csv(&csv, spec, &d->schema, &d->train, err);
    mlp_csv_free(&csv);
    if (st || !spec->validation_path)
        return st;
    st = mlp_csv_read(spec->validation_path, &csv, err);
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
} train_ctx;

static mlp_status on_epoch(void *ctx_, const mlp_epoch_stats *s, mlp_error *err)
{
    train_ctx *ctx = ctx_;
    mlp_status st = mlp_losslog_append(ctx->log, s, err);
    long every = ctx->epochs >= 10 ? ctx->epochs / 10 : 1;
    if (!ctx->quiet && (s->epoch % every == 0 || s->epoch == 1)) {
        printf("epoch %*ld  loss %.6g", 1 + (int)log10((double)ctx->epochs), s->epoch, s->loss);
        if (!isnan(s->accuracy))
            printf("  accuracy %.2f%%", 100 * s->accuracy);
        if (!isnan(s->val_loss))
            printf("  val_loss %.6g", s->val_loss);
        if (!isnan(s->val_accuracy))
            printf("  val_accuracy %.2f%%", 100 * s->val_accuracy);
        putchar('\n');
    }
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

static int train(const mlp_spec *spec, const options *o, mlp_net *net, data_sets *d)
{
    mlp_error err;
    mlp_error_clear(&err);
    int classify = d->schema.n_labels > 0;
    if (strcmp(spec->weights_path, spec->loss_path) == 0) {
        mlp_error_set(&err, MLP_ERR_USAGE, spec->weights_path, 0, 0,
                      "the weights and the loss log would be written to the same file");
        mlp_error_hint(&err, "give --weights and --loss-log different paths");
        return cli_report(prog, &err);
    }
    if (check_writable(spec->weights_path, &err))
        return cli_report(prog, &err);
    mlp_losslog *log = mlp_losslog_open(spec->loss_path, classify, d->have_val, &err);
    if (!log)
        return cli_report(prog, &err);

    struct sigaction sa = {.sa_handler = on_sigint};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);

    train_ctx ctx = {.log = log, .epochs = spec->epochs, .quiet = o->quiet};
    mlp_train_options topts = {
        .learning_rate = spec->learning_rate,
        .epochs = spec->epochs,
        .classify = classify,
        .validation = d->have_val ? &d->val : NULL,
        .on_epoch = on_epoch,
        .ctx = &ctx,
        .interrupted = &interrupted,
    };
    mlp_train_result res;
    mlp_status st = mlp_train_run(net, &d->train, &topts, &res, &err);
    signal(SIGINT, SIG_DFL);

    if (st != MLP_OK && st != MLP_ERR_INTERRUPTED && st != MLP_ERR_DIVERGED) {
        mlp_losslog_abort(log);
        return cli_report(prog, &err);
    }
    mlp_error werr;
    mlp_error_clear(&werr);
    /* A diverged net is never saved; the log is, to show where it went wrong. */
    if (st != MLP_ERR_DIVERGED && mlp_weights_write(spec->weights_path, net, &d->schema, &werr)) {
        mlp_losslog_abort(log);
        return cli_report(prog, &werr);
    }
    if (mlp_losslog_commit(log, &werr))
        return cli_report(prog, &werr);
    if (st)
        return cli_report(prog, &err);
    if (!o->quiet) {
        double per_epoch = res.epochs_run ? res.seconds / (double)res.epochs_run : 0.0;
        printf("trained %ld epochs in %.3f s (%.3g ms/epoch); final loss %.6g", res.epochs_run,
               res.seconds, 1e3 * per_epoch, res.final_loss);
        if (!isnan(res.final_accuracy))
            printf(", accuracy %.2f%% (%.0f/%zu)", 100 * res.final_accuracy,
                   res.final_accuracy * (double)d->train.n_rows, d->train.n_rows);
        printf("\nwrote %s and %s\n", spec->weights_path, spec->loss_path);
    }
    return MLP_EXIT_OK;
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
    mlp_gradcheck_options gopts = {.max_params_per_tensor = GRADCHECK_PARAMS, .tolerance = tol};
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

/* --------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    options o = {0};
    mlp_error err;
    mlp_error_clear(&err);
    int rc = parse_options(argc, argv, &o, &err);
    if (rc >= 0)
        return rc;
    if (o.threads)
        mlp_gemm_set_threads((int)o.threads);
    double tol = o.tolerance > 0 ? o.tolerance : MLP_GRADCHECK_TOLERANCE;
    if (o.gradcheck && !o.config)
        return gradcheck_builtin(&o, tol);

    mlp_spec spec = {0};
    data_sets d = {0};
    mlp_net *net = NULL;
    mlp_status st = o.config ? mlp_spec_load(o.config, &spec, &err) : mlp_spec_builtin_xor(&spec, &err);
    if (st) {
        rc = cli_report(prog, &err);
        goto out;
    }
    if (o.have_epochs)
        spec.epochs = o.epochs;
    if (o.have_lr)
        spec.learning_rate = o.learning_rate;
    if (o.have_seed)
        spec.seed = (uint64_t)o.seed;
    if (o.weights || o.loss_log) {
        char *w = o.weights ? strdup(o.weights) : NULL;
        char *l = o.loss_log ? strdup(o.loss_log) : NULL;
        if ((o.weights && !w) || (o.loss_log && !l)) {
            free(w);
            free(l);
            mlp_error_set(&err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory");
            rc = cli_report(prog, &err);
            goto out;
        }
        if (w) {
            free(spec.weights_path);
            spec.weights_path = w;
        }
        if (l) {
            free(spec.loss_path);
            spec.loss_path = l;
        }
    }
    if (data_load(&spec, &d, &err) || !(net = net_build(&spec, o.init_weights, &err))) {
        rc = cli_report(prog, &err);
        goto out;
    }
    rc = o.gradcheck ? gradcheck_config(&spec, net, &d, tol, o.quiet) : train(&spec, &o, net, &d);
out:
    mlp_net_free(net);
    data_free(&d);
    mlp_spec_free(&spec);
    return rc;
}
