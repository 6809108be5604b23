/* SPDX-License-Identifier: MIT */
/* diagnose.c: the end-of-run diagnosis. Owns the bounded record of the loss
 * curve (every epoch up to MLP_DIAG_HISTORY, then every 2nd, 4th, ...), the
 * checks on it, and the counts of saturated and dead units and of predicted
 * classes over the training set: taken from the training run's own final
 * evaluation when it was watched (mlp_diagnose_watch), else from a forward
 * pass of its own. Whether a linear network can beat chance at all, and the
 * loss of its best fit with mse, is linfit.c's least-squares fit. Never
 * prints. */
#include "mlp/diagnose.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "c_locale.h"
#include "linfit.h"
#include "mlp/activation.h"
#include "mlp/lrscan.h"
#include "plural.h"

/* What the final pass counts, per lane of the pass that counts it. */
typedef struct {
    const mlp_net *net;          /* the net and rows watched (mlp_diagnose_watch) */
    const double *X, *Y;
    size_t n_rows;
    size_t lanes, hidden, classes; /* lanes >= 1; hidden units; classes C >= 1 */
    unsigned char *flag;         /* lanes x hidden: the unit flat on every row of the lane */
    size_t *pred, *targ;         /* lanes x classes: rows predicted as, labelled as class c */
    size_t *rows;                /* lanes: rows seen */
    double *params;              /* n_params: the weights of the pass (lane 0 copies them) */
} final_watch;

struct mlp_diagnose {
    mlp_diagnose_options o;
    long epochs;                 /* epochs fed */
    double min_loss;
    long min_epoch;
    double last_loss;
    double first_loss;
    double start_loss;           /* mlp_diagnose_start: the initial weights' loss in
                                    mini-batches; NaN when not taken */
    double recent[MLP_DIAG_EXPLODE_EPOCHS]; /* ring of the losses before the current one */
    long n_recent;
    int exploded;
    int rose;                    /* loss-rose was found (by judge_curve, before the units) */
    int stopped;                 /* mlp_diagnose_stopped: interrupted before its end */
    int linear;                  /* the finished net is linear in its inputs, with an output
                                    and loss whose best linear fit is a convex problem: 1 with
                                    no hidden layer, 2 with hidden layers all "linear" (set by
                                    finish) */
    int linear_chance;           /* linear, and no input correlated with the targets
                                    (MLP_DIAG_LINEAR_R2): no linear model beats chance, so
                                    no rate or seed helps (set by finish) */
    double linear_left;          /* a linear net with mse: the share of the targets' variance
                                    the least-squares fit on the inputs leaves (linfit), so
                                    that its best fit's loss is this x the chance loss; NaN
                                    when not judged (set with linear_chance) */
    int left_given;              /* linear_left was taken on the rows of the curve judged
                                    (mlp_diagnose_measure_best_fit), where the chance loss
                                    was: neither correlations nor finish takes it again on
                                    theirs (a refit's every row) */
    int rank_limited;            /* linear with a hidden layer narrower than both the inputs
                                    and the outputs: it makes only a lower-rank fit, worse
                                    than the least-squares one, so linear_left does not give
                                    its best fit's loss (set by shape_of) */
    int uncorrelated_given;      /* 0: finish judges the correlations on its rows; else
                                    mlp_diagnose_correlations judged them on every
                                    process's rows: 1 correlated, 2 none */
    size_t narrow;               /* a nonlinear net's narrowest hidden layer, when at most
                                    MLP_DIAG_NARROW units wide; else 0 (set by finish) */
    int classifier_pair;         /* its output and loss are softmax + cross_entropy or sigmoid
                                    + binary_cross_entropy (set by finish) */
    int l2_holds;                /* the finished net's weights are held by l2: 1 near zero,
                                    2 at the penalty's balance (set by finish) */
    double l2_rms, l2_penalty;   /* their rms and (l2/2) sum W^2 (set by finish) */
    double l2_loss;              /* the loss the penalty is compared with: model_loss when
                                    given, else the curve's last (set by finish) */
    double model_loss;           /* the loss of the weights finish is given
                                    (mlp_diagnose_model_loss); NaN: not given */
    int l2_named;                /* l2-too-large was reported (by judge_curve) */
    mlp_finding explode;
    double rate_up;              /* > 0: trials showed the rate too small to leave chance
                                    (settle_rates); the run's one suggested rate */
    double rate_up_stable;       /* the largest rate those trials found stable, 0: none
                                    (mlp_diagnose_larger_rates) */
    double rate_up_trains;       /* the largest of them whose loss left chance, 0: none */
    long rate_up_epochs;         /* their length */
    int rate_up_edge;            /* a rate tried was not stable */
    int rate_up_open;            /* the rate_up named comes from the largest rate tried,
                                    all stable: the edge lies above (settle_rates) */
    int rate_down;               /* the trials left chance at no rate while the output
                                    saturated: the rate is too large (settle_rates) */
    mlp_activation out_act;      /* the output's activation (set by shape_of) */
    mlp_loss out_loss;           /* the net's loss (set by shape_of) */
    long band_start;             /* first epoch of the current run near chance, 0 when outside */
    double val_low;              /* the lowest validation loss fed (INFINITY: none) */
    long val_low_epoch;          /* its epoch; 0 without a validation set */
    double floor;                /* the rows' floor (row_floor): the loss of predicting each
                                    group of rows with the same inputs by its best constant,
                                    which no model beats; NaN when not taken */
    size_t floor_rows;           /* the rows in groups whose targets differ */
    int floor_unknown;           /* no floor could be taken: under a reduce each process
                                    holds a share of the rows, and a group of equal inputs
                                    split over them loses some of its spread */
    int floor_given;             /* floor was taken on the curve's rows, or is not to be
                                    taken (a process's share of them): finish takes it no
                                    more */
    long *h_epoch;               /* history: MLP_DIAG_HISTORY entries */
    double *h_loss;
    size_t h_n;
    long stride;                 /* epochs between history entries */
    final_watch w;               /* the training run's final evaluation, when watched */
};

/* ------------------------------------------------------------------------ */

double mlp_diagnose_chance(mlp_loss loss, const double *T, size_t N, size_t K, int *ln_k)
{
    return mlp_loss_chance(loss, T, N, K, ln_k);
}

int mlp_diagnose_left_chance(double loss, double chance_loss)
{
    double c = chance_loss;
    return !(isfinite(c) && c > 0) || loss < c * (1 - MLP_DIAG_CHANCE_TOL);
}

double mlp_diagnose_target_divisor(mlp_activation out, mlp_loss loss, size_t n_labels,
                                   const double *T, size_t N, size_t K)
{
    const mlp_activation_info *a = mlp_activation_info_of(out);
    if (n_labels > 0 || (a->flags & MLP_ACT_FLAG_ROWS) || a->hi != INFINITY ||
        mlp_loss_info_of(loss)->targets != MLP_LOSS_TARGETS_VALUES || !T)
        return 0;
    double mag = 0;
    for (size_t i = 0; i < N * K; i++)
        mag = fmax(mag, fabs(T[i]));
    return mag > MLP_DIAG_LARGE_TARGET && isfinite(mag) ? pow(10.0, floor(log10(mag))) : 0;
}

double mlp_diagnose_weights_rms(const mlp_net *net)
{
    double s = 0.0;
    size_t n = 0;
    for (size_t l = 0; l < net->n_layers; l++) {
        size_t k = net->layers[l].n_in * net->layers[l].n_out;
        for (size_t i = 0; i < k; i++)
            s += net->layers[l].W[i] * net->layers[l].W[i];
        n += k;
    }
    return n ? sqrt(s / (double)n) : 0.0;
}

mlp_diagnose *mlp_diagnose_create(const mlp_diagnose_options *opts, mlp_error *err)
{
    mlp_diagnose *d = mlp_alloc_zero(1, sizeof *d);
    if (d) {
        d->h_epoch = mlp_alloc(MLP_DIAG_HISTORY, sizeof *d->h_epoch);
        d->h_loss = mlp_alloc(MLP_DIAG_HISTORY, sizeof *d->h_loss);
    }
    if (!d || !d->h_epoch || !d->h_loss) {
        mlp_diagnose_free(d);
        mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the diagnosis");
        return NULL;
    }
    d->o = *opts;
    d->min_loss = INFINITY;
    d->last_loss = NAN;
    d->first_loss = NAN;
    d->start_loss = NAN;
    d->linear_left = NAN;
    d->val_low = INFINITY;
    d->floor = NAN;
    d->model_loss = NAN;
    d->stride = 1;
    return d;
}

void mlp_diagnose_free(mlp_diagnose *d)
{
    if (!d)
        return;
    free(d->h_epoch);
    free(d->h_loss);
    free(d->w.flag);
    free(d->w.pred);
    free(d->w.targ);
    free(d->w.rows);
    free(d->w.params);
    free(d);
}

/* ------------------------------------------------------------------------ */
/* The curve, epoch by epoch. */

static void remember(mlp_diagnose *d, long epoch, double loss)
{
    if ((epoch - 1) % d->stride != 0)
        return;
    if (d->h_n == MLP_DIAG_HISTORY) {
        /* Keep every other entry: the history now covers twice the epochs. */
        size_t k = 0;
        for (size_t i = 0; i < d->h_n; i += 2, k++) {
            d->h_epoch[k] = d->h_epoch[i];
            d->h_loss[k] = d->h_loss[i];
        }
        d->h_n = k;
        d->stride *= 2;
        if ((epoch - 1) % d->stride != 0)
            return;
    }
    d->h_epoch[d->h_n] = epoch;
    d->h_loss[d->h_n] = loss;
    d->h_n++;
}

static int near_chance(const mlp_diagnose *d, double loss)
{
    double c = d->o.chance_loss;
    return isfinite(c) && c > 0 && fabs(loss - c) <= MLP_DIAG_CHANCE_TOL * c;
}

/* Scaling the inputs, as this run can have it: "normalize": "standard".
 * A run from --init-weights takes its normalisation from the weights file
 * (a spec that changes it is refused), so it is told to train without
 * them. */
static const char *scale_inputs(const mlp_diagnose *d)
{
    return d->o.init_given ? "scale the inputs (\"normalize\": \"standard\", training without "
                             "--init-weights, whose file keeps its own scaling)"
                           : "scale the inputs (\"normalize\": \"standard\")";
}

/* What a hint that divides far targets adds when raw inputs reach far too:
 * both make the steps large, and naming one cure per run (targets first)
 * sent the user back for the second (house prices by area, 500 to 3500:
 * "divide the targets by 10000", and only the next run "scale the inputs"). */
static const char *also_inputs(const mlp_diagnose *d, char *buf, size_t size)
{
    if (!d->o.inputs_far)
        return "";
    mlp_c_snprintf(buf, size, "; also %s: raw inputs beyond %g make the steps large too",
                   scale_inputs(d), MLP_DIAG_LARGE_INPUT);
    return buf;
}

/* The next step of every finding about the size of the steps: the run's
 * one suggested rate (optimizer.h); an optimizer without a learning rate
 * (irprop-, learning_rate 0 here) has a largest step instead. Targets far
 * from the outputs' scale make the steps large whatever the rate: then
 * dividing them is the step, as the pre-flight's target-scale and the
 * error of a run that diverged say (a smaller rate named here beside
 * them was a second cure for one run, docs/diagnostics.md "One rate per
 * run"). */
static const char *next_step(const mlp_diagnose *d, char *buf, size_t size)
{
    if (d->o.target_divisor > 0) {
        char also[256];
        mlp_c_snprintf(buf, size, "divide the targets by %g, and multiply the predictions by it%s",
                       d->o.target_divisor, also_inputs(d, also, sizeof also));
        return buf;
    }
    if (d->o.inputs_far) {
        /* Raw inputs beyond MLP_DIAG_LARGE_INPUT make every gradient of
         * the first layer large: a smaller rate only moves the blow-up
         * (relu at 0.5, then 5e-05, then 5e-06 all blew up), scaling ends
         * it. No rate is named, as for far targets. */
        mlp_c_snprintf(buf, size, "%s: raw inputs beyond %g make the steps large at any rate",
                       d->o.init_given ? "scale the inputs (\"normalize\": \"standard\", "
                                         "training without --init-weights)"
                                       : "scale the inputs (\"normalize\": \"standard\")",
                       MLP_DIAG_LARGE_INPUT);
        return buf;
    }
    if (!(d->o.learning_rate > 0))
        return "try a smaller \"delta_max\"";
    if (d->rate_up > 0 && d->rate_up_open) {
        mlp_c_snprintf(buf, size, "find the rate with mlptrain --lr-scan %g:%g",
                       d->rate_up_stable, d->rate_up_stable * 1e4);
        return buf;
    }
    if (d->rate_up > 0) {
        mlp_c_snprintf(buf, size, "try learning_rate %g", d->rate_up);
        return buf;
    }
    return mlp_optimizer_rate_advice(&d->o.advice, d->o.learning_rate, buf, size);
}

