/* SPDX-License-Identifier: MIT */
/* optimizer.c: the update rules of optimizer.h over the flat parameter and
 * gradient blocks of mlp_net, their state, the table that describes each
 * optimizer to the rest of mlp, and the l2 penalty. Owns no
 * network memory: it reads net->grads and writes net->params; the passes
 * that fill the gradient are net.c's. */
#include "mlp/optimizer.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "c_locale.h"

/* Defaults from the sources of each rule: Kingma and Ba's beta1, beta2 and
 * epsilon for adam (with their learning rate 0.001); Riedmiller and Braun's
 * increase 1.2, decrease 0.5, delta0 0.1 and delta_max 50 for Rprop, with
 * delta_min 1e-6 so that a step never freezes at zero. */
mlp_optimizer_options mlp_optimizer_defaults(mlp_optimizer_kind kind)
{
    const mlp_optimizer_info *in = mlp_optimizer_info_of(kind);
    return (mlp_optimizer_options){
        .kind = kind,
        .learning_rate = in ? in->default_learning_rate : 0.1,
        .momentum = 0.9,
        .nesterov = 0,
        .beta1 = 0.9,
        .beta2 = 0.999,
        .epsilon = 1e-8,
        .increase = 1.2,
        .decrease = 0.5,
        .delta0 = 0.1,
        .delta_min = 1e-6,
        .delta_max = 50.0,
    };
}

/* A field out of its range, named as its struct's (the form of
 * mlp_train_run's messages: owner.field, and where the range is written). */
static mlp_status bad(mlp_error *err, const char *field, double v, const char *range)
{
    mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "mlp_optimizer_options.%s must be %s, not %g",
                  field, range, v);
    mlp_error_hint(err, "set %s within that range (include/mlp/optimizer.h)", field);
    return MLP_ERR_USAGE;
}

static mlp_status check_learning_rate(const mlp_optimizer_options *o, mlp_error *err)
{
    if (!(isfinite(o->learning_rate) && o->learning_rate > 0))
        return bad(err, "learning_rate", o->learning_rate, "finite and greater than 0");
    return MLP_OK;
}

static mlp_status check_momentum(const mlp_optimizer_options *o, mlp_error *err)
{
    if (check_learning_rate(o, err))
        return MLP_ERR_USAGE;
    if (!(o->momentum >= 0 && o->momentum < 1))
        return bad(err, "momentum", o->momentum, "at least 0 and less than 1");
    return MLP_OK;
}

static mlp_status check_adam(const mlp_optimizer_options *o, mlp_error *err)
{
    if (check_learning_rate(o, err))
        return MLP_ERR_USAGE;
    if (!(o->beta1 >= 0 && o->beta1 < 1))
        return bad(err, "beta1", o->beta1, "at least 0 and less than 1");
    if (!(o->beta2 >= 0 && o->beta2 < 1))
        return bad(err, "beta2", o->beta2, "at least 0 and less than 1");
    if (!(isfinite(o->epsilon) && o->epsilon > 0))
        return bad(err, "epsilon", o->epsilon, "finite and greater than 0");
    return MLP_OK;
}

static mlp_status check_irprop(const mlp_optimizer_options *o, mlp_error *err)
{
    if (!(isfinite(o->increase) && o->increase > 1))
        return bad(err, "increase", o->increase, "finite and greater than 1");
    if (!(o->decrease > 0 && o->decrease < 1))
        return bad(err, "decrease", o->decrease, "greater than 0 and less than 1");
    if (!(isfinite(o->delta_min) && o->delta_min >= 0))
        return bad(err, "delta_min", o->delta_min, "finite and at least 0");
    if (!(isfinite(o->delta_max) && o->delta_max > o->delta_min))
        return bad(err, "delta_max", o->delta_max, "finite and greater than delta_min");
    if (!(o->delta0 > 0 && o->delta0 >= o->delta_min && o->delta0 <= o->delta_max))
        return bad(err, "delta0", o->delta0, "greater than 0 and within delta_min..delta_max");
    return MLP_OK;
}

