/*
 * analysis/mgmtline.h — the management line of SPEC §2: for each roster
 * person, the teams that person manages into (directly or up the `manager`
 * chain) or is managed from. Precomputed once so that a liaison check is one
 * hash lookup, never a chain walk per instance.
 */
#ifndef LSN_ANALYSIS_MGMTLINE_H
#define LSN_ANALYSIS_MGMTLINE_H

#include "io/model.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct lsn_mgmtline lsn_mgmtline;

/**
 * Build the management line of every roster person: team B is in p's line
 * when p manages, directly or up the manager chain, a member of B, or when a
 * member of B manages p, directly or up the chain. A cycle in the manager
 * chain ends the walk where it closes.
 *
 * @param[out] out  the set; free with lsn_mgmtline_free(); NULL on failure
 * @param org       a finished organization (must outlive the set)
 * @return LSN_OK or LSN_ENOMEM. O(P x chain depth) time and space.
 */
int lsn_mgmtline_build(lsn_mgmtline **out, const lsn_org *org);

/** Free the set; NULL is fine. */
void lsn_mgmtline_free(lsn_mgmtline *line);

/** True when team (unit index) is in roster person p's management line. O(1) expected. */
bool lsn_mgmtline_contains(const lsn_mgmtline *line, int32_t person, int32_t team);

#endif
