/*
 * io/msgraph.c — Microsoft Graph event JSON front end: parses a file with
 * jansson, finds its events (and their lines, for messages), and records
 * each as a raw event, a recurrence as an RRULE for the common expander.
 * Joining occurrences to masters, merging and deciding are io/load_merge.c's.
 */
#include "io/msgraph.h"

#include "io/civil.h"
#include "io/error.h"
#include "io/idmap.h"
#include "io/limits.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum shape { SHAPE_ARRAY, SHAPE_VALUE, SHAPE_SINGLE, SHAPE_MEMBERS };

struct ctx {
    lsn_raw_source src;        /* the file, its set, the roster and the floating zone */
    lsn_strmap *unknown_zones; /* zone names already reported in this file */
    /* the last known zone name and its id: most events of a file name one */
    char last_zone_name[128];
    int32_t last_zone;
};

/* ------------------------------------------------------------------ */
/* Shapes and lines                                                     */

static const char *after_bom(const char *data, size_t *len)
{
    if (*len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
        (unsigned char)data[2] == 0xBF) {
        *len -= 3;
        return data + 3;
    }
    return data;
}

bool lsn_msgraph_sniff(const char *data, size_t len)
{
    const char *p = after_bom(data, &len), *end = p + len;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
        p++;
    }
    return p < end && (*p == '{' || *p == '[');
}

static bool looks_like_event(json_t *o)
{
    static const char *const keys[] = {"start",     "end",      "subject",
                                       "iCalUId",   "@removed", "seriesMasterId",
                                       "attendees", "organizer"};
    if (!json_is_object(o)) {
        return false;
    }
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        if (json_object_get(o, keys[i]) != NULL) {
            return true;
        }
    }
    return false;
}

/*
 * The line on which each event object of the file starts, in document
 * order (jansson keeps no positions). A small scanner over the text: it
 * follows strings and nesting, and records the '{' of every object at the
 * level where the shape keeps its events. Returns the number of lines found
 * (at most cap are written).
 */
static size_t event_lines(const char *p, size_t len, enum shape shape, int *out, size_t cap)
{
    size_t n = 0;
    int line = 1, depth = 0;
    bool last_key_value = false; /* the last string at depth 1 was "value" */
    int value_depth = 0;         /* depth inside the open `value` array, 0 none */
    for (size_t i = 0; i < len; i++) {
        char ch = p[i];
        if (ch == '\n') {
            line++;
        } else if (ch == '"') {
            size_t start = i + 1;
            for (i++; i < len && p[i] != '"'; i++) {
                if (p[i] == '\\') {
                    i++;
                } else if (p[i] == '\n') {
                    line++;
                }
            }
            if (depth == 1) {
                last_key_value = i - start == 5 && strncmp(p + start, "value", 5) == 0;
            }
        } else if (ch == '{' || ch == '[') {
            bool record = false;
            if (ch == '{') {
                switch (shape) {
                case SHAPE_ARRAY:
                case SHAPE_MEMBERS:
                    record = depth == 1;
                    break;
                case SHAPE_VALUE:
                    record = value_depth != 0 && depth == value_depth;
                    break;
                case SHAPE_SINGLE:
                    record = depth == 0;
                    break;
                }
            } else if (shape == SHAPE_VALUE && depth == 1 && last_key_value && value_depth == 0) {
                value_depth = 2;
            }
            if (record) {
                if (n < cap) {
                    out[n] = line;
                }
                n++;
            }
            depth++;
        } else if (ch == '}' || ch == ']') {
            depth--;
            if (ch == ']' && value_depth != 0 && depth == value_depth - 1) {
                value_depth = -1; /* closed: later arrays are not the events */
            }
        }
    }
    return n;
}

/* The line where arrays and objects first nest deeper than
 * LSN_LIMIT_JSON_DEPTH, or 0. O(len), before jansson builds anything. */
