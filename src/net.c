/* SPDX-License-Identifier: MIT */
/* net.c: the memory plan of a network, its initialisation, and the forward
 * and backward passes that training, the gradient check and prediction all
 * share. Arithmetic lives in activation.c, loss.c and gemm.c; this file only
 * lays out memory and calls those kernels in order (backward in exactly the
 * reverse order of forward), and, for whole data sets, splits the rows
 * across threads ("lanes"). */
#include "mlp/net.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "gemm.h"
#include "memlimit.h"
#include "mlp/pool.h"
#include "plural.h"
#include "pool_blas.h"
#include "rng.h"

static const char *const init_names[] = {"default", "xavier", "he"};

const char *mlp_init_name(mlp_init init)
{
    return (unsigned)init <= MLP_INIT_HE ? init_names[init] : "?";
}

int mlp_init_from_name(const char *name, mlp_init *out)
{
    for (int i = 0; i <= MLP_INIT_HE; i++) {
        if (strcmp(name, init_names[i]) == 0) {
            *out = (mlp_init)i;
            return 0;
        }
    }
    return -1;
}

/* ---------------------------------------------------------------------------
 * Memory plan: one block for parameters and one for gradients, both laid out
 * per layer as W (n_out x n_in) then b (n_out), so that a gradient has the
 * offset of its parameter. */

static void point_views(mlp_net *net)
{
    size_t off = 0;
    for (size_t l = 0; l < net->n_layers; l++) {
        mlp_layer *L = &net->layers[l];
        L->W = net->params + off;
        L->dW = net->grads + off;
        off += L->n_out * L->n_in;
        L->b = net->params + off;
        L->db = net->grads + off;
        off += L->n_out;
    }
}

const char *mlp_net_format_architecture(char *out, size_t cap, size_t n_layers,
                                        const size_t *sizes, const mlp_activation *acts)
{
    if (!cap)
        return out;
    size_t k = (size_t)snprintf(out, cap, "%zu input%s", sizes[0], mlp_plural(sizes[0], "", "s"));
    for (size_t l = 0; l < n_layers && k < cap; l++)
        k += (size_t)snprintf(out + k, cap - k, " -> %zu %s", sizes[l + 1],
                              mlp_activation_name(acts[l]));
    return out;
}

const char *mlp_net_describe(char *out, size_t cap, const mlp_net *net)
{
    mlp_activation acts[MLP_MAX_LAYERS];
    for (size_t l = 0; l < net->n_layers; l++)
        acts[l] = net->layers[l].act;
    return mlp_net_format_architecture(out, cap, net->n_layers, net->sizes, acts);
}

