/*
 * viz/json_dump.c — report.json's layout written from a jansson tree
 * (viz/json_dump.h): two-space indent, keys in insertion order, reals to 12
 * significant digits (viz/json_number.h). The text goes through one large
 * buffer. It builds and reads no tree.
 */
#include "viz/json_dump.h"

#include "viz/json_number.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OUT_SIZE = 1 << 16, INDENT = 2 };

typedef struct out {
    FILE *f;
    size_t used;
    bool failed;
    bool reread;
    char buf[OUT_SIZE];
} out;

static void flush(out *o)
{
    if (o->used > 0 && !o->failed && fwrite(o->buf, 1, o->used, o->f) != o->used) {
        o->failed = true;
    }
    o->used = 0;
}

/* Room for n more bytes (n <= OUT_SIZE). */
static char *room(out *o, size_t n)
{
    if (o->used + n > OUT_SIZE) {
        flush(o);
    }
    return o->buf + o->used;
}

static void put(out *o, const char *s, size_t n)
{
    if (n > OUT_SIZE) {
        flush(o);
        if (!o->failed && fwrite(s, 1, n, o->f) != n) {
            o->failed = true;
        }
        return;
    }
    memcpy(room(o, n), s, n);
    o->used += n;
}

static void put_char(out *o, char c)
{
    *room(o, 1) = c;
    o->used++;
}

/* A new line and depth levels of indent. */
static void newline(out *o, int depth)
{
    size_t n = 1 + (size_t)depth * INDENT;
    if (n > OUT_SIZE) {
        return; /* not reached: the report nests a few levels */
    }
    char *p = room(o, n);
    p[0] = '\n';
    memset(p + 1, ' ', n - 1);
    o->used += n;
}

/* s[0..len) between quotes: '"', '\\' and control characters escaped. */
static void string(out *o, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    put_char(o, '"');
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        put(o, s + start, i - start);
        start = i + 1;
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t n = 2;
        switch (c) {
        case '"':
        case '\\':
            esc[1] = (char)c;
            break;
        case '\b':
            esc[1] = 'b';
            break;
        case '\f':
            esc[1] = 'f';
            break;
        case '\n':
            esc[1] = 'n';
            break;
        case '\r':
            esc[1] = 'r';
            break;
        case '\t':
            esc[1] = 't';
            break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 0xF];
            n = 6;
            break;
        }
        put(o, esc, n);
    }
    put(o, s + start, len - start);
    put_char(o, '"');
}

static void value(out *o, json_t *v, int depth)
{
    char text[32];
    size_t n;
    switch (json_typeof(v)) {
    case JSON_NULL:
        put(o, "null", 4);
        break;
    case JSON_TRUE:
        put(o, "true", 4);
        break;
    case JSON_FALSE:
        put(o, "false", 5);
        break;
    case JSON_INTEGER:
        n = lsn_json_integer_text(text, (int64_t)json_integer_value(v));
        put(o, text, n);
        break;
    case JSON_REAL: {
        double x = json_real_value(v);
        n = lsn_json_number_text(text, x);
        if (n == 0) {
            o->failed = true;
            break;
        }
        put(o, text, n);
        if (o->reread) {
            double back = strtod(text, NULL);
            if (back != x) {
                json_real_set(v, back);
            }
        }
        break;
    }
    case JSON_STRING:
        string(o, json_string_value(v), json_string_length(v));
        break;
    case JSON_ARRAY: {
        size_t count = json_array_size(v);
        put_char(o, '[');
        for (size_t i = 0; i < count; i++) {
            if (i > 0) {
                put_char(o, ',');
            }
            newline(o, depth + 1);
            value(o, json_array_get(v, i), depth + 1);
        }
        if (count > 0) {
            newline(o, depth);
        }
        put_char(o, ']');
        break;
    }
    case JSON_OBJECT: {
        void *it = json_object_iter(v);
        bool any = it != NULL;
        put_char(o, '{');
        for (bool first = true; it != NULL; it = json_object_iter_next(v, it), first = false) {
            if (!first) {
                put_char(o, ',');
            }
            newline(o, depth + 1);
            string(o, json_object_iter_key(it), json_object_iter_key_len(it));
            put(o, ": ", 2);
            value(o, json_object_iter_value(it), depth + 1);
        }
        if (any) {
            newline(o, depth);
        }
        put_char(o, '}');
        break;
    }
    }
}

int lsn_json_dump_report(json_t *root, const char *path, bool reread)
{
    if (!json_is_object(root) && !json_is_array(root)) {
        return -1;
    }
    out *o = malloc(sizeof(*o));
    if (o == NULL) {
        return -1;
    }
    o->f = fopen(path, "wb");
    if (o->f == NULL) {
        free(o);
        return -1;
    }
    o->used = 0;
    o->failed = false;
    o->reread = reread;
    value(o, root, 0);
    flush(o);
    int err = errno;
    bool failed = o->failed;
    if (fclose(o->f) != 0) {
        failed = true;
        err = errno;
    }
    free(o);
    errno = err;
    return failed ? -1 : 0;
}
