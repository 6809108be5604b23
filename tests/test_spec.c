/* SPDX-License-Identifier: MIT */
/* test_spec.c: the JSON spec loader. A valid spec loads with every field,
 * defaults and derived paths are right, the built-in XOR spec loads, each
 * bad spec fixture gives its exact status, position, message and hint, and
 * a failed allocation anywhere leaves nothing behind. Expected positions
 * were counted by hand from the fixture text. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <cjson/cJSON.h>

#include "alloc.h"
#include "fileio.h"
#include "mlp/spec.h"

#define SPECS MLP_FIXTURES "/specs/"

/* ------------------------------------------------------------------------ */
/* Helpers */

static int is_zeroed(const mlp_spec *spec)
{
    static const mlp_spec zero;
    return memcmp(spec, &zero, sizeof zero) == 0;
}

/* Checks an error record field by field, naming the case on a mismatch. */
static void check_error(const char *what, mlp_status got_status, const mlp_error *err,
                        mlp_status status, const char *path, long line, long col,
                        const char *message, const char *hint)
{
    if (got_status != status || err->code != status)
        fail_msg("%s: status %d (err->code %d), expected %d (%s)", what, got_status, err->code,
                 status, err->message);
    if (strcmp(err->path, path) != 0)
        fail_msg("%s: path \"%s\", expected \"%s\"", what, err->path, path);
    if (err->line != line || err->col != col)
        fail_msg("%s: at %ld:%ld, expected %ld:%ld (%s)", what, err->line, err->col, line, col,
                 err->message);
    if (strcmp(err->message, message) != 0)
        fail_msg("%s: message\n  \"%s\"\nexpected\n  \"%s\"", what, err->message, message);
    if (strcmp(err->hint, hint) != 0)
        fail_msg("%s: hint\n  \"%s\"\nexpected\n  \"%s\"", what, err->hint, hint);
}

/* ------------------------------------------------------------------------ */
/* Valid specs */

static void spec_load_should_read_every_field(void **state)
{
    (void)state;
    mlp_spec s;
    mlp_error err;
    assert_int_equal(mlp_spec_load(SPECS "valid.json", &s, &err), MLP_OK);

    assert_string_equal(s.path, SPECS "valid.json");
    assert_int_equal(s.n_layers, 3);
    assert_int_equal(s.sizes[0], 3);
    assert_int_equal(s.sizes[1], 8);
    assert_int_equal(s.sizes[2], 5);
    assert_int_equal(s.sizes[3], 2);
    assert_int_equal(s.acts[0], MLP_ACT_RELU);
    assert_int_equal(s.acts[1], MLP_ACT_LEAKY_RELU);
    assert_int_equal(s.acts[2], MLP_ACT_SOFTMAX);
    assert_int_equal(s.loss, MLP_LOSS_CROSS_ENTROPY);
    assert_true(s.optimizer.learning_rate == 0.025);
    assert_int_equal(s.epochs, 250);
    assert_true(s.seed == (uint64_t)1 << 53);
    assert_int_equal(s.init, MLP_INIT_HE);

    assert_string_equal(s.train_path, SPECS "data/train.csv");
    assert_null(s.train_text);
    assert_string_equal(s.validation_path, SPECS "data/validation.csv");
    assert_int_equal(s.n_targets, 2);
    assert_string_equal(s.targets[0], "a");
    assert_string_equal(s.targets[1], "b");
    assert_int_equal(s.normalize, MLP_NORMALIZE_STANDARD);
    assert_string_equal(s.weights_path, "out/model.bin");
    assert_string_equal(s.loss_path, "out/loss.csv");

    assert_int_equal(s.pos_layers.line, 3);
    assert_int_equal(s.pos_layers.col, 13);
    assert_int_equal(s.pos_train.line, 11);
    assert_int_equal(s.pos_train.col, 14);
    assert_int_equal(s.pos_validation.line, 12);
    assert_int_equal(s.pos_validation.col, 19);
    assert_int_equal(s.pos_targets.line, 13);
    assert_int_equal(s.pos_targets.col, 16);

    mlp_spec_free(&s);
    assert_true(is_zeroed(&s));
}

static void spec_load_should_apply_defaults(void **state)
{
    (void)state;
    mlp_spec s;
    mlp_error err;
    assert_int_equal(mlp_spec_load(SPECS "minimal.json", &s, &err), MLP_OK);
    assert_int_equal(s.n_layers, 1);
    assert_true(s.optimizer.learning_rate == 0.1);
    assert_int_equal(s.epochs, 1000);
    assert_true(s.seed == MLP_SPEC_DEFAULT_SEED);
    assert_int_equal(s.init, MLP_INIT_DEFAULT);
    assert_int_equal(s.normalize, MLP_NORMALIZE_NONE);
    assert_null(s.targets);
    assert_int_equal(s.n_targets, 0);
    assert_null(s.validation_path);
    assert_true(s.validation_split == 0);
    assert_int_equal(s.optimizer.kind, MLP_OPT_GD);
    assert_true(s.optimizer.learning_rate == 0.1);
    assert_true(s.l2 == 0);
    assert_int_equal(s.patience, 0);
    assert_true(s.min_delta == 0);
    assert_int_equal(s.refit, 0);
    assert_int_equal(s.pos_validation.line, 0);
    assert_int_equal(s.pos_targets.line, 0);
    assert_int_equal(s.pos_train.line, 2);
    assert_int_equal(s.pos_train.col, 20);
    assert_string_equal(s.train_path, SPECS "xor.csv");
    assert_string_equal(s.weights_path, "minimal.weights.bin");
    assert_string_equal(s.loss_path, "minimal.loss.csv");
    mlp_spec_free(&s);
}

static mlp_status parse_str(const char *text, const char *path, mlp_spec *s, mlp_error *err)
{
    return mlp_spec_parse(text, strlen(text), path, s, err);
}

#define BASE "\"layers\": [2, 1], \"activations\": [\"sigmoid\"], \"loss\": \"mse\""
#define DATA_WHOLE ", \"data\": {\"train\": \"t.csv\"}"

/* Integers written with a point or an exponent but no fraction load as
 * their value: the fraction is judged from the digits once the exponent
 * shifts them (250e-1 is 25, 1.5e1 is 15), and zeros after the point,
 * however many, are no fraction. */
static void spec_parse_should_read_whole_numbers_in_any_form(void **state)
{
    (void)state;
    mlp_spec s;
    mlp_error err;
    const char *text = "{\"layers\": [2e0, 40e-1, 1.00000000000000000000000000000], "
                       "\"activations\": [\"tanh\", \"sigmoid\"], \"loss\": \"mse\", "
                       "\"epochs\": 250e-1, \"seed\": 0.15e2" DATA_WHOLE "}";
    assert_int_equal(parse_str(text, "t.json", &s, &err), MLP_OK);
    assert_int_equal(s.n_layers, 2);
    assert_int_equal(s.sizes[0], 2);
    assert_int_equal(s.sizes[1], 4);
    assert_int_equal(s.sizes[2], 1);
    assert_int_equal(s.epochs, 25);
    assert_int_equal(s.seed, 15);
    mlp_spec_free(&s);
    /* 2^53 written with a point and an exponent: the largest seed */
    text = "{" BASE ", \"seed\": 9.0071992547409920e15, \"epochs\": -0.0e5" DATA_WHOLE "}";
    assert_int_equal(parse_str(text, "t.json", &s, &err), MLP_ERR_SPEC);
    assert_string_equal(err.message, "\"epochs\" must be at least 1, not \"-0.0e5\"");
    text = "{" BASE ", \"seed\": 9.0071992547409920e15" DATA_WHOLE "}";
    assert_int_equal(parse_str(text, "t.json", &s, &err), MLP_OK);
    assert_true(s.seed == UINT64_C(9007199254740992));
    mlp_spec_free(&s);
}

/* Every name in the kind tables reads back as its kind, and the same name
 * with its first two letters swapped is refused with that name suggested:
 * a new kind's name must not be one edit from another's. */
static void check_kind_name(const char *text, const char *what, const char *name,
                            const char *typo_text)
{
    mlp_spec s;
    mlp_error err;
    mlp_status st = parse_str(text, "t.json", &s, &err);
    if (st != MLP_OK)
        fail_msg("%s \"%s\": %s", what, name, err.message);
    mlp_spec_free(&s);
    st = parse_str(typo_text, "t.json", &s, &err);
    assert_int_equal(st, MLP_ERR_SPEC);
    char typo[64], message[128], hint[128];
    snprintf(typo, sizeof typo, "%c%c%s", name[1], name[0], name + 2);
    snprintf(message, sizeof message, "unknown %s \"%s\"", what, typo);
    snprintf(hint, sizeof hint, "did you mean \"%s\"?", name);
    if (strcmp(err.message, message) != 0 || strcmp(err.hint, hint) != 0)
        fail_msg("%s \"%s\": got \"%s\"; \"%s\", expected \"%s\"; \"%s\"", what, typo,
                 err.message, err.hint, message, hint);
}

static void spec_parse_should_read_every_kind_by_name(void **state)
{
    (void)state;
    char text[512], typo_text[512], typo[64];
    mlp_spec s;
    mlp_error err;
#define SPEC_FMT "{\"layers\": [2, 2], \"activations\": [\"%s\"], \"loss\": \"%s\", " \
                 "\"optimizer\": {\"name\": \"%s\"}, \"data\": {\"train\": \"t.csv\"}}"
    for (int a = 0; a < MLP_ACT_COUNT; a++) {
        const char *name = mlp_activation_info_of((mlp_activation)a)->name;
        snprintf(typo, sizeof typo, "%c%c%s", name[1], name[0], name + 2);
        snprintf(text, sizeof text, SPEC_FMT, name, "mse", "gd");
        snprintf(typo_text, sizeof typo_text, SPEC_FMT, typo, "mse", "gd");
        check_kind_name(text, "activation", name, typo_text);
        assert_int_equal(parse_str(text, "t.json", &s, &err), MLP_OK);
        assert_int_equal(s.acts[0], a);
        mlp_spec_free(&s);
    }
    for (int l = 0; l < MLP_LOSS_COUNT; l++) {
        const mlp_loss_info *in = mlp_loss_info_of((mlp_loss)l);
        const char *out = mlp_activation_name(in->fused ? in->output : MLP_ACT_LINEAR);
        snprintf(typo, sizeof typo, "%c%c%s", in->name[1], in->name[0], in->name + 2);
        snprintf(text, sizeof text, SPEC_FMT, out, in->name, "gd");
        snprintf(typo_text, sizeof typo_text, SPEC_FMT, out, typo, "gd");
        check_kind_name(text, "loss", in->name, typo_text);
        assert_int_equal(parse_str(text, "t.json", &s, &err), MLP_OK);
        assert_int_equal(s.loss, l);
        mlp_spec_free(&s);
    }
    for (int k = 0; k < MLP_OPT_COUNT; k++) {
        const char *name = mlp_optimizer_info_of((mlp_optimizer_kind)k)->name;
        snprintf(typo, sizeof typo, "%c%c%s", name[1], name[0], name + 2);
        snprintf(text, sizeof text, SPEC_FMT, "linear", "mse", name);
        snprintf(typo_text, sizeof typo_text, SPEC_FMT, "linear", "mse", typo);
        check_kind_name(text, "optimizer", name, typo_text);
        assert_int_equal(parse_str(text, "t.json", &s, &err), MLP_OK);
        assert_int_equal(s.optimizer.kind, k);
        mlp_spec_free(&s);
    }
#undef SPEC_FMT
}

static void spec_load_should_read_the_training_keys(void **state)
{
    (void)state;
    mlp_spec s;
    mlp_error err;
    assert_int_equal(mlp_spec_load(SPECS "optimizer_adam.json", &s, &err), MLP_OK);
    assert_int_equal(s.optimizer.kind, MLP_OPT_ADAM);
    assert_true(s.optimizer.beta1 == 0.8);
    assert_true(s.optimizer.beta2 == 0.99);
    assert_true(s.optimizer.epsilon == 1e-7);
    /* adam's own default learning rate, since the spec gives none */
    assert_true(s.optimizer.learning_rate == 0.001);
    assert_true(s.l2 == 0.001);
    assert_int_equal(s.patience, 25);
    assert_true(s.min_delta == 1e-4);
    assert_true(s.validation_split == 0.25);
    assert_null(s.validation_path);
    assert_int_equal(s.pos_early_stopping.line, 7);
    assert_int_equal(s.pos_early_stopping.col, 21);
    assert_int_equal(s.pos_validation_split.line, 10);
    assert_int_equal(s.pos_validation_split.col, 25);
    mlp_spec_free(&s);

    assert_int_equal(mlp_spec_load(SPECS "optimizer_irprop.json", &s, &err), MLP_OK);
    assert_int_equal(s.optimizer.kind, MLP_OPT_IRPROP_MINUS);
    assert_true(s.optimizer.increase == 1.1);
    assert_true(s.optimizer.decrease == 0.25);
    assert_true(s.optimizer.delta0 == 0.05);
    assert_true(s.optimizer.delta_min == 0);
    assert_true(s.optimizer.delta_max == 10);
    mlp_spec_free(&s);
}

static void spec_parse_should_default_unset_optimizer_settings(void **state)
{
    (void)state;
    mlp_spec s;
    mlp_error err;
    const char *text = "{" BASE ", \"learning_rate\": 0.3, "
                       "\"optimizer\": {\"name\": \"momentum\", \"nesterov\": true}, "
                       "\"data\": {\"train\": \"t.csv\"}}";
    assert_int_equal(parse_str(text, "t.json", &s, &err), MLP_OK);
    assert_int_equal(s.optimizer.kind, MLP_OPT_MOMENTUM);
    assert_true(s.optimizer.momentum == 0.9);
    assert_int_equal(s.optimizer.nesterov, 1);
    assert_true(s.optimizer.learning_rate == 0.3);
    mlp_spec_free(&s);

    text = "{" BASE ", \"optimizer\": {\"name\": \"irprop-\"}, \"data\": {\"train\": \"t.csv\"}}";
    assert_int_equal(parse_str(text, "t.json", &s, &err), MLP_OK);
    assert_true(s.optimizer.increase == 1.2);
    assert_true(s.optimizer.decrease == 0.5);
    assert_true(s.optimizer.delta0 == 0.1);
    assert_true(s.optimizer.delta_min == 1e-6);
    assert_true(s.optimizer.delta_max == 50);
    mlp_spec_free(&s);

    text = "{" BASE ", \"early_stopping\": {\"patience\": 3}, "
           "\"data\": {\"train\": \"t.csv\", \"validation\": \"v.csv\"}}";
    assert_int_equal(parse_str(text, "t.json", &s, &err), MLP_OK);
    assert_int_equal(s.patience, 3);
    assert_true(s.min_delta == 0);
    assert_int_equal(s.refit, 0);
    mlp_spec_free(&s);
}

