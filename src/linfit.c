/* SPDX-License-Identifier: MIT */
/* linfit.c: the least-squares fit of the targets on the inputs that tells
 * the diagnosis whether a linear network can beat chance (linfit.h). Moved
 * from diagnose.c unchanged, but for joint_fit's two halves, the factoring
 * and each column's R^2, which are now functions of their own so that a
 * test can check the R^2 itself; the share of the targets' variance the
 * fit leaves (mlp_linfit_judge) gives the diagnosis the best linear fit's
 * mse. */
#include "linfit.h"

#include <math.h>
#include <stdlib.h>

#include "alloc.h"
#include "gemm.h"
#include "mlp/diagnose.h"
#include "reduce.h"

void mlp_linfit_add_gram(double *G, const double *X, size_t N, size_t F, const double *mx,
                         double *buf, double *ones)
{
    for (size_t at = 0; at < N; at += MLP_DIAG_GRAM_ROWS) {
        size_t m = N - at < MLP_DIAG_GRAM_ROWS ? N - at : MLP_DIAG_GRAM_ROWS;
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < F; j++)
                buf[i * F + j] = X[(at + i) * F + j] - mx[j];
        /* G += buf^T buf (its column sums, unused, go to ones). */
        mlp_gemm_weight_grad(buf, buf, G, ones, m, F, F);
    }
}

/* The inputs are scaled to unit variance (G becomes their correlation
 * matrix) so that the pivot floor is a share of each input's variance,
 * whatever its units. What an input left out adds beyond the inputs kept
 * is a part of at most sqrt(MLP_DIAG_LINEAR_PIVOT), 3e-5, of its standard
 * deviation. A target carried by so small a part alone is missed (a column
 * c = (a + b) / 2 + 1e-6 y, with y = a xor b, has a joint R^2 of 1 and is
 * told to add a hidden layer); a linear net could hardly learn from it
 * either, and a lower floor would let rounding decide. */
void mlp_linfit_factor(double *G, size_t F, double *sc)
{
    for (size_t j = 0; j < F; j++)
        sc[j] = G[j * F + j] > 0 ? sqrt(G[j * F + j]) : 0.0;
    for (size_t i = 0; i < F; i++)
        for (size_t j = 0; j <= i; j++)
            G[i * F + j] = sc[i] > 0 && sc[j] > 0 ? G[i * F + j] / (sc[i] * sc[j]) : 0.0;
    /* L_jj = 0 marks an input left out; its column of L is 0. */
    for (size_t j = 0; j < F; j++) {
        double d = G[j * F + j];
        for (size_t p = 0; p < j; p++)
            d -= G[j * F + p] * G[j * F + p];
        double l = d > MLP_DIAG_LINEAR_PIVOT ? sqrt(d) : 0.0;
        G[j * F + j] = l;
        for (size_t i = j + 1; i < F; i++) {
            double v = G[i * F + j];
            for (size_t p = 0; p < j; p++)
                v -= G[i * F + p] * G[j * F + p];
            G[i * F + j] = l > 0 ? v / l : 0.0;
        }
    }
}

/* Forward substitution on the kept inputs: z_j is what input j adds to the
 * fit beyond the inputs before it, in units of the column's standard
 * deviation, so the squares add up to the share of its variance fitted. */
double mlp_linfit_r2(const double *G, const double *sc, const double *sxy, double stt_k,
                     size_t F, size_t K, size_t k, double *z)
{
    if (!(stt_k > 0))
        return 0.0;
    double r2 = 0;
    for (size_t j = 0; j < F; j++) {
        double v = G[j * F + j] > 0 ? sxy[j * K + k] / (sc[j] * sqrt(stt_k)) : 0.0;
        for (size_t p = 0; p < j && G[j * F + j] > 0; p++)
            v -= G[j * F + p] * z[p];
        z[j] = G[j * F + j] > 0 ? v / G[j * F + j] : 0.0;
        r2 += z[j] * z[j];
    }
    return r2;
}

/* *none = 1 when every column's R^2, from the centred sums G (F x F, both
 * halves; factored in place), sxy (F x K) and stt (K), is at most
 * MLP_DIAG_LINEAR_R2. A constant column counts as none: the best constant
 * is its best fit. With left, every column is fitted (not only up to the
 * first beyond the bound), and *left is the share of the columns' summed
 * variance the fits leave, sum (1 - R^2_k) stt_k / sum stt_k: the best
 * linear fit's mse over the best constant's (NaN when every column is
 * constant). sc, z: F values of scratch each. */
static void joint_fit(double *G, const double *sxy, const double *stt, size_t F, size_t K,
                      double *sc, double *z, int *none, double *left)
{
    mlp_linfit_factor(G, F, sc);
    *none = 1;
    double kept = 0, total = 0;
    for (size_t k = 0; (*none || left) && k < K; k++) {
        double r2 = mlp_linfit_r2(G, sc, sxy, stt[k], F, K, k, z);
        if (!(r2 <= MLP_DIAG_LINEAR_R2))
            *none = 0;
        /* Rounding can take R^2 a hair past 1: nothing is left then. */
        kept += (r2 < 1 ? 1 - r2 : 0) * stt[k];
        total += stt[k];
    }
    if (left)
        *left = total > 0 ? kept / total : NAN;
}

