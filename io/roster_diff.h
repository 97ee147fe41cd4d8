/*
 * io/roster_diff.h — the people of one roster that another lacks, for
 * `liaison compare`: added = people of the scenario roster not in the
 * baseline, removed = baseline people not in the scenario roster (emails,
 * sorted).
 */
#ifndef LSN_IO_ROSTER_DIFF_H
#define LSN_IO_ROSTER_DIFF_H

#include "io/model.h"

#include <stddef.h>

/** People of one roster that another lacks; emails borrowed from the orgs. */
typedef struct lsn_roster_diff {
    const char **added; /* in the scenario, not in the baseline; sorted */
    size_t nadded;
    const char **removed; /* in the baseline, not in the scenario; sorted */
    size_t nremoved;
} lsn_roster_diff;

/**
 * Compare the people of two rosters by email.
 *
 * @param[out] out the lists (free with lsn_roster_diff_free()); the emails
 *                 are borrowed from the orgs, which must outlive them
 * @return LSN_OK or LSN_ENOMEM. Cost: O(P) lookups, plus sorting the lists.
 */
int lsn_roster_diff_compute(lsn_roster_diff *out, const lsn_org *baseline, const lsn_org *scenario);

/** Free the lists; a zeroed diff is fine. */
void lsn_roster_diff_free(lsn_roster_diff *d);

#endif
