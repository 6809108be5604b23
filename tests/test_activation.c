/* SPDX-License-Identifier: MIT */
/* test_activation.c: each activation at values known in closed form, each
 * backward kernel against central differences of its forward kernel, and
 * the table that describes every kind to the rest of mlp. */
#include "check.h"

#include <string.h>

#include "mlp/activation.h"

static void names_should_round_trip(void **state)
{
    (void)state;
    for (int a = 0; a < MLP_ACT_COUNT; a++) {
        mlp_activation back;
        assert_int_equal(mlp_activation_from_name(mlp_activation_name((mlp_activation)a), &back), 0);
        assert_int_equal(back, a);
    }
    mlp_activation x;
    assert_int_equal(mlp_activation_from_name("Sigmoid", &x), -1); /* case-sensitive */
    assert_int_equal(mlp_activation_from_name("relu ", &x), -1);
}

static void forward_should_match_closed_forms(void **state)
{
    (void)state;
    const double z[4] = {0.0, 1.0, -2.0, 0.5};
    double a[4];
    mlp_activation_forward(MLP_ACT_SIGMOID, z, a, 1, 4);
    assert_close(a[0], 0.5, 1e-15);
    assert_close(a[1], 1.0 / (1.0 + exp(-1.0)), 1e-15);
    assert_close(a[2], 1.0 / (1.0 + exp(2.0)), 1e-15);
    mlp_activation_forward(MLP_ACT_TANH, z, a, 1, 4);
    assert_close(a[3], (exp(1.0) - 1.0) / (exp(1.0) + 1.0), 1e-15); /* tanh(1/2) */
    mlp_activation_forward(MLP_ACT_RELU, z, a, 1, 4);
    assert_true(a[0] == 0.0 && a[1] == 1.0 && a[2] == 0.0 && a[3] == 0.5);
    mlp_activation_forward(MLP_ACT_LEAKY_RELU, z, a, 1, 4);
    assert_true(a[1] == 1.0 && a[2] == -2.0 * MLP_LEAKY_SLOPE);
    mlp_activation_forward(MLP_ACT_LINEAR, z, a, 1, 4);
    assert_memory_equal(a, z, sizeof z);
}

/* softplus against the textbook log(1 + e^z) and its derivative against the
 * sigmoid 1/(1 + e^-z), where both are well conditioned (|z| <= 3): the
 * kernels take other routes (log1p, -expm1(-A)), so 1e-15 relative, a few
 * ulps, allows for the roundings of each. */
static void softplus_should_match_its_textbook_form(void **state)
{
    (void)state;
    const double z[6] = {0.0, 1.0, -2.0, 0.5, 3.0, -0.7};
    const double ones[6] = {1, 1, 1, 1, 1, 1};
    double a[6], d[6];
    mlp_activation_forward(MLP_ACT_SOFTPLUS, z, a, 1, 6);
    mlp_activation_backward(MLP_ACT_SOFTPLUS, a, ones, d, 1, 6);
    assert_close(a[0], log(2.0), 1e-15);
    for (int i = 0; i < 6; i++) {
        assert_close(a[i], log(1.0 + exp(z[i])), 1e-15);
        assert_close(d[i], 1.0 / (1.0 + exp(-z[i])), 1e-15);
    }
    assert_close(d[0], 0.5, 1e-15);
}

/* Where log(1 + e^z) fails: e^800 overflows and 1 + e^-40 rounds to 1. The
 * kernel gives z itself at 800, and e^-40 (1 + O(e^-40)) at -40 to full
 * relative precision, as does its slope e^-40 / (1 + e^-40). */
static void softplus_should_stay_exact_at_extremes(void **state)
{
    (void)state;
    const double z[4] = {800.0, -40.0, -800.0, 40.0};
    const double ones[4] = {1, 1, 1, 1};
    double a[4], d[4];
    mlp_activation_forward(MLP_ACT_SOFTPLUS, z, a, 1, 4);
    mlp_activation_backward(MLP_ACT_SOFTPLUS, a, ones, d, 1, 4);
    assert_true(a[0] == 800.0 && d[0] == 1.0);
    assert_true(fabs(a[1] - exp(-40.0)) <= 1e-15 * exp(-40.0));
    assert_true(fabs(d[1] - exp(-40.0)) <= 1e-15 * exp(-40.0));
    assert_true(a[2] == 0.0 && d[2] == 0.0);  /* e^-800 underflows: 0, not NaN */
    assert_true(a[3] == 40.0 && d[3] == 1.0);  /* e^-40 is below half an ulp of 40 */
}

static void softmax_should_normalise_rows_without_overflow(void **state)
{
    (void)state;
    const double z[6] = {1000.0, 1000.0, 1000.0, 0.0, log(2.0), log(3.0)};
    double a[6];
    mlp_activation_forward(MLP_ACT_SOFTMAX, z, a, 2, 3);
    for (int j = 0; j < 3; j++)
        assert_close(a[j], 1.0 / 3.0, 1e-15);
    assert_close(a[3], 1.0 / 6.0, 1e-15);
    assert_close(a[4], 2.0 / 6.0, 1e-15);
    assert_close(a[5], 3.0 / 6.0, 1e-15);
}

