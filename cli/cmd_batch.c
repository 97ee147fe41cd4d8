/*
 * cli/cmd_batch.c — `liaison batch`: one analysis per row of a manifest,
 * each in its own child process (igraph keeps process-wide state and is not
 * thread-safe), at most --jobs at a time, then one table of every row in
 * manifest order, read back from the reports the children wrote.
 * Orchestration only; the analysis is the library's run (analysis/run.h).
 */
#include "cli/commands.h"

#include "analysis/metrics.h"
#include "analysis/params.h"
#include "analysis/run.h"
#include "cli/inputs.h"
#include "cli/options.h"
#include "cli/progress.h"
#include "io/anon.h"
#include "io/catalog.h"
#include "io/cpus.h"
#include "io/csvtable.h"
#include "io/csvout.h"
#include "io/error.h"
#include "io/fsutil.h"
#include "io/load.h"
#include "io/plural.h"
#include "io/roster.h"
#include "io/vec.h"
#include "viz/compare.h"
#include "viz/outputs.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

enum {
    OPT_JOBS = LSN_OPT_COMMON_END,
};

static const lsn_cli_option fixed_options[] = {
    {.id = LSN_OPT_OUT, .help = "folder for batch.csv, batch.json and one report folder per row"},
    {"jobs", "N", OPT_JOBS, "rows analyzed at once, each in its own process (default: CPUs)"},
    {.id = LSN_OPT_THREADS,
     .help = "threads that read each row's files (default: 1 when --jobs > 1, else one per CPU)"},
    {.id = LSN_OPT_CONFIG,
     .help = "'key = value' lines for every row (from, to, tz: where the row has none)"},
    {.id = LSN_OPT_CATALOG,
     .help = "a Backstage catalog for every row without its own catalog column"},
    {.id = LSN_OPT_ANONYMIZE},
    {.id = LSN_OPT_ANONYMIZE_TEAMS},
    {.id = LSN_OPT_QUIET},
};

#define NFIXED (sizeof(fixed_options) / sizeof(fixed_options[0]))
#define MAX_JOBS 256

static const char usage[] = "liaison batch [--jobs N] [--threads N] [--config FILE] [options] "
                            "--out DIR MANIFEST.csv";

static const char about[] =
    "Runs one analysis per row of MANIFEST.csv, as 'analyze' would, into DIR/NAME/\n"
    "(report.json, findings.csv, tables/, the GraphML graphs), then writes\n"
    "DIR/batch.csv and DIR/batch.json:\n"
    "one row per manifest row in manifest order with its status (ok or error),\n"
    "the error message (MANIFEST:LINE: ...), the summary figures and the findings\n"
    "by type. Manifest columns (any order, names case-insensitive): name (the\n"
    "folder: letters, digits, '.', '_', '-'), calendars (iCalendar, Outlook CSV\n"
    "or Microsoft Graph JSON files or folders separated by ';'), people, and\n"
    "optionally teams, needs, catalog, from, to, tz (empty means none or the\n"
    "default; people may be empty with a catalog). Relative paths are relative\n"
    "to the manifest's folder. A bad row is reported and skipped; the others\n"
    "run. The thresholds below apply to every row; --anonymize SALT and\n"
    "--min-group N work as in 'analyze' (README, Privacy), row messages and the\n"
    "manifest's path included.\n"
    "--jobs rows run at once, each reading its files on --threads threads: keep\n"
    "jobs x threads near the number of CPUs (the output is the same for any).\n"
    "Exit status: 0 when at least one row ran, 1 when the manifest cannot be read\n"
    "or has no row, or when every row failed, 2 usage error, 3 internal error.";

/* The manifest columns, in the order of struct row's fields. */
enum {
    COL_NAME,
    COL_CALENDARS,
    COL_PEOPLE,
    COL_TEAMS,
    COL_NEEDS,
    COL_FROM,
    COL_TO,
    COL_TZ,
    COL_CATALOG,
    NCOLS
};

