/* SPDX-License-Identifier: MIT */
/* csv.c: CSV text -> mlp_csv (numbers, the texts of non-numeric columns, the
 * line of every row and the place of every bad cell). Knows nothing of
 * networks or targets: dataset.c gives the columns their meaning. Opens files
 * only through fileio; numbers go through parse_number (exact, strtod's
 * results bit for bit).
 *
 * The work: the first row is read on its own (it may be a header); the rest
 * of the text is cut at line ends into one part per thread; each part counts
 * its rows, then (once every part knows where its rows go) parses them
 * straight into the final matrix. A number cell takes the fast path (parse
 * in place, no copy); anything else (quotes, words, errors) the general
 * field reader. Texts of non-numeric columns are collected by one more
 * serial pass, only when there are such columns. */
#include "mlp/csv.h"
#include "mlp/pool.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "fileio.h"
#include "parse_number.h"

/* ------------------------------------------------------------------------ */
/* Cursor over the text: one field at a time, never past `end`.             */

typedef struct {
    const char *start;      /* first byte after a UTF-8 BOM */
    const char *p, *end;    /* unread text */
    const char *line_start; /* columns count bytes from here (1-based) */
    long line;              /* 1-based line of p */
    const char *name;       /* for messages */
    char *buf;              /* the current field, unquoted and NUL-terminated */
    size_t cap, len;
    long col;               /* column where the current field starts */
} cursor;

static void cursor_rewind(cursor *c)
{
    c->p = c->start;
    c->line_start = c->start;
    c->line = 1;
}

static int is_blank(char ch)
{
    return ch == ' ' || ch == '\t';
}

/* LF, CRLF, or a CR that ends the text. A CR elsewhere is an ordinary byte. */
static int line_end_at(const cursor *c, const char *q)
{
    return q >= c->end || *q == '\n' || (*q == '\r' && (q + 1 == c->end || q[1] == '\n'));
}

static void skip_line_end(cursor *c)
{
    if (c->p < c->end && *c->p == '\r')
        c->p++;
    if (c->p < c->end && *c->p == '\n')
        c->p++;
    c->line++;
    c->line_start = c->p;
}

static long col_of(const cursor *c, const char *q)
{
    return (long)(q - c->line_start) + 1;
}

/* Makes room for n bytes and a NUL in the field buffer. */
static int reserve(cursor *c, size_t n)
{
    if (n < c->cap)
        return 0;
    size_t cap = c->cap ? c->cap : 64;
    while (cap <= n) {
        if (cap > ((size_t)-1) / 2)
            return -1;
        cap *= 2;
    }
    char *bigger = mlp_alloc(cap, 1);
    if (!bigger)
        return -1;
    free(c->buf);
    c->buf = bigger;
    c->cap = cap;
    return 0;
}

static mlp_status nomem(mlp_error *err, const char *name)
{
    mlp_error_set(err, MLP_ERR_NOMEM, name, 0, 0, "out of memory while reading the CSV file");
    return MLP_ERR_NOMEM;
}

static mlp_status nul_byte(const cursor *c, const char *q, mlp_error *err)
{
    mlp_error_set(err, MLP_ERR_DATA, c->name, c->line, col_of(c, q), "NUL byte in the text");
    mlp_error_hint(err, "the file looks binary; give a CSV text file");
    return MLP_ERR_DATA;
}

/* Reads one field into c->buf/c->len and its start column into c->col.
 * Consumes the comma after it; *last is set when the row ends after it (the
 * line end itself is left for the caller). */
