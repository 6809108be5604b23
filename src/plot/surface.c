/* SPDX-License-Identifier: MIT */
/* surface.c: the decision surface of a 2-input model with the data on top,
 * or the curve of a 1-input model with the data beside it (draw_curve).
 * The model, the data and the grid's predictions come from libmlp
 * (mlp_weights_read, mlp_dataset_with_schema, mlp_grid_predict,
 * mlp_net_forward); this file owns the picture only. */
#include <math.h>
#include <plplot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "format_number.h"
#include "nearest.h"
#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/grid.h"
#include "mlp/net.h"
#include "mlp/predict.h"
#include "plot.h"
#include "plural.h"

/* Region colours are the class colours mixed with this share of white, so
 * the points drawn on them in the full colours stay readable. */
#define PALE 0.6

/* The panel's bottom (a share of the page's height) with a legend under it
 * that fits there; it rises for a legend of more rows. */
#define PANEL_BOTTOM 0.2
/* Its left edge and the y title's distance, where the y labels leave
 * room for them (mlp_plot_left_edge), as pllab had them. */
#define PANEL_LEFT 0.1
#define Y_TITLE 5.0

typedef struct {
    const mlp_net *net;
    const mlp_schema *sc;
    const char *title;
    size_t K;               /* output units */
    size_t C;               /* classes (count_classes), 0 for a regression */
    int prob;               /* the outputs are probabilities (a sigmoid or softmax output) */
    int two_p;              /* two classes, told apart by p of the second (two_class_value) */
    mlp_grid grid;
    double *Y;              /* (NX * NY, K) grid outputs */
    size_t n_rows;
    double *px, *py;        /* n_rows: the rows' coordinates in CSV units; for a 1-input
                               model py is where the row is drawn (see place_rows) */
    const double *T;        /* (n_rows, K) targets of a 1-input regression, or NULL */
    double *xs, *ys;        /* NX each: a 1-input model's curve, x and one output's y */
    size_t *truth, *pred;   /* n_rows: true class (SIZE_MAX without targets) and predicted class */
    int labelled;           /* the file has the target columns */
    const long *row_line;   /* n_rows: each row's line in the file, or NULL */
    size_t n_wrong;
} surface_ctx;

/* The classes of the model on these rows, by the one rule of mlptrain,
 * mlppredict --evaluate and mlpplot fit (mlp_predict_count_classes): its
 * labels, or 0/1 targets that rule counts as classes (a sigmoid output
 * trained with mse on 0/1, several units on one-hot rows, whatever their
 * activation). Surface once looked at the labels alone and drew those
 * classifiers as a regression, which fit refused as classes. A file
 * without targets has only the labels to tell. */
static size_t count_classes(const mlp_plot_model *m)
{
    if (m->schema.n_labels > 0)
        return m->schema.n_labels;
    return mlp_predict_count_classes(m->net, &m->schema, &m->data);
}

/* The name of class k, as mlppredict --evaluate names it: its label; for
 * 0/1 targets counted as classes, the target value of one unit ("0",
 * "1"), or the target column of each of several (whose 1 marks it). */
static const char *class_name(const surface_ctx *c, size_t k, char name[MLP_PLOT_NAME])
{
    const mlp_schema *sc = c->sc;
    char output[32];
    snprintf(output, sizeof output, "output %zu", k + 1);
    const char *given = sc->n_labels ? sc->labels[k]
                        : c->K == 1  ? (k ? "1" : "0")
                        : k < sc->n_targets && sc->target_names ? sc->target_names[k]
                                                                : output;
    return mlp_plot_name(name, MLP_PLOT_NAME, given);
}

/* Two classes are told apart where the model puts them (mlp_net_class_of):
 * one unit's output y above 0.5 is the second class, else the first; of two
 * units the larger wins. The value shaded and drawn is the one compared:
 * one unit's y (p of the second class under a sigmoid), a softmax's y1 (p
 * of the second, above 0.5 exactly where it is the larger), and for two
 * units of another output (tanh, linear, two sigmoids) y1 - y0, above 0
 * where the second wins: their y1 over 0.5, as p, put the boundary where
 * the model does not. */
static double two_class_value(const surface_ctx *c, const double *y)
{
    return c->K == 1 ? y[0] : c->two_p ? y[1] : y[1] - y[0];
}

/* The value of two_class_value where the predicted class changes. */
static double two_class_threshold(const surface_ctx *c)
{
    return c->K == 1 || c->two_p ? 0.5 : 0.0;
}

/* What two_class_value is, for the colour bar or the curve's axis: p of the
 * second class, or the output(s) it is made of, the activation named (no
 * probability) and the side the second class is on. */
static void two_class_text(const surface_ctx *c, char *text, size_t size)
{
    char a[MLP_PLOT_NAME], b[MLP_PLOT_NAME];
    const char *act = mlp_activation_name(c->net->layers[c->net->n_layers - 1].act);
    class_name(c, 1, b);
    if (c->two_p)
        snprintf(text, size, "predicted p(%s)", b);
    else if (c->K == 1)
        snprintf(text, size, "predicted %s output (%s above 0.5)", act, b);
    else
        snprintf(text, size, "predicted %s output %s - %s (%s above 0)", act, b,
                 class_name(c, 0, a), b);
}

static void pale(int colour, double share, PLINT rgb[3])
{
    int c[3];
    mlp_plot_colour_rgb(colour, c);
    for (int i = 0; i < 3; i++)
        rgb[i] = (PLINT)lround(c[i] + share * (255 - c[i]));
}

/* cmap1 for two classes: pale first-class colour at the scale's low end,
 * white at share `white` of it (the class boundary: 0.5 for p from 0 to 1),
 * pale second-class colour at its high end. */
static void diverging_map(double white)
{
    PLINT a[3], b[3];
    pale(mlp_plot_class_colour(0), PALE - 0.15, a);
    pale(mlp_plot_class_colour(1), PALE - 0.15, b);
    PLFLT pos[3] = {0, white, 1}, r[3] = {a[0] / 255.0, 1, b[0] / 255.0},
          g[3] = {a[1] / 255.0, 1, b[1] / 255.0}, bl[3] = {a[2] / 255.0, 1, b[2] / 255.0};
    plscmap1n(256);
    plscmap1l(1, 3, pos, r, g, bl, NULL);
}

