/* SPDX-License-Identifier: MIT */
/* test_version.c: the version macros of mlp/mlp.h equal project(VERSION) in
 * CMakeLists.txt (passed to the build as MLP_VERSION), mlp_version() returns
 * them, and mlp_version_text() writes the --version text like snprintf:
 * whole when it fits, cut and terminated when not, its full length always,
 * the same from threads at once. */
#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mlp/mlp.h"

static void macros_should_equal_the_cmake_project_version(void **state)
{
    (void)state;
    /* MLP_VERSION comes from project(mlp VERSION ...); when this fails,
     * update the MLP_VERSION_* macros in include/mlp/mlp.h. */
    assert_string_equal(MLP_VERSION_STRING, MLP_VERSION);
    char joined[64];
    snprintf(joined, sizeof joined, "%d.%d.%d", MLP_VERSION_MAJOR, MLP_VERSION_MINOR, MLP_VERSION_PATCH);
    assert_string_equal(joined, MLP_VERSION_STRING);
    assert_int_equal(MLP_VERSION_NUMBER, MLP_VERSION_MAJOR * 10000 + MLP_VERSION_MINOR * 100 + MLP_VERSION_PATCH);
    assert_string_equal(mlp_version(), MLP_VERSION_STRING);
}

static void text_should_start_with_the_program_and_version_and_end_with_the_licence(void **state)
{
    (void)state;
    char buf[2048];
    size_t n = mlp_version_text("mlptrain", buf, sizeof buf);
    assert_int_equal(n, strlen(buf));
    /* "mlptrain (mlp) VERSION", then " (git HASH[-dirty])" in a build from
     * a git checkout (docs/install.md; test_version.sh checks which). */
    char first[128];
    snprintf(first, sizeof first, "mlptrain (mlp) %s", MLP_VERSION);
    assert_memory_equal(buf, first, strlen(first));
    const char *rest = buf + strlen(first);
    if (strncmp(rest, " (git ", 6) == 0) {
        rest += 6;
        size_t hex = strspn(rest, "0123456789abcdef");
        assert_true(hex >= 7);
        rest += hex;
        if (strncmp(rest, "-dirty", 6) == 0)
            rest += 6;
        assert_int_equal(*rest, ')');
        rest++;
    }
    assert_memory_equal(rest, "\nBLAS: OpenBLAS ", 15);
    assert_non_null(strstr(buf, ", core "));
    assert_non_null(strstr(buf, "\nOpenBLAS build: "));
    assert_non_null(strstr(buf, "\ncJSON "));
    assert_non_null(strstr(buf, "\nLicense MIT: <https://opensource.org/licenses/MIT>.\n"));
    assert_int_equal(buf[n - 1], '\n');
}

static void text_should_be_cut_like_snprintf_when_the_buffer_is_short(void **state)
{
    (void)state;
    char whole[2048];
    size_t n = mlp_version_text("mlppredict", whole, sizeof whole);
    for (size_t cap = 1; cap < n + 2; cap += 7) {
        char part[2048];
        memset(part, 'x', sizeof part);
        assert_int_equal(mlp_version_text("mlppredict", part, cap), n);
        size_t kept = cap - 1 < n ? cap - 1 : n;
        assert_int_equal(strlen(part), kept);
        assert_memory_equal(part, whole, kept);
    }
    assert_int_equal(mlp_version_text("mlppredict", NULL, 0), n);
}

static char reference[2048];
static atomic_int texts_differing;

static void *write_texts(void *arg)
{
    (void)arg;
    char buf[2048];
    for (int i = 0; i < 10000; i++) {
        size_t n = mlp_version_text("host", buf, sizeof buf);
        if (n != strlen(reference) || memcmp(buf, reference, n + 1) != 0)
            atomic_fetch_add(&texts_differing, 1);
    }
    return NULL;
}

/* mlp_blas_describe wrote one static line for every thread, and the text
 * read OpenBLAS's openblas_get_config() and cJSON_Version() at each call,
 * each of which rebuilds its text in a static buffer of its own (OpenBLAS:
 * a strcpy, then strcat of the core): threads writing --version texts at
 * once raced on all three, and could print a line cut short. */
static void text_should_be_the_same_from_threads_at_once(void **state)
{
    (void)state;
    size_t n = mlp_version_text("host", reference, sizeof reference);
    assert_true(n > 0 && n < sizeof reference);
    atomic_store(&texts_differing, 0);
    enum { THREADS = 4 };
    pthread_t tid[THREADS];
    for (int k = 0; k < THREADS; k++)
        assert_int_equal(pthread_create(&tid[k], NULL, write_texts, NULL), 0);
    for (int k = 0; k < THREADS; k++)
        pthread_join(tid[k], NULL);
    assert_int_equal(atomic_load(&texts_differing), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(macros_should_equal_the_cmake_project_version),
        cmocka_unit_test(text_should_start_with_the_program_and_version_and_end_with_the_licence),
        cmocka_unit_test(text_should_be_cut_like_snprintf_when_the_buffer_is_short),
        cmocka_unit_test(text_should_be_the_same_from_threads_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
