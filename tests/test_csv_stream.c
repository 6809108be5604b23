/* SPDX-License-Identifier: MIT */
/* test_csv_stream.c: a file read in blocks gives the table (or the error)
 * that the same bytes parsed whole give, whatever the block size and thread
 * count, so block boundaries may fall anywhere (inside quoted fields,
 * between CR and LF, inside a number, inside a BOM); every CSV file of the
 * repository (tests/fixtures, data) is checked that way; the SHA-256 of the
 * bytes comes out of the same read; numbers equal strtod's bit for bit;
 * endless and binary inputs are refused; a read a signal cuts short goes
 * on. */
#define _GNU_SOURCE /* syscall, in slow_pipe.h */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fileio.h"
#include "mlp/csv.h"
#include "check.h"
#include "sha256.h"
#include "slow_pipe.h"

/* The file the path-taking tests read (tests/check.h). */
static void temp_write(temp_file *t, const char *text, size_t len)
{
    temp_write_named(t, "t.csv", text, len);
}

/* Both tables alike: values bit for bit, row lines, names, texts, the first
 * bad cell of every column. */
static void assert_same_table(const mlp_csv *x, const mlp_csv *y)
{
    assert_string_equal(x->path, y->path);
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
        assert_int_equal(a->bad_text == NULL, b->bad_text == NULL);
        if (a->bad_text)
            assert_string_equal(a->bad_text, b->bad_text);
        assert_int_equal(a->text == NULL, b->text == NULL);
        if (a->text)
            for (size_t i = 0; i < x->n_rows; i++) {
                assert_string_equal(a->text[i], b->text[i]);
                assert_int_equal(a->text_col[i], b->text_col[i]);
            }
    }
}

static void assert_same_error(const mlp_error *x, const mlp_error *y)
{
    assert_int_equal(x->code, y->code);
    assert_string_equal(x->path, y->path);
    assert_int_equal(x->line, y->line);
    assert_int_equal(x->col, y->col);
    assert_string_equal(x->message, y->message);
    assert_string_equal(x->hint, y->hint);
}

/* Reads path in blocks of `block` bytes on `threads` threads and compares
 * with the whole text parsed at once (text, len: the file's bytes), the
 * digest with one computed here. Returns the status. */
static mlp_status check_blocks(const char *path, const char *text, size_t len, size_t block,
                               int threads)
{
    mlp_csv whole, streamed;
    mlp_error e1, e2;
    mlp_error_clear(&e1);
    mlp_error_clear(&e2);
    mlp_status s1 = mlp_csv_parse(text, len, path, &whole, &e1);
    unsigned char digest[32], want[MLP_SHA256_BYTES];
    mlp_sha256_digest(text, len, want);
    mlp_csv_options opts = {.threads = threads, .block_bytes = block, .sha256 = digest};
    mlp_status s2 = mlp_csv_read_with(path, &opts, &streamed, &e2);
    if (s1 != s2)
        fail_msg("%s, block %zu, %d threads: whole text %d (%s), blocks %d (%s)", path, block,
                 threads, s1, e1.message, s2, e2.message);
    if (s1) {
        assert_same_error(&e1, &e2);
    } else {
        assert_same_table(&whole, &streamed);
        assert_memory_equal(digest, want, 32);
        mlp_csv_free(&whole);
        mlp_csv_free(&streamed);
    }
    return s1;
}

/* Every block size from 1 to max_block, and a few larger, on 1 and 3
 * threads. */
static void check_text_all_blocks(const char *text, size_t max_block)
{
    temp_file t;
    size_t len = strlen(text);
    temp_write(&t, text, len);
    for (size_t b = 1; b <= max_block; b++)
        for (int threads = 1; threads <= 3; threads += 2)
            check_blocks(t.path, text, len, b, threads);
    check_blocks(t.path, text, len, 4096, 2);
    check_blocks(t.path, text, len, 0, 1);
    temp_remove(&t);
}

/* ------------------------------------------------------------------------ */

