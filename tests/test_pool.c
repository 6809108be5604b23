/* SPDX-License-Identifier: MIT */
/* test_pool.c: the thread pool runs every part once, on the thread its
 * index names; a pool (and a workspace) of one thread starts
 * no thread, counted in /proc/self/task; the range split and the default
 * count. */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "check.h"

#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mlp/net.h"
#include "mlp/pool.h"

/* Threads of this process now. */
static int tasks(void)
{
    DIR *d = opendir("/proc/self/task");
    if (!d)
        fail_msg("cannot open /proc/self/task");
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

enum { MAX_PARTS = 40 };

typedef struct {
    atomic_int runs[MAX_PARTS];
    pthread_t who[MAX_PARTS];
    int tasks_seen[MAX_PARTS];
} record;

static void note(void *ctx, size_t k)
{
    record *r = ctx;
    atomic_fetch_add(&r->runs[k], 1);
    r->who[k] = pthread_self();
    r->tasks_seen[k] = tasks();
}

static void pool_should_run_every_part_once_on_the_thread_its_index_names(void **state)
{
    (void)state;
    const int counts[] = {1, 2, 3, 4};
    const size_t parts[] = {1, 2, 3, 7, 40};
    for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
        mlp_pool *p = mlp_pool_create(counts[c], NULL);
        assert_non_null(p);
        assert_int_equal(mlp_pool_threads(p), counts[c]);
        for (int again = 0; again < 3; again++) {
            for (size_t j = 0; j < sizeof parts / sizeof parts[0]; j++) {
                size_t P = parts[j], T = (size_t)counts[c];
                record *r = calloc(1, sizeof *r);
                mlp_pool_run(p, P, note, r);
                for (size_t k = 0; k < P; k++) {
                    assert_int_equal(atomic_load(&r->runs[k]), 1);
                    /* the same thread for the same k % T, the caller for k % T == 0 */
                    assert_true(pthread_equal(r->who[k], r->who[k % T]));
                    if (k % T == 0 || P == 1)
                        assert_true(pthread_equal(r->who[k], pthread_self()));
                    else
                        assert_false(pthread_equal(r->who[k], pthread_self()));
                }
                for (size_t k = P; k < MAX_PARTS; k++)
                    assert_int_equal(atomic_load(&r->runs[k]), 0);
                free(r);
            }
        }
        mlp_pool_free(p);
    }
    mlp_pool_free(NULL);
}

static void pool_of_one_should_start_no_thread(void **state)
{
    (void)state;
    int base = tasks();
    mlp_pool *p = mlp_pool_create(1, NULL);
    record *r = calloc(1, sizeof *r);
    mlp_pool_run(p, 7, note, r);
    for (size_t k = 0; k < 7; k++)
        assert_int_equal(r->tasks_seen[k], base);
    mlp_pool_free(p);
    /* The check can fail: a pool of 3 shows its two workers while it runs. */
    p = mlp_pool_create(3, NULL);
    assert_int_equal(tasks(), base); /* none before the first job */
    mlp_pool_run(p, 3, note, r);
    assert_int_equal(r->tasks_seen[0], base + 2);
    mlp_pool_free(p);
    assert_int_equal(tasks(), base);
    free(r);
}

static void range_should_cut_contiguous_parts_as_n_k_over_p(void **state)
{
    (void)state;
    for (size_t n = 0; n < 50; n++) {
        for (size_t P = 1; P <= 9; P++) {
            size_t prev_end = 0;
            for (size_t k = 0; k < P; k++) {
                size_t b, e;
                mlp_pool_range(n, k, P, &b, &e);
                assert_int_equal(b, n * k / P);
                assert_int_equal(e, n * (k + 1) / P);
                assert_int_equal(b, prev_end);
                prev_end = e;
            }
            assert_int_equal(prev_end, n);
        }
    }
    /* no overflow where n k would wrap */
    size_t b, e, n = SIZE_MAX - 3;
    mlp_pool_range(n, 63, 64, &b, &e);
    assert_int_equal(e, n);
    assert_true(b < e && e - b <= n / 64 + 1);
}

