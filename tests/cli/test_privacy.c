/*
 * tests/cli/test_privacy.c — `--anonymize` and `--min-group` end to end
 * (README "Privacy"):
 *  - on an organization made by `liaison gen` (plus one calendar file named
 *    after a person whose events make warnings out of emails, names and
 *    subjects), analyze --svg --slice, compare, batch and render with
 *    --anonymize leave no email, name, email local part, meeting subject or
 *    UID of the input, and not the salt, in any byte of any file written, of
 *    standard output or of standard error;
 *  - the same salt gives the same bytes, another salt no common pseudonym,
 *    and render --anonymize redraws an anonymized report byte for byte;
 *  - --min-group 5 on fixtures/privacy (teams of 3, 5 and 8; see its
 *    README.md) withholds exactly the 3-person team's figures and every
 *    person-level section, in report.json, findings.csv, slices.csv, the
 *    diagrams, the summary and compare's files.
 */
#include "support.h"

// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
// clang-format on

#include <ctype.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define FIX LSN_FIXTURES "/privacy"
#define SALT "Pr1vacy-salt-for-tests"
#define SALT2 "an0ther-salt-entirely"

/* ------------------------------------------------------------------ */
/* Needles: every identifying string of the generated input             */
/* ------------------------------------------------------------------ */

static struct {
    char **v;
    size_t n, cap;
} needles;

/* Team ids of the generated teams.csv (for --anonymize-teams). */
static struct {
    char **v;
    size_t n, cap;
} team_ids;

static void push(char ***v, size_t *n, size_t *cap, const char *s, size_t len)
{
    /* Shorter strings ("Bo", "Li") would match ordinary text. */
    if (len < 4) {
        return;
    }
    for (size_t i = 0; i < *n; i++) {
        if (strlen((*v)[i]) == len && memcmp((*v)[i], s, len) == 0) {
            return;
        }
    }
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 256;
        *v = realloc(*v, *cap * sizeof(**v));
        assert_non_null(*v);
    }
    char *c = malloc(len + 1);
    assert_non_null(c);
    memcpy(c, s, len);
    c[len] = '\0';
    (*v)[(*n)++] = c;
}

static void needle(const char *s, size_t len)
{
    push(&needles.v, &needles.n, &needles.cap, s, len);
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i]);
    }
    free(v);
}

/* The first `want` fields of each data row of a simple CSV file (RFC 4180
 * quotes handled); calls fn(field index, text, length). */
static void csv_fields(const char *path, void (*fn)(int, const char *, size_t))
{
    char *text = tcli_slurp("%s", path);
    assert_non_null(text);
    char field[1024];
    size_t len = 0;
    int col = 0, row = 0;
    bool quoted = false;
    for (const char *p = text;; p++) {
        if (quoted) {
            if (*p == '"' && p[1] == '"') {
                field[len++] = '"';
                p++;
            } else if (*p == '"') {
                quoted = false;
            } else if (*p != '\0' && len + 1 < sizeof(field)) {
                field[len++] = *p;
            }
            if (*p != '\0') {
                continue;
            }
        }
        if (*p == '"') {
            quoted = true;
        } else if (*p == ',' || *p == '\n' || *p == '\0') {
            while (len > 0 && field[len - 1] == '\r') {
                len--;
            }
            if (row > 0) {
                fn(col, field, len);
            }
            len = 0;
            col++;
            if (*p != ',') {
                row++;
                col = 0;
            }
            if (*p == '\0') {
                break;
            }
        } else if (len + 1 < sizeof(field)) {
            field[len++] = *p;
        }
    }
    free(text);
}

/* people.csv: email, name, ... (gen writes them first, in this order). */
static void on_person(int col, const char *s, size_t len)
{
    if (col == 0) {
        needle(s, len);
        const char *at = memchr(s, '@', len);
        if (at != NULL) {
            needle(s, (size_t)(at - s));                /* the local part */
            needle(at + 1, len - (size_t)(at + 1 - s)); /* the domain */
        }
    } else if (col == 1) {
        needle(s, len);
    }
}

static void on_team(int col, const char *s, size_t len)
{
    if (col == 0) {
        push(&team_ids.v, &team_ids.n, &team_ids.cap, s, len);
    }
}

