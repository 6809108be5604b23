/* SPDX-License-Identifier: MIT */
/* preflight.c: the checks run before the first epoch, from the spec, the
 * training table and data set, and a short learning-rate trial. Each check
 * appends findings and never changes its inputs; spec findings use the
 * positions the spec loader recorded, CSV findings its own cell locator.
 * Never opens a file. */
#include "mlp/preflight.h"

#include "mlp/diagnose.h"
#include "mlp/fit.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "c_locale.h"
#include "names.h"
#include "plural.h"
#include "mlp/lrscan.h"

/* ------------------------------------------------------------------------ */
/* Shared state of one run. */

typedef struct {
    const mlp_preflight_input *in;
    const mlp_spec *spec;
    mlp_findings *out;
    mlp_error *err;
    size_t K;              /* output units */
    mlp_activation out_act;
    size_t nf, nt;         /* features and target columns */
    size_t *fcol, *tcol;   /* their column indices in the CSV table */
    double target_divisor; /* > 0: target-scale's power of ten, the run's cure (the
                              rate trial's hint names it too) */
    int inputs_far;        /* an unscaled feature beyond MLP_PREFLIGHT_LARGE_FEATURE: the
                              run's first cure is scaling (the rate trial's hint names it) */
} ctx;

static mlp_finding *add(ctx *c, const char *code, mlp_severity sev)
{
    return mlp_findings_add(c->out, code, sev, c->err);
}

/* A finding about a spec value, at the position the loader recorded for it. */
static void at_spec(ctx *c, mlp_finding *f, mlp_spec_pos pos)
{
    mlp_finding_at(f, c->spec->path, pos.line, pos.col);
}

/* A cell of the training CSV: row i (0-based data row, or -1 for the
 * header line) and table column j. */
static void at_cell(ctx *c, mlp_finding *f, long i, size_t j)
{
    const mlp_csv *csv = c->in->csv;
    long line = i < 0 ? 1 : csv->row_line[i];
    mlp_finding_at(f, csv->path, line,
                   mlp_csv_field_col(c->in->csv_text, c->in->csv_len, line, j));
}

static const char *act_range(mlp_activation a)
{
    return mlp_activation_info_of(a)->range;
}

/* Out of memory for `bytes` more: the check runs before every training run,
 * on every row, so the way out is memory or a smaller table. */
static mlp_status no_memory(ctx *c, size_t n, size_t size)
{
    return mlp_alloc_error(c->err, NULL, (double)n * (double)size,
                           "free some memory, or train on fewer rows or columns (the check runs "
                           "before every training run)",
                           "the pre-flight check");
}

/* ------------------------------------------------------------------------ */
/* The spec alone. */

static mlp_status check_softmax_one_unit(ctx *c)
{
    /* A row-wise distribution over one unit is that unit at 1. */
    if (!(mlp_activation_info_of(c->out_act)->flags & MLP_ACT_FLAG_ROWS) || c->K != 1)
        return MLP_OK;
    mlp_finding *f = add(c, "softmax-one-unit", MLP_SEVERITY_ERROR);
    if (!f)
        return MLP_ERR_NOMEM;
    at_spec(c, f, c->spec->pos_output_size);
    mlp_finding_message(f, "a %s output layer of 1 unit always outputs 1: the loss and its "
                           "gradient are constant, so nothing can be learned",
                        mlp_activation_name(c->out_act));
    mlp_finding_hint(f, "use 2 softmax units (one per class) with \"cross_entropy\", or 1 "
                        "\"sigmoid\" unit with \"binary_cross_entropy\"");
    f->measured = 1;
    f->threshold = 2;
    return MLP_OK;
}

/* Hidden layers that are all "linear" compose into one linear map: the
 * network fits no more than one without them (XOR not at all), and the
 * run's diagnosis would end blaming the rate or the seed. */
static mlp_status check_linear_hidden(ctx *c)
{
    const mlp_spec *sp = c->spec;
    if (sp->n_layers < 2)
        return MLP_OK;
    for (size_t l = 0; l + 1 < sp->n_layers; l++)
        if (!(mlp_activation_info_of(sp->acts[l])->flags & MLP_ACT_FLAG_LINEAR))
            return MLP_OK;
    mlp_finding *f = add(c, "linear-hidden", MLP_SEVERITY_WARNING);
    if (!f)
        return MLP_ERR_NOMEM;
    at_spec(c, f, sp->pos_layers);
    mlp_finding_message(f, "%s \"linear\", so the network is linear: it fits no more than a "
                           "network without hidden layers (XOR not at all)",
                        sp->n_layers == 2 ? "the hidden layer is" : "every hidden layer is");
    mlp_finding_hint(f, "use \"tanh\" or \"relu\" in the hidden layers");
    f->measured = (double)(sp->n_layers - 1);
    f->threshold = (double)(sp->n_layers - 1);
    return MLP_OK;
}

/* A warm-up of at least the run's epochs never ends in it: every epoch
 * trains below the learning rate, at E / (W + 1) of it at most, so the
 * rate the spec gives is never the one trained at (a warm-up of 1000
 * epochs in a run of 100 trained at a tenth of it at most; one of 100000
 * in 200 at a five-hundredth), and --check said nothing. Shorter warm-ups
 * end within the run; how much of it they take is a choice (a tenth or
 * less is usual), not a mistake (docs/diagnostics.md). */
static mlp_status check_warmup(ctx *c)
{
    const mlp_spec *sp = c->spec;
    const mlp_schedule *sc = &sp->schedule;
    if (sc->warmup < sp->epochs)
        return MLP_OK;
    double top = mlp_schedule_highest(sc, 1, sp->epochs, sp->epochs);
    double lr = sp->optimizer.learning_rate;
    mlp_finding *f = add(c, "warmup-past-run", MLP_SEVERITY_WARNING);
    if (!f)
        return MLP_ERR_NOMEM;
    at_spec(c, f, sp->pos_warmup);
    mlp_finding_message(f, "the warm-up of %ld %s does not end within the run of %ld %s: the rate "
                           "rises to %.3g x learning_rate (%g) at most, never to learning_rate %g",
                        sc->warmup, mlp_plural(sc->warmup, "epoch", "epochs"), sp->epochs,
                        mlp_plural(sp->epochs, "epoch", "epochs"), top, lr * top, lr);
    if (sp->epochs / 10 > 0)
        mlp_finding_hint(f, "shorten \"warmup\" to a tenth of the run or less, e.g. %ld, or train "
                            "for more epochs than the warm-up",
                         sp->epochs / 10);
    else
        mlp_finding_hint(f, "remove \"warmup\", or train for more epochs than the warm-up");
    f->measured = (double)sc->warmup;
    f->threshold = (double)sp->epochs;
    return MLP_OK;
}

/* ------------------------------------------------------------------------ */
/* Targets. */

static mlp_status map_columns(ctx *c);

/* Where the targets leave the output's range: the first bad value in file
 * order (row, unit, its cell's line and column) and how many of how many.
 * Doubles, so that the processes of a run in parts can gather them. */
