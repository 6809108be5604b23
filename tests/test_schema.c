/* SPDX-License-Identifier: MIT */
/* test_schema.c: mlp_schema_check_continuation, the rule of
 * mlptrain --init-weights (docs/weights-format.md, "Continuing from a
 * weights file"): a model's schema fits training data with the same
 * normalisation, feature and target names (when both have a header) and
 * class labels in the same order; a model without labels takes the data's;
 * every refusal names the first difference with its exact message. And
 * mlp_schema_read_csv, how every reader of rows for a trained model reads
 * its table. */
#include "check.h"

#include "mlp/dataset.h"
#include "schema.h"
#include "sha256.h"

static char *F2[] = {"x1", "x2"}, *F2b[] = {"x2", "x1"}, *Y[] = {"y"}, *LABEL[] = {"label"};
static char *AB[] = {"a", "b"}, *BA[] = {"b", "a"}, *N01[] = {"0", "1"};

/* A schema on borrowed arrays (never freed). */
static mlp_schema schema(char **features, char **targets, char **labels, size_t n_labels,
                         int header, mlp_normalize norm)
{
    return (mlp_schema){.n_features = 2, .feature_names = features, .names_from_header = header,
                        .n_targets = 1, .target_names = targets, .n_outputs = 1,
                        .n_labels = n_labels, .labels = labels, .normalize = norm};
}

static void expect_refused(const mlp_schema *model, const mlp_schema *data, const char *line)
{
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_schema_check_continuation(model, "w.bin", data, &err), MLP_ERR_WEIGHTS);
    assert_int_equal(mlp_error_exit_code(err.code), MLP_EXIT_BAD_INPUT);
    char buf[2048];
    assert_string_equal(mlp_error_format(&err, "mlptrain", buf, sizeof buf), line);
}

static void expect_accepted(const mlp_schema *model, const mlp_schema *data)
{
    mlp_error err;
    mlp_error_clear(&err);
    mlp_status st = mlp_schema_check_continuation(model, "w.bin", data, &err);
    if (st)
        fail_msg("refused: %s; %s", err.message, err.hint);
}

static void same_schema_should_be_accepted(void **state)
{
    (void)state;
    mlp_schema m = schema(F2, Y, AB, 2, 1, MLP_NORMALIZE_STANDARD);
    mlp_schema d = schema(F2, Y, AB, 2, 1, MLP_NORMALIZE_STANDARD);
    expect_accepted(&m, &d);
    mlp_schema r = schema(F2, Y, NULL, 0, 1, MLP_NORMALIZE_NONE);
    expect_accepted(&r, &r);
}

static void other_labels_should_be_refused(void **state)
{
    (void)state;
    mlp_schema m = schema(F2, Y, AB, 2, 1, MLP_NORMALIZE_NONE);
    mlp_schema d = schema(F2, Y, N01, 2, 1, MLP_NORMALIZE_NONE);
    expect_refused(&m, &d,
                   "mlptrain: w.bin: the class labels of this weights file are \"a\", \"b\" but "
                   "the training data's are \"0\", \"1\"; output unit k stands for the file's "
                   "label k: continue on data with the same labels, or train without "
                   "--init-weights");
    /* The same labels in another order are other labels. */
    mlp_schema o = schema(F2, Y, BA, 2, 1, MLP_NORMALIZE_NONE);
    expect_refused(&m, &o,
                   "mlptrain: w.bin: the class labels of this weights file are \"a\", \"b\" but "
                   "the training data's are \"b\", \"a\"; output unit k stands for the file's "
                   "label k: continue on data with the same labels, or train without "
                   "--init-weights");
    /* A classifier continued as a regression. */
    mlp_schema r = schema(F2, Y, NULL, 0, 1, MLP_NORMALIZE_NONE);
    expect_refused(&m, &r,
                   "mlptrain: w.bin: this weights file is a classifier (labels \"a\", \"b\") but "
                   "the spec reads the training targets as numbers; use the \"loss\" and output "
                   "activation the file was trained with, or train without --init-weights");
}