/* cmap1 for a regression output: white to blue. */
static void sequential_map(void)
{
    PLFLT pos[2] = {0, 1}, r[2] = {1, 0}, g[2] = {1, 114 / 255.0}, b[2] = {1, 178 / 255.0};
    plscmap1n(256);
    plscmap1l(1, 2, pos, r, g, b, NULL);
}

/* The name of input a (0 or 1) as drawn on its axis: its column's, or x1, x2. */
static void input_name(const mlp_schema *sc, size_t a, char name[MLP_PLOT_NAME])
{
    const char *given = sc->feature_names ? sc->feature_names[a] : NULL;
    mlp_plot_name(name, MLP_PLOT_NAME, given ? given : a ? "x2" : "x1");
}

/* A dot's size. A coloured dot is edged by a dark circle of its size on
 * top of it: a dot on its own class's region had only the contrast of a
 * colour with its paler self (blue on blue 2.2:1, vermillion 1.9:1), too
 * little on a projector. (A larger black dot under it, scaled, sat off
 * its centre: a glyph's place moves with its size.) */
#define DOT 0.8

/* The rows at (px, py): filled dots in their true class's colour, edged
 * dark (black without classes) when dots is set; wrong predictions
 * ringed. */
static void draw_rows(const surface_ctx *c, int dots)
{
    size_t C = c->C;
    plschr(0, DOT);
    for (size_t r = 0; dots && r < c->n_rows; r++) {
        size_t t = c->truth[r];
        int plain = t == SIZE_MAX || C == 0;
        plcol0(plain ? MLP_PLOT_BLACK : mlp_plot_class_colour(t));
        mlp_plot_points(1, &c->px[r], &c->py[r], "●");
        if (plain)
            continue;
        plcol0(MLP_PLOT_BLACK);
        mlp_plot_points(1, &c->px[r], &c->py[r], "○");
    }
    plcol0(MLP_PLOT_BLACK);
    plschr(0, 1.5);
    for (size_t r = 0; r < c->n_rows; r++)
        if (c->truth[r] != SIZE_MAX && c->truth[r] != c->pred[r])
            mlp_plot_points(1, &c->px[r], &c->py[r], "◯");
    plschr(0, 1.0);
}

/* The room for a key's text: two names (MLP_PLOT_NAME) and the words
 * around them ("p(NAME), and the rows of NAME"). */
#define KEY_TEXT (2 * MLP_PLOT_NAME + 32)

/* The legend's key for the rows beyond their classes: the wrong ones
 * ringed, or, for a file without targets, what a black dot is. Returns n + 1. */
static int add_rows_key(const surface_ctx *c, mlp_plot_key *keys, char text[KEY_TEXT], int n)
{
    if (c->labelled) {
        snprintf(text, KEY_TEXT, "wrongly predicted (%zu of %zu)", c->n_wrong, c->n_rows);
        keys[n] = (mlp_plot_key){text, MLP_PLOT_BLACK, 0, "◯"};
    } else {
        snprintf(text, KEY_TEXT, "a row (the file has no targets)");
        keys[n] = (mlp_plot_key){text, MLP_PLOT_BLACK, 0, "●"};
    }
    return n + 1;
}

/* The margin of class k at each grid node: p_k - max over j != k of p_j,
 * >= 0 where the model predicts k. Returns whether it does anywhere. */
static int class_margin(const surface_ctx *c, size_t k, PLFLT **m, double *top)
{
    const mlp_grid *g = &c->grid;
    size_t nx = g->n[0], ny = g->n[1], K = c->net->sizes[c->net->n_layers];
    int any = 0;
    for (size_t j = 0; j < ny; j++)
        for (size_t i = 0; i < nx; i++) {
            const double *y = c->Y + (j * nx + i) * K;
            double other = -INFINITY;
            for (size_t l = 0; l < K; l++)
                other = l != k && y[l] > other ? y[l] : other;
            m[i][j] = y[k] - other;
            any |= m[i][j] >= 0;
            *top = fmax(*top, m[i][j]);
        }
    return any;
}

/* Where three classes meet, the margins interpolated along a grid cell's
 * edges can all be below 0 somewhere inside it, a hole no class fills (a
 * white triangle at the meeting point of a coarse --resolution). So each
 * cell whose four nodes predict three classes or more (a node where two
 * classes tie counts as both) is first filled quarter by quarter, each
 * quarter in the pale colour of the class predicted at its corner node (the
 * nearest node); the classes' own shading then covers all but the hole. */
static void fill_corners(const surface_ctx *c)
{
    const mlp_grid *g = &c->grid;
    size_t nx = g->n[0], ny = g->n[1], K = c->net->sizes[c->net->n_layers];
    unsigned char *seen = calloc(K, 1);
    if (!seen)
        return; /* the holes stay white */
    for (size_t j = 0; j + 1 < ny; j++)
        for (size_t i = 0; i + 1 < nx; i++) {
            size_t node[4] = {j * nx + i, j * nx + i + 1, (j + 1) * nx + i, (j + 1) * nx + i + 1};
            int distinct = 0;
            memset(seen, 0, K);
            for (int q = 0; q < 4; q++) {
                const double *y = c->Y + node[q] * K;
                size_t best = mlp_net_class_of(y, K);
                for (size_t l = 0; l < K; l++)
                    if (y[l] >= y[best] && !seen[l]) {
                        seen[l] = 1;
                        distinct++;
                    }
            }
            if (distinct < 3)
                continue;
            double x0 = mlp_grid_at(g, 0, i), x1 = mlp_grid_at(g, 0, i + 1), xm = x0 / 2 + x1 / 2;
            double y0 = mlp_grid_at(g, 1, j), y1 = mlp_grid_at(g, 1, j + 1), ym = y0 / 2 + y1 / 2;
            for (int q = 0; q < 4; q++) {
                PLINT rgb[3];
                pale(mlp_plot_class_colour(mlp_net_class_of(c->Y + node[q] * K, K)), PALE, rgb);
                plscol0(MLP_PLOT_SCRATCH, rgb[0], rgb[1], rgb[2]);
                plcol0(MLP_PLOT_SCRATCH);
                double ax = q & 1 ? x1 : x0, ay = q & 2 ? y1 : y0;
                PLFLT xs[4] = {ax, xm, xm, ax}, ys[4] = {ay, ay, ym, ym};
                plfill(4, xs, ys);
            }
        }
    free(seen);
}

