/* SPDX-License-Identifier: MIT */
/* test_blas.c: the choice of OpenBLAS's core (mlp/blas.h). Every branch of
 * the pure decision (the user's OPENBLAS_CORETYPE, a known core, a CPU
 * without AVX2, a fallback with AVX2 or AVX-512, a passed and a failed
 * self-test in a re-executed process, the end of the chain, a malformed
 * state), a simulation of whole chains of re-executions on made-up machines
 * (it always ends, within four executions, on a core that passed or on
 * OpenBLAS's own), and the real self-test on this machine's core. */
#include "check.h"

#include <string.h>
#include <time.h>

#include "mlp/blas.h"

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
        cmocka_unit_test(blas_should_keep_a_known_core_or_a_cpu_without_avx2),
        cmocka_unit_test(blas_should_leave_a_fallback_for_the_best_core),
        cmocka_unit_test(blas_should_keep_a_core_that_passed_the_self_test),
        cmocka_unit_test(blas_should_go_to_the_next_core_on_a_failed_self_test),
        cmocka_unit_test(blas_should_stop_on_openblas_own_core),
        cmocka_unit_test(blas_should_keep_on_a_state_it_does_not_understand),
        cmocka_unit_test(blas_should_end_every_chain_within_four_executions),
        cmocka_unit_test(blas_selftest_should_pass_on_this_machine_core),
        cmocka_unit_test(blas_should_describe_the_core),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
