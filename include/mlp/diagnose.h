/* SPDX-License-Identifier: MIT */
/* diagnose.h: what went wrong in a training run, said at its end (and, for
 * what is certain at once, as soon as it happens).
 *
 * The diagnosis reads the per-epoch losses fed to it during training and,
 * at the end, one forward pass of the final network over the training set:
 * the training run's own final evaluation when it was watched
 * (mlp_diagnose_watch), else a pass of its own.
 * Every case is a warning (the run itself succeeded; the exit status does
 * not change) with its measured figure and the threshold below, which
 * docs/diagnostics.md documents. Nothing is reported when nothing is wrong.
 *
 *  loss-exploding  (at once) loss[k] >= MLP_DIAG_EXPLODE_FACTOR x the lowest of the
 *                  MLP_DIAG_EXPLODE_EPOCHS losses before it; or loss[k] above where the run
 *                  started after the lowest fell to MLP_DIAG_BACK_FALL of it (in mini-batches,
 *                  and above where it started: a spike of the batches' noise near a minimum
 *                  that stays below where the run started is not a blow-up). Where it
 *                  started is epoch 1's loss, in mini-batches the initial weights' where
 *                  mlp_diagnose_start took it
 *  loss-rose       final loss >= MLP_DIAG_RISE_FACTOR x the lowest loss of the run (in
 *                  mini-batches, not when the final loss is at or below
 *                  MLP_DIAG_FALLING_FLOOR x the chance loss: a fit, its rise the noise)
 *  loss-at-chance  the loss stayed within MLP_DIAG_CHANCE_TOL (relative) of the chance
 *                  loss for the last MLP_DIAG_CHANCE_EPOCHS epochs or more, and for at
 *                  least MLP_DIAG_CHANCE_SHARE of the run. The chance loss is that of the
 *                  best constant output (mlp_diagnose_chance): ln K for K balanced classes
 *  loss-plateau    not at chance, the loss stayed within MLP_DIAG_PLATEAU_TOL (relative) of
 *                  its last value for the last MLP_DIAG_CHANCE_EPOCHS epochs or more and at
 *                  least MLP_DIAG_CHANCE_SHARE of the run, while above
 *                  MLP_DIAG_PLATEAU_FLOOR x the chance loss: stuck, e.g. XOR in a local minimum.
 *                  The hint names the cause where the run shows it: a loss within
 *                  MLP_DIAG_PLATEAU_TOL of its epoch-1 value all along (the steps too small
 *                  to move it: the rate), or a plateau that began after the schedule had
 *                  cut the rate below MLP_DIAG_DECAYED of it (the highest rate of the flat
 *                  stretch), or a run that ended in its warm-up below MLP_DIAG_DECAYED of
 *                  the rate (named before the rate's other causes; no larger-rate trials).
 *                  Where a warm-up that did not end left the run below its rate, the hints
 *                  that call a rate too small name the highest rate it reached. A linear network's plateau is
 *                  its best fit, unless the loss stays more than MLP_DIAG_CHANCE_TOL x the
 *                  chance loss above that fit's loss where it is known (the chance loss
 *                  without correlated inputs; (1 - R^2) var(y) with mse, unless a linear
 *                  hidden layer narrower than both the inputs and the outputs limits it
 *                  to a lower-rank fit): then its rate is too small to get there. A plateau
 *                  within MLP_DIAG_CHANCE_TOL x the chance loss of the rows' floor (each group
 *                  of rows with the same inputs at its best constant: other targets there
 *                  keep every model above 0) is that floor (where no rows share inputs,
 *                  the floor is soft targets' own entropy: the best fit, no finding), named before the causes below
 *                  but a linear network's best fit and far targets; one
 *                  whose validation loss has not improved on its lowest for the last
 *                  MLP_DIAG_CHANCE_EPOCHS epochs has converged (the hint: whether other
 *                  initial weights do better is what --restarts finds out)
 *  one-class       every row predicted as the same class, while the targets hold several
 *  saturated       at least MLP_DIAG_SATURATED_SHARE of the hidden units whose activation
 *                  saturates (MLP_ACT_FLAG_SATURATES in its table row, e.g. tanh) have
 *                  f'(z) < MLP_DIAG_SATURATION_SLOPE on every row
 *  dead-relu       at least MLP_DIAG_DEAD_SHARE of the hidden units whose activation can
 *                  die (MLP_ACT_FLAG_CAN_DIE, e.g. relu) output 0 on every row
 *  l2-too-large    l2 > 0 and the run would get loss-rose, loss-at-chance or loss-plateau,
 *                  while the penalty holds the weights: their root mean square ended below
 *                  MLP_DIAG_L2_SHRUNK x the initial weights' (near zero), or the penalty
 *                  (l2/2) sum W^2 is at least MLP_DIAG_L2_SHARE x the loss (which
 *                  leaves it out); the weights and the loss are both those of the net
 *                  finish is given (mlp_diagnose_model_loss); reported instead of those
 *                  (and of one-class), since their hints (another seed, another rate) do
 *                  not help
 *  still-falling   over the last MLP_DIAG_FALLING_WINDOW of the epochs (at least
 *                  MLP_DIAG_FALLING_MIN_EPOCHS) the loss fell by more than
 *                  MLP_DIAG_FALLING_DROP of its value and by more than
 *                  MLP_DIAG_FALLING_SHARE of its whole fall since epoch 1 (the curve has
 *                  not flattened), and it is above MLP_DIAG_FALLING_FLOOR x the chance loss;
 *                  only when the window starts at or below epoch 1's loss (the share is
 *                  one, at most 1) and the run's lowest loss lies in it (new ground, not a
 *                  curve that rose and came back)
 *
 * A run that was stopped (mlp_diagnose_stopped: Ctrl-C) or ran fewer than
 * MLP_DIAG_MIN_EPOCHS epochs (a --trace of epoch 1, a quick try) is not
 * judged on what more training would change: no still-falling and no
 * one-class. Every hint that suggests a learning rate names the run's one
 * suggestion (mlp_rate_advice in optimizer.h), or, when trials of larger
 * rates showed the run's rate too small to leave chance level
 * (mlp_diagnose_wants_larger_rates, mlp_diagnose_larger_rates), the rate
 * they found.
 */
