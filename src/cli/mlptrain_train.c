/* SPDX-License-Identifier: MIT */
/* mlptrain_train.c: training, one run or restarts: the outputs planned
 * (no output is an input or another output; each can be written), the run
 * through mlp_fit_run with a progress line every tenth of the epochs, the
 * outputs written together (mlp_outputs_write), then the summary and the
 * diagnosis. Ctrl-C sets a flag the epoch callback turns into a clean stop. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mlp/diagnose.h"
#include "mlp/fit.h"
#include "mlp/outputs.h"
#include "mlptrain.h"

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

typedef struct {
    int quiet;
    int said_early;        /* a finding was printed during the run */
    trace_request *trace;  /* or NULL */
} progress;

static mlp_status on_epoch(void *ctx_, const mlp_fit_epoch *e, mlp_error *err)
{
    progress *ctx = ctx_;
    const mlp_epoch_stats *s = e->stats;
    /* Restarts are summarised at the end, not followed epoch by epoch. */
    int quiet = ctx->quiet || e->n_runs > 1;
    long every = e->epochs >= 10 ? e->epochs / 10 : 1;
    if (!quiet && (s->epoch % every == 0 || s->epoch == 1)) {
        printf("%sepoch %*ld  loss %.6g", e->refit ? "refit " : "",
               1 + (int)log10((double)e->epochs), s->epoch, s->loss);
        if (!isnan(s->accuracy))
            printf("  accuracy %.2f%%", 100 * s->accuracy);
        if (!isnan(s->val_loss))
            printf("  val_loss %.6g", s->val_loss);
        if (!isnan(s->val_accuracy))
            printf("  val_accuracy %.2f%%", 100 * s->val_accuracy);
        putchar('\n');
    }
    if (e->finding && !quiet) {
        fflush(stdout);
        mlptrain_print_finding(stderr, e->finding);
        ctx->said_early = 1;
    }
    /* The net now holds the weights epoch s->epoch + 1 starts from; the
     * trace is of the early-stopped run, not of its refit. */
    mlp_status st = MLP_OK;
    if (ctx->trace && !e->refit && !ctx->trace->written && s->epoch + 1 == ctx->trace->epoch)
        st = mlptrain_write_trace(ctx->trace, e->net, e->data, err);
    if (!st && interrupted)
        st = MLP_ERR_INTERRUPTED;
    return st;
}

/* The end-of-run diagnosis, after what the run printed during training
 * (loss-exploding, said at once, is not repeated). net NULL: the run
 * diverged and only its loss curve is judged. */
static void print_diagnosis(mlp_diagnose *diag, const mlp_net *net, const mlp_dataset *train,
                            int quiet, int said_early)
{
    if (!diag || quiet)
        return;
    mlp_findings f;
    mlp_findings_init(&f);
    mlp_error err;
    if (mlp_diagnose_finish(diag, net, train, &f, &err) == MLP_OK)
        for (size_t i = 0; i < f.n; i++)
            if (!(said_early && strcmp(f.items[i].code, "loss-exploding") == 0))
                mlptrain_print_finding(stderr, &f.items[i]);
    mlp_findings_free(&f);
}

/* The end summary of the kept run and its refit. */
static void print_summary(const mlp_spec *spec, const data_sets *d, const mlp_fit_result *fr)
{
    const mlp_train_result *res = &fr->res;
    const mlp_dataset *train = &d->train;
    double per_epoch = res->epochs_run ? res->seconds / (double)res->epochs_run : 0.0;
    printf("trained %ld epochs in %.3f s (%.3g ms/epoch); final loss %.6g", res->epochs_run,
           res->seconds, 1e3 * per_epoch, res->final_loss);
    if (!isnan(res->final_accuracy))
        printf(", accuracy %.2f%% (%.0f/%zu)", 100 * res->final_accuracy,
               res->final_accuracy * (double)train->n_rows, train->n_rows);
    putchar('\n');
    if (d->have_val) {
        const mlp_dataset *val = &d->val;
        printf("validation (%zu rows): loss %.6g", val->n_rows, res->final_val_loss);
        if (!isnan(res->final_val_accuracy))
            printf(", accuracy %.2f%% (%.0f/%zu)", 100 * res->final_val_accuracy,
                   res->final_val_accuracy * (double)val->n_rows, val->n_rows);
        printf("; best validation loss %.6g at epoch %ld\n", res->best_loss, res->best_epoch);
    }
    if (res->stopped_early)
        printf("stopped early at epoch %ld: no new best for %ld epochs\n", res->epochs_run,
               spec->patience);
    if (res->restored && !fr->refit_ran)
        printf("kept the weights of epoch %ld (the weights its loss-log row was computed on)\n",
               res->best_epoch);
    if (!fr->refit_asked)
        return;
    if (!fr->refit_ran) {
        printf("no refit: the best epoch is %ld, the initial weights, so there is no update to "
               "repeat\n", res->best_epoch);
        return;
    }
    const mlp_train_result *r = &fr->refit_res;
    const mlp_dataset *full = &d->full;
    printf("refit: trained %ld epochs (the updates of best epoch %ld) from the same initial "
           "weights on all %zu rows in %.3f s; final loss %.6g",
           r->epochs_run, res->best_epoch, full->n_rows, r->seconds, r->final_loss);
    if (!isnan(r->final_accuracy))
        printf(", accuracy %.2f%% (%.0f/%zu)", 100 * r->final_accuracy,
               r->final_accuracy * (double)full->n_rows, full->n_rows);
    printf("; these weights are written\n");
}

