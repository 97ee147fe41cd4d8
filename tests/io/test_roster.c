/*
 * tests/io/test_roster.c — lsn_roster_load() and the lsn_org it builds:
 * messy but valid CSV, the root rules of SPEC §1.2, counts, lookups, and
 * every input error with its exact message. Fixtures: fixtures/roster/
 * (README.md there gives each one's right answer).
 */
#include "io/roster.h"

#include "io/error.h"
#include "io/model.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#define FX(name) LSN_FIXTURES "/roster/" name

/* Warnings captured through lsn_warn_set_handler(). */
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

static lsn_org *load(const char *people, const char *teams, const char *needs)
{
    lsn_org *org = NULL;
    int rc = lsn_roster_load(&org, people, teams, needs);
    if (rc != LSN_OK) {
        print_error("unexpected error: %s\n", lsn_error_last());
    }
    assert_int_equal(rc, LSN_OK);
    assert_non_null(org);
    return org;
}

static void
load_fails(const char *people, const char *teams, const char *needs, int code, const char *message)
{
    lsn_org *org = (lsn_org *)&warnings; /* must be reset to NULL */
    int rc = lsn_roster_load(&org, people, teams, needs);
    assert_int_equal(rc, code);
    assert_null(org);
    assert_string_equal(lsn_error_last(), message);
}

static int32_t unit(const lsn_org *org, const char *id)
{
    int32_t u = lsn_org_find_unit(org, id);
    if (u < 0) {
        print_error("no unit '%s'\n", id);
    }
    assert_true(u >= 0);
    return u;
}

static void assert_unit(const lsn_org *org,
                        const char *id,
                        const char *parent,
                        int depth,
                        int headcount,
                        int people_under)
{
    const lsn_unit *units = lsn_org_units(org, NULL);
    const lsn_unit *u = &units[unit(org, id)];
    assert_string_equal(u->id, id);
    if (parent == NULL) {
        assert_int_equal(u->parent, -1);
    } else {
        assert_int_equal(u->parent, unit(org, parent));
    }
    assert_int_equal(u->depth, depth);
    assert_int_equal(u->headcount, headcount);
    assert_int_equal(u->people_under, people_under);
}

/* ------------------------------------------------------------------ */
/* Valid input                                                          */
/* ------------------------------------------------------------------ */

static void test_roster_messy_csv_reads_like_a_clean_one(void **state)
{
    (void)state;
    lsn_org *org = load(FX("messy_people.csv"), NULL, NULL);
    size_t n;
    const lsn_person *p = lsn_org_people(org, &n);
    assert_int_equal(n, 4);

    assert_string_equal(p[0].email, "ann.lee@example.com");
    assert_string_equal(p[0].name, "Lee, Ann");
    assert_int_equal(p[0].line, 2);
    assert_int_equal(p[0].manager, -1);

    assert_string_equal(p[1].email, "bob@example.com");
    assert_string_equal(p[1].name, "Bob \"The Builder\" Stone");
    assert_int_equal(p[1].line, 3);
    assert_int_equal(p[1].manager, 0);

    /* Line 4 is blank; Cy's record spans lines 5-6. */
    assert_string_equal(p[2].email, "cy@example.com");
    assert_string_equal(p[2].name, "Cy\r\nMulti-line");
    assert_int_equal(p[2].line, 5);
    assert_int_equal(p[2].manager, 0);

    assert_string_equal(p[3].email, "dee@other.org");
    assert_string_equal(p[3].name, "Dee");
    assert_int_equal(p[3].line, 7);
    assert_int_equal(p[3].manager, 1);

    const lsn_unit *u = lsn_org_units(org, &n);
    assert_int_equal(n, 4);
    assert_string_equal(u[0].id, "core");
    assert_string_equal(u[1].id, "web");
    assert_string_equal(u[2].id, "ops");
    assert_string_equal(u[3].id, "(org)");
    assert_int_equal(p[0].team, 0);
    assert_int_equal(p[2].team, 1);
    assert_int_equal(p[3].team, 2);
    assert_int_equal(warnings.count, 0);
    lsn_org_free(org);
}

