/* SPDX-License-Identifier: MIT */
/* test_blas.c: the choice of OpenBLAS's core (mlp/blas.h). Every branch of
 * the pure decision (the user's OPENBLAS_CORETYPE, a known core, a CPU
 * without AVX2, a fallback with AVX2 or AVX-512, a passed and a failed
 * self-test in a re-executed process, the end of the chain, a malformed
 * state), a simulation of whole chains of re-executions on made-up machines
 * (it always ends, within four executions, on a core that passed or on
 * OpenBLAS's own), and the real self-test on this machine's core, also
 * from several threads at once. */
#include "check.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "gemm.h"
#include "mlp/blas.h"
#include "mlp/pool.h"
#include "pool_blas.h"

static const mlp_cpu_features none = {0, 0}, avx2 = {1, 0}, avx512 = {1, 1};

static mlp_blas_decision decide(const char *core, mlp_cpu_features cpu, const char *user,
                                const char *state, int ok)
{
    mlp_blas_inputs in = {core, cpu, user, state, ok};
    mlp_blas_decision d;
    mlp_blas_decide(&in, &d);
    return d;
}

static void assert_keep(mlp_blas_decision d, const char *note_part)
{
    assert_int_equal(d.action, MLP_BLAS_KEEP);
    if (!strstr(d.note, note_part))
        fail_msg("note \"%s\" lacks \"%s\"", d.note, note_part);
}

static void assert_switch(mlp_blas_decision d, const char *core, const char *state)
{
    assert_int_equal(d.action, MLP_BLAS_SWITCH);
    assert_string_equal(d.core, core);
    assert_string_equal(d.state, state);
}

static void blas_should_know_the_fallback_cores(void **state)
{
    (void)state;
    const char *fallbacks[] = {"Prescott", "Core2", "Katmai", "Nehalem", "Sandybridge", "Penryn",
                               "Atom", "Barcelona", "Opteron"};
    const char *good[] = {"Haswell", "Zen", "SkylakeX", "Cooperlake", "skylakex", "HASWELL"};
    for (size_t i = 0; i < sizeof fallbacks / sizeof fallbacks[0]; i++)
        assert_true(mlp_blas_is_fallback(fallbacks[i]));
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_false(mlp_blas_is_fallback(good[i]));
    assert_false(mlp_blas_is_fallback(NULL));
    assert_false(mlp_blas_is_fallback(""));
}

static void blas_should_let_the_user_choose(void **state)
{
    (void)state;
    assert_keep(decide("Prescott", avx512, "Prescott", NULL, 0), "OPENBLAS_CORETYPE=Prescott: the user's choice");
    assert_keep(decide("Haswell", avx512, "Haswell", NULL, 0), "the user's choice");
    /* Set but empty: as if unset. */
    assert_switch(decide("Prescott", avx2, "", NULL, 0), "Haswell", "Prescott:Haswell");
    /* OpenBLAS takes its names in any case; its name of the core is what ran. */
    mlp_blas_decision d = decide("Haswell", avx2, "haswell", NULL, 0);
    assert_keep(d, "OPENBLAS_CORETYPE=haswell: the user's choice");
    assert_string_equal(d.warning, "");
    /* Nothing known of what ran: the user's, as before. */
    assert_keep(decide(NULL, avx2, "Haswell", NULL, 0), "the user's choice");
}

/* A name OpenBLAS does not have it replaces by a core of its own without a
 * word: --version called that "the user's choice". */
static void blas_should_say_when_the_users_core_did_not_run(void **state)
{
    (void)state;
    mlp_blas_decision d = decide("Cooperlake", avx512, "Bogus", NULL, 0);
    assert_keep(d, "OPENBLAS_CORETYPE=Bogus not taken: this OpenBLAS has no such core");
    assert_null(strstr(d.note, "the user's choice"));
    assert_string_equal(d.warning,
                        "OPENBLAS_CORETYPE=Bogus is not a core this OpenBLAS has, so Cooperlake runs");
    assert_string_equal(d.warning_hint, "set OPENBLAS_CORETYPE to one it has, such as Haswell, "
                                        "SkylakeX, Zen or Prescott, or unset it");
    /* Kept as it is, a generic fallback too: the user's variable wins. */
    assert_keep(decide("Prescott", avx2, "Katmai", NULL, 0), "OPENBLAS_CORETYPE=Katmai not taken");
    /* No warning from mlp's own choices. */
    assert_string_equal(decide("Zen", avx2, NULL, NULL, 0).warning, "");
    assert_string_equal(decide("Haswell", avx512, NULL, "Core2:SkylakeX", 0).warning, "");
}

