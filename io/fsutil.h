/*
 * io/fsutil.h — the file-system helpers every writer of an output folder
 * needs: `mkdir -p`, "DIR/NAME" and opening a file to write. io/,
 * analysis/, viz/ and cli/ may all use them (they need nothing but libc).
 */
#ifndef LSN_IO_FSUTIL_H
#define LSN_IO_FSUTIL_H

#include <stdio.h>

/**
 * Create dir and every missing parent, like `mkdir -p`: an existing folder
 * is fine, so `--out out/sample` works on a fresh checkout.
 *
 * @return LSN_OK, or LSN_EIO with "DIR: cannot create: REASON" (the part of
 *         the path that failed; "not a folder" when dir exists as a file;
 *         "name too long" past 4095 bytes).
 */
int lsn_fs_make_dir(const char *dir);

/**
 * dir + "/" + name.
 *
 * @return a malloc'd string the caller frees, or NULL on out of memory (no
 *         message is set: the caller reports it).
 */
char *lsn_fs_join(const char *dir, const char *name);

/**
 * Open path to write it whole, as fopen(path, "wb") does, but when path is
 * a regular file with no other link it is removed first and made afresh:
 * the old bytes are dropped with the file rather than truncated in place,
 * which on ext4 makes the new ones be flushed to the disk as the file is
 * closed (its guard for files replaced by truncation). A second run into
 * the same folder (hundreds of files) then writes as fast as the first. A
 * symbolic link, a file with other hard links or one this process may not
 * write is left to fopen (written through, or refused), as before.
 *
 * @return the stream, or NULL with errno set (no message is set).
 */
FILE *lsn_fs_create(const char *path);

#endif
