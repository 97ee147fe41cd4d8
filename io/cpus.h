/*
 * io/cpus.h — how many threads or processes to run: the one place that asks
 * the system for its CPU count.
 */
#ifndef LSN_IO_CPUS_H
#define LSN_IO_CPUS_H

/**
 * The number of threads (or processes) to use: `asked` when it is > 0, else
 * one per online CPU; at least 1 and at most `most` (when most > 0).
 */
int lsn_cpus_count(long asked, long most);

#endif