static mlp_status next_field(cursor *c, int *last, mlp_error *err)
{
    while (c->p < c->end && is_blank(*c->p))
        c->p++;
    c->col = col_of(c, c->p);
    c->len = 0;

    if (c->p < c->end && *c->p == '"') {
        /* Find the closing quote first so the buffer is sized once. */
        const char *q = c->p + 1;
        size_t n = 0;
        for (;;) {
            if (line_end_at(c, q)) {
                mlp_error_set(err, MLP_ERR_DATA, c->name, c->line, c->col, "unterminated quote");
                mlp_error_hint(err, "close the field with \" on the same line (fields may not span "
                                    "lines; write \"\" for a quote inside a field)");
                return MLP_ERR_DATA;
            }
            if (*q == '\0')
                return nul_byte(c, q, err);
            if (*q == '"') {
                if (q + 1 < c->end && q[1] == '"') {
                    q += 2;
                    n++;
                    continue;
                }
                break;
            }
            q++;
            n++;
        }
        if (reserve(c, n))
            return nomem(err, c->name);
        for (const char *s = c->p + 1; s < q; s++) {
            c->buf[c->len++] = *s;
            if (*s == '"')
                s++;
        }
        c->p = q + 1;
        while (c->p < c->end && is_blank(*c->p))
            c->p++;
        if (!line_end_at(c, c->p) && *c->p != ',') {
            const char *e = c->p;
            while (!line_end_at(c, e) && *e != ',' && *e != '\0')
                e++;
            int shown = (int)(e - c->p > 40 ? 40 : e - c->p);
            mlp_error_set(err, MLP_ERR_DATA, c->name, c->line, c->col,
                          "unexpected \"%.*s%s\" after the closing quote of a field", shown,
                          c->p, e - c->p > 40 ? "..." : "");
            mlp_error_hint(err, "put the whole field in quotes and write \"\" for a quote inside it");
            return MLP_ERR_DATA;
        }
    } else {
        const char *q = c->p;
        while (!line_end_at(c, q) && *q != ',') {
            if (*q == '\0')
                return nul_byte(c, q, err);
            q++;
        }
        const char *e = q;
        while (e > c->p && is_blank(e[-1]))
            e--;
        size_t n = (size_t)(e - c->p);
        if (reserve(c, n))
            return nomem(err, c->name);
        memcpy(c->buf, c->p, n);
        c->len = n;
        c->p = q;
    }
    c->buf[c->len] = '\0';

    if (c->p < c->end && *c->p == ',') {
        c->p++;
        *last = 0;
    } else {
        *last = 1;
    }
    return MLP_OK;
}

/* Skips blank lines (spaces and tabs only); returns 0 at the end of text. */
static int next_row(cursor *c)
{
    for (;;) {
        if (c->p >= c->end)
            return 0;
        const char *q = c->p;
        while (q < c->end && is_blank(*q))
            q++;
        if (!line_end_at(c, q))
            return 1;
        c->p = q;
        skip_line_end(c);
    }
}

/* ------------------------------------------------------------------------ */
/* Lines. A row never spans lines (a quoted field may not), so the text can
 * be cut after any LF and every piece read on its own.                     */

/* Rows (lines that are not blank) and LFs in [p, end). A line is blank when
 * it holds only spaces and tabs before its LF, CRLF or the end of the text:
 * the same test as next_row. */
static void count_lines(const char *p, const char *end, size_t *rows, long *lfs)
{
    size_t r = 0;
    long n = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        while (p < le && is_blank(*p))
            p++;
        r += !(p == le || (p + 1 == le && *p == '\r'));
        n += nl != NULL;
        p = nl ? nl + 1 : end;
    }
    *rows = r;
    *lfs = n;
}

/* ------------------------------------------------------------------------ */
/* The rows below the first, one part per thread.                           */

typedef struct {
    size_t n_cols;
    double *values;        /* the table's matrix */
    long *row_line;        /* the table's row lines */
    size_t row_base;       /* matrix row of the first row below the first */
    long first_line;       /* line of the first row, for messages */
} body_job;

