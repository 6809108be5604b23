/* SPDX-License-Identifier: MIT */
/* plot.h: mlpplot's pictures, drawn with PLplot. Compiled into mlpplot only,
 * so libmlp never depends on PLplot; everything but the drawing (reading the
 * loss log, the weights and the data, the forward pass) comes from libmlp.
 *
 * Each mlp_plot_<kind> reads and checks all of its inputs first, then opens
 * the output atomically (a temporary file beside it, renamed at the end), so
 * a bad input or an unwritable output leaves nothing behind. The format
 * follows the output's extension: .png (pngcairo), .svg (svgcairo) or .pdf
 * (pdfcairo). Whatever PLplot prints itself is kept off the terminal. */
#ifndef MLP_PLOT_H
#define MLP_PLOT_H

#include <stddef.h>

#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/error.h"
#include "mlp/finding.h"
#include "mlp/net.h"

typedef struct {
    const char *out_path;  /* the picture to write: .png, .svg or .pdf */
    int width, height;     /* pixels (points for svg and pdf); > 0 */
} mlp_plot_options;

#define MLP_PLOT_WIDTH 900
#define MLP_PLOT_HEIGHT 700

/* Surface options. */
typedef struct {
    int range_axes;           /* 0: the data's range with a margin; 1 or 2: lo/hi of that many axes */
    double lo[2], hi[2];      /* x and y ranges in the units of the training CSV */
    size_t resolution;        /* grid points per axis, >= 2 */
    mlp_finding *note;        /* NULL, or where a warning about the data goes (a file without
                                 the model's target column, drawn without its classes): its
                                 message is "" when there is none; printed by the caller */
} mlp_plot_surface_options;

#define MLP_PLOT_MARGIN 0.1   /* the data's range is widened by this share on each side */
/* The largest |value| at either end of an axis of surface (--range, or the
 * data's widened range): past it PLplot's shading of the grid draws nothing
 * (docs/plots.md, "Ranges"). */
#define MLP_PLOT_RANGE_MAX 1e300
#define MLP_PLOT_RESOLUTION 200

/* The most loss logs one picture compares: the palette's colours that a
 * thin line shows on white (all but yellow). */
#define MLP_PLOT_MAX_LOGS 6

/* The loss logs written by mlptrain (docs/loss-log.md): training and
 * validation loss against epoch, log-scaled when the finite losses span more
 * than two decades; accuracy on a second panel when a log has it; the best
 * epoch and the refit rows marked. One log's lines are told apart by colour
 * and style; several logs (up to MLP_PLOT_MAX_LOGS) are compared on one
 * epoch axis and one loss axis, each log in a colour of its own named in
 * the legend, each kind of line in its style. MLP_ERR_DATA when a log has
 * no "epoch" or "loss" column or no finite loss; MLP_ERR_USAGE for no log
 * or more than MLP_PLOT_MAX_LOGS; MLP_ERR_IO. */
mlp_status mlp_plot_loss(const char *const *log_paths, size_t n_logs, const mlp_plot_options *opts,
                         mlp_error *err);

/* The decision surface of a 2-input model over the rows of data_path: the
 * probability of the second class shaded with its p = 0.5 boundary (or the
 * arg-max regions of K classes; the output itself for a regression), the rows
 * on top coloured by their true class, wrong predictions ringed. The classes
 * are those mlppredict --evaluate and mlpplot fit count
 * (mlp_predict_count_classes: labels, or 0/1 targets under a sigmoid or on
 * one-hot rows); two of an output that gives no probabilities shade the
 * value its class is decided by (one unit's y against 0.5, y1 - y0 against
 * 0), the colour bar saying so. For a
 * 1-input model, its curve: the output(s) against the input, with the rows
 * (at their target for a regression, at 0 or 1 for two classes, on their
 * class's curve for more). MLP_ERR_USAGE when the model has more than 2
 * inputs, or a range with another number of axes or one too narrow to draw
 * (mlp_plot_axis_ok, or fewer distinct grid points than the resolution);
 * MLP_ERR_DATA when the rows leave no range to draw (values near the
 * largest double). */
