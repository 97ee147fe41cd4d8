/*
 * io/csvtable.h — a streaming reader for CSV files with a header row
 * (RFC 4180, as real exports write it), on top of libcsv.
 *
 * The caller names the columns it wants; each data row arrives through a
 * callback with one value per wanted column. Nothing but the current row is
 * kept in memory, so file size does not matter.
 */
#ifndef LSN_IO_CSVTABLE_H
#define LSN_IO_CSVTABLE_H

#include <stdbool.h>
#include <stddef.h>

/**
 * Receives one data row.
 *
 * @param ud     the caller's pointer given to lsn_csv_read()
 * @param values one string per wanted column, in the order of `columns`:
 *               the field as read ("" when the column is absent from the
 *               header or the row is short); borrowed, valid during the call
 * @param line   1-based line of the file where the record starts
 * @return 0 to go on, or a negative LSN_E* code (with its message set by the
 *         callback through lsn_error_set()) to stop: lsn_csv_read() returns it.
 */
typedef int (*lsn_csv_row_fn)(void *ud, const char *const *values, int line);

/**
 * Read the CSV file at path and call row_fn for every data row.
 *
 * Accepted input: an optional UTF-8 byte order mark; LF, CRLF or CR line
 * ends; quoted fields with embedded commas, doubled quotes and line breaks;
 * stray quotes inside unquoted fields are kept as text. libcsv trims spaces
 * and tabs around unquoted fields; quoted fields are given verbatim.
 *
 * The header is the first record with a non-empty field. Header names match
 * `columns` case-insensitively, ignoring surrounding white space; column
 * order is free, extra columns are ignored, and when a wanted name appears
 * twice the first one is used, with a warning "PATH:LINE: column 'NAME'
 * appears twice (fields I and J); the first one is used". Records whose
 * fields are all empty (blank lines) are skipped; fields beyond the header
 * are ignored.
 *
 * Every value is UTF-8: a field that is not (io/utf8.h) is read as
 * Latin-1, and the file gets one warning "PATH:LINE: not valid UTF-8, read
 * as Latin-1" naming the first such line (and how many fields were).
 *
 * Limits (io/limits.h): a record of more than LSN_LIMIT_CSV_COLUMNS fields
 * fails with "PATH:LINE: more than N fields in one record", a field longer
 * than LSN_LIMIT_CSV_FIELD_BYTES with "PATH:LINE: a field longer than N
 * bytes" (LSN_EPARSE), the latter as soon as the field grows past it.
 *
 * @param path     the file; messages name it as given
 * @param columns  the ncolumns wanted column names
 * @param ncolumns number of entries in columns (and in required / present)
 * @param required NULL, or ncolumns flags: a flagged column missing from the
 *                 header fails with "PATH:LINE: missing required column 'NAME'"
 *                 (LINE is the header's line, NAME as spelled in columns)
 * @param[out] present NULL, or ncolumns flags set to whether each column is
 *                 in the header; filled before the first call to row_fn
 * @param row_fn   called once per data row, in file order
 * @param ud       passed to row_fn
 * @return LSN_OK; LSN_EIO "PATH: cannot read: REASON"; LSN_EPARSE
 *         "PATH:1: empty file, expected a header row", a missing required
 *         column, "PATH:LINE: unterminated quoted field", or a limit;
 *         LSN_ENOMEM; or the code row_fn stopped with.
 *
 * Cost: O(file size); memory O(longest record).
 */
int lsn_csv_read(const char *path,
                 const char *const *columns,
                 size_t ncolumns,
                 const bool *required,
                 bool *present,
                 lsn_csv_row_fn row_fn,
                 void *ud);

typedef struct lsn_csv_options {
    bool quiet; /* no warnings: a second pass over a file already read once */
    /* no warning for fields read as Latin-1: the caller has said it for
     * the file (io/load_files.c, for an Outlook export) */
    bool latin1_said;
} lsn_csv_options;

#define LSN_CSV_OPTIONS_INIT                                                                       \
    {                                                                                              \
        false, false                                                                               \
    }

/** lsn_csv_read() with options; opts NULL means LSN_CSV_OPTIONS_INIT. */
int lsn_csv_read_with(const char *path,
                      const char *const *columns,
                      size_t ncolumns,
                      const bool *required,
                      bool *present,
                      lsn_csv_row_fn row_fn,
                      void *ud,
                      const lsn_csv_options *opts);

/** Most columns lsn_csv_trim_row() takes. */
#define LSN_CSV_ROW_MAX 8

/** The values of one row, trimmed: lsn_csv_trim_row() fills it. Zero-initialise. */
typedef struct lsn_csv_row {
    char *buf; /* the values one after the other; owned, free() it */
    size_t cap;
    char *value[LSN_CSV_ROW_MAX]; /* pointers into buf, one per column */
} lsn_csv_row;

/**
 * Copy the n values a lsn_csv_row_fn received into row->value[], each with
 * the white space around it removed (the readers of people.csv, teams.csv,
 * needs.csv and changes.csv all trim their fields this way).
 *
 * @param[out] blank whether every value is empty (a row to skip)
 * @return LSN_OK or LSN_ENOMEM. n must be <= LSN_CSV_ROW_MAX.
 */
int lsn_csv_trim_row(lsn_csv_row *row, const char *const *values, size_t n, bool *blank);

#endif