static void a_model_without_labels_should_take_the_datas(void **state)
{
    (void)state;
    /* An .npz saved without "labels" or names: matched by position. */
    char *x[] = {"x1", "x2"}, *yk[] = {"y1"};
    mlp_schema m = schema(x, yk, NULL, 0, 0, MLP_NORMALIZE_NONE);
    mlp_schema d = schema(F2b, LABEL, N01, 2, 1, MLP_NORMALIZE_NONE);
    expect_accepted(&m, &d);
}

static void many_labels_should_be_listed_in_part(void **state)
{
    (void)state;
    char *ten[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    char *other[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "X"};
    mlp_schema m = schema(F2, Y, ten, 10, 1, MLP_NORMALIZE_NONE);
    mlp_schema d = schema(F2, Y, other, 10, 1, MLP_NORMALIZE_NONE);
    m.n_outputs = d.n_outputs = 10;
    expect_refused(&m, &d,
                   "mlptrain: w.bin: the class labels of this weights file are \"0\", \"1\", "
                   "\"2\", \"3\", \"4\", \"5\", \"6\", \"7\", ... (10 in all) but the training "
                   "data's are \"0\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", ... (10 in "
                   "all); output unit k stands for the file's label k: continue on data with the "
                   "same labels, or train without --init-weights");
}

static void another_normalisation_should_be_refused(void **state)
{
    (void)state;
    mlp_schema s = schema(F2, Y, AB, 2, 1, MLP_NORMALIZE_STANDARD);
    mlp_schema n = schema(F2, Y, AB, 2, 1, MLP_NORMALIZE_NONE);
    expect_refused(&s, &n,
                   "mlptrain: w.bin: this weights file standardises its inputs (\"normalize\": "
                   "\"standard\") but the spec takes them as they are; set \"normalize\": "
                   "\"standard\" in the spec's \"data\" to continue from it (its statistics are "
                   "kept), or train without --init-weights");
    expect_refused(&n, &s,
                   "mlptrain: w.bin: this weights file takes its inputs as they are "
                   "(\"normalize\": \"none\") but the spec standardises them; remove "
                   "\"normalize\" from the spec's \"data\" to continue from it (an .npz is "
                   "standardised when it holds \"mean\" and \"std\"), or train without "
                   "--init-weights");
}

static void other_columns_should_be_refused_when_both_have_names(void **state)
{
    (void)state;
    mlp_schema m = schema(F2, Y, AB, 2, 1, MLP_NORMALIZE_NONE);
    mlp_schema d = schema(F2b, Y, AB, 2, 1, MLP_NORMALIZE_NONE);
    expect_refused(&m, &d,
                   "mlptrain: w.bin: input 1 is column \"x1\" in this weights file but \"x2\" in "
                   "the training data; continue on data with the file's feature columns, in its "
                   "order, or train without --init-weights");
    mlp_schema t = schema(F2, LABEL, AB, 2, 1, MLP_NORMALIZE_NONE);
    expect_refused(&m, &t,
                   "mlptrain: w.bin: target 1 is column \"y\" in this weights file but \"label\" "
                   "in the training data; name the file's target columns in the spec's "
                   "\"targets\", or train without --init-weights");
    char *ab[] = {"a", "b"};
    mlp_schema two = schema(F2, ab, AB, 2, 1, MLP_NORMALIZE_NONE);
    two.n_targets = 2;
    two.one_hot_columns = 1;
    two.n_outputs = 2;
    expect_refused(&m, &two,
                   "mlptrain: w.bin: this weights file has 1 target column (\"y\") but the "
                   "training data 2 (\"a\", \"b\"); name the file's target columns in the spec's "
                   "\"targets\", or train without --init-weights");
    /* A model trained without a header reads any data by position. */
    char *pos[] = {"column 1", "column 2"}, *pos_y[] = {"column 3"};
    mlp_schema p = schema(pos, pos_y, AB, 2, 0, MLP_NORMALIZE_NONE);
    expect_accepted(&p, &m);
    expect_accepted(&p, &p);
}

/* A model that reads its inputs by name does not know where each stood in
 * its training file: training data without a header, read by position,
 * gave input 1 whatever stood first (accepted silently). Refused, with the
 * header line to add: the model's features, then its target. */
static void a_model_read_by_name_should_refuse_data_without_a_header(void **state)
{
    (void)state;
    mlp_schema m = schema(F2b, LABEL, AB, 2, 1, MLP_NORMALIZE_NONE);
    char *pos[] = {"column 1", "column 2"}, *pos_y[] = {"column 3"};
    mlp_schema p = schema(pos, pos_y, AB, 2, 0, MLP_NORMALIZE_NONE);
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_schema_check_continuation(&m, "w.bin", &p, &err), MLP_ERR_DATA);
    assert_int_equal(mlp_error_exit_code(err.code), MLP_EXIT_BAD_INPUT);
    char buf[2048];
    assert_string_equal(mlp_error_format(&err, "mlptrain", buf, sizeof buf),
                        "mlptrain: w.bin: the training data has no header row, but this weights "
                        "file reads its features by header name (\"x2\", \"x1\"); add a header "
                        "line that names each column of the training data, \"x2,x1,label\" if "
                        "they stand in that order, or train without --init-weights");
}

/* The header line to add is CSV (a name with a comma or a quote is quoted,
 * as mlp writes it) and is cut after 8 names, as the lists are. */
static void the_header_line_to_add_should_be_csv(void **state)
{
    (void)state;
    char *odd[] = {"a,b", "say \"hi\""};
    mlp_schema m = schema(odd, Y, NULL, 0, 1, MLP_NORMALIZE_NONE);
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_schema_check_header(&m, 0, 2, "in.csv", 3, "the file", "the model", "",
                                             &err),
                     MLP_ERR_DATA);
    char buf[2048];
    assert_string_equal(mlp_error_format(&err, "mlppredict", buf, sizeof buf),
                        "mlppredict: in.csv:3: the file has no header row, but the model reads "
                        "its features by header name (\"a,b\", \"say \"hi\"\"); add a header "
                        "line that names each column of the file, \"\"a,b\",\"say \"\"hi\"\"\"\" "
                        "if they stand in that order");
    char *nine[] = {"f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9"};
    mlp_schema wide = m;
    wide.feature_names = nine;
    wide.n_features = 9;
    mlp_error_clear(&err);
    assert_int_equal(mlp_schema_check_header(&wide, 0, 0, "in.csv", 1, "the file", "the model",
                                             "", &err),
                     MLP_ERR_DATA);
    assert_non_null(strstr(err.hint, "\"f1,f2,f3,f4,f5,f6,f7,f8,...\" if they"));
    /* With a header, or read by position: nothing to refuse. */
    assert_int_equal(mlp_schema_check_header(&m, 1, 2, "in.csv", 1, "the file", "the model", "",
                                             &err),
                     MLP_OK);
    m.names_from_header = 0;
    assert_int_equal(mlp_schema_check_header(&m, 0, 2, "in.csv", 1, "the file", "the model", "",
                                             &err),
                     MLP_OK);
}

