/*
 * tests/viz/test_report.c — report.json (viz/report.c), findings.csv
 * (viz/findings_csv.c) and the summary (viz/summary.c) written from the
 * hand-built run of tests/viz/support.c, nothing withheld: the sections in
 * their order, findings with their subject keys at the top level, teams by
 * id and people by email, numbers rounded; RFC 4180 quoting of commas,
 * quotes and newlines; the summary's counts, groups and display names;
 * the same bytes written a section at a time, whatever tree is kept.
 */
#include "support.h"

#include "io/error.h"
#include "io/json_arena.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *write_and_load(const viz_run *r, const char *name)
{
    char path[512];
    viz_path(path, sizeof(path), name);
    lsn_report rep = viz_run_report(r, 1);
    if (lsn_report_write_json(path, &rep) != LSN_OK) {
        fail_msg("lsn_report_write_json: %s", lsn_error_last());
    }
    json_error_t err;
    json_t *j = json_load_file(path, JSON_PRESERVE_ORDER, &err);
    if (j == NULL) {
        fail_msg("%s: %s", path, err.text);
    }
    return j;
}

/* The keys of an object, space-separated, in their order. */
static void keys_of(char *out, size_t size, const json_t *o)
{
    const char *key;
    const json_t *v;
    out[0] = '\0';
    json_object_foreach((json_t *)o, key, v)
    {
        size_t len = strlen(out);
        snprintf(out + len, size - len, "%s%s", len ? " " : "", key);
    }
}

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    if (s == NULL) {
        fail_msg("no string '%s'", key);
    }
    return s;
}

/* ------------------------------------------------------------------ */
/* report.json                                                          */
/* ------------------------------------------------------------------ */

static void test_report_json_has_its_sections_in_order(void **state)
{
    (void)state;
    viz_run r;
    viz_run_begin(&r);
    json_t *j = write_and_load(&r, "sections.json");
    char keys[512];
    keys_of(keys, sizeof(keys), j);
    /* No slices, coverage, structure or roles were given: not written. */
    assert_string_equal(keys, "input summary findings liaisons people teams units meetings needs "
                              "proposal suppressed parameters");
    const json_t *s = json_object_get(j, "summary");
    assert_int_equal(json_integer_value(json_object_get(s, "people")), 9);
    assert_int_equal(json_integer_value(json_object_get(s, "teams")), 3);
    assert_null(json_object_get(s, "modularity"));
    const json_t *w = json_object_get(json_object_get(j, "input"), "window");
    assert_string_equal(str(w, "from"), "2024-01-01");
    assert_string_equal(str(w, "to"), "2024-01-08");
    assert_null(json_object_get(json_object_get(j, "input"), "coverage"));
    /* Nothing withheld: every count 0. */
    const char *key;
    const json_t *v;
    json_object_foreach(json_object_get(j, "suppressed"), key, v)
    {
        assert_int_equal(json_integer_value(v), 0);
    }
    json_decref(j);
    viz_run_end(&r);
}

/* type, severity, the subject keys of its type at the top level, metrics,
 * explanation; in report order; numbers rounded to 1e-6. */
static void test_report_json_findings_carry_their_subject_keys(void **state)
{
    (void)state;
    viz_run r;
    viz_run_begin(&r);
    json_t *j = write_and_load(&r, "findings.json");
    const json_t *f = json_object_get(j, "findings");
    assert_int_equal(json_array_size(f), 5);
    static const char *const want[][2] = {
        {"oversized_meeting", "type severity series team metrics explanation"},
        {"overbooked_person", "type severity person metrics explanation"},
        {"missing_link", "type severity team from metrics explanation"},
        {"isolated_team", "type severity team metrics explanation"},
        {"community_mismatch", "type severity teams metrics explanation"}};
    char keys[512];
    for (size_t i = 0; i < 5; i++) {
        const json_t *x = json_array_get(f, i);
        assert_string_equal(str(x, "type"), want[i][0]);
        keys_of(keys, sizeof(keys), x);
        assert_string_equal(keys, want[i][1]);
    }
    const json_t *big = json_array_get(f, 0);
    assert_string_equal(str(big, "series"), "review");
    assert_string_equal(str(big, "team"), "eng");
    assert_string_equal(str(big, "severity"), "low");
    const json_t *m = json_object_get(big, "metrics");
    keys_of(keys, sizeof(keys), m);
    assert_string_equal(keys, "size liaisons share");
    assert_true(json_real_value(json_object_get(m, "share")) == 0.333333);
    const json_t *teams = json_object_get(json_array_get(f, 4), "teams");
    assert_string_equal(json_string_value(json_array_get(teams, 0)), "eng");
    assert_string_equal(json_string_value(json_array_get(teams, 1)), "product");
    json_decref(j);
    viz_run_end(&r);
}

