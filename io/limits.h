/*
 * io/limits.h — every bound the loaders put on their input, in one place
 * (README.md, "Limits", lists them). Each is far above what a real export
 * reaches, and low enough that no input of 100 MB takes more than 30 s or
 * 2 GiB. An event over a limit is skipped and counted as `malformed` with a
 * warning "FILE:LINE: UID: ..."; a file over a limit is refused
 * ("FILE: ...": exit 1 when it was named, skipped with a warning inside a
 * folder); a roster over a limit is refused.
 */
#ifndef LSN_IO_LIMITS_H
#define LSN_IO_LIMITS_H

/* Files */

/** Bytes of one calendar file: a 100,000-person combined export is about 2.5 GB. */
#define LSN_LIMIT_FILE_BYTES (4LL << 30)

/**
 * Bytes read before the format is decided: a file that does not start as a
 * calendar of a known format within them (after a BOM and blank lines) is
 * refused before the rest is read.
 */
#define LSN_LIMIT_SNIFF_BYTES (64 * 1024)

/* iCalendar */

/**
 * Bytes of one unfolded content line of a property liaison reads (UID,
 * SUMMARY, DTSTART, ATTENDEE, RRULE, EXDATE, ...). The properties liaison
 * never reads (DESCRIPTION, X-ALT-DESC, ATTACH, LOCATION, X-..., ...) have
 * no bound of their own: they are dropped before a VEVENT goes to libical.
 */
#define LSN_LIMIT_LINE_BYTES (256 * 1024)

/** ATTENDEE properties of one VEVENT (attendees of one Graph event, of one Outlook row). */
#define LSN_LIMIT_ATTENDEES 10000

/** STANDARD and DAYLIGHT parts of one VTIMEZONE; a bigger one is ignored with a warning. */
#define LSN_LIMIT_ZONE_OBSERVANCES 1000

/** RRULE and RDATE lines of one VTIMEZONE; a bigger one is ignored with a warning. */
#define LSN_LIMIT_ZONE_RULES 1000

/** VTIMEZONE blocks of one file (IANA has about 600 zones). */
#define LSN_LIMIT_ZONES_PER_FILE 1000

/**
 * libical finds a zone's offset by expanding its observances' rules from
 * their DTSTART up to the year asked, at about 10 µs a transition. The
 * transitions one zone can cost (up to LSN_LIMIT_ZONE_LAST_YEAR, by each
 * RRULE's frequency, INTERVAL, UNTIL and COUNT, plus its RDATEs) are
 * counted when a definition is first seen: a zone over
 * LSN_LIMIT_ZONE_TRANSITIONS, or one that would take the distinct zones of
 * the whole load over LSN_LIMIT_ZONE_TRANSITIONS_LOAD, is ignored with a
 * warning. An Outlook zone (two yearly rules from 1601) costs 1,200; an
 * IANA zone with its whole history a few hundred.
 */
#define LSN_LIMIT_ZONE_TRANSITIONS 50000
#define LSN_LIMIT_ZONE_TRANSITIONS_LOAD 1000000

/**
 * The last year whose offsets are looked up in a zone's rules: a local time
 * after it is converted with the offsets of the same day 400 years earlier
 * (the Gregorian calendar repeats every 400 years, weekdays included), so
 * no date expands rules for centuries.
 */
#define LSN_LIMIT_ZONE_LAST_YEAR 2199

/* Recurrence expansion */

/**
 * Instances one recurring event may have between 35 days before the window
 * and 35 days after it (a meeting every day for 50 years).
 */
#define LSN_LIMIT_SERIES_INSTANCES 20000

/**
 * Steps the recurrence iterator may take from DTSTART to the end of the
 * expansion range for one rule: the rule's periods (seconds, minutes, ...,
 * years, by its FREQ and INTERVAL) times the candidates one period may
 * offer (its BYDAY, BYHOUR, ... lists). A daily rule may start 270 years
 * before the window, an hourly one 11 years, a minutely one 69 days.
 */
#define LSN_LIMIT_SERIES_STEPS 100000

/**
 * The work of expanding and merging every event of one load together, in
 * units of about 0.3 µs: a step of the recurrence iterator counts
 * LSN_LIMIT_WORK_PER_STEP (making an iterator ten steps), an instance copy
 * kept in the expansion range one plus one per attendee. At most this much,
 * or one unit per LSN_LIMIT_BYTES_PER_WORK bytes of calendar input when that
 * is more. The 150-person sample needs 0.3 million units; a generated
 * 20,000-person organization 4.5 million in its combined export (46 MB) and
 * 36 million in its mailboxes (515 MB: one unit per 14 bytes); mailboxes
 * made of nothing but weekly ten-person meetings would need one per 4
 * bytes. A load over it is refused: about 10 s of work on the machine of
 * README.md's figures.
 */
#define LSN_LIMIT_WORK 25000000LL
#define LSN_LIMIT_BYTES_PER_WORK 4
#define LSN_LIMIT_WORK_PER_STEP 5

/* Microsoft Graph JSON */

/** Bytes of one Graph JSON file (an export page holds a few megabytes). */
#define LSN_LIMIT_JSON_BYTES (512LL << 20)

/** Nesting of arrays and objects in a Graph JSON file (events nest about 5 deep). */
#define LSN_LIMIT_JSON_DEPTH 64

/* CSV (Outlook export, people.csv, teams.csv, needs.csv) */

/** Fields of one CSV record. */
#define LSN_LIMIT_CSV_COLUMNS 10000

/** Bytes of one CSV field (an attendee list of LSN_LIMIT_ATTENDEES names fits). */
#define LSN_LIMIT_CSV_FIELD_BYTES (1024 * 1024)

/* Roster */

/** Levels of the unit hierarchy below the root (real ones have fewer than 15). */
#define LSN_LIMIT_HIERARCHY_DEPTH 64

#endif