static void spec_parse_should_read_refit(void **state)
{
    (void)state;
    mlp_spec s;
    mlp_error err;
    /* "true" starts at column 30 of line 2: 1 space, "early_stopping" (16), ": {" ... */
    const char *text = "{" BASE ",\n \"early_stopping\": {\"refit\": true, \"patience\": 3},\n"
                       "\"data\": {\"train\": \"t.csv\", \"validation_split\": 0.2}}";
    assert_int_equal(parse_str(text, "t.json", &s, &err), MLP_OK);
    assert_int_equal(s.refit, 1);
    assert_int_equal(s.patience, 3);
    assert_int_equal(s.pos_refit.line, 2);
    assert_int_equal(s.pos_refit.col, 30);
    assert_true(s.refit_scale == 1); /* the default: the early-stopped run's updates */
    mlp_spec_free(&s);
    text = "{" BASE ", \"early_stopping\": {\"refit\": true, \"patience\": 3, \"refit_scale\": 1.25}, "
           "\"data\": {\"train\": \"t.csv\", \"validation_split\": 0.2}}";
    assert_int_equal(parse_str(text, "t.json", &s, &err), MLP_OK);
    assert_true(s.refit_scale == 1.25);
    mlp_spec_free(&s);
    /* false is allowed with a validation file: there is nothing to refit */
    text = "{" BASE ", \"early_stopping\": {\"patience\": 3, \"refit\": false}, "
           "\"data\": {\"train\": \"t.csv\", \"validation\": \"v.csv\"}}";
    assert_int_equal(parse_str(text, "t.json", &s, &err), MLP_OK);
    assert_int_equal(s.refit, 0);
    mlp_spec_free(&s);
}

