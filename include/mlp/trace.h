/* SPDX-License-Identifier: MIT */
/* trace.h: every intermediate array of one full forward and backward pass,
 * recorded so a learner can diff their own implementation against it.
 *
 * The pass is the one of a chosen epoch (the weights it starts from are
 * recorded, and the initial weights of the run when given), over all
 * training rows or over one row alone, treated as the whole batch (N = 1).
 * Steps, in order, each with its shape and formula (layers 1-based,
 * A0 = X, N rows, K output units):
 *   X, T                       inputs as the network sees them (normalised) and targets
 *                              (its formula says which: labels one-hot or 0/1, columns as read)
 *   W{l}, b{l}                 the weights of the pass, l = 1..L
 *   Z{l} = A{l-1} W{l}^T + b{l},  A{l} = f(Z{l})       l = 1..L
 *   loss                       the mean loss (1 x 1)
 *   dZ{L}                      d loss / d Z{L} (fused with softmax/sigmoid for the cross-entropies)
 *   dW{l} = dZ{l}^T A{l-1},  db{l} = sum over rows of dZ{l}
 *   dA{l-1} = dZ{l} W{l},  dZ{l-1} = dA{l-1} * f'(Z{l-1})   l = L..2
 * loss and dW{l} are those of the data alone. With an l2 penalty lambda > 0
 * two more follow, the objective and gradient training uses:
 *   penalty                    (lambda / 2) sum of W{l}^2 over every layer's W (1 x 1)
 *   gW{l} = dW{l} + lambda W{l}   l = 1..L (the biases carry no penalty: db{l} is theirs)
 * The trace never changes the network it is given. docs/trace.md shows the
 * file formats and a worked example.
 */
#ifndef MLP_TRACE_H
#define MLP_TRACE_H

#include <stddef.h>
#include <stdio.h>

#include "mlp/dataset.h"
#include "mlp/error.h"
#include "mlp/net.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MLP_TRACE_FORMULA_MAX 224

typedef struct {
    char name[8];                        /* "X", "T", "W", "b", "Z", "A", "loss", "dZ", "dW", "db", "dA",
                                            and with l2 > 0 "penalty", "gW" */
    size_t layer;                        /* 1-based; 0 for X, T, loss and penalty */
    size_t rows, cols;                   /* data is (rows, cols); b and db are (1, n_out), loss and
                                            penalty (1, 1) */
    char formula[MLP_TRACE_FORMULA_MAX]; /* how it is computed, in the names above */
    double *data;                        /* rows * cols values, row-major; owned */
} mlp_trace_step;

typedef struct {
    long epoch;                          /* the epoch whose pass this is (1-based) */
    long row;                            /* the row of X traced alone (0-based), or -1 for all */
    long file_row;                       /* that row's number in the data file (1-based), the
                                            trace's "row"; row + 1 unless told */
    size_t n_rows;                       /* N: rows in the pass */
    double loss;                         /* the mean loss of the pass, without the l2 penalty */
    double l2;                           /* lambda of the l2 penalty (0: none, no penalty or gW steps) */
    size_t n_layers;
    size_t sizes[MLP_MAX_LAYERS + 1];
    mlp_activation acts[MLP_MAX_LAYERS];
    mlp_loss loss_kind;
    size_t n_params;
    double *initial;                     /* n_params initial weights (W then b per layer), or NULL; owned */
    size_t n_steps, cap_steps;
    mlp_trace_step *steps;               /* owned */
} mlp_trace;

typedef struct {
    long epoch;               /* recorded as is; 1 = the initial weights */
    long row;                 /* 0-based row of X/T to trace alone, or -1 for all N rows */
    long file_row;            /* that row's number in the data file, 1-based, recorded as the
                                 trace's "row" (X may hold some rows of the file only: the
                                 training rows of a validation split); 0: row + 1 */
    const double *initial;    /* net->n_params initial weights to record, or NULL */
    double l2;                /* lambda of the run's l2 penalty, >= 0: above 0 the penalty and
                                 the gradient the update uses, gW, are traced too */
    const mlp_schema *schema; /* the training data's, which says what T holds (class labels
                                 one-hot or 0/1, one-hot columns, targets as read) in its
                                 formula; NULL: told by the network's output and loss */
} mlp_trace_options;

/* Records the pass of net (its current weights) over X (N, n_in) and
 * T (N, n_out) into *trace (zeroed first; free with mlp_trace_free). Errors:
 * MLP_ERR_USAGE for a row out of range, MLP_ERR_NOMEM. */
mlp_status mlp_trace_run(const mlp_net *net, const double *X, const double *T, size_t N,
                         const mlp_trace_options *opts, mlp_trace *trace, mlp_error *err);

/* The step with this name and layer, or NULL. */
const mlp_trace_step *mlp_trace_find(const mlp_trace *trace, const char *name, size_t layer);

/* The whole trace as one JSON object (docs/trace.md), numbers with 17
 * significant digits. MLP_ERR_IO when a write fails, in the words of every
 * failed write ("cannot write: <strerror>; <what to do>"), at the path "-":
 * the caller names the file. */
mlp_status mlp_trace_write_json(const mlp_trace *trace, FILE *out, mlp_error *err);

/* The trace as a folder of CSV files: index.csv (step,key,name,layer,rows,
 * cols,file,formula) and one file per array (e.g. 07_Z1.csv, no header),
 * plus initial_W1.csv, initial_b1.csv, ... when the initial weights are
 * known. The folder is created when missing. The folder is written as a
 * whole or not at all: every file is first written, checked and synced as
 * a temporary file beside its destination, then all are renamed into
 * place (index.csv last), each trading names with the file it replaces
 * (renameat2 RENAME_EXCHANGE), so that when one rename fails those before
 * it are taken back; on any failure the folder's files are as they were
 * (on a file system without the exchange, those already replaced stay
 * new, and the hint says so) and a folder this call made is removed.
 * Then a file of an earlier trace (a name of this form) that this trace
 * does not write is removed, so the folder holds what index.csv lists and
 * the user's own files. MLP_ERR_IO with the path when it cannot be. */
mlp_status mlp_trace_write_csv(const mlp_trace *trace, const char *dir, mlp_error *err);

/* Whether mlp_trace_write_csv could make or use the folder dir, without
 * writing anything: an existing folder is MLP_OK (whether its files can be
 * written is the caller's to check, with mlp_trace_csv_paths); a path that
 * is something else is refused in mlp_trace_write_csv's words ("cannot
 * create the trace folder: Not a directory"); a missing one must be one
 * that can be made, checked with mlp_fileio_atomic_check (its folder
 * missing, a file, read-only, not writable: "create the folder "x"
 * first"). MLP_ERR_IO naming dir. */
mlp_status mlp_trace_csv_check_folder(const char *dir, mlp_error *err);

/* Every file mlp_trace_write_csv writes for trace into dir, as paths
 * (dir + "/" + name, never cut short): index.csv first, then the steps'
 * files and the initial weights'. The names depend only on the network's
 * layers, its l2 and whether the initial weights are known, so a trace of
 * one row lists the files of any later trace of the run: for checking
 * them against the run's inputs and outputs before training. *paths (n
 * strings) is freed with mlp_trace_csv_paths_free. MLP_ERR_NOMEM. */
mlp_status mlp_trace_csv_paths(const mlp_trace *trace, const char *dir, char ***paths, size_t *n,
                               mlp_error *err);
void mlp_trace_csv_paths_free(char **paths, size_t n);

/* Frees what trace owns and zeroes it; safe on a zeroed trace. */
void mlp_trace_free(mlp_trace *trace);

#ifdef __cplusplus
}
#endif

#endif
