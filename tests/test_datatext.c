/* SPDX-License-Identifier: MIT */
/* test_datatext.c: a data file's text for the columns of cells in
 * messages (datatext.h): a small regular file's bytes and none for
 * standard input or a missing file; a dataset made again with the text
 * names the column the table alone cannot; a process's own lines of a
 * file read in parts, after one LF per line before them, so that every
 * line of the file is the same line of its text (checked against an
 * independent split of the bytes), and no text after a process that could
 * not read its lines. */
#include "check.h"

#include <limits.h>

#include "datatext.h"
#include "fake_parts.h"

static void a_small_file_should_be_read_and_no_other(void **state)
{
    (void)state;
    temp_file t;
    temp_write_named(&t, "a.csv", "x,y\n1,2\n", 8);
    char *text = (char *)1;
    size_t len = 99;
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_datatext_read_small(t.path, &text, &len, &err), MLP_OK);
    assert_non_null(text);
    assert_int_equal(len, 8);
    assert_string_equal(text, "x,y\n1,2\n");
    free(text);
    /* Standard input is read once, by its reader; a missing file is told by it. */
    assert_int_equal(mlp_datatext_read_small("-", &text, &len, &err), MLP_OK);
    assert_null(text);
    assert_int_equal(len, 0);
    assert_int_equal(mlp_datatext_read_small(t.dir, &text, &len, &err), MLP_OK);
    assert_null(text);
    temp_remove(&t);
    assert_int_equal(mlp_datatext_read_small(t.path, &text, &len, &err), MLP_OK);
    assert_null(text);
}

/* The one-hot check of a row fails at a line: the table has no column for
 * it; the file's text gives it (column 9: "  1" after "3,4,"). */
static void a_cell_error_should_get_its_column_from_the_file(void **state)
{
    (void)state;
    const char *train_text = "a,b,r,g\n1,2,1,0\n3,4,0,1\n";
    char *targets[] = {"r", "g"};
    mlp_data_plan plan = {.n_inputs = 2, .n_outputs = 2, .output = MLP_ACT_SOFTMAX,
                          .loss = MLP_LOSS_CROSS_ENTROPY, .targets = targets, .n_targets = 2};
    mlp_csv csv;
    mlp_schema schema;
    mlp_dataset train;
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_csv_parse(train_text, strlen(train_text), "train.csv", &csv, &err), MLP_OK);
    assert_int_equal(mlp_dataset_build(&csv, &plan, &schema, &train, NULL, NULL, NULL, &err),
                     MLP_OK);
    mlp_dataset_free(&train);
    mlp_csv_free(&csv);
    const char *val_text = "a,b,r,g\n1,2,1,0\n\n3,4,  1,1\n";
    temp_file t;
    temp_write_named(&t, "val.csv", val_text, strlen(val_text));
    assert_int_equal(mlp_csv_read(t.path, &csv, &err), MLP_OK);
    mlp_dataset data;
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, MLP_TARGETS_REQUIRED, &data, &err),
                     MLP_ERR_DATA);
    assert_int_equal(err.line, 4);
    assert_int_equal(err.col, 0);
    mlp_error_clear(&err);
    assert_int_equal(mlp_datatext_with_schema(&csv, t.path, &schema, MLP_TARGETS_REQUIRED, &data,
                                              &err),
                     MLP_ERR_DATA);
    assert_int_equal(err.line, 4);
    assert_int_equal(err.col, 9);
    assert_string_equal(err.message, "target columns (r, g) are not one-hot in this row");
    /* A file gone since its table was read: the line alone, the same status. */
    temp_remove(&t);
    assert_int_equal(mlp_datatext_with_schema(&csv, t.path, &schema, MLP_TARGETS_REQUIRED, &data,
                                              &err),
                     MLP_ERR_DATA);
    assert_int_equal(err.line, 4);
    assert_int_equal(err.col, 0);
    mlp_csv_free(&csv);
    mlp_schema_free(&schema);
}

/* The lines of text that start in bytes [S r / P, S (r + 1) / P): their
 * offsets [*from, *to), and the LFs before *from. */
static void own_lines(const char *text, int r, int P, size_t *from, size_t *to)
{
    size_t S = strlen(text), lo = S * (size_t)r / (size_t)P, hi = S * (size_t)(r + 1) / (size_t)P;
    *from = *to = S;
    for (size_t at = 0; at < S; at++) {
        int starts = at == 0 || text[at - 1] == '\n';
        if (starts && at >= lo && *from == S)
            *from = at;
        if (starts && at >= hi) {
            *to = at;
            break;
        }
    }
    if (*from > *to)
        *from = *to;
}

static size_t count_lfs(const char *text, size_t from, size_t to)
{
    size_t n = 0;
    for (size_t i = from; i < to; i++)
        n += text[i] == '\n';
    return n;
}

static void each_process_should_have_its_lines_at_their_file_line_numbers(void **state)
{
    (void)state;
    const char *file = "x,label\n1,a\n2,b\n33,a\n4,b\n555,a\n6,b\n7,a\n";
    temp_file t;
    temp_write_named(&t, "train.csv", file, strlen(file));
    const int P = 3;
    size_t from[3], to[3];
    unsigned long long lfs[3];
    fake_job f = {.size = P};
    for (int r = 0; r < P; r++) {
        own_lines(file, r, P, &from[r], &to[r]);
        lfs[r] = count_lfs(file, from[r], to[r]);
        f.data[r] = &lfs[r];
        f.len[r] = sizeof lfs[r];
    }
    assert_true(to[0] > from[0] && to[2] > from[2]); /* not vacuous: parts with lines */
    for (int r = 0; r < P; r++) {
        mlp_parts parts = fake_parts(&f, r);
        char *text = NULL;
        size_t len = 0;
        mlp_error err;
        mlp_error_clear(&err);
        assert_int_equal(mlp_datatext_read_part(t.path, &parts, &text, &len, &err), MLP_OK);
        assert_non_null(text);
        size_t before = count_lfs(file, 0, from[r]);
        assert_int_equal(len, before + to[r] - from[r]);
        for (size_t i = 0; i < before; i++)
            assert_int_equal(text[i], '\n');
        assert_memory_equal(text + before, file + from[r], to[r] - from[r]);
        assert_int_equal(text[len], '\0');
        free(text);
    }
    /* Process 0 could not read its lines: process 1 keeps no text. */
    lfs[0] = ULLONG_MAX;
    mlp_parts parts = fake_parts(&f, 1);
    char *text = (char *)1;
    size_t len = 1;
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_datatext_read_part(t.path, &parts, &text, &len, &err), MLP_OK);
    assert_null(text);
    assert_int_equal(len, 0);
    temp_remove(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_small_file_should_be_read_and_no_other),
        cmocka_unit_test(a_cell_error_should_get_its_column_from_the_file),
        cmocka_unit_test(each_process_should_have_its_lines_at_their_file_line_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
