/* SPDX-License-Identifier: MIT */
/* progress.h: the text of mlptrain's progress report, computed here and
 * printed by the caller (library code never prints).
 *
 * Two forms:
 *  - a bar: one self-updating line for a terminal,
 *        epoch 1200/5000 [#####...............]  24%  loss 0.0123457  val 0.0234568  1520 epochs/s  ETA 2.5 s
 *    each text starts with "\r" and ends with "\033[K" (clear to the end of
 *    the line), and is given at most once per MLP_PROGRESS_REDRAW seconds
 *    (and for the first and the last epoch), so drawing costs nothing even
 *    when an epoch takes microseconds; it always fits `width` columns;
 *  - lines: one plain line for epoch 1 and every tenth of the run, for a
 *    file or a pipe:
 *        epoch 1200  loss 0.0123457  accuracy 98.50%  val_loss 0.0234568  val_accuracy 97.00%
 * Times are seconds from any fixed origin (the caller reads a monotonic
 * clock), so the text is a pure function of its inputs and tests need no
 * clock.
 */
#ifndef MLP_PROGRESS_H
#define MLP_PROGRESS_H

#include <stddef.h>

#include "mlp/train.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    MLP_PROGRESS_AUTO = 0, /* a bar on a terminal, else lines (the caller decides) */
    MLP_PROGRESS_BAR,
    MLP_PROGRESS_LINES,
    MLP_PROGRESS_NONE
} mlp_progress_mode;

#define MLP_PROGRESS_REDRAW 0.1   /* seconds between two drawings of the bar */
#define MLP_PROGRESS_TEXT_MAX 512

typedef struct {
    mlp_progress_mode mode;    /* BAR, LINES or NONE */
    long total;                /* epochs planned, >= 1 */
    int width;                 /* columns of the bar's line, >= 20 */
    const char *prefix;        /* put before "epoch" ("refit "), or "" */
    double start;              /* time of the start */
    double last_draw;          /* time the bar was last drawn; < start before the first */
    long drawn_epoch;          /* the epoch last drawn, 0 before any */
    int bar_width;             /* columns of the bar, fixed at the first drawing; -1 none */
    mlp_epoch_stats last;      /* the last epoch given */
    int open;                  /* the bar's line is on the screen, without a newline */
    char text[MLP_PROGRESS_TEXT_MAX];
} mlp_progress;

/* "auto", "bar", "lines" or "none" to *out; -1 for another name. */
int mlp_progress_mode_from_name(const char *name, mlp_progress_mode *out);

/* Starts a report of `total` epochs at time `now`; mode AUTO counts as
 * LINES (the caller resolves it: a bar only on a terminal); width is
 * clamped to 20..MLP_PROGRESS_TEXT_MAX - 16; prefix may be NULL. */
void mlp_progress_start(mlp_progress *p, mlp_progress_mode mode, long total, int width,
                        const char *prefix, double now);

/* The text to write after epoch s at time `now`, or NULL when there is
 * nothing to write; borrowed from p, valid until the next call. */
const char *mlp_progress_epoch(mlp_progress *p, const mlp_epoch_stats *s, double now);

/* Before writing anything else to the same stream: the text that clears an
 * open bar line ("\r\033[K"), or NULL. The bar is redrawn at the next
 * epoch. */
const char *mlp_progress_interrupt(mlp_progress *p);

/* The end of the run at `now`: the bar's last state (its last epoch, the
 * whole run's epochs per second) and a newline, or NULL for lines and
 * none; the report is closed. */
const char *mlp_progress_finish(mlp_progress *p, double now);

#ifdef __cplusplus
}
#endif

#endif