/* An iCalendar text value without its escapes. */
static void ics_value(const char *s, size_t len)
{
    char buf[1024];
    size_t n = 0;
    for (size_t i = 0; i < len && n + 1 < sizeof(buf); i++) {
        if (s[i] == '\\' && i + 1 < len) {
            i++;
            buf[n++] = s[i] == 'n' || s[i] == 'N' ? '\n' : s[i];
        } else {
            buf[n++] = s[i];
        }
    }
    needle(buf, n);
}

/* SUMMARY, UID, ORGANIZER and ATTENDEE (address and CN) of one unfolded line. */
static void ics_line(const char *line, size_t len)
{
    static const char *const props[] = {"SUMMARY", "UID", "ORGANIZER", "ATTENDEE"};
    int which = -1;
    for (int k = 0; k < 4; k++) {
        size_t pl = strlen(props[k]);
        if (len > pl && strncmp(line, props[k], pl) == 0 && (line[pl] == ':' || line[pl] == ';')) {
            which = k;
        }
    }
    if (which < 0) {
        return;
    }
    /* The value starts after the first ':' outside double quotes. */
    size_t colon = 0;
    bool q = false;
    for (; colon < len; colon++) {
        if (line[colon] == '"') {
            q = !q;
        } else if (line[colon] == ':' && !q) {
            break;
        }
    }
    if (colon >= len) {
        return;
    }
    const char *v = line + colon + 1;
    size_t vl = len - colon - 1;
    if (which == 0) {
        ics_value(v, vl);
        return;
    }
    if (vl > 7 && strncasecmp(v, "mailto:", 7) == 0) {
        v += 7;
        vl -= 7;
    }
    needle(v, vl);
    for (const char *cn = line; cn < line + colon; cn++) {
        if (strncmp(cn, "CN=", 3) == 0) {
            const char *b = cn + 3, *e = b;
            if (*b == '"') {
                e = memchr(b + 1, '"', (size_t)(line + colon - b - 1));
                b++;
            } else {
                while (e < line + colon && *e != ';') {
                    e++;
                }
            }
            if (e != NULL && e > b) {
                needle(b, (size_t)(e - b));
            }
        }
    }
}

static void ics_file(const char *path)
{
    char *text = tcli_slurp("%s", path);
    assert_non_null(text);
    /* Unfold: CRLF or LF followed by a space or tab continues the line. */
    size_t n = strlen(text), w = 0;
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '\r' && text[i + 1] == '\n' && (text[i + 2] == ' ' || text[i + 2] == '\t')) {
            i += 2;
            continue;
        }
        if (text[i] == '\n' && (text[i + 1] == ' ' || text[i + 1] == '\t')) {
            i += 1;
            continue;
        }
        text[w++] = text[i];
    }
    text[w] = '\0';
    for (char *line = text; *line;) {
        size_t len = strcspn(line, "\r\n");
        ics_line(line, len);
        line += len;
        line += strspn(line, "\r\n");
    }
    free(text);
}

/* Every regular file under path (recursively), or path itself. */
static void walk(const char *path, void (*fn)(const char *))
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    if (!S_ISDIR(st.st_mode)) {
        fn(path);
        return;
    }
    DIR *d = opendir(path);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        char sub[2048];
        int n = snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
        assert_true(n > 0 && (size_t)n < sizeof(sub));
        walk(sub, fn);
    }
    closedir(d);
}

static void ics_if_calendar(const char *path)
{
    size_t n = strlen(path);
    if (n > 4 && strcmp(path + n - 4, ".ics") == 0) {
        ics_file(path);
    }
}

/* ------------------------------------------------------------------ */
/* Searching the outputs                                                */
/* ------------------------------------------------------------------ */

static size_t files_checked;

/* Whether the n bytes of s occur in data (memmem is not POSIX). */
static bool contains(const char *data, size_t len, const char *s, size_t n)
{
    if (n == 0 || n > len) {
        return n == 0;
    }
    const char *end = data + len - n + 1;
    for (const char *p = data; p < end;) {
        p = memchr(p, s[0], (size_t)(end - p));
        if (p == NULL) {
            return false;
        }
        if (memcmp(p, s, n) == 0) {
            return true;
        }
        p++;
    }
    return false;
}

