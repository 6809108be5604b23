/* SPDX-License-Identifier: MIT */
/* predict.c: a trained model over rows, chunk by chunk through
 * mlp_net_forward, written as CSV once every row is computed and checked;
 * optional evaluation against targets.
 * Writes only to the FILE the caller gives. */
#include "mlp/predict.h"

#include "mlp/csv.h"
#include "mlp/fit.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "fileio.h"
#include "first_label.h"
#include "format_number.h"
#include "plural.h"
#include "vmath.h"

int mlp_predict_probability_columns(const mlp_schema *schema, mlp_activation output)
{
    const mlp_activation_info *info = mlp_activation_info_of(output);
    return schema->n_labels && info && (info->flags & MLP_ACT_FLAG_PROBABILITY);
}

/* The one place that names the class columns: p_<label> for probabilities
 * (softmax, sigmoid); out_<label> for any other output activation, whose
 * values are no probabilities (for one such unit the one column is named
 * after the second label, the class it predicts above 0.5). */
void mlp_predict_write_header(FILE *out, const mlp_schema *schema, mlp_activation output)
{
    if (schema->n_labels) {
        int probabilities = mlp_predict_probability_columns(schema, output);
        fputs("label", out);
        if (!probabilities && schema->n_labels == 2 && schema->n_outputs == 1) {
            fputc(',', out);
            mlp_csv_write_field_prefixed(out, "out_", schema->labels[1]);
        } else {
            for (size_t k = 0; k < schema->n_labels; k++) {
                fputc(',', out);
                mlp_csv_write_field_prefixed(out, probabilities ? "p_" : "out_",
                                             schema->labels[k]);
            }
        }
    } else {
        for (size_t j = 0; j < schema->n_targets; j++) {
            if (j)
                fputc(',', out);
            mlp_csv_write_field(out, schema->target_names[j]);
        }
    }
    fputc('\n', out);
}

/* One number, after a comma unless it is the row's first: the shortest
 * text that reads back to the same double (format_number.h), a third of
 * the cost of printf("%.17g") and never longer. */
static void put_number(FILE *out, int comma, double x)
{
    char buf[MLP_FORMAT_NUMBER_MAX + 1];
    buf[0] = ',';
    size_t n = mlp_format_double(buf + 1, x);
    fwrite(comma ? buf : buf + 1, 1, n + (comma != 0), out);
}

/* One output row: the predicted label and the class probabilities (the
 * softmax outputs, or for one sigmoid unit the pair p_first, y, where
 * p_first is the first label's probability, 1 - y when NULL), or, for an
 * output that gives no probabilities, its values as they are (one unit: y
 * alone); or the raw outputs for regression; every number reads back
 * (strtod) as the double computed. mlp_predict_run and mlppredict --grid
 * both write their rows here, so that the two say the same of a point. */
void mlp_predict_write_row_first(FILE *out, const mlp_schema *schema, mlp_activation output,
                                 const double *y, size_t n_out, const double *p_first)
{
    if (!schema->n_labels) {
        for (size_t j = 0; j < n_out; j++)
            put_number(out, j > 0, y[j]);
    } else if (n_out == 1) {
        mlp_csv_write_field(out, schema->labels[mlp_net_class_of(y, n_out)]);
        if (mlp_predict_probability_columns(schema, output))
            put_number(out, 1, p_first ? *p_first : 1.0 - y[0]);
        put_number(out, 1, y[0]);
    } else {
        size_t cls = mlp_net_class_of(y, n_out);
        mlp_csv_write_field(out, cls < schema->n_labels ? schema->labels[cls] : "?");
        for (size_t k = 0; k < schema->n_labels; k++)
            put_number(out, 1, y[k]);
    }
    fputc('\n', out);
}

void mlp_predict_write_row(FILE *out, const mlp_schema *schema, mlp_activation output,
                           const double *y, size_t n_out)
{
    mlp_predict_write_row_first(out, schema, output, y, n_out, NULL);
}

