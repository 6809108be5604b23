/* SPDX-License-Identifier: MIT */
/* test_trace.c: the trace of a hand-sized network (2 -> 2 tanh -> 1
 * sigmoid, binary cross-entropy, 2 rows) equals values computed here by
 * hand, scalar by scalar, and the constants below computed with numpy;
 * every step is there in order with its shape and formula; the one-row
 * trace is the batch of that row alone; tracing leaves the network as it
 * was; the JSON and CSV files hold the same numbers; with l2 the data
 * gradient dW stays as it is and gW, the gradient the update uses, passes
 * the finite-difference check of loss + penalty that dW fails. */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "alloc.h"
#include "mlp/gradcheck.h"
#include "mlp/optimizer.h"
#include "mlp/trace.h"

static const double X[] = {1, 2, -1, 0.5}, T[] = {1, 0};
static const double W1[] = {0.1, -0.2, 0.3, 0.4}, B1[] = {0.05, -0.05};
static const double W2[] = {0.5, -0.6}, B2[] = {0.1};

static mlp_net *hand_net(void)
{
    size_t sizes[] = {2, 2, 1};
    mlp_activation acts[] = {MLP_ACT_TANH, MLP_ACT_SIGMOID};
    mlp_error err;
    mlp_net *net = mlp_net_create(2, sizes, acts, MLP_LOSS_BINARY_CROSS_ENTROPY, &err);
    assert_non_null(net);
    memcpy(net->layers[0].W, W1, sizeof W1);
    memcpy(net->layers[0].b, B1, sizeof B1);
    memcpy(net->layers[1].W, W2, sizeof W2);
    memcpy(net->layers[1].b, B2, sizeof B2);
    return net;
}

/* The pass worked out scalar by scalar for rows r0 .. r0+n-1. */
typedef struct {
    double Z1[2][2], A1[2][2], Z2[2], A2[2], loss, dZ2[2], dW2[2], db2, dA1[2][2], dZ1[2][2],
        dW1[2][2], db1[2];
} by_hand;

static void compute(size_t r0, size_t n, by_hand *h)
{
    memset(h, 0, sizeof *h);
    for (size_t r = 0; r < n; r++) {
        const double *x = X + 2 * (r0 + r);
        double t = T[r0 + r];
        for (int i = 0; i < 2; i++) {
            h->Z1[r][i] = B1[i] + x[0] * W1[2 * i] + x[1] * W1[2 * i + 1];
            h->A1[r][i] = tanh(h->Z1[r][i]);
        }
        h->Z2[r] = B2[0] + h->A1[r][0] * W2[0] + h->A1[r][1] * W2[1];
        h->A2[r] = 1 / (1 + exp(-h->Z2[r]));
        h->loss += -(t * log(h->A2[r]) + (1 - t) * log(1 - h->A2[r])) / (double)n;
        h->dZ2[r] = (h->A2[r] - t) / (double)n;
        h->db2 += h->dZ2[r];
        for (int i = 0; i < 2; i++) {
            h->dW2[i] += h->dZ2[r] * h->A1[r][i];
            h->dA1[r][i] = h->dZ2[r] * W2[i];
            h->dZ1[r][i] = h->dA1[r][i] * (1 - h->A1[r][i] * h->A1[r][i]);
            h->db1[i] += h->dZ1[r][i];
            for (int j = 0; j < 2; j++)
                h->dW1[i][j] += h->dZ1[r][i] * x[j];
        }
    }
}

/* Equal to a few ulps: the library sums in another order (BLAS). */
static void expect_step(const mlp_trace *t, const char *name, size_t layer, size_t rows,
                        size_t cols, const double *want)
{
    const mlp_trace_step *s = mlp_trace_find(t, name, layer);
    if (!s)
        fail_msg("no step %s%zu", name, layer);
    assert_int_equal(s->rows, rows);
    assert_int_equal(s->cols, cols);
    for (size_t k = 0; k < rows * cols; k++)
        if (!(fabs(s->data[k] - want[k]) <= 1e-15 * fmax(1.0, fabs(want[k]))))
            fail_msg("%s%zu[%zu] = %.17g, want %.17g", name, layer, k, s->data[k], want[k]);
}

static void run_trace(const mlp_net *net, long row, const double *initial, mlp_trace *t)
{
    mlp_trace_options o = {.epoch = 1, .row = row, .initial = initial};
    mlp_error err;
    assert_int_equal(mlp_trace_run(net, X, T, 2, &o, t, &err), MLP_OK);
}

/* The formula of T, for the net and the schema given (NULL: none). */
static void expect_targets(const mlp_net *net, const mlp_schema *sc, const char *want)
{
    mlp_trace_options o = {.epoch = 1, .row = 0, .schema = sc};
    mlp_trace t;
    mlp_error err;
    double zeros[8] = {0};
    assert_int_equal(mlp_trace_run(net, zeros, zeros, 1, &o, &t, &err), MLP_OK);
    const mlp_trace_step *s = mlp_trace_find(&t, "T", 0);
    assert_non_null(s);
    assert_string_equal(s->formula, want);
    mlp_trace_free(&t);
}

