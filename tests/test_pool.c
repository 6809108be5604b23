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

#include "gemm.h"
#include "mlp/net.h"
#include "mlp/pool.h"
#include "pool_blas.h"

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

/* The BLAS's count belongs to the program: the lanes' passes set it to one
 * while any runs, in any thread, and put the program's back after the last;
 * a count set meanwhile is the one put back. */
static void blas_serial_passes_should_nest_and_put_the_program_count_back(void **state)
{
    (void)state;
    assert_int_equal(mlp_pool_set_blas_threads(2), 2);
    assert_int_equal(mlp_gemm_threads(), 2);
    mlp_pool_blas_serial_begin();
    assert_int_equal(mlp_gemm_threads(), 1);
    mlp_pool_blas_serial_begin();
    mlp_pool_blas_serial_end();
    assert_int_equal(mlp_gemm_threads(), 1); /* the first pass still runs */
    assert_int_equal(mlp_pool_set_blas_threads(3), 3);
    assert_int_equal(mlp_gemm_threads(), 1);
    mlp_pool_blas_serial_end();
    assert_int_equal(mlp_gemm_threads(), 3);
    mlp_pool_set_blas_threads(1);
}

typedef struct {
    const mlp_net *proto;
    const double *X, *T;
    size_t N;
    int passes;
} passes_job;

/* A thread of the program that trains its own network: gradient passes of
 * two lanes on its own copy and workspace. */
static void *gradient_passes(void *arg)
{
    const passes_job *job = arg;
    const mlp_net *p = job->proto;
    const mlp_activation acts[2] = {MLP_ACT_TANH, MLP_ACT_SOFTMAX};
    mlp_net *net = mlp_net_create(p->n_layers, p->sizes, acts, p->loss, NULL);
    assert_non_null(net);
    memcpy(net->params, p->params, p->n_params * sizeof *net->params);
    mlp_workspace_options wo = {.chunk_rows = 0, .threads = 2};
    mlp_workspace *ws = mlp_workspace_create_with(net, &wo, NULL);
    assert_non_null(ws);
    for (int i = 0; i < job->passes; i++)
        mlp_net_gradient(net, ws, job->X, job->T, job->N, 1);
    mlp_workspace_free(ws);
    mlp_net_free(net);
    return NULL;
}

/* Each pass saved the count, set 1 and restored what it saved: two threads'
 * passes interleaved, the second saved the first's 1, and the program's 2
 * was lost for good (4 threads: "blas threads after: 1" in every run). */
static void blas_threads_should_survive_passes_of_several_threads(void **state)
{
    (void)state;
    const size_t sizes[3] = {8, 64, 2};
    const mlp_activation acts[2] = {MLP_ACT_TANH, MLP_ACT_SOFTMAX};
    mlp_net *proto = mlp_net_create(2, sizes, acts, MLP_LOSS_CROSS_ENTROPY, NULL);
    assert_non_null(proto);
    mlp_net_init(proto, MLP_INIT_DEFAULT, 3);
    enum { N = 400, THREADS = 4 }; /* 400 x 706 multiply-adds: two lanes */
    double *X = malloc(N * 8 * sizeof *X), *T = calloc(N * 2, sizeof *T);
    assert_non_null(X);
    assert_non_null(T);
    for (int i = 0; i < N * 8; i++)
        X[i] = cos(0.11 * i);
    for (int r = 0; r < N; r++)
        T[r * 2 + r % 2] = 1.0;
    assert_int_equal(mlp_pool_set_blas_threads(2), 2);
    passes_job job = {proto, X, T, N, 300};
    gradient_passes(&job); /* one thread: the count comes back */
    assert_int_equal(mlp_gemm_threads(), 2);
    pthread_t tid[THREADS];
    for (int k = 0; k < THREADS; k++)
        assert_int_equal(pthread_create(&tid[k], NULL, gradient_passes, &job), 0);
    for (int k = 0; k < THREADS; k++)
        pthread_join(tid[k], NULL);
    assert_int_equal(mlp_gemm_threads(), 2);
    mlp_pool_set_blas_threads(1);
    free(X);
    free(T);
    mlp_net_free(proto);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pool_should_run_every_part_once_on_the_thread_its_index_names),
        cmocka_unit_test(pool_of_one_should_start_no_thread),
        cmocka_unit_test(range_should_cut_contiguous_parts_as_n_k_over_p),
        cmocka_unit_test(default_threads_should_follow_the_environment_as_openblas),
        cmocka_unit_test(workspace_should_start_only_the_threads_it_is_given),
        cmocka_unit_test(blas_serial_passes_should_nest_and_put_the_program_count_back),
        cmocka_unit_test(blas_threads_should_survive_passes_of_several_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
