/* SPDX-License-Identifier: MIT */
/* version.c: the library's version and the --version text every mlp program
 * prints: the program and mlp version, the BLAS, the vector instruction set of
 * the activation and loss kernels (vmath.h) and cJSON it runs on, and the
 * licence. One function, so the programs cannot drift apart. */
#include "mlp/mlp.h"

#include "blas_config.h"
#include "mlp_git_version.h" /* MLP_GIT_SUFFIX: written at build time (cmake/git_version.cmake) */
#include "vmath.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* cJSON_Version() prints into one static buffer of cJSON's at every call:
 * two threads writing --version texts at once raced on it. The text is read
 * once (a program's own calls of cJSON_Version in other threads at that
 * moment are beyond mlp: mlp.h). */
static char cjson_version[32];
static pthread_once_t cjson_once = PTHREAD_ONCE_INIT;

static void read_cjson_version(void)
{
    snprintf(cjson_version, sizeof cjson_version, "%s", cJSON_Version());
}

const char *mlp_version(void)
{
    return MLP_VERSION_STRING;
}

/* Appends to buf like snprintf, tracking the length the whole text needs.
 * (The format attribute lets clang's -Wformat-nonliteral, in the fuzz
 * build, see that fmt is checked at each call.) */
static void append(char *buf, size_t cap, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void append(char *buf, size_t cap, size_t *len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *at = *len < cap ? buf + *len : NULL;
    size_t room = *len < cap ? cap - *len : 0;
    int n = vsnprintf(at, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        *len += (size_t)n;
}

size_t mlp_version_text(const char *prog, char *buf, size_t cap)
{
    size_t len = 0;
    if (cap > 0)
        buf[0] = '\0';
    /* The BLAS line is mlp/blas.h's: OpenBLAS's version, the core (kernel
     * set) it runs on and why. openblas_get_config() adds the build options
     * after "OpenBLAS <version> " (read once: blas_config.h). */
    const char *config = mlp_blas_config();
    if (strncmp(config, "OpenBLAS ", 9) == 0) {
        config += 9;
        config += strcspn(config, " ");
        config += strspn(config, " ");
    }
    /* The commit only here, not in mlp_version() or the weights file's
     * version string: files written by two commits of one release stay
     * byte-identical. */
    append(buf, cap, &len, "%s (mlp) %s%s\n", prog ? prog : "mlp", mlp_version(), MLP_GIT_SUFFIX);
    append(buf, cap, &len, "BLAS: %s\n", mlp_blas_describe());
    append(buf, cap, &len, "OpenBLAS build: %s\n", config[0] ? config : "(not reported)");
    /* The other thing the last bits depend on (docs/threads.md), as the
     * weights file's provenance records it ("vector isa"). */
    append(buf, cap, &len, "Vector ISA: %s\n", mlp_vmath_isa());
    pthread_once(&cjson_once, read_cjson_version);
    append(buf, cap, &len, "cJSON %s\n", cjson_version);
    append(buf, cap, &len, "Copyright (C) 2026 The mlp developers.\n"
                           "License MIT: <https://opensource.org/licenses/MIT>.\n"
                           "This is free software: you are free to change and redistribute it.\n"
                           "There is NO WARRANTY, to the extent permitted by law.\n");
    return len;
}
