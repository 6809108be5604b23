/* SPDX-License-Identifier: MIT */
/* nearest.c: edit distances and other tools' names for "did you mean" (nearest.h). */
#include "nearest.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

size_t mlp_edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > MLP_NEAREST_MAX || m > MLP_NEAREST_MAX)
        return SIZE_MAX;
    /* Three rows of the dynamic programme: row i holds the distances from
     * a's first i bytes to each prefix of b; a swap looks two rows back. */
    size_t rows[3][MLP_NEAREST_MAX + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= m; j++)
        prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t best = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
        }
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[m];
}

int mlp_near_enough(size_t d, size_t len)
{
    size_t limit = (len + 2) / 4;
    return d <= (limit ? limit : 1);
}

int mlp_nearest(const char *s, const char *const *names, int n)
{
    int best = -1;
    size_t best_d = 0;
    for (int k = 0; k < n; k++) {
        size_t d = mlp_edit_distance(s, names[k]);
        if (d != SIZE_MAX && mlp_near_enough(d, strlen(names[k])) && (best < 0 || d < best_d)) {
            best = k;
            best_d = d;
        }
    }
    return best;
}

/* The names other tools give a loss, activation, optimizer or init that mlp
 * has under another name; spelling distance finds none of them (or a wrong
 * one: "identity" is not near "linear"). Matched in any letter case. */
static const struct {
    const char *what, *other, *ours, *tool;
} value_aliases[] = {
    {"loss", "categorical_crossentropy", "cross_entropy", "Keras"},
    {"loss", "sparse_categorical_crossentropy", "cross_entropy", "Keras"},
    {"loss", "mean_squared_error", "mse", "Keras"},
    {"loss", "CrossEntropyLoss", "cross_entropy", "PyTorch"},
    {"loss", "MSELoss", "mse", "PyTorch"},
    {"loss", "BCELoss", "binary_cross_entropy", "PyTorch"},
    {"loss", "BCEWithLogitsLoss", "binary_cross_entropy", "PyTorch"},
    {"activation", "logistic", "sigmoid", "scikit-learn"},
    {"activation", "identity", "linear", "scikit-learn"},
    {"optimizer", "sgd", "gd", "Keras, PyTorch and scikit-learn"},
    {"optimizer", "rprop", "irprop-", "PyTorch"},
    {"init", "glorot_uniform", "xavier", "Keras"},
    {"init", "glorot_normal", "xavier", "Keras"},
    {"init", "glorot", "xavier", "Keras"},
    {"init", "xavier_uniform", "xavier", "PyTorch"},
    {"init", "xavier_normal", "xavier", "PyTorch"},
    {"init", "he_uniform", "he", "Keras"},
    {"init", "he_normal", "he", "Keras"},
    {"init", "kaiming_uniform", "he", "PyTorch"},
    {"init", "kaiming_normal", "he", "PyTorch"},
    {"normalization", "StandardScaler", "standard", "scikit-learn"},
    {"normalization", "zscore", "standard", "scipy"},
};

/* What other tools have and mlp does not: spelling distance would offer
 * relu for elu, gelu and selu, which is another function, and adam for
 * adamw, nadam and radam, which step otherwise. A note says what the
 * nearest of mlp's does not do, where a user would take it for the same. */
static const struct {
    const char *what, *name, *note;
} absent_names[] = {
    {"activation", "elu", NULL},      {"activation", "selu", NULL},
    {"activation", "gelu", NULL},     {"activation", "silu", NULL},
    {"activation", "swish", NULL},    {"activation", "mish", NULL},
    {"activation", "prelu", NULL},    {"activation", "softsign", NULL},
    {"activation", "hard_sigmoid", NULL},
    {"normalization", "minmax", NULL}, {"normalization", "min_max", NULL},
    {"normalization", "MinMaxScaler", NULL}, {"normalization", "RobustScaler", NULL},
    /* adam with l2 adds the penalty's gradient before the moments, as
     * docs/optimizers.md says: not AdamW's decay of the weights. */
    {"optimizer", "adamw", " (adam with \"l2\" is L2 regularisation, not AdamW's decoupled "
                           "weight decay)"},
    {"optimizer", "nadam", NULL},     {"optimizer", "radam", NULL},
};

/* The name among names[0..n) that s means when it is written in another
 * letter case or is another tool's name, else NULL. */
const char *mlp_nearest_known_as(const char *s, const char *what, const char *const *names, int n,
                                 const char **tool, const char **other)
{
    if (tool)
        *tool = NULL;
    if (other)
        *other = NULL;
    for (int k = 0; k < n; k++)
        if (strcasecmp(s, names[k]) == 0)
            return names[k];
    for (size_t a = 0; a < sizeof value_aliases / sizeof value_aliases[0]; a++)
        if (strcmp(what, value_aliases[a].what) == 0 && strcasecmp(s, value_aliases[a].other) == 0) {
            if (tool)
                *tool = value_aliases[a].tool;
            if (other)
                *other = value_aliases[a].other;
            return value_aliases[a].ours;
        }
    return NULL;
}

int mlp_nearest_hint(const char *s, const char *what, const char *const *names, int n,
                     const char *list, char *buf, size_t size)
{
    const char *tool, *other;
    const char *ours = mlp_nearest_known_as(s, what, names, n, &tool, &other);
    if (ours && !tool) {
        snprintf(buf, size, "did you mean \"%s\"? names are written in lower case", ours);
        return 1;
    }
    if (ours) {
        snprintf(buf, size, "did you mean \"%s\"? (its name in mlp; %s: \"%s\")", ours, tool,
                 other);
        return 1;
    }
    for (size_t k = 0; k < sizeof absent_names / sizeof absent_names[0]; k++)
        if (strcmp(what, absent_names[k].what) == 0 && strcasecmp(s, absent_names[k].name) == 0) {
            snprintf(buf, size, "mlp has no %s %s%s; use one of: %s", absent_names[k].name, what,
                     absent_names[k].note ? absent_names[k].note : "", list);
            return 1;
        }
    int near = mlp_nearest(s, names, n);
    if (near >= 0) {
        snprintf(buf, size, "did you mean \"%s\"?", names[near]);
        return 1;
    }
    return 0;
}
