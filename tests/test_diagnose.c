/* SPDX-License-Identifier: MIT */
/* test_diagnose.c: every diagnosis on a loss curve or a hand-set network
 * that triggers it and on one just past its threshold that must stay
 * silent; the chance loss against values worked out by hand. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alloc.h"
#include "mlp/diagnose.h"
#include "reduce.h"

static const mlp_diagnose_options ln2_opts = {
    .learning_rate = 0.5, .chance_loss = 0.69314718055994531, .chance_is_ln_k = 1, .n_classes = 2,
};

/* Feeds the curve and finishes without a network; returns the findings and
 * the epoch at which an early finding came (0 when none). */
static long feed(const mlp_diagnose_options *o, const double *loss, long n, mlp_findings *out)
{
    mlp_error err;
    mlp_diagnose *d = mlp_diagnose_create(o, &err);
    assert_non_null(d);
    long early = 0;
    for (long k = 0; k < n; k++) {
        mlp_epoch_stats s = {.epoch = k + 1, .loss = loss[k], .accuracy = NAN,
                             .val_loss = NAN, .val_accuracy = NAN};
        const mlp_finding *f = mlp_diagnose_epoch(d, &s);
        if (f) {
            assert_int_equal(early, 0); /* said once */
            early = k + 1;
        }
    }
    mlp_findings_init(out);
    assert_int_equal(mlp_diagnose_finish(d, NULL, NULL, out, &err), MLP_OK);
    mlp_diagnose_free(d);
    return early;
}

/* Feeds the curve and leaves the diagnosis open (for the larger rates). */
static mlp_diagnose *fed(const mlp_diagnose_options *o, const double *loss, long n)
{
    mlp_error err;
    mlp_diagnose *d = mlp_diagnose_create(o, &err);
    assert_non_null(d);
    for (long k = 0; k < n; k++) {
        mlp_epoch_stats s = {.epoch = k + 1, .loss = loss[k], .accuracy = NAN,
                             .val_loss = NAN, .val_accuracy = NAN};
        mlp_diagnose_epoch(d, &s);
    }
    return d;
}

/* Trials of larger rates as fit.c hands them over: one stable at `stable`
 * whose loss ended at `final` (0 left chance level, whatever it is), then,
 * with `edge`, an unstable one above it. */
static void larger_rates(mlp_diagnose *d, double stable, double final, int edge)
{
    mlp_lrscan_trial t[2] = {
        {.rate = stable, .epochs_run = 20, .final_loss = final, .stable = 1},
        {.rate = 2.15443 * stable, .epochs_run = 20, .final_loss = INFINITY},
    };
    mlp_diagnose_larger_rates(d, t, edge ? 2 : 1, 20);
}

static void finish_fed(mlp_diagnose *d, mlp_findings *out)
{
    mlp_error err;
    mlp_findings_init(out);
    assert_int_equal(mlp_diagnose_finish(d, NULL, NULL, out, &err), MLP_OK);
    mlp_diagnose_free(d);
}

static const mlp_finding *only(const mlp_findings *f, const char *code)
{
    if (f->n != 1 || strcmp(f->items[0].code, code) != 0)
        fail_msg("expected exactly %s, got %zu findings, first %s", code, f->n,
                 f->n ? f->items[0].code : "-");
    assert_true(f->items[0].message[0] && f->items[0].hint[0]);
    assert_int_equal(f->items[0].severity, MLP_SEVERITY_WARNING);
    return &f->items[0];
}

static void expect_none(const mlp_findings *f)
{
    if (f->n)
        fail_msg("expected silence, got %s: %s", f->items[0].code, f->items[0].message);
}

/* ------------------------------------------------------------------------ */
/* The loss curve. */

static void diagnosis_should_stay_silent_on_a_healthy_curve(void **state)
{
    (void)state;
    double c[1000];
    for (int k = 0; k < 1000; k++)
        c[k] = 0.7 * exp(-k / 50.0); /* flattens early and ends near 0 */
    mlp_findings f;
    assert_int_equal(feed(&ln2_opts, c, 1000, &f), 0);
    expect_none(&f);
    mlp_findings_free(&f);
}

static void diagnosis_should_report_an_exploding_loss_at_once(void **state)
{
    (void)state;
    /* 0.6 at epoch 5, 6.0 at epoch 6: exactly 10x. */
    double c[] = {1.0, 0.9, 0.8, 0.7, 0.6, 6.0, 7.0, 8.0};
    mlp_findings f;
    assert_int_equal(feed(&ln2_opts, c, 8, &f), 6);
    const mlp_finding *x = only(&f, "loss-exploding");
    assert_true(fabs(x->measured - 10.0) < 1e-12);
    assert_true(x->threshold == MLP_DIAG_EXPLODE_FACTOR);
    assert_string_equal(x->hint, "try learning_rate 0.05");
    assert_non_null(strstr(x->message, "from 0.6 at epoch 5 to 6 at epoch 6"));
    mlp_findings_free(&f);
}

/* Back above where it started after halving it, slower than 10x in 5
 * epochs: steps that overshoot (a sine at rate 0.1 jumped from 0.055 to
 * 1.63, above its start 1.29, again and again, and nothing was said). */
static void diagnosis_should_report_a_loss_back_above_its_start(void **state)
{
    (void)state;
    double c[106];
    for (int k = 0; k < 100; k++)
        c[k] = 1.29 - 1.09 * k / 99.0; /* to 0.2 at epoch 100 */
    const double rise[] = {0.3, 0.45, 0.7, 1.0, 1.35, 1.2};
    for (int k = 0; k < 6; k++)
        c[100 + k] = rise[k];
    mlp_findings f;
    /* 1.35 at epoch 105 is 6.75x the 0.2 five epochs before: not 10x, but
     * above epoch 1's 1.29. */
    assert_int_equal(feed(&ln2_opts, c, 106, &f), 105);
    const mlp_finding *x = only(&f, "loss-exploding");
    assert_string_equal(x->message, "the loss went back above where it started: 1.35 at epoch "
                                    "105, above epoch 1's 1.29, after it had fallen to 0.2 at "
                                    "epoch 100: the learning rate 0.5 is too large");
    assert_string_equal(x->hint, "try learning_rate 0.05");
    mlp_findings_free(&f);
    /* Peaking below the start: not this rule (it ends 6x its lowest: loss-rose). */
    c[104] = 1.25;
    assert_int_equal(feed(&ln2_opts, c, 106, &f), 0);
    assert_int_equal(mlp_findings_find(&f, "loss-exploding"), -1);
    mlp_findings_free(&f);
    /* Above the start, but the loss never fell to half of it. */
    for (int k = 0; k < 100; k++)
        c[k] = 1.29 - 0.6 * k / 99.0;     /* to 0.69 */
    const double up[] = {0.8, 0.95, 1.1, 1.2, 1.35, 1.3};
    for (int k = 0; k < 6; k++)
        c[100 + k] = up[k];
    assert_int_equal(feed(&ln2_opts, c, 106, &f), 0);
    assert_int_equal(mlp_findings_find(&f, "loss-exploding"), -1);
    mlp_findings_free(&f);
}

/* In mini-batches the run starts at its initial weights' loss
 * (mlp_diagnose_start), not at epoch 1's mean over batches taken during its
 * updates: moons in batches of 1 at rate 1 averaged 1.997 in epoch 1 from
 * 0.8608, and 1.999 at epoch 24 was "back above where it started". A
 * linear 1-1 net of zero weights outputs 0 on y = 0, 2, 1, 3: mse
 * (0 + 4 + 1 + 9) / 4 = 3.5 is where it starts. */
static void batches_should_start_at_the_initial_weights_loss(void **state)
{
    (void)state;
    static double X[] = {0, 1, 2, 3}, Y[] = {0, 2, 1, 3};
    mlp_dataset rows = {.n_rows = 4, .n_features = 1, .n_outputs = 1, .X = X, .Y = Y};
    size_t sizes[] = {1, 1};
    mlp_activation acts[] = {MLP_ACT_LINEAR};
    mlp_error err;
    mlp_net *net = mlp_net_create(1, sizes, acts, MLP_LOSS_MSE, &err);
    assert_non_null(net);
    memset(net->params, 0, net->n_params * sizeof *net->params);
    mlp_diagnose_options o = {.learning_rate = 0.5, .chance_loss = NAN, .batched = 1};
    /* Epoch 1's mean 7 (above the start), down to 3 at epoch 20, back to
     * 7.1 at epoch 24: above epoch 1's 7 after it fell to 3 (below half of
     * 7), but it never fell to half of 3.5, and 7.1 is not 10x 3. */
    double c[30];
    for (int k = 0; k < 20; k++)
        c[k] = 7.0 - 4.0 * k / 19.0;
    for (int k = 20; k < 30; k++)
        c[k] = k < 23 ? 3.0 + 1.0 * (k - 19) : 7.1;
    mlp_findings f;
    for (int start = 0; start < 2; start++) {
        mlp_diagnose *d = mlp_diagnose_create(&o, &err);
        assert_non_null(d);
        if (start)
            mlp_diagnose_start(d, net, &rows);
        long early = 0;
        for (long k = 0; k < 30 && !early; k++) {
            mlp_epoch_stats st = {.epoch = k + 1, .loss = c[k], .accuracy = NAN,
                                  .val_loss = NAN, .val_accuracy = NAN};
            if (mlp_diagnose_epoch(d, &st))
                early = k + 1;
        }
        /* Without the start, epoch 1's mean stands (the old judgement). */
        assert_int_equal(early, start ? 0 : 24);
        finish_fed(d, &f);
        assert_int_equal(mlp_findings_find(&f, "loss-exploding") >= 0, !start);
        mlp_findings_free(&f);
    }
    /* From 3.5, epoch 1's mean 2, down to 1 (below half of 3.5), back to
     * 3.6: above the initial weights' 3.5, said so; against epoch 1's 2 the
     * rule fired at 2.1 already. */
    double b[] = {2.0, 1.6, 1.3, 1.0, 1.5, 2.1, 2.8, 3.6};
    mlp_diagnose *d = mlp_diagnose_create(&o, &err);
    assert_non_null(d);
    mlp_diagnose_start(d, net, &rows);
    long early = 0;
    for (long k = 0; k < 8 && !early; k++) {
        mlp_epoch_stats st = {.epoch = k + 1, .loss = b[k], .accuracy = NAN, .val_loss = NAN,
                              .val_accuracy = NAN};
        const mlp_finding *x = mlp_diagnose_epoch(d, &st);
        if (x) {
            early = k + 1;
            assert_string_equal(x->message, "the loss went back above where it started: 3.6 at "
                                            "epoch 8, above the initial weights' 3.5, after it "
                                            "had fallen to 1 at epoch 4: the learning rate 0.5 "
                                            "is too large");
        }
    }
    assert_int_equal(early, 8);
    finish_fed(d, &f);
    mlp_findings_free(&f);
    /* Full batch: epoch 1's loss is the start; mlp_diagnose_start takes
     * nothing, and the rule fires at 2.1, above epoch 1's 2. */
    o.batched = 0;
    d = mlp_diagnose_create(&o, &err);
    assert_non_null(d);
    mlp_diagnose_start(d, net, &rows);
    early = 0;
    for (long k = 0; k < 8 && !early; k++) {
        mlp_epoch_stats st = {.epoch = k + 1, .loss = b[k], .accuracy = NAN, .val_loss = NAN,
                              .val_accuracy = NAN};
        const mlp_finding *x = mlp_diagnose_epoch(d, &st);
        if (x) {
            early = k + 1;
            assert_non_null(strstr(x->message, "2.1 at epoch 6, above epoch 1's 2,"));
        }
    }
    assert_int_equal(early, 6);
    finish_fed(d, &f);
    mlp_findings_free(&f);
    mlp_net_free(net);
}

static void diagnosis_should_not_call_a_slow_rise_exploding(void **state)
{
    (void)state;
    /* 9.9x within 5 epochs; 10x only against epoch 1, six epochs back. */
    double a[] = {1.0, 0.9, 0.8, 0.7, 0.6, 5.94};
    double b[] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 1.0};
    mlp_findings f;
    assert_int_equal(feed(&ln2_opts, a, 6, &f), 0);
    assert_int_equal(mlp_findings_find(&f, "loss-exploding"), -1);
    mlp_findings_free(&f);
    assert_int_equal(feed(&ln2_opts, b, 7, &f), 0);
    assert_int_equal(mlp_findings_find(&f, "loss-exploding"), -1);
    mlp_findings_free(&f);
}

static void diagnosis_should_report_a_loss_that_ended_twice_its_lowest(void **state)
{
    (void)state;
    double c[60];
    for (int k = 0; k < 30; k++)
        c[k] = 0.6 - 0.4 * k / 29.0;         /* down to 0.2 at epoch 30 */
    for (int k = 30; k < 60; k++)
        c[k] = 0.2 + 0.2 * (k - 29) / 30.0;  /* back up to 0.4 = 2 x 0.2 */
    mlp_findings f;
    feed(&ln2_opts, c, 60, &f);
    const mlp_finding *x = only(&f, "loss-rose");
    assert_true(fabs(x->measured - 2.0) < 1e-12);
    mlp_findings_free(&f);
    c[59] = 0.399; /* 1.995x */
    feed(&ln2_opts, c, 60, &f);
    assert_int_equal(mlp_findings_find(&f, "loss-rose"), -1);
    mlp_findings_free(&f);
}

/* Mini-batches: an epoch's loss is the mean over its batches, noisy near a
 * minimum. A 10x spike that stays below epoch 1's loss is not a blow-up
 * there (it is in full batch), and a final loss at or below a hundredth of
 * the chance loss that rose over the lowest epoch mean is a fit. Measured
 * on moons, adam, batches of 8 at the rate --lr-scan recommends: spikes
 * from 0.0101 to 0.137 and a final 0.0031 against a lowest 5.5e-5, with
 * every row right. */
static void diagnosis_should_allow_the_noise_of_mini_batches(void **state)
{
    (void)state;
    double spike[] = {0.58, 0.3, 0.1, 0.0101, 0.012, 0.137, 0.02, 0.01};
    mlp_diagnose_options o = ln2_opts;
    mlp_findings f;
    assert_int_equal(feed(&o, spike, 8, &f), 6); /* full batch: 13.6x, a blow-up */
    mlp_findings_free(&f);
    o.batched = 1;
    assert_int_equal(feed(&o, spike, 8, &f), 0);
    assert_int_equal(mlp_findings_find(&f, "loss-exploding"), -1);
    mlp_findings_free(&f);
    /* Above epoch 1's loss it is one, batched or not. */
    double up[] = {0.58, 0.3, 0.1, 0.05, 0.6, 0.7};
    assert_int_equal(feed(&o, up, 6, &f), 5);
    mlp_findings_free(&f);

    double end[60];
    for (int k = 0; k < 60; k++)
        end[k] = k < 50 ? 0.6 * pow(0.8, k) : 0.0031; /* lowest 5.4e-6, then 0.0031 */
    feed(&o, end, 60, &f);
    assert_int_equal(mlp_findings_find(&f, "loss-rose"), -1); /* 0.0031 <= 0.01 x ln 2 */
    mlp_findings_free(&f);
    o.batched = 0; /* full batch: the jump to 0.0031 is a blow-up at once */
    assert_int_equal(feed(&o, end, 60, &f), 51);
    mlp_findings_free(&f);
    o.batched = 1;
    for (int k = 50; k < 60; k++)
        end[k] = 0.0075; /* above 0.01 x ln 2 = 0.00693: a rise to tell */
    feed(&o, end, 60, &f);
    assert_int_not_equal(mlp_findings_find(&f, "loss-rose"), -1);
    mlp_findings_free(&f);
}

/* One rate per run: every hint that suggests a learning rate names the
 * run's advice (the pre-flight trial's), or a tenth of the rate without one. */
static void diagnosis_should_name_the_one_advised_rate(void **state)
{
    (void)state;
    double up[] = {1.0, 0.9, 0.8, 0.7, 0.6, 6.0, 7.0, 8.0};
    double rose[60];
    for (int k = 0; k < 60; k++)
        rose[k] = k < 30 ? 0.6 - 0.4 * k / 29.0 : 0.2 + 0.2 * (k - 29) / 30.0;
    mlp_diagnose_options o = ln2_opts;
    mlp_findings f;
    feed(&o, rose, 60, &f);
    assert_string_equal(only(&f, "loss-rose")->hint, "try learning_rate 0.05");
    mlp_findings_free(&f);
    o.advice = (mlp_rate_advice){.rate = 0.005};
    feed(&o, up, 8, &f);
    assert_string_equal(only(&f, "loss-exploding")->hint, "try learning_rate 0.005");
    mlp_findings_free(&f);
    feed(&o, rose, 60, &f);
    assert_string_equal(only(&f, "loss-rose")->hint, "try learning_rate 0.005");
    mlp_findings_free(&f);
    o.advice = (mlp_rate_advice){.rate = 5e-5, .below = 1};
    feed(&o, rose, 60, &f);
    assert_string_equal(only(&f, "loss-rose")->hint,
                        "try a learning_rate below 5e-05 and check the data");
    mlp_findings_free(&f);
    /* No learning rate (irprop-, learning_rate 0): its steps are named. */
    o.learning_rate = 0;
    feed(&o, rose, 60, &f);
    const mlp_finding *x = only(&f, "loss-rose");
    assert_non_null(strstr(x->message, ": the steps are too large"));
    assert_string_equal(x->hint, "try a smaller \"delta_max\"");
    mlp_findings_free(&f);
}