/* Fail when any needle (or the salt) is in the bytes. */
static void check_text(const char *what, const char *data, size_t len, char **list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (contains(data, len, list[i], strlen(list[i]))) {
            fail_msg("%s contains '%s' from the input", what, list[i]);
        }
    }
    if (contains(data, len, SALT, strlen(SALT)) || contains(data, len, SALT2, strlen(SALT2))) {
        fail_msg("%s contains the salt", what);
    }
}

static char **check_list;
static size_t check_n;

static void check_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)(n > 0 ? n : 1));
    assert_non_null(buf);
    size_t got = fread(buf, 1, (size_t)(n > 0 ? n : 0), f);
    fclose(f);
    check_text(path, buf, got, check_list, check_n);
    free(buf);
    files_checked++;
}

/* Run liaison; its stdout and stderr must name nobody either. */
static tcli_run run_clean(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static tcli_run run_clean(const char *fmt, ...)
{
    char args[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof(args), fmt, ap);
    va_end(ap);
    tcli_run r = tcli_liaison("%s", args);
    check_text("standard output", r.out, strlen(r.out), needles.v, needles.n);
    check_text("standard error", r.err, strlen(r.err), needles.v, needles.n);
    return r;
}

static void check_dir(const char *name)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", tcli_tmp, name);
    check_list = needles.v;
    check_n = needles.n;
    walk(path, check_file);
}

/* ------------------------------------------------------------------ */
/* The generated organization                                           */
/* ------------------------------------------------------------------ */

static char first_email[256], first_name[256], second_name[256];

static void on_first_people(int col, const char *s, size_t len)
{
    if (col == 0 && first_email[0] == '\0') {
        snprintf(first_email, sizeof(first_email), "%.*s", (int)len, s);
    } else if (col == 1 && first_name[0] == '\0') {
        snprintf(first_name, sizeof(first_name), "%.*s", (int)len, s);
    } else if (col == 1 && second_name[0] == '\0') {
        snprintf(second_name, sizeof(second_name), "%.*s", (int)len, s);
    }
}

static int setup(void **state)
{
    (void)state;
    if (tcli_setup("privacy") != 0) {
        return -1;
    }
    tcli_run r =
        tcli_liaison("gen --people 60 --weeks 4 --scenarios merged --quiet --out %s/g", tcli_tmp);
    if (r.status != 0) {
        fprintf(stderr, "gen failed: %s\n", r.err);
        tcli_run_free(&r);
        return -1;
    }
    tcli_run_free(&r);
    char path[1024];
    snprintf(path, sizeof(path), "%s/g/people.csv", tcli_tmp);
    csv_fields(path, on_first_people);
    /* A mailbox file named after a person, with events that make the loader
     * warn about an email, a UID, a name and a subject. */
    char local[256];
    snprintf(local, sizeof(local), "%.*s", (int)strcspn(first_email, "@"), first_email);
    char name[512], text[4096];
    snprintf(name, sizeof(name), "g/mailboxes/%s-private.ics", local);
    snprintf(text, sizeof(text),
             "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//liaison tests//EN\r\n"
             "BEGIN:VEVENT\r\nUID:review-%s\r\nSUMMARY:Performance review of %s\r\n"
             "ORGANIZER;CN=%s:mailto:%s\r\nATTENDEE:mailto:%s\r\nEND:VEVENT\r\n"
             "BEGIN:VEVENT\r\nUID:zone-review-%s\r\nSUMMARY:Salary talk with %s\r\n"
             "DTSTART;TZID=%s Zone:20260603T100000\r\nDTEND;TZID=%s Zone:20260603T110000\r\n"
             "ORGANIZER;CN=%s:mailto:%s\r\nATTENDEE:mailto:%s\r\n"
             "ATTENDEE;CN=Outside Auditor:mailto:auditor@audit-firm.example\r\n"
             "END:VEVENT\r\nEND:VCALENDAR\r\n",
             first_email, first_name, first_name, first_email, first_email, first_email,
             second_name, second_name, second_name, first_name, first_email, first_email);
    tcli_write(name, text);
    /* A batch manifest: a good row and a row whose roster is missing. */
    snprintf(text, sizeof(text),
             "name,calendars,people,teams,needs\r\n"
             "org,mailboxes,people.csv,teams.csv,needs.csv\r\n"
             "broken,mailboxes,%s-roster.csv,,\r\n",
             local);
    tcli_write("g/manifest.csv", text);

    csv_fields(path, on_person);
    snprintf(path, sizeof(path), "%s/g/teams.csv", tcli_tmp);
    csv_fields(path, on_team);
    snprintf(path, sizeof(path), "%s/g", tcli_tmp);
    walk(path, ics_if_calendar);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free_list(needles.v, needles.n);
    free_list(team_ids.v, team_ids.n);
    return tcli_teardown();
}

