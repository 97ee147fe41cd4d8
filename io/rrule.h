/*
 * io/rrule.h — the recurrence rules most calendars use, stepped through in
 * local wall time with day arithmetic (io/civil.h), for the expansion
 * (io/load_expand.c): FREQ=DAILY (BYDAY as a filter, INTERVAL 1), WEEKLY
 * (BYDAY, INTERVAL, WKST), MONTHLY (BYMONTHDAY, or BYDAY with or without an
 * ordinal) and YEARLY on DTSTART's date, with COUNT. It gives the same
 * local times, in the same order, as libical's icalrecur_iterator_next()
 * on the same rule and DTSTART (tests/io/test_rrule.c compares them),
 * without libical's calendar arithmetic (ICU's, some 24,000 instructions a
 * step). UNTIL is left to the caller, which compares in UTC as libical
 * does, and so are occurrences near a change of the zone's offset
 * (lsn_rrule_near_change). Any other rule is refused, and the caller uses
 * libical.
 */
#ifndef LSN_IO_RRULE_H
#define LSN_IO_RRULE_H

#include <libical/ical.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct lsn_rrule_iter {
    int freq;      /* ICAL_DAILY_RECURRENCE .. ICAL_YEARLY_RECURRENCE */
    int interval;  /* >= 1 */
    int count;     /* occurrences left to give under COUNT; -1: no COUNT */
    int64_t first; /* DTSTART's day: nothing earlier is given */
    icaltimetype start;
    uint8_t wdays;    /* BYDAY without ordinals: bit 0 Monday .. bit 6 Sunday */
    int wkst;         /* 0 Monday .. 6 Sunday */
    int8_t mdays[31]; /* BYMONTHDAY values (1..28, -28..-1) */
    int nmdays;
    int8_t nth[7][2]; /* BYDAY with ordinals: nth[weekday] = ordinals (0: none) */
    bool ordinals;
    int64_t period;   /* day number of the current period's anchor (week start,
                         first of month, ...), or the year/month index */
    int64_t days[32]; /* the current period's days, ascending */
    int ndays, next;
    bool done;
} lsn_rrule_iter;

/**
 * Set it up for rule r from DTSTART dt (local wall time). False when the
 * rule is one this file does not step through (the caller then uses
 * libical): an UNTIL is allowed, and ignored. In a zone (dt.zone not NULL)
 * a time of day before 07:00 or from 21:00 on is refused too: that is
 * when zones change their offsets, and libical, which moves a time in a
 * DST gap past it, then also moves other days of the same month.
 */
bool lsn_rrule_iter_init(lsn_rrule_iter *it, const struct icalrecurrencetype *r, icaltimetype dt);

/**
 * Whether the caller can apply r's UNTIL itself, comparing instants as
 * libical does: no UNTIL, or an UNTIL with a zone (UTC's, or the zone the
 * caller gave a date UNTIL) after a DTSTART with a time in a zone.
 */
static inline bool lsn_rrule_until_ok(const struct icalrecurrencetype *r, icaltimetype dt)
{
    return icaltime_is_null_time(r->until) ||
           (dt.zone != NULL && !dt.is_date && !r->until.is_date && r->until.zone != NULL);
}

/**
 * Whether an occurrence given in a zone may differ from libical's: libical
 * moves a local time in a DST gap past it, and the caller cannot tell a
 * gap from the hours after one without the zone's changes. It passes the
 * UTC instants of the occurrence t and of t three hours earlier: unless
 * they are three hours apart, the zone's offset changed in between, and
 * the caller expands the rule with libical instead.
 */
static inline bool lsn_rrule_near_change(int64_t utc, int64_t utc_3h_before)
{
    return utc - utc_3h_before != 3 * 3600;
}

/** The next occurrence in local wall time (DTSTART's time of day and
 *  is_date; no zone), or icaltime_null_time() when there is none. */
icaltimetype lsn_rrule_iter_next(lsn_rrule_iter *it);

#endif
