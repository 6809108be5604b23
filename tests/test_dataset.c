/* SPDX-License-Identifier: MIT */
/* test_dataset.c: target selection, label order and mapping, one-hot,
 * normalisation statistics, column matching for a trained model, and the
 * exact messages of every misfit between a CSV and a spec. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "mlp/dataset.h"
#include "mlp/spec.h"

/* A 2-layer spec: n_in -> 4 tanh -> n_out out_act, with `layers` at 3:13 and
 * `targets` at 5:14 of net.json. */
static mlp_spec make_spec(size_t n_in, size_t n_out, mlp_activation out_act, mlp_loss loss)
{
    mlp_spec s;
    memset(&s, 0, sizeof s);
    s.path = (char *)"net.json";
    s.n_layers = 2;
    s.sizes[0] = n_in;
    s.sizes[1] = 4;
    s.sizes[2] = n_out;
    s.acts[0] = MLP_ACT_TANH;
    s.acts[1] = out_act;
    s.loss = loss;
    s.pos_layers = (mlp_spec_pos){ 3, 13 };
    s.pos_targets = (mlp_spec_pos){ 5, 14 };
    return s;
}

static void load(const char *text, const char *name, mlp_csv *csv)
{
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_csv_parse(text, strlen(text), name, csv, &err), MLP_OK);
}

static void assert_error(const mlp_error *err, const char *path, long line, long col,
                         const char *message)
{
    assert_int_equal(err->code, MLP_ERR_DATA);
    assert_string_equal(err->path, path);
    assert_int_equal(err->line, line);
    assert_int_equal(err->col, col);
    assert_string_equal(err->message, message);
}

static void assert_doubles(const double *got, const double *want, size_t n)
{
    for (size_t k = 0; k < n; k++)
        assert_true(got[k] == want[k]);
}

static void assert_empty(const mlp_schema *schema, const mlp_dataset *data)
{
    static const mlp_schema zs;
    static const mlp_dataset zd;
    assert_memory_equal(schema, &zs, sizeof zs);
    assert_memory_equal(data, &zd, sizeof zd);
}

/* Builds from text and spec expecting failure; returns the error. */
static mlp_error train_fails(const char *text, const mlp_spec *spec)
{
    mlp_csv csv;
    mlp_schema schema;
    mlp_dataset data;
    mlp_error err;
    load(text, "train.csv", &csv);
    mlp_error_clear(&err);
    assert_int_equal(mlp_dataset_from_csv(&csv, spec, &schema, &data, &err), MLP_ERR_DATA);
    assert_empty(&schema, &data);
    mlp_csv_free(&csv);
    return err;
}

static void train(const char *text, const mlp_spec *spec, mlp_schema *schema, mlp_dataset *data)
{
    mlp_csv csv;
    mlp_error err;
    load(text, "train.csv", &csv);
    mlp_error_clear(&err);
    assert_int_equal(mlp_dataset_from_csv(&csv, spec, schema, data, &err), MLP_OK);
    mlp_csv_free(&csv);
}

/* ------------------------------------------------------------------------ */
/* Targets and labels                                                       */

static void dataset_should_take_last_column_as_target_by_default(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    mlp_schema schema;
    mlp_dataset data;
    train("a,b,c\n1,2,3.5\n4,5,6.5\n", &spec, &schema, &data);
    assert_int_equal(schema.n_features, 2);
    assert_string_equal(schema.feature_names[0], "a");
    assert_string_equal(schema.feature_names[1], "b");
    assert_int_equal(schema.n_targets, 1);
    assert_string_equal(schema.target_names[0], "c");
    assert_true(schema.names_from_header);
    assert_int_equal(schema.n_outputs, 1);
    assert_int_equal(schema.n_labels, 0);
    assert_null(schema.labels);
    assert_null(schema.mean);
    assert_null(schema.std);
    assert_int_equal(data.n_rows, 2);
    assert_int_equal(data.n_features, 2);
    assert_int_equal(data.n_outputs, 1);
    assert_doubles(data.X, (const double[]){ 1, 2, 4, 5 }, 4);
    assert_doubles(data.Y, (const double[]){ 3.5, 6.5 }, 2);
    mlp_schema_free(&schema);
    mlp_dataset_free(&data);
    assert_empty(&schema, &data);
}

static void dataset_should_use_named_target_column(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    char *targets[] = { "y" };
    spec.targets = targets;
    spec.n_targets = 1;
    mlp_schema schema;
    mlp_dataset data;
    train("y,a,b\n7,1,2\n8,3,4\n", &spec, &schema, &data);
    assert_string_equal(schema.feature_names[0], "a");
    assert_string_equal(schema.feature_names[1], "b");
    assert_string_equal(schema.target_names[0], "y");
    assert_doubles(data.X, (const double[]){ 1, 2, 3, 4 }, 4);
    assert_doubles(data.Y, (const double[]){ 7, 8 }, 2);
    mlp_schema_free(&schema);
    mlp_dataset_free(&data);
}

static void dataset_should_sort_integer_labels_numerically(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(1, 3, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY);
    mlp_schema schema;
    mlp_dataset data;
    train("x,label\n0,10\n1,9\n2,2\n3,10.0\n", &spec, &schema, &data);
    assert_int_equal(schema.n_labels, 3);
    assert_string_equal(schema.labels[0], "2");
    assert_string_equal(schema.labels[1], "9");
    assert_string_equal(schema.labels[2], "10");
    assert_false(schema.one_hot_columns);
    const double want[] = { 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 1 };
    assert_doubles(data.Y, want, 12);
    mlp_schema_free(&schema);
    mlp_dataset_free(&data);
}

static void dataset_should_write_numeric_labels_in_shortest_form(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(1, 4, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY);
    mlp_schema schema;
    mlp_dataset data;
    train("x,y\n0,1e2\n1,1500.0\n2,0.250\n3,-0\n", &spec, &schema, &data);
    assert_string_equal(schema.labels[0], "0");
    assert_string_equal(schema.labels[1], "0.25");
    assert_string_equal(schema.labels[2], "100");
    assert_string_equal(schema.labels[3], "1500");
    mlp_schema_free(&schema);
    mlp_dataset_free(&data);
}

static void dataset_should_sort_string_labels_bytewise(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(1, 3, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY);
    mlp_schema schema;
    mlp_dataset data;
    train("x,label\n0,b\n1,B\n2,a\n3,b\n", &spec, &schema, &data);
    assert_string_equal(schema.labels[0], "B");
    assert_string_equal(schema.labels[1], "a");
    assert_string_equal(schema.labels[2], "b");
    const double want[] = { 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1 };
    assert_doubles(data.Y, want, 12);
    mlp_schema_free(&schema);
    mlp_dataset_free(&data);
}

static void dataset_should_read_one_hot_target_columns(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(1, 3, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY);
    char *targets[] = { "c1", "c2", "c3" };
    spec.targets = targets;
    spec.n_targets = 3;
    mlp_schema schema;
    mlp_dataset data;
    train("c3,x,c1,c2\n0,5,0,1\n1,6,0,0\n", &spec, &schema, &data);
    assert_true(schema.one_hot_columns);
    assert_int_equal(schema.n_targets, 3);
    assert_int_equal(schema.n_labels, 3);
    assert_string_equal(schema.labels[0], "c1");
    assert_string_equal(schema.labels[2], "c3");
    assert_string_equal(schema.target_names[1], "c2");
    assert_doubles(data.X, (const double[]){ 5, 6 }, 2);
    assert_doubles(data.Y, (const double[]){ 0, 1, 0, 0, 0, 1 }, 6);
    mlp_schema_free(&schema);
    mlp_dataset_free(&data);

    mlp_error err = train_fails("x,c1,c2,c3\n0,1,0,0\n1,1,1,0\n", &spec);
    assert_error(&err, "train.csv", 3, 0, "target columns (c1, c2, c3) are not one-hot in this row");
}

/* Builds from text with the text in the plan (as mlptrain gives it),
 * expecting failure; returns the error. */
static mlp_error train_fails_with_text(const char *text, const mlp_spec *spec)
{
    mlp_csv csv;
    mlp_schema schema;
    mlp_dataset data;
    mlp_error err;
    load(text, "train.csv", &csv);
    mlp_error_clear(&err);
    mlp_data_plan plan = mlp_spec_data_plan(spec);
    plan.csv_text = text;
    plan.csv_len = strlen(text);
    assert_int_equal(mlp_dataset_build(&csv, &plan, &schema, &data, NULL, NULL, NULL, &err),
                     MLP_ERR_DATA);
    assert_empty(&schema, &data);
    mlp_csv_free(&csv);
    return err;
}

/* Several target columns: an error names the cell that breaks the rule
 * (line and byte column), as every other data error does; it gave the
 * line alone. */
static void dataset_should_name_the_cell_of_several_targets(void **state)
{
    (void)state;
    char *targets[] = { "r", "g" };
    mlp_spec spec = make_spec(2, 2, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    spec.targets = targets;
    spec.n_targets = 2;
    mlp_error err = train_fails_with_text("a,b,r,g\n1,2,1,2\n3,4,0,1\n", &spec);
    assert_error(&err, "train.csv", 2, 7, "target value 2 in column \"g\" is outside [0, 1]");
    /* Blanks before a cell and a quoted cell, with CRLF line ends. */
    err = train_fails_with_text("a,b,r,g\r\n1,2,0,1\r\n3,4,  1 ,\"-1\"\r\n", &spec);
    assert_error(&err, "train.csv", 3, 10, "target value -1 in column \"g\" is outside [0, 1]");

    spec = make_spec(2, 2, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY);
    spec.targets = targets;
    spec.n_targets = 2;
    static const struct {
        const char *row;
        long col;
    } rows[] = {
        { "0,0", 5 },     /* no 1: the row's first target cell */
        { "1,1", 7 },     /* the second 1 */
        { "0.5,0.5", 5 }, /* the first value neither 0 nor 1 */
        { "1,0.5", 7 },
        { "0,2", 7 },
    };
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        char text[64];
        snprintf(text, sizeof text, "a,b,r,g\n1,2,1,0\n3,4,%s\n", rows[k].row);
        err = train_fails_with_text(text, &spec);
        assert_error(&err, "train.csv", 3, rows[k].col,
                     "target columns (r, g) are not one-hot in this row");
    }
    /* Targets named out of file order: the cell is found by its column. */
    char *reversed[] = { "g", "r" };
    spec.targets = reversed;
    err = train_fails_with_text("a,b,r,g\n1,2,1,0\n3,4,1,1\n", &spec);
    assert_error(&err, "train.csv", 3, 5, "target columns (g, r) are not one-hot in this row");
}

/* A file read for a model names a numeric target cell by its column when
 * given the file's text (mlp_dataset_with_schema_text), as the training
 * file's errors do; without it (mlp_dataset_with_schema, a file read once)
 * the line alone. A validation file and mlppredict --evaluate's input gave
 * the line alone, the text not passed. */
static void with_schema_text_should_name_the_column_of_a_target_cell(void **state)
{
    (void)state;
    char *targets[] = { "r", "g" };
    mlp_spec spec = make_spec(2, 2, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY);
    spec.targets = targets;
    spec.n_targets = 2;
    mlp_schema schema;
    mlp_dataset data;
    train("a,b,r,g\n1,2,1,0\n3,4,0,1\n", &spec, &schema, &data);
    mlp_dataset_free(&data);
    const char *text = "a,b,r,g\r\n1,2,1,0\r\n\r\n3,4,  1,1\r\n";
    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    load(text, "val.csv", &csv);
    assert_int_equal(mlp_dataset_with_schema_text(&csv, text, strlen(text), &schema,
                                                  MLP_TARGETS_REQUIRED, &data, &err),
                     MLP_ERR_DATA);
    assert_error(&err, "val.csv", 4, 9, "target columns (r, g) are not one-hot in this row");
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, MLP_TARGETS_REQUIRED, &data, &err),
                     MLP_ERR_DATA);
    assert_error(&err, "val.csv", 4, 0, "target columns (r, g) are not one-hot in this row");
    assert_null(data.X);
    mlp_csv_free(&csv);
    mlp_schema_free(&schema);
    /* A number that is no class of the model (a label column of numbers). */
    spec = make_spec(1, 2, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY);
    train("x,y\n0.1,1\n0.2,2\n", &spec, &schema, &data);
    mlp_dataset_free(&data);
    text = "x,y\n0.1,1\n0.2, 3\n";
    load(text, "val.csv", &csv);
    assert_int_equal(mlp_dataset_with_schema_text(&csv, text, strlen(text), &schema,
                                                  MLP_TARGETS_REQUIRED, &data, &err),
                     MLP_ERR_DATA);
    assert_error(&err, "val.csv", 3, 6, "label \"3\" in column \"y\" was not seen in training");
    mlp_csv_free(&csv);
    mlp_schema_free(&schema);
}

/* With parts, a process's text may be its own lines alone, after an empty
 * line for each line of the file before them (mlptrain under mpirun): the
 * cell is found at the file's line. */
static void a_text_of_some_lines_at_their_place_should_give_the_column(void **state)
{
    (void)state;
    char *targets[] = { "r", "g" };
    mlp_spec spec = make_spec(2, 2, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY);
    spec.targets = targets;
    spec.n_targets = 2;
    mlp_error err = train_fails_with_text("a,b,r,g\n1,2,1,0\n3,4,1,0\n5,6,0,0.5\n", &spec);
    assert_error(&err, "train.csv", 4, 7, "target columns (r, g) are not one-hot in this row");
    mlp_csv csv;
    mlp_schema schema;
    mlp_dataset data;
    load("a,b,r,g\n1,2,1,0\n3,4,1,0\n5,6,0,0.5\n", "train.csv", &csv);
    mlp_data_plan plan = mlp_spec_data_plan(&spec);
    plan.csv_text = "\n\n\n5,6,0,0.5\n";
    plan.csv_len = strlen(plan.csv_text);
    mlp_error_clear(&err);
    assert_int_equal(mlp_dataset_build(&csv, &plan, &schema, &data, NULL, NULL, NULL, &err),
                     MLP_ERR_DATA);
    assert_error(&err, "train.csv", 4, 7, "target columns (r, g) are not one-hot in this row");
    mlp_csv_free(&csv);
}

