/*
 * tests/analysis/support.h — small organizations and calendars built in code
 * for the analysis tests. Every helper fails the running cmocka test on error.
 *
 * People are written by their local part: "a" is a@example.com, the roster's
 * domain; an address with '@' is used as is (so "u@example.com" not in the
 * roster is unknown, "x@other.org" is external). In a present list a token
 * starting with '*' is a group address.
 */
#ifndef LSN_TESTS_ANALYSIS_SUPPORT_H
#define LSN_TESTS_ANALYSIS_SUPPORT_H

#include "analysis/analysis.h"
#include "io/model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* 2024-01-01T00:00:00Z, a Monday. */
#define T0 INT64_C(1704067200)
#define HOUR INT64_C(3600)
#define DAY INT64_C(86400)
#define EPS 1e-9

/** One roster row: local part (or email), team id, manager (local part or NULL). */
typedef struct support_person {
    const char *email;
    const char *team;
    const char *manager;
} support_person;

typedef struct support_world {
    lsn_org *org;
    lsn_calendar *cal;
    lsn_analysis *a;
} support_world;

/** A finished org from rows[0..n), and an empty calendar over [T0, T0 + days). */
void support_begin(support_world *w, const support_person *rows, size_t n, int days);

/** One teams.csv row: unit id and parent id (NULL or "" for a root). */
typedef struct support_unit_row {
    const char *id;
    const char *parent;
} support_unit_row;

/** One needs.csv row. */
typedef struct support_need_row {
    const char *team;
    const char *from;
    lsn_context context;
    bool availability;
} support_need_row;

/**
 * Like support_begin(), with a declared hierarchy (units, may be NULL when
 * nunits is 0) and declared needs (may be NULL when nneeds is 0).
 */
void support_begin_org(support_world *w,
                       const support_unit_row *units,
                       size_t nunits,
                       const support_person *rows,
                       size_t n,
                       const support_need_row *needs,
                       size_t nneeds,
                       int days);

/**
 * Add one used instance: start in seconds after T0, duration in minutes,
 * organizer (or NULL) and a space-separated present list.
 */
void support_add(support_world *w,
                 const char *uid,
                 int64_t start,
                 int32_t minutes,
                 const char *organizer,
                 const char *present);

/** Finish the calendar and build the analysis with opts (NULL: defaults). */
void support_analyze(support_world *w, const lsn_analysis_options *opts);

/** Free everything; safe on a partly built world. */
void support_end(support_world *w);

/** Roster index of a person ("a" or "a@example.com"); fails when absent. */
int32_t support_person_index(const support_world *w, const char *who);

/** Unit index of a team id; fails when absent. */
int32_t support_unit(const support_world *w, const char *id);

/** Participant index of an address ("a", "u@example.com", "*all@example.com"). */
int32_t support_participant(const support_world *w, const char *who);

/** Series index of a UID; fails when absent. */
int32_t support_series(const support_world *w, const char *uid);

/** Fail the test unless |actual - expected| <= EPS (a double comparison; cmocka 1.1.5's
 * assert_float_equal works in float). */
#define assert_near(actual, expected)                                                              \
    support_assert_near((actual), (expected), #actual, __FILE__, __LINE__)

void support_assert_near(
    double actual, double expected, const char *what, const char *file, int line);

/** Person-graph weight between two participants (0 when no edge). */
double support_person_weight(const support_world *w, const char *x, const char *y);

#endif
