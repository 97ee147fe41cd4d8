/*
 * tests/viz/test_privacy.c — --min-group through the one module
 * (viz/privacy.c) on the hand-built run of tests/viz/support.c, with N = 3:
 * smallteam (2 people) is withheld, eng (4), product (3) and co (9) are not.
 * The verdicts of a run and of its written report agree; the published
 * findings lose the two about smallteam and the one about a person; and
 * smallteam, and every person, are absent from report.json, findings.csv,
 * the summary and both diagrams, whether analyze writes them so or render
 * restricts a report written without --min-group.
 */
#include "support.h"

#include "io/anon.h"
#include "io/error.h"
#include "viz/dot.h"
#include "viz/privacy.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define N 3

static lsn_privacy *of_run(const viz_run *r, int32_t min_group)
{
    lsn_privacy *p = NULL;
    assert_int_equal(lsn_privacy_new(&p, r->w.cal, min_group), LSN_OK);
    assert_non_null(p);
    return p;
}

/* report.json of the run under min_group (its findings published first). */
static json_t *report(viz_run *r, int32_t min_group, const char *name)
{
    char path[512];
    viz_path(path, sizeof(path), name);
    if (min_group > 1) {
        viz_run_publish(r, min_group);
    }
    lsn_report rep = viz_run_report(r, min_group);
    assert_int_equal(lsn_report_write_json(path, &rep), LSN_OK);
    json_t *j = json_load_file(path, JSON_PRESERVE_ORDER, NULL);
    assert_non_null(j);
    return j;
}

static void assert_absent(const char *text, const char *what, const char *where)
{
    if (strstr(text, what) != NULL) {
        fail_msg("%s names '%s':\n%s", where, what, text);
    }
}

/* ------------------------------------------------------------------ */
/* Verdicts                                                             */
/* ------------------------------------------------------------------ */

static void test_units_under_n_are_withheld_and_unknown_ones_too(void **state)
{
    (void)state;
    viz_run r;
    viz_run_begin(&r);
    lsn_privacy *p = of_run(&r, N);
    assert_int_equal(lsn_privacy_min_group(p), N);
    assert_false(lsn_privacy_persons_shown(p));
    assert_true(lsn_privacy_unit_withheld(p, "smallteam"));
    assert_false(lsn_privacy_unit_withheld(p, "product")); /* 3 is not under 3 */
    assert_false(lsn_privacy_unit_withheld(p, "eng"));
    assert_false(lsn_privacy_unit_withheld(p, "co")); /* an org unit: the 9 people under it */
    assert_true(lsn_privacy_unit_withheld(p, "nowhere"));
    assert_false(lsn_privacy_unit_withheld(p, NULL));
    assert_true(lsn_privacy_need_withheld(p, "product", "smallteam", NULL));
    assert_false(lsn_privacy_need_withheld(p, "eng", "product", NULL));
    assert_true(lsn_privacy_need_withheld(p, "eng", "product", "smallteam"));
    lsn_privacy_free(p);
    /* N = 1 (and below) withholds nothing and shows people. */
    p = of_run(&r, 0);
    assert_int_equal(lsn_privacy_min_group(p), 1);
    assert_true(lsn_privacy_persons_shown(p));
    assert_false(lsn_privacy_unit_withheld(p, "smallteam"));
    assert_false(lsn_privacy_unit_withheld(p, "nowhere"));
    lsn_privacy_free(p);
    viz_run_end(&r);
}

/* The rules are one: a run's privacy and its written report's judge every
 * unit and every finding alike. */
static void test_a_run_and_its_report_give_the_same_verdicts(void **state)
{
    (void)state;
    viz_run r;
    viz_run_begin(&r);
    json_t *j = report(&r, 1, "verdicts.json");
    lsn_privacy *run = of_run(&r, N), *rep = NULL;
    assert_int_equal(lsn_privacy_from_report(&rep, j, N), LSN_OK);
    const char *ids[] = {"co", "eng", "product", "smallteam", "nowhere"};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(lsn_privacy_unit_withheld(run, ids[i]),
                         lsn_privacy_unit_withheld(rep, ids[i]));
    }
    static const lsn_privacy_verdict want[] = {LSN_PRIVACY_KEEP, LSN_PRIVACY_WITHHOLD_PERSON,
                                               LSN_PRIVACY_WITHHOLD, LSN_PRIVACY_WITHHOLD,
                                               LSN_PRIVACY_KEEP};
    const json_t *f = json_object_get(j, "findings");
    assert_int_equal(json_array_size(f), 5);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(lsn_report_finding_verdict(run, json_array_get(f, i)), want[i]);
        assert_int_equal(lsn_report_finding_verdict(rep, json_array_get(f, i)), want[i]);
    }
    lsn_privacy_free(run);
    lsn_privacy_free(rep);
    json_decref(j);
    viz_run_end(&r);
}

