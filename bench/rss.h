/* SPDX-License-Identifier: MIT */
/* rss.h: peak resident memory of a phase, shared by the bench runners.
 * Writing 5 to /proc/self/clear_refs resets VmHWM to the current resident
 * size (Linux >= 4.0); VmHWM in /proc/self/status is the peak since. */
#ifndef MLP_BENCH_RSS_H
#define MLP_BENCH_RSS_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline void rss_reset_peak(void)
{
    FILE *fp = fopen("/proc/self/clear_refs", "w");
    if (fp) {
        fputs("5", fp);
        fclose(fp);
    }
}

/* Peak resident set in MB since the last reset, NaN when unknown. */
static inline double rss_peak_mb(void)
{
    FILE *fp = fopen("/proc/self/status", "r");
    if (!fp)
        return NAN;
    char line[256];
    double kb = NAN;
    while (fgets(line, sizeof line, fp))
        if (strncmp(line, "VmHWM:", 6) == 0)
            kb = strtod(line + 6, NULL);
    fclose(fp);
    return kb / 1024.0;
}

#endif
