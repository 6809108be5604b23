/* SPDX-License-Identifier: MIT */
/* fuzz_spec.c: the JSON spec loader (mlp_spec_parse) on arbitrary bytes.
 * The text is copied into a buffer of exactly its length, with no NUL after
 * it, so a read past the end is caught. A spec that loads must satisfy what
 * spec.h promises about it. */
#include <string.h>

#include "fuzz.h"
#include "mlp/spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    mlp_spec spec;
    mlp_error err;
    mlp_error_clear(&err);
    mlp_status st = mlp_spec_parse(text, size, "fuzz/spec.json", &spec, &err);
    if (st == MLP_OK) {
        FUZZ_CHECK(spec.n_layers >= 1 && spec.n_layers <= MLP_MAX_LAYERS);
        for (size_t k = 0; k <= spec.n_layers; k++)
            FUZZ_CHECK(spec.sizes[k] >= 1);
        FUZZ_CHECK(spec.epochs >= 1);
        FUZZ_CHECK(spec.optimizer.learning_rate > 0 && spec.optimizer.learning_rate < 1e308 * 10);
        FUZZ_CHECK(spec.weights_path && spec.loss_path);
        FUZZ_CHECK(spec.train_path || spec.train_text);
    } else {
        FUZZ_CHECK(err.code == st && err.message[0] != '\0');
        FUZZ_CHECK(memchr(err.message, '\0', sizeof err.message) != NULL);
    }
    mlp_spec_free(&spec);
    free(text);
    return 0;
}
