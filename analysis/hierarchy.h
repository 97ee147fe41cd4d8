/*
 * analysis/hierarchy.h — an index of the organization's hierarchy for the
 * passes that ask "does unit x lie under unit y" and "which teams are under
 * u" many times. Units are laid out in pre-order (children in unit index
 * order), so that the units under u, and likewise the teams under u (units
 * with headcount > 0), are one contiguous slice; the roster people are
 * indexed by team.
 */
#ifndef LSN_ANALYSIS_HIERARCHY_H
#define LSN_ANALYSIS_HIERARCHY_H

#include "io/model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct lsn_hierarchy lsn_hierarchy;

/**
 * Index the hierarchy of a finished organization.
 *
 * @param[out] out  the index; free with lsn_hierarchy_free(); NULL on failure
 * @param org       a finished org (lsn_org_finish()); must outlive the index
 * @return LSN_OK or LSN_ENOMEM (with its message). Cost: O(U + P) time and
 *         memory.
 */
int lsn_hierarchy_build(lsn_hierarchy **out, const lsn_org *org);

/** Free the index; NULL is fine. */
void lsn_hierarchy_free(lsn_hierarchy *h);

/** The organization it indexes; borrowed. */
const lsn_org *lsn_hierarchy_org(const lsn_hierarchy *h);

/** Whether unit `inner` is `outer` or lies below it. O(1). */
bool lsn_hierarchy_within(const lsn_hierarchy *h, int32_t inner, int32_t outer);

/**
 * The units under u, u itself first, in pre-order (children in unit index
 * order); lsn_hierarchy_units_under(h, lsn_org_root(org), &n) is every unit.
 * Borrowed; lives as long as h. O(1).
 *
 * @param[out] count the number of units (>= 1)
 */
const int32_t *lsn_hierarchy_units_under(const lsn_hierarchy *h, int32_t u, size_t *count);

/**
 * The teams (units with headcount > 0) under u, u itself included when it is
 * one, in pre-order. The slices of all units are ranges of one array, so the
 * slice of a unit below u lies inside u's. Borrowed; lives as long as h.
 * O(1).
 *
 * @param[out] count the number of teams (may be 0)
 */
const int32_t *lsn_hierarchy_teams_under(const lsn_hierarchy *h, int32_t u, size_t *count);

/**
 * The roster people whose team is `team`, in roster order; borrowed, lives as
 * long as h. O(1).
 *
 * @param[out] count the number of people (the unit's headcount; may be 0)
 */
const int32_t *lsn_hierarchy_members(const lsn_hierarchy *h, int32_t team, size_t *count);

/** The immediate parent of u, or -1 for the root. O(1). */
int32_t lsn_hierarchy_parent(const lsn_hierarchy *h, int32_t u);

/** The top-level unit of u: the root's child that contains u (the root for the root). O(1). */
int32_t lsn_hierarchy_top(const lsn_hierarchy *h, int32_t u);

/** Edges between u and the root (0 for the root). O(1). */
int32_t lsn_hierarchy_depth(const lsn_hierarchy *h, int32_t u);

#endif
