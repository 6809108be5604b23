/* SPDX-License-Identifier: MIT */
/* test_plot_layout.c: where mlpplot puts the parts of a page
 * (src/plot/layout.c), which the picture tests cannot read back (cairo
 * draws text as glyphs): the width of a text, the rows and columns of a
 * legend under a panel, so that every key is on the page, the labels of a
 * short axis, the panels of a deep network's units and their titles. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "plot/plot.h"

static void text_width_should_add_up_the_advances(void **state)
{
    (void)state;
    /* DejaVu Sans: 'm' 0.974 em, 'i' 0.278 em, space 0.318 em. */
    assert_true(fabs(mlp_plot_text_width("m") - 0.974 * MLP_PLOT_EM) < 1e-12);
    assert_true(fabs(mlp_plot_text_width("mi m") - (2 * 0.974 + 0.278 + 0.318) * MLP_PLOT_EM) < 1e-12);
    assert_true(mlp_plot_text_width("") == 0);
    /* "●" is 3 bytes of UTF-8 and one character: a full em. */
    assert_true(fabs(mlp_plot_text_width("\xe2\x97\x8f") - MLP_PLOT_EM) < 1e-12);
    /* Longer text is wider; the same length of wide letters wider still. */
    assert_true(mlp_plot_text_width("wrongly predicted (10 of 200)") > mlp_plot_text_width("true c0"));
    assert_true(mlp_plot_text_width("WWWW") > mlp_plot_text_width("iiii"));
}

/* The widths of a 900 x 700 page at the legend's text size: a character
 * height is about 0.018 of the width, so pllegend's gaps are these. */
static mlp_plot_legend_widths page_widths(const char *const *texts, int n)
{
    double ch = 0.0178, text = 0;
    for (int i = 0; i < n; i++) {
        double w = mlp_plot_text_width(texts[i]) * ch * 0.75;
        text = w > text ? w : text;
    }
    return (mlp_plot_legend_widths){0.98, text, 0.035 + 0.6 * ch, 2 * ch, 0.8 * ch};
}

static void legend_should_fit_the_page(void **state)
{
    (void)state;
    /* The 4-class surface of the report: its 5 keys in 3 columns ran off
     * the page (the widest text sets every column's width). */
    static const char *const four[] = {"true c0", "true c1", "true c2", "true c3",
                                       "wrongly predicted (10 of 200)"};
    mlp_plot_legend_widths w = page_widths(four, 5);
    mlp_plot_legend_grid g = mlp_plot_legend_layout(5, 5, 2, &w);
    assert_true(mlp_plot_legend_width(&g, &w) <= w.avail);
    assert_true(g.columns * g.rows >= 5);
    assert_true(g.columns < 3); /* 3 columns of the widest text are wider than the page */
    assert_true(g.text_scale == 1.0);
    /* The 1-input regression of 3 outputs: at most 3 columns, as fit. */
    static const char *const r3[] = {"temperature: predicted, and true (dots)",
                                     "pressure: predicted, and true (dots)",
                                     "humidity: predicted, and true (dots)"};
    w = page_widths(r3, 3);
    g = mlp_plot_legend_layout(3, 3, 1, &w);
    assert_true(mlp_plot_legend_width(&g, &w) <= w.avail);
    assert_true(g.columns * g.rows >= 3);
    assert_int_equal(g.rows, 2);
}

static void legend_should_keep_small_ones_as_they_were(void **state)
{
    (void)state;
    /* A 2-class surface: 4 short keys in 2 rows of 2, as before. */
    static const char *const two[] = {"true left", "true right", "wrongly predicted (0 of 49)",
                                      "p = 0.5"};
    mlp_plot_legend_widths w = page_widths(two, 4);
    mlp_plot_legend_grid g = mlp_plot_legend_layout(4, 4, 2, &w);
    assert_int_equal(g.rows, 2);
    assert_int_equal(g.columns, 2);
    /* A curve's 2 keys in one row of at most 3 columns. */
    static const char *const one[] = {"predicted p(b)", "wrongly predicted (0 of 10)"};
    w = page_widths(one, 2);
    g = mlp_plot_legend_layout(2, 3, 1, &w);
    assert_int_equal(g.rows, 1);
    assert_int_equal(g.columns, 2);
}

