/* SPDX-License-Identifier: MIT */
/* test_predict.c: a committee of models (predict.h): its outputs are the
 * mean of its members' outputs, computed here from each member's forward
 * pass, the same whatever order the members are given in; a model twice is
 * the model; its evaluation is that of the mean; the checks that refuse
 * models whose outputs mean different things. */
#define _GNU_SOURCE /* open_memstream */
#include "check.h"

#include "mlp/fit.h"
#include "mlp/net.h"
#include "mlp/predict.h"
#include "problem.h"

#define MOONS MLP_SOURCE_DIR "/configs/moons.json"

/* The moons architecture (2-16-16-2, tanh, softmax, cross-entropy), drawn
 * from `seed` and not trained: three seeds give three different models. */
static mlp_net *moons_net(uint64_t seed)
{
    size_t sizes[] = {2, 16, 16, 2};
    mlp_activation acts[] = {MLP_ACT_TANH, MLP_ACT_TANH, MLP_ACT_SOFTMAX};
    mlp_error err;
    mlp_net *net = mlp_net_create(3, sizes, acts, MLP_LOSS_CROSS_ENTROPY, &err);
    assert_non_null(net);
    mlp_net_init(net, MLP_INIT_XAVIER, seed);
    return net;
}

/* The predictions CSV of a committee as text (caller frees). */
static char *predict_text(const mlp_net *const *nets, const mlp_dataset *const *data, size_t n,
                          const mlp_schema *schema, mlp_predict_eval *eval)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    mlp_error err;
    mlp_error_clear(&err);
    if (mlp_predict_committee(nets, data, n, schema, out, eval, &err))
        fail_msg("%s", err.message);
    assert_int_equal(fclose(out), 0);
    return text;
}

/* memcmp of two nets' parameters (of one shape). */
static int params_compare(const mlp_net *a, const mlp_net *b)
{
    return memcmp(a->params, b->params, a->n_params * sizeof *a->params);
}

static void committee_should_predict_the_mean_of_its_models(void **state)
{
    (void)state;
    problem p;
    load(MOONS, &p);
    const mlp_net *nets[3] = {moons_net(1), moons_net(2), moons_net(3)};
    const mlp_dataset *data[3] = {&p.data, &p.data, &p.data};
    mlp_predict_eval eval;
    char *text = predict_text(nets, data, 3, &p.schema, &eval);

    /* The reference: each model's outputs over all rows, summed in the
     * order of the models' parameters' bytes (one shape, one data set: the
     * order predict.h defines) and divided by 3. */
    size_t N = p.data.n_rows;
    double *mean = calloc(N * 2, sizeof *mean);
    assert_non_null(mean);
    const mlp_net *sorted[3] = {nets[0], nets[1], nets[2]};
    for (size_t i = 1; i < 3; i++)
        for (size_t j = i; j > 0 && params_compare(sorted[j - 1], sorted[j]) > 0; j--) {
            const mlp_net *t = sorted[j];
            sorted[j] = sorted[j - 1];
            sorted[j - 1] = t;
        }
    for (size_t k = 0; k < 3; k++) {
        mlp_error err;
        mlp_workspace *ws = mlp_workspace_create(sorted[k], N, &err);
        assert_non_null(ws);
        const double *y = mlp_net_forward(sorted[k], ws, p.data.X, N);
        for (size_t i = 0; i < N * 2; i++)
            mean[i] = k ? mean[i] + y[i] : y[i];
        mlp_workspace_free(ws);
    }
    double sq = 0.0, ce = 0.0;
    size_t correct = 0;
    for (size_t i = 0; i < N * 2; i++) {
        mean[i] /= 3.0;
        sq += (mean[i] - p.data.Y[i]) * (mean[i] - p.data.Y[i]);
        ce -= p.data.Y[i] ? log(mean[i]) : 0.0;
    }
    /* Each CSV row: the label of the larger mean probability, then the two
     * mean probabilities, printed to round-trip exactly. */
    const char *line = strchr(text, '\n');
    assert_non_null(line);
    assert_true(strncmp(text, "label,p_0,p_1\n", 14) == 0);
    for (size_t r = 0; r < N; r++) {
        char label[8];
        double p0, p1;
        assert_int_equal(sscanf(line + 1, "%7[^,],%lf,%lf", label, &p0, &p1), 3);
        assert_true(p0 == mean[2 * r] && p1 == mean[2 * r + 1]);
        size_t cls = mlp_net_class_of(mean + 2 * r, 2);
        assert_string_equal(label, cls ? "1" : "0");
        correct += cls == mlp_net_class_of(p.data.Y + 2 * r, 2);
        line = strchr(line + 1, '\n');
    }
    assert_close(eval.mse, sq / (double)(N * 2), 1e-15);
    assert_close(eval.loss, ce / (double)N, 1e-15);
    assert_close(eval.accuracy, (double)correct / (double)N, 0);
    assert_int_equal(eval.rows, N);
    /* The confusion matrix counts the mean's classes too. */
    assert_int_equal(eval.confusion[0] + eval.confusion[3], correct);

    free(mean);
    free(text);
    mlp_predict_eval_free(&eval);
    for (size_t k = 0; k < 3; k++)
        mlp_net_free((mlp_net *)nets[k]);
    unload(&p);
}

/* A committee predicts and evaluates the same bits whatever the order of
 * its members: floating-point sums are not associative, and the order of a
 * shell glob depends on the locale. Every order of three models (that
 * differ in the last digits of their sums in the order given, checked
 * here, so that the test tells) and of a model given twice beside
 * another. */
