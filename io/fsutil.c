/*
 * io/fsutil.c — `mkdir -p` and path joining (io/fsutil.h). It creates
 * folders and builds names; it opens no file.
 */
#include "io/fsutil.h"

#include "io/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int lsn_fs_make_dir(const char *dir)
{
    char path[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof(path)) {
        return lsn_error_set(LSN_EIO, "%s: cannot create: name too long", dir);
    }
    memcpy(path, dir, n + 1);
    /* Each prefix that ends at a '/' in turn, then the whole path. */
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0') {
            continue;
        }
        char saved = path[i];
        path[i] = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            return lsn_error_set(LSN_EIO, "%s: cannot create: %s", path, strerror(errno));
        }
        path[i] = saved;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        return lsn_error_set(LSN_EIO, "%s: cannot create: not a folder", dir);
    }
    return LSN_OK;
}

char *lsn_fs_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p != NULL) {
        snprintf(p, n, "%s/%s", dir, name);
    }
    return p;
}

FILE *lsn_fs_create(const char *path)
{
    struct stat st;
    /* Only a file fopen() could write anyway: a read-only one is refused as before. */
    if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 1 &&
        access(path, W_OK) == 0) {
        (void)unlink(path); /* when it cannot go, fopen() truncates it, or says why not */
    }
    return fopen(path, "wb");
}
