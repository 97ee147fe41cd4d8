/*
 * tests/analysis/test_finding.c — the finding types as data
 * (analysis/finding_types.{def,h,c}) and the list of findings
 * (analysis/finding.c): every type has a unique name, a heading and valid
 * subject keys, in the report order of SPEC §3; the subject a finding is
 * given as indices is written with the ids, emails and UIDs they stand for
 * and kept beside them; sorting goes by type order, severity, then subject.
 *
 * The organization of most tests: teams eng (a, b) and product (c) under
 * the root co; one meeting series "s1" owned by eng.
 */
#include "analysis/finding.h"
#include "io/error.h"
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const support_unit_row units[] = {{"co", NULL}, {"eng", "co"}, {"product", "co"}};
static const support_person people[] = {
    {"a", "eng", NULL}, {"b", "eng", NULL}, {"c", "product", NULL}};

static void begin(support_world *w)
{
    support_begin_org(w, units, 3, people, 3, NULL, 0, 7);
    support_add(w, "s1", 1 * DAY, 60, "a", "a b c");
    support_analyze(w, NULL);
}

static char *subject_text(const lsn_finding *x)
{
    char *t = lsn_value_to_text(x->subject);
    assert_non_null(t);
    return t;
}

static void assert_subject(const lsn_finding *x, const char *expected)
{
    char *t = subject_text(x);
    assert_string_equal(t, expected);
    free(t);
}

/* Add a finding with empty metrics and a fixed sentence. */
static void add(lsn_findings *f,
                const support_world *w,
                lsn_finding_type kind,
                lsn_severity sev,
                const lsn_subject *about)
{
    char text[] = "finding of a test";
    lsn_finding x = {.kind = kind,
                     .severity = sev,
                     .about = *about,
                     .metrics = lsn_value_object(),
                     .explanation = text};
    int rc = lsn_findings_add(f, w->cal, &x);
    assert_int_equal(rc, LSN_OK);
}

/* ------------------------------------------------------------------ */
/* The table                                                            */
/* ------------------------------------------------------------------ */

/* The report order is SPEC §3's table, and the names are what report.json,
 * findings.csv and compare.json write, so they are pinned here: every type
 * of the SPEC, in this order (a type added later may sit between them). */
static void test_finding_types_are_in_the_report_order_of_the_spec(void **state)
{
    (void)state;
    static const char *const spec[] = {
        "oversized_meeting", "overbooked_person",   "missing_link",        "fragile_link",
        "isolated_team",     "liaison_sprawl",      "low_context_liaison", "unstable_liaison",
        "hierarchy_bypass",  "liaisons_everywhere", "community_mismatch"};
    int last = -1;
    for (size_t i = 0; i < sizeof(spec) / sizeof(spec[0]); i++) {
        int t = lsn_finding_type_index(spec[i]);
        if (t <= last) {
            fail_msg("%s is missing or out of the report order", spec[i]);
        }
        assert_string_equal(lsn_finding_type_name((lsn_finding_type)t), spec[i]);
        assert_string_equal(lsn_finding_types[t], spec[i]);
        last = t;
    }
    assert_true(LSN_FINDING_TYPES >= (int)(sizeof(spec) / sizeof(spec[0])));
    assert_null(lsn_finding_types[LSN_FINDING_TYPES]);
}

static void test_every_finding_type_has_a_unique_name_a_heading_and_keys(void **state)
{
    (void)state;
    for (int t = 0; t < LSN_FINDING_TYPES; t++) {
        const lsn_finding_def *d = lsn_finding_def_of((lsn_finding_type)t);
        assert_non_null(d->name);
        for (const char *p = d->name; *p; p++) {
            assert_true(islower((unsigned char)*p) || *p == '_');
        }
        assert_int_equal(lsn_finding_type_index(d->name), t);
        for (int u = 0; u < t; u++) {
            assert_string_not_equal(lsn_finding_defs[u].name, d->name);
            assert_string_not_equal(lsn_finding_defs[u].heading, d->heading);
        }
        assert_non_null(d->heading);
        assert_true(strlen(d->heading) > 3);
        assert_true(d->option == NULL || d->option[0] != '\0');
        /* At least one key, each a real key, none twice, the list ended by NONE. */
        assert_int_not_equal(d->keys[0], LSN_KEY_NONE);
        bool ended = false;
        for (int k = 0; k < LSN_FINDING_MAX_KEYS; k++) {
            if (d->keys[k] == LSN_KEY_NONE) {
                ended = true;
                continue;
            }
            assert_false(ended);
            assert_true(d->keys[k] > LSN_KEY_NONE && d->keys[k] < LSN_SUBJECT_KEYS);
            assert_true(lsn_finding_has_key((lsn_finding_type)t, d->keys[k]));
            for (int j = 0; j < k; j++) {
                assert_int_not_equal(d->keys[j], d->keys[k]);
            }
        }
    }
}

