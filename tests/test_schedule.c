/* SPDX-License-Identifier: MIT */
/* test_schedule.c: the highest factor of a stretch of epochs
 * (mlp_schedule_highest), which the pre-flight's learning-rate trial and
 * the diagnosis judge a run's rate by: the end of the stretch inside a
 * warm-up, 1 for a stretch that leaves it, the start after it. The factors
 * themselves are test_batch.c's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "mlp/schedule.h"

static void highest_should_be_one_without_a_schedule(void **state)
{
    (void)state;
    assert_true(mlp_schedule_highest(NULL, 1, 500, 500) == 1.0);
}

/* Warm-up W = 100: f(k) = k / 101 up to epoch 100, then 1 (constant). */
static void highest_should_follow_the_warmup(void **state)
{
    (void)state;
    mlp_schedule s = mlp_schedule_defaults(MLP_SCHEDULE_CONSTANT);
    s.warmup = 100;
    /* A run of 50 epochs ends in it: epoch 50's factor. */
    assert_true(mlp_schedule_highest(&s, 1, 50, 50) == 50.0 / 101.0);
    assert_true(mlp_schedule_highest(&s, 1, 50, 50) == mlp_schedule_factor(&s, 50, 50));
    /* A run of 100 ends on its last warm-up epoch: 100 / 101, still below 1. */
    assert_true(mlp_schedule_highest(&s, 1, 100, 100) == 100.0 / 101.0);
    /* One of 101 epochs reaches the rate at its last epoch. */
    assert_true(mlp_schedule_highest(&s, 1, 101, 101) == 1.0);
    /* A stretch from inside the warm-up past it reaches the rate. */
    assert_true(mlp_schedule_highest(&s, 30, 200, 200) == 1.0);
}

/* After the warm-up the factor does not rise: the stretch's first epoch. */
static void highest_should_be_the_first_epoch_after_the_warmup(void **state)
{
    (void)state;
    mlp_schedule s = mlp_schedule_defaults(MLP_SCHEDULE_STEP);
    s.every = 10;
    s.factor = 0.5;
    /* Epoch 25: j = 24, two halvings. */
    assert_true(mlp_schedule_highest(&s, 25, 40, 40) == 0.25);
    s.warmup = 5;
    /* Inside the warm-up up to epoch 5 (5 / 6), then 1 at epoch 6. */
    assert_true(mlp_schedule_highest(&s, 2, 8, 40) == 1.0);
    assert_true(mlp_schedule_highest(&s, 2, 4, 40) == 4.0 / 6.0);
    /* Epoch 16: j = 10, one halving. */
    assert_true(mlp_schedule_highest(&s, 16, 40, 40) == 0.5);
}

/* Cosine holds its last epoch's factor past the run (a refit longer than
 * it): a warm-up of 1000 in a run of 100 reaches 100 / 1001 at most, also
 * over 150 epochs. */
static void highest_should_hold_cosine_past_the_run(void **state)
{
    (void)state;
    mlp_schedule s = mlp_schedule_defaults(MLP_SCHEDULE_COSINE);
    s.warmup = 1000;
    assert_true(mlp_schedule_highest(&s, 1, 100, 100) == 100.0 / 1001.0);
    assert_true(mlp_schedule_highest(&s, 1, 150, 100) == 100.0 / 1001.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(highest_should_be_one_without_a_schedule),
        cmocka_unit_test(highest_should_follow_the_warmup),
        cmocka_unit_test(highest_should_be_the_first_epoch_after_the_warmup),
        cmocka_unit_test(highest_should_hold_cosine_past_the_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
