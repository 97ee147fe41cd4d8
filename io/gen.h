/*
 * io/gen.h — the generator of realistic synthetic organizations: a roster
 * (people, teams, needs) and the calendars of every person, as one combined
 * iCalendar export and as per-mailbox exports.
 *
 * The organization is built in memory first (lsn_gen_build) as plain lists of
 * people, units, needs and meeting series; writers turn it into files. Every
 * writer works from the same series list: iCalendar (combined and per
 * mailbox), Outlook CSV and Microsoft Graph JSON (per mailbox), so that the
 * same organization can be read back from each format.
 *
 * Times of a series are local wall-clock times in the series' zone, given as
 * a day number (days since 1970-01-01 of that local date) and a minute of the
 * day. The same seed and options always give the same organization and
 * byte-identical files.
 *
 * Reorg scenarios (lsn_gen_scenario_build) are derived from a built
 * organization: another roster for the same meetings, for `liaison compare`.
 *
 * The implementation lives in io/gen/, one file per topic (gen.c is the top);
 * io/gen/internal.h is what those files share.
 */
#ifndef LSN_IO_GEN_H
#define LSN_IO_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "io/model.h"

/** Options of the generator. Zero-initialised fields mean the defaults. */
typedef struct lsn_gen_options {
    int people;         /* headcount, 20..200000; 0: 150 */
    int weeks;          /* length of the calendar window in weeks, 1..104; 0: 13 */
    uint64_t seed;      /* seed of the random generator; 0: 1 */
    const char *start;  /* first day "YYYY-MM-DD", moved back to its Monday; NULL: 2026-06-01 */
    const char *domain; /* email domain of the company; NULL: "acme.example" */
} lsn_gen_options;

#define LSN_GEN_OPTIONS_INIT                                                                       \
    {                                                                                              \
        .people = 150, .weeks = 13, .seed = 1, .start = NULL, .domain = NULL                       \
    }

/** The generated organization; an opaque handle that owns everything below. */
typedef struct lsn_gen lsn_gen;

/** A roster person. The people of the roster are also parties 0..P-1. */
typedef struct lsn_gen_person {
    const char *email; /* lowercase, first.last@domain */
    const char *name;  /* display name, UTF-8 */
    int32_t team;      /* unit index of the person's team */
    int32_t manager;   /* person index, -1 for the CEO */
    int32_t zone;      /* zone index (lsn_gen_zone_name) */
} lsn_gen_person;

/** A node of the hierarchy: the company, a department, an org unit or a team. */
typedef struct lsn_gen_unit {
    const char *id;   /* teams.csv id, such as "eng-payments-core" */
    const char *name; /* display name */
    int32_t parent;   /* unit index, -1 for the root (unit 0) */
    int32_t head;     /* the unit's head or the team's manager (person), -1 none */
    int32_t zone;     /* the zone most of its people work in */
    bool team;        /* people sit in it (a leaf of the hierarchy) */
} lsn_gen_unit;

/** A declared coordination need (a needs.csv row); team and from are unit indices. */
typedef struct lsn_gen_need {
    int32_t team;
    int32_t from;
    lsn_context context;
    bool availability;
} lsn_gen_need;

/** How an address takes part in meetings. */
typedef enum lsn_gen_cutype {
    LSN_GEN_INDIVIDUAL = 0,
    LSN_GEN_GROUP = 1, /* a mailing-list address (CUTYPE=GROUP) */
    LSN_GEN_ROOM = 2   /* a meeting room (CUTYPE=ROOM) */
} lsn_gen_cutype;

/** Every address that appears in a calendar: roster people first, then the rest. */
typedef struct lsn_gen_party {
    const char *email;
    const char *name; /* "" when none */
    lsn_gen_cutype cutype;
    int32_t person; /* roster index, -1 for rooms, groups, unknown and external people */
} lsn_gen_party;

