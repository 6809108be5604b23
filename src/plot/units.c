/* SPDX-License-Identifier: MIT */
/* units.c: how each hidden unit's activations spread over the rows of a
 * data set, one heat map per hidden layer, with the units the training
 * diagnosis counts as saturated or dead outlined. The activations come from
 * mlp_net_forward (mlp_workspace_output), the verdict per value from
 * mlp_diagnose_unit_flat; this file owns the histogram and the picture. */
#include <math.h>
#include <plplot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/diagnose.h"
#include "mlp/net.h"
#include "plot.h"
#include "plural.h"

#define BINS 40

typedef struct {
    size_t units;
    mlp_activation act;
    double lo, hi;            /* activation range over all rows and units */
    double *share;            /* (units, BINS): share of the rows in each bin */
    unsigned char *flat;      /* units: 1 when saturated or dead on every row */
    size_t n_flat;
} layer_hist;

typedef struct {
    const char *title;
    size_t n_layers;          /* hidden layers */
    size_t n_rows;
    layer_hist h[MLP_MAX_LAYERS];
} units_ctx;

/* White for no rows, through sky blue to dark blue for all of them. */
static void share_map(void)
{
    PLFLT pos[3] = {0, 0.3, 1}, r[3] = {1, 86 / 255.0, 0}, g[3] = {1, 180 / 255.0, 0.25},
          b[3] = {1, 233 / 255.0, 0.45};
    plscmap1n(256);
    plscmap1l(1, 3, pos, r, g, b, NULL);
}

/* PLplot's cell corner (i, j), i in 0..units, j in 0..BINS, on the panel:
 * unit u (1-based) spans u - 0.5 to u + 0.5, bin b the b-th of BINS equal
 * steps from the layer's lo to its hi. */
static void cell_edges(PLFLT i, PLFLT j, PLFLT *x, PLFLT *y, PLPointer data)
{
    const layer_hist *h = data;
    *x = i + 0.5;
    *y = j >= BINS ? h->hi : h->lo + (h->hi - h->lo) * j / BINS;
}

/* The activation axis of layer h's panel, max_labels labels at most. */
static mlp_plot_ticks layer_ticks(const layer_hist *h, int max_labels)
{
    return mlp_plot_ticks_for(h->lo, h->hi, max_labels);
}

static void draw_layer(const units_ctx *c, size_t l, double top, double bottom, int max_labels,
                       double left)
{
    const layer_hist *h = &c->h[l];
    double lo = h->lo, hi = h->hi;
    PLFLT **z;
    plAlloc2dGrid(&z, (PLINT)h->units, BINS);
    double zmax = 0;
    for (size_t u = 0; u < h->units; u++)
        for (size_t b = 0; b < BINS; b++) {
            z[u][b] = h->share[u * BINS + b];
            zmax = z[u][b] > zmax ? z[u][b] : zmax;
        }
    /* plimage takes its extents as the centres of the outer cells: given
     * the panel's edges it drew units - 1 columns and BINS - 1 bins, and
     * the last unit and the top bin were lost. plimagefr with cell_edges
     * places every cell by its own edges. */
    plvpor(left, 0.84, bottom, top);
    plwind(0.5, (double)h->units + 0.5, lo, hi);
    plimagefr((const PLFLT *const *)z, (PLINT)h->units, BINS, 0.5, (double)h->units + 0.5, lo,
              hi, 0.0, 0.0, 0.0, zmax > 0 ? zmax : 1.0, cell_edges, (PLPointer)h);
    plFree2dGrid(z, (PLINT)h->units, BINS);
    plcol0(MLP_PLOT_VERMILLION);
    plwidth(2.5);
    for (size_t u = 0; u < h->units; u++) {
        if (!h->flat[u])
            continue;
        double x0 = (double)u + 0.55, x1 = (double)u + 1.45;
        PLFLT x[5] = {x0, x1, x1, x0, x0}, y[5] = {lo, lo, hi, hi, lo};
        plline(5, x, y);
    }
    plwidth(1.0);
    plcol0(MLP_PLOT_BLACK);
    mlp_plot_ticks yt = layer_ticks(h, max_labels);
    mlp_plot_axes_box("bcnst", NULL, h->units > 20 ? 0 : 1, 0, "bcnstv", &yt);
    char text[200];
    mlp_plot_units_title(text, sizeof text, l + 1, h->units, h->act, h->n_flat);
    plmtex("t", 0.8, 0.5, 0.5, text);
    double share = zmax > 0 ? zmax : 1.0;
    mlp_plot_colorbar(0.0, share, "", mlp_plot_tick_step(0.0, share, max_labels));
}