static int too_deep(const char *p, size_t len)
{
    int line = 1, depth = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = p[i];
        if (ch == '\n') {
            line++;
        } else if (ch == '"') {
            for (i++; i < len && p[i] != '"'; i++) {
                if (p[i] == '\\') {
                    i++;
                } else if (p[i] == '\n') {
                    line++;
                }
            }
        } else if (ch == '{' || ch == '[') {
            if (++depth > LSN_LIMIT_JSON_DEPTH) {
                return line;
            }
        } else if (ch == '}' || ch == ']') {
            depth--;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Values                                                               */

static const char *str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool nonempty(const char *s)
{
    return s != NULL && s[0] != '\0';
}

/* Read exactly n digits. */
static bool fixed_digits(const char **s, int n, int *value)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if ((*s)[i] < '0' || (*s)[i] > '9') {
            return false;
        }
        v = v * 10 + ((*s)[i] - '0');
    }
    *s += n;
    *value = v;
    return true;
}

/*
 * "YYYY-MM-DDTHH:MM[:SS[.fraction]][Z|+HH:MM|-HH:MM]" or "YYYY-MM-DD".
 * *offset is set to the UTC offset in seconds when the text carries one
 * (Z is 0), else to INT32_MIN.
 */
static bool parse_iso(const char *s, icaltimetype *t, int32_t *offset)
{
    int y, mo, d, h = 0, mi = 0, se = 0;
    *offset = INT32_MIN;
    if (s == NULL || !fixed_digits(&s, 4, &y) || *s++ != '-' || !fixed_digits(&s, 2, &mo) ||
        *s++ != '-' || !fixed_digits(&s, 2, &d)) {
        return false;
    }
    if (*s == 'T' || *s == 't' || *s == ' ') {
        s++;
        if (!fixed_digits(&s, 2, &h) || *s++ != ':' || !fixed_digits(&s, 2, &mi)) {
            return false;
        }
        if (*s == ':') {
            s++;
            if (!fixed_digits(&s, 2, &se)) {
                return false;
            }
            if (*s == '.') {
                for (s++; *s >= '0' && *s <= '9'; s++) {
                }
            }
        }
        if (*s == 'Z' || *s == 'z') {
            *offset = 0;
            s++;
        } else if (*s == '+' || *s == '-') {
            int sign = *s++ == '-' ? -1 : 1, oh, om = 0;
            if (!fixed_digits(&s, 2, &oh)) {
                return false;
            }
            if (*s == ':') {
                s++;
            }
            if (*s >= '0' && *s <= '9' && !fixed_digits(&s, 2, &om)) {
                return false;
            }
            *offset = sign * (oh * 3600 + om * 60);
        }
    }
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (*s != '\0' || y < 1 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 ||
        mi > 59 || se > 60) {
        return false;
    }
    *t = lsn_local_time(y, mo, d, h, mi, se);
    return true;
}

/* UTC seconds of an instant written with Z or an offset (else read as UTC). */
static bool parse_instant(const char *s, int64_t *out)
{
    icaltimetype t;
    int32_t offset;
    if (!parse_iso(s, &t, &offset)) {
        return false;
    }
    *out = (int64_t)icaltime_as_timet_with_zone(t, icaltimezone_get_utc_timezone()) -
           (offset == INT32_MIN ? 0 : offset);
    return true;
}

/* The zone id of a Graph timeZone name; unknown names warn once and float. */
static int32_t zone_of(struct ctx *c, const char *name, int line, const char *who)
{
    if (!nonempty(name)) {
        return LSN_ZONE_UTC; /* Graph's default presentation zone */
    }
    if (c->last_zone_name[0] != '\0' && strcmp(c->last_zone_name, name) == 0) {
        return c->last_zone;
    }
    icaltimezone *z = lsn_zone_builtin(name);
    int32_t id = LSN_ZONE_FLOATING;
    if (z == icaltimezone_get_utc_timezone()) {
        id = LSN_ZONE_UTC;
    } else if (z != NULL) {
        id = lsn_rawset_add_builtin_zone(c->src.set, name, z);
        id = id >= 0 ? id : LSN_ZONE_FLOATING;
    }
    if (z != NULL) {
        size_t n = strlen(name);
        if (n < sizeof(c->last_zone_name)) {
            memcpy(c->last_zone_name, name, n + 1);
            c->last_zone = id;
        }
        return id;
    }
    size_t before = lsn_strmap_count(c->unknown_zones);
    int32_t w;
    if (lsn_strmap_intern(&w, c->unknown_zones, name, strlen(name)) == LSN_OK &&
        (size_t)w >= before) {
        lsn_warn("%s:%d: %s: unknown time zone '%s', read as floating time", c->src.path, line, who,
                 name);
    }
    return LSN_ZONE_FLOATING;
}