/* "the learning rate 0.5", or "the steps" without one, or when targets or
 * inputs far from the outputs' scale make them large (next_step). */
static const char *rate_name(const mlp_diagnose *d, char *buf, size_t size)
{
    if (!(d->o.learning_rate > 0) || d->o.target_divisor > 0 || d->o.inputs_far)
        return "the steps are";
    mlp_c_snprintf(buf, size, "the learning rate %g is", d->o.learning_rate);
    return buf;
}

/* The first epoch of the run's last stretch of a loss within
 * MLP_DIAG_PLATEAU_TOL of the last one: read from the history backwards, so
 * the length is exact to the history's stride. */
static long flat_since(const mlp_diagnose *d)
{
    long flat_from = d->epochs;
    for (size_t i = d->h_n; i-- > 0;) {
        if (!(fabs(d->h_loss[i] - d->last_loss) <= MLP_DIAG_PLATEAU_TOL * fabs(d->last_loss)))
            break;
        flat_from = d->h_epoch[i];
    }
    return flat_from;
}

/* A loss that has not moved at all since epoch 1, at a learning rate. */
static int never_moved(const mlp_diagnose *d)
{
    return d->h_n && flat_since(d) <= d->h_epoch[0] && d->o.learning_rate > 0;
}

/* The run the schedule spans (mlp_schedule_factor's E). */
static long schedule_span(const mlp_diagnose *d)
{
    return d->o.schedule_epochs > 0 ? d->o.schedule_epochs : d->epochs;
}

/* The highest factor of the learning rate the run fed so far reached: 1,
 * unless it ended inside a warm-up (mlp_schedule_highest). */
static double reached_factor(const mlp_diagnose *d)
{
    if (!d->o.schedule || !(d->o.learning_rate > 0) || d->epochs < 1)
        return 1.0;
    return mlp_schedule_highest(d->o.schedule, 1, d->epochs, schedule_span(d));
}

/* A run that ended inside its warm-up, which held the rate below
 * MLP_DIAG_DECAYED of it all along: the warm-up, not the rate or the
 * initial weights, is what a loss that stays shows (XOR at 0.5 with a
 * warm-up of 100000 epochs trained at 0.0025 at most in 500). */
static int in_warmup(const mlp_diagnose *d)
{
    return d->o.schedule && d->epochs <= d->o.schedule->warmup &&
           reached_factor(d) < MLP_DIAG_DECAYED;
}

/* "the learning rate 0.05", or, where a warm-up that did not end kept the
 * run below it, the rate the run reached, which is the one judged: "the
 * highest rate the warm-up reached, 0.0125 (of learning_rate 0.05),"; the
 * subject of "may be too small" or "is too small". */
static const char *judged_rate(const mlp_diagnose *d, char *buf, size_t size)
{
    double top = reached_factor(d);
    if (top < 1)
        mlp_c_snprintf(buf, size, "the highest rate the warm-up reached, %g (of learning_rate %g),",
                       d->o.learning_rate * top, d->o.learning_rate);
    else
        mlp_c_snprintf(buf, size, "the learning rate %g", d->o.learning_rate);
    return buf;
}

/* A loss that has not moved since epoch 1: the steps may be too small to
 * move it. A scan from the rate up finds one that trains; naming a rate
 * here could contradict the run's one suggestion (a smaller one). */
static void hint_too_small(const mlp_diagnose *d, mlp_finding *f, const char *lead)
{
    double lr = d->o.learning_rate * reached_factor(d);
    char rate[128];
    mlp_finding_hint(f, "%s%s may be too small to move it: find one that trains with mlptrain "
                        "--lr-scan %g:%g", lead, judged_rate(d, rate, sizeof rate), lr, lr * 1e4);
}

/* A run that ended no lower than chance, whose rate trials from the same
 * initial weights showed far below the edge of stability: the rate the
 * trials recommend (--lr-scan's rule), with --restarts 10 when the run can
 * take it (a net of few units, XOR's 2 sigmoid units, may still settle in a
 * local minimum at a good rate). */
static void hint_rate_up(const mlp_diagnose *d, mlp_finding *f, const char *lead)
{
    const mlp_diagnose_options *o = &d->o;
    if (d->rate_up_open) {
        /* No rate tried was unstable: the largest is no edge, and a tenth
         * of it no recommendation (at 1e-05, stable up to 0.1 named 0.01,
         * which stays at chance; the edge was 4.64). A scan from there
         * finds it; no rate is named. */
        mlp_finding_hint(f, "%sthe learning rate %g is too small to leave chance level: %ld-epoch "
                            "trials from the same initial weights were stable at every rate "
                            "tried, up to %g, so the largest stable rate lies above it: find it "
                            "with mlptrain --lr-scan %g:%g",
                         lead, o->learning_rate, d->rate_up_epochs, d->rate_up_stable,
                         d->rate_up_stable, d->rate_up_stable * 1e4);
        return;
    }
    /* Rates above the largest that left chance, stable at chance, are
     * named too: the rate named is a tenth of that one, not of them. */
    char left[96] = "";
    if (d->rate_up_trains > 0 && d->rate_up_trains < d->rate_up_stable)
        mlp_c_snprintf(left, sizeof left, ", and left chance level up to rate %g",
                       d->rate_up_trains);
    mlp_finding_hint(f, "%sthe learning rate %g is too small to leave chance level: %ld-epoch "
                        "trials from the same initial weights were stable up to rate %g%s; try "
                        "learning_rate %g%s",
                     lead, o->learning_rate, d->rate_up_epochs, d->rate_up_stable, left,
                     d->rate_up,
                     o->restarts > 1 || o->init_given
                         ? ""
                         : ", with --restarts 10 to keep the best of 10 runs");
}

/* A run whose output saturated, where trials of larger rates left chance
 * at none (settle_rates): the steps were too large, not too small. The
 * rate named is the run's one suggestion (next_step), as every other
 * message of the run names it. Behind loss-plateau's message, which said
 * the output units saturated (lead ""), "them"; else they are named. */
static void hint_rate_down(const mlp_diagnose *d, mlp_finding *f, const char *lead)
{
    char next[384], what[64];
    if (lead[0])
        snprintf(what, sizeof what, "saturated the %s output", mlp_activation_name(d->out_act));
    else
        snprintf(what, sizeof what, "drove them there");
    mlp_finding_hint(f, "%sthe learning rate %g is too large: its steps %s, and %ld-epoch "
                        "trials from the same initial weights at larger rates, stable up to %g, "
                        "did not leave chance level either; %s",
                     lead, d->o.learning_rate, what, d->rate_up_epochs, d->rate_up_stable,
                     next_step(d, next, sizeof next));
}

/* Other initial weights, as this run can have them: another --seed (or the
 * best of --restarts 10, unless the run already was the best of several).
 * A run from --init-weights draws none (--seed changes nothing and
 * --restarts is refused with it): it is told to train without them. */
static const char *other_weights(const mlp_diagnose *d, char *buf, size_t size)
{
    if (d->o.init_given)
        snprintf(buf, size, "train without --init-weights, from random initial weights, with "
                            "--restarts 10 to keep the best of 10 runs");
    else
        snprintf(buf, size, "try another --seed%s", d->o.restarts > 1 ? "" : " (or --restarts 10)");
    return buf;
}

/* What follows "scale them" in a hint about raw inputs far beyond
 * MLP_DIAG_LARGE_INPUT: the run's way to other initial weights, if any. */
static const char *after_scaling(const mlp_diagnose_options *o)
{
    return o->init_given ? ", training without --init-weights"
           : o->restarts > 1 ? ""
                             : ", then try another --seed";
}

/* The cure of a linear network, said once for every hint that names it:
 * a hidden layer where it has none (d->linear 1), else a nonlinearity in
 * the hidden layers it has. */
static const char *nonlinear_cure(const mlp_diagnose *d)
{
    return d->linear == 1 ? "add a hidden layer, e.g. 16 tanh units"
                          : "use \"tanh\" or \"relu\" in its hidden layers";
}

/* A linear network whose inputs, even weighted together, do not correlate
 * with the targets: no linear model does better than chance (XOR),
 * whatever the rate or seed; a nonlinearity is the fix. */
static void hint_linear(const mlp_diagnose *d, mlp_finding *f, const char *lead)
{
    mlp_finding_hint(f, "%s%s, and no weighted sum of the inputs correlates with the targets, so "
                        "no linear model does better than chance: %s",
                     lead, d->linear == 1 ? "a network without hidden layers is linear"
                                          : "its hidden layers are all linear, so the network "
                                            "is linear",
                     nonlinear_cure(d));
}

/* A hidden layer of MLP_DIAG_NARROW units or fewer passes that many numbers
 * on: a bottleneck other seeds keep (XOR on 2-1-1 stalled at 0.479 in 9 of
 * 10 restarts), so a wider network comes before them. */
static void hint_narrow(const mlp_diagnose *d, mlp_finding *f, const char *lead)
{
    mlp_finding_hint(f, "%swiden the network: a hidden layer of %zu %s passes only %s on, a "
                        "bottleneck that other initial weights keep; give it more units, e.g. 8",
                     lead, d->narrow, mlp_plural((long)d->narrow, "unit", "units"),
                     d->narrow == 1 ? "one number" : "that many numbers");
}

/* A plateau that began after the schedule had cut the rate to a sliver:
 * the schedule's doing, not a local minimum. Its keys are step's: only a
 * step schedule cuts the rate below MLP_DIAG_DECAYED early enough for the
 * stay to fill MLP_DIAG_CHANCE_SHARE of the run (constant holds 1 after
 * its warm-up; cosine falls below 0.2 only in the last 30% of the epochs
 * after it), and a run still in its warm-up is hint_warmup's. */
static void hint_decayed(const mlp_diagnose *d, mlp_finding *f, long from, double cut)
{
    mlp_finding_hint(f, "from epoch %ld the schedule trains at %.3g x learning_rate (%g): let the "
                        "rate fall later or less (a larger \"every\", a \"factor\" nearer 1, or "
                        "\"cosine\")",
                     from, cut, d->o.learning_rate * cut);
}

/* A run that ended inside its warm-up (in_warmup): the rate never got
 * near learning_rate. The cure is a warm-up that ends early in the run;
 * a tenth of it is the usual share (docs/diagnostics.md, warmup-past-run). */
static void hint_warmup(const mlp_diagnose *d, mlp_finding *f, const char *lead)
{
    const mlp_schedule *sc = d->o.schedule;
    double top = reached_factor(d);
    char cure[96];
    if (d->epochs / 10 > 0)
        snprintf(cure, sizeof cure, "shorten \"warmup\" to a tenth of the run or less, e.g. %ld",
                 d->epochs / 10);
    else
        snprintf(cure, sizeof cure, "remove \"warmup\"");
    mlp_finding_hint(f, "%sthe run ended in its warm-up of %ld %s, at %.3g x learning_rate (%g) "
                        "at most: %s",
                     lead, sc->warmup, mlp_plural(sc->warmup, "epoch", "epochs"), top,
                     d->o.learning_rate * top, cure);
}

/* ------------------------------------------------------------------------ */
/* Why a loss stays where it is. loss-at-chance and loss-plateau look for
 * the same causes, in the order of this enum (stuck_cause_of), and name the
 * first the run shows: what the cause is, is said once, here. */

/* Why the loss has not moved, where the curve shows it (judge_curve): not
 * at all since epoch 1 (the steps too small to move it: a tiny rate), or
 * only since the schedule had cut the rate to a sliver of it. Neither is a
 * local minimum that other initial weights would escape. */
typedef struct {
    long flat_from;  /* the first epoch of the last flat stretch (flat_since) */
    double cut;      /* the schedule's factor of the rate at flat_from; 1 without one */
    int not_moved;   /* never_moved */
    int decayed;     /* moved once, and cut below MLP_DIAG_DECAYED after the warm-up */
    int warming;     /* in_warmup: the run ended in a warm-up below MLP_DIAG_DECAYED */
} stall;

