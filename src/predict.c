/* predict.c: a trained model over rows, chunk by chunk through
 * mlp_net_forward, written as CSV; optional evaluation against targets.
 * Writes only to the FILE the caller gives. */
#include "mlp/predict.h"

#include <math.h>
#include <string.h>

/* A label or name as one CSV field: quoted when it holds a comma, a quote,
 * or a space at either end. */
static void put_field(FILE *out, const char *s)
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

static void put_header(FILE *out, const mlp_schema *schema)
{
    if (schema->n_labels) {
        fputs("label", out);
        for (size_t k = 0; k < schema->n_labels; k++) {
            fputc(',', out);
            char name[512];
            snprintf(name, sizeof name, "p_%s", schema->labels[k]);
            put_field(out, name);
        }
    } else {
        for (size_t j = 0; j < schema->n_targets; j++) {
            if (j)
                fputc(',', out);
            put_field(out, schema->target_names[j]);
        }
    }
    fputc('\n', out);
}

/* One output row: the predicted label and the class probabilities (the
 * softmax outputs, or for one sigmoid unit the pair 1 - y, y), or the raw
 * outputs for regression. */
static void put_row(FILE *out, const mlp_schema *schema, const double *y, size_t n_out)
{
    if (!schema->n_labels) {
        for (size_t j = 0; j < n_out; j++)
            fprintf(out, j ? ",%.17g" : "%.17g", y[j]);
    } else if (n_out == 1) {
        put_field(out, schema->labels[mlp_net_class_of(y, n_out)]);
        fprintf(out, ",%.17g,%.17g", 1.0 - y[0], y[0]);
    } else {
        size_t cls = mlp_net_class_of(y, n_out);
        put_field(out, cls < schema->n_labels ? schema->labels[cls] : "?");
        for (size_t k = 0; k < schema->n_labels; k++)
            fprintf(out, ",%.17g", y[k]);
    }
    fputc('\n', out);
}

mlp_status mlp_predict_run(const mlp_net *net, const mlp_schema *schema, const mlp_dataset *data,
                           FILE *out, mlp_predict_eval *eval, mlp_error *err)
{
    mlp_workspace *ws = mlp_workspace_create(net, 0, err);
    if (!ws)
        return MLP_ERR_NOMEM;
    size_t n_in = net->sizes[0], n_out = net->sizes[net->n_layers];
    size_t chunk = mlp_workspace_chunk_rows(ws);
    int classify = schema->n_labels > 0;
    double loss_sum = 0.0;
    size_t correct = 0;
    put_header(out, schema);
    for (size_t r0 = 0; r0 < data->n_rows; r0 += chunk) {
        size_t rows = data->n_rows - r0 < chunk ? data->n_rows - r0 : chunk;
        const double *y = mlp_net_forward(net, ws, data->X + r0 * n_in, rows);
        for (size_t r = 0; r < rows; r++)
            put_row(out, schema, y + r * n_out, n_out);
        if (data->Y) {
            const double *t = data->Y + r0 * n_out;
            loss_sum += mlp_net_loss_sum(net, ws, t, rows);
            for (size_t r = 0; r < rows && classify; r++)
                correct += mlp_net_class_of(y + r * n_out, n_out) ==
                           mlp_net_class_of(t + r * n_out, n_out);
        }
    }
    mlp_workspace_free(ws);
    if (eval) {
        eval->rows = data->n_rows;
        eval->loss = data->Y ? loss_sum / mlp_loss_divisor(net->loss, data->n_rows, n_out) : NAN;
        eval->accuracy = data->Y && classify ? (double)correct / (double)data->n_rows : NAN;
    }
    if (fflush(out) != 0 || ferror(out))
        return mlp_error_set(err, MLP_ERR_IO, NULL, 0, 0, "writing the predictions failed");
    return MLP_OK;
}
