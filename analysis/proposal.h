/*
 * analysis/proposal.h — the proposal of SPEC §4: for every declared need one
 * coordination model (notes, liaison, embedded, rotation, centralized), the
 * people who carry it, and one sentence a manager can act on. The people are
 * chosen by one exact assignment over all needs together (GLPK's MIP).
 *
 * The rules, in the order they are applied to a need (team T needs context
 * from F; both ends are sets of teams exactly as in the need passes of
 * analysis/passes.c: the teams under each unit, with the inner end taken
 * out of the outer one when one lies under the other):
 *
 *  1. Nobody under T, or nobody under F: the entry keeps the model of rule
 *     2, no people, unmet = true, and a reason that says which end is
 *     empty (SPEC §1.2: empty units are ignored by every pass).
 *  2. Base model: `rotation` when availability is needed (it takes
 *     precedence over the context: someone must be reachable on demand,
 *     whatever the depth), else `notes` (minimal), `liaison` (moderate),
 *     `embedded` (deep).
 *  3. Kept: a need without availability that is already met by a clean
 *     liaison link is kept as it is (existing = true, people = [p], model
 *     `liaison`, or `embedded` for deep context; `notes` is not reported
 *     for it because the seat exists and is worth it). A link p -> X meets
 *     the need when p's home team is in T and X is in F. It is clean when
 *     no finding of the given set names it: liaison_sprawl with person p;
 *     low_context_liaison with (person p, to X); unstable_liaison with
 *     (team = p's home, to X); hierarchy_bypass listing p in `liaisons`
 *     whose `unit` is the parent of p's home team and whose `to_unit`
 *     contains X; missing_link or fragile_link with this need's (team,
 *     from). Among several clean links the one with the most hours per week
 *     is kept (ties: smaller email, then smaller target id). Availability
 *     needs are never kept: a liaison from the needing team does not make
 *     anyone of F reachable on demand, so they always get a rota.
 *  4. `notes` needs get no people.
 *  5. Centralized: for each needing unit A (a need's `team`), let N be the
 *     distinct `from` units of its needs left after 1-4 with model liaison
 *     or embedded, and L the distinct target teams of the existing liaison
 *     links held by people under A whose target lies neither under A nor
 *     under a unit of N. When |N| + |L| >= LSN_PROPOSAL_CENTRALIZED_TEAMS
 *     (SPEC §4's fixed 4: liaison_max_teams bounds one person's links, this
 *     bounds a team's), every one of those needs becomes `centralized`: A
 *     sends one representative to a liaison group instead of a liaison per
 *     team. The representative is the same person for all of A's
 *     centralized needs and takes one liaison seat in all.
 *  6. Everything left (liaison, embedded, centralized, rotation) is assigned
 *     by the MIP below.
 *
 * Candidates (at most LSN_PROPOSAL_MAX_CANDIDATES per need, the ones with
 * the most hours, ties by email):
 *  - liaison / embedded: the people under T. Each candidate p gets a target
 *    team t in F (for a team F, F itself; for a unit, p's existing link
 *    target in F with the most link hours, else the F team p has the most
 *    person-graph hours with, ties to a team with a meeting p can join
 *    within the rule of eight, then the smaller id). p takes a new liaison
 *    seat unless p already has a link into t (the link count then does not
 *    grow). A person whose existing links already fill liaison_max_teams is
 *    no candidate for a new seat.
 *  - centralized: the people under A who are not under one of the group's
 *    `from` units, with a free seat.
 *  - rotation: the people under F (for a unit F, every team under it); their
 *    hours are with T. Rotations do not use liaison seats: being on call is
 *    not sitting in another team's meetings.
 *
 * Hours of a candidate are person-graph hours per week between the person
 * and the roster people of the other end, computed from one adjacency built
 * once from lsn_analysis_person_edges().
 *
 * The main recurring meeting of a team: its non-broadcast series owned by
 * it with >= 2 instances that has the most instances (ties: larger size,
 * then smaller UID). A liaison or embedded person p with target t needs it
 * restructured when no meeting of t has room for p (see "Seats"): its
 * size + 1 > rule_of_eight, p is not already present at more than half of
 * its instances, and no other seatable meeting of t makes the link within
 * the rule. The MIP judges each assignment alone; the seats below count
 * the earlier ones. Rotations, centralized groups and kept links
 * restructure nothing.
 *
 * Seats (analysis/proposal_seats.c), once the people are chosen, entry by
 * entry in needs.csv order. A meeting of t is seatable when it is owned by
 * t, is no broadcast, has >= 2 instances and at least one of them is a
 * team meeting of t that stays one with a newcomer (t's members remain a
 * strict majority of the roster people present); a link needs
 * liaison_min_instances such instances. It has room for p when its size
 * (the oversized_meeting pass's: the median over its instances) plus the
 * seats given to earlier entries plus one is <= rule_of_eight, or when p
 * is already present at more than half of its instances.
 *  - liaison: the first seatable meeting in main-meeting order (the most
 *    instances, then the larger size, then the smaller UID) with room and
 *    enough instances for a link;
 *  - embedded: every series with an instance that is a team meeting of t
 *    (what attending the whole team means, analysis/whatif.h) that has
 *    room; the full ones are left out and counted in `nfull`; when
 *    together they have enough such instances for a link;
 *  - otherwise the main recurring meeting as well; when it has no room the
 *    entry says so (`no_room`, `restructure` = that meeting).
 * Kept links seat nobody.
 *
 * The MIP (maximise; hours are hours per week):
 *   x[p,n] binary for every candidate p of need n; z[p,A] for the
 *   representative of group A; u[n] binary "unmet" for liaison, embedded
 *   and centralized items; y[p,g] binary for a person p and a target parent
 *   g (the immediate parent of p's target team) when p is a candidate of
 *   >= 2 needs whose targets sit under g. Teams right under the root have
 *   no target parent to follow (the whole organization is not a unit a
 *   liaison could cover), so they are in no group.
 *   liaison/embedded:  sum_p x[p,n] + u[n] = 1
 *   centralized:       sum_p z[p,A] + u[A] = 1
 *   rotation:          2 <= sum_p x[p,n] <= min(4, candidates)
 *   capacity:          sum of new seats of p (liaison x without an existing
 *                      link into its target, and z) <= liaison_max_teams -
 *                      p's existing links (two needs met through one new
 *                      link into the same team, e.g. a need from a team and
 *                      one from its unit, count as two seats)
 *   hierarchy:         x[p,n] <= y[p,g] for every liaison/embedded x
 *                      under (p, g)
 *   objective:         liaison/embedded x: hours + tie - RESTRUCTURE x
 *                      [restructure needed]; z: the sum of the person's
 *                      hours with every F of the group + tie; rotation x:
 *                      hours - liaison_min_hours + tie (a third and fourth
 *                      person join the rota only when they already spend
 *                      more than liaison_min_hours with T: four people
 *                      share the burden best, but only people with context
 *                      make the rota better than two); + CONSOLIDATION per
 *                      grouped x and - CONSOLIDATION per y: a person used
 *                      once under a parent gains nothing, and each further
 *                      need that the same person covers under the same
 *                      parent earns CONSOLIDATION; - UNMET per u.
 *   tie: LSN_PROPOSAL_TIE x (k - r) / k for the candidate of email rank r
 *   among the k candidates of its need, so equal hours go to the smaller
 *   email; hours that differ by less than LSN_PROPOSAL_TIE count as equal.
 *   A need with no candidate at all (or a rotation with fewer than two) is
 *   unmet before the MIP and is counted in the objective the same way.
 *   The weights make the terms nearly lexicographic: meeting a need first,
 *   then not restructuring a meeting, then hours and the hierarchy (one
 *   person covering two needs under one parent wins unless someone else
 *   has CONSOLIDATION more hours with the second), then email order.
 * GLPK is run with its presolver, its terminal output off, a zero MIP gap
 * and an objective tolerance of 1e-9; its answer depends only on the input.
 */
