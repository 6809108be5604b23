/* SPDX-License-Identifier: MIT */
/* loss.c: each loss's value next to its gradient with respect to the output
 * logits and its chance level, and the table (at the end) that describes
 * every loss to the rest of mlp. The cross-entropies are computed from
 * logits, never from clamped probabilities; docs/losses.md has the
 * derivations. */
#include "mlp/loss.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vmath.h"

/* ---------------------------------------------------------------------------
 * mse: l = (y - t)^2 per element; dl/dy = 2 (y - t), then through f'. */
static double mse_sum(const double *A, const double *T, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = A[i] - T[i];
        s += d * d;
    }
    return s;
}

static void mse_backward(mlp_activation out, const double *A, const double *T, double *dZ,
                         size_t rows, size_t cols, double scale)
{
    size_t n = rows * cols;
    for (size_t i = 0; i < n; i++)
        dZ[i] = 2.0 * scale * (A[i] - T[i]);
    mlp_activation_backward(out, A, dZ, dZ, rows, cols);
}

/* ---------------------------------------------------------------------------
 * cross_entropy fused with softmax, per row:
 *   l = -sum_k t_k (z_k - lse(z)) = lse(z) sum_k t_k - sum_k t_k z_k,
 *   lse(z) = m + log sum_j e^(z_j - m), m = max_j z_j.
 * Gradient: dl/dz_k = y_k sum_j t_j - t_k, which is y_k - t_k for one-hot t.
 * The softmax Jacobian is already inside this form: applying it again is the
 * classic bug. */
/* Rows go in blocks through a stack buffer so exp and log run vectorised
 * (vmath.h); a row wider than the buffer goes in pieces. */
#define LOSS_BLOCK 512

static double cross_entropy_sum(const double *Z, const double *T, size_t rows, size_t cols)
{
    double s = 0.0;
    if (cols == 0)
        return s;
    double e[LOSS_BLOCK], se[LOSS_BLOCK], m[LOSS_BLOCK];
    size_t per = cols <= LOSS_BLOCK ? LOSS_BLOCK / cols : 1; /* rows per block */
    for (size_t r0 = 0; r0 < rows; r0 += per) {
        size_t nr = rows - r0 < per ? rows - r0 : per;
        for (size_t r = 0; r < nr; r++) {
            const double *z = Z + (r0 + r) * cols;
            double mx = z[0];
            for (size_t j = 1; j < cols; j++)
                mx = z[j] > mx ? z[j] : mx;
            m[r] = mx;
            se[r] = 0.0;
        }
        for (size_t j0 = 0; j0 < cols; j0 += LOSS_BLOCK) { /* one piece unless cols > LOSS_BLOCK */
            size_t nc = cols - j0 < LOSS_BLOCK ? cols - j0 : LOSS_BLOCK;
            for (size_t r = 0; r < nr; r++)
                for (size_t j = 0; j < nc; j++)
                    e[r * nc + j] = Z[(r0 + r) * cols + j0 + j] - m[r];
            mlp_vexp(e, e, nr * nc);
            for (size_t r = 0; r < nr; r++)
                for (size_t j = 0; j < nc; j++)
                    se[r] += e[r * nc + j];
        }
        mlp_vlog(se, se, nr);
        for (size_t r = 0; r < nr; r++) {
            const double *z = Z + (r0 + r) * cols;
            const double *t = T + (r0 + r) * cols;
            double tsum = 0.0, tz = 0.0;
            for (size_t j = 0; j < cols; j++) {
                tsum += t[j];
                tz += t[j] * (z[j] - m[r]);
            }
            s += se[r] * tsum - tz;
        }
    }
    return s;
}

static void cross_entropy_backward(const double *A, const double *T, double *dZ, size_t rows,
                                   size_t cols, double scale)
{
    for (size_t r = 0; r < rows; r++) {
        const double *a = A + r * cols;
        const double *t = T + r * cols;
        double *dz = dZ + r * cols;
        double tsum = 0.0;
        for (size_t j = 0; j < cols; j++)
            tsum += t[j];
        for (size_t j = 0; j < cols; j++)
            dz[j] = scale * (a[j] * tsum - t[j]);
    }
}

