/* SPDX-License-Identifier: MIT */
/* lrscan.c: short training trials at chosen learning rates, each on a copy
 * of the network, and the log-grid scan built on them. Trains through
 * mlp_train_run only; never touches the caller's network or any file. */
#include "mlp/lrscan.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "c_locale.h"
#include "fileio.h"
#include "mlp/diagnose.h"
#include "plural.h"
#include "train_check.h"

mlp_net *mlp_lrscan_clone(const mlp_net *net, mlp_error *err)
{
    mlp_activation acts[MLP_MAX_LAYERS];
    for (size_t l = 0; l < net->n_layers; l++)
        acts[l] = net->layers[l].act;
    mlp_net *copy = mlp_net_create(net->n_layers, net->sizes, acts, net->loss, err);
    if (copy)
        memcpy(copy->params, net->params, net->n_params * sizeof *net->params);
    return copy;
}

/* ------------------------------------------------------------------------ */

static int parse_number(const char *s, const char *end, double *out)
{
    char buf[64];
    size_t n = (size_t)(end - s);
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    /* strtod skips leading blanks but stops at trailing ones: " 1e-3" is
     * refused as "1e-3 " is, as --grid and the other options refuse both. */
    if (strpbrk(buf, " \t\n\v\f\r"))
        return -1;
    char *stop;
    errno = 0;
    double v = mlp_c_strtod(buf, &stop);
    /* A subnormal rate (4.94066e-324) is a rate, as for --learning-rate
     * (cli_parse_double), and the diagnosis may name one: only an underflow
     * to 0 or an overflow is refused. */
    if (*stop != '\0' || (errno == ERANGE && v == 0) || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static mlp_status bad_scan(mlp_error *err, const char *text, const char *why)
{
    mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "--lr-scan needs LO:HI or LO:HI:N%s, not \"%s\"",
                  why, text);
    mlp_error_hint(err, "for example --lr-scan 1e-4:10 or --lr-scan 0.001:1:7");
    return MLP_ERR_USAGE;
}

mlp_status mlp_lrscan_parse(const char *text, mlp_lrscan_options *o, mlp_error *err)
{
    const char *c1 = strchr(text, ':');
    if (!c1)
        return bad_scan(err, text, "");
    const char *c2 = strchr(c1 + 1, ':');
    const char *hi_end = c2 ? c2 : c1 + strlen(c1);
    double lo, hi;
    if (parse_number(text, c1, &lo) || parse_number(c1 + 1, hi_end, &hi))
        return bad_scan(err, text, "");
    if (!(lo > 0) || !(hi > lo))
        return bad_scan(err, text, " with 0 < LO < HI");
    size_t n;
    if (c2) {
        /* A whole number, written as every count on the command line and in
         * the spec may be: 7, 7.0 or 7e0. */
        double v;
        if (parse_number(c2 + 1, c2 + 1 + strlen(c2 + 1), &v) || v != floor(v) || v < 2 ||
            v > MLP_LRSCAN_MAX_RATES || strpbrk(c2 + 1, "xX"))
            return bad_scan(err, text, " with N from 2 to 64");
        n = (size_t)v;
    } else {
        /* In logs: hi / lo overflows for a range wider than the doubles'
         * (1e-10:1e300), where log10(inf) gave 64 by luck. */
        double d = floor(MLP_LRSCAN_PER_DECADE * (log10(hi) - log10(lo)) + 0.5) + 1;
        n = d < 2 ? 2 : d > MLP_LRSCAN_MAX_RATES ? MLP_LRSCAN_MAX_RATES : (size_t)d;
    }
    o->lo = lo;
    o->hi = hi;
    o->n = n;
    return MLP_OK;
}

/* ------------------------------------------------------------------------ */

typedef struct {
    mlp_lrscan_trial *t;
    const mlp_net *start, *copy; /* the weights the trial starts from, and the trained copy */
    double moved;                /* the most any weight was from its start after an epoch */
} trial_ctx;

static mlp_status record(void *ctx_, const mlp_epoch_stats *s, mlp_error *err)
{
    (void)err;
    trial_ctx *ctx = ctx_;
    mlp_lrscan_trial *t = ctx->t;
    for (size_t i = 0; i < ctx->start->n_params; i++)
        ctx->moved = fmax(ctx->moved, fabs(ctx->copy->params[i] - ctx->start->params[i]));
    if (s->epoch == 1 && isnan(t->first_loss))
        t->first_loss = s->loss;
    if (!isfinite(s->loss)) {
        t->max_loss = INFINITY;
        if (!t->diverged_at)
            t->diverged_at = s->epoch;
    } else if (s->loss > t->max_loss) {
        t->max_loss = s->loss;
    }
    return MLP_OK;
}

mlp_status mlp_lrscan_try(const mlp_net *net, const mlp_dataset *data,
                          const mlp_train_options *train, double rate, long epochs,
                          mlp_lrscan_trial *t, mlp_error *err)
{
    memset(t, 0, sizeof *t);
    t->rate = rate;
    t->first_loss = NAN;
    t->max_loss = -INFINITY;
    t->final_loss = NAN;
    mlp_net *copy = mlp_lrscan_clone(net, err);
    /* A trial whose passes reduce over several processes is collective:
     * the copy is agreed on before it trains (train_check.h). */
    mlp_status agreed = mlp_train_agree_memory(train ? train->reduce : NULL,
                                               train ? train->reduce_ctx : NULL,
                                               copy ? MLP_OK : MLP_ERR_NOMEM,
                                               "a learning-rate trial", err);
    if (agreed) {
        mlp_net_free(copy);
        return agreed;
    }
    mlp_train_options opts;
    if (train)
        opts = *train;
    else
        memset(&opts, 0, sizeof opts);
    trial_ctx ctx = {.t = t, .start = net, .copy = copy};
    mlp_optimizer_options step;
    if (opts.optimizer) {
        /* The optimizer carries its own learning rate: the one tried. */
        step = *opts.optimizer;
        step.learning_rate = rate;
        opts.optimizer = &step;
    }
    /* Full batch, epoch 1's loss is that of the initial weights. In
     * mini-batches it is the mean over epoch 1's batches, each after the
     * updates before it: a rate that blows up in the first batches starts
     * from there and may still fall, so the trial is judged against one
     * pass of the initial weights instead (mini-batches are one process's:
     * train.c refuses them with a reduce). */
    if (opts.batch_size > 0 && opts.batch_size < data->n_rows) {
        mlp_workspace *ws = mlp_workspace_create(copy, 0, err);
        if (!ws) {
            mlp_net_free(copy);
            return MLP_ERR_NOMEM;
        }
        t->first_loss = mlp_net_evaluate(copy, ws, data->X, data->Y, data->n_rows, 0).loss;
        mlp_workspace_free(ws);
    }
    opts.learning_rate = rate;
    opts.epochs = epochs;
    /* The rate is judged at its full value, the peak of any schedule: a
     * trial of 20 epochs inside a warm-up of 200 trained at a tenth of the
     * rate or less, so it found stable, and recommended, rates 10 times too
     * large for the epochs after the warm-up (configs/moons.json with a
     * cosine warm-up of 200: 2.15 instead of 0.215, which then blew up). */
    opts.schedule = NULL;
    opts.schedule_epochs = 0;
    opts.validation = NULL;
    opts.on_epoch = record;
    opts.ctx = &ctx;
    opts.interrupted = NULL;
    opts.patience = 0; /* every epoch of the trial runs, and its own weights are judged */
    mlp_train_result res;
    mlp_error terr;
    mlp_error_clear(&terr);
    mlp_status st = mlp_train_run(copy, data, &opts, &res, &terr);
    /* How far the weights went, against the largest of them (at least 1). */
    double size = 1.0;
    for (size_t i = 0; i < net->n_params; i++)
        size = fmax(size, fabs(net->params[i]));
    mlp_net_free(copy);
    t->epochs_run = res.epochs_run;
    if (st != MLP_OK && st != MLP_ERR_DIVERGED) {
        if (err)
            *err = terr;
        return st;
    }
    t->final_loss = st == MLP_OK ? res.final_loss : INFINITY;
    if (!isfinite(t->final_loss)) {
        t->max_loss = INFINITY;
        if (!t->diverged_at)
            t->diverged_at = res.epochs_run + 1;
    }
    t->stable = !t->diverged_at && isfinite(t->max_loss) &&
                t->max_loss <= MLP_LRSCAN_RISE * t->first_loss && t->final_loss < t->first_loss;
    /* Not stable, yet nothing rose: the loss stayed where it started (to its
     * rounding) because the weights hardly moved. A rate at the edge that
     * swings the weights to and fro keeps the loss too, but moves them (and
     * may bring them back after an even number of epochs: the most they
     * were away after any epoch counts). */
    double band = MLP_LRSCAN_FLAT_LOSS * fabs(t->first_loss);
    t->flat = !t->stable && !t->diverged_at && isfinite(t->first_loss) &&
              t->max_loss <= t->first_loss + band && t->final_loss <= t->first_loss + band &&
              ctx.moved <= MLP_LRSCAN_FLAT_WEIGHTS * size;
    return MLP_OK;
}

/* The pre-flight's feature-scales rule (preflight.c far_inputs): unscaled
 * inputs of which one that varies reaches beyond MLP_DIAG_LARGE_INPUT. */
static int inputs_far(const mlp_dataset *data, mlp_normalize normalize)
{
    if (normalize != MLP_NORMALIZE_NONE || !data->X)
        return 0;
    for (size_t k = 0; k < data->n_features; k++) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < data->n_rows; i++) {
            double x = data->X[i * data->n_features + k];
            lo = fmin(lo, x);
            hi = fmax(hi, x);
        }
        if (lo != hi && fmax(fabs(lo), fabs(hi)) > MLP_DIAG_LARGE_INPUT)
            return 1;
    }
    return 0;
}