typedef enum {
    STUCK_TARGETS,       /* targets far from the outputs' scale (target_divisor) */
    STUCK_NO_HIDDEN,     /* no hidden layer: a linear model at its best fit */
    STUCK_LINEAR_HIDDEN, /* hidden layers all "linear": the same */
    STUCK_RATE_UP,       /* trials showed the rate too small to leave chance */
    STUCK_RATE_DOWN,     /* the output saturated, and larger rates left chance at none */
    STUCK_INPUTS_FAR,    /* raw inputs beyond MLP_DIAG_LARGE_INPUT hold the units */
    STUCK_SHORT_NO_HIDDEN,     /* no hidden layer, above its best fit (short_of_fit) */
    STUCK_SHORT_LINEAR_HIDDEN, /* hidden layers all "linear": the same */
    STUCK_FLOOR,         /* at the rows' floor: inputs shared by rows of other targets */
    STUCK_WARMUP,        /* stall.warming: checked before the rate's trials and causes */
    STUCK_NOT_MOVED,     /* stall.not_moved */
    STUCK_DECAYED,       /* stall.decayed */
    STUCK_NARROW,        /* a hidden layer of MLP_DIAG_NARROW units or fewer */
    STUCK_CONVERGED,     /* the validation loss stopped improving long before the end */
    STUCK_SEEDS_OR_FLOOR, /* none of those, and the rows' floor unknown (floor_unknown) */
    STUCK_SEEDS          /* none of those: the initial weights */
} stuck_cause;

/* What holds the loss, said at the end of loss-plateau's message ("...
 * above the 0.693 of an output that ignores its inputs: <why>").
 * loss-at-chance's message names no cause: its hint says it where the
 * cure does not (hint_stuck). */
static const char *const stuck_why[] = {
    [STUCK_TARGETS] = "the outputs are still far from targets of that size",
    [STUCK_NO_HIDDEN] = "a network without hidden layers has reached the best fit it can make",
    [STUCK_LINEAR_HIDDEN] = "its hidden layers are all linear, so the network is linear and has "
                            "reached the best fit it can make",
    [STUCK_RATE_UP] = "training has not left the start",
    [STUCK_RATE_DOWN] = "the output units have saturated (f'(z) near 0 passes almost no "
                        "gradient)",
    [STUCK_INPUTS_FAR] = "training is stuck, its units held by raw inputs",
    [STUCK_SHORT_NO_HIDDEN] = "a network without hidden layers has not reached the best fit it "
                              "can make",
    [STUCK_SHORT_LINEAR_HIDDEN] = "its hidden layers are all linear, so the network is linear, "
                                  "and it has not reached the best fit it can make",
    [STUCK_FLOOR] = "it is at the floor of these rows",
    [STUCK_WARMUP] = "the run is still in its warm-up, at a sliver of the learning rate",
    [STUCK_NOT_MOVED] = "it has not moved since epoch 1",
    [STUCK_DECAYED] = "the schedule had cut the learning rate by then",
    [STUCK_NARROW] = "training is stuck behind a hidden layer too narrow",
    [STUCK_CONVERGED] = "the fit has converged",
    [STUCK_SEEDS_OR_FLOOR] = "training is stuck, in a local minimum or at the floor of rows "
                             "that share their inputs with rows of other targets, which the "
                             "processes of mpirun, each holding a share of the rows, cannot "
                             "measure",
    [STUCK_SEEDS] = "training is stuck, likely in a local minimum",
};

/* The loss of the best fit a linear network can make, where it is known:
 * the chance loss when no linear model beats chance (linear_chance: the
 * gradient at the best constant is 0, and the loss is convex; a hidden
 * layer of any width passes the constant on, so a narrow one too); with mse
 * and no l2 (which holds the weights short of the least-squares fit), the
 * chance loss, the targets' mean variance, times the share of it the
 * least-squares fit leaves (linear_left: (1 - R^2) var(y) for one column),
 * unless a narrow hidden layer limits the net to a lower-rank fit
 * (rank_limited), whose loss is above that one ([2, 1, 2] on two targets
 * stayed at its rank-1 optimum 0.482 and was told the least-squares 0.0852
 * was within reach). Else NaN: a logistic fit's loss has no closed form. */
static double best_linear_loss(const mlp_diagnose *d)
{
    double c = d->o.chance_loss;
    if (!d->linear || !isfinite(c))
        return NAN;
    if (d->linear_chance)
        return c;
    return d->o.l2 > 0 || d->rank_limited ? NAN : c * d->linear_left;
}

/* A linear network whose loss stays more than MLP_DIAG_CHANCE_TOL x the
 * chance loss (the band loss-at-chance allows) above the best fit it can
 * make: not at its best fit, whatever the curve's plateau looks like. XOR
 * on [2, 1] at rate 1e-4 stayed at 0.793, above the ln 2 its best fit
 * reaches, and was told it "has reached the best fit it can make". A loss
 * that blew up or rose is no rate too small. */
static int short_of_fit(const mlp_diagnose *d)
{
    double best = best_linear_loss(d);
    return isfinite(best) && !d->exploded && !d->rose &&
           d->last_loss > best + MLP_DIAG_CHANCE_TOL * d->o.chance_loss;
}

/* A plateau at the rows' floor (row_floor): within MLP_DIAG_CHANCE_TOL x
 * the chance loss of it, the band loss-at-chance and short_of_fit allow a
 * level. No model, rate or seed goes below it: the rows the network cannot
 * tell apart hold other targets (36 rows of 9 inputs, each twice at
 * x^2/4 + 0.3 and twice at x^2/4 - 0.3, fitted to their floor 0.09 and
 * were told "likely in a local minimum; try another --seed"). */
static int near_floor(const mlp_diagnose *d)
{
    return isfinite(d->floor) && d->floor > 0 &&
           d->last_loss <= d->floor + MLP_DIAG_CHANCE_TOL * d->o.chance_loss;
}

/* At the floor where rows of other targets share inputs (floor_rows > 0):
 * the data keeps the model there, and the rows are worth checking. */
static int at_floor(const mlp_diagnose *d)
{
    return near_floor(d) && d->floor_rows > 0;
}

/* At a floor no two rows' inputs make: soft targets (probabilities) with
 * binary cross-entropy keep their own entropy, which a perfect fit has
 * too. That is the best fit, not a stuck run nor a data mistake (60 rows
 * of distinct inputs fitted to p = 0.5 + 0.3 sin 3x and q = 0.5 - 0.3 sin
 * 2x were told "at the floor of these rows, 0.588 ...: 0 rows share their
 * inputs ...; check those rows for copying or labelling mistakes"). */
static int fitted_own_floor(const mlp_diagnose *d)
{
    return near_floor(d) && d->floor_rows == 0;
}

/* The validation loss has not improved on its lowest for the last
 * MLP_DIAG_CHANCE_EPOCHS epochs or more (what early stopping waits for):
 * a training loss that stays there has converged on what the network
 * generalises, whether or not other weights would do better, which one
 * run cannot tell (census-house, early-stopped 500 epochs after its best,
 * was told "likely in a local minimum", and --restarts 4 all ended at the
 * same loss). */
static int val_converged(const mlp_diagnose *d)
{
    return d->val_low_epoch > 0 && d->epochs - d->val_low_epoch >= MLP_DIAG_CHANCE_EPOCHS;
}

/* The first cause the run shows of a loss at chance (at_chance) or on a
 * plateau off it. */
static stuck_cause stuck_cause_of(const mlp_diagnose *d, int at_chance, const stall *s)
{
    const mlp_diagnose_options *o = &d->o;
    int short_fit = short_of_fit(d);
    if (o->target_divisor > 0)
        return STUCK_TARGETS;
    /* A linear network at its best fit, which no rate or seed changes. At
     * chance, when no linear model beats chance (linear_chance). Off it, a
     * linear network's loss is convex in its weights (a linear or logistic
     * model): a loss that stays has no local minimum to escape, only the
     * best fit such a model can make; unless trials showed the rate too
     * small to leave chance: that loss is above chance, where the best
     * linear fit is not; or the loss stays above that fit where it is
     * known (short_of_fit). */
    if (!short_fit && (at_chance ? d->linear_chance : d->linear && !(d->rate_up > 0)))
        return d->linear == 1 ? STUCK_NO_HIDDEN : STUCK_LINEAR_HIDDEN;
    /* At the floor no other network, rate or seed helps. After the linear
     * network's best fit, which is said alike under mpirun, where no floor
     * is taken (lx1's 0/1 targets, two rows of one input at 0 and 1: a
     * linear net at 0.174, its best fit and the floor 0.173 both). */
    if (!at_chance && at_floor(d))
        return STUCK_FLOOR;
    /* A warm-up that held the rate to a sliver all run: neither the rate
     * nor the seed was tried (the larger-rate trials do not run). */
    if (s->warming)
        return STUCK_WARMUP;
    if (d->rate_up > 0)
        return STUCK_RATE_UP;
    if (d->rate_down)
        return STUCK_RATE_DOWN;
    /* Before a loss that has not moved: raw inputs hold the units from the
     * first step, at any rate. */
    if (o->inputs_far)
        return STUCK_INPUTS_FAR;
    /* A linear network short of its best fit has no local minimum on the
     * way: its steps are too small to get there, which a loss that has
     * not moved shows too; unless the schedule cut them (stall.decayed,
     * never with not_moved), which is said as for any net. */
    if (short_fit && !s->decayed)
        return d->linear == 1 ? STUCK_SHORT_NO_HIDDEN : STUCK_SHORT_LINEAR_HIDDEN;
    if (s->not_moved)
        return STUCK_NOT_MOVED;
    if (s->decayed)
        return STUCK_DECAYED;
    if (d->narrow)
        return STUCK_NARROW;
    if (!at_chance && val_converged(d))
        return STUCK_CONVERGED;
    /* Under mpirun no floor is taken: the plateau may be the rows' floor,
     * where no seed helps (noisy rows at their floor 0.09 were told
     * "likely in a local minimum; try another --seed" on 2 processes). */
    if (!at_chance && d->floor_unknown)
        return STUCK_SEEDS_OR_FLOOR;
    return STUCK_SEEDS;
}

/* A linear network short of its best fit (short_of_fit), whose loss is
 * convex: the rate first, too small to get there in the run's epochs (a
 * scan from it names no rate, so it cannot contradict the run's one
 * suggestion; an optimizer without one is told to train longer), then
 * the nonlinearity, since that fit is chance level where no weighted sum of
 * the inputs correlates with the targets, and falls short of what a
 * nonlinear net fits where some does. name_fit: the hint names the fit
 * and its loss, where the message has not. */
static void hint_short(const mlp_diagnose *d, mlp_finding *f, const char *lead, int name_fit)
{
    const mlp_diagnose_options *o = &d->o;
    char fit[96], cure[192];
    if (name_fit)
        mlp_c_snprintf(fit, sizeof fit, "the best fit a linear model can make, a loss of %.3g,",
                       best_linear_loss(d));
    else
        snprintf(fit, sizeof fit, "it");
    snprintf(cure, sizeof cure, "%s, %s", nonlinear_cure(d),
             d->linear_chance ? "since no weighted sum of the inputs correlates with the "
                                "targets, so even that fit is no better than chance"
                              : "to fit what a linear model cannot");
    double reached = o->learning_rate * reached_factor(d);
    char rate[128];
    if (o->learning_rate > 0)
        mlp_finding_hint(f, "%s%s is too small to reach %s in %ld %s: find a larger one with "
                            "mlptrain --lr-scan %g:%g, then %s",
                         lead, judged_rate(d, rate, sizeof rate), fit, d->epochs,
                         mlp_plural(d->epochs, "epoch", "epochs"), reached, reached * 1e4, cure);
    else
        mlp_finding_hint(f, "%sthe steps did not reach %s in %ld %s: train longer (try --epochs "
                            "%ld), then %s",
                         lead, fit, d->epochs, mlp_plural(d->epochs, "epoch", "epochs"),
                         2 * d->epochs, cure);
}

/* None of the causes the run shows. At chance: other initial weights, then
 * a smaller rate, and normalising unless the inputs are on the unit scale
 * already; the alternatives to a seed stay short, "(or --restarts 10)",
 * before that ", then". Off chance, a local minimum: other initial weights
 * alone, the last words of the hint, so --restarts is told at length. */
static void hint_seeds(const mlp_diagnose *d, mlp_finding *f, int at_chance)
{
    const mlp_diagnose_options *o = &d->o;
    char other[160];
    other_weights(d, other, sizeof other);
    if (at_chance && (o->inputs_standardized || o->inputs_small))
        mlp_finding_hint(f, "the network is not using its inputs: %s, then a smaller "
                            "learning_rate", other);
    else if (at_chance)
        mlp_finding_hint(f, "the network is not using its inputs: %s, then a smaller "
                            "learning_rate or \"normalize\": \"standard\"", other);
    else if (o->restarts > 1)
        mlp_finding_hint(f, "the best of %ld runs stalled here: try other initial weights "
                            "(another --seed), a wider network, or another learning_rate",
                         o->restarts);
    else if (o->init_given)
        mlp_finding_hint(f, "start from other initial weights: %s", other);
    else
        mlp_finding_hint(f, "start from other initial weights: try another --seed, or "
                            "--restarts 10 to keep the best of 10 runs");
}

