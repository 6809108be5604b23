/* SPDX-License-Identifier: MIT */
/* test_committee.c: the models of a prediction (committee.h): weights
 * files read back as written, a model of another task refused at its
 * path, the hints for a CSV given as a model and for the model and the CSV
 * swapped; the rows read once for models that read them alike and again,
 * by its own statistics, for a model that does not; the targets read by
 * the first model alone; a model of a committee whose column the table
 * lacks named, with the way to leave it out. */
#include "check.h"

#include "committee.h"
#include "mlp/net.h"
#include "mlp/weights.h"
#include "problem.h"

#define MOONS MLP_SOURCE_DIR "/configs/moons.json"
#define XOR MLP_SOURCE_DIR "/configs/xor.json"

typedef struct {
    char dir[64];
    char path[4][128];
} model_files;

/* The network of p's spec drawn from seed, written with p's schema. */
static void write_model(const problem *p, uint64_t seed, const char *path)
{
    mlp_error err;
    mlp_error_clear(&err);
    mlp_net *net = mlp_net_create(p->spec.n_layers, p->spec.sizes, p->spec.acts, p->spec.loss,
                                  &err);
    assert_non_null(net);
    mlp_net_init(net, p->spec.init, seed);
    if (mlp_weights_write(path, net, &p->schema, &err))
        fail_msg("%s", err.message);
    mlp_net_free(net);
}

/* a.bin, b.bin: moons models; c.bin: a moons model whose inputs'
 * statistics differ; x.bin: an XOR model. */
static void write_models(model_files *m)
{
    strcpy(m->dir, "/tmp/mlp_test_XXXXXX");
    assert_non_null(mkdtemp(m->dir));
    const char *names[] = {"a.bin", "b.bin", "c.bin", "x.bin"};
    for (int k = 0; k < 4; k++)
        snprintf(m->path[k], sizeof m->path[k], "%s/%s", m->dir, names[k]);
    problem moons, xor;
    load(MOONS, &moons);
    load(XOR, &xor);
    write_model(&moons, 1, m->path[0]);
    write_model(&moons, 2, m->path[1]);
    assert_non_null(moons.schema.mean);
    moons.schema.mean[0] += 1;
    write_model(&moons, 3, m->path[2]);
    write_model(&xor, 4, m->path[3]);
    unload(&moons);
    unload(&xor);
}

static void remove_models(model_files *m)
{
    for (int k = 0; k < 4; k++)
        remove(m->path[k]);
    rmdir(m->dir);
}

static void models_should_be_read_as_written_and_share_their_rows(void **state)
{
    (void)state;
    model_files m;
    write_models(&m);
    char *paths[] = {m.path[0], m.path[1], m.path[2]};
    mlp_committee c;
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_committee_load(&c, paths, 3, NULL, &err), MLP_OK);
    assert_int_equal(c.n, 3);
    mlp_net *want = mlp_net_create(3, (size_t[]){2, 16, 16, 2},
                                   (mlp_activation[]){MLP_ACT_TANH, MLP_ACT_TANH, MLP_ACT_SOFTMAX},
                                   MLP_LOSS_CROSS_ENTROPY, &err);
    assert_non_null(want);
    mlp_net_init(want, MLP_INIT_XAVIER, 2);
    assert_int_equal(c.nets[1]->n_params, want->n_params);
    assert_memory_equal(c.nets[1]->params, want->params, want->n_params * sizeof(double));
    mlp_net_free(want);
    mlp_csv csv;
    problem moons;
    load(MOONS, &moons);
    assert_int_equal(mlp_csv_read(moons.spec.train_path, &csv, &err), MLP_OK);
    assert_int_equal(mlp_committee_read_rows(&c, &csv, moons.spec.train_path, 1, &err), MLP_OK);
    /* a and b read alike: one set; c by its own statistics. */
    assert_ptr_equal(c.data[0], &c.sets[0]);
    assert_ptr_equal(c.data[1], c.data[0]);
    assert_null(c.sets[1].X);
    assert_ptr_equal(c.data[2], &c.sets[2]);
    assert_int_equal(c.data[0]->n_rows, 200);
    assert_int_equal(c.data[2]->n_rows, 200);
    assert_memory_equal(c.data[0]->X, moons.data.X, 200 * 2 * sizeof(double));
    assert_close(c.data[2]->X[0], c.data[0]->X[0] - 1 / moons.schema.std[0], 1e-12);
    /* The targets: the first model's alone. */
    assert_non_null(c.data[0]->Y);
    assert_null(c.data[2]->Y);
    mlp_csv_free(&csv);
    unload(&moons);
    mlp_committee_free(&c);
    assert_null(c.nets);
    remove_models(&m);
}

