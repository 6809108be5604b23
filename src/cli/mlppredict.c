/* SPDX-License-Identifier: MIT */
/* mlppredict: parses options, then runs
 *   weights file -> network + schema -> CSV -> data set -> predictions
 * or, with --grid, predictions over a grid of 2-D points (or 1-D ones for
 * a 1-input model), or, with --info,
 * the description of the model and its provenance. All real work is in
 * libmlp. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "committee.h"
#include "fileio.h"
#include "gemm.h"
#include "memlimit.h"
#include "mlp/blas.h"
#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/grid.h"
#include "mlp/mlp.h"
#include "mlp/npz.h"
#include "mlp/outputs.h"
#include "mlp/pool.h"
#include "mlp/predict.h"
#include "mlp/weights.h"
#include "plural.h"
#include "signals.h"

static const char *const prog = "mlppredict";

static void usage(void)
{
    printf("Usage: mlppredict WEIGHTS... INPUT.csv [-o OUT.csv] [--evaluate]\n"
           "       mlppredict WEIGHTS --grid XMIN:XMAX:NX[,YMIN:YMAX:NY] [-o OUT.csv]\n"
           "       mlppredict --info WEIGHTS\n"
           "       mlppredict --export MODEL.npz WEIGHTS\n"
           "\n"
           "Applies a model trained by mlptrain to the rows of INPUT.csv and writes one\n"
           "CSV row per input row: for classification the predicted label (as written\n"
           "in the training data) and one probability column per class, p_<label>; for\n"
           "regression the outputs, named after the training targets.\n"
           "The predicted label is the class of the largest probability, the first label\n"
           "on a tie; one sigmoid output y predicts the second label when y > 0.5, so\n"
           "y = 0.5 exactly gives the first (its pair 1 - y, y ties).\n"
           "Input columns are matched by header name when both the training data and\n"
           "INPUT.csv have a header (other columns, such as the target, are ignored),\n"
           "else by position.\n"
           "Several WEIGHTS files make a committee: each model reads the rows by its own\n"
           "columns and normalisation, and their outputs (the class probabilities) are\n"
           "averaged; the models must have the same outputs, labels and loss.\n"
           "\n"
           "Options (one that takes a value is given once):\n"
           "  -o, --output FILE   write the predictions to FILE (atomically) [stdout]\n"
           "  -e, --evaluate      also report, on stderr, against the targets in INPUT.csv:\n"
           "                      the loss, the MSE over rows and outputs, for\n"
           "                      classification the accuracy and the confusion matrix,\n"
           "                      for regression R^2; 0/1 targets (both present) of a\n"
           "                      sigmoid output or one-hot over several outputs are\n"
           "                      classes, as mlptrain counts them\n"
           "  -g, --grid SPEC     instead of INPUT.csv, predict on an NX x NY grid of points\n"
           "                      (x fastest) of a 2-input model, in the units of the\n"
           "                      training CSV: the columns are the two feature names, then\n"
           "                      the prediction columns (for plotting a decision surface);\n"
           "                      a 1-input model takes one axis, XMIN:XMAX:NX\n"
           "  -i, --info          print the model: architecture, columns, labels,\n"
           "                      normalisation and provenance, with the BLAS core and\n"
           "                      vector ISA it was trained on (docs/weights-format.md)\n"
           "  -x, --export FILE   write the model as a numpy .npz (W1, b1, ..., activations,\n"
           "                      normalisation, names, labels; docs/numpy.md); FILE ends\n"
           "                      in .npz and is never a weights file\n"
           "  -t, --threads N     threads for reading the CSV and BLAS [OPENBLAS_NUM_THREADS,\n"
           "                      GOTO_NUM_THREADS or OMP_NUM_THREADS, else all processors]\n"
           "  -h, --help          show this help and exit\n"
           "  -V, --version       show the version and exit\n"
           "\n"
           "Exit status: 0 success, 2 bad option, weights file or CSV, 3 out of memory,\n"
           "128 + the signal when stopped by SIGINT, SIGTERM or SIGHUP (130, 143, 129;\n"
           "nothing written).\n");
}

/* --info: the model and its provenance on stdout. */
static int describe(const char *weights_path)
{
    mlp_net *net = NULL;
    mlp_schema schema = {0};
    mlp_provenance prov;
    mlp_error err;
    mlp_error_clear(&err);
    int rc = MLP_EXIT_OK;
    if (mlp_weights_read_provenance(weights_path, &net, &schema, &prov, &err))
        rc = cli_report(prog, &err);
    else if (mlp_weights_describe(stdout, net, &schema, &prov, &err))
        rc = cli_report_stdout(prog, &err);
    mlp_schema_free(&schema);
    mlp_net_free(net);
    return rc;
}

