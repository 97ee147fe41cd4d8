/*
 * io/timings.c — a monotonic clock and getrusage() around the phases of a
 * run. Measurement only; it changes nothing in the results.
 */
#include "io/timings.h"

#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss; /* kilobytes on Linux */
}

void lsn_timings_start(lsn_timings *t)
{
    memset(t, 0, sizeof(*t));
    t->start = t->last = now();
}

void lsn_timings_mark(lsn_timings *t, const char *name)
{
    double x = now();
    if (t->n < LSN_TIMINGS_MAX) {
        t->names[t->n] = name;
        t->seconds[t->n] = x - t->last;
        t->peak_kb[t->n] = peak_kb();
        t->n++;
    }
    t->last = x;
}

void lsn_timings_print(FILE *out, const lsn_timings *t, double input_bytes)
{
    double total = t->last - t->start;
    fprintf(out, "%-12s %9s %7s %12s %10s\n", "phase", "seconds", "share", "peak MiB", "MB/s");
    for (size_t i = 0; i < t->n; i++) {
        char rate[32] = "";
        if (input_bytes > 0 && strcmp(t->names[i], "load") == 0 && t->seconds[i] > 0) {
            snprintf(rate, sizeof(rate), "%.1f", input_bytes / 1e6 / t->seconds[i]);
        }
        fprintf(out, "%-12s %9.3f %6.1f%% %12.1f %10s\n", t->names[i], t->seconds[i],
                total > 0 ? 100.0 * t->seconds[i] / total : 0.0, t->peak_kb[i] / 1024.0, rate);
    }
    fprintf(out, "%-12s %9.3f %6.1f%% %12.1f\n", "total", total, 100.0,
            t->n ? t->peak_kb[t->n - 1] / 1024.0 : 0.0);
}
