/* SPDX-License-Identifier: MIT */
/* test_rng.c: the generator (src/rng.h) against references computed
 * independently of its code: the first outputs of xoshiro256** seeded by
 * splitmix64 and the first normal draws of seed 42 from a Python version of
 * the published algorithms with mpmath at 200 bits (the script is below),
 * and 200,000 normal draws against long double Box-Muller on the same
 * uniform draws.
 *
 * The tolerance of a normal draw is what mlp_rng_normal's steps can err,
 * not a measured figure: SLEEF's log and cos are within 1.0 ULP (relative
 * error at most 2^-52 each); -2 log is exact; the square root halves log's
 * error and rounds once (2^-53 more); the product adds cos's error and
 * rounds once. So the result is within 2^-51 |z| + half an ULP of the
 * exact z: up to 4.5 ULP where |z| is just under a power of two. 1 ULP is
 * not a bound: the 4th draw of seed 42 is 2 ULP from the exact value
 * rounded (about 1 draw in 200 is), and the largest error in the 200,000
 * draws here is 2.16 ULP (glibc's functions err the same way).
 *
 * The Python reference (python3 with mpmath):
 *
 *   import mpmath; mpmath.mp.prec = 200; M = 2**64 - 1
 *   rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & M
 *   x, s = 42, []
 *   for _ in range(4):
 *       x = (x + 0x9e3779b97f4a7c15) & M
 *       z = ((x ^ (x >> 30)) * 0xbf58476d1ce4e5b9) & M
 *       z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M
 *       s.append(z ^ (z >> 31))
 *   def nxt():
 *       r = rotl(s[1] * 5 & M, 7) * 9 & M; t = s[1] << 17 & M
 *       s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]
 *       s[2] ^= t; s[3] = rotl(s[3], 45); return r
 *   u = lambda: (nxt() >> 11) * 2.0**-53
 *   for _ in range(8):
 *       u1 = 1.0 - u(); t = 2.0 * 3.14159265358979323846 * u()
 *       print(float(mpmath.sqrt(-2 * mpmath.log(u1)) * mpmath.cos(t)).hex())
 *
 * (the xoshiro outputs below are the first three nxt() of a fresh state). */
#include "check.h"

#include <float.h>
#include <stdint.h>

#include "rng.h"

/* The spacing of doubles at |x| (x a normal double, not 0). */
static double ulp_of(double x)
{
    int e;
    frexp(fabs(x), &e); /* |x| in [2^(e-1), 2^e) */
    return ldexp(1.0, e - 53);
}

/* Fails unless got is within the bound above of the exact value want. */
static void assert_normal_close(double got, long double want, int draw)
{
    long double err = fabsl((long double)got - want);
    long double bound = 0x1p-51L * fabsl(want) + 0.5L * ulp_of(got);
    if (!(err <= bound))
        fail_msg("draw %d: %a, want %.21Lg: %.2Lf ULP off (bound %.2Lf)", draw, got, want,
                 err / ulp_of(got), bound / ulp_of(got));
}

static void rng_should_give_xoshiro256starstar_outputs(void **state)
{
    (void)state;
    mlp_rng r;
    mlp_rng_seed(&r, 42);
    assert_true(mlp_rng_next(&r) == 0x15780b2e0c2ec716ULL);
    assert_true(mlp_rng_next(&r) == 0x6104d9866d113a7eULL);
    assert_true(mlp_rng_next(&r) == 0xae17533239e499a1ULL);
}

static void rng_normal_should_match_the_python_reference(void **state)
{
    (void)state;
    /* float(exact value).hex() of the script above: the exact value
     * rounded once, so within half an ULP of it. */
    static const double want[] = {
        -0x1.368a97c38507cp-2, 0x1.58040c37f1762p+0,  0x1.88aa35330a92cp-2,
        0x1.dfb989fa22573p-1,  -0x1.77492ea9c737cp+0, -0x1.881ecd3b33a63p-2,
        -0x1.8f1bcfaa976d1p-1, 0x1.2232db4c7aa31p+0,
    };
    mlp_rng r;
    mlp_rng_seed(&r, 42);
    for (int i = 0; i < (int)(sizeof want / sizeof want[0]); i++) {
        /* The bound, 4.5 ULP, and half an ULP more: want is the exact
         * value rounded. */
        double got = mlp_rng_normal(&r);
        if (!(fabs(got - want[i]) <= 5 * ulp_of(want[i])))
            fail_msg("draw %d: %a, want %a", i + 1, got, want[i]);
    }
}

static void rng_normal_should_be_box_muller_of_two_uniform_draws(void **state)
{
    (void)state;
    static const uint64_t seeds[] = {0, 42, UINT64_MAX};
    for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
        mlp_rng r, u;
        mlp_rng_seed(&r, seeds[s]);
        mlp_rng_seed(&u, seeds[s]);
        for (int i = 0; i < 200000 / 3; i++) {
            /* glibc's long double functions: 11 more bits than a double,
             * so their error is under 1/1000 of the bound. */
            long double u1 = 1.0L - mlp_rng_uniform(&u);
            double t = 2.0 * 3.14159265358979323846 * mlp_rng_uniform(&u);
            long double want = sqrtl(-2.0L * logl(u1)) * cosl((long double)t);
            assert_normal_close(mlp_rng_normal(&r), want, i + 1);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rng_should_give_xoshiro256starstar_outputs),
        cmocka_unit_test(rng_normal_should_match_the_python_reference),
        cmocka_unit_test(rng_normal_should_be_box_muller_of_two_uniform_draws),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
