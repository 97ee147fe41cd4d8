/*
 * io/coverage.c — how well a loaded calendar and its roster fit together:
 * who of the roster is present, which email domains the calendars use
 * beside the roster's, how the used instances spread over the weeks of the
 * window; the refusals and warnings that follow from it. It reads a
 * finished calendar and changes nothing; it parses nothing.
 */
#include "io/coverage.h"

#include "io/civil.h"
#include "io/error.h"
#include "io/idmap.h"
#include "io/load.h"
#include "io/raw.h"
#include "io/text.h"
#include "io/vec.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Domains a refusal names per side. */
#define MESSAGE_DOMAINS 3

void lsn_coverage_free(lsn_coverage *cov)
{
    if (cov == NULL) {
        return;
    }
    for (size_t i = 0; i < cov->ncalendar_domains; i++) {
        free(cov->calendar_domains[i].domain);
    }
    for (size_t i = 0; i < cov->nroster_domains; i++) {
        free(cov->roster_domains[i].domain);
    }
    for (size_t i = 0; i < cov->nwarnings; i++) {
        free(cov->warnings[i]);
    }
    free(cov->calendar_domains);
    free(cov->roster_domains);
    free(cov->by_week);
    free(cov->warnings);
    free(cov);
}

static const char *domain_of(const char *address)
{
    const char *at = strrchr(address, '@');
    return at != NULL && at[1] != '\0' ? at + 1 : "";
}

static int cmp_domain_count(const void *x, const void *y)
{
    const lsn_domain_count *a = x, *b = y;
    if (a->count != b->count) {
        return a->count > b->count ? -1 : 1;
    }
    return strcmp(a->domain, b->domain);
}

/* A tally of domains: interned names and a count each. */
struct tally {
    lsn_strmap *names;
    int64_t *count;
    size_t cap;
};

static int tally_add(struct tally *t, const char *domain)
{
    int32_t id;
    int rc = lsn_strmap_intern(&id, t->names, domain, strlen(domain));
    if (rc != LSN_OK) {
        return rc;
    }
    size_t old = t->cap;
    if ((rc = LSN_GROW(t->count, t->cap, (size_t)id + 1)) != LSN_OK) {
        return rc;
    }
    memset(t->count + old, 0, (t->cap - old) * sizeof(*t->count));
    t->count[id]++;
    return LSN_OK;
}

/* The LSN_COVERAGE_TOP_DOMAINS most common domains of t, as owned copies. */
static int tally_top(lsn_domain_count **out, size_t *n, size_t *total, const struct tally *t)
{
    size_t all = lsn_strmap_count(t->names);
    lsn_domain_count *v = calloc(all ? all : 1, sizeof(*v));
    *out = NULL;
    *n = 0;
    *total = all;
    if (v == NULL) {
        return lsn_oom();
    }
    for (size_t i = 0; i < all; i++) {
        /* Borrowed for the sort; the kept ones are copied below. */
        v[i].domain = (char *)lsn_strmap_get(t->names, (int32_t)i);
        v[i].count = t->count[i];
    }
    qsort(v, all, sizeof(*v), cmp_domain_count);
    size_t keep = all < LSN_COVERAGE_TOP_DOMAINS ? all : LSN_COVERAGE_TOP_DOMAINS;
    for (size_t i = keep; i < all; i++) {
        v[i].domain = NULL; /* borrowed from t, which goes */
    }
    for (size_t i = 0; i < keep; i++) {
        v[i].domain = strdup(v[i].domain);
        if (v[i].domain == NULL) {
            for (size_t k = 0; k < i; k++) {
                free(v[k].domain);
            }
            free(v);
            return lsn_oom();
        }
    }
    *out = v;
    *n = keep;
    return LSN_OK;
}