/* Whether the stable rates, none of which left chance, show an output that
 * saturates at them, as the diagnosis judges its larger-rate trials: the
 * largest one's loss is held above chance by the output
 * (mlp_diagnose_output_held), its steps moved the loss there (by more than
 * MLP_DIAG_PLATEAU_TOL: a loss that never moved shows no rate too large,
 * as never_moved in diagnose.c), and it is no lower, beyond rounding, than
 * at any stable rate a decade or more below. Larger steps then only drove
 * the output to its bounds (a tanh output with mse on 0/1 targets sat at
 * 0.48, chance 0.25, at every rate from 10 to 1e+10, and was recommended
 * 1e+09). A loss still falling as the rate grows (the same net from 1e-6
 * to 1e-3: 0.514 to 0.483) is the rate too small, and the largest stable
 * rate is kept; so is a range under a decade, too narrow to tell. */
static int saturated(const mlp_net *net, const mlp_lrscan_result *r)
{
    const mlp_lrscan_trial *top = &r->trials[r->largest_stable];
    if (!mlp_diagnose_output_held(net->layers[net->n_layers - 1].act, net->loss,
                                  top->final_loss, r->chance_loss) ||
        !(top->final_loss < (1 - MLP_DIAG_PLATEAU_TOL) * top->first_loss))
        return 0;
    /* The lowest loss a decade or more below (a grid's inner rates land
     * within rounding of the decades: 1e+09 of 10:1e10). */
    double below = INFINITY;
    for (long i = 0; i < r->largest_stable; i++)
        if (r->trials[i].stable && r->trials[i].rate <= top->rate / 10 * (1 + 1e-9))
            below = fmin(below, r->trials[i].final_loss);
    return isfinite(below) && top->final_loss >= (1 - MLP_LRSCAN_FLAT_LOSS) * below;
}

