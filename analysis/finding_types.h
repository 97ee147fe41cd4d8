/*
 * analysis/finding_types.h — the finding types as data: one enum, one table
 * (rows in analysis/finding_types.def) and the subject keys a finding can
 * name. Passes, the proposal, viz/ and --min-group switch on the enum and
 * read the table; none of them writes a type's name.
 */
#ifndef LSN_ANALYSIS_FINDING_TYPES_H
#define LSN_ANALYSIS_FINDING_TYPES_H

#include <stdbool.h>
#include <stddef.h>

/** What a subject key names. */
typedef enum lsn_subject_kind {
    LSN_SUBJECT_SERIES = 0, /* a meeting series (its UID) */
    LSN_SUBJECT_UNIT,       /* a team or an org unit (its id) */
    LSN_SUBJECT_PERSON,     /* a roster person (the email) */
    LSN_SUBJECT_UNITS       /* a sorted list of teams (their ids) */
} lsn_subject_kind;

/**
 * The subject keys of SPEC §3, in the order of findings.csv's columns.
 * LSN_KEY_NONE (0) ends a type's key list.
 */
typedef enum lsn_subject_key {
    LSN_KEY_NONE = 0,
    LSN_KEY_SERIES,
    LSN_KEY_TEAM,
    LSN_KEY_FROM,
    LSN_KEY_PERSON,
    LSN_KEY_TO,
    LSN_KEY_UNIT,
    LSN_KEY_TO_UNIT,
    LSN_KEY_TEAMS,
    LSN_SUBJECT_KEYS /* count, LSN_KEY_NONE included */
} lsn_subject_key;

/** One subject key. */
typedef struct lsn_subject_key_def {
    const char *name; /* the key in report.json and the column of findings.csv */
    lsn_subject_kind kind;
    /* The finding is about this unit (or these units): the diagrams outline
     * it. `from` and `to` are the other end of a link, not what it is about. */
    bool about;
} lsn_subject_key_def;

/** The subject keys, indexed by lsn_subject_key ([LSN_KEY_NONE] has no name). */
extern const lsn_subject_key_def lsn_subject_keys[LSN_SUBJECT_KEYS];

/** The finding types, in report order (LSN_FINDING_OVERSIZED_MEETING, ...). */
typedef enum lsn_finding_type {
#define LSN_FINDING_TYPE(id, ...) LSN_FINDING_##id,
#include "analysis/finding_types.def"
#undef LSN_FINDING_TYPE
    LSN_FINDING_TYPES /* count */
} lsn_finding_type;

/** Most subject keys a type has. */
#define LSN_FINDING_MAX_KEYS 4

/** One finding type: a row of analysis/finding_types.def. */
typedef struct lsn_finding_def {
    const char *name;    /* oversized_meeting: in report.json, findings.csv, compare */
    const char *heading; /* "Oversized meetings": a heading for people */
    /* Subject keys in the order report.json writes them, ended by LSN_KEY_NONE. */
    lsn_subject_key keys[LSN_FINDING_MAX_KEYS];
    const char *option; /* the option (config key) of its threshold, or NULL */
    /* Explanation texts for people; NULL until written. */
    const char *means;   /* what the finding means */
    const char *matters; /* why it matters */
    const char *action;  /* what to do about it */
} lsn_finding_def;

/** The table, indexed by lsn_finding_type. */
extern const lsn_finding_def lsn_finding_defs[LSN_FINDING_TYPES];

/** The row of type t (asserts that t is a type). */
const lsn_finding_def *lsn_finding_def_of(lsn_finding_type t);

/** The name of type t (oversized_meeting for LSN_FINDING_OVERSIZED_MEETING). */
const char *lsn_finding_type_name(lsn_finding_type t);

/** The type called name, or -1 (a report may hold a type this build does not know). */
int lsn_finding_type_index(const char *name);

/** The names of the types in report order, NULL-terminated (for tables of counts). */
extern const char *const lsn_finding_types[];

/** The key called name (a key of lsn_subject_keys), or LSN_KEY_NONE. */
lsn_subject_key lsn_subject_key_find(const char *name);

/** Whether type t has subject key k. */
bool lsn_finding_has_key(lsn_finding_type t, lsn_subject_key k);

#endif