typedef struct {
    const body_job *job;
    const char *begin, *end; /* whole lines */
    size_t rows;             /* rows in it */
    long lfs;                /* LFs in it */
    size_t row0;             /* index of its first row among the rows below the first */
    long line0;              /* line of begin */
    cursor c;                /* its own field buffer */
    mlp_status status;
    mlp_error err;           /* the first error in the part */
    unsigned char *num;      /* n_cols: every cell so far is a number */
    long *bad_line, *bad_col;/* n_cols: first cell that is not a number, when num == 0, */
    const char **bad_lstart; /* and the start of its line */
} part;

static void count_part(part *pt)
{
    count_lines(pt->begin, pt->end, &pt->rows, &pt->lfs);
}

/* Number cells are parsed where they lie, without a copy; a cell the fast
 * path does not finish (quotes, words, blanks inside, more than 19 digits,
 * a hex or special value) is read again by next_field and parse_number,
 * which is what every cell used to go through. */
static void parse_part(part *pt)
{
    const body_job *jb = pt->job;
    size_t n_cols = jb->n_cols;
    cursor *c = &pt->c;
    c->p = pt->begin;
    c->end = pt->end;
    c->line_start = pt->begin;
    c->line = pt->line0;
    size_t r = jb->row_base + pt->row0, r_end = r + pt->rows;
    while (r < r_end && next_row(c)) {
        long line = c->line;
        double *row = jb->values + r * n_cols;
        jb->row_line[r] = line;
        size_t j = 0;
        long extra_col = 0;
        int last = 0;
        while (!last) {
            if (j < n_cols) {
                const char *p = c->p;
                while (p < c->end && is_blank(*p))
                    p++;
                double v;
                const char *e = mlp_parse_number_fast(p, c->end, &v);
                if (e) {
                    while (e < c->end && is_blank(*e))
                        e++;
                    if (e < c->end && *e == ',') {
                        row[j++] = v;
                        c->p = e + 1;
                        continue;
                    }
                    if (line_end_at(c, e)) {
                        row[j++] = v;
                        c->p = e;
                        break;
                    }
                }
            }
            mlp_status st = next_field(c, &last, &pt->err);
            if (st) {
                pt->status = st;
                return;
            }
            if (j >= n_cols) {
                if (j == n_cols)
                    extra_col = c->col;
                j++;
                continue;
            }
            double v;
            if (mlp_parse_number(c->buf, c->len, &v)) {
                row[j] = v;
            } else {
                row[j] = NAN;
                if (pt->num[j]) {
                    pt->num[j] = 0;
                    pt->bad_line[j] = c->line;
                    pt->bad_col[j] = c->col;
                    pt->bad_lstart[j] = c->line_start;
                }
            }
            j++;
        }
        if (j != n_cols) {
            mlp_error_set(&pt->err, MLP_ERR_DATA, c->name, line,
                          j > n_cols ? extra_col : col_of(c, c->p),
                          "row has %zu field%s, expected %zu (as in line %ld)", j,
                          j == 1 ? "" : "s", n_cols, jb->first_line);
            mlp_error_hint(&pt->err, "every row needs as many comma-separated fields as the first "
                                     "row; quote a field that contains a comma");
            pt->status = MLP_ERR_DATA;
            return;
        }
        skip_line_end(c);
        r++;
    }
}

typedef void (*part_fn)(part *pt);

typedef struct {
    part *parts;
    part_fn fn;
} parts_job;

static void run_one_part(void *ctx, size_t k)
{
    parts_job *job = ctx;
    job->fn(&job->parts[k]);
}

/* Runs fn on every part, part k on the pool's thread k % threads. */
static void run_parts(mlp_pool *pool, part *parts, size_t n, part_fn fn)
{
    parts_job job = {parts, fn};
    mlp_pool_run(pool, n, run_one_part, &job);
}

/* ------------------------------------------------------------------------ */
/* The whole table.                                                         */