static void diagnosis_should_report_a_loss_at_chance(void **state)
{
    (void)state;
    /* 300 epochs: 150 at 0.9, then 150 within 1% of ln 2. */
    double c[300];
    for (int k = 0; k < 300; k++)
        c[k] = k < 150 ? 0.9 : 0.6931 + 0.005 * ((k % 2) ? 1 : -1);
    mlp_findings f;
    feed(&ln2_opts, c, 300, &f);
    const mlp_finding *x = only(&f, "loss-at-chance");
    assert_true(x->measured == 150.0);
    assert_true(x->threshold == MLP_DIAG_CHANCE_EPOCHS);
    /* It ends at 0.6981, shown 0.698: within the band, but not ln 2 = 0.693
     * (it said "stayed at 0.698 = ln 2"). */
    assert_non_null(strstr(x->message, "stayed at 0.698, near ln 2 = 0.693, chance level for 2 "
                                       "classes, for the last 150 epochs"));
    mlp_findings_free(&f);
    /* Ending at 0.6931, shown as ln 2 is: "= ln 2". */
    c[299] = 0.6931;
    feed(&ln2_opts, c, 300, &f);
    assert_non_null(strstr(only(&f, "loss-at-chance")->message,
                           "stayed at 0.693 = ln 2, chance level for 2 classes, for the last"));
    mlp_findings_free(&f);
    /* Without ln K: "near" the chance loss, whose figure is then given. */
    mlp_diagnose_options mse = ln2_opts;
    mse.chance_is_ln_k = 0;
    c[299] = 0.6981;
    feed(&mse, c, 300, &f);
    assert_non_null(strstr(only(&f, "loss-at-chance")->message,
                           "stayed at 0.698, near the 0.693 of an output that ignores its inputs, "
                           "for the last 150 epochs"));
    mlp_findings_free(&f);
    /* 149 of 300 epochs: less than half the run. */
    c[150] = 0.9;
    feed(&ln2_opts, c, 300, &f);
    assert_int_equal(mlp_findings_find(&f, "loss-at-chance"), -1);
    mlp_findings_free(&f);
    /* 99 epochs at chance at the end of a 150-epoch run: too few. */
    for (int k = 0; k < 150; k++)
        c[k] = k < 51 ? 0.9 : 0.6931;
    feed(&ln2_opts, c, 150, &f);
    assert_int_equal(mlp_findings_find(&f, "loss-at-chance"), -1);
    mlp_findings_free(&f);
}

static void diagnosis_should_report_a_plateau_above_zero(void **state)
{
    (void)state;
    double c[300];
    for (int k = 0; k < 300; k++)
        c[k] = k < 100 ? 0.69 - 0.29 * k / 99.0 : 0.35 + 1e-4 * (k % 3);
    mlp_findings f;
    feed(&ln2_opts, c, 300, &f);
    const mlp_finding *x = only(&f, "loss-plateau");
    assert_true(x->measured == 200.0); /* epochs 101 (0.35) to 300; epoch 100 is at 0.40 */
    assert_non_null(strstr(x->hint, "--seed"));
    mlp_findings_free(&f);
    /* The same shape at 0.05, below 0.1 x ln 2: a good fit, not stuck. */
    for (int k = 0; k < 300; k++)
        c[k] = k < 100 ? 0.69 - 0.64 * k / 99.0 : 0.05;
    feed(&ln2_opts, c, 300, &f);
    expect_none(&f);
    mlp_findings_free(&f);
    /* Targets all one value (one row): chance is 0, and a loss of 1.2e-32
     * reached from 0.1 is a perfect fit, not "stuck, likely in a local
     * minimum" above the 0 of an output that ignores its inputs. */
    mlp_diagnose_options zero = ln2_opts;
    zero.chance_loss = 0;
    zero.chance_is_ln_k = 0;
    zero.n_classes = 0;
    for (int k = 0; k < 300; k++)
        c[k] = k < 100 ? 0.1 * (99 - k) / 99.0 + 1.2326e-32 : 1.2326e-32;
    feed(&zero, c, 300, &f);
    expect_none(&f);
    mlp_findings_free(&f);
}

/* Regression targets far from the outputs' starting scale (house prices):
 * the divisor is the power of ten below their magnitude, only for an output
 * unbounded above with a loss that takes values, and above 100. */
static void target_divisor_should_be_a_power_of_ten_for_large_targets(void **state)
{
    (void)state;
    double big[] = {181300, -644500, 3}, small[] = {99.5, -100, 0}, classes[] = {0, 1, 0};
    assert_true(mlp_diagnose_target_divisor(MLP_ACT_LINEAR, MLP_LOSS_MSE, 0, big, 3, 1) == 1e5);
    assert_true(mlp_diagnose_target_divisor(MLP_ACT_RELU, MLP_LOSS_MSE, 0, big, 1, 1) == 1e5);
    assert_true(mlp_diagnose_target_divisor(MLP_ACT_LINEAR, MLP_LOSS_MSE, 0, small, 3, 1) == 0);
    small[0] = 100.5; /* just above the threshold: divide by 100 */
    assert_true(mlp_diagnose_target_divisor(MLP_ACT_LINEAR, MLP_LOSS_MSE, 0, small, 3, 1) == 100);
    /* Bounded outputs (target-range's case), classes, and class losses: 0. */
    assert_true(mlp_diagnose_target_divisor(MLP_ACT_SIGMOID, MLP_LOSS_MSE, 0, big, 3, 1) == 0);
    assert_true(mlp_diagnose_target_divisor(MLP_ACT_TANH, MLP_LOSS_MSE, 0, big, 3, 1) == 0);
    assert_true(mlp_diagnose_target_divisor(MLP_ACT_LINEAR, MLP_LOSS_MSE, 2, big, 3, 1) == 0);
    assert_true(mlp_diagnose_target_divisor(MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY, 0, classes,
                                            3, 1) == 0);
    assert_true(mlp_diagnose_target_divisor(MLP_ACT_LINEAR, MLP_LOSS_MSE, 0, NULL, 0, 1) == 0);
}

/* The hints of a stuck run follow what is already done: with the targets
 * too large they say to divide them (not to try seeds: there is no local
 * minimum to escape); with standardised inputs they do not suggest it. */
static void hints_should_follow_the_targets_and_the_inputs(void **state)
{
    (void)state;
    double c[300];
    for (int k = 0; k < 300; k++)
        c[k] = 3.8e11 * (1 + 1e-4 * (k % 3)); /* flat far above 0 */
    mlp_diagnose_options o = {.learning_rate = 0.001, .chance_loss = 4.7e10,
                              .target_divisor = 1e5, .inputs_standardized = 1};
    mlp_findings f;
    feed(&o, c, 300, &f);
    const mlp_finding *x = only(&f, "loss-plateau");
    assert_non_null(strstr(x->message, "the outputs are still far from targets of that size"));
    assert_string_equal(x->hint, "divide the targets by 100000, and multiply the predictions by it");
    mlp_findings_free(&f);

    for (int k = 0; k < 300; k++)
        c[k] = k < 100 ? 0.9 : 0.6931; /* at chance */
    o = ln2_opts;
    o.inputs_standardized = 1;
    feed(&o, c, 300, &f);
    x = only(&f, "loss-at-chance");
    assert_string_equal(x->hint, "the network is not using its inputs: try another --seed (or "
                                 "--restarts 10), then a smaller learning_rate");
    mlp_findings_free(&f);
    o.inputs_standardized = 0;
    feed(&o, c, 300, &f);
    assert_non_null(strstr(only(&f, "loss-at-chance")->hint, "\"normalize\": \"standard\""));
    mlp_findings_free(&f);
    o.target_divisor = 1000;
    feed(&o, c, 300, &f);
    assert_string_equal(only(&f, "loss-at-chance")->hint,
                        "the targets are far from the outputs' starting scale: divide them by "
                        "1000, and multiply the predictions by it");
    mlp_findings_free(&f);
}

/* A run that ended inside its warm-up never trained near its rate: XOR
 * at 0.5 with a warm-up of 100000 epochs, 500 run, stayed at chance, its
 * last 256 epochs flat, and was told "from epoch 245 the schedule trains
 * at 0.00245 x learning_rate ...: let the rate fall later or less (a
 * larger "every", ...)": a rising rate called a decay, with step's keys,
 * for a constant or cosine schedule. The hint names the warm-up and the
 * highest rate reached, 500 / 100001 of 0.5 (0.00249998), and a tenth of
 * the run as the warm-up, whatever the kind. */
static void a_run_inside_its_warmup_should_be_told_so(void **state)
{
    (void)state;
    double c[500];
    for (int k = 0; k < 500; k++)
        c[k] = k < 244 ? 0.70 : 0.687; /* within 1% of ln 2 all along; flat from 245 */
    static const char want[] =
        "the network is not using its inputs yet: the run ended in its warm-up of 100000 epochs, "
        "at 0.005 x learning_rate (0.00249998) at most: shorten \"warmup\" to a tenth of the run "
        "or less, e.g. 50";
    mlp_schedule_kind kinds[] = {MLP_SCHEDULE_CONSTANT, MLP_SCHEDULE_COSINE, MLP_SCHEDULE_STEP};
    for (size_t i = 0; i < 3; i++) {
        mlp_schedule sc = mlp_schedule_defaults(kinds[i]);
        sc.warmup = 100000;
        sc.every = 10;
        mlp_diagnose_options o = ln2_opts;
        o.schedule = &sc;
        o.schedule_epochs = 500;
        mlp_findings f;
        feed(&o, c, 500, &f);
        const mlp_finding *x = only(&f, "loss-at-chance");
        assert_non_null(strstr(x->message, "for the last 500 epochs"));
        assert_string_equal(x->hint, want);
        mlp_findings_free(&f);
        /* The larger-rate trials, which judge learning_rate itself, are
         * not asked for: the run never trained at it. */
        mlp_diagnose *d = fed(&o, c, 500);
        assert_int_equal(mlp_diagnose_wants_larger_rates(d), 0);
        finish_fed(d, &f);
        mlp_findings_free(&f);
    }
}

/* A flat stretch that began in a warm-up and outlasted it trained at the
 * full rate: no decay. A warm-up of 1000 epochs in 2000, the loss flat
 * from epoch 100 (factor 100 / 1001 there, and 1 from epoch 1001), was
 * blamed on the schedule's cut; it is a local minimum like any other. */
static void a_stretch_past_the_warmup_should_not_be_a_decay(void **state)
{
    (void)state;
    static double c[2000];
    for (int k = 0; k < 2000; k++)
        c[k] = k < 99 ? 0.69 - 0.39 * k / 98.0 : 0.3;
    mlp_schedule sc = mlp_schedule_defaults(MLP_SCHEDULE_CONSTANT);
    sc.warmup = 1000;
    mlp_diagnose_options o = ln2_opts;
    o.schedule = &sc;
    o.schedule_epochs = 2000;
    mlp_findings f;
    feed(&o, c, 2000, &f);
    const mlp_finding *x = only(&f, "loss-plateau");
    assert_null(strstr(x->message, "schedule"));
    assert_null(strstr(x->hint, "schedule"));
    assert_non_null(strstr(x->message, "likely in a local minimum"));
    mlp_findings_free(&f);
}

/* A warm-up that did not end, above MLP_DIAG_DECAYED at the end, left the
 * run at a share of its rate: the rate said to be too small is the one
 * reached, 500 / 2001 of 0.05 (0.0124938), and the scan starts there. XOR
 * at 0.05 with a warm-up of 2000 epochs, 500 run, was told "the learning
 * rate 0.05 may be too small". */
static void a_rate_too_small_should_be_the_rate_reached(void **state)
{
    (void)state;
    double c[500];
    for (int k = 0; k < 500; k++)
        c[k] = 0.6931; /* at chance from the start: not moved */
    mlp_schedule sc = mlp_schedule_defaults(MLP_SCHEDULE_CONSTANT);
    sc.warmup = 2000;
    mlp_diagnose_options o = ln2_opts;
    o.learning_rate = 0.05;
    o.schedule = &sc;
    o.schedule_epochs = 500;
    mlp_findings f;
    feed(&o, c, 500, &f);
    assert_string_equal(only(&f, "loss-at-chance")->hint,
                        "the highest rate the warm-up reached, 0.0124938 (of learning_rate "
                        "0.05), may be too small to move it: find one that trains with mlptrain "
                        "--lr-scan 0.0124938:124.938");
    mlp_findings_free(&f);
    /* A warm-up that ended names the learning rate, as without one. */
    sc.warmup = 400;
    feed(&o, c, 500, &f);
    assert_string_equal(only(&f, "loss-at-chance")->hint,
                        "the learning rate 0.05 may be too small to move it: find one that "
                        "trains with mlptrain --lr-scan 0.05:500");
    mlp_findings_free(&f);
}

/* A loss that never moved is not stuck in a local minimum: the steps were
 * too small (a rate of 1e-7 moves moons' loss by 1e-4 in 1000 epochs), and
 * the hint says to look for a rate; a plateau that began once a step
 * schedule had cut the rate to a hundredth names the schedule; and a run
 * that was already the best of 10 is not told to try --restarts 10. */
static void hints_should_name_the_cause_a_run_shows(void **state)
{
    (void)state;
    double c[1000];
    for (int k = 0; k < 300; k++)
        c[k] = 0.579 * (1 - 1e-7 * k); /* far from ln 2, and not moving */
    mlp_diagnose_options o = ln2_opts;
    o.learning_rate = 1e-7;
    mlp_findings f;
    feed(&o, c, 300, &f);
    const mlp_finding *x = only(&f, "loss-plateau");
    assert_non_null(strstr(x->message, "for the last 300 epochs"));
    assert_non_null(strstr(x->message, ": it has not moved since epoch 1"));
    assert_string_equal(x->hint, "the learning rate 1e-07 may be too small to move it: find one "
                                 "that trains with mlptrain --lr-scan 1e-07:0.001");
    mlp_findings_free(&f);
    for (int k = 0; k < 300; k++)
        c[k] = 0.6931; /* at chance from the start */
    feed(&o, c, 300, &f);
    assert_string_equal(only(&f, "loss-at-chance")->hint,
                        "the learning rate 1e-07 may be too small to move it: find one that "
                        "trains with mlptrain --lr-scan 1e-07:0.001");
    mlp_findings_free(&f);

    /* Step schedule: a tenth every 100 epochs. The loss falls to 0.163 by
     * epoch 250 and stays: from there the rate is 0.01 of 0.5. */
    mlp_schedule step = {.kind = MLP_SCHEDULE_STEP, .every = 100, .factor = 0.1};
    o = ln2_opts;
    o.schedule = &step;
    o.schedule_epochs = 1000;
    for (int k = 0; k < 1000; k++)
        c[k] = k < 250 ? 0.69 - 0.527 * k / 249.0 : 0.163;
    feed(&o, c, 1000, &f);
    x = only(&f, "loss-plateau");
    assert_non_null(strstr(x->message, ": the schedule had cut the learning rate by then"));
    assert_string_equal(x->hint, "from epoch 250 the schedule trains at 0.01 x learning_rate "
                                 "(0.005): let the rate fall later or less (a larger \"every\", "
                                 "a \"factor\" nearer 1, or \"cosine\")");
    mlp_findings_free(&f);
    /* A plateau from epoch 148, when the first step had cut the rate to a
     * tenth (overlapping blobs: 0.213 there, 0.178 without the schedule). */
    for (int k = 0; k < 1000; k++)
        c[k] = k < 147 ? 0.69 - 0.477 * k / 146.0 : 0.213;
    o.schedule = &step;
    feed(&o, c, 1000, &f);
    assert_non_null(strstr(only(&f, "loss-plateau")->hint, "from epoch 147 the schedule trains at "
                                                           "0.1 x learning_rate (0.05)"));
    mlp_findings_free(&f);
    for (int k = 0; k < 1000; k++)
        c[k] = k < 250 ? 0.69 - 0.527 * k / 249.0 : 0.163;
    /* The same curve under a constant rate is stuck; after 10 restarts the
     * hint does not offer them again. */
    o.schedule = NULL;
    feed(&o, c, 1000, &f);
    assert_non_null(strstr(only(&f, "loss-plateau")->hint, "--restarts 10"));
    mlp_findings_free(&f);
    o.restarts = 10;
    feed(&o, c, 1000, &f);
    assert_string_equal(only(&f, "loss-plateau")->hint,
                        "the best of 10 runs stalled here: try other initial weights (another "
                        "--seed), a wider network, or another learning_rate");
    mlp_findings_free(&f);
    for (int k = 0; k < 300; k++)
        c[k] = k < 100 ? 0.9 : 0.6931;
    /* Inputs far beyond 100 (wine's proline): scaling first, and no seed
     * after 10 runs that all ended here. */
    o.inputs_far = 1;
    feed(&o, c, 300, &f);
    assert_string_equal(only(&f, "loss-at-chance")->hint,
                        "the network is not using its inputs, which reach far beyond 100: scale "
                        "them (\"normalize\": \"standard\")");
    mlp_findings_free(&f);
    o.inputs_far = 0;
    o.inputs_standardized = 1;
    feed(&o, c, 300, &f);
    assert_string_equal(only(&f, "loss-at-chance")->hint,
                        "the network is not using its inputs: try another --seed, then a smaller "
                        "learning_rate");
    mlp_findings_free(&f);
}

/* A loss that ends at chance while nothing said the rate is too large asks
 * for trials of larger rates; when they are stable far above the rate (a
 * tenth of the largest stable one, --lr-scan's recommendation, is above
 * it), the hint says the rate is too small and names that rate, the run's
 * one. XOR's 2 sigmoid units at rate 0.01 sat at ln 2 for 2546 of 3000
 * epochs and were told "another --seed, then a smaller learning_rate"; the
 * trials were stable up to 4.64, and at 0.464 with --restarts 10 7 of 10
 * runs fit it (tests/cli/test_advice.sh). */
