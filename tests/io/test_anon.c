/*
 * tests/io/test_anon.c — io/anon: the HMAC-SHA-256 primitive against RFC
 * 4231, the documented pseudonym formula and format, stability across
 * objects and salts, collisions (found by search under a fixed salt),
 * pseudonyms of pseudonyms, the anonymized org and calendar (indices, kinds
 * and accounting kept, every identifying string replaced), and the
 * rewriting of warnings.
 */
#include "io/anon.h"

#include "io/error.h"
#include "io/model.h"
#include "io/raw.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SALT "test-salt-0123"

static void hex(char *out, const unsigned char *d, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        snprintf(out + 2 * i, 3, "%02x", d[i]);
    }
}

/* The documented formula: prefix-, first `digits` hex digits of
 * HMAC-SHA-256(salt, tag || 0 || value). */
static void expected(char *out, char prefix, const char *tag, const char *value, size_t digits)
{
    unsigned char msg[512], d[32];
    size_t tl = strlen(tag) + 1, vl = strlen(value);
    assert_true(tl + vl < sizeof(msg));
    memcpy(msg, tag, tl);
    memcpy(msg + tl, value, vl);
    assert_int_equal(lsn_anon_hmac_sha256(d, SALT, strlen(SALT), msg, tl + vl), LSN_OK);
    char h[65];
    hex(h, d, 32);
    out[0] = prefix;
    out[1] = '-';
    memcpy(out + 2, h, digits);
    out[2 + digits] = '\0';
}

static lsn_anon *make(const char *salt, bool teams)
{
    lsn_anon *a = NULL;
    assert_int_equal(lsn_anon_new(&a, salt, teams), LSN_OK);
    assert_non_null(a);
    return a;
}

