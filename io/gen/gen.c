/*
 * io/gen/gen.c — the top of the generator: the options, the arena and the
 * array growth every phase uses, lsn_gen_build (the phases in order, each with
 * its own random stream), the accessors, and saving in the chosen formats. What
 * the phases make and how each format is written is in the other files.
 */
#include "io/gen/internal.h"

#include "io/error.h"
#include "io/idmap.h"

#include <libical/ical.h>

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Memory every phase uses                                              */
/* ------------------------------------------------------------------ */

static void *arena_alloc(lsn_gen *g, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (g->arena == NULL || g->arena->used + n > g->arena->size) {
        size_t size = n > 65536 ? n : 65536;
        chunk *c = malloc(sizeof(chunk) + size);
        if (c == NULL) {
            return NULL;
        }
        c->next = g->arena;
        c->used = 0;
        c->size = size;
        g->arena = c;
    }
    void *p = g->arena->data + g->arena->used;
    g->arena->used += n;
    return p;
}

char *gen_arena_strdup(lsn_gen *g, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = arena_alloc(g, n);
    if (p != NULL) {
        memcpy(p, s, n);
    }
    return p;
}

char *gen_arena_printf(lsn_gen *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lsn_text_clear(&g->fmt);
    lsn_text_vprintf(&g->fmt, fmt, ap);
    va_end(ap);
    return g->fmt.failed ? NULL : gen_arena_strdup(g, lsn_text_str(&g->fmt));
}

/* ------------------------------------------------------------------ */
/* Building                                                             */
/* ------------------------------------------------------------------ */

static int parse_date(const char *s, int32_t *out)
{
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || s[4] != '-' ||
        s[7] != '-' || y < 1971 || y > 2200 || m < 1 || m > 12 || d < 1 ||
        d > lsn_days_in_month(y, m)) {
        return LSN_EINVAL;
    }
    *out = gen_days_from_civil(y, m, d);
    return LSN_OK;
}