static void hints_should_name_a_larger_rate_when_trials_show_it_too_small(void **state)
{
    (void)state;
    double c[300];
    for (int k = 0; k < 300; k++)
        c[k] = k < 100 ? 0.9 : 0.6931;
    mlp_diagnose_options o = ln2_opts;
    o.learning_rate = 0.01;
    mlp_diagnose *d = fed(&o, c, 300);
    assert_int_equal(mlp_diagnose_wants_larger_rates(d), 1);
    larger_rates(d, 4.64159, 0, 1);
    mlp_findings f;
    finish_fed(d, &f);
    assert_string_equal(only(&f, "loss-at-chance")->hint,
                        "the learning rate 0.01 is too small to leave chance level: 20-epoch "
                        "trials from the same initial weights were stable up to rate 4.64159; "
                        "try learning_rate 0.464159, with --restarts 10 to keep the best of 10 "
                        "runs");
    mlp_findings_free(&f);
    /* Every rate tried stable (no edge found): the largest is no edge and
     * a tenth of it no recommendation (XOR at 1e-05 was told 0.01 and stayed
     * at chance; its edge is 4.64): a scan from it, no rate named. */
    o.learning_rate = 1e-9;
    d = fed(&o, c, 300);
    larger_rates(d, 0.1, 0, 0);
    finish_fed(d, &f);
    assert_string_equal(only(&f, "loss-at-chance")->hint,
                        "the learning rate 1e-09 is too small to leave chance level: 20-epoch "
                        "trials from the same initial weights were stable at every rate tried, "
                        "up to 0.1, so the largest stable rate lies above it: find it with "
                        "mlptrain --lr-scan 0.1:1000");
    mlp_findings_free(&f);
    o.learning_rate = 0.01;
    /* Stable only up to 0.0464: a tenth of it is below the rate, which is
     * not too small; the hint stays the one of a loss at chance. */
    d = fed(&o, c, 300);
    larger_rates(d, 0.0464159, 0, 1);
    finish_fed(d, &f);
    assert_non_null(strstr(only(&f, "loss-at-chance")->hint, "try another --seed"));
    mlp_findings_free(&f);
    /* From given weights (no --restarts with them), the rate alone. */
    o.init_given = 1;
    d = fed(&o, c, 300);
    larger_rates(d, 4.64159, 0, 1);
    finish_fed(d, &f);
    assert_non_null(strstr(only(&f, "loss-at-chance")->hint, "; try learning_rate 0.464159"));
    assert_null(strstr(f.items[0].hint, "--restarts"));
    mlp_findings_free(&f);
    o.init_given = 0;

    /* Not asked: a run that blew up, a rate the pre-flight called unstable,
     * targets or inputs far from the outputs' scale, a run too short to
     * judge, one stopped, a loss below chance, irprop-. */
    mlp_diagnose_options no[7];
    for (int k = 0; k < 7; k++)
        no[k] = o;
    no[0].advice.rate = 0.001;
    no[1].inputs_far = 1;
    no[2].target_divisor = 100;
    no[3].learning_rate = 0;
    for (int k = 0; k < 4; k++) {
        d = fed(&no[k], c, 300);
        assert_int_equal(mlp_diagnose_wants_larger_rates(d), 0);
        mlp_diagnose_free(d);
    }
    d = fed(&o, c, 99);
    assert_int_equal(mlp_diagnose_wants_larger_rates(d), 0);
    mlp_diagnose_free(d);
    d = fed(&o, c, 300);
    mlp_diagnose_stopped(d);
    assert_int_equal(mlp_diagnose_wants_larger_rates(d), 0);
    mlp_diagnose_free(d);
    double below[300], up[300];
    for (int k = 0; k < 300; k++) {
        below[k] = k < 100 ? 0.9 : 0.68;         /* 1.9% below ln 2 */
        up[k] = k < 5 ? 0.5 - 0.05 * k : 0.6931; /* 10x at epoch 6, then chance */
    }
    up[5] = 4.0;
    d = fed(&o, below, 300);
    assert_int_equal(mlp_diagnose_wants_larger_rates(d), 0);
    mlp_diagnose_free(d);
    d = fed(&o, up, 300);
    assert_int_equal(mlp_diagnose_wants_larger_rates(d), 0);
    mlp_diagnose_free(d);
    /* A loss above chance (0.708 after 3000 epochs at 0.001) asks too. */
    for (int k = 0; k < 300; k++)
        below[k] = 0.81 - 0.1 * k / 299.0;
    d = fed(&o, below, 300);
    assert_int_equal(mlp_diagnose_wants_larger_rates(d), 1);
    mlp_diagnose_free(d);
}

/* A run from given weights (--init-weights) draws none: --seed changes
 * nothing (the loss log is byte-identical) and --restarts is refused with
 * them, so no hint offers either; they say to train without the file. */
static void hints_should_not_offer_seeds_to_a_run_from_given_weights(void **state)
{
    (void)state;
    double c[1000];
    for (int k = 0; k < 1000; k++)
        c[k] = k < 250 ? 0.69 - 0.34 * k / 249.0 : 0.349;
    mlp_diagnose_options o = ln2_opts;
    o.init_given = 1;
    mlp_findings f;
    feed(&o, c, 1000, &f);
    assert_string_equal(only(&f, "loss-plateau")->hint,
                        "start from other initial weights: train without --init-weights, from "
                        "random initial weights, with --restarts 10 to keep the best of 10 runs");
    mlp_findings_free(&f);
    for (int k = 0; k < 300; k++)
        c[k] = k < 100 ? 0.9 : 0.6931;
    feed(&o, c, 300, &f);
    assert_string_equal(only(&f, "loss-at-chance")->hint,
                        "the network is not using its inputs: train without --init-weights, from "
                        "random initial weights, with --restarts 10 to keep the best of 10 runs, "
                        "then a smaller learning_rate or \"normalize\": \"standard\"");
    mlp_findings_free(&f);
    o.inputs_standardized = 1;
    feed(&o, c, 300, &f);
    assert_null(strstr(only(&f, "loss-at-chance")->hint, "--seed"));
    mlp_findings_free(&f);
    o.inputs_standardized = 0;
    o.inputs_far = 1;
    feed(&o, c, 300, &f);
    assert_string_equal(only(&f, "loss-at-chance")->hint,
                        "the network is not using its inputs, which reach far beyond 100: scale "
                        "them (\"normalize\": \"standard\"), training without --init-weights");
    mlp_findings_free(&f);
}

static void diagnosis_should_report_a_loss_still_falling_fast(void **state)
{
    (void)state;
    /* Flat, then it falls in the last 10 of 100 epochs: the last window
     * brings all of the fall. */
    double c[100];
    for (int k = 0; k < 100; k++)
        c[k] = k < 89 ? 0.6 : 0.6 - 0.3 * (k - 88) / 11.0;
    mlp_findings f;
    feed(&ln2_opts, c, 100, &f);
    const mlp_finding *x = only(&f, "still-falling");
    /* window 10: from epoch 91 (k = 90) to epoch 100 (k = 99), of the whole
     * fall 0.6 -> 0.3; epoch 91's loss is the lowest of it and the
     * MLP_DIAG_NEAR = 2 epochs before it, the curve falling. */
    double then = 0.6 - 0.3 * 2 / 11.0;
    assert_true(fabs(x->measured - (then - 0.3) / 0.3) < 1e-12);
    assert_string_equal(x->hint, "train longer: try --epochs 200");
    mlp_findings_free(&f);
    /* A noisy curve: fallen to 0.5 and flat, with a one-epoch spike to 0.6
     * exactly at the window's start (epoch 901 of 1000). Read from the spike
     * it looked 17% lower in its last 100 epochs, a third of its whole fall,
     * and "train longer" was said; training longer changed nothing. */
    static double noisy[1000];
    for (int k = 0; k < 1000; k++)
        noisy[k] = k < 100 ? 0.8 - 0.3 * k / 99.0 : 0.5;
    noisy[900] = 0.6;
    mlp_diagnose_options no_chance = ln2_opts;
    no_chance.chance_loss = NAN;
    feed(&no_chance, noisy, 1000, &f);
    assert_int_equal(mlp_findings_find(&f, "still-falling"), -1);
    mlp_findings_free(&f);
    /* The same curve cut short by Ctrl-C: the run did not end, so "train
     * longer" is not news. */
    mlp_error err;
    mlp_diagnose *d = mlp_diagnose_create(&ln2_opts, &err);
    for (long k = 0; k < 100; k++) {
        mlp_epoch_stats s = {.epoch = k + 1, .loss = c[k]};
        mlp_diagnose_epoch(d, &s);
    }
    mlp_diagnose_stopped(d);
    mlp_findings_init(&f);
    assert_int_equal(mlp_diagnose_finish(d, NULL, NULL, &f, &err), MLP_OK);
    mlp_diagnose_free(d);
    expect_none(&f);
    mlp_findings_free(&f);
    /* Its last 99 epochs as a whole run: shorter than MLP_DIAG_MIN_EPOCHS. */
    assert_true(MLP_DIAG_MIN_EPOCHS == 100);
    feed(&ln2_opts, c + 1, 99, &f);
    expect_none(&f);
    mlp_findings_free(&f);
    /* The same shape ending below 0.01 x ln 2: nothing left worth training for. */
    for (int k = 0; k < 100; k++)
        c[k] = k < 89 ? 0.6 : 0.6 - 0.595 * (k - 88) / 11.0;
    feed(&ln2_opts, c, 100, &f);
    expect_none(&f);
    mlp_findings_free(&f);
    /* A curve that has flattened: the last 10% brings under 10% of the fall. */
    for (int k = 0; k < 100; k++)
        c[k] = 0.3 + 0.4 * exp(-k / 20.0);
    feed(&ln2_opts, c, 100, &f);
    assert_int_equal(mlp_findings_find(&f, "still-falling"), -1);
    mlp_findings_free(&f);
}

/* Curves that went up and came back are not still falling. The moons run
 * at rate 0.5 in batches of 16: epoch 1 at 0.436, its lowest 0.284 at
 * epoch 12, then swings between about 0.7 and 2.7, and a last epoch of
 * 0.434 that happened to be a trough: its window started at 1.377, above
 * epoch 1, so its "share" (1.377 - 0.434) / (0.436 - 0.434) was 56935%,
 * and "train longer" was said of an unstable run. */
static void diagnosis_should_not_call_a_curve_that_came_back_still_falling(void **state)
{
    (void)state;
    static double c[1000];
    for (int k = 0; k < 1000; k++)
        c[k] = 1.7 + 1.0 * sin(0.7 * k); /* 0.7 to 2.7: never 10x in 5 epochs */
    c[0] = 0.436;
    c[11] = 0.284;
    c[999] = 0.434;
    /* No other finding applies either: 0.434 is 1.53x the lowest (loss-rose
     * wants 2x), epoch 1 never halved (no loss back above its start), and
     * the swings stay neither at chance nor on a plateau. */
    mlp_findings f;
    assert_int_equal(feed(&ln2_opts, c, 1000, &f), 0);
    expect_none(&f);
    mlp_findings_free(&f);
    /* Below epoch 1 all along, but the window only comes back to where the
     * curve was before it: 0.3 at epoch 100, up to 0.6 until epoch 900,
     * then down to 0.4. A third of the fall 1.0 -> 0.4 in the window (the
     * old rule's share), 33% down, but 0.4 is above the 0.3 it had
     * reached: oscillating, not a curve that has not flattened. */
    for (int k = 0; k < 1000; k++)
        c[k] = k < 100 ? 1.0 - 0.7 * k / 99.0 : k < 900 ? 0.6 : 0.6 - 0.2 * (k - 899) / 100.0;
    feed(&ln2_opts, c, 1000, &f);
    expect_none(&f);
    mlp_findings_free(&f);
    /* The control: the same fall in the window from a curve flat at 0.6
     * since epoch 100 (its lowest before the window) reaches new ground:
     * still falling, with a share of the fall that is a share. */
    for (int k = 0; k < 100; k++)
        c[k] = 1.0 - 0.4 * k / 99.0;
    feed(&ln2_opts, c, 1000, &f);
    const mlp_finding *x = only(&f, "still-falling");
    assert_true(x->measured > 0 && x->measured <= 1);
    mlp_findings_free(&f);
}

/* A plateau of a run whose validation loss stopped improving long before
 * the end (what early stopping waits for) has converged: census-house,
 * early-stopped 500 epochs after its best validation loss, was told
 * "training is stuck, likely in a local minimum", and --restarts 4 all
 * ended at the same loss. One run cannot tell a better minimum from none:
 * the hint says how to find out, and what it means if they agree. */
static void diagnosis_should_call_a_plateau_after_the_best_validation_converged(void **state)
{
    (void)state;
    static double c[1000], v[1000];
    for (int k = 0; k < 1000; k++) {
        c[k] = k < 100 ? 0.69 - 0.34 * k / 99.0 : 0.35;
        /* lowest at epoch 500 (k = 499), a little above it after */
        v[k] = k < 499 ? 0.45 - 0.05 * k / 499.0 : k == 499 ? 0.4 : 0.401;
    }
    mlp_error err;
    mlp_findings f;
    mlp_diagnose *d = mlp_diagnose_create(&ln2_opts, &err);
    assert_non_null(d);
    for (long k = 0; k < 1000; k++) {
        mlp_epoch_stats s = {.epoch = k + 1, .loss = c[k], .accuracy = NAN, .val_loss = v[k],
                             .val_accuracy = NAN};
        mlp_diagnose_epoch(d, &s);
    }
    finish_fed(d, &f);
    const mlp_finding *x = only(&f, "loss-plateau");
    /* Flat from epoch 99, whose 0.3534 is within 1% of 0.35: 902 epochs. */
    assert_string_equal(x->message,
                        "the loss has stayed at 0.35 (within 1%) for the last 902 epochs, far "
                        "above 0 and below the 0.693 of an output that ignores its inputs: the "
                        "fit has converged: the validation loss has not improved on its lowest, "
                        "0.4 at epoch 500, in the 500 epochs since");
    assert_string_equal(x->hint, "more epochs will not lower it; one run cannot tell a local "
                                 "minimum from what this network makes of these inputs: try "
                                 "--restarts 10: where most end at the same loss, it is the "
                                 "network's");
    mlp_findings_free(&f);
    /* The control: a validation loss still improving at the last epoch
     * (its lowest under 100 epochs before the end) is no converged fit;
     * the stall is the initial weights'. */
    for (int k = 0; k < 1000; k++)
        v[k] = 0.45 - 0.05 * k / 999.0;
    d = mlp_diagnose_create(&ln2_opts, &err);
    assert_non_null(d);
    for (long k = 0; k < 1000; k++) {
        mlp_epoch_stats s = {.epoch = k + 1, .loss = c[k], .accuracy = NAN, .val_loss = v[k],
                             .val_accuracy = NAN};
        mlp_diagnose_epoch(d, &s);
    }
    finish_fed(d, &f);
    assert_non_null(strstr(only(&f, "loss-plateau")->message, "likely in a local minimum"));
    mlp_findings_free(&f);
}

/* The converged plateau's hint after restarts or from given weights. "Seeds
 * will not lower it" needs most runs (more than half) at the kept loss: the
 * best of 4 whose 3 others stuck elsewhere was told so, though a 5th seed
 * may well do better. From --init-weights no other seed is drawn: the hint
 * says to train without them. */
static mlp_findings converged_with(const mlp_diagnose_options *o, long reached)
{
    static double c[1000], v[1000];
    for (int k = 0; k < 1000; k++) {
        c[k] = k < 100 ? 0.69 - 0.34 * k / 99.0 : 0.35;
        v[k] = k < 499 ? 0.45 - 0.05 * k / 499.0 : k == 499 ? 0.4 : 0.401;
    }
    mlp_error err;
    mlp_findings f;
    mlp_diagnose *d = mlp_diagnose_create(o, &err);
    assert_non_null(d);
    for (long k = 0; k < 1000; k++) {
        mlp_epoch_stats s = {.epoch = k + 1, .loss = c[k], .accuracy = NAN, .val_loss = v[k],
                             .val_accuracy = NAN};
        mlp_diagnose_epoch(d, &s);
    }
    if (reached >= 0)
        mlp_diagnose_restarts_reached(d, (size_t)reached);
    finish_fed(d, &f);
    return f;
}

static void diagnosis_should_say_seeds_do_not_help_only_where_most_runs_reached(void **state)
{
    (void)state;
    mlp_diagnose_options o = ln2_opts;
    o.restarts = 4;
    /* 3 of 4: most. */
    mlp_findings f = converged_with(&o, 3);
    assert_string_equal(only(&f, "loss-plateau")->hint,
                        "3 of the 4 runs converged at this loss, so more epochs or seeds will "
                        "not lower it: it is what this network makes of these inputs; a lower "
                        "loss needs other inputs or another network");
    mlp_findings_free(&f);
    /* 2 of 4 is not more than half: no claim about other seeds, and no
     * --restarts 10 after a --restarts already ran. */
    f = converged_with(&o, 2);
    const mlp_finding *x = only(&f, "loss-plateau");
    assert_null(strstr(x->hint, "seeds will not"));
    assert_string_equal(x->hint, "more epochs will not lower it; only 2 of the 4 runs reached "
                                 "this loss, too few to tell a local minimum from what this "
                                 "network makes of these inputs: more runs (a larger "
                                 "--restarts) tell");
    mlp_findings_free(&f);
    /* Given weights: no seed was drawn. */
    o = ln2_opts;
    o.init_given = 1;
    f = converged_with(&o, -1);
    assert_string_equal(only(&f, "loss-plateau")->hint,
                        "more epochs will not lower it; one run cannot tell a local minimum "
                        "from what this network makes of these inputs: train without "
                        "--init-weights, with --restarts 10: where most end at the same loss, "
                        "it is the network's");
    mlp_findings_free(&f);
}

