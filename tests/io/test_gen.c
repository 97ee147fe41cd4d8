/*
 * tests/io/test_gen.c — the synthetic organization generator (io/gen.h):
 * determinism, well-formed CSV and iCalendar (parsed with libical), the
 * per-mailbox contract that makes merged mailboxes equal the combined
 * export, the planted features, the option errors, and `liaison gen` end
 * to end. Every test writes into its own mkdtemp() folder and removes it.
 */
#include "io/gen.h"

#include "io/civil.h"
#include "io/error.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <libical/ical.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* A small organization: every feature is still planted. */
#define SMALL_PEOPLE 40
#define SMALL_WEEKS 6

/* ------------------------------------------------------------------ */
/* Helpers                                                              */
/* ------------------------------------------------------------------ */

static char *path_join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", a, b);
    return p;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (len != NULL) {
        *len = (size_t)n;
    }
    return buf;
}

/* Sorted names of the regular files in dir. */
static char **list_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0, cap = 16;
    char **names = malloc(cap * sizeof(char *));
    assert_non_null(names);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        if (n == cap) {
            cap *= 2;
            names = realloc(names, cap * sizeof(char *));
            assert_non_null(names);
        }
        names[n] = strdup(e->d_name);
        assert_non_null(names[n]);
        n++;
    }
    closedir(d);
    for (size_t i = 1; i < n; i++) {
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j - 1];
            names[j - 1] = names[j];
            names[j] = t;
        }
    }
    *count = n;
    return names;
}

static void free_list(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(names[i]);
    }
    free(names);
}

/* Remove dir and everything below it (the generator writes two levels). */
static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        char *p = path_join(dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            remove_tree(p);
        } else {
            unlink(p);
        }
        free(p);
    }
    closedir(d);
    rmdir(dir);
}

static char *make_temp(void)
{
    char tmpl[] = "/tmp/lsn_test_gen_XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    char *out = strdup(d);
    assert_non_null(out);
    return out;
}

/* Generate into a fresh temp dir/org; returns the temp dir (caller removes it). */
static char *generate(uint64_t seed, int people, int weeks)
{
    char *tmp = make_temp();
    char *out = path_join(tmp, "org");
    lsn_gen_options opts = LSN_GEN_OPTIONS_INIT;
    opts.people = people;
    opts.weeks = weeks;
    opts.seed = seed;
    int rc = lsn_gen_write(out, &opts);
    if (rc != LSN_OK) {
        print_error("lsn_gen_write: %s\n", lsn_error_last());
    }
    assert_int_equal(rc, LSN_OK);
    free(out);
    return tmp;
}

/* The same file in two trees has the same bytes. */
static bool same_file(const char *a, const char *b)
{
    size_t la, lb;
    char *x = read_all(a, &la), *y = read_all(b, &lb);
    bool same = la == lb && memcmp(x, y, la) == 0;
    free(x);
    free(y);
    return same;
}

/* Text with the RFC 5545 folding removed. */
static char *unfold(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n + 1);
    assert_non_null(out);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r' && s[i + 1] == '\n' && (s[i + 2] == ' ' || s[i + 2] == '\t')) {
            i += 2;
            continue;
        }
        out[k++] = s[i];
    }
    out[k] = '\0';
    return out;
}

static icalcomponent *parse_ics(const char *path)
{
    char *text = read_all(path, NULL);
    icalcomponent *cal = icalparser_parse_string(text);
    free(text);
    if (cal == NULL) {
        print_error("%s: libical cannot parse it\n", path);
    }
    assert_non_null(cal);
    assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
    if (icalcomponent_count_errors(cal) != 0) {
        char *s = icalcomponent_as_ical_string_r(cal);
        const char *err = strstr(s, "X-LIC-ERROR");
        print_error("%s: %.300s\n", path, err != NULL ? err : "?");
        icalmemory_free_buffer(s);
    }
    assert_int_equal(icalcomponent_count_errors(cal), 0);
    return cal;
}

static const char *mailto(const char *v)
{
    return strncasecmp(v, "mailto:", 7) == 0 ? v + 7 : v;
}

static int partstat_of(icalproperty *p)
{
    icalparameter *ps = icalproperty_get_first_parameter(p, ICAL_PARTSTAT_PARAMETER);
    return ps != NULL ? (int)icalparameter_get_partstat(ps) : (int)ICAL_PARTSTAT_NEEDSACTION;
}

/* "UID|RECURRENCE-ID" of a VEVENT (RECURRENCE-ID empty for a master). */
static void event_key(icalcomponent *ev, char *out, size_t cap)
{
    icalproperty *rid = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY);
    snprintf(out, cap, "%s|%s", icalcomponent_get_uid(ev),
             rid != NULL ? icalproperty_get_value_as_string(rid) : "");
}

/* ------------------------------------------------------------------ */
/* Tests                                                                */
/* ------------------------------------------------------------------ */

static void test_gen_same_seed_gives_identical_files(void **state)
{
    (void)state;
    char *a = generate(7, SMALL_PEOPLE, SMALL_WEEKS);
    char *b = generate(7, SMALL_PEOPLE, SMALL_WEEKS);
    static const char *const top[] = {"people.csv", "teams.csv", "needs.csv", "combined.ics"};
    char *da = path_join(a, "org"), *db = path_join(b, "org");
    for (size_t i = 0; i < sizeof(top) / sizeof(top[0]); i++) {
        char *pa = path_join(da, top[i]), *pb = path_join(db, top[i]);
        assert_true(same_file(pa, pb));
        free(pa);
        free(pb);
    }
    char *ma = path_join(da, "mailboxes"), *mb = path_join(db, "mailboxes");
    size_t na, nb;
    char **la = list_dir(ma, &na), **lb = list_dir(mb, &nb);
    assert_int_equal(na, SMALL_PEOPLE);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        assert_string_equal(la[i], lb[i]);
        char *pa = path_join(ma, la[i]), *pb = path_join(mb, lb[i]);
        assert_true(same_file(pa, pb));
        free(pa);
        free(pb);
    }
    free_list(la, na);
    free_list(lb, nb);
    free(ma);
    free(mb);
    free(da);
    free(db);
    remove_tree(a);
    remove_tree(b);
    free(a);
    free(b);
}

static void test_gen_other_seed_gives_other_files(void **state)
{
    (void)state;
    char *a = generate(7, SMALL_PEOPLE, SMALL_WEEKS);
    char *b = generate(8, SMALL_PEOPLE, SMALL_WEEKS);
    char *pa = path_join(a, "org/people.csv"), *pb = path_join(b, "org/people.csv");
    assert_false(same_file(pa, pb));
    free(pa);
    free(pb);
    pa = path_join(a, "org/combined.ics");
    pb = path_join(b, "org/combined.ics");
    assert_false(same_file(pa, pb));
    free(pa);
    free(pb);
    remove_tree(a);
    remove_tree(b);
    free(a);
    free(b);
}

