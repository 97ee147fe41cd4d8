/*
 * io/gen/write_graph.c — the Microsoft Graph writer: graph/NAME.json, each
 * mailbox's event list as /events returns it (masters and single events, and
 * every instance of a series with holidays or changes). No other format.
 */
#include "io/gen/internal.h"

#include "io/error.h"
#include "io/idmap.h"

#include <jansson.h>
#include <libical/ical.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Windows names of the zones, as Exchange and Graph write them. */
static const char *const windows_zone_names[Z_COUNT] = {"Eastern Standard Time",
                                                        "Pacific Standard Time",
                                                        "W. Europe Standard Time",
                                                        "GMT Standard Time",
                                                        "India Standard Time",
                                                        "E. South America Standard Time",
                                                        "UTC"};

/* "YYYY-MM-DDTHH:MM:SS.0000000" of a local day and minute. */
static void graph_local(char *out, size_t cap, int32_t day, int32_t minute)
{
    day += minute / 1440;
    minute %= 1440;
    int y, m, d;
    lsn_civil_from_days(day, &y, &m, &d);
    snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:00.0000000", y, m, d, minute / 60, minute % 60);
}

static void graph_date(char *out, size_t cap, int32_t day)
{
    int y, m, d;
    lsn_civil_from_days(day, &y, &m, &d);
    snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
}

static void graph_instant(char *out, size_t cap, int64_t utc)
{
    int32_t day = (int32_t)(utc >= 0 ? utc / 86400 : (utc - 86399) / 86400);
    int32_t rest = (int32_t)(utc - (int64_t)day * 86400);
    int y, m, d;
    lsn_civil_from_days(day, &y, &m, &d);
    snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, rest / 3600, rest / 60 % 60,
             rest % 60);
}

/* A mailbox-specific Graph id: distinct per mailbox, as Exchange's are. */
static void graph_id(char *out, size_t cap, const char *mailbox, const char *uid, int32_t day)
{
    uint64_t h = lsn_hash_bytes(mailbox, strlen(mailbox), 0x6772617068ull);
    h = lsn_hash_bytes(uid, strlen(uid), h);
    h = lsn_hash_bytes(&day, sizeof(day), h);
    snprintf(out, cap, "AAMkAG%016llxAAA=", (unsigned long long)h);
}

static const char *const graph_responses[4] = {"none", "accepted", "declined",
                                               "tentativelyAccepted"};
static const char *const graph_days[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                          "friday", "saturday", "sunday"};

static json_t *graph_time(int32_t day, int32_t minute, const char *zone)
{
    char buf[40];
    graph_local(buf, sizeof(buf), day, minute);
    return json_pack("{s:s, s:s}", "dateTime", buf, "timeZone", zone);
}

static json_t *graph_email(const lsn_gen_party *p)
{
    return json_pack("{s:{s:s, s:s}}", "emailAddress", "name", p->name, "address", p->email);
}

