/* SPDX-License-Identifier: MIT */
/* test_spec_fit.c: the fit options of a spec (mlp_spec_fit_options, public
 * in mlp/fit.h, included as a program includes it) carry every setting of
 * the spec that the training run reads, the restarts and margin given, and
 * the provenance and its threads; nothing else is set. */
#include "check.h"

#include <mlp/mlp.h>

#define EARLY MLP_SOURCE_DIR "/docs/examples/moons_refit.json"

static void every_setting_of_the_spec_should_reach_the_fit(void **state)
{
    (void)state;
    mlp_spec spec;
    mlp_error err;
    mlp_error_clear(&err);
    if (mlp_spec_load(EARLY, &spec, &err))
        fail_msg("%s", err.message);
    spec.l2 = 1e-4;
    spec.batch_size = 16;
    mlp_provenance prov;
    mlp_provenance_init(&prov);
    prov.threads = 3;
    prov.spec_sha256[0] = 0xab;
    mlp_fit_options f = mlp_spec_fit_options(&spec, 4, 0.05, &prov);
    assert_int_equal(f.optimizer.kind, spec.optimizer.kind);
    assert_true(f.optimizer.learning_rate == spec.optimizer.learning_rate);
    assert_int_equal(f.epochs, spec.epochs);
    assert_true(f.l2 == 1e-4);
    assert_int_equal(f.patience, spec.patience);
    assert_true(f.patience > 0); /* not vacuous: the example stops early */
    assert_true(f.min_delta == spec.min_delta);
    assert_int_equal(f.refit, spec.refit);
    assert_true(f.refit); /* and refits */
    assert_true(f.refit_scale == spec.refit_scale);
    assert_int_equal(f.init, spec.init);
    assert_true(f.seed == spec.seed);
    assert_int_equal(f.batch_size, 16);
    assert_int_equal(f.shuffle, spec.shuffle);
    assert_memory_equal(&f.schedule, &spec.schedule, sizeof f.schedule);
    assert_int_equal(f.restarts, 4);
    assert_true(f.restart_margin == 0.05);
    assert_int_equal(f.diagnose, 1);
    assert_int_equal(f.threads, 3);
    assert_int_equal(f.provenance.threads, 3);
    assert_memory_equal(f.provenance.spec_sha256, prov.spec_sha256, sizeof prov.spec_sha256);
    assert_null(f.reduce);
    mlp_spec_free(&spec);
}

/* A program with no provenance to record passes NULL: nothing known, as
 * an empty record says, one thread; the spec's settings as above. */
static void no_provenance_should_record_nothing(void **state)
{
    (void)state;
    mlp_spec spec;
    mlp_error err;
    if (mlp_spec_load(EARLY, &spec, &err))
        fail_msg("%s", err.message);
    mlp_fit_options f = mlp_spec_fit_options(&spec, 1, 0, NULL);
    assert_int_equal(f.threads, 0);
    assert_int_equal(f.provenance.has_spec_sha256, 0);
    assert_int_equal(f.provenance.has_training, 0);
    assert_int_equal(f.provenance.threads, 0);
    assert_true(isnan(f.provenance.best_loss) && isnan(f.provenance.final_loss));
    assert_int_equal(f.epochs, spec.epochs);
    assert_int_equal(f.restarts, 1);
    mlp_spec_free(&spec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_setting_of_the_spec_should_reach_the_fit),
        cmocka_unit_test(no_provenance_should_record_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