/* first_label.h */
void mlp_first_label_probabilities(const double *const *logits, size_t n_models, size_t rows,
                                   double *neg, double *q, double *p)
{
    for (size_t k = 0; k < n_models; k++) {
        for (size_t r = 0; r < rows; r++)
            neg[r] = -logits[k][r];
        mlp_vsigmoid(k ? q : p, neg, rows);
        for (size_t r = 0; k && r < rows; r++)
            p[r] += q[r];
    }
    for (size_t r = 0; n_models > 1 && r < rows; r++)
        p[r] /= (double)n_models;
}

/* One member of a committee while it runs: its network, the rows as its
 * schema reads them, its workspace, and its outputs for the chunk. */
typedef struct {
    const mlp_net *net;
    const mlp_dataset *data;
    mlp_workspace *ws;
    const double *y; /* into ws: the chunk's outputs */
} member;

/* Orders two members by what they are, not where they were given: their
 * shape, output activation and loss, then their parameters' bytes, then
 * the bytes of the rows they read. 0 only for members whose outputs are
 * the same bits: the same network on the same inputs. */
static int member_compare(const member *a, const member *b)
{
    const mlp_net *p = a->net, *q = b->net;
    if (p->n_layers != q->n_layers)
        return p->n_layers < q->n_layers ? -1 : 1;
    for (size_t l = 0; l <= p->n_layers; l++)
        if (p->sizes[l] != q->sizes[l])
            return p->sizes[l] < q->sizes[l] ? -1 : 1;
    for (size_t l = 0; l < p->n_layers; l++)
        if (p->layers[l].act != q->layers[l].act)
            return p->layers[l].act < q->layers[l].act ? -1 : 1;
    if (p->loss != q->loss)
        return p->loss < q->loss ? -1 : 1;
    /* one shape: as many parameters, and each data set as wide (check_members) */
    int c = memcmp(p->params, q->params, p->n_params * sizeof *p->params);
    if (c || a->data == b->data)
        return c;
    return memcmp(a->data->X, b->data->X,
                  a->data->n_rows * a->data->n_features * sizeof *a->data->X);
}

/* The order the committee's sums take its members in (order[0..n)):
 * sorted by member_compare, so that the mean, the p_<first label> and the
 * loss are the same bits whatever order the models were given in (a shell
 * glob's depends on the locale); floating-point addition is not
 * associative, and (y_1 + y_2) + y_3 differs from (y_3 + y_1) + y_2 in the
 * last digits. Members that compare equal give the same outputs, so their
 * places among themselves change no sum. An insertion sort: a committee
 * is a few models. */
static void member_order(const member *m, size_t n_models, size_t *order)
{
    for (size_t k = 0; k < n_models; k++) {
        size_t j = k;
        for (; j > 0 && member_compare(&m[order[j - 1]], &m[k]) > 0; j--)
            order[j] = order[j - 1];
        order[j] = k;
    }
}

/* The error for a data row whose output (`what`) is not a finite number;
 * `trained` says who was trained ("model was", "models were"). Returns NULL
 * for committee_forward to return. */
static const double *not_finite(mlp_error *err, size_t row, const char *what, const char *why,
                                const char *trained)
{
    mlp_error_set(err, MLP_ERR_DATA, NULL, 0, 0, "data row %zu: the %s is not a finite number (%s)",
                  row, what, why);
    mlp_error_hint(err, "check that row's values; they must be of the scale the %s trained on",
                   trained);
    return NULL;
}

/* The outputs of every member for rows [r0, r0 + rows), checked finite in
 * the order given (the first model that overflows is named), and with
 * several members their mean into ybar:
 *   ybar = (y_1 + ... + y_M) / M
 * summed in the members' own order (member_order), then divided, so one
 * member's outputs pass unchanged; the members' output logits into
 * logits[j] in that order too (their workspaces', for the loss and
 * p_<first label>). Returns the outputs, or NULL with err set. */