/* Runs longer than the history are judged on every 2nd, 4th... epoch. */
static void diagnosis_should_keep_judging_past_its_history(void **state)
{
    (void)state;
    long n = 3 * MLP_DIAG_HISTORY + 17;
    double *c = malloc((size_t)n * sizeof *c);
    assert_non_null(c);
    for (long k = 0; k < n; k++)
        c[k] = k < n / 4 ? 0.69 - 0.29 * (double)k / (double)(n / 4 - 1) : 0.35;
    mlp_findings f;
    feed(&ln2_opts, c, n, &f);
    const mlp_finding *x = only(&f, "loss-plateau");
    /* The flat part starts at epoch n/4 + 1; the history's stride (4) may
     * place its first stored epoch up to 3 later. */
    long want = n - n / 4;
    assert_true(x->measured <= (double)want && x->measured >= (double)(want - 3));
    mlp_findings_free(&f);
    free(c);
}

/* ------------------------------------------------------------------------ */
/* The final network, set by hand. */

typedef struct {
    mlp_net *net;
    mlp_dataset data;
} fixture;

/* 1 input -> n_hidden units of act -> 2 softmax outputs, inputs x = -1, -0.5,
 * 0.5, 1 with classes 0, 0, 1, 1. */
static void make(fixture *fx, mlp_activation act, size_t n_hidden)
{
    size_t sizes[] = {1, n_hidden, 2};
    mlp_activation acts[] = {act, MLP_ACT_SOFTMAX};
    mlp_error err;
    fx->net = mlp_net_create(2, sizes, acts, MLP_LOSS_CROSS_ENTROPY, &err);
    assert_non_null(fx->net);
    static double X[] = {-1, -0.5, 0.5, 1}, Y[] = {1, 0, 1, 0, 0, 1, 0, 1};
    fx->data = (mlp_dataset){.n_rows = 4, .n_features = 1, .n_outputs = 2, .X = X, .Y = Y};
}

/* The final pass on the hand-set net after a run of `epochs` epochs (0: a
 * run long enough to be judged, MLP_DIAG_MIN_EPOCHS) whose loss stayed at
 * the net's own: the curve says nothing (no chance loss to compare with, no
 * fall, no rise), so only the units and the classes can speak. */
static int fixture_inputs_far; /* the options' inputs_far of finish_after */
static int fixture_inputs_small, fixture_standardized, fixture_init_given; /* and these */
static double fixture_divisor; /* and target_divisor */
static double fixture_stable;  /* > 0: larger_rates(d, it, 0, 1) before finishing */
static double fixture_chance = NAN; /* and chance_loss */

static void finish_after(fixture *fx, long epochs, int stopped, mlp_findings *out)
{
    static char *labels[] = {"neg", "pos"};
    mlp_diagnose_options o = ln2_opts;
    o.inputs_far = fixture_inputs_far;
    o.inputs_small = fixture_inputs_small;
    o.inputs_standardized = fixture_standardized;
    o.init_given = fixture_init_given;
    o.target_divisor = fixture_divisor;
    o.chance_loss = fixture_chance;
    o.labels = labels;
    o.n_labels = 2;
    mlp_error err;
    mlp_workspace *ws = mlp_workspace_create(fx->net, 0, &err);
    assert_non_null(ws);
    double loss = mlp_net_evaluate(fx->net, ws, fx->data.X, fx->data.Y, 4, 1).loss;
    mlp_workspace_free(ws);
    mlp_diagnose *d = mlp_diagnose_create(&o, &err);
    for (long k = 1; k <= (epochs ? epochs : MLP_DIAG_MIN_EPOCHS); k++) {
        mlp_epoch_stats s = {.epoch = k, .loss = loss};
        mlp_diagnose_epoch(d, &s);
    }
    if (stopped)
        mlp_diagnose_stopped(d);
    if (fixture_stable > 0)
        larger_rates(d, fixture_stable, 0, 1);
    mlp_findings_init(out);
    assert_int_equal(mlp_diagnose_finish(d, fx->net, &fx->data, out, &err), MLP_OK);
    mlp_diagnose_free(d);
    mlp_net_free(fx->net);
}

static void finish_on(fixture *fx, mlp_findings *out)
{
    finish_after(fx, 0, 0, out);
}

/* Feeds curve c (n epochs) to a diagnosis with options o and finishes it on
 * the fixture's net (left to the caller). */
static void finish_curve(const mlp_diagnose_options *o, fixture *fx, const double *c, long n,
                         mlp_findings *out)
{
    static char *labels[] = {"neg", "pos"};
    mlp_diagnose_options oo = *o;
    oo.labels = labels;
    oo.n_labels = 2;
    mlp_error err;
    mlp_diagnose *d = mlp_diagnose_create(&oo, &err);
    assert_non_null(d);
    for (long k = 0; k < n; k++) {
        mlp_epoch_stats s = {.epoch = k + 1, .loss = c[k], .accuracy = NAN, .val_loss = NAN,
                             .val_accuracy = NAN};
        mlp_diagnose_epoch(d, &s);
    }
    mlp_findings_init(out);
    assert_int_equal(mlp_diagnose_finish(d, fx->net, &fx->data, out, &err), MLP_OK);
    mlp_diagnose_free(d);
}

/* A run held by its l2 penalty is told so, not sent to other seeds or
 * rates: moons with l2 0.1 stalled at 0.336 (every restart alike; l2 0
 * reaches 0.04) and was called "stuck, likely in a local minimum", and
 * with l2 0.3 the weights sank to zero, the loss rose to ln 2 and the
 * rate was called too large at 0.5 and too small at 0.05. */
static void diagnosis_should_name_an_l2_that_holds_the_weights(void **state)
{
    (void)state;
    double c[300];
    for (int k = 0; k < 300; k++)
        c[k] = k < 100 ? 0.69 - 0.29 * k / 99.0 : 0.35 + 1e-4 * (k % 3);
    fixture fx;
    make(&fx, MLP_ACT_TANH, 4);
    for (size_t i = 0; i < fx.net->n_params; i++)
        fx.net->params[i] = 1.0; /* sum W^2 = 4 + 8 = 12 */
    mlp_diagnose_options o = ln2_opts;
    o.initial_weights_rms = 0.5;
    mlp_findings f;
    /* The penalty 0.1 / 2 x 12 = 0.6, above a tenth of the loss: l2. */
    o.l2 = 0.1;
    finish_curve(&o, &fx, c, 300, &f);
    const mlp_finding *x = only(&f, "l2-too-large");
    assert_string_equal(x->message, "l2 0.1 holds the weights at the penalty's balance: the "
                                    "penalty (l2/2) sum W^2 is 0.6, 171% of the loss 0.3502 "
                                    "(which leaves it out), and the loss stays there");
    assert_string_equal(x->hint, "try a smaller l2, e.g. 0.01, or none");
    mlp_findings_free(&f);
    /* Without l2, or with one whose penalty (6e-4) is a sliver of the loss:
     * the plateau, as before. */
    o.l2 = 0;
    finish_curve(&o, &fx, c, 300, &f);
    long at = mlp_findings_find(&f, "loss-plateau");
    assert_true(at >= 0);
    assert_non_null(strstr(f.items[at].hint, "--seed"));
    assert_int_equal(mlp_findings_find(&f, "l2-too-large"), -1);
    mlp_findings_free(&f);
    o.l2 = 1e-4;
    finish_curve(&o, &fx, c, 300, &f);
    assert_true(mlp_findings_find(&f, "loss-plateau") >= 0);
    assert_int_equal(mlp_findings_find(&f, "l2-too-large"), -1);
    mlp_findings_free(&f);
    /* A healthy curve says nothing of l2, whatever the penalty (the hand-set
     * net's one class is its own finding). */
    o.l2 = 0.1;
    for (int k = 0; k < 300; k++)
        c[k] = 0.69 * exp(-k / 20.0);
    finish_curve(&o, &fx, c, 300, &f);
    assert_int_equal(mlp_findings_find(&f, "l2-too-large"), -1);
    only(&f, "one-class");
    mlp_findings_free(&f);

    /* Weights sunk to zero (rms 1e-8 from 0.3), the loss risen to ln 2 and
     * every row in one class: one finding, l2's. */
    for (size_t i = 0; i < fx.net->n_params; i++)
        fx.net->params[i] = 1e-8;
    o.l2 = 0.3;
    o.initial_weights_rms = 0.3;
    for (int k = 0; k < 300; k++)
        c[k] = k < 10 ? 0.34 : 0.69314718055994531;
    finish_curve(&o, &fx, c, 300, &f);
    x = only(&f, "l2-too-large");
    assert_string_equal(x->message, "l2 0.3 holds the weights near zero: their root mean square "
                                    "fell from 0.3 to 1e-08, and the loss (without the penalty) "
                                    "ended at 0.6931");
    assert_string_equal(x->hint, "try a smaller l2, e.g. 0.03, or none");
    mlp_findings_free(&f);
    /* Without l2 the same run is the rate's (loss-rose) and the rest. */
    o.l2 = 0;
    finish_curve(&o, &fx, c, 300, &f);
    assert_true(f.n >= 2);
    assert_int_equal(mlp_findings_find(&f, "l2-too-large"), -1);
    assert_true(mlp_findings_find(&f, "loss-rose") >= 0);
    mlp_findings_free(&f);
    mlp_net_free(fx.net);
    /* The weights' rms leaves the biases out. */
    make(&fx, MLP_ACT_TANH, 4);
    for (size_t i = 0; i < fx.net->n_params; i++)
        fx.net->params[i] = 5.0;
    for (size_t l = 0; l < fx.net->n_layers; l++)
        for (size_t j = 0; j < fx.net->layers[l].n_in * fx.net->layers[l].n_out; j++)
            fx.net->layers[l].W[j] = 2.0;
    assert_true(mlp_diagnose_weights_rms(fx.net) == 2.0);
    mlp_net_free(fx.net);
}

/* XOR as 2 inputs -> hidden layers of `acts` (n_hidden of them, `width`
 * units each) -> 2 softmax outputs, all weights 0 and output biases (0, 1):
 * every row predicted "pos" at a loss near ln 2. */
static void make_xor(fixture *fx, size_t n_hidden, mlp_activation act, size_t width)
{
    size_t sizes[MLP_MAX_LAYERS + 1] = {2};
    mlp_activation acts[MLP_MAX_LAYERS];
    for (size_t l = 0; l < n_hidden; l++) {
        sizes[l + 1] = width;
        acts[l] = act;
    }
    sizes[n_hidden + 1] = 2;
    acts[n_hidden] = MLP_ACT_SOFTMAX;
    mlp_error err;
    fx->net = mlp_net_create(n_hidden + 1, sizes, acts, MLP_LOSS_CROSS_ENTROPY, &err);
    assert_non_null(fx->net);
    memset(fx->net->params, 0, fx->net->n_params * sizeof *fx->net->params);
    fx->net->layers[n_hidden].b[1] = 1.0;
    static double X[] = {0, 0, 0, 1, 1, 0, 1, 1}, Y[] = {1, 0, 0, 1, 0, 1, 1, 0};
    fx->data = (mlp_dataset){.n_rows = 4, .n_features = 2, .n_outputs = 2, .X = X, .Y = Y};
}

/* one-class takes loss-at-chance's causes (stuck_cause_of) with its own
 * stall: a loss that has not moved since epoch 1 is named only where the
 * curve's finding named it, and the schedule's cut never, so a narrow
 * hidden layer behind a plateau the schedule made is named. XOR's 0/1
 * inputs (scaled already) into softmax with cross_entropy, predicting one
 * class. */
static void one_class_should_name_a_stall_as_the_curve_did(void **state)
{
    (void)state;
    static double c[1000];
    mlp_diagnose_options o = ln2_opts;
    o.inputs_small = 1;
    fixture fx;
    mlp_findings f;
    /* At ln 2 from epoch 1: loss-at-chance says the rate may be too small
     * to move it, and one-class the same. */
    for (int k = 0; k < 300; k++)
        c[k] = 0.6931;
    make_xor(&fx, 1, MLP_ACT_TANH, 4);
    finish_curve(&o, &fx, c, 300, &f);
    assert_int_equal(mlp_findings_find(&f, "loss-at-chance"), 0);
    assert_string_equal(f.items[1].hint,
                        "the output ignores the inputs: the learning rate 0.5 may be too small "
                        "to move it: find one that trains with mlptrain --lr-scan 0.5:5000");
    mlp_findings_free(&f);
    /* Flat from epoch 1 at 0.001, below every finding of the curve: not
     * said to be too small a rate; other initial weights. */
    for (int k = 0; k < 300; k++)
        c[k] = 0.001;
    finish_curve(&o, &fx, c, 300, &f);
    assert_string_equal(only(&f, "one-class")->hint,
                        "the output ignores the inputs: try another --seed (or --restarts 10), "
                        "then a smaller learning_rate");
    mlp_findings_free(&f);
    mlp_net_free(fx.net);
    /* A plateau from epoch 250, after the step schedule cut the rate to
     * 0.01 of it: loss-plateau names the schedule, one-class the hidden
     * layer of 1 unit. */
    mlp_schedule step = {.kind = MLP_SCHEDULE_STEP, .every = 100, .factor = 0.1};
    o.schedule = &step;
    o.schedule_epochs = 1000;
    for (int k = 0; k < 1000; k++)
        c[k] = k < 250 ? 0.69 - 0.527 * k / 249.0 : 0.163;
    make_xor(&fx, 1, MLP_ACT_TANH, 1);
    finish_curve(&o, &fx, c, 1000, &f);
    assert_int_equal(mlp_findings_find(&f, "loss-plateau"), 0);
    assert_non_null(strstr(f.items[0].hint, "the schedule trains at 0.01 x learning_rate"));
    assert_string_equal(f.items[1].code, "one-class");
    assert_string_equal(f.items[1].hint,
                        "the output ignores the inputs: widen the network: a hidden layer of 1 "
                        "unit passes only one number on, a bottleneck that other initial "
                        "weights keep; give it more units, e.g. 8");
    mlp_findings_free(&f);
    mlp_net_free(fx.net);
}

/* A linear network on XOR: no hidden layer, or hidden layers all
 * "linear". No input correlates with XOR's targets, so no linear model
 * beats ln 2: every finding names the nonlinearity, not a seed, a smaller
 * rate (no hidden layer) or a scan for a larger one (linear hidden layers:
 * the loss never left ln 2, so "the rate may be too small", and the scan
 * recommended a smaller rate, which was "too small" again). */
static void hints_should_name_a_linear_network_on_uncorrelated_targets(void **state)
{
    (void)state;
    double c[300];
    for (int k = 0; k < 300; k++)
        c[k] = 0.6931; /* at ln 2 from epoch 1: a loss that "has not moved" */
    const char *none = "a network without hidden layers is linear, and no weighted sum of the "
                       "inputs correlates with the targets, so no linear model does better than "
                       "chance: add a hidden layer, e.g. 16 tanh units";
    const char *lin = "its hidden layers are all linear, so the network is linear, and no "
                      "weighted sum of the inputs correlates with the targets, so no linear "
                      "model does better than chance: use \"tanh\" or \"relu\" in its hidden "
                      "layers";
    fixture fx;
    mlp_findings f;
    for (int hidden = 0; hidden <= 2; hidden++) {
        make_xor(&fx, (size_t)hidden, MLP_ACT_LINEAR, 4);
        finish_curve(&ln2_opts, &fx, c, 300, &f);
        mlp_net_free(fx.net);
        const char *want = hidden ? lin : none;
        assert_int_equal(f.n, 2);
        assert_string_equal(f.items[0].code, "loss-at-chance");
        assert_string_equal(f.items[0].hint, want);
        assert_string_equal(f.items[1].code, "one-class");
        assert_true(strncmp(f.items[1].hint, "the output ignores the inputs: ", 31) == 0);
        assert_string_equal(f.items[1].hint + 31, want);
        mlp_findings_free(&f);
    }
    /* Trials found a larger rate: no rate helps a linear model here. */
    make_xor(&fx, 1, MLP_ACT_LINEAR, 4);
    mlp_error err;
    mlp_diagnose_options o = ln2_opts;
    static char *labels[] = {"neg", "pos"};
    o.labels = labels;
    o.n_labels = 2;
    mlp_diagnose *d = fed(&o, c, 300);
    larger_rates(d, 46.4, 0, 1);
    mlp_findings_init(&f);
    assert_int_equal(mlp_diagnose_finish(d, fx.net, &fx.data, &f, &err), MLP_OK);
    mlp_diagnose_free(d);
    mlp_net_free(fx.net);
    assert_string_equal(f.items[0].hint, lin);
    mlp_findings_free(&f);
    /* The same net on XOR with tanh units is not linear: the old hints. */
    make_xor(&fx, 1, MLP_ACT_TANH, 4);
    finish_curve(&ln2_opts, &fx, c, 300, &f);
    mlp_net_free(fx.net);
    assert_null(strstr(f.items[0].hint, "linear"));
    mlp_findings_free(&f);
    /* A linear net on targets a line separates (x1 alone): x1 correlates
     * with them, so the linear model is not what holds the loss. */
    static double Yx1[] = {1, 0, 1, 0, 0, 1, 0, 1};
    make_xor(&fx, 1, MLP_ACT_LINEAR, 4);
    fx.data.Y = Yx1;
    finish_curve(&ln2_opts, &fx, c, 300, &f);
    assert_null(strstr(f.items[0].hint, "linear"));
    mlp_findings_free(&f);
    mlp_net_free(fx.net);
    /* A plateau of linear hidden layers (not at chance): the network has
     * reached what a linear one can; the hint is the nonlinearity. */
    double p[300];
    for (int k = 0; k < 300; k++)
        p[k] = k < 100 ? 0.69 - 0.29 * k / 99.0 : 0.35 + 1e-4 * (k % 3);
    make_xor(&fx, 2, MLP_ACT_LINEAR, 4);
    fx.data.Y = Yx1;
    finish_curve(&ln2_opts, &fx, p, 300, &f);
    mlp_net_free(fx.net);
    const mlp_finding *x = &f.items[0];
    assert_string_equal(x->code, "loss-plateau");
    assert_non_null(strstr(x->message, "its hidden layers are all linear, so the network is "
                                       "linear and has reached the best fit it can make"));
    assert_string_equal(x->hint, "use \"tanh\" or \"relu\" in its hidden layers, to fit what a "
                                 "linear model cannot");
    mlp_findings_free(&f);
}

