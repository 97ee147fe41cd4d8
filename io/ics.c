/*
 * io/ics.c — iCalendar front end. It splits a file into its VTIMEZONE and
 * VEVENT blocks by scanning lines (so each warning knows its line), reads
 * each block — a plain VEVENT with a fast reader of its own, anything else
 * with libical — and records what the loader needs as raw events. It does
 * not expand recurrences, merge copies or decide what is a meeting.
 */
#include "io/ics.h"

#include "io/error.h"
#include "io/model.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A property line of a VEVENT, as the fast reader keeps it (see below). */
struct fprop;

/* A checked RRULE text: the rule as libical writes it back, or NULL when
 * the fast reader must leave the VEVENT to libical. */
struct rule_memo {
    char *canonical;
};

struct lsn_ics_scratch {
    bool libical_only;
    char *buf; /* a block's text for libical, or its unfolded lines */
    size_t bufcap;
    struct fprop *props;
    size_t props_cap;
    lsn_strmap *rule_keys; /* RRULE text + DTSTART -> index in rules */
    struct rule_memo *rules;
    size_t rules_cap;
    int64_t fast, libical; /* VEVENTs read each way */
};

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
    lsn_ics_scratch *scratch;
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

/* Room for n bytes in the scratch buffer; false when out of memory. */
static bool reserve_buf(lsn_ics_scratch *s, size_t n)
{
    if (n > s->bufcap) {
        size_t cap = s->bufcap ? s->bufcap : 4096;
        while (cap < n) {
            cap *= 2;
        }
        char *q = realloc(s->buf, cap);
        if (q == NULL) {
            return false;
        }
        s->buf = q;
        s->bufcap = cap;
    }
    return true;
}