static const double *committee_forward(member *m, const size_t *order, size_t n_models, size_t r0,
                                       size_t rows, size_t n_out, double *ybar,
                                       const double **logits, mlp_error *err)
{
    for (size_t k = 0; k < n_models; k++) {
        size_t n_in = m[k].net->sizes[0];
        const double *y = mlp_net_forward(m[k].net, m[k].ws, m[k].data->X + r0 * n_in, rows);
        m[k].y = y;
        /* A value too large for the model overflows inside it: no label
         * (nor probability, nor evaluation) is made of a NaN or inf. */
        for (size_t i = 0; i < rows * n_out; i++) {
            if (isfinite(y[i]))
                continue;
            char whose[48] = "model's output";
            if (n_models > 1)
                snprintf(whose, sizeof whose, "output of model %zu", k + 1);
            return not_finite(err, r0 + i / n_out + 1, whose,
                              "an input far outside the training data's range overflows in it",
                              "model was");
        }
    }
    for (size_t j = 0; j < n_models; j++)
        logits[j] = mlp_net_forward_logits(m[order[j]].ws);
    if (n_models == 1)
        return m[0].y;
    for (size_t j = 0; j < n_models; j++) {
        const double *y = m[order[j]].y;
        for (size_t i = 0; i < rows * n_out; i++)
            ybar[i] = j ? ybar[i] + y[i] : y[i];
    }
    for (size_t i = 0; i < rows * n_out; i++) {
        ybar[i] /= (double)n_models;
        if (!isfinite(ybar[i])) /* finite outputs near DBL_MAX can sum to inf */
            return not_finite(err, r0 + i / n_out + 1, "committee's mean output",
                              "its models' outputs are too large to add", "models were");
    }
    return ybar;
}

/* What mlp_predict_committee needs of its arguments, whoever calls it: a
 * model, outputs of one size, each data set as wide as its model's inputs,
 * and all of them as long as the first (one file's rows). */
static mlp_status check_members(const mlp_net *const *nets, const mlp_dataset *const *data,
                                size_t n_models, mlp_error *err)
{
    if (n_models == 0)
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "a committee needs a model");
    size_t n_out = nets[0]->sizes[nets[0]->n_layers];
    for (size_t k = 0; k < n_models; k++) {
        size_t out_k = nets[k]->sizes[nets[k]->n_layers], in_k = nets[k]->sizes[0];
        if (out_k != n_out)
            return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                                 "model %zu has %zu output%s but model 1 has %zu "
                                 "(mlp_predict_check_committee refuses such a committee)",
                                 k + 1, out_k, mlp_plural(out_k, "", "s"), n_out);
        if (data[k]->n_features != in_k) {
            char whose[48] = ""; /* a committee's member; nothing for mlp_predict_run's one */
            if (n_models > 1)
                snprintf(whose, sizeof whose, " of model %zu", k + 1);
            return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                                 "the data set%s has %zu feature%s but the model has %zu input%s",
                                 whose, data[k]->n_features,
                                 mlp_plural(data[k]->n_features, "", "s"), in_k,
                                 mlp_plural(in_k, "", "s"));
        }
        if (k == 0 && data[0]->Y && data[0]->n_outputs != out_k)
            return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                                 "the data set has %zu target column%s but the model %zu "
                                 "output%s", data[0]->n_outputs,
                                 mlp_plural(data[0]->n_outputs, "", "s"), out_k,
                                 mlp_plural(out_k, "", "s"));
        if (data[k]->n_rows != data[0]->n_rows)
            return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                                 "the data set of model %zu has %zu row%s but that of model 1 "
                                 "has %zu (each must be the same file's rows)",
                                 k + 1, data[k]->n_rows, mlp_plural(data[k]->n_rows, "", "s"),
                                 data[0]->n_rows);
    }
    return MLP_OK;
}

/* 1 when names, which should hold n names, or one of them is NULL. */
static int names_missing(char *const *names, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (!names || !names[k])
            return 1;
    return 0;
}

