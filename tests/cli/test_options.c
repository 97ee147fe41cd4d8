/*
 * tests/cli/test_options.c — the command line speaks with one voice: every
 * message of every command (getopt's included) starts with "liaison:", a
 * bad option is exit status 2 with "try 'liaison CMD --help'", every option
 * a command's --help lists is one its parser takes and no other command's
 * option is taken silently, --threads works on compare and batch without
 * changing a byte, and counts are printed with the right noun.
 *
 * Data: the hand-built organization of fixtures/compare/ (its README.md
 * says what it contains); only the options matter here, not the findings.
 */
// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
// clang-format on

#include "support.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIX LSN_FIXTURES "/compare"

static const char *const commands[] = {"analyze", "compare", "batch", "render", "gen"};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static int setup(void **state)
{
    (void)state;
    return tcli_setup("options");
}

static int teardown(void **state)
{
    (void)state;
    return tcli_teardown();
}

/* The exact two lines of a usage error of cmd. */
static void expect_usage(const tcli_run *r, const char *cmd, const char *message)
{
    char want[1024];
    snprintf(want, sizeof(want), "liaison: %s: %s\ntry 'liaison %s --help'\n", cmd, message, cmd);
    assert_int_equal(r->status, 2);
    if (strcmp(r->err, want) != 0) {
        fail_msg("expected:\n%sgot:\n%s", want, r->err);
    }
}

static void test_unknown_option_on_every_command(void **state)
{
    (void)state;
    for (size_t i = 0; i < NCOMMANDS; i++) {
        tcli_run r = tcli_liaison("%s --bogus", commands[i]);
        expect_usage(&r, commands[i], "unknown option '--bogus'");
        assert_string_equal(r.out, "");
        tcli_run_free(&r);
        /* With a value attached, the option is still named alone. */
        r = tcli_liaison("%s --bogus=3", commands[i]);
        expect_usage(&r, commands[i], "unknown option '--bogus'");
        tcli_run_free(&r);
        r = tcli_liaison("%s -x", commands[i]);
        expect_usage(&r, commands[i], "unknown option '-x'");
        tcli_run_free(&r);
    }
}

static void test_missing_value_on_every_command(void **state)
{
    (void)state;
    /* An option that needs a value, given last so that none follows. */
    static const char *const last[NCOMMANDS] = {"--people", "--scenario", "--jobs", "--out",
                                                "--weeks"};
    for (size_t i = 0; i < NCOMMANDS; i++) {
        tcli_run r = tcli_liaison("%s %s", commands[i], last[i]);
        char message[128];
        snprintf(message, sizeof(message), "option '%s' needs a value", last[i]);
        expect_usage(&r, commands[i], message);
        tcli_run_free(&r);
    }
    tcli_run r = tcli_liaison("analyze --svg=yes");
    expect_usage(&r, "analyze", "option '--svg' takes no value");
    tcli_run_free(&r);
    r = tcli_liaison("analyze --min 3");
    expect_usage(&r, "analyze",
                 "option '--min' is ambiguous: --min-edge-hours, --min-link-hours, --min-group");
    tcli_run_free(&r);
    /* Usage errors found after parsing name the command too. */
    r = tcli_liaison("render --out %s/o", tcli_tmp);
    expect_usage(&r, "render", "no REPORT.json given");
    tcli_run_free(&r);
}

static void test_main_dispatch_errors(void **state)
{
    (void)state;
    tcli_run r = tcli_liaison("%s", "");
    assert_int_equal(r.status, 2);
    assert_string_equal(r.err, "liaison: no command given (analyze, gen, compare, batch or "
                               "render)\ntry 'liaison --help'\n");
    assert_string_equal(r.out, "");
    tcli_run_free(&r);
    r = tcli_liaison("analyse");
    assert_int_equal(r.status, 2);
    assert_string_equal(r.err, "liaison: unknown command 'analyse'\ntry 'liaison --help'\n");
    tcli_run_free(&r);
    r = tcli_liaison("--bogus");
    assert_int_equal(r.status, 2);
    assert_string_equal(r.err, "liaison: unknown option '--bogus' (a command comes first)\n"
                               "try 'liaison --help'\n");
    tcli_run_free(&r);
    r = tcli_liaison("--help");
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    tcli_run_free(&r);
}