/* Most of the restarts reached the kept loss: more than half of them.
 * Then other seeds mostly end where the best did, and a tenth is unlikely
 * to do better; two runs stuck at the same height of ten prove nothing. */
static int most_reached(const mlp_diagnose_options *o)
{
    return o->restarts > 1 && 2 * o->restarts_reached > (size_t)o->restarts;
}

/* A converged fit (val_converged): more epochs do not lower it. Whether
 * other initial weights do is what --restarts measures; where most runs
 * end at the same loss (most_reached), it is what this network makes of
 * these inputs, and only other inputs or another network go lower. A
 * single run cannot tell that from a local minimum (XOR's 0.35 with a
 * validation loss that stopped with it): the hint names both. */
static void hint_converged(const mlp_diagnose *d, mlp_finding *f)
{
    const mlp_diagnose_options *o = &d->o;
    if (most_reached(o))
        mlp_finding_hint(f, "%zu of the %ld runs converged at this loss, so more epochs or "
                            "seeds will not lower it: it is what this network makes of these "
                            "inputs; a lower loss needs other inputs or another network",
                         o->restarts_reached, o->restarts);
    else if (o->restarts > 1)
        mlp_finding_hint(f, "more epochs will not lower it; only %zu of the %ld runs reached "
                            "this loss, too few to tell a local minimum from what this network "
                            "makes of these inputs: more runs (a larger --restarts) tell",
                         o->restarts_reached, o->restarts);
    else if (o->init_given)
        mlp_finding_hint(f, "more epochs will not lower it; one run cannot tell a local minimum "
                            "from what this network makes of these inputs: train without "
                            "--init-weights, with --restarts 10: where most end at the same "
                            "loss, it is the network's");
    else
        mlp_finding_hint(f, "more epochs will not lower it; one run cannot tell a local minimum "
                            "from what this network makes of these inputs: try --restarts 10: "
                            "where most end at the same loss, it is the network's");
}

/* The hint of loss-at-chance (at_chance) or loss-plateau for cause c. Where
 * they differ, loss-at-chance's hint also says the cause, which its message
 * does not ("the network is not using its inputs" is what a loss at chance
 * shows), while loss-plateau's message has said it (stuck_why). */
static void hint_stuck(const mlp_diagnose *d, mlp_finding *f, stuck_cause c, int at_chance,
                       const stall *s)
{
    const mlp_diagnose_options *o = &d->o;
    switch (c) {
    case STUCK_TARGETS: {
        char also[256];
        mlp_finding_hint(f, "%s by %g, and multiply the predictions by it%s",
                         at_chance ? "the targets are far from the outputs' starting scale: "
                                     "divide them"
                                   : "divide the targets",
                         o->target_divisor, also_inputs(d, also, sizeof also));
        break;
    }
    case STUCK_NO_HIDDEN:
    case STUCK_LINEAR_HIDDEN:
        /* At chance, no weighted sum of the inputs correlates with the
         * targets (hint_linear, as one-class says); off it, the best
         * linear fit is below chance, and a nonlinearity fits the rest. */
        if (at_chance)
            hint_linear(d, f, "");
        else
            mlp_finding_hint(f, "%s, to fit what a linear model cannot", nonlinear_cure(d));
        break;
    case STUCK_RATE_UP:
        hint_rate_up(d, f, "");
        break;
    case STUCK_RATE_DOWN:
        hint_rate_down(d, f, "");
        break;
    case STUCK_SHORT_NO_HIDDEN:
    case STUCK_SHORT_LINEAR_HIDDEN:
        hint_short(d, f, at_chance ? "the network is not using its inputs: " : "", at_chance);
        break;
    case STUCK_INPUTS_FAR:
        /* Scaling first, as one-class, saturated and feature-scales in the
         * same run say; then other initial weights, where the run can
         * have them. */
        mlp_finding_hint(f, "%s far beyond %g: scale them (\"normalize\": \"standard\")%s",
                         at_chance ? "the network is not using its inputs, which reach"
                                   : "the inputs reach",
                         MLP_DIAG_LARGE_INPUT, after_scaling(o));
        break;
    case STUCK_FLOOR:
        mlp_finding_hint(f, "no training lowers it: check those rows for copying or labelling "
                            "mistakes, or add an input that tells them apart");
        break;
    case STUCK_WARMUP:
        hint_warmup(d, f, at_chance ? "the network is not using its inputs yet: " : "");
        break;
    case STUCK_NOT_MOVED:
        hint_too_small(d, f, "");
        break;
    case STUCK_DECAYED:
        hint_decayed(d, f, s->flat_from, s->cut);
        break;
    case STUCK_NARROW:
        hint_narrow(d, f, at_chance ? "the network is not using its inputs: " : "");
        break;
    case STUCK_CONVERGED:
        hint_converged(d, f);
        break;
    case STUCK_SEEDS_OR_FLOOR:
        mlp_finding_hint(f, "mlptrain --check on this config, in one process, finds such rows "
                            "(conflicting-duplicates), and a run in one process measures their "
                            "floor; where there are none, it is a local minimum");
        break;
    case STUCK_SEEDS:
        hint_seeds(d, f, at_chance);
        break;
    }
}

static void advise(const mlp_diagnose *d, mlp_finding *f)
{
    char next[384];
    mlp_finding_hint(f, "%s", next_step(d, next, sizeof next));
}

void mlp_diagnose_stopped(mlp_diagnose *d)
{
    d->stopped = 1;
}

static int judged_to_end(const mlp_diagnose *d)
{
    return !d->stopped && d->epochs >= MLP_DIAG_MIN_EPOCHS;
}

/* loss-rose's test on the curve's end (judge_curve reports it). */
static int rose_at_end(const mlp_diagnose *d, double final)
{
    const mlp_diagnose_options *o = &d->o;
    return d->epochs >= 2 && d->min_loss > 0 && isfinite(final) &&
           final >= MLP_DIAG_RISE_FACTOR * d->min_loss &&
           !(o->batched && isfinite(o->chance_loss) &&
             final <= MLP_DIAG_FALLING_FLOOR * o->chance_loss);
}

int mlp_diagnose_wants_larger_rates(const mlp_diagnose *d)
{
    const mlp_diagnose_options *o = &d->o;
    double c = o->chance_loss, last = d->last_loss;
    return o->learning_rate > 0 && !(o->advice.rate > 0) && !(o->target_divisor > 0) &&
           !o->inputs_far && !in_warmup(d) && judged_to_end(d) && !d->exploded &&
           !rose_at_end(d, last) &&
           isfinite(c) && c > 0 && isfinite(last) && last >= (1 - MLP_DIAG_CHANCE_TOL) * c;
}

void mlp_diagnose_larger_rates(mlp_diagnose *d, const mlp_lrscan_trial *trials, size_t n,
                               long epochs)
{
    d->rate_up_stable = 0;
    d->rate_up_trains = 0;
    d->rate_up_edge = 0;
    d->rate_up_epochs = epochs;
    for (size_t i = 0; i < n && !d->rate_up_edge; i++) {
        if (!trials[i].stable) {
            d->rate_up_edge = 1;
            break;
        }
        d->rate_up_stable = trials[i].rate;
        if (mlp_diagnose_left_chance(trials[i].final_loss, d->o.chance_loss))
            d->rate_up_trains = trials[i].rate;
    }
}

int mlp_diagnose_output_held(mlp_activation out, mlp_loss loss, double value,
                             double chance_loss)
{
    /* The fused pairs' gradient, y - t, leaves f' out: only an unfused
     * loss (mse) loses it where a saturating output flattens. */
    const mlp_loss_info *li = mlp_loss_info_of(loss);
    int saturates = (mlp_activation_info_of(out)->flags & MLP_ACT_FLAG_SATURATES) &&
                    !(li && li->fused && li->output == out);
    return saturates && isfinite(chance_loss) && chance_loss > 0 &&
           value > (1 + MLP_DIAG_CHANCE_TOL) * chance_loss;
}

/* Whether the run's loss is held by its output (mlp_diagnose_output_held):
 * no rate leaves that, larger ones keep it (a tanh output with mse on 0/1
 * targets at rate 10 sat at 0.48, chance 0.25, and so did 20-epoch trials
 * at every rate up to 1e+09). */
static int held_by_output(const mlp_diagnose *d)
{
    return mlp_diagnose_output_held(d->out_act, d->out_loss, d->last_loss, d->o.chance_loss);
}

/* What the larger-rate trials (mlp_diagnose_larger_rates) say of the
 * run's rate, by --lr-scan's rule (lrscan.h): the largest stable rate
 * counts only when its loss left chance. When none did and the run shows
 * what holds its loss at any rate (held_by_output), the rate is too large
 * where the steps moved the loss (rate_down), and is not named too small
 * ("the learning rate 10 is too small to leave chance level ... up to
 * 1e+09" was told to that tanh output). Else the trials were too short to
 * tell, and the largest stable rate stands, as --lr-scan keeps it (XOR's 2
 * sigmoid units under mse stay near 0.25 for 20 epochs at every rate, and
 * at a tenth of the largest stable one fit). Needs the net's shape
 * (shape_of), so it is settled at finish. */
static void settle_rates(mlp_diagnose *d)
{
    double top = d->rate_up_trains;
    d->rate_up = 0;
    d->rate_up_open = 0;
    d->rate_down = 0;
    if (!(d->rate_up_stable > 0))
        return;
    if (!(top > 0)) {
        if (held_by_output(d)) {
            d->rate_down = !never_moved(d);
            return;
        }
        top = d->rate_up_stable;
    }
    double r = top / MLP_LRSCAN_SAFETY;
    d->rate_up = isfinite(r) && r > d->o.learning_rate ? r : 0;
    d->rate_up_open = !d->rate_up_edge && top == d->rate_up_stable;
}

/* The loss-exploding finding, reset, with its figure and threshold. */
static void start_explode(mlp_finding *f, double measured, double threshold)
{
    memset(f, 0, sizeof *f);
    snprintf(f->code, sizeof f->code, "loss-exploding");
    f->severity = MLP_SEVERITY_WARNING;
    f->measured = measured;
    f->threshold = threshold;
}

/* The lowest loss of the epochs before `epoch` that the ring `recent`
 * holds (the last MLP_DIAG_EXPLODE_EPOCHS), and its epoch in *low_epoch. */
static double recent_low(const mlp_diagnose *d, long epoch, long *low_epoch)
{
    size_t have = d->n_recent < MLP_DIAG_EXPLODE_EPOCHS ? (size_t)d->n_recent
                                                        : MLP_DIAG_EXPLODE_EPOCHS;
    double low = INFINITY;
    *low_epoch = 0;
    for (size_t i = 0; i < have; i++) {
        /* recent[(n_recent - 1 - i) % E] is the loss of epoch (epoch - 1 - i). */
        double v = d->recent[(size_t)(d->n_recent - 1 - (long)i) % MLP_DIAG_EXPLODE_EPOCHS];
        if (v < low) {
            low = v;
            *low_epoch = epoch - 1 - (long)i;
        }
    }
    return low;
}

/* Where the run started: the initial weights' loss where it was taken
 * (mlp_diagnose_start, in mini-batches), else epoch 1's, which in full
 * batch is that loss. Epoch 1's mean over batches is taken during its
 * updates: moons in batches of 1 at rate 1 went from 0.8608 to a mean of
 * 1.997 in epoch 1, and 1.999 later was called "back above where it
 * started", a start the pre-flight and --lr-scan put at 0.8608. */
static double started_at(const mlp_diagnose *d, const char **what)
{
    int initial = d->o.batched && isfinite(d->start_loss);
    if (what)
        *what = initial ? "the initial weights'" : "epoch 1's";
    return initial ? d->start_loss : d->first_loss;
}

/* loss-exploding at `epoch`, whose loss is finite: said once, as soon as
 * it shows (the trainer goes on), so it is found here, epoch by epoch, and
 * kept for finish. The finding (d->explode) when it shows now, else NULL. */
