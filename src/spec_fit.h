/* SPDX-License-Identifier: MIT */
/* spec_fit.h: the one place where the spec meets the training run, as
 * spec_data.c is where it meets the data: the fit options a spec asks for.
 * fit.c itself never sees a spec. */
#ifndef MLP_SPEC_FIT_H
#define MLP_SPEC_FIT_H

#include "mlp/fit.h"
#include "mlp/spec.h"
#include "mlp/weights.h"

/* The options of mlp_fit_run for spec: its optimizer, epochs, l2, early
 * stopping (patience, min_delta), refit and its scale, init, seed, batch
 * size, shuffle and schedule; restarts and restart_margin as given (the
 * command line's: a spec has none); a diagnosis kept; threads and the
 * provenance every weights file records from prov (copied). The rest (the
 * reduce hook, callbacks) zero. */
mlp_fit_options mlp_spec_fit_options(const mlp_spec *spec, long restarts, double restart_margin,
                                     const mlp_provenance *prov);

#endif
