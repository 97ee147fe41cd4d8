/*
 * io/csvtable.c — feeds a file to libcsv in blocks, maps header names to the
 * caller's columns, keeps track of line numbers (libcsv does not) and hands
 * each data row to a callback. It interprets no value: that is the caller's
 * job (io/roster.c, the Outlook CSV loader).
 */
#include "io/csvtable.h"

#include "io/error.h"
#include "io/limits.h"
#include "io/utf8.h"
#include "io/vec.h"

#include <assert.h>
#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define BLOCK_SIZE (64 * 1024)
/* libcsv grows a field's buffer by this much at a time (its default, 128
 * bytes, makes a long field cost time quadratic in its length). */
#define FIELD_BLOCK (64 * 1024)
#define NO_OFFSET SIZE_MAX
/* libcsv's parser state "inside a field" (its FIELD_BEGUN, not in csv.h). */
#define LIBCSV_FIELD_BEGUN 2

struct reader {
    const char *path;
    const char *const *columns;
    size_t ncolumns;
    const bool *required;
    bool *present;
    lsn_csv_row_fn row_fn;
    void *ud;

    bool have_header;
    int32_t *colmap; /* header position -> index in columns, or -1 */
    size_t ncolmap, capmap;

    /* The record being read. */
    size_t field;      /* position of the next field */
    bool any_nonempty; /* some field so far is not empty */
    int record_line;   /* line where it starts, 0 before its first field */
    int line;          /* current line: where the next record would start */
    bool last_cr;      /* the last terminator was CR: a following LF ends nothing */
    char *buf;         /* wanted fields, each NUL-terminated */
    size_t len, cap;
    size_t *offset; /* per column: offset in buf, or NO_OFFSET */
    const char **values;

    bool quiet;       /* no warnings (a second pass over the same file) */
    bool latin1_said; /* no warning for fields read as Latin-1 */
    size_t latin1;    /* fields read as Latin-1 so far */
    int latin1_line;  /* the line of the first */
    int rc;           /* first error; once set, callbacks do nothing */
};

static int set_rc(struct reader *r, int rc)
{
    if (r->rc == LSN_OK) {
        r->rc = rc;
    }
    return rc;
}

static int field_too_long(const struct reader *r)
{
    return lsn_error_set(LSN_EPARSE, "%s:%d: a field longer than %d bytes", r->path,
                         r->record_line != 0 ? r->record_line : r->line, LSN_LIMIT_CSV_FIELD_BYTES);
}

/* Count line breaks inside a (quoted) field: LF, CRLF and a lone CR. */
static int count_lines(const char *s, size_t len)
{
    int n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n'))) {
            n++;
        }
    }
    return n;
}

/* Index in columns of the header name s, or -1. */
static int32_t match_column(const struct reader *r, const char *s, size_t len)
{
    while (len > 0 && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len > 0 && isspace((unsigned char)s[len - 1])) {
        len--;
    }
    for (size_t i = 0; i < r->ncolumns; i++) {
        if (strlen(r->columns[i]) == len && strncasecmp(r->columns[i], s, len) == 0) {
            return (int32_t)i;
        }
    }
    return -1;
}

static void header_field(struct reader *r, const char *s, size_t len)
{
    int rc = LSN_GROW(r->colmap, r->capmap, r->ncolmap + 1);
    if (rc != LSN_OK) {
        set_rc(r, rc);
        return;
    }
    int32_t col = match_column(r, s, len);
    for (size_t k = 0; col >= 0 && k < r->ncolmap; k++) {
        if (r->colmap[k] == col) {
            if (!r->quiet) {
                lsn_warn("%s:%d: column '%s' appears twice (fields %zu and %zu); the first one "
                         "is used",
                         r->path, r->record_line, r->columns[col], k + 1, r->ncolmap + 1);
            }
            col = -1; /* a repeated name: the first one wins */
        }
    }
    r->colmap[r->ncolmap++] = col;
}

static void data_field(struct reader *r, const char *s, size_t len)
{
    if (r->field >= r->ncolmap || r->colmap[r->field] < 0) {
        return;
    }
    bool utf8 = lsn_utf8_valid(s, len);
    size_t n = utf8 ? len : lsn_latin1_utf8_len(s, len);
    int rc = LSN_GROW(r->buf, r->cap, r->len + n + 1);
    if (rc != LSN_OK) {
        set_rc(r, rc);
        return;
    }
    if (!utf8) {
        lsn_latin1_to_utf8(r->buf + r->len, s, len);
        if (r->latin1++ == 0) {
            r->latin1_line = r->record_line;
        }
        len = n;
    } else if (len > 0) {
        memcpy(r->buf + r->len, s, len);
    }
    r->buf[r->len + len] = '\0';
    r->offset[r->colmap[r->field]] = r->len;
    r->len += len + 1;
}

