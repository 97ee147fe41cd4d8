/*
 * analysis/finding.h — findings of SPEC §3 as plain data: a type (the enum
 * of analysis/finding_types.h), a severity, the subject as indices and as
 * printable ids, metrics and one plain sentence. Metrics are small value
 * trees (numbers, strings, lists, objects) so that every pass can say what
 * it needs and viz/ can write JSON and CSV from them.
 */
#ifndef LSN_ANALYSIS_FINDING_H
#define LSN_ANALYSIS_FINDING_H

#include "analysis/finding_types.h"
#include "io/model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum lsn_severity { LSN_SEV_LOW = 0, LSN_SEV_MEDIUM = 1, LSN_SEV_HIGH = 2 } lsn_severity;

/** "low", "medium", "high". */
const char *lsn_severity_name(lsn_severity s);

typedef enum lsn_vkind {
    LSN_VAL_NULL = 0,
    LSN_VAL_BOOL,
    LSN_VAL_INT,
    LSN_VAL_NUM,
    LSN_VAL_STR,
    LSN_VAL_LIST,
    LSN_VAL_OBJECT
} lsn_vkind;

/** A JSON-like value. Objects keep their keys in insertion order. */
typedef struct lsn_value {
    lsn_vkind kind;
    bool b;
    int64_t i;
    double d;
    char *s;                  /* LSN_VAL_STR, owned */
    struct lsn_value **items; /* LSN_VAL_LIST and LSN_VAL_OBJECT values, owned */
    char **keys;              /* LSN_VAL_OBJECT keys, owned */
    size_t n, cap;
} lsn_value;

/* Constructors return NULL on out of memory; the lsn_value_* adders below
 * accept a NULL value and then fail, so building can be chained and checked
 * once at the end. */
lsn_value *lsn_value_null(void);
lsn_value *lsn_value_bool(bool b);
lsn_value *lsn_value_int(int64_t i);
lsn_value *lsn_value_num(double d);
lsn_value *lsn_value_str(const char *s);
lsn_value *lsn_value_list(void);
lsn_value *lsn_value_object(void);

/** Free a value tree; NULL is fine. */
void lsn_value_free(lsn_value *v);

/**
 * Append item to a list (takes ownership of item, also on failure).
 * Returns LSN_OK, LSN_ENOMEM (or LSN_EINVAL when list is not a list).
 */
int lsn_value_push(lsn_value *list, lsn_value *item);

/** Set key in an object (takes ownership of value, also on failure); a key is set once. */
int lsn_value_set(lsn_value *obj, const char *key, lsn_value *value);

/** The value of key in an object, or NULL. O(keys). */
const lsn_value *lsn_value_get(const lsn_value *obj, const char *key);

/** A deep copy of v, or NULL on out of memory. */
lsn_value *lsn_value_copy(const lsn_value *v);

/**
 * What a finding is about, as indices into the model. Only the keys of its
 * type (lsn_finding_def.keys) are read; the others may hold anything.
 */
typedef struct lsn_subject {
    int32_t series;       /* LSN_KEY_SERIES: index of lsn_calendar_series() */
    int32_t team;         /* LSN_KEY_TEAM .. LSN_KEY_TO_UNIT: indices of */
    int32_t from;         /*   lsn_org_units(); -1 is written null */
    int32_t to;           /*   (an oversized meeting without an owner team) */
    int32_t unit;         /*   */
    int32_t to_unit;      /*   */
    int32_t person;       /* LSN_KEY_PERSON: index of lsn_org_people() */
    const int32_t *teams; /* LSN_KEY_TEAMS: unit indices, in the order written */
    size_t nteams;
} lsn_subject;

/** The index a scalar key k holds in s (-1 for LSN_KEY_TEAMS and LSN_KEY_NONE). */
int32_t lsn_subject_index(const lsn_subject *s, lsn_subject_key k);

/** One finding. */
typedef struct lsn_finding {
    lsn_finding_type kind; /* what code switches on */
    const char *type;      /* its name, lsn_finding_type_name(kind), for printing */
    lsn_severity severity;
    lsn_subject about;  /* the subject as indices (teams owned) */
    lsn_value *subject; /* object: the same keys with ids, emails, UIDs (owned) */
    lsn_value *metrics; /* object (owned) */
    char *explanation;  /* one sentence (owned) */
} lsn_finding;

typedef struct lsn_findings lsn_findings;

int lsn_findings_new(lsn_findings **out);
void lsn_findings_free(lsn_findings *f);

/**
 * Add a finding of x's kind, severity, about, metrics and explanation (the
 * rest of x is made here): its printable subject is made from the table's
 * keys of kind, with the ids, emails and UIDs of cal (and its organization).
 * Takes ownership of x->metrics (also on failure); copies about.teams and the
 * explanation. Returns LSN_OK or LSN_ENOMEM.
 */
int lsn_findings_add(lsn_findings *f, const lsn_calendar *cal, const lsn_finding *x);

/**
 * Add a copy of x with other metrics and explanation (--min-group edits
 * them); takes ownership of metrics (also on failure).
 * Returns LSN_OK or LSN_ENOMEM.
 */
int lsn_findings_add_edited(lsn_findings *f,
                            const lsn_finding *x,
                            lsn_value *metrics,
                            const char *explanation);

/**
 * Sort into report order: by type in the order of the table
 * (analysis/finding_types.def), then severity (high first), then the
 * subject written as text. Deterministic.
 */
void lsn_findings_sort(lsn_findings *f);

const lsn_finding *lsn_findings_items(const lsn_findings *f, size_t *count);

/**
 * Write a value compactly as text (JSON-like, no spaces) into a growing
 * buffer; used for sorting and for CSV cells. Returns a malloc'd string or NULL.
 */
char *lsn_value_to_text(const lsn_value *v);

#endif