static void test_gen_people_csv_has_a_row_per_person(void **state)
{
    (void)state;
    char *t = generate(3, SMALL_PEOPLE, SMALL_WEEKS);
    char *p = path_join(t, "org/people.csv");
    char *text = read_all(p, NULL);
    size_t lines = 0;
    for (const char *c = text; *c != '\0'; c++) {
        lines += *c == '\n';
    }
    assert_int_equal(lines, SMALL_PEOPLE + 1);
    assert_memory_equal(text, "email,name,team,manager\r\n", 25);
    free(text);
    free(p);
    /* teams.csv has one root; needs.csv has its header and some rows. */
    p = path_join(t, "org/teams.csv");
    text = read_all(p, NULL);
    assert_memory_equal(text, "team,parent,name\r\nacme,,Acme Corp\r\n", 35);
    free(text);
    free(p);
    p = path_join(t, "org/needs.csv");
    text = read_all(p, NULL);
    assert_memory_equal(text, "team,from,context,availability\r\n", 32);
    free(text);
    free(p);
    remove_tree(t);
    free(t);
}

/* Every line ends with CRLF and holds at most 75 octets; continuation lines
 * start with a space and never split a UTF-8 character. */
static void check_lines(const char *path)
{
    size_t n;
    char *text = read_all(path, &n);
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '\n') {
            assert_true(i > 0 && text[i - 1] == '\r');
            size_t len = i - 1 - start;
            if (len > 75) {
                print_error("%s: line of %zu octets at offset %zu\n", path, len, start);
            }
            assert_true(len <= 75);
            if (text[start] == ' ') {
                assert_true(((unsigned char)text[start + 1] & 0xC0) != 0x80);
            }
            start = i + 1;
        }
    }
    assert_int_equal(start, n);
    free(text);
}

static void test_gen_ics_files_parse_and_are_folded(void **state)
{
    (void)state;
    char *t = generate(5, SMALL_PEOPLE, SMALL_WEEKS);
    char *dir = path_join(t, "org");
    char *comb = path_join(dir, "combined.ics");
    check_lines(comb);
    icalcomponent *cal = parse_ics(comb);
    assert_true(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT) > 0);
    assert_true(icalcomponent_count_components(cal, ICAL_VTIMEZONE_COMPONENT) > 0);
    icalcomponent_free(cal);
    char *mb = path_join(dir, "mailboxes");
    size_t nf;
    char **files = list_dir(mb, &nf);
    assert_int_equal(nf, SMALL_PEOPLE);
    for (size_t i = 0; i < nf; i++) {
        char *p = path_join(mb, files[i]);
        check_lines(p);
        cal = parse_ics(p);
        assert_true(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT) > 0);
        icalcomponent_free(cal);
        free(p);
    }
    free_list(files, nf);
    free(mb);
    free(comb);
    free(dir);
    remove_tree(t);
    free(t);
}

/* Mailbox copies: the owner is the organizer or an attendee of every VEVENT;
 * each copy exists in the combined export with the same SEQUENCE; a reply is
 * either NEEDS-ACTION or the combined one; the owner's own reply (and, in the
 * organizer's copy, every reply) is the combined one. With these, merging
 * the mailboxes (SPEC §1.4) gives exactly the combined export. */
static void test_gen_mailboxes_agree_with_combined(void **state)
{
    (void)state;
    char *t = generate(11, SMALL_PEOPLE, SMALL_WEEKS);
    char *dir = path_join(t, "org");
    char *comb = path_join(dir, "combined.ics");
    icalcomponent *cal = parse_ics(comb);

    /* key -> sequence, and key|email -> partstat, as parallel arrays. */
    size_t nkeys = 0, cap = 1024;
    struct entry {
        char *key;
        int value;
    } *tab = malloc(cap * sizeof(*tab));
    assert_non_null(tab);
    char key[1024], ak[1400];
#define PUT(k, v)                                                                                  \
    do {                                                                                           \
        if (nkeys == cap) {                                                                        \
            cap *= 2;                                                                              \
            tab = realloc(tab, cap * sizeof(*tab));                                                \
            assert_non_null(tab);                                                                  \
        }                                                                                          \
        tab[nkeys].key = strdup(k);                                                                \
        tab[nkeys].value = (v);                                                                    \
        nkeys++;                                                                                   \
    } while (0)
    size_t vevents = 0;
    for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
         ev != NULL; ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
        event_key(ev, key, sizeof(key));
        /* Exactly one VEVENT per (UID, RECURRENCE-ID) in the combined export. */
        for (size_t i = 0; i < nkeys; i++) {
            if (strcmp(tab[i].key, key) == 0) {
                fail_msg("duplicate %s in combined.ics", key);
            }
        }
        PUT(key, icalcomponent_get_sequence(ev));
        for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY);
             p != NULL; p = icalcomponent_get_next_property(ev, ICAL_ATTENDEE_PROPERTY)) {
            snprintf(ak, sizeof(ak), "%s|%s", key, mailto(icalproperty_get_attendee(p)));
            PUT(ak, partstat_of(p));
        }
        vevents++;
    }
    icalcomponent_free(cal);
    assert_true(vevents > 0);

    char *mb = path_join(dir, "mailboxes");
    size_t nf;
    char **files = list_dir(mb, &nf);
    size_t copies = 0;
    for (size_t f = 0; f < nf; f++) {
        char owner[300];
        snprintf(owner, sizeof(owner), "%.*s@acme.example", (int)(strlen(files[f]) - 4), files[f]);
        char *p = path_join(mb, files[f]);
        icalcomponent *box = parse_ics(p);
        for (icalcomponent *ev = icalcomponent_get_first_component(box, ICAL_VEVENT_COMPONENT);
             ev != NULL; ev = icalcomponent_get_next_component(box, ICAL_VEVENT_COMPONENT)) {
            event_key(ev, key, sizeof(key));
            size_t k = 0;
            while (k < nkeys && strcmp(tab[k].key, key) != 0) {
                k++;
            }
            assert_true(k < nkeys);
            assert_int_equal(icalcomponent_get_sequence(ev), tab[k].value);
            icalproperty *org = icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY);
            assert_non_null(org);
            bool is_org = strcmp(mailto(icalproperty_get_organizer(org)), owner) == 0;
            bool listed = is_org;
            for (icalproperty *a = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY);
                 a != NULL; a = icalcomponent_get_next_property(ev, ICAL_ATTENDEE_PROPERTY)) {
                const char *who = mailto(icalproperty_get_attendee(a));
                snprintf(ak, sizeof(ak), "%s|%s", key, who);
                size_t j = 0;
                while (j < nkeys && strcmp(tab[j].key, ak) != 0) {
                    j++;
                }
                assert_true(j < nkeys);
                int ps = partstat_of(a);
                bool own = strcmp(who, owner) == 0;
                listed = listed || own;
                if (own || is_org) {
                    assert_int_equal(ps, tab[j].value);
                } else {
                    assert_int_equal(ps, ICAL_PARTSTAT_NEEDSACTION);
                }
                if (own) {
                    assert_int_not_equal(ps, ICAL_PARTSTAT_NEEDSACTION);
                }
            }
            if (!listed) {
                fail_msg("%s: %s does not list its owner", files[f], key);
            }
            copies++;
        }
        icalcomponent_free(box);
        free(p);
    }
    assert_true(copies > vevents);
#undef PUT
    for (size_t i = 0; i < nkeys; i++) {
        free(tab[i].key);
    }
    free(tab);
    free_list(files, nf);
    free(mb);
    free(comb);
    free(dir);
    remove_tree(t);
    free(t);
}