/* ------------------------------------------------------------------------ */

/* T's formula says what T holds in the run: it said "class labels one-hot"
 * of a regression and of one sigmoid unit's 0/1 too. */
static void trace_should_say_what_the_targets_are(void **state)
{
    (void)state;
    mlp_error err;
    size_t sizes[] = {1, 2};
    mlp_activation softmax[] = {MLP_ACT_SOFTMAX}, linear[] = {MLP_ACT_LINEAR};
    mlp_net *cls = mlp_net_create(1, sizes, softmax, MLP_LOSS_CROSS_ENTROPY, &err);
    mlp_net *reg = mlp_net_create(1, sizes, linear, MLP_LOSS_MSE, &err);
    mlp_net *one = hand_net();
    assert_non_null(cls);
    assert_non_null(reg);
    char *labels[] = {"cat", "dog"};
    mlp_schema label_column = {.n_labels = 2, .labels = labels};
    mlp_schema one_hot = {.n_labels = 2, .labels = labels, .one_hot_columns = 1};
    mlp_schema regression = {0};
    expect_targets(cls, &label_column, "T: the targets (N, K): the class labels one-hot, in label order");
    expect_targets(cls, &one_hot, "T: the targets (N, K): the one-hot target columns as read");
    expect_targets(cls, NULL, "T: the targets (N, K): the class labels one-hot, in label order");
    expect_targets(reg, &regression, "T: the targets (N, K): the target columns as read");
    expect_targets(reg, NULL, "T: the targets (N, K): the target columns as read");
    /* mse on a softmax, trained on a label column: its labels one-hot all the same. */
    mlp_net *mse = mlp_net_create(1, sizes, softmax, MLP_LOSS_MSE, &err);
    assert_non_null(mse);
    expect_targets(mse, &label_column, "T: the targets (N, K): the class labels one-hot, in label order");
    mlp_net_free(mse);
    expect_targets(one, &label_column, "T: the targets (N, 1): the class labels as 0/1, 1 for the second label");
    expect_targets(one, NULL, "T: the targets (N, 1): the class labels as 0/1, 1 for the second label");
    mlp_net_free(cls);
    mlp_net_free(reg);
    mlp_net_free(one);
}

static void trace_should_equal_the_hand_computed_pass(void **state)
{
    (void)state;
    mlp_net *net = hand_net();
    mlp_trace t;
    run_trace(net, -1, NULL, &t);
    by_hand h;
    compute(0, 2, &h);
    assert_int_equal(t.n_rows, 2);
    expect_step(&t, "X", 0, 2, 2, X);
    expect_step(&t, "T", 0, 2, 1, T);
    expect_step(&t, "W", 1, 2, 2, W1);
    expect_step(&t, "b", 2, 1, 1, B2);
    expect_step(&t, "Z", 1, 2, 2, &h.Z1[0][0]);
    expect_step(&t, "A", 1, 2, 2, &h.A1[0][0]);
    expect_step(&t, "Z", 2, 2, 1, h.Z2);
    expect_step(&t, "A", 2, 2, 1, h.A2);
    expect_step(&t, "loss", 0, 1, 1, &h.loss);
    expect_step(&t, "dZ", 2, 2, 1, h.dZ2);
    expect_step(&t, "dW", 2, 1, 2, h.dW2);
    expect_step(&t, "db", 2, 1, 1, &h.db2);
    expect_step(&t, "dA", 1, 2, 2, &h.dA1[0][0]);
    expect_step(&t, "dZ", 1, 2, 2, &h.dZ1[0][0]);
    expect_step(&t, "dW", 1, 2, 2, &h.dW1[0][0]);
    expect_step(&t, "db", 1, 1, 2, h.db1);
    assert_true(fabs(t.loss - h.loss) <= 1e-15);

    /* The same against numpy (float64), as literals. */
    static const double Z1_np[] = {-0.25000000000000006, 1.05, -0.15000000000000002,
                                   -0.14999999999999997};
    static const double A2_np[] = {0.37953010938551685, 0.5286905746592783};
    static const double dW1_np[] = {-0.27505553289173823, -0.22700405256343295,
                                    0.22745903177276205, 0.06718964768147202};
    static const double db1_np[] = {-0.01656992231570342, -0.08272370091847962};
    static const double dW2_np[] = {0.03662527084329852, -0.2819007095858508};
    static const double loss_np = 0.8605308961628325;
    expect_step(&t, "Z", 1, 2, 2, Z1_np);
    expect_step(&t, "A", 2, 2, 1, A2_np);
    expect_step(&t, "dW", 1, 2, 2, dW1_np);
    expect_step(&t, "db", 1, 1, 2, db1_np);
    expect_step(&t, "dW", 2, 1, 2, dW2_np);
    expect_step(&t, "loss", 0, 1, 1, &loss_np);
    mlp_trace_free(&t);
    mlp_net_free(net);
}

