/*
 * io/raw.c — growable storage for raw event records, their attendees,
 * times and rules, the registry of time zones they refer to (with the cache
 * of VTIMEZONE definitions that every set of one load shares), and the
 * merge of sets filled on different threads. It parses no format beyond
 * handing a VTIMEZONE block to libical; the formats fill it and the loader
 * (io/load*.c) consumes it.
 */
#include "io/raw.h"

#include "io/error.h"
#include "io/limits.h"
#include "io/vec.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucal.h>
#include <unicode/ustring.h>

/* ------------------------------------------------------------------ */
/* The shared cache of VTIMEZONE definitions                            */

/* What one VTIMEZONE text gave, by text. */
struct zc_text {
    int status;
    char *tzid;  /* LSN_VTZ_OK only */
    int32_t key; /* index in keys/zones; -1 unless LSN_VTZ_OK */
};

struct lsn_zonecache {
    pthread_mutex_t lock;
    lsn_strmap *texts; /* block text -> index in by_text */
    struct zc_text *by_text;
    size_t by_text_cap;
    lsn_strmap *keys;     /* "TZID\n" + the definition as libical writes it -> index in zones */
    icaltimezone **zones; /* NULL for a definition over the limits */
    size_t zones_cap;
    double transitions; /* what the distinct zones may cost, io/limits.h */
};

int lsn_zonecache_new(lsn_zonecache **out)
{
    lsn_zonecache *zc = calloc(1, sizeof(*zc));
    *out = NULL;
    if (zc == NULL) {
        return lsn_oom();
    }
    if (pthread_mutex_init(&zc->lock, NULL) != 0) {
        free(zc);
        return lsn_oom();
    }
    int rc;
    if ((rc = lsn_strmap_new(&zc->texts)) != LSN_OK || (rc = lsn_strmap_new(&zc->keys)) != LSN_OK) {
        lsn_zonecache_free(zc);
        return rc;
    }
    *out = zc;
    return LSN_OK;
}

void lsn_zonecache_free(lsn_zonecache *zc)
{
    if (zc == NULL) {
        return;
    }
    size_t nz = zc->keys ? lsn_strmap_count(zc->keys) : 0;
    for (size_t i = 0; i < nz && zc->zones != NULL; i++) {
        if (zc->zones[i] != NULL) {
            icaltimezone_free(zc->zones[i], 1);
        }
    }
    size_t nt = zc->texts ? lsn_strmap_count(zc->texts) : 0;
    for (size_t i = 0; i < nt && zc->by_text != NULL; i++) {
        free(zc->by_text[i].tzid);
    }
    free(zc->zones);
    free(zc->by_text);
    lsn_strmap_free(zc->texts);
    lsn_strmap_free(zc->keys);
    pthread_mutex_destroy(&zc->lock);
    free(zc);
}

/*
 * The transitions libical may compute for a zone's rules up to
 * LSN_LIMIT_ZONE_LAST_YEAR (io/limits.h): per RRULE, the periods from its
 * observance's DTSTART to its UNTIL or that year, by FREQ and INTERVAL, at
 * most COUNT; one per RDATE. An estimate from above.
 */
