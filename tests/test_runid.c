/* SPDX-License-Identifier: MIT */
/* test_runid.c: a run's description (runid.h) and the comparison of two:
 * the same run compares equal, each difference is named in its order
 * (spec, epochs, rate, seed, ...), file sizes only when both have them;
 * the gathers over a fake job of P processes give every process the
 * answer of the lowest one that differs; a file that one process cannot
 * open and another can is told with its reader's error, naming the
 * process; the digest of an initial weights
 * file follows its parameters and statistics. */
#include "check.h"

#include "fake_parts.h"
#include "runid.h"

static mlp_spec spec_of(const char *weights, const char *loss)
{
    mlp_spec s;
    memset(&s, 0, sizeof s);
    s.weights_path = (char *)weights;
    s.loss_path = (char *)loss;
    s.optimizer.learning_rate = 0.5;
    s.epochs = 100;
    s.seed = 7;
    return s;
}

static const mlp_runid_options default_options = {
    .config = "configs/xor.json", .seed = 7, .restarts = 1, .restart_margin = 0.01,
    .tolerance = 1e-6};

static const char spec_text[] = "{\"layers\": [2, 2, 1]}";

static void describe(const mlp_spec *s, const mlp_runid_options *o, const char *text,
                     mlp_runid *id)
{
    mlp_runid_describe(s, o, text, strlen(text), id);
}

static void same_description_should_compare_equal(void **state)
{
    (void)state;
    mlp_spec s = spec_of("a.bin", "a.csv");
    mlp_runid a, b;
    describe(&s, &default_options, spec_text, &a);
    describe(&s, &default_options, spec_text, &b);
    assert_memory_equal(&a, &b, sizeof a);
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_runid_compare(&a, &b, 1, 2, &s, &default_options, &err), MLP_OK);
    /* No file to read: every size unknown, never compared. */
    assert_true(a.train_size == -1 && a.val_size == -1 && a.init_size == -1);
}

static void other_spec_bytes_should_be_named_first(void **state)
{
    (void)state;
    mlp_spec s = spec_of("a.bin", "a.csv");
    mlp_spec later = s;
    later.epochs = 5;
    mlp_runid a, b;
    mlp_runid_options builtin = default_options;
    builtin.config = NULL;
    describe(&s, &builtin, spec_text, &a);
    describe(&later, &builtin, "{}", &b);
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_runid_compare(&a, &b, 2, 3, &s, &builtin, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message,
                        "rank 2 of 3 reads another spec than rank 0 (the built-in XOR spec): the "
                        "SHA-256 of its bytes differs: every rank must run the same spec with the "
                        "same options and data");
    assert_string_equal(err.hint, "give every rank the same command line and the same spec file "
                                  "(one file on a shared filesystem)");
}

static void each_option_should_be_named_in_its_order(void **state)
{
    (void)state;
    mlp_spec s = spec_of("a.bin", "a.csv");
    mlp_runid a, b;
    describe(&s, &default_options, spec_text, &a);
    mlp_error err;
    mlp_error_clear(&err);
    /* Epochs and seed differ: the epochs are told. */
    mlp_spec t = s;
    t.epochs = 50;
    mlp_runid_options o = default_options;
    o.seed = 8;
    describe(&t, &o, spec_text, &b);
    assert_int_equal(mlp_runid_compare(&a, &b, 1, 2, &s, &default_options, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "rank 1 of 2 trains for 50 epochs, rank 0 for 100: every "
                                     "rank must run the same spec with the same options and data");
    assert_string_equal(err.hint, "give every rank the same command line and spec");
    /* One of a count is singular ("for 1 epochs" once). */
    t.epochs = 1;
    describe(&t, &o, spec_text, &b);
    assert_int_equal(mlp_runid_compare(&a, &b, 1, 2, &s, &default_options, &err), MLP_ERR_USAGE);
    assert_non_null(strstr(err.message, "rank 1 of 2 trains for 1 epoch, rank 0 for 100"));
    describe(&s, &o, spec_text, &b);
    assert_int_equal(mlp_runid_compare(&a, &b, 1, 2, &s, &default_options, &err), MLP_ERR_USAGE);
    assert_non_null(strstr(err.message, "starts from seed 8, rank 0 from 7"));
    o = default_options;
    o.gradcheck = 1;
    describe(&s, &o, spec_text, &b);
    assert_int_equal(mlp_runid_compare(&a, &b, 1, 2, &s, &default_options, &err), MLP_ERR_USAGE);
    assert_non_null(strstr(err.message, "runs --gradcheck, rank 0 trains"));
    o = default_options;
    o.init_weights = "start.bin";
    describe(&s, &o, spec_text, &b);
    assert_int_equal(mlp_runid_compare(&a, &b, 1, 2, &s, &default_options, &err), MLP_ERR_USAGE);
    assert_non_null(strstr(err.message, "another --init-weights than rank 0 (none: initial "
                                        "weights from the seed)"));
    mlp_spec w = spec_of("b.bin", "a.csv");
    describe(&w, &default_options, spec_text, &b);
    assert_int_equal(mlp_runid_compare(&a, &b, 1, 2, &s, &default_options, &err), MLP_ERR_USAGE);
    assert_non_null(strstr(err.message, "writes the weights to another path than rank 0 (a.bin)"));
}

static void files_of_other_sizes_should_be_named(void **state)
{
    (void)state;
    temp_file small, large;
    temp_write_named(&small, "train.csv", "x,y\n1,2\n", 8);
    temp_write_named(&large, "train.csv", "x,y\n1,2\n3,4\n", 12);
    mlp_spec s = spec_of("a.bin", "a.csv"), t = s;
    s.train_path = small.path;
    t.train_path = large.path;
    mlp_runid a, b;
    describe(&s, &default_options, spec_text, &a);
    describe(&t, &default_options, spec_text, &b);
    assert_int_equal(a.train_size, 8);
    assert_int_equal(b.train_size, 12);
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_runid_compare(&a, &b, 1, 2, &s, &default_options, &err), MLP_ERR_USAGE);
    char want[512];
    snprintf(want, sizeof want, "rank 1 of 2 reads another %s than rank 0: 12 bytes there, 8 on "
                                "rank 0: every rank must run the same spec with the same options "
                                "and data", small.path);
    assert_string_equal(err.message, want);
    assert_string_equal(err.hint, "give every rank the same files (one copy on a shared "
                                  "filesystem)");
    /* Built-in text: no file, no size. */
    t.train_text = "x,y\n";
    describe(&t, &default_options, spec_text, &b);
    assert_int_equal(b.train_size, -1);
    assert_int_equal(mlp_runid_compare(&a, &b, 1, 2, &s, &default_options, &err), MLP_OK);
    temp_remove(&small);
    temp_remove(&large);
}

