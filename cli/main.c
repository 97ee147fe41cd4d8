/*
 * cli/main.c — the `liaison` program: dispatches to a subcommand from one
 * table and holds the small helpers every command shares (option tables,
 * usage errors, exit statuses). No analysis happens here.
 */
#include "cli/commands.h"

#include "cli/progress.h"
#include "io/anon.h"
#include "io/error.h"
#include "io/process.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} commands[] = {
    {"analyze", cmd_analyze, "analyze calendars against a roster and write the report"},
    {"gen", cmd_gen, "generate a synthetic organization with calendar exports"},
    {"compare", cmd_compare, "run the same calendars against reorg scenarios, side by side"},
    {"batch", cmd_batch, "analyze every row of a manifest, in parallel, into one table"},
    {"render", cmd_render, "draw teams.dot and proposal.dot (and SVG) from a report.json"},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

void lsn_cli_longopts(struct option *longopts, const lsn_cli_option *opts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        longopts[i].name = opts[i].name;
        longopts[i].has_arg = opts[i].arg ? required_argument : no_argument;
        longopts[i].flag = NULL;
        longopts[i].val = opts[i].id;
    }
    memset(&longopts[n], 0, sizeof(longopts[n]));
}

void lsn_cli_help(const char *usage, const char *about, const lsn_cli_option *opts, size_t n)
{
    printf("usage: %s\n\n%s\n\noptions:\n", usage, about);
    for (size_t i = 0; i < n; i++) {
        char left[64];
        snprintf(left, sizeof(left), "--%s%s%s", opts[i].name, opts[i].arg ? " " : "",
                 opts[i].arg ? opts[i].arg : "");
        printf("  %-28s %s\n", left, opts[i].help);
    }
}

int lsn_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    lsn_progress_clear();
    /* One fprintf, so that the two lines stay together. */
    fprintf(stderr, "liaison: %s%s%s\ntry 'liaison %s%s--help'\n", cmd ? cmd : "", cmd ? ": " : "",
            msg, cmd ? cmd : "", cmd ? " " : "");
    return LSN_EXIT_USAGE;
}

/* The long option named by the word "--name[=value]". */
static const struct option *long_option(const struct option *longopts, const char *word)
{
    size_t n = strcspn(word + 2, "=");
    for (const struct option *o = longopts; o->name != NULL; o++) {
        if (strlen(o->name) == n && strncmp(o->name, word + 2, n) == 0) {
            return o;
        }
    }
    return NULL;
}

int lsn_cli_getopt_error(const char *cmd, int c, char *const *argv, const struct option *longopts)
{
    if (optopt > 0 && optopt < 256) {
        /* A short option (every long one returns an id from 256): its letter. */
        return c == ':' ? lsn_cli_usage_error(cmd, "option '-%c' needs a value", optopt)
                        : lsn_cli_usage_error(cmd, "unknown option '-%c'", optopt);
    }
    /* getopt_long has moved optind past the word it could not take. */
    const char *word = optind > 0 && argv[optind - 1] != NULL ? argv[optind - 1] : "--";
    if (strncmp(word, "--", 2) != 0) {
        return lsn_cli_usage_error(cmd, "unknown option '%s'", word);
    }
    int n = (int)strcspn(word, "=");
    const struct option *o = long_option(longopts, word);
    if (c == ':') {
        return lsn_cli_usage_error(cmd, "option '%.*s' needs a value", n, word);
    }
    if (o == NULL && optopt != 0) {
        /* An abbreviation of an option that takes no value, given one. */
        for (const struct option *x = longopts; x->name != NULL; x++) {
            if (x->val == optopt) {
                o = x;
            }
        }
    }
    if (o != NULL && o->has_arg == no_argument && word[n] == '=') {
        return lsn_cli_usage_error(cmd, "option '--%s' takes no value", o->name);
    }
    /* Not an option, or an abbreviation of more than one. */
    char list[512];
    size_t len = 0, matches = 0;
    list[0] = '\0';
    for (const struct option *x = longopts; x->name != NULL; x++) {
        if (n > 2 && strncmp(x->name, word + 2, (size_t)n - 2) == 0) {
            int k =
                snprintf(list + len, sizeof(list) - len, "%s--%s", matches ? ", " : "", x->name);
            if (k > 0 && (size_t)k < sizeof(list) - len) {
                len += (size_t)k;
            }
            matches++;
        }
    }
    if (matches > 1) {
        return lsn_cli_usage_error(cmd, "option '%.*s' is ambiguous: %s", n, word, list);
    }
    return lsn_cli_usage_error(cmd, "unknown option '%.*s'", n, word);
}

