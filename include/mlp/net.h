/* SPDX-License-Identifier: MIT */
/* net.h: the multi-layer perceptron, its memory plan and its two passes.
 *
 * Layer l (0-based, l < n_layers) maps n_in = sizes[l] inputs to
 * n_out = sizes[l+1] outputs:
 *     Z = X W^T + b        W is (n_out, n_in) row-major, b is (n_out)
 *     A = f(Z)             f = acts[l]
 * All parameters live in one block (params) and all gradients in another
 * (grads) laid out by the same planner, so dW has the layout of W by
 * construction: for each layer, W then b. Saving, loading, zeroing and the
 * update are flat loops over these blocks.
 *
 * Rows are processed in chunks of at most `chunk_rows` through a workspace,
 * so memory for activations does not grow with the number of rows.
 * Training, the gradient check and prediction all go through
 * mlp_net_forward / mlp_net_backward (or the batch helpers built on them).
 *
 * Threads: a pass writes its workspace, and a backward pass or
 * mlp_net_gradient the network's grads, so a workspace is one thread's at a
 * time, and so is a network being trained. Threads may run passes at once
 * on networks and workspaces of their own, and may share a network they
 * only read (mlp_net_forward, mlp_net_evaluate, mlp_net_predict), each with
 * its own workspace. A pass of several lanes runs the BLAS on one thread
 * while it runs, whatever the other threads do (mlp_pool_set_blas_threads).
 */
#ifndef MLP_NET_H
#define MLP_NET_H

#include <stddef.h>
#include <stdint.h>

#include "mlp/activation.h"
#include "mlp/error.h"
#include "mlp/loss.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MLP_MAX_LAYERS 32           /* weight layers, i.e. len(layers) - 1 */
#define MLP_MAX_UNITS (1u << 24)    /* largest size of one layer */

typedef enum {
    MLP_INIT_DEFAULT = 0, /* he for relu/leaky_relu layers, xavier for the others */
    MLP_INIT_XAVIER,      /* W ~ U(-a, a), a = sqrt(6 / (n_in + n_out)) */
    MLP_INIT_HE           /* W ~ N(0, 2 / n_in) */
} mlp_init;

typedef struct {
    size_t n_in, n_out;
    mlp_activation act;
    double *W, *b;   /* views into net->params: (n_out, n_in) and (n_out) */
    double *dW, *db; /* views into net->grads, same shapes */
} mlp_layer;

typedef struct {
    size_t n_layers;                    /* weight layers, 1..MLP_MAX_LAYERS */
    size_t sizes[MLP_MAX_LAYERS + 1];   /* units: input first, output last */
    mlp_layer layers[MLP_MAX_LAYERS];
    mlp_loss loss;
    size_t n_params;                    /* length of params and of grads */
    double *params;                     /* owned */
    double *grads;                      /* owned */
} mlp_net;

/* Scratch memory for a chunk of rows; see mlp_workspace_create. Opaque. */
typedef struct mlp_workspace mlp_workspace;

/* Name of an init scheme ("default", "xavier", "he") and the reverse lookup
 * (returns 0 and sets *out, or -1). */
const char *mlp_init_name(mlp_init init);
int mlp_init_from_name(const char *name, mlp_init *out);

/* Allocates a network with all parameters zero. sizes has n_layers + 1
 * entries, acts has n_layers. Checks sizes (1..MLP_MAX_UNITS), softmax only
 * on the output layer, and that `loss` accepts the output activation;
 * returns NULL with err set (MLP_ERR_SPEC; MLP_ERR_USAGE when sizes or acts
 * is NULL; MLP_ERR_NOMEM). Free with mlp_net_free. */
mlp_net *mlp_net_create(size_t n_layers, const size_t *sizes, const mlp_activation *acts,
                        mlp_loss loss, mlp_error *err);

/* Frees net and everything it owns; NULL is allowed. */
void mlp_net_free(mlp_net *net);

/* Writes the architecture of n_layers weight layers of sizes[0..n_layers]
 * and acts[0..n_layers) into out (cap bytes, cut short if it does not fit)
 * as "2 inputs -> 4 tanh -> 1 sigmoid", the form mlppredict --info and the
 * messages use; returns out. MLP_ARCH_TEXT_MAX holds any architecture. */
#define MLP_ARCH_TEXT_MAX 1024
const char *mlp_net_format_architecture(char *out, size_t cap, size_t n_layers,
                                        const size_t *sizes, const mlp_activation *acts);

/* The same text for a network made (mlp_net_create) or read (mlp_weights_read). */
const char *mlp_net_describe(char *out, size_t cap, const mlp_net *net);

/* Draws every W from the seeded generator by `init` (per layer) and sets every b
 * to 0. The same seed gives the same bits on every machine. MLP_OK, or
 * MLP_ERR_USAGE, the parameters untouched, when init is none of the
 * mlp_init values (a number cast to it: mlp_init_from_name gives only
 * valid ones); it was taken as xavier. It takes no mlp_error, the one
 * exception to error.h's rule: that refusal is its only failure, and its
 * status says it all. */