/* Every column's R^2 within the bound says no linear model beats the best
 * constant output: the gradient of a linear model at that constant,
 * X^T (m - T), is then (near) 0, so by convexity that constant is (near) the
 * best linear fit. XOR's R^2 is exactly 0. Each input's own correlation is
 * not enough: two near-copies x1 = a, x2 = a + 0.01 b correlate with
 * y = (b > 0) by about 0.01 each, yet x2 - x1 predicts it. Three passes
 * (the means; the centred sums of x t, x^2 and t^2; when every input's own
 * squared correlation is within the bound, the products x x^T of every
 * pair), each summed over every process by reduce, so that every process
 * judges every row alike (mlp_reduce_sums: training's hook, the one the
 * caller has; the data readers' mlp_parts gathers every process's bytes,
 * F x F sums from each, where the hook adds them up in place). Beyond
 * MLP_DIAG_LINEAR_MAX_INPUTS the F x F sums cost too much. Every process
 * agrees first that it has the memory: a process alone out of it would
 * leave the others waiting in the reduction. */
mlp_status mlp_linfit_judge(const mlp_net *net, const mlp_dataset *data,
                            mlp_train_reduce_fn reduce, void *ctx, int want_left, int *none,
                            double *left, mlp_error *err)
{
    size_t N = data->X && data->Y ? data->n_rows : 0, F = data->n_features, K = data->n_outputs;
    *none = 0;
    *left = NAN;
    /* The means (F + K), then the sums of x t (F x K), of x^2 (F), of t^2
     * (K); then x x^T (F x F), a buffer of rows and 3 F of scratch. */
    size_t gram = F <= MLP_DIAG_LINEAR_MAX_INPUTS ? F * F + (MLP_DIAG_GRAM_ROWS + 3) * F : 0;
    double *v = F && K ? mlp_alloc_zero(2 * (F + K) + F * K + gram, sizeof *v) : NULL;
    int failed = F && K && !v;
    if (reduce) {
        mlp_net_pass agree = {.rows = 1, .correct = (size_t)failed};
        mlp_status st = reduce(ctx, NULL, 0, &agree, err);
        if (st) {
            free(v);
            return st;
        }
        failed = agree.correct > 0;
    }
    if (failed) {
        free(v);
        return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0,
                             "out of memory for the correlations of the inputs with the targets");
    }
    if (!v)
        return MLP_OK;
    double *mx = v, *mt = v + F, *sxy = v + F + K, *sxx = sxy + F * K, *stt = sxx + F;
    double *G = stt + K, *buf = G + F * F, *scratch = buf + MLP_DIAG_GRAM_ROWS * F;
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < F; j++)
            mx[j] += data->X[i * F + j];
        for (size_t k = 0; k < K; k++)
            mt[k] += data->Y[i * K + k];
    }
    size_t all;
    mlp_status st = mlp_reduce_sums(net, N, v, F + K, reduce, ctx, &all, err);
    for (size_t j = 0; !st && all >= 2 && j < F + K; j++)
        v[j] /= (double)all;
    for (size_t i = 0; !st && all >= 2 && i < N; i++)
        for (size_t j = 0; j < F; j++) {
            double x = data->X[i * F + j] - mx[j];
            sxx[j] += x * x;
            for (size_t k = 0; k < K; k++)
                sxy[j * K + k] += x * (data->Y[i * K + k] - mt[k]);
        }
    for (size_t i = 0; !st && all >= 2 && i < N; i++)
        for (size_t k = 0; k < K; k++)
            stt[k] += (data->Y[i * K + k] - mt[k]) * (data->Y[i * K + k] - mt[k]);
    if (!st && all >= 2)
        st = mlp_reduce_sums(net, N, sxy, F * K + F + K, reduce, ctx, &all, err);
    /* The joint R^2 is at least each input's own r^2: one input beyond the
     * bound settles it without the F x F sums. */
    int alone = !st && all >= 2;
    for (size_t k = 0; alone && k < K; k++)
        for (size_t j = 0; j < F; j++)
            if (sxx[j] > 0 && stt[k] > 0 &&
                !(sxy[j * K + k] / sxx[j] * (sxy[j * K + k] / stt[k]) <= MLP_DIAG_LINEAR_R2))
                alone = 0;
    /* want_left is the caller's, the same on every process, and so is
     * alone (of the summed sums): every process takes the F x F sums or
     * none does. */
    if ((alone || (want_left && !st && all >= 2)) && gram) {
        mlp_linfit_add_gram(G, data->X, N, F, mx, buf, scratch);
        st = mlp_reduce_sums(net, N, G, F * F, reduce, ctx, &all, err);
        if (!st)
            joint_fit(G, sxy, stt, F, K, scratch, scratch + F, none, want_left ? left : NULL);
        /* An input correlated alone settles *none at 0 whatever the fit. */
        *none = *none && alone;
    }
    free(v);
    return st;
}

mlp_status mlp_linfit_uncorrelated(const mlp_net *net, const mlp_dataset *data,
                                   mlp_train_reduce_fn reduce, void *ctx, int *none,
                                   mlp_error *err)
{
    double left;
    return mlp_linfit_judge(net, data, reduce, ctx, 0, none, &left, err);
}
