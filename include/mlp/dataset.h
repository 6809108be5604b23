/* SPDX-License-Identifier: MIT */
/* dataset.h: features X and targets Y for a network, built from a CSV table.
 *
 * The data plan says what the data of a network must be: how many feature
 * columns and output units, which columns are targets, the loss and output
 * activation that decide how targets read, the normalisation and the
 * validation split. It is plain data, built from a spec by the program
 * (mlp_spec_data_plan in spec.h) or by hand: this module knows nothing of
 * the JSON spec; the positions in the plan only name spec values in messages.
 *
 * The schema is what a trained model must remember about its data to read
 * new rows the same way: the feature and target column names, the class
 * labels in output-unit order, and the normalisation statistics. It is made
 * from the training set (mlp_dataset_build), stored in the weights file,
 * and applied to validation and prediction files (mlp_dataset_with_schema).
 *
 * Targets (docs/csv.md):
 *  - several target columns, as many as output units: numbers used as they
 *    are (for a softmax output each row must be one-hot and the class labels
 *    are the target column names; for binary_cross_entropy values lie in
 *    [0, 1]); an error is at the cell that breaks the rule (docs/csv.md),
 *    its column found in plan->csv_text;
 *  - one target column, as class labels, when the loss is cross_entropy or
 *    binary_cross_entropy, the output is softmax, or the column holds
 *    non-numbers (with mse on another output, fewer than half of its cells
 *    numbers or starting with one; else its first non-number is an error
 *    at its cell): labels are sorted (numerically when all are numbers, else
 *    bytewise; numeric labels are kept in their shortest form, "10" for
 *    10.0); K output units need exactly K labels, the label of index i
 *    becomes one-hot unit i; one output unit needs exactly 2 labels, the
 *    first is 0 and the second 1;
 *  - one target column of numbers otherwise (regression).
 * normalize STANDARD: x' = (x - mean_j) / std_j with the population std of
 * the training rows (or the plan's own statistics); a constant column, one
 * whose values differ by rounding only (max_i x_ij - min_i x_ij <=
 * 1e-12 max_i |x_ij|, docs/csv.md), keeps std_j = 1 and is only centred.
 */
#ifndef MLP_DATASET_H
#define MLP_DATASET_H

#include <stddef.h>
#include <stdint.h>

#include "mlp/activation.h"
#include "mlp/csv.h"
#include "mlp/error.h"
#include "mlp/loss.h"
#include "mlp/parts.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { MLP_NORMALIZE_NONE = 0, MLP_NORMALIZE_STANDARD } mlp_normalize;

/* Where a value sits in a text (the spec), for messages about it. */
typedef struct {
    long line, col; /* 1-based; 0 when the value was absent */
} mlp_text_pos;

/* What the data of one network must be. */
typedef struct {
    const char *source;          /* the text the positions point into (the spec's path), in
                                    messages; NULL: "the spec" */
    size_t n_inputs;             /* feature columns: the network's inputs, >= 1 */
    size_t n_outputs;            /* output units, >= 1 (0: mlp_spec_data_plan of a spec
                                    without layers; mlp_dataset_build refuses it) */
    mlp_activation output;       /* the output layer's activation */
    mlp_loss loss;
    char *const *targets;        /* n_targets column names; NULL: the last column; borrowed */
    size_t n_targets;
    char *const *features;       /* n_features column names, the inputs in this order; the
                                    table's other columns are not read. NULL: every column
                                    that is not a target, in file order; borrowed */
    size_t n_features;
    mlp_normalize normalize;
    double validation_split;     /* in (0, 1), or 0 for none */
    uint64_t split_seed;         /* the split's generator is seeded with
                                    split_seed ^ MLP_DATASET_SPLIT_STREAM */
    const double *mean, *std;    /* with normalize STANDARD: n_inputs statistics (std > 0) used
                                    instead of those of the training rows, for every set built,
                                    e.g. a weights file's when training continues from it;
                                    NULL: computed. Both or neither; borrowed */
    mlp_text_pos pos_layers, pos_targets, pos_features, pos_validation_split; /* in messages */
    const mlp_text_pos *pos_target_names, *pos_feature_names; /* n_targets, n_features: each
                                    name's, for errors about one name; NULL: pos_targets,
                                    pos_features for each; borrowed */
    const mlp_parts *parts;      /* NULL: the table holds every row. Else the table is this
                                    process's part of the file (mlp_csv_read_part) and every
                                    process builds its part of the sets with the same call:
                                    the labels are the union of every part's, the statistics
                                    those of every part's rows (each sum over a part's rows,
                                    the parts' sums added in rank order), the validation rows
                                    those one process would hold out (from every row's class),
                                    and the error the earliest in the file; borrowed */
    const char *csv_text;        /* the bytes the table was read from (csv_len of them), for
                                    the column of a cell of several target columns, or of
                                    a header cell without a name, in messages; NULL:
                                    column 0 (the line alone). With parts,
                                    this process's lines at their lines of the file (the
                                    lines before them empty) will do; borrowed */
    size_t csv_len;
} mlp_data_plan;

