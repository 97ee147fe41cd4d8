/*
 * io/roster.h — load the organization from people.csv, teams.csv and
 * needs.csv (SPEC §1.1–1.3) into an lsn_org.
 */
#ifndef LSN_IO_ROSTER_H
#define LSN_IO_ROSTER_H

#include "io/model.h"

/**
 * Read the roster, the optional hierarchy and the optional needs, and
 * resolve them with lsn_org_finish().
 *
 * people.csv: `email` and `team` required (columns and values), `name` and
 * `manager` optional. teams.csv: `team` required, `parent`, `name` optional.
 * needs.csv: `team` and `from` required, `context` minimal|moderate|deep
 * (default moderate), `availability` yes|no|true|false|1|0 (default no);
 * both case-insensitive. Emails (and managers) are normalised with
 * lsn_email_normalize(); other values are trimmed. Rows with every wanted
 * field empty are skipped.
 *
 * Any bad row is fatal: the roster is the identity base and is never used
 * half-read. Messages name the path as given, e.g. "people.csv:12: missing
 * team", "people.csv:1: missing required column 'team'", "needs.csv:4: bad
 * context 'huge' (expected minimal, moderate or deep)", plus those of
 * lsn_csv_read() and lsn_org_finish(). A manager not in the roster, or a
 * manager cycle, is only a warning (lsn_warn()).
 *
 * A need must name units that exist (declared in teams.csv or used as a
 * team in people.csv). A need naming a unit with nobody under it is kept;
 * the analysis passes ignore it (SPEC §1.2: one teams.csv serves several
 * scenarios). People may sit in any unit, not only in leaves.
 *
 * @param[out] out   the organization, owned by the caller (lsn_org_free());
 *                   NULL on failure
 * @param people_path path of people.csv
 * @param teams_path  path of teams.csv, or NULL: every team hangs under a
 *                    synthetic "(org)" root
 * @param needs_path  path of needs.csv, or NULL: no declared needs
 * @return LSN_OK, LSN_EIO, LSN_EPARSE or LSN_ENOMEM.
 */
int lsn_roster_load(lsn_org **out,
                    const char *people_path,
                    const char *teams_path,
                    const char *needs_path);

/** Which of the three CSV files lsn_roster_read() reads. */
typedef enum lsn_roster_file {
    LSN_ROSTER_PEOPLE = 0,
    LSN_ROSTER_TEAMS = 1,
    LSN_ROSTER_NEEDS = 2
} lsn_roster_file;

/**
 * Read one of the three files into an org that is not finished yet, with
 * the row rules and messages of lsn_roster_load(). Read teams.csv before
 * people.csv (declared units come before implicit teams), needs.csv last.
 * Returns LSN_OK, LSN_EIO, LSN_EPARSE or LSN_ENOMEM.
 */
int lsn_roster_read(lsn_org *org, lsn_roster_file which, const char *path);

#endif
