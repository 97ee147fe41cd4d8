/*
 * io/raw.h — the format-neutral event records that every calendar format
 * of io/formats.c (iCalendar, Outlook CSV, Graph JSON) produces, before
 * expansion, merging and accounting (io/load.c and its load_*.c). Internal
 * to io/.
 *
 * One lsn_raw_event is one source record (a VEVENT, a CSV row, a Graph
 * event). Strings are interned in the set; times are UTC seconds except the
 * local DTSTART that recurrence expansion needs, with its zone.
 *
 * Formats without iCalendar's identities (io/outlook.c, io/msgraph.c) leave
 * references that io/load_merge.c resolves once every file is read: a Graph
 * occurrence names its master by the master's mailbox-specific id, and an
 * Outlook row's copies are found by (subject, start, organizer).
 */
#ifndef LSN_IO_RAW_H
#define LSN_IO_RAW_H

#include "io/idmap.h"
#include "io/model.h"

#include <libical/ical.h>
#include <stdbool.h>
#include <stdint.h>

#define LSN_TIME_NONE INT64_MIN

enum lsn_partstat {
    LSN_PS_NEEDS_ACTION = 0, /* also: no PARTSTAT at all */
    LSN_PS_ACCEPTED,
    LSN_PS_DECLINED,
    LSN_PS_TENTATIVE,
    LSN_PS_DELEGATED
};

enum lsn_cutype { LSN_CU_PERSON = 0, LSN_CU_GROUP, LSN_CU_ROOM };

/*
 * The part a record plays in a series whose instances may be listed one by
 * one (Microsoft Graph). A master is expanded from its rule only when no
 * occurrence or exception record of its series is in the data (SPEC §1.4).
 */
enum lsn_series_role {
    LSN_ROLE_NONE = 0,   /* iCalendar, Outlook CSV, Graph singleInstance */
    LSN_ROLE_MASTER,     /* Graph seriesMaster */
    LSN_ROLE_OCCURRENCE, /* Graph occurrence: has_recid, recurrence_id = originalStart */
    LSN_ROLE_EXCEPTION   /* Graph exception: the same, moved or changed */
};

/*
 * First byte of an attendee or organizer that is a display name no roster
 * person answers to (Outlook CSV, a Graph attendee without an address). The
 * calendar classifies such a participant as unknown, never external, and
 * lists it by the name without this byte (io/calendar.c).
 */
#define LSN_NAME_MARK '\x02'

typedef struct lsn_raw_attendee {
    int32_t addr;     /* interned normalised address */
    uint8_t partstat; /* enum lsn_partstat */
    uint8_t cutype;   /* enum lsn_cutype */
    bool nonparticipant;
} lsn_raw_attendee;

/* Zone ids: a registry index, or one of these. */
#define LSN_ZONE_UTC (-1)
#define LSN_ZONE_FLOATING (-2)

typedef struct lsn_raw_event {
    int32_t file;
    int32_t line;
    int32_t uid;       /* interned; a synthetic "nouid:..." when the source had none */
    int32_t summary;   /* interned, "" when none */
    int32_t organizer; /* interned address, -1 when none */
    uint32_t att_first, att_count;

    int64_t start;         /* UTC; for all-day events local midnight in the zone */
    int64_t duration;      /* seconds; may be <= 0 */
    int64_t recurrence_id; /* UTC, when has_recid */
    int64_t dtstamp;       /* UTC, LSN_TIME_NONE when absent */
    int32_t sequence;

    bool has_recid;
    bool range_future; /* RECURRENCE-ID;RANGE=THISANDFUTURE */
    bool all_day;
    bool cancelled;
    bool malformed;      /* cannot be used at all; the warning was already given */
    uint8_t series_role; /* enum lsn_series_role */

    /* References resolved by io/load_merge.c after every file is read; -1 none. */
    int32_t source_id;  /* Graph: the record's `id` (mailbox-specific), interned */
    int32_t master_ref; /* Graph occurrence/exception: `seriesMasterId`, interned */
    int32_t copy_key;   /* Outlook: "subject, start, organizer" identity, interned */

    /* Recurrence: expanded in the local time of dtstart_local in zone. */
    int32_t zone;
    icaltimetype dtstart_local;          /* zone pointer not kept; see `zone` */
    uint32_t rule_first, rule_count;     /* RRULE strings (ids) in set->rules */
    uint32_t rdate_first, rdate_count;   /* UTC times in set->times */
    uint32_t exdate_first, exdate_count; /* UTC times in set->times */
    uint32_t exday_first, exday_count;   /* EXDATE as DATE: local days since epoch */
} lsn_raw_event;

