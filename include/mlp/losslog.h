/* SPDX-License-Identifier: MIT */
/* losslog.h: the per-epoch loss CSV (docs/loss-log.md).
 *
 * Columns: epoch,loss, then accuracy for classification, then
 * val_loss,val_accuracy (val_loss alone for regression) with a validation
 * set, then best_epoch when asked for (with early stopping), then refit
 * when asked for (0 on the rows of the early-stopped run, 1 on the rows of
 * its refit). Each number is the shortest text that reads back to the same
 * double (at most 17 significant digits). A log opened on a path writes its
 * rows to a temporary file; mlp_losslog_commit renames it into place,
 * mlp_losslog_abort removes it. A log made by mlp_losslog_create keeps its
 * rows in memory, so no file exists while training runs; mlp_outputs_write
 * (outputs.h) writes it together with the weights.
 */
#ifndef MLP_LOSSLOG_H
#define MLP_LOSSLOG_H

#include "mlp/error.h"
#include "mlp/train.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mlp_losslog mlp_losslog;

/* How every log's header starts: what tells a loss log from other files
 * given in its place (or in a model's). */
#define MLP_LOSSLOG_HEADER_START "epoch,loss"

/* Opens the temporary file beside path and writes the header. NULL with
 * err (MLP_ERR_IO, MLP_ERR_NOMEM) when path cannot be written. */
mlp_losslog *mlp_losslog_open(const char *path, int classify, int validation, mlp_error *err);

/* Which columns a log has beyond epoch and loss. */
typedef struct {
    int classify;    /* accuracy (and val_accuracy) */
    int validation;  /* val_loss (and val_accuracy) */
    int best_epoch;  /* best_epoch: stats->best_epoch, the epoch whose weights early stopping keeps */
    int refit;       /* refit: 0 until mlp_losslog_begin_refit, 1 after */
} mlp_losslog_columns;

/* mlp_losslog_open with a choice of columns. */
mlp_losslog *mlp_losslog_open_columns(const char *path, const mlp_losslog_columns *cols,
                                      mlp_error *err);

/* A log kept in memory (no file is touched). NULL with err (MLP_ERR_NOMEM). */
mlp_losslog *mlp_losslog_create(const mlp_losslog_columns *cols, mlp_error *err);

/* The text of an in-memory log so far (header and rows): *text is borrowed,
 * valid until the next append or the free. MLP_ERR_USAGE for a log opened
 * on a path; MLP_ERR_NOMEM. */
mlp_status mlp_losslog_text(mlp_losslog *log, const char **text, size_t *len, mlp_error *err);

/* Appends one epoch's row. */
mlp_status mlp_losslog_append(mlp_losslog *log, const mlp_epoch_stats *stats, mlp_error *err);

/* Marks the rows appended from now on as those of a refit (1 in the refit
 * column, when the log has one). */
void mlp_losslog_begin_refit(mlp_losslog *log);

/* Renames the file into place and frees log (in every case); MLP_ERR_USAGE
 * for a log kept in memory. */
mlp_status mlp_losslog_commit(mlp_losslog *log, mlp_error *err);

/* Removes the temporary file (or the memory) and frees log; NULL is allowed. */
void mlp_losslog_abort(mlp_losslog *log);

#ifdef __cplusplus
}
#endif

#endif
