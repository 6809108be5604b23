/* SPDX-License-Identifier: MIT */
/* test_npz.c: the model as a numpy .npz. A round trip through the writer
 * and the reader keeps every parameter bit for bit and the schema; the
 * weights reader takes an .npz by its magic; each kind of damage (a missing
 * array, a compressed member, a bad CRC, a wrong shape, a wrong dtype) has
 * its own message. That numpy itself reads the file, and that a numpy
 * forward pass reproduces mlppredict, is tested in tests/cli/test_numpy.sh. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alloc.h"
#include "crc32.h"
#include "mlp/npz.h"
#include "mlp/weights.h"

static char *dup_str(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    strcpy(d, s);
    return d;
}

/* 2 inputs -> 3 tanh -> 2 softmax, standardised features named "x 1"
 * and "größe" (non-ASCII survives UTF-32), labels "no", "yes". */
static mlp_net *model(mlp_schema *sc)
{
    size_t sizes[] = {2, 3, 2};
    mlp_activation acts[] = {MLP_ACT_TANH, MLP_ACT_SOFTMAX};
    mlp_error err;
    mlp_net *net = mlp_net_create(2, sizes, acts, MLP_LOSS_CROSS_ENTROPY, &err);
    assert_non_null(net);
    for (size_t i = 0; i < net->n_params; i++)
        net->params[i] = (double)(i + 1) / 7.0 - 1.0 / 3.0; /* not binary fractions */
    net->params[0] = -0.0;
    net->params[1] = 4.9e-324; /* the smallest subnormal */
    memset(sc, 0, sizeof *sc);
    sc->n_features = 2;
    sc->feature_names = malloc(2 * sizeof(char *));
    sc->feature_names[0] = dup_str("x 1");
    sc->feature_names[1] = dup_str("gr\xc3\xb6\xc3\x9f" "e");
    sc->names_from_header = 1;
    sc->n_targets = 1;
    sc->target_names = malloc(sizeof(char *));
    sc->target_names[0] = dup_str("answer");
    sc->n_outputs = 2;
    sc->n_labels = 2;
    sc->labels = malloc(2 * sizeof(char *));
    sc->labels[0] = dup_str("no");
    sc->labels[1] = dup_str("yes");
    sc->normalize = MLP_NORMALIZE_STANDARD;
    sc->mean = malloc(2 * sizeof(double));
    sc->std = malloc(2 * sizeof(double));
    sc->mean[0] = 0.1, sc->mean[1] = -3e10;
    sc->std[0] = 2.5, sc->std[1] = 1e-3;
    return net;
}

/* net and schema, encoded again, give exactly the len bytes at want. */
static void assert_encodes_to(const mlp_net *net, const mlp_schema *sc, const unsigned char *want,
                              size_t len)
{
    unsigned char *again;
    size_t len2;
    mlp_error err;
    assert_int_equal(mlp_npz_encode(net, sc, &again, &len2, &err), MLP_OK);
    assert_int_equal(len2, len);
    assert_memory_equal(again, want, len);
    free(again);
}

static void round_trip_should_keep_every_bit_and_the_schema(void **state)
{
    (void)state;
    mlp_schema sc;
    mlp_net *net = model(&sc);
    unsigned char *buf;
    size_t len;
    mlp_error err;
    assert_int_equal(mlp_npz_encode(net, &sc, &buf, &len, &err), MLP_OK);
    assert_true(mlp_npz_is_npz(buf, len));
    mlp_net *back = NULL;
    mlp_schema sb;
    /* Through the weights reader: it recognises the .npz by its magic. */
    assert_int_equal(mlp_weights_decode(buf, len, "m.npz", &back, &sb, &err), MLP_OK);
    assert_int_equal(back->n_layers, 2);
    assert_int_equal(back->sizes[1], 3);
    assert_int_equal(back->layers[0].act, MLP_ACT_TANH);
    assert_int_equal(back->layers[1].act, MLP_ACT_SOFTMAX);
    assert_int_equal(back->loss, MLP_LOSS_CROSS_ENTROPY);
    assert_memory_equal(back->params, net->params, net->n_params * sizeof(double));
    assert_string_equal(sb.feature_names[1], "gr\xc3\xb6\xc3\x9f" "e");
    assert_string_equal(sb.feature_names[0], "x 1");
    assert_string_equal(sb.target_names[0], "answer");
    assert_string_equal(sb.labels[1], "yes");
    assert_int_equal(sb.names_from_header, 1);
    assert_int_equal(sb.normalize, MLP_NORMALIZE_STANDARD);
    assert_memory_equal(sb.mean, sc.mean, 2 * sizeof(double));
    assert_memory_equal(sb.std, sc.std, 2 * sizeof(double));
    /* The same model gives the same bytes. */
    assert_encodes_to(back, &sb, buf, len);
    mlp_net_free(back);
    mlp_schema_free(&sb);
    free(buf);
    mlp_schema_free(&sc);
    mlp_net_free(net);
}

/* The offset of the first occurrence of the n bytes of s in buf. */
static size_t find(const unsigned char *buf, size_t len, const char *s, size_t from)
{
    size_t n = strlen(s);
    for (size_t i = from; i + n <= len; i++)
        if (memcmp(buf + i, s, n) == 0)
            return i;
    fail_msg("\"%s\" not found", s);
    return 0;
}

/* The state of the decode tests: the test model, the writer's bytes of it
 * (buf, len) and a scratch copy of the same length (b) to damage. */
typedef struct {
    mlp_schema sc;
    mlp_net *net;
    unsigned char *buf, *b;
    size_t len;
} encoded;

static int encode_setup(void **state)
{
    encoded *e = calloc(1, sizeof *e);
    mlp_error err;
    e->net = model(&e->sc);
    assert_int_equal(mlp_npz_encode(e->net, &e->sc, &e->buf, &e->len, &err), MLP_OK);
    e->b = malloc(e->len);
    memcpy(e->b, e->buf, e->len);
    *state = e;
    return 0;
}

static int encode_teardown(void **state)
{
    encoded *e = *state;
    free(e->b);
    free(e->buf);
    mlp_schema_free(&e->sc);
    mlp_net_free(e->net);
    free(e);
    return 0;
}

static void expect_error(const unsigned char *buf, size_t len, const char *message)
{
    mlp_net *net = (mlp_net *)1;
    mlp_schema sc;
    mlp_error err;
    assert_int_equal(mlp_weights_decode(buf, len, "m.npz", &net, &sc, &err), MLP_ERR_WEIGHTS);
    assert_null(net);
    assert_string_equal(err.path, "m.npz");
    assert_string_equal(err.message, message);
    assert_true(err.hint[0] != '\0');
}

static void expect_hint(const unsigned char *buf, size_t len, const char *message,
                        const char *hint)
{
    mlp_net *net = NULL;
    mlp_schema sc;
    mlp_error err;
    expect_error(buf, len, message);
    assert_int_equal(mlp_weights_decode(buf, len, "m.npz", &net, &sc, &err), MLP_ERR_WEIGHTS);
    assert_string_equal(err.hint, hint);
}

/* Leaves member `member` ("labels.npy") out of the archive, as numpy.savez
 * does an array it is not given: its central directory record is moved past
 * the others and the end record counts one fewer, so no reader finds it (its
 * local header and data stay, unreferenced). Renaming a member, as the tests
 * did, now makes an unknown array, which is refused. */
static void drop_member(unsigned char *buf, size_t len, const char *member)
{
    size_t eocd = len - 22, n = strlen(member);
    assert_memory_equal(buf + eocd, "PK\x05\x06", 4);
    size_t count = (size_t)buf[eocd + 10] | (size_t)buf[eocd + 11] << 8;
    size_t at = (size_t)buf[eocd + 16] | (size_t)buf[eocd + 17] << 8 |
                (size_t)buf[eocd + 18] << 16 | (size_t)buf[eocd + 19] << 24;
    size_t k = 0, nl = 0;
    for (; k < count; k++, at += 46 + nl) { /* the writer's records: no extra field, no comment */
        nl = (size_t)buf[at + 28] | (size_t)buf[at + 29] << 8;
        if (nl == n && memcmp(buf + at + 46, member, n) == 0)
            break;
    }
    assert_true(k < count);
    unsigned char record[46 + 64];
    assert_true(46 + n <= sizeof record);
    memcpy(record, buf + at, 46 + n);
    memmove(buf + at, buf + at + 46 + n, eocd - (at + 46 + n));
    memcpy(buf + eocd - (46 + n), record, 46 + n);
    buf[eocd + 8] = buf[eocd + 10] = (unsigned char)(count - 1);
    buf[eocd + 9] = buf[eocd + 11] = (unsigned char)((count - 1) >> 8);
}