#ifndef MLP_DIAGNOSE_H
#define MLP_DIAGNOSE_H

#include <stddef.h>

#include "mlp/dataset.h"
#include "mlp/error.h"
#include "mlp/finding.h"
#include "mlp/loss.h"
#include "mlp/lrscan.h"
#include "mlp/net.h"
#include "mlp/optimizer.h"
#include "mlp/schedule.h"
#include "mlp/train.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MLP_DIAG_EXPLODE_FACTOR 10.0
#define MLP_DIAG_EXPLODE_EPOCHS 5
#define MLP_DIAG_RISE_FACTOR 2.0
#define MLP_DIAG_CHANCE_TOL 0.01
#define MLP_DIAG_CHANCE_EPOCHS 100
#define MLP_DIAG_CHANCE_SHARE 0.5
#define MLP_DIAG_PLATEAU_TOL 0.01
#define MLP_DIAG_PLATEAU_FLOOR 0.1
#define MLP_DIAG_SATURATION_SLOPE 0.01
#define MLP_DIAG_SATURATED_SHARE 0.5
#define MLP_DIAG_DEAD_SHARE 0.3
#define MLP_DIAG_FALLING_WINDOW 0.1
#define MLP_DIAG_FALLING_MIN_EPOCHS 10
#define MLP_DIAG_FALLING_DROP 0.05
#define MLP_DIAG_FALLING_SHARE 0.1
#define MLP_DIAG_FALLING_FLOOR 0.01
#define MLP_DIAG_LARGE_TARGET 100.0  /* regression targets beyond it are far from outputs near
                                        0 at the start (mlp_diagnose_target_divisor) */
#define MLP_DIAG_MIN_EPOCHS 100  /* shorter runs get no still-falling or one-class */
#define MLP_DIAG_LARGE_INPUT 100.0 /* an input beyond it saturates tanh and kills relu units
                                     from the first step; the pre-flight's feature-scales
                                     uses it too (MLP_PREFLIGHT_LARGE_FEATURE) */
#define MLP_DIAG_SMALL_INPUT 1.0 /* unstandardised inputs all within it are on the scale
                                     standardising gives: the hints do not suggest it */