typedef struct {
    size_t n_features;
    char **feature_names;    /* n_features; owned */
    int names_from_header;   /* 0 when the training CSV had no header: match by position */
    size_t n_targets;        /* target columns in the CSV (not output units) */
    char **target_names;     /* n_targets; owned */
    int target_names_made_up; /* 1 when the target names are made up (an .npz without
                                 target_names): never compared with the data's names;
                                 by name the targets are the columns that are not
                                 features (mlp_dataset_with_schema) */
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
    /* Where each row came from, for messages about one row (mlp_train_run
     * names a row that overflows by its file and line). Both NULL in a set
     * made by hand: a row is then named by its index in the set. */
    char *path;              /* the CSV file the rows were read from (mlp_csv.path); owned */
    long *row_line;          /* n_rows: 1-based line of each row in path; a validation split's
                                rows and the rows left keep their lines in the training
                                file; owned */
} mlp_dataset;

/* Builds the data of a run from the training table, converting its cells
 * once: selects the target columns (plan->targets, default the last
 * column) and the feature columns (plan->features, default every other
 * column), checks that the feature count equals plan->n_inputs, maps
 * labels, and fills *schema and *train. Errors name the CSV cell or the
 * plan's position: MLP_ERR_DATA, MLP_ERR_NOMEM; MLP_ERR_USAGE, naming the
 * field, for a plan out of what is documented above (n_inputs or
 * n_outputs 0, an output or loss code out of range, a NULL targets or features list with a count, a
 * validation_split outside [0, 1), mean without std or the reverse, a
 * statistic not finite or a std <= 0), and for a NULL csv, plan, schema
 * or train; on failure every output given is zeroed (before any check), so
 * its free is safe.
 *  - val (may be NULL): with plan->validation_split f > 0, rows held out as
 *    the validation set (see mlp_dataset_choose_validation, drawn from
 *    plan->split_seed and stratified when the targets are class labels);
 *    the normalisation statistics then come from the remaining training
 *    rows only; both sets keep the file's row order. MLP_ERR_DATA (at
 *    pos_validation_split) when either set would be empty. Without a split
 *    *val is zeroed. With val NULL the split is ignored.
 *  - full, full_schema (may be NULL): with a split, also every row of the
 *    file, normalised by the statistics of all rows (what a refit trains
 *    on, and what the pre-flight check looks at), copied from the same
 *    converted rows; without a split they are zeroed (train is every row). */
mlp_status mlp_dataset_build(const mlp_csv *csv, const mlp_data_plan *plan, mlp_schema *schema,
                             mlp_dataset *train, mlp_dataset *val, mlp_schema *full_schema,
                             mlp_dataset *full, mlp_error *err);

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

/* What mlp_dataset_with_schema does with the target columns of a file. */
enum {
    MLP_TARGETS_IF_PRESENT = 0, /* read them when the file has them all (mlpplot colours by them) */
    MLP_TARGETS_REQUIRED = 1,   /* the file must have them (validation, mlppredict --evaluate) */
    MLP_TARGETS_IGNORED = 2     /* never read them, whatever their cells hold (prediction) */
};

/* Builds a data set for a model already trained (*data zeroed on failure,
 * a NULL csv's or schema's included, so mlp_dataset_free after it is safe;
 * n_outputs = schema->n_outputs even without targets): features matched to
 * schema->feature_names by header name (extra columns ignored) when the
 * model's names are from a header (a name missing that a column holds in the
 * other encoding, Latin-1 for UTF-8 or the reverse, is told so: docs/csv.md;
 * a csv without a header is refused, mlp_schema_check_header), else by
 * position; the target columns as `targets` (MLP_TARGETS_*) says, mapped
 * with schema->labels (a label not seen in training is an error at its
 * cell, and so is an empty one); the schema's normalisation is applied.
 * data->Y is NULL when targets are not read (mlp_train_run refuses such a
 * set). MLP_ERR_USAGE when `targets` is not one of MLP_TARGETS_*. */
mlp_status mlp_dataset_with_schema(const mlp_csv *csv, const mlp_schema *schema,
                                   int targets, mlp_dataset *data, mlp_error *err);