/* What the rows written and evaluated read of the schema, against the
 * model (the first member: the committee's outputs are its): as many
 * outputs; a label per output unit (two for one unit), which the predicted
 * class indexes; for a regression written out, a target name per output,
 * the header's columns; and those names there. A schema of another model
 * was taken silently: its labels read past their end, or its header named
 * other columns than the rows held. */
static mlp_status check_schema(const mlp_net *net, const mlp_schema *schema, int writing,
                               mlp_error *err)
{
    size_t n_out = net->sizes[net->n_layers], want_labels = n_out > 1 ? n_out : 2;
    int regression_header = writing && schema->n_labels == 0;
    char why[160];
    const char *problem = why;
    if (schema->n_outputs != n_out)
        snprintf(why, sizeof why, "it has %zu output%s, the model %zu", schema->n_outputs,
                 mlp_plural(schema->n_outputs, "", "s"), n_out);
    else if (schema->n_labels != 0 && schema->n_labels != want_labels)
        snprintf(why, sizeof why, "%zu class label%s for %zu output%s (expected 0 or %zu)",
                 schema->n_labels, mlp_plural(schema->n_labels, "", "s"), n_out,
                 mlp_plural(n_out, "", "s"), want_labels);
    else if (regression_header && schema->n_targets != n_out)
        snprintf(why, sizeof why, "%zu target name%s for %zu output%s", schema->n_targets,
                 mlp_plural(schema->n_targets, "", "s"), n_out, mlp_plural(n_out, "", "s"));
    else if (names_missing(schema->labels, schema->n_labels))
        problem = "a class label is NULL";
    else if (regression_header && names_missing(schema->target_names, schema->n_targets))
        problem = "a target name is NULL";
    else
        return MLP_OK;
    mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "the schema is not the model's: %s", problem);
    mlp_error_hint(err, "pass the schema read with the model (mlp_weights_read), or one with its "
                        "n_outputs, a class label per output (two for one) or none, and for a "
                        "regression a target name per output");
    return MLP_ERR_USAGE;
}

/* The weights file does not say whether the training counted 0/1 targets
 * as classes (a sigmoid output trained with mse on 0/1 targets is stored
 * without labels), so the rows decide by mlptrain's one rule
 * (mlp_fit_class_targets: every row a 0/1 indicator, one-hot over several
 * outputs, two classes at least, one unit only under a probability
 * output), as mlptrain's decided; on the training rows both count alike. */
size_t mlp_predict_count_classes(const mlp_net *net, const mlp_schema *schema,
                                 const mlp_dataset *rows)
{
    size_t n_out = net->sizes[net->n_layers];
    if (!rows->Y)
        return 0;
    if (schema->n_labels > 0)
        return schema->n_labels;
    if (!mlp_fit_class_targets(rows, net->layers[net->n_layers - 1].act))
        return 0;
    return n_out > 1 ? n_out : 2;
}

/* ---------------------------------------------------------------------------
 * R^2 = 1 - SSE / SST per output, SSE = sum (y - t)^2, SST = sum (t - mean t)^2,
 * both kept scaled so that neither overflows nor underflows where R^2 is a
 * number: targets of 1e200 square to inf (and R^2 was inf/inf = NaN, told as
 * "a target column is constant"), targets of 1e-200 to 0. */

typedef struct {
    double scale, ssq; /* SSE/4 = scale^2 ssq (LAPACK dlassq's form), over (y - t)/2 */
    double t_scale;    /* the power of two bringing max |t| into [0.5, 1) (1 for 0) */
    double sst;        /* SST t_scale^2: two passes over the scaled targets */
} r2_sums;

/* SST of column j of T (N rows of n_out), scaled by a power of two so that
 * the squares neither overflow nor underflow (scaling is exact); two
 * passes, the mean first, so the spread is not lost to cancellation. A
 * column of one value has SST 0 exactly, though its computed mean may be
 * an ulp off it (six 0.1s have the mean 0.09999999999999999). */
