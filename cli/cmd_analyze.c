/*
 * cli/cmd_analyze.c — `liaison analyze`: parse options, load the roster and
 * the calendars, derive the model, write the report and print the summary.
 * Orchestration only; every rule lives in io/, analysis/ or viz/.
 */
#include "cli/commands.h"

#include "analysis/analysis.h"
#include "io/error.h"
#include "io/load.h"
#include "io/roster.h"
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
    OPT_BROADCAST,
    OPT_LIAISON_MIN_INSTANCES,
    OPT_QUIET,
    OPT_HELP,
};

static const lsn_cli_option options[] = {
    {"people", "FILE", OPT_PEOPLE, "the roster: email, team, name, manager (required)"},
    {"teams", "FILE", OPT_TEAMS, "the hierarchy: team, parent, name"},
    {"needs", "FILE", OPT_NEEDS, "declared needs: team, from, context, availability"},
    {"from", "DATE", OPT_FROM, "first day of the window, YYYY-MM-DD (default: to - 91 days)"},
    {"to", "DATE", OPT_TO, "day after the window, YYYY-MM-DD (default: from the newest DTSTAMP)"},
    {"tz", "ZONE", OPT_TZ, "zone of floating times and of the window's edges (default UTC)"},
    {"out", "DIR", OPT_OUT, "folder for report.json and the other outputs (required)"},
    {"broadcast-size", "N", OPT_BROADCAST,
     "instances with more than N people are broadcasts (default 50)"},
    {"liaison-min-instances", "N", OPT_LIAISON_MIN_INSTANCES,
     "team meetings of another team that make a liaison link (default 4)"},
    {"quiet", NULL, OPT_QUIET, "print no summary and no warnings, only errors"},
    {"help", NULL, OPT_HELP, "show this help and exit"},
};

#define NOPTIONS (sizeof(options) / sizeof(options[0]))

static const char usage[] =
    "liaison analyze --people FILE [--teams FILE] [--needs FILE] [--from DATE --to DATE]\n"
    "                [--tz ZONE] [options] --out DIR CALENDAR...";

static const char about[] =
    "Reads the calendars (iCalendar files, or folders of them, read recursively)\n"
    "against the roster and writes DIR/report.json: the input accounting, the\n"
    "summary, every team with its links, every person's meeting load and the\n"
    "liaison links. Exit status: 0 success, 1 unusable input, 2 usage error,\n"
    "3 internal error.";

static int64_t warnings;
static bool quiet;

static void count_warning(void *ud, const char *message)
{
    (void)ud;
    warnings++;
    if (!quiet) {
        fprintf(stderr, "liaison: warning: %s\n", message);
    }
}

static int parse_int(const char *name, const char *s, int32_t min, int32_t *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || *end != '\0' || end == s || v < min || v > 1000000) {
        return lsn_cli_usage_error("analyze", "--%s: '%s' is not a whole number >= %d", name, s,
                                   min);
    }
    *out = (int32_t)v;
    return 0;
}

static int make_dir(const char *dir)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        return lsn_error_set(LSN_EIO, "%s: cannot create: %s", dir, strerror(errno));
    }
    return LSN_OK;
}

int cmd_analyze(int argc, char **argv)
{
    struct option longopts[NOPTIONS + 1];
    const char *people = NULL, *teams = NULL, *needs = NULL, *out = NULL;
    lsn_load_options load = LSN_LOAD_OPTIONS_INIT;
    lsn_analysis_options aopts = LSN_ANALYSIS_OPTIONS_INIT;
    aopts.broadcast_size = 50;
    aopts.liaison_min_instances = 4;
    lsn_cli_longopts(longopts, options, NOPTIONS);
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
        case OPT_BROADCAST:
            if (parse_int("broadcast-size", optarg, 2, &aopts.broadcast_size) != 0) {
                return LSN_EXIT_USAGE;
            }
            break;
        case OPT_LIAISON_MIN_INSTANCES:
            if (parse_int("liaison-min-instances", optarg, 1, &aopts.liaison_min_instances) !=
                0) {
                return LSN_EXIT_USAGE;
            }
            break;
        case OPT_QUIET:
            quiet = true;
            break;
        case 'h':
        case OPT_HELP:
            lsn_cli_help(usage, about, options, NOPTIONS);
            return LSN_EXIT_OK;
        default:
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
    load.progress = !quiet;

    warnings = 0;
    lsn_warn_set_handler(count_warning, NULL);
    int rc, status = LSN_EXIT_OK;
    lsn_org *org = NULL;
    lsn_calendar *cal = NULL;
    lsn_analysis *an = NULL;
    char *report = NULL;

    if ((rc = lsn_roster_load(&org, people, teams, needs)) != LSN_OK) {
        status = lsn_cli_fail(rc);
        goto cleanup;
    }
    rc = lsn_calendar_load(&cal, org, (const char *const *)argv + optind, (size_t)(argc - optind),
                           &load);
    if (rc != LSN_OK) {
        status = lsn_cli_fail(rc);
        goto cleanup;
    }
    lsn_calendar_stats_mut(cal)->warnings = warnings;
    if ((rc = lsn_analysis_build(&an, cal, &aopts)) != LSN_OK) {
        status = lsn_cli_fail(rc);
        goto cleanup;
    }
    if ((rc = make_dir(out)) != LSN_OK) {
        status = lsn_cli_fail(rc);
        goto cleanup;
    }
    size_t n = strlen(out) + 16;
    report = malloc(n);
    if (report == NULL) {
        status = lsn_cli_fail(lsn_error_set(LSN_ENOMEM, "out of memory"));
        goto cleanup;
    }
    snprintf(report, n, "%s/report.json", out);
    const lsn_window *w = lsn_calendar_window(cal);
    const lsn_param params[] = {
        {"from", w->from_date, 0},
        {"to", w->to_date, 0},
        {"tz", w->tz, 0},
        {"broadcast_size", NULL, aopts.broadcast_size},
        {"liaison_min_instances", NULL, aopts.liaison_min_instances},
    };
    if ((rc = lsn_report_write_json(report, an, params, sizeof(params) / sizeof(params[0]))) !=
        LSN_OK) {
        status = lsn_cli_fail(rc);
        goto cleanup;
    }
    if (!quiet) {
        lsn_report_print_summary(stdout, an, report);
    }
cleanup:
    lsn_warn_set_handler(NULL, NULL);
    free(report);
    lsn_analysis_free(an);
    lsn_calendar_free(cal);
    lsn_org_free(org);
    return status;
}
