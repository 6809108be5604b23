/* SPDX-License-Identifier: MIT */
/* test_memlimit.c: the advice to use fewer threads names where the count
 * came from, as the program said (mlp_memlimit_set_threads_option), not as
 * guessed from the environment; the checks under `ulimit -v` themselves are
 * run on the programs (tests/cli/test_limits.sh, test_memlimit_*.sh). */
#include "check.h"

#include <stdlib.h>

#include "memlimit.h"

static const char *const from_option = "use fewer --threads";
static const char *const from_environment = "use fewer threads: OPENBLAS_NUM_THREADS=1";

/* A program that never calls the setter (mlpplot) takes its count from the
 * environment or the processors: the variable is its only way to lower it. */
static void fewer_threads_should_name_the_environment_by_default(void **state)
{
    (void)state;
    assert_string_equal(mlp_memlimit_fewer_threads(), from_environment);
}

/* --threads 2 beside OPENBLAS_NUM_THREADS=2 is the option's count: the
 * library once compared the count with the variable's and named the
 * variable, whose lowering changes nothing while --threads stays. */
static void fewer_threads_should_name_the_option_when_told(void **state)
{
    (void)state;
    setenv("OPENBLAS_NUM_THREADS", "2", 1);
    mlp_memlimit_set_threads_option(1);
    assert_string_equal(mlp_memlimit_fewer_threads(), from_option);
    mlp_memlimit_set_threads_option(7); /* any non-zero is "given" */
    assert_string_equal(mlp_memlimit_fewer_threads(), from_option);
    mlp_memlimit_set_threads_option(0);
    assert_string_equal(mlp_memlimit_fewer_threads(), from_environment);
    setenv("OPENBLAS_NUM_THREADS", "1", 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fewer_threads_should_name_the_environment_by_default),
        cmocka_unit_test(fewer_threads_should_name_the_option_when_told),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
