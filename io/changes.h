/*
 * io/changes.h — a change list (changes.csv): who starts or stops attending
 * which meetings, and who moves to another team. Rows are resolved against
 * a loaded calendar (its roster and its series) as they are read, so that a
 * list that names an unknown person, team or series is refused whole; it is
 * applied by analysis/whatif.h.
 *
 * changes.csv has a header row with the columns `action` and `person`
 * (required), `team` and `series` (optional). One row per change:
 *   attend,PERSON,TEAM,      the person joins every team meeting series of TEAM
 *   attend,PERSON,,UID       the person joins the series UID
 *   leave,PERSON,TEAM,       the person stops attending them (or ,,UID)
 *   leave,PERSON,,UID
 *   move,PERSON,TEAM,        the person's home team becomes TEAM
 * PERSON is a roster email (any case, "mailto:" allowed); TEAM a unit id of
 * the roster; UID a series with at least one meeting in the window.
 */
#ifndef LSN_IO_CHANGES_H
#define LSN_IO_CHANGES_H

#include "io/change.h"
#include "io/model.h"

#include <stddef.h>
#include <stdint.h>

/**
 * Read changes.csv and resolve every row against cal (its org and series).
 *
 * @param[out] out the changes in file order (blank rows skipped); empty on failure
 * @return LSN_OK; LSN_EIO (cannot read); LSN_EPARSE "PATH:LINE: ..." for a
 *         missing column, an unknown action, a missing or unknown person,
 *         team or series, attend/leave naming both or neither of team and
 *         series, a move without a team or with a series; LSN_ENOMEM.
 *         Cost: O(file size + rows x log series).
 */
int lsn_changes_load(lsn_changes *out, const char *path, const lsn_calendar *cal);

#endif
