/* SPDX-License-Identifier: MIT */
/* predict_report.c: the text of an evaluation (mlp_predict_eval_write,
 * predict.h), the report of mlppredict --evaluate. Here rather than in the
 * program so that a test reads it without a process, and rather than in
 * predict.c, which computes the figures and writes no prose. */
#include "mlp/predict.h"

#include <math.h>
#include <string.h>

#include "plural.h"

/* The longest text a name is escaped from: the programs' own limit for a
 * name in a message (cli_escaped), so the report reads as their messages. */
#define NAME_BYTES 4096

/* name escaped as every name in a message is (mlp_error_escape: no control
 * byte reaches the terminal), into buf of MLP_ERROR_ESCAPED_SIZE(NAME_BYTES). */
static const char *escaped(const char *name, char *buf)
{
    return mlp_error_escape(name ? name : "", buf, MLP_ERROR_ESCAPED_SIZE(NAME_BYTES));
}

/* The name of class k of the K counted: its label; for 0/1 targets counted
 * as classes without labels (predict.h, mlp_predict_eval.n_classes), the
 * target value of one output unit ("0", "1"), or the target column of
 * each of several, whose 1 marks the class. */
static const char *class_name(const mlp_schema *schema, size_t n_out, size_t k)
{
    if (schema->n_labels > 0)
        return schema->labels[k];
    if (n_out == 1)
        return k ? "1" : "0";
    return k < schema->n_targets && schema->target_names ? schema->target_names[k] : "";
}

/* The confusion matrix, one column as wide as its widest cell, label or
 * count (at least 4), so that the columns line up under their labels. */
static void write_confusion(FILE *out, const mlp_schema *schema, size_t n_out,
                            const mlp_predict_eval *e)
{
    char buf[MLP_ERROR_ESCAPED_SIZE(NAME_BYTES)];
    size_t K = e->n_classes, width = 4;
    for (size_t k = 0; k < K; k++) {
        size_t len = strlen(escaped(class_name(schema, n_out, k), buf));
        width = len > width ? len : width;
    }
    for (size_t k = 0; k < K * K; k++) {
        int digits = snprintf(NULL, 0, "%zu", e->confusion[k]);
        width = (size_t)digits > width ? (size_t)digits : width;
    }
    int w = (int)width;
    fprintf(out, "confusion matrix (rows: true label, columns: predicted label):\n%*s", w, "");
    for (size_t k = 0; k < K; k++)
        fprintf(out, "  %*s", w, escaped(class_name(schema, n_out, k), buf));
    fputc('\n', out);
    for (size_t t = 0; t < K; t++) {
        fprintf(out, "%*s", w, escaped(class_name(schema, n_out, t), buf));
        for (size_t p = 0; p < K; p++)
            fprintf(out, "  %*zu", w, e->confusion[t * K + p]);
        fputc('\n', out);
    }
}

void mlp_predict_eval_write(FILE *out, const char *input, const mlp_net *net,
                            const mlp_schema *schema, const mlp_predict_eval *e, size_t n_models)
{
    char input_path[MLP_ERROR_ESCAPED_SIZE(NAME_BYTES)];
    size_t n_out = net->sizes[net->n_layers];
    escaped(input, input_path);
    /* The first line keeps its form for scripts. */
    fprintf(out, "%s: %zu %s, loss %.6g (%s)", input_path, e->rows,
            mlp_plural(e->rows, "row", "rows"), e->loss, mlp_loss_name(net->loss));
    if (!isnan(e->accuracy))
        fprintf(out, ", accuracy %.2f%% (%.0f/%zu)", 100 * e->accuracy,
                e->accuracy * (double)e->rows, e->rows);
    fputc('\n', out);
    fprintf(out, "%s: mse %.6g (mean of (output - target)^2 over %zu row%s x %zu output%s)\n",
            input_path, e->mse, e->rows, mlp_plural(e->rows, "", "s"), n_out,
            mlp_plural(n_out, "", "s"));
    /* Regression: R^2, how much of the targets' spread the model explains. */
    if (isnan(e->accuracy) && isnan(e->r2))
        fprintf(out, "%s: r2 undefined (a target column is constant)\n", input_path);
    else if (isnan(e->accuracy))
        fprintf(out, "%s: r2 %.6g (1 - sum (output - target)^2 / sum (target - mean)^2%s: 1 "
                     "is perfect, 0 no better than the mean)\n", input_path, e->r2,
                n_out > 1 ? ", the mean over the outputs" : "");
    if (n_models > 1)
        fprintf(out, "%s: a committee of %zu models: their mean output is evaluated\n",
                input_path, n_models);
    if (e->confusion)
        write_confusion(out, schema, n_out, e);
}
