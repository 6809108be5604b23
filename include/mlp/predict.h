/* SPDX-License-Identifier: MIT */
/* predict.h: a trained model applied to rows, with optional evaluation.
 *
 * Output CSV (README, "mlppredict"): for classification a header
 * `label,p_<label 1>,...,p_<label K>` and per row the predicted label as it was
 * written in the training CSV followed by the class probabilities (for one
 * sigmoid unit: s(-z) and y = s(z), z its logit, so that both tails keep their
 * digits, in mlp_predict_run and mlppredict --grid alike; a writer that has
 * only y, through mlp_predict_write_row, writes 1 - y and y). An output
 * activation that gives no probabilities
 * (linear, tanh, relu, ...: no MLP_ACT_FLAG_PROBABILITY) heads its columns
 * `out_<label>` instead and writes the values as the network gives them (one
 * such unit: the one column out_<second label>). For regression the target
 * names as the header and the outputs. Numbers are the shortest text that
 * reads back as the same double.
 */
#ifndef MLP_PREDICT_H
#define MLP_PREDICT_H

#include <stdio.h>

#include "mlp/dataset.h"
#include "mlp/error.h"
#include "mlp/net.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    double loss;       /* mean loss over the rows (the model's loss); NaN without targets */
    double accuracy;   /* NaN for regression or without targets. A classification has class
                          labels, or 0/1 targets that mlptrain counts as classes
                          (mlp_fit_class_targets on these rows: both classes, under a
                          probability output or one-hot over several outputs), which a
                          weights file does not record: a sigmoid output trained with mse on
                          0/1 targets is stored without labels */
    size_t rows;
    double mse;        /* mean over rows AND output units of (y - t)^2, y the network outputs
                          (FANN's "MSE"); NaN without targets */
    double r2;         /* regression: the coefficient of determination of each output,
                          1 - sum (y - t)^2 / sum (t - mean t)^2, averaged over the outputs
                          (scikit-learn's r2_score): 1 is perfect, 0 no better than the
                          targets' mean; NaN for classification, without targets, or when a
                          target column is constant (only then: the sums are kept scaled,
                          so targets of 1e200 or 1e-200 give the R^2 of the same targets
                          near 1, and -inf only when sum (y - t)^2 / sum (t - mean t)^2
                          is beyond the doubles) */
    size_t n_classes;  /* with targets: schema->n_labels, or for 0/1 class targets without
                          labels 2 for one output (the classes 0 and 1), else the outputs (the
                          target columns); 0 for regression */
    size_t *confusion; /* (n_classes, n_classes) row-major: [true class][predicted class]
                          counts; NULL for regression; owned, see mlp_predict_eval_free */
} mlp_predict_eval;

/* Runs net over data chunk by chunk and writes the output CSV to out (or
 * nothing when out is NULL) once every row is computed and its outputs are
 * finite: a row refused (MLP_ERR_DATA, "data row N: the model's output is
 * not a finite number") leaves out untouched, even when out is a pipe. The
 * outputs are held until then: 8 bytes a number, one more per row for one
 * sigmoid unit's p_<first label>. When eval is not NULL it is filled, with
 * targets when data has them. MLP_ERR_IO when a write fails, with the
 * reason and its hint ("cannot write: No space left on device"; the path
 * "<stdout>": the caller names the file); MLP_ERR_USAGE when net, schema or data is NULL, or data
 * has not the model's inputs (nor, with targets, a target column per output), or the schema is
 * not the model's ("the schema is not the model's: 3 class labels for 2 outputs (expected 0 or
 * 2)": its n_outputs, 0 class labels or one per output, two for one unit, and, for a regression
 * written to out, a target name per output); MLP_ERR_NOMEM. */
mlp_status mlp_predict_run(const mlp_net *net, const mlp_schema *schema, const mlp_dataset *data,
                           FILE *out, mlp_predict_eval *eval, mlp_error *err);

/* A committee: the rows through n_models networks, each reading data[k]
 * (the same file, built by mlp_dataset_with_schema with model k's schema),
 * and their outputs averaged, ybar = (y_1 + ... + y_M) / M, the class
 * probabilities for classifiers. The sums (the mean, one sigmoid unit's
 * p_<first label>, the loss) take the members in an order fixed by what
 * they are, not by their place in nets: their shape, activations and loss,
 * then their parameters' bytes, then those of the rows each reads; so any
 * order of the same models gives the same bits (floating-point addition
 * is not associative), and members that tie give the same outputs. A
 * message still names a member by its place ("the output of model 2").
 * The predictions and the evaluation are
 * those of ybar, written as mlp_predict_run writes one model's (schema:
 * the first model's; the targets: data[0]'s, the others' are not read).
 * The loss of a committee comes from its members' logits
 * (mlp_loss_sum_committee), one model's from its own, so n_models = 1 is
 * exactly mlp_predict_run. Call mlp_predict_check_committee on the models
 * first: this function checks only what memory safety needs (outputs of
 * one size, each data set as wide as its model's inputs and as long as the
 * first, data[0]'s targets as wide as the outputs, the schema the first
 * model's as mlp_predict_run checks it), and refuses the rest as
 * MLP_ERR_USAGE, as it does n_models = 0.
 * Otherwise errors as mlp_predict_run; *eval is filled in every case. */
