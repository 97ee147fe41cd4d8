/*
 * io/outlook.h — Outlook CSV export front end ("File > Open & Export >
 * Import/Export > Export to a file > Comma Separated Values"): one file's
 * rows into raw event records (io/raw.h), a row of the table of formats
 * (io/formats.c). Expansion, merging and accounting happen later in the
 * loader (io/load.c and its load_*.c), the same for every format.
 *
 * What the format is, and how it is read (SPEC §1.4; also README.md):
 *
 * Columns (names case-insensitive, any order, extra columns ignored; a BOM
 * and CRLF line ends are fine): Subject, Start Date, Start Time, End Date,
 * End Time, All day event, Meeting Organizer, Required Attendees, Optional
 * Attendees, Meeting Resources. Subject and Start Date are required.
 *
 * Dates, the localized forms Outlook writes:
 *   M/D/YYYY and MM/DD/YYYY (US; slashes are month first), and D/M/YYYY
 *     when the file itself says so: some slash date of the file has a first
 *     number above 12 and none has a second number above 12 (a warning
 *     names the choice);
 *   YYYY-MM-DD and YYYY/MM/DD;
 *   D.M.YYYY and DD.MM.YYYY (German and other European locales).
 * Two-digit years and month names are refused.
 * Times: 12-hour "h:mm:ss AM/PM", "h:mm AM/PM" (also am/pm, a.m./p.m.;
 * 12 AM is midnight) and 24-hour "HH:MM:SS", "HH:MM", "H:MM".
 * All day event: true/false, yes/no, 1/0, on/off (any case), and the German
 * Ein/Aus; empty is false.
 * A row whose Start Date, Start Time (unless all-day), End Date, End Time or
 * All day event value cannot be read is malformed: a warning
 * "FILE:LINE: unreadable Start Date 'VALUE' (expected M/D/YYYY, YYYY-MM-DD
 * or D.M.YYYY)" and one `malformed` skip for that row. An empty End Date is
 * the Start Date; an empty End Time on a timed row gives a zero duration
 * (`nonpositive_duration`).
 *
 * A row with more than LSN_LIMIT_ATTENDEES people in Required Attendees,
 * Optional Attendees and Meeting Resources is malformed ("FILE:LINE: more
 * than N attendees; event skipped"); the limits of lsn_csv_read() hold for
 * the file.
 *
 * Time: the export carries no zone; every time is floating, in the zone of
 * --tz (default UTC), like a floating iCalendar time.
 *
 * People: Meeting Organizer, Required Attendees and Optional Attendees hold
 * `;`-separated display names or addresses ("Name <addr>" and quotes are
 * understood); names are resolved through the people.csv names
 * (lsn_rawset_person()). A name that matches nobody, or several people, is
 * an unknown participant listed by the name (a warning names an ambiguous
 * name once per file). Optional attendees are present. Meeting Resources are
 * rooms, never people.
 *
 * Identity: a row has no UID. A copy's identity is (subject, start,
 * organizer); rows with the same subject, organizer, time of day and
 * duration form one series, whatever the weekday (a daily stand-up is one
 * series, not five). Each row becomes a raw event with uid = "outlook:" + a
 * hash of (subject, organizer, time of day, duration) and RECURRENCE-ID =
 * its start, so identical rows of several mailbox files merge as copies of
 * one instance, and a series is one UID; io/load_merge.c gives every copy of one
 * (subject, start, organizer) the UID of its first copy in path order, so a
 * stale copy with another duration is a copy, not a second meeting. A row
 * moved to another time of day, or made longer or shorter, is an instance
 * of another series. These identities never equal an iCalendar or
 * Graph UID: an Outlook export and another format's export of the same
 * mailboxes, loaded together, count each meeting twice.
 *
 * What the format cannot carry: replies (no declines: every listed attendee
 * is present), cancellations (a cancelled meeting is simply absent, or, when
 * still listed, a meeting), non-participants, group addresses (a mailing
 * list address is one unknown or external participant, not a group),
 * SEQUENCE and DTSTAMP (ties between copies go to the first file), time
 * zones.
 */
#ifndef LSN_IO_OUTLOOK_H
#define LSN_IO_OUTLOOK_H

#include "io/model.h"
#include "io/raw.h"

#include <stdbool.h>
#include <stddef.h>

/**
 * True when the bytes start (after a BOM and blank lines) with a CSV header
 * that has both a "Subject" and a "Start Date" column (any case, quoted or
 * not). O(first line).
 */
bool lsn_outlook_sniff(const char *data, size_t len);

/**
 * True when the first line looks like an Outlook export's header (two or
 * more of the columns above) but lacks a required one (Subject or Start
 * Date), so that the file can be refused with the name of what is missing
 * rather than as "not a calendar".
 *
 * @param[out] missing the missing column as this module spells it (static)
 * @param[out] line    the header's line number
 */
bool lsn_outlook_sniff_missing(const char *data, size_t len, const char **missing, int *line);

/**
 * Read the Outlook CSV file src->path into src->set: one raw event per
 * data row (see the file comment for every rule).
 *
 * @param src  the file (read again from its path through lsn_csv_read()),
 *             the set it goes into, the roster (for display names) and the
 *             zone of the file's times (--tz)
 * @param[out] rows number of data rows read (malformed ones included)
 * @return LSN_OK; LSN_EIO (unreadable), LSN_EPARSE (a CSV syntax error such
 *         as "FILE:LINE: unterminated quoted field", or a missing Subject or
 *         Start Date column), LSN_ENOMEM. On an error the rows read so far
 *         stay in set: the caller drops them.
 *         Cost: two passes over the file; O(rows × attendees).
 */
int lsn_outlook_parse(const lsn_raw_source *src, int64_t *rows);

#endif
