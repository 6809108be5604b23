/* SPDX-License-Identifier: MIT */
/* test_csv.c: header detection, line ends, quoting, blank lines, numbers
 * and every parse error with its exact message and position. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "check.h"

static mlp_status parse(const char *text, mlp_csv *csv, mlp_error *err)
{
    mlp_error_clear(err);
    return mlp_csv_parse(text, strlen(text), "t.csv", csv, err);
}

static void assert_error(const mlp_error *err, mlp_status code, const char *path, long line,
                         long col, const char *message)
{
    assert_int_equal(err->code, code);
    assert_string_equal(err->path, path);
    assert_int_equal(err->line, line);
    assert_int_equal(err->col, col);
    assert_string_equal(err->message, message);
}

static void assert_zeroed(const mlp_csv *csv)
{
    static const mlp_csv zero;
    assert_memory_equal(csv, &zero, sizeof zero);
}

/* Parses text expecting failure and checks the error record. */
static void assert_parse_fails(const char *text, mlp_status code, long line, long col,
                               const char *message)
{
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse(text, &csv, &err), code);
    assert_error(&err, code, "t.csv", line, col, message);
    assert_zeroed(&csv);
}

/* ------------------------------------------------------------------------ */

static void csv_should_detect_header_of_names(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse("x1,x2,y\n0,0.5,0\n-1,1,1\n", &csv, &err), MLP_OK);
    assert_true(csv.has_header);
    assert_int_equal(csv.n_rows, 2);
    assert_int_equal(csv.n_cols, 3);
    assert_string_equal(csv.path, "t.csv");
    assert_string_equal(csv.cols[0].name, "x1");
    assert_string_equal(csv.cols[1].name, "x2");
    assert_string_equal(csv.cols[2].name, "y");
    const double want[] = { 0, 0.5, 0, -1, 1, 1 };
    for (size_t k = 0; k < 6; k++)
        assert_true(csv.values[k] == want[k]);
    for (size_t j = 0; j < 3; j++) {
        assert_true(csv.cols[j].numeric);
        assert_null(csv.cols[j].text);
        assert_null(csv.cols[j].text_col);
        assert_null(csv.cols[j].bad_text);
    }
    assert_int_equal(csv.row_line[0], 2);
    assert_int_equal(csv.row_line[1], 3);
    mlp_csv_free(&csv);
    assert_zeroed(&csv);
}

static void csv_should_name_columns_when_there_is_no_header(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse("1,2,0\n3,4,1\n", &csv, &err), MLP_OK);
    assert_false(csv.has_header);
    assert_int_equal(csv.n_rows, 2);
    assert_string_equal(csv.cols[0].name, "column 1");
    assert_string_equal(csv.cols[2].name, "column 3");
    assert_true(csv.values[3] == 3.0);
    assert_int_equal(csv.row_line[0], 1);
    assert_int_equal(mlp_csv_find_column(&csv, "column 1"), -1);
    mlp_csv_free(&csv);
}

static void csv_should_detect_header_above_string_label_column(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse("x1,x2,label\n1,2,cat\n3,4,dog\n", &csv, &err), MLP_OK);
    assert_true(csv.has_header);
    assert_int_equal(csv.n_rows, 2);
    const mlp_csv_column *c = &csv.cols[2];
    assert_false(c->numeric);
    assert_string_equal(c->text[0], "cat");
    assert_string_equal(c->text[1], "dog");
    assert_int_equal(c->text_col[0], 5);
    assert_string_equal(c->bad_text, "cat");
    assert_int_equal(c->bad_line, 2);
    assert_int_equal(c->bad_col, 5);
    assert_true(isnan(csv.values[2]) && isnan(csv.values[5]));
    assert_int_equal(mlp_csv_find_column(&csv, "label"), 2);
    assert_int_equal(mlp_csv_find_column(&csv, "Label"), -1);
    mlp_csv_free(&csv);
}

static void csv_should_read_string_labels_without_header_as_data(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    /* The label column has words in every row, so its first cell is no header. */
    assert_int_equal(parse("1,2,cat\n3,4,dog\n", &csv, &err), MLP_OK);
    assert_false(csv.has_header);
    assert_int_equal(csv.n_rows, 2);
    assert_string_equal(csv.cols[2].text[0], "cat");
    assert_int_equal(csv.cols[2].bad_line, 1);
    mlp_csv_free(&csv);
}

static void csv_should_detect_header_from_one_column_over_numbers(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    /* "1990" is a number, but "a" over numbers makes the row a header. */
    assert_int_equal(parse("a,1990\n2,3\n", &csv, &err), MLP_OK);
    assert_true(csv.has_header);
    assert_int_equal(csv.n_rows, 1);
    assert_string_equal(csv.cols[1].name, "1990");
    mlp_csv_free(&csv);
}

static void csv_should_read_lone_mixed_row_as_data(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse("1,cat\n", &csv, &err), MLP_OK);
    assert_false(csv.has_header);
    assert_int_equal(csv.n_rows, 1);
    mlp_csv_free(&csv);
}

/* text read with the column names `names` looked up: from memory, and
 * from a file in blocks of 1 to 12 bytes on 1 and 3 threads, all the same
 * table (compared with the one from memory). Returns it (free it). */
static mlp_csv read_named(const char *text, char *const *names, size_t n_names)
{
    mlp_csv_options opts = {.names = names, .n_names = n_names};
    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    if (mlp_csv_parse_with(text, strlen(text), "t.csv", &opts, &csv, &err))
        fail_msg("%s", err.message);
    temp_file t;
    temp_write_named(&t, "t.csv", text, strlen(text));
    for (size_t block = 1; block <= 12; block++)
        for (int threads = 1; threads <= 3; threads += 2) {
            mlp_csv_options o = opts;
            o.block_bytes = block;
            o.threads = threads;
            mlp_csv f;
            if (mlp_csv_read_with(t.path, &o, &f, &err))
                fail_msg("block %zu: %s", block, err.message);
            assert_int_equal(f.has_header, csv.has_header);
            assert_int_equal(f.n_rows, csv.n_rows);
            assert_int_equal(f.n_cols, csv.n_cols);
            assert_memory_equal(f.values, csv.values, f.n_rows * f.n_cols * sizeof *f.values);
            assert_memory_equal(f.row_line, csv.row_line, f.n_rows * sizeof *f.row_line);
            for (size_t j = 0; j < f.n_cols; j++)
                assert_string_equal(f.cols[j].name, csv.cols[j].name);
            mlp_csv_free(&f);
        }
    temp_remove(&t);
    return csv;
}

/* pandas names the columns of an unnamed frame 0, 1, 2, ...: a header of
 * numbers, which was read as a row of data (and a spec naming "2" in
 * "targets" was told the file has no header row). A first row whose cells
 * all differ and hold every name the caller looks up is a header; without
 * names, or when one is missing or two cells are equal (a row of data), it
 * is data as before. */
static void csv_should_read_a_header_of_numbers_that_names_the_columns(void **state)
{
    (void)state;
    char *names[] = {"0", "1", "2", "label"};
    mlp_csv csv = read_named("0,1,2\n0,0.5,0\n\n1,1,1\n", names, 3);
    assert_true(csv.has_header);
    assert_int_equal(csv.n_rows, 2);
    assert_string_equal(csv.cols[0].name, "0");
    assert_string_equal(csv.cols[2].name, "2");
    const double want[] = {0, 0.5, 0, 1, 1, 1};
    assert_memory_equal(csv.values, want, sizeof want);
    assert_int_equal(csv.row_line[0], 2);
    assert_int_equal(csv.row_line[1], 4);
    assert_true(csv.cols[1].numeric);
    mlp_csv_free(&csv);
    /* the names in any order, among other columns (an index column too) */
    char *some[] = {"2", "0"};
    csv = read_named("3,0,1,2\n7,0,0,0\n8,1,1,1\n", some, 2);
    assert_true(csv.has_header);
    assert_int_equal(csv.n_rows, 2);
    mlp_csv_free(&csv);
    /* "label" over words: not a header by the other rules */
    csv = read_named("0,1,2,label\n0,0,0,no\n1,1,1,yes\n", names, 4);
    assert_true(csv.has_header);
    assert_int_equal(csv.n_rows, 2);
    assert_false(csv.cols[3].numeric);
    assert_string_equal(csv.cols[3].text[0], "no");
    assert_int_equal(csv.cols[3].text_col[1], 7);
    mlp_csv_free(&csv);
    /* data: no names, a name missing, two equal cells */
    const char *data = "0,1,2\n0,0,0\n1,1,1\n";
    csv = read_named(data, NULL, 0);
    assert_false(csv.has_header);
    assert_int_equal(csv.n_rows, 3);
    mlp_csv_free(&csv);
    csv = read_named(data, names, 4);
    assert_false(csv.has_header);
    mlp_csv_free(&csv);
    csv = read_named("0,1,1\n0,0,0\n", names, 2);
    assert_false(csv.has_header);
    assert_int_equal(csv.n_rows, 2);
    assert_string_equal(csv.cols[0].name, "column 1");
    mlp_csv_free(&csv);
    /* a lone row of the names is a header without rows */
    mlp_csv_options opts = {.names = names, .n_names = 2};
    mlp_error err;
    assert_int_equal(mlp_csv_parse_with("0,1\n", 4, "t.csv", &opts, &csv, &err), MLP_ERR_DATA);
    assert_error(&err, MLP_ERR_DATA, "t.csv", 1, 1, "no data rows");
    assert_string_equal(err.hint, "line 1 is read as a header (it holds the column names looked "
                                  "up); add one example per line below it");
    assert_zeroed(&csv);
}

/* text with the names `names` looked up fails with the error of `want`
 * (its line, column, message and hint), from memory and from a file in
 * blocks of 1 to 12 bytes. */
