/* SPDX-License-Identifier: MIT */
/* test_net.c: the memory plan, a forward pass computed by hand, chunking
 * that changes nothing, and reproducible, symmetric-breaking initialisation. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "gemm.h"
#include "memlimit.h"
#include "mlp/net.h"

static mlp_net *make(size_t n_layers, const size_t *sizes, const mlp_activation *acts, mlp_loss loss)
{
    mlp_error err;
    mlp_net *net = mlp_net_create(n_layers, sizes, acts, loss, &err);
    if (!net)
        fail_msg("%s", err.message);
    return net;
}

static void plan_should_lay_gradients_out_like_parameters(void **state)
{
    (void)state;
    const size_t sizes[4] = {3, 5, 4, 2};
    const mlp_activation acts[3] = {MLP_ACT_TANH, MLP_ACT_RELU, MLP_ACT_SOFTMAX};
    mlp_net *net = make(3, sizes, acts, MLP_LOSS_CROSS_ENTROPY);
    assert_int_equal(net->n_params, 3 * 5 + 5 + 5 * 4 + 4 + 4 * 2 + 2);
    size_t off = 0;
    for (size_t l = 0; l < 3; l++) {
        const mlp_layer *L = &net->layers[l];
        assert_ptr_equal(L->W, net->params + off);
        assert_ptr_equal(L->dW, net->grads + off);
        off += L->n_in * L->n_out;
        assert_ptr_equal(L->b, net->params + off);
        assert_ptr_equal(L->db, net->grads + off);
        off += L->n_out;
    }
    assert_int_equal(off, net->n_params);
    mlp_net_free(net);
}

static void create_should_reject_what_cannot_train(void **state)
{
    (void)state;
    mlp_error err;
    const size_t sizes[3] = {2, 3, 2};
    const mlp_activation soft_hidden[2] = {MLP_ACT_SOFTMAX, MLP_ACT_SOFTMAX};
    assert_null(mlp_net_create(2, sizes, soft_hidden, MLP_LOSS_CROSS_ENTROPY, &err));
    assert_int_equal(err.code, MLP_ERR_SPEC);
    const mlp_activation tanh_out[2] = {MLP_ACT_TANH, MLP_ACT_TANH};
    assert_null(mlp_net_create(2, sizes, tanh_out, MLP_LOSS_CROSS_ENTROPY, &err));
    assert_non_null(strstr(err.message, "cross_entropy"));
    const size_t zero[3] = {2, 0, 2};
    assert_null(mlp_net_create(2, zero, tanh_out, MLP_LOSS_MSE, &err));
    for (long n = 1; n <= 3; n++) { /* every allocation failure is clean */
        mlp_alloc_fail_after(n);
        mlp_net *net = mlp_net_create(2, sizes, tanh_out, MLP_LOSS_MSE, &err);
        mlp_alloc_fail_after(0);
        assert_null(net);
        assert_int_equal(err.code, MLP_ERR_NOMEM);
        /* 3*2+3 + 2*3+2 = 17 parameters and their gradients, 8 bytes each */
        assert_string_equal(err.message, "out of memory for 17 parameters (needs 272 bytes)");
        assert_string_equal(err.hint, "use smaller layers: the network holds its parameters "
                                      "and their gradients in memory, 16 bytes per parameter");
    }
}

/* A network too big for any machine says how much it needs and what to do;
 * it said "out of memory for 281475060596737 parameters" alone. Its blocks
 * are past MLP_ALLOC_MAX_BYTES, so malloc is never asked. */
static void create_should_say_what_a_too_big_network_needs(void **state)
{
    (void)state;
    mlp_error err;
    const size_t sizes[4] = {2, 16777216, 16777216, 1};
    const mlp_activation acts[3] = {MLP_ACT_TANH, MLP_ACT_TANH, MLP_ACT_SIGMOID};
    assert_null(mlp_net_create(3, sizes, acts, MLP_LOSS_BINARY_CROSS_ENTROPY, &err));
    assert_int_equal(err.code, MLP_ERR_NOMEM);
    assert_string_equal(err.message,
                        "out of memory for 281475060596737 parameters (needs 4.0 PiB)");
    assert_string_equal(err.hint, "use smaller layers: the network holds its parameters and "
                                  "their gradients in memory, 16 bytes per parameter");
}

/* 2-2-1, tanh then sigmoid, with weights chosen by hand:
 *   z1 = (0.5*1 - 0.25*2 + 0.1, 1*1 + 0*2 - 0.5) = (0.1, 0.5)
 *   a1 = tanh(z1); z2 = 2 a1_0 - a1_1 + 0.3; y = sigmoid(z2). */