static const mlp_finding *judge_exploding(mlp_diagnose *d, long epoch, double loss)
{
    if (d->exploded || d->n_recent <= 0)
        return NULL;
    long low_epoch;
    double low = recent_low(d, epoch, &low_epoch);
    char who[64];
    mlp_finding *f = &d->explode;
    const char *whose;
    double start = started_at(d, &whose);
    if (low > 0 && loss >= MLP_DIAG_EXPLODE_FACTOR * low &&
        (!d->o.batched || loss > start)) {
        start_explode(f, loss / low, MLP_DIAG_EXPLODE_FACTOR);
        mlp_finding_message(f, "the loss rose %.3gx in %ld epoch%s, from %.4g at epoch %ld "
                               "to %.4g at epoch %ld: %s too large",
                            f->measured, epoch - low_epoch,
                            mlp_plural(epoch - low_epoch, "", "s"), low, low_epoch, loss,
                            epoch, rate_name(d, who, sizeof who));
    } else if (d->min_loss <= MLP_DIAG_BACK_FALL * start && loss > start) {
        /* Slower than 10x in 5 epochs, but back above where the run
         * started after halving it: steps that overshoot again and again
         * (a sine fitted at rate 0.1 went from 0.07 back to 1.42, above
         * its start 1.29, every few hundred epochs). */
        start_explode(f, loss / start, 1);
        mlp_finding_message(f, "the loss went back above where it started: %.4g at epoch %ld, "
                               "above %s %.4g, after it had fallen to %.4g at epoch "
                               "%ld: %s too large",
                            loss, epoch, whose, start, d->min_loss, d->min_epoch,
                            rate_name(d, who, sizeof who));
    }
    if (!f->code[0])
        return NULL;
    advise(d, f);
    d->exploded = 1;
    return f;
}

const mlp_finding *mlp_diagnose_epoch(mlp_diagnose *d, const mlp_epoch_stats *s)
{
    double loss = s->loss;
    d->epochs = s->epoch;
    d->last_loss = loss;
    if (s->epoch == 1 || isnan(d->first_loss))
        d->first_loss = loss;
    remember(d, s->epoch, loss);
    if (!isfinite(loss))
        return NULL; /* the trainer stops and says so itself */
    if (near_chance(d, loss)) {
        if (!d->band_start)
            d->band_start = s->epoch;
    } else {
        d->band_start = 0;
    }
    const mlp_finding *now = judge_exploding(d, s->epoch, loss);
    d->recent[(size_t)d->n_recent % MLP_DIAG_EXPLODE_EPOCHS] = loss;
    d->n_recent++;
    if (loss < d->min_loss) {
        d->min_loss = loss;
        d->min_epoch = s->epoch;
    }
    if (isfinite(s->val_loss) && s->val_loss < d->val_low) {
        d->val_low = s->val_loss;
        d->val_low_epoch = s->epoch;
    }
    return now;
}

/* ------------------------------------------------------------------------ */
int mlp_diagnose_unit_flat(mlp_activation act, double a)
{
    const mlp_activation_info *in = mlp_activation_info_of(act);
    if (!in)
        return 0;
    if (in->flags & MLP_ACT_FLAG_SATURATES)
        return in->slope(a) < MLP_DIAG_SATURATION_SLOPE;
    if (in->flags & MLP_ACT_FLAG_CAN_DIE)
        return a <= in->lo;
    return 0;
}

/* The final network over the training set. */

typedef struct {
    size_t sat_units, sat_total;   /* hidden units of saturating kinds (sigmoid, tanh)
                                    * saturated on every row, of all */
    unsigned sat_kinds;            /* which kinds are among the total, bit 1 << kind */
    size_t dead_units, dead_total; /* the same for kinds that can die (relu) */
    unsigned dead_kinds;
    size_t predicted_classes;    /* distinct predicted classes */
    size_t target_classes;       /* distinct target classes */
    size_t only_class;           /* the predicted class when there is one */
} final_pass;

static size_t hidden_units(const mlp_net *net)
{
    size_t hidden = 0;
    for (size_t l = 0; l + 1 < net->n_layers; l++)
        hidden += net->sizes[l + 1];
    return hidden;
}

/* One chunk of the final pass: A[l] the output of layer l (rows,
 * sizes[l+1]), T the targets (rows, K). flag[u] stays 1 while hidden unit u
 * is flat (mlp_diagnose_unit_flat) on every row so far: a unit found not
 * flat is not looked at again, so after the first chunks the check costs
 * little more than a look at each flag. With n_classes > 1 it also counts
 * the rows of each predicted and each target class. */
static void count_chunk(const mlp_net *net, const double *const *A, const double *T, size_t rows,
                        size_t n_classes, unsigned char *flag, size_t *pred, size_t *targ)
{
    size_t L = net->n_layers, K = net->sizes[L], u0 = 0;
    for (size_t l = 0; l + 1 < L; l++) {
        const double *a = A[l];
        size_t n = net->sizes[l + 1];
        mlp_activation act = net->layers[l].act;
        for (size_t u = 0; u < n; u++)
            for (size_t r = 0; r < rows && flag[u0 + u]; r++)
                flag[u0 + u] = (unsigned char)mlp_diagnose_unit_flat(act, a[r * n + u]);
        u0 += n;
    }
    if (n_classes > 1) {
        const double *y = A[L - 1];
        for (size_t r = 0; r < rows; r++) {
            size_t p = mlp_net_class_of(y + r * K, K), q = mlp_net_class_of(T + r * K, K);
            pred[p < n_classes ? p : n_classes - 1]++;
            targ[q < n_classes ? q : n_classes - 1]++;
        }
    }
}

/* The counts of the whole pass into fp. */
static void sum_up(const mlp_net *net, const unsigned char *flag, const size_t *pred,
                   const size_t *targ, size_t n_classes, final_pass *fp)
{
    memset(fp, 0, sizeof *fp);
    size_t u0 = 0;
    for (size_t l = 0; l + 1 < net->n_layers; l++) {
        size_t n = net->sizes[l + 1];
        const mlp_activation_info *in = mlp_activation_info_of(net->layers[l].act);
        for (size_t u = 0; u < n; u++) {
            if (in->flags & MLP_ACT_FLAG_SATURATES) {
                fp->sat_total++;
                fp->sat_units += flag[u0 + u];
                fp->sat_kinds |= 1u << in->kind;
            } else if (in->flags & MLP_ACT_FLAG_CAN_DIE) {
                fp->dead_total++;
                fp->dead_units += flag[u0 + u];
                fp->dead_kinds |= 1u << in->kind;
            }
        }
        u0 += n;
    }
    for (size_t c = 0; c < n_classes && n_classes > 1; c++) {
        if (pred[c]) {
            fp->predicted_classes++;
            fp->only_class = c;
        }
        fp->target_classes += targ[c] > 0;
    }
}

/* The pass of its own, when the training run's was not watched. */
static mlp_status run_final(const mlp_net *net, const mlp_dataset *data, size_t n_classes,
                            final_pass *fp, mlp_error *err)
{
    size_t L = net->n_layers, hidden = hidden_units(net);
    size_t C = n_classes > 1 ? n_classes : 1;
    unsigned char *flag = mlp_alloc(hidden ? hidden : 1, 1);
    size_t *pred = mlp_alloc_zero(C, sizeof *pred);
    size_t *targ = mlp_alloc_zero(C, sizeof *targ);
    mlp_workspace *ws = flag && pred && targ ? mlp_workspace_create(net, 0, err) : NULL;
    if (!ws) {
        free(flag);
        free(pred);
        free(targ);
        mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the diagnosis");
        return MLP_ERR_NOMEM;
    }
    memset(flag, 1, hidden ? hidden : 1);
    const double *A[MLP_MAX_LAYERS];
    for (size_t l = 0; l < L; l++)
        A[l] = mlp_workspace_output(ws, l);
    size_t n_in = net->sizes[0], K = net->sizes[L], chunk = mlp_workspace_chunk_rows(ws);
    for (size_t r0 = 0; r0 < data->n_rows; r0 += chunk) {
        size_t rows = data->n_rows - r0 < chunk ? data->n_rows - r0 : chunk;
        mlp_net_forward(net, ws, data->X + r0 * n_in, rows);
        count_chunk(net, A, data->Y + r0 * K, rows, n_classes, flag, pred, targ);
    }
    sum_up(net, flag, pred, targ, n_classes, fp);
    mlp_workspace_free(ws);
    free(flag);
    free(pred);
    free(targ);
    return MLP_OK;
}

mlp_status mlp_diagnose_watch(mlp_diagnose *d, const mlp_net *net, const mlp_dataset *data,
                              int threads, mlp_error *err)
{
    final_watch *w = &d->w;
    free(w->flag);
    free(w->pred);
    free(w->targ);
    free(w->rows);
    free(w->params);
    memset(w, 0, sizeof *w);
    if (!net || !data)
        return MLP_OK;
    size_t lanes = threads < 1 ? 1 : threads > 64 ? 64 : (size_t)threads;
    size_t hidden = hidden_units(net), hidden1 = hidden ? hidden : 1;
    size_t C = d->o.n_labels > 1 ? d->o.n_labels : 1;
    w->flag = mlp_alloc(lanes, hidden1);
    w->pred = mlp_alloc_zero(lanes * C, sizeof *w->pred);
    w->targ = mlp_alloc_zero(lanes * C, sizeof *w->targ);
    w->rows = mlp_alloc_zero(lanes, sizeof *w->rows);
    w->params = mlp_alloc(net->n_params, sizeof *w->params);
    if (!w->flag || !w->pred || !w->targ || !w->rows || !w->params) {
        mlp_diagnose_watch(d, NULL, NULL, 0, NULL);
        return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the diagnosis");
    }
    memset(w->flag, 1, lanes * hidden1);
    w->net = net;
    w->X = data->X;
    w->Y = data->Y;
    w->n_rows = data->n_rows;
    w->lanes = lanes;
    w->hidden = hidden1;
    w->classes = C;
    return MLP_OK;
}

void mlp_diagnose_start(mlp_diagnose *d, const mlp_net *net, const mlp_dataset *data)
{
    /* Full batch: epoch 1's loss is the initial weights' already; a
     * second pass would cost for nothing. */
    if (!d || !d->o.batched || !net || !data || !data->Y || !data->n_rows)
        return;
    mlp_error err;
    mlp_workspace *ws = mlp_workspace_create(net, 0, &err);
    if (!ws)
        return; /* epoch 1's loss stands */
    mlp_net_pass p = mlp_net_evaluate(net, ws, data->X, data->Y, data->n_rows, 0);
    mlp_workspace_free(ws);
    if (p.rows == data->n_rows && isfinite(p.loss))
        d->start_loss = p.loss;
}

void mlp_diagnose_final_chunk(void *ctx, size_t lane, size_t row0, const double *const *A,
                              const double *T, size_t rows)
{
    final_watch *w = &((mlp_diagnose *)ctx)->w;
    if (!w->net || lane >= w->lanes)
        return; /* its rows go uncounted: finish then makes its own pass */
    if (lane == 0 && row0 == 0)
        memcpy(w->params, w->net->params, w->net->n_params * sizeof *w->params);
    count_chunk(w->net, A, T, rows, w->classes > 1 ? w->classes : 0, w->flag + lane * w->hidden,
                w->pred + lane * w->classes, w->targ + lane * w->classes);
    w->rows[lane] += rows;
}

/* The counts of the watched pass into fp, when it was a pass of this net,
 * with the weights it has now, over every row of data; else 0. */
static int watched_pass(mlp_diagnose *d, const mlp_net *net, const mlp_dataset *data,
                        final_pass *fp)
{
    final_watch *w = &d->w;
    if (!w->net || w->net != net || w->X != data->X || w->Y != data->Y ||
        w->n_rows != data->n_rows)
        return 0;
    size_t rows = 0;
    for (size_t k = 0; k < w->lanes; k++)
        rows += w->rows[k];
    if (rows != data->n_rows || memcmp(w->params, net->params, net->n_params * sizeof *w->params))
        return 0;
    /* lane 0's counts take the others' in (AND of the flags, sums of the
     * counts), once: the pass is then one lane's */
    for (size_t k = 1; k < w->lanes; k++) {
        for (size_t u = 0; u < w->hidden; u++)
            w->flag[u] &= w->flag[k * w->hidden + u];
        for (size_t c = 0; c < w->classes; c++) {
            w->pred[c] += w->pred[k * w->classes + c];
            w->targ[c] += w->targ[k * w->classes + c];
        }
    }
    w->lanes = 1;
    w->rows[0] = rows;
    sum_up(net, w->flag, w->pred, w->targ, w->classes > 1 ? w->classes : 0, fp);
    return 1;
}