static void test_gen_features_are_planted(void **state)
{
    (void)state;
    char *t = generate(1, SMALL_PEOPLE, SMALL_WEEKS);
    char *p = path_join(t, "org/combined.ics");
    char *raw = read_all(p, NULL);
    char *text = unfold(raw);
    static const char *const features[] = {
        "\r\nEXDATE",
        "\r\nRECURRENCE-ID",
        "\r\nSTATUS:CANCELLED",
        "CUTYPE=ROOM",
        "CUTYPE=GROUP",
        "PARTSTAT=DECLINED",
        "PARTSTAT=TENTATIVE",
        ";VALUE=DATE:",
        ";TZID=",
        "ROLE=OPT-PARTICIPANT",
        "ROLE=NON-PARTICIPANT",
        "\r\nRRULE:",
        "Z\r\n",
        "@vendor.example",
        ":mailto:ext-",
        "\r\nDURATION:",
        "\r\nBEGIN:VTIMEZONE",
        ";COUNT=5",
        ";INTERVAL=2",
        "FREQ=MONTHLY;BYDAY=1TH",
    };
    for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++) {
        if (strstr(text, features[i]) == NULL) {
            fail_msg("combined.ics has no %s", features[i]);
        }
    }
    free(text);
    free(raw);
    free(p);
    remove_tree(t);
    free(t);
}

/* libical expands every RRULE minus its EXDATEs to the instances that
 * lsn_gen_expand() lists: the written rules mean what the generator meant. */
static void test_gen_rules_expand_like_libical(void **state)
{
    (void)state;
    lsn_gen_options opts = LSN_GEN_OPTIONS_INIT;
    opts.weeks = 13;
    opts.start = "2026-02-23"; /* spans a daylight-saving change */
    lsn_gen *gen = NULL;
    assert_int_equal(lsn_gen_build(&gen, &opts), LSN_OK);
    char *t = make_temp();
    assert_int_equal(lsn_gen_save(gen, t), LSN_OK);
    char *comb = path_join(t, "combined.ics");
    icalcomponent *cal = parse_ics(comb);
    int32_t days;
    int32_t first = lsn_gen_window(gen, &days);
    size_t ns;
    const lsn_gen_series *series = lsn_gen_series_list(gen, &ns);
    lsn_gen_instance inst[600];
    size_t checked = 0, with_until = 0, with_count = 0, with_exdate = 0;
    for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
         ev != NULL; ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
        icalproperty *rr = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
        if (rr == NULL) {
            continue;
        }
        size_t s = 0;
        while (s < ns && strcmp(series[s].uid, icalcomponent_get_uid(ev)) != 0) {
            s++;
        }
        assert_true(s < ns);
        size_t want = lsn_gen_expand(gen, s, inst, 600);
        with_until += series[s].rule.until_day != INT32_MAX;
        with_count += series[s].rule.count > 0;
        with_exdate += series[s].exdate_count > 0;
        struct icaltimetype start = icalcomponent_get_dtstart(ev);
        icalrecur_iterator *it = icalrecur_iterator_new(icalproperty_get_rrule(rr), start);
        assert_non_null(it);
        size_t got = 0;
        for (struct icaltimetype x = icalrecur_iterator_next(it); !icaltime_is_null_time(x);
             x = icalrecur_iterator_next(it)) {
            int y, m, d;
            lsn_civil_from_days(first, &y, &m, &d);
            struct icaltimetype lo = icaltime_null_date(), hi;
            lo.year = y;
            lo.month = m;
            lo.day = d;
            hi = icaltime_add(lo, icaldurationtype_from_int(days * 86400));
            if (icaltime_compare_date_only(x, hi) >= 0) {
                break;
            }
            if (icaltime_compare_date_only(x, lo) < 0) {
                continue;
            }
            bool excluded = false;
            for (icalproperty *ex = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY);
                 ex != NULL; ex = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY)) {
                struct icaltimetype e = icalproperty_get_exdate(ex);
                excluded = excluded || (e.year == x.year && e.month == x.month && e.day == x.day &&
                                        e.hour == x.hour);
            }
            got += !excluded;
        }
        icalrecur_iterator_free(it);
        if (got != want) {
            fail_msg("%s: libical expands %zu instances, the generator %zu", series[s].uid, got,
                     want);
        }
        checked++;
    }
    assert_true(checked > 50);
    assert_true(with_until > 0 && with_count > 0 && with_exdate > 0);
    icalcomponent_free(cal);
    free(comb);
    remove_tree(t);
    free(t);
    lsn_gen_free(gen);
}

static void test_gen_model_is_consistent(void **state)
{
    (void)state;
    lsn_gen *gen = NULL;
    assert_int_equal(lsn_gen_build(&gen, NULL), LSN_OK);
    size_t np, nu, nn, nparty, ns;
    const lsn_gen_person *people = lsn_gen_people(gen, &np);
    const lsn_gen_unit *units = lsn_gen_units(gen, &nu);
    const lsn_gen_need *needs = lsn_gen_needs(gen, &nn);
    const lsn_gen_party *parties = lsn_gen_parties(gen, &nparty);
    lsn_gen_series_list(gen, &ns);
    assert_int_equal(np, 150);
    assert_true(nu > 10 && nn > 5 && nparty > np && ns > 100);
    assert_int_equal(units[0].parent, -1);
    size_t ceo = 0;
    for (size_t p = 0; p < np; p++) {
        assert_ptr_equal(parties[p].email, people[p].email);
        assert_int_equal(parties[p].person, (int32_t)p);
        assert_true(units[people[p].team].team);
        ceo += people[p].manager < 0;
    }
    assert_int_equal(ceo, 1);
    for (size_t u = 1; u < nu; u++) {
        assert_true(units[u].parent >= 0 && (size_t)units[u].parent < u);
    }
    for (size_t i = 0; i < nn; i++) {
        assert_true(units[needs[i].team].team);
        assert_int_not_equal(needs[i].team, needs[i].from);
    }
    /* Team sizes stay within 4..9 (the leadership teams aside). */
    for (size_t u = 0; u < nu; u++) {
        size_t n = 0;
        for (size_t p = 0; p < np; p++) {
            n += people[p].team == (int32_t)u;
        }
        if (units[u].team && units[u].head >= 0 && people[units[u].head].team == (int32_t)u) {
            assert_true(n >= 4 && n <= 9);
        }
    }
    const lsn_gen_options *o = lsn_gen_get_options(gen);
    assert_int_equal(o->people, 150);
    assert_int_equal(o->weeks, 13);
    assert_string_equal(o->start, "2026-06-01");
    assert_string_equal(o->domain, "acme.example");
    assert_string_equal(lsn_gen_zone_name(0), "America/New_York");
    lsn_gen_free(gen);
}

static void test_gen_start_moves_back_to_monday(void **state)
{
    (void)state;
    lsn_gen_options opts = LSN_GEN_OPTIONS_INIT;
    opts.start = "2026-06-04"; /* a Thursday */
    opts.people = 30;
    opts.domain = "Example.ORG";
    lsn_gen *gen = NULL;
    assert_int_equal(lsn_gen_build(&gen, &opts), LSN_OK);
    assert_string_equal(lsn_gen_get_options(gen)->start, "2026-06-01");
    assert_string_equal(lsn_gen_get_options(gen)->domain, "example.org");
    size_t np;
    const lsn_gen_person *people = lsn_gen_people(gen, &np);
    assert_non_null(strstr(people[0].email, "@example.org"));
    int32_t days;
    int y, m, d;
    lsn_civil_from_days(lsn_gen_window(gen, &days), &y, &m, &d);
    assert_int_equal(y * 10000 + m * 100 + d, 20260601);
    assert_int_equal(days, 91);
    lsn_gen_free(gen);
}

