/* SPDX-License-Identifier: MIT */
/* train.h: the training loop, full-batch or in mini-batches.
 *
 * Full batch (the default): epoch k (1-based) is one forward pass over
 * every training row on the current weights (its mean loss is row k of the
 * loss log, so row 1 is the loss of the initial weights), one backward
 * pass, the l2 gradient when asked for, one optimizer step (plain gradient
 * descent W -= lr * dW unless another optimizer is given; see optimizer.h).
 * A validation set, when given, is evaluated on the same weights in the
 * same epoch.
 *
 * Mini-batches (batch_size B below the N rows): epoch k is one pass over
 * the rows in ceil(N / B) batches of B rows (the last one smaller), each
 * batch one forward pass, one backward pass of its own mean loss, the l2
 * gradient and one step. With shuffle the order of the rows is drawn again
 * at the start of every epoch (Fisher-Yates, from a generator seeded with
 * `seed`), else the batches are consecutive rows in file order. Row k of
 * the loss log holds the mean over the epoch's rows of the loss each batch
 * had before its update, weighted by the batch's rows (the last batch
 * counts for its own rows), and the accuracy of those same passes: figures
 * the updates computed anyway, at no extra pass. The validation figures of
 * epoch k are those of the weights epoch k starts from, as in full batch.
 * B >= N is full batch, exactly. Every optimizer but irprop- works batched;
 * mlp_train_run refuses irprop- with batches (its steps follow the sign of
 * the full-batch gradient, which the noise of a batch flips).
 *
 * A learning-rate schedule (schedule.h) sets the optimizer's rate at the
 * start of every epoch from the epoch number.
 *
 * The monitored loss is the validation loss when there is a validation set,
 * else the training loss. Epoch k is a new best when its monitored loss is
 * below (best so far - min_delta); with patience P > 0, training stops
 * early after P epochs in a row without a new best, and the weights of the
 * best epoch (those before its update, the ones its row was computed on;
 * batched, the weights it started from) are put back before returning. The
 * loop never touches a file: it hands each epoch's figures to a callback,
 * and the caller decides what to write.
 */
#ifndef MLP_TRAIN_H
#define MLP_TRAIN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "mlp/dataset.h"
#include "mlp/error.h"
#include "mlp/net.h"
#include "mlp/optimizer.h"
#include "mlp/schedule.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    long epoch;           /* 1-based */
    double loss;          /* mean training loss before this epoch's update (no l2 term);
                             batched, the mean over the rows of each batch's loss before
                             its update */
    double accuracy;      /* fraction of rows classified right; NaN for regression */
    double val_loss;      /* NaN without a validation set */
    double val_accuracy;  /* NaN without a validation set or for regression */
    long best_epoch;      /* the best epoch so far (see above), this one included; 0 before any;
                             in a refit, the best epoch E of the run it repeats */
} mlp_epoch_stats;

/* Called after every epoch's update; a non-zero return stops training with
 * that status (the callback fills err). err is never NULL: when the caller
 * of mlp_train_run passed NULL, it is a record of the library's, dropped
 * after the run. The net keeps that epoch's update,
 * and result->epochs_run counts it: stopped at epoch K, the run reports K
 * epochs and holds the weights of a K-epoch run (with MLP_ERR_INTERRUPTED,
 * the best epoch's under patience, as on *interrupted). */
typedef mlp_status (*mlp_epoch_fn)(void *ctx, const mlp_epoch_stats *stats, mlp_error *err);

/* Data-parallel training (several processes, each holding a slice of the
 * rows: docs/architecture.md, "More than one process"): called after every
 * pass of the loop over this process's rows (each epoch's gradient pass,
 * its validation pass, the final evaluations), with the pass's figures and,
 * after a gradient pass, the gradient (grads = net->grads, n = n_params;
 * NULL after an evaluation). It must leave in *pass (loss, loss_sum,
 * correct, rows) and in grads the figures and the gradient of the mean loss
 * over the rows of every slice together, the same in every process, so that
 * every process takes the same decisions and the same step. A non-zero
 * return stops training with that status (the callback fills err). */
typedef mlp_status (*mlp_train_reduce_fn)(void *ctx, double *grads, size_t n, mlp_net_pass *pass,
                                          mlp_error *err);

/* The largest refit_scale (the spec's bound, "early_stopping.refit_scale"):
 * round(refit_scale x (E - 1)) then stays a long for every E - 1 <= 2^53. */
