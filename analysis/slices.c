/*
 * analysis/slices.c — `--slice`: cut the window into weeks or months and run
 * the analysis (without roles) on each slice. It slices the calendar
 * (lsn_calendar_slice), runs analysis/run.h and counts analysis/metrics.h;
 * it defines no figure and writes no file (viz/outputs.c does).
 */
#include "analysis/slices.h"

#include "analysis/run.h"
#include "io/civil.h"
#include "io/error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest accepted slice: ten years of weeks. */
#define MAX_SLICE_WEEKS 520

int lsn_slice_spec_parse(lsn_slice_spec *out, const char *text)
{
    out->unit = LSN_SLICE_WEEKS;
    out->weeks = 1;
    if (strcmp(text, "week") == 0) {
        return LSN_OK;
    }
    if (strcmp(text, "month") == 0) {
        out->unit = LSN_SLICE_MONTHS;
        out->weeks = 0;
        return LSN_OK;
    }
    /* N-weeks: digits without a sign or a leading zero, then "-week(s)". */
    const char *p = text;
    long n = 0;
    while (*p >= '0' && *p <= '9' && n <= MAX_SLICE_WEEKS) {
        n = n * 10 + (*p - '0');
        p++;
    }
    if (p != text && text[0] != '0' && n >= 1 && n <= MAX_SLICE_WEEKS &&
        (strcmp(p, "-weeks") == 0 || strcmp(p, "-week") == 0)) {
        out->weeks = (int32_t)n;
        return LSN_OK;
    }
    return lsn_error_set(LSN_EINVAL, "--slice: '%s' is not week, month or N-weeks", text);
}

static int parse_day(int64_t *out, const char *date)
{
    int y, m, d;
    if (lsn_parse_date(date, &y, &m, &d) != LSN_OK) {
        return lsn_error_set(LSN_EINVAL, "window date '%s' is not YYYY-MM-DD", date);
    }
    *out = lsn_days_from_civil(y, (unsigned)m, (unsigned)d);
    return LSN_OK;
}

/* The day numbers where slices start, then the window's end day. */
static int slice_days(int64_t **out, size_t *n, const lsn_window *w, const lsn_slice_spec *spec)
{
    int rc;
    int64_t first = 0, last = 0;
    *out = NULL;
    *n = 0;
    if ((rc = parse_day(&first, w->from_date)) != LSN_OK ||
        (rc = parse_day(&last, w->to_date)) != LSN_OK) {
        return rc;
    }
    if (last <= first) {
        return lsn_error_set(LSN_EINVAL, "the window %s to %s is empty", w->from_date, w->to_date);
    }
    /* Months are at least 28 days, so this bounds either kind. */
    size_t cap =
        (size_t)((last - first) / (spec->unit == LSN_SLICE_MONTHS ? 28 : 7 * spec->weeks)) + 3;
    int64_t *days = malloc(cap * sizeof(*days));
    if (days == NULL) {
        return lsn_oom();
    }
    size_t k = 0;
    for (int64_t day = first; day < last && k + 1 < cap;) {
        days[k++] = day;
        if (spec->unit == LSN_SLICE_MONTHS) {
            int y, m, d;
            lsn_civil_from_days(day, &y, &m, &d);
            day = m == 12 ? lsn_days_from_civil(y + 1, 1, 1)
                          : lsn_days_from_civil(y, (unsigned)m + 1, 1);
        } else {
            day += 7 * (int64_t)spec->weeks;
        }
    }
    days[k++] = last;
    *out = days;
    *n = k;
    return LSN_OK;
}

static int day_start(int64_t *out, const char *tz, int64_t day)
{
    int y, m, d;
    lsn_civil_from_days(day, &y, &m, &d);
    return lsn_zone_day_start(out, tz, y, m, d);
}

static void mark_empty(lsn_slice *sl)
{
    lsn_metrics *m = &sl->metrics;
    sl->empty = true;
    m->missing_links = 0;
    m->oversized_meetings = 0;
    m->liaison_links = 0;
    m->findings = 0;
    memset(m->by_type, 0, sizeof(m->by_type));
    m->congruence = NAN;
    m->modularity = NAN;
}

int lsn_slices_compute(lsn_slice **out,
                       size_t *count,
                       const lsn_calendar *cal,
                       const lsn_settings *s,
                       const lsn_slice_spec *spec)
{
    int rc;
    const lsn_window *w = lsn_calendar_window(cal);
    int64_t *days = NULL;
    size_t ndays = 0;
    lsn_slice *slices = NULL;
    lsn_calendar *part = NULL;
    lsn_run run = {0};
    lsn_run_options opts = LSN_RUN_OPTIONS_INIT;
    opts.roles = false;
    *out = NULL;
    *count = 0;
    if ((rc = slice_days(&days, &ndays, w, spec)) != LSN_OK) {
        goto cleanup;
    }
    slices = calloc(ndays, sizeof(*slices));
    if (slices == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    for (size_t i = 0; i + 1 < ndays; i++) {
        lsn_slice *sl = &slices[i];
        /* The window's own edges stay exact; inner edges are local midnights. */
        sl->from = w->from;
        sl->to = w->to;
        if ((i > 0 && (rc = day_start(&sl->from, w->tz, days[i])) != LSN_OK) ||
            (i + 2 < ndays && (rc = day_start(&sl->to, w->tz, days[i + 1])) != LSN_OK)) {
            goto cleanup;
        }
        lsn_format_day(sl->from_date, days[i]);
        lsn_format_day(sl->to_date, days[i + 1]);
        if ((rc = lsn_calendar_slice(&part, cal, sl->from, sl->to)) != LSN_OK ||
            (rc = lsn_run_analyze(&run, part, s, &opts)) != LSN_OK) {
            goto cleanup;
        }
        lsn_metrics_compute_private(&sl->metrics, run.analysis, run.findings, run.structure,
                                    s->min_group);
        size_t used;
        lsn_calendar_instances(part, &used);
        if (used == 0) {
            /* Nothing was observed, so nothing is wrong: no finding, and no
             * figure that needs a meeting to mean something. */
            mark_empty(sl);
        }
        lsn_run_free(&run);
        lsn_calendar_free(part);
        part = NULL;
    }
    *out = slices;
    *count = ndays - 1;
    slices = NULL;
cleanup:
    lsn_run_free(&run);
    lsn_calendar_free(part);
    free(slices);
    free(days);
    return rc;
}