static void test_gen_bad_options_are_einval(void **state)
{
    (void)state;
    static const struct {
        int people, weeks;
        const char *start, *domain, *message;
    } cases[] = {
        {5, 13, NULL, NULL, "people must be between 20 and 200000, not 5"},
        {150, 200, NULL, NULL, "weeks must be between 1 and 104, not 200"},
        {150, 13, "2026-13-01", NULL, "start '2026-13-01' is not a date YYYY-MM-DD"},
        {150, 13, "2026-02-30", NULL, "start '2026-02-30' is not a date YYYY-MM-DD"},
        {150, 13, "June 1", NULL, "start 'June 1' is not a date YYYY-MM-DD"},
        {150, 13, NULL, "acme", "domain 'acme' is not a domain name such as acme.example"},
        {150, 13, NULL, "a b.example",
         "domain 'a b.example' is not a domain name such as "
         "acme.example"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        lsn_gen_options opts = LSN_GEN_OPTIONS_INIT;
        opts.people = cases[i].people;
        opts.weeks = cases[i].weeks;
        opts.start = cases[i].start;
        opts.domain = cases[i].domain;
        lsn_gen *gen = (lsn_gen *)(uintptr_t)1; /* must be reset to NULL */
        assert_int_equal(lsn_gen_build(&gen, &opts), LSN_EINVAL);
        assert_null(gen);
        assert_string_equal(lsn_error_last(), cases[i].message);
    }
}

static void test_gen_unwritable_dir_is_eio(void **state)
{
    (void)state;
    char *t = make_temp();
    char *file = path_join(t, "plain");
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fclose(f);
    char *below = path_join(file, "org");
    lsn_gen_options opts = LSN_GEN_OPTIONS_INIT;
    opts.people = 20;
    opts.weeks = 1;
    assert_int_equal(lsn_gen_write(below, &opts), LSN_EIO);
    char want[600];
    snprintf(want, sizeof(want), "%s: cannot create: ", below);
    assert_memory_equal(lsn_error_last(), want, strlen(want));
    /* An existing file in place of the folder itself. */
    assert_int_equal(lsn_gen_write(file, &opts), LSN_EIO);
    snprintf(want, sizeof(want), "%s: cannot create: ", file);
    assert_memory_equal(lsn_error_last(), want, strlen(want));
    free(below);
    free(file);
    remove_tree(t);
    free(t);
}

/* An Outlook zone libical does not know is an error of save_as (before
 * anything is written) and of the Outlook writer (before its folder is made);
 * the other formats ignore the zone, and NULL and "UTC" both mean UTC. */
static void test_gen_unknown_outlook_zone_is_einval_and_writes_nothing(void **state)
{
    (void)state;
    char *t = make_temp();
    char *out = path_join(t, "org");
    char *utc_dir = path_join(t, "utc");
    char *outlook = path_join(t, "outlook");
    lsn_gen_options opts = LSN_GEN_OPTIONS_INIT;
    opts.people = 20;
    opts.weeks = 1;
    lsn_gen *gen = NULL;
    assert_int_equal(lsn_gen_build(&gen, &opts), LSN_OK);

    assert_int_equal(lsn_gen_save_as(gen, out, LSN_GEN_FORMAT_ALL, "Mars/Olympus"), LSN_EINVAL);
    assert_string_equal(lsn_error_last(), "unknown time zone 'Mars/Olympus'");
    assert_int_equal(access(out, F_OK), -1);
    assert_int_equal(lsn_gen_write_outlook(gen, t, "Mars/Olympus"), LSN_EINVAL);
    assert_string_equal(lsn_error_last(), "unknown time zone 'Mars/Olympus'");
    assert_int_equal(access(outlook, F_OK), -1);
    assert_int_equal(lsn_gen_save_as(gen, out, LSN_GEN_FORMAT_ICS, "Mars/Olympus"), LSN_OK);

    assert_int_equal(lsn_gen_write_outlook(gen, t, NULL), LSN_OK);
    assert_int_equal(lsn_gen_save_as(gen, utc_dir, LSN_GEN_FORMAT_OUTLOOK, "UTC"), LSN_OK);
    size_t np, n;
    lsn_gen_people(gen, &np);
    char **files = list_dir(outlook, &n);
    assert_int_equal(n, np);
    char *utc_outlook = path_join(utc_dir, "outlook");
    for (size_t i = 0; i < n; i++) {
        char *a = path_join(outlook, files[i]);
        char *b = path_join(utc_outlook, files[i]);
        assert_true(same_file(a, b));
        free(a);
        free(b);
    }
    free_list(files, n);
    free(utc_outlook);
    lsn_gen_free(gen);
    free(outlook);
    free(utc_dir);
    free(out);
    remove_tree(t);
    free(t);
}

static void test_gen_rewrite_removes_stale_mailboxes(void **state)
{
    (void)state;
    char *t = make_temp();
    lsn_gen_options opts = LSN_GEN_OPTIONS_INIT;
    opts.people = 60;
    opts.weeks = 2;
    assert_int_equal(lsn_gen_write(t, &opts), LSN_OK);
    opts.people = 30;
    assert_int_equal(lsn_gen_write(t, &opts), LSN_OK);
    char *mb = path_join(t, "mailboxes");
    size_t n;
    char **files = list_dir(mb, &n);
    assert_int_equal(n, 30);
    free_list(files, n);
    free(mb);
    remove_tree(t);
    free(t);
}

/* `liaison gen` end to end: help, usage errors, and the files it writes. */
static int run(const char *args, const char *out_file)
{
    char cmd[2048];
    snprintf(cmd, sizeof(cmd), "'%s' %s > '%s' 2>&1", LSN_BINARY, args, out_file);
    int st = system(cmd);
    assert_true(WIFEXITED(st));
    return WEXITSTATUS(st);
}

static void test_gen_cli(void **state)
{
    (void)state;
    if (access(LSN_BINARY, X_OK) != 0) {
        skip();
    }
    char *t = make_temp();
    char *log = path_join(t, "log");
    assert_int_equal(run("gen --help", log), 0);
    char *text = read_all(log, NULL);
    assert_non_null(strstr(text, "usage: liaison gen"));
    assert_non_null(strstr(text, "--people N"));
    free(text);

    assert_int_equal(run("gen --people ten", log), 2);
    text = read_all(log, NULL);
    assert_string_equal(text, "liaison: gen: --people: 'ten' is not a number from 20 to 200000\n"
                              "try 'liaison gen --help'\n");
    free(text);
    assert_int_equal(run("gen --bogus", log), 2);
    text = read_all(log, NULL);
    assert_string_equal(text, "liaison: gen: unknown option '--bogus'\ntry 'liaison gen --help'\n");
    free(text);
    assert_int_equal(run("gen --start 2026-99-01", log), 2);
    text = read_all(log, NULL);
    assert_string_equal(text, "liaison: gen: start '2026-99-01' is not a date YYYY-MM-DD\n"
                              "try 'liaison gen --help'\n");
    free(text);

    char args[1200];
    snprintf(args, sizeof(args), "gen --people 25 --weeks 3 --seed 4 --out '%s/o'", t);
    assert_int_equal(run(args, log), 0);
    text = read_all(log, NULL);
    assert_non_null(strstr(text, "wrote 25 people"));
    free(text);
    /* The library with the same options writes the same bytes. */
    char *lib = path_join(t, "lib");
    lsn_gen_options opts = LSN_GEN_OPTIONS_INIT;
    opts.people = 25;
    opts.weeks = 3;
    opts.seed = 4;
    assert_int_equal(lsn_gen_write(lib, &opts), LSN_OK);
    char *a = path_join(t, "o/combined.ics"), *b = path_join(lib, "combined.ics");
    assert_true(same_file(a, b));
    free(a);
    free(b);
    free(lib);
    free(log);
    remove_tree(t);
    free(t);
}

/* ------------------------------------------------------------------ */
/* Reorg scenarios                                                      */
/* ------------------------------------------------------------------ */

static int32_t unit_index(const lsn_gen_unit *units, size_t n, const char *id)
{
    for (size_t u = 0; u < n; u++) {
        if (strcmp(units[u].id, id) == 0) {
            return (int32_t)u;
        }
    }
    return -1;
}

/* The scenario of `kind` for the sample organization (the defaults). */
static lsn_gen_scenario *sample_scenario(lsn_gen *gen, lsn_gen_scenario_kind kind)
{
    lsn_gen_scenario *sc = NULL;
    assert_int_equal(lsn_gen_scenario_build(&sc, gen, kind), LSN_OK);
    assert_non_null(sc);
    size_t np, nb;
    lsn_gen_scenario_people(sc, &np);
    lsn_gen_people(gen, &nb);
    assert_int_equal(np, nb);
    return sc;
}

/* Every file below a/scenarios has the same bytes below b/scenarios, and
 * both trees hold the same files. */
static void assert_same_scenarios(const char *a, const char *b)
{
    char *sa = path_join(a, "scenarios"), *sb = path_join(b, "scenarios");
    size_t na, nb;
    char **da = list_dir(sa, &na), **db = list_dir(sb, &nb);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        assert_string_equal(da[i], db[i]);
        char *fa = path_join(sa, da[i]), *fb = path_join(sb, db[i]);
        size_t ma, mb;
        char **la = list_dir(fa, &ma), **lb = list_dir(fb, &mb);
        assert_int_equal(ma, mb);
        for (size_t j = 0; j < ma; j++) {
            assert_string_equal(la[j], lb[j]);
            char *pa = path_join(fa, la[j]), *pb = path_join(fb, lb[j]);
            if (!same_file(pa, pb)) {
                fail_msg("%s and %s differ", pa, pb);
            }
            free(pa);
            free(pb);
        }
        free_list(la, ma);
        free_list(lb, mb);
        free(fa);
        free(fb);
    }
    free_list(da, na);
    free_list(db, nb);
    free(sa);
    free(sb);
}

