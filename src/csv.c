/* csv.c: CSV text -> mlp_csv (numbers, the texts of non-numeric columns, the
 * line of every row and the place of every bad cell). Knows nothing of
 * networks or targets: dataset.c gives the columns their meaning. Opens files
 * only through fileio. */
#include "mlp/csv.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "fileio.h"

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

/* A cell is a number when strtod takes all of it and the value is finite.
 * Leading white space is refused here because strtod would skip it. */
static int parse_number(const char *s, size_t len, double *out)
{
    if (len == 0 || is_blank(s[0]) || s[0] == '\n' || s[0] == '\r' || s[0] == '\v' ||
        s[0] == '\f')
        return 0;
    char *endp;
    double v = strtod(s, &endp);
    if (endp != s + len || !isfinite(v))
        return 0;
    *out = v;
    return 1;
}

/* ------------------------------------------------------------------------ */
/* The passes: count the first row's fields; then check every row and learn
 * which cells are numbers (for header detection); then fill the table.     */

typedef struct {
    cursor c;
    size_t n_cols;             /* fields of the first row */
    long first_line;           /* line of the first row */
    size_t n_lines;            /* non-blank rows, header included */
    unsigned char *first_num;  /* n_cols: the first row's cell is a number */
    unsigned char *rest_num;   /* n_cols: every later cell is a number */
    long *header_col;          /* n_cols: field columns of the header row */
} parser;

enum { PASS_COUNT, PASS_CHECK, PASS_FILL };

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

static mlp_status store_cell(parser *ps, mlp_csv *csv, size_t r, size_t j)
{
    cursor *c = &ps->c;
    double v = 0.0;
    int num = parse_number(c->buf, c->len, &v);
    if (csv->has_header && r == 0) {
        csv->cols[j].name = mlp_alloc_strdup(c->buf);
        ps->header_col[j] = c->col;
        return csv->cols[j].name ? MLP_OK : MLP_ERR_NOMEM;
    }
    size_t i = r - (size_t)csv->has_header;
    mlp_csv_column *col = &csv->cols[j];
    csv->values[i * csv->n_cols + j] = num ? v : NAN;
    if (col->text) {
        col->text[i] = mlp_alloc_strdup(c->buf);
        if (!col->text[i])
            return MLP_ERR_NOMEM;
        col->text_col[i] = c->col;
    }
    if (!num && !col->bad_text) {
        col->bad_text = mlp_alloc_strdup(c->buf);
        if (!col->bad_text)
            return MLP_ERR_NOMEM;
        col->bad_line = c->line;
        col->bad_col = c->col;
    }
    return MLP_OK;
}

static mlp_status run_pass(parser *ps, int pass, mlp_csv *csv, mlp_error *err)
{
    cursor *c = &ps->c;
    cursor_rewind(c);
    size_t r = 0;
    while (next_row(c)) {
        long line = c->line;
        size_t j = 0;
        long extra_col = 0;
        int last = 0;
        while (!last) {
            mlp_status st = next_field(c, &last, err);
            if (st)
                return st;
            if (pass == PASS_COUNT) {
                j++;
                continue;
            }
            if (j >= ps->n_cols) {
                if (j == ps->n_cols)
                    extra_col = c->col;
                j++;
                continue;
            }
            if (pass == PASS_CHECK) {
                double v;
                int num = parse_number(c->buf, c->len, &v);
                if (r == 0)
                    ps->first_num[j] = (unsigned char)num;
                else if (!num)
                    ps->rest_num[j] = 0;
            } else {
                if (store_cell(ps, csv, r, j))
                    return nomem(err, c->name);
            }
            j++;
        }
        if (pass == PASS_COUNT) {
            ps->n_cols = j;
            ps->first_line = line;
            return MLP_OK;
        }
        if (j != ps->n_cols) {
            mlp_error_set(err, MLP_ERR_DATA, c->name, line,
                          j > ps->n_cols ? extra_col : col_of(c, c->p),
                          "row has %zu field%s, expected %zu (as in line %ld)", j,
                          j == 1 ? "" : "s", ps->n_cols, ps->first_line);
            mlp_error_hint(err, "every row needs as many comma-separated fields as the first "
                                "row; quote a field that contains a comma");
            return MLP_ERR_DATA;
        }
        if (pass == PASS_FILL && !(csv->has_header && r == 0))
            csv->row_line[r - (size_t)csv->has_header] = line;
        skip_line_end(c);
        r++;
    }
    if (pass == PASS_CHECK)
        ps->n_lines = r;
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
    return all_text || (ps->n_lines > 1 && some_col);
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
    mlp_error_set(err, MLP_ERR_DATA, csv->path, ps->first_line, ps->header_col[second],
                  "duplicate column name \"%s\" (columns %zu and %zu)", csv->cols[second].name,
                  first + 1, second + 1);
    mlp_error_hint(err, "give every column a different name");
    return MLP_ERR_DATA;
}

