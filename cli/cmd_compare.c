/*
 * cli/cmd_compare.c — `liaison compare`: load the calendars once against
 * the baseline roster, re-map them to every scenario roster
 * (lsn_calendar_remap), run the analysis per roster into DIR/NAME/,
 * and write the comparison table (viz/compare). Orchestration only.
 */
#include "cli/commands.h"

#include "analysis/metrics.h"
#include "analysis/params.h"
#include "analysis/run.h"
#include "analysis/whatif.h"
#include "cli/options.h"
#include "cli/progress.h"
#include "io/anon.h"
#include "io/catalog.h"
#include "io/changes.h"
#include "io/error.h"
#include "io/fsutil.h"
#include "io/load.h"
#include "io/plural.h"
#include "io/roster.h"
#include "io/roster_diff.h"
#include "io/timings.h"
#include "viz/compare.h"
#include "viz/html.h"
#include "viz/outputs.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    OPT_SCENARIO = LSN_OPT_COMMON_END,
    OPT_CHANGES,
    OPT_PROPOSAL,
    OPT_NO_ROLES,
    OPT_ROLES,
    OPT_NO_HTML,
};

static const lsn_cli_option fixed_options[] = {
    {.id = LSN_OPT_PEOPLE,
     .help = "the baseline roster: email, team, name, manager (required unless --catalog)"},
    {.id = LSN_OPT_TEAMS, .help = "the baseline hierarchy: team, parent, name"},
    {.id = LSN_OPT_NEEDS,
     .help = "the baseline's declared needs: team, from, context, availability"},
    {.id = LSN_OPT_CATALOG,
     .help = "a Backstage catalog: the baseline's people, and every column's hierarchy and needs"},
    {.id = LSN_OPT_FROM},
    {.id = LSN_OPT_TO},
    {.id = LSN_OPT_TZ},
    {"scenario", "SCENARIO", OPT_SCENARIO,
     "NAME=people.csv[,teams=FILE][,needs=FILE]; repeat for each scenario (at least one of --scenario, --changes, --proposal)"},
    {"changes", "CHANGES", OPT_CHANGES,
     "NAME=changes.csv: a column for the baseline with a change list applied (repeatable)"},
    {"proposal", NULL, OPT_PROPOSAL,
     "a column 'proposal' for the baseline with its own proposal carried out"},
    {.id = LSN_OPT_OUT,
     .help = "folder for compare.csv/.md/.json and one report folder per column"},
    {.id = LSN_OPT_CONFIG,
     .help = "'key = value' lines: any threshold below, from, to, tz (as in 'analyze')"},
    {.id = LSN_OPT_THREADS},
    {"roles", NULL, OPT_ROLES,
     "also compute betweenness, constraint and brokerage in every scenario's report"},
    {"no-roles", NULL, OPT_NO_ROLES,
     "leave betweenness, constraint and brokerage out of the baseline's report too"},
    {"no-html", NULL, OPT_NO_HTML, "do not write compare.html (the page for people)"},
    {.id = LSN_OPT_ANONYMIZE},
    {.id = LSN_OPT_ANONYMIZE_TEAMS},
    {.id = LSN_OPT_QUIET, .help = "print no table and no warnings, only errors"},
    {.id = LSN_OPT_TIMINGS, .help = "print wall time and peak memory per phase and scenario"},
};

#define NFIXED (sizeof(fixed_options) / sizeof(fixed_options[0]))

static const char usage[] =
    "liaison compare --people FILE [--teams FILE] [--needs FILE] [--catalog PATH]\n"
    "                [--from DATE --to DATE] [--tz ZONE] [--config FILE] [options]\n"
    "                [--scenario NAME=people.csv[,teams=FILE][,needs=FILE] ...]\n"
    "                [--changes NAME=changes.csv ...] [--proposal]\n"
    "                --out DIR CALENDAR...";

