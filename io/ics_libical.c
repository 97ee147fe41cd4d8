/*
 * io/ics_libical.c — one VEVENT block into a raw event: the fast reader when
 * it takes the block, else libical's parser (identity, times, recurrence,
 * people, with a warning for what is malformed). It does not split a file or
 * expand a recurrence.
 */
#include "io/ics_internal.h"

#include "io/bytescan.h"
#include "io/error.h"
#include "io/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* isspace() of the C locale, the one liaison runs in. */
static bool is_c_space(char ch)
{
    return ch == ' ' || (ch >= '\t' && ch <= '\r');
}

static bool time_ok(icaltimetype t)
{
    return !icaltime_is_null_time(t) && t.year >= 1 && t.year <= 9999 && t.month >= 1 &&
           t.month <= 12 && t.day >= 1 && t.day <= 31 && t.hour >= 0 && t.hour <= 23 &&
           t.minute >= 0 && t.minute <= 59 && t.second >= 0 && t.second <= 60;
}

/* The 7 bytes at s are "mailto:" in any case (ASCII, as strncasecmp in the
 * C locale, in three compares): setting bit 0x20 makes a capital of each
 * letter small and changes no other byte into a letter. */
static bool has_mailto(const char *s)
{
    static const char word[] = "mailto:";
    uint32_t got4, want4;
    uint16_t got2, want2;
    memcpy(&got4, s, 4);
    memcpy(&want4, word, 4);
    memcpy(&got2, s + 4, 2);
    memcpy(&want2, word + 4, 2);
    return (got4 | 0x20202020u) == want4 && (uint16_t)(got2 | 0x2020u) == want2 && s[6] == ':';
}

int32_t ics_intern_address(struct ctx *c, const char *value, size_t len)
{
    if (value == NULL) {
        return -1;
    }
    /* lsn_email_normalize() of the first 511 bytes, in one pass that knows the length. */
    char buf[512];
    size_t n = len < sizeof(buf) - 1 ? len : sizeof(buf) - 1;
    const char *s = value, *end = value + n;
    while (s < end && is_c_space(*s)) {
        s++;
    }
    if (end - s >= 7 && has_mailto(s)) {
        s += 7;
        while (s < end && is_c_space(*s)) {
            s++;
        }
    }
    while (end > s && is_c_space(end[-1])) {
        end--;
    }
    if (s == end) {
        return -1;
    }
    size_t k = (size_t)(end - s);
    lsn_copy_lower(buf, s, k);
    return lsn_rawset_str(c->set, buf, k);
}

/* ics_intern_address() of a NUL-terminated value, or NULL. */
static int32_t intern_address(struct ctx *c, const char *value)
{
    return ics_intern_address(c, value, value != NULL ? strlen(value) : 0);
}

static int malformed(struct ctx *c, lsn_raw_event *ev, const char *uid, const char *why)
{
    lsn_warn("%s:%d: %s: %s; event skipped", c->path, ev->line, uid ? uid : "(no UID)", why);
    ev->malformed = true;
    if (c->synthetic_uid) {
        /* No identity to share: each such record counts once on its own. */
        int32_t empty = lsn_rawset_str(c->set, "", 0);
        if (empty >= 0) {
            ev->uid = empty;
        }
    }
    return LSN_OK;
}

/* The X-LIC-ERROR text libical left for a property it dropped, if any. */
static const char *dropped_property(icalcomponent *comp, const char *name)
{
    for (icalproperty *p = icalcomponent_get_first_property(comp, ICAL_XLICERROR_PROPERTY);
         p != NULL; p = icalcomponent_get_next_property(comp, ICAL_XLICERROR_PROPERTY)) {
        const char *text = icalproperty_get_xlicerror(p);
        if (text != NULL && strstr(text, name) != NULL) {
            return text;
        }
    }
    return NULL;
}

static uint8_t partstat_of(icalproperty *p)
{
    icalparameter *a = icalproperty_get_first_parameter(p, ICAL_PARTSTAT_PARAMETER);
    if (a == NULL) {
        return LSN_PS_NEEDS_ACTION;
    }
    switch (icalparameter_get_partstat(a)) {
    case ICAL_PARTSTAT_ACCEPTED:
        return LSN_PS_ACCEPTED;
    case ICAL_PARTSTAT_DECLINED:
        return LSN_PS_DECLINED;
    case ICAL_PARTSTAT_TENTATIVE:
        return LSN_PS_TENTATIVE;
    case ICAL_PARTSTAT_DELEGATED:
        return LSN_PS_DELEGATED;
    default:
        return LSN_PS_NEEDS_ACTION;
    }
}

