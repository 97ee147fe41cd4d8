/*
 * analysis/brandes.c — weighted betweenness with igraph's cut-off, on
 * threads (see brandes.h for why igraph's own function is not used).
 *
 * Each source runs Dijkstra over a compressed adjacency (CSR) with a binary
 * heap keyed by the distance array, records every vertex's parents on its
 * shortest paths in a slice of a parent array laid out like the adjacency
 * (a vertex has at most one parent per incident edge), then walks the
 * settled vertices back in reverse order adding the dependencies. Distances
 * are stored "plus one" with 0 meaning unreached, as igraph does, so that
 * the same sums are rounded the same way.
 */
#include "analysis/brandes.h"

#include "io/cpus.h"
#include "io/error.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Sources are cut into this many chunks (fewer for tiny graphs), whatever
 * the number of threads: the grouping of the sums depends on it alone. */
#define CHUNKS 64
#define MAX_THREADS 64

/* Two path lengths within a relative 1e-10 are equal: igraph_cmp_epsilon()
 * with IGRAPH_SHORTEST_PATH_EPSILON, written out (it is not in igraph's
 * public headers). */
static int cmp_eps(double a, double b)
{
    const double eps = IGRAPH_SHORTEST_PATH_EPSILON;
    if (a == b) {
        return 0;
    }
    double diff = a - b;
    double abs_diff = fabs(diff);
    double sum = fabs(a) + fabs(b);
    bool same;
    if (a == 0 || b == 0 || sum < DBL_MIN) {
        same = abs_diff < eps * DBL_MIN;
    } else if (!isfinite(sum)) {
        same = abs_diff < eps * fabs(a) + eps * fabs(b);
    } else {
        same = abs_diff / sum < eps;
    }
    return same ? 0 : diff < 0 ? -1 : 1;
}

/* The graph, read once. */
struct csr {
    size_t n;
    size_t *first; /* n + 1 */
    int32_t *to;
    double *len;
};

static void csr_free(struct csr *c)
{
    free(c->first);
    free(c->to);
    free(c->len);
}

static int csr_build(struct csr *c, const igraph_t *g, const igraph_vector_t *lengths)
{
    size_t n = (size_t)igraph_vcount(g);
    size_t m = (size_t)igraph_ecount(g);
    if ((size_t)igraph_vector_size(lengths) != m) {
        return lsn_error_set(LSN_EINVAL, "betweenness: %zu edge lengths for %zu edges",
                             (size_t)igraph_vector_size(lengths), m);
    }
    for (size_t e = 0; e < m; e++) {
        double w = VECTOR(*lengths)[e];
        if (!(w > 0)) {
            return lsn_error_set(LSN_EINVAL, "betweenness: edge %zu has length %g, not > 0", e, w);
        }
    }
    c->n = n;
    c->first = calloc(n + 1, sizeof(*c->first));
    c->to = malloc((2 * m + 1) * sizeof(*c->to));
    c->len = malloc((2 * m + 1) * sizeof(*c->len));
    size_t *pos = malloc((n + 1) * sizeof(*pos));
    if (c->first == NULL || c->to == NULL || c->len == NULL || pos == NULL) {
        free(pos);
        return lsn_oom();
    }
    for (size_t e = 0; e < m; e++) {
        size_t a = (size_t)IGRAPH_FROM(g, e), b = (size_t)IGRAPH_TO(g, e);
        if (a != b) {
            c->first[a + 1]++;
            c->first[b + 1]++;
        }
    }
    for (size_t v = 0; v < n; v++) {
        c->first[v + 1] += c->first[v];
    }
    memcpy(pos, c->first, (n + 1) * sizeof(*pos));
    for (size_t e = 0; e < m; e++) {
        size_t a = (size_t)IGRAPH_FROM(g, e), b = (size_t)IGRAPH_TO(g, e);
        if (a != b) {
            double w = VECTOR(*lengths)[e];
            c->to[pos[a]] = (int32_t)b;
            c->len[pos[a]++] = w;
            c->to[pos[b]] = (int32_t)a;
            c->len[pos[b]++] = w;
        }
    }
    free(pos);
    return LSN_OK;
}

/* One thread's working state, reset after each source where it was used. */
struct worker {
    double *dist;    /* distance + 1; 0: not reached */
    double *sigma;   /* number of shortest paths */
    double *delta;   /* dependency */
    int32_t *npar;   /* parents so far, stored at parent[first[v]..] */
    int32_t *parent; /* laid out like csr.to */
    int32_t *stack;  /* settled vertices in order */
    int32_t *heap;   /* binary min-heap of vertices by dist */
    int32_t *hpos;   /* position in heap, -1 when not in it */
    double *sum;     /* the current chunk's betweenness of the targets */
};

