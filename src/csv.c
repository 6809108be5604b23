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
 * serial pass, only when there are such columns among those whose texts
 * the caller keeps (mlp_csv_options.text_names). A file read by several
 * processes (mlp_csv_read_part) goes through the same steps over each
 * process's byte range, with the decisions that need every row (header,
 * column kinds, line numbers, the first error) taken through parts.h.
 * Before any row, every way in asks csv_sniff.h whether the file is
 * comma-separated UTF-8 text at all (not UTF-16, compressed, a workbook,
 * CR-only lines, Excel's "sep=" line, semicolons): those checks are
 * csv_sniff.c's. */
#include "mlp/csv.h"
#include "mlp/parts.h"
#include "mlp/pool.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "csv_sniff.h"
#include "fileio.h"
#include "names.h"
#include "near_number.h"
#include "parse_number.h"
#include "plural.h"
#include "sha256.h"
#include "utf8.h"

/* ------------------------------------------------------------------------ */
/* Cursor over the text: one field at a time, never past `end`.             */

typedef struct {
    const char *start;      /* first byte after a UTF-8 BOM */
    const char *p, *end;    /* unread text */
    const char *line_start; /* columns count bytes from here (1-based), */
    long bom;               /* plus, on line 1, the bytes of the BOM before start (3 or 0):
                               a column counts every byte of its line, as spec.c's and
                               mlp_csv_field_col's do */
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
    return (long)(q - c->line_start) + 1 + (c->line == 1 ? c->bom : 0);
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
    return mlp_alloc_error(err, name, 0, "free some memory, or use a smaller file",
                           "reading the CSV file");
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
            /* at most 40 bytes, never part of a character (near_number.h) */
            int shown = mlp_shown_len_n(c->p, (size_t)(e - c->p), 40);
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
/* The rows below the first: a block of whole lines at a time (the whole
 * text, or what one read brought in), cut into one part per thread.        */

typedef struct {
    size_t n_cols;
    double *values;        /* the table's matrix */
    long *row_line;        /* the table's row lines */
    size_t row_base;       /* matrix row of the block's first row */
    long first_line;       /* line of the first row, for messages */
} body_job;

typedef struct {
    const body_job *job;
    const char *begin, *end; /* whole lines */
    size_t rows;             /* rows in it */
    long lfs;                /* LFs in it */
    size_t row0;             /* index of its first row among the block's rows */
    long line0;              /* line of begin */
    cursor c;                /* its own field buffer */
    mlp_status status;
    mlp_error err;           /* the first error in the part */
    unsigned char *num;      /* n_cols: every cell so far is a number */
    long *bad_line, *bad_col;/* n_cols: first cell that is not a number, when num == 0, */
    char **bad_text;         /* and its text (owned until merged) */
    double seconds;          /* the part's time in the last job */
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
                    /* kept now: the block's text is gone when the table is finished */
                    pt->bad_text[j] = mlp_alloc_strdup(c->buf);
                    if (!pt->bad_text[j]) {
                        pt->status = nomem(&pt->err, c->name);
                        return;
                    }
                    pt->num[j] = 0;
                    pt->bad_line[j] = c->line;
                    pt->bad_col[j] = c->col;
                }
            }
            j++;
        }
        if (j != n_cols) {
            mlp_error_set(&pt->err, MLP_ERR_DATA, c->name, line,
                          j > n_cols ? extra_col : col_of(c, c->p),
                          "row has %zu field%s, expected %zu (as in line %ld)", j,
                          mlp_plural(j, "", "s"), n_cols, jb->first_line);
            mlp_error_hint(&pt->err, "every row needs as many comma-separated fields as the first "
                                     "row; quote a field that contains a comma");
            pt->status = MLP_ERR_DATA;
            return;
        }
        skip_line_end(c);
        r++;
    }
}

/* A job on the pool: fn on every part, and first, when hash_len > 0, the
 * SHA-256 of the bytes just read (on thread 0, beside the parts of the
 * others). */
typedef void (*part_fn)(part *pt);

typedef struct {
    part *parts;
    part_fn fn;
    mlp_sha256 *sha;
    const char *hash_from;
    size_t hash_len;
    double hash_seconds;
} parts_job;

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Each part is timed: the times only size the next block's parts (see
 * stream), never what is read. */
static void run_one_part(void *ctx, size_t k)
{
    parts_job *job = ctx;
    double t0 = seconds_now();
    if (job->hash_len) {
        if (k == 0) {
            mlp_sha256_update(job->sha, job->hash_from, job->hash_len);
            job->hash_seconds = seconds_now() - t0;
            return;
        }
        k--;
    }
    job->fn(&job->parts[k]);
    job->parts[k].seconds = seconds_now() - t0;
}

/* A block of one part (under two parts of the minimum size, e.g. a small
 * file) is parsed and hashed here, on the caller: handing the part to a
 * worker beside the hash would start and wake a thread for less work than
 * that costs. The parts and the hash are the same either way. */
static void run_parts(mlp_pool *pool, parts_job *job, size_t n)
{
    size_t total = n + (job->hash_len > 0);
    if (n <= 1) {
        for (size_t k = 0; k < total; k++)
            run_one_part(job, k);
        return;
    }
    mlp_pool_run(pool, total, run_one_part, job);
}

/* ------------------------------------------------------------------------ */
/* The whole table.                                                         */

typedef struct {
    cursor c;                  /* the first row, the texts of non-numeric columns */
    size_t n_cols;             /* fields of the first row */
    long first_line;           /* line of the first row */
    char **first_text;         /* n_cols: the first row's cells; owned */
    long *first_col;           /* n_cols: their columns */
    double *first_val;         /* n_cols: their values, NaN for non-numbers */
    unsigned char *first_num;  /* n_cols: the first row's cell is a number */
    unsigned char *rest_num;   /* n_cols: every later cell is a number */
    long *bad_line, *bad_col;  /* n_cols: the first later cell that is not a number, */
    char **bad_text;           /* and its text; owned */
    const char *row_at;        /* where the first row starts (in the text or the buffer) */
    const char *body;          /* the text after the first row (whole text only) */
    long body_line;            /* its line */
    size_t body_rows;          /* rows below the first, so far */
    size_t cap_rows;           /* rows the table's matrix has room for */
    part *parts;               /* max_parts; owned */
    size_t max_parts, n_parts; /* n_parts: in the current block */
    size_t block_rows;         /* rows of the current block */
    long block_lfs;            /* LFs of the current block */
    mlp_pool *pool;            /* the parts' threads; owned */
    double hash_ratio;         /* hashing's time per byte over parsing's, measured; 0: not yet */
    char *const *names;        /* n_names: the names the caller looks up (mlp_csv_options) */
    size_t n_names;
    char *const *text_names;   /* n_text_names: the columns that keep their texts; NULL: all */
    size_t n_text_names;
    mlp_name *text_index;      /* those names sorted (names.h), made by finish_columns; owned */
    size_t n_text_index;
    int named_header;          /* the first row holds every one of names (named_first_row) */
    long utf8_col;             /* the first row's first byte that is no part of UTF-8: its
                                  column, or 0 when the row is UTF-8, */
    size_t utf8_field;         /* its field, */
    unsigned char utf8_byte;   /* and its value */
} parser;

/* The first repeat among the names of the sorted v[0..n) that are not
 * empty (as mlp_names_repeat; "" sorts first): columns without a name are
 * no duplicates of each other. */
static size_t first_named_repeat(const mlp_name *v, size_t n, size_t *first)
{
    size_t unnamed = 0;
    while (unnamed < n && v[unnamed].name[0] == '\0')
        unnamed++;
    return mlp_names_repeat(v + unnamed, n - unnamed, first);
}

/* Whether the first row names the columns the caller looks up: its cells
 * (but empty ones) all differ, as a header's must, and every one of
 * ps->names is one of them. Such a row is a header even when its cells are
 * numbers: pandas names the columns of an unnamed frame 0, 1, 2, ..., and
 * a spec or model that names them so expects that header. The cells must
 * differ so that a row of data seldom passes (a row of 0s and 1s in three
 * columns or more never does). Through the sorted index of names.h. */
static mlp_status named_first_row(parser *ps, mlp_error *err)
{
    ps->named_header = 0;
    if (!ps->names || ps->n_names == 0)
        return MLP_OK;
    mlp_name *v = mlp_alloc(ps->n_cols, sizeof *v);
    if (!v)
        return nomem(err, ps->c.name);
    for (size_t j = 0; j < ps->n_cols; j++)
        v[j] = (mlp_name){ps->first_text[j], j};
    mlp_names_sort(v, ps->n_cols);
    size_t first;
    int all = first_named_repeat(v, ps->n_cols, &first) == SIZE_MAX;
    for (size_t k = 0; all && k < ps->n_names; k++)
        all = mlp_names_find(v, ps->n_cols, ps->names[k]) != SIZE_MAX;
    free(v);
    ps->named_header = all;
    return MLP_OK;
}