static void test_roster_without_teams_csv_hangs_teams_under_synthetic_org(void **state)
{
    (void)state;
    lsn_org *org = load(FX("messy_people.csv"), NULL, NULL);
    int32_t root = lsn_org_root(org);
    const lsn_unit *units = lsn_org_units(org, NULL);
    assert_string_equal(units[root].id, "(org)");
    assert_true(units[root].synthetic);
    assert_string_equal(units[root].name, "");
    assert_unit(org, "(org)", NULL, 0, 0, 4);
    assert_unit(org, "core", "(org)", 1, 2, 2);
    assert_unit(org, "web", "(org)", 1, 1, 1);
    assert_unit(org, "ops", "(org)", 1, 1, 1);
    assert_false(units[unit(org, "core")].synthetic);
    lsn_org_free(org);
}

static void test_roster_single_root_takes_the_missing_teams(void **state)
{
    (void)state;
    lsn_org *org = load(FX("one_root_people.csv"), FX("one_root_teams.csv"), NULL);
    size_t n;
    const lsn_unit *u = lsn_org_units(org, &n);
    /* teams.csv in file order, then implicit teams in order of first use. */
    static const char *const order[] = {"acme",  "eng",   "backend",    "frontend",
                                        "sales", "empty", "leadership", "growth"};
    assert_int_equal(n, 8);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(u[i].id, order[i]);
        assert_false(u[i].synthetic);
    }
    assert_int_equal(lsn_org_root(org), unit(org, "acme"));
    assert_string_equal(u[unit(org, "acme")].name, "Acme Corp");
    assert_string_equal(u[unit(org, "leadership")].name, "");
    assert_unit(org, "leadership", "acme", 1, 1, 1);
    assert_unit(org, "growth", "acme", 1, 1, 1);
    lsn_org_free(org);
}

static void test_roster_counts_depth_headcount_and_people_under(void **state)
{
    (void)state;
    lsn_org *org = load(FX("one_root_people.csv"), FX("one_root_teams.csv"), NULL);
    assert_unit(org, "acme", NULL, 0, 0, 6);
    assert_unit(org, "eng", "acme", 1, 0, 3);
    assert_unit(org, "backend", "eng", 2, 2, 2);
    assert_unit(org, "frontend", "eng", 2, 1, 1);
    assert_unit(org, "sales", "acme", 1, 1, 1);
    assert_unit(org, "empty", "sales", 2, 0, 0);
    lsn_org_free(org);
}

/* A finished org keeps its people by email and its units by id, in strcmp
 * order, with each one's place: the order every output lists them in. */
static void test_roster_orders_people_by_email_and_units_by_id(void **state)
{
    (void)state;
    lsn_org *org = load(FX("one_root_people.csv"), FX("one_root_teams.csv"), NULL);
    size_t np, nu;
    const lsn_person *people = lsn_org_people(org, &np);
    const lsn_unit *units = lsn_org_units(org, &nu);
    const int32_t *by_email = lsn_org_people_by_email(org), *prank = lsn_org_people_rank(org);
    const int32_t *by_id = lsn_org_units_by_id(org), *urank = lsn_org_units_rank(org);
    assert_int_equal(np, 6);
    bool in_roster_order = true;
    for (size_t k = 0; k < np; k++) {
        assert_int_equal(prank[by_email[k]], (int32_t)k);
        in_roster_order = in_roster_order && by_email[k] == (int32_t)k;
        if (k > 0) {
            assert_true(strcmp(people[by_email[k - 1]].email, people[by_email[k]].email) < 0);
        }
    }
    assert_false(in_roster_order); /* the fixture's rows are not by email */
    for (size_t k = 0; k < nu; k++) {
        assert_int_equal(urank[by_id[k]], (int32_t)k);
        if (k > 0) {
            assert_true(strcmp(units[by_id[k - 1]].id, units[by_id[k]].id) < 0);
        }
    }
    assert_string_equal(units[by_id[0]].id, "acme"); /* the implicit and declared alike */
    lsn_org_free(org);
}