/* Two builds with the same options write the same scenario bytes, which are
 * the bundled sample's; a rewrite gives them again and drops stale files. */
static void test_gen_scenarios_are_deterministic(void **state)
{
    (void)state;
    char *t = make_temp();
    char *a = path_join(t, "a"), *b = path_join(t, "b");
    for (int k = 0; k < 2; k++) {
        lsn_gen *gen = NULL;
        assert_int_equal(lsn_gen_build(&gen, NULL), LSN_OK);
        unsigned written = 0;
        assert_int_equal(
            lsn_gen_write_scenarios(gen, k == 0 ? a : b, LSN_GEN_SCENARIOS_ALL, &written), LSN_OK);
        assert_int_equal(written, LSN_GEN_SCENARIOS_ALL);
        lsn_gen_free(gen);
    }
    assert_same_scenarios(a, b);
    assert_same_scenarios(a, LSN_SOURCE_DIR "/datasets/sample");
    /* Only what a scenario changes is written: the baseline's files are used
     * for the rest (SPEC §5). */
    static const char *const files[LSN_GEN_SCENARIO_COUNT][3] = {
        {"people.csv", "teams.csv", NULL},
        {"needs.csv", "people.csv", "teams.csv"},
        {"people.csv", NULL, NULL},
    };
    for (int k = 0; k < LSN_GEN_SCENARIO_COUNT; k++) {
        char *sub = path_join(a, "scenarios");
        char *dir = path_join(sub, lsn_gen_scenario_name((lsn_gen_scenario_kind)k));
        size_t n;
        char **names = list_dir(dir, &n);
        size_t want = 0;
        while (want < 3 && files[k][want] != NULL) {
            want++;
        }
        assert_int_equal(n, want);
        for (size_t i = 0; i < n; i++) {
            assert_string_equal(names[i], files[k][i]);
        }
        free_list(names, n);
        free(dir);
        free(sub);
    }
    /* A stale teams.csv in a scenario that has none goes on the next run. */
    char *stale = path_join(a, "scenarios/moved-liaisons/teams.csv");
    FILE *f = fopen(stale, "w");
    assert_non_null(f);
    fputs("team,parent\r\nold,\r\n", f);
    fclose(f);
    lsn_gen *gen = NULL;
    assert_int_equal(lsn_gen_build(&gen, NULL), LSN_OK);
    assert_int_equal(lsn_gen_write_scenarios(gen, a, LSN_GEN_SCENARIOS_ALL, NULL), LSN_OK);
    assert_int_equal(access(stale, F_OK), -1);
    assert_same_scenarios(a, b);
    lsn_gen_free(gen);
    free(stale);
    free(a);
    free(b);
    remove_tree(t);
    free(t);
}

/* merged: the planted pair (picked from the model: the two teams whose
 * stand-up, planning and retro are one meeting) is one team; nobody else
 * changes. */
