/*
 * io/gen/internal.h — what the files of the generator (io/gen/) share: the
 * generator state, the zone and department tables, the random streams, the
 * output buffer, and the helpers one file defines for the others (gen_*). Not
 * a public header: only io/gen/ includes it; everyone else uses io/gen.h.
 */
#ifndef LSN_IO_GEN_INTERNAL_H
#define LSN_IO_GEN_INTERNAL_H

#include "io/fsutil.h"
#include "io/gen.h"

#include "io/civil.h"
#include "io/error.h"
#include "io/idmap.h"
#include "io/text.h"
#include "io/vec.h"

#include <libical/ical.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define COUNTOF(a) (sizeof(a) / sizeof((a)[0]))

#define TRY(expr)                                                                                  \
    do {                                                                                           \
        int rc_ = (expr);                                                                          \
        if (rc_ < 0) {                                                                             \
            return rc_;                                                                            \
        }                                                                                          \
    } while (0)

/* ------------------------------------------------------------------ */
/* Zones and departments                                                */
/* ------------------------------------------------------------------ */

enum { Z_NY, Z_LA, Z_BER, Z_LON, Z_KOL, Z_SAO, Z_UTC, Z_COUNT };

enum { D_ENG, D_PRODUCT, D_DESIGN, D_MARKETING, D_SALES, D_SUPPORT, D_SECURITY, D_COUNT };
#define D_NONE 255
#define DAYS_MO_FR 0x1f
#define FANOUT 7

typedef struct dept_def {
    const char *prefix;
    const char *name;
    double weight;
    const char *const *teams; /* team name pool (for engineering: product lines) */
    size_t nteams;
    const char *const *units; /* sub-unit name pool */
    size_t nunits;
    uint8_t zones[8];
    uint8_t nzones;
    uint8_t standup_days; /* 0: no stand-up */
    const char *standup;
    const char *planning;
    int planning_min;
    bool retro;
    bool demo;
} dept_def;

/* ------------------------------------------------------------------ */
/* Random numbers: splitmix64 seeds xoshiro256**, one stream per phase  */
/* ------------------------------------------------------------------ */

typedef struct rng {
    uint64_t s[4];
} rng;

static inline uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Each phase has its own stream so that adding a feature to one phase does
 * not reshuffle the others. */
