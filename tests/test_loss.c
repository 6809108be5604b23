/* SPDX-License-Identifier: MIT */
/* test_loss.c: each loss at values known in closed form, at extreme logits,
 * its gradient against central differences of its own value, the loss of
 * a committee's mean output against the plain formulas, and the table
 * that describes every loss to the rest of mlp. */
#include "check.h"

#include <string.h>

#include "mlp/loss.h"

static void names_and_pairings_should_match_the_docs(void **state)
{
    (void)state;
    mlp_loss l;
    assert_int_equal(mlp_loss_from_name("cross_entropy", &l), 0);
    assert_int_equal(l, MLP_LOSS_CROSS_ENTROPY);
    assert_int_equal(mlp_loss_from_name("MSE", &l), -1);
    for (int a = 0; a < MLP_ACT_COUNT; a++) {
        assert_true(mlp_loss_accepts(MLP_LOSS_MSE, (mlp_activation)a));
        assert_int_equal(mlp_loss_accepts(MLP_LOSS_CROSS_ENTROPY, (mlp_activation)a), a == MLP_ACT_SOFTMAX);
        assert_int_equal(mlp_loss_accepts(MLP_LOSS_BINARY_CROSS_ENTROPY, (mlp_activation)a),
                         a == MLP_ACT_SIGMOID);
    }
    assert_close(mlp_loss_divisor(MLP_LOSS_CROSS_ENTROPY, 10, 3), 10.0, 0);
    assert_close(mlp_loss_divisor(MLP_LOSS_MSE, 10, 3), 30.0, 0);
    assert_close(mlp_loss_divisor(MLP_LOSS_BINARY_CROSS_ENTROPY, 10, 3), 30.0, 0);
}

static void losses_should_equal_closed_forms(void **state)
{
    (void)state;
    /* Equal logits over K classes: softmax is uniform, cross-entropy log K. */
    double z[3] = {0.7, 0.7, 0.7}, a[3], t[3] = {0, 1, 0};
    mlp_activation_forward(MLP_ACT_SOFTMAX, z, a, 1, 3);
    assert_close(mlp_loss_sum(MLP_LOSS_CROSS_ENTROPY, MLP_ACT_SOFTMAX, z, a, t, 1, 3), log(3.0), 1e-15);
    /* Sigmoid at z = 0 is 1/2: BCE is log 2 for either target. */
    double z1[2] = {0.0, 0.0}, a1[2], t1[2] = {0, 1};
    mlp_activation_forward(MLP_ACT_SIGMOID, z1, a1, 1, 2);
    assert_close(mlp_loss_sum(MLP_LOSS_BINARY_CROSS_ENTROPY, MLP_ACT_SIGMOID, z1, a1, t1, 1, 2),
                 2 * log(2.0), 1e-15);
    /* MSE: (0.5-1)^2 + (2-0)^2 = 4.25. */
    double y[2] = {0.5, 2.0}, t2[2] = {1.0, 0.0};
    assert_close(mlp_loss_sum(MLP_LOSS_MSE, MLP_ACT_LINEAR, y, y, t2, 1, 2), 4.25, 1e-15);
}

static void cross_entropies_should_stay_finite_at_extreme_logits(void **state)
{
    (void)state;
    /* A confident wrong answer: the loss is the logit gap, not inf or NaN. */
    double z[2] = {1000.0, -1000.0}, a[2], t[2] = {0, 1};
    mlp_activation_forward(MLP_ACT_SOFTMAX, z, a, 1, 2);
    assert_close(mlp_loss_sum(MLP_LOSS_CROSS_ENTROPY, MLP_ACT_SOFTMAX, z, a, t, 1, 2), 2000.0, 1e-12);
    double zb[2] = {-1000.0, 800.0}, ab[2], tb[2] = {1, 1};
    mlp_activation_forward(MLP_ACT_SIGMOID, zb, ab, 1, 2);
    double l = mlp_loss_sum(MLP_LOSS_BINARY_CROSS_ENTROPY, MLP_ACT_SIGMOID, zb, ab, tb, 1, 2);
    assert_close(l, 1000.0, 1e-12);
    /* A confident right answer costs about e^-800, not log(0) = -inf. */
    double zc[1] = {40.0}, ac[1], tc[1] = {1};
    mlp_activation_forward(MLP_ACT_SIGMOID, zc, ac, 1, 1);
    double lc = mlp_loss_sum(MLP_LOSS_BINARY_CROSS_ENTROPY, MLP_ACT_SIGMOID, zc, ac, tc, 1, 1);
    assert_true(lc > 0.0 && lc < 1e-17);
}

/* Gradient through the output activation vs the central difference of
 * loss(f(z)); h = 1e-6, two-point: error ~ 1e-10, tolerance 1e-8. */