/* Keys as SPEC §3's table gives them, in the order report.json writes them. */
static void test_finding_types_have_the_subject_keys_of_the_spec(void **state)
{
    (void)state;
    static const struct {
        lsn_finding_type t;
        lsn_subject_key keys[3];
    } spec[] = {
        {LSN_FINDING_OVERSIZED_MEETING, {LSN_KEY_SERIES, LSN_KEY_TEAM}},
        {LSN_FINDING_OVERBOOKED_PERSON, {LSN_KEY_PERSON}},
        {LSN_FINDING_MISSING_LINK, {LSN_KEY_TEAM, LSN_KEY_FROM}},
        {LSN_FINDING_FRAGILE_LINK, {LSN_KEY_TEAM, LSN_KEY_FROM}},
        {LSN_FINDING_ISOLATED_TEAM, {LSN_KEY_TEAM}},
        {LSN_FINDING_LIAISON_SPRAWL, {LSN_KEY_PERSON}},
        {LSN_FINDING_LOW_CONTEXT_LIAISON, {LSN_KEY_PERSON, LSN_KEY_TO}},
        {LSN_FINDING_UNSTABLE_LIAISON, {LSN_KEY_TEAM, LSN_KEY_TO}},
        {LSN_FINDING_HIERARCHY_BYPASS, {LSN_KEY_UNIT, LSN_KEY_TO_UNIT}},
        {LSN_FINDING_LIAISONS_EVERYWHERE, {LSN_KEY_UNIT}},
        {LSN_FINDING_COMMUNITY_MISMATCH, {LSN_KEY_TEAMS}},
    };
    for (size_t i = 0; i < sizeof(spec) / sizeof(spec[0]); i++) {
        const lsn_finding_def *d = lsn_finding_def_of(spec[i].t);
        for (int k = 0; k < 3; k++) {
            assert_int_equal(d->keys[k], spec[i].keys[k]);
        }
    }
}

/* findings.csv's columns and the kinds --min-group goes by. */
static void test_subject_keys_have_unique_names_and_kinds(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        lsn_subject_kind kind;
        bool about;
    } spec[] = {{"series", LSN_SUBJECT_SERIES, false}, {"team", LSN_SUBJECT_UNIT, true},
                {"from", LSN_SUBJECT_UNIT, false},     {"person", LSN_SUBJECT_PERSON, false},
                {"to", LSN_SUBJECT_UNIT, false},       {"unit", LSN_SUBJECT_UNIT, true},
                {"to_unit", LSN_SUBJECT_UNIT, true},   {"teams", LSN_SUBJECT_UNITS, true}};
    assert_int_equal(LSN_SUBJECT_KEYS - 1, sizeof(spec) / sizeof(spec[0]));
    assert_null(lsn_subject_keys[LSN_KEY_NONE].name);
    for (int k = LSN_KEY_NONE + 1; k < LSN_SUBJECT_KEYS; k++) {
        assert_string_equal(lsn_subject_keys[k].name, spec[k - 1].name);
        assert_int_equal(lsn_subject_keys[k].kind, spec[k - 1].kind);
        assert_int_equal(lsn_subject_keys[k].about, spec[k - 1].about);
        assert_int_equal(lsn_subject_key_find(spec[k - 1].name), k);
    }
}

static void test_unknown_names_are_not_found(void **state)
{
    (void)state;
    assert_int_equal(lsn_finding_type_index("oversized_meetings"), -1);
    assert_int_equal(lsn_finding_type_index(""), -1);
    assert_int_equal(lsn_finding_type_index(NULL), -1);
    assert_int_equal(lsn_subject_key_find("owner"), LSN_KEY_NONE);
    assert_int_equal(lsn_subject_key_find(NULL), LSN_KEY_NONE);
    assert_false(lsn_finding_has_key(LSN_FINDING_ISOLATED_TEAM, LSN_KEY_PERSON));
}

/* ------------------------------------------------------------------ */
/* Subjects                                                             */
/* ------------------------------------------------------------------ */

/* Each key of the type, in the table's order, written from its index; the
 * indices stay beside the printable form. */
