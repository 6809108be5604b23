/* SPDX-License-Identifier: MIT */
/* test_weights.c: the weights file. Hand-built byte arrays pin the layout:
 * the worked example of docs/weights-format.md in version 1 (its CRC
 * computed with Python's zlib.crc32), which must still read, and the same
 * model in version 2 with its provenance block, which the writer must
 * produce byte for byte; round trips must be bit-exact; each kind of damage
 * gets its own message; decoding survives every failed allocation. */
#include <dirent.h>
#include <float.h>
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
#include "crc32.h"
#include "mlp/weights.h"
#include "check.h"

/* ------------------------------------------------------------------------ */
/* The tiny model: 2 inputs -> 1 sigmoid unit, binary cross-entropy,
 * standardised features x1, x2 (mean 0.5, std 0.5), target y with labels
 * "0" and "1", W = [0.5, -2], b = [0.25]. Every byte below was written by
 * hand from the format description. */

static const unsigned char tiny_bytes[] = {
    /*   0 magic           */ 0x4D, 0x4C, 0x50, 0x57, 0x0D, 0x0A, 0x1A, 0x0A,
    /*   8 version 1       */ 0x01, 0x00, 0x00, 0x00,
    /*  12 file size 140   */ 0x8C, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    /*  20 n_layers 1      */ 0x01, 0x00, 0x00, 0x00,
    /*  24 sizes 2, 1      */ 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
    /*  32 sigmoid         */ 0x00,
    /*  33 bce             */ 0x02,
    /*  34 normalize       */ 0x01,
    /*  35 names_from_hdr  */ 0x01,
    /*  36 one_hot_columns */ 0x00,
    /*  37 2 features      */ 0x02, 0x00, 0x00, 0x00,
    /*  41 "x1"            */ 0x02, 0x00, 0x00, 0x00, 'x', '1',
    /*  47 "x2"            */ 0x02, 0x00, 0x00, 0x00, 'x', '2',
    /*  53 1 target        */ 0x01, 0x00, 0x00, 0x00,
    /*  57 "y"             */ 0x01, 0x00, 0x00, 0x00, 'y',
    /*  62 1 output        */ 0x01, 0x00, 0x00, 0x00,
    /*  66 2 labels        */ 0x02, 0x00, 0x00, 0x00,
    /*  70 "0"             */ 0x01, 0x00, 0x00, 0x00, '0',
    /*  75 "1"             */ 0x01, 0x00, 0x00, 0x00, '1',
    /*  80 mean 0.5, 0.5   */ 0, 0, 0, 0, 0, 0, 0xE0, 0x3F, 0, 0, 0, 0, 0, 0, 0xE0, 0x3F,
    /*  96 std 0.5, 0.5    */ 0, 0, 0, 0, 0, 0, 0xE0, 0x3F, 0, 0, 0, 0, 0, 0, 0xE0, 0x3F,
    /* 112 W 0.5, -2       */ 0, 0, 0, 0, 0, 0, 0xE0, 0x3F, 0, 0, 0, 0, 0, 0, 0x00, 0xC0,
    /* 128 b 0.25          */ 0, 0, 0, 0, 0, 0, 0xD0, 0x3F,
    /* 136 CRC 0xBE6E56C9  */ 0xC9, 0x56, 0x6E, 0xBE,
};
enum { TINY_LEN = sizeof tiny_bytes };

/* The provenance block of the version 2 tiny file, written by hand: every
 * part known. The mlp version string and the rest follow it. */
static const unsigned char tiny_prov_bytes[] = {
    /* 112 flags           */ 0x07,
    /* 113 spec sha256     */ 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
                              0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
                              0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
    /* 145 data sha256     */ 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa, 0xf9, 0xf8, 0xf7, 0xf6, 0xf5,
                              0xf4, 0xf3, 0xf2, 0xf1, 0xf0, 0xef, 0xee, 0xed, 0xec, 0xeb, 0xea,
                              0xe9, 0xe8, 0xe7, 0xe6, 0xe5, 0xe4, 0xe3, 0xe2, 0xe1, 0xe0,
    /* 177 seed 42         */ 0x2A, 0, 0, 0, 0, 0, 0, 0,
    /* 185 threads 2       */ 0x02, 0, 0, 0,
    /* 189 epochs run 50   */ 0x32, 0, 0, 0, 0, 0, 0, 0,
    /* 197 best epoch 49   */ 0x31, 0, 0, 0, 0, 0, 0, 0,
    /* 205 best loss 0.125 */ 0, 0, 0, 0, 0, 0, 0xC0, 0x3F,
    /* 213 final loss 0.25 */ 0, 0, 0, 0, 0, 0, 0xD0, 0x3F,
    /* 221 then: u32 length of MLP_VERSION, its bytes, the 24 parameter
     * bytes of offsets 112..135 above, the CRC */
};
enum { PROV_LEN = sizeof tiny_prov_bytes, OFF_PROV = 112, OFF_VERSION_STR = 221 };

static size_t tiny_v2_len(void)
{
    return OFF_PROV + PROV_LEN + 4 + strlen(MLP_VERSION) + 24 + 4;
}

/* What version 5 appends to the provenance block after the ranks, written
 * by hand: every part known (the flag byte then 0xff, tiny_v5). */
static const unsigned char tiny_v5_bytes[] = {
    /* +0   settings       */ 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a,
                              0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35,
                              0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
    /* +32  validation     */ 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a,
                              0x4b, 0x4c, 0x4d, 0x4e, 0x4f, 0x50, 0x51, 0x52, 0x53, 0x54, 0x55,
                              0x56, 0x57, 0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f,
    /* +64  initial wts    */ 0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a,
                              0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75,
                              0x76, 0x77, 0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f,
    /* +96  batch size 16   */ 0x10, 0, 0, 0, 0, 0, 0, 0,
    /* +104 shuffle seed 7  */ 0x07, 0, 0, 0, 0, 0, 0, 0,
};
enum { V5_LEN = sizeof tiny_v5_bytes };

/* u32 length + bytes of str at b + at; the offset after it. */
static size_t put_str_at(unsigned char *b, size_t at, const char *str)
{
    size_t n = strlen(str);
    for (int i = 0; i < 4; i++)
        b[at + (size_t)i] = (unsigned char)(n >> (8 * i));
    memcpy(b + at + 4, str, n);
    return at + 4 + n;
}

/* The tiny file of version 2 (core and isa NULL), 3 (ranks < 0), 4 or 5
 * (v5, the bytes it appends, not NULL; flags its flag byte) into b, len
 * bytes: the version 1 bytes with the provenance block inserted before W,
 * the size and the CRC rewritten. */
static void tiny_build(unsigned char *b, size_t len, const char *core, const char *isa, long ranks,
                       const unsigned char *v5, unsigned flags)
{
    memcpy(b, tiny_bytes, OFF_PROV);
    b[8] = !core ? 2 : ranks < 0 ? 3 : v5 ? 5 : 4;
    memcpy(b + OFF_PROV, tiny_prov_bytes, PROV_LEN);
    if (v5)
        b[OFF_PROV] = (unsigned char)flags;
    size_t at = put_str_at(b, OFF_PROV + PROV_LEN, MLP_VERSION);
    if (core) {
        at = put_str_at(b, at, core);
        at = put_str_at(b, at, isa);
    }
    if (core && ranks >= 0) {
        for (int i = 0; i < 4; i++)
            b[at + (size_t)i] = (unsigned char)((unsigned long)ranks >> (8 * i));
        at += 4;
    }
    if (v5) {
        memcpy(b + at, v5, V5_LEN);
        at += V5_LEN;
    }
    memcpy(b + at, tiny_bytes + 112, 24);
    for (int i = 0; i < 8; i++)
        b[12 + i] = (unsigned char)((uint64_t)len >> (8 * i));
    uint32_t crc = mlp_crc32(0, b, len - 4);
    for (int i = 0; i < 4; i++)
        b[len - 4 + (size_t)i] = (unsigned char)(crc >> (8 * i));
}

/* The version 2 tiny file into b (tiny_v2_len() bytes). */
static void tiny_v2(unsigned char *b)
{
    tiny_build(b, tiny_v2_len(), NULL, NULL, -1, NULL, 0);
}

/* The version 3 tiny file: version 2's bytes with 3 at offset 8 and, after
 * the mlp version string, the BLAS core and the vector ISA as u32 length +
 * bytes; tiny_v3_len(core, isa) bytes. */
static size_t tiny_v3_len(const char *core, const char *isa)
{
    return tiny_v2_len() + 4 + strlen(core) + 4 + strlen(isa);
}

static void tiny_v3(unsigned char *b, const char *core, const char *isa)
{
    tiny_build(b, tiny_v3_len(core, isa), core, isa, -1, NULL, 0);
}

/* The version 4 tiny file: version 3's bytes with 4 at offset 8 and, after
 * the vector ISA, the ranks as a u32; tiny_v4_len(core, isa) bytes. */
static size_t tiny_v4_len(const char *core, const char *isa)
{
    return tiny_v3_len(core, isa) + 4;
}

static void tiny_v4(unsigned char *b, const char *core, const char *isa, long ranks)
{
    tiny_build(b, tiny_v4_len(core, isa), core, isa, ranks, NULL, 0);
}

/* The version 5 tiny file: version 4's bytes with 5 at offset 8, the flag
 * byte flags and, after the ranks, the bytes of v5 (tiny_v5_bytes, or
 * zeros); tiny_v5_len(core, isa) bytes. */
static size_t tiny_v5_len(const char *core, const char *isa)
{
    return tiny_v4_len(core, isa) + V5_LEN;
}

static void tiny_v5(unsigned char *b, const char *core, const char *isa, long ranks,
                    const unsigned char *v5, unsigned flags)
{
    tiny_build(b, tiny_v5_len(core, isa), core, isa, ranks, v5, flags);
}

static void tiny_prov(mlp_provenance *p)
{
    mlp_provenance_init(p);
    p->has_spec_sha256 = p->has_data_sha256 = p->has_training = 1;
    for (int i = 0; i < 32; i++) {
        p->spec_sha256[i] = (unsigned char)i;
        p->data_sha256[i] = (unsigned char)(0xff - i);
    }
    p->seed = 42;
    p->threads = 2;
    p->epochs_run = 50;
    p->best_epoch = 49;
    p->best_loss = 0.125;
    p->final_loss = 0.25;
    strcpy(p->blas_core, "Haswell");
    strcpy(p->vector_isa, "avx2");
    p->ranks = 2;
    /* Version 5's, as tiny_v5_bytes holds them. */
    p->has_seed = 1;
    p->has_settings_sha256 = p->has_validation_sha256 = p->has_init_sha256 = 1;
    for (int i = 0; i < 32; i++) {
        p->settings_sha256[i] = (unsigned char)(0x20 + i);
        p->validation_sha256[i] = (unsigned char)(0x40 + i);
        p->init_sha256[i] = (unsigned char)(0x60 + i);
    }
    p->batch_size = 16;
    p->shuffled = 1;
    p->shuffle_seed = 7;
}

static char *dup_str(const char *s)
{
    char *c = malloc(strlen(s) + 1);
    assert_non_null(c);
    strcpy(c, s);
    return c;
}

static char **dup_strs(const char *const *s, size_t n)
{
    char **a = calloc(n ? n : 1, sizeof *a);
    assert_non_null(a);
    for (size_t i = 0; i < n; i++)
        a[i] = dup_str(s[i]);
    return a;
}

