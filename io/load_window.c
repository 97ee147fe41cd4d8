/*
 * io/load_window.c — the window: --from and --to, or the default derived
 * from the data (the latest instance not after the newest DTSTAMP), and the
 * span of the data that a refusal names. It expands only to find that
 * latest instance, and merges nothing.
 */
#include "io/load_internal.h"

#include "io/error.h"
#include "io/plural.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lsn_parse_date(const char *s, int *y, int *m, int *d)
{
    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-') {
        return LSN_EINVAL;
    }
    for (int i = 0; i < 10; i++) {
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) {
            return LSN_EINVAL;
        }
    }
    *y = atoi(s);
    *m = atoi(s + 5);
    *d = atoi(s + 8);
    return lsn_date_valid(*y, *m, *d) ? LSN_OK : LSN_EINVAL;
}

/* UTC seconds of local midnight of a day number in zone. */
static int64_t day_start(int64_t days, const icaltimezone *zone)
{
    int y, m, d;
    lsn_civil_from_days(days, &y, &m, &d);
    return (int64_t)icaltime_as_timet_with_zone(lsn_local_time(y, m, d, 0, 0, 0), zone);
}

/* `to` of SPEC §1.5: the day after the latest instance start that is not
 * later than the newest DTSTAMP. *found is false when there is no instance. */
static int default_to(struct loader *ld, int64_t *to_day, bool *found)
{
    int rc;
    *found = false;
    const lsn_rawset *set = &ld->set;
    int64_t bound = LSN_TIME_NONE;
    for (size_t i = 0; i < set->nevents; i++) {
        if (!set->events[i].malformed && set->events[i].dtstamp > bound) {
            bound = set->events[i].dtstamp;
        }
    }
    if (bound == LSN_TIME_NONE) {
        for (size_t i = 0; i < set->nevents; i++) {
            if (!set->events[i].malformed && set->events[i].start > bound) {
                bound = set->events[i].start;
            }
        }
    }
    int64_t latest = LSN_TIME_NONE;
    rc = load_latest_before(&latest, ld, bound);
    if (rc == LSN_OK && latest == LSN_TIME_NONE) {
        /* Every instance lies after the newest DTSTAMP (an export of future
         * meetings only): fall back to the latest DTSTART in the files. */
        int64_t bound2 = LSN_TIME_NONE;
        for (size_t i = 0; i < set->nevents; i++) {
            if (!set->events[i].malformed && set->events[i].start > bound2) {
                bound2 = set->events[i].start;
            }
        }
        rc = load_latest_before(&latest, ld, bound2);
    }
    if (rc != LSN_OK || latest == LSN_TIME_NONE) {
        return rc;
    }
    *to_day = local_day(latest, ld->tz) + 1;
    *found = true;
    return LSN_OK;
}

int load_set_window(struct loader *ld, const lsn_load_options *opts, lsn_window *w)
{
    int rc, y, m, d;
    int64_t from_day = 0, to_day = 0;
    bool has_from = opts->from != NULL, has_to = opts->to != NULL;
    if (has_from) {
        if (lsn_parse_date(opts->from, &y, &m, &d) != LSN_OK) {
            return lsn_error_set(LSN_EINVAL, "--from: '%s' is not a date (YYYY-MM-DD)", opts->from);
        }
        from_day = lsn_days_from_civil(y, (unsigned)m, (unsigned)d);
    }
    if (has_to) {
        if (lsn_parse_date(opts->to, &y, &m, &d) != LSN_OK) {
            return lsn_error_set(LSN_EINVAL, "--to: '%s' is not a date (YYYY-MM-DD)", opts->to);
        }
        to_day = lsn_days_from_civil(y, (unsigned)m, (unsigned)d);
    }
    if (!has_to) {
        bool found = true;
        if (has_from) {
            to_day = from_day + LSN_DEFAULT_WINDOW_DAYS;
        } else if ((rc = default_to(ld, &to_day, &found)) != LSN_OK) {
            return rc;
        }
        if (!found) {
            if (ld->set.nfiles == 0) {
                return lsn_error_set(LSN_EPARSE, "no calendar file found in the paths given");
            }
            if (ld->set.nfiles == 1) {
                return lsn_error_set(LSN_EPARSE,
                                     "%s: no event with a usable start (%zu event %s); "
                                     "nothing to analyze",
                                     ld->set.files[0], ld->set.nevents,
                                     lsn_plural((int64_t)ld->set.nevents, "record", "records"));
            }
            return lsn_error_set(LSN_EPARSE,
                                 "no event with a usable start in %zu calendar files (%s, ...; "
                                 "%zu event %s); nothing to analyze",
                                 ld->set.nfiles, ld->set.nfiles ? ld->set.files[0] : "none",
                                 ld->set.nevents,
                                 lsn_plural((int64_t)ld->set.nevents, "record", "records"));
        }
    }
    if (!has_from) {
        from_day = to_day - LSN_DEFAULT_WINDOW_DAYS;
    }
    if (to_day <= from_day) {
        return lsn_error_set(LSN_EINVAL, "--to must be after --from");
    }
    ld->from = day_start(from_day, ld->tz);
    ld->to = day_start(to_day, ld->tz);
    ld->lo = ld->from - EXPAND_MARGIN;
    ld->hi = ld->to + EXPAND_MARGIN;
    w->from = ld->from;
    w->to = ld->to;
    lsn_format_day(w->from_date, from_day);
    lsn_format_day(w->to_date, to_day);
    return LSN_OK;
}

/* The dates of the first and last instance start in the calendars,
 * whatever the window: what the refusal of a window without a meeting
 * names (io/coverage.h). Recorded only then, as it expands every
 * recurrence once more. */
void load_record_span(struct loader *ld, lsn_input_stats *st)
{
    int64_t first = LSN_TIME_NONE, to_day;
    for (size_t i = 0; i < ld->set.nevents; i++) {
        const lsn_raw_event *ev = &ld->set.events[i];
        if (!ev->malformed && ev->start != LSN_TIME_NONE && !master_suppressed(ld, ev) &&
            (first == LSN_TIME_NONE || ev->start < first)) {
            first = ev->start;
        }
    }
    bool found = false;
    /* A failure here (the work budget, memory) only leaves the span
     * unknown: the refusal it would decorate is on its way already. */
    if (first == LSN_TIME_NONE || default_to(ld, &to_day, &found) != LSN_OK || !found) {
        lsn_error_clear();
        return;
    }
    lsn_format_day(st->span.first, local_day(first, ld->tz));
    lsn_format_day(st->span.last, to_day - 1);
    st->span.known = true;
}
