/*
 * tests/io/support.c — the harness the Outlook and Graph loader tests share:
 * the roster they load once, the warnings they capture, the calendars they
 * free even when an assertion fails half-way, and a UTC helper.
 */
#include "support.h"

#include "io/civil.h"
#include "io/error.h"
#include "io/raw.h"
#include "io/roster.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int support_load_org(const char *people)
{
    int rc = lsn_roster_load(&org, people, NULL, NULL);
    if (rc != LSN_OK) {
        fprintf(stderr, "cannot load %s: %s\n", people, lsn_error_last());
        return -1;
    }
    return 0;
}

struct support_warnings warnings;

lsn_org *org;
lsn_calendar *owned[4];
size_t nowned;

void capture_warning(void *ud, const char *message)
{
    (void)ud;
    if (warnings.count < MAX_WARNINGS) {
        snprintf(warnings.message[warnings.count], sizeof(warnings.message[0]), "%s", message);
    }
    warnings.count++;
}

int group_teardown(void **state)
{
    (void)state;
    lsn_org_free(org);
    return 0;
}

int setup(void **state)
{
    (void)state;
    memset(&warnings, 0, sizeof(warnings));
    lsn_error_clear();
    lsn_warn_set_handler(capture_warning, NULL);
    return 0;
}

int teardown(void **state)
{
    (void)state;
    lsn_warn_set_handler(NULL, NULL);
    for (size_t i = 0; i < nowned; i++) {
        lsn_calendar_free(owned[i]);
    }
    nowned = 0;
    return 0;
}

void print_warnings(void)
{
    for (int i = 0; i < warnings.count && i < MAX_WARNINGS; i++) {
        print_message("warning %d: %s\n", i, warnings.message[i]);
    }
}

void assert_warned(const char *message)
{
    for (int i = 0; i < warnings.count && i < MAX_WARNINGS; i++) {
        if (strcmp(warnings.message[i], message) == 0) {
            return;
        }
    }
    print_message("expected warning: %s\n", message);
    print_warnings();
    fail();
}

/* UTC seconds of "YYYY-MM-DDTHH:MM". */
int64_t utc(const char *iso)
{
    int y, mo, d, h = 0, mi = 0;
    assert_true(sscanf(iso, "%d-%d-%dT%d:%d", &y, &mo, &d, &h, &mi) >= 3);
    return lsn_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60;
}
