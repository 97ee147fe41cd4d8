/*
 * io/outlook.c — Outlook CSV front end: reads an "Export to CSV" file with
 * lsn_csv_read(), parses its localized dates and times, resolves names
 * through the roster and records one raw event per row with a synthetic
 * series identity. Merging and deciding are io/load_merge.c's, for every format.
 */
#include "io/outlook.h"

#include "io/civil.h"
#include "io/csvtable.h"
#include "io/error.h"
#include "io/idmap.h"
#include "io/limits.h"
#include "io/vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
    C_SUBJECT,
    C_START_DATE,
    C_START_TIME,
    C_END_DATE,
    C_END_TIME,
    C_ALL_DAY,
    C_ORGANIZER,
    C_REQUIRED,
    C_OPTIONAL,
    C_RESOURCES,
    C_COUNT
};

static const char *const columns[C_COUNT] = {
    "Subject",           "Start Date",         "Start Time",
    "End Date",          "End Time",           "All day event",
    "Meeting Organizer", "Required Attendees", "Optional Attendees",
    "Meeting Resources"};

struct ctx {
    lsn_raw_source src; /* the file, its set, the roster and the floating zone */
    bool day_first;     /* slash dates are D/M/YYYY in this file */
    lsn_strmap *warned; /* ambiguous names already reported */
    char *key;          /* identity buffer */
    size_t key_cap;
    int64_t rows;
    /* Pass 1: evidence about the order of slash dates. */
    bool month_first_seen, day_first_seen;
};

/* ------------------------------------------------------------------ */
/* Sniffing                                                             */

/*
 * The Outlook columns named by the first line of data that is not blank
 * (after a BOM), any case, quoted or not; *line is that line's number.
 * O(first line).
 */
static void header_columns(const char *data, size_t len, bool found[C_COUNT], int *line)
{
    const char *p = data, *end = data + len;
    *line = 1;
    for (int i = 0; i < C_COUNT; i++) {
        found[i] = false;
    }
    if (len >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF) {
        p += 3;
    }
    while (p < end && (*p == '\r' || *p == '\n' || *p == ' ' || *p == '\t')) {
        if (*p == '\n' || (*p == '\r' && (p + 1 == end || p[1] != '\n'))) {
            (*line)++;
        }
        p++;
    }
    while (p < end && *p != '\r' && *p != '\n') {
        /* One header field: quoted (doubled quotes inside) or bare. */
        char name[64];
        size_t n = 0;
        while (p < end && (*p == ' ' || *p == '\t')) {
            p++;
        }
        if (p < end && *p == '"') {
            p++;
            while (p < end) {
                if (*p == '"') {
                    if (p + 1 < end && p[1] == '"') {
                        p++;
                    } else {
                        p++;
                        break;
                    }
                }
                if (n < sizeof(name) - 1) {
                    name[n++] = *p;
                }
                p++;
            }
        }
        while (p < end && *p != ',' && *p != '\r' && *p != '\n') {
            if (n < sizeof(name) - 1) {
                name[n++] = *p;
            }
            p++;
        }
        while (n > 0 && (name[n - 1] == ' ' || name[n - 1] == '\t')) {
            n--;
        }
        name[n] = '\0';
        for (int i = 0; i < C_COUNT; i++) {
            found[i] = found[i] || strcasecmp(name, columns[i]) == 0;
        }
        if (p < end && *p == ',') {
            p++;
        }
    }
}

bool lsn_outlook_sniff(const char *data, size_t len)
{
    bool found[C_COUNT];
    int line;
    header_columns(data, len, found, &line);
    return found[C_SUBJECT] && found[C_START_DATE];
}

bool lsn_outlook_sniff_missing(const char *data, size_t len, const char **missing, int *line)
{
    bool found[C_COUNT];
    header_columns(data, len, found, line);
    int known = 0;
    for (int i = 0; i < C_COUNT; i++) {
        known += found[i];
    }
    *missing = NULL;
    if (known < 2) {
        return false;
    }
    if (!found[C_SUBJECT]) {
        *missing = columns[C_SUBJECT];
    } else if (!found[C_START_DATE]) {
        *missing = columns[C_START_DATE];
    }
    return *missing != NULL;
}