/* Recomputes the CRC-32 of member `member` ("W1.npy"), whose bytes a test
 * edited, in its local header and its central directory record. */
static void fix_crc(unsigned char *buf, size_t len, const char *member)
{
    size_t at = find(buf, len, member, 0), lh = at - 30, data = at + strlen(member);
    size_t size = (size_t)buf[lh + 18] | (size_t)buf[lh + 19] << 8 | (size_t)buf[lh + 20] << 16;
    uint32_t crc = mlp_crc32(0, buf + data, size);
    size_t cd = find(buf, len, member, data + size) - 46;
    for (int i = 0; i < 4; i++) {
        buf[lh + 14 + i] = (unsigned char)(crc >> (8 * i));
        buf[cd + 16 + i] = (unsigned char)(crc >> (8 * i));
    }
}

/* The offset of member `member`'s .npy bytes (its magic) in the writer's output. */
static size_t npy_at(const unsigned char *buf, size_t len, const char *member)
{
    return find(buf, len, member, 0) + strlen(member);
}

/* Replaces member `member`'s .npy header dict by `dict`, padded with spaces
 * to the length it had, and fixes the CRCs. */
static void set_header(unsigned char *buf, size_t len, const char *member, const char *dict)
{
    size_t npy = npy_at(buf, len, member);
    size_t hl = (size_t)buf[npy + 8] | (size_t)buf[npy + 9] << 8;
    assert_true(strlen(dict) + 1 <= hl);
    memset(buf + npy + 10, ' ', hl - 1);
    memcpy(buf + npy + 10, dict, strlen(dict));
    fix_crc(buf, len, member);
}

static void decode_should_name_what_is_wrong(void **state)
{
    encoded *e = *state;
    unsigned char *buf = e->buf, *b = e->b;
    size_t len = e->len;

    memcpy(b, buf, len);
    drop_member(b, len, "loss.npy");
    expect_error(b, len, "the .npz has no array \"loss\"");

    /* "loss.npy" renamed in the local and the central header: an array
     * mlp does not read, which was ignored silently ("means" for "mean"
     * dropped the statistics); refused, with the nearest name. */
    memcpy(b, buf, len);
    size_t at = find(b, len, "loss.npy", 0);
    b[at] = 'L';
    b[find(b, len, "loss.npy", at + 1)] = 'L';
    expect_hint(b, len, "the .npz holds an array \"Loss\", which is none of the arrays mlp reads",
                "did you mean \"loss\"? save it under that name (docs/numpy.md)");

    /* The central directory says the first member (W1) is deflated. */
    memcpy(b, buf, len);
    size_t cd = find(b, len, "PK\x01\x02", 0);
    b[cd + 10] = 8;
    expect_error(b, len, "member \"W1.npy\" is compressed; mlp reads stored members only");

    /* A flipped byte in the data of W1. */
    memcpy(b, buf, len);
    b[find(b, len, "W1.npy", 0) + 6 + 128] ^= 1;
    expect_error(b, len, "member \"W1.npy\" fails its CRC-32 check");

    /* Truncated: no end-of-directory record. */
    expect_error(buf, len - 30, "the .npz (zip) archive is truncated or damaged");
}

/* Sets element k of float64 member `member` ("std.npy") to v, and fixes the CRCs. */
static void set_f64(unsigned char *buf, size_t len, const char *member, size_t k, double v)
{
    size_t npy = npy_at(buf, len, member);
    size_t hl = (size_t)buf[npy + 8] | (size_t)buf[npy + 9] << 8;
    memcpy(buf + npy + 10 + hl + 8 * k, &v, sizeof v); /* little-endian, as the tests run */
    fix_crc(buf, len, member);
}

/* numpy's X.std(0) is 0 for a constant column, and a diverged learner's W
 * holds NaN: such an .npz was checked by encoding it as a weights file, and
 * refused in the writer's words, with no file name and a hint about the C
 * API ("cannot save the model: a normalisation statistic is not finite and
 * positive; the schema must be the network's: mlp_dataset_build ..."). */
static void decode_should_name_a_value_the_model_cannot_hold(void **state)
{
    encoded *e = *state;
    unsigned char *buf = e->buf, *b = e->b;
    size_t len = e->len;
    memcpy(b, buf, len);
    set_f64(b, len, "std.npy", 0, 0.0);
    expect_hint(b, len, "array \"std\" [0] is 0, not a positive number",
                "a constant column has std 0: save 1 there (numpy: std[std == 0] = 1)");
    memcpy(b, buf, len);
    set_f64(b, len, "std.npy", 1, -2.0);
    expect_hint(b, len, "array \"std\" [1] is -2, not a positive number",
                "save the training columns' standard deviations (numpy: std = X.std(0); "
                "std[std == 0] = 1)");
    memcpy(b, buf, len);
    set_f64(b, len, "mean.npy", 1, INFINITY);
    expect_hint(b, len, "array \"mean\" [1] is inf, not a finite number",
                "save the training columns' means (numpy: X.mean(0))");
    /* W1 is (3, 2): element 3 is [1][1]. */
    memcpy(b, buf, len);
    set_f64(b, len, "W1.npy", 3, NAN);
    expect_hint(b, len, "array \"W1\" [1][1] is nan, not a finite number",
                "save finite weights (numpy.isfinite(W1).all()); a NaN or inf is left by a run "
                "that diverged: train it again at a lower learning rate");
    memcpy(b, buf, len);
    set_f64(b, len, "b2.npy", 1, -INFINITY);
    expect_error(b, len, "array \"b2\" [1] is -inf, not a finite number");
}

/* W2 whose shape does not follow W1's, as a learner's transposed W would:
 * the writer's bytes with W2's header edited and its CRCs recomputed. */
static void decode_should_reject_layers_that_do_not_chain(void **state)
{
    encoded *e = *state;
    unsigned char *buf = e->b;
    size_t len = e->len;
    /* W2's header says (2, 3); make it (3, 2): same size, wrong chain. */
    size_t at = find(buf, len, "W2.npy", 0);
    size_t shape = find(buf, len, "'shape': (2, 3)", at);
    memcpy(buf + shape, "'shape': (3, 2)", 15);
    fix_crc(buf, len, "W2.npy");
    expect_error(buf, len, "array \"W2\" has shape (3, 2) but layer 1 has 3 units");
}

/* Sets member `member`'s shape "'shape': (a, b)" to the text `to` (same length). */
static void set_shape(unsigned char *buf, size_t len, const char *member, const char *from,
                      const char *to)
{
    size_t at = find(buf, len, member, 0);
    memcpy(buf + find(buf, len, from, at), to, strlen(to));
    fix_crc(buf, len, member);
}

/* Every W saved as (inputs, units), for z = a @ W + b, as numpy code often
 * keeps it: mlp read W1 (2, 3) as 3 inputs and 2 units, and the first
 * message blamed b1 ("has 3 values for 2 units"), then W2, never W1's
 * layout. It is told once, at the first W that is not square, when every
 * W and b fits the transposed layout; a file that fits neither keeps the
 * message of the first shape that does not fit. */
