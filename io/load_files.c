/*
 * io/load_files.c — the calendar files under the paths given, and one file
 * read whole: the size limits, the refusal of bytes that start no calendar,
 * Latin-1 read as UTF-8. It does not parse a file or run threads.
 */
/* struct dirent's d_type (glibc and the BSDs give it with _DEFAULT_SOURCE). */
#define _DEFAULT_SOURCE

#include "io/load_internal.h"

#include "io/error.h"
#include "io/formats.h"
#include "io/fsutil.h"
#include "io/limits.h"
#include "io/utf8.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int add_path(struct pathlist *l, const char *path, bool named, bool regular)
{
    if (l->n == l->cap) {
        size_t cap = lsn_grow_cap(l->cap, l->n + 1, sizeof(*l->paths));
        int rc = cap != 0 ? LSN_OK : lsn_oom();
        if (rc != LSN_OK || (rc = LSN_RESIZE(l->paths, cap)) != LSN_OK ||
            (rc = LSN_RESIZE(l->named, cap)) != LSN_OK ||
            (rc = LSN_RESIZE(l->regular, cap)) != LSN_OK) {
            return rc;
        }
        l->cap = cap;
    }
    l->paths[l->n] = strdup(path);
    if (l->paths[l->n] == NULL) {
        return lsn_oom();
    }
    l->named[l->n] = named;
    l->regular[l->n++] = regular;
    return LSN_OK;
}

int load_walk(struct pathlist *l, const char *path, bool named, int depth)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        return lsn_error_set(LSN_EIO, "%s: cannot read: %s", path, strerror(errno));
    }
    if (!S_ISDIR(st.st_mode)) {
        return add_path(l, path, named, S_ISREG(st.st_mode));
    }
    if (depth > 32) {
        lsn_warn("%s: folders nested too deep, not read", path);
        return LSN_OK;
    }
    DIR *dir = opendir(path);
    if (dir == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot read: %s", path, strerror(errno));
    }
    /* Children are DIR/NAME, with one slash also when DIR was given with
     * one at its end ("mailboxes/", "/"). */
    size_t plen = strlen(path);
    char *base = strndup(path, plen > 0 && path[plen - 1] == '/' ? plen - 1 : plen);
    int rc = base != NULL ? LSN_OK : lsn_oom();
    struct dirent *e;
    while (rc == LSN_OK && (e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.') {
            continue; /* ., .., and hidden files such as .DS_Store */
        }
        char *child = lsn_fs_join(base, e->d_name);
        if (child == NULL) {
            rc = lsn_oom();
            break;
        }
        /* A regular file needs no stat() to be told so (one call fewer per
         * mailbox); anything else, or a file system that does not say, is
         * walked as a path. */
#ifdef DT_REG
        rc = e->d_type == DT_REG ? add_path(l, child, false, true)
                                 : load_walk(l, child, false, depth + 1);
#else
        rc = load_walk(l, child, false, depth + 1);
#endif
        free(child);
    }
    free(base);
    closedir(dir);
    return rc;
}

/* LSN_OK when the first bytes of a file may start a calendar; otherwise
 * LSN_EPARSE with the message that says best why they do not. */
static int refuse_start(const char *path, const char *data, size_t len)
{
    if (lsn_formats_find(data, len) != NULL) {
        return LSN_OK;
    }
    const unsigned char *u = (const unsigned char *)data;
    int rc;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        return lsn_error_set(LSN_EPARSE,
                             "%s:1: not a calendar file (UTF-16 text: export it as UTF-8)", path);
    }
    if ((rc = lsn_formats_refuse(path, data, len)) != LSN_OK) {
        return rc; /* a broken file of a known format (an Outlook export without a column) */
    }
    const char *nul = memchr(data, '\0', len);
    if (nul != NULL) {
        return lsn_error_set(LSN_EPARSE,
                             "%s: not a calendar file (binary data: a NUL byte at offset %zu)",
                             path, (size_t)(nul - data));
    }
    return lsn_error_set(LSN_EPARSE,
                         "%s:1: not a calendar file (expected iCalendar: BEGIN:VCALENDAR)", path);
}