static void forward_should_equal_a_hand_computation(void **state)
{
    (void)state;
    const size_t sizes[3] = {2, 2, 1};
    const mlp_activation acts[2] = {MLP_ACT_TANH, MLP_ACT_SIGMOID};
    mlp_net *net = make(2, sizes, acts, MLP_LOSS_BINARY_CROSS_ENTROPY);
    const double W1[4] = {0.5, -0.25, 1.0, 0.0}, b1[2] = {0.1, -0.5}, W2[2] = {2.0, -1.0}, b2 = 0.3;
    memcpy(net->layers[0].W, W1, sizeof W1);
    memcpy(net->layers[0].b, b1, sizeof b1);
    memcpy(net->layers[1].W, W2, sizeof W2);
    net->layers[1].b[0] = b2;
    mlp_workspace *ws = mlp_workspace_create(net, 4, NULL);
    const double X[2] = {1.0, 2.0}, T[1] = {1.0};
    const double *y = mlp_net_forward(net, ws, X, 1);
    double z2 = 2 * tanh(0.1) - tanh(0.5) + 0.3;
    double want = 1 / (1 + exp(-z2));
    assert_close(y[0], want, 1e-15);
    assert_close(mlp_net_loss_sum(net, ws, T, 1), -log(want), 1e-14);
    /* The gradient of the output bias under fused BCE is y - t. */
    mlp_net_gradient(net, ws, X, T, 1, 0);
    assert_close(net->layers[1].db[0], want - 1.0, 1e-15);
    assert_close(net->layers[1].dW[0], (want - 1.0) * tanh(0.1), 1e-15);
    mlp_workspace_free(ws);
    mlp_net_free(net);
}

/* The same data in chunks of 1, 3 and 64 rows: the mean loss and the
 * gradient may differ only by summation order (a few ulps). */
static void chunking_should_not_change_the_result(void **state)
{
    (void)state;
    const size_t sizes[3] = {3, 6, 4};
    const mlp_activation acts[2] = {MLP_ACT_RELU, MLP_ACT_SOFTMAX};
    mlp_net *net = make(2, sizes, acts, MLP_LOSS_CROSS_ENTROPY);
    mlp_net_init(net, MLP_INIT_DEFAULT, 3);
    enum { N = 10 };
    double X[N * 3], T[N * 4] = {0};
    for (int i = 0; i < N * 3; i++)
        X[i] = sin(1.7 * i) * 2;
    for (int r = 0; r < N; r++)
        T[r * 4 + r % 4] = 1.0;
    double *g_ref = malloc(net->n_params * sizeof *g_ref);
    double loss_ref = 0;
    const size_t chunks[3] = {64, 1, 3};
    for (int c = 0; c < 3; c++) {
        mlp_workspace *ws = mlp_workspace_create(net, chunks[c], NULL);
        mlp_net_pass p = mlp_net_gradient(net, ws, X, T, N, 1);
        assert_int_equal(p.rows, N);
        if (c == 0) {
            loss_ref = p.loss;
            memcpy(g_ref, net->grads, net->n_params * sizeof *g_ref);
        } else {
            assert_close(p.loss, loss_ref, 1e-14);
            for (size_t i = 0; i < net->n_params; i++)
                assert_close(net->grads[i], g_ref[i], 1e-13);
        }
        mlp_net_pass e = mlp_net_evaluate(net, ws, X, T, N, 1);
        assert_close(e.loss, loss_ref, 1e-14);
        assert_int_equal(e.correct, p.correct);
        mlp_workspace_free(ws);
    }
    free(g_ref);
    mlp_net_free(net);
}

