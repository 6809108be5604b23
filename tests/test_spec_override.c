/* SPDX-License-Identifier: MIT */
/* test_spec_override.c: a program's options over a spec
 * (mlp_spec_override, spec.h): each override replaces its value alone and
 * a zeroed struct changes nothing; an optimizer without a learning rate
 * (irprop-) refuses a learning rate and a batch size in the names given
 * (mlptrain's --learning-rate, --batch-size) or in plain words; a refusal,
 * an allocation that fails or a NULL argument leaves the spec as it was. */
#include "check.h"

#include "alloc.h"
#include "mlp/spec.h"

/* Two specs to override, parsed as net.json: its outputs are then
 * net.weights.bin and net.loss.csv. gd takes a learning rate, irprop-
 * does not. */
static const char gd_json[] =
    "{\"layers\": [2, 3, 1], \"activations\": [\"tanh\", \"sigmoid\"],"
    " \"loss\": \"binary_cross_entropy\", \"epochs\": 300, \"learning_rate\": 0.5,"
    " \"batch_size\": 4, \"data\": {\"train\": \"train.csv\"}}";
static const char irprop_json[] =
    "{\"layers\": [2, 3, 1], \"activations\": [\"tanh\", \"sigmoid\"],"
    " \"loss\": \"binary_cross_entropy\", \"epochs\": 300,"
    " \"optimizer\": {\"name\": \"irprop-\"}, \"data\": {\"train\": \"train.csv\"}}";

static void parse(const char *json, mlp_spec *spec)
{
    mlp_error err;
    mlp_error_clear(&err);
    if (mlp_spec_parse(json, strlen(json), "net.json", spec, &err))
        fail_msg("%s", err.message);
}

/* What an override can change, as a spec holds it before and after. */
typedef struct {
    long epochs;
    double learning_rate;
    size_t batch_size;
    char weights[64], loss[64];
} overridable;

static overridable values_of(const mlp_spec *spec)
{
    overridable v = {spec->epochs, spec->optimizer.learning_rate, spec->batch_size, "", ""};
    snprintf(v.weights, sizeof v.weights, "%s", spec->weights_path);
    snprintf(v.loss, sizeof v.loss, "%s", spec->loss_path);
    return v;
}

static void assert_values_equal(overridable got, overridable want)
{
    assert_int_equal(got.epochs, want.epochs);
    assert_true(got.learning_rate == want.learning_rate);
    assert_int_equal(got.batch_size, want.batch_size);
    assert_string_equal(got.weights, want.weights);
    assert_string_equal(got.loss, want.loss);
}

static void a_zeroed_struct_should_change_nothing(void **state)
{
    (void)state;
    mlp_spec spec;
    parse(gd_json, &spec);
    overridable before = values_of(&spec);
    /* Not vacuous: the spec's own values, none of them a default. */
    assert_int_equal(before.epochs, 300);
    assert_true(before.learning_rate == 0.5);
    assert_int_equal(before.batch_size, 4);
    assert_string_equal(before.weights, "net.weights.bin");
    assert_string_equal(before.loss, "net.loss.csv");
    const mlp_spec_overrides none = {0};
    mlp_error err;
    assert_int_equal(mlp_spec_override(&spec, &none, &err), MLP_OK);
    assert_values_equal(values_of(&spec), before);
    mlp_spec_free(&spec);
}

/* Each override given alone replaces its own value and no other. */
static void each_override_should_replace_its_value_alone(void **state)
{
    (void)state;
    const mlp_spec_overrides one[] = {
        {.epochs = 25},
        {.learning_rate = 0.125},
        {.batch_size = 9},
        {.weights_path = "out/w.bin"},
        {.loss_path = "out/l.csv"},
    };
    for (size_t k = 0; k < sizeof one / sizeof one[0]; k++) {
        mlp_spec spec;
        parse(gd_json, &spec);
        overridable want = values_of(&spec);
        switch (k) {
        case 0: want.epochs = 25; break;
        case 1: want.learning_rate = 0.125; break;
        case 2: want.batch_size = 9; break;
        case 3: snprintf(want.weights, sizeof want.weights, "out/w.bin"); break;
        default: snprintf(want.loss, sizeof want.loss, "out/l.csv"); break;
        }
        mlp_error err;
        assert_int_equal(mlp_spec_override(&spec, &one[k], &err), MLP_OK);
        assert_values_equal(values_of(&spec), want);
        mlp_spec_free(&spec);
    }
}

