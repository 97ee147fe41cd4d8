/*
 * io/ics.c — iCalendar front end. It splits a file into its VTIMEZONE and
 * VEVENT blocks by scanning lines (so each warning knows its line), parses
 * each block with libical and records what the loader needs as raw events.
 * It does not expand recurrences, merge copies or decide what is a meeting.
 */
#include "io/ics.h"

#include "io/error.h"
#include "io/model.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct block {
    const char *begin; /* first byte of the BEGIN line */
    const char *end;   /* one past the END line (or the end of the file) */
    int line;
};

struct file_zone {
    char *tzid;
    int32_t zone;
};

struct ctx {
    lsn_rawset *set;
    int32_t file;
    const char *path;
    const icaltimezone *floating;
    struct file_zone *zones;
    size_t nzones;
    char *buf;
    size_t bufcap;
    bool method_cancel;
    bool synthetic_uid; /* the VEVENT being read had no UID */
};

static bool line_is(const char *p, const char *end, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(end - p) < n || strncasecmp(p, word, n) != 0) {
        return false;
    }
    p += n;
    while (p < end && (*p == ' ' || *p == '\t')) {
        p++;
    }
    return p == end || *p == '\r' || *p == '\n';
}

bool lsn_ics_sniff(const char *data, size_t len)
{
    const char *p = data, *end = data + len;
    if (len >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF) {
        p += 3;
    }
    while (p < end && isspace((unsigned char)*p)) {
        p++;
    }
    return (size_t)(end - p) >= 15 && strncasecmp(p, "BEGIN:VCALENDAR", 15) == 0;
}

/* NUL-terminated copy of a block in the context's reusable buffer. */
static const char *block_text(struct ctx *c, const struct block *b)
{
    size_t n = (size_t)(b->end - b->begin);
    if (n + 1 > c->bufcap) {
        size_t cap = c->bufcap ? c->bufcap : 4096;
        while (cap < n + 1) {
            cap *= 2;
        }
        char *q = realloc(c->buf, cap);
        if (q == NULL) {
            return NULL;
        }
        c->buf = q;
        c->bufcap = cap;
    }
    memcpy(c->buf, b->begin, n);
    c->buf[n] = '\0';
    return c->buf;
}

static int32_t zone_for_tzid(struct ctx *c, const char *tzid, int line, const char *uid)
{
    if (tzid == NULL) {
        return LSN_ZONE_FLOATING;
    }
    /* Some producers quote the value or leave blanks around it. */
    char name[256];
    size_t n = strlen(tzid);
    while (n > 0 && (*tzid == '"' || *tzid == ' ')) {
        tzid++;
        n--;
    }
    while (n > 0 && (tzid[n - 1] == '"' || tzid[n - 1] == ' ')) {
        n--;
    }
    if (n >= sizeof(name)) {
        n = sizeof(name) - 1;
    }
    memcpy(name, tzid, n);
    name[n] = '\0';
    if (n == 0) {
        return LSN_ZONE_FLOATING;
    }
    for (size_t i = 0; i < c->nzones; i++) {
        if (strcmp(c->zones[i].tzid, name) == 0) {
            return c->zones[i].zone;
        }
    }
    icaltimezone *z = lsn_zone_builtin(name);
    if (z == icaltimezone_get_utc_timezone()) {
        return LSN_ZONE_UTC;
    }
    if (z != NULL) {
        int32_t id = lsn_rawset_add_builtin_zone(c->set, name, z);
        if (id >= 0) {
            struct file_zone *q = realloc(c->zones, (c->nzones + 1) * sizeof(*q));
            char *copy = strdup(name);
            if (q != NULL && copy != NULL) {
                c->zones = q;
                c->zones[c->nzones].tzid = copy;
                c->zones[c->nzones].zone = id;
                c->nzones++;
            } else {
                free(copy);
                if (q != NULL) {
                    c->zones = q;
                }
            }
            return id;
        }
    }
    lsn_warn("%s:%d: %s: unknown time zone '%s', read as floating time", c->path, line,
             uid ? uid : "(no UID)", name);
    /* Remember the answer so the warning is given once per file and zone. */
    struct file_zone *q = realloc(c->zones, (c->nzones + 1) * sizeof(*q));
    char *copy = strdup(name);
    if (q != NULL && copy != NULL) {
        c->zones = q;
        c->zones[c->nzones].tzid = copy;
        c->zones[c->nzones].zone = LSN_ZONE_FLOATING;
        c->nzones++;
    } else {
        free(copy);
        if (q != NULL) {
            c->zones = q;
        }
    }
    return LSN_ZONE_FLOATING;
}