/* ---------------------------------------------------------------------------
 * binary_cross_entropy fused with sigmoid, per element:
 *   l = -[t log s(z) + (1-t) log(1-s(z))] = max(z,0) - t z + log1p(e^-|z|)
 * (e^-|z| <= 1, so nothing overflows and log1p keeps precision when it is tiny).
 * Gradient: dl/dz = s(z) - t. */
static double binary_cross_entropy_sum(const double *Z, const double *T, size_t n)
{
    double s = 0.0, e[LOSS_BLOCK];
    for (size_t i0 = 0; i0 < n; i0 += LOSS_BLOCK) {
        size_t m = n - i0 < LOSS_BLOCK ? n - i0 : LOSS_BLOCK;
        for (size_t i = 0; i < m; i++)
            e[i] = -fabs(Z[i0 + i]);
        mlp_vexp(e, e, m);
        mlp_vlog1p(e, e, m);
        for (size_t i = 0; i < m; i++) {
            double z = Z[i0 + i];
            s += (z > 0.0 ? z : 0.0) - T[i0 + i] * z + e[i];
        }
    }
    return s;
}

static void binary_cross_entropy_backward(const double *A, const double *T, double *dZ, size_t n,
                                          double scale)
{
    for (size_t i = 0; i < n; i++)
        dZ[i] = scale * (A[i] - T[i]);
}

/* ---------------------------------------------------------------------------
 * The loss of a committee: the mean output ybar = (y_1 + ... + y_M) / M of M
 * models, each y_m = f(z_m) from its own logits z_m. ybar has no logits of
 * its own, and log ybar taken directly is -inf once every member's
 * probability rounds to 0 (or a sigmoid to 1), so the log of the mean is
 * taken from the members' log-probabilities:
 *   log ybar = logsumexp_m(log y_m) - log M
 *   cross_entropy:        log y_{m,k} = z_{m,k} - lse(z_m)            per row
 *                         l = -sum_k t_k log ybar_k
 *   binary_cross_entropy: log s(z) = -(max(-z,0) + log1p(e^-|z|)),  log(1 - s(z)) = log s(-z)
 *                         l = -[t log ybar + (1-t) log(1 - ybar)]   per element
 *   mse:                  l = (ybar - t)^2, from ybar itself.
 * Every term is finite. A term whose weight t (or 1 - t) is 0 is skipped.
 * With M = 1 these are the single-model losses in another order of
 * operations (tests/test_loss.c compares them). */

/* The log of the mean of e^v over a stream of values v: a running maximum
 * mx and s = sum e^(v - mx), rescaled when the maximum moves, so no e^v
 * overflows or underflows on its own. */
typedef struct {
    double mx, s;
    size_t n;
} log_mean;

static void log_mean_add(log_mean *lm, double v)
{
    if (lm->n++ == 0) {
        lm->mx = v;
        lm->s = 1.0;
    } else if (v > lm->mx) {
        lm->s = lm->s * exp(lm->mx - v) + 1.0;
        lm->mx = v;
    } else {
        lm->s += exp(v - lm->mx);
    }
}

static double log_mean_value(const log_mean *lm)
{
    return lm->mx + log(lm->s) - log((double)lm->n);
}

/* log(1 + e^z) = max(z, 0) + log1p(e^-|z|), which nothing overflows; the
 * log-sigmoid is log s(z) = -softplus(-z). */
static double softplus(double z)
{
    return (z > 0.0 ? z : 0.0) + log1p(exp(-fabs(z)));
}

/* lse(z) of one row of logits z (cols values). */
static double row_logsumexp(const double *z, size_t cols)
{
    double mx = z[0], e = 0.0;
    for (size_t j = 1; j < cols; j++)
        mx = z[j] > mx ? z[j] : mx;
    for (size_t j = 0; j < cols; j++)
        e += exp(z[j] - mx);
    return mx + log(e);
}