static void trace_should_list_every_step_in_order_with_its_formula(void **state)
{
    (void)state;
    mlp_net *net = hand_net();
    mlp_trace t;
    run_trace(net, -1, NULL, &t);
    static const char *const want[][2] = {
        {"X", "X: the inputs (N, 2) as the network sees them, after any normalisation"},
        {"T", "T: the targets (N, 1): the class labels as 0/1, 1 for the second label"},
        {"W1", "W1: weights (n_out, n_in) of layer 1, used in this pass"},
        {"b1", "b1: biases (n_out) of layer 1, used in this pass"},
        {"W2", "W2: weights (n_out, n_in) of layer 2, used in this pass"},
        {"b2", "b2: biases (n_out) of layer 2, used in this pass"},
        {"Z1", "Z1 = X W1^T + b1"},
        {"A1", "A1 = tanh(Z1)"},
        {"Z2", "Z2 = A1 W2^T + b2"},
        {"A2", "A2 = 1 / (1 + exp(-Z2))"},
        {"loss", "loss = -sum(T * log(A2) + (1 - T) * log(1 - A2)) / (N K), computed from the "
                 "logits as sum(max(Z2, 0) - T Z2 + log(1 + exp(-|Z2|))) / (N K)"},
        {"dZ2", "dZ2 = (A2 - T) / (N K)   (sigmoid and binary cross-entropy fused: A (1 - A) "
                "cancels)"},
        {"dW2", "dW2 = dZ2^T A1"},
        {"db2", "db2 = sum over rows of dZ2"},
        {"dA1", "dA1 = dZ2 W2"},
        {"dZ1", "dZ1 = dA1 * (1 - A1^2)"},
        {"dW1", "dW1 = dZ1^T X"},
        {"db1", "db1 = sum over rows of dZ1"},
    };
    size_t n = sizeof want / sizeof want[0];
    assert_int_equal(t.n_steps, n);
    for (size_t i = 0; i < n; i++) {
        char key[32];
        const mlp_trace_step *s = &t.steps[i];
        if (s->layer)
            snprintf(key, sizeof key, "%s%zu", s->name, s->layer);
        else
            snprintf(key, sizeof key, "%s", s->name);
        assert_string_equal(key, want[i][0]);
        assert_string_equal(s->formula, want[i][1]);
    }
    mlp_trace_free(&t);
    mlp_net_free(net);
}

