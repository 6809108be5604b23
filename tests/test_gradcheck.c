/* SPDX-License-Identifier: MIT */
/* test_gradcheck.c: the check passes on every activation/loss pairing, and
 * it catches a gradient that is wrong, so a pass means something. */
#include "check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mlp/gradcheck.h"

/* The cases array, sized from the tables as a caller sizes it. */
static mlp_gradcheck_case *all_cases(size_t *room)
{
    *room = mlp_gradcheck_all_count();
    mlp_gradcheck_case *cases = malloc(*room * sizeof *cases);
    assert_non_null(cases);
    return cases;
}

/* With seeds 6, 24 and 42 (the default of mlptrain --gradcheck) the first
 * draw of sigmoid/relu/mse leaves every relu output off on every row: the
 * gradient is exactly zero and the check would pass having compared
 * nothing. Such a draw is redrawn. */
static void no_combination_should_pass_with_a_zero_gradient(void **state)
{
    (void)state;
    size_t room;
    mlp_gradcheck_case *cases = all_cases(&room);
    const uint64_t seeds[] = {6, 24, 42};
    for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
        size_t n = 0;
        mlp_error err;
        mlp_status st = mlp_gradcheck_all(seeds[s], NULL, cases, room, &n, &err);
        if (st)
            fail_msg("seed %llu: %s", (unsigned long long)seeds[s], err.message);
        assert_true(n > 0);
        for (size_t i = 0; i < n; i++)
            if (!(cases[i].report.grad_norm > 0))
                fail_msg("seed %llu: %s/%s/%s has a zero gradient", (unsigned long long)seeds[s],
                         mlp_activation_name(cases[i].hidden),
                         mlp_activation_name(cases[i].output), mlp_loss_name(cases[i].loss));
    }
    free(cases);
}

static void every_combination_should_pass(void **state)
{
    (void)state;
    size_t room;
    mlp_gradcheck_case *cases = all_cases(&room);
    size_t n = 0;
    mlp_error err;
    for (uint64_t seed = 1; seed <= 3; seed++) {
        mlp_status st = mlp_gradcheck_all(seed, NULL, cases, room, &n, &err);
        if (st)
            fail_msg("seed %llu: %s", (unsigned long long)seed, err.message);
        assert_int_equal(n, room);
        for (size_t i = 0; i < n; i++) {
            assert_true(cases[i].report.grad_norm > 1e-3); /* not vacuous */
            size_t checked = 0;
            for (size_t l = 0; l < cases[i].report.n_layers; l++)
                checked += cases[i].report.layers[l].checked;
            assert_true(checked > 40); /* 3*5+5 + 5*4+4 + 4*3+3 = 59, a few may sit at a kink */
        }
    }
    free(cases);
}

/* The number of combinations comes from the tables, with no cap: every
 * activation but the row-wise ones as hidden layers, times every output
 * activation and loss that can follow it, each triple run exactly once.
 * (A fixed MLP_GRADCHECK_MAX_CASES of 64 stopped the check, "more
 * combinations ... than MLP_GRADCHECK_MAX_CASES (64)" with the exit code of
 * out of memory, as soon as an eighth activation made 70.) A cases array
 * too small for them is refused before anything is run or written. */
static void the_combinations_should_be_every_triple_the_tables_allow(void **state)
{
    (void)state;
    size_t hidden = 0, pairs = 0;
    for (int a = 0; a < MLP_ACT_COUNT; a++) {
        hidden += !(mlp_activation_info_of((mlp_activation)a)->flags & MLP_ACT_FLAG_ROWS);
        for (int lo = 0; lo < MLP_LOSS_COUNT; lo++)
            pairs += mlp_loss_accepts((mlp_loss)lo, (mlp_activation)a) != 0;
    }
    /* 6 and 9 when this was written: mse after each kind, two fused pairs */
    assert_true(hidden >= 6 && pairs >= 9);
    size_t room;
    mlp_gradcheck_case *cases = all_cases(&room);
    assert_int_equal(room, hidden * pairs);
    size_t n = 12345;
    mlp_error err;
    /* One short: refused, nothing written. */
    memset(cases, 0xa5, room * sizeof *cases);
    assert_int_equal(mlp_gradcheck_all(42, NULL, cases, room - 1, &n, &err), MLP_ERR_USAGE);
    assert_int_equal(n, 0);
    assert_non_null(strstr(err.message, "mlp_gradcheck_all_count()"));
    for (size_t i = 0; i < room * sizeof *cases; i++)
        assert_int_equal(((unsigned char *)cases)[i], 0xa5);
    /* Exactly enough: every allowed triple once (the array is exactly that
     * long, so a write past it shows under AddressSanitizer). */
    assert_int_equal(mlp_gradcheck_all(42, NULL, cases, room, &n, &err), MLP_OK);
    assert_int_equal(n, room);
    unsigned char seen[MLP_ACT_COUNT][MLP_ACT_COUNT][MLP_LOSS_COUNT];
    memset(seen, 0, sizeof seen);
    for (size_t i = 0; i < n; i++) {
        const mlp_gradcheck_case *c = &cases[i];
        assert_true((unsigned)c->hidden < MLP_ACT_COUNT && (unsigned)c->output < MLP_ACT_COUNT &&
                    (unsigned)c->loss < MLP_LOSS_COUNT);
        assert_false(mlp_activation_info_of(c->hidden)->flags & MLP_ACT_FLAG_ROWS);
        assert_true(mlp_loss_accepts(c->loss, c->output));
        assert_int_equal(seen[c->hidden][c->output][c->loss]++, 0);
    }
    free(cases);
}

