/* SPDX-License-Identifier: MIT */
/* page.c: the one place that starts and ends PLplot: the format from the
 * output's extension, the atomic output file and the checks that the
 * picture was written whole, the palette, the axis labels' digits, and
 * keeping PLplot's own messages off stderr. The pictures themselves are
 * drawn by loss.c, surface.c, units.c and fit.c; axis.c says which ranges
 * and ticks an axis can be drawn with. */
#define _GNU_SOURCE /* fopencookie; mallopt's M_ARENA_MAX */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <math.h>
#include <plplot.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "datatext.h"
#include "fileio.h"
#include "memlimit.h"
#include "mlp/predict.h"
#include "mlp/weights.h"
#include "plot.h"
#include "signals.h"

/* Okabe & Ito (2008), "Color Universal Design": distinguishable with every
 * common colour-vision deficiency; then five darker colours for the classes
 * past seven (Paul Tol's indigo, wine, olive and dark brown, Tableau's
 * brown). Order: enum in plot.h; the scratch colour last. */
static const int palette[MLP_PLOT_N_COLOURS][3] = {
    {255, 255, 255}, {0, 0, 0},     {0, 114, 178},   {213, 94, 0},    {0, 158, 115},
    {230, 159, 0},   {204, 121, 167}, {86, 180, 233}, {240, 228, 66}, {153, 153, 153},
    {51, 34, 136},   {136, 34, 85},  {153, 153, 51},  {140, 86, 75},   {102, 17, 0},
    {255, 255, 255},
};

int mlp_plot_class_colour(size_t k)
{
    static const int order[MLP_PLOT_CLASS_COLOURS] = {
        MLP_PLOT_BLUE,   MLP_PLOT_VERMILLION, MLP_PLOT_GREEN, MLP_PLOT_ORANGE,
        MLP_PLOT_PURPLE, MLP_PLOT_SKY,        MLP_PLOT_YELLOW, MLP_PLOT_INDIGO,
        MLP_PLOT_WINE,   MLP_PLOT_OLIVE,      MLP_PLOT_BROWN,  MLP_PLOT_DARK_BROWN};
    return order[k % MLP_PLOT_CLASS_COLOURS];
}

void mlp_plot_colour_rgb(int colour, int rgb[3])
{
    for (int i = 0; i < 3; i++)
        rgb[i] = palette[colour][i];
}

const char *mlp_plot_basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The PLplot device of each format, and the bytes its file ends with:
 * PNG's IEND chunk (empty, so its CRC is fixed), the SVG root's closing
 * tag, PDF's end-of-file comment. A picture without them is cut off. */
typedef struct {
    const char *ext, *device, *end;
} format;

static const format formats[] = {
    {".png", "pngcairo", "IEND\xae\x42\x60\x82"},
    {".svg", "svgcairo", "</svg>"},
    {".pdf", "pdfcairo", "%%EOF"},
};

static const format *format_for(const char *path)
{
    const char *dot = strrchr(mlp_plot_basename(path), '.');
    if (!dot || strlen(dot) != 4)
        return NULL;
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        int same = 1;
        for (size_t j = 0; j < 4; j++)
            same &= tolower((unsigned char)dot[j]) == formats[i].ext[j];
        if (same)
            return &formats[i];
    }
    return NULL;
}

static int has_format(const char *name)
{
    return format_for(name) != NULL;
}

mlp_status mlp_plot_check_format(const char *out_path, mlp_error *err)
{
    /* A path that names a folder has no picture format to tell; without
     * the "/", a name with none is advised as a .png. */
    static const mlp_fileio_output_name pictures = {has_format, ".png"};
    /* "-" is standard output for mlppredict's predictions; a picture is
     * written to a file beside it and renamed, which a pipe cannot take. */
    if (strcmp(out_path, "-") == 0) {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                      "--output -: a picture cannot go to standard output");
        mlp_error_hint(err, "give a file name ending in .png, .svg or .pdf, for example "
                            "--output picture.png");
        return MLP_ERR_USAGE;
    }
    mlp_status st = mlp_fileio_check_trailing_slash(out_path, &pictures, err);
    if (st)
        return st;
    if (format_for(out_path))
        return MLP_OK;
    mlp_error_set(err, MLP_ERR_USAGE, out_path, 0, 0,
                  "cannot tell the picture format from the file name");
    mlp_error_hint(err, "end the output name with .png, .svg or .pdf");
    return MLP_ERR_USAGE;
}

/* ------------------------------------------------------------------------ */
/* PLplot reports a fatal error by calling plexit, which calls the handler
 * set with plsexit and then exit(). The handler takes no context, so the way
 * back is this jump buffer: state PLplot forces on us (it is itself one
 * global stream). Non-fatal errors (plabort) only record their text. */

static jmp_buf plplot_fatal;
static char plplot_reason[256];

static void remember(const char *msg)
{
    if (!plplot_reason[0])
        snprintf(plplot_reason, sizeof plplot_reason, "%s", msg && msg[0] ? msg : "unknown error");
}

