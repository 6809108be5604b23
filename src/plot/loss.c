/* SPDX-License-Identifier: MIT */
/* loss.c: the picture of a loss log (docs/loss-log.md): training and
 * validation loss against epoch, accuracy below when the log has it, the
 * best epoch and the refit rows marked. Reads the log with libmlp's CSV
 * reader; owns nothing but the drawing. */
#include <math.h>
#include <plplot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "mlp/csv.h"
#include "mlp/losslog.h"
#include "mlp/weights.h"
#include "plot.h"

/* Spans of more than this factor between the smallest and largest finite
 * loss get a log scale. */
#define LOG_SPAN 100.0

enum { C_EPOCH, C_LOSS, C_ACC, C_VLOSS, C_VACC, C_BEST, C_REFIT, N_COLS };
static const char *const col_names[N_COLS] = {"epoch",        "loss",       "accuracy", "val_loss",
                                              "val_accuracy", "best_epoch", "refit"};

typedef struct {
    const mlp_csv *csv;
    const char *title;
    long col[N_COLS];   /* column index, or -1 */
    int log_y;
    double max_epoch, best_epoch;  /* best_epoch 0 when unknown */
    double lo, hi;      /* finite loss range */
} loss_ctx;

static double cell(const loss_ctx *c, size_t r, int which)
{
    return c->col[which] < 0 ? NAN : c->csv->values[r * c->csv->n_cols + (size_t)c->col[which]];
}

static int is_refit(const loss_ctx *c, size_t r)
{
    return c->col[C_REFIT] >= 0 && cell(c, r, C_REFIT) == 1.0;
}

/* The points of one run (refit or not) of one column, one per row, into x
 * and y (n_rows each): the epoch and the value (log10 of it on a log
 * scale), NAN where the row is of the other run or a value is not finite
 * (or not > 0 on a log scale), which breaks the line. */
static void series_points(const loss_ctx *c, int which, int refit, int log_y, double *x, double *y)
{
    for (size_t r = 0; r < c->csv->n_rows; r++) {
        double e = cell(c, r, C_EPOCH), v = cell(c, r, which);
        int keep = is_refit(c, r) == refit && isfinite(e) && isfinite(v) && (!log_y || v > 0);
        x[r] = keep ? e : NAN;
        y[r] = keep ? (log_y ? log10(v) : v) : NAN;
    }
}

/* The rows of one run (refit or not) of one column, as a line broken where a
 * value is not finite (or not > 0 on a log scale); a point alone is a dot. */
static void draw_series(const loss_ctx *c, int which, int refit, int log_y)
{
    size_t n = c->csv->n_rows;
    PLFLT *x = malloc((n ? n : 1) * sizeof *x), *y = malloc((n ? n : 1) * sizeof *y);
    if (!x || !y) {
        free(x);
        free(y);
        return;
    }
    series_points(c, which, refit, log_y, x, y);
    for (size_t start = 0, r = 0; r <= n; r++) {
        if (r < n && isfinite(x[r]))
            continue;
        if (r - start == 1)
            plstring(1, x + start, y + start, "•");
        else if (r - start > 1)
            plline((PLINT)(r - start), x + start, y + start);
        start = r + 1;
    }
    free(x);
    free(y);
}

/* A panel's lines: column which[i], its refit run or not (refit[i]). */
typedef struct {
    int which[3], refit[3];
    int n;
} panel_lines;

/* The panel's legend in the corner its lines cross least
 * (mlp_plot_legend_clear), `prefer` on a tie: each line's points in the
 * panel's coordinates, from the current window. Where memory is short,
 * the legend goes to `prefer`. */
