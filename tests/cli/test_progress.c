/*
 * tests/cli/test_progress.c — the progress line: with standard error on a
 * terminal (a pseudo-terminal here, openpty) every phase of a run is named
 * on one line rewritten with '\r', warnings start on a clean line, and the
 * line is erased at the end; on a pipe, or with --quiet, there is none.
 *
 * Data: the bundled sample (datasets/sample) for analyze; the hand-built
 * organization of fixtures/compare/ for compare and batch.
 */
// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
// clang-format on

#include "support.h"

#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SAMPLE LSN_SOURCE_DIR "/datasets/sample"
#define FIX LSN_FIXTURES "/compare"

static int setup(void **state)
{
    (void)state;
    if (tcli_setup("progress") != 0) {
        return -1;
    }
    /* An event without DTSTART: one warning while the calendars are read. */
    tcli_write("warn.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n"
                           "BEGIN:VEVENT\r\nUID:nostart@test\r\nSUMMARY:No start\r\n"
                           "END:VEVENT\r\nEND:VCALENDAR\r\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return tcli_teardown();
}

/* Run `liaison ARGS` with standard error on a pseudo-terminal and standard
 * output on /dev/null; returns what the terminal received (malloc'd). */
static char *run_on_pty(int *status, const char *args)
{
    int master, slave;
    assert_int_equal(openpty(&master, &slave, NULL, NULL, NULL), 0);
    char cmd[4096];
    snprintf(cmd, sizeof(cmd), "exec '%s' %s >/dev/null </dev/null", LSN_BINARY, args);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(master);
        dup2(slave, STDERR_FILENO);
        close(slave);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    close(slave);
    size_t len = 0, cap = 65536;
    char *text = malloc(cap);
    assert_non_null(text);
    for (;;) {
        if (len + 4096 > cap) {
            cap *= 2;
            text = realloc(text, cap);
            assert_non_null(text);
        }
        ssize_t n = read(master, text + len, cap - len - 1);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break; /* EIO once every writer has closed the terminal */
        }
        len += (size_t)n;
    }
    text[len] = '\0';
    close(master);
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return text;
}

/* The terminal output ends with the line erased: '\r', blanks, '\r'. */
static void assert_erased_at_end(const char *text)
{
    size_t n = strlen(text);
    assert_true(n >= 3);
    assert_int_equal(text[n - 1], '\r');
    size_t i = n - 2;
    while (i > 0 && text[i] == ' ') {
        i--;
    }
    assert_int_equal(text[i], '\r');
    assert_true(i < n - 2); /* at least one blank */
}

static void expect_phases(const char *text, const char *const *phases)
{
    for (const char *const *p = phases; *p != NULL; p++) {
        if (strstr(text, *p) == NULL) {
            fail_msg("no progress '%s' in: %s", *p, text);
        }
    }
}

static void test_analyze_on_a_terminal_names_every_phase(void **state)
{
    (void)state;
    static const char *const phases[] = {"\rliaison: reading the roster",
                                         "\rliaison: reading calendars",
                                         "\rliaison: merging meetings",
                                         "\rliaison: building the meeting graphs",
                                         "\rliaison: looking for findings",
                                         "\rliaison: finding communities",
                                         "\rliaison: proposing liaisons",
                                         "\rliaison: computing roles: betweenness",
                                         "\rliaison: computing roles: brokerage",
                                         "\rliaison: analyzing the slices",
                                         "\rliaison: writing the report",
                                         "\rliaison: drawing the diagrams: teams.dot",
                                         "\rliaison: drawing the diagrams: proposal.dot",
                                         NULL};
    char args[2048];
    snprintf(args, sizeof(args),
             "analyze --slice month --people %s/people.csv --teams %s/teams.csv --needs "
             "%s/needs.csv --out %s/tty %s/mailboxes %s/warn.ics",
             SAMPLE, SAMPLE, SAMPLE, tcli_tmp, SAMPLE, tcli_tmp);
    int status;
    char *text = run_on_pty(&status, args);
    assert_int_equal(status, 0);
    expect_phases(text, phases);
    assert_erased_at_end(text);
    /* The warning does not continue the progress line: the line is erased
     * (blanks, then '\r') right before it. */
    const char *w = strstr(text, "liaison: warning:");
    assert_non_null(w);
    assert_non_null(strstr(w, "no DTSTART"));
    assert_true(w > text + 2 && w[-1] == '\r' && w[-2] == ' ');
    free(text);

    /* --quiet: nothing at all on the terminal. */
    snprintf(args, sizeof(args),
             "analyze --quiet --people %s/people.csv --out %s/quiet %s/mailboxes", SAMPLE, tcli_tmp,
             SAMPLE);
    text = run_on_pty(&status, args);
    assert_int_equal(status, 0);
    assert_string_equal(text, "");
    free(text);
}