/* The paths are copied: the spec owns them, the caller's strings may go. */
static void the_paths_should_be_copies(void **state)
{
    (void)state;
    mlp_spec spec;
    parse(gd_json, &spec);
    char w[] = "w.bin", l[] = "l.csv";
    const mlp_spec_overrides o = {.epochs = 2, .learning_rate = 0.25, .batch_size = 1,
                                  .weights_path = w, .loss_path = l};
    mlp_error err;
    assert_int_equal(mlp_spec_override(&spec, &o, &err), MLP_OK);
    assert_ptr_not_equal(spec.weights_path, w);
    assert_ptr_not_equal(spec.loss_path, l);
    w[0] = l[0] = 'x';
    overridable want = {2, 0.25, 1, "w.bin", "l.csv"};
    assert_values_equal(values_of(&spec), want);
    mlp_spec_free(&spec);
}

/* irprop- takes every override but these two. */
static void irprop_should_take_epochs_and_paths(void **state)
{
    (void)state;
    mlp_spec spec;
    parse(irprop_json, &spec);
    overridable want = values_of(&spec);
    want.epochs = 40;
    snprintf(want.weights, sizeof want.weights, "w.bin");
    snprintf(want.loss, sizeof want.loss, "l.csv");
    const mlp_spec_overrides o = {.epochs = 40, .weights_path = "w.bin", .loss_path = "l.csv",
                                  .learning_rate_name = "--learning-rate",
                                  .batch_size_name = "--batch-size"};
    mlp_error err;
    assert_int_equal(mlp_spec_override(&spec, &o, &err), MLP_OK);
    assert_values_equal(values_of(&spec), want);
    mlp_spec_free(&spec);
}

/* One refusal of irprop-: its status, position, message and hint, and the
 * spec as it was (the other overrides given are not applied either). */
static void assert_refused(const mlp_spec_overrides *given, const char *message,
                           const char *hint)
{
    mlp_spec spec;
    parse(irprop_json, &spec);
    overridable before = values_of(&spec);
    mlp_spec_overrides o = *given;
    o.epochs = 40;
    o.weights_path = "w.bin";
    o.loss_path = "l.csv";
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_spec_override(&spec, &o, &err), MLP_ERR_USAGE);
    assert_int_equal(err.code, MLP_ERR_USAGE);
    assert_int_equal(err.line, 0);
    assert_string_equal(err.path, "");
    assert_string_equal(err.message, message);
    assert_string_equal(err.hint, hint);
    assert_values_equal(values_of(&spec), before);
    mlp_spec_free(&spec);
}

#define LR_HINT                                                                        \
    "irprop- adapts a step size per weight; set \"delta0\" in the spec's \"optimizer\" " \
    "instead"
#define BATCH_HINT                                                                          \
    "irprop- follows the sign of the full-batch gradient, which the noise of mini-batches " \
    "keeps flipping; use adam in the spec's \"optimizer\""

static void irprop_should_refuse_a_learning_rate_in_the_name_given(void **state)
{
    (void)state;
    assert_refused(&(mlp_spec_overrides){.learning_rate = 0.1,
                                         .learning_rate_name = "--learning-rate",
                                         .batch_size_name = "--batch-size"},
                   "--learning-rate is not used by optimizer \"irprop-\"", LR_HINT);
}