static void the_lowest_process_that_differs_should_be_told_everywhere(void **state)
{
    (void)state;
    mlp_spec s = spec_of("a.bin", "a.csv");
    mlp_runid id[4];
    mlp_runid_options o = default_options;
    describe(&s, &o, spec_text, &id[0]);
    describe(&s, &o, spec_text, &id[1]);
    o.restarts = 3;
    describe(&s, &o, spec_text, &id[2]);
    o.restarts = 1;
    o.restart_margin = 0.5;
    describe(&s, &o, spec_text, &id[3]);
    fake_job f = {.size = 4};
    for (int q = 0; q < 4; q++) {
        f.data[q] = &id[q];
        f.len[q] = sizeof id[q];
    }
    for (int r = 0; r < 4; r++) {
        mlp_parts p = fake_parts(&f, r);
        mlp_error err;
        mlp_error_clear(&err);
        assert_int_equal(mlp_runid_same_run(&p, &id[r], &s, &default_options, &err),
                         MLP_ERR_USAGE);
        assert_string_equal(err.message, "rank 2 of 4 trains 3 times (--restarts), rank 0 1 "
                                         "time: every rank must run the same spec with the same "
                                         "options and data");
    }
    /* Without rank 2 and 3 the job agrees. */
    f.size = 2;
    mlp_parts p = fake_parts(&f, 1);
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_runid_same_run(&p, &id[1], &s, &default_options, &err), MLP_OK);
    /* One process compares with nobody. */
    mlp_parts one = {.rank = 0, .size = 1};
    assert_int_equal(mlp_runid_same_run(&one, &id[2], &s, &default_options, &err), MLP_OK);
}

/* Process 1 of a fake job of 2 lacks the training file that process 0 has
 * (the same spec, in another folder): the description says so (-2), and
 * the error told everywhere is process 1's, as its reader gives it at the
 * file's key in the spec, naming process 1. Before, a size of -1 was never
 * compared, and the reading told process 1's error as if it were every
 * process's. */
static void a_file_one_process_cannot_open_should_be_told_with_its_rank(void **state)
{
    (void)state;
    temp_file train;
    temp_write_named(&train, "train.csv", "x,y\n1,2\n", 8);
    char gone[160];
    snprintf(gone, sizeof gone, "%s/gone.csv", train.dir);
    mlp_spec s = spec_of("a.bin", "a.csv"), t = s;
    s.path = t.path = "run.json";
    s.pos_train = t.pos_train = (mlp_spec_pos){.line = 3, .col = 12};
    s.train_path = train.path; /* process 0's folder */
    t.train_path = gone;       /* process 1's */
    mlp_runid id[2];
    describe(&s, &default_options, spec_text, &id[0]);
    describe(&t, &default_options, spec_text, &id[1]);
    assert_int_equal(id[0].train_size, 8);
    assert_int_equal(id[1].train_size, -2);
    /* The reader's own error on process 1, at the spec's key. */
    mlp_error reader;
    mlp_error_clear(&reader);
    mlp_csv csv;
    assert_int_equal(mlp_csv_read(gone, &csv, &reader), MLP_ERR_IO);
    mlp_spec_data_error(&t, &reader);
    char want[sizeof reader.message + 32];
    snprintf(want, sizeof want, "rank 1 of 2 (not rank 0): %s", reader.message);
    mlp_error none;
    mlp_error_clear(&none);
    fake_job f = {.size = 2, .data = {&id[0], &id[1]}, .len = {sizeof id[0], sizeof id[1]},
                  .then = {&none, &reader}, .then_len = {sizeof none, sizeof reader}};
    for (int r = 0; r < 2; r++) {
        mlp_parts p = fake_parts(&f, r);
        mlp_error err;
        mlp_error_clear(&err);
        assert_int_equal(mlp_runid_same_run(&p, &id[r], r ? &t : &s, &default_options, &err),
                         MLP_ERR_IO);
        assert_string_equal(err.path, "run.json");
        assert_int_equal(err.line, 3);
        assert_int_equal(err.col, 12);
        assert_string_equal(err.message, want);
        assert_string_equal(err.hint, reader.hint);
    }
    /* No process has it: left to the readers, whose error is every process's. */
    describe(&t, &default_options, spec_text, &id[0]);
    mlp_parts p = fake_parts(&f, 0);
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_runid_same_run(&p, &id[0], &t, &default_options, &err), MLP_OK);
    temp_remove(&train);
}