/* ------------------------------------------------------------------------ */

_Static_assert(MLP_ACT_COUNT <= 32, "kind sets are bits of an unsigned");

/* The names of the activations in `kinds` (bit 1 << code), in code order:
 * "sigmoid", "sigmoid and tanh", "a, b and c". */
static void kind_names(unsigned kinds, char *buf, size_t size)
{
    size_t used = 0, left = 0;
    buf[0] = '\0';
    for (int a = 0; a < MLP_ACT_COUNT; a++)
        left += (kinds >> a) & 1u;
    for (int a = 0; a < MLP_ACT_COUNT && used < size; a++) {
        if (!((kinds >> a) & 1u))
            continue;
        left--;
        int w = snprintf(buf + used, size - used, "%s%s", mlp_activation_name((mlp_activation)a),
                         left > 1 ? ", " : left == 1 ? " and " : "");
        if (w < 0)
            return;
        used += (size_t)w;
    }
}

static mlp_finding *add(mlp_findings *out, const char *code, mlp_error *err)
{
    return mlp_findings_add(out, code, MLP_SEVERITY_WARNING, err);
}

/* The loss at `epoch`: the lowest of the history's entry at or before it
 * and the MLP_DIAG_NEAR entries before that, so that a one-epoch spike (a
 * noisy curve rises 20% in an epoch, now and then) is not taken for the
 * level the curve fell from, while a curve that falls smoothly keeps its
 * own value there (the ones before it are higher). *at is that entry's
 * epoch. */
static double loss_near(const mlp_diagnose *d, long epoch, long *at)
{
    size_t i = 0;
    while (i + 1 < d->h_n && d->h_epoch[i + 1] <= epoch)
        i++;
    if (!d->h_n || d->h_epoch[i] > epoch)
        return NAN;
    size_t lo = i >= MLP_DIAG_NEAR ? i - MLP_DIAG_NEAR : 0;
    size_t hi = i;
    double v = d->h_loss[i];
    *at = d->h_epoch[i];
    for (size_t k = lo; k <= hi; k++)
        if (d->h_loss[k] < v) {
            v = d->h_loss[k];
            *at = d->h_epoch[k];
        }
    return v;
}


/* How long the loss has stayed near chance (band_start), when that is
 * loss-at-chance: for MLP_DIAG_CHANCE_EPOCHS epochs or more and at least
 * MLP_DIAG_CHANCE_SHARE of the run; else 0. */
static long chance_stay(const mlp_diagnose *d)
{
    long band = d->band_start ? d->epochs - d->band_start + 1 : 0;
    return band >= MLP_DIAG_CHANCE_EPOCHS &&
                   (double)band >= MLP_DIAG_CHANCE_SHARE * (double)d->epochs
               ? band
               : 0;
}

/* How long the loss has stayed flat (flat_since), when that is long enough
 * for loss-plateau, as chance_stay, and the loss is above
 * MLP_DIAG_PLATEAU_FLOOR x the chance loss; else 0. Against a chance loss
 * of 0 (targets all one value: one row) every loss above 0 is "above
 * chance", a perfect fit of 1e-32 too: no plateau is judged there. */
static long plateau_stay(const mlp_diagnose *d)
{
    double c = d->o.chance_loss;
    long flat = d->h_n ? d->epochs - flat_since(d) + 1 : 0;
    return isfinite(c) && c > 0 && d->last_loss > MLP_DIAG_PLATEAU_FLOOR * c &&
                   flat >= MLP_DIAG_CHANCE_EPOCHS &&
                   (double)flat >= MLP_DIAG_CHANCE_SHARE * (double)d->epochs
               ? flat
               : 0;
}

/* The last MLP_DIAG_FALLING_WINDOW of the run, at least
 * MLP_DIAG_FALLING_MIN_EPOCHS: where still-falling and falling_slowly
 * measure the fall. */
static long falling_window(const mlp_diagnose *d)
{
    long window = (long)ceil(MLP_DIAG_FALLING_WINDOW * (double)d->epochs);
    return window < MLP_DIAG_FALLING_MIN_EPOCHS ? MLP_DIAG_FALLING_MIN_EPOCHS : window;
}

/* Whether judge_curve would report loss-rose, loss-at-chance or
 * loss-plateau. */
static int stuck(const mlp_diagnose *d, double final)
{
    return rose_at_end(d, final) || chance_stay(d) || plateau_stay(d);
}

/* The l2-too-large finding f of a run whose penalty holds its weights
 * (l2_holds): the penalty, not the seed or the rate, so it stands instead
 * of loss-rose, loss-at-chance, loss-plateau and one-class. */
static void say_l2(mlp_diagnose *d, mlp_finding *f)
{
    double final = d->l2_loss; /* the loss of the weights measured (finish) */
    const mlp_diagnose_options *o = &d->o;
    d->l2_named = 1;
    if (d->l2_holds == 1) {
        mlp_finding_message(f, "l2 %g holds the weights near zero: their root mean square "
                               "fell from %.3g to %.3g, and the loss (without the penalty) "
                               "ended at %.4g",
                            o->l2, o->initial_weights_rms, d->l2_rms, final);
        f->measured = d->l2_rms / o->initial_weights_rms;
        f->threshold = MLP_DIAG_L2_SHRUNK;
    } else {
        mlp_finding_message(f, "l2 %g holds the weights at the penalty's balance: the "
                               "penalty (l2/2) sum W^2 is %.3g, %.0f%% of the loss %.4g (which "
                               "leaves it out), and the loss stays there",
                            o->l2, d->l2_penalty, 100 * d->l2_penalty / final, final);
        f->measured = d->l2_penalty / final;
        f->threshold = MLP_DIAG_L2_SHARE;
    }
    mlp_finding_hint(f, "try a smaller l2, e.g. %g, or none", o->l2 / 10);
}

/* What the run's end says at once: a loss that blew up (found by
 * mlp_diagnose_epoch), an l2 that holds the weights (*held: then nothing
 * more of the curve is said), or a loss that rose. */
static mlp_status judge_rise(mlp_diagnose *d, double final, mlp_findings *out, int *held,
                             mlp_error *err)
{
    mlp_finding *f;
    *held = 0;
    if (d->exploded) {
        if (!(f = add(out, "loss-exploding", err)))
            return MLP_ERR_NOMEM;
        *f = d->explode;
    } else if (d->l2_holds && stuck(d, final)) {
        if (!(f = add(out, "l2-too-large", err)))
            return MLP_ERR_NOMEM;
        say_l2(d, f);
        *held = 1;
    } else if (rose_at_end(d, final)) {
        /* (In mini-batches a final loss below a hundredth of chance is a
         * fit: its rise over the lowest epoch mean is the batches' noise.) */
        if (!(f = add(out, "loss-rose", err)))
            return MLP_ERR_NOMEM;
        d->rose = 1;
        f->measured = final / d->min_loss;
        f->threshold = MLP_DIAG_RISE_FACTOR;
        char who[64];
        mlp_finding_message(f, "the loss ended at %.4g, %.3gx its lowest value %.4g (epoch %ld): "
                            "%s too large",
                            final, f->measured, d->min_loss, d->min_epoch,
                            rate_name(d, who, sizeof who));
        advise(d, f);
    }
    return MLP_OK;
}

/* How long the loss has not moved, and why, where the run shows it. */
static stall stall_of(const mlp_diagnose *d)
{
    const mlp_diagnose_options *o = &d->o;
    stall s = {.flat_from = flat_since(d), .not_moved = never_moved(d), .cut = 1};
    /* The highest factor over the flat stretch: a stretch that began in a
     * warm-up and outlasted it trained at the full rate, and one inside it
     * was rising, not cut (its factor at flat_from called XOR's warm-up
     * of 100000 epochs a decay). */
    if (o->schedule && o->learning_rate > 0 && s.flat_from >= 1 && s.flat_from <= d->epochs)
        s.cut = mlp_schedule_highest(o->schedule, s.flat_from, d->epochs, schedule_span(d));
    s.warming = in_warmup(d);
    s.decayed = !s.not_moved && !s.warming && s.cut < MLP_DIAG_DECAYED;
    return s;
}

/* loss-at-chance's message in f, of a loss near chance for `band` epochs. */
static void say_at_chance(const mlp_diagnose *d, long band, mlp_finding *f)
{
    const mlp_diagnose_options *o = &d->o;
    char what[160], shown[32], chance[32];
    size_t k = o->n_classes > 1 ? o->n_classes : 2;
    /* "= ln 2" only where the figures shown are equal: within the band
     * 0.697 is near ln 2 = 0.693, not equal to it. */
    mlp_c_snprintf(shown, sizeof shown, "%.3g", d->last_loss);
    mlp_c_snprintf(chance, sizeof chance, "%.3g", o->chance_loss);
    int same = strcmp(shown, chance) == 0;
    if (o->chance_is_ln_k && same)
        snprintf(what, sizeof what, " = ln %zu, chance level for %zu classes,", k, k);
    else if (o->chance_is_ln_k)
        snprintf(what, sizeof what, ", near ln %zu = %s, chance level for %zu classes,", k,
                 chance, k);
    else if (same)
        snprintf(what, sizeof what, ", the loss of an output that ignores its inputs,");
    else
        snprintf(what, sizeof what, ", near the %s of an output that ignores its inputs,",
                 chance);
    mlp_finding_message(f, "the loss has stayed at %.3g%s for the last %ld epochs", d->last_loss,
                        what, band);
}

/* The findings of a loss that stays: at chance (*at_chance), or on a
 * plateau off it (*plateau), each with the cause the run shows. */
static mlp_status judge_stay(mlp_diagnose *d, mlp_findings *out, int *at_chance, int *plateau,
                             mlp_error *err)
{
    mlp_finding *f;
    const mlp_diagnose_options *o = &d->o;
    stall s = stall_of(d);
    long band = chance_stay(d), flat = plateau_stay(d);
    *at_chance = band > 0;
    /* A plateau at the targets' own floor is the best fit: nothing to say. */
    *plateau = !*at_chance && !d->exploded && flat > 0 && !fitted_own_floor(d);
    if (*at_chance) {
        if (!(f = add(out, "loss-at-chance", err)))
            return MLP_ERR_NOMEM;
        say_at_chance(d, band, f);
        hint_stuck(d, f, stuck_cause_of(d, 1, &s), 1, &s);
        f->measured = (double)band;
        f->threshold = MLP_DIAG_CHANCE_EPOCHS;
    }
    if (*plateau) {
        if (!(f = add(out, "loss-plateau", err)))
            return MLP_ERR_NOMEM;
        stuck_cause c = stuck_cause_of(d, 0, &s);
        /* Short of its best fit: that fit's loss, the "it" the hint says
         * the rate is too small to reach. */
        char best[160] = "";
        if (c == STUCK_SHORT_NO_HIDDEN || c == STUCK_SHORT_LINEAR_HIDDEN)
            mlp_c_snprintf(best, sizeof best, ", a loss of %.3g", best_linear_loss(d));
        else if (c == STUCK_FLOOR)
            mlp_c_snprintf(best, sizeof best, ", %.3g, which no model goes below: %zu rows "
                                              "share their inputs with rows of other targets",
                           d->floor, d->floor_rows);
        else if (c == STUCK_CONVERGED)
            mlp_c_snprintf(best, sizeof best, ": the validation loss has not improved on its "
                                              "lowest, %.4g at epoch %ld, in the %ld epochs since",
                           d->val_low, d->val_low_epoch, d->epochs - d->val_low_epoch);
        mlp_finding_message(f, "the loss has stayed at %.3g (within %g%%) for the last %ld epochs, "
                               "%s the %.3g of an output that ignores its inputs: %s%s",
                            d->last_loss, 100 * MLP_DIAG_PLATEAU_TOL, flat,
                            d->last_loss < o->chance_loss ? "far above 0 and below" : "above",
                            o->chance_loss, stuck_why[c], best);
        hint_stuck(d, f, c, 0, &s);
        f->measured = (double)flat;
        f->threshold = MLP_DIAG_CHANCE_EPOCHS;
    }
    return MLP_OK;
}

/* still-falling, of a run judged to its end whose loss neither stays nor
 * blew up. Falling fast: the last window still brings a good share of the
 * whole fall, i.e. the curve has not flattened, and a real part of the
 * loss.
 *
 * The share, (then - final) / (first - final), is a share of the whole
 * fall only when the curve fell before the window too: then <= first, so
 * that first - final = (first - then) + (then - final) with both parts
 * >= 0, and the share lies in (0, 1]. A window that starts above epoch 1's
 * loss follows a rise: its fall is the curve coming back, and the share
 * exploded (moons at rate 0.5 in batches of 16: 0.436 at epoch 1, 0.284
 * at epoch 12, then swings between 0.43 and 5.9; epoch 1000's 0.434 read as
 * "56935% of its whole fall"). And the window must reach new ground: the
 * run's lowest loss lies in it. A window that only comes back down to
 * where the curve had been before it is oscillating, not falling, and
 * more epochs of the same swings change nothing; a curve that has not
 * flattened is at its lowest in its last stretch. */
