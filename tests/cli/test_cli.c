/*
 * tests/cli/test_cli.c — the `liaison` program end to end: exit statuses,
 * messages on stderr, the files written, the accounting identity of the
 * report, byte-identical reruns, and the equivalence of a combined export
 * with the per-mailbox export of the same organization.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[256];

struct run {
    int status;
    char *out;
    char *err;
};

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    size_t got = fread(buf, 1, (size_t)n, f);
    buf[got] = '\0';
    fclose(f);
    return buf;
}

/* Run `liaison ARGS` with stdout and stderr captured. */
static struct run run_liaison(const char *fmt, ...)
{
    char args[4096], cmd[8192], out[512], err[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof(args), fmt, ap);
    va_end(ap);
    snprintf(out, sizeof(out), "%s/stdout", tmpdir);
    snprintf(err, sizeof(err), "%s/stderr", tmpdir);
    snprintf(cmd, sizeof(cmd), "'%s' %s >'%s' 2>'%s' </dev/null", LSN_BINARY, args, out, err);
    int st = system(cmd);
    struct run r;
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

static void run_free(struct run *r)
{
    free(r->out);
    free(r->err);
}

static void write_text(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/lsn-cli-XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    write_text("people.csv", "email,name,team,manager\n"
                             "ann@acme.example,Ann,eng,\n"
                             "bob@acme.example,Bob,eng,ann@acme.example\n"
                             "cid@acme.example,Cid,pm,\n");
    write_text("cycle.csv", "team,parent\neng,pm\npm,eng\n");
    write_text("noteam.csv", "email,name\nann@acme.example,Ann\n");
    write_text("cal.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n"
                          "BEGIN:VEVENT\r\nUID:sync-1\r\nDTSTAMP:20260110T000000Z\r\n"
                          "DTSTART:20260105T100000Z\r\nDTEND:20260105T110000Z\r\n"
                          "RRULE:FREQ=WEEKLY;COUNT=2\r\n"
                          "ORGANIZER:mailto:ann@acme.example\r\n"
                          "ATTENDEE:mailto:bob@acme.example\r\n"
                          "ATTENDEE:mailto:cid@acme.example\r\n"
                          "END:VEVENT\r\nEND:VCALENDAR\r\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_help_exits_zero(void **state)
{
    (void)state;
    struct run r = run_liaison("--help");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "analyze"));
    run_free(&r);
    r = run_liaison("analyze --help");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "--people FILE"));
    assert_non_null(strstr(r.out, "--liaison-min-instances N"));
    run_free(&r);
}

static void test_usage_errors_exit_two(void **state)
{
    (void)state;
    struct run r = run_liaison("analyze --out %s/o %s/cal.ics", tmpdir, tmpdir);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "liaison: analyze: --people or --catalog is required"));
    assert_non_null(strstr(r.err, "try 'liaison analyze --help'"));
    run_free(&r);
    r = run_liaison("analyze --people %s/people.csv --bogus --out %s/o %s/cal.ics", tmpdir,
                    tmpdir, tmpdir);
    assert_int_equal(r.status, 2);
    run_free(&r);
    r = run_liaison("analyze --people %s/people.csv --from 2026-13-01 --out %s/o %s/cal.ics",
                    tmpdir, tmpdir, tmpdir);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--from: '2026-13-01' is not a date"));
    run_free(&r);
    r = run_liaison("analyze --people %s/people.csv --tz Mars/Olympus --out %s/o %s/cal.ics",
                    tmpdir, tmpdir, tmpdir);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "unknown time zone 'Mars/Olympus'"));
    run_free(&r);
    r = run_liaison("nonsense");
    assert_int_equal(r.status, 2);
    run_free(&r);
}

static void test_bad_input_exits_one(void **state)
{
    (void)state;
    struct run r = run_liaison("analyze --people %s/noteam.csv --out %s/o %s/cal.ics", tmpdir,
                               tmpdir, tmpdir);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "noteam.csv:1: missing required column 'team'"));
    run_free(&r);
    r = run_liaison("analyze --people %s/people.csv --teams %s/cycle.csv --out %s/o %s/cal.ics",
                    tmpdir, tmpdir, tmpdir, tmpdir);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "cycle.csv:"));
    assert_non_null(strstr(r.err, "cycle"));
    run_free(&r);
    r = run_liaison("analyze --people %s/people.csv --out %s/o %s/missing.ics", tmpdir, tmpdir,
                    tmpdir);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "missing.ics: cannot read: No such file or directory"));
    run_free(&r);
    r = run_liaison("analyze --people %s/people.csv --out %s/o %s/people.csv", tmpdir, tmpdir,
                    tmpdir);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "people.csv:1: not a calendar file"));
    run_free(&r);
}

