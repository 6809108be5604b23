/* SPDX-License-Identifier: MIT */
/* test_vmath.c: the vectorised kernels (src/vmath.h) on every instruction
 * set this CPU has, against long double references (glibc's tanhl, expl,
 * logl, log1pl: 11 more bits than a double, so their own error is under
 * 1/1000 of a double's ULP) within SLEEF's stated bound, 1.0 ULP, over dense
 * sweeps: tanh over [-32, 32] in steps of 2^-13, every power of two from
 * 2^-1074 up with neighbours (tanh x = x below about 2^-27), the ranges
 * where tanh saturates (SLEEF returns +-1 from 18.71, the double nearest
 * tanh is 1 from 19.06, glibc switches to +-1 at 22) and where glibc's
 * tanh switches formulas (|x| = 2^-55, 1, 22); exp over [-746, 709.78]
 * (subnormal results; SLEEF overflows slightly early, above 709.7827); log over every binade, log1p up
 * to 2^1019 (SLEEF's log1p is inf above 1e307, outside mlp's use). Also
 * against glibc's double functions (at most 3 ULP apart: 1.0 for SLEEF plus
 * glibc's own 2 for tanh), the special values, in-place use, and that a result
 * depends only on its input (any length or offset gives the same bits). */
#include "check.h"

#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vmath.h"

static const char *const isas[] = {"libm", "sse2", "avx2", "avx512f"};

/* The spacing of doubles at |r| (subnormal spacing below DBL_MIN). */
static long double ulp_of(long double r)
{
    double d = fabs((double)r);
    if (d < DBL_MIN)
        return 0x1p-1074L;
    if (isinf(d))
        d = DBL_MAX;
    int e;
    frexp(d, &e); /* d in [2^(e-1), 2^e) */
    return ldexpl(1.0L, e - 53);
}

/* The error of got in ULPs of the exact value ref. A ref beyond DBL_MAX by
 * half an ULP or more rounds to infinity; equal infinities and NaNs count
 * 0; any other NaN or infinity against a finite value counts huge. */
static double ulp_error(double got, long double ref)
{
    long double top = (long double)DBL_MAX + ulp_of(DBL_MAX) / 2;
    if (fabsl(ref) >= top && !isnan(ref))
        ref = ref > 0 ? INFINITY : -INFINITY;
    if (isnan(got) && isnan(ref))
        return 0;
    if (isinf(got) || isinf(ref) || isnan(got) || isnan(ref))
        return (long double)got == ref ? 0 : 1e300;
    return (double)(fabsl((long double)got - ref) / ulp_of(ref));
}

typedef void (*vfn)(double *, const double *, size_t);
typedef long double (*reffn)(long double);
typedef double (*libmfn)(double);

typedef struct {
    double worst;     /* in ULPs of the exact value */
    double worst_x;
    double worst_libm; /* in ULPs, against glibc's double function */
    size_t count;
} stats;

#define BLOCK 4096

/* Runs f over xs[0..n) in blocks and records the errors. */
static void sweep(vfn f, reffn ref, libmfn lib, const double *xs, size_t n, stats *s)
{
    static double y[BLOCK];
    for (size_t i0 = 0; i0 < n; i0 += BLOCK) {
        size_t m = n - i0 < BLOCK ? n - i0 : BLOCK;
        f(y, xs + i0, m);
        for (size_t i = 0; i < m; i++) {
            double x = xs[i0 + i];
            double e = ulp_error(y[i], ref((long double)x));
            if (e > s->worst) {
                s->worst = e;
                s->worst_x = x;
            }
            double l = ulp_error(y[i], (long double)lib(x));
            if (l > s->worst_libm)
                s->worst_libm = l;
        }
        s->count += m;
    }
}

static double *grow(double *xs, size_t *n, size_t *cap, double x)
{
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 1 << 16;
        xs = realloc(xs, *cap * sizeof *xs);
        assert_non_null(xs);
    }
    xs[(*n)++] = x;
    return xs;
}