static void decode_should_tell_a_transposed_layout(void **state)
{
    encoded *e = *state;
    unsigned char *buf = e->buf, *b = e->b;
    size_t len = e->len;
    mlp_net *net = (mlp_net *)1;
    mlp_schema sc;
    mlp_error err;

    /* W1 (3, 2) -> (2, 3) and W2 (2, 3) -> (3, 2): b1 (3,) and b2 (2,) fit the transposes. */
    memcpy(b, buf, len);
    set_shape(b, len, "W1.npy", "'shape': (3, 2)", "'shape': (2, 3)");
    set_shape(b, len, "W2.npy", "'shape': (2, 3)", "'shape': (3, 2)");
    assert_int_equal(mlp_weights_decode(b, len, "m.npz", &net, &sc, &err), MLP_ERR_WEIGHTS);
    assert_null(net);
    assert_string_equal(err.message, "array \"W1\" has shape (2, 3), (inputs, units) as for "
                                     "z = a @ W + b; mlp stores W as (units, inputs), here (3, 2), "
                                     "and computes z = a @ W.T + b");
    assert_string_equal(err.hint, "save every W transposed: numpy.savez(..., W1=W1.T, W2=W2.T, "
                                  "...) (docs/numpy.md)");

    /* Only W1 transposed: W2 does not follow it either way, so b1 is told. */
    memcpy(b, buf, len);
    set_shape(b, len, "W1.npy", "'shape': (3, 2)", "'shape': (2, 3)");
    expect_error(b, len, "array \"b1\" has 3 values for 2 units");
}

/* Names saved as numbers: labels=numpy.array([0, 1]) got "save numbers as
 * float64", and following it got "holds numbers, not text". The hint for a
 * text member says how to make it text, in the form the training CSV's
 * label has ("0", not float64's "0.0"); a flag's says bool. */
static void decode_should_say_how_to_save_names_as_text(void **state)
{
    encoded *e = *state;
    unsigned char *buf = e->buf, *b = e->b;
    size_t len = e->len;
    mlp_net *net = (mlp_net *)1;
    mlp_schema sc;
    mlp_error err;

    /* labels: '<U3' (2,), 24 bytes of data. */
    memcpy(b, buf, len);
    set_header(b, len, "labels.npy", "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }");
    assert_int_equal(mlp_weights_decode(b, len, "m.npz", &net, &sc, &err), MLP_ERR_WEIGHTS);
    assert_string_equal(err.message, "member \"labels\" has dtype <i8, which mlp does not read");
    assert_string_equal(err.hint, "save it as text: labels.astype(str)");

    memcpy(b, buf, len);
    set_header(b, len, "labels.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }");
    size_t npy = npy_at(b, len, "labels.npy");
    size_t hl = (size_t)b[npy + 8] | (size_t)b[npy + 9] << 8;
    const double values[3] = {0.0, 1.0, 2.0};
    memcpy(b + npy + 10 + hl, values, sizeof values); /* little-endian, as the .npy says */
    fix_crc(b, len, "labels.npy");
    assert_int_equal(mlp_weights_decode(b, len, "m.npz", &net, &sc, &err), MLP_ERR_WEIGHTS);
    assert_string_equal(err.message, "array \"labels\" holds numbers, not text");
    assert_string_equal(err.hint, "save it as text: labels.astype(int).astype(str) (\"0\", where "
                                  "labels.astype(str) alone gives \"0.0\")");
    const double half[3] = {0.5, 1.0, 2.0};
    memcpy(b + npy + 10 + hl, half, sizeof half);
    fix_crc(b, len, "labels.npy");
    assert_int_equal(mlp_weights_decode(b, len, "m.npz", &net, &sc, &err), MLP_ERR_WEIGHTS);
    assert_string_equal(err.hint, "save it as text: labels.astype(str)");

    memcpy(b, buf, len);
    set_header(b, len, "feature_names.npy",
               "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }");
    assert_int_equal(mlp_weights_decode(b, len, "m.npz", &net, &sc, &err), MLP_ERR_WEIGHTS);
    assert_string_equal(err.hint, "save it as text: feature_names.astype(str)");

    memcpy(b, buf, len);
    set_header(b, len, "names_from_header.npy",
               "{'descr': '|u1', 'fortran_order': False, 'shape': (), }");
    assert_int_equal(mlp_weights_decode(b, len, "m.npz", &net, &sc, &err), MLP_ERR_WEIGHTS);
    assert_string_equal(err.hint, "save it as a bool: names_from_header=numpy.array(True) or "
                                  "numpy.array(False)");

    /* Numbers keep their hint. */
    memcpy(b, buf, len);
    set_header(b, len, "W1.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }");
    assert_int_equal(mlp_weights_decode(b, len, "m.npz", &net, &sc, &err), MLP_ERR_WEIGHTS);
    assert_string_equal(err.hint, "save numbers as float64 (x.astype(numpy.float64)) and texts "
                                  "as str");
    assert_null(net);
}

/* Changes the first UTF-32 code unit `from` in member `member`'s data to `to`. */
static void set_char(unsigned char *buf, size_t len, const char *member, char from, char to)
{
    size_t npy = npy_at(buf, len, member);
    size_t hl = (size_t)buf[npy + 8] | (size_t)buf[npy + 9] << 8;
    unsigned char *p = buf + npy + 10 + hl;
    while (p[0] != (unsigned char)from)
        p += 4;
    p[0] = (unsigned char)to;
    fix_crc(buf, len, member);
}

/* The schema of a model of 2 inputs and 1 output, without labels (an .npz
 * may lack them); its names are static. */
static mlp_schema two_in_one_out(void)
{
    static char *features[2] = {"a", "b"}, *target = "y";
    return (mlp_schema){.n_features = 2, .feature_names = features, .n_targets = 1,
                        .target_names = &target, .n_outputs = 1};
}

/* The names an unknown activation or loss is told to use come from the
 * tables: a list written by hand left out softplus, which is accepted. */
/* An .npz of `layers` weight layers (2 inputs, 3 tanh units each hidden
 * layer, 1 sigmoid output) whose "activations" holds one name too few;
 * the message and hint of the decode. */
static void decode_short_activations(size_t layers, char *hint, size_t size)
{
    size_t sizes[MLP_MAX_LAYERS + 1];
    mlp_activation acts[MLP_MAX_LAYERS];
    for (size_t l = 0; l < layers; l++) {
        sizes[l] = l ? 3 : 2;
        acts[l] = l + 1 < layers ? MLP_ACT_TANH : MLP_ACT_SIGMOID;
    }
    sizes[layers] = 1;
    mlp_error err;
    mlp_net *net = mlp_net_create(layers, sizes, acts, MLP_LOSS_BINARY_CROSS_ENTROPY, &err);
    assert_non_null(net);
    mlp_schema sc = two_in_one_out();
    unsigned char *buf;
    size_t len;
    assert_int_equal(mlp_npz_encode(net, &sc, &buf, &len, &err), MLP_OK);
    mlp_net_free(net);
    char dict[96];
    snprintf(dict, sizeof dict, "{'descr': '<U7', 'fortran_order': False, 'shape': (%zu,), }",
             layers - 1);
    set_header(buf, len, "activations.npy", dict);
    char message[96];
    snprintf(message, sizeof message,
             "array \"activations\" must hold %zu names, one per weight layer", layers);
    expect_error(buf, len, message);
    net = NULL;
    assert_int_equal(mlp_weights_decode(buf, len, "m.npz", &net, &sc, &err), MLP_ERR_WEIGHTS);
    snprintf(hint, size, "%s", err.hint);
    free(buf);
}

/* The example of an "activations" array holds as many names as the model
 * has weight layers (it always held 2), and a "mean" or "std" of the
 * wrong shape says what to save (it had no hint). */
static void decode_should_give_examples_that_fit_the_model(void **state)
{
    (void)state;
    char hint[MLP_ERROR_TEXT_MAX];
    decode_short_activations(2, hint, sizeof hint);
    assert_string_equal(hint, "for example numpy.array([\"tanh\", \"sigmoid\"])");
    decode_short_activations(3, hint, sizeof hint);
    assert_string_equal(hint, "for example numpy.array([\"tanh\", \"tanh\", \"sigmoid\"])");
    decode_short_activations(5, hint, sizeof hint);
    assert_string_equal(hint, "for example numpy.array([\"tanh\"] * 4 + [\"sigmoid\"])");

    /* An .npz of one layer: "activations" of 0 names. */
    size_t sizes[] = {2, 1};
    mlp_activation acts[] = {MLP_ACT_SIGMOID};
    mlp_error err;
    mlp_net *net = mlp_net_create(1, sizes, acts, MLP_LOSS_BINARY_CROSS_ENTROPY, &err);
    assert_non_null(net);
    mlp_schema sc = two_in_one_out();
    unsigned char *buf;
    size_t len;
    assert_int_equal(mlp_npz_encode(net, &sc, &buf, &len, &err), MLP_OK);
    mlp_net_free(net);
    set_header(buf, len, "activations.npy", "{'descr': '<U7', 'fortran_order': False, 'shape': (0,), }");
    expect_hint(buf, len, "array \"activations\" must hold 1 name, one per weight layer",
                "for example numpy.array([\"sigmoid\"])");
    free(buf);

    /* model(): standardised, 2 inputs; "mean" saved with 1 value. */
    mlp_schema msc;
    net = model(&msc);
    assert_int_equal(mlp_npz_encode(net, &msc, &buf, &len, &err), MLP_OK);
    set_header(buf, len, "mean.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }");
    expect_hint(buf, len, "arrays \"mean\" and \"std\" must have shape (2,), one value per input",
                "save the statistics of the training inputs X, of shape (rows, 2): "
                "mean=X.mean(0) and std=X.std(0)");
    free(buf);
    mlp_net_free(net);
    mlp_schema_free(&msc);
}

