/* SPDX-License-Identifier: MIT */
/* grid.c: the decision surface of a 2-input model, or the curve of a
 * 1-input one: grid points in CSV units, normalised as in training, through
 * mlp_net_forward chunk by chunk, written as CSV to the FILE the caller
 * gives, in mlppredict's columns. */
#include "mlp/grid.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "c_locale.h"
#include "fileio.h"
#include "mlp/csv.h"
#include "mlp/predict.h"
#include "first_label.h"

static mlp_status bad_grid(mlp_error *err, const char *text, const char *why)
{
    mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                  "--grid needs XMIN:XMAX:NX,YMIN:YMAX:NY (or XMIN:XMAX:NX for a 1-input "
                  "model)%s, not \"%s\"",
                  why, text);
    mlp_error_hint(err, "for example --grid -2:3:101,-1.5:2:81, or --grid -3:3:201");
    return MLP_ERR_USAGE;
}

/* Why an axis was refused, beyond its form: the message names the rule. */
enum { AXIS_FORM = 0, AXIS_ORDER, AXIS_DOUBLES, AXIS_TOO_MANY };

/* One axis "LO:HI:N" of len bytes. */
static int parse_axis(const char *s, size_t len, double *lo, double *hi, size_t *n, int *range)
{
    char buf[128];
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    /* strtod and strtol skip leading blanks: " 0: 1:3" is not the form. */
    if (strpbrk(buf, " \t\n\v\f\r"))
        return -1;
    char *end;
    errno = 0;
    *lo = mlp_c_strtod(buf, &end);
    if (end == buf || *end != ':')
        return -1;
    char *p = end + 1;
    *hi = mlp_c_strtod(p, &end);
    if (end == p || *end != ':')
        return -1;
    p = end + 1;
    long v = strtol(p, &end, 10);
    if (end == p || *end != '\0')
        return -1;
    /* A count past long is past the limit too: say so, not that the form is wrong. */
    if (v == LONG_MAX && errno == ERANGE) {
        *range = AXIS_TOO_MANY;
        return -1;
    }
    if (errno == ERANGE || !isfinite(*lo) || !isfinite(*hi))
        return -1;
    if (!(*lo < *hi) || v < 2) {
        *range = AXIS_ORDER;
        return -1;
    }
    /* The limit is the real reason for 20000000 points: "MIN < MAX and
     * N >= 2", which the axis meets, would hide it. */
    if (v > MLP_GRID_MAX_POINTS) {
        *range = AXIS_TOO_MANY;
        return -1;
    }
    /* The range must be a finite number and its points distinct doubles:
     * -1e308:1e308 overflows, 1:1.0000000000000002:100 repeats points. */
    double span = *hi - *lo, step = span / (double)(v - 1);
    if (!isfinite(span) || !(*lo + step > *lo) || !(*hi - step < *hi)) {
        *range = AXIS_DOUBLES;
        return -1;
    }
    *n = (size_t)v;
    return 0;
}

mlp_status mlp_grid_parse(const char *text, mlp_grid *g, mlp_error *err)
{
    if (!text || !g)
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "mlp_grid_parse: %s is NULL",
                             !text ? "the text" : "the grid");
    const char *comma = strchr(text, ',');
    size_t len0 = comma ? (size_t)(comma - text) : strlen(text);
    int range = AXIS_FORM;
    g->dims = comma ? 2 : 1;
    g->lo[1] = g->hi[1] = 0;
    g->n[1] = 1;
    char limit[64];
    snprintf(limit, sizeof limit, " with %s at most %d", comma ? "NX * NY" : "NX",
             MLP_GRID_MAX_POINTS);
    if (parse_axis(text, len0, &g->lo[0], &g->hi[0], &g->n[0], &range) ||
        (comma && parse_axis(comma + 1, strlen(comma + 1), &g->lo[1], &g->hi[1], &g->n[1], &range)))
        return bad_grid(err, text,
                        range == AXIS_DOUBLES ? " with MAX - MIN a finite number and N distinct points"
                        : range == AXIS_ORDER ? " with MIN < MAX and N >= 2"
                        : range == AXIS_TOO_MANY ? limit
                                                 : "");
    if (g->n[0] > MLP_GRID_MAX_POINTS / g->n[1])
        return bad_grid(err, text, limit);
    return MLP_OK;
}