static void dataset_should_map_two_labels_to_one_sigmoid_unit(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(1, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    mlp_schema schema;
    mlp_dataset data;
    train("x,ok\n0,yes\n1,no\n2,yes\n", &spec, &schema, &data);
    assert_int_equal(schema.n_outputs, 1);
    assert_int_equal(schema.n_labels, 2);
    assert_string_equal(schema.labels[0], "no");
    assert_string_equal(schema.labels[1], "yes");
    assert_doubles(data.Y, (const double[]){ 1, 0, 1 }, 3);
    mlp_schema_free(&schema);
    mlp_dataset_free(&data);

    train("x,y\n0,1\n1,0\n", &spec, &schema, &data);
    assert_string_equal(schema.labels[0], "0");
    assert_string_equal(schema.labels[1], "1");
    assert_doubles(data.Y, (const double[]){ 1, 0 }, 2);
    mlp_schema_free(&schema);
    mlp_dataset_free(&data);
}

static void dataset_should_reject_label_count_not_matching_units(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(1, 3, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY);
    mlp_error err = train_fails("x,label\n0,a\n1,b\n2,c\n3,d\n", &spec);
    assert_error(&err, "train.csv", 1, 0,
                 "target column \"label\" has 4 labels (\"a\", \"b\", \"c\", \"d\") but the "
                 "output layer has 3 units");
    assert_string_equal(err.hint, "set the last entry of \"layers\" (net.json:3:13) to 4");

    err = train_fails("x,label\n0,a\n1,b\n", &spec);
    assert_error(&err, "train.csv", 1, 0,
                 "target column \"label\" has 2 labels (\"a\", \"b\") but the output layer has 3 "
                 "units");

    /* Two labels that differ only in letter case: most likely one class
     * written two ways, which the hint says first. */
    mlp_spec two = make_spec(1, 2, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY);
    err = train_fails("x,label\n0,Cat\n1,dog\n2,cat\n3,dog\n", &two);
    assert_error(&err, "train.csv", 1, 0,
                 "target column \"label\" has 3 labels (\"Cat\", \"cat\", \"dog\") but the output "
                 "layer has 2 units");
    assert_string_equal(err.hint, "\"Cat\" and \"cat\" differ only in letter case, so they are "
                                  "two labels: write each class one way; or, for 3 classes, set the "
                                  "last entry of \"layers\" (net.json:3:13) to 3");
    /* Fewer labels than units: no such hint, whatever their case. */
    err = train_fails("x,label\n0,A\n1,a\n", &spec);
    assert_string_equal(err.hint, "set the last entry of \"layers\" (net.json:3:13) to 2");

    /* Only the first eight labels are listed. */
    err = train_fails("x,y\n0,1\n0,2\n0,3\n0,4\n0,5\n0,6\n0,7\n0,8\n0,9\n0,10\n", &spec);
    assert_error(&err, "train.csv", 1, 0,
                 "target column \"y\" has 10 labels (\"1\", \"2\", \"3\", \"4\", \"5\", \"6\", "
                 "\"7\", \"8\", ...) but the output layer has 3 units");
}

static void dataset_should_reject_one_sigmoid_unit_without_two_labels(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(1, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    mlp_error err = train_fails("x,y\n0,a\n1,a\n", &spec);
    assert_error(&err, "train.csv", 1, 0,
                 "target column \"y\" has only 1 label (\"a\"); one output unit needs exactly 2");
    /* One class under a softmax: fewer units cannot help, so the advice is
     * about the data, not the layer count. */
    mlp_spec two = make_spec(1, 2, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY);
    err = train_fails("x,y\n0,1\n1,1\n", &two);
    assert_error(&err, "train.csv", 1, 0,
                 "target column \"y\" has only 1 label (\"1\") but the output layer has 2 units, "
                 "one per class");
    assert_string_equal(err.hint, "the training data needs examples of each of the 2 classes");
    err = train_fails("x,y\n0,a\n1,b\n2,c\n", &spec);
    assert_error(&err, "train.csv", 1, 0,
                 "target column \"y\" has 3 labels (\"a\", \"b\", \"c\") but one output unit "
                 "separates only 2");
    assert_string_equal(err.hint, "set the last entry of \"layers\" (net.json:3:13) to 3, with a "
                                  "softmax output and cross_entropy");
    err = train_fails("x,y\n0,No\n1,no\n2,yes\n", &spec);
    assert_string_equal(err.hint, "\"No\" and \"no\" differ only in letter case, so they are two "
                                  "labels: write each class one way; or, for 3 classes, set the "
                                  "last entry of \"layers\" (net.json:3:13) to 3, with a softmax "
                                  "output and cross_entropy");
}

/* Numbers last, taken for the target because "targets" is absent, with too
 * many labels: the classes may be a column in the middle, and the hint
 * names the key that says so. It offered only as many output units as
 * values. Not when "targets" names the column, nor for words last (most
 * likely the target), nor without a header, nor with two columns. */
static void dataset_should_name_targets_when_the_last_column_may_not_be_the_target(void **state)
{
    (void)state;
    const char *text = "a,class,b\n0.1,0,5\n0.2,1,7\n0.3,2,9\n0.4,0,11\n";
    mlp_spec spec = make_spec(2, 3, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY);
    mlp_error err = train_fails(text, &spec);
    assert_error(&err, "train.csv", 1, 0, "target column \"b\" has 4 labels (\"5\", \"7\", \"9\", "
                                          "\"11\") but the output layer has 3 units");
    /* "class" holds the 3 values the 3 units take: named first (below). */
    assert_string_equal(err.hint, "\"class\" looks like the class labels: its 3 distinct values "
                                  "are what the output takes; name it in \"data\" as "
                                  "\"targets\": [\"class\"] (the target is the last column unless "
                                  "\"targets\" names it); if \"b\" is the column to predict, set "
                                  "the last entry of \"layers\" (net.json:3:13) to 4");
    mlp_spec one = make_spec(2, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    err = train_fails(text, &one);
    assert_string_equal(err.hint, "set the last entry of \"layers\" (net.json:3:13) to 4, with a "
                                  "softmax output and cross_entropy; if \"b\" is not the column to "
                                  "predict, name the one that is in \"targets\" (the target is the "
                                  "last column unless \"targets\" names it)");

    /* "targets" names it: the spec says it is the target. */
    char *targets[] = { "b" };
    spec.targets = targets;
    spec.n_targets = 1;
    err = train_fails(text, &spec);
    assert_string_equal(err.hint, "set the last entry of \"layers\" (net.json:3:13) to 4");
    /* Words last; no header; two columns. */
    err = train_fails("a,class,b\n0.1,0,u\n0.2,1,v\n0.3,2,w\n0.4,0,x\n", &one);
    assert_string_equal(err.hint, "set the last entry of \"layers\" (net.json:3:13) to 4, with a "
                                  "softmax output and cross_entropy");
    err = train_fails("0.1,0,5\n0.2,1,7\n0.3,2,9\n", &one);
    assert_string_equal(err.hint, "set the last entry of \"layers\" (net.json:3:13) to 3, with a "
                                  "softmax output and cross_entropy");
    mlp_spec two = make_spec(1, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    err = train_fails("a,b\n0.1,5\n0.2,7\n0.3,9\n", &two);
    assert_string_equal(err.hint, "set the last entry of \"layers\" (net.json:3:13) to 3, with a "
                                  "softmax output and cross_entropy");
}

/* The target column moved to the front (moons as "label,x1,x2", no
 * "targets"): the last column, a quantity, was refused with a regression
 * as the first fix, which trains on the wrong column. A column that holds
 * what the output takes (2 values for one unit, K for K) as class labels
 * do (whole numbers or words) is named first; among several, the one
 * named like a target; none when nothing tells them apart. */
static void dataset_should_name_the_column_of_labels_first(void **state)
{
    (void)state;
    mlp_spec one = make_spec(2, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    const char *regression = "\"0.5\" has a fraction, so \"x2\" looks like a number to predict: "
                             "for a regression use a linear output with \"loss\": \"mse\"";
    char want[600];
    snprintf(want, sizeof want, "\"label\" looks like the class labels: its 2 distinct values are "
                                "what the output takes; name it in \"data\" as \"targets\": "
                                "[\"label\"] (the target is the last column unless \"targets\" "
                                "names it); if \"x2\" is the column to predict, %s", regression);
    mlp_error err = train_fails("label,x1,x2\n0,0.1,0.5\n1,0.2,1.25\n1,0.3,2.5\n", &one);
    assert_string_equal(err.hint, want);
    /* The same under a softmax of 3 units with 3 classes. (A column of
     * words before the last is refused as a feature first, with its own
     * advice to name it in "targets".) */
    mlp_spec three = make_spec(2, 3, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY);
    err = train_fails("kind,x1,x2\n0,0.1,0.5\n1,0.2,1.25\n2,0.3,2.5\n0,0.4,3.5\n", &three);
    const char *kind = "\"kind\" looks like the class labels: its 3 distinct values";
    assert_true(strncmp(err.hint, kind, strlen(kind)) == 0);
    /* Two 0/1 columns: the one named like a target; neither so named: no
     * guess, the advice as before. */
    err = train_fails("flag,Class,x2\n0,1,0.5\n1,0,1.25\n1,1,2.5\n", &one);
    const char *named = "\"Class\" looks like the class labels: its 2 distinct values";
    assert_true(strncmp(err.hint, named, strlen(named)) == 0);
    err = train_fails("flag,other,x2\n0,1,0.5\n1,0,1.25\n1,1,2.5\n", &one);
    snprintf(want, sizeof want, "%s; if \"x2\" is not the column to predict, name the one that "
                                "is in \"targets\" (the target is the last column unless "
                                "\"targets\" names it)", regression);
    assert_string_equal(err.hint, want);
    /* A column of 3 values is not the labels of one unit, nor one with a
     * fraction, nor is any column when "targets" names the target. */
    err = train_fails("label,x1,x2\n0,0.1,0.5\n1,0.2,1.25\n2,0.3,2.5\n", &one);
    assert_string_equal(err.hint, want);
    char *targets[] = { "x2" };
    one.targets = targets;
    one.n_targets = 1;
    err = train_fails("label,x1,x2\n0,0.1,0.5\n1,0.2,1.25\n1,0.3,2.5\n", &one);
    assert_string_equal(err.hint, regression);
}

/* Regression: a 0/1 feature was named as the class labels of one sigmoid
 * unit though the target, "class", held the labels 1..3 and the output
 * layer was the mistake ("sex" looks like the class labels ... name it in
 * "targets"), the right fix second. A target named like one, or of whole
 * numbers, may be the labels: no other column is named then, unless it is
 * named like a target and the target is not (the "a,class,b" case above);
 * an unnamed column only when the target has fractions (the cases above). */
static void dataset_should_not_name_a_feature_when_the_target_may_be_the_labels(void **state)
{
    (void)state;
    mlp_spec one = make_spec(3, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    mlp_error err = train_fails("sex,age,bmi,class\n1,67,24.1,3\n0,49,31.2,1\n0,30,19.9,2\n", &one);
    assert_error(&err, "train.csv", 1, 0, "target column \"class\" has 3 labels (\"1\", \"2\", "
                                          "\"3\") but one output unit separates only 2");
    const char *units = "set the last entry of \"layers\" (net.json:3:13) to 3, with a softmax "
                        "output and cross_entropy";
    char want[600];
    snprintf(want, sizeof want, "%s; if \"class\" is not the column to predict, name the one "
                                "that is in \"targets\" (the target is the last column unless "
                                "\"targets\" names it)", units);
    assert_string_equal(err.hint, want);
    /* The same named otherwise ("grade"): whole numbers, so no guess either. */
    err = train_fails("sex,age,bmi,grade\n1,67,24.1,3\n0,49,31.2,1\n0,30,19.9,2\n", &one);
    snprintf(want, sizeof want, "%s; if \"grade\" is not the column to predict, name the one "
                                "that is in \"targets\" (the target is the last column unless "
                                "\"targets\" names it)", units);
    assert_string_equal(err.hint, want);
    /* A target named like one, even with fractions: not "label" either,
     * the regression and the way to name the target as without it. */
    mlp_spec two = make_spec(2, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    err = train_fails("label,age,y\n0,67,0.5\n1,49,1.25\n1,30,2.5\n", &two);
    assert_string_equal(err.hint, "\"0.5\" has a fraction, so \"y\" looks like a number to "
                                  "predict: for a regression use a linear output with \"loss\": "
                                  "\"mse\"; if \"y\" is not the column to predict, name the one "
                                  "that is in \"targets\" (the target is the last column unless "
                                  "\"targets\" names it)");
}

/* A quantity (numbers with fractions) under a classifying output: the
 * message says why it became classes, the hint offers a regression rather
 * than as many output units as there are values. Whole numbers (class
 * codes) keep the usual advice. */
static void dataset_should_advise_regression_for_fractional_labels(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(1, 1, MLP_ACT_SOFTMAX, MLP_LOSS_MSE);
    mlp_error err = train_fails("x,y\n0,0.5\n1,1.25\n2,2\n", &spec);
    assert_error(&err, "train.csv", 1, 0,
                 "target column \"y\" has 3 labels (\"0.5\", \"1.25\", \"2\"): a softmax output "
                 "with mse reads every distinct value as a class");
    assert_string_equal(err.hint, "\"0.5\" has a fraction, so \"y\" looks like a number to "
                                  "predict: for a regression use a linear output with \"loss\": "
                                  "\"mse\"");
    spec = make_spec(1, 2, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY);
    err = train_fails("x,y\n0,1\n1,2\n2,3\n", &spec);
    assert_error(&err, "train.csv", 1, 0,
                 "target column \"y\" has 3 labels (\"1\", \"2\", \"3\") but the output layer "
                 "has 2 units");
    /* As many fractional values as units: two classes named 0.5 and 1.5 are
     * what the spec says, and train. */
    spec = make_spec(1, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    mlp_schema schema;
    mlp_dataset data;
    train("x,y\n0,0.5\n1,1.5\n", &spec, &schema, &data);
    assert_int_equal(schema.n_labels, 2);
    mlp_dataset_free(&data);
    mlp_schema_free(&schema);
}

static void dataset_should_reject_regression_target_for_several_units(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(1, 3, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    mlp_error err = train_fails("x,y\n1,2.5\n", &spec);
    assert_error(&err, "train.csv", 1, 0,
                 "one target column of numbers (\"y\") but the output layer has 3 units");
    /* The hint names why K non-softmax units cannot be read as class
     * probabilities, then the ways out. */
    assert_string_equal(err.hint, "a linear output is not a probability: to read \"y\" as 3 classes "
                                  "use a softmax output with \"loss\": \"cross_entropy\"; for a "
                                  "number to predict set the last entry of \"layers\" "
                                  "(net.json:3:13) to 1, or name 3 target columns in \"targets\"");
}

static void dataset_should_reject_target_count_not_matching_units(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(1, 3, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    char *targets[] = { "a", "b" };
    spec.targets = targets;
    spec.n_targets = 2;
    mlp_error err = train_fails("x,a,b\n1,2,3\n", &spec);
    assert_error(&err, "net.json", 5, 14, "\"targets\" names 2 columns but the output layer has 3 units");
    assert_string_equal(err.hint, "set the last entry of \"layers\" (net.json:3:13) to 2");

    mlp_spec spec2 = make_spec(1, 2, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    spec2.targets = targets;
    spec2.n_targets = 2;
    err = train_fails("x,a,b\n1,2,3\n4,5,?\n", &spec2);
    assert_error(&err, "train.csv", 3, 5, "value \"?\" in target column \"b\" is not a number");
}

static void dataset_should_reject_missing_target_name(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    char *targets[] = { "label" };
    spec.targets = targets;
    spec.n_targets = 1;
    mlp_error err = train_fails("x1,x2,y\n1,2,3\n", &spec);
    assert_error(&err, "net.json", 5, 14, "no column \"label\" in train.csv (its columns: x1, x2, y)");
    assert_string_equal(err.hint, "\"targets\" must name columns of the header row; names are "
                                  "case-sensitive");
}

static void dataset_should_ask_for_header_when_targets_are_named(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    char *targets[] = { "y" };
    spec.targets = targets;
    spec.n_targets = 1;
    mlp_error err = train_fails("1,2,3\n4,5,6\n", &spec);
    assert_error(&err, "net.json", 5, 14, "\"targets\" names column \"y\" but train.csv has no header row");
    assert_string_equal(err.hint, "add a header row of column names as the first line of "
                                  "train.csv, or remove \"targets\" to use the last column");
}

/* ------------------------------------------------------------------------ */
/* Features                                                                 */

static void dataset_should_reject_feature_count_mismatch(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    mlp_error err = train_fails("x1,x2,x3,y\n1,2,3,4\n", &spec);
    assert_error(&err, "train.csv", 1, 0, "3 feature columns (x1, x2, x3) but \"layers\" starts with 2");
    assert_string_equal(err.hint, "set the first entry of \"layers\" (net.json:3:13) to 3, name "
                                  "the target columns in \"targets\", or list the 2 columns to "
                                  "read in \"features\"");
    /* Too few columns: naming features cannot help. */
    err = train_fails("x1,y\n1,2\n", &spec);
    assert_error(&err, "train.csv", 1, 0, "1 feature column (x1) but \"layers\" starts with 2");
    assert_string_equal(err.hint, "set the first entry of \"layers\" (net.json:3:13) to 1, or "
                                  "name the target columns in \"targets\"");

    err = train_fails("1,2\n3,4\n", &spec);
    assert_error(&err, "train.csv", 1, 0, "1 feature column (column 1) but \"layers\" starts with 2");
}

/* One-hot class columns last, no "targets" ("x1,x2,c0,c1"): the first fix
 * offered was a first layer of 3, which trains without a word on c0, the
 * answer itself (c0 = 1 - c1). When the last K columns (K output units)
 * hold 0 or 1 and one 1 in each row, naming them in "targets" comes
 * first; otherwise the advice is as before. */
static void dataset_should_name_one_hot_target_columns_first(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 2, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY);
    mlp_error err = train_fails("x1,x2,c0,c1\n0,0,1,0\n0,1,0,1\n1,0,0,1\n1,1,1,0\n", &spec);
    assert_error(&err, "train.csv", 1, 0,
                 "3 feature columns (x1, x2, c0) but \"layers\" starts with 2");
    assert_string_equal(err.hint, "the last 2 columns hold one 1 in each row, as one-hot class "
                                  "columns for the 2 output units do: name them in \"data\" as "
                                  "\"targets\": [\"c0\", \"c1\"] (the target is the last column "
                                  "unless \"targets\" names it); read as features, they would "
                                  "give the model its answer");
    /* Two 1s in a row, or a 2: not one-hot. */
    const char *before = "set the first entry of \"layers\" (net.json:3:13) to 3, name the "
                         "target columns in \"targets\", or list the 2 columns to read in "
                         "\"features\"";
    err = train_fails("x1,x2,c0,c1\n0,0,1,0\n0,1,1,1\n", &spec);
    assert_string_equal(err.hint, before);
    err = train_fails("x1,x2,c0,c1\n0,0,1,0\n0,1,0,2\n", &spec);
    assert_string_equal(err.hint, before);
}

static void dataset_should_reject_non_numeric_feature(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    mlp_error err = train_fails("x1,x2,y\n1,2,0\n3,abc,1\n", &spec);
    assert_error(&err, "train.csv", 3, 3, "value \"abc\" in column \"x2\" is not a number");
    /* A word among numbers is a value to correct (the hint once only
     * restated the rule, "every feature cell must be a number"), or the
     * target, when it is not last. */
    assert_string_equal(err.hint, "the network reads a number in every feature cell: write this "
                                  "cell as a number, or remove the row; if this column is what "
                                  "to predict, name it in \"targets\" (the target is the last "
                                  "column unless \"targets\" names it)");

    char *targets[] = { "y" };
    mlp_spec named = spec;
    named.targets = targets;
    named.n_targets = 1;
    err = train_fails("x1,x2,y\n1,2,0\n3,,1\n", &named);
    assert_error(&err, "train.csv", 3, 3, "value \"\" in column \"x2\" is not a number");
    assert_string_equal(err.hint, "fill in the missing value or remove the row");
    err = train_fails("x1,x2,y\n1,2,0\n3,x,1\n", &named); /* targets named: not the target */
    assert_string_equal(err.hint, "the network reads a number in every feature cell: write this "
                                  "cell as a number, or remove the row");
    /* What R, pandas or numpy write for a missing value is named as one. */
    err = train_fails("x1,x2,y\n1,2,0\n3,NA,1\n", &named);
    assert_error(&err, "train.csv", 3, 3, "value \"NA\" in column \"x2\" is not a number");
    assert_string_equal(err.hint, "\"NA\" marks a missing value, which mlp does not read: fill in "
                                  "the missing value or remove the row");
    err = train_fails("x1,x2,y\n1,2,0\n3,nan,1\n", &named);
    assert_error(&err, "train.csv", 3, 3, "value \"nan\" in column \"x2\" is not a finite number");
    assert_string_equal(err.hint, "\"nan\" marks a missing value, which mlp does not read: fill in "
                                  "the missing value or remove the row");

    err = train_fails("x1,x2,y\n1,2,0\n3, -inf ,1\n", &spec);
    assert_error(&err, "train.csv", 3, 4, "value \"-inf\" in column \"x2\" is not a finite number");

    err = train_fails("x1,x2,y\n1,2,0\n3,1e999,1\n", &spec);
    assert_error(&err, "train.csv", 3, 3, "value \"1e999\" in column \"x2\" is not a finite number");

    /* The first bad cell in the file is reported, whatever its column. */
    err = train_fails("x1,x2,y\n1,oops,0\nbad,2,1\n", &spec);
    assert_error(&err, "train.csv", 2, 3, "value \"oops\" in column \"x2\" is not a number");
}

/* The hints for the usual causes of a feature cell that is not a number:
 * a column of words (a category to encode, or the target when it is not
 * last), two words (one 0/1 column), a number with text after it. A column
 * with words among numbers is a value of a row to correct. */
static void dataset_should_say_how_to_encode_a_column_of_words(void **state)
{
    (void)state;
    mlp_spec last = make_spec(2, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    char *targets[] = { "y" };
    mlp_spec named = last;
    named.targets = targets;
    named.n_targets = 1;

    mlp_error err = train_fails("color,size,y\nred,1,0\nblue,2,1\nred,3,1\ngreen,4,0\n", &named);
    assert_error(&err, "train.csv", 2, 1, "value \"red\" in column \"color\" is not a number");
    assert_string_equal(err.hint, "column \"color\" holds words, not numbers: as a feature, give "
                                  "each of its values a 0/1 column of its own (one-hot encoding); "
                                  "or leave it out: list the columns to read in \"features\"");
    err = train_fails("species,a,b\nsetosa,1,0\nversicolor,2,1\nvirginica,3,1\n", &last);
    assert_string_equal(err.hint, "column \"species\" holds words, not numbers: if it is what to "
                                  "predict, name it in \"targets\" (the target is the last column "
                                  "unless \"targets\" names it); as a feature, give each of its "
                                  "values a 0/1 column of its own (one-hot encoding); or leave "
                                  "it out: list the columns to read in \"features\"");
    err = train_fails("a,b,y\nTRUE,1,0\nFALSE,2,1\nTRUE,3,1\n", &named);
    assert_string_equal(err.hint, "column \"a\" holds words, not numbers: as a feature, write its "
                                  "two values (\"TRUE\", \"FALSE\") as 0 and 1; or leave it "
                                  "out: list the columns to read in \"features\"");
    err = train_fails("a,b,y\n5%,1,0\n10%,2,1\n", &named);
    assert_error(&err, "train.csv", 2, 1, "value \"5%\" in column \"a\" is not a number");
    assert_string_equal(err.hint, "cells must hold a number alone: write 5 without the \"%\" "
                                  "after it (units and % signs are not read)");
    err = train_fails("a,b,y\n\"1,5\",1,0\n2,2,1\n", &named);
    assert_string_equal(err.hint, "cells must hold a number alone, written with a decimal point "
                                  "and without thousands separators (1.5, not 1,5; 1500, not "
                                  "1,500)");
    err = train_fails("a,b,y\n1,1,0\nred,2,1\nblue,3,0\n", &named); /* words among numbers */
    assert_string_equal(err.hint, "the network reads a number in every feature cell: write this "
                                  "cell as a number, or remove the row");

    /* A file for a trained model: the column was numbers in training. */
    mlp_schema schema;
    mlp_dataset data;
    train("a,b,y\n0,1,0\n1,2,1\n", &named, &schema, &data);
    mlp_dataset_free(&data);
    mlp_csv csv;
    load("a,b\nred,1\nblue,2\ngreen,3\n", "new.csv", &csv);
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, MLP_TARGETS_IGNORED, &data, &err),
                     MLP_ERR_DATA);
    assert_string_equal(err.hint, "column \"a\" holds words, not numbers: the model was trained on "
                                  "numbers there; write it as its training file did");
    mlp_csv_free(&csv);
    /* A word in a column of numbers, late in the file: the row's value to
     * correct, or the row to remove (the hint once only restated the rule,
     * "every feature cell must be a number"). */
    load("a,b\n0,1\n1,2\n2,oops\n", "new.csv", &csv);
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, MLP_TARGETS_IGNORED, &data, &err),
                     MLP_ERR_DATA);
    assert_error(&err, "new.csv", 4, 3, "value \"oops\" in column \"b\" is not a number");
    assert_string_equal(err.hint, "the model reads a number in every feature cell: write this "
                                  "cell as a number, or remove the row");
    mlp_csv_free(&csv);
    mlp_schema_free(&schema);
}

/* The hint for a cell that nearly is a number gives the number only where
 * the text has one reading. It cut every such text at the first character
 * strtod stops at and offered what came before: "write 1 without the
 * \" 234.5\"" for 1 234.5, 2024 for a date, 12 for 12- (an accounting
 * export's -12), 1.234 for 1.234.5 (1.234,5 after tr ',;' '.,'). */
static void dataset_should_hint_the_number_a_cell_nearly_is(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    char *targets[] = { "y" };
    spec.targets = targets;
    spec.n_targets = 1;
    static const char *const cases[][2] = {
        /* thousands in groups of three: one reading */
        { "1 234.5", "cells must hold a number alone: write 1234.5 (thousands separators, here "
                     "spaces, are not read)" },
        { "\"1\xC2\xA0" "234,5\"", "cells must hold a number alone: write 1234.5 (thousands "
                               "separators, here U+00A0 no-break spaces, are not read, and the "
                               "decimal mark is a point)" },
        { "-1\xE2\x80\xAF" "234\xE2\x80\xAF" "567", "cells must hold a number alone: write "
                                                    "-1234567 (thousands separators, here U+202F "
                                                    "narrow no-break spaces, are not read)" },
        { "\"1.234,5\"", "cells must hold a number alone: write 1234.5 (thousands separators, "
                         "here points, are not read, and the decimal mark is a point)" },
        { "\"1,234.5\"", "cells must hold a number alone: write 1234.5 (thousands separators, "
                         "here commas, are not read)" },
        { "\"1,234,567\"", "cells must hold a number alone: write 1234567 (thousands "
                           "separators, here commas, are not read)" },
        { "1'234.5", "cells must hold a number alone: write 1234.5 (thousands separators, here "
                     "apostrophes, are not read)" },
        /* 1.234,5 after tr ',;' '.,': the last point is the decimal comma; with a last
         * group of three it may be either, and no number is given */
        { "1.234.5", "a number has one decimal point and no thousands separators: write 1234.5 "
                     "(a file that writes 1.234,5 needs its thousands points removed before tr "
                     "',;' '.,' turns its decimal commas into points)" },
        { "1.234.567", "a number has one decimal point and no thousands separators: write it "
                       "without the points between thousands (a file that writes 1.234,5 needs "
                       "its thousands points removed before tr ',;' '.,' turns its decimal "
                       "commas into points)" },
        /* one comma: 1.5 or 1500, not told apart */
        { "\"1,500\"", "cells must hold a number alone, written with a decimal point and without "
                       "thousands separators (1.5, not 1,5; 1500, not 1,500)" },
        /* dates and times */
        { "2024-01-05", "a date or a time is not read as a number: write it as one, such as the "
                        "days since a fixed date" },
        { "05.01.2024", "a date or a time is not read as a number: write it as one, such as the "
                        "days since a fixed date" },
        { "12:30", "a date or a time is not read as a number: write it as one, such as the days "
                   "since a fixed date" },
        /* a trailing minus, alone; with a sign of its own there is no reading */
        { "12.5-", "a minus sign goes before the number: write -12.5, not 12.5-" },
        { "-12-", "cells must hold one number alone, with no spaces, separators or second sign "
                  "inside it (1234.5, -0.25, 1e-3)" },
        /* digits that no rule joins */
        { "1.5.2", "cells must hold one number alone, with no spaces, separators or second sign "
                   "inside it (1234.5, -0.25, 1e-3)" },
        { "1 2", "cells must hold one number alone, with no spaces, separators or second sign "
                 "inside it (1234.5, -0.25, 1e-3)" },
        { "1-2", "cells must hold one number alone, with no spaces, separators or second sign "
                 "inside it (1234.5, -0.25, 1e-3)" },
        /* units, cut before a character that does not fit whole */
        { "12 kg", "cells must hold a number alone: write 12 without the \" kg\" after it (units "
                   "and % signs are not read)" },
        { "3\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC",
          "cells must hold a number alone: write 3 without the \"\xE2\x82\xAC\xE2\x82\xAC\xE2\x82"
          "\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC...\" after it (units and % signs are not "
          "read)" },
        /* a word that starts like "inf" is a word */
        { "inferior", "the network reads a number in every feature cell: write this cell as a "
                      "number, or remove the row" },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char text[160];
        snprintf(text, sizeof text, "a,b,y\n%s,1,0\n2,2,1\n", cases[k][0]);
        mlp_error err = train_fails(text, &spec);
        assert_int_equal(err.line, 2);
        assert_string_equal(err.hint, cases[k][1]);
    }
    /* The same hints for a regression's target. */
    mlp_error err = train_fails("a,b,y\n1,1,0.5\n2,2,1 234.5\n3,3,2.5\n", &spec);
    assert_error(&err, "train.csv", 3, 5, "value \"1 234.5\" in target column \"y\" is not a "
                                          "number");
    assert_string_equal(err.hint, "cells must hold a number alone: write 1234.5 (thousands "
                                  "separators, here spaces, are not read)");
    /* A long value is cut whole characters before its 60th byte. */
    err = train_fails("a,b,y\n1,1,0\n2,2,1\n3,3,\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                      "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                      "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                      "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9x\n", &spec);
    assert_string_equal(err.message, "value \"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                                     "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                                     "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                                     "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                                     "\xC3\xA9\xC3\xA9\xC3\xA9...\" in target column \"y\" is not "
                                     "a number");
}

/* An empty target cell is a missing value, not a class named "": refused
 * at its cell, for labels (it asked for one more output unit) and for a
 * regression (the column was no longer all numbers, so it became a
 * classification of every distinct value). */
static void dataset_should_reject_an_empty_target_cell(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(1, 3, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY);
    mlp_error err = train_fails("x,label\n0,a\n1,b\n2,\n3,c\n4,\n", &spec);
    assert_error(&err, "train.csv", 4, 3, "empty cell in target column \"label\"");
    assert_string_equal(err.hint, "fill in the missing value or remove the row");
    /* A blank cell is empty too: cells are trimmed. */
    err = train_fails("x,label\n0,a\n1,b\n2,c\n3,   \n", &spec);
    assert_error(&err, "train.csv", 5, 6, "empty cell in target column \"label\"");

    mlp_spec reg = make_spec(1, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    err = train_fails("x,y\n0,0.5\n1,1.5\n2,\n", &reg);
    assert_error(&err, "train.csv", 4, 3, "empty cell in target column \"y\"");
    assert_string_equal(err.hint, "fill in the missing value or remove the row");
}

/* The texts other tools write for a missing value ("NA", "NaN", "?") in a
 * target column of numbers are missing values too. They asked, like an
 * empty cell, for one more output unit, or made a regression a
 * classification ("4 labels ... use a softmax output"). Among words, "NA"
 * and "None" may be classes' names and are read as labels; "?" and a NaN
 * never are. */
static void dataset_should_reject_a_missing_value_marker_in_the_target(void **state)
{
    (void)state;
    mlp_spec reg = make_spec(1, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    const char *const markers[] = { "NA", "n/a", "#N/A", "NaN", "nan", "NULL", "None", "?" };
    for (size_t k = 0; k < sizeof markers / sizeof markers[0]; k++) {
        char text[64], want[64];
        snprintf(text, sizeof text, "x,y\n0,0.5\n1,1.5\n2,%s\n3,2\n", markers[k]);
        snprintf(want, sizeof want, "missing value \"%s\" in target column \"y\"", markers[k]);
        mlp_error err = train_fails(text, &reg);
        assert_error(&err, "train.csv", 4, 3, want);
        assert_string_equal(err.hint, "fill in the missing value or remove the row");
    }
    mlp_spec two = make_spec(1, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    mlp_error err = train_fails("x,label\n0,0\n1,1\n2,NA\n", &two);
    assert_error(&err, "train.csv", 4, 3, "missing value \"NA\" in target column \"label\"");

    /* Among words: "NA" is a label; "?" is not. */
    mlp_spec three = make_spec(1, 3, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY);
    mlp_schema schema;
    mlp_dataset data;
    train("x,region\n0,EU\n1,NA\n2,AS\n", &three, &schema, &data);
    assert_int_equal(schema.n_labels, 3);
    assert_string_equal(schema.labels[2], "NA");
    mlp_dataset_free(&data);
    mlp_schema_free(&schema);
    err = train_fails("x,region\n0,EU\n1,?\n2,AS\n3,NA\n", &three);
    assert_error(&err, "train.csv", 3, 3, "missing value \"?\" in target column \"region\"");
    /* One label more than the outputs take, and it is a marker: the hint
     * names it as a likely gap before the wider output layer. */
    err = train_fails("x,y\n0,no\n1,yes\n2,NA\n", &two);
    assert_error(&err, "train.csv", 1, 0, "target column \"y\" has 3 labels (\"NA\", \"no\", "
                                         "\"yes\") but one output unit separates only 2");
    assert_string_equal(err.hint, "if \"NA\" marks a missing value, fill those cells in or remove "
                                  "their rows; for 3 classes, set the last entry of \"layers\" "
                                  "(net.json:3:13) to 3, with a softmax output and cross_entropy");
}

/* A header cell without a name: a trailing comma on every line, or pandas'
 * row index. It was counted as a feature (or taken as the target) and the
 * message asked to widen "layers" for it. */
static void dataset_should_reject_an_unnamed_column(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    mlp_error err = train_fails("x1,x2,y,\n0,0,0,\n1,1,1,\n", &spec);
    assert_error(&err, "train.csv", 1, 0, "column 4 of 4 has no name in the header row");
    assert_string_equal(err.hint, "a comma at the end of every line makes an unnamed last column; "
                                  "remove the trailing commas, or name the column");
    err = train_fails(",x1,x2,y\n0,0,0,0\n1,1,1,1\n", &spec);
    assert_error(&err, "train.csv", 1, 0, "column 1 of 4 has no name in the header row");
    assert_string_equal(err.hint, "pandas' to_csv writes its row index as an unnamed first "
                                  "column; write the file with to_csv(..., index=False), or list "
                                  "the columns to read in \"features\"");
    err = train_fails("x1, ,y\n0,0,0\n1,1,1\n", &spec);
    assert_error(&err, "train.csv", 1, 0, "column 2 of 3 has no name in the header row");
    assert_string_equal(err.hint, "name the column, or remove it");
}

/* The message about a header cell without a name gave the header's line
 * alone, leaving the reader to count commas for "column 2 of 3". With the
 * file's text it is at the empty cell: the column after leading blanks (the
 * comma that ends it, or the line end for an empty last cell, the byte
 * after the trailing comma, before a CR), as mlp_csv_field_col gives every
 * other cell; a byte-order mark's 3 bytes count on line 1. Without the text
 * (train_fails above) the line alone. */
static void dataset_should_point_at_the_unnamed_cell(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    static const struct {
        const char *text;
        long line, col;
        const char *message;
    } cases[] = {
        /* "x1,x2,y," is 8 bytes: the empty cell is at its end, byte 9 */
        {"x1,x2,y,\n0,0,0,\n1,1,1,\n", 1, 9, "column 4 of 4 has no name in the header row"},
        {"x1,x2,y,\r\n0,0,0,\r\n1,1,1,\r\n", 1, 9, "column 4 of 4 has no name in the header row"},
        /* trailing blanks are part of the cell: the end is after them */
        {"x1,x2,y,  \n0,0,0,\n1,1,1,\n", 1, 11, "column 4 of 4 has no name in the header row"},
        {",x1,x2,y\n0,0,0,0\n1,1,1,1\n", 1, 1, "column 1 of 4 has no name in the header row"},
        /* the mark is bytes 1-3, so the first cell (the comma) is byte 4 */
        {"\xEF\xBB\xBF,x1,x2,y\n0,0,0,0\n1,1,1,1\n", 1, 4,
         "column 1 of 4 has no name in the header row"},
        /* "x1, " then the comma that ends the blank cell, byte 5 */
        {"x1, ,y\n0,0,0\n1,1,1\n", 1, 5, "column 2 of 3 has no name in the header row"},
        {"\n  \nx1,,y\n0,0,0\n1,1,1\n", 3, 4, "column 2 of 3 has no name in the header row"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        mlp_error err = train_fails_with_text(cases[k].text, &spec);
        assert_error(&err, "train.csv", cases[k].line, cases[k].col, cases[k].message);
    }

    /* A process's text of its own lines (mpirun) holds the header line of
     * another process empty: no column of nothing, the line alone. */
    mlp_csv csv;
    mlp_schema schema;
    mlp_dataset data;
    mlp_error err;
    load("x1,x2,y,\n0,0,0,\n1,1,1,\n", "train.csv", &csv);
    mlp_data_plan plan = mlp_spec_data_plan(&spec);
    plan.csv_text = "\n\n1,1,1,\n";
    plan.csv_len = strlen(plan.csv_text);
    mlp_error_clear(&err);
    assert_int_equal(mlp_dataset_build(&csv, &plan, &schema, &data, NULL, NULL, NULL, &err),
                     MLP_ERR_DATA);
    assert_error(&err, "train.csv", 1, 0, "column 4 of 4 has no name in the header row");
    mlp_csv_free(&csv);

    /* A file read for a model trained without a header (by position). */
    train("0,0,0\n0,1,1\n1,0,1\n1,1,0\n", &spec, &schema, &data);
    mlp_dataset_free(&data);
    const char *text = "x1,x2,\n0,0,0\n1,0,1\n";
    load(text, "test.csv", &csv);
    assert_int_equal(mlp_dataset_with_schema_text(&csv, text, strlen(text), &schema,
                                                  MLP_TARGETS_IF_PRESENT, &data, &err),
                     MLP_ERR_DATA);
    assert_error(&err, "test.csv", 1, 7, "column 3 of 3 has no name in the header row");
    assert_null(data.X);
    mlp_csv_free(&csv);
    mlp_schema_free(&schema);
}

/* "" is the one name a header may hold more than once (every unnamed
 * column has it), and a hand-made plan or a model (an .npz may name a
 * feature "") may look it up. Columns are found through a binary search by
 * name of the header's names sorted by name, then position; "" sorts
 * first. The search meets the middle entry first, and halves towards ""
 * until an entry is "": that column is found, not the first unnamed one
 * (it has been so since the reader had its own index). */
static void dataset_should_find_an_empty_name_where_it_did(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_schema schema;
    mlp_dataset data;
    mlp_error err;
    char *features[] = {"", "x"}, *targets[] = {"y"};

    /* ",x,,y" sorts to "" (column 0), "" (2), "x" (1), "y" (3): the search
     * meets entry 2 ("x"), then entry 1: column 2, whose cells are 3 and 7. */
    const char *text = ",x,,y\n1,2,3,4\n5,6,7,8\n";
    memset(&schema, 0, sizeof schema);
    schema.n_features = 2;
    schema.feature_names = features;
    schema.names_from_header = 1;
    schema.n_targets = 1;
    schema.target_names = targets;
    schema.n_outputs = 1;
    load(text, "test.csv", &csv);
    mlp_error_clear(&err);
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, MLP_TARGETS_IGNORED, &data, &err),
                     MLP_OK);
    const double want[] = {3, 2, 7, 6};
    assert_int_equal(data.n_rows, 2);
    assert_doubles(data.X, want, 4);
    mlp_dataset_free(&data);

    /* Training on it: the column found is the one refused for its lack of
     * a name, column 3 of 4 (the first unnamed column is not read). */
    mlp_spec spec = make_spec(1, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    mlp_data_plan plan = mlp_spec_data_plan(&spec);
    plan.features = features;
    plan.n_features = 1;
    plan.targets = targets;
    plan.n_targets = 1;
    mlp_schema trained;
    assert_int_equal(mlp_dataset_build(&csv, &plan, &trained, &data, NULL, NULL, NULL, &err),
                     MLP_ERR_DATA);
    assert_error(&err, "test.csv", 1, 0, "column 3 of 4 has no name in the header row");
    mlp_csv_free(&csv);

    /* Seven unnamed columns then "a": the search meets entry 4 first, a "",
     * column 4 (cells 5); the first would be column 0 (cells 1). */
    text = ",,,,,,,a\n1,2,3,4,5,6,7,8\n";
    schema.n_features = 1;
    load(text, "test.csv", &csv);
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, MLP_TARGETS_IGNORED, &data, &err),
                     MLP_OK);
    assert_int_equal(data.n_rows, 1);
    assert_true(data.X[0] == 5);
    mlp_dataset_free(&data);
    mlp_csv_free(&csv);
}

/* A regression's target column of numbers with a bad cell is refused at
 * that cell. It was read as class labels, every distinct value a class:
 * "has 5 labels ... set the last entry of \"layers\" to 5, with a softmax
 * output", never the cell. A column of words stays labels (an mse output
 * trained on two classes), and so does one of mostly words. */
static void dataset_should_reject_a_non_number_in_a_regression_target(void **state)
{
    (void)state;
    mlp_spec reg = make_spec(1, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    mlp_error err = train_fails("x,y\n0,0.5\n1,1.5\n2,oops\n3,2.5\n4,3.5\n", &reg);
    assert_error(&err, "train.csv", 4, 3, "value \"oops\" in target column \"y\" is not a number");
    assert_string_equal(err.hint, "\"loss\": \"mse\" predicts the numbers of \"y\": write this "
                                  "cell as a number, or remove the row");
    /* A mangled number gets the hint for its text, as a feature's does. */
    err = train_fails("x,y\n0,0.5\n1,\"1,5\"\n2,2.5\n", &reg);
    assert_error(&err, "train.csv", 3, 3, "value \"1,5\" in target column \"y\" is not a number");
    assert_string_equal(err.hint, "cells must hold a number alone, written with a decimal point "
                                  "and without thousands separators (1.5, not 1,5; 1500, not "
                                  "1,500)");
    /* Every cell mangled the same way: numbers still, not three classes. */
    err = train_fails("x,y\n0,\"0,5\"\n1,\"1,5\"\n2,\"2,5\"\n", &reg);
    assert_error(&err, "train.csv", 2, 3, "value \"0,5\" in target column \"y\" is not a number");
    /* Half the cells numbers is enough; an mse loss on a sigmoid output too. */
    mlp_spec sig = make_spec(1, 1, MLP_ACT_SIGMOID, MLP_LOSS_MSE);
    err = train_fails("x,y\n0,0\n1,yes\n", &sig);
    assert_error(&err, "train.csv", 3, 3, "value \"yes\" in target column \"y\" is not a number");

    /* Words are class labels, also with mse ("inferior" starts like inf). */
    mlp_schema schema;
    mlp_dataset data;
    train("x,y\n0,inferior\n1,superior\n2,inferior\n", &reg, &schema, &data);
    assert_int_equal(schema.n_labels, 2);
    assert_doubles(data.Y, (const double[]){ 0, 1, 0 }, 3);
    mlp_dataset_free(&data);
    mlp_schema_free(&schema);
    err = train_fails("x,y\n0,a\n1,b\n2,a\n3,7\n", &reg);
    assert_error(&err, "train.csv", 1, 0, "target column \"y\" has 3 labels (\"7\", \"a\", \"b\") "
                                          "but one output unit separates only 2");

    /* A validation file for a regression: the hint of the cell's text. */
    train("x,y\n0,0.5\n1,1.5\n", &reg, &schema, &data);
    mlp_dataset_free(&data);
    mlp_csv csv;
    load("x,y\n0,0.5\n1,\"1,5\"\n", "val.csv", &csv);
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, MLP_TARGETS_REQUIRED, &data, &err),
                     MLP_ERR_DATA);
    assert_error(&err, "val.csv", 3, 3, "value \"1,5\" in target column \"y\" is not a number");
    assert_string_equal(err.hint, "cells must hold a number alone, written with a decimal point "
                                  "and without thousands separators (1.5, not 1,5; 1500, not "
                                  "1,500)");
    mlp_csv_free(&csv);
    mlp_schema_free(&schema);
}

/* An infinity in a column of numbers is a bad cell, not a label: a
 * regression's target with one "inf" was read as labels, every value a
 * class. NaN and the other markers stay missing values, the earliest told. */
static void dataset_should_reject_an_infinite_number_at_its_cell(void **state)
{
    (void)state;
    mlp_spec reg = make_spec(2, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    mlp_error err = train_fails("a,b,y\n1,2,0.5\n3,4,1.25\n5,6,inf\n", &reg);
    assert_error(&err, "train.csv", 4, 5, "value \"inf\" in target column \"y\" is not a finite "
                                          "number");
    assert_string_equal(err.hint, "every cell must be a finite number: write the value, or "
                                  "remove the row");
    err = train_fails("a,b,y\n1,2,0.5\n3,4,-1e999\n5,6,inf\n", &reg);
    assert_error(&err, "train.csv", 3, 5, "value \"-1e999\" in target column \"y\" is not a "
                                          "finite number");
    err = train_fails("a,b,y\n1,2,NA\n3,4,inf\n", &reg);
    assert_error(&err, "train.csv", 2, 5, "missing value \"NA\" in target column \"y\"");
    /* A classifier's labels are read the same way. */
    mlp_spec cls = make_spec(2, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    err = train_fails("a,b,y\n1,2,0\n3,4,Infinity\n5,6,1\n", &cls);
    assert_error(&err, "train.csv", 3, 5, "value \"Infinity\" in target column \"y\" is not a "
                                          "finite number");
    /* A feature: the same hint. */
    err = train_fails("a,b,y\n1,2,0\n1e999,4,1\n", &cls);
    assert_error(&err, "train.csv", 3, 1, "value \"1e999\" in column \"a\" is not a finite "
                                          "number");
    assert_string_equal(err.hint, "every cell must be a finite number: write the value, or "
                                  "remove the row");
}

/* "features": the listed columns in the listed order are the inputs, and
 * the other columns are never read (words in a name column, pandas' unnamed
 * index column). */
static void dataset_should_read_only_the_listed_features(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    char *features[] = { "x1", "x2" };
    spec.features = features;
    spec.n_features = 2;
    mlp_schema schema;
    mlp_dataset data;
    train("id,name,x2,x1,y\n1,alice,0.5,2,1\n2,bob,1.5,4,0\n", &spec, &schema, &data);
    assert_int_equal(schema.n_features, 2);
    assert_string_equal(schema.feature_names[0], "x1");
    assert_string_equal(schema.feature_names[1], "x2");
    assert_int_equal(schema.n_targets, 1);
    assert_string_equal(schema.target_names[0], "y");
    const double X[] = { 2, 0.5, 4, 1.5 }, Y[] = { 1, 0 };
    assert_int_equal(data.n_rows, 2);
    assert_doubles(data.X, X, 4);
    assert_doubles(data.Y, Y, 2);
    mlp_schema_free(&schema);
    mlp_dataset_free(&data);

    train(",x1,x2,y\n0,1,2,3\n1,4,5,6\n", &spec, &schema, &data);
    const double X2[] = { 1, 2, 4, 5 };
    assert_doubles(data.X, X2, 4);
    mlp_schema_free(&schema);
    mlp_dataset_free(&data);
}

/* Every misfit of a feature list names "features" at its place in the spec. */
static void dataset_should_reject_a_feature_list_that_does_not_fit(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    spec.pos_features = (mlp_spec_pos){ 6, 15 };
    char *features[] = { "x1", "z" }, *with_y[] = { "x1", "y" }, *one[] = { "x1" };
    char *targets[] = { "y" }, *words[] = { "x1", "name" };
    spec.features = features;
    spec.n_features = 2;
    mlp_error err = train_fails("x1,x2,y\n1,2,3\n", &spec);
    assert_error(&err, "net.json", 6, 15, "no column \"z\" in train.csv (its columns: x1, x2, y)");
    assert_string_equal(err.hint, "\"features\" must name columns of the header row; names are "
                                  "case-sensitive");

    err = train_fails("1,2,3\n4,5,6\n", &spec);
    assert_error(&err, "net.json", 6, 15, "\"features\" names column \"x1\" but train.csv has no "
                                          "header row");
    assert_string_equal(err.hint, "add a header row of column names as the first line of "
                                  "train.csv, or remove \"features\" to use every column but the "
                                  "target");

    spec.features = with_y;
    err = train_fails("x1,x2,y\n1,2,3\n", &spec);
    assert_error(&err, "net.json", 6, 15, "\"features\" names column \"y\", the target: without "
                                          "\"targets\" the target is the last column");
    assert_string_equal(err.hint, "name the column to predict in \"targets\", or remove \"y\" "
                                  "from \"features\"");

    spec.targets = targets;
    spec.n_targets = 1;
    err = train_fails("x1,y,x2\n1,2,3\n", &spec);
    assert_error(&err, "net.json", 6, 15, "column \"y\" is named in both \"targets\" and "
                                          "\"features\"");
    assert_string_equal(err.hint, "a column is what the network reads or what it predicts, not "
                                  "both: remove it from one of the lists");

    spec.features = one;
    spec.n_features = 1;
    err = train_fails("x1,x2,y\n1,2,3\n", &spec);
    assert_error(&err, "net.json", 6, 15, "\"features\" names 1 column (x1) but \"layers\" "
                                          "starts with 2");
    assert_string_equal(err.hint, "set the first entry of \"layers\" (net.json:3:13) to 1, or "
                                  "name 2 columns in \"features\"");

    spec.features = words;
    spec.n_features = 2;
    err = train_fails("x1,name,y\n1,red,0\n2,blue,1\n3,green,1\n", &spec);
    assert_error(&err, "train.csv", 2, 3, "value \"red\" in column \"name\" is not a number");
    assert_string_equal(err.hint, "column \"name\" holds words, not numbers: as a feature, give "
                                  "each of its values a 0/1 column of its own (one-hot encoding); "
                                  "or remove it from \"features\"");
}

/* A name of "features" or "targets" that does not fit is reported at the
 * name, not at the list's "[" (col 48 for "zz" below, which was reported
 * at the "[", col 41): the spec keeps each name's position. */
static void dataset_should_point_at_the_name_that_does_not_fit(void **state)
{
    (void)state;
    static const struct {
        const char *data;   /* the members of "data" after "train" */
        long col;           /* of the name in conflict, on line 2 */
        const char *message;
    } cases[] = {
        {"\"features\": [\"x1\", \"zz\"]", 48,
         "no column \"zz\" in train.csv (its columns: x1, x2, y)"},
        {"\"features\": [\"x1\", \"y\"]", 48,
         "\"features\" names column \"y\", the target: without \"targets\" the target is the "
         "last column"},
        {"\"targets\": [\"y\"], \"features\": [\"x2\", \"x1\", \"y\"]", 72,
         "column \"y\" is named in both \"targets\" and \"features\""},
        {"\"targets\": [\"y\", \"w\"], \"features\": [\"x1\"]", 46,
         "no column \"w\" in train.csv (its columns: x1, x2, y)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "{\"layers\": [2, 4, 1], \"activations\": [\"tanh\", \"linear\"], \"loss\": \"mse\",\n"
                 " \"data\": {\"train\": \"t.csv\", %s}}",
                 cases[i].data);
        mlp_spec spec;
        mlp_error err;
        assert_int_equal(mlp_spec_parse(text, strlen(text), "f.json", &spec, &err), MLP_OK);
        err = train_fails("x1,x2,y\n1,2,3\n", &spec);
        if (err.line != 2 || err.col != cases[i].col)
            fail_msg("%s: at %ld:%ld, expected 2:%ld (%s)", cases[i].data, err.line, err.col,
                     cases[i].col, err.message);
        assert_error(&err, "f.json", 2, cases[i].col, cases[i].message);
        mlp_spec_free(&spec);
    }
}

/* Values near the top of the double range: the statistics are computed
 * scaled by a power of two (exact), so they are the scaled ones of a tame
 * column: x1 = 2^1020 * (1, 2, 3, 6) has mean 3 * 2^1020 and std
 * sqrt(3.5) * 2^1020 (the sum 12 * 2^1020 alone would overflow), and its
 * standardised values equal those of (1, 2, 3, 6) bit for bit. A column of
 * +-1.5e308 standardises to +-1 although x - mean overflows. */
static void dataset_should_standardise_values_near_the_top_of_the_range(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    spec.normalize = MLP_NORMALIZE_STANDARD;
    mlp_schema big_schema, small_schema;
    mlp_dataset big, small;
    char text[512];
    double u = ldexp(1.0, 1020);
    snprintf(text, sizeof text,
             "x1,x2,y\n%.17g,1.5e308,0\n%.17g,-1.5e308,0\n%.17g,1.5e308,1\n%.17g,-1.5e308,1\n",
             1 * u, 2 * u, 3 * u, 6 * u);
    train(text, &spec, &big_schema, &big);
    train("x1,x2,y\n1,1,0\n2,-1,0\n3,1,1\n6,-1,1\n", &spec, &small_schema, &small);
    assert_true(big_schema.mean[0] == 3 * u);
    assert_true(big_schema.std[0] == small_schema.std[0] * u);
    assert_true(big_schema.mean[1] == 0.0 && big_schema.std[1] == 1.5e308);
    for (size_t i = 0; i < 8; i++)
        assert_true(big.X[i] == small.X[i]);
    mlp_dataset_free(&big);
    mlp_dataset_free(&small);
    mlp_schema_free(&big_schema);
    mlp_schema_free(&small_schema);
}

static void dataset_should_compute_standard_normalisation(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    spec.normalize = MLP_NORMALIZE_STANDARD;
    mlp_schema schema;
    mlp_dataset data;
    /* x1: mean 12/4 = 3, population variance (4+1+0+9)/4 = 3.5.
     * x2: constant 5, so std stays 1 and the column is only centred. */
    train("x1,x2,y\n1,5,0\n2,5,0\n3,5,1\n6,5,1\n", &spec, &schema, &data);
    assert_int_equal(schema.normalize, MLP_NORMALIZE_STANDARD);
    assert_non_null(schema.mean);
    assert_non_null(schema.std);
    double s = sqrt(3.5);
    /* 1e-15: one rounding of a quotient near 1. */
    assert_true(schema.mean[0] == 3.0 && schema.mean[1] == 5.0);
    assert_true(fabs(schema.std[0] - s) <= 1e-15 * s);
    assert_true(schema.std[1] == 1.0);
    const double x1[] = { 1, 2, 3, 6 };
    for (size_t i = 0; i < 4; i++) {
        double want = (x1[i] - 3.0) / s;
        assert_true(fabs(data.X[i * 2] - want) <= 1e-15 * (1.0 + fabs(want)));
        assert_true(data.X[i * 2 + 1] == 0.0);
    }
    assert_doubles(data.Y, (const double[]){ 0, 0, 1, 1 }, 4);
    mlp_schema_free(&schema);
    mlp_dataset_free(&data);
}

static void dataset_should_treat_nearly_constant_column_as_constant(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(1, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    spec.normalize = MLP_NORMALIZE_STANDARD;
    mlp_schema schema;
    mlp_dataset data;
    /* 1e6 and its next double differ by 1.2e-10, far below 1e-12 * 1e6. */
    train("x,y\n1000000,0\n1000000.0000000001,1\n", &spec, &schema, &data);
    assert_true(schema.std[0] == 1.0);
    assert_true(fabs(data.X[0]) < 1e-9 && fabs(data.X[1]) < 1e-9);
    mlp_schema_free(&schema);
    mlp_dataset_free(&data);
}

/* The constant test is relative to the column's own magnitude: columns of
 * 2^-47 (7e-15) and 2^-900 (1e-271) times (1, 2, 3, 6) are no more constant
 * than (1, 2, 3, 6), and standardise to its values bit for bit (the second
 * is summed scaled by a power of two: its squares, near 2^-1800, would be
 * 0). Under the old rule, std < 1e-12 max(1, |mean|), both kept std 1 and
 * stayed near 1e-14 and 1e-271. */
static void dataset_should_standardise_columns_of_small_magnitude(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    spec.normalize = MLP_NORMALIZE_STANDARD;
    mlp_schema tiny_schema, small_schema;
    mlp_dataset tiny, small;
    char text[512];
    double u = ldexp(1.0, -47), w = ldexp(1.0, -900);
    snprintf(text, sizeof text, "x1,x2,y\n%.17g,%.17g,0\n%.17g,%.17g,0\n%.17g,%.17g,1\n%.17g,%.17g,1\n",
             1 * u, 1 * w, 2 * u, 2 * w, 3 * u, 3 * w, 6 * u, 6 * w);
    train(text, &spec, &tiny_schema, &tiny);
    train("x1,x2,y\n1,1,0\n2,2,0\n3,3,1\n6,6,1\n", &spec, &small_schema, &small);
    assert_true(tiny_schema.mean[0] == 3 * u && tiny_schema.mean[1] == 3 * w);
    assert_true(tiny_schema.std[0] == small_schema.std[0] * u);
    assert_true(tiny_schema.std[1] == small_schema.std[1] * w);
    for (size_t i = 0; i < 8; i++)
        assert_true(tiny.X[i] == small.X[i]);
    mlp_dataset_free(&tiny);
    mlp_dataset_free(&small);
    mlp_schema_free(&tiny_schema);
    mlp_schema_free(&small_schema);
}

/* Subnormal columns, below 2^-1022: 2^-1060 * (1, 2, 3, 6) has mean
 * 3 * 2^-1060 and the std of (1, 2, 3, 6) times 2^-1060 (one rounding to
 * the subnormal grid of 2^-1074 either way), and a column of the smallest
 * double alone is constant (std 1). The scale of the sums was 2^1024 for
 * them, which is infinity: the means were NaN and mlptrain refused the
 * file ("feature 2 of this training row is -nan"), or a schema built by the
 * library could not be saved (fuzz/regressions/predict/crash-d4536644...).
 * Standardised, the first column is (1, 2, 3, 6)'s up to the std's
 * rounding on that grid, 2^-1075 / (1.87 * 2^-1060) < 2e-5 relative. */
static void dataset_should_standardise_subnormal_columns(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    spec.normalize = MLP_NORMALIZE_STANDARD;
    mlp_schema sub_schema, small_schema;
    mlp_dataset sub, small;
    char text[512];
    double u = ldexp(1.0, -1060), t = ldexp(1.0, -1074);
    snprintf(text, sizeof text, "x1,x2,y\n%.17g,%.17g,0\n%.17g,%.17g,0\n%.17g,%.17g,1\n%.17g,%.17g,1\n",
             1 * u, t, 2 * u, t, 3 * u, t, 6 * u, t);
    train(text, &spec, &sub_schema, &sub);
    train("x1,x2,y\n1,1,0\n2,1,0\n3,1,1\n6,1,1\n", &spec, &small_schema, &small);
    assert_true(sub_schema.mean[0] == 3 * u && sub_schema.mean[1] == t);
    assert_true(sub_schema.std[0] == small_schema.std[0] * u && sub_schema.std[1] == 1.0);
    for (size_t i = 0; i < 4; i++) {
        assert_true(fabs(sub.X[2 * i] - small.X[2 * i]) <= 2e-5 * fabs(small.X[2 * i]));
        assert_true(sub.X[2 * i + 1] == 0.0);
    }
    mlp_dataset_free(&sub);
    mlp_dataset_free(&small);
    mlp_schema_free(&sub_schema);
    mlp_schema_free(&small_schema);
}

/* What the old rule counted as constant still is, at any magnitude: equal
 * values (six 0.1s, whose computed mean is 0.09999999999999999, so their
 * computed std is not 0), values equal up to rounding (0.1 + 0.2 and 0.3,
 * one ulp apart), and the same two values 1e-300 times as large; values
 * 5e-13 of the largest magnitude apart are still constant, 1e-11 apart
 * not. */
static void dataset_should_keep_std_1_for_columns_equal_up_to_rounding(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(5, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    spec.normalize = MLP_NORMALIZE_STANDARD;
    mlp_schema schema;
    mlp_dataset data;
    char text[1024];
    size_t at = (size_t)snprintf(text, sizeof text, "a,b,c,d,e,y\n");
    for (int i = 0; i < 6; i++)
        at += (size_t)snprintf(text + at, sizeof text - at, "0.1,%.17g,%.17g,%.17g,%.17g,%d\n",
                               i % 2 ? 0.1 + 0.2 : 0.3, i % 2 ? 0.1e-300 + 0.2e-300 : 0.3e-300,
                               i % 3 ? 5.0 : 5.0 * (1.0 - 5e-13), i % 3 ? 5.0 : 5.0 * (1.0 - 1e-11),
                               i);
    train(text, &spec, &schema, &data);
    assert_true(0.1 + 0.2 != 0.3 && 0.1e-300 + 0.2e-300 != 0.3e-300);
    for (size_t k = 0; k < 4; k++)
        assert_true(schema.std[k] == 1.0);
    assert_true(schema.std[4] != 1.0 && schema.std[4] < 1e-10);
    for (size_t i = 0; i < 6; i++)
        for (size_t k = 0; k < 4; k++)
            assert_true(fabs(data.X[i * 5 + k]) < 1e-11);
    mlp_schema_free(&schema);
    mlp_dataset_free(&data);
}

/* ------------------------------------------------------------------------ */
/* Files for a trained model                                                */

static void with_schema_should_match_columns_by_name(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    spec.normalize = MLP_NORMALIZE_STANDARD;
    mlp_schema schema;
    mlp_dataset train_data;
    /* x1: mean 2, var (4+0+4)/3 = 8/3; x2: mean 4, var (16+0+16)/3 = 32/3. */
    train("x1,x2,label\n0,0,a\n2,4,b\n4,8,a\n", &spec, &schema, &train_data);
    mlp_dataset_free(&train_data);

    mlp_csv csv;
    mlp_dataset data;
    mlp_error err;
    load("extra,label,x2,x1\nq,b,4,1\nr,a,10,3\n", "test.csv", &csv);
    mlp_error_clear(&err);
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, 1, &data, &err), MLP_OK);
    assert_int_equal(data.n_rows, 2);
    assert_int_equal(data.n_features, 2);
    assert_int_equal(data.n_outputs, 1);
    double s1 = sqrt(8.0 / 3.0), s2 = sqrt(32.0 / 3.0);
    const double want[] = { (1 - 2) / s1, 0.0, (3 - 2) / s1, 6 / s2 };
    for (size_t k = 0; k < 4; k++)
        assert_true(fabs(data.X[k] - want[k]) <= 1e-15 * (1.0 + fabs(want[k])));
    assert_doubles(data.Y, (const double[]){ 1, 0 }, 2);
    mlp_dataset_free(&data);
    mlp_csv_free(&csv);

    /* No target column: fine unless targets are needed. */
    load("x2,x1\n4,2\n", "test.csv", &csv);
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, 0, &data, &err), MLP_OK);
    assert_null(data.Y);
    assert_int_equal(data.n_outputs, 1);
    assert_true(fabs(data.X[0]) <= 1e-15 && fabs(data.X[1]) <= 1e-15);
    mlp_dataset_free(&data);
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, 1, &data, &err), MLP_ERR_DATA);
    assert_error(&err, "test.csv", 1, 0, "no target column \"label\"");
    mlp_csv_free(&csv);

    load("x1,label\n1,a\n", "test.csv", &csv);
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, 0, &data, &err), MLP_ERR_DATA);
    assert_error(&err, "test.csv", 1, 0, "no column \"x2\"");
    assert_string_equal(err.hint, "the model reads the columns x1, x2 by header name; add the "
                                  "column \"x2\" (extra columns are ignored)");
    mlp_csv_free(&csv);
    mlp_schema_free(&schema);
}

/* Reads text with the schema, expecting a missing column at line 1, col. */
static mlp_error with_schema_fails(const char *text, const mlp_schema *schema, long col,
                                   const char *message)
{
    mlp_csv csv;
    mlp_dataset data;
    mlp_error err;
    mlp_error_clear(&err);
    load(text, "test.csv", &csv);
    assert_int_equal(mlp_dataset_with_schema_text(&csv, text, strlen(text), schema,
                                                  MLP_TARGETS_REQUIRED, &data, &err),
                     MLP_ERR_DATA);
    assert_error(&err, "test.csv", 1, col, message);
    assert_null(data.X);
    mlp_csv_free(&csv);
    return err;
}

/* A name of the model the header lacks, written another way in a cell the
 * model does not read ("X1" for "x1"): the message named no cell and said
 * only that extra columns are ignored, no way on. Now the cell, with the
 * rename; but not a numbered sibling ("x3" for "x2": another column,
 * which renamed would be read silently as x2), nor a column the model
 * reads under its own name. */
static void with_schema_should_suggest_the_misnamed_column(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    mlp_schema schema;
    mlp_dataset data;
    train("x1,x2,label\n0,0,a\n1,1,b\n", &spec, &schema, &data);
    mlp_dataset_free(&data);
    mlp_error err = with_schema_fails("X1,x2,label\n0,0,a\n", &schema, 1, "no column \"x1\"");
    assert_string_equal(err.hint, "did you mean \"X1\"? rename the header cell to \"x1\": the "
                                  "model reads the columns x1, x2 by header name");
    err = with_schema_fails("x1,x3,label\n0,0,a\n", &schema, 0, "no column \"x2\"");
    assert_string_equal(err.hint, "the model reads the columns x1, x2 by header name; add the "
                                  "column \"x2\" (extra columns are ignored)");
    err = with_schema_fails("x1,Label,x2\n0,a,0\n", &schema, 4, "no target column \"label\"");
    assert_string_equal(err.hint, "did you mean \"Label\"? rename the header cell to \"label\": "
                                  "evaluation compares the outputs with the targets, found by "
                                  "header name");
    mlp_schema_free(&schema);

    train("width,widths,label\n0,0,a\n1,1,b\n", &spec, &schema, &data);
    mlp_dataset_free(&data);
    err = with_schema_fails("widths,label\n0,a\n", &schema, 0, "no column \"width\"");
    assert_string_equal(err.hint, "the model reads the columns width, widths by header name; add "
                                  "the column \"width\" (extra columns are ignored)");
    mlp_schema_free(&schema);
}

/* The hint of a missing column whose cell holds `name` of the model (the
 * one called so in the schema's columns `cols`) written as `cell`. */
static void expect_rename(const mlp_schema *schema, const char *text, long col, const char *name,
                          const char *cell, const char *cols)
{
    char message[128], hint[512];
    snprintf(message, sizeof message, "no column \"%s\"", name);
    snprintf(hint, sizeof hint, "did you mean \"%s\"? rename the header cell to \"%s\": the "
                                "model reads the columns %s by header name", cell, name, cols);
    mlp_error err = with_schema_fails(text, schema, col, message);
    assert_string_equal(err.hint, hint);
}

/* The hint of a missing column `name` that no cell holds: add it. */
static void expect_add(const mlp_schema *schema, const char *text, const char *name,
                       const char *cols)
{
    char message[128], hint[512];
    snprintf(message, sizeof message, "no column \"%s\"", name);
    snprintf(hint, sizeof hint, "the model reads the columns %s by header name; add the column "
                                "\"%s\" (extra columns are ignored)", cols, name);
    mlp_error err = with_schema_fails(text, schema, 0, message);
    assert_string_equal(err.hint, hint);
}

/* Regression: the cell offered for a missing column was the nearest name
 * by edit distance, so a one-letter name took any other letter ("y": did
 * you mean "z"?) and a short one any word a letter off ("cost" for
 * "most"): renamed, that other column is read silently in the model's.
 * Only another spelling of the same name is offered: case, separators or
 * blanks ("X_12", a quoted "y "), the mojibake of a spreadsheet (UTF-8 read as
 * Windows-1252: "GrÃ¶ÃŸe" for "Größe", 4 bytes apart). Digits stay apart
 * ("x1_2", row 1 column 2, is not "x12"). */
static void with_schema_should_offer_only_the_same_name(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    mlp_schema schema;
    mlp_dataset data;
    train("x,y,label\n0,0,a\n1,1,b\n", &spec, &schema, &data);
    mlp_dataset_free(&data);
    expect_add(&schema, "x,z\n0,0\n", "y", "x, y");
    expect_add(&schema, "Z,x\n0,0\n", "y", "x, y");
    expect_rename(&schema, "Y,x\n0,0\n", 1, "y", "Y", "x, y");
    expect_rename(&schema, "x,\"y \"\n0,0\n", 3, "y", "y ", "x, y"); /* quoted: kept */
    mlp_schema_free(&schema);

    train("most,x12,label\n0,0,a\n1,1,b\n", &spec, &schema, &data);
    mlp_dataset_free(&data);
    expect_add(&schema, "cost,x12\n0,0\n", "most", "most, x12");
    expect_add(&schema, "most,x1_2\n0,0\n", "x12", "most, x12");
    expect_rename(&schema, "most,X_12\n0,0\n", 6, "x12", "X_12", "most, x12");
    mlp_schema_free(&schema);

    train("Sepal Length,Gr\xc3\xb6\xc3\x9f" "e,label\n0,0,a\n1,1,b\n", &spec, &schema, &data);
    mlp_dataset_free(&data);
    const char *cols = "Sepal Length, Gr\xc3\xb6\xc3\x9f" "e";
    expect_rename(&schema, "sepal_length,Gr\xc3\xb6\xc3\x9f" "e\n0,0\n", 1, "Sepal Length",
                  "sepal_length", cols);
    /* Ã (C3 83), ¶ (C2 B6), Ã, Ÿ (C5 B8): "Sepal Length," is 13 bytes. */
    expect_rename(&schema, "Sepal Length,Gr\xc3\x83\xc2\xb6\xc3\x83\xc5\xb8" "e\n0,0\n", 14,
                  "Gr\xc3\xb6\xc3\x9f" "e", "Gr\xc3\x83\xc2\xb6\xc3\x83\xc5\xb8" "e", cols);
    mlp_schema_free(&schema);
}

static void with_schema_should_match_columns_by_position(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    mlp_schema schema;
    mlp_dataset data;
    train("1,2,0\n3,4,1\n", &spec, &schema, &data);
    mlp_dataset_free(&data);
    assert_false(schema.names_from_header);

    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    load("5,6\n", "test.csv", &csv);
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, 0, &data, &err), MLP_OK);
    assert_doubles(data.X, (const double[]){ 5, 6 }, 2);
    assert_null(data.Y);
    mlp_dataset_free(&data);
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, 1, &data, &err), MLP_ERR_DATA);
    assert_error(&err, "test.csv", 1, 0,
                 "2 columns, the features only, but evaluation needs the targets too");
    assert_string_equal(err.hint, "add the target column last (3 columns in all)");
    mlp_csv_free(&csv);

    /* A header in the new file does not matter when the model has no names. */
    load("b,a,y\n5,6,1\n7,8,0.0\n", "test.csv", &csv);
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, 1, &data, &err), MLP_OK);
    assert_doubles(data.X, (const double[]){ 5, 6, 7, 8 }, 4);
    assert_doubles(data.Y, (const double[]){ 1, 0 }, 2);
    mlp_dataset_free(&data);
    mlp_csv_free(&csv);

    load("1,2,3,4\n", "test.csv", &csv);
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, 0, &data, &err), MLP_ERR_DATA);
    assert_error(&err, "test.csv", 1, 0,
                 "4 columns but the model takes 2 (features only) or 3 (features, then targets)");
    assert_string_equal(err.hint, "the model was trained on the features column 1, column 2 and "
                                  "the target column 3");
    mlp_csv_free(&csv);
    mlp_schema_free(&schema);
}

