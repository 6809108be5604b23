/* SPDX-License-Identifier: MIT */
/* layout.c: where the parts of a page go before PLplot draws them: how
 * wide a text is, how many rows and columns a legend under a panel takes so
 * that every key is on the page, and how far the panel moves up for it;
 * the text of a units panel's title, and text from the inputs made fit to
 * draw. Plain numbers and text only: no
 * PLplot here, so tests/plot/test_plot_layout.c calls it (the picture tests
 * cannot read text back: cairo draws it as glyphs). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plot.h"
#include "plural.h"
#include "utf8.h"

/* The advance of each printable ASCII character, space to '~', in
 * thousandths of the font's size: DejaVu Sans, the "sans" of Debian's
 * fontconfig that the cairo driver draws with (measured from the glyph
 * positions of its SVG output), one of the widest sans fonts, so the
 * width is not underestimated for the others. */
static const short advance[95] = {
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
    636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
    1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
    603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
    500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
};

double mlp_plot_text_width(const char *text)
{
    double w = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (p[0] == '#' && p[1] == '#')
            p++; /* PLplot draws "##" as one '#' (mlp_plot_name) */
        else if (p[0] == '#' && (p[1] == 'u' || p[1] == 'd')) {
            p++; /* raise or lower what follows (an exponent): no glyph; what is raised counts full size */
            continue;
        }
        if (*p >= 32 && *p < 127)
            w += advance[*p - 32];
        else if (*p < 0x80 || *p >= 0xc0)
            w += 1000; /* a control character or the first byte of a UTF-8 sequence: a full em */
    }
    return w / 1000 * MLP_PLOT_EM;
}

double mlp_plot_legend_width(const mlp_plot_legend_grid *g, const mlp_plot_legend_widths *w)
{
    return w->border + (g->columns - 1) * w->gap + g->columns * (w->key + g->text_scale * w->text);
}

mlp_plot_legend_grid mlp_plot_legend_layout(int n, int max_columns, int min_rows,
                                            const mlp_plot_legend_widths *w)
{
    mlp_plot_legend_grid g = {1, 1, 1.0};
    if (n < 1)
        return g;
    if (max_columns < 1)
        max_columns = 1;
    if (min_rows < 1)
        min_rows = 1;
    /* The most columns that fit, and no more than min_rows rows need. */
    int most = (n + min_rows - 1) / min_rows;
    most = most < max_columns ? most : max_columns;
    for (g.columns = most; g.columns > 1; g.columns--)
        if (mlp_plot_legend_width(&g, w) <= w->avail)
            break;
    /* The rows that takes, and the keys spread evenly over them: 5 keys
     * that fit 4 columns take 2 rows of 3, not one of 4 and one of 1. */
    g.rows = (n + g.columns - 1) / g.columns;
    g.columns = (n + g.rows - 1) / g.rows;
    /* One column still too wide: smaller text, down to MLP_PLOT_LEGEND_MIN_SCALE. */
    if (g.columns == 1 && mlp_plot_legend_width(&g, w) > w->avail && w->text > 0) {
        double s = (w->avail - w->border - w->key) / w->text;
        g.text_scale = s > MLP_PLOT_LEGEND_MIN_SCALE ? s : MLP_PLOT_LEGEND_MIN_SCALE;
    }
    return g;
}

double mlp_plot_legend_left(double centre, double width, double margin)
{
    double left = centre - width / 2;
    if (left + width > 1 - margin)
        left = 1 - margin - width;
    return left < margin ? margin : left;
}

double mlp_plot_panel_bottom(double least, double top, double legend_height)
{
    /* The legend's bottom, mlp_plot_legend_top - legend_height, is at
     * least MLP_PLOT_LEGEND_FOOT. */
    double need = MLP_PLOT_LEGEND_FOOT + legend_height + MLP_PLOT_LEGEND_GAP * (top - least);
    return need > least ? need : least;
}

double mlp_plot_legend_top(double least, double top, double bottom)
{
    return bottom - MLP_PLOT_LEGEND_GAP * (top - least);
}

/* The labels a tick spacing of step puts on [lo, hi]: its multiples there,
 * in the window PLplot labels, which plwind widens by 1e-5 of the span on
 * each side (a tanh layer over [-0.99999, 0.99999] is labelled -1, 0, 1). */