/* A schema built with the test's own malloc; mlp_schema_free frees it. */
static void make_schema(mlp_schema *s, const char *const *features, size_t n_features,
                        const char *const *targets, size_t n_targets, size_t n_outputs,
                        const char *const *labels, size_t n_labels, const double *mean,
                        const double *std)
{
    memset(s, 0, sizeof *s);
    s->n_features = n_features;
    s->feature_names = dup_strs(features, n_features);
    s->names_from_header = 1;
    s->n_targets = n_targets;
    s->target_names = dup_strs(targets, n_targets);
    s->n_outputs = n_outputs;
    s->n_labels = n_labels;
    s->labels = n_labels ? dup_strs(labels, n_labels) : NULL;
    if (mean) {
        s->normalize = MLP_NORMALIZE_STANDARD;
        s->mean = malloc(n_features * sizeof *s->mean);
        s->std = malloc(n_features * sizeof *s->std);
        assert_non_null(s->mean);
        assert_non_null(s->std);
        memcpy(s->mean, mean, n_features * sizeof *mean);
        memcpy(s->std, std, n_features * sizeof *std);
    }
}

static mlp_net *make_tiny(mlp_schema *s)
{
    size_t sizes[] = {2, 1};
    mlp_activation acts[] = {MLP_ACT_SIGMOID};
    mlp_error err;
    mlp_net *net = mlp_net_create(1, sizes, acts, MLP_LOSS_BINARY_CROSS_ENTROPY, &err);
    assert_non_null(net);
    net->params[0] = 0.5;
    net->params[1] = -2.0;
    net->params[2] = 0.25;
    static const char *const features[] = {"x1", "x2"}, *const targets[] = {"y"},
                             *const labels[] = {"0", "1"};
    static const double half[] = {0.5, 0.5};
    make_schema(s, features, 2, targets, 1, 1, labels, 2, half, half);
    return net;
}

/* A copy of the tiny file to damage, with room to grow. */
static unsigned char *tiny_copy(size_t extra)
{
    unsigned char *b = malloc(TINY_LEN + extra);
    assert_non_null(b);
    memcpy(b, tiny_bytes, TINY_LEN);
    return b;
}

