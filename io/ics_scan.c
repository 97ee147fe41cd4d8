/*
 * io/ics_scan.c — one linear scan of a block before libical sees it: the
 * limits of io/limits.h checked, and for a VEVENT only the lines liaison
 * reads copied out. It parses no value.
 */
#include "io/ics_internal.h"

#include "io/limits.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/*
 * A block goes to libical only after one linear scan over its lines, split
 * and unfolded as libical's parser splits them (a line ends at LF while an
 * LF follows somewhere, else at CR; a line starting with a space or a tab
 * continues the previous one; text after a NUL is never read). The scan
 * checks the limits of io/limits.h and, for a VEVENT, keeps only BEGIN, END
 * and the properties liaison reads: libical's line reader takes time
 * quadratic in the length of a line, and a DESCRIPTION or an inline ATTACH
 * of many megabytes is nothing liaison uses.
 */

/*
 * Blocks smaller than this cannot be over any of the limits (an RDATE value
 * takes 9 bytes or more, an observance 28, an ATTENDEE line 11): they go to
 * libical whole, as they always did, without a scan.
 */
#define SCAN_FROM_BYTES 8192
_Static_assert((LSN_LIMIT_ZONE_RULES + 1) * 9 > SCAN_FROM_BYTES &&
                   (LSN_LIMIT_ZONE_OBSERVANCES + 1) * 28 > SCAN_FROM_BYTES &&
                   (LSN_LIMIT_ATTENDEES + 1) * 11 > SCAN_FROM_BYTES &&
                   LSN_LIMIT_LINE_BYTES > SCAN_FROM_BYTES,
               "a block under SCAN_FROM_BYTES may be over a limit");

static const char *const read_names[] = {
    "BEGIN",    "END",    "UID",   "SUMMARY", "DTSTART", "DTEND",         "DURATION",  "DTSTAMP",
    "SEQUENCE", "STATUS", "RRULE", "RDATE",   "EXDATE",  "RECURRENCE-ID", "ORGANIZER", "ATTENDEE"};

/* Lines ended between p and q: LF, CR LF and a lone CR each end one. */
int ics_count_breaks(const char *p, const char *q)
{
    int n = 0;
    for (; p < q; p++) {
        if (*p == '\n' || (*p == '\r' && (p + 1 == q || p[1] != '\n'))) {
            n++;
        }
    }
    return n;
}

/* One past the end of the physical line at p: its LF while an LF follows
 * (last_lf), else its CR, else the end. */
static const char *physical_end(const char *p, const char *end, const char *last_lf)
{
    if (last_lf != NULL && p <= last_lf) {
        return (const char *)memchr(p, '\n', (size_t)(last_lf - p) + 1) + 1;
    }
    const char *cr = memchr(p, '\r', (size_t)(end - p));
    return cr != NULL ? cr + 1 : end;
}

/* Bytes of a physical line [p, q) without its line end. */
static size_t content_len(const char *p, const char *q)
{
    size_t n = (size_t)(q - p);
    if (n > 0 && q[-1] == '\n') {
        n--;
        if (n > 0 && p[n - 1] == '\r') {
            n--;
        }
    } else if (n > 0 && q[-1] == '\r') {
        n--;
    }
    return n;
}

/*
 * Scan one block (see above). When out is not NULL (a VEVENT), the lines to
 * give libical are copied there (at most the block's size), NUL-terminated;
 * a block under SCAN_FROM_BYTES is copied whole.
 */
