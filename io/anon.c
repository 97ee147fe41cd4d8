/*
 * io/anon.c — keyed pseudonyms (HMAC-SHA-256 through libsodium), the
 * anonymized copies of the organization and the calendar, and the rewriting
 * of warnings and errors. It decides what a pseudonym looks like; the
 * copying itself is lsn_org_rename() and lsn_calendar_rename(), and what
 * the reports keep or drop is viz/privacy's business.
 */
#include "io/anon.h"

#include "io/anon_words.h"
#include "io/error.h"
#include "io/idmap.h"
#include "io/vec.h"

#include <assert.h>
#include <ctype.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DIGEST_BYTES 32
#define MAX_DIGITS (2 * DIGEST_BYTES)

static const char prefix[LSN_ANON_KINDS] = {'p', 'g', 'm', 't', 'f', 'x'};
static const char *const tag[LSN_ANON_KINDS] = {"person", "group", "meeting",
                                                "unit",   "file",  "text"};

/* The values of one kind: value -> id, its digest, its pseudonym once given. */
struct table {
    lsn_strmap *values;
    unsigned char *digests; /* DIGEST_BYTES per id */
    char **names;           /* NULL until given */
    bool *literal;          /* the value already is a pseudonym of this kind */
    size_t cap;
    bool sized; /* lengths fixed for the values registered so far */
};

struct lsn_anon {
    crypto_auth_hmacsha256_state keyed; /* after init with the salt: copied per value */
    bool teams;
    struct table kinds[LSN_ANON_KINDS];
    lsn_strmap *words; /* C library error words, for lsn_anon_scrub */
};

int lsn_anon_hmac_sha256(
    unsigned char out[32], const void *key, size_t keylen, const void *msg, size_t msglen)
{
    if (sodium_init() < 0) {
        return lsn_error_set(LSN_EINTERNAL, "libsodium cannot be initialised");
    }
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, keylen);
    crypto_auth_hmacsha256_update(&st, msg, msglen);
    crypto_auth_hmacsha256_final(&st, out);
    sodium_memzero(&st, sizeof(st));
    return LSN_OK;
}

static const char *const libc_error_words[] = {
    "No",       "such",       "file",        "or",           "directory", "Permission",
    "denied",   "Is",         "a",           "Not",          "Too",       "many",
    "open",     "files",      "in",          "system",       "space",     "left",
    "on",       "device",     "Read-only",   "Input/output", "error",     "exists",
    "Bad",      "descriptor", "name",        "too",          "long",      "Invalid",
    "argument", "Cannot",     "allocate",    "memory",       "Operation", "permitted",
    "Disk",     "quota",      "exceeded",    "Device",       "busy",      "Interrupted",
    "call",     "Resource",   "temporarily", "unavailable",  "Broken",    "pipe",
    "levels",   "of",         "symbolic",    "links",        "Stale",     "handle",
    "Success",  "Unknown",    "Directory",   "empty",
};

int lsn_anon_new(lsn_anon **out, const char *salt, bool teams)
{
    assert(out != NULL && salt != NULL);
    *out = NULL;
    size_t len = strlen(salt);
    if (len < LSN_ANON_MIN_SALT) {
        return lsn_error_set(LSN_EINVAL, "the --anonymize salt must be at least %d characters",
                             LSN_ANON_MIN_SALT);
    }
    if (sodium_init() < 0) {
        return lsn_error_set(LSN_EINTERNAL, "libsodium cannot be initialised");
    }
    lsn_anon *a = calloc(1, sizeof(*a));
    if (a == NULL) {
        return lsn_oom();
    }
    a->teams = teams;
    crypto_auth_hmacsha256_init(&a->keyed, (const unsigned char *)salt, len);
    int rc = lsn_strmap_new(&a->words);
    for (int k = 0; rc == LSN_OK && k < LSN_ANON_KINDS; k++) {
        rc = lsn_strmap_new(&a->kinds[k].values);
    }
    for (size_t i = 0; rc == LSN_OK && i < sizeof(libc_error_words) / sizeof(*libc_error_words);
         i++) {
        int32_t id;
        rc = lsn_strmap_intern(&id, a->words, libc_error_words[i], strlen(libc_error_words[i]));
    }
    if (rc != LSN_OK) {
        lsn_anon_free(a);
        return rc;
    }
    *out = a;
    return LSN_OK;
}

