/*
 * io/raw.c — growable storage for raw event records, their attendees,
 * times and rules, and the registry of time zones they refer to. It parses
 * no format; loaders fill it and io/load.c consumes it.
 */
#include "io/raw.h"

#include "io/error.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucal.h>
#include <unicode/ustring.h>

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) {
        return LSN_OK;
    }
    size_t n = *cap ? *cap : 64;
    while (n < need) {
        n *= 2;
    }
    void *q = realloc(*p, n * elem);
    if (q == NULL) {
        return lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    *p = q;
    *cap = n;
    return LSN_OK;
}

int lsn_rawset_init(lsn_rawset *set)
{
    memset(set, 0, sizeof(*set));
    if (lsn_strmap_new(&set->strings) != LSN_OK || lsn_strmap_new(&set->zone_keys) != LSN_OK) {
        lsn_rawset_destroy(set);
        return LSN_ENOMEM;
    }
    return LSN_OK;
}

void lsn_rawset_destroy(lsn_rawset *set)
{
    if (set->zones != NULL) {
        size_t n = set->zone_keys ? lsn_strmap_count(set->zone_keys) : 0;
        for (size_t i = 0; i < n; i++) {
            if (set->zone_owned[i]) {
                icaltimezone_free(set->zones[i], 1);
            }
        }
    }
    free(set->zones);
    free(set->zone_owned);
    lsn_strmap_free(set->zone_keys);
    lsn_strmap_free(set->strings);
    free(set->events);
    free(set->attendees);
    free(set->rules);
    free(set->times);
    for (size_t i = 0; i < set->nfiles; i++) {
        free(set->files[i]);
    }
    free(set->files);
    memset(set, 0, sizeof(*set));
}

int32_t lsn_rawset_str(lsn_rawset *set, const char *s, size_t len)
{
    int32_t id;
    int rc = lsn_strmap_intern(&id, set->strings, s, len);
    return rc == LSN_OK ? id : rc;
}

