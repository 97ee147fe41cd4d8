/*
 * io/plural.h — the one helper every message that prints a count uses to
 * pick the noun: "1 file", "2 files", "0 files". io/, analysis/, viz/ and
 * cli/ may all include it (it needs nothing but <stdint.h>).
 *
 *     lsn_warn("%s: %lld %s skipped", path, (long long)n, lsn_plural(n, "event", "events"));
 */
#ifndef LSN_IO_PLURAL_H
#define LSN_IO_PLURAL_H

#include <stdint.h>

/** one when n is 1 (or -1), else many; both are borrowed and returned as they are. */
static inline const char *lsn_plural(int64_t n, const char *one, const char *many)
{
    return n == 1 || n == -1 ? one : many;
}

#endif