/*
 * Time zones defined by VTIMEZONE blocks, shared by every rawset of one load
 * (and by the threads that fill them): each distinct definition is parsed
 * and turned into an icaltimezone once, which then serves every file that
 * repeats it. Thread-safe; owns its zones.
 */
typedef struct lsn_zonecache lsn_zonecache;

/** A new empty cache; LSN_OK or LSN_ENOMEM (no message). */
int lsn_zonecache_new(lsn_zonecache **out);

/** Free the cache and every zone it made; NULL is fine. No rawset that uses it may be used after.
 */
void lsn_zonecache_free(lsn_zonecache *zc);

typedef struct lsn_rawset {
    lsn_strmap *strings; /* uids, summaries, addresses, rules */
    lsn_raw_event *events;
    size_t nevents, events_cap;
    lsn_raw_attendee *attendees;
    size_t nattendees, attendees_cap;
    int32_t *rules;
    size_t nrules, rules_cap;
    int64_t *times;
    size_t ntimes, times_cap;
    char **files;
    size_t nfiles, files_cap;
    /* Time zones kept alive for expansion: distinct VTIMEZONE definitions
     * (owned by zonecache) and libical's builtin zones (never freed). */
    lsn_strmap *zone_keys;
    icaltimezone **zones;
    size_t zones_cap;
    lsn_zonecache *zonecache;
    bool own_zonecache;
    int64_t malformed_unkeyed; /* malformed records without a usable identity */
} lsn_rawset;

/**
 * An empty set. zones: the cache of VTIMEZONE definitions to share with
 * other sets (borrowed, must outlive the set), or NULL for a private one.
 * Returns LSN_OK or LSN_ENOMEM (no message).
 */
int lsn_rawset_init(lsn_rawset *set, lsn_zonecache *zones);
void lsn_rawset_destroy(lsn_rawset *set);

/**
 * Append src to dst as if the files of src had been read into dst
 * directly after what dst holds: strings and zones are interned in the
 * order src first used them, so every id in dst is the one a single set
 * would have given, however the files were spread over sets. Each distinct
 * string of src costs one lookup in dst, not one per use. src and dst must
 * share a zonecache. With records == false only the strings and zones are
 * taken: what a file that was refused half-way leaves behind (its records
 * are dropped, what it interned stays).
 *
 * @return LSN_OK or LSN_ENOMEM. src is unchanged; destroy it after.
 *         Cost: O(size of src).
 */
int lsn_rawset_merge(lsn_rawset *dst, const lsn_rawset *src, bool records);

/**
 * Empty set, as lsn_rawset_init() with the same zonecache makes it, that
 * keeps its memory for the next file (a reading thread's set goes from
 * file to file without growing again).
 */
void lsn_rawset_clear(lsn_rawset *set);

/**
 * Make room for at least this many records, attendees, rules and times in
 * all, so that filling the set up to there moves none of them (not the
 * strings: most of a file's are in the table already). Returns LSN_OK or
 * LSN_ENOMEM (the set is then as it was, with maybe some of the room).
 */
int lsn_rawset_reserve(
    lsn_rawset *set, size_t events, size_t attendees, size_t rules, size_t times);

/** Intern a string; returns its id or a negative LSN_E* code. */
int32_t lsn_rawset_str(lsn_rawset *set, const char *s, size_t len);

/** Append a file path; returns its index or a negative code. */
int32_t lsn_rawset_add_file(lsn_rawset *set, const char *path);

/** Reserve one zeroed event at the end; NULL on out of memory. */
lsn_raw_event *lsn_rawset_new_event(lsn_rawset *set);

int lsn_rawset_add_attendee(lsn_rawset *set, const lsn_raw_attendee *a);
int lsn_rawset_add_rule(lsn_rawset *set, int32_t rule);
int lsn_rawset_add_time(lsn_rawset *set, int64_t t);

