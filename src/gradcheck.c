/* SPDX-License-Identifier: MIT */
/* gradcheck.c: analytic gradients (mlp_net_gradient) against central finite
 * differences of the same forward pass. Owns the choice of step and floor;
 * never prints.
 *
 * Why h = 1e-3 with a sixth-order stencil: the mean loss L ~ O(1) is computed
 * with a rounding error of a few ulps, e ~ 1e-15. The stencil
 * [-L(-3h) + 9L(-2h) - 45L(-h) + 45L(h) - 9L(2h) + L(3h)] / 60h amplifies it
 * to about 110e/60h ~ 2e-12, and its truncation error is h^6/140 |L^(7)|.
 * Derivatives of L in a first-layer weight grow like x^k with the input x,
 * so high orders of L can be large (|x| ~ 5 gives x^5 ~ 3e3): the
 * fourth-order stencil at this h left errors near 1e-9 on such weights,
 * which is why the sixth-order one is used. A plain two-point difference
 * would need h ~ 1e-5 and leave ~1e-10 of rounding noise.
 * Why the floor 1e-5 in max(|a|, |g|, floor): for a gradient entry far
 * below the noise (say 1e-13) a pure ratio measures only noise; with the
 * floor, such entries are compared in absolute terms at 1e-5 * tolerance
 * = 1e-11, still ten times the expected error, while any real mistake in a
 * gradient of size >= 1e-5 shows up in full.
 *
 * Why the step and the floor scale with the data: the figures above assume a
 * loss of about 1 and inputs of a few units. Raw data breaks both (wine's
 * proline reaches 1680, so h = 1e-3 on its weights moves a unit's input by
 * 1.7 and the stencil measures curvature: 1% off on a right gradient; a
 * house price of 1e5 makes L ~ 1e10, whose rounding alone is 1e-5 in g).
 * So a weight's step is 1e-3 in units of the input it multiplies,
 *     h = 1e-3 / max(1, rms over the rows of that input),
 * (a bias multiplies 1: h = 1e-3), and the floor grows with the rounding
 * noise eps |L| / h of g:
 *     floor = 1e-5 * max(1, |L|) * (1e-3 / h).
 * Both leave data of a few units with a loss of about 1 as before, and make
 * the check the same when an input column or the loss is multiplied by a
 * constant (the gradient entries scale alike). */
#include "mlp/gradcheck.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "c_locale.h"
#include "mlp/optimizer.h"
#include "reduce.h"
#include "rng.h"
#include "train_check.h"

/* Which side of its kink (z = 0) every unit of a MLP_ACT_FLAG_KINK kind is
 * on, for all rows: one byte per unit and row, 1 when its output is > 0
 * (the flag requires f(z) > 0 exactly when z > 0). */
typedef struct {
    size_t n;
    unsigned char *center, *probe;
} kink_map;

static size_t kink_units(const mlp_net *net, size_t rows)
{
    size_t n = 0;
    for (size_t l = 0; l < net->n_layers; l++)
        if (mlp_activation_has_kink(net->layers[l].act))
            n += rows * net->layers[l].n_out;
    return n;
}

static void kink_read(const mlp_net *net, const mlp_workspace *ws, size_t rows, unsigned char *out)
{
    for (size_t l = 0; l < net->n_layers; l++) {
        if (!mlp_activation_has_kink(net->layers[l].act))
            continue;
        const double *A = mlp_workspace_output(ws, l);
        size_t n = rows * net->layers[l].n_out;
        for (size_t i = 0; i < n; i++)
            *out++ = A[i] > 0.0;
    }
}

/* The objective the check differentiates: the mean loss plus the l2
 * penalty, at the current parameters; when km is given, also records the
 * kink sides in km->probe and reports whether they differ from km->center. */
static double loss_at(const mlp_net *net, mlp_workspace *ws, const double *X, const double *T,
                      size_t N, const mlp_gradcheck_options *opts, kink_map *km, int *crossed)
{
    mlp_net_forward(net, ws, X, N);
    double sum = mlp_net_loss_sum(net, ws, T, N);
    int here = 0;
    if (km->n) {
        kink_read(net, ws, N, km->probe);
        here = memcmp(km->probe, km->center, km->n) != 0;
    }
    double mean = sum / mlp_loss_divisor(net->loss, N, net->sizes[net->n_layers]);
    if (opts && opts->reduce) {
        /* Every process's loss sum, and whether any crossed a kink. */
        mlp_net_pass pass = {.loss = mean, .loss_sum = sum, .rows = N, .correct = (size_t)here};
        mlp_error ignored;
        if (opts->reduce(opts->reduce_ctx, NULL, 0, &pass, &ignored))
            pass.loss = NAN;
        mean = pass.loss;
        here = pass.correct > 0;
    }
    if (here)
        *crossed = 1;
    return mean + mlp_optimizer_l2_penalty(net, opts ? opts->l2 : 0.0);
}

