/*
 * analysis/mgmtline.c — walks each person's manager chain once and records
 * (manager, report's team) and (report, manager's team) pairs in a hash set.
 * It does not decide what is a liaison.
 */
#include "analysis/mgmtline.h"

#include "io/error.h"
#include "io/idmap.h"

#include <stdlib.h>

struct lsn_mgmtline {
    lsn_pairmap *pairs; /* lsn_pair_key(person, team) */
};

int lsn_mgmtline_build(lsn_mgmtline **out, const lsn_org *org)
{
    int rc = LSN_OK;
    size_t npeople = 0;
    const lsn_person *people = lsn_org_people(org, &npeople);
    lsn_mgmtline *line = NULL;
    int32_t *seen = NULL;

    *out = NULL;
    line = calloc(1, sizeof(*line));
    seen = malloc((npeople ? npeople : 1) * sizeof(*seen));
    if (line == NULL || seen == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    rc = lsn_pairmap_new(&line->pairs, npeople * 2);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    for (size_t p = 0; p < npeople; p++) {
        seen[p] = -1;
    }
    for (size_t q = 0; q < npeople; q++) {
        int32_t team = people[q].team;
        seen[q] = (int32_t)q;
        /* `seen` marks the chain of q, so a manager cycle stops the walk. */
        for (int32_t m = people[q].manager; m >= 0 && (size_t)m < npeople && seen[m] != (int32_t)q;
             m = people[m].manager) {
            seen[m] = (int32_t)q;
            int32_t id = 0;
            if (team >= 0) {
                rc = lsn_pairmap_intern(&id, NULL, line->pairs, lsn_pair_key(m, team));
                if (rc != LSN_OK) {
                    goto cleanup;
                }
            }
            if (people[m].team >= 0) {
                rc = lsn_pairmap_intern(&id, NULL, line->pairs,
                                        lsn_pair_key((int32_t)q, people[m].team));
                if (rc != LSN_OK) {
                    goto cleanup;
                }
            }
        }
    }
    *out = line;
    line = NULL;

cleanup:
    free(seen);
    lsn_mgmtline_free(line);
    return rc;
}

void lsn_mgmtline_free(lsn_mgmtline *line)
{
    if (line == NULL) {
        return;
    }
    lsn_pairmap_free(line->pairs);
    free(line);
}

bool lsn_mgmtline_contains(const lsn_mgmtline *line, int32_t person, int32_t team)
{
    if (person < 0 || team < 0) {
        return false;
    }
    return lsn_pairmap_find(line->pairs, lsn_pair_key(person, team)) >= 0;
}