int32_t lsn_rawset_add_file(lsn_rawset *set, const char *path)
{
    int rc = grow((void **)&set->files, &set->files_cap, set->nfiles + 1, sizeof(char *));
    if (rc != LSN_OK) {
        return rc;
    }
    char *copy = strdup(path);
    if (copy == NULL) {
        return lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    set->files[set->nfiles] = copy;
    return (int32_t)set->nfiles++;
}

lsn_raw_event *lsn_rawset_new_event(lsn_rawset *set)
{
    if (grow((void **)&set->events, &set->events_cap, set->nevents + 1, sizeof(lsn_raw_event)) !=
        LSN_OK) {
        return NULL;
    }
    lsn_raw_event *ev = &set->events[set->nevents++];
    memset(ev, 0, sizeof(*ev));
    ev->organizer = -1;
    ev->source_id = -1;
    ev->master_ref = -1;
    ev->copy_key = -1;
    ev->dtstamp = LSN_TIME_NONE;
    ev->zone = LSN_ZONE_UTC;
    ev->att_first = (uint32_t)set->nattendees;
    ev->rule_first = (uint32_t)set->nrules;
    return ev;
}

int lsn_rawset_add_attendee(lsn_rawset *set, const lsn_raw_attendee *a)
{
    int rc = grow((void **)&set->attendees, &set->attendees_cap, set->nattendees + 1,
                  sizeof(*a));
    if (rc == LSN_OK) {
        set->attendees[set->nattendees++] = *a;
    }
    return rc;
}

int lsn_rawset_add_rule(lsn_rawset *set, int32_t rule)
{
    int rc = grow((void **)&set->rules, &set->rules_cap, set->nrules + 1, sizeof(rule));
    if (rc == LSN_OK) {
        set->rules[set->nrules++] = rule;
    }
    return rc;
}

int lsn_rawset_add_time(lsn_rawset *set, int64_t t)
{
    int rc = grow((void **)&set->times, &set->times_cap, set->ntimes + 1, sizeof(t));
    if (rc == LSN_OK) {
        set->times[set->ntimes++] = t;
    }
    return rc;
}

int32_t lsn_rawset_add_zone(lsn_rawset *set, const char *tzid, icalcomponent *vtimezone)
{
    char *text = icalcomponent_as_ical_string_r(vtimezone);
    size_t tlen = strlen(tzid), xlen = text ? strlen(text) : 0;
    char *key = malloc(tlen + 1 + xlen + 1);
    int32_t id = LSN_ENOMEM;
    if (key == NULL) {
        icalcomponent_free(vtimezone);
        free(text);
        return lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    memcpy(key, tzid, tlen);
    key[tlen] = '\n';
    if (text != NULL) {
        memcpy(key + tlen + 1, text, xlen);
    }
    size_t before = lsn_strmap_count(set->zone_keys);
    if (lsn_strmap_intern(&id, set->zone_keys, key, tlen + 1 + xlen) != LSN_OK) {
        icalcomponent_free(vtimezone);
        id = LSN_ENOMEM;
        goto cleanup;
    }
    if ((size_t)id < before) {
        /* The same definition was seen in an earlier file. */
        icalcomponent_free(vtimezone);
        goto cleanup;
    }
    if (grow((void **)&set->zones, &set->zones_cap, (size_t)id + 1, sizeof(icaltimezone *)) !=
            LSN_OK ||
        grow((void **)&set->zone_owned, &set->owned_cap, (size_t)id + 1, sizeof(bool)) !=
            LSN_OK) {
        icalcomponent_free(vtimezone);
        id = LSN_ENOMEM;
        goto cleanup;
    }
    set->zone_owned[id] = true;
    icaltimezone *zone = icaltimezone_new();
    if (zone == NULL || !icaltimezone_set_component(zone, vtimezone)) {
        /* Keep the slot consistent: an unusable definition maps to UTC. */
        if (zone != NULL) {
            icaltimezone_free(zone, 1);
        }
        icalcomponent_free(vtimezone);
        zone = icaltimezone_new();
    }
    set->zones[id] = zone;
cleanup:
    free(key);
    free(text);
    return id;
}

int32_t lsn_rawset_add_builtin_zone(lsn_rawset *set, const char *name, icaltimezone *zone)
{
    char key[300];
    int n = snprintf(key, sizeof(key), "builtin\n%s", name);
    size_t before = lsn_strmap_count(set->zone_keys);
    int32_t id;
    if (lsn_strmap_intern(&id, set->zone_keys, key, (size_t)n) != LSN_OK) {
        return LSN_ENOMEM;
    }
    if ((size_t)id < before) {
        return id;
    }
    if (grow((void **)&set->zones, &set->zones_cap, (size_t)id + 1, sizeof(icaltimezone *)) !=
            LSN_OK ||
        grow((void **)&set->zone_owned, &set->owned_cap, (size_t)id + 1, sizeof(bool)) !=
            LSN_OK) {
        return LSN_ENOMEM;
    }
    set->zones[id] = zone;
    set->zone_owned[id] = false;
    return id;
}

const icaltimezone *lsn_rawset_zone(const lsn_rawset *set, int32_t zone)
{
    if (zone == LSN_ZONE_UTC) {
        return icaltimezone_get_utc_timezone();
    }
    if (zone < 0) {
        return NULL;
    }
    return set->zones[zone];
}

icaltimezone *lsn_zone_builtin(const char *name)
{
    if (name == NULL || name[0] == '\0') {
        return NULL;
    }
    if (strcmp(name, "UTC") == 0 || strcmp(name, "GMT") == 0 || strcmp(name, "Etc/UTC") == 0 ||
        strcmp(name, "Z") == 0) {
        return icaltimezone_get_utc_timezone();
    }
    icaltimezone *z = NULL;
    if (name[0] == '/') {
        z = icaltimezone_get_builtin_timezone_from_tzid(name);
    } else {
        z = icaltimezone_get_builtin_timezone(name); /* also "Japan", "EST5EDT" */
    }
    if (z != NULL) {
        return z;
    }
    /* Windows zone names, e.g. "W. Europe Standard Time", through ICU's CLDR table. */
    UChar win[128], iana[128];
    UErrorCode err = U_ZERO_ERROR;
    u_strFromUTF8(win, 128, NULL, name, -1, &err);
    if (U_FAILURE(err)) {
        return NULL;
    }
    int32_t n = ucal_getTimeZoneIDForWindowsID(win, -1, NULL, iana, 128, &err);
    if (U_FAILURE(err) || n <= 0) {
        return NULL;
    }
    char buf[128];
    u_strToUTF8(buf, sizeof(buf), NULL, iana, n, &err);
    if (U_FAILURE(err)) {
        return NULL;
    }
    if (strcmp(buf, "Etc/UTC") == 0 || strcmp(buf, "Etc/GMT") == 0) {
        return icaltimezone_get_utc_timezone();
    }
    return icaltimezone_get_builtin_timezone(buf);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Trim blanks and surrounding quotes from [*s, *s + *n). */
static void trim_token(const char **s, size_t *n)
{
    for (;;) {
        while (*n > 0 && is_blank(**s)) {
            (*s)++;
            (*n)--;
        }
        while (*n > 0 && is_blank((*s)[*n - 1])) {
            (*n)--;
        }
        if (*n >= 2 &&
            ((**s == '"' && (*s)[*n - 1] == '"') || (**s == '\'' && (*s)[*n - 1] == '\''))) {
            (*s)++;
            *n -= 2;
            continue;
        }
        return;
    }
}

/* The roster person called name (len bytes), -1 none, -2 several. */
static int32_t person_by_name(const lsn_org *org, const char *name, size_t len)
{
    char buf[512];
    if (org == NULL || len == 0 || len >= sizeof(buf)) {
        return -1;
    }
    memcpy(buf, name, len);
    buf[len] = '\0';
    int32_t p = lsn_org_find_person_by_name(org, buf);
    const char *comma = memchr(name, ',', len);
    if (p == -1 && comma != NULL) {
        /* "Last, First", as Exchange address books often show names. */
        const char *first = comma + 1;
        size_t nfirst = len - (size_t)(first - name), nlast = (size_t)(comma - name);
        trim_token(&first, &nfirst);
        const char *last = name;
        trim_token(&last, &nlast);
        if (nfirst > 0 && nlast > 0 && nfirst + 1 + nlast < sizeof(buf)) {
            memcpy(buf, first, nfirst);
            buf[nfirst] = ' ';
            memcpy(buf + nfirst + 1, last, nlast);
            buf[nfirst + 1 + nlast] = '\0';
            p = lsn_org_find_person_by_name(org, buf);
        }
    }
    return p;
}

int lsn_rawset_person(int32_t *out,
                      lsn_rawset *set,
                      const lsn_org *org,
                      const char *token,
                      size_t len,
                      bool *ambiguous)
{
    char buf[512];
    int32_t id;
    *out = -1;
    if (ambiguous != NULL) {
        *ambiguous = false;
    }
    const char *s = token;
    size_t n = len;
    trim_token(&s, &n);
    /* "Display Name <address>": the address is the identity. */
    const char *lt = n > 0 ? memchr(s, '<', n) : NULL;
    if (lt != NULL) {
        const char *gt = memchr(lt, '>', n - (size_t)(lt - s));
        const char *in = lt + 1;
        size_t nin = gt != NULL ? (size_t)(gt - in) : n - (size_t)(in - s);
        trim_token(&in, &nin);
        if (nin > 0) {
            s = in;
            n = nin;
        } else {
            n = (size_t)(lt - s);
            trim_token(&s, &n);
        }
    }
    if (n == 0) {
        return LSN_OK;
    }
    if (n >= sizeof(buf) - 1) {
        n = sizeof(buf) - 2;
    }
    if (memchr(s, '@', n) != NULL || (n > 7 && strncasecmp(s, "mailto:", 7) == 0)) {
        memcpy(buf, s, n);
        buf[n] = '\0';
        lsn_email_normalize(buf);
        if (buf[0] == '\0') {
            return LSN_OK;
        }
        id = lsn_rawset_str(set, buf, strlen(buf));
        goto done;
    }
    int32_t p = person_by_name(org, s, n);
    if (p >= 0) {
        size_t np;
        const lsn_person *people = lsn_org_people(org, &np);
        id = lsn_rawset_str(set, people[p].email, strlen(people[p].email));
        goto done;
    }
    if (p == -2 && ambiguous != NULL) {
        *ambiguous = true;
    }
    buf[0] = LSN_NAME_MARK;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        buf[i + 1] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    id = lsn_rawset_str(set, buf, n + 1);
done:
    if (id < 0) {
        return lsn_error_set(LSN_ENOMEM, "out of memory");
    }
    *out = id;
    return LSN_OK;
}

/* Howard Hinnant's days-from-civil algorithm (public domain description). */
int64_t lsn_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void lsn_civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned dd = doy - (153 * mp + 2) / 5 + 1;
    unsigned mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}