/* A pair that is not finite (a NaN or infinite a or g, or a floor that
 * overflowed) compares as infinitely wrong: NaN would slip past every
 * `rel > worst`, and an infinite floor would make any pair look equal. */
static double rel_error(double a, double g, double floor)
{
    if (!isfinite(a) || !isfinite(g) || !isfinite(floor))
        return INFINITY;
    double d = fmax(fmax(fabs(a), fabs(g)), floor);
    return fabs(a - g) / d;
}

/* The root mean square over all rows of each input of each layer (the data's
 * columns for the first, the previous layer's outputs for the others), in
 * net order: layer l's n_in values start at the sum of the n_in before it.
 * Needs the forward pass of X in ws. Under reduce, the mean is over every
 * process's rows, so every process takes the same steps. */
static mlp_status input_rms(const mlp_net *net, const mlp_workspace *ws, const double *X, size_t N,
                            const mlp_gradcheck_options *opts, double *rms, size_t n, mlp_error *err)
{
    size_t at = 0;
    for (size_t l = 0; l < net->n_layers; l++) {
        size_t n_in = net->layers[l].n_in;
        const double *A = l == 0 ? X : mlp_workspace_output(ws, l - 1);
        for (size_t j = 0; j < n_in; j++) {
            double s = 0.0;
            for (size_t r = 0; r < N; r++)
                s += A[r * n_in + j] * A[r * n_in + j];
            rms[at + j] = s;
        }
        at += n_in;
    }
    size_t rows;
    mlp_status st = mlp_reduce_sums(net, N, rms, n, opts ? opts->reduce : NULL,
                                    opts ? opts->reduce_ctx : NULL, &rows, err);
    if (st)
        return st;
    for (size_t i = 0; i < n; i++)
        rms[i] = rows ? sqrt(rms[i] / (double)rows) : 0.0;
    return MLP_OK;
}

/* The number a message gives row r (0-based) of X. */
static size_t row_number(const mlp_gradcheck_options *opts, size_t r)
{
    return opts && opts->row_numbers ? opts->row_numbers[r] : r + 1;
}

/* The loss L0 at the unperturbed parameters, or the analytic gradient, is
 * not finite: there is no derivative to compare, so the check cannot pass.
 * Names the first row of X whose output, else whose loss, is not finite
 * (report->bad_row; not looked for under reduce, where it may be another
 * process's). MLP_ERR_DATA. Needs nothing but the net at its parameters. */