static void blocks_should_split_quotes_crlf_numbers_and_bom_anywhere(void **state)
{
    (void)state;
    /* A BOM, blank lines, CRLF, quoted fields with commas and "", numbers
     * of 17 digits and with exponents, spaces around fields, a label column
     * that turns to words late (texts come from a second reading), a last
     * line without a line end. */
    check_text_all_blocks("\xEF\xBB\xBF"
                          "x1, \"x,2\" ,label\r\n"
                          "\r\n"
                          "0.12345678901234567,-1e-300,1\r\n"
                          "  \t \n"
                          "\"3.5\",  2.2250738585072014e-308 ,0\n"
                          "1e22,\"he said \"\"hi\"\"\",2\r\n"
                          "-0,123456789012345678901234567890,cat\n"
                          "4,5,\"dog, big\"\n"
                          "6,7,8",
                          40);
}

static void blocks_should_keep_a_first_row_of_numbers_as_data(void **state)
{
    (void)state;
    check_text_all_blocks("1,2,3\n4,5,6\r\n\n7,8.25,9\n", 12);
    /* words in the first row and in a column below: the first row is data */
    check_text_all_blocks("a,1\nb,2\n\nc,3\r\n", 12);
    /* a lone CR at the end of the file ends the last line */
    check_text_all_blocks("x,y\n1,2\r", 6);
}

static void blocks_should_report_the_errors_of_the_whole_text(void **state)
{
    (void)state;
    const char *bad[] = {
        "x,y\n1,2\n3,4,5\n6,7\n",           /* ragged, late */
        "x,y\n1,\"2\n3,4\n",                /* unterminated quote */
        "x,y\n1,\"2\"x\n",                  /* text after the closing quote */
        "x,x\n1,2\n",                       /* duplicate names */
        "x,y\n",                            /* header only */
        "\n \n\t\n",                        /* blank lines only */
        "",                                 /* empty */
        "\xEF\xBB\xBF",                     /* a BOM only */
        "x,y\n1,2\n3,4,5\n6,\"7\n",         /* two errors: the first is reported */
        "x,y\r1,2\r3,4\r",                 /* CR-only line ends */
        "\n\"a\rb\",c\r1,2\r",               /* the same after a CR inside quotes */
        "\n Sep=; \r\nx;y\n1;2\n",             /* Excel's separator line */
        ",x,,x\n1,2,3,4\n",                 /* a duplicate among unnamed columns */
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        check_text_all_blocks(bad[k], 9);
    /* a NUL byte (strlen would stop at it) */
    const char nul[] = "x,y\n1,2\n3,\0\n";
    temp_file t;
    temp_write(&t, nul, sizeof nul - 1);
    for (size_t b = 1; b <= 14; b++)
        assert_int_equal(check_blocks(t.path, nul, sizeof nul - 1, b, 1), MLP_ERR_DATA);
    temp_remove(&t);
    /* Blanks and lone CRs before the first LF: the first row, refused at
     * its first lone CR by every block size. The whole text's check took
     * the CRs for blank lines and refused the CR of line 2, where blocks of
     * 12 to 22 bytes read line 1 as a one-column header and refused line 2
     * as ragged (fuzz/regressions/csv_stream/crash-aec1e0e4...). */
    check_text_all_blocks("\t\r\r\r\r\r\r\r\r\r\n1,24\r\r\n1,", 24);
}

/* Random numbers of 1 to 20 significant digits and random exponents, read
 * in blocks of 1 to 32 bytes: each value is strtod's, bit for bit. */
static void blocks_should_read_every_number_as_strtod_does(void **state)
{
    (void)state;
    enum { ROWS = 300, COLS = 5 };
    static char text[ROWS * COLS * 40];
    static char cells[ROWS * COLS][40];
    size_t len = 0;
    uint64_t s = 88172645463325252ULL;
    for (int i = 0; i < ROWS * COLS; i++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        int digits = 1 + (int)(s % 20), exp10 = (int)((s >> 8) % 80) - 40;
        char mant[24];
        for (int d = 0; d < digits; d++)
            mant[d] = (char)('0' + (s >> (12 + 2 * d)) % 10);
        mant[digits] = '\0';
        snprintf(cells[i], sizeof cells[i], "%s%c.%se%d", (s >> 60) & 1 ? "-" : "", mant[0],
                 mant + 1, exp10);
        len += (size_t)snprintf(text + len, sizeof text - len, "%s%c", cells[i],
                                i % COLS == COLS - 1 ? '\n' : ',');
    }
    temp_file t;
    temp_write(&t, text, len);
    for (size_t b = 1; b <= 32; b++) {
        mlp_csv csv;
        mlp_error err;
        mlp_csv_options opts = {.threads = 1 + (int)(b % 3), .block_bytes = b};
        assert_int_equal(mlp_csv_read_with(t.path, &opts, &csv, &err), MLP_OK);
        assert_int_equal(csv.n_rows, ROWS);
        for (int i = 0; i < ROWS * COLS; i++) {
            double want = strtod(cells[i], NULL);
            if (memcmp(&csv.values[i], &want, sizeof want))
                fail_msg("block %zu: \"%s\" read as %.17g, strtod gives %.17g", b, cells[i],
                         csv.values[i], want);
        }
        mlp_csv_free(&csv);
    }
    temp_remove(&t);
}

/* ------------------------------------------------------------------------ */
/* Every CSV file of the repository.                                        */

static void check_file(const char *path, size_t *n_files)
{
    char *text;
    size_t len;
    mlp_error err;
    assert_int_equal(mlp_fileio_read_all(path, &text, &len, &err), MLP_OK);
    /* Tiny blocks put a boundary everywhere; they cost a read each, so only
     * on the smaller files. */
    if (len <= 4096) {
        for (size_t b = 1; b <= 17; b++)
            check_blocks(path, text, len, b, 1 + (int)(b % 2));
    } else if (len <= 65536) {
        check_blocks(path, text, len, 7, 1);
        check_blocks(path, text, len, 61, 2);
    }
    check_blocks(path, text, len, 4093, 1);
    check_blocks(path, text, len, 65521, 3);
    check_blocks(path, text, len, 0, 2);
    free(text);
    (*n_files)++;
}

static void check_tree(const char *dir, size_t *n_files)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        assert_int_equal(stat(path, &st), 0);
        size_t n = strlen(e->d_name);
        if (S_ISDIR(st.st_mode))
            check_tree(path, n_files);
        else if (n > 4 && strcmp(e->d_name + n - 4, ".csv") == 0)
            check_file(path, n_files);
    }
    closedir(d);
}

