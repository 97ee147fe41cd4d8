/*
 * cli/commands.h — the subcommands of the `liaison` program and the option
 * table they share with --help and the README's option reference.
 */
#ifndef LSN_CLI_COMMANDS_H
#define LSN_CLI_COMMANDS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exit statuses of SPEC §6. */
#define LSN_EXIT_OK 0
#define LSN_EXIT_INPUT 1
#define LSN_EXIT_USAGE 2
#define LSN_EXIT_INTERNAL 3

int cmd_analyze(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_render(int argc, char **argv);

/** One command-line option: the single source of getopt and --help. */
typedef struct lsn_cli_option {
    const char *name; /* long name without "--" */
    const char *arg;  /* argument placeholder, NULL for a flag */
    int id;           /* value getopt_long returns */
    const char *help; /* one line */
} lsn_cli_option;

/**
 * Fill longopts (n + 1 entries, zero-terminated) from the table.
 */
void lsn_cli_longopts(struct option *longopts, const lsn_cli_option *opts, size_t n);

/** Print "usage" then every option with its help, aligned, to stdout. */
void lsn_cli_help(const char *usage, const char *about, const lsn_cli_option *opts, size_t n);

/**
 * Print "liaison: CMD: MESSAGE" and "try 'liaison CMD --help'" to stderr;
 * returns 2. cmd NULL: the program itself ("liaison: MESSAGE", "try
 * 'liaison --help'").
 */
int lsn_cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/**
 * The usage error for what getopt_long() returned c ('?' or ':') for: an
 * unknown or ambiguous option, a missing value, a value given to a flag.
 * Every command calls getopt_long with opterr = 0 and an optstring that
 * starts with ':' (so that getopt prints nothing itself). Returns 2.
 */
int lsn_cli_getopt_error(const char *cmd, int c, char *const *argv, const struct option *longopts);

/** Map an LSN_E* code to the exit status of SPEC §6. */
int lsn_cli_exit_status(int code);

/** Print "liaison: " + the last error message to stderr and return its exit status. */
int lsn_cli_fail(int code);

struct lsn_anon;

/**
 * From now on (NULL: no more) every message lsn_cli_fail() and
 * lsn_cli_warning() print is rewritten by lsn_anon_scrub(): in anonymized
 * runs nothing taken from the input reaches standard error. a is borrowed.
 */
void lsn_cli_set_anon(const struct lsn_anon *a);

/** message as it may be shown: scrubbed into buf when anonymizing, else itself. */
const char *lsn_cli_public(char *buf, size_t size, const char *message);

/** Print "liaison: warning: [WHERE: ]MESSAGE" (scrubbed) to stderr; where may be NULL. */
void lsn_cli_warning(const char *where, const char *message);

/** The warnings of one run: how many, and whether to print them. */
typedef struct lsn_cli_warnings {
    int64_t count;
    bool quiet;        /* count them, print none */
    const char *where; /* printed before each (batch: the row's name); may be NULL */
} lsn_cli_warnings;

/**
 * The warning handler of the commands that run an analysis
 * (lsn_warn_set_handler(lsn_cli_count_warning, &warnings)): counts the
 * warning in the lsn_cli_warnings ud and prints it with lsn_cli_warning()
 * unless quiet.
 */
void lsn_cli_count_warning(void *ud, const char *message);

/**
 * Begin a run of `analyze` or `compare`: count the warnings in w (its count
 * zeroed) and print them unless w->quiet, and scrub every message with
 * anon (NULL: none). w and anon are borrowed until lsn_cli_run_end().
 */
void lsn_cli_run_begin(lsn_cli_warnings *w, const struct lsn_anon *anon);

/** End the run: the progress line, the warning handler and the scrubbing. */
void lsn_cli_run_end(void);

#endif