/* The same, given the bytes csv was read from (len of them; NULL: none), in
 * which an error at a numeric target cell (a row of several target columns
 * that is not one-hot, a number that is no label of the model) or at a
 * header cell (a column without a name, read by position; a name of the
 * model that the header holds in another encoding, Latin-1 for UTF-8 or
 * the reverse) finds the cell's column, as mlp_data_plan.csv_text does for
 * mlp_dataset_build; without them such an error gives the line alone. */
mlp_status mlp_dataset_with_schema_text(const mlp_csv *csv, const char *text, size_t len,
                                        const mlp_schema *schema, int targets,
                                        mlp_dataset *data, mlp_error *err);

/* Reads the table of path for a model already trained, before
 * mlp_dataset_with_schema: mlp_csv_read_with under base's options (NULL:
 * the defaults), with the model's feature names to look up in the header
 * (mlp_csv_options.names, in place of base's) when its training CSV had a
 * header (schema->names_from_header), so that a header of numbers (pandas'
 * 0,1,2) is known by them where base alone would read it as a row
 * (docs/csv.md); a model matched by position reads the table as base says.
 * Only the columns the model reads by header name (its features and
 * targets) keep their cells' texts (mlp_csv_options.text_names, in place of
 * base's): a column of words the model does not read costs no text per
 * cell; a model matched by position, or whose target names are made up,
 * keeps every column's texts. The one home of those rules for every reader
 * of rows for a model
 * (mlppredict, mlpplot, mlptrain's validation file). The errors of
 * mlp_csv_read_with; csv is to be freed (mlp_csv_free) in every case. */
mlp_status mlp_schema_read_csv(const char *path, const mlp_schema *schema,
                               const mlp_csv_options *base, mlp_csv *csv, mlp_error *err);

/* Whether training may continue from a model of schema `model` (read from
 * the file model_path, named in messages) on data whose schema is `data`
 * (from mlp_dataset_build): MLP_OK, or MLP_ERR_WEIGHTS naming the first
 * difference, in this order:
 *  - normalisation: both none, or both standard (the model's statistics are
 *    then the ones to train with: mlp_data_plan.mean, .std);
 *  - a model that reads by name and data without a header: MLP_ERR_DATA,
 *    with the header line to add, as in prediction;
 *  - feature names, in order, when both were read from a header (else the
 *    inputs are matched by position, as in prediction);
 *  - target names, in order, when both were read from a header and the
 *    model's are not made up (target_names_made_up: the data's are taken);
 *  - class labels: when the model has any, the data's must be the same, in
 *    the same order (a model without labels, a regression or an .npz saved
 *    without "labels", takes the data's).
 * The counts of features and output units are the architecture's, checked
 * before. docs/weights-format.md, "Continuing from a weights file". */
mlp_status mlp_schema_check_continuation(const mlp_schema *model, const char *model_path,
                                         const mlp_schema *data, mlp_error *err);

/* Whether two models' output units mean the same, for averaging them (a
 * committee, predict.h): MLP_OK, or MLP_ERR_WEIGHTS at path_b naming the
 * first difference, with `hint` as its advice:
 *  - class labels: the same, in the same order, or none in both;
 *  - for regressions, the target names in order, when both models read
 *    them from a header and neither made them up.
 * Input columns and normalisation may differ: each model reads the rows by
 * its own schema. */
mlp_status mlp_schema_check_same_outputs(const mlp_schema *a, const char *path_a,
                                         const mlp_schema *b, const char *path_b,
                                         const char *hint, mlp_error *err);

/* 1 when two schemas read a CSV's rows into the same inputs (the same
 * feature columns, matched the same way, and bit-for-bit the same
 * normalisation), so one data set serves both models; else 0. */
int mlp_schema_same_inputs(const mlp_schema *a, const mlp_schema *b);

/* Free what a data set the library filled owns (X, Y, path, row_line) and
 * zero it, so freeing it again, or freeing a zeroed one (what every
 * failing builder leaves), is safe; NULL is allowed. Not for a data set
 * whose arrays the program owns (the struct filled by hand): free those
 * itself. */
void mlp_dataset_free(mlp_dataset *data);

/* Frees what a schema the library filled owns (every name and label, and
 * the arrays of them; mean and std) and zeroes it, so freeing it again, or
 * freeing a zeroed one, is safe; NULL is allowed. Not for a schema made by
 * hand from the program's own strings. */
void mlp_schema_free(mlp_schema *schema);

#ifdef __cplusplus
}
#endif

#endif