static void gradients_should_match_finite_differences(void **state)
{
    (void)state;
    enum { R = 2, C = 3 };
    const double z0[R * C] = {0.3, -1.2, 2.0, -0.4, 0.9, -2.5};
    for (int lo = 0; lo < MLP_LOSS_COUNT; lo++) {
        for (int act = 0; act < MLP_ACT_COUNT; act++) {
            if (!mlp_loss_accepts((mlp_loss)lo, (mlp_activation)act))
                continue;
            const double t_soft[R * C] = {0, 1, 0, 1, 0, 0};
            const double t_any[R * C] = {0.2, 0.9, 0.0, 1.0, 0.4, 0.6};
            const double *T = lo == MLP_LOSS_CROSS_ENTROPY ? t_soft : t_any;
            double A[R * C], dZ[R * C];
            mlp_activation_forward((mlp_activation)act, z0, A, R, C);
            mlp_loss_backward((mlp_loss)lo, (mlp_activation)act, z0, A, T, dZ, R, C, 1.0);
            double nonzero = 0.0;
            for (int k = 0; k < R * C; k++) {
                const double h = 1e-6;
                double z[R * C], a[R * C], L[2];
                for (int s = 0; s < 2; s++) {
                    memcpy(z, z0, sizeof z);
                    z[k] += s ? h : -h;
                    mlp_activation_forward((mlp_activation)act, z, a, R, C);
                    L[s] = mlp_loss_sum((mlp_loss)lo, (mlp_activation)act, z, a, T, R, C);
                }
                double numeric = (L[1] - L[0]) / (2 * h);
                if (fabs(dZ[k] - numeric) > 1e-8)
                    fail_msg("%s after %s: dZ[%d] = %.12g, finite difference %.12g",
                             mlp_loss_name((mlp_loss)lo), mlp_activation_name((mlp_activation)act),
                             k, dZ[k], numeric);
                nonzero += fabs(dZ[k]);
            }
            assert_true(nonzero > 0.1);
        }
    }
}

static void backward_should_apply_the_scale(void **state)
{
    (void)state;
    double z[2] = {0.3, -0.2}, a[2], t[2] = {1, 0}, d1[2], d4[2];
    mlp_activation_forward(MLP_ACT_SOFTMAX, z, a, 1, 2);
    mlp_loss_backward(MLP_LOSS_CROSS_ENTROPY, MLP_ACT_SOFTMAX, z, a, t, d1, 1, 2, 1.0);
    mlp_loss_backward(MLP_LOSS_CROSS_ENTROPY, MLP_ACT_SOFTMAX, z, a, t, d4, 1, 2, 0.25);
    assert_close(d4[0], 0.25 * d1[0], 1e-16);
    /* Fused softmax + cross-entropy: dZ = y - t exactly. */
    assert_close(d1[0], a[0] - 1.0, 1e-16);
    assert_close(d1[1], a[1], 1e-16);
}

/* ------------------------------------------------------------------------ */
/* The table */

/* The loss of a committee (the mean of M models' outputs), from the
 * members' logits:
 *  - one member: the loss from the logits, in another order of operations
 *    (tolerance 1e-13 relative: 12 terms of size ~1, each exp/log/log1p
 *    within an ulp);
 *  - three members on moderate logits: the loss of the mean computed the
 *    plain way, -t log(mean y) with the mean of the activations' outputs
 *    (same tolerance);
 *  - members whose probabilities all round to 0 (or a sigmoid to 1): a
 *    finite loss, the closed form, where log(mean y) would be -inf. */