static void trace_of_one_row_should_be_that_row_as_the_whole_batch(void **state)
{
    (void)state;
    mlp_net *net = hand_net();
    mlp_trace t;
    run_trace(net, 1, NULL, &t);
    by_hand h;
    compute(1, 1, &h);
    assert_int_equal(t.n_rows, 1);
    assert_int_equal(t.row, 1);
    expect_step(&t, "X", 0, 1, 2, X + 2);
    expect_step(&t, "A", 2, 1, 1, h.A2);
    expect_step(&t, "loss", 0, 1, 1, &h.loss);
    expect_step(&t, "dZ", 2, 1, 1, h.dZ2);
    expect_step(&t, "dW", 1, 2, 2, &h.dW1[0][0]);
    mlp_trace_free(&t);

    mlp_trace_options o = {.epoch = 1, .row = 2};
    mlp_error err;
    assert_int_equal(mlp_trace_run(net, X, T, 2, &o, &t, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "row 3 is out of range: the data has 2 rows");
    assert_null(t.steps);
    mlp_net_free(net);
}

/* X may hold some rows of a file only (the training rows of a validation
 * split): the trace's "row" is the file's number of the row, when told. */
static void trace_should_record_the_file_row_it_is_told(void **state)
{
    (void)state;
    mlp_net *net = hand_net();
    mlp_error err;
    char *text = NULL;
    size_t len = 0;
    for (int told = 0; told < 2; told++) {
        mlp_trace t;
        mlp_trace_options o = {.epoch = 1, .row = 1, .file_row = told ? 7 : 0};
        assert_int_equal(mlp_trace_run(net, X, T, 2, &o, &t, &err), MLP_OK);
        assert_int_equal(t.file_row, told ? 7 : 2);
        FILE *fp = open_memstream(&text, &len);
        assert_non_null(fp);
        assert_int_equal(mlp_trace_write_json(&t, fp, &err), MLP_OK);
        fclose(fp);
        assert_non_null(strstr(text, told ? "\"row\": 7," : "\"row\": 2,"));
        free(text);
        mlp_trace_free(&t);
    }
    mlp_net_free(net);
}

static void trace_should_leave_the_network_unchanged(void **state)
{
    (void)state;
    mlp_net *net = hand_net();
    for (size_t k = 0; k < net->n_params; k++)
        net->grads[k] = 42.0 + (double)k;
    double params[9], grads[9];
    assert_int_equal(net->n_params, 9);
    memcpy(params, net->params, sizeof params);
    memcpy(grads, net->grads, sizeof grads);
    mlp_trace t;
    run_trace(net, -1, NULL, &t);
    assert_memory_equal(net->params, params, sizeof params);
    assert_memory_equal(net->grads, grads, sizeof grads);
    mlp_trace_free(&t);
    mlp_net_free(net);
}

/* Softmax + cross-entropy and mse through a relu: the other formulas. */
static void trace_should_name_the_fused_and_unfused_output_gradients(void **state)
{
    (void)state;
    size_t sizes[] = {2, 3, 2};
    mlp_activation acts[] = {MLP_ACT_RELU, MLP_ACT_SOFTMAX};
    mlp_error err;
    static const double T2[] = {1, 0, 0, 1};
    for (int mse = 0; mse < 2; mse++) {
        mlp_net *net = mlp_net_create(2, sizes, acts, mse ? MLP_LOSS_MSE : MLP_LOSS_CROSS_ENTROPY,
                                      &err);
        assert_non_null(net);
        mlp_net_init(net, MLP_INIT_DEFAULT, 3);
        mlp_trace t;
        mlp_trace_options o = {.epoch = 7, .row = -1};
        assert_int_equal(mlp_trace_run(net, X, T2, 2, &o, &t, &err), MLP_OK);
        const mlp_trace_step *s = mlp_trace_find(&t, "dZ", 2);
        assert_non_null(s);
        assert_string_equal(s->formula,
                            mse ? "dZ2[n,i] = A2[n,i] (G[n,i] - sum_j G[n,j] A2[n,j]), G = dA2 = 2 "
                                  "(A2 - T) / (N K)"
                                : "dZ2 = (A2 - T) / N   (softmax and cross-entropy fused: the "
                                  "softmax Jacobian cancels)");
        /* For cross-entropy, dZ2 = (A2 - T) / N exactly as the formula says. */
        const mlp_trace_step *a = mlp_trace_find(&t, "A", 2);
        for (size_t k = 0; k < 4 && !mse; k++)
            assert_true(fabs(s->data[k] - (a->data[k] - T2[k]) / 2) <= 1e-16);
        assert_string_equal(mlp_trace_find(&t, "dZ", 1)->formula, "dZ1 = dA1 * (A1 > 0)");
        assert_string_equal(mlp_trace_find(&t, "A", 1)->formula, "A1 = max(0, Z1)");
        mlp_trace_free(&t);
        mlp_net_free(net);
    }
}


/* With l2 = lambda: loss and dW stay those of the data (docs/trace.md says
 * so), and penalty and gW = dW + lambda W follow: gW equals, by hand, the
 * data gradient plus lambda W; it equals the gradient training hands the
 * optimizer (mlp_net_gradient + mlp_optimizer_l2_gradient); and it passes
 * the sixth-order finite-difference check of loss + penalty (--gradcheck's)
 * that dW fails. */
static void trace_with_l2_should_add_the_penalty_and_the_gradient_the_update_uses(void **state)
{
    (void)state;
    const double lambda = 0.25;
    mlp_net *net = hand_net();
    mlp_trace t;
    mlp_trace_options o = {.epoch = 1, .row = -1, .l2 = lambda};
    mlp_error err;
    assert_int_equal(mlp_trace_run(net, X, T, 2, &o, &t, &err), MLP_OK);
    by_hand h;
    compute(0, 2, &h);
    /* The data loss and the data gradient, unchanged. */
    expect_step(&t, "loss", 0, 1, 1, &h.loss);
    expect_step(&t, "dW", 1, 2, 2, &h.dW1[0][0]);
    expect_step(&t, "dW", 2, 1, 2, h.dW2);
    /* By hand: penalty = (lambda / 2) sum W^2 over W1 and W2, gW = dW + lambda W. */
    double penalty = 0, gW1[4], gW2[2];
    for (int k = 0; k < 4; k++) {
        penalty += W1[k] * W1[k];
        gW1[k] = (&h.dW1[0][0])[k] + lambda * W1[k];
    }
    for (int k = 0; k < 2; k++) {
        penalty += W2[k] * W2[k];
        gW2[k] = h.dW2[k] + lambda * W2[k];
    }
    penalty *= lambda / 2;
    expect_step(&t, "penalty", 0, 1, 1, &penalty);
    expect_step(&t, "gW", 1, 2, 2, gW1);
    expect_step(&t, "gW", 2, 1, 2, gW2);
    assert_true(t.l2 == lambda);

    /* The three new steps come last, in this order, with these formulas. */
    assert_int_equal(t.n_steps, 18 + 3);
    assert_string_equal(t.steps[18].name, "penalty");
    assert_string_equal(t.steps[18].formula,
                        "penalty = (l2 / 2) * sum of the squared weights of W1 .. W2 (not the "
                        "biases); training minimises loss + penalty");
    assert_string_equal(t.steps[19].name, "gW");
    assert_int_equal(t.steps[19].layer, 1);
    assert_string_equal(t.steps[19].formula,
                        "gW1 = dW1 + l2 W1   (the gradient of loss + penalty: the one the update "
                        "uses; the biases' is db1)");
    assert_string_equal(t.steps[20].name, "gW");
    assert_int_equal(t.steps[20].layer, 2);

    /* The gradient as training computes it, laid out as net->grads. */
    mlp_workspace *ws = mlp_workspace_create(net, 2, &err);
    assert_non_null(ws);
    (void)mlp_net_gradient(net, ws, X, T, 2, 0);
    mlp_optimizer_l2_gradient(net, lambda);
    double full[9], data[9];
    size_t at = 0;
    for (size_t l = 1; l <= 2; l++) {
        const mlp_trace_step *gw = mlp_trace_find(&t, "gW", l), *dw = mlp_trace_find(&t, "dW", l);
        const mlp_trace_step *db = mlp_trace_find(&t, "db", l);
        assert_non_null(gw);
        memcpy(full + at, gw->data, gw->rows * gw->cols * sizeof *full);
        memcpy(data + at, dw->data, dw->rows * dw->cols * sizeof *data);
        at += gw->rows * gw->cols;
        memcpy(full + at, db->data, db->cols * sizeof *full);
        memcpy(data + at, db->data, db->cols * sizeof *data);
        at += db->cols;
    }
    assert_int_equal(at, 9);
    /* A few ulps: BLAS sums in its own order. */
    for (size_t k = 0; k < 9; k++)
        if (!(fabs(full[k] - net->grads[k]) <= 1e-15 * fmax(1.0, fabs(net->grads[k]))))
            fail_msg("gradient[%zu]: trace %.17g, training %.17g", k, full[k], net->grads[k]);

    /* --gradcheck's comparison with l2: gW passes its tolerance (1e-6, the
     * sixth-order differences are good to about 1e-10 here); dW, which
     * lacks lambda W (0.025 to 0.15 against gradients of 0.04 to 0.3),
     * fails it. */
    mlp_gradcheck_options go = {.l2 = lambda};
    mlp_gradcheck_report rep;
    assert_int_equal(mlp_gradcheck_compare(net, ws, X, T, 2, full, &go, &rep, &err), MLP_OK);
    assert_int_equal(mlp_gradcheck_compare(net, ws, X, T, 2, data, &go, &rep, &err),
                     MLP_ERR_GRADCHECK);
    assert_true(rep.worst > 0.01);
    mlp_workspace_free(ws);

    /* The JSON names lambda and gives the penalty as a number. */
    FILE *fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(mlp_trace_write_json(&t, fp, &err), MLP_OK);
    static char json[65536];
    rewind(fp);
    json[fread(json, 1, sizeof json - 1, fp)] = '\0';
    fclose(fp);
    assert_non_null(strstr(json, "\"loss_function\": \"binary_cross_entropy\",\n  \"l2\": 0.25,\n"));
    assert_non_null(strstr(json, "\"key\": \"penalty\", \"name\": \"penalty\", \"layer\": 0, "
                                 "\"shape\": []"));
    assert_non_null(strstr(json, "\"key\": \"gW2\", \"name\": \"gW\", \"layer\": 2, "
                                 "\"shape\": [1, 2]"));

    /* Without l2 there is neither penalty nor gW: dW is then the gradient the
     * update uses. */
    mlp_trace_free(&t);
    run_trace(net, -1, NULL, &t);
    assert_null(mlp_trace_find(&t, "penalty", 0));
    assert_null(mlp_trace_find(&t, "gW", 1));
    mlp_trace_free(&t);
    mlp_net_free(net);
}

/* ------------------------------------------------------------------------ */

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot open %s", path);
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    return buf;
}