/* What reading one VTIMEZONE block gave. */
enum lsn_vtz_status {
    LSN_VTZ_OK = 0,     /* registered */
    LSN_VTZ_UNREADABLE, /* libical could not read it as a VTIMEZONE */
    LSN_VTZ_NO_TZID,    /* it has no TZID */
    LSN_VTZ_NO_RULES,   /* no STANDARD or DAYLIGHT part: cannot convert times */
    LSN_VTZ_TOO_COSTLY  /* its rules cost more transitions than io/limits.h allows */
};

/**
 * Register the time zone defined by one VTIMEZONE block (its text from
 * BEGIN:VTIMEZONE, len bytes, not necessarily NUL-terminated). The block
 * is parsed with libical only the first time its text is seen by the set's
 * zonecache; identical definitions (same TZID and same content as libical
 * writes it back) from many files share one zone and one id.
 *
 * @param[out] out    the zone id, -1 unless status is LSN_VTZ_OK
 * @param[out] status what the block gave; only LSN_VTZ_OK registers a zone
 * @param[out] tzid   its TZID when status is LSN_VTZ_OK (borrowed from the
 *                    zonecache), NULL otherwise
 * @return LSN_OK or LSN_ENOMEM. Thread-safe for sets on different threads
 *         that share a zonecache.
 */
int lsn_rawset_add_vtimezone(
    int32_t *out, lsn_rawset *set, const char *text, size_t len, int *status, const char **tzid);

/**
 * Register one of libical's builtin zones (never freed) under its name.
 * Returns the zone id or a negative code. O(1) after the first time.
 */
int32_t lsn_rawset_add_builtin_zone(lsn_rawset *set, const char *name, icaltimezone *zone);

/** The icaltimezone for a zone id (NULL for floating; the UTC zone for UTC). */
const icaltimezone *lsn_rawset_zone(const lsn_rawset *set, int32_t zone);

/**
 * Resolve a zone name that no VTIMEZONE in the file defines: an IANA name
 * (libical's builtin zones from the system tzdata), a libical
 * "/.../Tzfile/Area/City" id, or a Windows name ("W. Europe Standard Time",
 * through ICU). Returns NULL when the name is unknown.
 */
icaltimezone *lsn_zone_builtin(const char *name);

/**
 * Intern the address of one person token as calendar exports write it: an
 * email ("mailto:" allowed), "Display Name <email>", a quoted name, or a bare
 * display name. A name is resolved through the roster (people.csv `name`,
 * case-insensitive; "Last, First" is also tried as "First Last"); a name
 * that matches nobody, or several people, becomes LSN_NAME_MARK + the name
 * in lowercase, an unknown participant.
 *
 * @param[out] out the string id, -1 for an empty token
 * @param set  destination of the interned string
 * @param org  the roster, or NULL (then names are never resolved)
 * @param token the text, not necessarily trimmed
 * @param len  its length in bytes
 * @param[out] ambiguous NULL, or set to true when the name matched several
 *             roster people (false otherwise)
 * @return LSN_OK or LSN_ENOMEM.
 */
int lsn_rawset_person(int32_t *out,
                      lsn_rawset *set,
                      const lsn_org *org,
                      const char *token,
                      size_t len,
                      bool *ambiguous);

/*
 * The file a format's parser reads (io/formats.h) and what it reads it
 * against: the set its records go to, the file's index there and its path
 * (for messages), the roster (attendees given only by name; may be NULL),
 * the zone of floating times, and the reading thread's iCalendar scratch
 * (io/ics.h; NULL: the iCalendar reader makes a temporary one).
 */
typedef struct lsn_raw_source {
    lsn_rawset *set;
    int32_t file;
    const char *path; /* set->files[file], borrowed */
    const lsn_org *org;
    const icaltimezone *floating;
    struct lsn_ics_scratch *ics;
} lsn_raw_source;

/** The source of file `file` of set, its path filled in, no scratch. */
lsn_raw_source
lsn_raw_source_of(lsn_rawset *set, int32_t file, const lsn_org *org, const icaltimezone *floating);

/** The local time y-m-d h:mi:s as libical holds it: no zone, not a date. */
icaltimetype lsn_local_time(int y, int m, int d, int h, int mi, int s);

/** UTC seconds of a local time in zone (its own zone is ignored); a date is
 * its local midnight. Years after LSN_LIMIT_ZONE_LAST_YEAR use the offsets
 * of 400 years earlier (io/limits.h). */
int64_t lsn_local_to_utc(icaltimetype t, const icaltimezone *zone);

#endif