static void sigmoid_should_not_overflow_at_extremes(void **state)
{
    (void)state;
    const double z[2] = {-800.0, 800.0};
    double a[2];
    mlp_activation_forward(MLP_ACT_SIGMOID, z, a, 1, 2);
    assert_true(a[0] >= 0.0 && a[0] < 1e-300);
    assert_true(a[1] == 1.0);
}

/* Loss g(A) = sum_i w_i A_i with fixed weights w, so dA = w; the backward
 * kernel's dZ must equal the central difference of g(f(Z)) in each z_k.
 * h = 1e-6 with a two-point stencil: error ~ h^2 |f'''| + eps/h ~ 1e-10,
 * hence the 1e-8 tolerance. Points stay away from the relu kink. */
static void backward_should_match_finite_differences(void **state)
{
    (void)state;
    enum { R = 2, C = 3 };
    const double z0[R * C] = {0.3, -1.2, 2.0, -0.4, 0.9, -2.5};
    const double w[R * C] = {0.7, -1.1, 0.4, 1.3, 0.2, -0.6};
    for (int act = 0; act < MLP_ACT_COUNT; act++) {
        double A[R * C], dZ[R * C];
        mlp_activation_forward((mlp_activation)act, z0, A, R, C);
        mlp_activation_backward((mlp_activation)act, A, w, dZ, R, C);
        double nonzero = 0.0;
        for (int k = 0; k < R * C; k++) {
            const double h = 1e-6;
            double z[R * C], a[R * C], g[2];
            for (int s = 0; s < 2; s++) {
                memcpy(z, z0, sizeof z);
                z[k] += s ? h : -h;
                mlp_activation_forward((mlp_activation)act, z, a, R, C);
                g[s] = 0.0;
                for (int i = 0; i < R * C; i++)
                    g[s] += w[i] * a[i];
            }
            double numeric = (g[1] - g[0]) / (2 * h);
            if (fabs(dZ[k] - numeric) > 1e-8)
                fail_msg("%s: dZ[%d] = %.12g, finite difference %.12g",
                         mlp_activation_name((mlp_activation)act), k, dZ[k], numeric);
            nonzero += fabs(dZ[k]);
        }
        assert_true(nonzero > 0.1); /* the comparison was not vacuous */
    }
}

static void backward_should_work_in_place(void **state)
{
    (void)state;
    const double z[3] = {0.5, -0.5, 1.5};
    double A[3], d1[3] = {1, 2, 3}, d2[3];
    for (int act = 0; act < MLP_ACT_COUNT; act++) {
        mlp_activation_forward((mlp_activation)act, z, A, 1, 3);
        double dA[3] = {1, 2, 3};
        mlp_activation_backward((mlp_activation)act, A, d1, d2, 1, 3);
        mlp_activation_backward((mlp_activation)act, A, dA, dA, 1, 3);
        assert_memory_equal(dA, d2, sizeof d2);
    }
}

static void kink_should_be_reported_for_relus_only(void **state)
{
    (void)state;
    for (int act = 0; act < MLP_ACT_COUNT; act++)
        assert_int_equal(mlp_activation_has_kink((mlp_activation)act),
                         act == MLP_ACT_RELU || act == MLP_ACT_LEAKY_RELU);
}

/* ------------------------------------------------------------------------ */
/* The table */

static void table_should_describe_every_kind(void **state)
{
    (void)state;
    for (int a = 0; a < MLP_ACT_COUNT; a++) {
        const mlp_activation_info *in = mlp_activation_info_of((mlp_activation)a);
        assert_non_null(in);
        assert_int_equal(in->kind, a);
        assert_non_null(in->name);
        assert_true(strlen(in->name) > 0);
        /* Exactly one pair of kernels: element-wise, or row-wise (flag ROWS). */
        int rows = (in->flags & MLP_ACT_FLAG_ROWS) != 0;
        assert_int_equal(in->forward != NULL, !rows);
        assert_int_equal(in->backward != NULL, !rows);
        assert_int_equal(in->forward_rows != NULL, rows);
        assert_int_equal(in->backward_rows != NULL, rows);
        /* --trace formulas: "A{l} = ...", and the slope or the Jacobian. */
        assert_non_null(in->formula);
        assert_non_null(strstr(in->formula, "A{l}"));
        assert_int_equal(in->slope_formula != NULL, !rows);
        assert_int_equal(in->jacobian_formula != NULL, rows);
        if (rows)
            assert_true(strncmp(in->jacobian_formula, "dZ{l}", 5) == 0);
        assert_int_equal(in->slope != NULL, !rows);
        /* The range, as numbers and as text. */
        assert_non_null(in->range);
        assert_true(in->lo < in->hi);
        /* Flags that other modules read need their fields. */
        if (in->flags & MLP_ACT_FLAG_PROBABILITY) {
            assert_non_null(in->mse_slope_words);
            assert_true(in->lo == 0 && in->hi == 1);
        }
        if (in->flags & MLP_ACT_FLAG_SATURATES)
            assert_non_null(in->slope);
        /* The diagnosis says a dead unit "outputs 0". */
        if (in->flags & MLP_ACT_FLAG_CAN_DIE)
            assert_true(in->lo == 0);
        assert_int_equal(mlp_activation_has_kink((mlp_activation)a),
                         (in->flags & MLP_ACT_FLAG_KINK) != 0);
        /* Names are unique. */
        for (int b = 0; b < a; b++)
            assert_string_not_equal(in->name, mlp_activation_info_of((mlp_activation)b)->name);
    }
    assert_null(mlp_activation_info_of(MLP_ACT_COUNT));
    assert_null(mlp_activation_info_of((mlp_activation)-1));
    assert_string_equal(mlp_activation_name(MLP_ACT_COUNT), "?");
}