static void add_vtimezone(struct ctx *c, const struct block *b)
{
    const char *text = block_text(c, b);
    if (text == NULL) {
        return;
    }
    icalcomponent *comp = icalparser_parse_string(text);
    if (comp == NULL || icalcomponent_isa(comp) != ICAL_VTIMEZONE_COMPONENT) {
        lsn_warn("%s:%d: unreadable VTIMEZONE ignored", c->path, b->line);
        if (comp != NULL) {
            icalcomponent_free(comp);
        }
        return;
    }
    icalproperty *p = icalcomponent_get_first_property(comp, ICAL_TZID_PROPERTY);
    const char *tzid = p ? icalproperty_get_tzid(p) : NULL;
    if (tzid == NULL || tzid[0] == '\0') {
        lsn_warn("%s:%d: VTIMEZONE without TZID ignored", c->path, b->line);
        icalcomponent_free(comp);
        return;
    }
    char *name = strdup(tzid);
    if (name == NULL) {
        icalcomponent_free(comp);
        return;
    }
    /* A definition without any STANDARD/DAYLIGHT rule cannot convert times;
     * a builtin zone of the same name (or Windows name) does better. */
    bool usable = icalcomponent_get_first_component(comp, ICAL_XSTANDARD_COMPONENT) != NULL ||
                  icalcomponent_get_first_component(comp, ICAL_XDAYLIGHT_COMPONENT) != NULL;
    int32_t id;
    if (usable) {
        id = lsn_rawset_add_zone(c->set, name, comp);
    } else {
        icalcomponent_free(comp);
        free(name);
        return;
    }
    if (id < 0) {
        free(name);
        return;
    }
    struct file_zone *q = realloc(c->zones, (c->nzones + 1) * sizeof(*q));
    if (q == NULL) {
        free(name);
        return;
    }
    c->zones = q;
    c->zones[c->nzones].tzid = name;
    c->zones[c->nzones].zone = id;
    c->nzones++;
}

/* UTC seconds of a local time in a zone; dates are local midnight. */
static int64_t to_utc(icaltimetype t, const icaltimezone *zone)
{
    if (t.is_date) {
        t.is_date = 0;
        t.hour = t.minute = t.second = 0;
    }
    t.zone = NULL;
    return (int64_t)icaltime_as_timet_with_zone(t, zone);
}

static bool time_ok(icaltimetype t)
{
    return !icaltime_is_null_time(t) && t.year >= 1 && t.year <= 9999 && t.month >= 1 &&
           t.month <= 12 && t.day >= 1 && t.day <= 31 && t.hour >= 0 && t.hour <= 23 &&
           t.minute >= 0 && t.minute <= 59 && t.second >= 0 && t.second <= 60;
}

/* The zone of a time property: UTC for a Z value, else its TZID, else floating. */
static int32_t prop_zone(struct ctx *c, icalproperty *p, icaltimetype t, int line, const char *uid)
{
    if (icaltime_is_utc(t)) {
        return LSN_ZONE_UTC;
    }
    icalparameter *tz = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
    return zone_for_tzid(c, tz ? icalparameter_get_tzid(tz) : NULL, line, uid);
}