static void test_no_progress_on_a_pipe(void **state)
{
    (void)state;
    tcli_run r = tcli_liaison("analyze --slice month --people %s/people.csv --teams %s/teams.csv "
                              "--needs %s/needs.csv --out %s/pipe %s/mailboxes %s/warn.ics",
                              SAMPLE, SAMPLE, SAMPLE, tcli_tmp, SAMPLE, tcli_tmp);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "liaison: warning: "));
    assert_null(strchr(r.err, '\r'));
    assert_null(strstr(r.err, "reading calendars"));
    assert_null(strstr(r.err, "computing roles"));
    assert_null(strchr(r.out, '\r'));
    tcli_run_free(&r);
    /* The same bytes are written either way. */
    char a[512], b[512];
    snprintf(a, sizeof(a), "%s/pipe/report.json", tcli_tmp);
    snprintf(b, sizeof(b), "%s/tty/report.json", tcli_tmp);
    assert_true(tcli_same_file(a, b));
}

static void test_compare_batch_render_gen_on_a_terminal(void **state)
{
    (void)state;
    char args[2048];
    int status;
    snprintf(args, sizeof(args),
             "compare --people %s/people.csv --teams %s/teams.csv --needs %s/needs.csv "
             "--scenario same=%s/people.csv --out %s/cmp %s/calendar.ics",
             FIX, FIX, FIX, FIX, tcli_tmp, FIX);
    char *text = run_on_pty(&status, args);
    assert_int_equal(status, 0);
    static const char *const compare[] = {"\rliaison: reading calendars",
                                          "\rliaison: baseline (1/2): computing roles",
                                          "\rliaison: same (2/2): reading the roster",
                                          "\rliaison: same (2/2): writing the report",
                                          "\rliaison: writing the table",
                                          NULL};
    expect_phases(text, compare);
    assert_erased_at_end(text);
    free(text);

    char manifest[1024];
    snprintf(manifest, sizeof(manifest),
             "name,calendars,people\na,%s/calendar.ics,%s/people.csv\n"
             "b,%s/calendar.ics,%s/people.csv\n",
             FIX, FIX, FIX, FIX);
    tcli_write("manifest.csv", manifest);
    snprintf(args, sizeof(args), "batch --jobs 1 --out %s/bat %s/manifest.csv", tcli_tmp, tcli_tmp);
    text = run_on_pty(&status, args);
    assert_int_equal(status, 0);
    static const char *const batch[] = {"\rliaison: analyzing the rows 0/2",
                                        "\rliaison: analyzing the rows 1/2", NULL};
    expect_phases(text, batch);
    assert_erased_at_end(text);
    /* Only the parent draws: a child's phases never show. */
    assert_null(strstr(text, "computing roles"));
    free(text);

    snprintf(args, sizeof(args), "render %s/cmp/baseline/report.json --out %s/ren", tcli_tmp,
             tcli_tmp);
    text = run_on_pty(&status, args);
    assert_int_equal(status, 0);
    static const char *const render[] = {"\rliaison: drawing the diagrams: teams.dot", NULL};
    expect_phases(text, render);
    assert_erased_at_end(text);
    free(text);

    snprintf(args, sizeof(args), "gen --people 20 --weeks 1 --out %s/gen", tcli_tmp);
    text = run_on_pty(&status, args);
    assert_int_equal(status, 0);
    static const char *const gen[] = {"\rliaison: generating the organization",
                                      "\rliaison: writing the calendars", NULL};
    expect_phases(text, gen);
    assert_erased_at_end(text);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_analyze_on_a_terminal_names_every_phase),
        cmocka_unit_test(test_no_progress_on_a_pipe),
        cmocka_unit_test(test_compare_batch_render_gen_on_a_terminal),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