static mlp_status judge_falling(const mlp_diagnose *d, double final, mlp_findings *out,
                                mlp_error *err)
{
    const mlp_diagnose_options *o = &d->o;
    long window = falling_window(d);
    long at = 0;
    double then = d->epochs > window ? loss_near(d, d->epochs + 1 - window, &at) : NAN;
    double floor_loss = isfinite(o->chance_loss) ? MLP_DIAG_FALLING_FLOOR * o->chance_loss : 0.0;
    double fall = d->first_loss - final;
    if (!judged_to_end(d) || !isfinite(then) || !(then > 0) || !isfinite(final) ||
        !(final > floor_loss) || !(fall > 0) || then > d->first_loss ||
        d->min_epoch <= d->epochs - window)
        return MLP_OK;
    double drop = (then - final) / then, share = (then - final) / fall;
    if (!(drop > MLP_DIAG_FALLING_DROP && share > MLP_DIAG_FALLING_SHARE))
        return MLP_OK;
    mlp_finding *f = add(out, "still-falling", err);
    if (!f)
        return MLP_ERR_NOMEM;
    long span = d->epochs + 1 - at;
    mlp_finding_message(f, "the loss is still falling fast at the last epoch: the last "
                           "%ld epochs brought %.0f%% of its whole fall (it went from "
                           "%.4g to %.4g in them)",
                        span, 100 * share, then, final);
    mlp_finding_hint(f, "train longer: try --epochs %ld", 2 * d->epochs);
    f->measured = share;
    f->threshold = MLP_DIAG_FALLING_SHARE;
    return MLP_OK;
}

/* The findings of the curve: of any run, stopped or short too (what more
 * training would change is left to judge_falling's judged_to_end). */
static mlp_status judge_curve(mlp_diagnose *d, double final, mlp_findings *out, mlp_error *err)
{
    int held, at_chance, plateau;
    mlp_status st = judge_rise(d, final, out, &held, err);
    if (st || held)
        return st;
    st = judge_stay(d, out, &at_chance, &plateau, err);
    if (!st && !at_chance && !plateau && !d->exploded)
        st = judge_falling(d, final, out, err);
    return st;
}

/* A loss still going down at the end, slowly: not stuck (no loss-rose,
 * loss-at-chance or loss-plateau), ending at its lowest, below where the
 * run's last MLP_DIAG_FALLING_WINDOW began (into *then, from epoch *at).
 * Such a run predicting one class has not got there yet: XOR at 0.001
 * ended at 0.671, 3% below chance and falling, and was told a smaller
 * rate. */
static int falling_slowly(const mlp_diagnose *d, double *then, long *at)
{
    double final = d->last_loss;
    long window = falling_window(d);
    if (d->exploded || d->rose || !(d->o.learning_rate > 0) || d->epochs <= window ||
        stuck(d, final) || !(final <= d->min_loss))
        return 0;
    *then = loss_near(d, d->epochs + 1 - window, at);
    return isfinite(*then) && *then > final;
}

/* The stall of a run predicting one class, for stuck_cause_of: one-class
 * names a loss that has not moved only where the curve's finding
 * (loss-at-chance or loss-plateau, in out) said so, with the same hint,
 * not a smaller rate against it; and never the schedule's cut. */
static stall one_class_stall(const mlp_diagnose *d, const mlp_findings *out)
{
    stall s = stall_of(d);
    s.not_moved = s.not_moved && (mlp_findings_find(out, "loss-plateau") >= 0 ||
                                  mlp_findings_find(out, "loss-at-chance") >= 0);
    s.decayed = 0;
    return s;
}

/* one-class's hint: what the run shows, and what the spec does not do
 * already. Its causes are loss-at-chance's (stuck_cause_of, at chance: an
 * output that ignores its inputs is at chance), in their order, with its
 * own between them: a loss that blew up or rose, an output and loss not
 * made for classes or inputs not scaled, a loss still falling slowly.
 * Targets far from the outputs' scale are values, not classes (a
 * target_divisor is 0 with labels), and raw inputs far beyond
 * MLP_DIAG_LARGE_INPUT are not scaled, which is said first: neither cause
 * reaches its end. The words are its own ("the output ignores the
 * inputs"), as its message names no cause. */
static void hint_one_class(const mlp_diagnose *d, mlp_finding *f, const mlp_findings *out)
{
    static const char lead[] = "the output ignores the inputs: ";
    const mlp_diagnose_options *o = &d->o;
    char next[384], other[160], rate[128];
    double then, reached = o->learning_rate * reached_factor(d);
    long at;
    stall s = one_class_stall(d, out);
    stuck_cause c = stuck_cause_of(d, 1, &s);
    /* Inputs standardised, or within +-1 already (0/1 features): not
     * what normalising would change. */
    int scaled = o->inputs_standardized || o->inputs_small;
    if (c == STUCK_NO_HIDDEN || c == STUCK_LINEAR_HIDDEN)
        hint_linear(d, f, lead);
    else if (c == STUCK_SHORT_NO_HIDDEN || c == STUCK_SHORT_LINEAR_HIDDEN)
        hint_short(d, f, lead, 1);
    else if ((d->exploded || d->rose) && !o->inputs_far)
        mlp_finding_hint(f, "the output ignores the inputs since the loss %s: %s",
                         d->exploded ? "blew up" : "rose", next_step(d, next, sizeof next));
    else if (c == STUCK_WARMUP)
        hint_warmup(d, f, lead);
    else if (c == STUCK_RATE_UP)
        hint_rate_up(d, f, lead);
    else if (c == STUCK_RATE_DOWN)
        hint_rate_down(d, f, lead);
    else if (!d->classifier_pair && !scaled && o->init_given)
        mlp_finding_hint(f, "the output ignores the inputs: check that the output layer and "
                            "loss suit classification (softmax with cross_entropy, sigmoid "
                            "with binary_cross_entropy), then %s", scale_inputs(d));
    else if (!d->classifier_pair && !scaled)
        mlp_finding_hint(f, "the output ignores the inputs: check that the output layer and "
                            "loss suit classification (softmax with cross_entropy, sigmoid "
                            "with binary_cross_entropy), then normalise the features");
    else if (!d->classifier_pair)
        mlp_finding_hint(f, "the output ignores the inputs: check that the output layer and "
                            "loss suit classification (softmax with cross_entropy, sigmoid "
                            "with binary_cross_entropy)");
    else if (!scaled && o->init_given)
        mlp_finding_hint(f, "the output ignores the inputs: %s", scale_inputs(d));
    else if (!scaled)
        mlp_finding_hint(f, "the output ignores the inputs: normalise the features "
                            "(\"normalize\": \"standard\")");
    else if (c == STUCK_NOT_MOVED)
        hint_too_small(d, f, lead);
    else if (falling_slowly(d, &then, &at))
        /* Not there yet: more epochs or larger steps, not smaller. A
         * scan from the rate up names no rate, so it cannot contradict
         * the run's one suggestion. */
        mlp_finding_hint(f, "the output ignores the inputs so far: the loss is still falling "
                            "slowly (from %.4g at epoch %ld to %.4g), so %s may be too small: "
                            "train longer (try --epochs %ld) or find a larger rate with "
                            "mlptrain --lr-scan %g:%g",
                         then, at, d->last_loss, judged_rate(d, rate, sizeof rate),
                         2 * d->epochs, reached, reached * 1e4);
    else if (c == STUCK_NARROW)
        hint_narrow(d, f, lead);
    else
        mlp_finding_hint(f, "the output ignores the inputs: %s, then a smaller learning_rate",
                         other_weights(d, other, sizeof other));
}

static mlp_status judge_units(const mlp_diagnose *d, const final_pass *fp, size_t n_rows,
                              mlp_findings *out, mlp_error *err)
{
    mlp_finding *f;
    const mlp_diagnose_options *o = &d->o;
    if (fp->target_classes > 1 && fp->predicted_classes == 1 && judged_to_end(d) &&
        !d->l2_named) {
        if (!(f = add(out, "one-class", err)))
            return MLP_ERR_NOMEM;
        const char *name = o->labels && fp->only_class < o->n_labels ? o->labels[fp->only_class]
                                                                     : "?";
        mlp_finding_message(f, "all %zu rows are predicted as class \"%s\", though the targets "
                               "hold %zu classes",
                            n_rows, name, fp->target_classes);
        hint_one_class(d, f, out);
        f->measured = 1.0;
        f->threshold = 1.0;
    }
    /* Saturated units in a fit (the loss below MLP_DIAG_FALLING_FLOOR x
     * chance, what the curve takes for a fit) hold outputs that are right:
     * nothing to cure. XOR at rate 5, standardised, fits at 0.000367 of ln 2
     * = 0.693 with both sigmoid units saturated, and was warned again. */
    int fitted = isfinite(o->chance_loss) && o->chance_loss > 0 &&
                 d->last_loss < MLP_DIAG_FALLING_FLOOR * o->chance_loss;
    if (fp->sat_total && !fitted &&
        (double)fp->sat_units >= MLP_DIAG_SATURATED_SHARE * (double)fp->sat_total) {
        if (!(f = add(out, "saturated", err)))
            return MLP_ERR_NOMEM;
        char kind[128];
        kind_names(fp->sat_kinds, kind, sizeof kind);
        f->measured = (double)fp->sat_units / (double)fp->sat_total;
        f->threshold = MLP_DIAG_SATURATED_SHARE;
        mlp_finding_message(f, "%.0f%% of the %s hidden units (%zu of %zu) are saturated on "
                               "every row: f'(z) < %g there, so they pass almost no gradient",
                            100 * f->measured, kind, fp->sat_units, fp->sat_total,
                            MLP_DIAG_SATURATION_SLOPE);
        char next[384];
        if (o->target_divisor > 0)
            mlp_finding_hint(f, "divide the targets by %g, whose errors made the steps large, "
                                "and multiply the predictions by it%s",
                             o->target_divisor, also_inputs(d, next, sizeof next));
        else if (o->inputs_standardized)
            mlp_finding_hint(f, "the inputs are standardised, so the weights grew large: %s",
                             next_step(d, next, sizeof next));
        else if (o->inputs_far)
            /* Units saturated by raw inputs from the first step: scaling is
             * the cure, and a smaller rate on top of it trains too slowly
             * (wine, sigmoid units, 1000 epochs: 96% scaled at the rate, 33%
             * scaled at a tenth of it). */
            mlp_finding_hint(f, "%s: raw inputs beyond %g push the units into saturation from "
                                "the start",
                             scale_inputs(d), MLP_DIAG_LARGE_INPUT);
        else if (o->inputs_small)
            /* Inputs within +-1 (XOR's 0/1) are what scaling would give:
             * the weights grew large by the rate, as for one-class. */
            mlp_finding_hint(f, "the inputs are within +-%g already, so the weights grew large: %s",
                             MLP_DIAG_SMALL_INPUT, next_step(d, next, sizeof next));
        else
            mlp_finding_hint(f, "%s, then %s", scale_inputs(d), next_step(d, next, sizeof next));
    }
    if (fp->dead_total && (double)fp->dead_units >= MLP_DIAG_DEAD_SHARE * (double)fp->dead_total) {
        if (!(f = add(out, "dead-relu", err)))
            return MLP_ERR_NOMEM;
        char kind[128];
        kind_names(fp->dead_kinds, kind, sizeof kind);
        f->measured = (double)fp->dead_units / (double)fp->dead_total;
        f->threshold = MLP_DIAG_DEAD_SHARE;
        mlp_finding_message(f, "%.0f%% of the %s hidden units (%zu of %zu) are dead: they "
                               "output 0 on every row, so they get no gradient and never recover",
                            100 * f->measured, kind, fp->dead_units, fp->dead_total);
        char next[384];
        if (o->inputs_far && o->target_divisor > 0)
            /* Both far: both cures in the one hint (also_inputs). */
            mlp_finding_hint(f, "%s: raw inputs beyond %g push units below 0 on every row from "
                                "the start; also divide the targets by %g, and multiply the "
                                "predictions by it: their errors make the steps large too",
                             scale_inputs(d), MLP_DIAG_LARGE_INPUT, o->target_divisor);
        else if (o->inputs_far)
            /* Units dead at the initial weights, or killed by the huge
             * steps raw inputs make: no rate revives them. */
            mlp_finding_hint(f, "%s: raw inputs beyond %g push units below 0 on every row from "
                                "the start; or use \"leaky_relu\", whose slope below 0 keeps units "
                                "alive",
                             scale_inputs(d), MLP_DIAG_LARGE_INPUT);
        else
            mlp_finding_hint(f, "%s, or use \"leaky_relu\", whose slope below 0 keeps units alive",
                             next_step(d, next, sizeof next));
    }
    return MLP_OK;
}

