/*
 * io/roster_diff.c — the people one roster has and another lacks
 * (io/roster_diff.h). It compares two loaded organizations by email; it
 * reads no file.
 */
#include "io/roster_diff.h"

#include "io/error.h"

#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The emails of `from` that `other` lacks, sorted. */
static int missing_people(const char ***out, size_t *n, const lsn_org *from, const lsn_org *other)
{
    size_t np;
    const lsn_person *people = lsn_org_people(from, &np);
    const char **list = malloc((np ? np : 1) * sizeof(*list));
    *out = NULL;
    *n = 0;
    if (list == NULL) {
        return lsn_oom();
    }
    size_t k = 0;
    for (size_t i = 0; i < np; i++) {
        if (lsn_org_find_person(other, people[i].email) < 0) {
            list[k++] = people[i].email;
        }
    }
    if (k > 1) {
        qsort(list, k, sizeof(*list), cmp_str);
    }
    *out = list;
    *n = k;
    return LSN_OK;
}

int lsn_roster_diff_compute(lsn_roster_diff *out, const lsn_org *baseline, const lsn_org *scenario)
{
    memset(out, 0, sizeof(*out));
    int rc = missing_people(&out->added, &out->nadded, scenario, baseline);
    if (rc == LSN_OK) {
        rc = missing_people(&out->removed, &out->nremoved, baseline, scenario);
    }
    if (rc != LSN_OK) {
        lsn_roster_diff_free(out);
    }
    return rc;
}

void lsn_roster_diff_free(lsn_roster_diff *d)
{
    free(d->added);
    free(d->removed);
    memset(d, 0, sizeof(*d));
}
