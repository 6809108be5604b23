/* SPDX-License-Identifier: MIT */
/* vmath_avx512f.c: the AVX-512F kernels of vmath.h (8 doubles a vector).
 * Built with -mavx512f (CMakeLists.txt); called only when the CPU has it. */
#include "vmath.h"

#if defined(__x86_64__) && defined(__AVX512F__)
#include <immintrin.h>
#include <sleef.h>

#define VEC __m512d
#define WIDTH 8
#define LOADU _mm512_loadu_pd
#define STOREU _mm512_storeu_pd
#define SLEEF_FN(f) Sleef_##f##d8_u10avx512f
#define ISA_NAME "avx512f"
#define TABLE mlp_vmath_avx512f
#include "vmath_isa.h"
#else
const mlp_vmath_table mlp_vmath_avx512f = {NULL, NULL, NULL, NULL, NULL};
#endif