/* An .npz of 2 inputs -> 1 sigmoid unit with the schema two_in_one_out()
 * (normalize "none": mean zeros, std ones), in *len bytes. */
static unsigned char *encode_unnormalised(size_t *len)
{
    size_t sizes[] = {2, 1};
    mlp_activation acts[] = {MLP_ACT_SIGMOID};
    mlp_error err;
    mlp_net *net = mlp_net_create(1, sizes, acts, MLP_LOSS_MSE, &err);
    assert_non_null(net);
    mlp_schema sc = two_in_one_out();
    unsigned char *buf;
    assert_int_equal(mlp_npz_encode(net, &sc, &buf, len, &err), MLP_OK);
    mlp_net_free(net);
    return buf;
}

/* docs/numpy.md's forward pass computes (x - mean) / std whatever
 * "normalize" says; under "none" mlp takes the inputs as they are. A mean
 * or std that is not zeros and ones (or not one value per input) was read
 * as no statistics at all, so mlppredict and numpy disagreed silently. */
static void decode_should_refuse_statistics_that_normalize_none_ignores(void **state)
{
    (void)state;
    size_t len;
    unsigned char *buf = encode_unnormalised(&len), *b = malloc(len);
    mlp_net *net = NULL;
    mlp_schema sc;
    mlp_error err;
    /* As written: zeros and ones are read. */
    assert_int_equal(mlp_weights_decode(buf, len, "m.npz", &net, &sc, &err), MLP_OK);
    assert_int_equal(sc.normalize, MLP_NORMALIZE_NONE);
    mlp_net_free(net);
    mlp_schema_free(&sc);
    const char *hint = "set normalize=\"standard\" to standardise the inputs by these "
                       "statistics, or save mean=numpy.zeros(2) and std=numpy.ones(2) "
                       "(docs/numpy.md)";

    memcpy(b, buf, len);
    set_f64(b, len, "mean.npy", 0, 5.0);
    expect_hint(b, len, "array \"mean\" [0] is 5, not 0: \"normalize\" is \"none\", which "
                        "takes the inputs as they are", hint);
    memcpy(b, buf, len);
    set_f64(b, len, "std.npy", 1, -1.0);
    expect_hint(b, len, "array \"std\" [1] is -1, not 1: \"normalize\" is \"none\", which "
                        "takes the inputs as they are", hint);
    memcpy(b, buf, len);
    set_f64(b, len, "mean.npy", 1, NAN);
    expect_error(b, len, "array \"mean\" [1] is nan, not 0: \"normalize\" is \"none\", which "
                         "takes the inputs as they are");
    /* One value for two inputs. */
    memcpy(b, buf, len);
    set_header(b, len, "mean.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }");
    expect_hint(b, len, "array \"mean\" must have shape (2,), one value per input", hint);
    free(b);
    free(buf);
}

/* A "loss" of two names, np.array(["binary_cross_entropy", "mse"]), was
 * told as the unknown loss "": it must hold one name. */
static void decode_should_want_one_loss(void **state)
{
    encoded *e = *state;
    unsigned char *buf = e->buf, *b = e->b;
    size_t len = e->len;
    const char *hint = "save one of mse, cross_entropy or binary_cross_entropy, as loss=\"mse\"";
    /* "cross_entropy" ('<U13', shape ()) read as two texts of 6 characters. */
    memcpy(b, buf, len);
    set_header(b, len, "loss.npy", "{'descr': '<U6', 'fortran_order': False, 'shape': (2,), }");
    expect_hint(b, len, "array \"loss\" has shape (2,); it must hold one name, shape () or (1,)",
                hint);
    memcpy(b, buf, len);
    set_header(b, len, "loss.npy", "{'descr': '<U13', 'fortran_order': False, 'shape': (0,), }");
    expect_hint(b, len, "array \"loss\" has shape (0,); it must hold one name, shape () or (1,)",
                hint);
    memcpy(b, buf, len);
    set_header(b, len, "loss.npy", "{'descr': '<U13', 'fortran_order': False, 'shape': (1, 1), }");
    expect_error(b, len, "array \"loss\" has shape (1, 1); it must hold one name, shape () or (1,)");
    /* (1,) is one name, as numpy.array(["cross_entropy"]) saves it. */
    memcpy(b, buf, len);
    set_header(b, len, "loss.npy", "{'descr': '<U13', 'fortran_order': False, 'shape': (1,), }");
    mlp_net *net = NULL;
    mlp_schema sc;
    mlp_error err;
    assert_int_equal(mlp_weights_decode(b, len, "m.npz", &net, &sc, &err), MLP_OK);
    assert_int_equal(net->loss, MLP_LOSS_CROSS_ENTROPY);
    mlp_net_free(net);
    mlp_schema_free(&sc);
}

/* Arrays of another shape than docs/numpy.md's were flattened: a b1 of
 * (3, 1) or (1, 3), a mean of (2, 1), read as if (3,) and (2,). A text
 * holding a NUL before its end (bytes b'a\x00b') was cut to "a". */
static void decode_should_refuse_other_shapes_and_inner_nuls(void **state)
{
    encoded *e = *state;
    unsigned char *buf = e->buf, *b = e->b;
    size_t len = e->len;
    memcpy(b, buf, len);
    set_header(b, len, "b1.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 1), }");
    expect_hint(b, len, "array \"b1\" has shape (3, 1); it must have shape (3,), one bias per unit",
                "save b1 with shape (3,), its biases in the order of W1's rows (docs/numpy.md)");
    memcpy(b, buf, len);
    set_header(b, len, "b2.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }");
    expect_error(b, len, "array \"b2\" has shape (1, 2); it must have shape (2,), one bias per unit");
    memcpy(b, buf, len);
    set_header(b, len, "mean.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }");
    expect_error(b, len, "arrays \"mean\" and \"std\" must have shape (2,), one value per input");
    memcpy(b, buf, len);
    set_header(b, len, "std.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }");
    expect_error(b, len, "arrays \"mean\" and \"std\" must have shape (2,), one value per input");

    /* Under normalize "none" as well. */
    size_t n;
    unsigned char *none = encode_unnormalised(&n);
    set_header(none, n, "std.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }");
    expect_error(none, n, "array \"std\" must have shape (2,), one value per input");
    free(none);

    /* labels "no", "yes" ('<U3') read as '|S3': the 24 bytes are the six
     * texts "n", b'\0o', ...; the second holds a NUL before its 'o'. */
    memcpy(b, buf, len);
    set_header(b, len, "labels.npy", "{'descr': '|S3', 'fortran_order': False, 'shape': (2,), }");
    expect_hint(b, len, "array \"labels\" [1] holds a text with a NUL character inside it, which "
                        "mlp cannot keep in a name", "save the names without NUL characters");
    /* The str "n\0o": its NUL is inside too. */
    memcpy(b, buf, len);
    size_t npy = npy_at(b, len, "labels.npy");
    size_t hl = (size_t)b[npy + 8] | (size_t)b[npy + 9] << 8;
    unsigned char *no = b + npy + 10 + hl;
    assert_int_equal(no[4], 'o');
    no[4] = 0;
    no[8] = 'o';
    fix_crc(b, len, "labels.npy");
    expect_error(b, len, "array \"labels\" [0] holds a text with a NUL character inside it, "
                         "which mlp cannot keep in a name");
}