/* Finds the first byte of the first row [row, end) (on the cursor's line)
 * that is no part of UTF-8, for finish_names: a header name in Latin-1 is
 * kept as it is, but a name looked up (UTF-8, from a spec) cannot match it. */
static void first_row_utf8(parser *ps, const char *row, const char *end)
{
    ps->utf8_col = 0;
    for (const char *q = row; q < end;) {
        size_t n = mlp_utf8_length((const unsigned char *)q, (size_t)(end - q));
        if (n == 0) {
            ps->utf8_col = col_of(&ps->c, q);
            ps->utf8_byte = (unsigned char)*q;
            ps->utf8_field = 0;
            while (ps->utf8_field + 1 < ps->n_cols &&
                   ps->first_col[ps->utf8_field + 1] <= ps->utf8_col)
                ps->utf8_field++;
            return;
        }
        q += n;
    }
}

/* Reads the first row, whose first byte is at c->p (next_row found it):
 * counts its fields, then reads them. */
static mlp_status first_row_here(parser *ps, mlp_error *err)
{
    cursor *c = &ps->c;
    ps->first_line = c->line;
    const char *row = c->p;
    ps->row_at = row;
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
    ps->bad_line = mlp_alloc_zero(n, sizeof *ps->bad_line);
    ps->bad_col = mlp_alloc_zero(n, sizeof *ps->bad_col);
    ps->bad_text = mlp_alloc_zero(n, sizeof *ps->bad_text);
    if (!ps->first_text || !ps->first_col || !ps->first_val || !ps->first_num || !ps->rest_num ||
        !ps->bad_line || !ps->bad_col || !ps->bad_text)
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
    first_row_utf8(ps, row, c->p);
    skip_line_end(c);
    ps->body = c->p;
    ps->body_line = c->line;
    return named_first_row(ps, err);
}

/* The parts (one per thread, each with its own field buffer and column
 * flags) and the pool they run on. */
static mlp_status make_parts(parser *ps, int threads, mlp_error *err)
{
    size_t n = ps->n_cols, m = threads > 1 ? (size_t)threads : 1;
    ps->parts = mlp_alloc_zero(m, sizeof *ps->parts);
    if (!ps->parts)
        return nomem(err, ps->c.name);
    ps->max_parts = m;
    for (size_t k = 0; k < m; k++) {
        part *pt = &ps->parts[k];
        pt->c.name = ps->c.name;
        pt->num = mlp_alloc(n, 1);
        pt->bad_line = mlp_alloc(n, sizeof *pt->bad_line);
        pt->bad_col = mlp_alloc(n, sizeof *pt->bad_col);
        pt->bad_text = mlp_alloc_zero(n, sizeof *pt->bad_text);
        if (!pt->num || !pt->bad_line || !pt->bad_col || !pt->bad_text || reserve(&pt->c, 256))
            return nomem(err, ps->c.name);
    }
    ps->pool = mlp_pool_create((int)m, err);
    return ps->pool ? MLP_OK : nomem(err, ps->c.name);
}

/* Parts of at least MLP_CSV_PART_BYTES in the whole text: small files use one. */
#define MLP_CSV_PART_BYTES ((size_t)1 << 20)

/* Cuts [begin, end) (whole lines from line `line`) into at most max_parts
 * parts of at least min_bytes, each ending just after an LF (or at the
 * end), the last one `last_share` (0..1) the size of the others when there
 * are max_parts, and counts their rows and LFs, in parallel. */
static void plan_block(parser *ps, const char *begin, const char *end, long line,
                       size_t min_bytes, double last_share)
{
    size_t len = (size_t)(end - begin);
    size_t n = ps->max_parts;
    if (min_bytes && n > len / min_bytes)
        n = len / min_bytes;
    if (n < 1)
        n = 1;
    if (n < ps->max_parts)
        last_share = 1.0;
    ps->n_parts = n;
    double unit = (double)len / ((double)n - 1.0 + last_share);
    const char *p = begin;
    for (size_t k = 0; k < n; k++) {
        part *pt = &ps->parts[k];
        pt->begin = p;
        if (k + 1 == n) {
            p = end;
        } else {
            double at = unit * (double)(k + 1);
            const char *target = begin + (at < (double)len ? (size_t)at : len);
            if (target < p)
                target = p;
            const char *nl = target < end ? memchr(target, '\n', (size_t)(end - target)) : NULL;
            p = nl ? nl + 1 : end;
        }
        pt->end = p;
    }
    parts_job job = {.parts = ps->parts, .fn = count_part};
    run_parts(ps->pool, &job, n);
    size_t rows = 0;
    for (size_t k = 0; k < n; k++) {
        part *pt = &ps->parts[k];
        pt->row0 = rows;
        pt->line0 = line;
        rows += pt->rows;
        line += pt->lfs;
    }
    ps->block_rows = rows;
    ps->block_lfs = line - ps->parts[0].line0;
}

/* Room in the matrix for `rows` rows: grows it to at least that, to `hint`
 * when larger, and by half at least, with realloc (glibc remaps a large
 * block rather than copying it). */
static mlp_status ensure_rows(parser *ps, mlp_csv *csv, size_t rows, size_t hint, mlp_error *err)
{
    if (rows <= ps->cap_rows)
        return MLP_OK;
    size_t cap = rows;
    if (hint > cap)
        cap = hint;
    if (ps->cap_rows && ps->cap_rows + ps->cap_rows / 2 > cap)
        cap = ps->cap_rows + ps->cap_rows / 2;
    if (ps->n_cols > SIZE_MAX / sizeof(double) / cap)
        return nomem(err, ps->c.name);
    double *v = mlp_realloc(csv->values, cap * ps->n_cols, sizeof *v);
    if (!v)
        return nomem(err, ps->c.name);
    csv->values = v;
    long *rl = mlp_realloc(csv->row_line, cap, sizeof *rl);
    if (!rl)
        return nomem(err, ps->c.name);
    csv->row_line = rl;
    ps->cap_rows = cap;
    return MLP_OK;
}

/* Parses the planned block into matrix rows from row_base (the matrix has
 * room), in parallel, with the SHA-256 of hash_len bytes at hash_from
 * beside it; then merges what the parts learnt about each column. */
static mlp_status parse_block(parser *ps, mlp_csv *csv, size_t row_base, mlp_sha256 *sha,
                              const char *hash_from, size_t hash_len, mlp_error *err)
{
    size_t n = ps->n_cols;
    body_job job = {.n_cols = n, .values = csv->values, .row_line = csv->row_line,
                    .row_base = row_base, .first_line = ps->first_line};
    for (size_t k = 0; k < ps->n_parts; k++) {
        part *pt = &ps->parts[k];
        pt->job = &job;
        pt->status = MLP_OK;
        memset(pt->num, 1, n);
        mlp_error_clear(&pt->err);
    }
    parts_job pj = {.parts = ps->parts, .fn = parse_part, .sha = sha, .hash_from = hash_from,
                    .hash_len = sha ? hash_len : 0};
    run_parts(ps->pool, &pj, ps->n_parts);
    /* hashing's cost per byte over parsing's, for the next block's cut */
    double parse_s = 0, parse_bytes = 0;
    for (size_t k = 0; k < ps->n_parts; k++) {
        parse_s += ps->parts[k].seconds;
        parse_bytes += (double)(ps->parts[k].end - ps->parts[k].begin);
    }
    if (pj.hash_len && pj.hash_seconds > 0 && parse_s > 0 && parse_bytes > 0) {
        double r = (pj.hash_seconds / (double)pj.hash_len) / (parse_s / parse_bytes);
        ps->hash_ratio = ps->hash_ratio > 0 ? 0.5 * ps->hash_ratio + 0.5 * r : r;
    }
    mlp_status st = MLP_OK;
    for (size_t k = 0; k < ps->n_parts && !st; k++) {
        if (ps->parts[k].status) {
            if (err)
                *err = ps->parts[k].err;
            st = ps->parts[k].status;
        }
    }
    for (size_t j = 0; j < n && !st; j++) {
        for (size_t k = 0; k < ps->n_parts && ps->rest_num[j]; k++) {
            part *pt = &ps->parts[k];
            if (!pt->num[j]) {
                ps->rest_num[j] = 0;
                ps->bad_line[j] = pt->bad_line[j];
                ps->bad_col[j] = pt->bad_col[j];
                ps->bad_text[j] = pt->bad_text[j];
                pt->bad_text[j] = NULL;
            }
        }
    }
    for (size_t k = 0; k < ps->n_parts; k++)
        for (size_t j = 0; j < n; j++) {
            free(ps->parts[k].bad_text[j]);
            ps->parts[k].bad_text[j] = NULL;
        }
    ps->body_rows += ps->block_rows;
    return st;
}