/* ------------------------------------------------------------------ */
/* Values                                                               */

static const char *skip_blanks(const char *s)
{
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    return s;
}

/* Read 1..max digits; returns the number of digits read (0: none). */
static int digits(const char **s, int max, int *value)
{
    int n = 0, v = 0;
    while (n < max && **s >= '0' && **s <= '9') {
        v = v * 10 + (**s - '0');
        (*s)++;
        n++;
    }
    *value = v;
    return n;
}

static bool valid_date(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && lsn_date_valid(y, m, d);
}

/* The two numbers of a slash date "A/B/YYYY", or false for any other form. */
static bool slash_parts(const char *s, int *a, int *b)
{
    int y;
    s = skip_blanks(s);
    if (digits(&s, 2, a) == 0 || *s++ != '/' || digits(&s, 2, b) == 0 || *s++ != '/' ||
        digits(&s, 4, &y) != 4) {
        return false;
    }
    return *skip_blanks(s) == '\0';
}

/* A date in one of the documented forms; false when it is none of them. */
static bool parse_date(const char *s, bool day_first, int *y, int *m, int *d)
{
    int a, b, c;
    s = skip_blanks(s);
    const char *p = s;
    int na = digits(&p, 4, &a);
    if (na == 4 && (*p == '-' || *p == '/')) {
        char sep = *p++;
        /* YYYY-MM-DD, YYYY/MM/DD */
        if (digits(&p, 2, &b) == 0 || *p++ != sep || digits(&p, 2, &c) == 0) {
            return false;
        }
        *y = a;
        *m = b;
        *d = c;
    } else if (na >= 1 && na <= 2 && (*p == '/' || *p == '.')) {
        char sep = *p++;
        if (digits(&p, 2, &b) == 0 || *p++ != sep || digits(&p, 4, &c) != 4) {
            return false;
        }
        *y = c;
        if (sep == '.' || day_first) {
            *d = a; /* D.M.YYYY, or D/M/YYYY in a day-first file */
            *m = b;
        } else {
            *m = a; /* M/D/YYYY */
            *d = b;
        }
    } else {
        return false;
    }
    return *skip_blanks(p) == '\0' && valid_date(*y, *m, *d);
}

/* A time of day in seconds, 12-hour with AM/PM or 24-hour; false otherwise. */
static bool parse_time(const char *s, int *seconds)
{
    int h, mi, se = 0;
    s = skip_blanks(s);
    if (digits(&s, 2, &h) == 0 || *s++ != ':' || digits(&s, 2, &mi) != 2) {
        return false;
    }
    if (*s == ':') {
        s++;
        if (digits(&s, 2, &se) != 2) {
            return false;
        }
    }
    s = skip_blanks(s);
    int half = -1; /* 0 AM, 1 PM, -1 24-hour */
    if (strcasecmp(s, "AM") == 0 || strcasecmp(s, "A.M.") == 0) {
        half = 0;
    } else if (strcasecmp(s, "PM") == 0 || strcasecmp(s, "P.M.") == 0) {
        half = 1;
    } else if (*s != '\0') {
        return false;
    }
    if (mi > 59 || se > 59) {
        return false;
    }
    if (half >= 0) {
        if (h < 1 || h > 12) {
            return false;
        }
        h = h % 12 + 12 * half;
    } else if (h > 23) {
        return false;
    }
    *seconds = h * 3600 + mi * 60 + se;
    return true;
}

