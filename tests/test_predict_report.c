/* SPDX-License-Identifier: MIT */
/* test_predict_report.c: the text of an evaluation (mlp_predict_eval_write,
 * predict.h), the report of mlppredict --evaluate, written from figures
 * given here, so each line is checked against the numbers it was given:
 * a regression's R^2, its undefined form and a committee's line; a
 * classifier's accuracy and its confusion matrix, its columns as wide as
 * their widest cell; names escaped as in every message. */
#define _GNU_SOURCE /* open_memstream */
#include "check.h"

#include "mlp/net.h"
#include "mlp/predict.h"

/* A network of one layer, n_in -> n_out of act, with loss: the report reads
 * only its outputs and its loss. */
static mlp_net *one_layer(size_t n_in, size_t n_out, mlp_activation act, mlp_loss loss)
{
    size_t sizes[] = {n_in, n_out};
    mlp_error err;
    mlp_net *net = mlp_net_create(1, sizes, &act, loss, &err);
    assert_non_null(net);
    return net;
}

/* The report as text (caller frees). */
static char *report(const char *input, const mlp_net *net, const mlp_schema *schema,
                    const mlp_predict_eval *e, size_t n_models)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    mlp_predict_eval_write(out, input, net, schema, e, n_models);
    assert_int_equal(fclose(out), 0);
    return text;
}

/* The line fit of README's tour: 5 rows, SSE 0.068, SST 10.472, so loss
 * and mse 0.068 / 5 = 0.0136 and R^2 = 1 - 0.068 / 10.472 = 0.993506 to
 * six digits; one output, so no "mean over the outputs". */
