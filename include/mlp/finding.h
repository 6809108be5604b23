/* SPDX-License-Identifier: MIT */
/* finding.h: what the pre-flight check and the training diagnosis report.
 *
 * A finding is not a failure of the call that made it: it is something the
 * tool noticed about the user's spec, data or training run, with a stable
 * code (docs/diagnostics.md lists every one), a severity, where it is
 * (path:line:col, 0 and "" when there is no position), what is wrong, what
 * to do, and the measured figure and the documented threshold it was
 * compared with. Printed as
 *
 *     mlptrain: data/moons.csv:5:16: error: target 5 in column "y" ...; scale ...
 *
 * or written as JSON for tools (mlp_findings_write_json).
 */
#ifndef MLP_FINDING_H
#define MLP_FINDING_H

#include <stddef.h>
#include <stdio.h>

#include "mlp/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    MLP_SEVERITY_WARNING = 0, /* training goes on */
    MLP_SEVERITY_ERROR        /* training would fail or mislead: it does not start (exit 2) */
} mlp_severity;

#define MLP_FINDING_CODE_MAX 32

typedef struct {
    char code[MLP_FINDING_CODE_MAX];   /* e.g. "target-range"; see docs/diagnostics.md */
    mlp_severity severity;
    char path[MLP_ERROR_PATH_MAX];     /* file the finding is about, "" when none */
    long line, col;                    /* 1-based; 0 when unknown */
    char message[MLP_ERROR_TEXT_MAX];  /* what is wrong, with the measured figure */
    char hint[MLP_ERROR_TEXT_MAX];     /* the one next step */
    double measured;                   /* the figure the decision rests on; NaN when none */
    double threshold;                  /* the limit it was compared with; NaN when none */
} mlp_finding;

/* A growing list of findings, in the order they were found. */
typedef struct {
    size_t n, cap;
    mlp_finding *items;  /* n entries; owned */
} mlp_findings;

/* Empties a list that owns nothing yet (same as zeroing it). */
void mlp_findings_init(mlp_findings *list);

/* Appends a finding with the given code and severity, no position, empty
 * texts, measured and threshold NaN, and returns it for the caller to fill
 * (borrowed; valid until the next append). NULL with err (MLP_ERR_NOMEM). */
mlp_finding *mlp_findings_add(mlp_findings *list, const char *code, mlp_severity severity,
                              mlp_error *err);

/* printf-style setters of a finding's message and hint. */
void mlp_finding_message(mlp_finding *f, const char *fmt, ...) MLP_PRINTF_FORMAT(2, 3);
void mlp_finding_hint(mlp_finding *f, const char *fmt, ...) MLP_PRINTF_FORMAT(2, 3);
/* Sets the position (path may be NULL). */
void mlp_finding_at(mlp_finding *f, const char *path, long line, long col);

/* Number of findings of a severity. */
size_t mlp_findings_count(const mlp_findings *list, mlp_severity severity);

/* Index of the first finding with this code, or -1. */
long mlp_findings_find(const mlp_findings *list, const char *code);

/* One line, without a newline, into buf (always terminated):
 *   "<prog>: <path>:<line>:<col>: <warning|error>: <message>; <hint>"
 * position parts left out when zero or empty. Returns buf. */
char *mlp_finding_format(const mlp_finding *f, const char *prog, char *buf, size_t size);

/* Writes the list as one JSON object:
 *   {"errors": E, "warnings": W, "findings": [{"code", "severity", "path",
 *    "line", "col", "message", "hint", "measured", "threshold"}, ...]}
 * ("path" null when empty, "line"/"col" null when 0, "measured"/"threshold"
 * null when NaN) followed by a newline. MLP_ERR_IO when a write fails, in
 * the words of a failed write of "<stdout>" with the errno's reason (the
 * caller names the file). */
mlp_status mlp_findings_write_json(const mlp_findings *list, FILE *out, mlp_error *err);

/* Frees what list owns and zeroes it; safe on a zeroed list. */
void mlp_findings_free(mlp_findings *list);

#ifdef __cplusplus
}
#endif

#endif