static void trace_should_write_json_and_csv_with_the_same_numbers(void **state)
{
    (void)state;
    mlp_net *net = hand_net();
    double initial[9];
    for (int k = 0; k < 9; k++)
        initial[k] = 0.125 * k - 0.5;
    mlp_trace t;
    run_trace(net, -1, initial, &t);

    char dir[] = "/tmp/mlp-test-trace-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/trace.json", dir);
    FILE *fp = fopen(path, "w");
    mlp_error err;
    assert_int_equal(mlp_trace_write_json(&t, fp, &err), MLP_OK);
    fclose(fp);
    const char *json = slurp(path);
    assert_non_null(strstr(json, "\"format\": \"mlp-trace\""));
    assert_non_null(strstr(json, "\"symbols\": {\"N\": 2, \"K\": 1, \"L\": 2}"));
    assert_non_null(strstr(json, "\"row\": null"));
    assert_non_null(strstr(json, "{\"step\": 7, \"key\": \"Z1\", \"name\": \"Z\", \"layer\": 1, "
                                 "\"shape\": [2, 2], \"formula\": \"Z1 = X W1^T + b1\",\n"
                                 "     \"data\": [[-0.25000000000000006, 1.05], "
                                 "[-0.15000000000000002, -0.14999999999999997]]}"));
    assert_non_null(strstr(json, "\"key\": \"b1\", \"name\": \"b\", \"layer\": 1, \"shape\": [2]"));
    assert_non_null(strstr(json, "\"key\": \"loss\", \"name\": \"loss\", \"layer\": 0, "
                                 "\"shape\": []"));
    assert_non_null(strstr(json, "\"initial_weights\": [\n    {\"layer\": 1, \"W\": [[-0.5, "
                                 "-0.375], [-0.25, -0.125]], \"b\": [0, 0.125]},\n    {\"layer\": 2, "
                                 "\"W\": [[0.25, 0.375]], \"b\": [0.5]}\n  ]"));

    snprintf(path, sizeof path, "%s/csv", dir);
    assert_int_equal(mlp_trace_write_csv(&t, path, &err), MLP_OK);
    /* Twice: an existing folder is reused. */
    assert_int_equal(mlp_trace_write_csv(&t, path, &err), MLP_OK);
    snprintf(path, sizeof path, "%s/csv/07_Z1.csv", dir);
    assert_string_equal(slurp(path), "-0.25000000000000006,1.05\n"
                                     "-0.15000000000000002,-0.14999999999999997\n");
    snprintf(path, sizeof path, "%s/csv/initial_W2.csv", dir);
    assert_string_equal(slurp(path), "0.25,0.375\n");
    snprintf(path, sizeof path, "%s/csv/index.csv", dir);
    const char *index = slurp(path);
    assert_non_null(strstr(index, "step,key,name,layer,rows,cols,file,formula\n"
                                  "1,X,X,0,2,2,01_X.csv,\"X: the inputs (N, 2) as the network sees "
                                  "them, after any normalisation\"\n"));
    assert_non_null(strstr(index, "\n16,dZ1,dZ,1,2,2,16_dZ1.csv,dZ1 = dA1 * (1 - A1^2)\n"));

    /* A file in the way of the folder. */
    snprintf(path, sizeof path, "%s/trace.json", dir);
    assert_int_equal(mlp_trace_write_csv(&t, path, &err), MLP_ERR_IO);
    assert_string_equal(err.message, "cannot create the trace folder: Not a directory");

    /* Clean up: 18 steps + 4 initial + index in csv/, and trace.json. */
    snprintf(path, sizeof path, "%s/csv", dir);
    DIR *d = opendir(path);
    assert_non_null(d);
    struct dirent *e;
    int files = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char p[512];
        snprintf(p, sizeof p, "%s/%s", path, e->d_name);
        assert_int_equal(unlink(p), 0);
        files++;
    }
    closedir(d);
    assert_int_equal(files, 18 + 4 + 1);
    assert_int_equal(rmdir(path), 0);
    snprintf(path, sizeof path, "%s/trace.json", dir);
    unlink(path);
    assert_int_equal(rmdir(dir), 0);
    mlp_trace_free(&t);
    mlp_net_free(net);
}