static void decode_should_list_every_known_name(void **state)
{
    encoded *e = *state;
    unsigned char *buf = e->buf, *b = e->b;
    size_t len = e->len;
    mlp_net *net = (mlp_net *)1;
    mlp_schema sc;
    mlp_error err;

    /* A near spelling gets the spec reader's "did you mean" (nearest.h); a
     * name near none, the list. */
    memcpy(b, buf, len);
    set_char(b, len, "activations.npy", 'h', 'x'); /* "tanh" -> "tanx" */
    assert_int_equal(mlp_weights_decode(b, len, "m.npz", &net, &sc, &err), MLP_ERR_WEIGHTS);
    assert_string_equal(err.message, "unknown activation \"tanx\" in \"activations\"");
    assert_string_equal(err.hint, "did you mean \"tanh\"?");

    memcpy(b, buf, len);
    for (const char *c = "tan"; *c; c++)
        set_char(b, len, "activations.npy", *c, 'q'); /* "tanh" -> "qqqh" */
    assert_int_equal(mlp_weights_decode(b, len, "m.npz", &net, &sc, &err), MLP_ERR_WEIGHTS);
    assert_string_equal(err.message, "unknown activation \"qqqh\" in \"activations\"");
    assert_string_equal(err.hint, "use sigmoid, tanh, relu, leaky_relu, linear, softmax or softplus");
    for (int k = 0; k < MLP_ACT_COUNT; k++)
        assert_non_null(strstr(err.hint, mlp_activation_name((mlp_activation)k)));

    memcpy(b, buf, len);
    for (const char *c = "cross"; *c; c++)
        set_char(b, len, "loss.npy", *c, 'q'); /* "cross_entropy" -> "qqqqq_entropy" */
    assert_int_equal(mlp_weights_decode(b, len, "m.npz", &net, &sc, &err), MLP_ERR_WEIGHTS);
    assert_string_equal(err.message, "unknown loss \"qqqqq_entropy\" in \"loss\"");
    assert_string_equal(err.hint, "use mse, cross_entropy or binary_cross_entropy");
    for (int k = 0; k < MLP_LOSS_COUNT; k++)
        assert_non_null(strstr(err.hint, mlp_loss_name((mlp_loss)k)));
    assert_null(net);
}

/* Headers that a hand-made or damaged file may carry. The shape is read
 * within the header's stated length, never past it: a header cut off inside
 * its shape, followed by digits, is refused as unreadable (a parse with
 * strtoull ran on into the bytes after the header and read a shape
 * (3, 20)). A text width of 0 is refused, not taken as texts of no bytes,
 * of which a header could then claim 10^12 for no bytes of file. */
static void decode_should_read_a_header_only_within_its_length(void **state)
{
    encoded *e = *state;
    unsigned char *buf = e->buf, *b = e->b;
    size_t len = e->len;

    memcpy(b, buf, len);
    size_t npy = npy_at(b, len, "W1.npy");
    size_t two = find(b, len, "'shape': (3, 2)", npy) + strlen("'shape': (3, ");
    size_t hl = two + 1 - (npy + 10);
    b[npy + 8] = (unsigned char)hl;
    b[npy + 9] = (unsigned char)(hl >> 8);
    b[two + 1] = '0'; /* was ')': now the first byte after the header */
    fix_crc(b, len, "W1.npy");
    expect_error(b, len, "member \"W1\" has a .npy header mlp cannot read");

    memcpy(b, buf, len);
    set_header(b, len, "labels.npy",
               "{'descr': '<U0', 'fortran_order': False, 'shape': (1000000000000,), }");
    expect_error(b, len, "member \"labels\" has dtype <U0, which mlp does not read");

    memcpy(b, buf, len);
    set_header(b, len, "W1.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2");
    expect_error(b, len, "member \"W1\" has a .npy header mlp cannot read");
}

/* A numpy str element is UTF-32; a code point that is no Unicode scalar
 * value (above U+10FFFF, or a surrogate) has no UTF-8 form. It was encoded
 * anyway into bytes no UTF-8 reader takes, which the writer then turned
 * into other names (the fuzzer's first finding: two features named "x2"). */
