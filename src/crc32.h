/* SPDX-License-Identifier: MIT */
/* crc32.h: the CRC-32 that guards the weights file.
 *
 * IEEE 802.3 / zlib CRC-32: polynomial 0x04C11DB7 used bit-reflected
 * (0xEDB88320), register preset to 0xFFFFFFFF, result xor 0xFFFFFFFF.
 * Check value: the CRC of the nine bytes "123456789" is 0xCBF43926.
 * Computed by zlib's crc32_z (src/crc32.c).
 */
#ifndef MLP_CRC32_H
#define MLP_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* Continues a CRC over len more bytes; start with crc = 0, as zlib's crc32:
 * mlp_crc32(mlp_crc32(0, a, n), b, m) is the CRC of a followed by b. */
uint32_t mlp_crc32(uint32_t crc, const unsigned char *buf, size_t len);

#endif