static mlp_status unfinite_point(const mlp_net *net, mlp_workspace *ws, const double *X,
                                 const double *T, size_t N, const mlp_gradcheck_options *opts,
                                 mlp_gradcheck_report *report, mlp_error *err)
{
    size_t n_in = net->sizes[0], n_out = net->sizes[net->n_layers];
    report->worst = NAN;
    report->bad_row = N;
    report->bad_in_output = 0;
    if (!(opts && opts->reduce)) {
        /* A value that overflows shows in some layer's output on its row. */
        mlp_net_forward(net, ws, X, N);
        for (size_t r = 0; r < N && report->bad_row == N; r++)
            for (size_t l = 0; l < net->n_layers && report->bad_row == N; l++) {
                size_t w = net->layers[l].n_out;
                const double *A = mlp_workspace_output(ws, l) + r * w;
                for (size_t j = 0; j < w; j++)
                    if (!isfinite(A[j])) {
                        report->bad_row = r;
                        report->bad_in_output = 1;
                        break;
                    }
            }
        for (size_t r = 0; r < N && report->bad_row == N; r++)
            if (!isfinite(mlp_net_evaluate(net, ws, X + r * n_in, T + r * n_out, 1, 0).loss))
                report->bad_row = r;
    }
    char what[96];
    if (!isfinite(report->loss))
        snprintf(what, sizeof what, "the loss at the checked weights is %s",
                 isnan(report->loss) ? "NaN" : "infinite");
    else
        snprintf(what, sizeof what, "the loss is finite but its gradient is %s",
                 isnan(report->grad_norm) ? "NaN" : "infinite");
    /* The row at fault by its file and line when they are known, else by
     * its number. */
    const char *path = NULL;
    long line = 0;
    char name[48];
    if (report->bad_row < N && opts && opts->path && opts->path[0] && opts->row_lines) {
        path = opts->path;
        line = opts->row_lines[report->bad_row];
        snprintf(name, sizeof name, "this row");
    } else if (report->bad_row < N) {
        snprintf(name, sizeof name, "row %zu", row_number(opts, report->bad_row));
    }
    if (report->bad_row == N)
        mlp_error_set(err, MLP_ERR_DATA, NULL, 0, 0,
                      "%s, so the gradient cannot be checked (a value of the rows overflows in "
                      "the network)",
                      what);
    else if (report->bad_in_output)
        mlp_error_set(err, MLP_ERR_DATA, path, line, 0,
                      "%s, so the gradient cannot be checked: a value of %s overflows in the "
                      "network (a unit's output is not a finite number)",
                      what, name);
    /* An output that is finite with a loss that is not: its target or its
     * largest feature is blamed as training blames it
     * (mlp_train_blames_target). */
    int target = 0;
    size_t xj = 0, unit;
    if (report->bad_row < N && !report->bad_in_output) {
        const double *x = X + report->bad_row * n_in, *t = T + report->bad_row * n_out;
        target = mlp_train_blames_target(x, n_in, t, mlp_net_forward(net, ws, x, 1), n_out, &unit,
                                         &xj);
    }
    if (report->bad_row < N && !report->bad_in_output && target)
        mlp_error_set(err, MLP_ERR_DATA, path, line, 0,
                      "%s, so the gradient cannot be checked: the loss of %s is not a finite "
                      "number (its target is too far from the outputs' scale)",
                      what, name);
    else if (report->bad_row < N && !report->bad_in_output)
        mlp_error_set(err, MLP_ERR_DATA, path, line, 0,
                      "%s, so the gradient cannot be checked: the loss of %s is not a finite "
                      "number (its feature %zu, %g, makes the network's output too large for %s)",
                      what, name, xj + 1, X[report->bad_row * n_in + xj],
                      mlp_loss_name(net->loss));
    if (report->bad_row == N)
        mlp_error_hint(err, "check the rows' values and targets; the check needs a finite loss");
    else if (report->bad_in_output || !target)
        mlp_error_hint(err, "check that row's values; a value near the largest double (1.8e308) "
                            "overflows in any network");
    else
        mlp_error_hint(err, "check that row's targets; divide targets far beyond the outputs' "
                            "scale by a power of ten");
    return MLP_ERR_DATA;
}

/* The rounding error of one evaluation of a mean loss near 1: a few ulps
 * (docs/gradcheck.md, "Why these numbers"). The stencil's coefficients sum
 * to 110 in absolute value and it divides by 60 h, so the rounding noise of
 * a numerical derivative is about 110 * this * max(1, |L|) / (60 h): 1.8e-12
 * at h = 1e-3, or 1.8e-7 of the floor for every h. */
#define LOSS_ROUNDING 1e-15

/* One compared pair: where it is and how far apart. */
typedef struct {
    double rel, analytic, numeric, noise; /* noise: the rounding noise of numeric */
    size_t layer, row, col;
    int is_bias;
} pair;

/* What check_tensor needs of the whole check, and what it keeps besides
 * the report: the worst failing pair whose difference is beyond the
 * rounding noise (a real disagreement), which the error names first. */
typedef struct {
    mlp_net *net;
    mlp_workspace *ws;
    const double *X, *T;
    size_t N;
    const mlp_gradcheck_options *opts;
    const double *analytic;
    double L0, tol; /* the objective at the unperturbed parameters; the tolerance */
    kink_map *km;
    mlp_gradcheck_report *rep;
    double min_seen; /* the smallest tol * floor of a compared pair */
    pair beyond;    /* rel -1 while none */
    pair worst;     /* the report's worst, with its noise */
} check_ctx;

/* Counts one compared pair, with its floor, into the report and the
 * context. */