static void test_roster_two_roots_get_a_synthetic_org_root(void **state)
{
    (void)state;
    lsn_org *org = load(FX("two_roots_people.csv"), FX("two_roots_teams.csv"), NULL);
    size_t n;
    const lsn_unit *u = lsn_org_units(org, &n);
    assert_int_equal(n, 6);
    int32_t root = lsn_org_root(org);
    assert_string_equal(u[root].id, "(org)");
    assert_true(u[root].synthetic);
    assert_unit(org, "(org)", NULL, 0, 0, 4);
    assert_unit(org, "eng", "(org)", 1, 0, 2);
    assert_unit(org, "backend", "eng", 2, 1, 1);
    assert_unit(org, "frontend", "eng", 2, 1, 1);
    assert_unit(org, "sales", "(org)", 1, 1, 1);
    assert_unit(org, "support", "(org)", 1, 1, 1);
    lsn_org_free(org);
}

static void test_roster_needs_are_resolved_with_defaults(void **state)
{
    (void)state;
    lsn_org *org =
        load(FX("one_root_people.csv"), FX("one_root_teams.csv"), FX("one_root_needs.csv"));
    size_t n;
    const lsn_need *need = lsn_org_needs(org, &n);
    assert_int_equal(n, 4);

    assert_int_equal(need[0].team, unit(org, "frontend"));
    assert_int_equal(need[0].from, unit(org, "backend"));
    assert_int_equal(need[0].context, LSN_CONTEXT_DEEP);
    assert_true(need[0].availability);
    assert_int_equal(need[0].line, 2);

    /* A unit need; empty context and availability take the defaults. */
    assert_int_equal(need[1].team, unit(org, "sales"));
    assert_int_equal(need[1].from, unit(org, "eng"));
    assert_int_equal(need[1].context, LSN_CONTEXT_MODERATE);
    assert_false(need[1].availability);

    /* A need from a unit with nobody under it is kept (passes ignore it). */
    assert_int_equal(need[2].from, unit(org, "empty"));
    assert_int_equal(need[2].context, LSN_CONTEXT_MINIMAL);
    assert_false(need[2].availability);

    assert_int_equal(need[3].team, unit(org, "growth"));
    assert_int_equal(need[3].context, LSN_CONTEXT_MODERATE);
    assert_true(need[3].availability);
    assert_int_equal(need[3].line, 5);
    lsn_org_free(org);
}

static void test_roster_manager_not_in_roster_is_a_warning(void **state)
{
    (void)state;
    lsn_org *org = load(FX("one_root_people.csv"), FX("one_root_teams.csv"), NULL);
    assert_int_equal(warnings.count, 1);
    assert_string_equal(
        warnings.message[0],
        FX("one_root_people.csv") ":7: manager 'ghost@acme.com' is not in the roster");
    const lsn_person *p = lsn_org_people(org, NULL);
    int32_t kim = lsn_org_find_person(org, "kim@acme.com");
    assert_int_equal(kim, 5);
    assert_int_equal(p[kim].manager, -1);
    assert_int_equal(p[lsn_org_find_person(org, "ben@acme.com")].manager,
                     lsn_org_find_person(org, "ann@acme.com"));
    lsn_org_free(org);
}

static void test_roster_manager_cycle_is_broken_at_the_later_line(void **state)
{
    (void)state;
    lsn_org *org = load(FX("manager_cycle_people.csv"), NULL, NULL);
    assert_int_equal(warnings.count, 2);
    assert_string_equal(warnings.message[0],
                        FX("manager_cycle_people.csv") ":4: manager cycle 'c@x.com' -> 'a@x.com' "
                                                       "-> 'b@x.com' -> 'c@x.com'; ignoring the "
                                                       "manager of 'c@x.com'");
    assert_string_equal(warnings.message[1],
                        FX("manager_cycle_people.csv") ":5: manager cycle 'd@x.com' -> 'd@x.com'; "
                                                       "ignoring the manager of 'd@x.com'");
    const lsn_person *p = lsn_org_people(org, NULL);
    assert_int_equal(p[0].manager, 1);
    assert_int_equal(p[1].manager, 2);
    assert_int_equal(p[2].manager, -1);
    assert_int_equal(p[3].manager, -1);
    lsn_org_free(org);
}