#define MLP_TRAIN_MAX_REFIT_SCALE 100

typedef struct {
    double learning_rate;                  /* > 0; the step of plain gd when optimizer is NULL
                                              (ignored otherwise: the optimizer's own is used) */
    long epochs;                           /* >= 1: the most epochs to run */
    int classify;                          /* count accuracy (the schema has labels) */
    const mlp_dataset *validation;         /* or NULL */
    mlp_epoch_fn on_epoch;                 /* or NULL */
    void *ctx;                             /* passed to on_epoch */
    volatile sig_atomic_t *interrupted;    /* when it becomes non-zero, stop after the epoch; or NULL */
    const mlp_optimizer_options *optimizer; /* NULL: gd with learning_rate */
    double l2;                             /* >= 0: lambda of the l2 penalty on W (0 = none) */
    long patience;                         /* > 0: early stopping as above; 0 = run every epoch */
    double min_delta;                      /* >= 0: how much lower a new best must be */
    int threads;                           /* lanes of the passes, 0..64 (0: 1); see
                                              mlp_workspace_options. The same count gives
                                              the same bits */
    size_t batch_size;                     /* rows per update; 0 or >= the rows: full batch */
    int shuffle;                           /* batched: a new order of the rows every epoch */
    uint64_t seed;                         /* seeds the shuffle (a stream of its own: the
                                              same seed draws other numbers for the weights) */
    const mlp_schedule *schedule;          /* the learning rate's schedule; NULL: constant */
    long schedule_epochs;                  /* >= 0: the run the schedule spans, E in
                                              schedule.h; 0: epochs */
    mlp_train_reduce_fn reduce;            /* data-parallel runs only (above); NULL: the
                                              data are all the rows */
    void *reduce_ctx;                      /* passed to reduce */
    mlp_rate_advice advice;                /* the rate the error of a diverged run suggests
                                              (optimizer.h); zero: a tenth of the rate */
    int inputs_standardized;               /* the inputs are "normalize": "standard" already:
                                              the error of a diverged run does not suggest it */
    double target_divisor;                 /* > 0: the targets are far from the outputs' scale
                                              (mlp_diagnose_target_divisor): the error of a
                                              diverged run says to divide them by it */
    double refit_scale;                    /* mlp_train_refit only: 0 (1) or 1 to
                                              MLP_TRAIN_MAX_REFIT_SCALE; its epochs are
                                              round(refit_scale x (E - 1)); 0 or 1: E - 1 */
    int measure_initial_loss;              /* 1: a batched run without a validation set
                                              measures initial_loss by one pass of the
                                              initial weights over the rows before epoch
                                              1 (mlp_fit_run sets it for restarts, whose
                                              margin reads it); 0: that pass is not paid
                                              for, and initial_loss is NaN there */
    mlp_net_chunk_fn final_chunk;          /* or NULL: shown each chunk of the final
                                              evaluation over the training rows (net.h,
                                              mlp_net_evaluate_each); the diagnosis takes
                                              its unit and class counts from it */
    void *final_ctx;                       /* passed to final_chunk */
    const char *on_epoch_memory;           /* what on_epoch keeps in memory (mlp_fit_run's:
                                              "the loss log"), named when it fails under a
                                              reduce: see on_epoch's failure below; NULL:
                                              "the record of an epoch" */
} mlp_train_options;

typedef struct {
    long epochs_run;        /* complete epochs (forward, backward, update) */
    double final_loss;      /* mean training loss of the weights returned */
    double final_accuracy;  /* NaN for regression */
    double final_val_loss;  /* the same on the validation set; NaN without one */
    double final_val_accuracy;
    double seconds;         /* wall time of the epochs, excluding the final evaluation */
    long best_epoch;        /* epoch of the lowest monitored loss (0 when no epoch ran) */
    double best_loss;       /* that monitored loss (validation loss when there is a set) */
    double initial_loss;    /* the loss of the initial weights: the monitored loss of epoch 1;
                               batched without a validation set, where epoch 1's is a mean
                               over batches taken during its updates, one pass of the
                               initial weights over the training rows (no l2 term) when
                               opts->measure_initial_loss, else NaN */
    int stopped_early;      /* 1 when patience ran out before opts->epochs */
    int restored;           /* 1 when the best epoch's weights were put back */
} mlp_train_result;