/* The long options --help lists: names and placeholders ("FILE"; NULL for
 * a flag), malloc'd. */
struct listed {
    char *name[64];
    char *arg[64];
    size_t n;
};

static void listed_free(struct listed *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->name[i]);
        free(l->arg[i]);
    }
    l->n = 0;
}

static bool listed_has(const struct listed *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(l->name[i], name) == 0) {
            return true;
        }
    }
    return false;
}

/* getopt_long takes a unique prefix of a long option: "--scenario" is gen's
 * "--scenarios" abbreviated, not an option gen lists. */
static bool listed_prefix(const struct listed *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++) {
        if (strncmp(l->name[i], name, strlen(name)) == 0) {
            return true;
        }
    }
    return false;
}

/* Lines "  --name PLACEHOLDER   help" or "  --name   help" of the options part. */
static struct listed parse_help(const char *cmd)
{
    struct listed l = {.n = 0};
    tcli_run r = tcli_liaison("%s --help", cmd);
    assert_int_equal(r.status, 0);
    const char *p = strstr(r.out, "\noptions:\n");
    assert_non_null(p);
    for (p = strstr(p, "\n  --"); p != NULL; p = strstr(p + 1, "\n  --")) {
        const char *name = p + 5;
        size_t n = strcspn(name, " \n");
        assert_true(l.n < 64);
        l.name[l.n] = strndup(name, n);
        /* A placeholder follows after one space and is in capitals. */
        bool value = name[n] == ' ' && name[n + 1] >= 'A' && name[n + 1] <= 'Z';
        l.arg[l.n] = value ? strndup(name + n + 1, strcspn(name + n + 1, " \n")) : NULL;
        l.n++;
    }
    tcli_run_free(&r);
    assert_true(l.n > 3);
    return l;
}

static bool rejected_by_getopt(const char *err)
{
    return strstr(err, "unknown option") != NULL || strstr(err, "needs a value") != NULL ||
           strstr(err, "takes no value") != NULL || strstr(err, "is ambiguous") != NULL;
}

/* A value every option with this placeholder takes while parsing (some
 * are checked at once: gen's --people N from 20, --format, --scenarios). */
static const char *value_for(const char *placeholder)
{
    static const char *const values[][2] = {
        {"N", "20"},   {"X", "1"},     {"W", "2"},       {"S", "1"},   {"DATE", "2026-01-05"},
        {"ZONE", "UTC"}, {"FORMAT", "ics"}, {"LIST", "none"}, {"SCENARIO", "s=x.csv"}, {"PERIOD", "week"}, {"CHANGES", "c=x.csv"},
    };
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        if (strcmp(values[i][0], placeholder) == 0) {
            return values[i][1];
        }
    }
    return tcli_tmp; /* FILE, DIR, SALT, DOMAIN */
}

/* Every option each --help lists is taken by that command's parser, and
 * every option another command lists is refused by it (unless it is an
 * abbreviation of one of its own). The first half is one run per command
 * with every option it lists but --help, which must get through the
 * parser to the usage error that comes after it (no input given); the
 * second is one run per foreign option. Nothing is written: every run
 * stops at a usage error, gen at a stray argument. */
