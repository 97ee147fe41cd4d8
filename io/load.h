/*
 * io/load.h — load calendar files and folders into a lsn_calendar: file
 * discovery, format detection, recurrence expansion inside the window,
 * merging of copies across mailboxes, the "not a meeting" decisions and the
 * input accounting of SPEC §1.4-1.5.
 */
#ifndef LSN_IO_LOAD_H
#define LSN_IO_LOAD_H

#include "io/model.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct lsn_load_options {
    const char *tz;   /* IANA zone of floating times and window edges; NULL = "UTC" */
    const char *from; /* YYYY-MM-DD, inclusive; NULL = derived (SPEC §1.5) */
    const char *to;   /* YYYY-MM-DD, exclusive; NULL = derived */
    bool progress;    /* report progress on standard error */
} lsn_load_options;

#define LSN_LOAD_OPTIONS_INIT {NULL, NULL, NULL, false}

/** Number of days in the default window (13 weeks). */
#define LSN_DEFAULT_WINDOW_DAYS 91

/**
 * Load every calendar under paths (files, or folders read recursively in
 * path order; hidden entries skipped) against the roster org.
 *
 * The window: [from 00:00, to 00:00) in tz. Without --to, `to` is the day
 * after the latest instance start that is not later than the newest DTSTAMP
 * (or, with no DTSTAMP anywhere, than the latest DTSTART); without --from,
 * `from` is 91 days before `to`; --from alone gives to = from + 91 days.
 *
 * A file named directly that cannot be read, or that is not a calendar, is
 * an error; inside a folder, a file that is not a calendar is skipped with a
 * warning. A malformed event is a warning and counts as skipped.
 *
 * @param[out] out the calendar, owned by the caller (NULL on failure)
 * @return LSN_OK; LSN_EIO (unreadable), LSN_EPARSE (not a calendar, no events
 *         at all), LSN_EINVAL (bad --tz/--from/--to), LSN_ENOMEM.
 *         Cost: O(input bytes + expanded instance copies × attendees).
 */
int lsn_calendar_load(lsn_calendar **out,
                      const lsn_org *org,
                      const char *const *paths,
                      size_t npaths,
                      const lsn_load_options *opts);

/**
 * Parse a YYYY-MM-DD date; returns LSN_OK or LSN_EINVAL (no message).
 */
int lsn_parse_date(const char *s, int *y, int *m, int *d);

#endif