static void r2_start(r2_sums *f, const double *T, size_t N, size_t n_out, size_t j)
{
    double big = 0.0;
    int one_value = 1;
    for (size_t i = 0; i < N; i++) {
        big = fmax(big, fabs(T[i * n_out + j]));
        one_value &= T[i * n_out + j] == T[j];
    }
    f->t_scale = big > 0.0 ? ldexp(1.0, -ilogb(big) - 1) : 1.0;
    double mean = 0.0, sst = 0.0;
    for (size_t i = 0; i < N; i++)
        mean += T[i * n_out + j] * f->t_scale;
    mean /= (double)N;
    for (size_t i = 0; i < N; i++) {
        double d = T[i * n_out + j] * f->t_scale - mean;
        sst += d * d;
    }
    f->sst = one_value ? 0.0 : sst;
}

/* Adds (y - t)^2, as ((y - t)/2)^2 into scale^2 ssq: halved, y - t cannot
 * overflow (1e308 - (-1e308)), and the running scale keeps the squares in
 * range (dlassq: when |e| exceeds scale, ssq is rescaled to it). The
 * outputs are finite (committee_forward refuses others). */
static void r2_add(r2_sums *f, double y, double t)
{
    double a = fabs(0.5 * y - 0.5 * t);
    if (a == 0.0)
        return;
    if (a > f->scale) {
        double q = f->scale / a;
        f->ssq = 1.0 + f->ssq * q * q;
        f->scale = a;
    } else {
        double q = a / f->scale;
        f->ssq += q * q;
    }
}

/* 1 - SSE/SST, with SSE/SST = (2 scale t_scale sqrt(ssq/sst))^2: -inf only
 * when the true ratio is beyond the doubles; NaN for a constant column, the
 * only one whose SST is 0 now that the squares cannot underflow. */
static double r2_of(const r2_sums *f)
{
    if (!(f->sst > 0.0))
        return NAN;
    double a = 2.0 * f->scale * f->t_scale * sqrt(f->ssq / f->sst);
    return 1.0 - a * a;
}

/* The output CSV of n_rows rows of outputs y (n_out each) and, for one
 * sigmoid unit, their p_<first label> (or NULL): written only once every
 * row is computed and checked. */
static void write_rows(FILE *out, const mlp_schema *schema, mlp_activation act, const double *y,
                       const double *p_first, size_t n_rows, size_t n_out)
{
    mlp_predict_write_header(out, schema, act);
    for (size_t r = 0; r < n_rows; r++)
        mlp_predict_write_row_first(out, schema, act, y + r * n_out, n_out,
                                    p_first ? p_first + r : NULL);
}

