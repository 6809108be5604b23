/* SPDX-License-Identifier: MIT */
/* progress.c: the text of the progress report (include/mlp/progress.h):
 * when to draw and what. Never prints, never reads a clock: the caller
 * gives the time and writes the text. */
#include "mlp/progress.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "c_locale.h"

int mlp_progress_mode_from_name(const char *name, mlp_progress_mode *out)
{
    static const char *const names[] = {"auto", "bar", "lines", "none"};
    for (int i = 0; i < 4; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (mlp_progress_mode)i;
            return 0;
        }
    return -1;
}

void mlp_progress_start(mlp_progress *p, mlp_progress_mode mode, long total, int width,
                        const char *prefix, double now)
{
    memset(p, 0, sizeof *p);
    p->mode = mode == MLP_PROGRESS_AUTO ? MLP_PROGRESS_LINES : mode;
    p->total = total > 0 ? total : 1;
    p->width = width < 20 ? 20 : width > MLP_PROGRESS_TEXT_MAX - 16 ? MLP_PROGRESS_TEXT_MAX - 16 : width;
    p->prefix = prefix ? prefix : "";
    p->start = now;
    p->last_draw = now - 1.0;
}

/* ------------------------------------------------------------------------ */
/* Lines: epoch 1 and every tenth of the run. */

static const char *line_text(mlp_progress *p, const mlp_epoch_stats *s)
{
    long every = p->total >= 10 ? p->total / 10 : 1;
    if (s->epoch % every != 0 && s->epoch != 1)
        return NULL;
    size_t k = 0, cap = sizeof p->text;
    k += (size_t)mlp_c_snprintf(p->text + k, cap - k, "%sepoch %*ld  loss %.6g", p->prefix,
                                1 + (int)log10((double)p->total), s->epoch, s->loss);
    if (!isnan(s->accuracy))
        k += (size_t)mlp_c_snprintf(p->text + k, cap - k, "  accuracy %.2f%%", 100 * s->accuracy);
    if (!isnan(s->val_loss))
        k += (size_t)mlp_c_snprintf(p->text + k, cap - k, "  val_loss %.6g", s->val_loss);
    if (!isnan(s->val_accuracy))
        k += (size_t)mlp_c_snprintf(p->text + k, cap - k, "  val_accuracy %.2f%%",
                                    100 * s->val_accuracy);
    snprintf(p->text + k, cap - k, "\n");
    return p->text;
}

/* ------------------------------------------------------------------------ */
/* The bar. */

#define BAR_MAX 30
#define RIGHT_ROOM 44 /* "  loss 0.0123457  12345 epochs/s  ETA 59m59s" */
#define VAL_ROOM 15   /* "  val 0.0234568" */

static void format_eta(char *buf, size_t cap, double seconds)
{
    if (!(seconds < 1e7))
        snprintf(buf, cap, "?");
    else if (seconds < 60)
        mlp_c_snprintf(buf, cap, "%.1f s", seconds);
    else if (seconds < 3600)
        snprintf(buf, cap, "%dm%02ds", (int)(seconds / 60), (int)fmod(seconds, 60));
    else
        snprintf(buf, cap, "%dh%02dm", (int)(seconds / 3600), (int)fmod(seconds / 60, 60));
}

/* "\r<prefix>epoch E/T [###...] P%  loss L[  val V]  R epochs/s  ETA X\033[K" in at most
 * width - 1 visible columns (the last column is left free so the terminal never wraps). */
static const char *bar_text(mlp_progress *p, const mlp_epoch_stats *s, double now, int done)
{
    char left[96], right[160], eta[32];
    int digits = 1 + (int)log10((double)p->total);
    snprintf(left, sizeof left, "%sepoch %*ld/%ld", p->prefix, digits, s->epoch, p->total);
    double elapsed = now - p->start, rate = elapsed > 0 ? (double)s->epoch / elapsed : NAN;
    size_t k = (size_t)mlp_c_snprintf(right, sizeof right, "  loss %.6g", s->loss);
    if (!isnan(s->val_loss))
        k += (size_t)mlp_c_snprintf(right + k, sizeof right - k, "  val %.6g", s->val_loss);
    if (isfinite(rate) && s->epoch > 1) {
        k += (size_t)mlp_c_snprintf(right + k, sizeof right - k,
                                    rate >= 100 ? "  %.0f epochs/s" : "  %.3g epochs/s", rate);
        if (!done) {
            format_eta(eta, sizeof eta, (double)(p->total - s->epoch) / rate);
            snprintf(right + k, sizeof right - k, "  ETA %s", eta);
        }
    }
    double share = (double)s->epoch / (double)p->total;
    if (share > 1)
        share = 1;
    int pct = (int)floor(100 * share);
    /* The line is left, " [" bar "]", " 100%", right: bar + 8 columns besides.
     * The bar keeps one width through the run (at most BAR_MAX, with room
     * kept for the longest right part), so the figures do not jump. */
    if (p->bar_width == 0) {
        int room = RIGHT_ROOM + (isnan(s->val_loss) ? 0 : VAL_ROOM);
        int w = p->width - 1 - (int)strlen(left) - 8 - room;
        p->bar_width = w > BAR_MAX ? BAR_MAX : w < 5 ? -1 : w;
    }
    int bar = p->bar_width;
    char bar_text[MLP_PROGRESS_TEXT_MAX] = "";
    if (bar >= 5) {
        int fill = (int)floor(share * bar);
        bar_text[0] = ' ';
        bar_text[1] = '[';
        for (int i = 0; i < bar; i++)
            bar_text[2 + i] = i < fill ? '#' : '.';
        bar_text[2 + bar] = ']';
        bar_text[3 + bar] = '\0';
    }
    char pct_text[8];
    snprintf(pct_text, sizeof pct_text, " %3d%%", pct);
    /* "\r" + body cut at width - 1 (a narrow terminal loses the end, never
     * wraps) + "\033[K" + "\n" when done; width <= MLP_PROGRESS_TEXT_MAX - 16. */
    size_t n = 0, room = (size_t)p->width - 1;
    p->text[n++] = '\r';
    const char *parts[4] = {left, bar_text, pct_text, right};
    for (int i = 0; i < 4; i++)
        for (const char *c = parts[i]; *c && n - 1 < room; c++)
            p->text[n++] = *c;
    memcpy(p->text + n, done ? "\033[K\n" : "\033[K", done ? 5 : 4);
    p->last_draw = now;
    p->drawn_epoch = s->epoch;
    p->open = !done;
    return p->text;
}

const char *mlp_progress_epoch(mlp_progress *p, const mlp_epoch_stats *s, double now)
{
    p->last = *s;
    if (p->mode == MLP_PROGRESS_LINES)
        return line_text(p, s);
    if (p->mode != MLP_PROGRESS_BAR)
        return NULL;
    int due = p->drawn_epoch == 0 || s->epoch >= p->total || !p->open ||
              now - p->last_draw >= MLP_PROGRESS_REDRAW;
    return due ? bar_text(p, s, now, 0) : NULL;
}

const char *mlp_progress_interrupt(mlp_progress *p)
{
    if (p->mode != MLP_PROGRESS_BAR || !p->open)
        return NULL;
    p->open = 0;
    return "\r\033[K";
}

const char *mlp_progress_finish(mlp_progress *p, double now)
{
    if (p->mode != MLP_PROGRESS_BAR || p->last.epoch == 0) {
        p->mode = MLP_PROGRESS_NONE;
        return NULL;
    }
    const char *t = bar_text(p, &p->last, now, 1);
    p->mode = MLP_PROGRESS_NONE;
    return t;
}