/* The files of a CSV trace are named in full however long the folder's
 * path (a fixed 1024-byte buffer cut "index.csv" to "index." and six files
 * onto one name in a folder of 1016 bytes), and mlp_trace_csv_paths lists
 * exactly the files written, index.csv first. */
static void trace_csv_should_name_every_file_in_full_and_list_them(void **state)
{
    (void)state;
    mlp_net *net = hand_net();
    double initial[9] = {0};
    mlp_trace t;
    run_trace(net, -1, initial, &t);
    char top[] = "/tmp/mlp-test-trace-XXXXXX";
    assert_non_null(mkdtemp(top));
    char dir[1100];
    size_t n = (size_t)snprintf(dir, sizeof dir, "%s", top);
    int depth = 0;
    while (n + 201 < 1016) { /* folders of 200 bytes, then the rest */
        dir[n++] = '/';
        memset(dir + n, 'a', 200);
        n += 200;
        dir[n] = '\0';
        assert_int_equal(mkdir(dir, 0700), 0);
        depth++;
    }
    dir[n++] = '/';
    while (n < 1016)
        dir[n++] = 'b';
    dir[n] = '\0';
    mlp_error err;
    assert_int_equal(mlp_trace_write_csv(&t, dir, &err), MLP_OK);

    char **paths;
    size_t n_paths;
    assert_int_equal(mlp_trace_csv_paths(&t, dir, &paths, &n_paths, &err), MLP_OK);
    assert_int_equal(n_paths, 18 + 4 + 1);
    char want[1400];
    snprintf(want, sizeof want, "%s/index.csv", dir);
    assert_string_equal(paths[0], want);
    snprintf(want, sizeof want, "%s/01_X.csv", dir);
    assert_string_equal(paths[1], want);
    snprintf(want, sizeof want, "%s/initial_b2.csv", dir);
    assert_string_equal(paths[n_paths - 1], want);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    size_t files = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(want, sizeof want, "%s/%s", dir, e->d_name);
        int listed = 0;
        for (size_t i = 0; i < n_paths; i++)
            listed |= strcmp(paths[i], want) == 0;
        if (!listed)
            fail_msg("%s was written but is not listed", e->d_name);
        assert_int_equal(unlink(want), 0);
        files++;
    }
    closedir(d);
    assert_int_equal(files, n_paths);
    mlp_trace_csv_paths_free(paths, n_paths);
    for (; depth >= 0; depth--) {
        assert_int_equal(rmdir(dir), 0);
        *strrchr(dir, '/') = '\0';
    }
    assert_string_equal(dir, top);
    assert_int_equal(rmdir(top), 0);
    mlp_trace_free(&t);
    mlp_net_free(net);
}

