/* SPDX-License-Identifier: MIT */
/* alloc.c: overflow-checked allocation with a failure hook for tests. */
#include "alloc.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "c_locale.h"

/* Countdown to an injected failure (0 = off) and the number of allocations
 * asked for so far. Only tests set or read them; they are atomic so that
 * parsing threads counting down together still fail exactly one call. */
static atomic_long fail_countdown;
static atomic_long requests;

#ifdef MLP_ALLOC_ENV_HOOK
/* Test-only builds of the programs (mlptrain_faults, mlppredict_faults; never
 * installed) read MLP_ALLOC_FAIL_AT=N at the first allocation: the Nth
 * allocation of the process fails. Release builds have no such hook. */
#include <stdio.h>
static atomic_int env_read;

static void report_count(void)
{
    const char *path = getenv("MLP_ALLOC_COUNT_FILE");
    FILE *fp = path ? fopen(path, "w") : NULL;
    if (fp) {
        fprintf(fp, "%ld\n", atomic_load(&requests));
        fclose(fp);
    }
}

static void read_env_hook(void)
{
    if (atomic_exchange(&env_read, 1))
        return;
    const char *s = getenv("MLP_ALLOC_FAIL_AT");
    long n = s ? strtol(s, NULL, 10) : 0;
    if (n > 0)
        atomic_store(&fail_countdown, n);
    atexit(report_count);
}

#endif

void mlp_alloc_fail_after(long n)
{
    atomic_store(&fail_countdown, n > 0 ? n : 0);
}

long mlp_alloc_count(void)
{
    return atomic_load(&requests);
}

static int injected_failure(void)
{
#ifdef MLP_ALLOC_ENV_HOOK
    if (!atomic_load(&env_read))
        read_env_hook();
#endif
    atomic_fetch_add(&requests, 1);
    long c = atomic_load(&fail_countdown);
    while (c > 0) {
        if (atomic_compare_exchange_weak(&fail_countdown, &c, c - 1))
            return c == 1;
    }
    return 0;
}

/* 1 when n * size overflows or exceeds MLP_ALLOC_MAX_BYTES: refused before
 * malloc sees it (and before the failure hook counts it). */
static int too_big(size_t n, size_t size)
{
    return size != 0 && (n > SIZE_MAX / size || n * size > MLP_ALLOC_MAX_BYTES);
}

void *mlp_alloc(size_t n, size_t size)
{
    if (too_big(n, size))
        return NULL;
    if (injected_failure())
        return NULL;
    size_t bytes = n * size;
    return malloc(bytes ? bytes : 1);
}

void *mlp_alloc_zero(size_t n, size_t size)
{
    if (too_big(n, size))
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

void *mlp_realloc(void *p, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    if (injected_failure())
        return NULL;
    size_t bytes = n * size;
    return realloc(p, bytes ? bytes : 1);
}

char *mlp_alloc_format_bytes(double bytes, char *buf, size_t size)
{
    static const char *const unit[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    if (bytes < 1024) {
        mlp_c_snprintf(buf, size, "%.0f byte%s", bytes, bytes == 1 ? "" : "s");
        return buf;
    }
    int u = 0;
    for (bytes /= 1024; bytes >= 1023.95 && u < 5; u++)
        bytes /= 1024;
    mlp_c_snprintf(buf, size, "%.1f %s", bytes, unit[u]);
    return buf;
}

mlp_status mlp_alloc_error(mlp_error *err, const char *path, double bytes, const char *hint,
                           const char *what, ...)
{
    if (!err)
        return MLP_ERR_NOMEM;
    char text[sizeof err->message], size[32];
    va_list ap;
    va_start(ap, what);
    mlp_c_vsnprintf(text, sizeof text, what, ap);
    va_end(ap);
    if (bytes > 0)
        mlp_error_set(err, MLP_ERR_NOMEM, path, 0, 0, "out of memory for %s (needs %s)", text,
                      mlp_alloc_format_bytes(bytes, size, sizeof size));
    else
        mlp_error_set(err, MLP_ERR_NOMEM, path, 0, 0, "out of memory for %s", text);
    mlp_error_hint(err, "%s", hint ? hint : "free some memory and try again");
    return MLP_ERR_NOMEM;
}