static const char *const columns[NCOLS] = {"name", "calendars", "people", "teams",  "needs",
                                           "from", "to",        "tz",     "catalog"};
/* people is required unless the row (or --catalog) gives a catalog: checked per row. */
static const bool required[NCOLS] = {true, true, false, false, false, false, false, false, false};

enum { ROW_PENDING, ROW_OK, ROW_ERROR };

/* The longest line or message a row's child sends up its pipe (a summary
 * of a few dozen figures is under 1 KiB): no more than a pipe holds, so
 * that the child's write never waits for the parent, which reads only once
 * the child has ended. */
#define ROW_MESSAGE_MAX 4096

struct row {
    int line;
    char *field[NCOLS]; /* trimmed values as read */
    int state;
    char *message; /* "MANIFEST:LINE: ..." when the row failed */
    pid_t pid;
    int fd; /* read end of the child's message pipe, -1 when none */
    json_t *summary;
    json_t *by_type;
    json_int_t findings;
};

struct batch {
    const char *manifest;
    const char *manifest_shown; /* the manifest as messages name it (a pseudonym when anonymized) */
    lsn_anon *anon;             /* NULL unless --anonymize; inherited by every child */
    const char *base;           /* the manifest's folder, NULL for the current one */
    char *base_buf;
    const char *out;
    lsn_settings settings;
    const char *from, *to, *tz; /* --config's window, for rows that leave it empty */
    const char *catalog;        /* --catalog, for rows without a catalog column */
    lsn_catalog_options catalog_options;
    bool quiet;
    struct row *rows;
    size_t n, cap;
};

static char *trimmed_copy(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
        s++;
    }
    size_t len = strlen(s);
    while (len > 0 &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' || s[len - 1] == '\n')) {
        len--;
    }
    char *c = malloc(len + 1);
    if (c != NULL) {
        memcpy(c, s, len);
        c[len] = '\0';
    }
    return c;
}

static int on_row(void *ud, const char *const *values, int line)
{
    struct batch *b = ud;
    int rc = LSN_GROW(b->rows, b->cap, b->n + 1);
    if (rc != LSN_OK) {
        return rc;
    }
    struct row *r = &b->rows[b->n];
    memset(r, 0, sizeof(*r));
    r->line = line;
    r->fd = -1;
    b->n++;
    for (int k = 0; k < NCOLS; k++) {
        if ((r->field[k] = trimmed_copy(values[k])) == NULL) {
            return lsn_oom();
        }
    }
    return LSN_OK;
}

static void rows_free(struct batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        struct row *r = &b->rows[i];
        for (int k = 0; k < NCOLS; k++) {
            free(r->field[k]);
        }
        free(r->message);
        json_decref(r->summary);
        json_decref(r->by_type);
        if (r->fd >= 0) {
            close(r->fd);
        }
    }
    free(b->rows);
    free(b->base_buf);
}

static void row_fail(struct batch *b, struct row *r, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Mark a row failed with "MANIFEST:LINE: " + the message. */
static void row_fail(struct batch *b, struct row *r, const char *fmt, ...)
{
    char msg[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    char shown[1400];
    const char *text = lsn_cli_public(shown, sizeof(shown), msg);
    size_t n = strlen(b->manifest_shown) + strlen(text) + 32;
    free(r->message);
    r->message = malloc(n);
    if (r->message != NULL) {
        snprintf(r->message, n, "%s:%d: %s", b->manifest_shown, r->line, text);
    }
    r->state = ROW_ERROR;
}

static bool valid_name(const char *name)
{
    if (name[0] == '\0' || name[0] == '.' || strlen(name) > 100 || strcmp(name, "batch.csv") == 0 ||
        strcmp(name, "batch.json") == 0) {
        return false;
    }
    for (const char *p = name; *p; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '_' || *p == '-')) {
            return false;
        }
    }
    return true;
}

static bool has_calendar(const char *list)
{
    for (const char *p = list; *p; p++) {
        if (*p != ';' && *p != ' ' && *p != '\t') {
            return true;
        }
    }
    return false;
}