typedef struct {
    double bad, total;      /* bad target values, of all */
    double line, col;       /* the first bad one's cell (line in the file) */
    double t, unit;         /* its value and output unit */
    double values[2];       /* one target column: its first 2 distinct values, */
    double n_values;        /* how many it holds: 0, 1, 2, or 3 for more than 2 */
} range_report;

/* Adds target t to the distinct values of r (at most 2 kept; 3 counts
 * more). */
static void note_value(range_report *r, double t)
{
    for (int k = 0; k < (int)r->n_values && k < 2; k++)
        if (r->values[k] == t)
            return;
    if (r->n_values < 2)
        r->values[(int)r->n_values] = t;
    if (r->n_values < 3)
        r->n_values++;
}

/* Row-wise outputs get one-hot targets (the data loader checks them); an
 * unbounded range holds every target: 0 for those, else 1 with lo, hi. */
static int bounded_output(const ctx *c, double *lo, double *hi)
{
    const mlp_activation_info *in = mlp_activation_info_of(c->out_act);
    *lo = in->lo;
    *hi = in->hi;
    return !(in->flags & MLP_ACT_FLAG_ROWS) && !(*lo == -INFINITY && *hi == INFINITY);
}

static void scan_target_range(const ctx *c, double lo, double hi, range_report *r)
{
    const mlp_dataset *d = c->in->data;
    memset(r, 0, sizeof *r);
    r->total = (double)(d->n_rows * c->K);
    for (size_t k = 0; d->Y && k < d->n_rows * c->K; k++) {
        double t = d->Y[k];
        if (c->K == 1 && c->nt == 1)
            note_value(r, t);
        if (t >= lo && t <= hi)
            continue;
        if (r->bad++ == 0) {
            size_t row = k / c->K, unit = k % c->K;
            const mlp_csv *csv = c->in->csv;
            long line = csv->row_line[row];
            r->line = (double)line;
            r->col = (double)mlp_csv_field_col(c->in->csv_text, c->in->csv_len, line,
                                                   c->tcol[c->nt == c->K ? unit : 0]);
            r->t = t;
            r->unit = (double)unit;
        }
    }
}

static const mlp_loss_info *fused_loss(mlp_activation out);

/* A column of exactly 2 values (1 and 2, yes-coded 0 and 5) on a sigmoid
 * unit trained by another loss than its own is likely two classes: the
 * output's loss reads 2 values as labels (dataset.c), so it is named
 * beside scaling. */
static void hint_two_classes(ctx *c, mlp_finding *f, const range_report *r, const char *name)
{
    const mlp_loss_info *own = fused_loss(c->out_act);
    if (c->K != 1 || c->nt != 1 || r->n_values != 2 || !own ||
        !(mlp_activation_info_of(c->out_act)->flags & MLP_ACT_FLAG_PROBABILITY) ||
        mlp_loss_info_of(c->spec->loss) == own)
        return;
    double a = fmin(r->values[0], r->values[1]), b = fmax(r->values[0], r->values[1]);
    char was[sizeof f->hint];
    snprintf(was, sizeof was, "%s", f->hint);
    mlp_finding_hint(f, "%s; if %g and %g, the only values of \"%s\", are two classes, "
                        "\"loss\": \"%s\" reads them as labels",
                     was, a, b, name, own->name);
}

static mlp_status report_target_range(ctx *c, const range_report *r, double lo, double hi)
{
    if (!r->bad)
        return MLP_OK;
    size_t unit = (size_t)r->unit;
    const mlp_schema *s = c->in->schema;
    const char *name = s->target_names[c->nt == c->K ? unit : 0];
    mlp_finding *f = add(c, "target-range", MLP_SEVERITY_ERROR);
    if (!f)
        return MLP_ERR_NOMEM;
    mlp_finding_at(f, c->in->csv->path, (long)r->line, (long)r->col);
    char more[96] = "";
    if (r->bad > 1)
        snprintf(more, sizeof more, " (%.0f of the %.0f target values are)", r->bad, r->total);
    mlp_finding_message(f, "target %g in column \"%s\" is outside %s, the range of the %s output "
                           "layer%s",
                        r->t, name, act_range(c->out_act), mlp_activation_name(c->out_act), more);
    if (lo == 0 && hi == INFINITY)
        mlp_finding_hint(f, "use a \"linear\" output layer for targets that can be negative");
    else
        mlp_finding_hint(f, "scale the targets into %s, or use a \"linear\" output layer for "
                            "unbounded values",
                         act_range(c->out_act));
    hint_two_classes(c, f, r, name);
    f->measured = r->t;
    f->threshold = r->t < lo ? lo : hi;
    return MLP_OK;
}

static mlp_status check_target_range(ctx *c)
{
    double lo, hi;
    if (!bounded_output(c, &lo, &hi))
        return MLP_OK;
    range_report r;
    scan_target_range(c, lo, hi, &r);
    return report_target_range(c, &r, lo, hi);
}

/* The same in a run whose processes each hold a part of the file (mpirun):
 * every process scans its rows, they gather their reports, and each makes
 * the finding of the earliest bad cell in the file with the counts of all
 * rows, so that every process stops, as one process would. */
static mlp_status check_target_range_parts(ctx *c)
{
    const mlp_parts *parts = c->in->parts;
    double lo, hi;
    if (!bounded_output(c, &lo, &hi))
        return MLP_OK;
    range_report mine, first;
    memset(&mine, 0, sizeof mine);
    mlp_status st = map_columns(c); /* the same header in every part: the same outcome */
    if (!st)
        scan_target_range(c, lo, hi, &mine);
    void *all = NULL;
    size_t *lens = NULL;
    st = mlp_parts_gather(parts, st, &mine, sizeof mine, &all, &lens, c->err);
    if (st)
        return st;
    memset(&first, 0, sizeof first);
    const range_report *each = all;
    for (int q = 0; q < parts->size; q++) {
        const range_report *r = &each[q];
        if (r->bad && (!first.bad || r->line < first.line)) {
            double bad = first.bad, total = first.total;
            first = *r;
            first.bad = bad, first.total = total;
        }
        first.bad += r->bad;
        first.total += r->total;
    }
    /* The distinct values of every part, in rank order. */
    first.n_values = 0;
    for (int q = 0; q < parts->size; q++) {
        for (int k = 0; k < (int)each[q].n_values && k < 2; k++)
            note_value(&first, each[q].values[k]);
        if (each[q].n_values > 2)
            first.n_values = 3;
    }
    free(all);
    free(lens);
    return report_target_range(c, &first, lo, hi);
}

/* Regression targets far from the unit scale, on an output that can reach
 * them (a bounded one is target-range's): the network starts with outputs
 * near 0, so its first errors y - t are the size of the targets, and so is
 * the gradient 2 (y - t) of mse. Plain steps then explode and saturate the
 * hidden units; adam's, at most learning_rate each, take magnitude /
 * learning_rate epochs to get there. mlp scales inputs, never targets
 * (docs/csv.md), so the hint says by what to divide the column. */
