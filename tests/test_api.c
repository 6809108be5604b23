/* SPDX-License-Identifier: MIT */
/* test_api.c: the contract of mlp.h for a program that calls the library:
 * a NULL where a pointer is required is refused with MLP_ERR_USAGE naming
 * it, never dereferenced; a NULL err makes a failing call fail the same,
 * untold; every *_free takes NULL; and a data plan made by hand is checked
 * as dataset.h documents it. */
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
    /* A hand-made schema that does not hold together: said, with what to
     * pass instead (it said only what was wrong). */
    mlp_schema odd = schema;
    odd.n_features = 0;
    assert_int_equal(mlp_dataset_with_schema(&csv, &odd, MLP_TARGETS_REQUIRED, &d, &err),
                     MLP_ERR_DATA);
    assert_string_equal(err.message, "the model's schema is inconsistent (0 features, 1 target, "
                                     "1 output, 2 labels)");
    assert_string_equal(err.hint, "pass the schema read with the model (mlp_weights_read) or made "
                                  "by mlp_dataset_build: at least 1 feature, target and output, "
                                  "and labels in one target column, 2 for one output or one per "
                                  "output");
    mlp_dataset_free(&train);
    mlp_schema_free(&schema);
    mlp_csv_free(&csv);
}

/* `err` may always be NULL (mlp.h): a failure then gives the same status,
 * untold, and never a crash. The call `expr` names its error E; it is made
 * once with an error, to see that it fails as meant, then with E NULL. */
#define assert_fails_without_err(expr, want)                                              \
    do {                                                                                  \
        mlp_error e_;                                                                     \
        mlp_error_clear(&e_);                                                             \
        mlp_error *E = &e_;                                                               \
        mlp_status with_ = (expr);                                                        \
        if (with_ != (want) || !e_.message[0])                                            \
            fail_msg("%s with an error: status %d, \"%s\" (want %d)", #expr, (int)with_,  \
                     e_.message, (int)(want));                                            \
        E = NULL;                                                                         \
        mlp_status without_ = (expr);                                                     \
        if (without_ != with_)                                                            \
            fail_msg("%s with err NULL: status %d, not %d", #expr, (int)without_,         \
                     (int)with_);                                                         \
    } while (0)