/* The first row is a header when some column has a non-number there and only
 * numbers below it, or when every cell of it is a non-number, or when it
 * names the columns the caller looks up (named_first_row). With no row
 * below, only the last two tests apply: a lone row of numbers and words is
 * data. */
static int detect_header(const parser *ps, const unsigned char *rest_num, size_t body_rows)
{
    if (ps->named_header)
        return 1;
    int all_text = 1, some_col = 0;
    for (size_t j = 0; j < ps->n_cols; j++) {
        if (ps->first_num[j])
            all_text = 0;
        else if (rest_num[j])
            some_col = 1;
    }
    return all_text || (body_rows > 0 && some_col);
}

/* What the other parts of a file read in parts (mlp_csv_read_part) tell
 * this one; NULL for a whole file. */
typedef struct {
    const unsigned char *all_num; /* n_cols: every cell below the first row, in every part,
                                     is a number */
    size_t all_body_rows;         /* rows below the first row, in every part */
    int owns_first;               /* the first row's line starts in this part */
} part_view;

/* Duplicate names are found through the sorted index of names.h, in n log n:
 * the pair reported is the one whose later column comes first in the file.
 * Columns without a name (pandas' index, a trailing comma: ",a," or ",,x")
 * are not duplicates of each other: a column without a name is refused
 * where a run would read it (dataset.c: "column N of M has no name"), and
 * a spec's "features" may leave any number of them unread. */
static mlp_status check_duplicates(const parser *ps, const mlp_csv *csv, mlp_error *err)
{
    mlp_name *v = mlp_names_of_csv(csv);
    if (!v)
        return nomem(err, csv->path);
    size_t first = 0, second = first_named_repeat(v, csv->n_cols, &first);
    free(v);
    if (second == SIZE_MAX)
        return MLP_OK;
    mlp_error_set(err, MLP_ERR_DATA, csv->path, ps->first_line, ps->first_col[second],
                  "duplicate column name \"%s\" (columns %zu and %zu)", csv->cols[second].name,
                  first + 1, second + 1);
    mlp_error_hint(err, "give every column a different name");
    return MLP_ERR_DATA;
}


/* A file read twice (for its texts) that changed in between. */
static mlp_status changed(const char *name, mlp_error *err)
{
    mlp_error_set(err, MLP_ERR_IO, name, 0, 0, "the file changed while it was being read");
    mlp_error_hint(err, "read it again once nothing writes to it");
    return MLP_ERR_IO;
}

/* Texts of the non-numeric columns from the rows in [p, end) (whole lines,
 * the first at line `line`), matrix rows from *r on. */
static mlp_status collect_texts(parser *ps, mlp_csv *csv, const char *p, const char *end,
                                long line, size_t *r, mlp_error *err)
{
    cursor *c = &ps->c;
    c->p = p;
    c->end = end;
    c->line_start = p;
    c->line = line;
    while (next_row(c)) {
        if (*r >= csv->n_rows)
            return changed(c->name, err); /* more rows than the first reading found */
        int last = 0;
        for (size_t j = 0; !last; j++) {
            mlp_status st = next_field(c, &last, err);
            if (st)
                return st; /* out of memory: the parts passed every other check */
            if (j < csv->n_cols && csv->cols[j].text) {
                csv->cols[j].text[*r] = mlp_alloc_strdup(c->buf);
                if (!csv->cols[j].text[*r])
                    return nomem(err, c->name);
                csv->cols[j].text_col[*r] = c->col;
            }
        }
        skip_line_end(c);
        (*r)++;
    }
    return MLP_OK;
}

/* The sorted index of the names of the columns that keep their texts
 * (mlp_csv_options.text_names), so that a header of many columns finds
 * them in n log n (a feature list can name 100,000). A NULL name names no
 * column. Nothing to do without the option. */
static mlp_status index_text_names(parser *ps, mlp_error *err)
{
    if (!ps->text_names || ps->text_index)
        return MLP_OK;
    ps->text_index = mlp_alloc(ps->n_text_names ? ps->n_text_names : 1, sizeof *ps->text_index);
    if (!ps->text_index)
        return nomem(err, ps->c.name);
    for (size_t k = 0; k < ps->n_text_names; k++)
        if (ps->text_names[k])
            ps->text_index[ps->n_text_index++] = (mlp_name){ps->text_names[k], k};
    mlp_names_sort(ps->text_index, ps->n_text_index);
    return MLP_OK;
}

/* Whether column j keeps the texts of its cells: always without
 * text_names, and without a header (its columns are read by position, so
 * any may be read); else when its header name is one of them. The header
 * is still the first row's cells (finish_names moves them later). */
static int keeps_texts(const parser *ps, int has_header, size_t j)
{
    if (!ps->text_names || !has_header)
        return 1;
    return mlp_names_find(ps->text_index, ps->n_text_index, ps->first_text[j]) != SIZE_MAX;
}

/* After the last block: decides the header, puts the first row in place
 * when it is data, fills the columns' flags and first bad cells, and sets
 * *need_texts when some column keeps its texts (the caller collects them
 * with collect_texts from matrix row *text_row0, then calls finish_names).
 * pv (NULL for a whole file): the header and each column's "numeric" are
 * decided on every part's flags; the first row is this table's row only in
 * the part it starts in; a column's first bad cell is this part's (none
 * when every cell of it here is a number). */
static mlp_status finish_columns(parser *ps, mlp_csv *csv, size_t row_base, const part_view *pv,
                                 int *need_texts, size_t *text_row0, mlp_error *err)
{
    cursor *c = &ps->c;
    size_t n = ps->n_cols;
    const unsigned char *all_num = pv ? pv->all_num : ps->rest_num;
    size_t all_body = pv ? pv->all_body_rows : ps->body_rows;
    csv->has_header = detect_header(ps, all_num, all_body);
    csv->first_line = ps->first_line;
    int first_here = !csv->has_header && (!pv || pv->owns_first);
    csv->n_cols = n;
    csv->n_rows = ps->body_rows + (size_t)first_here;
    csv->all_rows = all_body + (size_t)!csv->has_header;
    if (csv->all_rows == 0) {
        mlp_error_set(err, MLP_ERR_DATA, c->name, ps->first_line, 1, "no data rows");
        if (ps->named_header)
            mlp_error_hint(err, "line %ld is read as a header (it holds the column names looked "
                                "up); add one example per line below it", ps->first_line);
        else
            mlp_error_hint(err, "line %ld is read as a header (its cells are not numbers); add "
                                "one example per line below it", ps->first_line);
        return MLP_ERR_DATA;
    }
    if (first_here) {
        if (row_base == 0) {
            memmove(csv->values + n, csv->values, ps->body_rows * n * sizeof *csv->values);
            memmove(csv->row_line + 1, csv->row_line, ps->body_rows * sizeof *csv->row_line);
            row_base = 1;
        }
        memcpy(csv->values, ps->first_val, n * sizeof *csv->values);
        csv->row_line[0] = ps->first_line;
    }
    /* the matrix to its final size (a shrink: in place) */
    if (ps->cap_rows > csv->n_rows && csv->n_rows > 0) {
        double *v = mlp_realloc(csv->values, csv->n_rows * n, sizeof *v);
        long *rl = v ? mlp_realloc(csv->row_line, csv->n_rows, sizeof *rl) : NULL;
        if (v)
            csv->values = v;
        if (rl)
            csv->row_line = rl;
        if (!v || !rl)
            return nomem(err, c->name);
        ps->cap_rows = csv->n_rows;
    }
    *need_texts = 0;
    *text_row0 = row_base;
    mlp_status st = index_text_names(ps, err);
    if (st)
        return st;
    for (size_t j = 0; j < n; j++) {
        mlp_csv_column *col = &csv->cols[j];
        col->numeric = all_num[j] && (csv->has_header || ps->first_num[j]);
        if (col->numeric)
            continue;
        /* the first cell that is not a number, and where it is: kept for
         * messages whether or not the column keeps its texts */
        int bad_here = (first_here && !ps->first_num[j]) || !ps->rest_num[j];
        if (first_here && !ps->first_num[j]) {
            col->bad_text = mlp_alloc_strdup(ps->first_text[j]);
            col->bad_line = ps->first_line;
            col->bad_col = ps->first_col[j];
        } else if (!ps->rest_num[j]) {
            col->bad_text = ps->bad_text[j];
            ps->bad_text[j] = NULL;
            col->bad_line = ps->bad_line[j];
            col->bad_col = ps->bad_col[j];
        }
        if (bad_here && !col->bad_text)
            return nomem(err, c->name);
        if (!keeps_texts(ps, csv->has_header, j))
            continue; /* a column nobody reads: no text per cell, no second reading for it */
        *need_texts = 1;
        col->text = mlp_alloc_zero(csv->n_rows, sizeof *col->text);
        col->text_col = mlp_alloc(csv->n_rows, sizeof *col->text_col);
        if (!col->text || !col->text_col)
            return nomem(err, c->name);
        if (first_here) {
            col->text[0] = ps->first_text[j];
            col->text_col[0] = ps->first_col[j];
            ps->first_text[j] = NULL;
        }
    }
    return MLP_OK;
}