int lsn_cli_exit_status(int code)
{
    switch (code) {
    case LSN_OK:
        return LSN_EXIT_OK;
    case LSN_EIO:
    case LSN_EPARSE:
    case LSN_ENOTFOUND:
        return LSN_EXIT_INPUT;
    case LSN_EINVAL:
        return LSN_EXIT_USAGE;
    default:
        return LSN_EXIT_INTERNAL;
    }
}

static const lsn_anon *cli_anon;

void lsn_cli_set_anon(const lsn_anon *a)
{
    cli_anon = a;
}

const char *lsn_cli_public(char *buf, size_t size, const char *message)
{
    if (cli_anon == NULL) {
        return message;
    }
    lsn_anon_scrub(buf, size, cli_anon, message);
    return buf;
}

void lsn_cli_warning(const char *where, const char *message)
{
    char buf[2048];
    lsn_progress_clear();
    /* One fprintf per line so that lines from parallel children do not mix. */
    fprintf(stderr, "liaison: warning: %s%s%s\n", where ? where : "", where ? ": " : "",
            lsn_cli_public(buf, sizeof(buf), message));
}

void lsn_cli_count_warning(void *ud, const char *message)
{
    lsn_cli_warnings *w = ud;
    w->count++;
    if (!w->quiet) {
        lsn_cli_warning(w->where, message);
    }
}

void lsn_cli_run_begin(lsn_cli_warnings *w, const lsn_anon *anon)
{
    w->count = 0;
    lsn_warn_set_handler(lsn_cli_count_warning, w);
    lsn_cli_set_anon(anon);
}

void lsn_cli_run_end(void)
{
    lsn_progress_end();
    lsn_warn_set_handler(NULL, NULL);
    lsn_cli_set_anon(NULL);
}

int lsn_cli_fail(int code)
{
    char buf[2048];
    const char *msg = lsn_error_last();
    lsn_progress_clear();
    fprintf(stderr, "liaison: %s\n",
            msg[0] ? lsn_cli_public(buf, sizeof(buf), msg) : lsn_error_name(code));
    return lsn_cli_exit_status(code);
}

static void main_help(void)
{
    printf("usage: liaison COMMAND [OPTIONS]\n\n"
           "liaison reads calendar exports and an org roster, builds the team\n"
           "communication graph and reports overloaded meetings, missing and fragile\n"
           "links and misused liaisons.\n\ncommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++) {
        printf("  %-10s %s\n", commands[i].name, commands[i].summary);
    }
    printf("\n'liaison COMMAND --help' describes a command and its options.\n");
}

int main(int argc, char **argv)
{
    lsn_process_setup(argv);
    if (argc < 2) {
        char list[256];
        size_t len = 0;
        for (size_t i = 0; i < NCOMMANDS && len < sizeof(list); i++) {
            len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
                                    i == 0               ? ""
                                    : i + 1 == NCOMMANDS ? " or "
                                                         : ", ",
                                    commands[i].name);
        }
        return lsn_cli_usage_error(NULL, "no command given (%s)", list);
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        main_help();
        return LSN_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("liaison 0.1.0\n");
        return LSN_EXIT_OK;
    }
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            return commands[i].fn(argc - 1, argv + 1);
        }
    }
    if (argv[1][0] == '-') {
        return lsn_cli_usage_error(NULL, "unknown option '%s' (a command comes first)", argv[1]);
    }
    return lsn_cli_usage_error(NULL, "unknown command '%s'", argv[1]);
}