typedef struct {
    cursor c;                  /* over the whole text */
    size_t n_cols;             /* fields of the first row */
    long first_line;           /* line of the first row */
    char **first_text;         /* n_cols: the first row's cells; owned */
    long *first_col;           /* n_cols: their columns */
    double *first_val;         /* n_cols: their values, NaN for non-numbers */
    unsigned char *first_num;  /* n_cols: the first row's cell is a number */
    unsigned char *rest_num;   /* n_cols: every later cell is a number */
    const char *body;          /* the text after the first row */
    long body_line;            /* its line */
    size_t body_rows;
    part *parts;
    size_t n_parts;
    mlp_pool *pool;            /* the parts' threads; owned */
} parser;

/* Counts the fields of the first row, then reads them. */
static mlp_status read_first_row(parser *ps, mlp_error *err)
{
    cursor *c = &ps->c;
    cursor_rewind(c);
    if (!next_row(c))
        return MLP_OK; /* n_cols stays 0: no rows at all */
    ps->first_line = c->line;
    const char *row = c->p;
    size_t n = 0;
    for (int last = 0; !last; n++) {
        mlp_status st = next_field(c, &last, err);
        if (st)
            return st;
    }
    ps->n_cols = n;
    ps->first_text = mlp_alloc_zero(n, sizeof *ps->first_text);
    ps->first_col = mlp_alloc(n, sizeof *ps->first_col);
    ps->first_val = mlp_alloc(n, sizeof *ps->first_val);
    ps->first_num = mlp_alloc(n, 1);
    ps->rest_num = mlp_alloc(n, 1);
    if (!ps->first_text || !ps->first_col || !ps->first_val || !ps->first_num || !ps->rest_num)
        return nomem(err, c->name);
    memset(ps->rest_num, 1, n);
    c->p = row;
    int last = 0;
    for (size_t j = 0; j < n; j++) {
        next_field(c, &last, err); /* cannot fail: it did not a moment ago */
        double v;
        ps->first_num[j] = (unsigned char)mlp_parse_number(c->buf, c->len, &v);
        ps->first_val[j] = ps->first_num[j] ? v : NAN;
        ps->first_col[j] = c->col;
        ps->first_text[j] = mlp_alloc_strdup(c->buf);
        if (!ps->first_text[j])
            return nomem(err, c->name);
    }
    skip_line_end(c);
    ps->body = c->p;
    ps->body_line = c->line;
    return MLP_OK;
}

/* Cuts the rows below the first into parts of at least MLP_CSV_PART_BYTES,
 * at most `threads`, each ending just after an LF (or at the end). */
#define MLP_CSV_PART_BYTES ((size_t)1 << 20)

static mlp_status plan_parts(parser *ps, int threads, mlp_error *err)
{
    const char *end = ps->c.end;
    size_t len = (size_t)(end - ps->body);
    size_t n = threads > 1 ? (size_t)threads : 1;
    if (n > MLP_CSV_MAX_THREADS)
        n = MLP_CSV_MAX_THREADS;
    if (n > len / MLP_CSV_PART_BYTES)
        n = len / MLP_CSV_PART_BYTES;
    if (n < 1)
        n = 1;
    ps->parts = mlp_alloc_zero(n, sizeof *ps->parts);
    if (!ps->parts)
        return nomem(err, ps->c.name);
    ps->n_parts = n;
    ps->pool = mlp_pool_create((int)n, err);
    if (!ps->pool)
        return nomem(err, ps->c.name);
    const char *p = ps->body;
    for (size_t k = 0; k < n; k++) {
        part *pt = &ps->parts[k];
        pt->begin = p;
        if (k + 1 == n) {
            p = end;
        } else {
            const char *target = ps->body + (k + 1) * (len / n);
            if (target < p)
                target = p;
            const char *nl = target < end ? memchr(target, '\n', (size_t)(end - target)) : NULL;
            p = nl ? nl + 1 : end;
        }
        pt->end = p;
    }
    run_parts(ps->pool, ps->parts, n, count_part);
    size_t rows = 0;
    long line = ps->body_line;
    for (size_t k = 0; k < n; k++) {
        part *pt = &ps->parts[k];
        pt->row0 = rows;
        pt->line0 = line;
        rows += pt->rows;
        line += pt->lfs;
    }
    ps->body_rows = rows;
    return MLP_OK;
}