static int too_big(const char *path)
{
    return lsn_error_set(LSN_EPARSE,
                         "%s: larger than %lld MiB, the limit of one calendar file; not read", path,
                         (long long)(LSN_LIMIT_FILE_BYTES >> 20));
}

/* Make buf hold at least need bytes; false when out of memory (buf unchanged). */
static bool reserve(struct load_buf *buf, size_t need)
{
    if (need <= buf->cap) {
        return true;
    }
    char *q = realloc(buf->data, need);
    if (q == NULL) {
        return false;
    }
    buf->data = q;
    buf->cap = need;
    return true;
}

/*
 * Read a whole file into buf, NUL-terminated, converting Latin-1 to UTF-8.
 * The first LSN_LIMIT_SNIFF_BYTES decide whether it may be a calendar at
 * all: when they cannot (a NUL byte, no known format), or when the file is
 * larger than LSN_LIMIT_FILE_BYTES, it is refused with LSN_EPARSE (a pipe
 * before the rest is read). LSN_EIO when it cannot be read. fd, when not
 * -1, is path opened already (ahead of its reading), closed here.
 */
int load_read_file(struct load_buf *buf, const char *path, int fd)
{
    buf->len = 0;
    if (fd < 0) {
        fd = open(path, O_RDONLY);
    }
    if (fd < 0) {
        return lsn_error_set(LSN_EIO, "%s: cannot read: %s", path, strerror(errno));
    }
    struct stat st;
    bool regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (regular && (long long)st.st_size > LSN_LIMIT_FILE_BYTES) {
        close(fd);
        return too_big(path);
    }
    /* A regular file is read with one read() into a buffer of its size
     * (plus what it may have grown by), kept from file to file; anything
     * else (a pipe, a device) is sniffed first and grows by doubling. */
    size_t want_cap = regular && (size_t)st.st_size + 4096 > LSN_LIMIT_SNIFF_BYTES + 1
                          ? (size_t)st.st_size + 4096
                          : LSN_LIMIT_SNIFF_BYTES + 1;
    size_t n = 0;
    int rc = reserve(buf, want_cap) ? LSN_OK : lsn_oom();
    bool sniffed = false;
    while (rc == LSN_OK) {
        if (buf->cap - n < 4096) {
            if ((long long)buf->cap > LSN_LIMIT_FILE_BYTES) {
                rc = too_big(path);
                break;
            }
            if (!reserve(buf, buf->cap * 2)) {
                rc = lsn_oom();
                break;
            }
        }
        size_t want = sniffed || regular ? buf->cap - n - 1 : LSN_LIMIT_SNIFF_BYTES - n;
        ssize_t got = read(fd, buf->data + n, want);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            rc = lsn_error_set(LSN_EIO, "%s: cannot read: %s", path, strerror(errno));
            break;
        }
        n += (size_t)got;
        /* A regular file that gave fewer bytes than asked, its size in all,
         * is at its end: no second read() to be told so. */
        bool at_end = got == 0 || (regular && (size_t)got < want && (long long)n == st.st_size);
        if ((long long)n > LSN_LIMIT_FILE_BYTES) {
            rc = too_big(path);
            break;
        }
        if (!sniffed && (at_end || n >= LSN_LIMIT_SNIFF_BYTES)) {
            sniffed = true;
            size_t head = n < LSN_LIMIT_SNIFF_BYTES ? n : LSN_LIMIT_SNIFF_BYTES;
            rc = refuse_start(path, buf->data, head);
            if (rc != LSN_OK || at_end) {
                break;
            }
            continue;
        }
        if (at_end) {
            break;
        }
    }
    close(fd);
    if (rc != LSN_OK) {
        return rc;
    }
    char *data = buf->data;
    data[n] = '\0';
    /* Validate UTF-8 (io/utf8.h); a file that is not is read as Latin-1. */
    if (!lsn_utf8_valid(data, n)) {
        size_t grown = lsn_latin1_utf8_len(data, n);
        if (!reserve(buf, grown + 1)) {
            return lsn_oom();
        }
        n = lsn_latin1_to_utf8_in_place(buf->data, n);
        lsn_warn("%s: not valid UTF-8, read as Latin-1", path);
    }
    buf->len = n;
    return LSN_OK;
}
