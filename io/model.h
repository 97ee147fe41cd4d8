/*
 * io/model.h — the organization (people, units, needs) and its meetings
 * (used instances after expansion, merging and skipping), as every analysis
 * pass sees them. Loaders build these through the builder functions below;
 * tests may build them by hand the same way.
 *
 * Indices are dense int32_t: people 0..P-1, units 0..U-1, participants
 * 0..N-1 (the first P participants ARE the roster people, same index),
 * series 0..S-1, instances 0..I-1. -1 means "none".
 */
#ifndef LSN_IO_MODEL_H
#define LSN_IO_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------------ */
/* The organization                                                     */
/* ------------------------------------------------------------------ */

typedef enum lsn_context {
    LSN_CONTEXT_MINIMAL = 0,
    LSN_CONTEXT_MODERATE = 1,
    LSN_CONTEXT_DEEP = 2
} lsn_context;

/** "minimal", "moderate" or "deep". */
const char *lsn_context_name(lsn_context c);

typedef struct lsn_person {
    const char *email; /* normalised identity (trimmed, no mailto:, lowercase) */
    const char *name;  /* display name, "" when none */
    int32_t team;      /* index of the person's team in lsn_org_units() */
    int32_t manager;   /* index of the manager in lsn_org_people(), -1 none */
    int32_t line;      /* line in people.csv, 0 when built in code */
} lsn_person;

/** A node of the hierarchy: a team (people sit in it) or an org unit. */
typedef struct lsn_unit {
    const char *id;
    const char *name;     /* display name, "" when none */
    int32_t parent;       /* -1 only for the root */
    int32_t depth;        /* 0 for the root */
    int32_t headcount;    /* people whose team is this unit */
    int32_t people_under; /* people in this unit and every unit below it */
    bool synthetic;       /* the "(org)" root made above several roots */
    const char *kind;     /* a catalog Group's spec.type ("team", "department"), "" when none */
} lsn_unit;

/** Where a need was declared. */
typedef enum lsn_need_source {
    LSN_NEED_CSV = 0,    /* a needs.csv row (or built in code) */
    LSN_NEED_CATALOG = 1 /* derived from a software catalog's dependencies (io/catalog.h) */
} lsn_need_source;

/** "csv" or "catalog". */
const char *lsn_need_source_name(lsn_need_source s);

/**
 * One dependency edge behind a derived need: `entity` (owned by the team
 * that needs context) depends on `target` (owned by the team it needs
 * context from). Entity references in full form, "component:default/web".
 */
typedef struct lsn_evidence {
    const char *entity;
    const char *relation; /* "dependsOn", "consumesApis" or "dependencyOf" (written on target) */
    const char *target;
} lsn_evidence;

/**
 * A readable phrase for one evidence edge, "web depends on payments's
 * ledger-api" (kinds and the default namespace left out; owner, the team
 * that owns the target, left out when NULL), written into buf of size
 * bytes (truncated when longer). Returns buf.
 */
char *lsn_evidence_phrase(char *buf, size_t size, const lsn_evidence *e, const char *owner);

typedef struct lsn_need {
    int32_t team; /* the team that needs context (unit index) */
    int32_t from; /* the team or unit it needs context from (unit index) */
    lsn_context context;
    bool availability;
    int32_t line; /* line in needs.csv, 0 when built in code */
    lsn_need_source source;
    int32_t weight; /* catalog: the dependency edges behind it (its evidence); csv: 0 */
} lsn_need;

typedef struct lsn_org lsn_org;

/** An empty organization. Returns LSN_OK or LSN_ENOMEM; *out NULL on failure. */
int lsn_org_new(lsn_org **out);

/** Free the organization; NULL is fine. */
void lsn_org_free(lsn_org *org);

/** Where a row was read, only used in messages: file NULL when built in code. */
typedef struct lsn_row_at {
    const char *file;
    int line;
} lsn_row_at;

/** A unit of the hierarchy (a teams.csv row). */
typedef struct lsn_unit_row {
    const char *id;
    const char *parent; /* NULL or "" for a root */
    const char *name;
    lsn_row_at at;
} lsn_unit_row;

