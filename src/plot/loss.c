/* SPDX-License-Identifier: MIT */
/* loss.c: the picture of a loss log (docs/loss-log.md): training and
 * validation loss against epoch, accuracy below when the log has it, the
 * best epoch and the refit rows marked; or of several logs compared, each
 * in a colour of its own (docs/plots.md, "Comparing runs"). Reads the logs
 * with libmlp's CSV reader; owns nothing but the drawing. */
#include <math.h>
#include <plplot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datatext.h"
#include "fileio.h"
#include "format_number.h"
#include "mlp/csv.h"
#include "mlp/losslog.h"
#include "mlp/weights.h"
#include "near_number.h"
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
            mlp_plot_points(1, x + start, y + start, "•");
        else if (r - start > 1)
            plline((PLINT)(r - start), x + start, y + start);
        start = r + 1;
    }
    free(x);
    free(y);
}

/* A panel's lines: column which[i] of log[i], its refit run or not
 * (refit[i]). */
enum { MAX_LINES = 3 * MLP_PLOT_MAX_LOGS };
typedef struct {
    const loss_ctx *log[MAX_LINES];
    int which[MAX_LINES], refit[MAX_LINES];
    int n;
} panel_lines;

/* Adds a line to p. */
static void add_line(panel_lines *p, const loss_ctx *c, int which, int refit)
{
    if (p->n == MAX_LINES)
        return;
    p->log[p->n] = c;
    p->which[p->n] = which;
    p->refit[p->n++] = refit;
}

/* The panel's legend in the corner its lines cross least
 * (mlp_plot_legend_clear), `prefer` on a tie: each line's points in the
 * panel's coordinates, from the current window. Where memory is short,
 * the legend goes to `prefer`. */
static mlp_plot_box panel_legend(const mlp_plot_key *keys, int n_keys, const panel_lines *p,
                                 int log_y, int prefer)
{
    size_t n = 1;
    for (int i = 0; i < p->n; i++)
        n = p->log[i]->csv->n_rows > n ? p->log[i]->csv->n_rows : n;
    double *xy = malloc((size_t)p->n * 2 * n * sizeof *xy);
    mlp_plot_series lines[MAX_LINES];
    PLFLT wx0, wx1, wy0, wy1;
    plgvpw(&wx0, &wx1, &wy0, &wy1);
    for (int i = 0; xy && i < p->n; i++) {
        const loss_ctx *c = p->log[i];
        double *x = xy + (size_t)i * 2 * n, *y = x + n;
        series_points(c, p->which[i], p->refit[i], log_y, x, y);
        for (size_t r = 0; r < c->csv->n_rows; r++) {
            x[r] = (x[r] - wx0) / (wx1 - wx0);
            y[r] = (y[r] - wy0) / (wy1 - wy0);
        }
        lines[i] = (mlp_plot_series){x, y, c->csv->n_rows};
    }
    mlp_plot_box b = mlp_plot_legend_clear(keys, n_keys, lines, xy ? (size_t)p->n : 0, prefer);
    free(xy);
    return b;
}

/* The best epoch: a dotted line across the panel (y0 to y1, drawn
 * before the legend; grey for one log, the log's colour among several),
 * and its number left of the line near the bottom (drawn after it), or,
 * where the panel's legend (its box, viewport coordinates) is, above or
 * below the legend: under the accuracy panel's bottom-right legend the
 * label was hidden whenever the best epoch was in the right 40% of the
 * run. */