mlp_status mlp_plot_surface(const char *weights_path, const char *data_path,
                            const mlp_plot_surface_options *sopts, const mlp_plot_options *opts,
                            mlp_error *err);

/* Per hidden layer, a heat map of how its units' activations spread over the
 * rows of data_path (unit x activation bin, share of rows), with the units
 * the training diagnosis counts as saturated (sigmoid, tanh) or dead (relu)
 * marked. MLP_ERR_USAGE for a model without hidden layer. */
mlp_status mlp_plot_units(const char *weights_path, const char *data_path,
                          const mlp_plot_options *opts, mlp_error *err);

/* A regression's predictions against its targets over the rows of
 * data_path, one panel per output (the first 4), with the line y = x and
 * the R^2 of mlppredict --evaluate in the title. MLP_ERR_USAGE for a
 * classifier, MLP_ERR_DATA for a file without the target columns. */
mlp_status mlp_plot_fit(const char *weights_path, const char *data_path,
                        const mlp_plot_options *opts, mlp_error *err);

/* ------------------------------------------------------------------------ */
/* The page: shared by the four kinds (page.c; the axes' arithmetic in
 * axis.c). */

/* The colour-blind-safe palette of Okabe and Ito, as PLplot cmap0 indices,
 * and five darker colours of Paul Tol's and Tableau's for the classes past
 * its seven. */
enum {
    MLP_PLOT_WHITE = 0,
    MLP_PLOT_BLACK,
    MLP_PLOT_BLUE,        /* #0072B2 */
    MLP_PLOT_VERMILLION,  /* #D55E00 */
    MLP_PLOT_GREEN,       /* #009E73 bluish green */
    MLP_PLOT_ORANGE,      /* #E69F00 */
    MLP_PLOT_PURPLE,      /* #CC79A7 reddish purple */
    MLP_PLOT_SKY,         /* #56B4E9 */
    MLP_PLOT_YELLOW,      /* #F0E442 */
    MLP_PLOT_GREY,        /* #999999 */
    MLP_PLOT_INDIGO,      /* #332288 (Tol) */
    MLP_PLOT_WINE,        /* #882255 (Tol) */
    MLP_PLOT_OLIVE,       /* #999933 (Tol) */
    MLP_PLOT_BROWN,       /* #8C564B (Tableau) */
    MLP_PLOT_DARK_BROWN,  /* #661100 (Tol) */
    MLP_PLOT_SCRATCH,     /* set with plscol0 by a drawing that needs a colour of its own */
    MLP_PLOT_N_COLOURS
};

/* Classes 0 to MLP_PLOT_CLASS_COLOURS - 1 have colours of their own: the
 * palette but white, black (rings, rows without targets) and grey. Chosen
 * so that each pair differs by a CIELAB distance of at least 10 also mixed
 * with 60% white (the regions of a surface), as the closest pair of Okabe
 * and Ito's own does (blue and sky blue). */
#define MLP_PLOT_CLASS_COLOURS 12

/* The colour of class k: its own below MLP_PLOT_CLASS_COLOURS, then the
 * same ones again. */
int mlp_plot_class_colour(size_t k);
/* Its red, green and blue, 0..255. */
void mlp_plot_colour_rgb(int colour, int rgb[3]);

/* Checks that the output's extension names a format; MLP_ERR_USAGE if not.
 * A path that ends in "/" names a folder: MLP_ERR_IO first, as writing it
 * would say (mlp_fileio_check_trailing_slash), not a format to give;
 * its hint names a .png for a name with no format ("d/": "d.png"). */
mlp_status mlp_plot_check_format(const char *out_path, mlp_error *err);

/* Draws a picture: opens the output atomically, starts PLplot on it with a
 * white page and the palette, calls draw(ctx), finishes the picture and
 * renames it into place. PLplot's own messages are kept off stderr; when
 * PLplot stops with an error, nothing is left and the error is MLP_ERR_IO
 * with PLplot's reason. MLP_ERR_USAGE for an unknown extension, MLP_ERR_IO
 * for an unwritable path. */