/* A header that is not UTF-8 (Latin-1, Windows-1252) keeps its names as
 * bytes, and a run that reads its columns by position or by those names
 * works; but a name looked up in UTF-8 (a spec is JSON, UTF-8) matches
 * none of them, and "no column \"café\"" over a list that shows
 * "caf\xe9" does not say why. When a name looked up is missing from such
 * a header, the file is refused as not UTF-8, at the header's first byte
 * that is no part of UTF-8, with the iconv command. */
static mlp_status check_names_utf8(const parser *ps, const mlp_csv *csv, mlp_error *err)
{
    if (!csv->has_header || !ps->utf8_col || !ps->names)
        return MLP_OK;
    mlp_name *v = mlp_names_of_csv(csv);
    if (!v)
        return nomem(err, csv->path);
    const char *missing = NULL;
    for (size_t k = 0; !missing && k < ps->n_names; k++)
        if (mlp_names_find(v, csv->n_cols, ps->names[k]) == SIZE_MAX)
            missing = ps->names[k];
    free(v);
    if (!missing)
        return MLP_OK;
    size_t j = ps->utf8_field;
    mlp_error_set(err, MLP_ERR_DATA, csv->path, ps->first_line, ps->utf8_col,
                  "the file is not UTF-8 (byte %02X in the name of column %zu, \"%s\"), and "
                  "no column is named \"%s\"", ps->utf8_byte, j + 1, csv->cols[j].name,
                  missing);
    mlp_error_hint(err, "mlp reads UTF-8 (or plain ASCII); convert it first, for example with "
                        "iconv -f latin1 -t utf-8 FILE > FILE-utf8.csv");
    return MLP_ERR_DATA;
}

static mlp_status finish_names(parser *ps, mlp_csv *csv, mlp_error *err)
{
    for (size_t j = 0; j < ps->n_cols; j++) {
        if (csv->has_header) {
            csv->cols[j].name = ps->first_text[j];
            ps->first_text[j] = NULL;
        } else {
            char name[32];
            snprintf(name, sizeof name, "column %zu", j + 1);
            csv->cols[j].name = mlp_alloc_strdup(name);
            if (!csv->cols[j].name)
                return nomem(err, ps->c.name);
        }
    }
    mlp_status st = csv->has_header ? check_duplicates(ps, csv, err) : MLP_OK;
    return st ? st : check_names_utf8(ps, csv, err);
}

static mlp_status no_rows(const parser *ps, mlp_error *err)
{
    mlp_error_set(err, MLP_ERR_DATA, ps->c.name, 0, 0, "no data rows");
    mlp_error_hint(err, "the file is empty; write one example per line, its values "
                        "separated by commas");
    return MLP_ERR_DATA;
}

/* When the first row is all numbers (and does not name the columns looked
 * up) it is data and the rows below start at matrix row 1; otherwise it is
 * probably a header and they start at row 0, moved down one row in the
 * rare case it is not. */
static size_t first_row_base(const parser *ps)
{
    if (ps->named_header)
        return 0;
    int all_num = 1;
    for (size_t j = 0; j < ps->n_cols; j++)
        all_num &= ps->first_num[j];
    return all_num ? 1 : 0;
}

/* The whole text in memory: one block. */
static mlp_status parse(parser *ps, mlp_csv *csv, int threads, mlp_error *err)
{
    cursor *c = &ps->c;
    cursor_rewind(c);
    if (!next_row(c))
        return no_rows(ps, err);
    mlp_status st = first_row_here(ps, err);
    if (!st)
        st = make_parts(ps, threads, err);
    if (st)
        return st;
    csv->cols = mlp_alloc_zero(ps->n_cols, sizeof *csv->cols);
    if (!csv->cols)
        return nomem(err, c->name);
    plan_block(ps, ps->body, c->end, ps->body_line, MLP_CSV_PART_BYTES, 1.0);
    size_t row_base = first_row_base(ps);
    if ((st = ensure_rows(ps, csv, ps->block_rows + 1, 0, err)) ||
        (st = parse_block(ps, csv, row_base, NULL, NULL, 0, err)))
        return st;
    int need_texts;
    size_t r;
    if ((st = finish_columns(ps, csv, row_base, NULL, &need_texts, &r, err)))
        return st;
    if (need_texts && (st = collect_texts(ps, csv, ps->body, c->end, ps->body_line, &r, err)))
        return st;
    return finish_names(ps, csv, err);
}

static void parser_free(parser *ps)
{
    free(ps->c.buf);
    for (size_t j = 0; j < ps->n_cols; j++) {
        if (ps->first_text)
            free(ps->first_text[j]);
        if (ps->bad_text)
            free(ps->bad_text[j]);
    }
    free(ps->first_text);
    free(ps->first_col);
    free(ps->first_val);
    free(ps->first_num);
    free(ps->rest_num);
    free(ps->bad_line);
    free(ps->bad_col);
    free(ps->bad_text);
    for (size_t k = 0; k < ps->max_parts; k++) {
        part *pt = &ps->parts[k];
        free(pt->c.buf);
        free(pt->num);
        free(pt->bad_line);
        free(pt->bad_col);
        if (pt->bad_text)
            for (size_t j = 0; j < ps->n_cols; j++)
                free(pt->bad_text[j]);
        free(pt->bad_text);
    }
    free(ps->parts);
    free(ps->text_index);
    mlp_pool_free(ps->pool);
}

/* ------------------------------------------------------------------------ */
/* A file read in blocks: only whole lines are parsed; the unfinished line
 * at the end of a block moves to the front of the buffer, and the next
 * block is read after it. The bytes are hashed once each, in file order.   */

typedef struct {
    FILE *fp;
    const char *name;
    char *buf;                     /* owned: bytes [0, len) of the file, from byte total - len */
    size_t cap, len;
    size_t fresh;                  /* bytes from here on are not hashed yet */
    size_t block;                  /* bytes per read */
    unsigned long long total, max; /* bytes read so far; the most allowed */
    int eof;
    mlp_sha256 *sha;               /* NULL: no digest */
    int limited;                   /* reads stop after `left` more bytes (a part's range) */
    unsigned long long left;
    size_t bom;                    /* the BOM skip_bom passed (3 or 0): not counted from
                                      where a line-1 column is, so added to it */
} reader;

static mlp_status too_large(const reader *rd, mlp_error *err)
{
    return mlp_fileio_too_large(rd->name, (size_t)rd->max, err);
}

static void reader_hash(reader *rd)
{
    if (rd->sha && rd->len > rd->fresh)
        mlp_sha256_update(rd->sha, rd->buf + rd->fresh, rd->len - rd->fresh);
    rd->fresh = rd->len;
}

/* Hashes what is not hashed yet, drops buf[0, keep), moves the rest to the
 * front and reads up to one block after it. */
static mlp_status reader_fill(reader *rd, size_t keep, mlp_error *err)
{
    reader_hash(rd);
    size_t carry = rd->len - keep;
    if (keep)
        memmove(rd->buf, rd->buf + keep, carry);
    rd->len = carry;
    rd->fresh = carry;
    if (carry > SIZE_MAX - 1 - rd->block)
        return nomem(err, rd->name);
    if (rd->cap < carry + rd->block + 1) {
        char *b = mlp_realloc(rd->buf, carry + rd->block + 1, 1);
        if (!b)
            return nomem(err, rd->name);
        rd->buf = b;
        rd->cap = carry + rd->block + 1;
    }
    size_t want = rd->block;
    if (rd->limited && want > rd->left)
        want = (size_t)rd->left;
    int e = 0;
    size_t got = want ? mlp_fileio_fread(rd->buf + carry, want, rd->fp, &e) : 0;
    rd->len += got;
    rd->total += got;
    if (rd->limited)
        rd->left -= got;
    if (got < want || (rd->limited && rd->left == 0)) {
        if (e)
            return mlp_fileio_read_error(rd->name, e, err);
        rd->eof = 1;
    }
    rd->buf[rd->len] = '\0';
    return rd->total > rd->max ? too_large(rd, err) : MLP_OK;
}

/* The end of the whole lines in buf[from, len): just after the last LF, or
 * len at the end of the file. */
static size_t whole_lines_end(const reader *rd, size_t from)
{
    if (rd->eof)
        return rd->len;
    size_t e = rd->len;
    while (e > from && rd->buf[e - 1] != '\n')
        e--;
    return e;
}

/* The line at buf[from, to) (without its line end; to = len for the
 * unfinished last line), line `line`, is refused when it is longer than
 * MLP_CSV_LINE_MAX, with the place of a NUL byte in it when there is one. */
