/* SPDX-License-Identifier: MIT */
/* optimizer.h: the full-batch update rules and the l2 penalty.
 *
 * An optimizer turns the gradient g = net->grads of the current epoch into
 * a step of the parameters p = net->params, entry by entry over the flat
 * blocks (docs/optimizers.md derives each rule). With t = 1, 2, ... the
 * number of steps taken so far:
 *   gd        p -= eta g
 *   momentum  v = mu v + g;  p -= eta v              (v starts at 0)
 *             nesterov: v = mu v + g;  p -= eta (g + mu v)
 *   adam      m = b1 m + (1 - b1) g;  s = b2 s + (1 - b2) g^2
 *             p -= eta (m / (1 - b1^t)) / (sqrt(s / (1 - b2^t)) + eps)
 *   irprop-   per entry a step size d (starts at delta0) and the previous
 *             gradient q (starts at 0):
 *               g q > 0:  d = min(d * increase, delta_max)
 *               g q < 0:  d = max(d * decrease, delta_min), g = 0
 *               p -= sign(g) d;  q = g
 *             (Igel and Huesken's Rprop without weight backtracking; the
 *             learning rate is not used.)
 * Its state (v, m and s, or d and q) is planned once at create time, one
 * flat block per role with the layout of net->params, so a step allocates
 * nothing.
 *
 * The l2 penalty (weight decay) adds (lambda / 2) sum W^2 over the weights
 * of every layer, not the biases, to the mean loss; its gradient lambda W is
 * added to the dW views before the step, so every optimizer sees it.
 */
#ifndef MLP_OPTIMIZER_H
#define MLP_OPTIMIZER_H

#include <stddef.h>

#include "mlp/error.h"
#include "mlp/net.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The codes are stored nowhere on disk, but a new kind is still appended
 * before MLP_OPT_COUNT, as for activations and losses. */
typedef enum {
    MLP_OPT_GD = 0,
    MLP_OPT_MOMENTUM,
    MLP_OPT_ADAM,
    MLP_OPT_IRPROP_MINUS,
    MLP_OPT_COUNT
} mlp_optimizer_kind;

typedef struct {
    mlp_optimizer_kind kind;
    double learning_rate;  /* eta of gd, momentum and adam: finite, > 0 */
    double momentum;       /* mu of momentum: [0, 1) */
    int nesterov;          /* momentum: 1 for the Nesterov form */
    double beta1, beta2;   /* adam: [0, 1) each */
    double epsilon;        /* adam: > 0 */
    double increase;       /* irprop-: > 1 */
    double decrease;       /* irprop-: (0, 1) */
    double delta0;         /* irprop-: first step size, delta_min <= delta0 <= delta_max */
    double delta_min;      /* irprop-: >= 0 */
    double delta_max;      /* irprop-: > delta_min */
} mlp_optimizer_options;

/* Defaults of each optimizer, all fields set (the ones another optimizer
 * uses too):
 *   learning_rate 0.1 for gd and momentum, 0.001 for adam (irprop- ignores it);
 *   momentum 0.9, nesterov 0; beta1 0.9, beta2 0.999, epsilon 1e-8;
 *   increase 1.2, decrease 0.5, delta0 0.1, delta_min 1e-6, delta_max 50. */
mlp_optimizer_options mlp_optimizer_defaults(mlp_optimizer_kind kind);

typedef struct mlp_optimizer mlp_optimizer;

/* flags */
#define MLP_OPT_FLAG_LEARNING_RATE 0x01u /* uses a learning rate: "learning_rate",
                                          * --learning-rate and --lr-scan apply to it */

/* The most spec settings one optimizer reads (besides "name"). */
#define MLP_OPT_MAX_SETTINGS 6

/* What mlp knows about one optimizer: one row of the table in
 * optimizer.c, next to its update rule (docs/extending.md). */
typedef struct {
    mlp_optimizer_kind kind;
    const char *name;  /* the spec name */
    /* The update rule over the n_params entries of the flat parameter and
     * gradient blocks, with the state of opt (mlp_optimizer_step calls it). */
    void (*step)(mlp_optimizer *opt, double *params, const double *grads);
    /* Checks the fields of o this optimizer uses, as mlp_optimizer_check. */
    mlp_status (*check)(const mlp_optimizer_options *o, mlp_error *err);
    size_t state_blocks;            /* n_params-sized blocks of state it keeps (0 to 2) */
    /* Sets the state a run starts from after it was zeroed (irprop-: every
     * step size at delta0); NULL when zero is the start. */
    void (*start)(mlp_optimizer *opt);
    double default_learning_rate;   /* its default eta (also set for those without one) */
    const char *formula;            /* the update rule in one line, as optimizer.h writes it */
    /* The "optimizer" keys of the spec that belong to it, NULL-terminated. */
    const char *settings[MLP_OPT_MAX_SETTINGS + 1];
    unsigned flags;  /* MLP_OPT_FLAG_* */
} mlp_optimizer_info;

