/*
 * viz/json_dump.c — report.json's layout written from a jansson tree
 * (viz/json_dump.h): two-space indent, keys in insertion order, reals to 12
 * significant digits (viz/json_number.h). The text goes through one large
 * buffer, to a file or kept in memory; a document is written whole or a
 * container at a time (the caller builds, writes and frees one part after
 * another). It builds no tree.
 */
#include "viz/json_dump.h"

#include "io/fsutil.h"

#include "viz/json_number.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OUT_SIZE = 1 << 16, INDENT = 2, LEVELS = 16 };

struct lsn_json_out {
    FILE *f;   /* NULL: the text is kept in mem */
    char *mem; /* malloc'd */
    size_t nmem, capmem;
    size_t used;
    bool failed;
    bool reread;
    int base;    /* the depth of the outermost container */
    int nlevels; /* containers open */
    struct {
        bool object;
        size_t count;
    } level[LEVELS];
    char buf[OUT_SIZE];
};

typedef struct lsn_json_out out;

/* Append n bytes to the kept text. */
static void keep(out *o, const char *s, size_t n)
{
    if (o->nmem + n > o->capmem) {
        size_t cap = o->capmem ? o->capmem : OUT_SIZE;
        while (cap < o->nmem + n) {
            cap *= 2;
        }
        char *mem = realloc(o->mem, cap);
        if (mem == NULL) {
            o->failed = true;
            return;
        }
        o->mem = mem;
        o->capmem = cap;
    }
    memcpy(o->mem + o->nmem, s, n);
    o->nmem += n;
}

static void write_out(out *o, const char *s, size_t n)
{
    if (n == 0 || o->failed) {
        return;
    }
    if (o->f == NULL) {
        keep(o, s, n);
    } else if (fwrite(s, 1, n, o->f) != n) {
        o->failed = true;
    }
}

static void flush(out *o)
{
    write_out(o, o->buf, o->used);
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
        write_out(o, s, n);
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

/* Whether any of the 8 bytes of w is a control character, '"' or '\\'
 * (bytes of UTF-8 sequences, 0x80 and up, are none of them). */
static bool any_to_escape(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t quote = w ^ (ones * '"'), slash = w ^ (ones * '\\');
    uint64_t below = (w - ones * 0x20) & ~w;
    uint64_t q = (quote - ones) & ~quote, b = (slash - ones) & ~slash;
    return ((below | q | b) & highs) != 0;
}

/* s[0..len) between quotes: '"', '\\' and control characters escaped. */
static void string(out *o, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    put_char(o, '"');
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        /* Eight plain bytes at a time up to the next one to escape. */
        uint64_t w;
        while (i + 8 <= len && (memcpy(&w, s + i, 8), !any_to_escape(w))) {
            i += 8;
        }
        if (i >= len) {
            break;
        }
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

static out *out_new(FILE *f, int depth, bool reread)
{
    out *o = malloc(sizeof(*o));
    if (o == NULL) {
        return NULL;
    }
    o->f = f;
    o->mem = NULL;
    o->nmem = o->capmem = 0;
    o->used = 0;
    o->failed = false;
    o->reread = reread;
    o->base = depth;
    o->nlevels = 0;
    return o;
}

lsn_json_out *lsn_json_out_file(const char *path, bool reread)
{
    FILE *f = lsn_fs_create(path);
    if (f == NULL) {
        return NULL;
    }
    out *o = out_new(f, 0, reread);
    if (o == NULL) {
        int err = errno;
        fclose(f);
        errno = err;
    }
    return o;
}

lsn_json_out *lsn_json_out_memory(int depth, bool reread)
{
    return out_new(NULL, depth, reread);
}

void lsn_json_out_reread(lsn_json_out *o, bool reread)
{
    o->reread = reread;
}

/* The depth a value written now is at: its container's plus one. */
static int depth_now(const out *o)
{
    return o->base + o->nlevels;
}

/* Before a value in the innermost container (none: the outermost value):
 * the comma, the new line and, in an object, the key. */
static void before(out *o, const char *key)
{
    if (o->nlevels == 0) {
        return;
    }
    size_t *count = &o->level[o->nlevels - 1].count;
    if (*count > 0) {
        put_char(o, ',');
    }
    (*count)++;
    newline(o, depth_now(o));
    if (o->level[o->nlevels - 1].object) {
        if (key == NULL) {
            o->failed = true;
            return;
        }
        string(o, key, strlen(key));
        put(o, ": ", 2);
    }
}

void lsn_json_out_begin(lsn_json_out *o, const char *key, bool object)
{
    if (o->nlevels == LEVELS) {
        o->failed = true; /* not reached: the report nests a few levels */
        return;
    }
    before(o, key);
    put_char(o, object ? '{' : '[');
    o->level[o->nlevels].object = object;
    o->level[o->nlevels].count = 0;
    o->nlevels++;
}

void lsn_json_out_value(lsn_json_out *o, const char *key, json_t *v)
{
    if (v == NULL || (o->nlevels == 0 && !json_is_object(v) && !json_is_array(v))) {
        o->failed = true;
        return;
    }
    before(o, key);
    value(o, v, depth_now(o));
}

void lsn_json_out_text(lsn_json_out *o, const char *key, const char *text, size_t n)
{
    before(o, key);
    put(o, text, n);
}

void lsn_json_out_end(lsn_json_out *o)
{
    if (o->nlevels == 0) {
        o->failed = true;
        return;
    }
    o->nlevels--;
    bool object = o->level[o->nlevels].object;
    if (o->level[o->nlevels].count > 0) {
        newline(o, depth_now(o));
    }
    put_char(o, object ? '}' : ']');
}

int lsn_json_out_close(lsn_json_out *o, char **text, size_t *n)
{
    if (text != NULL) {
        *text = NULL;
        *n = 0;
    }
    if (o == NULL) {
        return -1;
    }
    flush(o);
    int err = errno;
    bool failed = o->failed || o->nlevels != 0;
    if (o->f != NULL && fclose(o->f) != 0) {
        failed = true;
        err = errno;
    }
    if (!failed && text != NULL) {
        *text = o->mem;
        *n = o->nmem;
        o->mem = NULL;
    }
    free(o->mem);
    free(o);
    errno = err;
    return failed ? -1 : 0;
}

int lsn_json_dump_report(json_t *root, const char *path, bool reread)
{
    if (!json_is_object(root) && !json_is_array(root)) {
        return -1;
    }
    out *o = lsn_json_out_file(path, reread);
    if (o == NULL) {
        return -1;
    }
    lsn_json_out_value(o, NULL, root);
    return lsn_json_out_close(o, NULL, NULL);
}