void lsn_anon_free(lsn_anon *a)
{
    if (a == NULL) {
        return;
    }
    for (int k = 0; k < LSN_ANON_KINDS; k++) {
        struct table *t = &a->kinds[k];
        size_t n = t->values != NULL ? lsn_strmap_count(t->values) : 0;
        for (size_t i = 0; t->names != NULL && i < n; i++) {
            free(t->names[i]);
        }
        free(t->names);
        free(t->digests);
        free(t->literal);
        lsn_strmap_free(t->values);
    }
    lsn_strmap_free(a->words);
    sodium_memzero(&a->keyed, sizeof(a->keyed));
    free(a);
}

bool lsn_anon_teams(const lsn_anon *a)
{
    return a->teams;
}

/* ------------------------------------------------------------------ */
/* Values and digests                                                   */
/* ------------------------------------------------------------------ */

static bool is_space(char c)
{
    return isspace((unsigned char)c) != 0;
}

/* The part of value a pseudonym is made of: people and groups as
 * lsn_email_normalize() would leave them (trimmed, no mailto:, lowercase,
 * written into buf when it had to change), anything else as given. */
static const char *normal_form(char **heap, const char *value, lsn_anon_kind kind)
{
    *heap = NULL;
    if (kind != LSN_ANON_PERSON && kind != LSN_ANON_GROUP) {
        return value;
    }
    bool plain = !is_space(value[0]) && strncasecmp(value, "mailto:", 7) != 0;
    for (const char *p = value; plain && *p; p++) {
        plain = !(*p >= 'A' && *p <= 'Z');
    }
    size_t len = strlen(value);
    if (plain && (len == 0 || !is_space(value[len - 1]))) {
        return value;
    }
    *heap = strdup(value);
    return *heap != NULL ? lsn_email_normalize(*heap) : NULL;
}

static void
digest(unsigned char out[DIGEST_BYTES], const lsn_anon *a, lsn_anon_kind kind, const char *value)
{
    crypto_auth_hmacsha256_state st = a->keyed;
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)tag[kind], strlen(tag[kind]) + 1);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)value, strlen(value));
    crypto_auth_hmacsha256_final(&st, out);
    sodium_memzero(&st, sizeof(st));
}

static int nibble(const unsigned char *d, size_t i)
{
    return i % 2 == 0 ? d[i / 2] >> 4 : d[i / 2] & 0xf;
}

/* Hex digits two digests share from the start. */
static size_t common_digits(const unsigned char *x, const unsigned char *y)
{
    size_t i = 0;
    while (i < MAX_DIGITS && nibble(x, i) == nibble(y, i)) {
        i++;
    }
    return i;
}

/* The pseudonym of a digest with this many hex digits, into out (room for
 * digits + 3 bytes): "p-3f9a1c". Returns out. */
static char *write_pseudonym(char *out, lsn_anon_kind kind, const unsigned char *d, size_t digits)
{
    static const char hex[] = "0123456789abcdef";
    out[0] = prefix[kind];
    out[1] = '-';
    for (size_t i = 0; i < digits; i++) {
        out[2 + i] = hex[nibble(d, i)];
    }
    out[2 + digits] = '\0';
    return out;
}

static char *pseudonym(lsn_anon_kind kind, const unsigned char *d, size_t digits)
{
    char *s = malloc(digits + 3);
    return s != NULL ? write_pseudonym(s, kind, d, digits) : NULL;
}

bool lsn_anon_is_pseudonym(const char *s, lsn_anon_kind kind)
{
    if (s == NULL || s[0] == '\0' || s[1] != '-') {
        return false;
    }
    bool known = false;
    for (int k = 0; k < LSN_ANON_KINDS; k++) {
        if (s[0] == prefix[k] && (kind == LSN_ANON_KINDS || kind == (lsn_anon_kind)k)) {
            known = true;
        }
    }
    size_t n = 0;
    for (const char *p = s + 2; *p; p++, n++) {
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) {
            return false;
        }
    }
    return known && n >= LSN_ANON_DIGITS && n <= MAX_DIGITS;
}

