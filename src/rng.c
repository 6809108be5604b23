/* SPDX-License-Identifier: MIT */
/* rng.c: xoshiro256** (Blackman and Vigna) seeded by splitmix64, written from
 * the published algorithm descriptions. */
#include "rng.h"

#include <math.h>
#include <sleef.h>

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void mlp_rng_seed(mlp_rng *rng, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        rng->s[i] = splitmix64(&x);
}

uint64_t mlp_rng_next(mlp_rng *rng)
{
    uint64_t *s = rng->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double mlp_rng_uniform(mlp_rng *rng)
{
    return (double)(mlp_rng_next(rng) >> 11) * 0x1.0p-53;
}

double mlp_rng_normal(mlp_rng *rng)
{
    /* 1 - u is in (0, 1], so the log is finite. */
    double u1 = 1.0 - mlp_rng_uniform(rng);
    double u2 = mlp_rng_uniform(rng);
    /* The same bits on every machine: glibc's log and cos pick their code
     * by the CPU (FMA or not), which moved the last bit of 6 in 8,192 He
     * weights. SLEEF's "cinz" scalar functions are its deterministic ones:
     * pure C without FMA, documented (SLEEF pull request 204) to return the
     * same value on every platform; within 1.0 ULP (u10). The rest is
     * IEEE arithmetic rounded once per operation (sqrt is correctly
     * rounded; -ffp-contract=off keeps the products unfused). */
    return sqrt(-2.0 * Sleef_cinz_logd1_u10purec(u1)) *
           Sleef_cinz_cosd1_u10purec(2.0 * 3.14159265358979323846 * u2);
}