static void blas_should_keep_a_known_core_or_a_cpu_without_avx2(void **state)
{
    (void)state;
    assert_keep(decide("Zen", avx2, NULL, NULL, 0), "OpenBLAS's choice");
    assert_keep(decide("SkylakeX", avx512, NULL, NULL, 0), "OpenBLAS's choice");
    assert_keep(decide("Haswell", avx512, NULL, NULL, 0), "OpenBLAS's choice");
    assert_keep(decide("Prescott", none, NULL, NULL, 0), "no AVX2");
    assert_keep(decide(NULL, avx512, NULL, NULL, 0), "names no core");
}

static void blas_should_leave_a_fallback_for_the_best_core(void **state)
{
    (void)state;
    assert_switch(decide("Prescott", avx512, NULL, NULL, 0), "SkylakeX", "Prescott:SkylakeX");
    assert_switch(decide("Prescott", avx2, NULL, NULL, 0), "Haswell", "Prescott:Haswell");
    assert_switch(decide("Core2", avx2, NULL, NULL, 0), "Haswell", "Core2:Haswell");
    assert_switch(decide("Sandybridge", avx512, NULL, NULL, 0), "SkylakeX", "Sandybridge:SkylakeX");
}

static void blas_should_keep_a_core_that_passed_the_self_test(void **state)
{
    (void)state;
    assert_keep(decide("SkylakeX", avx512, NULL, "Prescott:SkylakeX", 1),
                "mlp's choice: OpenBLAS picked Prescott, a generic fallback; self-test passed");
    assert_keep(decide("Haswell", avx512, NULL, "Prescott:SkylakeX,Haswell", 1), "self-test passed");
    /* The user's variable is not looked at in a re-executed process. */
    assert_keep(decide("Haswell", avx2, "Haswell", "Prescott:Haswell", 1), "mlp's choice");
}

static void blas_should_go_to_the_next_core_on_a_failed_self_test(void **state)
{
    (void)state;
    assert_switch(decide("SkylakeX", avx512, NULL, "Prescott:SkylakeX", 0), "Haswell",
                  "Prescott:SkylakeX,Haswell");
    assert_switch(decide("Haswell", avx512, NULL, "Prescott:SkylakeX,Haswell", 0), "Prescott",
                  "Prescott:SkylakeX,Haswell,Prescott");
    assert_switch(decide("Haswell", avx2, NULL, "Prescott:Haswell", 0), "Prescott",
                  "Prescott:Haswell,Prescott");
    /* OpenBLAS may run another core than the one asked for: the list decides. */
    assert_switch(decide("Haswell", avx512, NULL, "Core2:SkylakeX", 0), "Haswell", "Core2:SkylakeX,Haswell");
}

static void blas_should_stop_on_openblas_own_core(void **state)
{
    (void)state;
    assert_keep(decide("Prescott", avx512, NULL, "Prescott:SkylakeX,Haswell,Prescott", 1),
                "OpenBLAS's choice, a generic fallback: SkylakeX,Haswell failed mlp's self-test");
    mlp_blas_decision d = decide("Prescott", avx2, NULL, "Prescott:Haswell,Prescott", 0);
    assert_keep(d, "Haswell failed mlp's self-test; so did this core");
}

static void blas_should_keep_on_a_state_it_does_not_understand(void **state)
{
    (void)state;
    assert_keep(decide("Prescott", avx2, NULL, "garbage", 0), "not understood");
    assert_keep(decide("Prescott", avx2, NULL, ":Haswell", 0), "not understood");
    char longstate[200];
    memset(longstate, 'A', sizeof longstate - 1);
    longstate[sizeof longstate - 1] = '\0';
    longstate[3] = ':';
    assert_keep(decide("Prescott", avx2, NULL, longstate, 0), "not understood");
}