static void assert_named_fails(const char *text, char *const *names, size_t n_names,
                               long line, long col, const char *message, const char *hint)
{
    mlp_csv_options opts = {.names = names, .n_names = n_names};
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(mlp_csv_parse_with(text, strlen(text), "t.csv", &opts, &csv, &err),
                     MLP_ERR_DATA);
    assert_error(&err, MLP_ERR_DATA, "t.csv", line, col, message);
    assert_string_equal(err.hint, hint);
    assert_zeroed(&csv);
    temp_file t;
    temp_write_named(&t, "t.csv", text, strlen(text));
    for (size_t block = 1; block <= 12; block++) {
        opts.block_bytes = block;
        assert_int_equal(mlp_csv_read_with(t.path, &opts, &csv, &err), MLP_ERR_DATA);
        assert_int_equal(err.line, line);
        assert_int_equal(err.col, col);
        assert_string_equal(err.message, message);
    }
    temp_remove(&t);
}

/* A header saved in Latin-1 keeps its names as bytes (read by position or
 * by those bytes, it works), but a name looked up in UTF-8 ("café" from a
 * spec) matched none of them and the run said only "no column \"café\"".
 * When a name looked up is missing and the first row is not UTF-8, the
 * file is refused as not UTF-8 at the first byte that is no part of it,
 * with the iconv command. */
static void csv_should_say_a_header_is_not_utf8_when_a_name_is_missing(void **state)
{
    (void)state;
    const char *iconv = "mlp reads UTF-8 (or plain ASCII); convert it first, for example with "
                        "iconv -f latin1 -t utf-8 FILE > FILE-utf8.csv";
    char *cafe[] = {"x", "caf\xc3\xa9"};
    assert_named_fails("x,caf\xe9\n1,2\n", cafe, 2, 1, 6,
                       "the file is not UTF-8 (byte E9 in the name of column 2, \"caf\xe9\"), "
                       "and no column is named \"caf\xc3\xa9\"", iconv);
    /* after a BOM and a blank line, in quotes after a doubled quote */
    assert_named_fails("\xEF\xBB\xBF\nx, \"a\"\"\xfc\",y\n1,2,3\n", cafe, 2, 2, 8,
                       "the file is not UTF-8 (byte FC in the name of column 2, \"a\"\xfc\"), "
                       "and no column is named \"caf\xc3\xa9\"", iconv);
    /* read as it is when every name is found (a model trained on the
     * Latin-1 file), or none is looked up */
    char *latin[] = {"caf\xe9"};
    mlp_csv csv = read_named("x,caf\xe9\n1,2\n", latin, 1);
    assert_string_equal(csv.cols[1].name, "caf\xe9");
    mlp_csv_free(&csv);
    csv = read_named("x,caf\xe9\n1,2\n", NULL, 0);
    assert_true(csv.has_header);
    mlp_csv_free(&csv);
}

static void csv_should_accept_crlf_line_ends(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse("a,b\r\n1,2\r\n3,4\r", &csv, &err), MLP_OK);
    assert_string_equal(csv.cols[1].name, "b");
    assert_int_equal(csv.n_rows, 2);
    assert_true(csv.cols[1].numeric);
    assert_true(csv.values[1] == 2.0 && csv.values[3] == 4.0);
    assert_int_equal(csv.row_line[1], 3);
    mlp_csv_free(&csv);
}

static void csv_should_skip_utf8_bom(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse("\xEF\xBB\xBF" "a,b\n1,2\n", &csv, &err), MLP_OK);
    assert_string_equal(csv.cols[0].name, "a");
    mlp_csv_free(&csv);
    /* Columns on the first line count the BOM's 3 bytes, as every column
     * counts bytes from the start of its line. */
    assert_parse_fails("\xEF\xBB\xBF" "a,\"b\n1,2\n", MLP_ERR_DATA, 1, 6, "unterminated quote");
}

/* Regression: on line 1 of a file that starts with a UTF-8 byte-order mark
 * the reader counted columns from after the mark, while the pre-flight's
 * cells (mlp_csv_field_col) and spec.c count every byte of the line, so
 * one file's line 1 had two kinds of column (duplicate name 1:4, a target
 * out of range 1:8). Now every column counts the mark's 3 bytes: the same
 * from text, from a file, and from a file read 2 bytes at a time (where
 * the mark has left the buffer before the rest of the line comes). */
static void csv_should_count_the_byte_order_mark_in_line_1_columns(void **state)
{
    (void)state;
#define BOM "\xEF\xBB\xBF"
    static const struct {
        const char *text;
        size_t len;
        long col;
        const char *message;
    } cases[] = {
        {BOM "x1,x1,y\n0,0,0\n", 0, 7, "duplicate column name \"x1\" (columns 1 and 2)"},
        {BOM "a,\"b\n1,2\n", 0, 6, "unterminated quote"},
        {BOM "\"a\" b,c\n1,2\n", 0, 4, "unexpected \"b\" after the closing quote of a field"},
        {BOM "a,b\0,c\n", 10, 7, "NUL byte in the text"},
        {BOM "a;b;c\n1;2;3\n", 0, 5, "the first line is separated by semicolons (\";\"), not "
                                     "commas"},
        {BOM BOM "a,b,y\n1,2,0\n", 0, 4,
         "a second byte-order mark (bytes EF BB BF) starts the first line"},
        {BOM "  " BOM "y,a\n0,1\n", 0, 6,
         "a byte-order mark (bytes EF BB BF) after blank space starts the first row"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t len = cases[k].len ? cases[k].len : strlen(cases[k].text);
        temp_file t;
        temp_write_named(&t, "bom.csv", cases[k].text, len);
        for (int how = 0; how < 3; how++) {
            mlp_csv csv;
            mlp_error err;
            mlp_error_clear(&err);
            mlp_csv_options small = {.block_bytes = 2};
            mlp_status st = how == 0 ? mlp_csv_parse(cases[k].text, len, "bom.csv", &csv, &err)
                            : how == 1 ? mlp_csv_read(t.path, &csv, &err)
                                       : mlp_csv_read_with(t.path, &small, &csv, &err);
            assert_int_equal(st, MLP_ERR_DATA);
            assert_int_equal(err.line, 1);
            assert_int_equal(err.col, cases[k].col);
            assert_string_equal(err.message, cases[k].message);
        }
        temp_remove(&t);
    }

    /* The cells of a first row of data: where the table puts a word, and
     * where mlp_csv_field_col finds it again, are one column. */
    static const char data[] = BOM "1,x,0\n2,y,1\n";
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse(data, &csv, &err), MLP_OK);
    assert_false(csv.has_header);
    assert_int_equal(csv.cols[1].bad_line, 1);
    assert_int_equal(csv.cols[1].bad_col, 6);
    assert_int_equal(csv.cols[1].text_col[0], 6);
    assert_int_equal(mlp_csv_field_col(data, sizeof data - 1, 1, 1), 6);
    assert_int_equal(mlp_csv_field_col(data, sizeof data - 1, 1, 2), 8);
    mlp_csv_free(&csv);

    /* A first line longer than MLP_CSV_LINE_MAX, with a NUL 10 bytes after
     * the mark: refused while streaming, after the mark left the buffer. */
    size_t n = 3 + MLP_CSV_LINE_MAX + 2;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, 'a', n);
    memcpy(big, BOM, 3);
    big[13] = '\0';
    big[n - 1] = '\n';
    temp_file t;
    temp_write_named(&t, "long.csv", big, n);
    free(big);
    mlp_error_clear(&err);
    assert_int_equal(mlp_csv_read(t.path, &csv, &err), MLP_ERR_DATA);
    assert_error(&err, MLP_ERR_DATA, t.path, 1, 14, "NUL byte in the text");
    temp_remove(&t);
#undef BOM
}

static void csv_should_skip_blank_lines(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse("\n\na,b\n\n1,2\n  \t \n3,4\n\n\n", &csv, &err), MLP_OK);
    assert_true(csv.has_header);
    assert_int_equal(csv.n_rows, 2);
    assert_int_equal(csv.row_line[0], 5);
    assert_int_equal(csv.row_line[1], 7);
    assert_true(csv.values[2] == 3.0);
    mlp_csv_free(&csv);
}

/* The table keeps the line of its first row (the header, when there is
 * one), below any blank lines, for the messages about its columns
 * (dataset.c, mlpplot loss); they said line 1 whatever came first. The
 * same from text, from a file, and from a file read a few bytes at a time. */
static void csv_should_keep_the_line_of_the_first_row(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        long first_line;
        int has_header;
    } cases[] = {
        {"x,y\n1,2\n", 1, 1},
        {"\n \t\r\n\nx,y\n1,2\n", 4, 1},
        {"\xEF\xBB\xBF\n\nx,y\n1,2\n", 3, 1},
        {"\n\n1,2\n3,4\n", 3, 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        temp_file t;
        temp_write_named(&t, "first.csv", cases[k].text, strlen(cases[k].text));
        for (int how = 0; how < 3; how++) {
            mlp_csv csv;
            mlp_error err;
            mlp_error_clear(&err);
            mlp_csv_options small = {.block_bytes = 3};
            mlp_status st = how == 0 ? parse(cases[k].text, &csv, &err)
                            : how == 1 ? mlp_csv_read(t.path, &csv, &err)
                                       : mlp_csv_read_with(t.path, &small, &csv, &err);
            assert_int_equal(st, MLP_OK);
            assert_int_equal(csv.has_header, cases[k].has_header);
            assert_int_equal(csv.first_line, cases[k].first_line);
            mlp_csv_free(&csv);
        }
        temp_remove(&t);
    }
}

static void csv_should_trim_spaces_and_tabs_around_fields(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse(" a ,\tb\t\n 1 ,\t2 \n", &csv, &err), MLP_OK);
    assert_string_equal(csv.cols[0].name, "a");
    assert_string_equal(csv.cols[1].name, "b");
    assert_true(csv.values[0] == 1.0 && csv.values[1] == 2.0);
    mlp_csv_free(&csv);
}

