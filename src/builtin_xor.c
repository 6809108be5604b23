/* SPDX-License-Identifier: MIT */
/* builtin_xor.c: the text of the embedded default problem, XOR, used when
 * mlptrain runs without --config. Owns only these two strings; spec.c parses
 * the spec text with the same rules as a file, so the numbers to tune are
 * here and nowhere else. */
#include "mlp/spec.h"

/* 2-4-1 with a tanh hidden layer: the smallest net that reliably separates
 * XOR. A sigmoid output with binary cross-entropy gives a class probability;
 * xavier init and lr 0.5 converge within 2000 full-batch epochs. */
static const char xor_json[] =
    "{\n"
    "  \"layers\": [2, 4, 1],\n"
    "  \"activations\": [\"tanh\", \"sigmoid\"],\n"
    "  \"loss\": \"binary_cross_entropy\",\n"
    "  \"learning_rate\": 0.5,\n"
    "  \"epochs\": 2000,\n"
    "  \"seed\": 42,\n"
    "  \"init\": \"xavier\"\n"
    "}\n";

static const char xor_csv[] =
    "x1,x2,y\n"
    "0,0,0\n"
    "0,1,1\n"
    "1,0,1\n"
    "1,1,0\n";

const char *mlp_spec_builtin_xor_json(void)
{
    return xor_json;
}

const char *mlp_spec_builtin_xor_csv(void)
{
    return xor_csv;
}
