/*
 * io/config.c — reads "key = value" config files line by line and hands
 * each setting to a callback. It knows no keys and converts no values.
 */
#include "io/config.h"

#include "io/error.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) {
        s++;
    }
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1])) {
        s[--n] = '\0';
    }
    return s;
}

int lsn_config_read(const char *path, lsn_config_fn fn, void *ud)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot read: %s", path, strerror(errno));
    }
    int rc = LSN_OK, line = 0;
    char buf[4096];
    while (rc == LSN_OK && fgets(buf, sizeof(buf), f) != NULL) {
        line++;
        if (line == 1 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
            (unsigned char)buf[2] == 0xBF) {
            memmove(buf, buf + 3, strlen(buf + 3) + 1);
        }
        char *hash = strchr(buf, '#');
        if (hash != NULL) {
            *hash = '\0';
        }
        char *s = trim(buf);
        if (*s == '\0') {
            continue;
        }
        char *eq = strchr(s, '=');
        if (eq == NULL) {
            rc = lsn_error_set(LSN_EPARSE, "%s:%d: expected 'key = value'", path, line);
            break;
        }
        *eq = '\0';
        char *key = trim(s), *value = trim(eq + 1);
        size_t n = strlen(value);
        if (n >= 2 && value[0] == '"' && value[n - 1] == '"') {
            value[n - 1] = '\0';
            value++;
        }
        if (*key == '\0') {
            rc = lsn_error_set(LSN_EPARSE, "%s:%d: expected 'key = value'", path, line);
            break;
        }
        rc = fn(ud, key, value, line);
    }
    if (rc == LSN_OK && ferror(f)) {
        rc = lsn_error_set(LSN_EIO, "%s: cannot read: %s", path, strerror(errno));
    }
    fclose(f);
    return rc;
}
