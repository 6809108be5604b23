/* SPDX-License-Identifier: MIT */
/* alloc.c: overflow-checked allocation with a failure hook for tests. */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Countdown to an injected failure; 0 = off. The one mutable global in the
 * library, and only tests set it. */
static long fail_countdown;

void mlp_alloc_fail_after(long n)
{
    fail_countdown = n > 0 ? n : 0;
}

static int injected_failure(void)
{
    if (fail_countdown == 0)
        return 0;
    return --fail_countdown == 0;
}

void *mlp_alloc(size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    if (injected_failure())
        return NULL;
    size_t bytes = n * size;
    return malloc(bytes ? bytes : 1);
}

void *mlp_alloc_zero(size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    if (injected_failure())
        return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

char *mlp_alloc_strdup(const char *s)
{
    size_t len = strlen(s) + 1;
    char *copy = mlp_alloc(len, 1);
    if (copy)
        memcpy(copy, s, len);
    return copy;
}