/* Register value (already in normal form); *out is its id. */
static int add_value(int32_t *out, lsn_anon *a, lsn_anon_kind kind, const char *value)
{
    struct table *t = &a->kinds[kind];
    size_t before = lsn_strmap_count(t->values);
    int rc = lsn_strmap_intern(out, t->values, value, strlen(value));
    if (rc != LSN_OK || (size_t)*out < before) {
        return rc;
    }
    if ((size_t)*out >= t->cap) {
        /* Three arrays by id, one capacity. */
        size_t cap = lsn_grow_cap(t->cap, (size_t)*out + 1, DIGEST_BYTES);
        if (cap == 0) {
            return lsn_oom();
        }
        if ((rc = lsn_resize((void **)&t->digests, cap, DIGEST_BYTES)) != LSN_OK ||
            (rc = LSN_RESIZE(t->names, cap)) != LSN_OK ||
            (rc = LSN_RESIZE(t->literal, cap)) != LSN_OK) {
            return rc;
        }
        t->cap = cap;
    }
    size_t id = (size_t)*out;
    t->names[id] = NULL;
    t->literal[id] = lsn_anon_is_pseudonym(value, kind);
    digest(t->digests + id * DIGEST_BYTES, a, kind, value);
    return LSN_OK;
}

int lsn_anon_add(lsn_anon *a, lsn_anon_kind kind, const char *value)
{
    assert(a != NULL && value != NULL && kind < LSN_ANON_KINDS);
    char *heap;
    const char *v = normal_form(&heap, value, kind);
    if (v == NULL) {
        return lsn_oom();
    }
    int32_t id;
    struct table *t = &a->kinds[kind];
    size_t before = lsn_strmap_count(t->values);
    int rc = add_value(&id, a, kind, v);
    if (rc == LSN_OK && (size_t)id >= before) {
        t->sized = false; /* named when a pseudonym is next asked for */
    }
    free(heap);
    return rc;
}

/* The pseudonym of id with at least `digits` digits, made longer while it
 * spells a value of the table that already is a pseudonym (a literal). */
static int name_value(struct table *t, lsn_anon_kind kind, size_t id, size_t digits)
{
    const unsigned char *d = t->digests + id * DIGEST_BYTES;
    if (t->literal[id]) {
        t->names[id] = strdup(lsn_strmap_get(t->values, (int32_t)id));
        return t->names[id] != NULL ? LSN_OK : lsn_oom();
    }
    for (size_t n = digits < LSN_ANON_DIGITS ? LSN_ANON_DIGITS : digits; n <= MAX_DIGITS; n++) {
        char *s = pseudonym(kind, d, n);
        if (s == NULL) {
            return lsn_oom();
        }
        int32_t other = lsn_strmap_find(t->values, s);
        if (other < 0 || !t->literal[other]) {
            t->names[id] = s;
            return LSN_OK;
        }
        free(s);
    }
    return lsn_error_set(LSN_EINTERNAL, "no free pseudonym");
}

static const unsigned char *sort_digests;

static int cmp_digest(const void *x, const void *y)
{
    return memcmp(sort_digests + (size_t) * (const int32_t *)x * DIGEST_BYTES,
                  sort_digests + (size_t) * (const int32_t *)y * DIGEST_BYTES, DIGEST_BYTES);
}

/* Give every registered value of the kind its pseudonym: the shortest
 * prefix (>= 6 digits) that no other registered value shares. Neighbours in
 * digest order share the longest prefixes. O(n log n). */
