/* SPDX-License-Identifier: MIT */
/* test_reference.c: mlp's forward pass, mean loss and gradients against
 * tests/reference/reference.h, values of four tiny fixed networks computed
 * by an independent pure-Python script (tests/reference/make_reference.py)
 * from the textbook formulas, with the unfused softmax Jacobian and sigmoid
 * derivative. A wrong fused gradient, a missing 1/N, a transposed W, a
 * wrong leaky slope or chunks that do not accumulate all show up here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mlp/net.h"
#include "reference/reference.h"

/* Relative tolerance per value. Both sides evaluate the same formulas in
 * double precision; they differ only in summation order (CBLAS vs a plain
 * loop, chunked accumulation) and in how exp/log/tanh round, so each value
 * may differ by a few ulps (1.1e-16 each) times the depth of the
 * computation, amplified by any cancellation in its sums. The generator
 * refuses values whose sums cancel by more than 1e3 or whose double result
 * is off its 50-digit result by more than 1e-14, so 1e-12 leaves a margin of
 * about 100 while still catching any real error: a perturbation of one
 * weight by 1e-9 relative already fails it (see the perturbed_* tests). */
#define REF_REL_TOL 1e-12

typedef struct {
    const char *tag;     /* expected ref->name */
    const ref_net *ref;
    mlp_net *net;
    mlp_workspace *ws;
} fixture;

static fixture fixtures[REF_N_NETS] = {
    {"tanh_softmax_ce", &ref_nets[0], NULL, NULL},
    {"sigmoid_sigmoid_bce", &ref_nets[1], NULL, NULL},
    {"leaky_linear_mse", &ref_nets[2], NULL, NULL},
    {"softplus_tanh_mse", &ref_nets[3], NULL, NULL},
};

/* ------------------------------------------------------------------------ */
/* Helpers */

static size_t n_out_of(const ref_net *r)
{
    return r->sizes[r->n_layers];
}

/* Number of values of got[0..n) outside the tolerance of want; prints each
 * one unless quiet. NaN counts as outside. */
static size_t count_mismatches(const char *what, const double *got, const double *want, size_t n,
                               int quiet)
{
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        double diff = fabs(got[i] - want[i]);
        if (!(diff <= REF_REL_TOL * fabs(want[i]))) {
            if (!quiet)
                print_error("%s[%zu]: got %.17g, want %.17g (relative error %.3g)\n", what, i,
                            got[i], want[i], diff / fabs(want[i]));
            bad++;
        }
    }
    return bad;
}

/* Creates the net from the reference's names and sizes and copies its
 * parameters into the layer views. */
static int setup(void **state)
{
    fixture *f = *state;
    const ref_net *r = f->ref;
    assert_string_equal(r->name, f->tag);
    assert_true(r->n_layers >= 1 && r->n_layers <= REF_MAX_LAYERS);

    mlp_activation acts[REF_MAX_LAYERS];
    for (size_t l = 0; l < r->n_layers; l++)
        assert_int_equal(mlp_activation_from_name(r->acts[l], &acts[l]), 0);
    mlp_loss loss;
    assert_int_equal(mlp_loss_from_name(r->loss, &loss), 0);

    mlp_error err;
    mlp_error_clear(&err);
    f->net = mlp_net_create(r->n_layers, r->sizes, acts, loss, &err);
    if (!f->net)
        fail_msg("mlp_net_create: %s", err.message);

    size_t n_params = 0;
    for (size_t l = 0; l < r->n_layers; l++) {
        mlp_layer *layer = &f->net->layers[l];
        assert_int_equal(layer->n_in, r->sizes[l]);
        assert_int_equal(layer->n_out, r->sizes[l + 1]);
        memcpy(layer->W, r->W[l], layer->n_out * layer->n_in * sizeof *layer->W);
        memcpy(layer->b, r->b[l], layer->n_out * sizeof *layer->b);
        n_params += layer->n_out * (layer->n_in + 1);
    }
    assert_int_equal(f->net->n_params, n_params);
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (f->ws)
        mlp_workspace_free(f->ws);
    mlp_net_free(f->net);
    f->ws = NULL;
    f->net = NULL;
    return 0;
}

static void make_workspace(fixture *f, size_t chunk_rows)
{
    mlp_error err;
    mlp_error_clear(&err);
    f->ws = mlp_workspace_create(f->net, chunk_rows, &err);
    if (!f->ws)
        fail_msg("mlp_workspace_create: %s", err.message);
    assert_true(mlp_workspace_chunk_rows(f->ws) >= 1);
}

/* Forward pass over all rows, chunk by chunk, compared with the reference
 * outputs. Returns the number of mismatches and adds the values compared. */
static size_t forward_mismatches(fixture *f, size_t *compared, int quiet)
{
    const ref_net *r = f->ref;
    size_t n_in = r->sizes[0], n_out = n_out_of(r);
    size_t chunk = mlp_workspace_chunk_rows(f->ws), bad = 0;
    for (size_t row = 0; row < r->rows; row += chunk) {
        size_t rows = r->rows - row < chunk ? r->rows - row : chunk;
        const double *out = mlp_net_forward(f->net, f->ws, r->X + row * n_in, rows);
        assert_non_null(out);
        bad += count_mismatches("out", out, r->out + row * n_out, rows * n_out, quiet);
        *compared += rows * n_out;
    }
    return bad;
}