static void test_roster_finds_people_and_units(void **state)
{
    (void)state;
    lsn_org *org = load(FX("messy_people.csv"), NULL, NULL);
    assert_int_equal(lsn_org_find_person(org, "bob@example.com"), 1);
    assert_int_equal(lsn_org_find_person(org, "nobody@example.com"), -1);
    assert_int_equal(lsn_org_find_unit(org, "web"), 1);
    assert_int_equal(lsn_org_find_unit(org, "(org)"), 3);
    assert_int_equal(lsn_org_find_unit(org, "WEB"), -1);
    lsn_org_free(org);
}

static void test_roster_name_lookup_is_case_insensitive_and_knows_ambiguity(void **state)
{
    (void)state;
    lsn_org *org = load(FX("one_root_people.csv"), FX("one_root_teams.csv"), NULL);
    assert_int_equal(lsn_org_find_person_by_name(org, "Ann Back"), 1);
    assert_int_equal(lsn_org_find_person_by_name(org, "  ann back "), 1);
    assert_int_equal(lsn_org_find_person_by_name(org, "PAT BOSS"), 0);
    /* "Sam Sales" and "  sam SALES " are two people. */
    assert_int_equal(lsn_org_find_person_by_name(org, "Sam Sales"), -2);
    assert_int_equal(lsn_org_find_person_by_name(org, "Nobody"), -1);
    assert_int_equal(lsn_org_find_person_by_name(org, ""), -1);
    assert_int_equal(lsn_org_find_person_by_name(org, "   "), -1);
    lsn_org_free(org);
}

static void test_roster_knows_roster_domains(void **state)
{
    (void)state;
    lsn_org *org = load(FX("messy_people.csv"), NULL, NULL);
    assert_true(lsn_org_has_domain(org, "example.com"));
    assert_true(lsn_org_has_domain(org, "other.org"));
    assert_false(lsn_org_has_domain(org, "example.org"));
    assert_false(lsn_org_has_domain(org, "com"));
    assert_false(lsn_org_has_domain(org, ""));
    lsn_org_free(org);
}

static void test_roster_unit_within_follows_the_hierarchy(void **state)
{
    (void)state;
    lsn_org *org = load(FX("one_root_people.csv"), FX("one_root_teams.csv"), NULL);
    int32_t acme = unit(org, "acme"), eng = unit(org, "eng"), backend = unit(org, "backend"),
            sales = unit(org, "sales"), growth = unit(org, "growth");
    assert_true(lsn_org_unit_within(org, backend, eng));
    assert_true(lsn_org_unit_within(org, backend, acme));
    assert_true(lsn_org_unit_within(org, eng, eng));
    assert_true(lsn_org_unit_within(org, growth, acme));
    assert_false(lsn_org_unit_within(org, eng, backend));
    assert_false(lsn_org_unit_within(org, backend, sales));
    assert_false(lsn_org_unit_within(org, -1, acme));
    lsn_org_free(org);
}

static void test_org_built_in_code_has_a_root_even_when_empty(void **state)
{
    (void)state;
    lsn_org *org = NULL;
    assert_int_equal(lsn_org_new(&org), LSN_OK);
    assert_int_equal(lsn_org_finish(org), LSN_OK);
    size_t n;
    const lsn_unit *u = lsn_org_units(org, &n);
    assert_int_equal(n, 1);
    assert_string_equal(u[lsn_org_root(org)].id, "(org)");
    lsn_org_people(org, &n);
    assert_int_equal(n, 0);
    lsn_org_free(org);
}

