/*
 * io/formats.h — the calendar formats liaison reads, as one table. Each row
 * names a format, recognises a file by its first bytes and parses it into
 * raw event records (io/raw.h); the loader (io/load_files.c,
 * io/load_threads.c) only asks the table. A new format is one row in
 * io/formats.c plus its own io/NAME.{h,c}. Internal to io/.
 */
#ifndef LSN_IO_FORMATS_H
#define LSN_IO_FORMATS_H

#include "io/ics.h"
#include "io/model.h"
#include "io/raw.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One row of the table. */
typedef struct lsn_format {
    /* For people and tests: "iCalendar", "Microsoft Graph JSON", "Outlook CSV". */
    const char *name;

    /*
     * True when the bytes start a file of this format. It reads only the
     * first bytes: the loader sniffs a file on its first
     * LSN_LIMIT_SNIFF_BYTES (io/limits.h) before reading the rest.
     */
    bool (*sniff)(const char *data, size_t len);

    /*
     * NULL, or: for bytes that no row's sniff recognised but that look like
     * a broken file of this format, LSN_EPARSE with the message that says so
     * ("PATH:LINE: ..."), and LSN_OK otherwise.
     */
    int (*refuse)(const char *path, const char *data, size_t len);

    /*
     * Parse the file src->path into src->set (io/raw.h says what else the
     * source gives): data holds its bytes (NUL-terminated at data[len],
     * valid UTF-8: Latin-1 is converted before). A record that cannot be
     * used is kept with malformed=true after a warning "PATH:LINE: ID: what
     * is wrong; event skipped". *records: the records read. LSN_EPARSE when
     * the file is unusable as a whole (inside a folder it is then skipped
     * with a warning), LSN_EIO, LSN_ENOMEM.
     */
    int (*load)(const lsn_raw_source *src, const char *data, size_t len, int64_t *records);
} lsn_format;

/**
 * The format of a file by its first bytes: the first row, in table order,
 * whose sniff recognises them; NULL when none does. Borrowed, static.
 */
const lsn_format *lsn_formats_find(const char *data, size_t len);

/**
 * For bytes no row recognises: the first row's refusal (lsn_format.refuse)
 * that applies, in table order: LSN_EPARSE with its message; LSN_OK when
 * none applies (the caller then says "not a calendar file").
 */
int lsn_formats_refuse(const char *path, const char *data, size_t len);

/**
 * The rows, in the order they are tried. Borrowed, static.
 *
 * @param[out] n their number
 */
const lsn_format *lsn_formats_list(size_t *n);

#endif
