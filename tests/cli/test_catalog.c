/*
 * tests/cli/test_catalog.c — --catalog end to end. On a generated
 * organization, `liaison gen --format ics,catalog` writes the CSVs and a
 * catalog of the same people, hierarchy and needs: analyzing with
 * --catalog alone must give the same report as the CSVs, except what only
 * a catalog carries (units' kinds, the needs' source and evidence, and the
 * sentence naming that evidence in findings and reasons). Then the catalog
 * in compare and in a batch manifest, its warnings counted in `input`, and
 * malformed YAML as unusable input.
 */
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char org[512];

static int setup(void **state)
{
    (void)state;
    if (tcli_setup("catalog") != 0) {
        return -1;
    }
    snprintf(org, sizeof(org), "%s/org", tcli_tmp);
    tcli_run r = tcli_liaison("gen --people 80 --weeks 6 --seed 3 --format ics,catalog --quiet "
                              "--out %s",
                              org);
    int status = r.status;
    tcli_run_free(&r);
    return status == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return tcli_teardown();
}

static json_t *load_report(const char *dir)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s/report.json", tcli_tmp, dir);
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (root == NULL) {
        fail_msg("%s: %s", path, err.text);
    }
    return root;
}

/* Delete key from every object of the array at root[section]. */
static void drop(json_t *root, const char *section, const char *key)
{
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(root, section), i, o)
    {
        json_object_del(o, key);
    }
}

static void test_catalog_alone_gives_the_report_of_the_csvs(void **state)
{
    (void)state;
    tcli_run r = tcli_liaison("analyze --quiet --people %s/people.csv --teams %s/teams.csv "
                              "--needs %s/needs.csv --out %s/csv %s/mailboxes",
                              org, org, org, tcli_tmp, org);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    r = tcli_liaison("analyze --quiet --catalog %s/catalog --out %s/cat %s/mailboxes", org,
                     tcli_tmp, org);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    tcli_run_free(&r);
    json_t *csv = load_report("csv"), *cat = load_report("cat");
    /* What only a catalog carries is there... */
    json_t *need = json_array_get(json_object_get(cat, "needs"), 0);
    assert_non_null(need);
    assert_string_equal(json_string_value(json_object_get(need, "source")), "catalog");
    assert_int_equal(json_integer_value(json_object_get(need, "weight")), 1);
    json_t *unit = json_array_get(json_object_get(cat, "units"), 0);
    assert_string_equal(json_string_value(json_object_get(unit, "kind")), "organization");
    json_t *finding = json_array_get(json_object_get(cat, "findings"), 0);
    size_t i;
    json_t *f;
    bool explained = false;
    json_array_foreach(json_object_get(cat, "findings"), i, f)
    {
        const char *type = json_string_value(json_object_get(f, "type"));
        if (strcmp(type, "missing_link") == 0 || strcmp(type, "fragile_link") == 0) {
            explained = strstr(json_string_value(json_object_get(f, "explanation")),
                               "The need comes from the catalog: ") != NULL;
            break;
        }
    }
    assert_non_null(finding);
    assert_true(explained);
    /* ... and everything else is the same: people, hierarchy, needs, findings. */
    drop(cat, "units", "kind");
    drop(cat, "needs", "weight");
    drop(cat, "needs", "evidence");
    drop(cat, "needs", "source");
    drop(csv, "needs", "source");
    drop(cat, "findings", "explanation");
    drop(csv, "findings", "explanation");
    drop(cat, "proposal", "reason");
    drop(csv, "proposal", "reason");
    assert_true(json_array_size(json_object_get(csv, "needs")) > 0);
    const char *sections[] = {"people",   "teams",    "units",    "needs",
                              "findings", "proposal", "liaisons", "summary"};
    for (size_t k = 0; k < sizeof(sections) / sizeof(sections[0]); k++) {
        if (!json_equal(json_object_get(csv, sections[k]), json_object_get(cat, sections[k]))) {
            fail_msg("section %s differs", sections[k]);
        }
    }
    json_decref(csv);
    json_decref(cat);
}

static void test_catalog_warnings_are_counted_in_input(void **state)
{
    (void)state;
    char extra[1024];
    snprintf(extra, sizeof(extra), "%s/catalog/zz-extra.yaml", org);
    FILE *f = fopen(extra, "w");
    assert_non_null(f);
    fputs("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: stray\n"
          "spec:\n  owner: nobody-here\n",
          f);
    fclose(f);
    tcli_run r = tcli_liaison("analyze --catalog %s/catalog --out %s/warned %s/mailboxes", org,
                              tcli_tmp, org);
    remove(extra);
    assert_int_equal(r.status, 0);
    char want[2048];
    snprintf(want, sizeof(want),
             "liaison: warning: %s:6: unknown entity 'group:default/nobody-here' (spec.owner of "
             "component:default/stray); left out\n",
             extra);
    assert_non_null(strstr(r.err, want));
    tcli_run_free(&r);
    json_t *rep = load_report("warned"), *plain = load_report("cat");
    json_int_t n = json_integer_value(json_object_get(json_object_get(rep, "input"), "warnings"));
    json_int_t n0 =
        json_integer_value(json_object_get(json_object_get(plain, "input"), "warnings"));
    assert_int_equal(n, n0 + 1);
    json_decref(rep);
    json_decref(plain);
}

static void test_catalog_malformed_yaml_exits_one(void **state)
{
    (void)state;
    tcli_write("bad.yaml", "kind: Group\nmetadata: {name: [a\n");
    tcli_run r = tcli_liaison("analyze --catalog %s/bad.yaml --out %s/bad %s/mailboxes", tcli_tmp,
                              tcli_tmp, org);
    assert_int_equal(r.status, 1);
    char want[1024];
    snprintf(want, sizeof(want), "liaison: %s/bad.yaml:3: bad YAML: ", tcli_tmp);
    assert_memory_equal(r.err, want, strlen(want));
    tcli_run_free(&r);
}

static void test_catalog_in_compare_and_batch(void **state)
{
    (void)state;
    /* compare: the baseline's people from the catalog, a scenario's from
     * its people.csv; the hierarchy and needs from the catalog for both. */
    tcli_run r = tcli_liaison("compare --quiet --catalog %s/catalog --scenario same=%s/people.csv "
                              "--out %s/cmp %s/mailboxes",
                              org, org, tcli_tmp, org);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    json_t *base = load_report("cmp/baseline"), *same = load_report("cmp/same");
    assert_true(json_equal(json_object_get(base, "needs"), json_object_get(same, "needs")));
    assert_true(json_array_size(json_object_get(base, "needs")) > 0);
    json_decref(base);
    json_decref(same);
    /* batch: a manifest row with a catalog and no people. */
    char manifest[2048];
    snprintf(manifest, sizeof(manifest),
             "name,calendars,people,catalog\ncat,%s/mailboxes,,%s/catalog\n", org, org);
    tcli_write("manifest.csv", manifest);
    r = tcli_liaison("batch --quiet --jobs 1 --out %s/batch %s/manifest.csv", tcli_tmp, tcli_tmp);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    json_t *row = load_report("batch/cat"), *cat = load_report("cat");
    assert_true(json_equal(json_object_get(row, "needs"), json_object_get(cat, "needs")));
    json_decref(row);
    json_decref(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalog_alone_gives_the_report_of_the_csvs),
        cmocka_unit_test(test_catalog_warnings_are_counted_in_input),
        cmocka_unit_test(test_catalog_malformed_yaml_exits_one),
        cmocka_unit_test(test_catalog_in_compare_and_batch),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
