/* SPDX-License-Identifier: MIT */
/* test_lrscan.c: learning-rate trials on a problem whose gradient descent
 * is solved by hand. One linear unit, y = w x + b, mse, one row x = 1,
 * t = 0, from w = 0.5, b = 0: the error e = w + b - t follows
 * e <- e (1 - 4 lr) each epoch, so the loss of epoch k is
 * 0.25 (1 - 4 lr)^(2 (k - 1)): stable below lr = 0.5, exact at 0.25,
 * constant at 0.5 and growing beyond. */
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
#include "mlp/lrscan.h"

static double X1[] = {1}, T1[] = {0};
static const mlp_dataset one_row = {.n_rows = 1, .n_features = 1, .n_outputs = 1, .X = X1, .Y = T1};

static mlp_net *line(void)
{
    size_t sizes[] = {1, 1};
    mlp_activation acts[] = {MLP_ACT_LINEAR};
    mlp_error err;
    mlp_net *net = mlp_net_create(1, sizes, acts, MLP_LOSS_MSE, &err);
    assert_non_null(net);
    net->params[0] = 0.5;
    net->params[1] = 0.0;
    return net;
}

static double loss_at(double lr, long k)
{
    return 0.25 * pow(1 - 4 * lr, 2.0 * (double)(k - 1));
}

/* ------------------------------------------------------------------------ */

static void parse_should_read_lo_hi_and_n(void **state)
{
    (void)state;
    mlp_lrscan_options o = {.epochs = 9};
    mlp_error err;
    assert_int_equal(mlp_lrscan_parse("0.001:1:7", &o, &err), MLP_OK);
    assert_true(o.lo == 0.001 && o.hi == 1 && o.n == 7 && o.epochs == 9);
    /* Without N: 3 per decade plus one, 5 decades -> 16. */
    assert_int_equal(mlp_lrscan_parse("1e-4:10", &o, &err), MLP_OK);
    assert_int_equal(o.n, 16);
    /* Less than a decade still gives both ends. */
    assert_int_equal(mlp_lrscan_parse("0.1:0.12", &o, &err), MLP_OK);
    assert_int_equal(o.n, 2);
    /* 1e-300:1e300 would be 1801: capped. */
    assert_int_equal(mlp_lrscan_parse("1e-300:1e300", &o, &err), MLP_OK);
    assert_int_equal(o.n, MLP_LRSCAN_MAX_RATES);
    /* N is a whole number however written, as --epochs 2e0 is (it was
     * refused: strtol stopped at the "e"). */
    assert_int_equal(mlp_lrscan_parse("0.1:1:2e0", &o, &err), MLP_OK);
    assert_int_equal(o.n, 2);
    assert_int_equal(mlp_lrscan_parse("0.1:1:7.0", &o, &err), MLP_OK);
    assert_int_equal(o.n, 7);
}

