/* SPDX-License-Identifier: MIT */
/* test_progress.c: the text of the progress report. Times are given, so
 * every case is exact: the lines of a pipe, the bar of a terminal (its
 * form, its width, its rate and ETA), drawing at most ten times a second,
 * clearing the bar before other output, and its last state at the end. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mlp/progress.h"

static mlp_epoch_stats stats(long epoch, double loss, double acc, double val)
{
    mlp_epoch_stats s = {epoch, loss, acc, val, NAN, 0};
    return s;
}

/* Visible columns of a bar text: without "\r", "\033[K" and "\n". */
static size_t visible(const char *t)
{
    size_t n = strlen(t);
    assert_true(t[0] == '\r');
    const char *clear = strstr(t, "\033[K");
    assert_non_null(clear);
    (void)n;
    return (size_t)(clear - t) - 1;
}

static void progress_should_parse_its_mode_names(void **state)
{
    (void)state;
    mlp_progress_mode m;
    assert_int_equal(mlp_progress_mode_from_name("auto", &m), 0);
    assert_int_equal(m, MLP_PROGRESS_AUTO);
    assert_int_equal(mlp_progress_mode_from_name("bar", &m), 0);
    assert_int_equal(m, MLP_PROGRESS_BAR);
    assert_int_equal(mlp_progress_mode_from_name("lines", &m), 0);
    assert_int_equal(m, MLP_PROGRESS_LINES);
    assert_int_equal(mlp_progress_mode_from_name("none", &m), 0);
    assert_int_equal(m, MLP_PROGRESS_NONE);
    assert_int_equal(mlp_progress_mode_from_name("Bar", &m), -1);
}

static void lines_should_report_epoch_one_and_every_tenth(void **state)
{
    (void)state;
    mlp_progress p;
    mlp_progress_start(&p, MLP_PROGRESS_LINES, 2000, 80, NULL, 0.0);
    mlp_epoch_stats s = stats(1, 0.5, 0.5, NAN);
    assert_string_equal(mlp_progress_epoch(&p, &s, 0.0), "epoch    1  loss 0.5  accuracy 50.00%\n");
    s = stats(2, 0.25, NAN, NAN);
    assert_null(mlp_progress_epoch(&p, &s, 0.0));
    s = stats(200, 0.125, NAN, 0.375);
    s.val_accuracy = 0.75;
    assert_string_equal(mlp_progress_epoch(&p, &s, 9.0),
                        "epoch  200  loss 0.125  val_loss 0.375  val_accuracy 75.00%\n");
    assert_null(mlp_progress_interrupt(&p));
    assert_null(mlp_progress_finish(&p, 10.0));
    /* A refit's lines say so; a run shorter than 10 epochs reports each. */
    mlp_progress_start(&p, MLP_PROGRESS_AUTO, 3, 80, "refit ", 0.0);
    s = stats(2, 1.0, NAN, NAN);
    assert_string_equal(mlp_progress_epoch(&p, &s, 0.0), "refit epoch 2  loss 1\n");
    mlp_progress_start(&p, MLP_PROGRESS_NONE, 3, 80, NULL, 0.0);
    s = stats(1, 1.0, NAN, NAN);
    assert_null(mlp_progress_epoch(&p, &s, 0.0));
}