static inline void rng_seed(rng *r, uint64_t seed, uint64_t phase)
{
    uint64_t x = seed ^ (phase * 0xd1b54a32d192ed03ULL);
    for (int i = 0; i < 4; i++) {
        r->s[i] = splitmix64(&x);
    }
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, n); n must be > 0. */
static inline uint32_t rng_below(rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static inline int rng_range(rng *r, int lo, int hi)
{
    return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

static inline bool rng_chance(rng *r, double p)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53 < p;
}

/* ------------------------------------------------------------------ */
/* The generator state                                                  */
/* ------------------------------------------------------------------ */

typedef struct chunk {
    struct chunk *next;
    size_t used;
    size_t size;
    char data[];
} chunk;

/* Per-unit bookkeeping the public lsn_gen_unit does not carry. */
typedef struct uinfo {
    uint8_t dept;   /* D_*, D_NONE for the root and the leadership team */
    bool leads;     /* a leadership team: its members head the units beside it */
    bool bottom;    /* an org unit whose children are teams */
    bool isolated;  /* a team that meets only with itself */
    int32_t joint;  /* the team it holds every ritual with, -1 none */
    int32_t nchild; /* children so far (names) */
    int32_t standup, planning, retro, demo; /* series, -1 none */
    int32_t first, count;                   /* members in gen->members */
    bool split;                             /* planning already split */
    int32_t sec_liaison;                    /* product line: its embedded security engineer */
    bool hiring;                            /* product line whose director hires hard */
    int32_t end;                            /* one past the last unit of its subtree */
} uinfo;

/* Per-series flags. */
#define SF_PROTECTED 1u /* carries a planted liaison: no random moves or cancellations */

struct lsn_gen {
    lsn_gen_options opts;
    char domain[128];
    char start[11];
    char company_id[64];
    char company_name[80];
    int32_t win_start;
    int32_t win_days;

    chunk *arena;
    lsn_text fmt;       /* gen_arena_printf()'s scratch */
    lsn_strmap *emails; /* party ids: roster people first */
    lsn_strmap *ids;    /* unit ids */
    rng r;

    lsn_gen_person *people;
    size_t npeople, cap_people;
    lsn_gen_unit *units;
    uinfo *ui;
    size_t nunits, cap_units;
    lsn_gen_need *needs;
    size_t nneeds, cap_needs;
    lsn_gen_party *parties;
    size_t nparties, cap_parties;
    lsn_gen_series *series;
    uint8_t *sflags;
    size_t nseries, cap_series;

    int32_t *members; /* team members, grouped by team (uinfo first/count) */
    int32_t ceo;
    int32_t leadership;         /* unit */
    int32_t dept_unit[D_COUNT]; /* unit of each department, -1 absent */
    int32_t dept_counter[D_COUNT];
    int32_t holidays[32];
    int nholidays;
    uint64_t uid_counter;
    int32_t bottom_counter; /* engineering product lines made so far */
    int32_t *sync;          /* team pairs that hold a sync: a0, b0, a1, b1, ... */
    size_t nsync, cap_sync;
    int32_t *sprawl; /* the planted sprawling liaisons (people), in planting order */
    size_t nsprawl, cap_sprawl;
};

/* gen.c: memory every phase uses. */
char *gen_arena_strdup(lsn_gen *g, const char *s);
char *gen_arena_printf(lsn_gen *g, const char *fmt, ...) LSN_PRINTF(2, 3);

/* names.c: the name tables. */
extern const char *const gen_zone_names[Z_COUNT];
extern const char *const gen_zone_cities[Z_COUNT];
extern const char *const gen_kind_names[LSN_GEN_KIND_COUNT];

/* A person's name from the tables, with its parts spelled in lowercase ASCII
 * for an email address. */
typedef struct gen_name {
    const char *first, *last; /* UTF-8, borrowed from the tables */
    char first_ascii[64], last_ascii[64];
} gen_name;

/* A random name: the first name drawn from r before the last. */
void gen_name_random(gen_name *out, rng *r);
/* The k-th name of a fixed walk through the tables (k >= 0): the same outsider
 * for the same k, without touching a random stream. */
void gen_name_nth(gen_name *out, int k);

/* recurrence.c: civil dates and rule expansion. */
/* Days since 1970-01-01 of a proleptic Gregorian date, as the generator's
 * 32-bit day numbers (io/civil.h does the arithmetic). */
static inline int32_t gen_days_from_civil(int y, int m, int d)
{
    return (int32_t)lsn_days_from_civil(y, (unsigned)m, (unsigned)d);
}
/* The nth (1..5, or -1 for the last) weekday wd of a month, or -1 when none. */
int32_t gen_nth_weekday(int y, int m, int wd, int nth);
/* Original start days of the rule in [lo, hi), before EXDATEs; returns how
 * many there are (writes at most cap). */
size_t gen_rule_days(const lsn_gen_series *x, int32_t lo, int32_t hi, int32_t *out, size_t cap);

/* ------------------------------------------------------------------ */
/* Building: the phases in the order lsn_gen_build runs them            */
/* ------------------------------------------------------------------ */

/* holidays.c */
void gen_compute_holidays(lsn_gen *g);
bool gen_is_holiday(const lsn_gen *g, int32_t day);

/* org.c */
extern const dept_def gen_depts[D_COUNT];
/* The party with this email, added when new. */
int gen_party(lsn_gen *g, int32_t *out, const char *email, const char *name, lsn_gen_cutype t);
int gen_build_org(lsn_gen *g);

/* series.c: making a series, and the lookups the phases pick from. */
/* A new series *out like proto (kind, team, organizer, summary, zone, day,
 * minute, duration; no attendees, exdates or overrides) with a new uid, its
 * own copy of the summary, no location or description and a one-off rule. */
int gen_new_series(lsn_gen *g, int32_t *out, const lsn_gen_series *proto);
/* An attendee of series s, unless who already is one. */
int gen_add_att(lsn_gen *g, int32_t s, int32_t who, lsn_gen_role role, lsn_gen_partstat ps);
/* An attendee of series s, appended without looking for who first. */
int gen_append_att(lsn_gen *g, int32_t s, int32_t who, lsn_gen_role role, lsn_gen_partstat ps);
/* A roster attendee with a random but realistic reply. */
int gen_add_person_att(lsn_gen *g, int32_t s, int32_t who, lsn_gen_role role);
void gen_set_weekly(lsn_gen *g, int32_t s, uint8_t byday, int interval);
void gen_set_monthly(lsn_gen *g, int32_t s, int wd, int nth);
int gen_add_room(lsn_gen *g, int32_t s, int k);
int gen_video_link(lsn_gen *g, int32_t s);
/* Split a weekly series at `day` ("edit this and following events"). */
int gen_split_series(lsn_gen *g, int32_t *out, int32_t s, int32_t day);
int gen_add_need(lsn_gen *g, int32_t team, int32_t from, lsn_context c, bool avail);
int32_t gen_team_member(const lsn_gen *g, int32_t team, int32_t i);
/* The k-th non-manager member of a team (wrapping), or the manager when alone. */
int32_t gen_worker(const lsn_gen *g, int32_t team, int32_t k);
/* A "regular" team: people work in it (not a leads team, not the leadership). */
bool gen_regular_team(const lsn_gen *g, int32_t u);
bool gen_person_isolated(const lsn_gen *g, int32_t p);
bool gen_unit_within(const lsn_gen *g, int32_t u, int32_t anc);
/* Regular, non-isolated, non-joint teams directly under unit u. */
size_t gen_child_teams(const lsn_gen *g, int32_t u, int32_t *out, size_t cap);
/* Engineering product lines: the org units whose children are teams. */
size_t gen_eng_bottoms(const lsn_gen *g, int32_t *out, size_t cap);
/* Regular teams of a department, in hierarchy order. */
size_t gen_dept_teams(const lsn_gen *g, int d, int32_t *out, size_t cap, const char *name_has);

/* rituals.c */
int gen_team_rituals(lsn_gen *g, int32_t team);
int gen_staff_meetings(lsn_gen *g);
int gen_one_on_ones(lsn_gen *g);
int gen_team_syncs(lsn_gen *g);
/* Make a demo for a team that has none (a planted low-context liaison needs one). */
int gen_ensure_demo(lsn_gen *g, int32_t team);

/* liaisons.c */
int gen_plant_liaisons(lsn_gen *g);

/* decisions.c */
int gen_decision_meetings(lsn_gen *g);
int32_t gen_dept_head(const lsn_gen *g, int d, int fallback);

/* events.c */
int gen_all_hands(lsn_gen *g);
int gen_customer_meetings(lsn_gen *g);
int gen_interviews(lsn_gen *g);
int gen_incidents(lsn_gen *g);
int gen_personal_events(lsn_gen *g);
int gen_special_events(lsn_gen *g);

/* holidays.c: the last phase. */
int gen_decorate(lsn_gen *g);

/* ------------------------------------------------------------------ */
/* Writing                                                              */
/* ------------------------------------------------------------------ */

/* output.c */
int gen_write_file(const char *path, const lsn_text *b);
/* Write dir/name from b. */
int gen_write_in(const char *dir, const char *name, const lsn_text *b);
/* Remove dir/name when it exists. */
int gen_remove_in(const char *dir, const char *name);
/* Remove the files ending in suffix that a previous run left in dir. */
int gen_clear_files(const char *dir, const char *suffix);
/* *out = dir/sub, created when missing and cleared of the *suffix files an
 * earlier run left there (gen_clear_files); the caller frees *out. */
int gen_export_folder(char **out, const char *dir, const char *sub, const char *suffix);
/* folder/LOCAL + suffix of a mailbox address (LOCAL: the part before '@');
 * NULL when out of memory. */
char *gen_mailbox_path(const char *folder, const char *email, const char *suffix);
/* The bit of the zone a series needs a VTIMEZONE for (0: none). */
unsigned gen_series_zone_bit(const lsn_gen_series *x);
/* Every roster person's mailbox, as the writers of one file per mailbox
 * (ics, outlook, graph) walk them: person p's series are
 * list[first[p] .. first[p + 1]), in series order, and zones[p] has the bit
 * of every zone they use (gen_series_zone_bit). */
typedef struct gen_mailbox_set {
    int32_t *first, *list;
    unsigned *zones;
    char *folder;       /* dir/sub, where the files go */
    const char *suffix; /* of every file */
    char *path;         /* the last gen_mailbox_file() */
} gen_mailbox_set;
/* Find every person's series, then make dir/sub, cleared of the *suffix
 * files an earlier run left (gen_export_folder). */
int gen_mailboxes_open(
    gen_mailbox_set *m, const lsn_gen *g, const char *dir, const char *sub, const char *suffix);
/* *out = the file of the mailbox of email (gen_mailbox_path), owned by m
 * until the next call. LSN_OK or LSN_ENOMEM. */
int gen_mailbox_file(const char **out, gen_mailbox_set *m, const char *email);
/* Free what m holds; m may be zeroed or half open. */
void gen_mailboxes_free(gen_mailbox_set *m);
/* The reply of attendee a of x as the viewer's mailbox shows it (viewer -1: the
 * combined export). */
lsn_gen_partstat
gen_shown_partstat(const lsn_gen_series *x, const lsn_gen_attendee *a, int32_t viewer);
/* libical's zone of a zone index (NULL when the system has no tzdata for it). */
const icaltimezone *gen_zone(int32_t z);
/* Sets and returns the error of a zone libical cannot load. */
int gen_zone_unavailable(int32_t z);
/* UTC seconds of a local day and minute (the minute may pass midnight). */
int64_t gen_utc(int32_t day, int32_t minute, const icaltimezone *zone);
/* Local day and minute of a UTC instant. */
void gen_local(int64_t utc, const icaltimezone *zone, int32_t *day, int32_t *minute);

/* write_roster.c: teams.csv and needs.csv into a buffer (a scenario compares
 * them with the baseline's), and the roster files of both. */
void gen_teams_csv(lsn_text *b, const lsn_gen_unit *units, size_t n);
void gen_needs_csv(lsn_text *b, const lsn_gen_need *needs, size_t n, const lsn_gen_unit *units);

/* A roster to write: the baseline's, or a scenario's, which leaves out the
 * teams.csv or needs.csv that would equal the baseline's. */
typedef struct gen_roster {
    const lsn_gen_person *people;
    size_t npeople;
    const lsn_gen_unit *units;
    size_t nunits;
    const lsn_gen_need *needs;
    size_t nneeds;
    bool teams_csv, needs_csv; /* false: no such file (an earlier run's is removed) */
} gen_roster;

/* dir/people.csv, and dir/teams.csv and dir/needs.csv unless left out. */
int gen_write_roster_files(const char *dir, const gen_roster *r);

/* write_outlook.c: the zone of the Outlook CSV times (tz NULL or "UTC": UTC);
 * LSN_EINVAL "unknown time zone" when libical does not know tz. */
int gen_outlook_zone(const icaltimezone **out, const char *tz);

#endif
