/* SPDX-License-Identifier: MIT */
/* spec_fit.c: the fit options of a spec (mlp/fit.h), the one place where
 * the spec meets the training run, as spec_data.c is where it meets the
 * data: fit.c itself never sees a spec. Reads the spec, writes an options
 * struct; nothing else. */
#include "mlp/fit.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "format_number.h"
#include "sha256.h"

/* The text being written: like snprintf, it counts every byte and keeps
 * those that fit (NUL-terminated when size > 0). */
typedef struct {
    char *buf;
    size_t size, len;
} settings_text;

static void add(settings_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(settings_text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = t->len < t->size ? t->size - t->len : 0;
    int n = vsnprintf(room ? t->buf + t->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        t->len += (size_t)n;
}

/* "key":x, x the shortest text that reads back the same double (so two
 * equal settings are one text, and two different ones two). */
static void add_number(settings_text *t, const char *key, double x)
{
    char num[MLP_FORMAT_NUMBER_MAX];
    mlp_format_double(num, x);
    add(t, ",\"%s\":%s", key, num);
}

/* The settings of the update rule that it uses, under their spec keys; the
 * others are defaults that do not act. A key of a new rule is added here
 * with its field (docs/weights-format.md, "The settings digest"). */
static void add_optimizer(settings_text *t, const mlp_optimizer_options *o)
{
    const mlp_optimizer_info *info = mlp_optimizer_info_of(o->kind);
    add(t, ",\"optimizer\":{\"name\":\"%s\"", mlp_optimizer_name(o->kind));
    if (info && (info->flags & MLP_OPT_FLAG_LEARNING_RATE))
        add_number(t, "learning_rate", o->learning_rate);
    const struct {
        const char *key;
        const double *value;
    } numbers[] = {{"momentum", &o->momentum}, {"beta1", &o->beta1},
                   {"beta2", &o->beta2},       {"epsilon", &o->epsilon},
                   {"increase", &o->increase}, {"decrease", &o->decrease},
                   {"delta0", &o->delta0},     {"delta_min", &o->delta_min},
                   {"delta_max", &o->delta_max}};
    for (size_t k = 0; info && info->settings[k]; k++) {
        const char *key = info->settings[k];
        if (strcmp(key, "nesterov") == 0)
            add(t, ",\"nesterov\":%s", o->nesterov ? "true" : "false");
        for (size_t j = 0; j < sizeof numbers / sizeof *numbers; j++)
            if (strcmp(key, numbers[j].key) == 0)
                add_number(t, key, *numbers[j].value);
    }
    add(t, "}");
}

/* The schedule's settings that its kind uses: an absent schedule is the
 * constant one without warm-up, and is written as it. */
static void add_schedule(settings_text *t, const mlp_schedule *sc)
{
    const mlp_schedule_info *info = mlp_schedule_info_of(sc->kind);
    add(t, ",\"schedule\":{\"name\":\"%s\",\"warmup\":%ld", mlp_schedule_name(sc->kind),
        sc->warmup);
    for (size_t k = 0; info && info->settings[k]; k++) {
        const char *key = info->settings[k];
        if (strcmp(key, "every") == 0)
            add(t, ",\"every\":%ld", sc->every);
        else if (strcmp(key, "factor") == 0)
            add_number(t, key, sc->factor);
        else if (strcmp(key, "min_factor") == 0)
            add_number(t, key, sc->min_factor);
    }
    add(t, "}");
}

size_t mlp_spec_settings_text(const mlp_spec *spec, char *buf, size_t size)
{
    settings_text t = {buf, buf ? size : 0, 0};
    if (t.size)
        buf[0] = '\0';
    add(&t, "{\"layers\":[");
    for (size_t l = 0; l <= spec->n_layers; l++)
        add(&t, "%s%zu", l ? "," : "", spec->sizes[l]);
    add(&t, "],\"activations\":[");
    for (size_t l = 0; l < spec->n_layers; l++)
        add(&t, "%s\"%s\"", l ? "," : "", mlp_activation_name(spec->acts[l]));
    /* Each layer's draw as mlp_net_init makes it: "default" is written as
     * what it draws, so the same draws are one text however they were
     * asked for. */
    add(&t, "],\"loss\":\"%s\",\"init\":[", mlp_loss_name(spec->loss));
    for (size_t l = 0; l < spec->n_layers; l++) {
        mlp_init how = spec->init;
        if (how == MLP_INIT_DEFAULT)
            how = mlp_activation_info_of(spec->acts[l])->flags & MLP_ACT_FLAG_HE_INIT
                      ? MLP_INIT_HE
                      : MLP_INIT_XAVIER;
        add(&t, "%s\"%s\"", l ? "," : "", mlp_init_name(how));
    }
    /* No seed: the weights file records the one that acted (with --restarts
     * the kept run's, which repeats it alone: the same text either way). */
    add(&t, "],\"epochs\":%ld", spec->epochs);
    add_optimizer(&t, &spec->optimizer);
    add_number(&t, "l2", spec->l2);
    if (spec->batch_size)
        add(&t, ",\"batch_size\":%zu,\"shuffle\":%s", spec->batch_size,
            spec->shuffle ? "true" : "false");
    add_schedule(&t, &spec->schedule);
    if (spec->patience > 0) {
        add(&t, ",\"early_stopping\":{\"patience\":%ld", spec->patience);
        add_number(&t, "min_delta", spec->min_delta);
        add(&t, ",\"refit\":%s", spec->refit ? "true" : "false");
        if (spec->refit)
            add_number(&t, "refit_scale", spec->refit_scale > 0 ? spec->refit_scale : 1);
        add(&t, "}");
    }
    add(&t, ",\"data\":{\"normalize\":\"%s\"",
        spec->normalize == MLP_NORMALIZE_STANDARD ? "standard" : "none");
    if (spec->validation_split > 0)
        add_number(&t, "validation_split", spec->validation_split);
    add(&t, "}}\n");
    return t.len;
}

mlp_fit_options mlp_spec_fit_options(const mlp_spec *spec, long restarts, double restart_margin,
                                     const mlp_provenance *prov)
{
    /* No provenance given: nothing known, as a record made empty. */
    mlp_provenance none;
    if (!prov) {
        mlp_provenance_init(&none);
        prov = &none;
    }
    mlp_fit_options f = {
        .optimizer = spec->optimizer,
        .epochs = spec->epochs,
        .l2 = spec->l2,
        .patience = spec->patience,
        .min_delta = spec->min_delta,
        .refit = spec->refit,
        .refit_scale = spec->refit_scale,
        .restarts = restarts,
        .init = spec->init,
        .seed = spec->seed,
        .restart_margin = restart_margin,
        .diagnose = 1,
        .threads = (int)prov->threads,
        .batch_size = spec->batch_size,
        .shuffle = spec->shuffle,
        .schedule = spec->schedule,
        .provenance = *prov,
    };
    /* Every weights file of the run records the digest of what it trained
     * with, the options over the spec included (docs/weights-format.md). */
    char text[MLP_SPEC_SETTINGS_TEXT_MAX];
    size_t n = mlp_spec_settings_text(spec, text, sizeof text);
    if (n < sizeof text) {
        mlp_sha256_digest(text, n, f.provenance.settings_sha256);
        f.provenance.has_settings_sha256 = 1;
    }
    return f;
}
