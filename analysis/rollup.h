/*
 * analysis/rollup.h — links between teams rolled up to the units that
 * contain them: which unit stands for each team in a view of part of the
 * hierarchy (the overview of a unit, or the drill-down into one), and the
 * links, liaisons and needs between teams summed per pair of those units.
 * Plain arrays in and out (no igraph): the diagrams call it on what they read
 * back from report.json, so `liaison render` draws the same bytes.
 */
#ifndef LSN_ANALYSIS_ROLLUP_H
#define LSN_ANALYSIS_ROLLUP_H

#include <stddef.h>
#include <stdint.h>

/** How many kinds of item a pair counts separately. */
#define LSN_ROLLUP_KINDS 8

/** One link between two units (teams, usually): a meeting link with its
 * hours, a liaison, a missing link, a need of some model. kind is the
 * caller's, in [0, LSN_ROLLUP_KINDS). */
typedef struct lsn_rollup_item {
    int32_t a, b;
    int kind;
    double hours;
} lsn_rollup_item;

/** The items between two groups: a < b unless directed. */
typedef struct lsn_rollup_pair {
    int32_t a, b;
    double hours;                     /* summed over every item */
    uint32_t count[LSN_ROLLUP_KINDS]; /* items per kind */
} lsn_rollup_pair;

/**
 * The unit that stands for each unit in a view rooted at `scope`.
 *
 * Inside the view (strict descendants of scope, or every unit when scope is
 * -1, the roots then being the first level), unit k is represented by its
 * ancestor-or-self `levels` levels below scope (k itself when it sits
 * higher); levels 0 keeps every unit as itself. Outside the view, k is
 * represented by its largest ancestor-or-self that does not contain scope
 * (for a top-level unit's drill-down: the other top-level units). scope
 * itself and its ancestors get -1.
 *
 * @param[out] group  n entries, filled
 * @param parent      n parent indices, -1 for a root; acyclic
 * @param n           number of units
 * @param scope       the view's root unit, or -1 for the whole hierarchy
 * @param levels      how deep inside the view units stay themselves
 * Cost: O(n * depth).
 */
void lsn_rollup_groups(int32_t *group, const int32_t *parent, size_t n, int32_t scope, int levels);

/**
 * The items summed per pair of groups: each end a maps to group[a] (-1 drops
 * the item), items inside one group are dropped, and unless directed the
 * pair is (min, max). Pairs come out sorted by (a, b); hours are added in an
 * order fixed by the items' values, so the same items in any order give the
 * same bytes.
 *
 * @param[out] out   malloc'd array of *nout pairs (the caller frees it);
 *                   NULL when there is none
 * @param[out] nout  how many
 * @param items      nitems items, ends in [0, ngroup)
 * @param group      the group of every unit an item names
 * @return LSN_OK, LSN_EINVAL for a kind out of range, or LSN_ENOMEM.
 * Cost: O(nitems log nitems).
 */
int lsn_rollup_pairs(lsn_rollup_pair **out,
                     size_t *nout,
                     const lsn_rollup_item *items,
                     size_t nitems,
                     const int32_t *group,
                     int directed);

#endif
