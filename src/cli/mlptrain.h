/* SPDX-License-Identifier: MIT */
/* mlptrain.h: what the files of the mlptrain program share: its parsed
 * options, the data of one invocation, and one entry point per mode
 *   mlptrain.c            main: the spec, the data, the dispatch to a mode
 *   mlptrain_options.c    the command line: usage, options, options over the spec
 *   mlptrain_against_data.c  options judged against the data read (--seed, batches)
 *   mlptrain_data.c       the data sets and the network of one invocation
 *   mlptrain_train.c      training (one run or restarts) through mlp_fit_run
 *   mlptrain_check.c      the pre-flight check (--check) and --lr-scan
 *   mlptrain_gradcheck.c  --gradcheck
 *   mlptrain_trace.c      --trace
 * Only these files and cli.c print. */
#ifndef MLPTRAIN_H
#define MLPTRAIN_H

#include <stdio.h>

#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/finding.h"
#include "mlp/fit.h"
#include "mlp/lrscan.h"
#include "mlp/net.h"
#include "mlp/spec.h"
#include "mlp/weights.h"

extern const char *const mlptrain_prog; /* "mlptrain", in messages */

typedef struct {
    const char *config;
    const char *weights, *loss_log, *init_weights;
    long epochs, threads, seed, restarts, batch_size;
    double learning_rate, tolerance, restart_margin;
    int have_epochs, have_seed, have_lr, have_batch_size, quiet, gradcheck;
    int have_restarts, have_progress; /* -r, --progress given (for the options a tool refuses) */
    int progress;                     /* mlp_progress_mode of --progress (AUTO by default) */
    int check, json;                  /* --check, --format json */
    const char *format;
    const char *lr_scan;              /* --lr-scan text, parsed into scan */
    mlp_lrscan_options scan;
    long lr_scan_epochs;
    const char *trace, *trace_format; /* --trace FILE, --trace-format */
    long trace_epoch, trace_row;      /* 1-based; 0 when not given; trace_row is a row of
                                         the training file (header not counted) */
    long trace_train_row;             /* 0-based: where trace_row is among the training rows */
} options;

/* The data of one invocation: the training set (file or built-in text),
 * the optional validation set, and with "refit" every row of the file. */
typedef struct {
    mlp_schema schema;
    mlp_dataset train, val;
    int have_val;
    mlp_schema full_schema;  /* with a validation split: every row of the training file, */
    mlp_dataset full;        /* normalised by all its rows (pre-flight check, refit) */
    int have_full;           /* the refit trains on full */
    char *csv_text;        /* the training CSV's bytes, for the pre-flight check; owned */
    size_t csv_len;
    mlp_csv csv;           /* its table */
    mlp_provenance prov;   /* what every weights file of this run records: digests, threads;
                              continued, the seed the initial weights' file records */
    mlp_net *init_net;       /* --init-weights: the model read, its parameters start the run; */
    mlp_schema init_schema;  /* its schema: statistics kept, checked against the data's */
    /* Under mpirun (comm.h): this rank's rows of train, val and full, the
     * fit's data; views into those sets (not owned). */
    int sliced;
    mlp_dataset train_part, val_part, full_part;
    /* Read in parts (mlptrain_data_load under mpirun): train, val (of a
     * split) and full hold this rank's rows only, the rows whose lines
     * start in its share of the file's bytes; the table csv is of those
     * rows too. Counts of every rank's rows, for the summary; this rank's
     * first training row among them (--gradcheck); every training row's
     * targets (X NULL), for the diagnosis' chance level. */
    int in_parts;
    int val_whole;           /* the validation set is a file's, read whole by every rank */
    size_t all_train, all_val, all_full, train_first;
    mlp_dataset all_targets;
} data_sets;

/* mlptrain_options.c: parses and checks the command line into o (--help
 * printed here). Returns -1 to go on, else the exit status (its message
 * printed). */