/* The one place where loss-at-chance and loss-plateau order their causes
 * apart (stuck_cause_of): at chance, a linear net on uncorrelated targets is
 * named before a rate too small (above: no rate helps it); on a plateau
 * above chance, where trials showed the rate too small to leave chance, the
 * rate comes first: a linear model's best fit is at or below chance, so
 * that net has not "reached the best fit it can make". Without trials (fit.c
 * runs none for a linear net on uncorrelated targets) it was told it had:
 * XOR on [2, 1] at rate 1e-4 stayed at 0.793, above ln 2. Its best fit is
 * ln 2 (no weighted sum of XOR's inputs correlates with it), so the rate is
 * named first, too small to get there, and the hidden layer after it, as
 * one-class says too. */
static void plateau_above_chance_should_name_the_rate_before_a_linear_net(void **state)
{
    (void)state;
    double c[300];
    for (int k = 0; k < 300; k++)
        c[k] = 0.75 + 1e-4 * (k % 3); /* 8% above ln 2: off chance, flat */
    for (int trials = 0; trials <= 1; trials++) {
        fixture fx;
        make_xor(&fx, 0, MLP_ACT_LINEAR, 4);
        mlp_diagnose_options o = ln2_opts;
        static char *labels[] = {"neg", "pos"};
        o.labels = labels;
        o.n_labels = 2;
        mlp_diagnose *d = fed(&o, c, 300);
        if (trials)
            larger_rates(d, 46.4, 0, 1);
        mlp_findings f;
        mlp_error err;
        mlp_findings_init(&f);
        assert_int_equal(mlp_diagnose_finish(d, fx.net, &fx.data, &f, &err), MLP_OK);
        mlp_diagnose_free(d);
        mlp_net_free(fx.net);
        const mlp_finding *x = &f.items[0];
        assert_string_equal(x->code, "loss-plateau");
        if (trials) {
            assert_non_null(strstr(x->message, "of an output that ignores its inputs: training "
                                               "has not left the start"));
            assert_true(strncmp(x->hint, "the learning rate 0.5 is too small to leave chance "
                                         "level: ", 58) == 0);
        } else {
            assert_non_null(strstr(x->message, "of an output that ignores its inputs: a network "
                                               "without hidden layers has not reached the best "
                                               "fit it can make, a loss of 0.693"));
            assert_string_equal(x->hint, "the learning rate 0.5 is too small to reach it in 300 "
                                         "epochs: find a larger one with mlptrain --lr-scan "
                                         "0.5:5000, then add a hidden layer, e.g. 16 tanh units, "
                                         "since no weighted sum of the inputs correlates with "
                                         "the targets, so even that fit is no better than "
                                         "chance");
            assert_string_equal(f.items[1].code, "one-class");
            assert_string_equal(f.items[1].hint,
                                "the output ignores the inputs: the learning rate 0.5 is too "
                                "small to reach the best fit a linear model can make, a loss of "
                                "0.693, in 300 epochs: find a larger one with mlptrain "
                                "--lr-scan 0.5:5000, then add a hidden layer, e.g. 16 tanh "
                                "units, since no weighted sum of the inputs correlates with the "
                                "targets, so even that fit is no better than chance");
        }
        mlp_findings_free(&f);
    }
}

/* XOR's rows, 2 -> 4 tanh -> 1 output of out_act under mse, its weights 0
 * but the output's bias 5: tanh(5) = 0.9999 and sigmoid(5) = 0.993 on
 * every row, f'(z) 2e-4 and 7e-3, saturated; the hidden units at 0 are not. */
static void make_saturated_output(fixture *fx, mlp_activation out_act)
{
    size_t sizes[] = {2, 4, 1};
    mlp_activation acts[] = {MLP_ACT_TANH, out_act};
    mlp_error err;
    fx->net = mlp_net_create(2, sizes, acts, MLP_LOSS_MSE, &err);
    assert_non_null(fx->net);
    memset(fx->net->params, 0, fx->net->n_params * sizeof *fx->net->params);
    fx->net->layers[1].b[0] = 5.0;
    static double X[] = {0, 0, 0, 1, 1, 0, 1, 1}, Y[] = {0, 1, 1, 0};
    fx->data = (mlp_dataset){.n_rows = 4, .n_features = 2, .n_outputs = 1, .X = X, .Y = Y};
}

/* Larger-rate trials that left chance level at no rate do not make the
 * rate too small (--lr-scan's rule, mlp_diagnose_left_chance). A tanh
 * output with mse on 0/1 targets at rate 10 sat at 0.48, chance 0.25: its
 * output saturated. The trials from 10 up to 1e+09 were all stable (a
 * saturated output holds any rate) and all ended at 0.48, and the hint
 * said "the learning rate 10 is too small to leave chance level"; a run
 * at 1 fits (0.017). A loss flat above chance under an output that
 * saturates is that output's saturation: the rate is too large, and the
 * rate named is the run's one, a tenth of it. */
static void trials_at_chance_should_not_call_a_saturating_rate_too_small(void **state)
{
    (void)state;
    double c[300];
    for (int k = 0; k < 300; k++)
        c[k] = k < 10 ? 0.52 - 0.02 * k : 0.48; /* fell, then held */
    mlp_diagnose_options o = ln2_opts;
    o.chance_loss = 0.25; /* p (1 - p) of 0/1 targets, p = 0.5 */
    o.chance_is_ln_k = 0;
    o.learning_rate = 10;
    for (int left = 0; left <= 1; left++) {
        fixture fx;
        make_saturated_output(&fx, MLP_ACT_TANH);
        mlp_diagnose *d = fed(&o, c, 300);
        assert_int_equal(mlp_diagnose_wants_larger_rates(d), 1);
        /* Stable up to 1e+09, no edge; the top one left chance or not. */
        larger_rates(d, 1e9, left ? 0.1 : 0.48, 0);
        mlp_findings f;
        mlp_error err;
        mlp_findings_init(&f);
        assert_int_equal(mlp_diagnose_finish(d, fx.net, &fx.data, &f, &err), MLP_OK);
        mlp_diagnose_free(d);
        mlp_net_free(fx.net);
        const mlp_finding *x = only(&f, "loss-plateau");
        if (left) {
            /* A trial that left chance: the old hint, a scan from it. */
            assert_non_null(strstr(x->hint, "the learning rate 10 is too small to leave "
                                            "chance level"));
        } else {
            assert_non_null(strstr(x->message, "of an output that ignores its inputs: the "
                                               "output units have saturated (f'(z) near 0 "
                                               "passes almost no gradient)"));
            assert_string_equal(x->hint, "the learning rate 10 is too large: its steps drove "
                                         "them there, and 20-epoch trials from the same "
                                         "initial weights at larger rates, stable up to 1e+09, "
                                         "did not leave chance level either; try "
                                         "learning_rate 1");
        }
        mlp_findings_free(&f);
    }

    /* Rates that left chance up to 1000, then stable at chance up to
     * 1e+09: the rate comes from the one that left it, as --lr-scan's. */
    fixture fx;
    make_saturated_output(&fx, MLP_ACT_TANH);
    mlp_diagnose *d = fed(&o, c, 300);
    mlp_lrscan_trial t[] = {{.rate = 100, .final_loss = 0.1, .stable = 1},
                            {.rate = 1000, .final_loss = 0.2, .stable = 1},
                            {.rate = 1e9, .final_loss = 0.48, .stable = 1}};
    mlp_diagnose_larger_rates(d, t, 3, 20);
    mlp_findings f;
    mlp_error err;
    mlp_findings_init(&f);
    assert_int_equal(mlp_diagnose_finish(d, fx.net, &fx.data, &f, &err), MLP_OK);
    mlp_diagnose_free(d);
    mlp_net_free(fx.net);
    assert_string_equal(only(&f, "loss-plateau")->hint,
                        "the learning rate 10 is too small to leave chance level: 20-epoch "
                        "trials from the same initial weights were stable up to rate 1e+09, and "
                        "left chance level up to rate 1000; try learning_rate 100, with "
                        "--restarts 10 to keep the best of 10 runs");
    mlp_findings_free(&f);

    /* At chance (within 1%), not above it: a sigmoid with mse on XOR sits
     * at 0.25 with its output at 0.5, not saturated, and its trials stay
     * near 0.25 for 20 epochs at every rate; they were too short to tell,
     * and the largest stable rate stands (sigmoid_mse_stall.json at 0.5 is
     * named 1.077, where 6 of 10 runs fit it). */
    double at[300];
    for (int k = 0; k < 300; k++)
        at[k] = k < 10 ? 0.26 - 0.001 * k : 0.2501;
    o.learning_rate = 0.5;
    make_saturated_output(&fx, MLP_ACT_SIGMOID);
    d = fed(&o, at, 300);
    larger_rates(d, 10.7722, 0.2501, 1);
    mlp_findings_init(&f);
    assert_int_equal(mlp_diagnose_finish(d, fx.net, &fx.data, &f, &err), MLP_OK);
    mlp_diagnose_free(d);
    mlp_net_free(fx.net);
    assert_non_null(strstr(only(&f, "loss-at-chance")->hint,
                           "the learning rate 0.5 is too small to leave chance level: 20-epoch "
                           "trials from the same initial weights were stable up to rate 10.7722; "
                           "try learning_rate 1.07722"));
    mlp_findings_free(&f);

    /* With class labels, one-class says it too, naming the output; every
     * message names the same rate, the run's one (a tenth of 10). */
    static char *labels[] = {"neg", "pos"};
    o.learning_rate = 10;
    o.labels = labels;
    o.n_labels = 2;
    make_saturated_output(&fx, MLP_ACT_SIGMOID);
    d = fed(&o, c, 300);
    larger_rates(d, 1e9, 0.48, 0);
    mlp_findings_init(&f);
    assert_int_equal(mlp_diagnose_finish(d, fx.net, &fx.data, &f, &err), MLP_OK);
    mlp_diagnose_free(d);
    mlp_net_free(fx.net);
    long k = mlp_findings_find(&f, "one-class");
    assert_true(k >= 0);
    assert_string_equal(f.items[k].hint,
                        "the output ignores the inputs: the learning rate 10 is too large: its "
                        "steps saturated the sigmoid output, and 20-epoch trials from the same "
                        "initial weights at larger rates, stable up to 1e+09, did not leave "
                        "chance level either; try learning_rate 1");
    for (size_t i = 0; i < f.n; i++) {
        assert_null(strstr(f.items[i].hint, "too small"));
        const char *r = strstr(f.items[i].hint, "try learning_rate ");
        if (r)
            assert_string_equal(r, "try learning_rate 1");
    }
    mlp_findings_free(&f);
}

/* A stand-in for the reduce hook of a data-parallel run: counts its calls
 * and leaves the sums as they are (one process). */
static mlp_status counting_reduce(void *ctx, double *grads, size_t n, mlp_net_pass *pass,
                                  mlp_error *err)
{
    (void)grads, (void)n, (void)pass, (void)err;
    ++*(int *)ctx;
    return MLP_OK;
}

/* The findings of a linear net with mse (layers `sizes`, every one linear)
 * fed `loss`: judged by finish on `all`, or (reduced) by
 * mlp_diagnose_correlations on `all` under a stand-in reduce and finish
 * without rows; first measured on `curve`'s rows when it is given (the
 * early-stopped run's rows under refit). */
static void finish_linear(const mlp_diagnose_options *o, const size_t *sizes, size_t n_layers,
                          const mlp_dataset *curve, const mlp_dataset *all, int reduced,
                          const double *loss, long n, mlp_findings *out)
{
    mlp_activation acts[] = {MLP_ACT_LINEAR, MLP_ACT_LINEAR};
    assert_true(n_layers <= 2);
    mlp_error err;
    mlp_net *net = mlp_net_create(n_layers, sizes, acts, MLP_LOSS_MSE, &err);
    assert_non_null(net);
    memset(net->params, 0, net->n_params * sizeof *net->params);
    mlp_diagnose *d = fed(o, loss, n);
    int calls = 0;
    mlp_train_reduce_fn reduce = reduced ? counting_reduce : NULL;
    if (curve)
        assert_int_equal(mlp_diagnose_measure_best_fit(d, net, curve, reduce, &calls, &err),
                         MLP_OK);
    if (reduced)
        assert_int_equal(mlp_diagnose_correlations(d, net, all, reduce, &calls, &err), MLP_OK);
    mlp_findings_init(out);
    assert_int_equal(mlp_diagnose_finish(d, net, reduced ? NULL : all, out, &err), MLP_OK);
    mlp_diagnose_free(d);
    mlp_net_free(net);
}

/* The findings of a linear net with mse (layers 1-1, or 1-2-1 linear) on
 * 4 rows x = 0, 1, 2, 3, y = 0, 2, 1, 3, fed `loss`: judged by finish on
 * the rows, or (reduced) by mlp_diagnose_correlations under a reduce and
 * finish without them. */
static void finish_regression(const mlp_diagnose_options *o, size_t n_hidden, int reduced,
                              const double *loss, long n, mlp_findings *out)
{
    static double X[] = {0, 1, 2, 3}, Y[] = {0, 2, 1, 3};
    mlp_dataset rows = {.n_rows = 4, .n_features = 1, .n_outputs = 1, .X = X, .Y = Y};
    size_t sizes[] = {1, 2, 1};
    if (!n_hidden)
        sizes[1] = 1;
    finish_linear(o, sizes, n_hidden + 1, NULL, &rows, reduced, loss, n, out);
}

/* The regression counterpart: a linear net with mse on a plateau above its
 * least-squares fit was told it "has reached the best fit it can make" (a
 * linear model on two near-copies of one input stayed at 0.943 at rate
 * 0.01, its least-squares fit at 0.701). That fit's mse is (1 - R^2)
 * var(y): here sxy = 4, sxx = syy = 5 by hand, R^2 = 16/25, var(y) = 1.25
 * (the chance loss), so 0.36 x 1.25 = 0.45. A plateau at 0.6 is short of
 * it, and at 0.455 within 1% of chance (0.0125) of it, its best fit; a loss
 * at chance is short of it too. Alike on the rows and under a reduce. With
 * l2 the fit of the penalised loss is not the least-squares one: no figure
 * is named. */
static void regression_plateau_should_measure_the_least_squares_fit(void **state)
{
    (void)state;
    mlp_diagnose_options o = {.learning_rate = 0.1, .chance_loss = 1.25};
    double c[300];
    mlp_findings f;
    for (int reduced = 0; reduced <= 1; reduced++) {
        for (int k = 0; k < 300; k++)
            c[k] = 0.6 + 1e-4 * (k % 3);
        finish_regression(&o, 0, reduced, c, 300, &f);
        const mlp_finding *x = only(&f, "loss-plateau");
        assert_non_null(strstr(x->message, "far above 0 and below the 1.25 of an output that "
                                           "ignores its inputs: a network without hidden "
                                           "layers has not reached the best fit it can make, a "
                                           "loss of 0.45"));
        assert_string_equal(x->hint, "the learning rate 0.1 is too small to reach it in 300 "
                                     "epochs: find a larger one with mlptrain --lr-scan "
                                     "0.1:1000, then add a hidden layer, e.g. 16 tanh units, to "
                                     "fit what a linear model cannot");
        mlp_findings_free(&f);
        finish_regression(&o, 1, reduced, c, 300, &f);
        x = only(&f, "loss-plateau");
        assert_non_null(strstr(x->message, ": its hidden layers are all linear, so the network "
                                           "is linear, and it has not reached the best fit it "
                                           "can make, a loss of 0.45"));
        assert_string_equal(x->hint, "the learning rate 0.1 is too small to reach it in 300 "
                                     "epochs: find a larger one with mlptrain --lr-scan "
                                     "0.1:1000, then use \"tanh\" or \"relu\" in its hidden "
                                     "layers, to fit what a linear model cannot");
        mlp_findings_free(&f);
        for (int k = 0; k < 300; k++)
            c[k] = 0.455 + 1e-4 * (k % 3);
        finish_regression(&o, 0, reduced, c, 300, &f);
        x = only(&f, "loss-plateau");
        assert_non_null(strstr(x->message, "a network without hidden layers has reached the "
                                           "best fit it can make"));
        mlp_findings_free(&f);
        for (int k = 0; k < 300; k++)
            c[k] = 1.25;
        finish_regression(&o, 0, reduced, c, 300, &f);
        assert_string_equal(only(&f, "loss-at-chance")->hint,
                            "the network is not using its inputs: the learning rate 0.1 is too "
                            "small to reach the best fit a linear model can make, a loss of "
                            "0.45, in 300 epochs: find a larger one with mlptrain --lr-scan "
                            "0.1:1000, then add a hidden layer, e.g. 16 tanh units, to fit "
                            "what a linear model cannot");
        mlp_findings_free(&f);
    }
    /* Without a learning rate (irprop-): its steps, and more epochs. */
    mlp_diagnose_options no_rate = o;
    no_rate.learning_rate = 0;
    for (int k = 0; k < 300; k++)
        c[k] = 0.6 + 1e-4 * (k % 3);
    finish_regression(&no_rate, 0, 0, c, 300, &f);
    assert_string_equal(only(&f, "loss-plateau")->hint,
                        "the steps did not reach it in 300 epochs: train longer (try --epochs "
                        "600), then add a hidden layer, e.g. 16 tanh units, to fit what a "
                        "linear model cannot");
    mlp_findings_free(&f);
    mlp_diagnose_options l2 = o;
    l2.l2 = 0.01;
    finish_regression(&l2, 0, 0, c, 300, &f);
    assert_null(strstr(only(&f, "loss-plateau")->message, "a loss of"));
    mlp_findings_free(&f);
}