/* Adds x and -x and their two neighbours each. */
static double *add_around(double *xs, size_t *n, size_t *cap, double x)
{
    double v[3] = {nextafter(x, -INFINITY), x, nextafter(x, INFINITY)};
    for (int i = 0; i < 3; i++) {
        xs = grow(xs, n, cap, v[i]);
        xs = grow(xs, n, cap, -v[i]);
    }
    return xs;
}

static double *every_binade(double *xs, size_t *n, size_t *cap)
{
    for (int e = -1074; e <= 1023; e++)
        for (int k = 0; k < 8; k++)
            xs = add_around(xs, n, cap, ldexp(1.0 + k / 8.0, e));
    return xs;
}

/* The tolerance: SLEEF's 1.0 ULP, plus 1/256 for the long double
 * reference's own rounding and the conversion of ref to the ULP scale. */
#define BOUND (1.0 + 1.0 / 256)
/* Against glibc's double functions: SLEEF's 1.0 plus glibc's own error
 * (glibc's manual lists up to 2 ULP for tanh on x86-64; the libm rows of
 * this test measure 1.98 for tanh against the long double reference). */
#define BOUND_LIBM 3.0

static void check(const char *fname, vfn f, reffn ref, libmfn lib, const double *xs, size_t n)
{
    int ran = 0;
    for (size_t k = 0; k < sizeof isas / sizeof isas[0]; k++) {
        if (mlp_vmath_use(isas[k]) != 0)
            continue;
        stats s = {0, 0, 0, 0};
        sweep(f, ref, lib, xs, n, &s);
        printf("%-6s %-8s %zu inputs: worst %.3f ULP (x = %a), against glibc %.3f ULP\n", fname,
               isas[k], s.count, s.worst, s.worst_x, s.worst_libm);
        if (strcmp(isas[k], "libm") != 0) { /* glibc's own error is not SLEEF's bound */
            if (s.worst > BOUND)
                fail_msg("%s on %s: %.3f ULP at x = %a", fname, isas[k], s.worst, s.worst_x);
            if (s.worst_libm > BOUND_LIBM)
                fail_msg("%s on %s: %.3f ULP from glibc", fname, isas[k], s.worst_libm);
        }
        assert_int_equal(s.count, n);
        ran++;
    }
    assert_true(ran >= 2); /* libm and at least SSE2 on x86-64 */
    unsetenv("MLP_VMATH");
}

static void vmath_tanh_should_be_within_one_ulp(void **state)
{
    (void)state;
    size_t n = 0, cap = 0;
    double *xs = NULL;
    for (double x = -32; x <= 32; x += 0x1p-13)
        xs = grow(xs, &n, &cap, x);
    for (double x = 18.0; x <= 23.0; x += 0x1p-14) /* saturation: dense */
        xs = add_around(xs, &n, &cap, x);
    const double switches[] = {0x1p-55, 0x1p-28, 0x1p-27, 1.0, 18.714973875, 19.0615, 22.0,
                               0.5493061443340549 /* atanh(0.5) */};
    for (size_t i = 0; i < sizeof switches / sizeof switches[0]; i++)
        for (int k = -64; k <= 64; k++)
            xs = add_around(xs, &n, &cap, switches[i] + k * ldexp(1.0, ilogb(switches[i]) - 52) * 1024);
    xs = every_binade(xs, &n, &cap);
    check("tanh", mlp_vtanh, tanhl, tanh, xs, n);
    free(xs);
}