static void csv_should_unquote_fields(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse("\"x, 1\",  \"say \"\"hi\"\"\" ,y\n\"1.5\",2,\"a,b\"\n3,4,\"\"\n",
                           &csv, &err),
                     MLP_OK);
    assert_true(csv.has_header);
    assert_string_equal(csv.cols[0].name, "x, 1");
    assert_string_equal(csv.cols[1].name, "say \"hi\"");
    assert_true(csv.cols[0].numeric);
    assert_true(csv.values[0] == 1.5);
    assert_string_equal(csv.cols[2].text[0], "a,b");
    assert_string_equal(csv.cols[2].text[1], "");
    assert_int_equal(csv.cols[2].text_col[0], 9);
    mlp_csv_free(&csv);
}

static void csv_should_keep_empty_field_as_non_number(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse("a,b\n1,\n2,3\n", &csv, &err), MLP_OK);
    assert_false(csv.cols[1].numeric);
    assert_string_equal(csv.cols[1].bad_text, "");
    assert_int_equal(csv.cols[1].bad_line, 2);
    assert_int_equal(csv.cols[1].bad_col, 3);
    mlp_csv_free(&csv);
}

static void csv_should_treat_nan_and_inf_as_non_numbers(void **state)
{
    (void)state;
    const char *cells[] = { "nan", "NaN", "inf", "-Infinity", "1e999", "-1e400" };
    for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++) {
        char text[64];
        snprintf(text, sizeof text, "a,b\n1,2\n3,%s\n", cells[k]);
        mlp_csv csv;
        mlp_error err;
        assert_int_equal(parse(text, &csv, &err), MLP_OK);
        assert_true(csv.has_header);
        assert_false(csv.cols[1].numeric);
        assert_string_equal(csv.cols[1].bad_text, cells[k]);
        assert_int_equal(csv.cols[1].bad_line, 3);
        assert_int_equal(csv.cols[1].bad_col, 3);
        assert_true(isnan(csv.values[3]));
        assert_true(csv.values[1] == 2.0);
        mlp_csv_free(&csv);
    }
}

static void csv_should_read_17_digit_values_exactly(void **state)
{
    (void)state;
    const char *nums[] = { "0.74346117619553931", "-0.6320315690978896", "1.6575566177861691",
                           "2.2250738585072014e-308", "0.1", "123456789012345678",
                           "4.9406564584124654e-324" };
    size_t n = sizeof nums / sizeof nums[0];
    char text[512] = "v\n";
    for (size_t k = 0; k < n; k++) {
        strcat(text, nums[k]);
        strcat(text, "\n");
    }
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse(text, &csv, &err), MLP_OK);
    assert_int_equal(csv.n_rows, n);
    for (size_t k = 0; k < n; k++) {
        double want = strtod(nums[k], NULL);
        assert_memory_equal(&csv.values[k], &want, sizeof want);
    }
    mlp_csv_free(&csv);
}

static void csv_should_reject_empty_file(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse("", &csv, &err), MLP_ERR_DATA);
    assert_error(&err, MLP_ERR_DATA, "t.csv", 0, 0, "no data rows");
    assert_string_equal(err.hint, "the file is empty; write one example per line, its values "
                                  "separated by commas");
    assert_zeroed(&csv);
    assert_parse_fails("\n  \n\r\n", MLP_ERR_DATA, 0, 0, "no data rows");
    assert_parse_fails("\xEF\xBB\xBF", MLP_ERR_DATA, 0, 0, "no data rows");
}

static void csv_should_reject_header_only(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse("\nx1,x2,y\n\n", &csv, &err), MLP_ERR_DATA);
    assert_error(&err, MLP_ERR_DATA, "t.csv", 2, 1, "no data rows");
    assert_string_equal(err.hint, "line 2 is read as a header (its cells are not numbers); add "
                                  "one example per line below it");
    assert_zeroed(&csv);
}

static void csv_should_reject_ragged_rows(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse("a,b\n1,2\n3,4,5,6\n", &csv, &err), MLP_ERR_DATA);
    assert_error(&err, MLP_ERR_DATA, "t.csv", 3, 5, "row has 4 fields, expected 2 (as in line 1)");
    assert_string_equal(err.hint, "every row needs as many comma-separated fields as the first "
                                  "row; quote a field that contains a comma");
    assert_zeroed(&csv);
    /* Too few: the column just past the row's last field. */
    assert_parse_fails("\na,b,c\n1,2,3\n4,5\n", MLP_ERR_DATA, 4, 4,
                       "row has 2 fields, expected 3 (as in line 2)");
    assert_parse_fails("a,b\n7\n", MLP_ERR_DATA, 2, 2, "row has 1 field, expected 2 (as in line 1)");
    /* A trailing comma adds an empty field. */
    assert_parse_fails("a,b\n1,2,\n", MLP_ERR_DATA, 2, 5, "row has 3 fields, expected 2 (as in line 1)");
}

static void csv_should_reject_unterminated_quote(void **state)
{
    (void)state;
    assert_parse_fails("a,b\n1, \"2\n3,4\n", MLP_ERR_DATA, 2, 4, "unterminated quote");
    assert_parse_fails("a,b\n1,\"2", MLP_ERR_DATA, 2, 3, "unterminated quote");
    assert_parse_fails("a,b\n1,\"2\"\"\n", MLP_ERR_DATA, 2, 3, "unterminated quote");
}

static void csv_should_reject_text_after_closing_quote(void **state)
{
    (void)state;
    assert_parse_fails("a,b\n1,\"2\"x y ,3\n", MLP_ERR_DATA, 2, 3,
                       "unexpected \"x y \" after the closing quote of a field");
    assert_parse_fails("a,\"b\"  c\n1,2\n", MLP_ERR_DATA, 1, 3,
                       "unexpected \"c\" after the closing quote of a field");
}

/* The text after a closing quote is shown up to 40 bytes, then "...": cut
 * before a UTF-8 character that would not fit whole. It was cut at byte 40,
 * inside an é at bytes 39-40 or an emoji at 38-41, whose first bytes the
 * message then showed as \xC3 or \xF0\x9F\x98 (error.c escapes what is not
 * UTF-8), as if the file were corrupt. */
static void csv_should_cut_text_after_closing_quote_between_characters(void **state)
{
    (void)state;
    char x39[40], text[128], want[160];
    memset(x39, 'x', 39);
    x39[39] = '\0';
    /* 39 bytes, then an é that would end at byte 41: the 39 are shown */
    snprintf(text, sizeof text, "a,b\n1,\"2\"%s\xC3\xA9yz\n", x39);
    snprintf(want, sizeof want, "unexpected \"%s...\" after the closing quote of a field", x39);
    assert_parse_fails(text, MLP_ERR_DATA, 2, 3, want);
    /* 38 bytes, then a 4-byte character (U+1F600): the 38 */
    snprintf(text, sizeof text, "a,b\n1,\"2\"%.38s\xF0\x9F\x98\x80,3\n", x39);
    snprintf(want, sizeof want, "unexpected \"%.38s...\" after the closing quote of a field",
             x39);
    assert_parse_fails(text, MLP_ERR_DATA, 2, 3, want);
    /* 38 bytes and an é end at byte 40: all 40 are shown, the é whole */
    snprintf(text, sizeof text, "a,b\n1,\"2\"%.38s\xC3\xA9yz\n", x39);
    snprintf(want, sizeof want,
             "unexpected \"%.38s\xC3\xA9...\" after the closing quote of a field", x39);
    assert_parse_fails(text, MLP_ERR_DATA, 2, 3, want);
}

static void csv_should_reject_duplicate_header_names(void **state)
{
    (void)state;
    assert_parse_fails("x,y,z,y,x\n1,2,3,4,5\n", MLP_ERR_DATA, 1, 7,
                       "duplicate column name \"y\" (columns 2 and 4)");
    assert_parse_fails("x,y,\"x\"\n1,2,3\n", MLP_ERR_DATA, 1, 5,
                       "duplicate column name \"x\" (columns 1 and 3)");
}

/* Columns without a name (pandas' index ",a,b", a trailing comma "a,b,",
 * both ",a,") were refused as "duplicate column name \"\"" when there
 * were two: they are no duplicates of each other. The table keeps them
 * ("" names); a run that would read one says "column N of M has no name"
 * (test_dataset.c), and "features" may leave them unread. Named columns
 * are still compared among themselves. */
static void csv_should_not_call_unnamed_columns_duplicates(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse(",a,\n0,1,2\n", &csv, &err), MLP_OK);
    assert_true(csv.has_header);
    assert_int_equal(csv.n_cols, 3);
    assert_string_equal(csv.cols[0].name, "");
    assert_string_equal(csv.cols[1].name, "a");
    assert_string_equal(csv.cols[2].name, "");
    mlp_csv_free(&csv);
    assert_int_equal(parse(",,x\n0,1,2\n", &csv, &err), MLP_OK);
    assert_string_equal(csv.cols[2].name, "x");
    mlp_csv_free(&csv);
    assert_parse_fails(",x,, x ,\n1,2,3,4,5\n", MLP_ERR_DATA, 1, 6,
                       "duplicate column name \"x\" (columns 2 and 4)");
}

static void csv_should_reject_nul_byte(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_csv_parse("a,b\n1,2\0\n", 9, "t.csv", &csv, &err), MLP_ERR_DATA);
    assert_error(&err, MLP_ERR_DATA, "t.csv", 2, 4, "NUL byte in the text");
    assert_zeroed(&csv);
}

/* A first line with semicolons or tabs between fields and no comma is
 * another separator, refused by name at its first separator; a comma
 * anywhere in that line, or a separator inside quotes, makes it CSV. */
static void csv_should_refuse_other_separators_by_name(void **state)
{
    (void)state;
    assert_parse_fails("x1;x2;y\n1;2;0\n", MLP_ERR_DATA, 1, 3,
                       "the first line is separated by semicolons (\";\"), not commas");
    assert_parse_fails("\n\n  x1\tx2\ty\n1\t2\t0\n", MLP_ERR_DATA, 3, 5,
                       "the first line is separated by tabs, not commas");
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse("\"a;b\"\n1\n", &csv, &err), MLP_OK);
    assert_string_equal(csv.cols[0].name, "a;b");
    mlp_csv_free(&csv);
    assert_int_equal(parse("x;1,y\nq,0\n", &csv, &err), MLP_OK);
    mlp_csv_free(&csv);
    assert_int_equal(parse("x\t\n1\n", &csv, &err), MLP_OK); /* a trailing tab is space */
    mlp_csv_free(&csv);
}

