/*
 * viz/outputs.c — the files of one run (viz/outputs.h): the report view of
 * a run, report.json and findings.csv through viz/report.h, slices.csv and
 * the `slices` array. It formats and writes; it computes no figure.
 */
#include "viz/outputs.h"

#include "analysis/privacy.h"
#include "io/csvout.h"
#include "io/error.h"
#include "io/fsutil.h"
#include "viz/compare.h"
#include "viz/tables.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t lsn_run_nparams(void)
{
    return lsn_param_count() + 6;
}

lsn_report
lsn_run_report(const lsn_run *run, const lsn_settings *s, const json_t *slices, lsn_param *params)
{
    const lsn_window *w = lsn_calendar_window(run->cal);
    size_t k = 0;
    params[k++] = (lsn_param){.name = "from", .text = w->from_date};
    params[k++] = (lsn_param){.name = "to", .text = w->to_date};
    params[k++] = (lsn_param){.name = "tz", .text = w->tz};
    for (size_t i = 0; lsn_param_defs[i].key != NULL; i++) {
        params[k++] = (lsn_param){.name = lsn_param_defs[i].key,
                                  .number = lsn_settings_get(s, &lsn_param_defs[i]),
                                  .integer = lsn_param_defs[i].integer};
    }
    params[k++] = (lsn_param){.name = "betweenness",
                              .text = run->roles == NULL ? "skipped"
                                      : run->exact       ? "exact"
                                                         : "cutoff"};
    /* Whether the run was anonymized, never with what. */
    params[k++] = (lsn_param){.name = "anonymize", .number = s->anonymize, .boolean = true};
    params[k++] =
        (lsn_param){.name = "anonymize_teams", .number = s->anonymize_teams, .boolean = true};
    lsn_report r = {.analysis = run->analysis,
                    .findings = run->findings,
                    .structure = run->structure,
                    .roles = run->roles,
                    .proposal = run->proposal,
                    .impact = run->impact,
                    .slices = slices,
                    .coverage = run->coverage,
                    .betweenness_exact = run->exact,
                    .params = params,
                    .nparams = k,
                    .min_group = s->min_group,
                    .withheld = run->withheld};
    return r;
}

/* The files besides report.json, as jobs shared by two threads: a thread
 * of their own, started before report.json is written, and the caller once
 * it has written report.json and drawn the diagrams (lsn_run_write_finish),
 * so that the two end together rather than one waiting for the other. The
 * writers read the run and the view and write their own files; nothing they
 * touch is shared but the read-only run and the link figures, which the
 * first job computes and the others wait for. A failure's message is the
 * thread's that ran the job: it is copied for the caller. */
enum { JOB_PEOPLE, JOB_CSV, JOB_FIGURES, JOB_TABLES, JOB_GRAPHS, NJOBS };

/* The order jobs are taken in: the people of report.json first (the
 * report waits for them), then the figures, then the longest first, so that
 * what is left for the second taker is short. The two GraphML files are one
 * job: igraph's attribute table and error state are the process's, so two
 * threads must not write with it at once. */
static const int job_order[NJOBS] = {JOB_PEOPLE, JOB_FIGURES, JOB_GRAPHS, JOB_TABLES, JOB_CSV};

struct lsn_run_writer {
    const lsn_run *run;
    lsn_report view;
    lsn_param *params;
    char *dir, *report, *csv, *tables;
    pthread_t thread;
    bool started;
    pthread_mutex_t lock;
    pthread_cond_t changed; /* a job is done */
    size_t next;            /* the next job of job_order to take */
    bool done[NJOBS];
    lsn_report_tree want;          /* the tree of report.json handed back */
    lsn_report_people_part people; /* report.json's people (JOB_PEOPLE), until handed over */
    lsn_link_figures figures;
    int rc[NJOBS];
    char message[NJOBS][512];
    /* report.json written by the thread (no caller waits for its tree or
     * path): its result, checked before the jobs'. */
    bool report_on_thread;
    int report_rc;
    char report_message[512];
};

/* Wait until job is done; with the lock held. */
static void wait_for(lsn_run_writer *w, int job)
{
    while (!w->done[job]) {
        pthread_cond_wait(&w->changed, &w->lock);
    }
}