static int domains(lsn_coverage *cov, const lsn_calendar *cal)
{
    int rc;
    struct tally cal_t = {0}, org_t = {0};
    if ((rc = lsn_strmap_new(&cal_t.names)) != LSN_OK ||
        (rc = lsn_strmap_new(&org_t.names)) != LSN_OK) {
        goto cleanup;
    }
    size_t np, npeople;
    const lsn_participant *pt = lsn_calendar_participants(cal, &np);
    const lsn_person *people = lsn_org_people(lsn_calendar_org(cal), &npeople);
    for (size_t i = npeople; i < np; i++) {
        if (pt[i].kind == LSN_P_UNKNOWN || pt[i].kind == LSN_P_EXTERNAL) {
            cov->outside++;
            if ((rc = tally_add(&cal_t, domain_of(pt[i].address))) != LSN_OK) {
                goto cleanup;
            }
        }
    }
    for (size_t i = 0; i < npeople; i++) {
        if ((rc = tally_add(&org_t, domain_of(people[i].email))) != LSN_OK) {
            goto cleanup;
        }
    }
    if ((rc = tally_top(&cov->calendar_domains, &cov->ncalendar_domains,
                        &cov->calendar_domains_total, &cal_t)) != LSN_OK) {
        goto cleanup;
    }
    rc = tally_top(&cov->roster_domains, &cov->nroster_domains, &cov->roster_domains_total, &org_t);
    cov->top_in_roster = cov->ncalendar_domains > 0 &&
                         lsn_org_has_domain(lsn_calendar_org(cal), cov->calendar_domains[0].domain);
cleanup:
    lsn_strmap_free(cal_t.names);
    lsn_strmap_free(org_t.names);
    free(cal_t.count);
    free(org_t.count);
    return rc;
}

/* Used instances per week: weeks of 7 local days from the window's first
 * day, the last one cut at the window's end. */
