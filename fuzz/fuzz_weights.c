/* SPDX-License-Identifier: MIT */
/* fuzz_weights.c: the weights reader (mlp_weights_decode_provenance) on
 * arbitrary bytes. Random bytes almost never carry a right CRC-32, which
 * would stop every input at the checksum; so for inputs of 24 bytes or more
 * the size field (bytes 12-19) is set to the input's length and the
 * trailing four bytes to the CRC of the rest (little-endian, as the writer
 * puts them), and the parser behind the checksum gets the fuzzing. Shorter
 * inputs reach the header checks as they are. A file that is accepted is described (as mlppredict
 * --info does), encoded again and decoded again: the second encoding must
 * equal the first, byte for byte. */
#include <string.h>

#include "crc32.h"
#include "fuzz.h"
#include "mlp/weights.h"

static FILE *devnull(void)
{
    static FILE *fp;
    if (!fp)
        fp = fopen("/dev/null", "w");
    return fp;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    if (size >= 24) {
        for (int i = 0; i < 8; i++)
            copy[12 + i] = (unsigned char)((uint64_t)size >> (8 * i));
        uint32_t crc = mlp_crc32(0, copy, size - 4);
        for (int i = 0; i < 4; i++)
            copy[size - 4 + i] = (unsigned char)(crc >> (8 * i));
    }
    mlp_net *net = NULL;
    mlp_schema schema;
    mlp_provenance prov;
    mlp_error err;
    mlp_error_clear(&err);
    mlp_status st = mlp_weights_decode_provenance(copy, size, "fuzz.weights.bin", &net, &schema,
                                                  &prov, &err);
    free(copy);
    if (st != MLP_OK) {
        FUZZ_CHECK(err.code == st && err.message[0] != '\0');
        return 0;
    }
    FILE *out = devnull();
    if (out)
        mlp_weights_describe(out, net, &schema, &prov, &err);

    unsigned char *buf1 = NULL, *buf2 = NULL;
    size_t len1 = 0, len2 = 0;
    mlp_status st1 = mlp_weights_encode_provenance(net, &schema, &prov, &buf1, &len1, &err);
    if (st1 == MLP_OK) {
        mlp_net *net2 = NULL;
        mlp_schema schema2;
        mlp_provenance prov2;
        st = mlp_weights_decode_provenance(buf1, len1, "again", &net2, &schema2, &prov2, &err);
        FUZZ_CHECK(st == MLP_OK);
        st = mlp_weights_encode_provenance(net2, &schema2, &prov2, &buf2, &len2, &err);
        FUZZ_CHECK(st == MLP_OK);
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