/* The contour z = level of a grid's values, in black of the given width, on
 * the grid's own coordinates (xg, yg: scratch of n[0] and n[1] values). */
static void draw_contour(const mlp_grid *g, PLFLT **z, PLFLT *xg, PLFLT *yg, PLFLT level,
                         PLFLT width)
{
    size_t nx = g->n[0], ny = g->n[1];
    for (size_t i = 0; i < nx; i++)
        xg[i] = mlp_grid_at(g, 0, i);
    for (size_t j = 0; j < ny; j++)
        yg[j] = mlp_grid_at(g, 1, j);
    PLcGrid cg = {xg, yg, NULL, (PLINT)nx, (PLINT)ny, 0};
    plcol0(MLP_PLOT_BLACK);
    plwidth(width);
    plcont((const PLFLT *const *)z, (PLINT)nx, (PLINT)ny, 1, (PLINT)nx, 1, (PLINT)ny, &level, 1,
           pltr1, &cg);
    plwidth(1.0);
}

/* The arg-max regions of more than two classes, each in its pale class
 * colour, with their borders. Each class is shaded on its own, where its
 * margin (class_margin) is >= 0, and its border is the margin's 0-contour:
 * shading the arg-max class index instead (plshades over levels k - 0.5)
 * interpolated between grid nodes, so a jump from class 0 to class 2 drew
 * a band of class 1 the model never predicts there, and a jump from 0 to 8
 * eight stacked borders. Next to two classes only, the margins of both are
 * p_a - p_b and p_b - p_a: their 0-contours are the same line. */
static void draw_regions(const surface_ctx *c)
{
    const mlp_grid *g = &c->grid;
    size_t nx = g->n[0], ny = g->n[1], C = c->C;
    fill_corners(c);
    PLFLT **m;
    plAlloc2dGrid(&m, (PLINT)nx, (PLINT)ny);
    for (size_t k = 0; k < C; k++) {
        /* The shade's top above every margin: probabilities' are in
         * [-1, 1], a linear output's have no bound (the shade stopped at 2,
         * leaving white where one class led by more). */
        double top = 1.0;
        if (!class_margin(c, k, m, &top))
            continue;
        PLINT rgb[3];
        pale(mlp_plot_class_colour(k), PALE, rgb);
        plscol0(MLP_PLOT_SCRATCH, rgb[0], rgb[1], rgb[2]);
        plshade((const PLFLT *const *)m, (PLINT)nx, (PLINT)ny, NULL, g->lo[0], g->hi[0], g->lo[1],
                g->hi[1], 0.0, 2.0 * top, 0, MLP_PLOT_SCRATCH, 1.0, 0, 0.0, 0, 0.0, plfill, 1,
                NULL, NULL);
    }
    PLFLT *xg = malloc(nx * sizeof *xg), *yg = malloc(ny * sizeof *yg);
    double top = 1.0;
    if (xg && yg)
        for (size_t k = 0; k < C; k++)
            if (class_margin(c, k, m, &top))
                draw_contour(g, m, xg, yg, 0.0, 1.5);
    free(xg);
    free(yg);
    plFree2dGrid(m, (PLINT)nx, (PLINT)ny);
}

/* The legend's key for the boundary of two classes, or for what the
 * regions of more are when the outputs are no probabilities (the class of
 * the largest output, as of a softmax's largest p). */
static int add_boundary_key(const surface_ctx *c, mlp_plot_key *keys, char text[KEY_TEXT], int n)
{
    const char *act = mlp_activation_name(c->net->layers[c->net->n_layers - 1].act);
    if (c->C == 2 && c->two_p)
        snprintf(text, KEY_TEXT, "p = 0.5");
    else if (c->C == 2 && c->K == 1)
        snprintf(text, KEY_TEXT, "%s output = 0.5", act);
    else if (c->C == 2)
        snprintf(text, KEY_TEXT, "the two %s outputs equal", act);
    else if (c->C > 2 && !c->prob)
        snprintf(text, KEY_TEXT, "region: the class of the largest %s output", act);
    else
        return n;
    keys[n] = (mlp_plot_key){text, MLP_PLOT_BLACK, c->C == 2, NULL};
    return n + 1;
}

/* The surface's legend: each class's rows (the first
 * MLP_PLOT_CLASS_COLOURS, whose colours are their own, and a line saying
 * how many more there are), the wrong ones, the boundary of two classes.
 * Returns the number of keys. */
enum { SURFACE_KEYS = MLP_PLOT_CLASS_COLOURS + 3 };
static int surface_keys(const surface_ctx *c, mlp_plot_key keys[SURFACE_KEYS],
                        char texts[SURFACE_KEYS][KEY_TEXT])
{
    size_t C = c->C;
    int n = 0;
    for (size_t k = 0; c->labelled && k < C && k < MLP_PLOT_CLASS_COLOURS; k++) {
        char name[MLP_PLOT_NAME];
        snprintf(texts[n], sizeof texts[n], "true %s", class_name(c, k, name));
        keys[n] = (mlp_plot_key){texts[n], mlp_plot_class_colour(k), 0, "●"};
        n++;
    }
    if (c->labelled && C > MLP_PLOT_CLASS_COLOURS) {
        size_t more = C - MLP_PLOT_CLASS_COLOURS;
        snprintf(texts[n], sizeof texts[n], "+ %zu class%s not listed", more,
                 more == 1 ? "" : "es");
        keys[n] = (mlp_plot_key){texts[n], MLP_PLOT_BLACK, 0, NULL};
        n++;
    }
    if (C)
        n = add_rows_key(c, keys, texts[n], n);
    return add_boundary_key(c, keys, texts[n], n);
}

/* The range of the colour bar of two classes, and where in it (a share)
 * the class changes, drawn white: [0, 1] for p, white at 0.5. Else the
 * values the output can produce, where they are bounded: one unit's range
 * ([-1, 1] for tanh, white at its boundary 0.5, three quarters up), or for
 * two units y1 - y0 from lo - hi to hi - lo, white at 0 in the middle; so
 * an output at its bound is the darkest colour, as p = 1 is (a bar centred
 * on 0.5 ran from -0.7 to 1.7 for tanh outputs of -0.7 to 0.99, and the
 * second class never got dark). An unbounded output (linear, relu) gets
 * one centred on the value where the class changes (two_class_threshold),
 * wide enough for the values shaded (zlo to zhi) and to be drawn. */