/* Trains net on data. Returns MLP_OK after opts->epochs epochs or an early
 * stop; MLP_ERR_INTERRUPTED when *interrupted was set (the net holds the
 * weights of the last complete epoch, or of the best one with patience);
 * MLP_ERR_DIVERGED when a loss is NaN or infinite (err names the epoch; the
 * net's weights are then not to be saved), the validation loss included
 * (err names the validation row); MLP_ERR_DATA, before any update, when
 * the output of a row on the initial weights is not finite (a value that
 * overflows), or the loss of a validation row (err names the row). A row
 * is named at its file and line (err->path, err->line) when its set keeps
 * them (mlp_dataset.path, .row_line), else as "validation row N" (N
 * counting the set's rows from 1); with a reduce (several processes) the
 * row is not looked for. MLP_ERR_USAGE, naming the field,
 * for an option out of the range given above (epochs, l2, patience,
 * min_delta, threads, schedule_epochs) or optimizer or schedule settings out
 * of range, or irprop- with mini-batches; MLP_ERR_DATA, before any epoch,
 * when data (or opts->validation) does not fit the net (n_features and
 * n_outputs must be its input and output sizes), has no rows (allowed to
 * one process of a data-parallel run), or no X or Y (a set built without
 * targets); whatever on_epoch returned; MLP_ERR_NOMEM; MLP_ERR_USAGE when
 * an argument is NULL. result must not be NULL (it is refused so, as the
 * others are); it is filled in every case, the refusals of the other
 * arguments and of the options included.
 * Under a reduce, on_epoch may fail in some processes alone (out of memory
 * for its records): such a process goes on to the next reduction (the
 * next epoch's first, or the final evaluation's; no update is taken) and
 * tells the others there, at no cost of a reduction of its own, and then
 * every process returns MLP_ERR_NOMEM with the same message, "out of
 * memory for WHAT (in K of P processes)", WHAT opts->on_epoch_memory (a
 * failing process whose error was not MLP_ERR_NOMEM returns its own). So
 * on_epoch must still take, when it fails, the decisions every process
 * takes alike (setting *interrupted). */
mlp_status mlp_train_run(mlp_net *net, const mlp_dataset *data, const mlp_train_options *opts,
                         mlp_train_result *result, mlp_error *err);

/* Refit after early stopping. A run that stopped early kept the weights of
 * its best epoch E, which had received E - 1 updates; it learnt from the
 * rows left after holding out the validation set. The refit trains again
 * from the same initial weights on every row (data: the training and the
 * validation rows), for the same E - 1 epochs, without validation or
 * early stopping. Full-batch, one epoch is one update, so this is also the
 * same number of passes over the data; in mini-batches it is E - 1 passes
 * (epochs) over the larger set, so more updates. mlp_train_refit_epochs
 * gives E - 1 (0 when E < 2: no update to repeat), or with a scale s >= 1
 * (opts->refit_scale, "early_stopping.refit_scale") round(s (E - 1)), half
 * away from zero: the updates of a full-batch refit scaled with its rows,
 * s = 1 / (1 - validation_split), say (docs/spec.md). s of 0 or 1 (or any
 * s not above 1): E - 1; a count past LONG_MAX gives LONG_MAX. */
long mlp_train_refit_epochs(const mlp_train_result *stopped, double scale);

/* Copies initial (net->n_params) into net and trains it on data for
 * mlp_train_refit_epochs(stopped, opts->refit_scale) epochs with opts' optimizer, l2,
 * classify, on_epoch, ctx, interrupted, batches and schedule (which spans
 * opts' schedule_epochs, else its epochs, as in the run it repeats); opts'
 * epochs, validation, patience and min_delta are ignored. The result is bit for bit that of
 * mlp_train_run with those epochs and no validation from the same
 * weights; on_epoch sees stats->best_epoch = E.
 * Returns as mlp_train_run; MLP_ERR_USAGE (net untouched) when an argument
 * is NULL, opts->refit_scale is out of its range, or there is no update to
 * repeat. */
mlp_status mlp_train_refit(mlp_net *net, const double *initial, const mlp_dataset *data,
                           const mlp_train_options *opts, const mlp_train_result *stopped,
                           mlp_train_result *result, mlp_error *err);

#ifdef __cplusplus
}
#endif

#endif
