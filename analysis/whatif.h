/*
 * analysis/whatif.h — what a change list (io/changes.h) would change: the
 * calendar you would see had the changes been made, every pass run again
 * on it, and the proposal's own impact (report.json `proposal_impact`).
 *
 * Applying a change list (lsn_whatif_apply):
 *  - attend / leave a series: the person is present at every used instance
 *    of it in the window (with the instance's own time and duration), or at
 *    none; an instance left with fewer than two present participants is no
 *    meeting (skipped as too_few_people, as a loader would skip it);
 *  - attend / leave a team: the same for every team-meeting series of the
 *    team, i.e. every series with at least one instance that is a team
 *    meeting of it in the unchanged model (the whole series, as editing the
 *    calendar files would do);
 *  - for one person and one series the last row of the list decides;
 *  - move: the person's home team becomes the named unit (the last move of
 *    a person decides); the calendar is then classified against that
 *    roster exactly as `liaison compare` does for a scenario
 *    (lsn_calendar_remap, through lsn_calendar_edit).
 * The changed calendar is then analyzed from scratch (analysis/run.h):
 * team meetings, broadcasts, liaison links, both graphs and every pass are
 * derived again, so nothing of the unchanged model leaks into the result.
 *
 * The proposal's change list (lsn_whatif_proposal_changes): for every entry
 * that seats people who are not seated yet (not kept, not unmet), each
 * chosen person attends each series of the entry's `seats` (the proposal
 * chooses them: for a liaison one meeting of the target team with room
 * within the rule of eight, for an embedded person every such meeting, the
 * main recurring meeting when none has room; analysis/proposal.h). Notes,
 * rotation and centralized change no meeting (a rota is on call, a liaison
 * group is a meeting that does not exist yet).
 *
 * The impact (lsn_impact_build): the figures of the run before and after
 * the proposal's change list, and for each entry the findings it closes
 * and creates. A finding closes when its type and subject are in the run
 * before and not after, and is created the other way round; it is
 * attributed to every entry whose change touches its subject:
 *  - missing_link, fragile_link: the entry's own need (team, from);
 *  - oversized_meeting: a series the entry seats someone in;
 *  - overbooked_person, liaison_sprawl, low_context_liaison: a person the
 *    entry seats;
 *  - unstable_liaison: its `to` is the entry's target and its `team` the
 *    home team of a person the entry seats;
 *  - isolated_team, community_mismatch: the entry's target or the home team
 *    of a person it seats is among its teams;
 *  - hierarchy_bypass: a seated person's home team lies under `unit` and
 *    the target under `to_unit`;
 *  - liaisons_everywhere: the target or a seated person's home team lies
 *    under its unit.
 */
#ifndef LSN_ANALYSIS_WHATIF_H
#define LSN_ANALYSIS_WHATIF_H

#include "analysis/metrics.h"
#include "analysis/run.h"
#include "io/change.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** A changed calendar and, when some change is a move, its roster. */
typedef struct lsn_whatif {
    lsn_org *org;      /* owned; NULL when nobody moves (cal uses the base org) */
    lsn_calendar *cal; /* owned */
} lsn_whatif;

/**
 * Apply changes (resolved against a's calendar) to a's model.
 *
 * @param[out] out the changed calendar (free with lsn_whatif_free); zeroed on failure
 * @param a        the unchanged model; it must outlive *out when no change is a move
 * @return LSN_OK or LSN_ENOMEM. Cost: O(instances + present participants +
 *         changes x log changes) plus, with a move, rebuilding the roster.
 */
int lsn_whatif_apply(lsn_whatif *out, const lsn_analysis *a, const lsn_change *changes, size_t n);

/** Free what lsn_whatif_apply() made; zeroes w. */
void lsn_whatif_free(lsn_whatif *w);

/**
 * The series every attend and leave change of the list names, one list per
 * change (team changes expanded to the team's team-meeting series), as
 * lsn_whatif_apply() uses them.
 *
 * @param[out] first  n + 1 offsets into *series (change i: [first[i], first[i+1]))
 * @param[out] series series indices, ascending per change; both malloc'ed
 * @return LSN_OK or LSN_ENOMEM.
 */
