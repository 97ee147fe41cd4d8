/*
 * io/calendar_internal.h — what the calendar loader (io/load_merge.c) asks of
 * the calendar beyond io/model.h: an address's participant id on its own, so
 * that the loader resolves each of its address strings once and adds
 * instances by id. Not for other modules.
 */
#ifndef LSN_IO_CALENDAR_INTERNAL_H
#define LSN_IO_CALENDAR_INTERNAL_H

#include "io/model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * The participant id lsn_calendar_add_instance() gives a raw address (of a
 * group when group is true), adding the address as it would; valid until
 * lsn_calendar_finish(). -1 for an empty address.
 * @return LSN_OK or LSN_ENOMEM.
 */
int lsn_calendar_participant(int32_t *out, lsn_calendar *cal, const char *addr, bool group);

/**
 * Room for this many instances and present participants in all (only room:
 * nothing added), so that a loader that can tell the totals ahead spares
 * the arrays their growth. @return LSN_OK or LSN_ENOMEM.
 */
int lsn_calendar_reserve(lsn_calendar *cal, size_t instances, size_t present);

/** The id of a raw address as an organizer: never adds one; -1 when unknown. */
int32_t lsn_calendar_find_participant(const lsn_calendar *cal, const char *addr);

/**
 * lsn_calendar_add_instance() with its participants already resolved: ids
 * (n of them, -1 entries skipped) in the order of spec's present then
 * groups, and the organizer's lsn_calendar_find_participant() (-1 none),
 * found after them. spec's address fields are not read.
 * @return LSN_OK or LSN_ENOMEM.
 */
int lsn_calendar_add_resolved(lsn_calendar *cal,
                              const lsn_instance_spec *spec,
                              const int32_t *ids,
                              size_t n,
                              int32_t organizer);

/**
 * The series of spec's uid and subject (interned when new), as
 * lsn_calendar_add_instance() finds it: for a caller that adds many
 * instances of one series with lsn_calendar_add_in_series().
 * @return LSN_OK or LSN_ENOMEM.
 */
int lsn_calendar_series_of(int32_t *out, lsn_calendar *cal, const lsn_instance_spec *spec);

/**
 * lsn_calendar_add_resolved() into the series lsn_calendar_series_of()
 * gave for the same uid and subject (the last call for them: asking again
 * would give the same series and change nothing).
 */
int lsn_calendar_add_in_series(lsn_calendar *cal,
                               const lsn_instance_spec *spec,
                               int32_t series,
                               const int32_t *ids,
                               size_t n,
                               int32_t organizer);

#endif
