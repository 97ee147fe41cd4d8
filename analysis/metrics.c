/*
 * analysis/metrics.c — the figures of one run that comparisons, slices and
 * batch tables read (analysis/metrics.h). It counts what the passes found
 * and copies what the summary measured; it runs no pass and writes nothing.
 */
#include "analysis/metrics.h"

#include "analysis/privacy.h"

#include <math.h>
#include <string.h>

size_t lsn_metrics_ntypes(void)
{
    size_t n = 0;
    while (lsn_finding_types[n] != NULL) {
        n++;
    }
    return n;
}

/* Whether the need passes consider this need: both ends have people once
 * the inner end is taken out of the outer one (analysis/passes.c). */
static bool need_considered(const lsn_org *org, const lsn_unit *units, const lsn_need *need)
{
    int64_t tpeople, fpeople;
    if (lsn_org_unit_within(org, need->team, need->from)) {
        tpeople = units[need->team].people_under;
        fpeople = units[need->from].people_under - tpeople;
    } else {
        fpeople = units[need->from].people_under;
        tpeople = units[need->team].people_under -
                  (lsn_org_unit_within(org, need->from, need->team) ? fpeople : 0);
    }
    return tpeople > 0 && fpeople > 0;
}

void lsn_metrics_compute(lsn_metrics *out,
                         const lsn_analysis *a,
                         const lsn_findings *f,
                         const lsn_structure *st)
{
    lsn_metrics_compute_private(out, a, f, st, 1);
}

void lsn_metrics_compute_private(lsn_metrics *out,
                                 const lsn_analysis *a,
                                 const lsn_findings *f,
                                 const lsn_structure *st,
                                 int32_t min_group)
{
    const lsn_summary *s = lsn_analysis_summary(a);
    const lsn_org *org = lsn_calendar_org(lsn_analysis_calendar(a));
    memset(out, 0, sizeof(*out));
    out->people = s->people;
    out->people_present = s->people_present;
    out->teams = s->teams;
    out->instances = s->instances;
    out->weeks = s->weeks;
    out->meeting_hours_per_week = s->meeting_hours_per_week;
    out->cross_team_share = s->cross_team_share;
    out->team_links = s->team_links;
    out->liaison_links = s->liaison_links;

    size_t nneeds, nunits;
    const lsn_need *needs = lsn_org_needs(org, &nneeds);
    const lsn_unit *units = lsn_org_units(org, &nunits);
    for (size_t i = 0; i < nneeds; i++) {
        out->declared_needs += need_considered(org, units, &needs[i]) &&
                               !lsn_unit_withheld(&units[needs[i].team], min_group) &&
                               !lsn_unit_withheld(&units[needs[i].from], min_group);
    }

    size_t n, ntypes = lsn_metrics_ntypes();
    const lsn_finding *items = lsn_findings_items(f, &n);
    for (size_t i = 0; i < n; i++) {
        int k = (int)items[i].kind;
        if (k >= 0 && (size_t)k < ntypes && k < LSN_METRICS_MAX_TYPES) {
            out->by_type[k]++;
        }
        out->findings++;
    }
    out->missing_links = out->by_type[LSN_FINDING_MISSING_LINK];
    out->oversized_meetings = out->by_type[LSN_FINDING_OVERSIZED_MEETING];
    out->congruence = out->declared_needs > 0
                          ? (double)(out->declared_needs - out->missing_links) / out->declared_needs
                          : NAN;
    out->modularity = st != NULL ? lsn_structure_modularity(st) : NAN;
}
