/*
 * io/gen/write_ics.c — the iCalendar writer: combined.ics (every series once,
 * with every reply) and mailboxes/NAME.ics (each person's view), with VTIMEZONEs
 * from libical, folded lines and escaped text. No other format.
 */
#include "io/gen/internal.h"

#include "io/error.h"
#include "io/raw.h"

#include <libical/ical.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct icsw {
    const lsn_gen *g;
    lsn_text out;
    lsn_text line;
    char *vtz[Z_COUNT]; /* VTIMEZONE text of each zone (NULL for UTC) */
    icaltimezone *tz[Z_COUNT];
    char dtstamp[24];
} icsw;

/* Append the current line to out, folded at 75 octets, never inside a UTF-8 character. */
static void end_line(icsw *w)
{
    const char *s = w->line.p;
    size_t n = w->line.len, pos = 0, lim = 75;
    while (n - pos > lim) {
        size_t cut = pos + lim;
        while (cut > pos && ((unsigned char)s[cut] & 0xC0) == 0x80) {
            cut--;
        }
        lsn_text_put(&w->out, s + pos, cut - pos);
        lsn_text_put(&w->out, "\r\n ", 3);
        pos = cut;
        lim = 74;
    }
    lsn_text_put(&w->out, s + pos, n - pos);
    lsn_text_put(&w->out, "\r\n", 2);
    lsn_text_clear(&w->line);
}

static void lput(icsw *w, const char *s)
{
    lsn_text_puts(&w->line, s);
}

static void text_value(icsw *w, const char *s)
{
    const char *run = s;
    for (; *s != '\0'; s++) {
        const char *esc = NULL;
        switch (*s) {
        case '\\':
            esc = "\\\\";
            break;
        case ';':
            esc = "\\;";
            break;
        case ',':
            esc = "\\,";
            break;
        case '\n':
            esc = "\\n";
            break;
        default:
            continue;
        }
        lsn_text_put(&w->line, run, (size_t)(s - run));
        lsn_text_puts(&w->line, esc);
        run = s + 1;
    }
    lsn_text_put(&w->line, run, (size_t)(s - run));
}

/* A parameter value, quoted when it holds ':', ';' or ','. */
static void param_value(icsw *w, const char *s)
{
    bool quote = strpbrk(s, ":;,") != NULL;
    if (quote) {
        lput(w, "\"");
    }
    for (; *s != '\0'; s++) {
        if (*s != '"' && *s != '\r' && *s != '\n') {
            lsn_text_put(&w->line, s, 1);
        }
    }
    if (quote) {
        lput(w, "\"");
    }
}

static void put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

/* "YYYYMMDD" or "YYYYMMDDTHHMMSS" of a local day and minute. */
static void fmt_dt(char *out, int32_t day, int32_t minute, bool date_only)
{
    day += minute / 1440;
    minute %= 1440;
    int y, m, d;
    lsn_civil_from_days(day, &y, &m, &d);
    put2(out, y / 100);
    put2(out + 2, y % 100);
    put2(out + 4, m);
    put2(out + 6, d);
    if (date_only) {
        out[8] = '\0';
        return;
    }
    out[8] = 'T';
    put2(out + 9, minute / 60);
    put2(out + 11, minute % 60);
    put2(out + 13, 0);
    out[15] = '\0';
}

/* NAME;TZID=zone:local, NAME:utcZ or NAME;VALUE=DATE:date. */
static void time_prop(icsw *w, const char *name, const lsn_gen_series *x, int32_t day, int32_t min)
{
    char dt[20];
    lput(w, name);
    if (x->all_day) {
        fmt_dt(dt, day, 0, true);
        lput(w, ";VALUE=DATE:");
        lput(w, dt);
    } else if (x->zone == Z_UTC) {
        fmt_dt(dt, day, min, false);
        lput(w, ":");
        lput(w, dt);
        lput(w, "Z");
    } else {
        fmt_dt(dt, day, min, false);
        lput(w, ";TZID=");
        lput(w, gen_zone_names[x->zone]);
        lput(w, ":");
        lput(w, dt);
    }
    end_line(w);
}

static void duration_prop(icsw *w, const lsn_gen_series *x, int32_t day, int32_t min, int32_t dur)
{
    if (x->use_duration && !x->all_day) {
        char tmp[40];
        if (dur % 60 == 0) {
            snprintf(tmp, sizeof(tmp), "DURATION:PT%dH", dur / 60);
        } else if (dur > 60) {
            snprintf(tmp, sizeof(tmp), "DURATION:PT%dH%dM", dur / 60, dur % 60);
        } else {
            snprintf(tmp, sizeof(tmp), "DURATION:PT%dM", dur);
        }
        lput(w, tmp);
        end_line(w);
        return;
    }
    if (x->all_day) {
        time_prop(w, "DTEND", x, day + dur / 1440, 0);
    } else {
        time_prop(w, "DTEND", x, day, min + dur);
    }
}