/* The recommendation, from the largest stable rate that left chance. A
 * stable rate that ended at chance learnt nothing: a network whose units
 * died or saturated, or that fits the mean of far targets, outputs a
 * constant, and its loss settles at chance whatever the rate (inputs in the
 * thousands: every rate from 0.001 to 0.0046 "stable" at 0.6931, and a run
 * at the tenth recommended ended with every relu unit dead). When the
 * largest stable rate did so and the inputs or targets are far from scale,
 * scaling them is the cure, as the pre-flight says: no rate is named. When
 * no stable rate left chance and nothing is far from scale, either the
 * output saturates at these rates (saturated): no rate of them trains, so
 * none is named, lower rates are (write_verdict); or the trials were too
 * short to tell (XOR starts above ln 2 and needs hundreds of epochs to
 * leave it, at chance, not above): the largest stable rate is all they
 * show, and is kept. */
static void judge_chance(const mlp_net *net, const mlp_dataset *data,
                         const mlp_train_options *train, const mlp_lrscan_options *o,
                         mlp_lrscan_result *r)
{
    /* Under a reduce this process holds a share of the rows only: their
     * chance level and reach are not the run's, so none is judged. */
    if (data->Y && !(train && train->reduce)) {
        mlp_activation out = net->layers[net->n_layers - 1].act;
        r->chance_loss = mlp_diagnose_chance(net->loss, data->Y, data->n_rows, data->n_outputs,
                                             NULL);
        r->inputs_far = inputs_far(data, o->normalize);
        r->target_divisor = mlp_diagnose_target_divisor(out, net->loss, 0, data->Y, data->n_rows,
                                                        data->n_outputs);
    }
    for (long i = r->largest_stable; i >= 0 && r->trains < 0; i--)
        if (r->trials[i].stable &&
            mlp_diagnose_left_chance(r->trials[i].final_loss, r->chance_loss))
            r->trains = i;
    if (r->largest_stable < 0 ||
        (r->trains != r->largest_stable && (r->inputs_far || r->target_divisor > 0)))
        return;
    r->output = net->layers[net->n_layers - 1].act;
    r->saturated = r->trains < 0 && saturated(net, r);
    if (r->saturated) {
        /* Where it begins: the lowest of the stable rates up to the largest
         * whose loss the output holds (the rates to scan lie below). */
        r->saturated_from = r->trials[r->largest_stable].rate;
        for (long i = r->largest_stable; i >= 0; i--) {
            const mlp_lrscan_trial *t = &r->trials[i];
            if (!t->stable)
                continue;
            if (!mlp_diagnose_output_held(r->output, net->loss, t->final_loss, r->chance_loss))
                break;
            r->saturated_from = t->rate;
        }
        return;
    }
    r->recommended = r->trials[r->trains >= 0 ? r->trains : r->largest_stable].rate /
                     MLP_LRSCAN_SAFETY;
}

