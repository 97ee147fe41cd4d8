/*
 * analysis/meetings.h — what SPEC §2 derives from each used instance and each
 * meeting series: owner team, team meeting, broadcast flag, series size and
 * load. Plain arrays parallel to the calendar's own arrays.
 */
#ifndef LSN_ANALYSIS_MEETINGS_H
#define LSN_ANALYSIS_MEETINGS_H

#include "io/model.h"

#include <stdbool.h>
#include <stdint.h>

/** What SPEC §2 derives from one used instance (parallel to lsn_calendar_instances()). */
typedef struct lsn_instance_info {
    /*
     * The team (unit index) with the most present roster members; a tie goes
     * to the organizer's team when it is among the tied teams, else to the
     * tied team with the smallest id (strcmp order of unit ids). -1 when no
     * roster person is present.
     */
    int32_t owner;
    /*
     * B when this is a team meeting of B: n >= 3 and B's members are a strict
     * majority of the present roster people (B is then the owner); else -1.
     * Set for broadcast instances too: callers that must skip broadcasts
     * check `broadcast`.
     */
    int32_t team_meeting;
    int32_t roster;        /* present roster people */
    int32_t owner_members; /* present members of the owner team, 0 without owner */
    bool broadcast;        /* n > broadcast_size */
} lsn_instance_info;

/** What SPEC §2 derives from one meeting series (parallel to lsn_calendar_series()). */
typedef struct lsn_series_info {
    const char *uid;    /* borrowed from the calendar */
    uint32_t first;     /* its first instance in lsn_calendar_instances() */
    uint32_t instances; /* its used instances: [first, first + instances) */
    /* median of n over its instances (mean of the two middle values for an even count) */
    double size;
    /*
     * The most frequent owner of its instances (instances without an owner do
     * not vote); a tie goes to the smallest unit id. -1 when no instance has
     * an owner.
     */
    int32_t owner;
    bool broadcast;               /* size > broadcast_size */
    double hours;                 /* sum of its instances' durations, in hours */
    double person_hours_per_week; /* sum over instances of n x hours, / window weeks */
    int32_t teams_present;        /* distinct teams with a member present at any instance */
    double owner_members;         /* median over instances of present owner-team members */
    double outsiders;             /* median over instances of n - present owner-team members */
} lsn_series_info;

/**
 * Facts computed before for a calendar this one was edited from (the same
 * org, instances and series in the same places), and for each series
 * whether its instances are unchanged since: those are taken as they are.
 */
typedef struct lsn_meetings_prior {
    const lsn_instance_info *instances;
    const lsn_series_info *series;
    const bool *same; /* per series */
} lsn_meetings_prior;

/**
 * Compute the instance and series facts of SPEC §2.
 *
 * @param[out] instances     array of lsn_calendar_instances() count entries, filled
 * @param[out] series        array of lsn_calendar_series() count entries, filled
 * @param cal                a finished calendar (instances sorted by series)
 * @param broadcast_size     n above which an instance (size above which a series)
 *                           is a broadcast
 * @param weeks              window length in weeks, > 0
 * @param prior              NULL, or the facts of the series unchanged since
 *                           (the same results; the same broadcast_size and weeks)
 * @return LSN_OK, LSN_ENOMEM, or LSN_EINTERNAL when the calendar's instances
 *         are not grouped by series. O(sum of n + I log I) time, O(U + I) scratch.
 */
int lsn_meetings_compute(lsn_instance_info *instances,
                         lsn_series_info *series,
                         const lsn_calendar *cal,
                         int32_t broadcast_size,
                         double weeks,
                         const lsn_meetings_prior *prior);

#endif