static mlp_status check_line_at(const reader *rd, size_t from, size_t to, long line,
                                mlp_error *err)
{
    if (to - from <= MLP_CSV_LINE_MAX)
        return MLP_OK;
    const char *nul = memchr(rd->buf + from, '\0', to - from), *cr;
    if (nul) {
        long bom = line == 1 ? (long)rd->bom : 0;
        mlp_error_set(err, MLP_ERR_DATA, rd->name, line, (long)(nul - (rd->buf + from)) + 1 + bom,
                      "NUL byte in the text");
        mlp_error_hint(err, "the file looks binary; give a CSV text file");
    } else if ((cr = mlp_csv_lone_cr(rd->buf + from, rd->buf + to))) {
        /* a file of CR line ends longer than a line may be: the same
         * refusal as a shorter one's (mlp_csv_check_separator) */
        long bom = line == 1 ? (long)rd->bom : 0;
        return mlp_csv_cr_only(rd->name, line, (long)(cr - (rd->buf + from)) + 1 + bom, err);
    } else {
        mlp_error_set(err, MLP_ERR_DATA, rd->name, line, 0,
                      "line %ld is longer than %zu bytes", line, (size_t)MLP_CSV_LINE_MAX);
        mlp_error_hint(err, "a row of a CSV file ends with a line break; is this a CSV file?");
    }
    return MLP_ERR_DATA;
}

/* The unfinished line buf[from, len) may not grow past the limit. */
static mlp_status check_line(const reader *rd, size_t from, long line, mlp_error *err)
{
    return check_line_at(rd, from, rd->len, line, err);
}

/* The next block: the unfinished line buf[keep, len), line `line`, is
 * checked, then buf[0, keep) is dropped and more is read. */
static mlp_status reader_next(reader *rd, size_t keep, long line, mlp_error *err)
{
    mlp_status st = check_line(rd, keep, line, err);
    return st ? st : reader_fill(rd, keep, err);
}

/* The first line of the whole lines buf[from, end): only it can be longer
 * than a block, and so than the limit. */
static mlp_status check_first_line(const reader *rd, size_t from, size_t end, long line,
                                   mlp_error *err)
{
    const char *nl = memchr(rd->buf + from, '\n', end - from);
    return check_line_at(rd, from, nl ? (size_t)(nl - rd->buf) : end, line, err);
}

/* Fills the buffer until it holds the 10 bytes mlp_csv_text_start looks at
 * (the longest magic of a compressed file, csv_sniff.c) or the whole file,
 * then mlp_csv_text_start: where the text starts, or the refusal of a
 * UTF-16 file or an archive. */
static mlp_status skip_bom(reader *rd, size_t *pos, mlp_error *err)
{
    mlp_status st = MLP_OK;
    while (rd->len < 10 && !rd->eof && !st)
        st = reader_fill(rd, 0, err);
    *pos = 0;
    if (!st)
        st = mlp_csv_text_start(rd->buf, rd->len, rd->name, pos, err);
    rd->bom = *pos;
    return st;
}

/* The second reading, for the texts of non-numeric columns: every row
 * below the first, from matrix row r on. */
static mlp_status stream_texts(parser *ps, reader *rd, mlp_csv *csv, size_t r, mlp_error *err)
{
    unsigned long long first_total = rd->total;
    if (fseek(rd->fp, 0, SEEK_SET))
        return mlp_fileio_read_error(rd->name, errno, err);
    rd->len = rd->fresh = 0;
    rd->total = 0;
    rd->eof = 0;
    rd->sha = NULL;
    size_t pos;
    mlp_status st = skip_bom(rd, &pos, err);
    long line = 1;
    int first = 1;
    cursor *c = &ps->c;
    c->bom = (long)rd->bom;
    while (!st) {
        size_t end = whole_lines_end(rd, pos);
        if (first) {
            c->p = rd->buf + pos;
            c->end = rd->buf + end;
            c->line_start = c->p;
            c->line = line;
            if (next_row(c)) {
                const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
                line = c->line + 1;
                pos = nl ? (size_t)(nl + 1 - rd->buf) : end;
                first = 0;
            } else {
                line = c->line;
                pos = end;
            }
        }
        if (!first && end > pos) {
            if ((st = collect_texts(ps, csv, rd->buf + pos, rd->buf + end, line, &r, err)))
                return st;
            line = c->line;
            pos = end;
        }
        if (rd->eof)
            break;
        st = reader_next(rd, pos, line, err);
        pos = 0;
    }
    if (!st && (r != csv->n_rows || rd->total != first_total))
        st = changed(rd->name, err);
    return st;
}

/* From the start of the file to the end of its first row (through blank
 * lines): the first row read (ps->row_at, ps->body point into rd->buf),
 * the separator checked, the parts made. */
static mlp_status stream_first_row(parser *ps, reader *rd, int threads, mlp_error *err)
{
    cursor *c = &ps->c;
    size_t pos;
    mlp_status st = skip_bom(rd, &pos, err);
    if (st)
        return st;
    c->bom = (long)rd->bom;
    long line = 1;
    for (;;) { /* to the first row, through blank lines */
        size_t end = whole_lines_end(rd, pos);
        if (end > pos && (st = check_first_line(rd, pos, end, line, err)))
            return st;
        c->p = rd->buf + pos;
        c->end = rd->buf + end;
        c->line_start = c->p;
        c->line = line;
        if (next_row(c))
            break;
        pos = end;
        line = c->line;
        if (rd->eof)
            return no_rows(ps, err);
        if ((st = reader_next(rd, pos, line, err)))
            return st;
        pos = 0;
    }
    if ((st = mlp_csv_check_separator(c->p, c->end, c->line, c->bom, c->name, err)) ||
        (st = first_row_here(ps, err)) || (st = make_parts(ps, threads, err)))
        return st;
    return MLP_OK;
}

/* A regular file, a block at a time; `size` (from fstat) sizes the matrix
 * once the first block shows how long a row is. */
static mlp_status stream(parser *ps, reader *rd, mlp_csv *csv, int threads, long long size,
                         mlp_error *err)
{
    cursor *c = &ps->c;
    mlp_status st = stream_first_row(ps, rd, threads, err);
    if (st)
        return st;
    size_t pos;
    long line;
    /* room for the first row at least: a file of one data row has no block */
    csv->cols = mlp_alloc_zero(ps->n_cols, sizeof *csv->cols);
    if (!csv->cols || ensure_rows(ps, csv, 1, 0, err))
        return nomem(err, c->name);
    size_t row_base = first_row_base(ps);
    pos = (size_t)(ps->body - rd->buf);
    line = ps->body_line;
    /* parts small enough that every thread gets one in a block */
    size_t min_part = rd->block / (2 * ps->max_parts);
    min_part = min_part > MLP_CSV_PART_BYTES ? MLP_CSV_PART_BYTES : min_part ? min_part : 1;
    int sized = 0;
    for (;;) {
        size_t end = whole_lines_end(rd, pos);
        if (end > pos) {
            if ((st = check_first_line(rd, pos, end, line, err)))
                return st;
            /* The hash runs on thread 0 beside the last part (see run_parts):
             * that part is cut smaller so that both end together. With T
             * threads, r = hashing's cost per byte over parsing's and about a
             * block to hash, the others get B (1 + r) / T and the last
             * B (1 + r - r T) / T. Only the speed depends on it. */
            double share = 1.0, T = (double)ps->max_parts;
            if (rd->sha && ps->max_parts > 1) {
                double r = ps->hash_ratio > 0 ? ps->hash_ratio : 0.3;
                share = (1.0 + r - r * T) / (1.0 + r);
                share = share < 0.0 ? 0.0 : share;
            }
            plan_block(ps, rd->buf + pos, rd->buf + end, line, min_part, share);
            size_t hint = 0;
            if (!sized && size > 0 && ps->block_rows > 0) {
                /* rows of the whole file at this block's bytes per row, 2% more */
                double rows = (double)size / ((double)(end - pos) / (double)ps->block_rows);
                rows = rows * 1.02 + 16;
                hint = rows < (double)(SIZE_MAX / 16) ? (size_t)rows : 0;
                sized = 1;
            }
            if ((st = ensure_rows(ps, csv, 1 + ps->body_rows + ps->block_rows, hint, err)))
                return st;
            size_t from = rd->fresh;
            st = parse_block(ps, csv, row_base + ps->body_rows, rd->sha, rd->buf + from,
                             rd->len - from, err);
            rd->fresh = rd->len;
            if (st)
                return st;
            line += ps->block_lfs;
            pos = end;
        }
        if (rd->eof)
            break;
        if ((st = reader_next(rd, pos, line, err)))
            return st;
        pos = 0;
    }
    reader_hash(rd);
    int need_texts;
    size_t r;
    if ((st = finish_columns(ps, csv, row_base, NULL, &need_texts, &r, err)))
        return st;
    if (need_texts && (st = stream_texts(ps, rd, csv, r, err)))
        return st;
    return finish_names(ps, csv, err);
}