static void a_named_rank_should_keep_the_position_and_hint(void **state)
{
    (void)state;
    mlp_error err;
    mlp_error_set(&err, MLP_ERR_SPEC, "run.json", 4, 2, "unknown key \"x\"");
    mlp_error_hint(&err, "remove it");
    mlp_runid_name_rank(&err, 0, 3, 1);
    char line[2048];
    assert_string_equal(mlp_error_format(&err, "mlptrain", line, sizeof line),
                        "mlptrain: run.json:4:2: rank 0 of 3 (not rank 1): unknown key \"x\"; "
                        "remove it");
}

static void copies_with_other_bytes_should_be_refused(void **state)
{
    (void)state;
    unsigned char d[3][MLP_SHA256_BYTES];
    mlp_sha256_digest("a", 1, d[0]);
    mlp_sha256_digest("a", 1, d[1]);
    mlp_sha256_digest("b", 1, d[2]);
    fake_job f = {.size = 2};
    for (int q = 0; q < 3; q++) {
        f.data[q] = d[q];
        f.len[q] = MLP_SHA256_BYTES;
    }
    mlp_parts p = fake_parts(&f, 0);
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_runid_same_copies(&p, d[0], "val.csv", &err), MLP_OK);
    f.size = 3;
    p = fake_parts(&f, 1);
    assert_int_equal(mlp_runid_same_copies(&p, d[0], "val.csv", &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "rank 2 of 3 reads another val.csv than rank 0: the same "
                                     "size, other bytes: every rank must run the same spec with "
                                     "the same options and data");
    assert_string_equal(err.hint, "give every rank the same files (one copy on a shared "
                                  "filesystem)");
}

static void the_init_digest_should_follow_parameters_and_statistics(void **state)
{
    (void)state;
    size_t sizes[] = {2, 1};
    mlp_activation acts[] = {MLP_ACT_SIGMOID};
    mlp_error err;
    mlp_error_clear(&err);
    mlp_net *net = mlp_net_create(1, sizes, acts, MLP_LOSS_MSE, &err);
    assert_non_null(net);
    for (size_t i = 0; i < net->n_params; i++)
        net->params[i] = (double)i;
    double mean[2] = {1, 2}, std[2] = {3, 4};
    mlp_schema schema;
    memset(&schema, 0, sizeof schema);
    schema.n_features = 2;
    unsigned char plain[MLP_SHA256_BYTES], stats[MLP_SHA256_BYTES], moved[MLP_SHA256_BYTES],
        want[MLP_SHA256_BYTES];
    mlp_runid_init_digest(net, &schema, plain);
    /* Without statistics: the parameters' bytes alone. */
    mlp_sha256_digest(net->params, net->n_params * sizeof(double), want);
    assert_memory_equal(plain, want, sizeof want);
    schema.mean = mean;
    schema.std = std;
    mlp_runid_init_digest(net, &schema, stats);
    assert_memory_not_equal(plain, stats, sizeof stats);
    net->params[0] = 0.5;
    mlp_runid_init_digest(net, &schema, moved);
    assert_memory_not_equal(stats, moved, sizeof moved);
    mlp_net_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_description_should_compare_equal),
        cmocka_unit_test(other_spec_bytes_should_be_named_first),
        cmocka_unit_test(each_option_should_be_named_in_its_order),
        cmocka_unit_test(files_of_other_sizes_should_be_named),
        cmocka_unit_test(the_lowest_process_that_differs_should_be_told_everywhere),
        cmocka_unit_test(a_file_one_process_cannot_open_should_be_told_with_its_rank),
        cmocka_unit_test(a_named_rank_should_keep_the_position_and_hint),
        cmocka_unit_test(copies_with_other_bytes_should_be_refused),
        cmocka_unit_test(the_init_digest_should_follow_parameters_and_statistics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