mlp_net *mlp_net_create(size_t n_layers, const size_t *sizes, const mlp_activation *acts,
                        mlp_loss loss, mlp_error *err)
{
    if (!sizes || !acts) {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "mlp_net_create: %s is NULL",
                      !sizes ? "sizes" : "acts");
        mlp_error_hint(err, "pass n_layers + 1 layer sizes and n_layers activations");
        return NULL;
    }
    if (n_layers < 1 || n_layers > MLP_MAX_LAYERS) {
        mlp_error_set(err, MLP_ERR_SPEC, NULL, 0, 0, "a network needs 1 to %d layers, not %zu",
                      MLP_MAX_LAYERS, n_layers);
        mlp_error_hint(err, "pass n_layers, the weight layers (the sizes but the input's), "
                            "within that range");
        return NULL;
    }
    size_t n_params = 0;
    for (size_t l = 0; l <= n_layers; l++) {
        if (sizes[l] < 1 || sizes[l] > MLP_MAX_UNITS) {
            mlp_error_set(err, MLP_ERR_SPEC, NULL, 0, 0, "layer size %zu is out of range 1..%u",
                          sizes[l], MLP_MAX_UNITS);
            mlp_error_hint(err, "give every layer 1 to MLP_MAX_UNITS units (include/mlp/net.h)");
            return NULL;
        }
    }
    for (size_t l = 0; l < n_layers; l++) {
        if ((unsigned)acts[l] >= MLP_ACT_COUNT) {
            mlp_error_set(err, MLP_ERR_SPEC, NULL, 0, 0, "unknown activation code %d", (int)acts[l]);
            mlp_error_hint(err, "pass an mlp_activation below MLP_ACT_COUNT, or "
                                "mlp_activation_from_name's value of an activation's name "
                                "(include/mlp/activation.h)");
            return NULL;
        }
        if ((mlp_activation_info_of(acts[l])->flags & MLP_ACT_FLAG_ROWS) && l + 1 < n_layers) {
            mlp_error_set(err, MLP_ERR_SPEC, NULL, 0, 0, "%s is only allowed on the output layer",
                          mlp_activation_name(acts[l]));
            return NULL;
        }
        /* Both factors are <= 2^24, so the product and the sum stay far below SIZE_MAX. */
        n_params += sizes[l + 1] * sizes[l] + sizes[l + 1];
    }
    if ((unsigned)loss >= MLP_LOSS_COUNT) {
        mlp_error_set(err, MLP_ERR_SPEC, NULL, 0, 0, "unknown loss code %d", (int)loss);
        mlp_error_hint(err, "pass an mlp_loss below MLP_LOSS_COUNT, or mlp_loss_from_name's "
                            "value of a loss's name (include/mlp/loss.h)");
        return NULL;
    }
    if (!mlp_loss_accepts(loss, acts[n_layers - 1])) {
        mlp_error_set(err, MLP_ERR_SPEC, NULL, 0, 0, "loss \"%s\" cannot follow a %s output layer",
                      mlp_loss_name(loss), mlp_activation_name(acts[n_layers - 1]));
        return NULL;
    }

    mlp_net *net = mlp_alloc_zero(1, sizeof *net);
    if (!net)
        goto nomem;
    net->n_layers = n_layers;
    net->loss = loss;
    net->n_params = n_params;
    for (size_t l = 0; l <= n_layers; l++)
        net->sizes[l] = sizes[l];
    for (size_t l = 0; l < n_layers; l++) {
        net->layers[l].n_in = sizes[l];
        net->layers[l].n_out = sizes[l + 1];
        net->layers[l].act = acts[l];
    }
    net->params = mlp_alloc_zero(n_params, sizeof *net->params);
    net->grads = mlp_alloc_zero(n_params, sizeof *net->grads);
    if (!net->params || !net->grads)
        goto nomem;
    point_views(net);
    return net;
nomem:
    mlp_net_free(net);
    /* the weights and their gradients, 8 bytes each */
    mlp_alloc_error(err, NULL, 2.0 * 8.0 * (double)n_params,
                    "use smaller layers: the network holds its parameters and their gradients "
                    "in memory, 16 bytes per parameter",
                    "%zu parameters", n_params);
    return NULL;
}

void mlp_net_free(mlp_net *net)
{
    if (!net)
        return;
    free(net->params);
    free(net->grads);
    free(net);
}

/* Xavier (Glorot) keeps the variance of activations and gradients about
 * equal across tanh/sigmoid layers: U(-a, a), a = sqrt(6/(n_in+n_out)).
 * He compensates for relu zeroing half its inputs: N(0, 2/n_in).
 * Both draw positive and negative weights, so hidden units start apart. */
mlp_status mlp_net_init(mlp_net *net, mlp_init init, uint64_t seed)
{
    /* A value out of the enum was drawn as xavier, silently: refused. */
    if (init != MLP_INIT_DEFAULT && init != MLP_INIT_XAVIER && init != MLP_INIT_HE)
        return MLP_ERR_USAGE;
    mlp_rng rng;
    mlp_rng_seed(&rng, seed);
    for (size_t l = 0; l < net->n_layers; l++) {
        mlp_layer *L = &net->layers[l];
        mlp_init how = init;
        if (how == MLP_INIT_DEFAULT)
            how = mlp_activation_info_of(L->act)->flags & MLP_ACT_FLAG_HE_INIT ? MLP_INIT_HE
                                                                                 : MLP_INIT_XAVIER;
        size_t n = L->n_out * L->n_in;
        if (how == MLP_INIT_HE) {
            double sd = sqrt(2.0 / (double)L->n_in);
            for (size_t i = 0; i < n; i++)
                L->W[i] = sd * mlp_rng_normal(&rng);
        } else {
            double a = sqrt(6.0 / (double)(L->n_in + L->n_out));
            for (size_t i = 0; i < n; i++)
                L->W[i] = a * (2.0 * mlp_rng_uniform(&rng) - 1.0);
        }
        memset(L->b, 0, L->n_out * sizeof *L->b);
    }
    return MLP_OK;
}