/* A file whose lines end in a CR alone (classic Mac OS, some Excel
 * exports) was read as one line: a header of every cell of the file, "no
 * data rows" or a puzzling count of features. It is refused at its first
 * lone CR with the tr command; CRLF, a CR that ends the text and a CR
 * inside quotes are read as before. */
static void csv_should_refuse_cr_only_line_ends(void **state)
{
    (void)state;
    const char *msg = "line ends are CR only (no LF after the CR, as classic Mac OS and some "
                      "Excel exports write them), so the file would be read as one line";
    assert_parse_fails("x,y\r0,1\r2,3\r", MLP_ERR_DATA, 1, 4, msg);
    /* after a BOM (3 bytes of line 1) and blank lines */
    assert_parse_fails("\xEF\xBB\xBF\n\n  a,b\r1,2\r", MLP_ERR_DATA, 3, 6, msg);
    /* a numeric first row too: the whole file is one line all the same */
    assert_parse_fails("1,2\r3,4", MLP_ERR_DATA, 1, 4, msg);
    /* A line of blanks and lone CRs is no blank line: it is the first row,
     * refused at its first lone CR. The check took every CR before the
     * first row for blank space and judged line 2 (2:5 here), where the
     * parser, and the streamed reader, read line 1 as the first row: a
     * file read in blocks gave "row has 2 fields, expected 1" instead
     * (fuzz_csv_stream). */
    assert_parse_fails("\t\r\r\n1,24\r\r\n1,\n", MLP_ERR_DATA, 1, 2, msg);
    assert_parse_fails("\r\r\r1,2\r3,4\r", MLP_ERR_DATA, 1, 1, msg);
    /* a blank line ending in CRLF, or in a CR that ends the text, is blank */
    assert_parse_fails(" \t\r\n\r\nx,y\r1,2\n", MLP_ERR_DATA, 3, 4, msg);
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse("x,y\r0,1\r", &csv, &err), MLP_ERR_DATA);
    assert_string_equal(err.hint, "mlp reads LF or CRLF line ends; convert it first, for "
                                  "example with tr '\\r' '\\n' < FILE > FILE-lf.csv");
    assert_int_equal(parse("x,y\r\n0,1\r\n2,3\r", &csv, &err), MLP_OK);
    assert_int_equal(csv.n_rows, 2);
    mlp_csv_free(&csv);
    assert_int_equal(parse("\"a\rb\",y\n0,1\n", &csv, &err), MLP_OK);
    assert_string_equal(csv.cols[0].name, "a\rb");
    mlp_csv_free(&csv);
}

/* Excel's "sep=;" line before the first row was read as a header of one
 * column ("sep=;") or, before semicolons, refused as a file separated by
 * semicolons at the ";" of "sep=;" (line 1, column 5). It is named at its
 * first byte, with the commands for its separator: a comma's line is only
 * removed. */
static void csv_should_name_excels_separator_line(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse("sep=;\nx;y\n1;2\n", &csv, &err), MLP_ERR_DATA);
    assert_error(&err, MLP_ERR_DATA, "t.csv", 1, 1,
                 "the first line is Excel's separator line \"sep=;\" (the file is separated by "
                 "semicolons), not a row of data");
    assert_string_equal(err.hint, "mlp reads comma-separated files with decimal points and no "
                                  "such line; convert it first, for example with sed 1d FILE | "
                                  "tr ';' ',' > FILE-commas.csv (when no value holds a comma), "
                                  "or with sed 1d FILE | tr ',;' '.,' > FILE-commas.csv where "
                                  "numbers have decimal commas (0,5)");
    assert_zeroed(&csv);
    /* a comma's: any letter case, blanks and CRLF after it; the line of
     * the first row after blank lines, the column after a BOM */
    assert_int_equal(parse("\xEF\xBB\xBF\n\nSEP=, \r\nx,y\n1,2\n", &csv, &err), MLP_ERR_DATA);
    assert_error(&err, MLP_ERR_DATA, "t.csv", 3, 1,
                 "the first line is Excel's separator line \"SEP=,\" (the file is separated by "
                 "commas), not a row of data");
    assert_string_equal(err.hint, "remove that line, for example with sed 3d FILE > FILE-data.csv");
    assert_parse_fails("\xEF\xBB\xBFsep=\t\nx\ty\n", MLP_ERR_DATA, 1, 4,
                       "the first line is Excel's separator line \"sep=\\t\" (the file is "
                       "separated by tabs), not a row of data");
    assert_int_equal(parse("sep=|\nx|y\n1|2\n", &csv, &err), MLP_ERR_DATA);
    assert_error(&err, MLP_ERR_DATA, "t.csv", 1, 1,
                 "the first line is Excel's separator line \"sep=|\", not a row of data");
    assert_string_equal(err.hint, "mlp reads comma-separated files; convert it first, for "
                                  "example with sed 1d FILE | tr '|' ',' > FILE-commas.csv (when "
                                  "no value holds a comma)");
    /* not a separator line: more after the byte, or no byte */
    assert_int_equal(parse("sep=ab,y\nq,1\n", &csv, &err), MLP_OK);
    assert_string_equal(csv.cols[0].name, "sep=ab");
    mlp_csv_free(&csv);
    assert_int_equal(parse("sep=\n1\n", &csv, &err), MLP_OK);
    assert_string_equal(csv.cols[0].name, "sep=");
    mlp_csv_free(&csv);
}

/* A spreadsheet that separates cells by semicolons writes decimal commas
 * (0,5): the hint gives the tr command for both kinds of file. It is the
 * same whatever the lines after the first hold, so that every way of
 * reading a file (whole, streamed in blocks of any size) tells the same. */
static void csv_should_convert_decimal_commas_with_the_separator(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    const char *semi = "mlp reads comma-separated files with decimal points; convert it first, "
                       "for example with tr ';' ',' (when no value holds a comma), or with "
                       "tr ',;' '.,' where numbers have decimal commas (0,5)";
    assert_int_equal(parse("x1;x2;y\n1;2;0\n", &csv, &err), MLP_ERR_DATA);
    assert_string_equal(err.hint, semi);
    assert_int_equal(parse("x1;x2;y\n\n\n0,5;2;0\n", &csv, &err), MLP_ERR_DATA);
    assert_error(&err, MLP_ERR_DATA, "t.csv", 1, 3,
                 "the first line is separated by semicolons (\";\"), not commas");
    assert_string_equal(err.hint, semi);
    assert_int_equal(parse("x1\tx2\n1,25\t2\n", &csv, &err), MLP_ERR_DATA);
    assert_string_equal(err.hint, "mlp reads comma-separated files with decimal points; convert it "
                                  "first, for example with tr '\\t' ',' (when no value holds a "
                                  "comma), or with tr ',\\t' '.,' where numbers have decimal "
                                  "commas (0,5)");
    assert_zeroed(&csv);
}

/* UTF-16 and UTF-32 files (what Windows calls "Unicode text") are named,
 * with the iconv command that converts them; they were refused as binary
 * at their first NUL ("NUL byte in the text; the file looks binary"). From
 * text, and from a file read whole at once and in blocks of 1 byte (the
 * check needs the file's first 4 bytes, which then come in 4 reads). */
static void csv_should_name_utf16_and_utf32(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t len;
        const char *message, *enc;
    } cases[] = {
        {"\xFF\xFE" "a\0,\0b\0\n\0" "1\0,\0" "2\0\n\0", 18,
         "the file is UTF-16 text (it starts with the byte-order mark FF FE)", "UTF-16"},
        {"\xFE\xFF" "\0a\0,\0b\0\n\0" "1\0,\0" "2\0\n", 18,
         "the file is UTF-16 text (it starts with the byte-order mark FE FF)", "UTF-16"},
        {"a\0,\0b\0\n\0" "1\0,\0" "2\0\n\0", 16,
         "the file is UTF-16LE text (no byte-order mark, but a 0 after each of its first "
         "characters)", "UTF-16LE"},
        {"\0a\0,\0b\0\n\0" "1\0,\0" "2\0\n", 16,
         "the file is UTF-16BE text (no byte-order mark, but a 0 before each of its first "
         "characters)", "UTF-16BE"},
        {"\xFF\xFE\0\0" "a\0\0\0\n\0\0\0", 12,
         "the file is UTF-32 text (it starts with the byte-order mark FF FE 00 00)", "UTF-32"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        mlp_csv csv;
        mlp_error err;
        char hint[160];
        snprintf(hint, sizeof hint, "mlp reads UTF-8 (or plain ASCII); convert it first, for "
                                    "example with iconv -f %s -t UTF-8 FILE > FILE-utf8.csv",
                 cases[k].enc);
        mlp_error_clear(&err);
        assert_int_equal(mlp_csv_parse(cases[k].bytes, cases[k].len, "t.csv", &csv, &err),
                         MLP_ERR_DATA);
        assert_error(&err, MLP_ERR_DATA, "t.csv", 1, 1, cases[k].message);
        assert_string_equal(err.hint, hint);
        assert_zeroed(&csv);
        temp_file t;
        temp_write_named(&t, "u.csv", cases[k].bytes, cases[k].len);
        for (size_t block = 1; block <= 8192; block *= 8192) {
            mlp_csv_options opts = {.block_bytes = block};
            assert_int_equal(mlp_csv_read_with(t.path, &opts, &csv, &err), MLP_ERR_DATA);
            assert_error(&err, MLP_ERR_DATA, t.path, 1, 1, cases[k].message);
            assert_zeroed(&csv);
        }
        temp_remove(&t);
    }
    /* Plain text whose second character is not 0 is read as it always was. */
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse("a,b\n1,2\n", &csv, &err), MLP_OK);
    mlp_csv_free(&csv);
}