static void vmath_exp_should_be_within_one_ulp(void **state)
{
    (void)state;
    size_t n = 0, cap = 0;
    double *xs = NULL;
    for (double x = -746; x <= 709.78; x += 0x1p-10)
        xs = grow(xs, &n, &cap, x);
    for (double x = -40; x <= 40; x += 0x1p-14)
        xs = grow(xs, &n, &cap, x);
    /* Overflow: SLEEF returns inf from about 709.78271289338 (0x1.62e42fefa3798p+9
     * already), some 600 ULPs of x before the exact result passes DBL_MAX
     * at 709.782712893384: the domain tested ends at 709.78 (mlp only
     * takes exp of arguments <= 0). */
    const double edges[] = {709.78, -708.3964185322641, -745.1332191019411, 0.0, 1.0};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
        for (int k = -64; k <= 64; k++)
            xs = add_around(xs, &n, &cap, edges[i] + k * 1e-12);
    for (int e = -1074; e <= 9; e++)
        xs = add_around(xs, &n, &cap, ldexp(1.0, e));
    check("exp", mlp_vexp, expl, exp, xs, n);
    free(xs);
}

static void vmath_log_should_be_within_one_ulp(void **state)
{
    (void)state;
    size_t n = 0, cap = 0;
    double *xs = NULL;
    for (double x = 0x1p-10; x <= 4; x += 0x1p-18)
        xs = grow(xs, &n, &cap, x);
    for (int e = -1074; e <= 1023; e++)
        for (int k = 0; k < 64; k++)
            xs = grow(xs, &n, &cap, ldexp(1.0 + k / 64.0, e));
    check("log", mlp_vlog, logl, log, xs, n);
    free(xs);
}

static void vmath_log1p_should_be_within_one_ulp(void **state)
{
    (void)state;
    size_t n = 0, cap = 0;
    double *xs = NULL;
    for (double x = -1 + 0x1p-20; x <= 4; x += 0x1p-18)
        xs = grow(xs, &n, &cap, x);
    /* SLEEF's log1p returns inf above 1e307: the domain tested ends there
     * (mlp takes log1p of arguments in [0, 1]). */
    for (int e = -1074; e <= 1018; e++)
        for (int k = 0; k < 16; k++)
            xs = grow(xs, &n, &cap, ldexp(1.0 + k / 16.0, e));
    for (int e = -1074; e <= -1; e++)
        xs = grow(xs, &n, &cap, -ldexp(1.0, e));
    check("log1p", mlp_vlog1p, log1pl, log1p, xs, n);
    free(xs);
}

static long double sigmoidl(long double x)
{
    return 1.0L / (1.0L + expl(-x));
}

static double sigmoid_libm(double x)
{
    if (x >= 0)
        return 1.0 / (1.0 + exp(-x));
    double e = exp(x);
    return e / (1.0 + e);
}

static void vmath_sigmoid_should_be_within_its_bound(void **state)
{
    (void)state;
    /* Not a SLEEF function: exp's 1.0 ULP, then 1 + e (0.5 ULP) and a
     * division (0.5 ULP): at most 2 ULP; measured and asserted. */
    size_t n = 0, cap = 0;
    double *xs = NULL;
    for (double x = -750; x <= 750; x += 0x1p-8)
        xs = grow(xs, &n, &cap, x);
    xs = every_binade(xs, &n, &cap);
    for (size_t k = 0; k < sizeof isas / sizeof isas[0]; k++) {
        if (mlp_vmath_use(isas[k]) != 0)
            continue;
        stats s = {0, 0, 0, 0};
        sweep(mlp_vsigmoid, sigmoidl, sigmoid_libm, xs, n, &s);
        printf("%-6s %-8s %zu inputs: worst %.3f ULP (x = %a), against glibc %.3f ULP\n",
               "sigm", isas[k], s.count, s.worst, s.worst_x, s.worst_libm);
        if (s.worst > 2.0)
            fail_msg("sigmoid on %s: %.3f ULP at x = %a", isas[k], s.worst, s.worst_x);
    }
    free(xs);
}