static void init_should_be_reproducible_and_break_symmetry(void **state)
{
    (void)state;
    const size_t sizes[3] = {50, 40, 3};
    const mlp_activation acts[2] = {MLP_ACT_RELU, MLP_ACT_SOFTMAX};
    mlp_net *a = make(2, sizes, acts, MLP_LOSS_CROSS_ENTROPY);
    mlp_net *b = make(2, sizes, acts, MLP_LOSS_CROSS_ENTROPY);
    mlp_net_init(a, MLP_INIT_DEFAULT, 11);
    mlp_net_init(b, MLP_INIT_DEFAULT, 11);
    assert_memory_equal(a->params, b->params, a->n_params * sizeof(double));
    mlp_net_init(b, MLP_INIT_DEFAULT, 12);
    assert_memory_not_equal(a->params, b->params, a->n_params * sizeof(double));
    /* Layer 1 (relu) defaults to He: sample variance near 2/50. Layer 2
     * (softmax) to Xavier: every |w| < sqrt(6/43). Both signs occur. */
    const mlp_layer *L = &a->layers[0];
    size_t n = L->n_in * L->n_out, pos = 0;
    double ss = 0;
    for (size_t i = 0; i < n; i++) {
        ss += L->W[i] * L->W[i];
        pos += L->W[i] > 0;
    }
    assert_close(ss / (double)n, 2.0 / 50, 0.005); /* 2000 draws: sd of the estimate ~ 0.0013 */
    assert_true(pos > n / 3 && pos < 2 * n / 3);
    const mlp_layer *L2 = &a->layers[1];
    for (size_t i = 0; i < L2->n_in * L2->n_out; i++)
        assert_true(fabs(L2->W[i]) < sqrt(6.0 / 43));
    for (size_t j = 0; j < L->n_out; j++)
        assert_true(L->b[j] == 0.0);
    mlp_net_free(a);
    mlp_net_free(b);
}

/* net.h: an init that is none of mlp_init's values is refused, the
 * parameters as they were; it was drawn as xavier without a word. */
static void init_should_refuse_a_value_out_of_the_enum(void **state)
{
    (void)state;
    const size_t sizes[3] = {3, 4, 1};
    const mlp_activation acts[2] = {MLP_ACT_TANH, MLP_ACT_SIGMOID};
    mlp_net *net = make(2, sizes, acts, MLP_LOSS_BINARY_CROSS_ENTROPY);
    assert_int_equal(mlp_net_init(net, MLP_INIT_HE, 3), MLP_OK);
    double *before = malloc(net->n_params * sizeof *before);
    assert_non_null(before);
    memcpy(before, net->params, net->n_params * sizeof *before);
    const int bad[] = {-1, 3, 99};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        assert_int_equal(mlp_net_init(net, (mlp_init)bad[k], 4), MLP_ERR_USAGE);
        assert_memory_equal(net->params, before, net->n_params * sizeof *before);
    }
    /* Every value of the enum still draws. */
    for (int init = MLP_INIT_DEFAULT; init <= MLP_INIT_HE; init++) {
        assert_int_equal(mlp_net_init(net, (mlp_init)init, 4), MLP_OK);
        assert_memory_not_equal(net->params, before, net->n_params * sizeof *before);
    }
    free(before);
    mlp_net_free(net);
}

static void update_should_step_against_the_gradient(void **state)
{
    (void)state;
    const size_t sizes[2] = {1, 1};
    const mlp_activation acts[1] = {MLP_ACT_LINEAR};
    mlp_net *net = make(1, sizes, acts, MLP_LOSS_MSE);
    net->layers[0].W[0] = 1.0;
    net->grads[0] = 0.5;
    net->grads[1] = -2.0;
    mlp_net_update(net, 0.1);
    assert_close(net->layers[0].W[0], 0.95, 1e-16);
    assert_close(net->layers[0].b[0], 0.2, 1e-16);
    mlp_net_zero_grad(net);
    assert_true(net->grads[0] == 0.0 && net->grads[1] == 0.0);
    mlp_net_free(net);
}

static void class_of_should_threshold_or_argmax(void **state)
{
    (void)state;
    const double one[1] = {0.51}, low[1] = {0.5}, three[3] = {0.2, 0.5, 0.3}, tie[2] = {0.5, 0.5};
    assert_int_equal(mlp_net_class_of(one, 1), 1);
    assert_int_equal(mlp_net_class_of(low, 1), 0);
    assert_int_equal(mlp_net_class_of(three, 3), 1);
    assert_int_equal(mlp_net_class_of(tie, 2), 0);
}

/* The tie rules docs/losses.md states: among several units the first of
 * the largest wins wherever the tie sits; one unit y is class 1 only above
 * 0.5, which is the several-unit rule on its pair (1 - y, y). */