static void blocks_should_read_every_csv_of_the_repository_as_the_whole_text(void **state)
{
    (void)state;
    size_t n_files = 0;
    check_tree(MLP_SOURCE_DIR "/tests/fixtures", &n_files);
    check_tree(MLP_SOURCE_DIR "/data", &n_files);
    assert_true(n_files >= 20); /* the fixtures and PROBEN1 are there */
}

/* ------------------------------------------------------------------------ */
/* Inputs that never end.                                                   */

static void read_should_refuse_an_endless_pipe_past_the_limit(void **state)
{
    (void)state;
    char dir[] = "/tmp/mlp_test_fifo_XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/endless.csv", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) { /* writes "1,2\n" until the reader goes */
        signal(SIGPIPE, SIG_DFL);
        FILE *fp = fopen(path, "w");
        while (fp && fputs("1,2\n", fp) >= 0)
            ;
        _exit(0);
    }
    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    mlp_csv_options opts = {.threads = 1, .max_bytes = 1 << 20, .block_bytes = 4096};
    assert_int_equal(mlp_csv_read_with(path, &opts, &csv, &err), MLP_ERR_IO);
    assert_string_equal(err.message, "the file is larger than 1 MiB, the most mlp reads");
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    remove(path);
    rmdir(dir);
    /* a regular file longer than the limit is refused before it is read */
    temp_file t;
    temp_write(&t, "x,y\n1,2\n3,4\n", 12);
    opts.max_bytes = 11;
    assert_int_equal(mlp_csv_read_with(t.path, &opts, &csv, &err), MLP_ERR_IO);
    assert_string_equal(err.message, "the file is larger than 11 bytes, the most mlp reads");
    opts.max_bytes = 12;
    assert_int_equal(mlp_csv_read_with(t.path, &opts, &csv, &err), MLP_OK);
    mlp_csv_free(&csv);
    temp_remove(&t);
}

/* The streaming reader's blocks from a pipe whose writer is slow, while a
 * signal of the program's own (no SA_RESTART) cuts its waits short: EINTR
 * is no error, every row comes. It was "cannot read: Interrupted system
 * call". */
