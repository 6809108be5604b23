/* SPDX-License-Identifier: MIT */
/* test_activation.c: each activation at values known in closed form, and
 * each backward kernel against central differences of its forward kernel. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_should_round_trip),
        cmocka_unit_test(forward_should_match_closed_forms),
        cmocka_unit_test(softmax_should_normalise_rows_without_overflow),
        cmocka_unit_test(sigmoid_should_not_overflow_at_extremes),
        cmocka_unit_test(backward_should_match_finite_differences),
        cmocka_unit_test(backward_should_work_in_place),
        cmocka_unit_test(kink_should_be_reported_for_relus_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
