/*
 * io/ics_internal.h — what the files of the iCalendar front end share: the
 * per-thread scratch, one file's context, a block of lines, and the functions
 * one file calls in another (ics.c: the entry points and the block splitter;
 * ics_zone.c, ics_scan.c, ics_libical.c, ics_fast.c, ics_fast_lines.c).
 * Not for other modules.
 */
#ifndef LSN_IO_ICS_INTERNAL_H
#define LSN_IO_ICS_INTERNAL_H

#include "io/civil.h"
#include "io/ics.h"
#include "io/idmap.h"
#include "io/raw.h"
#include "io/tztable.h"
#include "io/vec.h"

#include <libical/ical.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A checked RRULE text: the rule as libical writes it back, or NULL when
 * the fast reader must leave the VEVENT to libical. */
struct rule_memo {
    char *canonical;
    char *probe;    /* the canonical text without COUNT and UNTIL */
    bool any_start; /* the probe's answer is the same for every start from 1900 to 2099 */
    int8_t shared;  /* that answer: 1 yes, 0 no, -1 not known yet */
};

struct lsn_ics_scratch {
    bool libical_only;
    char *buf; /* a block's text for libical, or its unfolded lines */
    size_t bufcap;
    uint32_t *line_len; /* the unfolded lines' lengths (ics_fast_unfold) */
    size_t nlines, line_len_cap;
    struct fprop *props;
    size_t props_cap;
    lsn_strmap *rule_keys; /* RRULE text -> index in rules */
    struct rule_memo *rules;
    size_t rules_cap;
    lsn_strmap *probe_keys; /* a rule's probe text, DATE or not, and DTSTART unless shared */
    bool *probes;           /* by probe_keys id: libical can iterate the rule */
    size_t probes_cap;
    int64_t fast, libical; /* VEVENTs read each way */
    lsn_tzcache *tzc;      /* local times to UTC; NULL: libical for each */
};

struct block {
    const char *begin; /* first byte of the BEGIN line */
    const char *end;   /* one past the END line (or the end of the file) */
    int line;
};

struct ctx {
    lsn_rawset *set;
    int32_t file;
    const char *path;
    const icaltimezone *floating;
    /* The zone ids of the TZIDs seen in this file, by name: the first
     * answer for a name stands. */
    lsn_strmap *zone_names; /* NULL until the first */
    int32_t *zone_ids;      /* by zone_names id */
    size_t zone_ids_cap;
    char last_zone_name[256]; /* the TZID looked up last, "" none, and its zone */
    int32_t last_zone;
    lsn_ics_scratch *scratch;
    bool method_cancel;
    bool synthetic_uid; /* the VEVENT being read had no UID */
};

/* What scanning a block found; over is NULL when it is within every limit. */
struct scan {
    const char *over; /* what is over a limit, for the message */
    char detail[96];  /* the message's figures */
    const char *at;   /* where (the start of the offending line) */
    char id[200];     /* the block's UID or TZID, "" when none was seen */
    size_t out_len;   /* bytes written to out */
};

/* The fast reader (ics_fast.c, ics_fast_lines.c) */

/* Lines this long or longer go to libical (which stops reading at 8192). */
#define FAST_MAX_LINE 8000

enum fkind {
    FK_UID,
    FK_SUMMARY,
    FK_DTSTART,
    FK_DTEND,
    FK_DURATION,
    FK_DTSTAMP,
    FK_SEQUENCE,
    FK_STATUS,
    FK_RRULE,
    FK_EXDATE,
    FK_RECURRENCE_ID,
    FK_ORGANIZER,
    FK_ATTENDEE,
    FK_TEXT,    /* LOCATION, DESCRIPTION, COMMENT: not read */
    FK_TRANSP,  /* not read, checked */
    FK_CLASS,   /* not read, checked */
    FK_STAMP,   /* CREATED, LAST-MODIFIED: not read, checked */
    FK_INTEGER, /* PRIORITY: not read, checked */
    FK_X,       /* X-...: not read */
    FK_COUNT
};

enum { VT_NONE = 0, VT_DATE, VT_DATETIME };

/* A property line of a VEVENT, as the fast reader keeps it. */
struct fprop {
    uint8_t kind;
    uint8_t value_type; /* VALUE=, VT_NONE when absent */
    uint8_t partstat, cutype;
    bool nonparticipant, range_future;
    bool seen_partstat, seen_cutype, seen_role;
    char *tzid;  /* NUL-terminated, NULL when absent */
    char *value; /* NUL-terminated */
    size_t vlen;
};