static mlp_plot_box panel_legend(const loss_ctx *c, const mlp_plot_key *keys, const panel_lines *p,
                                 int log_y, int prefer)
{
    size_t n = c->csv->n_rows ? c->csv->n_rows : 1;
    double *xy = malloc((size_t)p->n * 2 * n * sizeof *xy);
    mlp_plot_series lines[3];
    PLFLT wx0, wx1, wy0, wy1;
    plgvpw(&wx0, &wx1, &wy0, &wy1);
    for (int i = 0; xy && i < p->n; i++) {
        double *x = xy + (size_t)i * 2 * n, *y = x + n;
        series_points(c, p->which[i], p->refit[i], log_y, x, y);
        for (size_t r = 0; r < c->csv->n_rows; r++) {
            x[r] = (x[r] - wx0) / (wx1 - wx0);
            y[r] = (y[r] - wy0) / (wy1 - wy0);
        }
        lines[i] = (mlp_plot_series){x, y, c->csv->n_rows};
    }
    mlp_plot_box b = mlp_plot_legend_clear(keys, p->n, lines, xy ? (size_t)p->n : 0, prefer);
    free(xy);
    return b;
}

/* The best epoch: a dotted grey line across the panel (y0 to y1, drawn
 * before the legend), and its number left of the line near the bottom
 * (drawn after it), or, where the panel's legend
 * (its box, viewport coordinates) is, above or below the legend: under the
 * accuracy panel's bottom-right legend the label was hidden whenever the
 * best epoch was in the right 40% of the run. */
static void best_line(const loss_ctx *c, double y0, double y1)
{
    if (!(c->best_epoch > 0))
        return;
    PLFLT x[2] = {c->best_epoch, c->best_epoch}, y[2] = {y0, y1};
    plcol0(MLP_PLOT_GREY);
    mlp_plot_line_style(MLP_PLOT_DOTTED);
    plline(2, x, y);
    pllsty(1);
}

static void best_label(const loss_ctx *c, mlp_plot_box legend)
{
    if (!(c->best_epoch > 0))
        return;
    char text[64];
    snprintf(text, sizeof text, "best epoch %.0f", c->best_epoch);
    /* The label's box in viewport coordinates: right-justified at 1% of
     * the run left of the line, its bottom 5% up the panel. */
    PLFLT xw0, xw1, yw0, yw1, vx0, vx1, vy0, vy1, px0, px1, py0, py1, def, ht;
    plgvpw(&xw0, &xw1, &yw0, &yw1);
    plgvpd(&vx0, &vx1, &vy0, &vy1);
    plgspa(&px0, &px1, &py0, &py1);
    plgchr(&def, &ht);
    double right = c->best_epoch - 0.01 * (c->max_epoch - 1);
    double scale = 0.75, mm = mlp_plot_text_width(text) * def * scale;
    mlp_plot_box label;
    label.x1 = (right - xw0) / (xw1 - xw0);
    label.x0 = label.x1 - mm / ((vx1 - vx0) * (px1 - px0));
    label.y0 = 0.05;
    label.y1 = label.y0 + 1.2 * def * scale / ((vy1 - vy0) * (py1 - py0));
    double at = mlp_plot_label_clear_of(label, legend, 0.02);
    plcol0(MLP_PLOT_BLACK);
    plschr(0, scale);
    plptex(right, yw0 + at * (yw1 - yw0), 1.0, 0.0, 1.0, text);
    plschr(0, 1.0);
}

static int has_values(const loss_ctx *c, int which)
{
    for (size_t r = 0; c->col[which] >= 0 && r < c->csv->n_rows; r++)
        if (isfinite(cell(c, r, which)))
            return 1;
    return 0;
}

/* A label of the log axis: the world coordinate is the decade. */
static void decade_label(PLINT axis, PLFLT value, char *label, PLINT length, PLPointer data)
{
    (void)axis;
    (void)data;
    snprintf(label, (size_t)length, "10#u%.0f#d", value);
}

/* The frame with the epoch axis and the loss axis over [y0, y1]: linear, or
 * the decades y0..y1 (log10 of the loss) of a log scale. PLplot labels
 * every decade of a log axis ("l"), whatever tick spacing it is given, so a
 * wider one is drawn as a linear axis over the decades, with the labels
 * "10^k" written by decade_label (its "o" option). */
static void log_axis_box(double xstep, int log_y, double y0, double y1)
{
    int n_minor = 0;
    double step = log_y ? mlp_plot_log_step(y0, y1, &n_minor) : 0;
    PLINT xminor = xstep ? 1 : 0; /* no minor ticks between whole epochs */
    if (!log_y) {
        plbox("bcnst", xstep, xminor, "bcnstv", 0, 0);
    } else if (step == 1) {
        plbox("bcnst", xstep, xminor, "bcnstvl", 0, 0);
    } else {
        plslabelfunc(decade_label, NULL);
        plbox("bcnst", xstep, xminor, "bcnostv", step, n_minor);
        plslabelfunc(NULL, NULL);
    }
}