static void decode_should_refuse_a_text_that_is_not_unicode(void **state)
{
    encoded *e = *state;
    unsigned char *buf = e->buf, *b = e->b;
    size_t len = e->len;
    static const struct {
        uint32_t c;
        const char *message;
    } cases[] = {
        {0x110000, "array \"feature_names\" holds a text with code point 0x110000, which is not Unicode"},
        {0xd800, "array \"feature_names\" holds a text with code point 0xD800, which is not Unicode"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        memcpy(b, buf, len);
        size_t npy = npy_at(b, len, "feature_names.npy");
        size_t hl = (size_t)b[npy + 8] | (size_t)b[npy + 9] << 8;
        unsigned char *x = b + npy + 10 + hl; /* "x 1": its 'x' */
        assert_int_equal(x[0], 'x');
        for (int i = 0; i < 4; i++)
            x[i] = (unsigned char)(cases[k].c >> (8 * i));
        fix_crc(b, len, "feature_names.npy");
        expect_error(b, len, cases[k].message);
    }
}

/* Names are bytes (a CSV header in Latin-1 gives names that are not UTF-8).
 * Written as numpy str they came back as U+FFFD, so two such names became
 * one and the exported file could not be read back; they are now written as
 * numpy bytes ('|S'), verbatim, and read back byte for byte. */
static void names_that_are_not_utf8_should_survive_the_round_trip(void **state)
{
    (void)state;
    mlp_schema sc;
    mlp_net *net = model(&sc);
    free(sc.feature_names[0]);
    free(sc.feature_names[1]);
    sc.feature_names[0] = dup_str("gr\xf6\xdf" "e");  /* "größe" in Latin-1 */
    sc.feature_names[1] = dup_str("gr\xe4\xdf" "e");  /* another, same length */
    unsigned char *buf;
    size_t len;
    mlp_error err;
    assert_int_equal(mlp_npz_encode(net, &sc, &buf, &len, &err), MLP_OK);
    size_t npy = npy_at(buf, len, "feature_names.npy");
    find(buf, len, "'descr': '|S5'", npy);
    find(buf, len, "'descr': '<U3'", npy_at(buf, len, "labels.npy")); /* still str */
    mlp_net *back = NULL;
    mlp_schema sb;
    assert_int_equal(mlp_weights_decode(buf, len, "m.npz", &back, &sb, &err), MLP_OK);
    assert_string_equal(sb.feature_names[0], "gr\xf6\xdf" "e");
    assert_string_equal(sb.feature_names[1], "gr\xe4\xdf" "e");
    assert_string_equal(sb.labels[1], "yes");
    assert_encodes_to(back, &sb, buf, len);
    mlp_net_free(back);
    mlp_schema_free(&sb);
    free(buf);
    mlp_schema_free(&sc);
    mlp_net_free(net);
}

/* A classifier saved without "labels" (numpy.savez of the weights,
 * activations and loss alone) was read as a regression: --info said
 * `targets "y1", "y2"` and `labels none (regression)`, and mlppredict -e
 * called those made-up names the targets the model was trained on. It is
 * read as before (mlptrain --init-weights takes the training data's
 * labels), the reader says which names the file held, the description says
 * it is a classifier without labels and which names are made up, and
 * mlp_weights_check_labels refuses it to mlppredict, with the class indices
 * as the labels to save. */
static void a_classifier_without_labels_should_be_told_as_one(void **state)
{
    encoded *e = *state;
    unsigned char *b = e->b;
    size_t len = e->len;
    static const char *const gone[] = {"labels.npy", "target_names.npy", "feature_names.npy",
                                       "names_from_header.npy"};
    for (size_t k = 0; k < sizeof gone / sizeof gone[0]; k++)
        drop_member(b, len, gone[k]);
    mlp_net *net;
    mlp_schema sc;
    mlp_provenance p;
    mlp_error err;
    assert_int_equal(mlp_weights_decode_provenance(b, len, "m.npz", &net, &sc, &p, &err), MLP_OK);
    assert_int_equal(p.format_version, 0);
    assert_int_equal(p.npz_given, 0);
    assert_int_equal(sc.n_labels, 0);
    assert_true(mlp_weights_is_classifier(net));
    assert_int_equal(mlp_weights_check_labels(net, &sc, "m.npz", &err), MLP_ERR_WEIGHTS);
    assert_string_equal(err.path, "m.npz");
    assert_string_equal(err.message,
                        "this classifier (a softmax output) has no class labels to name its predictions");
    assert_string_equal(err.hint, "save them in the .npz, one per output unit, in order: "
                                  "labels=numpy.array([\"0\", \"1\"]) (docs/numpy.md)");
    char out[4096];
    FILE *fp = fmemopen(out, sizeof out, "w");
    assert_non_null(fp);
    assert_int_equal(mlp_weights_describe(fp, net, &sc, &p, &err), MLP_OK);
    fclose(fp);
    assert_non_null(strstr(out, "features        2, matched by position: \"x1\", \"x2\" "
                                "(made up: the .npz has no feature_names)\n"));
    assert_non_null(strstr(out, "targets         none in the .npz\n"));
    assert_non_null(strstr(out, "labels          none, which this classifier (a softmax output) "
                                "needs to predict (docs/numpy.md)\n"));
    assert_null(strstr(out, "regression"));
    assert_null(strstr(out, "y1"));
    mlp_net_free(net);
    mlp_schema_free(&sc);

    /* The file as written: every array there, nothing made up or refused. */
    assert_int_equal(mlp_weights_decode_provenance(e->buf, len, "m.npz", &net, &sc, &p, &err),
                     MLP_OK);
    assert_int_equal(p.npz_given, MLP_NPZ_FEATURE_NAMES | MLP_NPZ_TARGET_NAMES | MLP_NPZ_LABELS);
    assert_int_equal(mlp_weights_check_labels(net, &sc, "m.npz", &err), MLP_OK);
    fp = fmemopen(out, sizeof out, "w");
    assert_non_null(fp);
    assert_int_equal(mlp_weights_describe(fp, net, &sc, &p, &err), MLP_OK);
    fclose(fp);
    assert_null(strstr(out, "made up"));
    assert_non_null(strstr(out, "labels          2: \"no\", \"yes\"\n"));
    mlp_net_free(net);
    mlp_schema_free(&sc);
}

/* A classifier saved without labels but with its one target column
 * (--export's target_names=["answer"], labels deleted): a model has 1
 * target column or one per output, so the file reads, keeps the name, and
 * the missing labels are told where they are needed. It was refused as
 * 'array "target_names" must have shape (2,)', which asked for a name per
 * output unit, and mlptrain --init-weights, which takes the data's labels,
 * failed the same way. A count that is neither 1 nor K is still refused. */
static void a_classifier_without_labels_should_keep_its_target_column(void **state)
{
    encoded *e = *state;
    unsigned char *b = e->b;
    size_t len = e->len;
    drop_member(b, len, "labels.npy");
    mlp_net *net;
    mlp_schema sc;
    mlp_provenance p;
    mlp_error err;
    assert_int_equal(mlp_weights_decode_provenance(b, len, "m.npz", &net, &sc, &p, &err), MLP_OK);
    assert_int_equal(p.npz_given, MLP_NPZ_FEATURE_NAMES | MLP_NPZ_TARGET_NAMES);
    assert_int_equal(sc.n_targets, 1);
    assert_string_equal(sc.target_names[0], "answer");
    assert_false(sc.target_names_made_up);
    assert_int_equal(sc.n_labels, 0);
    assert_int_equal(mlp_weights_check_labels(net, &sc, "m.npz", &err), MLP_ERR_WEIGHTS);
    assert_string_equal(err.message,
                        "this classifier (a softmax output) has no class labels to name its predictions");
    mlp_net_free(net);
    mlp_schema_free(&sc);

    /* The same 24 bytes of UTF-32 read as two names ("ans", "wer"), one
     * per output, fit as before; as three ("an", "sw", "er") they fit no
     * model, and the shape of one per output is asked for, as before. */
    set_header(b, len, "target_names.npy",
               "{'descr': '<U3', 'fortran_order': False, 'shape': (2,), }");
    assert_int_equal(mlp_weights_decode(b, len, "m.npz", &net, &sc, &err), MLP_OK);
    assert_int_equal(sc.n_targets, 2);
    assert_string_equal(sc.target_names[1], "wer");
    mlp_net_free(net);
    mlp_schema_free(&sc);
    set_header(b, len, "target_names.npy",
               "{'descr': '<U2', 'fortran_order': False, 'shape': (3,), }");
    expect_error(b, len, "array \"target_names\" must have shape (2,)");
}

/* The one target column of a classifier saved without labels is no licence
 * for a regression of 2 outputs to name 1: it has a target column per
 * output, and a single name ("y1y2" below, the same 16 bytes of UTF-32 as
 * "y1", "y2") is refused at the array, as before e84f3c8, which took it and
 * left mlppredict to fail at the CSV in the C API's words. */
static void a_regression_should_want_a_target_name_per_output(void **state)
{
    (void)state;
    size_t sizes[] = {2, 3, 2};
    mlp_activation acts[] = {MLP_ACT_TANH, MLP_ACT_LINEAR};
    mlp_error err;
    mlp_net *net = mlp_net_create(2, sizes, acts, MLP_LOSS_MSE, &err);
    assert_non_null(net);
    for (size_t i = 0; i < net->n_params; i++)
        net->params[i] = (double)(i + 1) / 8.0;
    mlp_schema sc;
    memset(&sc, 0, sizeof sc);
    sc.n_features = 2;
    sc.feature_names = malloc(2 * sizeof(char *));
    sc.feature_names[0] = dup_str("x1");
    sc.feature_names[1] = dup_str("x2");
    sc.names_from_header = 1;
    sc.n_targets = 2;
    sc.target_names = malloc(2 * sizeof(char *));
    sc.target_names[0] = dup_str("y1");
    sc.target_names[1] = dup_str("y2");
    sc.n_outputs = 2;
    unsigned char *buf;
    size_t len;
    assert_int_equal(mlp_npz_encode(net, &sc, &buf, &len, &err), MLP_OK);
    mlp_net *back;
    mlp_schema sc2;
    assert_int_equal(mlp_weights_decode(buf, len, "m.npz", &back, &sc2, &err), MLP_OK);
    assert_int_equal(sc2.n_targets, 2);
    mlp_net_free(back);
    mlp_schema_free(&sc2);
    set_header(buf, len, "target_names.npy",
               "{'descr': '<U4', 'fortran_order': False, 'shape': (1,), }");
    expect_error(buf, len, "array \"target_names\" must have shape (2,)");
    free(buf);
    mlp_schema_free(&sc);
    mlp_net_free(net);
}

/* Which outputs are a classifier's: those dataset.c makes classes for from
 * one target column (a softmax, or one unit with a loss of classes); a
 * regression's and several sigmoid units' (multi-label) are not, and are
 * never refused for want of labels. */
static void classifiers_should_be_known_by_output_and_loss(void **state)
{
    (void)state;
    static const struct {
        size_t K;
        mlp_activation act;
        mlp_loss loss;
        int classifier;
        const char *hint;
    } cases[] = {
        {3, MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY, 1,
         "save them in the .npz, one per output unit, in order: "
         "labels=numpy.array([\"0\", \"1\", \"2\"]) (docs/numpy.md)"},
        {6, MLP_ACT_SOFTMAX, MLP_LOSS_MSE, 1,
         "save them in the .npz, one per output unit, in order: "
         "labels=numpy.array([\"0\", \"1\", ..., \"5\"]) (docs/numpy.md)"},
        {1, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY, 1,
         "save them in the .npz, the class of y <= 0.5 first: "
         "labels=numpy.array([\"0\", \"1\"]) (docs/numpy.md)"},
        {1, MLP_ACT_SIGMOID, MLP_LOSS_MSE, 0, NULL},
        {2, MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY, 0, NULL},
        {2, MLP_ACT_LINEAR, MLP_LOSS_MSE, 0, NULL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t sizes[] = {2, cases[k].K};
        mlp_error err;
        mlp_net *net = mlp_net_create(1, sizes, &cases[k].act, cases[k].loss, &err);
        assert_non_null(net);
        mlp_schema sc = {0};
        assert_int_equal(mlp_weights_is_classifier(net), cases[k].classifier);
        mlp_status st = mlp_weights_check_labels(net, &sc, "m.npz", &err);
        assert_int_equal(st, cases[k].classifier ? MLP_ERR_WEIGHTS : MLP_OK);
        if (cases[k].hint)
            assert_string_equal(err.hint, cases[k].hint);
        mlp_net_free(net);
    }
}

static void encode_should_report_out_of_memory(void **state)
{
    (void)state;
    mlp_schema sc;
    mlp_net *net = model(&sc);
    mlp_error err;
    /* Every allocation in turn fails: NOMEM and nothing leaked (ASan), until
     * one past the last, which succeeds. */
    for (long n = 1;; n++) {
        unsigned char *buf = (unsigned char *)1;
        size_t len;
        mlp_alloc_fail_after(n);
        mlp_status st = mlp_npz_encode(net, &sc, &buf, &len, &err);
        mlp_alloc_fail_after(0);
        if (st == MLP_OK) {
            assert_true(n > 2);
            free(buf);
            break;
        }
        assert_int_equal(st, MLP_ERR_NOMEM);
        assert_null(buf);
    }
    mlp_schema_free(&sc);
    mlp_net_free(net);
}

/* mlp_npz_encode(net, sc) is refused with the weights file's words for the
 * misfit `why`, and nothing is returned. */
static void expect_refused(const mlp_net *net, const mlp_schema *sc, const char *why)
{
    unsigned char *buf = (unsigned char *)1;
    size_t len = 1;
    mlp_error err;
    assert_int_equal(mlp_npz_encode(net, sc, &buf, &len, &err), MLP_ERR_WEIGHTS);
    assert_null(buf);
    assert_int_equal(len, 0);
    char want[MLP_ERROR_TEXT_MAX];
    snprintf(want, sizeof want, "cannot save the model: %s", why);
    assert_string_equal(err.message, want);
    assert_true(strncmp(err.hint, "the schema must be the network's", 32) == 0);
}

/* The schema must be the network's, as mlp_weights_encode demands: the
 * statistics were read for every input of the network, so a schema of
 * fewer features was read past its mean and std (a heap over-read under
 * ASan), and one of other outputs or labels was written as an .npz that no
 * reader takes. */
static void encode_should_refuse_a_schema_of_another_network(void **state)
{
    (void)state;
    mlp_schema sc;
    mlp_net *net = model(&sc); /* 2 inputs, 2 softmax outputs, standardised */

    /* One feature, its statistics one value each, on their own blocks. */
    mlp_schema narrow = sc;
    narrow.n_features = 1;
    narrow.mean = malloc(sizeof *narrow.mean);
    narrow.std = malloc(sizeof *narrow.std);
    assert_true(narrow.mean && narrow.std);
    narrow.mean[0] = 0.0;
    narrow.std[0] = 1.0;
    expect_refused(net, &narrow, "1 feature name for 2 inputs");
    free(narrow.mean);
    free(narrow.std);

    char *three[3] = {"no", "yes", "maybe"};
    mlp_schema labels3 = sc;
    labels3.n_labels = 3;
    labels3.labels = three;
    expect_refused(net, &labels3, "3 class labels for 2 outputs (expected 0 or 2)");

    mlp_schema wider = sc;
    wider.n_outputs = 3;
    expect_refused(net, &wider, "the schema has 3 outputs but the last layer 2");

    mlp_schema unnamed = sc;
    unnamed.feature_names = NULL;
    expect_refused(net, &unnamed, "the schema's feature_names is NULL");

    mlp_schema_free(&sc);
    mlp_net_free(net);
}

/* Nor is an .npz written that the reader refuses, as mlp_weights_encode
 * writes none: a NaN or inf parameter, a name twice, a std of 0 were all
 * written by mlp_npz_encode, and refused on reading (the command line
 * never made one: --export starts from a model the reader took). */
static void encode_should_refuse_what_the_reader_refuses(void **state)
{
    (void)state;
    mlp_schema sc;
    mlp_net *net = model(&sc); /* 2 inputs "x1", "x2", standardised */
    unsigned char *buf = NULL;
    size_t len = 0;
    mlp_error err;

    double kept = net->params[0];
    net->params[0] = NAN;
    assert_int_equal(mlp_npz_encode(net, &sc, &buf, &len, &err), MLP_ERR_WEIGHTS);
    assert_null(buf);
    assert_string_equal(err.message, "cannot save the model: layer 1 W[0][0] is not finite");
    net->params[0] = kept;

    char *first = sc.feature_names[1];
    sc.feature_names[1] = sc.feature_names[0];
    assert_int_equal(mlp_npz_encode(net, &sc, &buf, &len, &err), MLP_ERR_WEIGHTS);
    assert_null(buf);
    assert_non_null(strstr(err.message, "appears twice"));
    sc.feature_names[1] = first;

    double sd = sc.std[1], mean = sc.mean[1];
    sc.std[1] = 0.0;
    sc.mean[1] = 0.25;
    assert_int_equal(mlp_npz_encode(net, &sc, &buf, &len, &err), MLP_ERR_WEIGHTS);
    assert_null(buf);
    /* which input and what it holds (the hint was about the schema's counts) */
    assert_string_equal(err.message, "cannot save the model: the normalisation of input 2 is "
                                     "mean 0.25, std 0");
    assert_non_null(strstr(err.hint, "finite std above 0"));
    sc.std[1] = sd;
    sc.mean[1] = mean;

    /* Mended, it is written and read back. */
    assert_int_equal(mlp_npz_encode(net, &sc, &buf, &len, &err), MLP_OK);
    mlp_net *back = NULL;
    mlp_schema bsc;
    assert_int_equal(mlp_weights_decode(buf, len, "m.npz", &back, &bsc, &err), MLP_OK);
    mlp_net_free(back);
    mlp_schema_free(&bsc);
    free(buf);
    mlp_schema_free(&sc);
    mlp_net_free(net);
}

/* The UTF-32 (numpy '<U') bytes of the ASCII text s, padded with zero to n characters. */
static void put_utf32(unsigned char *at, const char *s, size_t n)
{
    memset(at, 0, 4 * n);
    for (size_t i = 0; s[i]; i++)
        at[4 * i] = (unsigned char)s[i];
}

/* A .npz whose network cannot be made (mlp_net_create refuses it) or
 * whose arrays the weights encoder refuses reads the error back to reword
 * it: with err NULL, which every function takes (mlp.h), it crashed. Now
 * it fails with the same status. */
static void decode_should_fail_the_same_with_err_null(void **state)
{
    encoded *e = *state;
    unsigned char *b = e->b;
    size_t len = e->len;
    mlp_net *net = (mlp_net *)1;
    mlp_schema sc;
    mlp_error err;
    /* activations '<U7' ["tanh", "softmax"] -> ["softmax", "softmax"]: softmax hidden. */
    size_t data = npy_at(b, len, "activations.npy");
    data += 10 + ((size_t)b[data + 8] | (size_t)b[data + 9] << 8);
    put_utf32(b + data, "softmax", 7);
    fix_crc(b, len, "activations.npy");
    assert_int_equal(mlp_npz_decode(b, len, "m.npz", &net, &sc, &err), MLP_ERR_SPEC);
    assert_string_equal(err.path, "m.npz");
    assert_string_equal(err.message, "softmax is only allowed on the output layer");
    net = (mlp_net *)1;
    assert_int_equal(mlp_npz_decode(b, len, "m.npz", &net, &sc, NULL), MLP_ERR_SPEC);
    assert_null(net);

    /* labels '<U3' ["no", "yes"] -> ["no", "no"]: the encoder refuses a label twice. */
    memcpy(b, e->buf, len);
    data = npy_at(b, len, "labels.npy");
    data += 10 + ((size_t)b[data + 8] | (size_t)b[data + 9] << 8);
    put_utf32(b + data + 12, "no", 3);
    fix_crc(b, len, "labels.npy");
    assert_int_equal(mlp_npz_decode(b, len, "m.npz", &net, &sc, &err), MLP_ERR_WEIGHTS);
    assert_string_equal(err.path, "m.npz");
    assert_string_equal(err.message, "the label \"no\" appears twice"); /* the encoder's, reworded */
    assert_string_equal(err.hint, "the arrays of the .npz do not fit together; see docs/numpy.md");
    net = (mlp_net *)1;
    assert_int_equal(mlp_npz_decode(b, len, "m.npz", &net, &sc, NULL), MLP_ERR_WEIGHTS);
    assert_null(net);
}

/* A copy (*out_len bytes, to free) of the writer's len bytes at buf with
 * the byte c put into the name in the local header of its last member,
 * "one_hot_columns.npy", before ".npy". The local header's name length and
 * the end record's offset of the central directory each grow by one, so
 * every offset still holds and the stored bytes and their CRC are as they
 * were: the names in the two headers are all that disagree. */
static unsigned char *lengthen_last_local_name(const unsigned char *buf, size_t len, char c,
                                               size_t *out_len)
{
    size_t name = find(buf, len, "one_hot_columns.npy", 0), at = name + strlen("one_hot_columns");
    unsigned char *b = malloc(len + 1);
    assert_non_null(b);
    memcpy(b, buf, at);
    b[at] = (unsigned char)c;
    memcpy(b + at + 1, buf + at, len - at);
    b[name - 30 + 26]++; /* the name length, 19: no carry */
    size_t eocd = len + 1 - 22; /* the writer's end record has no comment */
    assert_memory_equal(b + eocd, "PK\x05\x06", 4);
    uint32_t cd = (uint32_t)b[eocd + 16] | (uint32_t)b[eocd + 17] << 8 |
                  (uint32_t)b[eocd + 18] << 16 | (uint32_t)b[eocd + 19] << 24;
    for (int i = 0; i < 4; i++)
        b[eocd + 16 + i] = (unsigned char)((cd + 1) >> (8 * i));
    *out_len = len + 1;
    return b;
}

/* A member's name in its local header and in the central directory must
 * be the same (the zip format; Python's zipfile, numpy's reader, refuses
 * a file where they differ). A reader that took the directory's word only
 * read a file that a reader walking the local headers (unzip as a stream)
 * sees with other arrays in it: damaged, or made to be read two ways. */
static void decode_should_refuse_a_member_named_two_ways(void **state)
{
    encoded *e = *state;
    unsigned char *b = e->b;
    size_t len = e->len;

    /* The same length: "loss.npy" is "Loss.npy" in its local header only. */
    b[find(b, len, "loss.npy", 0)] = 'L';
    expect_hint(b, len, "member \"loss.npy\" is named \"Loss.npy\" in its local header",
                "the file is damaged; write it again with numpy.savez");

    /* Another length: "one_hot_columns2.npy" in the local header. */
    size_t len2;
    unsigned char *b2 = lengthen_last_local_name(e->buf, len, '2', &len2);
    expect_error(b2, len2,
                 "member \"one_hot_columns.npy\" is named \"one_hot_columns2.npy\" in its local header");
    free(b2);
}

/* An .npz is a zip archive whose first member is an .npy array, as
 * numpy.savez writes it; other zip archives (an .xlsx workbook, a .zip of
 * notes) begin "PK\3\4" too and were read as models, then refused as an
 * .npz holding an array "[Content_Types].xml". They are now no model: the
 * weights reader says what they are. */
static void only_an_archive_of_npy_members_should_be_an_npz(void **state)
{
    encoded *e = *state;
    unsigned char *b = e->b;
    size_t len = e->len;
    /* The writer's first member, as numpy's: "W1.npy", 6 bytes at offset 30. */
    assert_int_equal(b[26], 6);
    assert_memory_equal(b + 30, "W1.npy", 6);
    assert_true(mlp_npz_is_npz(b, len));
    assert_true(mlp_npz_is_npz(b, 36));
    assert_false(mlp_npz_is_npz(b, 35)); /* the name not all there */
    assert_false(mlp_npz_is_npz(b, 4));
    /* The same archive with its first member named "W1.txt". */
    memcpy(b + 33, "txt", 3);
    assert_false(mlp_npz_is_npz(b, len));
    expect_hint(b, len, "not an mlp weights file",
                "this is a zip archive (as an .xlsx or .ods workbook is), not a model; give a file "
                "written by mlptrain --weights, or an .npz written by numpy.savez (docs/numpy.md)");
}

/* A target named as a feature: --evaluate finds the target column by its
 * name, and scored the model against its own input (rc 0). mlptrain never
 * saves one; an .npz with one is refused at the two arrays. target_names
 * '<U6' ["answer"] -> ["x 1"], feature_names[0]. */
static void decode_should_refuse_a_target_named_as_a_feature(void **state)
{
    encoded *e = *state;
    size_t data = npy_at(e->b, e->len, "target_names.npy");
    data += 10 + ((size_t)e->b[data + 8] | (size_t)e->b[data + 9] << 8);
    put_utf32(e->b + data, "x 1", 6);
    fix_crc(e->b, e->len, "target_names.npy");
    mlp_net *net = (mlp_net *)1;
    mlp_schema sc;
    mlp_error err;
    assert_int_equal(mlp_npz_decode(e->b, e->len, "m.npz", &net, &sc, &err), MLP_ERR_WEIGHTS);
    assert_null(net);
    assert_string_equal(err.path, "m.npz");
    assert_string_equal(err.message, "inconsistent model: the target name \"x 1\" "
                                     "(target_names[0]) is also a feature name (feature_names[0])");
    assert_non_null(strstr(err.hint, "feature_names"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip_should_keep_every_bit_and_the_schema),
        cmocka_unit_test_setup_teardown(decode_should_name_what_is_wrong, encode_setup, encode_teardown),
        cmocka_unit_test_setup_teardown(decode_should_reject_layers_that_do_not_chain, encode_setup, encode_teardown),
        cmocka_unit_test_setup_teardown(decode_should_name_a_value_the_model_cannot_hold, encode_setup, encode_teardown),
        cmocka_unit_test_setup_teardown(decode_should_tell_a_transposed_layout, encode_setup, encode_teardown),
        cmocka_unit_test_setup_teardown(decode_should_say_how_to_save_names_as_text, encode_setup, encode_teardown),
        cmocka_unit_test_setup_teardown(decode_should_list_every_known_name, encode_setup, encode_teardown),
        cmocka_unit_test_setup_teardown(decode_should_read_a_header_only_within_its_length, encode_setup, encode_teardown),
        cmocka_unit_test_setup_teardown(decode_should_refuse_a_text_that_is_not_unicode, encode_setup, encode_teardown),
        cmocka_unit_test(names_that_are_not_utf8_should_survive_the_round_trip),
        cmocka_unit_test_setup_teardown(a_classifier_without_labels_should_be_told_as_one, encode_setup, encode_teardown),
        cmocka_unit_test_setup_teardown(a_classifier_without_labels_should_keep_its_target_column, encode_setup, encode_teardown),
        cmocka_unit_test(a_regression_should_want_a_target_name_per_output),
        cmocka_unit_test(classifiers_should_be_known_by_output_and_loss),
        cmocka_unit_test(encode_should_report_out_of_memory),
        cmocka_unit_test(encode_should_refuse_a_schema_of_another_network),
        cmocka_unit_test(encode_should_refuse_what_the_reader_refuses),
        cmocka_unit_test(decode_should_give_examples_that_fit_the_model),
        cmocka_unit_test(decode_should_refuse_statistics_that_normalize_none_ignores),
        cmocka_unit_test_setup_teardown(decode_should_want_one_loss, encode_setup, encode_teardown),
        cmocka_unit_test_setup_teardown(decode_should_refuse_other_shapes_and_inner_nuls, encode_setup, encode_teardown),
        cmocka_unit_test_setup_teardown(decode_should_fail_the_same_with_err_null, encode_setup, encode_teardown),
        cmocka_unit_test_setup_teardown(decode_should_refuse_a_member_named_two_ways, encode_setup, encode_teardown),
        cmocka_unit_test_setup_teardown(only_an_archive_of_npy_members_should_be_an_npz, encode_setup, encode_teardown),
        cmocka_unit_test_setup_teardown(decode_should_refuse_a_target_named_as_a_feature, encode_setup, encode_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
