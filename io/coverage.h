/*
 * io/coverage.h — how well the inputs fit together (report.json
 * `input.coverage`): roster people present at a used instance, the email
 * domains of the calendars' addresses beside the roster's, used instances
 * per week of the window. A wrong roster or a wrong window does not crash
 * anything; it gives a confident report about nobody. So the inputs that
 * cannot be meant are refused (lsn_coverage_check) and those that look
 * wrong are warned about (the coverage's warnings).
 */
#ifndef LSN_IO_COVERAGE_H
#define LSN_IO_COVERAGE_H

#include "io/model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Domains listed per side (the most common first). */
#define LSN_COVERAGE_TOP_DOMAINS 5

/** Week starts a warning names before it says "...". */
#define LSN_COVERAGE_NAMED_WEEKS 5

/** An email domain and how many distinct addresses (or people) have it. */
typedef struct lsn_domain_count {
    char *domain;  /* lowercase, without '@'; "" for addresses without a domain */
    int64_t count; /* distinct addresses (or roster people) */
} lsn_domain_count;

/** One week of the window: 7 days from a local midnight (the last may be shorter). */
typedef struct lsn_coverage_week {
    char from[11];     /* YYYY-MM-DD, the local date it starts on */
    int32_t days;      /* 7, or fewer for a last part-week */
    int64_t instances; /* used instances starting in it */
} lsn_coverage_week;

/**
 * The coverage of one calendar against its roster. A plain result: every
 * array and string belongs to it and goes with lsn_coverage_free().
 */
typedef struct lsn_coverage {
    int64_t roster;  /* people in the roster */
    int64_t present; /* roster people present at a used instance */
    double share;    /* present / roster; 0 for an empty roster */
    int64_t used;    /* used instances */
    double weeks;    /* window length in weeks */
    double per_week; /* used / weeks */
    int64_t outside; /* distinct addresses at used instances outside the roster
                        (unknown and external; groups are not addresses of people) */
    /* The most common domains of those addresses (count descending, then
     * domain), at most LSN_COVERAGE_TOP_DOMAINS, and how many domains in all. */
    lsn_domain_count *calendar_domains;
    size_t ncalendar_domains;
    size_t calendar_domains_total;
    bool top_in_roster; /* the most common of them is a domain of the roster */
    /* The roster's domains (people per domain), same order and limit. */
    lsn_domain_count *roster_domains;
    size_t nroster_domains;
    size_t roster_domains_total;
    /* The weeks of the window from its first day, and how many whole weeks
     * have no used instance (a last part-week is listed but never counted
     * as empty: it may be a weekend). */
    lsn_coverage_week *by_week;
    size_t nweeks;
    size_t empty_weeks;
    /* The warnings, in this order: fewer than half of the roster present
     * (when roster_warning), weeks without a used instance. No "liaison: "
     * prefix. */
    char **warnings;
    size_t nwarnings;
    bool roster_warning;
    /* What the refusals name: copies of the calendar's window and accounting. */
    lsn_window window;
    lsn_input_stats stats;
} lsn_coverage;

/**
 * Measure the coverage of a finished calendar against its org.
 *
 * @param[out] out the coverage, owned by the caller (lsn_coverage_free); NULL
 *                 on failure
 * @param cal      a finished calendar (borrowed)
 * @return LSN_OK, LSN_EINVAL (a window zone libical does not know) or
 *         LSN_ENOMEM. Cost: O(instances x log weeks + participants + people).
 */
int lsn_coverage_compute(lsn_coverage **out, const lsn_calendar *cal);

/** Free the coverage; NULL is fine. */
void lsn_coverage_free(lsn_coverage *cov);

/**
 * Refuse input that cannot be meant, with LSN_EPARSE and one message:
 *  - no used instance in the window: "no meeting in the window FROM to TO;
 *    the calendars hold events from FIRST to LAST" (the dates the loader
 *    recorded in stats.span; the instances read in the window and why they
 *    were skipped, when there were some);
 *  - no roster person present at any used instance: "no roster person is in
 *    any meeting: the calendars' addresses are mostly @DOMAIN (N), ...; the
 *    roster's are @DOMAIN (N) — ...".
 *
 * @param cov   the coverage
 * @param label NULL, or what the message starts with ("scenario 'x'")
 * @return LSN_OK or LSN_EPARSE.
 */
int lsn_coverage_check(const lsn_coverage *cov, const char *label);

/** Which warnings lsn_coverage_warn() emits. */
typedef enum lsn_coverage_warnings {
    LSN_COVERAGE_WARN_ROSTER = 1, /* the roster's: fewer than half present */
    LSN_COVERAGE_WARN_WEEKS = 2,  /* the calendars': weeks without a meeting */
    LSN_COVERAGE_WARN_ALL = 3
} lsn_coverage_warnings;

/**
 * Emit the warnings of cov that which selects through lsn_warn(), each
 * after prefix (NULL: none), e.g. "scenario 'x': ". A comparison emits the
 * calendars' warnings once, and each roster's own.
 */
void lsn_coverage_warn(const lsn_coverage *cov, const char *prefix, int which);

/** Gives the replacement of a domain, or NULL when out of memory. */
typedef const char *(*lsn_domain_fn)(void *ud, const char *domain);

/**
 * Replace every domain of cov by fn's answer (pseudonyms, io/anon.h), then
 * sort the lists again so that no order of the real domains shows through.
 * "" (no domain) is kept.
 *
 * @return LSN_OK or LSN_ENOMEM.
 */
int lsn_coverage_rename(lsn_coverage *cov, lsn_domain_fn fn, void *ud);

#endif
