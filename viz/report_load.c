/*
 * viz/report_load.c — the meeting-load keys of report.json: meeting hours
 * per person per week in the five buckets people know (`meeting_load` of
 * `summary` and of each team) and the largest recurring meetings against
 * the rule of eight (`meetings`). It buckets and ranks what the analysis
 * computed; what --min-group leaves out it asks viz/privacy.h.
 */
#include "viz/report_internal.h"

#include "analysis/analysis.h"
#include "viz/compare.h"

#include <stdlib.h>
#include <string.h>

/* The buckets, upper bounds exclusive except the fourth (15 to 20 holds
 * 20 itself: over 20 is what overbooked_person calls too much by default). */
static const char *const bucket_key[LSN_LOAD_BUCKETS] = {"under_5", "5_to_10", "10_to_15",
                                                         "15_to_20", "over_20"};

static int bucket_of(double h)
{
    return h < 5 ? 0 : h < 10 ? 1 : h < 15 ? 2 : h <= 20 ? 3 : 4;
}

json_t *lsn_report_load_object(const int64_t *count)
{
    json_t *o = json_object();
    for (int b = 0; o != NULL && b < LSN_LOAD_BUCKETS; b++) {
        if (json_object_set_new_nocheck(o, bucket_key[b], json_integer(count[b])) != 0) {
            json_decref(o);
            return NULL;
        }
    }
    return o;
}

json_t *lsn_report_load_buckets(const lsn_analysis *a, int32_t team)
{
    size_t np, nh;
    const lsn_person *people = lsn_org_people(lsn_calendar_org(lsn_analysis_calendar(a)), &np);
    const lsn_person_hours *hours = lsn_analysis_people(a, &nh);
    int64_t count[LSN_LOAD_BUCKETS] = {0};
    for (size_t p = 0; p < np && p < nh; p++) {
        if (hours[p].instances > 0 && (team < 0 || people[p].team == team)) {
            count[bucket_of(hours[p].meeting_hours_per_week)]++;
        }
    }
    return lsn_report_load_object(count);
}

int64_t *lsn_report_load_counts(const lsn_analysis *a)
{
    size_t np, nh, nu;
    const lsn_org *org = lsn_calendar_org(lsn_analysis_calendar(a));
    const lsn_person *people = lsn_org_people(org, &np);
    const lsn_person_hours *hours = lsn_analysis_people(a, &nh);
    lsn_org_units(org, &nu);
    int64_t *count = calloc((nu ? nu : 1) * LSN_LOAD_BUCKETS, sizeof(*count));
    for (size_t p = 0; count != NULL && p < np && p < nh; p++) {
        int32_t t = people[p].team;
        if (hours[p].instances > 0 && t >= 0 && (size_t)t < nu) {
            count[(size_t)t * LSN_LOAD_BUCKETS +
                  (size_t)bucket_of(hours[p].meeting_hours_per_week)]++;
        }
    }
    return count;
}

static const lsn_series_info *cmp_info;
static const lsn_series *cmp_series;

/* Largest first, then the most person-hours, then by UID. */
static int cmp_meeting(const void *x, const void *y)
{
    const lsn_series_info *a = &cmp_info[*(const int32_t *)x], *b = &cmp_info[*(const int32_t *)y];
    if (a->size != b->size) {
        return a->size > b->size ? -1 : 1;
    }
    if (a->person_hours_per_week != b->person_hours_per_week) {
        return a->person_hours_per_week > b->person_hours_per_week ? -1 : 1;
    }
    return strcmp(cmp_series[*(const int32_t *)x].uid, cmp_series[*(const int32_t *)y].uid);
}

json_t *lsn_report_meetings_section(const lsn_analysis *a, const lsn_privacy *pv)
{
    const lsn_calendar *cal = lsn_analysis_calendar(a);
    size_t ns, ni, nu;
    const lsn_series *series = lsn_calendar_series(cal, &ns);
    const lsn_series_info *info = lsn_analysis_series(a, &ni);
    const lsn_unit *units = lsn_org_units(lsn_calendar_org(cal), &nu);
    double weeks = lsn_analysis_summary(a)->weeks;
    int32_t *order = malloc((ni ? ni : 1) * sizeof(*order));
    json_t *arr = json_array();
    if (order == NULL || arr == NULL) {
        free(order);
        json_decref(arr);
        return NULL;
    }
    size_t n = 0;
    for (size_t i = 0; i < ni && i < ns; i++) {
        /* Recurring, owned, and not a broadcast (the rule of eight is not
         * about all-hands). */
        if (info[i].instances >= 2 && info[i].owner >= 0 && !info[i].broadcast) {
            order[n++] = (int32_t)i;
        }
    }
    cmp_info = info;
    cmp_series = series;
    qsort(order, n, sizeof(*order), cmp_meeting);
    /* The top of the whole organization first, then what --min-group
     * withholds: `liaison render --min-group` filters the same list. */
    for (size_t k = 0; k < n && k < LSN_REPORT_MEETINGS; k++) {
        const lsn_series_info *s = &info[order[k]];
        const char *team = units[s->owner].id;
        if (lsn_privacy_unit_withheld(pv, team)) {
            continue;
        }
        json_t *o = json_object();
        json_object_set_new_nocheck(o, "series", lsn_json_text(series[order[k]].uid));
        json_object_set_new_nocheck(o, "summary", lsn_json_text(series[order[k]].summary));
        json_object_set_new_nocheck(o, "team", lsn_json_text(team));
        json_object_set_new_nocheck(o, "size", lsn_json_number(s->size));
        json_object_set_new_nocheck(o, "instances", json_integer(s->instances));
        json_object_set_new_nocheck(o, "hours_per_week",
                                    lsn_json_number(weeks > 0 ? s->hours / weeks : 0));
        json_object_set_new_nocheck(o, "person_hours_per_week",
                                    lsn_json_number(s->person_hours_per_week));
        json_object_set_new_nocheck(o, "teams_present", json_integer(s->teams_present));
        json_object_set_new_nocheck(o, "outsiders", lsn_json_number(s->outsiders));
        if (json_array_append_new(arr, o) != 0) {
            json_decref(arr);
            arr = NULL;
            break;
        }
    }
    free(order);
    return arr;
}
