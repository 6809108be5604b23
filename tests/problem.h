/* SPDX-License-Identifier: MIT */
/* problem.h: a shipped example config and its training rows, loaded for a
 * training test (test_train, test_batch); a failure fails the test. */
#ifndef MLP_TEST_PROBLEM_H
#define MLP_TEST_PROBLEM_H

#include "check.h"

#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/spec.h"

typedef struct {
    mlp_spec spec;
    mlp_schema schema;
    mlp_dataset data;
} problem;

static inline void load(const char *config, problem *p)
{
    memset(p, 0, sizeof *p);
    mlp_error err;
    mlp_csv csv;
    if (mlp_spec_load(config, &p->spec, &err) || mlp_csv_read(p->spec.train_path, &csv, &err))
        fail_msg("%s: %s", err.path, err.message);
    if (mlp_dataset_from_csv(&csv, &p->spec, &p->schema, &p->data, &err))
        fail_msg("%s", err.message);
    mlp_csv_free(&csv);
}

static inline void unload(problem *p)
{
    mlp_dataset_free(&p->data);
    mlp_schema_free(&p->schema);
    mlp_spec_free(&p->spec);
}

#endif