/* A small relu/softmax net on fixed data. */
static mlp_net *small_net(mlp_activation hidden, mlp_loss loss, mlp_activation out)
{
    const size_t sizes[3] = {2, 3, 2};
    const mlp_activation acts[2] = {hidden, out};
    mlp_net *net = mlp_net_create(2, sizes, acts, loss, NULL);
    assert_non_null(net);
    mlp_net_init(net, MLP_INIT_XAVIER, 7);
    return net;
}

static const double X[4 * 2] = {0.5, -1.0, 1.5, 0.25, -0.75, 0.8, 0.1, 1.2};
static const double T[4 * 2] = {1, 0, 0, 1, 1, 0, 0, 1};

static void a_wrong_gradient_should_be_caught(void **state)
{
    (void)state;
    mlp_net *net = small_net(MLP_ACT_TANH, MLP_LOSS_CROSS_ENTROPY, MLP_ACT_SOFTMAX);
    mlp_workspace *ws = mlp_workspace_create(net, 4, NULL);
    mlp_net_gradient(net, ws, X, T, 4, 0);
    double *g = malloc(net->n_params * sizeof *g);
    memcpy(g, net->grads, net->n_params * sizeof *g);
    mlp_gradcheck_report rep;
    mlp_error err;
    assert_int_equal(mlp_gradcheck_compare(net, ws, X, T, 4, g, NULL, &rep, &err), MLP_OK);
    /* The learner's bug: one weight's derivative off by 1% ... */
    size_t bad = 4; /* W of layer 1, row 2, col 0 */
    g[bad] *= 1.01;
    assert_int_equal(mlp_gradcheck_compare(net, ws, X, T, 4, g, NULL, &rep, &err), MLP_ERR_GRADCHECK);
    assert_int_equal(rep.worst_layer, 0);
    assert_false(rep.worst_is_bias);
    assert_int_equal(rep.worst_row, 2);
    assert_int_equal(rep.worst_col, 0);
    assert_non_null(strstr(err.message, "layer 1 W[2][0]"));
    /* ... and a sign flip of the whole output layer's bias gradient. */
    g[bad] /= 1.01;
    size_t b2 = net->layers[1].db - net->grads;
    g[b2] = -g[b2];
    assert_int_equal(mlp_gradcheck_compare(net, ws, X, T, 4, g, NULL, &rep, &err), MLP_ERR_GRADCHECK);
    assert_int_equal(rep.worst_layer, 1);
    assert_true(rep.worst_is_bias);
    free(g);
    mlp_workspace_free(ws);
    mlp_net_free(net);
}

static void the_parameters_should_be_restored_exactly(void **state)
{
    (void)state;
    mlp_net *net = small_net(MLP_ACT_SIGMOID, MLP_LOSS_MSE, MLP_ACT_LINEAR);
    mlp_workspace *ws = mlp_workspace_create(net, 4, NULL);
    double *before = malloc(net->n_params * sizeof *before);
    memcpy(before, net->params, net->n_params * sizeof *before);
    mlp_gradcheck_report rep;
    assert_int_equal(mlp_gradcheck_run(net, ws, X, T, 4, NULL, &rep, NULL), MLP_OK);
    assert_memory_equal(before, net->params, net->n_params * sizeof *before);
    free(before);
    mlp_workspace_free(ws);
    mlp_net_free(net);
}

/* A relu unit whose pre-activation is exactly 0 on a row: finite
 * differences straddle the kink there, so those parameters must be skipped,
 * not reported as wrong. */
static void a_relu_kink_should_not_raise_a_false_alarm(void **state)
{
    (void)state;
    mlp_net *net = small_net(MLP_ACT_RELU, MLP_LOSS_CROSS_ENTROPY, MLP_ACT_SOFTMAX);
    /* Unit 0 of layer 1: z = x0 - x1 for X row 0 = (0.5, ...) -> set W so z = 0 there. */
    net->layers[0].W[0] = 2.0;
    net->layers[0].W[1] = 1.0; /* 2*0.5 + 1*(-1) = 0 */
    net->layers[0].b[0] = 0.0;
    mlp_workspace *ws = mlp_workspace_create(net, 4, NULL);
    mlp_gradcheck_report rep;
    mlp_error err;
    mlp_status st = mlp_gradcheck_run(net, ws, X, T, 4, NULL, &rep, &err);
    if (st)
        fail_msg("%s", err.message);
    assert_true(rep.layers[0].skipped > 0);
    mlp_workspace_free(ws);
    mlp_net_free(net);
}

static void the_tolerance_option_should_decide_the_verdict(void **state)
{
    (void)state;
    mlp_net *net = small_net(MLP_ACT_TANH, MLP_LOSS_CROSS_ENTROPY, MLP_ACT_SOFTMAX);
    mlp_workspace *ws = mlp_workspace_create(net, 4, NULL);
    mlp_gradcheck_report rep;
    assert_int_equal(mlp_gradcheck_run(net, ws, X, T, 4, NULL, &rep, NULL), MLP_OK);
    assert_true(rep.worst > 0.0); /* never exactly equal: the comparison is real */
    mlp_gradcheck_options tight = {.tolerance = rep.worst / 2};
    assert_int_equal(mlp_gradcheck_run(net, ws, X, T, 4, &tight, &rep, NULL), MLP_ERR_GRADCHECK);
    mlp_workspace_free(ws);
    mlp_net_free(net);
}