/**
 * Declare a unit. Units may be declared in any order; parents are resolved by
 * lsn_org_finish(). Returns LSN_OK, LSN_EPARSE (duplicate unit id) or LSN_ENOMEM.
 */
int lsn_org_add_unit(lsn_org *org, const lsn_unit_row *row);

/** A person (a people.csv row). */
typedef struct lsn_person_row {
    const char *email;   /* normalised already (lsn_email_normalize) */
    const char *name;    /* NULL or "" for none */
    const char *team;    /* a unit id, created as a team under the root when not declared */
    const char *manager; /* an email, or NULL/"" */
    lsn_row_at at;
} lsn_person_row;

/** Add a person. Returns LSN_OK, LSN_EPARSE (duplicate email) or LSN_ENOMEM. */
int lsn_org_add_person(lsn_org *org, const lsn_person_row *row);

/**
 * A need (a needs.csv row, or derived from a software catalog); team and from
 * are unit ids, resolved by lsn_org_finish().
 */
typedef struct lsn_need_row {
    const char *team;
    const char *from;
    lsn_context context;
    bool availability;
    lsn_need_source source;
    const lsn_evidence *evidence; /* LSN_NEED_CATALOG: the edges behind it, copied */
    size_t nevidence;
    lsn_row_at at;
} lsn_need_row;

/**
 * Add a need. A LSN_NEED_CATALOG one gets weight = nevidence; lsn_org_finish()
 * drops it when a csv need names the same pair (the csv wins) and, with a
 * warning naming file:line, when a team it names is no unit (the catalog's
 * Groups were overridden by teams.csv). Returns LSN_OK or LSN_ENOMEM.
 */
int lsn_org_add_need(lsn_org *org, const lsn_need_row *row);

/**
 * Where need i of lsn_org_needs() comes from, as a sentence to append to an
 * explanation: "" for a csv need; for a derived one " The need comes from
 * the catalog: web consumes payments's ledger-api and 2 more." (at most two
 * edges named). Written into buf of size bytes (truncated). Returns buf.
 */
char *lsn_org_need_because(const lsn_org *org, size_t i, char *buf, size_t size);

/**
 * Set the kind of a declared unit (a catalog Group's spec.type). Returns
 * LSN_OK, LSN_ENOTFOUND (no declared unit with this id) or LSN_ENOMEM.
 */
int lsn_org_set_unit_kind(lsn_org *org, const char *id, const char *kind);

/**
 * The evidence of need i of lsn_org_needs() (empty for a csv need);
 * borrowed, lives as long as org.
 */
const lsn_evidence *lsn_org_need_evidence(const lsn_org *org, size_t i, size_t *count);

/**
 * Resolve the hierarchy after every add: parents, the root (the single
 * declared root, or a synthetic "(org)" above several), depths, headcounts,
 * managers, needs. Fails with LSN_EPARSE and a "FILE:LINE: ..." message on a
 * cycle, a unit that is its own parent, an unknown parent, a need naming an
 * unknown team. A manager email not in the roster is a warning and no
 * manager. Call exactly once; afterwards the org is read-only.
 */
int lsn_org_finish(lsn_org *org);

/**
 * The last step of building an organization: rc is what the building so far
 * returned. When it is LSN_OK, lsn_org_finish(org) and hand org out through
 * *out; otherwise, or when finishing fails, free org. Returns the first
 * failure, or LSN_OK.
 */
int lsn_org_finish_into(lsn_org **out, lsn_org *org, int rc);

/** People in roster order; borrowed. */
const lsn_person *lsn_org_people(const lsn_org *org, size_t *count);

/** Every unit (teams and org units, root included); borrowed. */
const lsn_unit *lsn_org_units(const lsn_org *org, size_t *count);

/** The people's indices by email in strcmp order (lsn_org_people() count of
 * them); borrowed, made when the org is finished. */
const int32_t *lsn_org_people_by_email(const lsn_org *org);

