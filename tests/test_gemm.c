/* SPDX-License-Identifier: MIT */
/* test_gemm.c: what gemm.c says of the BLAS build comes from the copy read
 * once per process (blas_config.h), never from OpenBLAS's own buffer, which
 * openblas_get_config() rebuilds at every call; the products themselves are
 * checked through the network (test_net.c, test_reference.c). */
#include "check.h"

#include <cblas.h>
#include <pthread.h>
#include <string.h>

#include "blas_config.h"
#include "gemm.h"

/* mlp_gemm_blas_config called openblas_get_config() itself: two threads
 * could read each other's half-built text. It is now the library's one
 * copy, the same pointer and text at every call. */
static void blas_config_should_be_the_once_read_copy(void **state)
{
    (void)state;
    const char *first = mlp_gemm_blas_config();
    assert_non_null(first);
    assert_ptr_equal(first, mlp_blas_config());
    const char *own = openblas_get_config(); /* OpenBLAS's buffer, rebuilt now */
    assert_ptr_not_equal(first, own);
    assert_string_equal(first, own); /* the same text, a stable copy of it */
    assert_ptr_equal(mlp_gemm_blas_config(), first);
    assert_non_null(strstr(first, "OpenBLAS"));
}

static void *read_config(void *arg)
{
    (void)arg;
    const char *p = NULL;
    for (int i = 0; i < 1000; i++)
        p = mlp_gemm_blas_config();
    return (void *)p;
}

/* From several threads at once: every thread gets the one copy. */
static void blas_config_should_be_one_copy_from_threads(void **state)
{
    (void)state;
    enum { THREADS = 4 };
    pthread_t tid[THREADS];
    for (int k = 0; k < THREADS; k++)
        assert_int_equal(pthread_create(&tid[k], NULL, read_config, NULL), 0);
    for (int k = 0; k < THREADS; k++) {
        void *got = NULL;
        pthread_join(tid[k], &got);
        assert_ptr_equal(got, mlp_blas_config());
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(blas_config_should_be_the_once_read_copy),
        cmocka_unit_test(blas_config_should_be_one_copy_from_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
