/*
 * analysis/order.h — the deterministic orders every pass sorts by: units by
 * id and people by email, as byte-wise (strcmp) ranks, so that sorting
 * results is a comparison of integers.
 */
#ifndef LSN_ANALYSIS_ORDER_H
#define LSN_ANALYSIS_ORDER_H

#include "io/model.h"

#include <stdint.h>

/**
 * Rank every unit by its id in strcmp order: (*out)[u] is 0 for the
 * lexicographically smallest unit id. This is the order behind "smallest team
 * id" in SPEC §2.
 *
 * @param[out] out rank array of lsn_org_units() count entries; the caller frees
 *                 it with free(); NULL on failure
 * @return LSN_OK or LSN_ENOMEM. O(U): a copy of lsn_org_units_rank().
 */
int lsn_order_units(int32_t **out, const lsn_org *org);

/**
 * Rank every roster person by email in strcmp order.
 *
 * @param[out] out rank array of lsn_org_people() count entries; the caller
 *                 frees it with free(); NULL on failure
 * @return LSN_OK or LSN_ENOMEM. O(P): a copy of lsn_org_people_rank().
 */
int lsn_order_people(int32_t **out, const lsn_org *org);

#endif