static void draw_loss(void *ctx)
{
    loss_ctx *c = ctx;
    int acc = has_values(c, C_ACC), val = has_values(c, C_VLOSS);
    int refit = 0;
    for (size_t r = 0; r < c->csv->n_rows; r++)
        refit |= is_refit(c, r);

    double y0, y1;
    if (c->log_y) {
        y0 = floor(log10(c->lo));
        y1 = ceil(log10(c->hi));
    } else {
        /* Losses all equal, or too close to label (mlp_plot_axis_ok), get
         * a range around them. */
        double pad = 0.05 * (mlp_plot_axis_ok(c->lo, c->hi) ? c->hi - c->lo : fabs(c->hi) + 1);
        y0 = c->lo > 0 && c->lo - pad < 0 ? 0 : c->lo - pad;
        y1 = c->hi + pad;
    }
    double x0, x1, xstep = mlp_plot_epoch_axis(c->max_epoch, &x0, &x1);

    pladv(0);
    plvpor(0.1, 0.95, acc ? 0.45 : 0.12, 0.9);
    plwind(x0, x1, y0, y1);
    plcol0(MLP_PLOT_BLACK);
    log_axis_box(xstep, c->log_y, y0, y1);
    mlp_plot_side_text("t", 2.0, c->title);
    plmtex("l", 5.0, 0.5, 0.5, c->log_y ? "loss (log scale)" : "loss");
    if (!acc)
        plmtex("b", 3.2, 0.5, 0.5, "epoch");
    plwidth(2.0);
    plcol0(MLP_PLOT_BLUE);
    draw_series(c, C_LOSS, 0, c->log_y);
    if (val) {
        plcol0(MLP_PLOT_VERMILLION);
        pllsty(2);
        draw_series(c, C_VLOSS, 0, c->log_y);
        pllsty(1);
    }
    if (refit) {
        plcol0(MLP_PLOT_GREEN);
        mlp_plot_line_style(MLP_PLOT_DASH_DOT);
        draw_series(c, C_LOSS, 1, c->log_y);
        pllsty(1);
    }
    plwidth(1.0);
    mlp_plot_key keys[3] = {{"training loss", MLP_PLOT_BLUE, 1, NULL}};
    panel_lines lines = {{C_LOSS}, {0}, 1};
    if (val) {
        keys[lines.n] = (mlp_plot_key){"validation loss", MLP_PLOT_VERMILLION, 2, NULL};
        lines.which[lines.n++] = C_VLOSS;
    }
    if (refit) {
        keys[lines.n] =
            (mlp_plot_key){"refit on all rows: loss", MLP_PLOT_GREEN, MLP_PLOT_DASH_DOT, NULL};
        lines.refit[lines.n] = 1;
        lines.which[lines.n++] = C_LOSS;
    }
    best_line(c, y0, y1);
    best_label(c, panel_legend(c, keys, &lines, c->log_y, MLP_PLOT_TOP_RIGHT));

    if (!acc)
        return;
    plvpor(0.1, 0.95, 0.1, 0.36);
    plwind(x0, x1, 0.0, 1.05);
    plcol0(MLP_PLOT_BLACK);
    plbox("bcgnst", xstep, xstep ? 1 : 0, "bcgnstv", 0.2, 0);
    plmtex("l", 5.0, 0.5, 0.5, "accuracy");
    plmtex("b", 3.2, 0.5, 0.5, "epoch");
    plwidth(2.0);
    plcol0(MLP_PLOT_BLUE);
    draw_series(c, C_ACC, 0, 0);
    int vacc = has_values(c, C_VACC);
    if (vacc) {
        plcol0(MLP_PLOT_VERMILLION);
        pllsty(2);
        draw_series(c, C_VACC, 0, 0);
        pllsty(1);
    }
    if (refit) {
        plcol0(MLP_PLOT_GREEN);
        mlp_plot_line_style(MLP_PLOT_DASH_DOT);
        draw_series(c, C_ACC, 1, 0);
        pllsty(1);
    }
    plwidth(1.0);
    mlp_plot_key akeys[3] = {{"training accuracy", MLP_PLOT_BLUE, 1, NULL}};
    panel_lines alines = {{C_ACC}, {0}, 1};
    if (vacc) {
        akeys[alines.n] = (mlp_plot_key){"validation accuracy", MLP_PLOT_VERMILLION, 2, NULL};
        alines.which[alines.n++] = C_VACC;
    }
    if (refit) {
        akeys[alines.n] =
            (mlp_plot_key){"refit on all rows: accuracy", MLP_PLOT_GREEN, MLP_PLOT_DASH_DOT, NULL};
        alines.refit[alines.n] = 1;
        alines.which[alines.n++] = C_ACC;
    }
    best_line(c, 0.0, 1.05);
    best_label(c, panel_legend(c, akeys, &alines, 0, MLP_PLOT_BOTTOM_RIGHT));
}

