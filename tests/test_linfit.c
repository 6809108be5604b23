/* SPDX-License-Identifier: MIT */
/* test_linfit.c: the least-squares fit of the targets on the inputs
 * (linfit.h) against fits solved by hand: its R^2, the products it sums,
 * and the rule the diagnosis draws from them for a linear network. The
 * centred sums are made here by plain loops, not by the library. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "check.h"
#include "linfit.h"
#include "mlp/diagnose.h"

enum { MAX_F = 4, MAX_K = 2 };

/* The centred sums of N rows: G (F x F) of x x^T, sxy (F x K) of x t, stt
 * (K) of t^2, the way the textbook writes them. */
static void centred_sums(const double *X, const double *Y, size_t N, size_t F, size_t K,
                         double *G, double *sxy, double *stt)
{
    double mx[MAX_F] = {0}, mt[MAX_K] = {0};
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < F; j++)
            mx[j] += X[i * F + j] / (double)N;
        for (size_t k = 0; k < K; k++)
            mt[k] += Y[i * K + k] / (double)N;
    }
    memset(G, 0, F * F * sizeof *G);
    memset(sxy, 0, F * K * sizeof *sxy);
    memset(stt, 0, K * sizeof *stt);
    for (size_t i = 0; i < N; i++)
        for (size_t a = 0; a < F; a++) {
            for (size_t b = 0; b < F; b++)
                G[a * F + b] += (X[i * F + a] - mx[a]) * (X[i * F + b] - mx[b]);
            for (size_t k = 0; k < K; k++)
                sxy[a * K + k] += (X[i * F + a] - mx[a]) * (Y[i * K + k] - mt[k]);
        }
    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < K; k++)
            stt[k] += (Y[i * K + k] - mt[k]) * (Y[i * K + k] - mt[k]);
}

/* The R^2 of each target column through mlp_linfit_factor and
 * mlp_linfit_r2, into r2 (K). */
static void fit(const double *X, const double *Y, size_t N, size_t F, size_t K, double *r2)
{
    double G[MAX_F * MAX_F], sxy[MAX_F * MAX_K], stt[MAX_K], sc[MAX_F], z[MAX_F];
    centred_sums(X, Y, N, F, K, G, sxy, stt);
    mlp_linfit_factor(G, F, sc);
    for (size_t k = 0; k < K; k++)
        r2[k] = mlp_linfit_r2(G, sc, sxy, stt[k], F, K, k, z);
}

/* Six rows x = (1,2) (2,1) (3,5) (4,3) (5,6) (6,4), y = 2 7 1 8 2 8.
 * Centred sums: S11 = S22 = 35/2, S12 = 23/2, S1y = 11, S2y = -14,
 * Syy = 166/3. The normal equations [S11 S12; S12 S22] b = [S1y; S2y]
 * give b = (707/348, -743/348) (det 306/4 = 153/2), and the fitted sum of
 * squares b . s = (707 11 + 743 14)/348 = 18179/348, so
 * R^2 = (18179/348) / (166/3) = 18179/19256 = 0.94406938097216...;
 * numpy's lstsq on [1 x1 x2] gives 1 - SSR/SST = 0.9440693809721645 too.
 * Each input alone fits far less (r^2 = S1y^2/(S11 Syy) = 0.125 and
 * 0.202): the fit is of both together. */
static void r2_should_be_the_fit_on_the_inputs_together(void **state)
{
    (void)state;
    static const double X[] = {1, 2, 2, 1, 3, 5, 4, 3, 5, 6, 6, 4};
    static const double Y[] = {2, 7, 1, 8, 2, 8};
    double r2;
    fit(X, Y, 6, 2, 1, &r2);
    assert_close(r2, 18179.0 / 19256.0, 1e-13);
    /* Swapping the inputs changes the order of the factoring, not the fit. */
    static const double Xs[] = {2, 1, 1, 2, 5, 3, 3, 4, 6, 5, 4, 6};
    fit(Xs, Y, 6, 2, 1, &r2);
    assert_close(r2, 18179.0 / 19256.0, 1e-13);
}

