/*
 * cli/cmd_analyze.c — `liaison analyze`: parse options, load the roster and
 * the calendars, derive the model, write the report and print the summary.
 * Orchestration only; every rule lives in io/, analysis/ or viz/.
 */
#include "cli/commands.h"

#include "analysis/analysis.h"
#include "analysis/passes.h"
#include "analysis/roles.h"
#include "analysis/structure.h"
#include "cli/params.h"
#include "cli/pipeline.h"
#include "cli/slices.h"
#include "cli/timings.h"
#include "io/anon.h"
#include "io/error.h"
#include "io/load.h"
#include "io/roster.h"
#include "viz/dot.h"
#include "viz/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    OPT_PEOPLE = 256,
    OPT_TEAMS,
    OPT_NEEDS,
    OPT_FROM,
    OPT_TO,
    OPT_TZ,
    OPT_OUT,
    OPT_CONFIG,
    OPT_QUIET,
    OPT_TIMINGS,
    OPT_SLICE,
    OPT_SVG,
    OPT_THREADS,
    OPT_MIN_EDGE_HOURS,
    OPT_ANONYMIZE,
    OPT_ANONYMIZE_TEAMS,
    OPT_HELP,
    OPT_PARAM = 1000, /* + index in lsn_param_defs */
};

static const lsn_cli_option fixed_options[] = {
    {"people", "FILE", OPT_PEOPLE, "the roster: email, team, name, manager (required)"},
    {"teams", "FILE", OPT_TEAMS, "the hierarchy: team, parent, name"},
    {"needs", "FILE", OPT_NEEDS, "declared needs: team, from, context, availability"},
    {"from", "DATE", OPT_FROM, "first day of the window, YYYY-MM-DD (default: to - 91 days)"},
    {"to", "DATE", OPT_TO, "day after the window, YYYY-MM-DD (default: from the newest DTSTAMP)"},
    {"tz", "ZONE", OPT_TZ, "zone of floating times and of the window's edges (default UTC)"},
    {"out", "DIR", OPT_OUT, "folder for report.json and the other outputs (required)"},
    {"config", "FILE", OPT_CONFIG, "thresholds as 'key = value' lines (keys as in parameters)"},
    {"threads", "N", OPT_THREADS,
     "threads that read the calendar files (default: one per CPU; same output for any N)"},
    {"svg", NULL, OPT_SVG, "also render teams.svg and proposal.svg (in-process, through gvc)"},
    {"min-edge-hours", "X", OPT_MIN_EDGE_HOURS,
     "diagrams hide team links under X meeting hours per week (default 0.5; 0 shows all)"},
    {"slice", "SPEC", OPT_SLICE,
     "also analyze each week, month or N-weeks of the window: slices.csv and 'slices'"},
    {"anonymize", "SALT", OPT_ANONYMIZE,
     "write keyed pseudonyms (p-3f9a1c) for every email, name, subject and input path"},
    {"anonymize-teams", NULL, OPT_ANONYMIZE_TEAMS,
     "with --anonymize, pseudonyms for team and unit ids (and no unit names) too"},
    {"quiet", NULL, OPT_QUIET, "print no summary and no warnings, only errors"},
    {"timings", NULL, OPT_TIMINGS, "print wall time and peak memory per phase to stderr"},
    {"help", NULL, OPT_HELP, "show this help and exit"},
};

#define NFIXED (sizeof(fixed_options) / sizeof(fixed_options[0]))
#define MAX_OPTIONS 64

static const char usage[] =
    "liaison analyze --people FILE [--teams FILE] [--needs FILE] [--from DATE --to DATE]\n"
    "                [--tz ZONE] [--config FILE] [options] --out DIR CALENDAR...";

static const char about[] =
    "Reads the calendars (iCalendar files, or folders of them, read recursively)\n"
    "against the roster and writes DIR/report.json (input accounting, summary,\n"
    "findings, liaison links, people with their roles, teams with their links,\n"
    "proposal, parameters), DIR/findings.csv and the diagrams DIR/teams.dot and\n"
    "DIR/proposal.dot (with --svg also as SVG), and prints a summary. Every threshold is\n"
    "an option below and a key of --config; the command line wins over the file.\n"
    "Privacy: --anonymize SALT writes keyed pseudonyms instead of every email, name,\n"
    "meeting subject and input path (stdout and stderr included); --min-group N\n"
    "leaves out the figures of teams and units under N people and, for N > 1,\n"
    "every person-level section (counted in 'suppressed').\n"
    "Exit status: 0 success (findings are not errors), 1 unusable input,\n"
    "2 usage error, 3 internal error.";

