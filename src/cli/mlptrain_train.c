/* SPDX-License-Identifier: MIT */
/* mlptrain_train.c: training, one run or restarts: the outputs planned
 * (mlp_outputs_check_plan: no output is an input or another output; each
 * can be written), the run
 * through mlp_fit_run with its progress on stderr (a self-updating bar on
 * a terminal, a line every tenth of the epochs elsewhere: mlp/progress.h),
 * the outputs written together (mlp_outputs_write), then the summary and
 * the diagnosis, on stderr too: stdout stays free for data (-o -). Ctrl-C sets a flag the epoch callback turns into a clean stop. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "comm.h"
#include "fileio.h"
#include "mlp/diagnose.h"
#include "mlp/fit.h"
#include "mlp/outputs.h"
#include "mlp/progress.h"
#include "mlptrain.h"
#include "plural.h"
#include "signals.h"


typedef struct {
    int quiet;
    int said_early;        /* a finding was printed during the run */
    trace_request *trace;  /* or NULL */
    mlp_progress_mode mode; /* BAR, LINES or NONE (resolved from --progress) */
    int width;             /* columns of the terminal, for the bar */
    mlp_progress report;   /* of the current phase */
    long run;              /* the run and phase the report is of; 0 before any */
    int refit;
    char prefix[48];
} progress;

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* stderr is unbuffered: each text goes out whole, at once. */
static void say(const char *text)
{
    if (text)
        fputs(text, stderr);
}

/* --progress auto: the bar on a terminal (not TERM=dumb), lines otherwise;
 * -q: nothing. The bar's width is the terminal's. */
static mlp_progress_mode resolve_progress(const options *o, int *width)
{
    *width = 80;
    if (o->quiet)
        return MLP_PROGRESS_NONE;
    mlp_progress_mode mode = (mlp_progress_mode)o->progress;
    const char *term = getenv("TERM");
    int tty = isatty(STDERR_FILENO) && !(term && strcmp(term, "dumb") == 0);
    if (mode == MLP_PROGRESS_AUTO)
        mode = tty ? MLP_PROGRESS_BAR : MLP_PROGRESS_LINES;
    struct winsize ws;
    const char *columns = getenv("COLUMNS");
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        *width = ws.ws_col;
    else if (columns && atoi(columns) > 0)
        *width = atoi(columns);
    return mode;
}

static mlp_status on_epoch(void *ctx_, const mlp_fit_epoch *e, mlp_error *err)
{
    progress *ctx = ctx_;
    const mlp_epoch_stats *s = e->stats;
    double now = now_seconds();
    /* Restarts are summarised at the end; the bar follows each run. */
    int quiet = ctx->quiet || (e->n_runs > 1 && ctx->mode != MLP_PROGRESS_BAR);
    if (!quiet && (e->run != ctx->run || e->refit != ctx->refit)) {
        say(mlp_progress_finish(&ctx->report, now));
        if (e->n_runs > 1)
            snprintf(ctx->prefix, sizeof ctx->prefix, "run %ld/%ld %s", e->run, e->n_runs,
                     e->refit ? "refit " : "");
        else
            snprintf(ctx->prefix, sizeof ctx->prefix, "%s", e->refit ? "refit " : "");
        mlp_progress_start(&ctx->report, ctx->mode, e->epochs, ctx->width, ctx->prefix, now);
        ctx->run = e->run;
        ctx->refit = e->refit;
    }
    if (!quiet)
        say(mlp_progress_epoch(&ctx->report, s, now));
    /* With restarts the diagnosis is the kept run's alone (docs/diagnostics.md),
     * said at the end: each run's warning, unlabelled, read as four problems. */
    if (e->finding && !ctx->quiet && e->n_runs == 1) {
        say(mlp_progress_interrupt(&ctx->report));
        mlptrain_print_finding(stderr, e->finding);
        ctx->said_early = 1;
    }
    /* The net now holds the weights epoch s->epoch + 1 starts from; the
     * trace is of the early-stopped run, not of its refit. */
    mlp_status st = MLP_OK;
    if (ctx->trace && !e->refit && !ctx->trace->written && s->epoch + 1 == ctx->trace->epoch)
        st = mlptrain_write_trace(ctx->trace, e->net, e->data, err);
    if (!st && mlptrain_comm_stopping())
        st = MLP_ERR_INTERRUPTED;
    return st;
}

