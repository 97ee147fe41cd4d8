/*
 * analysis/analysis.c — builds the derived model of SPEC §2 by running the
 * meetings, hours, graph, management-line and liaison modules in order, then
 * adds the per-team figures and the summary. It owns their results; it
 * produces no findings and writes nothing.
 */
#include "analysis/analysis.h"

#include "analysis/igutil.h"

#include "io/error.h"

#include <assert.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_BROADCAST_SIZE 50
#define DEFAULT_LIAISON_MIN_INSTANCES 4

struct lsn_analysis {
    const lsn_calendar *cal;
    lsn_analysis_options opts;
    lsn_summary summary;

    lsn_instance_info *instances;
    size_t ninstances;
    lsn_series_info *series;
    size_t nseries;
    lsn_person_hours *people;
    size_t npeople;
    lsn_team_info *teams;
    size_t nunits;

    lsn_edges person_edges;
    igraph_t graph;
    igraph_vector_t weights;
    bool graph_ready;

    lsn_edges team_edges;
    lsn_edge *team_adj;     /* both orientations, grouped by u, sorted by v */
    size_t *team_adj_first; /* nunits + 1 offsets into team_adj */

    lsn_mgmtline *line;
    lsn_liaisons *liaisons;
};

static int edge_by_v(const void *a, const void *b)
{
    const lsn_edge *x = a;
    const lsn_edge *y = b;
    return (x->v > y->v) - (x->v < y->v);
}

/* The team graph as adjacency lists: every edge twice, once from each end. */
static int build_team_adjacency(lsn_analysis *a)
{
    a->team_adj_first = calloc(a->nunits + 1, sizeof(*a->team_adj_first));
    a->team_adj =
        malloc((a->team_edges.count ? 2 * a->team_edges.count : 1) * sizeof(*a->team_adj));
    if (a->team_adj_first == NULL || a->team_adj == NULL) {
        return lsn_oom();
    }
    size_t *first = a->team_adj_first;
    for (size_t i = 0; i < a->team_edges.count; i++) {
        first[a->team_edges.edges[i].u + 1]++;
        first[a->team_edges.edges[i].v + 1]++;
    }
    for (size_t t = 0; t < a->nunits; t++) {
        first[t + 1] += first[t];
    }
    for (size_t i = 0; i < a->team_edges.count; i++) {
        const lsn_edge *e = &a->team_edges.edges[i];
        a->team_adj[first[e->u]++] = (lsn_edge){e->u, e->v, e->weight};
        a->team_adj[first[e->v]++] = (lsn_edge){e->v, e->u, e->weight};
    }
    /* first[t] now holds the end of bucket t: shift back to starts. */
    for (size_t t = a->nunits; t > 0; t--) {
        first[t] = first[t - 1];
    }
    first[0] = 0;
    for (size_t t = 0; t < a->nunits; t++) {
        size_t n = first[t + 1] - first[t];
        if (n > 1) {
            qsort(a->team_adj + first[t], n, sizeof(*a->team_adj), edge_by_v);
        }
    }
    return LSN_OK;
}

/* Work that does not need the graphs, on a second thread when there is
 * one: the meeting load per person and the management line; the meeting
 * facts (owner, team meeting, broadcast) per instance and series. */
/* What a side may take from an analysis of the calendar before an edit
 * (lsn_analysis_options.like): NULL arrays when nothing. */
struct prior {
    const lsn_analysis *like;
    bool *series_same; /* per series: every instance as it was */
    bool *person_same; /* per roster person: at no changed instance */
};

struct side {
    lsn_analysis *a;
    const struct prior *prior;
    double weeks;
    int (*fn)(struct side *w);
    int rc;
    char message[512]; /* the thread's error message (io/error.h keeps one per thread) */
    pthread_t thread;
    bool started;
};

static int side_hours(struct side *w)
{
    const struct prior *p = w->prior;
    int rc = lsn_hours_compute(w->a->people, w->a->cal, w->weeks,
                               p->like != NULL ? p->like->people : NULL, p->person_same);
    return rc == LSN_OK ? lsn_mgmtline_build(&w->a->line, lsn_calendar_org(w->a->cal)) : rc;
}

static int side_meetings(struct side *w)
{
    const struct prior *p = w->prior;
    lsn_meetings_prior mp = {NULL, NULL, p->series_same};
    if (p->like != NULL) {
        mp.instances = p->like->instances;
        mp.series = p->like->series;
    }
    return lsn_meetings_compute(w->a->instances, w->a->series, w->a->cal,
                                w->a->opts.broadcast_size, w->weeks,
                                p->like != NULL ? &mp : NULL);
}