/* 1 true, 0 false, -1 unreadable. */
static int parse_bool(const char *s)
{
    static const char *const yes[] = {"true", "yes", "1", "on", "ein", "wahr"};
    static const char *const no[] = {"false", "no", "0", "off", "aus", "falsch", ""};
    char buf[16];
    s = skip_blanks(s);
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) {
        n--;
    }
    if (n >= sizeof(buf)) {
        return -1;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        if (strcasecmp(buf, yes[i]) == 0) {
            return 1;
        }
    }
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
        if (strcasecmp(buf, no[i]) == 0) {
            return 0;
        }
    }
    return -1;
}

/* ------------------------------------------------------------------ */
/* Rows                                                                 */

static int evidence_row(void *ud, const char *const *values, int line)
{
    struct ctx *c = ud;
    (void)line;
    for (int i = 0; i < 2; i++) {
        int a, b;
        if (slash_parts(values[i], &a, &b)) {
            c->day_first_seen = c->day_first_seen || (a > 12 && b <= 12);
            c->month_first_seen = c->month_first_seen || (b > 12 && a <= 12);
        }
    }
    return LSN_OK;
}

/* Intern one person token; warns once per file about an ambiguous name. */
static int person(int32_t *out, struct ctx *c, const char *token, size_t len, int line)
{
    bool ambiguous;
    int rc = lsn_rawset_person(out, c->src.set, c->src.org, token, len, &ambiguous);
    if (rc != LSN_OK || *out < 0 || !ambiguous) {
        return rc;
    }
    const char *name = lsn_strmap_get(c->src.set->strings, *out) + 1;
    size_t before = lsn_strmap_count(c->warned);
    int32_t w;
    if ((rc = lsn_strmap_intern(&w, c->warned, name, strlen(name))) != LSN_OK) {
        return rc;
    }
    if ((size_t)w >= before) {
        while (len > 0 && (*token == ' ' || *token == '\t')) {
            token++;
            len--;
        }
        while (len > 0 && (token[len - 1] == ' ' || token[len - 1] == '\t')) {
            len--;
        }
        lsn_warn("%s:%d: the name '%.*s' belongs to several people of the roster; counted as "
                 "an unknown participant",
                 c->src.path, line, (int)len, token);
    }
    return LSN_OK;
}

/* Add the `;`-separated people of a field as attendees of the newest event. */
static int add_people(struct ctx *c, const char *field, uint8_t cutype, int line)
{
    const char *p = field;
    while (*p != '\0') {
        const char *semi = strchr(p, ';');
        size_t n = semi != NULL ? (size_t)(semi - p) : strlen(p);
        int32_t id;
        int rc = person(&id, c, p, n, line);
        if (rc != LSN_OK) {
            return rc;
        }
        if (id >= 0) {
            lsn_raw_attendee a = {id, LSN_PS_NEEDS_ACTION, cutype, false};
            if ((rc = lsn_rawset_add_attendee(c->src.set, &a)) != LSN_OK) {
                return rc;
            }
            c->src.set->events[c->src.set->nevents - 1].att_count++;
        }
        p += n;
        if (*p == ';') {
            p++;
        }
    }
    return LSN_OK;
}

static void set_malformed(struct ctx *c, lsn_raw_event *ev)
{
    ev->malformed = true;
    /* No identity without a usable start: each such row counts once. */
    int32_t empty = lsn_rawset_str(c->src.set, "", 0);
    ev->uid = empty >= 0 ? empty : ev->uid;
}

static const char *date_forms(const struct ctx *c)
{
    return c->day_first ? "D/M/YYYY, YYYY-MM-DD or D.M.YYYY" : "M/D/YYYY, YYYY-MM-DD or D.M.YYYY";
}

