/*
 * io/roster.c — reads people.csv, teams.csv and needs.csv with io/csvtable
 * and feeds the rows to the lsn_org builders. It checks row values (missing
 * email or team, bad context); the hierarchy, duplicates and managers are
 * checked by io/org.c.
 */
#include "io/roster.h"

#include "io/csvtable.h"
#include "io/error.h"
#include "io/vec.h"

#include <assert.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_COLUMNS 4

struct loader {
    lsn_org *org;
    const char *path;
    lsn_csv_row row; /* the row's values, trimmed */
    char *value[MAX_COLUMNS];
};

/* The n values, trimmed (lsn_csv_trim_row), into ld->value[]. */
static int trim_row(struct loader *ld, const char *const *values, size_t n, bool *blank)
{
    assert(n <= MAX_COLUMNS);
    int rc = lsn_csv_trim_row(&ld->row, values, n, blank);
    for (size_t i = 0; rc == LSN_OK && i < n; i++) {
        ld->value[i] = ld->row.value[i];
    }
    return rc;
}

enum { TEAMS_TEAM, TEAMS_PARENT, TEAMS_NAME, TEAMS_NCOLUMNS };
static const char *const teams_columns[TEAMS_NCOLUMNS] = {"team", "parent", "name"};
static const bool teams_required[TEAMS_NCOLUMNS] = {true, false, false};

static int teams_row(void *ud, const char *const *values, int line)
{
    struct loader *ld = ud;
    bool blank;
    int rc = trim_row(ld, values, TEAMS_NCOLUMNS, &blank);
    if (rc != LSN_OK || blank) {
        return rc;
    }
    if (ld->value[TEAMS_TEAM][0] == '\0') {
        return lsn_error_set(LSN_EPARSE, "%s:%d: missing team", ld->path, line);
    }
    return lsn_org_add_unit(ld->org, &(lsn_unit_row){.id = ld->value[TEAMS_TEAM],
                                                     .parent = ld->value[TEAMS_PARENT],
                                                     .name = ld->value[TEAMS_NAME],
                                                     .at = {ld->path, line}});
}

enum { PEOPLE_EMAIL, PEOPLE_TEAM, PEOPLE_NAME, PEOPLE_MANAGER, PEOPLE_NCOLUMNS };
static const char *const people_columns[PEOPLE_NCOLUMNS] = {"email", "team", "name", "manager"};
static const bool people_required[PEOPLE_NCOLUMNS] = {true, true, false, false};

static int people_row(void *ud, const char *const *values, int line)
{
    struct loader *ld = ud;
    bool blank;
    int rc = trim_row(ld, values, PEOPLE_NCOLUMNS, &blank);
    if (rc != LSN_OK || blank) {
        return rc;
    }
    char *email = lsn_email_normalize(ld->value[PEOPLE_EMAIL]);
    char *manager = lsn_email_normalize(ld->value[PEOPLE_MANAGER]);
    if (email[0] == '\0') {
        return lsn_error_set(LSN_EPARSE, "%s:%d: missing email", ld->path, line);
    }
    if (ld->value[PEOPLE_TEAM][0] == '\0') {
        return lsn_error_set(LSN_EPARSE, "%s:%d: missing team", ld->path, line);
    }
    return lsn_org_add_person(ld->org, &(lsn_person_row){.email = email,
                                                         .name = ld->value[PEOPLE_NAME],
                                                         .team = ld->value[PEOPLE_TEAM],
                                                         .manager = manager,
                                                         .at = {ld->path, line}});
}

enum { NEEDS_TEAM, NEEDS_FROM, NEEDS_CONTEXT, NEEDS_AVAILABILITY, NEEDS_NCOLUMNS };
static const char *const needs_columns[NEEDS_NCOLUMNS] = {"team", "from", "context",
                                                          "availability"};
static const bool needs_required[NEEDS_NCOLUMNS] = {true, true, false, false};

