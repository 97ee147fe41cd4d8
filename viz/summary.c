/*
 * viz/summary.c — the short human summary of `liaison analyze` on standard
 * output (viz/report.h): the input, the strongest team links, the findings
 * and the proposal, with teams and people by their display names. What
 * --min-group leaves out it asks viz/privacy.h.
 */
#include "viz/report.h"

#include "io/error.h"
#include "io/plural.h"
#include "viz/impact.h"
#include "viz/report_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

static int cmp_edge_weight(const void *x, const void *y)
{
    const lsn_edge *a = x, *b = y;
    if (a->weight != b->weight) {
        return a->weight > b->weight ? -1 : 1;
    }
    if (a->u != b->u) {
        return a->u < b->u ? -1 : 1;
    }
    return (a->v > b->v) - (a->v < b->v);
}

/* The summary speaks to people: teams and persons by their display names
 * (the id, or the email, where there is none), counts with the right
 * noun, columns padded to what a terminal shows. */

static const char *unit_label(const lsn_unit *u)
{
    return u->name[0] != '\0' ? u->name : u->id;
}

static const char *person_label(const lsn_person *p)
{
    return p->name[0] != '\0' ? p->name : p->email;
}

/* Terminal columns of UTF-8 text: wide and full-width characters take two,
 * combining marks and format characters none (ICU's properties). Invalid
 * bytes count one each. */
static size_t text_width(const char *s)
{
    size_t width = 0;
    int32_t i = 0, n = (int32_t)strlen(s);
    while (i < n) {
        UChar32 c;
        U8_NEXT((const uint8_t *)s, i, n, c);
        if (c < 0) {
            width++;
            continue;
        }
        int8_t cat = (int8_t)u_charType(c);
        if (cat == U_NON_SPACING_MARK || cat == U_ENCLOSING_MARK || cat == U_FORMAT_CHAR) {
            continue;
        }
        int ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
        width += ea == U_EA_WIDE || ea == U_EA_FULLWIDTH ? 2 : 1;
    }
    return width;
}

/* s, then spaces up to width columns (none when s is wider). */
static void put_padded(FILE *out, const char *s, size_t width)
{
    size_t w = text_width(s);
    fputs(s, out);
    for (; w < width; w++) {
        fputc(' ', out);
    }
}

static size_t max_size(size_t a, size_t b)
{
    return a > b ? a : b;
}

/*
 * text (a finding's explanation, a proposal's reason) with every word that
 * is a unit id or a roster email written as its display name ("'s" after
 * it is kept). Words inside a quoted meeting subject are left alone. A word
 * is a run of non-space bytes without the quotes and brackets before it
 * and the punctuation after it. Returns a malloc'd string or NULL.
 */
struct readable {
    const lsn_org *org;
    const lsn_unit *units;
    const lsn_person *people;
    size_t nu, np;
    lsn_text t;
};

static const char *readable_label(void *ud, const char *word)
{
    struct readable *r = ud;
    int32_t u = lsn_org_find_unit(r->org, word);
    int32_t who = strchr(word, '@') != NULL ? lsn_org_find_person(r->org, word) : -1;
    if (u >= 0 && (size_t)u < r->nu && !r->units[u].synthetic) {
        return unit_label(&r->units[u]);
    }
    if (who >= 0 && (size_t)who < r->np) {
        return person_label(&r->people[who]);
    }
    return NULL;
}

static void readable_keep(void *ud, const char *s, size_t n)
{
    lsn_text_put(&((struct readable *)ud)->t, s, n);
}

static void readable_labelled(void *ud, const char *word, const char *label)
{
    (void)word;
    lsn_text_puts(&((struct readable *)ud)->t, label);
}

static char *readable_text(const char *text, const lsn_org *org)
{
    static const lsn_relabel fn = {readable_label, readable_keep, readable_labelled};
    struct readable r = {.org = org};
    r.units = lsn_org_units(org, &r.nu);
    r.people = lsn_org_people(org, &r.np);
    lsn_text_relabel(text, &fn, &r);
    return lsn_text_take(&r.t);
}