/* ------------------------------------------------------------------------ */

/* The grid's feature names, then mlppredict's own columns. */
static void put_header(FILE *out, const mlp_schema *sc, mlp_activation output, size_t dims)
{
    for (size_t j = 0; j < dims; j++) {
        const char *name = sc->feature_names && sc->feature_names[j] && sc->feature_names[j][0]
                               ? sc->feature_names[j]
                               : (j ? "x2" : "x1");
        mlp_csv_write_field(out, name);
        fputc(',', out);
    }
    mlp_predict_write_header(out, sc, output);
}

double mlp_grid_at(const mlp_grid *g, int axis, size_t i)
{
    if (i + 1 == g->n[axis])
        return g->hi[axis];
    return g->lo[axis] + (g->hi[axis] - g->lo[axis]) * (double)i / (double)(g->n[axis] - 1);
}

/* Called with each chunk of grid points: raw (rows, 2) in CSV units, the
 * network output y (rows, K) and its logits z (rows, K: the output layer
 * before its activation); k0 is the index of the first point. */
typedef void (*chunk_fn)(void *ctx, size_t k0, const double *raw, const double *y,
                         const double *z, size_t rows, size_t K);

mlp_status mlp_grid_check_model(const mlp_net *net, const mlp_grid *g, mlp_error *err)
{
    size_t in = net->sizes[0];
    if (in == g->dims)
        return MLP_OK;
    if (in > 2) {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                      "--grid needs a model with 1 or 2 inputs; this one has %zu", in);
        mlp_error_hint(err, "give the rows to predict as a CSV file instead");
    } else {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                      "--grid has %zu ax%s but the model has %zu input%s", g->dims,
                      g->dims == 1 ? "is" : "es", in, in == 1 ? "" : "s");
        mlp_error_hint(err, "%s", in == 1 ? "give one axis, for example --grid -3:3:201"
                                          : "give two axes, for example --grid -2:3:101,-1.5:2:81");
    }
    return MLP_ERR_USAGE;
}

/* The grid through mlp_net_forward chunk by chunk, each chunk handed to fn. */
static mlp_status visit(const mlp_net *net, const mlp_schema *sc, const mlp_grid *g, chunk_fn fn,
                        void *ctx, mlp_error *err)
{
    mlp_workspace *ws = mlp_workspace_create(net, 0, err);
    if (!ws)
        return MLP_ERR_NOMEM;
    size_t chunk = mlp_workspace_chunk_rows(ws), K = net->sizes[net->n_layers], d = g->dims;
    double *X = mlp_alloc(chunk, d * sizeof *X), *raw = mlp_alloc(chunk, d * sizeof *raw);
    if (!X || !raw) {
        free(X);
        free(raw);
        mlp_workspace_free(ws);
        return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the grid");
    }
    size_t total = g->n[0] * g->n[1];
    for (size_t k0 = 0; k0 < total; k0 += chunk) {
        size_t rows = total - k0 < chunk ? total - k0 : chunk;
        for (size_t r = 0; r < rows; r++) {
            size_t k = k0 + r;
            raw[d * r] = mlp_grid_at(g, 0, k % g->n[0]);
            if (d == 2)
                raw[d * r + 1] = mlp_grid_at(g, 1, k / g->n[0]);
            for (size_t j = 0; j < d; j++) {
                double v = raw[d * r + j];
                X[d * r + j] = sc->normalize == MLP_NORMALIZE_STANDARD && sc->mean && sc->std
                                   ? (v - sc->mean[j]) / sc->std[j]
                                   : v;
            }
        }
        const double *y = mlp_net_forward(net, ws, X, rows);
        /* Coordinates far outside the training data can overflow inside the
         * model: no label is made of a NaN (as in mlp_predict_run). */
        for (size_t i = 0; i < rows * K; i++) {
            if (!isfinite(y[i])) {
                size_t r = i / K;
                free(X);
                mlp_workspace_free(ws);
                char where[64];
                if (d == 2)
                    mlp_c_snprintf(where, sizeof where, "(%.17g, %.17g)", raw[d * r], raw[d * r + 1]);
                else
                    mlp_c_snprintf(where, sizeof where, "%.17g", raw[d * r]);
                mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                              "--grid: the model's output at %s is not a finite number", where);
                free(raw);
                mlp_error_hint(err, "give a grid of the scale of the training data");
                return MLP_ERR_USAGE;
            }
        }
        fn(ctx, k0, raw, y, mlp_net_forward_logits(ws), rows, K);
    }
    free(X);
    free(raw);
    mlp_workspace_free(ws);
    return MLP_OK;
}