static void trace_should_report_out_of_memory_at_every_allocation(void **state)
{
    (void)state;
    mlp_net *net = hand_net();
    double initial[9] = {0};
    long failures = 0;
    for (long n = 1;; n++) {
        assert_true(n < 100);
        mlp_trace t;
        mlp_trace_options o = {.epoch = 1, .row = -1, .initial = initial};
        mlp_error err;
        mlp_alloc_fail_after(n);
        mlp_status st = mlp_trace_run(net, X, T, 2, &o, &t, &err);
        mlp_alloc_fail_after(0);
        if (st == MLP_OK) {
            mlp_trace_free(&t);
            break;
        }
        assert_int_equal(st, MLP_ERR_NOMEM);
        assert_int_equal(err.code, MLP_ERR_NOMEM);
        assert_null(t.steps);
        failures++;
    }
    assert_true(failures >= 18);
    mlp_net_free(net);
}

/* Every entry of dir, dot files (a temporary file) included, and each
 * file's bytes, as one string: what a failed write must leave as it was. */
static char *folder_state(const char *dir)
{
    size_t cap = 1 << 16, used = 0;
    char *state = malloc(cap);
    assert_non_null(state);
    state[0] = '\0';
    DIR *d = opendir(dir);
    assert_non_null(d);
    char *names[64];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            assert_true(n < 64);
            names[n++] = strdup(e->d_name);
        }
    closedir(d);
    for (size_t i = 0; i < n; i++) /* in a fixed order */
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(names[j], names[i]) < 0) {
                char *x = names[i];
                names[i] = names[j];
                names[j] = x;
            }
    for (size_t i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        const char *bytes = slurp(path);
        size_t need = strlen(names[i]) + strlen(bytes) + 3;
        assert_true(used + need < cap);
        used += (size_t)snprintf(state + used, cap - used, "%s:\n%s\n", names[i], bytes);
        free(names[i]);
    }
    return state;
}

/* A CSV trace is written whole or not at all: with each of its
 * allocations failing in turn (a file's temporary name, the list of
 * files), the folder holds the earlier trace's files byte for byte, no
 * temporary file, and a folder the write made is gone. Files were
 * committed one by one: a failure left the first files of the new trace
 * beside the rest of the old one. */
static void trace_csv_should_be_written_whole_or_not_at_all(void **state)
{
    (void)state;
    mlp_net *net = hand_net(), *other = hand_net();
    for (size_t k = 0; k < other->n_params; k++)
        other->params[k] += 0.5;
    double initial[9] = {0}, initial2[9];
    for (int k = 0; k < 9; k++)
        initial2[k] = 0.25 * k;
    mlp_trace t, t2;
    run_trace(net, -1, initial, &t);
    run_trace(other, -1, initial2, &t2);
    char top[] = "/tmp/mlp-test-trace-XXXXXX";
    assert_non_null(mkdtemp(top));
    char dir[128], fresh[128];
    snprintf(dir, sizeof dir, "%s/old", top);
    snprintf(fresh, sizeof fresh, "%s/new", top);
    mlp_error err;
    assert_int_equal(mlp_trace_write_csv(&t, dir, &err), MLP_OK);
    char *before = folder_state(dir);
    long failures = 0;
    for (long n = 1;; n++) {
        assert_true(n < 200);
        mlp_alloc_fail_after(n);
        mlp_status st = mlp_trace_write_csv(&t2, dir, &err);
        mlp_alloc_fail_after(0);
        if (st == MLP_OK)
            break;
        assert_int_equal(st, MLP_ERR_NOMEM);
        char *now = folder_state(dir);
        if (strcmp(now, before) != 0)
            fail_msg("allocation %ld failing changed the earlier trace:\n%.400s", n, now);
        free(now);
        mlp_alloc_fail_after(n);
        st = mlp_trace_write_csv(&t2, fresh, &err);
        mlp_alloc_fail_after(0);
        assert_int_equal(st, MLP_ERR_NOMEM);
        struct stat sb;
        assert_int_not_equal(lstat(fresh, &sb), 0);
        failures++;
    }
    assert_true(failures >= 23); /* a temporary name per file at least */
    char *after = folder_state(dir);
    assert_string_not_equal(after, before);
    free(after);
    free(before);
    char **paths;
    size_t n_paths;
    assert_int_equal(mlp_trace_csv_paths(&t2, dir, &paths, &n_paths, &err), MLP_OK);
    for (size_t i = 0; i < n_paths; i++)
        assert_int_equal(unlink(paths[i]), 0);
    mlp_trace_csv_paths_free(paths, n_paths);
    assert_int_equal(rmdir(dir), 0);
    assert_int_equal(rmdir(top), 0);
    mlp_trace_free(&t);
    mlp_trace_free(&t2);
    mlp_net_free(net);
    mlp_net_free(other);
}