/* A model trained without a header reads columns by position, so a file
 * that pandas' to_csv wrote with its row index (an unnamed first column)
 * was read with the index as x1, x1 as x2 and x2 as the target: wrong
 * predictions, no message. An unnamed column is refused as in training;
 * a model with names reads by name and never looks at it. */
static void with_schema_should_refuse_an_unnamed_column_by_position(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    mlp_schema schema;
    mlp_dataset data;
    train("0,0,0\n0,1,1\n1,0,1\n1,1,0\n", &spec, &schema, &data);
    mlp_dataset_free(&data);
    const char *index_hint = "pandas' to_csv writes its row index as an unnamed first column, "
                             "which this model (trained without a header, reading columns by "
                             "position) would take for its first feature; write the file with "
                             "to_csv(..., index=False)";
    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    load(",x1,x2\n0,0,0\n1,0,1\n", "test.csv", &csv);
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, MLP_TARGETS_IF_PRESENT, &data, &err),
                     MLP_ERR_DATA);
    assert_error(&err, "test.csv", 1, 0, "column 1 of 3 has no name in the header row");
    assert_string_equal(err.hint, index_hint);
    assert_null(data.X);
    mlp_csv_free(&csv);

    /* With the target too: the index, not the column count, is the fault. */
    load(",x1,x2,y\n0,0,0,0\n1,0,1,1\n", "test.csv", &csv);
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, MLP_TARGETS_REQUIRED, &data, &err),
                     MLP_ERR_DATA);
    assert_error(&err, "test.csv", 1, 0, "column 1 of 4 has no name in the header row");
    assert_string_equal(err.hint, index_hint);
    mlp_csv_free(&csv);

    load("x1,x2,\n0,0,0\n1,0,1\n", "test.csv", &csv);
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, MLP_TARGETS_IF_PRESENT, &data, &err),
                     MLP_ERR_DATA);
    assert_error(&err, "test.csv", 1, 0, "column 3 of 3 has no name in the header row");
    assert_string_equal(err.hint, "a comma at the end of every line makes an unnamed last column; "
                                  "remove the trailing commas, or name the column");
    mlp_csv_free(&csv);
    mlp_schema_free(&schema);

    /* Trained with a header: the index column is matched by no name. */
    train("x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n", &spec, &schema, &data);
    mlp_dataset_free(&data);
    load(",x2,x1,y\n0,5,6,1\n", "test.csv", &csv);
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, MLP_TARGETS_REQUIRED, &data, &err),
                     MLP_OK);
    assert_doubles(data.X, (const double[]){ 6, 5 }, 2);
    assert_doubles(data.Y, (const double[]){ 1 }, 1);
    mlp_dataset_free(&data);
    mlp_csv_free(&csv);
    mlp_schema_free(&schema);
}