/* How the net's shape limits it: linear (no hidden layer, or every hidden
 * layer "linear") with an output and loss whose best linear fit is convex
 * (the canonical pairs: linear + mse, sigmoid + binary cross-entropy,
 * softmax + cross-entropy), or a nonlinear net with a hidden layer of
 * MLP_DIAG_NARROW units or fewer. */
static void shape_of(mlp_diagnose *d, const mlp_net *net)
{
    mlp_activation out_act = net->layers[net->n_layers - 1].act;
    const mlp_loss_info *li = mlp_loss_info_of(net->loss);
    int convex = (li && li->fused && li->output == out_act) ||
                 ((mlp_activation_info_of(out_act)->flags & MLP_ACT_FLAG_LINEAR) &&
                  net->loss == MLP_LOSS_MSE);
    int all_linear = 1;
    size_t narrowest = SIZE_MAX;
    for (size_t l = 0; l + 1 < net->n_layers; l++) {
        all_linear &= (mlp_activation_info_of(net->layers[l].act)->flags &
                       MLP_ACT_FLAG_LINEAR) != 0;
        narrowest = net->sizes[l + 1] < narrowest ? net->sizes[l + 1] : narrowest;
    }
    d->linear = convex && all_linear ? (net->n_layers == 1 ? 1 : 2) : 0;
    d->out_act = out_act;
    d->out_loss = net->loss;
    d->narrow = !all_linear && narrowest <= MLP_DIAG_NARROW ? narrowest : 0;
    /* A product of matrices has at most its narrowest factor's rank: a
     * hidden layer narrower than both ends caps the linear map below the
     * rank the least-squares fit may use. */
    size_t ends = net->sizes[0] < net->sizes[net->n_layers] ? net->sizes[0]
                                                             : net->sizes[net->n_layers];
    d->rank_limited = d->linear == 2 && narrowest < ends;
}

/* ------------------------------------------------------------------------ */
/* The rows' floor. A network gives rows with the same inputs the same
 * output, so on each group of them it does at best what the best constant
 * does: the group's chance loss (mlp_loss_chance: the mean with mse, the
 * class shares with cross-entropy). Their mean over the rows,
 * sum_g n_g chance(T_g) / N, is a loss no model goes below; it is 0 unless
 * some rows share their inputs with rows of other targets (or the targets
 * are soft probabilities, whose own entropy binary cross-entropy keeps). */

typedef struct {
    const double *x;  /* the row's inputs */
    size_t nf;
    size_t index;
} floor_ref;

/* Rows in the order of their inputs, then of their index (a total order,
 * so the sort is the same on every system). */
static int cmp_floor_refs(const void *a_, const void *b_)
{
    const floor_ref *a = a_, *b = b_;
    for (size_t k = 0; k < a->nf; k++) {
        if (a->x[k] < b->x[k])
            return -1;
        if (a->x[k] > b->x[k])
            return 1;
    }
    return a->index < b->index ? -1 : a->index > b->index;
}

static int same_inputs(const floor_ref *a, const floor_ref *b)
{
    for (size_t k = 0; k < a->nf; k++)
        if (!(a->x[k] == b->x[k]))
            return 0;
    return 1;
}

/* d->floor and d->floor_rows of `rows` under `loss`; the floor stays NaN
 * where it cannot be taken (no inputs or targets, an input not finite,
 * out of memory: then no floor is compared, as without conflicting rows). */
static void take_floor(mlp_diagnose *d, mlp_loss loss, const mlp_dataset *rows)
{
    size_t N = rows->n_rows, F = rows->n_features, K = rows->n_outputs;
    d->floor = NAN;
    d->floor_rows = 0;
    if (!rows->X || !rows->Y || N == 0 || F == 0 || K == 0)
        return;
    for (size_t i = 0; i < N * F; i++)
        if (!isfinite(rows->X[i]))
            return;
    floor_ref *refs = mlp_alloc(N, sizeof *refs);
    double *T = mlp_alloc(N, K * sizeof *T);
    if (!refs || !T) {
        free(refs);
        free(T);
        return;
    }
    for (size_t i = 0; i < N; i++)
        refs[i] = (floor_ref){rows->X + i * F, F, i};
    qsort(refs, N, sizeof *refs, cmp_floor_refs);
    /* The targets in the same order: each group's lie together. */
    for (size_t i = 0; i < N; i++)
        memcpy(T + i * K, rows->Y + refs[i].index * K, K * sizeof *T);
    double sum = 0.0;
    for (size_t g = 0; g < N;) {
        size_t e = g + 1;
        while (e < N && same_inputs(&refs[e], &refs[g]))
            e++;
        sum += (double)(e - g) * mlp_loss_chance(loss, T + g * K, e - g, K, NULL);
        for (size_t i = g + 1; i < e; i++)
            if (memcmp(T + i * K, T + g * K, K * sizeof *T) != 0) {
                d->floor_rows += e - g;
                break;
            }
        g = e;
    }
    d->floor = sum / (double)N;
    free(refs);
    free(T);
}

/* Whether the best linear fit's mse is wanted (linear_left): for a linear
 * net with mse, whose least-squares fit it is (not a rank-limited net's:
 * best_linear_loss), on a loss that stays (where loss-at-chance and
 * loss-plateau name a cause), since it costs the inputs' F x F sums. Under
 * a reduce the net alone decides, the same on every process: a process
 * that judged the curve otherwise would wait alone in the reduction. */
static int wants_left(const mlp_diagnose *d, const mlp_net *net, mlp_train_reduce_fn reduce)
{
    return d->linear && !d->rank_limited && net->loss == MLP_LOSS_MSE &&
           (reduce || chance_stay(d) || plateau_stay(d));
}

mlp_status mlp_diagnose_correlations(mlp_diagnose *d, const mlp_net *net, const mlp_dataset *data,
                                     mlp_train_reduce_fn reduce, void *reduce_ctx, mlp_error *err)
{
    if (!d || !net || !data)
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                             "mlp_diagnose_correlations: %s is NULL",
                             !d ? "the diagnosis" : !net ? "the network" : "the data");
    /* The same net on every process: every process returns here alike. */
    shape_of(d, net);
    /* A process's share of the rows has no floor of every row's (a group
     * split over the processes loses some of its spread); none is compared. */
    if (reduce) {
        d->floor_given = 1;
        d->floor = NAN;
        d->floor_unknown = 1;
    }
    if (!d->left_given)
        d->linear_left = NAN;
    if (!d->linear)
        return MLP_OK;
    int none = 0;
    double left;
    mlp_status st = mlp_linfit_judge(net, data, reduce, reduce_ctx,
                                     !d->left_given && wants_left(d, net, reduce), &none, &left,
                                     err);
    if (!st) {
        d->uncorrelated_given = none ? 2 : 1;
        if (!d->left_given)
            d->linear_left = left;
    }
    return st;
}

mlp_status mlp_diagnose_measure_best_fit(mlp_diagnose *d, const mlp_net *net,
                                         const mlp_dataset *rows, mlp_train_reduce_fn reduce,
                                         void *reduce_ctx, mlp_error *err)
{
    if (!d || !net || !rows)
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                             "mlp_diagnose_measure_best_fit: %s is NULL",
                             !d ? "the diagnosis" : !net ? "the network" : "the rows");
    /* Given, even where it fails: a fit on other rows than the chance
     * loss's is no figure to compare the curve with (skipped, NaN). The
     * same net on every process: every process takes the sums or none. */
    shape_of(d, net);
    d->left_given = 1;
    d->linear_left = NAN;
    /* The floor too, on these rows (the refit's every row would add the
     * held-out rows, whose groups the curve never saw); not on a share. */
    d->floor_given = 1;
    d->floor = NAN;
    d->floor_unknown = reduce != NULL;
    if (!reduce && plateau_stay(d))
        take_floor(d, net->loss, rows);
    if (!wants_left(d, net, reduce))
        return MLP_OK;
    int none;
    double left;
    mlp_status st = mlp_linfit_judge(net, rows, reduce, reduce_ctx, 1, &none, &left, err);
    if (!st)
        d->linear_left = left;
    return st;
}

int mlp_diagnose_finds_no_linear_fit(const mlp_diagnose *d)
{
    return d->linear && d->uncorrelated_given == 2;
}

void mlp_diagnose_model_loss(mlp_diagnose *d, double loss)
{
    d->model_loss = loss;
}

void mlp_diagnose_restarts_reached(mlp_diagnose *d, size_t reached)
{
    d->o.restarts_reached = reached;
}

mlp_status mlp_diagnose_finish(mlp_diagnose *d, const mlp_net *net, const mlp_dataset *data,
                               mlp_findings *out, mlp_error *err)
{
    final_pass fp;
    memset(&fp, 0, sizeof fp);
    /* The curve is judged on the curve: its last epoch, not the model kept.
     * Early stopping keeps an earlier epoch's weights, whose training loss
     * is above the later epochs' by overfitting, not by a rate too large;
     * and a data-parallel run, which makes no final pass, judges the same. */
    double final = d->last_loss;
    int have_pass = net && data && data->Y && data->n_rows > 0;
    /* Convex only with the canonical pairs: linear + mse (least squares),
     * sigmoid + binary cross-entropy, softmax + cross-entropy (logistic). */
    if (net) {
        const mlp_loss_info *li = mlp_loss_info_of(net->loss);
        d->classifier_pair = li && li->fused && li->targets != MLP_LOSS_TARGETS_VALUES &&
                             li->output == net->layers[net->n_layers - 1].act;
    }
    if (net)
        shape_of(d, net);
    /* Judged on every process's rows when the caller gave that verdict
     * (no process of a data-parallel run may hold every row), else on
     * data. */
    d->linear_chance = 0;
    if (d->linear && d->uncorrelated_given)
        d->linear_chance = d->uncorrelated_given == 2;
    else if (d->linear && have_pass) {
        double left;
        mlp_status st = mlp_linfit_judge(net, data, NULL, NULL,
                                         !d->left_given && wants_left(d, net, NULL),
                                         &d->linear_chance, &left, err);
        if (st)
            return st;
        if (!d->left_given)
            d->linear_left = left;
    }
    /* The rows' floor, where a plateau may be at it, on the curve's rows. */
    if (net && have_pass && !d->floor_given && plateau_stay(d))
        take_floor(d, net->loss, data);
    /* l2: the weights near zero, or a penalty that is a real part of the
     * objective (the loss fed here leaves it out). The penalty is of net,
     * the model the user gets; its share must be of that same model's
     * loss, since the question is how much of what the optimiser
     * minimised for those weights the penalty is. The curve's last loss
     * is another model's where early stopping put an earlier epoch's
     * weights back or a refit replaced them (moons, l2 0.03: the refit's
     * penalty 0.064 was set against the early-stopped run's last epoch's
     * loss); it stands in only where no model loss was given. */
    d->l2_holds = 0;
    d->l2_loss = isnan(d->model_loss) ? final : d->model_loss;
    if (net && d->o.l2 > 0 && isfinite(d->l2_loss) && d->l2_loss > 0) {
        d->l2_rms = mlp_diagnose_weights_rms(net);
        d->l2_penalty = mlp_optimizer_l2_penalty(net, d->o.l2);
        if (d->o.initial_weights_rms > 0 &&
            d->l2_rms < MLP_DIAG_L2_SHRUNK * d->o.initial_weights_rms)
            d->l2_holds = 1;
        else if (d->l2_penalty >= MLP_DIAG_L2_SHARE * d->l2_loss)
            d->l2_holds = 2;
    }
    if (have_pass) {
        size_t classes = d->o.n_labels > 1 ? d->o.n_labels : 0;
        mlp_status st = watched_pass(d, net, data, &fp) ? MLP_OK
                                                        : run_final(net, data, classes, &fp, err);
        if (st)
            return st;
    }
    settle_rates(d);
    mlp_status st = judge_curve(d, final, out, err);
    if (!st && have_pass)
        st = judge_units(d, &fp, data->n_rows, out, err);
    return st;
}
