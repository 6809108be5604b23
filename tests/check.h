/* SPDX-License-Identifier: MIT */
/* check.h: small helpers shared by the cmocka test programs. */
#ifndef MLP_TEST_CHECK_H
#define MLP_TEST_CHECK_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

/* Fails the test unless |got - want| <= tol * max(1, |want|), printing both. */
#define assert_close(got, want, tol)                                                        \
    do {                                                                                    \
        double g_ = (got), w_ = (want), t_ = (tol);                                          \
        double s_ = fabs(w_) > 1.0 ? fabs(w_) : 1.0;                                        \
        if (!(fabs(g_ - w_) <= t_ * s_))                                                     \
            fail_msg("%s = %.17g, want %.17g (tolerance %g)", #got, g_, w_, t_);             \
    } while (0)

#endif