static void test_subjects_are_written_from_their_indices_and_kept(void **state)
{
    (void)state;
    support_world w;
    begin(&w);
    int32_t eng = support_unit(&w, "eng"), product = support_unit(&w, "product");
    int32_t co = support_unit(&w, "co"), a = support_person_index(&w, "a");
    int32_t s1 = support_series(&w, "s1");
    int32_t pair[2] = {eng, product};
    lsn_findings *f = NULL;
    assert_int_equal(lsn_findings_new(&f), LSN_OK);
    add(f, &w, LSN_FINDING_OVERSIZED_MEETING, LSN_SEV_LOW,
        &(lsn_subject){.series = s1, .team = eng});
    add(f, &w, LSN_FINDING_OVERSIZED_MEETING, LSN_SEV_LOW,
        &(lsn_subject){.series = s1, .team = -1});
    add(f, &w, LSN_FINDING_LOW_CONTEXT_LIAISON, LSN_SEV_LOW,
        &(lsn_subject){.person = a, .to = product, .team = 99 /* not its key: ignored */});
    add(f, &w, LSN_FINDING_HIERARCHY_BYPASS, LSN_SEV_MEDIUM,
        &(lsn_subject){.unit = co, .to_unit = product});
    int32_t *teams = malloc(sizeof(pair));
    assert_non_null(teams);
    memcpy(teams, pair, sizeof(pair));
    add(f, &w, LSN_FINDING_COMMUNITY_MISMATCH, LSN_SEV_MEDIUM,
        &(lsn_subject){.teams = teams, .nteams = 2});
    free(teams); /* the finding keeps its own copy */

    size_t n;
    const lsn_finding *x = lsn_findings_items(f, &n);
    assert_int_equal(n, 5);
    assert_subject(&x[0], "{series=s1,team=eng}");
    assert_int_equal(x[0].kind, LSN_FINDING_OVERSIZED_MEETING);
    assert_string_equal(x[0].type, "oversized_meeting");
    assert_int_equal(x[0].about.series, s1);
    assert_int_equal(x[0].about.team, eng);
    assert_subject(&x[1], "{series=s1,team=null}");
    assert_int_equal(x[1].about.team, -1);
    assert_subject(&x[2], "{person=a@example.com,to=product}");
    assert_int_equal(x[2].about.person, a);
    assert_int_equal(x[2].about.to, product);
    assert_subject(&x[3], "{unit=co,to_unit=product}");
    assert_int_equal(lsn_subject_index(&x[3].about, LSN_KEY_UNIT), co);
    assert_int_equal(lsn_subject_index(&x[3].about, LSN_KEY_TO_UNIT), product);
    assert_int_equal(lsn_subject_index(&x[3].about, LSN_KEY_TEAMS), -1);
    assert_subject(&x[4], "{teams=[eng,product]}");
    assert_int_equal(x[4].about.nteams, 2);
    assert_int_equal(x[4].about.teams[0], eng);
    assert_int_equal(x[4].about.teams[1], product);
    assert_string_equal(x[4].explanation, "finding of a test");
    lsn_findings_free(f);
    support_end(&w);
}

/* --min-group publishes edited copies: other metrics and sentence, the same
 * type, severity and subject (indices and printable form, teams copied). */
static void test_an_edited_copy_keeps_type_severity_and_subject(void **state)
{
    (void)state;
    support_world w;
    begin(&w);
    int32_t pair[2] = {support_unit(&w, "eng"), support_unit(&w, "product")};
    lsn_findings *f = NULL, *g = NULL;
    assert_int_equal(lsn_findings_new(&f), LSN_OK);
    assert_int_equal(lsn_findings_new(&g), LSN_OK);
    add(f, &w, LSN_FINDING_COMMUNITY_MISMATCH, LSN_SEV_HIGH,
        &(lsn_subject){.teams = pair, .nteams = 2});
    size_t n;
    const lsn_finding *x = lsn_findings_items(f, &n);
    lsn_value *m = lsn_value_object();
    assert_int_equal(lsn_value_set(m, "k", lsn_value_int(7)), LSN_OK);
    assert_int_equal(lsn_findings_add_edited(g, &x[0], m, "edited"), LSN_OK);
    const lsn_finding *y = lsn_findings_items(g, &n);
    assert_int_equal(n, 1);
    assert_int_equal(y->kind, LSN_FINDING_COMMUNITY_MISMATCH);
    assert_int_equal(y->severity, LSN_SEV_HIGH);
    assert_subject(y, "{teams=[eng,product]}");
    assert_ptr_not_equal(y->about.teams, x[0].about.teams);
    assert_memory_equal(y->about.teams, pair, sizeof(pair));
    assert_string_equal(y->explanation, "edited");
    assert_int_equal(lsn_value_get(y->metrics, "k")->i, 7);
    lsn_findings_free(f); /* the copy outlives the original */
    assert_int_equal(y->about.teams[1], pair[1]);
    lsn_findings_free(g);
    support_end(&w);
}