typedef enum lsn_gen_role {
    LSN_GEN_REQ = 0, /* ROLE=REQ-PARTICIPANT */
    LSN_GEN_OPT = 1, /* ROLE=OPT-PARTICIPANT */
    LSN_GEN_NON = 2  /* ROLE=NON-PARTICIPANT: informed, not present */
} lsn_gen_role;

typedef enum lsn_gen_partstat {
    LSN_GEN_NEEDS_ACTION = 0,
    LSN_GEN_ACCEPTED = 1,
    LSN_GEN_DECLINED = 2,
    LSN_GEN_TENTATIVE = 3
} lsn_gen_partstat;

typedef struct lsn_gen_attendee {
    int32_t party;    /* index into lsn_gen_parties() */
    uint8_t role;     /* lsn_gen_role */
    uint8_t partstat; /* lsn_gen_partstat: the final reply */
} lsn_gen_attendee;

typedef enum lsn_gen_freq {
    LSN_GEN_ONCE = 0, /* a single event */
    LSN_GEN_DAILY = 1,
    LSN_GEN_WEEKLY = 2,
    LSN_GEN_MONTHLY = 3 /* the nth given weekday of the month */
} lsn_gen_freq;

/** The recurrence rule of a series (an RRULE). */
typedef struct lsn_gen_rule {
    lsn_gen_freq freq;
    int32_t interval;  /* >= 1 */
    uint8_t byday;     /* WEEKLY, MONTHLY: bit 0 Monday .. bit 6 Sunday */
    int8_t nth;        /* MONTHLY: 1..4, or -1 for the last */
    int32_t count;     /* COUNT, 0 when none */
    int32_t until_day; /* last local day an instance may start on; INT32_MAX when none */
} lsn_gen_rule;

/** A RECURRENCE-ID override of one instance; its SEQUENCE is the series' + 1. */
typedef struct lsn_gen_override {
    int32_t orig_day; /* RECURRENCE-ID: the original local start (its minute is the series') */
    int32_t day;      /* the new local start */
    int32_t minute;
    int32_t duration; /* minutes */
    bool cancelled;   /* STATUS:CANCELLED for this instance only */
} lsn_gen_override;

/** What a series is, as planned by the generator (ground truth for tests and docs). */
typedef enum lsn_gen_kind {
    LSN_GEN_STANDUP = 0,
    LSN_GEN_PLANNING,
    LSN_GEN_RETRO,
    LSN_GEN_DEMO,
    LSN_GEN_ONE_ON_ONE,
    LSN_GEN_STAFF,
    LSN_GEN_SYNC,
    LSN_GEN_DECISION,
    LSN_GEN_ALL_HANDS,
    LSN_GEN_CUSTOMER,
    LSN_GEN_INTERVIEW,
    LSN_GEN_INCIDENT,
    LSN_GEN_COFFEE,
    LSN_GEN_SOCIAL,
    LSN_GEN_WAR_ROOM,
    LSN_GEN_OFFSITE,
    LSN_GEN_FOCUS,
    LSN_GEN_OUT_OF_OFFICE,
    LSN_GEN_KIND_COUNT
} lsn_gen_kind;

/** One meeting series (or single event) with everything a writer needs. */
typedef struct lsn_gen_series {
    const char *uid;
    const char *summary;
    const char *location;    /* "" when none */
    const char *description; /* "" when none */
    lsn_gen_kind kind;
    int32_t team;      /* the unit the meeting was planned for, -1 none */
    int32_t organizer; /* party index */
    lsn_gen_attendee *attendees;
    size_t attendee_count;
    int32_t zone;      /* zone index; the UTC zone is written with a Z suffix */
    int32_t day;       /* DTSTART: local day ... */
    int32_t minute;    /* ... and minute of the day (0 for all-day events) */
    int32_t duration;  /* minutes; all-day events: whole days * 1440 */
    bool all_day;      /* VALUE=DATE */
    bool cancelled;    /* STATUS:CANCELLED for the whole event */
    bool transparent;  /* TRANSP:TRANSPARENT */
    bool use_duration; /* written with DURATION rather than DTEND */
    int32_t sequence;
    lsn_gen_rule rule;
    int32_t *exdates; /* local days whose instance is removed (holidays) */
    size_t exdate_count;
    lsn_gen_override *overrides;
    size_t override_count;
} lsn_gen_series;

