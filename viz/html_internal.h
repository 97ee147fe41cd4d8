/*
 * viz/html_internal.h — what the files behind viz/html.h share: the page
 * being written (one growing text), escaping, display names, numbers,
 * sortable tables and inline SVG (viz/html_text.c). Not for other modules.
 */
#ifndef LSN_VIZ_HTML_INTERNAL_H
#define LSN_VIZ_HTML_INTERNAL_H

#include "io/error.h"
#include "io/text.h"
#include "viz/html.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The severity colours of the diagrams (viz/dot.c), by severity 0..3
 * (none, low, medium, high). */
extern const char *const html_sev_color[4];
extern const char *const html_sev_fill[4];
extern const char *const html_sev_name[4];

/* What a page names things by, read from a report (owned by the page). */
typedef struct hp_names {
    json_t *units;  /* unit id -> display name (object of strings) */
    json_t *people; /* email -> display name */
    json_t *sizes;  /* unit id -> people (team headcount, else people under) */
} hp_names;

/* A page being written. */
typedef struct hpage {
    lsn_text out;
    const json_t *report;
    hp_names names;
    int diagrams;         /* diagrams inlined so far: their ids' prefix */
    int tables;           /* tables written so far: their ids */
} hpage;

/* Start a page on report (names and sizes read from its teams, units and
 * people). LSN_OK or LSN_ENOMEM. */
int hp_open(hpage *h, const json_t *report);
void hp_free(hpage *h);

/* Raw text. */
void hp_put(hpage *h, const char *s);
void hp_fmt(hpage *h, const char *fmt, ...) LSN_PRINTF(2, 3);
/* s escaped for HTML text and attribute values (& < > " '); NULL puts nothing. */
void hp_esc(hpage *h, const char *s);
void hp_escn(hpage *h, const char *s, size_t n);

/* Display names: the name the report gives, else the id (email). */
const char *hp_unit_name(const hpage *h, const char *id);
const char *hp_person_name(const hpage *h, const char *email);
/* A team or unit (person) by display name, its id in a tooltip when they differ. */
void hp_unit(hpage *h, const char *id);
void hp_person(hpage *h, const char *email);
/* A meeting by its subject, the UID in a tooltip; the UID alone without a subject. */
void hp_meeting(hpage *h, const char *uid, const char *subject);
/* A list of units (persons): a JSON array of ids, comma-separated. */
void hp_unit_list(hpage *h, const json_t *ids);
void hp_person_list(hpage *h, const json_t *emails);
/* People in unit id (0 when unknown). */
double hp_unit_size(const hpage *h, const char *id);

/* text (an explanation, a reason) with every unit id and email written as
 * its display name, escaped. Words inside a quoted meeting subject stay. */
void hp_readable(hpage *h, const char *text);

/* A number: at most `decimals` decimals, trailing zeros dropped; "–" when
 * v is not a number. */
void hp_num(hpage *h, const json_t *v, int decimals);
void hp_dbl(hpage *h, double x, int decimals);
/* A share 0..1 as a percentage. */
void hp_pct(hpage *h, double x);

/* The string at key of o, or NULL; the number at key, or NAN. */
const char *hp_str(const json_t *o, const char *key);
double hp_real(const json_t *o, const char *key);

/* Severity of "low"/"medium"/"high" as 1..3, else 0. */
int hp_sev(const char *name);
/* A severity chip. */
void hp_sev_chip(hpage *h, int sev);

/* A sortable table: hp_table_open writes <table> and the header row from
 * cols ("Name", or "#Hours" for a numeric column); cells are <td> written
 * by the caller, numeric ones with hp_td_num (a data-v sort key). */
void hp_table_open(hpage *h, const char *cls, const char *const *cols, size_t ncols, bool filter);
void hp_table_close(hpage *h);
void hp_td_num(hpage *h, const json_t *v, int decimals);
void hp_td_dbl(hpage *h, double x, int decimals);

/* A table whose every row is one object of a JSON array and every column
 * one key of it: hp_table writes the table, its header row and its rows. */
typedef enum hp_cell {
    HP_PERSON, /* an email, as hp_person */
    HP_UNIT,   /* a unit id, as hp_unit */
    HP_UNITS,  /* an array of unit ids, as hp_unit_list */
    HP_NUM     /* a number, as hp_td_num with decimals */
} hp_cell;
typedef struct hp_col {
    const char *head; /* as hp_table_open's cols */
    const char *key;  /* the row's key */
    const char *sub;  /* NULL, or a key in the object row[key] */
    hp_cell cell;
    int decimals;
} hp_col;
void hp_table(
    hpage *h, const char *cls, const hp_col *cols, size_t ncols, const json_t *rows, bool filter);

/* An SVG diagram inlined: prolog, doctype, comments before the root and the
 * namespace attributes dropped; width and height kept as data attributes
 * for the zoom button; every id (and #id reference) prefixed so several
 * diagrams share one page. */
void hp_svg(hpage *h, const char *svg, size_t len);

/* The page's stylesheet and script. */
void hp_head(hpage *h, const char *title);
void hp_foot(hpage *h);

/* Sections of report.html (viz/html_*.c). */
void html_findings(hpage *h);
void html_top_findings(hpage *h);
void html_proposal(hpage *h);
void html_impact(hpage *h);
void html_load(hpage *h);
void html_people(hpage *h);
void html_diagrams(hpage *h, const lsn_html_diagram *d, size_t nd);
/* A legend for the diagram called name (teams.svg, units/X.proposal.svg). */
void html_legend(hpage *h, bool proposal);


/* Read a whole file; LSN_EIO names path. */
int html_read_file(char **out, size_t *len, const char *path);
/* Write len bytes to path; LSN_EIO names path. */
int html_write_file(const char *path, const char *s, size_t len);

#endif