static void class_of_should_give_ties_to_the_first(void **state)
{
    (void)state;
    const double middle[3] = {0.1, 0.45, 0.45}, all[4] = {0.25, 0.25, 0.25, 0.25};
    const double last_two[3] = {0.2, 0.4, 0.4}, neg[2] = {-1.0, -1.0};
    assert_int_equal(mlp_net_class_of(middle, 3), 1);
    assert_int_equal(mlp_net_class_of(all, 4), 0);
    assert_int_equal(mlp_net_class_of(last_two, 3), 1);
    assert_int_equal(mlp_net_class_of(neg, 2), 0);
    const double ys[] = {0.0, 0.25, nextafter(0.5, 0.0), 0.5, nextafter(0.5, 1.0), 0.75, 1.0};
    for (size_t k = 0; k < sizeof ys / sizeof ys[0]; k++) {
        double one[1] = {ys[k]}, pair[2] = {1.0 - ys[k], ys[k]};
        assert_int_equal(mlp_net_class_of(one, 1), ys[k] > 0.5);
        assert_int_equal(mlp_net_class_of(one, 1), mlp_net_class_of(pair, 2));
    }
}

typedef struct {
    char seen[32][8];
    size_t layer[32];
    int n;
    double z_out;
} trace_log;

static void record(void *ctx, const char *name, size_t layer, const double *data, size_t rows,
                   size_t cols)
{
    trace_log *t = ctx;
    (void)rows;
    (void)cols;
    if (t->n < 32) {
        snprintf(t->seen[t->n], sizeof t->seen[0], "%s", name);
        t->layer[t->n++] = layer;
    }
    if (strcmp(name, "Z") == 0 && layer == 1)
        t->z_out = data[0];
}

/* The observer sees every step, in order, with the values of the pass. */
static void trace_should_see_every_step_in_order(void **state)
{
    (void)state;
    const size_t sizes[3] = {2, 2, 1};
    const mlp_activation acts[2] = {MLP_ACT_TANH, MLP_ACT_SIGMOID};
    mlp_net *net = make(2, sizes, acts, MLP_LOSS_BINARY_CROSS_ENTROPY);
    mlp_net_init(net, MLP_INIT_XAVIER, 1);
    net->layers[1].b[0] = 0.25;
    mlp_workspace *ws = mlp_workspace_create(net, 4, NULL);
    trace_log t = {0};
    mlp_workspace_set_trace(ws, record, &t);
    const double X[2] = {0.0, 0.0}, T[1] = {1.0};
    mlp_net_gradient(net, ws, X, T, 1, 0);
    const char *want[] = {"Z", "A", "Z", "A", "dZ", "dW", "db", "dA", "dZ", "dW", "db"};
    const size_t want_layer[] = {0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0};
    assert_int_equal(t.n, 11);
    for (int i = 0; i < 11; i++) {
        assert_string_equal(t.seen[i], want[i]);
        assert_int_equal(t.layer[i], want_layer[i]);
    }
    assert_close(t.z_out, 0.25, 1e-15); /* zero input, zero hidden bias: z = b */
    mlp_workspace_set_trace(ws, NULL, NULL);
    t.n = 0;
    mlp_net_gradient(net, ws, X, T, 1, 0);
    assert_int_equal(t.n, 0);
    mlp_workspace_free(ws);
    mlp_net_free(net);
}

/* The rows of a full-batch pass are split into lanes across threads when
 * BLAS has several; ctest runs with OPENBLAS_NUM_THREADS=1, so set the
 * count here. The same count must give the same bits; another count may
 * only change the summation order. */
static void gradient_should_not_depend_on_thread_count(void **state)
{
    (void)state;
    const size_t sizes[3] = {64, 128, 10};
    const mlp_activation acts[2] = {MLP_ACT_RELU, MLP_ACT_SOFTMAX};
    mlp_net *net = make(2, sizes, acts, MLP_LOSS_CROSS_ENTROPY);
    mlp_net_init(net, MLP_INIT_DEFAULT, 5);
    enum { N = 3000 };   /* 3000 x 9610 multiply-adds: enough work for 4 lanes */
    double *X = malloc(N * 64 * sizeof *X), *T = calloc(N * 10, sizeof *T);
    for (int i = 0; i < N * 64; i++)
        X[i] = sin(0.37 * i);
    for (int r = 0; r < N; r++)
        T[r * 10 + r % 10] = 1.0;
    mlp_workspace *ws = mlp_workspace_create(net, 0, NULL);
    mlp_net_pass one = mlp_net_gradient(net, ws, X, T, N, 1);
    double *g1 = malloc(net->n_params * sizeof *g1);
    memcpy(g1, net->grads, net->n_params * sizeof *g1);
    mlp_workspace_free(ws);
    for (int t = 2; t <= 4; t++) {
        mlp_workspace_options wo = {.chunk_rows = 0, .threads = t};
        ws = mlp_workspace_create_with(net, &wo, NULL);
        assert_int_equal(mlp_workspace_threads(ws), t);
        mlp_net_pass p = mlp_net_gradient(net, ws, X, T, N, 1);
        double *g = malloc(net->n_params * sizeof *g);
        memcpy(g, net->grads, net->n_params * sizeof *g);
        mlp_net_pass q = mlp_net_gradient(net, ws, X, T, N, 1);   /* same count: same bits */
        assert_memory_equal(g, net->grads, net->n_params * sizeof *g);
        assert_true(p.loss == q.loss);
        assert_close(p.loss, one.loss, 1e-13);                   /* summation order only */
        assert_int_equal(p.correct, one.correct);
        for (size_t i = 0; i < net->n_params; i++)
            assert_close(g[i], g1[i], 1e-12);
        mlp_net_pass e = mlp_net_evaluate(net, ws, X, T, N, 1);
        assert_close(e.loss, one.loss, 1e-13);
        free(g);
        mlp_workspace_free(ws);
    }
    free(g1);
    free(X);
    free(T);
    mlp_net_free(net);
}