#define ORG_ARGS                                                                                   \
    "--people %s/g/people.csv --teams %s/g/teams.csv --needs %s/g/needs.csv", tcli_tmp, tcli_tmp,  \
        tcli_tmp

/* ------------------------------------------------------------------ */
/* --anonymize                                                          */
/* ------------------------------------------------------------------ */

static void test_privacy_anonymized_outputs_name_nobody(void **state)
{
    (void)state;
    char args[2048];
    snprintf(args, sizeof(args), ORG_ARGS);
    /* The needles are real: a plain run shows them. */
    tcli_run r = tcli_liaison("analyze %s --out %s/plain %s/g/mailboxes", args, tcli_tmp, tcli_tmp);
    assert_int_equal(r.status, 0);
    assert_true(needles.n > 200);
    assert_non_null(strstr(r.err, first_email));
    char *plain = tcli_slurp("%s/plain/report.json", tcli_tmp);
    assert_non_null(strstr(plain, first_email));
    free(plain);
    tcli_run_free(&r);

    r = run_clean("analyze %s --anonymize %s --svg --slice week --out %s/a1 %s/g/mailboxes", args,
                  SALT, tcli_tmp, tcli_tmp);
    assert_int_equal(r.status, 0);
    /* The warnings are there, rewritten. */
    assert_non_null(strstr(r.err, "liaison: warning: f-"));
    assert_non_null(strstr(r.err, "no DTSTART; event skipped"));
    assert_non_null(strstr(r.err, "unknown time zone 'x-"));
    assert_non_null(strstr(r.out, "findings:"));
    tcli_run_free(&r);
    check_dir("a1");

    r = run_clean("compare %s --anonymize %s --scenario merged=%s/g/scenarios/merged/people.csv,"
                  "teams=%s/g/scenarios/merged/teams.csv --out %s/c1 %s/g/mailboxes",
                  args, SALT, tcli_tmp, tcli_tmp, tcli_tmp, tcli_tmp);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    check_dir("c1");

    r = run_clean("batch --anonymize %s --jobs 2 --out %s/b1 %s/g/manifest.csv", SALT, tcli_tmp,
                  tcli_tmp);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "cannot read")); /* the broken row, said without its path */
    assert_non_null(strstr(r.out, "1 ok, 1 failed"));
    tcli_run_free(&r);
    check_dir("b1");

    /* render anonymizes a report written without --anonymize. */
    r = run_clean("render %s/plain/report.json --anonymize %s --svg --out %s/r1", tcli_tmp, SALT,
                  tcli_tmp);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    check_dir("r1");
    /* report.html keeps the impact section, anonymized (check_dir found no
     * name in it; tests/viz/test_privacy.c checks the mapping itself);
     * analyze --anonymize writes proposal_impact from its pseudonyms. */
    {
        char *html = tcli_slurp("%s/r1/report.html", tcli_tmp);
        assert_non_null(html);
        assert_non_null(strstr(html, "<section id=\"impact\">"));
        free(html);
        char *a1 = tcli_slurp("%s/a1/report.json", tcli_tmp);
        assert_non_null(a1);
        assert_non_null(strstr(a1, "\"proposal_impact\""));
        free(a1);
    }

    /* --anonymize-teams: team ids go too. */
    r = run_clean("analyze %s --anonymize %s --anonymize-teams --svg --out %s/a2 %s/g/mailboxes",
                  args, SALT, tcli_tmp, tcli_tmp);
    assert_int_equal(r.status, 0);
    check_text("standard output", r.out, strlen(r.out), team_ids.v, team_ids.n);
    tcli_run_free(&r);
    check_dir("a2");
    char path[1024];
    snprintf(path, sizeof(path), "%s/a2", tcli_tmp);
    check_list = team_ids.v;
    check_n = team_ids.n;
    walk(path, check_file);

    json_error_t e;
    snprintf(path, sizeof(path), "%s/a1/report.json", tcli_tmp);
    json_t *root = json_load_file(path, 0, &e);
    assert_non_null(root);
    json_t *params = json_object_get(root, "parameters");
    assert_true(json_is_true(json_object_get(params, "anonymize")));
    assert_true(json_is_false(json_object_get(params, "anonymize_teams")));
    const char *p = json_string_value(
        json_object_get(json_array_get(json_object_get(root, "people"), 0), "person"));
    assert_non_null(p);
    assert_int_equal(strlen(p), 8);
    assert_memory_equal(p, "p-", 2);
    json_decref(root);
    assert_true(files_checked > 20);
}