static void *side_main(void *arg)
{
    struct side *w = arg;
    w->rc = w->fn(w);
    if (w->rc != LSN_OK) {
        snprintf(w->message, sizeof(w->message), "%s", lsn_error_last());
    }
    return NULL;
}

static void side_start(struct side *w,
                       int (*fn)(struct side *),
                       lsn_analysis *a,
                       const struct prior *prior,
                       double weeks,
                       int32_t threads)
{
    *w = (struct side){.a = a, .prior = prior, .weeks = weeks, .fn = fn};
    w->started = threads != 1 && pthread_create(&w->thread, NULL, side_main, w) == 0;
}

/* The side's result: runs it here when no thread did. */
static int side_finish(struct side *w)
{
    if (!w->started) {
        side_main(w);
        return w->rc == LSN_OK ? LSN_OK : lsn_error_set(w->rc, "%s", w->message);
    }
    pthread_join(w->thread, NULL);
    w->started = false;
    return w->rc == LSN_OK ? LSN_OK : lsn_error_set(w->rc, "%s", w->message);
}

static void fill_teams(lsn_analysis *a, const double *internal, double weeks)
{
    const lsn_org *org = lsn_calendar_org(a->cal);
    size_t nunits = 0, npeople = 0, ninst = 0;
    const lsn_unit *units = lsn_org_units(org, &nunits);
    const lsn_person *people = lsn_org_people(org, &npeople);
    const lsn_instance *inst = lsn_calendar_instances(a->cal, &ninst);

    for (size_t t = 0; t < nunits; t++) {
        a->teams[t] = (lsn_team_info){
            .unit = (int32_t)t,
            .headcount = units[t].headcount,
            .internal_hours_per_week = internal[t],
        };
    }
    /* Seconds first, divided once at the end, so that totals do not depend on
     * the order of many small divisions. */
    for (size_t i = 0; i < ninst; i++) {
        int32_t b = a->instances[i].team_meeting;
        if (b >= 0) {
            a->teams[b].meeting_hours_per_week += inst[i].duration;
            a->teams[b].team_meetings++;
        }
    }
    for (size_t t = 0; t < nunits; t++) {
        a->teams[t].meeting_hours_per_week = a->teams[t].meeting_hours_per_week / 3600.0 / weeks;
    }
    for (size_t p = 0; p < npeople; p++) {
        if (people[p].team >= 0) {
            a->teams[people[p].team].member_hours_per_week += a->people[p].meeting_hours_per_week;
        }
    }
    for (size_t t = 0; t < nunits; t++) {
        size_t n = a->team_adj_first[t + 1] - a->team_adj_first[t];
        const lsn_edge *adj = a->team_adj + a->team_adj_first[t];
        for (size_t k = 0; k < n; k++) {
            a->teams[t].external_hours_per_week += adj[k].weight;
        }
        a->teams[t].links = (int32_t)n;
    }
}

static void fill_summary(lsn_analysis *a, const double *internal, double weeks)
{
    lsn_summary *s = &a->summary;
    const lsn_org *org = lsn_calendar_org(a->cal);
    size_t nunits = 0;
    const lsn_unit *units = lsn_org_units(org, &nunits);

    s->weeks = weeks;
    s->people = (int32_t)a->npeople;
    for (size_t p = 0; p < a->npeople; p++) {
        if (a->people[p].instances > 0) {
            s->people_present++;
        }
        s->meeting_hours_per_week += a->people[p].meeting_hours_per_week;
    }
    double inside = 0.0;
    for (size_t t = 0; t < nunits; t++) {
        if (units[t].headcount > 0) {
            s->teams++;
        }
        inside += internal[t];
    }
    double across = 0.0;
    for (size_t i = 0; i < a->team_edges.count; i++) {
        across += a->team_edges.edges[i].weight;
    }
    s->roster_hours_per_week = inside + across;
    s->cross_team_share = s->roster_hours_per_week > 0.0 ? across / s->roster_hours_per_week : 0.0;
    for (size_t k = 0; k < a->nseries; k++) {
        if (a->series[k].instances > 0) {
            s->series++;
            if (a->series[k].broadcast) {
                s->broadcast_series++;
            }
        }
    }
    s->instances = (int64_t)a->ninstances;
    for (size_t i = 0; i < a->ninstances; i++) {
        if (a->instances[i].broadcast) {
            s->broadcast_instances++;
        }
        if (a->instances[i].team_meeting >= 0) {
            s->team_meetings++;
        }
    }
    size_t nlinks = 0;
    lsn_liaisons_links(a->liaisons, &nlinks);
    s->liaison_links = (int32_t)nlinks;
    s->person_edges = (int64_t)a->person_edges.count;
    s->team_links = (int32_t)a->team_edges.count;
}

