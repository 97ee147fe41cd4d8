/*
 * analysis/params.c — the parameter table and its conversions. Each
 * threshold is written here once; the defaults, --help, the config reader
 * and report.json all use it. It parses one value at a time; it reads no
 * file and knows no command.
 */
#include "analysis/params.h"

#include "io/error.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define A(field) offsetof(lsn_settings, analysis.field)
#define P(field) offsetof(lsn_settings, passes.field)

/* Columns: key, option, integer, default, min, max, where, help. */
const lsn_param_def lsn_param_defs[] = {
    {"broadcast_size", "broadcast-size", true, 50, 2, 1e9, A(broadcast_size),
     "instances with more than N present people are broadcasts (default 50)"},
    {"liaison_min_instances", "liaison-min-instances", true, 4, 1, 1e9, A(liaison_min_instances),
     "team meetings of another team that make a liaison link (default 4)"},
    {"rule_of_eight", "rule-of-eight", false, 8, 1, 1e9, P(rule_of_eight),
     "recurring meetings larger than X people are oversized (default 8)"},
    {"max_meeting_hours", "max-meeting-hours", false, 20, 0, 168, P(max_meeting_hours),
     "people above X meeting hours per week are overbooked (default 20)"},
    {"min_link_hours", "min-link-hours", false, 0.25, 0, 168, P(min_link_hours),
     "a need met by fewer hours per week is a missing link (default 0.25)"},
    {"liaison_max_teams", "liaison-max-teams", true, 3, 1, 1e9, P(liaison_max_teams),
     "liaison links to more teams than N are sprawl (default 3)"},
    {"liaison_min_hours", "liaison-min-hours", false, 0.5, 0, 168, P(liaison_min_hours),
     "liaison links below X hours per week carry too little context (default 0.5)"},
    {"liaison_density", "liaison-density", false, 1, 0, 1e9, P(liaison_density),
     "liaison links per team that make 'liaisons everywhere' (default 1.0)"},
    {"merge_ratio", "merge-ratio", false, 0.5, 0, 1e9, P(merge_ratio),
     "between-team density over within-team density that makes teams work as one (default 0.5)"},
    {"community_resolution", "community-resolution", false, 1, 0, 1e9, P(community_resolution),
     "resolution of the Leiden communities (default 1.0)"},
    {"leiden_seed", "leiden-seed", true, 42, 0, 2147483647.0, P(leiden_seed),
     "seed of the Leiden communities, fixed so output is reproducible (default 42)"},
    {"betweenness_exact_max", "betweenness-exact-max", true, 2500, 0, 1e9, P(betweenness_exact_max),
     "exact betweenness up to N person-graph vertices, else cut off (default 2500)"},
    {"betweenness_cutoff", "betweenness-cutoff", false, 8, 0, 1e9, P(betweenness_cutoff),
     "path length cut-off of betweenness on larger graphs (default 8.0)"},
    {"min_group", "min-group", true, 1, 1, 1e9, offsetof(lsn_settings, min_group),
     "suppress figures of teams and units under N people; N > 1 drops person-level data "
     "(default 1)"},
    {"catalog_moderate_edges", "catalog-moderate-edges", true, 2, 1, 1e9,
     offsetof(lsn_settings, catalog_moderate_edges),
     "a need derived from --catalog with N dependency edges or more is moderate (default 2)"},
    {"catalog_deep_edges", "catalog-deep-edges", true, 4, 1, 1e9,
     offsetof(lsn_settings, catalog_deep_edges),
     "a need derived from --catalog with N dependency edges or more is deep (default 4)"},
    {NULL, NULL, false, 0, 0, 0, 0, NULL},
};

size_t lsn_param_count(void)
{
    size_t n = 0;
    while (lsn_param_defs[n].key != NULL) {
        n++;
    }
    return n;
}

/* Store v, already checked, in the field def describes. */
static void put(lsn_settings *s, const lsn_param_def *def, double v)
{
    char *base = (char *)s + def->offset;
    if (def->integer) {
        int32_t iv = (int32_t)v;
        memcpy(base, &iv, sizeof(iv));
    } else {
        memcpy(base, &v, sizeof(v));
    }
}

void lsn_settings_defaults(lsn_settings *s)
{
    memset(s, 0, sizeof(*s));
    for (const lsn_param_def *d = lsn_param_defs; d->key != NULL; d++) {
        put(s, d, d->def);
    }
}

const lsn_param_def *lsn_param_find(const char *name)
{
    for (const lsn_param_def *d = lsn_param_defs; d->key != NULL; d++) {
        if (strcmp(d->option, name) == 0 || strcmp(d->key, name) == 0) {
            return d;
        }
    }
    return NULL;
}

int lsn_settings_set(lsn_settings *s, const lsn_param_def *def, const char *text, const char *where)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno != 0 || end == text || *end != '\0' || !isfinite(v)) {
        return lsn_error_set(LSN_EINVAL, "%s: '%s' is not a number", where, text);
    }
    if (def->integer && v != floor(v)) {
        return lsn_error_set(LSN_EINVAL, "%s: '%s' is not a whole number", where, text);
    }
    if (v < def->min || v > def->max) {
        return lsn_error_set(LSN_EINVAL, "%s: %s is out of range (%g to %g)", where, text, def->min,
                             def->max);
    }
    put(s, def, v);
    return LSN_OK;
}

double lsn_param_field(const void *obj, size_t offset, bool integer)
{
    const char *base = (const char *)obj + offset;
    if (integer) {
        int32_t iv;
        memcpy(&iv, base, sizeof(iv));
        return iv;
    }
    double v;
    memcpy(&v, base, sizeof(v));
    return v;
}

double lsn_settings_get(const lsn_settings *s, const lsn_param_def *def)
{
    return lsn_param_field(s, def->offset, def->integer);
}
