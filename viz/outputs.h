/*
 * viz/outputs.h — the files of one analysis run in its output folder:
 * report.json and findings.csv (viz/report.h writes them from the run's
 * report view), and with --slice slices.csv and the report's `slices`
 * array. It writes what analysis/run.h and analysis/slices.h computed.
 */
#ifndef LSN_VIZ_OUTPUTS_H
#define LSN_VIZ_OUTPUTS_H

#include "analysis/params.h"
#include "analysis/run.h"
#include "analysis/slices.h"
#include "viz/report.h"

#include <jansson.h>
#include <stddef.h>

/**
 * Number of entries lsn_run_report() fills: the window (from, to, tz),
 * every parameter of analysis/params.h, betweenness, anonymize and
 * anonymize_teams.
 */
size_t lsn_run_nparams(void);

/**
 * The report view of a run: what report.json and the summary are made of.
 *
 * @param run    the run (borrowed; the view points into it)
 * @param s      the settings the run used
 * @param slices the `slices` array (lsn_slices_json), or NULL for none;
 *               borrowed
 * @param params a caller array of lsn_run_nparams() entries, filled here
 *               (from, to, tz, the parameters in table order, betweenness,
 *               anonymize, anonymize_teams); the view points into it
 */
lsn_report
lsn_run_report(const lsn_run *run, const lsn_settings *s, const json_t *slices, lsn_param *params);

/**
 * Create dir (and its parents) and write report.json, findings.csv, the
 * tables (dir/tables/) and the GraphML graphs into it.
 *
 * @param slices          the report's `slices` array, or NULL; borrowed
 * @param[out] report_path the path of report.json (malloc'd), or NULL
 * @return LSN_OK, LSN_EIO (cannot create or write) or LSN_ENOMEM.
 */
int lsn_run_write(const lsn_run *run,
                  const lsn_settings *s,
                  const json_t *slices,
                  const char *dir,
                  char **report_path);

/** The files of a run being written (lsn_run_write_start). */
typedef struct lsn_run_writer lsn_run_writer;

/**
 * lsn_run_write() in two halves, for callers with something to do meanwhile
 * (the diagrams): create dir, start a second thread on findings.csv, the
 * tables and the GraphML graphs (and on report.json's people section), write
 * report.json, and return; lsn_run_write_finish() then takes on whatever the
 * thread has not begun, so that the two threads end together (with no
 * thread, those files are written here). When neither report_path nor
 * report_json is asked for, the thread writes report.json too and this
 * returns at once: its failure is then lsn_run_write_finish()'s. The run
 * and s must stay unchanged until lsn_run_write_finish(). The files are the
 * same bytes as lsn_run_write()'s.
 *
 * @param[out] w          the writer to finish; NULL on failure
 * @param[out] report_path the path of report.json (malloc'd), or NULL
 * @param[out] report_json when not NULL: the report as lsn_dot_load_report
 *                         would read it back from report_path (a new
 *                         reference), so that the diagrams drawn right after
 *                         need not parse it again
 * @return LSN_OK, LSN_EIO or LSN_ENOMEM (then nothing is left running).
 */
int lsn_run_write_start(lsn_run_writer **w,
                        const lsn_run *run,
                        const lsn_settings *s,
                        const json_t *slices,
                        const char *dir,
                        char **report_path,
                        json_t **report_json);

/**
 * lsn_run_write_start() handing back, in *report_json, the tree want asks
 * for (viz/report.h): LSN_REPORT_TREE_DIAGRAMS for a caller that only draws
 * the diagrams from it (lsn_dot_render_named), which keeps less of the
 * report in memory. The files are the same bytes.
 */
int lsn_run_write_begin(lsn_run_writer **w,
                        const lsn_run *run,
                        const lsn_settings *s,
                        const json_t *slices,
                        const char *dir,
                        char **report_path,
                        json_t **report_json,
                        lsn_report_tree want);

/**
 * Write what lsn_run_write_start() left, wait for its thread and free w
 * (NULL: nothing to do). Returns LSN_OK or the first failure, with its
 * message.
 */
int lsn_run_write_finish(lsn_run_writer *w);

/**
 * The slices as a JSON array (for report.json `slices`): one object per
 * slice with from, to (dates), weeks, empty, people_present, instances,
 * meeting_hours_per_week, cross_team_share, team_links, liaison_links,
 * modularity (null when undefined), findings (total) and findings_by_type
 * (every type of SPEC §3, zeros included). Returns a new reference or NULL
 * on out of memory.
 */
json_t *lsn_slices_json(const lsn_slice *slices, size_t count);

/**
 * Write slices.csv: one row per slice with the columns slice (1, 2, ...),
 * from, to, weeks, empty (true or false), people_present, instances,
 * meeting_hours_per_week,
 * cross_team_share, team_links, liaison_links, modularity, findings, then
 * one column per finding type (SPEC §3 table order). CRLF, RFC 4180.
 * @return LSN_OK or LSN_EIO.
 */
int lsn_slices_write_csv(const char *path, const lsn_slice *slices, size_t count);

/**
 * The one call for `analyze --slice SPEC`: parse spec, analyze every slice
 * of cal, write DIR/slices.csv and hand back the JSON array.
 *
 * @param[out] out  the `slices` array (new reference, the caller's); may be
 *                  NULL when only slices.csv is wanted; NULL on failure
 * @param cal       the loaded calendar (as given to lsn_run_analyze())
 * @param s         the thresholds
 * @param spec      the --slice text
 * @param dir       the output folder (created when missing)
 * @return LSN_OK; LSN_EINVAL for a bad spec ("--slice: 'fortnight' is not
 *         week, month or N-weeks"); LSN_EIO; LSN_ENOMEM; LSN_EINTERNAL.
 */
int lsn_slices_write(json_t **out,
                     const lsn_calendar *cal,
                     const lsn_settings *s,
                     const char *spec,
                     const char *dir);

#endif