/* The first row is a header when some column has a non-number there and only
 * numbers below it, or when every cell of it is a non-number. With no row
 * below, only the second test applies: a lone row of numbers and words is
 * data. */
static int detect_header(const parser *ps)
{
    int all_text = 1, some_col = 0;
    for (size_t j = 0; j < ps->n_cols; j++) {
        if (ps->first_num[j])
            all_text = 0;
        else if (ps->rest_num[j])
            some_col = 1;
    }
    return all_text || (ps->body_rows > 0 && some_col);
}

/* Sorting column indices by name finds duplicates in n log n. qsort has no
 * context argument, so the names ride along in the array being sorted. */
typedef struct {
    const char *name;
    size_t index;
} named_index;

static int cmp_named(const void *a, const void *b)
{
    const named_index *x = a, *y = b;
    int d = strcmp(x->name, y->name);
    if (d)
        return d;
    return (x->index > y->index) - (x->index < y->index);
}

static mlp_status check_duplicates(const parser *ps, const mlp_csv *csv, mlp_error *err)
{
    named_index *v = mlp_alloc(csv->n_cols, sizeof *v);
    if (!v)
        return nomem(err, csv->path);
    for (size_t j = 0; j < csv->n_cols; j++) {
        v[j].name = csv->cols[j].name;
        v[j].index = j;
    }
    qsort(v, csv->n_cols, sizeof *v, cmp_named);
    /* Report the pair whose later column comes first in the file. */
    size_t first = 0, second = 0;
    for (size_t k = 1; k < csv->n_cols; k++) {
        if (strcmp(v[k].name, v[k - 1].name) == 0 && (k < 2 || strcmp(v[k - 2].name, v[k].name)) &&
            (second == 0 || v[k].index < second)) {
            first = v[k - 1].index;
            second = v[k].index;
        }
    }
    free(v);
    if (second == 0)
        return MLP_OK;
    mlp_error_set(err, MLP_ERR_DATA, csv->path, ps->first_line, ps->first_col[second],
                  "duplicate column name \"%s\" (columns %zu and %zu)", csv->cols[second].name,
                  first + 1, second + 1);
    mlp_error_hint(err, "give every column a different name");
    return MLP_ERR_DATA;
}

/* The text of the field that starts at column `col` of the line that starts
 * at line_start, unquoted, in c->buf. */
static mlp_status reread_field(cursor *c, const char *line_start, long line, long col,
                               mlp_error *err)
{
    c->line_start = line_start;
    c->line = line;
    c->p = line_start + (col - 1);
    int last;
    return next_field(c, &last, err);
}

/* Fills the matrix and row lines from the parts (in parallel when there are
 * several) and merges what the parts learnt about each column. */
static mlp_status parse_body(parser *ps, mlp_csv *csv, size_t row_base, mlp_error *err)
{
    size_t n = ps->n_cols;
    body_job job = {.n_cols = n, .values = csv->values, .row_line = csv->row_line,
                    .row_base = row_base, .first_line = ps->first_line};
    for (size_t k = 0; k < ps->n_parts; k++) {
        part *pt = &ps->parts[k];
        pt->job = &job;
        pt->c.name = ps->c.name;
        pt->num = mlp_alloc(n, 1);
        pt->bad_line = mlp_alloc(n, sizeof *pt->bad_line);
        pt->bad_col = mlp_alloc(n, sizeof *pt->bad_col);
        pt->bad_lstart = mlp_alloc(n, sizeof *pt->bad_lstart);
        if (!pt->num || !pt->bad_line || !pt->bad_col || !pt->bad_lstart || reserve(&pt->c, 256))
            return nomem(err, ps->c.name);
        memset(pt->num, 1, n);
        mlp_error_clear(&pt->err);
    }
    run_parts(ps->pool, ps->parts, ps->n_parts, parse_part);
    for (size_t k = 0; k < ps->n_parts; k++) {
        if (ps->parts[k].status) {
            *err = ps->parts[k].err;
            return ps->parts[k].status;
        }
    }
    return MLP_OK;
}