static int parse_context(lsn_context *out, const char *s)
{
    if (s[0] == '\0' || strcasecmp(s, "moderate") == 0) {
        *out = LSN_CONTEXT_MODERATE;
    } else if (strcasecmp(s, "minimal") == 0) {
        *out = LSN_CONTEXT_MINIMAL;
    } else if (strcasecmp(s, "deep") == 0) {
        *out = LSN_CONTEXT_DEEP;
    } else {
        return LSN_EPARSE;
    }
    return LSN_OK;
}

static int parse_availability(bool *out, const char *s)
{
    static const char *const yes[] = {"yes", "true", "1"};
    static const char *const no[] = {"no", "false", "0", ""};
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        if (strcasecmp(s, yes[i]) == 0) {
            *out = true;
            return LSN_OK;
        }
    }
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
        if (strcasecmp(s, no[i]) == 0) {
            *out = false;
            return LSN_OK;
        }
    }
    return LSN_EPARSE;
}

static int needs_row(void *ud, const char *const *values, int line)
{
    struct loader *ld = ud;
    bool blank;
    int rc = trim_row(ld, values, NEEDS_NCOLUMNS, &blank);
    if (rc != LSN_OK || blank) {
        return rc;
    }
    if (ld->value[NEEDS_TEAM][0] == '\0') {
        return lsn_error_set(LSN_EPARSE, "%s:%d: missing team", ld->path, line);
    }
    if (ld->value[NEEDS_FROM][0] == '\0') {
        return lsn_error_set(LSN_EPARSE, "%s:%d: missing from", ld->path, line);
    }
    lsn_context context;
    if (parse_context(&context, ld->value[NEEDS_CONTEXT]) != LSN_OK) {
        return lsn_error_set(LSN_EPARSE,
                             "%s:%d: bad context '%s' (expected minimal, moderate or deep)",
                             ld->path, line, ld->value[NEEDS_CONTEXT]);
    }
    bool availability;
    if (parse_availability(&availability, ld->value[NEEDS_AVAILABILITY]) != LSN_OK) {
        return lsn_error_set(LSN_EPARSE, "%s:%d: bad availability '%s' (expected yes or no)",
                             ld->path, line, ld->value[NEEDS_AVAILABILITY]);
    }
    return lsn_org_add_need(ld->org, &(lsn_need_row){.team = ld->value[NEEDS_TEAM],
                                                     .from = ld->value[NEEDS_FROM],
                                                     .context = context,
                                                     .availability = availability,
                                                     .at = {ld->path, line}});
}

int lsn_roster_read(lsn_org *org, lsn_roster_file which, const char *path)
{
    assert(org != NULL && path != NULL);
    struct loader ld = {.org = org, .path = path};
    int rc;
    switch (which) {
    case LSN_ROSTER_TEAMS:
        rc =
            lsn_csv_read(path, teams_columns, TEAMS_NCOLUMNS, teams_required, NULL, teams_row, &ld);
        break;
    case LSN_ROSTER_PEOPLE:
        rc = lsn_csv_read(path, people_columns, PEOPLE_NCOLUMNS, people_required, NULL, people_row,
                          &ld);
        break;
    default:
        rc =
            lsn_csv_read(path, needs_columns, NEEDS_NCOLUMNS, needs_required, NULL, needs_row, &ld);
        break;
    }
    free(ld.row.buf);
    return rc;
}

int lsn_roster_load(lsn_org **out,
                    const char *people_path,
                    const char *teams_path,
                    const char *needs_path)
{
    assert(out != NULL && people_path != NULL);
    *out = NULL;
    lsn_org *org = NULL;
    int rc = lsn_org_new(&org);
    /* teams.csv first, so that declared units come before implicit teams. */
    if (rc == LSN_OK && teams_path != NULL) {
        rc = lsn_roster_read(org, LSN_ROSTER_TEAMS, teams_path);
    }
    if (rc == LSN_OK) {
        rc = lsn_roster_read(org, LSN_ROSTER_PEOPLE, people_path);
    }
    if (rc == LSN_OK && needs_path != NULL) {
        rc = lsn_roster_read(org, LSN_ROSTER_NEEDS, needs_path);
    }
    return lsn_org_finish_into(out, org, rc);
}