/* A metric names people when it is a person or a non-empty list of them. */
static void test_metrics_that_name_people(void **state)
{
    (void)state;
    viz_run r;
    viz_run_begin(&r);
    lsn_privacy *p = of_run(&r, N);
    lsn_value *v = lsn_value_str("a@example.com");
    assert_true(lsn_privacy_names_people(p, v));
    lsn_value_free(v);
    v = lsn_value_list();
    lsn_value_push(v, lsn_value_str("a@example.com"));
    lsn_value_push(v, lsn_value_str("p1@example.com"));
    assert_true(lsn_privacy_names_people(p, v));
    lsn_value_free(v);
    v = lsn_value_list();
    lsn_value_push(v, lsn_value_str("a@example.com"));
    lsn_value_push(v, lsn_value_str("eng"));
    assert_false(lsn_privacy_names_people(p, v));
    lsn_value_free(v);
    v = lsn_value_list();
    assert_false(lsn_privacy_names_people(p, v));
    lsn_value_free(v);
    v = lsn_value_int(3);
    assert_false(lsn_privacy_names_people(p, v));
    lsn_value_free(v);
    lsn_privacy_free(p);
    viz_run_end(&r);
}

/* Every person in a sentence becomes "one person", whatever quotes, brackets
 * or punctuation surround it; other words stay. N = 1 changes nothing. */
static void test_sentences_name_nobody(void **state)
{
    (void)state;
    viz_run r;
    viz_run_begin(&r);
    lsn_privacy *p = of_run(&r, N);
    const char *text = "Ask a@example.com, ('p1@example.com') or x@other.org; a@example.comx.";
    const char *want = "Ask one person, ('one person') or x@other.org; a@example.comx.";
    char *s = lsn_privacy_redact(p, text);
    assert_string_equal(s, want);
    free(s);
    s = lsn_privacy_redact_reason(p, text);
    assert_string_equal(s, want);
    free(s);
    lsn_privacy_free(p);
    p = of_run(&r, 1);
    s = lsn_privacy_redact(p, text);
    assert_string_equal(s, text);
    free(s);
    lsn_privacy_free(p);
    viz_run_end(&r);
}

/* ------------------------------------------------------------------ */
/* Every output                                                         */
/* ------------------------------------------------------------------ */

static void test_publish_leaves_out_small_units_and_persons(void **state)
{
    (void)state;
    viz_run r;
    viz_run_begin(&r);
    viz_run_publish(&r, N);
    assert_int_equal(r.withheld.findings, 2);        /* missing_link, isolated_team */
    assert_int_equal(r.withheld.person_findings, 1); /* overbooked_person */
    size_t n;
    const lsn_finding *x = lsn_findings_items(r.published, &n);
    assert_int_equal(n, 2);
    assert_int_equal(x[0].kind, LSN_FINDING_OVERSIZED_MEETING);
    assert_null(lsn_value_get(x[0].metrics, "liaisons")); /* a list of people */
    assert_non_null(lsn_value_get(x[0].metrics, "size"));
    assert_non_null(strstr(x[0].explanation, "; one person chairs it."));
    assert_int_equal(x[0].about.team, support_unit(&r.w, "eng"));
    assert_int_equal(x[1].kind, LSN_FINDING_COMMUNITY_MISMATCH);
    viz_run_end(&r);
}

/* report.json, findings.csv, the summary, teams.dot and proposal.dot of a
 * run under N: smallteam and every email are left out; eng stays. */