static void too_many_rows_should_be_refused(void **state)
{
    (void)state;
    mlp_net *net = small_net(MLP_ACT_TANH, MLP_LOSS_CROSS_ENTROPY, MLP_ACT_SOFTMAX);
    mlp_workspace *ws = mlp_workspace_create(net, 2, NULL);
    mlp_gradcheck_report rep;
    mlp_error err;
    assert_int_equal(mlp_gradcheck_run(net, ws, X, T, 4, NULL, &rep, &err), MLP_ERR_DATA);
    assert_string_equal(err.message, "the gradient check needs 1 to 2 rows, got 4");
    /* What to do, which it did not say. */
    assert_string_equal(err.hint, "make the workspace with chunk_rows >= 4 (mlp_workspace_create), "
                                  "or pass fewer rows");
    assert_int_equal(mlp_gradcheck_run(net, ws, X, T, 0, NULL, &rep, &err), MLP_ERR_DATA);
    assert_string_equal(err.message, "the gradient check needs 1 to 2 rows, got 0");
    assert_string_equal(err.hint, "pass at least 1 row");
    mlp_workspace_free(ws);
    mlp_net_free(net);
}


/* A tolerance of -1 or NaN made every pair fail or, as NaN, was taken as
 * the default; one of 5 passed every gradient, as rel is at most 2 (and
 * one of 1 passes a gradient ten times too large); an l2 of -5 was checked as a penalty that rewards large
 * weights. Each is refused naming its field; a tolerance of 0 keeps
 * meaning MLP_GRADCHECK_TOLERANCE, and opts may be NULL (gradcheck.h). */
static void options_out_of_range_should_name_the_field(void **state)
{
    (void)state;
    mlp_net *net = small_net(MLP_ACT_TANH, MLP_LOSS_CROSS_ENTROPY, MLP_ACT_SOFTMAX);
    mlp_workspace *ws = mlp_workspace_create(net, 4, NULL);
    mlp_gradcheck_report rep;
    mlp_error err;
    const struct {
        mlp_gradcheck_options o;
        const char *message, *hint;
    } bad[] = {
        {{.tolerance = -1},
         "mlp_gradcheck_options.tolerance must be a number in [0, 1) (0: "
         "MLP_GRADCHECK_TOLERANCE), not -1",
         "set tolerance within that range (include/mlp/gradcheck.h)"},
        {{.tolerance = NAN},
         "mlp_gradcheck_options.tolerance must be a number in [0, 1) (0: "
         "MLP_GRADCHECK_TOLERANCE), not nan",
         "set tolerance within that range (include/mlp/gradcheck.h)"},
        {{.tolerance = INFINITY},
         "mlp_gradcheck_options.tolerance must be a number in [0, 1) (0: "
         "MLP_GRADCHECK_TOLERANCE), not inf",
         "set tolerance within that range (include/mlp/gradcheck.h)"},
        {{.tolerance = 1},
         "mlp_gradcheck_options.tolerance must be a number in [0, 1) (0: "
         "MLP_GRADCHECK_TOLERANCE), not 1",
         "set tolerance within that range (include/mlp/gradcheck.h)"},
        {{.tolerance = 5},
         "mlp_gradcheck_options.tolerance must be a number in [0, 1) (0: "
         "MLP_GRADCHECK_TOLERANCE), not 5",
         "set tolerance within that range (include/mlp/gradcheck.h)"},
        {{.l2 = -5},
         "mlp_gradcheck_options.l2 must be a finite number >= 0, not -5",
         "set l2 within that range (include/mlp/gradcheck.h)"},
        {{.l2 = NAN},
         "mlp_gradcheck_options.l2 must be a finite number >= 0, not nan",
         "set l2 within that range (include/mlp/gradcheck.h)"},
    };
    double *g = calloc(net->n_params, sizeof *g);
    assert_non_null(g);
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        assert_int_equal(mlp_gradcheck_run(net, ws, X, T, 4, &bad[k].o, &rep, &err),
                         MLP_ERR_USAGE);
        assert_string_equal(err.message, bad[k].message);
        assert_string_equal(err.hint, bad[k].hint);
        assert_int_equal(mlp_gradcheck_compare(net, ws, X, T, 4, g, &bad[k].o, &rep, &err),
                         MLP_ERR_USAGE);
        assert_string_equal(err.message, bad[k].message);
    }
    free(g);
    /* 0 is the default, the same verdict and figures as NULL options. */
    mlp_gradcheck_options zero = {0};
    mlp_gradcheck_report by_null;
    assert_int_equal(mlp_gradcheck_run(net, ws, X, T, 4, NULL, &by_null, &err), MLP_OK);
    assert_int_equal(mlp_gradcheck_run(net, ws, X, T, 4, &zero, &rep, &err), MLP_OK);
    assert_memory_equal(&rep.worst, &by_null.worst, sizeof rep.worst);
    mlp_workspace_free(ws);
    mlp_net_free(net);
}

/* The workspace of a 2-3-2 net given with a 2-40-2 net: the check ran its
 * passes into buffers cut for 3 hidden units and corrupted the heap. It
 * is refused before any pass, naming both shapes. */