static const icaltimezone *zone_ptr(const struct ctx *c, int32_t zone)
{
    return zone == LSN_ZONE_FLOATING ? c->src.floating : lsn_rawset_zone(c->src.set, zone);
}

/* A {dateTime, timeZone} object: its local time, zone and UTC instant. */
static bool read_time(struct ctx *c,
                      json_t *o,
                      int line,
                      const char *who,
                      icaltimetype *local,
                      int32_t *zone,
                      int64_t *utc)
{
    int32_t offset;
    if (!json_is_object(o) || !parse_iso(str(o, "dateTime"), local, &offset)) {
        return false;
    }
    if (offset != INT32_MIN) {
        /* An explicit offset wins over the timeZone field. */
        *utc = lsn_local_to_utc(*local, icaltimezone_get_utc_timezone()) - offset;
        *local = icaltime_from_timet_with_zone((time_t)*utc, 0, icaltimezone_get_utc_timezone());
        local->zone = NULL;
        *zone = LSN_ZONE_UTC;
        return true;
    }
    *zone = zone_of(c, str(o, "timeZone"), line, who);
    *utc = lsn_local_to_utc(*local, zone_ptr(c, *zone));
    return true;
}

/* ------------------------------------------------------------------ */
/* Recurrence                                                           */

static const char *const day_names[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                         "friday", "saturday", "sunday"};
static const char *const day_codes[7] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

static int day_index(const char *s)
{
    for (int i = 0; s != NULL && i < 7; i++) {
        if (strcasecmp(s, day_names[i]) == 0) {
            return i;
        }
    }
    return -1;
}

static int int_field(json_t *o, const char *key, int fallback)
{
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (int)json_integer_value(v) : fallback;
}

/* BYDAY for daysOfWeek ("MO,WE"), with an ordinal for a single day when
 * nth != 0; *count gets the number of days. NULL in *why on success. */
static void byday(json_t *pattern, int nth, char *out, size_t cap, int *count, const char **why)
{
    json_t *days = json_object_get(pattern, "daysOfWeek");
    size_t n = json_is_array(days) ? json_array_size(days) : 0;
    out[0] = '\0';
    *count = 0;
    bool seen[7] = {false};
    for (size_t i = 0; i < n; i++) {
        json_t *d = json_array_get(days, i);
        int k = day_index(json_is_string(d) ? json_string_value(d) : NULL);
        if (k < 0) {
            *why = "unknown day in recurrence.pattern.daysOfWeek";
            return;
        }
        seen[k] = true;
    }
    size_t len = 0;
    for (int k = 0; k < 7; k++) {
        if (seen[k]) {
            len += (size_t)snprintf(out + len, cap - len, "%s%s", len ? "," : "", day_codes[k]);
            (*count)++;
        }
    }
    if (*count == 1 && nth != 0) {
        for (int k = 0; k < 7; k++) {
            if (seen[k]) {
                snprintf(out, cap, "%d%s", nth, day_codes[k]);
            }
        }
    }
}

static int days_in(int month, bool leap)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && leap ? 29 : mdays[month - 1];
}

/* BYMONTHDAY for a day that some months lack: the last day instead. */
static void monthday(char *out, size_t cap, int day, int shortest)
{
    if (day <= shortest) {
        snprintf(out, cap, ";BYMONTHDAY=%d", day);
        return;
    }
    size_t len = (size_t)snprintf(out, cap, ";BYMONTHDAY=");
    for (int d = shortest; d <= day; d++) {
        len += (size_t)snprintf(out + len, cap - len, "%s%d", d > shortest ? "," : "", d);
    }
    snprintf(out + len, cap - len, ";BYSETPOS=-1");
}

/*
 * The RRULE text of a Graph recurrence (see graph.h for the mapping);
 * NULL *why on success. weekday is the start's (0 = Monday), used when a
 * weekly pattern lists no day.
 */