/* ---------------------------------------------------------------------------
 * Workspace: for a chunk of rows, each layer's output A, the output layer's
 * logits Z (the fused losses need them), and two scratch buffers of the widest
 * layer that backward alternates between for dZ and dA. One such set per
 * lane: the batch helpers split the rows of a data set into one contiguous
 * range per lane (mlp_pool_range), each lane runs forward and backward over
 * its range in chunks as one part of a job on the workspace's thread pool,
 * with single-threaded BLAS; lanes other than the
 * first accumulate into gradient blocks of their own, and the blocks are
 * added in lane order at the end. The split depends only on the number of
 * rows and lanes, so the same thread count gives the same bits; a different
 * count changes the order of the sums, nothing else. */

#define MLP_MAX_LANES 64

typedef struct {
    double *A[MLP_MAX_LAYERS];      /* (chunk_rows, sizes[l+1]) */
    double *Z_out;                  /* (chunk_rows, sizes[n_layers]) */
    double *grad[2];                /* (chunk_rows, max width) */
    double *grads;                  /* n_params: the lane's gradient block (lanes > 0) */
} lane;

struct mlp_workspace {
    size_t chunk_rows;
    size_t n_layers;
    size_t sizes[MLP_MAX_LAYERS + 1]; /* the shape its buffers are cut for (n_layers + 1) */
    size_t n_lanes;                 /* 1..MLP_MAX_LANES: the thread count it was made with */
    double *block;                  /* owned; every lane's buffers point into it */
    lane *lanes;                    /* n_lanes; owned */
    mlp_pool *pool;                 /* owned; n_lanes threads, started by the first pass
                                       that uses more than one lane */
    mlp_trace_fn trace;             /* observer, or NULL */
    void *trace_ctx;
};

void mlp_workspace_set_trace(mlp_workspace *ws, mlp_trace_fn fn, void *ctx)
{
    ws->trace = fn;
    ws->trace_ctx = ctx;
}

#define TRACE(ws, name, layer, data, rows, cols)                                          \
    do {                                                                                  \
        if ((ws)->trace)                                                                  \
            (ws)->trace((ws)->trace_ctx, name, layer, data, rows, cols);                  \
    } while (0)

/* Default chunk (net.h): enough rows that each GEMM is large, few enough
 * that the workspace stays near MLP_NET_WORKSPACE_DOUBLES doubles per lane. */

mlp_workspace *mlp_workspace_create(const mlp_net *net, size_t chunk_rows, mlp_error *err)
{
    mlp_workspace_options o = {.chunk_rows = chunk_rows, .threads = 1};
    return mlp_workspace_create_with(net, &o, err);
}