static void best_line(const loss_ctx *c, int colour, double y0, double y1)
{
    if (!(c->best_epoch > 0))
        return;
    PLFLT x[2] = {c->best_epoch, c->best_epoch}, y[2] = {y0, y1};
    plcol0(colour);
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
static void log_axis_box(double xstep, int log_y, double y0, double y1, const mlp_plot_ticks *yt)
{
    int n_minor = 0;
    double step = log_y ? mlp_plot_log_step(y0, y1, &n_minor) : 0;
    PLINT xminor = xstep ? 1 : 0; /* no minor ticks between whole epochs */
    if (!log_y) {
        mlp_plot_axes_box("bcnst", NULL, xstep, xminor, "bcnstv", yt);
    } else if (step == 1) {
        plbox("bcnst", xstep, xminor, "bcnstvl", 0, 0);
    } else {
        plslabelfunc(decade_label, NULL);
        plbox("bcnst", xstep, xminor, "bcnostv", step, n_minor);
        plslabelfunc(NULL, NULL);
    }
}

/* The loss axis [*y0, *y1] of finite losses from lo to hi: the decades
 * around them on a log scale (log10 of the loss), else the range widened by
 * 5% (from 0 where that would pass below 0 for positive losses). */
static void loss_axis(double lo, double hi, int log_y, double *y0, double *y1)
{
    if (log_y) {
        *y0 = floor(log10(lo));
        *y1 = ceil(log10(hi));
    } else {
        /* Losses all equal, or too close to label (mlp_plot_axis_ok), get
         * a range around them. */
        double pad = 0.05 * (mlp_plot_axis_ok(lo, hi) ? hi - lo : fabs(hi) + 1);
        *y0 = lo > 0 && lo - pad < 0 ? 0 : lo - pad;
        *y1 = hi + pad;
    }
}

/* The widest label of a log axis over the decades y0..y1: "10^k", the
 * widest k at one end. */
static double decades_width(double y0, double y1)
{
    char a[32], b[32];
    snprintf(a, sizeof a, "10#u%.0f#d", y0);
    snprintf(b, sizeof b, "10#u%.0f#d", y1);
    return fmax(mlp_plot_text_width(a), mlp_plot_text_width(b));
}

/* The panels' left edge and the y titles' distance from it: the loss
 * panel's labels and title on the page (the accuracy panel's, 0.0 to 1.0,
 * are narrower). */
#define PANEL_LEFT 0.1
#define Y_TITLE 5.0

/* The loss panel's frame, one log's or several's: the page advanced, the
 * panel (the upper part of the page when an accuracy panel goes below it),
 * its axes for losses lo..hi (log_y: on a log scale) and epochs 1..max_epoch,
 * the title and the axis titles. Returns the epoch axis' tick step; the
 * world coordinates into *y0, *y1, *x0, *x1, the panel's left edge into
 * *left and the y title's distance from it into *disp. */
static double loss_frame(double lo, double hi, int log_y, double max_epoch, const char *title,
                         int acc, double *y0, double *y1, double *x0, double *x1, double *left,
                         double *disp)
{
    loss_axis(lo, hi, log_y, y0, y1);
    double xstep = mlp_plot_epoch_axis(max_epoch, x0, x1);
    pladv(0);
    mlp_plot_ticks yt = mlp_plot_ticks_for(*y0, *y1, MLP_PLOT_AXIS_LABELS);
    *left = mlp_plot_left_edge(PANEL_LEFT, log_y ? decades_width(*y0, *y1) : mlp_plot_ticks_width(&yt),
                               Y_TITLE, disp);
    plvpor(*left, 0.95, acc ? 0.45 : 0.12, 0.9);
    plwind(*x0, *x1, *y0, *y1);
    plcol0(MLP_PLOT_BLACK);
    log_axis_box(xstep, log_y, *y0, *y1, &yt);
    mlp_plot_side_text("t", 2.0, title);
    plmtex("l", *disp, 0.5, 0.5, log_y ? "loss (log scale)" : "loss");
    if (!acc)
        plmtex("b", 3.2, 0.5, 0.5, "epoch");
    return xstep;
}

/* The accuracy panel's frame below the loss panel, on its epoch axis
 * x0..x1 (tick step xstep, loss_frame's) and from its left edge, its y
 * title in line with the loss panel's (disp): accuracies 0..1.05, the
 * axis titles. */
static void accuracy_frame(double x0, double x1, double xstep, double left, double disp)
{
    plvpor(left, 0.95, 0.1, 0.36);
    plwind(x0, x1, 0.0, 1.05);
    plcol0(MLP_PLOT_BLACK);
    plbox("bcgnst", xstep, xstep ? 1 : 0, "bcgnstv", 0.2, 0);
    plmtex("l", disp, 0.5, 0.5, "accuracy");
    plmtex("b", 3.2, 0.5, 0.5, "epoch");
}

static void draw_loss(void *ctx)
{
    loss_ctx *c = ctx;
    int acc = has_values(c, C_ACC), val = has_values(c, C_VLOSS);
    int refit = 0;
    for (size_t r = 0; r < c->csv->n_rows; r++)
        refit |= is_refit(c, r);

    double y0, y1, x0, x1;
    double left, disp;
    double xstep = loss_frame(c->lo, c->hi, c->log_y, c->max_epoch, c->title, acc, &y0, &y1, &x0,
                              &x1, &left, &disp);
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
    panel_lines lines = {.n = 0};
    add_line(&lines, c, C_LOSS, 0);
    if (val) {
        keys[lines.n] = (mlp_plot_key){"validation loss", MLP_PLOT_VERMILLION, 2, NULL};
        add_line(&lines, c, C_VLOSS, 0);
    }
    if (refit) {
        keys[lines.n] =
            (mlp_plot_key){"refit on all rows: loss", MLP_PLOT_GREEN, MLP_PLOT_DASH_DOT, NULL};
        add_line(&lines, c, C_LOSS, 1);
    }
    best_line(c, MLP_PLOT_GREY, y0, y1);
    best_label(c, panel_legend(keys, lines.n, &lines, c->log_y, MLP_PLOT_TOP_RIGHT));

    if (!acc)
        return;
    accuracy_frame(x0, x1, xstep, left, disp);
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
    panel_lines alines = {.n = 0};
    add_line(&alines, c, C_ACC, 0);
    if (vacc) {
        akeys[alines.n] = (mlp_plot_key){"validation accuracy", MLP_PLOT_VERMILLION, 2, NULL};
        add_line(&alines, c, C_VACC, 0);
    }
    if (refit) {
        akeys[alines.n] =
            (mlp_plot_key){"refit on all rows: accuracy", MLP_PLOT_GREEN, MLP_PLOT_DASH_DOT, NULL};
        add_line(&alines, c, C_ACC, 1);
    }
    best_line(c, MLP_PLOT_GREY, 0.0, 1.05);
    best_label(c, panel_legend(akeys, alines.n, &alines, 0, MLP_PLOT_BOTTOM_RIGHT));
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

/* ------------------------------------------------------------------------ */
/* A log's cells as mlptrain writes them (docs/loss-log.md). A log that is
 * not one was drawn anyway: a cell "abc" as a gap in the line, epochs
 * 1,2,3,2,10 as a zigzag going back, a second header (two logs joined) as
 * a gap, an accuracy of 1.7 off its panel; and a log whose one loss was
 * "abc" was said to have diverged. */

/* Epochs are whole numbers from 1 to 2^53, as a spec's "epochs" is. */
#define MAX_EPOCH 9007199254740992.0

/* The text nan, inf or -inf: what mlptrain writes for a loss that is not
 * finite (a diverged run), and nan for the validation columns of a refit
 * row. */
static int non_finite_word(const char *t, int signed_inf)
{
    return strcmp(t, "nan") == 0 || strcmp(t, "inf") == 0 || (signed_inf && strcmp(t, "-inf") == 0);
}

/* Where a bad cell is: its row's line and its byte column. A text cell's
 * column is in the table; a number's only in the file's text, read again
 * for the message (none from standard input: the line alone). */
static long cell_column(const char *path, const mlp_csv *csv, size_t r, size_t j)
{
    const mlp_csv_column *col = &csv->cols[j];
    if (col->text_col)
        return col->text_col[r];
    char *text = NULL;
    size_t len = 0;
    mlp_error ignored;
    if (mlp_datatext_read_small(path, &text, &len, &ignored) || !text)
        return 0;
    long at = mlp_csv_field_col(text, len, csv->row_line[r], j);
    free(text);
    return at;
}

/* The message at row r, column j of the log; returns MLP_ERR_DATA. */
static mlp_status bad_cell(const char *path, const mlp_csv *csv, size_t r, size_t j,
                           mlp_error *err, const char *what, const char *hint)
{
    mlp_error_set(err, MLP_ERR_DATA, mlp_fileio_display_name(path, 0), csv->row_line[r],
                  cell_column(path, csv, r, j), "%s", what);
    mlp_error_hint(err, "%s", hint);
    return MLP_ERR_DATA;
}

static const char joined_hint[] =
    "is this two logs joined? Give each log as a file of its own: mlpplot loss A.csv B.csv "
    "draws them together";
static const char written_hint[] = "give the loss log mlptrain wrote (--loss-log)";

/* A cell that is not a number: the word mlptrain writes for a loss (nan,
 * inf) or an accuracy (nan) that is not finite, else refused: the
 * header's own name again (two logs joined), an empty cell, other text. */
static mlp_status check_text(const char *path, const mlp_csv *csv, size_t r, size_t j, int which,
                             mlp_error *err)
{
    const mlp_csv_column *col = &csv->cols[j];
    const char *t = col->text ? col->text[r] : "";
    int loss = which == C_LOSS || which == C_VLOSS, acc = which == C_ACC || which == C_VACC;
    if ((loss && non_finite_word(t, 1)) || (acc && strcmp(t, "nan") == 0))
        return MLP_OK;
    char what[200];
    if (csv->has_header && strcmp(t, col->name) == 0)
        return bad_cell(path, csv, r, j, err, "the header again, among the rows", joined_hint);
    if (!t[0])
        snprintf(what, sizeof what, "the \"%s\" cell is empty", col_names[which]);
    else
        snprintf(what, sizeof what, "the \"%s\" cell \"%.*s%s\" is not a number",
                 col_names[which], mlp_shown_len(t, 40), t, strlen(t) > 40 ? "..." : "");
    return bad_cell(path, csv, r, j, err, what,
                    loss || acc ? "a loss log holds numbers, nan or inf where a run diverged: give "
                                  "the loss log mlptrain wrote (--loss-log)"
                                : written_hint);
}

/* A number in its column: epochs and best epochs whole, from 1; refit 0
 * or 1; accuracies from 0 to 1. Losses may be any number. */
static mlp_status check_number(const char *path, const mlp_csv *csv, size_t r, size_t j,
                               int which, double v, mlp_error *err)
{
    char what[200], num[MLP_FORMAT_NUMBER_MAX];
    mlp_format_double(num, v);
    int whole = v == floor(v) && v >= 1 && v <= MAX_EPOCH;
    if ((which == C_EPOCH || which == C_BEST) && !whole)
        snprintf(what, sizeof what, "the \"%s\" %s is not a whole number from 1 to 2^53",
                 col_names[which], num);
    else if (which == C_REFIT && v != 0 && v != 1)
        snprintf(what, sizeof what, "the \"refit\" %s is neither 0 nor 1", num);
    else if ((which == C_ACC || which == C_VACC) && !(v >= 0 && v <= 1))
        snprintf(what, sizeof what, "the \"%s\" %s is not from 0 to 1", col_names[which], num);
    else
        return MLP_OK;
    return bad_cell(path, csv, r, j, err, what,
                    which == C_EPOCH ? "epochs count 1, 2, 3, ...: give the loss log mlptrain "
                                       "wrote (--loss-log)"
                                     : written_hint);
}

/* Every row's epoch above the one before it, in the early-stopped run
 * and then in its refit (refit 1, numbered from 1 again), and no row of
 * the run after the refit's: a zigzag back is two logs joined. */
static mlp_status check_order(const char *path, const loss_ctx *c, mlp_error *err)
{
    const mlp_csv *csv = c->csv;
    for (size_t r = 1; r < csv->n_rows; r++) {
        double e = cell(c, r, C_EPOCH), before = cell(c, r - 1, C_EPOCH);
        int refit = is_refit(c, r), refit_before = is_refit(c, r - 1);
        char what[200], a[MLP_FORMAT_NUMBER_MAX], b[MLP_FORMAT_NUMBER_MAX];
        mlp_format_double(a, e);
        mlp_format_double(b, before);
        if (refit_before && !refit) {
            snprintf(what, sizeof what, "a row of the early-stopped run (refit 0) after the "
                                        "refit's rows");
            return bad_cell(path, csv, r, (size_t)c->col[C_REFIT], err, what, joined_hint);
        }
        if (refit == refit_before && !(e > before)) {
            snprintf(what, sizeof what, "epoch %s after epoch %s: epochs must increase", a, b);
            return bad_cell(path, csv, r, (size_t)c->col[C_EPOCH], err, what, joined_hint);
        }
    }
    return MLP_OK;
}

/* The cells of the log's own columns, row by row from the left, then the
 * order of its epochs. MLP_ERR_DATA at the first one refused. */
static mlp_status check_log(const char *path, const loss_ctx *c, mlp_error *err)
{
    const mlp_csv *csv = c->csv;
    for (size_t r = 0; r < csv->n_rows; r++)
        for (size_t j = 0; j < csv->n_cols; j++) {
            int which = -1;
            for (int k = 0; k < N_COLS; k++)
                which = c->col[k] == (long)j ? k : which;
            if (which < 0)
                continue; /* a column of someone else's: not drawn */
            double v = csv->values[r * csv->n_cols + j];
            mlp_status st = isnan(v) ? check_text(path, csv, r, j, which, err)
                                     : check_number(path, csv, r, j, which, v, err);
            if (st)
                return st;
        }
    return check_order(path, c, err);
}

/* Reads the log at log_path into *csv and fills *c from it: its columns,
 * last epoch, best epoch, finite loss range and scale. On failure *csv
 * holds nothing. */
static mlp_status read_log(const char *log_path, mlp_csv *csv, loss_ctx *c, mlp_error *err)
{
    mlp_status st;
    if ((st = mlp_csv_read(log_path, csv, err))) {
        if (mlp_weights_file_looks_like_model(log_path)) {
            mlp_error_set(err, MLP_ERR_DATA, log_path, 0, 0, "a trained model, not a loss log");
            mlp_error_hint(err, "the loss picture reads the loss log written beside the model "
                                "(mlptrain --loss-log)");
        }
        return st;
    }
    *c = (loss_ctx){.csv = csv};
    for (int k = 0; k < N_COLS; k++)
        c->col[k] = mlp_csv_find_column(csv, col_names[k]);
    if (c->col[C_EPOCH] < 0 || c->col[C_LOSS] < 0) {
        st = no_column(log_path, csv, c->col[C_EPOCH] < 0 ? "epoch" : "loss", err);
        mlp_csv_free(csv);
        return st;
    }
    if ((st = check_log(log_path, c, err))) {
        mlp_csv_free(csv);
        return st;
    }
    c->lo = INFINITY;
    c->hi = -INFINITY;
    for (size_t r = 0; r < csv->n_rows; r++) {
        double e = cell(c, r, C_EPOCH);
        if (isfinite(e) && e > c->max_epoch)
            c->max_epoch = e;
        for (int k = 0; k < 2; k++) {
            double v = cell(c, r, k ? C_VLOSS : C_LOSS);
            if (isfinite(v)) {
                c->lo = v < c->lo ? v : c->lo;
                c->hi = v > c->hi ? v : c->hi;
            }
        }
        if (!is_refit(c, r) && isfinite(cell(c, r, C_BEST)))
            c->best_epoch = cell(c, r, C_BEST);
    }
    if (!(c->lo <= c->hi)) {
        mlp_error_set(err, MLP_ERR_DATA, log_path, 0, 0, "the \"loss\" column has no finite value");
        mlp_error_hint(err, "the run diverged at once: plot a run that trained (see docs/diagnostics.md)");
        mlp_csv_free(csv);
        return MLP_ERR_DATA;
    }
    c->log_y = c->lo > 0 && c->hi / c->lo > LOG_SPAN;
    return MLP_OK;
}

/* One log's picture. */
static mlp_status plot_one(const char *log_path, const mlp_plot_options *opts, mlp_error *err)
{
    mlp_csv csv;
    loss_ctx c;
    mlp_status st = read_log(log_path, &csv, &c, err);
    if (st)
        return st;
    char title[256], name[MLP_PLOT_NAME];
    snprintf(title, sizeof title, "loss log %s",
             mlp_plot_name(name, sizeof name,
                           mlp_plot_basename(mlp_fileio_display_name(log_path, 0))));
    c.title = title;
    st = mlp_plot_render(opts, draw_loss, &c, err);
    mlp_csv_free(&csv);
    return st;
}

/* ------------------------------------------------------------------------ */
/* Several logs in one picture: each log in a colour of its own, each kind
 * of line (training, validation, refit, best epoch) in its style. */

/* The logs' colours, in the palette's order: blue, vermillion, bluish
 * green, orange, reddish purple, sky blue (yellow is too pale on white to
 * tell a thin line by). */
static const int log_colours[MLP_PLOT_MAX_LOGS] = {
    MLP_PLOT_BLUE,   MLP_PLOT_VERMILLION, MLP_PLOT_GREEN,
    MLP_PLOT_ORANGE, MLP_PLOT_PURPLE,     MLP_PLOT_SKY,
};

typedef struct {
    loss_ctx log[MLP_PLOT_MAX_LOGS];
    mlp_csv csv[MLP_PLOT_MAX_LOGS];
    /* Each log's key: its name, and its best epoch when it has one. */
    char key[MLP_PLOT_MAX_LOGS][MLP_PLOT_NAME + 32];
    size_t n;
    int log_y;
    double max_epoch, lo, hi;
    char title[64];
} compare_ctx;

/* Where the last `parts` components of path start (path itself when it
 * has no more). */
static const char *last_parts(const char *path, int parts)
{
    const char *p = path + strlen(path);
    while (p > path && !(p[-1] == '/' && --parts == 0))
        p--;
    return p;
}

/* The name of log i in the legend: its file's name, with as many of its
 * folders as tell it from the other logs' (runs/adam/loss.csv and
 * runs/sgd/loss.csv are adam/loss.csv and sgd/loss.csv: their file names
 * alone would be one name for two colours). */
static const char *log_name(const char *const *paths, size_t n, size_t i)
{
    const char *own = mlp_fileio_display_name(paths[i], 0);
    for (int parts = 1;; parts++) {
        const char *name = last_parts(own, parts);
        int alike = 0;
        for (size_t j = 0; j < n && !alike; j++)
            alike = j != i &&
                    strcmp(name, last_parts(mlp_fileio_display_name(paths[j], 0), parts)) == 0;
        if (!alike || name == own)
            return name;
    }
}

/* Whether any log has a value in column which (refit rows: refit 1). */
static int any_values(const compare_ctx *m, int which, int refit)
{
    for (size_t i = 0; i < m->n; i++) {
        const loss_ctx *c = &m->log[i];
        for (size_t r = 0; c->col[which] >= 0 && r < c->csv->n_rows; r++)
            if (is_refit(c, r) == refit && isfinite(cell(c, r, which)))
                return 1;
    }
    return 0;
}

/* A panel of every log: its training column (train), validation column
 * (val) and refit rows, each log in its colour, and the best epochs; the
 * lines into *lines for the legend. */
static void compare_lines(const compare_ctx *m, int train, int val, double y0, double y1,
                          int log_y, panel_lines *lines)
{
    plwidth(2.0);
    for (size_t i = 0; i < m->n; i++) {
        const loss_ctx *c = &m->log[i];
        if (!has_values(c, train)) /* a regression's log in the accuracy panel */
            continue;
        plcol0(log_colours[i]);
        draw_series(c, train, 0, log_y);
        add_line(lines, c, train, 0);
        if (has_values(c, val)) {
            pllsty(2);
            draw_series(c, val, 0, log_y);
            pllsty(1);
            add_line(lines, c, val, 0);
        }
        int refit = 0;
        for (size_t r = 0; r < c->csv->n_rows; r++)
            refit |= is_refit(c, r);
        if (refit) {
            mlp_plot_line_style(MLP_PLOT_DASH_DOT);
            draw_series(c, train, 1, log_y);
            pllsty(1);
            add_line(lines, c, train, 1);
        }
    }
    plwidth(1.0);
    for (size_t i = 0; i < m->n; i++)
        best_line(&m->log[i], log_colours[i], y0, y1);
}

/* The keys of the kinds of line some log has beyond the solid training
 * line, in black, after keys[n]; returns the new count. */
static int style_keys(const compare_ctx *m, mlp_plot_key *keys, int n, int val, int train,
                      const char *val_text, const char *refit_text, int best)
{
    if (any_values(m, val, 0))
        keys[n++] = (mlp_plot_key){val_text, MLP_PLOT_BLACK, 2, NULL};
    if (any_values(m, train, 1))
        keys[n++] = (mlp_plot_key){refit_text, MLP_PLOT_BLACK, MLP_PLOT_DASH_DOT, NULL};
    int any_best = 0;
    for (size_t i = 0; i < m->n; i++)
        any_best |= m->log[i].best_epoch > 0;
    if (best && any_best)
        keys[n++] = (mlp_plot_key){"best epoch", MLP_PLOT_BLACK, MLP_PLOT_DOTTED, NULL};
    return n;
}

static void draw_compare(void *ctx)
{
    compare_ctx *m = ctx;
    int acc = any_values(m, C_ACC, 0) || any_values(m, C_ACC, 1);
    double y0, y1, x0, x1;
    double left, disp;
    double xstep = loss_frame(m->lo, m->hi, m->log_y, m->max_epoch, m->title, acc, &y0, &y1, &x0,
                              &x1, &left, &disp);
    panel_lines lines = {.n = 0};
    compare_lines(m, C_LOSS, C_VLOSS, y0, y1, m->log_y, &lines);
    /* The loss panel's legend names the logs (their training loss, solid
     * in their colours), then the other kinds of line. */
    mlp_plot_key keys[MLP_PLOT_MAX_LOGS + 3];
    int n = 0;
    for (size_t i = 0; i < m->n; i++)
        keys[n++] = (mlp_plot_key){m->key[i], log_colours[i], 1, NULL};
    n = style_keys(m, keys, n, C_VLOSS, C_LOSS, "validation loss", "refit on all rows", 1);
    panel_legend(keys, n, &lines, m->log_y, MLP_PLOT_TOP_RIGHT);

    if (!acc)
        return;
    accuracy_frame(x0, x1, xstep, left, disp);
    panel_lines alines = {.n = 0};
    compare_lines(m, C_ACC, C_VACC, 0.0, 1.05, 0, &alines);
    /* The colours are the loss panel's: this legend tells the kinds of
     * line apart, and only where there is more than the training line. */
    mlp_plot_key akeys[4] = {{"training accuracy", MLP_PLOT_BLACK, 1, NULL}};
    int an = style_keys(m, akeys, 1, C_VACC, C_ACC, "validation accuracy",
                        "refit on all rows: accuracy", 0);
    if (an > 1)
        panel_legend(akeys, an, &alines, 0, MLP_PLOT_BOTTOM_RIGHT);
}

/* Several logs' picture: each read and checked as one log is, then drawn
 * on one epoch axis and one loss axis, log-scaled by the rule of one log
 * applied to all their finite losses together. */
static mlp_status plot_compare(const char *const *paths, size_t n, const mlp_plot_options *opts,
                               mlp_error *err)
{
    compare_ctx *m = calloc(1, sizeof *m);
    if (!m) {
        mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for %zu loss logs", n);
        return MLP_ERR_NOMEM;
    }
    mlp_status st = MLP_OK;
    m->lo = INFINITY;
    m->hi = -INFINITY;
    for (; m->n < n; m->n++) {
        loss_ctx *c = &m->log[m->n];
        if ((st = read_log(paths[m->n], &m->csv[m->n], c, err)))
            goto out;
        m->lo = fmin(m->lo, c->lo);
        m->hi = fmax(m->hi, c->hi);
        m->max_epoch = fmax(m->max_epoch, c->max_epoch);
    }
    m->log_y = m->lo > 0 && m->hi / m->lo > LOG_SPAN;
    for (size_t i = 0; i < n; i++) {
        char name[MLP_PLOT_NAME];
        mlp_plot_name(name, sizeof name, log_name(paths, n, i));
        if (m->log[i].best_epoch > 0)
            snprintf(m->key[i], sizeof m->key[i], "%s, best epoch %.0f", name,
                     m->log[i].best_epoch);
        else
            snprintf(m->key[i], sizeof m->key[i], "%s", name);
    }
    snprintf(m->title, sizeof m->title, "%zu loss logs compared", n);
    st = mlp_plot_render(opts, draw_compare, m, err);
out:
    for (size_t i = 0; i < m->n; i++)
        mlp_csv_free(&m->csv[i]);
    free(m);
    return st;
}

mlp_status mlp_plot_loss(const char *const *log_paths, size_t n_logs, const mlp_plot_options *opts,
                         mlp_error *err)
{
    mlp_status st = mlp_plot_check_format(opts->out_path, err);
    if (st)
        return st;
    if (n_logs < 1 || n_logs > MLP_PLOT_MAX_LOGS) {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                      "the loss picture draws 1 to %d loss logs, not %zu", MLP_PLOT_MAX_LOGS,
                      n_logs);
        mlp_error_hint(err, "compare the logs in two pictures");
        return MLP_ERR_USAGE;
    }
    return n_logs == 1 ? plot_one(log_paths[0], opts, err)
                       : plot_compare(log_paths, n_logs, opts, err);
}