static void put_le(unsigned char *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* Rewrites the size field and the CRC so only the body's own checks can
 * object. */
static void reseal(unsigned char *b, size_t len)
{
    put_le(b + 12, len, 8);
    put_le(b + len - 4, mlp_crc32(0, b, len - 4), 4);
}

/* Decodes and expects failure with exactly `message`. */
static void expect_rejected(const unsigned char *b, size_t len, mlp_status code,
                            const char *message)
{
    mlp_net *net = (mlp_net *)1;
    mlp_schema s;
    mlp_error err;
    assert_int_equal(mlp_weights_decode(b, len, "model.bin", &net, &s, &err), code);
    assert_null(net);
    assert_int_equal(err.code, code);
    assert_string_equal(err.path, "model.bin");
    assert_string_equal(err.message, message);
    assert_true(err.hint[0] != '\0');
    /* Nothing to free on failure: the schema comes back zeroed. */
    assert_null(s.feature_names);
    assert_null(s.labels);
    assert_null(s.mean);
}

/* ------------------------------------------------------------------------ */

static void crc32_should_match_the_standard_check_value(void **state)
{
    (void)state;
    const unsigned char *digits = (const unsigned char *)"123456789";
    assert_int_equal(mlp_crc32(0, digits, 9), 0xCBF43926u);
    assert_int_equal(mlp_crc32(mlp_crc32(0, digits, 3), digits + 3, 6), 0xCBF43926u);
    assert_int_equal(mlp_crc32(0, digits, 0), 0);
    /* One 0x00 byte: the register 0xFFFFFFFF shifted 8 times, inverted;
     * the value every zlib-compatible CRC-32 gives. */
    assert_int_equal(mlp_crc32(0, (const unsigned char *)"", 1), 0xD202EF8Du);
}

static void encode_should_match_the_hand_built_bytes(void **state)
{
    (void)state;
    mlp_schema s;
    mlp_net *net = make_tiny(&s);
    mlp_provenance p;
    tiny_prov(&p);
    strcpy(p.mlp_version, "ignored: the writer says its own version");
    unsigned char *buf;
    size_t len, want_len = tiny_v5_len("Haswell", "avx2");
    unsigned char *want = malloc(want_len);
    assert_non_null(want);
    tiny_v5(want, "Haswell", "avx2", 2, tiny_v5_bytes, 0xff);
    mlp_error err;
    assert_int_equal(mlp_weights_encode_provenance(net, &s, &p, &buf, &len, &err), MLP_OK);
    assert_int_equal(len, want_len);
    for (size_t i = 0; i < want_len; i++) {
        if (buf[i] != want[i])
            fail_msg("byte %zu is 0x%02x, expected 0x%02x", i, buf[i], want[i]);
    }
    free(buf);
    free(want);
    /* Without provenance: the block all zeros but the version, the two
     * names empty (length 0), the ranks 0, version 5's part zeros. */
    static const unsigned char no_v5[V5_LEN];
    want_len = tiny_v5_len("", "");
    want = malloc(want_len);
    assert_non_null(want);
    tiny_v5(want, "", "", 0, no_v5, 0);
    assert_int_equal(mlp_weights_encode(net, &s, &buf, &len, &err), MLP_OK);
    assert_int_equal(len, want_len);
    assert_memory_equal(buf, want, 12);
    for (size_t i = OFF_PROV; i < OFF_VERSION_STR; i++)
        if (buf[i] != 0)
            fail_msg("byte %zu of an empty provenance is 0x%02x", i, buf[i]);
    assert_memory_equal(buf + OFF_VERSION_STR, want + OFF_VERSION_STR,
                        4 + strlen(MLP_VERSION) + 8 + 4 + V5_LEN + 24);
    free(buf);
    free(want);
    mlp_net_free(net);
    mlp_schema_free(&s);
}

static void decode_should_read_the_provenance_of_version_4(void **state)
{
    (void)state;
    size_t len = tiny_v4_len("Haswell", "avx2");
    unsigned char *b = malloc(len);
    assert_non_null(b);
    tiny_v4(b, "Haswell", "avx2", 3);
    mlp_net *net;
    mlp_schema s;
    mlp_provenance p;
    mlp_error err;
    assert_int_equal(mlp_weights_decode_provenance(b, len, "v4", &net, &s, &p, &err), MLP_OK);
    assert_int_equal(p.format_version, 4);
    assert_string_equal(p.blas_core, "Haswell");
    assert_string_equal(p.vector_isa, "avx2");
    assert_int_equal(p.ranks, 3);
    assert_true(p.seed == 42 && p.threads == 2 && p.epochs_run == 50 && p.best_epoch == 49);
    assert_true(net->layers[0].W[1] == -2.0 && net->layers[0].b[0] == 0.25);
    mlp_net_free(net);
    mlp_schema_free(&s);
    free(b);
}

static void decode_should_read_the_provenance_of_version_3(void **state)
{
    (void)state;
    size_t len = tiny_v3_len("Haswell", "avx2");
    unsigned char *b = malloc(len);
    assert_non_null(b);
    tiny_v3(b, "Haswell", "avx2");
    mlp_net *net;
    mlp_schema s;
    mlp_provenance p;
    mlp_error err;
    assert_int_equal(mlp_weights_decode_provenance(b, len, "v3", &net, &s, &p, &err), MLP_OK);
    assert_int_equal(p.format_version, 3);
    assert_string_equal(p.mlp_version, MLP_VERSION);
    assert_string_equal(p.blas_core, "Haswell");
    assert_string_equal(p.vector_isa, "avx2");
    assert_int_equal(p.ranks, 0); /* not in a version 3 file */
    assert_true(p.seed == 42 && p.threads == 2 && p.epochs_run == 50 && p.best_epoch == 49);
    assert_true(net->layers[0].W[1] == -2.0 && net->layers[0].b[0] == 0.25);
    mlp_net_free(net);
    mlp_schema_free(&s);
    free(b);
}

/* A v3 name of 33 bytes, or holding a NUL, is refused like the version
 * string; 32 bytes is the most read. */
static void decode_should_refuse_bad_names_of_version_3(void **state)
{
    (void)state;
    static const char max[] = "0123456789abcdef0123456789abcdef"; /* 32 bytes */
    static const char over[] = "0123456789abcdef0123456789abcdefX"; /* 33 */
    size_t len = tiny_v3_len(max, over);
    unsigned char *b = malloc(len);
    assert_non_null(b);
    mlp_net *net;
    mlp_schema s;
    mlp_provenance p;
    mlp_error err;
    tiny_v3(b, max, "sse2");
    assert_int_equal(mlp_weights_decode_provenance(b, tiny_v3_len(max, "sse2"), "v3", &net, &s, &p,
                                                   &err),
                     MLP_OK);
    assert_string_equal(p.blas_core, max);
    mlp_net_free(net);
    mlp_schema_free(&s);

    size_t at_core = OFF_VERSION_STR + 4 + strlen(MLP_VERSION);
    char msg[160];
    tiny_v3(b, over, "sse2");
    snprintf(msg, sizeof msg,
             "inconsistent model: a BLAS core name of 33 bytes at offset %zu (at most 32)",
             at_core);
    expect_rejected(b, tiny_v3_len(over, "sse2"), MLP_ERR_WEIGHTS, msg);
    tiny_v3(b, "avx2", over);
    snprintf(msg, sizeof msg,
             "inconsistent model: a vector ISA name of 33 bytes at offset %zu (at most 32)",
             at_core + 8);
    expect_rejected(b, tiny_v3_len("avx2", over), MLP_ERR_WEIGHTS, msg);
    tiny_v3(b, "Has\001ell", "avx2");
    b[at_core + 4 + 3] = 0; /* a NUL inside the core name */
    reseal(b, tiny_v3_len("Has\001ell", "avx2"));
    snprintf(msg, sizeof msg, "inconsistent model: a string at offset %zu holds a NUL byte",
             at_core);
    expect_rejected(b, tiny_v3_len("Has\001ell", "avx2"), MLP_ERR_WEIGHTS, msg);
    free(b);
}

static void decode_should_read_the_provenance_of_version_2(void **state)
{
    (void)state;
    size_t len = tiny_v2_len();
    unsigned char *b = malloc(len);
    assert_non_null(b);
    tiny_v2(b);
    mlp_net *net;
    mlp_schema s;
    mlp_provenance p, want;
    mlp_error err;
    assert_int_equal(mlp_weights_decode_provenance(b, len, "v2", &net, &s, &p, &err), MLP_OK);
    tiny_prov(&want);
    assert_int_equal(p.format_version, 2);
    assert_string_equal(p.mlp_version, MLP_VERSION);
    assert_true(p.has_spec_sha256 && p.has_data_sha256 && p.has_training);
    assert_memory_equal(p.spec_sha256, want.spec_sha256, 32);
    assert_memory_equal(p.data_sha256, want.data_sha256, 32);
    assert_true(p.seed == 42 && p.threads == 2 && p.epochs_run == 50 && p.best_epoch == 49);
    assert_true(p.best_loss == 0.125 && p.final_loss == 0.25);
    assert_true(net->layers[0].W[1] == -2.0 && net->layers[0].b[0] == 0.25);
    assert_string_equal(s.labels[1], "1");
    mlp_net_free(net);
    mlp_schema_free(&s);
    /* Without asking for the provenance. */
    assert_int_equal(mlp_weights_decode(b, len, "v2", &net, &s, &err), MLP_OK);
    mlp_net_free(net);
    mlp_schema_free(&s);
    free(b);
}

static void decode_should_read_the_hand_built_bytes(void **state)
{
    (void)state;
    mlp_net *net;
    mlp_schema s;
    mlp_error err;
    mlp_provenance p;
    /* Version 1 still reads, without provenance. */
    assert_int_equal(mlp_weights_decode_provenance(tiny_bytes, TINY_LEN, "tiny", &net, &s, &p, &err),
                     MLP_OK);
    assert_int_equal(p.format_version, 1);
    assert_false(p.has_spec_sha256 || p.has_data_sha256 || p.has_training);
    assert_string_equal(p.mlp_version, "");
    assert_true(isnan(p.best_loss) && isnan(p.final_loss));
    assert_int_equal(net->n_layers, 1);
    assert_int_equal(net->sizes[0], 2);
    assert_int_equal(net->sizes[1], 1);
    assert_int_equal(net->layers[0].act, MLP_ACT_SIGMOID);
    assert_int_equal(net->loss, MLP_LOSS_BINARY_CROSS_ENTROPY);
    assert_int_equal(net->n_params, 3);
    assert_true(net->layers[0].W[0] == 0.5 && net->layers[0].W[1] == -2.0);
    assert_true(net->layers[0].b[0] == 0.25);
    assert_int_equal(s.normalize, MLP_NORMALIZE_STANDARD);
    assert_int_equal(s.names_from_header, 1);
    assert_int_equal(s.one_hot_columns, 0);
    assert_int_equal(s.n_features, 2);
    assert_string_equal(s.feature_names[0], "x1");
    assert_string_equal(s.feature_names[1], "x2");
    assert_int_equal(s.n_targets, 1);
    assert_string_equal(s.target_names[0], "y");
    assert_int_equal(s.n_outputs, 1);
    assert_int_equal(s.n_labels, 2);
    assert_string_equal(s.labels[0], "0");
    assert_string_equal(s.labels[1], "1");
    assert_true(s.mean[0] == 0.5 && s.mean[1] == 0.5 && s.std[0] == 0.5 && s.std[1] == 0.5);
    mlp_net_free(net);
    mlp_schema_free(&s);
}

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static void round_trip_should_be_bit_exact(void **state)
{
    (void)state;
    size_t sizes[] = {3, 4, 2};
    mlp_activation acts[] = {MLP_ACT_TANH, MLP_ACT_SOFTMAX};
    mlp_error err;
    mlp_net *net = mlp_net_create(2, sizes, acts, MLP_LOSS_CROSS_ENTROPY, &err);
    assert_non_null(net);
    assert_int_equal(net->n_params, 4 * 3 + 4 + 2 * 4 + 2);
    const double special[] = {-0.0,     4.9406564584124654e-324, DBL_MIN / 3, 1e308, -1e308,
                              DBL_MAX,  -DBL_MIN,                0.1,         3.141592653589793, -1.0 / 3};
    for (size_t k = 0; k < net->n_params; k++)
        net->params[k] = special[k % 10] * (k < 10 ? 1.0 : 1.0 / (double)(k + 1));
    static const char *const features[] = {"petal length", "é", ""}, *const targets[] = {"class"},
                             *const labels[] = {"cat", "dog"};
    const double mean[] = {-0.0, 1e-310, 7.25}, std[] = {1e308, 4.9406564584124654e-324, 1.0};
    mlp_schema s;
    make_schema(&s, features, 3, targets, 1, 2, labels, 2, mean, std);
    s.names_from_header = 0;

    unsigned char *buf;
    size_t len;
    assert_int_equal(mlp_weights_encode(net, &s, &buf, &len, &err), MLP_OK);
    mlp_net *back;
    mlp_schema t;
    assert_int_equal(mlp_weights_decode(buf, len, "mem", &back, &t, &err), MLP_OK);

    assert_int_equal(back->n_layers, 2);
    for (size_t l = 0; l <= 2; l++)
        assert_int_equal(back->sizes[l], sizes[l]);
    assert_int_equal(back->layers[0].act, MLP_ACT_TANH);
    assert_int_equal(back->layers[1].act, MLP_ACT_SOFTMAX);
    assert_int_equal(back->loss, MLP_LOSS_CROSS_ENTROPY);
    assert_int_equal(back->n_params, net->n_params);
    assert_memory_equal(back->params, net->params, net->n_params * sizeof(double));
    assert_true(signbit(back->params[0]) && back->params[0] == 0.0);
    assert_int_equal(t.names_from_header, 0);
    assert_int_equal(t.normalize, MLP_NORMALIZE_STANDARD);
    for (size_t j = 0; j < 3; j++) {
        assert_string_equal(t.feature_names[j], features[j]);
        assert_true(same_bits(t.mean[j], mean[j]));
        assert_true(same_bits(t.std[j], std[j]));
    }
    assert_string_equal(t.target_names[0], "class");
    assert_int_equal(t.n_outputs, 2);
    assert_int_equal(t.n_labels, 2);
    assert_string_equal(t.labels[0], "cat");
    assert_string_equal(t.labels[1], "dog");

    /* Encoding what was decoded gives the same bytes. */
    unsigned char *again;
    size_t len2;
    assert_int_equal(mlp_weights_encode(back, &t, &again, &len2, &err), MLP_OK);
    assert_int_equal(len2, len);
    assert_memory_equal(again, buf, len);

    free(again);
    free(buf);
    mlp_net_free(back);
    mlp_schema_free(&t);
    mlp_net_free(net);
    mlp_schema_free(&s);
}

static void round_trip_should_keep_a_regression_model_without_normalisation(void **state)
{
    (void)state;
    size_t sizes[] = {1, 3, 3, 2};
    mlp_activation acts[] = {MLP_ACT_RELU, MLP_ACT_LEAKY_RELU, MLP_ACT_LINEAR};
    mlp_error err;
    mlp_net *net = mlp_net_create(3, sizes, acts, MLP_LOSS_MSE, &err);
    assert_non_null(net);
    for (size_t k = 0; k < net->n_params; k++)
        net->params[k] = (double)k - 11.5;
    static const char *const features[] = {"t"}, *const targets[] = {"u", "v"};
    mlp_schema s;
    make_schema(&s, features, 1, targets, 2, 2, NULL, 0, NULL, NULL);
    unsigned char *buf;
    size_t len;
    assert_int_equal(mlp_weights_encode(net, &s, &buf, &len, &err), MLP_OK);
    /* 8+4+8+4 + 4*4 sizes + 3 acts + 1 loss + 3 flags + (4+5) + (4+5+5) + 4 + 4
     * + provenance (1 + 32 + 32 + 8 + 4 + 8 + 8 + 8 + 8 + 4 + version + 4 + 4
     * for the two empty names of version 3 + 4 for the ranks of version 4
     * + 3 * 32 + 8 + 8 for the digests, batch size and shuffle seed of
     * version 5) + 8 * n_params + 4 CRC */
    assert_int_equal(len, 24 + 16 + 3 + 1 + 3 + 9 + 14 + 4 + 4 + 125 + 112 + strlen(MLP_VERSION) +
                              8 * net->n_params + 4);
    mlp_net *back;
    mlp_schema t;
    assert_int_equal(mlp_weights_decode(buf, len, "mem", &back, &t, &err), MLP_OK);
    assert_int_equal(back->layers[2].act, MLP_ACT_LINEAR);
    assert_memory_equal(back->params, net->params, net->n_params * sizeof(double));
    assert_int_equal(t.normalize, MLP_NORMALIZE_NONE);
    assert_null(t.mean);
    assert_null(t.std);
    assert_int_equal(t.n_labels, 0);
    assert_string_equal(t.target_names[1], "v");
    free(buf);
    mlp_net_free(back);
    mlp_schema_free(&t);
    mlp_net_free(net);
    mlp_schema_free(&s);
}

/* ------------------------------------------------------------------------ */
/* Damage, in the order the reader checks it. */

static void decode_should_reject_a_wrong_magic(void **state)
{
    (void)state;
    unsigned char *b = tiny_copy(0);
    b[3] = 'X';
    expect_rejected(b, TINY_LEN, MLP_ERR_WEIGHTS, "not an mlp weights file");
    expect_rejected(tiny_bytes, 7, MLP_ERR_WEIGHTS, "not an mlp weights file");
    expect_rejected(tiny_bytes, 0, MLP_ERR_WEIGHTS, "not an mlp weights file");
    /* A CSV handed over by mistake. */
    expect_rejected((const unsigned char *)"x1,x2,y\n0,0,0\n", 14, MLP_ERR_WEIGHTS,
                    "not an mlp weights file");
    free(b);
}

/* mlptrain's other outputs and inputs in the model's place: the hint says
 * what the file is and where the model comes from. A trace (JSON, like a
 * spec) was taken for a spec, and `mlptrain -c trace.json` then failed. */
static void decode_should_name_a_spec_or_a_loss_log(void **state)
{
    (void)state;
    static const struct {
        const char *text, *hint;
    } cases[] = {
        {"\n  {\"layers\": [2, 4, 1]}", "this looks like a spec: train it with mlptrain -c "
                                          "model.bin, and give the weights file it writes"},
        {"epoch,loss,accuracy\n1,0.69,0.5\n", "this is a loss log (mlptrain -o); give the weights "
                                               "file written beside it (mlptrain -w)"},
        /* A trace is JSON too, but no spec: training it fails. */
        {"{\n  \"format\": \"mlp-trace\",\n  \"version\": 1,\n  \"epoch\": 1,\n",
         "this is a trace of one training pass (mlptrain --trace), not a model; give the weights "
         "file the same run wrote (mlptrain -w)"},
        {"{\"format\":\"mlp-trace\"}", "this is a trace of one training pass (mlptrain --trace), "
                                           "not a model; give the weights file the same run wrote "
                                           "(mlptrain -w)"},
        {"x1,x2,y\n0,0,0\n", "give a file written by mlptrain --weights"},
        {"", "give a file written by mlptrain --weights"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        mlp_net *net = NULL;
        mlp_schema sc;
        mlp_error err;
        assert_int_equal(mlp_weights_decode((const unsigned char *)cases[k].text,
                                            strlen(cases[k].text), "model.bin", &net, &sc, &err),
                         MLP_ERR_WEIGHTS);
        assert_string_equal(err.message, "not an mlp weights file");
        assert_string_equal(err.hint, cases[k].hint);
    }
}

static void decode_should_reject_an_unknown_version(void **state)
{
    (void)state;
    unsigned char *b = tiny_copy(0);
    put_le(b + 8, 6, 4);
    expect_rejected(b, TINY_LEN, MLP_ERR_WEIGHTS,
                    "format version 6 is not supported by this mlp (reads 1 to 5)");
    /* Resealed or not, and however short the rest: the version comes first. */
    reseal(b, TINY_LEN);
    expect_rejected(b, 12, MLP_ERR_WEIGHTS,
                    "format version 6 is not supported by this mlp (reads 1 to 5)");
    put_le(b + 8, 0, 4);
    expect_rejected(b, TINY_LEN, MLP_ERR_WEIGHTS,
                    "format version 0 is not supported by this mlp (reads 1 to 5)");
    /* A version 1 body labelled 2 lacks the provenance block: the 24
     * parameter bytes are read as its start, and the file ends in it. */
    put_le(b + 8, 2, 4);
    reseal(b, TINY_LEN);
    mlp_net *net;
    mlp_schema s;
    mlp_error err;
    assert_int_equal(mlp_weights_decode(b, TINY_LEN, "m", &net, &s, &err), MLP_ERR_WEIGHTS);
    free(b);
}

static void decode_should_reject_a_bad_checksum(void **state)
{
    (void)state;
    unsigned char *b = tiny_copy(0);
    b[120] ^= 0x01; /* the lowest mantissa bit of W[1] */
    expect_rejected(b, TINY_LEN, MLP_ERR_WEIGHTS, "checksum mismatch: the file is corrupt");
    b[120] ^= 0x01;
    b[TINY_LEN - 1] ^= 0x80; /* the CRC itself */
    expect_rejected(b, TINY_LEN, MLP_ERR_WEIGHTS, "checksum mismatch: the file is corrupt");
    free(b);
}

static void decode_should_report_truncation_at_several_offsets(void **state)
{
    (void)state;
    static const struct {
        size_t len;
        const char *message;
    } cases[] = {
        {9, "truncated: expected 3 more bytes at offset 9"},
        {12, "truncated: expected 8 more bytes at offset 12"},
        {19, "truncated: expected 1 more byte at offset 19"},
        {20, "truncated: expected 120 more bytes at offset 20"},
        {37, "truncated: expected 103 more bytes at offset 37"},
        {112, "truncated: expected 28 more bytes at offset 112"},
        {136, "truncated: expected 4 more bytes at offset 136"},
        {139, "truncated: expected 1 more byte at offset 139"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_rejected(tiny_bytes, cases[i].len, MLP_ERR_WEIGHTS, cases[i].message);
}

/* Every single flipped byte is caught, and by the check that owns it. */
static void decode_should_reject_every_flipped_byte(void **state)
{
    (void)state;
    unsigned char *b = tiny_copy(0);
    for (size_t i = 0; i < TINY_LEN; i++) {
        b[i] ^= 0x5A;
        mlp_net *net;
        mlp_schema s;
        mlp_error err;
        assert_int_equal(mlp_weights_decode(b, TINY_LEN, "m", &net, &s, &err), MLP_ERR_WEIGHTS);
        const char *want = i < 8    ? "not an mlp weights file"
                           : i < 12 ? "format version"
                           : i < 20 ? "truncated: "
                                    : "checksum mismatch: the file is corrupt";
        if (strncmp(err.message, want, strlen(want)) != 0)
            fail_msg("byte %zu: \"%s\" does not start with \"%s\"", i, err.message, want);
        b[i] ^= 0x5A;
    }
    free(b);
}

static void decode_should_reject_trailing_bytes(void **state)
{
    (void)state;
    unsigned char *b = tiny_copy(3);
    memcpy(b + TINY_LEN, "abc", 3);
    expect_rejected(b, TINY_LEN + 3, MLP_ERR_WEIGHTS,
                    "inconsistent model: 3 trailing bytes after the end at offset 140");
    /* Garbage that also claims the size: the CRC no longer matches. */
    put_le(b + 12, TINY_LEN + 3, 8);
    expect_rejected(b, TINY_LEN + 3, MLP_ERR_WEIGHTS, "checksum mismatch: the file is corrupt");
    /* Resealed, the extra bytes sit between the parameters and the CRC. */
    reseal(b, TINY_LEN + 3);
    expect_rejected(b, TINY_LEN + 3, MLP_ERR_WEIGHTS,
                    "inconsistent model: 3 trailing bytes after the parameters at offset 136");
    free(b);
}

/* Values the CRC vouches for but the model cannot hold: a forged file. */
static void decode_should_reject_inconsistent_values(void **state)
{
    (void)state;
    static const struct {
        size_t offset;
        uint64_t value;
        int width;
        const char *message;
    } cases[] = {
        {20, 0, 4, "inconsistent model: 0 layers at offset 20 (1 to 32 are allowed)"},
        {20, 33, 4, "inconsistent model: 33 layers at offset 20 (1 to 32 are allowed)"},
        {24, 0, 4, "inconsistent model: layer size 0 at offset 24 (1 to 16777216 are allowed)"},
        {28, 16777217, 4,
         "inconsistent model: layer size 16777217 at offset 28 (1 to 16777216 are allowed)"},
        /* The offset too, as every inconsistent model names one
         * (docs/weights-format.md, "How a file is checked", step 5). */
        {33, 1, 1,
         "inconsistent model: loss \"cross_entropy\" cannot follow a sigmoid output layer (the "
         "loss code at offset 33)"},
        {34, 2, 1, "inconsistent model: unknown normalisation code 2 at offset 34"},
        {36, 7, 1, "inconsistent model: flag byte 7 at offset 36 is neither 0 nor 1"},
        {37, 1000, 4, "inconsistent model: 1000 feature names at offset 37 for 2 inputs (expected 2)"},
        {62, 2, 4, "inconsistent model: 2 outputs at offset 62 for a last layer of 1 unit (expected 1)"},
        {45, 0, 1, "inconsistent model: a string at offset 41 holds a NUL byte"},
        {41, 200, 4,
         "inconsistent model: a string of 200 bytes at offset 41 runs past the checksum at offset "
         "136"},
        {104, 0, 8, "inconsistent model: normalisation of feature 2 (mean 0.5, std 0) at offset 80"},
        {112, 0x7FF8000000000000u, 8, "inconsistent model: layer 1 W[0][0] at offset 112 is not finite"},
        {128, 0xFFF0000000000000u, 8, "inconsistent model: layer 1 b[0] at offset 128 is not finite"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned char *b = tiny_copy(0);
        put_le(b + cases[i].offset, cases[i].value, cases[i].width);
        reseal(b, TINY_LEN);
        expect_rejected(b, TINY_LEN, MLP_ERR_WEIGHTS, cases[i].message);
        free(b);
    }
}

/* A code past the last this mlp knows, in a file of its own version: what
 * a newer mlp writes once it adds an activation or a loss (codes are added
 * under the same version, docs/weights-format.md). It was called an
 * "inconsistent model ... not written by mlptrain or altered"; it is told
 * as a newer mlp's file, with the codes this one knows. */
static void a_code_of_a_newer_mlp_should_be_told_as_one(void **state)
{
    (void)state;
    char want[256];
    static const char hint[] = "read it with the newer mlp that wrote it, or retrain the model";
    static const struct {
        size_t offset;
        unsigned code, count;
        const char *what, *where;
    } cases[] = {
        {32, MLP_ACT_COUNT, MLP_ACT_COUNT, "activation", " for layer 1"}, /* 7 today */
        {32, 255, MLP_ACT_COUNT, "activation", " for layer 1"},
        {33, MLP_LOSS_COUNT, MLP_LOSS_COUNT, "loss", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned char *b = tiny_copy(0);
        b[cases[i].offset] = (unsigned char)cases[i].code;
        reseal(b, TINY_LEN);
        snprintf(want, sizeof want,
                 "unknown %s code %u%s at offset %zu (this mlp knows 0 to %u): written by a newer "
                 "mlp, or altered",
                 cases[i].what, cases[i].code, cases[i].where, cases[i].offset,
                 cases[i].count - 1);
        expect_rejected(b, TINY_LEN, MLP_ERR_WEIGHTS, want);
        mlp_net *net;
        mlp_schema sc;
        mlp_error err;
        assert_int_equal(mlp_weights_decode(b, TINY_LEN, "model.bin", &net, &sc, &err),
                         MLP_ERR_WEIGHTS);
        assert_string_equal(err.hint, hint);
        free(b);
    }
}

/* Two features of one name would match the same column of a file: a
 * forged model with them is refused. */
static void decode_should_reject_duplicate_feature_names(void **state)
{
    (void)state;
    unsigned char *b = tiny_copy(0);
    b[52] = '1'; /* "x2" becomes "x1" */
    reseal(b, TINY_LEN);
    expect_rejected(b, TINY_LEN, MLP_ERR_WEIGHTS,
                    "inconsistent model: the feature name \"x1\" appears twice, at offsets 41 and 47");
    b[52] = '2';
    b[79] = '0'; /* label "1" becomes "0" */
    reseal(b, TINY_LEN);
    expect_rejected(b, TINY_LEN, MLP_ERR_WEIGHTS,
                    "inconsistent model: the label \"0\" appears twice, at offsets 70 and 75");
    free(b);
}

/* Once the size field and the CRC vouch for the whole file, a count or a
 * length that reaches past the checksum was written so: "inconsistent
 * model", naming the offset, never "truncated ... copy it again" (which
 * these files were called, though nothing was cut). */
static void decode_should_not_call_a_whole_file_truncated(void **state)
{
    (void)state;
    unsigned char *b = tiny_copy(0);
    /* The parameters lose b (8 bytes); sizes 2, 1 still call for 3. */
    reseal(b, TINY_LEN - 8);
    expect_rejected(b, TINY_LEN - 8, MLP_ERR_WEIGHTS,
                    "inconsistent model: the layer sizes call for 3 parameters (24 bytes) at "
                    "offset 112, but 16 bytes are left before the checksum at offset 128");
    /* The body ends inside the statistics (32 bytes at offset 80). */
    reseal(b, 104);
    expect_rejected(b, 104, MLP_ERR_WEIGHTS,
                    "inconsistent model: a field of 32 bytes at offset 80 runs past the checksum "
                    "at offset 100");
    free(b);
    /* The label "1" says 5000 bytes: the length of a string. */
    b = tiny_copy(0);
    put_le(b + 75, 5000, 4);
    reseal(b, TINY_LEN);
    expect_rejected(b, TINY_LEN, MLP_ERR_WEIGHTS,
                    "inconsistent model: a string of 5000 bytes at offset 75 runs past the "
                    "checksum at offset 136");
    free(b);
    /* The same in the provenance block: the mlp version string's length. */
    size_t len = tiny_v2_len();
    b = malloc(len);
    assert_non_null(b);
    tiny_v2(b);
    put_le(b + OFF_VERSION_STR, 64, 4);
    reseal(b, len);
    char msg[128];
    snprintf(msg, sizeof msg,
             "inconsistent model: a string of 64 bytes at offset %d runs past the checksum at "
             "offset %zu",
             OFF_VERSION_STR, len - 4);
    expect_rejected(b, len, MLP_ERR_WEIGHTS, msg);
    free(b);
}

/* One extra byte is one byte. */
static void decode_should_count_one_trailing_byte_in_the_singular(void **state)
{
    (void)state;
    unsigned char *b = tiny_copy(1);
    b[TINY_LEN] = 'x';
    expect_rejected(b, TINY_LEN + 1, MLP_ERR_WEIGHTS,
                    "inconsistent model: 1 trailing byte after the end at offset 140");
    reseal(b, TINY_LEN + 1);
    expect_rejected(b, TINY_LEN + 1, MLP_ERR_WEIGHTS,
                    "inconsistent model: 1 trailing byte after the parameters at offset 136");
    free(b);
}

/* A single sigmoid unit classifies into labels[0] or labels[1]: one label
 * would leave class 1 without a name. */
static void decode_should_reject_a_label_count_that_does_not_fit(void **state)
{
    (void)state;
    unsigned char *b = tiny_copy(0);
    /* Drop label "1" (bytes 75..79) and say 1 label. */
    memmove(b + 75, b + 80, TINY_LEN - 80);
    put_le(b + 66, 1, 4);
    reseal(b, TINY_LEN - 5);
    expect_rejected(b, TINY_LEN - 5, MLP_ERR_WEIGHTS,
                    "inconsistent model: 1 class label at offset 66 for 1 output (expected 0 or 2)");
    free(b);
}

static void decode_should_report_out_of_memory_at_every_allocation(void **state)
{
    (void)state;
    long failures = 0;
    for (long n = 1;; n++) {
        assert_true(n < 100);
        mlp_net *net;
        mlp_schema s;
        mlp_error err;
        mlp_alloc_fail_after(n);
        mlp_status st = mlp_weights_decode(tiny_bytes, TINY_LEN, "tiny", &net, &s, &err);
        mlp_alloc_fail_after(0);
        if (st == MLP_OK) {
            mlp_net_free(net);
            mlp_schema_free(&s);
            break;
        }
        assert_int_equal(st, MLP_ERR_NOMEM);
        assert_null(net);
        assert_null(s.feature_names);
        assert_string_equal(err.path, "tiny");
        failures++;
    }
    /* 3 string arrays + 5 strings + mean + std + net, params, grads. */
    assert_int_equal(failures, 13);
}

static void encode_should_report_out_of_memory(void **state)
{
    (void)state;
    mlp_schema s;
    mlp_net *net = make_tiny(&s);
    unsigned char *buf = (unsigned char *)1;
    size_t len;
    mlp_error err;
    mlp_alloc_fail_after(1);
    assert_int_equal(mlp_weights_encode(net, &s, &buf, &len, &err), MLP_ERR_NOMEM);
    mlp_alloc_fail_after(0);
    assert_null(buf);
    mlp_net_free(net);
    mlp_schema_free(&s);
}

static void encode_should_refuse_what_the_reader_would_reject(void **state)
{
    (void)state;
    mlp_schema s;
    mlp_net *net = make_tiny(&s);
    unsigned char *buf;
    size_t len;
    mlp_error err;
    net->params[2] = NAN;
    assert_int_equal(mlp_weights_encode(net, &s, &buf, &len, &err), MLP_ERR_WEIGHTS);
    assert_string_equal(err.message, "cannot save the model: layer 1 b[0] is not finite");
    net->params[2] = 0.25;
    s.n_outputs = 3;
    assert_int_equal(mlp_weights_encode(net, &s, &buf, &len, &err), MLP_ERR_WEIGHTS);
    assert_string_equal(err.message,
                        "cannot save the model: the schema has 3 outputs but the last layer 1");
    s.n_outputs = 1;
    /* Names of one list must differ, as the reader demands: the label and
     * the feature name that appear twice are refused before any byte. */
    buf = (unsigned char *)1;
    s.labels[1][0] = '0'; /* labels "0", "0" */
    assert_int_equal(mlp_weights_encode(net, &s, &buf, &len, &err), MLP_ERR_WEIGHTS);
    assert_null(buf);
    assert_string_equal(err.message, "cannot save the model: the label \"0\" appears twice");
    assert_non_null(strstr(err.hint, "its own name"));
    s.labels[1][0] = '1';
    s.feature_names[1][1] = '1'; /* features "x1", "x1" */
    assert_int_equal(mlp_weights_encode(net, &s, &buf, &len, &err), MLP_ERR_WEIGHTS);
    assert_string_equal(err.message,
                        "cannot save the model: the feature name \"x1\" appears twice");
    s.feature_names[1][1] = '2';
    /* A target name may not repeat a feature's, as the reader demands:
     * --evaluate would score the model against that input. */
    s.target_names[0][0] = 'x';
    s.target_names[0][1] = '\0';
    free(s.feature_names[1]);
    s.feature_names[1] = dup_str("x");
    buf = (unsigned char *)1;
    assert_int_equal(mlp_weights_encode(net, &s, &buf, &len, &err), MLP_ERR_WEIGHTS);
    assert_null(buf);
    assert_string_equal(err.message,
                        "cannot save the model: the target name \"x\" is also a feature name");
    mlp_net_free(net);
    mlp_schema_free(&s);
}

/* What mlp_weights_write writes, mlp_weights_read reads: a schema of a
 * label that appears twice was written with MLP_OK, and its file then
 * refused as "inconsistent model" (the file was not even created now). */
static void write_should_refuse_what_read_would_reject(void **state)
{
    (void)state;
    char dir[] = "/tmp/mlp_test_XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/d.bin", dir);
    mlp_schema s;
    mlp_net *net = make_tiny(&s);
    free(s.labels[1]);
    s.labels[1] = dup_str("0");
    mlp_error err;
    assert_int_equal(mlp_weights_write(path, net, &s, &err), MLP_ERR_WEIGHTS);
    assert_string_equal(err.path, path);
    assert_string_equal(err.message, "cannot save the model: the label \"0\" appears twice");
    struct stat st;
    assert_int_equal(stat(path, &st), -1);
    mlp_net_free(net);
    mlp_schema_free(&s);
    rmdir(dir);
}

/* A version 2 file damaged in its provenance block, resealed so only the
 * block's own checks can object. */
static void decode_should_reject_an_inconsistent_provenance(void **state)
{
    (void)state;
    static const struct {
        size_t offset;
        uint64_t value;
        int width;
        const char *message;
    } cases[] = {
        {112, 8, 1, "inconsistent model: provenance flags 8 at offset 112 (0 to 7 are allowed)"},
        {197, 51, 8, "inconsistent model: provenance best epoch 51 is after the last, 50"},
        {205, 0x7FF8000000000000u, 8,
         "inconsistent model: provenance loss nan at offset 205 is not finite and >= 0"},
        {213, 0xBFF0000000000000u, 8,
         "inconsistent model: provenance loss -1 at offset 213 is not finite and >= 0"},
        {221, 65, 4, "inconsistent model: a version string of 65 bytes at offset 221 (at most 64)"},
        {225, 0, 1, "inconsistent model: a string at offset 221 holds a NUL byte"},
    };
    size_t len = tiny_v2_len();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned char *b = malloc(len);
        assert_non_null(b);
        tiny_v2(b);
        put_le(b + cases[i].offset, cases[i].value, cases[i].width);
        reseal(b, len);
        expect_rejected(b, len, MLP_ERR_WEIGHTS, cases[i].message);
        free(b);
    }
    /* Without the training flag, the numbers are not judged and read as unknown. */
    unsigned char *b = malloc(len);
    assert_non_null(b);
    tiny_v2(b);
    b[112] = 0x03;
    put_le(b + 205, 0x7FF8000000000000u, 8);
    reseal(b, len);
    mlp_net *net;
    mlp_schema s;
    mlp_provenance p;
    mlp_error err;
    assert_int_equal(mlp_weights_decode_provenance(b, len, "m", &net, &s, &p, &err), MLP_OK);
    assert_false(p.has_training);
    assert_true(isnan(p.best_loss));
    mlp_net_free(net);
    mlp_schema_free(&s);
    /* Cut inside the block: the size field says how much is missing. */
    char msg[96];
    snprintf(msg, sizeof msg, "truncated: expected %zu more bytes at offset 150", len - 150);
    expect_rejected(b, 150, MLP_ERR_WEIGHTS, msg);
    free(b);
}

static void encode_should_refuse_a_provenance_it_could_not_read_back(void **state)
{
    (void)state;
    mlp_schema s;
    mlp_net *net = make_tiny(&s);
    mlp_provenance p;
    tiny_prov(&p);
    unsigned char *buf;
    size_t len;
    mlp_error err;
    p.final_loss = INFINITY;
    assert_int_equal(mlp_weights_encode_provenance(net, &s, &p, &buf, &len, &err), MLP_ERR_WEIGHTS);
    assert_string_equal(err.message,
                        "cannot save the model: a loss of the provenance is not finite and >= 0");
    tiny_prov(&p);
    p.best_epoch = 51;
    assert_int_equal(mlp_weights_encode_provenance(net, &s, &p, &buf, &len, &err), MLP_ERR_WEIGHTS);
    /* Unknown training figures are not judged. */
    p.has_training = 0;
    p.final_loss = NAN;
    assert_int_equal(mlp_weights_encode_provenance(net, &s, &p, &buf, &len, &err), MLP_OK);
    free(buf);
    mlp_net_free(net);
    mlp_schema_free(&s);
}

static void describe_should_list_the_model_and_its_provenance(void **state)
{
    (void)state;
    size_t len = tiny_v2_len();
    unsigned char *b = malloc(len);
    assert_non_null(b);
    tiny_v2(b);
    mlp_net *net;
    mlp_schema s;
    mlp_provenance p;
    mlp_error err;
    assert_int_equal(mlp_weights_decode_provenance(b, len, "m", &net, &s, &p, &err), MLP_OK);
    char out[4096];
    FILE *fp = fmemopen(out, sizeof out, "w");
    assert_non_null(fp);
    assert_int_equal(mlp_weights_describe(fp, net, &s, &p, &err), MLP_OK);
    fclose(fp);
    char want[4096];
    snprintf(want, sizeof want,
             "format version  2\n"
             "architecture    2 inputs -> 1 sigmoid\n"
             "parameters      3\n"
             "loss            binary_cross_entropy\n"
             "features        2, matched by name: \"x1\", \"x2\"\n"
             "normalisation   standard (x - mean) / std\n"
             "  \"x1\": mean 0.5, std 0.5\n"
             "  \"x2\": mean 0.5, std 0.5\n"
             "targets         \"y\"\n"
             "labels          2: \"0\", \"1\"\n"
             "provenance\n"
             "  mlp version   %s\n"
             "  spec sha256   000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n"
             "  data sha256   fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0efeeedecebeae9e8e7e6e5e4e3e2e1e0\n"
             "  seed          42\n"
             "  threads       2\n"
             "  epochs run    50\n"
             "  best loss     0.125 (epoch 49, of the weights before its update; the validation "
             "loss, or the training loss where the run had no validation set or was refitted)\n"
             "  final loss    0.25 (the training loss of the weights saved)\n",
             MLP_VERSION);
    assert_string_equal(out, want);
    mlp_net_free(net);
    mlp_schema_free(&s);
    free(b);

    /* A version 1 file says it has no provenance. */
    assert_int_equal(mlp_weights_decode_provenance(tiny_bytes, TINY_LEN, "m", &net, &s, &p, &err),
                     MLP_OK);
    fp = fmemopen(out, sizeof out, "w");
    assert_int_equal(mlp_weights_describe(fp, net, &s, &p, &err), MLP_OK);
    fclose(fp);
    assert_non_null(strstr(out, "format version  1\n"));
    assert_non_null(strstr(out, "provenance      none (a version 1 file)\n"));
    mlp_net_free(net);
    mlp_schema_free(&s);

    /* Version 3 adds the BLAS core and vector ISA after the mlp version;
     * empty names say "not recorded". They are the file's bytes, whoever
     * wrote them: escaped as names are (an ESC once reached the terminal). */
    static const char *const names[][2] = {{"Haswell", "avx2"}, {"", ""},
                                           {"Hasw\x1b[31m", "avx\n2"}};
    static const char *const lines[] = {"  blas core     Haswell\n  vector isa    avx2\n  spec sha256",
                                        "  blas core     not recorded\n"
                                        "  vector isa    not recorded\n  spec sha256",
                                        "  blas core     Hasw\\x1b[31m\n"
                                        "  vector isa    avx\\x0a2\n  spec sha256"};
    for (int k = 0; k < 3; k++) {
        len = tiny_v3_len(names[k][0], names[k][1]);
        b = malloc(len);
        assert_non_null(b);
        tiny_v3(b, names[k][0], names[k][1]);
        assert_int_equal(mlp_weights_decode_provenance(b, len, "m", &net, &s, &p, &err), MLP_OK);
        fp = fmemopen(out, sizeof out, "w");
        assert_int_equal(mlp_weights_describe(fp, net, &s, &p, &err), MLP_OK);
        fclose(fp);
        assert_non_null(strstr(out, "format version  3\n"));
        char mlpv[128];
        snprintf(mlpv, sizeof mlpv, "  mlp version   %s\n", MLP_VERSION);
        char *at = strstr(out, mlpv);
        assert_non_null(at);
        assert_ptr_equal(strstr(at + strlen(mlpv), lines[k]), at + strlen(mlpv));
        assert_null(strstr(out, "ranks"));
        mlp_net_free(net);
        mlp_schema_free(&s);
        free(b);
    }

    /* Version 4 adds the ranks, after the threads; 0 says "not recorded". */
    static const long ranks[] = {3, 0};
    static const char *const rank_lines[] = {"  threads       2\n  ranks         3\n  epochs run",
                                             "  threads       2\n  ranks         not recorded\n"
                                             "  epochs run"};
    for (int k = 0; k < 2; k++) {
        len = tiny_v4_len("Haswell", "avx2");
        b = malloc(len);
        assert_non_null(b);
        tiny_v4(b, "Haswell", "avx2", ranks[k]);
        assert_int_equal(mlp_weights_decode_provenance(b, len, "m", &net, &s, &p, &err), MLP_OK);
        fp = fmemopen(out, sizeof out, "w");
        assert_int_equal(mlp_weights_describe(fp, net, &s, &p, &err), MLP_OK);
        fclose(fp);
        assert_non_null(strstr(out, "format version  4\n"));
        assert_non_null(strstr(out, rank_lines[k]));
        mlp_net_free(net);
        mlp_schema_free(&s);
        free(b);
    }
}

/* A model in memory was never an .npz nor a version 1 file: its names are
 * the schema's own and its provenance is what the record holds. An empty
 * record (mlp_provenance_init) was described as an .npz with every name
 * made up, and NULL as a version 1 file. */
static void describe_should_not_call_a_model_in_memory_a_file(void **state)
{
    (void)state;
    mlp_schema s;
    mlp_net *net = make_tiny(&s);
    mlp_provenance p;
    mlp_provenance_init(&p);
    mlp_error err;
    char out[4096];
    static const char model[] = "architecture    2 inputs -> 1 sigmoid\n"
                                "parameters      3\n"
                                "loss            binary_cross_entropy\n"
                                "features        2, matched by name: \"x1\", \"x2\"\n"
                                "normalisation   standard (x - mean) / std\n"
                                "  \"x1\": mean 0.5, std 0.5\n"
                                "  \"x2\": mean 0.5, std 0.5\n"
                                "targets         \"y\"\n"
                                "labels          2: \"0\", \"1\"\n";
    char want[4096];
    FILE *fp = fmemopen(out, sizeof out, "w");
    assert_non_null(fp);
    assert_int_equal(mlp_weights_describe(fp, net, &s, &p, &err), MLP_OK);
    fclose(fp);
    snprintf(want, sizeof want, "%sprovenance      unknown (nothing recorded)\n", model);
    assert_string_equal(out, want);

    fp = fmemopen(out, sizeof out, "w");
    assert_non_null(fp);
    assert_int_equal(mlp_weights_describe(fp, net, &s, NULL, &err), MLP_OK);
    fclose(fp);
    snprintf(want, sizeof want, "%sprovenance      unknown (none given)\n", model);
    assert_string_equal(out, want);

    /* A run's record (mlp_fit_result.provenance): every field of the
     * current version, those not filled said so. */
    tiny_prov(&p);
    fp = fmemopen(out, sizeof out, "w");
    assert_non_null(fp);
    assert_int_equal(mlp_weights_describe(fp, net, &s, &p, &err), MLP_OK);
    fclose(fp);
    snprintf(want, sizeof want,
             "%sprovenance\n"
             "  mlp version   not recorded\n"
             "  blas core     Haswell\n"
             "  vector isa    avx2\n"
             "  spec sha256   000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n"
             "  data sha256   fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0efeeedecebeae9e8e7e6e5e4e3e2e1e0\n"
             "  settings      sha256 "
             "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f\n"
             "  validation    sha256 "
             "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f\n"
             "  continued     from the weights file of sha256 "
             "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f\n"
             "  seed          42\n"
             "  threads       2\n"
             "  ranks         2\n"
             "  batch size    16, shuffle seed 7\n"
             "  epochs run    50\n"
             "  best loss     0.125 (epoch 49; the validation loss, of the weights before that "
             "epoch, or, where the run had no validation set or was refitted, the training loss: "
             "the mean over that epoch's batches, each before its own update)\n"
             "  final loss    0.25 (the training loss of the weights saved)\n",
             model);
    assert_string_equal(out, want);
    mlp_net_free(net);
    mlp_schema_free(&s);
}

/* ------------------------------------------------------------------------ */
/* Through the file system. */

/* A fresh folder; teardown empties and removes it even after a failure. */
static int make_dir(void **state)
{
    char *dir = malloc(32);
    if (!dir)
        return -1;
    strcpy(dir, "/tmp/mlp-test-weights-XXXXXX");
    if (!mkdtemp(dir)) {
        free(dir);
        return -1;
    }
    *state = dir;
    return 0;
}

static int remove_dir(void **state)
{
    char *dir = *state;
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            char p[320];
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
                unlink(p);
        }
        closedir(d);
    }
    rmdir(dir);
    free(dir);
    return 0;
}

static void write_then_read_should_give_the_encoded_bytes_back(void **state)
{
    const char *dir = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/model.bin", dir);
    mlp_schema s;
    mlp_net *net = make_tiny(&s);
    mlp_error err;
    mlp_provenance p;
    tiny_prov(&p);
    assert_int_equal(mlp_weights_write_provenance(path, net, &s, &p, &err), MLP_OK);

    size_t want_len = tiny_v5_len("Haswell", "avx2");
    unsigned char want[512], got[512];
    assert_true(want_len < sizeof want);
    tiny_v5(want, "Haswell", "avx2", 2, tiny_v5_bytes, 0xff);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fread(got, 1, sizeof got, fp), want_len);
    fclose(fp);
    assert_memory_equal(got, want, want_len);

    mlp_net *back;
    mlp_schema t;
    mlp_provenance q;
    assert_int_equal(mlp_weights_read_provenance(path, &back, &t, &q, &err), MLP_OK);
    assert_memory_equal(back->params, net->params, 3 * sizeof(double));
    assert_true(q.epochs_run == 50 && q.best_loss == 0.125);
    mlp_net_free(back);
    mlp_schema_free(&t);
    assert_int_equal(mlp_weights_read(path, &back, &t, &err), MLP_OK);
    mlp_net_free(back);
    mlp_schema_free(&t);

    /* Damage on disk is reported with the file's path. */
    fp = fopen(path, "r+b");
    assert_non_null(fp);
    fseek(fp, 200, SEEK_SET);
    fputc(0x11, fp);
    fclose(fp);
    assert_int_equal(mlp_weights_read(path, &back, &t, &err), MLP_ERR_WEIGHTS);
    assert_string_equal(err.path, path);
    assert_string_equal(err.message, "checksum mismatch: the file is corrupt");
    assert_int_equal(unlink(path), 0);

    assert_int_equal(mlp_weights_read(path, &back, &t, &err), MLP_ERR_IO);
    assert_string_equal(err.message, "cannot read: No such file or directory");

    char bad[160];
    snprintf(bad, sizeof bad, "%s/no/model.bin", dir);
    assert_int_equal(mlp_weights_write(bad, net, &s, &err), MLP_ERR_IO);
    assert_string_equal(err.path, bad);
    assert_int_equal(mlp_weights_write(dir, net, &s, &err), MLP_ERR_IO);
    assert_string_equal(err.message, "cannot write: Is a directory");

    mlp_net_free(net);
    mlp_schema_free(&s);
    assert_int_equal(check_count_entries(dir), 0); /* no temporary file left behind */
}

/* /dev/full fails every write with ENOSPC: small files fail at the flush of
 * the commit, large ones already in fwrite; both must say so. */
static void write_should_report_a_full_disk(void **state)
{
    (void)state;
    struct stat st;
    if (stat("/dev/full", &st) != 0 || !S_ISCHR(st.st_mode))
        skip();
    mlp_schema s;
    mlp_net *tiny = make_tiny(&s);
    mlp_error err;
    assert_int_equal(mlp_weights_write("/dev/full", tiny, &s, &err), MLP_ERR_IO);
    assert_string_equal(err.path, "/dev/full");
    assert_string_equal(err.message, "cannot write: No space left on device");
    mlp_net_free(tiny);
    mlp_schema_free(&s);

    size_t sizes[] = {2, 64, 64, 1};
    mlp_activation acts[] = {MLP_ACT_TANH, MLP_ACT_TANH, MLP_ACT_LINEAR};
    mlp_net *big = mlp_net_create(3, sizes, acts, MLP_LOSS_MSE, &err);
    assert_non_null(big);
    assert_true(big->n_params * 8 > 3 * BUFSIZ); /* past any stdio buffer */
    static const char *const features[] = {"x1", "x2"}, *const targets[] = {"y"};
    make_schema(&s, features, 2, targets, 1, 1, NULL, 0, NULL, NULL);
    assert_int_equal(mlp_weights_write("/dev/full", big, &s, &err), MLP_ERR_IO);
    assert_string_equal(err.message, "cannot write: No space left on device");
    assert_true(stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode));
    mlp_net_free(big);
    mlp_schema_free(&s);
}

