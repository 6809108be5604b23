/* SPDX-License-Identifier: MIT */
/* fit.c: a regression's predictions against its targets, one panel per
 * output: each row a point at (target, prediction), and the line y = x
 * where a perfect model's points lie. The predictions come from
 * mlp_net_forward, the R^2 in the title from mlp_predict_run (the figure
 * mlppredict --evaluate prints), and what is a regression from
 * mlp_predict_count_classes (what --evaluate counts as classes is refused);
 * this file owns the picture only. */
#include <math.h>
#include <plplot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "mlp/dataset.h"
#include "mlp/net.h"
#include "mlp/predict.h"
#include "plot.h"
#include "plural.h"

#define MAX_PANELS 4  /* outputs drawn; more are named in the title */

typedef struct {
    const char *title;
    const mlp_schema *sc;
    size_t n_rows, n_out, shown;
    const double *T;  /* (n_rows, n_out) targets */
    double *P;        /* (n_rows, n_out) predictions */
} fit_ctx;

/* Output j's range on both axes: its targets' and predictions' finite
 * values, widened. */
static void panel_range(const fit_ctx *c, size_t j, double *lo_out, double *hi_out)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t r = 0; r < c->n_rows; r++) {
        double t = c->T[r * c->n_out + j], p = c->P[r * c->n_out + j];
        for (int k = 0; k < 2; k++) { /* a diverged model's inf or NaN is left off */
            double v = k ? p : t;
            lo = isfinite(v) ? fmin(lo, v) : lo;
            hi = isfinite(v) ? fmax(hi, v) : hi;
        }
    }
    if (!(lo <= hi))
        lo = 0.0, hi = 1.0;
    /* Values all equal, or too close to label (mlp_plot_axis_ok), get a
     * range around them. */
    double pad = mlp_plot_axis_ok(lo, hi) ? 0.05 * (hi - lo) : 0.5 * fmax(1.0, fabs(lo));
    *lo_out = lo - pad;
    *hi_out = hi + pad;
}

/* The y labels of output j's panel. */
static mlp_plot_ticks panel_ticks(const fit_ctx *c, size_t j)
{
    double lo, hi;
    panel_range(c, j, &lo, &hi);
    return mlp_plot_ticks_for(lo, hi, MLP_PLOT_AXIS_LABELS);
}

/* The panel of output j from x0 to x1 and y0 to y1 of the page, its y
 * title ydisp character heights left of it. */
static void draw_panel(const fit_ctx *c, size_t j, double x0, double x1, double y0, double y1,
                       double ydisp)
{
    double lo, hi;
    panel_range(c, j, &lo, &hi);
    mlp_plot_ticks yt = panel_ticks(c, j), xt = mlp_plot_x_ticks(lo, hi, x0, x1, MLP_PLOT_AXIS_LABELS);
    plvpor(x0, x1, y0, y1);
    plwind(lo, hi, lo, hi);
    plcol0(MLP_PLOT_GREY);
    pllsty(2);
    PLFLT dx[2] = {lo, hi}, dy[2] = {lo, hi};
    plline(2, dx, dy);
    pllsty(1);
    plcol0(MLP_PLOT_BLUE);
    for (size_t r = 0; r < c->n_rows; r++) {
        PLFLT x = c->T[r * c->n_out + j], y = c->P[r * c->n_out + j];
        mlp_plot_points(1, &x, &y, "•");
    }
    plcol0(MLP_PLOT_BLACK);
    mlp_plot_axes_box("bcnst", &xt, 0, 0, "bcnstv", &yt);
    char name[MLP_PLOT_NAME], text[MLP_PLOT_NAME + 16];
    mlp_plot_name(name, sizeof name,
                  c->sc->target_names && j < c->sc->n_targets && c->sc->target_names[j]
                      ? c->sc->target_names[j]
                      : "output");
    /* A column named "target" (scikit-learn's frames) is not "target target". */
    if (strcmp(name, "target") == 0)
        snprintf(text, sizeof text, "target");
    else
        snprintf(text, sizeof text, "target %s", name);
    mlp_plot_side_text("b", 3.0, text);
    snprintf(text, sizeof text, "predicted %s", name);
    mlp_plot_side_text("l", ydisp, text);
}

