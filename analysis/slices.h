/*
 * analysis/slices.h — the analysis repeated over time slices of one window
 * (`--slice week|month|N-weeks`): where a figure changes, and when. Their
 * files (slices.csv, report.json `slices`) are viz/outputs.h.
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
#ifndef LSN_ANALYSIS_SLICES_H
#define LSN_ANALYSIS_SLICES_H

#include "analysis/metrics.h"
#include "analysis/params.h"
#include "io/model.h"

#include <stdbool.h>
#include <stddef.h>
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

#endif