/* The panels stacked (mlp_plot_stack_layout): with more of them the text
 * is smaller and the axes get fewer labels; "activation", "unit" and
 * "share of rows" are written once for the stack, clear of the tick labels
 * (a title per panel at 3.5 characters covered the minus signs of "-0.5",
 * and with 4 to 6 panels the colour bars' titles ran into each other). */
static void draw_units(void *ctx)
{
    const units_ctx *c = ctx;
    pladv(0);
    share_map();
    PLFLT def, ht, x0, x1, y0, y1;
    plgchr(&def, &ht);
    plgspa(&x0, &x1, &y0, &y1);
    mlp_plot_stack s = mlp_plot_stack_layout(c->n_layers, def / (y1 - y0));
    plschr(0, s.scale);
    /* One left edge for the stack, with room for its widest labels (in
     * characters of the panels' scale) and the title "activation". */
    double widest = 0, disp;
    for (size_t l = 0; l < s.shown; l++) {
        mlp_plot_ticks yt = layer_ticks(&c->h[l], s.max_labels);
        widest = fmax(widest, mlp_plot_ticks_width(&yt) * s.scale);
    }
    plschr(0, 1.0);
    double left = mlp_plot_left_edge(0.1, widest, 5.0, &disp);
    plschr(0, s.scale);
    for (size_t l = 0; l < s.shown; l++) {
        double t = MLP_PLOT_STACK_TOP - (double)l * (s.height + s.gap);
        draw_layer(c, l, t, t - s.height, s.max_labels, left);
    }
    plmtex("b", 3.0, 0.5, 0.5, "unit");
    plschr(0, 1.0);
    plvpor(left, 0.84, MLP_PLOT_STACK_BOTTOM, MLP_PLOT_STACK_TOP);
    plmtex("l", disp, 0.5, 0.5, s.shown > 1 ? "activation (each layer over its own range)" : "activation");
    plmtex("r", 7.0, 0.5, 0.5, "share of rows (colour)");
    /* The title on one line across the page, smaller when it is long. */
    double width = mlp_plot_text_width(c->title) * def / (x1 - x0);
    plschr(0, width > 0.96 ? 0.96 / width : 1.0);
    plvpor(0.02, 0.98, MLP_PLOT_STACK_BOTTOM, 0.9);
    plmtex("t", 2.0, 0.5, 0.5, c->title);
    plschr(0, 1.0);
}

/* ------------------------------------------------------------------------ */

/* Two passes of the forward pass over the rows: the range of each layer's
 * activations and the units flat on every row, then the histograms. */
static mlp_status measure(units_ctx *c, const mlp_net *net, const mlp_dataset *data,
                          mlp_error *err)
{
    mlp_workspace *ws = mlp_workspace_create(net, 0, err);
    if (!ws)
        return MLP_ERR_NOMEM;
    size_t chunk = mlp_workspace_chunk_rows(ws), n_in = net->sizes[0], N = data->n_rows;
    for (int pass = 0; pass < 2; pass++) {
        /* The bins span each layer's range, the one drawn: a layer whose
         * activations are all equal, or too close to label, is drawn over
         * its value +- MLP_PLOT_MARGIN of it (+- MLP_PLOT_MARGIN about 0). */
        for (size_t l = 0; pass == 1 && l < c->n_layers; l++) {
            layer_hist *h = &c->h[l];
            if (!mlp_plot_axis_ok(h->lo, h->hi) && mlp_plot_axis_pad(&h->lo, &h->hi, MLP_PLOT_MARGIN))
                h->lo = -1.0, h->hi = 1.0; /* values near the largest double: nothing to frame */
        }
        for (size_t r0 = 0; r0 < N; r0 += chunk) {
            size_t rows = N - r0 < chunk ? N - r0 : chunk;
            mlp_net_forward(net, ws, data->X + r0 * n_in, rows);
            for (size_t l = 0; l < c->n_layers; l++) {
                layer_hist *h = &c->h[l];
                const double *A = mlp_workspace_output(ws, l);
                double width = (h->hi - h->lo) / BINS;
                for (size_t r = 0; r < rows; r++)
                    for (size_t u = 0; u < h->units; u++) {
                        double a = A[r * h->units + u];
                        if (pass == 0) {
                            h->lo = a < h->lo ? a : h->lo;
                            h->hi = a > h->hi ? a : h->hi;
                            h->flat[u] &= (unsigned char)mlp_diagnose_unit_flat(h->act, a);
                            continue;
                        }
                        double k = floor((a - h->lo) / width);
                        size_t b = k < 0 ? 0 : k >= BINS ? BINS - 1 : (size_t)k;
                        h->share[u * BINS + b] += 1.0 / (double)N;
                    }
            }
        }
    }
    for (size_t l = 0; l < c->n_layers; l++)
        for (size_t u = 0; u < c->h[l].units; u++)
            c->h[l].n_flat += c->h[l].flat[u];
    mlp_workspace_free(ws);
    return MLP_OK;
}