/* Two weekly instances of a 3-person 1-hour meeting over a 2-week window:
 * each pair gets 1/(3-1) h per instance, 2 instances / 2 weeks = 0.5 h/week;
 * eng-pm pairs (ann-cid, bob-cid) make the team link 1.0 h/week. */
static void test_small_report_numbers(void **state)
{
    (void)state;
    /* --out creates missing parent folders, like mkdir -p. */
    struct run r = run_liaison("analyze --people %s/people.csv --from 2026-01-05 --to 2026-01-19 "
                               "--out %s/deep/er/small %s/cal.ics",
                               tmpdir, tmpdir, tmpdir);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "3 people in 2 teams"));
    run_free(&r);
    char path[512];
    snprintf(path, sizeof(path), "%s/deep/er/small/report.json", tmpdir);
    json_error_t e;
    json_t *root = json_load_file(path, 0, &e);
    assert_non_null(root);
    json_t *in = json_object_get(root, "input");
    assert_int_equal(json_integer_value(json_object_get(in, "read")), 2);
    assert_int_equal(json_integer_value(json_object_get(in, "used")), 2);
    json_t *teams = json_object_get(root, "teams");
    assert_int_equal(json_array_size(teams), 2);
    json_t *eng = json_array_get(teams, 0);
    assert_string_equal(json_string_value(json_object_get(eng, "team")), "eng");
    json_t *links = json_object_get(eng, "links");
    assert_int_equal(json_array_size(links), 1);
    json_t *l = json_array_get(links, 0);
    assert_string_equal(json_string_value(json_object_get(l, "team")), "pm");
    assert_float_equal(json_real_value(json_object_get(l, "hours_per_week")), 1.0, 1e-9);
    json_t *people = json_object_get(root, "people");
    json_t *ann = json_array_get(people, 0);
    assert_string_equal(json_string_value(json_object_get(ann, "person")), "ann@acme.example");
    /* 2 instances of 1 h over 2 weeks */
    assert_float_equal(json_real_value(json_object_get(ann, "meeting_hours_per_week")), 1.0,
                       1e-9);
    json_decref(root);
}

static int64_t sum_skipped(json_t *in)
{
    json_t *sk = json_object_get(in, "skipped");
    const char *key;
    json_t *v;
    int64_t s = 0;
    json_object_foreach(sk, key, v)
    {
        s += json_integer_value(v);
    }
    return s;
}

static void test_bundled_dataset_identity_and_determinism(void **state)
{
    (void)state;
    const char *d = LSN_SOURCE_DIR "/datasets/sample";
    struct run r = run_liaison("analyze --people %s/people.csv --teams %s/teams.csv --needs "
                               "%s/needs.csv --out %s/run1 %s/mailboxes",
                               d, d, d, tmpdir, d);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "report: "));
    run_free(&r);
    r = run_liaison("analyze --people %s/people.csv --teams %s/teams.csv --needs %s/needs.csv "
                    "--out %s/run2 %s/mailboxes",
                    d, d, d, tmpdir, d);
    assert_int_equal(r.status, 0);
    run_free(&r);
    char p1[512], p2[512];
    snprintf(p1, sizeof(p1), "%s/run1/report.json", tmpdir);
    snprintf(p2, sizeof(p2), "%s/run2/report.json", tmpdir);
    char *a = slurp(p1), *b = slurp(p2);
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a, b);
    free(b);
    json_error_t e;
    json_t *root = json_loads(a, 0, &e);
    free(a);
    assert_non_null(root);
    json_t *in = json_object_get(root, "input");
    int64_t read = json_integer_value(json_object_get(in, "read"));
    int64_t used = json_integer_value(json_object_get(in, "used"));
    assert_true(used > 100);
    assert_int_equal(read, used + sum_skipped(in));
    /* The sample carries every kind of skip and both kinds of outsider. */
    json_t *sk = json_object_get(in, "skipped");
    assert_true(json_integer_value(json_object_get(sk, "all_day")) > 0);
    assert_true(json_integer_value(json_object_get(sk, "cancelled")) > 0);
    assert_true(json_integer_value(json_object_get(sk, "too_few_people")) > 0);
    assert_true(json_integer_value(json_object_get(in, "duplicates_merged")) > 0);
    assert_true(json_integer_value(json_object_get(in, "unknown")) > 0);
    assert_true(json_integer_value(json_object_get(in, "external")) > 0);
    assert_true(json_array_size(json_object_get(root, "liaisons")) > 0);
    json_decref(root);
}