/* Every pseudonym (prefix-hex) in a file. */
static size_t pseudonyms(char ***out, const char *path)
{
    char *text = tcli_slurp("%s", path);
    assert_non_null(text);
    char **v = NULL;
    size_t n = 0, cap = 0;
    for (char *p = text; *p; p++) {
        if (strchr("pgmtfx", p[0]) == NULL || p[1] != '-' ||
            (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '-'))) {
            continue;
        }
        size_t k = 2;
        while ((p[k] >= '0' && p[k] <= '9') || (p[k] >= 'a' && p[k] <= 'f')) {
            k++;
        }
        if (k >= 8 && !isalnum((unsigned char)p[k])) {
            push(&v, &n, &cap, p, k);
        }
    }
    free(text);
    *out = v;
    return n;
}

static void same_files(const char *a, const char *b)
{
    static const char *const files[] = {"report.json",
                                        "findings.csv",
                                        "slices.csv",
                                        "teams.dot",
                                        "proposal.dot",
                                        "teams.svg",
                                        "proposal.svg",
                                        "tables/team_links.csv",
                                        "tables/person_links.csv",
                                        "tables/slices.csv",
                                        "person.graphml",
                                        "teams.graphml"};
    for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
        char x[1024], y[1024];
        snprintf(x, sizeof(x), "%s/%s/%s", tcli_tmp, a, files[i]);
        snprintf(y, sizeof(y), "%s/%s/%s", tcli_tmp, b, files[i]);
        if (!tcli_same_file(x, y)) {
            fail_msg("%s and %s differ", x, y);
        }
    }
}

