/*
 * analysis/passes.h — the thresholds of SPEC §3 and the entry points of the
 * passes that turn the derived model (analysis/analysis.h) into findings.
 *
 *   lsn_passes_run()     oversized_meeting, overbooked_person, missing_link,
 *                        fragile_link, isolated_team, liaison_sprawl,
 *                        low_context_liaison, unstable_liaison,
 *                        hierarchy_bypass          (analysis/passes.c)
 *   lsn_structure_*()    communities, structural signals (analysis/structure.c),
 *                        community_mismatch, liaisons_everywhere
 *                        (analysis/structure_findings.c)
 *   lsn_roles_*()        betweenness, constraint, brokerage (analysis/roles.c)
 */
#ifndef LSN_ANALYSIS_PASSES_H
#define LSN_ANALYSIS_PASSES_H

#include "analysis/analysis.h"
#include "analysis/finding.h"
#include "analysis/hierarchy.h"

#include <stdint.h>

/** Thresholds of SPEC §3; LSN_PASS_OPTIONS_INIT gives the SPEC defaults. */
typedef struct lsn_pass_options {
    double rule_of_eight;        /* oversized_meeting: size > this (8) */
    double max_meeting_hours;    /* overbooked_person: hours per week > this (20) */
    double min_link_hours;       /* missing_link: hours per week < this (0.25) */
    int32_t liaison_max_teams;   /* liaison_sprawl: links to > this many teams (3) */
    double liaison_min_hours;    /* low_context_liaison: hours per week < this (0.5) */
    double liaison_density;      /* liaisons_everywhere: links / teams >= this (1.0) */
    double merge_ratio;          /* community_mismatch: between >= ratio x within (0.5) */
    double community_resolution; /* Leiden resolution, modularity objective (1.0) */
    int32_t leiden_seed;         /* fixed seed for a deterministic partition (42) */
    /* Betweenness is exact up to this many person-graph vertices; above it
     * igraph's cutoff variant is used with betweenness_cutoff (in hours of
     * path length, weights inverted to distances). */
    int32_t betweenness_exact_max; /* (2500) */
    double betweenness_cutoff;     /* (8.0) */
    /* Not a threshold: the threads betweenness runs on (0: one per CPU);
     * the values are the same for any number. */
    int32_t threads;
} lsn_pass_options;

#define LSN_PASS_OPTIONS_INIT                                                                      \
    {                                                                                              \
        .rule_of_eight = 8.0, .max_meeting_hours = 20.0, .min_link_hours = 0.25,                   \
        .liaison_max_teams = 3, .liaison_min_hours = 0.5, .liaison_density = 1.0,                  \
        .merge_ratio = 0.5, .community_resolution = 1.0, .leiden_seed = 42,                        \
        .betweenness_exact_max = 2500, .betweenness_cutoff = 8.0                                   \
    }

/**
 * Append every finding of the passes listed above for lsn_passes_run() to out.
 * Returns LSN_OK or LSN_ENOMEM. Cost: O(series + people + needs x (members'
 * degree) + liaison links log).
 */
int lsn_passes_run(lsn_findings *out, const lsn_analysis *a, const lsn_pass_options *opts);

/**
 * The organization of an analysis as the finding passes and the proposal
 * walk it: the roster's arrays and liaisons, and the orders and tree they
 * sort and climb by.
 */
typedef struct lsn_pass_view {
    const lsn_org *org;
    const lsn_unit *units;
    size_t nunits;
    const lsn_person *people;
    size_t npeople;
    const lsn_liaison *links;
    size_t nlinks;
    int32_t root;
    int32_t *unit_rank;   /* lsn_order_units() */
    int32_t *person_rank; /* lsn_order_people() */
    lsn_hierarchy *h;
} lsn_pass_view;

/**
 * Fill v for analysis a. Returns LSN_OK or LSN_ENOMEM; free v with
 * lsn_pass_view_free() either way. Cost: O(U log U + P log P + hierarchy).
 */
int lsn_pass_view_build(lsn_pass_view *v, const lsn_analysis *a);
void lsn_pass_view_free(lsn_pass_view *v);

#endif
