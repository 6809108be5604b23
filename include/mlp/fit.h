/* SPDX-License-Identifier: MIT */
/* fit.h: a whole training run, as a spec and its options ask for it.
 *
 * mlp_fit_run is what `mlptrain` does between loading the data and writing
 * the outputs, in one call any program can make:
 *
 *   class targets: whether 0/1 targets a model without labels has count
 *                  accuracy (mlp_fit_counts_class_targets; under a reduce,
 *                  agreed by every process in one reduction, before any pass)
 *   for run k = 1 .. restarts:
 *       initial weights: the net's own (one run), or those drawn from
 *                        mlp_fit_restart_seed(seed, k) (restarts > 1)
 *       mlp_train_run    (optimizer, l2, validation, early stopping with the
 *                        best epoch's weights put back), each epoch recorded
 *                        in the run's loss log (in memory) and its diagnosis
 *       keep the run whose kept loss is lowest (validation loss, else
 *       training loss, of the weights it returns; a diverged run is never kept)
 *   refit (when asked and the kept run has an update to repeat):
 *       mlp_train_refit from the kept run's initial weights on every row
 *       (docs/optimizers.md), appended to the kept run's log
 *   larger rates (diagnose only): when the kept run's diagnosis asks
 *       (mlp_diagnose_wants_larger_rates: a loss that ended at chance),
 *       mlp_lrscan_try from its initial weights at rates above its own
 *       (MLP_LRSCAN_PER_DECADE per factor of 10, up to
 *       10^MLP_DIAG_RATE_UP_DECADES times it, stopping at the first
 *       unstable one), MLP_LRSCAN_DEFAULT_EPOCHS epochs each; the trials
 *       go to mlp_diagnose_larger_rates, which judges them
 *   provenance: the caller's digests and threads, the kept run's seed
 *       (with init_given the caller's, whose weights were not drawn from
 *       it), its batch size and shuffle seed, and the figures of the
 *       weights left in the net
 *
 * The net ends holding the weights to write (those of the kept run, or its
 * refit), and the result holds everything the summary, the diagnosis, the
 * provenance and the outputs (mlp_outputs_write) need.
 *
 * Each epoch is reported through a callback, which may stop the run
 * cleanly: returning MLP_ERR_INTERRUPTED ends the current run after this
 * epoch exactly as an interrupted mlp_train_run does (the weights of this
 * epoch, or of the best one with early stopping, and the message
 * "interrupted after epoch E of N"), starts no further run nor refit, and
 * makes mlp_fit_run return MLP_ERR_INTERRUPTED with the best of the runs so
 * far in the net. A signal handler sets a flag; the callback reads it and
 * returns MLP_ERR_INTERRUPTED (that is how mlptrain's Ctrl-C works). Any
 * other non-zero status aborts the run with that error.
 *
 * The library never prints: the callback and the result are how a caller
 * shows progress, findings and the summary.
 */
#ifndef MLP_FIT_H
#define MLP_FIT_H

#include <stddef.h>
#include <stdint.h>

#include "mlp/dataset.h"
#include "mlp/diagnose.h"
#include "mlp/error.h"
#include "mlp/finding.h"
#include "mlp/losslog.h"
#include "mlp/net.h"
#include "mlp/optimizer.h"
#include "mlp/schedule.h"
#include "mlp/spec.h"
#include "mlp/train.h"
#include "mlp/weights.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A restart succeeds when its kept loss is within this fraction of its way
 * down from its initial loss to the best run's loss: on XOR this separates
 * the runs that learn (loss ~1e-3 from ~0.7) from those stuck at a plateau
 * (~0.35) with room to spare. */
#define MLP_FIT_DEFAULT_RESTART_MARGIN 0.02
#define MLP_FIT_MAX_RESTARTS 100000

/* The data of one run, built once by the caller (see dataset.h). */
typedef struct {
    const mlp_dataset *train;        /* the rows trained on; required */
    const mlp_schema *schema;        /* train's schema: written with the weights */
    const mlp_dataset *validation;   /* monitored for early stopping and restarts; or NULL */
    const mlp_dataset *full;         /* every row of the training file, for the refit; or NULL */
    const mlp_schema *full_schema;   /* full's schema (its own normalisation); with full */
    int class_targets;               /* the targets are 0/1 class indicators though the model
                                        has no labels (mlp_fit_counts_class_targets): the run
                                        counts accuracy as for labels; 0: only labels do.
                                        mlp_fit_run decides it itself, on its own copy, and
                                        ignores the caller's value: a caller sets nothing.
                                        Read as given by mlp_fit_log_columns and
                                        mlp_fit_train_options */
} mlp_fit_data;