static void worker_free(struct worker *w)
{
    free(w->dist);
    free(w->sigma);
    free(w->delta);
    free(w->npar);
    free(w->parent);
    free(w->stack);
    free(w->heap);
    free(w->hpos);
    free(w->sum);
}

static int worker_init(struct worker *w, const struct csr *c, size_t targets)
{
    size_t n = c->n ? c->n : 1;
    w->dist = calloc(n, sizeof(*w->dist));
    w->sigma = calloc(n, sizeof(*w->sigma));
    w->delta = calloc(n, sizeof(*w->delta));
    w->npar = calloc(n, sizeof(*w->npar));
    w->parent = malloc((c->first[c->n] + 1) * sizeof(*w->parent));
    w->stack = malloc(n * sizeof(*w->stack));
    w->heap = malloc(n * sizeof(*w->heap));
    w->hpos = malloc(n * sizeof(*w->hpos));
    w->sum = malloc((targets ? targets : 1) * sizeof(*w->sum));
    if (w->dist == NULL || w->sigma == NULL || w->delta == NULL || w->npar == NULL ||
        w->parent == NULL || w->stack == NULL || w->heap == NULL || w->hpos == NULL ||
        w->sum == NULL) {
        return lsn_oom();
    }
    memset(w->hpos, 0xff, n * sizeof(*w->hpos));
    return LSN_OK;
}

static void heap_up(struct worker *w, int32_t i)
{
    int32_t v = w->heap[i];
    double d = w->dist[v];
    while (i > 0) {
        int32_t up = (i - 1) / 2;
        int32_t u = w->heap[up];
        if (!(d < w->dist[u])) {
            break;
        }
        w->heap[i] = u;
        w->hpos[u] = i;
        i = up;
    }
    w->heap[i] = v;
    w->hpos[v] = i;
}

static void heap_down(struct worker *w, int32_t i, int32_t size)
{
    int32_t v = w->heap[i];
    double d = w->dist[v];
    for (;;) {
        int32_t l = 2 * i + 1;
        if (l >= size) {
            break;
        }
        int32_t r = l + 1;
        int32_t m = r < size && w->dist[w->heap[r]] < w->dist[w->heap[l]] ? r : l;
        if (!(w->dist[w->heap[m]] < d)) {
            break;
        }
        w->heap[i] = w->heap[m];
        w->hpos[w->heap[i]] = i;
        i = m;
    }
    w->heap[i] = v;
    w->hpos[v] = i;
}

static void reset_vertex(struct worker *w, int32_t v)
{
    w->dist[v] = 0;
    w->sigma[v] = 0;
    w->delta[v] = 0;
    w->npar[v] = 0;
}

/* Dijkstra from s: fills stack with the settled vertices; returns their count. */
static int32_t shortest_paths(struct worker *w, const struct csr *c, int32_t s, double cutoff)
{
    double limit = cutoff + 1.0;
    /* A vertex first reached this far past the cut-off is left out of the
     * heap: it could only be settled by a later path shorter by far more
     * than the tolerance of equal lengths, which reaches it afresh. Most
     * of the vertices a source reaches lie just past the cut-off. */
    double beyond = cutoff >= 0 ? limit * (1.0 + 1e-9) : INFINITY;
    int32_t hn = 0, settled = 0;
    w->dist[s] = 1.0;
    w->sigma[s] = 1;
    w->heap[hn] = s;
    w->hpos[s] = hn++;
    while (hn > 0) {
        int32_t v = w->heap[0];
        double d = w->dist[v];
        if (cutoff >= 0 && d > limit) {
            /* Every vertex left is at least as far: none is counted. */
            for (int32_t i = 0; i < hn; i++) {
                w->hpos[w->heap[i]] = -1;
                reset_vertex(w, w->heap[i]);
            }
            break;
        }
        w->hpos[v] = -1;
        if (--hn > 0) {
            w->heap[0] = w->heap[hn];
            heap_down(w, 0, hn);
        }
        w->stack[settled++] = v;
        for (size_t k = c->first[v]; k < c->first[v + 1]; k++) {
            int32_t to = c->to[k];
            double alt = d + c->len[k];
            double cur = w->dist[to];
            size_t slot = c->first[to];
            if (cur == 0) {
                if (alt > beyond) {
                    continue;
                }
                w->parent[slot] = v;
                w->npar[to] = 1;
                w->sigma[to] = w->sigma[v];
                w->dist[to] = alt;
                w->heap[hn] = to;
                heap_up(w, hn++);
                continue;
            }
            int cmp = cmp_eps(alt, cur);
            if (cmp < 0) {
                w->parent[slot] = v;
                w->npar[to] = 1;
                w->sigma[to] = w->sigma[v];
                w->dist[to] = alt;
                heap_up(w, w->hpos[to]);
            } else if (cmp == 0 && (alt <= limit || cutoff < 0)) {
                w->parent[slot + (size_t)w->npar[to]++] = v;
                w->sigma[to] += w->sigma[v];
            }
        }
    }
    return settled;
}