static void default_threads_should_follow_the_environment_as_openblas(void **state)
{
    (void)state;
    cpu_set_t set;
    assert_int_equal(sched_getaffinity(0, sizeof set, &set), 0);
    int procs = CPU_COUNT(&set) > MLP_POOL_MAX_THREADS ? MLP_POOL_MAX_THREADS : CPU_COUNT(&set);
    unsetenv("OPENBLAS_NUM_THREADS");
    unsetenv("GOTO_NUM_THREADS");
    unsetenv("OMP_NUM_THREADS");
    assert_int_equal(mlp_pool_default_threads(), procs);
    setenv("OMP_NUM_THREADS", "1", 1);
    assert_int_equal(mlp_pool_default_threads(), 1);
    setenv("OMP_NUM_THREADS", "1000", 1); /* never more than the processors */
    assert_int_equal(mlp_pool_default_threads(), procs);
    setenv("OPENBLAS_NUM_THREADS", "1", 1); /* before OMP_NUM_THREADS */
    assert_int_equal(mlp_pool_default_threads(), 1);
    setenv("OPENBLAS_NUM_THREADS", "two", 1); /* not a count: the next variable */
    setenv("GOTO_NUM_THREADS", "1", 1);
    assert_int_equal(mlp_pool_default_threads(), 1);
    unsetenv("GOTO_NUM_THREADS");
    unsetenv("OMP_NUM_THREADS");
    setenv("OPENBLAS_NUM_THREADS", "0", 1);
    assert_int_equal(mlp_pool_default_threads(), procs);
    setenv("OPENBLAS_NUM_THREADS", "1", 1); /* as ctest runs every test */
}

/* A pass with enough rows for several lanes: one lane per thread given, and
 * none started for a workspace of one thread. */
static void workspace_should_start_only_the_threads_it_is_given(void **state)
{
    (void)state;
    const size_t sizes[3] = {32, 64, 4};
    const mlp_activation acts[2] = {MLP_ACT_TANH, MLP_ACT_SOFTMAX};
    mlp_net *net = mlp_net_create(2, sizes, acts, MLP_LOSS_CROSS_ENTROPY, NULL);
    assert_non_null(net);
    mlp_net_init(net, MLP_INIT_DEFAULT, 3);
    enum { N = 4000 }; /* 4000 x 2372 multiply-adds: work for 3 lanes and more */
    double *X = malloc(N * 32 * sizeof *X), *T = calloc(N * 4, sizeof *T);
    for (int i = 0; i < N * 32; i++)
        X[i] = cos(0.11 * i);
    for (int r = 0; r < N; r++)
        T[r * 4 + r % 4] = 1.0;
    int base = tasks();
    for (int threads = 1; threads <= 3; threads++) {
        mlp_workspace_options wo = {.chunk_rows = 0, .threads = threads};
        mlp_workspace *ws = mlp_workspace_create_with(net, &wo, NULL);
        assert_non_null(ws);
        assert_int_equal(mlp_workspace_threads(ws), threads);
        mlp_net_gradient(net, ws, X, T, N, 1);
        mlp_net_evaluate(net, ws, X, T, N, 1);
        assert_int_equal(tasks(), base + threads - 1); /* workers wait until freed */
        mlp_workspace_free(ws);
        assert_int_equal(tasks(), base);
    }
    mlp_workspace *ws = mlp_workspace_create(net, 0, NULL); /* one thread */
    mlp_net_gradient(net, ws, X, T, N, 1);
    assert_int_equal(tasks(), base);
    mlp_workspace_free(ws);
    free(X);
    free(T);
    mlp_net_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pool_should_run_every_part_once_on_the_thread_its_index_names),
        cmocka_unit_test(pool_of_one_should_start_no_thread),
        cmocka_unit_test(range_should_cut_contiguous_parts_as_n_k_over_p),
        cmocka_unit_test(default_threads_should_follow_the_environment_as_openblas),
        cmocka_unit_test(workspace_should_start_only_the_threads_it_is_given),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
