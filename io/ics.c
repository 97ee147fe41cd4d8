/*
 * io/ics.c — the iCalendar front end's entry points: the sniff, the
 * per-thread scratch, and one pass over a file's lines that finds its
 * VTIMEZONE and VEVENT blocks (so each warning knows its line) and hands
 * each block on. It reads no property itself.
 */
#include "io/ics.h"

#include "io/bytescan.h"
#include "io/error.h"
#include "io/ics_internal.h"
#include "io/limits.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
bool ics_reserve_buf(lsn_ics_scratch *s, size_t n)
{
    return LSN_GROW(s->buf, s->bufcap, n) == LSN_OK;
}

lsn_raw_event *ics_new_event(struct ctx *c, int line, size_t *index)
{
    lsn_raw_event *ev = lsn_rawset_new_event(c->set);
    if (ev == NULL) {
        return NULL;
    }
    *index = c->set->nevents - 1;
    ev->file = c->file;
    ev->line = line;
    ev->uid = -1;
    return ev;
}

const icaltimezone *ics_set_start(struct ctx *c, size_t index, int32_t zone, icaltimetype t)
{
    lsn_raw_event *ev = &c->set->events[index];
    const icaltimezone *zp = ics_zone_ptr(c, zone);
    ev->zone = zone;
    ev->all_day = t.is_date != 0;
    ev->dtstart_local = t;
    ev->dtstart_local.zone = NULL;
    ev->start = ics_to_utc(c, t, zp);
    return zp;
}

static void init_once(void)
{
    icalerror_set_errors_are_fatal(0);
    struct icalrecurrencetype r = icalrecurrencetype_from_string("FREQ=DAILY;COUNT=2");
    icalrecur_iterator *it = icalrecur_iterator_new(r, icaltime_from_string("20000101T090000"));
    if (it != NULL) {
        (void)icalrecur_iterator_next(it);
        icalrecur_iterator_free(it);
    }
}

void lsn_ics_init(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, init_once);
}

int lsn_ics_scratch_new(lsn_ics_scratch **out, bool libical_only)
{
    lsn_ics_scratch *s = calloc(1, sizeof(*s));
    *out = NULL;
    if (s == NULL || lsn_strmap_new(&s->rule_keys) != LSN_OK ||
        lsn_strmap_new(&s->probe_keys) != LSN_OK) {
        if (s != NULL) {
            lsn_strmap_free(s->rule_keys);
        }
        free(s);
        return lsn_oom();
    }
    s->libical_only = libical_only;
    s->tzc = lsn_tzcache_new(); /* NULL: each time through libical */
    *out = s;
    return LSN_OK;
}

void lsn_ics_scratch_share_zones(lsn_ics_scratch *s, lsn_tzshare *share)
{
    lsn_tzcache_share(s->tzc, share);
}

void lsn_ics_scratch_free(lsn_ics_scratch *s)
{
    if (s == NULL) {
        return;
    }
    size_t n = lsn_strmap_count(s->rule_keys);
    for (size_t i = 0; i < n; i++) {
        free(s->rules[i].canonical);
        free(s->rules[i].probe);
    }
    lsn_strmap_free(s->rule_keys);
    lsn_strmap_free(s->probe_keys);
    lsn_tzcache_free(s->tzc);
    free(s->probes);
    free(s->rules);
    free(s->props);
    free(s->buf);
    free(s->line_len);
    free(s);
}

void lsn_ics_scratch_counts(const lsn_ics_scratch *s, int64_t *fast, int64_t *libical)
{
    *fast = s->fast;
    *libical = s->libical;
}

int lsn_ics_parse(const lsn_raw_source *src, const char *data, size_t len, int64_t *vevents)
{
    int rc = LSN_OK;
    struct ctx c = {0};
    lsn_ics_scratch *own = NULL;
    c.set = src->set;
    c.file = src->file;
    c.path = src->path;
    c.floating = src->floating;
    *vevents = 0;
    if (!lsn_ics_sniff(data, len)) {
        return lsn_error_set(LSN_EPARSE, "%s:1: not an iCalendar file (no BEGIN:VCALENDAR)",
                             c.path);
    }
    if (src->ics == NULL && (rc = lsn_ics_scratch_new(&own, false)) != LSN_OK) {
        return rc;
    }
    c.scratch = src->ics != NULL ? src->ics : own;

    /* One pass over the lines: find the blocks and the calendar's METHOD. */
    struct block *events = NULL, *zones = NULL;
    size_t nevents = 0, nzones = 0, cap_e = 0, cap_z = 0;
    const char *p = data, *end = data + len;
    int line = 1;
    struct block *open = NULL; /* the block being read */
    bool open_is_event = false;
    int depth_other = 0; /* nested components inside the open block */
    while (p < end) {
        /* The first CR or LF, sixteen bytes a step. */
        const char *eol = lsn_find_eol(p, end);
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
                    if ((rc = LSN_GROW(*arr, *cap, *n + 1)) != LSN_OK) {
                        goto cleanup;
                    }
                    open = &(*arr)[(*n)++];
                    open->begin = p;
                    open->end = end;
                    open->line = line;
                    depth_other = 0;
                } else if ((size_t)(eol - p) >= 7 && strncasecmp(p, "METHOD:", 7) == 0) {
                    c.method_cancel = line_is(p, eol, "METHOD:CANCEL");
                }
            } else if ((*p | 0x20) == 'b' && strncasecmp(p, "BEGIN:", 6) == 0) {
                if (open_is_event && line_is(p, eol, "BEGIN:VEVENT") && depth_other == 0) {
                    /* A VEVENT that never ended: close it here and restart. */
                    open->end = p;
                    open = NULL;
                    continue;
                }
                depth_other++;
            } else if ((*p | 0x20) == 'e' && strncasecmp(p, "END:", 4) == 0) {
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

    if (nzones > LSN_LIMIT_ZONES_PER_FILE) {
        rc = lsn_error_set(LSN_EPARSE,
                           "%s:%d: more than %d VTIMEZONE definitions in one file; not read",
                           c.path, zones[LSN_LIMIT_ZONES_PER_FILE].line, LSN_LIMIT_ZONES_PER_FILE);
        goto cleanup;
    }
    for (size_t i = 0; i < nzones; i++) {
        ics_add_vtimezone(&c, &zones[i]);
    }
    for (size_t i = 0; i < nevents; i++) {
        if ((rc = ics_add_vevent(&c, &events[i], vevents)) != LSN_OK) {
            goto cleanup;
        }
    }
cleanup:
    free(events);
    free(zones);
    lsn_ics_scratch_free(own);
    lsn_strmap_free(c.zone_names);
    free(c.zone_ids);
    return rc;
}
