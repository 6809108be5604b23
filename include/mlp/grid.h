/* SPDX-License-Identifier: MIT */
/* grid.h: a trained 2-input model evaluated on a regular grid, for
 * plotting its decision surface (mlppredict --grid).
 *
 * Points run x fastest: row k = j * NX + i holds
 *     x_i = XMIN + (XMAX - XMIN) i / (NX - 1),  y_j = YMIN + (YMAX - YMIN) j / (NY - 1)
 * in the units of the training CSV (the model's normalisation is applied
 * before the forward pass). The CSV has the two feature names, then the
 * columns mlppredict writes: `label,p_<label>...` for a classifier, the
 * target names for a regression. numpy reads a column back as a (NY, NX)
 * array with reshape(NY, NX).
 */
#ifndef MLP_GRID_H
#define MLP_GRID_H

#include <stddef.h>
#include <stdio.h>

#include "mlp/dataset.h"
#include "mlp/error.h"
#include "mlp/net.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MLP_GRID_MAX_POINTS 10000000 /* NX * NY */

typedef struct {
    double lo[2], hi[2];  /* XMIN, YMIN and XMAX, YMAX; finite, lo < hi */
    size_t n[2];          /* NX, NY: 2 or more points per axis */
} mlp_grid;

/* Parses "XMIN:XMAX:NX,YMIN:YMAX:NY" (e.g. "-2:3:101,-1.5:2:81").
 * MLP_ERR_USAGE with an example when it is not that form or out of range. */
mlp_status mlp_grid_parse(const char *text, mlp_grid *grid, mlp_error *err);

/* Writes the grid's predictions as CSV to out. MLP_ERR_USAGE when the model
 * does not have exactly 2 inputs; MLP_ERR_IO when a write fails (the caller
 * names the file); MLP_ERR_NOMEM. */
mlp_status mlp_grid_run(const mlp_net *net, const mlp_schema *schema, const mlp_grid *grid,
                        FILE *out, mlp_error *err);

/* The same points in memory: fills Y (NX * NY, K), K the output units, row
 * k = j * NX + i the network output at (x_i, y_j) (probabilities for a
 * classifier). For mlpplot's surface. MLP_ERR_USAGE when the model does not
 * have exactly 2 inputs; MLP_ERR_NOMEM. */
mlp_status mlp_grid_predict(const mlp_net *net, const mlp_schema *schema, const mlp_grid *grid,
                            double *Y, mlp_error *err);

#ifdef __cplusplus
}
#endif

#endif