static void test_gen_merged_scenario_joins_the_planted_pair(void **state)
{
    (void)state;
    lsn_gen *gen = NULL;
    assert_int_equal(lsn_gen_build(&gen, NULL), LSN_OK);
    lsn_gen_scenario *sc = sample_scenario(gen, LSN_GEN_SCENARIO_MERGED);
    size_t np, nu, nn, ns, nc, snu;
    const lsn_gen_person *people = lsn_gen_people(gen, &np);
    const lsn_gen_unit *units = lsn_gen_units(gen, &nu);
    const lsn_gen_need *needs = lsn_gen_needs(gen, &nn);
    const lsn_gen_series *series = lsn_gen_series_list(gen, &ns);
    const lsn_gen_person *sp = lsn_gen_scenario_people(sc, &np);
    const lsn_gen_unit *su = lsn_gen_scenario_units(sc, &snu);
    const lsn_gen_change *ch = lsn_gen_scenario_changes(sc, &nc);
    assert_int_equal(nc, 1);
    assert_int_equal(ch[0].person, -1);
    assert_string_equal(ch[0].from, "eng-payments-api"); /* as datasets/README.md says */
    assert_string_equal(ch[0].to, "eng-payments-core");
    int32_t a = unit_index(units, nu, ch[0].to), b = unit_index(units, nu, ch[0].from);
    assert_true(a >= 0 && b >= 0);

    /* The pair always meets: each ritual of A has every member of A and B. */
    for (lsn_gen_kind kind = LSN_GEN_STANDUP; kind <= LSN_GEN_RETRO; kind++) {
        size_t found = 0;
        for (size_t s = 0; s < ns; s++) {
            if (series[s].kind != kind || series[s].team != a) {
                continue;
            }
            found++;
            for (size_t p = 0; p < np; p++) {
                if (people[p].team != a && people[p].team != b) {
                    continue;
                }
                bool in = false;
                for (size_t i = 0; i < series[s].attendee_count; i++) {
                    in = in || series[s].attendees[i].party == (int32_t)p;
                }
                if (!in) {
                    fail_msg("%s is not at %s", people[p].email, series[s].summary);
                }
            }
        }
        assert_true(found >= 1);
    }

    /* Every member of the pair in one team id, everyone else unchanged. */
    int32_t sa = unit_index(su, snu, ch[0].to);
    assert_true(sa >= 0);
    assert_int_equal(unit_index(su, snu, ch[0].from), -1);
    assert_string_equal(su[sa].name, "Payments Core + Payments API");
    size_t members = 0;
    for (size_t p = 0; p < np; p++) {
        assert_ptr_equal(sp[p].email, people[p].email);
        if (people[p].team == a || people[p].team == b) {
            members++;
            assert_int_equal(sp[p].team, sa);
            /* One manager: A's; she keeps her own. */
            int32_t want = (int32_t)p == units[a].head ? people[p].manager : units[a].head;
            assert_int_equal(sp[p].manager, want);
        } else {
            assert_string_equal(su[sp[p].team].id, units[people[p].team].id);
            assert_int_equal(sp[p].manager, people[p].manager);
        }
    }
    assert_int_equal(members, 8);
    assert_int_equal(snu, nu - 1);
    assert_true(lsn_gen_scenario_own_teams(sc));
    /* No need of the sample names the second team: needs.csv is the baseline's. */
    bool names_b = false;
    for (size_t i = 0; i < nn; i++) {
        names_b = names_b || needs[i].team == b || needs[i].from == b;
    }
    assert_false(names_b);
    assert_false(lsn_gen_scenario_own_needs(sc));
    lsn_gen_scenario_free(sc);
    lsn_gen_free(gen);
}

/* split: the largest ordinary team becomes two teams under the same parent
 * whose union is the original, each with its needs. */
static void test_gen_split_scenario_halves_the_largest_team(void **state)
{
    (void)state;
    lsn_gen *gen = NULL;
    assert_int_equal(lsn_gen_build(&gen, NULL), LSN_OK);
    lsn_gen_scenario *sc = sample_scenario(gen, LSN_GEN_SCENARIO_SPLIT);
    size_t np, nu, nn, nc, snu, snn;
    const lsn_gen_person *people = lsn_gen_people(gen, &np);
    const lsn_gen_unit *units = lsn_gen_units(gen, &nu);
    const lsn_gen_need *needs = lsn_gen_needs(gen, &nn);
    const lsn_gen_person *sp = lsn_gen_scenario_people(sc, &np);
    const lsn_gen_unit *su = lsn_gen_scenario_units(sc, &snu);
    const lsn_gen_need *sn = lsn_gen_scenario_needs(sc, &snn);
    const lsn_gen_change *ch = lsn_gen_scenario_changes(sc, &nc);
    assert_int_equal(nc, 1);
    assert_string_equal(ch[0].from, "des-product-design");
    assert_string_equal(ch[0].to, "des-product-design-2");
    int32_t t = unit_index(units, nu, ch[0].from);
    int32_t s1 = unit_index(su, snu, ch[0].from), s2 = unit_index(su, snu, ch[0].to);
    assert_true(t >= 0 && s1 >= 0 && s2 >= 0);
    assert_int_equal(unit_index(units, nu, ch[0].to), -1); /* a new id */
    assert_int_equal(snu, nu + 1);
    assert_int_equal(s2, s1 + 1); /* listed right after the original */
    assert_true(su[s2].team);
    assert_string_equal(su[su[s2].parent].id, units[units[t].parent].id);

    /* No ordinary team is larger (8: the leadership team does not count). */
    size_t size[64] = {0};
    assert_true(nu <= 64);
    for (size_t p = 0; p < np; p++) {
        size[people[p].team]++;
    }
    for (size_t u = 0; u < nu; u++) {
        if (units[u].team && strcmp(units[u].id, "leadership") != 0) {
            assert_true(size[u] <= size[t]);
        }
    }

    /* The halves' union is the original team; everyone else is unchanged. */
    size_t n1 = 0, n2 = 0;
    int32_t h2 = -1;
    for (size_t p = 0; p < np; p++) {
        if (people[p].team == t) {
            assert_true(sp[p].team == s1 || sp[p].team == s2);
            if (sp[p].team == s1) {
                n1++;
                assert_int_equal(sp[p].manager, people[p].manager);
            } else {
                if (h2 < 0) {
                    h2 = (int32_t)p; /* the new half's first member manages it */
                    assert_int_equal(sp[p].manager, people[units[t].head].manager);
                } else {
                    assert_int_equal(sp[p].manager, h2);
                }
                n2++;
            }
        } else {
            assert_true(sp[p].team != s1 && sp[p].team != s2);
            assert_string_equal(su[sp[p].team].id, units[people[p].team].id);
            assert_int_equal(sp[p].manager, people[p].manager);
        }
    }
    assert_int_equal(n1 + n2, size[t]);
    assert_int_equal(n1, 4);
    assert_int_equal(n2, 4);
    assert_int_equal(su[s1].head, units[t].head);
    assert_int_equal(su[s2].head, h2);
    assert_int_equal(sp[units[t].head].team, s1);

    /* Every need stays, and each need of or from the team is also the new half's. */
    size_t extra = 0;
    for (size_t i = 0; i < nn; i++) {
        const char *team = units[needs[i].team].id, *from = units[needs[i].from].id;
        bool kept = false, copied = needs[i].team != t && needs[i].from != t;
        extra += !copied;
        for (size_t j = 0; j < snn; j++) {
            const char *st = su[sn[j].team].id, *sf = su[sn[j].from].id;
            bool same =
                sn[j].context == needs[i].context && sn[j].availability == needs[i].availability;
            kept = kept || (same && strcmp(st, team) == 0 && strcmp(sf, from) == 0);
            if (needs[i].team == t) {
                copied = copied || (same && sn[j].team == s2 && strcmp(sf, from) == 0);
            } else if (needs[i].from == t) {
                copied = copied || (same && sn[j].from == s2 && strcmp(st, team) == 0);
            }
        }
        assert_true(kept);
        assert_true(copied);
    }
    assert_int_equal(extra, 3);
    assert_int_equal(snn, nn + extra);
    assert_true(lsn_gen_scenario_own_teams(sc));
    assert_true(lsn_gen_scenario_own_needs(sc));
    lsn_gen_scenario_free(sc);
    lsn_gen_free(gen);
}

/* Teams other than home whose stand-up, planning, retro or demo p attends. */
static size_t seats_of(const lsn_gen *gen, int32_t p, int32_t home, int32_t *teams, size_t cap)
{
    size_t ns, n = 0;
    const lsn_gen_series *series = lsn_gen_series_list(gen, &ns);
    for (size_t s = 0; s < ns; s++) {
        const lsn_gen_series *x = &series[s];
        if (x->kind > LSN_GEN_DEMO || x->team < 0 || x->team == home) {
            continue;
        }
        for (size_t i = 0; i < x->attendee_count; i++) {
            if (x->attendees[i].party != p || x->attendees[i].role == LSN_GEN_NON ||
                x->attendees[i].partstat == LSN_GEN_DECLINED) {
                continue;
            }
            bool seen = false;
            for (size_t k = 0; k < n; k++) {
                seen = seen || teams[k] == x->team;
            }
            if (!seen && n < cap) {
                teams[n++] = x->team;
            }
        }
    }
    return n;
}