static int on_exit_call(const char *msg)
{
    remember(msg);
    longjmp(plplot_fatal, 1);
}

static void on_abort_call(const char *msg)
{
    remember(msg);
}

/* stderr goes to a temporary file while PLplot runs, so that only our own
 * one-line message reaches the terminal. The line of a signal that stops
 * the program meanwhile goes to the real stderr (signals.h). */
typedef struct {
    int saved;  /* the real stderr, or -1 */
} quiet;

static void hush(quiet *q)
{
    fflush(stderr);
    q->saved = dup(STDERR_FILENO);
    FILE *sink = tmpfile();
    if (q->saved >= 0)
        mlp_signals_message_fd(q->saved);
    if (q->saved < 0 || !sink || dup2(fileno(sink), STDERR_FILENO) < 0) {
        mlp_signals_message_fd(-1);
        if (q->saved >= 0)
            close(q->saved);
        q->saved = -1;
    }
    if (sink)
        fclose(sink); /* fd 2 keeps the file open */
}

static void unhush(quiet *q)
{
    if (q->saved < 0)
        return;
    fflush(stderr);
    dup2(q->saved, STDERR_FILENO);
    mlp_signals_message_fd(-1);
    close(q->saved);
    q->saved = -1;
}

/* ------------------------------------------------------------------------ */
/* PLplot writes the picture through a stream and never looks at what its
 * writes return (nor at the fclose of plend). So the stream it gets is
 * ours: every write goes to the output's file descriptor here, the first
 * failure is kept with its errno (a full disk, a file-size limit), and the
 * last bytes are kept to check that the picture was finished. */

enum { TAIL = 16 };

typedef struct {
    int fd;             /* the output's file descriptor (not owned) */
    int error;          /* errno of the first failed write, or 0 */
    size_t bytes;       /* written */
    char tail[TAIL];    /* the last min(bytes, TAIL) bytes, in order */
    int closed;         /* 1 once the stream is closed */
    int home;           /* the current folder while plinit runs from "/", or -1 */
} sink;

static ssize_t sink_write(void *cookie, const char *buf, size_t size)
{
    sink *k = cookie;
    if (k->error) {
        errno = k->error;
        return -1;
    }
    for (size_t done = 0; done < size;) {
        ssize_t n = write(k->fd, buf + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            k->error = n < 0 ? errno : EIO;
            errno = k->error;
            return -1;
        }
        done += (size_t)n;
    }
    k->bytes += size;
    size_t keep = size < TAIL ? size : TAIL;
    memmove(k->tail, k->tail + keep, TAIL - keep);
    memcpy(k->tail + TAIL - keep, buf + size - keep, keep);
    return (ssize_t)size;
}

static int sink_close(void *cookie)
{
    ((sink *)cookie)->closed = 1;
    return 0;
}

/* 1 when the bytes written end with the format's end marker, allowing the
 * line break after it. */
static int sink_finished(const sink *k, const format *f)
{
    size_t n = strlen(f->end), have = k->bytes < TAIL ? k->bytes : TAIL;
    const char *end = k->tail + TAIL;
    while (have > n && (end[-1] == '\n' || end[-1] == '\r')) {
        end--;
        have--;
    }
    return have >= n && memcmp(end - n, f->end, n) == 0;
}

/* The address space a drawing may take beyond what is mapped already:
 * the cairo driver and the libraries it loads (pango, fontconfig,
 * freetype, glib), the thread pango starts and its stack, and the image
 * of a PNG (4 bytes a pixel). Measured at 35 to 57 MiB (VmPeak) for the
 * four kinds at 900 x 700; 64 MiB leaves room for other fonts. */
#define DRAW_SPACE ((size_t)64 << 20)

/* Under an address-space limit (`ulimit -v`) pango and glib do not fail
 * cleanly: a thread, a mapping or an allocation that fails aborts the
 * program (g_error) or crashes it. So the drawing starts only when its
 * space fits in what the limit leaves, and with one malloc arena: each
 * further thread would otherwise reserve 64 MiB or more of address space
 * for an arena of its own. MLP_ERR_NOMEM when it does not fit. */
static mlp_status check_draw_space(const mlp_plot_options *opts, mlp_error *err)
{
    size_t limit = mlp_memlimit_bytes();
    if (!limit)
        return MLP_OK;
    mallopt(M_ARENA_MAX, 1);
    size_t need = DRAW_SPACE + (size_t)4 * (size_t)opts->width * (size_t)opts->height;
    void *probe = mmap(NULL, need, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (probe != MAP_FAILED) {
        munmap(probe, need);
        return MLP_OK;
    }
    mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0,
                  "out of memory: the address-space limit (ulimit -v, %zu MiB) leaves too little "
                  "to draw the picture (%zu MiB for PLplot, its cairo driver and the image)",
                  limit >> 20, need >> 20);
    mlp_error_hint(err, "raise the limit%s",
                   opts->width * opts->height > MLP_PLOT_WIDTH * MLP_PLOT_HEIGHT
                       ? " or draw a smaller picture (--size)"
                       : "");
    return MLP_ERR_NOMEM;
}