mlp_status mlp_predict_committee(const mlp_net *const *nets, const mlp_dataset *const *data,
                                 size_t n_models, const mlp_schema *schema, FILE *out,
                                 mlp_predict_eval *eval, mlp_error *err);

/* Whether model b (read from path_b) may join a committee whose first model
 * is a (from path_a): the same number of outputs, output activation and
 * loss, and the same class labels or target names
 * (mlp_schema_check_same_outputs). MLP_OK, or MLP_ERR_WEIGHTS at path_b. */
mlp_status mlp_predict_check_committee(const mlp_net *a, const mlp_schema *sa, const char *path_a,
                                       const mlp_net *b, const mlp_schema *sb, const char *path_b,
                                       mlp_error *err);

/* The classes an evaluation of net on rows counts (mlp_predict_eval.n_classes):
 * the model's labels; without labels, the 0/1 targets mlptrain counts as
 * classes (mlp_fit_class_targets on these rows under net's output), 2 for
 * one unit (the classes 0 and 1) or the units for several (the target
 * columns); 0 for a regression or rows without targets. The weights file
 * does not record whether the training counted them, so the rows decide;
 * mlpplot fit asks it too, to refuse what mlppredict --evaluate counts as
 * classes. */
size_t mlp_predict_count_classes(const mlp_net *net, const mlp_schema *schema,
                                 const mlp_dataset *rows);

/* Whether the class columns of a model with this schema and output
 * activation are probabilities (p_<label>): 1 for a classifier whose output
 * activation has MLP_ACT_FLAG_PROBABILITY (sigmoid, softmax); 0 for
 * regression and for labels on any other output (out_<label>), which a
 * program should tell its user. */
int mlp_predict_probability_columns(const mlp_schema *schema, mlp_activation output);

/* The pieces of that CSV, for other writers of predictions (mlppredict
 * --grid): the header line; one output row y (n_out values); output is the
 * model's output activation, which decides p_ or out_ columns. Texts in
 * them are written by mlp_csv_write_field (mlp/csv.h).
 * mlp_predict_write_row_first is the row as mlp_predict_run writes it:
 * p_first, when not NULL, is one sigmoid unit's p_<first label>, s(-z) from
 * its logit z (mlp_net_forward_logits; a committee's: the mean of its
 * members'), which keeps its digits where 1 - y is 0; it is read only for
 * one unit with p_ columns. mlp_predict_write_row, for a writer that has no
 * logit, is it with p_first NULL: p_<first label> is then 1 - y (z = 40:
 * "yes,0,1" where the logit gives "yes,4.248354255291589e-18,1"). */
void mlp_predict_write_header(FILE *out, const mlp_schema *schema, mlp_activation output);
void mlp_predict_write_row_first(FILE *out, const mlp_schema *schema, mlp_activation output,
                                 const double *y, size_t n_out, const double *p_first);
void mlp_predict_write_row(FILE *out, const mlp_schema *schema, mlp_activation output,
                           const double *y, size_t n_out);

/* The report of an evaluation for people (mlppredict --evaluate), to out:
 *   INPUT: N rows, loss L (LOSS)[, accuracy A% (C/N)]
 *   INPUT: mse M (mean of (output - target)^2 over N rows x K outputs)
 *   INPUT: r2 R (...), or r2 undefined (...)           without an accuracy
 *   INPUT: a committee of M models: ...                  n_models > 1
 *   confusion matrix (rows: true label, ...): a table    with eval->confusion
 * input is the name the rows are shown by; it and the labels are escaped as
 * a message's names are (mlp_error_escape). net and schema are those eval
 * was computed with (a committee's: its first model's); the first line
 * keeps its form for scripts. */
void mlp_predict_eval_write(FILE *out, const char *input, const mlp_net *net,
                            const mlp_schema *schema, const mlp_predict_eval *eval,
                            size_t n_models);

/* Frees what eval owns and zeroes the pointer; NULL is allowed. */
void mlp_predict_eval_free(mlp_predict_eval *eval);

#ifdef __cplusplus
}
#endif

#endif