static void bar_should_show_epoch_loss_rate_and_eta(void **state)
{
    (void)state;
    mlp_progress p;
    mlp_progress_start(&p, MLP_PROGRESS_BAR, 2000, 100, NULL, 10.0);
    mlp_epoch_stats s = stats(1, 0.75, 0.5, NAN);
    const char *t = mlp_progress_epoch(&p, &s, 10.0);
    assert_non_null(t);
    assert_non_null(strstr(t, "epoch    1/2000 ["));
    assert_null(strstr(t, "ETA")); /* no rate from one epoch */
    /* 3 epochs in 0.2 s: 15 epochs/s; 1997 left: 133.1 s. */
    s = stats(3, 0.5, 0.5, 0.625);
    t = mlp_progress_epoch(&p, &s, 10.2);
    assert_non_null(t);
    assert_non_null(strstr(t, "\repoch    3/2000 [."));
    assert_non_null(strstr(t, "]   0%  loss 0.5  val 0.625  15 epochs/s  ETA 2m13s\033[K"));
    assert_true(visible(t) <= 99); /* width - 1: the last column stays free */
    size_t bar_width = (size_t)(strchr(t, ']') - strchr(t, '['));
    assert_null(strchr(t, '\n'));
    /* Half-way: half the bar. */
    s = stats(1000, 0.25, NAN, NAN);
    t = mlp_progress_epoch(&p, &s, 20.0);
    assert_non_null(strstr(t, " 50%  loss 0.25  100 epochs/s  ETA 10.0 s"));
    const char *open = strchr(t, '['), *close = strchr(t, ']');
    assert_int_equal((size_t)(close - open), bar_width); /* the bar keeps its width */
    size_t hashes = 0;
    for (const char *c = open; c < close; c++)
        hashes += *c == '#';
    assert_int_equal(hashes, (size_t)(close - open - 1) / 2);
}

static void bar_should_redraw_at_most_ten_times_a_second(void **state)
{
    (void)state;
    mlp_progress p;
    mlp_progress_start(&p, MLP_PROGRESS_BAR, 100000, 80, NULL, 0.0);
    int draws = 0;
    /* 100,000 epochs in one second, 10 us each. */
    for (long e = 1; e <= 100000; e++) {
        mlp_epoch_stats s = stats(e, 1.0 / (double)e, NAN, NAN);
        draws += mlp_progress_epoch(&p, &s, (double)e * 1e-5) != NULL;
    }
    /* The first epoch, one every 0.1 s, and the last one. */
    assert_true(draws >= 10 && draws <= 12);
    const char *t = mlp_progress_finish(&p, 1.0);
    assert_non_null(strstr(t, "epoch 100000/100000 [####"));
    assert_non_null(strstr(t, "100%  loss 1e-05  100000 epochs/s\033[K\n"));
    assert_null(strstr(t, "ETA"));
    assert_null(mlp_progress_finish(&p, 1.0));
}

static void bar_should_be_cleared_before_other_output(void **state)
{
    (void)state;
    mlp_progress p;
    mlp_progress_start(&p, MLP_PROGRESS_BAR, 100, 80, NULL, 0.0);
    assert_null(mlp_progress_interrupt(&p)); /* nothing on the screen yet */
    mlp_epoch_stats s = stats(1, 1.0, NAN, NAN);
    assert_non_null(mlp_progress_epoch(&p, &s, 0.0));
    assert_string_equal(mlp_progress_interrupt(&p), "\r\033[K");
    assert_null(mlp_progress_interrupt(&p));
    /* The next epoch draws again at once, however soon. */
    s = stats(2, 1.0, NAN, NAN);
    assert_non_null(mlp_progress_epoch(&p, &s, 0.001));
}

static void bar_should_fit_a_narrow_terminal(void **state)
{
    (void)state;
    mlp_progress p;
    mlp_progress_start(&p, MLP_PROGRESS_BAR, 5000, 30, "refit ", 0.0);
    mlp_epoch_stats s = stats(2, 0.123456789, NAN, 0.5);
    const char *t = mlp_progress_epoch(&p, &s, 1.0);
    assert_int_equal(visible(t), 29); /* cut at width - 1 */
    assert_null(strstr(t, " [")); /* no room for a bar */
    assert_true(strncmp(t, "\rrefit epoch    2/5000   0%  l", 30) == 0);
    mlp_progress_start(&p, MLP_PROGRESS_BAR, 5000, 1, NULL, 0.0); /* clamped to 20 */
    t = mlp_progress_epoch(&p, &s, 1.0);
    assert_int_equal(visible(t), 19);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(progress_should_parse_its_mode_names),
        cmocka_unit_test(lines_should_report_epoch_one_and_every_tenth),
        cmocka_unit_test(bar_should_show_epoch_loss_rate_and_eta),
        cmocka_unit_test(bar_should_redraw_at_most_ten_times_a_second),
        cmocka_unit_test(bar_should_be_cleared_before_other_output),
        cmocka_unit_test(bar_should_fit_a_narrow_terminal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