static void rule_text(json_t *rec, int weekday, char *out, size_t cap, const char **why)
{
    *why = NULL;
    json_t *pattern = json_object_get(rec, "pattern");
    json_t *range = json_object_get(rec, "range");
    const char *type = json_is_object(pattern) ? str(pattern, "type") : NULL;
    if (type == NULL) {
        *why = "recurrence without pattern.type";
        return;
    }
    int interval = int_field(pattern, "interval", 1);
    if (interval < 1) {
        interval = 1;
    }
    int nth = 1;
    const char *index = str(pattern, "index");
    if (index != NULL) {
        static const char *const names[5] = {"first", "second", "third", "fourth", "last"};
        static const int values[5] = {1, 2, 3, 4, -1};
        nth = 0;
        for (int i = 0; i < 5; i++) {
            if (strcasecmp(index, names[i]) == 0) {
                nth = values[i];
            }
        }
        if (nth == 0) {
            *why = "unknown recurrence.pattern.index";
            return;
        }
    }
    int wkst = day_index(str(pattern, "firstDayOfWeek"));
    int dom = int_field(pattern, "dayOfMonth", 0);
    int month = int_field(pattern, "month", 0);
    char days[64], md[64];
    int ndays;
    size_t len;
    if (strcasecmp(type, "daily") == 0) {
        len = (size_t)snprintf(out, cap, "FREQ=DAILY;INTERVAL=%d", interval);
    } else if (strcasecmp(type, "weekly") == 0) {
        byday(pattern, 0, days, sizeof(days), &ndays, why);
        if (*why != NULL) {
            return;
        }
        if (ndays == 0) {
            snprintf(days, sizeof(days), "%s", day_codes[weekday]);
        }
        len = (size_t)snprintf(out, cap, "FREQ=WEEKLY;INTERVAL=%d;BYDAY=%s;WKST=%s", interval, days,
                               day_codes[wkst >= 0 ? wkst : 6]);
    } else if (strcasecmp(type, "absoluteMonthly") == 0) {
        if (dom < 1 || dom > 31) {
            *why = "absoluteMonthly recurrence without a dayOfMonth from 1 to 31";
            return;
        }
        monthday(md, sizeof(md), dom, 28);
        len = (size_t)snprintf(out, cap, "FREQ=MONTHLY;INTERVAL=%d%s", interval, md);
    } else if (strcasecmp(type, "relativeMonthly") == 0 ||
               strcasecmp(type, "relativeYearly") == 0) {
        bool yearly = strcasecmp(type, "relativeYearly") == 0;
        if (yearly && (month < 1 || month > 12)) {
            *why = "relativeYearly recurrence without a month from 1 to 12";
            return;
        }
        byday(pattern, nth, days, sizeof(days), &ndays, why);
        if (*why != NULL) {
            return;
        }
        if (ndays == 0) {
            *why = "relative recurrence without daysOfWeek";
            return;
        }
        char bymonth[16] = "";
        if (yearly) {
            snprintf(bymonth, sizeof(bymonth), ";BYMONTH=%d", month);
        }
        len = (size_t)snprintf(out, cap, "FREQ=%s;INTERVAL=%d%s;BYDAY=%s",
                               yearly ? "YEARLY" : "MONTHLY", interval, bymonth, days);
        if (ndays > 1) {
            len += (size_t)snprintf(out + len, cap - len, ";BYSETPOS=%d", nth);
        }
    } else if (strcasecmp(type, "absoluteYearly") == 0) {
        if (month < 1 || month > 12 || dom < 1 || dom > days_in(month, true)) {
            *why = "absoluteYearly recurrence without a valid month and dayOfMonth";
            return;
        }
        monthday(md, sizeof(md), dom, days_in(month, false));
        len =
            (size_t)snprintf(out, cap, "FREQ=YEARLY;INTERVAL=%d;BYMONTH=%d%s", interval, month, md);
    } else {
        *why = "unknown recurrence.pattern.type";
        return;
    }
    const char *rtype = json_is_object(range) ? str(range, "type") : NULL;
    if (rtype == NULL || strcasecmp(rtype, "noEnd") == 0) {
        return;
    }
    if (strcasecmp(rtype, "endDate") == 0) {
        icaltimetype t;
        int32_t offset;
        if (!parse_iso(str(range, "endDate"), &t, &offset)) {
            *why = "unreadable recurrence.range.endDate";
            return;
        }
        snprintf(out + len, cap - len, ";UNTIL=%04d%02d%02d", t.year, t.month, t.day);
    } else if (strcasecmp(rtype, "numbered") == 0) {
        int count = int_field(range, "numberOfOccurrences", 0);
        if (count < 1) {
            *why = "numbered recurrence without numberOfOccurrences";
            return;
        }
        snprintf(out + len, cap - len, ";COUNT=%d", count);
    } else {
        *why = "unknown recurrence.range.type";
    }
}