static void committee_loss_should_be_the_loss_of_the_mean(void **state)
{
    (void)state;
    double z[3][12] = {
        {0.3, -1.2, 2.0, 0.0, 0.5, -0.5, -3.0, 1.5, 0.25, 4.0, -2.0, 0.1},
        {-0.7, 0.4, 1.1, 2.5, -0.5, 0.0, 0.9, -1.5, 3.25, 1.0, 0.0, -0.3},
        {1.2, 0.2, -0.4, -1.0, 1.5, 0.5, 0.0, 0.5, -2.25, -1.0, 2.0, 0.8},
    };
    const double *Z[3] = {z[0], z[1], z[2]};
    /* 4 rows x 3 columns; one-hot targets for cross_entropy, values in
     * [0, 1] (not only 0/1) for the others. */
    double onehot[12] = {1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0};
    double unit[12] = {1, 0, 0.25, 0, 1, 0.5, 0.75, 1, 0, 1, 0.1, 0};
    for (int l = 0; l < MLP_LOSS_COUNT; l++) {
        const mlp_loss_info *in = mlp_loss_info_of((mlp_loss)l);
        mlp_activation out = in->fused ? in->output : MLP_ACT_TANH;
        const double *t = in->targets == MLP_LOSS_TARGETS_ONE_HOT ? onehot : unit;
        double a[3][12], mean[12];
        for (int m = 0; m < 3; m++)
            mlp_activation_forward(out, z[m], a[m], 4, 3);
        double one = mlp_loss_sum((mlp_loss)l, out, z[0], a[0], t, 4, 3);
        assert_true(one > 0.1);
        assert_close(mlp_loss_sum_committee((mlp_loss)l, Z, 1, a[0], t, 4, 3), one, 1e-13 * one);
        double plain = 0.0;
        for (int i = 0; i < 12; i++) {
            mean[i] = (a[0][i] + a[1][i] + a[2][i]) / 3.0;
            if (l == MLP_LOSS_MSE)
                plain += (mean[i] - t[i]) * (mean[i] - t[i]);
            else if (l == MLP_LOSS_CROSS_ENTROPY)
                plain -= t[i] ? t[i] * log(mean[i]) : 0.0;
            else
                plain -= t[i] * log(mean[i]) + (1.0 - t[i]) * log1p(-mean[i]);
        }
        assert_close(mlp_loss_sum_committee((mlp_loss)l, Z, 3, mean, t, 4, 3), plain,
                     1e-13 * plain);
    }
    /* Softmax: class 0 has probability e^-800 and e^-900 in the two members
     * (both round to 0): log mean = -800 + log1p(e^-100) - log 2. */
    double c1[2] = {0.0, 800.0}, c2[2] = {0.0, 900.0}, tc[2] = {1.0, 0.0}, yc[2] = {0.0, 1.0};
    const double *Zc[2] = {c1, c2};
    assert_close(mlp_loss_sum_committee(MLP_LOSS_CROSS_ENTROPY, Zc, 2, yc, tc, 1, 2),
                 800.0 + log(2.0), 1e-15 * 800);
    /* Sigmoid at z = 40 and 50 rounds to 1; the target 0 costs
     * -log(1 - mean) = -log((e^-40 + e^-50) / 2) to within e^-40. */
    double s1[1] = {40.0}, s2[1] = {50.0}, ts[1] = {0.0}, ys[1] = {1.0};
    const double *Zs[2] = {s1, s2};
    assert_close(mlp_loss_sum_committee(MLP_LOSS_BINARY_CROSS_ENTROPY, Zs, 2, ys, ts, 1, 1),
                 40.0 - log1p(exp(-10.0)) + log(2.0), 1e-14 * 40);
    assert_true(isnan(mlp_loss_sum_committee(MLP_LOSS_COUNT, Zs, 2, ys, ts, 1, 1)));
    assert_true(isnan(mlp_loss_sum_committee(MLP_LOSS_MSE, Zs, 0, ys, ts, 1, 1)));
}

static void table_should_describe_every_loss(void **state)
{
    (void)state;
    for (int l = 0; l < MLP_LOSS_COUNT; l++) {
        const mlp_loss_info *in = mlp_loss_info_of((mlp_loss)l);
        assert_non_null(in);
        assert_int_equal(in->kind, l);
        assert_non_null(in->name);
        assert_true(strlen(in->name) > 0);
        assert_non_null(in->sum);
        assert_non_null(in->sum_committee);
        assert_non_null(in->backward);
        assert_non_null(in->chance);
        /* --trace: "loss = ...", and dZ itself for a fused loss, dA for the others. */
        assert_non_null(in->formula);
        assert_true(strncmp(in->formula, "loss = ", 7) == 0);
        assert_non_null(in->gradient_formula);
        assert_int_equal(strncmp(in->gradient_formula, "dZ{l} = ", 8) == 0, in->fused);
        /* A fused loss follows its output activation alone, the others any. */
        for (int a = 0; a < MLP_ACT_COUNT; a++)
            assert_int_equal(mlp_loss_accepts((mlp_loss)l, (mlp_activation)a),
                             !in->fused || (int)in->output == a);
        if (in->fused)
            assert_non_null(mlp_activation_info_of(in->output));
        /* One-hot targets need outputs that are a distribution per row. */
        if (in->targets == MLP_LOSS_TARGETS_ONE_HOT)
            assert_true(in->fused &&
                        (mlp_activation_info_of(in->output)->flags & MLP_ACT_FLAG_ROWS));
        assert_close(mlp_loss_divisor((mlp_loss)l, 10, 3),
                     in->flags & MLP_LOSS_FLAG_PER_ROW ? 10.0 : 30.0, 0);
        for (int b = 0; b < l; b++)
            assert_string_not_equal(in->name, mlp_loss_info_of((mlp_loss)b)->name);
    }
    assert_null(mlp_loss_info_of(MLP_LOSS_COUNT));
    assert_string_equal(mlp_loss_name(MLP_LOSS_COUNT), "?");
    assert_false(mlp_loss_accepts(MLP_LOSS_COUNT, MLP_ACT_SIGMOID));
    assert_false(mlp_loss_accepts(MLP_LOSS_MSE, MLP_ACT_COUNT));
}