static void test_value_copy_is_deep(void **state)
{
    (void)state;
    lsn_value *o = lsn_value_object();
    lsn_value *l = lsn_value_list();
    assert_int_equal(lsn_value_push(l, lsn_value_str("x")), LSN_OK);
    assert_int_equal(lsn_value_push(l, lsn_value_num(0.5)), LSN_OK);
    assert_int_equal(lsn_value_set(o, "list", l), LSN_OK);
    assert_int_equal(lsn_value_set(o, "yes", lsn_value_bool(true)), LSN_OK);
    assert_int_equal(lsn_value_set(o, "none", lsn_value_null()), LSN_OK);
    lsn_value *c = lsn_value_copy(o);
    char *a = lsn_value_to_text(o);
    lsn_value_free(o);
    char *b = lsn_value_to_text(c);
    assert_string_equal(a, "{list=[x,0.5],yes=true,none=null}");
    assert_string_equal(b, a);
    free(a);
    free(b);
    lsn_value_free(c);
}

/* ------------------------------------------------------------------ */
/* Sorting                                                              */
/* ------------------------------------------------------------------ */

/* Report order: type in table order, then high before low, then the
 * subject text. */
static void test_sort_goes_by_type_order_then_severity_then_subject(void **state)
{
    (void)state;
    support_world w;
    begin(&w);
    int32_t eng = support_unit(&w, "eng"), product = support_unit(&w, "product");
    int32_t a = support_person_index(&w, "a"), c = support_person_index(&w, "c");
    lsn_findings *f = NULL;
    assert_int_equal(lsn_findings_new(&f), LSN_OK);
    add(f, &w, LSN_FINDING_ISOLATED_TEAM, LSN_SEV_HIGH, &(lsn_subject){.team = product});
    add(f, &w, LSN_FINDING_OVERBOOKED_PERSON, LSN_SEV_LOW, &(lsn_subject){.person = a});
    add(f, &w, LSN_FINDING_ISOLATED_TEAM, LSN_SEV_HIGH, &(lsn_subject){.team = eng});
    add(f, &w, LSN_FINDING_OVERBOOKED_PERSON, LSN_SEV_HIGH, &(lsn_subject){.person = c});
    add(f, &w, LSN_FINDING_MISSING_LINK, LSN_SEV_MEDIUM,
        &(lsn_subject){.team = eng, .from = product});
    add(f, &w, LSN_FINDING_OVERBOOKED_PERSON, LSN_SEV_LOW, &(lsn_subject){.person = c});
    lsn_findings_sort(f);
    static const char *const want[] = {"overbooked_person high {person=c@example.com}",
                                       "overbooked_person low {person=a@example.com}",
                                       "overbooked_person low {person=c@example.com}",
                                       "missing_link medium {team=eng,from=product}",
                                       "isolated_team high {team=eng}",
                                       "isolated_team high {team=product}"};
    size_t n;
    const lsn_finding *x = lsn_findings_items(f, &n);
    assert_int_equal(n, 6);
    for (size_t i = 0; i < n; i++) {
        char *s = subject_text(&x[i]);
        char line[256];
        snprintf(line, sizeof(line), "%s %s %s", x[i].type, lsn_severity_name(x[i].severity), s);
        free(s);
        assert_string_equal(line, want[i]);
    }
    lsn_findings_free(f);
    support_end(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_finding_types_are_in_the_report_order_of_the_spec),
        cmocka_unit_test(test_every_finding_type_has_a_unique_name_a_heading_and_keys),
        cmocka_unit_test(test_finding_types_have_the_subject_keys_of_the_spec),
        cmocka_unit_test(test_subject_keys_have_unique_names_and_kinds),
        cmocka_unit_test(test_unknown_names_are_not_found),
        cmocka_unit_test(test_subjects_are_written_from_their_indices_and_kept),
        cmocka_unit_test(test_an_edited_copy_keeps_type_severity_and_subject),
        cmocka_unit_test(test_value_copy_is_deep),
        cmocka_unit_test(test_sort_goes_by_type_order_then_severity_then_subject),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