#ifndef LSN_ANALYSIS_PROPOSAL_H
#define LSN_ANALYSIS_PROPOSAL_H

#include "analysis/analysis.h"
#include "analysis/finding.h"
#include "analysis/passes.h"
#include "io/model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Teams a needing team would hold liaisons into that make it `centralized`. */
#define LSN_PROPOSAL_CENTRALIZED_TEAMS 4
/** Candidates kept per need (the most hours first, ties by email). */
#define LSN_PROPOSAL_MAX_CANDIDATES 10
/** Smallest and largest rota. */
#define LSN_PROPOSAL_ROTA_MIN 2
#define LSN_PROPOSAL_ROTA_MAX 4
/** Objective weights, in hours per week. */
#define LSN_PROPOSAL_UNMET 10000.0
#define LSN_PROPOSAL_RESTRUCTURE 100.0
#define LSN_PROPOSAL_CONSOLIDATION 1.0
#define LSN_PROPOSAL_TIE 0.001

/** The coordination models of SPEC §4. */
typedef enum lsn_proposal_model {
    LSN_MODEL_NOTES = 0,
    LSN_MODEL_LIAISON = 1,
    LSN_MODEL_EMBEDDED = 2,
    LSN_MODEL_ROTATION = 3,
    LSN_MODEL_CENTRALIZED = 4
} lsn_proposal_model;

/** "notes", "liaison", "embedded", "rotation", "centralized". */
const char *lsn_proposal_model_name(lsn_proposal_model m);

