/*
 * io/ics_fast_lines.c — the fast reader's lines (ics_fast.c says what it
 * accepts): unfolding, property names and parameters, DATE and DATE-TIME
 * values, TEXT escapes. Anything outside that narrow grammar is refused
 * here, before anything is recorded. It makes no record.
 */
#include "io/ics_internal.h"

#include "io/bytescan.h"
#include "io/model.h"

#include <string.h>

static bool is_time_kind(uint8_t k)
{
    return k == FK_DTSTART || k == FK_DTEND || k == FK_RECURRENCE_ID || k == FK_EXDATE;
}

/* The fast reader's kind of a property name; false for a name it leaves to
 * libical. By first letter, then words of a length known when compiling. */
static bool fast_kind(const char *name, size_t n, uint8_t *kind)
{
#define NAME_IS(word, k)                                                                           \
    if (token_is(name, n, word)) {                                                                 \
        *kind = (k);                                                                               \
        return true;                                                                               \
    }
    switch (n > 0 ? name[0] : '\0') {
    case 'A':
        NAME_IS("ATTENDEE", FK_ATTENDEE)
        break;
    case 'C':
        NAME_IS("COMMENT", FK_TEXT)
        NAME_IS("CLASS", FK_CLASS)
        NAME_IS("CREATED", FK_STAMP)
        break;
    case 'D':
        NAME_IS("DTSTART", FK_DTSTART)
        NAME_IS("DTEND", FK_DTEND)
        NAME_IS("DURATION", FK_DURATION)
        NAME_IS("DTSTAMP", FK_DTSTAMP)
        NAME_IS("DESCRIPTION", FK_TEXT)
        break;
    case 'E':
        NAME_IS("EXDATE", FK_EXDATE)
        break;
    case 'L':
        NAME_IS("LOCATION", FK_TEXT)
        NAME_IS("LAST-MODIFIED", FK_STAMP)
        break;
    case 'O':
        NAME_IS("ORGANIZER", FK_ORGANIZER)
        break;
    case 'P':
        NAME_IS("PRIORITY", FK_INTEGER)
        break;
    case 'R':
        NAME_IS("RRULE", FK_RRULE)
        NAME_IS("RECURRENCE-ID", FK_RECURRENCE_ID)
        break;
    case 'S':
        NAME_IS("SUMMARY", FK_SUMMARY)
        NAME_IS("SEQUENCE", FK_SEQUENCE)
        NAME_IS("STATUS", FK_STATUS)
        break;
    case 'T':
        NAME_IS("TRANSP", FK_TRANSP)
        break;
    case 'U':
        NAME_IS("UID", FK_UID)
        break;
    case 'X':
        if (n > 2 && name[1] == '-') {
            *kind = FK_X;
            return true;
        }
        break;
    default:
        break;
    }
#undef NAME_IS
    return false;
}

