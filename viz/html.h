/*
 * viz/html.h — report.html and compare.html: one self-contained page for a
 * manager, drawn from report.json data (a jansson value) and the SVG
 * diagrams of viz/dot.h, never from the analysis structs, so `liaison
 * analyze` and `liaison render report.json` write the same bytes. The page
 * inlines its CSS, its SVG charts and diagrams and a small script (sorting
 * and filtering tables, zooming diagrams); it loads nothing at view time and
 * reads well with scripts off.
 *
 * report.html, in order: the header (window, inputs, data quality), at a
 * glance (headline figures, the findings to act on first), the findings by
 * type (each explained from analysis/finding_types.def), the diagrams with
 * their legends, the proposal, meeting load (buckets of meeting hours per
 * person, per team, the largest recurring meetings against the rule of
 * eight), liaisons, people (community and brokerage roles; absent when the
 * report has no `people`, as under --min-group), the settings.
 * Teams and people are shown by their display names (`name` in `teams`,
 * `units` and `people`) with their ids in a tooltip; explanations and
 * reasons have ids and emails replaced by those names. The page shows only
 * what the report holds, so --anonymize and --min-group apply to it exactly
 * as to report.json.
 */
#ifndef LSN_VIZ_HTML_H
#define LSN_VIZ_HTML_H

#include "viz/dot.h"

#include <jansson.h>
#include <stddef.h>

/** One SVG diagram to inline. */
typedef struct lsn_html_diagram {
    /* its file name in the diagrams' folder: "teams.svg", "proposal.svg",
     * "units/UNIT.svg", "units/UNIT.proposal.svg" */
    char *name;
    char *svg; /* the file's text (an XML prolog and doctype are dropped) */
    size_t len;
} lsn_html_diagram;

/**
 * The diagrams of folder dir, in page order: teams.svg, proposal.svg, then
 * units/ *.svg by name (each unit's teams diagram before its proposal). A
 * missing file is skipped.
 *
 * @param[out] out a malloc'd array of *n diagrams, free with
 *                 lsn_html_diagrams_free (NULL when there is none)
 * @return LSN_OK, LSN_EIO (a file that exists cannot be read) or LSN_ENOMEM.
 */
int lsn_html_diagrams_load(lsn_html_diagram **out, size_t *n, const char *dir);

/** Free what lsn_html_diagrams_load gave; NULL is fine. */
void lsn_html_diagrams_free(lsn_html_diagram *d, size_t n);

/**
 * report.html as text.
 *
 * @param[out] out  the page (malloc'd, NUL-terminated), *len its length
 * @param report    a parsed report.json (any section may be missing); borrowed
 * @param d         the diagrams to inline (may be NULL when nd is 0)
 * @return LSN_OK, LSN_EPARSE (report is not an object) or LSN_ENOMEM.
 *         Same report and diagrams, same bytes. Cost: O(size of the report
 *         and the diagrams, plus F log F for F findings).
 */
int lsn_html_report(
    char **out, size_t *len, const json_t *report, const lsn_html_diagram *d, size_t nd);

/**
 * Write report.html to html_path from a parsed (and prepared) report
 * (lsn_dot_load_report: analyze and render parse the report once for the DOT
 * files and the page), inlining the SVG diagrams of svg_dir, or, when svg_dir
 * is NULL, of a temporary folder where they are laid out (lsn_dot_render with
 * svg on, dot's progress and min_edge_hours; the folder is removed afterwards).
 *
 * @return LSN_OK; as lsn_dot_render (LSN_EPARSE, LSN_EINTERNAL, LSN_ENOMEM);
 *         LSN_EIO when the page cannot be written ("PATH: cannot write: ...").
 */
int lsn_html_render_report(const json_t *report,
                           const char *html_path,
                           const char *svg_dir,
                           const lsn_dot_options *dot);

/**
 * A fresh private temporary folder (under $TMPDIR, else /tmp) for diagrams
 * that only the page needs: lay them out there (lsn_dot_options.svg_dir),
 * pass it as lsn_html_render_report's svg_dir, then lsn_html_remove_tree.
 * @param out  the folder's path (malloc'd)
 * @return LSN_OK, LSN_EIO ("BASE: cannot create a temporary folder: ...")
 *         or LSN_ENOMEM.
 */
int lsn_html_temp_dir(char **out);
/** Remove dir and everything in it (errors are ignored). */
void lsn_html_remove_tree(const char *dir);

/**
 * compare.html as text: the table of compare.json (a metric per row, a
 * scenario per column, differences from the baseline), per scenario the
 * findings that appear and disappear (names from that scenario's report)
 * and its teams diagram.
 *
 * @param compare  the parsed compare.json; borrowed
 * @param reports  one parsed report.json per scenario of compare (same
 *                 order; an entry may be NULL); borrowed
 * @param d        one teams diagram per scenario (an entry's svg may be NULL)
 * @return LSN_OK, LSN_EPARSE (compare has no `scenarios` array) or LSN_ENOMEM.
 */
int lsn_html_compare(char **out,
                     size_t *len,
                     const json_t *compare,
                     const json_t *const *reports,
                     const lsn_html_diagram *d,
                     size_t n);

/**
 * Write DIR/compare.html from DIR/compare.json and each scenario's
 * DIR/NAME/report.json, laying each teams diagram out in a temporary
 * folder (dot's min_edge_hours and progress).
 * @return LSN_OK; LSN_EIO ("PATH: cannot read: ..." or "PATH: cannot write:
 *         ..."), LSN_EPARSE, LSN_EINTERNAL or LSN_ENOMEM.
 */
int lsn_html_compare_file(const char *dir, const lsn_dot_options *dot);

#endif