static void record_pair(check_ctx *c, const pair *p, double floor)
{
    mlp_gradcheck_report *rep = c->rep;
    mlp_gradcheck_layer *lr = &rep->layers[p->layer];
    lr->checked++;
    lr->checked_b += p->is_bias;
    double *slot = p->is_bias ? &lr->max_rel_b : &lr->max_rel_W;
    if (p->rel > *slot)
        *slot = p->rel;
    /* Below tol * floor a pair cannot fail, whatever the backward pass
     * gave there: it says nothing about it. */
    double seen = c->tol * floor;
    c->min_seen = fmin(c->min_seen, seen);
    rep->resolved += fabs(p->analytic) >= seen || fabs(p->numeric) >= seen;
    double scale = fmax(fmax(fabs(p->analytic), fabs(p->numeric)), floor);
    if (p->noise / scale > rep->noise)
        rep->noise = p->noise / scale;
    if (p->rel >= rep->worst) {
        rep->worst = p->rel;
        rep->worst_layer = p->layer;
        rep->worst_is_bias = p->is_bias;
        rep->worst_row = p->row;
        rep->worst_col = p->col;
        rep->worst_analytic = p->analytic;
        rep->worst_numeric = p->numeric;
        c->worst = *p;
    }
    /* Not "> noise": a difference that is NaN is beyond any noise. */
    int beyond = !(fabs(p->analytic - p->numeric) <= p->noise);
    if (beyond && !(p->rel < c->tol) && !(p->rel <= c->beyond.rel))
        c->beyond = *p;
}

/* Checks up to `limit` entries of one tensor (count entries starting at
 * params[offset]), spread evenly; updates the layer's counts and the worst.
 * rms: the layer's inputs' (input_rms) for a W, NULL for a b. */
static void check_tensor(check_ctx *c, size_t offset, size_t count, size_t limit, size_t layer,
                         const double *rms)
{
    mlp_net *net = c->net;
    int is_bias = rms == NULL;
    size_t n_in = net->layers[layer].n_in;
    size_t steps = limit && limit < count ? limit : count;
    for (size_t k = 0; k < steps; k++) {
        size_t i = steps == count ? k : (size_t)((double)k * (double)count / (double)steps);
        double *p = &net->params[offset + i];
        double saved = *p;
        /* The step and the floor: see the top of the file. */
        double h = MLP_GRADCHECK_STEP / (is_bias ? 1.0 : fmax(1.0, rms[i % n_in]));
        double floor = MLP_GRADCHECK_FLOOR * fmax(1.0, fabs(c->L0)) * (MLP_GRADCHECK_STEP / h);
        int crossed = 0;
        double L[6];
        const double offs[6] = {-3 * h, -2 * h, -h, h, 2 * h, 3 * h};
        for (int s = 0; s < 6; s++) {
            *p = saved + offs[s];
            L[s] = loss_at(net, c->ws, c->X, c->T, c->N, c->opts, c->km, &crossed);
        }
        *p = saved;
        if (crossed) {
            c->rep->layers[layer].skipped++;
            continue;
        }
        /* Paired as differences, so that six equal losses (a dead unit's
         * weight moves nothing) give exactly 0, not the rounding of 45 L. */
        double g = (45.0 * (L[3] - L[2]) - 9.0 * (L[4] - L[1]) + (L[5] - L[0])) / (60.0 * h);
        double a = c->analytic[offset + i];
        pair pr = {.rel = rel_error(a, g, floor), .analytic = a, .numeric = g,
                   .noise = 110.0 * LOSS_ROUNDING * fmax(1.0, fabs(c->L0)) / (60.0 * h),
                   .layer = layer, .row = is_bias ? i : i / n_in, .col = is_bias ? 0 : i % n_in,
                   .is_bias = is_bias};
        record_pair(c, &pr, floor);
    }
}

/* x rounded up to two significant digits: a tolerance named as "above"
 * it must not come out below it when printed with %g. */
static double up_2_digits(double x)
{
    if (!(x > 0) || !isfinite(x))
        return x;
    double unit = pow(10.0, floor(log10(x)) - 1.0);
    return ceil(x / unit) * unit;
}

/* The check failed: err names the pair. A pair beyond its rounding noise is
 * a real disagreement; when every failing pair is within it, the
 * tolerance asked for more than finite differences can show. */