/* PLplot's plinit makes a temporary file, and the folders it may make it in
 * always include the current one, named with getcwd into PLPLOT_MAX_PATH
 * (1024) bytes: when that fails (the folder was removed, or its path is
 * longer) plinit calls plexit, whatever the driver. A run whose current
 * folder cannot be named so calls plinit from "/" and comes back at once
 * after it. Nothing in between uses a relative path, and signals are held
 * meanwhile: their handler removes temporary files by the (perhaps
 * relative) paths they were made with. Returns the folder to come back to,
 * or -1 when there is no need (or no way) to move. */
enum { PLPLOT_CWD_MAX = 1024 };

static int leave_unnamed_folder(void)
{
    char name[PLPLOT_CWD_MAX];
    if (getcwd(name, sizeof name))
        return -1;
    int home = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (home < 0)
        return -1;
    mlp_signals_hold();
    if (chdir("/") != 0) {
        mlp_signals_release();
        close(home);
        return -1;
    }
    return home;
}

/* Back from leave_unnamed_folder (nothing when home is -1); a signal that
 * came meanwhile acts now. */
static void come_back(int home)
{
    if (home < 0)
        return;
    if (fchdir(home) != 0 && !plplot_reason[0])
        snprintf(plplot_reason, sizeof plplot_reason,
                 "could not go back to the current folder after PLplot started: %s",
                 strerror(errno));
    close(home);
    mlp_signals_release();
}

static mlp_status failed(mlp_atomic_file *af, const char *path, mlp_error *err)
{
    mlp_fileio_atomic_abort(af);
    mlp_error_set(err, MLP_ERR_IO, path, 0, 0, "PLplot could not draw the picture: %s",
                  plplot_reason);
    for (char *p = err->message; *p; p++)
        if (*p == '\n')
            *p = ' ';
    size_t limit = mlp_memlimit_bytes();
    if (strstr(plplot_reason, "getcwd") || strstr(plplot_reason, "current folder"))
        mlp_error_hint(err, "the current folder cannot be named (it was removed, or its path is "
                            "longer than %d bytes): run mlpplot from another folder",
                       PLPLOT_CWD_MAX);
    else if (limit)
        mlp_error_hint(err, "the address-space limit (ulimit -v, %zu MiB) may leave too little for "
                            "its cairo driver: raise the limit; else check that PLplot's cairo "
                            "driver is installed (Debian and Ubuntu: apt install "
                            "plplot-driver-cairo)",
                       limit >> 20);
    else
        mlp_error_hint(err, "check that PLplot's cairo driver is installed (Debian and Ubuntu: apt "
                            "install plplot-driver-cairo)");
    return MLP_ERR_IO;
}

/* PLplot's drivers are plugins (PLPLOT_DRV_DIR, else the folder it was
 * built with). When the format's device is not among them, plinit does not
 * fail: it prints its menu of devices on stdout and waits for an answer on
 * stdin, forever when stdin stays open. So the device is looked up in
 * PLplot's own list first, and a missing one is refused before any output
 * file exists. plend then releases the list (plinit will read it again). */
enum { PLPLOT_MAX_DEVICES = 128 };

static mlp_status check_device(const format *f, const char *out_path, mlp_error *err)
{
    static const char *menu[PLPLOT_MAX_DEVICES], *names[PLPLOT_MAX_DEVICES];
    const char **menu_p = menu, **names_p = names;
    volatile int found = 0, home = -1;
    plplot_reason[0] = '\0';
    quiet q;
    hush(&q);
    if (!setjmp(plplot_fatal)) { /* plexit: no driver at all */
        plsexit(on_exit_call);
        plsabort(on_abort_call);
        int n = PLPLOT_MAX_DEVICES;
        /* Reading the drivers' list makes a temporary file, as plinit does. */
        home = leave_unnamed_folder();
        plgDevs(&menu_p, &names_p, &n);
        come_back(home);
        home = -1;
        for (int i = 0; i < n && !found; i++)
            found = names[i] && strcmp(names[i], f->device) == 0;
        plend();
    }
    come_back(home);
    unhush(&q);
    if (found)
        return MLP_OK;
    /* PLplot failed for another reason than its drivers: plinit meets it
     * again, and mlp_plot_render says what it was. */
    if (plplot_reason[0] && !strstr(plplot_reason, "driver"))
        return MLP_OK;
    const char *dir = getenv("PLPLOT_DRV_DIR");
    mlp_error_set(err, MLP_ERR_IO, out_path, 0, 0,
                  "PLplot has no device \"%s\" to write %s pictures: its cairo driver is not "
                  "installed%s%s",
                  f->device, f->ext, dir ? " in PLPLOT_DRV_DIR " : "", dir ? dir : "");
    mlp_error_hint(err, "install PLplot's cairo driver (Debian and Ubuntu: apt install "
                        "plplot-driver-cairo)%s",
                   dir ? ", or unset PLPLOT_DRV_DIR" : "");
    return MLP_ERR_IO;
}

