/* SPDX-License-Identifier: MIT */
/* test_optimizer.c: each update rule against steps worked out by hand, the
 * l2 penalty and its gradient, the settings' ranges, and the optimizers
 * inside the training loop: plain gd unchanged bit for bit, the same seed
 * giving the same bytes for every optimizer, early stopping putting back
 * the best epoch's weights, and the refit after early stopping repeating
 * the best epoch's updates on all rows, bit for bit a plain run. The
 * hand-worked numbers are in the comments. */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlp/optimizer.h"
#include "mlp/train.h"

/* A 1 -> 2 linear layer: params are W = (p0, p1), b = (p2, p3). */
static mlp_net *four_params(const double p[4])
{
    const size_t sizes[2] = {1, 2};
    const mlp_activation acts[1] = {MLP_ACT_LINEAR};
    mlp_net *net = mlp_net_create(1, sizes, acts, MLP_LOSS_MSE, NULL);
    assert_non_null(net);
    assert_int_equal(net->n_params, 4);
    memcpy(net->params, p, 4 * sizeof *p);
    return net;
}

static void step_with(mlp_optimizer *opt, mlp_net *net, const double g[4])
{
    memcpy(net->grads, g, 4 * sizeof *g);
    mlp_optimizer_step(opt, net);
}

/* 1e-15 relative: the hand values are exact decimals a few roundings away. */
static void assert_params(const mlp_net *net, const double want[4], double tol)
{
    for (size_t i = 0; i < 4; i++)
        if (!(fabs(net->params[i] - want[i]) <= tol * fmax(1.0, fabs(want[i]))))
            fail_msg("params[%zu] = %.17g, want %.17g", i, net->params[i], want[i]);
}

static const double p0[4] = {1.0, -2.0, 0.5, 0.0};
static const double g1[4] = {0.5, -1.0, 0.0, 2.0};
static const double g2[4] = {1.0, 1.0, -1.0, 0.0};

/* ------------------------------------------------------------------------ */
/* The rules, step by step */

static void gd_should_step_against_the_gradient_exactly_like_net_update(void **state)
{
    (void)state;
    mlp_net *net = four_params(p0), *ref = four_params(p0);
    mlp_optimizer_options o = mlp_optimizer_defaults(MLP_OPT_GD);
    o.learning_rate = 0.1;
    mlp_optimizer *opt = mlp_optimizer_create(4, &o, NULL);
    assert_non_null(opt);
    step_with(opt, net, g1);
    /* p - 0.1 g = (0.95, -1.9, 0.5, -0.2) */
    assert_params(net, (const double[]){0.95, -1.9, 0.5, -0.2}, 1e-15);
    memcpy(ref->grads, g1, sizeof g1);
    mlp_net_update(ref, 0.1);
    assert_memory_equal(net->params, ref->params, 4 * sizeof(double));
    assert_int_equal(mlp_optimizer_steps(opt), 1);
    mlp_optimizer_free(opt);
    mlp_net_free(net);
    mlp_net_free(ref);
}

static void momentum_should_accumulate_a_velocity(void **state)
{
    (void)state;
    mlp_net *net = four_params(p0);
    mlp_optimizer_options o = mlp_optimizer_defaults(MLP_OPT_MOMENTUM);
    o.learning_rate = 0.1;
    o.momentum = 0.5;
    mlp_optimizer *opt = mlp_optimizer_create(4, &o, NULL);
    /* v = g1; p -= 0.1 v */
    step_with(opt, net, g1);
    assert_params(net, (const double[]){0.95, -1.9, 0.5, -0.2}, 1e-15);
    /* v = 0.5 g1 + g2 = (1.25, 0.5, -1, 1); p -= 0.1 v */
    step_with(opt, net, g2);
    assert_params(net, (const double[]){0.825, -1.95, 0.6, -0.3}, 1e-15);
    /* after a reset the first step is a plain gd step again */
    mlp_optimizer_reset(opt);
    memcpy(net->params, p0, sizeof p0);
    step_with(opt, net, g1);
    assert_params(net, (const double[]){0.95, -1.9, 0.5, -0.2}, 1e-15);
    mlp_optimizer_free(opt);
    mlp_net_free(net);
}