static double labels_of(double lo, double hi, double step)
{
    double slack = 1e-5 * (hi - lo);
    return floor((hi + slack) / step) - ceil((lo - slack) / step) + 1;
}

/* Whether spacing a (n_a labels) is better than b (n_b): one giving 2 to
 * max_labels beats one giving more; then the fewer labels, when both give
 * more; then 1, 2 or 5 before the other digits (0.5 before 0.4); then the
 * wider. */
static int better_step(double a, double n_a, int nice_a, double b, double n_b, int nice_b,
                       int max_labels)
{
    int fits_a = n_a <= max_labels, fits_b = n_b <= max_labels;
    if (fits_a != fits_b)
        return fits_a;
    if (!fits_a && n_a != n_b)
        return n_a < n_b;
    if (nice_a != nice_b)
        return nice_a;
    return a > b;
}

/* A spacing for when no 1-2-5 step gives 2 to max_labels labels: the
 * step that first fits leaves one label ([0, 0.46] with two at most: 0.2
 * gives 0, 0.2, 0.4 and 0.5 gives 0 alone), and a scale of one label
 * tells no size. The best (better_step) of 1, 1.5, 2, 2.5, 3, ..., 9 times a
 * power of ten, from the span down three decades, that gives 2 labels or more (0.4:
 * 0, 0.4); more labels than asked rather than one when none gives 2 to
 * max_labels (0 is a label of [-0.95, 0.95], so every step there gives an
 * odd number of them). 0 when none gives 2. */
static double two_labels_step(double lo, double hi, int max_labels)
{
    double power = pow(10, floor(log10(hi - lo))), best = 0, n_best = 0;
    int nice_best = 0;
    static const double digits[] = {9, 8, 7, 6, 5, 4, 3, 2.5, 2, 1.5, 1};
    for (int decade = 0; decade < 3; decade++, power /= 10)
        for (size_t i = 0; i < sizeof digits / sizeof digits[0]; i++) {
            double step = digits[i] * power, n = labels_of(lo, hi, step);
            int nice = digits[i] == 1 || digits[i] == 2 || digits[i] == 5;
            if (n >= 2 &&
                (best == 0 || better_step(step, n, nice, best, n_best, nice_best, max_labels))) {
                best = step;
                n_best = n;
                nice_best = nice;
            }
        }
    return best;
}

double mlp_plot_tick_step(double lo, double hi, int max_labels)
{
    double span = hi - lo;
    if (!(span > 0) || !isfinite(span))
        return 0;
    if (max_labels < 2)
        max_labels = 2;
    /* 1, 2, 5 times a power of ten, from below the span / max_labels up. */
    double power = pow(10, floor(log10(span / max_labels)) - 1);
    static const double mantissa[] = {1, 2, 5};
    for (int tries = 0; tries < 40; tries++, power *= 10)
        for (int i = 0; i < 3; i++) {
            double step = mantissa[i] * power;
            if (labels_of(lo, hi, step) > max_labels)
                continue;
            if (labels_of(lo, hi, step) >= 2)
                return step;
            double other = two_labels_step(lo, hi, max_labels);
            return other > 0 ? other : step;
        }
    return span;
}

/* The labels of [lo, hi] at multiples of step: n of them from first on. */
static double first_label(double lo, double hi, double step, double *n)
{
    double slack = 1e-5 * (hi - lo);
    double k0 = ceil((lo - slack) / step), k1 = floor((hi + slack) / step);
    *n = k1 - k0 + 1;
    return k0;
}

mlp_plot_ticks mlp_plot_ticks_for(double lo, double hi, int max_labels)
{
    mlp_plot_ticks t = {lo, hi, mlp_plot_tick_step(lo, hi, max_labels), 0, 0, 0, 0};
    if (!(t.step > 0))
        return t;
    first_label(lo, hi, t.step, &t.n_labels);
    /* The digits the step needs: 0.25 two, 2e-7 seven; 2.5e12 one in a
     * mantissa of 10^12. */
    int s = (int)floor(log10(t.step) + 1e-9);
    double m = t.step / pow(10, s);
    int extra = fabs(m - round(m)) > 1e-6;
    int fixed = extra - s > 0 ? extra - s : 0;
    double size = fmax(fabs(lo), fabs(hi));
    int e = size > 0 ? (int)floor(log10(size)) : 0;
    if (fixed <= MLP_PLOT_FIXED_DECIMALS && e < MLP_PLOT_FIXED_DIGITS) {
        t.decimals = fixed;
        return t;
    }
    t.scientific = 1;
    t.exponent = e;
    t.decimals = e - s + extra > 0 ? e - s + extra : 0;
    return t;
}