/* A compressed file or a workbook (data.csv.gz, an .xlsx named .csv) is
 * named by its magic bytes, with the command that gets the text out; it was
 * refused as binary at its first NUL, or read as a header of garbage. From
 * text, and from a file read whole and in blocks of 1 byte (the longest
 * magic is 10 bytes, in 10 reads). A text whose first line starts with the
 * letters "BZh" is text. */
static void csv_should_name_compressed_files_and_workbooks(void **state)
{
    (void)state;
    /* hint: a compressor's command is "hint NAME > STEM-text.csv" (z.csv is
     * no name gunzip -k takes); a workbook's "hint NAME" */
    static const struct {
        const char *bytes;
        size_t len;
        const char *message, *hint;
        int compressed;
    } cases[] = {
        {"\x1F\x8B\x08\x08\0\0\0\0\0\x03", 10, "the file is gzip-compressed, not CSV text",
         "decompress it first: gunzip -c ", 1},
        {"\xFD" "7zXZ\0\0\x04\xE6\xD6", 10, "the file is xz-compressed, not CSV text",
         "decompress it first: unxz -c ", 1},
        {"\x28\xB5\x2F\xFD\x24\x10", 6, "the file is zstd-compressed, not CSV text",
         "decompress it first: unzstd -c ", 1},
        {"BZh9\x31\x41\x59\x26\x53\x59\0", 11, "the file is bzip2-compressed, not CSV text",
         "decompress it first: bunzip2 -c ", 1},
        {"PK\x03\x04\x14\0\x06\0", 8,
         "the file is a zip archive (as an .xlsx or .ods workbook is), not CSV text",
         "save the sheet as CSV (comma-separated) from the spreadsheet, or unzip ", 0},
        {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10,
         "the file is an old Excel workbook (.xls), not CSV text",
         "save the sheet as CSV (comma-separated) from the spreadsheet that opens ", 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        mlp_csv csv;
        mlp_error err;
        char hint[300];
        mlp_error_clear(&err);
        assert_int_equal(mlp_csv_parse(cases[k].bytes, cases[k].len, "t.csv", &csv, &err),
                         MLP_ERR_DATA);
        assert_error(&err, MLP_ERR_DATA, "t.csv", 1, 1, cases[k].message);
        snprintf(hint, sizeof hint, "%st.csv%s", cases[k].hint,
                 cases[k].compressed ? " > t-text.csv" : "");
        assert_string_equal(err.hint, hint);
        assert_zeroed(&csv);
        temp_file t;
        temp_write_named(&t, "z.csv", cases[k].bytes, cases[k].len);
        for (size_t block = 1; block <= 8192; block *= 8192) {
            mlp_csv_options opts = {.block_bytes = block};
            assert_int_equal(mlp_csv_read_with(t.path, &opts, &csv, &err), MLP_ERR_DATA);
            assert_error(&err, MLP_ERR_DATA, t.path, 1, 1, cases[k].message);
            if (cases[k].compressed)
                snprintf(hint, sizeof hint, "%s%s > %s/z-text.csv", cases[k].hint, t.path,
                         t.dir);
            else
                snprintf(hint, sizeof hint, "%s%s", cases[k].hint, t.path);
            assert_string_equal(err.hint, hint);
            assert_zeroed(&csv);
        }
        temp_remove(&t);
    }
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse("BZh9,x\n1,2\n", &csv, &err), MLP_OK);
    mlp_csv_free(&csv);
}

/* Regression: the hint for a compressed file was "gunzip -k NAME" (unxz -k,
 * unzstd, bunzip2 -k) whatever the name, and those tools refuse a name
 * without their suffix (gzip: d.csv: unknown suffix -- ignored). Now a
 * name with the suffix is decompressed in place, any other gets the text
 * written beside it, and a name the shell would split or expand is quoted;
 * tests/cli/test_compressed_hint.sh runs the commands. */
static void csv_should_give_a_decompress_command_that_works_for_any_name(void **state)
{
    (void)state;
    static const char gz[] = "\x1F\x8B\x08\x08\0\0\0\0\0\x03";
    static const char xz[] = "\xFD" "7zXZ\0\0\x04\xE6\xD6";
    static const char zst[] = "\x28\xB5\x2F\xFD\x24\x10";
    static const char bz2[] = "BZh9\x31\x41\x59\x26\x53\x59\0";
    static const struct {
        const char *bytes, *name, *hint;
    } cases[] = {
        {gz, "d.csv", "gunzip -c d.csv > d-text.csv"},
        {gz, "data/d.csv.gz", "gunzip -k data/d.csv.gz"},
        {gz, "d.gz.csv", "gunzip -c d.gz.csv > d.gz-text.csv"},
        {gz, "data.v2/d", "gunzip -c data.v2/d > data.v2/d-text.csv"},
        {gz, "data/.gz", "gunzip -c data/.gz > data/.gz-text.csv"},
        {gz, "my data.csv", "gunzip -c 'my data.csv' > 'my data-text.csv'"},
        {gz, "it's.csv.gz", "gunzip -k 'it'\\''s.csv.gz'"},
        {gz, "$HOME;*.csv", "gunzip -c '$HOME;*.csv' > '$HOME;*-text.csv'"},
        {gz, "-d.csv", "gunzip -c ./-d.csv > ./-d-text.csv"},
        {gz, "données.csv", "gunzip -c données.csv > données-text.csv"},
        {gz, "<stdin>", "gunzip -c FILE > FILE-text.csv"},
        {gz, "", "gunzip -c FILE > FILE-text.csv"},
        {xz, "d.csv", "unxz -c d.csv > d-text.csv"},
        {xz, "d.csv.xz", "unxz -k d.csv.xz"},
        {zst, "d.csv", "unzstd -c d.csv > d-text.csv"},
        {zst, "d.csv.zst", "unzstd d.csv.zst"},
        {bz2, "d.csv", "bunzip2 -c d.csv > d-text.csv"},
        {bz2, "d.csv.bz2", "bunzip2 -k d.csv.bz2"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        mlp_csv csv;
        mlp_error err;
        mlp_error_clear(&err);
        assert_int_equal(mlp_csv_parse(cases[k].bytes, 10, cases[k].name, &csv, &err),
                         MLP_ERR_DATA);
        char want[200];
        snprintf(want, sizeof want, "decompress it first: %s", cases[k].hint);
        assert_string_equal(err.hint, want);
    }
    /* A name too long to be written twice in a hint: FILE for it. */
    char name[400];
    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(mlp_csv_parse(gz, 10, name, &csv, &err), MLP_ERR_DATA);
    assert_string_equal(err.hint, "decompress it first: gunzip -c FILE > FILE-text.csv");
    name[sizeof name - 4] = '.';
    name[sizeof name - 3] = 'g';
    name[sizeof name - 2] = 'z';
    assert_int_equal(mlp_csv_parse(gz, 10, name, &csv, &err), MLP_ERR_DATA);
    char want[sizeof name + 40];
    snprintf(want, sizeof want, "decompress it first: gunzip -k %s", name);
    assert_string_equal(err.hint, want);
}

/* Regression (issue 10): a file that starts with two UTF-8 byte-order marks
 * kept the second in the first column's name ("\xEF\xBB\xBFa"). */
static void csv_should_refuse_a_second_byte_order_mark(void **state)
{
    (void)state;
    assert_parse_fails("\xEF\xBB\xBF\xEF\xBB\xBF" "a,b,y\n1,2,0\n", MLP_ERR_DATA, 1, 4,
                       "a second byte-order mark (bytes EF BB BF) starts the first line");
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse("\xEF\xBB\xBF" "a,b\n1,2\n", &csv, &err), MLP_OK);
    assert_string_equal(csv.cols[0].name, "a");
    mlp_csv_free(&csv);
}

/* Regression: a mark after a blank line was judged before the blank lines
 * were passed, so through a pipe (the whole text read at once) it became
 * part of the first column's name ("\xEF\xBB\xBFy"), while the streamed
 * reader of a regular file refused it as "a second" mark (there was no
 * first). Now both refuse it, where it is. */
static void csv_should_refuse_a_byte_order_mark_after_blank_lines(void **state)
{
    (void)state;
    const char *msg = "a byte-order mark (bytes EF BB BF) after blank space starts the first row";
    assert_parse_fails("\n\xEF\xBB\xBF" "y,a,b\n0,1,2\n1,3,4\n", MLP_ERR_DATA, 2, 1, msg);
    assert_parse_fails("\xEF\xBB\xBF\r\n  \xEF\xBB\xBF" "y,a\n0,1\n", MLP_ERR_DATA, 2, 3, msg);
    /* The same bytes in a file, read in blocks. */
    static const char text[] = "\n\xEF\xBB\xBF" "y,a,b\n0,1,2\n1,3,4\n";
    temp_file t;
    temp_write_named(&t, "bom.csv", text, sizeof text - 1);
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(mlp_csv_read(t.path, &csv, &err), MLP_ERR_DATA);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.message, msg);
    temp_remove(&t);
}

static void csv_should_not_read_past_given_length(void **state)
{
    (void)state;
    /* Only "a\n1" of the buffer belongs to the table. */
    const char text[] = "a\n12345";
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(mlp_csv_parse(text, 3, "t.csv", &csv, &err), MLP_OK);
    assert_int_equal(csv.n_rows, 1);
    assert_true(csv.values[0] == 1.0);
    mlp_csv_free(&csv);
}

/* ------------------------------------------------------------------------ */
/* Files                                                                    */

static void csv_should_read_fixture_with_labels(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_csv_read(MLP_FIXTURES "/csv/labels.csv", &csv, &err), MLP_OK);
    assert_string_equal(csv.path, MLP_FIXTURES "/csv/labels.csv");
    assert_true(csv.has_header);
    assert_int_equal(csv.n_rows, 2);
    assert_true(csv.values[0] == 0.5 && csv.values[4] == 0.3);
    assert_string_equal(csv.cols[2].text[1], "dog");
    mlp_csv_free(&csv);
}

