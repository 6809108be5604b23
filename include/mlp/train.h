/* train.h: the full-batch gradient-descent loop.
 *
 * Epoch k (1-based): one forward pass over every training row on the current
 * weights (its mean loss is row k of the loss log, so row 1 is the loss of
 * the initial weights), one backward pass, one update W -= lr * dW. A
 * validation set, when given, is evaluated on the same weights in the same
 * epoch. The loop never touches a file: it hands each epoch's figures to a
 * callback, and the caller decides what to write.
 */
#ifndef MLP_TRAIN_H
#define MLP_TRAIN_H

#include <signal.h>
#include <stddef.h>

#include "mlp/dataset.h"
#include "mlp/error.h"
#include "mlp/net.h"

typedef struct {
    long epoch;           /* 1-based */
    double loss;          /* mean training loss before this epoch's update */
    double accuracy;      /* fraction of rows classified right; NaN for regression */
    double val_loss;      /* NaN without a validation set */
    double val_accuracy;  /* NaN without a validation set or for regression */
} mlp_epoch_stats;

/* Called after every epoch's update; a non-zero return stops training with
 * that status (the callback fills err). */
typedef mlp_status (*mlp_epoch_fn)(void *ctx, const mlp_epoch_stats *stats, mlp_error *err);

typedef struct {
    double learning_rate;                  /* > 0 */
    long epochs;                           /* >= 1 */
    int classify;                          /* count accuracy (the schema has labels) */
    const mlp_dataset *validation;         /* or NULL */
    mlp_epoch_fn on_epoch;                 /* or NULL */
    void *ctx;                             /* passed to on_epoch */
    volatile sig_atomic_t *interrupted;    /* when it becomes non-zero, stop after the epoch; or NULL */
} mlp_train_options;

typedef struct {
    long epochs_run;        /* complete epochs (forward, backward, update) */
    double final_loss;      /* mean training loss after the last update */
    double final_accuracy;  /* NaN for regression */
    double seconds;         /* wall time of the epochs, excluding the final evaluation */
} mlp_train_result;

/* Trains net on data. Returns MLP_OK after opts->epochs epochs;
 * MLP_ERR_INTERRUPTED when *interrupted was set (the net holds the weights of
 * the last complete epoch); MLP_ERR_DIVERGED when a loss is NaN or infinite
 * (err names the epoch; the net's weights are then not to be saved);
 * whatever on_epoch returned; MLP_ERR_NOMEM. result is filled in every case. */
mlp_status mlp_train_run(mlp_net *net, const mlp_dataset *data, const mlp_train_options *opts,
                         mlp_train_result *result, mlp_error *err);

#endif