static const char about[] =
    "Reads the calendars (iCalendar, Outlook CSV and Microsoft Graph JSON exports,\n"
    "files or folders) once against the baseline roster (CSV), then reads the same\n"
    "meetings against each scenario's roster (people are matched by email; a\n"
    "scenario without its own teams= or needs= uses the baseline's). Writes\n"
    "DIR/baseline/ and DIR/NAME/ (report.json, findings.csv, tables/ and the\n"
    "graphs, as 'analyze' writes them) and the table DIR/compare.csv (and in long\n"
    "form DIR/compare_long.csv), DIR/compare.md and\n"
    "DIR/compare.json: cross-team share, team links, missing links, congruence\n"
    "(declared needs not missing / declared needs, counting the needs whose two\n"
    "ends have people), oversized meetings, liaison links, findings by type,\n"
    "modularity, the findings that appear and disappear against the baseline\n"
    "(same type and subject), and the people a scenario adds to or removes from\n"
    "the baseline roster (also a warning); and DIR/compare.html, the same for people\n"
    "with each scenario's teams diagram (--no-html: none). Names use letters, digits, '.', '_'\n"
    "and '-'; 'baseline' is taken. Paths in --scenario are relative to the\n"
    "current folder and may not contain ','.\n"
    "--catalog: a Backstage catalog gives the baseline's people (unless --people)\n"
    "and every column's hierarchy and derived needs (unless teams= or needs=).\n"
    "--changes NAME=changes.csv adds a column for the baseline with a change list\n"
    "applied (rows: action,person,team,series; attend or leave a team's team\n"
    "meetings or one series by UID, move to another team; README, What-if), and\n"
    "--proposal a column 'proposal' with the baseline's own proposal carried out\n"
    "(its liaisons and embedded people seated in the target teams' meetings).\n"
    "They follow the --scenario columns, in the order given; at least one\n"
    "--scenario, --changes or --proposal is required. A change list naming an\n"
    "unknown person, team or series is refused before anything is written.\n"
    "--anonymize SALT and --min-group N work as in 'analyze' (README, Privacy):\n"
    "every roster is read first, and with N > 1 the people a scenario adds or\n"
    "removes are given as counts only.\n"
    "Exit status: 0 success, 1 unusable input (any roster or calendar),\n"
    "2 usage error, 3 internal error.";

/* The run's warnings; the handler lsn_cli_count_warning() counts them. */
static lsn_cli_warnings warned;

/* One column of the comparison: its inputs, parsed from --scenario, or a
 * change list (--changes; `changes` is its path) or the proposal. */
struct scenario {
    char *spec; /* a writable copy of the option text; the fields point into it */
    const char *name, *people, *teams, *needs;
    const char *changes;
    bool proposal;
};