/* The row of `kind`; NULL for a value that is no optimizer (>= MLP_OPT_COUNT). */
const mlp_optimizer_info *mlp_optimizer_info_of(mlp_optimizer_kind kind);

/* The row named `name` (case-sensitive); NULL when no optimizer has it. */
const mlp_optimizer_info *mlp_optimizer_info_by_name(const char *name);

/* The optimizer whose settings include the spec key `setting` ("beta1"
 * belongs to adam); NULL when none has it. */
const mlp_optimizer_info *mlp_optimizer_info_by_setting(const char *setting);

/* The spec name of an optimizer ("gd", "momentum", "adam", "irprop-"); "?"
 * for an invalid value. */
const char *mlp_optimizer_name(mlp_optimizer_kind kind);

/* Looks a spec name up, case-sensitively. Returns 0 and sets *out, or -1. */
int mlp_optimizer_from_name(const char *name, mlp_optimizer_kind *out);

/* Checks the fields the chosen optimizer uses against the ranges above.
 * Returns MLP_OK, or MLP_ERR_USAGE with err naming the field. */
mlp_status mlp_optimizer_check(const mlp_optimizer_options *o, mlp_error *err);

/* Plans the state for a network of n_params parameters (all zero; irprop-
 * step sizes at delta0). Checks o as mlp_optimizer_check does. NULL with
 * err (MLP_ERR_USAGE, MLP_ERR_NOMEM). Free with mlp_optimizer_free. */
mlp_optimizer *mlp_optimizer_create(size_t n_params, const mlp_optimizer_options *o,
                                    mlp_error *err);

/* One step of the rule above: reads net->grads, writes net->params and the
 * state. net must have the n_params given to create. gd is exactly
 * mlp_net_update(net, learning_rate). */
void mlp_optimizer_step(mlp_optimizer *opt, mlp_net *net);

/* Sets the learning rate of the steps from now on (a schedule's rate of
 * the epoch); the state is kept. No effect on irprop-, which has none. */
void mlp_optimizer_set_learning_rate(mlp_optimizer *opt, double learning_rate);

/* Returns the state to what create made, for a new run. */
void mlp_optimizer_reset(mlp_optimizer *opt);

/* Steps taken since create or the last reset. */
long mlp_optimizer_steps(const mlp_optimizer *opt);

/* Frees opt; NULL is allowed. */
void mlp_optimizer_free(mlp_optimizer *opt);

/* (lambda / 2) sum over layers of sum W^2 (no biases); 0 when lambda is 0. */
double mlp_optimizer_l2_penalty(const mlp_net *net, double lambda);

/* dW += lambda W for every layer (db untouched): the gradient of
 * mlp_optimizer_l2_penalty, added to what mlp_net_gradient left. */
void mlp_optimizer_l2_gradient(mlp_net *net, double lambda);

/* ------------------------------------------------------------------------
 * The learning rate that every message of one run suggests, so that they
 * agree (docs/diagnostics.md, "One rate per run"): the pre-flight's
 * lr-unstable warning, the diagnosis (loss-exploding, loss-rose, saturated,
 * dead-relu) and the error of a diverged run. The pre-flight trial fills it
 * when it found the run's rate unstable; otherwise it stays zero, and the
 * rate suggested is a tenth of the run's. */
typedef struct {
    double rate;  /* the rate to try; 0: a tenth of the run's learning rate */
    int below;    /* 1: no rate tried down to `rate` was stable, so the advice is a rate
                     below it */
} mlp_rate_advice;

/* The next step of every message about the learning rate of a run whose
 * rate is learning_rate, into buf (always terminated):
 *   "try learning_rate R"                               (a NULL or below = 0)
 *   "try a learning_rate below R and check the data"    (below = 1)
 * with R = a->rate, or learning_rate / 10 when a is NULL or a->rate is 0.
 * Returns buf. */
const char *mlp_optimizer_rate_advice(const mlp_rate_advice *a, double learning_rate, char *buf,
                                      size_t size);

/* The rate R of that text. */
double mlp_optimizer_advised_rate(const mlp_rate_advice *a, double learning_rate);

#ifdef __cplusplus
}
#endif

#endif