static void on_field(void *s, size_t len, void *data)
{
    struct reader *r = data;
    if (r->rc != LSN_OK) {
        return;
    }
    const char *text = s != NULL ? s : "";
    if (r->record_line == 0) {
        r->record_line = r->line;
    }
    if (r->field >= LSN_LIMIT_CSV_COLUMNS) {
        set_rc(r, lsn_error_set(LSN_EPARSE, "%s:%d: more than %d fields in one record", r->path,
                                r->record_line, LSN_LIMIT_CSV_COLUMNS));
        return;
    }
    if (len > LSN_LIMIT_CSV_FIELD_BYTES) {
        set_rc(r, field_too_long(r));
        return;
    }
    r->line += count_lines(text, len);
    r->last_cr = false;
    if (len > 0) {
        r->any_nonempty = true;
    }
    if (r->have_header) {
        data_field(r, text, len);
    } else {
        header_field(r, text, len);
    }
    r->field++;
}

static void end_header(struct reader *r)
{
    if (!r->any_nonempty) {
        r->ncolmap = 0; /* a line of empty fields before the header */
        return;
    }
    r->have_header = true;
    bool *seen = r->present;
    for (size_t i = 0; i < r->ncolumns; i++) {
        bool found = false;
        for (size_t k = 0; k < r->ncolmap && !found; k++) {
            found = r->colmap[k] == (int32_t)i;
        }
        if (seen != NULL) {
            seen[i] = found;
        }
        if (!found && r->required != NULL && r->required[i]) {
            set_rc(r, lsn_error_set(LSN_EPARSE, "%s:%d: missing required column '%s'", r->path,
                                    r->record_line, r->columns[i]));
            return;
        }
    }
}

static void end_row(struct reader *r)
{
    if (!r->any_nonempty) {
        return;
    }
    for (size_t i = 0; i < r->ncolumns; i++) {
        r->values[i] = r->offset[i] == NO_OFFSET ? "" : r->buf + r->offset[i];
    }
    int rc = r->row_fn(r->ud, r->values, r->record_line);
    if (rc != LSN_OK) {
        set_rc(r, rc);
    }
}

static void on_record(int c, void *data)
{
    struct reader *r = data;
    if (r->rc != LSN_OK) {
        return;
    }
    if (c == '\n' && r->last_cr && r->field == 0) {
        r->last_cr = false; /* the LF of a CRLF: libcsv reports it apart */
        return;
    }
    if (c == '\r' || c == '\n') {
        r->line++;
    }
    r->last_cr = c == '\r';
    if (r->field > 0) {
        if (r->have_header) {
            end_row(r);
        } else {
            end_header(r);
        }
    }
    r->field = 0;
    r->any_nonempty = false;
    r->record_line = 0;
    r->len = 0;
    for (size_t i = 0; i < r->ncolumns; i++) {
        r->offset[i] = NO_OFFSET;
    }
}

static int parse_error(struct csv_parser *p)
{
    /* Without CSV_STRICT the only failures are allocation failures. */
    if (csv_error(p) == CSV_ETOOBIG) {
        return lsn_error_set(LSN_ENOMEM, "out of memory: a field is too large");
    }
    return lsn_oom();
}

int lsn_csv_read(const char *path,
                 const char *const *columns,
                 size_t ncolumns,
                 const bool *required,
                 bool *present,
                 lsn_csv_row_fn row_fn,
                 void *ud)
{
    return lsn_csv_read_with(path, columns, ncolumns, required, present, row_fn, ud, NULL);
}