/* The first non-number below the first row in column j: its part, or NULL. */
static const part *first_bad_part(const parser *ps, size_t j)
{
    for (size_t k = 0; k < ps->n_parts; k++)
        if (!ps->parts[k].num[j])
            return &ps->parts[k];
    return NULL;
}

/* Texts of the non-numeric columns, one more pass over the rows below the
 * first with the general field reader. */
static mlp_status collect_texts(parser *ps, mlp_csv *csv, size_t row_base, mlp_error *err)
{
    cursor *c = &ps->c;
    c->p = ps->body;
    c->line_start = ps->body;
    c->line = ps->body_line;
    size_t r = row_base;
    while (next_row(c)) {
        int last = 0;
        for (size_t j = 0; !last; j++) {
            if (next_field(c, &last, err))
                return MLP_ERR_NOMEM; /* the parts already passed every other check */
            if (j < csv->n_cols && csv->cols[j].text) {
                csv->cols[j].text[r] = mlp_alloc_strdup(c->buf);
                if (!csv->cols[j].text[r])
                    return nomem(err, c->name);
                csv->cols[j].text_col[r] = c->col;
            }
        }
        skip_line_end(c);
        r++;
    }
    return MLP_OK;
}

static mlp_status parse(parser *ps, mlp_csv *csv, int threads, mlp_error *err)
{
    cursor *c = &ps->c;
    mlp_status st = read_first_row(ps, err);
    if (st)
        return st;
    if (ps->n_cols == 0) {
        mlp_error_set(err, MLP_ERR_DATA, c->name, 0, 0, "no data rows");
        mlp_error_hint(err, "the file is empty; write one example per line, its values "
                            "separated by commas");
        return MLP_ERR_DATA;
    }
    size_t n = ps->n_cols;
    st = plan_parts(ps, threads, err);
    if (st)
        return st;

    /* Room for every row. When the first row is all numbers it is data and
     * the rows below start at row 1; otherwise it is probably a header and
     * they start at row 0, moved down one row in the rare case it is not. */
    int first_all_num = 1;
    for (size_t j = 0; j < n; j++)
        first_all_num &= ps->first_num[j];
    size_t row_base = first_all_num ? 1 : 0;
    size_t cap = ps->body_rows + 1;
    csv->cols = mlp_alloc_zero(n, sizeof *csv->cols);
    if (n > SIZE_MAX / cap)
        return nomem(err, c->name);
    csv->values = mlp_alloc(cap * n, sizeof *csv->values);
    csv->row_line = mlp_alloc(cap, sizeof *csv->row_line);
    if (!csv->cols || !csv->values || !csv->row_line)
        return nomem(err, c->name);
    st = parse_body(ps, csv, row_base, err);
    if (st)
        return st;
    for (size_t j = 0; j < n; j++)
        ps->rest_num[j] = first_bad_part(ps, j) == NULL;

    csv->has_header = detect_header(ps);
    csv->n_cols = n;
    csv->n_rows = ps->body_rows + (size_t)!csv->has_header;
    if (csv->n_rows == 0) {
        mlp_error_set(err, MLP_ERR_DATA, c->name, ps->first_line, 1, "no data rows");
        mlp_error_hint(err, "line %ld is read as a header (its cells are not numbers); add one "
                            "example per line below it", ps->first_line);
        return MLP_ERR_DATA;
    }
    if (!csv->has_header) {
        if (row_base == 0) {
            memmove(csv->values + n, csv->values, ps->body_rows * n * sizeof *csv->values);
            memmove(csv->row_line + 1, csv->row_line, ps->body_rows * sizeof *csv->row_line);
            row_base = 1;
        }
        memcpy(csv->values, ps->first_val, n * sizeof *csv->values);
        csv->row_line[0] = ps->first_line;
    }

    int any_text = 0;
    for (size_t j = 0; j < n; j++) {
        mlp_csv_column *col = &csv->cols[j];
        col->numeric = ps->rest_num[j] && (csv->has_header || ps->first_num[j]);
        if (col->numeric)
            continue;
        any_text = 1;
        col->text = mlp_alloc_zero(csv->n_rows, sizeof *col->text);
        col->text_col = mlp_alloc(csv->n_rows, sizeof *col->text_col);
        if (!col->text || !col->text_col)
            return nomem(err, c->name);
        /* the first cell that is not a number, and where it is */
        const part *bad = first_bad_part(ps, j);
        if (!csv->has_header && !ps->first_num[j]) {
            col->bad_text = mlp_alloc_strdup(ps->first_text[j]);
            col->bad_line = ps->first_line;
            col->bad_col = ps->first_col[j];
        } else if (bad) {
            cursor *bc = &ps->parts[0].c;
            bc->end = c->end;
            if (reread_field(bc, bad->bad_lstart[j], bad->bad_line[j], bad->bad_col[j], err))
                return MLP_ERR_NOMEM;
            col->bad_text = mlp_alloc_strdup(bc->buf);
            col->bad_line = bad->bad_line[j];
            col->bad_col = bad->bad_col[j];
        }
        if (!col->bad_text)
            return nomem(err, c->name);
        if (!csv->has_header) {
            col->text[0] = ps->first_text[j];
            col->text_col[0] = ps->first_col[j];
            ps->first_text[j] = NULL;
        }
    }
    if (any_text) {
        st = collect_texts(ps, csv, row_base, err);
        if (st)
            return st;
    }

    for (size_t j = 0; j < n; j++) {
        if (csv->has_header) {
            csv->cols[j].name = ps->first_text[j];
            ps->first_text[j] = NULL;
        } else {
            char name[32];
            snprintf(name, sizeof name, "column %zu", j + 1);
            csv->cols[j].name = mlp_alloc_strdup(name);
            if (!csv->cols[j].name)
                return nomem(err, c->name);
        }
    }
    return csv->has_header ? check_duplicates(ps, csv, err) : MLP_OK;
}