mlp_status mlp_predict_committee(const mlp_net *const *nets, const mlp_dataset *const *data,
                                 size_t n_models, const mlp_schema *schema, FILE *out,
                                 mlp_predict_eval *eval, mlp_error *err)
{
    /* mlp.h: a NULL is refused, not dereferenced. */
    const char *null = !nets || !data ? "the models or their data" : !schema ? "the schema" : NULL;
    for (size_t k = 0; !null && k < n_models; k++)
        null = !nets[k] ? "a model" : !data[k] ? "a data set" : NULL;
    if (null) {
        if (eval)
            *eval = (mlp_predict_eval){.loss = NAN, .accuracy = NAN, .mse = NAN, .r2 = NAN};
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "mlp_predict_run: %s is NULL", null);
        mlp_error_hint(err, "read the model and its schema with mlp_weights_read, the data with "
                            "mlp_dataset_with_schema");
        return MLP_ERR_USAGE;
    }
    if (eval)
        *eval = (mlp_predict_eval){.loss = NAN, .accuracy = NAN, .mse = NAN, .r2 = NAN,
                                   .rows = n_models ? data[0]->n_rows : 0};
    mlp_status st = check_members(nets, data, n_models, err);
    if (!st)
        st = check_schema(nets[0], schema, out != NULL, err);
    if (st)
        return st;
    /* A failed write leaves its reason in errno, read at the end: nothing
     * before it here is to be taken for one. */
    errno = 0;
    const mlp_net *net = nets[0];
    const mlp_dataset *first = data[0]; /* its targets are the committee's */
    size_t n_out = net->sizes[net->n_layers];
    size_t K = mlp_predict_count_classes(net, schema, first);
    int classify = K > 0;
    size_t *confusion = NULL;
    double *ybar = NULL, *p_first = NULL, *p_scratch = NULL, *kept = NULL;
    r2_sums *fit = NULL; /* per output, for R^2 */
    const double **logits = mlp_alloc_zero(n_models, sizeof *logits);
    member *m = mlp_alloc_zero(n_models, sizeof *m);
    size_t *order = mlp_alloc(n_models, sizeof *order);
    if (!m || !logits || !order) {
        st = mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for %zu models",
                           n_models);
        goto out;
    }
    if (eval && K && !(confusion = mlp_alloc_zero(K * K, sizeof *confusion))) {
        st = mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0,
                           "out of memory for a %zu x %zu confusion matrix", K, K);
        goto out;
    }
    size_t chunk = SIZE_MAX;
    for (size_t k = 0; k < n_models; k++) {
        m[k] = (member){.net = nets[k], .data = data[k]};
        if (!(m[k].ws = mlp_workspace_create(nets[k], 0, err))) {
            st = MLP_ERR_NOMEM;
            goto out;
        }
        size_t c = mlp_workspace_chunk_rows(m[k].ws);
        chunk = c < chunk ? c : chunk;
    }
    member_order(m, n_models, order);
    if (eval && first->Y && !classify && !(fit = mlp_alloc_zero(n_out, sizeof *fit))) {
        st = mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for %zu outputs", n_out);
        goto out;
    }
    for (size_t j = 0; fit && j < n_out; j++)
        r2_start(&fit[j], first->Y, first->n_rows, n_out, j);
    if (n_models > 1 && !(ybar = mlp_alloc(chunk * n_out, sizeof *ybar))) {
        st = mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0,
                           "out of memory for the committee's mean outputs");
        goto out;
    }
    /* One sigmoid unit's p_<first label>, from the logits: one per row,
     * kept with the outputs, and two chunks of scratch (a member's, the
     * negated logits). */
    mlp_activation act = net->layers[net->n_layers - 1].act;
    if (out && n_out == 1 && act == MLP_ACT_SIGMOID && mlp_predict_probability_columns(schema, act) &&
        (!(p_first = mlp_alloc(first->n_rows, sizeof *p_first)) ||
         !(p_scratch = mlp_alloc(2 * chunk, sizeof *p_scratch)))) {
        st = mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the probabilities");
        goto out;
    }
    /* Every output is kept until every row is computed and checked: a row
     * that fails late (not_finite) then leaves nothing written, on a
     * standard output too, which no rename can take back (docs/csv.md). */
    if (out && !(kept = mlp_alloc(first->n_rows, n_out * sizeof *kept))) {
        st = mlp_alloc_error(err, NULL, (double)first->n_rows * (double)n_out * sizeof *kept,
                             NULL, "the predictions of %zu rows", first->n_rows);
        goto out;
    }
    double loss_sum = 0.0, sq_sum = 0.0;
    size_t correct = 0;
    for (size_t r0 = 0; r0 < first->n_rows; r0 += chunk) {
        size_t rows = first->n_rows - r0 < chunk ? first->n_rows - r0 : chunk;
        const double *y = committee_forward(m, order, n_models, r0, rows, n_out, ybar, logits,
                                              err);
        if (!y) {
            st = MLP_ERR_DATA;
            goto out;
        }
        if (p_first)
            mlp_first_label_probabilities(logits, n_models, rows, p_scratch + chunk, p_scratch,
                                          p_first + r0);
        if (kept)
            memcpy(kept + r0 * n_out, y, rows * n_out * sizeof *kept);
        if (!first->Y)
            continue;
        const double *t = first->Y + r0 * n_out;
        /* One model: its loss from its logits (loss.h); a committee: from
         * its members' logits and its mean (mlp_loss_sum_committee). */
        loss_sum += n_models == 1 ? mlp_net_loss_sum(net, m[0].ws, t, rows)
                                  : mlp_loss_sum_committee(net->loss, logits, n_models, y, t,
                                                           rows, n_out);
        for (size_t i = 0; i < rows * n_out; i++)
            sq_sum += (y[i] - t[i]) * (y[i] - t[i]);
        for (size_t r = 0; fit && r < rows; r++)
            for (size_t j = 0; j < n_out; j++)
                r2_add(&fit[j], y[r * n_out + j], t[r * n_out + j]);
        for (size_t r = 0; r < rows && classify; r++) {
            size_t want = mlp_net_class_of(t + r * n_out, n_out);
            size_t got = mlp_net_class_of(y + r * n_out, n_out);
            correct += want == got;
            if (confusion && want < K && got < K)
                confusion[want * K + got]++;
        }
    }
    if (eval && first->Y) {
        size_t N = first->n_rows;
        eval->loss = loss_sum / mlp_loss_divisor(net->loss, N, n_out);
        eval->mse = sq_sum / ((double)N * (double)n_out);
        eval->accuracy = classify ? (double)correct / (double)N : NAN;
        double r2 = 0.0;
        for (size_t j = 0; fit && j < n_out; j++)
            r2 += r2_of(&fit[j]);
        eval->r2 = fit ? r2 / (double)n_out : NAN;
        eval->n_classes = K;
        eval->confusion = confusion;
        confusion = NULL;
    }
    if (out)
        write_rows(out, schema, act, kept, p_first, first->n_rows, n_out);
    if (out && (fflush(out) != 0 || ferror(out)))
        st = mlp_fileio_write_error("-", errno, err); /* the caller names the file */