mlp_status mlp_plot_render(const mlp_plot_options *opts, void (*draw)(void *ctx), void *ctx,
                           mlp_error *err)
{
    const format *f = format_for(opts->out_path);
    if (!f)
        return mlp_plot_check_format(opts->out_path, err);
    mlp_status st = check_draw_space(opts, err);
    if (!st)
        st = check_device(f, opts->out_path, err);
    if (st)
        return st;
    /* The sink is not an automatic object of this function: it changes
     * between the setjmp and a longjmp back to it. */
    sink *k = calloc(1, sizeof *k);
    if (!k)
        return mlp_error_set(err, MLP_ERR_NOMEM, opts->out_path, 0, 0,
                             "out of memory for the output's stream");
    mlp_atomic_file af;
    if ((st = mlp_fileio_atomic_open(&af, opts->out_path, err))) {
        free(k);
        return st;
    }
    k->fd = fileno(af.fp);
    static const cookie_io_functions_t io = {.write = sink_write, .close = sink_close};
    FILE *stream = fopencookie(k, "wb", io);
    if (!stream) {
        free(k);
        mlp_fileio_atomic_abort(&af);
        return mlp_error_set(err, MLP_ERR_NOMEM, opts->out_path, 0, 0,
                             "out of memory for the output's stream");
    }
    plplot_reason[0] = '\0';
    quiet q;
    hush(&q);
    k->home = -1;
    if (setjmp(plplot_fatal)) {
        come_back(k->home);
        unhush(&q);
        if (!k->closed)
            fclose(stream);
        free(k);
        return failed(&af, opts->out_path, err);
    }
    plsexit(on_exit_call);
    plsabort(on_abort_call);
    plsdev(f->device);
    plsfile(stream);
    plspage(0, 0, opts->width, opts->height, 0, 0);
    plscolbg(255, 255, 255);
    plscmap0n(MLP_PLOT_N_COLOURS);
    for (int i = 0; i < MLP_PLOT_N_COLOURS; i++)
        plscol0(i, palette[i][0], palette[i][1], palette[i][2]);
    k->home = leave_unnamed_folder();
    plinit();
    come_back(k->home);
    k->home = -1;
    /* Labels of up to MLP_PLOT_DIGITS significant digits before PLplot
     * switches to "x10^n" (its default is 4), so that the ticks of every
     * range mlp_plot_axis_ok accepts are labelled apart. */
    plsxax(MLP_PLOT_DIGITS, 0);
    plsyax(MLP_PLOT_DIGITS, 0);
    plcol0(MLP_PLOT_BLACK);
    draw(ctx);
    plend(); /* closes the stream */
    unhush(&q);
    if (!k->closed)
        fclose(stream);
    sink done = *k;
    free(k);
    if (done.error) {
        mlp_fileio_atomic_abort(&af);
        return mlp_fileio_write_error(opts->out_path, done.error, err);
    }
    if (plplot_reason[0])
        return failed(&af, opts->out_path, err);
    if (done.bytes == 0) {
        snprintf(plplot_reason, sizeof plplot_reason, "it wrote nothing");
        return failed(&af, opts->out_path, err);
    }
    if (!sink_finished(&done, f)) {
        snprintf(plplot_reason, sizeof plplot_reason,
                 "the picture stops before its end (%zu bytes written)", done.bytes);
        return failed(&af, opts->out_path, err);
    }
    /* A signal waits while the picture is renamed into place, so that it
     * is whole or untouched; mlpplot's main reads mlp_signals_caught(). */
    mlp_signals_defer(1);
    mlp_status committed = mlp_fileio_atomic_commit(&af, err);
    mlp_signals_defer(0);
    return committed;
}

/* ------------------------------------------------------------------------ */

/* The position of value v on [lo, hi] as a share of it: halves first, so
 * that no difference of two values near the largest double overflows. */
static double share_of(double v, double lo, double hi)
{
    return (v / 2 - lo / 2) / (hi / 2 - lo / 2);
}

void mlp_plot_points(size_t n, const double *x, const double *y, const char *glyph)
{
    PLFLT wx0, wx1, wy0, wy1;
    plgvpw(&wx0, &wx1, &wy0, &wy1);
    plwind(0, 1, 0, 1);
    for (size_t i = 0; i < n; i++) {
        PLFLT u = share_of(x[i], wx0, wx1), v = share_of(y[i], wy0, wy1);
        if (isfinite(u) && isfinite(v))
            plstring(1, &u, &v, glyph);
    }
    plwind(wx0, wx1, wy0, wy1);
}

/* The patterns of mlpplot's own line styles, in micrometres (plstyl): a
 * dot is a mark of 0.3 mm, which the line's round caps make as long as it
 * is wide; the dash of a dash-dot is ten times as long, so each is told
 * from PLplot's dashes (1 mm and more) and from the other at a glance. */