void ics_scan_block(const struct block *b, bool vevent, char *out, struct scan *r)
{
    const char *p = b->begin, *end = b->end;
    if (end - p < SCAN_FROM_BYTES) {
        memset(r, 0, sizeof(*r));
        if (out != NULL) {
            r->out_len = (size_t)(end - p);
            memcpy(out, p, r->out_len);
            out[r->out_len] = '\0';
        }
        return;
    }
    const char *nul = memchr(p, '\0', (size_t)(end - p));
    if (nul != NULL) {
        end = nul; /* libical reads a C string */
    }
    const char *last_lf = NULL;
    for (const char *q = end; q > p; q--) {
        if (q[-1] == '\n') {
            last_lf = q - 1;
            break;
        }
    }
    memset(r, 0, sizeof(*r));
    size_t attendees = 0, observances = 0, rules = 0;
    int depth = 0;
    while (p < end) {
        /* One logical line: a physical line and its continuations. */
        const char *first = p, *q = physical_end(p, end, last_lf);
        size_t length = content_len(p, q);
        while (q < end && (*q == ' ' || *q == '\t') && (q[-1] == '\n' || q[-1] == '\r')) {
            const char *next = physical_end(q, end, last_lf);
            length += content_len(q, next) - 1;
            q = next;
        }
        /* The name: up to ';' or ':', read through the folds. */
        char name[24];
        size_t n = 0;
        bool named = false;
        for (const char *s = first; s < q && !named;) {
            const char *seg_end = physical_end(s, q, last_lf);
            const char *c = s == first ? s : s + 1;
            for (const char *stop = s + content_len(s, seg_end); c < stop; c++) {
                if (*c == ';' || *c == ':') {
                    named = true;
                    break;
                }
                if (n == sizeof(name) - 1) {
                    n = 0; /* longer than any name liaison reads */
                    named = true;
                    break;
                }
                name[n++] = (char)toupper((unsigned char)*c);
            }
            s = seg_end;
        }
        name[n] = '\0';
        bool read = false;
        for (size_t i = 0; vevent && i < sizeof(read_names) / sizeof(read_names[0]) && !read; i++) {
            read = strcmp(name, read_names[i]) == 0;
        }
        bool begin = strcmp(name, "BEGIN") == 0, end_line = strcmp(name, "END") == 0;
        if ((read || !vevent) && length > LSN_LIMIT_LINE_BYTES && r->over == NULL) {
            r->over = "content line longer than the limit";
            snprintf(r->detail, sizeof(r->detail), "a %s line of %zu bytes (the limit is %d)",
                     n > 0 ? name : "content", length, LSN_LIMIT_LINE_BYTES);
            r->at = first;
        }
        if (begin && depth == 1 && !vevent) {
            observances++;
        }
        if (vevent && strcmp(name, "ATTENDEE") == 0) {
            attendees++;
        }
        if (!vevent && depth == 2 && strcmp(name, "RRULE") == 0) {
            rules++;
        }
        if (!vevent && depth == 2 && strcmp(name, "RDATE") == 0) {
            rules++;
            for (const char *c = first; c < q; c++) {
                rules += *c == ','; /* each value is a transition */
            }
        }
        if ((strcmp(name, vevent ? "UID" : "TZID") == 0) && depth == 1 && r->id[0] == '\0' &&
            length <= LSN_LIMIT_LINE_BYTES) {
            /* The value, unfolded, as far as it fits. */
            size_t k = 0;
            bool value = false;
            for (const char *s = first; s < q && k < sizeof(r->id) - 1;) {
                const char *seg_end = physical_end(s, q, last_lf);
                const char *c = s == first ? s : s + 1;
                for (const char *stop = s + content_len(s, seg_end);
                     c < stop && k < sizeof(r->id) - 1; c++) {
                    if (value) {
                        r->id[k++] = *c;
                    } else {
                        value = *c == ':';
                    }
                }
                s = seg_end;
            }
            r->id[k] = '\0';
        }
        if (r->over == NULL && attendees > LSN_LIMIT_ATTENDEES) {
            r->over = "too many attendees";
            snprintf(r->detail, sizeof(r->detail), "more than %d attendees", LSN_LIMIT_ATTENDEES);
            r->at = b->begin;
        }
        if (r->over == NULL && observances > LSN_LIMIT_ZONE_OBSERVANCES) {
            r->over = "too many observances";
            snprintf(r->detail, sizeof(r->detail), "more than %d STANDARD and DAYLIGHT parts",
                     LSN_LIMIT_ZONE_OBSERVANCES);
            r->at = b->begin;
        }
        if (r->over == NULL && rules > LSN_LIMIT_ZONE_RULES) {
            r->over = "too many rules";
            snprintf(r->detail, sizeof(r->detail), "more than %d RRULE and RDATE values",
                     LSN_LIMIT_ZONE_RULES);
            r->at = b->begin;
        }
        depth += begin ? 1 : end_line ? -1 : 0;
        if (out != NULL && read && r->over == NULL) {
            memcpy(out + r->out_len, first, (size_t)(q - first));
            r->out_len += (size_t)(q - first);
        }
        p = q;
    }
    if (out != NULL) {
        out[r->out_len] = '\0';
    }
}