/* Read one parameter of a property of kind k into f; false to leave the block to libical. */
static bool fast_param(struct fprop *f, const char *name, size_t n, char *value, size_t vn)
{
    uint8_t k = f->kind;
    bool x = n > 2 && name[0] == 'X' && name[1] == '-';
    if (is_time_kind(k)) {
        if (token_is(name, n, "TZID")) {
            if (f->tzid == NULL) {
                f->tzid = value;
            }
            return true;
        }
        if (token_is(name, n, "VALUE")) {
            uint8_t t = token_is(value, vn, "DATE")        ? VT_DATE
                        : token_is(value, vn, "DATE-TIME") ? VT_DATETIME
                                                           : VT_NONE;
            if (t == VT_NONE || (f->value_type != VT_NONE && f->value_type != t)) {
                return false;
            }
            f->value_type = t;
            return true;
        }
        if (k == FK_RECURRENCE_ID && token_is(name, n, "RANGE")) {
            if (!token_is(value, vn, "THISANDFUTURE")) {
                return false;
            }
            f->range_future = true;
            return true;
        }
        return false;
    }
    switch (k) {
    case FK_SUMMARY:
    case FK_TEXT:
        return x || token_is(name, n, "LANGUAGE") || token_is(name, n, "ALTREP");
    case FK_X:
        return x || token_is(name, n, "LANGUAGE");
    case FK_ORGANIZER:
        return x || token_is(name, n, "CN") || token_is(name, n, "SENT-BY") ||
               token_is(name, n, "DIR") || token_is(name, n, "LANGUAGE");
    case FK_ATTENDEE:
        break;
    default:
        return false;
    }
    if (x || token_is(name, n, "CN") || token_is(name, n, "SENT-BY") || token_is(name, n, "DIR") ||
        token_is(name, n, "LANGUAGE") || token_is(name, n, "DELEGATED-TO") ||
        token_is(name, n, "DELEGATED-FROM") || token_is(name, n, "MEMBER")) {
        return true;
    }
    if (token_is(name, n, "RSVP")) {
        return token_is(value, vn, "TRUE") || token_is(value, vn, "FALSE");
    }
    if (token_is(name, n, "PARTSTAT")) {
        /* Each word a literal, so that token_is() knows its length. */
        uint8_t t = token_is(value, vn, "NEEDS-ACTION") ? LSN_PS_NEEDS_ACTION
                    : token_is(value, vn, "ACCEPTED")   ? LSN_PS_ACCEPTED
                    : token_is(value, vn, "DECLINED")   ? LSN_PS_DECLINED
                    : token_is(value, vn, "TENTATIVE")  ? LSN_PS_TENTATIVE
                    : token_is(value, vn, "DELEGATED")  ? LSN_PS_DELEGATED
                                                        : UINT8_MAX;
        if (t == UINT8_MAX) {
            return false;
        }
        if (!f->seen_partstat) {
            f->partstat = t;
            f->seen_partstat = true;
        }
        return true;
    }
    if (token_is(name, n, "CUTYPE")) {
        uint8_t t;
        if (token_is(value, vn, "INDIVIDUAL") || token_is(value, vn, "UNKNOWN")) {
            t = LSN_CU_PERSON;
        } else if (token_is(value, vn, "GROUP")) {
            t = LSN_CU_GROUP;
        } else if (token_is(value, vn, "ROOM") || token_is(value, vn, "RESOURCE")) {
            t = LSN_CU_ROOM;
        } else {
            return false;
        }
        if (!f->seen_cutype) {
            f->cutype = t;
            f->seen_cutype = true;
        }
        return true;
    }
    if (token_is(name, n, "ROLE")) {
        bool non = token_is(value, vn, "NON-PARTICIPANT");
        if (!non && !token_is(value, vn, "CHAIR") && !token_is(value, vn, "REQ-PARTICIPANT") &&
            !token_is(value, vn, "OPT-PARTICIPANT")) {
            return false;
        }
        if (!f->seen_role) {
            f->nonparticipant = non;
            f->seen_role = true;
        }
        return true;
    }
    return false;
}

/* What libical trims around a value: space, tab, VT, FF, CR, LF. */
static bool is_blank_byte(char ch)
{
    return ch == ' ' || (ch >= '\t' && ch <= '\r');
}

/* Split one unfolded line (NUL-terminated, writable) into f; false to leave the block to libical.
 */
bool ics_fast_line(struct fprop *f, char *line, size_t len)
{
    memset(f, 0, sizeof(*f));
    char *p = line, *end = line + len;
    p = line + (lsn_find_not_name(p, end) - line);
    if (p == line || p == end || !fast_kind(line, (size_t)(p - line), &f->kind)) {
        return false;
    }
    char sep = *p;
    while (sep == ';') {
        char *name = ++p;
        p = name + (lsn_find_not_name(name, end) - name);
        if (p == name || p == end || *p != '=') {
            return false;
        }
        size_t n = (size_t)(p - name);
        char *value, *vend;
        p++;
        if (p < end && *p == '"') {
            value = ++p;
            p = value + (lsn_find_quoted_stop(value, end) - value);
            if (p == end || *p != '"') {
                return false;
            }
            vend = p++;
        } else {
            value = p;
            p = value + (lsn_find_param_stop(value, end) - value);
            vend = p;
        }
        if (p == end || (*p != ';' && *p != ':') || vend == value || is_blank_byte(value[0]) ||
            is_blank_byte(vend[-1])) {
            return false;
        }
        sep = *p;
        *vend = '\0'; /* may be the separator itself, already read */
        if (!fast_param(f, name, n, value, (size_t)(vend - value))) {
            return false;
        }
    }
    if (sep != ':') {
        return false;
    }
    f->value = p + 1;
    f->vlen = (size_t)(end - f->value);
    return f->vlen > 0 && !is_blank_byte(f->value[0]) && !is_blank_byte(f->value[f->vlen - 1]);
}

