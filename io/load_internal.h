/*
 * io/load_internal.h — what the files of the calendar loader share: the
 * loader's state, the records of a merge, the jobs of the reading threads,
 * and the functions one file calls in another (load.c: the entry point;
 * load_files.c, load_threads.c, load_expand.c, load_merge.c,
 * load_window.c). Not for other modules.
 */
#ifndef LSN_IO_LOAD_INTERNAL_H
#define LSN_IO_LOAD_INTERNAL_H

#include "io/civil.h"
#include "io/error.h"
#include "io/load.h"
#include "io/model.h"
#include "io/raw.h"
#include "io/sort.h"
#include "io/vec.h"
#include "io/tztable.h"

#include <libical/ical.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#define DAY 86400
/* Instances are expanded this far beyond the window, so that an override
 * that moves one across an edge still finds its original. */
#define EXPAND_MARGIN (35 * DAY)
#define KEY_SINGLE INT64_MIN
#define MEMO_UNKNOWN (-2)
/* Making an iterator costs libical about as much as this many of its steps. */
#define ITERATOR_STEPS 10

struct i64vec {
    int64_t *v;
    size_t n, cap;
};

static inline int push64(struct i64vec *a, int64_t x)
{
    int rc = LSN_GROW(a->v, a->cap, a->n + 1);
    if (rc != LSN_OK) {
        return rc;
    }
    a->v[a->n++] = x;
    return LSN_OK;
}

static inline int64_t local_day(int64_t utc, const icaltimezone *zone)
{
    icaltimetype t = icaltime_from_timet_with_zone((time_t)utc, 0, zone);
    return lsn_days_from_civil(t.year, (unsigned)t.month, (unsigned)t.day);
}

struct pathlist {
    char **paths;
    bool *named;   /* given on the command line, not found in a folder */
    bool *regular; /* a regular file when listed (not a pipe or device) */
    size_t n, cap;
};

/* An override of one file's series: its RECURRENCE-ID and its place in the group. */
struct override {
    int64_t rid;
    size_t j;
};

struct overridevec {
    struct override *v;
    size_t n, cap;
};

/* The identity of one record inside its UID group. */
struct ident {
    int64_t key; /* RECURRENCE-ID, 0 without */
    bool recid;
    bool malformed;
};

struct loader {
    lsn_rawset set;
    const icaltimezone *tz;
    lsn_tzcache *tzc; /* local time to UTC by table, for expansion (one thread) */
    lsn_tzshare *tzshare; /* the tables of every thread's cache, each zone's built once */
    long threads;     /* lsn_load_options.threads: <= 0, one per CPU */
    int64_t from, to;   /* the window */
    int64_t lo, hi;     /* the expansion range */
    lsn_calendar *cal;
    lsn_input_stats *stats;

    /* Expansions by recurrence definition: the copies of a series in many
     * mailbox files, and different series with the same rule, start and
     * zone, are expanded once. Open addressing; the starts live in pool. */
    struct expansion {
        uint64_t sig; /* 0: an empty slot */
        int32_t ev;   /* the record expanded */
        uint32_t first, count;
        int verdict; /* enum verdict; count is 0 unless EXPAND_OK */
        int32_t item; /* load_check_expansions(): its place in the work list; -1 once filled */
    } *expansions;
    size_t nexpansions, expansions_cap;
    struct i64vec pool, scratch, exdates;
    struct i64vec plain, mkeys; /* file_copies(): plain overrides, the masters' instances */
    struct overridevec ranges;  /* file_copies(): THISANDFUTURE overrides */
    struct ident *idents;       /* count_malformed() */
    size_t idents_cap;
    /* By record: load_recurrence_signature() | 1 once asked for
     * (load_event_signature()), 0 before; NULL until the references are
     * resolved, after which no record's recurrence changes. */
    uint64_t *sigs;
    /* By record: its expansion, once load_check_expansions() has found it. */
    struct known {
        uint32_t first, count; /* in pool */
        int8_t verdict;
        bool seen;
    } * known;