static mlp_status check_target_scale(ctx *c)
{
    const mlp_schema *s = c->in->schema;
    const mlp_dataset *d = c->in->data;
    double by = mlp_diagnose_target_divisor(c->out_act, c->spec->loss,
                                            s->one_hot_columns ? 1 : s->n_labels, d->Y, d->n_rows,
                                            c->K);
    if (!(by > 0))
        return MLP_OK;
    c->target_divisor = by;
    size_t worst = 0;
    double lo = INFINITY, hi = -INFINITY, mag = 0;
    for (size_t k = 0; k < c->K; k++) {
        double l = INFINITY, h = -INFINITY;
        for (size_t i = 0; i < d->n_rows; i++) {
            double t = d->Y[i * c->K + k];
            l = t < l ? t : l;
            h = t > h ? t : h;
        }
        double m = fmax(fabs(l), fabs(h));
        if (m > mag) {
            mag = m, lo = l, hi = h;
            worst = k;
        }
    }
    mlp_finding *f = add(c, "target-scale", MLP_SEVERITY_WARNING);
    if (!f)
        return MLP_ERR_NOMEM;
    size_t j = c->tcol[c->nt == c->K ? worst : 0];
    at_cell(c, f, c->in->csv->has_header ? -1 : 0, j);
    mlp_finding_message(f, "the targets in column \"%s\" lie in [%g, %g]: the network starts "
                           "with outputs near 0, so its first errors, and the gradient 2 (y - t) "
                           "of mse, are that large too: plain steps explode, and adam's, at most "
                           "learning_rate each, crawl",
                        c->in->csv->cols[j].name, lo, hi);
    mlp_finding_hint(f, "divide the column by %g and multiply the predictions by it, so the "
                        "targets lie within +-10; mlp scales the inputs, not the targets",
                     by);
    f->measured = mag;
    f->threshold = MLP_DIAG_LARGE_TARGET;
    return MLP_OK;
}

/* The loss fused with output activation `out` (its gradient is y - t), or NULL. */
static const mlp_loss_info *fused_loss(mlp_activation out)
{
    for (int l = 0; l < MLP_LOSS_COUNT; l++) {
        const mlp_loss_info *in = mlp_loss_info_of((mlp_loss)l);
        if (in->fused && in->output == out)
            return in;
    }
    return NULL;
}

static mlp_status check_class_outputs(ctx *c)
{
    int labels = c->in->schema->n_labels > 0;
    /* fit.c's rule, the one the run's summary and loss log count accuracy
     * by: 0/1 class indicators (one-hot rows, two classes or more) on a
     * sigmoid output or on several units. One tanh or linear unit fitted to
     * 0/1 is a regression the user may mean, and is not reported. On the
     * run's rows: the training rows, every row of the file (a split's
     * held-out rows, a refit's) and the validation file's; a validation
     * 0.5 was warned of as a class target while the run counted none. */
    const mlp_dataset *train = c->in->trial_data ? c->in->trial_data : c->in->data;
    if (!labels &&
        !mlp_fit_counts_class_targets(train, c->in->validation, c->in->data, c->out_act))
        return MLP_OK;
    const mlp_activation_info *in = mlp_activation_info_of(c->out_act);
    int probabilistic = (in->flags & MLP_ACT_FLAG_PROBABILITY) != 0;
    const char *act = mlp_activation_name(c->out_act);
    /* One tanh or linear unit fitted to 0/1 is a regression the user may
     * mean; several unnormalised outputs, or labels whose "probabilities"
     * mlppredict would print, are not. */
    if (!probabilistic && (labels || c->K > 1)) {
        mlp_finding *f = add(c, "output-not-probability", MLP_SEVERITY_WARNING);
        if (!f)
            return MLP_ERR_NOMEM;
        at_spec(c, f, c->spec->pos_output_act);
        char sum[64] = "";
        if (c->K > 1)
            snprintf(sum, sizeof sum, ", and its %zu outputs are not made to sum to 1", c->K);
        mlp_finding_message(f, "the targets are %s but a %s output layer gives values in %s "
                               "that are not probabilities%s",
                            labels ? "class labels" : "0/1 class indicators", act,
                            act_range(c->out_act), sum);
        if (c->K > 1)
            mlp_finding_hint(f, "use \"softmax\" on the output layer with \"loss\": "
                                "\"cross_entropy\"");
        else
            mlp_finding_hint(f, "use \"sigmoid\" on the output layer with \"loss\": "
                                "\"binary_cross_entropy\"");
    } else if (probabilistic && fused_loss(c->out_act) &&
               !mlp_loss_info_of(c->spec->loss)->fused) {
        mlp_finding *f = add(c, "mse-for-classes", MLP_SEVERITY_WARNING);
        if (!f)
            return MLP_ERR_NOMEM;
        at_spec(c, f, c->spec->pos_loss);
        mlp_finding_message(f, "\"%s\" on a %s output with 0/1 class targets trains slowly: its "
                               "gradient 2 (y - t) %s vanishes as an output nears 0 or 1, even "
                               "when it is wrong",
                            mlp_loss_name(c->spec->loss), act, in->mse_slope_words);
        mlp_finding_hint(f, "use \"loss\": \"%s\", whose gradient is y - t",
                         fused_loss(c->out_act)->name);
    }
    return MLP_OK;
}

/* Several sigmoid outputs with binary_cross_entropy on targets of one class
 * per row: K independent yes/no units, whose probabilities need not sum to
 * 1 (a 3-class spiral trained so gave rows whose 3 summed to 0.81 and to
 * 1.33), where softmax with cross_entropy gives one distribution over the
 * classes. A row with no class or several (multi-label) is what sigmoid
 * units are for: then nothing is said. "One of K classes" is said of what
 * the run counts as classes, by check_class_outputs' rule on its rows
 * (labels, or mlp_fit_counts_class_targets on the training rows, the
 * validation file's and every row of the file: each one-hot, two classes
 * or more among the training rows); rows all of one class were told
 * "one of 3 classes" while the run counted none. */
static mlp_status check_sigmoid_one_class(ctx *c)
{
    if (c->out_act != MLP_ACT_SIGMOID || c->spec->loss != MLP_LOSS_BINARY_CROSS_ENTROPY ||
        c->K < 2)
        return MLP_OK;
    const mlp_dataset *train = c->in->trial_data ? c->in->trial_data : c->in->data;
    if (!c->in->schema->n_labels &&
        !mlp_fit_counts_class_targets(train, c->in->validation, c->in->data, c->out_act))
        return MLP_OK;
    mlp_finding *f = add(c, "sigmoid-one-class", MLP_SEVERITY_WARNING);
    if (!f)
        return MLP_ERR_NOMEM;
    at_spec(c, f, c->spec->pos_output_act);
    mlp_finding_message(f, "each row is one of %zu classes, but %zu sigmoid outputs with "
                           "\"binary_cross_entropy\" are %zu separate yes/no probabilities, "
                           "which need not sum to 1",
                        c->K, c->K, c->K);
    mlp_finding_hint(f, "use \"softmax\" on the output layer with \"loss\": \"cross_entropy\", "
                        "one probability per class summing to 1; sigmoid outputs are for rows "
                        "that may hold several classes or none (multi-label)");
    f->measured = (double)c->K;
    f->threshold = 2;
    return MLP_OK;
}