void mlp_plot_line_style(int style)
{
    static const PLINT dot_mark[1] = {300}, dot_space[1] = {1200};
    static const PLINT dash_dot_mark[2] = {3000, 300}, dash_dot_space[2] = {1200, 1200};
    if (style == MLP_PLOT_DOTTED)
        plstyl(1, dot_mark, dot_space);
    else if (style == MLP_PLOT_DASH_DOT)
        plstyl(2, dash_dot_mark, dash_dot_space);
    else
        pllsty(style);
}

/* 1 for a style pllsty does not know: pllegend cannot draw its key's line
 * (pllsty refuses it, and the refusal would fail the whole picture). */
static int own_style(int style)
{
    return style == MLP_PLOT_DOTTED || style == MLP_PLOT_DASH_DOT;
}

/* The arrays pllegend takes, filled from the keys. */
enum { MAX_KEYS = 16 };
typedef struct {
    PLINT opt[MAX_KEYS], colour[MAX_KEYS], style[MAX_KEYS], text_colour[MAX_KEYS];
    PLINT n_symbols[MAX_KEYS], zero[MAX_KEYS];
    PLFLT width[MAX_KEYS], scale[MAX_KEYS], fzero[MAX_KEYS];
    const char *text[MAX_KEYS], *symbol[MAX_KEYS];
} legend_arrays;

static int fill_legend(const mlp_plot_key *keys, int n, legend_arrays *a)
{
    if (n > MAX_KEYS)
        n = MAX_KEYS;
    for (int i = 0; i < n; i++) {
        /* A line in a style of mlpplot's own is drawn by own_style_lines. */
        int line = keys[i].line_style && !own_style(keys[i].line_style);
        a->opt[i] = (line ? PL_LEGEND_LINE : 0) | (keys[i].symbol ? PL_LEGEND_SYMBOL : 0);
        if (!a->opt[i])
            a->opt[i] = PL_LEGEND_NONE; /* a line of text only */
        a->colour[i] = keys[i].colour;
        a->style[i] = line ? keys[i].line_style : 1;
        a->text_colour[i] = MLP_PLOT_BLACK;
        a->n_symbols[i] = 1;
        a->zero[i] = 0;
        a->width[i] = 2.0;
        a->scale[i] = 1.0;
        a->fzero[i] = 0.0;
        a->text[i] = keys[i].text;
        a->symbol[i] = keys[i].symbol ? keys[i].symbol : "";
    }
    return n;
}

/* A panel's legend, as pllegend takes it: its box KEY_OFF of the panel
 * from the panel's sides, each key's line KEY_LINE of the panel's width,
 * KEY_OFFSET characters before its text, the text at KEY_TEXT of the
 * character size, KEY_SPACING character heights from row to row. */
#define KEY_OFF 0.02
#define KEY_LINE 0.06
#define KEY_OFFSET 0.8
#define KEY_TEXT 0.8
#define KEY_SPACING 2.0

/* The lines of the keys in a style of mlpplot's own, in the legend box b
 * (one column, n rows) where pllegend draws a key's line: from the box's
 * left border on, KEY_LINE long, at the middle of the key's row. pllegend
 * makes its rows share the box's height evenly, and its border 0.4 of a
 * "character width" that is the character height (ch, a share of the
 * page's height) taken as a share of the page's width (pllegend.c). */
static void own_style_lines(const mlp_plot_key *keys, int n, mlp_plot_box b, double ch)
{
    PLFLT vx0, vx1, vy0, vy1, wx0, wx1, wy0, wy1;
    plgvpd(&vx0, &vx1, &vy0, &vy1);
    plgvpw(&wx0, &wx1, &wy0, &wy1);
    plwind(0, 1, 0, 1);
    PLFLT x[2];
    x[0] = b.x0 + 0.4 * ch / (vx1 - vx0);
    x[1] = x[0] + KEY_LINE;
    for (int i = 0; i < n; i++) {
        if (!own_style(keys[i].line_style))
            continue;
        PLFLT mid = b.y1 - (i + 0.5) * (b.y1 - b.y0) / n, y[2] = {mid, mid};
        plcol0(keys[i].colour);
        plwidth(2.0);
        mlp_plot_line_style(keys[i].line_style);
        plline(2, x, y);
        pllsty(1);
        plwidth(1.0);
    }
    plwind(wx0, wx1, wy0, wy1);
}

/* The size (shares of the panel) pllegend gives a legend of these keys in
 * one column as mlp_plot_legend draws it, before it is drawn: pllegend's
 * sums (pllegend.c), its "character" the character height as a share of
 * the page's height in both directions, the texts measured with
 * mlp_plot_text_width (pllegend's own measure, plstrl, is not exported). */