/* ------------------------------------------------------------------ */
/* Events                                                               */

static int malformed(struct ctx *c, int32_t index, const char *who, const char *why)
{
    lsn_raw_event *ev = &c->src.set->events[index];
    lsn_warn("%s:%d: %s: %s; event skipped", c->src.path, ev->line, who, why);
    ev->malformed = true;
    if ((ev->series_role == LSN_ROLE_OCCURRENCE || ev->series_role == LSN_ROLE_EXCEPTION) &&
        !ev->has_recid) {
        /* No instance identity: the record counts once on its own. */
        int32_t empty = lsn_rawset_str(c->src.set, "", 0);
        if (empty < 0) {
            return empty;
        }
        ev->uid = empty;
        ev->master_ref = -1;
    }
    return LSN_OK;
}

static int32_t intern(struct ctx *c, const char *s)
{
    return s == NULL ? -1 : lsn_rawset_str(c->src.set, s, strlen(s));
}

static uint8_t response_of(const char *s)
{
    if (s == NULL) {
        return LSN_PS_NEEDS_ACTION;
    }
    if (strcasecmp(s, "declined") == 0) {
        return LSN_PS_DECLINED;
    }
    if (strcasecmp(s, "accepted") == 0 || strcasecmp(s, "organizer") == 0) {
        return LSN_PS_ACCEPTED;
    }
    if (strcasecmp(s, "tentativelyAccepted") == 0) {
        return LSN_PS_TENTATIVE;
    }
    return LSN_PS_NEEDS_ACTION; /* none, notResponded */
}

/* An emailAddress object: its address, else its name through the roster;
 * *out is -1 when it has neither. */
static int email_address(int32_t *out, struct ctx *c, json_t *e)
{
    *out = -1;
    if (!json_is_object(e)) {
        return LSN_OK;
    }
    const char *addr = str(e, "address");
    const char *name = str(e, "name");
    const char *token = nonempty(addr) ? addr : name;
    if (token == NULL) {
        return LSN_OK;
    }
    return lsn_rawset_person(out, c->src.set, c->src.org, token, strlen(token), NULL);
}

static int read_people(struct ctx *c, int32_t index, json_t *e)
{
    int32_t id;
    json_t *org = json_object_get(e, "organizer");
    int rc =
        email_address(&id, c, json_is_object(org) ? json_object_get(org, "emailAddress") : NULL);
    if (rc != LSN_OK) {
        return rc;
    }
    c->src.set->events[index].organizer = id;
    json_t *list = json_object_get(e, "attendees");
    size_t n = json_is_array(list) ? json_array_size(list) : 0;
    for (size_t i = 0; i < n; i++) {
        json_t *a = json_array_get(list, i);
        if (!json_is_object(a)) {
            continue;
        }
        lsn_raw_attendee at;
        if ((rc = email_address(&at.addr, c, json_object_get(a, "emailAddress"))) != LSN_OK) {
            return rc;
        }
        if (at.addr < 0) {
            continue;
        }
        const char *type = str(a, "type");
        at.cutype = type != NULL && strcasecmp(type, "resource") == 0 ? LSN_CU_ROOM : LSN_CU_PERSON;
        json_t *status = json_object_get(a, "status");
        at.partstat = response_of(json_is_object(status) ? str(status, "response") : NULL);
        at.nonparticipant = false;
        if ((rc = lsn_rawset_add_attendee(c->src.set, &at)) != LSN_OK) {
            return rc;
        }
        c->src.set->events[index].att_count++;
    }
    return LSN_OK;
}

