/* SPDX-License-Identifier: MIT */
/* vmath_avx2.c: the AVX2+FMA kernels of vmath.h (4 doubles a vector). Built
 * with -mavx2 -mfma (CMakeLists.txt); called only when the CPU has both. */
#include "vmath.h"

#if defined(__x86_64__) && defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#include <sleef.h>

#define VEC __m256d
#define WIDTH 4
#define LOADU _mm256_loadu_pd
#define STOREU _mm256_storeu_pd
#define SLEEF_FN(f) Sleef_##f##d4_u10avx2
#define ISA_NAME "avx2"
#define TABLE mlp_vmath_avx2
#include "vmath_isa.h"
#else
const mlp_vmath_table mlp_vmath_avx2 = {NULL, NULL, NULL, NULL, NULL};
#endif