/* The guess mlppredict and mlpplot make when the model they were given is
 * not one: whether the other argument is (the arguments swapped). It reads
 * the first bytes: the weights magic, or a zip's whose first member is an
 * .npy array (an .npz). */
static void looks_like_model_should_know_a_model_by_its_first_bytes(void **state)
{
    (void)state;
    char dir[] = "/tmp/mlp_test_XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    /* want: looks like a model; magic: has the weights file's magic (what
     * mlppredict --export never overwrites; an .npz it may). */
    static const struct {
        const char *name, *bytes;
        size_t len;
        int want, magic;
    } cases[] = {
        {"m.bin", "MLPW\r\n\x1a\n\x04\0\0\0", 12, 1, 1},
        /* A zip's local header: name length (6) at 26, the name at 30. */
        {"m.npz", "PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x06\0\0\0W1.npy",
         36, 1, 0},
        /* Any other zip (an .xlsx workbook) is no model: its first member is no .npy. */
        {"book.xlsx", "PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x13\0\0\0"
                      "[Content_Types].xml", 49, 0, 0},
        {"x.csv", "x1,x2,y\n0,0,0\n", 14, 0, 0},
        {"short.bin", "MLPW\r\n\x1a", 7, 0, 0},
        {"empty.bin", "", 0, 0, 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, cases[k].name);
        FILE *fp = fopen(path, "wb");
        assert_non_null(fp);
        assert_int_equal(fwrite(cases[k].bytes, 1, cases[k].len, fp), cases[k].len);
        assert_int_equal(fclose(fp), 0);
        if (mlp_weights_file_looks_like_model(path) != cases[k].want)
            fail_msg("%s: want %d", cases[k].name, cases[k].want);
        if (mlp_weights_file_has_magic(path) != cases[k].magic)
            fail_msg("%s: want magic %d", cases[k].name, cases[k].magic);
        remove(path);
    }
    snprintf(path, sizeof path, "%s/missing.bin", dir);
    assert_int_equal(mlp_weights_file_looks_like_model(path), 0);
    assert_int_equal(mlp_weights_file_looks_like_model("-"), 0); /* stdin is not read */
    /* A FIFO without a writer: opening it would wait for ever; it is not opened. */
    snprintf(path, sizeof path, "%s/fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(mlp_weights_file_looks_like_model(path), 0);
    assert_int_equal(mlp_weights_file_has_magic(path), 0);
    assert_int_equal(remove(path), 0);
    assert_int_equal(mlp_weights_file_looks_like_model(dir), 0); /* a folder */
    assert_int_equal(rmdir(dir), 0);
}