/* Everything but the file-level counts must agree between the two exports. */
static void test_combined_equals_per_mailbox(void **state)
{
    (void)state;
    const char *d = LSN_SOURCE_DIR "/datasets/sample";
    struct run r = run_liaison("analyze --people %s/people.csv --teams %s/teams.csv --needs "
                               "%s/needs.csv --out %s/mb %s/mailboxes",
                               d, d, d, tmpdir, d);
    assert_int_equal(r.status, 0);
    run_free(&r);
    r = run_liaison("analyze --people %s/people.csv --teams %s/teams.csv --needs %s/needs.csv "
                    "--out %s/comb %s/combined.ics",
                    d, d, d, tmpdir, d);
    assert_int_equal(r.status, 0);
    run_free(&r);
    char p1[512], p2[512];
    snprintf(p1, sizeof(p1), "%s/mb/report.json", tmpdir);
    snprintf(p2, sizeof(p2), "%s/comb/report.json", tmpdir);
    json_error_t e;
    json_t *a = json_load_file(p1, 0, &e), *b = json_load_file(p2, 0, &e);
    assert_non_null(a);
    assert_non_null(b);
    json_t *ia = json_object_get(a, "input"), *ib = json_object_get(b, "input");
    const char *same[] = {"read",    "used",     "skipped",      "people_present",
                          "unknown", "external", "groups",       "unknown_list",
                          "external_list", "group_list", "window"};
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
        if (!json_equal(json_object_get(ia, same[i]), json_object_get(ib, same[i]))) {
            fail_msg("input.%s differs between the per-mailbox and the combined export", same[i]);
        }
    }
    assert_true(json_integer_value(json_object_get(ia, "duplicates_merged")) > 0);
    assert_int_equal(json_integer_value(json_object_get(ib, "duplicates_merged")), 0);
    const char *sections[] = {"summary", "teams", "people", "liaisons"};
    for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
        if (!json_equal(json_object_get(a, sections[i]), json_object_get(b, sections[i]))) {
            fail_msg("%s differs between the per-mailbox and the combined export", sections[i]);
        }
    }
    json_decref(a);
    json_decref(b);
}

/* --config sets thresholds, the command line wins over it, the report
 * records what was used, and findings.csv has one row per finding. */
static void test_config_options_and_findings_csv(void **state)
{
    (void)state;
    const char *d = LSN_SOURCE_DIR "/datasets/sample";
    write_text("cfg.txt", "# thresholds\nrule_of_eight = 20\nmax_meeting_hours=25 # a comment\n");
    struct run r = run_liaison("analyze --quiet --config %s/cfg.txt --rule-of-eight 12 --people "
                               "%s/people.csv --teams %s/teams.csv --needs %s/needs.csv --out "
                               "%s/cfg %s/mailboxes",
                               tmpdir, d, d, d, tmpdir, d);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, ""); /* --quiet */
    run_free(&r);
    char path[512];
    snprintf(path, sizeof(path), "%s/cfg/report.json", tmpdir);
    json_error_t e;
    json_t *root = json_load_file(path, 0, &e);
    assert_non_null(root);
    json_t *params = json_object_get(root, "parameters");
    assert_float_equal(json_number_value(json_object_get(params, "rule_of_eight")), 12.0, 0);
    assert_float_equal(json_number_value(json_object_get(params, "max_meeting_hours")), 25.0, 0);
    assert_int_equal(json_integer_value(json_object_get(params, "liaison_max_teams")), 3);
    /* With the rule at 12 only meetings of 13 or more people are oversized,
     * and nobody in the sample meets more than 25 hours a week. */
    json_t *findings = json_object_get(root, "findings");
    size_t i, oversized = 0;
    json_t *f;
    json_array_foreach(findings, i, f)
    {
        const char *type = json_string_value(json_object_get(f, "type"));
        assert_string_not_equal(type, "overbooked_person");
        if (strcmp(type, "oversized_meeting") == 0) {
            oversized++;
            json_t *m = json_object_get(f, "metrics");
            assert_true(json_number_value(json_object_get(m, "size")) > 12);
        }
    }
    assert_true(oversized >= 1);
    /* findings.csv: a header and one CRLF-terminated row per finding. */
    snprintf(path, sizeof(path), "%s/cfg/findings.csv", tmpdir);
    char *csv = slurp(path);
    assert_non_null(csv);
    const char *header = "type,severity,series,team,from,person,to,unit,to_unit,teams,"
                         "explanation,metrics\r\n";
    assert_true(strncmp(csv, header, strlen(header)) == 0);
    size_t rows = 0;
    for (char *p = csv; (p = strstr(p, "\r\n")) != NULL; p += 2) {
        rows++;
    }
    assert_int_equal(rows, json_array_size(findings) + 1);
    free(csv);
    json_decref(root);

    write_text("bad.txt", "rule_of_eight = 9\nrule_of_nine = 3\n");
    r = run_liaison("analyze --config %s/bad.txt --people %s/people.csv --out %s/o %s/mailboxes",
                    tmpdir, d, tmpdir, d);
    /* A config file holds options: an unknown key is a usage error, as an
     * unknown option is. */
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "bad.txt:2: unknown key 'rule_of_nine' (known: "));
    run_free(&r);
    r = run_liaison("analyze --rule-of-eight eight --people %s/people.csv --out %s/o %s/mailboxes",
                    d, tmpdir, d);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--rule-of-eight: 'eight' is not a number"));
    run_free(&r);
}

