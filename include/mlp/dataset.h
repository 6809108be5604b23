/* SPDX-License-Identifier: MIT */
/* dataset.h: features X and targets Y for a network, built from a CSV table.
 *
 * The schema is what a trained model must remember about its data to read
 * new rows the same way: the feature and target column names, the class
 * labels in output-unit order, and the normalisation statistics. It is made
 * from the training set (mlp_dataset_from_csv), stored in the weights file,
 * and applied to validation and prediction files (mlp_dataset_with_schema).
 *
 * Targets (docs/csv.md):
 *  - several target columns, as many as output units: numbers used as they
 *    are (for a softmax output each row must be one-hot and the class labels
 *    are the target column names; for binary_cross_entropy values lie in
 *    [0, 1]);
 *  - one target column, as class labels, when the loss is cross_entropy or
 *    binary_cross_entropy, the output is softmax, or the column holds
 *    non-numbers: labels are sorted (numerically when all are numbers, else
 *    bytewise; numeric labels are kept in their shortest form, "10" for
 *    10.0); K output units need exactly K labels, the label of index i
 *    becomes one-hot unit i; one output unit needs exactly 2 labels, the
 *    first is 0 and the second 1;
 *  - one target column of numbers otherwise (regression).
 * normalize STANDARD: x' = (x - mean_j) / std_j with the population std of
 * the training rows; a constant column (std_j < 1e-12 max(1, |mean_j|))
 * keeps std_j = 1 and is only centred.
 */
#ifndef MLP_DATASET_H
#define MLP_DATASET_H

#include <stddef.h>
#include <stdint.h>

#include "mlp/csv.h"
#include "mlp/error.h"
#include "mlp/spec.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    size_t n_features;
    char **feature_names;    /* n_features; owned */
    int names_from_header;   /* 0 when the training CSV had no header: match by position */
    size_t n_targets;        /* target columns in the CSV (not output units) */
    char **target_names;     /* n_targets; owned */
    size_t n_outputs;        /* output units of the network */
    size_t n_labels;         /* class labels, 0 for regression */
    char **labels;           /* n_labels, in output-unit order (see above); owned */
    int one_hot_columns;     /* 1 when labels are target column names (several 0/1 columns) */
    mlp_normalize normalize;
    double *mean;            /* n_features when normalize == STANDARD, else NULL; owned */
    double *std;             /* n_features, > 0 (a constant column keeps 1); owned */
} mlp_schema;

typedef struct {
    size_t n_rows;
    size_t n_features;
    size_t n_outputs;
    double *X;               /* (n_rows, n_features), normalised; owned */
    double *Y;               /* (n_rows, n_outputs), or NULL when the file had no targets; owned */
} mlp_dataset;

/* Builds the training set for spec from csv: selects target columns
 * (spec->targets, default the last column), checks that the feature count
 * equals spec->sizes[0], maps labels, computes normalisation statistics and
 * fills *schema (which it owns afterwards) and *data. Errors name the CSV
 * cell or the spec key: MLP_ERR_DATA, MLP_ERR_NOMEM; on failure *schema and
 * *data are zeroed. */
mlp_status mlp_dataset_from_csv(const mlp_csv *csv, const mlp_spec *spec, mlp_schema *schema,
                                mlp_dataset *data, mlp_error *err);

/* mlp_dataset_from_csv, and when spec->validation_split f > 0, holds rows
 * of the file out as the validation set *val (else *val is zeroed): see
 * mlp_dataset_choose_validation, drawn from spec->seed and stratified when
 * the targets are class labels (the generator is seeded with
 * spec->seed ^ MLP_DATASET_SPLIT_STREAM, apart from the weights'). The normalisation statistics come from the
 * remaining training rows only; both sets keep the file's row order.
 * MLP_ERR_DATA (at the spec's "validation_split") when either set would be
 * empty. mlp_dataset_from_csv itself ignores validation_split. */
mlp_status mlp_dataset_from_csv_split(const mlp_csv *csv, const mlp_spec *spec, mlp_schema *schema,
                                      mlp_dataset *train, mlp_dataset *val, mlp_error *err);

#define MLP_DATASET_SPLIT_STREAM 0x76616c6964617465ULL /* "validate" */

/* Marks which of the data->n_rows rows go to validation (is_val[i] = 1,
 * else 0) and sets *n_chosen to their count. Stratified (stratify != 0): the rows of each class
 * (mlp_net_class_of of the target row) are shuffled by the generator seeded
 * with `seed` and the first round(f * n_c) of each class are taken, at most
 * n_c - 1, so every class keeps a training row; classes are visited in
 * class order. Otherwise the same over all rows as one group.
 * MLP_ERR_NOMEM. */
mlp_status mlp_dataset_choose_validation(const mlp_dataset *data, int stratify, double fraction,
                                         uint64_t seed, unsigned char *is_val, size_t *n_chosen,
                                         mlp_error *err);

/* Builds a data set for a model already trained (*data zeroed on failure,
 * n_outputs = schema->n_outputs even without targets): features matched to
 * schema->feature_names by header name (extra columns ignored) when both the
 * model and csv have names, else by position; targets are read when present
 * (required when need_targets != 0) and mapped with schema->labels (a label
 * not seen in training is an error); the schema's normalisation is applied. */
mlp_status mlp_dataset_with_schema(const mlp_csv *csv, const mlp_schema *schema,
                                   int need_targets, mlp_dataset *data, mlp_error *err);

void mlp_dataset_free(mlp_dataset *data);
void mlp_schema_free(mlp_schema *schema);

#ifdef __cplusplus
}
#endif

#endif
