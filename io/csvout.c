/*
 * io/csvout.c — the CSV field writers of io/csvout.h; libcsv does the
 * quoting (csv_write, csv_fwrite), this file only decides when.
 */
#include "io/csvout.h"

#include <csv.h>
#include <string.h>

static bool needs_quotes(const char *s)
{
    return strpbrk(s, ",\"\r\n") != NULL;
}

void lsn_csv_field(FILE *f, const char *s, bool last)
{
    if (needs_quotes(s)) {
        csv_fwrite(f, s, strlen(s));
    } else {
        fputs(s, f);
    }
    fputs(last ? "\r\n" : ",", f);
}

void lsn_csv_put_quoted(lsn_text *t, const char *s, bool last)
{
    size_t len = strlen(s);
    size_t n = csv_write(NULL, 0, s, len);
    char *p = lsn_text_extend(t, n);
    if (p != NULL) {
        csv_write(p, n, s, len);
    }
    lsn_text_puts(t, last ? "\r\n" : ",");
}

void lsn_csv_put(lsn_text *t, const char *s, bool last)
{
    if (needs_quotes(s)) {
        lsn_csv_put_quoted(t, s, last);
    } else {
        lsn_text_puts(t, s);
        lsn_text_puts(t, last ? "\r\n" : ",");
    }
}