/** Each person's place in lsn_org_people_by_email() (0: the first). */
const int32_t *lsn_org_people_rank(const lsn_org *org);

/** The units' indices by id in strcmp order (lsn_org_units() count). */
const int32_t *lsn_org_units_by_id(const lsn_org *org);

/** Each unit's place in lsn_org_units_by_id(). */
const int32_t *lsn_org_units_rank(const lsn_org *org);

/** Declared needs in file order; borrowed. */
const lsn_need *lsn_org_needs(const lsn_org *org, size_t *count);

/** Index of the root unit. */
int32_t lsn_org_root(const lsn_org *org);

/** Index of the person with this normalised email, or -1. O(1). */
int32_t lsn_org_find_person(const lsn_org *org, const char *email);

/** Index of the unit with this id, or -1. O(1). */
int32_t lsn_org_find_unit(const lsn_org *org, const char *id);

/**
 * Index of the only person whose display name equals name (case-insensitive
 * after trimming), -1 when none, -2 when several people share it. O(1).
 */
int32_t lsn_org_find_person_by_name(const lsn_org *org, const char *name);

/** True when domain (lowercase, without "@") is the domain of some roster email. */
bool lsn_org_has_domain(const lsn_org *org, const char *domain);

/** True when unit `inner` is `outer` or lies below it. O(depth). */
bool lsn_org_unit_within(const lsn_org *org, int32_t inner, int32_t outer);

/* ------------------------------------------------------------------ */
/* Renamed copies (pseudonymization, io/anon.h)                         */
/* ------------------------------------------------------------------ */

/** What a string handed to an lsn_rename_fn is. */
typedef enum lsn_text_kind {
    LSN_TEXT_EMAIL = 0,   /* a roster email, or a participant address outside the roster */
    LSN_TEXT_PERSON_NAME, /* a roster display name (may be ""); owner: the person's email */
    LSN_TEXT_UNRESOLVED,  /* a display name an Outlook export gave that no roster person has */
    LSN_TEXT_GROUP,       /* a group address */
    LSN_TEXT_UNIT,        /* a team or unit id (never the synthetic root); also the
                             catalog entity references of a need's evidence */
    LSN_TEXT_UNIT_NAME,   /* a unit's display name (may be ""); owner: the unit's id */
    LSN_TEXT_UID,         /* a meeting series identity */
    LSN_TEXT_SUBJECT,     /* a series' subject (may be ""); owner: the series UID */
    LSN_TEXT_PATH         /* an input file path */
} lsn_text_kind;

/**
 * The replacement of text, or NULL when out of memory (with the message
 * set). The returned string must stay valid until the copy that asked for
 * it is built (the copy keeps its own). Distinct texts of one kind must get
 * distinct replacements: emails, unit ids and UIDs are identities.
 */
typedef const char *(*lsn_rename_fn)(void *ud,
                                     lsn_text_kind kind,
                                     const char *text,
                                     const char *owner);

/**
 * A copy of a finished org with every identifying string passed through
 * fn: emails, display names, unit ids (except the synthetic root) and unit
 * names. People, units and needs keep their indices, hierarchy, headcounts
 * and managers; the copy is finished (read-only).
 *
 * @param[out] out the copy, owned by the caller; NULL on failure
 * @return LSN_OK; LSN_EINVAL when fn gives two people (or two units) the
 *         same identity; LSN_ENOMEM. Cost: O(people + units + needs).
 */
int lsn_org_rename(lsn_org **out, const lsn_org *base, lsn_rename_fn fn, void *ud);

/**
 * Normalise an email in place: trim white space, drop a "mailto:" prefix
 * (any case), lowercase. Returns s.
 */
char *lsn_email_normalize(char *s);

/* ------------------------------------------------------------------ */
/* Meetings                                                             */
/* ------------------------------------------------------------------ */