/* Adds the dependencies of source s to w->sum and resets what s touched. */
static void accumulate(struct worker *w, const struct csr *c, int32_t s, int32_t settled, size_t targets)
{
    while (settled > 0) {
        int32_t v = w->stack[--settled];
        double coeff = (1 + w->delta[v]) / w->sigma[v];
        const int32_t *par = w->parent + c->first[v];
        for (int32_t j = 0; j < w->npar[v]; j++) {
            w->delta[par[j]] += w->sigma[par[j]] * coeff;
        }
        if (v != s && (size_t)v < targets) {
            w->sum[v] += w->delta[v];
        }
        reset_vertex(w, v);
    }
}

/* What the threads share. */
struct job {
    const struct csr *c;
    const lsn_brandes_args *args;
    size_t nchunks;
    pthread_mutex_t lock;
    size_t next;      /* next chunk to claim */
    size_t added;     /* chunks added to out, in order */
    double **partial; /* a finished chunk's sums until its turn */
    double *out;
    int rc;
    bool stop; /* lsn_brandes_cancel(): claim no more chunks */
};

static size_t chunk_start(const struct job *j, size_t k)
{
    return k * j->c->n / j->nchunks;
}

/* Keeps w->sum as chunk k's result (or adds it at once when it is next). */
static int finish_chunk(struct job *j, struct worker *w, size_t k)
{
    size_t t = j->args->targets;
    double *copy = NULL;
    pthread_mutex_lock(&j->lock);
    if (k != j->added) {
        pthread_mutex_unlock(&j->lock);
        copy = malloc((t ? t : 1) * sizeof(*copy));
        if (copy == NULL) {
            return lsn_oom();
        }
        memcpy(copy, w->sum, t * sizeof(*copy));
        pthread_mutex_lock(&j->lock);
        j->partial[k] = copy;
        if (k != j->added) {
            pthread_mutex_unlock(&j->lock);
            return LSN_OK;
        }
        j->partial[k] = NULL;
    }
    /* k is next: add it, then every finished chunk after it. */
    const double *src = copy != NULL ? copy : w->sum;
    for (;;) {
        for (size_t v = 0; v < t; v++) {
            j->out[v] += src[v];
        }
        if (src != w->sum) {
            free((void *)src);
        }
        j->added++;
        if (j->added == j->nchunks || j->partial[j->added] == NULL) {
            break;
        }
        src = j->partial[j->added];
        j->partial[j->added] = NULL;
    }
    pthread_mutex_unlock(&j->lock);
    return LSN_OK;
}

/* Claims chunks until none is left; reports progress when `main_thread`. */
static int run_chunks(struct job *j, struct worker *w, bool main_thread)
{
    size_t t = j->args->targets;
    for (;;) {
        pthread_mutex_lock(&j->lock);
        size_t k = j->next < j->nchunks && j->rc == LSN_OK && !j->stop ? j->next++ : j->nchunks;
        pthread_mutex_unlock(&j->lock);
        if (k == j->nchunks) {
            return LSN_OK;
        }
        memset(w->sum, 0, t * sizeof(*w->sum));
        for (size_t s = chunk_start(j, k); s < chunk_start(j, k + 1); s++) {
            int32_t settled = shortest_paths(w, j->c, (int32_t)s, j->args->cutoff);
            accumulate(w, j->c, (int32_t)s, settled, t);
        }
        int rc = finish_chunk(j, w, k);
        if (rc != LSN_OK) {
            return rc;
        }
        if (main_thread && j->args->progress != NULL) {
            pthread_mutex_lock(&j->lock);
            double share = (double)j->added / (double)j->nchunks;
            pthread_mutex_unlock(&j->lock);
            j->args->progress(j->args->ud, share);
        }
    }
}

struct thread {
    pthread_t id;
    struct job *job;
    struct worker w;
};

static void *thread_main(void *arg)
{
    struct thread *th = arg;
    int rc = run_chunks(th->job, &th->w, false);
    if (rc != LSN_OK) {
        pthread_mutex_lock(&th->job->lock);
        th->job->rc = rc;
        pthread_mutex_unlock(&th->job->lock);
    }
    return NULL;
}

/* A betweenness under way: the graph read, the other threads started. */
struct lsn_brandes_job {
    lsn_brandes_args args; /* a copy; graph and lengths are not read after the start */
    struct csr c;
    struct job j;
    struct thread *threads;
    int nthreads;
    struct worker self;
    double *sums; /* args.targets chunk sums, added in chunk order */
    bool mutex_ready;
    bool joined; /* the other threads are done */
};

