/* SPDX-License-Identifier: MIT */
/* test_grid.c: the decision-surface grid (and the 1-D grid of a 1-input
 * model's curve): parsing its option, the order and exact placement of its
 * points, the model's normalisation applied to them, and the CSV columns
 * for a classifier and a regression, all against values worked out by hand. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "format_number.h"
#include "mlp/grid.h"

static char *dup_str(const char *s)
{
    char *c = malloc(strlen(s) + 1);
    assert_non_null(c);
    return strcpy(c, s);
}

static char **strs(const char *a, const char *b)
{
    char **v = calloc(2, sizeof *v);
    assert_non_null(v);
    v[0] = dup_str(a);
    if (b)
        v[1] = dup_str(b);
    return v;
}

static void grid_parse_should_read_both_axes(void **state)
{
    (void)state;
    mlp_grid g;
    mlp_error err;
    assert_int_equal(mlp_grid_parse("-2:3:101,-1.5:2e0:81", &g, &err), MLP_OK);
    assert_true(g.lo[0] == -2 && g.hi[0] == 3 && g.n[0] == 101);
    assert_true(g.lo[1] == -1.5 && g.hi[1] == 2 && g.n[1] == 81);
    assert_int_equal(g.dims, 2);
}

/* One axis is a 1-D grid: NX points, NY = 1. */
static void grid_parse_should_read_one_axis(void **state)
{
    (void)state;
    mlp_grid g;
    mlp_error err;
    assert_int_equal(mlp_grid_parse("-3:3e0:201", &g, &err), MLP_OK);
    assert_int_equal(g.dims, 1);
    assert_true(g.lo[0] == -3 && g.hi[0] == 3 && g.n[0] == 201 && g.n[1] == 1);
    /* The limit itself is allowed. */
    assert_int_equal(mlp_grid_parse("-2:3:10000000", &g, &err), MLP_OK);
    assert_int_equal(g.n[0], MLP_GRID_MAX_POINTS);
}