typedef enum lsn_pkind {
    LSN_P_ROSTER = 0,   /* a person of people.csv */
    LSN_P_UNKNOWN = 1,  /* a roster domain, not in people.csv */
    LSN_P_EXTERNAL = 2, /* another domain, or no domain */
    LSN_P_GROUP = 3     /* a group address (CUTYPE=GROUP): one unresolved participant */
} lsn_pkind;

typedef struct lsn_participant {
    const char *address; /* normalised email (or the name when there is no address) */
    lsn_pkind kind;
    int32_t person; /* roster index when kind is LSN_P_ROSTER, else -1 */
} lsn_participant;

typedef struct lsn_series {
    const char *uid;     /* the UID (or the synthetic identity of formats without one) */
    const char *summary; /* meeting subject, "" when none */
} lsn_series;

typedef struct lsn_instance {
    int32_t series;         /* index into lsn_calendar_series() */
    int32_t organizer;      /* participant index, -1 when none is present */
    int64_t start;          /* UTC seconds since the epoch, after any move */
    int64_t original_start; /* the identity: UTC start before any move */
    int32_t duration;       /* seconds, > 0 */
    uint32_t first;         /* first present participant in lsn_calendar_present() */
    uint32_t count;         /* number of present participants (n of SPEC §2) */
} lsn_instance;

typedef enum lsn_skip {
    LSN_SKIP_ALL_DAY = 0,
    LSN_SKIP_CANCELLED,
    LSN_SKIP_TOO_FEW_PEOPLE,
    LSN_SKIP_NONPOSITIVE_DURATION,
    LSN_SKIP_MALFORMED,
    LSN_SKIP_COUNT
} lsn_skip;

/** "all_day", "cancelled", "too_few_people", "nonpositive_duration", "malformed". */
const char *lsn_skip_name(lsn_skip s);

/**
 * The local dates of the first and last instance start the calendars hold,
 * whatever the window (the last as the default window sees it: not after
 * the newest DTSTAMP). lsn_calendar_load() records it only when no instance
 * of the window is used, for the message that refuses such a window.
 */
typedef struct lsn_span {
    bool known;     /* false: not recorded, or no usable event at all */
    char first[11]; /* YYYY-MM-DD in the window's zone */
    char last[11];
} lsn_span;

/** The accounting of SPEC §1.4. read == used + sum(skipped). */
typedef struct lsn_input_stats {
    int64_t files;
    int64_t vevents; /* source event records of any format */
    int64_t read;
    int64_t used;
    int64_t skipped[LSN_SKIP_COUNT];
    int64_t duplicates_merged;
    int64_t people_present; /* roster people present at a used instance */
    int64_t unknown;        /* distinct unknown addresses at used instances */
    int64_t external;
    int64_t groups;
    int64_t warnings;
    lsn_span span; /* the calendars' dates; see lsn_span */
} lsn_input_stats;

/** The analysis window: [from, to) in UTC seconds, and its dates in the zone tz. */
typedef struct lsn_window {
    int64_t from;
    int64_t to;
    char from_date[11]; /* YYYY-MM-DD */
    char to_date[11];
    char tz[64]; /* IANA zone name, "UTC" by default */
} lsn_window;

/** Length of the window in weeks (to - from) / 604800, as a double. */
double lsn_window_weeks(const lsn_window *w);

typedef struct lsn_calendar lsn_calendar;

/**
 * An empty calendar for the people of org (which must outlive it).
 * Returns LSN_OK or LSN_ENOMEM.
 */
int lsn_calendar_new(lsn_calendar **out, const lsn_org *org, const lsn_window *window);

/** Free the calendar; NULL is fine. */
void lsn_calendar_free(lsn_calendar *cal);

/* One used instance, as lsn_calendar_add_instance() is given it. */
typedef struct lsn_instance_spec {
    const char *uid;
    const char *summary; /* NULL: none */
    int64_t start, original_start;
    int32_t duration;
    const char *organizer;       /* NULL: none */
    const char *const *present;  /* raw addresses of the people and others */
    size_t npresent;
    const char *const *groups;   /* raw addresses of the groups present */
    size_t ngroups;
} lsn_instance_spec;

