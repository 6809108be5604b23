/* SPDX-License-Identifier: MIT */
/* axis.c: the arithmetic of an axis before PLplot draws it: which ranges can
 * be drawn and labelled (docs/plots.md, "Ranges"), how a range found in the
 * data is widened, and how far apart the labels of a log axis go. Plain
 * numbers only: no PLplot here, so tests/plot/test_plot_axis.c calls it. */
#include <math.h>

#include "plot.h"

int mlp_plot_axis_ok(double lo, double hi)
{
    double span = hi - lo, size = fmax(fabs(lo), fabs(hi));
    return isfinite(span) && span >= MLP_PLOT_MIN_SPAN && span >= MLP_PLOT_MIN_SHARE * size;
}

int mlp_plot_axis_pad(double *lo, double *hi, double margin)
{
    double l = *lo, h = *hi, span = h - l;
    if (!isfinite(span))
        return -1; /* values across most of the doubles: wider than any axis */
    if (!mlp_plot_axis_ok(l, h)) {
        l = h = l / 2 + h / 2;
        span = fabs(l);
        if (!mlp_plot_axis_ok(l - margin * span, h + margin * span))
            span = 1.0; /* about 0, where |middle| is too small to draw */
    }
    *lo = l - margin * span;
    *hi = h + margin * span;
    return mlp_plot_axis_ok(*lo, *hi) ? 0 : -1;
}

double mlp_plot_epoch_axis(double max_epoch, double *x0, double *x1)
{
    if (!(max_epoch > 1)) { /* one row (or none finite): in the middle */
        *x0 = 0.5;
        *x1 = 1.5;
        return 1;
    }
    *x0 = 1;
    *x1 = max_epoch;
    /* Below a span of 10 PLplot steps by fractions (1.2, 1.4, ... for two
     * epochs); from 10 on its own steps are whole epochs. */
    return max_epoch - 1 < 10 ? 1 : 0;
}

/* Labels at the multiples of `step` in [d0, d1]. */
static double log_labels(double d0, double d1, double step)
{
    return floor(d1 / step) - ceil(d0 / step) + 1;
}

double mlp_plot_log_step(double d0, double d1, int *n_minor)
{
    /* 1, 2, 5, 10, 20, 50, ...: the decades of a double (about 630) need
     * at most 100; the loop ends at 1e9 whatever it is given. Minor ticks
     * go at each power of ten below the step: every decade up to a step of
     * 10, every 10 decades up to 100. */
    static const int mantissa[] = {1, 2, 5};
    double step = 1;
    for (double power = 1; power < 1e9; power *= 10)
        for (int i = 0; i < 3; i++) {
            step = mantissa[i] * power;
            *n_minor = power == 1 ? mantissa[i] : mantissa[i] == 1 ? 10 : mantissa[i];
            if (!(log_labels(d0, d1, step) > MLP_PLOT_LOG_LABELS))
                return step;
        }
    return step;
}