#define MLP_DIAG_RATE_UP_DECADES 8 /* a run that ends at chance tries rates up to 10^this
                                      times its own (mlp_diagnose_wants_larger_rates): XOR
                                      at 1e-05 finds its edge, 4.64, in the 6th factor of 10 */
#define MLP_DIAG_NEAR 2          /* still-falling reads the window's start as the lowest of
                                    its history entry and this many before it */
#define MLP_DIAG_BACK_FALL 0.5   /* loss-exploding also: back above epoch 1's loss after the
                                    loss fell to this fraction of it */
#define MLP_DIAG_DECAYED 0.2     /* a schedule's factor below which a plateau is its doing:
                                    a step schedule's first cut, a tenth, is below it */
#define MLP_DIAG_L2_SHRUNK 0.1   /* l2-too-large: the weights' rms below this x the start's */
#define MLP_DIAG_L2_SHARE 0.1    /* l2-too-large: the penalty at least this x the final loss */
#define MLP_DIAG_LINEAR_R2 0.01  /* a linear network whose targets' R^2 in the least-squares
                                    fit on all the inputs together is at most this (per
                                    output) can do no better than chance: XOR's is 0 */
#define MLP_DIAG_LINEAR_PIVOT 1e-9 /* that fit leaves out an input of which the inputs before
                                      it explain all but this share of the variance (a
                                      constant column, a copy or a sum of others) */
#define MLP_DIAG_LINEAR_MAX_INPUTS 1024 /* more inputs, each within MLP_DIAG_LINEAR_R2 alone,
                                           are not judged: their F x F sums cost too much */
#define MLP_DIAG_GRAM_ROWS 64    /* rows centred at a time for those sums */
#define MLP_DIAG_NARROW 1        /* a hidden layer of at most this many units is a bottleneck
                                    the hints name before other seeds: XOR on 2-1-1 tanh
                                    stalled at 0.479 in 9 of --restarts 10 */
#define MLP_DIAG_HISTORY 4096   /* losses kept; longer runs keep every 2nd, 4th, ... epoch */

typedef struct {
    double learning_rate;       /* the run's rate, named in the messages; 0 for an
                                   optimizer without one (irprop-: "the steps", "delta_max") */
    mlp_rate_advice advice;     /* the rate the hints suggest (optimizer.h); zero: a tenth */
    double chance_loss;         /* mlp_diagnose_chance of the training targets; NaN skips
                                   loss-at-chance and the floor of still-falling */
    int chance_is_ln_k;         /* 1 when chance_loss is ln K of K balanced classes */
    size_t n_classes;           /* K for the ln K message; 0 for regression */
    char *const *labels;        /* n_labels class names in output-unit order, or NULL */
    size_t n_labels;
    int inputs_standardized;    /* 1 when the inputs are already "normalize": "standard":
                                   the hints then do not suggest it */
    double target_divisor;      /* mlp_diagnose_target_divisor of the training targets; when
                                   > 0 the hints of a stuck loss say to divide them by it */
    long restarts;              /* runs the kept one was the best of; > 1: the hints of a
                                   stuck loss do not suggest --restarts again */
    size_t restarts_reached;    /* of those runs, the ones that reached the kept loss
                                   (mlp_fit_result.reached; mlp_diagnose_restarts_reached
                                   sets it once they ran): a converged plateau is said to be
                                   beyond other seeds only when most did, more than half of
                                   the restarts runs */
    const mlp_schedule *schedule; /* the rate's schedule, or NULL (constant): a plateau that
                                   began after it had cut the rate below MLP_DIAG_DECAYED of
                                   the learning rate is blamed on it */
    long schedule_epochs;       /* the run the schedule spans (mlp_schedule_factor's E) */
    int inputs_far;             /* unstandardised inputs reach beyond
                                   MLP_DIAG_LARGE_INPUT (what the pre-flight's feature-scales
                                   flags): the hints of dead or saturated units and of a loss
                                   at chance name scaling them first, not the rate or seeds */
    int inputs_small;           /* unstandardised inputs all within +-MLP_DIAG_SMALL_INPUT
                                   (0/1 features, min-max scaled): a network that ignores
                                   them is not told to normalise them */
    int init_given;             /* the run started from given weights (mlptrain
                                   --init-weights): --seed draws none and --restarts is
                                   refused, so the hints say to train without them instead */
    double l2;                  /* the run's l2 (lambda), >= 0: l2-too-large */
    double initial_weights_rms; /* mlp_diagnose_weights_rms of the run's initial weights; 0
                                   when not known (then only the penalty's share tells) */
    int batched;                /* mini-batches: an epoch's loss is the mean over its batches,
                                   noisy near a minimum; loss-exploding then also needs the
                                   loss above epoch 1's (worse than where the run started) */
} mlp_diagnose_options;