/** One expanded instance of a series (see lsn_gen_expand). */
typedef struct lsn_gen_instance {
    int32_t orig_day; /* identity: the original local start day (minute: the series') */
    int32_t day;      /* local start after any move */
    int32_t minute;
    int32_t duration; /* minutes */
    bool cancelled;
} lsn_gen_instance;

/**
 * Build an organization in memory.
 *
 * @param[out] out  the organization, to free with lsn_gen_free(); NULL on failure
 * @param opts      options, NULL for the defaults
 * @return LSN_OK, LSN_EINVAL (an option out of range, a bad start date or
 *         domain, with a message naming it), LSN_ENOMEM, or LSN_EINTERNAL
 *         (a bug: the hierarchy did not add up to the headcount).
 * Cost: O(people + attendees) time and memory.
 */
int lsn_gen_build(lsn_gen **out, const lsn_gen_options *opts);

/** Free an organization; NULL is fine. */
void lsn_gen_free(lsn_gen *gen);

/** The options in effect (defaults filled in, start moved to its Monday); borrowed. */
const lsn_gen_options *lsn_gen_get_options(const lsn_gen *gen);

/** First day of the window (a Monday, days since 1970-01-01) and its length in days. */
int32_t lsn_gen_window(const lsn_gen *gen, int32_t *days);

/** People in people.csv order; borrowed. Person i is party i. */
const lsn_gen_person *lsn_gen_people(const lsn_gen *gen, size_t *count);

/** Units in teams.csv order (the root first, parents before children); borrowed. */
const lsn_gen_unit *lsn_gen_units(const lsn_gen *gen, size_t *count);

/** Needs in needs.csv order; borrowed. */
const lsn_gen_need *lsn_gen_needs(const lsn_gen *gen, size_t *count);

/** Every address used in a calendar (people first); borrowed. */
const lsn_gen_party *lsn_gen_parties(const lsn_gen *gen, size_t *count);

/** Series in output order; borrowed. */
const lsn_gen_series *lsn_gen_series_list(const lsn_gen *gen, size_t *count);

/** IANA name of a zone index ("UTC" for the UTC zone); borrowed, static. */
const char *lsn_gen_zone_name(int32_t zone);

/** Number of zone indices. */
int32_t lsn_gen_zone_count(void);

/**
 * The instances of series `index` whose original start day lies in the
 * window, in order: the rule minus EXDATEs, with overrides applied (a
 * cancelled instance is listed with cancelled set).
 *
 * @param[out] out  room for cap instances (may be NULL when cap is 0)
 * @return the number of instances, which may exceed cap (then only cap are written).
 */
size_t lsn_gen_expand(const lsn_gen *gen, size_t index, lsn_gen_instance *out, size_t cap);

/**
 * Write people.csv, teams.csv and needs.csv into the existing folder dir.
 * Returns LSN_OK or LSN_EIO ("PATH: cannot write: REASON").
 */
int lsn_gen_write_roster(const lsn_gen *gen, const char *dir);

/**
 * Write dir/combined.ics (every event once, with every final reply) and
 * dir/mailboxes/LOCAL.ics for every roster person (the events they organize
 * or are invited to; their own reply explicit, everyone else's NEEDS-ACTION,
 * except in the organizer's copy). Old *.ics files in dir/mailboxes are
 * removed first. dir must exist; dir/mailboxes is created.
 * Returns LSN_OK, LSN_EIO, LSN_ENOMEM, or LSN_EINTERNAL when libical has no
 * data for a time zone (the system tzdata is missing).
 * Cost: O(sum over events of attendees * copies) bytes written.
 */