/** One entry per declared need, in needs.csv order. */
typedef struct lsn_proposal_entry {
    int32_t need; /* index in lsn_org_needs() */
    int32_t team; /* the needing unit (unit index) */
    int32_t from; /* the unit it needs context from */
    lsn_context context;
    bool availability;
    lsn_proposal_model kind;
    const char *model;     /* lsn_proposal_model_name(kind); static */
    const int32_t *people; /* roster indices sorted by email; borrowed, NULL when none */
    size_t npeople;
    bool existing;       /* an existing clean liaison link is kept */
    bool unmet;          /* the need cannot be carried: an end has nobody, or
                          * people were needed and none could be chosen */
    int32_t target;      /* the team whose meetings the liaison or embedded person
                          * (kept or new) sits in; -1 otherwise */
    int32_t restructure; /* series index of the main meeting that must be
                          * restructured, or -1 */
    int32_t main_series; /* series index of target's main recurring meeting
                          * (see above), or -1 (no target, or none) */
    /* the series the new people sit in (see "Seats" above), ascending;
     * borrowed, NULL when none (kept, unmet, and entries without a target) */
    const int32_t *seats;
    size_t nseats;
    bool no_room;  /* no meeting of target had room: seated in its main
                    * meeting anyway, which `restructure` names */
    int32_t nfull; /* embedded: target's meetings left out because full */
    /* hours per week the chosen people already spend with the other end
     * (for a rota: with T; otherwise with F), summed */
    double context_hours_per_week;
    const char *reason; /* one sentence; borrowed */
} lsn_proposal_entry;

/** Size of the assignment problem, for tests and timing. */
typedef struct lsn_proposal_stats {
    int32_t needs;      /* declared needs */
    int32_t kept;       /* entries that keep an existing link */
    int32_t assigned;   /* needs that went into the assignment */
    int32_t unmet;      /* entries with unmet set */
    int32_t candidates; /* x and z variables */
    int32_t columns;    /* MIP columns (0 for the brute-force solver) */
    int32_t rows;       /* MIP rows */
    int32_t nonzeros;   /* MIP constraint coefficients */
    int32_t apart;      /* rows sharing no column, solved without GLPK */
} lsn_proposal_stats;

typedef struct lsn_proposal lsn_proposal;

/**
 * Build the proposal: one entry per declared need (see the file comment for
 * every rule), the people chosen by one assignment over all needs together:
 * each need whose candidates are in no capacity or hierarchy row is solved
 * on its own (its best candidate, or its rota's best), the rest by one
 * GLPK MIP.
 *
 * @param[out] out  the proposal; free with lsn_proposal_free(); NULL on failure
 * @param a         the analysis (it and its calendar and org must outlive
 *                  the proposal)
 * @param findings  the findings of lsn_passes_run() (and any others) that
 *                  decide whether an existing link is clean; NULL means none
 * @param opts      rule_of_eight, liaison_max_teams and liaison_min_hours are
 *                  read; NULL means LSN_PASS_OPTIONS_INIT
 * @return LSN_OK; LSN_EINVAL (a negative or non-finite rule_of_eight or
 *         liaison_min_hours, a negative liaison_max_teams); LSN_ENOMEM;
 *         LSN_EINTERNAL when GLPK fails. Each with one message.
 *         Cost: O(U + P + E + L + F + S + sum over needs of the people
 *         under both ends x their degree) to set up, then one MIP with at
 *         most LSN_PROPOSAL_MAX_CANDIDATES columns per need.
 */
int lsn_proposal_build(lsn_proposal **out,
                       const lsn_analysis *a,
                       const lsn_findings *findings,
                       const lsn_pass_options *opts);

/**
 * The same proposal with the assignment solved as one GLPK MIP over every
 * need, rows that share no column included (for tests: lsn_proposal_build()
 * solves those rows on their own and must choose the same people).
 */
int lsn_proposal_build_whole_mip(lsn_proposal **out,
                                 const lsn_analysis *a,
                                 const lsn_findings *findings,
                                 const lsn_pass_options *opts);

/**
 * The same proposal with the assignment found by enumerating every feasible
 * assignment (for tests on small instances). Same parameters and results as
 * lsn_proposal_build(), plus LSN_EINVAL when there are more than 2,000,000
 * assignments to try. Ties between equally good assignments go to the first
 * one enumerated, so the people may differ from the MIP's on exact ties;
 * the objective value does not.
 */
int lsn_proposal_build_bruteforce(lsn_proposal **out,
                                  const lsn_analysis *a,
                                  const lsn_findings *findings,
                                  const lsn_pass_options *opts);

/** Free the proposal; NULL is fine. */
void lsn_proposal_free(lsn_proposal *p);

/** The entries, one per declared need in needs.csv order; borrowed. */
const lsn_proposal_entry *lsn_proposal_entries(const lsn_proposal *p, size_t *count);

/**
 * The value of the objective above for the chosen assignment (unmet needs
 * included at -LSN_PROPOSAL_UNMET each); 0 when nothing was assigned.
 */
double lsn_proposal_objective(const lsn_proposal *p);

/** The size of the assignment problem; borrowed. */
const lsn_proposal_stats *lsn_proposal_get_stats(const lsn_proposal *p);

#endif
