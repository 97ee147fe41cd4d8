/*
 * analysis/hours.h — meeting load per roster person (SPEC §2 "Meeting hours
 * per week"): total hours in used instances, and the part of the week covered
 * by two or more of them at once.
 */
#ifndef LSN_ANALYSIS_HOURS_H
#define LSN_ANALYSIS_HOURS_H

#include "io/model.h"

#include <stdbool.h>
#include <stdint.h>

/** Meeting load of one roster person (parallel to lsn_org_people()). */
typedef struct lsn_person_hours {
    /* sum of the durations of the used instances the person is present at
     * (overlaps count twice, broadcasts count), / window weeks */
    double meeting_hours_per_week;
    /* time covered by two or more of those instances at once, / window weeks */
    double double_booked_hours_per_week;
    int32_t instances; /* used instances the person is present at */
} lsn_person_hours;

/**
 * Compute every roster person's meeting load.
 *
 * @param[out] out  array of lsn_org_people() count entries, filled (zeros for
 *                  people at no used instance)
 * @param cal       a finished calendar
 * @param weeks     window length in weeks, > 0
 * @param prior     NULL, or the load computed before for a calendar this one
 *                  was edited from (the same people and weeks), taken as it
 *                  is for each person p with same[p] (p at no changed
 *                  instance, before or after)
 * @return LSN_OK or LSN_ENOMEM. O(sum of n + sum over people of k log k) time
 *         for k instances per person; O(sum of roster n) scratch.
 */
int lsn_hours_compute(lsn_person_hours *out,
                      const lsn_calendar *cal,
                      double weeks,
                      const lsn_person_hours *prior,
                      const bool *same);

#endif