/* Target names an .npz made up (it saved no target_names) are not compared:
 * the data's are taken, for continuation as for a committee; real ones still
 * are. (The made-up "y" refused the data's "price".) */
static void made_up_target_names_should_not_be_compared(void **state)
{
    (void)state;
    char *price[] = {"price"};
    mlp_schema m = schema(F2, Y, NULL, 0, 1, MLP_NORMALIZE_NONE);
    mlp_schema d = schema(F2, price, NULL, 0, 1, MLP_NORMALIZE_NONE);
    expect_refused(&m, &d,
                   "mlptrain: w.bin: target 1 is column \"y\" in this weights file but \"price\" "
                   "in the training data; name the file's target columns in the spec's "
                   "\"targets\", or train without --init-weights");
    m.target_names_made_up = 1;
    expect_accepted(&m, &d);
    mlp_schema c = schema(F2, LABEL, AB, 2, 1, MLP_NORMALIZE_NONE);
    mlp_schema cm = schema(F2, Y, AB, 2, 1, MLP_NORMALIZE_NONE);
    cm.target_names_made_up = 1;
    expect_accepted(&cm, &c);
    /* The feature names are still compared. */
    mlp_schema db = schema(F2b, price, NULL, 0, 1, MLP_NORMALIZE_NONE);
    expect_refused(&m, &db,
                   "mlptrain: w.bin: input 1 is column \"x1\" in this weights file but \"x2\" in "
                   "the training data; continue on data with the file's feature columns, in its "
                   "order, or train without --init-weights");
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_schema_check_same_outputs(&d, "a.bin", &m, "b.npz", "hint", &err), MLP_OK);
    m.target_names_made_up = 0;
    assert_int_equal(mlp_schema_check_same_outputs(&d, "a.bin", &m, "b.npz", "hint", &err),
                     MLP_ERR_WEIGHTS);
}