static int run_job(lsn_run_writer *w, int job)
{
    if (job == JOB_PEOPLE) {
        lsn_privacy *pv = NULL;
        int rc = lsn_privacy_new_empty(&pv, w->view.min_group);
        if (rc == LSN_OK && lsn_privacy_persons_shown(pv)) {
            rc = lsn_report_people_build(&w->people, &w->view, w->want);
        }
        lsn_privacy_free(pv);
        return rc;
    }
    if (job == JOB_CSV) {
        return lsn_report_write_findings_csv(w->csv, w->run->findings);
    }
    if (job == JOB_FIGURES) {
        return lsn_link_figures_compute(&w->figures, w->run->analysis);
    }
    pthread_mutex_lock(&w->lock);
    wait_for(w, JOB_FIGURES);
    bool figured = w->rc[JOB_FIGURES] == LSN_OK;
    pthread_mutex_unlock(&w->lock);
    if (!figured) {
        return LSN_OK; /* the figures' failure is the one reported */
    }
    return job == JOB_TABLES ? lsn_tables_write_figures(w->tables, &w->view, &w->figures)
                             : lsn_graphml_write_figures(w->dir, &w->view, &w->figures);
}

/* Take and run jobs until none is left. */
static void run_jobs(lsn_run_writer *w)
{
    for (;;) {
        pthread_mutex_lock(&w->lock);
        int job = w->next < NJOBS ? job_order[w->next++] : -1;
        pthread_mutex_unlock(&w->lock);
        if (job < 0) {
            return;
        }
        int rc = run_job(w, job);
        pthread_mutex_lock(&w->lock);
        w->rc[job] = rc;
        if (rc != LSN_OK) {
            snprintf(w->message[job], sizeof(w->message[job]), "%s", lsn_error_last());
        }
        w->done[job] = true;
        pthread_cond_broadcast(&w->changed);
        pthread_mutex_unlock(&w->lock);
    }
}

/* report.json's people: built by the thread, or here when it has not
 * taken them yet. */
static int take_people(lsn_report_people_part *out, bool wait, void *ud)
{
    lsn_run_writer *w = ud;
    pthread_mutex_lock(&w->lock);
    bool mine = w->next == 0; /* JOB_PEOPLE is the first job taken */
    if (!wait && (mine || !w->done[JOB_PEOPLE])) {
        pthread_mutex_unlock(&w->lock);
        memset(out, 0, sizeof(*out));
        return LSN_OK; /* not ready */
    }
    if (mine) {
        w->next = 1;
    } else {
        wait_for(w, JOB_PEOPLE);
    }
    pthread_mutex_unlock(&w->lock);
    if (mine) {
        w->rc[JOB_PEOPLE] = run_job(w, JOB_PEOPLE);
        if (w->rc[JOB_PEOPLE] != LSN_OK) {
            snprintf(w->message[JOB_PEOPLE], sizeof(w->message[JOB_PEOPLE]), "%s",
                     lsn_error_last());
        }
        pthread_mutex_lock(&w->lock);
        w->done[JOB_PEOPLE] = true;
        pthread_cond_broadcast(&w->changed);
        pthread_mutex_unlock(&w->lock);
    }
    *out = w->people;
    memset(&w->people, 0, sizeof(w->people));
    if (w->rc[JOB_PEOPLE] != LSN_OK) {
        return lsn_error_set(w->rc[JOB_PEOPLE], "%s", w->message[JOB_PEOPLE]);
    }
    return LSN_OK;
}

static void *rest_main(void *arg)
{
    run_jobs(arg);
    return NULL;
}

/* The thread that writes report.json too, then takes jobs as rest_main. */
static void *report_main(void *arg)
{
    lsn_run_writer *w = arg;
    w->report_rc = lsn_report_write_json_parts(w->report, &w->view, take_people, w,
                                               LSN_REPORT_TREE_NONE, NULL);
    if (w->report_rc != LSN_OK) {
        snprintf(w->report_message, sizeof(w->report_message), "%s", lsn_error_last());
    }
    run_jobs(w);
    return NULL;
}

static void writer_free(lsn_run_writer *w)
{
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->changed);
    lsn_report_people_free(&w->people);
    lsn_link_figures_free(&w->figures);
    free(w->dir);
    free(w->report);
    free(w->csv);
    free(w->tables);
    free(w->params);
    free(w);
}

/* Run what is left, wait for the thread, free w: LSN_OK or the failure of
 * the first job in the order the files were always written, with its
 * message. */