static void legend_should_spread_keys_evenly_and_shrink_what_cannot_fit(void **state)
{
    (void)state;
    mlp_plot_legend_widths w = {1.0, 0.1, 0.05, 0.02, 0.01};
    /* 5 keys fit 6 columns of 0.15 + 0.02: one row. */
    mlp_plot_legend_grid g = mlp_plot_legend_layout(5, 10, 1, &w);
    assert_int_equal(g.rows, 1);
    assert_int_equal(g.columns, 5);
    /* 7 keys in at most 4 columns: 2 rows of 4 and 3. */
    g = mlp_plot_legend_layout(7, 4, 1, &w);
    assert_int_equal(g.rows, 2);
    assert_int_equal(g.columns, 4);
    /* 5 keys in at most 4 columns: 2 rows, 3 columns, not 4 and 1. */
    g = mlp_plot_legend_layout(5, 4, 1, &w);
    assert_int_equal(g.rows, 2);
    assert_int_equal(g.columns, 3);
    /* Every n and width: on the page, every key placed, no empty column. */
    for (int n = 1; n <= 16; n++)
        for (double text = 0.01; text < 2; text *= 1.3) {
            w.text = text;
            g = mlp_plot_legend_layout(n, n, 1, &w);
            assert_true(g.columns * g.rows >= n);
            assert_true((g.columns - 1) * g.rows < n);
            if (g.text_scale > MLP_PLOT_LEGEND_MIN_SCALE)
                assert_true(mlp_plot_legend_width(&g, &w) <= w.avail + 1e-12);
            assert_true(g.text_scale <= 1.0 && g.text_scale >= MLP_PLOT_LEGEND_MIN_SCALE);
        }
    /* A text wider than the page: one column, its text scaled to fit. */
    w.text = 1.5;
    g = mlp_plot_legend_layout(3, 3, 1, &w);
    assert_int_equal(g.columns, 1);
    assert_true(g.text_scale < 1.0);
    assert_true(fabs(mlp_plot_legend_width(&g, &w) - w.avail) < 1e-12);
}

static void legend_should_be_centred_within_the_page(void **state)
{
    (void)state;
    assert_true(fabs(mlp_plot_legend_left(0.5, 0.4, 0.01) - 0.3) < 1e-12);
    /* Centred at 0.525 a legend 0.96 wide would end past the right edge. */
    assert_true(fabs(mlp_plot_legend_left(0.525, 0.96, 0.01) - 0.03) < 1e-12);
    /* ... and one centred at 0.2 past the left. */
    assert_true(fabs(mlp_plot_legend_left(0.2, 0.6, 0.01) - 0.01) < 1e-12);
}

static void panel_should_rise_for_a_tall_legend(void **state)
{
    (void)state;
    /* A 2-row legend (0.09 of the page) fits under a panel from 0.2 to
     * 0.92, its top 0.09 below the panel, as before; 4 rows raise the panel
     * so the legend stays above MLP_PLOT_LEGEND_FOOT, with the same room
     * for the axis's labels above it. */
    assert_true(fabs(mlp_plot_panel_bottom(0.2, 0.92, 0.09) - 0.2) < 1e-12);
    assert_true(fabs(mlp_plot_legend_top(0.2, 0.92, 0.2) - 0.11) < 1e-12);
    double b = mlp_plot_panel_bottom(0.2, 0.92, 0.18);
    assert_true(b > 0.2);
    double legend_top = mlp_plot_legend_top(0.2, 0.92, b);
    assert_true(fabs(b - legend_top - 0.09) < 1e-12);
    assert_true(fabs(legend_top - 0.18 - MLP_PLOT_LEGEND_FOOT) < 1e-12);
}

/* The labels PLplot draws at the multiples of step in [lo, hi]. */
/* The labels PLplot writes at multiples of step on [lo, hi]: plwind widens
 * the window by 1e-5 of the span on each side, and a multiple there is
 * labelled too. */
static int ticks(double lo, double hi, double step)
{
    double slack = 1e-5 * (hi - lo);
    return (int)(floor((hi + slack) / step) - ceil((lo - slack) / step) + 1);
}

