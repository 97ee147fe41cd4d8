/*
 * cli/inputs.h — one analysis's inputs as `analyze` and `batch` hold them:
 * the roster and the calendars as read, their coverage, and with
 * --anonymize the pseudonymized copies the run sees. Reading them is the
 * command's (its progress and timings differ); this is their one cleanup.
 */
#ifndef LSN_CLI_INPUTS_H
#define LSN_CLI_INPUTS_H

#include "io/anon.h"
#include "io/coverage.h"
#include "io/model.h"

typedef struct lsn_cli_inputs {
    lsn_org *org;           /* as read */
    lsn_calendar *cal;      /* as read */
    lsn_coverage *coverage; /* of cal, until the run takes it */
    lsn_org *aorg;          /* the pseudonymized copies; NULL without --anonymize */
    lsn_calendar *acal;
} lsn_cli_inputs;

/**
 * With anon (NULL: nothing to do): give org and cal their pseudonyms, then
 * make the copies aorg and acal. Returns LSN_OK or the failure's code (its
 * message set).
 */
int lsn_cli_inputs_anonymize(lsn_cli_inputs *in, lsn_anon *anon);

/** Free all of them and zero in. */
void lsn_cli_inputs_free(lsn_cli_inputs *in);

#endif