static double two_class_range(const surface_ctx *c, double *zlo, double *zhi)
{
    if (c->two_p) {
        *zlo = 0.0;
        *zhi = 1.0;
        return 0.5;
    }
    const mlp_activation_info *act =
        mlp_activation_info_of(c->net->layers[c->net->n_layers - 1].act);
    double lo = c->K == 1 ? act->lo : act->lo - act->hi;
    double hi = c->K == 1 ? act->hi : act->hi - act->lo;
    double mid = two_class_threshold(c);
    if (isfinite(lo) && isfinite(hi) && lo < mid && mid < hi) {
        *zlo = lo;
        *zhi = hi;
        return (mid - lo) / (hi - lo);
    }
    double half = fmax(fabs(*zhi - mid), fabs(mid - *zlo));
    *zlo = mid - half;
    *zhi = mid + half;
    if (!mlp_plot_axis_ok(*zlo, *zhi)) {
        *zlo = mid - 1.0; /* all on the boundary: a scale of its own */
        *zhi = mid + 1.0;
    }
    return 0.5;
}

static void draw_surface(void *ctx)
{
    surface_ctx *c = ctx;
    const mlp_grid *g = &c->grid;
    size_t nx = g->n[0], ny = g->n[1], K = c->net->sizes[c->net->n_layers];
    size_t C = c->C;
    PLFLT **z;
    plAlloc2dGrid(&z, (PLINT)nx, (PLINT)ny);
    /* The shaded value: for two classes the one that tells them apart
     * (two_class_value), the first output for a regression (more
     * classes: draw_regions). */
    double zlo = INFINITY, zhi = -INFINITY;
    for (size_t j = 0; j < ny; j++)
        for (size_t i = 0; i < nx; i++) {
            const double *y = c->Y + (j * nx + i) * K;
            double v = C == 2 ? two_class_value(c, y) : y[0];
            z[i][j] = v;
            zlo = v < zlo ? v : zlo;
            zhi = v > zhi ? v : zhi;
        }

    pladv(0);
    /* The legend in (at least) two rows under the panel, the panel raised
     * when it needs more. */
    mlp_plot_key keys[SURFACE_KEYS];
    char texts[SURFACE_KEYS][KEY_TEXT];
    int n = surface_keys(c, keys, texts);
    mlp_plot_legend_grid grid = {1, 1, 1.0};
    double right = C > 2 ? 0.95 : 0.84, top = 0.92, bottom = 0.1, ydisp;
    mlp_plot_ticks yt = mlp_plot_ticks_for(g->lo[1], g->hi[1], MLP_PLOT_AXIS_LABELS);
    double left = mlp_plot_left_edge(PANEL_LEFT, mlp_plot_ticks_width(&yt), Y_TITLE, &ydisp);
    mlp_plot_ticks xt = mlp_plot_x_ticks(g->lo[0], g->hi[0], left, right, MLP_PLOT_AXIS_LABELS);
    if (n) {
        grid = mlp_plot_legend_plan(keys, n, n, 2);
        bottom = mlp_plot_panel_bottom(PANEL_BOTTOM, top, mlp_plot_legend_height(&grid));
    }
    plvpor(left, right, bottom, top);
    plwind(g->lo[0], g->hi[0], g->lo[1], g->hi[1]);

    if (C > 2) {
        draw_regions(c);
    } else {
        enum { NLEV = 21 };
        PLFLT levels[NLEV];
        if (C == 2) {
            diverging_map(two_class_range(c, &zlo, &zhi));
        } else {
            sequential_map();
            /* A (nearly) constant output gets a scale around it: a colour bar
             * over a range too narrow to draw would never finish its ticks. */
            if (!mlp_plot_axis_ok(zlo, zhi))
                mlp_plot_axis_pad(&zlo, &zhi, MLP_PLOT_MARGIN);
        }
        for (int k = 0; k < NLEV; k++)
            levels[k] = zlo + (zhi - zlo) * k / 20.0;
        plshades((const PLFLT *const *)z, (PLINT)nx, (PLINT)ny, NULL, g->lo[0], g->hi[0],
                 g->lo[1], g->hi[1], levels, NLEV, 1.0, 0, 0.0, plfill, 1, NULL, NULL);
    }
    if (C == 2) {
        /* The boundary: p = 0.5, or where the outputs put it. */
        PLFLT *xg = malloc(nx * sizeof *xg), *yg = malloc(ny * sizeof *yg);
        if (xg && yg)
            draw_contour(g, z, xg, yg, two_class_threshold(c), 2.5);
        free(xg);
        free(yg);
    }
    plFree2dGrid(z, (PLINT)nx, (PLINT)ny);

    draw_rows(c, 1);

    plcol0(MLP_PLOT_BLACK);
    mlp_plot_axes_box("bcnst", &xt, 0, 0, "bcnstv", &yt);
    char fx[MLP_PLOT_NAME], fy[MLP_PLOT_NAME], name[MLP_PLOT_NAME];
    input_name(c->sc, 0, fx);
    input_name(c->sc, 1, fy);
    mlp_plot_labels(fx, fy, c->title, ydisp);

    char label[160];
    if (C == 2) {
        two_class_text(c, label, sizeof label);
        mlp_plot_colorbar(zlo, zhi, label, 0.0);
    } else if (C == 0) {
        /* A plane shades one output: with several, say which (fit shows each). */
        mlp_plot_name(name, sizeof name, c->sc->n_targets && c->sc->target_names
                                             ? c->sc->target_names[0]
                                             : "output");
        if (K > 1)
            snprintf(label, sizeof label, "predicted %s, output 1 of %zu", name, K);
        else
            snprintf(label, sizeof label, "predicted %s", name);
        mlp_plot_colorbar(zlo, zhi, label, 0.0);
    }
    if (n)
        mlp_plot_legend_below(keys, n, &grid, (left + right) / 2,
                              mlp_plot_legend_top(PANEL_BOTTOM, top, bottom));
}