mlp_status mlp_lrscan_run(const mlp_net *net, const mlp_dataset *data,
                          const mlp_train_options *train, const mlp_lrscan_options *o,
                          mlp_lrscan_result *r, mlp_error *err)
{
    memset(r, 0, sizeof *r);
    r->largest_stable = -1;
    r->lowest = -1;
    r->trains = -1;
    r->chance_loss = NAN;
    if (o->n < 2 || o->n > MLP_LRSCAN_MAX_RATES || !(o->lo > 0) || !(o->hi > o->lo) ||
        o->epochs < 1)
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "invalid learning-rate scan");
    /* rate_i = lo (hi / lo)^t, t = i / (n - 1). When hi / lo overflows (a
     * range wider than the doubles', --lr-scan 1e-10:1e300) it is taken in
     * logs, log2 rate_i = log2 lo + t (log2 hi - log2 lo): the power of inf
     * made every inner rate inf, which the trial refused as a learning
     * rate. A finite ratio keeps the power (exact on ranges of powers of 2). */
    double ratio = o->hi / o->lo, log2_lo = log2(o->lo), log2_span = log2(o->hi) - log2_lo;
    for (size_t i = 0; i < o->n; i++) {
        /* The ends are exact: lo and hi as given. */
        double t = (double)i / (double)(o->n - 1);
        double rate = i == 0 ? o->lo
                      : i + 1 == o->n      ? o->hi
                      : isfinite(ratio)    ? o->lo * pow(ratio, t)
                                           : exp2(log2_lo + log2_span * t);
        mlp_status st = mlp_lrscan_try(net, data, train, rate, o->epochs, &r->trials[i], err);
        if (st)
            return st;
        r->n = i + 1;
        if (r->trials[i].stable) {
            r->largest_stable = (long)i;
            if (r->lowest < 0 || r->trials[i].final_loss < r->trials[r->lowest].final_loss)
                r->lowest = (long)i;
        }
    }
    judge_chance(net, data, train, o, r);
    return MLP_OK;
}

