/*
 * io/tztable.h — local wall time to UTC through a table of a zone's UTC
 * offsets, built once per zone and range of years and looked up by binary
 * search, with the very instants libical's icaltime_as_timet_with_zone()
 * gives (local times in a gap or an overlap included).
 *
 * The table is built by asking libical itself: the zone's transitions are
 * found by probing UTC instants (every 6 hours, then bisection to the
 * second); libical's local-to-UTC answer can only change at a transition's
 * instant read in the old or the new offset, so one probe per span between
 * two such local times gives the whole function. Local times outside the
 * table's years, and anything the table was not built for (an is_daylight
 * hint, fields out of range), go to libical.
 */
#ifndef LSN_IO_TZTABLE_H
#define LSN_IO_TZTABLE_H

#include <libical/ical.h>
#include <stddef.h>
#include <stdint.h>

typedef struct lsn_tztable lsn_tztable;

/**
 * Build the table of zone for local times of the years first..last.
 * The zone must outlive the table. Returns LSN_OK or LSN_ENOMEM.
 */
int lsn_tztable_build(lsn_tztable **out, const icaltimezone *zone, int first, int last);

/** Free a table; NULL is fine. */
void lsn_tztable_free(lsn_tztable *t);

/** Number of spans of constant offset in the table (for tests). */
size_t lsn_tztable_spans(const lsn_tztable *t);

/**
 * UTC seconds of the local time t (its zone field ignored; a DATE is its
 * midnight), equal to icaltime_as_timet_with_zone(t, zone) for the table's
 * zone.
 */
int64_t lsn_tztable_to_utc(const lsn_tztable *t, icaltimetype local);

/*
 * A few tables for the zones in use, each built once a zone has been
 * converted often enough to repay it (a zone used a handful of times,
 * such as one of many VTIMEZONEs each used once, never gets one). Not
 * thread-safe: one per thread.
 */
typedef struct lsn_tzcache lsn_tzcache;

/** A new, empty cache; NULL when out of memory (callers then use libical). */
lsn_tzcache *lsn_tzcache_new(void);

/** Free the cache and its own tables; NULL is fine. */
void lsn_tzcache_free(lsn_tzcache *c);

/*
 * The tables of one load, for the caches of all its threads: each zone's
 * table is built once, by the first cache that wants it, instead of once
 * per thread (a table of three years takes some 4,500 calls into libical).
 * Thread-safe; owns its tables; the zones and it must outlive the caches
 * that take from it.
 */
typedef struct lsn_tzshare lsn_tzshare;

/** A new, empty set of tables; NULL when out of memory (caches then build their own). */
lsn_tzshare *lsn_tzshare_new(void);

/** Free the tables; NULL is fine. No cache that takes from it may be used after. */
void lsn_tzshare_free(lsn_tzshare *s);

/** Let c take its tables from s (NULL: c builds its own); c may be NULL. */
void lsn_tzcache_share(lsn_tzcache *c, lsn_tzshare *s);

/** Number of tables s has built (for tests). */
size_t lsn_tzshare_tables(lsn_tzshare *s);

/** icaltime_as_timet_with_zone(local, zone), through the zone's table when it has one. */
int64_t lsn_tzcache_to_utc(lsn_tzcache *c, const icaltimezone *zone, icaltimetype local);

#endif
