/*
 * viz/dot_layout.c — laying out written DOT files as SVG in a few long-lived
 * child processes (viz/dot_internal.h, dot_layout_*). It decides nothing
 * about what is drawn; the DOT files are the diagrams.
 *
 * Why children at all: Graphviz 2.42's dot corrupts its own graph on
 * ordinary org charts (with newrank, agclose fails after any layout and the
 * whole graph leaks; without it, gvFreeLayout double-frees on labelled edges
 * between clusters), and neither may take the caller's process down or leak
 * into it. A child still laying out after `seconds` (0: no limit) is killed:
 * dot's running time grows much faster than the graph, and a diagram nobody
 * can read is not worth minutes.
 *
 * Why long-lived: a 20,000-person organization has about a thousand
 * diagrams, and one fork of a 400 MB process plus one Graphviz context (its
 * plugins loaded again) per diagram cost 40 ms each, ten times the layout.
 * A worker reads DOT files with the graph's own id discipline (ids in order
 * of first use, as they were built: the layout is the same as laying out
 * the graph in memory), serves up to DOT_LAYOUT_JOBS_PER_WORKER of them and
 * is then replaced, which bounds what Graphviz leaks in it. Up to `jobs`
 * workers run at once; each writes its SVG itself, so the files are the
 * same whatever the number of workers, and the error kept is the one of the
 * first diagram in submission order.
 */
#include "viz/dot_internal.h"

#include "io/child.h"
#include "io/cpus.h"
#include "io/vec.h"

#include <errno.h>
#include <graphviz/gvc.h>
#include <math.h>
#include <poll.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

/* Diagrams one worker lays out before it is replaced. */
#define DOT_LAYOUT_JOBS_PER_WORKER 64
/* Most workers at once, whatever the CPU count. */
#define DOT_LAYOUT_MAX_WORKERS 8
/* Longest message a worker sends back. */
#define DOT_LAYOUT_MESSAGE 1024

typedef struct worker {
    lsn_child p;     /* pid 0: no process in this slot */
    int served;      /* jobs sent to this process */
    bool busy;       /* a job is out */
    size_t job;      /* its submission index */
    char *svg_path;  /* its output (removed when it fails) */
    double deadline; /* monotonic seconds; 0: none */
} worker;

