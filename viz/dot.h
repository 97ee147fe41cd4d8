/*
 * viz/dot.h — the two diagrams of SPEC §5, teams.dot and proposal.dot, and
 * with --svg their SVG rendering through gvc (no `dot` program).
 *
 * Both are drawn from the report.json data (a jansson value), never from the
 * analysis structs, so `liaison analyze` and `liaison render report.json`
 * write the same bytes. The graphs are built with cgraph and written with
 * agwrite. Nodes, clusters and edges are inserted in sorted order, names get
 * cgraph ids in creation order (cgraph's default ids are heap addresses, and
 * agwrite orders subgraphs by id), and findings are listed worst first, then
 * by type and text: the same report, in any array order, gives the same DOT
 * and SVG bytes.
 *
 * teams.dot
 *   - Every team is a box inside nested clusters that follow the hierarchy
 *     (`cluster_<unit id>`, labelled with the unit name); the single root
 *     unit is the outer graph and names it. Font and minimum box size grow
 *     with sqrt(headcount).
 *   - Grey undirected lines: meeting hours per week between two teams, pen
 *     width 0.6 + 1.6 * log2(1 + hours) (0.5 h -> 1.5, 1 h -> 2.2, 8 h -> 5.7,
 *     at most 8), layout weight 1 + round(2 * hours); links under min_edge_hours
 *     (default 0.5 h/week) are not drawn.
 *   - Blue arrows: liaison links, home team -> attended team, labelled with
 *     the person's roster name (else the local part of the email), width on
 *     the same scale. Always drawn.
 *   - Red dashed arrows: missing links, needing team -> `from`, labelled
 *     "missing (<context>)". Always drawn. When `from` is an org unit the
 *     arrow ends on a small folder node for the unit inside its cluster (dot
 *     cannot clip an edge at a cluster border, lhead, when the edge runs
 *     along a rank or starts inside that cluster).
 *   - A team named by a finding (keys team and teams; a person's home team
 *     for a finding about a person) gets a border and fill in the colour of
 *     its worst severity (red high, orange medium, olive low) and a tooltip
 *     listing every finding; a unit named by one (unit, to_unit) gets its
 *     name in that colour and the list in its tooltip. The graph label is
 *     the legend.
 * proposal.dot
 *   - Only the teams that a declared need involves, in the same clusters.
 *     One edge per need, needing team -> `from` (-> `target`, the team whose
 *     meetings the people sit in, when the report names one under a unit
 *     `from`; the label then says "for <unit>"), styled by model: notes
 *     dotted grey, liaison solid blue, embedded bold green, rotation dashed
 *     orange (each labelled with the people), centralized through one
 *     hexagon "liaison group" node per needing team (purple). "(kept)" marks
 *     an existing link that is kept; an `unmet` need keeps its style in red
 *     and says "unmet". When a meeting must be restructured its team
 *     (`target`, else `from`) gets a red border and a red xlabel
 *     "restructure: <subject>" (in the SVG the last line of its box;
 *     `restructure_subject` when the entry has it, else the subject of a
 *     finding about the series, else the UID); when
 *     that end is a unit, the note goes on the edge label.
 *   - A report without a `proposal` section, or with an empty one, gives a
 *     graph with no nodes whose label says so.
 * Readability at 150+ teams: the link threshold above (try 1-2 h/week for a
 * few hundred teams); ranks run left to right (rankdir=LR: boxes are wider
 * than tall, so a rank of many teams stays compact and org units read as
 * bands); newrank=true so that clusters and ranks agree; edges are drawn
 * under the boxes (outputorder=edgesfirst); labels are real edge labels
 * in the DOT, and in the SVG each sits on a small node of its own on its
 * edge (dot_labels_as_nodes: dot keeps nodes apart and out of the clusters
 * they are not in, which it does not do for edge labels and xlabels). No concentrate, rank=same,
 * constraint=false, lhead or loops: in Graphviz 2.42 these either crash dot
 * or overlap clusters on org charts like ours.
 * Views: with more than overview_teams teams (default 40), teams.dot and
 * proposal.dot become overviews and every unit one level below the root
 * gets its own drill-down, units/NAME.dot and units/NAME.proposal.dot
 *   - an overview of unit R (the organization for teams.dot): R's child
 *     units are clusters, their children (sub-units, or teams) the nodes,
 *     labelled with teams and people under them; one edge per pair of nodes
 *     with the meeting hours of all their team links summed (pen width on
 *     the scale above, under min_edge_hours not drawn unless it carries a
 *     liaison) and labelled with the number of liaison links between them,
 *     and a red dashed edge counting missing links. In proposal.dot, one
 *     arrow per pair counting the needs by model ("2 liaison, 1 notes").
 *   - a drill-down into unit U: U's teams as in teams.dot (clusters, links,
 *     liaisons, findings); every unit outside U is drawn as one folder, the
 *     largest unit that does not contain U (for a top-level unit: the other
 *     top-level units), and U's links to it are summed on one edge per team
 *     and folder. A unit with more than overview_teams teams (and units
 *     under it) is drawn as an overview itself, and each of its child
 *     units gets a drill-down in turn.
 *   - NAME is the unit id with every byte other than A-Z a-z 0-9 '-' '_'
 *     replaced by '_', cut to 64 bytes; when two ids give the same name
 *     (ignoring case), the one later in byte order gets "-2", "-3", ...
 *   - In views, names of 18 characters or more wrap at spaces; every edge
 *     has its hours per week in the tooltip, every node its id.
 * SVG: dot lays the graph out in a forked child of the calling process
 * (the same gvc calls, no external program) that writes the file and
 * reports back through a pipe: Graphviz 2.42 cannot free a graph it laid
 * out with newrank (agclose fails and the whole graph leaks) and crashes in
 * gvFreeLayout without it, and neither may take `liaison analyze` down.
 *
 * Escaping: every name and label is user text written as Graphviz text:
 * backslashes are doubled (labels and tooltips read \n, \l, \N, \G as
 * escapes, and cgraph 2.42 writes a string with a lone backslash before a
 * quote or at its end as DOT it cannot read back) and control characters
 * become spaces; cgraph quotes IDs and escapes double quotes itself. Node
 * names are the team ids in that form, so an id without a backslash is its
 * own node name, except that one starting with '%' (cgraph's prefix for its
 * anonymous objects) gets a backslash in front. Text is never an HTML-like
 * label: "<b>x</b>" is drawn as those characters (and written as &lt;b&gt;
 * in the SVG).
 */
