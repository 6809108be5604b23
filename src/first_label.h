/* SPDX-License-Identifier: MIT */
/* first_label.h: the first label's probability of one sigmoid unit from
 * its logit, for every writer of prediction rows (mlp_predict_run, the
 * grid of mlppredict --grid), so that a row and a grid point at the same
 * input get the same digits. Internal to the library. */
#ifndef MLP_FIRST_LABEL_H
#define MLP_FIRST_LABEL_H

#include <stddef.h>

/* p_<first label> of one sigmoid unit for each of `rows` rows, into p (rows
 * values): s(-z) = 1/(1 + e^z) from each member's logit z (logits[k], rows
 * values each, k < n_models), through the sigmoid the output itself is
 * computed by, and for a committee the mean over members, summed in member
 * order as its outputs are. neg and q are scratch of rows values (q unused
 * for one model). As 1 - y it rounded to 0 once y rounded to 1 (z = 40:
 * "yes,0,1"), while p_<second label> of the opposite row kept its 4e-18;
 * from the logit both tails keep their digits. */
void mlp_first_label_probabilities(const double *const *logits, size_t n_models, size_t rows,
                                   double *neg, double *q, double *p);

#endif