static void csv_should_read_fixture_with_bom_and_crlf(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_csv_read(MLP_FIXTURES "/csv/bom_crlf.csv", &csv, &err), MLP_OK);
    assert_string_equal(csv.cols[0].name, "x1");
    assert_string_equal(csv.cols[2].name, "y");
    assert_int_equal(csv.n_rows, 2);
    assert_int_equal(csv.row_line[1], 4);
    assert_true(csv.values[5] == 1.0);
    mlp_csv_free(&csv);
}

static void csv_should_report_fixture_errors_with_path(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        long line, col;
        const char *message;
    } cases[] = {
        { "/csv/ragged.csv", 3, 7, "row has 4 fields, expected 3 (as in line 1)" },
        { "/csv/unterminated_quote.csv", 2, 3, "unterminated quote" },
        { "/csv/empty.csv", 0, 0, "no data rows" },
        { "/csv/header_only.csv", 1, 1, "no data rows" },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char path[1024];
        snprintf(path, sizeof path, "%s%s", MLP_FIXTURES, cases[k].file);
        mlp_csv csv;
        mlp_error err;
        mlp_error_clear(&err);
        assert_int_equal(mlp_csv_read(path, &csv, &err), MLP_ERR_DATA);
        assert_error(&err, MLP_ERR_DATA, path, cases[k].line, cases[k].col, cases[k].message);
        assert_zeroed(&csv);
    }
}

static void csv_should_keep_nan_cell_position_from_fixture(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_csv_read(MLP_FIXTURES "/csv/nan_cell.csv", &csv, &err), MLP_OK);
    assert_false(csv.cols[1].numeric);
    assert_string_equal(csv.cols[1].bad_text, "nan");
    assert_int_equal(csv.cols[1].bad_line, 3);
    assert_int_equal(csv.cols[1].bad_col, 3);
    mlp_csv_free(&csv);
}

static void csv_should_report_missing_file_as_io_error(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_csv_read(MLP_FIXTURES "/csv/no_such_file.csv", &csv, &err), MLP_ERR_IO);
    assert_int_equal(err.code, MLP_ERR_IO);
    assert_string_equal(err.path, MLP_FIXTURES "/csv/no_such_file.csv");
    assert_zeroed(&csv);
}

/* ------------------------------------------------------------------------ */

static void csv_should_fail_cleanly_on_every_allocation(void **state)
{
    (void)state;
    /* A non-numeric column, a header and a long field exercise every allocation
     * site; the sanitizer build checks that each failure frees what it took. */
    const char *text = "x,\"long name that is longer than sixty-four bytes, to grow the "
                       "field buffer\",label\n1,2,cat\n3,4,dog\n5,6,cat\n";
    long failures = 0;
    for (long n = 1;; n++) {
        mlp_csv csv;
        mlp_error err;
        mlp_alloc_fail_after(n);
        mlp_status st = parse(text, &csv, &err);
        mlp_alloc_fail_after(0);
        if (st == MLP_OK) {
            assert_string_equal(csv.cols[2].text[2], "cat");
            mlp_csv_free(&csv);
            break;
        }
        assert_int_equal(st, MLP_ERR_NOMEM);
        assert_int_equal(err.code, MLP_ERR_NOMEM);
        /* one form, with what to do (alloc.h: mlp_alloc_error) */
        assert_string_equal(err.message, "out of memory for reading the CSV file");
        assert_string_equal(err.hint, "free some memory, or use a smaller file");
        assert_zeroed(&csv);
        failures++;
        assert_true(n < 1000);
    }
    assert_true(failures >= 10);
}

/* ------------------------------------------------------------------------ */
/* Texts kept only for the columns a caller reads (text_names)              */

/* Numbers x1, x2, a column of words nobody reads ("note") and class labels
 * y: a text per cell of "note" was what made a wide file of such columns
 * cost a gigabyte. */
static const char kept_csv[] = "x1,note,x2,y\n0.5,see  me,1,cat\n0.25,\"a, b\",2,dog\n1,x,3,cat\n";

/* t (read with text_names {"x1", "y"}) against all (read without): the
 * same numbers, kinds and first bad cells; y's texts and their columns
 * as before; none for "note". */
static void assert_texts_of_y_only(const mlp_csv *t, const mlp_csv *all)
{
    assert_int_equal(t->n_rows, 3);
    assert_int_equal(t->n_cols, 4);
    assert_true(t->has_header);
    assert_memory_equal(t->values, all->values, 12 * sizeof *t->values);
    for (size_t j = 0; j < 4; j++) {
        const mlp_csv_column *a = &t->cols[j], *b = &all->cols[j];
        assert_string_equal(a->name, b->name);
        assert_int_equal(a->numeric, b->numeric);
        assert_int_equal(a->bad_line, b->bad_line);
        assert_int_equal(a->bad_col, b->bad_col);
        if (b->bad_text)
            assert_string_equal(a->bad_text, b->bad_text);
        else
            assert_null(a->bad_text);
    }
    /* "note" is not named: no texts, but its first bad cell for messages */
    assert_false(t->cols[1].numeric);
    assert_null(t->cols[1].text);
    assert_null(t->cols[1].text_col);
    assert_string_equal(t->cols[1].bad_text, "see  me");
    assert_int_equal(t->cols[1].bad_line, 2);
    assert_int_equal(t->cols[1].bad_col, 5); /* after "0.5," */
    assert_non_null(all->cols[1].text);
    /* y is named: its texts and their columns, as without the option */
    assert_non_null(t->cols[3].text);
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(t->cols[3].text[i], all->cols[3].text[i]);
        assert_int_equal(t->cols[3].text_col[i], all->cols[3].text_col[i]);
    }
    assert_string_equal(t->cols[3].text[1], "dog");
    /* numeric columns never had texts */
    assert_null(t->cols[0].text);
    assert_null(t->cols[2].text);
}

static void csv_should_keep_the_texts_of_the_named_columns_only(void **state)
{
    (void)state;
    char *keep[] = {"y", "x1"};
    mlp_csv_options opts = {.text_names = keep, .n_text_names = 2};
    mlp_csv all, t;
    mlp_error err;
    assert_int_equal(parse(kept_csv, &all, &err), MLP_OK);
    if (mlp_csv_parse_with(kept_csv, strlen(kept_csv), "t.csv", &opts, &t, &err))
        fail_msg("%s", err.message);
    assert_texts_of_y_only(&t, &all);
    mlp_csv_free(&t);
    /* a file: streamed in blocks of 1 to 12 bytes on 1 and 3 threads, its
     * texts read again only for y */
    temp_file f;
    temp_write_named(&f, "t.csv", kept_csv, strlen(kept_csv));
    for (size_t block = 1; block <= 12; block++)
        for (int threads = 1; threads <= 3; threads += 2) {
            mlp_csv_options o = opts;
            o.block_bytes = block;
            o.threads = threads;
            if (mlp_csv_read_with(f.path, &o, &t, &err))
                fail_msg("block %zu: %s", block, err.message);
            assert_string_equal(t.path, f.path);
            assert_texts_of_y_only(&t, &all);
            mlp_csv_free(&t);
        }
    temp_remove(&f);
    mlp_csv_free(&all);
}

/* An empty list keeps no texts at all; a table without a header keeps
 * every column's (its columns are read by position, whatever the names). */
static void csv_should_keep_every_text_of_a_table_without_header(void **state)
{
    (void)state;
    char *keep[] = {"x1"};
    mlp_csv_options none = {.text_names = keep, .n_text_names = 0};
    mlp_csv t;
    mlp_error err;
    mlp_error_clear(&err);
    if (mlp_csv_parse_with(kept_csv, strlen(kept_csv), "t.csv", &none, &t, &err))
        fail_msg("%s", err.message);
    for (size_t j = 0; j < t.n_cols; j++)
        assert_null(t.cols[j].text);
    assert_int_equal(t.cols[3].bad_line, 2);
    mlp_csv_free(&t);
    const char data[] = "0.5,cat\n1,dog\n";
    mlp_csv_options one = {.text_names = keep, .n_text_names = 1};
    if (mlp_csv_parse_with(data, strlen(data), "t.csv", &one, &t, &err))
        fail_msg("%s", err.message);
    assert_false(t.has_header);
    assert_non_null(t.cols[1].text);
    assert_string_equal(t.cols[1].text[0], "cat");
    assert_string_equal(t.cols[1].text[1], "dog");
    mlp_csv_free(&t);
}

/* Each allocation of a read that keeps some texts fails once: a clean
 * NOMEM every time (the sanitizer build checks nothing leaks). */
static void csv_should_fail_cleanly_when_keeping_named_texts(void **state)
{
    (void)state;
    char *keep[] = {"y"};
    mlp_csv_options opts = {.text_names = keep, .n_text_names = 1};
    long failures = 0;
    for (long n = 1;; n++) {
        mlp_csv csv;
        mlp_error err;
        mlp_error_clear(&err);
        mlp_alloc_fail_after(n);
        mlp_status st = mlp_csv_parse_with(kept_csv, strlen(kept_csv), "t.csv", &opts, &csv, &err);
        mlp_alloc_fail_after(0);
        if (st == MLP_OK) {
            assert_null(csv.cols[1].text);
            assert_string_equal(csv.cols[3].text[2], "cat");
            mlp_csv_free(&csv);
            break;
        }
        assert_int_equal(st, MLP_ERR_NOMEM);
        assert_string_equal(err.message, "out of memory for reading the CSV file");
        assert_zeroed(&csv);
        failures++;
        assert_true(n < 1000);
    }
    assert_true(failures >= 10);
}

/* A model's read (mlp_schema_read_csv: mlppredict, mlpplot, a validation
 * file) keeps the texts of its features and targets only; its rows, its
 * class labels and the error about a bad feature cell are what a read
 * keeping every text gives. */