#ifndef LSN_VIZ_DOT_H
#define LSN_VIZ_DOT_H

#include <jansson.h>
#include <stdbool.h>

/** The default of lsn_dot_options.min_edge_hours (hours per week). */
#define LSN_DOT_MIN_EDGE_HOURS 0.5

/** The default of lsn_dot_options.overview_teams: above this many teams the
 * diagrams become an overview and one drill-down per unit. */
#define LSN_DOT_OVERVIEW_TEAMS 40

/** In an overview, summed links under this many hours per week that carry
 * no liaison or missing link are not drawn (nor under min_edge_hours). */
#define LSN_DOT_OVERVIEW_MIN_HOURS 2.0

/** In an overview, each box keeps only its this many strongest summed
 * links (the drill-downs keep every one). */
#define LSN_DOT_OVERVIEW_EDGES 3

/** The default of lsn_dot_options.layout_seconds. */
#define LSN_DOT_LAYOUT_SECONDS 30

/** How the diagrams are drawn. */
typedef struct lsn_dot_options {
    /** Team links below this many hours per week are not drawn (liaison and
     * missing links always are); 0 draws every link. */
    double min_edge_hours;
    /** Also lay out and render teams.svg and proposal.svg. */
    bool svg;
    /** Above this many teams (in the organization, then in a unit) draw an
     * overview and drill-downs (see "Views" above); 0: never. */
    size_t overview_teams;
    /** A layout that takes longer is stopped: the SVG is not written, a
     * warning says so, the DOT file stays. 0: no limit. The environment
     * variable LIAISON_LAYOUT_TIMEOUT (seconds), when set, wins. */
    double layout_seconds;
    /** Layouts at once, each in a process of its own (0: one per CPU); the
     * files are the same for any number. */
    int layout_jobs;
    /** Without svg, the drill-downs of a large organization (DIR/units/)
     * are drawn by this many processes at once (0: one per CPU, at most 2;
     * 1: this one alone); the files are the same for any number. */
    int draw_jobs;
    /** With svg, the folder the SVG files go to (with a units/ folder made
     * in it when needed); NULL: beside the DOT files. */
    const char *svg_dir;
    /** Only teams.dot (and teams.svg): the organization's teams diagram, or
     * above overview_teams its overview; no proposal, no drill-downs. The
     * file is the one a full render writes. */
    bool teams_only;
    /** When set, told the name of each file before it is drawn ("teams.svg"). */
    void (*progress)(void *ud, const char *file);
    void *progress_ud;
} lsn_dot_options;

