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

/*
 * Where the time of one load went, for benchmarks and --timings: filled
 * when lsn_load_options.profile points at one. Measurement only.
 */
typedef struct lsn_load_profile {
    double read_parse;       /* seconds (wall): files read, parsed and merged in path order */
    double window;           /* references between files resolved, the window fixed */
    double expand_merge;     /* recurrences expanded, copies merged, instances decided */
    int64_t bytes;           /* bytes of the calendar files read */
    int64_t files;           /* calendar files read */
    int64_t vevents_fast;    /* VEVENTs read by the fast reader of io/ics.c */
    int64_t vevents_libical; /* VEVENTs read by libical */
    int threads;             /* threads that read files */
} lsn_load_profile;

typedef struct lsn_load_options {
    const char *tz;   /* IANA zone of floating times and window edges; NULL = "UTC" */
    const char *from; /* YYYY-MM-DD, inclusive; NULL = derived (SPEC §1.5) */
    const char *to;   /* YYYY-MM-DD, exclusive; NULL = derived */
    bool progress;    /* report progress on standard error */
    /* Threads that read and parse files: 0 = one per online CPU, 1 = only
     * the calling thread. The result (every record, id, order, count and
     * warning, in the same order) is the same whatever the number. */
    int threads;
    bool libical_only;         /* parse every VEVENT with libical (slower; for checks) */
    lsn_load_profile *profile; /* NULL, or filled with where the time went */
    /* When set, called from the calling thread instead of drawing the
     * progress line itself (progress is then ignored): stage is "reading
     * calendars" (done of total files) or "merging meetings" (done of total
     * event records). */
    void (*on_progress)(void *ud, const char *stage, size_t done, size_t total);
    void *progress_ud;
} lsn_load_options;

#define LSN_LOAD_OPTIONS_INIT                                                                      \
    {                                                                                              \
        .tz = NULL, .from = NULL, .to = NULL, .progress = false, .threads = 0,                     \
        .libical_only = false, .profile = NULL, .on_progress = NULL, .progress_ud = NULL           \
    }

/** Most threads lsn_calendar_load() uses. */
#define LSN_LOAD_MAX_THREADS 64

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
 * Limits (io/limits.h): a file is sniffed on its first
 * LSN_LIMIT_SNIFF_BYTES and refused at once when they start no calendar, or
 * when it is larger than LSN_LIMIT_FILE_BYTES (like a file that is not a
 * calendar: an error when named, skipped inside a folder); a recurrence over
 * LSN_LIMIT_SERIES_INSTANCES or LSN_LIMIT_SERIES_STEPS makes its event
 * malformed ("FILE:LINE: UID: the recurrence ...; event skipped"); the work
 * of expanding and merging every event is bounded by LSN_LIMIT_WORK (or one
 * unit per LSN_LIMIT_BYTES_PER_WORK bytes read), past which the load fails
 * with LSN_EPARSE naming the event where it went over.
 *
 * Files are read and parsed on opts->threads threads, each into a set of
 * its own, and the sets are merged in path order, so that every id and
 * every order is the one a single thread gives; the warnings of each file
 * are held and passed to the warning handler in path order, from the
 * calling thread. Expansion, merging and the decisions run on the calling
 * thread.
 *
 * @param[out] out the calendar, owned by the caller (NULL on failure)
 * @return LSN_OK; LSN_EIO (unreadable), LSN_EPARSE (not a calendar, no events
 *         at all, over a limit), LSN_EINVAL (bad --tz/--from/--to), LSN_ENOMEM.
 *         Cost: O(input bytes + expanded instance copies × attendees), the
 *         latter bounded as above; each distinct recurrence (rule, start,
 *         zone, exceptions) is expanded once.
 */
int lsn_calendar_load(lsn_calendar **out,
                      const lsn_org *org,
                      const char *const *paths,
                      size_t npaths,
                      const lsn_load_options *opts);

#endif