/* UTC seconds of a floating local time. */
static int64_t floating_utc(const struct ctx *c, int y, int m, int d, int secs)
{
    icaltimetype t = lsn_local_time(y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
    return (int64_t)icaltime_as_timet_with_zone(t, c->src.floating);
}

static int identity(struct ctx *c, lsn_raw_event *ev, const char *subject, int secs)
{
    const char *org = ev->organizer >= 0 ? lsn_strmap_get(c->src.set->strings, ev->organizer) : "";
    size_t need = strlen(subject) + strlen(org) + 96;
    int rc = LSN_GROW(c->key, c->key_cap, need);
    if (rc != LSN_OK) {
        return rc;
    }
    /* The series: subject, organizer, time of day, duration, whatever the
     * weekday (a daily stand-up is one series, not five). */
    int n = snprintf(c->key, c->key_cap, "%s\x1f%s\x1f%d\x1f%lld", subject, org,
                     ev->all_day ? -1 : secs, (long long)ev->duration);
    char uid[40];
    snprintf(uid, sizeof(uid), "outlook:%016llx",
             (unsigned long long)lsn_hash_bytes(c->key, (size_t)n, 0));
    int32_t id = lsn_rawset_str(c->src.set, uid, strlen(uid));
    if (id < 0) {
        return id;
    }
    ev->uid = id;
    /* The copy: subject, start, organizer. */
    n = snprintf(c->key, c->key_cap, "%s\x1f%s\x1f%lld", subject, org, (long long)ev->start);
    id = lsn_rawset_str(c->src.set, c->key, (size_t)n);
    if (id < 0) {
        return id;
    }
    ev->copy_key = id;
    return LSN_OK;
}

static int data_row(void *ud, const char *const *values, int line)
{
    struct ctx *c = ud;
    int rc;
    c->rows++;
    const char *subject = values[C_SUBJECT]; /* UTF-8 (io/csvtable.h) */
    lsn_raw_event *ev = lsn_rawset_new_event(c->src.set);
    if (ev == NULL) {
        return lsn_oom();
    }
    ev->file = c->src.file;
    ev->line = line;
    ev->zone = LSN_ZONE_FLOATING;
    ev->has_recid = true;
    int32_t sid = lsn_rawset_str(c->src.set, subject, strlen(subject));
    if (sid < 0) {
        return sid;
    }
    ev->summary = sid;
    ev->uid = sid; /* replaced below */

    size_t people = 0;
    static const int listed[3] = {C_REQUIRED, C_OPTIONAL, C_RESOURCES};
    for (int k = 0; k < 3; k++) {
        const char *v = values[listed[k]];
        if (*v != '\0') {
            people++;
        }
        for (; *v != '\0'; v++) {
            people += *v == ';';
        }
    }
    if (people > LSN_LIMIT_ATTENDEES) {
        lsn_warn("%s:%d: more than %d attendees; event skipped", c->src.path, line,
                 LSN_LIMIT_ATTENDEES);
        set_malformed(c, ev);
        return LSN_OK;
    }

    /* People first: the organizer is part of the identity. */
    const char *org = values[C_ORGANIZER];
    int32_t oid;
    if ((rc = person(&oid, c, org, strlen(org), line)) != LSN_OK) {
        return rc;
    }
    c->src.set->events[c->src.set->nevents - 1].organizer = oid;
    static const int lists[3] = {C_REQUIRED, C_OPTIONAL, C_RESOURCES};
    for (int k = 0; k < 3; k++) {
        const char *field = values[lists[k]];
        uint8_t cutype = lists[k] == C_RESOURCES ? LSN_CU_ROOM : LSN_CU_PERSON;
        if ((rc = add_people(c, field, cutype, line)) != LSN_OK) {
            return rc;
        }
    }
    /* The subject again: the conversion buffer was reused. */
    subject = lsn_strmap_get(c->src.set->strings, sid);
    ev = &c->src.set->events[c->src.set->nevents - 1];

    int all_day = parse_bool(values[C_ALL_DAY]);
    if (all_day < 0) {
        lsn_warn("%s:%d: unreadable All day event '%s' (expected true/false or yes/no)",
                 c->src.path, line, values[C_ALL_DAY]);
        set_malformed(c, ev);
        return LSN_OK;
    }
    ev->all_day = all_day == 1;
    int y, m, d, secs = 0, ey, em, ed, esecs = 0;
    if (!parse_date(values[C_START_DATE], c->day_first, &y, &m, &d)) {
        lsn_warn("%s:%d: unreadable Start Date '%s' (expected %s)", c->src.path, line,
                 values[C_START_DATE], date_forms(c));
        set_malformed(c, ev);
        return LSN_OK;
    }
    if (!ev->all_day && !parse_time(values[C_START_TIME], &secs)) {
        lsn_warn("%s:%d: unreadable Start Time '%s' (expected h:mm:ss AM/PM or HH:MM:SS)",
                 c->src.path, line, values[C_START_TIME]);
        set_malformed(c, ev);
        return LSN_OK;
    }
    if (*skip_blanks(values[C_END_DATE]) == '\0') {
        ey = y;
        em = m;
        ed = d;
    } else if (!parse_date(values[C_END_DATE], c->day_first, &ey, &em, &ed)) {
        lsn_warn("%s:%d: unreadable End Date '%s' (expected %s)", c->src.path, line,
                 values[C_END_DATE], date_forms(c));
        set_malformed(c, ev);
        return LSN_OK;
    }
    bool no_end_time = *skip_blanks(values[C_END_TIME]) == '\0';
    if (!ev->all_day && !no_end_time && !parse_time(values[C_END_TIME], &esecs)) {
        lsn_warn("%s:%d: unreadable End Time '%s' (expected h:mm:ss AM/PM or HH:MM:SS)",
                 c->src.path, line, values[C_END_TIME]);
        set_malformed(c, ev);
        return LSN_OK;
    }

    icaltimetype local = lsn_local_time(y, m, d, 0, 0, 0);
    if (ev->all_day) {
        local.is_date = 1;
        ev->start = floating_utc(c, y, m, d, 0);
        int64_t days = lsn_days_from_civil(ey, (unsigned)em, (unsigned)ed) -
                       lsn_days_from_civil(y, (unsigned)m, (unsigned)d);
        ev->duration = (days > 0 ? days : 1) * 86400;
    } else {
        local.hour = secs / 3600;
        local.minute = secs / 60 % 60;
        local.second = secs % 60;
        ev->start = floating_utc(c, y, m, d, secs);
        ev->duration = no_end_time ? 0 : floating_utc(c, ey, em, ed, esecs) - ev->start;
    }
    ev->dtstart_local = local;
    ev->recurrence_id = ev->start;
    return identity(c, ev, subject, secs);
}

int lsn_outlook_parse(const lsn_raw_source *src, int64_t *rows)
{
    struct ctx c;
    memset(&c, 0, sizeof(c));
    c.src = *src;
    *rows = 0;
    int rc = lsn_strmap_new(&c.warned);
    if (rc != LSN_OK) {
        return rc;
    }
    static const bool required[C_COUNT] = {true, true};
    /* Pass 1: which way round the slash dates of this file are. */
    const char *const date_columns[2] = {columns[C_START_DATE], columns[C_END_DATE]};
    static const bool date_required[2] = {true, false};
    /* Quiet: the second pass says what is worth saying about the header. */
    lsn_csv_options quiet = LSN_CSV_OPTIONS_INIT;
    quiet.quiet = true;
    rc = lsn_csv_read_with(c.src.path, date_columns, 2, date_required, NULL, evidence_row, &c,
                           &quiet);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    if (c.day_first_seen && !c.month_first_seen) {
        c.day_first = true;
        lsn_warn("%s: dates with a slash read as D/M/YYYY (day first): a first number above 12 "
                 "shows the order",
                 c.src.path);
    }
    /* Latin-1 fields were said for the whole file when it was read to find
     * its format (io/load_files.c). */
    lsn_csv_options data = LSN_CSV_OPTIONS_INIT;
    data.latin1_said = true;
    rc = lsn_csv_read_with(c.src.path, columns, C_COUNT, required, NULL, data_row, &c, &data);
    *rows = c.rows;
cleanup:
    lsn_strmap_free(c.warned);
    free(c.key);
    return rc;
}
