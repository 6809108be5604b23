/* SPDX-License-Identifier: MIT */
/* schedule.h: the learning-rate schedule, a factor of the learning rate
 * for each epoch.
 *
 * Epoch k (1-based) of a run of E epochs trains at eta * f(k), eta the
 * optimizer's learning rate, W the warm-up epochs, j = k - W - 1 the
 * epochs since the warm-up and T = E - W the epochs after it:
 *   warm-up (k <= W, every kind)  f = k / (W + 1)
 *   constant                      f = 1
 *   step                          f = factor^floor(j / every)
 *   cosine                        f = min_factor + (1 - min_factor) (1 + cos(pi j / T)) / 2
 * Past epoch E (a refit longer than the run, k > E) cosine holds f(E), the
 * last rate of the run, also when epoch E is still in the warm-up; constant
 * and step, whose formulas do not depend on E, go on by them (a warm-up
 * longer than the run goes on ramping to 1, step goes on decaying).
 * The rate is set once per epoch, before its first update, so a full-batch
 * epoch and every mini-batch of one epoch use the same rate. The constant
 * schedule without warm-up is f = 1 exactly: the learning rate as given,
 * bit for bit. docs/optimizers.md says when each pays.
 */
#ifndef MLP_SCHEDULE_H
#define MLP_SCHEDULE_H

#include "mlp/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* New kinds are appended before MLP_SCHEDULE_COUNT. */
typedef enum {
    MLP_SCHEDULE_CONSTANT = 0,
    MLP_SCHEDULE_STEP,
    MLP_SCHEDULE_COSINE,
    MLP_SCHEDULE_COUNT
} mlp_schedule_kind;

typedef struct {
    mlp_schedule_kind kind;
    long warmup;        /* epochs of linear warm-up, >= 0 (0: none) */
    long every;         /* step: epochs between two decays, >= 1 */
    double factor;      /* step: the rate is multiplied by it at each decay, in (0, 1) */
    double min_factor;  /* cosine: the rate it decays towards, as a fraction of eta, in [0, 1) */
} mlp_schedule;

/* The most spec settings one schedule reads (besides "name"). */
#define MLP_SCHEDULE_MAX_SETTINGS 3

/* One row of the table in schedule.c. */
typedef struct {
    mlp_schedule_kind kind;
    const char *name;      /* the spec name */
    const char *formula;   /* f after the warm-up, in one line */
    /* The "schedule" keys of the spec that belong to it, NULL-terminated
     * ("warmup" belongs to every kind). */
    const char *settings[MLP_SCHEDULE_MAX_SETTINGS + 1];
} mlp_schedule_info;

/* The row of `kind`; NULL for a value that is no schedule. */
const mlp_schedule_info *mlp_schedule_info_of(mlp_schedule_kind kind);

/* The row named `name` (case-sensitive), or NULL. */
const mlp_schedule_info *mlp_schedule_info_by_name(const char *name);

/* Whether `setting` is a key of the schedule of `kind`. */
int mlp_schedule_has_setting(mlp_schedule_kind kind, const char *setting);

/* The spec name of a kind ("constant", "step", "cosine"); "?" for no kind. */
const char *mlp_schedule_name(mlp_schedule_kind kind);

/* Defaults, every field set: no warm-up; every 0 (the spec requires it for
 * step); factor 0.1; min_factor 0. */
mlp_schedule mlp_schedule_defaults(mlp_schedule_kind kind);

/* Checks the fields the kind uses against the ranges above; MLP_OK, or
 * MLP_ERR_USAGE with err naming the field. */
mlp_status mlp_schedule_check(const mlp_schedule *s, mlp_error *err);

/* f(k) of epoch k (1-based) in a run of `epochs` epochs, as above (k may be
 * past `epochs`); s NULL is the constant schedule (1). In (0, 1] for a
 * checked schedule. */
double mlp_schedule_factor(const mlp_schedule *s, long epoch, long epochs);

/* The highest f(k) for k in [from, to] (1 <= from <= to) of a run of
 * `epochs` epochs; s NULL is 1. f rises through the warm-up and does not
 * rise after it, so that is f(to) for a stretch inside the warm-up, 1 (the
 * epoch after the warm-up) for one that leaves it, and f(from) after it.
 * The highest rate a run reaches is eta times that of [1, epochs]: below
 * eta when the warm-up does not end within the run (W >= epochs). */
double mlp_schedule_highest(const mlp_schedule *s, long from, long to, long epochs);

#ifdef __cplusplus
}
#endif

#endif