/* The one written form of an architecture (mlppredict --info, messages):
 * the input count with its plural, then each layer's size and activation;
 * cut short, still terminated, in a small buffer. */
static void format_architecture_should_name_every_layer(void **state)
{
    (void)state;
    char out[MLP_ARCH_TEXT_MAX];
    const size_t sizes[] = { 2, 4, 1 };
    const mlp_activation acts[] = { MLP_ACT_TANH, MLP_ACT_SIGMOID };
    assert_string_equal(mlp_net_format_architecture(out, sizeof out, 2, sizes, acts),
                        "2 inputs -> 4 tanh -> 1 sigmoid");
    const size_t one[] = { 1, 3 };
    const mlp_activation soft[] = { MLP_ACT_SOFTMAX };
    assert_string_equal(mlp_net_format_architecture(out, sizeof out, 1, one, soft),
                        "1 input -> 3 softmax");
    char small[12];
    assert_string_equal(mlp_net_format_architecture(small, sizeof small, 2, sizes, acts),
                        "2 inputs ->");
    /* The largest architecture fits: 33 sizes of 8 digits, the longest name. */
    size_t big[MLP_MAX_LAYERS + 1];
    mlp_activation leaky[MLP_MAX_LAYERS];
    for (size_t l = 0; l <= MLP_MAX_LAYERS; l++)
        big[l] = MLP_MAX_UNITS;
    for (size_t l = 0; l < MLP_MAX_LAYERS; l++)
        leaky[l] = MLP_ACT_LEAKY_RELU;
    mlp_net_format_architecture(out, sizeof out, MLP_MAX_LAYERS, big, leaky);
    assert_true(strlen(out) < sizeof out - 1);
    assert_non_null(strstr(out, "-> 16777216 leaky_relu"));
    assert_string_equal(out + strlen(out) - strlen(" -> 16777216 leaky_relu"),
                        " -> 16777216 leaky_relu");
}

/* A workspace holds one chunk: more rows than that once wrote past its
 * buffers (heap overflow); now the pass refuses them and touches nothing. */
static void forward_should_refuse_more_rows_than_a_chunk(void **state)
{
    (void)state;
    const size_t sizes[3] = {2, 8, 1};
    const mlp_activation acts[2] = {MLP_ACT_TANH, MLP_ACT_SIGMOID};
    mlp_net *net = make(2, sizes, acts, MLP_LOSS_BINARY_CROSS_ENTROPY);
    mlp_net_init(net, MLP_INIT_DEFAULT, 1);
    mlp_workspace *ws = mlp_workspace_create(net, 4, NULL);
    assert_int_equal(mlp_workspace_chunk_rows(ws), 4);
    double X[2 * 1000] = {0};
    assert_null(mlp_net_forward(net, ws, X, 5));
    assert_null(mlp_net_forward(net, ws, X, 1000));
    assert_non_null(mlp_net_forward(net, ws, X, 4));
    mlp_workspace_free(ws);
    /* The default chunk is the one net.h states, for a net this small. */
    ws = mlp_workspace_create(net, 0, NULL);
    assert_int_equal(mlp_workspace_chunk_rows(ws), MLP_NET_DEFAULT_CHUNK_ROWS);
    mlp_workspace_free(ws);
    mlp_net_free(net);
}