/* The summary a manager reads: findings grouped by type, each with its sentence. */
static void test_summary_lists_findings(void **state)
{
    (void)state;
    const char *d = LSN_SOURCE_DIR "/datasets/sample";
    struct run r = run_liaison("analyze --people %s/people.csv --teams %s/teams.csv --needs "
                               "%s/needs.csv --out %s/sum %s/mailboxes",
                               d, d, d, tmpdir, d);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\nfindings: "));
    assert_non_null(strstr(r.out, "  oversized_meeting ("));
    assert_non_null(strstr(r.out, "    [high] 'Architecture review'"));
    assert_non_null(strstr(r.out, "  liaison_sprawl ("));
    /* The bundled sample fits its roster: no warning at all. */
    assert_string_equal(r.err, "");
    run_free(&r);

    /* input.coverage agrees with the rest of the report. */
    char path[512];
    snprintf(path, sizeof(path), "%s/sum/report.json", tmpdir);
    json_error_t e;
    json_t *root = json_load_file(path, 0, &e);
    assert_non_null(root);
    json_t *in = json_object_get(root, "input");
    json_t *sum = json_object_get(root, "summary");
    json_t *cov = json_object_get(in, "coverage");
    assert_non_null(cov);
    json_int_t present = json_integer_value(json_object_get(cov, "people_present"));
    json_int_t roster = json_integer_value(json_object_get(cov, "roster_people"));
    json_int_t used = json_integer_value(json_object_get(in, "used"));
    assert_true(present > 0);
    assert_int_equal(present, json_integer_value(json_object_get(in, "people_present")));
    assert_int_equal(present, json_integer_value(json_object_get(sum, "people_present")));
    assert_int_equal(roster, json_integer_value(json_object_get(sum, "people")));
    assert_float_equal(json_real_value(json_object_get(cov, "people_present_share")),
                       (double)present / (double)roster, 1e-6);
    /* The default window is 13 weeks; instances per week = used / 13. */
    double weeks = json_real_value(json_object_get(json_object_get(in, "window"), "weeks"));
    assert_float_equal(weeks, 13.0, 1e-9);
    assert_float_equal(json_real_value(json_object_get(cov, "instances_per_week")),
                       (double)used / 13.0, 1e-6);
    json_t *by_week = json_object_get(cov, "weeks");
    assert_int_equal(json_array_size(by_week), 13);
    json_int_t total = 0;
    size_t i;
    json_t *w;
    json_array_foreach(by_week, i, w)
    {
        assert_int_equal(json_integer_value(json_object_get(w, "days")), 7);
        assert_true(json_integer_value(json_object_get(w, "instances")) > 0);
        total += json_integer_value(json_object_get(w, "instances"));
    }
    assert_int_equal(total, used);
    assert_int_equal(json_integer_value(json_object_get(cov, "empty_weeks")), 0);
    assert_int_equal(json_array_size(json_object_get(cov, "warnings")), 0);
    /* Every address outside the roster is unknown or external. */
    assert_int_equal(json_integer_value(json_object_get(cov, "addresses_outside_roster")),
                     json_integer_value(json_object_get(in, "unknown")) +
                         json_integer_value(json_object_get(in, "external")));
    json_decref(root);
}

#define COV LSN_FIXTURES "/coverage"