/* Reads text for schema with its text, expecting failure; returns the error. */
static mlp_error schema_fails_with_text(const char *text, const mlp_schema *schema, int targets)
{
    mlp_csv csv;
    mlp_dataset data;
    mlp_error err;
    load(text, "test.csv", &csv);
    mlp_error_clear(&err);
    assert_int_equal(mlp_dataset_with_schema_text(&csv, text, strlen(text), schema, targets,
                                                  &data, &err),
                     MLP_ERR_DATA);
    assert_null(data.X);
    mlp_csv_free(&csv);
    return err;
}

/* A model trained on a Latin-1 header ("caf" and byte E9, Excel's CSV on
 * Windows) given the same file saved as UTF-8 ("caf" C3 A9) said only
 * `no column "caf\xe9"`, over a header that shows "café". The name is now
 * found in the other encoding and told at its cell, with the conversion;
 * so is the reverse (a UTF-8 model, a Latin-1 header, in a table read
 * without the names to look up: the reader refuses such a file itself
 * when given them). Only a name that is not UTF-8 has another reading:
 * two UTF-8 names that differ ("café" and its mojibake "cafÃ©") are two
 * names. */
static void with_schema_should_find_a_name_in_the_other_encoding(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    mlp_schema latin, latin_target, utf8;
    mlp_dataset data;
    train("caf\xe9,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n", &spec, &latin, &data);
    mlp_dataset_free(&data);
    train("x1,x2,\xe9t\xe9\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n", &spec, &latin_target, &data);
    mlp_dataset_free(&data);
    train("caf\xc3\xa9,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n", &spec, &utf8, &data);
    mlp_dataset_free(&data);
    const char *to_latin1 = "convert the file to the model's Latin-1, for example with iconv -f "
                            "utf-8 -t latin1 FILE > FILE-latin1.csv, or train the model again "
                            "on its training file converted to UTF-8 (iconv -f latin1 -t utf-8)";

    /* "x2," is 3 bytes: the name is the second cell, byte 4. */
    mlp_error err = schema_fails_with_text("x2,caf\xc3\xa9,y\n0,0,0\n", &latin,
                                           MLP_TARGETS_IF_PRESENT);
    assert_error(&err, "test.csv", 1, 4,
                 "no column \"caf\xe9\", but column 2, \"caf\xc3\xa9\", is the same text in "
                 "another encoding: the model's name is Latin-1 (byte E9), the file's UTF-8");
    assert_string_equal(err.hint, to_latin1);
    /* The target, when evaluation needs it: "x1,x2," is 6 bytes. */
    err = schema_fails_with_text("x1,x2,\xc3\xa9t\xc3\xa9\n0,0,0\n", &latin_target,
                                 MLP_TARGETS_REQUIRED);
    assert_error(&err, "test.csv", 1, 7,
                 "no target column \"\xe9t\xe9\", but column 3, \"\xc3\xa9t\xc3\xa9\", is the "
                 "same text in another encoding: the model's name is Latin-1 (byte E9), the "
                 "file's UTF-8");
    assert_string_equal(err.hint, to_latin1);
    /* The reverse: the file's name is the Latin-1 one, at byte 4. */
    err = schema_fails_with_text("x2,caf\xe9,y\n0,0,0\n", &utf8, MLP_TARGETS_IF_PRESENT);
    assert_error(&err, "test.csv", 1, 4,
                 "no column \"caf\xc3\xa9\", but column 2, \"caf\xe9\", is the same text in "
                 "another encoding: the model's name is UTF-8, the file's Latin-1 (byte E9)");
    assert_string_equal(err.hint, "mlp reads UTF-8 (or plain ASCII); convert the file first, "
                                  "for example with iconv -f latin1 -t utf-8 FILE > "
                                  "FILE-utf8.csv");

    /* Without the text (a file read once), the line alone. */
    mlp_csv csv;
    load("x2,caf\xc3\xa9,y\n0,0,0\n", "test.csv", &csv);
    mlp_error_clear(&err);
    assert_int_equal(mlp_dataset_with_schema(&csv, &latin, MLP_TARGETS_IF_PRESENT, &data, &err),
                     MLP_ERR_DATA);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.col, 0);
    mlp_csv_free(&csv);

    /* Other names stay missing: another Latin-1 letter (E8, è), and the
     * mojibake of a UTF-8 name, which is UTF-8 itself (2 bytes from the
     * name, near enough for a "did you mean", at its cell). */
    err = schema_fails_with_text("x2,caf\xc3\xa8,y\n0,0,0\n", &latin, MLP_TARGETS_IF_PRESENT);
    assert_error(&err, "test.csv", 1, 0, "no column \"caf\xe9\"");
    err = schema_fails_with_text("x2,caf\xc3\x83\xc2\xa9,y\n0,0,0\n", &utf8,
                                 MLP_TARGETS_IF_PRESENT);
    assert_error(&err, "test.csv", 1, 4, "no column \"caf\xc3\xa9\"");
    assert_string_equal(err.hint, "did you mean \"caf\xc3\x83\xc2\xa9\"? rename the header cell "
                                  "to \"caf\xc3\xa9\": the model reads the columns caf\xc3\xa9, "
                                  "x2 by header name");
    mlp_schema_free(&latin);
    mlp_schema_free(&latin_target);
    mlp_schema_free(&utf8);
}