static mlp_status mismatch(check_ctx *c, mlp_error *err)
{
    const pair *p = c->beyond.rel >= 0 ? &c->beyond : &c->worst;
    c->rep->noise_only = c->beyond.rel < 0;
    mlp_error_set(err, MLP_ERR_GRADCHECK, NULL, 0, 0,
                  "gradient mismatch: layer %zu %s[%zu][%zu] analytic %.10g vs numerical %.10g "
                  "(relative error %.3g >= tolerance %.3g)",
                  p->layer + 1, p->is_bias ? "b" : "W", p->row, p->col, p->analytic, p->numeric,
                  p->rel, c->tol);
    if (c->beyond.rel < 0)
        mlp_error_hint(err, "they differ by %.2g, within the rounding noise of the finite "
                            "differences (about %.2g): the tolerance is below what the check "
                            "can resolve, not the gradient wrong; give a --tolerance above "
                            "%.2g (see docs/gradcheck.md)",
                       fabs(p->analytic - p->numeric), p->noise, up_2_digits(c->rep->noise));
    else if (isfinite(p->numeric))
        mlp_error_hint(err, "the backward pass disagrees with finite differences; see "
                            "docs/gradcheck.md");
    else /* the stencil, not the backward pass, met the overflow */
        mlp_error_hint(err, "the finite differences of this weight reached a loss that is not "
                            "a finite number (a value of the rows near overflow): check the "
                            "rows' values; see docs/gradcheck.md");
    return MLP_ERR_GRADCHECK;
}

/* Every compared pair sat below what the check can see (or none was
 * compared): passing would vouch for a gradient it did not test. */
static mlp_status nothing_resolved(const check_ctx *c, mlp_error *err)
{
    const mlp_gradcheck_report *rep = c->rep;
    size_t checked = 0, skipped = 0;
    for (size_t l = 0; l < rep->n_layers; l++) {
        checked += rep->layers[l].checked;
        skipped += rep->layers[l].skipped;
    }
    if (checked == 0) {
        mlp_error_set(err, MLP_ERR_DATA, NULL, 0, 0,
                      "every one of the %zu parameters' finite differences crossed a kink, so "
                      "nothing was compared", skipped);
        mlp_error_hint(err, "check with other rows or other initial weights (another seed), "
                            "where the units are not at 0");
    } else if (rep->grad_norm == 0) {
        mlp_error_set(err, MLP_ERR_DATA, NULL, 0, 0,
                      "the gradient is exactly 0 at the checked weights (every unit saturated "
                      "or off on the rows, or the outputs equal to the targets), so nothing "
                      "was compared");
        mlp_error_hint(err, "scale the inputs (\"normalize\": \"standard\") or start from other "
                            "initial weights (another seed, other --init-weights)");
    } else {
        mlp_error_set(err, MLP_ERR_DATA, NULL, 0, 0,
                      "the gradient at the checked weights (norm %.3g) is below %.3g, the "
                      "smallest difference the check can see at tolerance %g, on every "
                      "parameter, so nothing was compared: a backward pass that gave 0 would "
                      "pass too",
                      rep->grad_norm, c->min_seen, c->tol);
        mlp_error_hint(err, "scale the inputs (\"normalize\": \"standard\") or start from other "
                            "initial weights (another seed, other --init-weights), where units "
                            "are not saturated");
    }
    return MLP_ERR_DATA;
}

/* A field of mlp_gradcheck_options out of its range, in the form of
 * mlp_train_run's (train.c). */
static mlp_status bad_option(mlp_error *err, const char *field, const char *range, double value)
{
    char text[64];
    mlp_c_snprintf(text, sizeof text, "%g", value);
    mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "mlp_gradcheck_options.%s must be %s, not %s",
                  field, range, text);
    mlp_error_hint(err, "set %s within that range (include/mlp/gradcheck.h)", field);
    return MLP_ERR_USAGE;
}

/* A negative tolerance failed every pair and NaN was taken as the
 * default; a negative l2 checked a penalty that rewards large weights,
 * which no training uses: each says nothing the caller meant. A tolerance
 * of 1 or more passes gradients that do not agree at all: rel =
 * |a - g| / max(|a|, |g|, floor) is 1 when one side is 0 and the other is
 * not, 2 when they have opposite signs, and below 1 for any two of the
 * same sign, so a tolerance of 1 passes a gradient ten times too large
 * (rel 0.9) and one above 2 passes every gradient, even of the wrong sign. */