static double mse_committee_sum(const double *const *Z, size_t n_models, const double *Y,
                                const double *T, size_t rows, size_t cols)
{
    (void)Z, (void)n_models;
    return mse_sum(Y, T, rows * cols);
}

static double cross_entropy_committee_sum(const double *const *Z, size_t n_models,
                                          const double *Y, const double *T, size_t rows,
                                          size_t cols)
{
    (void)Y;
    double s = 0.0;
    for (size_t r = 0; r < rows; r++) {
        for (size_t k = 0; k < cols; k++) {
            double t = T[r * cols + k];
            if (t == 0.0)
                continue;
            log_mean ybar = {0};
            for (size_t m = 0; m < n_models; m++) {
                const double *z = Z[m] + r * cols;
                log_mean_add(&ybar, z[k] - row_logsumexp(z, cols));
            }
            s -= t * log_mean_value(&ybar);
        }
    }
    return s;
}

static double binary_cross_entropy_committee_sum(const double *const *Z, size_t n_models,
                                                 const double *Y, const double *T, size_t rows,
                                                 size_t cols)
{
    (void)Y;
    double s = 0.0;
    for (size_t i = 0; i < rows * cols; i++) {
        log_mean ybar = {0}, one_minus = {0};
        for (size_t m = 0; m < n_models; m++) {
            log_mean_add(&ybar, -softplus(-Z[m][i]));     /* log s(z)     */
            log_mean_add(&one_minus, -softplus(Z[m][i])); /* log(1 - s(z)) */
        }
        if (T[i] != 0.0)
            s -= T[i] * log_mean_value(&ybar);
        if (T[i] != 1.0)
            s -= (1.0 - T[i]) * log_mean_value(&one_minus);
    }
    return s;
}

/* ---------------------------------------------------------------------------
 * Adapters to the one signature of the table, and the chance levels: the
 * mean loss of the best constant output, the column means m_k of T.
 * (They moved here from diagnose.c unchanged.) */

static double mse_value(mlp_activation out, const double *Z, const double *A, const double *T,
                        size_t rows, size_t cols)
{
    (void)out, (void)Z;
    return mse_sum(A, T, rows * cols);
}

static void mse_gradient(mlp_activation out, const double *Z, const double *A, const double *T,
                         double *dZ, size_t rows, size_t cols, double scale)
{
    (void)Z;
    mse_backward(out, A, T, dZ, rows, cols, scale);
}

static double cross_entropy_value(mlp_activation out, const double *Z, const double *A,
                                  const double *T, size_t rows, size_t cols)
{
    (void)out, (void)A;
    return cross_entropy_sum(Z, T, rows, cols);
}

static void cross_entropy_gradient(mlp_activation out, const double *Z, const double *A,
                                   const double *T, double *dZ, size_t rows, size_t cols,
                                   double scale)
{
    (void)out, (void)Z;
    cross_entropy_backward(A, T, dZ, rows, cols, scale);
}

static double binary_cross_entropy_value(mlp_activation out, const double *Z, const double *A,
                                         const double *T, size_t rows, size_t cols)
{
    (void)out, (void)A;
    return binary_cross_entropy_sum(Z, T, rows * cols);
}

static void binary_cross_entropy_gradient(mlp_activation out, const double *Z, const double *A,
                                          const double *T, double *dZ, size_t rows, size_t cols,
                                          double scale)
{
    (void)out, (void)Z;
    binary_cross_entropy_backward(A, T, dZ, rows * cols, scale);
}

/* m_k = mean of column k of T (N, K). */
static double column_mean(const double *T, size_t N, size_t K, size_t k)
{
    double m = 0.0;
    for (size_t i = 0; i < N; i++)
        m += T[i * K + k];
    return m / (double)N;
}

/* mse: predicting m_k leaves the variance of column k; the mean over all
 * N K outputs is the mean of the column variances. Never ln K. */