static void read_should_go_on_after_a_signal_cuts_a_read_short(void **state)
{
    (void)state;
    static const char *const parts[] = {"x,y\n1,2\n", "3,", "4\n5,6\n", "7,8\n"};
    slow_pipe p;
    slow_pipe_start(&p, parts, 4);
    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    mlp_csv_options opts = {.threads = 1, .block_bytes = 4096};
    mlp_status st = mlp_csv_read_with(p.path, &opts, &csv, &err);
    int cut_short = slow_pipe_finish(&p);
    if (st)
        fail_msg("%s", err.message);
    assert_int_equal(csv.n_rows, 4);
    assert_int_equal(csv.n_cols, 2);
    for (size_t k = 0; k < 8; k++)
        assert_true(csv.values[k] == (double)(k + 1));
    assert_true(cut_short >= 1); /* the signals came while the read waited */
    mlp_csv_free(&csv);
}

static void read_should_refuse_dev_zero_at_its_first_byte(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_csv_read("/dev/zero", &csv, &err), MLP_ERR_DATA);
    assert_string_equal(err.message, "NUL byte in the text");
    assert_int_equal(err.line, 1);
    assert_int_equal(err.col, 1);
}

static void read_should_refuse_a_line_longer_than_the_limit(void **state)
{
    (void)state;
    /* line 2 one byte too long, then a line end and more: refused wherever
     * the blocks end; one byte shorter, it is read (a ragged row here) */
    char *text = malloc(4 + MLP_CSV_LINE_MAX + 1 + 6);
    for (int shorter = 0; shorter <= 1; shorter++) {
        size_t long_line = MLP_CSV_LINE_MAX + 1 - (size_t)shorter;
        memcpy(text, "x,y\n", 4);
        memset(text + 4, '7', long_line);
        memcpy(text + 4 + long_line, "\n1,2\n", 6);
        temp_file t;
        temp_write(&t, text, 4 + long_line + 5);
        const size_t blocks[] = {0, 3 << 20, 1000003};
        for (size_t k = 0; k < 3; k++) {
            mlp_csv csv;
            mlp_error err;
            mlp_error_clear(&err);
            mlp_csv_options opts = {.block_bytes = blocks[k]};
            assert_int_equal(mlp_csv_read_with(t.path, &opts, &csv, &err), MLP_ERR_DATA);
            assert_int_equal(err.line, 2);
            assert_string_equal(err.message, shorter ? "row has 1 field, expected 2 (as in line 1)"
                                                     : "line 2 is longer than 33554432 bytes");
        }
        temp_remove(&t);
    }
    free(text);
}

/* A file of CR-only line ends longer than a line may be is refused as CR
 * only (at its first CR, where a shorter one is), not as a line too long:
 * the cause and the tr command that converts it, wherever the blocks end. */
static void read_should_refuse_long_cr_only_files_as_cr_only(void **state)
{
    (void)state;
    size_t rows = MLP_CSV_LINE_MAX / 4 + 2;
    char *text = malloc(4 * rows);
    assert_non_null(text);
    memcpy(text, "x,y\r", 4);
    for (size_t k = 1; k < rows; k++)
        memcpy(text + 4 * k, "1,2\r", 4);
    temp_file t;
    temp_write(&t, text, 4 * rows);
    const size_t blocks[] = {0, 3 << 20, 1000003};
    for (size_t k = 0; k < 3; k++) {
        mlp_csv csv;
        mlp_error err;
        mlp_error_clear(&err);
        mlp_csv_options opts = {.block_bytes = blocks[k]};
        assert_int_equal(mlp_csv_read_with(t.path, &opts, &csv, &err), MLP_ERR_DATA);
        assert_int_equal(err.line, 1);
        assert_int_equal(err.col, 4);
        assert_non_null(strstr(err.message, "line ends are CR only"));
    }
    temp_remove(&t);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(blocks_should_split_quotes_crlf_numbers_and_bom_anywhere),
        cmocka_unit_test(blocks_should_keep_a_first_row_of_numbers_as_data),
        cmocka_unit_test(blocks_should_report_the_errors_of_the_whole_text),
        cmocka_unit_test(blocks_should_read_every_number_as_strtod_does),
        cmocka_unit_test(blocks_should_read_every_csv_of_the_repository_as_the_whole_text),
        cmocka_unit_test(read_should_refuse_an_endless_pipe_past_the_limit),
        cmocka_unit_test(read_should_refuse_dev_zero_at_its_first_byte),
        cmocka_unit_test(read_should_go_on_after_a_signal_cuts_a_read_short),
        cmocka_unit_test(read_should_refuse_a_line_longer_than_the_limit),
        cmocka_unit_test(read_should_refuse_long_cr_only_files_as_cr_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