static void test_privacy_same_salt_same_bytes_other_salt_nothing_in_common(void **state)
{
    (void)state;
    char args[2048];
    snprintf(args, sizeof(args), ORG_ARGS);
    /* Twice into the same folder (moved away in between), so stdout matches too. */
    tcli_run r1 =
        run_clean("analyze %s --anonymize %s --svg --slice week --out %s/d %s/g/mailboxes", args,
                  SALT, tcli_tmp, tcli_tmp);
    assert_int_equal(r1.status, 0);
    char cmd[2048];
    snprintf(cmd, sizeof(cmd), "mv '%s/d' '%s/d1'", tcli_tmp, tcli_tmp);
    assert_int_equal(system(cmd), 0);
    tcli_run r2 =
        run_clean("analyze %s --anonymize %s --svg --slice week --out %s/d %s/g/mailboxes", args,
                  SALT, tcli_tmp, tcli_tmp);
    assert_int_equal(r2.status, 0);
    assert_string_equal(r1.out, r2.out);
    assert_string_equal(r1.err, r2.err);
    same_files("d1", "d");
    tcli_run_free(&r1);
    tcli_run_free(&r2);

    /* render --anonymize of an anonymized report: the same diagrams. */
    tcli_run r = run_clean("render %s/d/report.json --anonymize %s --svg --out %s/dr", tcli_tmp,
                           SALT, tcli_tmp);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    static const char *const drawn[] = {"teams.dot", "proposal.dot", "teams.svg", "proposal.svg"};
    for (size_t i = 0; i < 4; i++) {
        char x[1024], y[1024];
        snprintf(x, sizeof(x), "%s/d/%s", tcli_tmp, drawn[i]);
        snprintf(y, sizeof(y), "%s/dr/%s", tcli_tmp, drawn[i]);
        assert_true(tcli_same_file(x, y));
    }

    r = run_clean("analyze %s --anonymize %s --out %s/e %s/g/mailboxes", args, SALT2, tcli_tmp,
                  tcli_tmp);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    char path[1024];
    char **a = NULL, **b = NULL;
    snprintf(path, sizeof(path), "%s/d/report.json", tcli_tmp);
    size_t na = pseudonyms(&a, path);
    snprintf(path, sizeof(path), "%s/e/report.json", tcli_tmp);
    size_t nb = pseudonyms(&b, path);
    assert_true(na > 100);
    assert_true(nb > 100);
    for (size_t i = 0; i < na; i++) {
        for (size_t k = 0; k < nb; k++) {
            if (strcmp(a[i], b[k]) == 0) {
                fail_msg("pseudonym %s comes out of both salts", a[i]);
            }
        }
    }
    free_list(a, na);
    free_list(b, nb);
}

static void test_privacy_usage_errors(void **state)
{
    (void)state;
    char args[2048];
    snprintf(args, sizeof(args), ORG_ARGS);
    tcli_run r = tcli_liaison("analyze %s --anonymize-teams --out %s/u %s/g/mailboxes", args,
                              tcli_tmp, tcli_tmp);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--anonymize-teams needs --anonymize SALT"));
    tcli_run_free(&r);
    r = tcli_liaison("analyze %s --anonymize short7x --out %s/u %s/g/mailboxes", args, tcli_tmp,
                     tcli_tmp);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "salt must be at least 8 characters"));
    assert_null(strstr(r.err, "short7x"));
    tcli_run_free(&r);
    r = tcli_liaison("analyze %s --min-group 0 --out %s/u %s/g/mailboxes", args, tcli_tmp,
                     tcli_tmp);
    assert_int_equal(r.status, 2);
    tcli_run_free(&r);
    r = tcli_liaison("render %s/plain/report.json --min-group x --out %s/u", tcli_tmp, tcli_tmp);
    assert_int_equal(r.status, 2);
    tcli_run_free(&r);
    /* An error names no input either. */
    r = tcli_liaison("analyze --people %s/g/nobody-%s.csv --anonymize %s --out %s/u %s/g/mailboxes",
                     tcli_tmp, "secretname", SALT, tcli_tmp, tcli_tmp);
    assert_int_equal(r.status, 1);
    assert_null(strstr(r.err, "secretname"));
    assert_non_null(strstr(r.err, "liaison: f-"));
    tcli_run_free(&r);
}

/* ------------------------------------------------------------------ */
/* --min-group                                                          */
/* ------------------------------------------------------------------ */

#define FIX_ARGS                                                                                   \
    "--people " FIX "/people.csv --teams " FIX "/teams.csv --needs " FIX "/needs.csv "             \
    "--from 2026-01-05 --to 2026-02-02"

static json_t *load_json(const char *dir, const char *file)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s/%s", tcli_tmp, dir, file);
    json_error_t e;
    json_t *root = json_load_file(path, 0, &e);
    if (root == NULL) {
        fail_msg("%s: %s", path, e.text);
    }
    return root;
}

static void expect_count(const json_t *o, const char *key, json_int_t want)
{
    const json_t *v = json_object_get(o, key);
    if (!json_is_integer(v) || json_integer_value(v) != want) {
        fail_msg("suppressed.%s: want %lld, got %lld", key, (long long)want,
                 (long long)json_integer_value(v));
    }
}

