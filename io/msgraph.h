/*
 * io/msgraph.h — Microsoft Graph event JSON front end (GET /me/events,
 * /calendarView, /events/{id}/instances, delta responses, or one event):
 * one file's events into raw event records (io/raw.h), parsed with jansson.
 * A row of the table of formats (io/formats.c). Expansion, merging and
 * accounting happen later in the loader (io/load.c and its load_*.c), the
 * same for every format.
 *
 * What is read (SPEC §1.4; also README.md):
 *
 * Shapes: a JSON array of events; an object with a `value` array (one page
 * of a list or delta response; several files are several pages); a single
 * event object; or an object whose members are all event objects (named
 * captures). Delta entries with `@removed` are deletions: skipped, not
 * counted as events. A file that is not valid JSON is refused:
 * "FILE:LINE: invalid JSON: <jansson's text>" (LSN_EPARSE).
 *
 * Fields: subject; start/end {dateTime, timeZone} (IANA or Windows zone
 * names through lsn_zone_builtin(), "UTC"; a dateTime without timeZone is
 * UTC, Graph's default; a dateTime ending in Z or with an offset is taken as
 * written); isAllDay (a floating date, like an iCalendar DATE); isCancelled;
 * organizer.emailAddress.address; attendees[] with emailAddress {address,
 * name} (an attendee without an address is resolved by its name as in
 * Outlook CSV), type required/optional (present) or resource (a room) and
 * status.response: declined is not present; accepted and organizer are
 * ACCEPTED, tentativelyAccepted TENTATIVE, none and notResponded
 * NEEDS-ACTION; lastModifiedDateTime plays DTSTAMP (there is no SEQUENCE).
 *
 * Identity: iCalUId, else id. type seriesMaster carries `recurrence`;
 * occurrence and exception records name their master by seriesMasterId (the
 * master's mailbox-specific id) and are keyed by originalStart (their own
 * start when it is missing). io/load_merge.c joins them to the master's iCalUId
 * after every file is read; when the master is in none of the files, an
 * Exchange iCalUId (040000008200E00074C5B7101A82E008...) with its instance
 * date bytes cleared names the series, else "graph-series:" + seriesMasterId.
 * Where occurrences or exceptions of a master are in the data they are its
 * instances and the master is not expanded; otherwise its recurrence is.
 *
 * Recurrence to RRULE: pattern.type daily -> FREQ=DAILY; weekly ->
 * FREQ=WEEKLY;BYDAY=daysOfWeek;WKST=firstDayOfWeek (default sunday);
 * absoluteMonthly -> FREQ=MONTHLY;BYMONTHDAY=dayOfMonth (29..31: the last
 * day of shorter months, as Outlook does: BYMONTHDAY=28..d;BYSETPOS=-1);
 * relativeMonthly -> FREQ=MONTHLY;BYDAY=<index>DAY (several days:
 * BYDAY=...;BYSETPOS=index), index first/second/third/fourth/last = 1/2/3/
 * 4/-1; absoluteYearly -> FREQ=YEARLY;BYMONTH=month;BYMONTHDAY=dayOfMonth
 * (Feb 29: the last day of February); relativeYearly -> FREQ=YEARLY;
 * BYMONTH=month;BYDAY as relativeMonthly. interval -> INTERVAL (0 or
 * missing: 1). range endDate -> UNTIL=endDate as a DATE, inclusive of that
 * whole day; numbered -> COUNT=numberOfOccurrences; noEnd -> neither. The
 * rule is expanded in range.recurrenceTimeZone (else start.timeZone) from
 * the master's start; a start that does not match the pattern moves to the
 * first day that does (Graph's first occurrence).
 *
 * An event without a usable start, or with a recurrence that cannot be
 * expanded, or with more than LSN_LIMIT_ATTENDEES attendees, is malformed:
 * "FILE:LINE: ID: what is wrong; event skipped".
 *
 * Limits (io/limits.h), checked before jansson reads the file: a file
 * larger than LSN_LIMIT_JSON_BYTES, or whose arrays and objects nest more
 * than LSN_LIMIT_JSON_DEPTH deep, is refused (LSN_EPARSE).
 */
#ifndef LSN_IO_MSGRAPH_H
#define LSN_IO_MSGRAPH_H

#include "io/model.h"
#include "io/raw.h"

#include <stdbool.h>
#include <stddef.h>

/** True when the bytes look like JSON: '[' or '{' after a BOM and white space. */
bool lsn_msgraph_sniff(const char *data, size_t len);

/**
 * Parse one Graph JSON file into set. Every event object becomes one raw
 * event (see the file comment for every rule); an unusable one is kept with
 * malformed=true after a warning.
 *
 * @param src  the file, the set it goes into, the roster (attendees given
 *             only by name) and the zone of the --tz option (all-day dates)
 * @param data the file's bytes (a BOM is skipped), valid UTF-8
 * @param len  their number
 * @param[out] events number of event records read (@removed entries excluded)
 * @return LSN_OK; LSN_EPARSE "FILE:LINE: invalid JSON: ...", "FILE:1: not
 *         a Microsoft Graph event export ..." or a limit; LSN_ENOMEM. On an error
 *         nothing was added to set. Cost: O(file size).
 */
int lsn_msgraph_parse(const lsn_raw_source *src, const char *data, size_t len, int64_t *events);

/**
 * The series identity an Exchange iCalUId implies: the id with its instance
 * date (hex digits 33..40) cleared, as the master's iCalUId has it. Writes
 * the result into out (cap bytes) and returns true when uid is such an id.
 */
bool lsn_msgraph_series_uid(char *out, size_t cap, const char *uid);

#endif