static void tick_step_should_keep_to_the_labels_that_fit(void **state)
{
    (void)state;
    assert_true(fabs(mlp_plot_tick_step(-1, 1, 5) - 0.5) < 1e-12);  /* -1 -0.5 0 0.5 1 */
    assert_true(fabs(mlp_plot_tick_step(-1, 1, 3) - 1) < 1e-12);    /* -1 0 1 */
    assert_true(fabs(mlp_plot_tick_step(0, 0.18, 2) - 0.1) < 1e-12); /* a short colour bar: 0, 0.1 */
    assert_true(mlp_plot_tick_step(1, 1, 3) == 0);
    for (double hi = 0.01; hi < 1e4; hi *= 1.37)
        for (int n = 2; n <= 8; n++) {
            double step = mlp_plot_tick_step(-hi / 3, hi, n);
            assert_true(ticks(-hi / 3, hi, step) <= n);
            assert_true(ticks(-hi / 3, hi, step) >= 2);
        }
}

/* A scale of one label tells no size: the units picture of a relu, relu,
 * tanh, sigmoid net had a colour bar labelled "0.0" alone, a sigmoid
 * layer's axis "0.5" alone and a relu layer's "0" alone, since the first
 * 1-2-5 step giving at most 2 labels gave one. */
static void tick_step_should_give_two_labels_at_least(void **state)
{
    (void)state;
    /* 0.2 labels 0, 0.2, 0.4 (3), 0.5 only 0; 0.4 labels 0 and 0.4. */
    assert_true(fabs(mlp_plot_tick_step(0, 0.46, 2) - 0.4) < 1e-12);
    assert_true(fabs(mlp_plot_tick_step(-0.46, 0, 2) - 0.4) < 1e-12);
    /* A sigmoid layer: 0.2 labels 0.2 to 0.8 (4), 0.5 only 0.5; 0.4 labels
     * 0.4 and 0.8 (0.9, 0.8, ..., 0.5 one each). */
    assert_true(fabs(mlp_plot_tick_step(0.019, 0.989, 2) - 0.4) < 1e-12);
    /* 2 labels 0, 2, 4 (3); 5 labels 0 and 5. */
    assert_true(fabs(mlp_plot_tick_step(0, 5.88, 2) - 5) < 1e-12);
    /* A tanh layer just inside (-1, 1): PLplot labels -1 and 1 there too. */
    assert_true(fabs(mlp_plot_tick_step(-0.99999, 0.99999, 3) - 1) < 1e-12);
    /* 0 is a label of a range around it, so every step gives an odd
     * number of labels there: 3 rather than 1, at the nicer 0.5 rather
     * than 0.9 (-0.5, 0, 0.5; 1 would give 0 alone). */
    assert_true(fabs(mlp_plot_tick_step(-0.95, 0.95, 2) - 0.5) < 1e-12);
    /* Ranges of every size, on both sides of 0 and of one sign, short for
     * their place (a tenth of the larger end wide) and far from 0: 2 labels
     * to n, where 2 is possible. */
    static const double shape[][2] = {{0, 1}, {0.04, 1}, {-1, -0.02}, {0.5, 1}, {-1, -0.5}};
    for (size_t f = 0; f < sizeof shape / sizeof shape[0]; f++)
        for (double size = 1e-6; size < 1e6; size *= 1.37)
            for (int n = 2; n <= 8; n++) {
                double lo = shape[f][0] * size, hi = shape[f][1] * size;
                int labels = ticks(lo, hi, mlp_plot_tick_step(lo, hi, n));
                assert_true(labels >= 2 && labels <= n);
            }
    /* Ranges a millionth of their value wide, and near the largest double. */
    for (double at = 1; at < 1e5; at *= 1.37)
        for (int n = 2; n <= 6; n++) {
            int labels = ticks(at, at * (1 + 1e-6), mlp_plot_tick_step(at, at * (1 + 1e-6), n));
            assert_true(labels >= 2 && labels <= n);
        }
    for (int n = 2; n <= 6; n++) {
        int labels = ticks(1e300, 1.7e300, mlp_plot_tick_step(1e300, 1.7e300, n));
        assert_true(labels >= 2 && labels <= n);
        labels = ticks(-1.7e300, -1e300, mlp_plot_tick_step(-1.7e300, -1e300, n));
        assert_true(labels >= 2 && labels <= n);
    }
}