static int size_table(struct table *t, lsn_anon_kind kind)
{
    size_t n = lsn_strmap_count(t->values);
    int32_t *order = malloc((n ? n : 1) * sizeof(*order));
    if (order == NULL) {
        return lsn_oom();
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (!t->literal[i]) {
            order[m++] = (int32_t)i;
        }
    }
    sort_digests = t->digests;
    if (m > 1) {
        qsort(order, m, sizeof(*order), cmp_digest);
    }
    int rc = LSN_OK;
    for (size_t i = 0; i < n && rc == LSN_OK; i++) {
        if (t->literal[i] && t->names[i] == NULL) {
            rc = name_value(t, kind, i, 0);
        }
    }
    for (size_t k = 0; k < m && rc == LSN_OK; k++) {
        size_t id = (size_t)order[k], shared = 0;
        const unsigned char *d = t->digests + id * DIGEST_BYTES;
        if (k > 0) {
            shared = common_digits(d, t->digests + (size_t)order[k - 1] * DIGEST_BYTES);
        }
        if (k + 1 < m) {
            size_t s = common_digits(d, t->digests + (size_t)order[k + 1] * DIGEST_BYTES);
            shared = s > shared ? s : shared;
        }
        if (t->names[id] == NULL) {
            rc = name_value(t, kind, id, shared + 1);
        }
    }
    free(order);
    t->sized = true;
    return rc;
}

const char *lsn_anon_get(lsn_anon *a, lsn_anon_kind kind, const char *value)
{
    assert(a != NULL && value != NULL && kind < LSN_ANON_KINDS);
    struct table *t = &a->kinds[kind];
    if (!t->sized && size_table(t, kind) != LSN_OK) {
        return NULL;
    }
    char *heap;
    const char *v = normal_form(&heap, value, kind);
    if (v == NULL) {
        lsn_oom();
        return NULL;
    }
    int32_t id = lsn_strmap_find(t->values, v);
    int rc = LSN_OK;
    if (id < 0) {
        /* First seen now: longer than what it shares with any value so far. */
        rc = add_value(&id, a, kind, v);
        size_t shared = 0, n = lsn_strmap_count(t->values);
        const unsigned char *d = rc == LSN_OK ? t->digests + (size_t)id * DIGEST_BYTES : NULL;
        for (size_t i = 0; rc == LSN_OK && i < n; i++) {
            if (i != (size_t)id && !t->literal[i]) {
                size_t s = common_digits(d, t->digests + i * DIGEST_BYTES);
                shared = s > shared ? s : shared;
            }
        }
        if (rc == LSN_OK) {
            rc = name_value(t, kind, (size_t)id, shared + 1);
        }
    }
    free(heap);
    return rc == LSN_OK ? t->names[id] : NULL;
}

char *lsn_anon_short(char *buf, const lsn_anon *a, lsn_anon_kind kind, const char *value)
{
    char *heap;
    const char *v = normal_form(&heap, value, kind);
    if (v != NULL && lsn_anon_is_pseudonym(v, kind) && strlen(v) == 2 + LSN_ANON_DIGITS) {
        memcpy(buf, v, 3 + LSN_ANON_DIGITS);
        free(heap);
        return buf;
    }
    unsigned char d[DIGEST_BYTES];
    digest(d, a, kind, v != NULL ? v : value);
    free(heap);
    return write_pseudonym(buf, kind, d, LSN_ANON_DIGITS);
}

/* ------------------------------------------------------------------ */
/* The model                                                            */
/* ------------------------------------------------------------------ */

int lsn_anon_add_org(lsn_anon *a, const lsn_org *org)
{
    size_t np, nu;
    const lsn_person *people = lsn_org_people(org, &np);
    const lsn_unit *units = lsn_org_units(org, &nu);
    int rc = LSN_OK;
    for (size_t i = 0; rc == LSN_OK && i < np; i++) {
        rc = lsn_anon_add(a, LSN_ANON_PERSON, people[i].email);
    }
    for (size_t u = 0; rc == LSN_OK && a->teams && u < nu; u++) {
        if (!units[u].synthetic) {
            rc = lsn_anon_add(a, LSN_ANON_UNIT, units[u].id);
        }
    }
    return rc;
}

