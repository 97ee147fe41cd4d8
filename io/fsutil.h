/*
 * io/fsutil.h — the two file-system helpers every writer of an output folder
 * needs: `mkdir -p` and "DIR/NAME". io/, analysis/, viz/ and cli/ may all
 * use them (they need nothing but libc).
 */
#ifndef LSN_IO_FSUTIL_H
#define LSN_IO_FSUTIL_H

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

#endif