/* ------------------------------------------------------------------------ */
/* Features against the targets, from the raw CSV values. */

/* How feature column f gives away target column t on every row: 1 equal,
 * 2 equal to 1 - t on 0/1 targets (the other column of a one-hot pair), 0
 * neither. A target column of one value, or of words, gives nothing away
 * (constant-column is the feature's finding). */
static int leaks(const mlp_csv *csv, size_t f, size_t t)
{
    if (!csv->cols[t].numeric || csv->n_rows < 2)
        return 0;
    const double *v = csv->values;
    size_t n = csv->n_cols;
    int same = 1, flip = 1, varies = 0;
    for (size_t i = 0; i < csv->n_rows && (same || flip); i++) {
        double x = v[i * n + f], y = v[i * n + t];
        same &= x == y;
        flip &= (y == 0.0 || y == 1.0) && x == 1.0 - y;
        varies |= y != v[t];
    }
    return !varies ? 0 : same ? 1 : flip ? 2 : 0;
}

/* A feature that equals a target on every row (or 1 - a 0/1 target) hands
 * the model its answer: it fits the training file and learns nothing that
 * holds on data without the column. x1,x2,c0,c1 one-hot with "layers"
 * [3, ...] and no "targets" reads c0 as a feature of the target c1. */
static mlp_status check_target_leak(ctx *c)
{
    const mlp_csv *csv = c->in->csv;
    size_t n = 0, fk = 0, tk = 0;
    int how = 0;
    for (size_t k = 0; k < c->nf; k++)
        for (size_t t = 0; t < c->nt; t++) {
            int h = leaks(csv, c->fcol[k], c->tcol[t]);
            if (h && n++ == 0)
                fk = k, tk = t, how = h;
            if (h)
                break;
        }
    if (!n)
        return MLP_OK;
    mlp_finding *f = add(c, "target-leak", MLP_SEVERITY_WARNING);
    if (!f)
        return MLP_ERR_NOMEM;
    const char *feat = csv->cols[c->fcol[fk]].name, *targ = csv->cols[c->tcol[tk]].name;
    at_cell(c, f, csv->has_header ? -1 : 0, c->fcol[fk]);
    char more[64] = "";
    if (n > 1)
        snprintf(more, sizeof more, " (and %zu more feature%s)", n - 1, mlp_plural(n - 1, "", "s"));
    mlp_finding_message(f, "feature \"%s\" equals %s \"%s\" in every row%s: it gives the "
                           "model the answer, which data to predict will not have",
                        feat, how == 1 ? "the target" : "1 - the target", targ, more);
    /* 1 - t beside t is one-hot class columns: both are the targets. */
    if (how == 2 && !c->spec->n_targets && csv->has_header)
        mlp_finding_hint(f, "the target is the last column unless \"targets\" names it: if "
                            "\"%s\" and \"%s\" are one-hot classes, name them in \"data\", "
                            "\"targets\": [\"%s\", \"%s\"], with 2 \"softmax\" output units, "
                            "\"loss\": \"cross_entropy\" and 1 input fewer in \"layers\"; else "
                            "leave \"%s\" out: list the columns to read in \"data.features\"",
                         feat, targ, c->fcol[fk] < c->tcol[tk] ? feat : targ,
                         c->fcol[fk] < c->tcol[tk] ? targ : feat, feat);
    else
        mlp_finding_hint(f, "leave \"%s\" out: list the columns to read in \"data.features\"",
                         feat);
    f->measured = (double)n;
    f->threshold = 0;
    return MLP_OK;
}

/* A first column named like a target ("label", "y", ...) while the
 * target, with no "targets", is the last column: a file laid out label
 * first trained on its last feature and read the labels as an input.
 * Not when the last column is named like a target too. */
static mlp_status check_target_named_first(ctx *c)
{
    const mlp_csv *csv = c->in->csv;
    if (c->spec->n_targets || !csv->has_header || c->nt == 0 || c->tcol[0] == 0 ||
        !mlp_names_target_like(csv->cols[0].name) ||
        mlp_names_target_like(csv->cols[c->tcol[0]].name))
        return MLP_OK;
    int read = 0;
    for (size_t k = 0; k < c->nf; k++)
        read |= c->fcol[k] == 0;
    mlp_finding *f = add(c, "target-named-first", MLP_SEVERITY_WARNING);
    if (!f)
        return MLP_ERR_NOMEM;
    const char *first = csv->cols[0].name, *last = csv->cols[c->tcol[0]].name;
    at_cell(c, f, -1, 0);
    mlp_finding_message(f, "the first column, \"%s\", is named like a target, but without "
                           "\"targets\" the target is the last column, \"%s\"%s%s%s",
                        first, last, read ? ", and \"" : "", read ? first : "",
                        read ? "\" is read as a feature" : "");
    mlp_finding_hint(f, "if \"%s\" is the column to predict, name it in \"data\" as "
                        "\"targets\": [\"%s\"]; if \"%s\" is, name that one: \"targets\": "
                        "[\"%s\"]",
                     first, first, last, last);
    return MLP_OK;
}

/* ------------------------------------------------------------------------ */
/* Features, from the raw CSV values (before any normalisation). */

typedef struct {
    double min, max, mag;
} range;

/* One pass over the row-major table, row by row: a pass per feature
 * strided through every row and read the whole table nf times. Each
 * feature still sees its values in row order, so ties (-0 and 0) resolve
 * as before. */
static void feature_ranges(const ctx *c, range *r)
{
    const mlp_csv *csv = c->in->csv;
    for (size_t k = 0; k < c->nf; k++) {
        r[k].min = INFINITY;
        r[k].max = -INFINITY;
    }
    for (size_t i = 0; i < csv->n_rows; i++) {
        const double *row = csv->values + i * csv->n_cols;
        for (size_t k = 0; k < c->nf; k++) {
            double x = row[c->fcol[k]];
            r[k].min = x < r[k].min ? x : r[k].min;
            r[k].max = x > r[k].max ? x : r[k].max;
        }
    }
    for (size_t k = 0; k < c->nf; k++)
        r[k].mag = fmax(fabs(r[k].min), fabs(r[k].max));
}

/* Whether an unscaled feature that varies reaches beyond
 * MLP_PREFLIGHT_LARGE_FEATURE: the lr-unstable hint then names scaling, not
 * a rate. One rule for one process (check_scales) and for the processes of
 * a run in parts (far_figures_parts). */
