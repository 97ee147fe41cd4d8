/*
 * tests/cli/test_golden.c — the bytes liaison writes, pinned. Two
 * organizations: the bundled sample (its report.json, findings.csv,
 * teams.dot, proposal.dot and the compare.json of its three scenarios are
 * kept whole in tests/cli/golden/sample/, so a change shows as a diff) and
 * a 2,000-person organization made by `liaison gen --people 2000 --scenarios
 * all` (the same five files, kept as SHA-256 sums in
 * tests/cli/golden/gen2000.sha256). A refactoring must leave every byte as
 * it was; a change of behaviour updates the golden files on purpose:
 *
 *     LSN_GOLDEN_UPDATE=1 ./build/tests/cli/test_cli_golden
 *
 * Every run uses relative paths from the organization's own folder, so the
 * input paths recorded in report.json are the same on every machine.
 */
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GOLDEN LSN_SOURCE_DIR "/tests/cli/golden"

static const char *const files[] = {"report.json",
                                    "findings.csv",
                                    "teams.dot",
                                    "proposal.dot",
                                    "compare.json",
                                    "tables/people.csv",
                                    "tables/teams.csv",
                                    "tables/team_links.csv",
                                    "tables/liaisons.csv",
                                    "tables/proposal.csv",
                                    "tables/findings.csv",
                                    "tables/finding_metrics.csv",
                                    "teams.graphml"};
#define NFILES (sizeof(files) / sizeof(files[0]))

static bool updating(void)
{
    const char *u = getenv("LSN_GOLDEN_UPDATE");
    return u != NULL && strcmp(u, "1") == 0;
}

/* The folder an output file is written to: compare.json by compare, the
 * rest by analyze. */
static const char *where(const char *file)
{
    return strcmp(file, "compare.json") == 0 ? "compare" : "analyze";
}

/* analyze and compare of the organization in the current folder, with the
 * scenarios `liaison gen --scenarios all` writes; outputs under tcli_tmp.
 * No report.html or compare.html: their layouts would triple the time, and
 * tests/viz/test_html.c and tests/browser check the pages. */
static void run_both(const char *calendars)
{
    tcli_run r = tcli_liaison("analyze --quiet --no-html --people people.csv --teams "
                              "teams.csv --needs needs.csv --out '%s/analyze' %s",
                              tcli_tmp, calendars);
    if (r.status != 0) {
        fprintf(stderr, "%s", r.err);
    }
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    r = tcli_liaison("compare --quiet --no-html --people people.csv --teams teams.csv "
                     "--needs needs.csv --scenario "
                     "merged=scenarios/merged/people.csv,teams=scenarios/merged/teams.csv "
                     "--scenario split=scenarios/split/people.csv,teams=scenarios/split/teams.csv,"
                     "needs=scenarios/split/needs.csv "
                     "--scenario moved-liaisons=scenarios/moved-liaisons/people.csv "
                     "--out '%s/compare' %s",
                     tcli_tmp, calendars);
    if (r.status != 0) {
        fprintf(stderr, "%s", r.err);
    }
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
}

static void test_golden_sample_outputs_are_unchanged(void **state)
{
    (void)state;
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_int_equal(chdir(LSN_SOURCE_DIR "/datasets/sample"), 0);
    run_both("mailboxes");
    assert_int_equal(chdir(cwd), 0);
    for (size_t i = 0; i < NFILES; i++) {
        char got[1024], want[1024];
        snprintf(got, sizeof(got), "%s/%s/%s", tcli_tmp, where(files[i]), files[i]);
        snprintf(want, sizeof(want), "%s/sample/%s", GOLDEN, files[i]);
        if (updating()) {
            char cmd[3300];
            snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\" && cp '%s' '%s'", want, got,
                     want);
            assert_int_equal(system(cmd), 0);
            continue;
        }
        if (!tcli_same_file(got, want)) {
            fprintf(stderr, "golden: %s differs from %s (diff them to see how)\n", got, want);
            char keep[1200];
            snprintf(keep, sizeof(keep), "cp '%s' /tmp/golden-sample-%s", got, files[i]);
            (void)!system(keep);
            fail_msg("%s changed; the new bytes are in /tmp/golden-sample-%s", files[i], files[i]);
        }
    }
}

/* "HEX  NAME" for one file, into line. */
static void sum_line(char *line, size_t size, const char *path, const char *name)
{
    char *data = tcli_slurp("%s", path);
    assert_non_null(data);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)data, strlen(data));
    free(data);
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    snprintf(line, size, "%s  %s\n", hex, name);
}