/* Regression: the messages about a file's columns (a name missing from the
 * header, a count of columns or labels) said line 1 even when blank lines
 * put the first row lower, where the reader's own errors already pointed.
 * Each is now told at the line of the first row: here line 3, after a
 * blank line and one of spaces; the same text without them says line 1. */
static char *after_blank_lines(const char *text)
{
    static const char blank[] = "\n \t \n";
    char *s = malloc(sizeof blank + strlen(text));
    assert_non_null(s);
    strcpy(s, blank);
    strcat(s, text);
    return s;
}

static void dataset_should_tell_column_errors_at_the_first_rows_line(void **state)
{
    (void)state;
    char *ab[] = { "a", "b" };
    mlp_spec all_targets = make_spec(1, 2, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    all_targets.targets = ab;
    all_targets.n_targets = 2;
    const struct {
        mlp_spec spec;
        const char *text, *message;
    } cases[] = {
        {make_spec(2, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY),
         "x1,x2,y,\n0,0,0,\n1,1,1,\n", "column 4 of 4 has no name in the header row"},
        {all_targets, "a,b\n1,2\n",
         "no feature columns (every column is a target) but \"layers\" starts with 1"},
        {make_spec(2, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE), "x1,x2,x3,y\n1,2,3,4\n",
         "3 feature columns (x1, x2, x3) but \"layers\" starts with 2"},
        /* without a header the first row is data, and still the place */
        {make_spec(2, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE), "1,2\n3,4\n",
         "1 feature column (column 1) but \"layers\" starts with 2"},
        {make_spec(1, 1, MLP_ACT_SOFTMAX, MLP_LOSS_MSE), "x,y\n0,0.5\n1,1.25\n2,2\n",
         "target column \"y\" has 3 labels (\"0.5\", \"1.25\", \"2\"): a softmax output with mse "
         "reads every distinct value as a class"},
        {make_spec(1, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY), "x,y\n0,a\n1,a\n",
         "target column \"y\" has only 1 label (\"a\"); one output unit needs exactly 2"},
        {make_spec(1, 2, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY), "x,y\n0,1\n1,1\n",
         "target column \"y\" has only 1 label (\"1\") but the output layer has 2 units, one per "
         "class"},
        {make_spec(1, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY), "x,y\n0,a\n1,b\n2,c\n",
         "target column \"y\" has 3 labels (\"a\", \"b\", \"c\") but one output unit separates "
         "only 2"},
        {make_spec(1, 3, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY), "x,label\n0,a\n1,b\n",
         "target column \"label\" has 2 labels (\"a\", \"b\") but the output layer has 3 units"},
        {make_spec(1, 3, MLP_ACT_LINEAR, MLP_LOSS_MSE), "x,y\n1,2.5\n",
         "one target column of numbers (\"y\") but the output layer has 3 units"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        mlp_error first = train_fails(cases[k].text, &cases[k].spec);
        assert_error(&first, "train.csv", 1, 0, cases[k].message);
        char *text = after_blank_lines(cases[k].text);
        mlp_error lower = train_fails(text, &cases[k].spec);
        free(text);
        assert_error(&lower, "train.csv", 3, 0, cases[k].message);
        assert_string_equal(lower.hint, first.hint);
    }

    /* A file read for a trained model: by name, then by position. */
    mlp_spec spec = make_spec(2, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    mlp_schema named, by_position;
    mlp_dataset data;
    train("x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n", &spec, &named, &data);
    mlp_dataset_free(&data);
    train("0,0,0\n0,1,1\n1,0,1\n1,1,0\n", &spec, &by_position, &data);
    mlp_dataset_free(&data);
    const struct {
        const mlp_schema *schema;
        int made_up, need;
        const char *text, *message;
    } read[] = {
        {&named, 0, MLP_TARGETS_IF_PRESENT, "x1,x3,y\n0,0,0\n", "no column \"x2\""},
        {&named, 0, MLP_TARGETS_REQUIRED, "x1,x2\n0,0\n", "no target column \"y\""},
        {&named, 1, MLP_TARGETS_REQUIRED, "x1,x2,p,q\n0,0,1,1\n",
         "2 columns besides the features, but the model has 1 target and no target names to "
         "find them by"},
        {&by_position, 0, MLP_TARGETS_IF_PRESENT, ",x1,x2\n0,0,0\n",
         "column 1 of 3 has no name in the header row"},
        {&by_position, 0, MLP_TARGETS_IF_PRESENT, "1,2,3,4\n",
         "4 columns but the model takes 2 (features only) or 3 (features, then targets)"},
        {&by_position, 0, MLP_TARGETS_REQUIRED, "5,6\n",
         "2 columns, the features only, but evaluation needs the targets too"},
    };
    for (size_t k = 0; k < sizeof read / sizeof read[0]; k++) {
        mlp_schema schema = *read[k].schema; /* a shallow copy, never freed */
        schema.target_names_made_up = read[k].made_up;
        for (int lower = 0; lower < 2; lower++) {
            char *text = lower ? after_blank_lines(read[k].text) : NULL;
            mlp_csv csv;
            mlp_error err;
            mlp_error_clear(&err);
            load(text ? text : read[k].text, "test.csv", &csv);
            free(text);
            assert_int_equal(mlp_dataset_with_schema(&csv, &schema, read[k].need, &data, &err),
                             MLP_ERR_DATA);
            assert_error(&err, "test.csv", lower ? 3 : 1, 0, read[k].message);
            mlp_csv_free(&csv);
        }
    }
    mlp_schema_free(&named);
    mlp_schema_free(&by_position);
}

static void with_schema_should_reject_unknown_label(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    mlp_schema schema;
    mlp_dataset data;
    train("x1,x2,label\n0,0,a\n2,4,b\n", &spec, &schema, &data);
    mlp_dataset_free(&data);
    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    load("x1,x2,label\n1,2,a\n3,4,zebra\n", "test.csv", &csv);
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, 1, &data, &err), MLP_ERR_DATA);
    assert_error(&err, "test.csv", 3, 5, "label \"zebra\" in column \"label\" was not seen in training");
    assert_string_equal(err.hint, "the model knows the labels \"a\", \"b\": remove the rows of "
                                  "other labels, or train on data that has them");
    assert_null(data.X);
    mlp_csv_free(&csv);
    mlp_schema_free(&schema);

    /* Numeric labels match by value: "1.0" is label "1"; 2 is unknown. */
    train("x1,x2,y\n0,0,0\n2,4,1\n", &spec, &schema, &data);
    mlp_dataset_free(&data);
    load("x1,x2,y\n1,2,1.0\n3,4,0\n", "test.csv", &csv);
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, 1, &data, &err), MLP_OK);
    assert_doubles(data.Y, (const double[]){ 1, 0 }, 2);
    mlp_dataset_free(&data);
    mlp_csv_free(&csv);
    load("x1,x2,y\n1,2,1\n3,4,2\n", "test.csv", &csv);
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, 1, &data, &err), MLP_ERR_DATA);
    assert_error(&err, "test.csv", 3, 0, "label \"2\" in column \"y\" was not seen in training");
    mlp_csv_free(&csv);
    mlp_schema_free(&schema);
}

