/* SPDX-License-Identifier: MIT */
/* test_plot_axis.c: the arithmetic of mlpplot's axes (src/plot/axis.c),
 * which the picture tests cannot read back (cairo draws the labels as
 * glyphs): the spacing of a log axis's labels, so that a diverged run's 300
 * decades get a few labels instead of a black smear of 300, and the ranges
 * an axis can be drawn over. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "plot/plot.h"

/* The labels PLplot draws at the multiples of step in [d0, d1]. */
static int labels(int d0, int d1, double step)
{
    int n = 0;
    for (int d = d0; d <= d1; d++)
        n += fmod(fabs((double)d), step) == 0;
    return n;
}

static void log_step_should_label_each_decade_up_to_ten(void **state)
{
    (void)state;
    int minor = -1;
    assert_true(mlp_plot_log_step(-3, 0, &minor) == 1);
    assert_int_equal(minor, 1); /* PLplot's own log ticks */
    assert_true(mlp_plot_log_step(-8, 1, &minor) == 1); /* 10 labels */
    assert_true(mlp_plot_log_step(0, 0, &minor) == 1);
}

static void log_step_should_label_a_diverged_run_sparsely(void **state)
{
    (void)state;
    int minor = -1;
    /* The diverged run of the report: losses from 3 to 8e299. */
    assert_true(mlp_plot_log_step(0, 300, &minor) == 50); /* 0, 50, ..., 300 */
    assert_int_equal(minor, 5);                           /* every 10 decades */
    assert_true(mlp_plot_log_step(-8, 2, &minor) == 2);   /* 11 decades: -8, -6, ..., 2 */
    assert_int_equal(minor, 2);
    assert_true(mlp_plot_log_step(-3, 22, &minor) == 5);
    assert_int_equal(minor, 5);
    assert_true(mlp_plot_log_step(0, 60, &minor) == 10);
    assert_int_equal(minor, 10);
    assert_true(mlp_plot_log_step(-324, 308, &minor) == 100); /* every double */
    assert_int_equal(minor, 10);
}

static void log_step_should_be_the_first_that_fits(void **state)
{
    (void)state;
    static const double steps[] = {1, 2, 5, 10, 20, 50, 100, 200};
    int checked = 0;
    for (int d0 = -330; d0 <= 10; d0 += 7)
        for (int d1 = d0; d1 <= 320; d1++) {
            int minor = 0;
            double step = mlp_plot_log_step(d0, d1, &minor);
            assert_true(labels(d0, d1, step) <= MLP_PLOT_LOG_LABELS);
            assert_true(labels(d0, d1, step) >= 1 || d1 - d0 < step);
            size_t k = 0;
            while (steps[k] != step)
                k++;
            /* the one before it labels too many */
            if (k > 0)
                assert_true(labels(d0, d1, steps[k - 1]) > MLP_PLOT_LOG_LABELS);
            /* minor ticks fall on whole decades, at most 10 to a step */
            assert_true(minor >= 1 && minor <= 10);
            assert_true(fmod(step, step / minor) == 0);
            checked++;
        }
    assert_true(checked > 10000);
}

static void axis_ok_should_refuse_ranges_labels_cannot_tell_apart(void **state)
{
    (void)state;
    assert_true(mlp_plot_axis_ok(0, 1));
    assert_true(mlp_plot_axis_ok(1e6, 1e6 + 2));
    assert_false(mlp_plot_axis_ok(1, 1.0000000000000002));
    assert_false(mlp_plot_axis_ok(1e6, 1000000.0000001));
    assert_false(mlp_plot_axis_ok(-1.7e308, 1.7e308)); /* the span overflows */
    double lo = 1, hi = 1;
    assert_int_equal(mlp_plot_axis_pad(&lo, &hi, 0.1), 0);
    assert_true(fabs(lo - 0.9) < 1e-15 && fabs(hi - 1.1) < 1e-15);
}

/* Epochs are whole: a run of 2 epochs was labelled 1.0, 1.2, ..., 2.0, and
 * the one point of a run of 1 epoch lay on the panel's left edge. */
static void epoch_axis_should_label_whole_epochs(void **state)
{
    (void)state;
    double x0, x1;
    /* One epoch: at 1, in the middle of the panel, its one label. */
    assert_true(mlp_plot_epoch_axis(1, &x0, &x1) == 1);
    assert_true(x0 == 0.5 && x1 == 1.5);
    /* No finite epoch: the same frame, with nothing in it. */
    assert_true(mlp_plot_epoch_axis(0, &x0, &x1) == 1);
    assert_true(x0 == 0.5 && x1 == 1.5);
    /* 2 to 10 epochs: from 1 to the last, a label on every epoch (at most 10). */
    assert_true(mlp_plot_epoch_axis(2, &x0, &x1) == 1);
    assert_true(x0 == 1 && x1 == 2);
    assert_true(mlp_plot_epoch_axis(10, &x0, &x1) == 1);
    assert_true(x0 == 1 && x1 == 10);
    /* From a span of 10 on, PLplot's own spacing, as the pictures in
     * docs/plots.md have it. */
    assert_true(mlp_plot_epoch_axis(11, &x0, &x1) == 0);
    assert_true(x0 == 1 && x1 == 11);
    assert_true(mlp_plot_epoch_axis(5000, &x0, &x1) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(log_step_should_label_each_decade_up_to_ten),
        cmocka_unit_test(log_step_should_label_a_diverged_run_sparsely),
        cmocka_unit_test(log_step_should_be_the_first_that_fits),
        cmocka_unit_test(axis_ok_should_refuse_ranges_labels_cannot_tell_apart),
        cmocka_unit_test(epoch_axis_should_label_whole_epochs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