/* The cure of a loss that stays at chance however stable the rate: the
 * inputs, the targets, or both, far from the outputs' scale (the words of
 * the pre-flight's feature-scales and target-scale). */
static void write_cure(FILE *out, const mlp_lrscan_result *r)
{
    const char *scale = "add \"normalize\": \"standard\" to \"data\" in the spec";
    if (r->inputs_far && r->target_divisor > 0)
        mlp_c_fprintf(out,
                      "raw inputs beyond %g and targets beyond %g make the steps large at any "
                      "rate: %s, and divide the targets by %g (multiply the predictions by it)\n",
                      MLP_DIAG_LARGE_INPUT, MLP_DIAG_LARGE_TARGET, scale, r->target_divisor);
    else if (r->inputs_far)
        mlp_c_fprintf(out, "raw inputs beyond %g make the steps large at any rate: %s\n",
                      MLP_DIAG_LARGE_INPUT, scale);
    else
        mlp_c_fprintf(out,
                      "targets beyond %g make the steps large at any rate: divide them by %g "
                      "(multiply the predictions by it)\n",
                      MLP_DIAG_LARGE_TARGET, r->target_divisor);
}

/* Whether the recommendation is a tenth of the largest stable rate: it left
 * chance, or none did and nothing is far from scale (judge_chance). */
static int recommends_top(const mlp_lrscan_result *r)
{
    return r->trains == r->largest_stable ||
           (r->trains < 0 && !r->inputs_far && !(r->target_divisor > 0) && !r->saturated);
}

/* Why no rate of a saturated scan is recommended (judge_chance), and what
 * to scan instead: the rates below those where the output saturates, down
 * to a thousandth of the lowest of them, as when no rate was stable (never
 * below the smallest double). */
static void write_saturated(FILE *out, const mlp_lrscan_result *r)
{
    const mlp_lrscan_trial *top = &r->trials[r->largest_stable];
    double from = r->saturated_from;
    mlp_c_fprintf(out,
                  "no learning_rate recommended; the %s output saturates at the stable rates "
                  "from %g to %g (f'(z) near 0 passes almost no gradient): the loss stays above "
                  "chance there, at %g no lower than at the stable rates a decade and more "
                  "below; ",
                  mlp_activation_name(r->output), from, top->rate, top->rate);
    double down = fmax(from / 1000, DBL_TRUE_MIN);
    if (down < from)
        mlp_c_fprintf(out, "try lower rates, e.g. --lr-scan %g:%g\n", down, from);
    else
        mlp_c_fprintf(out, "no rate is lower than %g\n", from);
}

/* The lines after "largest stable rate": the recommendation, from the
 * largest stable rate that left chance (lrscan.h), or why there is none. */
static void write_verdict(FILE *out, const mlp_lrscan_result *r)
{
    const mlp_lrscan_trial *top = &r->trials[r->largest_stable];
    /* "a tenth": MLP_LRSCAN_SAFETY is 10 (test_lrscan checks the text) */
    if (recommends_top(r)) {
        mlp_c_fprintf(out,
                      "recommended learning_rate: %g (a tenth of the largest stable rate, below "
                      "the edge of stability)\n",
                      r->recommended);
        return;
    }
    mlp_c_fprintf(out,
                  "at it the loss ended at %g, not %g%% below the %g of an output that ignores "
                  "its inputs (chance level): such an output is stable at any rate, so that "
                  "stability shows no rate that trains\n",
                  top->final_loss, 100 * MLP_DIAG_CHANCE_TOL, r->chance_loss);
    if (r->recommended > 0) {
        mlp_c_fprintf(out,
                      "recommended learning_rate: %g (a tenth of %g, the largest stable rate "
                      "whose loss left chance level)\n",
                      r->recommended, r->trials[r->trains].rate);
        return;
    }
    if (r->saturated) {
        write_saturated(out, r);
        return;
    }
    mlp_c_fprintf(out, "no learning_rate recommended; ");
    write_cure(out, r);
}