static uint8_t cutype_of(icalproperty *p)
{
    icalparameter *a = icalproperty_get_first_parameter(p, ICAL_CUTYPE_PARAMETER);
    if (a == NULL) {
        return LSN_CU_PERSON;
    }
    switch (icalparameter_get_cutype(a)) {
    case ICAL_CUTYPE_GROUP:
        return LSN_CU_GROUP;
    case ICAL_CUTYPE_ROOM:
    case ICAL_CUTYPE_RESOURCE:
        return LSN_CU_ROOM;
    default:
        return LSN_CU_PERSON;
    }
}

static bool nonparticipant(icalproperty *p)
{
    icalparameter *a = icalproperty_get_first_parameter(p, ICAL_ROLE_PARAMETER);
    return a != NULL && icalparameter_get_role(a) == ICAL_ROLE_NONPARTICIPANT;
}

static int read_people(struct ctx *c, lsn_raw_event *ev, icalcomponent *comp)
{
    icalproperty *p = icalcomponent_get_first_property(comp, ICAL_ORGANIZER_PROPERTY);
    if (p != NULL) {
        ev->organizer = intern_address(c, icalproperty_get_organizer(p));
    }
    for (p = icalcomponent_get_first_property(comp, ICAL_ATTENDEE_PROPERTY); p != NULL;
         p = icalcomponent_get_next_property(comp, ICAL_ATTENDEE_PROPERTY)) {
        lsn_raw_attendee a;
        a.addr = intern_address(c, icalproperty_get_attendee(p));
        if (a.addr < 0) {
            continue;
        }
        a.partstat = partstat_of(p);
        a.cutype = cutype_of(p);
        a.nonparticipant = nonparticipant(p);
        int rc = lsn_rawset_add_attendee(c->set, &a);
        if (rc != LSN_OK) {
            return rc;
        }
        ev->att_count++;
    }
    return LSN_OK;
}

/* Entries of a BY* list of a rule. */
static int by_count(const short *a, int size)
{
    int n = 0;
    while (n < size && a[n] != ICAL_RECURRENCE_ARRAY_MAX) {
        n++;
    }
    return n;
}

/*
 * A rule whose every BYSETPOS lies beyond the most instances one period can
 * hold (a sixth Thursday of a month): it never occurs, and libical's
 * iterator looks for its first instance period by period up to the year
 * 2582 (seconds per rule). The bound only over-counts, so no rule that can
 * occur is refused.
 */
bool ics_setpos_never(const struct icalrecurrencetype *r)
{
    int nsetpos = by_count(r->by_set_pos, ICAL_BY_SETPOS_SIZE);
    if (nsetpos == 0) {
        return false;
    }
    int nday = by_count(r->by_day, ICAL_BY_DAY_SIZE);
    int nmday = by_count(r->by_month_day, ICAL_BY_MONTHDAY_SIZE);
    long most = 1; /* instances per period: days ... */
    if (r->freq == ICAL_YEARLY_RECURRENCE) {
        most = nday > 0 && 53 * nday < 366 ? 53 * nday : 366;
    } else if (r->freq == ICAL_MONTHLY_RECURRENCE) {
        most = nday > 0 && 5 * nday < 31 ? 5 * nday : 31;
        most = nmday > 0 && nmday < most ? nmday : most;
    } else if (r->freq == ICAL_WEEKLY_RECURRENCE) {
        most = nday > 0 && nday < 7 ? nday : 7;
    }
    /* ... times the hours, minutes and seconds below the frequency */
    int nhour = by_count(r->by_hour, ICAL_BY_HOUR_SIZE);
    int nminute = by_count(r->by_minute, ICAL_BY_MINUTE_SIZE);
    int nsecond = by_count(r->by_second, ICAL_BY_SECOND_SIZE);
    most *= r->freq > ICAL_HOURLY_RECURRENCE && nhour > 0 ? nhour : 1;
    most *= r->freq > ICAL_MINUTELY_RECURRENCE && nminute > 0 ? nminute : 1;
    most *= r->freq > ICAL_SECONDLY_RECURRENCE && nsecond > 0 ? nsecond : 1;
    for (int i = 0; i < nsetpos; i++) {
        if (abs(r->by_set_pos[i]) <= most) {
            return false;
        }
    }
    return true;
}