static void stack_should_fit_up_to_six_panels_with_their_text(void **state)
{
    (void)state;
    double ch = 5.6444 / 246.94; /* a character of a 900 x 700 page */
    for (size_t n = 1; n <= 12; n++) {
        mlp_plot_stack s = mlp_plot_stack_layout(n, ch);
        assert_int_equal(s.shown, n < MLP_PLOT_MAX_PANELS ? n : MLP_PLOT_MAX_PANELS);
        /* The panels and the gaps fill the room, no more. */
        double used = (double)s.shown * s.height + (double)(s.shown - 1) * s.gap;
        assert_true(fabs(used - (MLP_PLOT_STACK_TOP - MLP_PLOT_STACK_BOTTOM)) < 1e-12);
        /* Each panel holds its labels, each gap the labels under a panel
         * and the title over the next (1.5 + 0.8 + 1 characters). */
        assert_true(s.height >= MLP_PLOT_PANEL_CHARS * ch * s.scale - 1e-12);
        assert_true(s.gap >= 3.3 * ch * s.scale);
        assert_true(s.max_labels >= 2 && s.max_labels <= 6);
        assert_true(s.scale <= 1 && s.scale >= MLP_PLOT_STACK_MIN_SCALE);
    }
    assert_true(mlp_plot_stack_layout(1, ch).scale == 1);
    assert_true(mlp_plot_stack_layout(6, ch).scale < 1);
}

static void label_should_move_off_the_legend(void **state)
{
    (void)state;
    mlp_plot_box legend = {0.6, 0.98, 0.02, 0.3}; /* the accuracy panel's, bottom right */
    /* Left of the legend: where it was. */
    mlp_plot_box label = {0.2, 0.4, 0.05, 0.12};
    assert_true(mlp_plot_label_clear_of(label, legend, 0.02) == 0.05);
    /* The best epoch at 80% of the run: the label was under the legend. */
    label = (mlp_plot_box){0.55, 0.79, 0.05, 0.12};
    double y = mlp_plot_label_clear_of(label, legend, 0.02);
    assert_true(fabs(y - 0.32) < 1e-12);
    /* Under a legend at the top right that leaves no room above: below it. */
    mlp_plot_box top = {0.6, 0.98, 0.6, 0.98};
    label = (mlp_plot_box){0.55, 0.79, 0.9, 0.97};
    y = mlp_plot_label_clear_of(label, top, 0.02);
    assert_true(fabs(y - (0.6 - 0.02 - 0.07)) < 1e-12);
}

/* The box of a legend in each corner of a panel, off from its two sides. */
static void corner_box_should_touch_its_two_sides(void **state)
{
    (void)state;
    mlp_plot_box tr = mlp_plot_corner_box(MLP_PLOT_TOP_RIGHT, 0.3, 0.2, 0.02);
    mlp_plot_box bl = mlp_plot_corner_box(MLP_PLOT_BOTTOM_LEFT, 0.3, 0.2, 0.02);
    assert_true(fabs(tr.x0 - 0.68) < 1e-12 && fabs(tr.x1 - 0.98) < 1e-12);
    assert_true(fabs(tr.y0 - 0.78) < 1e-12 && fabs(tr.y1 - 0.98) < 1e-12);
    assert_true(fabs(bl.x0 - 0.02) < 1e-12 && fabs(bl.x1 - 0.32) < 1e-12);
    assert_true(fabs(bl.y0 - 0.02) < 1e-12 && fabs(bl.y1 - 0.22) < 1e-12);
}

/* The corner of a legend 0.3 x 0.1 of the panel, 0.02 from its sides. */
static int corner(const mlp_plot_series *lines, size_t n, int prefer)
{
    return mlp_plot_legend_corner(lines, n, 0.3, 0.1, 0.02, prefer);
}

/* The legend's corner is the one its panel's lines cross least; on a tie
 * the panel's own (the loss panel's top right, the accuracy panel's
 * bottom right), so a picture whose legend covered nothing stays as it
 * was. The loss log of a rate too large, oscillating every epoch between
 * 20 and a top that rises from 28 to 43 (the panel's y about 18.86 to
 * 44.07, its x the epochs 1 to 200), crosses the top right, where the
 * legend always was: the top left, which it leaves empty, is chosen. */
