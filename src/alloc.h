/* SPDX-License-Identifier: MIT */
/* alloc.h: the one way library code allocates.
 *
 * Sizes are checked for overflow before malloc, and tests can make the Nth
 * allocation from now fail to prove every failure path frees what it took.
 */
#ifndef MLP_ALLOC_H
#define MLP_ALLOC_H

#include <stddef.h>

#include "mlp/error.h"

/* The largest single allocation asked of malloc: 2^40 bytes (1 TiB), more
 * than any machine mlp runs on can give. A larger request (a product of
 * sizes from a hostile file, layers of 2^24 units) is refused as out of
 * memory without calling malloc, which under AddressSanitizer would abort
 * instead of returning NULL. */
#define MLP_ALLOC_MAX_BYTES ((size_t)1 << 40)

/* malloc(n * size), or NULL when the product overflows, exceeds
 * MLP_ALLOC_MAX_BYTES or memory is short. A zero-sized request returns a
 * valid pointer to free. */
void *mlp_alloc(size_t n, size_t size);

/* The same, zero-filled. */
void *mlp_alloc_zero(size_t n, size_t size);

/* p (from these functions, or NULL) resized to n * size bytes, keeping its
 * contents; NULL (p untouched) when the product overflows or memory is
 * short. glibc moves a large block by remapping its pages, not copying. */
void *mlp_realloc(void *p, size_t n, size_t size);

/* A copy of s, or NULL. s must not be NULL. */
char *mlp_alloc_strdup(const char *s);

/* The one form of an out-of-memory error: fills err with MLP_ERR_NOMEM,
 * path (may be NULL) and the message "out of memory for WHAT (needs SIZE)",
 * WHAT printf-style, SIZE `bytes` in binary units ("512 bytes", "1.5 MiB",
 * "74.5 GiB"; left out when bytes is 0, unknown), and the hint (NULL: "free
 * some memory and try again"). A double, so that a product of sizes that
 * overflows size_t is still told. Returns MLP_ERR_NOMEM. */
mlp_status mlp_alloc_error(mlp_error *err, const char *path, double bytes, const char *hint,
                           const char *what, ...) __attribute__((format(printf, 5, 6)));

/* bytes in binary units as mlp_alloc_error writes them, into buf. */
char *mlp_alloc_format_bytes(double bytes, char *buf, size_t size);

/* Test hook: the allocation `n` calls from now (1 = the next one) fails;
 * 0 turns failures off. Not thread-safe; library code never calls it. */
void mlp_alloc_fail_after(long n);

/* Test hook: how many allocations were asked for since the program started
 * (failed ones included), so a test can count the allocations of a run and
 * then make each of them fail in turn. */
long mlp_alloc_count(void);

#endif
