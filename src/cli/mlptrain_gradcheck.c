/* SPDX-License-Identifier: MIT */
/* mlptrain_gradcheck.c: --gradcheck: backprop against finite differences,
 * on every built-in combination (no --config) or on a config's network and
 * a spread of its training rows (gradcheck.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "comm.h"
#include "mlp/activation.h"
#include "mlp/gradcheck.h"
#include "mlp/loss.h"
#include "mlptrain.h"
#include "plural.h"

/* Rows the gradient check uses from a config's training data, spread evenly. */
#define GRADCHECK_ROWS 64
/* Entries of each W and b the check compares, spread evenly (all when fewer). */
#define GRADCHECK_PARAMS 4096

/* The activations among acts[0..n) that have a kink (MLP_ACT_FLAG_KINK),
 * each once, in the order they come: "relu", "relu or leaky_relu"; "" when
 * none has. A skipped parameter's stencil crossed the kink of one of them,
 * in its own layer or a later one. */
static const char *kink_names(const mlp_activation *acts, size_t n, char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        int seen = 0;
        for (size_t j = 0; j < i; j++)
            seen |= acts[j] == acts[i];
        if (seen || !mlp_activation_has_kink(acts[i]))
            continue;
        int w = snprintf(buf + at, size - at, "%s%s", at ? " or " : "",
                         mlp_activation_name(acts[i]));
        if (w < 0 || (size_t)w >= size - at)
            break;
        at += (size_t)w;
    }
    return buf;
}

/* A tensor's largest relative error as %.3e, or "-" when none of its
 * entries was compared (all skipped at a kink): 0 would read as checked. */
static const char *max_rel(double rel, size_t checked, char buf[32])
{
    if (!checked)
        return "-";
    snprintf(buf, 32, "%.3e", rel);
    return buf;
}

static void print_report(const mlp_gradcheck_report *r, const char *kinks)
{
    for (size_t l = 0; l < r->n_layers; l++) {
        const mlp_gradcheck_layer *L = &r->layers[l];
        char w[32], b[32];
        printf("  layer %zu: max rel error W %s  b %s  (%zu checked", l + 1,
               max_rel(L->max_rel_W, L->checked - L->checked_b, w),
               max_rel(L->max_rel_b, L->checked_b, b), L->checked);
        if (L->skipped)
            printf(", %zu skipped at a %s kink", L->skipped, kinks);
        printf(")\n");
    }
}

/* x as %g, with NaN written "NaN" (glibc writes "-nan" for some). */
static const char *figure(double x, char buf[32])
{
    if (isnan(x))
        return "NaN";
    snprintf(buf, 32, "%g", x);
    return buf;
}