/* mlp_net_gradient over all rows, its loss, class count and every dW, db
 * compared with the reference. Stale values are planted in grads first:
 * mlp_net_gradient must zero them itself. */
static size_t gradient_mismatches(fixture *f, size_t *compared, int quiet)
{
    const ref_net *r = f->ref;
    for (size_t i = 0; i < f->net->n_params; i++)
        f->net->grads[i] = 7.0;

    mlp_net_pass pass = mlp_net_gradient(f->net, f->ws, r->X, r->T, r->rows, 1);
    assert_int_equal(pass.rows, r->rows);
    assert_int_equal(pass.correct, r->correct);

    size_t bad = count_mismatches("loss", &pass.loss, &r->loss_value, 1, quiet);
    *compared += 1;
    double norm2 = 0.0;
    for (size_t l = 0; l < r->n_layers; l++) {
        const mlp_layer *layer = &f->net->layers[l];
        size_t nW = layer->n_out * layer->n_in;
        char what[32];
        snprintf(what, sizeof what, "dW%zu", l);
        bad += count_mismatches(what, layer->dW, r->dW[l], nW, quiet);
        snprintf(what, sizeof what, "db%zu", l);
        bad += count_mismatches(what, layer->db, r->db[l], layer->n_out, quiet);
        *compared += nW + layer->n_out;
        for (size_t i = 0; i < nW; i++)
            norm2 += layer->dW[i] * layer->dW[i];
    }
    /* Guard against agreeing on nothing: the reference gradients are far from zero. */
    assert_true(norm2 > 1e-6);
    return bad;
}

/* ------------------------------------------------------------------------ */
/* Tests */

static void forward_should_match_reference_outputs(void **state)
{
    fixture *f = *state;
    make_workspace(f, f->ref->rows);
    size_t compared = 0;
    assert_int_equal(forward_mismatches(f, &compared, 0), 0);
    assert_int_equal(compared, f->ref->rows * n_out_of(f->ref));
}

static void gradient_should_match_reference_loss_and_gradients(void **state)
{
    fixture *f = *state;
    make_workspace(f, f->ref->rows);
    size_t compared = 0;
    assert_int_equal(gradient_mismatches(f, &compared, 0), 0);
    assert_int_equal(compared, 1 + f->net->n_params);
}

/* 5 rows in chunks of 2, 2 and 1: the gradient must accumulate across chunks
 * and scale by 1/divisor of all N rows, not of one chunk. */
static void gradient_should_match_reference_in_chunks_of_two(void **state)
{
    fixture *f = *state;
    make_workspace(f, 2);
    assert_int_equal(mlp_workspace_chunk_rows(f->ws), 2);
    size_t compared = 0;
    assert_int_equal(forward_mismatches(f, &compared, 0), 0);
    assert_int_equal(gradient_mismatches(f, &compared, 0), 0);
    assert_int_equal(compared, f->ref->rows * n_out_of(f->ref) + 1 + f->net->n_params);
}

static void evaluate_should_match_reference_loss_and_class_count(void **state)
{
    fixture *f = *state;
    const ref_net *r = f->ref;
    make_workspace(f, 2);
    mlp_net_pass pass = mlp_net_evaluate(f->net, f->ws, r->X, r->T, r->rows, 1);
    assert_int_equal(pass.rows, r->rows);
    assert_int_equal(pass.correct, r->correct);
    assert_int_equal(count_mismatches("loss", &pass.loss, &r->loss_value, 1, 0), 0);
}

/* The tolerance is tight enough to matter: moving one first-layer weight by
 * one part in 1e9 must push some output or gradient outside it. */
static void reference_should_reject_a_perturbed_weight(void **state)
{
    fixture *f = *state;
    make_workspace(f, f->ref->rows);
    f->net->layers[0].W[0] *= 1.0 + 1e-9;
    size_t compared = 0;
    size_t bad = forward_mismatches(f, &compared, 1) + gradient_mismatches(f, &compared, 1);
    assert_true(bad > 0);
}

#define REF_TEST(fn, i, tag) {#fn "[" #tag "]", fn, setup, teardown, &fixtures[i]}
#define REF_TESTS(i, tag)                                                   \
    REF_TEST(forward_should_match_reference_outputs, i, tag),               \
    REF_TEST(gradient_should_match_reference_loss_and_gradients, i, tag),   \
    REF_TEST(gradient_should_match_reference_in_chunks_of_two, i, tag),     \
    REF_TEST(evaluate_should_match_reference_loss_and_class_count, i, tag), \
    REF_TEST(reference_should_reject_a_perturbed_weight, i, tag)

int main(void)
{
    const struct CMUnitTest tests[] = {
        REF_TESTS(0, tanh_softmax_ce),
        REF_TESTS(1, sigmoid_sigmoid_bce),
        REF_TESTS(2, leaky_linear_mse),
        REF_TESTS(3, softplus_tanh_mse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