/* One line of readable_text, indented; the text as it is when out of memory. */
static void print_readable(FILE *out, const char *indent, const char *text, const lsn_org *org)
{
    char *r = readable_text(text, org);
    fprintf(out, "%s%s\n", indent, r != NULL ? r : text);
    free(r);
}

static void print_findings(FILE *out, const lsn_findings *findings, const lsn_org *org)
{
    size_t n;
    const lsn_finding *items = lsn_findings_items(findings, &n);
    int64_t by_sev[3] = {0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        by_sev[items[i].severity]++;
    }
    fprintf(out, "\nfindings: %zu (%lld high, %lld medium, %lld low)\n", n,
            (long long)by_sev[LSN_SEV_HIGH], (long long)by_sev[LSN_SEV_MEDIUM],
            (long long)by_sev[LSN_SEV_LOW]);
    /* Findings come sorted by type then severity: print each group with
     * its worst first, a few lines each, the rest counted. */
    const size_t shown = 5;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && items[j].kind == items[i].kind) {
            j++;
        }
        fprintf(out, "  %s (%zu)\n", items[i].type, j - i);
        for (size_t k = i; k < j && k < i + shown; k++) {
            char indent[32];
            snprintf(indent, sizeof(indent), "    [%s] ", lsn_severity_name(items[k].severity));
            print_readable(out, indent, items[k].explanation, org);
        }
        if (j - i > shown) {
            fprintf(out, "    ... and %zu more in report.json and findings.csv\n", j - i - shown);
        }
        i = j;
    }
}

/* Whether the proposal table lists entry e (a change to make). */
static bool listed_entry(const lsn_unit *units, const lsn_proposal_entry *e, const lsn_privacy *pv)
{
    return !(e->existing || e->kind == LSN_MODEL_NOTES || lsn_report_entry_withheld(pv, units, e));
}

/* The proposal as a table a manager can act on: one line per need, then its
 * reason; kept links and notes are summarised on one line each. */
static void
print_proposal(FILE *out, const lsn_analysis *a, const lsn_proposal *p, const lsn_privacy *pv)
{
    const lsn_org *org = lsn_calendar_org(lsn_analysis_calendar(a));
    size_t nu, np, n;
    const lsn_unit *units = lsn_org_units(org, &nu);
    const lsn_person *people = lsn_org_people(org, &np);
    const lsn_proposal_entry *e = lsn_proposal_entries(p, &n);
    size_t kept = 0, notes = 0, unmet = 0, shown_needs = 0;
    for (size_t i = 0; i < n; i++) {
        if (lsn_report_entry_withheld(pv, units, &e[i])) {
            continue;
        }
        shown_needs++;
        kept += e[i].existing;
        notes += e[i].kind == LSN_MODEL_NOTES;
        unmet += e[i].unmet;
    }
    fprintf(out, "\nproposal: %zu %s (%zu kept as %s, %zu by notes, %zu cannot be met)\n",
            shown_needs, lsn_plural((int64_t)shown_needs, "need", "needs"), kept,
            kept == 1 ? "it is" : "they are", notes, unmet);
    /* The rows first, so that the columns fit the longest name shown. */
    const size_t shown = 12;
    size_t rows[12], nrows = 0;
    size_t wteam = strlen("team"), wfrom = strlen("needs context from"), wmodel = strlen("model");
    for (size_t i = 0; i < n && nrows < shown; i++) {
        if (listed_entry(units, &e[i], pv)) {
            rows[nrows++] = i;
            wteam = max_size(wteam, text_width(unit_label(&units[e[i].team])));
            wfrom = max_size(wfrom, text_width(unit_label(&units[e[i].from])));
            wmodel = max_size(wmodel, text_width(e[i].model));
        }
    }
    if (nrows > 0) {
        fputs("  ", out);
        put_padded(out, "team", wteam + 2);
        put_padded(out, "needs context from", wfrom + 2);
        put_padded(out, "model", wmodel + 2);
        fputs("who\n", out);
    }
    for (size_t r = 0; r < nrows; r++) {
        const lsn_proposal_entry *x = &e[rows[r]];
        char who[512] = "";
        for (size_t k = 0; lsn_privacy_persons_shown(pv) && k < x->npeople; k++) {
            size_t len = strlen(who);
            snprintf(who + len, sizeof(who) - len, "%s%s", k ? ", " : "",
                     person_label(&people[x->people[k]]));
        }
        if (x->unmet) {
            snprintf(who, sizeof(who), "(cannot be met)");
        }
        fputs("  ", out);
        put_padded(out, unit_label(&units[x->team]), wteam + 2);
        put_padded(out, unit_label(&units[x->from]), wfrom + 2);
        put_padded(out, x->model, wmodel + 2);
        fprintf(out, "%s%s\n", who, x->restructure >= 0 ? "  [restructure meeting]" : "");
        char *reason = lsn_privacy_redact_reason(pv, x->reason);
        print_readable(out, "      ", reason != NULL ? reason : "", org);
        free(reason);
    }
    size_t rest = 0;
    for (size_t i = 0; i < n; i++) {
        rest += listed_entry(units, &e[i], pv);
    }
    if (rest > nrows) {
        fprintf(out, "  ... and %zu more in report.json\n", rest - nrows);
    }
}