/* The findings of a linear net with mse, 2 inputs, a linear hidden layer
 * of `width` units and 2 outputs, on 4 rows x = (1, 0), (-1, 0), (0, 1),
 * (0, -1), y = (x1 + e / 2, x2 / 2) with e = (1, 1, -1, -1), fed `loss`:
 * judged by finish on the rows, or (reduced) by mlp_diagnose_correlations
 * under a reduce. */
static void finish_two_targets(const mlp_diagnose_options *o, size_t width, int reduced,
                               const double *loss, long n, mlp_findings *out)
{
    static double X[] = {1, 0, -1, 0, 0, 1, 0, -1};
    static double Y[] = {1.5, 0, -0.5, 0, -0.5, 0.5, -0.5, -0.5};
    mlp_dataset rows = {.n_rows = 4, .n_features = 2, .n_outputs = 2, .X = X, .Y = Y};
    size_t sizes[] = {2, width, 2};
    finish_linear(o, sizes, 2, NULL, &rows, reduced, loss, n, out);
}

/* A linear hidden layer narrower than both the inputs and the outputs
 * limits the net to a lower-rank fit: [2, 1, 2] on two targets stayed at
 * its rank-1 optimum and was told it "has not reached the best fit it can
 * make", the full least-squares one, and to raise a rate that cannot help.
 * By hand, on finish_two_targets' rows (every column's mean 0): e is
 * orthogonal to 1, x1 and x2, so the least-squares fit is y = (x1, x2 / 2)
 * and leaves e / 2, a sum of squares 1 over 4 x 2 values: a loss of 0.125.
 * The chance loss is the columns' mean variance, (3/4 + 0.5/4) / 2 =
 * 0.4375. One unit passes one direction of x on; x1 and x2 are orthogonal
 * with sums of squares 2, so the fit explains sum(x1 y1)^2 / 2 = 2 of y1
 * through x1 or sum(x2 y2)^2 / 2 = 0.5 of y2 through x2 (the reduced-rank
 * fit keeps the largest): the best keeps y1's fit and predicts y2 by its
 * mean, leaving 1 + 0.5 over 8 values, 0.1875. A plateau there is at the
 * best fit of [2, 1, 2], which has reached it; [2, 2, 2], whose best fit is
 * the least-squares one, has not. */
static void narrow_linear_plateau_should_not_be_measured_by_the_full_fit(void **state)
{
    (void)state;
    mlp_diagnose_options o = {.learning_rate = 0.1, .chance_loss = 0.4375};
    double c[300];
    for (int k = 0; k < 300; k++)
        c[k] = 0.1875 + 1e-5 * (k % 3);
    mlp_findings f;
    for (int reduced = 0; reduced <= 1; reduced++) {
        finish_two_targets(&o, 1, reduced, c, 300, &f);
        const mlp_finding *x = only(&f, "loss-plateau");
        assert_non_null(strstr(x->message, ": its hidden layers are all linear, so the network "
                                           "is linear and has reached the best fit it can "
                                           "make"));
        assert_null(strstr(x->message, "not reached"));
        assert_null(strstr(x->hint, "learning rate"));
        mlp_findings_free(&f);
        finish_two_targets(&o, 2, reduced, c, 300, &f);
        assert_non_null(strstr(only(&f, "loss-plateau")->message,
                               ": its hidden layers are all linear, so the network is linear, "
                               "and it has not reached the best fit it can make, a loss of 0.125"));
        mlp_findings_free(&f);
    }
}

/* The findings of a linear net 1-1 with mse fed `loss` on a curve of the
 * first 4 of 6 rows x = 0 .. 5, y = 0, 2, 1, 3, 4, 5 (an early-stopped
 * run's training rows), and judged on all 6 (its refit's), as fit.c does:
 * the best fit taken on the first `measured` rows (none: 0), then by finish
 * on all 6, or (reduced) by mlp_diagnose_correlations under a reduce and
 * finish without rows. */
static void finish_refit(const mlp_diagnose_options *o, size_t measured, int reduced,
                         const double *loss, long n, mlp_findings *out)
{
    static double X[] = {0, 1, 2, 3, 4, 5}, Y[] = {0, 2, 1, 3, 4, 5};
    mlp_dataset curve = {.n_rows = measured, .n_features = 1, .n_outputs = 1, .X = X, .Y = Y};
    mlp_dataset all = {.n_rows = 6, .n_features = 1, .n_outputs = 1, .X = X, .Y = Y};
    size_t sizes[] = {1, 1};
    finish_linear(o, sizes, 1, measured ? &curve : NULL, &all, reduced, loss, n, out);
}

/* With "refit": true the curve judged and its chance loss are the
 * early-stopped run's, on the training rows, while finish is given the
 * refit's, every row: a linear model at its training rows' least-squares
 * optimum was measured against chance(training rows) x the share every
 * row's fit leaves, and told it "has not reached the best fit it can make".
 * By hand: on the first 4 rows (as above) the best fit is 0.45, chance
 * 1.25; on all 6, x and y have mean 2.5, sxx = syy = 17.5 and sxy = 16.5,
 * so the fit leaves 1 - 16.5^2 / 17.5^2 = 0.111 of the variance, and 1.25 x
 * 0.111 = 0.139 mixes the two. Taken on the curve's rows first
 * (mlp_diagnose_measure_best_fit), 0.45 is the figure, alike under a
 * reduce; where the curve's rows give no fit (1 row) none is compared, not
 * every row's. */
static void refit_should_measure_the_best_fit_on_the_curves_rows(void **state)
{
    (void)state;
    mlp_diagnose_options o = {.learning_rate = 0.1, .chance_loss = 1.25};
    double at[300], above[300];
    for (int k = 0; k < 300; k++) {
        at[k] = 0.45 + 1e-4 * (k % 3);
        above[k] = 0.6 + 1e-4 * (k % 3);
    }
    mlp_findings f;
    finish_refit(&o, 0, 0, at, 300, &f);
    assert_non_null(strstr(only(&f, "loss-plateau")->message, "has not reached the best fit it "
                                                             "can make, a loss of 0.139"));
    mlp_findings_free(&f);
    for (int reduced = 0; reduced <= 1; reduced++) {
        finish_refit(&o, 4, reduced, at, 300, &f);
        assert_non_null(strstr(only(&f, "loss-plateau")->message,
                               ": a network without hidden layers has reached the best fit it "
                               "can make"));
        mlp_findings_free(&f);
        finish_refit(&o, 4, reduced, above, 300, &f);
        assert_non_null(strstr(only(&f, "loss-plateau")->message,
                               ": a network without hidden layers has not reached the best fit "
                               "it can make, a loss of 0.45"));
        mlp_findings_free(&f);
        finish_refit(&o, 1, reduced, above, 300, &f);
        assert_non_null(strstr(only(&f, "loss-plateau")->message,
                               ": a network without hidden layers has reached the best fit it "
                               "can make"));
        mlp_findings_free(&f);
    }
    mlp_error err;
    assert_int_equal(mlp_diagnose_measure_best_fit(NULL, NULL, NULL, NULL, NULL, &err),
                     MLP_ERR_USAGE);
}

/* A stand-in for 2 processes that hold the same rows: the mean of their
 * "gradients of a mean" is each one's, and the rows are twice one's. Fails
 * a call of more values than the hook carries (n_params, train.h). */
typedef struct {
    size_t n_params, calls;
} twin_ctx;

static mlp_status twin_reduce(void *ctx, double *grads, size_t n, mlp_net_pass *pass,
                              mlp_error *err)
{
    (void)grads, (void)err;
    twin_ctx *t = ctx;
    assert_true(n <= t->n_params);
    t->calls++;
    pass->rows *= 2;
    return MLP_OK;
}

/* mlp_reduce_sums (the correlations' and the gradient check's sums over
 * every process): sums of the same rows on 2 processes are twice one's,
 * in chunks of at most n_params values, however many values there are;
 * without a hook they are left as they are. */
static void reduce_sums_should_add_up_every_process_in_chunks(void **state)
{
    (void)state;
    fixture fx;
    make(&fx, MLP_ACT_TANH, 1); /* 1-1-2: 6 parameters */
    size_t n = 3 * fx.net->n_params + 1, all = 0;
    double v[64];
    assert_true(n <= 64);
    for (size_t i = 0; i < n; i++)
        v[i] = (double)i + 0.5;
    mlp_error err;
    assert_int_equal(mlp_reduce_sums(fx.net, 4, v, n, NULL, NULL, &all, &err), MLP_OK);
    assert_int_equal(all, 4);
    twin_ctx t = {.n_params = fx.net->n_params};
    assert_int_equal(mlp_reduce_sums(fx.net, 4, v, n, twin_reduce, &t, &all, &err), MLP_OK);
    assert_int_equal(all, 8);
    assert_int_equal(t.calls, 4);
    for (size_t i = 0; i < n; i++)
        assert_true(v[i] == 2 * ((double)i + 0.5)); /* divisors of 4 and 8 rows: exact */
    mlp_net_free(fx.net);
}

/* Under mpirun no process holds every row, and finish judged no rows: XOR
 * on a linear net was told to try another seed. The correlations judged
 * beforehand over every process's rows (mlp_diagnose_correlations) give
 * finish, without rows, the verdict a process holding them all makes. */
static void correlations_should_stand_for_rows_finish_lacks(void **state)
{
    (void)state;
    double c[300];
    for (int k = 0; k < 300; k++)
        c[k] = 0.6931;
    static char *labels[] = {"neg", "pos"};
    mlp_diagnose_options o = ln2_opts;
    o.labels = labels;
    o.n_labels = 2;
    static double Yx1[] = {1, 0, 1, 0, 0, 1, 0, 1};
    mlp_error err;
    mlp_findings f;
    fixture fx;
    for (int x1 = 0; x1 <= 1; x1++) {
        make_xor(&fx, 0, MLP_ACT_LINEAR, 4);
        if (x1)
            fx.data.Y = Yx1; /* x1 separates them: correlated */
        mlp_diagnose *d = fed(&o, c, 300);
        int calls = 0;
        assert_int_equal(mlp_diagnose_correlations(d, fx.net, &fx.data, counting_reduce, &calls,
                                                   &err), MLP_OK);
        assert_true(calls >= 3); /* the agreement, the means, the centred sums */
        mlp_findings_init(&f);
        assert_int_equal(mlp_diagnose_finish(d, fx.net, NULL, &f, &err), MLP_OK);
        long at = mlp_findings_find(&f, "loss-at-chance");
        assert_true(at >= 0);
        if (x1)
            assert_null(strstr(f.items[at].hint, "linear"));
        else
            assert_string_equal(f.items[at].hint,
                                "a network without hidden layers is linear, and no weighted sum "
                                "of the inputs correlates with the targets, so no linear model "
                                "does better than chance: add a hidden layer, e.g. 16 tanh "
                                "units");
        mlp_findings_free(&f);
        mlp_diagnose_free(d);
        mlp_net_free(fx.net);
    }
    /* A net with tanh units is not linear: no reduction at all. */
    make_xor(&fx, 1, MLP_ACT_TANH, 4);
    mlp_diagnose *d = fed(&o, c, 300);
    int calls = 0;
    assert_int_equal(mlp_diagnose_correlations(d, fx.net, &fx.data, counting_reduce, &calls, &err),
                     MLP_OK);
    assert_int_equal(calls, 0);
    assert_int_equal(mlp_diagnose_correlations(d, NULL, &fx.data, NULL, NULL, &err),
                     MLP_ERR_USAGE);
    mlp_diagnose_free(d);
    mlp_net_free(fx.net);
}

/* The rule of a linear network is of the joint fit: 200 rows of two
 * near-copies x1 = a, x2 = a + 0.01 b with y = (b > 0). Each input alone
 * correlates with y by r^2 < 1e-4, their sum far within 0.01, yet x2 - x1
 * is 0.01 b, which predicts y: the least-squares fit on both has R^2 0.81
 * (checked by hand from the 3 correlations: (r1^2 + r2^2 - 2 r1 r2 r12) /
 * (1 - r12^2)), and [2, 1] sigmoid with irprop- reached 99%. The run was
 * told "no input is correlated with the targets ... add a hidden layer"
 * (the hint now says "no weighted sum of the inputs correlates").
 * XOR with a copy of x1 and a constant column added is still told it:
 * the copy and the constant add nothing to the fit. Judged alike by
 * finish on its rows and by mlp_diagnose_correlations (a reduce). */
static void linear_rule_should_fit_the_inputs_together(void **state)
{
    (void)state;
    enum { N = 200 };
    static double X[N * 2], Y[N];
    for (int i = 0; i < N; i++) {
        double a = 1.3 * sin(0.7 * i), b = cos(1.3 * i + 0.5);
        X[2 * i] = a;
        X[2 * i + 1] = a + 0.01 * b;
        Y[i] = b > 0;
    }
    /* XOR, then x1 again and a constant 5. */
    static double Xx[] = {0, 0, 0, 5, 0, 1, 0, 5, 1, 0, 1, 5, 1, 1, 1, 5};
    static double Yx[] = {0, 1, 1, 0};
    mlp_dataset sup = {.n_rows = N, .n_features = 2, .n_outputs = 1, .X = X, .Y = Y};
    mlp_dataset xor3 = {.n_rows = 4, .n_features = 4, .n_outputs = 1, .X = Xx, .Y = Yx};
    double c[300];
    for (int k = 0; k < 300; k++)
        c[k] = 0.6931;
    mlp_error err;
    for (int data = 0; data <= 1; data++)
        for (int reduced = 0; reduced <= 1; reduced++) {
            const mlp_dataset *rows = data ? &xor3 : &sup;
            size_t sizes[] = {rows->n_features, 1};
            mlp_activation acts[] = {MLP_ACT_SIGMOID};
            mlp_net *net = mlp_net_create(1, sizes, acts, MLP_LOSS_BINARY_CROSS_ENTROPY, &err);
            assert_non_null(net);
            memset(net->params, 0, net->n_params * sizeof *net->params);
            mlp_diagnose *d = fed(&ln2_opts, c, 300);
            int calls = 0;
            if (reduced)
                assert_int_equal(mlp_diagnose_correlations(d, net, rows, counting_reduce, &calls,
                                                           &err), MLP_OK);
            mlp_findings f;
            mlp_findings_init(&f);
            assert_int_equal(mlp_diagnose_finish(d, net, reduced ? NULL : rows, &f, &err),
                             MLP_OK);
            long at = mlp_findings_find(&f, "loss-at-chance");
            assert_true(at >= 0);
            const char *linear = strstr(f.items[at].hint, "no linear model does better");
            if (data)
                assert_non_null(linear);
            else
                assert_null(linear);
            mlp_findings_free(&f);
            mlp_diagnose_free(d);
            mlp_net_free(net);
        }
}

/* A hidden layer of 1 unit passes one number on: XOR on 2-1-1 tanh
 * stalled at 0.479 in 9 of --restarts 10, and was told to try other seeds.
 * Widening comes first; 2 units are not named. */
static void hints_should_name_a_hidden_layer_of_one_unit(void **state)
{
    (void)state;
    double p[300];
    for (int k = 0; k < 300; k++)
        p[k] = k < 100 ? 0.69 - 0.21 * k / 99.0 : 0.479 + 1e-4 * (k % 3);
    const char *widen = "widen the network: a hidden layer of 1 unit passes only one number on, "
                        "a bottleneck that other initial weights keep; give it more units, e.g. 8";
    fixture fx;
    mlp_findings f;
    make_xor(&fx, 1, MLP_ACT_TANH, 1);
    finish_curve(&ln2_opts, &fx, p, 300, &f);
    mlp_net_free(fx.net);
    assert_string_equal(f.items[0].code, "loss-plateau");
    assert_non_null(strstr(f.items[0].message, "training is stuck behind a hidden layer too "
                                               "narrow"));
    assert_string_equal(f.items[0].hint, widen);
    mlp_findings_free(&f);
    /* At chance, and the one class it predicts: the same first fix. */
    double c[300];
    for (int k = 0; k < 300; k++)
        c[k] = k < 100 ? 0.9 : 0.6931;
    make_xor(&fx, 2, MLP_ACT_TANH, 1);
    mlp_diagnose_options o = ln2_opts;
    o.inputs_small = 1;
    finish_curve(&o, &fx, c, 300, &f);
    mlp_net_free(fx.net);
    assert_int_equal(f.n, 2);
    assert_string_equal(f.items[0].hint, "the network is not using its inputs: widen the network: "
                                         "a hidden layer of 1 unit passes only one number on, a "
                                         "bottleneck that other initial weights keep; give it "
                                         "more units, e.g. 8");
    assert_string_equal(f.items[1].code, "one-class");
    assert_string_equal(f.items[1].hint + strlen("the output ignores the inputs: "), widen);
    mlp_findings_free(&f);
    /* Two units: a local minimum, other seeds. */
    make_xor(&fx, 1, MLP_ACT_TANH, 2);
    finish_curve(&ln2_opts, &fx, p, 300, &f);
    mlp_net_free(fx.net);
    assert_non_null(strstr(f.items[0].hint, "--seed"));
    mlp_findings_free(&f);
}

/* Raw inputs beyond 100 (x1 in 1000..5000): every finding of the run names
 * scaling first. A loss at chance from epoch 1 was told the rate may be too
 * small; after a blow-up (relu at 0.5) one-class and dead-relu named a
 * smaller rate, and at it the loss blew up again, one rate after another. */
