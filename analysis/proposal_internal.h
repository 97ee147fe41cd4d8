/*
 * analysis/proposal_internal.h — what the files of the proposal share
 * (proposal.c: the entry points, the findings read and the model of every
 * need; proposal_items.c: the choices the solver picks from;
 * proposal_solve.c: GLPK's MIP and the enumeration for tests;
 * proposal_output.c: the entries and their reasons). Not for other modules.
 */
#ifndef LSN_ANALYSIS_PROPOSAL_INTERNAL_H
#define LSN_ANALYSIS_PROPOSAL_INTERNAL_H

#include "analysis/hierarchy.h"
#include "analysis/needs.h"
#include "analysis/proposal.h"
#include "io/error.h"
#include "io/vec.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/* Enumeration limit of the brute-force solver. */
#define BRUTE_MAX_ASSIGNMENTS 2000000.0
/* GLPK's relative objective tolerance: tight enough that hours differing by
 * LSN_PROPOSAL_TIE / LSN_PROPOSAL_MAX_CANDIDATES stay distinguishable for an
 * objective of a few thousand hours. */
#define MIP_TOL_OBJ 1e-9

/* What an entry is, before its people are known. */
enum state {
    ST_EMPTY_T = 0, /* nobody under the needing end */
    ST_EMPTY_F,     /* nobody under the `from` end */
    ST_NOTES,       /* minimal context, nothing to assign */
    ST_KEPT,        /* an existing clean link is kept */
    ST_ITEM         /* assigned by the solver */
};

enum item_kind { ITEM_LIAISON = 0, ITEM_ROTATION, ITEM_GROUP };

/* The findings that disqualify an existing link, as bits. */
enum {
    FLAG_SPRAWL = 1,
    FLAG_LOW_CONTEXT = 2,
    FLAG_UNSTABLE = 4,
    FLAG_BYPASS = 8,
    FLAG_MISSING = 16,
    FLAG_FRAGILE = 32
};

/* The finding type of each FLAG_* bit, in bit order (analysis/proposal.c). */
#define PROP_NFLAGS 6
extern const lsn_finding_type prop_flag_types[PROP_NFLAGS];

/* How often a roster person is present at a team's main series. */
struct att {
    int32_t person;
    int32_t count;
};

/* A candidate of an item: one variable of the assignment. */
struct cand {
    int32_t person;
    int32_t rank;        /* email rank */
    int32_t target;      /* liaison/embedded: the team joined; else -1 */
    int32_t restructure; /* series to restructure, or -1 */
    int32_t group;       /* consolidation group (liaison/embedded only), or -1 */
    int32_t link;        /* reuse: p's existing link into target (index), else -1 */
    bool seat;           /* takes a new liaison seat */
    bool reuse;          /* already has a liaison link into target */
    double hours;        /* hours per week with the other end (groups: summed) */
    double value;        /* objective coefficient, consolidation excluded */
};

/* A decision: one liaison/embedded need, one rotation, or one group. */
struct item {
    enum item_kind kind;
    int32_t owner; /* need index (liaison, rotation) or needing unit (group) */
    size_t first;  /* candidates [first, first + count) */
    size_t count;
    int32_t spread;           /* group: |N| + |L| of the centralized rule */
    bool pre_unmet;           /* no feasible choice exists before the solver runs */
    bool unmet;               /* the solution */
    int32_t eligible_missing; /* people under the needing end with no seat left */
};

struct plan {
    enum state state;
    lsn_proposal_model kind;
    lsn_need_ends ends;  /* T and F, as the need passes see them (analysis/needs.h) */
    int32_t item;        /* ST_ITEM: its item */
    int32_t kept_person; /* ST_KEPT */
    int32_t kept_target;
};

struct ctx {
    const lsn_analysis *a;
    lsn_pass_options o;
    const lsn_findings *findings;
    lsn_pass_view v; /* v.h: pre-order, units and people under a unit */
    const lsn_need *needs;
    size_t nneeds;
    const lsn_series *series;
    const lsn_series_info *sinfo;
    size_t nseries;

    lsn_needs *nx;    /* need ends; cross-team person-graph edges */
    /* Per unit: its main recurring meeting (-1 none) and who attends it. */
    int32_t *main_series;
    size_t *att_first;
    struct att *att;
    /* Per unit: the series a newcomer can be seated in (proposal_seats.c),
     * in main-meeting order; per series: its team meetings that a newcomer
     * would count toward a link, and the seats given so far. */
    int32_t *seat_first;
    int32_t *seat_list;
    int32_t *seat_counted;
    int32_t *seat_added;
    unsigned char *seat_room; /* per unit: one series alone makes a link within the rule */
    /* Per unit: every series with an instance that is a team meeting of it
     * (an embedded person's meetings), ascending, and how many of those
     * instances stay team meetings of it with a newcomer. */
    int32_t *team_first;
    int32_t *team_list;
    int32_t *team_counted;
    /* Finding marks (FLAG_* bits). */
    unsigned char *sprawl;     /* per person */
    unsigned char *link_flags; /* per liaison link */
    unsigned char *need_flags; /* per need */
    /* Per-unit scratch of hours by team. */
    double *uacc;
    unsigned char *useen;
    int32_t *utouched;