static void test_help_and_parser_agree(void **state)
{
    (void)state;
    struct listed help[NCOMMANDS];
    for (size_t i = 0; i < NCOMMANDS; i++) {
        help[i] = parse_help(commands[i]);
        assert_true(listed_has(&help[i], "help"));
    }
    /* Where each command stops once every option is parsed. */
    static const char *const after[NCOMMANDS] = {"no CALENDAR given", "no CALENDAR given",
                                                 "no MANIFEST given", "no REPORT.json given",
                                                 "unexpected argument 'stray'"};
    for (size_t i = 0; i < NCOMMANDS; i++) {
        const char *stray = strcmp(commands[i], "gen") == 0 ? " stray" : "";
        char args[8192];
        size_t len = (size_t)snprintf(args, sizeof(args), "%s", commands[i]);
        for (size_t k = 0; k < help[i].n; k++) {
            if (strcmp(help[i].name[k], "help") != 0) {
                len += (size_t)snprintf(args + len, sizeof(args) - len, " --%s%s%s",
                                        help[i].name[k], help[i].arg[k] ? " " : "",
                                        help[i].arg[k] ? value_for(help[i].arg[k]) : "");
                assert_true(len < sizeof(args));
            }
        }
        tcli_run r = tcli_liaison("%s%s", args, stray);
        if (rejected_by_getopt(r.err) || r.status != 2 || strstr(r.err, after[i]) == NULL) {
            fail_msg("'%s --help' lists an option its parser refuses: %s", commands[i], r.err);
        }
        tcli_run_free(&r);
        /* Vice versa: an option of another command is not silently taken
         * (each name once, however many commands list it). */
        struct listed tried = {.n = 0};
        for (size_t j = 0; j < NCOMMANDS; j++) {
            for (size_t k = 0; k < help[j].n; k++) {
                const char *name = help[j].name[k];
                if (listed_has(&help[i], name) || listed_prefix(&help[i], name) ||
                    listed_has(&tried, name)) {
                    continue;
                }
                assert_true(tried.n < 64);
                tried.name[tried.n++] = strdup(name);
                tcli_run f = tcli_liaison("%s --%s x%s", commands[i], name, stray);
                char want[256];
                snprintf(want, sizeof(want), "unknown option '--%s'", name);
                if (f.status != 2 || strstr(f.err, want) == NULL) {
                    fail_msg("'%s --help' does not list --%s, but the parser takes it: %s",
                             commands[i], name, f.err);
                }
                tcli_run_free(&f);
            }
        }
        listed_free(&tried);
    }
    /* What this issue added: --threads on compare and batch. */
    assert_true(listed_has(&help[1], "threads"));
    assert_true(listed_has(&help[2], "threads"));
    for (size_t i = 0; i < NCOMMANDS; i++) {
        listed_free(&help[i]);
    }
}

/* compare --threads 1 and --threads 2 write the same bytes, stderr included. */
static void test_compare_threads_same_output(void **state)
{
    (void)state;
    for (int t = 1; t <= 2; t++) {
        tcli_run r = tcli_liaison("compare --threads %d --people %s/people.csv --teams "
                                  "%s/teams.csv --needs %s/needs.csv --from 2026-01-05 --to "
                                  "2026-02-02 --scenario m=%s/merge-people.csv,teams=%s/"
                                  "merge-teams.csv,needs=%s/merge-needs.csv --out %s/c%d "
                                  "%s/calendar.ics",
                                  t, FIX, FIX, FIX, FIX, FIX, FIX, tcli_tmp, t, FIX);
        assert_int_equal(r.status, 0);
        char name[64];
        snprintf(name, sizeof(name), "c%d.err", t);
        tcli_write(name, r.err);
        tcli_run_free(&r);
    }
    char cmd[2048];
    snprintf(cmd, sizeof(cmd), "diff -r '%s/c1' '%s/c2' && cmp '%s/c1.err' '%s/c2.err'", tcli_tmp,
             tcli_tmp, tcli_tmp, tcli_tmp);
    assert_int_equal(system(cmd), 0);
    tcli_run r = tcli_liaison("compare --threads 0 --people %s/people.csv --scenario "
                              "m=%s/merge-people.csv --out %s/c0 %s/calendar.ics",
                              FIX, FIX, tcli_tmp, FIX);
    expect_usage(&r, "compare", "--threads: '0' is not a number from 1 to 256");
    tcli_run_free(&r);
}