static void a_models_read_should_keep_the_texts_of_its_columns_only(void **state)
{
    (void)state;
    char *features[] = {"x1", "x2"}, *targets[] = {"y"}, *labels[] = {"cat", "dog"};
    mlp_schema schema = {.n_features = 2, .feature_names = features, .names_from_header = 1,
                         .n_targets = 1, .target_names = targets, .n_outputs = 1,
                         .n_labels = 2, .labels = labels};
    temp_file f;
    temp_write_named(&f, "t.csv", kept_csv, strlen(kept_csv));
    mlp_csv t, all;
    mlp_error err;
    mlp_error_clear(&err);
    if (mlp_schema_read_csv(f.path, &schema, NULL, &t, &err) ||
        mlp_csv_read_with(f.path, NULL, &all, &err))
        fail_msg("%s", err.message);
    assert_null(t.cols[1].text); /* "note": the model does not read it */
    assert_non_null(t.cols[3].text);
    mlp_dataset dt, da;
    if (mlp_dataset_with_schema(&t, &schema, MLP_TARGETS_REQUIRED, &dt, &err) ||
        mlp_dataset_with_schema(&all, &schema, MLP_TARGETS_REQUIRED, &da, &err))
        fail_msg("%s", err.message);
    assert_memory_equal(dt.X, da.X, 6 * sizeof *dt.X);
    assert_memory_equal(dt.Y, da.Y, 3 * sizeof *dt.Y);
    assert_true(dt.Y[1] == 1.0 && dt.Y[0] == 0.0); /* dog is the second label */
    mlp_dataset_free(&dt);
    mlp_dataset_free(&da);
    mlp_csv_free(&t);
    mlp_csv_free(&all);
    temp_remove(&f);

    /* x2 of two words: the hint that it holds words is judged on its texts */
    const char bad[] = "x1,note,x2,y\n0.5,a,yes,cat\n0.25,b,no,dog\n1,c,yes,cat\n";
    temp_write_named(&f, "t.csv", bad, strlen(bad));
    mlp_error e1, e2;
    mlp_error_clear(&e1);
    mlp_error_clear(&e2);
    if (mlp_schema_read_csv(f.path, &schema, NULL, &t, &e1) ||
        mlp_csv_read_with(f.path, NULL, &all, &e2))
        fail_msg("%s", e1.message[0] ? e1.message : e2.message);
    assert_null(t.cols[1].text);
    assert_int_equal(mlp_dataset_with_schema(&t, &schema, MLP_TARGETS_IGNORED, &dt, &e1),
                     MLP_ERR_DATA);
    assert_int_equal(mlp_dataset_with_schema(&all, &schema, MLP_TARGETS_IGNORED, &da, &e2),
                     MLP_ERR_DATA);
    assert_int_equal(e1.line, 2);
    assert_int_equal(e1.line, e2.line);
    assert_int_equal(e1.col, e2.col);
    assert_string_equal(e1.path, e2.path);
    assert_string_equal(e1.message, e2.message);
    assert_string_equal(e1.hint, e2.hint);
    assert_non_null(strstr(e1.hint, "holds words"));
    mlp_dataset_free(&dt);
    mlp_dataset_free(&da);
    mlp_csv_free(&t);
    mlp_csv_free(&all);
    temp_remove(&f);
}

/* ------------------------------------------------------------------------ */
/* Exact numbers, and the same table whatever the thread count              */

/* Number cells take a fast path and everything else the general reader; the
 * value must be strtod's either way, whatever the cell looks like. */
static void csv_should_read_every_number_as_strtod_does(void **state)
{
    (void)state;
    static const char *const nums[] = {
        "0.74346117619553931", "-1.23456", "4.9406564584124654e-324", "2.2250738585072011e-308",
        "1.7976931348623157e308", "9007199254740993", "4503599627370497.5", "12345678901234567890",
        "1e-400", "0x1p3", ".5", "5.", "+7", "-0", "1e22", "1e23", "0.000000000000000000001234",
    };
    enum { N = sizeof nums / sizeof nums[0] };
    char text[4096] = "v,w\n";
    for (size_t k = 0; k < N; k++) {
        char row[256];
        /* plain, then quoted with blanks; CRLF on odd rows */
        snprintf(row, sizeof row, "%s, \" %s\" %s", nums[k], nums[k], k % 2 ? "\r\n" : "\n");
        strcat(text, row);
    }
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(parse(text, &csv, &err), MLP_OK);
    assert_int_equal(csv.n_rows, N);
    for (size_t k = 0; k < N; k++) {
        double want = strtod(nums[k], NULL);
        assert_memory_equal(&csv.values[2 * k], &want, sizeof want);
        /* the quoted copy keeps its inner blank, which strtod would skip: not a number */
        assert_true(isnan(csv.values[2 * k + 1]));
    }
    mlp_csv_free(&csv);
    /* the last cell ends the text, without a line end */
    assert_int_equal(parse("v\n1.25\n2.5e-3", &csv, &err), MLP_OK);
    assert_true(csv.values[1] == 2.5e-3);
    mlp_csv_free(&csv);
}

/* The file the path-taking tests read (tests/check.h). */
static void temp_write(temp_file *t, const char *text, size_t len)
{
    temp_write_named(t, "big.csv", text, len);
}

/* A text of about 7 MB (so it is cut into up to 6 parts of 1 MiB or more): header, blank
 * lines, CRLF rows, quoted and 17-digit numbers, and a label column that
 * turns to words from row `words_from` on (never when words_from is 0). */
enum { BIG_ROWS = 150000 };

static char *big_text(size_t *len, size_t words_from)
{
    size_t cap = (size_t)BIG_ROWS * 96 + 4096, n = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    n += (size_t)snprintf(text + n, cap - n, "a, b,\"c\",label\n");
    for (size_t i = 0; i < BIG_ROWS; i++) {
        double a = sin((double)i) * 1e3, b = (double)i / 7.0;
        if (i % 1000 == 999)
            n += (size_t)snprintf(text + n, cap - n, "  \t\n");
        if (words_from && i >= words_from)
            n += (size_t)snprintf(text + n, cap - n, "%.17g,%.5f, \"%zu\" ,w%zu%s", a, b, i, i % 3,
                                  i % 2 ? "\r\n" : "\n");
        else
            n += (size_t)snprintf(text + n, cap - n, "%.17g,%.5f, \"%zu\" ,%zu%s", a, b, i, i % 3,
                                  i % 2 ? "\r\n" : "\n");
    }
    *len = n;
    return text;
}

/* The table must not depend on how many threads read it: values bit for
 * bit, row lines, names, texts and the first bad cell of every column. */
static void assert_same_table(const mlp_csv *x, const mlp_csv *y)
{
    assert_int_equal(x->n_rows, y->n_rows);
    assert_int_equal(x->n_cols, y->n_cols);
    assert_int_equal(x->has_header, y->has_header);
    assert_memory_equal(x->values, y->values, x->n_rows * x->n_cols * sizeof(double));
    assert_memory_equal(x->row_line, y->row_line, x->n_rows * sizeof(long));
    for (size_t j = 0; j < x->n_cols; j++) {
        const mlp_csv_column *a = &x->cols[j], *b = &y->cols[j];
        assert_string_equal(a->name, b->name);
        assert_int_equal(a->numeric, b->numeric);
        assert_int_equal(a->bad_line, b->bad_line);
        assert_int_equal(a->bad_col, b->bad_col);
        if (a->bad_text)
            assert_string_equal(a->bad_text, b->bad_text);
        if (a->text)
            for (size_t i = 0; i < x->n_rows; i++) {
                assert_string_equal(a->text[i], b->text[i]);
                assert_int_equal(a->text_col[i], b->text_col[i]);
            }
    }
}

static void csv_should_give_the_same_table_for_every_thread_count(void **state)
{
    (void)state;
    const size_t words_from[2] = {0, 111234};
    for (int w = 0; w < 2; w++) {
        size_t len;
        char *text = big_text(&len, words_from[w]);
        temp_file t;
        temp_write(&t, text, len);
        mlp_csv one;
        mlp_error err;
        mlp_error_clear(&err);
        mlp_csv_options opts = {.threads = 1};
        assert_int_equal(mlp_csv_read_with(t.path, &opts, &one, &err), MLP_OK);
        /* checked against values computed here, not against another read */
        assert_true(one.has_header);
        assert_int_equal(one.n_rows, BIG_ROWS);
        for (size_t i = 0; i < BIG_ROWS; i += 997) {
            char cell[64];
            snprintf(cell, sizeof cell, "%.17g", sin((double)i) * 1e3);
            double want = strtod(cell, NULL);
            assert_memory_equal(&one.values[i * 4], &want, sizeof want);
            assert_true(one.values[i * 4 + 2] == (double)i);
            /* one blank line every 1000 rows, one header line */
            assert_int_equal(one.row_line[i], (long)(i + 2 + i / 1000 + (i % 1000 == 999)));
        }
        assert_int_equal(one.cols[3].numeric, words_from[w] == 0);
        if (words_from[w]) {
            size_t i = words_from[w];
            assert_int_equal(one.cols[3].bad_line, (long)(i + 2 + i / 1000 + (i % 1000 == 999)));
            assert_string_equal(one.cols[3].bad_text, i % 3 == 0 ? "w0" : i % 3 == 1 ? "w1" : "w2");
            assert_string_equal(one.cols[3].text[5], "2");
            assert_string_equal(one.cols[3].text[BIG_ROWS - 1], "w2"); /* 149999 % 3 == 2 */
        }
        const int counts[] = {2, 3, 8, 0};
        for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
            mlp_csv other;
            opts.threads = counts[k];
            assert_int_equal(mlp_csv_read_with(t.path, &opts, &other, &err), MLP_OK);
            assert_same_table(&one, &other);
            mlp_csv_free(&other);
        }
        mlp_csv mem;
        assert_int_equal(mlp_csv_parse(text, len, t.path, &mem, &err), MLP_OK);
        assert_same_table(&one, &mem);
        mlp_csv_free(&mem);
        mlp_csv_free(&one);
        temp_remove(&t);
        free(text);
    }
}

/* Errors are reported in file order, as a single reader would meet them,
 * even when a later part fails first. */