mlp_status mlp_plot_render(const mlp_plot_options *opts, void (*draw)(void *ctx), void *ctx,
                           mlp_error *err);

/* Line styles: 1 to 8 are PLplot's own (pllsty: 1 solid, 2 dashes of 1 mm,
 * 3 to 8 longer dashes), none of them dotted: the doc's "dotted" best epoch
 * and "dash-dotted" refit curve were both drawn in long dashes. These two
 * are patterns of mlpplot's own (plstyl), drawn by mlp_plot_line_style and
 * in a legend's keys alike. */
enum { MLP_PLOT_DOTTED = 9, MLP_PLOT_DASH_DOT = 10 };

/* A glyph (plstring's) at each of the n points (x[i], y[i]) of the
 * current window, drawn in a window of 0 to 1 each way at the same place
 * on the page. PLplot's text at a point of a window wider than about
 * 1.5e164 (an x range of 0 to 1e165) put cairo into an error that drew
 * nothing more: the picture was blank, its exit status 0. */
void mlp_plot_points(size_t n, const double *x, const double *y, const char *glyph);

/* Sets the style of the lines drawn next: 1 to 8 (pllsty), MLP_PLOT_DOTTED
 * or MLP_PLOT_DASH_DOT. */
void mlp_plot_line_style(int style);

/* One entry of a legend: a line (line_style 1 solid, 2.. dashed, or one of
 * mlpplot's own; 0 none) and/or a symbol (a plstring glyph; NULL none) in a
 * cmap0 colour. */
typedef struct {
    const char *text;
    int colour;
    int line_style;
    const char *symbol;
} mlp_plot_key;

/* A rectangle in the current viewport's coordinates (0 to 1 each way). */
typedef struct {
    double x0, x1, y0, y1;
} mlp_plot_box;

/* The legend of the current panel, inside it at `position` (PL_POSITION_*
 * flags) on a white box. Returns the box. */
mlp_plot_box mlp_plot_legend(const mlp_plot_key *keys, int n, int position);

/* The corners a legend inside a panel may take. */
enum {
    MLP_PLOT_TOP_RIGHT,
    MLP_PLOT_TOP_LEFT,
    MLP_PLOT_BOTTOM_RIGHT,
    MLP_PLOT_BOTTOM_LEFT,
    MLP_PLOT_N_CORNERS
};

/* The box of a legend w x h `off` from the two sides of `corner` (all in
 * the panel's coordinates, 0 to 1 each way). */
mlp_plot_box mlp_plot_corner_box(int corner, double w, double h, double off);

/* A line drawn in a panel: its n points in the panel's coordinates (0 to 1
 * each way inside it; log10 of the value on a log scale, as drawn); a NAN
 * in x or y breaks the line there, as a value the line skips. */
typedef struct {
    const double *x, *y;
    size_t n;
} mlp_plot_series;

/* The share of the panel between two points counted along a line: a
 * segment is cut into pieces no longer than this, so that a line of a
 * few epochs crossing a box is counted there as a line of many is. */
#define MLP_PLOT_CROSS_STEP 0.005

/* The corner for a legend w x h `off` from the panel's sides: the one whose
 * box the lines cross least, counting their points and the points every
 * MLP_PLOT_CROSS_STEP along their segments inside the box; on a tie
 * `prefer`, then the first in the enum's order. A legend always in the top
 * right covered a loss that stays high (a rate too large oscillating
 * between 20 and 43) while another corner was empty. */
int mlp_plot_legend_corner(const mlp_plot_series *lines, size_t n_lines, double w, double h,
                           double off, int prefer);

/* The legend of the current panel (mlp_plot_legend) in the corner its
 * lines cross least (mlp_plot_legend_corner, its size measured as pllegend
 * will draw it). Returns the box. */
mlp_plot_box mlp_plot_legend_clear(const mlp_plot_key *keys, int n, const mlp_plot_series *lines,
                                   size_t n_lines, int prefer);

