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
#include <sys/types.h>

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
    char *buf = NULL;
    size_t cap = 0;
    ssize_t len;
    /* getline: a line of any length is one line (fgets into a fixed buffer
     * would hand the rest of a long line over as a line of its own). */
    for (;;) {
        errno = 0;
        if ((len = getline(&buf, &cap, f)) == -1) {
            break;
        }
        line++;
        if (strlen(buf) != (size_t)len) {
            rc = lsn_error_set(LSN_EINVAL, "%s:%d: contains a NUL byte", path, line);
            break;
        }
        char *s = buf;
        if (line == 1 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
            (unsigned char)s[2] == 0xBF) {
            s += 3;
        }
        char *hash = strchr(s, '#');
        if (hash != NULL) {
            *hash = '\0';
        }
        s = trim(s);
        if (*s == '\0') {
            continue;
        }
        char *eq = strchr(s, '=');
        if (eq == NULL) {
            rc = lsn_error_set(LSN_EINVAL, "%s:%d: expected 'key = value'", path, line);
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
            rc = lsn_error_set(LSN_EINVAL, "%s:%d: expected 'key = value'", path, line);
            break;
        }
        if ((rc = fn(ud, key, value, line)) != LSN_OK) {
            break;
        }
    }
    if (rc == LSN_OK && (ferror(f) || errno == ENOMEM)) {
        rc = errno == ENOMEM ? lsn_oom()
                             : lsn_error_set(LSN_EIO, "%s: cannot read: %s", path, strerror(errno));
    }
    free(buf);
    fclose(f);
    return rc;
}