static void a_workspace_of_another_shape_should_be_refused(void **state)
{
    (void)state;
    mlp_net *net = small_net(MLP_ACT_TANH, MLP_LOSS_CROSS_ENTROPY, MLP_ACT_SOFTMAX);
    const size_t sizes[3] = {2, 40, 2};
    const mlp_activation acts[2] = {MLP_ACT_TANH, MLP_ACT_SOFTMAX};
    mlp_net *wide = mlp_net_create(2, sizes, acts, MLP_LOSS_CROSS_ENTROPY, NULL);
    assert_non_null(wide);
    mlp_net_init(wide, MLP_INIT_XAVIER, 7);
    mlp_workspace *ws = mlp_workspace_create(net, 4, NULL);
    mlp_gradcheck_report rep;
    mlp_error err;
    const char *said = "the workspace was made for a network of layers [2, 3, 2], not of layers "
                       "[2, 40, 2]";
    assert_int_equal(mlp_gradcheck_run(wide, ws, X, T, 4, NULL, &rep, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, said);
    double *g = calloc(wide->n_params, sizeof *g);
    assert_non_null(g);
    assert_int_equal(mlp_gradcheck_compare(wide, ws, X, T, 4, g, NULL, &rep, &err),
                     MLP_ERR_USAGE);
    assert_string_equal(err.message, said);
    free(g);
    mlp_workspace_free(ws);
    mlp_net_free(wide);
    mlp_net_free(net);
}

/* With an l2 penalty the check differentiates loss + (lambda/2) sum W^2: the
 * right gradient passes, and the three ways to get the penalty wrong (left
 * out, put on the biases too, half the size) are each caught. */
static void the_l2_term_should_be_checked(void **state)
{
    (void)state;
    const double lambda = 0.3;
    mlp_net *net = small_net(MLP_ACT_TANH, MLP_LOSS_CROSS_ENTROPY, MLP_ACT_SOFTMAX);
    for (size_t l = 0; l < net->n_layers; l++)
        for (size_t j = 0; j < net->layers[l].n_out; j++)
            net->layers[l].b[j] = 0.1 * (double)(j + 1); /* so a penalty on b would show */
    mlp_workspace *ws = mlp_workspace_create(net, 4, NULL);
    mlp_gradcheck_options o = {.l2 = lambda};
    mlp_gradcheck_report rep;
    mlp_error err;
    mlp_status st = mlp_gradcheck_run(net, ws, X, T, 4, &o, &rep, &err);
    if (st)
        fail_msg("%s", err.message);
    assert_true(rep.grad_norm > 1e-3);

    mlp_net_gradient(net, ws, X, T, 4, 0);
    size_t n = net->n_params;
    double *plain = malloc(n * sizeof *plain), *g = malloc(n * sizeof *g);
    memcpy(plain, net->grads, n * sizeof *plain);
    assert_int_equal(mlp_gradcheck_compare(net, ws, X, T, 4, plain, &o, &rep, &err),
                     MLP_ERR_GRADCHECK);

    /* lambda W on the weights and nothing on the biases: what the check must accept. */
    memcpy(g, plain, n * sizeof *g);
    for (size_t l = 0; l < net->n_layers; l++) {
        size_t w0 = (size_t)(net->layers[l].W - net->params);
        for (size_t i = 0; i < net->layers[l].n_out * net->layers[l].n_in; i++)
            g[w0 + i] += lambda * net->params[w0 + i];
    }
    assert_int_equal(mlp_gradcheck_compare(net, ws, X, T, 4, g, &o, &rep, &err), MLP_OK);

    size_t b1 = (size_t)(net->layers[1].b - net->params);
    g[b1] += lambda * net->params[b1];
    assert_int_equal(mlp_gradcheck_compare(net, ws, X, T, 4, g, &o, &rep, &err), MLP_ERR_GRADCHECK);
    assert_true(rep.worst_is_bias);
    g[b1] = plain[b1];

    size_t w = (size_t)(net->layers[0].W - net->params) + 3;
    g[w] -= 0.5 * lambda * net->params[w];
    assert_int_equal(mlp_gradcheck_compare(net, ws, X, T, 4, g, &o, &rep, &err), MLP_ERR_GRADCHECK);
    assert_int_equal(rep.worst_layer, 0);
    assert_false(rep.worst_is_bias);
    free(plain);
    free(g);
    mlp_workspace_free(ws);
    mlp_net_free(net);
}

/* Raw data (docs/gradcheck.md, "Data of any scale"): an input column in the
 * thousands, like wine's proline, and a target in the hundreds of
 * thousands, like a house price. With a fixed step of 1e-3 the stencil moved
 * a unit's input by several units on the big column and measured curvature
 * (1% off on the right gradient), and the loss of 1e10 left rounding noise
 * far above the fixed floor: the right gradient failed. The step now scales
 * with the column and the floor with the loss, and a 1% error in the big
 * column's weight, or in an output weight of the big loss, is still caught. */
static void raw_scale_data_should_pass_right_and_catch_wrong(void **state)
{
    (void)state;
    enum { N = 6 };
    const size_t sizes[3] = {2, 4, 1};
    const mlp_activation acts[2] = {MLP_ACT_TANH, MLP_ACT_LINEAR};
    mlp_net *net = mlp_net_create(2, sizes, acts, MLP_LOSS_MSE, NULL);
    assert_non_null(net);
    mlp_net_init(net, MLP_INIT_XAVIER, 11);
    /* Column 1 in the thousands; targets about 1e5. The weights on column 1
     * are scaled down by its size, so the units sit in tanh's curved part
     * (as after training), not flat in saturation. */
    double Xr[N * 2], Tr[N];
    for (size_t r = 0; r < N; r++) {
        Xr[2 * r] = 0.3 * (double)r - 0.7;
        Xr[2 * r + 1] = 300.0 + 250.0 * (double)r;
        Tr[r] = 1e5 + 3e4 * (double)r;
    }
    for (size_t j = 0; j < 4; j++) {
        net->layers[0].W[2 * j + 1] *= 1e-3;
        net->layers[0].b[j] = -0.5 + 0.3 * (double)j;
    }
    mlp_workspace *ws = mlp_workspace_create(net, N, NULL);
    mlp_gradcheck_report rep;
    mlp_error err;
    mlp_status st = mlp_gradcheck_run(net, ws, Xr, Tr, N, NULL, &rep, &err);
    if (st)
        fail_msg("the right gradient failed: %s", err.message);
    assert_true(rep.worst > 0.0);

    mlp_net_gradient(net, ws, Xr, Tr, N, 0);
    double *g = malloc(net->n_params * sizeof *g);
    memcpy(g, net->grads, net->n_params * sizeof *g);
    size_t big = 2 * 1 + 1; /* layer 1 W[1][1]: unit 1's weight on the column in thousands */
    g[big] *= 1.01;
    assert_int_equal(mlp_gradcheck_compare(net, ws, Xr, Tr, N, g, NULL, &rep, &err),
                     MLP_ERR_GRADCHECK);
    assert_int_equal(rep.worst_layer, 0);
    assert_int_equal(rep.worst_row, 1);
    assert_int_equal(rep.worst_col, 1);
    g[big] /= 1.01;
    size_t out = (size_t)(net->layers[1].W - net->params) + 2; /* layer 2 W[0][2] */
    g[out] *= 1.01;
    assert_int_equal(mlp_gradcheck_compare(net, ws, Xr, Tr, N, g, NULL, &rep, &err),
                     MLP_ERR_GRADCHECK);
    assert_int_equal(rep.worst_layer, 1);
    assert_int_equal(rep.worst_col, 2);
    free(g);
    mlp_workspace_free(ws);
    mlp_net_free(net);
}

/* Relu units off on every row: their weights move nothing, so all six
 * losses of each stencil are the same number and the analytic 0 is exact.
 * Written as -L + 9L - 45L + 45L - 9L + L the stencil kept the rounding of
 * 45 L (7e-9 at a loss of 3e5: a right gradient failed the check); as
 * paired differences it gives exactly 0. Here every hidden unit is off, so
 * every parameter but the output bias must compare exactly. */
/* A loss that is not finite at the checked weights leaves nothing to
 * compare: a NaN relative error once slipped past every `rel > worst` and
 * an infinite floor made every pair equal, so the check passed with a worst
 * error of 0. It must say it cannot check, and name the row. */
static void a_loss_that_is_not_finite_should_not_pass(void **state)
{
    (void)state;
    mlp_net *net = small_net(MLP_ACT_TANH, MLP_LOSS_MSE, MLP_ACT_LINEAR);
    mlp_workspace *ws = mlp_workspace_create(net, 4, NULL);
    mlp_gradcheck_report rep;
    mlp_error err;
    /* An infinite loss: row 3's target is far beyond the outputs' scale. */
    double Tbig[4 * 2] = {0, 0, 0, 0, 1e200, -1e200, 0, 0};
    assert_int_equal(mlp_gradcheck_run(net, ws, X, Tbig, 4, NULL, &rep, &err), MLP_ERR_DATA);
    assert_true(isinf(rep.loss));
    assert_true(isnan(rep.worst));
    assert_int_equal(rep.bad_row, 2);
    assert_int_equal(rep.bad_in_output, 0);
    assert_string_equal(err.message,
                        "the loss at the checked weights is infinite, so the gradient cannot be "
                        "checked: the loss of row 3 is not a finite number (its target is too far "
                        "from the outputs' scale)");
    assert_int_equal(err.line, 0);
    /* The numbers the caller gives the rows are the ones named. */
    const size_t numbers[4] = {10, 20, 30, 40};
    mlp_gradcheck_options named = {.row_numbers = numbers};
    assert_int_equal(mlp_gradcheck_run(net, ws, X, Tbig, 4, &named, &rep, &err), MLP_ERR_DATA);
    assert_non_null(strstr(err.message, "the loss of row 30 is"));
    /* With the rows' file and lines the error is at that line, and the row
     * is "this row"; the number is not given then. */
    const long lines[4] = {3, 5, 9, 12};
    mlp_gradcheck_options placed = {.row_numbers = numbers, .path = "d.csv", .row_lines = lines};
    assert_int_equal(mlp_gradcheck_run(net, ws, X, Tbig, 4, &placed, &rep, &err), MLP_ERR_DATA);
    assert_string_equal(err.path, "d.csv");
    assert_int_equal(err.line, 9);
    assert_non_null(strstr(err.message, "the loss of this row is not a finite number"));
    mlp_workspace_free(ws);
    mlp_net_free(net);

    /* A NaN loss: row 2's input overflows in a relu network. */
    net = small_net(MLP_ACT_RELU, MLP_LOSS_MSE, MLP_ACT_LINEAR);
    for (size_t i = 0; i < 6; i++)
        net->layers[0].W[i] = i % 2 ? -1.0 : 1.0;
    for (size_t i = 0; i < 6; i++)
        net->layers[1].W[i] = 1.0;
    ws = mlp_workspace_create(net, 4, NULL);
    double Xbig[4 * 2] = {0.5, -1.0, 1.7e308, -1.7e308, -0.75, 0.8, 0.1, 1.2};
    assert_int_equal(mlp_gradcheck_run(net, ws, Xbig, T, 4, NULL, &rep, &err), MLP_ERR_DATA);
    assert_false(isfinite(rep.loss));
    assert_true(isnan(rep.worst));
    assert_int_equal(rep.bad_row, 1);
    assert_int_equal(rep.bad_in_output, 1);
    assert_non_null(strstr(err.message, "so the gradient cannot be checked: a value of row 2 "
                                        "overflows in the network"));
    mlp_workspace_free(ws);
    mlp_net_free(net);

    /* A finite loss with a gradient that is not finite is not checked either. */
    net = small_net(MLP_ACT_TANH, MLP_LOSS_MSE, MLP_ACT_LINEAR);
    ws = mlp_workspace_create(net, 4, NULL);
    mlp_net_gradient(net, ws, X, T, 4, 0);
    double *g = malloc(net->n_params * sizeof *g);
    memcpy(g, net->grads, net->n_params * sizeof *g);
    g[3] = NAN;
    assert_int_equal(mlp_gradcheck_compare(net, ws, X, T, 4, g, NULL, &rep, &err), MLP_ERR_DATA);
    assert_non_null(strstr(err.message, "the loss is finite but its gradient is NaN"));
    free(g);
    mlp_workspace_free(ws);
    mlp_net_free(net);
}

/* docs/losses.md: mlptrain takes one-hot rows only, but the cross_entropy
 * kernels are right for any target row that sums to 1 (soft targets built
 * by hand): the gradient (y - t) / N passes the check. */
static void soft_targets_should_pass_through_the_library(void **state)
{
    (void)state;
    mlp_net *net = small_net(MLP_ACT_TANH, MLP_LOSS_CROSS_ENTROPY, MLP_ACT_SOFTMAX);
    mlp_workspace *ws = mlp_workspace_create(net, 4, NULL);
    const double soft[4 * 2] = {0.3, 0.7, 0.9, 0.1, 0.5, 0.5, 0.0, 1.0};
    mlp_gradcheck_report rep;
    mlp_error err;
    mlp_status st = mlp_gradcheck_run(net, ws, X, soft, 4, NULL, &rep, &err);
    if (st)
        fail_msg("%s", err.message);
    assert_true(rep.grad_norm > 1e-3);
    mlp_workspace_free(ws);
    mlp_net_free(net);
}

static void dead_units_should_give_exactly_zero(void **state)
{
    (void)state;
    enum { N = 6 };
    const size_t sizes[3] = {1, 4, 1};
    const mlp_activation acts[2] = {MLP_ACT_RELU, MLP_ACT_LINEAR};
    mlp_net *net = mlp_net_create(2, sizes, acts, MLP_LOSS_MSE, NULL);
    assert_non_null(net);
    mlp_net_init(net, MLP_INIT_XAVIER, 3);
    double Xr[N], Tr[N];
    for (size_t r = 0; r < N; r++) {
        Xr[r] = (double)(r + 1);
        Tr[r] = 300.0 + 100.0 * (double)r;
    }
    for (size_t j = 0; j < 4; j++) {
        net->layers[0].W[j] = 0.5;
        net->layers[0].b[j] = -100.0; /* z = 0.5 x - 100 < 0 on every row */
    }
    mlp_workspace *ws = mlp_workspace_create(net, N, NULL);
    mlp_gradcheck_report rep;
    mlp_error err;
    mlp_status st = mlp_gradcheck_run(net, ws, Xr, Tr, N, NULL, &rep, &err);
    if (st)
        fail_msg("the right gradient failed: %s", err.message);
    assert_true(rep.grad_norm > 1.0); /* the output bias's */
    assert_true(rep.layers[0].max_rel_W == 0.0);
    assert_true(rep.layers[0].max_rel_b == 0.0);
    assert_true(rep.layers[1].max_rel_W == 0.0);
    assert_int_equal(rep.layers[1].checked, 5);
    mlp_workspace_free(ws);
    mlp_net_free(net);
}

/* A one-unit net, [1, 1], with the given weight and bias. */
static mlp_net *one_unit(mlp_activation act, double w, double b)
{
    const size_t sizes[2] = {1, 1};
    mlp_net *net = mlp_net_create(1, sizes, &act, MLP_LOSS_MSE, NULL);
    assert_non_null(net);
    net->layers[0].W[0] = w;
    net->layers[0].b[0] = b;
    return net;
}

/* The --config check must not vouch for a gradient it did not test. It
 * passed, "ok", on each of these, having compared 0 with 0 or numbers far
 * below what a finite difference can see: a backward pass that returned
 * zeros would have passed as well. Each is MLP_ERR_DATA, nothing compared,
 * as for a loss that is not finite. */
static void a_gradient_the_check_cannot_see_should_compare_nothing(void **state)
{
    (void)state;
    const double Xs[3] = {1000.0, 2000.0, -1500.0}, Ts[3] = {0.5, -0.2, 0.1};
    mlp_gradcheck_report rep;
    mlp_error err;
    /* tanh(1000) is exactly 1 in double: 1 - y^2 = 0, the gradient exactly 0. */
    mlp_net *net = one_unit(MLP_ACT_TANH, 1.0, 0.0);
    mlp_workspace *ws = mlp_workspace_create(net, 3, NULL);
    assert_int_equal(mlp_gradcheck_run(net, ws, Xs, Ts, 3, NULL, &rep, &err), MLP_ERR_DATA);
    assert_true(rep.grad_norm == 0.0 && isfinite(rep.loss));
    assert_int_equal(rep.resolved, 0);
    assert_int_equal(rep.layers[0].checked, 2); /* compared, but 0 with 0 */
    assert_non_null(strstr(err.message, "the gradient is exactly 0 at the checked weights"));
    assert_non_null(strstr(err.message, "nothing was compared"));
    assert_non_null(strstr(err.hint, "scale the inputs"));
    mlp_workspace_free(ws);
    mlp_net_free(net);
    /* sigmoid(-140) is about 1.6e-61: a gradient of about 1e-59, not 0, that
     * no finite difference of a loss near 1 can resolve (tolerance x floor
     * is 1e-11 here): g comes out 0, and 0 would pass as well. */
    const double Xn[3] = {-140.0, -150.0, -145.0}, Tn[3] = {1.0, 0.0, 1.0};
    net = one_unit(MLP_ACT_SIGMOID, 1.0, 0.0);
    ws = mlp_workspace_create(net, 3, NULL);
    assert_int_equal(mlp_gradcheck_run(net, ws, Xn, Tn, 3, NULL, &rep, &err), MLP_ERR_DATA);
    assert_true(rep.grad_norm > 0.0 && rep.grad_norm < 1e-50);
    assert_int_equal(rep.resolved, 0);
    assert_non_null(strstr(err.message, "is below 1e-11, the smallest difference the check can "
                                        "see at tolerance 1e-06"));
    /* The same units with a gradient that is wrong by far more than the
     * check can see: a mismatch, not "nothing compared". */
    mlp_net_gradient(net, ws, Xn, Tn, 3, 0);
    double wrong[2] = {1e-3, net->grads[1]};
    assert_int_equal(mlp_gradcheck_compare(net, ws, Xn, Tn, 3, wrong, NULL, &rep, &err),
                     MLP_ERR_GRADCHECK);
    assert_non_null(strstr(err.message, "layer 1 W[0][0]"));
    mlp_workspace_free(ws);
    mlp_net_free(net);
    /* relu at exactly z = 0 with x = 1: every stencil of w and b crosses
     * the kink, so every parameter is skipped and none compared. */
    const double X1[1] = {1.0}, T1[1] = {1.0};
    net = one_unit(MLP_ACT_RELU, 0.0, 0.0);
    ws = mlp_workspace_create(net, 1, NULL);
    assert_int_equal(mlp_gradcheck_run(net, ws, X1, T1, 1, NULL, &rep, &err), MLP_ERR_DATA);
    assert_int_equal(rep.layers[0].checked, 0);
    assert_int_equal(rep.layers[0].skipped, 2);
    assert_non_null(strstr(err.message, "every one of the 2 parameters' finite differences "
                                        "crossed a kink, so nothing was compared"));
    mlp_workspace_free(ws);
    mlp_net_free(net);
}

/* A layer whose biases were all skipped at a kink has no error to show:
 * checked_b says how many of the checked were b's (the report printed
 * "b 0.000e+00", as if they had been compared). */
static void the_report_should_count_w_and_b_apart(void **state)
{
    (void)state;
    mlp_net *net = small_net(MLP_ACT_RELU, MLP_LOSS_CROSS_ENTROPY, MLP_ACT_SOFTMAX);
    for (size_t j = 0; j < 3; j++)
        net->layers[0].b[j] = 0.0;
    const double X0[2 * 2] = {0.0, 0.0, 0.5, -1.0}; /* row 0 puts every unit at its kink */
    mlp_workspace *ws = mlp_workspace_create(net, 2, NULL);
    mlp_gradcheck_report rep;
    mlp_error err;
    mlp_status st = mlp_gradcheck_run(net, ws, X0, T, 2, NULL, &rep, &err);
    if (st)
        fail_msg("%s", err.message);
    assert_int_equal(rep.layers[0].checked_b, 0);        /* every b of layer 1 crosses */
    assert_int_equal(rep.layers[0].skipped, 3);
    assert_int_equal(rep.layers[0].checked, 6);          /* every W: x = 0 moves no z */
    assert_int_equal(rep.layers[1].checked_b, 2);
    assert_int_equal(rep.layers[1].checked, 8);
    mlp_workspace_free(ws);
    mlp_net_free(net);
}

/* How the check's messages name parameter i of net: "layer 1 W[2][0]". */
static void param_name(const mlp_net *net, size_t i, char *buf, size_t size)
{
    size_t l = 0;
    while (i >= net->layers[l].n_out * (net->layers[l].n_in + 1)) {
        i -= net->layers[l].n_out * (net->layers[l].n_in + 1);
        l++;
    }
    size_t n_in = net->layers[l].n_in, nW = net->layers[l].n_out * n_in;
    if (i < nW)
        snprintf(buf, size, "layer %zu W[%zu][%zu]", l + 1, i / n_in, i % n_in);
    else
        snprintf(buf, size, "layer %zu b[%zu][0]", l + 1, i - nW);
}

/* A tolerance below the rounding noise of the finite differences fails the
 * right gradient: the error says that the tolerance, not the gradient, is
 * at fault, and a tolerance above report.noise, which it names, passes.
 * A real error in one entry, even one smaller in relative terms than the
 * noise of another entry, is still named as a disagreement. */
static void a_tolerance_below_the_noise_should_be_blamed(void **state)
{
    (void)state;
    mlp_net *net = small_net(MLP_ACT_TANH, MLP_LOSS_CROSS_ENTROPY, MLP_ACT_SOFTMAX);
    /* Seed 22 has a small entry whose rounding noise is a relative error of
     * 1e-8, far above the noise of the largest entry. */
    mlp_net_init(net, MLP_INIT_XAVIER, 22);
    mlp_workspace *ws = mlp_workspace_create(net, 4, NULL);
    mlp_net_gradient(net, ws, X, T, 4, 0);
    double *g = malloc(net->n_params * sizeof *g);
    memcpy(g, net->grads, net->n_params * sizeof *g);
    mlp_gradcheck_report rep;
    mlp_error err;
    mlp_gradcheck_options tiny = {.tolerance = 1e-14};
    assert_int_equal(mlp_gradcheck_compare(net, ws, X, T, 4, g, &tiny, &rep, &err),
                     MLP_ERR_GRADCHECK);
    assert_true(rep.noise_only);
    assert_non_null(strstr(err.message, "gradient mismatch: layer "));
    assert_non_null(strstr(err.hint, "within the rounding noise of the finite differences"));
    assert_non_null(strstr(err.hint, "the tolerance is below what the check can resolve, not the "
                                     "gradient wrong"));
    double noise = rep.noise, worst = rep.worst;
    char worst_name[64];
    snprintf(worst_name, sizeof worst_name, "layer %zu %s[%zu][%zu]", rep.worst_layer + 1,
             rep.worst_is_bias ? "b" : "W", rep.worst_row, rep.worst_col);
    assert_true(worst <= noise && noise < 1e-6);
    mlp_gradcheck_options above = {.tolerance = noise * 1.01};
    assert_int_equal(mlp_gradcheck_compare(net, ws, X, T, 4, g, &above, &rep, &err), MLP_OK);
    /* The largest entry off by 1e-10, 50 times the rounding noise of its
     * finite differences (1.8e-12 at h = 1e-3, |L| < 1), but a relative
     * error below the worst right one's: the worst of all is noise, the
     * error names the real one. */
    size_t big = 0;
    for (size_t i = 1; i < net->n_params; i++)
        big = fabs(g[i]) > fabs(g[big]) ? i : big;
    char where[64];
    param_name(net, big, where, sizeof where);
    assert_string_not_equal(where, worst_name);
    /* Half the worst right pair's relative error, yet a difference far
     * beyond the noise, 110 * 1e-15 / (60 h) at h = 1e-3 and |L| < 1
     * (docs/gradcheck.md): the worst pair of all is noise, the error must
     * name the real one. */
    double off = worst / 2 * fabs(g[big]);
    assert_true(rep.loss < 1.0 && off > 100 * 110 * 1e-15 / (60 * 1e-3));
    g[big] += off;
    assert_int_equal(mlp_gradcheck_compare(net, ws, X, T, 4, g, &tiny, &rep, &err),
                     MLP_ERR_GRADCHECK);
    assert_false(rep.noise_only);
    assert_non_null(strstr(err.hint, "the backward pass disagrees"));
    if (!strstr(err.message, where))
        fail_msg("want %s named: %s", where, err.message);
    free(g);
    mlp_workspace_free(ws);
    mlp_net_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_combination_should_pass),
        cmocka_unit_test(the_combinations_should_be_every_triple_the_tables_allow),
        cmocka_unit_test(no_combination_should_pass_with_a_zero_gradient),
        cmocka_unit_test(a_wrong_gradient_should_be_caught),
        cmocka_unit_test(the_parameters_should_be_restored_exactly),
        cmocka_unit_test(a_relu_kink_should_not_raise_a_false_alarm),
        cmocka_unit_test(the_tolerance_option_should_decide_the_verdict),
        cmocka_unit_test(too_many_rows_should_be_refused),
        cmocka_unit_test(a_workspace_of_another_shape_should_be_refused),
        cmocka_unit_test(options_out_of_range_should_name_the_field),
        cmocka_unit_test(the_l2_term_should_be_checked),
        cmocka_unit_test(raw_scale_data_should_pass_right_and_catch_wrong),
        cmocka_unit_test(dead_units_should_give_exactly_zero),
        cmocka_unit_test(a_loss_that_is_not_finite_should_not_pass),
        cmocka_unit_test(soft_targets_should_pass_through_the_library),
        cmocka_unit_test(a_gradient_the_check_cannot_see_should_compare_nothing),
        cmocka_unit_test(the_report_should_count_w_and_b_apart),
        cmocka_unit_test(a_tolerance_below_the_noise_should_be_blamed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