static void draw_fit(void *ctx)
{
    const fit_ctx *c = ctx;
    pladv(0);
    size_t cols = c->shown == 1 ? 1 : 2, rows = (c->shown + cols - 1) / cols;
    /* Room left of every panel for the widest y labels of them all and
     * the y title: the left margin, and the gap between two columns. */
    double widest = 0, ydisp;
    for (size_t j = 0; j < c->shown; j++) {
        mlp_plot_ticks yt = panel_ticks(c, j);
        widest = fmax(widest, mlp_plot_ticks_width(&yt));
    }
    double left = mlp_plot_left_edge(0.13, widest, 4.2, &ydisp), right = 0.95, top = 0.86;
    double bottom = 0.22, gap = fmax(0.15, left), vgap = 0.15;
    double w = (right - left - gap * (double)(cols - 1)) / (double)cols;
    double h = (top - bottom - vgap * (double)(rows - 1)) / (double)rows;
    for (size_t j = 0; j < c->shown; j++) {
        double x0 = left + (double)(j % cols) * (w + gap), y1 = top - (double)(j / cols) * (h + vgap);
        draw_panel(c, j, x0, x0 + w, y1 - h, y1, ydisp);
    }
    plvpor(0.02, 0.98, bottom, top); /* the title centred on the page, not the panels */
    mlp_plot_side_text("t", 2.0, c->title);
    plvpor(left, right, bottom, top);
    mlp_plot_key keys[2] = {
        {"a row (target, prediction)", MLP_PLOT_BLUE, 0, "•"},
        {"y = x, a perfect prediction", MLP_PLOT_GREY, 2, NULL},
    };
    /* Two rows under the panels, centred under them. */
    mlp_plot_legend_grid grid = mlp_plot_legend_plan(keys, 2, 1, 2);
    mlp_plot_legend_below(keys, 2, &grid, (left + right) / 2, mlp_plot_legend_top(bottom, top, bottom));
}

/* A classifier predicts classes: its picture is the surface or the
 * confusion matrix of mlppredict --evaluate, not points against targets.
 * One hint for both kinds of classifier, labelled or not; the surface only
 * for a model that has one (1 or 2 inputs), since surface refuses the
 * others, so that the advice never sends the user on to a refusal. */
static mlp_status refuse_classifier(const mlp_net *net, mlp_error *err)
{
    if (net->sizes[0] <= 2)
        mlp_error_hint(err, "plot its decision surface or curve (mlpplot surface, 1 or 2 inputs) or "
                            "see its confusion matrix with mlppredict --evaluate");
    else
        mlp_error_hint(err, "see its confusion matrix with mlppredict --evaluate (with %zu inputs it "
                            "has no decision surface to plot)", net->sizes[0]);
    return MLP_ERR_USAGE;
}

/* A model without labels is a classifier of these rows when
 * mlppredict --evaluate counts their 0/1 targets as classes (its accuracy,
 * no R^2: a sigmoid output trained with mse on 0/1 targets), by the one
 * decision, mlp_predict_count_classes; the title's R^2 would be a figure
 * mlppredict no longer gives. The rows decide, so the message is at the
 * data file. */
static mlp_status refuse_class_targets(const mlp_plot_model *m, const char *data_path,
                                       mlp_error *err)
{
    size_t n_out = m->net->sizes[m->net->n_layers];
    if (n_out > 1)
        mlp_error_set(err, MLP_ERR_USAGE, data_path, 0, 0,
                      "the targets are classes, one-hot over the model's %zu outputs, as mlptrain "
                      "and mlppredict --evaluate count them; the fit picture is for a regression",
                      n_out);
    else
        mlp_error_set(err, MLP_ERR_USAGE, data_path, 0, 0,
                      "the targets are the classes 0 and 1 of the model's output, as mlptrain and "
                      "mlppredict --evaluate count them; the fit picture is for a regression");
    return refuse_classifier(m->net, err);
}

