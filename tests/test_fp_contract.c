/* SPDX-License-Identifier: MIT */
/* test_fp_contract.c: the build rounds a * b + c twice, as written, with
 * every compiler: the same machine writes the same bytes (README,
 * reproducibility). GCC keeps ISO C's two roundings under -std=c11, but
 * clang 14 defaults to -ffp-contract=on and fuses a multiply and an add into
 * one FMA where the target has it (-march=native on any recent x86): a clang
 * build wrote another normalisation (last digit of a std) and another model
 * than a gcc build on the same machine. CMakeLists.txt compiles everything,
 * the library and these tests alike, with -ffp-contract=off.
 *
 * Two checks: the library's compile options hold the flag (passed here by
 * CMake as MLP_LIB_COMPILE_OPTIONS), and, where the target has FMA (so
 * that there is anything to fuse), an expression compiled with those
 * options rounds twice. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#ifndef MLP_LIB_COMPILE_OPTIONS
#define MLP_LIB_COMPILE_OPTIONS ""
#endif

static void library_should_be_compiled_without_contraction(void **state)
{
    (void)state;
#ifdef MLP_HAS_FP_CONTRACT_OFF
    if (!strstr(MLP_LIB_COMPILE_OPTIONS, "-ffp-contract=off"))
        fail_msg("the library's compile options (%s) lack -ffp-contract=off", MLP_LIB_COMPILE_OPTIONS);
#else
    skip(); /* a compiler without the flag: CMakeLists.txt cannot ask for it */
#endif
}

#ifdef __FMA__
/* (1 + 2^-30)^2 - 1 - 2^-29 = 2^-60 exactly; rounded twice, the product
 * loses the 2^-60 and the sum is 0; fused, it is 2^-60. volatile keeps the
 * compiler from folding the constants. */
static double multiply_add(double a, double b, double c)
{
    return a * b + c;
}
#endif

static void multiply_add_should_round_twice(void **state)
{
    (void)state;
#ifdef __FMA__
    volatile double a = 1.0 + 0x1p-30, c = -(1.0 + 0x1p-29);
    double r = multiply_add(a, a, c);
    if (r != 0.0)
        fail_msg("a * b + c gave %a, not 0: the compiler fused it into an FMA", r);
#else
    skip(); /* the target has no FMA: nothing can be fused */
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(library_should_be_compiled_without_contraction),
        cmocka_unit_test(multiply_add_should_round_twice),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