/* teams and units by id with each team's links by the other team's id,
 * people by email, the liaison link a -> product, a proposal entry per need. */
static void test_report_json_sorts_teams_units_and_people(void **state)
{
    (void)state;
    viz_run r;
    viz_run_begin(&r);
    json_t *j = write_and_load(&r, "sorted.json");
    const json_t *teams = json_object_get(j, "teams");
    assert_int_equal(json_array_size(teams), 3);
    assert_string_equal(str(json_array_get(teams, 0), "team"), "eng");
    assert_string_equal(str(json_array_get(teams, 1), "team"), "product");
    assert_string_equal(str(json_array_get(teams, 2), "team"), "smallteam");
    assert_string_equal(str(json_array_get(teams, 0), "parent"), "co");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(teams, 0), "headcount")), 4);
    const json_t *links = json_object_get(json_array_get(teams, 0), "links");
    assert_int_equal(json_array_size(links), 2);
    assert_string_equal(str(json_array_get(links, 0), "team"), "product");
    assert_string_equal(str(json_array_get(links, 1), "team"), "smallteam");
    const json_t *units = json_object_get(j, "units");
    assert_int_equal(json_array_size(units), 4);
    assert_string_equal(str(json_array_get(units, 0), "unit"), "co");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(units, 0), "people_under")),
                     9);
    const json_t *people = json_object_get(j, "people");
    assert_int_equal(json_array_size(people), 9);
    for (size_t i = 1; i < 9; i++) {
        assert_true(strcmp(str(json_array_get(people, i - 1), "person"),
                           str(json_array_get(people, i), "person")) < 0);
    }
    const json_t *liaisons = json_object_get(j, "liaisons");
    assert_int_equal(json_array_size(liaisons), 1);
    assert_string_equal(str(json_array_get(liaisons, 0), "person"), "a@example.com");
    assert_string_equal(str(json_array_get(liaisons, 0), "to"), "product");
    const json_t *proposal = json_object_get(j, "proposal");
    assert_int_equal(json_array_size(proposal), 2);
    assert_string_equal(str(json_array_get(proposal, 0), "team"), "eng");
    assert_string_equal(str(json_array_get(proposal, 1), "from"), "smallteam");
    assert_non_null(json_object_get(json_array_get(proposal, 0), "people"));
    json_decref(j);
    viz_run_end(&r);
}

/* A people callback that is not ready the first `late` times it is asked
 * without waiting, as the writer's thread may be. */
typedef struct late_people {
    const lsn_report *r;
    lsn_report_tree want;
    int late;
    int asked;
} late_people;

static int take_late_people(lsn_report_people_part *out, bool wait, void *ud)
{
    late_people *lp = ud;
    lp->asked++;
    if (!wait && lp->late-- > 0) {
        memset(out, 0, sizeof(*out));
        return LSN_OK;
    }
    return lsn_report_people_build(out, lp->r, lp->want);
}

/* report.json written a section at a time, whatever tree is kept and
 * however late the people come, has the bytes lsn_report_write_json
 * writes; the whole tree is the file read back, the diagrams' tree only
 * what viz/dot_report.c reads, the summary tree only the summary and the
 * findings, in the file's order. */
