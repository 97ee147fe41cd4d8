/*
 * io/ics.h — iCalendar (RFC 5545) front end: one file's bytes into raw
 * event records (io/raw.h). Expansion, merging and accounting happen later
 * in io/load.c, the same for every format.
 */
#ifndef LSN_IO_ICS_H
#define LSN_IO_ICS_H

#include "io/raw.h"

#include <stdbool.h>
#include <stddef.h>

/** True when the bytes look like iCalendar (BEGIN:VCALENDAR after a BOM or blanks). */
bool lsn_ics_sniff(const char *data, size_t len);

/**
 * Parse one iCalendar file into set. Every VEVENT becomes one raw event; a
 * VEVENT that cannot be used (no DTSTART, an unparsable RRULE, ...) is kept
 * with malformed=true after a warning "FILE:LINE: UID: what is wrong".
 * VTIMEZONE definitions are registered in the set. Each VEVENT is parsed
 * with libical on its own, so one broken event never hides the others and
 * every warning carries its line.
 *
 * @param set      destination
 * @param file     index of the file in set->files (names it in warnings)
 * @param data     the file's bytes, NUL-terminated (data[len] == '\0');
 *                 must be valid UTF-8 (io/load.c converts Latin-1 first)
 * @param floating the zone of floating times (--tz)
 * @param[out] vevents number of VEVENT records read
 * @return LSN_OK, LSN_EPARSE when the file is not iCalendar at all, LSN_ENOMEM.
 *         Cost: O(file size) plus libical's parse of each VEVENT.
 */
int lsn_ics_parse(lsn_rawset *set,
                  int32_t file,
                  const char *data,
                  size_t len,
                  const icaltimezone *floating,
                  int64_t *vevents);

#endif
