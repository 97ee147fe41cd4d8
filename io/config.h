/*
 * io/config.h — the --config file: one "key = value" per line, '#' starts a
 * comment, blank lines are ignored. Keys are the parameter names of the
 * report (rule_of_eight, max_meeting_hours, ...); what a key means is the
 * caller's business.
 */
#ifndef LSN_IO_CONFIG_H
#define LSN_IO_CONFIG_H

/** Receives one setting; returns LSN_OK or a negative code (after lsn_error_set). */
typedef int (*lsn_config_fn)(void *ud, const char *key, const char *value, int line);

/**
 * Read a config file and call fn for every setting, in file order.
 * Keys and values are trimmed; a value may be quoted with "..." .
 * @return LSN_OK; LSN_EIO "PATH: cannot read: ..."; LSN_EPARSE
 *         "PATH:LINE: expected 'key = value'"; or fn's code.
 */
int lsn_config_read(const char *path, lsn_config_fn fn, void *ud);

#endif