mlp_status mlp_net_init(mlp_net *net, mlp_init init, uint64_t seed);

/* The default chunk of a workspace (chunk_rows 0): MLP_NET_DEFAULT_CHUNK_ROWS
 * rows, fewer for a network so wide that a chunk's buffers (every layer's
 * output, the logits and two scratch arrays of the widest layer) would pass
 * MLP_NET_WORKSPACE_DOUBLES doubles (32 MiB) per lane; at least 1 row.
 * mlp_workspace_chunk_rows says what a workspace got. */
#define MLP_NET_DEFAULT_CHUNK_ROWS 1024
#define MLP_NET_WORKSPACE_DOUBLES ((size_t)1 << 22)
#define MLP_NET_MAX_CHUNK_ROWS ((size_t)1 << 24) /* a larger chunk_rows is cut to this */

/* How to make a workspace. */
typedef struct {
    size_t chunk_rows; /* rows per chunk; 0 picks the default above, sized to keep a
                          chunk's activations in cache */
    int threads;       /* lanes of mlp_net_evaluate and mlp_net_gradient, 1..64 (0 and
                          below: 1). Each lane is a thread of the workspace's own pool
                          (include/mlp/pool.h) with scratch of its own; a pass uses as many
                          as its rows give work for. The same count gives the same bits. */
} mlp_workspace_options;

/* Allocates scratch for chunks of up to opts->chunk_rows rows for each of
 * opts->threads lanes, cut for net's shape: the workspace belongs to the
 * networks of net's n_layers and sizes (their activations, loss and
 * weights may differ). Every pass below refuses a network of another
 * shape, touching nothing, as it refuses too many rows; mlp_workspace_check
 * says why. No thread starts until a pass needs it. NULL with
 * err set on failure: MLP_ERR_USAGE when net or opts is NULL, MLP_ERR_NOMEM.
 * Free with mlp_workspace_free. */
mlp_workspace *mlp_workspace_create_with(const mlp_net *net, const mlp_workspace_options *opts,
                                         mlp_error *err);

/* mlp_workspace_create_with for one thread: the passes run on the caller. */
mlp_workspace *mlp_workspace_create(const mlp_net *net, size_t chunk_rows, mlp_error *err);

/* Frees ws, its buffers and its lanes' threads; NULL is allowed. ws is gone
 * after it: freeing it twice is a double free, as for free(). */
void mlp_workspace_free(mlp_workspace *ws);

/* The most rows a pass on ws takes at once (mlp_net_forward): chunk_rows as
 * asked, the default above for 0, cut to MLP_NET_MAX_CHUNK_ROWS. */
size_t mlp_workspace_chunk_rows(const mlp_workspace *ws);

/* The lanes of ws: opts->threads clamped to 1..64 (mlp_workspace_options). */
int mlp_workspace_threads(const mlp_workspace *ws);

/* MLP_OK when ws serves net (net has the n_layers and sizes of the
 * network ws was made for); else MLP_ERR_USAGE, err naming both shapes
 * ("the workspace was made for a network of layers [2, 4, 1], not of
 * layers [2, 300, 1]"), or naming the argument that is NULL. The passes
 * check the same: mlp_net_evaluate and mlp_net_gradient, which have no
 * err, say only that they refused; a caller that made ws elsewhere asks
 * here first. */
mlp_status mlp_workspace_check(const mlp_workspace *ws, const mlp_net *net, mlp_error *err);

/* Output A of layer l, (rows, sizes[l+1]), of the last forward pass; borrowed,
 * valid until the next forward. The logits of the output layer are kept apart,
 * so this is f(Z) for every layer. */
const double *mlp_workspace_output(const mlp_workspace *ws, size_t layer);

/* An observer of every intermediate array of the passes run through ws, in
 * order: forward "Z" then "A" for each layer; backward "dZ" of the output
 * layer, then per layer "dW", "db" and, below it, "dA" and "dZ" of the layer
 * underneath. `layer` is 0-based, data is (rows, cols) row-major and
 * borrowed for the call. For --trace; NULL (the default) costs nothing. */
typedef void (*mlp_trace_fn)(void *ctx, const char *name, size_t layer, const double *data,
                             size_t rows, size_t cols);
void mlp_workspace_set_trace(mlp_workspace *ws, mlp_trace_fn fn, void *ctx);

/* Forward pass of rows <= mlp_workspace_chunk_rows(ws) rows of X (rows,
 * sizes[0]). Returns the network output (rows, sizes[n_layers]), borrowed
 * from ws; NULL, touching nothing, when rows is above the workspace's chunk
 * (its buffers hold one chunk) or net is not of ws's shape
 * (mlp_workspace_check). For any number of rows use mlp_net_predict. */