static void irprop_should_refuse_a_batch_size_in_the_name_given(void **state)
{
    (void)state;
    assert_refused(&(mlp_spec_overrides){.batch_size = 2,
                                         .learning_rate_name = "--learning-rate",
                                         .batch_size_name = "--batch-size"},
                   "--batch-size cannot be used with optimizer \"irprop-\"", BATCH_HINT);
}

/* Both given: the learning rate is said first, as mlptrain always did. */
static void the_learning_rate_should_be_refused_before_the_batch_size(void **state)
{
    (void)state;
    assert_refused(&(mlp_spec_overrides){.learning_rate = 0.1, .batch_size = 2,
                                         .learning_rate_name = "-l", .batch_size_name = "-b"},
                   "-l is not used by optimizer \"irprop-\"", LR_HINT);
}

/* A program that names no option has the refusals in plain words. */
static void a_refusal_without_names_should_say_what_was_given(void **state)
{
    (void)state;
    assert_refused(&(mlp_spec_overrides){.learning_rate = 0.1},
                   "the learning rate is not used by optimizer \"irprop-\"", LR_HINT);
    assert_refused(&(mlp_spec_overrides){.batch_size = 2},
                   "the batch size cannot be used with optimizer \"irprop-\"", BATCH_HINT);
}

/* The allocations are the two paths' copies: each failing in turn is out of
 * memory with the spec as it was (and, under LeakSanitizer, the first copy
 * freed when the second fails); a third call allocates nothing more. */
static void an_allocation_failing_should_leave_the_spec_whole(void **state)
{
    (void)state;
    const mlp_spec_overrides o = {.epochs = 40, .learning_rate = 0.25, .batch_size = 2,
                                  .weights_path = "w.bin", .loss_path = "l.csv"};
    int failures = 0;
    for (long n = 1; n <= 3; n++) {
        mlp_spec spec;
        parse(gd_json, &spec);
        overridable before = values_of(&spec);
        mlp_error err;
        mlp_error_clear(&err);
        mlp_alloc_fail_after(n);
        mlp_status st = mlp_spec_override(&spec, &o, &err);
        mlp_alloc_fail_after(0);
        if (st == MLP_OK) {
            overridable want = {40, 0.25, 2, "w.bin", "l.csv"};
            assert_values_equal(values_of(&spec), want);
        } else {
            failures++;
            assert_int_equal(st, MLP_ERR_NOMEM);
            assert_string_equal(err.message, "out of memory");
            assert_values_equal(values_of(&spec), before);
        }
        mlp_spec_free(&spec);
    }
    assert_int_equal(failures, 2);
}

static void null_arguments_should_be_refused(void **state)
{
    (void)state;
    mlp_spec spec;
    parse(gd_json, &spec);
    overridable before = values_of(&spec);
    const mlp_spec_overrides o = {.epochs = 3};
    mlp_error err;
    assert_int_equal(mlp_spec_override(NULL, &o, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "mlp_spec_override: the spec is NULL");
    assert_int_equal(mlp_spec_override(&spec, NULL, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "mlp_spec_override: the overrides struct is NULL");
    assert_values_equal(values_of(&spec), before);
    /* err may be NULL, as everywhere in the library (mlp.h). */
    assert_int_equal(mlp_spec_override(NULL, &o, NULL), MLP_ERR_USAGE);
    mlp_spec_free(&spec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_zeroed_struct_should_change_nothing),
        cmocka_unit_test(each_override_should_replace_its_value_alone),
        cmocka_unit_test(the_paths_should_be_copies),
        cmocka_unit_test(irprop_should_take_epochs_and_paths),
        cmocka_unit_test(irprop_should_refuse_a_learning_rate_in_the_name_given),
        cmocka_unit_test(irprop_should_refuse_a_batch_size_in_the_name_given),
        cmocka_unit_test(the_learning_rate_should_be_refused_before_the_batch_size),
        cmocka_unit_test(a_refusal_without_names_should_say_what_was_given),
        cmocka_unit_test(an_allocation_failing_should_leave_the_spec_whole),
        cmocka_unit_test(null_arguments_should_be_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