/* Column `name` of every data row of a CSV file without quotes. */
static void csv_column(const char *path, const char *name, const char *want)
{
    char *text = tcli_slurp("%s", path);
    assert_non_null(text);
    char *save = NULL;
    int col = -1;
    for (char *line = strtok_r(text, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
        int k = 0;
        for (char *p = line; p; k++) {
            char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p);
            if (col < 0 && len == strlen(name) && strncmp(p, name, len) == 0) {
                col = k;
            } else if (col >= 0 && k == col && line != text &&
                       (len != strlen(want) || strncmp(p, want, len) != 0)) {
                fail_msg("%s: %s is '%.*s', want '%s'", path, name, (int)len, p, want);
            }
            p = comma ? comma + 1 : NULL;
        }
    }
    assert_true(col >= 0);
    free(text);
}

static void no_text(const char *dir, const char *what)
{
    char *list[] = {(char *)what};
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", tcli_tmp, dir);
    check_list = list;
    check_n = 1;
    walk(path, check_file);
}

static void test_privacy_min_group_withholds_the_small_team_and_every_person(void **state)
{
    (void)state;
    tcli_run r = tcli_liaison(
        "analyze " FIX_ARGS " --slice 2-weeks --out %s/m1 " FIX "/calendar.ics", tcli_tmp);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    r = tcli_liaison("analyze " FIX_ARGS " --min-group 5 --slice 2-weeks --svg --out %s/m5 " FIX
                     "/calendar.ics",
                     tcli_tmp);
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.out, "small"));
    assert_null(strstr(r.out, "@"));
    assert_non_null(strstr(r.out, "privacy: figures of teams and units under 5 people"));
    tcli_run_free(&r);

    /* Without it, the fixture's README answer: 5 findings. */
    json_t *full = load_json("m1", "report.json");
    assert_int_equal(json_array_size(json_object_get(full, "findings")), 5);
    expect_count(json_object_get(full, "suppressed"), "teams", 0);
    json_decref(full);

    json_t *root = load_json("m5", "report.json");
    const json_t *sup = json_object_get(root, "suppressed");
    expect_count(sup, "teams", 1);
    expect_count(sup, "units", 1);
    expect_count(sup, "team_links", 1);
    expect_count(sup, "findings", 2);
    expect_count(sup, "person_findings", 1);
    expect_count(sup, "proposal", 2);
    expect_count(sup, "people", 16);
    expect_count(sup, "liaisons", 1);
    expect_count(sup, "participants", 1);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(root, "parameters"), "min_group")), 5);
    /* Person-level sections are gone. */
    assert_null(json_object_get(root, "people"));
    assert_null(json_object_get(root, "liaisons"));
    assert_null(json_object_get(json_object_get(root, "input"), "external_list"));
    /* teams: big and mid, each linked only to the other. */
    const json_t *teams = json_object_get(root, "teams");
    assert_int_equal(json_array_size(teams), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(teams, 0), "team")),
                        "big");
    assert_string_equal(json_string_value(json_object_get(json_array_get(teams, 1), "team")),
                        "mid");
    for (size_t i = 0; i < 2; i++) {
        const json_t *links = json_object_get(json_array_get(teams, i), "links");
        assert_int_equal(json_array_size(links), 1);
    }
    assert_int_equal(json_array_size(json_object_get(root, "units")), 3); /* big, mid, org */
    /* findings: big's oversized meeting and mid's fragile link, its person gone. */
    const json_t *findings = json_object_get(root, "findings");
    assert_int_equal(json_array_size(findings), 2);
    const json_t *f0 = json_array_get(findings, 0), *f1 = json_array_get(findings, 1);
    assert_string_equal(json_string_value(json_object_get(f0, "type")), "oversized_meeting");
    assert_string_equal(json_string_value(json_object_get(f0, "team")), "big");
    assert_string_equal(json_string_value(json_object_get(f1, "type")), "fragile_link");
    assert_null(json_object_get(json_object_get(f1, "metrics"), "person"));
    assert_non_null(
        strstr(json_string_value(json_object_get(f1, "explanation")), "involve one person alone"));
    /* proposal: only mid <- big, without people. */
    const json_t *proposal = json_object_get(root, "proposal");
    assert_int_equal(json_array_size(proposal), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(proposal, 0), "team")),
                        "mid");
    assert_null(json_object_get(json_array_get(proposal, 0), "people"));
    json_decref(root);

    /* No file of the run names the small team or anybody's address. */
    no_text("m5", "small");
    no_text("m5", "@ex.com");
    no_text("m5", "guest@partner.example");
    no_text("m5", "Sam Small");
    char path[1024];
    /* The person-level tables and the person graph are not written at all. */
    static const char *const personal[] = {"tables/people.csv", "tables/person_links.csv",
                                           "tables/liaisons.csv", "tables/proposal_people.csv",
                                           "person.graphml"};
    for (size_t i = 0; i < sizeof(personal) / sizeof(*personal); i++) {
        snprintf(path, sizeof(path), "%s/m5/%s", tcli_tmp, personal[i]);
        assert_int_not_equal(access(path, F_OK), 0);
        snprintf(path, sizeof(path), "%s/m1/%s", tcli_tmp, personal[i]);
        assert_int_equal(access(path, F_OK), 0);
    }
    snprintf(path, sizeof(path), "%s/m5/findings.csv", tcli_tmp);
    char *csv = tcli_slurp("%s", path);
    int lines = 0;
    for (char *p = csv; *p; p++) {
        lines += *p == '\n';
    }
    assert_int_equal(lines, 3); /* header + the 2 published findings */
    free(csv);
    /* Slices count the published findings: small's missing links are not there. */
    snprintf(path, sizeof(path), "%s/m5/slices.csv", tcli_tmp);
    csv_column(path, "missing_link", "0");
    csv_column(path, "findings", "2");
    snprintf(path, sizeof(path), "%s/m1/slices.csv", tcli_tmp);
    csv_column(path, "missing_link", "2");

    /* render --min-group 5 of the full report draws what analyze drew. */
    r = tcli_liaison("render %s/m1/report.json --min-group 5 --out %s/m1r", tcli_tmp, tcli_tmp);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    for (int i = 0; i < 2; i++) {
        const char *name = i ? "proposal.dot" : "teams.dot";
        char x[1024], y[1024];
        snprintf(x, sizeof(x), "%s/m5/%s", tcli_tmp, name);
        snprintf(y, sizeof(y), "%s/m1r/%s", tcli_tmp, name);
        assert_true(tcli_same_file(x, y));
    }
}