static void vmath_should_give_special_values(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof isas / sizeof isas[0]; k++) {
        if (mlp_vmath_use(isas[k]) != 0)
            continue;
        double x[9] = {NAN, INFINITY, -INFINITY, 0.0, -0.0, 1.0, -1.0, 1e308, -1e-320}, y[9];
        mlp_vtanh(y, x, 9);
        assert_true(isnan(y[0]));
        assert_true(y[1] == 1.0 && y[2] == -1.0 && y[7] == 1.0);
        assert_true(y[3] == 0.0 && !signbit(y[3]) && y[4] == 0.0 && signbit(y[4]));
        mlp_vexp(y, x, 9);
        assert_true(isnan(y[0]) && isinf(y[1]) && y[2] == 0.0 && y[3] == 1.0 && isinf(y[7]));
        mlp_vlog(y, x, 9);
        assert_true(isnan(y[0]) && isinf(y[1]) && isnan(y[2]) && y[3] == -INFINITY && y[5] == 0.0);
        assert_true(isnan(y[6]) && isnan(y[8]));
        mlp_vlog1p(y, x, 9);
        assert_true(isnan(y[0]) && isinf(y[1]) && y[3] == 0.0 && y[6] == -INFINITY);
        mlp_vsigmoid(y, x, 9);
        assert_true(isnan(y[0]) && y[1] == 1.0 && y[2] == 0.0 && y[3] == 0.5);
    }
    unsetenv("MLP_VMATH");
}

/* Same bits for every length and offset: the tail runs through the same
 * vector function; in place equals out of place. */
static void vmath_results_should_depend_only_on_the_input(void **state)
{
    (void)state;
    enum { N = 1003 };
    static double x[N], whole[N], piece[N], inplace[N];
    for (int i = 0; i < N; i++)
        x[i] = -20 + 40.0 * i / N + 1e-3 * sin(i);
    const vfn fns[] = {mlp_vtanh, mlp_vexp, mlp_vsigmoid};
    for (size_t k = 0; k < sizeof isas / sizeof isas[0]; k++) {
        if (mlp_vmath_use(isas[k]) != 0)
            continue;
        for (size_t f = 0; f < sizeof fns / sizeof fns[0]; f++) {
            fns[f](whole, x, N);
            for (int i = 0; i < N;) { /* pieces of 1..13 at every offset */
                int len = 1 + i % 13;
                if (i + len > N)
                    len = N - i;
                fns[f](piece + i, x + i, (size_t)len);
                i += len;
            }
            memcpy(inplace, x, sizeof x);
            fns[f](inplace, inplace, N);
            assert_memory_equal(whole, piece, sizeof whole);
            assert_memory_equal(whole, inplace, sizeof whole);
        }
    }
    unsetenv("MLP_VMATH");
}

static void vmath_should_refuse_an_unknown_isa(void **state)
{
    (void)state;
    const char *before = mlp_vmath_isa();
    assert_int_equal(mlp_vmath_use("avx1024"), -1);
    assert_string_equal(mlp_vmath_isa(), before);
    assert_int_equal(mlp_vmath_use("libm"), 0);
    assert_string_equal(mlp_vmath_isa(), "libm");
    /* Any case, as MLP_VMATH takes it. */
    assert_int_equal(mlp_vmath_use("SSE2"), mlp_vmath_sse2.isa ? 0 : -1);
    assert_int_equal(mlp_vmath_use("LibM"), 0);
    assert_string_equal(mlp_vmath_isa(), "libm");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vmath_tanh_should_be_within_one_ulp),
        cmocka_unit_test(vmath_exp_should_be_within_one_ulp),
        cmocka_unit_test(vmath_log_should_be_within_one_ulp),
        cmocka_unit_test(vmath_log1p_should_be_within_one_ulp),
        cmocka_unit_test(vmath_sigmoid_should_be_within_its_bound),
        cmocka_unit_test(vmath_should_give_special_values),
        cmocka_unit_test(vmath_results_should_depend_only_on_the_input),
        cmocka_unit_test(vmath_should_refuse_an_unknown_isa),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