/* The rule mlppredict, mlpplot and mlptrain's validation file share
 * (mlp_schema_read_csv): a model whose training CSV had a header knows a
 * header of numbers by its feature names (pandas' 0,1,2 over numbers),
 * which base's options alone read as a row; a model matched by position
 * reads the table as base says, its names included; base's other options
 * hold (the digest of the bytes is the file's). */
static void a_header_of_numbers_should_be_known_by_the_models_names(void **state)
{
    (void)state;
    const char text[] = "1,2,3\n0,0,0\n0,1,1\n";
    temp_file t;
    temp_write_named(&t, "in.csv", text, sizeof text - 1);
    char *names[] = {"1", "2"}, *other[] = {"a", "b"}, *all[] = {"1", "2", "3"};
    mlp_schema model = {.n_features = 2, .feature_names = names, .names_from_header = 1};
    unsigned char digest[MLP_SHA256_BYTES], want[MLP_SHA256_BYTES];
    mlp_sha256_digest(text, sizeof text - 1, want);
    mlp_csv_options base = {.threads = 1, .sha256 = digest, .names = other, .n_names = 2};
    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    /* By the model's names, in place of base's, which the file lacks. */
    if (mlp_schema_read_csv(t.path, &model, &base, &csv, &err))
        fail_msg("%s", err.message);
    assert_true(csv.has_header);
    assert_int_equal(csv.n_rows, 2);
    assert_string_equal(csv.cols[1].name, "2");
    assert_memory_equal(digest, want, MLP_SHA256_BYTES);
    mlp_csv_free(&csv);
    /* By position: no names (NULL base), a row; base's names, a header. */
    model.names_from_header = 0;
    if (mlp_schema_read_csv(t.path, &model, NULL, &csv, &err))
        fail_msg("%s", err.message);
    assert_false(csv.has_header);
    assert_int_equal(csv.n_rows, 3);
    mlp_csv_free(&csv);
    base.names = all;
    base.n_names = 3;
    if (mlp_schema_read_csv(t.path, &model, &base, &csv, &err))
        fail_msg("%s", err.message);
    assert_true(csv.has_header);
    assert_int_equal(csv.n_rows, 2);
    mlp_csv_free(&csv);
    temp_remove(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_schema_should_be_accepted),
        cmocka_unit_test(other_labels_should_be_refused),
        cmocka_unit_test(a_model_without_labels_should_take_the_datas),
        cmocka_unit_test(many_labels_should_be_listed_in_part),
        cmocka_unit_test(another_normalisation_should_be_refused),
        cmocka_unit_test(other_columns_should_be_refused_when_both_have_names),
        cmocka_unit_test(a_model_read_by_name_should_refuse_data_without_a_header),
        cmocka_unit_test(the_header_line_to_add_should_be_csv),
        cmocka_unit_test(made_up_target_names_should_not_be_compared),
        cmocka_unit_test(a_header_of_numbers_should_be_known_by_the_models_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
