/* SPDX-License-Identifier: MIT */
/* surface.c: the decision surface of a 2-input model with the data on top.
 * The model, the data and the grid's predictions come from libmlp
 * (mlp_weights_read, mlp_dataset_with_schema, mlp_grid_predict,
 * mlp_net_forward); this file owns the picture only. */
#include <math.h>
#include <plplot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/grid.h"
#include "mlp/net.h"
#include "mlp/weights.h"
#include "plot.h"
#include "plural.h"

/* Region colours are the class colours mixed with this share of white, so
 * the points drawn on them in the full colours stay readable. */
#define PALE 0.6

typedef struct {
    const mlp_net *net;
    const mlp_schema *sc;
    const char *title;
    mlp_grid grid;
    double *Y;              /* (NX * NY, K) grid outputs */
    size_t n_rows;
    double *px, *py;        /* n_rows: the rows' coordinates in CSV units */
    size_t *truth, *pred;   /* n_rows: true class (SIZE_MAX without targets) and predicted class */
    size_t n_wrong;
} surface_ctx;

static size_t n_classes(const mlp_schema *sc)
{
    return sc->n_labels >= 2 ? sc->n_labels : 0;
}

static void pale(int colour, double share, PLINT rgb[3])
{
    int c[3];
    mlp_plot_colour_rgb(colour, c);
    for (int i = 0; i < 3; i++)
        rgb[i] = (PLINT)lround(c[i] + share * (255 - c[i]));
}

/* cmap1 for a probability from 0 to 1: pale first-class colour, white at
 * 0.5, pale second-class colour. */