int lsn_anon_add_calendar(lsn_anon *a, const lsn_calendar *cal)
{
    size_t n, ns, nf;
    const lsn_participant *pt = lsn_calendar_participants(cal, &n);
    const lsn_series *series = lsn_calendar_series(cal, &ns);
    const char *const *files = lsn_calendar_files(cal, &nf);
    int rc = LSN_OK;
    for (size_t i = 0; rc == LSN_OK && i < n; i++) {
        rc = lsn_anon_add(a, pt[i].kind == LSN_P_GROUP ? LSN_ANON_GROUP : LSN_ANON_PERSON,
                          pt[i].address);
    }
    for (size_t k = 0; rc == LSN_OK && k < ns; k++) {
        rc = lsn_anon_add(a, LSN_ANON_MEETING, series[k].uid);
    }
    for (size_t i = 0; rc == LSN_OK && i < nf; i++) {
        rc = lsn_anon_add(a, LSN_ANON_FILE, files[i]);
    }
    return rc;
}

/* The lsn_rename_fn of the anonymized copies (see io/anon.h for the kinds). */
static const char *rename_text(void *ud, lsn_text_kind kind, const char *text, const char *owner)
{
    lsn_anon *a = ud;
    switch (kind) {
    case LSN_TEXT_EMAIL:
    case LSN_TEXT_UNRESOLVED:
        return lsn_anon_get(a, LSN_ANON_PERSON, text);
    case LSN_TEXT_PERSON_NAME:
        return lsn_anon_get(a, LSN_ANON_PERSON, owner);
    case LSN_TEXT_GROUP:
        return lsn_anon_get(a, LSN_ANON_GROUP, text);
    case LSN_TEXT_UNIT:
        return a->teams ? lsn_anon_get(a, LSN_ANON_UNIT, text) : text;
    case LSN_TEXT_UNIT_NAME:
        return a->teams ? "" : text;
    case LSN_TEXT_UID:
        return lsn_anon_get(a, LSN_ANON_MEETING, text);
    case LSN_TEXT_SUBJECT:
        return text[0] != '\0' ? lsn_anon_get(a, LSN_ANON_MEETING, owner) : "";
    case LSN_TEXT_PATH:
        return lsn_anon_get(a, LSN_ANON_FILE, text);
    }
    return NULL;
}

int lsn_anon_org(lsn_org **out, lsn_anon *a, const lsn_org *org)
{
    return lsn_org_rename(out, org, rename_text, a);
}

int lsn_anon_calendar(lsn_calendar **out, lsn_anon *a, const lsn_calendar *cal, const lsn_org *aorg)
{
    return lsn_calendar_rename(out, cal, aorg, rename_text, a);
}

/* ------------------------------------------------------------------ */
/* Warnings and errors                                                  */
/* ------------------------------------------------------------------ */

/* The words of the program's own messages, generated from their string
 * literals (tools/own_words.sh); a word missing there is only written as a
 * pseudonym. */

static int cmp_word(const void *key, const void *item)
{
    return strcmp(key, *(const char *const *)item);
}

static bool own_word(const lsn_anon *a, const char *w)
{
    return bsearch(w, lsn_own_words, sizeof(lsn_own_words) / sizeof(*lsn_own_words),
                   sizeof(*lsn_own_words), cmp_word) != NULL ||
           lsn_strmap_find(a->words, w) >= 0;
}

/* A bounded output buffer that never overflows and stays terminated. */
struct out {
    char *p;
    size_t size, len;
};

static void put(struct out *o, const char *s, size_t n)
{
    while (n > 0 && o->len + 1 < o->size) {
        o->p[o->len++] = *s++;
        n--;
    }
    o->p[o->len] = '\0';
}

static void puts_(struct out *o, const char *s)
{
    put(o, s, strlen(s));
}

static bool word_char(char c)
{
    unsigned char u = (unsigned char)c;
    return isalnum(u) || u >= 0x80 || c == '_' || c == '.' || c == '+' || c == '-' || c == '/' ||
           c == '@' || c == '%';
}

/* Digits, dates, times, percentages: nothing taken from the input. */
static bool numeric(const char *w)
{
    bool digit = false;
    for (const char *p = w; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            digit = true;
        } else if (strchr(".:+-/%", *p) == NULL) {
            return false;
        }
    }
    return digit;
}