/* A file read for a trained model: an empty label is refused where the
 * targets are read (validation, --evaluate, mlpplot), and a file to predict
 * may hold empty or unknown labels: MLP_TARGETS_IGNORED never reads them. */
static void with_schema_should_read_the_targets_only_when_asked(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(2, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    mlp_schema schema;
    mlp_dataset data;
    train("x1,x2,label\n0,0,a\n2,4,b\n", &spec, &schema, &data);
    mlp_dataset_free(&data);
    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    load("x1,x2,label\n1,2,a\n3,4,\n5,6,zebra\n", "new.csv", &csv);
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, MLP_TARGETS_REQUIRED, &data, &err),
                     MLP_ERR_DATA);
    assert_error(&err, "new.csv", 3, 5, "empty cell in target column \"label\"");
    assert_string_equal(err.hint, "fill in the missing value or remove the row");
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, MLP_TARGETS_IF_PRESENT, &data, &err),
                     MLP_ERR_DATA);
    assert_error(&err, "new.csv", 3, 5, "empty cell in target column \"label\"");
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, MLP_TARGETS_IGNORED, &data, &err),
                     MLP_OK);
    assert_int_equal(data.n_rows, 3);
    assert_null(data.Y);
    assert_doubles(data.X, (const double[]){ 1, 2, 3, 4, 5, 6 }, 6);
    mlp_dataset_free(&data);
    mlp_csv_free(&csv);
    mlp_schema_free(&schema);
}