/* An output's name in messages: "-" is standard output; escaped, so that
 * a name cannot move the cursor or recolour the terminal (cli_escaped: up
 * to four in one printf). */
static const char *shown(const char *path)
{
    return cli_escaped(mlp_fileio_display_name(path, 1));
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

/* A time in milliseconds as plain digits, three significant ones as
 * "%.3g" writes them but never in scientific notation, which "%.3g" used
 * from 1000 up: an epoch of 3.952 s read "3.95e+03 ms/epoch", now "3952". */
static void ms_text(char *buf, size_t size, double ms)
{
    snprintf(buf, size, "%.3g", ms);
    if (!strchr(buf, 'e'))
        return;
    if (ms >= 1)
        snprintf(buf, size, "%.0f", ms);
    else /* below 0.0001 ms: as many decimals as three significant digits take */
        snprintf(buf, size, "%.*f", 2 - (int)floor(log10(ms)), ms);
}

/* The end summary of the kept run and its refit. */
static void print_summary(const mlp_spec *spec, const data_sets *d, const mlp_fit_result *fr)
{
    const mlp_train_result *res = &fr->res;
    size_t n_train = d->all_train; /* every rank's rows */
    double per_epoch = res->epochs_run ? res->seconds / (double)res->epochs_run : 0.0;
    size_t batch = spec->batch_size; /* mini-batches only below the rows (train.h) */
    fprintf(stderr, "trained %ld epoch%s", res->epochs_run, mlp_plural(res->epochs_run, "", "s"));
    if (batch > 0 && batch < n_train)
        fprintf(stderr, " (%zu updates each, batches of %zu row%s)",
                (n_train + batch - 1) / batch, batch, mlp_plural(batch, "", "s"));
    char ms[64];
    ms_text(ms, sizeof ms, 1e3 * per_epoch);
    fprintf(stderr, " in %.3f s (%s ms/epoch); final loss %.6g", res->seconds, ms,
            res->final_loss);
    if (!isnan(res->final_accuracy))
        fprintf(stderr, ", accuracy %.2f%% (%.0f/%zu)", 100 * res->final_accuracy,
               res->final_accuracy * (double)n_train, n_train);
    fputc('\n', stderr);
    if (d->have_val) {
        size_t n_val = d->all_val;
        fprintf(stderr, "validation (%zu row%s): loss %.6g", n_val, mlp_plural(n_val, "", "s"),
                res->final_val_loss);
        if (!isnan(res->final_val_accuracy))
            fprintf(stderr, ", accuracy %.2f%% (%.0f/%zu)", 100 * res->final_val_accuracy,
                   res->final_val_accuracy * (double)n_val, n_val);
        /* Without early stopping the weights written are the last epoch's, and
         * the log's lowest validation loss (of the weights an epoch started
         * from) is another model's: say so, lest it read as the written one. */
        if (spec->patience > 0)
            fprintf(stderr, "; best validation loss %.6g at epoch %ld\n", res->best_loss,
                    res->best_epoch);
        else if (res->best_loss < res->final_val_loss) /* the weights written are no worse */
            fprintf(stderr, "; lowest in the log %.6g at epoch %ld, weights not kept (without "
                            "\"early_stopping\" the last epoch's are written)\n",
                    res->best_loss, res->best_epoch);
        else
            fputc('\n', stderr);
    }
    if (res->stopped_early)
        fprintf(stderr, "stopped early at epoch %ld: no new best for %ld epoch%s\n",
                res->epochs_run, spec->patience, mlp_plural(spec->patience, "", "s"));
    if (res->restored && !fr->refit_ran)
        fprintf(stderr, "kept the weights of epoch %ld (the weights its loss-log row was computed on)\n",
               res->best_epoch);
    if (!fr->refit_asked)
        return;
    if (!fr->refit_ran) {
        fprintf(stderr, "no refit: the best epoch is %ld, the initial weights, so there is no update to "
               "repeat\n", res->best_epoch);
        return;
    }
    const mlp_train_result *r = &fr->refit_res;
    size_t n_full = d->all_full;
    int batched = batch > 0 && batch < n_full;
    char scaled[48] = "";
    if (fr->refit_epochs != mlp_train_refit_epochs(res, 1))
        snprintf(scaled, sizeof scaled, "%g x ", spec->refit_scale);
    /* The epochs before the best one are counted (best - 1): "the epoch
     * before best epoch 2" is one. */
    fprintf(stderr, "refit: trained %ld epoch%s (%sthe %s best epoch %ld) from the same initial "
            "weights on all %zu row%s in %.3f s; final loss %.6g",
            r->epochs_run, mlp_plural(r->epochs_run, "", "s"), scaled,
            batched ? mlp_plural(res->best_epoch - 1, "epoch before", "epochs before")
                    : "updates of",
            res->best_epoch, n_full,
            mlp_plural(n_full, "", "s"), r->seconds, r->final_loss);
    if (!isnan(r->final_accuracy))
        fprintf(stderr, ", accuracy %.2f%% (%.0f/%zu)", 100 * r->final_accuracy,
               r->final_accuracy * (double)n_full, n_full);
    fprintf(stderr, "; these weights are written\n");
}

/* One line per restart, then the success rate. The best epoch is shown
 * with early stopping only: without it each run keeps its last epoch's
 * weights, and the epoch of its lowest loss (res.best_epoch) is another
 * model's, which beside the kept loss would read as the one kept. */
static void print_restarts(const mlp_spec *spec, const data_sets *d, const mlp_fit_result *fr)
{
    const char *what = d->have_val ? "val_loss" : "loss";
    long n = (long)fr->n_runs;
    for (long k = 0; k < n; k++) {
        const mlp_fit_run_record *r = &fr->runs[k];
        fprintf(stderr, "run %*ld  seed %-16llu  ", 1 + (int)log10((double)n), k + 1,
               (unsigned long long)r->seed);
        if (!r->ok) {
            fprintf(stderr, "diverged\n");
            continue;
        }
        fprintf(stderr, "epochs %-6ld ", r->res.epochs_run);
        if (spec->patience > 0)
            fprintf(stderr, "best epoch %-6ld ", r->res.best_epoch);
        fprintf(stderr, "%s %.6g (from %.6g)%s%s\n", what, r->kept, r->initial,
                r->reached ? "  reached" : "", k == fr->best ? "  <- kept" : "");
    }
    /* The margin is a share of a way down: without one, nothing was reached. */
    if (fr->fell == 0)
        fprintf(stderr, "none of the %ld runs fell below its initial %s, so none reached the "
                        "best %s %.6g\n",
                n, what, what, fr->runs[fr->best].kept);
    else
        fprintf(stderr, "%zu of %ld run%s reached the best %s %.6g (within %g of their way down "
                        "from the initial loss)\n",
                fr->reached, n, mlp_plural(n, "", "s"), what, fr->runs[fr->best].kept,
                fr->margin);
}

/* Before any epoch, and for --check: the outputs planned by the library
 * (mlp_outputs_check_plan). Under --check a spec from standard input has
 * no default output names to check (mlptrain_output_unnamed). */
mlp_status mlptrain_check_outputs(const options *o, const mlp_spec *spec, const mlp_net *net,
                                  mlp_error *err)
{
    mlp_outputs_plan plan = {
        .weights = mlptrain_output_unnamed(spec, o, 0) ? NULL : spec->weights_path,
        .loss_log = mlptrain_output_unnamed(spec, o, 1) ? NULL : spec->loss_path,
        .trace = o->trace,
        .trace_format = o->trace_format,
        .spec = o->config,
        .train = spec->train_path,
        .validation = spec->validation_path,
        .init_weights = o->init_weights,
        .net = net,
        .l2 = spec->l2,
    };
    return mlp_outputs_check_plan(&plan, err);
}

/* A failed write's message and status; a write a signal cut short (a
 * FIFO without a reader, signals.h) ends with the signal's status. */
static int report_write(const mlp_error *err)
{
    int rc = cli_report(mlptrain_prog, err);
    int sig = mlp_signals_caught();
    return err->code == MLP_ERR_INTERRUPTED && sig ? mlp_signals_exit_code(sig) : rc;
}

/* The exit status once a run is over: 128 + the signal when one stopped
 * it (its message was printed with the error) or came while the outputs
 * were written (they are whole: said here); else rc. */
static int finish_signal(int rc, mlp_status st)
{
    /* Under mpirun the signal agreed by the ranks (another rank's SIGTERM),
     * else one caught here after the last reduction. */
    int sig = mlptrain_comm_stopping();
    if (!sig)
        sig = mlp_signals_caught();
    if (!sig || (rc != MLP_EXIT_OK && st != MLP_ERR_INTERRUPTED))
        return rc;
    if (st != MLP_ERR_INTERRUPTED) {
        fflush(stdout);
        fprintf(stderr, "%s: stopped by %s after the outputs were written\n", mlptrain_prog,
                mlp_signals_name(sig));
    }
    return mlp_signals_exit_code(sig);
}

int mlptrain_train(const options *o, const mlp_spec *spec, mlp_net *net, const data_sets *d,
                   const mlp_rate_advice *advice)
{
    mlp_error err;
    mlp_error_clear(&err);
    /* Rank 0 writes the outputs, so it alone checks their paths. Under
     * mpirun every pass is summed over the ranks' rows (comm.h). */
    mlptrain_comm_reduce_ctx rctx = {.loss = net->loss, .n_outputs = net->sizes[net->n_layers]};
    mlp_status cst = mlptrain_comm_rank() == 0 ? mlptrain_check_outputs(o, spec, net, &err)
                                                : MLP_OK;
    if (!cst)
        cst = mlptrain_comm_reduce_prepare(&rctx, net->n_params, &err);
    if (mlptrain_comm_agree_parts(cst, &err)) {
        mlptrain_comm_reduce_free(&rctx);
        return cli_report(mlptrain_prog, &err);
    }
    /* From here on SIGINT, SIGTERM and SIGHUP stop the run after the epoch
     * in progress, and the outputs of the last complete epoch are written
     * whole before the program ends with 128 + the signal (signals.h). */
    mlp_signals_defer(1);
    mlp_fit_data fd = mlptrain_fit_data(d);
    mlp_fit_options fo = mlp_spec_fit_options(spec, o->restarts, o->restart_margin, &d->prov);
    /* Every training row's targets: the diagnosis' chance level and the
     * fit's verdict on 0/1 class targets are the same on every rank. */
    if (d->sliced) {
        fo.reduce = mlptrain_comm_reduce;
        fo.reduce_ctx = &rctx;
        fo.diagnose_rows = d->in_parts ? &d->all_targets : &d->train;
    }
    fo.advice = *advice;
    fo.init_given = o->init_weights != NULL; /* the hints then suggest no other seed */
    mlp_fit_result fr = {0};
    progress ctx = {.quiet = o->quiet};
    ctx.mode = resolve_progress(o, &ctx.width);
    trace_request tr = {0};
    double *initial = NULL;
    int rc = MLP_EXIT_OK;
    mlp_status st = MLP_OK;
    /* The trace starts from the initial weights again. */
    if (o->trace) {
        initial = malloc(net->n_params * sizeof *initial);
        if (!initial) {
            mlp_error_set(&err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for a copy of the "
                                                            "initial weights");
            mlptrain_comm_reduce_free(&rctx);
            return finish_signal(cli_report(mlptrain_prog, &err), MLP_ERR_NOMEM);
        }
        memcpy(initial, net->params, net->n_params * sizeof *initial);
        tr = (trace_request){.path = o->trace, .epoch = o->trace_epoch,
                             .row = o->trace_row ? o->trace_train_row : -1,
                             .file_row = o->trace_row, .initial = initial,
                             .l2 = spec->l2, .schema = &d->schema,
                             .csv = o->trace_format && strcmp(o->trace_format, "csv") == 0};
        ctx.trace = &tr;
        if (tr.epoch == 1 && mlptrain_write_trace(&tr, net, &d->train, &err)) {
            rc = report_write(&err);
            goto out;
        }
    }
    st = mlp_fit_run(net, &fd, &fo, on_epoch, &ctx, &fr, &err);
    say(mlp_progress_finish(&ctx.report, now_seconds()));
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
    if (mlptrain_comm_rank() == 0 && mlp_outputs_write(&out, &werr)) {
        rc = report_write(&werr);
        goto out;
    }
    const mlp_net *diagnosed = fr.diverged ? NULL : net;
    /* The diagnosis looks at every row, not at this rank's share of them. */
    if (d->sliced)
        fr.data = fr.data == fd.full ? &d->full : &d->train;
    /* Read in parts, no rank holds every row: the diagnosis judges the
     * loss curve (of every row) without its final pass over the rows
     * (docs/architecture.md). */
    if (d->in_parts)
        fr.data = NULL;
    if (o->restarts > 1) {
        if (st) {
            rc = cli_report(mlptrain_prog, &err);
            goto out;
        }
        if (!o->quiet) {
            const mlp_fit_run_record *kept = &fr.runs[fr.best];
            print_restarts(spec, d, &fr);
            fprintf(stderr, "kept run %ld (seed %llu): ", fr.best + 1,
                    (unsigned long long)kept->seed);
            print_summary(spec, d, &fr);
            fprintf(stderr, "wrote %s and %s\n", shown(spec->weights_path),
                    shown(spec->loss_path));
        }
        /* No run said anything during training: all of it is said here. */
        print_diagnosis(fr.diagnosis, diagnosed, fr.data, o->quiet, 0);
        goto out;
    }
    if (!o->quiet && st == MLP_OK) {
        print_summary(spec, d, &fr);
        fprintf(stderr, "wrote %s and %s\n", shown(spec->weights_path), shown(spec->loss_path));
        if (tr.written)
            fprintf(stderr, "wrote the trace of epoch %ld to %s\n", tr.epoch, shown(tr.path));
    }
    print_diagnosis(fr.diagnosis, diagnosed, fr.data, o->quiet, ctx.said_early);
    /* A requested output that is missing: said under -q too (docs/trace.md). */
    if (o->trace && !tr.written && (st == MLP_OK || !o->quiet)) {
        long ran = fr.res.epochs_run;
        fprintf(stderr, "%s: warning: the run ended after epoch %ld%s, before epoch %ld: no trace "
                        "was written",
                mlptrain_prog, ran, fr.res.stopped_early ? " (early stopping)" : "", tr.epoch);
        if (ran >= 1)
            fprintf(stderr, "; trace an epoch up to %ld (--trace-epoch %ld)", ran, ran);
        fputc('\n', stderr);
    }
    if (st)
        rc = cli_report(mlptrain_prog, &err);
out:
    mlp_fit_result_free(&fr);
    mlptrain_comm_reduce_free(&rctx);
    free(initial);
    return finish_signal(rc, st);
}