static double zone_transitions(icalcomponent *vtz)
{
    static const double per_year[] = {
        [ICAL_SECONDLY_RECURRENCE] = 31536000.0, [ICAL_MINUTELY_RECURRENCE] = 525600.0,
        [ICAL_HOURLY_RECURRENCE] = 8760.0,       [ICAL_DAILY_RECURRENCE] = 366.0,
        [ICAL_WEEKLY_RECURRENCE] = 53.0,         [ICAL_MONTHLY_RECURRENCE] = 12.0,
        [ICAL_YEARLY_RECURRENCE] = 1.0,
    };
    double total = 0;
    for (icalcomponent *o = icalcomponent_get_first_component(vtz, ICAL_ANY_COMPONENT); o != NULL;
         o = icalcomponent_get_next_component(vtz, ICAL_ANY_COMPONENT)) {
        icalproperty *dp = icalcomponent_get_first_property(o, ICAL_DTSTART_PROPERTY);
        int from = dp != NULL ? icalproperty_get_dtstart(dp).year : 0;
        for (icalproperty *p = icalcomponent_get_first_property(o, ICAL_ANY_PROPERTY); p != NULL;
             p = icalcomponent_get_next_property(o, ICAL_ANY_PROPERTY)) {
            icalproperty_kind kind = icalproperty_isa(p);
            if (kind == ICAL_RDATE_PROPERTY) {
                total += 1;
                continue;
            }
            if (kind != ICAL_RRULE_PROPERTY) {
                continue;
            }
            struct icalrecurrencetype r = icalproperty_get_rrule(p);
            int to = LSN_LIMIT_ZONE_LAST_YEAR;
            if (!icaltime_is_null_time(r.until) && r.until.year < to) {
                to = r.until.year;
            }
            double years = to >= from ? (double)(to - from + 1) : 0;
            double each = r.freq >= ICAL_SECONDLY_RECURRENCE && r.freq <= ICAL_YEARLY_RECURRENCE
                              ? per_year[r.freq]
                              : 1.0;
            double steps = years * each / (r.interval > 1 ? r.interval : 1);
            if (r.count > 0 && (double)r.count < steps) {
                steps = r.count;
            }
            total += steps;
        }
    }
    return total;
}

