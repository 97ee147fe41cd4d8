/*
 * cli/inputs.c — the inputs of one analysis: their pseudonymized copies and
 * their cleanup (cli/inputs.h).
 */
#include "cli/inputs.h"

#include "io/error.h"

#include <string.h>

int lsn_cli_inputs_anonymize(lsn_cli_inputs *in, lsn_anon *anon)
{
    int rc = LSN_OK;
    if (anon != NULL && ((rc = lsn_anon_add_org(anon, in->org)) != LSN_OK ||
                         (rc = lsn_anon_add_calendar(anon, in->cal)) != LSN_OK ||
                         (rc = lsn_anon_org(&in->aorg, anon, in->org)) != LSN_OK ||
                         (rc = lsn_anon_calendar(&in->acal, anon, in->cal, in->aorg)) != LSN_OK)) {
        return rc;
    }
    return LSN_OK;
}

void lsn_cli_inputs_free(lsn_cli_inputs *in)
{
    lsn_coverage_free(in->coverage);
    lsn_calendar_free(in->acal);
    lsn_calendar_free(in->cal);
    lsn_org_free(in->aorg);
    lsn_org_free(in->org);
    memset(in, 0, sizeof(*in));
}