/* XOR's four rows, x1 x2 in {0, 1}, with two target columns. Centred, x1
 * = (-1, 1, -1, 1)/2 and x2 = (-1, -1, 1, 1)/2 in the rows' order 00 10
 * 01 11, and the one direction left of the four rows beyond the constant
 * is e = (1, -1, -1, 1), orthogonal to both. y0 = x1 xor x2 = (0 1 1 0) =
 * 1/2 - e/2: R^2 = 0. y1 = x1 + 2 x2 + e = (1 0 1 4): the fit is x1 + 2
 * x2, whose centred sum of squares is 2.25 + 0.25 + 0.25 + 2.25 = 5, and
 * e's is 4, so R^2 = 5/9. Two more inputs, x1 + x2 (a sum of the others)
 * and a constant 5, add nothing: they are left out (pivot 0) rather than
 * dividing by 0, and the R^2 stay. */
static void r2_should_leave_out_inputs_that_add_nothing(void **state)
{
    (void)state;
    static const double X2[] = {0, 0, 1, 0, 0, 1, 1, 1};
    static const double X4[] = {0, 0, 0, 5, 1, 0, 1, 5, 0, 1, 1, 5, 1, 1, 2, 5};
    static const double Y[] = {0, 1, 1, 0, 1, 1, 0, 4};
    double r2[2];
    fit(X2, Y, 4, 2, 2, r2);
    assert_close(r2[0], 0.0, 1e-14);
    assert_close(r2[1], 5.0 / 9.0, 1e-14);
    fit(X4, Y, 4, 4, 2, r2);
    assert_close(r2[0], 0.0, 1e-14);
    assert_close(r2[1], 5.0 / 9.0, 1e-14);
    /* The floor MLP_DIAG_LINEAR_PIVOT (1e-9) of what x2 adds beyond x1:
     * x1 = a, x2 = a + e b, y = b, over 8 rows of the orthogonal, centred
     * a = (1, -1, 1, -1, ...) and b = (1, 1, -1, -1, ...). x2's share of
     * variance that x1 leaves is e^2 / (1 + e^2): e = 1e-4 gives 1e-8, kept,
     * and y = (x2 - x1) / e is fitted exactly (R^2 1, to the 1e-8 relative
     * that rounding leaves of that small a pivot); e = 1e-6 gives 1e-12, left
     * out, and the R^2 is x1's alone, 0 (the part of the target the rule
     * misses, diagnose.h). */
    for (int small = 0; small <= 1; small++) {
        double e = small ? 1e-6 : 1e-4, Xe[8 * 2], Ye[8];
        for (int i = 0; i < 8; i++) {
            double a = i % 2 ? -1 : 1, b = (i / 2) % 2 ? -1 : 1;
            Xe[2 * i] = a;
            Xe[2 * i + 1] = a + e * b;
            Ye[i] = b;
        }
        fit(Xe, Ye, 8, 2, 1, r2);
        assert_close(r2[0], small ? 0.0 : 1.0, small ? 1e-14 : 1e-6);
    }
    /* A constant target column is fitted by its constant: R^2 0. */
    static const double Yc[] = {3, 3, 3, 3};
    fit(X2, Yc, 4, 2, 1, r2);
    assert_true(r2[0] == 0.0);
}

/* mlp_linfit_add_gram centres each row and sums x x^T through a buffer of
 * MLP_DIAG_GRAM_ROWS rows. XOR's rows with x1 + x2 and a constant, 40
 * times over (160 rows: two full buffers and a part), centred on their
 * means (1/2, 1/2, 1, 5): per copy, x1 and x2 are (+-1/2) each and
 * orthogonal, x1 + x2 is (-1, 0, 0, 1), the constant is 0, so the sums are
 * 40 [1 0 1 0; 0 1 1 0; 1 1 2 0; 0 0 0 0]. Added to what G held. */