static int far_inputs(const ctx *c, const range *r)
{
    if (c->spec->normalize != MLP_NORMALIZE_NONE)
        return 0;
    for (size_t k = 0; k < c->nf; k++)
        if (r[k].min != r[k].max && r[k].mag > MLP_PREFLIGHT_LARGE_FEATURE)
            return 1;
    return 0;
}

static mlp_status check_scales(ctx *c, const range *r)
{
    if (c->spec->normalize != MLP_NORMALIZE_NONE)
        return MLP_OK;
    long big = -1, small = -1;
    for (size_t k = 0; k < c->nf; k++) {
        if (r[k].min == r[k].max)
            continue;
        if (big < 0 || r[k].mag > r[big].mag)
            big = (long)k;
        if (small < 0 || r[k].mag < r[small].mag)
            small = (long)k;
    }
    if (big < 0)
        return MLP_OK;
    const char *const *names = (const char *const *)c->in->schema->feature_names;
    double ratio = r[small].mag > 0 ? r[big].mag / r[small].mag : INFINITY;
    mlp_finding *f;
    c->inputs_far = far_inputs(c, r);
    if (big != small && ratio > MLP_PREFLIGHT_SCALE_RATIO) {
        if (!(f = add(c, "feature-scales", MLP_SEVERITY_WARNING)))
            return MLP_ERR_NOMEM;
        mlp_finding_message(f, "features are on very different scales: \"%s\" lies in [%g, %g] "
                               "but \"%s\" in [%g, %g] (magnitudes differ %.3gx, more than %g)",
                            names[big], r[big].min, r[big].max, names[small], r[small].min,
                            r[small].max, ratio, MLP_PREFLIGHT_SCALE_RATIO);
        f->measured = ratio;
        f->threshold = MLP_PREFLIGHT_SCALE_RATIO;
    } else if (r[big].mag > MLP_PREFLIGHT_LARGE_FEATURE) {
        if (!(f = add(c, "feature-scales", MLP_SEVERITY_WARNING)))
            return MLP_ERR_NOMEM;
        mlp_finding_message(f, "feature \"%s\" lies in [%g, %g]: unscaled inputs beyond +-%g "
                               "saturate tanh and sigmoid units and make the first steps huge",
                            names[big], r[big].min, r[big].max, MLP_PREFLIGHT_LARGE_FEATURE);
        f->measured = r[big].mag;
        f->threshold = MLP_PREFLIGHT_LARGE_FEATURE;
    } else {
        return MLP_OK;
    }
    at_spec(c, f, c->spec->pos_data);
    if (c->in->init_given) /* the weights file's scaling is kept: a spec that changes it is refused */
        mlp_finding_hint(f, "add \"normalize\": \"standard\" to \"data\" in the spec, training "
                            "without --init-weights, whose file keeps its own scaling");
    else
        mlp_finding_hint(f, "add \"normalize\": \"standard\" to \"data\" in the spec");
    return MLP_OK;
}

static mlp_status check_constant(ctx *c, const range *r)
{
    if (c->in->csv->n_rows < 2)
        return MLP_OK;
    size_t n = 0, first = 0;
    char list[MLP_ERROR_TEXT_MAX] = "";
    size_t used = 0;
    const char *const *names = (const char *const *)c->in->schema->feature_names;
    for (size_t k = 0; k < c->nf; k++) {
        if (r[k].min != r[k].max)
            continue;
        if (n == 0)
            first = k;
        if (n < MLP_PREFLIGHT_MAX_NAMED && used < sizeof list) {
            int w = mlp_c_snprintf(list + used, sizeof list - used, "%s\"%s\" (= %g)", n ? ", " : "",
                                   names[k], r[k].min);
            used = w < 0 ? sizeof list : used + (size_t)w;
        }
        n++;
    }
    if (!n)
        return MLP_OK;
    mlp_finding *f = add(c, "constant-column", MLP_SEVERITY_WARNING);
    if (!f)
        return MLP_ERR_NOMEM;
    at_cell(c, f, c->in->csv->has_header ? -1 : 0, c->fcol[first]);
    if (n == 1)
        mlp_finding_message(f, "column \"%s\" has the value %g in every row: it carries no "
                               "information",
                            names[first], r[first].min);
    else
        mlp_finding_message(f, "%zu feature columns have one value in every row and carry no "
                               "information: %s%s",
                            n, list, n > MLP_PREFLIGHT_MAX_NAMED ? ", ..." : "");
    mlp_finding_hint(f, "leave %s out: list the columns to read in \"data.features\" (or give "
                        "%s values that vary)",
                     n == 1 ? "it" : "them", n == 1 ? "it" : "them");
    f->measured = (double)n;
    f->threshold = 0;
    return MLP_OK;
}

/* A row by its raw feature vector, read in place through the feature
 * columns: sorted by it, equal vectors are neighbours. */
typedef struct {
    const double *row;   /* the table row */
    const size_t *fcol;  /* nf feature columns */
    size_t nf;
    size_t index;        /* data row */
} row_ref;

static int cmp_features(const row_ref *a, const row_ref *b)
{
    for (size_t k = 0; k < a->nf; k++) {
        double x = a->row[a->fcol[k]], y = b->row[b->fcol[k]];
        if (x < y)
            return -1;
        if (x > y)
            return 1;
    }
    return 0;
}

static int cmp_rows(const void *a_, const void *b_)
{
    const row_ref *a = a_, *b = b_;
    int c = cmp_features(a, b);
    return c ? c : a->index < b->index ? -1 : a->index > b->index;
}

static void target_text(const ctx *c, size_t row, char *buf, size_t size)
{
    const double *y = c->in->data->Y + row * c->K;
    const mlp_schema *s = c->in->schema;
    if (s->n_labels) {
        size_t cls = mlp_net_class_of(y, c->K);
        snprintf(buf, size, "\"%s\"", cls < s->n_labels ? s->labels[cls] : "?");
    } else if (c->K == 1) {
        mlp_c_snprintf(buf, size, "%g", y[0]);
    } else {
        size_t used = 0;
        for (size_t k = 0; k < c->K && used < size; k++) {
            int w = mlp_c_snprintf(buf + used, size - used, "%s%g", k ? "," : "(", y[k]);
            used = w < 0 ? size : used + (size_t)w;
        }
        if (used < size)
            snprintf(buf + used, size - used, ")");
    }
}

/* The duplicate search sorts a key per row, a hash of its raw feature
 * vector and its data row: half the memory of sorting row_refs (and of
 * the sort's scratch), and a comparison of two integers, not of nf values.
 * Equal vectors hash alike (-0 as 0, which compares equal to it), so the
 * rows of each vector lie within one run of equal hashes, in row order. */
typedef struct {
    uint64_t hash;
    size_t index;
} row_key;

static row_ref ref_of(const ctx *c, size_t i)
{
    const mlp_csv *csv = c->in->csv;
    return (row_ref){csv->values + i * csv->n_cols, c->fcol, c->nf, i};
}