/* Where a label box goes so that a legend drawn over the panel does not
 * hide it: its bottom edge, label.y0 when the two do not overlap, else pad
 * above the legend when the label fits under the panel's top there, else
 * pad below it (down to the panel's bottom). */
double mlp_plot_label_clear_of(mlp_plot_box label, mlp_plot_box legend, double pad);

/* The font's size (its em) in character heights (PLplot's plgchr), with
 * 5% for the rounding of each glyph's position: 1.33 to 1.37 measured on
 * the cairo driver's output at 640 x 480 and 900 x 700. */
#define MLP_PLOT_EM 1.42

/* The width of text drawn by PLplot, in character heights: the sum of its
 * characters' advances (DejaVu Sans; a character outside ASCII counts a
 * full em, "##" one '#'). PLplot exports no way to measure text, so the
 * legends are laid out with this: its plstrl is declared in the private
 * plplotP.h only, and Debian 12's libplplot.so.17 (5.15.0) does not export
 * it (a call fails to link: undefined reference); the one public measure,
 * pllegend's p_legend_width, is known only once the legend is drawn. */
double mlp_plot_text_width(const char *text);

/* Text from the inputs (a column's name, a class label, a file's name) as
 * PLplot must be given it to draw it as written, into buf (always
 * terminated; size >= 4). PLplot reads '#' as the start of an escape ("#u"
 * raises the text after it: a column "cost#usd" was drawn "cost" and a
 * raised "sd"), so '#' is doubled, "##", which it draws as one '#'. It
 * stops the whole picture at a byte that is no part of UTF-8 ("UTF-8
 * string is malformed"): a header read as Latin-1, or a name cut in the
 * middle of a character by a fixed-length copy. So such a byte becomes
 * U+FFFD, the replacement character, and text longer than size - 1 bytes
 * is cut between characters (never inside "##") and ends in "…" (U+2026).
 * Returns buf. */
const char *mlp_plot_name(char *buf, size_t size, const char *text);
/* The buffer of a name drawn: 71 bytes at most, about 70 characters. */
#define MLP_PLOT_NAME 72

/* A legend under a panel: its keys in rows and columns. Every column is as
 * wide as the widest key; text_scale (<= 1) shrinks the text of a legend
 * whose one column would be wider than the page. */
typedef struct {
    int columns, rows;
    double text_scale;
} mlp_plot_legend_grid;

/* Its widths, as shares of the page's width: the room it may take, its
 * widest text at text scale 1, a key's line or symbol with the gap before
 * its text, the gap between columns, the borders left and right together. */
typedef struct {
    double avail, text, key, gap, border;
} mlp_plot_legend_widths;

#define MLP_PLOT_LEGEND_MIN_SCALE 0.5

/* border + (columns - 1) gap + columns (key + text_scale text). */
double mlp_plot_legend_width(const mlp_plot_legend_grid *g, const mlp_plot_legend_widths *w);

/* The grid of n keys: the most columns, at most max_columns and no more
 * than min_rows rows need, whose width fits w->avail (1 when none does);
 * the rows these take; the keys then spread evenly over the rows (5 keys
 * that fit 4 columns: 2 rows of 3). When one column is too wide, its text
 * is scaled to fit, to no less than MLP_PLOT_LEGEND_MIN_SCALE. */
mlp_plot_legend_grid mlp_plot_legend_layout(int n, int max_columns, int min_rows,
                                            const mlp_plot_legend_widths *w);

/* The left edge of a legend `width` wide centred at `centre` (shares of the
 * page's width), moved as little as keeps margin free at both sides (the
 * left side wins when it cannot). */
double mlp_plot_legend_left(double centre, double width, double margin);

/* A legend under a panel starts MLP_PLOT_LEGEND_GAP of the panel's usual
 * height (from its lowest bottom to its top) below the panel, room for the
 * axis's labels and title, and ends at least MLP_PLOT_LEGEND_FOOT of the
 * page above the page's bottom. */