int mlptrain_parse_options(int argc, char **argv, options *o, mlp_error *err);

/* mlptrain_data.c */
/* --init-weights: reads the file into d->init_net and d->init_schema and
 * checks its architecture against the spec's (before the data are loaded,
 * which then keep the file's normalisation statistics). MLP_ERR_WEIGHTS. */
mlp_status mlptrain_init_read(const mlp_spec *spec, const char *init_weights, data_sets *d,
                              mlp_error *err);
mlp_status mlptrain_data_load(const mlp_spec *spec, data_sets *d, mlp_error *err);
/* Rank `rank` of `size` fits on rows [n rank / size, n (rank + 1) / size)
 * of each set (views; the sets stay whole for the summary and diagnosis),
 * or, when the data were read in parts (in_parts), on its own rows (and
 * its share of a validation file's). */
void mlptrain_data_slice(data_sets *d, int rank, int size);
void mlptrain_data_free(data_sets *d);
/* --trace-row R: where data row R (1-based, of the training file, header
 * not counted) is among the training rows, 0-based, into *train_row. With a
 * validation_split the training rows are those the split (drawn from
 * split_seed, the spec's own seed) did not hold out: a row held out is
 * MLP_ERR_USAGE naming the nearest training row, as is a row past the file. */
mlp_status mlptrain_trace_row(const mlp_spec *spec, const data_sets *d, uint64_t split_seed,
                              long row, long *train_row, mlp_error *err);
/* The network of the spec, initialised from the seed, or with the
 * parameters of d->init_net once its schema has been checked against the
 * training data's (mlp_schema_check_continuation; init_weights names it). */
mlp_net *mlptrain_net_build(const mlp_spec *spec, const char *init_weights, const data_sets *d,
                            mlp_error *err);
/* mlptrain_options.c: --epochs, --learning-rate, --batch-size, --weights, --loss-log over
 * the spec, by mlp_spec_override (spec.h), then the outputs of a spec without a file
 * name (the seed is applied after the data are read). MLP_ERR_USAGE, MLP_ERR_NOMEM. */
mlp_status mlptrain_apply_options(mlp_spec *spec, const options *o, mlp_error *err);
/* mlptrain_against_data.c: --seed from --init-weights draws only the order of shuffled mini-batches
 * (of fewer than the n_rows rows): anywhere else it would draw nothing, and
 * a run said to be seeded would be the same for every seed, so it is refused
 * (MLP_ERR_USAGE), as --restarts is. n_rows is the training rows, or with a
 * refit the whole file's, which the refit shuffles into batches of the same
 * size from the seed. (The validation split is the spec's seed's, not
 * --seed's.) */
mlp_status mlptrain_check_seed(const options *o, const mlp_spec *spec, size_t n_rows,
                               mlp_error *err);

/* mlptrain_against_data.c: under mpirun (several ranks), a batch_size below the n_rows rows of every
 * rank is refused (MLP_ERR_USAGE, said at its key in the spec, or of
 * --batch-size); one at or above them is full batch, and is cleared to 0 in
 * spec, as training on several processes needs. n_rows is the training
 * rows, or with a refit the whole file's, which the refit batches too. */
mlp_status mlptrain_check_batch_ranks(const options *o, mlp_spec *spec, size_t n_rows,
                                      mlp_error *err);
/* Under mpirun every rank reads the spec, an --init-weights file and a
 * validation file whole, each its own copy: standard input (which Open MPI
 * gives rank 0 alone), a pipe or a device cannot be; what names the input
 * in the hint ("spec"). MLP_ERR_IO ("is not a regular file"). One
 * process, or path NULL: MLP_OK. */
mlp_status mlptrain_input_for_ranks(const char *path, const char *what, mlp_error *err);
/* Under mpirun, after the options are applied: whether every rank runs what
 * rank 0 runs (mlp_runid_same_run over the communicator, src/runid.h): the same spec bytes (SHA-256), epochs, learning rate, seed,
 * batch size, restarts, --gradcheck, --init-weights and output paths, and
 * files of the same sizes. Collective: every rank calls it (after an
 * agreement) and gets the same answer: MLP_ERR_USAGE naming the lowest rank
 * that differs and what differs first. One process: MLP_OK. */