mlp_status mlp_optimizer_check(const mlp_optimizer_options *o, mlp_error *err)
{
    const mlp_optimizer_info *in = mlp_optimizer_info_of(o->kind);
    if (in)
        return in->check(o, err);
    mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "unknown optimizer code %d", (int)o->kind);
    /* A number cast to the enum: say where the valid ones come from. */
    mlp_error_hint(err, "set mlp_optimizer_options.kind to an mlp_optimizer_kind below "
                        "MLP_OPT_COUNT, or to mlp_optimizer_from_name's value of an optimizer's "
                        "name (include/mlp/optimizer.h)");
    return MLP_ERR_USAGE;
}

/* ---------------------------------------------------------------------------
 * State: one block of n_params doubles per role, the layout of net->params.
 *   momentum  a = v
 *   adam      a = m, b = s
 *   irprop-   a = d (step sizes), b = q (previous gradient)
 * gd has none. */

struct mlp_optimizer {
    mlp_optimizer_options o;
    size_t n_params;
    long steps;
    double *block;           /* owned; a and b point into it */
    double *a, *b;
    double pow1, pow2;       /* adam: b1^t and b2^t, kept as running products */
};

void mlp_optimizer_reset(mlp_optimizer *opt)
{
    size_t n = opt->n_params;
    opt->steps = 0;
    opt->pow1 = 1.0;
    opt->pow2 = 1.0;
    if (opt->block)
        memset(opt->block, 0, mlp_optimizer_info_of(opt->o.kind)->state_blocks * n *
                                   sizeof *opt->block);
    const mlp_optimizer_info *in = mlp_optimizer_info_of(opt->o.kind);
    if (in->start)
        in->start(opt);
}

mlp_optimizer *mlp_optimizer_create(size_t n_params, const mlp_optimizer_options *o,
                                    mlp_error *err)
{
    if (mlp_optimizer_check(o, err))
        return NULL;
    size_t r = mlp_optimizer_info_of(o->kind)->state_blocks;
    mlp_optimizer *opt = mlp_alloc_zero(1, sizeof *opt);
    double *block = NULL;
    if (opt && r && n_params <= SIZE_MAX / r)
        block = mlp_alloc(r * n_params, sizeof *block);
    if (!opt || (r && !block)) {
        free(opt);
        free(block);
        mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0,
                      "out of memory for the state of optimizer \"%s\" (%zu parameters)",
                      mlp_optimizer_name(o->kind), n_params);
        return NULL;
    }
    opt->o = *o;
    opt->n_params = n_params;
    opt->block = block;
    opt->a = block;
    opt->b = r == 2 ? block + n_params : NULL;
    mlp_optimizer_reset(opt);
    return opt;
}

void mlp_optimizer_free(mlp_optimizer *opt)
{
    if (!opt)
        return;
    free(opt->block);
    free(opt);
}

void mlp_optimizer_set_learning_rate(mlp_optimizer *opt, double learning_rate)
{
    opt->o.learning_rate = learning_rate;
}

long mlp_optimizer_steps(const mlp_optimizer *opt)
{
    return opt->steps;
}

/* ---------------------------------------------------------------------------
 * The rules. */

/* gd: p -= eta g, the very loop of mlp_net_update. */
static void gd_step(mlp_optimizer *opt, double *p, const double *g)
{
    const double eta = opt->o.learning_rate;
    for (size_t i = 0; i < opt->n_params; i++)
        p[i] -= eta * g[i];
}

static void momentum_step(mlp_optimizer *opt, double *p, const double *g)
{
    const double eta = opt->o.learning_rate, mu = opt->o.momentum;
    double *v = opt->a;
    if (opt->o.nesterov) {
        for (size_t i = 0; i < opt->n_params; i++) {
            v[i] = mu * v[i] + g[i];
            p[i] -= eta * (g[i] + mu * v[i]);
        }
    } else {
        for (size_t i = 0; i < opt->n_params; i++) {
            v[i] = mu * v[i] + g[i];
            p[i] -= eta * v[i];
        }
    }
}