/* RFC 4231 test cases 1, 2 and 6 through the wrapper every pseudonym uses. */
static void test_anon_hmac_matches_rfc_4231(void **state)
{
    (void)state;
    unsigned char key1[20], d[32];
    char h[65];
    memset(key1, 0x0b, sizeof(key1));
    assert_int_equal(lsn_anon_hmac_sha256(d, key1, sizeof(key1), "Hi There", 8), LSN_OK);
    hex(h, d, 32);
    assert_string_equal(h, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    const char *msg = "what do ya want for nothing?";
    assert_int_equal(lsn_anon_hmac_sha256(d, "Jefe", 4, msg, strlen(msg)), LSN_OK);
    hex(h, d, 32);
    assert_string_equal(h, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    /* Case 6: a key longer than the block is hashed first (a long salt). */
    unsigned char key6[131];
    memset(key6, 0xaa, sizeof(key6));
    msg = "Test Using Larger Than Block-Size Key - Hash Key First";
    assert_int_equal(lsn_anon_hmac_sha256(d, key6, sizeof(key6), msg, strlen(msg)), LSN_OK);
    hex(h, d, 32);
    assert_string_equal(h, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

static void test_anon_pseudonym_is_the_documented_hmac_prefix(void **state)
{
    (void)state;
    lsn_anon *a = make(SALT, true);
    char want[80];
    expected(want, 'p', "person", "anna.anderson@acme.example", 6);
    assert_string_equal(lsn_anon_get(a, LSN_ANON_PERSON, "anna.anderson@acme.example"), want);
    /* Emails are identities: the normalised form is what is hashed. */
    assert_string_equal(lsn_anon_get(a, LSN_ANON_PERSON, " mailto:Anna.Anderson@ACME.example "),
                        want);
    expected(want, 'm', "meeting", "standup-1@acme.example", 6);
    assert_string_equal(lsn_anon_get(a, LSN_ANON_MEETING, "standup-1@acme.example"), want);
    expected(want, 'f', "file", "mailboxes/anna.anderson.ics", 6);
    assert_string_equal(lsn_anon_get(a, LSN_ANON_FILE, "mailboxes/anna.anderson.ics"), want);
    expected(want, 't', "unit", "eng-payments", 6);
    assert_string_equal(lsn_anon_get(a, LSN_ANON_UNIT, "eng-payments"), want);
    expected(want, 'g', "group", "all@acme.example", 6);
    assert_string_equal(lsn_anon_get(a, LSN_ANON_GROUP, "ALL@acme.example"), want);
    /* The same value of another kind is another pseudonym. */
    assert_string_not_equal(lsn_anon_get(a, LSN_ANON_TEXT, "eng-payments") + 2,
                            lsn_anon_get(a, LSN_ANON_UNIT, "eng-payments") + 2);
    assert_true(lsn_anon_is_pseudonym(want, LSN_ANON_GROUP));
    assert_false(lsn_anon_is_pseudonym(want, LSN_ANON_PERSON));
    assert_false(lsn_anon_is_pseudonym("p-3f9a1", LSN_ANON_KINDS));  /* 5 digits */
    assert_false(lsn_anon_is_pseudonym("p-3F9A1C", LSN_ANON_KINDS)); /* upper case */
    assert_true(lsn_anon_is_pseudonym("p-3f9a1c", LSN_ANON_KINDS));
    lsn_anon_free(a);
}

static void test_anon_same_salt_same_pseudonyms_other_salt_unrelated(void **state)
{
    (void)state;
    lsn_anon *a = make(SALT, false), *b = make(SALT, false), *c = make("another-salt", false);
    const char *values[] = {"a@x.example", "b@x.example", "c@y.example", "d@y.example"};
    for (size_t i = 0; i < 4; i++) {
        const char *pa = lsn_anon_get(a, LSN_ANON_PERSON, values[i]);
        const char *pb = lsn_anon_get(b, LSN_ANON_PERSON, values[i]);
        assert_string_equal(pa, pb);
        assert_int_equal(strlen(pa), 2 + LSN_ANON_DIGITS);
        for (size_t k = 0; k < 4; k++) {
            assert_string_not_equal(pa, lsn_anon_get(c, LSN_ANON_PERSON, values[k]));
        }
        /* The 6-digit form the warnings use is the same pseudonym. */
        char buf[16];
        assert_string_equal(lsn_anon_short(buf, a, LSN_ANON_PERSON, values[i]), pa);
    }
    lsn_anon_free(a);
    lsn_anon_free(b);
    lsn_anon_free(c);
}

static void test_anon_short_salt_is_refused_without_echo(void **state)
{
    (void)state;
    lsn_anon *a = (lsn_anon *)1;
    assert_int_equal(lsn_anon_new(&a, "tiny7ch", false), LSN_EINVAL);
    assert_null(a);
    assert_string_equal(lsn_error_last(), "the --anonymize salt must be at least 8 characters");
    assert_null(strstr(lsn_error_last(), "tiny7ch"));
}

/* Two values (found by search) whose first 6 digits collide: among 30000
 * values about 27 pairs are expected, so the search always succeeds. */
struct tagged {
    char tag[8];
    int index;
};

static int cmp_tagged(const void *x, const void *y)
{
    const struct tagged *a = x, *b = y;
    int c = memcmp(a->tag, b->tag, 6);
    return c != 0 ? c : (a->index > b->index) - (a->index < b->index);
}

static void colliding_pair(char *x, char *y, size_t size)
{
    enum { N = 30000 };
    struct tagged *t = malloc(N * sizeof(*t));
    assert_non_null(t);
    for (int i = 0; i < N; i++) {
        char v[32], p[80];
        snprintf(v, sizeof(v), "user%d@x.example", i);
        expected(p, 'p', "person", v, 6);
        memcpy(t[i].tag, p + 2, 7);
        t[i].index = i;
    }
    qsort(t, N, sizeof(*t), cmp_tagged);
    for (int i = 1; i < N; i++) {
        if (memcmp(t[i - 1].tag, t[i].tag, 6) == 0) {
            snprintf(x, size, "user%d@x.example", t[i - 1].index);
            snprintf(y, size, "user%d@x.example", t[i].index);
            free(t);
            return;
        }
    }
    free(t);
    fail_msg("no collision among %d values", N);
}

static void test_anon_colliding_values_both_get_longer_pseudonyms(void **state)
{
    (void)state;
    char x[32], y[32], px[80], py[80];
    colliding_pair(x, y, sizeof(x));
    expected(px, 'p', "person", x, 6);
    expected(py, 'p', "person", y, 6);
    assert_string_equal(px, py);

    /* Registered first, in either order: both longer, distinct, same prefix. */
    for (int order = 0; order < 2; order++) {
        lsn_anon *a = make(SALT, false);
        assert_int_equal(lsn_anon_add(a, LSN_ANON_PERSON, order ? y : x), LSN_OK);
        assert_int_equal(lsn_anon_add(a, LSN_ANON_PERSON, order ? x : y), LSN_OK);
        assert_int_equal(lsn_anon_add(a, LSN_ANON_PERSON, "someone@else.example"), LSN_OK);
        const char *ax = lsn_anon_get(a, LSN_ANON_PERSON, x);
        const char *ay = lsn_anon_get(a, LSN_ANON_PERSON, y);
        assert_true(strlen(ax) > 2 + LSN_ANON_DIGITS);
        assert_true(strlen(ay) > 2 + LSN_ANON_DIGITS);
        assert_string_not_equal(ax, ay);
        assert_memory_equal(ax, px, 2 + LSN_ANON_DIGITS);
        char full[80];
        expected(full, 'p', "person", x, strlen(ax) - 2);
        assert_string_equal(ax, full);
        /* Nobody else is lengthened. */
        assert_int_equal(strlen(lsn_anon_get(a, LSN_ANON_PERSON, "someone@else.example")),
                         2 + LSN_ANON_DIGITS);
        lsn_anon_free(a);
    }
    /* Seen only after the first was given out: the first keeps its 6 digits. */
    lsn_anon *a = make(SALT, false);
    const char *first = lsn_anon_get(a, LSN_ANON_PERSON, x);
    assert_string_equal(first, px);
    const char *late = lsn_anon_get(a, LSN_ANON_PERSON, y);
    assert_true(strlen(late) > 2 + LSN_ANON_DIGITS);
    assert_string_not_equal(first, late);
    assert_string_equal(lsn_anon_get(a, LSN_ANON_PERSON, x), px); /* never changes */
    lsn_anon_free(a);
}

static void test_anon_pseudonyms_of_pseudonyms_are_themselves(void **state)
{
    (void)state;
    lsn_anon *a = make(SALT, true);
    const char *p = lsn_anon_get(a, LSN_ANON_PERSON, "anna@acme.example");
    char copy[80];
    snprintf(copy, sizeof(copy), "%s", p);
    assert_string_equal(lsn_anon_get(a, LSN_ANON_PERSON, copy), copy);
    assert_string_equal(lsn_anon_get(a, LSN_ANON_UNIT, "t-00aa11"), "t-00aa11");
    /* Not of its kind: hashed like any value. */
    assert_string_not_equal(lsn_anon_get(a, LSN_ANON_MEETING, copy), copy);
    /* A value whose pseudonym would spell a literal one gets a longer one. */
    char spelled[80];
    expected(spelled, 'p', "person", "zed@acme.example", 6);
    lsn_anon *b = make(SALT, false);
    assert_int_equal(lsn_anon_add(b, LSN_ANON_PERSON, spelled), LSN_OK);
    assert_int_equal(lsn_anon_add(b, LSN_ANON_PERSON, "zed@acme.example"), LSN_OK);
    assert_string_equal(lsn_anon_get(b, LSN_ANON_PERSON, spelled), spelled);
    const char *zed = lsn_anon_get(b, LSN_ANON_PERSON, "zed@acme.example");
    assert_int_equal(strlen(zed), 2 + LSN_ANON_DIGITS + 1);
    lsn_anon_free(b);
    lsn_anon_free(a);
}

/* A small org: root "acme" (Acme Corp) with teams eng and ops; Ann manages
 * Bob; one need. */
static lsn_org *small_org(void)
{
    lsn_org *org = NULL;
    assert_int_equal(lsn_org_new(&org), LSN_OK);
    const lsn_unit_row units[] = {
        {.id = "acme", .name = "Acme Corp", .at = {"teams.csv", 2}},
        {.id = "eng", .parent = "acme", .name = "Engineering", .at = {"teams.csv", 3}},
    };
    const lsn_person_row people[] = {
        {.email = "ann@acme.example", .name = "Ann Ames", .team = "eng", .at.line = 2},
        {.email = "bob@acme.example",
         .name = "Bob Bell",
         .team = "eng",
         .manager = "ann@acme.example",
         .at.line = 3},
        {.email = "cy@acme.example", .team = "ops", .at.line = 4},
    };
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(lsn_org_add_unit(org, &units[i]), LSN_OK);
    }
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(lsn_org_add_person(org, &people[i]), LSN_OK);
    }
    lsn_need_row need = {.team = "ops",
                         .from = "eng",
                         .context = LSN_CONTEXT_DEEP,
                         .availability = true,
                         .at.line = 2};
    assert_int_equal(lsn_org_add_need(org, &need), LSN_OK);
    assert_int_equal(lsn_org_finish(org), LSN_OK);
    return org;
}

static void test_anon_org_keeps_structure_and_renames_people(void **state)
{
    (void)state;
    for (int teams = 0; teams < 2; teams++) {
        lsn_org *org = small_org(), *aorg = NULL;
        lsn_anon *a = make(SALT, teams);
        assert_int_equal(lsn_anon_add_org(a, org), LSN_OK);
        assert_int_equal(lsn_anon_org(&aorg, a, org), LSN_OK);
        size_t np, nap, nu, nau, nn, nan;
        const lsn_person *p = lsn_org_people(org, &np), *ap = lsn_org_people(aorg, &nap);
        const lsn_unit *u = lsn_org_units(org, &nu), *au = lsn_org_units(aorg, &nau);
        const lsn_need *n = lsn_org_needs(org, &nn), *an = lsn_org_needs(aorg, &nan);
        assert_int_equal(np, nap);
        assert_int_equal(nu, nau);
        assert_int_equal(nn, nan);
        for (size_t i = 0; i < np; i++) {
            const char *want = lsn_anon_get(a, LSN_ANON_PERSON, p[i].email);
            assert_string_equal(ap[i].email, want);
            assert_string_equal(ap[i].name, want); /* a name is its person's pseudonym */
            assert_int_equal(ap[i].team, p[i].team);
            assert_int_equal(ap[i].manager, p[i].manager);
            assert_int_equal(lsn_org_find_person(aorg, want), (int32_t)i);
        }
        for (size_t i = 0; i < nu; i++) {
            assert_int_equal(au[i].parent, u[i].parent);
            assert_int_equal(au[i].headcount, u[i].headcount);
            assert_int_equal(au[i].people_under, u[i].people_under);
            if (teams) {
                assert_string_equal(au[i].id, lsn_anon_get(a, LSN_ANON_UNIT, u[i].id));
                assert_string_equal(au[i].name, "");
            } else {
                assert_string_equal(au[i].id, u[i].id);
                assert_string_equal(au[i].name, u[i].name);
            }
        }
        /* Ordered by the new emails and ids, not the old ones. */
        const int32_t *by_email = lsn_org_people_by_email(aorg);
        const int32_t *by_id = lsn_org_units_by_id(aorg);
        for (size_t k = 1; k < np; k++) {
            assert_true(strcmp(ap[by_email[k - 1]].email, ap[by_email[k]].email) < 0);
            assert_int_equal(lsn_org_people_rank(aorg)[by_email[k]], (int32_t)k);
        }
        for (size_t k = 1; k < nu; k++) {
            assert_true(strcmp(au[by_id[k - 1]].id, au[by_id[k]].id) < 0);
            assert_int_equal(lsn_org_units_rank(aorg)[by_id[k]], (int32_t)k);
        }
        assert_int_equal(an[0].team, n[0].team);
        assert_int_equal(an[0].from, n[0].from);
        assert_int_equal(lsn_org_root(aorg), lsn_org_root(org));
        lsn_org_free(aorg);
        lsn_org_free(org);
        lsn_anon_free(a);
    }
}

/* A renamer that gives everybody the same address. */
static const char *same_for_all(void *ud, lsn_text_kind kind, const char *text, const char *owner)
{
    (void)ud;
    (void)owner;
    return kind == LSN_TEXT_EMAIL ? "same@x.example" : text;
}

static void test_anon_rename_refuses_two_people_with_one_identity(void **state)
{
    (void)state;
    lsn_org *org = small_org(), *copy = (lsn_org *)1;
    assert_int_equal(lsn_org_rename(&copy, org, same_for_all, NULL), LSN_EINVAL);
    assert_null(copy);
    assert_string_equal(lsn_error_last(), "two people were renamed to the same email");
    /* A calendar needs the renamed roster of its own org. */
    lsn_org *other = NULL;
    assert_int_equal(lsn_org_new(&other), LSN_OK);
    lsn_person_row x = {.email = "x@y.example", .team = "t", .at.line = 2};
    assert_int_equal(lsn_org_add_person(other, &x), LSN_OK);
    assert_int_equal(lsn_org_finish(other), LSN_OK);
    lsn_window w = {.to = 86400, .from_date = "1970-01-01", .to_date = "1970-01-02", .tz = "UTC"};
    lsn_calendar *cal = NULL, *ccopy = (lsn_calendar *)1;
    assert_int_equal(lsn_calendar_new(&cal, org, &w), LSN_OK);
    assert_int_equal(lsn_calendar_finish(cal), LSN_OK);
    assert_int_equal(lsn_calendar_rename(&ccopy, cal, other, same_for_all, NULL), LSN_EINVAL);
    assert_null(ccopy);
    assert_string_equal(lsn_error_last(), "a renamed calendar needs the renamed roster");
    lsn_calendar_free(cal);
    lsn_org_free(other);
    lsn_org_free(org);
}

static int32_t participant(const lsn_calendar *cal, const char *address)
{
    size_t n;
    const lsn_participant *pt = lsn_calendar_participants(cal, &n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(pt[i].address, address) == 0) {
            return (int32_t)i;
        }
    }
    return -1;
}

static void test_anon_calendar_keeps_kinds_and_renames_everything(void **state)
{
    (void)state;
    lsn_org *org = small_org(), *aorg = NULL;
    lsn_window w = {.from = 0,
                    .to = 7 * 86400,
                    .from_date = "1970-01-01",
                    .to_date = "1970-01-08",
                    .tz = "UTC"};
    lsn_calendar *cal = NULL, *acal = NULL;
    assert_int_equal(lsn_calendar_new(&cal, org, &w), LSN_OK);
    char name[64];
    snprintf(name, sizeof(name), "%cDana Doe", LSN_NAME_MARK);
    const char *present[] = {"ann@acme.example", "bob@acme.example", "eve@acme.example",
                             "zed@partner.example", name};
    const char *groups[] = {"all@acme.example"};
    lsn_instance_spec spec = {.uid = "weekly-1@acme.example",
                              .summary = "Secret roadmap",
                              .start = 3600,
                              .original_start = 3600,
                              .duration = 1800,
                              .organizer = "ann@acme.example",
                              .present = present,
                              .npresent = 5,
                              .groups = groups,
                              .ngroups = 1};
    assert_int_equal(lsn_calendar_add_instance(cal, &spec), LSN_OK);
    /* The next day's instance, without the group and three of the people. */
    spec.start = spec.original_start = 90000;
    spec.npresent = 2;
    spec.groups = NULL;
    spec.ngroups = 0;
    assert_int_equal(lsn_calendar_add_instance(cal, &spec), LSN_OK);
    assert_int_equal(lsn_calendar_add_file(cal, "mailboxes/ann.ics"), LSN_OK);
    lsn_calendar_stats_mut(cal)->read = 3;
    lsn_calendar_stats_mut(cal)->skipped[LSN_SKIP_CANCELLED] = 1;
    assert_int_equal(lsn_calendar_finish(cal), LSN_OK);

    lsn_anon *a = make(SALT, false);
    assert_int_equal(lsn_anon_add_org(a, org), LSN_OK);
    assert_int_equal(lsn_anon_add_calendar(a, cal), LSN_OK);
    assert_int_equal(lsn_anon_org(&aorg, a, org), LSN_OK);
    assert_int_equal(lsn_anon_calendar(&acal, a, cal, aorg), LSN_OK);

    const lsn_input_stats *s = lsn_calendar_stats(cal), *as = lsn_calendar_stats(acal);
    assert_memory_equal(s, as, sizeof(*s)); /* the accounting, kinds counted again, is the same */
    assert_int_equal(as->unknown, 2);       /* eve (a roster domain) and Dana (a name) */
    assert_int_equal(as->external, 1);
    assert_int_equal(as->groups, 1);
    size_t n, an;
    const lsn_participant *pt = lsn_calendar_participants(cal, &n);
    lsn_calendar_participants(acal, &an);
    assert_int_equal(n, an);
    for (size_t i = 0; i < n; i++) {
        lsn_anon_kind kind = pt[i].kind == LSN_P_GROUP ? LSN_ANON_GROUP : LSN_ANON_PERSON;
        const char *want = lsn_anon_get(a, kind, pt[i].address);
        int32_t k = participant(acal, want);
        assert_true(k >= 0);
        assert_int_equal(lsn_calendar_participants(acal, &an)[k].kind, pt[i].kind);
    }
    size_t ns, ni;
    const lsn_series *se = lsn_calendar_series(acal, &ns);
    assert_int_equal(ns, 1);
    const char *m = lsn_anon_get(a, LSN_ANON_MEETING, "weekly-1@acme.example");
    assert_string_equal(se[0].uid, m);
    assert_string_equal(se[0].summary, m); /* the subject takes its UID's pseudonym */
    const lsn_instance *in = lsn_calendar_instances(acal, &ni);
    assert_int_equal(ni, 2);
    assert_int_equal(in[0].count, 6);
    assert_int_equal(in[1].count, 2);
    assert_int_equal(in[0].duration, 1800);
    assert_int_equal(in[0].organizer, 0); /* ann, still roster person 0 */
    size_t nf;
    const char *const *files = lsn_calendar_files(acal, &nf);
    assert_int_equal(nf, 1);
    assert_string_equal(files[0], lsn_anon_get(a, LSN_ANON_FILE, "mailboxes/ann.ics"));

    lsn_calendar_free(acal);
    lsn_calendar_free(cal);
    lsn_org_free(aorg);
    lsn_org_free(org);
    lsn_anon_free(a);
}

static void test_anon_scrub_keeps_the_programs_words_only(void **state)
{
    (void)state;
    lsn_anon *a = make(SALT, false);
    char out[512], f[16], p[16], x[16], want[512];
    lsn_anon_short(f, a, LSN_ANON_FILE, "people/anna.csv");
    lsn_anon_short(p, a, LSN_ANON_PERSON, "anna@ex.com");
    lsn_anon_scrub(out, sizeof(out), a,
                   "people/anna.csv:12: duplicate email 'Anna@Ex.com' (first on line 3)");
    snprintf(want, sizeof(want), "%s:12: duplicate email '%s' (first on line 3)", f, p);
    assert_string_equal(out, want);

    /* Unquoted free text: every word that is not the program's goes. */
    lsn_anon_short(f, a, LSN_ANON_FILE, "My Calendars/Anna Anderson.ics");
    lsn_anon_short(x, a, LSN_ANON_TEXT, "Secret");
    lsn_anon_scrub(out, sizeof(out), a,
                   "My Calendars/Anna Anderson.ics:4: uid-7@acme.example: no DTSTART; event "
                   "skipped; Secret roadmap");
    assert_null(strstr(out, "Anna"));
    assert_null(strstr(out, "acme"));
    assert_null(strstr(out, "roadmap"));
    assert_non_null(strstr(out, f));
    assert_non_null(strstr(out, ": no DTSTART; event skipped; "));
    assert_non_null(strstr(out, x));

    /* Known words, numbers, dates and pseudonyms stay; so does a location
     * that is not a path. */
    lsn_anon_scrub(out, sizeof(out), a, "igraph: cannot read 2026-06-01 at 10:30 (p-3f9a1c)");
    assert_string_equal(out, "igraph: cannot read 2026-06-01 at 10:30 (p-3f9a1c)");
    /* Scrubbing twice changes nothing more. */
    char again[512];
    lsn_anon_scrub(out, sizeof(out), a,
                   "a/b.ics:3: unknown time zone 'Olivia Zone', read as floating time");
    lsn_anon_scrub(again, sizeof(again), a, out);
    assert_string_equal(again, out);
    assert_null(strstr(out, "Olivia"));
    /* A tiny buffer is cut, never overrun. */
    lsn_anon_scrub(out, 5, a, "a/b.ics:3: unknown time zone");
    assert_int_equal(strlen(out), 4);
    lsn_anon_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_anon_hmac_matches_rfc_4231),
        cmocka_unit_test(test_anon_pseudonym_is_the_documented_hmac_prefix),
        cmocka_unit_test(test_anon_same_salt_same_pseudonyms_other_salt_unrelated),
        cmocka_unit_test(test_anon_short_salt_is_refused_without_echo),
        cmocka_unit_test(test_anon_colliding_values_both_get_longer_pseudonyms),
        cmocka_unit_test(test_anon_pseudonyms_of_pseudonyms_are_themselves),
        cmocka_unit_test(test_anon_org_keeps_structure_and_renames_people),
        cmocka_unit_test(test_anon_rename_refuses_two_people_with_one_identity),
        cmocka_unit_test(test_anon_calendar_keeps_kinds_and_renames_everything),
        cmocka_unit_test(test_anon_scrub_keeps_the_programs_words_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