mlp_status mlptrain_same_run(const mlp_spec *spec, const options *o, const char *spec_text,
                             size_t spec_len, mlp_error *err);
/* Under mpirun, after every rank read it (agreed): whether each rank's copy
 * of a file read whole has rank 0's bytes, as digest (SHA-256) says; the
 * sizes were compared before the data (mlptrain_same_run). Collective.
 * MLP_ERR_USAGE naming the lowest rank that differs and path. One
 * process: MLP_OK. mlptrain_same_copies is for a file's digest,
 * mlptrain_same_init for an --init-weights file's parameters and
 * statistics (d->init_net, d->init_schema: read on every rank). The
 * training file's parts are compared as they are read (mlp_csv_read_part). */
mlp_status mlptrain_same_copies(const unsigned char digest[MLP_SHA256_SIZE], const char *path,
                                mlp_error *err);
mlp_status mlptrain_same_init(const data_sets *d, const char *init_weights, mlp_error *err);
/* The fit data of this invocation (its options: mlp_spec_fit_options, mlp/fit.h). */
mlp_fit_data mlptrain_fit_data(const data_sets *d);
/* mlptrain_options.c: whether the weights (loss_log 0) or the loss log (1) has no name of its
 * own: --check of a spec from standard input without --weights, --loss-log
 * or the spec's "output" (a training run refuses it, check_stdin_outputs). */
int mlptrain_output_unnamed(const mlp_spec *spec, const options *o, int loss_log);

/* One finding on out, one line. */
void mlptrain_print_finding(FILE *out, const mlp_finding *f);

/* mlptrain_train.c: before any epoch (and for --check), whether the outputs
 * can be written: this invocation's paths handed to mlp_outputs_check_plan
 * (outputs.h). MLP_ERR_USAGE, MLP_ERR_IO, MLP_ERR_NOMEM. */
mlp_status mlptrain_check_outputs(const options *o, const mlp_spec *spec, const mlp_net *net,
                                  mlp_error *err);

/* Each mode returns the exit status. */
/* advice: the learning rate the run's messages suggest (the pre-flight's; optimizer.h). */
int mlptrain_train(const options *o, const mlp_spec *spec, mlp_net *net, const data_sets *d,
                   const mlp_rate_advice *advice);
int mlptrain_gradcheck_builtin(const options *o, double tol);
int mlptrain_gradcheck_config(const mlp_spec *spec, mlp_net *net, const data_sets *d, double tol,
                              int quiet);
/* Returns -1 to go on to training, else the exit status. advice (or NULL)
 * receives the rate the learning-rate trial suggests, when it found the
 * run's rate unstable (mlp_preflight_input). */
int mlptrain_preflight(const options *o, const mlp_spec *spec, data_sets *d, const mlp_net *net,
                       mlp_rate_advice *advice);
int mlptrain_lr_scan(const options *o, const mlp_spec *spec, const mlp_net *net,
                     const data_sets *d);

/* mlptrain_trace.c: the trace of one epoch's pass (--trace). */
typedef struct {
    const char *path;
    int csv;                 /* --trace-format csv: path is a folder */
    long epoch;              /* 1-based */
    long row;                /* 0-based training row, or -1 for all */
    long file_row;           /* that row's number in the training file (1-based), or 0 */
    const double *initial;   /* the initial weights, net->n_params */
    double l2;               /* the spec's l2: above 0 the penalty and gW are traced too */
    const mlp_schema *schema; /* the training data's: what T holds */
    int written;
} trace_request;

mlp_status mlptrain_write_trace(trace_request *t, const mlp_net *net, const mlp_dataset *train,
                                mlp_error *err);

#endif