static void legend_corner_should_be_the_one_lines_cross_least(void **state)
{
    (void)state;
    assert_int_equal(corner(NULL, 0, MLP_PLOT_TOP_RIGHT), MLP_PLOT_TOP_RIGHT);
    assert_int_equal(corner(NULL, 0, MLP_PLOT_BOTTOM_RIGHT), MLP_PLOT_BOTTOM_RIGHT);

    enum { N = 200 };
    double x[N], y[N];
    for (int e = 1; e <= N; e++) {
        double loss = e % 2 ? 28 + 15.0 * e / N : 20 + (double)e / N;
        x[e - 1] = (e - 1) / (N - 1.0);
        y[e - 1] = (loss - 18.86) / (44.07 - 18.86);
    }
    mlp_plot_series osc = {x, y, N};
    assert_int_equal(corner(&osc, 1, MLP_PLOT_TOP_RIGHT), MLP_PLOT_TOP_LEFT);
    assert_int_equal(corner(&osc, 1, MLP_PLOT_BOTTOM_RIGHT), MLP_PLOT_TOP_LEFT);

    /* A line of two points across the top, neither in a box: its segment
     * crosses both top corners, so the first bottom one is chosen; the
     * accuracy panel keeps its bottom right. Every line counts. */
    double tx[2] = {0, 1}, ty[2] = {0.9, 0.9};
    mlp_plot_series top = {tx, ty, 2};
    assert_int_equal(corner(&top, 1, MLP_PLOT_TOP_RIGHT), MLP_PLOT_BOTTOM_RIGHT);
    assert_int_equal(corner(&top, 1, MLP_PLOT_BOTTOM_RIGHT), MLP_PLOT_BOTTOM_RIGHT);
    double bx[2] = {0, 1}, by[2] = {0.1, 0.1};
    mlp_plot_series both[2] = {top, {bx, by, 2}};
    assert_int_equal(corner(both, 2, MLP_PLOT_TOP_RIGHT), MLP_PLOT_TOP_RIGHT);
    /* Lines at the top and the bottom of the right half only: the left
     * corners tie, the top left first. */
    double rx[2] = {0.5, 1};
    mlp_plot_series right[2] = {{rx, ty, 2}, {rx, by, 2}};
    assert_int_equal(corner(right, 2, MLP_PLOT_BOTTOM_RIGHT), MLP_PLOT_TOP_LEFT);
    /* A NAN breaks the line: nothing joins its two ends. */
    double nx[3] = {0, NAN, 1}, ny[3] = {0.9, 0.5, 0.9};
    mlp_plot_series broken = {nx, ny, 3};
    assert_int_equal(corner(&broken, 1, MLP_PLOT_TOP_RIGHT), MLP_PLOT_TOP_RIGHT);
}

/* A units panel's title counts its units as plural.h says: "1 tanh unit"
 * and "2 tanh units", with the flat ones counted for an activation the
 * diagnosis judges (saturated: sigmoid, tanh; dead: relu) and for no
 * other. */
static void units_title_should_say_1_unit_and_2_units(void **state)
{
    (void)state;
    char t[200];
    mlp_plot_units_title(t, sizeof t, 1, 1, MLP_ACT_TANH, 0);
    assert_string_equal(t, "hidden layer 1: 1 tanh unit, 0 saturated (outlined)");
    mlp_plot_units_title(t, sizeof t, 1, 2, MLP_ACT_TANH, 1);
    assert_string_equal(t, "hidden layer 1: 2 tanh units, 1 saturated (outlined)");
    mlp_plot_units_title(t, sizeof t, 2, 1, MLP_ACT_RELU, 1);
    assert_string_equal(t, "hidden layer 2: 1 relu unit, 1 dead (outlined)");
    mlp_plot_units_title(t, sizeof t, 3, 12, MLP_ACT_RELU, 0);
    assert_string_equal(t, "hidden layer 3: 12 relu units, 0 dead (outlined)");
    mlp_plot_units_title(t, sizeof t, 1, 1, MLP_ACT_LINEAR, 0);
    assert_string_equal(t, "hidden layer 1: 1 linear unit");
    mlp_plot_units_title(t, sizeof t, 1, 2, MLP_ACT_LEAKY_RELU, 0);
    assert_string_equal(t, "hidden layer 1: 2 leaky_relu units");
    /* Cut to the buffer, and terminated. */
    mlp_plot_units_title(t, 10, 1, 2, MLP_ACT_TANH, 0);
    assert_string_equal(t, "hidden la");
}