static double mse_chance(const double *T, size_t N, size_t K, int *ln_k)
{
    double total = 0.0;
    for (size_t k = 0; k < K; k++) {
        double m = column_mean(T, N, K, k);
        double v = 0.0;
        for (size_t i = 0; i < N; i++) {
            double e = T[i * K + k] - m;
            v += e * e;
        }
        total += v / (double)N;
    }
    *ln_k = 0;
    return total / (double)K;
}

/* 1 when every column mean of T is within 1e-12 of the first one and, when
 * `at` is not NaN, of `at`. */
static int means_equal(const double *T, size_t N, size_t K, double at)
{
    double first = column_mean(T, N, K, 0);
    for (size_t k = 0; k < K; k++) {
        double m = column_mean(T, N, K, k);
        if (fabs(m - first) > 1e-12 || (!isnan(at) && !(fabs(m - at) <= 1e-12)))
            return 0;
    }
    return 1;
}

/* cross_entropy: predicting the class frequencies costs their entropy,
 * -sum_k m_k ln m_k, which is ln K when K > 1 classes are equally frequent. */
static double cross_entropy_chance(const double *T, size_t N, size_t K, int *ln_k)
{
    double total = 0.0;
    for (size_t k = 0; k < K; k++) {
        double m = column_mean(T, N, K, k);
        total += m > 0 ? -m * log(m) : 0.0;
    }
    *ln_k = K > 1 && means_equal(T, N, K, NAN);
    return total;
}

/* binary_cross_entropy: predicting m_k costs the binary entropy of m_k per
 * output, averaged over the K outputs; ln 2 when every m_k is 1/2. */
static double binary_cross_entropy_chance(const double *T, size_t N, size_t K, int *ln_k)
{
    double total = 0.0;
    for (size_t k = 0; k < K; k++) {
        double m = column_mean(T, N, K, k);
        total += (m > 0 ? -m * log(m) : 0.0) + (m < 1 ? -(1 - m) * log1p(-m) : 0.0);
    }
    *ln_k = means_equal(T, N, K, 0.5);
    return total / (double)K;
}

/* ---------------------------------------------------------------------------
 * The table: one row per loss, indexed by its code. */

static const mlp_loss_info table[MLP_LOSS_COUNT] = {
    [MLP_LOSS_MSE] = {
        .kind = MLP_LOSS_MSE,
        .name = "mse",
        .sum = mse_value,
        .sum_committee = mse_committee_sum,
        .backward = mse_gradient,
        .chance = mse_chance,
        .fused = 0,
        .targets = MLP_LOSS_TARGETS_VALUES,
        .formula = "loss = sum((A{l} - T)^2) / (N K)",
        .gradient_formula = "2 (A{l} - T) / (N K)",
        .flags = 0,
    },
    [MLP_LOSS_CROSS_ENTROPY] = {
        .kind = MLP_LOSS_CROSS_ENTROPY,
        .name = "cross_entropy",
        .sum = cross_entropy_value,
        .sum_committee = cross_entropy_committee_sum,
        .backward = cross_entropy_gradient,
        .chance = cross_entropy_chance,
        .fused = 1,
        .output = MLP_ACT_SOFTMAX,
        .targets = MLP_LOSS_TARGETS_ONE_HOT,
        .formula = "loss = -sum(T * log(A{l})) / N, computed from the logits as sum_n "
                   "[logsumexp(Z{l}[n]) - sum_k T[n,k] Z{l}[n,k]] / N",
        .gradient_formula = "dZ{l} = (A{l} - T) / N   (softmax and cross-entropy fused: the "
                            "softmax Jacobian cancels)",
        .flags = MLP_LOSS_FLAG_PER_ROW,
    },
    [MLP_LOSS_BINARY_CROSS_ENTROPY] = {
        .kind = MLP_LOSS_BINARY_CROSS_ENTROPY,
        .name = "binary_cross_entropy",
        .sum = binary_cross_entropy_value,
        .sum_committee = binary_cross_entropy_committee_sum,
        .backward = binary_cross_entropy_gradient,
        .chance = binary_cross_entropy_chance,
        .fused = 1,
        .output = MLP_ACT_SIGMOID,
        .targets = MLP_LOSS_TARGETS_UNIT,
        .formula = "loss = -sum(T * log(A{l}) + (1 - T) * log(1 - A{l})) / (N K), computed "
                   "from the logits as sum(max(Z{l}, 0) - T Z{l} + log(1 + exp(-|Z{l}|))) / (N K)",
        .gradient_formula = "dZ{l} = (A{l} - T) / (N K)   (sigmoid and binary cross-entropy "
                            "fused: A (1 - A) cancels)",
        .flags = 0,
    },
};

