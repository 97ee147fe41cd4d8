/*
 * analysis/liaisons.h — liaison links of SPEC §2: a roster person p of home
 * team A who is present at team meetings of another team B at least
 * liaison_min_instances times, not counting instances where p is in B's
 * management line, and never counting broadcast instances.
 */
#ifndef LSN_ANALYSIS_LIAISONS_H
#define LSN_ANALYSIS_LIAISONS_H

#include "analysis/meetings.h"
#include "analysis/mgmtline.h"
#include "io/model.h"

#include <stddef.h>
#include <stdint.h>

/** One liaison link p -> B. Counted instances are the non-broadcast team
 * meetings of B that p is present at while B is not in p's management line. */
typedef struct lsn_liaison {
    int32_t person;        /* roster index of p */
    int32_t home;          /* p's team A (unit index) */
    int32_t to;            /* the team B it links into (unit index) */
    int32_t instances;     /* counted instances */
    double hours_per_week; /* their summed durations / window weeks */
    /* counted instances starting in [from, mid) and in [mid, to) of the
     * window, mid = from + (to - from) / 2 (integer seconds) */
    int32_t first_half;
    int32_t second_half;
    int64_t first_start;   /* earliest counted start, UTC seconds */
    int64_t last_start;    /* latest counted start */
    const int32_t *series; /* distinct series of the counted instances, ascending
                            * series index (= UID order); borrowed from the set */
    int32_t nseries;
} lsn_liaison;

typedef struct lsn_liaisons lsn_liaisons;

/**
 * Find every liaison link.
 *
 * @param[out] out       the links; free with lsn_liaisons_free(); NULL on failure
 * @param cal            a finished calendar (must outlive the set)
 * @param info           lsn_meetings_compute()'s instance facts
 * @param line           the organization's management line
 * @param min_instances  liaison_min_instances, >= 1
 * @param weeks          window length in weeks, > 0
 * @return LSN_OK or LSN_ENOMEM. O(sum of n over team meetings + L log L).
 */
int lsn_liaisons_find(lsn_liaisons **out,
                      const lsn_calendar *cal,
                      const lsn_instance_info *info,
                      const lsn_mgmtline *line,
                      int32_t min_instances,
                      double weeks);

/** Free the set; NULL is fine. */
void lsn_liaisons_free(lsn_liaisons *set);

/**
 * Every link, sorted by (person email, target team id) in strcmp order;
 * borrowed, lives as long as the set.
 */
const lsn_liaison *lsn_liaisons_links(const lsn_liaisons *set, size_t *count);

/**
 * The links of roster person p (a contiguous run of lsn_liaisons_links(),
 * sorted by target team id); borrowed. *count is 0 (and the pointer may be
 * NULL) when p has none. O(1).
 */
const lsn_liaison *lsn_liaisons_of_person(const lsn_liaisons *set, int32_t person, size_t *count);

#endif
