/*
 * io/ics_fast.c — the fast reader: a plain VEVENT block (the grammar below)
 * into a raw event without libical's parser, the RRULE memo included. It
 * leaves every block it does not fully understand to ics_libical.c before it
 * has changed anything, so the records are the same either way.
 */
#include "io/ics_internal.h"

#include "io/error.h"
#include "io/limits.h"
#include "io/model.h"

#include <stdlib.h>
#include <string.h>

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

/*
 * The canonical text of an RRULE value for a DTSTART, through two memos:
 * libical reads the rule and writes it back (once per text), and checks that
 * it can be iterated from dtstart (once per rule without COUNT and UNTIL,
 * DTSTART's kind and, unless the answer cannot depend on it, DTSTART:
 * libical's iterator costs some 13 µs to make, and a file may hold a great
 * many series that differ only in their start). NULL (and LSN_OK) when the
 * VEVENT must go to libical.
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
    size_t before = lsn_strmap_count(s->rule_keys);
    int rc = LSN_GROW(s->rules, s->rules_cap, before + 1);
    if (rc != LSN_OK) {
        return rc;
    }
    int32_t id;
    if (lsn_strmap_intern(&id, s->rule_keys, text, n) != LSN_OK) {
        return lsn_oom();
    }
    struct rule_memo *m = &s->rules[id];
    if ((size_t)id >= before) {
        /* What libical does with an RRULE property's value. */
        memset(m, 0, sizeof(*m));
        struct icalrecurrencetype r = icalrecurrencetype_from_string(text);
        if (r.freq != ICAL_NO_RECURRENCE && r.rscale == NULL) {
            m->canonical = icalrecurrencetype_as_string_r(&r);
        }
        if (m->canonical == NULL) {
            return LSN_OK;
        }
        /* Whether the rule can be iterated does not depend on its COUNT or
         * UNTIL: the probe below is shared by the rules that differ only
         * there. */
        m->probe = malloc(strlen(m->canonical) + 1);
        if (m->probe == NULL) {
            return lsn_oom();
        }
        size_t k = 0;
        for (const char *part = m->canonical; *part != '\0';) {
            const char *semi = strchr(part, ';');
            size_t len = semi != NULL ? (size_t)(semi - part) + 1 : strlen(part);
            if (strncmp(part, "COUNT=", 6) != 0 && strncmp(part, "UNTIL=", 6) != 0) {
                memcpy(m->probe + k, part, len);
                k += len;
            }
            part += len;
        }
        m->probe[k] = '\0';
        /* libical fails to make an iterator (for a start it accepts) when
         * no instance follows the start before the year 2582. A rule with
         * no BY list always has DTSTART's own place; one of FREQ up to
         * WEEKLY with INTERVAL 1 takes from DTSTART only its time of day
         * and repeats within a Gregorian cycle (400 years) if at all. For
         * either, every start from 1900 to 2099 gets the same answer. */
        bool lists = r.by_second[0] != ICAL_RECURRENCE_ARRAY_MAX ||
                     r.by_minute[0] != ICAL_RECURRENCE_ARRAY_MAX ||
                     r.by_hour[0] != ICAL_RECURRENCE_ARRAY_MAX ||
                     r.by_day[0] != ICAL_RECURRENCE_ARRAY_MAX ||
                     r.by_month_day[0] != ICAL_RECURRENCE_ARRAY_MAX ||
                     r.by_year_day[0] != ICAL_RECURRENCE_ARRAY_MAX ||
                     r.by_week_no[0] != ICAL_RECURRENCE_ARRAY_MAX ||
                     r.by_month[0] != ICAL_RECURRENCE_ARRAY_MAX ||
                     r.by_set_pos[0] != ICAL_RECURRENCE_ARRAY_MAX;
        m->any_start = !lists || (r.freq <= ICAL_WEEKLY_RECURRENCE && r.interval <= 1);
        m->shared = -1;
    }
    if (m->canonical == NULL) {
        return LSN_OK;
    }
    /* The probe: what read_recurrence() does with the rule and DTSTART. */
    bool shared = m->any_start && dtstart.year >= 1900 && dtstart.year <= 2099;
    if (shared && m->shared >= 0) {
        *out = m->shared ? m->canonical : NULL;
        return LSN_OK;
    }
    size_t plen = strlen(m->probe);
    if (plen + 2 + sizeof(fields) > sizeof(key)) {
        return LSN_OK;
    }
    memcpy(key, m->probe, plen + 1);
    key[plen + 1] = (char)dtstart.is_date;
    size_t klen = plen + 2;
    if (!shared) {
        memcpy(key + klen, fields, sizeof(fields));
        klen += sizeof(fields);
    }
    before = lsn_strmap_count(s->probe_keys);
    rc = LSN_GROW(s->probes, s->probes_cap, before + 1);
    if (rc != LSN_OK) {
        return rc;
    }
    int32_t pid;
    if (lsn_strmap_intern(&pid, s->probe_keys, key, klen) != LSN_OK) {
        return lsn_oom();
    }
    if ((size_t)pid >= before) {
        struct icalrecurrencetype r = icalrecurrencetype_from_string(text);
        icaltimetype probe = dtstart;
        probe.zone = NULL;
        icalrecur_iterator *it = ics_setpos_never(&r) ? NULL : icalrecur_iterator_new(r, probe);
        s->probes[pid] = it != NULL;
        if (it != NULL) {
            icalrecur_iterator_free(it);
        }
    }
    if (shared) {
        m->shared = s->probes[pid];
    }
    *out = s->probes[pid] ? m->canonical : NULL;
    return LSN_OK;
}