mlp_workspace *mlp_workspace_create_with(const mlp_net *net, const mlp_workspace_options *opts,
                                         mlp_error *err)
{
    if (!net || !opts) {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "mlp_workspace_create: %s is NULL",
                      !net ? "the network" : "the options record");
        if (!net)
            mlp_error_hint(err, "make the network first (mlp_net_create or mlp_weights_read)");
        else
            mlp_error_hint(err, "pass an mlp_workspace_options ({.chunk_rows = 0, .threads = 1} "
                                "are the defaults), or call mlp_workspace_create");
        return NULL;
    }
    size_t chunk_rows = opts->chunk_rows;
    size_t per_row = 0, widest = 0;
    for (size_t l = 1; l <= net->n_layers; l++)
        per_row += net->sizes[l];
    for (size_t l = 0; l <= net->n_layers; l++)
        widest = net->sizes[l] > widest ? net->sizes[l] : widest;
    per_row += net->sizes[net->n_layers] + 2 * widest;
    if (chunk_rows == 0) {
        chunk_rows = MLP_NET_WORKSPACE_DOUBLES / per_row;
        chunk_rows = chunk_rows > MLP_NET_DEFAULT_CHUNK_ROWS ? MLP_NET_DEFAULT_CHUNK_ROWS
                                                             : chunk_rows;
        chunk_rows = chunk_rows < 1 ? 1 : chunk_rows;
    }
    if (chunk_rows > MLP_NET_MAX_CHUNK_ROWS)
        chunk_rows = MLP_NET_MAX_CHUNK_ROWS; /* keeps every GEMM dimension within int */
    int threads = opts->threads;
    size_t n_lanes = threads < 1 ? 1 : threads > MLP_MAX_LANES ? MLP_MAX_LANES : (size_t)threads;

    mlp_workspace *ws = mlp_alloc_zero(1, sizeof *ws);
    lane *lanes = mlp_alloc_zero(n_lanes, sizeof *lanes);
    mlp_pool *pool = mlp_pool_create((int)n_lanes, err);
    double *block = NULL;
    size_t per_lane = 0, total = 0;
    /* per lane: the chunk's buffers and a gradient block */
    if (per_row <= (SIZE_MAX - net->n_params) / chunk_rows) {
        per_lane = chunk_rows * per_row + net->n_params;
        if (per_lane <= SIZE_MAX / n_lanes) {
            total = per_lane * n_lanes;
            block = mlp_alloc(total, sizeof *block);
        }
    }
    if (!ws || !lanes || !block || !pool) {
        free(ws);
        free(lanes);
        free(block);
        mlp_pool_free(pool);
        /* per lane: the chunk's buffers and a gradient block, 8 bytes a value.
         * Fewer threads in the words of where the count came from (--threads,
         * or the environment: mlpplot has no --threads), as memlimit.c says
         * it. */
        char hint[128] = "use smaller layers";
        if (n_lanes > 1)
            snprintf(hint, sizeof hint, "%s (each has its own workspace), or smaller layers",
                     mlp_memlimit_fewer_threads());
        mlp_alloc_error(err, NULL,
                        8.0 * (double)n_lanes * ((double)chunk_rows * (double)per_row +
                                                 (double)net->n_params),
                        hint,
                        "a workspace of %zu row%s x %zu value%s", chunk_rows,
                        mlp_plural(chunk_rows, "", "s"), per_row, mlp_plural(per_row, "", "s"));
        return NULL;
    }
    ws->chunk_rows = chunk_rows;
    ws->n_layers = net->n_layers;
    memcpy(ws->sizes, net->sizes, (net->n_layers + 1) * sizeof *ws->sizes);
    ws->n_lanes = n_lanes;
    ws->block = block;
    ws->lanes = lanes;
    ws->pool = pool;
    double *p = block;
    for (size_t k = 0; k < n_lanes; k++) {
        lane *ln = &lanes[k];
        for (size_t l = 0; l < net->n_layers; l++) {
            ln->A[l] = p;
            p += chunk_rows * net->sizes[l + 1];
        }
        ln->Z_out = p;
        p += chunk_rows * net->sizes[net->n_layers];
        ln->grad[0] = p;
        p += chunk_rows * widest;
        ln->grad[1] = p;
        p += chunk_rows * widest;
        ln->grads = k > 0 ? p : NULL;
        p += net->n_params;
    }
    return ws;
}

void mlp_workspace_free(mlp_workspace *ws)
{
    if (!ws)
        return;
    mlp_pool_free(ws->pool);
    free(ws->block);
    free(ws->lanes);
    free(ws);
}

size_t mlp_workspace_chunk_rows(const mlp_workspace *ws)
{
    return ws->chunk_rows;
}

int mlp_workspace_threads(const mlp_workspace *ws)
{
    return (int)ws->n_lanes;
}

const double *mlp_workspace_output(const mlp_workspace *ws, size_t layer)
{
    return ws->lanes[0].A[layer];
}

/* 1 when net has the shape ws was cut for. Its buffers are sized by every
 * layer's width and the gradient count, so a wider net would write past
 * them (a 2-300-1 net through the workspace of a 2-4-1 one corrupted the
 * heap). A few integers a call, never a row: the passes check it. */
static int fits(const mlp_workspace *ws, const mlp_net *net)
{
    return ws->n_layers == net->n_layers &&
           memcmp(ws->sizes, net->sizes, (net->n_layers + 1) * sizeof *ws->sizes) == 0;
}

/* Writes sizes[0..n_layers] as "[2, 4, 1]", the spec's "layers". */
static const char *shape_text(char *out, size_t cap, size_t n_layers, const size_t *sizes)
{
    size_t at = 0;
    out[0] = '\0';
    for (size_t l = 0; l <= n_layers && at < cap; l++) {
        int n = snprintf(out + at, cap - at, "%s%zu%s", l ? ", " : "[", sizes[l],
                         l == n_layers ? "]" : "");
        if (n < 0)
            break;
        at += (size_t)n;
    }
    return out;
}