/* What can be said about a row without reading its files, in manifest
 * order so that the first of two rows with one name is the one that runs. */
static void check_rows(struct batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        struct row *r = &b->rows[i];
        const char *name = r->field[COL_NAME];
        int y, m, d;
        if (name[0] == '\0') {
            row_fail(b, r, "missing name");
            continue;
        }
        if (!valid_name(name)) {
            row_fail(b, r,
                     "name '%s' must be letters, digits, '.', '_' and '-' (not starting with '.', "
                     "not batch.csv or batch.json)",
                     name);
            continue;
        }
        for (size_t k = 0; k < i; k++) {
            if (strcmp(b->rows[k].field[COL_NAME], name) == 0) {
                row_fail(b, r, "name '%s' is already used on line %d", name, b->rows[k].line);
                break;
            }
        }
        if (r->state == ROW_ERROR) {
            continue;
        }
        if (r->field[COL_PEOPLE][0] == '\0' && r->field[COL_CATALOG][0] == '\0' &&
            b->catalog == NULL) {
            row_fail(b, r, "missing people");
        } else if (!has_calendar(r->field[COL_CALENDARS])) {
            row_fail(b, r, "missing calendars");
        } else if (r->field[COL_FROM][0] != '\0' &&
                   lsn_parse_date(r->field[COL_FROM], &y, &m, &d) != LSN_OK) {
            row_fail(b, r, "from: '%s' is not a date (YYYY-MM-DD)", r->field[COL_FROM]);
        } else if (r->field[COL_TO][0] != '\0' &&
                   lsn_parse_date(r->field[COL_TO], &y, &m, &d) != LSN_OK) {
            row_fail(b, r, "to: '%s' is not a date (YYYY-MM-DD)", r->field[COL_TO]);
        }
    }
}

/* A manifest path: as is when absolute, else under the manifest's folder. */
static char *resolve(const struct batch *b, const char *path)
{
    if (path[0] == '\0') {
        return NULL;
    }
    if (path[0] == '/' || b->base == NULL) {
        return strdup(path);
    }
    return lsn_fs_join(b->base, path);
}

/* ------------------------------------------------------------------ */
/* One row, in a child process                                          */
/* ------------------------------------------------------------------ */

/* The row's warnings; the handler lsn_cli_count_warning() counts them. */
static lsn_cli_warnings warned;

/* Threads each row's loader may use: rows already run --jobs at a time. */
static int row_threads;

static const char *type_of(const json_t *finding)
{
    const char *t = json_string_value(json_object_get(finding, "type"));
    return t != NULL ? t : "";
}

/*
 * What the parent's table takes from a row's report, as the child sends it
 * up the pipe once the report is written (so that the parent never reads
 * the reports back): {"summary": the report's summary, "findings": their
 * number, "findings_by_type": {type: number}}, from the report's own tree
 * (the values reading the file back would give). NULL when out of memory;
 * *missing when the report has no summary or findings.
 */
static char *row_line(const json_t *tree, bool *missing)
{
    json_t *summary = json_object_get(tree, "summary");
    json_t *findings = json_object_get(tree, "findings");
    *missing = !json_is_object(summary) || !json_is_array(findings);
    if (*missing) {
        return NULL;
    }
    size_t ntypes = lsn_metrics_ntypes();
    json_int_t count[LSN_METRICS_MAX_TYPES] = {0};
    size_t i;
    json_t *f;
    json_array_foreach(findings, i, f)
    {
        int k = lsn_finding_type_index(type_of(f));
        if (k >= 0 && k < LSN_METRICS_MAX_TYPES) {
            count[k]++;
        }
    }
    json_t *by_type = json_object();
    bool bad = by_type == NULL;
    for (size_t k = 0; !bad && k < ntypes; k++) {
        bad = json_object_set_new(by_type, lsn_finding_types[k], json_integer(count[k])) != 0;
    }
    json_t *o = bad ? NULL : json_object();
    if (o == NULL || json_object_set(o, "summary", summary) != 0 ||
        json_object_set_new(o, "findings", json_integer((json_int_t)json_array_size(findings))) !=
            0 ||
        json_object_set(o, "findings_by_type", by_type) != 0) {
        json_decref(o);
        json_decref(by_type);
        return NULL;
    }
    /* Seventeen digits: every real comes back as the same double. */
    char *text = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(17));
    json_decref(o);
    json_decref(by_type);
    return text;
}

