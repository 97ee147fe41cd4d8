/*
 * io/changes.c — reads changes.csv with io/csvtable (trimmed rows as the
 * roster reader has them) and resolves each row against the calendar.
 */
#include "io/changes.h"

#include "io/csvtable.h"
#include "io/error.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *lsn_change_action_name(lsn_change_action a)
{
    switch (a) {
    case LSN_CHANGE_ATTEND:
        return "attend";
    case LSN_CHANGE_LEAVE:
        return "leave";
    case LSN_CHANGE_MOVE:
        return "move";
    }
    return "?";
}

int lsn_changes_push(lsn_changes *list, const lsn_change *c)
{
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        lsn_change *p = realloc(list->items, cap * sizeof(*p));
        if (p == NULL) {
            return lsn_oom();
        }
        list->items = p;
        list->cap = cap;
    }
    list->items[list->count++] = *c;
    return LSN_OK;
}

void lsn_changes_clear(lsn_changes *list)
{
    free(list->items);
    memset(list, 0, sizeof(*list));
}

enum { COL_ACTION, COL_PERSON, COL_TEAM, COL_SERIES, NCOLUMNS };
static const char *const columns[NCOLUMNS] = {"action", "person", "team", "series"};
static const bool required[NCOLUMNS] = {true, true, false, false};

struct reader {
    const char *path;
    const lsn_calendar *cal;
    const lsn_series *series;
    size_t nseries;
    lsn_csv_row row;
    lsn_changes *out;
};

static int cmp_uid(const void *key, const void *elem)
{
    return strcmp(key, ((const lsn_series *)elem)->uid);
}

static int parse_action(lsn_change_action *out, const char *s)
{
    static const lsn_change_action all[] = {LSN_CHANGE_ATTEND, LSN_CHANGE_LEAVE, LSN_CHANGE_MOVE};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        if (strcasecmp(s, lsn_change_action_name(all[i])) == 0) {
            *out = all[i];
            return LSN_OK;
        }
    }
    return LSN_EPARSE;
}

static int on_row(void *ud, const char *const *values, int line)
{
    struct reader *r = ud;
    bool blank;
    int rc = lsn_csv_trim_row(&r->row, values, NCOLUMNS, &blank);
    if (rc != LSN_OK || blank) {
        return rc;
    }
    char *const *v = r->row.value;
    const lsn_org *org = lsn_calendar_org(r->cal);
    lsn_change c = {.team = -1, .series = -1, .line = line};
    if (parse_action(&c.action, v[COL_ACTION]) != LSN_OK) {
        return lsn_error_set(LSN_EPARSE, "%s:%d: bad action '%s' (expected attend, leave or move)",
                             r->path, line, v[COL_ACTION]);
    }
    const char *action = lsn_change_action_name(c.action);
    char *email = lsn_email_normalize(v[COL_PERSON]);
    if (email[0] == '\0') {
        return lsn_error_set(LSN_EPARSE, "%s:%d: missing person", r->path, line);
    }
    if ((c.person = lsn_org_find_person(org, email)) < 0) {
        return lsn_error_set(LSN_EPARSE, "%s:%d: unknown person '%s' (not in the roster)", r->path,
                             line, email);
    }
    bool team = v[COL_TEAM][0] != '\0', series = v[COL_SERIES][0] != '\0';
    if (c.action == LSN_CHANGE_MOVE && (!team || series)) {
        return lsn_error_set(LSN_EPARSE, "%s:%d: move needs a team and no series", r->path, line);
    }
    if (c.action != LSN_CHANGE_MOVE && team == series) {
        return lsn_error_set(LSN_EPARSE, "%s:%d: %s needs a team or a series (one of them)",
                             r->path, line, action);
    }
    if (team && (c.team = lsn_org_find_unit(org, v[COL_TEAM])) < 0) {
        return lsn_error_set(LSN_EPARSE, "%s:%d: unknown team '%s' (not in the roster)", r->path,
                             line, v[COL_TEAM]);
    }
    if (series) {
        const lsn_series *s =
            bsearch(v[COL_SERIES], r->series, r->nseries, sizeof(*r->series), cmp_uid);
        if (s == NULL) {
            return lsn_error_set(LSN_EPARSE,
                                 "%s:%d: unknown series '%s' (no meeting of the window has "
                                 "this UID)",
                                 r->path, line, v[COL_SERIES]);
        }
        c.series = (int32_t)(s - r->series);
    }
    return lsn_changes_push(r->out, &c);
}

int lsn_changes_load(lsn_changes *out, const char *path, const lsn_calendar *cal)
{
    memset(out, 0, sizeof(*out));
    struct reader r = {.path = path, .cal = cal, .out = out};
    r.series = lsn_calendar_series(cal, &r.nseries);
    int rc = lsn_csv_read(path, columns, NCOLUMNS, required, NULL, on_row, &r);
    free(r.row.buf);
    if (rc != LSN_OK) {
        lsn_changes_clear(out);
    }
    return rc;
}