/* Stops (when not joined yet) and joins the other threads, then frees
 * everything. */
static void job_free(lsn_brandes_job *b)
{
    if (b->mutex_ready && !b->joined) {
        pthread_mutex_lock(&b->j.lock);
        b->j.stop = true;
        pthread_mutex_unlock(&b->j.lock);
    }
    for (int i = 0; i < b->nthreads; i++) {
        if (!b->joined) {
            pthread_join(b->threads[i].id, NULL);
        }
        worker_free(&b->threads[i].w);
    }
    for (size_t k = 0; b->j.partial != NULL && k < b->j.nchunks; k++) {
        free(b->j.partial[k]);
    }
    free(b->j.partial);
    free(b->threads);
    if (b->mutex_ready) {
        pthread_mutex_destroy(&b->j.lock);
    }
    worker_free(&b->self);
    csr_free(&b->c);
    free(b->sums);
    free(b);
}

int lsn_brandes_start(lsn_brandes_job **out, const lsn_brandes_args *args)
{
    *out = NULL;
    size_t n = (size_t)igraph_vcount(args->graph);
    if (args->targets > n) {
        return lsn_error_set(LSN_EINVAL, "betweenness: %zu targets in a graph of %zu vertices",
                             args->targets, n);
    }
    if (isnan(args->cutoff)) {
        return lsn_error_set(LSN_EINVAL, "betweenness: the cut-off is not a number");
    }
    lsn_brandes_job *b = calloc(1, sizeof(*b));
    if (b == NULL) {
        return lsn_oom();
    }
    b->args = *args;
    b->args.graph = NULL;
    b->args.lengths = NULL;
    b->sums = calloc(args->targets ? args->targets : 1, sizeof(*b->sums));
    if (b->sums == NULL) {
        free(b);
        return lsn_oom();
    }
    b->j = (struct job){.c = &b->c, .args = &b->args, .nchunks = n < CHUNKS ? n : CHUNKS,
                        .out = b->sums};
    if (n == 0) {
        *out = b; /* nothing to run: lsn_brandes_finish() gives zeros */
        return LSN_OK;
    }
    int rc = csr_build(&b->c, args->graph, args->lengths);
    if (rc == LSN_OK) {
        rc = worker_init(&b->self, &b->c, args->targets);
    }
    if (rc == LSN_OK) {
        b->j.partial = calloc(b->j.nchunks, sizeof(*b->j.partial));
        rc = b->j.partial == NULL ? lsn_oom() : LSN_OK;
    }
    if (rc == LSN_OK && pthread_mutex_init(&b->j.lock, NULL) != 0) {
        rc = lsn_error_set(LSN_EINTERNAL, "betweenness: cannot create a mutex");
    }
    if (rc != LSN_OK) {
        job_free(b);
        return rc;
    }
    b->mutex_ready = true;
    int want = lsn_cpus_count(args->threads, MAX_THREADS);
    if ((size_t)want > b->j.nchunks) {
        want = (int)b->j.nchunks;
    }
    b->threads = calloc((size_t)want, sizeof(*b->threads));
    /* A thread that cannot be set up is not started: fewer threads, same result. */
    for (int i = 0; b->threads != NULL && i < want - 1; i++) {
        struct thread *th = &b->threads[b->nthreads];
        th->job = &b->j;
        if (worker_init(&th->w, &b->c, args->targets) != LSN_OK) {
            worker_free(&th->w);
            break;
        }
        if (pthread_create(&th->id, NULL, thread_main, th) != 0) {
            worker_free(&th->w);
            break;
        }
        b->nthreads++;
    }
    *out = b;
    return LSN_OK;
}

int lsn_brandes_finish(lsn_brandes_job *b, double *out)
{
    int rc = LSN_OK;
    if (b->c.n > 0) {
        rc = run_chunks(&b->j, &b->self, true);
        for (int i = 0; i < b->nthreads; i++) {
            pthread_join(b->threads[i].id, NULL);
        }
        b->joined = true;
        if (rc == LSN_OK) {
            rc = b->j.rc;
            if (rc != LSN_OK) {
                lsn_oom(); /* a thread's message is its own; the only failure there */
            }
        }
    }
    if (rc == LSN_OK) {
        for (size_t v = 0; v < b->args.targets; v++) {
            out[v] = b->sums[v] * 0.5;
        }
    }
    job_free(b);
    return rc;
}

void lsn_brandes_cancel(lsn_brandes_job *b)
{
    if (b != NULL) {
        job_free(b);
    }
}

int lsn_brandes(double *out, const lsn_brandes_args *args)
{
    lsn_brandes_job *b = NULL;
    int rc = lsn_brandes_start(&b, args);
    return rc == LSN_OK ? lsn_brandes_finish(b, out) : rc;
}
