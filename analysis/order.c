/*
 * analysis/order.c — ranks of units by id and of people by email. Only
 * orders: it never looks at meetings.
 */
#include "analysis/order.h"

#include "io/error.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct keyed {
    const char *key;
    int32_t index;
};

static int keyed_cmp(const void *a, const void *b)
{
    const struct keyed *x = a;
    const struct keyed *y = b;
    int c = strcmp(x->key, y->key);
    if (c != 0) {
        return c;
    }
    return (x->index > y->index) - (x->index < y->index);
}

/* Ranks of the n string fields at base + i * stride + offset; ties (which ids
 * and emails never have) keep index order so the result is deterministic. */
static int rank_strings(int32_t **out, size_t n, const void *base, size_t stride, size_t offset)
{
    int rc = LSN_OK;
    struct keyed *tmp = NULL;
    int32_t *rank = malloc((n ? n : 1) * sizeof(*rank));
    tmp = malloc((n ? n : 1) * sizeof(*tmp));
    if (rank == NULL || tmp == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        const char *const *field = (const void *)((const char *)base + i * stride + offset);
        tmp[i].key = *field != NULL ? *field : "";
        tmp[i].index = (int32_t)i;
    }
    qsort(tmp, n, sizeof(*tmp), keyed_cmp);
    for (size_t i = 0; i < n; i++) {
        rank[tmp[i].index] = (int32_t)i;
    }
    *out = rank;
    rank = NULL;

cleanup:
    free(tmp);
    free(rank);
    if (rc != LSN_OK) {
        *out = NULL;
    }
    return rc;
}

int lsn_order_units(int32_t **out, const lsn_org *org)
{
    size_t n = 0;
    const lsn_unit *units = lsn_org_units(org, &n);
    return rank_strings(out, n, units, sizeof(*units), offsetof(lsn_unit, id));
}

int lsn_order_people(int32_t **out, const lsn_org *org)
{
    size_t n = 0;
    const lsn_person *people = lsn_org_people(org, &n);
    return rank_strings(out, n, people, sizeof(*people), offsetof(lsn_person, email));
}