static void table_names_should_round_trip(void **state)
{
    (void)state;
    for (int a = 0; a < MLP_ACT_COUNT; a++) {
        const mlp_activation_info *in = mlp_activation_info_of((mlp_activation)a);
        assert_ptr_equal(mlp_activation_info_by_name(in->name), in);
        assert_string_equal(mlp_activation_name((mlp_activation)a), in->name);
    }
    assert_null(mlp_activation_info_by_name("sigmod"));
    assert_null(mlp_activation_info_by_name("Tanh"));
    assert_null(mlp_activation_info_by_name(""));
}

/* Every output lies in the table's closed range [lo, hi], over z from -800
 * (where e^z underflows) to 800, and the range text names the bounds. */
static void outputs_should_lie_in_the_table_range(void **state)
{
    (void)state;
    enum { N = 33 };
    double z[N], A[N];
    for (int i = 0; i < N; i++)
        z[i] = (i - N / 2) * 50.0;
    z[N / 2 + 1] = 0.5, z[N / 2 - 1] = -0.5;
    for (int a = 0; a < MLP_ACT_COUNT; a++) {
        const mlp_activation_info *in = mlp_activation_info_of((mlp_activation)a);
        /* Row-wise kinds normalise a row of 3. */
        size_t rows = in->forward ? 1 : N / 3, cols = in->forward ? N : 3;
        mlp_activation_forward((mlp_activation)a, z, A, rows, cols);
        for (size_t i = 0; i < rows * cols; i++)
            if (!(A[i] >= in->lo && A[i] <= in->hi))
                fail_msg("%s(%g) = %g, outside %s", in->name, z[i], A[i], in->range);
        char lo[32], hi[32];
        snprintf(lo, sizeof lo, "%g", in->lo);
        snprintf(hi, sizeof hi, "%g", in->hi);
        assert_non_null(strstr(in->range, lo));
        assert_non_null(strstr(in->range, hi));
    }
}

/* The scalar slope the diagnosis uses is the backward kernel with dA = 1,
 * bit for bit. */
static void slope_should_equal_the_backward_kernel(void **state)
{
    (void)state;
    const double z[6] = {-3.0, -0.7, 0.0, 0.2, 1.5, 4.0};
    const double ones[6] = {1, 1, 1, 1, 1, 1};
    for (int a = 0; a < MLP_ACT_COUNT; a++) {
        const mlp_activation_info *in = mlp_activation_info_of((mlp_activation)a);
        if (!in->slope)
            continue;
        double A[6], dZ[6];
        mlp_activation_forward((mlp_activation)a, z, A, 1, 6);
        mlp_activation_backward((mlp_activation)a, A, ones, dZ, 1, 6);
        for (int i = 0; i < 6; i++)
            if (in->slope(A[i]) != dZ[i])
                fail_msg("%s: slope(%g) = %.17g, backward %.17g", in->name, A[i],
                         in->slope(A[i]), dZ[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_should_round_trip),
        cmocka_unit_test(forward_should_match_closed_forms),
        cmocka_unit_test(softplus_should_match_its_textbook_form),
        cmocka_unit_test(softplus_should_stay_exact_at_extremes),
        cmocka_unit_test(softmax_should_normalise_rows_without_overflow),
        cmocka_unit_test(sigmoid_should_not_overflow_at_extremes),
        cmocka_unit_test(backward_should_match_finite_differences),
        cmocka_unit_test(backward_should_work_in_place),
        cmocka_unit_test(kink_should_be_reported_for_relus_only),
        cmocka_unit_test(table_should_describe_every_kind),
        cmocka_unit_test(table_names_should_round_trip),
        cmocka_unit_test(outputs_should_lie_in_the_table_range),
        cmocka_unit_test(slope_should_equal_the_backward_kernel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