struct dot_layout {
    worker w[DOT_LAYOUT_MAX_WORKERS];
    int nworkers;
    double seconds;
    size_t submitted;
    /* The failure of the earliest job that failed (SIZE_MAX: none). */
    size_t failed_job;
    int failed_code;
    char *failed_msg;
    /* Diagrams cut off by the time limit, warned about in their order when
     * the layout closes (they end in any order). */
    struct late {
        size_t job;
        char *path;
    } * late;
    size_t nlate, late_cap;
    /* The output of the job being handed over: here, not only in a local,
     * so that a worker forked meanwhile still sees it (valgrind would call
     * it lost when the worker ends with _exit). */
    char *pending;
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---------------------------------------------------------------------- */
/* The worker's side.                                                      */

/* Graphs a worker has laid out: kept reachable, never closed (see above). */
typedef struct kept {
    gctx c[DOT_LAYOUT_JOBS_PER_WORKER];
    int n;
} kept;

/* Lay out dot_path into svg_path; the graph stays in k. */
static int layout_file(GVC_t *gvc, kept *k, const char *dot_path, const char *svg_path)
{
    gctx *c = &k->c[k->n];
    int rc = dot_gctx_read(c, dot_path);
    k->n++;
    if (rc != LSN_OK) {
        return rc;
    }
    char *data = NULL;
    unsigned int len = 0;
    dot_labels_as_nodes(c); /* in the drawing only: the DOT file keeps its labels */
    if (c->rc != LSN_OK) {
        rc = c->rc;
    } else if (gvLayout(gvc, c->g, "dot") != 0) {
        rc = cgraph_fail(c, "layout failed");
    } else if (gvRenderData(gvc, c->g, "svg", &data, &len) != 0 || data == NULL) {
        rc = cgraph_fail(c, "SVG rendering failed");
    } else {
        rc = dot_write_bytes(svg_path, data, len);
    }
    if (data != NULL) {
        gvFreeRenderData(data);
    }
    gvFreeLayout(gvc, c->g);
    return rc;
}

/* A reply: the LSN code, the message's length (the message follows), and
 * how long the layout took, measured here: a layout that ended after the
 * limit while its parent was busy counts as cut off all the same, so what
 * is cut off does not depend on how busy the machine is. */
typedef struct reply {
    int32_t rc;
    int32_t len;
    double seconds;
} reply;

/* A request is two lengths and two paths. Ends at the end of the requests,
 * or after serving its share. */
static void worker_main(int fd, void *ud)
{
    (void)ud;
    static kept k; /* static: reachable when _exit ends the process */
    GVC_t *gvc = gvContext();
    char *paths = NULL;
    for (;;) {
        uint32_t len[2];
        if (k.n >= DOT_LAYOUT_JOBS_PER_WORKER || !lsn_fd_read_full(fd, len, sizeof(len)) ||
            len[0] > 1u << 20 || len[1] > 1u << 20) {
            break;
        }
        free(paths);
        paths = malloc((size_t)len[0] + len[1] + 2);
        if (paths == NULL || !lsn_fd_read_full(fd, paths, len[0]) ||
            !lsn_fd_read_full(fd, paths + len[0] + 1, len[1])) {
            break;
        }
        paths[len[0]] = '\0';
        paths[len[0] + 1 + len[1]] = '\0';
        double began = now_seconds();
        int rc = gvc != NULL ? layout_file(gvc, &k, paths, paths + len[0] + 1)
                             : lsn_error_set(LSN_EINTERNAL, "graphviz: no rendering context");
        const char *msg = rc == LSN_OK ? "" : lsn_error_last();
        reply r = {rc, (int32_t)strnlen(msg, DOT_LAYOUT_MESSAGE), now_seconds() - began};
        if (!lsn_fd_write_full(fd, &r, sizeof(r)) || !lsn_fd_write_full(fd, msg, (size_t)r.len)) {
            break;
        }
    }
    free(paths);
    if (gvc != NULL) {
        gvFreeContext(gvc);
    }
}

/* ---------------------------------------------------------------------- */
/* The parent's side.                                                      */

/* Graphviz prints some complaints straight to stderr (quiet); ours go back
 * through the socket. The other workers' ends stay with the parent only: a
 * copy in this child would keep them from seeing the end of their requests. */
static int worker_start(dot_layout *l, worker *w)
{
    int others[DOT_LAYOUT_MAX_WORKERS];
    size_t n = 0;
    for (int i = 0; i < l->nworkers; i++) {
        if (l->w[i].p.pid != 0) {
            others[n++] = l->w[i].p.fd;
        }
    }
    *w = (worker){0};
    return lsn_child_start(&w->p, worker_main, NULL, true, others, n);
}

/* End the worker's process (kill: killed first) and free its slot. Returns
 * the wait status. */
static int worker_stop(worker *w, bool kill_it)
{
    int status = lsn_child_end(&w->p, kill_it);
    free(w->svg_path);
    *w = (worker){0};
    return status;
}

/* Keep the failure of job if it is the earliest so far (msg: the text). */
static void note_failure(dot_layout *l, size_t job, int code, const char *msg)
{
    if (job >= l->failed_job) {
        return;
    }
    char *copy = strdup(msg);
    if (copy == NULL) {
        code = LSN_ENOMEM;
    }
    free(l->failed_msg);
    l->failed_msg = copy;
    l->failed_code = code;
    l->failed_job = job;
}

/* w's diagram was cut off by the time limit: no SVG (a half-written file
 * would look like a diagram), and a warning when the layout closes. */
static void cut_off(dot_layout *l, worker *w)
{
    remove(w->svg_path);
    if (LSN_GROW(l->late, l->late_cap, l->nlate + 1) == LSN_OK) {
        l->late[l->nlate++] = (struct late){w->job, w->svg_path};
    } else {
        note_failure(l, w->job, LSN_ENOMEM, "out of memory");
        free(w->svg_path);
    }
    w->svg_path = NULL;
}

/* The reply of a busy worker, or its end. */
static void collect(dot_layout *l, worker *w)
{
    reply r;
    char msg[DOT_LAYOUT_MESSAGE + 1];
    bool got = lsn_fd_read_full(w->p.fd, &r, sizeof(r)) && r.len >= 0 &&
               r.len <= DOT_LAYOUT_MESSAGE && lsn_fd_read_full(w->p.fd, msg, (size_t)r.len);
    w->busy = false;
    if (got) {
        msg[r.len] = '\0';
        if (r.rc != LSN_OK) {
            remove(w->svg_path);
            note_failure(l, w->job, r.rc, msg);
        } else if (l->seconds > 0 && r.seconds >= l->seconds) {
            cut_off(l, w);
        }
        free(w->svg_path);
        w->svg_path = NULL;
        if (w->served >= DOT_LAYOUT_JOBS_PER_WORKER) {
            worker_stop(w, false);
        }
        return;
    }
    /* No reply: the process ended in the middle of the layout. */
    remove(w->svg_path);
    char text[DOT_LAYOUT_MESSAGE];
    char *path = w->svg_path;
    w->svg_path = NULL;
    int status = worker_stop(w, true);
    if (WIFSIGNALED(status)) {
        snprintf(text, sizeof(text), "%s: graphviz crashed laying it out (signal %d)", path,
                 WTERMSIG(status));
    } else {
        snprintf(text, sizeof(text), "%s: graphviz ended without laying it out", path);
    }
    note_failure(l, w->job, LSN_EINTERNAL, text);
    free(path);
}

/* Wait until a busy worker replies or runs out of time; every = true waits
 * for all of them. */
static void wait_workers(dot_layout *l, bool every)
{
    for (;;) {
        struct pollfd pfd[DOT_LAYOUT_MAX_WORKERS];
        int idx[DOT_LAYOUT_MAX_WORKERS];
        int n = 0;
        double first = 0;
        for (int i = 0; i < l->nworkers; i++) {
            if (l->w[i].busy) {
                pfd[n] = (struct pollfd){.fd = l->w[i].p.fd, .events = POLLIN};
                idx[n++] = i;
                if (l->w[i].deadline > 0 && (first == 0 || l->w[i].deadline < first)) {
                    first = l->w[i].deadline;
                }
            }
        }
        if (n == 0) {
            return;
        }
        int timeout = -1;
        if (first > 0) {
            double left = first - now_seconds();
            timeout = left > 0 ? (int)ceil(left * 1000) : 0;
        }
        int pr = poll(pfd, (nfds_t)n, timeout);
        if (pr < 0 && errno == EINTR) {
            continue;
        }
        bool done = false;
        for (int j = 0; j < n && pr > 0; j++) {
            if (pfd[j].revents != 0) {
                collect(l, &l->w[idx[j]]);
                done = true;
            }
        }
        /* Still laying out after the limit: stopped. */
        double now = now_seconds();
        for (int j = 0; j < n; j++) {
            worker *w = &l->w[idx[j]];
            if (w->busy && w->deadline > 0 && now >= w->deadline) {
                lsn_child_end(&w->p, true); /* before the file goes */
                cut_off(l, w);
                worker_stop(w, false);
                done = true;
            }
        }
        if (done && !every) {
            return;
        }
    }
}

int dot_layout_open(dot_layout **out, int jobs, double seconds)
{
    int n = lsn_cpus_count(jobs, DOT_LAYOUT_MAX_WORKERS);
    dot_layout *l = calloc(1, sizeof(*l));
    if (l == NULL) {
        return lsn_oom();
    }
    l->nworkers = (int)n;
    l->seconds = seconds;
    l->failed_job = SIZE_MAX;
    *out = l;
    return LSN_OK;
}

int dot_layout_submit(dot_layout *l, const char *dot_path, const char *svg_path)
{
    if (l->failed_job != SIZE_MAX) {
        return LSN_OK; /* dot_layout_close reports it */
    }
    worker *w = NULL;
    for (;;) {
        for (int i = 0; i < l->nworkers && w == NULL; i++) {
            if (!l->w[i].busy) {
                w = &l->w[i];
            }
        }
        if (w != NULL) {
            break;
        }
        wait_workers(l, false);
    }
    size_t job = l->submitted++;
    l->pending = strdup(svg_path);
    if (l->pending == NULL) {
        return lsn_oom();
    }
    for (int attempt = 0;; attempt++) {
        int rc = w->p.pid == 0 ? worker_start(l, w) : LSN_OK;
        if (rc != LSN_OK) {
            free(l->pending);
            l->pending = NULL;
            return rc;
        }
        uint32_t len[2] = {(uint32_t)strlen(dot_path), (uint32_t)strlen(svg_path)};
        if (lsn_fd_write_full(w->p.fd, len, sizeof(len)) &&
            lsn_fd_write_full(w->p.fd, dot_path, len[0]) &&
            lsn_fd_write_full(w->p.fd, svg_path, len[1])) {
            break;
        }
        /* The worker had ended (it serves a bounded share): start another. */
        worker_stop(w, true);
        if (attempt > 0) {
            free(l->pending);
            l->pending = NULL;
            return lsn_error_set(LSN_EINTERNAL, "%s: cannot hand the layout to its process",
                                 svg_path);
        }
    }
    w->busy = true;
    w->served++;
    w->job = job;
    w->svg_path = l->pending;
    l->pending = NULL;
    w->deadline = l->seconds > 0 ? now_seconds() + l->seconds : 0;
    return LSN_OK;
}

static int late_cmp(const void *x, const void *y)
{
    const struct late *a = x, *b = y;
    return (a->job > b->job) - (a->job < b->job);
}

int dot_layout_close(dot_layout *l)
{
    if (l == NULL) {
        return LSN_OK;
    }
    wait_workers(l, true);
    for (int i = 0; i < l->nworkers; i++) {
        worker_stop(&l->w[i], false);
    }
    if (l->nlate > 1) {
        qsort(l->late, l->nlate, sizeof(*l->late), late_cmp);
    }
    for (size_t i = 0; i < l->nlate; i++) {
        lsn_warn("%s: layout took longer than %g s; the DOT file is written, render it with "
                 "dot -Tsvg",
                 l->late[i].path, l->seconds);
        free(l->late[i].path);
    }
    free(l->late);
    int rc = LSN_OK;
    if (l->failed_job != SIZE_MAX) {
        rc = l->failed_msg != NULL ? lsn_error_set(l->failed_code, "%s", l->failed_msg) : lsn_oom();
    }
    free(l->failed_msg);
    free(l);
    return rc;
}