int lsn_gen_write_ics(const lsn_gen *gen, const char *dir);

/**
 * Write dir/outlook/LOCAL.csv for every roster person: the Outlook "Export
 * to CSV" of the mailbox (the same events as mailboxes/LOCAL.ics), one row
 * per instance of the window (the generator expands recurrences itself:
 * Outlook exports occurrences, not rules). Columns Subject, Start Date,
 * Start Time, End Date, End Time, All day event, Reminder on/off, Meeting
 * Organizer, Required Attendees, Optional Attendees, Meeting Resources,
 * Categories, Description, Location, Private, Show time as; every field
 * quoted, CRLF, a BOM in every other file. Regional formats follow the
 * person's zone: Berlin mailboxes write "D.M.YYYY", "HH:MM:SS" and Ein/Aus,
 * London ones "YYYY-MM-DD" and "HH:MM", all others "M/D/YYYY",
 * "h:mm:ss AM/PM" and True/False. Times are in the zone tz (NULL: UTC), so
 * analyze them with the same --tz; all-day rows give their local dates.
 * People are written as their display name when exactly one roster person
 * has it, outsiders with a name as "Name <address>", everyone else as the
 * address; rooms (Meeting Resources) by their name.
 *
 * What Outlook CSV cannot carry, and so is not written: replies (a declined
 * attendee is listed, hence present: compare with lsn_gen_drop_declines()),
 * cancelled events and instances (no row), NON-PARTICIPANT attendees,
 * group addresses as groups (a list address is written like a person),
 * UIDs (a moved instance is a row of another series by SPEC §1.4).
 * Old *.csv files in dir/outlook are removed first.
 *
 * @return LSN_OK, LSN_EINVAL (unknown tz), LSN_EIO, LSN_ENOMEM or
 *         LSN_EINTERNAL (no tzdata for a zone).
 */
int lsn_gen_write_outlook(const lsn_gen *gen, const char *dir, const char *tz);

/**
 * Write dir/graph/LOCAL.json for every roster person: the mailbox as a
 * Microsoft Graph list response ({"@odata.context", "value": [events]}).
 * A single event is a singleInstance; a recurring series is a seriesMaster
 * with its recurrence (daily, weekly, relativeMonthly; firstDayOfWeek
 * monday; endDate, numbered or noEnd; start and recurrenceTimeZone with the
 * zone's Windows name), and when the series has holidays (EXDATEs) or
 * changed instances, every instance of the window is listed as well, as
 * /calendarView lists them: an occurrence, or an exception when it was
 * moved, re-timed or cancelled (isCancelled), each with seriesMasterId and
 * originalStart. ids are mailbox-specific; iCalUId is the series UID.
 * Attendees carry the viewer's view of the replies (the organizer's mailbox
 * every reply, others their own; "none" otherwise) as status.response;
 * rooms are type resource; NON-PARTICIPANT attendees are left out (Graph
 * has none) and group addresses are plain attendees. lastModifiedDateTime
 * is the end of the window (the iCalendar DTSTAMP). Old *.json files in
 * dir/graph are removed first.
 *
 * @return LSN_OK, LSN_EIO, LSN_ENOMEM or LSN_EINTERNAL (no tzdata).
 */
int lsn_gen_write_graph(const lsn_gen *gen, const char *dir);

/**
 * Write dir/catalog/: the organization as a Backstage catalog that liaison
 * reads back (--catalog) as the same people, hierarchy and needs.
 * groups.yaml has one Group per unit (spec.type team, department or
 * organization; spec.parent and spec.children), users.yaml one User per
 * person (spec.memberOf their team; the manager's email in the
 * liaison.dev/manager annotation), components.yaml a service Component
 * providing an API for every unit some team needs context from, and one
 * client Component per need, owned by the needing team, consuming that API,
 * with the liaison.dev/context and liaison.dev/availability annotations.
 * Returns LSN_OK, LSN_EIO or LSN_ENOMEM.
 */
