/* SPDX-License-Identifier: MIT */
/* lrscan.h: which learning rates work, tried from the same initial weights.
 *
 * A trial trains a copy of the network for a few epochs at one rate
 * through mlp_train_run (so with whatever update rule the training options
 * choose) and records the loss of every epoch. A trial is STABLE when every
 * loss is finite, no epoch's loss exceeds the loss of the initial weights by
 * more than a factor MLP_LRSCAN_RISE, and the loss after the last update is
 * below it. (Full batch, the initial weights' loss is epoch 1's; in
 * mini-batches epoch 1's logged loss already follows updates, and a separate
 * pass of the initial weights gives it.) The scan runs one trial per rate on a log grid
 *     rate_i = lo * (hi / lo)^(i / (n - 1)),  i = 0 .. n-1
 * (taken in logs when hi / lo overflows a double)
 * and recommends the largest stable rate divided by MLP_LRSCAN_SAFETY: a
 * rate stable for a few epochs can still blow up later in a long run (the
 * curvature grows as training goes on), and a margin below the edge of
 * stability, chosen on data (docs/diagnostics.md, scripts/lrscan_safety.py),
 * is what trains the examples without a word about the rate.
 *
 * A stable trial counts only when it LEFT CHANCE (mlp_diagnose_left_chance,
 * the rule the diagnosis's larger-rate trials use too): its final loss is
 * below the loss of the best constant output (mlp_diagnose_chance of the
 * trial's targets) by more than MLP_DIAG_CHANCE_TOL of it, the band the
 * diagnosis calls "at chance". A loss that fell to chance and stayed, from dead or
 * saturated units or the mean of far targets, is stable at any rate and says
 * nothing about training (docs/diagnostics.md "Learning-rate scan").
 */
#ifndef MLP_LRSCAN_H
#define MLP_LRSCAN_H

#include <stddef.h>
#include <stdio.h>

#include "mlp/dataset.h"
#include "mlp/error.h"
#include "mlp/net.h"
#include "mlp/train.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MLP_LRSCAN_RISE 1.5            /* a loss above 1.5x the first makes a trial unstable */
#define MLP_LRSCAN_MAX_RATES 64        /* largest N */
#define MLP_LRSCAN_DEFAULT_EPOCHS 20   /* epochs per rate unless told */
#define MLP_LRSCAN_PER_DECADE 3        /* rates per factor 10 when N is not given */
#define MLP_LRSCAN_SAFETY 10.0         /* recommended = largest stable rate / this */
/* A trial that is not stable is FLAT (the rate is too small to move the
 * loss) when no loss is above the first by more than MLP_LRSCAN_FLAT_LOSS
 * of it, and no weight moved by more than MLP_LRSCAN_FLAT_WEIGHTS times the
 * largest initial weight (at least 1): a rate at the edge that swings the
 * weights to and fro can keep the loss too, but moves them. */
#define MLP_LRSCAN_FLAT_LOSS 1e-9
#define MLP_LRSCAN_FLAT_WEIGHTS 1e-6

typedef struct {
    double rate;
    long epochs_run;      /* complete epochs; fewer than asked when the loss diverged */
    double first_loss;    /* loss of the initial weights (full batch: epoch 1's) */
    double max_loss;      /* largest loss over the epochs (inf when one was not finite) */
    double final_loss;    /* loss after the last update; NaN or inf when diverged */
    long diverged_at;     /* epoch whose loss was NaN or infinite, 0 when none */
    int stable;           /* see above */
    int flat;             /* not stable, and the loss did not move: the rate is too small */
} mlp_lrscan_trial;

typedef struct {
    double lo, hi;        /* 0 < lo < hi, finite */
    size_t n;             /* 2 .. MLP_LRSCAN_MAX_RATES */
    long epochs;          /* epochs per rate, >= 1 */
    mlp_normalize normalize; /* the data's: with NONE, inputs beyond MLP_DIAG_LARGE_INPUT
                             are named as the cause when no stable rate left chance */
} mlp_lrscan_options;