/* Whether the targets of rows (every training row's) are 0/1 class
 * indicators that a network with this output activation and n_outputs
 * units reads as classes; the one rule of "class targets", which the
 * pre-flight's output-not-probability and mse-for-classes use too:
 * every target 0 or 1, rows one-hot when there are several outputs, at
 * least two classes present, and the output a probability (sigmoid) or
 * of several units. The run then counts accuracy (a sigmoid output with
 * "mse" on 0/1 targets has no labels: the data were read as numbers), when
 * its other rows hold indicators too (mlp_fit_counts_class_targets). */
int mlp_fit_class_targets(const mlp_dataset *rows, mlp_activation output);

/* Whether every row of rows (NULL: none) is a 0/1 class indicator: each
 * target 0 or 1, one-hot when there are several, of any classes (rows
 * without targets hold none). The accuracy is counted on the validation
 * rows and a refit's (full) too, which must hold indicators as the
 * training rows do: a validation target of 0.5 was counted as a class,
 * right or wrong. */
int mlp_fit_indicator_rows(const mlp_dataset *rows);

/* Whether a run on these rows counts the accuracy of 0/1 targets a model
 * without labels has (mlp_fit_data.class_targets): train, every training
 * row, holds class targets for the output (mlp_fit_class_targets), and
 * validation and full (each NULL: none) hold 0/1 indicators
 * (mlp_fit_indicator_rows). mlp_fit_run decides by it on the rows each
 * process holds (agreed through the reduce), and the pre-flight's
 * output-not-probability and mse-for-classes by it too, so that they warn
 * of class targets exactly when the run counts them as classes. */
int mlp_fit_counts_class_targets(const mlp_dataset *train, const mlp_dataset *validation,
                                 const mlp_dataset *full, mlp_activation output);

typedef struct {
    mlp_optimizer_options optimizer; /* the update rule and its learning rate, the one home of
                                        the learning rate */
    long epochs;                     /* >= 1: the most epochs of a run */
    double l2;                       /* >= 0 */
    long patience;                   /* > 0: early stopping (train.h); 0: every epoch */
    double min_delta;                /* >= 0 */
    int refit;                       /* retrain on data->full after early stopping (needs full) */
    double refit_scale;              /* 1 to MLP_TRAIN_MAX_REFIT_SCALE (0: 1): the refit's
                                        epochs are round(refit_scale x (E - 1)),
                                        mlp_train_refit_epochs */
    long restarts;                   /* 1 (or 0): one run from the net's current weights;
                                        N > 1: N runs from the seeds of mlp_fit_restart_seed */
    mlp_init init;                   /* how a restart draws its weights: one of mlp_init's
                                        values, checked with one run too */
    uint64_t seed;                   /* the seed of run 1; recorded in the provenance */
    double restart_margin;           /* in (0, 1): see MLP_FIT_DEFAULT_RESTART_MARGIN; 0 = it */
    int diagnose;                    /* keep a diagnosis of each run (diagnose.h) */
    int threads;                     /* lanes of the training workspace (train.h), 0..64; 0 or
                                        1: one */
    size_t batch_size;               /* rows per update (train.h); 0: full batch */
    int shuffle;                     /* batched: shuffle the rows every epoch, from each run's
                                        seed */
    mlp_schedule schedule;           /* the learning rate's schedule over `epochs`; zeroed
                                        (constant, no warm-up): none */
    mlp_provenance provenance;       /* the digests and threads every weights file of this
                                        invocation records; fit fills in the rest */
    /* Data-parallel training (train.h): each process fits on its slice of
     * the rows (data->train, ->validation and ->full are slices) and every
     * pass is reduced over all processes by reduce, so every process runs
     * the same fit. NULL: one process. */
    mlp_train_reduce_fn reduce;
    void *reduce_ctx;
    const mlp_dataset *diagnose_rows; /* the rows whose targets give the diagnosis' chance
                                         level and the class targets' verdict
                                         (mlp_fit_counts_class_targets); NULL: data->train
                                         (a data-parallel run gives every training row: a
                                         process's slice may lack a class, and then no
                                         process counts an accuracy). Its inputs, or
                                         data->train's when it has none, give the inputs'
                                         reach, which a reduce counts over every process */
    mlp_rate_advice advice;          /* the learning rate every message of the run suggests
                                        (optimizer.h: the pre-flight trial's); zero: a tenth */
    int init_given;                  /* the net holds weights the caller gave (mlptrain
                                        --init-weights), not drawn from seed: the diagnosis
                                        does not suggest another seed, and the provenance
                                        keeps provenance.seed and .has_seed, the caller's
                                        record of where those weights came from */
} mlp_fit_options;