/* One line per restart, then the success rate. */
static void print_restarts(const data_sets *d, const mlp_fit_result *fr)
{
    const char *what = d->have_val ? "val_loss" : "loss";
    long n = (long)fr->n_runs;
    for (long k = 0; k < n; k++) {
        const mlp_fit_run_record *r = &fr->runs[k];
        printf("run %*ld  seed %-16llu  ", 1 + (int)log10((double)n), k + 1,
               (unsigned long long)r->seed);
        if (!r->ok) {
            printf("diverged\n");
            continue;
        }
        printf("epochs %-6ld best epoch %-6ld %s %.6g (from %.6g)%s%s\n", r->res.epochs_run,
               r->res.best_epoch, what, r->kept, r->initial, r->reached ? "  reached" : "",
               k == fr->best ? "  <- kept" : "");
    }
    printf("%zu of %ld runs reached the best %s %.6g (within %g of their way down from the "
           "initial loss)\n",
           fr->reached, n, what, fr->runs[fr->best].kept, fr->margin);
}

/* Before any epoch: no output is an input or another output, and each
 * can be written. */
static mlp_status check_outputs(const options *o, const mlp_spec *spec, mlp_error *err)
{
    const char *trace = o->trace;
    mlp_named_path outputs[] = {
        {spec->weights_path, "weights", "--weights"},
        {spec->loss_path, "loss log", "--loss-log"},
        {trace, "trace", "--trace"},
    };
    mlp_named_path inputs[] = {
        {o->config, "spec", NULL},
        {spec->train_path, "training data", NULL},
        {spec->validation_path, "validation data", NULL},
        {o->init_weights, "initial weights", NULL},
    };
    mlp_status st = mlp_outputs_check_paths(outputs, 3, inputs, 4, err);
    if (!st)
        st = mlp_outputs_check_writable(spec->weights_path, err);
    if (!st && trace && !o->trace_format)
        st = mlp_outputs_check_writable(trace, err);
    if (!st)
        st = mlp_outputs_check_writable(spec->loss_path, err);
    return st;
}

int mlptrain_train(const options *o, const mlp_spec *spec, mlp_net *net, const data_sets *d)
{
    mlp_error err;
    mlp_error_clear(&err);
    if (check_outputs(o, spec, &err))
        return cli_report(mlptrain_prog, &err);
    mlp_fit_data fd = mlptrain_fit_data(d);
    mlp_fit_options fo = mlptrain_fit_options(spec, o, d);
    mlp_fit_result fr = {0};
    progress ctx = {.quiet = o->quiet};
    trace_request tr = {0};
    double *initial = NULL;
    int rc = MLP_EXIT_OK;
    /* The trace starts from the initial weights again. */
    if (o->trace) {
        initial = malloc(net->n_params * sizeof *initial);
        if (!initial) {
            mlp_error_set(&err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for a copy of the "
                                                            "initial weights");
            return cli_report(mlptrain_prog, &err);
        }
        memcpy(initial, net->params, net->n_params * sizeof *initial);
        tr = (trace_request){.path = o->trace, .epoch = o->trace_epoch,
                             .row = o->trace_row ? o->trace_row - 1 : -1, .initial = initial,
                             .csv = o->trace_format && strcmp(o->trace_format, "csv") == 0};
        ctx.trace = &tr;
        if (tr.epoch == 1 && mlptrain_write_trace(&tr, net, &d->train, &err)) {
            rc = cli_report(mlptrain_prog, &err);
            goto out;
        }
    }
    struct sigaction sa = {.sa_handler = on_sigint};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    mlp_status st = mlp_fit_run(net, &fd, &fo, on_epoch, &ctx, &fr, &err);
    signal(SIGINT, SIG_DFL);
    if (st != MLP_OK && st != MLP_ERR_INTERRUPTED && st != MLP_ERR_DIVERGED) {
        rc = cli_report(mlptrain_prog, &err);
        goto out;
    }
    /* A diverged net is never saved; the log is, to show where it went wrong. */
    mlp_outputs out = {.weights_path = fr.diverged ? NULL : spec->weights_path, .net = net,
                       .schema = fr.schema, .prov = &fr.provenance,
                       .loss_path = spec->loss_path, .log = fr.log};
    mlp_error werr;
    mlp_error_clear(&werr);
    if (mlp_outputs_write(&out, &werr)) {
        rc = cli_report(mlptrain_prog, &werr);
        goto out;
    }
    const mlp_net *diagnosed = fr.diverged ? NULL : net;
    if (o->restarts > 1) {
        if (st) {
            rc = cli_report(mlptrain_prog, &err);
            goto out;
        }
        if (!o->quiet) {
            const mlp_fit_run_record *kept = &fr.runs[fr.best];
            print_restarts(d, &fr);
            printf("kept run %ld (seed %llu): ", fr.best + 1, (unsigned long long)kept->seed);
            print_summary(spec, d, &fr);
            printf("wrote %s and %s\n", spec->weights_path, spec->loss_path);
            fflush(stdout);
        }
        print_diagnosis(fr.diagnosis, diagnosed, fr.data, o->quiet, 0);
        goto out;
    }
    if (!o->quiet && st == MLP_OK) {
        print_summary(spec, d, &fr);
        printf("wrote %s and %s\n", spec->weights_path, spec->loss_path);
        if (tr.written)
            printf("wrote the trace of epoch %ld to %s\n", tr.epoch, tr.path);
    }
    fflush(stdout);
    print_diagnosis(fr.diagnosis, diagnosed, fr.data, o->quiet, ctx.said_early);
    if (o->trace && !tr.written && !o->quiet)
        fprintf(stderr, "%s: warning: the run ended after epoch %ld, before epoch %ld: no trace "
                        "was written\n",
                mlptrain_prog, fr.res.epochs_run, tr.epoch);
    if (st)
        rc = cli_report(mlptrain_prog, &err);
out:
    mlp_fit_result_free(&fr);
    free(initial);
    return rc;
}