static int read_recurrence(struct ctx *c,
                           lsn_raw_event *ev,
                           icalcomponent *comp,
                           const char *uid,
                           bool *bad)
{
    int rc;
    *bad = false;
    ev->rule_first = (uint32_t)c->set->nrules;
    for (icalproperty *p = icalcomponent_get_first_property(comp, ICAL_RRULE_PROPERTY);
         p != NULL; p = icalcomponent_get_next_property(comp, ICAL_RRULE_PROPERTY)) {
        struct icalrecurrencetype r = icalproperty_get_rrule(p);
        if (r.freq == ICAL_NO_RECURRENCE) {
            *bad = true;
            return malformed(c, ev, uid, "unparsable RRULE");
        }
        /* Some parsable rules cannot be iterated (BYMONTHDAY with WEEKLY,
         * BYWEEKNO outside YEARLY): reject them here, with the line. */
        icaltimetype probe = ev->dtstart_local;
        probe.zone = NULL;
        icalrecur_iterator *it = ics_setpos_never(&r) ? NULL : icalrecur_iterator_new(r, probe);
        if (it == NULL) {
            *bad = true;
            return malformed(c, ev, uid, "RRULE cannot be expanded");
        }
        icalrecur_iterator_free(it);
        char *text = icalrecurrencetype_as_string_r(&r);
        if (text == NULL) {
            *bad = true;
            return malformed(c, ev, uid, "unparsable RRULE");
        }
        int32_t id = lsn_rawset_str(c->set, text, strlen(text));
        free(text);
        if (id < 0) {
            return id;
        }
        if ((rc = lsn_rawset_add_rule(c->set, id)) != LSN_OK) {
            return rc;
        }
        ev->rule_count++;
    }
    if (dropped_property(comp, "RRULE") != NULL) {
        *bad = true;
        return malformed(c, ev, uid, "unparsable RRULE");
    }
    ev->rdate_first = (uint32_t)c->set->ntimes;
    for (icalproperty *p = icalcomponent_get_first_property(comp, ICAL_RDATE_PROPERTY);
         p != NULL; p = icalcomponent_get_next_property(comp, ICAL_RDATE_PROPERTY)) {
        struct icaldatetimeperiodtype dp = icalproperty_get_rdate(p);
        icaltimetype t = icaltime_is_null_time(dp.time) ? dp.period.start : dp.time;
        if (!time_ok(t)) {
            lsn_warn("%s:%d: %s: unreadable RDATE ignored", c->path, ev->line, uid);
            continue;
        }
        if (t.is_date && !ev->all_day) {
            /* A date in a timed series: the series' time of day on that date. */
            t.is_date = 0;
            t.hour = ev->dtstart_local.hour;
            t.minute = ev->dtstart_local.minute;
            t.second = ev->dtstart_local.second;
        }
        int32_t z = ics_prop_zone(c, p, t, ev->line, uid);
        if (!icaltime_is_utc(t) && icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER) ==
                                       NULL) {
            z = ev->zone;
        }
        if ((rc = lsn_rawset_add_time(c->set, ics_to_utc(c, t, ics_zone_ptr(c, z)))) != LSN_OK) {
            return rc;
        }
        ev->rdate_count++;
    }
    ev->exdate_first = (uint32_t)c->set->ntimes;
    int64_t *days = NULL;
    size_t ndays = 0, cap = 0;
    for (icalproperty *p = icalcomponent_get_first_property(comp, ICAL_EXDATE_PROPERTY);
         p != NULL; p = icalcomponent_get_next_property(comp, ICAL_EXDATE_PROPERTY)) {
        icaltimetype t = icalproperty_get_exdate(p);
        if (!time_ok(t)) {
            lsn_warn("%s:%d: %s: unreadable EXDATE ignored", c->path, ev->line, uid);
            continue;
        }
        if (t.is_date) {
            /* An EXDATE given as a DATE removes every instance on that day. */
            rc = LSN_GROW(days, cap, ndays + 1);
            if (rc != LSN_OK) {
                free(days);
                return rc;
            }
            days[ndays++] = lsn_days_from_civil(t.year, (unsigned)t.month, (unsigned)t.day);
            continue;
        }
        int32_t z = ics_prop_zone(c, p, t, ev->line, uid);
        if (!icaltime_is_utc(t) && icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER) ==
                                       NULL) {
            z = ev->zone;
        }
        if ((rc = lsn_rawset_add_time(c->set, ics_to_utc(c, t, ics_zone_ptr(c, z)))) != LSN_OK) {
            free(days);
            return rc;
        }
        ev->exdate_count++;
    }
    ev->exday_first = (uint32_t)c->set->ntimes;
    for (size_t i = 0; i < ndays; i++) {
        if ((rc = lsn_rawset_add_time(c->set, days[i])) != LSN_OK) {
            free(days);
            return rc;
        }
        ev->exday_count++;
    }
    free(days);
    return LSN_OK;
}