    struct plan *plans;
    struct item *items;
    size_t nitems, cap_items;
    struct cand *cands;
    size_t ncands, cap_cands;
    int32_t ngroups; /* consolidation groups */
    unsigned char *chosen;
    lsn_proposal_stats stats;
};

struct lsn_proposal {
    lsn_proposal_entry *entries;
    size_t count;
    int32_t *people; /* every entry's people, back to back */
    int32_t *seats;  /* every entry's seat series, back to back */
    char **reasons;
    double objective;
    lsn_proposal_stats stats;
};

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */
/* ------------------------------------------------------------------ */

static inline void *alloc_array(size_t n, size_t size)
{
    return malloc((n ? n : 1) * size);
}

static inline void *zalloc_array(size_t n, size_t size)
{
    return calloc(n ? n : 1, size);
}

static inline bool within(const struct ctx *c, int32_t x, int32_t y)
{
    return lsn_hierarchy_within(c->v.h, x, y);
}

/* The parent a target team is grouped under (itself for the root). */
static inline int32_t parent_of(const struct ctx *c, int32_t team)
{
    return c->v.units[team].parent >= 0 ? c->v.units[team].parent : team;
}

static inline int32_t person_links(const struct ctx *c, int32_t p, const lsn_liaison **first)
{
    size_t n = 0;
    *first = lsn_analysis_person_liaisons(c->a, p, &n);
    return (int32_t)n;
}

/* Liaison seats left for p: liaison_max_teams minus p's existing links. */
static inline int32_t seats_left(const struct ctx *c, int32_t p)
{
    const lsn_liaison *l = NULL;
    return c->o.liaison_max_teams - person_links(c, p, &l);
}

static inline bool link_clean(const struct ctx *c, const lsn_liaison *l)
{
    return !c->sprawl[l->person] && !c->link_flags[l - c->v.links];
}

/* ------------------------------------------------------------------ */
/* Across the files                                                     */
/* ------------------------------------------------------------------ */

/* The main recurring meeting of every team and who attends it (proposal_items.c). */
int prop_index_main_meetings(struct ctx *c);

/* The seatable series of every team (proposal_seats.c). */
int prop_index_seats(struct ctx *c);

/* Whether a newcomer to team t keeps one of its meetings within the rule of
 * eight: t has no main meeting, its main meeting has room, or another of
 * its meetings makes the link and has room (proposal_seats.c). */
bool prop_team_has_room(const struct ctx *c, int32_t t);

/* Where one chosen person of an entry sits (proposal_seats.c). */
struct seat_choice {
    int32_t *series; /* ascending; malloc'ed, NULL when none */
    size_t nseries;
    bool no_room;        /* no meeting had room: seated in the main one anyway */
    int32_t restructure; /* that main meeting, or -1 */
    double grown;        /* its size with the new seats, when no_room */
    int32_t full;        /* embedded: a full meeting left out (the first), or -1 */
    int32_t nfull;       /* how many were left out */
};

/* Seat person p in target team t (embedded: every meeting with room),
 * counting the seats given before; see proposal.h. */
int prop_seat(struct ctx *c, int32_t p, int32_t t, bool embedded, struct seat_choice *out);

/* The items and their candidates of every need the solver decides (proposal_items.c). */
int prop_build_items(struct ctx *c);

/* The objective of proposal.h for the assignment in c->chosen; gused is
 * scratch of c->ngroups bytes (proposal_items.c). */
double prop_objective(const struct ctx *c, unsigned char *gused);

/* Choose with GLPK's MIP, or by enumeration (proposal_solve.c). */
/* How the assignment is solved: rows apart and GLPK for the rest, one
 * GLPK MIP over everything (tests), or enumeration (tests). */
enum prop_solver { PROP_PARTS, PROP_WHOLE, PROP_BRUTE };

int prop_assign_mip(struct ctx *c, bool whole);
int prop_assign_brute(struct ctx *c);

/* The entries and reasons of out from the solution (proposal_output.c). */
int prop_make_entries(struct ctx *c, lsn_proposal *out);

#endif