out:
    for (size_t k = 0; m && k < n_models; k++)
        mlp_workspace_free(m[k].ws);
    free(m);
    free(order);
    free(logits);
    free(ybar);
    free(p_first);
    free(p_scratch);
    free(kept);
    free(fit);
    free(confusion);
    return st;
}

mlp_status mlp_predict_run(const mlp_net *net, const mlp_schema *schema, const mlp_dataset *data,
                           FILE *out, mlp_predict_eval *eval, mlp_error *err)
{
    return mlp_predict_committee(&net, &data, 1, schema, out, eval, err);
}

/* Whether the output units of two models mean the same: what a committee's
 * mean needs. Their inputs may differ (each reads the rows by its own
 * schema). */
mlp_status mlp_predict_check_committee(const mlp_net *a, const mlp_schema *sa, const char *path_a,
                                       const mlp_net *b, const mlp_schema *sb, const char *path_b,
                                       mlp_error *err)
{
    size_t na = a->sizes[a->n_layers], nb = b->sizes[b->n_layers];
    mlp_activation fa = a->layers[a->n_layers - 1].act, fb = b->layers[b->n_layers - 1].act;
    const char *hint = "a committee averages models of one task: give models trained on the same "
                       "targets (or class labels) with the same output layer and loss";
    if (na != nb || fa != fb || a->loss != b->loss) {
        mlp_error_set(err, MLP_ERR_WEIGHTS, path_b, 0, 0,
                      "this model has %zu %s output%s and the %s loss but the committee's first "
                      "model, %s, has %zu %s output%s and the %s loss",
                      nb, mlp_activation_name(fb), mlp_plural(nb, "", "s"), mlp_loss_name(b->loss),
                      path_a, na, mlp_activation_name(fa), mlp_plural(na, "", "s"),
                      mlp_loss_name(a->loss));
        mlp_error_hint(err, "%s", hint);
        return MLP_ERR_WEIGHTS;
    }
    return mlp_schema_check_same_outputs(sa, path_a, sb, path_b, hint, err);
}

void mlp_predict_eval_free(mlp_predict_eval *eval)
{
    if (!eval)
        return;
    free(eval->confusion);
    eval->confusion = NULL;
}