/* A schema the caller filled wrongly is the caller's to fix, not a bug in
 * mlp; and a classifier without labels is not written as a .bin, which
 * could not get them later and which mlppredict would refuse. */
static void write_should_blame_the_schema_not_mlp(void **state)
{
    (void)state;
    char dir[] = "/tmp/mlp_test_XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/m.bin", dir);
    mlp_schema s;
    mlp_net *net = make_tiny(&s);
    mlp_error err;
    mlp_schema zero;
    memset(&zero, 0, sizeof zero);
    assert_int_equal(mlp_weights_write(path, net, &zero, &err), MLP_ERR_WEIGHTS);
    assert_string_equal(err.message, "cannot save the model: 0 feature names for 2 inputs");
    assert_null(strstr(err.hint, "bug in mlp"));
    assert_non_null(strstr(err.hint, "mlp_dataset_build"));
    assert_non_null(strstr(err.hint, "one feature name per input"));
    /* A schema of another net. */
    s.n_outputs = 3;
    assert_int_equal(mlp_weights_write(path, net, &s, &err), MLP_ERR_WEIGHTS);
    assert_null(strstr(err.hint, "bug in mlp"));
    s.n_outputs = 1;
    /* Counts whose arrays are missing. */
    char **names = s.feature_names;
    s.feature_names = NULL;
    assert_int_equal(mlp_weights_write(path, net, &s, &err), MLP_ERR_WEIGHTS);
    assert_non_null(strstr(err.message, "feature_names is NULL"));
    s.feature_names = names;
    /* A classifier (one sigmoid unit with binary_cross_entropy) without labels. */
    size_t n_labels = s.n_labels;
    s.n_labels = 0;
    assert_int_equal(mlp_weights_write(path, net, &s, &err), MLP_ERR_WEIGHTS);
    assert_non_null(strstr(err.message, "no class labels"));
    assert_non_null(strstr(err.hint, "labels"));
    s.n_labels = n_labels;
    /* NULL arguments are refused, not dereferenced. */
    assert_int_equal(mlp_weights_write(path, net, NULL, &err), MLP_ERR_USAGE);
    assert_non_null(strstr(err.message, "schema"));
    /* The hint is about the argument the message names: it was the schema's
     * ("the schema must be the network's") for a NULL network. */
    assert_int_equal(mlp_weights_write(path, NULL, NULL, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "cannot save the model: the network is NULL");
    assert_string_equal(err.hint, "pass the network to save (mlp_net_create, mlp_weights_read)");
    unsigned char *bytes;
    assert_int_equal(mlp_weights_encode(net, &s, &bytes, NULL, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "cannot save the model: len is NULL");
    assert_null(strstr(err.hint, "schema"));
    assert_null(bytes);
    assert_int_equal(mlp_weights_write(NULL, net, &s, &err), MLP_ERR_USAGE);
    /* An empty path was "cannot write: No such file or directory; create
     * the folder first", naming no path. */
    assert_int_equal(mlp_weights_write("", net, &s, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "cannot save the model: the path is empty");
    assert_non_null(strstr(err.hint, "give the path"));
    mlp_net *back = NULL;
    mlp_schema sb;
    assert_int_equal(mlp_weights_read(NULL, &back, &sb, &err), MLP_ERR_USAGE);
    /* The right schema still writes and reads back. */
    assert_int_equal(mlp_weights_write(path, net, &s, &err), MLP_OK);
    assert_int_equal(mlp_weights_read(path, &back, &sb, &err), MLP_OK);
    mlp_net_free(back);
    mlp_schema_free(&sb);
    unlink(path);
    rmdir(dir);
    mlp_net_free(net);
    mlp_schema_free(&s);
}

/* A model read from standard input ("-") is "<stdin>" in the decoder's
 * messages, as in every other message; before, the library named it "-"
 * (mlppredict had a wrapper of its own to rename it). */
static void a_model_from_standard_input_should_be_named_stdin(void **state)
{
    (void)state;
    char dir[] = "/tmp/mlp_test_XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/junk.bin", dir);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs("MLPWjunk, not a model", fp);
    assert_int_equal(fclose(fp), 0);
    assert_non_null(freopen(path, "rb", stdin));
    mlp_net *net = NULL;
    mlp_schema schema;
    mlp_error err;
    assert_int_not_equal(mlp_weights_read("-", &net, &schema, &err), MLP_OK);
    assert_null(net);
    assert_string_equal(err.path, "<stdin>");
    remove(path);
    rmdir(dir);
}

/* weights.h: on failure *net is NULL and *schema zeroed, a refused NULL
 * argument's too, so that the frees after it are safe. The outputs are
 * filled with garbage first, as uninitialised ones are. */
static void a_refused_null_argument_should_leave_the_outputs_cleared(void **state)
{
    (void)state;
    static const mlp_schema zero;
    mlp_net *net;
    mlp_schema schema;
    mlp_provenance prov;
    mlp_error err;
    for (int k = 0; k < 3; k++) {
        memset(&net, 0xab, sizeof net);
        memset(&schema, 0xab, sizeof schema);
        memset(&prov, 0xab, sizeof prov);
        mlp_status st = k == 0   ? mlp_weights_read(NULL, &net, &schema, &err)
                        : k == 1 ? mlp_weights_read_provenance(NULL, &net, &schema, &prov, &err)
                                 : mlp_weights_decode_provenance(NULL, 0, "m", &net, &schema,
                                                                 &prov, &err);
        assert_int_equal(st, MLP_ERR_USAGE);
        assert_null(net);
        assert_memory_equal(&schema, &zero, sizeof schema);
        if (k)
            assert_true(isnan(prov.best_loss) && prov.epochs_run == 0 && !prov.has_training);
        mlp_net_free(net);
        mlp_schema_free(&schema);
    }
}

/* Each count of the schema (F, T, K, C of docs/weights-format.md's table)
 * against the layer sizes, at its own offset, the moment it is read. A
 * wrong one read past made the names after it be taken for other fields,
 * and the message was about those: a feature count of 1 as "a string of
 * 78456 bytes at offset 51 runs past the checksum", a target count of 0 as
 * labels that do not fit, an output count as "the schema has 2 outputs but
 * the last layer 1" (the C API's words, no offset). The tiny file: F at
 * 37, T at 53, K at 62, C at 66. */
static void decode_should_check_each_count_where_it_is_read(void **state)
{
    (void)state;
    static const struct {
        size_t offset;
        uint32_t value;
        const char *message;
    } cases[] = {
        {37, 1, "inconsistent model: 1 feature name at offset 37 for 2 inputs (expected 2)"},
        {37, 3, "inconsistent model: 3 feature names at offset 37 for 2 inputs (expected 2)"},
        {53, 0, "inconsistent model: 0 target names at offset 53 for 1 output (expected 1)"},
        {53, 2, "inconsistent model: 2 target names at offset 53 for 1 output (expected 1)"},
        {62, 0, "inconsistent model: 0 outputs at offset 62 for a last layer of 1 unit (expected 1)"},
        {66, 3, "inconsistent model: 3 class labels at offset 66 for 1 output (expected 0 or 2)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned char *b = tiny_copy(0);
        put_le(b + cases[i].offset, cases[i].value, 4);
        reseal(b, TINY_LEN);
        expect_rejected(b, TINY_LEN, MLP_ERR_WEIGHTS, cases[i].message);
        free(b);
    }
    /* The one-hot flag: its labels name the target columns, one each; the
     * tiny file's 2 labels for its 1 column were told without an offset. */
    unsigned char *b = tiny_copy(0);
    b[36] = 1;
    reseal(b, TINY_LEN);
    expect_rejected(b, TINY_LEN, MLP_ERR_WEIGHTS,
                    "inconsistent model: 2 class labels at offset 66 for 1 one-hot target column "
                    "(expected 1)");
    /* A count that agrees with the sizes but not with the bytes left is
     * still told as one that does not fit (sizes[0] and F both 1000). */
    memcpy(b, tiny_bytes, TINY_LEN);
    put_le(b + 24, 1000, 4);
    put_le(b + 37, 1000, 4);
    reseal(b, TINY_LEN);
    expect_rejected(b, TINY_LEN, MLP_ERR_WEIGHTS,
                    "inconsistent model: 1000 feature names at offset 37 do not fit in the file");
    free(b);

    /* Two outputs take 1 target column or 2: a regression of 1 input "t"
     * (F at 37, its name at 41, T at 46) and targets "u", "v". */
    size_t sizes[] = {1, 2};
    mlp_activation act = MLP_ACT_LINEAR;
    mlp_error err;
    mlp_net *net = mlp_net_create(1, sizes, &act, MLP_LOSS_MSE, &err);
    assert_non_null(net);
    static const char *const features[] = {"t"}, *const targets[] = {"u", "v"};
    mlp_schema sc;
    make_schema(&sc, features, 1, targets, 2, 2, NULL, 0, NULL, NULL);
    size_t len;
    assert_int_equal(mlp_weights_encode(net, &sc, &b, &len, &err), MLP_OK);
    assert_int_equal(b[46], 2);
    put_le(b + 46, 3, 4);
    reseal(b, len);
    expect_rejected(b, len, MLP_ERR_WEIGHTS,
                    "inconsistent model: 3 target names at offset 46 for 2 outputs (expected 1 "
                    "or 2)");
    free(b);
    mlp_net_free(net);
    mlp_schema_free(&sc);
}

/* A size field larger than any file can be (off_t's 2^63 - 1 bytes) is a
 * damaged field: it was told as "truncated: expected 18446744073709551475
 * more bytes", a copy cut short, to copy again. Up to that bound a file
 * shorter than its size field is still a truncated one. */
static void decode_should_call_a_size_beyond_any_file_damaged(void **state)
{
    (void)state;
    unsigned char *b = tiny_copy(0);
    put_le(b + 12, UINT64_MAX, 8);
    expect_rejected(b, TINY_LEN, MLP_ERR_WEIGHTS,
                    "inconsistent model: the size field says 18446744073709551615 bytes, more "
                    "than any file can hold");
    put_le(b + 12, (uint64_t)INT64_MAX + 1, 8);
    expect_rejected(b, TINY_LEN, MLP_ERR_WEIGHTS,
                    "inconsistent model: the size field says 9223372036854775808 bytes, more "
                    "than any file can hold");
    put_le(b + 12, INT64_MAX, 8);
    char want[128];
    snprintf(want, sizeof want, "truncated: expected %llu more bytes at offset %d",
             (unsigned long long)INT64_MAX - TINY_LEN, TINY_LEN);
    expect_rejected(b, TINY_LEN, MLP_ERR_WEIGHTS, want);
    free(b);
}

/* ------------------------------------------------------------------------ */
/* Format version 5's provenance (docs/weights-format.md). */

/* The --info text of the model and provenance decoded from b (len bytes). */
static void info_of(const unsigned char *b, size_t len, char *out, size_t size)
{
    mlp_net *net;
    mlp_schema s;
    mlp_provenance p;
    mlp_error err;
    assert_int_equal(mlp_weights_decode_provenance(b, len, "m", &net, &s, &p, &err), MLP_OK);
    FILE *fp = fmemopen(out, size, "w");
    assert_non_null(fp);
    assert_int_equal(mlp_weights_describe(fp, net, &s, &p, &err), MLP_OK);
    fclose(fp);
    mlp_net_free(net);
    mlp_schema_free(&s);
}

/* A version 4 file reads and is described as before version 5: its seed as
 * it is, none of version 5's lines, the best loss of the weights before
 * its update. */
static void a_version_4_file_should_be_described_as_before(void **state)
{
    (void)state;
    size_t len = tiny_v4_len("Haswell", "avx2");
    unsigned char *b = malloc(len);
    assert_non_null(b);
    tiny_v4(b, "Haswell", "avx2", 2);
    char out[4096], want[4096];
    info_of(b, len, out, sizeof out);
    snprintf(want, sizeof want,
             "format version  4\n"
             "architecture    2 inputs -> 1 sigmoid\n"
             "parameters      3\n"
             "loss            binary_cross_entropy\n"
             "features        2, matched by name: \"x1\", \"x2\"\n"
             "normalisation   standard (x - mean) / std\n"
             "  \"x1\": mean 0.5, std 0.5\n"
             "  \"x2\": mean 0.5, std 0.5\n"
             "targets         \"y\"\n"
             "labels          2: \"0\", \"1\"\n"
             "provenance\n"
             "  mlp version   %s\n"
             "  blas core     Haswell\n"
             "  vector isa    avx2\n"
             "  spec sha256   000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n"
             "  data sha256   fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0efeeedecebeae9e8e7e6e5e4e3e2e1e0\n"
             "  seed          42\n"
             "  threads       2\n"
             "  ranks         2\n"
             "  epochs run    50\n"
             "  best loss     0.125 (epoch 49, of the weights before its update; the validation "
             "loss, or the training loss where the run had no validation set or was refitted)\n"
             "  final loss    0.25 (the training loss of the weights saved)\n",
             MLP_VERSION);
    assert_string_equal(out, want);
    /* A version 4 seed of 0 is shown as it is: the file cannot say whether
     * it was -s 0 or none. */
    memset(b + OFF_PROV + 65, 0, 8);
    reseal(b, len);
    info_of(b, len, out, sizeof out);
    assert_non_null(strstr(out, "\n  seed          0\n"));
    free(b);
}

/* Seed 0 (-s 0) and no seed (a run continued from an .npz) were both
 * "seed 0": version 5 writes bit 3 for a known seed, so they read back
 * apart, and --info says "not recorded" for the second. */
static void a_seed_of_0_should_differ_from_no_seed(void **state)
{
    (void)state;
    mlp_schema s;
    mlp_net *net = make_tiny(&s);
    const char *lines[2] = {"\n  seed          0\n", "\n  seed          not recorded\n"};
    for (int known = 1; known >= 0; known--) {
        mlp_provenance p, q;
        tiny_prov(&p);
        p.seed = 0;
        p.has_seed = known;
        unsigned char *buf;
        size_t len;
        mlp_error err;
        assert_int_equal(mlp_weights_encode_provenance(net, &s, &p, &buf, &len, &err), MLP_OK);
        assert_int_equal(buf[OFF_PROV] & 0x08, known ? 0x08 : 0);
        mlp_net *back;
        mlp_schema t;
        assert_int_equal(mlp_weights_decode_provenance(buf, len, "m", &back, &t, &q, &err),
                         MLP_OK);
        assert_int_equal(q.format_version, 5);
        assert_int_equal(q.has_seed, known);
        assert_true(q.has_training && q.seed == 0);
        char out[4096];
        info_of(buf, len, out, sizeof out);
        assert_non_null(strstr(out, lines[known ? 0 : 1]));
        assert_null(strstr(out, lines[known ? 1 : 0]));
        free(buf);
        mlp_net_free(back);
        mlp_schema_free(&t);
    }
    mlp_net_free(net);
    mlp_schema_free(&s);
}

/* Version 5 reads back every field the hand-built file holds, and --info
 * prints only the lines that apply: a full-batch run without validation
 * file, settings digest or initial weights has none of them. */
static void version_5_fields_should_read_back_and_show_where_they_apply(void **state)
{
    (void)state;
    size_t len = tiny_v5_len("Haswell", "avx2");
    unsigned char *b = malloc(len);
    assert_non_null(b);
    tiny_v5(b, "Haswell", "avx2", 2, tiny_v5_bytes, 0xff);
    mlp_net *net;
    mlp_schema s;
    mlp_provenance p, want;
    mlp_error err;
    assert_int_equal(mlp_weights_decode_provenance(b, len, "v5", &net, &s, &p, &err), MLP_OK);
    tiny_prov(&want);
    assert_int_equal(p.format_version, 5);
    assert_true(p.has_seed && p.seed == 42 && p.ranks == 2);
    assert_true(p.has_settings_sha256 && p.has_validation_sha256 && p.has_init_sha256);
    assert_memory_equal(p.settings_sha256, want.settings_sha256, 32);
    assert_memory_equal(p.validation_sha256, want.validation_sha256, 32);
    assert_memory_equal(p.init_sha256, want.init_sha256, 32);
    assert_true(p.batch_size == 16 && p.shuffled && p.shuffle_seed == 7);
    mlp_net_free(net);
    mlp_schema_free(&s);

    /* Flags 0x0f: the digests of version 5 unknown, full batch. */
    static const unsigned char none[V5_LEN];
    tiny_v5(b, "Haswell", "avx2", 2, none, 0x0f);
    char out[4096];
    info_of(b, len, out, sizeof out);
    static const char *const absent[] = {"\n  settings ", "\n  validation ", "\n  continued ",
                                         "\n  batch size "};
    for (size_t k = 0; k < sizeof absent / sizeof *absent; k++)
        if (strstr(out, absent[k]))
            fail_msg("\"%s\" in a file without it:\n%s", absent[k] + 1, out);
    assert_non_null(strstr(out, "\n  seed          42\n"));
    assert_non_null(strstr(out, "(epoch 49, of the weights before its update; "));
    /* Batched without a shuffle: consecutive rows. */
    unsigned char batched[V5_LEN] = {0};
    batched[96] = 3;
    tiny_v5(b, "Haswell", "avx2", 2, batched, 0x0f);
    info_of(b, len, out, sizeof out);
    assert_non_null(strstr(out, "\n  batch size    3, not shuffled (batches of consecutive "
                                "rows)\n"));
    free(b);
}

/* What the reader refuses in version 5's flags, the writer does not write:
 * a seed or a shuffle without training figures, a shuffled full batch; and
 * bits 3 to 7 stay refused in a version 4 file. */
static void version_5_flags_should_be_checked(void **state)
{
    (void)state;
    size_t len = tiny_v5_len("Haswell", "avx2");
    unsigned char *b = malloc(len);
    assert_non_null(b);
    char msg[200];
    static const unsigned flags[] = {0x08 | 0x03, 0x80 | 0x03};
    for (int k = 0; k < 2; k++) {
        tiny_v5(b, "Haswell", "avx2", 2, tiny_v5_bytes, flags[k]);
        snprintf(msg, sizeof msg,
                 "inconsistent model: provenance flags %u at offset %d: a seed or a shuffle "
                 "without the training figures (bit 2)",
                 flags[k], OFF_PROV);
        expect_rejected(b, len, MLP_ERR_WEIGHTS, msg);
    }
    unsigned char full[V5_LEN];
    memcpy(full, tiny_v5_bytes, V5_LEN);
    memset(full + 96, 0, 8); /* batch size 0, shuffled */
    tiny_v5(b, "Haswell", "avx2", 2, full, 0xff);
    snprintf(msg, sizeof msg,
             "inconsistent model: provenance batch size 0 (full batch) at offset %zu, with its "
             "rows shuffled",
             tiny_v4_len("Haswell", "avx2") - 28 + 96);
    expect_rejected(b, len, MLP_ERR_WEIGHTS, msg);
    free(b);

    size_t len4 = tiny_v4_len("Haswell", "avx2");
    b = malloc(len4);
    assert_non_null(b);
    tiny_v4(b, "Haswell", "avx2", 2);
    b[OFF_PROV] = 0x0f;
    reseal(b, len4);
    snprintf(msg, sizeof msg,
             "inconsistent model: provenance flags 15 at offset %d (0 to 7 are allowed)", OFF_PROV);
    expect_rejected(b, len4, MLP_ERR_WEIGHTS, msg);
    free(b);

    mlp_schema s;
    mlp_net *net = make_tiny(&s);
    mlp_provenance p;
    tiny_prov(&p);
    p.batch_size = 0;
    unsigned char *buf = NULL;
    size_t n;
    mlp_error err;
    assert_int_equal(mlp_weights_encode_provenance(net, &s, &p, &buf, &n, &err), MLP_ERR_WEIGHTS);
    assert_null(buf);
    assert_string_equal(err.message, "cannot save the model: the provenance shuffles the rows of "
                                     "a full batch");
    /* Without training figures the seed and the shuffle are not written. */
    tiny_prov(&p);
    p.has_training = 0;
    assert_int_equal(mlp_weights_encode_provenance(net, &s, &p, &buf, &n, &err), MLP_OK);
    assert_int_equal(buf[OFF_PROV], 0x03 | 0x10 | 0x20 | 0x40);
    free(buf);
    mlp_net_free(net);
    mlp_schema_free(&s);
}

/* A target named as a feature: --evaluate finds the target column by its
 * name, so it scored the model against its own input x1 (rc 0, accuracy
 * 50%). mlptrain never writes one; a forged file is refused at the offsets
 * of both names. The tiny file with its target "y" (offset 57) made "x1",
 * the name of its first feature (offset 41); the rest moves one byte. */
static void decode_should_reject_a_target_named_as_a_feature(void **state)
{
    (void)state;
    size_t len = TINY_LEN + 1;
    unsigned char *b = malloc(len);
    assert_non_null(b);
    memcpy(b, tiny_bytes, 57);
    const unsigned char x1[] = {0x02, 0x00, 0x00, 0x00, 'x', '1'};
    memcpy(b + 57, x1, sizeof x1);
    memcpy(b + 63, tiny_bytes + 62, TINY_LEN - 62);
    reseal(b, len);
    expect_rejected(b, len, MLP_ERR_WEIGHTS,
                    "inconsistent model: the target name \"x1\" at offset 57 is also a feature "
                    "name, at offset 41");
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(crc32_should_match_the_standard_check_value),
        cmocka_unit_test(encode_should_match_the_hand_built_bytes),
        cmocka_unit_test(decode_should_read_the_hand_built_bytes),
        cmocka_unit_test(decode_should_read_the_provenance_of_version_4),
        cmocka_unit_test(decode_should_read_the_provenance_of_version_3),
        cmocka_unit_test(decode_should_refuse_bad_names_of_version_3),
        cmocka_unit_test(decode_should_read_the_provenance_of_version_2),
        cmocka_unit_test(decode_should_reject_an_inconsistent_provenance),
        cmocka_unit_test(encode_should_refuse_a_provenance_it_could_not_read_back),
        cmocka_unit_test(describe_should_list_the_model_and_its_provenance),
        cmocka_unit_test(describe_should_not_call_a_model_in_memory_a_file),
        cmocka_unit_test(round_trip_should_be_bit_exact),
        cmocka_unit_test(round_trip_should_keep_a_regression_model_without_normalisation),
        cmocka_unit_test(decode_should_reject_a_wrong_magic),
        cmocka_unit_test(decode_should_name_a_spec_or_a_loss_log),
        cmocka_unit_test(decode_should_reject_an_unknown_version),
        cmocka_unit_test(decode_should_reject_a_bad_checksum),
        cmocka_unit_test(decode_should_report_truncation_at_several_offsets),
        cmocka_unit_test(decode_should_reject_every_flipped_byte),
        cmocka_unit_test(decode_should_reject_trailing_bytes),
        cmocka_unit_test(decode_should_not_call_a_whole_file_truncated),
        cmocka_unit_test(decode_should_count_one_trailing_byte_in_the_singular),
        cmocka_unit_test(decode_should_reject_inconsistent_values),
        cmocka_unit_test(a_code_of_a_newer_mlp_should_be_told_as_one),
        cmocka_unit_test(decode_should_reject_a_label_count_that_does_not_fit),
        cmocka_unit_test(decode_should_reject_duplicate_feature_names),
        cmocka_unit_test(decode_should_report_out_of_memory_at_every_allocation),
        cmocka_unit_test(encode_should_report_out_of_memory),
        cmocka_unit_test(encode_should_refuse_what_the_reader_would_reject),
        cmocka_unit_test(write_should_refuse_what_read_would_reject),
        cmocka_unit_test(write_should_blame_the_schema_not_mlp),
        cmocka_unit_test_setup_teardown(write_then_read_should_give_the_encoded_bytes_back,
                                        make_dir, remove_dir),
        cmocka_unit_test(write_should_report_a_full_disk),
        cmocka_unit_test(looks_like_model_should_know_a_model_by_its_first_bytes),
        cmocka_unit_test(a_model_from_standard_input_should_be_named_stdin),
        cmocka_unit_test(a_refused_null_argument_should_leave_the_outputs_cleared),
        cmocka_unit_test(decode_should_check_each_count_where_it_is_read),
        cmocka_unit_test(decode_should_call_a_size_beyond_any_file_damaged),
        cmocka_unit_test(a_version_4_file_should_be_described_as_before),
        cmocka_unit_test(a_seed_of_0_should_differ_from_no_seed),
        cmocka_unit_test(version_5_fields_should_read_back_and_show_where_they_apply),
        cmocka_unit_test(version_5_flags_should_be_checked),
        cmocka_unit_test(decode_should_reject_a_target_named_as_a_feature),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
