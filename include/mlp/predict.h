/* predict.h: a trained model applied to rows, with optional evaluation.
 *
 * Output CSV (README, "mlppredict"): for classification a header
 * `label,p_<label 1>,...,p_<label K>` and per row the predicted label as it was
 * written in the training CSV followed by the class probabilities (for one
 * sigmoid unit: 1-y and y); for regression the target names as the header and
 * the outputs. Numbers have 17 significant digits.
 */
#ifndef MLP_PREDICT_H
#define MLP_PREDICT_H

#include <stdio.h>

#include "mlp/dataset.h"
#include "mlp/error.h"
#include "mlp/net.h"

typedef struct {
    double loss;       /* mean loss over the rows (the model's loss) */
    double accuracy;   /* NaN for regression */
    size_t rows;
} mlp_predict_eval;

/* Runs net over data chunk by chunk and writes the output CSV to out.
 * When eval is not NULL and data has targets, fills it. MLP_ERR_IO when a
 * write fails (the caller names the file). */
mlp_status mlp_predict_run(const mlp_net *net, const mlp_schema *schema, const mlp_dataset *data,
                           FILE *out, mlp_predict_eval *eval, mlp_error *err);

#endif