#define MLP_PLOT_LEGEND_GAP 0.125
#define MLP_PLOT_LEGEND_FOOT 0.015

/* The bottom of a panel whose top is `top` and whose bottom is at least
 * `least` (shares of the page's height) with a legend legend_height high
 * under it: `least`, or higher when the legend needs the room. */
double mlp_plot_panel_bottom(double least, double top, double legend_height);
/* The top of the legend under the panel from bottom (that function's
 * result) to top. */
double mlp_plot_legend_top(double least, double top, double bottom);

/* The grid of a legend of these keys under a panel on the current page,
 * their text measured by PLplot; the arguments as mlp_plot_legend_layout's. */
mlp_plot_legend_grid mlp_plot_legend_plan(const mlp_plot_key *keys, int n, int max_columns,
                                          int min_rows);
/* Its height, a share of the page's height. */
double mlp_plot_legend_height(const mlp_plot_legend_grid *g);
/* Draws it with its top at `top` (a share of the page's height from the
 * bottom), centred at `centre` as far as the page's width allows. */
void mlp_plot_legend_below(const mlp_plot_key *keys, int n, const mlp_plot_legend_grid *g,
                           double centre, double top);

/* Text along one side of the current viewport, centred, `disp` character
 * heights from it, as plmtex(side, disp, 0.5, 0.5, text) draws it; text
 * longer than that side is drawn smaller to fit it (down to
 * MLP_PLOT_LEGEND_MIN_SCALE), at the same distance from the axis: a long
 * column name ran off the page. */
void mlp_plot_side_text(const char *side, double disp, const char *text);
/* The axis titles and the title of the current viewport where pllab puts
 * them, each drawn by mlp_plot_side_text; the y title y_disp character
 * heights from the axis (mlp_plot_left_edge). */
void mlp_plot_labels(const char *x, const char *y, const char *title, double y_disp);


/* A vertical colour bar of cmap1 from lo to hi right of the current
 * viewport, labelled `label` (none when ""; smaller, with the bar's
 * numbers, when longer than the bar), a labelled tick every `tick` (0:
 * PLplot's choice). */
void mlp_plot_colorbar(double lo, double hi, const char *label, double tick);

/* The spacing of an axis's labelled ticks over [lo, hi]: the first of
 * ..., 0.1, 0.2, 0.5, 1, 2, 5, ... whose multiples in [lo, hi] (as PLplot
 * labels them) number at most max_labels (at least 2); when that leaves
 * one label, a step of 1.5, 2.5, 3, ..., 9 times a power of ten giving 2 to
 * max_labels (one label tells no scale), more than max_labels only where
 * no step gives 2 to max_labels. 0 for an empty or infinite range.
 * PLplot's own choice follows the range only, so a short axis got as many
 * labels as a tall one, piled on each other. */
double mlp_plot_tick_step(double lo, double hi, int max_labels);

/* The labels of a linear axis, written by mlpplot (PLplot's own were cut
 * off at the page's left edge when wider than its fixed margin, "0.69718"
 * read ".69718" and 1200000 "200000", ran into the axis title, and put
 * their "(x10^k)" off the top of the page): values in fixed notation with
 * the decimals the step needs, up to MLP_PLOT_FIXED_DECIMALS of them and
 * below 10^MLP_PLOT_FIXED_DIGITS; else each label is the true value as
 * "m×10^e", e the exponent of the range's largest value, m with the
 * digits the step needs (1.52×10^12, 1.234×10^-4). */
#define MLP_PLOT_FIXED_DECIMALS 6
/* The most labels a panel's axis gets (PLplot's own choice gave 4 to 8). */
#define MLP_PLOT_AXIS_LABELS 8
#define MLP_PLOT_FIXED_DIGITS 7

typedef struct {
    double lo, hi, step;  /* the range and the spacing of its labels (mlp_plot_tick_step) */
    double n_labels;      /* how many the range holds */
    int scientific;       /* m×10^exponent, else fixed */
    int exponent;
    int decimals;         /* after the point, of the value or of m */
} mlp_plot_ticks;

