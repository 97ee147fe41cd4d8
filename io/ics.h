/*
 * io/ics.h — iCalendar (RFC 5545) front end: one file's bytes into raw
 * event records (io/raw.h), a row of the table of formats (io/formats.c).
 * Expansion, merging and accounting happen later in the loader (io/load.c
 * and its load_*.c), the same for every format.
 */
#ifndef LSN_IO_ICS_H
#define LSN_IO_ICS_H

#include "io/raw.h"
#include "io/tztable.h"

#include <stdbool.h>
#include <stddef.h>

/** True when the bytes look like iCalendar (BEGIN:VCALENDAR after a BOM or blanks). */
bool lsn_ics_sniff(const char *data, size_t len);

/*
 * What one thread keeps from file to file: reusable buffers and the memo of
 * RRULE texts already checked. Not thread-safe: one per thread.
 */
typedef struct lsn_ics_scratch lsn_ics_scratch;

/**
 * Set up libical once for the process, before any thread parses or expands
 * (later calls do nothing): a parse error must only be counted, never abort
 * (libical's default may), and ICU's calendar statics, which libical's
 * recurrence iterator initialises the first time one is made, are
 * initialised here, on one thread, so that the threads only read them.
 */
void lsn_ics_init(void);

/**
 * @param[out] out the scratch, owned by the caller (NULL on failure)
 * @param libical_only parse every VEVENT with libical, never with the fast
 *        reader (slower; the two give the same records, which tests check)
 * @return LSN_OK or LSN_ENOMEM.
 */
int lsn_ics_scratch_new(lsn_ics_scratch **out, bool libical_only);

/** Free a scratch; NULL is fine. */
void lsn_ics_scratch_free(lsn_ics_scratch *s);

/** Let the scratch take its zones' tables from share (io/tztable.h), which
 *  must outlive it; NULL: it builds its own. */
void lsn_ics_scratch_share_zones(lsn_ics_scratch *s, lsn_tzshare *share);

/** VEVENTs read by the fast reader and by libical through this scratch so far. */
void lsn_ics_scratch_counts(const lsn_ics_scratch *s, int64_t *fast, int64_t *libical);

/**
 * Parse one iCalendar file into set. Every VEVENT becomes one raw event; a
 * VEVENT that cannot be used (no DTSTART, an unparsable RRULE, ...) is kept
 * with malformed=true after a warning "FILE:LINE: UID: what is wrong".
 * VTIMEZONE definitions are registered in the set. Each VEVENT is read on
 * its own, so one broken event never hides the others and every warning
 * carries its line.
 *
 * A VEVENT made only of the properties and parameters calendar exports
 * commonly write, each in its plain form, is read by a fast reader of this
 * module; anything else (a nested VALARM, an RDATE, an escape it does not
 * know, a value libical would reject or repair, ...) is handed to libical's
 * parser, without the properties liaison never reads (DESCRIPTION,
 * X-ALT-DESC, ATTACH, ...: a long one costs a scan, not libical's time).
 * RRULE values are always read by libical. The records are the same either
 * way.
 *
 * Limits (io/limits.h): a VEVENT with a content line of a property liaison
 * reads longer than LSN_LIMIT_LINE_BYTES, or with more than
 * LSN_LIMIT_ATTENDEES attendees, is malformed ("FILE:LINE: UID: ...; event
 * skipped", LINE the offending line), with no identity of its own; a
 * VTIMEZONE over LSN_LIMIT_ZONE_OBSERVANCES, LSN_LIMIT_ZONE_RULES or the
 * line limit is ignored with a warning; a file with more than
 * LSN_LIMIT_ZONES_PER_FILE VTIMEZONEs is LSN_EPARSE.
 *
 * @param src      destination set and file (its path names it in warnings),
 *                 the zone of floating times (--tz), and this thread's
 *                 scratch (src->ics), or NULL for a temporary one; its org
 *                 is not used
 * @param data     the file's bytes, NUL-terminated (data[len] == '\0');
 *                 must be valid UTF-8 (io/load_files.c converts Latin-1 first)
 * @param[out] vevents number of VEVENT records read
 * @return LSN_OK, LSN_EPARSE when the file is not iCalendar at all or has too
 *         many VTIMEZONEs, LSN_ENOMEM.
 *         Cost: O(file size), plus libical's parse of each VEVENT that the
 *         fast reader leaves to it.
 */
int lsn_ics_parse(const lsn_raw_source *src, const char *data, size_t len, int64_t *vevents);

#endif