static void test_a_small_team_is_left_out_of_every_output(void **state)
{
    (void)state;
    viz_run r;
    viz_run_begin(&r);
    json_t *j = report(&r, N, "n3.json");
    json_decref(j);
    char path[512], csv[512], dir[512];
    viz_path(path, sizeof(path), "n3.json");
    viz_path(csv, sizeof(csv), "n3.csv");
    viz_path(dir, sizeof(dir), "n3-dot");
    assert_int_equal(lsn_report_write_findings_csv(csv, r.published), LSN_OK);
    assert_int_equal(mkdir(dir, 0755), 0);
    if (lsn_dot_render_file(path, dir, NULL) != LSN_OK) {
        fail_msg("lsn_dot_render_file: %s", lsn_error_last());
    }
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    lsn_report rep = viz_run_report(&r, N);
    lsn_report_print_summary(out, &rep, NULL);
    fclose(out);

    char teams[512], proposal[512];
    viz_path(teams, sizeof(teams), "n3-dot/teams.dot");
    viz_path(proposal, sizeof(proposal), "n3-dot/proposal.dot");
    const char *names[] = {"report.json", "findings.csv", "summary", "teams.dot", "proposal.dot"};
    char *outputs[] = {viz_slurp(path), viz_slurp(csv), text, viz_slurp(teams),
                       viz_slurp(proposal)};
    for (size_t i = 0; i < 5; i++) {
        assert_absent(outputs[i], "smallteam", names[i]);
        assert_absent(outputs[i], "@example.com", names[i]);
        assert_non_null(strstr(outputs[i], "eng"));
        free(outputs[i]);
    }
    viz_run_end(&r);
}

/* `render --min-group` applies the same rules to a report written without
 * it: every section comes out as analyze writes it (parameters aside: only
 * render records min_group there), and a second pass changes nothing. */
static void test_render_restricts_a_report_as_analyze_writes_it(void **state)
{
    (void)state;
    viz_run r;
    viz_run_begin(&r);
    json_t *plain = report(&r, 1, "plain.json");
    json_t *analyzed = report(&r, N, "analyzed.json");
    assert_int_equal(lsn_report_json_restrict(plain, N), LSN_OK);
    const char *key;
    json_t *v;
    json_object_foreach(analyzed, key, v)
    {
        if (strcmp(key, "parameters") != 0 && !json_equal(v, json_object_get(plain, key))) {
            char *a = json_dumps(v, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
            char *b = json_dumps(json_object_get(plain, key), JSON_INDENT(1) | JSON_PRESERVE_ORDER);
            fail_msg("'%s' differs:\nanalyze: %s\nrender: %s", key, a, b);
        }
    }
    json_object_foreach(plain, key, v)
    {
        assert_true(strcmp(key, "parameters") == 0 || json_object_get(analyzed, key) != NULL);
    }
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(plain, "parameters"), "min_group")), N);
    json_t *again = json_deep_copy(plain);
    assert_int_equal(lsn_report_json_restrict(again, N), LSN_OK);
    assert_true(json_equal(again, plain));
    json_decref(again);
    json_decref(plain);
    json_decref(analyzed);
    viz_run_end(&r);
}

/* The bundled dataset's report (the golden file, a real proposal_impact). */
static json_t *sample_report(void)
{
    json_t *r = json_load_file(LSN_SOURCE_DIR "/tests/cli/golden/sample/report.json",
                               JSON_PRESERVE_ORDER, NULL);
    assert_non_null(r);
    assert_non_null(json_object_get(r, "proposal_impact"));
    return r;
}

/* Every person (email and name) of the report's `people`, absent from text. */
static void assert_names_nobody(const json_t *plain, const char *text, const char *where)
{
    size_t i;
    const json_t *p;
    json_array_foreach(json_object_get(plain, "people"), i, p)
    {
        assert_absent(text, json_string_value(json_object_get(p, "person")), where);
        const char *name = json_string_value(json_object_get(p, "name"));
        if (name != NULL && name[0] != '\0') {
            assert_absent(text, name, where);
        }
    }
}

/*
 * render --anonymize keeps proposal_impact, every person, series and unit
 * mapped: the figures are the same, every list as long, and no email or
 * name of the input is left in it (the report's people are 146, so the
 * check is real).
 */
