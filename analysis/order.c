/*
 * analysis/order.c — ranks of units by id and of people by email. Only
 * orders: it never looks at meetings.
 */
#include "analysis/order.h"

#include "io/error.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* A copy of one of the org's orders (made once, when it was finished). */
static int copy_ranks(int32_t **out, const int32_t *ranks, size_t n)
{
    *out = malloc((n ? n : 1) * sizeof(**out));
    if (*out == NULL) {
        return lsn_oom();
    }
    if (n > 0) {
        memcpy(*out, ranks, n * sizeof(**out));
    }
    return LSN_OK;
}

int lsn_order_units(int32_t **out, const lsn_org *org)
{
    size_t n = 0;
    lsn_org_units(org, &n);
    return copy_ranks(out, lsn_org_units_rank(org), n);
}

int lsn_order_people(int32_t **out, const lsn_org *org)
{
    size_t n = 0;
    lsn_org_people(org, &n);
    return copy_ranks(out, lsn_org_people_rank(org), n);
}