/* fixtures/coverage/README.md: 3 of 7 present, a week without a meeting. */
static void test_coverage_warnings_and_summary_wording(void **state)
{
    (void)state;
    struct run r = run_liaison("analyze --people " COV "/people.csv --teams " COV
                               "/teams.csv --from 2026-01-05 --to 2026-02-02 "
                               "--max-meeting-hours 0.1 --out %s/cov " COV "/calendar.ics",
                               tmpdir);
    assert_int_equal(r.status, 0);
    /* One warning each, on stderr ... */
    assert_string_equal(r.err,
                        "liaison: warning: only 3 of the 7 roster people (43%) are in any meeting "
                        "of the window\n"
                        "liaison: warning: no meeting in 1 of the 4 weeks of the window: the week "
                        "starting 2026-01-12\n");
    /* ... and the summary: counts with their nouns, one coverage line. */
    assert_non_null(strstr(r.out, "liaison: 7 people in 3 teams, 2026-01-05 to 2026-02-02"));
    assert_non_null(strstr(r.out, "  input: 1 file, 2 event records, 4 instances read: 4 used, "
                                  "0 skipped; 0 duplicate copies merged\n"));
    assert_non_null(strstr(r.out, "  participants: 3 roster people present, 1 unknown, "
                                  "2 external, 1 group address\n"));
    assert_non_null(strstr(r.out, "  coverage: 3 of 7 roster people present (43%), 1.0 "
                                  "instances a week, 1 week without a meeting; outside the "
                                  "roster: partner.example 2, acme.example 1\n"));
    assert_non_null(strstr(r.out, "; 1 team pair talks\n"));
    /* Teams and people by display name; the id or email where there is none. */
    assert_non_null(strstr(r.out, "    Engineering and Platform Reliability  pm  "));
    assert_non_null(strstr(r.out, "[high] Team Opérations (4 people) shares no meeting time"));
    assert_non_null(strstr(r.out, "[low] Ann Lee spends 0.6 hours a week"));
    assert_non_null(strstr(r.out, "[low] bob@acme.example spends 0.6 hours a week"));
    assert_non_null(strstr(r.out, "[low] Cid Roy spends 0.2 hours a week"));
    assert_null(strstr(r.out, "ann@acme.example"));
    assert_null(strstr(r.out, "Team ops "));
    run_free(&r);

    char path[512];
    snprintf(path, sizeof(path), "%s/cov/report.json", tmpdir);
    json_error_t e;
    json_t *root = json_load_file(path, 0, &e);
    assert_non_null(root);
    json_t *in = json_object_get(root, "input");
    json_t *cov = json_object_get(in, "coverage");
    assert_int_equal(json_integer_value(json_object_get(in, "warnings")), 2);
    assert_int_equal(json_integer_value(json_object_get(cov, "roster_people")), 7);
    assert_int_equal(json_integer_value(json_object_get(cov, "people_present")), 3);
    assert_float_equal(json_real_value(json_object_get(cov, "people_present_share")), 3.0 / 7,
                       1e-6);
    assert_float_equal(json_real_value(json_object_get(cov, "instances_per_week")), 1.0, 1e-9);
    json_t *weeks = json_object_get(cov, "weeks");
    assert_int_equal(json_array_size(weeks), 4);
    static const json_int_t per_week[] = {1, 0, 2, 1};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(json_integer_value(json_object_get(json_array_get(weeks, i), "instances")),
                         per_week[i]);
    }
    assert_int_equal(json_integer_value(json_object_get(cov, "empty_weeks")), 1);
    json_t *starts = json_object_get(cov, "empty_week_starts");
    assert_int_equal(json_array_size(starts), 1);
    assert_string_equal(json_string_value(json_array_get(starts, 0)), "2026-01-12");
    json_t *domains = json_object_get(cov, "calendar_domains");
    assert_int_equal(json_array_size(domains), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(domains, 0), "domain")),
                        "partner.example");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(domains, 0), "addresses")),
                     2);
    json_t *roster = json_array_get(json_object_get(cov, "roster_domains"), 0);
    assert_string_equal(json_string_value(json_object_get(roster, "domain")), "acme.example");
    assert_int_equal(json_integer_value(json_object_get(roster, "people")), 7);
    /* The same two warnings, word for word. */
    json_t *warnings = json_object_get(cov, "warnings");
    assert_int_equal(json_array_size(warnings), 2);
    assert_string_equal(json_string_value(json_array_get(warnings, 0)),
                        "only 3 of the 7 roster people (43%) are in any meeting of the window");
    assert_string_equal(json_string_value(json_array_get(warnings, 1)),
                        "no meeting in 1 of the 4 weeks of the window: the week starting "
                        "2026-01-12");
    /* Findings in report.json keep their ids and emails (scripts and
     * --min-group's redaction read them). */
    bool ann = false;
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(root, "findings"), i, f)
    {
        const char *text = json_string_value(json_object_get(f, "explanation"));
        ann |= strncmp(text, "ann@acme.example spends", 23) == 0;
        assert_null(strstr(text, "Ann Lee"));
    }
    assert_true(ann);
    json_decref(root);
}