/* A row's line as the parent reads it (row_line()); false when it is not one. */
static bool take_row_line(struct row *r, const char *text)
{
    json_t *o = json_loads(text, 0, NULL);
    json_t *summary = json_object_get(o, "summary");
    json_t *findings = json_object_get(o, "findings");
    json_t *by_type = json_object_get(o, "findings_by_type");
    bool ok = json_is_object(summary) && json_is_integer(findings) && json_is_object(by_type);
    if (ok) {
        r->summary = json_incref(summary);
        r->by_type = json_incref(by_type);
        r->findings = json_integer_value(findings);
    }
    json_decref(o);
    return ok;
}

static int run_row(const struct batch *b, const struct row *r, char **line)
{
    int rc;
    json_t *tree = NULL;
    lsn_run_writer *writer = NULL;
    *line = NULL;
    lsn_cli_inputs in = {0};
    lsn_run run = {0};
    char *people = resolve(b, r->field[COL_PEOPLE]);
    char *catalog = r->field[COL_CATALOG][0] != '\0' ? resolve(b, r->field[COL_CATALOG])
                    : b->catalog != NULL             ? strdup(b->catalog)
                                                     : NULL;
    char *teams = resolve(b, r->field[COL_TEAMS]);
    char *needs = resolve(b, r->field[COL_NEEDS]);
    char *list = strdup(r->field[COL_CALENDARS]);
    char *dir = lsn_fs_join(b->out, r->field[COL_NAME]);
    char **paths = calloc(strlen(r->field[COL_CALENDARS]) + 1, sizeof(*paths));
    size_t npaths = 0;
    lsn_load_options load = LSN_LOAD_OPTIONS_INIT;
    load.threads = row_threads;
    if ((people == NULL && r->field[COL_PEOPLE][0] != '\0') ||
        (catalog == NULL && (r->field[COL_CATALOG][0] != '\0' || b->catalog != NULL)) ||
        list == NULL || dir == NULL || paths == NULL ||
        (r->field[COL_TEAMS][0] != '\0' && teams == NULL) ||
        (r->field[COL_NEEDS][0] != '\0' && needs == NULL)) {
        rc = lsn_oom();
        goto cleanup;
    }
    for (char *part = strtok(list, ";"); part != NULL; part = strtok(NULL, ";")) {
        char *t = trimmed_copy(part);
        if (t == NULL) {
            rc = lsn_oom();
            goto cleanup;
        }
        paths[npaths] = t[0] != '\0' ? resolve(b, t) : NULL;
        free(t);
        if (paths[npaths] != NULL) {
            npaths++;
        }
    }
    load.from = r->field[COL_FROM][0] ? r->field[COL_FROM] : b->from;
    load.to = r->field[COL_TO][0] ? r->field[COL_TO] : b->to;
    load.tz = r->field[COL_TZ][0] ? r->field[COL_TZ] : b->tz;

    /* A report left by an earlier batch must not pass for this one's. */
    char *old = lsn_fs_join(dir, "report.json");
    if (old != NULL) {
        unlink(old);
        free(old);
    }
    lsn_catalog_inputs beside = {people, teams, needs};
    if ((rc = lsn_catalog_load(&in.org, catalog, &beside, &b->catalog_options)) != LSN_OK ||
        (rc = lsn_calendar_load(&in.cal, in.org, (const char *const *)paths, npaths, &load)) !=
            LSN_OK ||
        (rc = lsn_run_coverage(&in.coverage, in.cal, NULL, LSN_COVERAGE_WARN_ALL, b->anon)) !=
            LSN_OK) {
        goto cleanup;
    }
    /* As in `analyze`: the run sees only the pseudonymized copies. */
    if ((rc = lsn_cli_inputs_anonymize(&in, b->anon)) != LSN_OK) {
        goto cleanup;
    }
    if (in.acal != NULL) {
        lsn_calendar_free(in.cal);
        in.cal = in.acal;
        in.acal = NULL;
    }
    lsn_run_options ro = LSN_RUN_OPTIONS_INIT;
    ro.impact = true; /* each report as analyze writes it */
    if ((rc = lsn_run_analyze(&run, in.cal, &b->settings, &ro)) != LSN_OK) {
        goto cleanup;
    }
    run.coverage = in.coverage;
    in.coverage = NULL;
    lsn_calendar_stats_mut(in.cal)->warnings = warned.count;
    rc = lsn_run_write_begin(&writer, &run, &b->settings, NULL, dir, NULL, &tree,
                             LSN_REPORT_TREE_SUMMARY);
    if (rc == LSN_OK && (rc = lsn_run_write_finish(writer)) == LSN_OK) {
        bool missing;
        if ((*line = row_line(tree, &missing)) == NULL) {
            rc = missing
                     ? lsn_error_set(LSN_EINTERNAL, "%s/report.json: no summary or findings", dir)
                     : lsn_oom();
        }
    }
cleanup:
    json_decref(tree);
    lsn_run_free(&run);
    lsn_cli_inputs_free(&in);
    for (size_t i = 0; paths != NULL && i < npaths; i++) {
        free(paths[i]);
    }
    free(paths);
    free(people);
    free(catalog);
    free(teams);
    free(needs);
    free(list);
    free(dir);
    return rc;
}