typedef struct {
    size_t n;
    mlp_lrscan_trial trials[MLP_LRSCAN_MAX_RATES]; /* in increasing rate */
    long largest_stable;  /* index of the largest stable rate, -1 when none */
    long lowest;          /* index of the stable rate with the lowest final loss (the smaller
                             rate on a tie), -1 when none is stable */
    double recommended;   /* the rate of `trains` / MLP_LRSCAN_SAFETY, or the largest stable
                             rate's when none left chance, nothing is far from scale and
                             the output is not saturated; 0 when none is stable, when the
                             largest stable rate did not leave chance and inputs_far or
                             target_divisor name the cure, or when saturated */
    double chance_loss;   /* the loss of the best constant output on the trials' rows;
                             NaN or 0 (a constant fits): every stable trial counts */
    long trains;          /* index of the largest stable rate that left chance, -1 when none */
    int inputs_far;       /* normalize NONE and a varying input beyond MLP_DIAG_LARGE_INPUT
                             (the pre-flight's feature-scales rule) */
    double target_divisor; /* mlp_diagnose_target_divisor of the targets, 0 when none */
    int saturated;        /* no stable rate left chance, nothing is far from scale, and the
                             output saturates at these rates: the largest stable rate's loss
                             is held above chance by a tanh or sigmoid output under mse
                             (mlp_diagnose_output_held) and is no lower than at any stable
                             rate a decade or more below; recommended is then 0 */
    double saturated_from; /* when saturated: the lowest rate of the stable ones up to the
                              largest whose loss the output holds (mlp_diagnose_output_held);
                              the scan names the rates below it */
    mlp_activation output; /* the output layer's activation (named when saturated) */
} mlp_lrscan_result;

/* Parses "LO:HI" or "LO:HI:N" (e.g. "1e-4:10:11") into o (epochs left
 * untouched). Without N, N = round(MLP_LRSCAN_PER_DECADE * log10(HI/LO)) + 1,
 * at least 2 and at most MLP_LRSCAN_MAX_RATES. MLP_ERR_USAGE with an example
 * when the text is not that form or LO, HI, N are out of range. */
mlp_status mlp_lrscan_parse(const char *text, mlp_lrscan_options *o, mlp_error *err);

/* One trial of `epochs` epochs at `rate` on a copy of net (net is not
 * changed). train is the template of the training options (its learning
 * rate, also the optimizer's, epochs, callbacks, validation set and
 * early stopping are replaced, and its schedule is dropped: every epoch
 * trains at `rate`, the peak of any schedule, so a warm-up does not make a
 * rate look stable) or NULL for plain full-batch gradient descent. Fills *t. Errors: MLP_ERR_NOMEM, MLP_ERR_USAGE for optimizer
 * settings out of range. */
mlp_status mlp_lrscan_try(const mlp_net *net, const mlp_dataset *data,
                          const mlp_train_options *train, double rate, long epochs,
                          mlp_lrscan_trial *t, mlp_error *err);

/* The scan: one trial per rate of o, each from net's current weights. */
mlp_status mlp_lrscan_run(const mlp_net *net, const mlp_dataset *data,
                          const mlp_train_options *train, const mlp_lrscan_options *o,
                          mlp_lrscan_result *r, mlp_error *err);

/* Writes the scan as a table for people: a title line, one line per rate
 * (rate, first loss, final loss, "stable" / "too small (no change)" (flat) /
 * "unstable" / "diverged at epoch k"), then the largest stable rate (and,
 * when it is the highest rate tried and recommended from, that the edge may
 * lie above) and the recommendation (when the largest stable rate did not
 * leave chance, a line saying so, then the rate it comes from or the cure
 * named instead; r's trains and chance_loss must be as mlp_lrscan_run sets
 * them), or what to try when no rate was stable: higher rates when
 * every rate was flat, the rates between the flat and the unstable ones when
 * both were seen, else lower rates (never below the smallest double). MLP_ERR_IO when a write fails, in the words of a
 * failed write of "<stdout>" with the errno's reason (the caller names the
 * file). */
mlp_status mlp_lrscan_write(FILE *out, const mlp_lrscan_options *o, const mlp_lrscan_result *r,
                            mlp_error *err);

/* A copy of net (architecture and parameters; gradients zero). NULL with
 * err on failure. Free with mlp_net_free. */
mlp_net *mlp_lrscan_clone(const mlp_net *net, mlp_error *err);

#ifdef __cplusplus
}
#endif

#endif
