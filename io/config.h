/*
 * io/config.h — the --config file: one "key = value" per line, '#' starts a
 * comment, blank lines are ignored. What a key means is the caller's
 * business (cli/options.c: the options' own names, such as rule-of-eight,
 * from or tz).
 */
#ifndef LSN_IO_CONFIG_H
#define LSN_IO_CONFIG_H

/** Receives one setting; returns LSN_OK or a negative code (after lsn_error_set). */
typedef int (*lsn_config_fn)(void *ud, const char *key, const char *value, int line);

/**
 * Read a config file and call fn for every setting, in file order.
 * Keys and values are trimmed; a value may be quoted with "..." . A line may
 * be of any length (it is never split).
 * @return LSN_OK; LSN_EIO "PATH: cannot read: ..."; LSN_EINVAL
 *         "PATH:LINE: expected 'key = value'" or "PATH:LINE: contains a NUL
 *         byte" (a config file holds options: a bad one is a usage error);
 *         LSN_ENOMEM; or fn's code.
 */
int lsn_config_read(const char *path, lsn_config_fn fn, void *ud);

#endif