static void grid_parse_should_reject_other_forms(void **state)
{
    (void)state;
    static const struct {
        const char *text, *why;
    } bad[] = {
        {"0:1", ""},
        {"0:1,0:1:10", ""},
        {"0:1:10,0:1:10,", ""},
        {"0:1:10,0:x:10", ""},
        {"0:1:10,0:1:1.5", ""},
        {"0:nan:10,0:1:10", ""},
        {"1:0:10,0:1:10", " with MIN < MAX and N >= 2"},
        {"0:1:1,0:1:10", " with MIN < MAX and N >= 2"},
        {"0:1:10000,0:1:10000", " with NX * NY at most 10000000"},
        /* An axis past the limit on its own: the limit is the reason, not
         * "MIN < MAX and N >= 2", which it meets. */
        {"-2:3:20000000,-1:1:2", " with NX * NY at most 10000000"},
        {"-2:3:2,-1:1:20000000", " with NX * NY at most 10000000"},
        {"-2:3:10000001", " with NX at most 10000000"},
        {"-2:3:99999999999999999999", " with NX at most 10000000"},
        /* Ranges a double cannot represent (issue 10): an overflowing span,
         * points closer than the spacing of doubles. */
        {"-1e308:1e308:3,0:1:10", " with MAX - MIN a finite number and N distinct points"},
        {"0:1:10,1:1.0000000000000002:100", " with MAX - MIN a finite number and N distinct points"},
        /* Blanks strtod and strtol would skip (once taken). */
        {" 0:1:3", ""},
        {"0: 1:3", ""},
        {"0:1: 3", ""},
        {"0:1:3, 0:1:3", ""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mlp_grid g;
        mlp_error err;
        assert_int_equal(mlp_grid_parse(bad[i].text, &g, &err), MLP_ERR_USAGE);
        char want[256];
        snprintf(want, sizeof want,
                 "--grid needs XMIN:XMAX:NX,YMIN:YMAX:NY (or XMIN:XMAX:NX for a 1-input model)%s, "
                 "not \"%s\"",
                 bad[i].why, bad[i].text);
        assert_string_equal(err.message, want);
        assert_string_equal(err.hint, "for example --grid -2:3:101,-1.5:2:81, or --grid -3:3:201");
    }
}

/* 2 inputs -> 2 softmax units with W = I, b = 0, standardised with mean 1
 * and std 2: p_b = 1 / (1 + exp(x' - y')), x' = (x - 1) / 2. */
static void grid_should_write_class_probabilities_at_each_point(void **state)
{
    (void)state;
    size_t sizes[] = {2, 2};
    mlp_activation acts[] = {MLP_ACT_SOFTMAX};
    mlp_error err;
    mlp_net *net = mlp_net_create(1, sizes, acts, MLP_LOSS_CROSS_ENTROPY, &err);
    assert_non_null(net);
    net->params[0] = 1, net->params[3] = 1;
    mlp_schema sc = {0};
    sc.n_features = 2;
    sc.feature_names = strs("len, cm", "width");
    sc.n_targets = 1;
    sc.target_names = strs("kind", NULL);
    sc.n_outputs = 2;
    sc.n_labels = 2;
    sc.labels = strs("a", "b");
    sc.normalize = MLP_NORMALIZE_STANDARD;
    sc.mean = malloc(2 * sizeof *sc.mean);
    sc.std = malloc(2 * sizeof *sc.std);
    sc.mean[0] = sc.mean[1] = 1;
    sc.std[0] = sc.std[1] = 2;
    mlp_grid g;
    assert_int_equal(mlp_grid_parse("0:1:2,0:2:3", &g, &err), MLP_OK);
    char out[4096];
    FILE *fp = fmemopen(out, sizeof out, "w");
    assert_non_null(fp);
    assert_int_equal(mlp_grid_run(net, &sc, &g, fp, &err), MLP_OK);
    fclose(fp);

    char *line = strtok(out, "\n");
    assert_string_equal(line, "\"len, cm\",width,label,p_a,p_b");
    static const double pts[][2] = {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {0, 2}, {1, 2}};
    for (int k = 0; k < 6; k++) {
        line = strtok(NULL, "\n");
        assert_non_null(line);
        double x, y, pa, pb;
        char label[8];
        assert_int_equal(sscanf(line, "%lf,%lf,%7[^,],%lf,%lf", &x, &y, label, &pa, &pb), 5);
        assert_true(x == pts[k][0] && y == pts[k][1]);
        double want_b = 1 / (1 + exp((x - 1) / 2 - (y - 1) / 2));
        assert_true(fabs(pb - want_b) < 1e-15);
        assert_true(fabs(pa - (1 - want_b)) < 1e-15);
        assert_string_equal(label, want_b > 1 - want_b ? "b" : "a");
    }
    assert_null(strtok(NULL, "\n"));
    mlp_schema_free(&sc);
    mlp_net_free(net);
}

/* z = 2x + 3y + 1 on a 3 x 2 grid whose inner points are not binary fractions. */
static void grid_should_write_regression_outputs_with_exact_ends(void **state)
{
    (void)state;
    size_t sizes[] = {2, 1};
    mlp_activation acts[] = {MLP_ACT_LINEAR};
    mlp_error err;
    mlp_net *net = mlp_net_create(1, sizes, acts, MLP_LOSS_MSE, &err);
    assert_non_null(net);
    net->params[0] = 2, net->params[1] = 3, net->params[2] = 1;
    mlp_schema sc = {0};
    sc.n_features = 2;
    sc.feature_names = strs("", "");
    sc.n_targets = 1;
    sc.target_names = strs("z", NULL);
    sc.n_outputs = 1;
    mlp_grid g = {.dims = 2, .lo = {0, -1}, .hi = {0.3, 1}, .n = {3, 2}};
    char out[2048];
    FILE *fp = fmemopen(out, sizeof out, "w");
    assert_int_equal(mlp_grid_run(net, &sc, &g, fp, &err), MLP_OK);
    fclose(fp);
    char want[2048];
    double mid = 0.3 * 1 / 2.0;
    /* the points as grid.c writes them (%.17g), the outputs as predictions
     * are written: the shortest text that reads back (format_number.h) */
    char z[6][MLP_FORMAT_NUMBER_MAX];
    double zs[6] = {2 * 0.0 - 3 + 1, 2 * mid - 3 + 1, 2 * 0.3 - 3 + 1,
                    0.0 + 3 + 1,     2 * mid + 3 + 1, 2 * 0.3 + 3 + 1};
    for (int k = 0; k < 6; k++)
        mlp_format_double(z[k], zs[k]);
    snprintf(want, sizeof want,
             "x1,x2,z\n"
             "0,-1,%s\n%.17g,-1,%s\n0.29999999999999999,-1,%s\n"
             "0,1,%s\n%.17g,1,%s\n0.29999999999999999,1,%s\n",
             z[0], mid, z[1], z[2], z[3], mid, z[4], z[5]);
    assert_string_equal(out, want);
    mlp_schema_free(&sc);
    mlp_net_free(net);
}

/* The same points in memory: z = 2x + 3y + 1, x fastest; more points than
 * one workspace chunk would hold is not needed, the order is what matters. */
static void grid_predict_should_fill_outputs_in_grid_order(void **state)
{
    (void)state;
    size_t sizes[] = {2, 1};
    mlp_activation acts[] = {MLP_ACT_LINEAR};
    mlp_error err;
    mlp_net *net = mlp_net_create(1, sizes, acts, MLP_LOSS_MSE, &err);
    assert_non_null(net);
    net->params[0] = 2, net->params[1] = 3, net->params[2] = 1;
    mlp_schema sc = {0};
    mlp_grid g = {.dims = 2, .lo = {0, -1}, .hi = {1, 1}, .n = {3, 2}};
    double Y[6];
    assert_int_equal(mlp_grid_predict(net, &sc, &g, Y, &err), MLP_OK);
    static const double xs[] = {0, 0.5, 1}, ys[] = {-1, 1};
    for (size_t k = 0; k < 6; k++) /* exact: small integers and halves */
        assert_true(Y[k] == 2 * xs[k % 3] + 3 * ys[k / 3] + 1);
    sizes[0] = 3;
    mlp_net *net3 = mlp_net_create(1, sizes, acts, MLP_LOSS_MSE, &err);
    assert_int_equal(mlp_grid_predict(net3, &sc, &g, Y, &err), MLP_ERR_USAGE);
    mlp_net_free(net3);
    mlp_net_free(net);
}

static void grid_should_refuse_a_model_without_two_inputs(void **state)
{
    (void)state;
    size_t sizes[] = {3, 1};
    mlp_activation acts[] = {MLP_ACT_LINEAR};
    mlp_error err;
    mlp_net *net = mlp_net_create(1, sizes, acts, MLP_LOSS_MSE, &err);
    mlp_schema sc = {0};
    mlp_grid g = {.dims = 2, .lo = {0, 0}, .hi = {1, 1}, .n = {2, 2}};
    char out[64];
    FILE *fp = fmemopen(out, sizeof out, "w");
    assert_int_equal(mlp_grid_run(net, &sc, &g, fp, &err), MLP_ERR_USAGE);
    fclose(fp);
    assert_string_equal(err.message, "--grid needs a model with 1 or 2 inputs; this one has 3");
    mlp_net_free(net);
}

/* A grid with another number of axes than the model has inputs: each way
 * round, with the form the model needs in the hint. */
static void grid_should_refuse_axes_other_than_the_inputs(void **state)
{
    (void)state;
    mlp_activation acts[] = {MLP_ACT_LINEAR};
    mlp_error err;
    mlp_schema sc = {0};
    double Y[4];
    size_t one[] = {1, 1}, two[] = {2, 1};
    mlp_net *net1 = mlp_net_create(1, one, acts, MLP_LOSS_MSE, &err);
    mlp_net *net2 = mlp_net_create(1, two, acts, MLP_LOSS_MSE, &err);
    assert_non_null(net1);
    assert_non_null(net2);
    mlp_grid g2 = {.dims = 2, .lo = {0, 0}, .hi = {1, 1}, .n = {2, 2}};
    assert_int_equal(mlp_grid_predict(net1, &sc, &g2, Y, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "--grid has 2 axes but the model has 1 input");
    assert_string_equal(err.hint, "give one axis, for example --grid -3:3:201");
    mlp_grid g1 = {.dims = 1, .lo = {0, 0}, .hi = {1, 0}, .n = {2, 1}};
    assert_int_equal(mlp_grid_predict(net2, &sc, &g1, Y, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "--grid has 1 axis but the model has 2 inputs");
    assert_string_equal(err.hint, "give two axes, for example --grid -2:3:101,-1.5:2:81");
    mlp_net_free(net1);
    mlp_net_free(net2);
}

/* y = 4x - 1 along 5 points of [-1, 1], standardised with mean 1 and std 2
 * (so the network's own weight is 8 on x' = (x - 1) / 2, bias 3): the
 * column of the one feature, then the output, every value exact. */
static void grid_should_write_a_one_input_curve(void **state)
{
    (void)state;
    size_t sizes[] = {1, 1};
    mlp_activation acts[] = {MLP_ACT_LINEAR};
    mlp_error err;
    mlp_net *net = mlp_net_create(1, sizes, acts, MLP_LOSS_MSE, &err);
    assert_non_null(net);
    net->params[0] = 8, net->params[1] = 3;
    mlp_schema sc = {0};
    sc.n_features = 1;
    sc.feature_names = strs("x", NULL);
    sc.n_targets = 1;
    sc.target_names = strs("y", NULL);
    sc.n_outputs = 1;
    sc.normalize = MLP_NORMALIZE_STANDARD;
    sc.mean = malloc(sizeof *sc.mean);
    sc.std = malloc(sizeof *sc.std);
    sc.mean[0] = 1;
    sc.std[0] = 2;
    mlp_grid g;
    assert_int_equal(mlp_grid_parse("-1:1:5", &g, &err), MLP_OK);
    char out[512];
    FILE *fp = fmemopen(out, sizeof out, "w");
    assert_non_null(fp);
    assert_int_equal(mlp_grid_run(net, &sc, &g, fp, &err), MLP_OK);
    fclose(fp);
    assert_string_equal(out, "x,y\n-1,-5\n-0.5,-3\n0,-1\n0.5,1\n1,3\n");
    mlp_schema_free(&sc);
    mlp_net_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grid_parse_should_read_both_axes),
        cmocka_unit_test(grid_parse_should_read_one_axis),
        cmocka_unit_test(grid_parse_should_reject_other_forms),
        cmocka_unit_test(grid_should_write_class_probabilities_at_each_point),
        cmocka_unit_test(grid_should_write_regression_outputs_with_exact_ends),
        cmocka_unit_test(grid_predict_should_fill_outputs_in_grid_order),
        cmocka_unit_test(grid_should_refuse_a_model_without_two_inputs),
        cmocka_unit_test(grid_should_refuse_axes_other_than_the_inputs),
        cmocka_unit_test(grid_should_write_a_one_input_curve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
