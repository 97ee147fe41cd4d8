/*
 * io/csvout.h — writing CSV (RFC 4180) fields through libcsv: the one home
 * of CSV quoting for every file the program writes (findings.csv,
 * compare.csv, slices.csv, batch.csv, and the generator's rosters and
 * Outlook exports). A field is quoted when it holds a comma, a quote, CR
 * or LF (a quote doubled inside), or always when the caller asks; a row
 * ends with CRLF.
 */
#ifndef LSN_IO_CSVOUT_H
#define LSN_IO_CSVOUT_H

#include "io/text.h"

#include <stdbool.h>
#include <stdio.h>

/** Write one field, quoted when needed, then "," or, when last, CRLF. */
void lsn_csv_field(FILE *f, const char *s, bool last);

/** lsn_csv_field() into a growing string. */
void lsn_csv_put(lsn_text *t, const char *s, bool last);

/** lsn_csv_put(), always quoted (as Outlook writes every field). */
void lsn_csv_put_quoted(lsn_text *t, const char *s, bool last);

#endif
