/*
 * viz/html_text.c — the plumbing of report.html and compare.html
 * (viz/html_internal.h): the growing page, HTML escaping, display names
 * read from the report, numbers, sortable tables, inline SVG, and the
 * page's own stylesheet and script. It decides nothing about content.
 */
#include "viz/html_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const html_sev_color[4] = {"#78909c", "#9e8600", "#e65100", "#c62828"};
const char *const html_sev_fill[4] = {"#ffffff", "#fffbe0", "#fff1e0", "#fde7e7"};
const char *const html_sev_name[4] = {"", "low", "medium", "high"};

void hp_put(hpage *h, const char *s)
{
    lsn_text_put(&h->out, s, strlen(s));
}

void hp_fmt(hpage *h, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    if ((size_t)n < sizeof(tmp)) {
        lsn_text_put(&h->out, tmp, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (big == NULL) {
        h->out.failed = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    lsn_text_put(&h->out, big, (size_t)n);
    free(big);
}

void hp_escn(hpage *h, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            /* Control characters other than tab and newline are not
             * allowed in HTML text: a space instead. */
            if ((unsigned char)s[i] < 0x20 && s[i] != '\t' && s[i] != '\n') {
                rep = " ";
            }
            break;
        }
        if (rep != NULL) {
            lsn_text_put(&h->out, s + run, i - run);
            hp_put(h, rep);
            run = i + 1;
        }
    }
    lsn_text_put(&h->out, s + run, n - run);
}

void hp_esc(hpage *h, const char *s)
{
    if (s != NULL) {
        hp_escn(h, s, strlen(s));
    }
}

const char *hp_str(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

double hp_real(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* ---------------------------------------------------------------------- */
/* Display names.                                                          */

static void name_in(json_t *map, const char *id, const char *name)
{
    if (id != NULL && name != NULL && name[0] != '\0' && json_object_get(map, id) == NULL) {
        json_object_set_new(map, id, json_string(name));
    }
}

int hp_open(hpage *h, const json_t *report)
{
    memset(h, 0, sizeof(*h));
    h->report = report;
    h->names.units = json_object();
    h->names.people = json_object();
    h->names.sizes = json_object();
    if (h->names.units == NULL || h->names.people == NULL || h->names.sizes == NULL) {
        hp_free(h);
        return lsn_oom();
    }
    size_t i;
    const json_t *e;
    json_array_foreach(json_object_get(report, "teams"), i, e)
    {
        name_in(h->names.units, hp_str(e, "team"), hp_str(e, "name"));
        double hc = hp_real(e, "headcount");
        if (hp_str(e, "team") != NULL && isfinite(hc)) {
            json_object_set_new(h->names.sizes, hp_str(e, "team"), json_real(hc));
        }
    }
    json_array_foreach(json_object_get(report, "units"), i, e)
    {
        name_in(h->names.units, hp_str(e, "unit"), hp_str(e, "name"));
        double pu = hp_real(e, "people_under");
        if (hp_str(e, "unit") != NULL && isfinite(pu) &&
            json_object_get(h->names.sizes, hp_str(e, "unit")) == NULL) {
            json_object_set_new(h->names.sizes, hp_str(e, "unit"), json_real(pu));
        }
    }
    json_array_foreach(json_object_get(report, "people"), i, e)
    {
        name_in(h->names.people, hp_str(e, "person"), hp_str(e, "name"));
    }
    lsn_text_put(&h->out, "", 0);
    return LSN_OK;
}

void hp_free(hpage *h)
{
    json_decref(h->names.units);
    json_decref(h->names.people);
    json_decref(h->names.sizes);
    free(h->out.p);
    memset(h, 0, sizeof(*h));
}

const char *hp_unit_name(const hpage *h, const char *id)
{
    const char *n = hp_str(h->names.units, id != NULL ? id : "");
    return n != NULL ? n : id;
}

const char *hp_person_name(const hpage *h, const char *email)
{
    const char *n = hp_str(h->names.people, email != NULL ? email : "");
    return n != NULL ? n : email;
}

double hp_unit_size(const hpage *h, const char *id)
{
    double s = hp_real(h->names.sizes, id != NULL ? id : "");
    return isfinite(s) ? s : 0;
}

static void named(hpage *h, const char *id, const char *name)
{
    if (id == NULL) {
        hp_put(h, "–");
        return;
    }
    if (name == NULL || strcmp(name, id) == 0) {
        hp_esc(h, id);
        return;
    }
    hp_put(h, "<span class=\"id\" title=\"");
    hp_esc(h, id);
    hp_put(h, "\">");
    hp_esc(h, name);
    hp_put(h, "</span>");
}

void hp_unit(hpage *h, const char *id)
{
    named(h, id, hp_unit_name(h, id));
}

void hp_person(hpage *h, const char *email)
{
    named(h, email, hp_person_name(h, email));
}

static void named_list(hpage *h, const json_t *ids, bool people)
{
    size_t i;
    const json_t *v;
    json_array_foreach(ids, i, v)
    {
        if (i > 0) {
            hp_put(h, ", ");
        }
        const char *s = json_string_value(v);
        if (people) {
            hp_person(h, s);
        } else {
            hp_unit(h, s);
        }
    }
}

void hp_unit_list(hpage *h, const json_t *ids)
{
    named_list(h, ids, false);
}

void hp_person_list(hpage *h, const json_t *emails)
{
    named_list(h, emails, true);
}

static const char *readable_label(void *ud, const char *word)
{
    hpage *h = ud;
    return strchr(word, '@') != NULL ? hp_str(h->names.people, word) : hp_str(h->names.units, word);
}

static void readable_keep(void *ud, const char *s, size_t n)
{
    hp_escn(ud, s, n);
}

static void readable_labelled(void *ud, const char *word, const char *label)
{
    hpage *h = ud;
    hp_put(h, "<span class=\"id\" title=\"");
    hp_esc(h, word);
    hp_put(h, "\">");
    hp_esc(h, label);
    hp_put(h, "</span>");
}

void hp_readable(hpage *h, const char *text)
{
    static const lsn_relabel fn = {readable_label, readable_keep, readable_labelled};
    if (text != NULL) {
        lsn_text_relabel(text, &fn, h);
    }
}

/* ---------------------------------------------------------------------- */
/* Numbers.                                                                */

void hp_dbl(hpage *h, double x, int decimals)
{
    if (!isfinite(x)) {
        hp_put(h, "–");
        return;
    }
    char b[64];
    snprintf(b, sizeof(b), "%.*f", decimals, x);
    if (strchr(b, '.') != NULL) {
        size_t n = strlen(b);
        while (n > 0 && b[n - 1] == '0') {
            b[--n] = '\0';
        }
        if (n > 0 && b[n - 1] == '.') {
            b[--n] = '\0';
        }
    }
    hp_put(h, strcmp(b, "-0") == 0 ? "0" : b);
}

void hp_num(hpage *h, const json_t *v, int decimals)
{
    hp_dbl(h, json_is_number(v) ? json_number_value(v) : NAN, decimals);
}

void hp_pct(hpage *h, double x)
{
    if (!isfinite(x)) {
        hp_put(h, "–");
        return;
    }
    hp_dbl(h, 100 * x, 100 * x < 10 ? 1 : 0);
    hp_put(h, "%");
}

void hp_meeting(hpage *h, const char *uid, const char *subject)
{
    if (subject == NULL || subject[0] == '\0') {
        hp_esc(h, uid != NULL ? uid : "–");
        return;
    }
    hp_put(h, "<span class=\"id\" title=\"");
    hp_esc(h, uid);
    hp_put(h, "\">");
    hp_esc(h, subject);
    hp_put(h, "</span>");
}

int hp_sev(const char *name)
{
    for (int s = 1; name != NULL && s < 4; s++) {
        if (strcmp(name, html_sev_name[s]) == 0) {
            return s;
        }
    }
    return 0;
}

void hp_sev_chip(hpage *h, int sev)
{
    hp_fmt(h, "<span class=\"sev sev%d\">%s</span>", sev, sev > 0 ? html_sev_name[sev] : "?");
}

/* ---------------------------------------------------------------------- */
/* Tables.                                                                 */

/* The table's opening up to its first header cell. */
static void table_start(hpage *h, const char *cls, bool filter)
{
    int id = ++h->tables;
    if (filter) {
        hp_fmt(h,
               "<input class=\"filter\" type=\"search\" placeholder=\"Filter rows\" "
               "aria-label=\"Filter rows\" data-table=\"t%d\" hidden>",
               id);
    }
    hp_fmt(h, "<div class=\"tablewrap%s%s%s\"><table class=\"sortable\" id=\"t%d\"><thead><tr>",
           cls != NULL ? " " : "", cls != NULL ? cls : "", filter ? " long" : "", id);
}

/* One header cell: "Name", or "#Name" for a numeric column. */
static void table_th(hpage *h, const char *col)
{
    bool num = col[0] == '#';
    hp_put(h, num ? "<th class=\"num\" scope=\"col\">" : "<th scope=\"col\">");
    hp_esc(h, col + (num ? 1 : 0));
    hp_put(h, "</th>");
}

void hp_table_open(hpage *h, const char *cls, const char *const *cols, size_t ncols, bool filter)
{
    table_start(h, cls, filter);
    for (size_t i = 0; i < ncols; i++) {
        table_th(h, cols[i]);
    }
    hp_put(h, "</tr></thead><tbody>\n");
}

void hp_table(
    hpage *h, const char *cls, const hp_col *cols, size_t ncols, const json_t *rows, bool filter)
{
    table_start(h, cls, filter);
    for (size_t k = 0; k < ncols; k++) {
        table_th(h, cols[k].head);
    }
    hp_put(h, "</tr></thead><tbody>\n");
    size_t i;
    const json_t *row;
    json_array_foreach(rows, i, row)
    {
        hp_put(h, "<tr>");
        for (size_t k = 0; k < ncols; k++) {
            const json_t *v = json_object_get(row, cols[k].key);
            if (cols[k].sub != NULL) {
                v = json_object_get(v, cols[k].sub);
            }
            if (cols[k].cell == HP_NUM) {
                hp_td_num(h, v, cols[k].decimals);
                continue;
            }
            const char *text = json_is_string(v) ? json_string_value(v) : NULL;
            hp_put(h, "<td>");
            if (cols[k].cell == HP_PERSON) {
                hp_person(h, text);
            } else if (cols[k].cell == HP_UNIT) {
                hp_unit(h, text);
            } else {
                hp_unit_list(h, v);
            }
            hp_put(h, "</td>");
        }
        hp_put(h, "</tr>\n");
    }
    hp_table_close(h);
}

void hp_table_close(hpage *h)
{
    hp_put(h, "</tbody></table></div>\n");
}

void hp_td_dbl(hpage *h, double x, int decimals)
{
    if (!isfinite(x)) {
        hp_put(h, "<td class=\"n\" data-v=\"\">–</td>");
        return;
    }
    hp_fmt(h, "<td class=\"n\" data-v=\"%.6g\">", x);
    hp_dbl(h, x, decimals);
    hp_put(h, "</td>");
}

void hp_td_num(hpage *h, const json_t *v, int decimals)
{
    hp_td_dbl(h, json_is_number(v) ? json_number_value(v) : NAN, decimals);
}

/* ---------------------------------------------------------------------- */
/* Inline SVG.                                                             */

/* The value of attribute name in the tag [s, e), or an empty span. */
static bool attr_span(const char *s, const char *e, const char *name, const char **vb, size_t *vn)
{
    size_t nl = strlen(name);
    for (const char *p = s; p + nl + 2 < e; p++) {
        if (isspace((unsigned char)p[0]) && strncmp(p + 1, name, nl) == 0 && p[1 + nl] == '=' &&
            p[2 + nl] == '"') {
            const char *v = p + 3 + nl;
            const char *q = memchr(v, '"', (size_t)(e - v));
            if (q == NULL) {
                return false;
            }
            *vb = v;
            *vn = (size_t)(q - v);
            return true;
        }
    }
    return false;
}

void hp_svg(hpage *h, const char *svg, size_t len)
{
    const char *end = svg + len;
    const char *root = NULL;
    for (const char *p = svg; p + 4 <= end; p++) {
        if (strncmp(p, "<svg", 4) == 0 && p + 4 < end &&
            (isspace((unsigned char)p[4]) || p[4] == '>')) {
            root = p;
            break;
        }
    }
    if (root == NULL) {
        hp_put(h, "<p class=\"muted\">(this diagram could not be read)</p>");
        return;
    }
    const char *tag_end = memchr(root, '>', (size_t)(end - root));
    if (tag_end == NULL) {
        hp_put(h, "<p class=\"muted\">(this diagram could not be read)</p>");
        return;
    }
    int prefix = ++h->diagrams;
    /* The root tag: viewBox kept, the size as data attributes (the page
     * fits the drawing to its width; the zoom button restores the size). */
    const char *vb;
    size_t vn;
    hp_put(h, "<svg role=\"img\"");
    if (attr_span(root, tag_end, "viewBox", &vb, &vn)) {
        hp_put(h, " viewBox=\"");
        lsn_text_put(&h->out, vb, vn);
        hp_put(h, "\"");
    }
    if (attr_span(root, tag_end, "width", &vb, &vn)) {
        hp_put(h, " data-w=\"");
        lsn_text_put(&h->out, vb, vn);
        hp_put(h, "\"");
    }
    if (attr_span(root, tag_end, "height", &vb, &vn)) {
        hp_put(h, " data-h=\"");
        lsn_text_put(&h->out, vb, vn);
        hp_put(h, "\"");
    }
    hp_put(h, ">");
    /* The body: comments dropped (they repeat node names), ids prefixed. */
    char pre[32];
    int pn = snprintf(pre, sizeof(pre), "d%d-", prefix);
    const char *p = tag_end + 1, *run = p;
    while (p < end) {
        /* Most bytes start none of the four: only the first byte is tested. */
        if (*p != '<' && *p != ' ' && *p != 'u' && *p != 'h') {
            p++;
            continue;
        }
        if (*p == '<' && end - p >= 4 && strncmp(p, "<!--", 4) == 0) {
            lsn_text_put(&h->out, run, (size_t)(p - run));
            const char *c = p + 4;
            while (c + 3 <= end && strncmp(c, "-->", 3) != 0) {
                c++;
            }
            p = c + 3 <= end ? c + 3 : end;
            run = p;
            continue;
        }
        size_t skip = 0;
        if (end - p >= 5 && strncmp(p, " id=\"", 5) == 0) {
            skip = 5;
        } else if (end - p >= 5 && strncmp(p, "url(#", 5) == 0) {
            skip = 5;
        } else if (end - p >= 7 && strncmp(p, "href=\"#", 7) == 0) {
            skip = 7;
        }
        if (skip > 0) {
            lsn_text_put(&h->out, run, (size_t)(p + skip - run));
            lsn_text_put(&h->out, pre, (size_t)pn);
            p += skip;
            run = p;
            continue;
        }
        p++;
    }
    /* Trailing whitespace after </svg> is kept as it is. */
    lsn_text_put(&h->out, run, (size_t)(end - run));
}

/* ---------------------------------------------------------------------- */
/* The stylesheet and the script.                                          */

/* css[] and js[]: kept out of the C sources so that tools/own_words.sh does
 * not count their tokens as words of the program's messages. */
#include "viz/html_assets.inc"

void hp_head(hpage *h, const char *title)
{
    hp_put(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
              "<meta name=\"generator\" content=\"liaison\">\n<title>");
    hp_esc(h, title);
    hp_put(h, "</title>\n<style>\n");
    for (size_t i = 0; css[i] != NULL; i++) {
        hp_put(h, css[i]);
    }
    hp_put(h, "</style>\n</head>\n<body>\n");
}

void hp_foot(hpage *h)
{
    hp_put(h, "<script>\n");
    for (size_t i = 0; js[i] != NULL; i++) {
        hp_put(h, js[i]);
    }
    hp_put(h, "</script>\n</body>\n</html>\n");
}