/* The curve of a 1-input model: x the input over the grid, y its outputs.
 * A regression draws every output (up to MAX_CURVES) with its targets as
 * dots of the same colour; two classes draw p of the second class with
 * the rows at 0 (first class) or 1 (second), the picture of a logistic
 * regression; more classes draw p of each class, each row on its own
 * class's curve. Wrong predictions are ringed, as on the surface. */
#define MAX_CURVES 6

/* The curve's legend: a key per curve (its line and its dots), two
 * classes' rows, the wrong rows. Returns the number of keys. */
enum { CURVE_KEYS = MAX_CURVES + 2 };
static int curve_keys(const surface_ctx *c, size_t n_curves, mlp_plot_key keys[CURVE_KEYS],
                      char texts[CURVE_KEYS][KEY_TEXT])
{
    size_t C = c->C;
    int n = 0;
    if (C == 2) {
        two_class_text(c, texts[n], sizeof texts[n]);
        keys[n] = (mlp_plot_key){texts[n], MLP_PLOT_BLACK, 1, NULL};
        n++;
    }
    /* One key per curve, its line and its dots together; two classes have
     * one curve and a key for each class's rows. Without targets the rows
     * are black dots at the model's own output, with a key of their own. */
    size_t n_named = C == 2 ? (c->labelled ? 2 : 0) : n_curves;
    for (size_t k = 0; k < n_named; k++) {
        char name[MLP_PLOT_NAME];
        if (C)
            class_name(c, k, name);
        else
            mlp_plot_name(name, sizeof name, c->sc->n_targets > k && c->sc->target_names
                                                 ? c->sc->target_names[k]
                                                 : "output");
        if (C == 2)
            snprintf(texts[n], sizeof texts[n], "true %s", name);
        else if (C && c->prob)
            snprintf(texts[n], sizeof texts[n],
                     c->labelled ? "p(%s), and the rows of %s" : "p(%s)", name, name);
        else if (C)
            snprintf(texts[n], sizeof texts[n],
                     c->labelled ? "output %s, and the rows of %s" : "output %s", name, name);
        else
            snprintf(texts[n], sizeof texts[n],
                     c->labelled ? "%s: predicted, and true (dots)" : "predicted %s", name);
        keys[n] = (mlp_plot_key){texts[n], mlp_plot_class_colour(k), C == 2 ? 0 : (int)(k % 8) + 1,
                                 c->labelled ? "●" : NULL};
        n++;
    }
    if (C || !c->labelled)
        n = add_rows_key(c, keys, texts[n], n);
    return n;
}

/* The y range of a 1-input classifier whose outputs are no probabilities
 * (a tanh or linear output): its curves, its rows (place_rows) and, for
 * two classes, the line where the class changes, widened by
 * MLP_PLOT_MARGIN. [-0.05, 1.05] cut a tanh curve off below 0. */
static void class_curve_range(const surface_ctx *c, size_t n_curves, double *ylo, double *yhi)
{
    size_t nx = c->grid.n[0], K = c->K;
    double lo = INFINITY, hi = -INFINITY;
    if (c->C == 2)
        lo = hi = two_class_threshold(c);
    for (size_t i = 0; i < nx; i++)
        for (size_t k = 0; k < n_curves; k++) {
            double v = c->C == 2 ? two_class_value(c, c->Y + i * K) : c->Y[i * K + k];
            lo = fmin(lo, v);
            hi = fmax(hi, v);
        }
    for (size_t r = 0; r < c->n_rows; r++) {
        lo = fmin(lo, c->py[r]);
        hi = fmax(hi, c->py[r]);
    }
    *ylo = lo;
    *yhi = hi;
    if (mlp_plot_axis_pad(ylo, yhi, MLP_PLOT_MARGIN))
        *ylo = -1, *yhi = 1; /* outputs near the largest double: the axis frames nothing */
}

