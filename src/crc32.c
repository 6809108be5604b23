/* SPDX-License-Identifier: MIT */
/* crc32.c: the CRC-32 of crc32.h, computed by zlib (the same CRC, which
 * zlib keeps fast on every CPU); this file only adapts its types. */
#include "crc32.h"

#include <zlib.h>

uint32_t mlp_crc32(uint32_t crc, const unsigned char *buf, size_t len)
{
    /* crc32_z takes a z_size_t, so no length needs splitting into uInt pieces. */
    return (uint32_t)crc32_z(crc, buf, len);
}