/* moved-liaisons: exactly the two sprawling liaisons of datasets/README.md
 * move, each into a team whose meetings they attend; nothing else changes. */
static void test_gen_moved_liaisons_scenario_moves_the_sprawling_liaisons(void **state)
{
    (void)state;
    lsn_gen *gen = NULL;
    assert_int_equal(lsn_gen_build(&gen, NULL), LSN_OK);
    lsn_gen_scenario *sc = sample_scenario(gen, LSN_GEN_SCENARIO_MOVED_LIAISONS);
    size_t np, nu, nc, snu;
    const lsn_gen_person *people = lsn_gen_people(gen, &np);
    const lsn_gen_unit *units = lsn_gen_units(gen, &nu);
    const lsn_gen_person *sp = lsn_gen_scenario_people(sc, &np);
    const lsn_gen_unit *su = lsn_gen_scenario_units(sc, &snu);
    const lsn_gen_change *ch = lsn_gen_scenario_changes(sc, &nc);
    static const struct {
        const char *email, *from, *to;
    } want[] = {
        {"arjun.aziz@acme.example", "sales-amer-enterprise", "eng-payments-web"},
        {"meera.torres@acme.example", "prod-core-product", "eng-search-core"},
    };
    assert_int_equal(nc, 2);
    for (size_t i = 0; i < nc; i++) {
        int32_t p = ch[i].person;
        assert_true(p >= 0 && (size_t)p < np);
        assert_string_equal(people[p].email, want[i].email);
        assert_string_equal(ch[i].from, want[i].from);
        assert_string_equal(ch[i].to, want[i].to);
        assert_string_equal(units[people[p].team].id, want[i].from);
        assert_string_equal(su[sp[p].team].id, want[i].to);
        /* A sprawling liaison: seats in more than 3 other teams, the new home among them. */
        int32_t teams[16];
        size_t n = seats_of(gen, p, people[p].team, teams, 16);
        assert_true(n > 3);
        bool among = false;
        for (size_t k = 0; k < n; k++) {
            among = among || strcmp(units[teams[k]].id, want[i].to) == 0;
        }
        assert_true(among);
        assert_int_equal(sp[p].manager, units[unit_index(units, nu, want[i].to)].head);
    }
    /* Nobody else moves; teams.csv and needs.csv are the baseline's. */
    size_t moved = 0;
    for (size_t p = 0; p < np; p++) {
        bool changed = strcmp(su[sp[p].team].id, units[people[p].team].id) != 0;
        moved += changed;
        if (!changed) {
            assert_int_equal(sp[p].manager, people[p].manager);
        }
    }
    assert_int_equal(moved, 2);
    assert_int_equal(snu, nu);
    assert_false(lsn_gen_scenario_own_teams(sc));
    assert_false(lsn_gen_scenario_own_needs(sc));
    lsn_gen_scenario_free(sc);
    lsn_gen_free(gen);
}

/* A small organization without a planted pair writes no merged folder, and
 * a merged folder an earlier run left there goes. */
static void test_gen_scenario_with_nothing_to_change_is_not_written(void **state)
{
    (void)state;
    lsn_gen_options opts = LSN_GEN_OPTIONS_INIT;
    opts.people = 20;
    opts.weeks = 2;
    lsn_gen *gen = NULL;
    assert_int_equal(lsn_gen_build(&gen, &opts), LSN_OK);
    lsn_gen_scenario *sc = NULL;
    assert_int_equal(lsn_gen_scenario_build(&sc, gen, LSN_GEN_SCENARIO_MERGED), LSN_OK);
    size_t nc, np, nb;
    lsn_gen_scenario_changes(sc, &nc);
    assert_int_equal(nc, 0);
    const lsn_gen_person *sp = lsn_gen_scenario_people(sc, &np);
    const lsn_gen_person *people = lsn_gen_people(gen, &nb);
    for (size_t p = 0; p < np; p++) {
        assert_int_equal(sp[p].team, people[p].team);
    }
    assert_false(lsn_gen_scenario_own_teams(sc));
    lsn_gen_scenario_free(sc);

    char *t = make_temp();
    char *top = path_join(t, "scenarios");
    char *old = path_join(top, "merged");
    assert_int_equal(mkdir(top, 0777), 0);
    assert_int_equal(mkdir(old, 0777), 0);
    char *stale = path_join(old, "people.csv");
    FILE *f = fopen(stale, "w");
    assert_non_null(f);
    fclose(f);
    unsigned written = 99;
    assert_int_equal(lsn_gen_write_scenarios(gen, t, LSN_GEN_SCENARIOS_ALL, &written), LSN_OK);
    assert_int_equal(written, 1u << LSN_GEN_SCENARIO_SPLIT);
    assert_int_equal(access(old, F_OK), -1);
    free(stale);
    free(old);
    free(top);
    remove_tree(t);
    free(t);
    lsn_gen_free(gen);
}

/* An organization without a single declared need still has its scenarios
 * (the sanitizer build checks the empty needs list is handled). */
static void test_gen_scenarios_of_an_organization_without_needs(void **state)
{
    (void)state;
    lsn_gen_options opts = LSN_GEN_OPTIONS_INIT;
    opts.people = 25;
    opts.weeks = 3;
    opts.seed = 4;
    lsn_gen *gen = NULL;
    assert_int_equal(lsn_gen_build(&gen, &opts), LSN_OK);
    size_t nn;
    lsn_gen_needs(gen, &nn);
    assert_int_equal(nn, 0);
    for (int k = 0; k < LSN_GEN_SCENARIO_COUNT; k++) {
        lsn_gen_scenario *sc = NULL;
        assert_int_equal(lsn_gen_scenario_build(&sc, gen, (lsn_gen_scenario_kind)k), LSN_OK);
        size_t n;
        lsn_gen_scenario_needs(sc, &n);
        assert_int_equal(n, 0);
        assert_false(lsn_gen_scenario_own_needs(sc));
        lsn_gen_scenario_free(sc);
    }
    char *t = make_temp();
    unsigned written = 0;
    assert_int_equal(lsn_gen_write_scenarios(gen, t, LSN_GEN_SCENARIOS_ALL, &written), LSN_OK);
    assert_true(written & (1u << LSN_GEN_SCENARIO_SPLIT));
    remove_tree(t);
    free(t);
    lsn_gen_free(gen);
}

