/*
 * io/gen/write_outlook.c — the Outlook CSV writer: outlook/NAME.csv, one row
 * per instance that is not cancelled, dates in the mailbox's regional format,
 * times in the --tz zone. It writes only what Outlook's export carries: no
 * replies, no recurrence rules, no cancelled instances.
 */
#include "io/gen/internal.h"

#include "io/csvout.h"
#include "io/error.h"

#include <libical/ical.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Display names that exactly one roster person has (compared without case):
 * those are written as names, every other party as its address. */
static const lsn_gen *name_sort_gen;

static int cmp_names(const void *a, const void *b)
{
    const char *x = name_sort_gen->people[*(const int32_t *)a].name;
    const char *y = name_sort_gen->people[*(const int32_t *)b].name;
    return strcasecmp(x, y);
}

static bool *unique_names(const lsn_gen *g)
{
    size_t np = g->npeople;
    int32_t *order = malloc((np ? np : 1) * sizeof(*order));
    bool *unique = malloc((np ? np : 1) * sizeof(*unique));
    if (order == NULL || unique == NULL) {
        free(order);
        free(unique);
        return NULL;
    }
    for (size_t i = 0; i < np; i++) {
        order[i] = (int32_t)i;
        unique[i] = g->people[i].name[0] != '\0';
    }
    name_sort_gen = g;
    qsort(order, np, sizeof(*order), cmp_names);
    for (size_t i = 1; i < np; i++) {
        if (strcasecmp(g->people[order[i]].name, g->people[order[i - 1]].name) == 0) {
            unique[order[i]] = unique[order[i - 1]] = false;
        }
    }
    free(order);
    return unique;
}

/* The regional formats of the mailboxes (by the person's zone). */
enum { LOCALE_US, LOCALE_DE, LOCALE_ISO };

static int locale_of(const lsn_gen_person *p)
{
    return p->zone == Z_BER ? LOCALE_DE : p->zone == Z_LON ? LOCALE_ISO : LOCALE_US;
}

static void outlook_date(char *out, size_t cap, int locale, int32_t day)
{
    int y, m, d;
    lsn_civil_from_days(day, &y, &m, &d);
    if (locale == LOCALE_DE) {
        snprintf(out, cap, "%d.%d.%04d", d, m, y);
    } else if (locale == LOCALE_ISO) {
        snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
    } else {
        snprintf(out, cap, "%d/%d/%04d", m, d, y);
    }
}

static void outlook_time(char *out, size_t cap, int locale, int32_t minute)
{
    int h = minute / 60, mi = minute % 60;
    if (locale == LOCALE_DE) {
        snprintf(out, cap, "%02d:%02d:00", h, mi);
    } else if (locale == LOCALE_ISO) {
        snprintf(out, cap, "%02d:%02d", h, mi);
    } else {
        snprintf(out, cap, "%d:%02d:00 %s", h % 12 == 0 ? 12 : h % 12, mi, h < 12 ? "AM" : "PM");
    }
}

/* One party as Outlook lists it: a unique roster name, else "Name <addr>"
 * for a named outsider, else the address. */
static void outlook_party(lsn_text *b, const lsn_gen *g, const bool *unique, int32_t who)
{
    const lsn_gen_party *p = &g->parties[who];
    if ((size_t)who < g->npeople && unique[who]) {
        lsn_text_puts(b, p->name);
    } else if ((size_t)who >= g->npeople && p->name[0] != '\0' && p->cutype == LSN_GEN_INDIVIDUAL) {
        lsn_text_puts(b, p->name);
        lsn_text_puts(b, " <");
        lsn_text_puts(b, p->email);
        lsn_text_puts(b, ">");
    } else {
        lsn_text_puts(b, p->email);
    }
}

/* The `;`-separated attendees of a series with this role (rooms: role -1). */
static void outlook_list(
    lsn_text *field, const lsn_gen *g, const bool *unique, const lsn_gen_series *x, int role)
{
    lsn_text_clear(field);
    for (size_t i = 0; i < x->attendee_count; i++) {
        const lsn_gen_attendee *a = &x->attendees[i];
        bool room = g->parties[a->party].cutype == LSN_GEN_ROOM;
        if (room != (role < 0) || (!room && a->role != role)) {
            continue;
        }
        if (field->len > 0) {
            lsn_text_put(field, ";", 1);
        }
        if (room && g->parties[a->party].name[0] != '\0') {
            lsn_text_puts(field, g->parties[a->party].name);
        } else {
            outlook_party(field, g, unique, a->party);
        }
    }
}

static const char outlook_header[] =
    "\"Subject\",\"Start Date\",\"Start Time\",\"End Date\",\"End Time\",\"All day event\","
    "\"Reminder on/off\",\"Meeting Organizer\",\"Required Attendees\",\"Optional Attendees\","
    "\"Meeting Resources\",\"Categories\",\"Description\",\"Location\",\"Private\","
    "\"Show time as\"\r\n";

/* One mailbox's file being written. */
struct mailbox {
    lsn_text out;
    lsn_text tmp; /* one field's scratch */
    const lsn_gen *g;
    const bool *unique; /* unique_names() */
    const icaltimezone *tz;
    int locale; /* the owner's */
};