static void committee_should_not_depend_on_the_order_of_its_models(void **state)
{
    (void)state;
    problem p;
    load(MOONS, &p);
    const mlp_net *a = moons_net(1), *b = moons_net(2), *c = moons_net(3);
    const mlp_dataset *data[3] = {&p.data, &p.data, &p.data};
    const mlp_net *orders[][3] = {{a, b, c}, {a, c, b}, {b, a, c}, {b, c, a}, {c, a, b},
                                  {c, b, a}, {a, a, b}, {a, b, a}, {b, a, a}};
    char *first = NULL, *first_twice = NULL;
    mlp_predict_eval e0 = {0}, e0_twice = {0};
    for (size_t o = 0; o < sizeof orders / sizeof orders[0]; o++) {
        mlp_predict_eval e;
        char *text = predict_text(orders[o], data, 3, &p.schema, &e);
        int twice = o >= 6;
        char **kept = twice ? &first_twice : &first;
        mlp_predict_eval *kept_eval = twice ? &e0_twice : &e0;
        if (!*kept) {
            *kept = text;
            *kept_eval = e;
            continue;
        }
        assert_string_equal(text, *kept);
        assert_memory_equal(&e.loss, &kept_eval->loss, sizeof e.loss);
        assert_memory_equal(&e.mse, &kept_eval->mse, sizeof e.mse);
        free(text);
        mlp_predict_eval_free(&e);
    }
    /* The sums in the two orders a, b, c and c, a, b differ somewhere: the
     * orders above would tell a committee summed as given. */
    mlp_error err;
    mlp_workspace *ws[3];
    const double *y[3];
    const mlp_net *nets[3] = {a, b, c};
    for (size_t k = 0; k < 3; k++) {
        ws[k] = mlp_workspace_create(nets[k], p.data.n_rows, &err);
        assert_non_null(ws[k]);
        y[k] = mlp_net_forward(nets[k], ws[k], p.data.X, p.data.n_rows);
    }
    size_t differ = 0;
    for (size_t i = 0; i < 2 * p.data.n_rows; i++)
        differ += (y[0][i] + y[1][i]) + y[2][i] != (y[2][i] + y[0][i]) + y[1][i];
    assert_true(differ > 0);
    for (size_t k = 0; k < 3; k++)
        mlp_workspace_free(ws[k]);
    free(first);
    free(first_twice);
    mlp_predict_eval_free(&e0);
    mlp_predict_eval_free(&e0_twice);
    for (size_t k = 0; k < 3; k++)
        mlp_net_free((mlp_net *)nets[k]);
    unload(&p);
}

/* A committee of one model twice predicts exactly that model's outputs
 * ((y + y) / 2 = y in binary floating point); its loss, from the mean
 * outputs rather than the logits, agrees to rounding (test_loss.c). */
static void a_model_twice_should_be_the_model(void **state)
{
    (void)state;
    problem p;
    load(MOONS, &p);
    mlp_net *net = moons_net(7), *other = moons_net(8);
    const mlp_net *one[1] = {net}, *twice[2] = {net, net}, *pair[2] = {net, other};
    const mlp_dataset *data[2] = {&p.data, &p.data};
    mlp_predict_eval e1, e2, e3;
    char *t1 = predict_text(one, data, 1, &p.schema, &e1);
    char *t2 = predict_text(twice, data, 2, &p.schema, &e2);
    char *t3 = predict_text(pair, data, 2, &p.schema, &e3);
    assert_string_equal(t1, t2);
    assert_string_not_equal(t1, t3); /* two different models are not the first */
    assert_close(e2.mse, e1.mse, 0);
    assert_close(e2.accuracy, e1.accuracy, 0);
    assert_close(e2.loss, e1.loss, 1e-13);
    assert_memory_equal(e1.confusion, e2.confusion, 4 * sizeof *e1.confusion);
    /* mlp_predict_run is the committee of one. */
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    mlp_predict_eval e0;
    mlp_error err;
    assert_int_equal(mlp_predict_run(net, &p.schema, &p.data, out, &e0, &err), MLP_OK);
    fclose(out);
    assert_string_equal(text, t1);
    assert_close(e0.loss, e1.loss, 0);
    free(text);
    free(t1);
    free(t2);
    free(t3);
    mlp_predict_eval_free(&e0);
    mlp_predict_eval_free(&e1);
    mlp_predict_eval_free(&e2);
    mlp_predict_eval_free(&e3);
    mlp_net_free(net);
    mlp_net_free(other);
    unload(&p);
}

/* Members whose outputs mean different things are refused, naming the
 * member and the first model. */