/* A pipe or a device, which cannot be read twice: read whole (hashed as it
 * comes), then parsed as a text in memory. */
static mlp_status read_whole(reader *rd, mlp_error *err)
{
    mlp_status st = MLP_OK;
    size_t line_start = 0; /* of the unfinished last line */
    long line = 1;
    while (!rd->eof && !st) {
        size_t old_len = rd->len;
        if ((st = reader_fill(rd, 0, err)))
            break;
        /* lines that end in the new bytes: only the first can be long */
        const char *nl = memchr(rd->buf + old_len, '\n', rd->len - old_len);
        if (nl && (st = check_line_at(rd, line_start, (size_t)(nl - rd->buf), line, err)))
            break;
        for (; nl; nl = memchr(nl + 1, '\n', (size_t)(rd->buf + rd->len - nl - 1))) {
            line_start = (size_t)(nl + 1 - rd->buf);
            line++;
        }
        st = check_line(rd, line_start, line, err);
    }
    reader_hash(rd);
    return st;
}

/* ------------------------------------------------------------------------ */
/* Public functions                                                         */

/* The arguments every reader needs (mlp.h: a NULL is refused, not
 * dereferenced). */
static mlp_status null_argument(const char *fn, const char *what, mlp_error *err)
{
    return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "%s: %s is NULL", fn, what);
}

static int threads_of(const mlp_csv_options *opts);

/* The parser's share of opts (NULL: the defaults): the names looked up in
 * the header, and the columns whose texts are kept. */
static void parser_options(parser *ps, const mlp_csv_options *opts)
{
    ps->names = opts ? opts->names : NULL;
    ps->n_names = opts ? opts->n_names : 0;
    ps->text_names = opts ? opts->text_names : NULL;
    ps->n_text_names = opts && opts->text_names ? opts->n_text_names : 0;
}

/* Text in memory, read with opts (NULL: the defaults). */
static mlp_status parse_text(const char *text, size_t len, const char *name,
                             const mlp_csv_options *opts, mlp_csv *csv, mlp_error *err)
{
    /* Zeroed before any check: a caller frees *csv after every failure. */
    if (csv)
        memset(csv, 0, sizeof *csv);
    if (!csv || (!text && len > 0))
        return null_argument("mlp_csv_parse", !csv ? "csv" : "the text", err);
    if (!text)
        text = "";
    if (!name)
        name = ""; /* no path in messages */
    parser ps;
    memset(&ps, 0, sizeof ps);
    ps.c.start = text;
    ps.c.end = text + len;
    ps.c.name = name;
    parser_options(&ps, opts);
    size_t pos;
    mlp_status st = mlp_csv_text_start(text, len, name, &pos, err);
    if (st)
        return st;
    ps.c.start += pos;
    ps.c.bom = (long)pos;
    if ((st = mlp_csv_check_separator(ps.c.start, ps.c.end, 1, ps.c.bom, name, err)))
        return st;
    csv->path = mlp_alloc_strdup(name);
    if (!csv->path)
        st = nomem(err, name);
    else
        st = parse(&ps, csv, threads_of(opts), err);
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
    return parse_text(text, len, name, NULL, csv, err);
}

mlp_status mlp_csv_parse_with(const char *text, size_t len, const char *name,
                              const mlp_csv_options *opts, mlp_csv *csv, mlp_error *err)
{
    if (opts && opts->sha256)
        mlp_sha256_digest(text, len, opts->sha256);
    return parse_text(text, len, name, opts, csv, err);
}

mlp_status mlp_csv_read_with(const char *path, const mlp_csv_options *opts, mlp_csv *csv,
                             mlp_error *err)
{
    /* Zeroed before any check: a caller frees *csv after every failure. */
    if (csv)
        memset(csv, 0, sizeof *csv);
    if (!path || !csv)
        return null_argument("mlp_csv_read", !path ? "the path" : "csv", err);
    FILE *fp;
    long long size;
    mlp_status st = mlp_fileio_open_read(path, &fp, &size, err);
    if (st)
        return st;
    const char *name = mlp_fileio_display_name(path, 0);
    mlp_sha256 sha;
    mlp_sha256_init(&sha);
    reader rd = {.fp = fp, .name = name, .sha = opts && opts->sha256 ? &sha : NULL};
    rd.block = opts && opts->block_bytes ? opts->block_bytes : MLP_CSV_BLOCK_BYTES;
    rd.max = opts && opts->max_bytes ? opts->max_bytes
             : size >= 0             ? MLP_CSV_MAX_BYTES
                                     : MLP_FILEIO_READ_MAX;
    parser ps;
    memset(&ps, 0, sizeof ps);
    ps.c.name = name;
    parser_options(&ps, opts);
    csv->path = mlp_alloc_strdup(name);
    if (!csv->path)
        st = nomem(err, name);
    else if (size >= 0 && (unsigned long long)size > rd.max)
        st = too_large(&rd, err);
    else if (size >= 0)
        st = stream(&ps, &rd, csv, threads_of(opts), size, err);
    else if (!(st = read_whole(&rd, err))) {
        size_t pos = 0;
        st = mlp_csv_text_start(rd.buf, rd.len, name, &pos, err);
        ps.c.start = rd.buf + pos;
        ps.c.end = rd.buf + rd.len;
        ps.c.bom = (long)pos;
        if (!st)
            st = mlp_csv_check_separator(ps.c.start, ps.c.end, 1, ps.c.bom, name, err);
        if (!st)
            st = parse(&ps, csv, threads_of(opts), err);
    }
    if (!st && opts && opts->sha256)
        mlp_sha256_final(&sha, opts->sha256);
    parser_free(&ps);
    free(rd.buf);
    fclose(fp);
    if (st)
        mlp_csv_free(csv);
    return st;
}

/* ------------------------------------------------------------------------ */
/* A part of a file read by several processes (mlp_csv_read_part).          */

/* The first line start at or after byte x of a file of `size` bytes: 0 for
 * x = 0, else just after the first LF at or after byte x - 1 (a line
 * starts at x exactly when byte x - 1 is an LF); size when there is none. */
static mlp_status line_start_at(FILE *fp, const char *name, unsigned long long x,
                                unsigned long long size, unsigned long long *out, mlp_error *err)
{
    if (x == 0 || x >= size) {
        *out = x == 0 ? 0 : size;
        return MLP_OK;
    }
    if (fseeko(fp, (off_t)(x - 1), SEEK_SET))
        return mlp_fileio_read_error(name, errno, err);
    char buf[16384];
    unsigned long long at = x - 1;
    for (;;) {
        int e;
        size_t got = mlp_fileio_fread(buf, sizeof buf, fp, &e);
        const char *nl = got ? memchr(buf, '\n', got) : NULL;
        if (nl) {
            *out = at + (unsigned long long)(nl - buf) + 1;
            return MLP_OK;
        }
        if (got < sizeof buf) {
            if (e)
                return mlp_fileio_read_error(name, e, err);
            *out = size;
            return MLP_OK;
        }
        at += got;
    }
}

/* Positions the reader on bytes [from, to) of its file: the next fills
 * read those bytes and no more. */
static mlp_status reader_range(reader *rd, unsigned long long from, unsigned long long to,
                               mlp_error *err)
{
    if (fseeko(rd->fp, (off_t)from, SEEK_SET))
        return mlp_fileio_read_error(rd->name, errno, err);
    clearerr(rd->fp);
    rd->len = rd->fresh = 0;
    rd->total = 0;
    rd->eof = 0;
    rd->sha = NULL;
    rd->limited = 1;
    rd->left = to - from;
    return reader_fill(rd, 0, err);
}

/* LFs in bytes [from, to), read a block at a time; those bytes appended
 * to sha. */
static mlp_status count_range_lfs(reader *rd, unsigned long long from, unsigned long long to,
                                  mlp_sha256 *sha, unsigned long long *lfs, mlp_error *err)
{
    *lfs = 0;
    mlp_status st = reader_range(rd, from, to, err);
    while (!st) {
        mlp_sha256_update(sha, rd->buf, rd->len);
        for (const char *p = rd->buf, *e = rd->buf + rd->len;
             p < e && (p = memchr(p, '\n', (size_t)(e - p))); p++)
            ++*lfs;
        if (rd->eof)
            break;
        st = reader_fill(rd, rd->len, err);
    }
    return st;
}

/* Appends bytes [from, to) of the reader's file to sha. */
static mlp_status hash_range(reader *rd, unsigned long long from, unsigned long long to,
                             mlp_sha256 *sha, mlp_error *err)
{
    mlp_status st = reader_range(rd, from, to, err);
    while (!st) {
        mlp_sha256_update(sha, rd->buf, rd->len);
        if (rd->eof)
            break;
        st = reader_fill(rd, rd->len, err);
    }
    return st;
}

