/*
 * viz/graphml_file.c — GraphML streamed from columns (viz/graphml_file.h).
 *
 * igraph's writer asked an attribute handler for every value, one fprintf
 * and one malloc'd escaped copy at a time, and spelled every number with
 * "%.15g": about 250 M instructions for the person graph of 2,000 people,
 * a quarter of a compare column. Here the lines are put together in a
 * buffer of our own, strings escaped through a table, and numbers spelled
 * without printf; tests/viz/test_graphml.c checks that the bytes are those
 * of igraph's writer.
 */
#include "viz/graphml_file.h"

#include "io/error.h"
#include "io/fsutil.h"
#include "viz/json_number.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The file being written, through a buffer flushed when full. */
struct out {
    FILE *f;
    bool failed;
    size_t n;
    char buf[1 << 16];
};

static void flush(struct out *o)
{
    if (o->n > 0 && !o->failed && fwrite(o->buf, 1, o->n, o->f) != o->n) {
        o->failed = true;
    }
    o->n = 0;
}

static void put(struct out *o, const char *s, size_t len)
{
    if (len > sizeof(o->buf) - o->n) {
        flush(o);
        if (len > sizeof(o->buf)) {
            if (!o->failed && fwrite(s, 1, len, o->f) != len) {
                o->failed = true;
            }
            return;
        }
    }
    memcpy(o->buf + o->n, s, len);
    o->n += len;
}

static void puts_(struct out *o, const char *s)
{
    put(o, s, strlen(s));
}

/* What a byte becomes in text: NULL when it is written as it is. */
static const char *escaped(unsigned char c)
{
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&apos;";
    case '\t':
    case '\n':
    case '\r':
        return NULL;
    default:
        return c < 0x20 ? "\xEF\xBF\xBD" : NULL; /* U+FFFD: XML 1.0 cannot hold it */
    }
}

/* Whether a byte needs escaped(); built once from it. */
static bool special[256];

static void special_init(void)
{
    for (int c = 0; c < 256; c++) {
        special[c] = escaped((unsigned char)c) != NULL;
    }
}

/* s escaped for text and attribute values. */
static void put_text(struct out *o, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
    const unsigned char *run = p;
    for (;; p++) {
        if (*p == '\0') {
            put(o, (const char *)run, (size_t)(p - run));
            return;
        }
        if (special[*p]) {
            put(o, (const char *)run, (size_t)(p - run));
            puts_(o, escaped(*p));
            run = p + 1;
        }
    }
}

static void put_id(struct out *o, const char *prefix, int64_t v, const char *suffix)
{
    char num[24];
    puts_(o, prefix);
    put(o, num, lsn_json_integer_text(num, v));
    puts_(o, suffix);
}

/* The <key> lines of one kind of element. */
static void put_keys(struct out *o, const lsn_graphml_attr *a, size_t n, const char *what)
{
    for (size_t k = 0; k < n; k++) {
        puts_(o, "  <key id=\"");
        put_text(o, a[k].name);
        puts_(o, "\" for=\"");
        puts_(o, what);
        puts_(o, "\" attr.name=\"");
        put_text(o, a[k].name);
        puts_(o, a[k].text != NULL ? "\" attr.type=\"string\"/>\n" : "\" attr.type=\"double\"/>\n");
    }
}

/* The <data> lines of row i. */
static void put_data(struct out *o, const lsn_graphml_attr *a, size_t n, size_t i)
{
    char num[LSN_JSON_NUMBER_SIZE];
    for (size_t k = 0; k < n; k++) {
        size_t len = 0;
        if (a[k].text == NULL && (len = lsn_graphml_number_text(num, a[k].number[i])) == 0) {
            continue; /* NaN */
        }
        puts_(o, "      <data key=\"");
        put_text(o, a[k].name);
        puts_(o, "\">");
        if (a[k].text != NULL) {
            put_text(o, a[k].text[i]);
        } else {
            put(o, num, len);
        }
        puts_(o, "</data>\n");
    }
}

static int check(const lsn_graphml *g)
{
    for (size_t k = 0; k < g->nvattrs + g->neattrs; k++) {
        const lsn_graphml_attr *a = k < g->nvattrs ? &g->vattrs[k] : &g->eattrs[k - g->nvattrs];
        if (a->name == NULL || (a->text == NULL && a->number == NULL)) {
            return lsn_error_set(LSN_EINVAL, "GraphML: column %zu has no name or no values", k);
        }
    }
    for (size_t i = 0; i < g->ne; i++) {
        if (g->from[i] < 0 || (size_t)g->from[i] >= g->nv || g->to[i] < 0 ||
            (size_t)g->to[i] >= g->nv) {
            return lsn_error_set(LSN_EINVAL, "GraphML: edge %zu (%" PRId32 " - %" PRId32
                                 ") names a vertex not among the %zu", i, g->from[i], g->to[i],
                                 g->nv);
        }
    }
    return LSN_OK;
}

int lsn_graphml_save(const char *path, const lsn_graphml *g)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    int rc = check(g);
    if (rc != LSN_OK) {
        return rc;
    }
    pthread_once(&once, special_init);
    struct out *o = malloc(sizeof(*o));
    if (o == NULL) {
        return lsn_oom();
    }
    o->f = lsn_fs_create(path);
    if (o->f == NULL) {
        free(o);
        return lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    o->failed = false;
    o->n = 0;
    puts_(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
             "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
             "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns\n"
             "         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
             "<!-- Created by liaison -->\n");
    put_keys(o, g->vattrs, g->nvattrs, "node");
    put_keys(o, g->eattrs, g->neattrs, "edge");
    puts_(o, "  <graph id=\"G\" edgedefault=\"undirected\">\n");
    for (size_t v = 0; v < g->nv; v++) {
        put_id(o, "    <node id=\"n", (int64_t)v, "\">\n");
        put_data(o, g->vattrs, g->nvattrs, v);
        puts_(o, "    </node>\n");
    }
    for (size_t i = 0; i < g->ne; i++) {
        int32_t a = g->from[i] < g->to[i] ? g->from[i] : g->to[i];
        int32_t b = g->from[i] < g->to[i] ? g->to[i] : g->from[i];
        put_id(o, "    <edge source=\"n", a, "\"");
        put_id(o, " target=\"n", b, "\">\n");
        put_data(o, g->eattrs, g->neattrs, i);
        puts_(o, "    </edge>\n");
    }
    puts_(o, "  </graph>\n</graphml>\n");
    flush(o);
    int err = o->failed ? errno : 0;
    if (fclose(o->f) != 0 && err == 0) {
        err = errno != 0 ? errno : EIO;
    }
    if (o->failed || err != 0) {
        rc = lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(err != 0 ? err : EIO));
    }
    free(o);
    return rc;
}