static mlp_status check_options(const mlp_gradcheck_options *opts, mlp_error *err)
{
    if (!opts)
        return MLP_OK;
    if (!(opts->tolerance >= 0 && opts->tolerance < 1))
        return bad_option(err, "tolerance", "a number in [0, 1) (0: MLP_GRADCHECK_TOLERANCE)",
                          opts->tolerance);
    if (!(opts->l2 >= 0 && isfinite(opts->l2)))
        return bad_option(err, "l2", "a finite number >= 0", opts->l2);
    return MLP_OK;
}

/* What both entry points refuse before any pass: a workspace of another
 * network's shape (its passes would refuse, and the check would compare
 * nothing), options out of range, and more rows than the workspace's
 * chunk, which the check runs as one. */
static mlp_status check_call(const mlp_net *net, const mlp_workspace *ws, size_t N,
                             const mlp_gradcheck_options *opts, mlp_error *err)
{
    mlp_status st = mlp_workspace_check(ws, net, err);
    if (!st)
        st = check_options(opts, err);
    if (st)
        return st;
    int shared = opts && opts->reduce; /* a share of the rows may be empty */
    if ((N == 0 && !shared) || N > mlp_workspace_chunk_rows(ws)) {
        mlp_error_set(err, MLP_ERR_DATA, NULL, 0, 0,
                      "the gradient check needs 1 to %zu rows, got %zu",
                      mlp_workspace_chunk_rows(ws), N);
        if (N == 0)
            mlp_error_hint(err, "pass at least 1 row");
        else
            mlp_error_hint(err, "make the workspace with chunk_rows >= %zu (mlp_workspace_create), "
                                "or pass fewer rows", N);
        return MLP_ERR_DATA;
    }
    return MLP_OK;
}

mlp_status mlp_gradcheck_compare(mlp_net *net, mlp_workspace *ws, const double *X,
                                 const double *T, size_t N, const double *analytic,
                                 const mlp_gradcheck_options *opts,
                                 mlp_gradcheck_report *report, mlp_error *err)
{
    memset(report, 0, sizeof *report);
    report->n_layers = net->n_layers;
    mlp_status called = check_call(net, ws, N, opts, err);
    if (called)
        return called;
    double tol = opts && opts->tolerance > 0 ? opts->tolerance : MLP_GRADCHECK_TOLERANCE;
    size_t limit = opts ? opts->max_params_per_tensor : 0;

    double norm = 0.0;
    for (size_t i = 0; i < net->n_params; i++)
        norm += analytic[i] * analytic[i];
    report->grad_norm = sqrt(norm);

    size_t n_rms = 0;
    for (size_t l = 0; l < net->n_layers; l++)
        n_rms += net->layers[l].n_in;
    kink_map km = {.n = kink_units(net, N)};
    double *rms = mlp_alloc(n_rms, sizeof *rms);
    if (km.n) {
        km.center = mlp_alloc(km.n, 1);
        km.probe = mlp_alloc(km.n, 1);
    }
    if (!rms || (km.n && (!km.center || !km.probe))) {
        free(rms);
        free(km.center);
        free(km.probe);
        return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the gradient check");
    }
    mlp_net_forward(net, ws, X, N);
    if (km.n)
        kink_read(net, ws, N, km.center);
    mlp_status st = input_rms(net, ws, X, N, opts, rms, n_rms, err);
    if (st) {
        free(rms);
        free(km.center);
        free(km.probe);
        return st;
    }
    int crossed = 0;
    double L0 = loss_at(net, ws, X, T, N, opts, &km, &crossed);
    report->loss = L0;
    if (!isfinite(L0) || !isfinite(report->grad_norm)) {
        /* Nothing finite to compare: the check can neither pass nor fail. */
        free(rms);
        free(km.center);
        free(km.probe);
        return unfinite_point(net, ws, X, T, N, opts, report, err);
    }
    check_ctx c = {.net = net, .ws = ws, .X = X, .T = T, .N = N, .opts = opts,
                   .analytic = analytic, .L0 = L0, .tol = tol, .km = &km, .rep = report,
                   .min_seen = INFINITY, .beyond = {.rel = -1.0}};
    size_t offset = 0, at = 0;
    for (size_t l = 0; l < net->n_layers; l++) {
        const mlp_layer *L = &net->layers[l];
        size_t nW = L->n_out * L->n_in;
        check_tensor(&c, offset, nW, limit, l, rms + at);
        offset += nW;
        check_tensor(&c, offset, L->n_out, limit, l, NULL);
        offset += L->n_out;
        at += L->n_in;
    }
    free(rms);
    free(km.center);
    free(km.probe);

    if (!(report->worst < tol))
        return mismatch(&c, err);
    if (report->resolved == 0)
        return nothing_resolved(&c, err);
    return MLP_OK;
}