int lsn_gen_write_catalog(const lsn_gen *gen, const char *dir);

/**
 * Turn every DECLINED reply into NEEDS-ACTION: the organization as a format
 * without replies (Outlook CSV) describes it. Meant for comparisons: the
 * iCalendar export of the result and the Outlook CSV export of the original
 * give the same meetings and the same people at them.
 */
void lsn_gen_drop_declines(lsn_gen *gen);

/** Calendar formats for lsn_gen_save_as(). */
typedef enum lsn_gen_format {
    LSN_GEN_FORMAT_ICS = 1,     /* combined.ics and mailboxes/ */
    LSN_GEN_FORMAT_OUTLOOK = 2, /* outlook/ */
    LSN_GEN_FORMAT_GRAPH = 4,   /* graph/ */
    LSN_GEN_FORMAT_ALL = 7,     /* every calendar format */
    LSN_GEN_FORMAT_CATALOG = 8  /* catalog/: a Backstage catalog, no calendars */
} lsn_gen_format;

/**
 * Write the roster and the calendars in the given formats (a mask of
 * lsn_gen_format) into dir, created with its parents when missing; tz is
 * the zone of the Outlook CSV times (NULL: UTC).
 * Returns what the writers return.
 */
int lsn_gen_save_as(const lsn_gen *gen, const char *dir, unsigned formats, const char *tz);

/**
 * Write everything into dir, created with its parents when missing:
 * people.csv, teams.csv, needs.csv, combined.ics and mailboxes/.
 * Returns LSN_OK, LSN_ENOMEM or LSN_EIO ("DIR: cannot create: REASON",
 * "PATH: cannot write: REASON").
 */
int lsn_gen_save(const lsn_gen *gen, const char *dir);

/**
 * Build an organization with opts and write all of it into dir (created with
 * its parents when missing): people.csv, teams.csv, needs.csv, combined.ics
 * and mailboxes/.
 *
 * @return LSN_OK, LSN_EINVAL, LSN_ENOMEM, LSN_EINTERNAL or LSN_EIO
 *         ("DIR: cannot create: REASON").
 */
int lsn_gen_write(const char *dir, const lsn_gen_options *opts);

/* ------------------------------------------------------------------ */
/* Reorg scenarios                                                      */
/* ------------------------------------------------------------------ */

/** The reorg scenarios the generator can derive from its organization. */
typedef enum lsn_gen_scenario_kind {
    /* Every planted pair of teams that hold all their rituals together becomes
     * one team: the first keeps its id and manager (and is renamed "A + B"),
     * the second's people move into it and report to that manager, and the
     * second team leaves teams.csv (needs naming it name the first). */
    LSN_GEN_SCENARIO_MERGED = 0,
    /* The largest team (ties: the first in teams.csv) that is not a
     * leadership team, the isolated lab or half of a planted pair is split in
     * two under the same parent: the first half of its people in roster order
     * (the manager among them) keep the team, the rest form the new team
     * ID-2 ("NAME 2"), managed by its first member, who reports to the old
     * manager's manager. Every need of or from the team is declared for both
     * halves. The meetings are unchanged: the halves still meet as one. */
    LSN_GEN_SCENARIO_SPLIT,
    /* Every planted sprawling liaison (the people sprinkled into the team
     * meetings of many teams) moves into the team whose team meetings
     * (stand-ups, plannings, retros, demos) they attend most: the most
     * minutes of instances held in the window, ties to the first team in
     * teams.csv; they then report to its manager. People who manage someone
     * stay. teams.csv and needs.csv do not change. */
    LSN_GEN_SCENARIO_MOVED_LIAISONS,
    LSN_GEN_SCENARIO_COUNT
} lsn_gen_scenario_kind;

/** A reorg scenario of an organization; an opaque handle. */
typedef struct lsn_gen_scenario lsn_gen_scenario;