static void test_privacy_min_group_in_compare(void **state)
{
    (void)state;
    tcli_run r = tcli_liaison("compare " FIX_ARGS " --min-group 5 --scenario moved=" FIX
                              "/people-moved.csv --out %s/cm " FIX "/calendar.ics",
                              tcli_tmp);
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.out, "@"));
    assert_null(strstr(r.err, "@"));
    tcli_run_free(&r);
    json_t *root = load_json("cm", "compare.json");
    const json_t *sc = json_object_get(root, "scenarios");
    assert_int_equal(json_array_size(sc), 2);
    for (size_t i = 0; i < 2; i++) {
        const json_t *col = json_array_get(sc, i);
        const json_t *m = json_object_get(col, "metrics");
        assert_int_equal(json_integer_value(json_object_get(m, "declared_needs")), 1);
        assert_int_equal(json_integer_value(json_object_get(m, "missing_links")), 0);
        const json_t *roster = json_object_get(col, "roster");
        assert_null(json_object_get(roster, "added"));
        assert_int_equal(json_integer_value(json_object_get(roster, "added_count")), 0);
    }
    assert_int_equal(json_integer_value(json_object_get(
                         json_object_get(json_array_get(sc, 0), "metrics"), "findings")),
                     2);
    json_decref(root);
    json_t *moved = load_json("cm", "moved/report.json");
    expect_count(json_object_get(moved, "suppressed"), "teams", 1);
    json_decref(moved);
    no_text("cm", "small");
    no_text("cm", "@ex.com");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_privacy_anonymized_outputs_name_nobody),
        cmocka_unit_test(test_privacy_same_salt_same_bytes_other_salt_nothing_in_common),
        cmocka_unit_test(test_privacy_usage_errors),
        cmocka_unit_test(test_privacy_min_group_withholds_the_small_team_and_every_person),
        cmocka_unit_test(test_privacy_min_group_in_compare),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