static void nesterov_should_look_ahead_along_the_velocity(void **state)
{
    (void)state;
    mlp_net *net = four_params(p0);
    mlp_optimizer_options o = mlp_optimizer_defaults(MLP_OPT_MOMENTUM);
    o.learning_rate = 0.1;
    o.momentum = 0.5;
    o.nesterov = 1;
    mlp_optimizer *opt = mlp_optimizer_create(4, &o, NULL);
    /* v = g1; p -= 0.1 (g1 + 0.5 v) = 0.15 g1 */
    step_with(opt, net, g1);
    assert_params(net, (const double[]){0.925, -1.85, 0.5, -0.3}, 1e-15);
    /* v = (1.25, 0.5, -1, 1); g2 + 0.5 v = (1.625, 1.25, -1.5, 0.5) */
    step_with(opt, net, g2);
    assert_params(net, (const double[]){0.7625, -1.975, 0.65, -0.35}, 1e-15);
    mlp_optimizer_free(opt);
    mlp_net_free(net);
}

static void adam_should_take_bias_corrected_steps(void **state)
{
    (void)state;
    mlp_net *net = four_params(p0);
    mlp_optimizer_options o = mlp_optimizer_defaults(MLP_OPT_ADAM);
    o.learning_rate = 0.1;
    mlp_optimizer *opt = mlp_optimizer_create(4, &o, NULL);
    /* Step 1: m = 0.1 g, s = 0.001 g^2, so after the corrections (1 - 0.9)
     * and (1 - 0.999) the step is 0.1 g / (|g| + 1e-8): 0.1 sign(g) up to
     * the epsilon, and nothing where g = 0. */
    step_with(opt, net, g1);
    const double s1[4] = {1.0 - 0.1 * 0.5 / (0.5 + 1e-8), -2.0 + 0.1 * 1.0 / (1.0 + 1e-8), 0.5,
                          0.0 - 0.1 * 2.0 / (2.0 + 1e-8)};
    assert_params(net, s1, 1e-15);
    /* Step 2, entry by entry: m = 0.09 g1 + 0.1 g2, s = 0.000999 g1^2 + 0.001 g2^2,
     * corrections 1 - 0.81 = 0.19 and 1 - 0.998001 = 0.001999:
     *   entry 0: m = 0.145,  s = 0.00124975
     *   entry 1: m = 0.01,   s = 0.001999   (g1 = -1, g2 = 1)
     *   entry 2: m = -0.1,   s = 0.001
     *   entry 3: m = 0.18,   s = 0.003996 */
    step_with(opt, net, g2);
    const double m[4] = {0.145, 0.01, -0.1, 0.18};
    const double s[4] = {0.00124975, 0.001999, 0.001, 0.003996};
    double want[4];
    for (size_t i = 0; i < 4; i++)
        want[i] = s1[i] - 0.1 * (m[i] / 0.19) / (sqrt(s[i] / 0.001999) + 1e-8);
    /* 1e-13: the hand sums above are exact decimals, the code's are binary. */
    assert_params(net, want, 1e-13);
    assert_int_equal(mlp_optimizer_steps(opt), 2);
    mlp_optimizer_free(opt);
    mlp_net_free(net);
}

static void irprop_should_adapt_a_step_size_per_weight(void **state)
{
    (void)state;
    mlp_net *net = four_params(p0);
    mlp_optimizer_options o = mlp_optimizer_defaults(MLP_OPT_IRPROP_MINUS);
    mlp_optimizer *opt = mlp_optimizer_create(4, &o, NULL);
    /* Step 1 (no previous gradient): p -= sign(g1) 0.1 */
    step_with(opt, net, g1);
    assert_params(net, (const double[]){0.9, -1.9, 0.5, -0.1}, 1e-15);
    /* Step 2 with g = (1, 1, -1, 3):
     *   entry 0 same sign: d = 0.12, p = 0.9 - 0.12
     *   entry 1 sign change: d = 0.05, no step, gradient forgotten
     *   entry 2 previous 0: d = 0.1, p = 0.5 + 0.1
     *   entry 3 same sign: d = 0.12, p = -0.1 - 0.12 */
    step_with(opt, net, (const double[]){1.0, 1.0, -1.0, 3.0});
    assert_params(net, (const double[]){0.78, -1.9, 0.6, -0.22}, 1e-15);
    /* Step 3 with g = (2, 1, -1, -1):
     *   entry 0: d = 0.144, p = 0.78 - 0.144
     *   entry 1 (previous forgotten): d = 0.05, p = -1.9 - 0.05
     *   entry 2 same sign: d = 0.12, p = 0.6 + 0.12
     *   entry 3 sign change: d = 0.06, no step */
    step_with(opt, net, (const double[]){2.0, 1.0, -1.0, -1.0});
    assert_params(net, (const double[]){0.636, -1.95, 0.72, -0.22}, 1e-15);
    mlp_optimizer_free(opt);
    mlp_net_free(net);
}

