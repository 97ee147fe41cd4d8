/*
 * analysis/finding.h — findings of SPEC §3 as plain data: a type, a
 * severity, subject keys, metrics and one plain sentence. Subject keys and
 * metrics are small value trees (numbers, strings, lists, objects) so that
 * every pass can say what it needs and viz/ can write JSON and CSV from them
 * without knowing the finding types.
 */
#ifndef LSN_ANALYSIS_FINDING_H
#define LSN_ANALYSIS_FINDING_H

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

/** One finding. */
typedef struct lsn_finding {
    const char *type;      /* static string, e.g. "oversized_meeting" */
    lsn_severity severity;
    lsn_value *subject;    /* object: the subject keys of SPEC §3 (owned) */
    lsn_value *metrics;    /* object (owned) */
    char *explanation;     /* one sentence (owned) */
} lsn_finding;

typedef struct lsn_findings lsn_findings;

int lsn_findings_new(lsn_findings **out);
void lsn_findings_free(lsn_findings *f);

/**
 * Add a finding; takes ownership of subject and metrics (also on failure).
 * explanation is printf-formatted. Returns LSN_OK or LSN_ENOMEM.
 */
int lsn_findings_add(lsn_findings *f,
                     const char *type,
                     lsn_severity severity,
                     lsn_value *subject,
                     lsn_value *metrics,
                     const char *fmt,
                     ...) __attribute__((format(printf, 6, 7)));

/**
 * Sort into report order: by type in the order of SPEC §3's table, then
 * severity (high first), then the subject written as text. Deterministic.
 */
void lsn_findings_sort(lsn_findings *f);

const lsn_finding *lsn_findings_items(const lsn_findings *f, size_t *count);

/** The types of SPEC §3 in table order, NULL-terminated. */
extern const char *const lsn_finding_types[];

/** Index of a type in lsn_finding_types, or -1. */
int lsn_finding_type_index(const char *type);

/**
 * Write a value compactly as text (JSON-like, no spaces) into a growing
 * buffer; used for sorting and for CSV cells. Returns a malloc'd string or NULL.
 */
char *lsn_value_to_text(const lsn_value *v);

#endif
