/* SPDX-License-Identifier: MIT */
/* finding.c: the list of pre-flight and diagnosis findings, its one-line
 * text form and its JSON form. Writes only to the FILE it is given. */
#include "mlp/finding.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "c_locale.h"
#include "fileio.h"
#include "jsonw.h"

void mlp_findings_init(mlp_findings *list)
{
    memset(list, 0, sizeof *list);
}

mlp_finding *mlp_findings_add(mlp_findings *list, const char *code, mlp_severity severity,
                              mlp_error *err)
{
    if (list->n == list->cap) {
        size_t cap = list->cap ? 2 * list->cap : 8;
        mlp_finding *items = mlp_alloc(cap, sizeof *items);
        if (!items) {
            mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the findings");
            return NULL;
        }
        if (list->n)
            memcpy(items, list->items, list->n * sizeof *items);
        free(list->items);
        list->items = items;
        list->cap = cap;
    }
    mlp_finding *f = &list->items[list->n++];
    memset(f, 0, sizeof *f);
    snprintf(f->code, sizeof f->code, "%s", code);
    f->severity = severity;
    f->measured = NAN;
    f->threshold = NAN;
    return f;
}

void mlp_finding_message(mlp_finding *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mlp_c_vsnprintf(f->message, sizeof f->message, fmt, ap);
    va_end(ap);
}

void mlp_finding_hint(mlp_finding *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mlp_c_vsnprintf(f->hint, sizeof f->hint, fmt, ap);
    va_end(ap);
}

void mlp_finding_at(mlp_finding *f, const char *path, long line, long col)
{
    mlp_error_copy_path(f->path, sizeof f->path, path ? path : "");
    f->line = line;
    f->col = col;
}

size_t mlp_findings_count(const mlp_findings *list, mlp_severity severity)
{
    size_t n = 0;
    for (size_t i = 0; i < list->n; i++)
        n += list->items[i].severity == severity;
    return n;
}

long mlp_findings_find(const mlp_findings *list, const char *code)
{
    for (size_t i = 0; i < list->n; i++)
        if (strcmp(list->items[i].code, code) == 0)
            return (long)i;
    return -1;
}

static const char *severity_name(mlp_severity s)
{
    return s == MLP_SEVERITY_ERROR ? "error" : "warning";
}

char *mlp_finding_format(const mlp_finding *f, const char *prog, char *buf, size_t size)
{
    /* The same layout as mlp_error_format, with the severity after the position. */
    mlp_error e;
    mlp_error_clear(&e);
    snprintf(e.path, sizeof e.path, "%s", f->path);
    e.line = f->line;
    e.col = f->col;
    snprintf(e.message, sizeof e.message, "%s: %.*s", severity_name(f->severity),
             (int)(sizeof e.message - 16), f->message);
    snprintf(e.hint, sizeof e.hint, "%s", f->hint);
    return mlp_error_format(&e, prog, buf, size);
}

mlp_status mlp_findings_write_json(const mlp_findings *list, FILE *out, mlp_error *err)
{
    errno = 0; /* a failed write leaves its reason here, read at the end */
    fprintf(out, "{\"errors\": %zu, \"warnings\": %zu, \"findings\": [",
            mlp_findings_count(list, MLP_SEVERITY_ERROR),
            mlp_findings_count(list, MLP_SEVERITY_WARNING));
    for (size_t i = 0; i < list->n; i++) {
        const mlp_finding *f = &list->items[i];
        fputs(i ? ",\n  {" : "\n  {", out);
        fputs("\"code\": ", out);
        mlp_jsonw_string(out, f->code);
        fprintf(out, ", \"severity\": \"%s\", \"path\": ", severity_name(f->severity));
        mlp_jsonw_string(out, f->path[0] ? f->path : NULL);
        fputs(", \"line\": ", out);
        mlp_jsonw_number(out, f->line > 0 ? (double)f->line : NAN);
        fputs(", \"col\": ", out);
        mlp_jsonw_number(out, f->col > 0 ? (double)f->col : NAN);
        fputs(", \"message\": ", out);
        mlp_jsonw_string(out, f->message);
        fputs(", \"hint\": ", out);
        mlp_jsonw_string(out, f->hint);
        fputs(", \"measured\": ", out);
        mlp_jsonw_number(out, f->measured);
        fputs(", \"threshold\": ", out);
        mlp_jsonw_number(out, f->threshold);
        fputc('}', out);
    }
    fputs(list->n ? "\n]}\n" : "]}\n", out);
    if (fflush(out) != 0 || ferror(out))
        return mlp_fileio_write_error("-", errno, err); /* the caller names the file */
    return MLP_OK;
}

void mlp_findings_free(mlp_findings *list)
{
    if (!list)
        return;
    free(list->items);
    memset(list, 0, sizeof *list);
}
