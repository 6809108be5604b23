/* SPDX-License-Identifier: MIT */
/* sha256.c: SHA-256 through nettle, and the digest's hexadecimal form. */
#include "sha256.h"

void mlp_sha256_init(mlp_sha256 *s)
{
    sha256_init(&s->ctx);
}

void mlp_sha256_update(mlp_sha256 *s, const void *data, size_t len)
{
    if (len)
        sha256_update(&s->ctx, len, data);
}

void mlp_sha256_final(mlp_sha256 *s, unsigned char digest[MLP_SHA256_BYTES])
{
    sha256_digest(&s->ctx, MLP_SHA256_BYTES, digest); /* also re-initialises ctx */
}

void mlp_sha256_digest(const void *data, size_t len, unsigned char digest[MLP_SHA256_BYTES])
{
    mlp_sha256 s;
    mlp_sha256_init(&s);
    mlp_sha256_update(&s, data, len);
    mlp_sha256_final(&s, digest);
}

char *mlp_sha256_hex(const unsigned char digest[MLP_SHA256_BYTES],
                     char hex[2 * MLP_SHA256_BYTES + 1])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < MLP_SHA256_BYTES; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[2 * MLP_SHA256_BYTES] = '\0';
    return hex;
}
