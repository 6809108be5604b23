/* SPDX-License-Identifier: MIT */
/* vmath.c: the choice of instruction set for vmath.h's kernels, the libm
 * fallback, and the sigmoid built on exp. */
#include "vmath.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void libm_tanh(double *y, const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] = tanh(x[i]);
}

static void libm_exp(double *y, const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] = exp(x[i]);
}

static void libm_log(double *y, const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] = log(x[i]);
}

static void libm_log1p(double *y, const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] = log1p(x[i]);
}

static const mlp_vmath_table libm_table = {"libm", libm_tanh, libm_exp, libm_log, libm_log1p};

static const mlp_vmath_table *table = &libm_table;
static pthread_once_t chosen = PTHREAD_ONCE_INIT;

/* The table of isa (any case: "AVX2" is avx2) when this CPU (and the OS)
 * can run it, else NULL. */
static const mlp_vmath_table *usable(const char *isa)
{
    if (strcasecmp(isa, "libm") == 0)
        return &libm_table;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    if (strcasecmp(isa, "sse2") == 0 && mlp_vmath_sse2.isa)
        return &mlp_vmath_sse2;
    if (strcasecmp(isa, "avx2") == 0 && mlp_vmath_avx2.isa && __builtin_cpu_supports("avx2") &&
        __builtin_cpu_supports("fma"))
        return &mlp_vmath_avx2;
    if (strcasecmp(isa, "avx512f") == 0 && mlp_vmath_avx512f.isa &&
        __builtin_cpu_supports("avx512f"))
        return &mlp_vmath_avx512f;
#endif
    return NULL;
}

static const char *const widest_first[] = {"avx512f", "avx2", "sse2", "libm"};
#define N_ISAS (sizeof widest_first / sizeof widest_first[0])

/* What became of MLP_VMATH when the set was chosen: the warning for the
 * programs to print, "" when the variable was unset, empty or taken. */
static char env_message[160], env_hint[160];

/* The names usable() takes on this CPU, narrowest last, as "a, b or c". */
static void list_usable(char *buf, size_t size)
{
    size_t n = 0, len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < N_ISAS; i++)
        n += usable(widest_first[i]) != NULL;
    for (size_t i = 0, k = 0; i < N_ISAS && len < size; i++) {
        if (!usable(widest_first[i]))
            continue;
        k++;
        const char *sep = k == 1 ? "" : k == n ? " or " : ", ";
        int w = snprintf(buf + len, size - len, "%s%s", sep, widest_first[i]);
        len = w < 0 ? size : len + (size_t)w;
    }
}

/* A value that was not taken: say which set runs instead, and what
 * MLP_VMATH takes here. Silently taking the widest set, as before, left a
 * user who typed MLP_VMATH=AVX2 to compare with another machine running
 * avx512f without knowing it. */
static void note_refused(const char *want, const char *instead)
{
    int known = 0;
    for (size_t i = 0; i < N_ISAS; i++)
        known |= strcasecmp(want, widest_first[i]) == 0;
    snprintf(env_message, sizeof env_message, "MLP_VMATH=%.40s %s, so %s runs", want,
             known ? "is an instruction set this CPU cannot run"
                   : "names no instruction set mlp knows",
             instead);
    char names[64];
    list_usable(names, sizeof names);
    snprintf(env_hint, sizeof env_hint, "set MLP_VMATH to %s, or unset it", names);
}

static void choose(void)
{
    const char *want = getenv("MLP_VMATH");
    const mlp_vmath_table *t = want && *want ? usable(want) : NULL;
    for (size_t i = 0; !t && i < N_ISAS; i++)
        t = usable(widest_first[i]);
    table = t;
    if (want && *want && strcasecmp(want, t->isa) != 0)
        note_refused(want, t->isa);
}

static const mlp_vmath_table *get(void)
{
    pthread_once(&chosen, choose);
    return table;
}

void mlp_vtanh(double *y, const double *x, size_t n)
{
    get()->tanh_(y, x, n);
}

void mlp_vexp(double *y, const double *x, size_t n)
{
    get()->exp_(y, x, n);
}

void mlp_vlog(double *y, const double *x, size_t n)
{
    get()->log_(y, x, n);
}

void mlp_vlog1p(double *y, const double *x, size_t n)
{
    get()->log1p_(y, x, n);
}

void mlp_vsigmoid(double *y, const double *x, size_t n)
{
    /* Blocks, so that x is still there when y == x. */
    double e[256];
    for (size_t i0 = 0; i0 < n; i0 += 256) {
        size_t m = n - i0 < 256 ? n - i0 : 256;
        for (size_t i = 0; i < m; i++)
            e[i] = -fabs(x[i0 + i]);
        get()->exp_(e, e, m);
        for (size_t i = 0; i < m; i++)
            y[i0 + i] = x[i0 + i] >= 0 ? 1.0 / (1.0 + e[i]) : e[i] / (1.0 + e[i]);
    }
}

const char *mlp_vmath_isa(void)
{
    return get()->isa;
}

int mlp_vmath_env_warning(const char **message, const char **hint)
{
    get();
    *message = env_message;
    *hint = env_hint;
    return env_message[0] != '\0';
}

int mlp_vmath_use(const char *isa)
{
    get();
    const mlp_vmath_table *t = usable(isa);
    if (!t)
        return -1;
    table = t;
    return 0;
}