static void test_email_normalize_trims_mailto_and_lowercases(void **state)
{
    (void)state;
    char a[] = "  MailTo:  Ann.Lee@Example.COM\t";
    assert_string_equal(lsn_email_normalize(a), "ann.lee@example.com");
    char b[] = "mailto:";
    assert_string_equal(lsn_email_normalize(b), "");
    char c[] = "";
    assert_string_equal(lsn_email_normalize(c), "");
    assert_string_equal(lsn_context_name(LSN_CONTEXT_MINIMAL), "minimal");
    assert_string_equal(lsn_context_name(LSN_CONTEXT_MODERATE), "moderate");
    assert_string_equal(lsn_context_name(LSN_CONTEXT_DEEP), "deep");
}

/* ------------------------------------------------------------------ */
/* Errors: code and exact message                                       */
/* ------------------------------------------------------------------ */

static void test_roster_hierarchy_cycle_is_an_error(void **state)
{
    (void)state;
    load_fails(FX("small_people.csv"), FX("cycle_teams.csv"), NULL, LSN_EPARSE,
               FX("cycle_teams.csv") ":3: hierarchy cycle through 'a' -> 'c' -> 'b' -> 'a'");
}

static void test_roster_unit_that_is_its_own_parent_is_an_error(void **state)
{
    (void)state;
    load_fails(FX("small_people.csv"), FX("self_parent_teams.csv"), NULL, LSN_EPARSE,
               FX("self_parent_teams.csv") ":4: unit 'y' is its own parent");
}

static void test_roster_unknown_parent_is_an_error(void **state)
{
    (void)state;
    load_fails(FX("small_people.csv"), FX("unknown_parent_teams.csv"), NULL, LSN_EPARSE,
               FX("unknown_parent_teams.csv") ":3: unknown parent 'nowhere'");
}

static void test_roster_duplicate_team_is_an_error(void **state)
{
    (void)state;
    load_fails(FX("small_people.csv"), FX("duplicate_teams.csv"), NULL, LSN_EPARSE,
               FX("duplicate_teams.csv") ":3: duplicate team 'eng' (first on line 2)");
}

static void test_roster_org_id_is_reserved_above_several_roots(void **state)
{
    (void)state;
    load_fails(FX("small_people.csv"), FX("reserved_teams.csv"), NULL, LSN_EPARSE,
               FX("reserved_teams.csv") ":4: team id '(org)' is reserved for the root above "
                                        "several roots");
}

static void test_roster_duplicate_email_is_an_error(void **state)
{
    (void)state;
    load_fails(FX("duplicate_email_people.csv"), NULL, NULL, LSN_EPARSE,
               FX("duplicate_email_people.csv") ":4: duplicate email 'a@x.com' (first on line 2)");
}

static void test_roster_missing_required_column_is_an_error(void **state)
{
    (void)state;
    load_fails(FX("no_team_column_people.csv"), NULL, NULL, LSN_EPARSE,
               FX("no_team_column_people.csv") ":1: missing required column 'team'");
}

static void test_roster_missing_team_value_is_an_error(void **state)
{
    (void)state;
    load_fails(FX("missing_team_people.csv"), NULL, NULL, LSN_EPARSE,
               FX("missing_team_people.csv") ":3: missing team");
}

static void test_roster_missing_email_value_is_an_error(void **state)
{
    (void)state;
    load_fails(FX("missing_email_people.csv"), NULL, NULL, LSN_EPARSE,
               FX("missing_email_people.csv") ":3: missing email");
}

static void test_roster_unterminated_quote_is_an_error(void **state)
{
    (void)state;
    load_fails(FX("unterminated_people.csv"), NULL, NULL, LSN_EPARSE,
               FX("unterminated_people.csv") ":3: unterminated quoted field");
}

static void test_roster_bad_context_is_an_error(void **state)
{
    (void)state;
    load_fails(FX("small_people.csv"), NULL, FX("bad_context_needs.csv"), LSN_EPARSE,
               FX("bad_context_needs.csv") ":3: bad context 'huge' (expected minimal, moderate "
                                           "or deep)");
}