static void test_golden_generated_2000_people_outputs_are_unchanged(void **state)
{
    (void)state;
    /* Generated afresh each run (about a second), so a change of the
     * generator cannot hide behind an old copy. */
    char org[512];
    snprintf(org, sizeof(org), "%s/gen2000", tcli_tmp);
    tcli_run g = tcli_liaison("gen --quiet --people 2000 --scenarios all --out '%s'", org);
    assert_int_equal(g.status, 0);
    tcli_run_free(&g);
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_int_equal(chdir(org), 0);
    run_both("mailboxes");
    assert_int_equal(chdir(cwd), 0);
    char sums[NFILES * 256] = "";
    for (size_t i = 0; i < NFILES; i++) {
        char path[1024], line[256];
        snprintf(path, sizeof(path), "%s/%s/%s", tcli_tmp, where(files[i]), files[i]);
        sum_line(line, sizeof(line), path, files[i]);
        strcat(sums, line);
    }
    if (updating()) {
        FILE *f = fopen(GOLDEN "/gen2000.sha256", "w");
        assert_non_null(f);
        fputs(sums, f);
        fclose(f);
        return;
    }
    char *want = tcli_slurp("%s", GOLDEN "/gen2000.sha256");
    assert_non_null(want);
    if (strcmp(sums, want) != 0) {
        fprintf(stderr, "golden: the 2,000-person outputs changed\nwant:\n%sgot:\n%s", want, sums);
        free(want);
        fail_msg("outputs of the generated 2,000-person organization changed (outputs kept in %s)",
                 tcli_tmp);
    }
    free(want);
}

/* The unit diagrams of the 2,000-person organization (21 drill-downs, drawn
 * by two processes on a machine of two CPUs or more) are the files one
 * process draws (--threads 1), and a diagram that cannot be written is
 * reported the same way: the first in plan order. Uses the organization and
 * the outputs of the test before. */
static void test_unit_diagrams_the_same_from_one_process_or_two(void **state)
{
    (void)state;
    char org[512], one[600], many[600];
    snprintf(org, sizeof(org), "%s/gen2000", tcli_tmp);
    snprintf(one, sizeof(one), "%s/one", tcli_tmp);
    snprintf(many, sizeof(many), "%s/analyze", tcli_tmp);
    tcli_run r = tcli_liaison("analyze --quiet --no-html --threads 1 --people '%s/people.csv' "
                              "--teams '%s/teams.csv' --needs '%s/needs.csv' --out '%s' "
                              "'%s/mailboxes'",
                              org, org, org, one, org);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    /* Every file of units/, in both folders, byte for byte. */
    char cmd[4096];
    snprintf(cmd, sizeof(cmd),
             "n=$(ls '%s/units' | wc -l); [ \"$n\" -ge 32 ] && diff -r '%s/units' '%s/units'",
             many, one, many);
    assert_int_equal(system(cmd), 0);

    /* Two unit files (the second and third drill-downs by name: one drawn by
     * each process) blocked by a folder of their name: the same failure,
     * naming the same file, from one process and from two. */
    snprintf(cmd, sizeof(cmd),
             "cd '%s/units' && for f in $(ls | grep -v proposal | sed -n '2,3p'); do "
             "rm \"$f\" && mkdir \"$f\"; done && "
             "rm -rf '%s/units' && cp -r '%s/units' '%s/units'",
             one, many, one, many);
    assert_int_equal(system(cmd), 0);
    char *err[2];
    for (int k = 0; k < 2; k++) {
        r = tcli_liaison("analyze --quiet --no-html %s --people '%s/people.csv' "
                         "--teams '%s/teams.csv' --needs '%s/needs.csv' --out '%s' '%s/mailboxes'",
                         k == 0 ? "--threads 1" : "", org, org, org, k == 0 ? one : many, org);
        assert_int_not_equal(r.status, 0);
        err[k] = strdup(r.err);
        assert_non_null(err[k]);
        tcli_run_free(&r);
    }
    assert_non_null(strstr(err[0], "units/"));
    print_message("%s", err[1]);
    /* The same message but for the folder named in it. */
    const char *a = strstr(err[0], "/one/units/"), *b = strstr(err[1], "/analyze/units/");
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a + strlen("/one/units/"), b + strlen("/analyze/units/"));
    free(err[0]);
    free(err[1]);

    /* The proposal overview blocked, and every unit diagram: the overview
     * is drawn before every drill-down (the other process meanwhile fails on
     * its first), so its failure is the one reported. */
    snprintf(cmd, sizeof(cmd),
             "for d in '%s' '%s'; do rm \"$d/proposal.dot\" && mkdir \"$d/proposal.dot\" && "
             "(cd \"$d/units\" && for f in *.dot; do "
             "[ -d \"$f\" ] || { rm \"$f\" && mkdir \"$f\"; }; done); done",
             one, many);
    assert_int_equal(system(cmd), 0);
    for (int k = 0; k < 2; k++) {
        r = tcli_liaison("analyze --quiet --no-html %s --people '%s/people.csv' "
                         "--teams '%s/teams.csv' --needs '%s/needs.csv' --out '%s' '%s/mailboxes'",
                         k == 0 ? "--threads 1" : "", org, org, org, k == 0 ? one : many, org);
        assert_int_not_equal(r.status, 0);
        if (strstr(r.err, "proposal.dot") == NULL || strstr(r.err, "units/") != NULL) {
            fail_msg("not the proposal overview's failure: %s", r.err);
        }
        tcli_run_free(&r);
    }
}

static int setup(void **state)
{
    (void)state;
    if (sodium_init() < 0) {
        return -1;
    }
    return tcli_setup("golden");
}

static int teardown(void **state)
{
    (void)state;
    return tcli_teardown();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_sample_outputs_are_unchanged),
        cmocka_unit_test(test_golden_generated_2000_people_outputs_are_unchanged),
        cmocka_unit_test(test_unit_diagrams_the_same_from_one_process_or_two),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