static void test_report_json_parts_write_the_same_bytes_whatever_is_kept(void **state)
{
    (void)state;
    viz_run r;
    viz_run_begin(&r);
    lsn_report rep = viz_run_report(&r, 1);
    char whole[512], part[512];
    viz_path(whole, sizeof(whole), "whole.json");
    viz_path(part, sizeof(part), "part.json");
    assert_int_equal(lsn_report_write_json(whole, &rep), LSN_OK);
    char *want_text = viz_slurp(whole);
    json_t *back = json_load_file(whole, JSON_PRESERVE_ORDER, NULL);
    assert_non_null(back);
    const lsn_report_tree wants[] = {LSN_REPORT_TREE_NONE, LSN_REPORT_TREE_FULL,
                                     LSN_REPORT_TREE_DIAGRAMS, LSN_REPORT_TREE_SUMMARY};
    for (size_t w = 0; w < 4; w++) {
        for (int late = 0; late <= 20; late += 2) { /* 20: only when waited for */
            late_people lp = {&rep, wants[w], late, 0};
            json_t *tree = NULL;
            assert_int_equal(
                lsn_report_write_json_parts(part, &rep, take_late_people, &lp, wants[w], &tree),
                LSN_OK);
            assert_true(lp.asked >= 1);
            /* What the tree does not keep was made in scopes and all freed. */
            assert_int_equal(lsn_json_arena_escapes(), 0);
            char *got = viz_slurp(part);
            assert_string_equal(got, want_text);
            free(got);
            char keys[512];
            keys_of(keys, sizeof(keys), tree);
            if (wants[w] == LSN_REPORT_TREE_NONE) {
                assert_null(tree);
            } else if (wants[w] == LSN_REPORT_TREE_FULL) {
                assert_true(json_equal(tree, back));
                char file_keys[512];
                keys_of(file_keys, sizeof(file_keys), back);
                assert_string_equal(keys, file_keys);
            } else if (wants[w] == LSN_REPORT_TREE_SUMMARY) {
                assert_string_equal(keys, "summary findings");
                assert_true(
                    json_equal(json_object_get(tree, "summary"), json_object_get(back, "summary")));
                assert_true(json_equal(json_object_get(tree, "findings"),
                                       json_object_get(back, "findings")));
            } else {
                assert_string_equal(keys, "findings liaisons people teams units proposal");
                static const char *const same[] = {"findings", "liaisons", "teams", "units",
                                                   "proposal"};
                for (size_t k = 0; k < 5; k++) {
                    assert_true(
                        json_equal(json_object_get(tree, same[k]), json_object_get(back, same[k])));
                }
                const json_t *people = json_object_get(tree, "people");
                const json_t *full = json_object_get(back, "people");
                assert_int_equal(json_array_size(people), json_array_size(full));
                for (size_t i = 0; i < json_array_size(people); i++) {
                    keys_of(keys, sizeof(keys), json_array_get(people, i));
                    assert_string_equal(keys, "person name team");
                    assert_string_equal(str(json_array_get(people, i), "person"),
                                        str(json_array_get(full, i), "person"));
                }
            }
            json_decref(tree);
        }
    }
    json_decref(back);
    free(want_text);
    viz_run_end(&r);
}

static void test_report_json_cannot_be_written_into_a_missing_folder(void **state)
{
    (void)state;
    viz_run r;
    viz_run_begin(&r);
    char path[512];
    viz_path(path, sizeof(path), "no/such/report.json");
    lsn_report rep = viz_run_report(&r, 1);
    assert_int_equal(lsn_report_write_json(path, &rep), LSN_EIO);
    assert_non_null(strstr(lsn_error_last(), "no/such/report.json: cannot write the report"));
    viz_run_end(&r);
}

/* ------------------------------------------------------------------ */
/* findings.csv                                                         */
/* ------------------------------------------------------------------ */

/* A header of every subject key; a field with a comma, a quote or a line
 * break is quoted and its quotes doubled; lines end in CRLF. */
static void test_findings_csv_quotes_commas_quotes_and_newlines(void **state)
{
    (void)state;
    viz_run r;
    viz_run_begin(&r);
    char path[512];
    viz_path(path, sizeof(path), "findings.csv");
    assert_int_equal(lsn_report_write_findings_csv(path, r.findings), LSN_OK);
    char *csv = viz_slurp(path);
    const char *header = "type,severity,series,team,from,person,to,unit,to_unit,teams,"
                         "explanation,metrics\r\n";
    assert_memory_equal(csv, header, strlen(header));
    const char *row1 = "oversized_meeting,low,review,eng,,,,,,,"
                       "\"'review' has 9 people, \"\"too many\"\"; a@example.com chairs it.\n"
                       "Split it.\","
                       "\"size=9,liaisons=[a@example.com,b@example.com],share=0.333333\"\r\n";
    assert_memory_equal(csv + strlen(header), row1, strlen(row1));
    assert_non_null(strstr(csv, "\r\ncommunity_mismatch,medium,,,,,,,,\"[eng,product]\","
                                "eng and product work as one team.,\r\n"));
    assert_non_null(strstr(csv, "\r\nmissing_link,medium,,product,smallteam,,,,,,"));
    /* Six lines: the header and one per finding. */
    size_t lines = 0;
    for (const char *p = csv; (p = strstr(p, "\r\n")) != NULL; p += 2) {
        lines++;
    }
    assert_int_equal(lines, 6);
    free(csv);
    viz_run_end(&r);
}

static void test_findings_csv_cannot_be_written_into_a_missing_folder(void **state)
{
    (void)state;
    viz_run r;
    viz_run_begin(&r);
    char path[512];
    viz_path(path, sizeof(path), "no/such/findings.csv");
    assert_int_equal(lsn_report_write_findings_csv(path, r.findings), LSN_EIO);
    assert_non_null(strstr(lsn_error_last(), "no/such/findings.csv: cannot write: "));
    viz_run_end(&r);
}

