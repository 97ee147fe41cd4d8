/*
 * io/cpus.c — the CPU count behind every "one per CPU" default.
 */
#include "io/cpus.h"

#include <unistd.h>

int lsn_cpus_count(long asked, long most)
{
    long n = asked > 0 ? asked : sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1) {
        n = 1;
    }
    if (most > 0 && n > most) {
        n = most;
    }
    return (int)n;
}