mlp_status mlp_workspace_check(const mlp_workspace *ws, const mlp_net *net, mlp_error *err)
{
    if (!ws || !net) {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "mlp_workspace_check: %s is NULL",
                      !ws ? "the workspace" : "the network");
        mlp_error_hint(err, "pass a network and a workspace made for it (mlp_workspace_create)");
        return MLP_ERR_USAGE;
    }
    if (fits(ws, net))
        return MLP_OK;
    /* (MLP_MAX_LAYERS + 1) sizes of up to 8 digits and ", ": 400 bytes. */
    char made[512], given[512];
    mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                  "the workspace was made for a network of layers %s, not of layers %s",
                  shape_text(made, sizeof made, ws->n_layers, ws->sizes),
                  shape_text(given, sizeof given, net->n_layers, net->sizes));
    mlp_error_hint(err, "make a workspace for this network (mlp_workspace_create); a workspace "
                        "serves networks of one shape");
    return MLP_ERR_USAGE;
}

/* ---------------------------------------------------------------------------
 * Forward: Z = X W^T + b, A = f(Z), layer by layer. Hidden layers compute Z
 * in the A buffer and apply f in place; the output layer keeps Z apart. */

static const double *forward_lane(const mlp_net *net, const mlp_workspace *ws, lane *ln,
                                  const double *X, size_t rows)
{
    const double *in = X;
    for (size_t l = 0; l < net->n_layers; l++) {
        const mlp_layer *L = &net->layers[l];
        int last = l + 1 == net->n_layers;
        double *Z = last ? ln->Z_out : ln->A[l];
        mlp_gemm_affine(in, L->W, L->b, Z, rows, L->n_in, L->n_out);
        TRACE(ws, "Z", l, Z, rows, L->n_out);
        mlp_activation_forward(L->act, Z, ln->A[l], rows, L->n_out);
        TRACE(ws, "A", l, ln->A[l], rows, L->n_out);
        in = ln->A[l];
    }
    return ln->A[net->n_layers - 1];
}

const double *mlp_net_forward(const mlp_net *net, mlp_workspace *ws, const double *X, size_t rows)
{
    /* The lane's buffers hold one chunk of the shape they were cut for:
     * more rows, or another shape, would write past them. */
    if (rows > ws->chunk_rows || !fits(ws, net))
        return NULL;
    return forward_lane(net, ws, &ws->lanes[0], X, rows);
}

mlp_status mlp_net_predict(const mlp_net *net, const double *X, size_t N, double *Y,
                           mlp_error *err)
{
    if (!net || (N > 0 && (!X || !Y))) {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "mlp_net_predict: %s is NULL",
                      !net ? "the network" : !X ? "X" : "Y");
        mlp_error_hint(err, "pass N rows of inputs in X and room for N rows of outputs in Y");
        return MLP_ERR_USAGE;
    }
    mlp_workspace *ws = mlp_workspace_create(net, 0, err);
    if (!ws)
        return MLP_ERR_NOMEM;
    size_t chunk = ws->chunk_rows, n_in = net->sizes[0], n_out = net->sizes[net->n_layers];
    for (size_t r0 = 0; r0 < N; r0 += chunk) {
        size_t rows = N - r0 < chunk ? N - r0 : chunk;
        const double *y = forward_lane(net, ws, &ws->lanes[0], X + r0 * n_in, rows);
        memcpy(Y + r0 * n_out, y, rows * n_out * sizeof *Y);
    }
    mlp_workspace_free(ws);
    return MLP_OK;
}

const double *mlp_net_forward_logits(const mlp_workspace *ws)
{
    return ws->lanes[0].Z_out;
}

static double loss_sum_lane(const mlp_net *net, const lane *ln, const double *T, size_t rows)
{
    const mlp_layer *out = &net->layers[net->n_layers - 1];
    return mlp_loss_sum(net->loss, out->act, ln->Z_out, ln->A[net->n_layers - 1], T, rows,
                        out->n_out);
}

double mlp_net_loss_sum(const mlp_net *net, const mlp_workspace *ws, const double *T, size_t rows)
{
    /* No forward pass of that many rows of that shape is in the buffers. */
    if (rows > ws->chunk_rows || !fits(ws, net))
        return NAN;
    return loss_sum_lane(net, &ws->lanes[0], T, rows);
}

/* Backward, from the loss to the input, in exactly the reverse order:
 *   dZ_L = scale * dLoss/dZ_L                       (loss.c, fused where it can be)
 *   dW_l += dZ_l^T A_{l-1},  db_l += sum_rows dZ_l  (A_{-1} = X)
 *   dA_{l-1} = dZ_l W_l,     dZ_{l-1} = dA_{l-1} * f'_{l-1}   (from A_{l-1})
 * into the gradient block g (net->grads, or a lane's own), laid out as
 * net->grads is. */