static void a_model_of_another_task_should_be_refused_at_its_path(void **state)
{
    (void)state;
    model_files m;
    write_models(&m);
    char *paths[] = {m.path[0], m.path[3]};
    mlp_committee c;
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_committee_load(&c, paths, 2, NULL, &err), MLP_ERR_WEIGHTS);
    assert_string_equal(err.path, m.path[3]);
    assert_non_null(strstr(err.message, "the committee's first model"));
    mlp_committee_free(&c);
    remove_models(&m);
}

static void a_csv_given_as_a_model_should_get_a_hint(void **state)
{
    (void)state;
    model_files m;
    write_models(&m);
    temp_file csv;
    temp_write_named(&csv, "in.csv", "x1,x2\n0,1\n", 10);
    /* The -o forgotten: the CSV to write read as a second model. */
    char *forgot[] = {m.path[0], csv.path};
    mlp_committee c;
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_committee_load(&c, forgot, 2, NULL, &err), MLP_ERR_WEIGHTS);
    assert_string_equal(err.hint, "every argument but the last is a model of a committee; to "
                                  "write the predictions to a file, give it with -o");
    mlp_committee_free(&c);
    /* The CSV first, the model last. */
    char *swapped[] = {csv.path};
    mlp_error_clear(&err);
    assert_int_equal(mlp_committee_load(&c, swapped, 1, m.path[0], &err), MLP_ERR_WEIGHTS);
    char want[512];
    snprintf(want, sizeof want, "%s is the model: give it first, then the CSV (mlppredict %s %s)",
             m.path[0], m.path[0], csv.path);
    assert_string_equal(err.hint, want);
    mlp_committee_free(&c);
    temp_remove(&csv);
    remove_models(&m);
}

/* A model where the CSV goes: the reader saw a NUL byte; what is said is
 * that it is a model, given twice (the same file under another name too),
 * or the rows of a committee left out. */
static void a_model_given_as_the_csv_should_be_named_one(void **state)
{
    (void)state;
    model_files m;
    write_models(&m);
    char other[160];
    snprintf(other, sizeof other, "%s/./%s", m.dir, strrchr(m.path[0], '/') + 1);
    char *models[] = {m.path[0], m.path[1]};
    struct {
        size_t n;
        const char *input, *message, *hint_start;
    } cases[] = {
        {1, m.path[0], "a trained model, not the CSV of the rows to predict: the model is given "
                       "twice", "give the CSV of the rows after the model (mlppredict "},
        {2, other, "a trained model, not the CSV of the rows to predict: the model is given "
                   "twice", "give the CSV of the rows after the models (mlppredict "},
        {2, m.path[2], "a trained model, not the CSV of the rows to predict",
         "every argument but the last is a model of a committee; give the CSV of the rows last "
         "(mlppredict "},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        mlp_committee c;
        mlp_csv csv = {0};
        mlp_error err;
        mlp_error_clear(&err);
        assert_int_equal(mlp_committee_load(&c, models, cases[k].n, cases[k].input, &err),
                         MLP_OK);
        assert_int_equal(mlp_committee_read_csv(&c, cases[k].input, NULL, &csv, &err),
                         MLP_ERR_DATA);
        assert_string_equal(err.path, cases[k].input);
        assert_int_equal(err.line, 0);
        assert_string_equal(err.message, cases[k].message);
        assert_true(strncmp(err.hint, cases[k].hint_start, strlen(cases[k].hint_start)) == 0);
        assert_non_null(strstr(err.hint, " ROWS.csv)"));
        mlp_csv_free(&csv);
        mlp_committee_free(&c);
    }
    remove_models(&m);
}