/* The power of ten by which to divide regression targets T (N, K) that lie
 * far from the outputs' scale at the start: 10^floor(log10 max|t|) when
 * max|t| > MLP_DIAG_LARGE_TARGET (100), the output `out` is unbounded
 * above (linear, relu, leaky_relu, softplus) and `loss` takes values (mse);
 * 0 otherwise, and for class targets (n_labels > 0). The pre-flight
 * target-scale warning and the hints of a stuck run use it. */
double mlp_diagnose_target_divisor(mlp_activation out, mlp_loss loss, size_t n_labels,
                                   const double *T, size_t N, size_t K);

/* The root mean square of the entries of every W of net (not the biases,
 * which l2 leaves alone); 0 for a net without weights. */
double mlp_diagnose_weights_rms(const mlp_net *net);

typedef struct mlp_diagnose mlp_diagnose;

/* The loss of the best constant output on targets T (N, K), which a network
 * that ignores its inputs can reach at best:
 *   cross_entropy          -sum_k p_k ln p_k,   p_k the mean of column k
 *   binary_cross_entropy   mean_k of -[m ln m + (1-m) ln(1-m)],  m the mean of column k
 *   mse                    mean_k of the population variance of column k
 * *ln_k (may be NULL) is set to 1 when the value equals ln K of balanced
 * classes (K = the number of columns, 2 for one binary column). */
double mlp_diagnose_chance(mlp_loss loss, const double *T, size_t N, size_t K, int *ln_k);

/* 1 when `loss` LEFT CHANCE level: below chance_loss by more than
 * MLP_DIAG_CHANCE_TOL of it, the band loss-at-chance calls "at chance".
 * Without a chance level to leave (chance_loss NaN, or 0: a constant fits
 * every row) every loss counts as having left it. The one rule by which a
 * stable trial shows a rate that trains: --lr-scan's recommendation
 * (lrscan.h) and the larger-rate trials (mlp_diagnose_larger_rates). */
int mlp_diagnose_left_chance(double loss, double chance_loss);

/* 1 when a loss `value` is HELD BY THE OUTPUT: an output of activation
 * `out` that saturates (MLP_ACT_FLAG_SATURATES: tanh, sigmoid) under a loss
 * that keeps its f'(z) in the gradient (not fused with it: mse), with
 * `value` above chance_loss by more than MLP_DIAG_CHANCE_TOL of it. A
 * constant output sits at chance at worst; a loss that stays above has
 * lost its gradient at the output's bounds, and larger steps keep it
 * there. 0 without a chance level (NaN or 0). The one saturation rule of
 * the larger-rate trials (mlp_diagnose_larger_rates: the rate is too
 * large) and of --lr-scan (lrscan.h: no rate recommended). */
int mlp_diagnose_output_held(mlp_activation out, mlp_loss loss, double value,
                             double chance_loss);

/* 1 when a, the output of a hidden unit of activation act on one row, lies
 * where the diagnosis counts against the unit: for an activation that
 * saturates (MLP_ACT_FLAG_SATURATES, e.g. tanh) a slope f'(z), its row's
 * slope(a), below MLP_DIAG_SATURATION_SLOPE; for one that can die
 * (MLP_ACT_FLAG_CAN_DIE, e.g. relu) an output at or below its lower bound (dead);
 * 0 otherwise and for other activations. A unit for which it holds on every
 * row is a saturated or dead unit (mlpplot units marks them). */
int mlp_diagnose_unit_flat(mlp_activation act, double a);

/* A new diagnosis for one run; NULL with err (MLP_ERR_NOMEM). */
mlp_diagnose *mlp_diagnose_create(const mlp_diagnose_options *opts, mlp_error *err);
void mlp_diagnose_free(mlp_diagnose *d);

/* Feeds one epoch's figures, in order. Returns a finding that is certain
 * from now on (loss-exploding), once, or NULL; borrowed, valid until the
 * diagnosis is freed. */