static void parse_should_reject_what_is_not_a_scan(void **state)
{
    (void)state;
    static const struct {
        const char *text, *message;
    } bad[] = {
        {"0.1", "--lr-scan needs LO:HI or LO:HI:N, not \"0.1\""},
        {"a:1", "--lr-scan needs LO:HI or LO:HI:N, not \"a:1\""},
        {"0.1:", "--lr-scan needs LO:HI or LO:HI:N, not \"0.1:\""},
        {"0.1:1e999", "--lr-scan needs LO:HI or LO:HI:N, not \"0.1:1e999\""},
        {"1:0.5", "--lr-scan needs LO:HI or LO:HI:N with 0 < LO < HI, not \"1:0.5\""},
        {"0:1", "--lr-scan needs LO:HI or LO:HI:N with 0 < LO < HI, not \"0:1\""},
        {"0.1:1:1", "--lr-scan needs LO:HI or LO:HI:N with N from 2 to 64, not \"0.1:1:1\""},
        {"0.1:1:65", "--lr-scan needs LO:HI or LO:HI:N with N from 2 to 64, not \"0.1:1:65\""},
        {"0.1:1:x", "--lr-scan needs LO:HI or LO:HI:N with N from 2 to 64, not \"0.1:1:x\""},
        {"0.1:1:", "--lr-scan needs LO:HI or LO:HI:N with N from 2 to 64, not \"0.1:1:\""},
        {"0.1:1:5:7", "--lr-scan needs LO:HI or LO:HI:N with N from 2 to 64, not \"0.1:1:5:7\""},
        {"0.1:1:2.5", "--lr-scan needs LO:HI or LO:HI:N with N from 2 to 64, not \"0.1:1:2.5\""},
        {"0.1:1:0x8", "--lr-scan needs LO:HI or LO:HI:N with N from 2 to 64, not \"0.1:1:0x8\""},
        {"0.1:1:nan", "--lr-scan needs LO:HI or LO:HI:N with N from 2 to 64, not \"0.1:1:nan\""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mlp_lrscan_options o = {0};
        mlp_error err;
        assert_int_equal(mlp_lrscan_parse(bad[i].text, &o, &err), MLP_ERR_USAGE);
        assert_string_equal(err.message, bad[i].message);
        assert_string_equal(err.hint, "for example --lr-scan 1e-4:10 or --lr-scan 0.001:1:7");
    }
}

static void trial_should_follow_the_hand_solved_descent(void **state)
{
    (void)state;
    mlp_net *net = line();
    mlp_error err;
    mlp_lrscan_trial t;
    assert_int_equal(mlp_lrscan_try(net, &one_row, NULL, 0.0625, 4, &t, &err), MLP_OK);
    assert_true(t.stable);
    assert_int_equal(t.epochs_run, 4);
    assert_true(fabs(t.first_loss - 0.25) < 1e-16);
    assert_true(fabs(t.max_loss - 0.25) < 1e-16);
    /* After 4 updates: the loss epoch 5 would log. */
    assert_true(fabs(t.final_loss - loss_at(0.0625, 5)) < 1e-16);
    assert_true(fabs(t.final_loss - 0.0250282287597656) < 1e-16);
    /* lr 0.5: the error flips sign and keeps its size; not below the first. */
    assert_int_equal(mlp_lrscan_try(net, &one_row, NULL, 0.5, 4, &t, &err), MLP_OK);
    assert_false(t.stable);
    assert_true(fabs(t.final_loss - 0.25) < 1e-16);
    /* The caller's network is untouched. */
    assert_true(net->params[0] == 0.5 && net->params[1] == 0.0);
    mlp_net_free(net);
}

/* In mini-batches the trial starts from the loss of the initial weights,
 * not epoch 1's logged mean, which follows updates. Two copies of the row,
 * batches of 1 in file order: each batch is the one-row descent, so epoch
 * 1 logs (0.25 + 0.25 (1 - 4 lr)^2) / 2 = 0.17 at lr 0.1, epoch k the mean
 * of updates 2k - 2 and 2k - 1, and after E epochs the loss is update 2E's. */
static void trial_should_start_from_the_initial_weights_in_mini_batches(void **state)
{
    (void)state;
    static double X2[] = {1, 1}, T2[] = {0, 0};
    const mlp_dataset two_rows = {.n_rows = 2, .n_features = 1, .n_outputs = 1, .X = X2, .Y = T2};
    mlp_net *net = line();
    mlp_train_options batched = {.batch_size = 1, .shuffle = 0};
    mlp_error err;
    mlp_lrscan_trial t;
    assert_int_equal(mlp_lrscan_try(net, &two_rows, &batched, 0.1, 3, &t, &err), MLP_OK);
    assert_true(t.first_loss == 0.25);
    double f2 = 0.36; /* (1 - 4 lr)^2 */
    assert_true(fabs(t.max_loss - (0.25 + 0.25 * f2) / 2) < 1e-16);
    assert_true(fabs(t.final_loss - 0.25 * pow(f2, 6)) < 1e-16);
    assert_true(t.stable);
    mlp_net_free(net);
}

static void trial_should_record_where_the_loss_diverged(void **state)
{
    (void)state;
    mlp_net *net = line();
    mlp_error err;
    mlp_lrscan_trial t;
    /* lr 1000: |e| grows 3999x per epoch; the loss 0.25 * 3999^(2(k-1))
     * passes DBL_MAX (1.8e308) first at k = 44 (10^309.2). */
    assert_int_equal(mlp_lrscan_try(net, &one_row, NULL, 1000, 100, &t, &err), MLP_OK);
    assert_int_equal(t.diverged_at, 44);
    assert_int_equal(t.epochs_run, 43);
    assert_false(t.stable);
    assert_true(isinf(t.max_loss));
    mlp_net_free(net);
}

static void scan_should_find_the_edge_and_recommend_a_rate_below_it(void **state)
{
    (void)state;
    mlp_net *net = line();
    mlp_error err;
    mlp_lrscan_options o = {.lo = 0.0625, .hi = 1, .n = 5, .epochs = 4};
    mlp_lrscan_result r;
    assert_int_equal(mlp_lrscan_run(net, &one_row, NULL, &o, &r, &err), MLP_OK);
    assert_int_equal(r.n, 5);
    static const double rates[] = {0.0625, 0.125, 0.25, 0.5, 1};
    static const int stable[] = {1, 1, 1, 0, 0};
    for (size_t i = 0; i < 5; i++) {
        assert_true(fabs(r.trials[i].rate - rates[i]) <= 1e-15 * rates[i]);
        assert_int_equal(r.trials[i].stable, stable[i]);
        assert_true(fabs(r.trials[i].final_loss - loss_at(rates[i], 5)) <=
                    1e-12 * fmax(1.0, loss_at(rates[i], 5)));
    }
    assert_true(r.trials[0].rate == 0.0625 && r.trials[4].rate == 1.0); /* ends exact */
    assert_int_equal(r.largest_stable, 2);
    assert_int_equal(r.lowest, 2); /* lr 0.25 solves it in one step */
    assert_true(r.trials[2].final_loss == 0.0);
    /* The recommendation keeps a margin below the edge of stability. */
    assert_true(MLP_LRSCAN_SAFETY == 10.0); /* the printed text says "a tenth" */
    assert_true(r.recommended == 0.25 / MLP_LRSCAN_SAFETY);

    /* Nothing stable. */
    o = (mlp_lrscan_options){.lo = 0.5, .hi = 4, .n = 4, .epochs = 3};
    assert_int_equal(mlp_lrscan_run(net, &one_row, NULL, &o, &r, &err), MLP_OK);
    assert_int_equal(r.largest_stable, -1);
    assert_int_equal(r.lowest, -1);
    assert_true(r.recommended == 0);
    mlp_net_free(net);
}

/* A range wider than the doubles': 1e300 / 1e-10 is inf, and lo * inf^t
 * made every inner rate inf, which the trial refused ("learning_rate must
 * be finite and greater than 0, not inf", exit 2). In logs the grid is
 * 1e-10, 1e145, 1e300; a rate of 1e145 diverges, as it should. */
static void scan_should_make_its_grid_in_logs_when_hi_over_lo_overflows(void **state)
{
    (void)state;
    mlp_net *net = line();
    mlp_error err;
    mlp_lrscan_options o;
    assert_int_equal(mlp_lrscan_parse("1e-10:1e300:3", &o, &err), MLP_OK);
    o.epochs = 3;
    mlp_lrscan_result r;
    assert_int_equal(mlp_lrscan_run(net, &one_row, NULL, &o, &r, &err), MLP_OK);
    assert_int_equal(r.n, 3);
    assert_true(r.trials[0].rate == 1e-10 && r.trials[2].rate == 1e300);
    /* log2 of 1e145 is 481.7: its error, some ulps of it, is ~1e-13 of the rate. */
    assert_true(fabs(r.trials[1].rate - 1e145) <= 1e-12 * 1e145);
    assert_true(r.trials[0].stable);
    assert_false(r.trials[1].stable);
    assert_false(r.trials[2].stable);
    mlp_net_free(net);
}

/* The template's own settings other than the rate are kept: 2 epochs asked,
 * template says 1000 and has a callback that must not be called. */
static mlp_status must_not_run(void *ctx, const mlp_epoch_stats *s, mlp_error *err)
{
    (void)ctx, (void)s, (void)err;
    fail_msg("the template's callback ran");
    return MLP_OK;
}

static void trial_should_replace_the_template_rate_epochs_and_callback(void **state)
{
    (void)state;
    mlp_net *net = line();
    mlp_train_options tmpl = {.learning_rate = 7, .epochs = 1000, .on_epoch = must_not_run};
    mlp_error err;
    mlp_lrscan_trial t;
    assert_int_equal(mlp_lrscan_try(net, &one_row, &tmpl, 0.125, 2, &t, &err), MLP_OK);
    assert_int_equal(t.epochs_run, 2);
    assert_true(fabs(t.final_loss - loss_at(0.125, 3)) < 1e-16);
    mlp_net_free(net);
}

/* A warm-up of 200 epochs trained a 4-epoch trial at k / 201 of its rate
 * or less: every rate up to 1 passed for stable and the scan recommended
 * 0.1, where the epochs after the warm-up (at the full rate) are stable
 * only below 0.5. The rate is judged at its full value: the same trials,
 * loss for loss, as without a schedule. */
static void scan_should_judge_the_rate_at_its_full_value_under_a_warm_up(void **state)
{
    (void)state;
    mlp_net *net = line();
    mlp_error err;
    mlp_lrscan_options o = {.lo = 0.0625, .hi = 1, .n = 5, .epochs = 4};
    mlp_lrscan_result plain, warm;
    assert_int_equal(mlp_lrscan_run(net, &one_row, NULL, &o, &plain, &err), MLP_OK);
    static const mlp_schedule_kind kinds[] = {MLP_SCHEDULE_CONSTANT, MLP_SCHEDULE_COSINE,
                                              MLP_SCHEDULE_STEP};
    for (size_t k = 0; k < 3; k++) {
        mlp_schedule sched = mlp_schedule_defaults(kinds[k]);
        sched.warmup = 200;
        sched.every = 1; /* step: a decay every epoch after the warm-up */
        mlp_train_options tmpl = {.schedule = &sched, .schedule_epochs = 5000};
        assert_int_equal(mlp_lrscan_run(net, &one_row, &tmpl, &o, &warm, &err), MLP_OK);
        assert_int_equal(warm.largest_stable, 2);
        assert_true(warm.recommended == plain.recommended);
        assert_true(warm.recommended == 0.025);
        for (size_t i = 0; i < 5; i++) {
            assert_int_equal(warm.trials[i].stable, plain.trials[i].stable);
            assert_true(warm.trials[i].final_loss == plain.trials[i].final_loss ||
                        (isnan(warm.trials[i].final_loss) && isnan(plain.trials[i].final_loss)));
        }
    }
    mlp_net_free(net);
}

static void scan_should_print_a_table_and_its_verdict(void **state)
{
    (void)state;
    mlp_net *net = line();
    mlp_error err;
    mlp_lrscan_options o = {.lo = 0.0625, .hi = 1, .n = 5, .epochs = 4};
    mlp_lrscan_result r;
    assert_int_equal(mlp_lrscan_run(net, &one_row, NULL, &o, &r, &err), MLP_OK);
    char out[2048];
    FILE *fp = fmemopen(out, sizeof out, "w");
    assert_non_null(fp);
    assert_int_equal(mlp_lrscan_write(fp, &o, &r, &err), MLP_OK);
    fclose(fp);
    /* Final losses 0.25 (1 - 4 lr)^8: 0.75^8 / 4, 0.5^8 / 4, 0, 0.25, 3^8 / 4. */
    assert_string_equal(out,
                        "learning-rate scan: 5 rates from 0.0625 to 1, 4 epochs each, from the "
                        "same initial weights\n"
                        "        rate    first loss    final loss\n"
                        "      0.0625          0.25     0.0250282  stable\n"
                        "       0.125          0.25   0.000976562  stable\n"
                        "        0.25          0.25             0  stable\n"
                        "         0.5          0.25          0.25  unstable\n"
                        "           1          0.25       1640.25  unstable\n"
                        "largest stable rate: 0.25\n"
                        "recommended learning_rate: 0.025 (a tenth of the largest stable rate, "
                        "below the edge of stability)\n");
    /* The edge at the top of the range: it may lie above. */
    o = (mlp_lrscan_options){.lo = 0.0625, .hi = 0.25, .n = 3, .epochs = 4};
    assert_int_equal(mlp_lrscan_run(net, &one_row, NULL, &o, &r, &err), MLP_OK);
    fp = fmemopen(out, sizeof out, "w");
    assert_int_equal(mlp_lrscan_write(fp, &o, &r, &err), MLP_OK);
    fclose(fp);
    assert_non_null(strstr(out, "largest stable rate: 0.25, the highest tried (the edge may lie "
                                "above: --lr-scan 0.25:250)\n"
                                "recommended learning_rate: 0.025 "));
    o = (mlp_lrscan_options){.lo = 1000, .hi = 2000, .n = 2, .epochs = 100};
    assert_int_equal(mlp_lrscan_run(net, &one_row, NULL, &o, &r, &err), MLP_OK);
    fp = fmemopen(out, sizeof out, "w");
    assert_int_equal(mlp_lrscan_write(fp, &o, &r, &err), MLP_OK);
    fclose(fp);
    assert_non_null(strstr(out, "        1000          0.25           inf  diverged at epoch 44\n"));
    assert_non_null(strstr(out, "no rate was stable; try lower rates, e.g. --lr-scan 1:1000\n"));
    mlp_net_free(net);
}

/* Writes the scan's table and verdict into out. */
static void write_scan(const mlp_lrscan_options *o, const mlp_lrscan_result *r, char *out,
                       size_t size)
{
    mlp_error err;
    FILE *fp = fmemopen(out, size, "w");
    assert_non_null(fp);
    assert_int_equal(mlp_lrscan_write(fp, o, r, &err), MLP_OK);
    fclose(fp);
}

/* A rate too small to move the loss is "too small", not "unstable", and the
 * advice points up: it once read "unstable" at every rate of 1e-20:1e-16 and
 * advised --lr-scan 1e-23:1e-20, lower still. The rate at the edge that
 * swings the weights to and fro (0.5 here, the loss exactly 0.25 throughout)
 * moves them, so it stays unstable. */
/* A tanh output under mse, one row value x = 1 and targets 1, 1, 1, 0,
 * from w = b = 0 (output 0, loss mean t^2 = 0.75). The gradient of w and
 * of b is mean 2 (y - t) f'(z) x = -1.5, so one step at a rate of 10 or
 * more takes z to 30 or beyond: tanh is 1 to double precision, f'(z) 0,
 * and the loss stays at mean (1 - t)^2 = 0.25, above the 3/16 of the best
 * constant (chance, p (1 - p) with p = 3/4). Every such rate is stable,
 * none leaves chance, and a tenth of the largest (1000 for 10:1e4) was
 * recommended, where a run learns nothing: larger steps only saturate. */
static mlp_net *tanh_unit(void)
{
    size_t sizes[] = {1, 1};
    mlp_activation acts[] = {MLP_ACT_TANH};
    mlp_error err;
    mlp_net *net = mlp_net_create(1, sizes, acts, MLP_LOSS_MSE, &err);
    assert_non_null(net);
    net->params[0] = 0.0;
    net->params[1] = 0.0;
    return net;
}

static void output_held_should_be_a_saturating_output_above_chance(void **state)
{
    (void)state;
    /* tanh or sigmoid under mse, more than 1% above chance. */
    assert_true(mlp_diagnose_output_held(MLP_ACT_TANH, MLP_LOSS_MSE, 0.25, 0.1875));
    assert_true(mlp_diagnose_output_held(MLP_ACT_SIGMOID, MLP_LOSS_MSE, 0.25, 0.1875));
    /* At chance, within the band (XOR's 2 sigmoid units stay at 0.25 for
     * 20 epochs and then train): not held. */
    assert_false(mlp_diagnose_output_held(MLP_ACT_SIGMOID, MLP_LOSS_MSE, 0.25, 0.25));
    assert_false(mlp_diagnose_output_held(MLP_ACT_TANH, MLP_LOSS_MSE, 0.25 * 1.005, 0.25));
    /* A fused pair's gradient y - t has no f'; a linear output no bound. */
    assert_false(mlp_diagnose_output_held(MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY, 1.0, 0.5));
    assert_false(mlp_diagnose_output_held(MLP_ACT_LINEAR, MLP_LOSS_MSE, 0.25, 0.1875));
    /* No chance level: nothing to be above. */
    assert_false(mlp_diagnose_output_held(MLP_ACT_TANH, MLP_LOSS_MSE, 0.25, NAN));
    assert_false(mlp_diagnose_output_held(MLP_ACT_TANH, MLP_LOSS_MSE, 0.25, 0));
}

static void scan_should_name_lower_rates_where_the_output_saturates(void **state)
{
    (void)state;
    static double X[] = {1, 1, 1, 1}, T[] = {1, 1, 1, 0};
    const mlp_dataset rows = {.n_rows = 4, .n_features = 1, .n_outputs = 1, .X = X, .Y = T};
    mlp_net *net = tanh_unit();
    mlp_error err;
    mlp_lrscan_options o = {.lo = 10, .hi = 1e4, .n = 4, .epochs = 20};
    mlp_lrscan_result r;
    assert_int_equal(mlp_lrscan_run(net, &rows, NULL, &o, &r, &err), MLP_OK);
    assert_true(r.chance_loss == 0.1875);
    for (size_t i = 0; i < r.n; i++)
        assert_true(r.trials[i].stable && r.trials[i].first_loss == 0.75 &&
                    r.trials[i].final_loss == 0.25);
    assert_int_equal(r.largest_stable, 3);
    assert_int_equal(r.trains, -1);
    assert_true(r.saturated && r.saturated_from == 10);
    assert_true(r.recommended == 0);
    char out[4096];
    write_scan(&o, &r, out, sizeof out);
    assert_null(strstr(out, "recommended learning_rate"));
    assert_null(strstr(out, "the edge may lie above"));
    assert_non_null(strstr(out, "largest stable rate: 10000\n"
                                "at it the loss ended at 0.25, not 1% below the 0.1875 of an "
                                "output that ignores its inputs (chance level)"));
    assert_non_null(strstr(out, "\nno learning_rate recommended; the tanh output saturates at "
                                "the stable rates from 10 to 10000 (f'(z) near 0 passes almost "
                                "no gradient): the loss stays above chance there, at 10000 no "
                                "lower than at the stable rates a decade and more below; try "
                                "lower rates, e.g. --lr-scan 0.01:10\n"));
    /* Below those rates the steps are small and the loss still falls as the
     * rate grows (0.75 toward 0.1875): the rate is too small, and the
     * largest stable one is kept, as before. */
    o = (mlp_lrscan_options){.lo = 1e-6, .hi = 1e-3, .n = 4, .epochs = 20};
    assert_int_equal(mlp_lrscan_run(net, &rows, NULL, &o, &r, &err), MLP_OK);
    assert_true(r.trials[3].stable && r.trials[3].final_loss > 0.1875 * 1.01 &&
                r.trials[3].final_loss < r.trials[2].final_loss);
    assert_int_equal(r.trains, -1);
    assert_false(r.saturated);
    assert_true(r.recommended == 1e-3 / MLP_LRSCAN_SAFETY);
    /* A range under a decade cannot tell the one from the other: kept. */
    o = (mlp_lrscan_options){.lo = 10, .hi = 50, .n = 2, .epochs = 20};
    assert_int_equal(mlp_lrscan_run(net, &rows, NULL, &o, &r, &err), MLP_OK);
    assert_false(r.saturated);
    assert_true(r.recommended == 5);
    mlp_net_free(net);
}

static void a_rate_that_moves_nothing_should_be_too_small(void **state)
{
    (void)state;
    mlp_net *net = line();
    mlp_error err;
    mlp_lrscan_trial t;
    assert_int_equal(mlp_lrscan_try(net, &one_row, NULL, 1e-20, 20, &t, &err), MLP_OK);
    assert_false(t.stable);
    assert_true(t.flat);
    assert_int_equal(mlp_lrscan_try(net, &one_row, NULL, 0.5, 20, &t, &err), MLP_OK);
    assert_true(t.final_loss == t.first_loss);
    assert_false(t.stable);
    assert_false(t.flat);
    assert_int_equal(mlp_lrscan_try(net, &one_row, NULL, 0.1, 20, &t, &err), MLP_OK);
    assert_true(t.stable);
    assert_false(t.flat);

    char out[4096];
    mlp_lrscan_options o = {.lo = 1e-22, .hi = 1e-18, .n = 3, .epochs = 20};
    mlp_lrscan_result r;
    assert_int_equal(mlp_lrscan_run(net, &one_row, NULL, &o, &r, &err), MLP_OK);
    write_scan(&o, &r, out, sizeof out);
    assert_string_equal(out,
                        "learning-rate scan: 3 rates from 1e-22 to 1e-18, 20 epochs each, from the "
                        "same initial weights\n"
                        "        rate    first loss    final loss\n"
                        "       1e-22          0.25          0.25  too small (no change)\n"
                        "       1e-20          0.25          0.25  too small (no change)\n"
                        "       1e-18          0.25          0.25  too small (no change)\n"
                        "no rate was stable: at every rate the loss did not move; try higher "
                        "rates, e.g. --lr-scan 1e-18:10\n");
    /* Too small below, unstable above, nothing stable between: the rates
     * between are the ones to try. */
    o = (mlp_lrscan_options){.lo = 1e-20, .hi = 1, .n = 2, .epochs = 20};
    assert_int_equal(mlp_lrscan_run(net, &one_row, NULL, &o, &r, &err), MLP_OK);
    write_scan(&o, &r, out, sizeof out);
    assert_non_null(strstr(out, "           1          0.25   3.03942e+18  unstable\n"
                                "no rate was stable: up to 1e-20 the loss did not move, from 1 on "
                                "it rose; try the rates between, e.g. --lr-scan 1e-20:1:9\n"));
    mlp_net_free(net);
}

/* The scan takes the subnormal rates --learning-rate takes and the
 * diagnosis names (--lr-scan 4.94066e-324:4.94066e-320 was refused), and
 * never advises a rate below the smallest double. */
static void subnormal_rates_should_be_scanned_and_never_advised_below(void **state)
{
    (void)state;
    mlp_lrscan_options o = {.epochs = 20};
    mlp_error err;
    assert_int_equal(mlp_lrscan_parse("4.94066e-324:4.94066e-320", &o, &err), MLP_OK);
    assert_true(o.lo == 4.94066e-324 && o.lo > 0 && o.hi == 4.94066e-320);
    assert_int_equal(o.n, 13);
    /* Below the smallest double is 0, which is no rate. */
    assert_int_equal(mlp_lrscan_parse("1e-400:1", &o, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "--lr-scan needs LO:HI or LO:HI:N, not \"1e-400:1\"");

    /* Every rate unstable: lower rates, down to the smallest double. */
    mlp_lrscan_result r = {.n = 1, .largest_stable = -1, .lowest = -1};
    r.trials[0] = (mlp_lrscan_trial){.rate = 1e-322, .first_loss = 1, .max_loss = 2,
                                     .final_loss = 2};
    o = (mlp_lrscan_options){.lo = 1e-322, .hi = 1e-321, .n = 1, .epochs = 20};
    char out[1024];
    write_scan(&o, &r, out, sizeof out);
    assert_non_null(strstr(out, "no rate was stable; try lower rates, e.g. --lr-scan "
                                "4.94066e-324:9.88131e-323\n"));
    r.trials[0].rate = o.lo = 4.94066e-324;
    write_scan(&o, &r, out, sizeof out);
    assert_non_null(strstr(out, "no rate was stable, and none is lower than 4.94066e-324\n"));
}

/* Inputs in the thousands whose targets no function of them predicts (each
 * x has both targets): the best any network does is the chance loss, 0.25,
 * the variance of the targets. A stable rate's loss only falls towards it
 * (the curvature 2 mean x^2 = 5e6 makes rates below 4e-7 stable), so
 * stability there shows no rate that trains: the scan recommended a tenth
 * of 1e-7 all the same (a relu net on such inputs, "stable" at chance up to
 * 0.0046, was recommended 0.00046 and ended with every unit dead). It now
 * recommends nothing and names the pre-flight's cure, scaling the inputs.
 * With the inputs standardised nothing is far from scale: trials that left
 * no chance level then keep the recommendation (XOR needs more than 20
 * epochs to leave ln 2, and trains at it). */
static void scan_should_not_recommend_a_rate_stable_only_at_chance(void **state)
{
    (void)state;
    static double X[] = {1000, 2000, 1000, 2000}, T[] = {0, 1, 1, 0};
    const mlp_dataset far = {.n_rows = 4, .n_features = 1, .n_outputs = 1, .X = X, .Y = T};
    mlp_net *net = line();
    mlp_error err;
    mlp_lrscan_options o = {.lo = 1e-9, .hi = 1e-5, .n = 5, .epochs = 4};
    mlp_lrscan_result r;
    assert_int_equal(mlp_lrscan_run(net, &far, NULL, &o, &r, &err), MLP_OK);
    assert_int_equal(r.largest_stable, 2); /* 1e-7 */
    assert_true(r.trials[2].final_loss > 0.25);
    assert_true(r.chance_loss == 0.25);
    assert_int_equal(r.trains, -1);
    assert_int_equal(r.inputs_far, 1);
    assert_true(r.recommended == 0);
    char out[4096];
    write_scan(&o, &r, out, sizeof out);
    assert_null(strstr(out, "recommended learning_rate"));
    assert_non_null(strstr(out, "largest stable rate: 1e-07\n"
                                "at it the loss ended at "));
    assert_non_null(strstr(out, ", not 1% below the 0.25 of an output that ignores its inputs "
                                "(chance level): such an output is stable at any rate, so that "
                                "stability shows no rate that trains\n"
                                "no learning_rate recommended; raw inputs beyond 100 make the "
                                "steps large at any rate: add \"normalize\": \"standard\" to "
                                "\"data\" in the spec\n"));
    /* Targets beyond 100 too: both cures in one line. */
    static double T2[] = {5000, 6000, 6000, 5000};
    const mlp_dataset both = {.n_rows = 4, .n_features = 1, .n_outputs = 1, .X = X, .Y = T2};
    assert_int_equal(mlp_lrscan_run(net, &both, NULL, &o, &r, &err), MLP_OK);
    assert_true(r.target_divisor == 1000 && r.inputs_far && r.trains == -1 && r.recommended == 0);
    write_scan(&o, &r, out, sizeof out);
    assert_non_null(strstr(out, "no learning_rate recommended; raw inputs beyond 100 and targets "
                                "beyond 100 make the steps large at any rate: add \"normalize\": "
                                "\"standard\" to \"data\" in the spec, and divide the targets "
                                "by 1000 (multiply the predictions by it)\n"));
    /* Standardised: nothing far from scale, the largest stable rate kept. */
    o.normalize = MLP_NORMALIZE_STANDARD;
    assert_int_equal(mlp_lrscan_run(net, &far, NULL, &o, &r, &err), MLP_OK);
    assert_false(r.inputs_far);
    assert_true(r.recommended == r.trials[2].rate / MLP_LRSCAN_SAFETY);
    mlp_net_free(net);
}

static void scan_should_report_out_of_memory(void **state)
{
    (void)state;
    mlp_net *net = line();
    mlp_error err;
    mlp_lrscan_trial t;
    mlp_alloc_fail_after(1);
    assert_int_equal(mlp_lrscan_try(net, &one_row, NULL, 0.1, 2, &t, &err), MLP_ERR_NOMEM);
    mlp_alloc_fail_after(0);
    mlp_net_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_should_read_lo_hi_and_n),
        cmocka_unit_test(parse_should_reject_what_is_not_a_scan),
        cmocka_unit_test(trial_should_follow_the_hand_solved_descent),
        cmocka_unit_test(trial_should_start_from_the_initial_weights_in_mini_batches),
        cmocka_unit_test(trial_should_record_where_the_loss_diverged),
        cmocka_unit_test(scan_should_find_the_edge_and_recommend_a_rate_below_it),
        cmocka_unit_test(scan_should_make_its_grid_in_logs_when_hi_over_lo_overflows),
        cmocka_unit_test(trial_should_replace_the_template_rate_epochs_and_callback),
        cmocka_unit_test(scan_should_judge_the_rate_at_its_full_value_under_a_warm_up),
        cmocka_unit_test(scan_should_print_a_table_and_its_verdict),
        cmocka_unit_test(scan_should_report_out_of_memory),
        cmocka_unit_test(scan_should_not_recommend_a_rate_stable_only_at_chance),
        cmocka_unit_test(output_held_should_be_a_saturating_output_above_chance),
        cmocka_unit_test(scan_should_name_lower_rates_where_the_output_saturates),
        cmocka_unit_test(a_rate_that_moves_nothing_should_be_too_small),
        cmocka_unit_test(subnormal_rates_should_be_scanned_and_never_advised_below),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