static void backward_lane(mlp_net *net, const mlp_workspace *ws, lane *ln, double *g,
                          const double *X, const double *T, size_t rows, double scale)
{
    size_t last = net->n_layers - 1;
    const mlp_layer *out = &net->layers[last];
    double *dZ = ln->grad[0];
    double *dA = ln->grad[1];
    mlp_loss_backward(net->loss, out->act, ln->Z_out, ln->A[last], T, dZ, rows, out->n_out, scale);
    TRACE(ws, "dZ", last, dZ, rows, out->n_out);
    for (size_t l = net->n_layers; l-- > 0;) {
        mlp_layer *L = &net->layers[l];
        double *dW = g + (L->dW - net->grads), *db = g + (L->db - net->grads);
        const double *in = l > 0 ? ln->A[l - 1] : X;
        mlp_gemm_weight_grad(dZ, in, dW, db, rows, L->n_in, L->n_out);
        TRACE(ws, "dW", l, dW, L->n_out, L->n_in);
        TRACE(ws, "db", l, db, 1, L->n_out);
        if (l == 0)
            break;
        mlp_gemm_input_grad(dZ, L->W, dA, rows, L->n_in, L->n_out);
        TRACE(ws, "dA", l - 1, dA, rows, L->n_in);
        mlp_activation_backward(net->layers[l - 1].act, ln->A[l - 1], dA, dA, rows, L->n_in);
        TRACE(ws, "dZ", l - 1, dA, rows, L->n_in);
        double *t = dZ;
        dZ = dA;
        dA = t;
    }
}

void mlp_net_backward(mlp_net *net, mlp_workspace *ws, const double *X, const double *T,
                      size_t rows, double scale)
{
    /* As mlp_net_forward refused these, nothing is read past the buffers. */
    if (rows > ws->chunk_rows || !fits(ws, net))
        return;
    backward_lane(net, ws, &ws->lanes[0], net->grads, X, T, rows, scale);
}

void mlp_net_zero_grad(mlp_net *net)
{
    memset(net->grads, 0, net->n_params * sizeof *net->grads);
}

void mlp_net_update(mlp_net *net, double learning_rate)
{
    double *p = net->params;
    const double *g = net->grads;
    for (size_t i = 0; i < net->n_params; i++)
        p[i] -= learning_rate * g[i];
}

/* ---------------------------------------------------------------------------
 * Whole data sets, chunk by chunk. */

size_t mlp_net_class_of(const double *y, size_t n_out)
{
    if (n_out == 1)
        return y[0] > 0.5;
    size_t best = 0;
    for (size_t j = 1; j < n_out; j++)
        best = y[j] > y[best] ? j : best;
    return best;
}

static size_t count_correct(const double *Yhat, const double *T, size_t rows, size_t n_out)
{
    size_t correct = 0;
    for (size_t r = 0; r < rows; r++)
        correct += mlp_net_class_of(Yhat + r * n_out, n_out) == mlp_net_class_of(T + r * n_out, n_out);
    return correct;
}

/* What one pass asks of each lane, and what each lane hands back. */
typedef struct {
    mlp_net *net;
    const mlp_workspace *ws;
    const double *X, *T;
    size_t N, n_used;               /* rows, lanes in use */
    int classify, backward;
    double scale;                   /* 1 / divisor(N) */
    mlp_net_chunk_fn chunk;         /* or NULL: mlp_net_evaluate_each's look at each chunk */
    void *chunk_ctx;
    double sum[MLP_MAX_LANES];      /* summed loss of each lane's rows */
    size_t correct[MLP_MAX_LANES];
} pass_job;