static void csv_should_report_the_first_error_for_every_thread_count(void **state)
{
    (void)state;
    size_t len;
    char *text = big_text(&len, 0);
    /* a ragged row at about 70% and an unterminated quote at about 90% */
    char *ragged = strchr(text + len * 7 / 10, '\n') + 1;
    char *quote = strchr(text + len * 9 / 10, '\n') + 1;
    long ragged_line = 1, quote_line = 1;
    for (char *p = text; p < quote; p++) {
        ragged_line += *p == '\n' && p < ragged;
        quote_line += *p == '\n';
    }
    *strchr(ragged, ',') = ' ';   /* 3 fields instead of 4 */
    *strchr(strchr(quote, '"') + 1, '"') = ' '; /* the closing quote goes */
    temp_file t;
    temp_write(&t, text, len);
    const int counts[] = {1, 2, 5};
    for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
        mlp_csv csv;
        mlp_error err;
        mlp_error_clear(&err);
        mlp_csv_options opts = {.threads = counts[k]};
        assert_int_equal(mlp_csv_read_with(t.path, &opts, &csv, &err), MLP_ERR_DATA);
        assert_int_equal(err.line, ragged_line);
        assert_string_equal(err.message, "row has 3 fields, expected 4 (as in line 1)");
        assert_zeroed(&csv);
    }
    /* with the ragged row repaired, the quote is the first error */
    *strchr(ragged, ' ') = ',';
    temp_remove(&t);
    temp_write(&t, text, len);
    for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
        mlp_csv csv;
        mlp_error err;
        mlp_error_clear(&err);
        mlp_csv_options opts = {.threads = counts[k]};
        assert_int_equal(mlp_csv_read_with(t.path, &opts, &csv, &err), MLP_ERR_DATA);
        assert_int_equal(err.line, quote_line);
        assert_string_equal(err.message, "unterminated quote");
        assert_zeroed(&csv);
    }
    temp_remove(&t);
    free(text);
}

/* What mlp writes it reads back: each text written by mlp_csv_write_field as
 * a header cell comes back from the reader unchanged, and a text that needs
 * no quotes is written as it is. */
static void csv_should_read_back_every_field_it_writes(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "plain", "two words", " leading", "trailing ", "\ttab", "tab\t",
        "a,b", "say \"hi\"", "\"", "dZ1 = dA1 * (1 - A1^2)", "p_0",
    };
    const size_t n = sizeof texts / sizeof *texts;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    for (size_t i = 0; i < n; i++) {
        mlp_csv_write_field(out, texts[i]);
        fputc(i + 1 < n ? ',' : '\n', out);
    }
    for (size_t i = 0; i < n; i++)
        fputs(i + 1 < n ? "1," : "1\n", out);
    assert_int_equal(fclose(out), 0);
    assert_non_null(strstr(text, "plain,two words,\" leading\",\"trailing \",\"\ttab\","
                                 "\"tab\t\",\"a,b\",\"say \"\"hi\"\"\",\"\"\"\","
                                 "dZ1 = dA1 * (1 - A1^2),p_0\n"));

    mlp_csv csv = {0};
    mlp_error err;
    assert_int_equal(parse(text, &csv, &err), MLP_OK);
    assert_int_equal(csv.has_header, 1);
    assert_int_equal(csv.n_cols, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(csv.cols[i].name, texts[i]);
    mlp_csv_free(&csv);
    free(text);
}

/* Regression: mlppredict's header cells "p_" + label were cut at 511 bytes,
 * so two long labels that differ only at their ends made two equal column
 * names, which the reader then refused as duplicates. The prefixed writer
 * writes the whole label, judged and quoted as one field with its prefix. */
static void csv_should_read_back_prefixed_fields_of_any_length(void **state)
{
    (void)state;
    static char long_a[701], long_b[701];
    memset(long_a, 'x', 699);
    memcpy(long_b, long_a, 699);
    long_a[699] = 'A';
    long_b[699] = 'B';
    static const char *const labels[] = {long_a, long_b, "a,b", "trailing ", "say \"hi\"", ""};
    const size_t n = sizeof labels / sizeof *labels;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    for (size_t i = 0; i < n; i++) {
        mlp_csv_write_field_prefixed(out, "p_", labels[i]);
        fputc(i + 1 < n ? ',' : '\n', out);
    }
    for (size_t i = 0; i < n; i++)
        fputs(i + 1 < n ? "1," : "1\n", out);
    assert_int_equal(fclose(out), 0);
    mlp_csv csv = {0};
    mlp_error err;
    assert_int_equal(parse(text, &csv, &err), MLP_OK);
    assert_int_equal(csv.n_cols, n);
    for (size_t i = 0; i < n; i++) {
        assert_memory_equal(csv.cols[i].name, "p_", 2);
        assert_string_equal(csv.cols[i].name + 2, labels[i]);
    }
    mlp_csv_free(&csv);
    free(text);
}

/* csv.h: *csv is zeroed first, so a refused NULL argument too leaves a
 * table that mlp_csv_free takes (the free-after-failure of predict.c). The
 * table is filled with a pattern first: garbage, as an uninitialised one is. */
static void a_refused_null_argument_should_leave_the_table_zeroed(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    memset(&csv, 0xab, sizeof csv);
    assert_int_equal(mlp_csv_read(NULL, &csv, &err), MLP_ERR_USAGE);
    assert_zeroed(&csv);
    mlp_csv_free(&csv);
    memset(&csv, 0xab, sizeof csv);
    assert_int_equal(mlp_csv_read_with(NULL, NULL, &csv, &err), MLP_ERR_USAGE);
    assert_zeroed(&csv);
    mlp_csv_free(&csv);
    memset(&csv, 0xab, sizeof csv);
    assert_int_equal(mlp_csv_parse(NULL, 3, "t.csv", &csv, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "mlp_csv_parse: the text is NULL");
    assert_zeroed(&csv);
    mlp_csv_free(&csv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_should_detect_header_of_names),
        cmocka_unit_test(csv_should_name_columns_when_there_is_no_header),
        cmocka_unit_test(csv_should_detect_header_above_string_label_column),
        cmocka_unit_test(csv_should_read_string_labels_without_header_as_data),
        cmocka_unit_test(csv_should_detect_header_from_one_column_over_numbers),
        cmocka_unit_test(csv_should_read_lone_mixed_row_as_data),
        cmocka_unit_test(csv_should_read_a_header_of_numbers_that_names_the_columns),
        cmocka_unit_test(csv_should_say_a_header_is_not_utf8_when_a_name_is_missing),
        cmocka_unit_test(csv_should_accept_crlf_line_ends),
        cmocka_unit_test(csv_should_skip_utf8_bom),
        cmocka_unit_test(csv_should_count_the_byte_order_mark_in_line_1_columns),
        cmocka_unit_test(csv_should_skip_blank_lines),
        cmocka_unit_test(csv_should_keep_the_line_of_the_first_row),
        cmocka_unit_test(csv_should_trim_spaces_and_tabs_around_fields),
        cmocka_unit_test(csv_should_unquote_fields),
        cmocka_unit_test(csv_should_keep_empty_field_as_non_number),
        cmocka_unit_test(csv_should_treat_nan_and_inf_as_non_numbers),
        cmocka_unit_test(csv_should_read_17_digit_values_exactly),
        cmocka_unit_test(csv_should_reject_empty_file),
        cmocka_unit_test(csv_should_reject_header_only),
        cmocka_unit_test(csv_should_reject_ragged_rows),
        cmocka_unit_test(csv_should_reject_unterminated_quote),
        cmocka_unit_test(csv_should_reject_text_after_closing_quote),
        cmocka_unit_test(csv_should_cut_text_after_closing_quote_between_characters),
        cmocka_unit_test(csv_should_reject_duplicate_header_names),
        cmocka_unit_test(csv_should_not_call_unnamed_columns_duplicates),
        cmocka_unit_test(csv_should_reject_nul_byte),
        cmocka_unit_test(csv_should_refuse_other_separators_by_name),
        cmocka_unit_test(csv_should_convert_decimal_commas_with_the_separator),
        cmocka_unit_test(csv_should_refuse_cr_only_line_ends),
        cmocka_unit_test(csv_should_name_excels_separator_line),
        cmocka_unit_test(csv_should_name_compressed_files_and_workbooks),
        cmocka_unit_test(csv_should_give_a_decompress_command_that_works_for_any_name),
        cmocka_unit_test(csv_should_refuse_a_second_byte_order_mark),
        cmocka_unit_test(csv_should_refuse_a_byte_order_mark_after_blank_lines),
        cmocka_unit_test(csv_should_name_utf16_and_utf32),
        cmocka_unit_test(csv_should_not_read_past_given_length),
        cmocka_unit_test(csv_should_read_fixture_with_labels),
        cmocka_unit_test(csv_should_read_fixture_with_bom_and_crlf),
        cmocka_unit_test(csv_should_report_fixture_errors_with_path),
        cmocka_unit_test(csv_should_keep_nan_cell_position_from_fixture),
        cmocka_unit_test(csv_should_report_missing_file_as_io_error),
        cmocka_unit_test(csv_should_fail_cleanly_on_every_allocation),
        cmocka_unit_test(csv_should_keep_the_texts_of_the_named_columns_only),
        cmocka_unit_test(csv_should_keep_every_text_of_a_table_without_header),
        cmocka_unit_test(csv_should_fail_cleanly_when_keeping_named_texts),
        cmocka_unit_test(a_models_read_should_keep_the_texts_of_its_columns_only),
        cmocka_unit_test(csv_should_read_every_number_as_strtod_does),
        cmocka_unit_test(csv_should_give_the_same_table_for_every_thread_count),
        cmocka_unit_test(csv_should_report_the_first_error_for_every_thread_count),
        cmocka_unit_test(csv_should_read_back_every_field_it_writes),
        cmocka_unit_test(csv_should_read_back_prefixed_fields_of_any_length),
        cmocka_unit_test(a_refused_null_argument_should_leave_the_table_zeroed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