/* ------------------------------------------------------------------------ */
/* Allocation failures                                                      */

static void dataset_should_fail_cleanly_on_every_allocation(void **state)
{
    (void)state;
    static char *onehot[] = { "c1", "c2" };
    struct {
        const char *text;
        size_t n_in, n_out;
        mlp_activation act;
        mlp_loss loss;
        char **targets;
        size_t n_targets;
    } cases[] = {
        { "x1,x2,label\n0,1,b\n2,3,a\n4,5,c\n", 2, 3, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY, NULL, 0 },
        { "x1,x2,y\n0,1,1\n2,3,0\n", 2, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY, NULL, 0 },
        { "x1,c1,c2\n0,1,0\n2,0,1\n", 1, 2, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY, onehot, 2 },
        { "x1,x2,y\n0,1,0.5\n2,3,7\n", 2, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE, NULL, 0 },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        mlp_spec spec = make_spec(cases[c].n_in, cases[c].n_out, cases[c].act, cases[c].loss);
        spec.targets = cases[c].targets;
        spec.n_targets = cases[c].n_targets;
        spec.normalize = MLP_NORMALIZE_STANDARD;
        mlp_csv csv;
        load(cases[c].text, "train.csv", &csv);
        mlp_schema schema;
        mlp_dataset data;
        mlp_error err;
        long failures = 0, told_size = 0;
        /* The table's size is told when it is the table that cannot be had:
         * rows x (features + outputs) values of 8 bytes. */
        char table[128];
        size_t rows = 0; /* the file's lines less the header */
        for (const char *q = cases[c].text; *q; q++)
            rows += *q == '\n';
        rows--;
        size_t values = cases[c].n_in + cases[c].n_out;
        snprintf(table, sizeof table, "out of memory for a data set of %zu rows x %zu values (needs %zu bytes)",
                 rows, values, 8 * rows * values);
        for (long n = 1;; n++) {
            mlp_alloc_fail_after(n);
            mlp_status st = mlp_dataset_from_csv(&csv, &spec, &schema, &data, &err);
            mlp_alloc_fail_after(0);
            if (st == MLP_OK)
                break;
            assert_int_equal(st, MLP_ERR_NOMEM);
            assert_empty(&schema, &data);
            if (strcmp(err.message, table) == 0) {
                assert_non_null(strstr(err.hint, "a text target of L labels takes L outputs"));
                told_size++;
            }
            failures++;
            assert_true(n < 1000);
        }
        assert_true(failures >= 6);
        assert_true(told_size >= 1);

        /* The same file read back through the schema. */
        mlp_dataset back;
        failures = 0;
        for (long n = 1;; n++) {
            mlp_alloc_fail_after(n);
            mlp_status st = mlp_dataset_with_schema(&csv, &schema, 1, &back, &err);
            mlp_alloc_fail_after(0);
            if (st == MLP_OK)
                break;
            assert_int_equal(st, MLP_ERR_NOMEM);
            assert_null(back.X);
            assert_null(back.Y);
            failures++;
            assert_true(n < 1000);
        }
        assert_true(failures >= 3);
        assert_doubles(back.X, data.X, data.n_rows * data.n_features);
        assert_doubles(back.Y, data.Y, data.n_rows * data.n_outputs);
        mlp_dataset_free(&back);
        mlp_dataset_free(&data);
        mlp_schema_free(&schema);
        mlp_csv_free(&csv);
    }
}


/* ------------------------------------------------------------------------ */
/* Validation split                                                         */

/* "x,label" with x = 0..n-1 and the label of row i from labels[i]. */
static char *labelled_csv(const char *labels, size_t n)
{
    char *text = malloc(16 + 16 * n);
    assert_non_null(text);
    size_t used = (size_t)sprintf(text, "x,label\n");
    for (size_t i = 0; i < n; i++)
        used += (size_t)sprintf(text + used, "%zu,%c\n", i, labels[i]);
    return text;
}

static void split(const char *text, const mlp_spec *spec, mlp_schema *schema, mlp_dataset *train,
                  mlp_dataset *val)
{
    mlp_csv csv;
    mlp_error err;
    load(text, "train.csv", &csv);
    mlp_error_clear(&err);
    assert_int_equal(mlp_dataset_from_csv_split(&csv, spec, schema, train, val, &err), MLP_OK);
    mlp_csv_free(&csv);
}

/* Every row id 0..n-1 is in exactly one set, each set in file order. */
static void assert_partition(const mlp_dataset *train, const mlp_dataset *val, size_t n)
{
    assert_int_equal(train->n_rows + val->n_rows, n);
    int *seen = calloc(n, sizeof *seen);
    const mlp_dataset *parts[2] = {train, val};
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < parts[k]->n_rows; i++) {
            double x = parts[k]->X[i];
            assert_true(x >= 0 && x < (double)n && x == floor(x));
            if (i > 0)
                assert_true(parts[k]->X[i - 1] < x);
            seen[(size_t)x]++;
        }
    }
    for (size_t i = 0; i < n; i++)
        assert_int_equal(seen[i], 1);
    free(seen);
}

static void split_should_keep_the_class_proportions(void **state)
{
    (void)state;
    /* 20 rows of "a", 10 of "b", interleaved: 0.3 holds out 6 + 3. */
    char labels[30];
    for (size_t i = 0; i < 30; i++)
        labels[i] = i % 3 == 2 ? 'b' : 'a';
    char *text = labelled_csv(labels, 30);
    mlp_spec spec = make_spec(1, 2, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY);
    spec.validation_split = 0.3;
    spec.seed = 11;
    mlp_schema schema;
    mlp_dataset train, val;
    split(text, &spec, &schema, &train, &val);
    assert_int_equal(val.n_rows, 9);
    assert_int_equal(train.n_rows, 21);
    assert_partition(&train, &val, 30);
    size_t val_b = 0, train_b = 0;
    for (size_t i = 0; i < val.n_rows; i++)
        val_b += val.Y[2 * i + 1] == 1.0;
    for (size_t i = 0; i < train.n_rows; i++)
        train_b += train.Y[2 * i + 1] == 1.0;
    assert_int_equal(val_b, 3);
    assert_int_equal(train_b, 7);
    /* Targets travel with their rows: row x is "b" exactly when x % 3 == 2. */
    for (size_t i = 0; i < val.n_rows; i++)
        assert_true((val.Y[2 * i + 1] == 1.0) == ((size_t)val.X[i] % 3 == 2));
    mlp_schema_free(&schema);
    mlp_dataset_free(&train);
    mlp_dataset_free(&val);
    free(text);
}

static void split_should_keep_a_single_row_class_for_training(void **state)
{
    (void)state;
    /* 9 "a" and one "b": half of "b" rounds to 1, but its only row stays. */
    char *text = labelled_csv("aaaaaaaaab", 10);
    mlp_spec spec = make_spec(1, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    spec.validation_split = 0.5;
    mlp_schema schema;
    mlp_dataset train, val;
    split(text, &spec, &schema, &train, &val);
    assert_int_equal(val.n_rows, 5); /* round(4.5) = 5 of the "a" rows */
    assert_partition(&train, &val, 10);
    assert_true(train.X[train.n_rows - 1] == 9.0 && train.Y[train.n_rows - 1] == 1.0);
    mlp_schema_free(&schema);
    mlp_dataset_free(&train);
    mlp_dataset_free(&val);
    free(text);
}

/* Every set knows the file and line of each of its rows (dataset.h: path,
 * row_line), so a message about one row can name it where the user finds
 * it: with a split the held-out rows and the rows left keep their lines in
 * the training file (blank lines and the header counted), the full set
 * every row's, and a file read for a model its own. Before, a set had no
 * lines, and mlp_train_run named a row by its index in the set. */
static void every_set_should_keep_the_line_of_each_row(void **state)
{
    (void)state;
    /* x = 0..19; row x sits on line 2 + x + (x >= 5) (a blank line after row 4). */
    char text[512];
    size_t used = (size_t)sprintf(text, "x,label\n");
    for (int i = 0; i < 20; i++)
        used += (size_t)sprintf(text + used, "%s%d,%c\n", i == 5 ? "\n" : "", i, i % 2 ? 'b' : 'a');
    mlp_csv csv;
    load(text, "train.csv", &csv);
    mlp_spec spec = make_spec(1, 2, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY);
    spec.validation_split = 0.3;
    spec.seed = 3;
    mlp_data_plan plan = mlp_spec_data_plan(&spec);
    mlp_schema schema, full_schema;
    mlp_dataset train, val, full;
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_dataset_build(&csv, &plan, &schema, &train, &val, &full_schema, &full, &err),
                     MLP_OK);
    assert_int_equal(val.n_rows, 6);
    assert_partition(&train, &val, 20);
    const mlp_dataset *sets[3] = {&train, &val, &full};
    for (int k = 0; k < 3; k++) {
        assert_non_null(sets[k]->row_line);
        assert_string_equal(sets[k]->path, "train.csv");
        for (size_t i = 0; i < sets[k]->n_rows; i++) {
            long x = (long)sets[k]->X[i];
            assert_int_equal(sets[k]->row_line[i], 2 + x + (x >= 5));
        }
    }
    /* The statistics do not move the rows' lines: the full set is in file order. */
    assert_int_equal(full.n_rows, 20);
    assert_int_equal(full.row_line[19], 22);
    mlp_dataset_free(&train);
    mlp_dataset_free(&val);
    mlp_dataset_free(&full);
    assert_null(val.row_line);
    assert_null(val.path);
    mlp_schema_free(&full_schema);
    mlp_csv_free(&csv);
    /* A file read for the model: its own lines. */
    load("x,label\n\n7,a\n8,b\n", "val.csv", &csv);
    mlp_dataset data;
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, MLP_TARGETS_REQUIRED, &data, &err),
                     MLP_OK);
    assert_string_equal(data.path, "val.csv");
    assert_int_equal(data.row_line[0], 3);
    assert_int_equal(data.row_line[1], 4);
    mlp_dataset_free(&data);
    mlp_csv_free(&csv);
    mlp_schema_free(&schema);
}