/* Lane k of n_used takes rows [N k / n_used, N (k+1) / n_used) in chunks. */
static void run_lane(void *ctx, size_t k)
{
    pass_job *job = ctx;
    mlp_net *net = job->net;
    const mlp_workspace *ws = job->ws;
    lane *ln = &ws->lanes[k];
    size_t n_in = net->sizes[0], n_out = net->sizes[net->n_layers];
    size_t begin, end;
    mlp_pool_range(job->N, k, job->n_used, &begin, &end);
    double *g = k == 0 ? net->grads : ln->grads;
    double sum = 0.0;
    size_t correct = 0;
    if (job->backward && k > 0)
        memset(g, 0, net->n_params * sizeof *g);
    for (size_t r0 = begin; r0 < end; r0 += ws->chunk_rows) {
        size_t rows = end - r0 < ws->chunk_rows ? end - r0 : ws->chunk_rows;
        const double *x = job->X + r0 * n_in;
        const double *t = job->T + r0 * n_out;
        const double *yhat = forward_lane(net, ws, ln, x, rows);
        sum += loss_sum_lane(net, ln, t, rows);
        if (job->classify)
            correct += count_correct(yhat, t, rows, n_out);
        if (job->chunk)
            job->chunk(job->chunk_ctx, k, r0, (const double *const *)ln->A, t, rows);
        if (job->backward)
            backward_lane(net, ws, ln, g, x, t, rows, job->scale);
    }
    job->sum[k] = sum;
    job->correct[k] = correct;
}

/* Lanes worth using for N rows: each must get enough work to pay for
 * waking a thread (a few microseconds), about 64k multiply-adds here. */
#define MLP_LANE_MIN_WORK 65536.0

static size_t lanes_for(const mlp_net *net, const mlp_workspace *ws, size_t N)
{
    if (ws->n_lanes < 2 || ws->trace)
        return 1;
    double work = (double)N * (double)net->n_params;
    size_t n = ws->n_lanes;
    while (n > 1 && work / (double)n < MLP_LANE_MIN_WORK)
        n--;
    return n;
}

/* The one place the summed loss becomes a mean: every chunk's gradient is
 * scaled by 1/divisor(N) of the WHOLE set, so the chunks add up to the
 * gradient of the mean loss. */
static mlp_net_pass run_pass(mlp_net *net, mlp_workspace *ws, const double *X, const double *T,
                             size_t N, int classify, int backward, mlp_net_chunk_fn chunk,
                             void *chunk_ctx)
{
    /* Another shape would write past the lanes' buffers: nothing is
     * touched, and the pass says so by its rows and loss (net.h). */
    if (!fits(ws, net))
        return (mlp_net_pass){.loss = NAN, .correct = 0, .rows = 0, .loss_sum = NAN};
    size_t n_out = net->sizes[net->n_layers];
    double divisor = mlp_loss_divisor(net->loss, N, n_out);
    pass_job job = {.net = net, .ws = ws, .X = X, .T = T, .N = N, .classify = classify,
                    .backward = backward, .scale = 1.0 / divisor, .chunk = chunk,
                    .chunk_ctx = chunk_ctx};
    job.n_used = lanes_for(net, ws, N);
    if (backward)
        mlp_net_zero_grad(net);
    if (job.n_used == 1) {
        run_lane(&job, 0);
    } else {
        /* Each lane's BLAS calls run on the lane's own thread; the BLAS's own
         * setting is put back after the last pass in flight, of any thread. */
        mlp_pool_blas_serial_begin();
        mlp_pool_run(ws->pool, job.n_used, run_lane, &job);
        mlp_pool_blas_serial_end();
    }
    double sum = 0.0;
    size_t correct = 0;
    for (size_t k = 0; k < job.n_used; k++) {
        sum += job.sum[k];
        correct += job.correct[k];
    }
    if (backward)
        for (size_t k = 1; k < job.n_used; k++) {
            const double *g = ws->lanes[k].grads;
            for (size_t i = 0; i < net->n_params; i++)
                net->grads[i] += g[i];
        }
    return (mlp_net_pass){.loss = sum / divisor, .correct = correct, .rows = N, .loss_sum = sum};
}

mlp_net_pass mlp_net_evaluate(const mlp_net *net, mlp_workspace *ws, const double *X,
                              const double *T, size_t N, int classify)
{
    /* run_pass only writes net->grads when backward is set. */
    return run_pass((mlp_net *)net, ws, X, T, N, classify, 0, NULL, NULL);
}

mlp_net_pass mlp_net_evaluate_each(const mlp_net *net, mlp_workspace *ws, const double *X,
                                   const double *T, size_t N, int classify, mlp_net_chunk_fn fn,
                                   void *ctx)
{
    return run_pass((mlp_net *)net, ws, X, T, N, classify, 0, fn, ctx);
}

mlp_net_pass mlp_net_gradient(mlp_net *net, mlp_workspace *ws, const double *X, const double *T,
                              size_t N, int classify)
{
    return run_pass(net, ws, X, T, N, classify, 1, NULL, NULL);
}
