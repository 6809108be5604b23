/* SPDX-License-Identifier: MIT */
/* crc32.c: the reflected CRC-32 of crc32.h, one byte per step through a
 * 256-entry table built at compile time by the same shift-and-xor rule. */
#include "crc32.h"

/* Entry n is the register after shifting the byte n through eight steps of
 *   r = (r >> 1) ^ (r & 1 ? 0xEDB88320 : 0),
 * so a byte costs one lookup instead of eight conditional xors. */
#define S1(r) (((r) >> 1) ^ (((r) & 1u) ? 0xEDB88320u : 0u))
#define S8(n) S1(S1(S1(S1(S1(S1(S1(S1((uint32_t)(n)))))))))
#define T4(n) S8(n), S8((n) + 1), S8((n) + 2), S8((n) + 3)
#define T16(n) T4(n), T4((n) + 4), T4((n) + 8), T4((n) + 12)
#define T64(n) T16(n), T16((n) + 16), T16((n) + 32), T16((n) + 48)

static const uint32_t table[256] = {T64(0), T64(64), T64(128), T64(192)};

uint32_t mlp_crc32(uint32_t crc, const unsigned char *buf, size_t len)
{
    /* The pre- and post-inversion live here, so chained calls compose. */
    uint32_t r = crc ^ 0xFFFFFFFFu;
    for (size_t i = 0; i < len; i++)
        r = (r >> 8) ^ table[(r ^ buf[i]) & 0xFFu];
    return r ^ 0xFFFFFFFFu;
}