static void split_should_depend_on_the_seed_only(void **state)
{
    (void)state;
    mlp_dataset data = {.n_rows = 40, .n_features = 1, .n_outputs = 1};
    double X[40], Y[40];
    for (size_t i = 0; i < 40; i++) {
        X[i] = (double)i;
        Y[i] = (double)(i % 2);
    }
    data.X = X;
    data.Y = Y;
    unsigned char a[40], b[40], c[40];
    size_t na, nb, nc;
    assert_int_equal(mlp_dataset_choose_validation(&data, 1, 0.25, 5, a, &na, NULL), MLP_OK);
    assert_int_equal(mlp_dataset_choose_validation(&data, 1, 0.25, 5, b, &nb, NULL), MLP_OK);
    assert_int_equal(mlp_dataset_choose_validation(&data, 1, 0.25, 6, c, &nc, NULL), MLP_OK);
    assert_int_equal(na, 10); /* round(0.25 * 20) = 5 of each class */
    assert_int_equal(nc, 10);
    assert_memory_equal(a, b, sizeof a);
    assert_memory_not_equal(a, c, sizeof a);
    size_t odd = 0, marked = 0;
    for (size_t i = 0; i < 40; i++) {
        assert_true(a[i] == 0 || a[i] == 1);
        marked += a[i];
        odd += a[i] && i % 2;
    }
    assert_int_equal(marked, 10);
    assert_int_equal(odd, 5);
    /* Unstratified: round(0.25 * 40) over all rows as one group. */
    assert_int_equal(mlp_dataset_choose_validation(&data, 0, 0.25, 5, a, &na, NULL), MLP_OK);
    assert_int_equal(na, 10);
}

static void split_should_normalise_with_the_training_rows_only(void **state)
{
    (void)state;
    /* Regression, x = 0..9 and y = 2x: round(0.25 * 10) = 3 rows held out. */
    char text[256];
    size_t used = (size_t)sprintf(text, "x,y\n");
    for (int i = 0; i < 10; i++)
        used += (size_t)sprintf(text + used, "%d,%d\n", i, 2 * i);
    mlp_spec spec = make_spec(1, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    spec.validation_split = 0.25;
    spec.seed = 3;
    mlp_schema schema;
    mlp_dataset train, val;
    split(text, &spec, &schema, &train, &val);
    assert_int_equal(val.n_rows, 3);
    assert_partition(&train, &val, 10);
    mlp_schema_free(&schema);

    /* The same split with normalisation: the statistics are those of the 7
     * training x values found above, computed here by hand. */
    double m = 0, v = 0;
    for (size_t i = 0; i < 7; i++)
        m += train.X[i];
    m /= 7;
    for (size_t i = 0; i < 7; i++)
        v += (train.X[i] - m) * (train.X[i] - m);
    double sd = sqrt(v / 7);
    spec.normalize = MLP_NORMALIZE_STANDARD;
    mlp_dataset ntrain, nval;
    split(text, &spec, &schema, &ntrain, &nval);
    /* 1e-14: a few roundings in sums of 7 small integers and one sqrt. */
    assert_true(fabs(schema.mean[0] - m) <= 1e-14 && fabs(schema.std[0] - sd) <= 1e-14);
    for (size_t i = 0; i < 3; i++) {
        assert_true(fabs(nval.X[i] - (val.X[i] - m) / sd) <= 1e-14);
        assert_true(nval.Y[i] == 2 * val.X[i]);
    }
    mlp_schema_free(&schema);
    mlp_dataset_free(&train);
    mlp_dataset_free(&val);
    mlp_dataset_free(&ntrain);
    mlp_dataset_free(&nval);
}

static void split_should_reject_an_empty_validation_set(void **state)
{
    (void)state;
    mlp_spec spec = make_spec(1, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    spec.validation_split = 0.1;
    spec.pos_validation_split = (mlp_spec_pos){7, 25};
    mlp_csv csv;
    load("x,y\n1,2\n3,4\n5,6\n", "train.csv", &csv);
    mlp_schema schema;
    mlp_dataset train, val;
    mlp_error err;
    assert_int_equal(mlp_dataset_from_csv_split(&csv, &spec, &schema, &train, &val, &err),
                     MLP_ERR_DATA);
    assert_error(&err, "net.json", 7, 25,
                 "\"validation_split\" 0.1 of the 3 rows of train.csv leaves no validation row");
    assert_string_equal(err.hint, "use more rows, a larger fraction, or a \"validation\" file");
    assert_empty(&schema, &train);
    assert_empty(&schema, &val);
    /* Without a split the same call gives every row for training. */
    spec.validation_split = 0;
    assert_int_equal(mlp_dataset_from_csv_split(&csv, &spec, &schema, &train, &val, &err), MLP_OK);
    assert_int_equal(train.n_rows, 3);
    assert_int_equal(val.n_rows, 0);
    assert_null(val.X);
    mlp_schema_free(&schema);
    mlp_dataset_free(&train);
    mlp_csv_free(&csv);
}

/* A plan made by hand without a network's sizes is the plan's field to
 * fix (MLP_ERR_USAGE naming it), as every other bad field is: it was
 * MLP_ERR_SPEC "the spec has no layers", for a caller that has no spec. A
 * spec without layers still says so in its own words. */
static void a_plan_without_sizes_should_name_the_field(void **state)
{
    (void)state;
    mlp_csv csv;
    load("a,y\n1,0\n2,1\n", "d.csv", &csv);
    mlp_data_plan plan = {.n_inputs = 1, .n_outputs = 1, .output = MLP_ACT_SIGMOID,
                          .loss = MLP_LOSS_BINARY_CROSS_ENTROPY};
    mlp_schema schema;
    mlp_dataset train;
    mlp_error err;
    static const struct {
        size_t n_inputs, n_outputs;
        const char *message;
    } cases[] = {
        {0, 1, "mlp_data_plan.n_inputs is 0: the network has at least 1 input (sizes[0])"},
        {1, 0, "mlp_data_plan.n_outputs is 0: the network has at least 1 output unit "
               "(sizes[n_layers])"},
    };
    for (size_t k = 0; k < 2; k++) {
        plan.n_inputs = cases[k].n_inputs;
        plan.n_outputs = cases[k].n_outputs;
        assert_int_equal(mlp_dataset_build(&csv, &plan, &schema, &train, NULL, NULL, NULL, &err),
                         MLP_ERR_USAGE);
        assert_int_equal(err.code, MLP_ERR_USAGE);
        assert_string_equal(err.message, cases[k].message);
        assert_null(strstr(err.message, "spec"));
        assert_null(train.X);
    }
    plan.n_inputs = plan.n_outputs = 1;
    assert_int_equal(mlp_dataset_build(&csv, &plan, &schema, &train, NULL, NULL, NULL, &err),
                     MLP_OK);
    mlp_dataset_free(&train);
    mlp_schema_free(&schema);

    mlp_spec spec = make_spec(1, 1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY);
    spec.n_layers = 0;
    assert_int_equal(mlp_dataset_from_csv(&csv, &spec, &schema, &train, &err), MLP_ERR_SPEC);
    assert_string_equal(err.path, "net.json");
    assert_string_equal(err.message, "the spec has no layers");
    assert_null(train.X);
    assert_null(schema.feature_names);
    mlp_csv_free(&csv);
}

/* dataset.h: on failure every output is zeroed, a refused NULL argument's
 * too, so that the frees after it are safe. The outputs are filled with a
 * pattern first: garbage, as uninitialised ones are. */
static void a_refused_null_argument_should_leave_every_output_zeroed(void **state)
{
    (void)state;
    static const mlp_dataset zero_data;
    static const mlp_schema zero_schema;
    mlp_csv csv;
    load("a,y\n1,0\n2,1\n", "d.csv", &csv);
    mlp_data_plan plan = {.n_inputs = 1, .n_outputs = 1, .output = MLP_ACT_SIGMOID,
                          .loss = MLP_LOSS_BINARY_CROSS_ENTROPY};
    mlp_schema schema, full_schema;
    mlp_dataset train, val, full;
    mlp_error err;
    for (int k = 0; k < 2; k++) {
        memset(&schema, 0xab, sizeof schema);
        memset(&full_schema, 0xab, sizeof full_schema);
        memset(&train, 0xab, sizeof train);
        memset(&val, 0xab, sizeof val);
        memset(&full, 0xab, sizeof full);
        assert_int_equal(mlp_dataset_build(k ? &csv : NULL, k ? NULL : &plan, &schema, &train,
                                           &val, &full_schema, &full, &err),
                         MLP_ERR_USAGE);
        assert_memory_equal(&schema, &zero_schema, sizeof schema);
        assert_memory_equal(&full_schema, &zero_schema, sizeof schema);
        assert_memory_equal(&train, &zero_data, sizeof train);
        assert_memory_equal(&val, &zero_data, sizeof val);
        assert_memory_equal(&full, &zero_data, sizeof full);
        mlp_schema_free(&schema);
        mlp_schema_free(&full_schema);
        mlp_dataset_free(&train);
        mlp_dataset_free(&val);
        mlp_dataset_free(&full);
    }
    /* A model's schema, to read the same table for it. */
    assert_int_equal(mlp_dataset_build(&csv, &plan, &schema, &train, NULL, NULL, NULL, &err),
                     MLP_OK);
    mlp_dataset data;
    for (int k = 0; k < 2; k++) {
        memset(&data, 0xab, sizeof data);
        assert_int_equal(mlp_dataset_with_schema(k ? &csv : NULL, k ? NULL : &schema,
                                                 MLP_TARGETS_IF_PRESENT, &data, &err),
                         MLP_ERR_USAGE);
        assert_memory_equal(&data, &zero_data, sizeof data);
        mlp_dataset_free(&data);
    }
    mlp_dataset_free(&train);
    mlp_schema_free(&schema);
    mlp_csv_free(&csv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dataset_should_take_last_column_as_target_by_default),
        cmocka_unit_test(dataset_should_use_named_target_column),
        cmocka_unit_test(dataset_should_sort_integer_labels_numerically),
        cmocka_unit_test(dataset_should_write_numeric_labels_in_shortest_form),
        cmocka_unit_test(dataset_should_sort_string_labels_bytewise),
        cmocka_unit_test(dataset_should_read_one_hot_target_columns),
        cmocka_unit_test(dataset_should_name_the_cell_of_several_targets),
        cmocka_unit_test(dataset_should_map_two_labels_to_one_sigmoid_unit),
        cmocka_unit_test(dataset_should_reject_label_count_not_matching_units),
        cmocka_unit_test(dataset_should_reject_one_sigmoid_unit_without_two_labels),
        cmocka_unit_test(dataset_should_advise_regression_for_fractional_labels),
        cmocka_unit_test(dataset_should_name_targets_when_the_last_column_may_not_be_the_target),
        cmocka_unit_test(dataset_should_name_the_column_of_labels_first),
        cmocka_unit_test(dataset_should_not_name_a_feature_when_the_target_may_be_the_labels),
        cmocka_unit_test(dataset_should_reject_regression_target_for_several_units),
        cmocka_unit_test(dataset_should_reject_target_count_not_matching_units),
        cmocka_unit_test(dataset_should_reject_missing_target_name),
        cmocka_unit_test(dataset_should_ask_for_header_when_targets_are_named),
        cmocka_unit_test(dataset_should_reject_feature_count_mismatch),
        cmocka_unit_test(dataset_should_name_one_hot_target_columns_first),
        cmocka_unit_test(dataset_should_reject_non_numeric_feature),
        cmocka_unit_test(dataset_should_say_how_to_encode_a_column_of_words),
        cmocka_unit_test(dataset_should_hint_the_number_a_cell_nearly_is),
        cmocka_unit_test(dataset_should_reject_an_empty_target_cell),
        cmocka_unit_test(dataset_should_reject_a_missing_value_marker_in_the_target),
        cmocka_unit_test(dataset_should_reject_an_unnamed_column),
        cmocka_unit_test(dataset_should_point_at_the_unnamed_cell),
        cmocka_unit_test(dataset_should_find_an_empty_name_where_it_did),
        cmocka_unit_test(dataset_should_reject_an_infinite_number_at_its_cell),
        cmocka_unit_test(dataset_should_reject_a_non_number_in_a_regression_target),
        cmocka_unit_test(dataset_should_read_only_the_listed_features),
        cmocka_unit_test(dataset_should_reject_a_feature_list_that_does_not_fit),
        cmocka_unit_test(dataset_should_point_at_the_name_that_does_not_fit),
        cmocka_unit_test(dataset_should_compute_standard_normalisation),
        cmocka_unit_test(dataset_should_standardise_values_near_the_top_of_the_range),
        cmocka_unit_test(dataset_should_treat_nearly_constant_column_as_constant),
        cmocka_unit_test(dataset_should_standardise_columns_of_small_magnitude),
        cmocka_unit_test(dataset_should_standardise_subnormal_columns),
        cmocka_unit_test(dataset_should_keep_std_1_for_columns_equal_up_to_rounding),
        cmocka_unit_test(with_schema_should_match_columns_by_name),
        cmocka_unit_test(with_schema_should_suggest_the_misnamed_column),
        cmocka_unit_test(with_schema_should_offer_only_the_same_name),
        cmocka_unit_test(with_schema_should_match_columns_by_position),
        cmocka_unit_test(with_schema_should_refuse_an_unnamed_column_by_position),
        cmocka_unit_test(with_schema_should_find_a_name_in_the_other_encoding),
        cmocka_unit_test(dataset_should_tell_column_errors_at_the_first_rows_line),
        cmocka_unit_test(with_schema_should_reject_unknown_label),
        cmocka_unit_test(with_schema_should_read_the_targets_only_when_asked),
        cmocka_unit_test(dataset_should_fail_cleanly_on_every_allocation),
        cmocka_unit_test(split_should_keep_the_class_proportions),
        cmocka_unit_test(split_should_keep_a_single_row_class_for_training),
        cmocka_unit_test(split_should_depend_on_the_seed_only),
        cmocka_unit_test(every_set_should_keep_the_line_of_each_row),
        cmocka_unit_test(with_schema_text_should_name_the_column_of_a_target_cell),
        cmocka_unit_test(a_text_of_some_lines_at_their_place_should_give_the_column),
        cmocka_unit_test(split_should_normalise_with_the_training_rows_only),
        cmocka_unit_test(split_should_reject_an_empty_validation_set),
        cmocka_unit_test(a_plan_without_sizes_should_name_the_field),
        cmocka_unit_test(a_refused_null_argument_should_leave_every_output_zeroed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