/* Whole chains on made-up machines: cpu features x the set of cores whose
 * self-test fails (bit 0 SkylakeX, 1 Haswell, 2 Prescott). */
static void blas_should_end_every_chain_within_four_executions(void **state)
{
    (void)state;
    const mlp_cpu_features cpus[] = {none, avx2, avx512};
    const char *names[] = {"SkylakeX", "Haswell", "Prescott"};
    int chains = 0;
    for (int c = 0; c < 3; c++)
        for (int fails = 0; fails < 8; fails++) {
            const char *core = "Prescott", *st = NULL;
            char state_buf[160];
            int runs = 1;
            mlp_blas_decision d;
            for (;;) {
                int ok = 1;
                for (int i = 0; i < 3; i++)
                    if ((fails >> i & 1) && !strcmp(core, names[i]))
                        ok = 0;
                d = decide(core, cpus[c], NULL, st, st ? ok : 0);
                if (d.action == MLP_BLAS_KEEP)
                    break;
                assert_true(++runs <= 4);
                snprintf(state_buf, sizeof state_buf, "%s", d.state);
                st = state_buf;
                static char core_buf[32];
                snprintf(core_buf, sizeof core_buf, "%s", d.core);
                core = core_buf;
            }
            /* Where it ends: the first core of SkylakeX (with AVX-512),
             * Haswell (with AVX2) that passes, else Prescott. */
            const char *want = "Prescott";
            if (cpus[c].avx512 && !(fails & 1))
                want = "SkylakeX";
            else if (cpus[c].avx2 && !(fails & 2))
                want = "Haswell";
            assert_string_equal(core, want);
            chains++;
        }
    assert_int_equal(chains, 24);
}

static void blas_selftest_should_pass_on_this_machine_core(void **state)
{
    (void)state;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(mlp_blas_selftest(), 1);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("self-test on %s: %.2f ms\n", mlp_blas_core_name(),
           (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-6);
    /* Twice: the handlers and the thread count were restored. */
    assert_int_equal(mlp_blas_selftest(), 1);
}

/* ---- the self-test from several threads of a program -------------------- */

static void program_handler(int sig, siginfo_t *info, void *uctx)
{
    (void)sig;
    (void)info;
    (void)uctx;
}

static atomic_int selftests_failed, selftests_done;

static void *selftests(void *arg)
{
    int calls = *(const int *)arg;
    for (int i = 0; i < calls; i++)
        if (!mlp_blas_selftest())
            atomic_fetch_add(&selftests_failed, 1);
    atomic_store(&selftests_done, 1);
    return NULL;
}

static void start_selftests(pthread_t *tid, int n, int *calls)
{
    atomic_store(&selftests_failed, 0);
    atomic_store(&selftests_done, 0);
    for (int k = 0; k < n; k++)
        assert_int_equal(pthread_create(&tid[k], NULL, selftests, calls), 0);
}

static const int fault_sigs[] = {SIGILL, SIGSEGV, SIGBUS, SIGFPE};

/* Four threads at once shared one set of buffers and one jump, and each
 * restored the handlers another had put in: 176 + 185 of 400 calls said
 * the core was broken, and the program's SIGSEGV handler was gone. */
static void blas_selftest_should_pass_in_threads_at_once_and_keep_the_program_handlers(void **state)
{
    (void)state;
    struct sigaction mine, before[4], now;
    memset(&mine, 0, sizeof mine);
    mine.sa_sigaction = program_handler;
    mine.sa_flags = SA_SIGINFO;
    sigemptyset(&mine.sa_mask);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(sigaction(fault_sigs[i], NULL, &before[i]), 0);
        assert_int_equal(sigaction(fault_sigs[i], &mine, NULL), 0);
    }
    enum { THREADS = 4 };
    int calls = 60;
    pthread_t tid[THREADS];
    start_selftests(tid, THREADS, &calls);
    for (int k = 0; k < THREADS; k++)
        pthread_join(tid[k], NULL);
    assert_int_equal(atomic_load(&selftests_failed), 0);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(sigaction(fault_sigs[i], &before[i], &now), 0);
        if (!(now.sa_flags & SA_SIGINFO) || now.sa_sigaction != program_handler)
            fail_msg("the handler of signal %d is not the program's after the self-tests",
                     fault_sigs[i]);
    }
}

