/* SPDX-License-Identifier: MIT */
/* spec_fit.c: the fit options of a spec (mlp/fit.h), the one place where
 * the spec meets the training run, as spec_data.c is where it meets the
 * data: fit.c itself never sees a spec. Reads the spec, writes an options
 * struct; nothing else. */
#include "mlp/fit.h"

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
    return f;
}