static void committee_should_refuse_models_of_other_tasks(void **state)
{
    (void)state;
    problem a, b;
    load(MOONS, &a);
    load(MOONS, &b);
    mlp_net *moons = moons_net(1);
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(
        mlp_predict_check_committee(moons, &a.schema, "a.bin", moons, &b.schema, "b.bin", &err),
        MLP_OK);

    /* Another output layer and loss: one sigmoid unit. */
    size_t sizes[] = {2, 4, 1};
    mlp_activation acts[] = {MLP_ACT_TANH, MLP_ACT_SIGMOID};
    mlp_net *xor = mlp_net_create(2, sizes, acts, MLP_LOSS_BINARY_CROSS_ENTROPY, &err);
    assert_non_null(xor);
    assert_int_equal(
        mlp_predict_check_committee(moons, &a.schema, "a.bin", xor, &b.schema, "b.bin", &err),
        MLP_ERR_WEIGHTS);
    assert_string_equal(err.path, "b.bin");
    assert_string_equal(err.message,
                        "this model has 1 sigmoid output and the binary_cross_entropy loss but "
                        "the committee's first model, a.bin, has 2 softmax outputs and the "
                        "cross_entropy loss");

    /* The same network, labels in another order: unit 0 means another class. */
    char *swap = b.schema.labels[0];
    b.schema.labels[0] = b.schema.labels[1];
    b.schema.labels[1] = swap;
    assert_int_equal(
        mlp_predict_check_committee(moons, &a.schema, "a.bin", moons, &b.schema, "b.bin", &err),
        MLP_ERR_WEIGHTS);
    assert_string_equal(err.message,
                        "this model's class labels are \"1\", \"0\" but those of a.bin are "
                        "\"0\", \"1\"");
    assert_non_null(strstr(err.hint, "a committee averages models of one task"));
    b.schema.labels[1] = b.schema.labels[0];
    b.schema.labels[0] = swap;

    /* Regressions: the target names, when both came from a header. */
    a.schema.n_labels = b.schema.n_labels = 0;
    assert_int_equal(mlp_schema_check_same_outputs(&a.schema, "a.bin", &b.schema, "b.bin", "h",
                                                   &err),
                     MLP_OK);
    b.schema.target_names[0][0] = 'X';
    assert_int_equal(mlp_schema_check_same_outputs(&a.schema, "a.bin", &b.schema, "b.bin", "h",
                                                   &err),
                     MLP_ERR_WEIGHTS);
    assert_string_equal(err.message,
                        "this model's targets are \"Xabel\" but those of a.bin are \"label\"");
    b.schema.names_from_header = 0; /* matched by position: names are not compared */
    assert_int_equal(mlp_schema_check_same_outputs(&a.schema, "a.bin", &b.schema, "b.bin", "h",
                                                   &err),
                     MLP_OK);
    b.schema.names_from_header = 1;
    a.schema.n_labels = b.schema.n_labels = 2;

    mlp_net_free(xor);
    mlp_net_free(moons);
    unload(&a);
    unload(&b);
}

/* A committee of no model, of data sets that are not one file's rows or
 * not as wide as their models' inputs, or of models with outputs of other
 * sizes, is refused before anything is written. */
static void committee_should_refuse_no_model_and_other_rows(void **state)
{
    (void)state;
    problem p;
    load(MOONS, &p);
    mlp_net *net = moons_net(1);
    const mlp_net *nets[2] = {net, net};
    mlp_dataset fewer = p.data;
    fewer.n_rows -= 1;
    const mlp_dataset *data[2] = {&p.data, &fewer};
    mlp_error err;
    mlp_predict_eval eval;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    assert_int_equal(mlp_predict_committee(nets, data, 0, &p.schema, out, &eval, &err),
                     MLP_ERR_USAGE);
    assert_string_equal(err.message, "a committee needs a model");
    assert_true(isnan(eval.loss) && eval.confusion == NULL); /* filled even so */
    assert_int_equal(mlp_predict_committee(nets, data, 2, &p.schema, out, &eval, &err),
                     MLP_ERR_USAGE);
    assert_string_equal(err.message, "the data set of model 2 has 199 rows but that of model 1 "
                                     "has 200 (each must be the same file's rows)");
    /* Rows narrower than the model's inputs, or models of other widths,
     * would be read past their ends: refused whoever calls. */
    mlp_dataset narrow = p.data;
    narrow.n_features = 1;
    data[1] = &narrow;
    assert_int_equal(mlp_predict_committee(nets, data, 2, &p.schema, out, &eval, &err),
                     MLP_ERR_USAGE);
    assert_string_equal(err.message,
                        "the data set of model 2 has 1 feature but the model has 2 inputs");
    /* The committee of one (mlp_predict_run) has no "model 1" to name. */
    assert_int_equal(mlp_predict_run(nets[0], &p.schema, &narrow, out, NULL, &err),
                     MLP_ERR_USAGE);
    assert_string_equal(err.message, "the data set has 1 feature but the model has 2 inputs");
    size_t sizes[] = {2, 4, 1};
    mlp_activation acts[] = {MLP_ACT_TANH, MLP_ACT_SIGMOID};
    mlp_net *one = mlp_net_create(2, sizes, acts, MLP_LOSS_BINARY_CROSS_ENTROPY, &err);
    assert_non_null(one);
    nets[1] = one;
    data[1] = &p.data;
    assert_int_equal(mlp_predict_committee(nets, data, 2, &p.schema, out, &eval, &err),
                     MLP_ERR_USAGE);
    assert_string_equal(err.message, "model 2 has 1 output but model 1 has 2 "
                                     "(mlp_predict_check_committee refuses such a committee)");
    mlp_net_free(one);
    fclose(out);
    assert_int_equal(len, 0);
    free(text);
    mlp_net_free(net);
    unload(&p);
}

/* The schema is the model's, or the run is refused before a row is read
 * or written: one of another model was taken silently, its labels read past
 * their end (3 labels: a third probability read beyond each row's 2
 * outputs) or its header naming other columns than the rows held; and
 * targets of another width were read past their rows. */