/* The recurrence of a master: its RRULE, and DTSTART moved onto the rule. */
static int read_recurrence(struct ctx *c, int32_t index, json_t *rec, const char *who, int line)
{
    lsn_raw_event *ev = &c->src.set->events[index];
    if (!ev->all_day) {
        /* Expand in the series' own zone: Graph may present start in another. */
        json_t *range = json_object_get(rec, "range");
        const char *rz = json_is_object(range) ? str(range, "recurrenceTimeZone") : NULL;
        if (nonempty(rz)) {
            int32_t z = zone_of(c, rz, line, who);
            ev = &c->src.set->events[index];
            if (z != LSN_ZONE_FLOATING && z != ev->zone) {
                icaltimetype t = icaltime_from_timet_with_zone((time_t)ev->start, 0,
                                                               (icaltimezone *)zone_ptr(c, z));
                t.zone = NULL;
                ev->dtstart_local = t;
                ev->zone = z;
            }
        }
    }
    int64_t day = lsn_days_from_civil(ev->dtstart_local.year, (unsigned)ev->dtstart_local.month,
                                      (unsigned)ev->dtstart_local.day);
    int weekday = (int)(((day + 3) % 7 + 7) % 7);
    char text[256];
    const char *why;
    rule_text(rec, weekday, text, sizeof(text), &why);
    if (why != NULL) {
        return malformed(c, index, who, why);
    }
    struct icalrecurrencetype r = icalrecurrencetype_from_string(text);
    if (r.freq == ICAL_NO_RECURRENCE) {
        return malformed(c, index, who, "recurrence cannot be expanded");
    }
    icaltimetype dt = ev->dtstart_local;
    dt.zone = zone_ptr(c, ev->zone);
    icalrecur_iterator *it = icalrecur_iterator_new(r, dt);
    if (it == NULL) {
        return malformed(c, index, who, "recurrence cannot be expanded");
    }
    /* Graph's first occurrence is the first day of the pattern on or after
     * the start; iCalendar would count a non-matching DTSTART as well. */
    icaltimetype first = icalrecur_iterator_next(it);
    icalrecur_iterator_free(it);
    if (!icaltime_is_null_time(first) &&
        (first.year != dt.year || first.month != dt.month || first.day != dt.day ||
         first.hour != dt.hour || first.minute != dt.minute || first.second != dt.second)) {
        first.zone = NULL;
        first.is_date = ev->dtstart_local.is_date;
        ev->dtstart_local = first;
        ev->start = lsn_local_to_utc(first, zone_ptr(c, ev->zone));
    }
    char *canon = icalrecurrencetype_as_string_r(&r);
    if (canon == NULL) {
        return malformed(c, index, who, "recurrence cannot be expanded");
    }
    int32_t id = lsn_rawset_str(c->src.set, canon, strlen(canon));
    free(canon);
    if (id < 0) {
        return id;
    }
    int rc = lsn_rawset_add_rule(c->src.set, id);
    if (rc != LSN_OK) {
        return rc;
    }
    ev = &c->src.set->events[index];
    ev->rule_count++;
    return LSN_OK;
}