int lsn_whatif_series(
    int32_t **first, int32_t **series, const lsn_analysis *a, const lsn_change *changes, size_t n);

/**
 * The proposal's change list (see the file comment): attend changes by
 * series, in entry order then person order; entry[k] is the index of the
 * proposal entry change k comes from.
 *
 * @param[out] out   the changes (lsn_changes_clear)
 * @param[out] entry malloc'ed, out->count entries (NULL when none)
 * @return LSN_OK or LSN_ENOMEM.
 */
int lsn_whatif_proposal_changes(lsn_changes *out,
                                int32_t **entry,
                                const lsn_analysis *a,
                                const lsn_proposal *p);

/** The figures of one side of the impact. */
typedef struct lsn_impact_figures {
    lsn_metrics metrics;          /* findings by type, missing links, congruence, ... */
    int32_t fragile_links;        /* fragile_link findings */
    int32_t liaison_sprawl;       /* liaison_sprawl findings */
    int32_t largest_liaison_load; /* most liaison links one person holds */
    int32_t overbooked_people;    /* overbooked_person findings */
} lsn_impact_figures;

/** A unit where liaisons_everywhere fires before or after. */
typedef struct lsn_impact_unit {
    int32_t unit;
    double before, after; /* density (links / teams); NaN on a side where it does not fire */
} lsn_impact_unit;

/** A person the proposal seats somewhere. */
typedef struct lsn_impact_person {
    int32_t person;
    double before, after; /* meeting hours per week */
    bool overbooked;      /* after > max_meeting_hours */
    bool made_overbooked; /* overbooked after and not before */
} lsn_impact_person;

/** One proposal entry: what it seats, closes and creates. */
typedef struct lsn_impact_entry {
    int32_t *series; /* series it seats people in, ascending (owned) */
    size_t nseries;
    int32_t *closes; /* indices of the findings before (owned) */
    size_t ncloses;
    int32_t *creates; /* indices of after_run's findings (owned) */
    size_t ncreates;
    /* units where liaisons_everywhere fires after and that a liaison link
     * the entry adds counts toward (its person's home team or its target
     * lies under them), in unit id order (owned): the price of the seat */
    int32_t *everywhere;
    size_t neverywhere;
} lsn_impact_entry;

typedef struct lsn_impact {
    lsn_impact_figures before, after;
    const lsn_findings *findings_before; /* the run's; borrowed */
    const lsn_proposal *proposal;        /* the run's; borrowed */
    lsn_findings *owned_findings;        /* findings_before, when the run publishes
                                          * others under --min-group (analysis/run.c) */
    const lsn_analysis *analysis;        /* the run's; borrowed */
    lsn_run after_run;                   /* no proposal, no roles; once built, only
                                          * its findings are left */
    lsn_whatif model;                    /* freed once the impact is built */
    lsn_changes changes;    /* the proposal's change list */
    int32_t *closed;  /* indices of the findings before that are not after, ascending */
    size_t nclosed;
    int32_t *created; /* indices of after_run's findings that are not before, ascending */
    size_t ncreated;
    int32_t *new_oversized; /* indices of after_run's oversized_meeting findings
                             * that are not in the run before */
    size_t nnew_oversized;
    lsn_impact_unit *units; /* in unit id order */
    size_t nunits;
    lsn_impact_person *people; /* in email order */
    size_t npeople;
    lsn_impact_entry *entries; /* one per proposal entry */
    size_t nentries;
} lsn_impact;

/** Figures of one run (its analysis and findings). */
void lsn_impact_figures_compute(lsn_impact_figures *out, const lsn_run *run);

/**
 * The proposal's impact: its change list applied to run's model, every pass
 * run again (lsn_run_analyze without proposal and roles), the figures of
 * both sides and the findings of each entry.
 *
 * @param[out] out the impact (lsn_impact_free); NULL on failure
 * @param run      a run with its proposal; borrowed, it must outlive *out
 * @return LSN_OK, LSN_ENOMEM or an error of lsn_run_analyze().
 */
int lsn_impact_build(lsn_impact **out, const lsn_run *run, const lsn_settings *s);

/** Free the impact; NULL is fine. */
void lsn_impact_free(lsn_impact *imp);

#endif