    /* The load's budget of work (io/limits.h), set once the files are read. */
    int64_t bytes;   /* calendar input read */
    int64_t files;   /* calendar files read (load_read_all()) */
    int64_t vevents; /* their records */
    long long work_budget;
    double work_used;
    const struct i64vec *series_keys; /* instances of the current version, or NULL */
    struct i64vec keys_buf;

    /* Attendee merge table (addr -> entry), reset by generation. */
    struct slot {
        uint32_t gen;
        int32_t addr;
        int32_t entry;
    } *slots;
    size_t nslots;
    uint32_t gen;
    struct entry {
        int32_t addr;
        uint8_t partstat, cutype;
        bool nonparticipant, explicit_status;
    } *entries;
    size_t nentries, entries_cap;
    int32_t *present; /* string ids, then participant ids, of one instance */
    size_t present_cap;
    /* By string id: the calendar's participant id of the address as a
     * person and as a group; MEMO_UNKNOWN until first asked. */
    int32_t *person_ids, *group_ids;
    /* The calendar's series of the last instance added (load_add_pending):
     * instances come series by series, and a series is looked up once a run. */
    int32_t last_uid, last_summary, last_series;
    bool last_known;

    /* By uid string id: an occurrence or exception record of the series is
     * in the data, so a Graph master of it is not expanded (SPEC §1.4). */
    bool *listed;

    /* load_groups.c: where decide() puts the instances it keeps, and true
     * once every expansion is cached (merging threads only read the cache). */
    struct groupout *out;
    bool frozen;
};

/* Returned (not an error) by a merging thread for work the calling thread
 * must redo in order: an expansion not cached, or the budget nearly used. */
#define LOAD_REDO 1

/* An instance decided "used", its addresses still string ids: np people
 * then ng groups at addrs[first..), the organizer's string id or -1. */
struct pending {
    int64_t start, original_start;
    int32_t uid, summary, organizer, duration;
    uint32_t first, np, ng;
};

/* What merging a run of UID groups gave, added to the calendar in order. */
struct groupout {
    struct pending *v;
    size_t n, cap;
    int32_t *addrs;
    size_t naddrs, addrs_cap;
    lsn_input_stats stats; /* read, duplicates_merged, skipped */
    double work;           /* charged to the load's budget */
};

static inline bool is_recurring(const lsn_raw_event *ev)
{
    return ev->rule_count > 0 || ev->rdate_count > 0;
}

/* A Graph master whose instances are listed one by one stands for nothing
 * itself: its occurrences and exceptions are the series. */
static inline bool master_suppressed(const struct loader *ld, const lsn_raw_event *ev)
{
    return ev->series_role == LSN_ROLE_MASTER && ld->listed != NULL && ev->uid >= 0 &&
           ld->listed[ev->uid];
}

/* What expanding one recurrence gave. */
enum verdict {
    EXPAND_OK = 0,
    EXPAND_TOO_MANY, /* more than LSN_LIMIT_SERIES_INSTANCES in the range */
    EXPAND_TOO_FAR   /* more than LSN_LIMIT_SERIES_STEPS from DTSTART to the range's end */
};

static inline bool has_key(const int64_t *v, size_t n, int64_t key)
{
    /* bsearch must not see the NULL of an empty list. */
    return n > 0 && bsearch(&key, v, n, sizeof(int64_t), lsn_cmp_i64) != NULL;
}

struct copy {
    int64_t key; /* original start, or KEY_SINGLE */
    int64_t start;
    int64_t duration;
    int64_t stamp;
    int32_t seq;
    int32_t ev; /* the record that gives time, status and attendees */
    int32_t file, line;
    bool cancelled, all_day;
};

struct copyvec {
    struct copy *v;
    size_t n, cap;
    struct copy *tmp; /* the merge sort's room, cap entries */
    size_t tmp_cap;
};