/* --export: the model as a numpy .npz, atomically. */
static int export_npz(const char *weights_path, const char *npz_path)
{
    mlp_net *net = NULL;
    mlp_schema schema = {0};
    mlp_error err;
    mlp_error_clear(&err);
    int rc = MLP_EXIT_OK;
    if (mlp_npz_check_write_path(npz_path, weights_path, &err) ||
        mlp_weights_read_provenance(weights_path, &net, &schema, NULL, &err) ||
        mlp_npz_write(npz_path, net, &schema, &err))
        rc = cli_report(prog, &err);
    mlp_schema_free(&schema);
    mlp_net_free(net);
    return rc;
}

/* Commits the output file with SIGINT, SIGTERM and SIGHUP held back, so a
 * signal cannot cut the rename short: the file is whole or untouched.
 * Returns the exit status: 128 + the signal when one came meanwhile. */
static int commit_output(mlp_atomic_file *af, const char *out_path)
{
    mlp_error err;
    mlp_error_clear(&err);
    mlp_signals_defer(1);
    mlp_status st = mlp_fileio_atomic_commit(af, &err);
    mlp_signals_defer(0);
    int rc = st ? cli_report(prog, &err) : MLP_EXIT_OK;
    int sig = mlp_signals_caught();
    if (sig) {
        if (!st)
            fprintf(stderr, "%s: stopped by %s after %s was written\n", prog,
                    mlp_signals_name(sig), cli_escaped(mlp_fileio_display_name(out_path, 1)));
        rc = mlp_signals_exit_code(sig);
    }
    return rc;
}

/* A write of the predictions or the grid that failed: the library gave
 * the reason; the file is named here. */
static int write_failed(mlp_error *err, const char *out_path)
{
    if (!out_path)
        return cli_report_stdout(prog, err);
    mlp_error_copy_path(err->path, sizeof err->path, mlp_fileio_display_name(out_path, 1));
    return cli_report(prog, err);
}

/* --grid: the predictions over the grid, to stdout or OUT atomically. */
static int predict_grid(const char *weights_path, const mlp_grid *grid, const char *out_path)
{
    mlp_net *net = NULL;
    mlp_schema schema = {0};
    mlp_atomic_file af = {0};
    mlp_error err;
    mlp_error_clear(&err);
    int rc = MLP_EXIT_OK;
    const char *model = mlp_fileio_display_name(weights_path, 0);
    if (mlp_weights_read_provenance(weights_path, &net, &schema, NULL, &err) ||
        mlp_weights_check_labels(net, &schema, model, &err)) {
        rc = cli_report(prog, &err);
        goto out;
    }
    if (mlp_grid_check_model(net, grid, &err)) {
        mlp_error_copy_path(err.path, sizeof err.path, model);
        rc = cli_report(prog, &err);
        goto out;
    }
    if (out_path && mlp_fileio_atomic_open(&af, out_path, &err)) {
        rc = cli_report(prog, &err);
        goto out;
    }
    if (mlp_grid_run(net, &schema, grid, out_path ? af.fp : stdout, &err)) {
        rc = err.code == MLP_ERR_IO ? write_failed(&err, out_path) : cli_report(prog, &err);
        goto out;
    }
    if (out_path)
        rc = commit_output(&af, out_path);
out:
    mlp_fileio_atomic_abort(&af);
    mlp_schema_free(&schema);
    mlp_net_free(net);
    return rc;
}

/* The rows of input_path through the model, or through a committee of
 * n_models (the mean of their outputs), to stdout or OUT atomically. */