#define LSN_DOT_OPTIONS_INIT                                                                       \
    {                                                                                              \
        .min_edge_hours = LSN_DOT_MIN_EDGE_HOURS, .svg = false,                                    \
        .overview_teams = LSN_DOT_OVERVIEW_TEAMS, .layout_seconds = LSN_DOT_LAYOUT_SECONDS,        \
        .layout_jobs = 0, .draw_jobs = 0, .svg_dir = NULL, .teams_only = false, .progress = NULL,  \
        .progress_ud = NULL                                                                        \
    }

/**
 * Write DIR/teams.dot and DIR/proposal.dot (and with opts->svg also
 * DIR/teams.svg and DIR/proposal.svg) from a parsed report.json.
 *
 * @param report the report object (units, teams, liaisons, findings, people,
 *               proposal; any section may be missing); borrowed
 * @param dir    an existing folder; files in it are replaced
 * @param opts   NULL means LSN_DOT_OPTIONS_INIT
 * @return LSN_OK; LSN_EPARSE when the report is not an object or an entry
 *         lacks its id ("report: teams[3]: no 'team' string"); LSN_EINVAL
 *         for a negative or NaN min_edge_hours; LSN_EIO when a file cannot be
 *         written; LSN_ENOMEM; LSN_EINTERNAL when Graphviz fails (its message
 *         is kept; a crash of Graphviz in the layout is reported as
 *         LSN_EINTERNAL "PATH: graphviz crashed laying it out (signal N)").
 *         A layout stopped by layout_seconds is a warning, not an error.
 *         Not thread-safe: cgraph's error state is global. With svg, the
 *         layouts run in up to layout_jobs child processes, each serving
 *         a few dozen diagrams.
 *         Cost: O(units * teams + links + findings * log findings) to build;
 *         the SVG layout is dot's (under a second for 150 teams, seconds for
 *         a few hundred).
 */
int lsn_dot_render(const json_t *report, const char *dir, const lsn_dot_options *opts);

/** lsn_dot_render with where (a file's path) naming the report in messages. */
int lsn_dot_render_named(const json_t *report,
                         const char *where,
                         const char *dir,
                         const lsn_dot_options *opts);

/**
 * The diagrams of several reports, their SVG layouts run side by side
 * (compare.html draws one per scenario): open, render each report into its
 * own folder, close. What each render writes is what lsn_dot_render writes
 * with the same options; the SVG files are complete only once
 * lsn_dot_batch_close has returned.
 */
typedef struct lsn_dot_batch lsn_dot_batch;

/** Start a batch with opts (NULL: LSN_DOT_OPTIONS_INIT); errors as lsn_dot_render's. */
int lsn_dot_batch_open(lsn_dot_batch **b, const lsn_dot_options *opts);

/** Write the DOT files of report into dir and hand their layouts over;
 * where names the report in messages. Errors as lsn_dot_render's. */
int lsn_dot_batch_render(lsn_dot_batch *b,
                         const json_t *report,
                         const char *where,
                         const char *dir);

/** Wait for every layout and free b (NULL: nothing); LSN_OK or the first
 * failure of a layout. */
int lsn_dot_batch_close(lsn_dot_batch *b);

/**
 * Called on the parsed report before it is drawn (`liaison render
 * --anonymize/--min-group`, see lsn_dot_load_report); returns LSN_OK or an
 * LSN_E* code with its message set.
 */
typedef int (*lsn_dot_prepare_fn)(json_t *report, void *ud);

/**
 * Parse a report.json with jansson (buffered: much faster than its FILE
 * reader on large reports) and apply prepare(report, ud) to it (may be
 * NULL), for lsn_dot_render_named and lsn_html_render_report to share one
 * tree.
 * @param out  the tree (the caller's, json_decref), NULL on failure
 * @return LSN_OK; LSN_EIO ("PATH: cannot read: ...") when the file cannot
 *         be opened; LSN_EPARSE ("PATH:LINE: ...") when it is not JSON;
 *         prepare's code.
 */
int lsn_dot_load_report(json_t **out,
                        const char *report_path,
                        lsn_dot_prepare_fn prepare,
                        void *ud);

/**
 * Load a report.json with jansson and call lsn_dot_render.
 *
 * @return as lsn_dot_render, plus LSN_EIO ("PATH: cannot read: ...") when
 *         the file cannot be opened and LSN_EPARSE ("PATH:LINE: ...") when it
 *         is not JSON; entry errors name PATH instead of "report".
 */
int lsn_dot_render_file(const char *report_path, const char *dir, const lsn_dot_options *opts);

#endif