/* splitmix64's finaliser: every bit of a value stirs every bit of the hash. */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t features_hash(const row_ref *r)
{
    uint64_t h = 0;
    for (size_t k = 0; k < r->nf; k++) {
        double x = r->row[r->fcol[k]];
        uint64_t bits;
        if (x == 0)
            x = 0; /* -0 equals 0 in cmp_features: one hash for both */
        memcpy(&bits, &x, sizeof bits);
        h = mix64(h ^ bits);
    }
    return h;
}

static int cmp_keys(const void *a_, const void *b_)
{
    const row_key *a = a_, *b = b_;
    if (a->hash != b->hash)
        return a->hash < b->hash ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* A run of equal hashes put in the order of an exact sort of its rows
 * (feature vector, then row). It is one vector in row order but for a hash
 * collision, so an insertion sort checks it in one pass (no allocation),
 * and moves rows only in that rare case. */
static void order_run(const ctx *c, row_key *run, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        row_key key = run[i];
        row_ref r = ref_of(c, key.index);
        size_t j = i;
        for (; j > 0; j--) {
            row_ref before = ref_of(c, run[j - 1].index);
            if (cmp_rows(&before, &r) <= 0)
                break;
            run[j] = run[j - 1];
        }
        run[j] = key;
    }
}

/* The groups of equal vectors of an ordered run: each whose rows do not
 * all have the targets of its first counts its rows into *conflicting.
 * The pair told (*first_a, its first row; *first_b, the first whose targets
 * differ) is of the group with the least vector, as when every row was
 * sorted by its vector and the first such group was told. */
static void run_conflicts(const ctx *c, const row_key *run, size_t n, size_t *conflicting,
                          size_t *first_a, size_t *first_b)
{
    const double *Y = c->in->data->Y;
    for (size_t g = 0; g < n;) {
        row_ref head = ref_of(c, run[g].index);
        size_t e = g + 1, differs = SIZE_MAX;
        for (; e < n; e++) {
            row_ref r = ref_of(c, run[e].index);
            if (cmp_features(&r, &head) != 0)
                break;
            if (differs == SIZE_MAX &&
                memcmp(Y + run[e].index * c->K, Y + head.index * c->K, c->K * sizeof *Y) != 0)
                differs = e;
        }
        if (differs != SIZE_MAX) {
            row_ref told = ref_of(c, *first_a);
            if (!*conflicting || cmp_features(&head, &told) < 0) {
                *first_a = head.index;
                *first_b = run[differs].index;
            }
            *conflicting += e - g;
        }
        g = e;
    }
}

static mlp_status check_duplicates(ctx *c)
{
    const mlp_csv *csv = c->in->csv;
    size_t N = csv->n_rows, nf = c->nf;
    if (N < 2 || nf == 0)
        return MLP_OK;
    row_key *keys = mlp_alloc(N, sizeof *keys);
    if (!keys)
        return no_memory(c, N, sizeof *keys);
    for (size_t i = 0; i < N; i++) {
        row_ref r = ref_of(c, i);
        keys[i] = (row_key){features_hash(&r), i};
    }
    qsort(keys, N, sizeof *keys, cmp_keys);
    size_t conflicting = 0, first_a = 0, first_b = 0;
    for (size_t g = 0; g < N;) {
        size_t e = g + 1;
        while (e < N && keys[e].hash == keys[g].hash)
            e++;
        if (e - g > 1) { /* a row alone in its run has no duplicate */
            order_run(c, keys + g, e - g);
            run_conflicts(c, keys + g, e - g, &conflicting, &first_a, &first_b);
        }
        g = e;
    }
    free(keys);
    if (!conflicting)
        return MLP_OK;
    mlp_finding *f = add(c, "conflicting-duplicates", MLP_SEVERITY_WARNING);
    if (!f)
        return MLP_ERR_NOMEM;
    char ta[128], tb[128];
    target_text(c, first_a, ta, sizeof ta);
    target_text(c, first_b, tb, sizeof tb);
    mlp_finding_at(f, csv->path, csv->row_line[first_b], 0);
    mlp_finding_message(f, "%zu rows share their features with a row of other targets: lines "
                           "%ld and %ld have the same features but targets %s and %s",
                        conflicting, csv->row_line[first_a], csv->row_line[first_b], ta, tb);
    mlp_finding_hint(f, "no network can fit both: check these rows for copying or labelling "
                        "mistakes; if the classes truly overlap there (a feature left out, values "
                        "rounded), the loss cannot reach 0 and that is expected");
    f->measured = (double)conflicting;
    f->threshold = 0;
    return MLP_OK;
}

/* A row count, or a share of one, as text: whole when it is (an even split
 * of 3600 rows in 3 classes is 1200 rows, which "%.3g" wrote 1.2e+03),
 * else to a tenth of a row (100 rows in 3 classes: 33.3). */
static void count_text(double x, char *buf, size_t size)
{
    mlp_c_snprintf(buf, size, x == floor(x) ? "%.0f" : "%.1f", x);
}

static mlp_status check_rare_classes(ctx *c)
{
    const mlp_schema *s = c->in->schema;
    if (s->n_labels < 2)
        return MLP_OK;
    size_t C = s->n_labels, N = c->in->data->n_rows;
    size_t *count = mlp_alloc_zero(C, sizeof *count);
    if (!count)
        return no_memory(c, C, sizeof *count);
    for (size_t i = 0; i < N; i++) {
        size_t cls = mlp_net_class_of(c->in->data->Y + i * c->K, c->K);
        if (cls < C)
            count[cls]++;
    }
    double even = (double)N / (double)C, limit = MLP_PREFLIGHT_RARE_FRACTION * even;
    size_t named = 0;
    mlp_status st = MLP_OK;
    for (size_t k = 0; k < C && named < MLP_PREFLIGHT_MAX_NAMED; k++) {
        if (!((double)count[k] < limit))
            continue;
        mlp_finding *f = add(c, "rare-class", MLP_SEVERITY_WARNING);
        if (!f) {
            st = MLP_ERR_NOMEM;
            break;
        }
        at_cell(c, f, c->in->csv->has_header ? -1 : 0, c->tcol[s->one_hot_columns ? k : 0]);
        char even_text[64];
        count_text(even, even_text, sizeof even_text);
        mlp_finding_message(f, "class \"%s\" has %zu of the %zu rows (%.2g%%), fewer than a "
                               "tenth of the %s an even split gives",
                            s->labels[k], count[k], N, 100.0 * (double)count[k] / (double)N,
                            even_text);
        mlp_finding_hint(f, "collect more rows of class \"%s\" or merge it into another class; "
                            "overall accuracy will hide how it is predicted",
                         s->labels[k]);
        f->measured = (double)count[k];
        f->threshold = limit;
        named++;
    }
    free(count);
    return st;
}

/* ------------------------------------------------------------------------ */
/* The learning rate, tried. */

/* In a run in parts (mpirun) the data checks that set target_divisor and
 * inputs_far do not run, yet the lr-unstable hint names their cure: the
 * processes gather the reach of their rows instead, the largest |target|
 * of each and each feature's raw range, and decide as one process decides
 * on every row (the same rules: mlp_diagnose_target_divisor, far_inputs).
 * Collective: every process calls it, with or without rows. */