/* Write len bytes to the message pipe (at most ROW_MESSAGE_MAX: the pipe
 * holds them all, so the write never waits for the parent to read). */
static void send_text(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w <= 0 && errno != EINTR) {
            break;
        }
        if (w > 0) {
            p += w;
            len -= (size_t)w;
        }
    }
}

/* The child: run the row, send its line or its message up the pipe, exit
 * with its status. */
static void child(struct batch *b, struct row *r, int fd)
{
    lsn_progress_child(); /* the parent draws the line */
    warned.count = 0;
    warned.quiet = b->quiet;
    warned.where = r->field[COL_NAME];
    lsn_warn_set_handler(lsn_cli_count_warning, &warned);
    char *line = NULL;
    int rc = run_row(b, r, &line);
    if (rc == LSN_OK && strlen(line) >= ROW_MESSAGE_MAX) {
        rc = lsn_error_set(LSN_EINTERNAL, "the row's summary is too long to send (%zu bytes)",
                           strlen(line));
    }
    if (rc == LSN_OK) {
        send_text(fd, line, strlen(line));
    } else {
        char msg[1400], shown[1400];
        const char *last = lsn_error_last();
        int n = snprintf(msg, sizeof(msg), "%s",
                         last[0] ? lsn_cli_public(shown, sizeof(shown), last) : lsn_error_name(rc));
        send_text(fd, msg, n < 0 ? 0 : (size_t)n < sizeof(msg) ? (size_t)n : sizeof(msg) - 1);
    }
    free(line);
    close(fd);
    lsn_warn_set_handler(NULL, NULL);
    fflush(NULL);
    exit(rc == LSN_OK ? LSN_EXIT_OK : lsn_cli_exit_status(rc));
}

/* ------------------------------------------------------------------ */
/* Scheduling                                                           */
/* ------------------------------------------------------------------ */

static int start_row(struct batch *b, struct row *r)
{
    int fds[2];
    if (pipe(fds) != 0) {
        return lsn_error_set(LSN_EINTERNAL, "cannot create a pipe: %s", strerror(errno));
    }
    fflush(NULL); /* the child must not write the parent's buffers again */
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(fds[0]);
        close(fds[1]);
        return lsn_error_set(LSN_EINTERNAL, "cannot start a process: %s", strerror(e));
    }
    if (pid == 0) {
        close(fds[0]);
        child(b, r, fds[1]);
    }
    close(fds[1]);
    r->pid = pid;
    r->fd = fds[0];
    return LSN_OK;
}