static int weeks(lsn_coverage *cov, const lsn_calendar *cal)
{
    int rc;
    const lsn_window *w = lsn_calendar_window(cal);
    int y, m, d;
    if (lsn_parse_date(w->from_date, &y, &m, &d) != LSN_OK) {
        return lsn_error_set(LSN_EINVAL, "window date '%s' is not YYYY-MM-DD", w->from_date);
    }
    int64_t first = lsn_days_from_civil(y, (unsigned)m, (unsigned)d);
    if (lsn_parse_date(w->to_date, &y, &m, &d) != LSN_OK) {
        return lsn_error_set(LSN_EINVAL, "window date '%s' is not YYYY-MM-DD", w->to_date);
    }
    int64_t last = lsn_days_from_civil(y, (unsigned)m, (unsigned)d);
    size_t n = last > first ? (size_t)((last - first + 6) / 7) : 0;
    cov->by_week = calloc(n ? n : 1, sizeof(*cov->by_week));
    int64_t *starts = malloc((n ? n : 1) * sizeof(*starts));
    if (cov->by_week == NULL || starts == NULL) {
        free(starts);
        return lsn_oom();
    }
    cov->nweeks = n;
    for (size_t k = 0; k < n; k++) {
        int64_t day = first + 7 * (int64_t)k;
        lsn_coverage_week *wk = &cov->by_week[k];
        lsn_format_day(wk->from, day);
        wk->days = (int32_t)(last - day < 7 ? last - day : 7);
        lsn_civil_from_days(day, &y, &m, &d);
        /* The window's own first edge stays exact, as the loader set it. */
        starts[k] = w->from;
        if (k > 0 && (rc = lsn_zone_day_start(&starts[k], w->tz, y, m, d)) != LSN_OK) {
            free(starts);
            return rc;
        }
    }
    size_t ni;
    const lsn_instance *in = lsn_calendar_instances(cal, &ni);
    for (size_t i = 0; i < ni && n > 0; i++) {
        /* The last week whose start is not after the instance's. */
        size_t lo = 0, hi = n;
        while (hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            if (starts[mid] <= in[i].start) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        cov->by_week[lo].instances++;
    }
    free(starts);
    for (size_t k = 0; k < n; k++) {
        cov->empty_weeks += cov->by_week[k].days == 7 && cov->by_week[k].instances == 0;
    }
    return LSN_OK;
}

static int add_warning(lsn_coverage *cov, lsn_text *t)
{
    char *s = lsn_text_take(t);
    if (s == NULL) {
        return lsn_oom();
    }
    cov->warnings[cov->nwarnings++] = s;
    return LSN_OK;
}

static int warnings(lsn_coverage *cov)
{
    int rc = LSN_OK;
    cov->warnings = calloc(2, sizeof(*cov->warnings));
    if (cov->warnings == NULL) {
        return lsn_oom();
    }
    /* Only meaningful once something is present: none at all is refused. */
    if (cov->present > 0 && cov->present * 2 < cov->roster) {
        lsn_text t = {0};
        lsn_text_printf(
            &t, "only %lld of the %lld roster people (%.0f%%) are in any meeting of the window",
            (long long)cov->present, (long long)cov->roster, 100.0 * cov->share);
        rc = add_warning(cov, &t);
        cov->roster_warning = rc == LSN_OK;
    }
    if (rc == LSN_OK && cov->used > 0 && cov->empty_weeks > 0) {
        lsn_text t = {0};
        size_t whole = 0;
        for (size_t k = 0; k < cov->nweeks; k++) {
            whole += cov->by_week[k].days == 7;
        }
        lsn_text_printf(&t, "no meeting in %zu of the %zu %s of the window: the %s starting ",
                        cov->empty_weeks, whole, whole == 1 ? "week" : "weeks",
                        cov->empty_weeks == 1 ? "week" : "weeks");
        size_t named = 0;
        for (size_t k = 0; k < cov->nweeks && named < LSN_COVERAGE_NAMED_WEEKS; k++) {
            if (cov->by_week[k].days == 7 && cov->by_week[k].instances == 0) {
                lsn_text_printf(&t, "%s%s", named ? ", " : "", cov->by_week[k].from);
                named++;
            }
        }
        if (cov->empty_weeks > named) {
            lsn_text_printf(&t, " and %zu more", cov->empty_weeks - named);
        }
        rc = add_warning(cov, &t);
    }
    return rc;
}

int lsn_coverage_compute(lsn_coverage **out, const lsn_calendar *cal)
{
    int rc;
    assert(out != NULL && cal != NULL);
    *out = NULL;
    lsn_coverage *cov = calloc(1, sizeof(*cov));
    if (cov == NULL) {
        return lsn_oom();
    }
    const lsn_input_stats *s = lsn_calendar_stats(cal);
    cov->window = *lsn_calendar_window(cal);
    cov->stats = *s;
    size_t npeople;
    lsn_org_people(lsn_calendar_org(cal), &npeople);
    cov->roster = (int64_t)npeople;
    cov->present = s->people_present;
    cov->share = npeople > 0 ? (double)cov->present / (double)npeople : 0.0;
    size_t ni;
    lsn_calendar_instances(cal, &ni);
    cov->used = (int64_t)ni;
    cov->weeks = lsn_window_weeks(&cov->window);
    cov->per_week = cov->weeks > 0 ? (double)cov->used / cov->weeks : 0.0;
    if ((rc = domains(cov, cal)) != LSN_OK || (rc = weeks(cov, cal)) != LSN_OK ||
        (rc = warnings(cov)) != LSN_OK) {
        lsn_coverage_free(cov);
        return rc;
    }
    *out = cov;
    return LSN_OK;
}

/* "@a (3), then @b (2), @c (1) and 2 other domains": the first
 * MESSAGE_DOMAINS of a list ("then" only for a ranking, after the first). */
static void put_domains(lsn_text *t, const lsn_domain_count *v, size_t n, size_t total, bool ranked)
{
    for (size_t i = 0; i < n && i < MESSAGE_DOMAINS; i++) {
        const char *sep = i == 0 ? "" : i == 1 && ranked ? ", then " : ", ";
        if (v[i].domain[0] == '\0') {
            lsn_text_printf(t, "%saddresses without a domain (%lld)", sep, (long long)v[i].count);
        } else {
            lsn_text_printf(t, "%s@%s (%lld)", sep, v[i].domain, (long long)v[i].count);
        }
    }
    if (total > MESSAGE_DOMAINS && n >= MESSAGE_DOMAINS) {
        lsn_text_printf(t, " and %zu other %s", total - MESSAGE_DOMAINS,
                        total - MESSAGE_DOMAINS == 1 ? "domain" : "domains");
    }
}

static int refuse(lsn_text *t)
{
    char *s = lsn_text_take(t);
    if (s == NULL) {
        return lsn_oom();
    }
    int rc = lsn_error_set(LSN_EPARSE, "%s", s);
    free(s);
    return rc;
}

int lsn_coverage_check(const lsn_coverage *cov, const char *label)
{
    lsn_text t = {0};
    const char *lead = label != NULL ? label : "";
    const char *sep = label != NULL ? ": " : "";
    if (cov->used == 0) {
        const lsn_input_stats *s = &cov->stats;
        lsn_text_printf(&t, "%s%sno meeting in the window %s to %s", lead, sep,
                        cov->window.from_date, cov->window.to_date);
        if (s->read > 0) {
            lsn_text_printf(&t, " (%lld %s read, every one skipped:", (long long)s->read,
                            s->read == 1 ? "instance" : "instances");
            const char *comma = " ";
            for (int k = 0; k < LSN_SKIP_COUNT; k++) {
                if (s->skipped[k] > 0) {
                    lsn_text_printf(&t, "%s%lld %s", comma, (long long)s->skipped[k],
                                    lsn_skip_name((lsn_skip)k));
                    comma = ", ";
                }
            }
            lsn_text_printf(&t, ")");
        }
        if (s->span.known) {
            lsn_text_printf(&t, "; the calendars hold events from %s to %s", s->span.first,
                            s->span.last);
        } else {
            lsn_text_printf(&t, "; the calendars hold no event with a usable start");
        }
        return refuse(&t);
    }
    if (cov->present == 0) {
        lsn_text_printf(&t, "%s%sno roster person is in any meeting: ", lead, sep);
        if (cov->ncalendar_domains == 0) {
            lsn_text_printf(&t, "the meetings have only group addresses; the roster has ");
            put_domains(&t, cov->roster_domains, cov->nroster_domains, cov->roster_domains_total,
                        false);
            return refuse(&t);
        }
        lsn_text_printf(&t, "the addresses in the calendars are mostly ");
        put_domains(&t, cov->calendar_domains, cov->ncalendar_domains, cov->calendar_domains_total,
                    true);
        lsn_text_printf(&t, "; the roster has ");
        put_domains(&t, cov->roster_domains, cov->nroster_domains, cov->roster_domains_total,
                    false);
        if (cov->top_in_roster) {
            lsn_text_printf(&t,
                            ": the domains match but no address does; are the emails of the roster "
                            "written as the calendars write them?");
        } else {
            lsn_text_printf(&t, ": is the roster for another domain?");
        }
        return refuse(&t);
    }
    return LSN_OK;
}

void lsn_coverage_warn(const lsn_coverage *cov, const char *prefix, int which)
{
    for (size_t i = 0; i < cov->nwarnings; i++) {
        bool roster = i == 0 && cov->roster_warning;
        if (which & (roster ? LSN_COVERAGE_WARN_ROSTER : LSN_COVERAGE_WARN_WEEKS)) {
            lsn_warn("%s%s", prefix != NULL ? prefix : "", cov->warnings[i]);
        }
    }
}

static int rename_list(lsn_domain_count *v, size_t n, lsn_domain_fn fn, void *ud)
{
    for (size_t i = 0; i < n; i++) {
        if (v[i].domain[0] == '\0') {
            continue;
        }
        const char *r = fn(ud, v[i].domain);
        char *copy = r != NULL ? strdup(r) : NULL;
        if (copy == NULL) {
            return lsn_oom();
        }
        free(v[i].domain);
        v[i].domain = copy;
    }
    qsort(v, n, sizeof(*v), cmp_domain_count);
    return LSN_OK;
}

int lsn_coverage_rename(lsn_coverage *cov, lsn_domain_fn fn, void *ud)
{
    int rc = rename_list(cov->calendar_domains, cov->ncalendar_domains, fn, ud);
    if (rc == LSN_OK) {
        rc = rename_list(cov->roster_domains, cov->nroster_domains, fn, ud);
    }
    return rc;
}
