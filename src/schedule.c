/* SPDX-License-Identifier: MIT */
/* schedule.c: the learning-rate schedules of schedule.h, their table and
 * their checks. Owns no state: the training loop asks for the factor of
 * each epoch and sets the optimizer's rate itself. */
#include "mlp/schedule.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

static const mlp_schedule_info table[MLP_SCHEDULE_COUNT] = {
    [MLP_SCHEDULE_CONSTANT] = {
        .kind = MLP_SCHEDULE_CONSTANT,
        .name = "constant",
        .formula = "f = 1",
        .settings = {"warmup", NULL},
    },
    [MLP_SCHEDULE_STEP] = {
        .kind = MLP_SCHEDULE_STEP,
        .name = "step",
        .formula = "f = factor^floor(j / every)",
        .settings = {"warmup", "every", "factor", NULL},
    },
    [MLP_SCHEDULE_COSINE] = {
        .kind = MLP_SCHEDULE_COSINE,
        .name = "cosine",
        .formula = "f = min_factor + (1 - min_factor) (1 + cos(pi j / T)) / 2",
        .settings = {"warmup", "min_factor", NULL},
    },
};

const mlp_schedule_info *mlp_schedule_info_of(mlp_schedule_kind kind)
{
    return (unsigned)kind < MLP_SCHEDULE_COUNT ? &table[kind] : NULL;
}

const mlp_schedule_info *mlp_schedule_info_by_name(const char *name)
{
    for (int k = 0; k < MLP_SCHEDULE_COUNT; k++)
        if (strcmp(name, table[k].name) == 0)
            return &table[k];
    return NULL;
}

int mlp_schedule_has_setting(mlp_schedule_kind kind, const char *setting)
{
    const mlp_schedule_info *in = mlp_schedule_info_of(kind);
    for (const char *const *s = in ? in->settings : NULL; s && *s; s++)
        if (strcmp(*s, setting) == 0)
            return 1;
    return 0;
}

const char *mlp_schedule_name(mlp_schedule_kind kind)
{
    const mlp_schedule_info *in = mlp_schedule_info_of(kind);
    return in ? in->name : "?";
}

/* factor 0.1 is the gamma of PyTorch's StepLR: one decade per step. */
mlp_schedule mlp_schedule_defaults(mlp_schedule_kind kind)
{
    return (mlp_schedule){.kind = kind, .warmup = 0, .every = 0, .factor = 0.1, .min_factor = 0};
}

mlp_status mlp_schedule_check(const mlp_schedule *s, mlp_error *err)
{
    const char *what = NULL;
    if (!mlp_schedule_info_of(s->kind))
        what = "an unknown schedule";
    else if (s->warmup < 0)
        what = "a warm-up of fewer than 0 epochs";
    else if (s->kind == MLP_SCHEDULE_STEP && s->every < 1)
        what = "a step schedule without \"every\" of at least 1 epoch";
    else if (s->kind == MLP_SCHEDULE_STEP && !(s->factor > 0 && s->factor < 1))
        what = "a step \"factor\" outside (0, 1)";
    else if (s->kind == MLP_SCHEDULE_COSINE && !(s->min_factor >= 0 && s->min_factor < 1))
        what = "a cosine \"min_factor\" outside [0, 1)";
    if (!what)
        return MLP_OK;
    return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "the learning-rate schedule has %s", what);
}

/* x^n by squaring: a fixed sequence of products for each n, so the factor
 * of an epoch is the same on every machine (no libm pow). */
static double power(double x, long n)
{
    double r = 1.0;
    while (n > 0) {
        if (n & 1)
            r *= x;
        x *= x;
        n >>= 1;
    }
    return r;
}

double mlp_schedule_factor(const mlp_schedule *s, long epoch, long epochs)
{
    if (!s)
        return 1.0;
    /* Cosine is planned over the run: past its last epoch (a refit longer
     * than it) it holds that epoch's rate, even one still in the warm-up,
     * which would otherwise ramp on to the full rate the run never had.
     * Constant and step are not planned over the run: their formula goes on. */
    if (s->kind == MLP_SCHEDULE_COSINE && epochs >= 1 && epoch > epochs)
        epoch = epochs;
    if (epoch <= s->warmup)
        return (double)epoch / (double)(s->warmup + 1);
    long j = epoch - s->warmup - 1, T = epochs - s->warmup;
    switch (s->kind) {
    case MLP_SCHEDULE_STEP:
        return power(s->factor, s->every > 0 ? j / s->every : 0);
    case MLP_SCHEDULE_COSINE:
        if (T < 1) /* only for epochs < 1, which a checked run never has */
            T = 1;
        if (j > T - 1)
            j = T - 1;
        return s->min_factor +
               (1.0 - s->min_factor) * 0.5 * (1.0 + cos(3.14159265358979323846 * (double)j / (double)T));
    case MLP_SCHEDULE_CONSTANT:
    case MLP_SCHEDULE_COUNT:
        break;
    }
    return 1.0;
}

double mlp_schedule_highest(const mlp_schedule *s, long from, long to, long epochs)
{
    if (!s)
        return 1.0;
    /* Inside or across the warm-up the highest is at its end or the
     * stretch's, whichever comes first; after it, at the stretch's start.
     * (mlp_schedule_factor holds cosine past `epochs`, still in the
     * warm-up: its f(epochs), the highest there too.) */
    long k = from > s->warmup ? from : (to < s->warmup + 1 ? to : s->warmup + 1);
    return mlp_schedule_factor(s, k, epochs);
}
