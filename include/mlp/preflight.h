/* SPDX-License-Identifier: MIT */
/* preflight.h: what will make training fail or mislead, found before the
 * first epoch (mlptrain runs it every time; `mlptrain --check` runs it alone).
 *
 * Every case has a code, a severity (an error stops training, exit 2; a
 * warning is said once and training goes on), the place in the spec or the
 * CSV it is about, and the figure and threshold it was decided on.
 * docs/diagnostics.md is the user's list. In order of the checks:
 *
 *  softmax-one-unit       error    a softmax output of 1 unit (always 1: nothing to learn)
 *  linear-hidden          warning  hidden layers all "linear": the network is linear
 *  warmup-past-run        warning  a schedule's warm-up of at least the run's epochs: no
 *                                  epoch trains at the learning rate
 *  target-range           error    a target outside the output activation's range:
 *                                  sigmoid [0, 1], tanh [-1, 1], relu [0, inf)
 *  target-scale           warning  regression targets beyond +-MLP_DIAG_LARGE_TARGET on
 *                                  an output unbounded above (linear, relu, ...)
 *  output-not-probability warning  0/1 class targets or class labels on a tanh, relu,
 *                                  leaky_relu or linear output: its values are not
 *                                  probabilities
 *  mse-for-classes        warning  mse on a sigmoid or softmax output with 0/1 class targets
 *  sigmoid-one-class      warning  several sigmoid outputs with binary_cross_entropy on rows
 *                                  of exactly one class each: softmax + cross_entropy
 *  feature-scales         warning  normalize "none" and feature magnitudes max|x_j| that
 *                                  differ by more than MLP_PREFLIGHT_SCALE_RATIO, or one
 *                                  above MLP_PREFLIGHT_LARGE_FEATURE
 *  constant-column        warning  a feature with one value in every row
 *  conflicting-duplicates warning  rows with the same features and different targets
 *  rare-class             warning  a class with fewer than MLP_PREFLIGHT_RARE_FRACTION of
 *                                  the rows an even split would give it
 *  lr-unstable            warning  in a trial of MLP_PREFLIGHT_PROBE_EPOCHS epochs from the
 *                                  initial weights at the highest rate the run reaches (the
 *                                  learning rate, unless a warm-up holds it below
 *                                  throughout) the loss becomes NaN/inf, exceeds
 *                                  MLP_LRSCAN_RISE x its first value, or does not fall;
 *                                  with a feature beyond MLP_PREFLIGHT_LARGE_FEATURE
 *                                  unscaled, the hint is to scale them, not a rate
 */
#ifndef MLP_PREFLIGHT_H
#define MLP_PREFLIGHT_H

#include <stddef.h>

#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/diagnose.h"
#include "mlp/parts.h"
#include "mlp/error.h"
#include "mlp/finding.h"
#include "mlp/net.h"
#include "mlp/optimizer.h"
#include "mlp/spec.h"
#include "mlp/train.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MLP_PREFLIGHT_SCALE_RATIO 100.0     /* largest / smallest feature magnitude */
#define MLP_PREFLIGHT_LARGE_FEATURE MLP_DIAG_LARGE_INPUT /* a magnitude that saturates
                                                           tanh/sigmoid at init (100) */
#define MLP_PREFLIGHT_RARE_FRACTION 0.1     /* of N / (number of classes) */
#define MLP_PREFLIGHT_PROBE_EPOCHS 10       /* epochs of the learning-rate trial */
#define MLP_PREFLIGHT_PROBE_MIN_RUN 100     /* the trial runs only for runs this long, so it
                                               costs at most a tenth of the run */
#define MLP_PREFLIGHT_PROBE_RETRIES 4       /* smaller rates (each / 10) tried for the hint */
#define MLP_PREFLIGHT_MAX_NAMED 5           /* columns or rows named in one message */

typedef struct {
    const mlp_spec *spec;           /* required */
    const mlp_csv *csv;             /* the training table; NULL skips every data check */
    const char *csv_text;           /* its bytes, for the column of a cell; or NULL (col 0) */
    size_t csv_len;
    const mlp_schema *schema;       /* from mlp_dataset_from_csv(csv, spec); with data */
    const mlp_dataset *data;        /* the training set built from csv; or NULL */
    const mlp_dataset *trial_data;  /* the rows training will use, when not all of data (a
                                       validation split); NULL = data. The trial trains on
                                       them and the class targets are judged on them */
    const mlp_dataset *validation;  /* the validation file's rows, or NULL (a split's held-out
                                       rows are in data): output-not-probability,
                                       mse-for-classes and sigmoid-one-class judge class
                                       targets by the run's rule on the run's rows,
                                       mlp_fit_counts_class_targets (trial_data,
                                       validation, data) */
    const mlp_net *net;             /* initialised network for the learning-rate trial; or NULL */
    const mlp_train_options *train; /* how training will run (its learning rate is the one
                                       tried); NULL skips the trial */
    const char *lr_option;          /* "--learning-rate" when the rate came from the command
                                       line (the finding then names it), else NULL */
    mlp_rate_advice *advice;        /* or NULL; when the trial finds the rate unstable it
                                       receives the rate its hint names, for every later
                                       message of the run (optimizer.h); else left as is */
    const mlp_parts *parts;         /* a run whose processes each hold a part of the file
                                       (csv, data, trial_data: this process's rows): target-range
                                       is checked, agreed by every process, and the learning-
                                       rate trial runs when train->reduce sums every process's
                                       passes (its hint's cures from the rows of all, gathered);
                                       every process must call mlp_preflight_run; NULL: one
                                       process */
    int init_given;                 /* the run starts from a weights file (--init-weights),
                                       whose normalisation the spec cannot change: the hint
                                       of feature-scales says to train without it */
} mlp_preflight_input;

/* Runs every check that its inputs allow and appends the findings to out.
 * The learning-rate trial runs only when no error was found before it and
 * train->epochs >= MLP_PREFLIGHT_PROBE_MIN_RUN (in parts, also only with
 * train->reduce: a trial of one process's rows is not the run's).
 * Returns MLP_OK (findings are not failures) or MLP_ERR_NOMEM. */
mlp_status mlp_preflight_run(const mlp_preflight_input *in, mlp_findings *out, mlp_error *err);

#ifdef __cplusplus
}
#endif

#endif