static int check_options(lsn_gen *g, const lsn_gen_options *opts)
{
    lsn_gen_options o = LSN_GEN_OPTIONS_INIT;
    if (opts != NULL) {
        o = *opts;
    }
    if (o.people == 0) {
        o.people = 150;
    }
    if (o.weeks == 0) {
        o.weeks = 13;
    }
    if (o.seed == 0) {
        o.seed = 1;
    }
    if (o.people < 20 || o.people > 200000) {
        return lsn_error_set(LSN_EINVAL, "people must be between 20 and 200000, not %d", o.people);
    }
    if (o.weeks < 1 || o.weeks > 104) {
        return lsn_error_set(LSN_EINVAL, "weeks must be between 1 and 104, not %d", o.weeks);
    }
    const char *start = o.start != NULL ? o.start : "2026-06-01";
    int32_t day;
    if (parse_date(start, &day) < 0) {
        return lsn_error_set(LSN_EINVAL, "start '%s' is not a date YYYY-MM-DD", start);
    }
    day -= lsn_weekday(day);
    const char *domain = o.domain != NULL ? o.domain : "acme.example";
    size_t dl = strlen(domain);
    bool ok = dl > 2 && dl < 100 && strchr(domain, '.') != NULL && domain[0] != '.' &&
              domain[0] != '-' && domain[dl - 1] != '.';
    for (size_t i = 0; i < dl && ok; i++) {
        char c = domain[i];
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '-' || (c == '.' && domain[i + 1] != '.');
    }
    if (!ok) {
        return lsn_error_set(LSN_EINVAL, "domain '%s' is not a domain name such as acme.example",
                             domain);
    }
    for (size_t i = 0; i <= dl; i++) {
        char c = domain[i];
        g->domain[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    int y, m, d;
    lsn_civil_from_days(day, &y, &m, &d);
    snprintf(g->start, sizeof(g->start), "%04d-%02d-%02d", y, m, d);
    size_t cl = strcspn(g->domain, ".");
    if (cl >= sizeof(g->company_id)) {
        cl = sizeof(g->company_id) - 1;
    }
    memcpy(g->company_id, g->domain, cl);
    g->company_id[cl] = '\0';
    snprintf(g->company_name, sizeof(g->company_name), "%c%s Corp",
             g->company_id[0] >= 'a' && g->company_id[0] <= 'z' ? g->company_id[0] - 'a' + 'A'
                                                                : g->company_id[0],
             g->company_id + 1);
    o.start = g->start;
    o.domain = g->domain;
    g->opts = o;
    g->win_start = day;
    g->win_days = 7 * o.weeks;
    return LSN_OK;
}

void lsn_gen_free(lsn_gen *gen)
{
    if (gen == NULL) {
        return;
    }
    for (size_t s = 0; s < gen->nseries; s++) {
        free(gen->series[s].attendees);
        free(gen->series[s].exdates);
        free(gen->series[s].overrides);
    }
    free(gen->series);
    free(gen->sflags);
    free(gen->people);
    free(gen->units);
    free(gen->ui);
    free(gen->needs);
    free(gen->parties);
    free(gen->members);
    free(gen->sync);
    free(gen->sprawl);
    lsn_strmap_free(gen->emails);
    lsn_strmap_free(gen->ids);
    lsn_text_free(&gen->fmt);
    while (gen->arena != NULL) {
        chunk *next = gen->arena->next;
        free(gen->arena);
        gen->arena = next;
    }
    free(gen);
}

int lsn_gen_build(lsn_gen **out, const lsn_gen_options *opts)
{
    assert(out != NULL);
    *out = NULL;
    lsn_gen *g = calloc(1, sizeof(*g));
    if (g == NULL) {
        return lsn_oom();
    }
    int rc = check_options(g, opts);
    if (rc < 0) {
        goto cleanup;
    }
    if (lsn_strmap_new(&g->emails) < 0 || lsn_strmap_new(&g->ids) < 0) {
        rc = lsn_oom();
        goto cleanup;
    }
    gen_compute_holidays(g);
    uint64_t seed = g->opts.seed;
    rng_seed(&g->r, seed, 1);
    if ((rc = gen_build_org(g)) < 0) {
        goto cleanup;
    }
    rng_seed(&g->r, seed, 2);
    for (size_t u = 0; u < g->nunits; u++) {
        if (gen_regular_team(g, (int32_t)u) && (rc = gen_team_rituals(g, (int32_t)u)) < 0) {
            goto cleanup;
        }
    }
    if ((rc = gen_staff_meetings(g)) < 0 || (rc = gen_one_on_ones(g)) < 0 ||
        (rc = gen_team_syncs(g)) < 0) {
        goto cleanup;
    }
    rng_seed(&g->r, seed, 3);
    if ((rc = gen_plant_liaisons(g)) < 0) {
        goto cleanup;
    }
    rng_seed(&g->r, seed, 4);
    if ((rc = gen_decision_meetings(g)) < 0) {
        goto cleanup;
    }
    rng_seed(&g->r, seed, 5);
    if ((rc = gen_all_hands(g)) < 0) {
        goto cleanup;
    }
    rng_seed(&g->r, seed, 6);
    if ((rc = gen_customer_meetings(g)) < 0 || (rc = gen_interviews(g)) < 0 ||
        (rc = gen_incidents(g)) < 0 || (rc = gen_personal_events(g)) < 0 ||
        (rc = gen_special_events(g)) < 0) {
        goto cleanup;
    }
    rng_seed(&g->r, seed, 7);
    if ((rc = gen_decorate(g)) < 0) {
        goto cleanup;
    }
    *out = g;
    g = NULL;
cleanup:
    lsn_gen_free(g);
    return rc;
}

const lsn_gen_options *lsn_gen_get_options(const lsn_gen *gen)
{
    return &gen->opts;
}

int32_t lsn_gen_window(const lsn_gen *gen, int32_t *days)
{
    if (days != NULL) {
        *days = gen->win_days;
    }
    return gen->win_start;
}

LSN_ARRAY_ACCESSOR(lsn_gen_person, lsn_gen_people, lsn_gen, people, npeople)

LSN_ARRAY_ACCESSOR(lsn_gen_unit, lsn_gen_units, lsn_gen, units, nunits)

LSN_ARRAY_ACCESSOR(lsn_gen_need, lsn_gen_needs, lsn_gen, needs, nneeds)

LSN_ARRAY_ACCESSOR(lsn_gen_party, lsn_gen_parties, lsn_gen, parties, nparties)

LSN_ARRAY_ACCESSOR(lsn_gen_series, lsn_gen_series_list, lsn_gen, series, nseries)

void lsn_gen_drop_declines(lsn_gen *gen)
{
    for (size_t s = 0; s < gen->nseries; s++) {
        lsn_gen_series *x = &gen->series[s];
        for (size_t i = 0; i < x->attendee_count; i++) {
            if (x->attendees[i].partstat == LSN_GEN_DECLINED) {
                x->attendees[i].partstat = LSN_GEN_NEEDS_ACTION;
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* Saving                                                               */
/* ------------------------------------------------------------------ */

int lsn_gen_save_as(const lsn_gen *gen, const char *dir, unsigned formats, const char *tz)
{
    const icaltimezone *zone;
    int rc;
    /* An unknown --tz fails before anything is written. */
    if ((formats & LSN_GEN_FORMAT_OUTLOOK) && (rc = gen_outlook_zone(&zone, tz)) < 0) {
        return rc;
    }
    if ((rc = lsn_fs_make_dir(dir)) < 0) {
        return rc;
    }
    if ((rc = lsn_gen_write_roster(gen, dir)) < 0) {
        return rc;
    }
    if ((formats & LSN_GEN_FORMAT_ICS) && (rc = lsn_gen_write_ics(gen, dir)) < 0) {
        return rc;
    }
    if ((formats & LSN_GEN_FORMAT_OUTLOOK) && (rc = lsn_gen_write_outlook(gen, dir, tz)) < 0) {
        return rc;
    }
    if ((formats & LSN_GEN_FORMAT_GRAPH) && (rc = lsn_gen_write_graph(gen, dir)) < 0) {
        return rc;
    }
    if ((formats & LSN_GEN_FORMAT_CATALOG) && (rc = lsn_gen_write_catalog(gen, dir)) < 0) {
        return rc;
    }
    return LSN_OK;
}

int lsn_gen_save(const lsn_gen *gen, const char *dir)
{
    int rc = lsn_fs_make_dir(dir);
    if (rc < 0) {
        return rc;
    }
    if ((rc = lsn_gen_write_roster(gen, dir)) < 0) {
        return rc;
    }
    return lsn_gen_write_ics(gen, dir);
}

int lsn_gen_write(const char *dir, const lsn_gen_options *opts)
{
    lsn_gen *g = NULL;
    int rc = lsn_gen_build(&g, opts);
    if (rc == LSN_OK) {
        rc = lsn_gen_save(g, dir);
    }
    lsn_gen_free(g);
    return rc;
}