static void hints_should_name_scaling_far_inputs_in_every_finding(void **state)
{
    (void)state;
    double c[300];
    for (int k = 0; k < 300; k++)
        c[k] = 0.6931;
    mlp_diagnose_options o = ln2_opts;
    o.inputs_far = 1;
    mlp_findings f;
    feed(&o, c, 300, &f);
    assert_string_equal(only(&f, "loss-at-chance")->hint,
                        "the network is not using its inputs, which reach far beyond 100: scale "
                        "them (\"normalize\": \"standard\"), then try another --seed");
    mlp_findings_free(&f);
    /* A plateau from epoch 1 too. */
    for (int k = 0; k < 300; k++)
        c[k] = 0.5;
    feed(&o, c, 300, &f);
    assert_non_null(strstr(only(&f, "loss-plateau")->hint, "scale them"));
    mlp_findings_free(&f);
    /* The loss blew up: loss-exploding, then every unit finding. */
    double up[300];
    for (int k = 0; k < 300; k++)
        up[k] = k == 0 ? 1023 : k == 1 ? 1.2e8 : 0.6931;
    feed(&o, up, 300, &f);
    const mlp_finding *x = &f.items[0];
    assert_string_equal(x->code, "loss-exploding");
    assert_non_null(strstr(x->message, ": the steps are too large"));
    assert_string_equal(x->hint, "scale the inputs (\"normalize\": \"standard\"): raw inputs "
                                 "beyond 100 make the steps large at any rate");
    mlp_findings_free(&f);
    fixture fx;
    make(&fx, MLP_ACT_RELU, 3);
    double *W = fx.net->layers[0].W, *b = fx.net->layers[0].b;
    W[0] = -1, W[1] = 1, W[2] = 1;
    b[0] = b[1] = b[2] = -10; /* all dead: the output is its bias */
    fx.net->layers[1].b[1] = 1.0;
    finish_curve(&o, &fx, up, 300, &f);
    mlp_net_free(fx.net);
    /* loss-exploding, loss-at-chance, one-class, dead-relu: each names
     * scaling, and none a rate. */
    assert_int_equal(f.n, 4);
    for (size_t i = 0; i < f.n; i++)
        if (!strstr(f.items[i].hint, "\"normalize\": \"standard\"") ||
            strstr(f.items[i].hint, "learning_rate"))
            fail_msg("%s: %s", f.items[i].code, f.items[i].hint);
    assert_true(mlp_findings_find(&f, "one-class") >= 0);
    assert_true(mlp_findings_find(&f, "dead-relu") >= 0);
    mlp_findings_free(&f);
    /* Saturated tanh units after a blow-up. */
    make(&fx, MLP_ACT_TANH, 2);
    fx.net->layers[0].W[0] = 100;
    fx.net->layers[0].W[1] = -100;
    fx.net->layers[1].W[0] = -1;
    fx.net->layers[1].W[3] = -1;
    finish_curve(&o, &fx, up, 300, &f);
    mlp_net_free(fx.net);
    int s = mlp_findings_find(&f, "saturated");
    assert_true(s >= 0);
    assert_true(strncmp(f.items[s].hint, "scale the inputs (\"normalize\": \"standard\")", 42) ==
                0);
    mlp_findings_free(&f);
}

static void diagnosis_should_report_every_row_in_one_class(void **state)
{
    (void)state;
    fixture fx;
    make(&fx, MLP_ACT_LINEAR, 1);
    /* Output biases 0 and 1, no weights: every row says "pos". */
    mlp_layer *out = &fx.net->layers[1];
    out->b[1] = 1.0;
    fx.net->layers[0].W[0] = 1.0;
    mlp_findings f;
    finish_on(&fx, &f);
    const mlp_finding *x = only(&f, "one-class");
    assert_string_equal(x->message, "all 4 rows are predicted as class \"pos\", though the "
                                    "targets hold 2 classes");
    /* softmax with cross_entropy already: the hint does not ask to check it. */
    assert_string_equal(x->hint, "the output ignores the inputs: normalise the features "
                                 "(\"normalize\": \"standard\")");
    mlp_findings_free(&f);
    /* mse on the softmax: the pair is named. */
    size_t sizes[] = {1, 1, 2};
    mlp_activation acts[] = {MLP_ACT_LINEAR, MLP_ACT_SOFTMAX};
    mlp_error err;
    make(&fx, MLP_ACT_LINEAR, 1);
    mlp_net_free(fx.net);
    fx.net = mlp_net_create(2, sizes, acts, MLP_LOSS_MSE, &err);
    assert_non_null(fx.net);
    memset(fx.net->params, 0, fx.net->n_params * sizeof *fx.net->params);
    fx.net->layers[1].b[1] = 1.0;
    finish_on(&fx, &f);
    assert_string_equal(only(&f, "one-class")->hint,
                        "the output ignores the inputs: check that the output layer and loss suit "
                        "classification (softmax with cross_entropy, sigmoid with "
                        "binary_cross_entropy), then normalise the features");
    mlp_findings_free(&f);
    /* Inputs within +-1 (XOR's 0/1) are what normalising would give: not
     * the cure (XOR at rate 0.001 was told to normalise them); nor with
     * inputs standardised, nor after given weights, another --seed. */
    int *flags[] = {&fixture_inputs_small, &fixture_standardized};
    for (size_t k = 0; k < 2; k++) {
        make(&fx, MLP_ACT_LINEAR, 1);
        fx.net->layers[1].b[1] = 1.0;
        fx.net->layers[0].W[0] = 1.0;
        *flags[k] = 1;
        fixture_init_given = (int)k;
        finish_on(&fx, &f);
        *flags[k] = 0;
        fixture_init_given = 0;
        assert_string_equal(only(&f, "one-class")->hint,
                            k == 0 ? "the output ignores the inputs: try another --seed (or "
                                     "--restarts 10), then a smaller learning_rate"
                                   : "the output ignores the inputs: train without "
                                     "--init-weights, from random initial weights, with "
                                     "--restarts 10 to keep the best of 10 runs, then a smaller "
                                     "learning_rate");
        mlp_findings_free(&f);
    }
    /* Trials showed the rate too small: that rate, the run's one. */
    make(&fx, MLP_ACT_LINEAR, 1);
    fx.net->layers[1].b[1] = 1.0;
    fx.net->layers[0].W[0] = 1.0;
    fixture_inputs_small = 1;
    fixture_stable = 46.4159;
    finish_on(&fx, &f);
    fixture_inputs_small = 0;
    fixture_stable = 0;
    assert_string_equal(only(&f, "one-class")->hint,
                        "the output ignores the inputs: the learning rate 0.5 is too small to "
                        "leave chance level: 20-epoch trials from the same initial weights were "
                        "stable up to rate 46.4159; try learning_rate 4.64159, with --restarts 10 "
                        "to keep the best of 10 runs");
    mlp_findings_free(&f);
    /* The same network after a run too short to judge (a --trace of epoch
     * 1), or one stopped before its end, is not judged on its classes. */
    long short_runs[] = {1, MLP_DIAG_MIN_EPOCHS - 1};
    for (size_t k = 0; k < 2; k++) {
        make(&fx, MLP_ACT_LINEAR, 1);
        fx.net->layers[1].b[1] = 1.0;
        fx.net->layers[0].W[0] = 1.0;
        finish_after(&fx, short_runs[k], 0, &f);
        expect_none(&f);
        mlp_findings_free(&f);
    }
    make(&fx, MLP_ACT_LINEAR, 1);
    fx.net->layers[1].b[1] = 1.0;
    fx.net->layers[0].W[0] = 1.0;
    finish_after(&fx, 1000, 1, &f);
    expect_none(&f);
    mlp_findings_free(&f);
    /* Weights that follow the sign of x: both classes predicted. */
    make(&fx, MLP_ACT_LINEAR, 1);
    fx.net->layers[0].W[0] = 1.0;
    fx.net->layers[1].W[0] = -1.0;
    fx.net->layers[1].W[1] = 1.0;
    finish_on(&fx, &f);
    expect_none(&f);
    mlp_findings_free(&f);
}

/* The curve is judged on its last epoch, not on the model kept: early
 * stopping keeps an earlier epoch's weights, whose training loss is above
 * the later epochs' (overfitting, not a rate too large), and a data-parallel
 * run, which has no final pass, must judge the same. Here the kept net says
 * 0.5 to every row (loss ln 2) while the curve fell to 0.1: no loss-rose. */
static void diagnosis_should_judge_the_curve_not_the_model_kept(void **state)
{
    (void)state;
    fixture fx;
    make(&fx, MLP_ACT_TANH, 2);
    memset(fx.net->params, 0, fx.net->n_params * sizeof *fx.net->params);
    mlp_diagnose_options o = ln2_opts;
    mlp_error err;
    mlp_diagnose *d = mlp_diagnose_create(&o, &err);
    assert_non_null(d);
    for (long k = 1; k <= 200; k++) {
        mlp_epoch_stats st = {.epoch = k, .loss = 0.69 - 0.59 * (double)(k - 1) / 199.0};
        mlp_diagnose_epoch(d, &st);
    }
    mlp_findings f;
    mlp_findings_init(&f);
    assert_int_equal(mlp_diagnose_finish(d, fx.net, &fx.data, &f, &err), MLP_OK);
    assert_int_equal(mlp_findings_find(&f, "loss-rose"), -1);
    mlp_findings_free(&f);
    mlp_diagnose_free(d);
    mlp_net_free(fx.net);
}

static void diagnosis_should_report_saturated_units(void **state)
{
    (void)state;
    fixture fx;
    /* Two tanh units with weights +-100: |x| >= 0.5 gives 1 - A^2 < 1e-40. */
    make(&fx, MLP_ACT_TANH, 2);
    fx.net->layers[0].W[0] = 100;
    fx.net->layers[0].W[1] = -100;
    fx.net->layers[1].W[0] = -1; /* out 0 <- unit 0 */
    fx.net->layers[1].W[3] = -1; /* out 1 <- unit 1 */
    mlp_findings f;
    finish_on(&fx, &f);
    const mlp_finding *x = only(&f, "saturated");
    assert_true(x->measured == 1.0);
    assert_non_null(strstr(x->message, "100% of the tanh hidden units (2 of 2)"));
    assert_non_null(strstr(x->hint, "scale the inputs (\"normalize\": \"standard\"), then "));
    mlp_findings_free(&f);
    /* Raw inputs beyond 100 saturate units from the first step: scaling
     * alone is the cure (wine with sigmoid units: 62.9% raw, 96.1% scaled
     * at the same rate, 33.1% scaled at a tenth of it). */
    make(&fx, MLP_ACT_TANH, 2);
    fx.net->layers[0].W[0] = 100;
    fx.net->layers[0].W[1] = -100;
    fx.net->layers[1].W[0] = -1;
    fx.net->layers[1].W[3] = -1;
    fixture_inputs_far = 1;
    finish_on(&fx, &f);
    fixture_inputs_far = 0;
    assert_string_equal(only(&f, "saturated")->hint,
                        "scale the inputs (\"normalize\": \"standard\"): raw inputs beyond 100 "
                        "push the units into saturation from the start");
    mlp_findings_free(&f);
    /* Inputs within +-1 (XOR's 0/1) are what scaling would give: XOR at
     * rate 50 was told to scale them. The rate grew the weights. */
    make(&fx, MLP_ACT_TANH, 2);
    fx.net->layers[0].W[0] = 100;
    fx.net->layers[0].W[1] = -100;
    fx.net->layers[1].W[0] = -1;
    fx.net->layers[1].W[3] = -1;
    fixture_inputs_small = 1;
    finish_on(&fx, &f);
    fixture_inputs_small = 0;
    x = only(&f, "saturated");
    assert_null(strstr(x->hint, "scale the inputs"));
    assert_string_equal(x->hint, "the inputs are within +-1 already, so the weights grew large: "
                                 "try learning_rate 0.05");
    mlp_findings_free(&f);
    /* A fit (the loss far below chance) with saturated units: nothing to
     * cure (XOR standardised at rate 5 fits at 0.000367, and was warned). */
    make(&fx, MLP_ACT_TANH, 2);
    fx.net->layers[0].W[0] = 100;
    fx.net->layers[0].W[1] = -100;
    fx.net->layers[1].W[0] = -1;
    fx.net->layers[1].W[3] = -1;
    fixture_chance = 1e9;
    finish_on(&fx, &f);
    fixture_chance = NAN;
    expect_none(&f);
    mlp_findings_free(&f);
    /* One saturated unit of three is 33%, under half. A unit with weight 2
     * has 1 - tanh(1)^2 = 0.42 at x = +-0.5. */
    make(&fx, MLP_ACT_SIGMOID, 3);
    fx.net->layers[0].W[0] = 100;
    fx.net->layers[0].W[1] = 2;
    fx.net->layers[0].W[2] = -2;
    fx.net->layers[1].W[0] = -1;
    fx.net->layers[1].W[3] = 1;
    finish_on(&fx, &f);
    expect_none(&f);
    mlp_findings_free(&f);
}

/* The verdict on one activation value, at either side of the thresholds the
 * diagnosis uses (MLP_DIAG_SATURATION_SLOPE = 0.01): tanh 1 - a^2 and
 * sigmoid a (1 - a), relu a <= 0; never for the other activations. */
static void unit_flat_should_follow_the_diagnosis_thresholds(void **state)
{
    (void)state;
    assert_true(MLP_DIAG_SATURATION_SLOPE == 0.01);
    assert_int_equal(mlp_diagnose_unit_flat(MLP_ACT_TANH, 0.999), 1);   /* 0.002 */
    assert_int_equal(mlp_diagnose_unit_flat(MLP_ACT_TANH, -0.999), 1);
    assert_int_equal(mlp_diagnose_unit_flat(MLP_ACT_TANH, 0.99), 0);    /* 0.0199 */
    assert_int_equal(mlp_diagnose_unit_flat(MLP_ACT_SIGMOID, 0.995), 1); /* 0.004975 */
    assert_int_equal(mlp_diagnose_unit_flat(MLP_ACT_SIGMOID, 0.001), 1);
    assert_int_equal(mlp_diagnose_unit_flat(MLP_ACT_SIGMOID, 0.98), 0); /* 0.0196 */
    assert_int_equal(mlp_diagnose_unit_flat(MLP_ACT_RELU, 0.0), 1);
    assert_int_equal(mlp_diagnose_unit_flat(MLP_ACT_RELU, 1e-300), 0);
    assert_int_equal(mlp_diagnose_unit_flat(MLP_ACT_LEAKY_RELU, 0.0), 0);
    assert_int_equal(mlp_diagnose_unit_flat(MLP_ACT_LINEAR, 0.0), 0);
}

static void diagnosis_should_report_dead_relu_units(void **state)
{
    (void)state;
    fixture fx;
    /* Three relu units; unit 2 has bias -10 and weight 1: dead for |x| <= 1.
     * 1 of 3 is 33% >= 30%. */
    make(&fx, MLP_ACT_RELU, 3);
    double *W = fx.net->layers[0].W, *b = fx.net->layers[0].b;
    W[0] = -1, W[1] = 1, W[2] = 1, b[2] = -10;
    fx.net->layers[1].W[0] = 1;  /* out 0 <- unit 0 (x < 0) */
    fx.net->layers[1].W[4] = 1;  /* out 1 <- unit 1 (x > 0) */
    mlp_findings f;
    finish_on(&fx, &f);
    const mlp_finding *x = only(&f, "dead-relu");
    assert_true(fabs(x->measured - 1.0 / 3.0) < 1e-15);
    assert_true(x->threshold == MLP_DIAG_DEAD_SHARE);
    assert_string_equal(x->hint, "try learning_rate 0.05, or use \"leaky_relu\", whose slope "
                                 "below 0 keeps units alive");
    mlp_findings_free(&f);
    /* Raw inputs beyond 100 (breast cancer's areas): units dead from the
     * start, which no rate revives; the hint is to scale them (a smaller
     * rate made the run worse and said the same again). */
    make(&fx, MLP_ACT_RELU, 3);
    W = fx.net->layers[0].W, b = fx.net->layers[0].b;
    W[0] = -1, W[1] = 1, W[2] = 1, b[2] = -10;
    fx.net->layers[1].W[0] = 1;
    fx.net->layers[1].W[4] = 1;
    fixture_inputs_far = 1;
    finish_on(&fx, &f);
    fixture_inputs_far = 0;
    assert_string_equal(only(&f, "dead-relu")->hint,
                        "scale the inputs (\"normalize\": \"standard\"): raw inputs beyond 100 "
                        "push units below 0 on every row from the start; or use \"leaky_relu\", "
                        "whose slope below 0 keeps units alive");
    mlp_findings_free(&f);
    /* Bias -0.75: alive on x = 1. */
    make(&fx, MLP_ACT_RELU, 3);
    W = fx.net->layers[0].W, b = fx.net->layers[0].b;
    W[0] = -1, W[1] = 1, W[2] = 1, b[2] = -0.75;
    fx.net->layers[1].W[0] = 1;
    fx.net->layers[1].W[4] = 1;
    finish_on(&fx, &f);
    expect_none(&f);
    mlp_findings_free(&f);
}

/* A run from --init-weights keeps its weights file's normalisation (a spec
 * that changes it is refused): the hints that said to normalise say to
 * train without the weights file, with "normalize": "standard". */