mlp_status mlp_gradcheck_run(mlp_net *net, mlp_workspace *ws, const double *X, const double *T,
                             size_t N, const mlp_gradcheck_options *opts,
                             mlp_gradcheck_report *report, mlp_error *err)
{
    mlp_status called = check_call(net, ws, N, opts, err);
    if (called) {
        memset(report, 0, sizeof *report);
        return called;
    }
    mlp_net_pass pass = mlp_net_gradient(net, ws, X, T, N, 0);
    if (opts && opts->reduce) {
        mlp_status st = opts->reduce(opts->reduce_ctx, net->grads, net->n_params, &pass, err);
        if (st) {
            memset(report, 0, sizeof *report);
            return st;
        }
    }
    mlp_optimizer_l2_gradient(net, opts ? opts->l2 : 0.0);
    double *analytic = mlp_alloc(net->n_params, sizeof *analytic);
    if (!analytic) {
        memset(report, 0, sizeof *report);
        return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the gradient check");
    }
    memcpy(analytic, net->grads, net->n_params * sizeof *analytic);
    mlp_status st = mlp_gradcheck_compare(net, ws, X, T, N, analytic, opts, report, err);
    free(analytic);
    return st;
}

/* ---------------------------------------------------------------------------
 * The built-in check: every combination on a small random network. */

/* Targets that fit the loss and the output activation's range. */
static void make_targets(mlp_rng *rng, mlp_loss loss, mlp_activation out, double *T, size_t rows,
                         size_t cols)
{
    mlp_loss_targets kind = mlp_loss_info_of(loss)->targets;
    const mlp_activation_info *o = mlp_activation_info_of(out);
    int bounded = isfinite(o->lo) && isfinite(o->hi);
    for (size_t r = 0; r < rows; r++) {
        double *t = T + r * cols;
        if (kind == MLP_LOSS_TARGETS_ONE_HOT) {
            size_t k = (size_t)(mlp_rng_uniform(rng) * (double)cols);
            for (size_t j = 0; j < cols; j++)
                t[j] = j == k;
            continue;
        }
        for (size_t j = 0; j < cols; j++) {
            double u = mlp_rng_uniform(rng);
            if (kind == MLP_LOSS_TARGETS_UNIT)
                t[j] = u < 0.5 ? 0.0 : 1.0;
            else if (bounded)
                t[j] = o->lo + (o->hi - o->lo) * u;  /* uniform over the output's range */
            else
                t[j] = 2.0 * u - 1.0;                /* unbounded: uniform on [-1, 1] */
        }
    }
}

/* A hidden activation of the built-in check: any but the row-wise ones
 * (softmax), which the spec allows on the output layer only. */
static int checked_as_hidden(int act)
{
    return !(mlp_activation_info_of((mlp_activation)act)->flags & MLP_ACT_FLAG_ROWS);
}

/* How much a case's outcome says about the gradient, for which the
 * built-in check's error names: a real disagreement (2) before a failure
 * that is only the tolerance's (1: report.noise_only), before a pass (0);
 * the largest worst among equals. */
static int failure_rank(mlp_status st, const mlp_gradcheck_report *rep)
{
    if (st != MLP_ERR_GRADCHECK)
        return 0;
    return rep->noise_only ? 1 : 2;
}

size_t mlp_gradcheck_all_count(void)
{
    size_t hidden = 0, outputs = 0;
    for (int h = 0; h < MLP_ACT_COUNT; h++)
        hidden += checked_as_hidden(h) != 0;
    for (int o = 0; o < MLP_ACT_COUNT; o++)
        for (int lo = 0; lo < MLP_LOSS_COUNT; lo++)
            outputs += mlp_loss_accepts((mlp_loss)lo, (mlp_activation)o) != 0;
    return hidden * outputs;
}

