/* SPDX-License-Identifier: MIT */
/* outputs.h: the files a training run leaves, planned before it and
 * written together after it.
 *
 * Before training (so that no work is lost to a bad path):
 *  - mlp_outputs_check_paths refuses an output that is the same file as an
 *    input (the spec, the training or validation CSV, the initial weights;
 *    mlppredict's model and input) or as another output (weights, loss log,
 *    trace), comparing files, not strings (see src/pathid.h): device and
 *    inode for files that exist, the resolved folder and the name for files
 *    that do not yet. `-w same -o ./same` is one file; "-" is the file
 *    open on standard output for an output (`-w - -o /dev/stdout` is one
 *    file unless it is a terminal), on standard input for an input
 *    (`-o in.csv < in.csv` with an input "-" is refused).
 *  - mlp_outputs_check_writable creates and removes a temporary file beside
 *    the output, so a missing or read-only folder is found at once, and
 *    finds what would refuse the final rename: a file system mounted on
 *    the destination, another user's file in a sticky folder (not for
 *    root). A destination that is not a regular file (a FIFO, /dev/null)
 *    is not opened, only checked for write permission.
 *  - mlp_outputs_check_plan does both for the whole run, from its plain
 *    paths (mlp_outputs_plan): the weights, the loss log and the trace
 *    (a JSON file, or a folder with each file of a CSV trace an output of
 *    its own) against each other and against the spec, the training and
 *    validation data and the initial weights, then each for writing.
 *    Nothing is left behind: no temporary file, no trace folder made.
 *
 * After training, mlp_outputs_write commits the weights and the loss log of
 * one run together or not at all:
 *  1. the weights are encoded in memory and the log's text taken from its
 *     in-memory log (no file existed during training);
 *  2. both are written in full to temporary files beside their
 *     destinations, flushed, synced and closed: any failure here (a full
 *     disk, /dev/full, a file-size limit) removes both temporary files and
 *     leaves both destinations as they were;
 *  3. an exclusive lock (flock) is taken on the folder that holds the
 *     weights file (the file a symbolic link at the weights' path leads
 *     to, so a run naming the link and one naming the file take the same
 *     lock), so two runs writing the same outputs at once commit one after
 *     the other, never interleaved;
 *  4. the log is renamed over its destination, keeping the old log under
 *     the temporary name (renameat2 RENAME_EXCHANGE), then the weights over
 *     theirs; when the weights' rename fails, the old log is put back (a
 *     log that did not exist is removed), so the previous pair stays; the
 *     lock is released.
 * The weights file is renamed last, so a reader that finds new weights
 * finds their log beside them. What is not guaranteed: where the file
 * system has no RENAME_EXCHANGE (NFS, some FUSE) the log's rename cannot be
 * taken back, and when putting the old log back fails too, the new log
 * stays with the old weights (the error's hint says so). A folder that
 * cannot be opened for reading is not locked (the write goes on; only the
 * mutual exclusion is lost). A signal that cuts short a write waiting on a
 * FIFO or a pipe (outputs in defer mode, signals.h) ends it with
 * MLP_ERR_INTERRUPTED: nothing is renamed.
 * Destinations that are character devices or FIFOs (/dev/null) are written
 * straight through at step 2 (fileio.h).
 */
#ifndef MLP_OUTPUTS_H
#define MLP_OUTPUTS_H

#include <stddef.h>

#include "mlp/dataset.h"
#include "mlp/error.h"
#include "mlp/losslog.h"
#include "mlp/net.h"
#include "mlp/weights.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A file named on the command line or in the spec, for the checks. */
typedef struct {
    const char *path;    /* NULL: not used in this run (skipped) */
    const char *what;    /* in messages: "weights", "loss log", "training data", ... */
    const char *option;  /* the option that sets an output, for the hint: "--weights" */
} mlp_named_path;

/* Refuses an output that is the same file as an input, or as an output
 * before it in the list. MLP_ERR_USAGE naming the output's path:
 *   "the weights would overwrite the training data (d.csv); give --weights another path"
 *   "the weights and the loss log would be written to the same file; give --weights and
 *    --loss-log different paths" */
mlp_status mlp_outputs_check_paths(const mlp_named_path *outputs, size_t n_outputs,
                                   const mlp_named_path *inputs, size_t n_inputs, mlp_error *err);

/* mlp_fileio_atomic_check (fileio.h): MLP_ERR_IO when path could not be
 * written or replaced later. */
mlp_status mlp_outputs_check_writable(const char *path, mlp_error *err);

/* The files of one training run, for mlp_outputs_check_plan. A NULL path
 * is not used in this run and is skipped. */
typedef struct {
    const char *weights;      /* outputs, compared with each other in this order */
    const char *loss_log;
    const char *trace;        /* one JSON file, or with trace_format "csv" a folder */
    const char *trace_format; /* "csv": a folder of CSV files (mlp_trace_write_csv); NULL or
                                 anything else: one file */
    const char *spec;         /* inputs: no output may be one of them */
    const char *train;
    const char *validation;
    const char *init_weights;
    const mlp_net *net;       /* with a CSV trace: the network traced, whose layers name
                                 the trace's files (trace.h); not changed */
    double l2;                /* with a CSV trace: the run's l2 penalty; above 0 the trace
                                 has penalty and gW files too */
} mlp_outputs_plan;

/* Before any epoch, so that no work is lost to a bad path: refuses an
 * output that is an input or another output (mlp_outputs_check_paths,
 * whose messages it gives, the CSV trace's files as "trace", --trace),
 * then checks in turn that the weights, a JSON trace, a CSV trace's folder
 * (mlp_trace_csv_check_folder) and, in a folder that exists, each of its
 * files, and the loss log can be written (mlp_outputs_check_writable).
 * MLP_ERR_USAGE, MLP_ERR_IO naming the file, MLP_ERR_NOMEM; MLP_ERR_USAGE
 * for a NULL plan, or a CSV trace without its net. */
mlp_status mlp_outputs_check_plan(const mlp_outputs_plan *plan, mlp_error *err);

/* What one run leaves. */
typedef struct {
    const char *weights_path;      /* NULL: no weights are written (a diverged run) */
    const mlp_net *net;            /* with weights_path */
    const mlp_schema *schema;      /* with weights_path */
    const mlp_provenance *prov;    /* with weights_path; NULL: nothing known */
    const char *loss_path;         /* NULL: no loss log */
    mlp_losslog *log;              /* an in-memory log (mlp_losslog_create), with loss_path;
                                      not freed */
} mlp_outputs;

/* Writes the outputs as above. MLP_ERR_IO naming the file that could not
 * be written (both destinations then untouched), MLP_ERR_INTERRUPTED for a
 * write a signal cut short, MLP_ERR_WEIGHTS for a
 * provenance out of range, MLP_ERR_USAGE for a log not kept in memory,
 * MLP_ERR_NOMEM. A NULL pointer that a path needs is refused with
 * MLP_ERR_USAGE before anything is written: with weights_path, a NULL net
 * or schema ("cannot save the model: the network is NULL", at
 * weights_path, as mlp_weights_encode says it); with loss_path, a NULL log
 * ("mlp_outputs_write: the loss log is NULL"). out itself must not be NULL. */
mlp_status mlp_outputs_write(const mlp_outputs *out, mlp_error *err);

#ifdef __cplusplus
}
#endif

#endif