/* Inlined always, so that strlen() of a literal word costs nothing and the
 * compare has a length known when compiling: gcc inlines memcmp() up to 8
 * bytes but calls it past that, so 9 to 16 bytes are two 8-byte words that
 * may overlap. */
__attribute__((always_inline)) static inline bool
token_is(const char *p, size_t n, const char *word)
{
    size_t w = strlen(word);
    if (n != w) {
        return false;
    }
    if (w >= 8 && w <= 16) {
        uint64_t a, b, c, d;
        memcpy(&a, p, 8);
        memcpy(&b, word, 8);
        memcpy(&c, p + w - 8, 8);
        memcpy(&d, word + w - 8, 8);
        return a == b && c == d;
    }
    return memcmp(p, word, w) == 0;
}

static inline int digits(const char *p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') {
            return -1;
        }
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

/* ics.c */

/** Room for n bytes in the scratch buffer; false when out of memory. */
bool ics_reserve_buf(lsn_ics_scratch *s, size_t n);

/* A new event of the block that starts at line, in c's file, without a UID
 * yet; its index in *index, for ev moves when the set grows. NULL when out
 * of memory (no message is set). */
lsn_raw_event *ics_new_event(struct ctx *c, int line, size_t *index);

/* Set the start of the event at index from its DTSTART t in zone (id):
 * zone, all_day, local start and UTC start. Returns the zone. */
const icaltimezone *ics_set_start(struct ctx *c, size_t index, int32_t zone, icaltimetype t);

/* ics_zone.c: TZIDs, VTIMEZONE blocks, local times to UTC */

/** The zone id of a TZID value of this file (NULL: floating); warns once for an unknown one. */
int32_t ics_zone_for_tzid(struct ctx *c, const char *tzid, int line, const char *uid);

/** Register a VTIMEZONE block in the set, or warn why it is ignored. */
void ics_add_vtimezone(struct ctx *c, const struct block *b);

/** The zone of a time property: UTC for a Z value, else its TZID, else floating. */
int32_t ics_prop_zone(struct ctx *c, icalproperty *p, icaltimetype t, int line, const char *uid);

/** The zone a zone id stands for (the --tz zone for floating). */
const icaltimezone *ics_zone_ptr(struct ctx *c, int32_t zone);

/** lsn_local_to_utc(t, zone), through the scratch's zone tables. */
int64_t ics_to_utc(struct ctx *c, icaltimetype t, const icaltimezone *zone);

/* ics_scan.c: the limits, and what libical is given */

/** Lines ended between p and q: LF, CR LF and a lone CR each end one. */
int ics_count_breaks(const char *p, const char *q);

/** Scan one block for the limits; for a VEVENT copy to out what libical is given. */
void ics_scan_block(const struct block *b, bool vevent, char *out, struct scan *r);

/* ics_libical.c: a VEVENT through libical */

/** Read one VEVENT block into a raw event: the fast reader first, else libical. */
/* A rule whose every BYSETPOS lies beyond what one period can hold: it
 * never occurs, and libical would search centuries for its first instance. */
bool ics_setpos_never(const struct icalrecurrencetype *r);

int ics_add_vevent(struct ctx *c, const struct block *b, int64_t *vevents);

/** The interned, normalized address of a mailto: value of len bytes (NULL: none); -1 when empty. */
int32_t ics_intern_address(struct ctx *c, const char *value, size_t len);

/* ics_fast.c, ics_fast_lines.c: the fast reader */

/** Read a VEVENT block with the fast reader; *done false (nothing changed): libical's. */
int ics_fast_vevent(struct ctx *c, const struct block *b, bool *done);

/** Split one unfolded line into f; false to leave the block to libical. */
bool ics_fast_line(struct fprop *f, char *line, size_t len);

/** Unfold a block's lines into the scratch buffer, each NUL-terminated, their
 *  lengths in s->line_len; 0: libical's. */
size_t ics_fast_unfold(lsn_ics_scratch *s, const char *p, const char *end);

/** A DATE or DATE-TIME value that is a real date and time; false otherwise. */
bool ics_fast_time(icaltimetype *t, bool *utc, const char *v, size_t n, uint8_t value_type);

/** Undo the TEXT escapes in place; false for an escape left to libical. */
bool ics_fast_text(char *v, size_t *n);

#endif
