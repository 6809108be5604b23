/* SPDX-License-Identifier: MIT */
/* rng.h: the project's own seeded generator, so that a seed gives the same
 * weights on every machine and libc. State is a value the caller owns. */
#ifndef MLP_RNG_H
#define MLP_RNG_H

#include <stdint.h>

typedef struct {
    uint64_t s[4]; /* xoshiro256** state, never all zero */
} mlp_rng;

/* Seeds the state from one 64-bit value through splitmix64. */
void mlp_rng_seed(mlp_rng *rng, uint64_t seed);

/* Next 64 random bits. */
uint64_t mlp_rng_next(mlp_rng *rng);

/* Uniform double in [0, 1) with 53 random bits. */
double mlp_rng_uniform(mlp_rng *rng);

/* Standard normal draw (Box-Muller; one draw per call, the pair's twin is dropped
 * so the sequence does not depend on hidden state). The same bits on every
 * machine: its log and cos are SLEEF's deterministic ones, not glibc's. */
double mlp_rng_normal(mlp_rng *rng);

#endif