/* Text from the inputs reaches PLplot as UTF-8 that it draws: a byte that
 * is no part of UTF-8 (a Latin-1 header's "\xe9") becomes U+FFFD, and a
 * text too long for the buffer is cut between two characters, never inside
 * one, and ends in U+2026. PLplot refused the whole picture for either
 * ("UTF-8 string is malformed"): mlpplot cut names with "%.60s". */
static void name_should_be_utf8_cut_between_characters(void **state)
{
    (void)state;
    char b[16];
    assert_string_equal(mlp_plot_name(b, sizeof b, "x1"), "x1");
    assert_string_equal(mlp_plot_name(b, sizeof b, ""), "");
    /* Latin-1 "température": the byte E9 alone is no character. */
    assert_string_equal(mlp_plot_name(b, sizeof b, "temp\xe9rature"), "temp\xef\xbf\xbdrature");
    /* A lead byte without its continuation at the end, and a lone continuation. */
    assert_string_equal(mlp_plot_name(b, sizeof b, "a\xc3"), "a\xef\xbf\xbd");
    assert_string_equal(mlp_plot_name(b, sizeof b, "\x80z"), "\xef\xbf\xbdz");
    /* Exactly 15 bytes fit whole; 16 are cut to 12 and the ellipsis. */
    assert_string_equal(mlp_plot_name(b, sizeof b, "abcdefghijklmno"), "abcdefghijklmno");
    assert_string_equal(mlp_plot_name(b, sizeof b, "abcdefghijklmnop"), "abcdefghijkl\xe2\x80\xa6");
    /* "é" is 2 bytes: 11 ASCII and an "é" at bytes 12-13 do not fit in the
     * 12 bytes before the ellipsis, so the cut comes before the "é". */
    assert_string_equal(mlp_plot_name(b, sizeof b, "abcdefghijk\xc3\xa9xyz"),
                        "abcdefghijk\xe2\x80\xa6");
    /* A replaced byte counts its 3 drawn bytes: 5 of them are 15 and fit,
     * 6 do not (4 and the ellipsis). */
    assert_string_equal(mlp_plot_name(b, sizeof b, "\xff\xff\xff\xff\xff"),
                        "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    assert_string_equal(mlp_plot_name(b, sizeof b, "\xff\xff\xff\xff\xff\xff"),
                        "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xe2\x80\xa6");
    /* The smallest buffer that holds the ellipsis, and one that cannot. */
    assert_string_equal(mlp_plot_name(b, 4, "abcd"), "\xe2\x80\xa6");
    assert_string_equal(mlp_plot_name(b, 4, "abc"), "abc");
    assert_string_equal(mlp_plot_name(b, 3, "abc"), "");
}

/* '#' is PLplot's escape character: a column "cost#usd" was drawn as
 * "cost" and a raised "sd". Doubled, PLplot draws one '#'; a cut never
 * leaves half of the pair, and the pair measures as one '#'. */
static void name_should_double_plplots_escape_character(void **state)
{
    (void)state;
    char b[16];
    assert_string_equal(mlp_plot_name(b, sizeof b, "cost#usd"), "cost##usd");
    assert_string_equal(mlp_plot_name(b, sizeof b, "#"), "##");
    /* 7 '#' are 14 bytes and fit; 8 are 16 and are cut to 6 and the ellipsis. */
    assert_string_equal(mlp_plot_name(b, sizeof b, "#######"), "##############");
    assert_string_equal(mlp_plot_name(b, sizeof b, "########"), "############\xe2\x80\xa6");
    /* "a" then '#'s: 11 bytes of "a#####", the next pair would pass 12. */
    assert_string_equal(mlp_plot_name(b, sizeof b, "a#########"), "a##########\xe2\x80\xa6");
    assert_true(mlp_plot_text_width("x##y") == mlp_plot_text_width("x#y"));
    assert_true(mlp_plot_text_width("##") < mlp_plot_text_width("#a"));
}

/* The label of each tick of [lo, hi] (max_labels at most), joined by
 * spaces, into buf. */