/* NUL-terminated copy of a block in the scratch buffer. */
static const char *block_text(struct ctx *c, const struct block *b)
{
    size_t n = (size_t)(b->end - b->begin);
    if (!reserve_buf(c->scratch, n + 1)) {
        return NULL;
    }
    memcpy(c->scratch->buf, b->begin, n);
    c->scratch->buf[n] = '\0';
    return c->scratch->buf;
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
    int32_t id;
    int status;
    const char *tzid;
    if (lsn_rawset_add_vtimezone(&id, c->set, b->begin, (size_t)(b->end - b->begin), &status,
                                 &tzid) != LSN_OK) {
        return;
    }
    if (status == LSN_VTZ_UNREADABLE) {
        lsn_warn("%s:%d: unreadable VTIMEZONE ignored", c->path, b->line);
        return;
    }
    if (status == LSN_VTZ_NO_TZID) {
        lsn_warn("%s:%d: VTIMEZONE without TZID ignored", c->path, b->line);
        return;
    }
    if (status != LSN_VTZ_OK) {
        return;
    }
    char *name = strdup(tzid);
    struct file_zone *q = name ? realloc(c->zones, (c->nzones + 1) * sizeof(*q)) : NULL;
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
static bool setpos_never(const struct icalrecurrencetype *r)
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
        icalrecur_iterator *it = setpos_never(&r) ? NULL : icalrecur_iterator_new(r, probe);
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

/* ------------------------------------------------------------------ */
/* The fast reader                                                      */
/*
 * Most VEVENTs of real exports (and all of a per-mailbox export made by
 * `liaison gen`) are a flat list of a few properties in their plainest
 * form, and libical's general parser spends most of its time allocating a
 * tree for them. The fast reader accepts a narrow grammar and leaves every
 * block it does not fully understand to libical, before it has changed
 * anything, so the records are the same either way:
 *
 *   - lines end in CRLF or LF and fold with one space or tab; no blank
 *     line, no NUL, no lone CR, no line of 8000 bytes or more (libical
 *     stops reading at 8192); the block is BEGIN:VEVENT ... END:VEVENT with
 *     no component inside it;
 *   - names in capitals, from a known list or X-; parameters NAME=VALUE
 *     with one value, quoted or not, without ^ or backslash, a comma or
 *     blanks at the ends; only the parameters each property is known to
 *     carry, enumerations with their standard values only;
 *   - values without blanks at their ends; times as YYYYMMDD or
 *     YYYYMMDDTHHMMSS[Z] that are real dates, VALUE agreeing; text with the
 *     escapes \\ \, \; \n \N only; RRULE read by libical itself (memoized),
 *     DURATION by libical's duration reader;
 *   - a UID and a DTSTART: anything malformed (which needs a warning) is
 *     libical's.
 */

#define FAST_MAX_LINE 8000

enum fkind {
    FK_UID,
    FK_SUMMARY,
    FK_DTSTART,
    FK_DTEND,
    FK_DURATION,
    FK_DTSTAMP,
    FK_SEQUENCE,
    FK_STATUS,
    FK_RRULE,
    FK_EXDATE,
    FK_RECURRENCE_ID,
    FK_ORGANIZER,
    FK_ATTENDEE,
    FK_TEXT,    /* LOCATION, DESCRIPTION, COMMENT: not read */
    FK_TRANSP,  /* not read, checked */
    FK_CLASS,   /* not read, checked */
    FK_STAMP,   /* CREATED, LAST-MODIFIED: not read, checked */
    FK_INTEGER, /* PRIORITY: not read, checked */
    FK_X,       /* X-...: not read */
    FK_COUNT
};

enum { VT_NONE = 0, VT_DATE, VT_DATETIME };

struct fprop {
    uint8_t kind;
    uint8_t value_type; /* VALUE=, VT_NONE when absent */
    uint8_t partstat, cutype;
    bool nonparticipant, range_future;
    bool seen_partstat, seen_cutype, seen_role;
    char *tzid;  /* NUL-terminated, NULL when absent */
    char *value; /* NUL-terminated */
    size_t vlen;
};

static const struct {
    const char *name;
    uint8_t kind;
} fast_names[] = {
    {"UID", FK_UID},
    {"SUMMARY", FK_SUMMARY},
    {"DTSTART", FK_DTSTART},
    {"DTEND", FK_DTEND},
    {"DURATION", FK_DURATION},
    {"DTSTAMP", FK_DTSTAMP},
    {"SEQUENCE", FK_SEQUENCE},
    {"STATUS", FK_STATUS},
    {"RRULE", FK_RRULE},
    {"EXDATE", FK_EXDATE},
    {"RECURRENCE-ID", FK_RECURRENCE_ID},
    {"ORGANIZER", FK_ORGANIZER},
    {"ATTENDEE", FK_ATTENDEE},
    {"LOCATION", FK_TEXT},
    {"DESCRIPTION", FK_TEXT},
    {"COMMENT", FK_TEXT},
    {"TRANSP", FK_TRANSP},
    {"CLASS", FK_CLASS},
    {"CREATED", FK_STAMP},
    {"LAST-MODIFIED", FK_STAMP},
    {"PRIORITY", FK_INTEGER},
};

static bool is_time_kind(uint8_t k)
{
    return k == FK_DTSTART || k == FK_DTEND || k == FK_RECURRENCE_ID || k == FK_EXDATE;
}

static bool token_is(const char *p, size_t n, const char *word)
{
    return strlen(word) == n && memcmp(p, word, n) == 0;
}

/* The fast reader's kind of a property name; false for a name it leaves to libical. */
static bool fast_kind(const char *name, size_t n, uint8_t *kind)
{
    if (n > 2 && name[0] == 'X' && name[1] == '-') {
        *kind = FK_X;
        return true;
    }
    for (size_t i = 0; i < sizeof(fast_names) / sizeof(fast_names[0]); i++) {
        if (token_is(name, n, fast_names[i].name)) {
            *kind = fast_names[i].kind;
            return true;
        }
    }
    return false;
}

/* Read one parameter of a property of kind k into f; false to leave the block to libical. */
static bool fast_param(struct fprop *f, const char *name, size_t n, char *value, size_t vn)
{
    uint8_t k = f->kind;
    bool x = n > 2 && name[0] == 'X' && name[1] == '-';
    if (is_time_kind(k)) {
        if (token_is(name, n, "TZID")) {
            if (f->tzid == NULL) {
                f->tzid = value;
            }
            return true;
        }
        if (token_is(name, n, "VALUE")) {
            uint8_t t = token_is(value, vn, "DATE")        ? VT_DATE
                        : token_is(value, vn, "DATE-TIME") ? VT_DATETIME
                                                           : VT_NONE;
            if (t == VT_NONE || (f->value_type != VT_NONE && f->value_type != t)) {
                return false;
            }
            f->value_type = t;
            return true;
        }
        if (k == FK_RECURRENCE_ID && token_is(name, n, "RANGE")) {
            if (!token_is(value, vn, "THISANDFUTURE")) {
                return false;
            }
            f->range_future = true;
            return true;
        }
        return false;
    }
    switch (k) {
    case FK_SUMMARY:
    case FK_TEXT:
        return x || token_is(name, n, "LANGUAGE") || token_is(name, n, "ALTREP");
    case FK_X:
        return x || token_is(name, n, "LANGUAGE");
    case FK_ORGANIZER:
        return x || token_is(name, n, "CN") || token_is(name, n, "SENT-BY") ||
               token_is(name, n, "DIR") || token_is(name, n, "LANGUAGE");
    case FK_ATTENDEE:
        break;
    default:
        return false;
    }
    if (x || token_is(name, n, "CN") || token_is(name, n, "SENT-BY") || token_is(name, n, "DIR") ||
        token_is(name, n, "LANGUAGE") || token_is(name, n, "DELEGATED-TO") ||
        token_is(name, n, "DELEGATED-FROM") || token_is(name, n, "MEMBER")) {
        return true;
    }
    if (token_is(name, n, "RSVP")) {
        return token_is(value, vn, "TRUE") || token_is(value, vn, "FALSE");
    }
    if (token_is(name, n, "PARTSTAT")) {
        static const char *const names[] = {"NEEDS-ACTION", "ACCEPTED", "DECLINED", "TENTATIVE",
                                            "DELEGATED"};
        static const uint8_t values[] = {LSN_PS_NEEDS_ACTION, LSN_PS_ACCEPTED, LSN_PS_DECLINED,
                                         LSN_PS_TENTATIVE, LSN_PS_DELEGATED};
        for (size_t i = 0; i < 5; i++) {
            if (token_is(value, vn, names[i])) {
                if (!f->seen_partstat) {
                    f->partstat = values[i];
                    f->seen_partstat = true;
                }
                return true;
            }
        }
        return false;
    }
    if (token_is(name, n, "CUTYPE")) {
        uint8_t t;
        if (token_is(value, vn, "INDIVIDUAL") || token_is(value, vn, "UNKNOWN")) {
            t = LSN_CU_PERSON;
        } else if (token_is(value, vn, "GROUP")) {
            t = LSN_CU_GROUP;
        } else if (token_is(value, vn, "ROOM") || token_is(value, vn, "RESOURCE")) {
            t = LSN_CU_ROOM;
        } else {
            return false;
        }
        if (!f->seen_cutype) {
            f->cutype = t;
            f->seen_cutype = true;
        }
        return true;
    }
    if (token_is(name, n, "ROLE")) {
        bool non = token_is(value, vn, "NON-PARTICIPANT");
        if (!non && !token_is(value, vn, "CHAIR") && !token_is(value, vn, "REQ-PARTICIPANT") &&
            !token_is(value, vn, "OPT-PARTICIPANT")) {
            return false;
        }
        if (!f->seen_role) {
            f->nonparticipant = non;
            f->seen_role = true;
        }
        return true;
    }
    return false;
}

static bool is_name_char(char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-';
}

static bool is_blank_byte(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\v' || ch == '\f' || ch == '\r' || ch == '\n';
}

/* Split one unfolded line (NUL-terminated, writable) into f; false to leave the block to libical.
 */
static bool fast_line(struct fprop *f, char *line, size_t len)
{
    memset(f, 0, sizeof(*f));
    char *p = line, *end = line + len;
    while (p < end && is_name_char(*p)) {
        p++;
    }
    if (p == line || p == end || !fast_kind(line, (size_t)(p - line), &f->kind)) {
        return false;
    }
    char sep = *p;
    while (sep == ';') {
        char *name = ++p;
        while (p < end && is_name_char(*p)) {
            p++;
        }
        if (p == name || p == end || *p != '=') {
            return false;
        }
        size_t n = (size_t)(p - name);
        char *value, *vend;
        p++;
        if (p < end && *p == '"') {
            value = ++p;
            while (p < end && *p != '"' && *p != '^' && *p != '\\') {
                p++;
            }
            if (p == end || *p != '"') {
                return false;
            }
            vend = p++;
        } else {
            value = p;
            while (p < end && *p != ';' && *p != ':' && *p != '"' && *p != ',' && *p != '^' &&
                   *p != '\\') {
                p++;
            }
            vend = p;
        }
        if (p == end || (*p != ';' && *p != ':') || vend == value || is_blank_byte(value[0]) ||
            is_blank_byte(vend[-1])) {
            return false;
        }
        sep = *p;
        *vend = '\0'; /* may be the separator itself, already read */
        if (!fast_param(f, name, n, value, (size_t)(vend - value))) {
            return false;
        }
    }
    if (sep != ':') {
        return false;
    }
    f->value = p + 1;
    f->vlen = (size_t)(end - f->value);
    return f->vlen > 0 && !is_blank_byte(f->value[0]) && !is_blank_byte(f->value[f->vlen - 1]);
}

/*
 * Unfold a block into the scratch buffer: one '\0'-terminated line after
 * another, CRLF or LF ends and one fold character removed. Returns the
 * number of bytes used, or 0 when the block is not for the fast reader.
 */
static size_t fast_unfold(lsn_ics_scratch *s, const char *p, const char *end)
{
    if (!reserve_buf(s, (size_t)(end - p) + 2) || memchr(p, '\0', (size_t)(end - p)) != NULL) {
        return 0;
    }
    char *out = s->buf, *line = out;
    while (p < end) {
        /* One physical line: copied whole, its CRLF or LF dropped. */
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl != NULL ? nl : end;
        const char *last = stop > p && stop[-1] == '\r' && nl != NULL ? stop - 1 : stop;
        if (memchr(p, '\r', (size_t)(last - p)) != NULL) {
            return 0; /* a lone CR */
        }
        memcpy(out, p, (size_t)(last - p));
        out += last - p;
        p = nl != NULL ? nl + 1 : end;
        if (p < end && (*p == ' ' || *p == '\t') && out > line) {
            p++; /* a folded line goes on */
            continue;
        }
        if (out == line || out - line >= FAST_MAX_LINE) {
            return 0; /* a blank line, or one libical would not read whole */
        }
        *out++ = '\0';
        line = out;
    }
    return (size_t)(out - s->buf);
}

static int digits(const char *p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') {
            return -1;
        }
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

/* A DATE or DATE-TIME value that is a real date and time; false otherwise. */
static bool fast_time(icaltimetype *t, bool *utc, const char *v, size_t n, uint8_t value_type)
{
    *t = icaltime_null_time();
    *utc = false;
    if (n != 8 && n != 15 && n != 16) {
        return false;
    }
    if ((n == 8) != (value_type == VT_DATE) && value_type != VT_NONE) {
        return false;
    }
    if (n == 8 && value_type != VT_DATE) {
        return false; /* libical reads it as a date all the same; leave it to libical */
    }
    int y = digits(v, 4), mo = digits(v + 4, 2), d = digits(v + 6, 2);
    if (y < 1 || mo < 1 || mo > 12 || d < 1) {
        return false;
    }
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[mo - 1] + (mo == 2 && leap)) {
        return false;
    }
    t->year = y;
    t->month = mo;
    t->day = d;
    if (n == 8) {
        t->is_date = 1;
        return true;
    }
    int h = digits(v + 9, 2), mi = digits(v + 11, 2), se = digits(v + 13, 2);
    if (v[8] != 'T' || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59 ||
        (n == 16 && v[15] != 'Z')) {
        return false;
    }
    t->hour = h;
    t->minute = mi;
    t->second = se;
    if (n == 16) {
        t->zone = icaltimezone_get_utc_timezone();
        *utc = true;
    }
    return true;
}