static void legend_size(const mlp_plot_key *keys, int n, double *w, double *h)
{
    PLFLT def, ht, vx0, vx1, vy0, vy1, sx0, sx1, sy0, sy1;
    plgchr(&def, &ht);
    plgvpd(&vx0, &vx1, &vy0, &vy1);
    plgspa(&sx0, &sx1, &sy0, &sy1);
    double ch = ht / (sy1 - sy0), text = 0;
    for (int i = 0; i < n && i < MAX_KEYS; i++)
        text = fmax(text, mlp_plot_text_width(keys[i].text) * def * KEY_TEXT / (sx1 - sx0));
    double width = 2 * 0.4 * ch + KEY_LINE * (vx1 - vx0) + KEY_OFFSET * ch + text;
    *w = width / (vx1 - vx0);
    *h = (n < MAX_KEYS ? n : MAX_KEYS) * KEY_SPACING * ch / (vy1 - vy0);
}

mlp_plot_box mlp_plot_legend(const mlp_plot_key *keys, int n, int position)
{
    legend_arrays a;
    n = fill_legend(keys, n, &a);
    PLFLT w, h, off = KEY_OFF, def, ht, sx0, sx1, sy0, sy1;
    plgchr(&def, &ht);
    plgspa(&sx0, &sx1, &sy0, &sy1);
    pllegend(&w, &h, PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX, position | PL_POSITION_INSIDE,
             off, off, KEY_LINE, MLP_PLOT_WHITE, MLP_PLOT_GREY, 1, 0, 0, n, a.opt, KEY_OFFSET,
             KEY_TEXT, KEY_SPACING, 0.0, a.text_colour, a.text, a.zero, a.zero, a.fzero, a.fzero,
             a.colour, a.style, a.width, a.colour, a.scale, a.n_symbols, a.symbol);
    /* pllegend's w and h are in the viewport's coordinates, the offsets
     * from the sides named in position (PLplot's default: the top right). */
    mlp_plot_box b;
    b.x0 = position & PL_POSITION_LEFT ? off : 1 - off - w;
    b.y0 = position & PL_POSITION_BOTTOM ? off : 1 - off - h;
    b.x1 = b.x0 + w;
    b.y1 = b.y0 + h;
    own_style_lines(keys, n, b, ht / (sy1 - sy0));
    return b;
}

mlp_plot_box mlp_plot_legend_clear(const mlp_plot_key *keys, int n, const mlp_plot_series *lines,
                                   size_t n_lines, int prefer)
{
    static const int position[MLP_PLOT_N_CORNERS] = {
        [MLP_PLOT_TOP_RIGHT] = PL_POSITION_TOP | PL_POSITION_RIGHT,
        [MLP_PLOT_TOP_LEFT] = PL_POSITION_TOP | PL_POSITION_LEFT,
        [MLP_PLOT_BOTTOM_RIGHT] = PL_POSITION_BOTTOM | PL_POSITION_RIGHT,
        [MLP_PLOT_BOTTOM_LEFT] = PL_POSITION_BOTTOM | PL_POSITION_LEFT,
    };
    double w, h;
    legend_size(keys, n, &w, &h);
    int corner = mlp_plot_legend_corner(lines, n_lines, w, h, KEY_OFF, prefer);
    return mlp_plot_legend(keys, n, position[corner]);
}

/* The legend under a panel, in the page's own coordinates (pllegend's
 * PL_POSITION_SUBPAGE): its text at LEGEND_TEXT of the character size,
 * LEGEND_SPACING character heights from row to row, each key's line or
 * symbol LEGEND_PLOT of the page's width followed by LEGEND_OFFSET
 * characters before its text; pllegend adds 2 characters between columns
 * and 0.4 on each side, its "character" the character height as a share of
 * the page's height (pllegend.c). LEGEND_MARGIN of the page is kept free
 * at each side. */
#define LEGEND_TEXT 0.75
#define LEGEND_SPACING 2.0
#define LEGEND_PLOT 0.035
#define LEGEND_OFFSET 0.6
#define LEGEND_MARGIN 0.01

/* The widths (shares of the page's width) of a legend of these keys under
 * a panel, its text at text_scale times LEGEND_TEXT (mlp_plot_text_width:
 * pllegend measures with PLplot's internal plstrl). */
static mlp_plot_legend_widths measure(const mlp_plot_key *keys, int n, double text_scale)
{
    PLFLT def, ht, x0, x1, y0, y1;
    plgchr(&def, &ht);
    plgspa(&x0, &x1, &y0, &y1);
    double cw = ht / (y1 - y0); /* pllegend's character width */
    double text = 0;
    for (int i = 0; i < n && i < MAX_KEYS; i++) {
        double mm = mlp_plot_text_width(keys[i].text) * def * LEGEND_TEXT * text_scale;
        text = mm > text ? mm : text;
    }
    return (mlp_plot_legend_widths){
        .avail = 1 - 2 * LEGEND_MARGIN,
        .text = text / (x1 - x0),
        .key = LEGEND_PLOT + LEGEND_OFFSET * cw,
        .gap = 2.0 * cw,
        .border = 0.8 * cw,
    };
}

