/*
 * cli/cmd_gen.c — `liaison gen`: parse options, build a synthetic
 * organization with io/gen and write its roster, calendar exports and
 * reorg scenarios.
 * Orchestration only; the organization itself is made in io/gen/.
 */
#include "cli/commands.h"

#include "cli/options.h"
#include "cli/progress.h"
#include "io/error.h"
#include "io/gen.h"
#include "io/plural.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
    OPT_PEOPLE = LSN_OPT_COMMON_END,
    OPT_WEEKS,
    OPT_SEED,
    OPT_START,
    OPT_DOMAIN,
    OPT_FORMAT,
    OPT_TZ,
    OPT_SCENARIOS,
    OPT_OUT,
    OPT_QUIET,
};

static const lsn_cli_option options[] = {
    {"people", "N", OPT_PEOPLE, "headcount, 20 to 200000 (default 150)"},
    {"weeks", "W", OPT_WEEKS, "weeks of calendar, 1 to 104 (default 13)"},
    {"seed", "S", OPT_SEED, "seed of the random generator (default 1; 0 means 1)"},
    {"start", "DATE", OPT_START,
     "first day YYYY-MM-DD, moved back to its Monday (default 2026-06-01)"},
    {"domain", "DOMAIN", OPT_DOMAIN, "email domain of the company (default acme.example)"},
    {"format", "FORMAT", OPT_FORMAT,
     "ics, outlook, graph, all (every calendar format) or catalog, or a comma list (default ics)"},
    {"tz", "ZONE", OPT_TZ,
     "zone of the Outlook CSV times (default UTC; analyze with the same --tz)"},
    {"scenarios", "LIST", OPT_SCENARIOS,
     "reorg scenarios to write: all, none (default), or some of merged,split,moved-liaisons"},
    {"out", "DIR", OPT_OUT, "folder to write, created when missing (default out)"},
    {"quiet", NULL, OPT_QUIET, "print nothing on success"},
};

#define NOPTIONS (sizeof(options) / sizeof(options[0]))

static const char usage[] = "liaison gen [--people N] [--weeks W] [--seed S] [--start DATE]\n"
                            "                   [--domain DOMAIN] [--format FORMAT] [--tz ZONE]\n"
                            "                   [--scenarios LIST] [--out DIR]";

static const char about[] =
    "Generates a realistic synthetic organization and its calendars: DIR/people.csv,\n"
    "DIR/teams.csv, DIR/needs.csv, DIR/combined.ics (every meeting once, with every\n"
    "reply) and DIR/mailboxes/NAME.ics (one export per person; old *.ics files there\n"
    "are removed first). --format outlook writes DIR/outlook/NAME.csv instead (Outlook\n"
    "CSV exports: one row per instance, no replies, no cancelled meetings; times in\n"
    "--tz), --format graph DIR/graph/NAME.json (Microsoft Graph event lists), --format\n"
    "all every one of them. Analyze one folder of one format. --format catalog writes\n"
    "DIR/catalog/, the same people, hierarchy and needs as a Backstage catalog for\n"
    "--catalog (no calendars: --format ics,catalog writes both).\n"
    "--scenarios also writes reorg scenarios of the same organization for 'liaison\n"
    "compare', each in DIR/scenarios/NAME/ with people.csv, plus teams.csv and\n"
    "needs.csv only when they differ from the baseline's: merged (every planted pair\n"
    "of teams that always meet becomes one team), split (the largest team becomes two\n"
    "teams under the same parent; its needs are declared for both halves) and\n"
    "moved-liaisons (the sprawling liaisons move into the team they attend most). A\n"
    "scenario with nothing to change is not written. The same options always give\n"
    "byte-identical files. datasets/README.md describes what the organization and\n"
    "its scenarios contain.";

static int parse_int(const char *name, const char *s, long min, long max, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
        return lsn_cli_usage_error("gen", "--%s: '%s' is not a number from %ld to %ld", name, s,
                                   min, max);
    }
    *out = (int)v;
    return LSN_EXIT_OK;
}

/* Why a scenario was not written, by lsn_gen_scenario_kind. */
static const char *const nothing_to_change[LSN_GEN_SCENARIO_COUNT] = {
    "no pair of teams that always meet", "no team of 4 or more people to split",
    "no sprawling liaison to move"};

/* all, none, or a comma list of scenario names, into a mask. */
static int parse_scenarios(const char *s, unsigned *out)
{
    if (strcmp(s, "all") == 0) {
        *out = LSN_GEN_SCENARIOS_ALL;
        return LSN_EXIT_OK;
    }
    if (strcmp(s, "none") == 0) {
        *out = 0;
        return LSN_EXIT_OK;
    }
    unsigned mask = 0;
    for (const char *p = s;;) {
        size_t n = strcspn(p, ",");
        int k = 0;
        for (; k < LSN_GEN_SCENARIO_COUNT; k++) {
            const char *name = lsn_gen_scenario_name((lsn_gen_scenario_kind)k);
            if (strlen(name) == n && strncmp(p, name, n) == 0) {
                break;
            }
        }
        if (k == LSN_GEN_SCENARIO_COUNT) {
            return lsn_cli_usage_error("gen",
                                       "--scenarios: '%s' is not all, none or a comma list of "
                                       "merged, split and moved-liaisons",
                                       s);
        }
        mask |= 1u << k;
        if (p[n] == '\0') {
            break;
        }
        p += n + 1;
    }
    *out = mask;
    return LSN_EXIT_OK;
}