/* xor.csv has x1 and x2. A model that reads x1 and x3 (an XOR model whose
 * second column was x3) cannot read it: alone, the reader's message as it
 * is; second in a committee, the message names it and its place, and says
 * that it can be left out (it named no model, and its hint offered only to
 * add the column). */
static void a_member_lacking_a_column_should_be_named(void **state)
{
    (void)state;
    model_files m;
    write_models(&m);
    problem xor;
    load(XOR, &xor);
    char *kept = xor.schema.feature_names[1];
    xor.schema.feature_names[1] = "x3";
    write_model(&xor, 5, m.path[2]); /* c.bin: reads x1, x3 */
    xor.schema.feature_names[1] = kept;
    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_csv_read(xor.spec.train_path, &csv, &err), MLP_OK);
    mlp_committee c;
    char *alone[] = {m.path[2]};
    assert_int_equal(mlp_committee_load(&c, alone, 1, NULL, &err), MLP_OK);
    assert_int_equal(mlp_committee_read_rows(&c, &csv, xor.spec.train_path, 0, &err),
                     MLP_ERR_DATA);
    assert_string_equal(err.message, "no column \"x3\"");
    assert_string_equal(err.hint, "the model reads the columns x1, x3 by header name; add the "
                                  "column \"x3\" (extra columns are ignored)");
    mlp_committee_free(&c);
    char *both[] = {m.path[3], m.path[2]};
    assert_int_equal(mlp_committee_load(&c, both, 2, NULL, &err), MLP_OK);
    assert_int_equal(mlp_committee_read_rows(&c, &csv, xor.spec.train_path, 0, &err),
                     MLP_ERR_DATA);
    char want[512];
    assert_string_equal(err.path, csv.path);
    assert_int_equal(err.line, 1);
    snprintf(want, sizeof want, "no column \"x3\" for %s, the 2nd model of the committee",
             m.path[2]);
    assert_string_equal(err.message, want);
    snprintf(want, sizeof want, "add the column, or leave %s out of the committee", m.path[2]);
    assert_string_equal(err.hint, want);
    mlp_committee_free(&c);
    /* The column spelt another way ("X1" for the header's "x1"): the
     * reader's rename is kept beside the model's name (it was replaced by
     * "add the column"). */
    kept = xor.schema.feature_names[0];
    xor.schema.feature_names[0] = "X1";
    write_model(&xor, 5, m.path[2]); /* c.bin: reads X1, x2 */
    xor.schema.feature_names[0] = kept;
    char rename[256];
    snprintf(rename, sizeof rename, "did you mean \"x1\"? rename the header cell to \"X1\": the "
                                    "model reads the columns X1, x2 by header name");
    assert_int_equal(mlp_committee_load(&c, alone, 1, NULL, &err), MLP_OK);
    assert_int_equal(mlp_committee_read_rows(&c, &csv, xor.spec.train_path, 0, &err),
                     MLP_ERR_DATA);
    assert_string_equal(err.hint, rename);
    long cell = err.col;
    mlp_committee_free(&c);
    assert_int_equal(mlp_committee_load(&c, both, 2, NULL, &err), MLP_OK);
    assert_int_equal(mlp_committee_read_rows(&c, &csv, xor.spec.train_path, 0, &err),
                     MLP_ERR_DATA);
    snprintf(want, sizeof want, "no column \"X1\" for %s, the 2nd model of the committee",
             m.path[2]);
    assert_string_equal(err.message, want);
    assert_true(err.line == 1 && err.col == cell && cell == 1); /* the cell "x1" */
    snprintf(want, sizeof want, "%s; or leave %s out of the committee", rename, m.path[2]);
    assert_string_equal(err.hint, want);
    mlp_committee_free(&c);
    /* Left out, the committee reads the rows. */
    char *one[] = {m.path[3], m.path[3]};
    assert_int_equal(mlp_committee_load(&c, one, 2, NULL, &err), MLP_OK);
    assert_int_equal(mlp_committee_read_rows(&c, &csv, xor.spec.train_path, 0, &err), MLP_OK);
    mlp_committee_free(&c);
    mlp_csv_free(&csv);
    unload(&xor);
    remove_models(&m);
}

