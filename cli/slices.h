/*
 * cli/slices.h — the analysis repeated over time slices of one window
 * (`--slice week|month|N-weeks`): where a figure changes, and when.
 *
 * Slices. The window [from, to) of the loaded calendar is cut at local
 * midnight (the window's --tz):
 *  - `week` = `1-weeks`; `N-weeks` (N >= 1, `N-week` is accepted too): the
 *    slices start on the window's from date and every 7 x N days after it;
 *  - `month`: calendar months of the window's zone; the first slice runs from
 *    the window's from date to the next 1st of a month, the last from the
 *    last 1st of a month to the window's to date, so the first and the last
 *    slice may be partial months;
 *  - the last slice always ends at the window's end, so it may be shorter
 *    than the others.
 * Each slice is its own analysis (lsn_calendar_slice(), then the passes and
 * the structure, without the roles) with the same thresholds: its instances
 * are those starting inside it, and "per week" figures divide by the slice's
 * own length in weeks. Thresholds counted over the window count over the
 * slice instead: a liaison link needs liaison_min_instances team meetings
 * inside the slice, so short slices show fewer liaison links. A slice
 * without a used instance (before the calendars begin, or a partial month
 * that is one weekend) is `empty`: it has no findings (every finding count
 * is 0, congruence and modularity are undefined), never "every team
 * isolated".
 */
#ifndef LSN_CLI_SLICES_H
#define LSN_CLI_SLICES_H

#include "cli/params.h"
#include "io/model.h"
#include "viz/compare.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

typedef enum lsn_slice_unit { LSN_SLICE_WEEKS = 0, LSN_SLICE_MONTHS = 1 } lsn_slice_unit;

/** A parsed --slice value. */
typedef struct lsn_slice_spec {
    lsn_slice_unit unit;
    int32_t weeks; /* slice length for LSN_SLICE_WEEKS (1 for `week`) */
} lsn_slice_spec;

/** The figures of one slice. */
typedef struct lsn_slice {
    int64_t from, to;   /* UTC seconds, [from, to) */
    char from_date[11]; /* local dates in the window's zone; to is exclusive */
    char to_date[11];
    bool empty; /* no used instance starts in it: no findings */
    lsn_metrics metrics;
} lsn_slice;

/**
 * Parse a --slice value: `week`, `month` or `N-weeks`.
 * @return LSN_OK or LSN_EINVAL with "--slice: 'TEXT' is not week, month or
 *         N-weeks".
 */
int lsn_slice_spec_parse(lsn_slice_spec *out, const char *text);

/**
 * Analyze every slice of cal's window.
 *
 * @param[out] out   the slices in time order (free() the array); NULL on failure
 * @param[out] count number of slices
 * @param cal        the loaded calendar (a finished one; not modified)
 * @param s          the thresholds
 * @param spec       the slicing
 * @return LSN_OK, LSN_EINVAL, LSN_ENOMEM or LSN_EINTERNAL (from the passes).
 *         Cost: one lsn_run_analyze() without roles per slice, over that
 *         slice's instances.
 */
int lsn_slices_compute(lsn_slice **out,
                       size_t *count,
                       const lsn_calendar *cal,
                       const lsn_settings *s,
                       const lsn_slice_spec *spec);

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