/* Told at the header's line, which blank lines may put below line 1. */
static mlp_status no_column(const char *path, const mlp_csv *csv, const char *name,
                            mlp_error *err)
{
    mlp_error_set(err, MLP_ERR_DATA, path, csv->first_line, 1,
                  "the header has no \"%s\" column", name);
    mlp_error_hint(err, "give a loss log written by mlptrain (--loss-log), whose header starts "
                        "\"" MLP_LOSSLOG_HEADER_START "\"");
    return MLP_ERR_DATA;
}

mlp_status mlp_plot_loss(const char *log_path, const mlp_plot_options *opts, mlp_error *err)
{
    mlp_status st = mlp_plot_check_format(opts->out_path, err);
    if (st)
        return st;
    mlp_csv csv;
    if ((st = mlp_csv_read(log_path, &csv, err))) {
        if (mlp_weights_file_looks_like_model(log_path)) {
            mlp_error_set(err, MLP_ERR_DATA, log_path, 0, 0, "a trained model, not a loss log");
            mlp_error_hint(err, "the loss picture reads the loss log written beside the model "
                                "(mlptrain --loss-log)");
        }
        return st;
    }
    loss_ctx c = {.csv = &csv};
    for (int k = 0; k < N_COLS; k++)
        c.col[k] = mlp_csv_find_column(&csv, col_names[k]);
    if (c.col[C_EPOCH] < 0 || c.col[C_LOSS] < 0) {
        st = no_column(log_path, &csv, c.col[C_EPOCH] < 0 ? "epoch" : "loss", err);
        goto out;
    }
    c.lo = INFINITY;
    c.hi = -INFINITY;
    for (size_t r = 0; r < csv.n_rows; r++) {
        double e = cell(&c, r, C_EPOCH);
        if (isfinite(e) && e > c.max_epoch)
            c.max_epoch = e;
        for (int k = 0; k < 2; k++) {
            double v = cell(&c, r, k ? C_VLOSS : C_LOSS);
            if (isfinite(v)) {
                c.lo = v < c.lo ? v : c.lo;
                c.hi = v > c.hi ? v : c.hi;
            }
        }
        if (!is_refit(&c, r) && isfinite(cell(&c, r, C_BEST)))
            c.best_epoch = cell(&c, r, C_BEST);
    }
    if (!(c.lo <= c.hi)) {
        mlp_error_set(err, MLP_ERR_DATA, log_path, 0, 0, "the \"loss\" column has no finite value");
        mlp_error_hint(err, "the run diverged at once: plot a run that trained (see docs/diagnostics.md)");
        st = MLP_ERR_DATA;
        goto out;
    }
    c.log_y = c.lo > 0 && c.hi / c.lo > LOG_SPAN;
    char title[256], name[MLP_PLOT_NAME];
    snprintf(title, sizeof title, "loss log %s",
             mlp_plot_name(name, sizeof name,
                           mlp_plot_basename(mlp_fileio_display_name(log_path, 0))));
    c.title = title;
    st = mlp_plot_render(opts, draw_loss, &c, err);
out:
    mlp_csv_free(&csv);
    return st;
}