/* The error paths: an unknown kind, and a folder that cannot be made. */
static void test_gen_scenario_errors(void **state)
{
    (void)state;
    lsn_gen *gen = NULL;
    lsn_gen_options opts = LSN_GEN_OPTIONS_INIT;
    opts.people = 40;
    opts.weeks = 2;
    assert_int_equal(lsn_gen_build(&gen, &opts), LSN_OK);
    lsn_gen_scenario *sc = (lsn_gen_scenario *)(uintptr_t)1;
    assert_int_equal(lsn_gen_scenario_build(&sc, gen, LSN_GEN_SCENARIO_COUNT), LSN_EINVAL);
    assert_null(sc);
    assert_string_equal(lsn_error_last(), "unknown scenario 3");
    assert_string_equal(lsn_gen_scenario_name(LSN_GEN_SCENARIO_COUNT), "");

    char *t = make_temp();
    char *file = path_join(t, "scenarios");
    FILE *f = fopen(file, "w"); /* a file where the folder should be */
    assert_non_null(f);
    fclose(f);
    assert_int_equal(lsn_gen_write_scenarios(gen, t, LSN_GEN_SCENARIOS_ALL, NULL), LSN_EIO);
    char want[600];
    snprintf(want, sizeof(want), "%s/merged: cannot create: ", file);
    assert_memory_equal(lsn_error_last(), want, strlen(want));
    free(file);
    remove_tree(t);
    free(t);
    lsn_gen_free(gen);
}

/* `liaison gen --scenarios`: none by default, all writes the three of the
 * sample, a list writes those, and a bad list is a usage error. */
static void test_gen_cli_scenarios(void **state)
{
    (void)state;
    if (access(LSN_BINARY, X_OK) != 0) {
        skip();
    }
    char *t = make_temp();
    char *log = path_join(t, "log");
    assert_int_equal(run("gen --help", log), 0);
    char *text = read_all(log, NULL);
    assert_non_null(strstr(text, "--scenarios LIST"));
    free(text);

    char args[1200];
    snprintf(args, sizeof(args), "gen --scenarios all --out '%s/all'", t);
    assert_int_equal(run(args, log), 0);
    text = read_all(log, NULL);
    assert_non_null(strstr(text, "wrote scenario merged to "));
    assert_non_null(strstr(text, "wrote scenario split to "));
    assert_non_null(strstr(text, "wrote scenario moved-liaisons to "));
    free(text);
    char *all = path_join(t, "all");
    assert_same_scenarios(all, LSN_SOURCE_DIR "/datasets/sample");
    /* The baseline files are the ones gen always wrote. */
    static const char *const top[] = {"people.csv", "teams.csv", "needs.csv", "combined.ics"};
    for (size_t i = 0; i < sizeof(top) / sizeof(top[0]); i++) {
        char *a = path_join(all, top[i]);
        char *b = path_join(LSN_SOURCE_DIR "/datasets/sample", top[i]);
        assert_true(same_file(a, b));
        free(a);
        free(b);
    }

    snprintf(args, sizeof(args),
             "gen --people 20 --weeks 2 --scenarios merged,split --out '%s/two'", t);
    assert_int_equal(run(args, log), 0);
    text = read_all(log, NULL);
    assert_non_null(strstr(text, "no scenario merged: no pair of teams that always meet\n"));
    assert_non_null(strstr(text, "wrote scenario split to "));
    assert_null(strstr(text, "moved-liaisons"));
    free(text);
    char *two = path_join(t, "two/scenarios");
    size_t n;
    char **names = list_dir(two, &n);
    assert_int_equal(n, 1);
    assert_string_equal(names[0], "split");
    free_list(names, n);
    free(two);

    snprintf(args, sizeof(args), "gen --people 20 --weeks 2 --out '%s/none'", t);
    assert_int_equal(run(args, log), 0);
    char *none = path_join(t, "none/scenarios");
    assert_int_equal(access(none, F_OK), -1);
    snprintf(args, sizeof(args), "gen --people 20 --weeks 2 --scenarios none --out '%s/none'", t);
    assert_int_equal(run(args, log), 0);
    assert_int_equal(access(none, F_OK), -1);
    free(none);

    assert_int_equal(run("gen --scenarios merged,bogus", log), 2);
    text = read_all(log, NULL);
    assert_string_equal(text,
                        "liaison: gen: --scenarios: 'merged,bogus' is not all, none or a comma "
                        "list of merged, split and moved-liaisons\n"
                        "try 'liaison gen --help'\n");
    free(text);
    free(all);
    free(log);
    remove_tree(t);
    free(t);
}

static int group_teardown(void **state)
{
    (void)state;
    icaltimezone_free_builtin_timezones();
    return 0;
}

/* `gen --format catalog` writes the catalog the sample ships, byte for
 * byte, and nothing of the calendars; a bad --format names every choice. */
static void test_gen_cli_catalog_is_the_sample_catalog(void **state)
{
    (void)state;
    char *t = make_temp();
    char *log = path_join(t, "log");
    char args[1200];
    snprintf(args, sizeof(args), "gen --format catalog --out '%s/org'", t);
    assert_int_equal(run(args, log), 0);
    static const char *const files[] = {"catalog/groups.yaml", "catalog/users.yaml",
                                        "catalog/components.yaml", "people.csv", "needs.csv"};
    char *org = path_join(t, "org");
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char *a = path_join(org, files[i]);
        char *b = path_join(LSN_SOURCE_DIR "/datasets/sample", files[i]);
        if (!same_file(a, b)) {
            fail_msg("%s differs from the sample's", files[i]);
        }
        free(a);
        free(b);
    }
    char *ics = path_join(org, "combined.ics");
    assert_null(fopen(ics, "r"));
    free(ics);
    snprintf(args, sizeof(args), "gen --format ics,yaml --out '%s/bad'", t);
    assert_int_equal(run(args, log), 2);
    char *text = read_all(log, NULL);
    assert_non_null(
        strstr(text, "liaison: gen: --format: 'yaml' is not ics, outlook, graph, all or catalog"));
    free(text);
    free(org);
    free(log);
    remove_tree(t);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gen_same_seed_gives_identical_files),
        cmocka_unit_test(test_gen_other_seed_gives_other_files),
        cmocka_unit_test(test_gen_people_csv_has_a_row_per_person),
        cmocka_unit_test(test_gen_ics_files_parse_and_are_folded),
        cmocka_unit_test(test_gen_mailboxes_agree_with_combined),
        cmocka_unit_test(test_gen_features_are_planted),
        cmocka_unit_test(test_gen_rules_expand_like_libical),
        cmocka_unit_test(test_gen_model_is_consistent),
        cmocka_unit_test(test_gen_start_moves_back_to_monday),
        cmocka_unit_test(test_gen_bad_options_are_einval),
        cmocka_unit_test(test_gen_unwritable_dir_is_eio),
        cmocka_unit_test(test_gen_unknown_outlook_zone_is_einval_and_writes_nothing),
        cmocka_unit_test(test_gen_rewrite_removes_stale_mailboxes),
        cmocka_unit_test(test_gen_cli),
        cmocka_unit_test(test_gen_scenarios_are_deterministic),
        cmocka_unit_test(test_gen_merged_scenario_joins_the_planted_pair),
        cmocka_unit_test(test_gen_split_scenario_halves_the_largest_team),
        cmocka_unit_test(test_gen_moved_liaisons_scenario_moves_the_sprawling_liaisons),
        cmocka_unit_test(test_gen_scenario_with_nothing_to_change_is_not_written),
        cmocka_unit_test(test_gen_scenarios_of_an_organization_without_needs),
        cmocka_unit_test(test_gen_scenario_errors),
        cmocka_unit_test(test_gen_cli_scenarios),
        cmocka_unit_test(test_gen_cli_catalog_is_the_sample_catalog),
    };
    return cmocka_run_group_tests(tests, NULL, group_teardown);
}