mlp_plot_legend_grid mlp_plot_legend_plan(const mlp_plot_key *keys, int n, int max_columns,
                                          int min_rows)
{
    mlp_plot_legend_widths w = measure(keys, n, 1.0);
    return mlp_plot_legend_layout(n < MAX_KEYS ? n : MAX_KEYS, max_columns, min_rows, &w);
}

double mlp_plot_legend_height(const mlp_plot_legend_grid *g)
{
    PLFLT def, ht, x0, x1, y0, y1;
    plgchr(&def, &ht);
    plgspa(&x0, &x1, &y0, &y1);
    return g->rows * LEGEND_SPACING * ht / (y1 - y0);
}

void mlp_plot_legend_below(const mlp_plot_key *keys, int n, const mlp_plot_legend_grid *g,
                           double centre, double top)
{
    legend_arrays a;
    n = fill_legend(keys, n, &a);
    mlp_plot_legend_widths w = measure(keys, n, g->text_scale);
    mlp_plot_legend_grid measured = *g;
    measured.text_scale = 1.0; /* w.text is already at g's scale */
    double left = mlp_plot_legend_left(centre, mlp_plot_legend_width(&measured, &w), LEGEND_MARGIN);
    PLFLT lw, lh;
    pllegend(&lw, &lh, 0, PL_POSITION_TOP | PL_POSITION_LEFT | PL_POSITION_INSIDE | PL_POSITION_SUBPAGE,
             left, 1 - top, LEGEND_PLOT, MLP_PLOT_WHITE, MLP_PLOT_WHITE, 1, g->rows, g->columns, n,
             a.opt, LEGEND_OFFSET, LEGEND_TEXT * g->text_scale, LEGEND_SPACING, 0.0, a.text_colour,
             a.text, a.zero, a.zero, a.fzero, a.fzero, a.colour, a.style, a.width, a.colour, a.scale,
             a.n_symbols, a.symbol);
}

/* The share of the current text size at which text fits along one side
 * of the current viewport (its width, or its height when vertical): 1 when
 * it fits, else smaller, down to MLP_PLOT_LEGEND_MIN_SCALE. */
static double fit_side(const char *text, int vertical)
{
    PLFLT def, ht, vx0, vx1, vy0, vy1, px0, px1, py0, py1;
    plgchr(&def, &ht);
    plgvpd(&vx0, &vx1, &vy0, &vy1);
    plgspa(&px0, &px1, &py0, &py1);
    double room = vertical ? (vy1 - vy0) * (py1 - py0) : (vx1 - vx0) * (px1 - px0);
    double need = mlp_plot_text_width(text) * ht;
    double fit = need > room ? room / need : 1.0;
    return fit > MLP_PLOT_LEGEND_MIN_SCALE ? fit : MLP_PLOT_LEGEND_MIN_SCALE;
}

void mlp_plot_side_text(const char *side, double disp, const char *text)
{
    PLFLT def, ht;
    plgchr(&def, &ht);
    double fit = fit_side(text, side[0] == 'l' || side[0] == 'r');
    /* Smaller text at the same distance from the axis, clear of its labels:
     * disp counts heights of the text drawn. */
    plschr(0, ht / def * fit);
    plmtex(side, disp / fit, 0.5, 0.5, text);
    plschr(0, ht / def);
}

void mlp_plot_labels(const char *x, const char *y, const char *title, double y_disp)
{
    /* Where pllab puts them, the y title where the labels leave room. */
    mlp_plot_side_text("t", 2.0, title);
    mlp_plot_side_text("b", 3.2, x);
    mlp_plot_side_text("l", y_disp, y);
}

/* The character height, in mm, and the page's width in mm. */
static void char_and_page(double *ch, double *page_w)
{
    PLFLT def, ht, x0, x1, y0, y1;
    plgchr(&def, &ht);
    plgspa(&x0, &x1, &y0, &y1);
    *ch = ht;
    *page_w = x1 - x0;
}

/* PLplot draws a y label 0.5 character heights left of the axis; the axis
 * title is kept Y_TITLE_GAP beyond the widest label. */
#define Y_LABEL_DISP 0.5
#define Y_TITLE_GAP 1.2

double mlp_plot_left_edge(double least, double labels_width, double min_disp, double *title_disp)
{
    double ch, page_w;
    char_and_page(&ch, &page_w);
    double disp = fmax(min_disp, Y_LABEL_DISP + labels_width + Y_TITLE_GAP);
    *title_disp = disp;
    /* The title min_disp from the axis fits left of `least`: the panel
     * moves right by as much as the title moves further out. */
    return least + (disp - min_disp) * ch / page_w;
}

mlp_plot_ticks mlp_plot_x_ticks(double lo, double hi, double left, double right, int max_labels)
{
    double ch, page_w;
    char_and_page(&ch, &page_w);
    double room = (right - left) * page_w / ch; /* the axis, in character heights */
    mlp_plot_ticks t = mlp_plot_ticks_for(lo, hi, max_labels);
    /* Fewer labels while they would touch: each takes its width and a
     * character height between it and the next. */
    for (int n = max_labels - 1; n >= 2; n--) {
        if (t.n_labels * (mlp_plot_ticks_width(&t) + 1.0) <= room)
            break;
        t = mlp_plot_ticks_for(lo, hi, n);
    }
    return t;
}