/* Terminal columns, not bytes: "Opérations" is 11 bytes and 10 columns. */
static size_t columns(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) {
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return c;
}

static void test_summary_columns_stay_aligned_for_long_names(void **state)
{
    (void)state;
    struct run r =
        run_liaison("analyze --people " COV "/people.csv --teams " COV
                    "/teams.csv --from 2026-01-05 --to 2026-02-02 --out %s/cols " COV "/links.ics",
                    tmpdir);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, ""); /* 5 of 7 present, every week: nothing to warn about */
    assert_non_null(strstr(r.out, "  coverage: 5 of 7 roster people present (71%), 3.0 instances "
                                  "a week; nobody outside the roster\n"));
    const char *table = strstr(r.out, "strongest team links (hours per week):\n");
    assert_non_null(table);
    const char *line = strchr(table, '\n') + 1;
    static const char *const hours[] = {"2.00", "1.00", "0.50"};
    size_t width = 0;
    for (int k = 0; k < 3; k++) {
        size_t n = strcspn(line, "\n");
        assert_true(n > 4 && strncmp(line + n - 4, hours[k], 4) == 0);
        if (k == 0) {
            width = columns(line, n);
        } else if (columns(line, n) != width) {
            fail_msg("the team links table is not aligned:\n%.*s", (int)(line - table + n), table);
        }
        line += n + 1;
    }
    assert_non_null(
        strstr(r.out, "    pm                                    Opérations    2.00\n"));
    run_free(&r);
}

/* The new user's case: a roster written for another domain is refused,
 * naming the domains on both sides, before anything is written. */
static void test_roster_for_another_domain_is_refused(void **state)
{
    (void)state;
    struct run r = run_liaison("analyze --people " COV "/people-corp.csv --teams " COV
                               "/teams.csv --from 2026-01-05 --to 2026-02-02 --out %s/corp " COV
                               "/calendar.ics",
                               tmpdir);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.err, "liaison: no roster person is in any meeting: the addresses in the "
                               "calendars are mostly @acme.example (4), then @partner.example "
                               "(2); the roster has @corp.example (7): is the roster for another "
                               "domain?\n");
    assert_string_equal(r.out, "");
    char path[512];
    snprintf(path, sizeof(path), "%s/corp/report.json", tmpdir);
    assert_null(fopen(path, "r"));
    run_free(&r);

    /* The bundled sample with its roster moved to @corp.example. */
    const char *d = LSN_SOURCE_DIR "/datasets/sample";
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "sed 's/@acme.example/@corp.example/g' '%s/people.csv' > '%s/p.csv'",
             d, tmpdir);
    assert_int_equal(system(cmd), 0);
    r = run_liaison("analyze --people %s/p.csv --teams %s/teams.csv --out %s/corp2 %s/mailboxes",
                    tmpdir, d, tmpdir, d);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "liaison: no roster person is in any meeting: the addresses in "
                                  "the calendars are mostly @acme.example ("));
    assert_non_null(strstr(r.err, "; the roster has @corp.example (150): is the roster for "
                                  "another domain?\n"));
    run_free(&r);
}

/* A Windows roster in Latin-1 and a calendar file whose name is not UTF-8:
 * both read, the roster with one warning naming its first such line, and
 * report.json (which JSON readers refuse to read otherwise) holds the names
 * in UTF-8 rather than losing them. */
static void test_text_that_is_not_utf8_is_read_as_latin1(void **state)
{
    (void)state;
    const char *d = LSN_SOURCE_DIR "/datasets/sample";
    char cmd[2048];
    snprintf(cmd, sizeof(cmd),
             "mkdir -p '%s/l1/mail' && cp '%s'/mailboxes/*.ics '%s/l1/mail/' && "
             "mv '%s/l1/mail/abigail.choi.ics' \"%s/l1/mail/$(printf 'abigail.cho\\351.ics')\" && "
             "sed 's/^abigail.huang@acme.example,Abigail Huang,/abigail.huang@acme.example,"
             "Abigail J\\xf6rg Huang,/' '%s/people.csv' > '%s/l1/p.csv'",
             tmpdir, d, tmpdir, tmpdir, tmpdir, d, tmpdir);
    assert_int_equal(system(cmd), 0);
    struct run r = run_liaison("analyze --people %s/l1/p.csv --teams %s/teams.csv --no-html "
                               "--out %s/l1/out %s/l1/mail",
                               tmpdir, d, tmpdir, tmpdir);
    assert_int_equal(r.status, 0);
    char want[512];
    snprintf(want, sizeof(want),
             "liaison: warning: %s/l1/p.csv:3: not valid UTF-8, read as Latin-1\n", tmpdir);
    assert_non_null(strstr(r.err, want));
    run_free(&r);
    char path[512];
    snprintf(path, sizeof(path), "%s/l1/out/report.json", tmpdir);
    char *report = slurp(path);
    assert_non_null(report);
    assert_non_null(strstr(report, "\"Abigail J\xc3\xb6rg Huang\""));
    assert_non_null(strstr(report, "/l1/mail/abigail.cho\xc3\xa9.ics\""));
    free(report);
}