static const char *labels_of_range(double lo, double hi, int max_labels, char *buf, size_t size)
{
    mlp_plot_ticks t = mlp_plot_ticks_for(lo, hi, max_labels);
    double first = ceil((lo - 1e-5 * (hi - lo)) / t.step);
    buf[0] = '\0';
    for (double i = 0; i < t.n_labels; i++) {
        char one[64];
        /* as PLplot gives it: a sum of steps, a few roundings off */
        double v = first * t.step;
        for (double k = 0; k < i; k++)
            v += t.step;
        mlp_plot_tick_text(&t, v, one, sizeof one);
        snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", i ? " " : "", one);
    }
    return buf;
}

/* The labels are the axis's true values, in as few characters as tell
 * them apart: PLplot's own put "0.69718" past the page's left edge and
 * labelled 0.0001234 to 0.0001244 as 1.234 to 1.244 with its "(x10^-4)"
 * off the top of the page. */
static void tick_labels_should_be_the_true_values(void **state)
{
    (void)state;
    char buf[512];
    /* the decimals the step needs (5e-6 would give 9 labels: 1e-5), and
     * 0.1 + 0.2 is 0.3 */
    assert_string_equal(labels_of_range(0.6971445, 0.6971855, 8, buf, sizeof buf),
                        "0.69715 0.69716 0.69717 0.69718");
    assert_string_equal(labels_of_range(0, 1, 6, buf, sizeof buf), "0 0.2 0.4 0.6 0.8 1.0");
    /* 0.05 would give 10 labels: 0.1, summed to 0.30000000000000004 */
    assert_string_equal(labels_of_range(-0.1, 0.35, 8, buf, sizeof buf), "-0.1 0 0.1 0.2 0.3");
    /* a million in full; beyond 10^7, m×10^e with the digits the step needs */
    assert_string_equal(labels_of_range(-100000, 1500000, 8, buf, sizeof buf),
                        "0 200000 400000 600000 800000 1000000 1200000 1400000");
    /* a step of 5e7 would give 5 labels: 1e8, the fourth digit of m */
    assert_string_equal(labels_of_range(1.5241e12, 1.5243e12, 4, buf, sizeof buf),
                        "1.5241\xc3\x97" "10#u12#d 1.5242\xc3\x97" "10#u12#d 1.5243\xc3\x97"
                        "10#u12#d");
    /* 2e-7 would give 7 labels: 5e-7, three digits after m's point */
    assert_string_equal(labels_of_range(0.0001233, 0.0001245, 4, buf, sizeof buf),
                        "1.235\xc3\x97" "10#u-4#d 1.240\xc3\x97" "10#u-4#d 1.245\xc3\x97" "10#u-4#d");
    /* "#u" and "#d" draw nothing: "1.5×10^12" is as wide as "1.5×1012" */
    assert_true(fabs(mlp_plot_text_width("1.5\xc3\x97" "10#u12#d") -
                     mlp_plot_text_width("1.5\xc3\x97" "1012")) < 1e-12);
    mlp_plot_ticks t = mlp_plot_ticks_for(0.6971445, 0.6971855, 8);
    assert_true(fabs(mlp_plot_ticks_width(&t) - mlp_plot_text_width("0.69715")) < 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_width_should_add_up_the_advances),
        cmocka_unit_test(legend_should_fit_the_page),
        cmocka_unit_test(legend_should_keep_small_ones_as_they_were),
        cmocka_unit_test(legend_should_spread_keys_evenly_and_shrink_what_cannot_fit),
        cmocka_unit_test(legend_should_be_centred_within_the_page),
        cmocka_unit_test(panel_should_rise_for_a_tall_legend),
        cmocka_unit_test(tick_step_should_keep_to_the_labels_that_fit),
        cmocka_unit_test(tick_step_should_give_two_labels_at_least),
        cmocka_unit_test(stack_should_fit_up_to_six_panels_with_their_text),
        cmocka_unit_test(label_should_move_off_the_legend),
        cmocka_unit_test(corner_box_should_touch_its_two_sides),
        cmocka_unit_test(legend_corner_should_be_the_one_lines_cross_least),
        cmocka_unit_test(units_title_should_say_1_unit_and_2_units),
        cmocka_unit_test(name_should_be_utf8_cut_between_characters),
        cmocka_unit_test(name_should_double_plplots_escape_character),
        cmocka_unit_test(tick_labels_should_be_the_true_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