static void diverging_map(void)
{
    PLINT a[3], b[3];
    pale(mlp_plot_class_colour(0), PALE - 0.15, a);
    pale(mlp_plot_class_colour(1), PALE - 0.15, b);
    PLFLT pos[3] = {0, 0.5, 1}, r[3] = {a[0] / 255.0, 1, b[0] / 255.0},
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

static void draw_surface(void *ctx)
{
    surface_ctx *c = ctx;
    const mlp_grid *g = &c->grid;
    size_t nx = g->n[0], ny = g->n[1], K = c->net->sizes[c->net->n_layers];
    size_t C = n_classes(c->sc);
    PLFLT **z;
    plAlloc2dGrid(&z, (PLINT)nx, (PLINT)ny);
    /* The shaded value: p of the second class for two classes, the arg-max
     * class for more, the first output for a regression. */
    double zlo = INFINITY, zhi = -INFINITY;
    for (size_t j = 0; j < ny; j++)
        for (size_t i = 0; i < nx; i++) {
            const double *y = c->Y + (j * nx + i) * K;
            double v = C == 2 ? (K == 1 ? y[0] : y[1]) : C > 2 ? (double)mlp_net_class_of(y, K) : y[0];
            z[i][j] = v;
            zlo = v < zlo ? v : zlo;
            zhi = v > zhi ? v : zhi;
        }

    pladv(0);
    plvpor(0.1, C > 2 ? 0.95 : 0.84, n_classes(c->sc) ? 0.2 : 0.1, 0.92);
    plwind(g->lo[0], g->hi[0], g->lo[1], g->hi[1]);

    enum { MAXLEV = 64 };
    PLFLT levels[MAXLEV + 1];
    int nlev;
    if (C == 2) {
        diverging_map();
        nlev = 21;
        for (int k = 0; k < nlev; k++)
            levels[k] = k / 20.0;
    } else if (C > 2) {
        size_t shown = C < MAXLEV ? C : MAXLEV;
        PLINT r[MAXLEV], gr[MAXLEV], b[MAXLEV], rgb[3];
        for (size_t k = 0; k < shown; k++) {
            pale(mlp_plot_class_colour(k), PALE, rgb);
            r[k] = rgb[0];
            gr[k] = rgb[1];
            b[k] = rgb[2];
        }
        plscmap1n((PLINT)shown);
        plscmap1(r, gr, b, (PLINT)shown);
        nlev = (int)shown + 1;
        for (int k = 0; k < nlev; k++)
            levels[k] = k - 0.5;
    } else {
        sequential_map();
        nlev = 21;
        double span = zhi > zlo ? zhi - zlo : 1;
        for (int k = 0; k < nlev; k++)
            levels[k] = zlo + span * k / 20.0;
    }
    plshades((const PLFLT *const *)z, (PLINT)nx, (PLINT)ny, NULL, g->lo[0], g->hi[0], g->lo[1],
             g->hi[1], levels, nlev, 1.0, C > 2 ? MLP_PLOT_BLACK : 0, C > 2 ? 1.5 : 0.0, plfill, 1,
             NULL, NULL);
    if (C == 2) {
        /* The boundary p = 0.5, on the grid's own coordinates. */
        PLFLT *xg = malloc(nx * sizeof *xg), *yg = malloc(ny * sizeof *yg);
        if (xg && yg) {
            for (size_t i = 0; i < nx; i++)
                xg[i] = g->lo[0] + (g->hi[0] - g->lo[0]) * (double)i / (double)(nx - 1);
            for (size_t j = 0; j < ny; j++)
                yg[j] = g->lo[1] + (g->hi[1] - g->lo[1]) * (double)j / (double)(ny - 1);
            PLcGrid cg = {xg, yg, NULL, (PLINT)nx, (PLINT)ny, 0};
            PLFLT half = 0.5;
            plcol0(MLP_PLOT_BLACK);
            plwidth(2.5);
            plcont((const PLFLT *const *)z, (PLINT)nx, (PLINT)ny, 1, (PLINT)nx, 1, (PLINT)ny,
                   &half, 1, pltr1, &cg);
            plwidth(1.0);
        }
        free(xg);
        free(yg);
    }
    plFree2dGrid(z, (PLINT)nx, (PLINT)ny);

    /* The rows: filled dots in their true class's colour; wrong ones ringed. */
    plschr(0, 0.8);
    for (size_t r = 0; r < c->n_rows; r++) {
        size_t t = c->truth[r];
        plcol0(t == SIZE_MAX || C == 0 ? MLP_PLOT_BLACK : mlp_plot_class_colour(t));
        plstring(1, &c->px[r], &c->py[r], "●");
    }
    plcol0(MLP_PLOT_BLACK);
    plschr(0, 1.5);
    for (size_t r = 0; r < c->n_rows; r++)
        if (c->truth[r] != SIZE_MAX && c->truth[r] != c->pred[r])
            plstring(1, &c->px[r], &c->py[r], "◯");
    plschr(0, 1.0);

    plcol0(MLP_PLOT_BLACK);
    plbox("bcnst", 0, 0, "bcnstv", 0, 0);
    const char *fx = c->sc->feature_names && c->sc->feature_names[0] ? c->sc->feature_names[0] : "x1";
    const char *fy = c->sc->feature_names && c->sc->feature_names[1] ? c->sc->feature_names[1] : "x2";
    pllab(fx, fy, c->title);

    char label[160];
    if (C == 2) {
        snprintf(label, sizeof label, "predicted p(%s)", c->sc->labels[1]);
        mlp_plot_colorbar(0.0, 1.0, label);
    } else if (C == 0) {
        snprintf(label, sizeof label, "predicted %s",
                 c->sc->n_targets && c->sc->target_names ? c->sc->target_names[0] : "output");
        mlp_plot_colorbar(zlo, zhi, label);
    }
    enum { MAXKEYS = 10 };
    mlp_plot_key keys[MAXKEYS];
    char texts[MAXKEYS][96];
    int n = 0;
    for (size_t k = 0; k < C && n < MAXKEYS - 2; k++) {
        snprintf(texts[n], sizeof texts[n], "true %s", c->sc->labels[k]);
        keys[n] = (mlp_plot_key){texts[n], mlp_plot_class_colour(k), 0, "●"};
        n++;
    }
    if (C) {
        snprintf(texts[n], sizeof texts[n], "wrongly predicted (%zu of %zu)", c->n_wrong, c->n_rows);
        keys[n] = (mlp_plot_key){texts[n], MLP_PLOT_BLACK, 0, "◯"};
        n++;
    }
    if (C == 2) {
        keys[n] = (mlp_plot_key){"p = 0.5", MLP_PLOT_BLACK, 1, NULL};
        n++;
    }
    if (n)
        mlp_plot_legend(keys, n, 0, 1);
}

/* ------------------------------------------------------------------------ */

/* The rows' coordinates (the normalisation undone), classes and predictions. */
static mlp_status place_rows(surface_ctx *c, const mlp_dataset *data, mlp_error *err)
{
    const mlp_schema *sc = c->sc;
    size_t N = data->n_rows, K = c->net->sizes[c->net->n_layers];
    c->n_rows = N;
    c->px = mlp_alloc(N, sizeof *c->px);
    c->py = mlp_alloc(N, sizeof *c->py);
    c->truth = mlp_alloc(N, sizeof *c->truth);
    c->pred = mlp_alloc(N, sizeof *c->pred);
    mlp_workspace *ws = c->px && c->py && c->truth && c->pred ? mlp_workspace_create(c->net, 0, err)
                                                              : NULL;
    if (!ws)
        return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the data points");
    int std = sc->normalize == MLP_NORMALIZE_STANDARD && sc->mean && sc->std;
    size_t chunk = mlp_workspace_chunk_rows(ws);
    for (size_t r0 = 0; r0 < N; r0 += chunk) {
        size_t rows = N - r0 < chunk ? N - r0 : chunk;
        const double *y = mlp_net_forward(c->net, ws, data->X + r0 * 2, rows);
        for (size_t r = 0; r < rows; r++)
            c->pred[r0 + r] = mlp_net_class_of(y + r * K, K);
    }
    mlp_workspace_free(ws);
    for (size_t r = 0; r < N; r++) {
        c->px[r] = std ? data->X[2 * r] * sc->std[0] + sc->mean[0] : data->X[2 * r];
        c->py[r] = std ? data->X[2 * r + 1] * sc->std[1] + sc->mean[1] : data->X[2 * r + 1];
        c->truth[r] = data->Y && n_classes(sc) ? mlp_net_class_of(data->Y + r * K, K) : SIZE_MAX;
        c->n_wrong += c->truth[r] != SIZE_MAX && c->truth[r] != c->pred[r];
    }
    return MLP_OK;
}

/* The data's range widened by MLP_PLOT_MARGIN on each side. */
static void data_range(const surface_ctx *c, mlp_grid *g)
{
    const double *v[2] = {c->px, c->py};
    for (int a = 0; a < 2; a++) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t r = 0; r < c->n_rows; r++) {
            lo = v[a][r] < lo ? v[a][r] : lo;
            hi = v[a][r] > hi ? v[a][r] : hi;
        }
        double span = hi - lo > 0 ? hi - lo : (fabs(hi) > 0 ? fabs(hi) : 1.0);
        g->lo[a] = lo - MLP_PLOT_MARGIN * span;
        g->hi[a] = hi + MLP_PLOT_MARGIN * span;
    }
}