/* PLplot's label callback: data is the axes' ticks, x then y. */
static void tick_label(PLINT axis, PLFLT value, char *label, PLINT length, PLPointer data)
{
    const mlp_plot_ticks *const *t = data;
    mlp_plot_tick_text(t[axis == PL_X_AXIS ? 0 : 1], value, label, (size_t)length);
}

void mlp_plot_axes_box(const char *xopt, const mlp_plot_ticks *x, double xtick, int nxsub,
                       const char *yopt, const mlp_plot_ticks *y)
{
    const mlp_plot_ticks *both[2] = {x, y};
    char xo[32], yo[32];
    /* "o": the labels of tick_label, on the axes mlpplot labels. */
    snprintf(xo, sizeof xo, "%s%s", xopt, x ? "o" : "");
    snprintf(yo, sizeof yo, "%so", yopt);
    plslabelfunc(tick_label, (PLPointer)both);
    plbox(xo, x ? x->step : xtick, x ? 0 : nxsub, yo, y->step, 0);
    plslabelfunc(NULL, NULL);
}

void mlp_plot_colorbar(double lo, double hi, const char *label, double tick)
{
    PLINT label_opt[1] = {PL_COLORBAR_LABEL_RIGHT};
    PLINT sub_ticks[1] = {0}, n_values[1] = {2};
    const char *labels[1] = {label}, *axis[1] = {"bcvtm"};
    PLFLT ticks[1] = {tick}, range[2] = {lo, hi};
    const PLFLT *values[1] = {range};
    PLFLT w, h, def, ht;
    /* A label longer than the bar is drawn smaller, with the bar's numbers. */
    plgchr(&def, &ht);
    plschr(0, ht / def * fit_side(label, 1));
    plcolorbar(&w, &h, PL_COLORBAR_GRADIENT, PL_POSITION_RIGHT | PL_POSITION_OUTSIDE, 0.02, 0.0,
               0.03, 1.0, MLP_PLOT_WHITE, MLP_PLOT_BLACK, 1, 0.0, 0.0, MLP_PLOT_BLACK, 1.0,
               label[0] ? 1 : 0, label_opt, labels, 1, axis, ticks, sub_ticks, n_values, values);
    plschr(0, ht / def);
}

/* ------------------------------------------------------------------------ */

mlp_status mlp_plot_model_load(const char *weights_path, const char *data_path,
                               mlp_plot_model_check check, mlp_plot_model *m, mlp_error *err)
{
    memset(m, 0, sizeof *m);
    mlp_status st = mlp_weights_read(weights_path, &m->net, &m->schema, err);
    if (st == MLP_ERR_WEIGHTS && mlp_weights_file_looks_like_model(data_path))
        mlp_error_hint(err, "%s is the model: give it first, then the CSV", data_path);
    /* A classifier .npz without labels would be drawn as a regression. */
    if (!st)
        st = mlp_weights_check_labels(m->net, &m->schema, weights_path, err);
    if (!st && check)
        st = check(m->net, weights_path, data_path, err);
    /* a header of numbers is known by the model's feature names (docs/csv.md) */
    if (!st)
        st = mlp_schema_read_csv(data_path, &m->schema, NULL, &m->csv, err);
    if (!st)
        st = mlp_datatext_with_schema(&m->csv, data_path, &m->schema, MLP_TARGETS_IF_PRESENT,
                                      &m->data, err); /* a bad cell's column, as mlppredict's */
    if (st)
        mlp_plot_model_free(m);
    return st;
}

void mlp_plot_hint_instead(const mlp_plot_model *m, const char *lead, const char *weights_path,
                           const char *data_path, mlp_error *err)
{
    static const char loss[] = "mlpplot loss LOSS.csv (the log mlptrain --loss-log wrote)";
    /* Without targets neither fit nor mlppredict --evaluate takes the rows. */
    if (!m->data.Y)
        mlp_error_hint(err, "%s; plot its loss log instead: %s", lead, loss);
    else if (mlp_predict_count_classes(m->net, &m->schema, &m->data) > 0)
        mlp_error_hint(err, "%s; its targets are classes: see its accuracy instead, mlppredict %s "
                            "%s --evaluate, or plot its loss log: %s",
                       lead, weights_path, data_path, loss);
    else
        mlp_error_hint(err, "%s; plot its fit instead, mlpplot fit %s %s, or its loss log: %s", lead,
                       weights_path, data_path, loss);
}

void mlp_plot_model_free(mlp_plot_model *m)
{
    mlp_dataset_free(&m->data);
    mlp_csv_free(&m->csv);
    mlp_schema_free(&m->schema);
    mlp_net_free(m->net);
    memset(m, 0, sizeof *m);
}