static mlp_status parse(parser *ps, mlp_csv *csv, mlp_error *err)
{
    cursor *c = &ps->c;
    mlp_status st = run_pass(ps, PASS_COUNT, csv, err);
    if (st)
        return st;
    if (ps->n_cols == 0) {
        mlp_error_set(err, MLP_ERR_DATA, c->name, 0, 0, "no data rows");
        mlp_error_hint(err, "the file is empty; write one example per line, its values "
                            "separated by commas");
        return MLP_ERR_DATA;
    }
    ps->first_num = mlp_alloc_zero(ps->n_cols, 1);
    ps->rest_num = mlp_alloc(ps->n_cols, 1);
    ps->header_col = mlp_alloc_zero(ps->n_cols, sizeof *ps->header_col);
    if (!ps->first_num || !ps->rest_num || !ps->header_col)
        return nomem(err, c->name);
    memset(ps->rest_num, 1, ps->n_cols);
    st = run_pass(ps, PASS_CHECK, csv, err);
    if (st)
        return st;

    csv->has_header = detect_header(ps);
    csv->n_cols = ps->n_cols;
    csv->n_rows = ps->n_lines - (size_t)csv->has_header;
    if (csv->n_rows == 0) {
        mlp_error_set(err, MLP_ERR_DATA, c->name, ps->first_line, 1, "no data rows");
        mlp_error_hint(err, "line %ld is read as a header (its cells are not numbers); add one "
                            "example per line below it", ps->first_line);
        return MLP_ERR_DATA;
    }

    csv->cols = mlp_alloc_zero(csv->n_cols, sizeof *csv->cols);
    if (csv->n_cols > SIZE_MAX / csv->n_rows)
        return nomem(err, c->name);
    csv->values = mlp_alloc(csv->n_rows * csv->n_cols, sizeof *csv->values);
    csv->row_line = mlp_alloc(csv->n_rows, sizeof *csv->row_line);
    if (!csv->cols || !csv->values || !csv->row_line)
        return nomem(err, c->name);
    for (size_t j = 0; j < csv->n_cols; j++) {
        mlp_csv_column *col = &csv->cols[j];
        col->numeric = ps->rest_num[j] && (csv->has_header || ps->first_num[j]);
        if (!col->numeric) {
            col->text = mlp_alloc_zero(csv->n_rows, sizeof *col->text);
            col->text_col = mlp_alloc(csv->n_rows, sizeof *col->text_col);
            if (!col->text || !col->text_col)
                return nomem(err, c->name);
        }
    }
    st = run_pass(ps, PASS_FILL, csv, err);
    if (st)
        return st;

    if (!csv->has_header) {
        for (size_t j = 0; j < csv->n_cols; j++) {
            char name[32];
            snprintf(name, sizeof name, "column %zu", j + 1);
            csv->cols[j].name = mlp_alloc_strdup(name);
            if (!csv->cols[j].name)
                return nomem(err, c->name);
        }
        return MLP_OK;
    }
    return check_duplicates(ps, csv, err);
}

/* ------------------------------------------------------------------------ */
/* Public functions                                                         */

mlp_status mlp_csv_parse(const char *text, size_t len, const char *name, mlp_csv *csv,
                         mlp_error *err)
{
    memset(csv, 0, sizeof *csv);
    parser ps;
    memset(&ps, 0, sizeof ps);
    ps.c.start = text;
    ps.c.end = text + len;
    ps.c.name = name;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        ps.c.start += 3;

    mlp_status st = MLP_OK;
    csv->path = mlp_alloc_strdup(name);
    if (!csv->path)
        st = nomem(err, name);
    else
        st = parse(&ps, csv, err);
    free(ps.c.buf);
    free(ps.first_num);
    free(ps.rest_num);
    free(ps.header_col);
    if (st)
        mlp_csv_free(csv);
    return st;
}

mlp_status mlp_csv_read(const char *path, mlp_csv *csv, mlp_error *err)
{
    memset(csv, 0, sizeof *csv);
    char *text = NULL;
    size_t len = 0;
    mlp_status st = mlp_fileio_read_all(path, &text, &len, err);
    if (st)
        return st;
    st = mlp_csv_parse(text, len, path, csv, err);
    free(text);
    return st;
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