/* A workspace's buffers are cut for the widths of the net it was made for:
 * mlp_net_forward of a 2-300-1 net through the workspace of a 2-4-1 one
 * wrote 300 values a row into room for 4 and corrupted the heap. Every pass
 * refuses another shape, touching nothing, as forward refuses too many
 * rows; a net of the same shape with other activations is served. */
static void a_workspace_should_refuse_a_network_of_another_shape(void **state)
{
    (void)state;
    const size_t small[3] = {2, 4, 1}, wide[3] = {2, 300, 1}, deep[4] = {2, 4, 4, 1};
    const mlp_activation acts[3] = {MLP_ACT_TANH, MLP_ACT_TANH, MLP_ACT_SIGMOID};
    const mlp_activation other[2] = {MLP_ACT_RELU, MLP_ACT_SIGMOID};
    mlp_net *net = make(2, small, acts + 1, MLP_LOSS_BINARY_CROSS_ENTROPY);
    mlp_net *same = make(2, small, other, MLP_LOSS_BINARY_CROSS_ENTROPY);
    mlp_net *nets[2] = {make(2, wide, acts + 1, MLP_LOSS_BINARY_CROSS_ENTROPY),
                        make(3, deep, acts, MLP_LOSS_BINARY_CROSS_ENTROPY)};
    mlp_workspace *ws = mlp_workspace_create(net, 8, NULL);
    assert_non_null(ws);
    double X[2 * 8] = {0.5, -1, 1, 2, 0, 0.25}, T[8] = {1, 0, 1};
    mlp_error err;
    for (size_t k = 0; k < 2; k++) {
        mlp_net *o = nets[k];
        mlp_net_init(o, MLP_INIT_DEFAULT, 5);
        for (size_t i = 0; i < o->n_params; i++)
            o->grads[i] = 7.0; /* a pass that ran would zero or change them */
        assert_null(mlp_net_forward(o, ws, X, 3));
        assert_true(isnan(mlp_net_loss_sum(o, ws, T, 3)));
        mlp_net_backward(o, ws, X, T, 3, 1.0);
        mlp_net_pass e = mlp_net_evaluate(o, ws, X, T, 3, 1);
        assert_int_equal(e.rows, 0);
        assert_true(isnan(e.loss));
        mlp_net_pass g = mlp_net_gradient(o, ws, X, T, 3, 0);
        assert_int_equal(g.rows, 0);
        for (size_t i = 0; i < o->n_params; i++)
            assert_true(o->grads[i] == 7.0);
        assert_int_equal(mlp_workspace_check(ws, o, &err), MLP_ERR_USAGE);
        assert_string_equal(err.message,
                            k == 0 ? "the workspace was made for a network of layers [2, 4, 1], "
                                     "not of layers [2, 300, 1]"
                                   : "the workspace was made for a network of layers [2, 4, 1], "
                                     "not of layers [2, 4, 4, 1]");
        assert_string_equal(err.hint, "make a workspace for this network (mlp_workspace_create); "
                                      "a workspace serves networks of one shape");
    }
    /* The same widths with other activations: served, as its own would. */
    mlp_net_init(same, MLP_INIT_DEFAULT, 5);
    mlp_workspace *own = mlp_workspace_create(same, 8, NULL);
    assert_int_equal(mlp_workspace_check(ws, same, &err), MLP_OK);
    mlp_net_pass a = mlp_net_evaluate(same, ws, X, T, 3, 1);
    mlp_net_pass b = mlp_net_evaluate(same, own, X, T, 3, 1);
    assert_int_equal(a.rows, 3);
    assert_memory_equal(&a.loss, &b.loss, sizeof a.loss);
    mlp_workspace_free(own);
    mlp_workspace_free(ws);
    mlp_net_free(nets[1]);
    mlp_net_free(nets[0]);
    mlp_net_free(same);
    mlp_net_free(net);
}

/* mlp_net_predict takes any number of rows and gives what forward gives
 * row by row, across chunk boundaries. */
