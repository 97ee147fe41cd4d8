/*
 * io/timings.h — wall time and peak memory per phase of a run, printed as a
 * table by --timings (to standard error) and by the benchmark. The commands
 * mark their own phases (the roster, the load); lsn_run_analyze() marks the
 * analysis's (analysis/run.h).
 */
#ifndef LSN_IO_TIMINGS_H
#define LSN_IO_TIMINGS_H

#include <stddef.h>
#include <stdio.h>

#define LSN_TIMINGS_MAX 24

typedef struct lsn_timings {
    const char *names[LSN_TIMINGS_MAX];
    double seconds[LSN_TIMINGS_MAX];
    long peak_kb[LSN_TIMINGS_MAX]; /* peak resident set after the phase */
    size_t n;
    double last; /* monotonic time at the end of the previous phase */
    double start;
} lsn_timings;

/** Start the clock. */
void lsn_timings_start(lsn_timings *t);

/** Close the phase that just ended under this name (a static string). */
void lsn_timings_mark(lsn_timings *t, const char *name);

/**
 * Print the table: phase, seconds, share of the total, peak RSS; and, when
 * input_bytes > 0, the throughput of the phase named "load" in MB/s.
 */
void lsn_timings_print(FILE *out, const lsn_timings *t, double input_bytes);

#endif