static int writer_end(lsn_run_writer *w)
{
    run_jobs(w);
    if (w->started) {
        pthread_join(w->thread, NULL);
    }
    int rc = LSN_OK;
    if (w->report_on_thread && (rc = w->report_rc) != LSN_OK) {
        lsn_error_set(rc, "%s", w->report_message);
    }
    for (int job = 0; job < NJOBS && rc == LSN_OK; job++) {
        if ((rc = w->rc[job]) != LSN_OK) {
            lsn_error_set(rc, "%s", w->message[job]);
        }
    }
    writer_free(w);
    return rc;
}

int lsn_run_write_start(lsn_run_writer **out,
                        const lsn_run *run,
                        const lsn_settings *s,
                        const json_t *slices,
                        const char *dir,
                        char **report_path,
                        json_t **report_json)
{
    return lsn_run_write_begin(out, run, s, slices, dir, report_path, report_json,
                               LSN_REPORT_TREE_FULL);
}

int lsn_run_write_begin(lsn_run_writer **out,
                        const lsn_run *run,
                        const lsn_settings *s,
                        const json_t *slices,
                        const char *dir,
                        char **report_path,
                        json_t **report_json,
                        lsn_report_tree want)
{
    *out = NULL;
    if (report_path != NULL) {
        *report_path = NULL;
    }
    if (report_json != NULL) {
        *report_json = NULL;
    }
    int rc = lsn_fs_make_dir(dir);
    if (rc != LSN_OK) {
        return rc;
    }
    lsn_run_writer *w = calloc(1, sizeof(*w));
    if (w == NULL) {
        return lsn_oom();
    }
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->changed, NULL);
    w->run = run;
    w->want = report_json != NULL ? want : LSN_REPORT_TREE_NONE;
    w->dir = strdup(dir);
    w->report = lsn_fs_join(dir, "report.json");
    w->csv = lsn_fs_join(dir, "findings.csv");
    w->tables = lsn_fs_join(dir, "tables");
    w->params = calloc(lsn_run_nparams(), sizeof(*w->params));
    if (w->dir == NULL || w->report == NULL || w->csv == NULL || w->tables == NULL ||
        w->params == NULL) {
        writer_free(w);
        return lsn_oom();
    }
    w->view = lsn_run_report(run, s, slices, w->params);
    /* A caller that wants neither report.json's path nor its tree has other
     * work to do meanwhile (compare: the next column's analysis): the
     * thread writes report.json too, and the caller returns at once. */
    if (report_path == NULL && report_json == NULL) {
        w->report_on_thread = pthread_create(&w->thread, NULL, report_main, w) == 0;
        if (w->report_on_thread) {
            w->started = true;
            *out = w;
            return LSN_OK;
        }
    }
    /* The other files do not read report.json: they are written while it
     * is. No thread: they are written at the end, here or by finish. */
    w->started = pthread_create(&w->thread, NULL, rest_main, w) == 0;
    json_t *tree = NULL;
    if ((rc = lsn_report_write_json_parts(w->report, &w->view, take_people, w, w->want,
                                          report_json != NULL ? &tree : NULL)) != LSN_OK) {
        char message[512];
        snprintf(message, sizeof(message), "%s", lsn_error_last());
        writer_end(w);
        lsn_error_set(rc, "%s", message);
        return rc;
    }
    if (!w->started) {
        run_jobs(w);
        for (int job = 0; job < NJOBS; job++) {
            if (w->rc[job] != LSN_OK) {
                json_decref(tree);
                return writer_end(w);
            }
        }
    }
    if (report_path != NULL && (*report_path = strdup(w->report)) == NULL) {
        json_decref(tree);
        writer_end(w);
        return lsn_oom();
    }
    if (report_json != NULL) {
        *report_json = tree;
    }
    *out = w;
    return LSN_OK;
}

int lsn_run_write_finish(lsn_run_writer *w)
{
    return w == NULL ? LSN_OK : writer_end(w);
}

int lsn_run_write(const lsn_run *run,
                  const lsn_settings *s,
                  const json_t *slices,
                  const char *dir,
                  char **report_path)
{
    lsn_run_writer *w = NULL;
    int rc = lsn_run_write_start(&w, run, s, slices, dir, report_path, NULL);
    if (rc == LSN_OK && (rc = lsn_run_write_finish(w)) != LSN_OK && report_path != NULL) {
        free(*report_path);
        *report_path = NULL;
    }
    return rc;
}

