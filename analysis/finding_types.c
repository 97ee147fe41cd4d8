/*
 * analysis/finding_types.c — the table of finding types (made from the rows
 * of analysis/finding_types.def) and of subject keys, and the lookups by
 * name for what reads a report back. It decides nothing about when a
 * finding fires (the passes do).
 */
#include "analysis/finding_types.h"

#include <assert.h>
#include <string.h>

const lsn_subject_key_def lsn_subject_keys[LSN_SUBJECT_KEYS] = {
    [LSN_KEY_NONE] = {NULL, LSN_SUBJECT_UNIT, false},
    [LSN_KEY_SERIES] = {"series", LSN_SUBJECT_SERIES, false},
    [LSN_KEY_TEAM] = {"team", LSN_SUBJECT_UNIT, true},
    [LSN_KEY_FROM] = {"from", LSN_SUBJECT_UNIT, false},
    [LSN_KEY_PERSON] = {"person", LSN_SUBJECT_PERSON, false},
    [LSN_KEY_TO] = {"to", LSN_SUBJECT_UNIT, false},
    [LSN_KEY_UNIT] = {"unit", LSN_SUBJECT_UNIT, true},
    [LSN_KEY_TO_UNIT] = {"to_unit", LSN_SUBJECT_UNIT, true},
    [LSN_KEY_TEAMS] = {"teams", LSN_SUBJECT_UNITS, true},
};

const lsn_finding_def lsn_finding_defs[LSN_FINDING_TYPES] = {
#define LSN_FINDING_TYPE(id, name_, ...) [LSN_FINDING_##id] = {.name = name_, __VA_ARGS__},
#include "analysis/finding_types.def"
#undef LSN_FINDING_TYPE
};

const char *const lsn_finding_types[] = {
#define LSN_FINDING_TYPE(id, name_, ...) [LSN_FINDING_##id] = name_,
#include "analysis/finding_types.def"
#undef LSN_FINDING_TYPE
    [LSN_FINDING_TYPES] = NULL};

const lsn_finding_def *lsn_finding_def_of(lsn_finding_type t)
{
    assert((int)t >= 0 && t < LSN_FINDING_TYPES);
    return &lsn_finding_defs[t];
}

const char *lsn_finding_type_name(lsn_finding_type t)
{
    return lsn_finding_def_of(t)->name;
}

int lsn_finding_type_index(const char *name)
{
    for (int t = 0; name != NULL && t < LSN_FINDING_TYPES; t++) {
        if (strcmp(lsn_finding_defs[t].name, name) == 0) {
            return t;
        }
    }
    return -1;
}

lsn_subject_key lsn_subject_key_find(const char *name)
{
    for (int k = LSN_KEY_NONE + 1; name != NULL && k < LSN_SUBJECT_KEYS; k++) {
        if (strcmp(lsn_subject_keys[k].name, name) == 0) {
            return (lsn_subject_key)k;
        }
    }
    return LSN_KEY_NONE;
}

bool lsn_finding_has_key(lsn_finding_type t, lsn_subject_key k)
{
    const lsn_finding_def *d = lsn_finding_def_of(t);
    for (size_t i = 0; i < LSN_FINDING_MAX_KEYS && d->keys[i] != LSN_KEY_NONE; i++) {
        if (d->keys[i] == k) {
            return true;
        }
    }
    return false;
}