int mlptrain_gradcheck_builtin(const options *o, double tol)
{
    size_t n = 0, room = mlp_gradcheck_all_count(); /* from the tables: no fixed cap */
    mlp_error err;
    mlp_error_clear(&err);
    mlp_gradcheck_case *cases = malloc((room ? room : 1) * sizeof *cases);
    if (!cases) {
        mlp_error_set(&err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the gradient check");
        return cli_check_stdout(mlptrain_prog, cli_report(mlptrain_prog, &err));
    }
    mlp_gradcheck_options gopts = {.tolerance = tol};
    uint64_t seed = o->have_seed ? (uint64_t)o->seed : MLP_SPEC_DEFAULT_SEED;
    mlp_status st = mlp_gradcheck_all(seed, &gopts, cases, room, &n, &err);
    if (!o->quiet) {
        printf("gradient check: %zu combinations of hidden/output activation and loss, "
               "3-5-4-3 network, %d rows, tolerance %g\n",
               n, MLP_GRADCHECK_ALL_ROWS, tol);
        for (size_t i = 0; i < n; i++) {
            const mlp_gradcheck_case *c = &cases[i];
            char name[96];
            snprintf(name, sizeof name, "%s/%s/%s", mlp_activation_name(c->hidden),
                     mlp_activation_name(c->output), mlp_loss_name(c->loss));
            printf("%-40s worst %.3e  %s\n", name, c->report.worst,
                   c->report.worst < tol ? "ok" : "FAIL");
            const mlp_activation acts[3] = {c->hidden, c->hidden, c->output};
            char kinks[96];
            print_report(&c->report, kink_names(acts, 3, kinks, sizeof kinks));
        }
    }
    free(cases);
    if (st) {
        fflush(stdout); /* the report, then the message, in a pipe too */
        return cli_check_stdout(mlptrain_prog, cli_report(mlptrain_prog, &err));
    }
    if (!o->quiet)
        printf("all %zu combinations pass\n", n);
    return cli_check_stdout(mlptrain_prog, MLP_EXIT_OK);
}

int mlptrain_gradcheck_config(const mlp_spec *spec, mlp_net *net, const data_sets *d, double tol,
                              int quiet)
{
    size_t n = d->all_train; /* every rank's rows */
    size_t N = n < GRADCHECK_ROWS ? n : GRADCHECK_ROWS;
    size_t n_in = d->train.n_features, n_out = d->train.n_outputs;
    mlp_error err;
    mlp_error_clear(&err);
    /* Under mpirun (comm.h) each rank checks with those of the N rows that
     * are in its share of the training rows, and the gradient and every
     * loss are summed over the ranks: the check is of the reduced gradient. */
    size_t rank = (size_t)mlptrain_comm_rank(), ranks = (size_t)mlptrain_comm_size();
    size_t lo = n / ranks * rank + n % ranks * rank / ranks;
    size_t hi = n / ranks * (rank + 1) + n % ranks * (rank + 1) / ranks;
    /* Read in parts, a rank holds training rows [train_first, + its rows). */
    size_t held = d->in_parts ? d->train_first : 0;
    if (d->in_parts) {
        lo = d->train_first;
        hi = lo + d->train.n_rows;
    }
    double *X = malloc(N * n_in * sizeof *X);
    double *T = malloc(N * n_out * sizeof *T);
    size_t *row_numbers = malloc((N ? N : 1) * sizeof *row_numbers);
    long *row_lines = malloc((N ? N : 1) * sizeof *row_lines);
    mlp_workspace *ws = mlp_workspace_create(net, N, &err);
    mlptrain_comm_reduce_ctx rctx = {.loss = net->loss, .n_outputs = n_out};
    int rc;
    mlp_status st = !X || !T || !row_numbers || !row_lines || !ws ? mlp_error_set(&err, MLP_ERR_NOMEM, NULL, 0, 0,
                                                    "out of memory for the gradient check")
                                    : mlptrain_comm_reduce_prepare(&rctx, net->n_params, &err);
    if (mlptrain_comm_agree(st, &err)) {
        rc = cli_report(mlptrain_prog, &err);
        goto out;
    }
    size_t mine = 0;
    for (size_t k = 0; k < N; k++) {
        size_t r = k * n / N;
        if (r < lo || r >= hi)
            continue;
        memcpy(X + mine * n_in, d->train.X + (r - held) * n_in, n_in * sizeof *X);
        memcpy(T + mine * n_out, d->train.Y + (r - held) * n_out, n_out * sizeof *T);
        row_lines[mine] = d->train.row_line ? d->train.row_line[r - held] : 0;
        row_numbers[mine++] = r + 1; /* the training row's number */
    }
    /* A row at fault is named by its line in the training file. */
    mlp_gradcheck_options gopts = {.max_params_per_tensor = GRADCHECK_PARAMS, .tolerance = tol,
                                   .l2 = spec->l2, .row_numbers = row_numbers,
                                   .path = d->train.row_line ? d->train.path : NULL,
                                   .row_lines = row_lines};
    if (ranks > 1) {
        gopts.reduce = mlptrain_comm_reduce;
        gopts.reduce_ctx = &rctx;
    }
    mlp_gradcheck_report rep;
    st = mlp_gradcheck_run(net, ws, X, T, mine, &gopts, &rep, &err);
    char buf[2][32];
    int compared = isfinite(rep.loss) && isfinite(rep.grad_norm);
    if (!quiet && compared) {
        printf("gradient check of %s on %zu row%s: worst relative error %.3e (tolerance %g), "
               "gradient norm %.3e\n",
               cli_escaped(spec->path), N, mlp_plural(N, "", "s"), rep.worst, tol, rep.grad_norm);
        mlp_activation acts[MLP_MAX_LAYERS];
        for (size_t l = 0; l < net->n_layers; l++)
            acts[l] = net->layers[l].act;
        char kinks[256];
        print_report(&rep, kink_names(acts, net->n_layers, kinks, sizeof kinks));
    } else if (!quiet && st == MLP_ERR_DATA) {
        printf("gradient check of %s on %zu row%s: the loss is %s, the gradient norm %s: "
               "nothing was compared\n",
               cli_escaped(spec->path), N, mlp_plural(N, "", "s"), figure(rep.loss, buf[0]),
               figure(rep.grad_norm, buf[1]));
    }
    /* A finite gradient that nothing resolved (gradcheck.h): the report
     * above shows what was there, and its last line is not "ok". */
    if (!quiet && compared && st == MLP_ERR_DATA)
        printf("nothing was compared\n");
    if (st) {
        fflush(stdout); /* the report, then the message, in a pipe too */
        rc = cli_report(mlptrain_prog, &err);
        goto out;
    }
    if (!quiet)
        printf("ok\n");
    rc = MLP_EXIT_OK;
out:
    mlptrain_comm_reduce_free(&rctx);
    mlp_workspace_free(ws);
    free(X);
    free(T);
    free(row_numbers);
    free(row_lines);
    return cli_check_stdout(mlptrain_prog, rc);
}