static void predict_should_chunk_any_number_of_rows(void **state)
{
    (void)state;
    const size_t sizes[4] = {2, 16, 16, 3};
    const mlp_activation acts[3] = {MLP_ACT_TANH, MLP_ACT_RELU, MLP_ACT_SOFTMAX};
    mlp_net *net = make(3, sizes, acts, MLP_LOSS_CROSS_ENTROPY);
    mlp_net_init(net, MLP_INIT_DEFAULT, 5);
    size_t N = 3 * MLP_NET_DEFAULT_CHUNK_ROWS + 7;
    double *X = malloc(N * 2 * sizeof *X), *Y = malloc(N * 3 * sizeof *Y);
    assert_non_null(X);
    assert_non_null(Y);
    for (size_t i = 0; i < N * 2; i++)
        X[i] = sin(0.37 * (double)i) * 3;
    mlp_error err;
    assert_int_equal(mlp_net_predict(net, X, N, Y, &err), MLP_OK);
    mlp_workspace *ws = mlp_workspace_create(net, 1, NULL);
    const size_t probe[4] = {0, MLP_NET_DEFAULT_CHUNK_ROWS - 1, MLP_NET_DEFAULT_CHUNK_ROWS, N - 1};
    for (int k = 0; k < 4; k++) {
        const double *y = mlp_net_forward(net, ws, X + probe[k] * 2, 1);
        for (size_t j = 0; j < 3; j++)
            assert_close(Y[probe[k] * 3 + j], y[j], 1e-15);
    }
    mlp_workspace_free(ws);
    assert_int_equal(mlp_net_predict(net, X, 0, Y, &err), MLP_OK);
    assert_int_equal(mlp_net_predict(net, NULL, N, Y, &err), MLP_ERR_USAGE);
    assert_non_null(strstr(err.message, "X"));
    assert_int_equal(mlp_net_predict(NULL, X, N, Y, &err), MLP_ERR_USAGE);
    for (long n = 1; n <= 4; n++) { /* every allocation failure is clean */
        mlp_alloc_fail_after(n);
        mlp_status st = mlp_net_predict(net, X, N, Y, &err);
        mlp_alloc_fail_after(0);
        assert_true(st == MLP_OK || st == MLP_ERR_NOMEM);
    }
    free(X);
    free(Y);
    mlp_net_free(net);
}

/* A workspace that does not fit says its size: per lane the chunk's
 * buffers (10 rows of 3 + 2 + 2 + 2*3 = 13 values) and a gradient block of
 * 17, 8 bytes each: (130 + 17) * 8 = 1176 bytes; with 2 threads, twice. */
static void workspace_should_say_what_it_needs(void **state)
{
    (void)state;
    const size_t sizes[3] = {2, 3, 2};
    const mlp_activation acts[2] = {MLP_ACT_TANH, MLP_ACT_SOFTMAX};
    mlp_net *net = make(2, sizes, acts, MLP_LOSS_CROSS_ENTROPY);
    mlp_error err;
    mlp_alloc_fail_after(1);
    mlp_workspace *ws = mlp_workspace_create(net, 10, &err);
    mlp_alloc_fail_after(0);
    assert_null(ws);
    assert_int_equal(err.code, MLP_ERR_NOMEM);
    assert_string_equal(err.message,
                        "out of memory for a workspace of 10 rows x 13 values (needs 1.1 KiB)");
    assert_string_equal(err.hint, "use smaller layers");
    /* With 2 threads, fewer of them in the words of where the count came
     * from (memlimit.h): --threads when the program said so, else the
     * environment (mlpplot has no --threads; it was once told to use fewer). */
    mlp_memlimit_set_threads_option(1);
    mlp_alloc_fail_after(1);
    ws = mlp_workspace_create_with(net, &(mlp_workspace_options){.chunk_rows = 10, .threads = 2},
                                   &err);
    mlp_alloc_fail_after(0);
    assert_null(ws);
    assert_string_equal(err.message,
                        "out of memory for a workspace of 10 rows x 13 values (needs 2.3 KiB)");
    assert_string_equal(err.hint, "use fewer --threads (each has its own workspace), or smaller "
                                  "layers");
    mlp_memlimit_set_threads_option(0);
    mlp_alloc_fail_after(1);
    ws = mlp_workspace_create_with(net, &(mlp_workspace_options){.chunk_rows = 10, .threads = 2},
                                   &err);
    mlp_alloc_fail_after(0);
    assert_null(ws);
    assert_string_equal(err.hint, "use fewer threads: OPENBLAS_NUM_THREADS=1 (each has its own "
                                  "workspace), or smaller layers");
    mlp_net_free(net);
}