/* A CSV trace into a folder that holds an earlier trace leaves this
 * trace's files only, as its index lists them, and every file that is not
 * named as a trace's are: a trace of a deeper network left 19_dA2.csv,
 * initial_W3.csv, ... beside the new index, which does not list them. */
static void trace_csv_should_remove_an_earlier_trace_s_files_only(void **state)
{
    (void)state;
    size_t sizes[] = {2, 2, 2, 1};
    mlp_activation acts[] = {MLP_ACT_TANH, MLP_ACT_TANH, MLP_ACT_SIGMOID};
    mlp_error err;
    mlp_net *deep = mlp_net_create(3, sizes, acts, MLP_LOSS_BINARY_CROSS_ENTROPY, &err);
    assert_non_null(deep);
    mlp_net *net = hand_net();
    double initial[32] = {0};
    mlp_trace t_deep, t;
    run_trace(deep, -1, initial, &t_deep);
    run_trace(net, -1, initial, &t);

    char dir[] = "/tmp/mlp-test-trace-XXXXXX";
    assert_non_null(mkdtemp(dir));
    assert_int_equal(mlp_trace_write_csv(&t_deep, dir, &err), MLP_OK);
    /* The user's own files, some near the trace's names. */
    static const char *const users[] = {"notes.csv", "01_mine.csv", "01_X.txt", "1_X.csv",
                                        "initial_W.csv", "initial_c1.csv", "07_Z0.csv",
                                        "07_Zz1.csv", "index.txt"};
    char path[512];
    for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, users[i]);
        FILE *fp = fopen(path, "w");
        assert_non_null(fp);
        fputs("mine\n", fp);
        fclose(fp);
    }
    assert_int_equal(mlp_trace_write_csv(&t, dir, &err), MLP_OK);

    char **paths;
    size_t n_paths;
    assert_int_equal(mlp_trace_csv_paths(&t, dir, &paths, &n_paths, &err), MLP_OK);
    assert_int_equal(n_paths, 18 + 4 + 1);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    size_t listed = 0, kept = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        int in_index = 0, theirs = 0;
        for (size_t i = 0; i < n_paths; i++)
            in_index |= strcmp(paths[i], path) == 0;
        for (size_t i = 0; i < sizeof users / sizeof users[0]; i++)
            theirs |= strcmp(users[i], e->d_name) == 0;
        if (!in_index && !theirs)
            fail_msg("%s is left from the earlier trace", e->d_name);
        if (theirs)
            assert_string_equal(slurp(path), "mine\n");
        listed += (size_t)in_index;
        kept += (size_t)theirs;
        assert_int_equal(unlink(path), 0);
    }
    closedir(d);
    assert_int_equal(listed, n_paths);
    assert_int_equal(kept, sizeof users / sizeof users[0]);
    assert_int_equal(rmdir(dir), 0);
    mlp_trace_csv_paths_free(paths, n_paths);
    mlp_trace_free(&t);
    mlp_trace_free(&t_deep);
    mlp_net_free(net);
    mlp_net_free(deep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(trace_should_equal_the_hand_computed_pass),
        cmocka_unit_test(trace_should_say_what_the_targets_are),
        cmocka_unit_test(trace_should_list_every_step_in_order_with_its_formula),
        cmocka_unit_test(trace_of_one_row_should_be_that_row_as_the_whole_batch),
        cmocka_unit_test(trace_should_record_the_file_row_it_is_told),
        cmocka_unit_test(trace_should_leave_the_network_unchanged),
        cmocka_unit_test(trace_should_name_the_fused_and_unfused_output_gradients),
        cmocka_unit_test(trace_with_l2_should_add_the_penalty_and_the_gradient_the_update_uses),
        cmocka_unit_test(trace_should_write_json_and_csv_with_the_same_numbers),
        cmocka_unit_test(trace_csv_should_name_every_file_in_full_and_list_them),
        cmocka_unit_test(trace_should_report_out_of_memory_at_every_allocation),
        cmocka_unit_test(trace_csv_should_remove_an_earlier_trace_s_files_only),
        cmocka_unit_test(trace_csv_should_be_written_whole_or_not_at_all),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