/* One file to read, in path order. Filled by whichever thread reads it. */
struct job {
    const char *path;
    /* The file opened ahead of its reading, its bytes asked of the disk
     * (load_threads.c): that descriptor plus one; 0 when not (yet), -1 once
     * its reader took it or went without. */
    atomic_int ahead;
    bool named;   /* given on the command line, not found in a folder */
    bool regular; /* a regular file when listed: only such are opened ahead */
    bool done;
    int rc;        /* LSN_OK, or the error that ends the load */
    char *error;   /* its message (lsn_error_last() is per thread) */
    bool calendar; /* a calendar at all (else skipped with a warning) */
    bool refused;  /* unusable as a whole inside a folder: skipped, its strings kept */
    bool has_set;
    lsn_rawset set; /* the file's records, merged into the loader's set in path order */
    int64_t vevents;
    size_t bytes;
    char **warnings; /* held, passed on in path order */
    size_t nwarnings, warnings_cap;
};

/* load_files.c: finding and reading the files */

/** Add path, or every file under it when it is a folder (hidden entries skipped). */
int load_walk(struct pathlist *l, const char *path, bool named, int depth);

/* A file's bytes, NUL-terminated; the buffer is kept from file to file by one thread. */
struct load_buf {
    char *data;
    size_t len, cap;
};

/** Read a whole file into buf, refusing what starts no calendar or is too large (see there);
 *  from fd when it is not -1 (path open already: closed here), else from path. */
int load_read_file(struct load_buf *buf, const char *path, int fd);

/* load_threads.c: reading the files on several threads */

/** Read and parse every job into ld->set, merged in path order, counting
 * ld->files and ld->vevents. */
int load_read_all(struct loader *ld,
                  struct job *jobs,
                  size_t njobs,
                  const lsn_org *org,
                  const lsn_load_options *opts);

/* load_expand.c: recurrences, their cache and the load's budget of work */

/** Charge work to the load's budget; LSN_EPARSE past it, naming ev. */
int load_charge(struct loader *ld, const lsn_raw_event *ev, double units);

/* What load_expand() is asked: a record's original starts in [lo, hi). */
struct expand_query {
    const lsn_raw_event *ev;
    int64_t lo, hi;
    bool window; /* the range is the window's: the instance limit applies */
};

/** Original starts of q's recurring event in its range, sorted, EXDATEs removed. */
int load_expand(struct i64vec *out, int *verdict, struct loader *ld, const struct expand_query *q);

/** A hash of what the expansion of ev depends on. */
uint64_t load_recurrence_signature(const lsn_rawset *set, const lsn_raw_event *ev);

/** load_recurrence_signature() of record i, | 1 (never 0), computed once per record. */
uint64_t load_event_signature(struct loader *ld, size_t i);

/** The same rule, dates, zone and start (not comparing the local DTSTART). */
bool load_same_recurrence(const lsn_rawset *set, const lsn_raw_event *a, const lsn_raw_event *b);

/** The expansion of record evi in the loader's range, through the cache. */
int load_expand_cached(struct i64vec *out, struct loader *ld, int32_t evi, int *verdict);

/** The latest instance start not later than bound over every record
 * (LSN_TIME_NONE: none), found on the load's threads as by one. */
int load_latest_before(int64_t *out, struct loader *ld, int64_t bound);

/** Expand every recurring record once, on the load's threads with the same
 * results as on one; one over a limit becomes malformed. */
int load_check_expansions(struct loader *ld);

/* load_merge.c: references between files, copies, decisions */

/** Join Graph occurrences to their masters and Outlook copies to one identity. */
int load_resolve_references(struct loader *ld);

/** Merge and decide the records of one UID (idx in file and line order);
 * the instances kept go to ld->out. */
int load_process_group(struct loader *ld, struct copyvec *copies, const int32_t *idx, size_t n);

/** Add out's instances to ld->cal, resolving their addresses, and its counts to ld->stats. */
int load_add_pending(struct loader *ld, const struct groupout *out);

/* load_groups.c: merging the UID groups on several threads */

/** Merge and decide every UID group of idx (records sorted by UID, then
 * file and line) into ld->cal, in group order whatever the threads. */
int load_merge_groups(struct loader *ld, const int32_t *idx, const lsn_load_options *opts);

/* load_window.c: the window and the span */

/** Fix the window from the options, or from the data when they leave it open. */
int load_set_window(struct loader *ld, const lsn_load_options *opts, lsn_window *w);

/** The dates of the first and last instance start, whatever the window. */
void load_record_span(struct loader *ld, lsn_input_stats *st);

#endif