const mlp_loss_info *mlp_loss_info_of(mlp_loss loss)
{
    return (unsigned)loss < MLP_LOSS_COUNT ? &table[loss] : NULL;
}

const mlp_loss_info *mlp_loss_info_by_name(const char *name)
{
    for (int i = 0; i < MLP_LOSS_COUNT; i++)
        if (strcmp(name, table[i].name) == 0)
            return &table[i];
    return NULL;
}

const char *mlp_loss_name(mlp_loss loss)
{
    const mlp_loss_info *in = mlp_loss_info_of(loss);
    return in ? in->name : "?";
}

int mlp_loss_from_name(const char *name, mlp_loss *out)
{
    const mlp_loss_info *in = mlp_loss_info_by_name(name);
    if (!in)
        return -1;
    *out = in->kind;
    return 0;
}

int mlp_loss_accepts(mlp_loss loss, mlp_activation out)
{
    const mlp_loss_info *in = mlp_loss_info_of(loss);
    return in && mlp_activation_info_of(out) && (!in->fused || in->output == out);
}

void mlp_loss_names_accepting(mlp_activation out, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    /* Pass 0: the fused losses made for this output; pass 1: the rest. */
    for (int general = 0; general <= 1; general++)
        for (int l = 0; l < MLP_LOSS_COUNT; l++) {
            const mlp_loss_info *in = mlp_loss_info_of((mlp_loss)l);
            if ((in->fused != 0) == general || !mlp_loss_accepts((mlp_loss)l, out))
                continue;
            int w = snprintf(buf + used, size - used, "%s\"%s\"", used ? " or " : "",
                             mlp_loss_name((mlp_loss)l));
            if (w < 0 || (size_t)w >= size - used) {
                buf[used] = '\0';
                return;
            }
            used += (size_t)w;
        }
}

double mlp_loss_divisor(mlp_loss loss, size_t n_rows, size_t n_outputs)
{
    const mlp_loss_info *in = mlp_loss_info_of(loss);
    if (in && (in->flags & MLP_LOSS_FLAG_PER_ROW))
        return (double)n_rows;
    return (double)n_rows * (double)n_outputs;
}

double mlp_loss_chance(mlp_loss loss, const double *T, size_t N, size_t K, int *ln_k)
{
    int dummy = 0;
    const mlp_loss_info *in = mlp_loss_info_of(loss);
    if (ln_k)
        *ln_k = 0;
    if (!in || N == 0 || K == 0)
        return NAN;
    return in->chance(T, N, K, ln_k ? ln_k : &dummy);
}

double mlp_loss_sum(mlp_loss loss, mlp_activation out, const double *Z, const double *A,
                    const double *T, size_t rows, size_t cols)
{
    const mlp_loss_info *in = mlp_loss_info_of(loss);
    return in ? in->sum(out, Z, A, T, rows, cols) : NAN;
}

double mlp_loss_sum_committee(mlp_loss loss, const double *const *Z, size_t n_models,
                              const double *Y, const double *T, size_t rows, size_t cols)
{
    const mlp_loss_info *in = mlp_loss_info_of(loss);
    return in && n_models > 0 ? in->sum_committee(Z, n_models, Y, T, rows, cols) : NAN;
}

void mlp_loss_backward(mlp_loss loss, mlp_activation out, const double *Z, const double *A,
                       const double *T, double *dZ, size_t rows, size_t cols, double scale)
{
    const mlp_loss_info *in = mlp_loss_info_of(loss);
    if (in)
        in->backward(out, Z, A, T, dZ, rows, cols, scale);
}
