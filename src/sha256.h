/* SPDX-License-Identifier: MIT */
/* sha256.h: SHA-256 (FIPS 180-4), for the provenance of a model: the digest
 * of the spec text and of the training CSV a weights file was made from.
 * The hashing is nettle's (Debian nettle-dev), which uses the CPU's SHA
 * instructions where there are some. State is a value the caller owns;
 * nothing is allocated. */
#ifndef MLP_SHA256_H
#define MLP_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include <nettle/sha2.h>

#define MLP_SHA256_BYTES 32

typedef struct {
    struct sha256_ctx ctx;    /* nettle's state */
} mlp_sha256;

/* Starts a new message. */
void mlp_sha256_init(mlp_sha256 *s);

/* Appends len bytes of data (data may be NULL when len is 0). */
void mlp_sha256_update(mlp_sha256 *s, const void *data, size_t len);

/* Pads the message, writes its 32-byte digest and leaves s to be re-initialised. */
void mlp_sha256_final(mlp_sha256 *s, unsigned char digest[MLP_SHA256_BYTES]);

/* The digest of one buffer in one call. */
void mlp_sha256_digest(const void *data, size_t len, unsigned char digest[MLP_SHA256_BYTES]);

/* The digest as 64 lowercase hexadecimal digits and a NUL; returns hex. */
char *mlp_sha256_hex(const unsigned char digest[MLP_SHA256_BYTES], char hex[2 * MLP_SHA256_BYTES + 1]);

#endif
