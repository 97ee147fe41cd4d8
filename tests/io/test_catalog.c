/*
 * tests/io/test_catalog.c — lsn_catalog_load() and the lsn_org it builds
 * from a Backstage catalog: the hierarchy from Groups (parent, children,
 * type, namespaces), the roster from Users (memberOf, members, emails,
 * managers), the derived needs (dependsOn, dependencyOf, API
 * provider/consumer, System and subcomponentOf indirection, annotations,
 * thresholds) with their evidence, the CSV files that win over it, and
 * every bad input with its code and message. Fixtures: fixtures/catalog/
 * (README.md there and each file's opening comment give the right answers).
 */
#include "io/catalog.h"

#include "io/error.h"
#include "io/model.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FX(name) LSN_FIXTURES "/catalog/" name

#define MAX_WARNINGS 8
static struct {
    int count;
    char message[MAX_WARNINGS][512];
} warnings;

static void capture_warning(void *ud, const char *message)
{
    (void)ud;
    if (warnings.count < MAX_WARNINGS) {
        snprintf(warnings.message[warnings.count], sizeof(warnings.message[0]), "%s", message);
    }
    warnings.count++;
}

static int setup(void **state)
{
    (void)state;
    memset(&warnings, 0, sizeof(warnings));
    lsn_error_clear();
    lsn_warn_set_handler(capture_warning, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    lsn_warn_set_handler(NULL, NULL);
    return 0;
}

static lsn_org *load(const char *catalog,
                     const char *people,
                     const char *teams,
                     const char *needs,
                     const lsn_catalog_options *opts)
{
    lsn_org *org = NULL;
    lsn_catalog_inputs in = {people, teams, needs};
    int rc = lsn_catalog_load(&org, catalog, &in, opts);
    if (rc != LSN_OK) {
        fail_msg("lsn_catalog_load(%s): %s", catalog, lsn_error_last());
    }
    return org;
}

static const char *unit_id(const lsn_org *org, int32_t u)
{
    size_t n;
    const lsn_unit *units = lsn_org_units(org, &n);
    return u >= 0 ? units[u].id : "(none)";
}

static const lsn_unit *unit(const lsn_org *org, const char *id)
{
    size_t n;
    int32_t u = lsn_org_find_unit(org, id);
    if (u < 0) {
        fail_msg("no unit '%s'", id);
    }
    return &lsn_org_units(org, &n)[u];
}

/* "team<-from context weight" of each need, one per line. */
static void needs_text(char *buf, size_t size, const lsn_org *org)
{
    size_t n, len = 0;
    const lsn_need *needs = lsn_org_needs(org, &n);
    buf[0] = '\0';
    for (size_t i = 0; i < n && len < size; i++) {
        int w = snprintf(buf + len, size - len, "%s<-%s %s %d %s%s\n", unit_id(org, needs[i].team),
                         unit_id(org, needs[i].from), lsn_context_name(needs[i].context),
                         (int)needs[i].weight, lsn_need_source_name(needs[i].source),
                         needs[i].availability ? " availability" : "");
        len += w > 0 ? (size_t)w : 0;
    }
}

static void assert_warned(const char *message)
{
    for (int i = 0; i < warnings.count && i < MAX_WARNINGS; i++) {
        if (strcmp(warnings.message[i], message) == 0) {
            return;
        }
    }
    for (int i = 0; i < warnings.count && i < MAX_WARNINGS; i++) {
        print_message("warning: %s\n", warnings.message[i]);
    }
    fail_msg("no warning '%s'", message);
}

/* ---- the hierarchy ---------------------------------------------------- */

static void test_catalog_groups_make_the_hierarchy_with_kinds(void **state)
{
    (void)state;
    lsn_org *org = load(FX("org"), NULL, NULL, NULL, NULL);
    size_t n;
    lsn_org_units(org, &n);
    assert_int_equal(n, 6);
    assert_string_equal(unit_id(org, lsn_org_root(org)), "acme");
    assert_string_equal(unit(org, "acme")->name, "ACME Corp");
    assert_string_equal(unit(org, "acme")->kind, "organization");
    assert_string_equal(unit(org, "dept-pay")->kind, "department");
    assert_string_equal(unit(org, "payments")->kind, "team");
    /* spec.parent, with and without the kind. */
    assert_string_equal(unit_id(org, unit(org, "dept-pay")->parent), "acme");
    assert_string_equal(unit_id(org, unit(org, "payments")->parent), "dept-pay");
    /* No parent of its own: acme's spec.children places it. */
    assert_string_equal(unit_id(org, unit(org, "search")->parent), "acme");
    /* Another namespace: the unit id carries it; its parent names "default/". */
    assert_string_equal(unit_id(org, unit(org, "other/web-team")->parent), "acme");
    /* metadata.title stands in for a missing displayName. */
    assert_string_equal(unit(org, "payments")->name,
                        "Payments (title, used without a displayName)");
    assert_int_equal(warnings.count, 0);
    lsn_org_free(org);
}

/* ---- the roster ------------------------------------------------------- */

static void test_catalog_users_make_the_roster(void **state)
{
    (void)state;
    lsn_org *org = load(FX("org"), NULL, NULL, NULL, NULL);
    size_t n;
    const lsn_person *people = lsn_org_people(org, &n);
    assert_int_equal(n, 4);
    int32_t alice = lsn_org_find_person(org, "alice@example.com");
    int32_t bob = lsn_org_find_person(org, "bob@example.com");
    int32_t carol = lsn_org_find_person(org, "carol@example.com");
    int32_t dan = lsn_org_find_person(org, "dan@example.com");
    assert_true(alice >= 0 && bob >= 0 && carol >= 0 && dan >= 0);
    assert_string_equal(people[alice].name, "Alice Archer");
    assert_string_equal(unit_id(org, people[alice].team), "payments");
    /* Listed in a Group's spec.members. */
    assert_string_equal(unit_id(org, people[bob].team), "search");
    /* "web-team" resolved in carol's own namespace. */
    assert_string_equal(unit_id(org, people[carol].team), "other/web-team");
    /* Of dept-pay and ledger-team, the leaf. */
    assert_string_equal(unit_id(org, people[dan].team), "ledger-team");
    /* Managers: a User reference, and an email. */
    assert_int_equal(people[carol].manager, alice);
    assert_int_equal(people[dan].manager, bob);
    assert_int_equal(people[alice].manager, -1);
    lsn_org_free(org);
}

/* ---- derived needs ---------------------------------------------------- */

static void test_catalog_dependencies_make_needs_in_catalog_order(void **state)
{
    (void)state;
    lsn_org *org = load(FX("org"), NULL, NULL, NULL, NULL);
    char text[1024];
    needs_text(text, sizeof(text), org);
    assert_string_equal(text, "search<-ledger-team minimal 1 catalog\n"
                              "other/web-team<-payments minimal 1 catalog\n"
                              "search<-payments deep 1 catalog\n"
                              "payments<-ledger-team moderate 2 catalog\n");
    assert_int_equal(warnings.count, 0);
    lsn_org_free(org);
}

static void test_catalog_need_evidence_names_the_entity_pairs(void **state)
{
    (void)state;
    lsn_org *org = load(FX("org"), NULL, NULL, NULL, NULL);
    size_t n, ne;
    lsn_org_needs(org, &n);
    assert_int_equal(n, 4);
    /* The API's provider decides, not the API's own owner. */
    const lsn_evidence *ev = lsn_org_need_evidence(org, 1, &ne);
    assert_int_equal(ne, 1);
    assert_string_equal(ev[0].entity, "component:other/web");
    assert_string_equal(ev[0].relation, "consumesApis");
    assert_string_equal(ev[0].target, "api:default/payments-api");
    /* Through a System without an owner of its own entity. */
    ev = lsn_org_need_evidence(org, 2, &ne);
    assert_int_equal(ne, 1);
    assert_string_equal(ev[0].target, "component:default/checkout");
    /* A subcomponent, and a dependencyOf written on the target. */
    ev = lsn_org_need_evidence(org, 3, &ne);
    assert_int_equal(ne, 2);
    assert_string_equal(ev[0].entity, "component:default/payments-svc");
    assert_string_equal(ev[0].relation, "dependsOn");
    assert_string_equal(ev[0].target, "component:default/ledger-core");
    assert_string_equal(ev[1].relation, "dependencyOf");
    assert_string_equal(ev[1].target, "resource:default/ledger-db");
    char because[512];
    assert_string_equal(lsn_org_need_because(org, 3, because, sizeof(because)),
                        " The need comes from the catalog: payments-svc depends on "
                        "ledger-team's ledger-core and payments-svc depends on ledger-team's "
                        "ledger-db.");
    assert_string_equal(lsn_org_need_because(org, 1, because, sizeof(because)),
                        " The need comes from the catalog: other/web consumes payments's "
                        "payments-api.");
    lsn_org_free(org);
}

static void test_catalog_thresholds_set_the_context_of_unannotated_needs(void **state)
{
    (void)state;
    lsn_catalog_options opts = {.moderate_edges = 1, .deep_edges = 2};
    lsn_org *org = load(FX("org"), NULL, NULL, NULL, &opts);
    char text[1024];
    needs_text(text, sizeof(text), org);
    /* One edge is now moderate, two deep; the annotated need stays deep. */
    assert_string_equal(text, "search<-ledger-team moderate 1 catalog\n"
                              "other/web-team<-payments moderate 1 catalog\n"
                              "search<-payments deep 1 catalog\n"
                              "payments<-ledger-team deep 2 catalog\n");
    lsn_org_free(org);
}

static void test_catalog_need_of_needs_csv_wins(void **state)
{
    (void)state;
    lsn_org *org = load(FX("org"), NULL, NULL, FX("needs-override.csv"), NULL);
    char text[1024];
    needs_text(text, sizeof(text), org);
    assert_string_equal(text, "search<-payments minimal 0 csv availability\n"
                              "search<-ledger-team minimal 1 catalog\n"
                              "other/web-team<-payments minimal 1 catalog\n"
                              "payments<-ledger-team moderate 2 catalog\n");
    size_t ne;
    assert_null(lsn_org_need_evidence(org, 0, &ne));
    assert_int_equal(ne, 0);
    lsn_org_free(org);
}

static void test_catalog_people_and_teams_csv_replace_users_and_groups(void **state)
{
    (void)state;
    lsn_org *org = load(FX("org"), FX("people-override.csv"), FX("teams-override.csv"), NULL, NULL);
    size_t n;
    const lsn_person *people = lsn_org_people(org, &n);
    assert_int_equal(n, 2);
    assert_string_equal(people[1].name, "Bob B.");
    lsn_org_units(org, &n);
    assert_int_equal(n, 3);
    assert_string_equal(unit(org, "payments")->kind, "");
    char text[1024];
    needs_text(text, sizeof(text), org);
    assert_string_equal(text, "search<-payments deep 1 catalog\n");
    assert_int_equal(warnings.count, 3);
    assert_warned(FX("org/c-software.yaml") ":22: need of 'search' from 'ledger-team' left out: "
                                            "'ledger-team' is no team of the roster");
    assert_warned(FX("org/c-software.yaml") ":32: need of 'other/web-team' from 'payments' left "
                                            "out: 'other/web-team' is no team of the roster");
    lsn_org_free(org);
}

static void test_catalog_reads_a_buffer_with_several_documents(void **state)
{
    (void)state;
    static const char text[] = "kind: Group\nmetadata: {name: a}\nspec: {children: []}\n"
                               "---\nkind: Group\nmetadata: {name: b, namespace: x}\n"
                               "spec: {parent: 'group:default/a', children: []}\n"
                               "---\n---\n# comments only\n";
    lsn_catalog *cat = NULL;
    assert_int_equal(lsn_catalog_new(&cat), LSN_OK);
    assert_int_equal(lsn_catalog_read_buffer(cat, text, strlen(text), "mem.yaml"), LSN_OK);
    assert_int_equal(lsn_catalog_count(cat), 2);
    lsn_org *org = NULL;
    assert_int_equal(lsn_catalog_org(&org, cat, NULL, NULL), LSN_OK);
    assert_string_equal(unit_id(org, unit(org, "x/b")->parent), "a");
    assert_int_equal(warnings.count, 0);
    lsn_org_free(org);
    lsn_catalog_free(cat);
}

static void test_catalog_repeated_entity_is_left_out_with_a_warning(void **state)
{
    (void)state;
    static const char text[] = "kind: Group\nmetadata: {name: a}\n"
                               "---\nkind: group\nmetadata: {name: A}\n";
    lsn_catalog *cat = NULL;
    assert_int_equal(lsn_catalog_new(&cat), LSN_OK);
    assert_int_equal(lsn_catalog_read_buffer(cat, text, strlen(text), "dup.yaml"), LSN_OK);
    assert_int_equal(lsn_catalog_count(cat), 1);
    assert_int_equal(warnings.count, 1);
    assert_string_equal(warnings.message[0],
                        "dup.yaml:4: duplicate entity 'group:default/a' (first at dup.yaml:1); "
                        "left out");
    lsn_catalog_free(cat);
}

/* ---- bad input -------------------------------------------------------- */

static void test_catalog_malformed_yaml_is_a_parse_error_with_its_line(void **state)
{
    (void)state;
    lsn_org *org = NULL;
    lsn_catalog_inputs in = {0};
    assert_int_equal(lsn_catalog_load(&org, FX("bad/malformed.yaml"), &in, NULL), LSN_EPARSE);
    assert_null(org);
    assert_string_equal(lsn_error_last(), FX("bad/malformed.yaml") ":4: bad YAML: did not find "
                                                                   "expected ',' or ']' while "
                                                                   "parsing a flow sequence");
}

/* YAML is Unicode: a Latin-1 byte is refused at its line (libyaml's reader
 * gives only a byte offset), from a buffer and from a file. */
static void test_catalog_text_that_is_not_utf8_is_refused_at_its_line(void **state)
{
    (void)state;
    const char *text = "apiVersion: backstage.io/v1alpha1\n"
                       "kind: User\n"
                       "metadata: {name: jose, title: Jos\xe9}\n";
    lsn_catalog *cat = NULL;
    assert_int_equal(lsn_catalog_new(&cat), LSN_OK);
    assert_int_equal(lsn_catalog_read_buffer(cat, text, strlen(text), "l1.yaml"), LSN_EPARSE);
    assert_string_equal(lsn_error_last(),
                        "l1.yaml:3: bad YAML: invalid trailing UTF-8 octet (a catalog must be "
                        "UTF-8)");
    lsn_catalog_free(cat);

    char path[] = "/tmp/lsn_catalog_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    lsn_org *org = NULL;
    lsn_catalog_inputs in = {0};
    assert_int_equal(lsn_catalog_load(&org, path, &in, NULL), LSN_EPARSE);
    char want[256];
    snprintf(want, sizeof(want),
             "%s:3: bad YAML: invalid trailing UTF-8 octet (a catalog must be UTF-8)", path);
    assert_string_equal(lsn_error_last(), want);
    unlink(path);
}

static void test_catalog_group_cycle_is_an_error(void **state)
{
    (void)state;
    lsn_org *org = NULL;
    lsn_catalog_inputs in = {0};
    assert_int_equal(lsn_catalog_load(&org, FX("bad/cycle.yaml"), &in, NULL), LSN_EPARSE);
    assert_null(org);
    assert_string_equal(lsn_error_last(),
                        FX("bad/cycle.yaml") ":2: hierarchy cycle through 'a' -> 'b' -> 'a'");
}

static void test_catalog_unusable_entries_are_warnings_with_their_lines(void **state)
{
    (void)state;
    lsn_org *org = load(FX("bad/warnings.yaml"), NULL, NULL, NULL, NULL);
    size_t n;
    lsn_org_people(org, &n);
    assert_int_equal(n, 1);
    assert_int_equal(warnings.count, 5);
    assert_warned(FX("bad/warnings.yaml") ":15: unknown entity 'component:default/nowhere' "
                                          "(spec.dependsOn of group:default/t); left out");
    assert_warned(FX("bad/warnings.yaml") ":22: owner 'user:default/erin' of "
                                          "component:default/svc2 is not a Group; left out");
    assert_warned(FX("bad/warnings.yaml") ":24: User 'user:default/frank' has no "
                                          "spec.profile.email; left out");
    assert_warned(FX("bad/warnings.yaml") ":31: not a catalog entity (no kind or "
                                          "metadata.name); left out");
    assert_warned(FX("bad/warnings.yaml") ":41: bad liaison.dev/context 'huge' (expected "
                                          "minimal, moderate or deep); ignored");
    lsn_org_free(org);
}

static void test_catalog_missing_path_is_an_io_error(void **state)
{
    (void)state;
    lsn_org *org = NULL;
    lsn_catalog_inputs in = {0};
    assert_int_equal(lsn_catalog_load(&org, FX("nowhere"), &in, NULL), LSN_EIO);
    assert_null(org);
    assert_string_equal(lsn_error_last(), FX("nowhere") ": cannot read: No such file or directory");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_catalog_groups_make_the_hierarchy_with_kinds, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_catalog_users_make_the_roster, setup, teardown),
        cmocka_unit_test_setup_teardown(test_catalog_dependencies_make_needs_in_catalog_order,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_catalog_need_evidence_names_the_entity_pairs, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_catalog_thresholds_set_the_context_of_unannotated_needs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_catalog_need_of_needs_csv_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_catalog_people_and_teams_csv_replace_users_and_groups,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_catalog_reads_a_buffer_with_several_documents, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_catalog_repeated_entity_is_left_out_with_a_warning,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_catalog_malformed_yaml_is_a_parse_error_with_its_line,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_catalog_text_that_is_not_utf8_is_refused_at_its_line,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_catalog_group_cycle_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_catalog_unusable_entries_are_warnings_with_their_lines,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_catalog_missing_path_is_an_io_error, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