const double *mlp_net_forward(const mlp_net *net, mlp_workspace *ws, const double *X, size_t rows);

/* The network's output for N rows of X (N, sizes[0]), in memory: fills Y
 * (N, sizes[n_layers]), going through a workspace of its own chunk by
 * chunk (the default chunk, one thread), so any N works and memory does not
 * grow with it. X holds the inputs as the network takes them: normalised
 * already when the model was trained with "normalize" (a data set from
 * mlp_dataset_with_schema is). MLP_ERR_USAGE for a NULL net, or X or Y NULL
 * with N > 0; MLP_ERR_NOMEM. */
mlp_status mlp_net_predict(const mlp_net *net, const double *X, size_t N, double *Y,
                           mlp_error *err);

/* The output layer's logits Z (before its activation) of the last
 * mlp_net_forward on ws: (rows, n_out), valid until the next pass on ws.
 * A committee's loss is computed from its members' logits (loss.h). */
const double *mlp_net_forward_logits(const mlp_workspace *ws);

/* Summed loss of the last forward pass against targets T (rows, n_out), not
 * divided by mlp_loss_divisor. NaN where mlp_net_forward refuses rows and
 * net. */
double mlp_net_loss_sum(const mlp_net *net, const mlp_workspace *ws, const double *T, size_t rows);

/* Backward pass for the last forward pass over the same X and T: accumulates
 * scale * d(sum of loss)/d(params) into net->grads (it adds; zero them first
 * with mlp_net_zero_grad). scale is the 1/divisor of the mean loss.
 * Nothing is done where mlp_net_forward refuses rows and net. */
void mlp_net_backward(mlp_net *net, mlp_workspace *ws, const double *X, const double *T,
                      size_t rows, double scale);

/* Sets every gradient (net->grads, and so each layer's dW and db) to 0,
 * before a backward pass adds to them. The parameters are untouched. */
void mlp_net_zero_grad(mlp_net *net);

/* params -= learning_rate * grads. */
void mlp_net_update(mlp_net *net, double learning_rate);

/* Counts of one pass over a whole data set. */
typedef struct {
    double loss;       /* mean loss (the loss's own definition): loss_sum / mlp_loss_divisor */
    size_t correct;    /* rows whose predicted class equals the target class */
    size_t rows;
    double loss_sum;   /* the summed loss, before the division */
} mlp_net_pass;

/* Mean loss of the net over all N rows of X (N, n_in) against T (N, n_out),
 * chunk by chunk, and, when `classify` is non-zero, the number of rows whose
 * mlp_net_class_of(output) equals mlp_net_class_of(target). When net is not
 * of ws's shape (mlp_workspace_check) nothing is touched and the pass is
 * {loss NaN, correct 0, rows 0, loss_sum NaN}: rows 0 for N > 0 tells it. */
mlp_net_pass mlp_net_evaluate(const mlp_net *net, mlp_workspace *ws, const double *X,
                              const double *T, size_t N, int classify);

/* A look at each chunk of an evaluation, for a caller that needs more of the
 * forward pass than its loss (the diagnosis's unit and class counts): called
 * on the lane's own thread after the chunk's forward pass, with the lane
 * (0..threads-1; one lane's calls come in row order), row0 the chunk's first
 * row in X, A[l] the output of layer l (rows, sizes[l+1]) for every l <
 * n_layers (A[n_layers-1] the network's output) and T the chunk's targets
 * (rows, n_out); all borrowed for the call. Calls of different lanes may run
 * at once: fn writes only what is its lane's. */
typedef void (*mlp_net_chunk_fn)(void *ctx, size_t lane, size_t row0, const double *const *A,
                                 const double *T, size_t rows);

/* mlp_net_evaluate, calling fn(ctx, ...) on every chunk when fn is not
 * NULL; the figures are the same, bit for bit. */
mlp_net_pass mlp_net_evaluate_each(const mlp_net *net, mlp_workspace *ws, const double *X,
                                   const double *T, size_t N, int classify, mlp_net_chunk_fn fn,
                                   void *ctx);

/* Full-batch gradient: zeroes grads, then for every chunk forward, loss and
 * backward with scale 1/divisor(N), so grads ends as d(mean loss)/d(params).
 * Returns the mean loss and correct count of that same forward pass; for a
 * net not of ws's shape, grads untouched, the refusal of mlp_net_evaluate. */
mlp_net_pass mlp_net_gradient(mlp_net *net, mlp_workspace *ws, const double *X,
                              const double *T, size_t N, int classify);

/* Class index of one output (or target) row y of n_out values: for one unit,
 * 1 when y > 0.5 else 0 (so 0.5 itself is class 0: the pair 1 - y, y ties
 * and the tie goes to the first); for several, the index of the largest, the
 * first of those that tie (numpy's argmax). docs/losses.md. */
size_t mlp_net_class_of(const double *y, size_t n_out);

#ifdef __cplusplus
}
#endif

#endif