static mlp_status far_figures_parts(ctx *c)
{
    const mlp_parts *parts = c->in->parts;
    const mlp_dataset *d = c->in->data;
    const mlp_schema *s = c->in->schema;
    /* Every process the same header: map_columns has the same outcome. */
    mlp_status st = c->fcol ? MLP_OK : map_columns(c);
    size_t nf = c->nf;
    /* [0]: the largest |target|; then the min and max of each feature. */
    double *mine = mlp_alloc(1 + 2 * nf, sizeof *mine);
    range *r = mlp_alloc(nf ? nf : 1, sizeof *r);
    /* Each process's largest |target|, taken before the gather agrees:
     * after it, a process out of memory alone would leave the trials that
     * follow, collective, waiting for it. */
    double *tops = mlp_alloc((size_t)parts->size, sizeof *tops);
    if (!st && (!mine || !r))
        st = no_memory(c, 1 + 2 * nf, sizeof *mine);
    else if (!st && !tops)
        st = no_memory(c, (size_t)parts->size, sizeof *tops);
    if (!st) {
        mine[0] = 0;
        for (size_t i = 0; d->Y && i < d->n_rows * c->K; i++)
            mine[0] = fmax(mine[0], fabs(d->Y[i]));
        feature_ranges(c, r);
        for (size_t k = 0; k < nf; k++) {
            mine[1 + 2 * k] = r[k].min;
            mine[2 + 2 * k] = r[k].max;
        }
    }
    void *all = NULL;
    size_t *lens = NULL;
    st = mlp_parts_gather(parts, st, mine, st ? 0 : (1 + 2 * nf) * sizeof *mine, &all, &lens,
                          c->err);
    free(mine);
    if (st) {
        free(tops);
        free(r);
        return st;
    }
    const double *each = all;
    size_t stride = 1 + 2 * nf;
    for (size_t k = 0; k < nf; k++)
        r[k] = (range){.min = INFINITY, .max = -INFINITY};
    for (int q = 0; q < parts->size; q++) {
        const double *p = each + (size_t)q * stride;
        tops[q] = p[0];
        for (size_t k = 0; k < nf; k++) {
            r[k].min = fmin(r[k].min, p[1 + 2 * k]);
            r[k].max = fmax(r[k].max, p[2 + 2 * k]);
        }
    }
    /* A process without rows gave +-inf: the magnitude is of the merged range. */
    for (size_t k = 0; k < nf; k++)
        r[k].mag = fmax(fabs(r[k].min), fabs(r[k].max));
    /* The largest |target| of every process's: the same divisor as of every row. */
    c->target_divisor = mlp_diagnose_target_divisor(c->out_act, c->spec->loss,
                                                    s->one_hot_columns ? 1 : s->n_labels, tops,
                                                    (size_t)parts->size, 1);
    c->inputs_far = far_inputs(c, r);
    free(tops);
    free(r);
    free(all);
    free(lens);
    return MLP_OK;
}

static int trial_bad(const mlp_lrscan_trial *t)
{
    /* A loss that did not move (a rate too small, flat) is not unstable,
     * though rounding may leave it an ulp above where it started. */
    return !t->flat && (t->diverged_at || t->max_loss > MLP_LRSCAN_RISE * t->first_loss ||
                        t->final_loss > t->first_loss);
}

static mlp_status check_learning_rate(ctx *c)
{
    const mlp_train_options *train = c->in->train;
    double base = train->optimizer ? train->optimizer->learning_rate : train->learning_rate;
    /* The trial runs at the highest rate the run reaches: the learning
     * rate, unless a warm-up that does not end within the run holds it
     * below (warmup-past-run). Judging the rate given there told a run that
     * never trained above 0.04 "learning rate 20 is unstable". */
    long span = train->schedule_epochs > 0 ? train->schedule_epochs : train->epochs;
    double top = mlp_schedule_highest(train->schedule, 1, train->epochs, span);
    double lr = base * top;
    mlp_lrscan_trial t;
    const mlp_dataset *rows = c->in->trial_data ? c->in->trial_data : c->in->data;
    mlp_status st = mlp_lrscan_try(c->in->net, rows, train, lr, MLP_PREFLIGHT_PROBE_EPOCHS, &t,
                                   c->err);
    if (st || !trial_bad(&t))
        return st;
    /* The trial's losses were reduced, so every process is here alike. */
    if (c->in->parts && c->in->parts->size > 1 && (st = far_figures_parts(c)))
        return st;
    /* The run's one suggestion (optimizer.h): the first smaller rate that
     * was stable is the largest stable one the trial found, and like the
     * --lr-scan recommendation it is divided by MLP_LRSCAN_SAFETY: 10 epochs
     * stable is the edge, and a whole run at the edge blew up (moons at 2,
     * found stable from 20, rose 16.6x). Else "below" the smallest tried. */
    mlp_rate_advice advice = {.rate = lr * pow(0.1, MLP_PREFLIGHT_PROBE_RETRIES), .below = 1};
    for (int k = 1; k <= MLP_PREFLIGHT_PROBE_RETRIES; k++) {
        mlp_lrscan_trial u;
        double rate = lr * pow(0.1, k);
        if ((st = mlp_lrscan_try(c->in->net, rows, train, rate, MLP_PREFLIGHT_PROBE_EPOCHS, &u,
                                 c->err)))
            return st;
        if (u.stable) {
            advice = (mlp_rate_advice){.rate = rate / MLP_LRSCAN_SAFETY, .below = 0};
            break;
        }
    }
    if (c->in->advice)
        *c->in->advice = advice;
    mlp_finding *f = add(c, "lr-unstable", MLP_SEVERITY_WARNING);
    if (!f)
        return MLP_ERR_NOMEM;
    char who[128];
    if (top < 1)
        mlp_c_snprintf(who, sizeof who, "the highest rate the warm-up reaches, %g (of %s %g),", lr,
                       c->in->lr_option ? c->in->lr_option : "learning rate", base);
    else if (c->in->lr_option)
        mlp_c_snprintf(who, sizeof who, "%s %g", c->in->lr_option, lr);
    else
        mlp_c_snprintf(who, sizeof who, "learning rate %g", lr);
    if (!c->in->lr_option)
        at_spec(c, f, c->spec->pos_learning_rate);
    int E = MLP_PREFLIGHT_PROBE_EPOCHS;
    if (t.diverged_at) {
        mlp_finding_message(f, "%s is unstable: in a %d-epoch trial from the initial weights the "
                               "loss became %s at epoch %ld",
                            who, E, isnan(t.final_loss) ? "NaN" : "infinite", t.diverged_at);
        f->measured = INFINITY;
    } else if (t.max_loss > MLP_LRSCAN_RISE * t.first_loss) {
        mlp_finding_message(f, "%s is unstable: in a %d-epoch trial from the initial weights the "
                               "loss rose from %.4g to %.4g (%.3gx, more than %gx)",
                            who, E, t.first_loss, t.max_loss, t.max_loss / t.first_loss,
                            MLP_LRSCAN_RISE);
        f->measured = t.max_loss / t.first_loss;
    } else {
        mlp_finding_message(f, "%s is unstable: in a %d-epoch trial from the initial weights the "
                               "loss ended higher (%.4g) than it started (%.4g)",
                            who, E, t.final_loss, t.first_loss);
        f->measured = t.final_loss / t.first_loss;
    }
    f->threshold = MLP_LRSCAN_RISE;
    char next[96];
    mlp_optimizer_rate_advice(&advice, lr, next, sizeof next);
    if (c->target_divisor > 0)
        /* Targets far from the outputs' scale make the steps large at any
         * rate: the run's one cure is target-scale's, which the diagnosis and
         * the error of a diverged run name too (docs/diagnostics.md). */
        mlp_finding_hint(f, "the targets far from the outputs' scale make the steps large: "
                            "divide them by %g, and multiply the predictions by it",
                         c->target_divisor);
    else if (c->inputs_far)
        /* Raw inputs far beyond the outputs' scale make the steps large at
         * any rate: a smaller one only moves the blow-up (relu on inputs in
         * the thousands blew up at 0.5, 5e-05 and 5e-06); the diagnosis
         * names scaling too. */
        mlp_finding_hint(f, "raw inputs beyond %g make the steps large at any rate: add "
                            "\"normalize\": \"standard\" to \"data\" in the spec%s",
                         MLP_PREFLIGHT_LARGE_FEATURE,
                         c->in->init_given ? ", training without --init-weights, whose file "
                                             "keeps its own scaling"
                                           : "");
    else if (advice.below)
        mlp_finding_hint(f, "%s, or run mlptrain --lr-scan %g:%g", next, advice.rate * 1e-4,
                         advice.rate);
    else
        mlp_finding_hint(f, "%s (a tenth of %g, stable in the same trial), or run mlptrain "
                            "--lr-scan %g:%g",
                         next, advice.rate * MLP_LRSCAN_SAFETY, lr * 1e-3, lr);
    return MLP_OK;
}