const mlp_finding *mlp_diagnose_epoch(mlp_diagnose *d, const mlp_epoch_stats *stats);

/* Marks the run as stopped before its end (interrupted): its end is not
 * judged as if training had finished (no still-falling, no one-class). */
void mlp_diagnose_stopped(mlp_diagnose *d);

/* 1 when the run fed so far (at least MLP_DIAG_MIN_EPOCHS epochs, not
 * stopped) ended with a finite loss no lower than the chance loss (within
 * MLP_DIAG_CHANCE_TOL), while nothing said its rate is too large: no
 * loss-exploding, no loss-rose, no advice from the pre-flight trial; the
 * optimizer has a learning rate, and neither targets far from the outputs'
 * scale nor inputs beyond MLP_DIAG_LARGE_INPUT explain it. Its rate may be
 * too small to leave chance level: the caller (fit.c) then tries larger
 * rates from the run's initial weights and gives what it found to
 * mlp_diagnose_larger_rates before mlp_diagnose_finish. */
int mlp_diagnose_wants_larger_rates(const mlp_diagnose *d);

/* What those trials found: trials[0 .. n-1] (mlp_lrscan_try's), `epochs`
 * epochs each, at rising rates on the grid of MLP_LRSCAN_PER_DECADE rates
 * per factor of 10 above the run's, up to the first that was not stable
 * (the edge) or the last of the grid. A stable trial shows a rate that
 * trains only when its loss left chance level (mlp_diagnose_left_chance,
 * against the run's chance loss), as --lr-scan recommends:
 *  - when one did, a tenth of the largest such rate (what --lr-scan
 *    recommends), if above the run's rate, is the run's one suggested
 *    rate, and the hints of loss-at-chance, loss-plateau and one-class say
 *    the run's rate is too small and name it; when no trial was unstable
 *    and the largest stable rate left chance, that rate is no edge: the
 *    hints name no rate but a scan from it (mlptrain --lr-scan
 *    STABLE:10000·STABLE);
 *  - when none did while the run shows what holds its loss at any rate (a
 *    saturating output, tanh or sigmoid under a loss that does not cancel
 *    its f', whose loss stays flat above chance: the output has saturated,
 *    and steps that moved the loss drove it there), the rate is not too
 *    small but too large: the hints say so and name the run's one
 *    suggested rate (optimizer.h); where the loss never moved, no rate
 *    is said to be too small, and none too large;
 *  - else the trials were too short to tell (XOR takes more than 20
 *    epochs to leave ln 2 at any rate), and the largest stable rate stands
 *    for the first case, as --lr-scan keeps it.
 * Judged at mlp_diagnose_finish, where the net's output is known. */
void mlp_diagnose_larger_rates(mlp_diagnose *d, const mlp_lrscan_trial *trials, size_t n,
                               long epochs);

/* Has the training run's final evaluation stand for the final pass of
 * mlp_diagnose_finish, instead of a second pass over the rows: set
 * mlp_train_options.final_chunk = mlp_diagnose_final_chunk and final_ctx =
 * d for the run that trains net on data with `threads` lanes. When finish
 * is then given the same net, with the weights of that evaluation (they are
 * compared), and the same data (the same X and Y, which must not have
 * changed since), it counts the units and classes from what the
 * evaluation showed it: the same findings as a pass of its own. Otherwise,
 * or when no such evaluation ran, it makes its own pass. net NULL stops
 * watching. MLP_OK, or MLP_ERR_NOMEM (then finish would make its own pass). */
mlp_status mlp_diagnose_watch(mlp_diagnose *d, const mlp_net *net, const mlp_dataset *data,
                              int threads, mlp_error *err);

/* Where a run in mini-batches (mlp_diagnose_options.batched) starts: one
 * pass of net's weights, the initial ones when called before training,
 * over data, the training rows (no l2 term), as the pre-flight's trial,
 * --lr-scan and the restarts' margin take it. loss-exploding then judges
 * "back above where it started" against it, not against epoch 1's mean
 * over batches taken during its updates. Call it before the first epoch is
 * fed; mlp_fit_run does. Nothing in full batch (epoch 1's loss is that
 * loss) or without memory for the pass (epoch 1's stands). */
