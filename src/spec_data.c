/* SPDX-License-Identifier: MIT */
/* spec_data.c: the one place where the spec meets the data: its data plan
 * (dataset.h), and the spec-taking builders kept for callers that hold a
 * spec. The data code itself never sees a spec. */
#include "mlp/dataset.h"

#include <string.h>

#include "mlp/spec.h"

mlp_data_plan mlp_spec_data_plan(const mlp_spec *spec)
{
    /* No spec, no plan: a zeroed one, which mlp_dataset_build refuses. */
    if (!spec)
        return (mlp_data_plan){0};
    int have_layers = spec->n_layers >= 1 && spec->n_layers <= MLP_MAX_LAYERS;
    return (mlp_data_plan){
        .source = spec->path,
        .n_inputs = have_layers ? spec->sizes[0] : 0,
        .n_outputs = have_layers ? spec->sizes[spec->n_layers] : 0,
        .output = have_layers ? spec->acts[spec->n_layers - 1] : MLP_ACT_LINEAR,
        .loss = spec->loss,
        .targets = spec->targets,
        .n_targets = spec->n_targets,
        .features = spec->features,
        .n_features = spec->n_features,
        .normalize = spec->normalize,
        .validation_split = spec->validation_split,
        .split_seed = spec->seed,
        .pos_layers = spec->pos_layers,
        .pos_targets = spec->pos_targets,
        .pos_features = spec->pos_features,
        .pos_target_names = spec->pos_target_names,
        .pos_feature_names = spec->pos_feature_names,
        .pos_validation_split = spec->pos_validation_split,
    };
}

/* A spec without layers makes a plan without a network, which
 * mlp_dataset_build refuses as a plan's field: said in the spec's words. */
static mlp_status build_from_spec(const char *fn, const mlp_csv *csv, const mlp_spec *spec,
                                  mlp_schema *schema, mlp_dataset *train, mlp_dataset *val,
                                  mlp_error *err)
{
    /* Empty on failure, as mlp_dataset_build leaves them, and before any
     * check: a caller frees them after every failure. */
    if (schema)
        memset(schema, 0, sizeof *schema);
    if (train)
        memset(train, 0, sizeof *train);
    if (val)
        memset(val, 0, sizeof *val);
    /* mlp.h: a NULL is refused, naming it, not dereferenced. */
    if (!csv || !spec || !schema || !train)
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "%s: %s is NULL", fn,
                             !csv ? "the table" : !spec ? "the spec" : !schema ? "schema"
                                                                     : "the data set");
    if (spec->n_layers < 1 || spec->n_layers > MLP_MAX_LAYERS)
        return mlp_error_set(err, MLP_ERR_SPEC, spec->path, 0, 0, "the spec has no layers");
    mlp_data_plan plan = mlp_spec_data_plan(spec);
    return mlp_dataset_build(csv, &plan, schema, train, val, NULL, NULL, err);
}

mlp_status mlp_dataset_from_csv(const mlp_csv *csv, const mlp_spec *spec, mlp_schema *schema,
                                mlp_dataset *data, mlp_error *err)
{
    return build_from_spec("mlp_dataset_from_csv", csv, spec, schema, data, NULL, err);
}

mlp_status mlp_dataset_from_csv_split(const mlp_csv *csv, const mlp_spec *spec, mlp_schema *schema,
                                      mlp_dataset *train, mlp_dataset *val, mlp_error *err)
{
    return build_from_spec("mlp_dataset_from_csv_split", csv, spec, schema, train, val, err);
}
