/*
 * io/change.h — a change list as data (what changes.csv holds, resolved to
 * indices): who starts or stops attending which meetings, who moves to
 * another team. io/changes.h reads one from a file; analysis/whatif.h
 * applies one and makes the proposal's own.
 */
#ifndef LSN_IO_CHANGE_H
#define LSN_IO_CHANGE_H

#include <stddef.h>
#include <stdint.h>

typedef enum lsn_change_action {
    LSN_CHANGE_ATTEND = 0,
    LSN_CHANGE_LEAVE = 1,
    LSN_CHANGE_MOVE = 2
} lsn_change_action;

/** "attend", "leave", "move". */
const char *lsn_change_action_name(lsn_change_action a);

/** One change, resolved. */
typedef struct lsn_change {
    lsn_change_action action;
    int32_t person; /* roster index */
    int32_t team;   /* unit index (attend/leave by team, move), else -1 */
    int32_t series; /* series index of the calendar (attend/leave by UID), else -1 */
    int32_t line;   /* line in changes.csv, 0 when made in code */
} lsn_change;

/** A change list: growable array; zero-initialise, free with lsn_changes_clear(). */
typedef struct lsn_changes {
    lsn_change *items;
    size_t count, cap;
} lsn_changes;

/** Append one change. Returns LSN_OK or LSN_ENOMEM. */
int lsn_changes_push(lsn_changes *list, const lsn_change *c);

/** Free the items; the list is empty again. */
void lsn_changes_clear(lsn_changes *list);

#endif