static void read_message(int fd, char *buf, size_t size)
{
    size_t len = 0;
    for (;;) {
        ssize_t n = read(fd, buf + len, size - 1 - len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        len += (size_t)n;
        if (len == size - 1) {
            break;
        }
    }
    buf[len] = '\0';
}

/* Collect one finished child; returns false when none is left. */
static bool reap_one(struct batch *b)
{
    int st;
    pid_t pid;
    do {
        pid = waitpid(-1, &st, 0);
    } while (pid < 0 && errno == EINTR);
    if (pid < 0) {
        return false;
    }
    for (size_t i = 0; i < b->n; i++) {
        struct row *r = &b->rows[i];
        if (r->pid != pid || r->fd < 0) {
            continue;
        }
        static char msg[ROW_MESSAGE_MAX];
        read_message(r->fd, msg, sizeof(msg));
        close(r->fd);
        r->fd = -1;
        if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
            if (take_row_line(r, msg)) {
                r->state = ROW_OK;
            } else {
                row_fail(b, r, "the analysis ended without its summary");
            }
        } else if (msg[0] != '\0') {
            row_fail(b, r, "%s", msg);
        } else if (WIFSIGNALED(st)) {
            row_fail(b, r, "the analysis stopped on signal %d", WTERMSIG(st));
        } else {
            row_fail(b, r, "the analysis failed with exit status %d",
                     WIFEXITED(st) ? WEXITSTATUS(st) : -1);
        }
        break;
    }
    return true;
}