/* One line: who of the roster meets, how much, and the addresses around it. */
static void print_coverage(FILE *out, const lsn_coverage *c)
{
    fprintf(out, "  coverage: %lld of %lld roster %s present (%.0f%%), %.1f instances a week",
            (long long)c->present, (long long)c->roster, lsn_plural(c->roster, "person", "people"),
            100.0 * c->share, c->per_week);
    if (c->empty_weeks > 0) {
        fprintf(out, ", %zu %s without a meeting", c->empty_weeks,
                lsn_plural((int64_t)c->empty_weeks, "week", "weeks"));
    }
    if (c->ncalendar_domains == 0) {
        fprintf(out, "; nobody outside the roster\n");
        return;
    }
    fprintf(out, "; outside the roster:");
    const size_t shown = 3;
    for (size_t i = 0; i < c->ncalendar_domains && i < shown; i++) {
        const lsn_domain_count *d = &c->calendar_domains[i];
        fprintf(out, "%s %s %lld", i ? "," : "", d->domain[0] ? d->domain : "(no domain)",
                (long long)d->count);
    }
    if (c->calendar_domains_total > shown) {
        size_t more = c->calendar_domains_total - shown;
        fprintf(out, " and %zu more %s", more, lsn_plural((int64_t)more, "domain", "domains"));
    }
    fputc('\n', out);
}