static void test_anonymize_keeps_the_impact_mapped(void **state)
{
    (void)state;
    json_t *plain = sample_report();
    json_t *anon = json_deep_copy(plain);
    lsn_anon *a = NULL;
    assert_int_equal(lsn_anon_new(&a, "test-salt-0123456789", false), LSN_OK);
    assert_int_equal(lsn_report_json_anonymize(anon, a), LSN_OK);
    const json_t *pi = json_object_get(plain, "proposal_impact");
    const json_t *ai = json_object_get(anon, "proposal_impact");
    assert_non_null(ai);
    assert_true(json_equal(json_object_get(pi, "before"), json_object_get(ai, "before")));
    assert_true(json_equal(json_object_get(pi, "after"), json_object_get(ai, "after")));
    static const char *const lists[] = {"changes",
                                        "closed",
                                        "created",
                                        "people",
                                        "entries",
                                        "new_oversized_meetings",
                                        "liaisons_everywhere"};
    for (size_t k = 0; k < sizeof(lists) / sizeof(lists[0]); k++) {
        assert_int_equal(json_array_size(json_object_get(pi, lists[k])),
                         json_array_size(json_object_get(ai, lists[k])));
    }
    assert_true(json_array_size(json_object_get(plain, "people")) > 100);
    assert_true(json_array_size(json_object_get(ai, "changes")) > 0);
    char *text = json_dumps(ai, 0);
    assert_non_null(text);
    assert_names_nobody(plain, text, "proposal_impact");
    /* Nor any series UID of the input: they carry the organization's domain. */
    assert_absent(text, "@acme.example", "proposal_impact");
    free(text);
    size_t i;
    const json_t *e;
    json_array_foreach(json_object_get(anon, "proposal"), i, e)
    {
        char *entry = json_dumps(json_object_get(e, "series"), 0);
        assert_absent(entry, "@acme.example", "proposal[].series");
        free(entry);
    }
    lsn_anon_free(a);
    json_decref(anon);
    json_decref(plain);
}

/*
 * --min-group on proposal_impact: it stays, without the lists that name the
 * seated people, with the same figures, and no person's email is left in
 * it.
 */
static void test_min_group_keeps_the_impact_without_people(void **state)
{
    (void)state;
    json_t *plain = sample_report();
    json_t *r = json_deep_copy(plain);
    assert_int_equal(lsn_report_json_restrict(r, N), LSN_OK);
    const json_t *imp = json_object_get(r, "proposal_impact");
    assert_non_null(imp);
    assert_null(json_object_get(imp, "changes"));
    assert_null(json_object_get(imp, "people"));
    const json_t *pi = json_object_get(plain, "proposal_impact");
    assert_true(json_equal(json_object_get(pi, "before"), json_object_get(imp, "before")));
    assert_int_equal(json_array_size(json_object_get(imp, "entries")),
                     json_array_size(json_object_get(r, "proposal")));
    char *text = json_dumps(imp, 0);
    assert_non_null(text);
    size_t i;
    const json_t *p;
    json_array_foreach(json_object_get(plain, "people"), i, p)
    {
        assert_absent(text, json_string_value(json_object_get(p, "person")), "proposal_impact");
    }
    free(text);
    json_decref(r);
    json_decref(plain);
}

static void test_restrict_refuses_what_is_not_a_report(void **state)
{
    (void)state;
    json_t *a = json_array();
    assert_int_equal(lsn_report_json_restrict(a, N), LSN_EPARSE);
    assert_string_equal(lsn_error_last(), "report: not a JSON object");
    json_decref(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_units_under_n_are_withheld_and_unknown_ones_too),
        cmocka_unit_test(test_a_run_and_its_report_give_the_same_verdicts),
        cmocka_unit_test(test_metrics_that_name_people),
        cmocka_unit_test(test_sentences_name_nobody),
        cmocka_unit_test(test_publish_leaves_out_small_units_and_persons),
        cmocka_unit_test(test_a_small_team_is_left_out_of_every_output),
        cmocka_unit_test(test_render_restricts_a_report_as_analyze_writes_it),
        cmocka_unit_test(test_restrict_refuses_what_is_not_a_report),
        cmocka_unit_test(test_anonymize_keeps_the_impact_mapped),
        cmocka_unit_test(test_min_group_keeps_the_impact_without_people),
    };
    return cmocka_run_group_tests(tests, viz_setup, viz_teardown);
}