/* ------------------------------------------------------------------------ */

static mlp_status map_columns(ctx *c)
{
    const mlp_schema *s = c->in->schema;
    c->nf = s->n_features;
    c->nt = s->n_targets;
    c->fcol = mlp_alloc(c->nf ? c->nf : 1, sizeof *c->fcol);
    c->tcol = mlp_alloc(c->nt ? c->nt : 1, sizeof *c->tcol);
    if (!c->fcol || !c->tcol)
        return no_memory(c, c->nf + c->nt + 2, sizeof *c->fcol);
    /* Through the sorted index of the header (names.h): one scan of the
     * header per name made 100,000 features take 20 s. */
    const mlp_csv *csv = c->in->csv;
    mlp_name *index = mlp_names_of_csv(csv);
    if (!index)
        return no_memory(c, csv->n_cols, sizeof *index);
    mlp_status st = MLP_OK;
    for (size_t k = 0; k < c->nf && !st; k++)
        if ((c->fcol[k] = mlp_names_find(index, csv->n_cols, s->feature_names[k])) == SIZE_MAX)
            st = mlp_error_set(c->err, MLP_ERR_DATA, csv->path, 0, 0,
                               "feature \"%s\" is not a column of this table", s->feature_names[k]);
    for (size_t k = 0; k < c->nt && !st; k++)
        if ((c->tcol[k] = mlp_names_find(index, csv->n_cols, s->target_names[k])) == SIZE_MAX)
            st = mlp_error_set(c->err, MLP_ERR_DATA, csv->path, 0, 0,
                               "target \"%s\" is not a column of this table", s->target_names[k]);
    free(index);
    return st;
}

static mlp_status check_data(ctx *c)
{
    mlp_status st = map_columns(c);
    if (st)
        return st;
    range *r = mlp_alloc(c->nf ? c->nf : 1, sizeof *r);
    if (!r)
        return no_memory(c, c->nf ? c->nf : 1, sizeof *r);
    feature_ranges(c, r);
    if (!(st = check_target_range(c)) && !(st = check_target_scale(c)) &&
        !(st = check_class_outputs(c)) && !(st = check_sigmoid_one_class(c)) &&
        !(st = check_target_leak(c)) &&
        !(st = check_target_named_first(c)) &&
        !(st = check_scales(c, r)) && !(st = check_constant(c, r)) &&
        !(st = check_duplicates(c)))
        st = check_rare_classes(c);
    free(r);
    return st;
}

mlp_status mlp_preflight_run(const mlp_preflight_input *in, mlp_findings *out, mlp_error *err)
{
    const mlp_spec *spec = in->spec;
    ctx c = {
        .in = in,
        .spec = spec,
        .out = out,
        .err = err,
        .K = spec->sizes[spec->n_layers],
        .out_act = spec->acts[spec->n_layers - 1],
    };
    mlp_status st = check_softmax_one_unit(&c);
    if (!st)
        st = check_linear_hidden(&c);
    if (!st)
        st = check_warmup(&c);
    int have_data = in->csv && in->schema && in->data && in->data->Y &&
                    in->data->n_outputs == c.K && in->data->n_rows == in->csv->n_rows;
    if (in->parts && in->parts->size > 1) {
        /* Each process holds its part of the rows: the error that one
         * process's target cells decide is agreed; the rest needs every
         * row at once (mlptrain --check in one process). Every process
         * takes this step, with or without rows. */
        int parts_data = in->csv && in->schema && in->data && in->data->n_outputs == c.K;
        /* A finding is added by every process alike, yet one may run out
         * of memory for it alone: before each collective step, and at the
         * end, the processes agree, so that every one enters the next step
         * or none does, and every one stops with the same error. */
        st = mlp_parts_agree(in->parts, st, err);
        if (!st && parts_data)
            st = check_target_range_parts(&c);
        st = mlp_parts_agree(in->parts, st, err);
        /* The learning-rate trial is one run's when its passes reduce over
         * every process (in->train->reduce, as training's): the same
         * losses, so the same finding and advice, on every process. */
        if (!st && parts_data && in->net && in->train && in->train->reduce &&
            in->train->epochs >= MLP_PREFLIGHT_PROBE_MIN_RUN &&
            mlp_findings_count(out, MLP_SEVERITY_ERROR) == 0)
            st = check_learning_rate(&c);
        st = mlp_parts_agree(in->parts, st, err);
        free(c.fcol);
        free(c.tcol);
        return st;
    }
    if (!st && have_data)
        st = check_data(&c);
    if (!st && have_data && in->net && in->train &&
        in->train->epochs >= MLP_PREFLIGHT_PROBE_MIN_RUN &&
        mlp_findings_count(out, MLP_SEVERITY_ERROR) == 0)
        st = check_learning_rate(&c);
    free(c.fcol);
    free(c.tcol);
    return st;
}