typedef struct {
    FILE *out;
    const mlp_schema *sc;
    mlp_activation output; /* the model's output activation: p_ or out_ columns */
    size_t dims;
} csv_ctx;

/* Writes a chunk's points as mlppredict writes rows
 * (mlp_predict_write_row_first), one sigmoid unit's p_<first label> from
 * its logit as mlp_predict_run computes it (first_label.h), in blocks, so
 * that a point and the same row in a CSV get the same digits; 1 - y was 0
 * once y rounded to 1 (z = 40: "1,yes,0,1"). */
static void write_chunk(void *ctx, size_t k0, const double *raw, const double *y,
                        const double *z, size_t rows, size_t K)
{
    (void)k0;
    csv_ctx *c = ctx;
    int from_logit = K == 1 && c->output == MLP_ACT_SIGMOID;
    double neg[256], p_first[256];
    for (size_t b0 = 0; b0 < rows; b0 += 256) {
        size_t m = rows - b0 < 256 ? rows - b0 : 256;
        const double *zb = z + b0;
        if (from_logit)
            mlp_first_label_probabilities(&zb, 1, m, neg, NULL, p_first);
        for (size_t r = b0; r < b0 + m; r++) {
            for (size_t j = 0; j < c->dims; j++)
                mlp_c_fprintf(c->out, "%.17g,", raw[c->dims * r + j]);
            mlp_predict_write_row_first(c->out, c->sc, c->output, y + r * K, K,
                                        from_logit ? &p_first[r - b0] : NULL);
        }
    }
}

/* Nothing: visit has checked the chunk's outputs finite. */
static void check_chunk(void *ctx, size_t k0, const double *raw, const double *y,
                        const double *z, size_t rows, size_t K)
{
    (void)ctx, (void)k0, (void)raw, (void)y, (void)z, (void)rows, (void)K;
}

mlp_status mlp_grid_run(const mlp_net *net, const mlp_schema *sc, const mlp_grid *g, FILE *out,
                        mlp_error *err)
{
    mlp_status st = mlp_grid_check_model(net, g, err);
    if (st)
        return st;
    /* Every point is checked before the header is written: a point that
     * overflows in the model leaves nothing on out, a pipe too, which no
     * rename can take back. A pass that only checks costs a second forward
     * pass over the grid, where keeping the outputs would cost 8 bytes a
     * number for up to MLP_GRID_MAX_POINTS points. */
    if ((st = visit(net, sc, g, check_chunk, NULL, err)))
        return st;
    errno = 0; /* a failed write leaves its reason here, read at the end */
    mlp_activation output = net->layers[net->n_layers - 1].act;
    put_header(out, sc, output, g->dims);
    csv_ctx c = {out, sc, output, g->dims};
    if ((st = visit(net, sc, g, write_chunk, &c, err)))
        return st;
    if (fflush(out) != 0 || ferror(out))
        return mlp_fileio_write_error("-", errno, err); /* the caller names the file */
    return MLP_OK;
}

static void copy_chunk(void *ctx, size_t k0, const double *raw, const double *y,
                       const double *z, size_t rows, size_t K)
{
    (void)raw;
    (void)z;
    memcpy((double *)ctx + k0 * K, y, rows * K * sizeof *y);
}

mlp_status mlp_grid_predict(const mlp_net *net, const mlp_schema *sc, const mlp_grid *g, double *Y,
                            mlp_error *err)
{
    mlp_status st = mlp_grid_check_model(net, g, err);
    return st ? st : visit(net, sc, g, copy_chunk, Y, err);
}