/* UNTIL: the end of the last local day, in UTC as RFC 5545 requires with TZID. */
static void until_value(icsw *w, const lsn_gen_series *x)
{
    int32_t day = x->rule.until_day;
    int offset = 0;
    if (x->zone != Z_UTC && w->tz[x->zone] != NULL) {
        int y, m, d, dst = 0;
        lsn_civil_from_days(day, &y, &m, &d);
        struct icaltimetype t = lsn_local_time(y, m, d, 23, 59, 59);
        offset = icaltimezone_get_utc_offset(w->tz[x->zone], &t, &dst);
    }
    int64_t secs = (int64_t)day * 86400 + 86399 - offset;
    int32_t uday = (int32_t)(secs >= 0 ? secs / 86400 : (secs - 86399) / 86400);
    int32_t rest = (int32_t)(secs - (int64_t)uday * 86400);
    char dt[20], tmp[8];
    fmt_dt(dt, uday, rest / 60, false);
    put2(tmp, rest % 60);
    dt[13] = tmp[0];
    dt[14] = tmp[1];
    lput(w, ";UNTIL=");
    lput(w, dt);
    lput(w, "Z");
}

static const char *const day_codes[7] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

static void rrule_prop(icsw *w, const lsn_gen_series *x)
{
    const lsn_gen_rule *r = &x->rule;
    char tmp[40];
    static const char *const freq[4] = {"", "DAILY", "WEEKLY", "MONTHLY"};
    lput(w, "RRULE:FREQ=");
    lput(w, freq[r->freq]);
    if (r->until_day != INT32_MAX) {
        until_value(w, x);
    }
    if (r->count > 0) {
        snprintf(tmp, sizeof(tmp), ";COUNT=%d", r->count);
        lput(w, tmp);
    }
    if (r->interval > 1) {
        snprintf(tmp, sizeof(tmp), ";INTERVAL=%d", r->interval);
        lput(w, tmp);
    }
    if (r->freq == LSN_GEN_WEEKLY || r->freq == LSN_GEN_MONTHLY) {
        lput(w, ";BYDAY=");
        bool first = true;
        for (int d = 0; d < 7; d++) {
            if (r->byday & (1u << d)) {
                if (!first) {
                    lput(w, ",");
                }
                if (r->freq == LSN_GEN_MONTHLY) {
                    snprintf(tmp, sizeof(tmp), "%d", r->nth);
                    lput(w, tmp);
                }
                lput(w, day_codes[d]);
                first = false;
            }
        }
    }
    end_line(w);
}

static void exdate_prop(icsw *w, const lsn_gen_series *x)
{
    if (x->exdate_count == 0) {
        return;
    }
    char dt[20];
    lput(w, "EXDATE");
    if (x->zone != Z_UTC) {
        lput(w, ";TZID=");
        lput(w, gen_zone_names[x->zone]);
    }
    lput(w, ":");
    for (size_t i = 0; i < x->exdate_count; i++) {
        fmt_dt(dt, x->exdates[i], x->minute, false);
        if (i > 0) {
            lput(w, ",");
        }
        lput(w, dt);
        if (x->zone == Z_UTC) {
            lput(w, "Z");
        }
    }
    end_line(w);
}

static const char *const role_names[3] = {"REQ-PARTICIPANT", "OPT-PARTICIPANT", "NON-PARTICIPANT"};
static const char *const partstat_names[4] = {"NEEDS-ACTION", "ACCEPTED", "DECLINED", "TENTATIVE"};

/* The end of an ORGANIZER or ATTENDEE line: ";CN=name" when the party has one, then its address. */
static void party_value(icsw *w, const lsn_gen_party *p)
{
    if (p->name[0] != '\0') {
        lput(w, ";CN=");
        param_value(w, p->name);
    }
    lput(w, ":mailto:");
    lput(w, p->email);
    end_line(w);
}

/* ORGANIZER and ATTENDEEs as the viewer's mailbox shows them (viewer -1: all replies). */
static void people_props(icsw *w, const lsn_gen_series *x, int32_t viewer)
{
    const lsn_gen *g = w->g;
    lput(w, "ORGANIZER");
    party_value(w, &g->parties[x->organizer]);
    for (size_t i = 0; i < x->attendee_count; i++) {
        const lsn_gen_attendee *a = &x->attendees[i];
        const lsn_gen_party *p = &g->parties[a->party];
        lput(w, "ATTENDEE");
        if (p->cutype == LSN_GEN_ROOM) {
            lput(w, ";CUTYPE=ROOM");
        } else if (p->cutype == LSN_GEN_GROUP) {
            lput(w, ";CUTYPE=GROUP");
        }
        lput(w, ";ROLE=");
        lput(w, role_names[a->role]);
        lput(w, ";PARTSTAT=");
        lput(w, partstat_names[gen_shown_partstat(x, a, viewer)]);
        party_value(w, p);
    }
}

