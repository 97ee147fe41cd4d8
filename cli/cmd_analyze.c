/*
 * cli/cmd_analyze.c — `liaison analyze`: parse options, load the roster and
 * the calendars, derive the model, write the report and print the summary.
 * Orchestration only; every rule lives in io/, analysis/ or viz/.
 */
#include "cli/commands.h"

#include "analysis/params.h"
#include "analysis/run.h"
#include "analysis/slices.h"
#include "cli/inputs.h"
#include "cli/options.h"
#include "cli/progress.h"
#include "io/anon.h"
#include "io/catalog.h"
#include "io/error.h"
#include "io/fsutil.h"
#include "io/load.h"
#include "io/plural.h"
#include "io/roster.h"
#include "io/timings.h"
#include "viz/dot.h"
#include "viz/html.h"
#include "viz/outputs.h"
#include "viz/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    OPT_SLICE = LSN_OPT_COMMON_END,
    OPT_SVG,
    OPT_MIN_EDGE_HOURS,
    OPT_NO_HTML,
};

static const lsn_cli_option fixed_options[] = {
    {.id = LSN_OPT_PEOPLE},
    {.id = LSN_OPT_TEAMS},
    {.id = LSN_OPT_NEEDS},
    {.id = LSN_OPT_CATALOG,
     .help = "a Backstage catalog (YAML file or folder): people, hierarchy, derived needs"},
    {.id = LSN_OPT_FROM},
    {.id = LSN_OPT_TO},
    {.id = LSN_OPT_TZ},
    {.id = LSN_OPT_OUT, .help = "folder for report.json and the other outputs (required)"},
    {.id = LSN_OPT_CONFIG,
     .help = "'key = value' lines: any threshold below, from, to, tz, min-edge-hours"},
    {.id = LSN_OPT_THREADS},
    {"svg", NULL, OPT_SVG, "also render teams.svg and proposal.svg (in-process, through gvc)"},
    {"min-edge-hours", "X", OPT_MIN_EDGE_HOURS,
     "diagrams hide team links under X meeting hours per week (default 0.5; 0 shows all)"},
    {"no-html", NULL, OPT_NO_HTML, "do not write report.html (the page for people)"},
    {"slice", "PERIOD", OPT_SLICE,
     "also analyze each week, month or N-weeks of the window: slices.csv and 'slices'"},
    {.id = LSN_OPT_ANONYMIZE},
    {.id = LSN_OPT_ANONYMIZE_TEAMS},
    {.id = LSN_OPT_QUIET},
    {.id = LSN_OPT_TIMINGS, .help = "print wall time and peak memory per phase to stderr"},
};

#define NFIXED (sizeof(fixed_options) / sizeof(fixed_options[0]))

static const char usage[] =
    "liaison analyze --people FILE [--teams FILE] [--needs FILE] [--catalog PATH]\n"
    "                [--from DATE --to DATE]\n"
    "                [--tz ZONE] [--config FILE] [options] --out DIR CALENDAR...";

static const char about[] =
    "Reads the calendars (iCalendar .ics, Outlook CSV and Microsoft Graph JSON\n"
    "exports, each known by its content; files, or folders of them read\n"
    "recursively) against the roster (CSV: --people, --teams, --needs) and\n"
    "writes DIR/report.json (input accounting, summary, findings, liaison links,\n"
    "people with their roles, teams with their links, proposal, parameters),\n"
    "DIR/findings.csv, the tidy tables DIR/tables/*.csv, the graphs\n"
    "DIR/person.graphml and DIR/teams.graphml, the diagrams DIR/teams.dot and\n"
    "DIR/proposal.dot (with --svg also as SVG; above 40 teams an overview and\n"
    "DIR/units/UNIT.dot per unit) and DIR/report.html (one self-contained page\n"
    "for people: findings explained, diagrams inline; --no-html: none), and\n"
    "prints a summary. Every threshold is\n"
    "an option below and a key of --config (its name without '--', or the report's\n"
    "spelling: rule-of-eight or rule_of_eight), as are from, to, tz and\n"
    "min-edge-hours; the command line wins over the file.\n"
    "--catalog reads Backstage Groups as the hierarchy, Users as the roster and the\n"
    "dependencies between what Groups own as needs (with their evidence); --people,\n"
    "--teams and --needs given beside it win over it.\n"
    "Privacy: --anonymize SALT writes keyed pseudonyms instead of every email, name,\n"
    "meeting subject and input path (stdout and stderr included); --min-group N\n"
    "leaves out the figures of teams and units under N people and, for N > 1,\n"
    "every person-level section (counted in 'suppressed').\n"
    "Exit status: 0 success (findings are not errors), 1 unusable input,\n"
    "2 usage error, 3 internal error.";