static mlp_status is_regression(const mlp_plot_model *m, const char *weights_path,
                                const char *data_path, mlp_error *err)
{
    if (m->schema.n_labels > 0) {
        mlp_error_set(err, MLP_ERR_USAGE, weights_path, 0, 0,
                      "the model is a classifier; the fit picture is for a regression");
        return refuse_classifier(m->net, err);
    }
    if (!m->data.Y) {
        /* At the header's line, which blank lines may put below line 1. */
        long line = m->csv.first_line > 0 ? m->csv.first_line : 1;
        mlp_error_set(err, MLP_ERR_DATA, data_path, line, 0,
                      "no target column: the fit picture puts each prediction against its "
                      "target");
        mlp_error_hint(err, "give a file with the model's target columns, as its training file");
        return MLP_ERR_DATA;
    }
    if (mlp_predict_count_classes(m->net, &m->schema, &m->data) > 0)
        return refuse_class_targets(m, data_path, err);
    return MLP_OK;
}

mlp_status mlp_plot_fit(const char *weights_path, const char *data_path,
                        const mlp_plot_options *opts, mlp_error *err)
{
    mlp_status st = mlp_plot_check_format(opts->out_path, err);
    mlp_plot_model m;
    if (st || (st = mlp_plot_model_load(weights_path, data_path, NULL, &m, err)))
        return st;
    fit_ctx c = {.sc = &m.schema, .n_rows = m.data.n_rows, .T = m.data.Y};
    mlp_workspace *ws = NULL;
    mlp_predict_eval eval = {0};
    if ((st = is_regression(&m, weights_path, data_path, err)))
        goto out;
    const mlp_net *net = m.net;
    c.n_out = net->sizes[net->n_layers];
    c.shown = c.n_out < MAX_PANELS ? c.n_out : MAX_PANELS;
    if (!(c.P = mlp_alloc(c.n_rows, c.n_out * sizeof *c.P)) ||
        !(ws = mlp_workspace_create(net, 0, err))) {
        st = mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the predictions");
        goto out;
    }
    size_t chunk = mlp_workspace_chunk_rows(ws), n_in = net->sizes[0];
    for (size_t r0 = 0; r0 < c.n_rows; r0 += chunk) {
        size_t rows = c.n_rows - r0 < chunk ? c.n_rows - r0 : chunk;
        const double *y = mlp_net_forward(net, ws, m.data.X + r0 * n_in, rows);
        memcpy(c.P + r0 * c.n_out, y, rows * c.n_out * sizeof *y);
    }
    if ((st = mlp_predict_run(net, &m.schema, &m.data, NULL, &eval, err)))
        goto out;
    char title[512], more[80] = "";
    if (c.shown < c.n_out)
        snprintf(more, sizeof more, "; the first %zu of %zu outputs", c.shown, c.n_out);
    char r2[64];
    if (isnan(eval.r2))
        snprintf(r2, sizeof r2, "R#u2#d undefined (a constant target)");
    else
        snprintf(r2, sizeof r2, "R#u2#d %.4g", eval.r2);
    char model_name[MLP_PLOT_NAME], data_name[MLP_PLOT_NAME];
    snprintf(title, sizeof title, "%s on %s (%zu row%s): %s%s",
             mlp_plot_name(model_name, sizeof model_name, mlp_plot_basename(weights_path)),
             mlp_plot_name(data_name, sizeof data_name, mlp_plot_basename(data_path)), c.n_rows,
             mlp_plural(c.n_rows, "", "s"), r2, more);
    c.title = title;
    st = mlp_plot_render(opts, draw_fit, &c, err);
out:
    mlp_predict_eval_free(&eval);
    mlp_workspace_free(ws);
    free(c.P);
    mlp_plot_model_free(&m);
    return st;
}