void mlp_diagnose_start(mlp_diagnose *d, const mlp_net *net, const mlp_dataset *data);

/* An mlp_net_chunk_fn (net.h) for the watched evaluation; ctx is the
 * mlp_diagnose. Each lane counts into its own arrays. */
void mlp_diagnose_final_chunk(void *ctx, size_t lane, size_t row0, const double *const *A,
                              const double *T, size_t rows);

/* The rule of the linear networks' hints (no least-squares fit of the
 * targets on the inputs with an R^2 above MLP_DIAG_LINEAR_R2) judged on the rows of every process of a
 * data-parallel run, where no process may hold every row: data is this
 * process's share of the rows of net's run, and reduce (train.h; NULL: data
 * are all the rows) adds the sums the rule needs over the processes, at
 * most n_params values at a time. Collective under reduce: every process
 * calls it, with the same net. For a net that is not linear (a hidden layer
 * not "linear") it returns at once, without a reduction. mlp_diagnose_finish
 * then uses this verdict rather than judging its own rows (it may be given
 * none). MLP_OK; MLP_ERR_USAGE for a NULL d, net or data; MLP_ERR_NOMEM
 * (on any process: every process returns it) or the reduce's failure, and
 * then finish judges its own rows as before. */
mlp_status mlp_diagnose_correlations(mlp_diagnose *d, const mlp_net *net, const mlp_dataset *data,
                                     mlp_train_reduce_fn reduce, void *reduce_ctx, mlp_error *err);

/* The best linear fit's loss (a linear net with mse: the least-squares
 * fit's, to which loss-plateau and loss-at-chance compare the curve) taken
 * on rows, the rows the judged curve was fed from and the chance loss
 * (mlp_diagnose_options) taken on, where mlp_diagnose_correlations and
 * mlp_diagnose_finish are given others: an early-stopped run's training
 * rows, whose refit on every row (not judged) gives finish its rows. They
 * then take it no more. Where it cannot be taken (a net not linear, mse,
 * ...; out of memory) no such fit is compared. Collective under reduce
 * like mlp_diagnose_correlations: rows is this process's share. MLP_OK;
 * MLP_ERR_USAGE for a NULL d, net or rows; MLP_ERR_NOMEM (on every process
 * alike) or the reduce's failure. */
mlp_status mlp_diagnose_measure_best_fit(mlp_diagnose *d, const mlp_net *net,
                                         const mlp_dataset *rows, mlp_train_reduce_fn reduce,
                                         void *reduce_ctx, mlp_error *err);

/* 1 when mlp_diagnose_correlations judged net linear and no weighted sum
 * of the inputs correlated with the targets: no linear model beats chance,
 * whatever the rate or seed, and the hints name a nonlinearity. 0 before
 * that verdict, or when it was otherwise. */
int mlp_diagnose_finds_no_linear_fit(const mlp_diagnose *d);

/* The loss (without the l2 penalty) of the weights mlp_diagnose_finish
 * will be given, on the rows they were trained on: the model written,
 * which is not the curve's last epoch where early stopping put the best
 * epoch's weights back (their loss) or a refit replaced them (its final
 * loss). l2-too-large sets the penalty of those weights against it, so
 * that both figures are of one model. Not given (or NaN): the curve's
 * last loss, the nearest figure a caller has for weights trained to the
 * curve's end (it is of the weights before the last update). Give it
 * before finish; mlp_fit_run does (its kept run's or refit's final_loss:
 * under a reduce every process's rows' loss, the same in every process). */
void mlp_diagnose_model_loss(mlp_diagnose *d, double loss);

/* Sets mlp_diagnose_options.restarts_reached after the restarts ran: how
 * many of them reached the kept run's loss (mlp_fit_result.reached). */
void mlp_diagnose_restarts_reached(mlp_diagnose *d, size_t reached);

/* Appends the findings of the whole run to out (loss-exploding again when
 * it was reported during the run). With net and data it also runs the final
 * forward pass for one-class, saturated and dead-relu; with net NULL only
 * the loss curve is judged. MLP_OK or MLP_ERR_NOMEM. */
mlp_status mlp_diagnose_finish(mlp_diagnose *d, const mlp_net *net, const mlp_dataset *data,
                               mlp_findings *out, mlp_error *err);

#ifdef __cplusplus
}
#endif

#endif