int lsn_csv_read_with(const char *path,
                      const char *const *columns,
                      size_t ncolumns,
                      const bool *required,
                      bool *present,
                      lsn_csv_row_fn row_fn,
                      void *ud,
                      const lsn_csv_options *opts)
{
    struct reader r = {
        .quiet = opts != NULL && opts->quiet,
        .latin1_said = opts != NULL && opts->latin1_said,
        .path = path,
        .columns = columns,
        .ncolumns = ncolumns,
        .required = required,
        .present = present,
        .row_fn = row_fn,
        .ud = ud,
        .line = 1,
    };
    struct csv_parser parser;
    bool parser_ready = false;
    FILE *fp = NULL;
    char *block = NULL;
    int rc = LSN_OK;

    r.offset = malloc((ncolumns ? ncolumns : 1) * sizeof(*r.offset));
    r.values = malloc((ncolumns ? ncolumns : 1) * sizeof(*r.values));
    block = malloc(BLOCK_SIZE);
    if (r.offset == NULL || r.values == NULL || block == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    for (size_t i = 0; i < ncolumns; i++) {
        r.offset[i] = NO_OFFSET;
    }
    for (size_t i = 0; present != NULL && i < ncolumns; i++) {
        present[i] = false;
    }
    /* Lenient (no CSV_STRICT): real exports have stray quotes. */
    if (csv_init(&parser, CSV_REPALL_NL | CSV_APPEND_NULL) != 0) {
        rc = lsn_oom();
        goto cleanup;
    }
    parser_ready = true;
    csv_set_blk_size(&parser, FIELD_BLOCK);

    fp = fopen(path, "rb");
    if (fp == NULL) {
        rc = lsn_error_set(LSN_EIO, "%s: cannot read: %s", path, strerror(errno));
        goto cleanup;
    }
    bool first = true;
    for (;;) {
        size_t n = fread(block, 1, BLOCK_SIZE, fp);
        if (n == 0) {
            break;
        }
        const char *data = block;
        if (first && n >= 3 && memcmp(block, "\xEF\xBB\xBF", 3) == 0) {
            data += 3;
            n -= 3;
        }
        first = false;
        if (csv_parse(&parser, data, n, on_field, on_record, &r) != n) {
            rc = parse_error(&parser);
            goto cleanup;
        }
        if (r.rc != LSN_OK) {
            rc = r.rc;
            goto cleanup;
        }
        if (parser.entry_pos > LSN_LIMIT_CSV_FIELD_BYTES) {
            /* Stopped while libcsv still gathers it: the field never grows
             * much past the limit. */
            r.record_line = r.record_line != 0 ? r.record_line : r.line;
            rc = field_too_long(&r);
            goto cleanup;
        }
    }
    if (ferror(fp)) {
        rc = lsn_error_set(LSN_EIO, "%s: cannot read: %s", path, strerror(errno));
        goto cleanup;
    }
    /* Without CSV_STRICT, libcsv's CSV_STRICT_FINI does nothing, and a quote
     * that is never closed (or `"a"b`, which reopens it) would silently turn
     * the rest of the file into one field. */
    if (parser.pstate == LIBCSV_FIELD_BEGUN && parser.quoted) {
        int line = r.record_line != 0 ? r.record_line : r.line;
        rc = lsn_error_set(LSN_EPARSE, "%s:%d: unterminated quoted field", path, line);
        goto cleanup;
    }
    if (csv_fini(&parser, on_field, on_record, &r) != 0) {
        rc = parse_error(&parser);
        goto cleanup;
    }
    if (r.rc != LSN_OK) {
        rc = r.rc;
        goto cleanup;
    }
    if (!r.have_header) {
        rc = lsn_error_set(LSN_EPARSE, "%s:1: empty file, expected a header row", path);
        goto cleanup;
    }
    if (r.latin1 > 0 && !r.quiet && !r.latin1_said) {
        if (r.latin1 == 1) {
            lsn_warn("%s:%d: not valid UTF-8, read as Latin-1", path, r.latin1_line);
        } else {
            lsn_warn("%s:%d: not valid UTF-8, read as Latin-1 (%zu fields from here on)", path,
                     r.latin1_line, r.latin1);
        }
    }
cleanup:
    if (fp != NULL) {
        fclose(fp);
    }
    if (parser_ready) {
        csv_free(&parser);
    }
    free(block);
    free(r.offset);
    free(r.values);
    free(r.colmap);
    free(r.buf);
    return rc;
}

int lsn_csv_trim_row(lsn_csv_row *row, const char *const *values, size_t n, bool *blank)
{
    assert(n <= LSN_CSV_ROW_MAX);
    size_t start[LSN_CSV_ROW_MAX], len[LSN_CSV_ROW_MAX];
    size_t total = 0;
    *blank = true;
    for (size_t i = 0; i < n; i++) {
        const char *s = values[i];
        size_t a = 0, b = strlen(s);
        while (a < b && isspace((unsigned char)s[a])) {
            a++;
        }
        while (b > a && isspace((unsigned char)s[b - 1])) {
            b--;
        }
        start[i] = a;
        len[i] = b - a;
        total += len[i] + 1;
        if (len[i] > 0) {
            *blank = false;
        }
    }
    if (total > row->cap) {
        size_t cap = row->cap ? row->cap : 256;
        while (cap < total) {
            cap *= 2;
        }
        char *p = realloc(row->buf, cap);
        if (p == NULL) {
            return lsn_oom();
        }
        row->buf = p;
        row->cap = cap;
    }
    char *dst = row->buf;
    for (size_t i = 0; i < n; i++) {
        memcpy(dst, values[i] + start[i], len[i]);
        dst[len[i]] = '\0';
        row->value[i] = dst;
        dst += len[i] + 1;
    }
    return LSN_OK;
}