/**
 * Add one used instance. Addresses are raw (normalised here) and are
 * classified against the org (roster, unknown, external); `groups` lists the
 * present group addresses separately. Duplicates in `present` are merged.
 * The caller has already decided the instance is a meeting (>= 2 present,
 * duration > 0); this function does not count skips.
 * The organizer is recorded only when present in the lists.
 * Returns LSN_OK or LSN_ENOMEM.
 */
int lsn_calendar_add_instance(lsn_calendar *cal, const lsn_instance_spec *spec);

/**
 * Sort everything into its deterministic order (series by UID, instances by
 * series then original start, participants: roster first in roster order,
 * then other addresses sorted) and fill the participant counts of the stats.
 * Call once after the last add; afterwards the calendar is read-only.
 */
int lsn_calendar_finish(lsn_calendar *cal);

/** Mutable accounting, for loaders to fill before lsn_calendar_finish(). */
lsn_input_stats *lsn_calendar_stats_mut(lsn_calendar *cal);

/** Record an input file path (in path order); the copy is owned by cal. */
int lsn_calendar_add_file(lsn_calendar *cal, const char *path);

const lsn_input_stats *lsn_calendar_stats(const lsn_calendar *cal);
const lsn_window *lsn_calendar_window(const lsn_calendar *cal);
const lsn_org *lsn_calendar_org(const lsn_calendar *cal);
const char *const *lsn_calendar_files(const lsn_calendar *cal, size_t *count);

/** Used instances sorted by (series, original_start); borrowed. */
const lsn_instance *lsn_calendar_instances(const lsn_calendar *cal, size_t *count);

/** Present participant indices; instance i owns [first, first+count), sorted ascending. */
const int32_t *lsn_calendar_present(const lsn_calendar *cal);

/** Series sorted by UID; borrowed. */
const lsn_series *lsn_calendar_series(const lsn_calendar *cal, size_t *count);

/**
 * Participants present at used instances: roster people first (participant
 * i is person i, whether present or not), then the others sorted by address.
 */
const lsn_participant *lsn_calendar_participants(const lsn_calendar *cal, size_t *count);

/** True when roster person p is present at some used instance. */
bool lsn_calendar_person_present(const lsn_calendar *cal, int32_t p);

/* ------------------------------------------------------------------ */
/* Derived calendars (scenarios and time slices)                        */
/* ------------------------------------------------------------------ */

/**
 * The same meetings seen through another roster: every used instance of base
 * is added again, by address, to a new calendar for org. A participant is
 * classified against org exactly as a loader would: an address of org's
 * people.csv becomes that roster person; any other address is unknown when
 * its domain is a domain of org's roster and external otherwise; group
 * addresses stay groups. Series, times, durations and organizers are kept.
 * The window and the input files are copied; the input accounting is copied
 * (files, vevents, read, used, skipped, duplicates_merged, warnings) and the
 * participant counts (people_present, unknown, external, groups) are
 * recounted for org, so the result equals what lsn_calendar_load() would
 * build from the same files against org. One exception: attendees that an
 * Outlook CSV names by display name were resolved once, against the roster
 * the calendar was loaded with; a name no person of that roster had stays
 * an unresolved (unknown) name here.
 *
 * @param[out] out the new calendar, owned by the caller; NULL on failure
 * @param base     a finished calendar (borrowed; may be freed afterwards)
 * @param org      the roster to classify against; must outlive *out
 * @return LSN_OK or LSN_ENOMEM. Cost: O(total present participants, times
 *         log n per instance for the sort) + the sort of lsn_calendar_finish().
 */
int lsn_calendar_remap(lsn_calendar **out, const lsn_calendar *base, const lsn_org *org);