static mlp_status two_inputs(const mlp_net *net, const char *weights_path, const char *data_path,
                             mlp_error *err)
{
    if (net->sizes[0] == 2)
        return MLP_OK;
    mlp_error_set(err, MLP_ERR_USAGE, weights_path, 0, 0,
                  "the model has %zu input%s; a decision surface needs 2", net->sizes[0],
                  mlp_plural(net->sizes[0], "", "s"));
    mlp_error_hint(err, "plot its hidden units instead: mlpplot units %s %s", weights_path,
                   data_path);
    return MLP_ERR_USAGE;
}

mlp_status mlp_plot_surface(const char *weights_path, const char *data_path,
                            const mlp_plot_surface_options *sopts, const mlp_plot_options *opts,
                            mlp_error *err)
{
    mlp_status st = mlp_plot_check_format(opts->out_path, err);
    mlp_plot_model m;
    if (st || (st = mlp_plot_model_load(weights_path, data_path, two_inputs, &m, err)))
        return st;
    const mlp_net *net = m.net;
    const mlp_schema *schema = &m.schema;
    surface_ctx c;
    memset(&c, 0, sizeof c);
    c.net = net;
    c.sc = schema;
    if ((st = place_rows(&c, &m.data, err)))
        goto out;
    if (sopts->has_range) {
        for (int a = 0; a < 2; a++) {
            c.grid.lo[a] = sopts->lo[a];
            c.grid.hi[a] = sopts->hi[a];
        }
    } else {
        data_range(&c, &c.grid);
    }
    c.grid.n[0] = c.grid.n[1] = sopts->resolution;
    size_t K = net->sizes[net->n_layers];
    c.Y = mlp_alloc(sopts->resolution * sopts->resolution, K * sizeof *c.Y);
    if (!c.Y) {
        st = mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the grid");
        goto out;
    }
    if ((st = mlp_grid_predict(net, schema, &c.grid, c.Y, err)))
        goto out;
    char title[300];
    snprintf(title, sizeof title, "decision surface of %s on %s", mlp_plot_basename(weights_path),
             mlp_plot_basename(data_path));
    c.title = title;
    st = mlp_plot_render(opts, draw_surface, &c, err);
out:
    free(c.Y);
    free(c.px);
    free(c.py);
    free(c.truth);
    free(c.pred);
    mlp_plot_model_free(&m);
    return st;
}