static int add_event(struct ctx *c, json_t *e, int line, int64_t *events)
{
    if (json_object_get(e, "@removed") != NULL) {
        return LSN_OK; /* a delta deletion, not an event */
    }
    (*events)++;
    lsn_raw_event *ev = lsn_rawset_new_event(c->src.set);
    if (ev == NULL) {
        return lsn_oom();
    }
    int32_t index = (int32_t)c->src.set->nevents - 1;
    ev->file = c->src.file;
    ev->line = line;

    const char *id = str(e, "id");
    const char *ical = str(e, "iCalUId");
    const char *type = str(e, "type");
    const char *master = str(e, "seriesMasterId");
    json_t *rec = json_object_get(e, "recurrence");
    uint8_t role = LSN_ROLE_NONE;
    if (type != NULL && strcasecmp(type, "seriesMaster") == 0) {
        role = LSN_ROLE_MASTER;
    } else if (type != NULL && strcasecmp(type, "occurrence") == 0) {
        role = LSN_ROLE_OCCURRENCE;
    } else if (type != NULL && strcasecmp(type, "exception") == 0) {
        role = LSN_ROLE_EXCEPTION;
    } else if (type == NULL && json_is_object(rec)) {
        role = LSN_ROLE_MASTER;
    } else if (type == NULL && nonempty(master)) {
        role = LSN_ROLE_OCCURRENCE;
    }
    if (role != LSN_ROLE_OCCURRENCE && role != LSN_ROLE_EXCEPTION) {
        master = NULL;
    }

    const char *subject = str(e, "subject");
    int32_t sid = intern(c, subject != NULL ? subject : "");
    if (sid < 0) {
        return lsn_oom();
    }
    const char *uid = nonempty(ical) ? ical : nonempty(id) ? id : NULL;
    char synth[48];
    if (uid == NULL) {
        /* Per-mailbox copies still share start, subject and organizer. */
        json_t *start = json_object_get(e, "start");
        json_t *org = json_object_get(e, "organizer");
        json_t *addr = json_is_object(org) ? json_object_get(org, "emailAddress") : NULL;
        const char *dt = json_is_object(start) ? str(start, "dateTime") : NULL;
        const char *oa = json_is_object(addr) ? str(addr, "address") : NULL;
        char key[600];
        snprintf(key, sizeof(key), "%s|%s|%s", dt ? dt : "", subject ? subject : "", oa ? oa : "");
        snprintf(synth, sizeof(synth), "graph:nouid:%016llx",
                 (unsigned long long)lsn_hash_bytes(key, strlen(key), 0));
        lsn_warn("%s:%d: event without iCalUId or id, identified by its start, subject and "
                 "organizer as %s",
                 c->src.path, line, synth);
        uid = synth;
    }
    int32_t uid_id = intern(c, uid), source = intern(c, id), mref = intern(c, master);
    if (uid_id < 0 || (id != NULL && source < 0) || (master != NULL && mref < 0)) {
        return lsn_oom();
    }
    ev = &c->src.set->events[index];
    ev->summary = sid;
    ev->uid = uid_id;
    ev->source_id = source;
    ev->master_ref = mref;
    ev->series_role = role;
    const char *who = uid;

    json_t *cancelled = json_object_get(e, "isCancelled");
    json_t *all_day = json_object_get(e, "isAllDay");
    ev->cancelled = json_is_true(cancelled);
    ev->all_day = json_is_true(all_day);
    const char *stamp = str(e, "lastModifiedDateTime");
    int64_t t;
    if (stamp != NULL && parse_instant(stamp, &t)) {
        ev->dtstamp = t;
    }
    if (role == LSN_ROLE_OCCURRENCE || role == LSN_ROLE_EXCEPTION) {
        const char *orig = str(e, "originalStart");
        if (orig != NULL && parse_instant(orig, &t)) {
            ev->has_recid = true;
            ev->recurrence_id = t;
        }
    }
    json_t *attendees = json_object_get(e, "attendees");
    if (json_is_array(attendees) && json_array_size(attendees) > LSN_LIMIT_ATTENDEES) {
        char why[64];
        snprintf(why, sizeof(why), "more than %d attendees", LSN_LIMIT_ATTENDEES);
        return malformed(c, index, who, why);
    }
    int rc = read_people(c, index, e);
    if (rc != LSN_OK) {
        return rc;
    }

    icaltimetype local, end_local;
    int32_t zone, end_zone;
    int64_t start, end;
    json_t *jstart = json_object_get(e, "start");
    if (jstart == NULL || json_is_null(jstart)) {
        return malformed(c, index, who, "no start");
    }
    if (!read_time(c, jstart, line, who, &local, &zone, &start)) {
        return malformed(c, index, who, "unreadable start");
    }
    bool has_end = read_time(c, json_object_get(e, "end"), line, who, &end_local, &end_zone, &end);
    ev = &c->src.set->events[index];
    if (ev->all_day) {
        /* A date, like an iCalendar VALUE=DATE: floating, whatever the zone. */
        local.is_date = 1;
        local.hour = local.minute = local.second = 0;
        ev->zone = LSN_ZONE_FLOATING;
        ev->dtstart_local = local;
        ev->start = lsn_local_to_utc(local, c->src.floating);
        int64_t days = 1;
        if (has_end) {
            days = lsn_days_from_civil(end_local.year, (unsigned)end_local.month,
                                       (unsigned)end_local.day) -
                   lsn_days_from_civil(local.year, (unsigned)local.month, (unsigned)local.day);
        }
        ev->duration = (days > 0 ? days : 1) * 86400;
    } else {
        ev->zone = zone;
        ev->dtstart_local = local;
        ev->start = start;
        ev->duration = has_end ? end - start : 0;
    }
    if ((role == LSN_ROLE_OCCURRENCE || role == LSN_ROLE_EXCEPTION) && !ev->has_recid) {
        /* No originalStart: the instance is keyed by its own start. */
        ev->has_recid = true;
        ev->recurrence_id = ev->start;
    }
    if (role == LSN_ROLE_MASTER && json_is_object(rec)) {
        return read_recurrence(c, index, rec, who, line);
    }
    return LSN_OK;
}

