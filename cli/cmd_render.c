/*
 * cli/cmd_render.c — `liaison render`: draw teams.dot and proposal.dot (and
 * with --svg their SVG) from an existing report.json, exactly as `liaison
 * analyze` draws them. Orchestration only; the drawing is viz/dot.
 */
#include "cli/commands.h"

#include "cli/options.h"
#include "cli/progress.h"
#include "io/anon.h"
#include "io/error.h"
#include "io/fsutil.h"
#include "viz/dot.h"
#include "viz/html.h"
#include "viz/report.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum {
    OPT_SVG = LSN_OPT_COMMON_END,
    OPT_MIN_EDGE_HOURS,
    OPT_MIN_GROUP,
    OPT_NO_HTML,
};

static const lsn_cli_option options[] = {
    {.id = LSN_OPT_OUT, .help = "folder for teams.dot and proposal.dot (required; created)"},
    {"svg", NULL, OPT_SVG, "also render teams.svg and proposal.svg"},
    {"min-edge-hours", "X", OPT_MIN_EDGE_HOURS,
     "hide team links under X meeting hours per week (default 0.5; 0 shows all)"},
    {.id = LSN_OPT_ANONYMIZE,
     .help = "draw keyed pseudonyms for every person, name, meeting and path of the report"},
    {.id = LSN_OPT_ANONYMIZE_TEAMS},
    {"min-group", "N", OPT_MIN_GROUP,
     "leave out teams and units under N people; N > 1 also every person (default 1)"},
    {"no-html", NULL, OPT_NO_HTML, "do not write report.html"},
};

#define NOPTIONS (sizeof(options) / sizeof(options[0]))

static const char usage[] =
    "liaison render REPORT.json --out DIR [--svg] [--min-edge-hours X] [--no-html]\n"
    "                [--anonymize SALT [--anonymize-teams]] [--min-group N]";

static const char about[] =
    "Reads a report.json (JSON) written by 'liaison analyze' and draws its\n"
    "diagrams: DIR/teams.dot\n"
    "(teams in their org units, meeting hours between them, liaison links\n"
    "labelled with the person, missing links in red, teams with findings\n"
    "outlined) and DIR/proposal.dot (the proposed model for every declared need).\n"
    "--svg lays them out and renders DIR/teams.svg and DIR/proposal.svg.\n"
    "DIR/report.html is the page for people (findings explained, diagrams inline;\n"
    "--no-html: none). The same report gives the same bytes as 'liaison analyze' wrote.\n"
    "--anonymize and --min-group apply the rules of 'analyze' to a report written\n"
    "without them; a report written with them draws the same either way.\n"
    "Exit status: 0 success, 1 unusable report, 2 usage error, 3 internal error.";

/* What --anonymize and --min-group do to the report before it is drawn. */
struct privacy {
    lsn_anon *anon;
    int32_t min_group;
};

static int prepare(json_t *report, void *ud)
{
    const struct privacy *p = ud;
    int rc = LSN_OK;
    if (p->anon != NULL) {
        rc = lsn_report_json_anonymize(report, p->anon);
    }
    if (rc == LSN_OK && p->min_group > 1) {
        rc = lsn_report_json_restrict(report, p->min_group);
    }
    return rc;
}

int cmd_render(int argc, char **argv)
{
    lsn_dot_options opts = LSN_DOT_OPTIONS_INIT;
    const char *out = NULL, *salt = NULL;
    bool anonymize_teams = false, html = true;
    struct privacy privacy = {NULL, 1};
    lsn_cli_args args = {.cmd = "render", .usage = usage, .about = about,
                         .fixed = options, .nfixed = NOPTIONS};
    int c;
    while ((c = lsn_cli_args_next(&args, argc, argv)) > 0) {
        switch (c) {
        case LSN_OPT_OUT:
            out = optarg;
            break;
        case OPT_SVG:
            opts.svg = true;
            break;
        case OPT_MIN_EDGE_HOURS: {
            char *end;
            errno = 0;
            double x = strtod(optarg, &end);
            if (end == optarg || *end != '\0' || errno != 0 || !isfinite(x) || x < 0) {
                return lsn_cli_usage_error("render", "--min-edge-hours: '%s' is not a number >= 0",
                                           optarg);
            }
            opts.min_edge_hours = x;
            break;
        }
        case LSN_OPT_ANONYMIZE:
            salt = optarg;
            break;
        case LSN_OPT_ANONYMIZE_TEAMS:
            anonymize_teams = true;
            break;
        case OPT_MIN_GROUP: {
            char *end;
            errno = 0;
            long n = strtol(optarg, &end, 10);
            if (end == optarg || *end != '\0' || errno != 0 || n < 1 || n > 1000000000L) {
                return lsn_cli_usage_error("render", "--min-group: '%s' is not a whole number >= 1",
                                           optarg);
            }
            privacy.min_group = (int32_t)n;
            break;
        }
        case OPT_NO_HTML:
            html = false;
            break;
        }
    }
    if (c < 0) {
        return args.status;
    }
    if (out == NULL) {
        return lsn_cli_usage_error("render", "--out is required");
    }
    if (optind >= argc) {
        return lsn_cli_usage_error("render", "no REPORT.json given");
    }
    if (argc - optind > 1) {
        return lsn_cli_usage_error("render", "one REPORT.json only, got '%s' too",
                                   argv[optind + 1]);
    }
    if (anonymize_teams && salt == NULL) {
        return lsn_cli_usage_error("render", "--anonymize-teams needs --anonymize SALT");
    }
    int rc;
    if (salt != NULL && (rc = lsn_anon_new(&privacy.anon, salt, anonymize_teams)) != LSN_OK) {
        return rc == LSN_EINVAL ? lsn_cli_usage_error("render", "%s", lsn_error_last())
                                : lsn_cli_fail(rc);
    }
    lsn_cli_set_anon(privacy.anon);
    int status = LSN_EXIT_OK;
    opts.progress = lsn_progress_dot;
    lsn_progress_begin(true);
    lsn_progress_phase("drawing the diagrams");
    /* Without --svg the page's diagrams are laid out in a temporary folder
     * while the DOT files are drawn. */
    char *svgs = NULL;
    json_t *report = NULL;
    if ((rc = lsn_fs_make_dir(out)) == LSN_OK && html && !opts.svg &&
        (rc = lsn_html_temp_dir(&svgs)) == LSN_OK) {
        opts.svg = true;
        opts.svg_dir = svgs;
    }
    if (rc != LSN_OK) {
        status = lsn_cli_fail(rc);
    } else if ((rc = lsn_dot_load_report(&report, argv[optind], prepare, &privacy)) != LSN_OK ||
               (rc = lsn_dot_render_named(report, argv[optind], out, &opts)) != LSN_OK) {
        status = lsn_cli_fail(rc);
    } else if (html) {
        lsn_progress_phase("writing report.html");
        char *page = lsn_fs_join(out, "report.html");
        rc = page == NULL ? lsn_oom()
                          : lsn_html_render_report(report, page, svgs != NULL ? svgs : out, &opts);
        if (rc != LSN_OK) {
            status = lsn_cli_fail(rc);
        }
        free(page);
    }
    if (svgs != NULL) {
        lsn_html_remove_tree(svgs);
        free(svgs);
    }
    json_decref(report);
    lsn_progress_end();
    lsn_cli_set_anon(NULL);
    lsn_anon_free(privacy.anon);
    return status;
}