/* The labels of [lo, hi], at most max_labels of them (mlp_plot_tick_step). */
mlp_plot_ticks mlp_plot_ticks_for(double lo, double hi, int max_labels);
/* The label of the tick at value (PLplot's, a few roundings off a
 * multiple of the step), into buf: PLplot text ("#u" raises the exponent). */
void mlp_plot_tick_text(const mlp_plot_ticks *t, double value, char *buf, size_t size);
/* The widest label, in character heights (mlp_plot_text_width). */
double mlp_plot_ticks_width(const mlp_plot_ticks *t);

/* The left edge of a panel (a share of the page's width), at least
 * `least`, where y labels labels_width character heights wide
 * (mlp_plot_ticks_width) and the axis title beyond them stay on the page;
 * the title's displacement (plmtex's, at least min_disp) into *title_disp.
 * A fixed edge of 0.1 cut "0.69718" to ".69718" and drew the title "loss"
 * over the labels. */
double mlp_plot_left_edge(double least, double labels_width, double min_disp, double *title_disp);

/* The labels of an x axis over [lo, hi] on a panel from left to right
 * (shares of the page's width): at most max_labels, fewer while they
 * would touch each other. */
mlp_plot_ticks mlp_plot_x_ticks(double lo, double hi, double left, double right, int max_labels);

/* plbox of the current viewport, its y axis (and its x axis, when x is
 * not NULL) labelled by mlpplot (mlp_plot_tick_text); an x of NULL is
 * labelled by PLplot, ticks every xtick (0: PLplot's choice) with nxsub
 * minor intervals. xopt and yopt as plbox's, without "o". */
void mlp_plot_axes_box(const char *xopt, const mlp_plot_ticks *x, double xtick, int nxsub,
                       const char *yopt, const mlp_plot_ticks *y);

/* The units picture's panels, one per hidden layer, stacked from
 * MLP_PLOT_STACK_TOP down to MLP_PLOT_STACK_BOTTOM of the page: at most
 * MLP_PLOT_MAX_PANELS (the title says how many layers are left out); the
 * text scaled (to MLP_PLOT_STACK_MIN_SCALE at least) so that each panel is
 * MLP_PLOT_PANEL_CHARS characters high and each gap MLP_PLOT_GAP_CHARS. */
#define MLP_PLOT_MAX_PANELS 6
#define MLP_PLOT_STACK_TOP 0.87
#define MLP_PLOT_STACK_BOTTOM 0.1
#define MLP_PLOT_PANEL_CHARS 4.5
#define MLP_PLOT_GAP_CHARS 3.8
#define MLP_PLOT_STACK_MIN_SCALE 0.5

typedef struct {
    size_t shown;       /* panels drawn */
    double scale;       /* of the text, <= 1 */
    double height, gap; /* of a panel and between two, shares of the page's height */
    int max_labels;     /* labelled ticks that fit a panel's height, at most 6 */
} mlp_plot_stack;

/* The panels of n_layers hidden layers on a page where a character (at
 * scale 1) is ch of the page's height. */
mlp_plot_stack mlp_plot_stack_layout(size_t n_layers, double ch);

/* The title of the units picture's panel of hidden layer `layer` (from 1)
 * into buf (always terminated): "hidden layer 1: 4 tanh units, 1 saturated
 * (outlined)", "1 relu unit, 0 dead (outlined)"; without the count for an
 * activation the diagnosis never judges flat ("2 linear units"). */
void mlp_plot_units_title(char *buf, size_t size, size_t layer, size_t units, mlp_activation act,
                          size_t n_flat);

/* Axis ranges. PLplot steps from tick to tick across an axis and never
 * stops when a step is below the resolution of a double there (a range of
 * 1:1.0000000000000002 hung mlpplot), and its labels show at most
 * MLP_PLOT_DIGITS significant digits (mlp_plot_render sets them), so
 * ticks closer than that would be labelled alike. An axis can be drawn
 * over [lo, hi] when hi - lo is finite, at least MLP_PLOT_MIN_SPAN and at
 * least MLP_PLOT_MIN_SHARE of the larger of |lo| and |hi| (docs/plots.md,
 * "Ranges"): with 8 digits, a range a millionth of its size wide still
 * gets ticks labelled apart. Such a range also holds --resolution distinct
 * grid points (MLP_GRID_MAX_POINTS at most along one axis). */