static int run_all(struct batch *b, long jobs)
{
    int rc = LSN_OK;
    long running = 0;
    size_t done = 0, todo = 0;
    for (size_t i = 0; i < b->n; i++) {
        todo += b->rows[i].state == ROW_PENDING;
    }
    lsn_progress_phase("analyzing the rows");
    lsn_progress_count_now(0, todo);
    for (size_t next = 0; next < b->n || running > 0;) {
        while (rc == LSN_OK && running < jobs && next < b->n) {
            struct row *r = &b->rows[next++];
            if (r->state != ROW_PENDING) {
                continue;
            }
            if ((rc = start_row(b, r)) != LSN_OK) {
                break;
            }
            running++;
        }
        if (rc != LSN_OK) {
            next = b->n; /* start nothing more; wait for the running ones */
        }
        if (running == 0) {
            break;
        }
        if (!reap_one(b)) {
            return rc != LSN_OK ? rc : lsn_error_set(LSN_EINTERNAL, "lost a child process");
        }
        running--;
        lsn_progress_count_now(++done, todo);
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* The table                                                            */
/* ------------------------------------------------------------------ */

static const char *const summary_keys[] = {
    "people",           "people_present", "teams",
    "series",           "instances",      "meeting_hours_per_week",
    "cross_team_share", "team_links",     "liaison_links",
    "modularity"};

#define NSUMMARY (sizeof(summary_keys) / sizeof(summary_keys[0]))

static void json_field(FILE *f, const json_t *v, bool last)
{
    char buf[64];
    if (json_is_integer(v)) {
        snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(v));
    } else if (json_is_real(v)) {
        lsn_csv_number(buf, sizeof(buf), json_real_value(v));
    } else {
        buf[0] = '\0';
    }
    lsn_csv_field(f, buf, last);
}

static int write_csv(const struct batch *b)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/batch.csv", b->out);
    FILE *f = lsn_fs_create(path);
    if (f == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    size_t ntypes = lsn_metrics_ntypes();
    lsn_csv_field(f, "name", false);
    lsn_csv_field(f, "status", false);
    lsn_csv_field(f, "message", false);
    for (size_t k = 0; k < NSUMMARY; k++) {
        lsn_csv_field(f, summary_keys[k], false);
    }
    lsn_csv_field(f, "findings", false);
    for (size_t k = 0; k < ntypes; k++) {
        lsn_csv_field(f, lsn_finding_types[k], k + 1 == ntypes);
    }
    for (size_t i = 0; i < b->n; i++) {
        const struct row *r = &b->rows[i];
        bool ok = r->state == ROW_OK;
        lsn_csv_field(f, r->field[COL_NAME], false);
        lsn_csv_field(f, ok ? "ok" : "error", false);
        lsn_csv_field(f, ok || r->message == NULL ? "" : r->message, false);
        for (size_t k = 0; k < NSUMMARY; k++) {
            json_field(f, ok ? json_object_get(r->summary, summary_keys[k]) : NULL, false);
        }
        json_t *total = ok ? json_integer(r->findings) : NULL;
        json_field(f, total, false);
        json_decref(total);
        for (size_t k = 0; k < ntypes; k++) {
            json_field(f, ok ? json_object_get(r->by_type, lsn_finding_types[k]) : NULL,
                       k + 1 == ntypes);
        }
    }
    if (fclose(f) != 0) {
        return lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    return LSN_OK;
}

static int write_json(const struct batch *b)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/batch.json", b->out);
    json_t *root = json_object();
    json_t *arr = json_array();
    int bad = root == NULL || arr == NULL;
    for (size_t i = 0; !bad && i < b->n; i++) {
        const struct row *r = &b->rows[i];
        bool ok = r->state == ROW_OK;
        char report[512];
        snprintf(report, sizeof(report), "%s/report.json", r->field[COL_NAME]);
        json_t *o = json_object();
        bad |= o == NULL;
        bad |= json_object_set_new(o, "name", lsn_json_text(r->field[COL_NAME]));
        bad |= json_object_set_new(o, "line", json_integer(r->line));
        bad |= json_object_set_new(o, "status", lsn_json_text(ok ? "ok" : "error"));
        bad |= json_object_set_new(
            o, "message", ok || r->message == NULL ? json_null() : lsn_json_text(r->message));
        bad |= json_object_set_new(o, "report", ok ? lsn_json_text(report) : json_null());
        bad |= json_object_set_new(o, "summary", ok ? json_deep_copy(r->summary) : json_null());
        bad |= json_object_set_new(o, "findings", ok ? json_integer(r->findings) : json_null());
        bad |= json_object_set_new(o, "findings_by_type",
                                   ok ? json_deep_copy(r->by_type) : json_null());
        bad |= json_array_append_new(arr, o);
    }
    if (!bad) {
        bad |= json_object_set_new(root, "manifest", lsn_json_text(b->manifest_shown));
        bad |= json_object_set_new(root, "rows", arr);
        arr = NULL;
    }
    json_decref(arr);
    int rc = LSN_OK;
    if (bad) {
        rc = lsn_error_set(LSN_ENOMEM, "out of memory while building batch.json");
    } else if (json_dump_file(root, path,
                              JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)) !=
               0) {
        rc = lsn_error_set(LSN_EIO, "%s: cannot write", path);
    }
    json_decref(root);
    return rc;
}