/* batch --threads 1 and --threads 2 (each with --jobs 1 and 2) write the same bytes. */
static void test_batch_threads_same_output(void **state)
{
    (void)state;
    char text[2048];
    snprintf(text, sizeof(text),
             "name,calendars,people,teams,needs\n"
             "a,%s/calendar.ics,%s/people.csv,%s/teams.csv,%s/needs.csv\n"
             "b,%s/calendar.ics,%s/merge-people.csv,%s/merge-teams.csv,\n",
             FIX, FIX, FIX, FIX, FIX, FIX, FIX);
    tcli_write("manifest.csv", text);
    int runs = 0;
    for (int jobs = 1; jobs <= 2; jobs++) {
        for (int t = 1; t <= 2; t++) {
            tcli_run r = tcli_liaison("batch --jobs %d --threads %d --out %s/b%d %s/manifest.csv",
                                      jobs, t, tcli_tmp, runs, tcli_tmp);
            assert_int_equal(r.status, 0);
            assert_non_null(strstr(r.out, "batch: 2 rows, 2 ok, 0 failed"));
            tcli_run_free(&r);
            if (runs > 0) {
                char cmd[2048];
                snprintf(cmd, sizeof(cmd), "diff -r '%s/b0' '%s/b%d'", tcli_tmp, tcli_tmp, runs);
                assert_int_equal(system(cmd), 0);
            }
            runs++;
        }
    }
    tcli_run r = tcli_liaison("batch --threads x --out %s/bx %s/manifest.csv", tcli_tmp, tcli_tmp);
    expect_usage(&r, "batch", "--threads: 'x' is not a number from 1 to 256");
    tcli_run_free(&r);
}

/* "1 row" but "2 rows"; "1 week" but "2 weeks"; "1 thread" but "2 threads". */
static void test_counts_have_the_right_noun(void **state)
{
    (void)state;
    char text[1024];
    snprintf(text, sizeof(text),
             "name,calendars,people\n"
             "a,%s/calendar.ics,%s/people.csv\n",
             FIX, FIX);
    tcli_write("one.csv", text);
    tcli_run r = tcli_liaison("batch --out %s/one %s/one.csv", tcli_tmp, tcli_tmp);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "batch: 1 row, 1 ok, 0 failed"));
    tcli_run_free(&r);

    r = tcli_liaison("gen --people 20 --weeks 1 --out %s/g1", tcli_tmp);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, " (1 week from "));
    tcli_run_free(&r);
    r = tcli_liaison("gen --people 20 --weeks 2 --out %s/g2", tcli_tmp);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, " (2 weeks from "));
    tcli_run_free(&r);

    for (int t = 1; t <= 2; t++) {
        r = tcli_liaison("analyze --quiet --timings --threads %d --people %s/g2/people.csv "
                         "--out %s/t%d %s/g2/mailboxes",
                         t, tcli_tmp, tcli_tmp, t, tcli_tmp);
        assert_int_equal(r.status, 0);
        assert_non_null(strstr(r.err, t == 1 ? "load: 1 thread;" : "load: 2 threads;"));
        tcli_run_free(&r);
    }

    /* A calendar whose only event has no usable start: "1 event record". */
    tcli_write("nostart.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n"
                              "BEGIN:VEVENT\r\nUID:x@test\r\nSUMMARY:No start\r\n"
                              "END:VEVENT\r\nEND:VCALENDAR\r\n");
    r = tcli_liaison("analyze --people %s/people.csv --out %s/ns %s/nostart.ics", FIX, tcli_tmp,
                     tcli_tmp);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "no event with a usable start (1 event record); nothing to "
                                  "analyze"));
    tcli_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unknown_option_on_every_command),
        cmocka_unit_test(test_missing_value_on_every_command),
        cmocka_unit_test(test_main_dispatch_errors),
        cmocka_unit_test(test_help_and_parser_agree),
        cmocka_unit_test(test_compare_threads_same_output),
        cmocka_unit_test(test_batch_threads_same_output),
        cmocka_unit_test(test_counts_have_the_right_noun),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