static atomic_int program_buses;

static void count_bus(int sig)
{
    (void)sig;
    atomic_fetch_add(&program_buses, 1);
}

/* The self-test's handlers are the process's while it runs: a SIGBUS of
 * another thread meanwhile is the program's, not a fault of the test (it
 * would jump into the self-test's thread). */
static void blas_selftest_should_pass_other_threads_signals_to_the_program(void **state)
{
    (void)state;
    struct sigaction mine, before;
    memset(&mine, 0, sizeof mine);
    mine.sa_handler = count_bus;
    sigemptyset(&mine.sa_mask);
    assert_int_equal(sigaction(SIGBUS, &mine, &before), 0);
    atomic_store(&program_buses, 0);
    int calls = 100, raised = 0;
    pthread_t tid;
    start_selftests(&tid, 1, &calls);
    const struct timespec pause = {0, 50 * 1000};
    while (!atomic_load(&selftests_done)) {
        raise(SIGBUS);
        raised++;
        nanosleep(&pause, NULL);
    }
    pthread_join(tid, NULL);
    assert_int_equal(sigaction(SIGBUS, &before, NULL), 0);
    assert_int_equal(atomic_load(&selftests_failed), 0);
    assert_true(raised > 0);
    assert_int_equal(atomic_load(&program_buses), raised);
}

/* The self-test saved the BLAS's count, set 1 and restored what it saved:
 * one that began while another thread's lanes had set 1 and ended after
 * they put the program's 2 back restored the 1, for good (blasthr.c: 2 of
 * 3 runs ended with 1). Here the main thread plays those lanes' passes. */
static void blas_selftest_should_keep_the_program_blas_thread_count(void **state)
{
    (void)state;
    assert_int_equal(mlp_pool_set_blas_threads(2), 2);
    int calls = 100;
    pthread_t tid;
    start_selftests(&tid, 1, &calls);
    const struct timespec pause = {0, 300 * 1000};
    int passes = 0;
    while (!atomic_load(&selftests_done)) {
        mlp_pool_blas_serial_begin();
        nanosleep(&pause, NULL);
        mlp_pool_blas_serial_end();
        nanosleep(&pause, NULL);
        passes++;
    }
    pthread_join(tid, NULL);
    assert_int_equal(atomic_load(&selftests_failed), 0);
    assert_true(passes > 0);
    assert_int_equal(mlp_gemm_threads(), 2);
    mlp_pool_set_blas_threads(1);
}

static void blas_should_describe_the_core(void **state)
{
    (void)state;
    const char *line = mlp_blas_describe();
    assert_non_null(strstr(line, "OpenBLAS"));
    assert_non_null(strstr(line, mlp_blas_core_name()));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(blas_should_know_the_fallback_cores),
        cmocka_unit_test(blas_should_let_the_user_choose),
        cmocka_unit_test(blas_should_say_when_the_users_core_did_not_run),
        cmocka_unit_test(blas_should_keep_a_known_core_or_a_cpu_without_avx2),
        cmocka_unit_test(blas_should_leave_a_fallback_for_the_best_core),
        cmocka_unit_test(blas_should_keep_a_core_that_passed_the_self_test),
        cmocka_unit_test(blas_should_go_to_the_next_core_on_a_failed_self_test),
        cmocka_unit_test(blas_should_stop_on_openblas_own_core),
        cmocka_unit_test(blas_should_keep_on_a_state_it_does_not_understand),
        cmocka_unit_test(blas_should_end_every_chain_within_four_executions),
        cmocka_unit_test(blas_selftest_should_pass_on_this_machine_core),
        cmocka_unit_test(blas_selftest_should_pass_in_threads_at_once_and_keep_the_program_handlers),
        cmocka_unit_test(blas_selftest_should_pass_other_threads_signals_to_the_program),
        cmocka_unit_test(blas_selftest_should_keep_the_program_blas_thread_count),
        cmocka_unit_test(blas_should_describe_the_core),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