int cmd_batch(int argc, char **argv)
{
    lsn_cli_common co;
    const char *jobs_text = NULL;
    struct batch b = {0};
    int rc, status = LSN_EXIT_OK;
    lsn_cli_common_init(&co);
    lsn_cli_args args = {.cmd = "batch", .usage = usage, .about = about,
                         .fixed = fixed_options, .nfixed = NFIXED, .common = &co};
    int c;
    while ((c = lsn_cli_args_next(&args, argc, argv)) > 0) {
        if (c == OPT_JOBS) {
            jobs_text = optarg;
        }
    }
    if (c < 0) {
        return args.status;
    }
    b.out = co.out;
    b.quiet = co.quiet;
    if (b.out == NULL) {
        return lsn_cli_usage_error("batch", "--out is required");
    }
    if (optind >= argc) {
        return lsn_cli_usage_error("batch", "no MANIFEST given");
    }
    if (optind + 1 < argc) {
        return lsn_cli_usage_error("batch", "one MANIFEST only ('%s' is extra)", argv[optind + 1]);
    }
    b.manifest = argv[optind];
    b.manifest_shown = b.manifest;
    /* Before --jobs, as ever; lsn_cli_common_finish() checks it again. */
    if (co.anonymize_teams && co.salt == NULL) {
        return lsn_cli_usage_error("batch", "--anonymize-teams needs --anonymize SALT");
    }
    long jobs = lsn_cpus_count(0, 0);
    if (jobs_text != NULL) {
        char *end;
        errno = 0;
        jobs = strtol(jobs_text, &end, 10);
        if (errno != 0 || end == jobs_text || *end != '\0' || jobs < 1 || jobs > MAX_JOBS) {
            return lsn_cli_usage_error("batch", "--jobs: '%s' is not a number from 1 to %d",
                                       jobs_text, MAX_JOBS);
        }
    }
    if ((rc = lsn_cli_common_finish(&co, "batch")) != -1) {
        return rc;
    }
    b.settings = co.settings;
    b.anon = co.anon;
    b.catalog = co.catalog;
    b.catalog_options = lsn_cli_catalog_options(&co.settings);
    b.from = co.load.from;
    b.to = co.load.to;
    b.tz = co.load.tz;
    if (b.anon != NULL) {
        lsn_cli_set_anon(b.anon);
        b.manifest_shown = lsn_anon_get(b.anon, LSN_ANON_FILE, b.manifest);
        if (b.manifest_shown == NULL) {
            status = lsn_cli_fail(LSN_ENOMEM);
            goto cleanup;
        }
    }
    const char *slash = strrchr(b.manifest, '/');
    if (slash != NULL) {
        size_t len = (size_t)(slash - b.manifest);
        b.base_buf = malloc(len + 2);
        if (b.base_buf == NULL) {
            status = lsn_cli_fail(lsn_oom());
            goto cleanup;
        }
        memcpy(b.base_buf, b.manifest, len);
        b.base_buf[len] = '\0';
        if (len == 0) {
            strcpy(b.base_buf, "/"); /* the manifest sits in the root folder */
        }
        b.base = b.base_buf;
    }

    if ((rc = lsn_csv_read(b.manifest, columns, NCOLS, required, NULL, on_row, &b)) != LSN_OK) {
        goto fail;
    }
    if (b.n == 0) {
        rc = lsn_error_set(LSN_EPARSE, "%s: no rows: nothing to analyze", b.manifest);
        goto fail;
    }
    if ((rc = lsn_fs_make_dir(b.out)) != LSN_OK) {
        goto fail;
    }
    check_rows(&b);
    row_threads = co.load.threads > 0 ? co.load.threads : jobs > 1 ? 1 : 0;
    b.settings.passes.threads = row_threads;
    lsn_progress_begin(!b.quiet);
    rc = run_all(&b, jobs);
    lsn_progress_end();
    if (rc != LSN_OK) {
        goto fail;
    }
    size_t ok = 0;
    for (size_t i = 0; i < b.n; i++) {
        if (b.rows[i].state == ROW_OK) {
            ok++;
        } else {
            fprintf(stderr, "liaison: %s\n",
                    b.rows[i].message ? b.rows[i].message : "out of memory");
        }
    }
    if ((rc = write_csv(&b)) != LSN_OK || (rc = write_json(&b)) != LSN_OK) {
        goto fail;
    }
    if (!b.quiet) {
        printf("batch: %zu %s, %zu ok, %zu failed; table: %s/batch.csv, %s/batch.json\n", b.n,
               lsn_plural((int64_t)b.n, "row", "rows"), ok, b.n - ok, b.out, b.out);
    }
    status = ok > 0 ? LSN_EXIT_OK : LSN_EXIT_INPUT;
    goto cleanup;
fail:
    status = lsn_cli_fail(rc);
cleanup:
    lsn_cli_set_anon(NULL);
    lsn_anon_free(b.anon);
    rows_free(&b);
    return status;
}