/* A window before the calendars begin is refused, naming their dates. */
static void test_window_without_a_meeting_is_refused(void **state)
{
    (void)state;
    const char *d = LSN_SOURCE_DIR "/datasets/sample";
    struct run r = run_liaison("analyze --people %s/people.csv --teams %s/teams.csv --from "
                               "2020-01-01 --to 2020-02-01 --out %s/early %s/mailboxes",
                               d, d, tmpdir, d);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.err, "liaison: no meeting in the window 2020-01-01 to 2020-02-01; the "
                               "calendars hold events from 2026-06-01 to 2026-08-28\n");
    run_free(&r);
    r = run_liaison("analyze --people " COV "/people.csv --from 2025-06-01 --to 2025-07-01 "
                    "--out %s/early2 " COV "/calendar.ics",
                    tmpdir);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.err, "liaison: no meeting in the window 2025-06-01 to 2025-07-01; the "
                               "calendars hold events from 2026-01-05 to 2026-01-26\n");
    run_free(&r);
}

/* --slice month: slices.csv and report.json's `slices` agree, cover the
 * window without gaps, and a bad spec is a usage error before any work. */
static void test_analyze_slices(void **state)
{
    (void)state;
    const char *d = LSN_SOURCE_DIR "/datasets/sample";
    struct run r = run_liaison("analyze --quiet --slice month --from 2026-06-01 --to 2026-08-31 "
                               "--people %s/people.csv --teams %s/teams.csv --needs %s/needs.csv "
                               "--out %s/sl %s/mailboxes",
                               d, d, d, tmpdir, d);
    assert_int_equal(r.status, 0);
    run_free(&r);
    char path[512];
    snprintf(path, sizeof(path), "%s/sl/report.json", tmpdir);
    json_error_t e;
    json_t *root = json_load_file(path, 0, &e);
    assert_non_null(root);
    json_t *slices = json_object_get(root, "slices");
    /* June, July and August 2026: three calendar months. */
    assert_int_equal(json_array_size(slices), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(slices, 0), "from")),
                        "2026-06-01");
    assert_string_equal(json_string_value(json_object_get(json_array_get(slices, 1), "from")),
                        "2026-07-01");
    assert_string_equal(json_string_value(json_object_get(json_array_get(slices, 2), "to")),
                        "2026-08-31");
    int64_t instances = 0;
    for (size_t i = 0; i < 3; i++) {
        instances += json_integer_value(json_object_get(json_array_get(slices, i), "instances"));
    }
    assert_int_equal(instances,
                     json_integer_value(json_object_get(json_object_get(root, "input"), "used")));
    json_decref(root);
    snprintf(path, sizeof(path), "%s/sl/slices.csv", tmpdir);
    char *csv = slurp(path);
    assert_non_null(csv);
    assert_true(strncmp(csv, "slice,from,to,", 14) == 0);
    free(csv);
    r = run_liaison("analyze --slice fortnight --people %s/people.csv --out %s/sl2 %s/mailboxes", d,
                    tmpdir, d);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--slice: 'fortnight' is not week, month or N-weeks"));
    run_free(&r);
}

/* Reading files on one thread or on three gives the same bytes, stderr included. */
static void test_threads_do_not_change_output(void **state)
{
    (void)state;
    const char *d = LSN_SOURCE_DIR "/datasets/sample";
    for (int t = 1; t <= 3; t += 2) {
        struct run r = run_liaison("analyze --threads %d --people %s/people.csv --teams "
                                   "%s/teams.csv --needs %s/needs.csv --out %s/th%d %s/mailboxes",
                                   t, d, d, d, tmpdir, t, d);
        assert_int_equal(r.status, 0);
        char path[512];
        snprintf(path, sizeof(path), "%s/th%d.err", tmpdir, t);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(r.err, f);
        fclose(f);
        run_free(&r);
    }
    char cmd[2048];
    snprintf(cmd, sizeof(cmd),
             "diff -r '%s/th1' '%s/th3' >/dev/null && cmp -s '%s/th1.err' '%s/th3.err'", tmpdir,
             tmpdir, tmpdir, tmpdir);
    assert_int_equal(system(cmd), 0);
    struct run r = run_liaison("analyze --threads 0 --people %s/people.csv --out %s/th0 "
                               "%s/mailboxes",
                               d, tmpdir, d);
    assert_int_equal(r.status, 2);
    run_free(&r);
}