/* Undo the TEXT escapes in place; false for an escape the fast reader leaves to libical. */
static bool fast_text(char *v, size_t *n)
{
    char *in = v, *out = v, *end = v + *n;
    while (in < end) {
        if (*in != '\\') {
            *out++ = *in++;
            continue;
        }
        if (in + 1 >= end) {
            return false;
        }
        char e = in[1];
        if (e == '\\' || e == ',' || e == ';') {
            *out++ = e;
        } else if (e == 'n' || e == 'N') {
            *out++ = '\n';
        } else {
            return false;
        }
        in += 2;
    }
    *out = '\0';
    *n = (size_t)(out - v);
    return true;
}

/*
 * The canonical text of an RRULE value for a DTSTART, through the memo:
 * libical reads the rule, checks that it can be iterated from dtstart and
 * writes it back. NULL (and LSN_OK) when the VEVENT must go to libical.
 */
static int
fast_rule(const char **out, lsn_ics_scratch *s, const char *text, size_t n, icaltimetype dtstart)
{
    *out = NULL;
    char key[512];
    int32_t fields[7] = {dtstart.year,   dtstart.month,  dtstart.day,    dtstart.hour,
                         dtstart.minute, dtstart.second, dtstart.is_date};
    if (n + 1 + sizeof(fields) > sizeof(key) || strstr(text, ",FREQ") != NULL ||
        strstr(text, "RSCALE") != NULL) {
        return LSN_OK;
    }
    memcpy(key, text, n);
    key[n] = '\0';
    memcpy(key + n + 1, fields, sizeof(fields));
    size_t before = lsn_strmap_count(s->rule_keys);
    if (before == s->rules_cap) {
        size_t cap = s->rules_cap ? s->rules_cap * 2 : 64;
        struct rule_memo *q = realloc(s->rules, cap * sizeof(*q));
        if (q == NULL) {
            return lsn_error_set(LSN_ENOMEM, "out of memory");
        }
        s->rules = q;
        s->rules_cap = cap;
    }
    int32_t id;
    if (lsn_strmap_intern(&id, s->rule_keys, key, n + 1 + sizeof(fields)) != LSN_OK) {
        return lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    if ((size_t)id >= before) {
        /* What libical does with an RRULE property's value, and then what
         * read_recurrence() does with the rule. */
        char *canonical = NULL;
        struct icalrecurrencetype r = icalrecurrencetype_from_string(text);
        if (r.freq != ICAL_NO_RECURRENCE && r.rscale == NULL) {
            icaltimetype probe = dtstart;
            probe.zone = NULL;
            icalrecur_iterator *it = setpos_never(&r) ? NULL : icalrecur_iterator_new(r, probe);
            if (it != NULL) {
                icalrecur_iterator_free(it);
                canonical = icalrecurrencetype_as_string_r(&r);
            }
        }
        s->rules[id].canonical = canonical;
    }
    *out = s->rules[id].canonical;
    return LSN_OK;
}

/* The zone id of a time property the fast reader accepted (prop_zone()). */
static int32_t fast_zone(struct ctx *c, const struct fprop *f, bool utc, int line, const char *uid)
{
    return utc ? LSN_ZONE_UTC : zone_for_tzid(c, f->tzid, line, uid);
}

/* The first property of a kind, or NULL. */
static struct fprop *first_of(struct fprop *props, size_t n, uint8_t kind)
{
    for (size_t i = 0; i < n; i++) {
        if (props[i].kind == kind) {
            return &props[i];
        }
    }
    return NULL;
}

/*
 * Read a VEVENT block with the fast reader. *done = false (and nothing
 * changed) when it is one to leave to libical.
 */
static int fast_vevent(struct ctx *c, const struct block *b, bool *done)
{
    int rc;
    lsn_ics_scratch *s = c->scratch;
    *done = false;
    size_t used = fast_unfold(s, b->begin, b->end);
    if (used == 0) {
        return LSN_OK;
    }
    /* The lines: BEGIN:VEVENT, the properties, END:VEVENT. */
    char *p = s->buf, *end = s->buf + used;
    if (strcmp(p, "BEGIN:VEVENT") != 0) {
        return LSN_OK;
    }
    p += strlen(p) + 1;
    size_t n = 0;
    bool ended = false;
    while (p < end) {
        size_t len = strlen(p);
        if (ended) {
            return LSN_OK; /* something after END:VEVENT */
        }
        if (strcmp(p, "END:VEVENT") == 0) {
            ended = true;
            p += len + 1;
            continue;
        }
        if (n == s->props_cap) {
            size_t cap = s->props_cap ? s->props_cap * 2 : 64;
            struct fprop *q = realloc(s->props, cap * sizeof(*q));
            if (q == NULL) {
                return lsn_error_set(LSN_ENOMEM, "out of memory");
            }
            s->props = q;
            s->props_cap = cap;
        }
        if (!fast_line(&s->props[n], p, len)) {
            return LSN_OK;
        }
        n++;
        p += len + 1;
    }
    if (!ended) {
        return LSN_OK;
    }
    struct fprop *props = s->props;

    /* Check every value before anything is recorded. */
    struct fprop *fuid = first_of(props, n, FK_UID), *fsum = first_of(props, n, FK_SUMMARY);
    struct fprop *fstart = first_of(props, n, FK_DTSTART), *fend = first_of(props, n, FK_DTEND);
    struct fprop *fdur = first_of(props, n, FK_DURATION), *fstamp = first_of(props, n, FK_DTSTAMP);
    struct fprop *fseq = first_of(props, n, FK_SEQUENCE), *fstatus = first_of(props, n, FK_STATUS);
    struct fprop *frid = first_of(props, n, FK_RECURRENCE_ID);
    struct fprop *forg = first_of(props, n, FK_ORGANIZER);
    if (fuid == NULL || fstart == NULL) {
        return LSN_OK;
    }
    icaltimetype tstart = icaltime_null_time(), trid = tstart, tend = tstart, tstamp = tstart;
    bool ustart = false, urid = false, uend = false, ustamp = false;
    int sequence = 0;
    for (size_t i = 0; i < n; i++) {
        struct fprop *f = &props[i];
        icaltimetype t;
        bool u;
        switch (f->kind) {
        case FK_UID:
        case FK_SUMMARY:
            if (!fast_text(f->value, &f->vlen) || (f == fuid && f->vlen == 0)) {
                return LSN_OK;
            }
            break;
        case FK_DTSTART:
        case FK_DTEND:
        case FK_RECURRENCE_ID:
        case FK_DTSTAMP:
        case FK_STAMP:
            if (!fast_time(&t, &u, f->value, f->vlen, f->value_type)) {
                return LSN_OK;
            }
            if (f == fstart) {
                tstart = t;
                ustart = u;
            } else if (f == fend) {
                tend = t;
                uend = u;
            } else if (f == frid) {
                trid = t;
                urid = u;
            } else if (f == fstamp) {
                tstamp = t;
                ustamp = u;
            }
            break;
        case FK_EXDATE: {
            /* A list: each value must be a time of the same kind. */
            const char *v = f->value, *vend = f->value + f->vlen;
            while (v < vend) {
                const char *comma = memchr(v, ',', (size_t)(vend - v));
                const char *stop = comma ? comma : vend;
                if (!fast_time(&t, &u, v, (size_t)(stop - v), f->value_type)) {
                    return LSN_OK;
                }
                v = comma ? comma + 1 : vend;
                if (comma != NULL && v == vend) {
                    return LSN_OK;
                }
            }
            break;
        }
        case FK_DURATION: {
            struct icaldurationtype d = icaldurationtype_from_string(f->value);
            if (icaldurationtype_is_bad_duration(d)) {
                return LSN_OK;
            }
            break;
        }
        case FK_SEQUENCE:
            if (f->vlen > 9 || digits(f->value, (int)f->vlen) < 0) {
                return LSN_OK;
            }
            if (f == fseq) {
                sequence = digits(f->value, (int)f->vlen);
            }
            break;
        case FK_STATUS:
            if (!token_is(f->value, f->vlen, "CONFIRMED") &&
                !token_is(f->value, f->vlen, "TENTATIVE") &&
                !token_is(f->value, f->vlen, "CANCELLED")) {
                return LSN_OK;
            }
            break;
        case FK_TRANSP:
            if (!token_is(f->value, f->vlen, "OPAQUE") &&
                !token_is(f->value, f->vlen, "TRANSPARENT")) {
                return LSN_OK;
            }
            break;
        case FK_CLASS:
            if (!token_is(f->value, f->vlen, "PUBLIC") && !token_is(f->value, f->vlen, "PRIVATE") &&
                !token_is(f->value, f->vlen, "CONFIDENTIAL")) {
                return LSN_OK;
            }
            break;
        case FK_INTEGER:
            if (f->vlen > 9 || digits(f->value, (int)f->vlen) < 0) {
                return LSN_OK;
            }
            break;
        case FK_ORGANIZER:
        case FK_ATTENDEE:
            if (memchr(f->value, '\\', f->vlen) != NULL) {
                return LSN_OK;
            }
            break;
        default: /* FK_RRULE (below), FK_TEXT, FK_X: any value */
            break;
        }
    }
    /* The rules, through the memo; their ids are interned at the end. */
    for (size_t i = 0; i < n; i++) {
        if (props[i].kind != FK_RRULE) {
            continue;
        }
        const char *canonical;
        icaltimetype local = tstart;
        local.zone = NULL;
        if ((rc = fast_rule(&canonical, s, props[i].value, props[i].vlen, local)) != LSN_OK) {
            return rc;
        }
        if (canonical == NULL) {
            return LSN_OK;
        }
        props[i].value = (char *)canonical; /* the rule as libical writes it */
        props[i].vlen = strlen(canonical);
    }

    /* Record, in the order add_vevent() does: the same strings are interned
     * and the same zones looked up in the same order. */
    *done = true;
    lsn_raw_event *ev = lsn_rawset_new_event(c->set);
    if (ev == NULL) {
        return lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    size_t index = c->set->nevents - 1;
    ev->file = c->file;
    ev->line = b->line;
    ev->uid = -1;
    int32_t sid = lsn_rawset_str(c->set, fsum ? fsum->value : "", fsum ? fsum->vlen : 0);
    int32_t uid = lsn_rawset_str(c->set, fuid->value, fuid->vlen);
    if (sid < 0 || uid < 0) {
        return lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    ev = &c->set->events[index];
    ev->summary = sid;
    ev->uid = uid;
    const char *uname = fuid->value;
    if (frid != NULL) {
        int32_t z = fast_zone(c, frid, urid, b->line, uname);
        ev = &c->set->events[index];
        ev->has_recid = true;
        ev->recurrence_id = to_utc(trid, zone_ptr(c, z));
        ev->range_future = frid->range_future;
    }
    int32_t zone = fast_zone(c, fstart, ustart, b->line, uname);
    ev = &c->set->events[index];
    ev->zone = zone;
    ev->all_day = tstart.is_date != 0;
    ev->dtstart_local = tstart;
    ev->dtstart_local.zone = NULL;
    const icaltimezone *zp = zone_ptr(c, zone);
    ev->start = to_utc(tstart, zp);
    if (fend != NULL) {
        int32_t ez = tend.is_date ? zone : fast_zone(c, fend, uend, b->line, uname);
        if (!uend && fend->tzid == NULL) {
            ez = zone;
        }
        ev = &c->set->events[index];
        ev->duration = to_utc(tend, zone_ptr(c, ez)) - ev->start;
    } else if (fdur != NULL) {
        ev->duration = icaldurationtype_as_int(icaldurationtype_from_string(fdur->value));
    } else if (ev->all_day) {
        ev->duration = 86400;
    }
    ev->cancelled = c->method_cancel ||
                    (fstatus != NULL && token_is(fstatus->value, fstatus->vlen, "CANCELLED"));
    ev->sequence = sequence;
    if (fstamp != NULL) {
        ev->dtstamp = to_utc(tstamp, ustamp ? icaltimezone_get_utc_timezone() : zp);
    }
    ev->rule_first = (uint32_t)c->set->nrules;
    for (size_t i = 0; i < n; i++) {
        if (props[i].kind != FK_RRULE) {
            continue;
        }
        int32_t id = lsn_rawset_str(c->set, props[i].value, props[i].vlen);
        if (id < 0) {
            return id;
        }
        if ((rc = lsn_rawset_add_rule(c->set, id)) != LSN_OK) {
            return rc;
        }
        c->set->events[index].rule_count++;
    }
    ev = &c->set->events[index];
    ev->rdate_first = (uint32_t)c->set->ntimes;
    ev->exdate_first = (uint32_t)c->set->ntimes;
    size_t ndays = 0;
    for (size_t i = 0; i < n; i++) {
        struct fprop *f = &props[i];
        if (f->kind != FK_EXDATE) {
            continue;
        }
        const char *v = f->value, *vend = f->value + f->vlen;
        while (v < vend) {
            const char *comma = memchr(v, ',', (size_t)(vend - v));
            const char *stop = comma ? comma : vend;
            icaltimetype t;
            bool u;
            fast_time(&t, &u, v, (size_t)(stop - v), f->value_type);
            v = comma ? comma + 1 : vend;
            if (t.is_date) {
                ndays++; /* recorded after the times, below */
                continue;
            }
            int32_t z = fast_zone(c, f, u, b->line, uname);
            if (!u && f->tzid == NULL) {
                z = c->set->events[index].zone;
            }
            if ((rc = lsn_rawset_add_time(c->set, to_utc(t, zone_ptr(c, z)))) != LSN_OK) {
                return rc;
            }
            c->set->events[index].exdate_count++;
        }
    }
    c->set->events[index].exday_first = (uint32_t)c->set->ntimes;
    for (size_t i = 0; i < n && ndays > 0; i++) {
        struct fprop *f = &props[i];
        if (f->kind != FK_EXDATE) {
            continue;
        }
        const char *v = f->value, *vend = f->value + f->vlen;
        while (v < vend) {
            const char *comma = memchr(v, ',', (size_t)(vend - v));
            const char *stop = comma ? comma : vend;
            icaltimetype t;
            bool u;
            fast_time(&t, &u, v, (size_t)(stop - v), f->value_type);
            v = comma ? comma + 1 : vend;
            if (!t.is_date) {
                continue;
            }
            int64_t day = lsn_days_from_civil(t.year, (unsigned)t.month, (unsigned)t.day);
            if ((rc = lsn_rawset_add_time(c->set, day)) != LSN_OK) {
                return rc;
            }
            c->set->events[index].exday_count++;
        }
    }
    ev = &c->set->events[index];
    if (forg != NULL) {
        ev->organizer = intern_address(c, forg->value);
    }
    for (size_t i = 0; i < n; i++) {
        struct fprop *f = &props[i];
        if (f->kind != FK_ATTENDEE) {
            continue;
        }
        lsn_raw_attendee a;
        a.addr = intern_address(c, f->value);
        if (a.addr < 0) {
            continue;
        }
        a.partstat = f->partstat;
        a.cutype = f->cutype;
        a.nonparticipant = f->nonparticipant;
        if ((rc = lsn_rawset_add_attendee(c->set, &a)) != LSN_OK) {
            return rc;
        }
        c->set->events[index].att_count++;
    }
    return LSN_OK;
}

static int add_vevent(struct ctx *c, const struct block *b, int64_t *vevents)
{
    int rc = LSN_OK;
    (*vevents)++;
    if (!c->scratch->libical_only) {
        bool done;
        if ((rc = fast_vevent(c, b, &done)) != LSN_OK || done) {
            c->scratch->fast += done;
            return rc;
        }
    }
    c->scratch->libical++;
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

int lsn_ics_scratch_new(lsn_ics_scratch **out, bool libical_only)
{
    lsn_ics_scratch *s = calloc(1, sizeof(*s));
    *out = NULL;
    if (s == NULL || lsn_strmap_new(&s->rule_keys) != LSN_OK) {
        free(s);
        return lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    s->libical_only = libical_only;
    *out = s;
    return LSN_OK;
}

void lsn_ics_scratch_free(lsn_ics_scratch *s)
{
    if (s == NULL) {
        return;
    }
    size_t n = lsn_strmap_count(s->rule_keys);
    for (size_t i = 0; i < n; i++) {
        free(s->rules[i].canonical);
    }
    lsn_strmap_free(s->rule_keys);
    free(s->rules);
    free(s->props);
    free(s->buf);
    free(s);
}

void lsn_ics_scratch_counts(const lsn_ics_scratch *s, int64_t *fast, int64_t *libical)
{
    *fast = s->fast;
    *libical = s->libical;
}

int lsn_ics_parse(lsn_rawset *set,
                  int32_t file,
                  const char *data,
                  size_t len,
                  const icaltimezone *floating,
                  lsn_ics_scratch *scratch,
                  int64_t *vevents)
{
    int rc = LSN_OK;
    struct ctx c = {0};
    lsn_ics_scratch *own = NULL;
    c.set = set;
    c.file = file;
    c.path = set->files[file];
    c.floating = floating;
    *vevents = 0;
    if (!lsn_ics_sniff(data, len)) {
        return lsn_error_set(LSN_EPARSE, "%s:1: not an iCalendar file (no BEGIN:VCALENDAR)",
                             c.path);
    }
    if (scratch == NULL && (rc = lsn_ics_scratch_new(&own, false)) != LSN_OK) {
        return rc;
    }
    c.scratch = scratch != NULL ? scratch : own;

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
    lsn_ics_scratch_free(own);
    for (size_t i = 0; i < c.nzones; i++) {
        free(c.zones[i].tzid);
    }
    free(c.zones);
    return rc;
}
