/* SPDX-License-Identifier: MIT */
/* grid.h: a trained 2-input model evaluated on a regular grid, for
 * plotting its decision surface, or a 1-input model along a line, for
 * plotting its curve (mlppredict --grid, mlpplot surface).
 *
 * Points run x fastest: row k = j * NX + i holds
 *     x_i = XMIN + (XMAX - XMIN) i / (NX - 1),  y_j = YMIN + (YMAX - YMIN) j / (NY - 1)
 * in the units of the training CSV (the model's normalisation is applied
 * before the forward pass); a 1-D grid is the NX points x_i alone (NY = 1).
 * The CSV has the feature names (two, or one), then the columns mlppredict
 * writes: `label,p_<label>...` for a classifier, the target names for a
 * regression. numpy reads a column of a 2-D grid back as a (NY, NX) array
 * with reshape(NY, NX).
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
    size_t dims;          /* 2 for a plane, 1 for a line: the model's inputs */
    double lo[2], hi[2];  /* XMIN, YMIN and XMAX, YMAX; finite, lo < hi (axis 0 only in 1-D) */
    size_t n[2];          /* NX, NY: 2 or more points per axis; NY = 1 in 1-D */
} mlp_grid;

/* Parses "XMIN:XMAX:NX,YMIN:YMAX:NY" (e.g. "-2:3:101,-1.5:2:81"), or
 * "XMIN:XMAX:NX" (e.g. "-3:3:201") for a 1-D grid. MLP_ERR_USAGE with an
 * example when it is not that form or out of range. */
mlp_status mlp_grid_parse(const char *text, mlp_grid *grid, mlp_error *err);

/* Point i of axis (0: x, 1: y): XMIN + (XMAX - XMIN) i / (NX - 1), and
 * exactly XMAX at the last point. */
double mlp_grid_at(const mlp_grid *grid, int axis, size_t i);

/* Checks that the grid has as many axes as the model has inputs.
 * MLP_ERR_USAGE (no path: the caller names the model) when not. */
mlp_status mlp_grid_check_model(const mlp_net *net, const mlp_grid *grid, mlp_error *err);

/* Writes the grid's predictions as CSV to out, once every point's outputs
 * are finite (a first forward pass over the grid checks them); else
 * MLP_ERR_USAGE ("--grid: the model's output at (x, y) is not a finite
 * number") with nothing written to out. MLP_ERR_USAGE when the model
 * does not have grid->dims inputs; MLP_ERR_IO when a write fails, with its
 * reason as mlp_predict_run gives it (the caller names the file);
 * MLP_ERR_NOMEM. */
mlp_status mlp_grid_run(const mlp_net *net, const mlp_schema *schema, const mlp_grid *grid,
                        FILE *out, mlp_error *err);

/* The same points in memory: fills Y (NX * NY, K), K the output units, row
 * k = j * NX + i the network output at (x_i, y_j) (probabilities for a
 * classifier). For mlpplot's surface. MLP_ERR_USAGE when the model does not
 * have grid->dims inputs; MLP_ERR_NOMEM. */
mlp_status mlp_grid_predict(const mlp_net *net, const mlp_schema *schema, const mlp_grid *grid,
                            double *Y, mlp_error *err);

#ifdef __cplusplus
}
#endif

#endif
