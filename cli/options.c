/*
 * cli/options.c — reading a command line for every command, and the options
 * `analyze`, `compare` and `batch` share (cli/options.h).
 */
#include "cli/options.h"

#include "io/config.h"
#include "io/error.h"
#include "io/raw.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lsn_cli_common_init(lsn_cli_common *c)
{
    static const lsn_load_options load = LSN_LOAD_OPTIONS_INIT;
    memset(c, 0, sizeof(*c));
    c->load = load;
    c->config_min_edge_hours = -1;
    lsn_settings_defaults(&c->settings);
}

/* The shared options: their names and values, and their help as most
 * commands word it (NULL: each command gives its own). */
static const lsn_cli_option shared[] = {
#define LSN_CLI_SHARED(ID, name, arg, help) {name, arg, LSN_OPT_##ID, help},
#include "cli/options.def"
#undef LSN_CLI_SHARED
};

/* A row of the command's table, completed from the shared option it names. */
static lsn_cli_option complete(lsn_cli_option row)
{
    if (row.name == NULL) {
        assert(row.id > LSN_OPT_SHARED_BASE && row.id < LSN_OPT_COMMON_END);
        const lsn_cli_option *s = &shared[row.id - LSN_OPT_SHARED_BASE - 1];
        row.name = s->name;
        row.arg = s->arg;
        row.help = row.help != NULL ? row.help : s->help;
    }
    assert(row.help != NULL);
    return row;
}

/* The command's table for getopt and --help: its fixed options, then (with
 * the shared options) one per parameter, then --help. */
static void build_table(lsn_cli_args *a)
{
    static const lsn_cli_option help = {.id = LSN_OPT_HELP};
    size_t n = 0;
    for (size_t i = 0; i < a->nfixed && n < LSN_CLI_MAX_OPTIONS - 1; i++) {
        a->table[n++] = complete(a->fixed[i]);
    }
    for (size_t i = 0;
         a->common != NULL && lsn_param_defs[i].key != NULL && n < LSN_CLI_MAX_OPTIONS - 1; i++) {
        a->table[n].name = lsn_param_defs[i].option;
        a->table[n].arg = lsn_param_defs[i].integer ? "N" : "X";
        a->table[n].id = LSN_OPT_PARAM + (int)i;
        a->table[n].help = lsn_param_defs[i].help;
        n++;
    }
    a->table[n++] = complete(help);
    a->n = n;
    lsn_cli_longopts(a->longopts, a->table, n);
}

int lsn_cli_args_next(lsn_cli_args *a, int argc, char **argv)
{
    if (a->n == 0) {
        build_table(a);
        optind = 1;
        opterr = 0; /* the usage errors are lsn_cli_getopt_error()'s */
    }
    for (;;) {
        int c = getopt_long(argc, argv, ":h", a->longopts, NULL);
        if (c == -1) {
            return 0;
        }
        if (c == 'h' || c == LSN_OPT_HELP) {
            lsn_cli_help(a->usage, a->about, a->table, a->n);
            a->status = LSN_EXIT_OK;
            return -1;
        }
        if (c == '?' || c == ':') {
            a->status = lsn_cli_getopt_error(a->cmd, c, argv, a->longopts);
            return -1;
        }
        if (a->common == NULL || !lsn_cli_common_option(a->common, c, optarg)) {
            return c;
        }
    }
}

int lsn_cli_common_option(lsn_cli_common *c, int id, const char *arg)
{
    switch (id) {
    case LSN_OPT_PEOPLE:
        c->people = arg;
        return 1;
    case LSN_OPT_TEAMS:
        c->teams = arg;
        return 1;
    case LSN_OPT_NEEDS:
        c->needs = arg;
        return 1;
    case LSN_OPT_FROM:
        c->load.from = arg;
        return 1;
    case LSN_OPT_TO:
        c->load.to = arg;
        return 1;
    case LSN_OPT_TZ:
        c->load.tz = arg;
        return 1;
    case LSN_OPT_OUT:
        c->out = arg;
        return 1;
    case LSN_OPT_CONFIG:
        c->config = arg;
        return 1;
    case LSN_OPT_QUIET:
        c->quiet = true;
        return 1;
    case LSN_OPT_TIMINGS:
        c->timings = true;
        return 1;
    case LSN_OPT_ANONYMIZE:
        c->salt = arg;
        return 1;
    case LSN_OPT_ANONYMIZE_TEAMS:
        c->anonymize_teams = true;
        return 1;
    case LSN_OPT_THREADS:
        c->threads = arg;
        return 1;
    case LSN_OPT_CATALOG:
        c->catalog = arg;
        return 1;
    default:
        if (id >= LSN_OPT_PARAM && id < LSN_OPT_PARAM + (int)lsn_param_count()) {
            c->param_text[id - LSN_OPT_PARAM] = arg;
            return 1;
        }
        return 0;
    }
}

lsn_catalog_options lsn_cli_catalog_options(const lsn_settings *s)
{
    lsn_catalog_options o = {.moderate_edges = s->catalog_moderate_edges,
                             .deep_edges = s->catalog_deep_edges};
    return o;
}

int lsn_cli_common_dates(const lsn_cli_common *c, const char *cmd)
{
    int y, m, d;
    if (c->load.from != NULL && lsn_parse_date(c->load.from, &y, &m, &d) != LSN_OK) {
        return lsn_cli_usage_error(cmd, "--from: '%s' is not a date (YYYY-MM-DD)", c->load.from);
    }
    if (c->load.to != NULL && lsn_parse_date(c->load.to, &y, &m, &d) != LSN_OK) {
        return lsn_cli_usage_error(cmd, "--to: '%s' is not a date (YYYY-MM-DD)", c->load.to);
    }
    return -1;
}

