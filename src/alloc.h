/* SPDX-License-Identifier: MIT */
/* alloc.h: the one way library code allocates.
 *
 * Sizes are checked for overflow before malloc, and tests can make the Nth
 * allocation from now fail to prove every failure path frees what it took.
 */
#ifndef MLP_ALLOC_H
#define MLP_ALLOC_H

#include <stddef.h>

/* malloc(n * size), or NULL when the product overflows or memory is short.
 * A zero-sized request returns a valid pointer to free. */
void *mlp_alloc(size_t n, size_t size);

/* The same, zero-filled. */
void *mlp_alloc_zero(size_t n, size_t size);

/* A copy of s, or NULL. s must not be NULL. */
char *mlp_alloc_strdup(const char *s);

/* Test hook: the allocation `n` calls from now (1 = the next one) fails;
 * 0 turns failures off. Not thread-safe; library code never calls it. */
void mlp_alloc_fail_after(long n);

#endif
