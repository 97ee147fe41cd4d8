/*
 * viz/tables.h — the tidy tables of a run (DIR/tables/) for pandas, R
 * and spreadsheets, and its graphs as GraphML (DIR/person.graphml,
 * DIR/teams.graphml) for Gephi, networkx and R igraph. One row per thing,
 * one header row, snake_case columns, numbers unformatted (rounded to 1e-6),
 * empty for missing, RFC 4180 with CRLF; the columns are in the README's
 * part on outputs. They format what analysis/ computed
 * (analysis/linkstats.h for the per-pair figures) and ask
 * analysis/privacy.h what --min-group leaves out.
 */
#ifndef LSN_VIZ_TABLES_H
#define LSN_VIZ_TABLES_H

#include "analysis/linkstats.h"
#include "analysis/metrics.h"
#include "analysis/slices.h"
#include "viz/report.h"

#include <stddef.h>
#include <stdint.h>

/**
 * Create dir (and its parents) and write into it people.csv, teams.csv,
 * team_links.csv, person_links.csv, meetings.csv, liaisons.csv,
 * proposal.csv, proposal_people.csv, findings.csv and finding_metrics.csv.
 * Under r->min_group > 1 the person-level tables (people, person_links,
 * liaisons, proposal_people) are not written and withheld teams and units
 * leave every row that names them.
 *
 * @return LSN_OK, LSN_EIO (cannot create or write) or LSN_ENOMEM.
 */
int lsn_tables_write(const char *dir, const lsn_report *r);

/**
 * Write person.graphml (every participant of the person graph, an edge per
 * person-graph edge; not written under min_group > 1) and teams.graphml
 * (every team not withheld, an edge per team link) into dir (which exists),
 * with igraph's GraphML writer. Vertex attributes: id, name, kind, team,
 * unit, headcount, community and the roles; edge attributes weight (hours
 * per week) and instances.
 *
 * @return LSN_OK, LSN_EIO, LSN_ENOMEM or LSN_EINTERNAL (igraph).
 */
int lsn_graphml_write(const char *dir, const lsn_report *r);

/**
 * The per-link figures both the tables and the GraphML graphs write,
 * computed once for the two (lsn_run_write writes both).
 */
typedef struct lsn_link_figures {
    int64_t *person_instances;  /* lsn_person_link_instances */
    lsn_team_link_stats *teams; /* lsn_team_link_stats_compute */
    size_t nteams;
    /* The participants in address order (person.graphml's vertices,
     * person_links.csv's rows), and each participant's place in it. */
    int32_t *by_address;
    int32_t *address_rank;
    /* The person links (lsn_analysis_person_edges indices) by their ends'
     * places in address order, the smaller place first: both files' rows. */
    uint32_t *edges_by_address;
} lsn_link_figures;

/**
 * The figures of a's links into *out. Free with lsn_link_figures_free.
 * @return LSN_OK or LSN_ENOMEM.
 */
int lsn_link_figures_compute(lsn_link_figures *out, const lsn_analysis *a);

void lsn_link_figures_free(lsn_link_figures *f);

/** lsn_tables_write with the figures of r's analysis computed already. */
int lsn_tables_write_figures(const char *dir, const lsn_report *r, const lsn_link_figures *f);

/** lsn_graphml_write with the figures of r's analysis computed already. */
int lsn_graphml_write_figures(const char *dir, const lsn_report *r, const lsn_link_figures *f);

/** How a figure of a slice is written: a real number, an integer, true/false. */
typedef enum lsn_figure_kind { LSN_FIGURE_REAL, LSN_FIGURE_INT, LSN_FIGURE_BOOL } lsn_figure_kind;

/** One figure of a slice: its column (and report.json key) and kind. */
typedef struct lsn_slice_figure {
    const char *name;
    lsn_figure_kind kind;
} lsn_slice_figure;

/**
 * The figures of a slice in the order slices.csv, its long form and the
 * report's `slices` objects write them (before the findings by type):
 * weeks, empty, people_present, instances, meeting_hours_per_week,
 * cross_team_share, team_links, liaison_links, modularity, findings.
 */
#define LSN_SLICE_NFIGURES 10
extern const lsn_slice_figure lsn_slice_figures[LSN_SLICE_NFIGURES];

/** Figure k of lsn_slice_figures for slice s (a boolean as 0 or 1). */
double lsn_slice_figure_value(const lsn_slice *s, size_t k);

/**
 * Write the slices in long form to path: slice, from, to, metric, value;
 * the metrics of slices.csv in its column order.
 * @return LSN_OK or LSN_EIO.
 */
int lsn_slices_write_long(const char *path, const lsn_slice *slices, size_t count);

#endif