static void draw_curve(void *ctx)
{
    surface_ctx *c = ctx;
    const mlp_grid *g = &c->grid;
    size_t nx = g->n[0], K = c->net->sizes[c->net->n_layers], C = c->C;
    /* What is drawn: curve k is output k; for two classes one curve, the
     * value that tells them apart (two_class_value: p of the second). */
    size_t n_curves = C == 2 ? 1 : (K < MAX_CURVES ? K : MAX_CURVES);
    PLFLT *xs = c->xs, *ys = c->ys;
    for (size_t i = 0; i < nx; i++)
        xs[i] = mlp_grid_at(g, 0, i);
    double ylo = 0, yhi = 1;
    if (C == 0) { /* a regression: the range of the curves and the targets */
        ylo = INFINITY;
        yhi = -INFINITY;
        for (size_t k = 0; k < n_curves; k++) {
            for (size_t i = 0; i < nx; i++) {
                double v = c->Y[i * K + k];
                ylo = fmin(ylo, v);
                yhi = fmax(yhi, v);
            }
            for (size_t r = 0; c->T && r < c->n_rows; r++) {
                double v = c->T[r * K + k];
                ylo = isfinite(v) ? fmin(ylo, v) : ylo;
                yhi = isfinite(v) ? fmax(yhi, v) : yhi;
            }
        }
        if (mlp_plot_axis_pad(&ylo, &yhi, MLP_PLOT_MARGIN))
            ylo = -1, yhi = 1; /* outputs near the largest double: the axis frames nothing */
    } else if (c->prob && (C > 2 || c->two_p)) {
        ylo = -0.05;
        yhi = 1.05;
    } else {
        class_curve_range(c, n_curves, &ylo, &yhi);
    }

    pladv(0);
    /* The legend under the panel in at most three columns, the panel
     * raised when it needs more rows than fit under it. */
    mlp_plot_key keys[CURVE_KEYS];
    char texts[CURVE_KEYS][KEY_TEXT];
    int n = curve_keys(c, n_curves, keys, texts);
    mlp_plot_legend_grid grid = mlp_plot_legend_plan(keys, n, 3, 1);
    double right = 0.95, top = 0.92, ydisp;
    double bottom = mlp_plot_panel_bottom(PANEL_BOTTOM, top, mlp_plot_legend_height(&grid));
    mlp_plot_ticks yt = mlp_plot_ticks_for(ylo, yhi, MLP_PLOT_AXIS_LABELS);
    double left = mlp_plot_left_edge(PANEL_LEFT, mlp_plot_ticks_width(&yt), Y_TITLE, &ydisp);
    mlp_plot_ticks xt = mlp_plot_x_ticks(g->lo[0], g->hi[0], left, right, MLP_PLOT_AXIS_LABELS);
    plvpor(left, right, bottom, top);
    plwind(g->lo[0], g->hi[0], ylo, yhi);
    if (C == 2) { /* the line p = 0.5 (two_class_threshold), where the predicted class changes */
        PLFLT hx[2] = {g->lo[0], g->hi[0]}, hy[2] = {two_class_threshold(c), two_class_threshold(c)};
        plcol0(MLP_PLOT_GREY);
        mlp_plot_line_style(MLP_PLOT_DOTTED);
        plline(2, hx, hy);
        pllsty(1);
    }
    plwidth(2.5);
    for (size_t k = 0; k < n_curves; k++) {
        for (size_t i = 0; i < nx; i++) {
            const double *y = c->Y + i * K;
            ys[i] = C == 2 ? two_class_value(c, y) : y[k];
        }
        plcol0(C == 2 ? MLP_PLOT_BLACK : mlp_plot_class_colour(k));
        pllsty((PLINT)(k % 8) + 1);
        plline((PLINT)nx, xs, ys);
    }
    pllsty(1);
    plwidth(1.0);

    /* The rows: dots in their class's colour (a regression's targets in the
     * colour of their output); wrong ones ringed. */
    plschr(0, 0.8);
    for (size_t k = 0; C == 0 && c->T && k < n_curves; k++) {
        plcol0(mlp_plot_class_colour(k));
        for (size_t r = 0; r < c->n_rows; r++) {
            PLFLT t = c->T[r * K + k];
            if (isfinite(t))
                mlp_plot_points(1, &c->px[r], &t, "●");
        }
    }
    draw_rows(c, C || !c->T);

    plcol0(MLP_PLOT_BLACK);
    mlp_plot_axes_box("bcnst", &xt, 0, 0, "bcnstv", &yt);
    char fx[MLP_PLOT_NAME], ylabel[160];
    input_name(c->sc, 0, fx);
    if (C == 2)
        two_class_text(c, ylabel, sizeof ylabel);
    else if (C > 2 && c->prob)
        snprintf(ylabel, sizeof ylabel, "predicted probability");
    else if (C > 2)
        snprintf(ylabel, sizeof ylabel, "predicted %s output (the largest: the class)",
                 mlp_activation_name(c->net->layers[c->net->n_layers - 1].act));
    else
        mlp_plot_name(ylabel, MLP_PLOT_NAME,
                      K == 1 && c->sc->n_targets && c->sc->target_names ? c->sc->target_names[0]
                                                                         : "output");
    mlp_plot_labels(fx, ylabel, c->title, ydisp);

    mlp_plot_legend_below(keys, n, &grid, (left + right) / 2,
                          mlp_plot_legend_top(PANEL_BOTTOM, top, bottom));
}

/* ------------------------------------------------------------------------ */

/* The warning for a file read without targets though the model names its
 * target columns by header and the file has other columns than the features
 * (a "Label" for "label"): the rows were drawn without their classes, as if
 * the file had none, exit 0. Names the first column looked for, and the
 * header cell nearest to it. */
static void note_missing_targets(const mlp_plot_model *m, const char *data_path, mlp_finding *note)
{
    const mlp_schema *sc = &m->schema;
    const mlp_csv *csv = &m->csv;
    if (!note || m->data.Y || !sc->n_targets || !sc->target_names || sc->target_names_made_up ||
        !sc->names_from_header || !csv->has_header)
        return;
    const char *want = NULL;
    for (size_t k = 0; k < sc->n_targets && !want; k++)
        want = mlp_csv_find_column(csv, sc->target_names[k]) < 0 ? sc->target_names[k] : NULL;
    /* A file of the features alone is plainly unlabelled: nothing to say. */
    if (!want || csv->n_cols <= sc->n_features)
        return;
    /* The candidates are the columns that are not the model's inputs, as
     * the message says: an input offered as the nearest name ("did you
     * mean "x1"?" for a target "x3") would have the user rename it away. */
    const char *names[256];
    int n = 0;
    for (size_t j = 0; j < csv->n_cols && n < 256; j++) {
        int input = 0;
        for (size_t a = 0; a < sc->n_features && !input; a++)
            input = sc->feature_names && strcmp(csv->cols[j].name, sc->feature_names[a]) == 0;
        if (!input)
            names[n++] = csv->cols[j].name;
    }
    int near = mlp_nearest(want, names, n);
    *note = (mlp_finding){.severity = MLP_SEVERITY_WARNING};
    mlp_finding_at(note, data_path, csv->first_line, 0);
    mlp_finding_message(note, "no target column \"%s\" among the columns that are not the "
                        "model's inputs: the rows are drawn without their %s",
                        want, sc->n_labels ? "classes" : "targets");
    if (near >= 0)
        mlp_finding_hint(note, "did you mean \"%s\"? rename the header cell to \"%s\"",
                         names[near], want);
    else
        mlp_finding_hint(note, "name the target column \"%s\" to see the rows' %s", want,
                         sc->n_labels ? "classes" : "targets");
}

/* Input a of every row as the file has it (d values apart in X): the
 * file's own cells where the input's column is found by its header name
 * in the same rows, else the normalisation undone. X is (x - mean) / std,
 * and X * std + mean overflows for some finite x near the largest double
 * (1e308 was once reported as "inf"); undone in halves, X * (std / 2) +
 * mean / 2 is about x / 2 and cannot overflow, so doubled back it is x. */
static void file_values(const mlp_plot_model *m, size_t a, double *out)
{
    const mlp_schema *sc = &m->schema;
    const mlp_dataset *data = &m->data;
    const mlp_csv *csv = &m->csv;
    size_t N = data->n_rows, d = data->n_features;
    long j = sc->names_from_header && sc->feature_names && csv->n_rows == N && data->row_line
                 ? mlp_csv_find_column(csv, sc->feature_names[a])
                 : -1;
    for (size_t r = 0; j >= 0 && r < N; r++)
        if (csv->row_line[r] != data->row_line[r])
            j = -1; /* not the same rows: undo the normalisation instead */
    int std = sc->normalize == MLP_NORMALIZE_STANDARD && sc->mean && sc->std;
    for (size_t r = 0; r < N; r++) {
        double X = data->X[d * r + a];
        if (j >= 0)
            out[r] = csv->values[r * csv->n_cols + (size_t)j];
        else if (!std)
            out[r] = X;
        else if (!isfinite(out[r] = X * sc->std[a] + sc->mean[a]))
            out[r] = 2 * (X * (sc->std[a] / 2) + sc->mean[a] / 2);
    }
}