/* A first row of numbers is the header when it names the first model's
 * features (a model trained on pandas' columns "1", "2", the target "3";
 * docs/csv.md), and a row of data for a model whose training CSV had no
 * header, as the options alone read it (every cell of it a number). */
static void a_header_of_numbers_should_be_known_by_the_first_model(void **state)
{
    (void)state;
    const char text[] = "1,2,3\n0,0,0\n0,1,1\n";
    temp_file t;
    temp_write_named(&t, "in.csv", text, sizeof text - 1);
    char *names[] = {"1", "2"};
    mlp_schema schema = {.n_features = 2, .feature_names = names, .names_from_header = 1};
    mlp_committee c = {.n = 1, .schemas = &schema};
    mlp_csv_options opts = {.threads = 1};
    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    if (mlp_committee_read_csv(&c, t.path, &opts, &csv, &err))
        fail_msg("%s", err.message);
    assert_true(csv.has_header);
    assert_int_equal(csv.n_rows, 2);
    assert_string_equal(csv.cols[0].name, "1");
    mlp_csv_free(&csv);
    schema.names_from_header = 0;
    if (mlp_committee_read_csv(&c, t.path, &opts, &csv, &err))
        fail_msg("%s", err.message);
    assert_false(csv.has_header);
    assert_int_equal(csv.n_rows, 3);
    mlp_csv_free(&csv);
    temp_remove(&t);
}

/* The table keeps the texts of every column some model reads (a word in a
 * feature of the second model is told from its texts, as for a model
 * alone), and of no other column (mlp_schemas_read_csv). */
static void the_columns_of_every_model_should_keep_their_texts(void **state)
{
    (void)state;
    const char text[] = "x1,x2,x3,note,y\n0,1,a,n1,0\n1,0,b,n2,1\n";
    temp_file t;
    temp_write_named(&t, "in.csv", text, sizeof text - 1);
    char *f0[] = {"x1", "x2"}, *f1[] = {"x1", "x3"}, *targets[] = {"y"};
    mlp_schema schemas[2] = {
        {.n_features = 2, .feature_names = f0, .names_from_header = 1, .n_targets = 1,
         .target_names = targets},
        {.n_features = 2, .feature_names = f1, .names_from_header = 1, .n_targets = 1,
         .target_names = targets},
    };
    mlp_committee c = {.n = 2, .schemas = schemas};
    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    if (mlp_committee_read_csv(&c, t.path, NULL, &csv, &err))
        fail_msg("%s", err.message);
    assert_non_null(csv.cols[2].text); /* x3: the second model's */
    assert_string_equal(csv.cols[2].text[1], "b");
    assert_null(csv.cols[3].text);     /* note: no model's */
    mlp_csv_free(&csv);
    /* one model reading by position may read any column */
    schemas[1].names_from_header = 0;
    if (mlp_committee_read_csv(&c, t.path, NULL, &csv, &err))
        fail_msg("%s", err.message);
    assert_non_null(csv.cols[3].text);
    mlp_csv_free(&csv);
    temp_remove(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(models_should_be_read_as_written_and_share_their_rows),
        cmocka_unit_test(a_model_of_another_task_should_be_refused_at_its_path),
        cmocka_unit_test(a_csv_given_as_a_model_should_get_a_hint),
        cmocka_unit_test(a_model_given_as_the_csv_should_be_named_one),
        cmocka_unit_test(a_member_lacking_a_column_should_be_named),
        cmocka_unit_test(a_header_of_numbers_should_be_known_by_the_first_model),
        cmocka_unit_test(the_columns_of_every_model_should_keep_their_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