static void no_hidden_layer(const char *weights_path, mlp_error *err)
{
    mlp_error_set(err, MLP_ERR_USAGE, weights_path, 0, 0,
                  "the model has no hidden layer, so no hidden units to plot");
}

/* Before the rows are read. Only what this model can show: one of 1 or 2
 * inputs is sent to its decision surface; one of more has no surface
 * either (surface.c says the same then), and whether it has a fit picture
 * only its rows tell, so it is refused once they are read (no_units). */
static mlp_status has_hidden(const mlp_net *net, const char *weights_path, const char *data_path,
                             mlp_error *err)
{
    (void)data_path;
    if (net->n_layers >= 2 || net->sizes[0] > 2)
        return MLP_OK;
    no_hidden_layer(weights_path, err);
    mlp_error_hint(err, "plot its decision surface or its loss log instead");
    return MLP_ERR_USAGE;
}

/* A model of more than 2 inputs without hidden layer, its rows read. */
static mlp_status no_units(const mlp_plot_model *m, const char *weights_path,
                           const char *data_path, mlp_error *err)
{
    char lead[96];
    snprintf(lead, sizeof lead, "with %zu inputs it has no decision surface to plot either",
             m->net->sizes[0]);
    no_hidden_layer(weights_path, err);
    mlp_plot_hint_instead(m, lead, weights_path, data_path, err);
    return MLP_ERR_USAGE;
}

mlp_status mlp_plot_units(const char *weights_path, const char *data_path,
                          const mlp_plot_options *opts, mlp_error *err)
{
    mlp_status st = mlp_plot_check_format(opts->out_path, err);
    mlp_plot_model m;
    if (st || (st = mlp_plot_model_load(weights_path, data_path, has_hidden, &m, err)))
        return st;
    if (m.net->n_layers < 2) {
        st = no_units(&m, weights_path, data_path, err);
        mlp_plot_model_free(&m);
        return st;
    }
    const mlp_net *net = m.net;
    units_ctx c;
    memset(&c, 0, sizeof c);
    c.n_layers = net->n_layers - 1;
    c.n_rows = m.data.n_rows;
    for (size_t l = 0; l < c.n_layers; l++) {
        layer_hist *h = &c.h[l];
        h->units = net->sizes[l + 1];
        h->act = net->layers[l].act;
        h->lo = INFINITY;
        h->hi = -INFINITY;
        h->share = mlp_alloc_zero(h->units, BINS * sizeof *h->share);
        h->flat = mlp_alloc(h->units, 1);
        if (!h->share || !h->flat) {
            st = mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the histograms");
            goto out;
        }
        memset(h->flat, 1, h->units);
    }
    if ((st = measure(&c, net, &m.data, err)))
        goto out;
    char title[400], model_name[MLP_PLOT_NAME], data_name[MLP_PLOT_NAME];
    int len = snprintf(title, sizeof title, "hidden units of %s on %s (%zu row%s)",
                       mlp_plot_name(model_name, sizeof model_name, mlp_plot_basename(weights_path)),
                       mlp_plot_name(data_name, sizeof data_name, mlp_plot_basename(data_path)),
                       m.data.n_rows, mlp_plural(m.data.n_rows, "", "s"));
    if (c.n_layers > MLP_PLOT_MAX_PANELS && len >= 0 && (size_t)len < sizeof title)
        snprintf(title + len, sizeof title - (size_t)len, "; hidden layers 1 to %d of %zu",
                 MLP_PLOT_MAX_PANELS, c.n_layers);
    c.title = title;
    st = mlp_plot_render(opts, draw_units, &c, err);
out:
    for (size_t l = 0; l < c.n_layers; l++) {
        free(c.h[l].share);
        free(c.h[l].flat);
    }
    mlp_plot_model_free(&m);
    return st;
}