static int predict_rows(char *const *model_paths, size_t n_models, const char *input_path,
                        const mlp_csv_options *copts, int evaluate, const char *out_path)
{
    mlp_committee com;
    mlp_csv csv = {0};
    mlp_atomic_file af = {0};
    mlp_predict_eval eval = {0};
    mlp_error err;
    mlp_error_clear(&err);
    int rc = MLP_EXIT_OK;
    if (mlp_committee_load(&com, model_paths, n_models, input_path, &err)) {
        rc = cli_report(prog, &err);
        goto out;
    }
    if (mlp_committee_read_csv(&com, input_path, copts, &csv, &err) ||
        mlp_committee_read_rows(&com, &csv, input_path, evaluate, &err)) {
        rc = cli_report(prog, &err);
        goto out;
    }
    if (out_path && mlp_fileio_atomic_open(&af, out_path, &err)) {
        rc = cli_report(prog, &err);
        goto out;
    }
    if (mlp_predict_committee((const mlp_net *const *)com.nets, com.data, n_models,
                              &com.schemas[0], out_path ? af.fp : stdout, &eval, &err)) {
        if (err.code == MLP_ERR_IO) {
            rc = write_failed(&err, out_path);
            goto out;
        }
        mlp_error_copy_path(err.path, sizeof err.path, mlp_fileio_display_name(input_path, 0));
        rc = cli_report(prog, &err);
        goto out;
    }
    if (out_path && (rc = commit_output(&af, out_path)) != MLP_EXIT_OK)
        goto out;
    /* Labels on an output that gives no probabilities (mlptrain allows a
     * tanh or linear output with mse): its columns are out_<label>, not
     * p_<label> (predict.c); say once why. The committee shares its output
     * activation (mlp_predict_check_committee). Said after the rows are
     * written, so that a run that fails (a missing input, a bad cell) prints
     * its one error line and no warning beside it; in the form of every
     * warning (cli_warning: by hand it once read "prog: warning: file:"). */
    mlp_activation out_act = com.nets[0]->layers[com.nets[0]->n_layers - 1].act;
    if (!mlp_predict_probability_columns(&com.schemas[0], out_act) && com.schemas[0].n_labels)
        cli_warning(prog, mlp_fileio_display_name(model_paths[0], 0),
                    "for class probabilities train a sigmoid or softmax output",
                    "the output activation %s gives no probabilities: the columns out_<label> "
                    "are its outputs as they are", mlp_activation_name(out_act));
    if (evaluate)
        mlp_predict_eval_write(stderr, mlp_fileio_display_name(input_path, 0), com.nets[0],
                               &com.schemas[0], &eval, n_models);
out:
    mlp_predict_eval_free(&eval);
    mlp_fileio_atomic_abort(&af);
    mlp_csv_free(&csv);
    mlp_committee_free(&com);
    return rc;
}