/* One streaming of every byte of the file (bounds[P] bytes), for two
 * things: its SHA-256 (the provenance's) into whole, and, for each part q
 * of P, the SHA-256 of what part q reads of this copy of the file (the
 * head, bytes [0, bounds[0]), then its own bytes [bounds[q], bounds[q + 1]))
 * into parts + 32 q: what the other processes' copies are compared with
 * (mlp_csv_read_part). The parts tile [bounds[0], bounds[P]) in order. */
static mlp_status hash_file_and_parts(reader *rd, const unsigned long long *bounds, size_t P,
                                      unsigned char *whole, unsigned char *parts, mlp_error *err)
{
    mlp_sha256 all, head, cur;
    mlp_sha256_init(&all);
    mlp_sha256_init(&head);
    size_t q = 0;           /* the part whose bytes come next, past the head */
    int in_parts = 0;
    unsigned long long at = 0;
    mlp_status st = reader_range(rd, 0, bounds[P], err);
    for (;;) {
        const char *p = rd->buf;
        size_t n = st ? 0 : rd->len;
        mlp_sha256_update(&all, p, n);
        int last = st || rd->eof;
        /* At the end every part left is closed, as one that ends here. */
        while (n > 0 || (last && q < P)) {
            if (at < bounds[0] && n > 0) {
                size_t k = bounds[0] - at < n ? (size_t)(bounds[0] - at) : n;
                mlp_sha256_update(&head, p, k);
                p += k, n -= k, at += k;
                continue;
            }
            if (!in_parts) {
                cur = head; /* a copy: each part starts from the head */
                in_parts = 1;
            }
            if (q < P && (bounds[q + 1] <= at || (n == 0 && last))) {
                mlp_sha256_final(&cur, parts + MLP_SHA256_BYTES * q++);
                cur = head;
                continue;
            }
            size_t k = q < P && bounds[q + 1] - at < n ? (size_t)(bounds[q + 1] - at) : n;
            mlp_sha256_update(&cur, p, k);
            p += k, n -= k, at += k;
        }
        if (last)
            break;
        st = reader_fill(rd, rd->len, err);
    }
    if (!st)
        mlp_sha256_final(&all, whole);
    return st;
}

/* The body rows of bytes [from, to) (whole lines, the first at line
 * `line`), parsed a block at a time into matrix rows from row_base on. */
static mlp_status stream_range(parser *ps, reader *rd, mlp_csv *csv, unsigned long long from,
                               unsigned long long to, long line, size_t row_base, mlp_error *err)
{
    size_t min_part = rd->block / (2 * ps->max_parts);
    min_part = min_part > MLP_CSV_PART_BYTES ? MLP_CSV_PART_BYTES : min_part ? min_part : 1;
    size_t pos = 0;
    int sized = 0;
    mlp_status st = reader_range(rd, from, to, err);
    while (!st) {
        size_t end = whole_lines_end(rd, pos);
        if (end > pos) {
            if ((st = check_first_line(rd, pos, end, line, err)))
                break;
            plan_block(ps, rd->buf + pos, rd->buf + end, line, min_part, 1.0);
            size_t hint = 0;
            if (!sized && ps->block_rows > 0) {
                double rows = (double)(to - from) / ((double)(end - pos) / (double)ps->block_rows);
                rows = rows * 1.02 + 16;
                hint = rows < (double)(SIZE_MAX / 16) ? (size_t)rows : 0;
                sized = 1;
            }
            if ((st = ensure_rows(ps, csv, row_base + 1 + ps->body_rows + ps->block_rows, hint,
                                  err)) ||
                (st = parse_block(ps, csv, row_base + ps->body_rows, NULL, NULL, 0, err)))
                break;
            line += ps->block_lfs;
            pos = end;
        }
        if (rd->eof)
            break;
        st = reader_next(rd, pos, line, err);
        pos = 0;
    }
    return st;
}

/* The texts of the non-numeric columns from the same bytes, matrix rows
 * from r on. */
static mlp_status stream_range_texts(parser *ps, reader *rd, mlp_csv *csv, unsigned long long from,
                                     unsigned long long to, long line, size_t r, mlp_error *err)
{
    size_t pos = 0;
    mlp_status st = reader_range(rd, from, to, err);
    while (!st) {
        size_t end = whole_lines_end(rd, pos);
        if (end > pos) {
            if ((st = collect_texts(ps, csv, rd->buf + pos, rd->buf + end, line, &r, err)))
                break;
            line = ps->c.line;
            pos = end;
        }
        if (rd->eof)
            break;
        st = reader_fill(rd, pos, err);
        pos = 0;
    }
    if (!st && r != csv->n_rows)
        st = changed(rd->name, err);
    return st;
}

/* Whether each part q > 0 read of its copy of the file what part 0's copy
 * holds in the same place (digests as mlp_csv_read_part gathers them:
 * part 0's P + 1, then one of each other part). Several processes may each
 * read their own copy (no shared filesystem); copies of the same size are
 * not told apart by the size alone, and a part that differs would train on
 * other rows than one process would, silently. MLP_ERR_USAGE naming the
 * first part that differs and its first line (lines counted in the copies'
 * order: body_line, then each part's LFs). */
static mlp_status check_same_copies(const char *name, const unsigned char *digests,
                                    const unsigned long long *lfs, long body_line, size_t P,
                                    mlp_error *err)
{
    const unsigned char *expected = digests + MLP_SHA256_BYTES; /* part 0's copy, part by part */
    const unsigned char *got = digests + MLP_SHA256_BYTES * (P + 1);
    long line = body_line;
    for (size_t q = 1; q < P; q++) {
        line += (long)lfs[q - 1];
        if (memcmp(expected + MLP_SHA256_BYTES * q, got + MLP_SHA256_BYTES * (q - 1),
                   MLP_SHA256_BYTES) == 0)
            continue;
        mlp_error_set(err, MLP_ERR_USAGE, name, lfs[q] ? line : 0, 0,
                      "process %zu of %zu reads other bytes than process 0 in its part of the "
                      "file (from line %ld) or in its first lines: the copies of this file "
                      "differ (the same size, not the same bytes)",
                      q, P, line);
        mlp_error_hint(err, "give every process the same file (one copy on a shared filesystem, "
                            "or copies made from one)");
        return MLP_ERR_USAGE;
    }
    return MLP_OK;
}

static mlp_status parts_agree(const mlp_parts *p, mlp_status st, mlp_error *err)
{
    return p->agree(p->ctx, st, err);
}

/* What each part tells the others once it has parsed its rows. */
typedef struct {
    unsigned long long body_rows;
    unsigned long long owns_first;
} part_counts;