/* The fixed options then one per parameter, for getopt and --help alike. */
static size_t all_options(lsn_cli_option *out)
{
    size_t n = 0;
    for (size_t i = 0; i < NFIXED - 1; i++) { /* --help goes last */
        out[n++] = fixed_options[i];
    }
    for (size_t i = 0; lsn_param_defs[i].key != NULL && n < MAX_OPTIONS - 2; i++) {
        out[n].name = lsn_param_defs[i].option;
        out[n].arg = lsn_param_defs[i].integer ? "N" : "X";
        out[n].id = OPT_PARAM + (int)i;
        out[n].help = lsn_param_defs[i].help;
        n++;
    }
    out[n++] = fixed_options[NFIXED - 1];
    return n;
}

static int64_t warnings;
static bool quiet;

static void count_warning(void *ud, const char *message)
{
    (void)ud;
    warnings++;
    if (!quiet) {
        lsn_cli_warning(NULL, message);
    }
}

int cmd_analyze(int argc, char **argv)
{
    lsn_cli_option options[MAX_OPTIONS];
    size_t noptions = all_options(options);
    struct option longopts[MAX_OPTIONS + 1];
    const char *people = NULL, *teams = NULL, *needs = NULL, *out = NULL, *config = NULL;
    const char *param_text[MAX_OPTIONS] = {NULL};
    lsn_load_options load = LSN_LOAD_OPTIONS_INIT;
    bool timings = false;
    lsn_load_profile profile;
    memset(&profile, 0, sizeof(profile));
    const char *slice = NULL;
    lsn_dot_options dot = LSN_DOT_OPTIONS_INIT;
    const char *salt = NULL;
    bool anonymize_teams = false;
    lsn_timings clock;
    lsn_settings settings;
    lsn_settings_defaults(&settings);
    lsn_cli_longopts(longopts, options, noptions);
    quiet = false;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_PEOPLE:
            people = optarg;
            break;
        case OPT_TEAMS:
            teams = optarg;
            break;
        case OPT_NEEDS:
            needs = optarg;
            break;
        case OPT_FROM:
            load.from = optarg;
            break;
        case OPT_TO:
            load.to = optarg;
            break;
        case OPT_TZ:
            load.tz = optarg;
            break;
        case OPT_OUT:
            out = optarg;
            break;
        case OPT_CONFIG:
            config = optarg;
            break;
        case OPT_QUIET:
            quiet = true;
            break;
        case OPT_TIMINGS:
            timings = true;
            break;
        case OPT_SLICE:
            slice = optarg;
            break;
        case OPT_SVG:
            dot.svg = true;
            break;
        case OPT_THREADS: {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (end == optarg || *end != '\0' || n < 1 || n > 256) {
                return lsn_cli_usage_error("analyze", "--threads: '%s' is not a number from 1 to 256",
                                           optarg);
            }
            load.threads = (int)n;
            break;
        }
        case OPT_ANONYMIZE:
            salt = optarg;
            break;
        case OPT_ANONYMIZE_TEAMS:
            anonymize_teams = true;
            break;
        case OPT_MIN_EDGE_HOURS: {
            char *end;
            dot.min_edge_hours = strtod(optarg, &end);
            if (end == optarg || *end != '\0' || !(dot.min_edge_hours >= 0)) {
                return lsn_cli_usage_error("analyze",
                                           "--min-edge-hours: '%s' is not a number >= 0", optarg);
            }
            break;
        }
        case 'h':
        case OPT_HELP:
            lsn_cli_help(usage, about, options, noptions);
            return LSN_EXIT_OK;
        default:
            if (c >= OPT_PARAM && c < OPT_PARAM + (int)lsn_param_count()) {
                param_text[c - OPT_PARAM] = optarg;
                break;
            }
            /* getopt_long already said what was wrong */
            fprintf(stderr, "try 'liaison analyze --help'\n");
            return LSN_EXIT_USAGE;
        }
    }
    if (people == NULL) {
        return lsn_cli_usage_error("analyze", "--people is required");
    }
    if (out == NULL) {
        return lsn_cli_usage_error("analyze", "--out is required");
    }
    if (optind >= argc) {
        return lsn_cli_usage_error("analyze", "no CALENDAR given (files or folders)");
    }
    int y, m, d;
    if (load.from != NULL && lsn_parse_date(load.from, &y, &m, &d) != LSN_OK) {
        return lsn_cli_usage_error("analyze", "--from: '%s' is not a date (YYYY-MM-DD)",
                                   load.from);
    }
    if (load.to != NULL && lsn_parse_date(load.to, &y, &m, &d) != LSN_OK) {
        return lsn_cli_usage_error("analyze", "--to: '%s' is not a date (YYYY-MM-DD)", load.to);
    }
    int rc;
    lsn_slice_spec spec;
    if (slice != NULL && lsn_slice_spec_parse(&spec, slice) != LSN_OK) {
        return lsn_cli_usage_error("analyze", "%s", lsn_error_last());
    }
    if (config != NULL && (rc = lsn_settings_load(&settings, config)) != LSN_OK) {
        return lsn_cli_fail(rc);
    }
    /* The command line wins over the config file. */
    for (size_t i = 0; lsn_param_defs[i].key != NULL; i++) {
        if (param_text[i] == NULL) {
            continue;
        }
        char where[80];
        snprintf(where, sizeof(where), "--%s", lsn_param_defs[i].option);
        if (lsn_settings_set(&settings, &lsn_param_defs[i], param_text[i], where) != LSN_OK) {
            return lsn_cli_usage_error("analyze", "%s", lsn_error_last());
        }
    }
    if (anonymize_teams && salt == NULL) {
        return lsn_cli_usage_error("analyze", "--anonymize-teams needs --anonymize SALT");
    }
    lsn_anon *anon = NULL;
    if (salt != NULL && (rc = lsn_anon_new(&anon, salt, anonymize_teams)) != LSN_OK) {
        return rc == LSN_EINVAL ? lsn_cli_usage_error("analyze", "%s", lsn_error_last())
                                : lsn_cli_fail(rc);
    }
    settings.anonymize = anon != NULL;
    settings.anonymize_teams = anonymize_teams;
    load.progress = !quiet;
    load.profile = &profile;

    warnings = 0;
    lsn_warn_set_handler(count_warning, NULL);
    lsn_cli_set_anon(anon);
    int status = LSN_EXIT_OK;
    lsn_org *org = NULL, *aorg = NULL;
    lsn_calendar *cal = NULL, *acal = NULL;
    lsn_run run = {0};
    char *report = NULL;
    lsn_param *params = NULL;

    lsn_timings_start(&clock);
    if ((rc = lsn_roster_load(&org, people, teams, needs)) != LSN_OK) {
        goto fail;
    }
    lsn_timings_mark(&clock, "roster");
    rc = lsn_calendar_load(&cal, org, (const char *const *)argv + optind, (size_t)(argc - optind),
                           &load);
    if (rc != LSN_OK) {
        goto fail;
    }
    lsn_timings_mark(&clock, "load");
    /* From here on the analysis, the report, the diagrams and the summary
     * see only the pseudonymized copies (io/anon.h). */
    if (anon != NULL) {
        if ((rc = lsn_anon_add_org(anon, org)) != LSN_OK ||
            (rc = lsn_anon_add_calendar(anon, cal)) != LSN_OK ||
            (rc = lsn_anon_org(&aorg, anon, org)) != LSN_OK ||
            (rc = lsn_anon_calendar(&acal, anon, cal, aorg)) != LSN_OK) {
            goto fail;
        }
        lsn_timings_mark(&clock, "anonymize");
    }
    if ((rc = lsn_run_analyze(&run, acal != NULL ? acal : cal, &settings, true, &clock)) !=
        LSN_OK) {
        goto fail;
    }
    if (slice != NULL) {
        /* Slices write figures only (no name), so they may read the loaded
         * calendar: renamed calendars are not sliced (io/model.h). */
        if ((rc = lsn_make_dir(out)) != LSN_OK ||
            (rc = lsn_slices_write(&run.slices, cal, &settings, slice, out)) != LSN_OK) {
            goto fail;
        }
        lsn_timings_mark(&clock, "slices");
    }
    lsn_calendar_stats_mut(acal != NULL ? acal : cal)->warnings = warnings;
    if ((rc = lsn_run_write(&run, &settings, out, &report)) != LSN_OK) {
        goto fail;
    }
    lsn_timings_mark(&clock, "report");
    /* Drawn from the report just written, exactly as `liaison render` does. */
    if ((rc = lsn_dot_render_file(report, out, &dot)) != LSN_OK) {
        goto fail;
    }
    lsn_timings_mark(&clock, "render");
    if (!quiet) {
        params = calloc(lsn_run_nparams(), sizeof(*params));
        if (params == NULL) {
            rc = lsn_error_set(LSN_ENOMEM, "out of memory");
            goto fail;
        }
        lsn_report r = lsn_run_report(&run, &settings, params);
        lsn_report_print_summary(stdout, &r, report);
    }
    if (timings) {
        lsn_timings_print(stderr, &clock, (double)profile.bytes);
        fprintf(stderr,
                "load: %d threads; read+parse %.3f s, window %.3f s, expand+merge %.3f s; "
                "%lld VEVENTs by the fast reader, %lld by libical\n",
                profile.threads, profile.read_parse, profile.window, profile.expand_merge,
                (long long)profile.vevents_fast, (long long)profile.vevents_libical);
    }
    goto cleanup;
fail:
    status = lsn_cli_fail(rc);
cleanup:
    lsn_warn_set_handler(NULL, NULL);
    lsn_cli_set_anon(NULL);
    free(report);
    free(params);
    lsn_run_free(&run);
    lsn_calendar_free(acal);
    lsn_calendar_free(cal);
    lsn_org_free(aorg);
    lsn_org_free(org);
    lsn_anon_free(anon);
    return status;
}