/* The rows' coordinates (the normalisation undone), classes and predictions.
 * For a 1-input model py is the height the row is drawn at beside the curve:
 * 0 or 1 for its class out of two, the model's p of its class out of more
 * (a point on that class's curve), its first target for a regression (each
 * target is drawn from T); without targets, the model's own output. */
static mlp_status place_rows(surface_ctx *c, const mlp_plot_model *m, mlp_error *err)
{
    const mlp_dataset *data = &m->data;
    size_t N = data->n_rows, K = c->net->sizes[c->net->n_layers], d = c->net->sizes[0];
    size_t C = c->C;
    c->n_rows = N;
    c->px = mlp_alloc(N, sizeof *c->px);
    c->py = mlp_alloc(N, sizeof *c->py);
    c->truth = mlp_alloc(N, sizeof *c->truth);
    c->pred = mlp_alloc(N, sizeof *c->pred);
    c->T = d == 1 && C == 0 ? data->Y : NULL;
    c->labelled = data->Y != NULL;
    c->row_line = data->row_line;
    mlp_workspace *ws = c->px && c->py && c->truth && c->pred ? mlp_workspace_create(c->net, 0, err)
                                                              : NULL;
    if (!ws)
        return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the data points");
    size_t chunk = mlp_workspace_chunk_rows(ws);
    for (size_t r0 = 0; r0 < N; r0 += chunk) {
        size_t rows = N - r0 < chunk ? N - r0 : chunk;
        const double *y = mlp_net_forward(c->net, ws, data->X + r0 * d, rows);
        for (size_t r = 0; r < rows; r++) {
            const double *yr = y + r * K;
            size_t row = r0 + r;
            c->pred[row] = mlp_net_class_of(yr, K);
            c->truth[row] = data->Y && C ? mlp_net_class_of(data->Y + row * K, K) : SIZE_MAX;
            if (d == 1) {
                size_t t = c->truth[row] != SIZE_MAX ? c->truth[row] : c->pred[row];
                c->py[row] = C == 2   ? two_class_value(c, c->truth[row] != SIZE_MAX
                                                               ? data->Y + row * K
                                                               : yr)
                             : C > 2  ? yr[t]
                             : c->T   ? c->T[row * K]
                                      : yr[0];
            }
        }
    }
    mlp_workspace_free(ws);
    for (size_t a = 0; a < d; a++)
        file_values(m, a, a ? c->py : c->px);
    for (size_t r = 0; r < N; r++)
        c->n_wrong += c->truth[r] != SIZE_MAX && c->truth[r] != c->pred[r];
    return MLP_OK;
}

/* The data's range widened by MLP_PLOT_MARGIN on each side, on the grid's
 * axes; a column that is constant, or too narrow to draw, gets MLP_PLOT_MARGIN
 * of its value on each side (mlp_plot_axis_pad). MLP_ERR_DATA when values
 * near the largest double leave no range to draw. */
static mlp_status data_range(const surface_ctx *c, mlp_grid *g, const char *data_path,
                             mlp_error *err)
{
    const double *v[2] = {c->px, c->py};
    for (size_t a = 0; a < g->dims; a++) {
        size_t low = 0, high = 0;
        for (size_t r = 1; r < c->n_rows; r++) {
            low = v[a][r] < v[a][low] ? r : low;
            high = v[a][r] > v[a][high] ? r : high;
        }
        double lo = v[a][low], hi = v[a][high];
        g->lo[a] = lo;
        g->hi[a] = hi;
        /* The rule of --range holds for the range found in the data too. */
        if (mlp_plot_axis_pad(&g->lo[a], &g->hi[a], MLP_PLOT_MARGIN) ||
            fmax(fabs(g->lo[a]), fabs(g->hi[a])) > MLP_PLOT_RANGE_MAX) {
            const char *name = c->sc->feature_names && c->sc->feature_names[a]
                                   ? c->sc->feature_names[a]
                                   : a ? "x2" : "x1";
            /* the row of the value farther from 0, which is the one to check */
            size_t far = fabs(hi) > fabs(lo) ? high : low;
            char lo_text[MLP_FORMAT_NUMBER_MAX], hi_text[MLP_FORMAT_NUMBER_MAX];
            mlp_format_double(lo_text, lo);
            mlp_format_double(hi_text, hi);
            mlp_error_set(err, MLP_ERR_DATA, data_path, c->row_line ? c->row_line[far] : 0, 0,
                          "the rows' %s values, from %s to %s (%s on this line), leave no "
                          "range that can be drawn around them", name, lo_text, hi_text,
                          far == high ? hi_text : lo_text);
            mlp_error_hint(err, "check that row's %s; else give the range to draw with --range "
                                "(each end from -1e300 to 1e300)",
                           name);
            return MLP_ERR_DATA;
        }
    }
    return MLP_OK;
}

/* A --range axis must hold the grid mlppredict --grid accepts with as many
 * points (the rule of mlp_grid_parse, which is given the axis in its own
 * syntax, so that the rule stays in one place) and be wide enough to draw
 * (mlp_plot_axis_ok). MLP_ERR_USAGE naming the axis when it is not. */