/* The options of mlp_fit_run that spec asks for, the ones mlptrain trains
 * with: its optimizer (the learning rate's one home), epochs, l2, early
 * stopping (patience, min_delta), refit and refit_scale, init, seed,
 * batch_size, shuffle and schedule; restarts and restart_margin as given
 * (mlptrain's --restarts and --restart-margin: a spec has none; 1 and 0 for
 * one run at the default margin); diagnose 1; threads and provenance from
 * prov (copied: the digests and thread count every weights file records;
 * NULL: nothing known, mlp_provenance_init, and threads 0), to which the
 * digest of the settings (mlp_spec_settings_text) is added. Everything else
 * zero: no reduce (one process), no diagnose_rows, no advice (a tenth of
 * the rate), init_given 0. mlptrain then sets advice to its pre-flight
 * trial's rate (mlp_preflight), and init_given with --init-weights. Pure:
 * reads spec, allocates nothing; the result's optimizer and schedule are
 * copies, so spec may be freed before the run. A new setting of the spec
 * that the run reads is filled here (docs/architecture.md). */
mlp_fit_options mlp_spec_fit_options(const mlp_spec *spec, long restarts, double restart_margin,
                                     const mlp_provenance *prov);

/* The settings a run of spec trains with (options applied) as one
 * canonical line of JSON: the spec's keys in a fixed order, only the
 * settings that act (an optimizer's own, a batch size's shuffle, early
 * stopping's keys with a patience), defaults written out, "init" as each
 * layer's draw, numbers as the shortest text that reads back the same.
 * Two runs with the same settings get the same text however the settings
 * were given (in the spec, by an option, left at a default). No seed,
 * paths, column names or digests: the weights file records those apart
 * (the seed that acted: with --restarts the kept run's, which a run of
 * that seed alone repeats, bytes included). Its SHA-256 is the
 * provenance's settings digest, which mlp_spec_fit_options fills in
 * (docs/weights-format.md, "The settings digest"). Writes it to buf as
 * snprintf does (at most size bytes, NUL-terminated when size > 0; buf
 * may be NULL with size 0) and returns its length, which is below
 * MLP_SPEC_SETTINGS_TEXT_MAX. */
#define MLP_SPEC_SETTINGS_TEXT_MAX 4096
size_t mlp_spec_settings_text(const mlp_spec *spec, char *buf, size_t size);

/* One epoch, as the callback sees it. */
typedef struct {
    const mlp_epoch_stats *stats;    /* the epoch's figures (train.h) */
    long run;                        /* 1-based run of n_runs */
    long n_runs;
    int refit;                       /* 1 for the epochs of the refit */
    long epochs;                     /* the most epochs of this phase (opts->epochs, or the
                                        refit's) */
    const mlp_finding *finding;      /* a diagnosis certain from now on (loss-exploding), once
                                        per run; NULL mostly */
    const mlp_net *net;              /* holds the weights the next epoch starts from */
    const mlp_dataset *data;         /* the rows this phase trains on */
} mlp_fit_epoch;

/* Called after every epoch's update. MLP_OK goes on; MLP_ERR_INTERRUPTED
 * stops cleanly (see above); anything else aborts with that error (the
 * callback fills err). err is never NULL: when the caller of mlp_fit_run
 * passed NULL, or the loss log has already failed this epoch, it is a
 * record of the library's, dropped after the call. */
typedef mlp_status (*mlp_fit_epoch_fn)(void *ctx, const mlp_fit_epoch *epoch, mlp_error *err);