static void spec_parse_should_resolve_data_paths_against_the_spec_folder(void **state)
{
    (void)state;
    static const struct {
        const char *spec, *train, *train_path;
    } cases[] = {
        {"configs/moons.json", "data/moons.csv", "configs/data/moons.csv"},
        {"configs/moons.json", "../data/moons.csv", "configs/../data/moons.csv"},
        {"moons.json", "data/moons.csv", "data/moons.csv"},
        {"/etc/mlp/moons.json", "moons.csv", "/etc/mlp/moons.csv"},
        {"configs/moons.json", "/srv/moons.csv", "/srv/moons.csv"},
        /* written absolute under the spec's absolute folder: nothing put before it */
        {"/etc/mlp/moons.json", "/etc/mlp/moons.csv", "/etc/mlp/moons.csv"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char text[256];
        snprintf(text, sizeof text,
                 "{" BASE ", \"data\": {\"train\": \"%s\", \"validation\": \"v/%s\"}}", cases[k].train,
                 cases[k].train);
        mlp_spec s;
        mlp_error err;
        assert_int_equal(parse_str(text, cases[k].spec, &s, &err), MLP_OK);
        assert_string_equal(s.train_path, cases[k].train_path);
        /* The path as written is what follows the folder put before it. */
        assert_string_equal(s.train_path + s.train_folder_len, cases[k].train);
        assert_non_null(s.validation_path);
        char validation[80];
        snprintf(validation, sizeof validation, "v/%s", cases[k].train);
        assert_string_equal(s.validation_path + s.validation_folder_len, validation);
        mlp_spec_free(&s);
    }

    mlp_spec s;
    mlp_error err;
    assert_int_equal(parse_str("{" BASE ", \"data\": {\"train\": \"t.csv\", \"validation\": \"v.csv\"}}",
                               "a/b/spec.json", &s, &err),
                     MLP_OK);
    assert_string_equal(s.validation_path, "a/b/v.csv");
    mlp_spec_free(&s);
}

/* Reads spec->train_path (k 0) or validation_path (k 1), which must fail,
 * and returns the error as mlp_spec_data_error gives it. */
static mlp_error data_error_of(const mlp_spec *s, int k)
{
    char *buf = NULL;
    size_t len;
    mlp_error err;
    assert_int_equal(mlp_fileio_read_all(k ? s->validation_path : s->train_path, &buf, &len, &err),
                     MLP_ERR_IO);
    assert_int_equal(mlp_spec_data_error(s, &err), MLP_ERR_IO);
    return err;
}

/* A mistyped data path was told in the reader's words: the path as
 * resolved and no spec position ("configs/../data/xr.csv: cannot read: ...;
 * did you mean "configs/../data/xor.csv"?"), so the path suggested, written
 * into the spec, was resolved once more (configs/configs/../data/xor.csv).
 * mlp_spec_data_error says it at the key, with what to write there. */
static void spec_data_error_should_point_at_the_key_with_a_path_to_write(void **state)
{
    (void)state;
    char dir[] = "/tmp/mlp-test-spec-XXXXXX", cwd[4096], path[4200];
    assert_non_null(mkdtemp(dir));
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    assert_int_equal(mkdir("configs", 0755), 0);
    assert_int_equal(mkdir("data", 0755), 0);
    FILE *fp = fopen("data/xor.csv", "w");
    assert_non_null(fp);
    fputs("a,b,y\n0,0,0\n", fp);
    fclose(fp);
    char message[256];
    const char *enoent = strerror(ENOENT);

    mlp_spec s;
    mlp_error err;
    const char *text = "{" BASE ",\n \"data\": {\"train\": \"../data/xr.csv\",\n"
                       "  \"validation\": \"../data/nothing/v.csv\"}}";
    assert_int_equal(parse_str(text, "configs/x.json", &s, &err), MLP_OK);
    err = data_error_of(&s, 0);
    snprintf(message, sizeof message, "cannot read \"../data/xr.csv\" (configs/../data/xr.csv): %s",
             enoent);
    check_error("train", err.code, &err, MLP_ERR_IO, "configs/x.json", 2, 20, message,
                "did you mean \"../data/xor.csv\"?");
    err = data_error_of(&s, 1);
    snprintf(message, sizeof message,
             "cannot read \"../data/nothing/v.csv\" (configs/../data/nothing/v.csv): %s", enoent);
    check_error("validation", err.code, &err, MLP_ERR_IO, "configs/x.json", 3, 17, message,
                "check the path");
    mlp_spec_free(&s);

    /* The hint followed: the file is read. */
    assert_int_equal(parse_str("{" BASE ", \"data\": {\"train\": \"../data/xor.csv\"}}",
                               "configs/x.json", &s, &err), MLP_OK);
    char *buf = NULL;
    size_t len;
    assert_int_equal(mlp_fileio_read_all(s.train_path, &buf, &len, &err), MLP_OK);
    free(buf);
    mlp_spec_free(&s);

    /* A spec in the current folder: nothing to add to the path. */
    assert_int_equal(parse_str("{" BASE ", \"data\": {\"train\": \"data/xr.csv\"}}", "x.json", &s,
                               &err), MLP_OK);
    err = data_error_of(&s, 0);
    snprintf(message, sizeof message, "cannot read \"data/xr.csv\": %s", enoent);
    check_error("no folder", err.code, &err, MLP_ERR_IO, "x.json", 1,
                (long)strlen("{" BASE ", \"data\": {\"train\": ") + 1, message,
                "did you mean \"data/xor.csv\"?");

    /* Other errors are left as they are: another file's, one with a line,
     * one of another kind. */
    mlp_error other;
    mlp_error_set(&other, MLP_ERR_IO, "data/xr2.csv", 0, 0, "cannot read: %s", enoent);
    mlp_error_hint(&other, "check the path");
    mlp_error same = other;
    assert_int_equal(mlp_spec_data_error(&s, &same), MLP_ERR_IO);
    assert_memory_equal(&same, &other, sizeof other);
    mlp_error_set(&other, MLP_ERR_DATA, "data/xr.csv", 3, 2, "value \"x\" is not a number");
    same = other;
    assert_int_equal(mlp_spec_data_error(&s, &same), MLP_ERR_DATA);
    assert_memory_equal(&same, &other, sizeof other);
    mlp_spec_free(&s);

    assert_int_equal(chdir(cwd), 0);
    snprintf(path, sizeof path, "rm -rf -- '%s'", dir);
    assert_int_equal(system(path), 0);
}

static void spec_parse_should_name_outputs_after_the_spec(void **state)
{
    (void)state;
    static const struct {
        const char *spec, *weights, *loss;
    } cases[] = {
        {"configs/moons.json", "moons.weights.bin", "moons.loss.csv"},
        {"moons.json", "moons.weights.bin", "moons.loss.csv"},
        {"configs/moons", "moons.weights.bin", "moons.loss.csv"},
        {"a.b/run.v2.json", "run.v2.weights.bin", "run.v2.loss.csv"},
        {"x/spec.JSON", "spec.JSON.weights.bin", "spec.JSON.loss.csv"},
        {"configs/.json", ".json.weights.bin", ".json.loss.csv"},
        {"", "spec.weights.bin", "spec.loss.csv"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        mlp_spec s;
        mlp_error err;
        assert_int_equal(parse_str("{" BASE ", \"data\": {\"train\": \"t.csv\"}}", cases[k].spec, &s, &err),
                         MLP_OK);
        assert_string_equal(s.weights_path, cases[k].weights);
        assert_string_equal(s.loss_path, cases[k].loss);
        mlp_spec_free(&s);
    }

    /* A long name is not cut short. */
    char long_path[700], long_weights[700];
    memset(long_path, 'n', 600);
    strcpy(long_path + 600, ".json");
    memset(long_weights, 'n', 600);
    strcpy(long_weights + 600, ".weights.bin");
    mlp_spec ls;
    mlp_error lerr;
    assert_int_equal(parse_str("{" BASE ", \"data\": {\"train\": \"t.csv\"}}", long_path, &ls, &lerr), MLP_OK);
    assert_string_equal(ls.weights_path, long_weights);
    mlp_spec_free(&ls);

    /* Given outputs are kept as written, not resolved against the spec. */
    mlp_spec s;
    mlp_error err;
    assert_int_equal(parse_str("{" BASE ", \"data\": {\"train\": \"t.csv\"}, \"output\": {\"loss\": \"l/x.csv\"}}",
                               "configs/m.json", &s, &err),
                     MLP_OK);
    assert_string_equal(s.weights_path, "m.weights.bin");
    assert_string_equal(s.loss_path, "l/x.csv");
    mlp_spec_free(&s);
}

static void spec_parse_should_accept_a_single_target_string_and_a_bom(void **state)
{
    (void)state;
    mlp_spec s;
    mlp_error err;
    assert_int_equal(parse_str("\xEF\xBB\xBF{" BASE ", \"data\": {\"train\": \"t.csv\", \"targets\": \"label\"}}",
                               "s.json", &s, &err),
                     MLP_OK);
    assert_int_equal(s.n_targets, 1);
    assert_string_equal(s.targets[0], "label");
    /* The byte-order mark counts as 3 bytes of line 1. */
    assert_int_equal(s.pos_targets.line, 1);
    assert_int_equal(s.pos_targets.col, 3 + (long)strlen("{" BASE ", \"data\": {\"train\": \"t.csv\", \"targets\": ") + 1);
    mlp_spec_free(&s);

    /* Escapes in strings are decoded into the copy. */
    assert_int_equal(parse_str("{" BASE ", \"data\": {\"train\": \"t.csv\", \"targets\": [\"a\\\"b\", \"\\u00e9\"]}}",
                               "s.json", &s, &err),
                     MLP_OK);
    assert_string_equal(s.targets[0], "a\"b");
    assert_string_equal(s.targets[1], "\xC3\xA9");
    mlp_spec_free(&s);
}

/* "features" reads as "targets" does: a name, or an array of names kept in
 * their order, with the array's position for messages. */
static void spec_parse_should_read_the_feature_columns(void **state)
{
    (void)state;
    mlp_spec s;
    mlp_error err;
    const char *head = "{" BASE ", \"data\": {\"train\": \"t.csv\", \"features\": ";
    char text[512];
    snprintf(text, sizeof text, "%s[\"x2\", \"x1\"]}}", head);
    assert_int_equal(parse_str(text, "s.json", &s, &err), MLP_OK);
    assert_int_equal(s.n_features, 2);
    assert_string_equal(s.features[0], "x2");
    assert_string_equal(s.features[1], "x1");
    assert_null(s.targets);
    assert_int_equal(s.pos_features.line, 1);
    assert_int_equal(s.pos_features.col, (long)strlen(head) + 1);
    /* each name's own position, for an error about one of them */
    assert_non_null(s.pos_feature_names);
    assert_int_equal(s.pos_feature_names[0].line, 1);
    assert_int_equal(s.pos_feature_names[0].col, (long)strlen(head) + 2);
    assert_int_equal(s.pos_feature_names[1].col, (long)strlen(head) + 8);
    assert_null(s.pos_target_names);
    mlp_spec_free(&s);
    assert_true(is_zeroed(&s));

    snprintf(text, sizeof text, "%s\"x\",\n \"targets\": [\"a\", \"b\"]}}", head);
    assert_int_equal(parse_str(text, "s.json", &s, &err), MLP_OK);
    assert_int_equal(s.n_features, 1);
    assert_string_equal(s.features[0], "x");
    assert_int_equal(s.pos_feature_names[0].col, (long)strlen(head) + 1);
    assert_int_equal(s.pos_target_names[0].line, 2);
    assert_int_equal(s.pos_target_names[0].col, 14);
    assert_int_equal(s.pos_target_names[1].line, 2);
    assert_int_equal(s.pos_target_names[1].col, 19);
    mlp_spec_free(&s);
}

/* 30,000 feature names, one a line ("f0" on line 2): the list loads in
 * order, and with two repeats the first one in the list is reported, at
 * its own line and pointing at the earlier name. Each name used to be
 * compared with every earlier one (100,000 names: seconds); the names are
 * now found through a sorted index (names.h), and this keeps its answers. */
static char *many_features(size_t n, size_t dup_at, size_t dup_of, size_t dup2_at, size_t dup2_of)
{
    char *text = malloc(64 + n * 16);
    assert_non_null(text);
    size_t len = (size_t)sprintf(text, "{" BASE ", \"data\": {\"train\": \"t.csv\", \"features\": [\n");
    for (size_t k = 0; k < n; k++) {
        size_t name = k == dup_at ? dup_of : k == dup2_at ? dup2_of : k;
        len += (size_t)sprintf(text + len, "\"f%zu\"%s\n", name, k + 1 < n ? "," : "");
    }
    strcpy(text + len, "]}}");
    return text;
}

static void spec_parse_should_find_names_twice_among_many(void **state)
{
    (void)state;
    enum { N = 30000 };
    mlp_spec s;
    mlp_error err;
    char *text = many_features(N, SIZE_MAX, 0, SIZE_MAX, 0);
    mlp_status st0 = parse_str(text, "s.json", &s, &err);
    if (st0)
        fail_msg("%s (%s)", err.message, err.hint);
    assert_int_equal(s.n_features, N);
    assert_string_equal(s.features[0], "f0");
    assert_string_equal(s.features[12345], "f12345");
    assert_string_equal(s.features[N - 1], "f29999");
    assert_int_equal(s.pos_feature_names[N - 1].line, N + 1);
    mlp_spec_free(&s);
    free(text);

    /* "f7000" again at entry 20000 (line 20002), "f3" again at entry 25000 */
    text = many_features(N, 20000, 7000, 25000, 3);
    check_error("many names", parse_str(text, "s.json", &s, &err), &err, MLP_ERR_SPEC, "s.json",
                20002, 1, "column \"f7000\" is named twice in \"data.features\"",
                "remove one: the other is at line 7002, column 1");
    assert_true(is_zeroed(&s));
    free(text);
    /* the later-listed pair first in the list: "f3" again at entry 9000 */
    text = many_features(N, 20000, 7000, 9000, 3);
    check_error("many names, other order", parse_str(text, "s.json", &s, &err), &err,
                MLP_ERR_SPEC, "s.json", 9002, 1,
                "column \"f3\" is named twice in \"data.features\"",
                "remove one: the other is at line 5, column 1");
    free(text);
}

static void spec_builtin_xor_should_describe_the_xor_problem(void **state)
{
    (void)state;
    mlp_spec s;
    mlp_error err;
    assert_int_equal(mlp_spec_builtin_xor(&s, &err), MLP_OK);
    assert_string_equal(s.path, "<built-in xor>");
    assert_int_equal(s.n_layers, 2);
    assert_int_equal(s.sizes[0], 2);
    assert_int_equal(s.sizes[1], 4);
    assert_int_equal(s.sizes[2], 1);
    assert_int_equal(s.acts[0], MLP_ACT_TANH);
    assert_int_equal(s.acts[1], MLP_ACT_SIGMOID);
    assert_int_equal(s.loss, MLP_LOSS_BINARY_CROSS_ENTROPY);
    assert_true(s.optimizer.learning_rate == 0.5);
    assert_int_equal(s.epochs, 2000);
    assert_true(s.seed == 42);
    assert_int_equal(s.init, MLP_INIT_XAVIER);
    assert_null(s.train_path);
    assert_null(s.validation_path);
    assert_null(s.targets);
    assert_non_null(s.train_text);
    assert_string_equal(s.train_text, "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
    assert_ptr_equal(s.train_text, mlp_spec_builtin_xor_csv());
    assert_string_equal(s.weights_path, "xor.weights.bin");
    assert_string_equal(s.loss_path, "xor.loss.csv");
    mlp_spec_free(&s);
    assert_true(is_zeroed(&s));

    /* The same text as a file must name its training data. */
    const char *json = mlp_spec_builtin_xor_json();
    assert_int_equal(mlp_spec_parse(json, strlen(json), "xor.json", &s, &err), MLP_ERR_SPEC);
    assert_string_equal(err.message, "missing key \"data\"");
}

static void spec_free_should_accept_zeroed_and_freed_specs(void **state)
{
    (void)state;
    mlp_spec s;
    memset(&s, 0, sizeof s);
    mlp_spec_free(&s);
    mlp_spec_free(&s);
    mlp_spec_free(NULL);
    assert_true(is_zeroed(&s));
}

/* ------------------------------------------------------------------------ */
/* Bad spec fixtures: one file per wrong thing */

typedef struct {
    const char *file;
    long line, col;
    const char *message, *hint;
} bad_fixture;

static const bad_fixture bad_fixtures[] = {
    {"unknown_key.json", 5, 3, "unknown key \"learnig_rate\"", "did you mean \"learning_rate\"?"},
    {"unknown_nested_key.json", 7, 5, "unknown key \"normalise\" in \"data\"",
     "did you mean \"normalize\"?"},
    {"invalid_json.json", 6, 1, "invalid JSON: expected a key in double quotes, found \"}\"",
     "remove the comma before it: JSON allows no trailing comma"},
    {"top_level_array.json", 2, 3, "the spec must be a JSON object, not an array",
     "put the settings in one object: {\"layers\": [2, 4, 1], ...}"},
    {"duplicate_key.json", 7, 3, "duplicate key \"epochs\"",
     "keep one of the two: the other is at line 5, column 3"},
    {"wrong_type.json", 5, 13, "\"epochs\" must be an integer, not a string",
     "for example \"epochs\": 1000"},
    {"non_integral_size.json", 2, 17, "each size in \"layers\" must be a whole number, not \"2.5\"",
     "for example \"layers\": [2, 4, 1]"},
    {"size_zero.json", 2, 17, "each size in \"layers\" must be at least 1, not \"0\"",
     "for example \"layers\": [2, 4, 1]"},
    {"negative_size.json", 2, 17, "each size in \"layers\" must be at least 1, not \"-3\"",
     "for example \"layers\": [2, 4, 1]"},
    {"too_many_layers.json", 2, 13, "\"layers\" has 34 sizes, at most 33 are allowed",
     "a network has at most 32 weight layers"},
    {"activation_count.json", 3, 18, "\"activations\" has 2 names, but 4 layer sizes need 3",
     "give one activation per weight layer, from the first hidden layer to the output"},
    {"unknown_activation.json", 3, 27, "unknown activation \"sigmiod\"", "did you mean \"sigmoid\"?"},
    {"softmax_hidden.json", 3, 19, "\"softmax\" is only allowed on the output layer",
     "use an element-wise activation such as \"tanh\" or \"relu\" for hidden layer 1"},
    {"loss_mismatch.json", 4, 11, "loss \"cross_entropy\" cannot follow a \"sigmoid\" output layer",
     "cross_entropy needs a softmax output layer: for a sigmoid output use "
     "\"binary_cross_entropy\" or \"mse\""},
    {"lr_zero.json", 5, 20, "\"learning_rate\" must be greater than 0, not \"0\"",
     "for example \"learning_rate\": 0.1"},
    {"lr_negative.json", 5, 20, "\"learning_rate\" must be greater than 0, not \"-0.5\"",
     "for example \"learning_rate\": 0.1"},
    {"lr_inf.json", 5, 20, "\"learning_rate\" must be a finite number, not \"1e999\"",
     "for example \"learning_rate\": 0.1"},
    {"epochs_zero.json", 5, 13, "\"epochs\" must be at least 1, not \"0\"",
     "for example \"epochs\": 1000"},
    {"missing_layers.json", 1, 1, "missing key \"layers\"", "add it, for example \"layers\": [2, 4, 1]"},
    {"missing_train.json", 5, 11, "missing key \"train\" in \"data\"",
     "add it, for example \"train\": \"train.csv\""},
    {"optimizer_wrong_setting.json", 5, 54,
     "\"optimizer.beta1\" is a setting of \"adam\", not of \"momentum\"",
     "remove it, or use \"name\": \"adam\""},
    {"early_stopping_no_validation.json", 5, 21, "\"early_stopping\" needs a validation set",
     "add \"validation_split\": 0.2 (or a \"validation\" file) to \"data\""},
    {"refit_validation_file.json", 5, 47,
     "\"early_stopping.refit\" needs \"data.validation_split\", not a \"data.validation\" file",
     "the refit trains on the whole training file; hold the validation rows out of it with "
     "\"validation_split\", or remove \"refit\""},
    {"refit_scale_without_refit.json", 5, 53,
     "\"early_stopping.refit_scale\" needs \"refit\": true",
     "it scales the refit's epochs; add \"refit\": true, or remove \"refit_scale\""},
    {"validation_twice.json", 8, 25,
     "\"data.validation_split\" and \"data.validation\" cannot both be given",
     "keep one: a validation file, or a fraction of the training file"},
    {"irprop_learning_rate.json", 5, 20, "\"learning_rate\" is not used by optimizer \"irprop-\"",
     "remove it: irprop- adapts a step size per weight, starting at \"optimizer.delta0\""},
    {"empty.json", 1, 1, "the spec is empty",
     "write a JSON object such as {\"layers\": [2, 4, 1], ...} (see docs/spec.md)"},
};

static void spec_load_should_reject_bad_fixture(void **state)
{
    const bad_fixture *bf = *state;
    char path[1024];
    snprintf(path, sizeof path, "%s%s", SPECS, bf->file);
    mlp_spec s;
    memset(&s, 0xA5, sizeof s); /* must come back zeroed */
    mlp_error err;
    mlp_status st = mlp_spec_load(path, &s, &err);
    check_error(bf->file, st, &err, MLP_ERR_SPEC, path, bf->line, bf->col, bf->message, bf->hint);
    assert_true(is_zeroed(&s));
}

static void spec_load_should_report_missing_and_unreadable_files(void **state)
{
    (void)state;
    mlp_spec s;
    mlp_error err;
    char message[256];

    snprintf(message, sizeof message, "cannot read: %s", strerror(ENOENT));
    mlp_status st = mlp_spec_load(SPECS "no_such_spec.json", &s, &err);
    check_error("missing file", st, &err, MLP_ERR_IO, SPECS "no_such_spec.json", 0, 0, message,
                "check the path");
    assert_true(is_zeroed(&s));

    st = mlp_spec_load(MLP_FIXTURES "/specs", &s, &err);
    check_error("folder", st, &err, MLP_ERR_IO, MLP_FIXTURES "/specs", 0, 0, "is a folder",
                "give the path of a file");
    assert_true(is_zeroed(&s));
}

static void spec_load_should_report_a_file_without_read_permission(void **state)
{
    (void)state;
    if (geteuid() == 0)
        skip(); /* root reads any file */
    char dir[] = "/tmp/mlp-test-spec-XXXXXX", path[64], message[256];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/locked.json", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("{}", fp);
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(chmod(path, 0), 0);

    mlp_spec s;
    mlp_error err;
    mlp_status st = mlp_spec_load(path, &s, &err);
    remove(path);
    rmdir(dir);
    snprintf(message, sizeof message, "cannot read: %s", strerror(EACCES));
    check_error("no permission", st, &err, MLP_ERR_IO, path, 0, 0, message,
                "check the file's permissions");
}

/* ------------------------------------------------------------------------ */
/* More wrong things, in memory */

typedef struct {
    const char *name, *text;
    long line, col;
    const char *message, *hint;
} bad_text;

#define DATA ", \"data\": {\"train\": \"t.csv\"}"

static const bad_text bad_texts[] = {
    /* syntax */
    {"missing comma", "{\n  \"layers\": [2, 1]\n  \"loss\": \"mse\"\n}", 3, 3,
     "invalid JSON: expected \",\" or \"}\", found a string", "a comma may be missing before it"},
    {"mismatched bracket", "{\"layers\": [2, 1}", 1, 17, "invalid JSON: expected \",\" or \"]\", found \"}\"",
     "check that each \"[\" is closed by \"]\" and each \"{\" by \"}\""},
    {"missing colon", "{\"layers\" [2, 1]}", 1, 11, "invalid JSON: expected \":\", found \"[\"",
     "put a \":\" between each key and its value"},
    {"trailing comma in array", "{\"layers\": [2, 1, ]}", 1, 19,
     "invalid JSON: expected a value, found \"]\"",
     "remove the comma before it: JSON allows no trailing comma"},
    {"single quotes", "{'layers': [2, 1]}", 1, 2,
     "invalid JSON: expected a key in double quotes, found \"'\"",
     "use double quotes: JSON has no single-quoted strings"},
    {"comment", "// xor\n{}", 1, 1, "invalid JSON: expected a value, found \"/\"",
     "JSON has no comments; put notes in a \"description\" string"},
    /* The data file given as the spec. */
    {"CSV as the spec", "x1,x2,y\n0,0,0\n", 1, 1, "invalid JSON: expected a value, found \"x1\"",
     "this looks like CSV data, not a spec: the spec is a JSON object that names its data file, "
     "as in \"data\": {\"train\": \"data.csv\"}"},
    {"headerless CSV as the spec", "0.5,1,0\n", 1, 4,
     "invalid JSON: expected the end of the text, found \",\"",
     "this looks like CSV data, not a spec: the spec is a JSON object that names its data file, "
     "as in \"data\": {\"train\": \"data.csv\"}"},
    {"bad literal", "{\"layers\": tru}", 1, 12, "invalid JSON: expected a value, found \"tru\"",
     "a value is a number, a \"string\", true, false, null, [...] or {...}"},
    {"text ends early", "{\"layers\": [2, 1", 1, 17,
     "invalid JSON: expected \",\" or \"]\", found the end of the text",
     "the text ends early: check that every \"{\" and \"[\" is closed"},
    {"text after the object", "{} {}", 1, 4,
     "invalid JSON: expected the end of the text, found \"{\"",
     "the spec is one JSON object: remove what follows it"},
    {"unterminated string", "{\"loss\": \"mse}\n", 1, 10, "invalid JSON: unterminated string",
     "close it with a double quote on the same line"},
    {"tab in string", "{\"loss\": \"m\tse\"}", 1, 12,
     "invalid JSON: control character (byte 0x09) in a string",
     "write it as an escape such as \\u0009"},
    {"bad escape", "{\"loss\": \"\\q\"}", 1, 11, "invalid JSON: invalid escape \"\\q\"",
     "use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX"},
    {"bad unicode escape", "{\"loss\": \"\\u12G4\"}", 1, 11, "invalid JSON: invalid escape \"\\u12G4\"",
     "use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX"},
    {"NUL escape", "{\"loss\": \"a\\u0000\"}", 1, 12,
     "invalid JSON: \"\\u0000\" is not allowed in a spec", "remove the NUL character"},
    {"lone surrogate", "{\"loss\": \"\\ud800x\"}", 1, 11, "invalid JSON: unpaired surrogate \"\\ud800\"",
     "a \\uD800-\\uDBFF escape must be followed by a \\uDC00-\\uDFFF one"},
    {"leading zero", "{\"epochs\": 01}", 1, 12, "invalid JSON: invalid number \"01\"",
     "write numbers like 3, -0.5 or 1e-3"},
    {"bare minus", "{\"epochs\": -}", 1, 12, "invalid JSON: invalid number \"-\"",
     "write numbers like 3, -0.5 or 1e-3"},
    {"plus sign", "{\"epochs\": +1}", 1, 12, "invalid JSON: expected a value, found \"+1\"",
     "a value is a number, a \"string\", true, false, null, [...] or {...}"},
    {"number too long", "{\"learning_rate\": 0.1000000000000000000000000000000000000000000000000000000000000000}",
     1, 19,
     "invalid JSON: number \"0.10000000000000000000000000000000000000...\" is longer than 63 characters",
     "write it with fewer digits"},
    {"CRLF lines", "{\r\n  \"lr\": 1\r\n}", 2, 3, "unknown key \"lr\"",
     "did you mean \"learning_rate\"?"},
    {"only whitespace", " \n\t\r\n", 1, 1, "the spec is empty",
     "write a JSON object such as {\"layers\": [2, 4, 1], ...} (see docs/spec.md)"},
    {"top-level number", "42", 1, 1, "the spec must be a JSON object, not a number",
     "put the settings in one object: {\"layers\": [2, 4, 1], ...}"},

    /* types and ranges */
    {"layers as string", "{\"layers\": \"2,1\"}", 1, 12, "\"layers\" must be an array, not a string",
     "for example \"layers\": [2, 4, 1]"},
    {"one layer", "{\"layers\": [2]}", 1, 12, "\"layers\" needs at least 2 sizes (input and output), found 1",
     "for example \"layers\": [2, 4, 1]"},
    {"layer too wide", "{\"layers\": [2, 16777217]}", 1, 16,
     "each size in \"layers\" must be at most 16777216, not \"16777217\"",
     "for example \"layers\": [2, 4, 1]"},
    {"size as string", "{\"layers\": [2, \"4\"]}", 1, 16,
     "each size in \"layers\" must be an integer, not a string", "for example \"layers\": [2, 4, 1]"},
    /* Keras' form, one object per layer: rewritten as mlp's two arrays. */
    {"layers as Keras objects",
     "{\"layers\": [{\"units\": 16, \"activation\": \"relu\"}, {\"units\": 3, "
     "\"activation\": \"softmax\"}]}", 1, 13,
     "each size in \"layers\" must be an integer, not an object",
     "mlp takes the sizes and the activations as two arrays, and \"layers\" starts with the "
     "number of input columns: \"layers\": [inputs, 16, 3], \"activations\": [\"relu\", "
     "\"softmax\"]"},
    /* A first object without an activation is the input layer: its units
     * lead "layers" (the hint was the plain example). */
    {"layers as Keras objects after an input object",
     "{\"layers\": [{\"units\": 2}, {\"units\": 4, \"activation\": \"tanh\"}, {\"units\": 1, "
     "\"activation\": \"sigmoid\"}]}", 1, 13,
     "each size in \"layers\" must be an integer, not an object",
     "mlp takes the sizes and the activations as two arrays, and \"layers\" starts with the "
     "number of input columns: \"layers\": [2, 4, 1], \"activations\": [\"tanh\", \"sigmoid\"]"},
    {"layer objects without an activation", "{\"layers\": [2, {\"units\": 4}]}", 1, 16,
     "each size in \"layers\" must be an integer, not an object",
     "for example \"layers\": [2, 4, 1]"},
    {"size inf", "{\"layers\": [2, -1e400]}", 1, 16,
     "each size in \"layers\" must be a finite number, not \"-1e400\"",
     "for example \"layers\": [2, 4, 1]"},
    {"activations as string", "{\"activations\": \"tanh\"}", 1, 17,
     "\"activations\" must be an array, not a string",
     "for example \"activations\": [\"tanh\", \"sigmoid\"]"},
    {"activation as number", "{\"activations\": [1]}", 1, 18,
     "each entry of \"activations\" must be a string, not a number",
     "for example \"activations\": [\"tanh\", \"sigmoid\"]"},
    {"activation far off", "{\"activations\": [\"sinus\"]}", 1, 18, "unknown activation \"sinus\"",
     "use one of: sigmoid, tanh, relu, leaky_relu, linear, softmax, softplus"},
    /* Another tool's activation that mlp lacks: not "did you mean relu". */
    {"activation mlp lacks", "{\"activations\": [\"GELU\"]}", 1, 18, "unknown activation \"GELU\"",
     "mlp has no gelu activation; use one of: sigmoid, tanh, relu, leaky_relu, linear, softmax, "
     "softplus"},
    {"activation case", "{\"activations\": [\"Tanh\"]}", 1, 18, "unknown activation \"Tanh\"",
     "did you mean \"tanh\"? names are written in lower case"},
    /* ReLU is 3 edits from relu: too far for spelling, caught by case. */
    {"activation case, far", "{\"activations\": [\"ReLU\"]}", 1, 18, "unknown activation \"ReLU\"",
     "did you mean \"relu\"? names are written in lower case"},
    /* Other tools' names. */
    {"activation of scikit-learn", "{\"activations\": [\"identity\"]}", 1, 18,
     "unknown activation \"identity\"",
     "did you mean \"linear\"? (its name in mlp; scikit-learn: \"identity\")"},
    {"loss of Keras", "{\"loss\": \"categorical_crossentropy\"}", 1, 10,
     "unknown loss \"categorical_crossentropy\"",
     "did you mean \"cross_entropy\"? (its name in mlp; Keras: \"categorical_crossentropy\")"},
    {"loss of PyTorch", "{\"loss\": \"MSELoss\"}", 1, 10, "unknown loss \"MSELoss\"",
     "did you mean \"mse\"? (its name in mlp; PyTorch: \"MSELoss\")"},
    {"init of Keras", "{\"init\": \"glorot_uniform\"}", 1, 10, "unknown init \"glorot_uniform\"",
     "did you mean \"xavier\"? (its name in mlp; Keras: \"glorot_uniform\")"},
    {"normalize of scikit-learn", "{\"data\": {\"normalize\": \"StandardScaler\"}}", 1, 24,
     "unknown normalization \"StandardScaler\"",
     "did you mean \"standard\"? (its name in mlp; scikit-learn: \"StandardScaler\")"},
    {"normalize mlp lacks", "{\"data\": {\"normalize\": \"minmax\"}}", 1, 24,
     "unknown normalization \"minmax\"", "mlp has no minmax normalization; use one of: none, standard"},
    {"optimizer SGD", "{\"optimizer\": {\"name\": \"SGD\"}}", 1, 24, "unknown optimizer \"SGD\"",
     "did you mean \"gd\"? (its name in mlp; Keras, PyTorch and scikit-learn: \"sgd\")"},
    {"loss typo", "{\"loss\": \"mes\"}", 1, 10, "unknown loss \"mes\"", "did you mean \"mse\"?"},
    /* Control bytes in a quoted name are written \xNN, as docs/exit-codes.md says (they
     * were '?': "sig?[31mmoid"); the tab stays. */
    {"ESC in an activation", "{\"activations\": [\"sig\\u001b[31mmoid\"]}", 1, 18,
     "unknown activation \"sig\\x1b[31mmoid\"",
     "use one of: sigmoid, tanh, relu, leaky_relu, linear, softmax, softplus"},
    {"CR in a key", "{\"lo\\rs\": 1}", 1, 2, "unknown key \"lo\\x0ds\"", "did you mean \"loss\"?"},
    {"DEL in a loss", "{\"loss\": \"ms\\u007fe\"}", 1, 10, "unknown loss \"ms\\x7fe\"",
     "did you mean \"mse\"?"},
    {"tab in a loss", "{\"loss\": \"m\\tse\"}", 1, 10, "unknown loss \"m\tse\"", "did you mean \"mse\"?"},
    {"bce on tanh", "{\"layers\": [2, 1], \"activations\": [\"tanh\"], \"loss\": \"binary_cross_entropy\"" DATA "}",
     1, 53, "loss \"binary_cross_entropy\" cannot follow a \"tanh\" output layer",
     "binary_cross_entropy needs a sigmoid output layer: make the last entry of \"activations\" "
     "\"sigmoid\" for probabilities, or keep the tanh output with \"mse\""},
    {"ce on tanh", "{\"layers\": [2, 2], \"activations\": [\"tanh\"], \"loss\": \"cross_entropy\"" DATA "}",
     1, 53, "loss \"cross_entropy\" cannot follow a \"tanh\" output layer",
     "cross_entropy needs a softmax output layer: make the last entry of \"activations\" "
     "\"softmax\" for probabilities, or keep the tanh output with \"mse\""},
    {"ce on 1 linear unit", "{\"layers\": [2, 1], \"activations\": [\"linear\"], \"loss\": \"cross_entropy\"" DATA "}",
     1, 55, "loss \"cross_entropy\" cannot follow a \"linear\" output layer",
     "cross_entropy needs a softmax output layer: make the last entry of \"activations\" "
     "\"sigmoid\" with \"loss\": \"binary_cross_entropy\" for a probability from 1 output unit, "
     "or keep the linear output with \"mse\""},
    {"ce on sigmoid", "{\"layers\": [2, 1], \"activations\": [\"sigmoid\"], \"loss\": \"cross_entropy\"" DATA "}",
     1, 56, "loss \"cross_entropy\" cannot follow a \"sigmoid\" output layer",
     "cross_entropy needs a softmax output layer: for a sigmoid output use \"binary_cross_entropy\" or \"mse\""},
    /* Several sigmoid units: binary_cross_entropy, named first, trained on a
     * label column silently as 3 yes/no units (p_0..p_2 not summing to 1);
     * cross_entropy asks for one class per row, the softmax. The sigmoid's
     * own loss is for multi-label 0/1 targets; "mse" fits values in its
     * range, [0, 1], as the shipped configs/proben1/building.json and
     * robot.json do with 3 sigmoid units (the hint said "mse" only for
     * multi-label targets). */
    {"ce on 3 sigmoid units", "{\"layers\": [2, 3], \"activations\": [\"sigmoid\"], \"loss\": \"cross_entropy\"" DATA "}",
     1, 56, "loss \"cross_entropy\" cannot follow a \"sigmoid\" output layer",
     "cross_entropy needs a softmax output layer: make the last entry of \"activations\" "
     "\"softmax\" for one class per row (3 probabilities that sum to 1); keep the sigmoid output "
     "with \"binary_cross_entropy\" for multi-label targets (3 target columns of 0/1, several of "
     "which may be 1 in a row), or with \"mse\" for targets in [0, 1]"},
    {"no activations", "{\"layers\": [2, 1], \"activations\": [], \"loss\": \"mse\"" DATA "}", 1, 35,
     "\"activations\" has 0 names, but 2 layer sizes need 1",
     "give one activation per weight layer, from the first hidden layer to the output"},
    {"epochs as bool", "{\"epochs\": true}", 1, 12, "\"epochs\" must be an integer, not a boolean",
     "for example \"epochs\": 1000"},
    {"epochs as null", "{\"epochs\": null}", 1, 12, "\"epochs\" must be an integer, not null",
     "for example \"epochs\": 1000"},
    {"epochs fraction", "{\"epochs\": 1e-1}", 1, 12, "\"epochs\" must be a whole number, not \"1e-1\"",
     "for example \"epochs\": 1000"},
    {"lr as string", "{\"learning_rate\": \"0.1\"}", 1, 19,
     "\"learning_rate\" must be a number, not a string", "for example \"learning_rate\": 0.1"},
    {"seed negative", "{\"seed\": -1}", 1, 10, "\"seed\" must be at least 0, not \"-1\"",
     "for example \"seed\": 42"},
    {"seed too big", "{\"seed\": 1e16}", 1, 10, "\"seed\" must be at most 9007199254740992, not \"1e16\"",
     "for example \"seed\": 42"},
    /* 2^53 + 1 rounds to 2^53 as a double: refused, not silently changed
     * (as --seed refuses it). */
    {"seed 2^53 + 1", "{\"seed\": 9007199254740993}", 1, 10,
     "\"seed\" must be at most 9007199254740992, not \"9007199254740993\"",
     "for example \"seed\": 42"},
    {"epochs 2^53 + 1 in exponent form", "{\"epochs\": 9.007199254740993e15}", 1, 12,
     "\"epochs\" must be at most 9007199254740992, not \"9.007199254740993e15\"",
     "for example \"epochs\": 1000"},
    /* A fraction finer than a double holds rounds away in the double: it
     * is refused from the text as written (as --seed refuses it), and a
     * number below the smallest double, which rounds to 0, likewise. */
    {"size with a fine fraction", "{\"layers\": [2, 4.0000000000000001, 1]}", 1, 16,
     "each size in \"layers\" must be a whole number, not \"4.0000000000000001\"",
     "for example \"layers\": [2, 4, 1]"},
    {"seed with a fine fraction", "{\"seed\": 7.0000000000000001}", 1, 10,
     "\"seed\" must be a whole number, not \"7.0000000000000001\"", "for example \"seed\": 42"},
    {"epochs with a fine fraction", "{\"epochs\": 1000.00000000000001}", 1, 12,
     "\"epochs\" must be a whole number, not \"1000.00000000000001\"",
     "for example \"epochs\": 1000"},
    {"epochs a half above 2^52", "{\"epochs\": 4503599627370496.5}", 1, 12,
     "\"epochs\" must be a whole number, not \"4503599627370496.5\"",
     "for example \"epochs\": 1000"},
    {"epochs a fraction in exponent form", "{\"epochs\": 10000000000000000001e-19}", 1, 12,
     "\"epochs\" must be a whole number, not \"10000000000000000001e-19\"",
     "for example \"epochs\": 1000"},
    {"seed below the smallest double", "{\"seed\": 1e-400}", 1, 10,
     "\"seed\" must be a whole number, not \"1e-400\"", "for example \"seed\": 42"},
    /* A real that a double holds as 0 is said, not taken as 0 (it was). */
    {"l2 below the smallest double", "{\"l2\": 1e-400}", 1, 8,
     "\"l2\" is \"1e-400\", too small for a double, which holds it as 0",
     "write 0, or a number of at least 5e-324, the smallest double above 0"},
    {"learning_rate below the smallest double", "{\"learning_rate\": 2.5e-999}", 1, 19,
     "\"learning_rate\" is \"2.5e-999\", too small for a double, which holds it as 0",
     "\"learning_rate\" must be greater than 0: write a number of at least 5e-324, the smallest "
     "double above 0"},
    {"init typo", "{\"init\": \"xavir\"}", 1, 10, "unknown init \"xavir\"", "did you mean \"xavier\"?"},
    {"description as number", "{\"description\": 3}", 1, 17,
     "\"description\" must be a string, not a number",
     "for example \"description\": \"what this network is for\""},
    {"data as string", "{\"data\": \"t.csv\"}", 1, 10, "\"data\" must be an object, not a string",
     "for example \"data\": {\"train\": \"train.csv\"}"},
    {"train empty", "{\"data\": {\"train\": \"\"}}", 1, 20, "\"data.train\" must not be empty",
     "for example \"train\": \"train.csv\""},
    {"validation as array", "{\"data\": {\"validation\": []}}", 1, 25,
     "\"data.validation\" must be a string, not an array",
     "for example \"validation\": \"validation.csv\""},
    {"targets as number", "{\"data\": {\"targets\": 3}}", 1, 22,
     "\"data.targets\" must be a string or an array of strings, not a number",
     "for example \"targets\": [\"y\"]"},
    {"targets empty", "{\"data\": {\"targets\": []}}", 1, 22, "\"data.targets\" must name at least one column",
     "for example \"targets\": [\"y\"]"},
    {"target empty", "{\"data\": {\"targets\": [\"y\", \"\"]}}", 1, 28,
     "each entry of \"data.targets\" must not be empty", "for example \"targets\": [\"y\"]"},
    {"target twice", "{\"data\": {\"targets\": [\"y\", \"z\", \"y\"]}}", 1, 33,
     "column \"y\" is named twice in \"data.targets\"", "remove one: the other is at line 1, column 23"},
    {"features as number", "{\"data\": {\"features\": 3}}", 1, 23,
     "\"data.features\" must be a string or an array of strings, not a number",
     "for example \"features\": [\"x1\", \"x2\"]"},
    {"features empty", "{\"data\": {\"features\": []}}", 1, 23,
     "\"data.features\" must name at least one column",
     "for example \"features\": [\"x1\", \"x2\"]"},
    {"feature empty", "{\"data\": {\"features\": [\"x\", \"\"]}}", 1, 29,
     "each entry of \"data.features\" must not be empty",
     "for example \"features\": [\"x1\", \"x2\"]"},
    {"feature twice", "{\"data\": {\"features\": [\"x\", \"z\", \"x\"]}}", 1, 34,
     "column \"x\" is named twice in \"data.features\"",
     "remove one: the other is at line 1, column 24"},
    /* Found through a sorted index since 100,000 names took seconds: the
     * name reported is still the first one a reader finds named twice, and
     * an error before it in the list still comes first. */
    {"features nested twice", "{\"data\": {\"features\": [\"a\", \"b\", \"c\", \"b\", \"a\"]}}", 1, 39,
     "column \"b\" is named twice in \"data.features\"",
     "remove one: the other is at line 1, column 29"},
    {"features crossed twice", "{\"data\": {\"features\": [\"a\", \"b\", \"a\", \"b\"]}}", 1, 34,
     "column \"a\" is named twice in \"data.features\"",
     "remove one: the other is at line 1, column 24"},
    {"feature empty before a repeat", "{\"data\": {\"features\": [\"x\", \"\", \"x\"]}}", 1, 29,
     "each entry of \"data.features\" must not be empty",
     "for example \"features\": [\"x1\", \"x2\"]"},
    {"feature number before a repeat", "{\"data\": {\"features\": [\"x\", 2, \"x\"]}}", 1, 29,
     "each entry of \"data.features\" must be a string, not a number",
     "for example \"features\": [\"x1\", \"x2\"]"},
    {"feature not a string", "{\"data\": {\"features\": [\"x\", 2]}}", 1, 29,
     "each entry of \"data.features\" must be a string, not a number",
     "for example \"features\": [\"x1\", \"x2\"]"},
    {"normalize unknown", "{\"data\": {\"normalize\": \"unit\"}}", 1, 24,
     "unknown normalization \"unit\"", "use one of: none, standard"},
    {"normalize of scipy", "{\"data\": {\"normalize\": \"zscore\"}}", 1, 24,
     "unknown normalization \"zscore\"",
     "did you mean \"standard\"? (its name in mlp; scipy: \"zscore\")"},
    {"duplicate in data", "{\"data\": {\"train\": \"a\", \"train\": \"b\"}}", 1, 25,
     "duplicate key \"train\" in \"data\"", "keep one of the two: the other is at line 1, column 11"},
    {"output key typo", "{\"output\": {\"weight\": \"w.bin\"}}", 1, 13, "unknown key \"weight\" in \"output\"",
     "did you mean \"weights\"?"},
    {"output unknown far", "{\"output\": {\"model\": \"w.bin\"}}", 1, 13, "unknown key \"model\" in \"output\"",
     "known keys: weights, loss"},
    /* A key of another object, as other tools nest them: where it belongs. */
    {"train at the top", "{\"train\": \"a.csv\"}", 1, 2, "unknown key \"train\"",
     "\"train\" belongs inside \"data\", as in \"data\": {\"train\": \"train.csv\"}"},
    {"rate in optimizer", "{\"optimizer\": {\"name\": \"adam\", \"learning_rate\": 0.01}}", 1, 32,
     "unknown key \"learning_rate\" in \"optimizer\"",
     "\"learning_rate\" belongs at the top level of the spec, as in \"learning_rate\": 0.1"},
    {"patience at the top", "{\"patience\": 10}", 1, 2, "unknown key \"patience\"",
     "\"patience\" belongs inside \"early_stopping\", as in \"early_stopping\": {\"patience\": 100}"},
    {"epochs in data", "{\"data\": {\"epochs\": 5}}", 1, 11, "unknown key \"epochs\" in \"data\"",
     "\"epochs\" belongs at the top level of the spec, as in \"epochs\": 1000"},
    {"name at the top", "{\"name\": \"x\"}", 1, 2, "unknown key \"name\"",
     "known keys: layers, activations, loss, learning_rate, epochs, seed, init, description, data, "
     "output, optimizer, l2, early_stopping, batch_size, shuffle, schedule"},
    {"output weights number", "{\"output\": {\"weights\": 1}}", 1, 24,
     "\"output.weights\" must be a string, not a number",
     "for example \"weights\": \"model.weights.bin\""},
    {"output as array", "{\"output\": []}", 1, 12, "\"output\" must be an object, not an array",
     "for example \"output\": {\"weights\": \"model.weights.bin\", \"loss\": \"model.loss.csv\"}"},
    {"missing data", "{\"layers\": [2, 1], \"activations\": [\"sigmoid\"], \"loss\": \"mse\"}", 1, 1,
     "missing key \"data\"", "add it, for example \"data\": {\"train\": \"train.csv\"}"},
    {"missing loss", "  {\"layers\": [2, 1], \"activations\": [\"sigmoid\"]" DATA "}", 1, 3,
     "missing key \"loss\"", "add it, for example \"loss\": \"mse\""},
    /* optimizer, l2, early stopping, validation split */
    {"optimizer as string", "{\"optimizer\": \"Adam\"}", 1, 15,
     "\"optimizer\" must be an object, not a string",
     "write the name inside one: \"optimizer\": {\"name\": \"adam\"}"},
    {"optimizer as string, unknown", "{\"optimizer\": \"lbfgs\"}", 1, 15,
     "\"optimizer\" must be an object, not a string",
     "write the name inside one, for example \"optimizer\": {\"name\": \"adam\"}; the names are: "
     "gd, momentum, adam, irprop-"},
    {"schedule as string", "{\"schedule\": \"cosine\"}", 1, 14,
     "\"schedule\" must be an object, not a string",
     "write the name inside one: \"schedule\": {\"name\": \"cosine\"}"},
    {"optimizer as number", "{\"optimizer\": 1}", 1, 15,
     "\"optimizer\" must be an object, not a number", "for example \"optimizer\": {\"name\": \"adam\"}"},
    /* A missing name with settings given: the one whose settings they are
     * ("adam" here led to "\"optimizer.momentum\" is a setting of
     * \"momentum\", not of \"adam\""; step's "every" was told "cosine"). */
    {"optimizer without name", "{\"optimizer\": {\"momentum\": 0.5}}", 1, 15,
     "missing key \"name\" in \"optimizer\"",
     "add it: \"name\": \"momentum\" (the optimizer whose settings are given)"},
    {"optimizer without name, settings of two", "{\"optimizer\": {\"beta1\": 0.5, \"nesterov\": true}}",
     1, 15, "missing key \"name\" in \"optimizer\"",
     "add it: \"name\": \"adam\" (the optimizer of the settings given first), and remove "
     "\"nesterov\", a setting of \"momentum\""},
    {"optimizer without name or settings", "{\"optimizer\": {}}", 1, 15,
     "missing key \"name\" in \"optimizer\"", "add it, for example \"name\": \"adam\""},
    {"schedule without name, every", "{\"schedule\": {\"every\": 100}}", 1, 14,
     "missing key \"name\" in \"schedule\"",
     "add it: \"name\": \"step\" (the schedule whose settings are given)"},
    {"schedule without name, factor", "{\"schedule\": {\"warmup\": 2, \"factor\": 0.5}}", 1, 14,
     "missing key \"name\" in \"schedule\"",
     "add it: \"name\": \"step\" (the schedule whose settings are given), with \"every\": 100, "
     "which step needs"},
    {"schedule without name, min_factor", "{\"schedule\": {\"min_factor\": 0.1}}", 1, 14,
     "missing key \"name\" in \"schedule\"",
     "add it: \"name\": \"cosine\" (the schedule whose settings are given)"},
    {"schedule without name, warmup", "{\"schedule\": {\"warmup\": 5}}", 1, 14,
     "missing key \"name\" in \"schedule\"", "add it, for example \"name\": \"cosine\""},
    /* A setting of another object is shown with what it needs there. */
    {"momentum at the top", "{\"momentum\": 0.9}", 1, 2, "unknown key \"momentum\"",
     "\"momentum\" belongs inside \"optimizer\", as in \"optimizer\": {\"name\": \"momentum\", "
     "\"momentum\": 0.9}"},
    {"every at the top", "{\"every\": 10}", 1, 2, "unknown key \"every\"",
     "\"every\" belongs inside \"schedule\", as in \"schedule\": {\"name\": \"step\", \"every\": 100}"},
    {"factor in optimizer", "{\"optimizer\": {\"name\": \"gd\", \"factor\": 0.5}}", 1, 30,
     "unknown key \"factor\" in \"optimizer\"",
     "\"factor\" belongs inside \"schedule\", as in \"schedule\": {\"name\": \"step\", \"every\": 100, "
     "\"factor\": 0.5}"},
    {"warmup at the top", "{\"warmup\": 5}", 1, 2, "unknown key \"warmup\"",
     "\"warmup\" belongs inside \"schedule\", as in \"schedule\": {\"name\": \"cosine\", \"warmup\": 5}"},
    {"min_delta at the top", "{\"min_delta\": 0.1}", 1, 2, "unknown key \"min_delta\"",
     "\"min_delta\" belongs inside \"early_stopping\", as in \"early_stopping\": {\"patience\": 100, "
     "\"min_delta\": 0}"},
    {"refit_scale at the top", "{\"refit_scale\": 1.25}", 1, 2, "unknown key \"refit_scale\"",
     "\"refit_scale\" belongs inside \"early_stopping\", as in \"early_stopping\": {\"patience\": "
     "100, \"refit\": true, \"refit_scale\": 1.25}"},
    {"optimizer typo", "{\"optimizer\": {\"name\": \"adan\"}}", 1, 24, "unknown optimizer \"adan\"",
     "did you mean \"adam\"?"},
    {"optimizer unknown", "{\"optimizer\": {\"name\": \"lbfgs\"}}", 1, 24,
     "unknown optimizer \"lbfgs\"", "use one of: gd, momentum, adam, irprop-"},
    {"optimizer rprop", "{\"optimizer\": {\"name\": \"irprop\"}}", 1, 24, "unknown optimizer \"irprop\"",
     "did you mean \"irprop-\"?"},
    {"optimizer key typo", "{\"optimizer\": {\"name\": \"adam\", \"beta_1\": 0.9}}", 1, 32,
     "unknown key \"beta_1\" in \"optimizer\"", "did you mean \"beta1\"?"},
    {"optimizer setting of gd", "{\"optimizer\": {\"name\": \"gd\", \"momentum\": 0.9}}", 1, 30,
     "\"optimizer.momentum\" is a setting of \"momentum\", not of \"gd\"",
     "remove it, or use \"name\": \"momentum\""},
    {"momentum one", "{\"optimizer\": {\"name\": \"momentum\", \"momentum\": 1}}", 1, 48,
     "\"optimizer.momentum\" must be at least 0 and less than 1, not \"1\"",
     "for example \"momentum\": 0.9"},
    {"nesterov as number", "{\"optimizer\": {\"name\": \"momentum\", \"nesterov\": 1}}", 1, 48,
     "\"optimizer.nesterov\" must be true or false, not a number", "for example \"nesterov\": true"},
    {"beta2 negative", "{\"optimizer\": {\"name\": \"adam\", \"beta2\": -0.1}}", 1, 41,
     "\"optimizer.beta2\" must be at least 0 and less than 1, not \"-0.1\"",
     "for example \"beta2\": 0.999"},
    {"epsilon zero", "{\"optimizer\": {\"name\": \"adam\", \"epsilon\": 0}}", 1, 43,
     "\"optimizer.epsilon\" must be greater than 0, not \"0\"", "for example \"epsilon\": 1e-8"},
    {"increase one", "{\"optimizer\": {\"name\": \"irprop-\", \"increase\": 1}}", 1, 47,
     "\"optimizer.increase\" must be greater than 1, not \"1\"", "for example \"increase\": 1.2"},
    {"decrease one", "{\"optimizer\": {\"name\": \"irprop-\", \"decrease\": 1.0}}", 1, 47,
     "\"optimizer.decrease\" must be greater than 0 and less than 1, not \"1.0\"",
     "for example \"decrease\": 0.5"},
    {"delta_max below delta_min", "{\"optimizer\": {\"name\": \"irprop-\", \"delta_min\": 2, \"delta_max\": 1}}",
     1, 64, "\"optimizer.delta_max\" (1) must be greater than \"optimizer.delta_min\" (2)",
     "lower \"delta_min\" or raise \"delta_max\", with \"delta0\" (0.1, the default) between them, "
     "as in \"delta_min\": 1e-06, \"delta_max\": 50"},
    /* The pair in conflict, the later given, and an example that holds delta0. */
    {"delta_max below delta_min, given first",
     "{\"optimizer\": {\"name\": \"irprop-\", \"delta_max\": 1, \"delta0\": 80, \"delta_min\": 2}}", 1, 78,
     "\"optimizer.delta_max\" (1) must be greater than \"optimizer.delta_min\" (2)",
     "lower \"delta_min\" or raise \"delta_max\", with \"delta0\" (80) between them, "
     "as in \"delta_min\": 1e-06, \"delta_max\": 80"},
    {"delta_min above the default delta_max", "{\"optimizer\": {\"name\": \"irprop-\", \"delta_min\": 60}}",
     1, 48, "\"optimizer.delta_max\" (50, the default) must be greater than \"optimizer.delta_min\" (60)",
     "lower \"delta_min\" or raise \"delta_max\", with \"delta0\" (0.1, the default) between them, "
     "as in \"delta_min\": 1e-06, \"delta_max\": 50"},
    {"delta0 above delta_max", "{\"optimizer\": {\"name\": \"irprop-\", \"delta0\": 5, \"delta_max\": 1}}",
     1, 45, "\"optimizer.delta0\" (5) must lie within \"delta_min\" and \"delta_max\" (1e-06 to 1)",
     "set \"delta0\" within 1e-06 to 1, or raise \"delta_max\" to at least 5"},
    /* The default delta0 below a given delta_min: the error sat at delta_max
     * (col 64), which was fine, and the hint named only the default. */
    {"default delta0 below delta_min",
     "{\"optimizer\": {\"name\": \"irprop-\", \"delta_min\": 0.2, \"delta_max\": 10}}", 1, 48,
     "\"optimizer.delta_min\" (0.2) is above \"delta0\" (0.1, the default), the first step size, which "
     "must lie within \"delta_min\" and \"delta_max\" (0.2 to 10)",
     "set \"delta0\" within 0.2 to 10, or lower \"delta_min\" to at most 0.1"},
    {"default delta0 above delta_max",
     "{\"optimizer\": {\"name\": \"irprop-\", \"delta_max\": 0.05, \"delta_min\": 0}}", 1, 48,
     "\"optimizer.delta_max\" (0.05) is below \"delta0\" (0.1, the default), the first step size, "
     "which must lie within \"delta_min\" and \"delta_max\" (0 to 0.05)",
     "set \"delta0\" within 0 to 0.05, or raise \"delta_max\" to at least 0.1"},
    {"l2 negative", "{\"l2\": -1e-3}", 1, 8, "\"l2\" must be at least 0, not \"-1e-3\"",
     "for example \"l2\": 0.0001"},
    {"l2 as string", "{\"l2\": \"0.1\"}", 1, 8, "\"l2\" must be a number, not a string",
     "for example \"l2\": 0.0001"},
    {"weight_decay alias", "{\"weight_decay\": 0.1}", 1, 2, "unknown key \"weight_decay\"",
     "did you mean \"l2\"? (PyTorch's weight_decay w is \"l2\" w, as with SGD or Adam; AdamW's "
     "decoupled decay mlp does not have)"},
    /* Another tool's name for a key of another object, as that tool nests
     * it (PyTorch's optimizer holds lr and weight_decay; scikit-learn has
     * validation_fraction beside the rest): mlp's name and where it goes,
     * not the list of known keys. */
    {"lr in optimizer", "{\"optimizer\": {\"name\": \"adam\", \"lr\": 0.1}}", 1, 32,
     "unknown key \"lr\" in \"optimizer\"",
     "\"lr\" is mlp's \"learning_rate\", which belongs at the top level of the spec, as in "
     "\"learning_rate\": 0.1"},
    {"weight_decay in optimizer", "{\"optimizer\": {\"name\": \"adam\", \"weight_decay\": 0.1}}", 1,
     32, "unknown key \"weight_decay\" in \"optimizer\"",
     "\"weight_decay\" is mlp's \"l2\", which belongs at the top level of the spec, as in "
     "\"l2\": 0.0001 (PyTorch's weight_decay w is \"l2\" w, as with SGD or Adam; AdamW's "
     "decoupled decay mlp does not have)"},
    {"validation_fraction at the top", "{\"validation_fraction\": 0.2}", 1, 2,
     "unknown key \"validation_fraction\"",
     "\"validation_fraction\" is mlp's \"validation_split\", which belongs inside \"data\", as in "
     "\"data\": {\"validation_split\": 0.2}"},
    {"validation_fraction in data", "{\"data\": {\"validation_fraction\": 0.2}}", 1, 11,
     "unknown key \"validation_fraction\" in \"data\"", "did you mean \"validation_split\"?"},
    {"early stopping as number", "{\"early_stopping\": 10}", 1, 20,
     "\"early_stopping\" must be an object, not a number",
     "for example \"early_stopping\": {\"patience\": 100}"},
    {"early stopping without patience", "{\"early_stopping\": {\"min_delta\": 0.1}}", 1, 20,
     "missing key \"patience\" in \"early_stopping\"", "add it, for example \"patience\": 100"},
    {"patience zero", "{\"early_stopping\": {\"patience\": 0}}", 1, 33,
     "\"early_stopping.patience\" must be at least 1, not \"0\"", "for example \"patience\": 100"},
    {"patience fraction", "{\"early_stopping\": {\"patience\": 2.5}}", 1, 33,
     "\"early_stopping.patience\" must be a whole number, not \"2.5\"", "for example \"patience\": 100"},
    {"min_delta negative", "{\"early_stopping\": {\"patience\": 5, \"min_delta\": -1}}", 1, 49,
     "\"early_stopping.min_delta\" must be at least 0, not \"-1\"", "for example \"min_delta\": 0"},
    {"early stopping key typo", "{\"early_stopping\": {\"patient\": 5}}", 1, 21,
     "unknown key \"patient\" in \"early_stopping\"", "did you mean \"patience\"?"},
    {"refit as number", "{\"early_stopping\": {\"patience\": 5, \"refit\": 1}}", 1, 45,
     "\"early_stopping.refit\" must be true or false, not a number", "for example \"refit\": true"},
    {"refit as string", "{\"early_stopping\": {\"patience\": 5, \"refit\": \"yes\"}}", 1, 45,
     "\"early_stopping.refit\" must be true or false, not a string", "for example \"refit\": true"},
    {"refit_scale below 1", "{\"early_stopping\": {\"patience\": 5, \"refit_scale\": 0.8}}", 1, 51,
     "\"early_stopping.refit_scale\" must be at least 1 and at most 100, not \"0.8\"",
     "for example \"refit_scale\": 1.25"},
    {"refit_scale above 100", "{\"early_stopping\": {\"patience\": 5, \"refit_scale\": 101}}", 1, 51,
     "\"early_stopping.refit_scale\" must be at least 1 and at most 100, not \"101\"",
     "for example \"refit_scale\": 1.25"},
    {"refit_scale as string", "{\"early_stopping\": {\"patience\": 5, \"refit_scale\": \"x\"}}", 1, 51,
     "\"early_stopping.refit_scale\" must be a number, not a string", "for example \"refit_scale\": 1.25"},
    {"refit key typo", "{\"early_stopping\": {\"patience\": 5, \"refitt\": true}}", 1, 36,
     "unknown key \"refitt\" in \"early_stopping\"", "did you mean \"refit\"?"},
    {"split one", "{\"data\": {\"validation_split\": 1}}", 1, 31,
     "\"data.validation_split\" must be greater than 0 and less than 1, not \"1\"",
     "for example \"validation_split\": 0.2"},
    {"split zero", "{\"data\": {\"validation_split\": 0}}", 1, 31,
     "\"data.validation_split\" must be greater than 0 and less than 1, not \"0\"",
     "for example \"validation_split\": 0.2"},
    {"split as string", "{\"data\": {\"validation_split\": \"20%\"}}", 1, 31,
     "\"data.validation_split\" must be a number, not a string", "for example \"validation_split\": 0.2"},
    {"key with a newline escape", "{\"a\\nb\": 1}", 1, 2, "unknown key \"a\\x0ab\"",
     "known keys: layers, activations, loss, learning_rate, epochs, seed, init, description, data, "
     "output, optimizer, l2, early_stopping, batch_size, shuffle, schedule"},
};

static void spec_parse_should_reject_bad_text(void **state)
{
    const bad_text *bt = *state;
    mlp_spec s;
    memset(&s, 0x5A, sizeof s);
    mlp_error err;
    mlp_status st = mlp_spec_parse(bt->text, strlen(bt->text), "t.json", &s, &err);
    check_error(bt->name, st, &err, MLP_ERR_SPEC, "t.json", bt->line, bt->col, bt->message, bt->hint);
    assert_true(is_zeroed(&s));
}

/* The hint for a missing "name", a misplaced setting or irprop-'s step
 * sizes in conflict, followed: the spec
 * written as it says loads (before, "add it, for example \"name\": \"adam\""
 * next to "momentum": 0.9 led to the next error). */
static void spec_parse_should_load_once_the_hint_is_followed(void **state)
{
    (void)state;
    static const struct {
        const char *bad, *says, *fixed;
    } cases[] = {
        {"{" BASE ", \"optimizer\": {\"momentum\": 0.9}" DATA "}", "\"name\": \"momentum\"",
         "{" BASE ", \"optimizer\": {\"name\": \"momentum\", \"momentum\": 0.9}" DATA "}"},
        {"{" BASE ", \"schedule\": {\"every\": 100}" DATA "}", "\"name\": \"step\"",
         "{" BASE ", \"schedule\": {\"name\": \"step\", \"every\": 100}" DATA "}"},
        {"{" BASE ", \"schedule\": {\"factor\": 0.5}" DATA "}", "\"every\": 100",
         "{" BASE ", \"schedule\": {\"name\": \"step\", \"every\": 100, \"factor\": 0.5}" DATA "}"},
        {"{" BASE ", \"every\": 100" DATA "}", "{\"name\": \"step\", \"every\": 100}",
         "{" BASE ", \"schedule\": {\"name\": \"step\", \"every\": 100}" DATA "}"},
        {"{" BASE ", \"beta1\": 0.8" DATA "}", "{\"name\": \"adam\", \"beta1\": 0.9}",
         "{" BASE ", \"optimizer\": {\"name\": \"adam\", \"beta1\": 0.8}" DATA "}"},
        {"{" BASE ", \"optimizer\": {\"name\": \"adam\", \"lr\": 0.01}" DATA "}",
         "as in \"learning_rate\": 0.1",
         "{" BASE ", \"optimizer\": {\"name\": \"adam\"}, \"learning_rate\": 0.01" DATA "}"},
        {"{" BASE ", \"validation_fraction\": 0.25" DATA "}",
         "as in \"data\": {\"validation_split\": 0.2}",
         "{" BASE ", \"data\": {\"train\": \"t.csv\", \"validation_split\": 0.25}}"},
        /* irprop-'s step sizes: both ways out of the hint load. */
        {"{" BASE ", \"optimizer\": {\"name\": \"irprop-\", \"delta_min\": 0.2, \"delta_max\": 10}" DATA "}",
         "set \"delta0\" within 0.2 to 10, or lower \"delta_min\" to at most 0.1",
         "{" BASE ", \"optimizer\": {\"name\": \"irprop-\", \"delta_min\": 0.2, \"delta_max\": 10, "
         "\"delta0\": 0.2}" DATA "}"},
        {"{" BASE ", \"optimizer\": {\"name\": \"irprop-\", \"delta_min\": 0.2, \"delta_max\": 10}" DATA "}",
         "lower \"delta_min\" to at most 0.1",
         "{" BASE ", \"optimizer\": {\"name\": \"irprop-\", \"delta_min\": 0.1, \"delta_max\": 10}" DATA "}"},
        {"{" BASE ", \"optimizer\": {\"name\": \"irprop-\", \"delta_min\": 3, \"delta_max\": 2, \"delta0\": 100}" DATA "}",
         "as in \"delta_min\": 1e-06, \"delta_max\": 100",
         "{" BASE ", \"optimizer\": {\"name\": \"irprop-\", \"delta_min\": 1e-06, \"delta_max\": 100, "
         "\"delta0\": 100}" DATA "}"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mlp_spec s;
        mlp_error err;
        assert_int_equal(parse_str(cases[i].bad, "t.json", &s, &err), MLP_ERR_SPEC);
        if (!strstr(err.hint, cases[i].says))
            fail_msg("%s: hint \"%s\" does not say %s", cases[i].bad, err.hint, cases[i].says);
        mlp_status st = parse_str(cases[i].fixed, "t.json", &s, &err);
        if (st != MLP_OK)
            fail_msg("%s: %s; %s", cases[i].fixed, err.message, err.hint);
        mlp_spec_free(&s);
    }
}

/* "shuffle" needs a batch size, which the command line can give (mlptrain
 * -b 2 with "shuffle": false was refused at parse time, before -b was
 * applied): the parse reads it, mlp_spec_check_options judges the spec
 * with the options applied. */
static void spec_check_options_should_see_the_batch_size_of_the_options(void **state)
{
    (void)state;
    const char *text = "{" BASE ", \"shuffle\": false" DATA "}";
    mlp_spec s;
    mlp_error err;
    assert_int_equal(parse_str(text, "t.json", &s, &err), MLP_OK);
    assert_int_equal(s.shuffle, 0);
    mlp_error_clear(&err);
    check_error("shuffle alone", mlp_spec_check_options(&s, &err), &err, MLP_ERR_SPEC, "t.json", 1,
                (long)strlen("{" BASE ", \"shuffle\": ") + 1, "\"shuffle\" needs \"batch_size\"",
                "full-batch training uses every row in every update, in no order; add "
                "\"batch_size\", or remove \"shuffle\"");
    s.batch_size = 2; /* as --batch-size 2 sets it */
    assert_int_equal(mlp_spec_check_options(&s, &err), MLP_OK);
    mlp_spec_free(&s);

    /* with "batch_size" in the spec, or without "shuffle": nothing to say */
    assert_int_equal(parse_str("{" BASE ", \"shuffle\": true, \"batch_size\": 4" DATA "}", "t.json",
                               &s, &err), MLP_OK);
    assert_int_equal(mlp_spec_check_options(&s, &err), MLP_OK);
    mlp_spec_free(&s);
    assert_int_equal(parse_str("{" BASE DATA "}", "t.json", &s, &err), MLP_OK);
    assert_int_equal(mlp_spec_check_options(&s, &err), MLP_OK);
    mlp_spec_free(&s);
}

static void spec_parse_should_reject_a_nul_byte_and_deep_nesting(void **state)
{
    (void)state;
    mlp_spec s;
    mlp_error err;
    static const char with_nul[] = "{\"loss\": \0}";
    mlp_status st = mlp_spec_parse(with_nul, sizeof with_nul - 1, "t.json", &s, &err);
    check_error("NUL byte", st, &err, MLP_ERR_SPEC, "t.json", 1, 10,
                "invalid JSON: expected a value, found byte 0x00",
                "a value is a number, a \"string\", true, false, null, [...] or {...}");

    /* The length bounds the text: a valid spec followed by junk not counted in len. */
    static const char longer[] = "{" BASE DATA "}garbage";
    st = mlp_spec_parse(longer, sizeof longer - 1 - strlen("garbage"), "t.json", &s, &err);
    assert_int_equal(st, MLP_OK);
    mlp_spec_free(&s);

    char deep[200];
    memset(deep, '[', 65);
    memset(deep + 65, ']', 65);
    st = mlp_spec_parse(deep, 130, "t.json", &s, &err);
    check_error("deep nesting", st, &err, MLP_ERR_SPEC, "t.json", 1, 65,
                "the spec is nested more than 64 levels deep", "a spec needs at most three levels");
    assert_true(is_zeroed(&s));
}

/* ------------------------------------------------------------------------ */
/* Allocation failures */

/* Fails the 1st, 2nd, ... allocation of a load until the load succeeds;
 * every failure must be MLP_ERR_NOMEM with nothing left in the spec (the
 * ASan build checks that nothing leaked). */
static void *alloc_by_mlp(size_t size)
{
    return mlp_alloc(size, 1);
}

static void fail_each_allocation(mlp_status (*load)(mlp_spec *, mlp_error *))
{
    /* The library parses with the program's cJSON hooks (spec.h): this
     * test, as the program, routes them through mlp_alloc so that the
     * tree's allocations fail in turn too. */
    cJSON_Hooks hooks = {alloc_by_mlp, free};
    cJSON_InitHooks(&hooks);
    long n;
    for (n = 1; n < 100000; n++) {
        mlp_spec s;
        mlp_error err;
        mlp_alloc_fail_after(n);
        mlp_status st = load(&s, &err);
        mlp_alloc_fail_after(0);
        if (st == MLP_OK) {
            assert_int_equal(s.n_layers >= 1, 1);
            mlp_spec_free(&s);
            break;
        }
        if (st != MLP_ERR_NOMEM)
            fail_msg("allocation %ld: status %d (%s), expected MLP_ERR_NOMEM", n, st, err.message);
        assert_int_equal(err.code, MLP_ERR_NOMEM);
        assert_true(is_zeroed(&s));
    }
    cJSON_InitHooks(NULL);
    /* Guard: the load must allocate, so some failures were injected. */
    assert_true(n > 5);
    assert_true(n < 100000);
}

static mlp_status load_valid(mlp_spec *s, mlp_error *err)
{
    return mlp_spec_load(SPECS "valid.json", s, err);
}

static void spec_load_should_fail_cleanly_when_any_allocation_fails(void **state)
{
    (void)state;
    fail_each_allocation(load_valid);
}

static void spec_builtin_xor_should_fail_cleanly_when_any_allocation_fails(void **state)
{
    (void)state;
    fail_each_allocation(mlp_spec_builtin_xor);
}

/* ------------------------------------------------------------------------ */
/* cJSON's hooks are the program's */

/* A program's own cJSON allocator: each block carries a header of its own
 * in front of what cJSON gets, so a block freed with plain free (another
 * allocator's) is a bad pointer, and the counts say whose hooks cJSON
 * used. */
static long host_allocs, host_frees;

typedef union {
    long magic;
    max_align_t align;
} host_header;

#define HOST_MAGIC 0x686f7374L

static void *host_malloc(size_t size)
{
    host_header *h = malloc(sizeof *h + size);
    if (!h)
        return NULL;
    h->magic = HOST_MAGIC;
    host_allocs++;
    return h + 1;
}

static void host_free(void *p)
{
    if (!p)
        return;
    host_header *h = (host_header *)p - 1;
    assert_int_equal(h->magic, HOST_MAGIC);
    host_frees++;
    free(h);
}

/* The library used to set its own hooks for the parse and malloc/free
 * after it: the program's object made before the call was then freed with
 * free (a bad pointer) and nothing after it came through the program's
 * allocator. Now the parse uses the program's hooks and leaves them. */
static void spec_parse_should_leave_the_programs_cjson_hooks_in_place(void **state)
{
    (void)state;
    static const char text[] = "{\"layers\": [2, 3, 1], \"activations\": [\"tanh\", "
                               "\"sigmoid\"], \"loss\": \"binary_cross_entropy\", "
                               "\"data\": {\"train\": \"x.csv\"}}";
    cJSON_Hooks hooks = {host_malloc, host_free};
    cJSON_InitHooks(&hooks);
    host_allocs = host_frees = 0;
    cJSON *before = cJSON_Parse("{\"mine\": [1, 2, 3]}");
    assert_non_null(before);
    long made_before = host_allocs, freed_before = host_frees;
    assert_true(made_before > 0);

    mlp_spec s;
    mlp_error err;
    assert_int_equal(mlp_spec_parse(text, strlen(text), "t.json", &s, &err), MLP_OK);
    mlp_spec_free(&s);
    /* The tree was the program's allocator's, and all of it went back. */
    long made_by_parse = host_allocs - made_before;
    assert_true(made_by_parse > 0);
    assert_int_equal(host_frees - freed_before, made_by_parse);

    /* The hooks are still the program's: what it makes now comes through
     * them, and what it made before is freed by them. */
    cJSON *after = cJSON_Parse("[true]");
    assert_non_null(after);
    assert_true(host_allocs > made_before + made_by_parse);
    cJSON_Delete(after);
    cJSON_Delete(before);
    assert_int_equal(host_frees, host_allocs);
    cJSON_InitHooks(NULL);
}

/* ------------------------------------------------------------------------ */

#define N_FIXTURES (sizeof bad_fixtures / sizeof bad_fixtures[0])
#define N_TEXTS (sizeof bad_texts / sizeof bad_texts[0])

/* mlp.h: a NULL where a pointer is required is refused with MLP_ERR_USAGE
 * naming it (mlp_spec_load(NULL, ...) crashed), and the outputs given are
 * zeroed first, so the free after the failure is safe. */
static void spec_entry_points_should_refuse_null(void **state)
{
    (void)state;
    mlp_error err;
    mlp_spec s;
#define REFUSES(call, fn, what)                                                           \
    do {                                                                                  \
        memset(&s, 0xA5, sizeof s);                                                       \
        mlp_error_clear(&err);                                                            \
        assert_int_equal((call), MLP_ERR_USAGE);                                          \
        assert_string_equal(err.message, fn ": " what " is NULL");                        \
    } while (0)
    REFUSES(mlp_spec_load(NULL, &s, &err), "mlp_spec_load", "the path");
    assert_true(is_zeroed(&s));
    mlp_spec_free(&s);
    REFUSES(mlp_spec_load(SPECS "nope.json", NULL, &err), "mlp_spec_load", "the spec");
    REFUSES(mlp_spec_parse(NULL, 3, "t.json", &s, &err), "mlp_spec_parse", "the text");
    assert_true(is_zeroed(&s));
    mlp_spec_free(&s);
    REFUSES(mlp_spec_parse("{}", 2, "t.json", NULL, &err), "mlp_spec_parse", "the spec");
    REFUSES(mlp_spec_builtin_xor(NULL, &err), "mlp_spec_builtin_xor", "the spec");
    REFUSES(mlp_spec_check_options(NULL, &err), "mlp_spec_check_options", "the spec");
    /* No text of no bytes is an empty spec, as before; a NULL path no name. */
    assert_int_equal(mlp_spec_parse(NULL, 0, "t.json", &s, &err), MLP_ERR_SPEC);
    assert_string_equal(err.message, "the spec is empty");
    const char *text = "{\"layers\": [2, 1], \"activations\": [\"sigmoid\"], "
                       "\"loss\": \"binary_cross_entropy\", \"data\": {\"train\": \"x.csv\"}}";
    assert_int_equal(mlp_spec_parse(text, strlen(text), NULL, &s, &err), MLP_OK);
    assert_string_equal(s.train_path, "x.csv");
    mlp_spec_free(&s);
    /* The builders from a spec: every output given is zeroed. */
    mlp_csv csv;
    assert_int_equal(mlp_csv_parse("x1,x2,y\n0,1,1\n", 14, "t.csv", &csv, &err), MLP_OK);
    assert_int_equal(mlp_spec_builtin_xor(&s, &err), MLP_OK);
    mlp_schema schema;
    mlp_dataset train, val;
    memset(&schema, 0xA5, sizeof schema);
    memset(&train, 0xA5, sizeof train);
    memset(&val, 0xA5, sizeof val);
    assert_int_equal(mlp_dataset_from_csv_split(&csv, NULL, &schema, &train, &val, &err),
                     MLP_ERR_USAGE);
    assert_string_equal(err.message, "mlp_dataset_from_csv_split: the spec is NULL");
    assert_true(schema.n_features == 0 && train.X == NULL && val.Y == NULL);
    mlp_schema_free(&schema);
    mlp_dataset_free(&train);
    mlp_dataset_free(&val);
    memset(&train, 0xA5, sizeof train);
    assert_int_equal(mlp_dataset_from_csv(NULL, &s, &schema, &train, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "mlp_dataset_from_csv: the table is NULL");
    assert_null(train.X);
    assert_int_equal(mlp_dataset_from_csv(&csv, &s, NULL, &train, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "mlp_dataset_from_csv: schema is NULL");
    assert_int_equal(mlp_dataset_from_csv(&csv, &s, &schema, NULL, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "mlp_dataset_from_csv: the data set is NULL");
    mlp_data_plan plan = mlp_spec_data_plan(NULL);
    assert_true(plan.n_inputs == 0 && plan.source == NULL);
    mlp_spec_free(&s);
    mlp_csv_free(&csv);
#undef REFUSES
}

/* A number other than 0 that a double holds as 0 (1e-400) is refused, and
 * its hint names only what the key takes: "write 0" where 0 loads, never
 * where 0 is refused ("learning_rate", "epsilon", "factor": following the
 * hint gave a second error), and the number it names loads. So does 1e-320,
 * below the 1e-300 the hint once gave as the least: a double holds it
 * (subnormal). A key whose range starts above 1 gets its range instead. */
static void spec_parse_should_hint_only_what_the_key_takes_below_the_smallest_double(void **state)
{
    (void)state;
    static const struct {
        const char *before, *after;
        int zero_ok;
    } keys[] = {
        {"{" BASE ", \"learning_rate\": ", DATA "}", 0},
        {"{" BASE ", \"optimizer\": {\"name\": \"adam\", \"epsilon\": ", "}" DATA "}", 0},
        {"{" BASE ", \"schedule\": {\"name\": \"step\", \"every\": 10, \"factor\": ", "}" DATA "}", 0},
        {"{" BASE ", \"optimizer\": {\"name\": \"irprop-\", \"decrease\": ", "}" DATA "}", 0},
        {"{" BASE ", \"data\": {\"train\": \"t.csv\", \"validation_split\": ", "}}", 0},
        {"{" BASE ", \"l2\": ", DATA "}", 1},
        {"{" BASE ", \"optimizer\": {\"name\": \"momentum\", \"momentum\": ", "}" DATA "}", 1},
        {"{" BASE ", \"schedule\": {\"name\": \"cosine\", \"min_factor\": ", "}" DATA "}", 1},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char text[512], named[32] = "";
        mlp_spec s;
        mlp_error err;
        snprintf(text, sizeof text, "%s1e-400%s", keys[i].before, keys[i].after);
        assert_int_equal(parse_str(text, "t.json", &s, &err), MLP_ERR_SPEC);
        if (!strstr(err.message, "too small for a double"))
            fail_msg("%s: %s", text, err.message);
        if (!strstr(err.hint, "write 0") != !keys[i].zero_ok)
            fail_msg("%s: hint \"%s\" %s 0", text, err.hint, keys[i].zero_ok ? "omits" : "offers");
        const char *least = strstr(err.hint, "a number of at least ");
        if (!least || sscanf(least + strlen("a number of at least "), "%31[0-9e.+-]", named) != 1)
            fail_msg("%s: hint \"%s\" names no number", text, err.hint);
        /* Each thing the hint says, and 1e-320, loads; 0 only where offered. */
        const char *values[] = {named, "1e-320", "0"};
        for (size_t k = 0; k < 3; k++) {
            snprintf(text, sizeof text, "%s%s%s", keys[i].before, values[k], keys[i].after);
            mlp_status want = k < 2 || keys[i].zero_ok ? MLP_OK : MLP_ERR_SPEC;
            mlp_status st = parse_str(text, "t.json", &s, &err);
            if (st != want)
                fail_msg("%s: status %d, want %d (%s)", text, st, want, err.message);
            if (st == MLP_OK)
                mlp_spec_free(&s);
        }
    }
    /* 1e-320 is held above 0, as given. */
    mlp_spec s;
    mlp_error err;
    assert_int_equal(parse_str("{" BASE ", \"learning_rate\": 1e-320" DATA "}", "t.json", &s, &err),
                     MLP_OK);
    assert_true(s.optimizer.learning_rate > 0 && s.optimizer.learning_rate < 1e-300);
    mlp_spec_free(&s);
    /* "increase" must be greater than 1: 1e-400 is out of range as 0 is. */
    check_error("increase 1e-400",
                parse_str("{" BASE ", \"optimizer\": {\"name\": \"irprop-\", \"increase\": 1e-400}" DATA "}",
                          "t.json", &s, &err),
                &err, MLP_ERR_SPEC, "t.json", 1,
                (long)strlen("{" BASE ", \"optimizer\": {\"name\": \"irprop-\", \"increase\": ") + 1,
                "\"optimizer.increase\" must be greater than 1, not \"1e-400\"",
                "for example \"increase\": 1.2");
}

/* RFC 8259 JSON is UTF-8: a byte in a string that is no part of a UTF-8
 * character (a spec saved in Latin-1, a description holding FF FE) is
 * refused at that byte, wherever the string is (it was accepted, and a
 * Latin-1 name matched no column). Valid UTF-8 of every length loads and
 * is kept byte for byte. */
static void spec_parse_should_refuse_strings_that_are_not_utf8(void **state)
{
    (void)state;
    static const char hint_text[] = "save the spec as UTF-8, which JSON is, for example with iconv "
                                    "-f latin1 -t utf-8 FILE > FILE-utf8.json";
    static const struct {
        const char *before, *bad, *after;
        unsigned byte; /* the byte refused, the first of bad */
    } cases[] = {
        {"{" BASE ", \"description\": \"a ", "\xff\xfe", " b\"" DATA "}", 0xff},
        {"{" BASE ", \"data\": {\"train\": \"caf", "\xe9", ".csv\"}}", 0xe9},
        {"{" BASE ", \"data\": {\"train\": \"t.csv\", \"targets\": [\"temp", "\xb0", "C\"]}}", 0xb0},
        {"{" BASE DATA ", \"caf", "\xe9", "\": 1}", 0xe9},
        /* cut short by the closing quote, overlong "/", a surrogate */
        {"{" BASE ", \"description\": \"caf", "\xc3", "\"" DATA "}", 0xc3},
        {"{" BASE ", \"description\": \"", "\xc0\xaf", "\"" DATA "}", 0xc0},
        {"{" BASE ", \"description\": \"", "\xed\xa0\x80", "\"" DATA "}", 0xed},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512], what[64], message[96];
        snprintf(text, sizeof text, "%s%s%s", cases[i].before, cases[i].bad, cases[i].after);
        snprintf(what, sizeof what, "case %zu", i);
        snprintf(message, sizeof message,
                 "invalid JSON: byte 0x%02x in a string is no part of a UTF-8 character",
                 cases[i].byte);
        mlp_spec s;
        mlp_error err;
        check_error(what, parse_str(text, "t.json", &s, &err), &err, MLP_ERR_SPEC, "t.json", 1,
                    (long)strlen(cases[i].before) + 1, message, hint_text);
    }
    /* Characters of 2, 3 and 4 bytes load as they are, U+FEFF (a byte-order
     * mark, inside a string a character like any other) too. */
    const char *ok = "{" BASE ", \"description\": \"temp\xc3\xa9rature \xe2\x80\x94 \xf0\x9f\x8c\xa1"
                     "\xef\xbb\xbf\", \"data\": {\"train\": \"t.csv\", \"targets\": \"temp\xc3\xa9rature \xf0\x9f\x8c\xa1\"}}";
    mlp_spec s;
    mlp_error err;
    mlp_status st = parse_str(ok, "t.json", &s, &err);
    if (st != MLP_OK)
        fail_msg("valid UTF-8: %s; %s", err.message, err.hint);
    assert_int_equal(s.n_targets, 1);
    assert_string_equal(s.targets[0], "temp\xc3\xa9rature \xf0\x9f\x8c\xa1");
    mlp_spec_free(&s);
}

/* Keys of Keras, scikit-learn and PyTorch (docs/optimizers.md, "Coming from
 * Keras, scikit-learn or PyTorch"): mlp's key, and what differs besides the
 * name where a number taken over as it is would train otherwise; a key mlp
 * has no use for is told to go. Before, most got the list of known keys
 * and weight_decay a bare "did you mean". The error is at the key. */
static void spec_parse_should_map_the_keys_of_other_tools(void **state)
{
    (void)state;
#define WARMUP_NOTE "(\"warmup\" counts epochs, not steps: S steps of batches of B rows over n rows are S / ceil(n / B) epochs)"
#define ETA_NOTE "(\"min_factor\" is a fraction of \"learning_rate\", not a rate: eta_min / learning_rate)"
#define ALPHA_NOTE "(scikit-learn's alpha is \"l2\" alpha / n, n the training rows, or the \"batch_size\" with mini-batches)"
#define RESTORE_HINT "mlp always puts back the best epoch's weights when early stopping stops, as Keras' restore_best_weights=True does: remove the key"
    static const struct {
        const char *text, *key, *in, *hint;
    } cases[] = {
        {"{\"schedule\": {\"name\": \"cosine\", \"warmup_steps\": 5}}", "warmup_steps", "schedule",
         "did you mean \"warmup\"? " WARMUP_NOTE},
        {"{\"warmup_steps\": 5}", "warmup_steps", NULL,
         "\"warmup_steps\" is mlp's \"warmup\", which belongs inside \"schedule\", as in "
         "\"schedule\": {\"name\": \"cosine\", \"warmup\": 5} " WARMUP_NOTE},
        {"{\"schedule\": {\"name\": \"step\", \"step_size\": 5}}", "step_size", "schedule",
         "did you mean \"every\"?"},
        {"{\"schedule\": {\"name\": \"step\", \"every\": 5, \"gamma\": 0.5}}", "gamma", "schedule",
         "did you mean \"factor\"?"},
        {"{\"gamma\": 0.5}", "gamma", NULL,
         "\"gamma\" is mlp's \"factor\", which belongs inside \"schedule\", as in \"schedule\": "
         "{\"name\": \"step\", \"every\": 100, \"factor\": 0.5}"},
        {"{\"schedule\": {\"name\": \"cosine\", \"eta_min\": 1e-5}}", "eta_min", "schedule",
         "did you mean \"min_factor\"? " ETA_NOTE},
        {"{\"eta_min\": 1e-5}", "eta_min", NULL,
         "\"eta_min\" is mlp's \"min_factor\", which belongs inside \"schedule\", as in "
         "\"schedule\": {\"name\": \"cosine\", \"min_factor\": 0.01} " ETA_NOTE},
        {"{\"early_stopping\": {\"patience\": 5, \"restore_best_weights\": true}}",
         "restore_best_weights", "early_stopping", RESTORE_HINT},
        {"{\"restore_best_weights\": true}", "restore_best_weights", NULL, RESTORE_HINT},
        {"{\"lr\": 0.1}", "lr", NULL, "did you mean \"learning_rate\"?"},
        {"{\"learning_rate_init\": 0.1}", "learning_rate_init", NULL,
         "did you mean \"learning_rate\"?"},
        {"{\"max_iter\": 200}", "max_iter", NULL, "did you mean \"epochs\"?"},
        {"{\"alpha\": 0.0001}", "alpha", NULL, "did you mean \"l2\"? " ALPHA_NOTE},
        {"{\"optimizer\": {\"name\": \"adam\", \"alpha\": 0.0001}}", "alpha", "optimizer",
         "\"alpha\" is mlp's \"l2\", which belongs at the top level of the spec, as in \"l2\": "
         "0.0001 " ALPHA_NOTE},
        {"{\"batch\": 32}", "batch", NULL, "did you mean \"batch_size\"?"},
        {"{\"optimizer\": {\"name\": \"adam\", \"eps\": 1e-7}}", "eps", "optimizer",
         "did you mean \"epsilon\"?"},
        {"{\"n_iter_no_change\": 10}", "n_iter_no_change", NULL,
         "\"n_iter_no_change\" is mlp's \"patience\", which belongs inside \"early_stopping\", as "
         "in \"early_stopping\": {\"patience\": 100} (mlp stops on the validation loss, not the "
         "training loss)"},
    };
#undef WARMUP_NOTE
#undef ETA_NOTE
#undef ALPHA_NOTE
#undef RESTORE_HINT
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char quoted[64], message[128];
        snprintf(quoted, sizeof quoted, "\"%s\"", cases[i].key);
        const char *at = strstr(cases[i].text, quoted);
        assert_non_null(at);
        if (cases[i].in)
            snprintf(message, sizeof message, "unknown key %s in \"%s\"", quoted, cases[i].in);
        else
            snprintf(message, sizeof message, "unknown key %s", quoted);
        mlp_spec s;
        mlp_error err;
        mlp_status st = mlp_spec_parse(cases[i].text, strlen(cases[i].text), "t.json", &s, &err);
        check_error(cases[i].text, st, &err, MLP_ERR_SPEC, "t.json", 1,
                    (long)(at - cases[i].text) + 1, message, cases[i].hint);
    }
}

int main(void)
{
    static const struct CMUnitTest fixed[] = {
        cmocka_unit_test(spec_load_should_read_every_field),
        cmocka_unit_test(spec_load_should_apply_defaults),
        cmocka_unit_test(spec_load_should_read_the_training_keys),
        cmocka_unit_test(spec_parse_should_default_unset_optimizer_settings),
        cmocka_unit_test(spec_parse_should_read_every_kind_by_name),
        cmocka_unit_test(spec_parse_should_read_whole_numbers_in_any_form),
        cmocka_unit_test(spec_parse_should_read_refit),
        cmocka_unit_test(spec_parse_should_resolve_data_paths_against_the_spec_folder),
        cmocka_unit_test(spec_data_error_should_point_at_the_key_with_a_path_to_write),
        cmocka_unit_test(spec_parse_should_name_outputs_after_the_spec),
        cmocka_unit_test(spec_parse_should_accept_a_single_target_string_and_a_bom),
        cmocka_unit_test(spec_parse_should_read_the_feature_columns),
        cmocka_unit_test(spec_parse_should_find_names_twice_among_many),
        cmocka_unit_test(spec_builtin_xor_should_describe_the_xor_problem),
        cmocka_unit_test(spec_free_should_accept_zeroed_and_freed_specs),
        cmocka_unit_test(spec_load_should_report_missing_and_unreadable_files),
        cmocka_unit_test(spec_load_should_report_a_file_without_read_permission),
        cmocka_unit_test(spec_parse_should_load_once_the_hint_is_followed),
        cmocka_unit_test(spec_check_options_should_see_the_batch_size_of_the_options),
        cmocka_unit_test(spec_parse_should_reject_a_nul_byte_and_deep_nesting),
        cmocka_unit_test(spec_load_should_fail_cleanly_when_any_allocation_fails),
        cmocka_unit_test(spec_builtin_xor_should_fail_cleanly_when_any_allocation_fails),
        cmocka_unit_test(spec_parse_should_leave_the_programs_cjson_hooks_in_place),
        cmocka_unit_test(spec_entry_points_should_refuse_null),
        cmocka_unit_test(spec_parse_should_hint_only_what_the_key_takes_below_the_smallest_double),
        cmocka_unit_test(spec_parse_should_refuse_strings_that_are_not_utf8),
        cmocka_unit_test(spec_parse_should_map_the_keys_of_other_tools),
    };
    enum { N_FIXED = sizeof fixed / sizeof fixed[0] };

    /* One named test per bad fixture and per bad text, so a failure says which. */
    static struct CMUnitTest tests[N_FIXED + N_FIXTURES + N_TEXTS];
    static char names[N_FIXTURES + N_TEXTS][96];
    size_t n = 0;
    for (size_t k = 0; k < N_FIXED; k++)
        tests[n++] = fixed[k];
    for (size_t k = 0; k < N_FIXTURES; k++) {
        snprintf(names[k], sizeof names[k], "spec_load_should_reject_%.*s",
                 (int)(strlen(bad_fixtures[k].file) - strlen(".json")), bad_fixtures[k].file);
        tests[n++] = (struct CMUnitTest){names[k], spec_load_should_reject_bad_fixture, NULL, NULL,
                                         (void *)&bad_fixtures[k]};
    }
    for (size_t k = 0; k < N_TEXTS; k++) {
        char *name = names[N_FIXTURES + k];
        snprintf(name, sizeof names[0], "spec_parse_should_reject_%s", bad_texts[k].name);
        for (char *c = name; *c; c++)
            if (*c == ' ' || *c == '-')
                *c = '_';
        tests[n++] = (struct CMUnitTest){name, spec_parse_should_reject_bad_text, NULL, NULL,
                                         (void *)&bad_texts[k]};
    }
    return _cmocka_run_group_tests("test_spec", tests, n, NULL, NULL);
}