static void gram_should_sum_centred_products_past_a_buffer(void **state)
{
    (void)state;
    enum { COPIES = 40, N = 4 * COPIES, F = 4 };
    static const double row[4][F] = {{0, 0, 0, 5}, {1, 0, 1, 5}, {0, 1, 1, 5}, {1, 1, 2, 5}};
    static double X[N * F];
    for (size_t i = 0; i < N; i++)
        memcpy(X + i * F, row[i % 4], sizeof row[0]);
    static const double want[F * F] = {1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 2, 0, 0, 0, 0, 0};
    const double mx[F] = {0.5, 0.5, 1, 5};
    double G[F * F], buf[MLP_DIAG_GRAM_ROWS * F], ones[F];
    for (size_t i = 0; i < F * F; i++)
        G[i] = 1; /* added to */
    assert_true(N > 2 * MLP_DIAG_GRAM_ROWS && N % MLP_DIAG_GRAM_ROWS);
    mlp_linfit_add_gram(G, X, N, F, mx, buf, ones);
    for (size_t i = 0; i < F * F; i++)
        assert_close(G[i], 1 + COPIES * want[i], 1e-13);
}

static int uncorrelated(const double *X, const double *Y, size_t N, size_t F, size_t K)
{
    mlp_dataset data = {.n_rows = N, .n_features = F, .n_outputs = K, .X = (double *)X,
                        .Y = (double *)Y};
    mlp_error err;
    int none = -1;
    assert_int_equal(mlp_linfit_uncorrelated(NULL, &data, NULL, NULL, &none, &err), MLP_OK);
    return none;
}

/* The rule: no column's R^2 above MLP_DIAG_LINEAR_R2. XOR (R^2 0, above)
 * has none; with y1 beside it (5/9) one column is fitted; so are the six
 * rows of R^2 0.944; and two near-copies x1 = a, x2 = a + 0.01 b with y = b, each alone within
 * the bound (x1 is uncorrelated with b by construction, x2 by a share of
 * about 1e-4), fit y exactly together (x2 - x1 = 0.01 b): R^2 1, which
 * only the joint fit sees. */
static void rule_should_judge_the_inputs_together(void **state)
{
    (void)state;
    static const double X2[] = {0, 0, 1, 0, 0, 1, 1, 1};
    static const double Yxor[] = {0, 1, 1, 0};
    static const double Y2[] = {0, 1, 1, 0, 1, 1, 0, 4};
    assert_int_equal(uncorrelated(X2, Yxor, 4, 2, 1), 1);
    assert_int_equal(uncorrelated(X2, Y2, 4, 2, 2), 0);
    static const double X6[] = {1, 2, 2, 1, 3, 5, 4, 3, 5, 6, 6, 4};
    static const double Y6[] = {2, 7, 1, 8, 2, 8};
    assert_int_equal(uncorrelated(X6, Y6, 6, 2, 1), 0);
    /* a = (1, -1, 1, -1, ...), b = (1, 1, -1, -1, ...): orthogonal, both
     * centred, over 8 rows. */
    static double Xc[8 * 2], Yc[8];
    for (int i = 0; i < 8; i++) {
        double a = i % 2 ? -1 : 1, b = (i / 2) % 2 ? -1 : 1;
        Xc[2 * i] = a;
        Xc[2 * i + 1] = a + 0.01 * b;
        Yc[i] = b;
    }
    /* x2 alone: S22 = 8 + 0.0008 (sum a b = 0), S2y = 0.08, Syy = 8, so
     * r^2 = 0.0064 / (8.0008 8) ~ 1e-4, within the bound. */
    static double X2only[8];
    for (int i = 0; i < 8; i++)
        X2only[i] = Xc[2 * i + 1];
    assert_int_equal(uncorrelated(X2only, Yc, 8, 1, 1), 1);
    assert_int_equal(uncorrelated(Xc, Yc, 8, 2, 1), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(r2_should_be_the_fit_on_the_inputs_together),
        cmocka_unit_test(r2_should_leave_out_inputs_that_add_nothing),
        cmocka_unit_test(gram_should_sum_centred_products_past_a_buffer),
        cmocka_unit_test(rule_should_judge_the_inputs_together),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