/* The bias corrections 1/(1 - b^t) undo the pull of m and s towards their
 * zero start in the first steps; b^t is a running product so that it
 * depends on no libm. */
static void adam_step(mlp_optimizer *opt, double *p, const double *g)
{
    const double eta = opt->o.learning_rate, b1 = opt->o.beta1, b2 = opt->o.beta2;
    const double eps = opt->o.epsilon;
    double *m = opt->a, *s = opt->b;
    opt->pow1 *= b1;
    opt->pow2 *= b2;
    const double c1 = 1.0 - opt->pow1, c2 = 1.0 - opt->pow2;
    for (size_t i = 0; i < opt->n_params; i++) {
        m[i] = b1 * m[i] + (1.0 - b1) * g[i];
        s[i] = b2 * s[i] + (1.0 - b2) * g[i] * g[i];
        p[i] -= eta * (m[i] / c1) / (sqrt(s[i] / c2) + eps);
    }
}

/* iRprop- (Igel and Huesken 2000): only the sign of the gradient is used.
 * A sign kept from the last step means the step was too short (grow it); a
 * sign change means a minimum was jumped over (shrink it, and skip this
 * entry's step by forgetting the gradient, so the next step does not count
 * the same change twice). Without weight backtracking, nothing is undone. */
static void irprop_start(mlp_optimizer *opt)
{
    for (size_t i = 0; i < opt->n_params; i++)
        opt->a[i] = opt->o.delta0;
}

static void irprop_step(mlp_optimizer *opt, double *p, const double *grad)
{
    const double up = opt->o.increase, down = opt->o.decrease;
    const double dmin = opt->o.delta_min, dmax = opt->o.delta_max;
    double *d = opt->a, *q = opt->b;
    for (size_t i = 0; i < opt->n_params; i++) {
        double g = grad[i];
        double sign_change = g * q[i];
        if (sign_change > 0) {
            d[i] = fmin(d[i] * up, dmax);
        } else if (sign_change < 0) {
            d[i] = fmax(d[i] * down, dmin);
            g = 0.0;
        }
        if (g > 0)
            p[i] -= d[i];
        else if (g < 0)
            p[i] += d[i];
        q[i] = g;
    }
}

/* ---------------------------------------------------------------------------
 * The table: one row per optimizer, indexed by its code. */

static const mlp_optimizer_info table[MLP_OPT_COUNT] = {
    [MLP_OPT_GD] = {
        .kind = MLP_OPT_GD,
        .name = "gd",
        .step = gd_step,
        .check = check_learning_rate,
        .state_blocks = 0,
        .default_learning_rate = 0.1,
        .formula = "p -= eta g",
        .settings = {NULL},
        .flags = MLP_OPT_FLAG_LEARNING_RATE,
    },
    [MLP_OPT_MOMENTUM] = {
        .kind = MLP_OPT_MOMENTUM,
        .name = "momentum",
        .step = momentum_step,
        .check = check_momentum,
        .state_blocks = 1,
        .default_learning_rate = 0.1,
        .formula = "v = mu v + g; p -= eta v (nesterov: p -= eta (g + mu v))",
        .settings = {"momentum", "nesterov", NULL},
        .flags = MLP_OPT_FLAG_LEARNING_RATE,
    },
    [MLP_OPT_ADAM] = {
        .kind = MLP_OPT_ADAM,
        .name = "adam",
        .step = adam_step,
        .check = check_adam,
        .state_blocks = 2,
        .default_learning_rate = 0.001,
        .formula = "m = b1 m + (1 - b1) g; s = b2 s + (1 - b2) g^2; "
                   "p -= eta (m / (1 - b1^t)) / (sqrt(s / (1 - b2^t)) + eps)",
        .settings = {"beta1", "beta2", "epsilon", NULL},
        .flags = MLP_OPT_FLAG_LEARNING_RATE,
    },
    [MLP_OPT_IRPROP_MINUS] = {
        .kind = MLP_OPT_IRPROP_MINUS,
        .name = "irprop-",
        .step = irprop_step,
        .check = check_irprop,
        .state_blocks = 2,
        .start = irprop_start,
        .default_learning_rate = 0.1,
        .formula = "d = min(d increase, delta_max) where g q > 0, max(d decrease, delta_min) and "
                   "g = 0 where g q < 0; p -= sign(g) d; q = g",
        .settings = {"increase", "decrease", "delta0", "delta_min", "delta_max", NULL},
        .flags = 0,
    },
};