static void common_props(icsw *w, const lsn_gen_series *x, int sequence)
{
    char tmp[40];
    lput(w, "UID:");
    lput(w, x->uid);
    end_line(w);
    lput(w, "DTSTAMP:");
    lput(w, w->dtstamp);
    end_line(w);
    snprintf(tmp, sizeof(tmp), "SEQUENCE:%d", sequence);
    lput(w, tmp);
    end_line(w);
    lput(w, "SUMMARY:");
    text_value(w, x->summary);
    end_line(w);
    if (x->description[0] != '\0') {
        lput(w, "DESCRIPTION:");
        text_value(w, x->description);
        end_line(w);
    }
    if (x->location[0] != '\0') {
        lput(w, "LOCATION:");
        text_value(w, x->location);
        end_line(w);
    }
}

static void emit_event(icsw *w, const lsn_gen_series *x, int32_t viewer)
{
    lput(w, "BEGIN:VEVENT");
    end_line(w);
    common_props(w, x, x->sequence);
    time_prop(w, "DTSTART", x, x->day, x->minute);
    duration_prop(w, x, x->day, x->minute, x->duration);
    if (x->rule.freq != LSN_GEN_ONCE) {
        rrule_prop(w, x);
        exdate_prop(w, x);
    }
    lput(w, x->cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
    end_line(w);
    lput(w, x->transparent ? "TRANSP:TRANSPARENT" : "TRANSP:OPAQUE");
    end_line(w);
    people_props(w, x, viewer);
    lput(w, "END:VEVENT");
    end_line(w);
    for (size_t i = 0; i < x->override_count; i++) {
        const lsn_gen_override *o = &x->overrides[i];
        lput(w, "BEGIN:VEVENT");
        end_line(w);
        common_props(w, x, x->sequence + 1);
        time_prop(w, "RECURRENCE-ID", x, o->orig_day, x->minute);
        time_prop(w, "DTSTART", x, o->day, o->minute);
        duration_prop(w, x, o->day, o->minute, o->duration);
        lput(w, o->cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
        end_line(w);
        lput(w, "TRANSP:OPAQUE");
        end_line(w);
        people_props(w, x, viewer);
        lput(w, "END:VEVENT");
        end_line(w);
    }
}

static void calendar_begin(icsw *w, const char *name, unsigned zones)
{
    lput(w, "BEGIN:VCALENDAR");
    end_line(w);
    lput(w, "PRODID:-//liaison//liaison gen 0.1//EN");
    end_line(w);
    lput(w, "VERSION:2.0");
    end_line(w);
    lput(w, "CALSCALE:GREGORIAN");
    end_line(w);
    lput(w, "METHOD:PUBLISH");
    end_line(w);
    lput(w, "X-WR-CALNAME:");
    text_value(w, name);
    end_line(w);
    for (int z = 0; z < Z_COUNT; z++) {
        if ((zones & (1u << z)) && w->vtz[z] != NULL) {
            lsn_text_puts(&w->out, w->vtz[z]);
        }
    }
}

static void calendar_end(icsw *w)
{
    lput(w, "END:VCALENDAR");
    end_line(w);
}

/* The zone's VTIMEZONE from libical (system tzdata), trimmed to the
 * observances that matter for the window, with TZID set to the IANA name. */
static int make_vtimezone(icsw *w, int z)
{
    const lsn_gen *g = w->g;
    icaltimezone *tz = icaltimezone_get_builtin_timezone(gen_zone_names[z]);
    icalcomponent *src = tz != NULL ? icaltimezone_get_component(tz) : NULL;
    if (src == NULL) {
        return gen_zone_unavailable(z);
    }
    w->tz[z] = tz;
    icalcomponent *c = icalcomponent_new_clone(src);
    if (c == NULL) {
        return lsn_oom();
    }
    int32_t lo = g->win_start - 366, hi = g->win_start + g->win_days + 1;
    icalcomponent *drop[512];
    size_t ndrop = 0;
    icalcomponent *latest = NULL;
    int32_t latest_day = INT32_MIN;
    for (icalcomponent *o = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); o != NULL;
         o = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
        icalproperty *ds = icalcomponent_get_first_property(o, ICAL_DTSTART_PROPERTY);
        if (ds == NULL) {
            continue;
        }
        struct icaltimetype t = icalproperty_get_dtstart(ds);
        int32_t start = gen_days_from_civil(t.year, t.month, t.day);
        icalproperty *rr = icalcomponent_get_first_property(o, ICAL_RRULE_PROPERTY);
        int32_t last = start; /* last onset */
        bool open = false;
        if (rr != NULL) {
            struct icalrecurrencetype r = icalproperty_get_rrule(rr);
            if (icaltime_is_null_time(r.until)) {
                open = true;
            } else {
                last = gen_days_from_civil(r.until.year, r.until.month, r.until.day);
            }
        }
        for (icalproperty *rd = icalcomponent_get_first_property(o, ICAL_RDATE_PROPERTY);
             rd != NULL; rd = icalcomponent_get_next_property(o, ICAL_RDATE_PROPERTY)) {
            struct icaldatetimeperiodtype p = icalproperty_get_rdate(rd);
            int32_t d = gen_days_from_civil(p.time.year, p.time.month, p.time.day);
            if (d > last && !icaltime_is_null_time(p.time)) {
                last = d;
            }
        }
        bool keep = start <= hi && (open || last >= lo);
        /* The observance in force when the window opens (no rule reaches it). */
        int32_t before = open ? lo : (last < lo ? last : lo);
        if (start <= lo && before > latest_day) {
            latest_day = before;
            latest = o;
        }
        if (!keep && ndrop < COUNTOF(drop)) {
            drop[ndrop++] = o;
        }
    }
    for (size_t i = 0; i < ndrop; i++) {
        if (drop[i] != latest) {
            icalcomponent_remove_component(c, drop[i]);
            icalcomponent_free(drop[i]);
        }
    }
    icalproperty *id = icalcomponent_get_first_property(c, ICAL_TZID_PROPERTY);
    if (id != NULL) {
        icalproperty_set_tzid(id, gen_zone_names[z]);
    }
    char *text = icalcomponent_as_ical_string_r(c);
    icalcomponent_free(c);
    if (text == NULL) {
        return lsn_oom();
    }
    w->vtz[z] = strdup(text);
    icalmemory_free_buffer(text);
    return w->vtz[z] != NULL ? LSN_OK : lsn_oom();
}

int lsn_gen_write_ics(const lsn_gen *gen, const char *dir)
{
    const lsn_gen *g = gen;
    icsw w;
    memset(&w, 0, sizeof(w));
    w.g = g;
    int rc = LSN_OK;
    gen_mailbox_set mb = {0};
    size_t np = g->npeople;

    {
        int32_t end = g->win_start + g->win_days;
        char dt[20];
        fmt_dt(dt, end, 0, false);
        snprintf(w.dtstamp, sizeof(w.dtstamp), "%sZ", dt);
    }
    unsigned all_zones = 0;
    for (size_t s = 0; s < g->nseries; s++) {
        all_zones |= gen_series_zone_bit(&g->series[s]);
    }
    for (int z = 0; z < Z_COUNT; z++) {
        if ((all_zones & (1u << z)) && (rc = make_vtimezone(&w, z)) < 0) {
            goto cleanup;
        }
    }

    /* combined.ics */
    calendar_begin(&w, g->company_name, all_zones);
    for (size_t s = 0; s < g->nseries; s++) {
        emit_event(&w, &g->series[s], -1);
    }
    calendar_end(&w);
    w.out.failed = w.out.failed || w.line.failed;
    if ((rc = gen_write_in(dir, "combined.ics", &w.out)) < 0) {
        goto cleanup;
    }

    if ((rc = gen_mailboxes_open(&mb, g, dir, "mailboxes", ".ics")) < 0) {
        goto cleanup;
    }
    for (size_t p = 0; p < np; p++) {
        const char *email = g->people[p].email;
        const char *path;
        if ((rc = gen_mailbox_file(&path, &mb, email)) < 0) {
            goto cleanup;
        }
        lsn_text_clear(&w.out);
        calendar_begin(&w, email, mb.zones[p]);
        for (int32_t i = mb.first[p]; i < mb.first[p + 1]; i++) {
            emit_event(&w, &g->series[mb.list[i]], (int32_t)p);
        }
        calendar_end(&w);
        w.out.failed = w.out.failed || w.line.failed;
        if ((rc = gen_write_file(path, &w.out)) < 0) {
            goto cleanup;
        }
    }
cleanup:
    for (int z = 0; z < Z_COUNT; z++) {
        free(w.vtz[z]);
    }
    lsn_text_free(&w.out);
    lsn_text_free(&w.line);
    gen_mailboxes_free(&mb);
    return rc;
}