/* Whether instance i of cal and of before are the same meeting with the
 * same people (the edit may have changed only who is present). */
static bool same_instance(const lsn_calendar *cal, const lsn_calendar *before, size_t i)
{
    size_t n;
    const lsn_instance *x = &lsn_calendar_instances(cal, &n)[i];
    const lsn_instance *y = &lsn_calendar_instances(before, &n)[i];
    return x->organizer == y->organizer && x->start == y->start &&
           x->original_start == y->original_start && x->duration == y->duration &&
           x->count == y->count &&
           memcmp(lsn_calendar_present(cal) + x->first, lsn_calendar_present(before) + y->first,
                  x->count * sizeof(int32_t)) == 0;
}

/* What a's sides may take from like (see lsn_analysis_options.like):
 * nothing unless like has the same org, thresholds, weeks and instances in
 * the same series; then the series whose instances are all the same, and
 * the people whose meeting load is as it was: a person's load is the times
 * of the instances present at, so an instance moved changes the load of
 * everyone at it, before or after, and one whose people changed only the
 * load of those who came or went (a what-if seats people, never moves a
 * meeting). */
static int prior_plan(struct prior *p, const lsn_analysis *a, const lsn_analysis *like, double weeks)
{
    *p = (struct prior){NULL, NULL, NULL};
    if (like == NULL || lsn_calendar_org(like->cal) != lsn_calendar_org(a->cal) ||
        like->opts.broadcast_size != a->opts.broadcast_size || like->summary.weeks != weeks ||
        like->ninstances != a->ninstances || like->nseries != a->nseries ||
        like->npeople != a->npeople) {
        return LSN_OK;
    }
    size_t n;
    const lsn_instance *in = lsn_calendar_instances(a->cal, &n);
    const lsn_instance *was = lsn_calendar_instances(like->cal, &n);
    bool *series_same = malloc((a->nseries ? a->nseries : 1) * sizeof(*series_same));
    bool *person_same = malloc((a->npeople ? a->npeople : 1) * sizeof(*person_same));
    if (series_same == NULL || person_same == NULL) {
        free(series_same);
        free(person_same);
        return lsn_oom();
    }
    memset(series_same, 1, a->nseries * sizeof(*series_same));
    memset(person_same, 1, a->npeople * sizeof(*person_same));
    for (size_t i = 0; i < a->ninstances; i++) {
        if (in[i].series != was[i].series) { /* not an edit of like's calendar */
            free(series_same);
            free(person_same);
            return LSN_OK;
        }
        if (!same_instance(a->cal, like->cal, i)) {
            series_same[in[i].series] = false;
        }
    }
    /* Per roster person, times at the instance now less times before: zero
     * again after each instance. */
    int32_t *net = calloc(a->npeople ? a->npeople : 1, sizeof(*net));
    if (net == NULL) {
        free(series_same);
        free(person_same);
        return lsn_oom();
    }
    const int32_t *now = lsn_calendar_present(a->cal);
    const int32_t *then = lsn_calendar_present(like->cal);
    for (size_t i = 0; i < a->ninstances; i++) {
        if (series_same[in[i].series]) {
            continue;
        }
        const int32_t *x = now + in[i].first, *y = then + was[i].first;
        uint32_t nx = in[i].count, ny = was[i].count;
        bool moved = in[i].start != was[i].start || in[i].duration != was[i].duration;
        for (uint32_t k = 0; !moved && k < nx; k++) {
            if ((size_t)x[k] < a->npeople) {
                net[x[k]]++;
            }
        }
        for (uint32_t k = 0; !moved && k < ny; k++) {
            if ((size_t)y[k] < a->npeople) {
                net[y[k]]--;
            }
        }
        for (uint32_t k = 0; k < nx + ny; k++) {
            int32_t q = k < nx ? x[k] : y[k - nx];
            if ((size_t)q < a->npeople) {
                if (moved || net[q] != 0) {
                    person_same[q] = false;
                }
                net[q] = 0;
            }
        }
    }
    free(net);
    *p = (struct prior){like, series_same, person_same};
    return LSN_OK;
}