static void irprop_should_keep_step_sizes_within_their_bounds(void **state)
{
    (void)state;
    mlp_net *net = four_params(p0);
    mlp_optimizer_options o = mlp_optimizer_defaults(MLP_OPT_IRPROP_MINUS);
    o.delta_max = 0.13;
    o.delta_min = 0.04;
    mlp_optimizer *opt = mlp_optimizer_create(4, &o, NULL);
    /* Entry 0 keeps its sign: 0.1, then 0.12, then min(0.144, 0.13).
     * Entry 1 alternates: each change halves d (0.05, then max(0.025, 0.04))
     * and skips a step, each step in between uses the shrunk d. */
    const double g[4][4] = {{1, 1, 0, 0}, {1, -1, 0, 0}, {1, 1, 0, 0}, {1, -1, 0, 0}};
    for (int k = 0; k < 4; k++)
        step_with(opt, net, g[k]);
    /* entry 0: 1 - 0.1 - 0.12 - 0.13 - 0.13
     * entry 1: -2 - 0.1 (step 1), no step, -0.05 (step 3), no step (d -> 0.04) */
    assert_params(net, (const double[]){0.52, -2.15, 0.5, 0.0}, 1e-15);
    step_with(opt, net, (const double[]){1, 1, 0, 0});
    assert_params(net, (const double[]){0.39, -2.19, 0.5, 0.0}, 1e-15);
    mlp_optimizer_free(opt);
    mlp_net_free(net);
}

/* ------------------------------------------------------------------------ */
/* Names, ranges, l2 */

static void optimizer_names_should_round_trip(void **state)
{
    (void)state;
    const char *names[] = {"gd", "momentum", "adam", "irprop-"};
    for (int k = 0; k < MLP_OPT_COUNT; k++) {
        mlp_optimizer_kind kind;
        assert_string_equal(mlp_optimizer_name((mlp_optimizer_kind)k), names[k]);
        assert_int_equal(mlp_optimizer_from_name(names[k], &kind), 0);
        assert_int_equal(kind, k);
    }
    mlp_optimizer_kind kind;
    assert_int_equal(mlp_optimizer_from_name("Adam", &kind), -1);
    assert_int_equal(mlp_optimizer_from_name("irprop", &kind), -1);
    assert_string_equal(mlp_optimizer_name(MLP_OPT_COUNT), "?");
}

