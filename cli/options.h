/*
 * cli/options.h — reading a command line, for every command: the getopt
 * loop with --help and the usage errors (lsn_cli_args), and the options
 * `analyze`, `compare` and `batch` share: the inputs (--people, --teams,
 * --needs, --catalog), the window (--from, --to, --tz), --out, --config,
 * --threads, --quiet, --timings, --anonymize, --anonymize-teams and one
 * option per threshold of analysis/params.h (--min-group among them), with
 * their common validation, and the --config file. Each command keeps its own
 * option table (the help lines differ) and its own options; a command lists
 * only the shared options it accepts.
 *
 * --config keys are the options' own names without "--" (rule-of-eight;
 * the report's spelling rule_of_eight is accepted too): every threshold,
 * the window (from, to, tz) and min-edge-hours (only `analyze` draws
 * diagrams; the others accept the key and have no use for it, so one file
 * serves every command). The command line wins over the file.
 */
#ifndef LSN_CLI_OPTIONS_H
#define LSN_CLI_OPTIONS_H

#include "analysis/params.h"
#include "cli/commands.h"
#include "io/anon.h"
#include "io/catalog.h"
#include "io/load.h"

#include <stdbool.h>
#include <stddef.h>

/* Most entries of a command's option table (fixed options and parameters). */
#define LSN_CLI_MAX_OPTIONS 64

/* The ids getopt_long returns for the shared options and --help (the rows
 * of cli/options.def), above every letter. Every command numbers its own
 * options from LSN_OPT_COMMON_END. */
enum {
    LSN_OPT_SHARED_BASE = 255,
#define LSN_CLI_SHARED(ID, name, arg, help) LSN_OPT_##ID,
#include "cli/options.def"
#undef LSN_CLI_SHARED
    LSN_OPT_COMMON_END,
    LSN_OPT_PARAM = 1000, /* + index in lsn_param_defs */
};

/* The values of the shared options; the strings point into argv. */
typedef struct lsn_cli_common {
    const char *people, *teams, *needs, *out, *config;
    const char *catalog; /* --catalog: a Backstage catalog file or folder */
    const char *salt;    /* --anonymize */
    bool anonymize_teams, quiet, timings;
    const char *threads;   /* --threads, checked by lsn_cli_common_finish() */
    lsn_load_options load; /* from, to, tz and threads set here; the rest is the command's */
    const char *param_text[LSN_CLI_MAX_OPTIONS];
    /* Set by lsn_cli_common_finish(): */
    lsn_settings settings; /* defaults, then --config, then the options */
    lsn_anon *anon;        /* NULL unless --anonymize; the caller frees it */
    /* The window keys of --config (load.from, .to and .tz point here when
     * the command line gave none), and its min-edge-hours (-1: not given). */
    char config_from[16], config_to[16], config_tz[64];
    double config_min_edge_hours;
} lsn_cli_common;

/** Everything unset, the settings at their defaults. */
void lsn_cli_common_init(lsn_cli_common *c);

/**
 * One command's reading of its command line. Set the first fields (a
 * designated initializer, the rest zero), then call lsn_cli_args_next()
 * until it returns 0 or less.
 *
 * A row of fixed that gives only an id (`{.id = LSN_OPT_FROM}`) is a shared
 * option with the name, value and help it has in every command; a row with
 * an id and a help (`{.id = LSN_OPT_OUT, .help = "..."}`) words its help for
 * this command. The table --help prints is fixed, then (with common) one
 * option per threshold, then --help.
 */
typedef struct lsn_cli_args {
    const char *cmd;   /* the command's name, for its usage errors */
    const char *usage; /* --help: the usage lines */
    const char *about; /* --help: what the command does */
    const lsn_cli_option *fixed;
    size_t nfixed;
    lsn_cli_common *common; /* NULL: a command without the shared options */
    int status;             /* when lsn_cli_args_next() returned -1: the exit status */
    /* Filled by the first lsn_cli_args_next(): */
    size_t n;
    lsn_cli_option table[LSN_CLI_MAX_OPTIONS];
    struct option longopts[LSN_CLI_MAX_OPTIONS + 1];
} lsn_cli_args;

/**
 * The next option of argv that the command takes itself, its value in
 * optarg. A shared option goes to a->common (without common, its id comes
 * back like any other: `render` takes --out that way); --help and -h print
 * the help.
 * Returns the option's id (> 0); 0 when the options are over (optind is the
 * first operand); -1 when the command stops here with a->status:
 * LSN_EXIT_OK after the help, LSN_EXIT_USAGE after a usage error (printed).
 */
int lsn_cli_args_next(lsn_cli_args *a, int argc, char **argv);

/** Take option id with its argument arg. Returns 1 when it is a shared option, else 0. */
int lsn_cli_common_option(lsn_cli_common *c, int id, const char *arg);

/** The catalog thresholds of the settings, as io/catalog.h options. */
lsn_catalog_options lsn_cli_catalog_options(const lsn_settings *s);

/**
 * Check --from and --to are dates. Returns an exit status (a usage error for
 * cmd) or -1 to go on.
 */
int lsn_cli_common_dates(const lsn_cli_common *c, const char *cmd);

/**
 * The shared validation, in this order: the dates, --threads, --config (an
 * unreadable file is unusable input, exit 1; an unknown key or a bad value
 * in it a usage error naming FILE:LINE, exit 2), the parameter options (the
 * command line wins over the config file), --anonymize-teams needs
 * --anonymize, then the pseudonymizer. Fills c->settings, c->load and
 * c->anon. Returns an exit status (a usage error for cmd, or the failure's
 * status) or -1 to go on.
 */
int lsn_cli_common_finish(lsn_cli_common *c, const char *cmd);

#endif