/* The zone id of a time property the fast reader accepted (ics_prop_zone()). */
static int32_t fast_zone(struct ctx *c, const struct fprop *f, bool utc, int line, const char *uid)
{
    return utc ? LSN_ZONE_UTC : ics_zone_for_tzid(c, f->tzid, line, uid);
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

/* The EXDATEs of the event at index, in the order they are written: with
 * days false its date-times as UTC seconds (exdate_count; *ndays counts the
 * dates passed over), with days true its dates as day numbers
 * (exday_count). */
static int fast_exdates(struct ctx *c,
                        const struct fprop *props,
                        size_t n,
                        size_t index,
                        int line,
                        const char *uid,
                        bool days,
                        size_t *ndays)
{
    for (size_t i = 0; i < n; i++) {
        const struct fprop *f = &props[i];
        if (f->kind != FK_EXDATE) {
            continue;
        }
        const char *v = f->value, *vend = f->value + f->vlen;
        while (v < vend) {
            const char *comma = memchr(v, ',', (size_t)(vend - v));
            const char *stop = comma ? comma : vend;
            icaltimetype t;
            bool u;
            ics_fast_time(&t, &u, v, (size_t)(stop - v), f->value_type);
            v = comma ? comma + 1 : vend;
            if ((t.is_date != 0) != days) {
                *ndays += !days; /* recorded after the times, by the second call */
                continue;
            }
            int64_t x;
            if (days) {
                x = lsn_days_from_civil(t.year, (unsigned)t.month, (unsigned)t.day);
            } else {
                int32_t z = fast_zone(c, f, u, line, uid);
                if (!u && f->tzid == NULL) {
                    z = c->set->events[index].zone;
                }
                x = ics_to_utc(c, t, ics_zone_ptr(c, z));
            }
            int rc = lsn_rawset_add_time(c->set, x);
            if (rc != LSN_OK) {
                return rc;
            }
            if (days) {
                c->set->events[index].exday_count++;
            } else {
                c->set->events[index].exdate_count++;
            }
        }
    }
    return LSN_OK;
}

/*
 * Read a VEVENT block with the fast reader. *done = false (and nothing
 * changed) when it is one to leave to libical.
 */
int ics_fast_vevent(struct ctx *c, const struct block *b, bool *done)
{
    int rc;
    lsn_ics_scratch *s = c->scratch;
    *done = false;
    size_t used = ics_fast_unfold(s, b->begin, b->end);
    if (used == 0) {
        return LSN_OK;
    }
    /* The lines: BEGIN:VEVENT, the properties, END:VEVENT. */
    char *p = s->buf;
    const uint32_t *lens = s->line_len;
    size_t nlines = s->nlines;
    if (nlines == 0 || !token_is(p, lens[0], "BEGIN:VEVENT")) {
        return LSN_OK;
    }
    p += lens[0] + 1;
    size_t n = 0, attendees = 0;
    bool ended = false;
    for (size_t k = 1; k < nlines; k++) {
        size_t len = lens[k];
        if (ended) {
            return LSN_OK; /* something after END:VEVENT */
        }
        if (token_is(p, len, "END:VEVENT")) {
            ended = true;
            p += len + 1;
            continue;
        }
        rc = LSN_GROW(s->props, s->props_cap, n + 1);
        if (rc != LSN_OK) {
            return rc;
        }
        if (!ics_fast_line(&s->props[n], p, len)) {
            return LSN_OK;
        }
        attendees += s->props[n].kind == FK_ATTENDEE;
        if (attendees > LSN_LIMIT_ATTENDEES) {
            return LSN_OK; /* over a limit: libical's path says so */
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
            if (!ics_fast_text(f->value, &f->vlen) || (f == fuid && f->vlen == 0)) {
                return LSN_OK;
            }
            break;
        case FK_DTSTART:
        case FK_DTEND:
        case FK_RECURRENCE_ID:
        case FK_DTSTAMP:
        case FK_STAMP:
            if (!ics_fast_time(&t, &u, f->value, f->vlen, f->value_type)) {
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
                if (!ics_fast_time(&t, &u, v, (size_t)(stop - v), f->value_type)) {
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

    /* Record, in the order ics_add_vevent() does: the same strings are interned
     * and the same zones looked up in the same order. */
    *done = true;
    size_t index;
    lsn_raw_event *ev = ics_new_event(c, b->line, &index);
    if (ev == NULL) {
        return lsn_oom();
    }
    int32_t sid = lsn_rawset_str(c->set, fsum ? fsum->value : "", fsum ? fsum->vlen : 0);
    int32_t uid = lsn_rawset_str(c->set, fuid->value, fuid->vlen);
    if (sid < 0 || uid < 0) {
        return lsn_oom();
    }
    ev = &c->set->events[index];
    ev->summary = sid;
    ev->uid = uid;
    const char *uname = fuid->value;
    if (frid != NULL) {
        int32_t z = fast_zone(c, frid, urid, b->line, uname);
        ev = &c->set->events[index];
        ev->has_recid = true;
        ev->recurrence_id = ics_to_utc(c, trid, ics_zone_ptr(c, z));
        ev->range_future = frid->range_future;
    }
    int32_t zone = fast_zone(c, fstart, ustart, b->line, uname);
    const icaltimezone *zp = ics_set_start(c, index, zone, tstart);
    ev = &c->set->events[index];
    if (fend != NULL) {
        int32_t ez = tend.is_date ? zone : fast_zone(c, fend, uend, b->line, uname);
        if (!uend && fend->tzid == NULL) {
            ez = zone;
        }
        ev = &c->set->events[index];
        ev->duration = ics_to_utc(c, tend, ics_zone_ptr(c, ez)) - ev->start;
    } else if (fdur != NULL) {
        ev->duration = icaldurationtype_as_int(icaldurationtype_from_string(fdur->value));
    } else if (ev->all_day) {
        ev->duration = 86400;
    }
    ev->cancelled = c->method_cancel ||
                    (fstatus != NULL && token_is(fstatus->value, fstatus->vlen, "CANCELLED"));
    ev->sequence = sequence;
    if (fstamp != NULL) {
        ev->dtstamp = ics_to_utc(c, tstamp, ustamp ? icaltimezone_get_utc_timezone() : zp);
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
    if ((rc = fast_exdates(c, props, n, index, b->line, uname, false, &ndays)) != LSN_OK) {
        return rc;
    }
    c->set->events[index].exday_first = (uint32_t)c->set->ntimes;
    if (ndays > 0 &&
        (rc = fast_exdates(c, props, n, index, b->line, uname, true, &ndays)) != LSN_OK) {
        return rc;
    }
    ev = &c->set->events[index];
    if (forg != NULL) {
        ev->organizer = ics_intern_address(c, forg->value, forg->vlen);
    }
    for (size_t i = 0; i < n; i++) {
        struct fprop *f = &props[i];
        if (f->kind != FK_ATTENDEE) {
            continue;
        }
        lsn_raw_attendee a;
        a.addr = ics_intern_address(c, f->value, f->vlen);
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