int ics_add_vevent(struct ctx *c, const struct block *b, int64_t *vevents)
{
    int rc = LSN_OK;
    (*vevents)++;
    if (!c->scratch->libical_only) {
        bool done;
        if ((rc = ics_fast_vevent(c, b, &done)) != LSN_OK || done) {
            c->scratch->fast += done;
            return rc;
        }
    }
    c->scratch->libical++;
    if (!ics_reserve_buf(c->scratch, (size_t)(b->end - b->begin) + 1)) {
        return lsn_oom();
    }
    struct scan scan;
    ics_scan_block(b, true, c->scratch->buf, &scan);
    const char *text = c->scratch->buf;
    size_t index;
    lsn_raw_event *ev = ics_new_event(c, b->line, &index);
    if (ev == NULL) {
        return lsn_oom();
    }
    if (scan.over != NULL) {
        /* Never read: no identity to share, it counts once on its own. */
        lsn_warn("%s:%d: %s: %s; event skipped", c->path,
                 b->line + ics_count_breaks(b->begin, scan.at), scan.id[0] ? scan.id : "(no UID)",
                 scan.detail);
        ev->malformed = true;
        ev->uid = lsn_rawset_str(c->set, "", 0);
        return ev->uid < 0 ? ev->uid : LSN_OK;
    }
    icalcomponent *comp = icalparser_parse_string(text);
    if (comp == NULL || icalcomponent_isa(comp) != ICAL_VEVENT_COMPONENT) {
        ev->uid = lsn_rawset_str(c->set, "", 0);
        rc = malformed(c, ev, NULL, "unreadable VEVENT");
        goto cleanup;
    }

    const char *uid = icalcomponent_get_uid(comp);
    icalproperty *ps = icalcomponent_get_first_property(comp, ICAL_SUMMARY_PROPERTY);
    const char *summary = ps ? icalproperty_get_summary(ps) : NULL;
    int32_t sid = lsn_rawset_str(c->set, summary ? summary : "", summary ? strlen(summary) : 0);
    if (sid < 0) {
        rc = sid;
        goto cleanup;
    }
    c->set->events[index].summary = sid;

    icalproperty *pstart = icalcomponent_get_first_property(comp, ICAL_DTSTART_PROPERTY);
    icaltimetype dtstart = pstart ? icalproperty_get_dtstart(pstart) : icaltime_null_time();

    c->synthetic_uid = uid == NULL || uid[0] == '\0';
    if (c->synthetic_uid) {
        /* No identity: derive one from what copies of the event share, so
         * per-mailbox copies still merge. */
        char key[600];
        const char *org = NULL;
        icalproperty *po = icalcomponent_get_first_property(comp, ICAL_ORGANIZER_PROPERTY);
        if (po != NULL) {
            org = icalproperty_get_organizer(po);
        }
        snprintf(key, sizeof(key), "%s|%s|%s", pstart ? icaltime_as_ical_string(dtstart) : "",
                 summary ? summary : "", org ? org : "");
        char synth[40];
        snprintf(synth, sizeof(synth), "nouid:%016llx",
                 (unsigned long long)lsn_hash_bytes(key, strlen(key), 0));
        lsn_warn("%s:%d: VEVENT without UID, identified by its start, subject and organizer as %s",
                 c->path, b->line, synth);
        c->set->events[index].uid = lsn_rawset_str(c->set, synth, strlen(synth));
        uid = NULL;
    } else {
        c->set->events[index].uid = lsn_rawset_str(c->set, uid, strlen(uid));
    }
    ev = &c->set->events[index];
    if (ev->uid < 0) {
        rc = ev->uid;
        goto cleanup;
    }
    const char *uname = uid ? uid : lsn_strmap_get(c->set->strings, ev->uid);

    /* RECURRENCE-ID first: a malformed override is still keyed by it. */
    icalproperty *prid = icalcomponent_get_first_property(comp, ICAL_RECURRENCEID_PROPERTY);
    if (prid != NULL) {
        icaltimetype r = icalproperty_get_recurrenceid(prid);
        if (time_ok(r)) {
            int32_t z = ics_prop_zone(c, prid, r, b->line, uname);
            ev = &c->set->events[index];
            ev->has_recid = true;
            ev->recurrence_id = ics_to_utc(c, r, ics_zone_ptr(c, z));
            icalparameter *range = icalproperty_get_first_parameter(prid, ICAL_RANGE_PARAMETER);
            ev->range_future =
                range != NULL && icalparameter_get_range(range) == ICAL_RANGE_THISANDFUTURE;
        } else {
            rc = malformed(c, ev, uname, "unreadable RECURRENCE-ID");
            goto cleanup;
        }
    } else if (dropped_property(comp, "RECURRENCE-ID") != NULL) {
        rc = malformed(c, ev, uname, "unreadable RECURRENCE-ID");
        goto cleanup;
    }

    if (pstart == NULL || !time_ok(dtstart)) {
        rc = malformed(c, ev, uname,
                       pstart == NULL ? "no DTSTART" : "unreadable DTSTART");
        goto cleanup;
    }
    int32_t zone = ics_prop_zone(c, pstart, dtstart, b->line, uname);
    const icaltimezone *zp = ics_set_start(c, index, zone, dtstart);
    ev = &c->set->events[index];

    icalproperty *pend = icalcomponent_get_first_property(comp, ICAL_DTEND_PROPERTY);
    icalproperty *pdur = icalcomponent_get_first_property(comp, ICAL_DURATION_PROPERTY);
    if (pend != NULL) {
        icaltimetype e = icalproperty_get_dtend(pend);
        if (time_ok(e)) {
            int32_t ez = e.is_date ? zone : ics_prop_zone(c, pend, e, b->line, uname);
            if (!icaltime_is_utc(e) &&
                icalproperty_get_first_parameter(pend, ICAL_TZID_PARAMETER) == NULL) {
                ez = zone;
            }
            ev = &c->set->events[index];
            ev->duration = ics_to_utc(c, e, ics_zone_ptr(c, ez)) - ev->start;
        } else {
            lsn_warn("%s:%d: %s: unreadable DTEND, duration taken as zero", c->path, b->line,
                     uname);
        }
    } else if (pdur != NULL) {
        struct icaldurationtype d = icalproperty_get_duration(pdur);
        ev->duration = icaldurationtype_as_int(d);
    } else if (dropped_property(comp, "DTEND") != NULL ||
               dropped_property(comp, "DURATION") != NULL) {
        lsn_warn("%s:%d: %s: unreadable DTEND or DURATION, duration taken as zero", c->path,
                 b->line, uname);
    } else if (ev->all_day) {
        ev->duration = 86400;
    }

    ev->cancelled = c->method_cancel || icalcomponent_get_status(comp) == ICAL_STATUS_CANCELLED;
    ev->sequence = icalcomponent_get_sequence(comp);
    if (ev->sequence < 0) {
        ev->sequence = 0;
    }
    icalproperty *pstamp = icalcomponent_get_first_property(comp, ICAL_DTSTAMP_PROPERTY);
    if (pstamp != NULL) {
        icaltimetype s = icalproperty_get_dtstamp(pstamp);
        if (time_ok(s)) {
            const icaltimezone *z = icaltime_is_utc(s) ? icaltimezone_get_utc_timezone() : zp;
            ev->dtstamp = ics_to_utc(c, s, z);
        }
    }

    bool bad;
    if ((rc = read_recurrence(c, ev, comp, uname, &bad)) != LSN_OK || bad) {
        goto cleanup;
    }
    ev = &c->set->events[index];
    rc = read_people(c, ev, comp);
cleanup:
    if (comp != NULL) {
        icalcomponent_free(comp);
    }
    return rc;
}
