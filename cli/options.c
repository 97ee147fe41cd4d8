/*
 * cli/options.c — the options `analyze`, `compare` and `batch` share
 * (cli/options.h).
 */
#include "cli/options.h"

#include "io/error.h"

#include <stdio.h>
#include <string.h>

void lsn_cli_common_init(lsn_cli_common *c)
{
    static const lsn_load_options load = LSN_LOAD_OPTIONS_INIT;
    memset(c, 0, sizeof(*c));
    c->load = load;
    lsn_settings_defaults(&c->settings);
}

size_t lsn_cli_common_table(lsn_cli_option *out, const lsn_cli_option *fixed, size_t nfixed)
{
    size_t n = 0;
    for (size_t i = 0; i < nfixed - 1; i++) { /* --help goes last */
        out[n++] = fixed[i];
    }
    for (size_t i = 0; lsn_param_defs[i].key != NULL && n < LSN_CLI_MAX_OPTIONS - 2; i++) {
        out[n].name = lsn_param_defs[i].option;
        out[n].arg = lsn_param_defs[i].integer ? "N" : "X";
        out[n].id = LSN_OPT_PARAM + (int)i;
        out[n].help = lsn_param_defs[i].help;
        n++;
    }
    out[n++] = fixed[nfixed - 1];
    return n;
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
    default:
        if (id >= LSN_OPT_PARAM && id < LSN_OPT_PARAM + (int)lsn_param_count()) {
            c->param_text[id - LSN_OPT_PARAM] = arg;
            return 1;
        }
        return 0;
    }
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

int lsn_cli_common_finish(lsn_cli_common *c, const char *cmd)
{
    int rc = lsn_cli_common_dates(c, cmd);
    if (rc != -1) {
        return rc;
    }
    if (c->config != NULL && (rc = lsn_settings_load(&c->settings, c->config)) != LSN_OK) {
        return lsn_cli_fail(rc);
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
