/* SPDX-License-Identifier: MIT */
/* predict.c: a trained model over rows, chunk by chunk through
 * mlp_net_forward, written as CSV; optional evaluation against targets.
 * Writes only to the FILE the caller gives. */
#include "mlp/predict.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

/* A label or name as one CSV field: quoted when it holds a comma, a quote,
 * or a space at either end. */
void mlp_predict_write_field(FILE *out, const char *s)
{
    size_t n = strlen(s);
    int quote = strpbrk(s, ",\"\r\n") != NULL || (n && (s[0] == ' ' || s[n - 1] == ' '));
    if (!quote) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

void mlp_predict_write_header(FILE *out, const mlp_schema *schema)
{
    if (schema->n_labels) {
        fputs("label", out);
        for (size_t k = 0; k < schema->n_labels; k++) {
            fputc(',', out);
            char name[512];
            snprintf(name, sizeof name, "p_%s", schema->labels[k]);
            mlp_predict_write_field(out, name);
        }
    } else {
        for (size_t j = 0; j < schema->n_targets; j++) {
            if (j)
                fputc(',', out);
            mlp_predict_write_field(out, schema->target_names[j]);
        }
    }
    fputc('\n', out);
}

/* One output row: the predicted label and the class probabilities (the
 * softmax outputs, or for one sigmoid unit the pair 1 - y, y), or the raw
 * outputs for regression. */
void mlp_predict_write_row(FILE *out, const mlp_schema *schema, const double *y, size_t n_out)
{
    if (!schema->n_labels) {
        for (size_t j = 0; j < n_out; j++)
            fprintf(out, j ? ",%.17g" : "%.17g", y[j]);
    } else if (n_out == 1) {
        mlp_predict_write_field(out, schema->labels[mlp_net_class_of(y, n_out)]);
        fprintf(out, ",%.17g,%.17g", 1.0 - y[0], y[0]);
    } else {
        size_t cls = mlp_net_class_of(y, n_out);
        mlp_predict_write_field(out, cls < schema->n_labels ? schema->labels[cls] : "?");
        for (size_t k = 0; k < schema->n_labels; k++)
            fprintf(out, ",%.17g", y[k]);
    }
    fputc('\n', out);
}

mlp_status mlp_predict_run(const mlp_net *net, const mlp_schema *schema, const mlp_dataset *data,
                           FILE *out, mlp_predict_eval *eval, mlp_error *err)
{
    size_t n_in = net->sizes[0], n_out = net->sizes[net->n_layers];
    int classify = schema->n_labels > 0;
    size_t K = data->Y && classify ? schema->n_labels : 0;
    size_t *confusion = NULL;
    if (eval) {
        *eval = (mlp_predict_eval){.loss = NAN, .accuracy = NAN, .mse = NAN, .rows = data->n_rows};
        if (K && !(confusion = mlp_alloc_zero(K * K, sizeof *confusion)))
            return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0,
                                 "out of memory for a %zu x %zu confusion matrix", K, K);
    }
    mlp_workspace *ws = mlp_workspace_create(net, 0, err);
    if (!ws) {
        free(confusion);
        return MLP_ERR_NOMEM;
    }
    size_t chunk = mlp_workspace_chunk_rows(ws);
    double loss_sum = 0.0, sq_sum = 0.0;
    size_t correct = 0;
    if (out)
        mlp_predict_write_header(out, schema);
    for (size_t r0 = 0; r0 < data->n_rows; r0 += chunk) {
        size_t rows = data->n_rows - r0 < chunk ? data->n_rows - r0 : chunk;
        const double *y = mlp_net_forward(net, ws, data->X + r0 * n_in, rows);
        /* A value too large for the model overflows inside it: no label
         * (nor probability, nor evaluation) is made of a NaN or inf. */
        for (size_t i = 0; i < rows * n_out; i++) {
            if (!isfinite(y[i])) {
                free(confusion);
                mlp_workspace_free(ws);
                mlp_error_set(err, MLP_ERR_DATA, NULL, 0, 0,
                              "data row %zu: the model's output is not a finite number (an input "
                              "far outside the training data's range overflows in it)",
                              r0 + i / n_out + 1);
                mlp_error_hint(err, "check that row's values; they must be of the scale the "
                                    "model was trained on");
                return MLP_ERR_DATA;
            }
        }
        for (size_t r = 0; out && r < rows; r++)
            mlp_predict_write_row(out, schema, y + r * n_out, n_out);
        if (!data->Y)
            continue;
        const double *t = data->Y + r0 * n_out;
        loss_sum += mlp_net_loss_sum(net, ws, t, rows);
        for (size_t i = 0; i < rows * n_out; i++)
            sq_sum += (y[i] - t[i]) * (y[i] - t[i]);
        for (size_t r = 0; r < rows && classify; r++) {
            size_t want = mlp_net_class_of(t + r * n_out, n_out);
            size_t got = mlp_net_class_of(y + r * n_out, n_out);
            correct += want == got;
            if (confusion && want < K && got < K)
                confusion[want * K + got]++;
        }
    }
    mlp_workspace_free(ws);
    if (eval && data->Y) {
        size_t N = data->n_rows;
        eval->loss = loss_sum / mlp_loss_divisor(net->loss, N, n_out);
        eval->mse = sq_sum / ((double)N * (double)n_out);
        eval->accuracy = classify ? (double)correct / (double)N : NAN;
        eval->n_classes = K;
        eval->confusion = confusion;
    }
    if (out && (fflush(out) != 0 || ferror(out)))
        return mlp_error_set(err, MLP_ERR_IO, NULL, 0, 0, "writing the predictions failed");
    return MLP_OK;
}

void mlp_predict_eval_free(mlp_predict_eval *eval)
{
    if (!eval)
        return;
    free(eval->confusion);
    eval->confusion = NULL;
}