static void parser_free(parser *ps)
{
    free(ps->c.buf);
    if (ps->first_text)
        for (size_t j = 0; j < ps->n_cols; j++)
            free(ps->first_text[j]);
    free(ps->first_text);
    free(ps->first_col);
    free(ps->first_val);
    free(ps->first_num);
    free(ps->rest_num);
    for (size_t k = 0; k < ps->n_parts; k++) {
        part *pt = &ps->parts[k];
        free(pt->c.buf);
        free(pt->num);
        free(pt->bad_line);
        free(pt->bad_col);
        free(pt->bad_lstart);
    }
    free(ps->parts);
    mlp_pool_free(ps->pool);
}

/* ------------------------------------------------------------------------ */
/* Public functions                                                         */

/* A first line with no comma but semicolons or tabs between its fields is
 * a file of another separator: refuse it by name, instead of reading one
 * column and failing later with a puzzling "no feature columns". */
static mlp_status check_separator(const char *p, const char *end, const char *name, mlp_error *err)
{
    long line = 1;
    const char *line_start = p;
    while (p < end && (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')) {
        if (*p == '\n') {
            line++;
            line_start = p + 1;
        }
        p++;
    }
    const char *start = p, *last = p;
    while (last < end && *last != '\n')
        last++;
    while (last > start && (last[-1] == '\r' || last[-1] == ' ' || last[-1] == '\t'))
        last--;
    const char *first_sep = NULL;
    int quoted = 0, commas = 0;
    for (const char *q = start; q < last; q++) {
        if (*q == '"')
            quoted = !quoted;
        else if (!quoted && *q == ',')
            commas++;
        else if (!quoted && !first_sep && (*q == ';' || *q == '\t'))
            first_sep = q;
    }
    if (commas || !first_sep)
        return MLP_OK;
    int tab = *first_sep == '\t';
    /* The line-start offset is within the first line, so the column fits a long. */
    mlp_error_set(err, MLP_ERR_DATA, name, line, (long)(first_sep - line_start) + 1,
                  "the first line is separated by %s, not commas", tab ? "tabs" : "semicolons (\";\")");
    mlp_error_hint(err, "mlp reads comma-separated files; convert it first, for example with "
                        "tr '%s' ',' (when no value holds a comma)", tab ? "\\t" : ";");
    return MLP_ERR_DATA;
}

static mlp_status parse_text(const char *text, size_t len, const char *name, int threads,
                             mlp_csv *csv, mlp_error *err)
{
    memset(csv, 0, sizeof *csv);
    parser ps;
    memset(&ps, 0, sizeof ps);
    ps.c.start = text;
    ps.c.end = text + len;
    ps.c.name = name;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        ps.c.start += 3;

    mlp_status st = check_separator(ps.c.start, ps.c.end, name, err);
    if (st)
        return st;
    csv->path = mlp_alloc_strdup(name);
    if (!csv->path)
        st = nomem(err, name);
    else
        st = parse(&ps, csv, threads, err);
    parser_free(&ps);
    if (st)
        mlp_csv_free(csv);
    return st;
}

static int threads_of(const mlp_csv_options *opts)
{
    int threads = opts ? opts->threads : 1;
    return threads < 1 ? 1 : threads > MLP_CSV_MAX_THREADS ? MLP_CSV_MAX_THREADS : threads;
}

mlp_status mlp_csv_parse(const char *text, size_t len, const char *name, mlp_csv *csv,
                         mlp_error *err)
{
    return parse_text(text, len, name, 1, csv, err);
}

mlp_status mlp_csv_parse_with(const char *text, size_t len, const char *name,
                              const mlp_csv_options *opts, mlp_csv *csv, mlp_error *err)
{
    return parse_text(text, len, name, threads_of(opts), csv, err);
}

mlp_status mlp_csv_read_with(const char *path, const mlp_csv_options *opts, mlp_csv *csv,
                             mlp_error *err)
{
    memset(csv, 0, sizeof *csv);
    int threads = threads_of(opts);
    char *text = NULL;
    size_t len = 0;
    mlp_status st = mlp_fileio_read_all(path, &text, &len, err);
    if (st)
        return st;
    st = parse_text(text, len, mlp_fileio_display_name(path, 0), threads, csv, err);
    free(text);
    return st;
}

mlp_status mlp_csv_read(const char *path, mlp_csv *csv, mlp_error *err)
{
    return mlp_csv_read_with(path, NULL, csv, err);
}

long mlp_csv_find_column(const mlp_csv *csv, const char *name)
{
    if (!csv->has_header)
        return -1;
    for (size_t j = 0; j < csv->n_cols; j++)
        if (strcmp(csv->cols[j].name, name) == 0)
            return (long)j;
    return -1;
}

void mlp_csv_free(mlp_csv *csv)
{
    if (!csv)
        return;
    if (csv->cols) {
        for (size_t j = 0; j < csv->n_cols; j++) {
            mlp_csv_column *col = &csv->cols[j];
            free(col->name);
            free(col->bad_text);
            if (col->text)
                for (size_t i = 0; i < csv->n_rows; i++)
                    free(col->text[i]);
            free(col->text);
            free(col->text_col);
        }
        free(csv->cols);
    }
    free(csv->path);
    free(csv->values);
    free(csv->row_line);
    memset(csv, 0, sizeof *csv);
}