static bool valid_name(const char *name)
{
    if (name[0] == '\0' || name[0] == '.' || strlen(name) > 100) {
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

/* Parse NAME=people.csv[,teams=FILE][,needs=FILE]; a usage error on failure. */
static int parse_scenario(struct scenario *sc, const char *text)
{
    memset(sc, 0, sizeof(*sc));
    sc->spec = strdup(text);
    if (sc->spec == NULL) {
        return lsn_oom();
    }
    char *eq = strchr(sc->spec, '=');
    if (eq == NULL) {
        return lsn_error_set(LSN_EINVAL,
                             "--scenario: '%s' is not NAME=people.csv[,teams=FILE]"
                             "[,needs=FILE]",
                             text);
    }
    *eq = '\0';
    sc->name = sc->spec;
    if (!valid_name(sc->name)) {
        return lsn_error_set(LSN_EINVAL,
                             "--scenario: name '%s' must be letters, digits, '.', '_' and '-' "
                             "(not starting with '.')",
                             sc->name);
    }
    if (strcmp(sc->name, "baseline") == 0) {
        return lsn_error_set(LSN_EINVAL, "--scenario: the name 'baseline' is taken by the "
                                         "--people roster");
    }
    if (strcmp(sc->name, "compare.csv") == 0 || strcmp(sc->name, "compare.md") == 0 ||
        strcmp(sc->name, "compare.json") == 0 || strcmp(sc->name, "compare_long.csv") == 0) {
        return lsn_error_set(LSN_EINVAL, "--scenario: the name '%s' is taken by an output file",
                             sc->name);
    }
    char *part = eq + 1;
    for (int k = 0; part != NULL; k++) {
        char *comma = strchr(part, ',');
        if (comma != NULL) {
            *comma = '\0';
        }
        if (k == 0) {
            sc->people = part;
        } else if (strncmp(part, "teams=", 6) == 0 && sc->teams == NULL) {
            sc->teams = part + 6;
        } else if (strncmp(part, "needs=", 6) == 0 && sc->needs == NULL) {
            sc->needs = part + 6;
        } else {
            return lsn_error_set(LSN_EINVAL,
                                 "--scenario %s: '%s' is not teams=FILE or needs=FILE (once each)",
                                 sc->name, part);
        }
        part = comma != NULL ? comma + 1 : NULL;
    }
    if (sc->people[0] == '\0' || (sc->teams != NULL && sc->teams[0] == '\0') ||
        (sc->needs != NULL && sc->needs[0] == '\0')) {
        return lsn_error_set(LSN_EINVAL, "--scenario %s: a file name is empty", sc->name);
    }
    return LSN_OK;
}

/* Parse NAME=changes.csv (--changes); a usage error on failure. */
static int parse_changes(struct scenario *sc, const char *text)
{
    memset(sc, 0, sizeof(*sc));
    sc->spec = strdup(text);
    if (sc->spec == NULL) {
        return lsn_oom();
    }
    char *eq = strchr(sc->spec, '=');
    if (eq == NULL || eq[1] == '\0') {
        return lsn_error_set(LSN_EINVAL, "--changes: '%s' is not NAME=changes.csv", text);
    }
    *eq = '\0';
    sc->name = sc->spec;
    sc->changes = eq + 1;
    if (!valid_name(sc->name)) {
        return lsn_error_set(LSN_EINVAL,
                             "--changes: name '%s' must be letters, digits, '.', '_' and '-' "
                             "(not starting with '.')",
                             sc->name);
    }
    if (strcmp(sc->name, "baseline") == 0 || strcmp(sc->name, "compare.csv") == 0 ||
        strcmp(sc->name, "compare.md") == 0 || strcmp(sc->name, "compare.json") == 0) {
        return lsn_error_set(LSN_EINVAL, "--changes: the name '%s' is taken", sc->name);
    }
    return LSN_OK;
}

/* Say which people a scenario adds or drops: never silently (but by
 * count only when person-level data is withheld). */
static void warn_roster(const char *name, const lsn_roster_diff *d, bool names)
{
    const size_t shown = 5;
    char list[1024];
    for (int side = 0; side < 2; side++) {
        size_t n = side == 0 ? d->nadded : d->nremoved;
        const char **who = side == 0 ? d->added : d->removed;
        if (n == 0) {
            continue;
        }
        size_t len = 0;
        list[0] = '\0';
        for (size_t i = 0; names && i < n && i < shown; i++) {
            len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "", who[i]);
            if (len >= sizeof(list)) {
                len = sizeof(list) - 1;
            }
        }
        const char *who_n = lsn_plural((int64_t)n, "person", "people");
        if (!names) {
            lsn_warn("scenario '%s': %zu %s not in the %s roster", name, n, who_n,
                     side == 0 ? "baseline" : "scenario's");
        } else if (side == 0) {
            lsn_warn("scenario '%s': %zu %s not in the baseline roster (%s%s); see "
                     "compare.json roster.added",
                     name, n, who_n, list, n > shown ? ", ..." : "");
        } else {
            lsn_warn("scenario '%s': %zu baseline %s not in this roster (%s%s); see "
                     "compare.json roster.removed",
                     name, n, who_n, list, n > shown ? ", ..." : "");
        }
    }
}

/* A column's inputs that its run reads, freed once its files are written. */
struct column_inputs {
    lsn_calendar *cal, *acal;
    lsn_org *org, *aorg;
    lsn_whatif model;
};

/* A warning said while a column's files are being written, printed once
 * they are (and not at all when they cannot be). */
struct held {
    char **text;
    size_t n, cap;
    bool on;
    pthread_mutex_t lock; /* the warning handler may be called from several threads */
};

/* What the columns share. */
struct columns {
    lsn_compare *table;
    const lsn_settings *settings;
    const char *out;         /* the reports go to OUT/NAME/ */
    lsn_findings **baseline; /* the baseline column's findings, kept for the scenarios' */
    lsn_coverage **coverage; /* the next column's; its run's report takes it */
    /* The last column's findings.csv, tables and graphs are written on a
     * thread of their own (lsn_run_write_start) while the next column's
     * roster is read, its calendar re-mapped and its run analysed (into
     * next; igraph serves one thread at a time, analysis/igutil.h); the
     * next column is written once they are (finish_column). */
    lsn_run_writer *writer;
    lsn_run run;                 /* the run being written */
    struct column_inputs inputs; /* what it reads */
    lsn_run next;                /* the next column's run, analysed meanwhile */
    struct held held;
};

/* The warning handler while columns are written: as lsn_cli_count_warning,
 * but printed only once the files being written are (finish_column), so
 * that the lines and their order are those of writing each column whole
 * before going on. Counted at once: the columns' counts use warned.count. */
static void hold_warning(void *ud, const char *message)
{
    struct held *h = ud;
    pthread_mutex_lock(&h->lock);
    char *text = NULL;
    if (h->on && !warned.quiet) {
        if (h->n == h->cap) {
            size_t cap = h->cap ? 2 * h->cap : 16;
            char **grown = realloc(h->text, cap * sizeof(*grown));
            if (grown != NULL) {
                h->text = grown;
                h->cap = cap;
            }
        }
        text = h->n < h->cap ? strdup(message) : NULL;
    }
    if (text != NULL) {
        h->text[h->n++] = text;
        warned.count++;
    } else {
        lsn_cli_count_warning(&warned, message); /* out of memory: now rather than never */
    }
    pthread_mutex_unlock(&h->lock);
}

static void inputs_free(struct column_inputs *in)
{
    lsn_calendar_free(in->acal);
    lsn_calendar_free(in->cal);
    lsn_org_free(in->aorg);
    lsn_org_free(in->org);
    lsn_whatif_free(&in->model);
    *in = (struct column_inputs){0};
}

/*
 * Wait for the last column's files, free its run and inputs, and print the
 * warnings held meanwhile (or drop them when the files could not be
 * written: the run stops there). rc is the caller's own result; the
 * writer's failure comes first, as it would have been said first.
 */
static int finish_column(struct columns *cols, int rc)
{
    char *mine = rc != LSN_OK && cols->writer != NULL ? strdup(lsn_error_last()) : NULL;
    int wrc = lsn_run_write_finish(cols->writer);
    cols->writer = NULL;
    if (cols->run.findings == *cols->baseline) {
        cols->run.findings = NULL; /* the baseline's, kept for the scenarios */
    }
    lsn_run_free(&cols->run);
    inputs_free(&cols->inputs);
    struct held *h = &cols->held;
    pthread_mutex_lock(&h->lock);
    for (size_t i = 0; i < h->n; i++) {
        if (wrc == LSN_OK) {
            lsn_cli_warning(warned.where, h->text[i]);
        }
        free(h->text[i]);
    }
    h->n = 0;
    h->on = false;
    pthread_mutex_unlock(&h->lock);
    if (wrc != LSN_OK) {
        rc = wrc;
    } else if (mine != NULL) {
        lsn_error_set(rc, "%s", mine);
    }
    free(mine);
    return rc;
}

/*
 * Run one column: analyze cal, begin writing OUT/NAME/ (finished by the
 * next column or finish_column), add it to the table. in holds what cal
 * needs and is freed once the files are written. The baseline comes
 * first, with diff NULL; the scenarios follow with their roster diff.
 */
static int run_column(struct columns *cols,
                      lsn_calendar *cal,
                      struct column_inputs *in,
                      bool roles,
                      const lsn_scenario_inputs *inputs,
                      const lsn_roster_diff *diff,
                      int64_t warnings_before_run)
{
    const lsn_settings *settings = cols->settings;
    bool baseline = diff == NULL;
    int rc;
    lsn_run *run = &cols->run;
    lsn_run_options ro = LSN_RUN_OPTIONS_INIT;
    ro.roles = roles;
    ro.impact = true; /* every report as analyze writes it */
    ro.progress = lsn_progress_run;
    ro.roles_progress = lsn_progress_roles;
    char *dir = lsn_fs_join(cols->out, inputs->name);
    if (dir == NULL) {
        inputs_free(in);
        return lsn_oom();
    }
    /* Analysed while the last column's files are written (warnings held
     * with theirs, in the order said), then written once they are. */
    int64_t start = warned.count;
    rc = lsn_run_analyze(&cols->next, cal, settings, &ro);
    if ((rc = finish_column(cols, rc)) != LSN_OK) {
        lsn_run_free(&cols->next);
        inputs_free(in);
        goto cleanup;
    }
    *run = cols->next;
    cols->next = (lsn_run){0};
    cols->inputs = *in; /* freed with the run */
    *in = (struct column_inputs){0};
    run->coverage = *cols->coverage; /* the run's report owns it now */
    *cols->coverage = NULL;
    /* As `analyze` counts them: this roster's, the load's, the run's. */
    lsn_calendar_stats_mut(cal)->warnings = warnings_before_run + (warned.count - start);
    lsn_progress_phase("writing the report");
    if ((rc = lsn_run_write_start(&cols->writer, run, settings, NULL, dir, NULL, NULL)) != LSN_OK) {
        goto cleanup;
    }
    cols->held.on = true;
    lsn_metrics m;
    lsn_metrics_compute_private(&m, run->analysis, run->findings, run->structure,
                                settings->min_group);
    if ((rc = lsn_compare_add(cols->table, inputs, &m, baseline ? NULL : *cols->baseline,
                              run->findings, diff)) != LSN_OK) {
        goto cleanup;
    }
    if (baseline) {
        *cols->baseline = run->findings; /* for the scenarios' differences; the run's until
                                            finish_column */
    }
cleanup:
    free(dir);
    return rc;
}

int cmd_compare(int argc, char **argv)
{
    lsn_cli_common co;
    const char *people = NULL, *teams = NULL, *needs = NULL, *out = NULL;
    lsn_load_options load = LSN_LOAD_OPTIONS_INIT;
    /* Roles (betweenness above all) cost about three times the rest of a
     * column, and no compared metric uses them: by default only the
     * baseline's report has them, so that 3 scenarios stay within 1.5x of
     * one analyze at company scale (issue 7). */
    bool roles = true, scenario_roles = false, timings = false, html = true;
    lsn_timings clock;
    lsn_settings settings;
    struct scenario *sc = NULL;
    size_t nsc = 0;
    int status = LSN_EXIT_OK, rc = LSN_OK;
    lsn_org *org = NULL, *sorg = NULL;
    lsn_calendar *cal = NULL, *scal = NULL;
    lsn_findings *base_findings = NULL;
    lsn_compare *table = NULL;
    lsn_roster_diff diff = {0};
    lsn_anon *anon = NULL;
    lsn_org **pre = NULL; /* anonymized runs: every scenario roster, loaded first */
    int64_t *pre_warnings = NULL;
    lsn_org *aorg = NULL, *asorg = NULL;
    lsn_calendar *acal = NULL, *ascal = NULL;
    lsn_coverage *coverage = NULL;
    size_t nwhatif = 0;        /* --changes and --proposal columns */
    lsn_changes *lists = NULL; /* by column: the change lists, read before any run */
    lsn_run brun = {0};        /* the baseline's model the change lists apply to */
    lsn_whatif model = {NULL, NULL};
    struct columns cols = {.baseline = &base_findings, .coverage = &coverage};

    pthread_mutex_init(&cols.held.lock, NULL);
    lsn_cli_common_init(&co);
    lsn_cli_args args = {.cmd = "compare", .usage = usage, .about = about,
                         .fixed = fixed_options, .nfixed = NFIXED, .common = &co};
    lsn_settings_defaults(&settings);
    warned.quiet = false;
    sc = calloc((size_t)argc + 1, sizeof(*sc));
    if (sc == NULL) {
        return lsn_cli_fail(lsn_oom());
    }
    int c;
    while ((c = lsn_cli_args_next(&args, argc, argv)) > 0) {
        switch (c) {
        case OPT_SCENARIO:
            if ((rc = parse_scenario(&sc[nsc++], optarg)) != LSN_OK) {
                status = rc == LSN_EINVAL ? lsn_cli_usage_error("compare", "%s", lsn_error_last())
                                          : lsn_cli_fail(rc);
                goto cleanup;
            }
            for (size_t k = 0; k + 1 < nsc; k++) {
                if (strcmp(sc[k].name, sc[nsc - 1].name) == 0) {
                    status = lsn_cli_usage_error("compare",
                                                 "--scenario: the name '%s' is used "
                                                 "twice",
                                                 sc[k].name);
                    goto cleanup;
                }
            }
            break;
        case OPT_CHANGES:
        case OPT_PROPOSAL:
            if (c == OPT_PROPOSAL) {
                memset(&sc[nsc++], 0, sizeof(*sc));
                sc[nsc - 1].name = "proposal";
                sc[nsc - 1].proposal = true;
                rc = LSN_OK;
            } else {
                rc = parse_changes(&sc[nsc++], optarg);
            }
            if (rc != LSN_OK) {
                status = rc == LSN_EINVAL ? lsn_cli_usage_error("compare", "%s", lsn_error_last())
                                          : lsn_cli_fail(rc);
                goto cleanup;
            }
            break;
        case OPT_NO_ROLES:
            roles = false;
            break;
        case OPT_ROLES:
            scenario_roles = true;
            break;
        case OPT_NO_HTML:
            html = false;
            break;
        }
    }
    if (c < 0) {
        status = args.status;
        goto cleanup;
    }
    warned.quiet = co.quiet;
    timings = co.timings;
    people = co.people;
    teams = co.teams;
    needs = co.needs;
    out = co.out;
    if (people == NULL && co.catalog == NULL) {
        status = lsn_cli_usage_error("compare", "--people or --catalog is required");
        goto cleanup;
    }
    if (nsc == 0) {
        status = lsn_cli_usage_error(
            "compare", "at least one --scenario, --changes or --proposal is required");
        goto cleanup;
    }
    if (out == NULL) {
        status = lsn_cli_usage_error("compare", "--out is required");
        goto cleanup;
    }
    if (optind >= argc) {
        status = lsn_cli_usage_error("compare", "no CALENDAR given (files or folders)");
        goto cleanup;
    }
    for (size_t i = 0; i < nsc; i++) {
        for (size_t k = 0; k < i; k++) {
            if (strcmp(sc[k].name, sc[i].name) == 0) {
                status = lsn_cli_usage_error("compare", "the column name '%s' is used twice",
                                             sc[k].name);
                goto cleanup;
            }
        }
    }
    status = lsn_cli_common_finish(&co, "compare");
    anon = co.anon;
    if (status != -1) {
        goto cleanup;
    }
    for (size_t i = 0; i < nsc; i++) {
        nwhatif += sc[i].people == NULL;
    }
    if (anon != NULL && nwhatif > 0) {
        status = lsn_cli_usage_error("compare", "--changes and --proposal do not work with "
                                                "--anonymize yet");
        goto cleanup;
    }
    status = LSN_EXIT_OK;
    settings = co.settings;
    load = co.load;
    load.on_progress = lsn_progress_load;

    lsn_cli_run_begin(&warned, anon);
    lsn_warn_set_handler(hold_warning, &cols.held);
    lsn_progress_begin(!warned.quiet);
    lsn_timings_start(&clock);
    lsn_progress_phase("reading the roster");
    lsn_catalog_options copts = lsn_cli_catalog_options(&settings);
    lsn_catalog_inputs beside = {people, teams, needs};
    if ((rc = lsn_catalog_load(&org, co.catalog, &beside, &copts)) != LSN_OK) {
        goto fail;
    }
    lsn_timings_mark(&clock, "roster");
    int64_t roster_warnings = warned.count;
    lsn_progress_phase("reading calendars");
    rc = lsn_calendar_load(&cal, org, (const char *const *)argv + optind, (size_t)(argc - optind),
                           &load);
    if (rc != LSN_OK) {
        goto fail;
    }
    /* Refused before anything is written: a window without a meeting, or a
     * baseline roster nobody of which meets (lsn_run_coverage). The
     * calendars' warnings count for every column, the roster's for the
     * baseline's only. */
    if ((rc = lsn_run_coverage(&coverage, cal, NULL, LSN_COVERAGE_WARN_WEEKS, anon)) != LSN_OK) {
        goto fail;
    }
    int64_t load_warnings = warned.count - roster_warnings;
    int64_t before_roster = warned.count;
    lsn_coverage_warn(coverage, NULL, LSN_COVERAGE_WARN_ROSTER);
    roster_warnings += warned.count - before_roster;
    lsn_timings_mark(&clock, "load");
    /* Anonymized: every roster is read first, so that pseudonyms are sized
     * over everyone any column names, then each column is remapped on the
     * loaded calendar and renamed (io/anon.h). */
    if (anon != NULL) {
        lsn_progress_phase("reading the scenario rosters");
        pre = calloc(nsc, sizeof(*pre));
        pre_warnings = calloc(nsc, sizeof(*pre_warnings));
        if (pre == NULL || pre_warnings == NULL) {
            rc = lsn_oom();
            goto fail;
        }
        rc = LSN_OK;
        for (size_t i = 0; i < nsc && rc == LSN_OK; i++) {
            if (sc[i].people == NULL) {
                continue;
            }
            int64_t before = warned.count;
            lsn_catalog_inputs scin = {sc[i].people, sc[i].teams != NULL ? sc[i].teams : teams,
                                       sc[i].needs != NULL ? sc[i].needs : needs};
            rc = lsn_catalog_load(&pre[i], co.catalog, &scin, &copts);
            pre_warnings[i] = warned.count - before;
            if (rc == LSN_OK) {
                rc = lsn_anon_add_org(anon, pre[i]);
            }
        }
        if (rc != LSN_OK || (rc = lsn_anon_add_org(anon, org)) != LSN_OK ||
            (rc = lsn_anon_add_calendar(anon, cal)) != LSN_OK ||
            (rc = lsn_anon_org(&aorg, anon, org)) != LSN_OK ||
            (rc = lsn_anon_calendar(&acal, anon, cal, aorg)) != LSN_OK) {
            goto fail;
        }
    }
    /* Every change list is read (and refused) before anything is written. */
    lists = calloc(nsc, sizeof(*lists));
    if (lists == NULL) {
        rc = lsn_oom();
        goto fail;
    }
    for (size_t i = 0; i < nsc; i++) {
        if (sc[i].changes != NULL &&
            (rc = lsn_changes_load(&lists[i], sc[i].changes, cal)) != LSN_OK) {
            goto fail;
        }
    }
    if ((rc = lsn_fs_make_dir(out)) != LSN_OK || (rc = lsn_compare_new(&table)) != LSN_OK) {
        goto fail;
    }
    lsn_compare_set_min_group(table, settings.min_group);
    lsn_scenario_inputs in = {"baseline", people, teams, needs};
    if (anon != NULL) {
        in.people = people != NULL ? lsn_anon_get(anon, LSN_ANON_FILE, people) : NULL;
        in.teams = teams != NULL ? lsn_anon_get(anon, LSN_ANON_FILE, teams) : NULL;
        in.needs = needs != NULL ? lsn_anon_get(anon, LSN_ANON_FILE, needs) : NULL;
    }
    lsn_progress_context("baseline (1/%zu)", nsc + 1);
    cols.table = table;
    cols.settings = &settings;
    cols.out = out;
    struct column_inputs none = {0};
    if ((rc = run_column(&cols, acal != NULL ? acal : cal, &none, roles, &in, NULL,
                         roster_warnings + load_warnings)) != LSN_OK) {
        goto fail;
    }
    lsn_timings_mark(&clock, "baseline");
    for (size_t i = 0; i < nsc; i++) {
        if (sc[i].people == NULL) {
            continue;
        }
        in.name = sc[i].name;
        lsn_progress_context("%s (%zu/%zu)", sc[i].name, i + 2, nsc + 1);
        lsn_progress_phase("reading the roster");
        in.people = sc[i].people;
        in.teams = sc[i].teams != NULL ? sc[i].teams : teams;
        in.needs = sc[i].needs != NULL ? sc[i].needs : needs;
        int64_t own;
        if (pre != NULL) {
            sorg = pre[i];
            pre[i] = NULL;
            own = pre_warnings[i];
        } else {
            int64_t before = warned.count;
            lsn_catalog_inputs scin = {in.people, in.teams, in.needs};
            if ((rc = lsn_catalog_load(&sorg, co.catalog, &scin, &copts)) != LSN_OK) {
                goto fail;
            }
            own = warned.count - before;
        }
        if ((rc = lsn_calendar_remap(&scal, cal, sorg)) != LSN_OK) {
            goto fail;
        }
        /* A scenario's roster that matches nobody is refused, by name; the
         * calendars' own warnings were said once, for the baseline. */
        char label[300];
        snprintf(label, sizeof(label), "scenario '%s'", sc[i].name);
        int64_t before_coverage = warned.count;
        if ((rc = lsn_run_coverage(&coverage, scal, label, LSN_COVERAGE_WARN_ROSTER, anon)) !=
            LSN_OK) {
            goto fail;
        }
        own += warned.count - before_coverage;
        lsn_calendar *use = scal;
        if (anon != NULL) {
            if ((rc = lsn_anon_org(&asorg, anon, sorg)) != LSN_OK ||
                (rc = lsn_anon_calendar(&ascal, anon, scal, asorg)) != LSN_OK) {
                goto fail;
            }
            use = ascal;
            in.people = lsn_anon_get(anon, LSN_ANON_FILE, in.people);
            in.teams = in.teams != NULL ? lsn_anon_get(anon, LSN_ANON_FILE, in.teams) : NULL;
            in.needs = in.needs != NULL ? lsn_anon_get(anon, LSN_ANON_FILE, in.needs) : NULL;
        }
        if ((rc = lsn_roster_diff_compute(&diff, aorg != NULL ? aorg : org,
                                          asorg != NULL ? asorg : sorg)) != LSN_OK) {
            goto fail;
        }
        warn_roster(in.name, &diff, settings.min_group <= 1);
        /* The column's calendars and rosters are the run's from here on. */
        struct column_inputs mine = {scal, ascal, sorg, asorg, {NULL, NULL}};
        scal = ascal = NULL;
        sorg = asorg = NULL;
        if ((rc = run_column(&cols, use, &mine, roles && scenario_roles, &in, &diff,
                             own + load_warnings)) != LSN_OK) {
            goto fail;
        }
        lsn_roster_diff_free(&diff);
        lsn_timings_mark(&clock, sc[i].name); /* lives as long as sc */
    }
    if (nwhatif > 0) {
        bool want_proposal = false;
        for (size_t i = 0; i < nsc; i++) {
            want_proposal |= sc[i].proposal;
        }
        lsn_run_options bo = LSN_RUN_OPTIONS_INIT;
        bo.roles = false;
        bo.proposal = want_proposal;
        lsn_progress_context("the change lists");
        if ((rc = finish_column(&cols, LSN_OK)) != LSN_OK ||
            (rc = lsn_run_analyze(&brun, cal, &settings, &bo)) != LSN_OK) {
            goto fail;
        }
    }
    for (size_t i = 0; i < nsc; i++) {
        if (sc[i].people != NULL) {
            continue;
        }
        lsn_progress_context("%s (%zu/%zu)", sc[i].name, i + 2, nsc + 1);
        if (sc[i].proposal) {
            int32_t *entry = NULL;
            rc = lsn_whatif_proposal_changes(&lists[i], &entry, brun.analysis, brun.proposal);
            free(entry);
            if (rc != LSN_OK) {
                goto fail;
            }
        }
        /* The last column's run may read the last model: written first. */
        if ((rc = finish_column(&cols, LSN_OK)) != LSN_OK ||
            (rc = lsn_whatif_apply(&model, brun.analysis, lists[i].items, lists[i].count)) !=
                LSN_OK) {
            goto fail;
        }
        char label[300];
        snprintf(label, sizeof(label), "column '%s'", sc[i].name);
        if ((rc = lsn_run_coverage(&coverage, model.cal, label, 0, NULL)) != LSN_OK ||
            (rc = lsn_roster_diff_compute(&diff, org, model.org != NULL ? model.org : org)) !=
                LSN_OK) {
            goto fail;
        }
        lsn_scenario_inputs win = {sc[i].name, people, teams, needs};
        struct column_inputs mine = {.model = model};
        model = (lsn_whatif){NULL, NULL};
        if ((rc = run_column(&cols, mine.model.cal, &mine, roles && scenario_roles, &win, &diff,
                             load_warnings)) != LSN_OK) {
            goto fail;
        }
        lsn_roster_diff_free(&diff);
        lsn_timings_mark(&clock, sc[i].name);
    }
    if ((rc = finish_column(&cols, LSN_OK)) != LSN_OK) {
        goto fail;
    }
    lsn_timings_mark(&clock, "reports");
    lsn_progress_context(NULL);
    lsn_progress_phase("writing the table");
    if ((rc = lsn_compare_write(table, acal != NULL ? acal : cal, out)) != LSN_OK) {
        goto fail;
    }
    lsn_timings_mark(&clock, "table");
    if (html) {
        /* Each scenario's teams diagram is laid out from its report.json. */
        lsn_dot_options dot = LSN_DOT_OPTIONS_INIT;
        dot.progress = lsn_progress_dot;
        lsn_progress_phase("writing compare.html");
        if ((rc = lsn_html_compare_file(out, &dot)) != LSN_OK) {
            goto fail;
        }
        lsn_timings_mark(&clock, "html");
    }
    lsn_progress_end();
    if (!warned.quiet) {
        lsn_compare_print(stdout, table);
        printf("\ncomparison: %s/compare.md, %s/compare.csv, %s/compare.json%s%s%s\n", out, out,
               out, html ? ", " : "", html ? out : "", html ? "/compare.html" : "");
    }
    if (timings) {
        lsn_timings_print(stderr, &clock, 0);
    }
    goto cleanup;
fail:
    status = lsn_cli_fail(finish_column(&cols, rc));
cleanup:
    finish_column(&cols, LSN_OK); /* nothing left running when a usage error stops early */
    lsn_run_free(&cols.next);
    lsn_cli_run_end();
    free(cols.held.text);
    pthread_mutex_destroy(&cols.held.lock);
    for (size_t i = 0; pre != NULL && i < nsc; i++) {
        lsn_org_free(pre[i]);
    }
    free(pre);
    free(pre_warnings);
    lsn_coverage_free(coverage);
    lsn_whatif_free(&model);
    lsn_run_free(&brun);
    for (size_t i = 0; lists != NULL && i < nsc; i++) {
        lsn_changes_clear(&lists[i]);
    }
    free(lists);
    lsn_calendar_free(ascal);
    lsn_calendar_free(acal);
    lsn_org_free(asorg);
    lsn_org_free(aorg);
    lsn_anon_free(anon);
    lsn_roster_diff_free(&diff);
    lsn_compare_free(table);
    lsn_findings_free(base_findings);
    lsn_calendar_free(scal);
    lsn_calendar_free(cal);
    lsn_org_free(sorg);
    lsn_org_free(org);
    for (size_t i = 0; i < nsc; i++) {
        free(sc[i].spec);
    }
    free(sc);
    return status;
}
