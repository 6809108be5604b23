/* SPDX-License-Identifier: MIT */
/* test_api.c: the contract of mlp.h for a program that calls the library:
 * a NULL where a pointer is required is refused with MLP_ERR_USAGE naming
 * it, never dereferenced, and a data plan made by hand is checked as
 * dataset.h documents it. */
#include "check.h"

#include "mlp/mlp.h"

static const char xor_text[] = "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n";

static void parse_xor(mlp_csv *csv)
{
    mlp_error err;
    if (mlp_csv_parse(xor_text, strlen(xor_text), "xor.csv", csv, &err))
        fail_msg("%s", err.message);
}

#define assert_usage(call, word)                                                          \
    do {                                                                                  \
        mlp_error_clear(&err);                                                            \
        mlp_status st_ = (call);                                                          \
        if (st_ != MLP_ERR_USAGE || !strstr(err.message, word))                          \
            fail_msg("%s: status %d, \"%s\" (want MLP_ERR_USAGE naming %s)", #call,       \
                     (int)st_, err.message, word);                                        \
    } while (0)

static void null_arguments_should_be_refused_not_dereferenced(void **state)
{
    (void)state;
    mlp_error err;
    mlp_csv csv;
    /* A text without a name has no path in its messages. */
    assert_int_equal(mlp_csv_parse(xor_text, strlen(xor_text), NULL, &csv, &err), MLP_OK);
    assert_int_equal(mlp_csv_find_column(&csv, NULL), -1);
    assert_int_equal(mlp_csv_find_column(&csv, "y"), 2);
    mlp_csv_free(&csv);
    assert_int_equal(mlp_csv_parse("a,b\n1\n", 6, NULL, &csv, &err), MLP_ERR_DATA);
    assert_string_equal(err.path, "");
    assert_usage(mlp_csv_read(NULL, &csv, &err), "path");
    mlp_grid g;
    assert_usage(mlp_grid_parse(NULL, &g, &err), "text");
    mlp_net *net = NULL;
    mlp_schema schema;
    assert_usage(mlp_weights_read(NULL, &net, &schema, &err), "path");

    /* A model to predict with, its schema left out. */
    const size_t sizes[2] = {2, 1};
    const mlp_activation acts[1] = {MLP_ACT_SIGMOID};
    net = mlp_net_create(1, sizes, acts, MLP_LOSS_BINARY_CROSS_ENTROPY, &err);
    assert_non_null(net);
    double X[4] = {0, 0, 1, 1};
    mlp_dataset d = {2, 2, 1, X, NULL, NULL, NULL};
    assert_usage(mlp_predict_run(net, NULL, &d, NULL, NULL, &err), "schema");
    mlp_predict_eval ev;
    assert_usage(mlp_predict_run(net, NULL, &d, NULL, &ev, &err), "schema");
    assert_true(isnan(ev.loss));
    mlp_net_free(net);
}

/* Each field of a hand-made plan out of its documented range is refused,
 * naming it, and every output is left zeroed. */
static void a_plan_out_of_range_should_name_the_field(void **state)
{
    (void)state;
    mlp_csv csv;
    parse_xor(&csv);
    const mlp_data_plan good = {.n_inputs = 2, .n_outputs = 1, .output = MLP_ACT_SIGMOID,
                                .loss = MLP_LOSS_BINARY_CROSS_ENTROPY};
    static const double mean[2] = {0.5, 0.5}, std_ok[2] = {0.5, 0.5}, std_zero[2] = {0.5, 0};
    struct {
        const char *field;
        mlp_data_plan plan;
    } bad[] = {{"output", good},          {"loss", good},     {"targets", good},
               {"validation_split", good}, {"validation_split", good}, {"std", good},
               {"std", good},              {"features", good}, {"normalize", good}};
    bad[0].plan.output = (mlp_activation)42;
    bad[1].plan.loss = (mlp_loss)42;
    bad[2].plan.n_targets = 3;
    bad[3].plan.validation_split = 1.5;
    bad[4].plan.validation_split = NAN;
    bad[5].plan.mean = mean; /* std NULL */
    bad[5].plan.normalize = MLP_NORMALIZE_STANDARD;
    bad[6].plan.mean = mean;
    bad[6].plan.std = std_zero;
    bad[6].plan.normalize = MLP_NORMALIZE_STANDARD;
    bad[7].plan.n_features = 2;
    bad[8].plan.normalize = (mlp_normalize)9;
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        mlp_schema schema;
        mlp_dataset train, val;
        mlp_error err;
        mlp_status st = mlp_dataset_build(&csv, &bad[k].plan, &schema, &train, &val, NULL, NULL,
                                          &err);
        if (st != MLP_ERR_USAGE || !strstr(err.message, bad[k].field))
            fail_msg("case %zu (%s): status %d, \"%s\"", k, bad[k].field, (int)st, err.message);
        assert_null(train.X);
        assert_null(schema.feature_names);
    }
    /* The same statistics, whole, are taken. */
    mlp_data_plan p = good;
    p.normalize = MLP_NORMALIZE_STANDARD;
    p.mean = mean;
    p.std = std_ok;
    mlp_schema schema;
    mlp_dataset train;
    mlp_error err;
    assert_int_equal(mlp_dataset_build(&csv, &p, &schema, &train, NULL, NULL, NULL, &err), MLP_OK);
    assert_close(train.X[0], -1.0, 0);
    /* A file read for a trained model: `targets` must be an MLP_TARGETS_* value. */
    mlp_dataset d;
    assert_usage(mlp_dataset_with_schema(&csv, &schema, 7, &d, &err), "targets");
    assert_null(d.X);
    assert_int_equal(mlp_dataset_with_schema(&csv, &schema, MLP_TARGETS_REQUIRED, &d, &err),
                     MLP_OK);
    mlp_dataset_free(&d);
    mlp_dataset_free(&train);
    mlp_schema_free(&schema);
    mlp_csv_free(&csv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(null_arguments_should_be_refused_not_dereferenced),
        cmocka_unit_test(a_plan_out_of_range_should_name_the_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