/*
 * Unfold a block into the scratch buffer: one '\0'-terminated line after
 * another, CRLF or LF ends and one fold character removed, each line's
 * length in s->line_len (s->nlines of them). Returns the number of bytes
 * used, or 0 when the block is not for the fast reader.
 */
size_t ics_fast_unfold(lsn_ics_scratch *s, const char *p, const char *end)
{
    /* 16 spare bytes: the copy may write that far past a line. */
    if (!ics_reserve_buf(s, (size_t)(end - p) + 2 + 16)) {
        return 0;
    }
    s->nlines = 0;
    char *out = s->buf, *line = out;
    while (p < end) {
        /* One physical line: copied whole, its CRLF or LF dropped. */
        const char *last = lsn_copy_to_eol_or_nul(out, p, end);
        const char *next = last;
        if (last < end) {
            if (*last == '\0') {
                return 0; /* a NUL byte */
            }
            if (*last == '\r' && (last + 1 == end || last[1] != '\n')) {
                return 0; /* a lone CR */
            }
            next += *last == '\r' ? 2 : 1;
        }
        out += last - p;
        p = next;
        if (p < end && (*p == ' ' || *p == '\t') && out > line) {
            p++; /* a folded line goes on */
            continue;
        }
        if (out == line || out - line >= FAST_MAX_LINE ||
            LSN_GROW(s->line_len, s->line_len_cap, s->nlines + 1) != LSN_OK) {
            return 0; /* a blank line, one libical would not read whole, or no memory */
        }
        s->line_len[s->nlines++] = (uint32_t)(out - line);
        *out++ = '\0';
        line = out;
    }
    return (size_t)(out - s->buf);
}

/* A DATE or DATE-TIME value that is a real date and time; false otherwise. */
bool ics_fast_time(icaltimetype *t, bool *utc, const char *v, size_t n, uint8_t value_type)
{
    *t = icaltime_null_time();
    *utc = false;
    if (n != 8 && n != 15 && n != 16) {
        return false;
    }
    if ((n == 8) != (value_type == VT_DATE) && value_type != VT_NONE) {
        return false;
    }
    if (n == 8 && value_type != VT_DATE) {
        return false; /* libical reads it as a date all the same; leave it to libical */
    }
    int y = digits(v, 4), mo = digits(v + 4, 2), d = digits(v + 6, 2);
    if (y < 1 || mo < 1 || mo > 12 || d < 1) {
        return false;
    }
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[mo - 1] + (mo == 2 && leap)) {
        return false;
    }
    t->year = y;
    t->month = mo;
    t->day = d;
    if (n == 8) {
        t->is_date = 1;
        return true;
    }
    int h = digits(v + 9, 2), mi = digits(v + 11, 2), se = digits(v + 13, 2);
    if (v[8] != 'T' || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59 ||
        (n == 16 && v[15] != 'Z')) {
        return false;
    }
    t->hour = h;
    t->minute = mi;
    t->second = se;
    if (n == 16) {
        t->zone = icaltimezone_get_utc_timezone();
        *utc = true;
    }
    return true;
}

/* Undo the TEXT escapes in place; false for an escape the fast reader leaves to libical. */
bool ics_fast_text(char *v, size_t *n)
{
    char *in = v, *out = v, *end = v + *n;
    while (in < end) {
        if (*in != '\\') {
            *out++ = *in++;
            continue;
        }
        if (in + 1 >= end) {
            return false;
        }
        char e = in[1];
        if (e == '\\' || e == ',' || e == ';') {
            *out++ = e;
        } else if (e == 'n' || e == 'N') {
            *out++ = '\n';
        } else {
            return false;
        }
        in += 2;
    }
    *out = '\0';
    *n = (size_t)(out - v);
    return true;
}