static void regression_should_report_its_r2(void **state)
{
    (void)state;
    mlp_net *net = one_layer(1, 1, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    char *names[] = {"y"};
    mlp_schema schema = {.n_outputs = 1, .n_targets = 1, .target_names = names};
    mlp_predict_eval e = {.rows = 5, .loss = 0.068 / 5, .mse = 0.068 / 5,
                          .r2 = 1.0 - 0.068 / 10.472, .accuracy = NAN};
    char *text = report("line.csv", net, &schema, &e, 1);
    assert_string_equal(text,
                        "line.csv: 5 rows, loss 0.0136 (mse)\n"
                        "line.csv: mse 0.0136 (mean of (output - target)^2 over 5 rows x 1 "
                        "output)\n"
                        "line.csv: r2 0.993506 (1 - sum (output - target)^2 / sum (target - "
                        "mean)^2: 1 is perfect, 0 no better than the mean)\n");
    free(text);
    mlp_net_free(net);
}

/* Two outputs: R^2 is their mean, and says so; NaN (a constant target
 * column) is "undefined"; one row is a row; a committee says that its mean
 * output was evaluated. */
static void regression_should_say_r2_undefined_and_the_committee(void **state)
{
    (void)state;
    mlp_net *net = one_layer(3, 2, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    char *names[] = {"a", "b"};
    mlp_schema schema = {.n_outputs = 2, .n_targets = 2, .target_names = names};
    mlp_predict_eval e = {.rows = 1, .loss = 0.25, .mse = 0.25, .r2 = 0.5, .accuracy = NAN};
    char *text = report("in.csv", net, &schema, &e, 1);
    assert_string_equal(text,
                        "in.csv: 1 row, loss 0.25 (mse)\n"
                        "in.csv: mse 0.25 (mean of (output - target)^2 over 1 row x 2 outputs)\n"
                        "in.csv: r2 0.5 (1 - sum (output - target)^2 / sum (target - mean)^2, "
                        "the mean over the outputs: 1 is perfect, 0 no better than the mean)\n");
    free(text);
    e.r2 = NAN;
    text = report("in.csv", net, &schema, &e, 3);
    assert_string_equal(text,
                        "in.csv: 1 row, loss 0.25 (mse)\n"
                        "in.csv: mse 0.25 (mean of (output - target)^2 over 1 row x 2 outputs)\n"
                        "in.csv: r2 undefined (a target column is constant)\n"
                        "in.csv: a committee of 3 models: their mean output is evaluated\n");
    free(text);
    mlp_net_free(net);
}

/* A classifier: the accuracy, correct/rows, on the first line and no R^2;
 * the confusion matrix [true][predicted] with every column as wide as its
 * widest cell, here the label "yes" + ESC "[31m", escaped to the 11
 * characters yes\x1b[31m, beside counts of 5 digits and labels of 2; the
 * input's newline escaped too. 12345 + 3 of 12351 rows right: 99.98%. */
static void classification_should_report_accuracy_and_confusion(void **state)
{
    (void)state;
    mlp_net *net = one_layer(2, 2, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY);
    char *labels[] = {"no", "yes\x1b[31m"};
    mlp_schema schema = {.n_outputs = 2, .n_labels = 2, .labels = labels};
    size_t confusion[] = {12345, 1, 2, 3};
    mlp_predict_eval e = {.rows = 12351, .loss = 0.5, .mse = 0.125, .r2 = NAN,
                          .accuracy = 12348.0 / 12351.0, .n_classes = 2,
                          .confusion = confusion};
    char *text = report("in\n.csv", net, &schema, &e, 1);
    assert_string_equal(text,
                        "in\\x0a.csv: 12351 rows, loss 0.5 (cross_entropy), accuracy 99.98% "
                        "(12348/12351)\n"
                        "in\\x0a.csv: mse 0.125 (mean of (output - target)^2 over 12351 rows x 2 "
                        "outputs)\n"
                        "confusion matrix (rows: true label, columns: predicted label):\n"
                        /* 11 wide: the corner, then each label right-aligned */
                        "           " "           no" "  yes\\x1b[31m\n"
                        "         no" "        12345" "            1\n"
                        "yes\\x1b[31m" "            2" "            3\n");
    free(text);
    mlp_net_free(net);
}

/* 0/1 targets counted as classes by a model without labels (predict.h):
 * one unit's classes are its target values 0 and 1; several units' are
 * their target columns, the one-hot rows' 1. */
static void class_targets_should_be_named_by_their_values_or_columns(void **state)
{
    (void)state;
    mlp_net *net = one_layer(2, 1, MLP_ACT_SIGMOID, MLP_LOSS_MSE);
    char *y[] = {"y"};
    mlp_schema one = {.n_outputs = 1, .n_targets = 1, .target_names = y};
    size_t confusion[] = {2, 0, 1, 1};
    mlp_predict_eval e = {.rows = 4, .loss = 0.25, .mse = 0.25, .r2 = NAN, .accuracy = 0.75,
                          .n_classes = 2, .confusion = confusion};
    char *text = report("xor.csv", net, &one, &e, 1);
    assert_string_equal(text,
                        "xor.csv: 4 rows, loss 0.25 (mse), accuracy 75.00% (3/4)\n"
                        "xor.csv: mse 0.25 (mean of (output - target)^2 over 4 rows x 1 output)\n"
                        "confusion matrix (rows: true label, columns: predicted label):\n"
                        "    " "     0" "     1\n"
                        "   0" "     2" "     0\n"
                        "   1" "     1" "     1\n");
    free(text);
    mlp_net_free(net);
    net = one_layer(2, 2, MLP_ACT_LINEAR, MLP_LOSS_MSE);
    char *columns[] = {"is_a", "is_b"};
    mlp_schema two = {.n_outputs = 2, .n_targets = 2, .target_names = columns};
    text = report("ab.csv", net, &two, &e, 1);
    assert_non_null(strstr(text, "predicted label):\n"
                                 "    " "  is_a" "  is_b\n"
                                 "is_a" "     2" "     0\n"
                                 "is_b" "     1" "     1\n"));
    free(text);
    mlp_net_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(regression_should_report_its_r2),
        cmocka_unit_test(regression_should_say_r2_undefined_and_the_committee),
        cmocka_unit_test(classification_should_report_accuracy_and_confusion),
        cmocka_unit_test(class_targets_should_be_named_by_their_values_or_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