static void predict_should_refuse_a_schema_of_another_model(void **state)
{
    (void)state;
    problem p;
    load(MOONS, &p);
    mlp_net *net = moons_net(1); /* 2 softmax outputs; p.schema fits it */
    mlp_error err;
    mlp_predict_eval eval;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);

    char *three[3] = {"a", "b", "c"};
    mlp_schema labels3 = p.schema;
    labels3.n_labels = 3;
    labels3.labels = three;
    assert_int_equal(mlp_predict_run(net, &labels3, &p.data, out, &eval, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "the schema is not the model's: 3 class labels for 2 "
                                     "outputs (expected 0 or 2)");
    assert_true(isnan(eval.loss) && eval.confusion == NULL);

    mlp_schema wider = p.schema;
    wider.n_outputs = 3;
    assert_int_equal(mlp_predict_run(net, &wider, &p.data, NULL, NULL, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "the schema is not the model's: it has 3 outputs, the "
                                     "model 2");

    /* A regression's header: a target name per output column. */
    char *one_name[1] = {"y"};
    mlp_schema regression = {.n_outputs = 2, .n_targets = 1, .target_names = one_name};
    mlp_dataset rows = p.data;
    rows.Y = NULL;
    assert_int_equal(mlp_predict_run(net, &regression, &rows, out, NULL, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "the schema is not the model's: 1 target name for 2 "
                                     "outputs");
    mlp_schema unnamed = p.schema;
    unnamed.labels = NULL;
    assert_int_equal(mlp_predict_run(net, &unnamed, &p.data, NULL, NULL, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "the schema is not the model's: a class label is NULL");

    mlp_dataset narrow_targets = p.data;
    narrow_targets.n_outputs = 1;
    assert_int_equal(mlp_predict_run(net, &p.schema, &narrow_targets, NULL, &eval, &err),
                     MLP_ERR_USAGE);
    assert_string_equal(err.message, "the data set has 1 target column but the model 2 outputs");

    /* Nothing was written; the schema that fits still runs. */
    fflush(out);
    assert_int_equal(len, 0);
    assert_int_equal(mlp_predict_run(net, &p.schema, &p.data, out, &eval, &err), MLP_OK);
    mlp_predict_eval_free(&eval);
    fclose(out);
    free(text);
    mlp_net_free(net);
    unload(&p);
}

/* Two regressions whose outputs are finite but add up past DBL_MAX: the
 * mean is refused with the row, as one model's non-finite output is,
 * rather than printed as inf. */
static void committee_mean_that_overflows_should_be_refused(void **state)
{
    (void)state;
    size_t sizes[] = {1, 1};
    mlp_activation acts[] = {MLP_ACT_LINEAR};
    mlp_error err;
    mlp_net *big = mlp_net_create(1, sizes, acts, MLP_LOSS_MSE, &err);
    assert_non_null(big);
    big->layers[0].b[0] = 1.5e308; /* W = 0: every output is 1.5e308 */
    double x[2] = {0.0, 1.0};
    mlp_dataset rows = {.n_rows = 2, .n_features = 1, .n_outputs = 1, .X = x, .Y = NULL};
    char *target = "y";
    mlp_schema schema = {.n_features = 1, .n_targets = 1, .target_names = &target,
                         .n_outputs = 1};
    const mlp_net *nets[2] = {big, big};
    const mlp_dataset *data[2] = {&rows, &rows};
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    assert_int_equal(mlp_predict_committee(nets, data, 1, &schema, out, NULL, &err), MLP_OK);
    assert_int_equal(mlp_predict_committee(nets, data, 2, &schema, out, NULL, &err),
                     MLP_ERR_DATA);
    assert_string_equal(err.message, "data row 1: the committee's mean output is not a finite "
                                     "number (its models' outputs are too large to add)");
    fclose(out);
    free(text);
    mlp_net_free(big);
}

/* Models share one data set only when they read the rows into the same
 * inputs, to the bit. */
static void same_inputs_should_compare_columns_and_statistics(void **state)
{
    (void)state;
    problem a, b;
    load(MOONS, &a);
    load(MOONS, &b);
    assert_int_equal(a.schema.normalize, MLP_NORMALIZE_STANDARD);
    assert_true(mlp_schema_same_inputs(&a.schema, &b.schema));
    b.schema.mean[1] = nextafter(b.schema.mean[1], INFINITY);
    assert_false(mlp_schema_same_inputs(&a.schema, &b.schema));
    b.schema.mean[1] = a.schema.mean[1];
    b.schema.std[0] *= 2.0;
    assert_false(mlp_schema_same_inputs(&a.schema, &b.schema));
    b.schema.std[0] = a.schema.std[0];
    b.schema.feature_names[1][1] = '9';
    assert_false(mlp_schema_same_inputs(&a.schema, &b.schema));
    b.schema.names_from_header = 0;
    a.schema.names_from_header = 0; /* by position: the names do not matter */
    assert_true(mlp_schema_same_inputs(&a.schema, &b.schema));
    b.schema.normalize = MLP_NORMALIZE_NONE;
    assert_false(mlp_schema_same_inputs(&a.schema, &b.schema));
    b.schema.normalize = MLP_NORMALIZE_STANDARD;
    unload(&a);
    unload(&b);
}

/* The R^2 of a regression: for each output 1 - sum (y - t)^2 over
 * sum (t - mean t)^2, the mean computed first (two passes, the textbook
 * form), averaged over the outputs; NaN for a constant target column and
 * for classification. 1000 rows cross the prediction's chunks, whose
 * one-pass sums must agree with the two passes here. */
static void regression_should_report_r2_against_two_passes(void **state)
{
    (void)state;
    enum { N = 1000, OUT = 2 };
    size_t sizes[] = {1, 4, OUT};
    mlp_activation acts[] = {MLP_ACT_TANH, MLP_ACT_LINEAR};
    mlp_error err;
    mlp_net *net = mlp_net_create(2, sizes, acts, MLP_LOSS_MSE, &err);
    assert_non_null(net);
    mlp_net_init(net, MLP_INIT_XAVIER, 3);
    static double X[N], Y[N * OUT];
    for (size_t i = 0; i < N; i++) {
        X[i] = (double)i / N - 0.5;
        Y[i * OUT] = 1e6 + sin(6.0 * X[i]); /* a large offset: a one-pass sum of squares */
        Y[i * OUT + 1] = X[i] * X[i];       /* would lose the spread to cancellation */
    }
    mlp_dataset data = {.n_rows = N, .n_features = 1, .n_outputs = OUT, .X = X, .Y = Y};
    mlp_schema schema = {.n_outputs = OUT};
    mlp_predict_eval eval;
    assert_int_equal(mlp_predict_run(net, &schema, &data, NULL, &eval, &err), MLP_OK);
    mlp_workspace *ws = mlp_workspace_create(net, N, &err);
    assert_non_null(ws);
    const double *y = mlp_net_forward(net, ws, X, N);
    double r2 = 0.0;
    for (size_t j = 0; j < OUT; j++) {
        double mean = 0.0, res = 0.0, tot = 0.0;
        for (size_t i = 0; i < N; i++)
            mean += Y[i * OUT + j] / N;
        for (size_t i = 0; i < N; i++) {
            res += (y[i * OUT + j] - Y[i * OUT + j]) * (y[i * OUT + j] - Y[i * OUT + j]);
            tot += (Y[i * OUT + j] - mean) * (Y[i * OUT + j] - mean);
        }
        r2 += (1.0 - res / tot) / OUT;
    }
    /* The untrained net misses the offset of 1e6 by far: R^2 is about
     * -1e12 / 0.5, so its relative agreement is what is checked. */
    assert_true(r2 < -1e9);
    assert_close(eval.r2, r2, 1e-9 * fabs(r2));
    assert_true(isnan(eval.accuracy));

    /* A constant target column: R^2 undefined. */
    for (size_t i = 0; i < N; i++)
        Y[i * OUT + 1] = 2.0;
    assert_int_equal(mlp_predict_run(net, &schema, &data, NULL, &eval, &err), MLP_OK);
    assert_true(isnan(eval.r2));
    /* Without targets: nothing to compare. */
    data.Y = NULL;
    assert_int_equal(mlp_predict_run(net, &schema, &data, NULL, &eval, &err), MLP_OK);
    assert_true(isnan(eval.r2) && isnan(eval.mse));
    mlp_workspace_free(ws);
    mlp_net_free(net);
}

/* R^2 is the same number at any scale of the targets: targets and outputs
 * 2^664 (1e200) or 2^-664 times those of a tame fit give its R^2 bit for bit
 * (the sums are kept scaled, and scaling by a power of two is exact). The
 * squares of 1e200 overflowed to inf and those of 1e-200 underflowed to 0,
 * so R^2 was inf/inf or x/0 = NaN and mlppredict said "a target column is
 * constant". Now NaN only for a constant column, which that message says. */
static void r2_should_not_depend_on_the_scale_of_the_targets(void **state)
{
    (void)state;
    size_t sizes[] = {1, 1};
    mlp_activation acts[] = {MLP_ACT_LINEAR};
    mlp_error err;
    mlp_net *net = mlp_net_create(1, sizes, acts, MLP_LOSS_MSE, &err);
    assert_non_null(net);
    double X[4] = {0, 1, 2, 3}, T[4] = {0.1, 1.3, 1.9, 3.2}, Y[4];
    mlp_dataset data = {.n_rows = 4, .n_features = 1, .n_outputs = 1, .X = X, .Y = Y};
    mlp_schema schema = {.n_outputs = 1};
    double got[3];
    const int shift[3] = {0, 664, -664};
    for (int k = 0; k < 3; k++) {
        double u = ldexp(1.0, shift[k]);
        net->params[0] = u; /* y = u x, the bias 0 */
        net->params[1] = 0;
        for (size_t i = 0; i < 4; i++)
            Y[i] = T[i] * u;
        mlp_predict_eval eval;
        assert_int_equal(mlp_predict_run(net, &schema, &data, NULL, &eval, &err), MLP_OK);
        got[k] = eval.r2;
    }
    /* 1 - (0.01 + 0.09 + 0.01 + 0.04) / (1.525^2 + 0.325^2 + 0.275^2 + 1.575^2) */
    assert_close(got[0], 1.0 - 0.15 / 4.9875, 1e-14);
    assert_true(got[1] == got[0] && got[2] == got[0]);
    /* A constant target column, of 1e200 or, in the first 3 rows, of 0.1
     * (scaled to 0.8, whose computed mean over 3 rows is 0.8000000000000002):
     * undefined, the one reason left. */
    net->params[0] = 1;
    for (int k = 0; k < 2; k++) {
        data.n_rows = k ? 3 : 4;
        for (size_t i = 0; i < 4; i++)
            Y[i] = k ? 0.1 : 1e200;
        mlp_predict_eval eval;
        assert_int_equal(mlp_predict_run(net, &schema, &data, NULL, &eval, &err), MLP_OK);
        assert_true(isnan(eval.r2));
    }
    mlp_net_free(net);
}

/* A classifier has no R^2 (its accuracy and confusion matrix say more). */
static void classification_should_have_no_r2(void **state)
{
    (void)state;
    problem p;
    load(MOONS, &p);
    mlp_net *net = moons_net(5);
    mlp_predict_eval eval;
    mlp_error err;
    assert_int_equal(mlp_predict_run(net, &p.schema, &p.data, NULL, &eval, &err), MLP_OK);
    assert_true(isnan(eval.r2));
    assert_false(isnan(eval.accuracy));
    mlp_predict_eval_free(&eval);
    mlp_net_free(net);
    unload(&p);
}

/* 0/1 targets of a model without labels (a sigmoid output trained with
 * mse: the weights file stores a regression) are counted as classes when
 * mlptrain counts them (mlp_fit_class_targets), so --evaluate says what
 * mlptrain's summary said; they were given an R^2. y = sigmoid(x) predicts
 * class 1 for x > 0: on x = -2, -1, 1, 2, 3 with t = 0, 1, 1, 0, 1 rows 1,
 * 3 and 5 are right (3/5), and [true][predicted] = {1, 1; 1, 2}. Targets
 * other than 0/1, of one class only, or under one linear unit stay a
 * regression, as in mlptrain. */
static void class_targets_should_be_counted_as_mlptrain_counts_them(void **state)
{
    (void)state;
    size_t sizes[] = {1, 1};
    mlp_activation acts[] = {MLP_ACT_SIGMOID};
    mlp_error err;
    mlp_net *net = mlp_net_create(1, sizes, acts, MLP_LOSS_MSE, &err);
    assert_non_null(net);
    net->params[0] = 1.0; /* W: y = sigmoid(x) */
    net->params[1] = 0.0; /* b */
    double X[5] = {-2, -1, 1, 2, 3}, Y[5] = {0, 1, 1, 0, 1};
    mlp_dataset data = {.n_rows = 5, .n_features = 1, .n_outputs = 1, .X = X, .Y = Y};
    char *names[] = {"y"};
    mlp_schema schema = {.n_outputs = 1, .n_targets = 1, .target_names = names};
    mlp_predict_eval eval;
    assert_true(mlp_fit_class_targets(&data, MLP_ACT_SIGMOID));
    assert_int_equal(mlp_predict_count_classes(net, &schema, &data), 2); /* mlpplot fit asks it */
    assert_int_equal(mlp_predict_run(net, &schema, &data, NULL, &eval, &err), MLP_OK);
    assert_close(eval.accuracy, 3.0 / 5.0, 0);
    assert_true(isnan(eval.r2));
    assert_int_equal(eval.n_classes, 2);
    assert_non_null(eval.confusion);
    const size_t want[4] = {1, 1, 1, 2};
    for (size_t k = 0; k < 4; k++)
        assert_int_equal(eval.confusion[k], want[k]);
    mlp_predict_eval_free(&eval);
    /* Not classes, as mlptrain decides: a target of 0.5; one class only; one
     * linear unit. Each a regression: R^2 (NaN for the constant column of
     * one class), no accuracy, no matrix. */
    for (int k = 0; k < 3; k++) {
        double T[5] = {0, 1, 0.5, 0, 1}, ones[5] = {1, 1, 1, 1, 1};
        data.Y = k == 0 ? T : k == 1 ? ones : Y;
        net->layers[0].act = k == 2 ? MLP_ACT_LINEAR : MLP_ACT_SIGMOID;
        assert_false(mlp_fit_class_targets(&data, net->layers[0].act));
        assert_int_equal(mlp_predict_count_classes(net, &schema, &data), 0);
        assert_int_equal(mlp_predict_run(net, &schema, &data, NULL, &eval, &err), MLP_OK);
        assert_true(isnan(eval.accuracy));
        assert_true(eval.n_classes == 0 && eval.confusion == NULL);
        assert_true(k == 1 ? isnan(eval.r2) : isfinite(eval.r2));
    }
    mlp_net_free(net);
}

/* Regression: "p_" + label was cut at 511 bytes, so two long labels that
 * differ only at their ends gave two equal header cells, and the
 * predictions file could not be read back (duplicate column name). */
static void header_should_keep_long_labels_whole(void **state)
{
    (void)state;
    static char a[601], b[601];
    memset(a, 'x', 599);
    memcpy(b, a, 599);
    a[599] = 'A';
    b[599] = 'B';
    char *labels[] = {a, b};
    mlp_schema schema = {.n_labels = 2, .labels = labels};
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    mlp_predict_write_header(out, &schema, MLP_ACT_SOFTMAX);
    fputs("0,0.5,0.5\n", out);
    assert_int_equal(fclose(out), 0);
    mlp_csv csv;
    mlp_error err;
    mlp_status st = mlp_csv_parse(text, len, "pred.csv", &csv, &err);
    if (st)
        fail_msg("%s", err.message);
    assert_int_equal(csv.n_cols, 3);
    assert_int_equal(strlen(csv.cols[1].name), 602);
    assert_string_equal(csv.cols[2].name + 2, b);
    mlp_csv_free(&csv);
    free(text);
}

/* The rows of csv_text (a file "in.csv") for schema: the status, and with
 * MLP_OK the set's first row into x0 (the features as the model reads them). */
static mlp_status rows_for(const char *csv_text, const mlp_schema *schema, int targets,
                           double *x0, mlp_error *err)
{
    mlp_csv csv;
    mlp_error_clear(err);
    if (mlp_csv_parse(csv_text, strlen(csv_text), "in.csv", &csv, err))
        fail_msg("%s", err->message);
    mlp_dataset data = {0};
    mlp_status st = mlp_dataset_with_schema(&csv, schema, targets, &data, err);
    if (!st)
        memcpy(x0, data.X, schema->n_features * sizeof *x0);
    mlp_dataset_free(&data);
    mlp_csv_free(&csv);
    return st;
}

/* A model that reads its features by header name (trained on "x1,x2,label"
 * with "features": ["x2", "x1"]) does not know where each stood in its
 * training file: a file without a header, read by position, gave it x1 for
 * x2 (moons: accuracy 40% for 97.5%, exit 0). Refused at the first row,
 * whether targets are read or not; a model trained without a header reads
 * the same rows by position, as before. */
static void a_model_read_by_name_should_refuse_a_file_without_a_header(void **state)
{
    (void)state;
    char *features[] = {"x2", "x1"}, *targets[] = {"label"}, *labels[] = {"0", "1"};
    mlp_schema named = {.n_features = 2, .feature_names = features, .names_from_header = 1,
                        .n_targets = 1, .target_names = targets, .n_outputs = 2,
                        .n_labels = 2, .labels = labels};
    const char *headerless = "\n0.5,-1,1\n2,3,0\n";
    const char *want = "the file has no header row, but the model reads its features by header "
                       "name (\"x2\", \"x1\")";
    const char *hint = "add a header line that names each column of the file, \"x2,x1,label\" "
                       "if they stand in that order";
    int modes[] = {MLP_TARGETS_REQUIRED, MLP_TARGETS_IF_PRESENT, MLP_TARGETS_IGNORED};
    double x[2];
    mlp_error err;
    for (size_t m = 0; m < 3; m++) {
        assert_int_equal(rows_for(headerless, &named, modes[m], x, &err), MLP_ERR_DATA);
        assert_string_equal(err.message, want);
        assert_string_equal(err.hint, hint);
        assert_string_equal(err.path, "in.csv");
        assert_int_equal(err.line, 2); /* the first row, below a blank line */
    }
    /* The features only: the line to add names them alone. */
    assert_int_equal(rows_for("0.5,-1\n", &named, MLP_TARGETS_IGNORED, x, &err), MLP_ERR_DATA);
    assert_string_equal(err.hint, "add a header line that names each column of the file, "
                                  "\"x2,x1\" if they stand in that order");
    /* With the header the hint gives, the columns are found by name. */
    assert_int_equal(rows_for("x2,x1,label\n0.5,-1,1\n", &named, MLP_TARGETS_REQUIRED, x, &err),
                     MLP_OK);
    assert_true(x[0] == 0.5 && x[1] == -1.0);
    assert_int_equal(rows_for("x1,x2,label\n0.5,-1,1\n", &named, MLP_TARGETS_REQUIRED, x, &err),
                     MLP_OK);
    assert_true(x[0] == -1.0 && x[1] == 0.5);
    /* Trained without a header: by position, header or not. */
    char *pos[] = {"column 1", "column 2"}, *pos_y[] = {"column 3"};
    mlp_schema positional = named;
    positional.feature_names = pos;
    positional.target_names = pos_y;
    positional.names_from_header = 0;
    assert_int_equal(rows_for(headerless, &positional, MLP_TARGETS_REQUIRED, x, &err), MLP_OK);
    assert_true(x[0] == 0.5 && x[1] == -1.0);
}

/* A model trained on the labels "1", "1.0" and "a" (two ways of writing
 * one number are two labels): a cell "1.00" is no label's text, and as a
 * number it is both "1" and "1.0". It was counted as whichever the search
 * found ("1.0"), silently; it is refused at its cell, naming both. A
 * label's own text still finds it; in a column of numbers (no text kept)
 * even "1" is that number alone, which the hint says. */
static void a_number_of_two_labels_should_be_refused(void **state)
{
    (void)state;
    char *features[] = {"x1", "x2"}, *targets[] = {"label"}, *labels[] = {"1", "1.0", "a"};
    mlp_schema schema = {.n_features = 2, .feature_names = features, .names_from_header = 1,
                         .n_targets = 1, .target_names = targets, .n_outputs = 3,
                         .n_labels = 3, .labels = labels};
    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    const char *exact = "x1,x2,label\n0,0,1.0\n0,1,1\n1,0,a\n";
    if (mlp_csv_parse(exact, strlen(exact), "in.csv", &csv, &err))
        fail_msg("%s", err.message);
    mlp_dataset data = {0};
    if (mlp_dataset_with_schema(&csv, &schema, MLP_TARGETS_REQUIRED, &data, &err))
        fail_msg("%s", err.message);
    const double want[] = {0, 1, 0, 1, 0, 0, 0, 0, 1}; /* "1.0", "1", "a" one-hot */
    assert_memory_equal(data.Y, want, sizeof want);
    mlp_dataset_free(&data);
    mlp_csv_free(&csv);
    double x[2];
    assert_int_equal(rows_for("x1,x2,label\n0,0,a\n0,1,1.00\n", &schema, MLP_TARGETS_REQUIRED,
                              x, &err),
                     MLP_ERR_DATA);
    assert_string_equal(err.message, "label \"1.00\" in column \"label\" is the number of the "
                                     "labels \"1\" and \"1.0\"");
    assert_string_equal(err.hint, "the model cannot tell which class it is: write the label as "
                                  "the training data did, \"1\" or \"1.0\"");
    assert_true(err.line == 3 && err.col == 5);
    /* A column of numbers: the cell "1" is read as the number 1. */
    assert_int_equal(rows_for("x1,x2,label\n0,0,1\n", &schema, MLP_TARGETS_REQUIRED, x, &err),
                     MLP_ERR_DATA);
    assert_string_equal(err.message, "label 1 in column \"label\" is the number of the labels "
                                     "\"1\" and \"1.0\"");
    assert_non_null(strstr(err.hint, "a column of numbers is read by value"));
    /* Prediction alone does not read the labels. */
    assert_int_equal(rows_for("x1,x2,label\n0,0,1.00\n", &schema, MLP_TARGETS_IGNORED, x, &err),
                     MLP_OK);
}

/* Labels on an output that gives no probabilities: out_<label> columns, the
 * values as they are (one unit: y alone, under the second label); p_<label>
 * and 1 - y, y only for sigmoid and softmax. */
static void non_probability_outputs_should_not_be_headed_p(void **state)
{
    (void)state;
    char *labels[] = {"no", "yes"};
    mlp_schema two = {.n_labels = 2, .labels = labels, .n_outputs = 2};
    mlp_schema one = {.n_labels = 2, .labels = labels, .n_outputs = 1};
    mlp_schema reg = {.n_targets = 0};
    assert_false(mlp_predict_probability_columns(&two, MLP_ACT_TANH));
    assert_false(mlp_predict_probability_columns(&two, MLP_ACT_LINEAR));
    assert_false(mlp_predict_probability_columns(&two, MLP_ACT_RELU));
    assert_true(mlp_predict_probability_columns(&two, MLP_ACT_SOFTMAX));
    assert_true(mlp_predict_probability_columns(&one, MLP_ACT_SIGMOID));
    assert_false(mlp_predict_probability_columns(&reg, MLP_ACT_SIGMOID));
    double y2[2] = {1.0529, -0.0529}, y1[1] = {-0.25};
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    mlp_predict_write_header(out, &two, MLP_ACT_TANH);
    mlp_predict_write_row(out, &two, MLP_ACT_TANH, y2, 2);
    mlp_predict_write_header(out, &one, MLP_ACT_LINEAR);
    mlp_predict_write_row(out, &one, MLP_ACT_LINEAR, y1, 1);
    mlp_predict_write_header(out, &two, MLP_ACT_SOFTMAX);
    mlp_predict_write_header(out, &one, MLP_ACT_SIGMOID);
    mlp_predict_write_row(out, &one, MLP_ACT_SIGMOID, y1, 1);
    assert_int_equal(fclose(out), 0);
    assert_string_equal(text, "label,out_no,out_yes\nno,1.0529,-0.0529\n"
                              "label,out_yes\nno,-0.25\n"
                              "label,p_no,p_yes\n"
                              "label,p_no,p_yes\nno,1.25,-0.25\n");
    free(text);
}

/* mlp_predict_write_row writes each number as the shortest text that reads
 * back as the same double (the loss log's formatter), not printf's %.17g:
 * 0.1 is "0.1", not "0.10000000000000001"; every value, a sigmoid pair's
 * 1 - y included, reads back (strtod) bit for bit. */
static void rows_should_be_shortest_and_read_back_exactly(void **state)
{
    (void)state;
    char *names[] = {"a", "b", "c"};
    char *labels[] = {"no", "yes"};
    mlp_schema reg = {.n_targets = 3, .target_names = names};
    mlp_schema cls = {.n_labels = 2, .labels = labels};
    uint64_t x = 88172645463325252u;
    for (int round = 0; round < 2000; round++) {
        double y[3];
        for (int j = 0; j < 3; j++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            /* probabilities, tiny ones and signed regression outputs */
            double u = (double)(x >> 11) / 9007199254740992.0;
            y[j] = j == 0 ? u : j == 1 ? u * 1e-9 : (u - 0.5) * 1e6;
        }
        if (round == 0)
            y[0] = 0.1, y[1] = 0.25, y[2] = -3.0;
        char *text = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&text, &len);
        assert_non_null(out);
        mlp_predict_write_row(out, &reg, MLP_ACT_LINEAR, y, 3);
        mlp_predict_write_row(out, &cls, MLP_ACT_SIGMOID, y, 1);
        assert_int_equal(fclose(out), 0);
        if (round == 0)
            assert_string_equal(text, "0.1,0.25,-3\nno,0.9,0.1\n");
        /* regression: the three outputs; then the label and 1 - y, y */
        double want[5] = {y[0], y[1], y[2], 1.0 - y[0], y[0]};
        const char *p = text;
        for (int k = 0; k < 5; k++) {
            if (k == 3) {
                p = strchr(p, ',');
                assert_non_null(p);
                p++;
            }
            char *end;
            double got = strtod(p, &end);
            assert_true(end > p);
            assert_memory_equal(&got, &want[k], sizeof got);
            char full[32];
            /* never longer than %.17g */
            assert_true((size_t)(end - p) <= (size_t)snprintf(full, sizeof full, "%.17g", want[k]));
            p = end + 1;
        }
        assert_true(p == text + len);
        free(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(committee_should_predict_the_mean_of_its_models),
        cmocka_unit_test(regression_should_report_r2_against_two_passes),
        cmocka_unit_test(r2_should_not_depend_on_the_scale_of_the_targets),
        cmocka_unit_test(classification_should_have_no_r2),
        cmocka_unit_test(class_targets_should_be_counted_as_mlptrain_counts_them),
        cmocka_unit_test(header_should_keep_long_labels_whole),
        cmocka_unit_test(non_probability_outputs_should_not_be_headed_p),
        cmocka_unit_test(a_model_twice_should_be_the_model),
        cmocka_unit_test(committee_should_not_depend_on_the_order_of_its_models),
        cmocka_unit_test(committee_should_refuse_models_of_other_tasks),
        cmocka_unit_test(committee_should_refuse_no_model_and_other_rows),
        cmocka_unit_test(committee_mean_that_overflows_should_be_refused),
        cmocka_unit_test(predict_should_refuse_a_schema_of_another_model),
        cmocka_unit_test(same_inputs_should_compare_columns_and_statistics),
        cmocka_unit_test(rows_should_be_shortest_and_read_back_exactly),
        cmocka_unit_test(a_model_read_by_name_should_refuse_a_file_without_a_header),
        cmocka_unit_test(a_number_of_two_labels_should_be_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