/* The start-up's restart with huge pages (io/process.c) changes nothing a
 * user sees: the same files and messages with it (GLIBC_TUNABLES unset) and
 * without it (set), and a program started without the variable ends, under
 * a timeout: one restart, not a loop. */
static void test_memory_setup_does_not_change_output(void **state)
{
    (void)state;
    const char *d = LSN_SOURCE_DIR "/datasets/sample";
    const char *env[2] = {"env -u GLIBC_TUNABLES", "env GLIBC_TUNABLES=glibc.malloc.hugetlb=0"};
    char cmd[4096];
    for (int k = 0; k < 2; k++) {
        snprintf(cmd, sizeof(cmd),
                 "timeout 120 %s '%s' analyze --people %s/people.csv --teams %s/teams.csv "
                 "--needs %s/needs.csv --no-html --out '%s/mem%d' %s/mailboxes "
                 ">/dev/null 2>'%s/mem%d.err' </dev/null",
                 env[k], LSN_BINARY, d, d, d, tmpdir, k, d, tmpdir, k);
        assert_int_equal(system(cmd), 0);
    }
    snprintf(cmd, sizeof(cmd), "diff -r '%s/mem0' '%s/mem1' >/dev/null && cmp -s '%s/mem0.err' '%s/mem1.err'",
             tmpdir, tmpdir, tmpdir, tmpdir);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof(cmd), "timeout 20 env -u GLIBC_TUNABLES '%s' --version >/dev/null", LSN_BINARY);
    assert_int_equal(system(cmd), 0);
}

/* The graphs are written on a second thread while the DOT files are drawn
 * (--no-html): a graph file that cannot be written still fails the run with
 * exit 1 and the file's own message, after the diagrams. */
static void test_output_written_beside_the_diagrams_fails_with_its_message(void **state)
{
    (void)state;
    const char *d = LSN_SOURCE_DIR "/datasets/sample";
    char blocker[512];
    snprintf(blocker, sizeof(blocker), "%s/blocked/person.graphml", tmpdir);
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", blocker); /* a folder where the file goes */
    assert_int_equal(system(cmd), 0);
    struct run r = run_liaison("analyze --no-html --quiet --people %s/people.csv --teams "
                               "%s/teams.csv --needs %s/needs.csv --out %s/blocked %s/mailboxes",
                               d, d, d, tmpdir, d);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "person.graphml"));
    assert_non_null(strstr(r.err, "liaison: "));
    run_free(&r);
}

/* The README's option reference is written from the same table as --help. */
static void test_readme_lists_every_option(void **state)
{
    (void)state;
    struct run r = run_liaison("analyze --help");
    assert_int_equal(r.status, 0);
    char *readme = slurp(LSN_SOURCE_DIR "/README.md");
    assert_non_null(readme);
    for (char *p = strstr(r.out, "\n  --"); p != NULL; p = strstr(p + 1, "\n  --")) {
        char opt[64];
        size_t n = strcspn(p + 3, " \n");
        assert_true(n < sizeof(opt));
        memcpy(opt, p + 3, n);
        opt[n] = '\0';
        if (strstr(readme, opt) == NULL) {
            fail_msg("README.md does not document %s", opt);
        }
    }
    free(readme);
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_help_exits_zero),
        cmocka_unit_test(test_usage_errors_exit_two),
        cmocka_unit_test(test_bad_input_exits_one),
        cmocka_unit_test(test_small_report_numbers),
        cmocka_unit_test(test_bundled_dataset_identity_and_determinism),
        cmocka_unit_test(test_combined_equals_per_mailbox),
        cmocka_unit_test(test_config_options_and_findings_csv),
        cmocka_unit_test(test_summary_lists_findings),
        cmocka_unit_test(test_coverage_warnings_and_summary_wording),
        cmocka_unit_test(test_summary_columns_stay_aligned_for_long_names),
        cmocka_unit_test(test_roster_for_another_domain_is_refused),
        cmocka_unit_test(test_text_that_is_not_utf8_is_read_as_latin1),
        cmocka_unit_test(test_window_without_a_meeting_is_refused),
        cmocka_unit_test(test_analyze_slices),
        cmocka_unit_test(test_threads_do_not_change_output),
        cmocka_unit_test(test_memory_setup_does_not_change_output),
        cmocka_unit_test(test_output_written_beside_the_diagrams_fails_with_its_message),
        cmocka_unit_test(test_readme_lists_every_option),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
