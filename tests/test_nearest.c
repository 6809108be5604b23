/* SPDX-License-Identifier: MIT */
/* test_nearest.c: the hints for an unknown name (nearest.h). Other tools'
 * optimizers that mlp lacks are said to be missing, not offered as the
 * nearest spelling: adamw, nadam and radam are one edit from "adam", yet
 * step otherwise (adam with l2 is not AdamW, docs/optimizers.md), as elu
 * is one from "relu" (docs/spec.md). A typo of a name mlp has still gets
 * its "did you mean". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nearest.h"

static const char *const optimizers[] = {"gd", "momentum", "adam", "irprop-"};
#define N_OPTIMIZERS 4
#define LIST "gd, momentum, adam, irprop-"

/* The hint for the optimizer name s, asserted to exist. */
static void optimizer_hint(const char *s, char *buf, size_t size)
{
    assert_int_equal(mlp_nearest_hint(s, "optimizer", optimizers, N_OPTIMIZERS, LIST, buf, size),
                     1);
}

static void adamw_should_be_missing_with_why_adam_and_l2_differ(void **state)
{
    (void)state;
    char buf[512];
    optimizer_hint("adamw", buf, sizeof buf);
    assert_string_equal(buf, "mlp has no adamw optimizer (adam with \"l2\" is L2 regularisation, "
                             "not AdamW's decoupled weight decay); use one of: " LIST);
    /* In any letter case, as PyTorch writes it. */
    optimizer_hint("AdamW", buf, sizeof buf);
    assert_string_equal(buf, "mlp has no adamw optimizer (adam with \"l2\" is L2 regularisation, "
                             "not AdamW's decoupled weight decay); use one of: " LIST);
}

static void adam_variants_should_be_missing_not_adam(void **state)
{
    (void)state;
    char buf[512];
    optimizer_hint("nadam", buf, sizeof buf);
    assert_string_equal(buf, "mlp has no nadam optimizer; use one of: " LIST);
    optimizer_hint("RAdam", buf, sizeof buf);
    assert_string_equal(buf, "mlp has no radam optimizer; use one of: " LIST);
}

/* The missing names are of optimizers only: "nadam" is no activation
 * that mlp lacks, and a typo of adam is still one. */
static void adam_typo_should_still_mean_adam(void **state)
{
    (void)state;
    char buf[512];
    optimizer_hint("adma", buf, sizeof buf);
    assert_string_equal(buf, "did you mean \"adam\"?");
    optimizer_hint("adamm", buf, sizeof buf);
    assert_string_equal(buf, "did you mean \"adam\"?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(adamw_should_be_missing_with_why_adam_and_l2_differ),
        cmocka_unit_test(adam_variants_should_be_missing_not_adam),
        cmocka_unit_test(adam_typo_should_still_mean_adam),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