/* Write the pseudonym of the n bytes at s. */
static void
put_pseudonym(struct out *o, const lsn_anon *a, lsn_anon_kind kind, const char *s, size_t n)
{
    char small[512], buf[3 + LSN_ANON_DIGITS];
    char *w = n < sizeof(small) ? small : malloc(n + 1);
    if (w == NULL) {
        puts_(o, "x-??????");
        return;
    }
    memcpy(w, s, n);
    w[n] = '\0';
    puts_(o, lsn_anon_short(buf, a, kind, w));
    if (w != small) {
        free(w);
    }
}

/* One word: kept when the program wrote it, else its pseudonym. */
static void put_word(struct out *o, const lsn_anon *a, const char *s, size_t n)
{
    /* Sentence dots and a trailing '-' are punctuation, not part of the word. */
    size_t core = n;
    while (core > 0 && (s[core - 1] == '.' || s[core - 1] == '-')) {
        core--;
    }
    char small[512];
    char *w = core < sizeof(small) ? small : malloc(core + 1);
    if (w == NULL) {
        puts_(o, "x-??????");
        return;
    }
    memcpy(w, s, core);
    w[core] = '\0';
    if (core == 0 || numeric(w) || own_word(a, w) || lsn_anon_is_pseudonym(w, LSN_ANON_KINDS)) {
        puts_(o, w);
    } else {
        lsn_anon_kind kind = memchr(w, '@', core) != NULL   ? LSN_ANON_PERSON
                             : memchr(w, '/', core) != NULL ? LSN_ANON_FILE
                                                            : LSN_ANON_TEXT;
        put_pseudonym(o, a, kind, w, core);
    }
    put(o, s + core, n - core);
    if (w != small) {
        free(w);
    }
}

/* Length of a leading "PATH:LINE:" or "PATH: " location (up to its first
 * colon), 0 when the message does not start with one. A PATH without a
 * line number must hold a '/' or a '.', so "igraph: ..." is no location. */
static size_t location(const char *m)
{
    for (const char *p = m; *p; p++) {
        if (*p == '\'' || *p == '"') {
            return 0;
        }
        if (*p != ':' || p == m) {
            continue;
        }
        const char *q = p + 1;
        while (*q >= '0' && *q <= '9') {
            q++;
        }
        size_t n = (size_t)(p - m);
        if (q > p + 1 && *q == ':') {
            return n;
        }
        if (p[1] == ' ' || p[1] == '\0') {
            return memchr(m, '/', n) != NULL || memchr(m, '.', n) != NULL ? n : 0;
        }
    }
    return 0;
}

void lsn_anon_scrub(char *out, size_t size, const lsn_anon *a, const char *message)
{
    struct out o = {out, size, 0};
    if (size == 0) {
        return;
    }
    out[0] = '\0';
    const char *p = message;
    size_t n = location(p);
    if (n > 0) {
        put_pseudonym(&o, a, LSN_ANON_FILE, p, n);
        p += n;
    }
    while (*p) {
        char c = *p;
        if ((c == '\'' || c == '"') && (p == message || !word_char(p[-1]))) {
            /* A quoted text runs to the same quote that ends a word. */
            const char *q = p + 1;
            while (*q && !(*q == c && (q[1] == '\0' || !word_char(q[1])))) {
                q++;
            }
            if (*q == c) {
                size_t len = (size_t)(q - p - 1);
                put(&o, p, 1);
                if (len > 0) {
                    bool email = memchr(p + 1, '@', len) != NULL;
                    put_pseudonym(&o, a, email ? LSN_ANON_PERSON : LSN_ANON_TEXT, p + 1, len);
                }
                put(&o, q, 1);
                p = q + 1;
                continue;
            }
        }
        if (word_char(c)) {
            const char *q = p;
            while (*q && word_char(*q)) {
                q++;
            }
            put_word(&o, a, p, (size_t)(q - p));
            p = q;
            continue;
        }
        put(&o, p, 1);
        p++;
    }
}
