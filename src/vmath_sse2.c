/* SPDX-License-Identifier: MIT */
/* vmath_sse2.c: the SSE2 kernels of vmath.h (2 doubles a vector; every
 * x86-64 CPU has SSE2). */
#include "vmath.h"

#if defined(__x86_64__)
#include <emmintrin.h>
#include <sleef.h>

#define VEC __m128d
#define WIDTH 2
#define LOADU _mm_loadu_pd
#define STOREU _mm_storeu_pd
#define SLEEF_FN(f) Sleef_##f##d2_u10sse2
#define ISA_NAME "sse2"
#define TABLE mlp_vmath_sse2
#include "vmath_isa.h"
#else
const mlp_vmath_table mlp_vmath_sse2 = {NULL, NULL, NULL, NULL, NULL};
#endif