/* Options, then the one mode they ask for; returns the exit status. */
static int run(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"evaluate", no_argument, NULL, 'e'},
        {"grid", required_argument, NULL, 'g'},
        {"info", no_argument, NULL, 'i'},
        {"export", required_argument, NULL, 'x'},
        {"threads", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *out_path = NULL, *grid_text = NULL, *export_path = NULL;
    int evaluate = 0, info = 0;
    mlp_grid grid;
    long threads = 0;
    mlp_error err;
    mlp_error_clear(&err);
    opterr = 0;
    /* The value of each option given so far: each takes one (cli.h). */
    const char *given[sizeof longopts / sizeof longopts[0]] = {NULL};
    int c;
    /* at: optind before each call, for the argument a refusal names. */
    for (int at = optind; (c = getopt_long(argc, argv, ":o:eg:ix:t:hV", longopts, NULL)) != -1;
         at = optind) {
        if (cli_option_once(longopts, c, optarg, given, &err))
            return cli_report(prog, &err);
        switch (c) {
        case 'o':
            out_path = optarg;
            if (cli_check_path("--output", optarg, "--output predictions.csv", &err))
                return cli_report(prog, &err);
            break;
        case 'e': evaluate = 1; break;
        case 'i': info = 1; break;
        case 'x':
            export_path = optarg;
            if (cli_check_path("--export", optarg, "--export model.npz", &err))
                return cli_report(prog, &err);
            break;
        case 'g':
            grid_text = optarg;
            if (mlp_grid_parse(optarg, &grid, &err))
                return cli_report(prog, &err);
            break;
        case 't':
            if (cli_parse_long("--threads", optarg, 1, 1024, "2", &threads, &err))
                return cli_report(prog, &err);
            break;
        case 'h': usage(); return MLP_EXIT_OK;
        case 'V': { char v[1024]; mlp_version_text("mlppredict", v, sizeof v); fputs(v, stdout); return MLP_EXIT_OK; }
        default:
            return cli_refused_option(prog, c, cli_getopt_arg(argc, argv, at), longopts, 1);
        }
    }
    if (export_path && (info || grid_text || evaluate || out_path))
        return cli_usage_error(prog, "--export writes the model only; it takes no other option");
    if (export_path && argc - optind != 1)
        return cli_usage_error(prog, "expected a weights file only with --export, got %d argument%s",
                               argc - optind, mlp_plural(argc - optind, "", "s"));
    if (info && (grid_text || evaluate || out_path))
        return cli_usage_error(prog, "--info prints the model only; it takes no other option");
    if (grid_text && evaluate)
        return cli_usage_error(prog, "--evaluate needs targets, which a --grid has not");
    if ((info || grid_text) && argc - optind != 1)
        return cli_usage_error(prog, "expected a weights file only with %s, got %d argument%s",
                               info ? "--info" : "--grid", argc - optind,
                               mlp_plural(argc - optind, "", "s"));
    if (!info && !grid_text && !export_path && argc - optind < 2)
        return cli_usage_error(prog, "expected one or more weights files and an input CSV, got "
                               "%d argument%s", argc - optind, mlp_plural(argc - optind, "", "s"));
    /* The operands: the weights files, then the input CSV (when one is read). */
    for (int k = optind; k < argc; k++) {
        int input = !info && !grid_text && !export_path && k == argc - 1;
        if (cli_check_path(input ? "INPUT.csv" : "WEIGHTS", argv[k],
                           "mlppredict xor.weights.bin data/xor.csv", &err))
            return cli_report(prog, &err);
    }
    const char *weights_path = argv[optind];
    /* Several weights files before the CSV: a committee (the mean of their
     * outputs). */
    int one_model = info || grid_text || export_path;
    size_t n_models = one_model ? 1 : (size_t)(argc - optind - 1);
    const char *input_path = one_model ? NULL : argv[argc - 1];
    /* Standard input is read once: two operands that read it ("-", or
     * /dev/stdin: cli_is_stdin; a model and the input, or two models of a
     * committee) are refused before either is read, instead of the second
     * finding it empty. */
    mlp_named_path from_stdin[2];
    char stdin_what[2][256];
    size_t n_stdin = 0;
    for (int k = optind; k < argc && n_stdin < 2; k++) {
        if (!cli_is_stdin(argv[k]))
            continue;
        if (input_path && k == argc - 1)
            snprintf(stdin_what[n_stdin], sizeof stdin_what[n_stdin], "the input CSV (\"%s\")",
                     argv[k]);
        else if (n_models == 1)
            snprintf(stdin_what[n_stdin], sizeof stdin_what[n_stdin], "the model (\"%s\")",
                     argv[k]);
        else
            snprintf(stdin_what[n_stdin], sizeof stdin_what[n_stdin],
                     "model %d of the committee (\"%s\")", k - optind + 1, argv[k]);
        from_stdin[n_stdin] = (mlp_named_path){argv[k], stdin_what[n_stdin], NULL};
        n_stdin++;
    }
    if (cli_check_stdin_once(from_stdin, n_stdin, &err))
        return cli_report(prog, &err);
    /* The predictions, or the .npz, never replace the models or the rows
     * they come from. */
    mlp_named_path output[] = {export_path ? (mlp_named_path){export_path, ".npz", "--export"}
                                           : (mlp_named_path){out_path, "predictions", "--output"}};
    mlp_named_path *inputs = calloc(n_models + 1, sizeof *inputs);
    if (!inputs) {
        mlp_error_set(&err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for %zu file names",
                      n_models + 1);
        return cli_report(prog, &err);
    }
    for (size_t k = 0; k < n_models; k++)
        inputs[k] = (mlp_named_path){argv[optind + k], "model", NULL};
    inputs[n_models] = (mlp_named_path){input_path, "input", NULL};
    mlp_status st = mlp_outputs_check_paths(output, 1, inputs, n_models + 1, &err);
    free(inputs);
    if (st)
        return cli_report(prog, &err);
    /* The one thread count of the run: BLAS and CSV parsing; under `ulimit -v`
     * first checked against the BLAS buffers (memlimit.h). Set before any
     * mode opens a file, --export included (it returned first, and ran
     * with OpenBLAS's thread under --threads 1; docs/threads.md). */
    int want_threads = threads ? (int)threads : mlp_pool_default_threads();
    mlp_memlimit_set_threads_option(threads != 0); /* advice names --threads */
    if (mlp_memlimit_prepare_blas(want_threads, &err))
        return cli_report(prog, &err);
    mlp_csv_options copts = {.threads = mlp_pool_set_blas_threads(want_threads)};
    if (export_path)
        return export_npz(weights_path, export_path);
    if (info)
        return describe(weights_path);
    if (grid_text)
        return predict_grid(weights_path, &grid, out_path);
    return predict_rows(argv + optind, n_models, input_path, &copts, evaluate, out_path);
}

int main(int argc, char **argv)
{
    mlp_memlimit_reexec(argv); /* first: under `ulimit -v`, OpenBLAS without worker threads */
    mlp_blas_init(argv); /* may re-execute on a better BLAS core (mlp/blas.h) */
    cli_environment_warnings(prog); /* a kernel choice of the environment not taken */
    mlp_signals_install(prog); /* SIGINT, SIGTERM, SIGHUP: a message, no temporary left */
    /* Every mode, --help and --version included, ends here: what it wrote
     * on standard output is flushed and checked. */
    return cli_exit(prog, run(argc, argv));
}