static mlp_status check_range(const mlp_plot_surface_options *s, mlp_error *err)
{
    for (int a = 0; a < s->range_axes; a++) {
        char lo[MLP_FORMAT_NUMBER_MAX], hi[MLP_FORMAT_NUMBER_MAX], axis[3 * MLP_FORMAT_NUMBER_MAX];
        mlp_format_double(lo, s->lo[a]);
        mlp_format_double(hi, s->hi[a]);
        snprintf(axis, sizeof axis, "%s:%s:%zu", lo, hi, s->resolution);
        mlp_grid g;
        mlp_error grid_err;
        mlp_error_clear(&grid_err);
        if (mlp_grid_parse(axis, &g, &grid_err) == MLP_OK && mlp_plot_axis_ok(s->lo[a], s->hi[a]))
            continue;
        /* The example: MIN and MIN plus the power of ten nearest a
         * thousandth of the range's size (wide enough by a margin), in 12
         * digits so that 0.1 + 1e-4 reads 0.1001. */
        double size = fmax(fmax(fabs(s->lo[a]), fabs(s->hi[a])), 1e-280);
        char wider[MLP_FORMAT_NUMBER_MAX];
        snprintf(wider, sizeof wider, "%.12g", s->lo[a] + pow(10.0, round(log10(1e-3 * size))));
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                      "--range: the %s range %s:%s is too narrow to draw: its axis labels "
                      "(%d significant digits) could not tell the ticks apart",
                      a ? "y" : "x", lo, hi, MLP_PLOT_DIGITS);
        mlp_error_hint(err, "make MAX - MIN at least a millionth of the larger of |MIN| and "
                            "|MAX|, for example %s:%s", lo, wider);
        return MLP_ERR_USAGE;
    }
    return MLP_OK;
}

static void too_many_inputs(const mlp_net *net, const char *weights_path, mlp_error *err)
{
    mlp_error_set(err, MLP_ERR_USAGE, weights_path, 0, 0,
                  "the model has %zu inputs; a decision surface needs 2 (or 1, for its curve)",
                  net->sizes[0]);
}

/* Before the rows are read. Only what this model can show: one with a
 * hidden layer is sent to its units; one without has no units picture
 * either (units.c says the same then), and whether it has a fit picture
 * only its rows tell, so it is refused once they are read (no_surface). */
static mlp_status one_or_two_inputs(const mlp_net *net, const char *weights_path,
                                    const char *data_path, mlp_error *err)
{
    if (net->sizes[0] <= 2 || net->n_layers < 2)
        return MLP_OK;
    too_many_inputs(net, weights_path, err);
    mlp_error_hint(err, "plot its hidden units instead: mlpplot units %s %s", weights_path,
                   data_path);
    return MLP_ERR_USAGE;
}

/* A model of more than 2 inputs without hidden layer, its rows read. */
static mlp_status no_surface(const mlp_plot_model *m, const char *weights_path,
                             const char *data_path, mlp_error *err)
{
    too_many_inputs(m->net, weights_path, err);
    mlp_plot_hint_instead(m, "with no hidden layer it has no hidden units to plot either",
                          weights_path, data_path, err);
    return MLP_ERR_USAGE;
}

mlp_status mlp_plot_surface(const char *weights_path, const char *data_path,
                            const mlp_plot_surface_options *sopts, const mlp_plot_options *opts,
                            mlp_error *err)
{
    mlp_status st = mlp_plot_check_format(opts->out_path, err);
    if (!st)
        st = check_range(sopts, err);
    mlp_plot_model m;
    if (st || (st = mlp_plot_model_load(weights_path, data_path, one_or_two_inputs, &m, err)))
        return st;
    if (m.net->sizes[0] > 2) {
        st = no_surface(&m, weights_path, data_path, err);
        mlp_plot_model_free(&m);
        return st;
    }
    const mlp_net *net = m.net;
    const mlp_schema *schema = &m.schema;
    size_t d = net->sizes[0];
    surface_ctx c;
    memset(&c, 0, sizeof c);
    c.net = net;
    c.sc = schema;
    c.K = net->sizes[net->n_layers];
    c.C = count_classes(&m);
    unsigned flags = mlp_activation_info_of(net->layers[net->n_layers - 1].act)->flags;
    c.prob = (flags & MLP_ACT_FLAG_PROBABILITY) != 0;
    c.two_p = c.C == 2 && c.prob && (c.K == 1 || (flags & MLP_ACT_FLAG_ROWS));
    if (sopts->range_axes && (size_t)sopts->range_axes != d) {
        mlp_error_set(err, MLP_ERR_USAGE, weights_path, 0, 0,
                      "--range has %d ax%s but the model has %zu input%s", sopts->range_axes,
                      sopts->range_axes == 1 ? "is" : "es", d, d == 1 ? "" : "s");
        mlp_error_hint(err, "%s", d == 1 ? "give one range, for example --range -3:3"
                                         : "give two ranges, for example --range -2:3,-1.5:2");
        st = MLP_ERR_USAGE;
        goto out;
    }
    if ((st = place_rows(&c, &m, err)))
        goto out;
    note_missing_targets(&m, data_path, sopts->note);
    c.grid.dims = d;
    if (sopts->range_axes) {
        for (size_t a = 0; a < d; a++) {
            c.grid.lo[a] = sopts->lo[a];
            c.grid.hi[a] = sopts->hi[a];
        }
    } else if ((st = data_range(&c, &c.grid, data_path, err))) {
        goto out;
    }
    c.grid.n[0] = sopts->resolution;
    c.grid.n[1] = d == 2 ? sopts->resolution : 1;
    size_t K = net->sizes[net->n_layers];
    c.Y = mlp_alloc(c.grid.n[0] * c.grid.n[1], K * sizeof *c.Y);
    if (d == 1) {
        c.xs = mlp_alloc(c.grid.n[0], sizeof *c.xs);
        c.ys = mlp_alloc(c.grid.n[0], sizeof *c.ys);
    }
    if (!c.Y || (d == 1 && (!c.xs || !c.ys))) {
        st = mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the grid");
        goto out;
    }
    if ((st = mlp_grid_predict(net, schema, &c.grid, c.Y, err)))
        goto out;
    char title[300], model_name[MLP_PLOT_NAME], data_name[MLP_PLOT_NAME];
    snprintf(title, sizeof title, "%s of %s on %s", d == 2 ? "decision surface" : "curve",
             mlp_plot_name(model_name, sizeof model_name, mlp_plot_basename(weights_path)),
             mlp_plot_name(data_name, sizeof data_name, mlp_plot_basename(data_path)));
    c.title = title;
    st = mlp_plot_render(opts, d == 2 ? draw_surface : draw_curve, &c, err);
out:
    free(c.Y);
    free(c.xs);
    free(c.ys);
    free(c.px);
    free(c.py);
    free(c.truth);
    free(c.pred);
    mlp_plot_model_free(&m);
    return st;
}