static void hints_should_not_tell_a_run_from_given_weights_to_normalise(void **state)
{
    (void)state;
    const char *without = "training without --init-weights, whose file keeps its own scaling";
    fixture fx;
    mlp_findings f;
    fixture_init_given = 1;
    /* one-class, softmax with cross_entropy, inputs not scaled */
    make(&fx, MLP_ACT_LINEAR, 1);
    fx.net->layers[1].b[1] = 1.0;
    fx.net->layers[0].W[0] = 1.0;
    finish_on(&fx, &f);
    assert_string_equal(only(&f, "one-class")->hint,
                        "the output ignores the inputs: scale the inputs (\"normalize\": "
                        "\"standard\", training without --init-weights, whose file keeps its own "
                        "scaling)");
    mlp_findings_free(&f);
    /* saturated units, and with raw inputs beyond 100 */
    for (int far = 0; far <= 1; far++) {
        make(&fx, MLP_ACT_TANH, 2);
        fx.net->layers[0].W[0] = 100;
        fx.net->layers[0].W[1] = -100;
        fx.net->layers[1].W[0] = -1;
        fx.net->layers[1].W[3] = -1;
        fixture_inputs_far = far;
        finish_on(&fx, &f);
        const char *hint = only(&f, "saturated")->hint;
        if (!strstr(hint, without))
            fail_msg("saturated (far %d): %s", far, hint);
        mlp_findings_free(&f);
    }
    /* dead relu units from raw inputs beyond 100 */
    make(&fx, MLP_ACT_RELU, 3);
    double *W = fx.net->layers[0].W, *b = fx.net->layers[0].b;
    W[0] = -1, W[1] = 1, W[2] = 1, b[2] = -10;
    fx.net->layers[1].W[0] = 1;
    fx.net->layers[1].W[4] = 1;
    finish_on(&fx, &f);
    assert_non_null(strstr(only(&f, "dead-relu")->hint, without));
    mlp_findings_free(&f);
    fixture_inputs_far = 0;
    fixture_init_given = 0;
}

/* Targets far from the outputs' scale: every message of the run names the
 * cure the pre-flight's target-scale and the error of a diverged run name,
 * dividing the targets, not a smaller rate (diabetes' targets 25 to 346:
 * "try learning_rate 0.01" beside "divide them by 100"). */
static void hints_should_name_dividing_far_targets_in_every_message(void **state)
{
    (void)state;
    double up[] = {1.0, 0.9, 0.8, 0.7, 0.6, 6.0, 7.0, 8.0};
    double rose[60];
    for (int k = 0; k < 60; k++)
        rose[k] = k < 30 ? 0.6 - 0.4 * k / 29.0 : 0.2 + 0.2 * (k - 29) / 30.0;
    mlp_diagnose_options o = ln2_opts;
    o.target_divisor = 100;
    o.advice = (mlp_rate_advice){.rate = 0.01}; /* the trial's, which no message names now */
    mlp_findings f;
    feed(&o, up, 8, &f);
    const mlp_finding *x = only(&f, "loss-exploding");
    assert_string_equal(x->hint, "divide the targets by 100, and multiply the predictions by it");
    assert_non_null(strstr(x->message, ": the steps are too large"));
    mlp_findings_free(&f);
    feed(&o, rose, 60, &f);
    assert_string_equal(only(&f, "loss-rose")->hint,
                        "divide the targets by 100, and multiply the predictions by it");
    mlp_findings_free(&f);
    /* saturated units */
    fixture fx;
    make(&fx, MLP_ACT_TANH, 2);
    fx.net->layers[0].W[0] = 100;
    fx.net->layers[0].W[1] = -100;
    fx.net->layers[1].W[0] = -1;
    fx.net->layers[1].W[3] = -1;
    fixture_divisor = 1000;
    finish_on(&fx, &f);
    fixture_divisor = 0;
    assert_string_equal(only(&f, "saturated")->hint,
                        "divide the targets by 1000, whose errors made the steps large, and "
                        "multiply the predictions by it");
    mlp_findings_free(&f);
}

/* Targets far from the outputs' scale and raw inputs far beyond 100 in one
 * run: each hint names both cures. House prices (6981 to 13232) by area
 * (500 to 3500) were told only "divide the targets by 10000" by
 * loss-at-chance and saturated, and only the next run, the targets divided,
 * said to scale the inputs too. */
static void hints_should_name_both_cures_when_targets_and_inputs_are_far(void **state)
{
    (void)state;
    static const char also[] = "; also scale the inputs (\"normalize\": \"standard\"): raw "
                               "inputs beyond 100 make the steps large too";
    char want[512];
    double c[300];
    for (int k = 0; k < 300; k++)
        c[k] = k < 100 ? 0.9 : 0.6931; /* at chance */
    mlp_diagnose_options o = ln2_opts;
    o.target_divisor = 10000;
    o.inputs_far = 1;
    mlp_findings f;
    feed(&o, c, 300, &f);
    snprintf(want, sizeof want, "the targets are far from the outputs' starting scale: divide "
                                "them by 10000, and multiply the predictions by it%s", also);
    assert_string_equal(only(&f, "loss-at-chance")->hint, want);
    mlp_findings_free(&f);
    /* loss-rose names the steps' cure (next_step): both */
    double rose[60];
    for (int k = 0; k < 60; k++)
        rose[k] = k < 30 ? 0.6 - 0.4 * k / 29.0 : 0.2 + 0.2 * (k - 29) / 30.0;
    feed(&o, rose, 60, &f);
    snprintf(want, sizeof want, "divide the targets by 10000, and multiply the predictions by it%s",
             also);
    assert_string_equal(only(&f, "loss-rose")->hint, want);
    mlp_findings_free(&f);
    /* Only the targets far: the hint as before. */
    o.inputs_far = 0;
    feed(&o, c, 300, &f);
    assert_string_equal(only(&f, "loss-at-chance")->hint,
                        "the targets are far from the outputs' starting scale: divide them by "
                        "10000, and multiply the predictions by it");
    mlp_findings_free(&f);
    /* saturated units */
    fixture fx;
    make(&fx, MLP_ACT_TANH, 2);
    fx.net->layers[0].W[0] = 100;
    fx.net->layers[0].W[1] = -100;
    fx.net->layers[1].W[0] = -1;
    fx.net->layers[1].W[3] = -1;
    fixture_divisor = 10000;
    fixture_inputs_far = 1;
    finish_on(&fx, &f);
    snprintf(want, sizeof want, "divide the targets by 10000, whose errors made the steps large, "
                                "and multiply the predictions by it%s", also);
    assert_string_equal(only(&f, "saturated")->hint, want);
    mlp_findings_free(&f);
    /* dead relu units */
    make(&fx, MLP_ACT_RELU, 3);
    double *W = fx.net->layers[0].W, *b = fx.net->layers[0].b;
    W[0] = -1, W[1] = 1, W[2] = 1, b[2] = -10;
    fx.net->layers[1].W[0] = 1;
    fx.net->layers[1].W[4] = 1;
    finish_on(&fx, &f);
    assert_string_equal(only(&f, "dead-relu")->hint,
                        "scale the inputs (\"normalize\": \"standard\"): raw inputs beyond 100 "
                        "push units below 0 on every row from the start; also divide the targets "
                        "by 10000, and multiply the predictions by it: their errors make the "
                        "steps large too");
    mlp_findings_free(&f);
    fixture_divisor = 0;
    fixture_inputs_far = 0;
}

/* The training run's final evaluation stands for the final pass
 * (mlp_diagnose_watch): 20,000 rows, so that the evaluation runs on 2 lanes,
 * through the dead-relu net above. The findings are those of a pass of its
 * own; no second pass is made (seen by changing the rows in place after the
 * evaluation, which the contract forbids: the findings stay those of the
 * rows evaluated, with no one-class, which the rows now would give); and weights changed after the evaluation are not taken
 * for it: finish makes its own pass. */
static void findings_of(mlp_net *net, const mlp_dataset *data, int watch, int change,
                        mlp_findings *out)
{
    static char *labels[] = {"neg", "pos"};
    mlp_diagnose_options o = ln2_opts;
    o.chance_loss = NAN;
    o.labels = labels;
    o.n_labels = 2;
    mlp_error err;
    mlp_diagnose *d = mlp_diagnose_create(&o, &err);
    assert_non_null(d);
    for (long k = 1; k <= MLP_DIAG_MIN_EPOCHS; k++) {
        mlp_epoch_stats s = {.epoch = k, .loss = 0.5};
        mlp_diagnose_epoch(d, &s);
    }
    if (watch) {
        assert_int_equal(mlp_diagnose_watch(d, net, data, 2, &err), MLP_OK);
        mlp_workspace_options wo = {.chunk_rows = 512, .threads = 2};
        mlp_workspace *ws = mlp_workspace_create_with(net, &wo, &err);
        assert_non_null(ws);
        mlp_net_evaluate_each(net, ws, data->X, data->Y, data->n_rows, 1,
                              mlp_diagnose_final_chunk, d);
        mlp_workspace_free(ws);
    }
    if (change == 1) /* the rows: every x = 20 wakes unit 2 (b = -10) */
        for (size_t r = 0; r < data->n_rows; r++)
            data->X[r] = 20.0;
    if (change == 2) /* the weights: bias -0.75, alive on x near 1 */
        net->layers[0].b[2] = -0.75;
    mlp_findings_init(out);
    assert_int_equal(mlp_diagnose_finish(d, net, data, out, &err), MLP_OK);
    mlp_diagnose_free(d);
}

static void watched_evaluation_should_stand_for_the_final_pass(void **state)
{
    (void)state;
    enum { N = 20000 };
    static double X[N], Y[2 * N];
    mlp_dataset data = {.n_rows = N, .n_features = 1, .n_outputs = 2, .X = X, .Y = Y};
    fixture fx;
    for (int with = 0; with < 2; with++) {
        for (int change = 0; change < 3; change++) {
            for (size_t r = 0; r < N; r++) {
                X[r] = -1.0 + 2.0 * (double)r / (N - 1);
                Y[2 * r] = X[r] < 0, Y[2 * r + 1] = X[r] >= 0;
            }
            make(&fx, MLP_ACT_RELU, 3);
            double *W = fx.net->layers[0].W, *b = fx.net->layers[0].b;
            W[0] = -1, W[1] = 1, W[2] = 1, b[2] = -10;
            fx.net->layers[1].W[0] = 1;
            fx.net->layers[1].W[4] = 1;
            mlp_findings f;
            findings_of(fx.net, &data, with, change, &f);
            if (change == 0 || (change == 1 && with)) {
                /* the pass of the rows before the change, own or watched */
                const mlp_finding *x = only(&f, "dead-relu");
                assert_true(fabs(x->measured - 1.0 / 3.0) < 1e-15);
            } else if (change == 1) {
                /* its own pass over the rows now: every x = 20 is class
                 * "pos" (and kills unit 0 instead of unit 2) */
                assert_int_equal(f.n, 2);
                assert_string_equal(f.items[0].code, "one-class");
                assert_string_equal(f.items[1].code, "dead-relu");
            } else {
                /* its own pass with the weights now */
                expect_none(&f);
            }
            mlp_findings_free(&f);
            mlp_net_free(fx.net);
        }
    }
}

/* ------------------------------------------------------------------------ */

static void chance_should_be_the_loss_of_the_best_constant_output(void **state)
{
    (void)state;
    int lnk;
    /* Three balanced classes: ln 3. */
    const double T3[] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    assert_true(fabs(mlp_diagnose_chance(MLP_LOSS_CROSS_ENTROPY, T3, 3, 3, &lnk) - log(3.0)) < 1e-15);
    assert_int_equal(lnk, 1);
    /* Priors 1/2, 1/4, 1/4: 0.5 ln 2 + 0.5 ln 4 = 1.5 ln 2. */
    const double T4[] = {1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1};
    assert_true(fabs(mlp_diagnose_chance(MLP_LOSS_CROSS_ENTROPY, T4, 4, 3, &lnk) -
                     1.5 * log(2.0)) < 1e-15);
    assert_int_equal(lnk, 0);
    /* One binary unit, mean 1/4: -(1/4 ln 1/4 + 3/4 ln 3/4). */
    const double B[] = {0, 0, 0, 1};
    double want = -(0.25 * log(0.25) + 0.75 * log(0.75));
    assert_true(fabs(mlp_diagnose_chance(MLP_LOSS_BINARY_CROSS_ENTROPY, B, 4, 1, &lnk) - want) <
                1e-15);
    assert_int_equal(lnk, 0);
    const double B2[] = {0, 1, 1, 0};
    assert_true(fabs(mlp_diagnose_chance(MLP_LOSS_BINARY_CROSS_ENTROPY, B2, 4, 1, &lnk) -
                     log(2.0)) < 1e-15);
    assert_int_equal(lnk, 1);
    /* mse: the variance, 0 1 2 3 -> mean 1.5, variance 1.25; second column constant. */
    const double M[] = {0, 7, 1, 7, 2, 7, 3, 7};
    assert_true(fabs(mlp_diagnose_chance(MLP_LOSS_MSE, M, 4, 2, &lnk) - 0.625) < 1e-15);
    assert_int_equal(lnk, 0);
    assert_true(isnan(mlp_diagnose_chance(MLP_LOSS_MSE, M, 0, 2, NULL)));
}

static void diagnosis_should_report_out_of_memory(void **state)
{
    (void)state;
    mlp_error err;
    mlp_alloc_fail_after(2);
    assert_null(mlp_diagnose_create(&ln2_opts, &err));
    mlp_alloc_fail_after(0);
    assert_int_equal(err.code, MLP_ERR_NOMEM);
    fixture fx;
    make(&fx, MLP_ACT_RELU, 2);
    for (long n = 1; n <= 4; n++) {
        mlp_diagnose *d = mlp_diagnose_create(&ln2_opts, &err);
        mlp_findings f;
        mlp_findings_init(&f);
        mlp_alloc_fail_after(n);
        mlp_status st = mlp_diagnose_finish(d, fx.net, &fx.data, &f, &err);
        mlp_alloc_fail_after(0);
        assert_int_equal(st, MLP_ERR_NOMEM);
        mlp_findings_free(&f);
        mlp_diagnose_free(d);
    }
    mlp_net_free(fx.net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(diagnosis_should_stay_silent_on_a_healthy_curve),
        cmocka_unit_test(diagnosis_should_report_an_exploding_loss_at_once),
        cmocka_unit_test(diagnosis_should_report_a_loss_back_above_its_start),
        cmocka_unit_test(diagnosis_should_not_call_a_slow_rise_exploding),
        cmocka_unit_test(diagnosis_should_report_a_loss_that_ended_twice_its_lowest),
        cmocka_unit_test(diagnosis_should_name_the_one_advised_rate),
        cmocka_unit_test(diagnosis_should_report_a_loss_at_chance),
        cmocka_unit_test(diagnosis_should_report_a_plateau_above_zero),
        cmocka_unit_test(target_divisor_should_be_a_power_of_ten_for_large_targets),
        cmocka_unit_test(hints_should_follow_the_targets_and_the_inputs),
        cmocka_unit_test(hints_should_name_the_cause_a_run_shows),
        cmocka_unit_test(a_run_inside_its_warmup_should_be_told_so),
        cmocka_unit_test(a_stretch_past_the_warmup_should_not_be_a_decay),
        cmocka_unit_test(a_rate_too_small_should_be_the_rate_reached),
        cmocka_unit_test(batches_should_start_at_the_initial_weights_loss),
        cmocka_unit_test(hints_should_name_a_larger_rate_when_trials_show_it_too_small),
        cmocka_unit_test(trials_at_chance_should_not_call_a_saturating_rate_too_small),
        cmocka_unit_test(hints_should_not_offer_seeds_to_a_run_from_given_weights),
        cmocka_unit_test(diagnosis_should_allow_the_noise_of_mini_batches),
        cmocka_unit_test(diagnosis_should_report_a_loss_still_falling_fast),
        cmocka_unit_test(diagnosis_should_not_call_a_curve_that_came_back_still_falling),
        cmocka_unit_test(diagnosis_should_call_a_plateau_after_the_best_validation_converged),
        cmocka_unit_test(diagnosis_should_say_seeds_do_not_help_only_where_most_runs_reached),
        cmocka_unit_test(diagnosis_should_keep_judging_past_its_history),
        cmocka_unit_test(diagnosis_should_report_every_row_in_one_class),
        cmocka_unit_test(diagnosis_should_name_an_l2_that_holds_the_weights),
        cmocka_unit_test(diagnosis_should_judge_the_curve_not_the_model_kept),
        cmocka_unit_test(diagnosis_should_report_saturated_units),
        cmocka_unit_test(hints_should_not_tell_a_run_from_given_weights_to_normalise),
        cmocka_unit_test(hints_should_name_dividing_far_targets_in_every_message),
        cmocka_unit_test(hints_should_name_both_cures_when_targets_and_inputs_are_far),
        cmocka_unit_test(diagnosis_should_report_dead_relu_units),
        cmocka_unit_test(hints_should_name_a_linear_network_on_uncorrelated_targets),
        cmocka_unit_test(one_class_should_name_a_stall_as_the_curve_did),
        cmocka_unit_test(plateau_above_chance_should_name_the_rate_before_a_linear_net),
        cmocka_unit_test(regression_plateau_should_measure_the_least_squares_fit),
        cmocka_unit_test(narrow_linear_plateau_should_not_be_measured_by_the_full_fit),
        cmocka_unit_test(refit_should_measure_the_best_fit_on_the_curves_rows),
        cmocka_unit_test(reduce_sums_should_add_up_every_process_in_chunks),
        cmocka_unit_test(correlations_should_stand_for_rows_finish_lacks),
        cmocka_unit_test(linear_rule_should_fit_the_inputs_together),
        cmocka_unit_test(hints_should_name_a_hidden_layer_of_one_unit),
        cmocka_unit_test(hints_should_name_scaling_far_inputs_in_every_finding),
        cmocka_unit_test(watched_evaluation_should_stand_for_the_final_pass),
        cmocka_unit_test(unit_flat_should_follow_the_diagnosis_thresholds),
        cmocka_unit_test(chance_should_be_the_loss_of_the_best_constant_output),
        cmocka_unit_test(diagnosis_should_report_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