static void table_names_should_round_trip(void **state)
{
    (void)state;
    for (int l = 0; l < MLP_LOSS_COUNT; l++) {
        const mlp_loss_info *in = mlp_loss_info_of((mlp_loss)l);
        mlp_loss back;
        assert_ptr_equal(mlp_loss_info_by_name(in->name), in);
        assert_int_equal(mlp_loss_from_name(in->name, &back), 0);
        assert_int_equal(back, l);
    }
    assert_null(mlp_loss_info_by_name("mes"));
    assert_null(mlp_loss_info_by_name(""));
}

/* The chance level is the loss of the best constant output: evaluating the
 * loss kernel on outputs equal to the column means gives the same value.
 * 1e-14: one sum of 4 terms evaluated two ways. */
static void chance_should_be_the_loss_of_the_column_means(void **state)
{
    (void)state;
    enum { N = 4, K = 2 };
    const double onehot[N * K] = {1, 0, 0, 1, 0, 1, 0, 1};  /* means 1/4, 3/4 */
    for (int l = 0; l < MLP_LOSS_COUNT; l++) {
        const mlp_loss_info *in = mlp_loss_info_of((mlp_loss)l);
        mlp_activation out = in->fused ? in->output : MLP_ACT_LINEAR;
        /* Outputs at the means, and logits that give them. */
        double A[N * K], Z[N * K];
        for (int i = 0; i < N; i++) {
            A[i * K] = 0.25, A[i * K + 1] = 0.75;
            if (mlp_activation_info_of(out)->flags & MLP_ACT_FLAG_ROWS)
                Z[i * K] = 0.0, Z[i * K + 1] = log(3.0);
            else if (out == MLP_ACT_LINEAR)
                Z[i * K] = 0.25, Z[i * K + 1] = 0.75;
            else  /* sigmoid: logit(m) */
                Z[i * K] = log(1.0 / 3.0), Z[i * K + 1] = log(3.0);
        }
        int ln_k = -1;
        double chance = mlp_loss_chance((mlp_loss)l, onehot, N, K, &ln_k);
        double sum = mlp_loss_sum((mlp_loss)l, out, Z, A, onehot, N, K);
        assert_close(chance, sum / mlp_loss_divisor((mlp_loss)l, N, K), 1e-14);
        assert_int_equal(ln_k, 0);  /* unbalanced */
        assert_true(isnan(mlp_loss_chance((mlp_loss)l, onehot, 0, K, NULL)));
    }
}

/* The hint text every reader that refuses a loss after an output gives
 * (spec, .npz): the losses made for that output before the one that follows
 * anything, and, where buf is short, whole names only. The pairs come from
 * mlp_loss_accepts, checked against the docs above. */
static void names_accepting_should_list_the_losses_that_follow(void **state)
{
    (void)state;
    char buf[128];
    mlp_loss_names_accepting(MLP_ACT_SIGMOID, buf, sizeof buf);
    assert_string_equal(buf, "\"binary_cross_entropy\" or \"mse\"");
    mlp_loss_names_accepting(MLP_ACT_SOFTMAX, buf, sizeof buf);
    assert_string_equal(buf, "\"cross_entropy\" or \"mse\"");
    mlp_loss_names_accepting(MLP_ACT_TANH, buf, sizeof buf);
    assert_string_equal(buf, "\"mse\"");
    /* "binary_cross_entropy" in quotes is 22 bytes: 23 holds it and its end,
     * 22 holds nothing whole, and the " or "mse" after it does not fit. */
    mlp_loss_names_accepting(MLP_ACT_SIGMOID, buf, 23);
    assert_string_equal(buf, "\"binary_cross_entropy\"");
    mlp_loss_names_accepting(MLP_ACT_SIGMOID, buf, 22);
    assert_string_equal(buf, "");
    mlp_loss_names_accepting(MLP_ACT_SIGMOID, buf, 1);
    assert_string_equal(buf, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_and_pairings_should_match_the_docs),
        cmocka_unit_test(losses_should_equal_closed_forms),
        cmocka_unit_test(cross_entropies_should_stay_finite_at_extreme_logits),
        cmocka_unit_test(gradients_should_match_finite_differences),
        cmocka_unit_test(backward_should_apply_the_scale),
        cmocka_unit_test(committee_loss_should_be_the_loss_of_the_mean),
        cmocka_unit_test(table_should_describe_every_loss),
        cmocka_unit_test(table_names_should_round_trip),
        cmocka_unit_test(chance_should_be_the_loss_of_the_column_means),
        cmocka_unit_test(names_accepting_should_list_the_losses_that_follow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