static const icaltimezone *zone_ptr(struct ctx *c, int32_t zone)
{
    return zone == LSN_ZONE_FLOATING ? c->floating : lsn_rawset_zone(c->set, zone);
}

static int32_t intern_address(struct ctx *c, const char *value)
{
    if (value == NULL) {
        return -1;
    }
    char buf[512];
    size_t n = strlen(value);
    if (n >= sizeof(buf)) {
        n = sizeof(buf) - 1;
    }
    memcpy(buf, value, n);
    buf[n] = '\0';
    lsn_email_normalize(buf);
    if (buf[0] == '\0') {
        return -1;
    }
    return lsn_rawset_str(c->set, buf, strlen(buf));
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
        icalrecur_iterator *it = icalrecur_iterator_new(r, probe);
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
        int32_t z = prop_zone(c, p, t, ev->line, uid);
        if (!icaltime_is_utc(t) && icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER) ==
                                       NULL) {
            z = ev->zone;
        }
        if ((rc = lsn_rawset_add_time(c->set, to_utc(t, zone_ptr(c, z)))) != LSN_OK) {
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
            if (ndays == cap) {
                cap = cap ? cap * 2 : 16;
                int64_t *q = realloc(days, cap * sizeof(*q));
                if (q == NULL) {
                    free(days);
                    return lsn_error_set(LSN_ENOMEM, "out of memory");
                }
                days = q;
            }
            days[ndays++] = lsn_days_from_civil(t.year, (unsigned)t.month, (unsigned)t.day);
            continue;
        }
        int32_t z = prop_zone(c, p, t, ev->line, uid);
        if (!icaltime_is_utc(t) && icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER) ==
                                       NULL) {
            z = ev->zone;
        }
        if ((rc = lsn_rawset_add_time(c->set, to_utc(t, zone_ptr(c, z)))) != LSN_OK) {
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

static int add_vevent(struct ctx *c, const struct block *b, int64_t *vevents)
{
    int rc = LSN_OK;
    (*vevents)++;
    const char *text = block_text(c, b);
    if (text == NULL) {
        return lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    lsn_raw_event *ev = lsn_rawset_new_event(c->set);
    if (ev == NULL) {
        return lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    /* ev may move when the set grows; keep its index. */
    size_t index = c->set->nevents - 1;
    ev->file = c->file;
    ev->line = b->line;
    ev->uid = -1;
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
            int32_t z = prop_zone(c, prid, r, b->line, uname);
            ev = &c->set->events[index];
            ev->has_recid = true;
            ev->recurrence_id = to_utc(r, zone_ptr(c, z));
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
    int32_t zone = prop_zone(c, pstart, dtstart, b->line, uname);
    ev = &c->set->events[index];
    ev->zone = zone;
    ev->all_day = dtstart.is_date != 0;
    ev->dtstart_local = dtstart;
    ev->dtstart_local.zone = NULL;
    const icaltimezone *zp = zone_ptr(c, zone);
    ev->start = to_utc(dtstart, zp);

    icalproperty *pend = icalcomponent_get_first_property(comp, ICAL_DTEND_PROPERTY);
    icalproperty *pdur = icalcomponent_get_first_property(comp, ICAL_DURATION_PROPERTY);
    if (pend != NULL) {
        icaltimetype e = icalproperty_get_dtend(pend);
        if (time_ok(e)) {
            int32_t ez = e.is_date ? zone : prop_zone(c, pend, e, b->line, uname);
            if (!icaltime_is_utc(e) &&
                icalproperty_get_first_parameter(pend, ICAL_TZID_PARAMETER) == NULL) {
                ez = zone;
            }
            ev = &c->set->events[index];
            ev->duration = to_utc(e, zone_ptr(c, ez)) - ev->start;
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
            ev->dtstamp = to_utc(s, icaltime_is_utc(s) ? icaltimezone_get_utc_timezone() : zp);
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

int lsn_ics_parse(lsn_rawset *set,
                  int32_t file,
                  const char *data,
                  size_t len,
                  const icaltimezone *floating,
                  int64_t *vevents)
{
    int rc = LSN_OK;
    struct ctx c = {0};
    c.set = set;
    c.file = file;
    c.path = set->files[file];
    c.floating = floating;
    *vevents = 0;
    if (!lsn_ics_sniff(data, len)) {
        return lsn_error_set(LSN_EPARSE, "%s:1: not an iCalendar file (no BEGIN:VCALENDAR)",
                             c.path);
    }

    /* One pass over the lines: find the blocks and the calendar's METHOD. */
    struct block *events = NULL, *zones = NULL;
    size_t nevents = 0, nzones = 0, cap_e = 0, cap_z = 0;
    const char *p = data, *end = data + len;
    int line = 1;
    struct block *open = NULL; /* the block being read */
    bool open_is_event = false;
    int depth_other = 0; /* nested components inside the open block */
    while (p < end) {
        const char *eol = p;
        while (eol < end && *eol != '\n' && *eol != '\r') {
            eol++;
        }
        const char *next = eol;
        if (next < end && *next == '\r') {
            next++;
        }
        if (next < end && *next == '\n') {
            next++;
        }
        if (p < eol && *p != ' ' && *p != '\t') {
            if (open == NULL) {
                if (line_is(p, eol, "BEGIN:VEVENT") || line_is(p, eol, "BEGIN:VTIMEZONE")) {
                    open_is_event = toupper((unsigned char)p[6]) == 'V' &&
                                    toupper((unsigned char)p[7]) == 'E';
                    struct block **arr = open_is_event ? &events : &zones;
                    size_t *n = open_is_event ? &nevents : &nzones;
                    size_t *cap = open_is_event ? &cap_e : &cap_z;
                    if (*n == *cap) {
                        size_t nc = *cap ? *cap * 2 : 64;
                        struct block *q = realloc(*arr, nc * sizeof(*q));
                        if (q == NULL) {
                            rc = lsn_error_set(LSN_ENOMEM, "out of memory");
                            goto cleanup;
                        }
                        *arr = q;
                        *cap = nc;
                    }
                    open = &(*arr)[(*n)++];
                    open->begin = p;
                    open->end = end;
                    open->line = line;
                    depth_other = 0;
                } else if ((size_t)(eol - p) >= 7 && strncasecmp(p, "METHOD:", 7) == 0) {
                    c.method_cancel = line_is(p, eol, "METHOD:CANCEL");
                }
            } else if (strncasecmp(p, "BEGIN:", 6) == 0) {
                if (open_is_event && line_is(p, eol, "BEGIN:VEVENT") && depth_other == 0) {
                    /* A VEVENT that never ended: close it here and restart. */
                    open->end = p;
                    open = NULL;
                    continue;
                }
                depth_other++;
            } else if (strncasecmp(p, "END:", 4) == 0) {
                if (depth_other > 0) {
                    depth_other--;
                } else if (line_is(p, eol, open_is_event ? "END:VEVENT" : "END:VTIMEZONE") ||
                           line_is(p, eol, "END:VCALENDAR")) {
                    open->end = line_is(p, eol, "END:VCALENDAR") ? p : next;
                    open = NULL;
                }
            }
        }
        /* A CR LF pair, a lone LF or a lone CR each end one line. */
        line++;
        if (next == eol) {
            break; /* eol == end */
        }
        p = next;
    }

    for (size_t i = 0; i < nzones; i++) {
        add_vtimezone(&c, &zones[i]);
    }
    for (size_t i = 0; i < nevents; i++) {
        if ((rc = add_vevent(&c, &events[i], vevents)) != LSN_OK) {
            goto cleanup;
        }
    }
cleanup:
    free(events);
    free(zones);
    free(c.buf);
    for (size_t i = 0; i < c.nzones; i++) {
        free(c.zones[i].tzid);
    }
    free(c.zones);
    return rc;
}