/* The same for a function that returns an object, NULL on failure. */
#define assert_null_without_err(expr)                                                     \
    do {                                                                                  \
        mlp_error e_;                                                                     \
        mlp_error_clear(&e_);                                                             \
        mlp_error *E = &e_;                                                               \
        if ((expr) != NULL || !e_.message[0])                                             \
            fail_msg("%s with an error: not NULL, or \"%s\"", #expr, e_.message);          \
        E = NULL;                                                                         \
        if ((expr) != NULL)                                                               \
            fail_msg("%s with err NULL: not NULL", #expr);                                \
    } while (0)

/* A model that parses a CSV table and a spec, trains, writes, reads and
 * predicts meets every failure below; a library user who passes err NULL
 * (as mlp.h allows) crashed in four of them: a CSV row of too few fields
 * (and an open quote, and a file of several blocks on threads, and a file
 * read from disk), outputs with a schema that does not fit, and a .npz
 * whose network cannot be made. */
static void err_null_should_fail_the_same_without_a_crash(void **state)
{
    (void)state;
    mlp_csv csv;
    static const char ragged[] = "a,b\n1,2\n3\n", open_quote[] = "a,b\n1,\"2\n";
    assert_fails_without_err(mlp_csv_parse(ragged, strlen(ragged), "x.csv", &csv, E),
                             MLP_ERR_DATA);
    assert_fails_without_err(mlp_csv_parse(open_quote, strlen(open_quote), "x.csv", &csv, E),
                             MLP_ERR_DATA);
    /* 4 MiB on two threads: the bad row is found by a part. */
    size_t cap = (4u << 20) + 64, n = 0;
    char *big = malloc(cap);
    assert_non_null(big);
    n += (size_t)sprintf(big, "a,b\n");
    while (n < (4u << 20))
        n += (size_t)sprintf(big + n, "1,2\n");
    n += (size_t)sprintf(big + n, "1,2,3\n");
    mlp_csv_options copts = {.threads = 2, .block_bytes = 0};
    assert_fails_without_err(mlp_csv_parse_with(big, n, "x.csv", &copts, &csv, E), MLP_ERR_DATA);
    free(big);
    temp_file t;
    temp_write_named(&t, "rag.csv", ragged, strlen(ragged));
    assert_fails_without_err(mlp_csv_read(t.path, &csv, E), MLP_ERR_DATA);
    assert_fails_without_err(mlp_csv_read_with(t.path, &copts, &csv, E), MLP_ERR_DATA);
    mlp_net *net = NULL;
    mlp_schema schema;
    assert_fails_without_err(mlp_weights_read(t.path, &net, &schema, E), MLP_ERR_WEIGHTS);
    temp_remove(&t);
    assert_fails_without_err(mlp_csv_read("/nonexistent/x.csv", &csv, E), MLP_ERR_IO);

    mlp_spec spec;
    static const char typo[] = "{\"layers\": [2, 3, 1], \"learnig_rate\": 1}";
    static const char cut[] = "{\"layers\": [2, 3, 1],";
    assert_fails_without_err(mlp_spec_parse(typo, strlen(typo), "s.json", &spec, E),
                             MLP_ERR_SPEC);
    assert_fails_without_err(mlp_spec_parse(cut, strlen(cut), "s.json", &spec, E), MLP_ERR_SPEC);
    assert_fails_without_err(mlp_spec_load("/nonexistent/s.json", &spec, E), MLP_ERR_IO);

    mlp_grid g;
    assert_fails_without_err(mlp_grid_parse("0:1:x", &g, E), MLP_ERR_USAGE);
    mlp_lrscan_options lo;
    assert_fails_without_err(mlp_lrscan_parse("10:1", &lo, E), MLP_ERR_USAGE);
    mlp_optimizer_options oo = {.kind = MLP_OPT_GD, .learning_rate = -1};
    assert_fails_without_err(mlp_optimizer_check(&oo, E), MLP_ERR_USAGE);
    assert_null_without_err(mlp_optimizer_create(9, &oo, E));

    /* A network that cannot be, and one to write with a schema that does not fit it. */
    const size_t sizes[3] = {2, 3, 1};
    const mlp_activation hidden_softmax[2] = {MLP_ACT_SOFTMAX, MLP_ACT_SIGMOID};
    assert_null_without_err(
        mlp_net_create(2, sizes, hidden_softmax, MLP_LOSS_BINARY_CROSS_ENTROPY, E));
    assert_null_without_err(mlp_workspace_create(NULL, 4, E));
    const mlp_activation acts[2] = {MLP_ACT_TANH, MLP_ACT_SIGMOID};
    net = mlp_net_create(2, sizes, acts, MLP_LOSS_BINARY_CROSS_ENTROPY, NULL);
    assert_non_null(net);
    assert_fails_without_err(mlp_net_predict(net, NULL, 2, NULL, E), MLP_ERR_USAGE);
    memset(&schema, 0, sizeof schema);
    unsigned char *buf = NULL;
    size_t len = 0;
    assert_fails_without_err(mlp_weights_encode(net, &schema, &buf, &len, E), MLP_ERR_WEIGHTS);
    assert_fails_without_err(mlp_npz_write("/nonexistent/x.npz", net, &schema, E),
                             MLP_ERR_WEIGHTS);
    char dir[] = "/tmp/mlp_test_XXXXXX", wpath[64];
    assert_non_null(mkdtemp(dir));
    snprintf(wpath, sizeof wpath, "%s/o.bin", dir);
    assert_fails_without_err(mlp_weights_write(wpath, net, &schema, E), MLP_ERR_WEIGHTS);
    mlp_outputs out = {.weights_path = wpath, .net = net, .schema = &schema};
    assert_fails_without_err(mlp_outputs_write(&out, E), MLP_ERR_WEIGHTS);
    assert_int_equal(access(wpath, F_OK), -1); /* nothing written */
    assert_int_equal(rmdir(dir), 0);
    assert_fails_without_err(mlp_outputs_check_writable("/nonexistent/o.bin", E), MLP_ERR_IO);
    assert_fails_without_err(mlp_trace_csv_check_folder("/nonexistent/a/b", E), MLP_ERR_IO);
    assert_null_without_err(mlp_losslog_open("/nonexistent/l.csv", 0, 0, E));

    /* Bytes that are no model, in either format. */
    unsigned char junk[64] = {'M', 'L', 'P', 'W'};
    mlp_net *got = NULL;
    assert_fails_without_err(mlp_weights_decode(junk, sizeof junk, "x.bin", &got, &schema, E),
                             MLP_ERR_WEIGHTS);
    unsigned char zip[64] = {'P', 'K', 3, 4};
    assert_fails_without_err(mlp_npz_decode(zip, sizeof zip, "x.npz", &got, &schema, E),
                             MLP_ERR_WEIGHTS);
    assert_fails_without_err(mlp_weights_read("/nonexistent/x.bin", &got, &schema, E),
                             MLP_ERR_IO);

    /* Data that does not fit the network, and a run without its data. */
    parse_xor(&csv);
    const mlp_data_plan plan = {.n_inputs = 2, .n_outputs = 1, .output = MLP_ACT_SIGMOID,
                                .loss = MLP_LOSS_BINARY_CROSS_ENTROPY, .n_targets = 3};
    mlp_dataset train, d;
    assert_fails_without_err(mlp_dataset_build(&csv, &plan, &schema, &train, NULL, NULL, NULL, E),
                             MLP_ERR_USAGE);
    assert_fails_without_err(mlp_dataset_with_schema(&csv, NULL, MLP_TARGETS_REQUIRED, &d, E),
                             MLP_ERR_USAGE);
    mlp_csv_free(&csv);
    mlp_train_result tr;
    assert_fails_without_err(mlp_train_run(net, NULL, NULL, &tr, E), MLP_ERR_USAGE);
    mlp_fit_result fr;
    memset(&fr, 0, sizeof fr);
    assert_fails_without_err(mlp_fit_run(net, NULL, NULL, NULL, NULL, &fr, E), MLP_ERR_USAGE);
    mlp_fit_result_free(&fr);
    assert_fails_without_err(mlp_predict_run(net, NULL, NULL, NULL, NULL, E), MLP_ERR_USAGE);
    mlp_net_free(net);
}

/* error.h: a call that succeeds leaves err as it was, so a program may
 * keep one record across calls and read it after the one that failed.
 * The calls of a whole run, from a spec to the predictions: each must
 * leave a record of marked bytes byte for byte. */
#define assert_untouched(expr)                                                            \
    do {                                                                                  \
        mlp_status st_ = (expr);                                                          \
        if (st_ != MLP_OK)                                                                \
            fail_msg("%s: status %d, \"%s\"", #expr, (int)st_, err.message);             \
        if (memcmp(&err, &marked, sizeof err) != 0)                                       \
            fail_msg("%s succeeded and wrote err", #expr);                                \
    } while (0)

static void a_successful_call_should_leave_err_untouched(void **state)
{
    (void)state;
    mlp_error marked, err;
    memset(&marked, 0x5a, sizeof marked);
    memcpy(&err, &marked, sizeof err);
    const char *rows = mlp_spec_builtin_xor_csv();
    mlp_spec spec;
    mlp_csv csv;
    mlp_schema schema;
    mlp_dataset data;
    assert_untouched(mlp_spec_builtin_xor(&spec, &err));
    assert_untouched(mlp_csv_parse(rows, strlen(rows), "xor.csv", &csv, &err));
    assert_untouched(mlp_dataset_from_csv(&csv, &spec, &schema, &data, &err));
    mlp_net *net = mlp_net_create(spec.n_layers, spec.sizes, spec.acts, spec.loss, &err);
    assert_non_null(net);
    assert_memory_equal(&err, &marked, sizeof err);
    mlp_workspace *ws = mlp_workspace_create(net, 0, &err);
    assert_non_null(ws);
    assert_memory_equal(&err, &marked, sizeof err);
    assert_untouched(mlp_workspace_check(ws, net, &err));
    mlp_workspace_free(ws);
    assert_untouched(mlp_net_init(net, spec.init, spec.seed));
    mlp_train_options to = {.optimizer = &spec.optimizer, .epochs = 20};
    mlp_train_result tr;
    assert_untouched(mlp_train_run(net, &data, &to, &tr, &err));
    mlp_fit_data fd = {.train = &data, .schema = &schema};
    mlp_fit_options fo = mlp_spec_fit_options(&spec, 1, 0, NULL);
    fo.epochs = 20;
    mlp_fit_result fr;
    assert_untouched(mlp_fit_run(net, &fd, &fo, NULL, NULL, &fr, &err));
    unsigned char *buf = NULL;
    size_t len = 0;
    assert_untouched(mlp_weights_encode_provenance(net, &schema, &fr.provenance, &buf, &len, &err));
    mlp_net *back = NULL;
    mlp_schema back_schema;
    assert_untouched(mlp_weights_decode(buf, len, "xor.weights.bin", &back, &back_schema, &err));
    double Y[4];
    assert_untouched(mlp_net_predict(back, data.X, data.n_rows, Y, &err));
    assert_untouched(mlp_predict_run(back, &back_schema, &data, NULL, NULL, &err));
    mlp_schema_free(&back_schema);
    mlp_net_free(back);
    free(buf);
    mlp_fit_result_free(&fr);
    mlp_net_free(net);
    mlp_dataset_free(&data);
    mlp_schema_free(&schema);
    mlp_csv_free(&csv);
    mlp_spec_free(&spec);
}

/* Every *_free takes NULL (mlp.h); mlp_findings_free, mlp_fit_result_free
 * and mlp_trace_free dereferenced it. */
static void every_free_should_take_null(void **state)
{
    (void)state;
    mlp_csv_free(NULL);
    mlp_dataset_free(NULL);
    mlp_schema_free(NULL);
    mlp_diagnose_free(NULL);
    mlp_findings_free(NULL);
    mlp_fit_result_free(NULL);
    mlp_net_free(NULL);
    mlp_workspace_free(NULL);
    mlp_optimizer_free(NULL);
    mlp_pool_free(NULL);
    mlp_predict_eval_free(NULL);
    mlp_spec_free(NULL);
    mlp_trace_csv_paths_free(NULL, 3);
    mlp_trace_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(null_arguments_should_be_refused_not_dereferenced),
        cmocka_unit_test(a_plan_out_of_range_should_name_the_field),
        cmocka_unit_test(err_null_should_fail_the_same_without_a_crash),
        cmocka_unit_test(every_free_should_take_null),
        cmocka_unit_test(a_successful_call_should_leave_err_untouched),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