/* --format: one name or a comma list of them. Returns 0 or a usage error. */
static int parse_formats(const char *arg, unsigned *out)
{
    static const struct {
        const char *name;
        unsigned mask;
    } names[] = {{"ics", LSN_GEN_FORMAT_ICS},
                 {"outlook", LSN_GEN_FORMAT_OUTLOOK},
                 {"graph", LSN_GEN_FORMAT_GRAPH},
                 {"all", LSN_GEN_FORMAT_ALL},
                 {"catalog", LSN_GEN_FORMAT_CATALOG}};
    *out = 0;
    for (const char *p = arg;;) {
        size_t n = strcspn(p, ",");
        size_t i = 0;
        while (i < sizeof(names) / sizeof(names[0]) &&
               !(strlen(names[i].name) == n && strncmp(p, names[i].name, n) == 0)) {
            i++;
        }
        if (i == sizeof(names) / sizeof(names[0])) {
            return lsn_cli_usage_error(
                "gen", "--format: '%.*s' is not ics, outlook, graph, all or catalog", (int)n, p);
        }
        *out |= names[i].mask;
        if (p[n] == '\0') {
            return 0;
        }
        p += n + 1;
    }
}

int cmd_gen(int argc, char **argv)
{
    lsn_gen_options opts = LSN_GEN_OPTIONS_INIT;
    const char *out = "out";
    const char *tz = NULL;
    unsigned formats = LSN_GEN_FORMAT_ICS;
    unsigned scenarios = 0, written = 0;
    bool quiet = false;
    lsn_gen *gen = NULL;
    int status = LSN_EXIT_OK;

    lsn_cli_args args = {.cmd = "gen", .usage = usage, .about = about,
                         .fixed = options, .nfixed = NOPTIONS};
    int c;
    while ((c = lsn_cli_args_next(&args, argc, argv)) > 0) {
        switch (c) {
        case OPT_PEOPLE:
            if ((status = parse_int("people", optarg, 20, 200000, &opts.people)) != 0) {
                return status;
            }
            break;
        case OPT_WEEKS:
            if ((status = parse_int("weeks", optarg, 1, 104, &opts.weeks)) != 0) {
                return status;
            }
            break;
        case OPT_SEED: {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (errno != 0 || end == optarg || *end != '\0' || optarg[0] == '-') {
                return lsn_cli_usage_error("gen", "--seed: '%s' is not a non-negative integer",
                                           optarg);
            }
            opts.seed = (uint64_t)v;
            break;
        }
        case OPT_START:
            opts.start = optarg;
            break;
        case OPT_DOMAIN:
            opts.domain = optarg;
            break;
        case OPT_FORMAT:
            if ((status = parse_formats(optarg, &formats)) != 0) {
                return status;
            }
            break;
        case OPT_TZ:
            tz = optarg;
            break;
        case OPT_SCENARIOS:
            if ((status = parse_scenarios(optarg, &scenarios)) != 0) {
                return status;
            }
            break;
        case OPT_OUT:
            out = optarg;
            break;
        case OPT_QUIET:
            quiet = true;
            break;
        }
    }
    if (c < 0) {
        return args.status;
    }
    if (optind < argc) {
        return lsn_cli_usage_error("gen", "unexpected argument '%s'", argv[optind]);
    }
    if (out[0] == '\0') {
        return lsn_cli_usage_error("gen", "--out: the folder name is empty");
    }

    lsn_progress_begin(!quiet);
    lsn_progress_phase("generating the organization");
    int rc = lsn_gen_build(&gen, &opts);
    if (rc == LSN_EINVAL) {
        /* A bad --start or --domain value: a usage error. */
        return lsn_cli_usage_error("gen", "%s", lsn_error_last());
    }
    if (rc < 0) {
        return lsn_cli_fail(rc);
    }
    lsn_progress_phase("writing the calendars");
    if ((rc = lsn_gen_save_as(gen, out, formats, tz)) < 0) {
        status = rc == LSN_EINVAL ? lsn_cli_usage_error("gen", "--tz: %s", lsn_error_last())
                                  : lsn_cli_fail(rc);
        goto cleanup;
    }
    lsn_progress_phase("writing the scenarios");
    if (scenarios != 0 && (rc = lsn_gen_write_scenarios(gen, out, scenarios, &written)) < 0) {
        status = lsn_cli_fail(rc);
        goto cleanup;
    }
    lsn_progress_end();
    if (!quiet) {
        size_t np, nu, nn, ns;
        lsn_gen_people(gen, &np);
        lsn_gen_units(gen, &nu);
        lsn_gen_needs(gen, &nn);
        lsn_gen_series_list(gen, &ns);
        const lsn_gen_options *o = lsn_gen_get_options(gen);
        printf("wrote %zu %s, %zu %s, %zu %s and %zu %s (%d %s from %s, seed %" PRIu64 ") to %s\n",
               np, lsn_plural((int64_t)np, "person", "people"), nu,
               lsn_plural((int64_t)nu, "team or unit", "teams and units"), nn,
               lsn_plural((int64_t)nn, "need", "needs"), ns,
               lsn_plural((int64_t)ns, "event", "events"), o->weeks,
               lsn_plural(o->weeks, "week", "weeks"), o->start, o->seed, out);
        for (int k = 0; k < LSN_GEN_SCENARIO_COUNT; k++) {
            if (scenarios & (1u << k)) {
                const char *name = lsn_gen_scenario_name((lsn_gen_scenario_kind)k);
                if (written & (1u << k)) {
                    printf("wrote scenario %s to %s/scenarios/%s\n", name, out, name);
                } else {
                    printf("no scenario %s: %s\n", name, nothing_to_change[k]);
                }
            }
        }
    }
cleanup:
    lsn_progress_end();
    lsn_gen_free(gen);
    return status;
}