/* Attendees as the viewer's mailbox shows them (viewer -1: every reply). */
static json_t *graph_attendees(const lsn_gen *g, const lsn_gen_series *x, int32_t viewer)
{
    json_t *list = json_array();
    for (size_t i = 0; list != NULL && i < x->attendee_count; i++) {
        const lsn_gen_attendee *a = &x->attendees[i];
        const lsn_gen_party *p = &g->parties[a->party];
        if (a->role == LSN_GEN_NON) {
            continue; /* Graph has no non-participants */
        }
        const char *type = p->cutype == LSN_GEN_ROOM ? "resource"
                           : a->role == LSN_GEN_OPT  ? "optional"
                                                     : "required";
        lsn_gen_partstat ps = gen_shown_partstat(x, a, viewer);
        json_t *e = json_pack("{s:s, s:{s:s, s:s}, s:{s:s, s:s}}", "type", type, "status",
                              "response", graph_responses[ps], "time", "0001-01-01T00:00:00Z",
                              "emailAddress", "name", p->name, "address", p->email);
        if (e == NULL || json_array_append_new(list, e) != 0) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

static json_t *graph_recurrence(const lsn_gen_series *x, const char *zone)
{
    const lsn_gen_rule *r = &x->rule;
    static const char *const types[4] = {"", "daily", "weekly", "relativeMonthly"};
    static const char *const index_names[4] = {"first", "second", "third", "fourth"};
    const char *index = "first";
    if (r->freq == LSN_GEN_MONTHLY) {
        index = r->nth < 0 ? "last" : index_names[(r->nth - 1) & 3];
    }
    json_t *days = json_array();
    for (int d = 0; days != NULL && d < 7; d++) {
        if ((r->freq == LSN_GEN_WEEKLY || r->freq == LSN_GEN_MONTHLY) && (r->byday & (1u << d))) {
            json_array_append_new(days, json_string(graph_days[d]));
        }
    }
    char start[16], end[16];
    graph_date(start, sizeof(start), x->day);
    const char *rtype = "noEnd";
    if (r->until_day != INT32_MAX) {
        rtype = "endDate";
        graph_date(end, sizeof(end), r->until_day);
    } else {
        snprintf(end, sizeof(end), "0001-01-01");
        if (r->count > 0) {
            rtype = "numbered";
        }
    }
    return json_pack("{s:{s:s, s:i, s:i, s:i, s:o, s:s, s:s}, s:{s:s, s:s, s:s, s:s, s:i}}",
                     "pattern", "type", types[r->freq], "interval", (int)r->interval, "month", 0,
                     "dayOfMonth", 0, "daysOfWeek", days, "firstDayOfWeek", "monday", "index",
                     index, "range", "type", rtype, "startDate", start, "endDate", end,
                     "recurrenceTimeZone", zone, "numberOfOccurrences", (int)r->count);
}

/* One Graph event of series x for the viewer: the master or single event
 * (orig < 0), or an occurrence / exception of the instance `in`. */
static json_t *graph_event(const lsn_gen *g,
                           const lsn_gen_series *x,
                           int32_t viewer,
                           const char *stamp,
                           const lsn_gen_instance *in)
{
    const char *mailbox = g->people[viewer].email;
    const char *zone = windows_zone_names[x->zone];
    char id[64], master[64], ical[600], orig[40];
    graph_id(master, sizeof(master), mailbox, x->uid, INT32_MIN);
    bool recurring = x->rule.freq != LSN_GEN_ONCE;
    const char *type = !recurring ? "singleInstance" : in == NULL ? "seriesMaster" : NULL;
    int32_t day = x->day, minute = x->minute, duration = x->duration;
    bool cancelled = x->cancelled;
    if (in != NULL) {
        bool moved = in->day != in->orig_day || in->minute != x->minute ||
                     in->duration != x->duration || (in->cancelled && !x->cancelled);
        type = moved ? "exception" : "occurrence";
        day = in->day;
        minute = in->minute;
        duration = in->duration;
        cancelled = in->cancelled;
        graph_id(id, sizeof(id), mailbox, x->uid, in->orig_day);
        snprintf(ical, sizeof(ical), "%s/%d", x->uid, (int)in->orig_day);
        if (x->all_day) {
            graph_instant(orig, sizeof(orig), (int64_t)in->orig_day * 86400);
        } else {
            graph_instant(orig, sizeof(orig), gen_utc(in->orig_day, x->minute, gen_zone(x->zone)));
        }
    } else {
        snprintf(id, sizeof(id), "%s", master);
        snprintf(ical, sizeof(ical), "%s", x->uid);
    }
    json_t *start, *end;
    if (x->all_day) {
        start = graph_time(day, 0, zone);
        end = graph_time(day + (duration + 1439) / 1440, 0, zone);
    } else {
        start = graph_time(day, minute, zone);
        end = graph_time(day, minute + duration, zone);
    }
    const char *response = viewer == x->organizer ? "organizer" : "none";
    for (size_t i = 0; i < x->attendee_count && viewer != x->organizer; i++) {
        if (x->attendees[i].party == viewer) {
            response = graph_responses[x->attendees[i].partstat];
        }
    }
    json_t *e = json_pack(
        "{s:s, s:s, s:s, s:s?, s:s, s:s, s:b, s:b, s:o, s:o, s:s?, s:{s:s}, s:o, s:o, s:o, "
        "s:{s:s, s:s}, s:s}",
        "id", id, "iCalUId", ical, "type", type, "seriesMasterId", in != NULL ? master : NULL,
        "subject", x->summary, "bodyPreview", x->description, "isAllDay", (int)x->all_day,
        "isCancelled", (int)cancelled, "start", start, "end", end, "originalStart",
        in != NULL ? orig : NULL, "location", "displayName", x->location, "organizer",
        graph_email(&g->parties[x->organizer]), "attendees", graph_attendees(g, x, viewer),
        "recurrence", recurring && in == NULL ? graph_recurrence(x, zone) : json_null(),
        "responseStatus", "response", response, "time", "0001-01-01T00:00:00Z",
        "lastModifiedDateTime", stamp);
    return e;
}

int lsn_gen_write_graph(const lsn_gen *gen, const char *dir)
{
    const lsn_gen *g = gen;
    gen_mailbox_set mb = {0};
    json_t *root = NULL;
    char stamp[40];
    graph_instant(stamp, sizeof(stamp), (int64_t)(g->win_start + g->win_days) * 86400);
    int rc = gen_mailboxes_open(&mb, g, dir, "graph", ".json");
    if (rc < 0) {
        goto cleanup;
    }
    for (size_t p = 0; p < g->npeople; p++) {
        const char *email = g->people[p].email;
        char context[400];
        snprintf(context, sizeof(context),
                 "https://graph.microsoft.com/v1.0/$metadata#users('%s')/events", email);
        json_t *value = json_array();
        root = json_pack("{s:s, s:o}", "@odata.context", context, "value", value);
        if (root == NULL) {
            rc = lsn_oom();
            goto cleanup;
        }
        for (int32_t i = mb.first[p]; i < mb.first[p + 1]; i++) {
            size_t s = (size_t)mb.list[i];
            const lsn_gen_series *x = &g->series[s];
            if (gen_zone(x->zone) == NULL) {
                rc = gen_zone_unavailable(x->zone);
                goto cleanup;
            }
            json_t *e = graph_event(g, x, (int32_t)p, stamp, NULL);
            if (e == NULL || json_array_append_new(value, e) != 0) {
                rc = lsn_oom();
                goto cleanup;
            }
            if (x->rule.freq == LSN_GEN_ONCE || (x->exdate_count == 0 && x->override_count == 0)) {
                continue;
            }
            /* Graph has no EXDATE and no RECURRENCE-ID of its own: a series
             * with holidays or changed instances lists every instance, as
             * /calendarView does; the master is then not expanded. */
            lsn_gen_instance inst[800];
            size_t n = lsn_gen_expand(g, s, inst, COUNTOF(inst));
            if (n > COUNTOF(inst)) {
                n = COUNTOF(inst);
            }
            for (size_t k = 0; k < n; k++) {
                e = graph_event(g, x, (int32_t)p, stamp, &inst[k]);
                if (e == NULL || json_array_append_new(value, e) != 0) {
                    rc = lsn_oom();
                    goto cleanup;
                }
            }
        }
        const char *path;
        if ((rc = gen_mailbox_file(&path, &mb, email)) < 0) {
            goto cleanup;
        }
        char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(root);
        root = NULL;
        if (text == NULL) {
            rc = lsn_oom();
            goto cleanup;
        }
        lsn_text out = {text, strlen(text), strlen(text) + 1, false}; /* adopts text */
        lsn_text_puts(&out, "\n");
        rc = gen_write_file(path, &out);
        lsn_text_free(&out);
        if (rc < 0) {
            goto cleanup;
        }
    }
cleanup:
    json_decref(root);
    gen_mailboxes_free(&mb);
    return rc;
}