mlp_status mlp_gradcheck_all(uint64_t seed, const mlp_gradcheck_options *opts,
                             mlp_gradcheck_case *cases, size_t capacity, size_t *n_cases,
                             mlp_error *err)
{
    enum { ROWS = MLP_GRADCHECK_ALL_ROWS, N_IN = 3, N_OUT = 3 };
    const size_t sizes[4] = {N_IN, 5, 4, N_OUT};
    double X[ROWS * N_IN], T[ROWS * N_OUT];
    mlp_rng rng;
    mlp_rng_seed(&rng, seed);
    for (size_t i = 0; i < ROWS * N_IN; i++)
        X[i] = 2.0 * mlp_rng_normal(&rng);

    mlp_status worst_status = MLP_OK;
    double worst = -1.0;
    int worst_rank = 0; /* failure_rank of the case the error names */
    mlp_error case_err;
    *n_cases = 0;
    size_t needed = mlp_gradcheck_all_count();
    if (capacity < needed)
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                             "room for %zu combinations of the gradient check, but the activation "
                             "and loss tables make %zu; size the array with "
                             "mlp_gradcheck_all_count()",
                             capacity, needed);
    for (int h = 0; h < MLP_ACT_COUNT; h++) {
        if (!checked_as_hidden(h))
            continue;  /* output layer only */
        for (int o = 0; o < MLP_ACT_COUNT; o++) {
            for (int lo = 0; lo < MLP_LOSS_COUNT; lo++) {
                if (!mlp_loss_accepts((mlp_loss)lo, (mlp_activation)o))
                    continue;
                const mlp_activation acts[3] = {(mlp_activation)h, (mlp_activation)h,
                                                (mlp_activation)o};
                mlp_net *net = mlp_net_create(3, sizes, acts, (mlp_loss)lo, err);
                mlp_workspace *ws = net ? mlp_workspace_create(net, ROWS, err) : NULL;
                if (!ws) {
                    mlp_net_free(net);
                    return MLP_ERR_NOMEM;
                }
                mlp_gradcheck_case *c = &cases[(*n_cases)++];
                c->hidden = (mlp_activation)h;
                c->output = (mlp_activation)o;
                c->loss = (mlp_loss)lo;
                /* A draw where nothing was compared (its gradient exactly
                 * zero: a relu output layer off on every row, say) would
                 * vouch for nothing: draw the weights and targets again, a
                 * few times at most. */
                mlp_status st;
                int draws = 0, vacuous;
                do {
                    /* (xavier is never refused; a failure still stops the check.) */
                    if ((st = mlp_train_init_weights(net, "mlp_gradcheck_all", MLP_INIT_XAVIER,
                                                     mlp_rng_next(&rng), err))) {
                        mlp_workspace_free(ws);
                        mlp_net_free(net);
                        return st;
                    }
                    /* Non-zero biases so that every term of the gradient is exercised. */
                    for (size_t l = 0; l < net->n_layers; l++)
                        for (size_t j = 0; j < net->layers[l].n_out; j++)
                            net->layers[l].b[j] = 0.2 * mlp_rng_normal(&rng);
                    make_targets(&rng, (mlp_loss)lo, (mlp_activation)o, T, ROWS, N_OUT);
                    st = mlp_gradcheck_run(net, ws, X, T, ROWS, opts, &c->report, &case_err);
                    vacuous = st == MLP_ERR_DATA && isfinite(c->report.loss) &&
                              isfinite(c->report.grad_norm) && c->report.resolved == 0;
                } while (vacuous && ++draws < MLP_GRADCHECK_MAX_DRAWS);
                mlp_workspace_free(ws);
                mlp_net_free(net);
                if (vacuous) {
                    st = MLP_ERR_GRADCHECK;
                    c->report.worst = INFINITY;
                    mlp_error_set(&case_err, st, NULL, 0, 0,
                                  "nothing was compared in %d draws (the gradient was zero, or "
                                  "below what the check resolves)",
                                  MLP_GRADCHECK_MAX_DRAWS);
                    mlp_error_hint(&case_err, "try another --seed");
                }
                if (st != MLP_OK && st != MLP_ERR_GRADCHECK) {
                    if (err)
                        *err = case_err;
                    return st;
                }
                int rank = failure_rank(st, &c->report);
                if (rank > worst_rank || (rank == worst_rank && c->report.worst > worst)) {
                    worst_rank = rank;
                    worst = c->report.worst;
                    if (st == MLP_ERR_GRADCHECK) {
                        worst_status = st;
                        mlp_error_set(err, st, NULL, 0, 0, "%s/%s/%s: %s",
                                      mlp_activation_name(c->hidden),
                                      mlp_activation_name(c->output), mlp_loss_name(c->loss),
                                      case_err.message);
                        mlp_error_hint(err, "%s", case_err.hint);
                    }
                }
            }
        }
    }
    return worst_status;
}
