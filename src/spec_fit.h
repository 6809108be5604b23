/* SPDX-License-Identifier: MIT */
/* spec_fit.h: mlp_spec_fit_options, the fit options a spec asks for, is
 * public: declared and documented in mlp/fit.h. This header stays for the
 * library's own callers that include it by this name. */
#ifndef MLP_SPEC_FIT_H
#define MLP_SPEC_FIT_H

#include "mlp/fit.h"

#endif
