/* SPDX-License-Identifier: MIT */
/* fuzz_npz.c: the .npz reader (mlp_npz_decode: a zip directory, then .npy
 * headers and arrays) on arbitrary bytes, in an exact-size copy so that a
 * read one byte past the end shows. Each member's CRC-32 would stop almost
 * every mutated input, so the harness first recomputes it: for every
 * central directory record ("PK\1\2") whose local header and stored bytes
 * lie inside the input, the CRC of those bytes is written into the record,
 * where the reader looks for it. The repair is part of the target, so a
 * saved crash replays in the normal build (fuzz/replay.c) as it crashed.
 * A model that is accepted is encoded as an .npz, decoded and encoded
 * again: the two encodings must be equal byte for byte. */
#include <string.h>

#include "crc32.h"
#include "fuzz.h"
#include "mlp/npz.h"

static uint64_t le(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static void repair_crcs(unsigned char *b, size_t size)
{
    for (size_t i = 0; i + 46 <= size; i++) {
        if (memcmp(b + i, "PK\x01\x02", 4) != 0)
            continue;
        uint64_t csize = le(b + i + 20, 4), loc = le(b + i + 42, 4);
        if (loc > size || size - loc < 30 || memcmp(b + loc, "PK\x03\x04", 4) != 0)
            continue;
        uint64_t skip = 30 + le(b + loc + 26, 2) + le(b + loc + 28, 2);
        if (size - loc < skip || size - loc - skip < csize)
            continue;
        uint32_t crc = mlp_crc32(0, b + loc + skip, (size_t)csize);
        for (int k = 0; k < 4; k++)
            b[i + 16 + k] = (unsigned char)(crc >> (8 * k));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    repair_crcs(copy, size);
    mlp_net *net = NULL;
    mlp_schema schema;
    mlp_error err;
    mlp_error_clear(&err);
    mlp_status st = mlp_npz_decode(copy, size, "fuzz.npz", &net, &schema, &err);
    free(copy);
    if (st != MLP_OK) {
        FUZZ_CHECK(err.code == st && err.message[0] != '\0' && net == NULL);
        return 0;
    }
    FUZZ_CHECK(net != NULL && net->n_layers >= 1);

    unsigned char *buf1 = NULL, *buf2 = NULL;
    size_t len1 = 0, len2 = 0;
    if (mlp_npz_encode(net, &schema, &buf1, &len1, &err) == MLP_OK) {
        mlp_net *net2 = NULL;
        mlp_schema schema2;
        st = mlp_npz_decode(buf1, len1, "again", &net2, &schema2, &err);
        FUZZ_CHECK(st == MLP_OK);
        FUZZ_CHECK(mlp_npz_encode(net2, &schema2, &buf2, &len2, &err) == MLP_OK);
        FUZZ_CHECK(len1 == len2 && memcmp(buf1, buf2, len1) == 0);
        mlp_net_free(net2);
        mlp_schema_free(&schema2);
    }
    free(buf1);
    free(buf2);
    mlp_net_free(net);
    mlp_schema_free(&schema);
    return 0;
}