void lsn_report_print_summary(FILE *out, const lsn_report *r, const char *report_path)
{
    const lsn_analysis *a = r->analysis;
    const lsn_calendar *cal = lsn_analysis_calendar(a);
    const lsn_org *org = lsn_calendar_org(cal);
    const lsn_input_stats *s = lsn_calendar_stats(cal);
    const lsn_window *w = lsn_calendar_window(cal);
    const lsn_summary *sum = lsn_analysis_summary(a);
    size_t nu;
    const lsn_unit *units = lsn_org_units(org, &nu);
    lsn_privacy *pv = NULL;
    if (lsn_privacy_new(&pv, cal, r->min_group) != LSN_OK) {
        lsn_warn("no summary: %s", lsn_error_last());
        return;
    }

    fprintf(out, "liaison: %d %s in %d %s, %s to %s (%s, %.1f weeks)\n", sum->people,
            lsn_plural(sum->people, "person", "people"), sum->teams,
            lsn_plural(sum->teams, "team", "teams"), w->from_date, w->to_date, w->tz, sum->weeks);
    int64_t skipped = 0;
    for (int k = 0; k < LSN_SKIP_COUNT; k++) {
        skipped += s->skipped[k];
    }
    fprintf(out, "  input: %lld %s, %lld event %s, %lld %s read: %lld used, %lld skipped",
            (long long)s->files, lsn_plural(s->files, "file", "files"), (long long)s->vevents,
            lsn_plural(s->vevents, "record", "records"), (long long)s->read,
            lsn_plural(s->read, "instance", "instances"), (long long)s->used, (long long)skipped);
    const char *sep = " (";
    for (int k = 0; k < LSN_SKIP_COUNT; k++) {
        if (s->skipped[k] > 0) {
            fprintf(out, "%s%lld %s", sep, (long long)s->skipped[k], lsn_skip_name((lsn_skip)k));
            sep = ", ";
        }
    }
    fprintf(out, "%s; %lld duplicate %s merged\n", sep[0] == ',' ? ")" : "",
            (long long)s->duplicates_merged, lsn_plural(s->duplicates_merged, "copy", "copies"));
    fprintf(out,
            "  participants: %lld roster %s present, %lld unknown, %lld external, %lld group %s\n",
            (long long)s->people_present, lsn_plural(s->people_present, "person", "people"),
            (long long)s->unknown, (long long)s->external, (long long)s->groups,
            lsn_plural(s->groups, "address", "addresses"));
    if (r->coverage != NULL) {
        print_coverage(out, r->coverage);
    }
    fprintf(out, "  meetings: %d series, %lld %s; %.1f meeting hours per person per week\n",
            sum->series, (long long)sum->instances,
            lsn_plural(sum->instances, "instance", "instances"),
            sum->people_present > 0 ? sum->meeting_hours_per_week / sum->people_present : 0.0);
    fprintf(out,
            "  cross-team share: %.0f%% of meeting hours between people of different teams; "
            "%d team %s\n",
            100.0 * sum->cross_team_share, sum->team_links,
            lsn_plural(sum->team_links, "pair talks", "pairs talk"));

    size_t ne;
    const lsn_edge *edges = lsn_analysis_team_edges(a, &ne);
    lsn_edge *top = malloc((ne ? ne : 1) * sizeof(*top));
    size_t nshown = 0;
    for (size_t i = 0; top != NULL && i < ne; i++) {
        if (!lsn_privacy_unit_withheld(pv, units[edges[i].u].id) &&
            !lsn_privacy_unit_withheld(pv, units[edges[i].v].id)) {
            top[nshown++] = edges[i];
        }
    }
    if (nshown > 0) {
        qsort(top, nshown, sizeof(*top), cmp_edge_weight);
        nshown = nshown < 5 ? nshown : 5;
        size_t wu = 0, wv = 0;
        for (size_t i = 0; i < nshown; i++) {
            wu = max_size(wu, text_width(unit_label(&units[top[i].u])));
            wv = max_size(wv, text_width(unit_label(&units[top[i].v])));
        }
        fprintf(out, "  strongest team links (hours per week):\n");
        for (size_t i = 0; i < nshown; i++) {
            fputs("    ", out);
            put_padded(out, unit_label(&units[top[i].u]), wu + 2);
            put_padded(out, unit_label(&units[top[i].v]), wv + 2);
            fprintf(out, "%6.2f\n", top[i].weight);
        }
    }
    free(top);
    size_t nl;
    lsn_analysis_liaisons(a, &nl);
    fprintf(out, "  liaison links: %zu (people at %d or more team meetings of another team)\n", nl,
            lsn_analysis_options_used(a)->liaison_min_instances);
    if (r->findings != NULL) {
        print_findings(out, r->findings, org);
    }
    if (r->proposal != NULL) {
        print_proposal(out, a, r->proposal, pv);
    }
    if (r->impact != NULL) {
        lsn_impact_print(out, r->impact, pv);
    }
    int64_t withheld = r->withheld.findings + r->withheld.person_findings;
    if (r->min_group > 1) {
        fprintf(out,
                "\nprivacy: figures of teams and units under %d people and every person-level "
                "figure are left out (%lld %s); see 'suppressed' in the report\n",
                (int)r->min_group, (long long)withheld,
                lsn_plural(withheld, "finding", "findings"));
    }
    if (report_path != NULL) {
        fprintf(out, "\nreport: %s\n", report_path);
    }
    lsn_privacy_free(pv);
}