/* The rows of series s in mailbox m: one per instance that is not cancelled. */
static int outlook_rows(struct mailbox *m, size_t s)
{
    lsn_text *out = &m->out, *tmp = &m->tmp;
    const lsn_gen *g = m->g;
    const bool *unique = m->unique;
    const icaltimezone *tz = m->tz;
    int locale = m->locale;
    const lsn_gen_series *x = &g->series[s];
    lsn_gen_instance inst[800];
    size_t n = lsn_gen_expand(g, s, inst, COUNTOF(inst));
    if (n > COUNTOF(inst)) {
        n = COUNTOF(inst);
    }
    const icaltimezone *zone = gen_zone(x->zone);
    if (zone == NULL) {
        return gen_zone_unavailable(x->zone);
    }
    lsn_text req = {0}, opt = {0}, res = {0};
    outlook_list(&req, g, unique, x, LSN_GEN_REQ);
    outlook_list(&opt, g, unique, x, LSN_GEN_OPT);
    outlook_list(&res, g, unique, x, -1);
    bool oom_ = req.failed || opt.failed || res.failed;
    for (size_t i = 0; i < n && !oom_; i++) {
        const lsn_gen_instance *in = &inst[i];
        if (in->cancelled) {
            continue; /* Outlook cannot say "cancelled": the meeting is gone */
        }
        int32_t sd, sm, ed, em;
        if (x->all_day) {
            sd = in->day;
            sm = 0;
            ed = in->day + (in->duration + 1439) / 1440;
            em = 0;
        } else {
            int64_t start = gen_utc(in->day, in->minute, zone);
            gen_local(start, tz, &sd, &sm);
            gen_local(start + (int64_t)in->duration * 60, tz, &ed, &em);
        }
        char date[32], time[32];
        lsn_csv_put_quoted(out, x->summary, false);
        outlook_date(date, sizeof(date), locale, sd);
        outlook_time(time, sizeof(time), locale, sm);
        lsn_csv_put_quoted(out, date, false);
        lsn_csv_put_quoted(out, time, false);
        outlook_date(date, sizeof(date), locale, ed);
        outlook_time(time, sizeof(time), locale, em);
        lsn_csv_put_quoted(out, date, false);
        lsn_csv_put_quoted(out, time, false);
        lsn_csv_put_quoted(out,
               locale == LOCALE_DE ? (x->all_day ? "Ein" : "Aus") : (x->all_day ? "True" : "False"),
               false);
        lsn_csv_put_quoted(out, locale == LOCALE_DE ? "Aus" : "False", false);
        lsn_text_clear(tmp);
        outlook_party(tmp, g, unique, x->organizer);
        lsn_csv_put_quoted(out, lsn_text_str(tmp), false);
        lsn_csv_put_quoted(out, lsn_text_str(&req), false);
        lsn_csv_put_quoted(out, lsn_text_str(&opt), false);
        lsn_csv_put_quoted(out, lsn_text_str(&res), false);
        lsn_csv_put_quoted(out, gen_kind_names[x->kind], false);
        lsn_csv_put_quoted(out, x->description, false);
        lsn_csv_put_quoted(out, x->location, false);
        lsn_csv_put_quoted(out, locale == LOCALE_DE ? "Aus" : "False", false);
        lsn_csv_put_quoted(out, x->transparent ? "1" : "2", true);
    }
    lsn_text_free(&req);
    lsn_text_free(&opt);
    lsn_text_free(&res);
    return oom_ ? lsn_oom() : LSN_OK;
}

int gen_outlook_zone(const icaltimezone **out, const char *tz)
{
    *out = icaltimezone_get_utc_timezone();
    if (tz != NULL && strcmp(tz, "UTC") != 0) {
        *out = icaltimezone_get_builtin_timezone(tz);
        if (*out == NULL) {
            return lsn_error_set(LSN_EINVAL, "unknown time zone '%s'", tz);
        }
    }
    return LSN_OK;
}

int lsn_gen_write_outlook(const lsn_gen *gen, const char *dir, const char *tz)
{
    const lsn_gen *g = gen;
    gen_mailbox_set mb = {0};
    struct mailbox m = {.g = g};
    int rc = gen_outlook_zone(&m.tz, tz);
    if (rc < 0) {
        return rc;
    }
    bool *unique = unique_names(g);
    m.unique = unique;
    if (unique == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    if ((rc = gen_mailboxes_open(&mb, g, dir, "outlook", ".csv")) < 0) {
        goto cleanup;
    }
    for (size_t p = 0; p < g->npeople; p++) {
        const char *path;
        if ((rc = gen_mailbox_file(&path, &mb, g->people[p].email)) < 0) {
            goto cleanup;
        }
        lsn_text_clear(&m.out);
        /* Outlook on Windows writes a BOM-less file; half the mailboxes get
         * one anyway, as other exporters do. */
        if (p % 2 == 1) {
            lsn_text_puts(&m.out, "\xEF\xBB\xBF");
        }
        lsn_text_puts(&m.out, outlook_header);
        m.locale = locale_of(&g->people[p]);
        for (int32_t i = mb.first[p]; i < mb.first[p + 1]; i++) {
            if ((rc = outlook_rows(&m, (size_t)mb.list[i])) < 0) {
                goto cleanup;
            }
        }
        m.out.failed = m.out.failed || m.tmp.failed;
        if ((rc = gen_write_file(path, &m.out)) < 0) {
            goto cleanup;
        }
    }
cleanup:
    gen_mailboxes_free(&mb);
    free(unique);
    lsn_text_free(&m.out);
    lsn_text_free(&m.tmp);
    return rc;
}