static void test_roster_bad_availability_is_an_error(void **state)
{
    (void)state;
    load_fails(FX("small_people.csv"), NULL, FX("bad_availability_needs.csv"), LSN_EPARSE,
               FX("bad_availability_needs.csv") ":2: bad availability 'maybe' (expected yes or "
                                                "no)");
}

static void test_roster_need_of_unknown_team_is_an_error(void **state)
{
    (void)state;
    load_fails(FX("small_people.csv"), NULL, FX("unknown_team_needs.csv"), LSN_EPARSE,
               FX("unknown_team_needs.csv") ":3: unknown team 'marketing'");
}

static void test_roster_need_of_a_team_from_itself_is_an_error(void **state)
{
    (void)state;
    load_fails(FX("small_people.csv"), NULL, FX("self_needs.csv"), LSN_EPARSE,
               FX("self_needs.csv") ":2: team 't' cannot need itself");
}

static void test_roster_empty_file_is_an_error(void **state)
{
    (void)state;
    load_fails(FX("empty.csv"), NULL, NULL, LSN_EPARSE,
               FX("empty.csv") ":1: empty file, expected a header row");
    load_fails(FX("blank_lines_only.csv"), NULL, NULL, LSN_EPARSE,
               FX("blank_lines_only.csv") ":1: empty file, expected a header row");
    load_fails(FX("small_people.csv"), FX("empty.csv"), NULL, LSN_EPARSE,
               FX("empty.csv") ":1: empty file, expected a header row");
}

static void test_roster_unreadable_file_is_an_io_error(void **state)
{
    (void)state;
    load_fails(FX("missing.csv"), NULL, NULL, LSN_EIO,
               FX("missing.csv") ": cannot read: No such file or directory");
    load_fails(FX("small_people.csv"), NULL, FX("missing.csv"), LSN_EIO,
               FX("missing.csv") ": cannot read: No such file or directory");
    load_fails(FX("small_people.csv"), LSN_FIXTURES "/roster", NULL, LSN_EIO,
               LSN_FIXTURES "/roster: cannot read: Is a directory");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_roster_messy_csv_reads_like_a_clean_one),
        T(test_roster_without_teams_csv_hangs_teams_under_synthetic_org),
        T(test_roster_single_root_takes_the_missing_teams),
        T(test_roster_counts_depth_headcount_and_people_under),
        T(test_roster_orders_people_by_email_and_units_by_id),
        T(test_roster_two_roots_get_a_synthetic_org_root),
        T(test_roster_needs_are_resolved_with_defaults),
        T(test_roster_manager_not_in_roster_is_a_warning),
        T(test_roster_manager_cycle_is_broken_at_the_later_line),
        T(test_roster_finds_people_and_units),
        T(test_roster_name_lookup_is_case_insensitive_and_knows_ambiguity),
        T(test_roster_knows_roster_domains),
        T(test_roster_unit_within_follows_the_hierarchy),
        T(test_org_built_in_code_has_a_root_even_when_empty),
        T(test_email_normalize_trims_mailto_and_lowercases),
        T(test_roster_hierarchy_cycle_is_an_error),
        T(test_roster_unit_that_is_its_own_parent_is_an_error),
        T(test_roster_unknown_parent_is_an_error),
        T(test_roster_duplicate_team_is_an_error),
        T(test_roster_org_id_is_reserved_above_several_roots),
        T(test_roster_duplicate_email_is_an_error),
        T(test_roster_missing_required_column_is_an_error),
        T(test_roster_missing_team_value_is_an_error),
        T(test_roster_missing_email_value_is_an_error),
        T(test_roster_unterminated_quote_is_an_error),
        T(test_roster_bad_context_is_an_error),
        T(test_roster_bad_availability_is_an_error),
        T(test_roster_need_of_unknown_team_is_an_error),
        T(test_roster_need_of_a_team_from_itself_is_an_error),
        T(test_roster_empty_file_is_an_error),
        T(test_roster_unreadable_file_is_an_io_error),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