/* The run's warnings; the handler lsn_cli_count_warning() counts them. */
static lsn_cli_warnings warned;

int cmd_analyze(int argc, char **argv)
{
    lsn_cli_common co;
    lsn_cli_common_init(&co);
    lsn_cli_args args = {.cmd = "analyze", .usage = usage, .about = about,
                         .fixed = fixed_options, .nfixed = NFIXED, .common = &co};
    lsn_load_profile profile;
    memset(&profile, 0, sizeof(profile));
    const char *slice = NULL;
    lsn_dot_options dot = LSN_DOT_OPTIONS_INIT;
    bool min_edge_hours_given = false;
    bool html = true;
    char *html_path = NULL, *svgs = NULL;
    json_t *report_json = NULL;
    lsn_run_writer *writer = NULL;
    lsn_timings clock;
    warned.quiet = false;
    int c;
    while ((c = lsn_cli_args_next(&args, argc, argv)) > 0) {
        switch (c) {
        case OPT_SLICE:
            slice = optarg;
            break;
        case OPT_SVG:
            dot.svg = true;
            break;
        case OPT_NO_HTML:
            html = false;
            break;
        case OPT_MIN_EDGE_HOURS: {
            char *end;
            dot.min_edge_hours = strtod(optarg, &end);
            if (end == optarg || *end != '\0' || !(dot.min_edge_hours >= 0)) {
                return lsn_cli_usage_error("analyze", "--min-edge-hours: '%s' is not a number >= 0",
                                           optarg);
            }
            min_edge_hours_given = true;
            break;
        }
        }
    }
    if (c < 0) {
        return args.status;
    }
    warned.quiet = co.quiet;
    const char *people = co.people, *teams = co.teams, *needs = co.needs, *out = co.out;
    if (people == NULL && co.catalog == NULL) {
        return lsn_cli_usage_error("analyze", "--people or --catalog is required");
    }
    if (out == NULL) {
        return lsn_cli_usage_error("analyze", "--out is required");
    }
    if (optind >= argc) {
        return lsn_cli_usage_error("analyze", "no CALENDAR given (files or folders)");
    }
    /* The dates first, then --slice, then the rest of the shared checks. */
    int rc = lsn_cli_common_dates(&co, "analyze");
    if (rc != -1) {
        return rc;
    }
    lsn_slice_spec spec;
    if (slice != NULL && lsn_slice_spec_parse(&spec, slice) != LSN_OK) {
        return lsn_cli_usage_error("analyze", "%s", lsn_error_last());
    }
    if ((rc = lsn_cli_common_finish(&co, "analyze")) != -1) {
        return rc;
    }
    lsn_anon *anon = co.anon;
    lsn_settings settings = co.settings;
    lsn_load_options load = co.load;
    bool timings = co.timings;
    load.on_progress = lsn_progress_load;
    load.profile = &profile;
    if (!min_edge_hours_given && co.config_min_edge_hours >= 0) {
        dot.min_edge_hours = co.config_min_edge_hours;
    }
    dot.progress = lsn_progress_dot;
    dot.draw_jobs = settings.passes.threads; /* --threads 1: the diagrams in this process too */

    lsn_cli_run_begin(&warned, anon);
    int status = LSN_EXIT_OK;
    lsn_cli_inputs in = {0};
    lsn_run run = {0};
    lsn_run_options ro = LSN_RUN_OPTIONS_INIT;
    ro.timings = &clock;
    ro.progress = lsn_progress_run;
    ro.roles_progress = lsn_progress_roles;
    ro.impact = true; /* the proposal's own impact, report.json `proposal_impact` */
    json_t *slices = NULL;
    char *report = NULL;
    lsn_param *params = NULL;

    lsn_progress_begin(!warned.quiet);
    lsn_timings_start(&clock);
    lsn_progress_phase("reading the roster");
    lsn_catalog_inputs beside = {people, teams, needs};
    lsn_catalog_options copts = lsn_cli_catalog_options(&settings);
    if ((rc = lsn_catalog_load(&in.org, co.catalog, &beside, &copts)) != LSN_OK) {
        goto fail;
    }
    lsn_timings_mark(&clock, "roster");
    lsn_progress_phase("reading calendars");
    rc = lsn_calendar_load(&in.cal, in.org, (const char *const *)argv + optind,
                           (size_t)(argc - optind), &load);
    if (rc != LSN_OK) {
        goto fail;
    }
    lsn_timings_mark(&clock, "load");
    /* A window without a meeting, or a roster nobody of which meets, gives
     * a confident report about nothing: refused here. */
    if ((rc = lsn_run_coverage(&in.coverage, in.cal, NULL, LSN_COVERAGE_WARN_ALL, anon)) != LSN_OK) {
        goto fail;
    }
    /* From here on the analysis, the report, the diagrams and the summary
     * see only the pseudonymized copies (io/anon.h). */
    if (anon != NULL) {
        lsn_progress_phase("anonymizing");
        if ((rc = lsn_cli_inputs_anonymize(&in, anon)) != LSN_OK) {
            goto fail;
        }
        lsn_timings_mark(&clock, "anonymize");
    }
    if ((rc = lsn_run_analyze(&run, in.acal != NULL ? in.acal : in.cal, &settings, &ro)) != LSN_OK) {
        goto fail;
    }
    run.coverage = in.coverage;
    in.coverage = NULL;
    if (slice != NULL) {
        /* Slices write figures only (no name), so they may read the loaded
         * calendar: renamed calendars are not sliced (io/model.h). */
        lsn_progress_phase("analyzing the slices");
        if ((rc = lsn_fs_make_dir(out)) != LSN_OK ||
            (rc = lsn_slices_write(&slices, in.cal, &settings, slice, out)) != LSN_OK) {
            goto fail;
        }
        lsn_timings_mark(&clock, "slices");
    }
    lsn_calendar_stats_mut(in.acal != NULL ? in.acal : in.cal)->warnings = warned.count;
    lsn_progress_phase("writing the report");
    /* Without the page only the diagrams read the tree: it keeps only what they read. */
    if ((rc = lsn_run_write_begin(&writer, &run, &settings, slices, out, &report, &report_json,
                                  html ? LSN_REPORT_TREE_FULL : LSN_REPORT_TREE_DIAGRAMS)) !=
        LSN_OK) {
        goto fail;
    }
    /* The tables and graphs are written on a second thread while the DOT
     * files are drawn; not while diagrams are laid out, which forks the
     * layout processes (a fork copies only the thread that calls it). */
    if (html || dot.svg) {
        rc = lsn_run_write_finish(writer);
        writer = NULL;
        if (rc != LSN_OK) {
            goto fail;
        }
    }
    lsn_timings_mark(&clock, "report");
    /* Drawn from the report just written, exactly as `liaison render` does
     * (report_json is that file as read back, not parsed again); without
     * --svg the page's diagrams are laid out in a temporary folder at the
     * same time. */
    lsn_progress_phase("drawing the diagrams");
    if (html && !dot.svg) {
        if ((rc = lsn_html_temp_dir(&svgs)) != LSN_OK) {
            goto fail;
        }
        dot.svg = true;
        dot.svg_dir = svgs;
    }
    if ((rc = lsn_dot_render_named(report_json, report, out, &dot)) != LSN_OK) {
        goto fail;
    }
    rc = lsn_run_write_finish(writer);
    writer = NULL;
    if (rc != LSN_OK) {
        goto fail;
    }
    lsn_timings_mark(&clock, "render");
    if (html) {
        lsn_progress_phase("writing report.html");
        if ((html_path = lsn_fs_join(out, "report.html")) == NULL) {
            rc = lsn_oom();
            goto fail;
        }
        if ((rc = lsn_html_render_report(report_json, html_path, svgs != NULL ? svgs : out,
                                         &dot)) != LSN_OK) {
            goto fail;
        }
        lsn_timings_mark(&clock, "html");
    }
    lsn_progress_end();
    if (!warned.quiet) {
        params = calloc(lsn_run_nparams(), sizeof(*params));
        if (params == NULL) {
            rc = lsn_oom();
            goto fail;
        }
        lsn_report r = lsn_run_report(&run, &settings, slices, params);
        lsn_report_print_summary(stdout, &r, report);
    }
    if (timings) {
        lsn_timings_print(stderr, &clock, (double)profile.bytes);
        fprintf(stderr,
                "load: %d %s; read+parse %.3f s, window %.3f s, expand+merge %.3f s; "
                "%lld %s by the fast reader, %lld by libical\n",
                profile.threads, lsn_plural(profile.threads, "thread", "threads"),
                profile.read_parse, profile.window, profile.expand_merge,
                (long long)profile.vevents_fast,
                lsn_plural(profile.vevents_fast, "VEVENT", "VEVENTs"),
                (long long)profile.vevents_libical);
    }
    goto cleanup;
fail:
    status = lsn_cli_fail(rc);
cleanup:
    lsn_run_write_finish(writer);
    lsn_cli_run_end();
    free(report);
    free(html_path);
    json_decref(report_json);
    if (svgs != NULL) {
        lsn_html_remove_tree(svgs);
        free(svgs);
    }
    free(params);
    json_decref(slices);
    lsn_run_free(&run);
    lsn_cli_inputs_free(&in);
    lsn_anon_free(anon);
    return status;
}