json_t *lsn_slices_json(const lsn_slice *slices, size_t count)
{
    json_t *arr = json_array();
    size_t ntypes = lsn_metrics_ntypes();
    int bad = arr == NULL;
    for (size_t i = 0; i < count && !bad; i++) {
        const lsn_metrics *m = &slices[i].metrics;
        json_t *o = json_object();
        json_t *by = json_object();
        bad |= lsn_json_set_new(o, "from", lsn_json_text(slices[i].from_date));
        bad |= lsn_json_set_new(o, "to", lsn_json_text(slices[i].to_date));
        for (size_t k = 0; k < LSN_SLICE_NFIGURES; k++) {
            double v = lsn_slice_figure_value(&slices[i], k);
            lsn_figure_kind kind = lsn_slice_figures[k].kind;
            bad |= lsn_json_set_new(o, lsn_slice_figures[k].name,
                                    kind == LSN_FIGURE_REAL  ? lsn_json_number(v)
                                    : kind == LSN_FIGURE_INT ? json_integer((json_int_t)v)
                                                             : json_boolean(v != 0));
        }
        for (size_t k = 0; k < ntypes; k++) {
            bad |= lsn_json_set_new(by, lsn_finding_types[k], json_integer(m->by_type[k]));
        }
        bad |= lsn_json_set_new(o, "findings_by_type", by);
        if (o == NULL || json_array_append_new(arr, o) != 0) {
            bad = 1;
        }
    }
    if (bad) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

static void number_field(FILE *f, double x, bool last)
{
    char buf[64];
    lsn_csv_field(f, lsn_csv_number(buf, sizeof(buf), x), last);
}

int lsn_slices_write_csv(const char *path, const lsn_slice *slices, size_t count)
{
    static const char *const head[] = {"slice", "from", "to"};
    const size_t nhead = sizeof(head) / sizeof(head[0]);
    size_t ntypes = lsn_metrics_ntypes();
    FILE *f = lsn_fs_create(path);
    if (f == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    for (size_t k = 0; k < nhead; k++) {
        lsn_csv_field(f, head[k], false);
    }
    for (size_t k = 0; k < LSN_SLICE_NFIGURES; k++) {
        lsn_csv_field(f, lsn_slice_figures[k].name, false);
    }
    for (size_t k = 0; k < ntypes; k++) {
        lsn_csv_field(f, lsn_finding_types[k], k + 1 == ntypes);
    }
    for (size_t i = 0; i < count; i++) {
        const lsn_metrics *m = &slices[i].metrics;
        number_field(f, (double)(i + 1), false);
        lsn_csv_field(f, slices[i].from_date, false);
        lsn_csv_field(f, slices[i].to_date, false);
        for (size_t k = 0; k < LSN_SLICE_NFIGURES; k++) {
            double v = lsn_slice_figure_value(&slices[i], k);
            if (lsn_slice_figures[k].kind == LSN_FIGURE_BOOL) {
                lsn_csv_field(f, v != 0 ? "true" : "false", false);
            } else {
                number_field(f, v, false);
            }
        }
        for (size_t k = 0; k < ntypes; k++) {
            number_field(f, m->by_type[k], k + 1 == ntypes);
        }
    }
    if (fclose(f) != 0) {
        return lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    return LSN_OK;
}

int lsn_slices_write(
    json_t **out, const lsn_calendar *cal, const lsn_settings *s, const char *spec, const char *dir)
{
    int rc;
    lsn_slice_spec parsed;
    lsn_slice *slices = NULL;
    size_t count = 0;
    char *path = NULL, *tables = NULL, *long_path = NULL;
    json_t *arr = NULL;
    if (out != NULL) {
        *out = NULL;
    }
    if ((rc = lsn_slice_spec_parse(&parsed, spec)) != LSN_OK ||
        (rc = lsn_slices_compute(&slices, &count, cal, s, &parsed)) != LSN_OK ||
        (rc = lsn_fs_make_dir(dir)) != LSN_OK) {
        goto cleanup;
    }
    path = lsn_fs_join(dir, "slices.csv");
    tables = lsn_fs_join(dir, "tables");
    long_path = tables != NULL ? lsn_fs_join(tables, "slices.csv") : NULL;
    if (path == NULL || long_path == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    if ((rc = lsn_slices_write_csv(path, slices, count)) != LSN_OK ||
        (rc = lsn_fs_make_dir(tables)) != LSN_OK ||
        (rc = lsn_slices_write_long(long_path, slices, count)) != LSN_OK) {
        goto cleanup;
    }
    if (out != NULL) {
        arr = lsn_slices_json(slices, count);
        if (arr == NULL) {
            rc = lsn_oom();
            goto cleanup;
        }
        *out = arr;
    }
cleanup:
    free(slices);
    free(path);
    free(tables);
    free(long_path);
    return rc;
}