void mlp_plot_tick_text(const mlp_plot_ticks *t, double value, char *buf, size_t size)
{
    /* The multiple of the step the value is: PLplot adds steps up, so its
     * 0.30000000000000004 is 0.3, and a 1e-17 is 0. */
    double k = t->step > 0 ? round(value / t->step) : 0;
    if (k == 0 || !(t->step > 0)) {
        snprintf(buf, size, "0");
        return;
    }
    double v = k * t->step;
    if (!t->scientific)
        snprintf(buf, size, "%.*f", t->decimals, v);
    else
        snprintf(buf, size, "%.*f\xc3\x97" "10#u%d#d", t->decimals, v / pow(10, t->exponent),
                 t->exponent);
}

double mlp_plot_ticks_width(const mlp_plot_ticks *t)
{
    if (!(t->step > 0))
        return 0;
    double n, k0 = first_label(t->lo, t->hi, t->step, &n), widest = 0;
    for (double i = 0; i < n && i < 1000; i++) {
        char text[64];
        mlp_plot_tick_text(t, (k0 + i) * t->step, text, sizeof text);
        widest = fmax(widest, mlp_plot_text_width(text));
    }
    return widest;
}

mlp_plot_stack mlp_plot_stack_layout(size_t n_layers, double ch)
{
    mlp_plot_stack s;
    s.shown = n_layers < MLP_PLOT_MAX_PANELS ? n_layers : MLP_PLOT_MAX_PANELS;
    size_t n = s.shown ? s.shown : 1;
    double room = MLP_PLOT_STACK_TOP - MLP_PLOT_STACK_BOTTOM;
    /* Each panel at least PANEL_CHARS characters high, each gap GAP_CHARS
     * (the panel's unit labels below it, the next one's title above). */
    double fit = room / (ch * (MLP_PLOT_PANEL_CHARS * (double)n + MLP_PLOT_GAP_CHARS * (double)(n - 1)));
    s.scale = fit < 1 ? fit : 1;
    s.scale = s.scale > MLP_PLOT_STACK_MIN_SCALE ? s.scale : MLP_PLOT_STACK_MIN_SCALE;
    s.gap = MLP_PLOT_GAP_CHARS * ch * s.scale;
    s.height = (room - s.gap * (double)(n - 1)) / (double)n;
    /* A label every 2 characters of the panel's height at most. */
    s.max_labels = (int)floor(s.height / (2 * ch * s.scale));
    s.max_labels = s.max_labels < 6 ? s.max_labels : 6;
    return s;
}

mlp_plot_box mlp_plot_corner_box(int corner, double w, double h, double off)
{
    int left = corner == MLP_PLOT_TOP_LEFT || corner == MLP_PLOT_BOTTOM_LEFT;
    int bottom = corner == MLP_PLOT_BOTTOM_RIGHT || corner == MLP_PLOT_BOTTOM_LEFT;
    mlp_plot_box b;
    b.x0 = left ? off : 1 - off - w;
    b.y0 = bottom ? off : 1 - off - h;
    b.x1 = b.x0 + w;
    b.y1 = b.y0 + h;
    return b;
}

static int inside(double x, double y, const mlp_plot_box *b)
{
    return x >= b->x0 && x <= b->x1 && y >= b->y0 && y <= b->y1;
}

/* The points of one line inside b: each point, and the points cutting
 * each segment between two of them into pieces of MLP_PLOT_CROSS_STEP at
 * most (the segment's ends not again). */
static size_t line_hits(const mlp_plot_series *s, const mlp_plot_box *b)
{
    size_t hits = 0;
    for (size_t i = 0; i < s->n; i++) {
        double x = s->x[i], y = s->y[i];
        if (!isfinite(x) || !isfinite(y))
            continue;
        hits += (size_t)inside(x, y, b);
        if (i == 0 || !isfinite(s->x[i - 1]) || !isfinite(s->y[i - 1]))
            continue;
        double dx = x - s->x[i - 1], dy = y - s->y[i - 1];
        /* Capped: a point far outside the panel (clipped away) adds no work. */
        double len = fmin(hypot(dx, dy), 4.0);
        size_t pieces = (size_t)ceil(len / MLP_PLOT_CROSS_STEP);
        for (size_t k = 1; k < pieces; k++) {
            double t = (double)k / (double)pieces;
            hits += (size_t)inside(s->x[i - 1] + t * dx, s->y[i - 1] + t * dy, b);
        }
    }
    return hits;
}

