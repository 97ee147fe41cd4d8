/*
 * io/formats.c — the table of calendar formats (io/formats.h): one row per
 * format, each row's functions fitted to the table's shape. It parses
 * nothing itself: every format's reading is in its own file.
 */
#include "io/formats.h"

#include "io/error.h"
#include "io/ics.h"
#include "io/msgraph.h"
#include "io/outlook.h"

/* An Outlook export is read again from its path, by lsn_csv_read(). */
static int read_outlook(const lsn_raw_source *src, const char *data, size_t len, int64_t *records)
{
    (void)data;
    (void)len;
    return lsn_outlook_parse(src, records);
}

/* A header with some of the Outlook columns but not a required one. */
static int refuse_outlook(const char *path, const char *data, size_t len)
{
    const char *missing;
    int line;
    if (lsn_outlook_sniff_missing(data, len, &missing, &line)) {
        return lsn_error_set(LSN_EPARSE,
                             "%s:%d: an Outlook CSV export without the required column '%s'", path,
                             line, missing);
    }
    return LSN_OK;
}

/* A file's format is known by its content (SPEC §1.4), in this order:
 * BEGIN:VCALENDAR is iCalendar, '[' or '{' is Graph JSON, a CSV header
 * with Subject and Start Date is an Outlook export. */
static const lsn_format formats[] = {
    {"iCalendar", lsn_ics_sniff, NULL, lsn_ics_parse},
    {"Microsoft Graph JSON", lsn_msgraph_sniff, NULL, lsn_msgraph_parse},
    {"Outlook CSV", lsn_outlook_sniff, refuse_outlook, read_outlook},
};

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

const lsn_format *lsn_formats_find(const char *data, size_t len)
{
    for (size_t i = 0; i < NFORMATS; i++) {
        if (formats[i].sniff(data, len)) {
            return &formats[i];
        }
    }
    return NULL;
}

int lsn_formats_refuse(const char *path, const char *data, size_t len)
{
    for (size_t i = 0; i < NFORMATS; i++) {
        int rc = formats[i].refuse != NULL ? formats[i].refuse(path, data, len) : LSN_OK;
        if (rc != LSN_OK) {
            return rc;
        }
    }
    return LSN_OK;
}

const lsn_format *lsn_formats_list(size_t *n)
{
    *n = NFORMATS;
    return formats;
}