/* The keys of --config besides the thresholds, in the order the
 * "unknown key" message lists them. */
static const char *const window_keys[] = {"from", "to", "tz", "min-edge-hours"};

#define NWINDOW_KEYS (sizeof(window_keys) / sizeof(window_keys[0]))

struct config_ctx {
    lsn_cli_common *c;
    const char *path;
};

/* Copy a window value into its buffer of size bytes; false when too long. */
static bool keep(char *buf, size_t size, const char *value)
{
    size_t n = strlen(value);
    if (n >= size) {
        return false;
    }
    memcpy(buf, value, n + 1);
    return true;
}

/* One line of --config; every error is LSN_EINVAL "FILE:LINE: ...". */
static int on_setting(void *ud, const char *key, const char *value, int line)
{
    struct config_ctx *x = ud;
    lsn_cli_common *c = x->c;
    int y, m, d;
    if (strcmp(key, "from") == 0 || strcmp(key, "to") == 0) {
        char *buf = key[0] == 'f' ? c->config_from : c->config_to;
        if (lsn_parse_date(value, &y, &m, &d) != LSN_OK || !keep(buf, 16, value)) {
            return lsn_error_set(LSN_EINVAL, "%s:%d: %s: '%s' is not a date (YYYY-MM-DD)", x->path,
                                 line, key, value);
        }
        return LSN_OK;
    }
    if (strcmp(key, "tz") == 0) {
        if (!keep(c->config_tz, sizeof(c->config_tz), value) || lsn_zone_builtin(value) == NULL) {
            return lsn_error_set(LSN_EINVAL, "%s:%d: tz: unknown time zone '%s'", x->path, line,
                                 value);
        }
        return LSN_OK;
    }
    if (strcmp(key, "min-edge-hours") == 0 || strcmp(key, "min_edge_hours") == 0) {
        char *end;
        errno = 0;
        double v = strtod(value, &end);
        if (errno != 0 || end == value || *end != '\0' || !isfinite(v) || v < 0) {
            return lsn_error_set(LSN_EINVAL, "%s:%d: %s: '%s' is not a number >= 0", x->path, line,
                                 key, value);
        }
        c->config_min_edge_hours = v;
        return LSN_OK;
    }
    const lsn_param_def *def = lsn_param_find(key);
    if (def == NULL) {
        char known[1024];
        size_t len = 0;
        for (size_t i = 0; lsn_param_defs[i].key != NULL && len < sizeof(known); i++) {
            len += (size_t)snprintf(known + len, sizeof(known) - len, "%s, ",
                                    lsn_param_defs[i].option);
        }
        for (size_t i = 0; i < NWINDOW_KEYS && len < sizeof(known); i++) {
            len += (size_t)snprintf(known + len, sizeof(known) - len, "%s%s", window_keys[i],
                                    i + 1 < NWINDOW_KEYS ? ", " : "");
        }
        return lsn_error_set(LSN_EINVAL, "%s:%d: unknown key '%s' (known: %s)", x->path, line, key,
                             known);
    }
    char where[512];
    snprintf(where, sizeof(where), "%s:%d: %s", x->path, line, key);
    return lsn_settings_set(&c->settings, def, value, where);
}

int lsn_cli_common_finish(lsn_cli_common *c, const char *cmd)
{
    int rc = lsn_cli_common_dates(c, cmd);
    if (rc != -1) {
        return rc;
    }
    if (c->threads != NULL) {
        char *end;
        errno = 0;
        long n = strtol(c->threads, &end, 10);
        if (errno != 0 || end == c->threads || *end != '\0' || n < 1 || n > 256) {
            return lsn_cli_usage_error(cmd, "--threads: '%s' is not a number from 1 to 256",
                                       c->threads);
        }
        c->load.threads = (int)n;
        c->settings.passes.threads = (int32_t)n;
    }
    if (c->config != NULL) {
        struct config_ctx x = {c, c->config};
        if ((rc = lsn_config_read(c->config, on_setting, &x)) != LSN_OK) {
            return rc == LSN_EINVAL ? lsn_cli_usage_error(cmd, "%s", lsn_error_last())
                                    : lsn_cli_fail(rc);
        }
        /* The command line wins over the file. */
        if (c->load.from == NULL && c->config_from[0] != '\0') {
            c->load.from = c->config_from;
        }
        if (c->load.to == NULL && c->config_to[0] != '\0') {
            c->load.to = c->config_to;
        }
        if (c->load.tz == NULL && c->config_tz[0] != '\0') {
            c->load.tz = c->config_tz;
        }
    }
    /* The command line wins over the config file. */
    for (size_t i = 0; lsn_param_defs[i].key != NULL; i++) {
        if (c->param_text[i] == NULL) {
            continue;
        }
        char where[80];
        snprintf(where, sizeof(where), "--%s", lsn_param_defs[i].option);
        if (lsn_settings_set(&c->settings, &lsn_param_defs[i], c->param_text[i], where) != LSN_OK) {
            return lsn_cli_usage_error(cmd, "%s", lsn_error_last());
        }
    }
    if (c->anonymize_teams && c->salt == NULL) {
        return lsn_cli_usage_error(cmd, "--anonymize-teams needs --anonymize SALT");
    }
    if (c->salt != NULL && (rc = lsn_anon_new(&c->anon, c->salt, c->anonymize_teams)) != LSN_OK) {
        return rc == LSN_EINVAL ? lsn_cli_usage_error(cmd, "%s", lsn_error_last())
                                : lsn_cli_fail(rc);
    }
    c->settings.anonymize = c->anon != NULL;
    c->settings.anonymize_teams = c->anonymize_teams;
    return -1;
}