/** One change a scenario made (ground truth for tests and docs). */
typedef struct lsn_gen_change {
    int32_t person;   /* moved-liaisons: the roster index of the person moved; -1 otherwise */
    const char *from; /* team id: merged away, split, or the person's old team */
    const char *to;   /* team id: merged into, the new half, or the person's new team */
} lsn_gen_change;

/** The folder name of a scenario ("merged", "split", "moved-liaisons"); static. */
const char *lsn_gen_scenario_name(lsn_gen_scenario_kind kind);

/**
 * Derive a reorg scenario from an organization (see lsn_gen_scenario_kind).
 * Nothing random is drawn: the same organization gives the same scenario.
 * A scenario that finds nothing to change (a small organization without a
 * planted pair, say) is built with no changes and the baseline's roster.
 *
 * @param[out] out  the scenario, to free with lsn_gen_scenario_free() before
 *                  gen (it borrows gen's strings); NULL on failure
 * @param gen       the organization
 * @param kind      which scenario
 * @return LSN_OK, LSN_EINVAL (an unknown kind) or LSN_ENOMEM.
 * Cost: O(people + units + needs), plus O(attendees) for moved-liaisons.
 */
int lsn_gen_scenario_build(lsn_gen_scenario **out, const lsn_gen *gen, lsn_gen_scenario_kind kind);

/** Free a scenario; NULL is fine. */
void lsn_gen_scenario_free(lsn_gen_scenario *sc);

/**
 * The scenario's people, in the baseline's order with the same emails and
 * names; team is an index into lsn_gen_scenario_units(). Borrowed.
 */
const lsn_gen_person *lsn_gen_scenario_people(const lsn_gen_scenario *sc, size_t *count);

/** The scenario's units in teams.csv order (parents before children); borrowed. */
const lsn_gen_unit *lsn_gen_scenario_units(const lsn_gen_scenario *sc, size_t *count);

/** The scenario's needs in needs.csv order (indices into its units); borrowed. */
const lsn_gen_need *lsn_gen_scenario_needs(const lsn_gen_scenario *sc, size_t *count);

/** What the scenario changed, in order (empty: nothing to change); borrowed. */
const lsn_gen_change *lsn_gen_scenario_changes(const lsn_gen_scenario *sc, size_t *count);

/** True when the scenario's teams.csv differs from the baseline's (it is written). */
bool lsn_gen_scenario_own_teams(const lsn_gen_scenario *sc);

/** True when the scenario's needs.csv differs from the baseline's (it is written). */
bool lsn_gen_scenario_own_needs(const lsn_gen_scenario *sc);

/**
 * Write the scenario into the existing folder dir: people.csv always,
 * teams.csv and needs.csv only when they differ from the baseline's (a
 * scenario without its own uses the baseline's, SPEC §5); an old teams.csv or
 * needs.csv that would be the baseline's is removed. Same CSV dialect as
 * lsn_gen_write_roster().
 * Returns LSN_OK, LSN_ENOMEM or LSN_EIO ("PATH: cannot write: REASON").
 */
int lsn_gen_scenario_write(const lsn_gen_scenario *sc, const char *dir);

/**
 * Build the scenarios of the mask `which` (bit 1 << kind for each
 * lsn_gen_scenario_kind) and write each one that changes something into
 * dir/scenarios/NAME/ (created with its parents). A selected scenario with
 * nothing to change is not written, and an old dir/scenarios/NAME/ of it is
 * removed. The baseline files in dir are not touched.
 *
 * @param[out] written  when not NULL, the mask of the scenarios written
 * @return LSN_OK, LSN_ENOMEM or LSN_EIO.
 */
int lsn_gen_write_scenarios(const lsn_gen *gen, const char *dir, unsigned which, unsigned *written);

/** The mask of every scenario for lsn_gen_write_scenarios(). */
#define LSN_GEN_SCENARIOS_ALL ((1u << LSN_GEN_SCENARIO_COUNT) - 1u)

#endif