static void optimizer_check_should_reject_settings_out_of_range(void **state)
{
    (void)state;
    static const struct {
        mlp_optimizer_kind kind;
        size_t field;   /* offset of the double to spoil */
        double value;
        const char *message;
    } cases[] = {
        {MLP_OPT_GD, offsetof(mlp_optimizer_options, learning_rate), 0.0,
         "mlp_optimizer_options.learning_rate must be finite and greater than 0, not 0"},
        {MLP_OPT_ADAM, offsetof(mlp_optimizer_options, learning_rate), INFINITY,
         "mlp_optimizer_options.learning_rate must be finite and greater than 0, not inf"},
        {MLP_OPT_MOMENTUM, offsetof(mlp_optimizer_options, momentum), 1.0,
         "mlp_optimizer_options.momentum must be at least 0 and less than 1, not 1"},
        {MLP_OPT_ADAM, offsetof(mlp_optimizer_options, beta2), -0.5,
         "mlp_optimizer_options.beta2 must be at least 0 and less than 1, not -0.5"},
        {MLP_OPT_ADAM, offsetof(mlp_optimizer_options, epsilon), 0.0,
         "mlp_optimizer_options.epsilon must be finite and greater than 0, not 0"},
        {MLP_OPT_IRPROP_MINUS, offsetof(mlp_optimizer_options, increase), 1.0,
         "mlp_optimizer_options.increase must be finite and greater than 1, not 1"},
        {MLP_OPT_IRPROP_MINUS, offsetof(mlp_optimizer_options, decrease), 1.0,
         "mlp_optimizer_options.decrease must be greater than 0 and less than 1, not 1"},
        {MLP_OPT_IRPROP_MINUS, offsetof(mlp_optimizer_options, delta_max), 1e-7,
         "mlp_optimizer_options.delta_max must be finite and greater than delta_min, not 1e-07"},
        {MLP_OPT_IRPROP_MINUS, offsetof(mlp_optimizer_options, delta0), 60.0,
         "mlp_optimizer_options.delta0 must be greater than 0 and within delta_min..delta_max, not 60"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        mlp_optimizer_options o = mlp_optimizer_defaults(cases[k].kind);
        assert_int_equal(mlp_optimizer_check(&o, NULL), MLP_OK);
        memcpy((char *)&o + cases[k].field, &cases[k].value, sizeof(double));
        mlp_error err;
        assert_int_equal(mlp_optimizer_check(&o, &err), MLP_ERR_USAGE);
        assert_string_equal(err.message, cases[k].message);
        /* What to do: the field to set and where its range is written. */
        char hint[128];
        snprintf(hint, sizeof hint, "set %.*s within that range (include/mlp/optimizer.h)",
                 (int)strcspn(cases[k].message + strlen("mlp_optimizer_options."), " "),
                 cases[k].message + strlen("mlp_optimizer_options."));
        assert_string_equal(err.hint, hint);
        assert_null(mlp_optimizer_create(4, &o, &err));
    }
    /* A kind cast from a number no optimizer has: said, with where the
     * valid ones come from. */
    mlp_optimizer_options u = mlp_optimizer_defaults(MLP_OPT_GD);
    u.kind = (mlp_optimizer_kind)99;
    mlp_error err;
    assert_int_equal(mlp_optimizer_check(&u, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "unknown optimizer code 99");
    assert_non_null(strstr(err.hint, "mlp_optimizer_from_name"));
    /* A setting another optimizer uses is not looked at. */
    mlp_optimizer_options o = mlp_optimizer_defaults(MLP_OPT_GD);
    o.momentum = 7;
    assert_int_equal(mlp_optimizer_check(&o, NULL), MLP_OK);
}

static void l2_should_penalise_the_weights_only(void **state)
{
    (void)state;
    /* A 2 -> 2 -> 1 net: W0 (2x2), b0 (2), W1 (1x2), b1 (1). */
    const size_t sizes[3] = {2, 2, 1};
    const mlp_activation acts[2] = {MLP_ACT_TANH, MLP_ACT_LINEAR};
    mlp_net *net = mlp_net_create(2, sizes, acts, MLP_LOSS_MSE, NULL);
    const double p[9] = {1, -2, 3, 0.5, /* b0 */ 10, 20, /* W1 */ -1, 2, /* b1 */ 30};
    memcpy(net->params, p, sizeof p);
    /* sum W^2 = 1 + 4 + 9 + 0.25 + 1 + 4 = 19.25; (0.2 / 2) 19.25 = 1.925 */
    assert_close(mlp_optimizer_l2_penalty(net, 0.2), 1.925, 1e-15);
    assert_true(mlp_optimizer_l2_penalty(net, 0.0) == 0.0);
    for (size_t i = 0; i < 9; i++)
        net->grads[i] = 1.0;
    mlp_optimizer_l2_gradient(net, 0.2);
    const double want[9] = {1.2, 0.6, 1.6, 1.1, 1, 1, 0.8, 1.4, 1};
    for (size_t i = 0; i < 9; i++)
        assert_close(net->grads[i], want[i], 1e-15);
    mlp_optimizer_l2_gradient(net, 0.0);
    for (size_t i = 0; i < 9; i++)
        assert_close(net->grads[i], want[i], 0.0);
    mlp_net_free(net);
}

/* ------------------------------------------------------------------------ */
/* Inside the training loop */

static const double xor_X[8] = {0, 0, 0, 1, 1, 0, 1, 1};
static const double xor_Y[4] = {0, 1, 1, 0};

static mlp_net *xor_net(uint64_t seed)
{
    const size_t sizes[3] = {2, 4, 1};
    const mlp_activation acts[2] = {MLP_ACT_TANH, MLP_ACT_SIGMOID};
    mlp_net *net = mlp_net_create(2, sizes, acts, MLP_LOSS_BINARY_CROSS_ENTROPY, NULL);
    assert_non_null(net);
    mlp_net_init(net, MLP_INIT_XAVIER, seed);
    return net;
}

static mlp_optimizer_options tuned(mlp_optimizer_kind kind)
{
    mlp_optimizer_options o = mlp_optimizer_defaults(kind);
    o.learning_rate = kind == MLP_OPT_ADAM ? 0.05 : 0.5;
    return o;
}

static void gd_options_should_change_nothing_in_training(void **state)
{
    (void)state;
    mlp_dataset data = {4, 2, 1, (double *)xor_X, (double *)xor_Y, NULL, NULL};
    mlp_net *a = xor_net(9), *b = xor_net(9);
    mlp_train_options plain = {.learning_rate = 0.5, .epochs = 300, .classify = 1};
    mlp_optimizer_options gd = mlp_optimizer_defaults(MLP_OPT_GD);
    gd.learning_rate = 0.5;
    mlp_train_options explicit = plain;
    explicit.optimizer = &gd;
    mlp_train_result ra, rb;
    assert_int_equal(mlp_train_run(a, &data, &plain, &ra, NULL), MLP_OK);
    assert_int_equal(mlp_train_run(b, &data, &explicit, &rb, NULL), MLP_OK);
    assert_memory_equal(a->params, b->params, a->n_params * sizeof(double));
    /* and it is 300 plain steps p -= 0.5 dL/dp */
    mlp_net *c = xor_net(9);
    mlp_workspace *ws = mlp_workspace_create(c, 0, NULL);
    for (int e = 0; e < 300; e++) {
        mlp_net_gradient(c, ws, xor_X, xor_Y, 4, 0);
        for (size_t i = 0; i < c->n_params; i++)
            c->params[i] -= 0.5 * c->grads[i];
    }
    assert_memory_equal(a->params, c->params, a->n_params * sizeof(double));
    mlp_workspace_free(ws);
    mlp_net_free(a);
    mlp_net_free(b);
    mlp_net_free(c);
}

static void every_optimizer_should_learn_xor_and_repeat_its_bytes(void **state)
{
    (void)state;
    mlp_dataset data = {4, 2, 1, (double *)xor_X, (double *)xor_Y, NULL, NULL};
    for (int k = 0; k < MLP_OPT_COUNT; k++) {
        mlp_optimizer_options o = tuned((mlp_optimizer_kind)k);
        for (int nesterov = 0; nesterov <= (k == MLP_OPT_MOMENTUM); nesterov++) {
            o.nesterov = nesterov;
            mlp_train_options t = {.epochs = 500, .classify = 1, .optimizer = &o, .l2 = 1e-4};
            mlp_net *a = xor_net(4), *b = xor_net(4), *c = xor_net(5);
            mlp_train_result ra, rb, rc;
            assert_int_equal(mlp_train_run(a, &data, &t, &ra, NULL), MLP_OK);
            assert_int_equal(mlp_train_run(b, &data, &t, &rb, NULL), MLP_OK);
            assert_int_equal(mlp_train_run(c, &data, &t, &rc, NULL), MLP_OK);
            assert_memory_equal(a->params, b->params, a->n_params * sizeof(double));
            assert_memory_not_equal(a->params, c->params, a->n_params * sizeof(double));
            if (!(ra.final_loss < 0.1 && ra.final_accuracy == 1.0))
                fail_msg("%s%s: loss %g from %g, accuracy %g", mlp_optimizer_name(o.kind),
                         nesterov ? " (nesterov)" : "", ra.final_loss, ra.initial_loss,
                         ra.final_accuracy);
            mlp_net_free(a);
            mlp_net_free(b);
            mlp_net_free(c);
        }
    }
}

typedef struct {
    long n;
    double val[4096];
    long best[4096];
} val_log;

static mlp_status record(void *ctx, const mlp_epoch_stats *s, mlp_error *err)
{
    (void)err;
    val_log *log = ctx;
    if (log->n < 4096) {
        log->val[log->n] = s->val_loss;
        log->best[log->n] = s->best_epoch;
        log->n++;
    }
    return MLP_OK;
}

/* A validation set whose labels are the training labels flipped: the better
 * the net fits the training rows, the worse its validation loss, so the best
 * epoch comes early and patience must run out. */
static void early_stopping_should_put_back_the_best_weights(void **state)
{
    (void)state;
    const double flipped[4] = {1, 0, 0, 1};
    mlp_dataset data = {4, 2, 1, (double *)xor_X, (double *)xor_Y, NULL, NULL};
    mlp_dataset val = {4, 2, 1, (double *)xor_X, (double *)flipped, NULL, NULL};
    for (int k = 0; k < MLP_OPT_COUNT; k++) {
        mlp_optimizer_options o = tuned((mlp_optimizer_kind)k);
        val_log *log = calloc(1, sizeof *log);
        mlp_train_options t = {.epochs = 2000, .classify = 1, .optimizer = &o, .validation = &val,
                               .patience = 20, .on_epoch = record, .ctx = log};
        mlp_net *net = xor_net(3);
        mlp_train_result r;
        assert_int_equal(mlp_train_run(net, &data, &t, &r, NULL), MLP_OK);
        /* The best epoch is the first lowest validation loss of the log. */
        long best = 1;
        for (long e = 2; e <= log->n; e++)
            if (log->val[e - 1] < log->val[best - 1])
                best = e;
        assert_int_equal(r.best_epoch, best);
        assert_int_equal(log->best[log->n - 1], best);
        assert_int_equal(r.epochs_run, best + 20);
        assert_int_equal(log->n, best + 20);
        assert_true(r.stopped_early && r.restored);
        /* The weights returned are those the best row was computed on. */
        assert_memory_equal(&r.final_val_loss, &log->val[best - 1], sizeof(double));
        assert_memory_equal(&r.best_loss, &log->val[best - 1], sizeof(double));
        mlp_net_free(net);
        free(log);
    }
}

static void min_delta_should_ignore_small_improvements(void **state)
{
    (void)state;
    mlp_dataset data = {4, 2, 1, (double *)xor_X, (double *)xor_Y, NULL, NULL};
    val_log *log = calloc(1, sizeof *log);
    mlp_optimizer_options o = tuned(MLP_OPT_GD);
    /* Validation = training: the loss keeps falling, by less and less. */
    mlp_train_options t = {.epochs = 3000, .classify = 1, .optimizer = &o, .validation = &data,
                           .patience = 10, .min_delta = 1e-3, .on_epoch = record, .ctx = log};
    mlp_net *net = xor_net(2);
    mlp_train_result r;
    assert_int_equal(mlp_train_run(net, &data, &t, &r, NULL), MLP_OK);
    assert_true(r.stopped_early);
    /* Walk the log with the rule: a new best must be lower by more than 1e-3. */
    long best = 1, since = 0, stop = 0;
    for (long e = 2; e <= log->n && !stop; e++) {
        if (log->val[e - 1] < log->val[best - 1] - 1e-3) {
            best = e;
            since = 0;
        } else if (++since >= 10) {
            stop = e;
        }
        assert_int_equal(log->best[e - 1], best);
    }
    assert_int_equal(r.best_epoch, best);
    assert_int_equal(r.epochs_run, stop);
    assert_true(log->val[log->n - 1] < log->val[best - 1]); /* it still fell, slowly */
    mlp_net_free(net);
    free(log);
}

/* ------------------------------------------------------------------------ */
/* Refit after early stopping */

typedef struct {
    long n;
    long bad_best;        /* rows whose best_epoch was not `want_best` */
    long want_best;
    double first_loss;    /* the loss of the first row */
} refit_log;

static mlp_status count_refit(void *ctx, const mlp_epoch_stats *s, mlp_error *err)
{
    (void)err;
    refit_log *log = ctx;
    if (log->n == 0)
        log->first_loss = s->loss;
    log->n++;
    log->bad_best += s->best_epoch != log->want_best || s->epoch != log->n;
    return MLP_OK;
}

static void refit_epochs_should_be_the_updates_of_the_best_epoch(void **state)
{
    (void)state;
    /* Row E of the log is the weights before update E: E - 1 updates. */
    mlp_train_result r = {.best_epoch = 0};
    assert_int_equal(mlp_train_refit_epochs(&r, 1), 0);
    r.best_epoch = 1;
    assert_int_equal(mlp_train_refit_epochs(&r, 1), 0);
    r.best_epoch = 2;
    assert_int_equal(mlp_train_refit_epochs(&r, 1), 1);
    r.best_epoch = 137;
    assert_int_equal(mlp_train_refit_epochs(&r, 1), 136);
    assert_int_equal(mlp_train_refit_epochs(&r, 0), 136); /* 0: unset, as 1 */
}

/* "refit_scale" s: round(s (E - 1)) epochs, halves away from zero, and none
 * when the best epoch is the first (no update to scale). */
static void refit_epochs_should_scale_the_updates(void **state)
{
    (void)state;
    mlp_train_result r = {.best_epoch = 137};
    assert_int_equal(mlp_train_refit_epochs(&r, 1.25), 170);
    assert_int_equal(mlp_train_refit_epochs(&r, 100), 13600);
    r.best_epoch = 3; /* 2 updates x 1.25 = 2.5 */
    assert_int_equal(mlp_train_refit_epochs(&r, 1.25), 3);
    r.best_epoch = 2; /* 1 x 1.25 = 1.25 */
    assert_int_equal(mlp_train_refit_epochs(&r, 1.25), 1);
    r.best_epoch = 1;
    assert_int_equal(mlp_train_refit_epochs(&r, 1.25), 0);
}

/* Early stopping on XOR's first three rows against a validation set that
 * disagrees on row (0,0): fitting the training rows first helps the
 * validation loss (rows (0,1), (1,0)), then hurts it, so the best epoch
 * lies inside the run. The refit then trains on all four rows. */
static void refit_should_repeat_the_best_epochs_updates_on_all_rows(void **state)
{
    (void)state;
    const double val_Y[4] = {1, 1, 1, 0};
    mlp_dataset part = {3, 2, 1, (double *)xor_X, (double *)xor_Y, NULL, NULL};
    mlp_dataset val = {4, 2, 1, (double *)xor_X, (double *)val_Y, NULL, NULL};
    mlp_dataset all = {4, 2, 1, (double *)xor_X, (double *)xor_Y, NULL, NULL};
    for (int k = 0; k < MLP_OPT_COUNT; k++) {
        mlp_optimizer_options o = tuned((mlp_optimizer_kind)k);
        mlp_train_options t = {.epochs = 3000, .classify = 1, .optimizer = &o, .validation = &val,
                               .patience = 20, .l2 = 1e-4};
        mlp_net *net = xor_net(7), *plain = xor_net(7);
        double initial[64];
        assert_true(net->n_params <= 64);
        memcpy(initial, net->params, net->n_params * sizeof *initial);
        mlp_train_result stopped, refit, ref;
        assert_int_equal(mlp_train_run(net, &part, &t, &stopped, NULL), MLP_OK);
        long E = stopped.best_epoch;
        if (!(E > 2 && stopped.stopped_early))
            fail_msg("%s: best epoch %ld, stopped early %d: the test needs a best epoch inside "
                     "the run", mlp_optimizer_name(o.kind), E, stopped.stopped_early);

        refit_log log = {.want_best = E};
        mlp_train_options tr = t;
        tr.on_epoch = count_refit;
        tr.ctx = &log;
        assert_int_equal(mlp_train_refit(net, initial, &all, &tr, &stopped, &refit, NULL), MLP_OK);
        /* exactly E - 1 epochs, each marked with the best epoch it repeats */
        assert_int_equal(refit.epochs_run, E - 1);
        assert_int_equal(log.n, E - 1);
        assert_int_equal(log.bad_best, 0);
        assert_false(refit.stopped_early);
        assert_true(isnan(refit.final_val_loss));
        /* on all four rows: its first row is the initial weights' loss over all of them */
        mlp_net *init = xor_net(7);
        mlp_workspace *ws = mlp_workspace_create(init, 0, NULL);
        mlp_net_pass p4 = mlp_net_evaluate(init, ws, xor_X, xor_Y, 4, 0);
        mlp_net_pass p3 = mlp_net_evaluate(init, ws, xor_X, xor_Y, 3, 0);
        assert_memory_equal(&log.first_loss, &p4.loss, sizeof(double));
        assert_true(p3.loss != p4.loss);
        /* bit for bit a plain run of E - 1 epochs on all rows from the same weights */
        mlp_train_options pt = {.epochs = E - 1, .classify = 1, .optimizer = &o, .l2 = 1e-4};
        assert_int_equal(mlp_train_run(plain, &all, &pt, &ref, NULL), MLP_OK);
        assert_memory_equal(net->params, plain->params, net->n_params * sizeof(double));
        assert_memory_equal(&refit.final_loss, &ref.final_loss, sizeof(double));
        assert_int_equal(refit.best_epoch, ref.best_epoch);
        /* with "refit_scale" 1.25: bit for bit a plain run of round(1.25 (E - 1)) epochs */
        long scaled = lround(1.25 * (double)(E - 1));
        mlp_net *longer = xor_net(7), *plain_longer = xor_net(7);
        mlp_train_options ts = t;
        ts.refit_scale = 1.25;
        assert_int_equal(mlp_train_refit(longer, initial, &all, &ts, &stopped, &refit, NULL), MLP_OK);
        assert_int_equal(refit.epochs_run, scaled);
        pt.epochs = scaled;
        assert_int_equal(mlp_train_run(plain_longer, &all, &pt, &ref, NULL), MLP_OK);
        assert_memory_equal(longer->params, plain_longer->params, net->n_params * sizeof(double));
        assert_true(memcmp(longer->params, net->params, net->n_params * sizeof(double)) != 0);
        mlp_net_free(longer);
        mlp_net_free(plain_longer);
        mlp_workspace_free(ws);
        mlp_net_free(init);
        mlp_net_free(net);
        mlp_net_free(plain);
    }
}

static void refit_should_refuse_a_first_best_epoch(void **state)
{
    (void)state;
    mlp_dataset all = {4, 2, 1, (double *)xor_X, (double *)xor_Y, NULL, NULL};
    mlp_net *net = xor_net(3);
    double before[64], initial[64] = {0};
    memcpy(before, net->params, net->n_params * sizeof *before);
    mlp_train_options t = {.learning_rate = 0.5, .epochs = 10};
    mlp_train_result stopped = {.best_epoch = 1}, r;
    mlp_error err;
    assert_int_equal(mlp_train_refit(net, initial, &all, &t, &stopped, &r, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "nothing to refit: the best epoch is 1, the initial weights");
    assert_memory_equal(net->params, before, net->n_params * sizeof *before);
    assert_int_equal(r.epochs_run, 0);
    mlp_net_free(net);
}

/* ------------------------------------------------------------------------ */
/* The table */

static void table_should_describe_every_optimizer(void **state)
{
    (void)state;
    for (int k = 0; k < MLP_OPT_COUNT; k++) {
        const mlp_optimizer_info *in = mlp_optimizer_info_of((mlp_optimizer_kind)k);
        assert_non_null(in);
        assert_int_equal(in->kind, k);
        assert_non_null(in->name);
        assert_true(strlen(in->name) > 0);
        assert_non_null(in->step);
        assert_non_null(in->check);
        assert_non_null(in->formula);
        assert_true(in->state_blocks <= 2);
        /* Its defaults pass its own check, and carry its default rate. */
        mlp_optimizer_options o = mlp_optimizer_defaults((mlp_optimizer_kind)k);
        mlp_error err;
        assert_int_equal(mlp_optimizer_check(&o, &err), MLP_OK);
        assert_true(o.learning_rate == in->default_learning_rate);
        assert_true(in->default_learning_rate > 0);
        /* Each setting is its own and no other optimizer's. */
        size_t n = 0;
        while (n <= MLP_OPT_MAX_SETTINGS && in->settings[n]) {
            assert_ptr_equal(mlp_optimizer_info_by_setting(in->settings[n]), in);
            n++;
        }
        assert_true(n <= MLP_OPT_MAX_SETTINGS);
        for (int b = 0; b < k; b++)
            assert_string_not_equal(in->name, mlp_optimizer_info_of((mlp_optimizer_kind)b)->name);
    }
    assert_null(mlp_optimizer_info_of(MLP_OPT_COUNT));
    assert_null(mlp_optimizer_info_by_setting("name"));
    assert_null(mlp_optimizer_info_by_setting("learning_rate"));
    /* The one without a learning rate is irprop-; --learning-rate and
     * --lr-scan are refused for it (tests/cli). */
    for (int k = 0; k < MLP_OPT_COUNT; k++)
        assert_int_equal((mlp_optimizer_info_of((mlp_optimizer_kind)k)->flags &
                          MLP_OPT_FLAG_LEARNING_RATE) != 0,
                         k != MLP_OPT_IRPROP_MINUS);
}

static void table_names_should_round_trip(void **state)
{
    (void)state;
    for (int k = 0; k < MLP_OPT_COUNT; k++) {
        const mlp_optimizer_info *in = mlp_optimizer_info_of((mlp_optimizer_kind)k);
        assert_ptr_equal(mlp_optimizer_info_by_name(in->name), in);
    }
    assert_null(mlp_optimizer_info_by_name("adan"));
    assert_null(mlp_optimizer_info_by_name(""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gd_should_step_against_the_gradient_exactly_like_net_update),
        cmocka_unit_test(momentum_should_accumulate_a_velocity),
        cmocka_unit_test(nesterov_should_look_ahead_along_the_velocity),
        cmocka_unit_test(adam_should_take_bias_corrected_steps),
        cmocka_unit_test(irprop_should_adapt_a_step_size_per_weight),
        cmocka_unit_test(irprop_should_keep_step_sizes_within_their_bounds),
        cmocka_unit_test(optimizer_names_should_round_trip),
        cmocka_unit_test(table_should_describe_every_optimizer),
        cmocka_unit_test(table_names_should_round_trip),
        cmocka_unit_test(optimizer_check_should_reject_settings_out_of_range),
        cmocka_unit_test(l2_should_penalise_the_weights_only),
        cmocka_unit_test(gd_options_should_change_nothing_in_training),
        cmocka_unit_test(every_optimizer_should_learn_xor_and_repeat_its_bytes),
        cmocka_unit_test(early_stopping_should_put_back_the_best_weights),
        cmocka_unit_test(min_delta_should_ignore_small_improvements),
        cmocka_unit_test(refit_epochs_should_be_the_updates_of_the_best_epoch),
        cmocka_unit_test(refit_epochs_should_scale_the_updates),
        cmocka_unit_test(refit_should_repeat_the_best_epochs_updates_on_all_rows),
        cmocka_unit_test(refit_should_refuse_a_first_best_epoch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