/* One run of a fit. */
typedef struct {
    uint64_t seed;          /* of its initial weights (opts->seed for a single run) */
    int ok;                 /* ended without diverging (interrupted counts as ok) */
    int reached;            /* ok, its kept loss below its initial one, and within the
                               margin of the best's: a run that did not fall has no way
                               down to measure the margin on, and reaches nothing */
    double kept;            /* the loss it is judged by: final_val_loss with validation,
                               else final_loss */
    double initial;         /* the loss of its initial weights, L0 of the restart margin
                               (res.initial_loss) */
    mlp_train_result res;
} mlp_fit_run_record;

/* What mlp_fit_run leaves; free with mlp_fit_result_free. */
typedef struct {
    size_t n_runs;               /* runs started and finished (fewer than asked when stopped) */
    mlp_fit_run_record *runs;    /* n_runs records; owned */
    long best;                   /* index of the kept run; -1 when every run diverged */
    size_t reached;              /* runs that reached the best (the success rate is
                                    reached / n_runs) */
    size_t fell;                 /* ok runs whose kept loss is below their initial loss: 0
                                    when every run went up (a rate too large), and the kept
                                    run is then only the least bad */
    double margin;               /* the restart margin used */
    mlp_train_result res;        /* the kept run's figures (the last run's when none is kept) */
    int refit_asked;             /* opts->refit */
    int refit_ran;               /* the net holds the refit's weights */
    long refit_epochs;           /* mlp_train_refit_epochs of the kept run: 0 = nothing to repeat */
    mlp_train_result refit_res;  /* the refit's figures, when it ran */
    int diverged;                /* the weights in the net must not be written (every run, or
                                    the refit, diverged); the loss log may be */
    const mlp_schema *schema;    /* the schema of the weights in the net (data->full_schema
                                    after a refit, else data->schema); borrowed */
    const mlp_dataset *data;     /* the rows those weights were trained on, for the diagnosis */
    mlp_provenance provenance;   /* the record for the weights in the net */
    mlp_losslog *log;            /* the kept run's loss log (its refit rows included), in
                                    memory; owned; NULL only when no run started */
    mlp_diagnose *diagnosis;     /* the kept run's diagnosis (of the one run, even diverged;
                                    of no run when every restart diverged), or NULL; owned;
                                    given the loss of the weights in the net
                                    (mlp_diagnose_model_loss) */
} mlp_fit_result;

/* The seed of run k (1-based) of a restart: run 1 uses seed itself, run
 * k > 1 the (k-1)-th number of the generator seeded with it, cut to 53
 * bits, so `--seed` can repeat any one run. */
uint64_t mlp_fit_restart_seed(uint64_t seed, long run);

/* The columns of the loss log of a fit with these data and options. */
mlp_losslog_columns mlp_fit_log_columns(const mlp_fit_data *data, const mlp_fit_options *opts);

/* The options of one mlp_train_run of this fit (no callback, no
 * validation set; the shuffle seeded with opts->seed, the schedule spanning
 * opts->epochs): its optimizer and schedule point into opts, so opts must
 * outlive them. For tools that train as the fit would (the pre-flight trial, the
 * learning-rate scan). */
mlp_train_options mlp_fit_train_options(const mlp_fit_options *opts, const mlp_fit_data *data);

/* Trains net as above; on_epoch may be NULL. result is filled in every
 * case (free it with mlp_fit_result_free). Returns MLP_OK; MLP_ERR_DIVERGED
 * when every run diverged or the refit did (result->diverged; err says
 * where); MLP_ERR_INTERRUPTED when the callback stopped the run (err as
 * mlp_train_run's, with a hint saying what the outputs hold); MLP_ERR_USAGE
 * for a NULL argument, options out of the ranges above (the message names
 * the field), a refit without full, optimizer settings; MLP_ERR_DATA when a data set does
 * not fit the net, has no rows or no targets (mlp_train_run's checks);
 * MLP_ERR_NOMEM; or the callback's error. With MLP_OK, DIVERGED and
 * INTERRUPTED, result->log and the net are what the outputs should hold. */
mlp_status mlp_fit_run(mlp_net *net, const mlp_fit_data *data, const mlp_fit_options *opts,
                       mlp_fit_epoch_fn on_epoch, void *ctx, mlp_fit_result *result,
                       mlp_error *err);

/* Frees what result owns and zeroes it; safe on a zeroed result. */
void mlp_fit_result_free(mlp_fit_result *result);

#ifdef __cplusplus
}
#endif

#endif