bool lsn_msgraph_series_uid(char *out, size_t cap, const char *uid)
{
    static const char prefix[] = "040000008200E00074C5B7101A82E008";
    size_t n = strlen(uid);
    if (n < 40 || n >= cap || strncasecmp(uid, prefix, 32) != 0) {
        return false;
    }
    memcpy(out, uid, n + 1);
    memcpy(out + 32, "00000000", 8);
    return true;
}

int lsn_msgraph_parse(const lsn_raw_source *src, const char *data, size_t len, int64_t *events)
{
    struct ctx c;
    memset(&c, 0, sizeof(c));
    c.src = *src;
    *events = 0;
    int rc = LSN_OK;
    json_t *root = NULL, *list = NULL;
    int *lines = NULL;

    data = after_bom(data, &len);
    if ((long long)len > LSN_LIMIT_JSON_BYTES) {
        return lsn_error_set(LSN_EPARSE, "%s: a JSON file larger than %lld MiB; not read",
                             c.src.path, (long long)(LSN_LIMIT_JSON_BYTES >> 20));
    }
    int deep = too_deep(data, len);
    if (deep > 0) {
        return lsn_error_set(LSN_EPARSE, "%s:%d: JSON nested more than %d levels deep; not read",
                             c.src.path, deep, LSN_LIMIT_JSON_DEPTH);
    }
    json_error_t err;
    root = json_loadb(data, len, 0, &err);
    if (root == NULL) {
        return lsn_error_set(LSN_EPARSE, "%s:%d: invalid JSON: %s", c.src.path,
                             err.line > 0 ? err.line : 1, err.text);
    }
    enum shape shape;
    json_t *value = json_is_object(root) ? json_object_get(root, "value") : NULL;
    if (json_is_array(root)) {
        shape = SHAPE_ARRAY;
        list = json_incref(root);
    } else if (json_is_array(value)) {
        shape = SHAPE_VALUE;
        list = json_incref(value);
    } else if (looks_like_event(root)) {
        shape = SHAPE_SINGLE;
        list = json_array();
        if (list == NULL || json_array_append(list, root) != 0) {
            rc = lsn_oom();
            goto cleanup;
        }
    } else {
        /* Named event objects, as some tools save captured responses. */
        const char *key;
        json_t *member;
        bool all_objects = json_object_size(root) > 0, some_event = false;
        json_object_foreach(root, key, member)
        {
            all_objects = all_objects && json_is_object(member);
            some_event = some_event || looks_like_event(member);
        }
        if (!all_objects || !some_event) {
            rc = lsn_error_set(LSN_EPARSE,
                               "%s:1: not a Microsoft Graph event export (expected an array of "
                               "events, an object with a 'value' array, or an event)",
                               c.src.path);
            goto cleanup;
        }
        shape = SHAPE_MEMBERS;
        list = json_array();
        if (list == NULL) {
            rc = lsn_oom();
            goto cleanup;
        }
        json_object_foreach(root, key, member)
        {
            if (json_array_append(list, member) != 0) {
                rc = lsn_oom();
                goto cleanup;
            }
        }
    }
    size_t n = json_array_size(list);
    lines = calloc(n ? n : 1, sizeof(*lines));
    if (lines == NULL || lsn_strmap_new(&c.unknown_zones) != LSN_OK) {
        rc = lsn_oom();
        goto cleanup;
    }
    event_lines(data, len, shape, lines, n);
    size_t k = 0; /* objects seen: the scanner records objects only */
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(list, i);
        if (!json_is_object(e)) {
            lsn_warn("%s: entry %zu of the event list is not an object; ignored", c.src.path,
                     i + 1);
            continue;
        }
        int line = lines[k] > 0 ? lines[k] : 1;
        k++;
        if ((rc = add_event(&c, e, line, events)) != LSN_OK) {
            goto cleanup;
        }
    }
cleanup:
    free(lines);
    lsn_strmap_free(c.unknown_zones);
    json_decref(list);
    json_decref(root);
    return rc;
}