mlp_status mlp_lrscan_write(FILE *out, const mlp_lrscan_options *o, const mlp_lrscan_result *r,
                            mlp_error *err)
{
    errno = 0; /* a failed write leaves its reason here, read at the end */
    mlp_c_fprintf(out,
                  "learning-rate scan: %zu rates from %g to %g, %ld epoch%s each, from the same "
                  "initial weights\n",
                  r->n, o->lo, o->hi, o->epochs, mlp_plural(o->epochs, "", "s"));
    mlp_c_fprintf(out, "%12s  %12s  %12s\n", "rate", "first loss", "final loss");
    for (size_t i = 0; i < r->n; i++) {
        const mlp_lrscan_trial *t = &r->trials[i];
        mlp_c_fprintf(out, "%12.6g  %12.6g  %12.6g  ", t->rate, t->first_loss, t->final_loss);
        if (t->diverged_at)
            mlp_c_fprintf(out, "diverged at epoch %ld\n", t->diverged_at);
        else
            fputs(t->stable ? "stable\n" : t->flat ? "too small (no change)\n" : "unstable\n", out);
    }
    /* Without a stable rate: the highest flat one (too small), and the
     * lowest that is neither (too large) above it. */
    long small = -1, large = -1;
    for (size_t i = 0; i < r->n; i++)
        if (r->trials[i].flat)
            small = (long)i;
    for (size_t i = (size_t)(small + 1); i < r->n && large < 0; i++)
        large = (long)i;
    if (r->largest_stable < 0 && small >= 0 && large < 0) {
        /* Up to the usual rates, or three decades more. */
        double up = fmax(o->hi * 1000, 10);
        mlp_c_fprintf(out,
                      "no rate was stable: at every rate the loss did not move; try higher "
                      "rates, e.g. --lr-scan %g:%g\n",
                      o->hi, isfinite(up) ? up : DBL_MAX);
    } else if (r->largest_stable < 0 && small >= 0) {
        mlp_c_fprintf(out,
                      "no rate was stable: up to %g the loss did not move, from %g on it rose; "
                      "try the rates between, e.g. --lr-scan %g:%g:9\n",
                      r->trials[small].rate, r->trials[large].rate, r->trials[small].rate,
                      r->trials[large].rate);
    } else if (r->largest_stable < 0) {
        /* Not below the smallest double (a subnormal LO / 1000 is 0). */
        double down = fmax(o->lo / 1000, DBL_TRUE_MIN);
        if (down < o->lo)
            mlp_c_fprintf(out, "no rate was stable; try lower rates, e.g. --lr-scan %g:%g\n",
                          down, o->lo);
        else
            mlp_c_fprintf(out, "no rate was stable, and none is lower than %g\n", o->lo);
    } else {
        double top = r->trials[r->largest_stable].rate;
        /* Higher rates are worth a scan only when the top one trained. */
        if ((size_t)r->largest_stable + 1 == r->n && recommends_top(r))
            mlp_c_fprintf(out,
                          "largest stable rate: %g, the highest tried (the edge may lie above: "
                          "--lr-scan %g:%g)\n",
                          top, top, top * 1000);
        else
            mlp_c_fprintf(out, "largest stable rate: %g\n", top);
        write_verdict(out, r);
    }
    if (fflush(out) != 0 || ferror(out))
        return mlp_fileio_write_error("-", errno, err); /* the caller names the file */
    return MLP_OK;
}