/**
 * The same meetings with every identifying string renamed: a calendar for
 * org, which must be lsn_org_rename() of base's org (same people in the same
 * order). Roster participants become org's people by index; every other
 * participant address (LSN_TEXT_EMAIL, LSN_TEXT_UNRESOLVED or
 * LSN_TEXT_GROUP), every series UID and subject, and every input path goes
 * through fn. Participant kinds (unknown, external, group) are kept as they
 * were, not classified again; times, durations, organizers and the input
 * accounting are copied. Everything is then sorted again by the new
 * strings, exactly as lsn_calendar_finish() does, so no order of the
 * original strings shows through.
 * A renamed calendar is meant to be analyzed, not remapped or sliced: those
 * classify addresses by domain again, and renamed addresses may have none.
 *
 * @param[out] out the copy, owned by the caller; NULL on failure
 * @return LSN_OK, LSN_EINVAL (org does not match, or fn gives two
 *         participants one address) or LSN_ENOMEM. Cost: as
 *         lsn_calendar_remap().
 */
int lsn_calendar_rename(
    lsn_calendar **out, const lsn_calendar *base, const lsn_org *org, lsn_rename_fn fn, void *ud);

/** What lsn_calendar_edit() changes in every instance of one series. */
typedef struct lsn_presence_edit {
    const int32_t *add; /* roster people present in addition (no repeats) */
    size_t nadd;
    const int32_t *remove; /* roster people no longer present (none of add) */
    size_t nremove;
} lsn_presence_edit;

/** Fill *out for series s (it starts empty); borrowed arrays stay valid until the next call. */
typedef void (*lsn_presence_fn)(void *ud, int32_t series, lsn_presence_edit *out);

/**
 * lsn_calendar_remap() with the presence of roster people edited series by
 * series: fn says who joins and who leaves every instance of each series
 * of base (people are indices of base's org, matched by email in org). An
 * instance left with fewer than two present participants is skipped as
 * `too_few_people` (the accounting moves it from used to skipped), exactly
 * as a loader would skip it had the calendar files been edited.
 *
 * When org is base's own org and no instance is dropped, the copy is made
 * by index and borrows base's strings (series, addresses): base must then
 * outlive *out. Either way the result is what the loader would build.
 *
 * @param[out] out the new calendar, owned by the caller; NULL on failure
 * @return LSN_OK or LSN_ENOMEM. Cost: as lsn_calendar_remap() plus the
 *         edits (added x log n, removed x n per instance); by index
 *         O(instances + present participants), no address hashed.
 */
int lsn_calendar_edit(lsn_calendar **out,
                      const lsn_calendar *base,
                      const lsn_org *org,
                      lsn_presence_fn fn,
                      void *ud);

/**
 * A time slice of cal: the used instances whose (possibly moved) start lies
 * in [from, to), in a calendar whose window is [from, to) (from_date and
 * to_date are the local dates of from and to in cal's zone; the zone is
 * kept). Same org and files as cal. The accounting describes the slice:
 * files, vevents and warnings are copied, read = used = the instances kept,
 * skipped and duplicates_merged are 0, and the participant counts are
 * recounted over the slice.
 *
 * @param[out] out the slice, owned by the caller; NULL on failure
 * @param cal      a finished calendar (borrowed; its org must outlive *out)
 * @param from     UTC seconds, inclusive
 * @param to       UTC seconds, exclusive; must be > from
 * @return LSN_OK, LSN_EINVAL (to <= from, or a zone libical does not know)
 *         or LSN_ENOMEM. Cost: O(instances + present participants of the
 *         slice) + lsn_calendar_finish().
 */
int lsn_calendar_slice(lsn_calendar **out, const lsn_calendar *cal, int64_t from, int64_t to);

/**
 * Parse a YYYY-MM-DD date; returns LSN_OK or LSN_EINVAL (no message).
 */
int lsn_parse_date(const char *s, int *y, int *m, int *d);

/**
 * UTC seconds of 00:00 local time on the civil date y-m-d in the IANA zone
 * tz (the rule of the window's edges, SPEC §1.5); y-m-d must be a valid
 * date (lsn_parse_date()).
 *
 * @param[out] out the instant
 * @return LSN_OK or LSN_EINVAL "unknown time zone 'NAME'".
 */
int lsn_zone_day_start(int64_t *out, const char *tz, int y, int m, int d);

#endif