int lsn_analysis_build(lsn_analysis **out,
                       const lsn_calendar *cal,
                       const lsn_analysis_options *opts)
{
    assert(out != NULL && cal != NULL);
    int rc = LSN_OK;
    lsn_analysis *a = NULL;
    double *internal = NULL;
    struct side side = {.started = false}, meet = {.started = false};
    struct prior prior = {NULL, NULL, NULL};
    lsn_analysis_options o = LSN_ANALYSIS_OPTIONS_INIT;

    *out = NULL;
    if (opts != NULL) {
        o = *opts;
    }
    if (o.broadcast_size < 0) {
        return lsn_error_set(LSN_EINVAL, "broadcast_size must not be negative: %d",
                             (int)o.broadcast_size);
    }
    if (o.liaison_min_instances < 0) {
        return lsn_error_set(LSN_EINVAL, "liaison_min_instances must not be negative: %d",
                             (int)o.liaison_min_instances);
    }
    if (o.broadcast_size == 0) {
        o.broadcast_size = DEFAULT_BROADCAST_SIZE;
    }
    if (o.liaison_min_instances == 0) {
        o.liaison_min_instances = DEFAULT_LIAISON_MIN_INSTANCES;
    }
    const lsn_window *window = lsn_calendar_window(cal);
    double weeks = lsn_window_weeks(window);
    if (!(weeks > 0.0)) {
        return lsn_error_set(LSN_EINVAL, "empty analysis window: from %s to %s", window->from_date,
                             window->to_date);
    }

    const lsn_org *org = lsn_calendar_org(cal);
    a = calloc(1, sizeof(*a));
    if (a == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    a->cal = cal;
    a->opts = o;
    lsn_calendar_instances(cal, &a->ninstances);
    lsn_calendar_series(cal, &a->nseries);
    lsn_org_people(org, &a->npeople);
    lsn_org_units(org, &a->nunits);
    size_t nparticipants = 0;
    lsn_calendar_participants(cal, &nparticipants);

    /* Every instance's and every series' facts are written (lsn_meetings_compute,
     * on a side thread): not zeroed here. */
    a->instances = malloc((a->ninstances ? a->ninstances : 1) * sizeof(*a->instances));
    a->series = malloc((a->nseries ? a->nseries : 1) * sizeof(*a->series));
    a->people = calloc(a->npeople ? a->npeople : 1, sizeof(*a->people));
    a->teams = calloc(a->nunits ? a->nunits : 1, sizeof(*a->teams));
    internal = calloc(a->nunits ? a->nunits : 1, sizeof(*internal));
    if (a->instances == NULL || a->series == NULL || a->people == NULL || a->teams == NULL ||
        internal == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }

    /* The person graph needs only the broadcast flags, which the instance
     * sizes give: the meeting facts are built beside it. */
    a->opts.like = NULL; /* only read here */
    if ((rc = prior_plan(&prior, a, o.like, weeks)) != LSN_OK) {
        goto cleanup;
    }
    side_start(&meet, side_meetings, a, &prior, weeks, o.threads);
    side_start(&side, side_hours, a, &prior, weeks, o.threads);
    rc = lsn_graph_person_edges(&a->person_edges, cal, o.broadcast_size, weeks, o.expected_edges);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    rc = lsn_graph_team_edges(&a->team_edges, internal, org, &a->person_edges);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    rc = build_team_adjacency(a);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    rc = side_finish(&meet);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    rc = side_finish(&side);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    rc =
        lsn_liaisons_find(&a->liaisons, cal, a->instances, a->line, o.liaison_min_instances, weeks);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    fill_teams(a, internal, weeks);
    fill_summary(a, internal, weeks);
    /* Last: the igraph copy waits for igraph to be free (another thread may
     * be writing a graph with it, analysis/igutil.h). */
    rc = lsn_graph_to_igraph(&a->graph, &a->weights, &a->person_edges, (int32_t)nparticipants);
    if (rc != LSN_OK) {
        goto cleanup;
    }
    a->graph_ready = true;
    *out = a;
    a = NULL;

cleanup:
    if (meet.started) {
        pthread_join(meet.thread, NULL);
    }
    if (side.started) {
        pthread_join(side.thread, NULL);
    }
    free(prior.series_same);
    free(prior.person_same);
    free(internal);
    lsn_analysis_free(a);
    return rc;
}

void lsn_analysis_free(lsn_analysis *a)
{
    if (a == NULL) {
        return;
    }
    if (a->graph_ready) {
        lsn_igutil_scope scope; /* igraph_destroy reads igraph's attribute table */
        lsn_igutil_begin(&scope);
        igraph_destroy(&a->graph);
        igraph_vector_destroy(&a->weights);
        lsn_igutil_end(&scope);
    }
    free(a->instances);
    free(a->series);
    free(a->people);
    free(a->teams);
    free(a->person_edges.edges);
    free(a->team_edges.edges);
    free(a->team_adj);
    free(a->team_adj_first);
    lsn_mgmtline_free(a->line);
    lsn_liaisons_free(a->liaisons);
    free(a);
}

const lsn_calendar *lsn_analysis_calendar(const lsn_analysis *a)
{
    return a->cal;
}

const lsn_analysis_options *lsn_analysis_options_used(const lsn_analysis *a)
{
    return &a->opts;
}

const lsn_summary *lsn_analysis_summary(const lsn_analysis *a)
{
    return &a->summary;
}

const lsn_instance_info *lsn_analysis_instances(const lsn_analysis *a, size_t *count)
{
    *count = a->ninstances;
    return a->instances;
}

const lsn_series_info *lsn_analysis_series(const lsn_analysis *a, size_t *count)
{
    *count = a->nseries;
    return a->series;
}

const lsn_person_hours *lsn_analysis_people(const lsn_analysis *a, size_t *count)
{
    *count = a->npeople;
    return a->people;
}

const lsn_team_info *lsn_analysis_teams(const lsn_analysis *a, size_t *count)
{
    *count = a->nunits;
    return a->teams;
}

const lsn_edge *lsn_analysis_person_edges(const lsn_analysis *a, size_t *count)
{
    *count = a->person_edges.count;
    return a->person_edges.edges;
}

const igraph_t *lsn_analysis_person_graph(const lsn_analysis *a, const igraph_vector_t **weights)
{
    if (weights != NULL) {
        *weights = &a->weights;
    }
    return &a->graph;
}

const lsn_edge *lsn_analysis_team_edges(const lsn_analysis *a, size_t *count)
{
    *count = a->team_edges.count;
    return a->team_edges.edges;
}

const lsn_edge *lsn_analysis_team_links(const lsn_analysis *a, int32_t team, size_t *count)
{
    if (team < 0 || (size_t)team >= a->nunits) {
        *count = 0;
        return NULL;
    }
    *count = a->team_adj_first[team + 1] - a->team_adj_first[team];
    return a->team_adj + a->team_adj_first[team];
}

/* bsearch() order of a team (key) and an adjacency entry, by other end. */
static int cmp_adj_team(const void *key, const void *entry)
{
    int32_t team = *(const int32_t *)key;
    int32_t v = ((const lsn_edge *)entry)->v;
    return (team > v) - (team < v);
}

double lsn_analysis_team_weight(const lsn_analysis *a, int32_t team_a, int32_t team_b)
{
    size_t n = 0;
    const lsn_edge *adj = lsn_analysis_team_links(a, team_a, &n);
    const lsn_edge *e = bsearch(&team_b, adj, n, sizeof(*adj), cmp_adj_team);
    return e != NULL ? e->weight : 0.0;
}

const lsn_liaison *lsn_analysis_liaisons(const lsn_analysis *a, size_t *count)
{
    return lsn_liaisons_links(a->liaisons, count);
}

const lsn_liaison *
lsn_analysis_person_liaisons(const lsn_analysis *a, int32_t person, size_t *count)
{
    return lsn_liaisons_of_person(a->liaisons, person, count);
}

const lsn_mgmtline *lsn_analysis_mgmtline(const lsn_analysis *a)
{
    return a->line;
}

int32_t lsn_analysis_participant_team(const lsn_analysis *a, int32_t participant)
{
    size_t n = 0;
    const lsn_participant *parts = lsn_calendar_participants(a->cal, &n);
    if (participant < 0 || (size_t)participant >= n || parts[participant].person < 0) {
        return -1;
    }
    size_t npeople = 0;
    const lsn_person *people = lsn_org_people(lsn_calendar_org(a->cal), &npeople);
    return people[parts[participant].person].team;
}