/* Parse a VTIMEZONE text the cache has not seen; called with the lock held. */
static int zc_read(lsn_zonecache *zc, struct zc_text *out, const char *text, size_t len)
{
    int rc = LSN_OK;
    char *copy = malloc(len + 1), *written = NULL, *key = NULL;
    icalcomponent *comp = NULL;
    out->status = LSN_VTZ_UNREADABLE;
    out->tzid = NULL;
    out->key = -1;
    if (copy == NULL) {
        return lsn_oom();
    }
    memcpy(copy, text, len);
    copy[len] = '\0';
    comp = icalparser_parse_string(copy);
    if (comp == NULL || icalcomponent_isa(comp) != ICAL_VTIMEZONE_COMPONENT) {
        goto cleanup;
    }
    icalproperty *p = icalcomponent_get_first_property(comp, ICAL_TZID_PROPERTY);
    const char *tzid = p ? icalproperty_get_tzid(p) : NULL;
    if (tzid == NULL || tzid[0] == '\0') {
        out->status = LSN_VTZ_NO_TZID;
        goto cleanup;
    }
    /* A definition without any STANDARD/DAYLIGHT rule cannot convert times;
     * a builtin zone of the same name (or Windows name) does better. */
    if (icalcomponent_get_first_component(comp, ICAL_XSTANDARD_COMPONENT) == NULL &&
        icalcomponent_get_first_component(comp, ICAL_XDAYLIGHT_COMPONENT) == NULL) {
        out->status = LSN_VTZ_NO_RULES;
        goto cleanup;
    }
    written = icalcomponent_as_ical_string_r(comp);
    size_t tlen = strlen(tzid), xlen = written ? strlen(written) : 0;
    key = malloc(tlen + 1 + xlen + 1);
    out->tzid = strdup(tzid);
    if (key == NULL || out->tzid == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    memcpy(key, tzid, tlen);
    key[tlen] = '\n';
    if (written != NULL) {
        memcpy(key + tlen + 1, written, xlen);
    }
    size_t before = lsn_strmap_count(zc->keys);
    int32_t id;
    if ((rc = lsn_strmap_intern(&id, zc->keys, key, tlen + 1 + xlen)) != LSN_OK) {
        goto cleanup;
    }
    if ((size_t)id >= before) {
        if ((rc = LSN_GROW(zc->zones, zc->zones_cap, (size_t)id + 1)) != LSN_OK) {
            goto cleanup;
        }
        double cost = zone_transitions(comp);
        if (cost > LSN_LIMIT_ZONE_TRANSITIONS ||
            zc->transitions + cost > LSN_LIMIT_ZONE_TRANSITIONS_LOAD) {
            zc->zones[id] = NULL; /* every copy of this definition is refused alike */
            out->status = LSN_VTZ_TOO_COSTLY;
            goto cleanup;
        }
        zc->transitions += cost;
        icaltimezone *zone = icaltimezone_new();
        if (zone != NULL && icaltimezone_set_component(zone, comp)) {
            comp = NULL; /* the zone owns it */
        } else {
            /* Keep the slot consistent: an unusable definition maps to UTC. */
            if (zone != NULL) {
                icaltimezone_free(zone, 1);
            }
            zone = icaltimezone_new();
        }
        zc->zones[id] = zone;
    }
    if (zc->zones[id] == NULL) {
        out->status = LSN_VTZ_TOO_COSTLY;
        goto cleanup;
    }
    out->status = LSN_VTZ_OK;
    out->key = id;
cleanup:
    if (rc != LSN_OK || out->status != LSN_VTZ_OK) {
        free(out->tzid);
        out->tzid = NULL;
    }
    if (comp != NULL) {
        icalcomponent_free(comp);
    }
    free(written);
    free(key);
    free(copy);
    return rc;
}

int lsn_rawset_add_vtimezone(
    int32_t *out, lsn_rawset *set, const char *text, size_t len, int *status, const char **tzid)
{
    lsn_zonecache *zc = set->zonecache;
    int rc = LSN_OK;
    const char *key = NULL;
    size_t keylen = 0;
    icaltimezone *zone = NULL;
    *out = -1;
    *status = LSN_VTZ_UNREADABLE;
    *tzid = NULL;
    pthread_mutex_lock(&zc->lock);
    size_t before = lsn_strmap_count(zc->texts);
    int32_t t;
    if ((rc = lsn_strmap_intern(&t, zc->texts, text, len)) != LSN_OK) {
        goto unlock;
    }
    if ((size_t)t >= before) {
        if ((rc = LSN_GROW(zc->by_text, zc->by_text_cap, (size_t)t + 1)) != LSN_OK) {
            goto unlock;
        }
        if ((rc = zc_read(zc, &zc->by_text[t], text, len)) != LSN_OK) {
            zc->by_text[t].status = LSN_VTZ_UNREADABLE;
            goto unlock;
        }
    }
    const struct zc_text *e = &zc->by_text[t];
    *status = e->status;
    if (e->status == LSN_VTZ_OK) {
        /* Strings of a strmap never move; the zone lives as long as zc. */
        *tzid = e->tzid;
        key = lsn_strmap_get(zc->keys, e->key);
        keylen = lsn_strmap_len(zc->keys, e->key);
        zone = zc->zones[e->key];
    }
unlock:
    pthread_mutex_unlock(&zc->lock);
    if (rc != LSN_OK) {
        *status = LSN_VTZ_UNREADABLE;
        return lsn_oom();
    }
    if (*status != LSN_VTZ_OK) {
        return LSN_OK;
    }
    size_t n = lsn_strmap_count(set->zone_keys);
    int32_t id;
    if (lsn_strmap_intern(&id, set->zone_keys, key, keylen) != LSN_OK ||
        ((size_t)id >= n && LSN_GROW(set->zones, set->zones_cap, (size_t)id + 1) != LSN_OK)) {
        return lsn_oom();
    }
    set->zones[id] = zone;
    *out = id;
    return LSN_OK;
}

/* ------------------------------------------------------------------ */
/* Sets                                                                 */

int lsn_rawset_init(lsn_rawset *set, lsn_zonecache *zones)
{
    memset(set, 0, sizeof(*set));
    int rc;
    if ((rc = lsn_strmap_new(&set->strings)) != LSN_OK ||
        (rc = lsn_strmap_new(&set->zone_keys)) != LSN_OK) {
        lsn_rawset_destroy(set);
        return rc;
    }
    set->zonecache = zones;
    if (zones == NULL) {
        if ((rc = lsn_zonecache_new(&set->zonecache)) != LSN_OK) {
            lsn_rawset_destroy(set);
            return rc;
        }
        set->own_zonecache = true;
    }
    return LSN_OK;
}

void lsn_rawset_destroy(lsn_rawset *set)
{
    free(set->zones);
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
    if (set->own_zonecache) {
        lsn_zonecache_free(set->zonecache);
    }
    memset(set, 0, sizeof(*set));
}

void lsn_rawset_clear(lsn_rawset *set)
{
    lsn_strmap_clear(set->strings);
    lsn_strmap_clear(set->zone_keys);
    for (size_t i = 0; i < set->nfiles; i++) {
        free(set->files[i]);
    }
    set->nevents = set->nattendees = set->nrules = set->ntimes = set->nfiles = 0;
    set->malformed_unkeyed = 0;
}

/* Grow *p of *cap elements to exactly n when it holds fewer. */
static int reserve_exact(void **p, size_t *cap, size_t n, size_t elem)
{
    if (n <= *cap) {
        return LSN_OK;
    }
    int rc = lsn_resize(p, n, elem);
    if (rc == LSN_OK) {
        *cap = n;
    }
    return rc;
}

#define RESERVE(arr, cap, n) reserve_exact((void **)&(arr), &(cap), (n), sizeof(*(arr)))

int lsn_rawset_reserve(lsn_rawset *set, size_t events, size_t attendees, size_t rules, size_t times)
{
    int rc;
    if ((rc = RESERVE(set->events, set->events_cap, events)) != LSN_OK ||
        (rc = RESERVE(set->attendees, set->attendees_cap, attendees)) != LSN_OK ||
        (rc = RESERVE(set->rules, set->rules_cap, rules)) != LSN_OK) {
        return rc;
    }
    return RESERVE(set->times, set->times_cap, times);
}

int lsn_rawset_merge(lsn_rawset *dst, const lsn_rawset *src, bool records)
{
    int rc = LSN_OK;
    size_t nstr = lsn_strmap_count(src->strings), nzones = lsn_strmap_count(src->zone_keys);
    int32_t *smap = malloc((nstr ? nstr : 1) * sizeof(*smap));
    int32_t *zmap = malloc((nzones ? nzones : 1) * sizeof(*zmap));
    if (smap == NULL || zmap == NULL) {
        rc = LSN_ENOMEM;
        goto cleanup;
    }
    /* Ids of src are in order of first use, so interning them in id order
     * gives dst the ids a single set would have given. */
    if (lsn_strmap_intern_all(smap, dst->strings, src->strings) != LSN_OK) {
        rc = LSN_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < nzones; i++) {
        int32_t id = (int32_t)i;
        size_t before = lsn_strmap_count(dst->zone_keys);
        if (lsn_strmap_intern_hashed(&zmap[i], dst->zone_keys, lsn_strmap_get(src->zone_keys, id),
                                     lsn_strmap_len(src->zone_keys, id),
                                     lsn_strmap_hash(src->zone_keys, id)) != LSN_OK) {
            rc = LSN_ENOMEM;
            goto cleanup;
        }
        if ((size_t)zmap[i] >= before) {
            if (LSN_GROW(dst->zones, dst->zones_cap, (size_t)zmap[i] + 1) != LSN_OK) {
                rc = LSN_ENOMEM;
                goto cleanup;
            }
            dst->zones[zmap[i]] = src->zones[i];
        }
    }
    if (!records) {
        goto cleanup;
    }
    if (LSN_GROW(dst->events, dst->events_cap, dst->nevents + src->nevents) != LSN_OK ||
        LSN_GROW(dst->attendees, dst->attendees_cap, dst->nattendees + src->nattendees) != LSN_OK ||
        LSN_GROW(dst->rules, dst->rules_cap, dst->nrules + src->nrules) != LSN_OK ||
        LSN_GROW(dst->times, dst->times_cap, dst->ntimes + src->ntimes) != LSN_OK) {
        rc = LSN_ENOMEM;
        goto cleanup;
    }
    int32_t file_base = (int32_t)dst->nfiles;
    for (size_t i = 0; i < src->nfiles; i++) {
        if (lsn_rawset_add_file(dst, src->files[i]) < 0) {
            rc = LSN_ENOMEM;
            goto cleanup;
        }
    }
    uint32_t att_base = (uint32_t)dst->nattendees, rule_base = (uint32_t)dst->nrules;
    uint32_t time_base = (uint32_t)dst->ntimes;
    for (size_t i = 0; i < src->nevents; i++) {
        lsn_raw_event ev = src->events[i];
        ev.file += file_base;
        ev.uid = ev.uid >= 0 ? smap[ev.uid] : ev.uid;
        ev.summary = ev.summary >= 0 ? smap[ev.summary] : ev.summary;
        ev.organizer = ev.organizer >= 0 ? smap[ev.organizer] : ev.organizer;
        ev.source_id = ev.source_id >= 0 ? smap[ev.source_id] : ev.source_id;
        ev.master_ref = ev.master_ref >= 0 ? smap[ev.master_ref] : ev.master_ref;
        ev.copy_key = ev.copy_key >= 0 ? smap[ev.copy_key] : ev.copy_key;
        ev.zone = ev.zone >= 0 ? zmap[ev.zone] : ev.zone;
        ev.att_first += att_base;
        ev.rule_first += rule_base;
        ev.rdate_first += time_base;
        ev.exdate_first += time_base;
        ev.exday_first += time_base;
        dst->events[dst->nevents++] = ev;
    }
    for (size_t i = 0; i < src->nattendees; i++) {
        lsn_raw_attendee a = src->attendees[i];
        a.addr = a.addr >= 0 ? smap[a.addr] : a.addr;
        dst->attendees[dst->nattendees++] = a;
    }
    for (size_t i = 0; i < src->nrules; i++) {
        dst->rules[dst->nrules++] = smap[src->rules[i]];
    }
    if (src->ntimes > 0) {
        memcpy(dst->times + dst->ntimes, src->times, src->ntimes * sizeof(int64_t));
        dst->ntimes += src->ntimes;
    }
    dst->malformed_unkeyed += src->malformed_unkeyed;
cleanup:
    free(smap);
    free(zmap);
    return rc == LSN_OK ? rc : lsn_oom();
}

int32_t lsn_rawset_str(lsn_rawset *set, const char *s, size_t len)
{
    int32_t id;
    int rc = lsn_strmap_intern(&id, set->strings, s, len);
    return rc == LSN_OK ? id : rc;
}

int32_t lsn_rawset_add_file(lsn_rawset *set, const char *path)
{
    int rc = LSN_GROW(set->files, set->files_cap, set->nfiles + 1);
    if (rc != LSN_OK) {
        return rc;
    }
    char *copy = strdup(path);
    if (copy == NULL) {
        return lsn_oom();
    }
    set->files[set->nfiles] = copy;
    return (int32_t)set->nfiles++;
}

lsn_raw_event *lsn_rawset_new_event(lsn_rawset *set)
{
    if (LSN_GROW(set->events, set->events_cap, set->nevents + 1) != LSN_OK) {
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
    int rc = LSN_GROW(set->attendees, set->attendees_cap, set->nattendees + 1);
    if (rc == LSN_OK) {
        set->attendees[set->nattendees++] = *a;
    }
    return rc;
}

int lsn_rawset_add_rule(lsn_rawset *set, int32_t rule)
{
    int rc = LSN_GROW(set->rules, set->rules_cap, set->nrules + 1);
    if (rc == LSN_OK) {
        set->rules[set->nrules++] = rule;
    }
    return rc;
}

int lsn_rawset_add_time(lsn_rawset *set, int64_t t)
{
    int rc = LSN_GROW(set->times, set->times_cap, set->ntimes + 1);
    if (rc == LSN_OK) {
        set->times[set->ntimes++] = t;
    }
    return rc;
}

int32_t lsn_rawset_add_builtin_zone(lsn_rawset *set, const char *name, icaltimezone *zone)
{
    char key[300];
    int n = snprintf(key, sizeof(key), "builtin\n%s", name);
    if (n < 0) {
        n = 0;
    } else if ((size_t)n >= sizeof(key)) {
        n = (int)sizeof(key) - 1;
    }
    size_t before = lsn_strmap_count(set->zone_keys);
    int32_t id;
    int rc;
    if ((rc = lsn_strmap_intern(&id, set->zone_keys, key, (size_t)n)) != LSN_OK) {
        return rc;
    }
    if ((size_t)id < before) {
        return id;
    }
    if ((rc = LSN_GROW(set->zones, set->zones_cap, (size_t)id + 1)) != LSN_OK) {
        return rc;
    }
    set->zones[id] = zone;
    return id;
}

lsn_raw_source
lsn_raw_source_of(lsn_rawset *set, int32_t file, const lsn_org *org, const icaltimezone *floating)
{
    lsn_raw_source src = {set, file, set->files[file], org, floating, NULL};
    return src;
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

/*
 * libical loads a builtin zone's data the first time it is used, writing
 * the zone's strings, while icaltimezone_get_builtin_timezone() reads every
 * zone's name without a lock: two reading threads resolving zones at once
 * race (ThreadSanitizer, on Microsoft Graph files and on TZIDs that no
 * VTIMEZONE defines). So the lookup is done under one lock, and a zone is
 * loaded before anyone is given it.
 */
static pthread_mutex_t builtin_lock = PTHREAD_MUTEX_INITIALIZER;

static icaltimezone *zone_builtin_locked(const char *name);

icaltimezone *lsn_zone_builtin(const char *name)
{
    if (name == NULL || name[0] == '\0') {
        return NULL;
    }
    pthread_mutex_lock(&builtin_lock);
    icaltimezone *z = zone_builtin_locked(name);
    if (z != NULL && z != icaltimezone_get_utc_timezone()) {
        (void)icaltimezone_get_component(z); /* loads it */
    }
    pthread_mutex_unlock(&builtin_lock);
    return z;
}

static icaltimezone *zone_builtin_locked(const char *name)
{
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
    int32_t wlen = 0;
    /* A name of exactly 128 units fills win without a terminator: pass its length. */
    u_strFromUTF8(win, 128, &wlen, name, -1, &err);
    if (U_FAILURE(err)) {
        return NULL;
    }
    int32_t n = ucal_getTimeZoneIDForWindowsID(win, wlen, NULL, iana, 128, &err);
    if (U_FAILURE(err) || n <= 0) {
        return NULL;
    }
    char buf[128];
    u_strToUTF8(buf, sizeof(buf), NULL, iana, n, &err);
    if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING) {
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
        return lsn_oom();
    }
    *out = id;
    return LSN_OK;
}

icaltimetype lsn_local_time(int y, int m, int d, int h, int mi, int s)
{
    icaltimetype t = icaltime_null_time();
    t.year = y;
    t.month = m;
    t.day = d;
    t.hour = h;
    t.minute = mi;
    t.second = s;
    return t;
}

int64_t lsn_local_to_utc(icaltimetype t, const icaltimezone *zone)
{
    if (t.is_date) {
        t.is_date = 0;
        t.hour = t.minute = t.second = 0;
    }
    t.zone = NULL;
    /* 400 Gregorian years are 146,097 days: the same dates, the same weekdays. */
    int64_t shift = 0;
    if (zone != NULL && t.year > LSN_LIMIT_ZONE_LAST_YEAR) {
        int cycles = (t.year - LSN_LIMIT_ZONE_LAST_YEAR + 399) / 400;
        t.year -= 400 * cycles;
        shift = (int64_t)cycles * 146097 * 86400;
    }
    return (int64_t)icaltime_as_timet_with_zone(t, zone) + shift;
}