const mlp_optimizer_info *mlp_optimizer_info_of(mlp_optimizer_kind kind)
{
    return (unsigned)kind < MLP_OPT_COUNT ? &table[kind] : NULL;
}

const mlp_optimizer_info *mlp_optimizer_info_by_name(const char *name)
{
    for (int k = 0; k < MLP_OPT_COUNT; k++)
        if (strcmp(name, table[k].name) == 0)
            return &table[k];
    return NULL;
}

const mlp_optimizer_info *mlp_optimizer_info_by_setting(const char *setting)
{
    for (int k = 0; k < MLP_OPT_COUNT; k++)
        for (const char *const *s = table[k].settings; *s; s++)
            if (strcmp(setting, *s) == 0)
                return &table[k];
    return NULL;
}

const char *mlp_optimizer_name(mlp_optimizer_kind kind)
{
    const mlp_optimizer_info *in = mlp_optimizer_info_of(kind);
    return in ? in->name : "?";
}

int mlp_optimizer_from_name(const char *name, mlp_optimizer_kind *out)
{
    const mlp_optimizer_info *in = mlp_optimizer_info_by_name(name);
    if (!in)
        return -1;
    *out = in->kind;
    return 0;
}

void mlp_optimizer_step(mlp_optimizer *opt, mlp_net *net)
{
    opt->steps++;
    mlp_optimizer_info_of(opt->o.kind)->step(opt, net->params, net->grads);
}

/* ---------------------------------------------------------------------------
 * l2 penalty over the W views only: shrinking biases does not make a net
 * smoother, it only shifts its outputs. */

double mlp_optimizer_l2_penalty(const mlp_net *net, double lambda)
{
    if (lambda == 0.0)
        return 0.0;
    double sum = 0.0;
    for (size_t l = 0; l < net->n_layers; l++) {
        const mlp_layer *L = &net->layers[l];
        size_t n = L->n_out * L->n_in;
        for (size_t i = 0; i < n; i++)
            sum += L->W[i] * L->W[i];
    }
    return 0.5 * lambda * sum;
}

void mlp_optimizer_l2_gradient(mlp_net *net, double lambda)
{
    if (lambda == 0.0)
        return;
    for (size_t l = 0; l < net->n_layers; l++) {
        mlp_layer *L = &net->layers[l];
        size_t n = L->n_out * L->n_in;
        for (size_t i = 0; i < n; i++)
            L->dW[i] += lambda * L->W[i];
    }
}

/* ------------------------------------------------------------------------ */
/* One rate per run: the text every learning-rate message ends with. */

double mlp_optimizer_advised_rate(const mlp_rate_advice *a, double learning_rate)
{
    return a && a->rate > 0 ? a->rate : learning_rate / 10;
}

const char *mlp_optimizer_rate_advice(const mlp_rate_advice *a, double learning_rate, char *buf,
                                      size_t size)
{
    double r = mlp_optimizer_advised_rate(a, learning_rate);
    if (a && a->below)
        mlp_c_snprintf(buf, size, "try a learning_rate below %g and check the data", r);
    else
        mlp_c_snprintf(buf, size, "try learning_rate %g", r);
    return buf;
}