mlp_status mlp_csv_read_part(const char *path, const mlp_csv_options *opts,
                             const mlp_parts *parts, mlp_csv *csv, mlp_error *err)
{
    if (!parts || parts->size <= 1 || !path || !csv)
        return mlp_csv_read_with(path, opts, csv, err);
    memset(csv, 0, sizeof *csv);
    const size_t P = (size_t)parts->size, me = (size_t)parts->rank;
    const char *name = mlp_fileio_display_name(path, 0);
    parser ps;
    memset(&ps, 0, sizeof ps);
    ps.c.name = name;
    parser_options(&ps, opts);
    reader rd = {.name = name};
    rd.block = opts && opts->block_bytes ? opts->block_bytes : MLP_CSV_BLOCK_BYTES;
    FILE *fp = NULL;
    long long size = -1;
    unsigned long long from = 0, to = 0, lfs = 0;
    int owns_first = 0;
    unsigned long long *all_lfs = NULL, *bounds = NULL;
    unsigned char *flags = NULL;
    size_t *lens = NULL;
    /* mine: part 0 the whole file's digest, then the digest of what each
     * part reads of its copy (hash_file_and_parts); every other part the
     * digest of what it reads of its own copy. digests: everyone's. */
    unsigned char *mine = NULL, *digests = NULL;
    size_t mine_len = MLP_SHA256_BYTES * (me == 0 ? P + 1 : 1);

    /* 1. Every part reads the first row (a header or not, its fields) from
     *    the start of the file, and finds its own lines: those that start
     *    in bytes [size rank / P, size (rank + 1) / P), below the first row. */
    /* A pipe is refused before it is opened: opening a FIFO without a
     * writer would wait for one, in every process, for ever. */
    struct stat sb;
    int not_regular = mlp_fileio_is_std(path) || (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode));
    mlp_status st = not_regular ? MLP_OK : mlp_fileio_open_read(path, &fp, &size, err);
    if (!st && size < 0) {
        mlp_error_set(err, MLP_ERR_IO, name, 0, 0,
                      "is not a regular file, which processes can read in parts");
        mlp_error_hint(err, "under mpirun give the training data as a file (not standard input "
                            "or a pipe)");
        st = MLP_ERR_IO;
    }
    if (!st) {
        rd.fp = fp;
        rd.max = opts && opts->max_bytes ? opts->max_bytes : MLP_CSV_MAX_BYTES;
        if ((unsigned long long)size > rd.max)
            st = too_large(&rd, err);
    }
    if (!st && !(csv->path = mlp_alloc_strdup(name)))
        st = nomem(err, name);
    lens = mlp_alloc(P, sizeof *lens);
    all_lfs = mlp_alloc(P, sizeof *all_lfs);
    bounds = mlp_alloc(P + 1, sizeof *bounds);
    mine = mlp_alloc(1, mine_len);
    digests = mlp_alloc(2 * P, MLP_SHA256_BYTES);
    if (!st && (!lens || !all_lfs || !bounds || !mine || !digests))
        st = nomem(err, name);
    if (!st && !(st = reader_range(&rd, 0, (unsigned long long)size, err)))
        st = stream_first_row(&ps, &rd, threads_of(opts), err);
    if (!st) {
        unsigned long long S = (unsigned long long)size, base = rd.total - rd.len;
        unsigned long long first_at = base + (unsigned long long)(ps.row_at - rd.buf);
        unsigned long long body_at = base + (unsigned long long)(ps.body - rd.buf);
        unsigned long long lo = S / P * me + S % P * me / P;
        unsigned long long hi = S / P * (me + 1) + S % P * (me + 1) / P;
        unsigned long long own_from = 0, own_to = 0;
        if (!(st = line_start_at(fp, name, lo, S, &own_from, err)))
            st = line_start_at(fp, name, hi, S, &own_to, err);
        owns_first = own_from <= first_at && first_at < own_to;
        from = own_from > body_at ? own_from : body_at;
        to = own_to > body_at ? own_to : body_at;
        /* What this part reads: the head (the lines before the body: the
         * first row and any blank lines) and its own lines, hashed. */
        mlp_sha256 sha;
        mlp_sha256_init(&sha);
        if (!st)
            st = hash_range(&rd, 0, body_at, &sha, err);
        if (!st)
            st = count_range_lfs(&rd, from, to, &sha, &lfs, err);
        if (!st)
            mlp_sha256_final(&sha, me == 0 ? mine + MLP_SHA256_BYTES : mine);
        /* Part 0: the same of every part, as its own copy has them, and the
         * whole file's digest, in one more reading of every byte. */
        bounds[0] = body_at;
        bounds[P] = S;
        for (size_t q = 1; !st && me == 0 && q < P; q++) {
            st = line_start_at(fp, name, S / P * q + S % P * q / P, S, &bounds[q], err);
            bounds[q] = bounds[q] > body_at ? bounds[q] : body_at;
        }
        if (!st && me == 0)
            st = hash_file_and_parts(&rd, bounds, P, mine, mine + MLP_SHA256_BYTES, err);
        if (!st) {
            csv->cols = mlp_alloc_zero(ps.n_cols, sizeof *csv->cols);
            if (!csv->cols || ensure_rows(&ps, csv, 1, 0, err))
                st = nomem(err, name);
        }
    }
    if ((st = parts_agree(parts, st, err)))
        goto out;
    for (size_t q = 0; q < P; q++)
        lens[q] = MLP_SHA256_BYTES * (q == 0 ? P + 1 : 1);
    if ((st = parts->allgather(parts->ctx, mine, digests, lens, err)))
        goto out;
    if (opts && opts->sha256)
        memcpy(opts->sha256, digests, MLP_SHA256_BYTES); /* part 0's */
    for (size_t q = 0; q < P; q++)
        lens[q] = sizeof *all_lfs;
    if ((st = parts->allgather(parts->ctx, &lfs, all_lfs, lens, err)))
        goto out;
    /* Every part compares the same digests: the same answer everywhere. */
    if ((st = check_same_copies(name, digests, all_lfs, ps.body_line, P, err)))
        goto out;

    /* 2. Each part parses its lines; the error told is the earliest. */
    long line = ps.body_line;
    for (size_t q = 0; q < me; q++)
        line += (long)all_lfs[q];
    size_t row_base = owns_first ? first_row_base(&ps) : 0;
    st = stream_range(&ps, &rd, csv, from, to, line, row_base, err);
    size_t n = ps.n_cols, rec = sizeof(part_counts) + n;
    unsigned char *rec_mine = NULL;
    if (!st && (!(flags = mlp_alloc(P, rec)) || !(rec_mine = mlp_alloc(1, rec))))
        st = nomem(err, name);
    if ((st = parts_agree(parts, st, err))) {
        free(rec_mine);
        goto out;
    }

    /* 3. The header and each column's kind, from every part's flags. */
    part_counts pc = {ps.body_rows, (unsigned long long)owns_first};
    memcpy(rec_mine, &pc, sizeof pc);
    memcpy(rec_mine + sizeof pc, ps.rest_num, n);
    for (size_t q = 0; q < P; q++)
        lens[q] = rec;
    st = parts->allgather(parts->ctx, rec_mine, flags, lens, err);
    free(rec_mine);
    if (st)
        goto out;
    part_view pv = {.all_num = NULL, .owns_first = owns_first};
    size_t rows_before = 0, first_owner = 0;
    for (size_t q = 0; q < P; q++) {
        part_counts c;
        memcpy(&c, flags + q * rec, sizeof c);
        pv.all_body_rows += (size_t)c.body_rows;
        if (q < me)
            rows_before += (size_t)c.body_rows;
        if (c.owns_first)
            first_owner = q;
    }
    unsigned char *and_num = mlp_alloc(n, 1);
    for (size_t j = 0; and_num && j < n; j++) {
        unsigned char a = 1;
        for (size_t q = 0; q < P; q++)
            a &= flags[q * rec + sizeof(part_counts) + j];
        and_num[j] = a;
    }
    pv.all_num = and_num;
    int need_texts = 0;
    size_t r = 0;
    st = and_num ? finish_columns(&ps, csv, row_base, &pv, &need_texts, &r, err)
                 : nomem(err, name);
    free(and_num);
    and_num = NULL;
    if (!st) {
        csv->first_row = rows_before + (size_t)(!csv->has_header && first_owner < me);
        if (need_texts)
            st = stream_range_texts(&ps, &rd, csv, from, to, line, r, err);
    }
    if (!st)
        st = finish_names(&ps, csv, err);
    st = parts_agree(parts, st, err);
out:
    free(flags);
    free(lens);
    free(all_lfs);
    free(bounds);
    free(mine);
    free(digests);
    parser_free(&ps);
    free(rd.buf);
    if (fp)
        fclose(fp);
    if (st)
        mlp_csv_free(csv);
    return st;
}

long mlp_csv_field_col(const char *text, size_t len, long line, size_t field)
{
    if (!text || line < 1)
        return 0;
    size_t i = 0;
    for (long ln = 1; ln < line; ln++) {
        const char *nl = memchr(text + i, '\n', len - i);
        if (!nl)
            return 0;
        i = (size_t)(nl - text) + 1;
    }
    size_t line_start = i;
    for (size_t k = 0;; k++) {
        while (i < len && (text[i] == ' ' || text[i] == '\t'))
            i++;
        if (k == field)
            return i < len && text[i] != '\n' && text[i] != '\r' ? (long)(i - line_start) + 1 : 0;
        if (i < len && text[i] == '"') {
            for (i++; i < len; i++) {
                if (text[i] == '"') {
                    if (i + 1 < len && text[i + 1] == '"')
                        i++;
                    else
                        break;
                }
            }
        }
        while (i < len && text[i] != ',' && text[i] != '\n')
            i++;
        if (i >= len || text[i] != ',')
            return 0;
        i++;
    }
}

mlp_status mlp_csv_read(const char *path, mlp_csv *csv, mlp_error *err)
{
    return mlp_csv_read_with(path, NULL, csv, err);
}

long mlp_csv_find_column(const mlp_csv *csv, const char *name)
{
    if (!csv || !name || !csv->has_header)
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

void mlp_csv_write_field_prefixed(FILE *out, const char *prefix, const char *s)
{
    /* The field is prefix followed by s, judged and quoted as one. */
    size_t np = strlen(prefix), n = strlen(s);
    char first = np ? prefix[0] : s[0], last = n ? s[n - 1] : (np ? prefix[np - 1] : '\0');
    int trimmed = np + n && (first == ' ' || first == '\t' || last == ' ' || last == '\t');
    if (!trimmed && !strpbrk(prefix, ",\"\r\n") && !strpbrk(s, ",\"\r\n")) {
        fputs(prefix, out);
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (int second = 0; second < 2; second++)
        for (const char *c = second ? s : prefix; *c; c++) {
            if (*c == '"')
                fputc('"', out);
            fputc(*c, out);
        }
    fputc('"', out);
}

void mlp_csv_write_field(FILE *out, const char *s)
{
    mlp_csv_write_field_prefixed(out, "", s);
}