/* A NULL where a pointer is required is refused with a message, not a crash. */
static void create_should_refuse_null_arrays(void **state)
{
    (void)state;
    mlp_error err;
    const size_t sizes[2] = {2, 1};
    const mlp_activation acts[1] = {MLP_ACT_SIGMOID};
    assert_null(mlp_net_create(1, NULL, acts, MLP_LOSS_MSE, &err));
    assert_int_equal(err.code, MLP_ERR_USAGE);
    assert_non_null(strstr(err.message, "sizes"));
    assert_null(mlp_net_create(1, sizes, NULL, MLP_LOSS_MSE, &err));
    assert_non_null(strstr(err.message, "acts"));
    assert_null(mlp_workspace_create(NULL, 0, &err));
    assert_int_equal(err.code, MLP_ERR_USAGE);
    assert_non_null(strstr(err.hint, "make the network first"));
    /* The options missing are not a network to make (that was the hint). */
    mlp_net *net = mlp_net_create(1, sizes, acts, MLP_LOSS_MSE, &err);
    assert_non_null(net);
    assert_null(mlp_workspace_create_with(net, NULL, &err));
    assert_int_equal(err.code, MLP_ERR_USAGE);
    assert_string_equal(err.message, "mlp_workspace_create: the options record is NULL");
    assert_null(strstr(err.hint, "network"));
    assert_non_null(strstr(err.hint, "mlp_workspace_options"));
    mlp_net_free(net);
    /* A loss code out of range is said as such, as an activation code is
     * (it was 'loss "?" cannot follow a linear output layer'). */
    assert_null(mlp_net_create(1, sizes, acts, (mlp_loss)99, &err));
    assert_int_equal(err.code, MLP_ERR_SPEC);
    assert_string_equal(err.message, "unknown loss code 99");
    assert_string_equal(err.hint, "pass an mlp_loss below MLP_LOSS_COUNT, or mlp_loss_from_name's "
                                  "value of a loss's name (include/mlp/loss.h)");
}

/* Each refusal of mlp_net_create says what to pass (error.h's "what is
 * wrong; what to do"): these said only what was wrong. */
static void create_should_say_what_to_pass(void **state)
{
    (void)state;
    mlp_error err;
    const size_t sizes[3] = {2, 3, 1}, zero[3] = {2, 0, 1};
    const mlp_activation acts[2] = {MLP_ACT_TANH, MLP_ACT_SIGMOID};
    const mlp_activation odd[2] = {(mlp_activation)99, MLP_ACT_SIGMOID};
    assert_null(mlp_net_create(0, sizes, acts, MLP_LOSS_MSE, &err));
    assert_string_equal(err.message, "a network needs 1 to 32 layers, not 0");
    assert_string_equal(err.hint, "pass n_layers, the weight layers (the sizes but the input's), "
                                  "within that range");
    assert_null(mlp_net_create(2, zero, acts, MLP_LOSS_MSE, &err));
    assert_string_equal(err.message, "layer size 0 is out of range 1..16777216");
    assert_string_equal(err.hint, "give every layer 1 to MLP_MAX_UNITS units (include/mlp/net.h)");
    assert_null(mlp_net_create(2, sizes, odd, MLP_LOSS_MSE, &err));
    assert_string_equal(err.message, "unknown activation code 99");
    assert_string_equal(err.hint, "pass an mlp_activation below MLP_ACT_COUNT, or "
                                  "mlp_activation_from_name's value of an activation's name "
                                  "(include/mlp/activation.h)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plan_should_lay_gradients_out_like_parameters),
        cmocka_unit_test(create_should_reject_what_cannot_train),
        cmocka_unit_test(create_should_say_what_a_too_big_network_needs),
        cmocka_unit_test(workspace_should_say_what_it_needs),
        cmocka_unit_test(format_architecture_should_name_every_layer),
        cmocka_unit_test(forward_should_equal_a_hand_computation),
        cmocka_unit_test(chunking_should_not_change_the_result),
        cmocka_unit_test(forward_should_refuse_more_rows_than_a_chunk),
        cmocka_unit_test(a_workspace_should_refuse_a_network_of_another_shape),
        cmocka_unit_test(predict_should_chunk_any_number_of_rows),
        cmocka_unit_test(create_should_refuse_null_arrays),
        cmocka_unit_test(create_should_say_what_to_pass),
        cmocka_unit_test(init_should_be_reproducible_and_break_symmetry),
        cmocka_unit_test(init_should_refuse_a_value_out_of_the_enum),
        cmocka_unit_test(update_should_step_against_the_gradient),
        cmocka_unit_test(class_of_should_threshold_or_argmax),
        cmocka_unit_test(class_of_should_give_ties_to_the_first),
        cmocka_unit_test(trace_should_see_every_step_in_order),
        cmocka_unit_test(gradient_should_not_depend_on_thread_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