int mlp_plot_legend_corner(const mlp_plot_series *lines, size_t n_lines, double w, double h,
                           double off, int prefer)
{
    if (prefer < 0 || prefer >= MLP_PLOT_N_CORNERS)
        prefer = MLP_PLOT_TOP_RIGHT;
    int best = prefer;
    size_t best_hits = (size_t)-1;
    /* prefer first, so that only fewer points elsewhere move the legend */
    for (int k = -1; k < MLP_PLOT_N_CORNERS; k++) {
        int corner = k < 0 ? prefer : k;
        if (k >= 0 && corner == prefer)
            continue;
        mlp_plot_box b = mlp_plot_corner_box(corner, w, h, off);
        size_t hits = 0;
        for (size_t i = 0; i < n_lines; i++)
            hits += line_hits(&lines[i], &b);
        if (hits < best_hits) {
            best = corner;
            best_hits = hits;
        }
    }
    return best;
}

double mlp_plot_label_clear_of(mlp_plot_box label, mlp_plot_box legend, double pad)
{
    int apart = label.x1 <= legend.x0 || legend.x1 <= label.x0 || label.y1 <= legend.y0 ||
                legend.y1 <= label.y0;
    if (apart)
        return label.y0;
    double h = label.y1 - label.y0;
    if (legend.y1 + pad + h <= 1)
        return legend.y1 + pad;
    double below = legend.y0 - pad - h;
    return below > 0 ? below : 0;
}

void mlp_plot_units_title(char *buf, size_t size, size_t layer, size_t units, mlp_activation act,
                          size_t n_flat)
{
    unsigned flags = mlp_activation_info_of(act)->flags;
    const char *name = mlp_activation_name(act), *s = mlp_plural((double)units, "", "s");
    /* Only an activation the diagnosis judges has a count to show. */
    if (!(flags & (MLP_ACT_FLAG_CAN_DIE | MLP_ACT_FLAG_SATURATES))) {
        snprintf(buf, size, "hidden layer %zu: %zu %s unit%s", layer, units, name, s);
        return;
    }
    const char *what = flags & MLP_ACT_FLAG_CAN_DIE ? "dead" : "saturated";
    snprintf(buf, size, "hidden layer %zu: %zu %s unit%s, %zu %s (outlined)", layer, units, name, s,
             n_flat, what);
}

/* One character of text as PLplot is given it: "##" for '#', PLplot's
 * escape character, the character at p itself, or U+FFFD for a byte that
 * starts none. *step is how many bytes of text it takes (1 for such a
 * byte); returns its length in out. */
static size_t drawn_char(const unsigned char *p, size_t left, const char **out, size_t *step)
{
    static const char replacement[] = "\xef\xbf\xbd";
    if (*p == '#') {
        *step = 1;
        *out = "##";
        return 2;
    }
    size_t n = mlp_utf8_length(p, left);
    *step = n ? n : 1;
    *out = n ? (const char *)p : replacement;
    return n ? n : sizeof replacement - 1;
}

const char *mlp_plot_name(char *buf, size_t size, const char *text)
{
    static const char ellipsis[] = "\xe2\x80\xa6";
    const size_t cut = sizeof ellipsis - 1;
    const unsigned char *p = (const unsigned char *)text;
    size_t left = strlen(text), whole = 0;
    /* Its drawn length first: whole, or cut to leave room for the ellipsis. */
    for (size_t at = 0, step; at < left; at += step) {
        const char *out;
        whole += drawn_char(p + at, left - at, &out, &step);
    }
    size_t room = whole < size ? whole : size > cut ? size - 1 - cut : 0, n = 0;
    for (size_t at = 0, step; at < left; at += step) {
        const char *out;
        size_t len = drawn_char(p + at, left - at, &out, &step);
        if (n + len > room)
            break;
        memcpy(buf + n, out, len);
        n += len;
    }
    if (whole >= size && size > cut) {
        memcpy(buf + n, ellipsis, cut);
        n += cut;
    }
    if (size)
        buf[n] = '\0';
    return buf;
}