/* ------------------------------------------------------------------ */
/* The summary                                                          */
/* ------------------------------------------------------------------ */

static char *summary(const viz_run *r, int32_t min_group, const char *report_path)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    lsn_report rep = viz_run_report(r, min_group);
    lsn_report_print_summary(out, &rep, report_path);
    fclose(out);
    return text;
}

/* The first line counts people and teams; findings are grouped by type with
 * their severities; the proposal is a table; the report's path comes last. */
static void test_summary_counts_groups_and_tables(void **state)
{
    (void)state;
    viz_run r;
    viz_run_begin(&r);
    char *s = summary(&r, 1, "out/report.json");
    assert_memory_equal(s,
                        "liaison: 9 people in 3 teams, 2024-01-01 to 2024-01-08 (UTC, 1.0 weeks)\n",
                        strlen("liaison: 9 people in 3 teams, 2024-01-01 to 2024-01-08 (UTC, 1.0 "
                               "weeks)\n"));
    assert_non_null(strstr(s, "\nfindings: 5 (2 high, 2 medium, 1 low)\n"));
    const char *groups[] = {"  oversized_meeting (1)\n    [low] 'review' has 9 people",
                            "  overbooked_person (1)\n    [high] ",
                            "  missing_link (1)\n    [medium] product needs deep context",
                            "  isolated_team (1)\n", "  community_mismatch (1)\n"};
    const char *at = s;
    for (size_t i = 0; i < 5; i++) {
        const char *g = strstr(at, groups[i]);
        if (g == NULL) {
            fail_msg("no '%s' after the previous group in:\n%s", groups[i], s);
        }
        at = g;
    }
    /* eng keeps a's link into product; product gets p1 embedded in smallteam
     * (no roster names: emails and ids are the display names). */
    assert_non_null(strstr(s, "\nproposal: 2 needs (1 kept as it is, 0 by notes, 0 cannot be "
                              "met)\n"
                              "  team     needs context from  model     who\n"
                              "  product  smallteam           embedded  p1@example.com\n"
                              "      Embed p1@example.com (product) in smallteam's team meetings"));
    assert_non_null(strstr(s, "  liaison links: 1 (people at 4 or more team meetings"));
    assert_null(strstr(s, "privacy:"));
    size_t len = strlen(s);
    const char *tail = "\nreport: out/report.json\n";
    assert_true(len > strlen(tail));
    assert_string_equal(s + len - strlen(tail), tail);
    free(s);
    viz_run_end(&r);
}

/* Five findings of a type are shown, the rest counted. */
static void test_summary_shows_five_findings_of_a_type(void **state)
{
    (void)state;
    viz_run r;
    viz_run_begin(&r);
    for (int i = 0; i < 6; i++) {
        char text[16];
        snprintf(text, sizeof(text), "extra %d", i);
        lsn_finding x = {.kind = LSN_FINDING_ISOLATED_TEAM,
                         .severity = LSN_SEV_LOW,
                         .about = {.team = support_unit(&r.w, "eng")},
                         .metrics = lsn_value_object(),
                         .explanation = text};
        assert_int_equal(lsn_findings_add(r.findings, r.w.cal, &x), LSN_OK);
    }
    lsn_findings_sort(r.findings);
    char *s = summary(&r, 1, NULL);
    assert_non_null(strstr(s, "  isolated_team (7)\n"));
    assert_non_null(strstr(s, "    ... and 2 more in report.json and findings.csv\n"));
    assert_null(strstr(s, "\nreport: "));
    free(s);
    viz_run_end(&r);
}

int main(void)
{
    /* As the program does: the sections not kept come from scopes. */
    if (!lsn_json_arena_install()) {
        fprintf(stderr, "test_report: cannot reserve jansson's regions\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_json_has_its_sections_in_order),
        cmocka_unit_test(test_report_json_findings_carry_their_subject_keys),
        cmocka_unit_test(test_report_json_sorts_teams_units_and_people),
        cmocka_unit_test(test_report_json_parts_write_the_same_bytes_whatever_is_kept),
        cmocka_unit_test(test_report_json_cannot_be_written_into_a_missing_folder),
        cmocka_unit_test(test_findings_csv_quotes_commas_quotes_and_newlines),
        cmocka_unit_test(test_findings_csv_cannot_be_written_into_a_missing_folder),
        cmocka_unit_test(test_summary_counts_groups_and_tables),
        cmocka_unit_test(test_summary_shows_five_findings_of_a_type),
    };
    return cmocka_run_group_tests(tests, viz_setup, viz_teardown);
}