#define MLP_PLOT_DIGITS 8
#define MLP_PLOT_MIN_SHARE 1e-6
#define MLP_PLOT_MIN_SPAN 1e-300

/* 1 when an axis can be drawn over [lo, hi], else 0. */
int mlp_plot_axis_ok(double lo, double hi);

/* The most labels a log axis gets: at one label a decade, 20 decades (a
 * run that diverged spans 300) piled them into a black smear. */
#define MLP_PLOT_LOG_LABELS 10

/* The spacing, in decades, of the labelled ticks of a log axis over the
 * decades [d0, d1] (log10 of its ends; d0 <= d1): the first of 1, 2, 5,
 * 10, 20, 50, ... whose multiples in [d0, d1] number at most
 * MLP_PLOT_LOG_LABELS. *n_minor is the number of intervals the minor ticks
 * cut a step into: one a decade (1 for a step of 1: PLplot's own log
 * ticks), for steps of 20 and more one every 10, 100, ... decades. */
double mlp_plot_log_step(double d0, double d1, int *n_minor);

/* The epoch axis of a loss log whose last epoch is max_epoch: its range
 * [*x0, *x1] and the spacing of its labels (0: PLplot's own). Epochs are
 * whole: PLplot labelled a 2-epoch run 1.0, 1.2, ..., 2.0, and drew the one
 * point of a 1-epoch run on the panel's left edge (at 1 of [1, 2]). So a
 * run of one epoch is drawn at 1 in the middle of [0.5, 1.5], the others
 * over [1, max_epoch], labelled at every epoch when they span fewer than 10. */
double mlp_plot_epoch_axis(double max_epoch, double *x0, double *x1);

/* The range [*lo, *hi] of finite values found in data (lo <= hi) widened
 * by margin (> 0) times its span on each side; a range too narrow to draw
 * (mlp_plot_axis_ok: a constant, or values a few roundings apart) is taken
 * as its middle m, widened by margin |m| (margin, about 0). 0, or -1 when
 * the result cannot be drawn (values near the largest double, or spanning
 * more than the largest double). */
int mlp_plot_axis_pad(double *lo, double *hi, double margin);

/* A trained model and a data set read with its schema (targets optional). */
typedef struct {
    mlp_net *net;
    mlp_schema schema;
    mlp_csv csv;
    mlp_dataset data;
} mlp_plot_model;

/* Checks a model before its data is read: MLP_OK or a filled err. */
typedef mlp_status (*mlp_plot_model_check)(const mlp_net *net, const char *weights_path,
                                           const char *data_path, mlp_error *err);

/* Reads the weights file, runs check (may be NULL), then reads data_path
 * through the model's schema. On failure *m holds nothing. */
mlp_status mlp_plot_model_load(const char *weights_path, const char *data_path,
                               mlp_plot_model_check check, mlp_plot_model *m, mlp_error *err);
void mlp_plot_model_free(mlp_plot_model *m);

/* The hint of surface's and units' refusal of a model that has neither
 * picture (more than 2 inputs, no hidden layer), after lead (each one's
 * "... to plot either"): only what takes this model on m's rows, so that
 * no command it names refuses again. The rows decide, as they decide
 * mlpplot fit's own refusal (mlp_predict_count_classes): targets that are
 * classes get the accuracy of mlppredict --evaluate, other targets the fit
 * picture, rows without targets neither; the loss log every model has. */
void mlp_plot_hint_instead(const mlp_plot_model *m, const char *lead, const char *weights_path,
                           const char *data_path, mlp_error *err);

/* The last path component of path (borrowed from it), for titles. */
const char *mlp_plot_basename(const char *path);

#endif
