/*
 * io/csvout.c — the CSV field writers of io/csvout.h; libcsv does the
 * quoting (csv_write, csv_fwrite), this file only decides when.
 */
#include "io/csvout.h"

#include <csv.h>
#include <string.h>

/* The characters that make a field quoted. */
static const char quoted_by[] = ",\"\r\n";

static bool needs_quotes(const char *s)
{
    return s[strcspn(s, quoted_by)] != '\0';
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

static void put_quoted(lsn_text *t, const char *s, size_t len, bool last)
{
    size_t n = csv_write(NULL, 0, s, len);
    char *p = lsn_text_extend(t, n);
    if (p != NULL) {
        csv_write(p, n, s, len);
    }
    lsn_text_puts(t, last ? "\r\n" : ",");
}

void lsn_csv_put_quoted(lsn_text *t, const char *s, bool last)
{
    put_quoted(t, s, strlen(s), last);
}

void lsn_csv_put(lsn_text *t, const char *s, bool last)
{
    /* One pass for the length and whether to quote (a table has millions
     * of short fields), one copy with the separator. */
    size_t len = strcspn(s, quoted_by);
    if (s[len] != '\0') {
        put_quoted(t, s, len + strlen(s + len), last);
        return;
    }
    char *p = lsn_text_extend(t, len + (last ? 2 : 1));
    if (p != NULL) {
        memcpy(p, s, len);
        p[len] = last ? '\r' : ',';
        if (last) {
            p[len + 1] = '\n';
        }
    }
}
