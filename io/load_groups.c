/*
 * io/load_groups.c — the UID groups merged and decided on several threads:
 * the groups are cut into runs of whole groups (chunks), merged by whichever
 * thread is free into buffers of their own, and added to the calendar by
 * the calling thread strictly in group order, so that the
 * calendar receives the same instances in the same order as from one
 * thread. The merging threads only read the loader's records and cached
 * expansions; the calendar, its participants and the load's budget are the
 * calling thread's.
 */
#include "io/load_internal.h"

#include "io/calendar_internal.h"

#include "io/cpus.h"
#include "io/error.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Records per chunk: about CHUNKS_PER_THREAD chunks for each thread, so
 * that the work is shared evenly, within bounds: large enough that handing
 * a chunk over costs nothing next to merging it, small enough that the
 * chunks merged ahead hold little memory. */
#define CHUNKS_PER_THREAD 16
#define CHUNK_MIN 256
#define CHUNK_MAX 8192
/* At most this many chunks per thread merged ahead of the calendar. */
#define CHUNKS_AHEAD 3

struct chunk {
    size_t a, b; /* records idx[a..b): whole groups */
    bool done;
    int rc;
    struct groupout *out;
};

struct merger {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    const struct loader *ld;
    const int32_t *idx;
    struct chunk *chunks;
    size_t nchunks;
    size_t next;  /* the next chunk to merge */
    size_t added; /* chunks added to the calendar so far */
    size_t ahead; /* at most this many chunks merged ahead of the calendar */
    bool stop;
    struct groupout **pool; /* emptied buffers, for the next chunks */
    size_t npool;
    size_t pending, addrs;           /* instances and addresses added so far */
    size_t room_pending, room_addrs; /* what the calendar has room for */
};

/* Merge the groups of idx[a..b) with l into out (emptied first). */
static int merge_chunk(struct loader *l,
                       struct copyvec *copies,
                       const int32_t *idx,
                       size_t a,
                       size_t b,
                       struct groupout *out)
{
    int rc = LSN_OK;
    double w0 = l->work_used;
    out->n = out->naddrs = 0;
    memset(&out->stats, 0, sizeof(out->stats));
    l->out = out;
    l->stats = &out->stats;
    const lsn_raw_event *events = l->set.events;
    for (size_t i = a; i < b && rc == LSN_OK;) {
        size_t j = i + 1;
        while (j < b && events[idx[j]].uid == events[idx[i]].uid) {
            j++;
        }
        rc = load_process_group(l, copies, idx + i, j - i);
        i = j;
    }
    out->work = l->work_used - w0;
    return rc;
}

struct worker {
    struct merger *m;
    struct loader view; /* the loader, read only, with scratch of its own */
    struct copyvec copies;
    pthread_t thread;
};

static void scratch_free(struct loader *l, struct copyvec *copies)
{
    free(copies->v);
    free(copies->tmp);
    free(l->keys_buf.v);
    free(l->plain.v);
    free(l->mkeys.v);
    free(l->ranges.v);
    free(l->idents);
    free(l->slots);
    free(l->entries);
    free(l->present);
}

static void out_free(struct groupout *out)
{
    if (out != NULL) {
        free(out->v);
        free(out->addrs);
        free(out);
    }
}

/* A frozen view of ld for a merging thread: its records and expansions,
 * none of its scratch, no calendar. */
static void make_view(struct loader *view, const struct loader *ld)
{
    *view = *ld;
    view->frozen = true;
    view->cal = NULL;
    view->stats = NULL;
    view->out = NULL;
    view->series_keys = NULL;
    memset(&view->keys_buf, 0, sizeof(view->keys_buf));
    memset(&view->scratch, 0, sizeof(view->scratch));
    memset(&view->exdates, 0, sizeof(view->exdates));
    memset(&view->plain, 0, sizeof(view->plain));
    memset(&view->mkeys, 0, sizeof(view->mkeys));
    memset(&view->ranges, 0, sizeof(view->ranges));
    view->idents = NULL;
    view->idents_cap = 0;
    view->slots = NULL;
    view->nslots = 0;
    view->gen = 0;
    view->entries = NULL;
    view->nentries = view->entries_cap = 0;
    view->present = NULL;
    view->present_cap = 0;
    view->person_ids = view->group_ids = NULL;
}

/* Claim the next chunk that may be merged now; call with the lock held. */
static bool claim(struct merger *m, size_t *k)
{
    if (m->stop || m->next >= m->nchunks || m->next >= m->added + m->ahead) {
        return false;
    }
    *k = m->next++;
    struct chunk *c = &m->chunks[*k];
    c->out = m->npool > 0 ? m->pool[--m->npool] : calloc(1, sizeof(*c->out));
    return true;
}

/* Merge claimed chunk k with the view w (lock held on entry and exit). */
static void merge_claimed(struct merger *m, size_t k, struct loader *view, struct copyvec *copies)
{
    struct chunk *c = &m->chunks[k];
    pthread_mutex_unlock(&m->lock);
    int rc = LSN_ENOMEM;
    if (c->out != NULL) {
        view->work_used = 0; /* this chunk's work; the calling thread adds it up */
        rc = merge_chunk(view, copies, m->idx, c->a, c->b, c->out);
    }
    pthread_mutex_lock(&m->lock);
    c->rc = rc;
    c->done = true;
    pthread_cond_broadcast(&m->cond);
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct merger *m = w->m;
    pthread_mutex_lock(&m->lock);
    while (!m->stop && m->next < m->nchunks) {
        size_t k;
        if (claim(m, &k)) {
            merge_claimed(m, k, &w->view, &w->copies);
        } else {
            pthread_cond_wait(&m->cond, &m->lock);
        }
    }
    pthread_mutex_unlock(&m->lock);
    return NULL;
}

/* Cut idx's groups into chunks of about size records. */
static int cut_chunks(struct merger *m, const struct loader *ld, const int32_t *idx, size_t size)
{
    size_t n = ld->set.nevents, cap = n / size + 2;
    const lsn_raw_event *events = ld->set.events;
    m->chunks = calloc(cap, sizeof(*m->chunks));
    if (m->chunks == NULL) {
        return lsn_oom();
    }
    size_t a = 0;
    while (a < n) {
        size_t b = a + size < n ? a + size : n;
        while (b < n && events[idx[b]].uid == events[idx[b - 1]].uid) {
            b++; /* whole groups only */
        }
        if (m->nchunks == cap && LSN_GROW(m->chunks, cap, m->nchunks + 1) != LSN_OK) {
            return LSN_ENOMEM;
        }
        m->chunks[m->nchunks].a = a;
        m->chunks[m->nchunks].b = b;
        m->nchunks++;
        a = b;
    }
    return LSN_OK;
}

static void progress(const lsn_load_options *opts, const struct loader *ld, size_t done)
{
    if (opts->on_progress != NULL) {
        opts->on_progress(opts->progress_ud, "merging meetings", done, ld->set.nevents);
    }
}

/*
 * Add out (the chunk that ends at record b) to the calendar, having made
 * room first for what all chunks will add at the rate of those added so
 * far, an eighth to spare: the calendar's arrays then grow a few times,
 * not at every doubling. Only room: without it they grow as they must.
 */
static int add_chunk(struct loader *ld, struct merger *m, size_t b, const struct groupout *out)
{
    m->pending += out->n;
    m->addrs += out->naddrs;
    if (m->pending > m->room_pending || m->addrs > m->room_addrs) {
        double scale = (double)ld->set.nevents / (double)(b ? b : 1) * 1.125;
        size_t inst = (size_t)((double)m->pending * scale) + 16;
        size_t addrs = (size_t)((double)m->addrs * scale) + 16;
        if (lsn_calendar_reserve(ld->cal, inst, addrs) == LSN_OK) {
            m->room_pending = inst;
            m->room_addrs = addrs;
        }
    }
    return load_add_pending(ld, out);
}

/*
 * The calling thread adds the chunks to the calendar in order, and merges
 * one itself when the next is not ready. A chunk a merging thread could not
 * finish (an expansion not cached, out of memory, the budget nearly used)
 * stops the threads: it and every later chunk are then merged here, on the
 * loader itself, exactly as one thread does.
 */
int load_merge_groups(struct loader *ld, const int32_t *idx, const lsn_load_options *opts)
{
    int rc;
    struct merger m;
    memset(&m, 0, sizeof(m));
    m.ld = ld;
    m.idx = idx;
    struct groupout own = {0};
    struct copyvec copies = {0};
    struct worker workers[LSN_LOAD_MAX_THREADS];
    struct worker self;
    int nworkers = 0;
    bool locked = false;
    long nthreads = lsn_cpus_count(opts->threads, LSN_LOAD_MAX_THREADS);
    size_t size = ld->set.nevents / ((size_t)nthreads * CHUNKS_PER_THREAD);
    size = size < CHUNK_MIN ? CHUNK_MIN : size > CHUNK_MAX ? CHUNK_MAX : size;
    if ((rc = cut_chunks(&m, ld, idx, size)) != LSN_OK) {
        free(m.chunks);
        return rc;
    }
    if ((size_t)nthreads > m.nchunks) {
        nthreads = m.nchunks > 0 ? (long)m.nchunks : 1;
    }
    size_t k = 0; /* the next chunk to add */
    if (nthreads > 1) {
        m.ahead = CHUNKS_AHEAD * (size_t)nthreads;
        m.pool = calloc(m.ahead + 1, sizeof(*m.pool));
        if (m.pool == NULL || pthread_mutex_init(&m.lock, NULL) != 0) {
            nthreads = 1;
        } else if (pthread_cond_init(&m.cond, NULL) != 0) {
            pthread_mutex_destroy(&m.lock);
            nthreads = 1;
        }
    }
    if (nthreads > 1) {
        memset(&self, 0, sizeof(self));
        make_view(&self.view, ld);
        for (long i = 0; i < nthreads - 1; i++) {
            struct worker *w = &workers[nworkers];
            memset(w, 0, sizeof(*w));
            w->m = &m;
            make_view(&w->view, ld);
            if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
                break; /* fewer threads, same result */
            }
            nworkers++;
        }
        pthread_mutex_lock(&m.lock);
        locked = true;
        while (k < m.nchunks) {
            struct chunk *c = &m.chunks[k];
            size_t mine;
            if (c->done) {
                pthread_mutex_unlock(&m.lock);
                locked = false;
                if (c->rc != LSN_OK ||
                    ld->work_used + c->out->work > (double)ld->work_budget * (1 - 1e-9)) {
                    break; /* merged again below, on the loader itself */
                }
                progress(opts, ld, c->a);
                ld->work_used += c->out->work;
                rc = add_chunk(ld, &m, c->b, c->out);
                pthread_mutex_lock(&m.lock);
                locked = true;
                m.pool[m.npool++] = c->out;
                c->out = NULL;
                m.added = ++k;
                pthread_cond_broadcast(&m.cond); /* the window moved */
                if (rc != LSN_OK) {
                    break;
                }
            } else if (claim(&m, &mine)) {
                merge_claimed(&m, mine, &self.view, &self.copies);
            } else {
                pthread_cond_wait(&m.cond, &m.lock);
            }
        }
        if (!locked) {
            pthread_mutex_lock(&m.lock);
        }
        m.stop = true;
        pthread_cond_broadcast(&m.cond);
        pthread_mutex_unlock(&m.lock);
        for (int i = 0; i < nworkers; i++) {
            pthread_join(workers[i].thread, NULL);
        }
    }
    /* One thread, or what the threads left: in order, on the loader. */
    lsn_input_stats *stats = ld->stats;
    for (; k < m.nchunks && rc == LSN_OK; k++) {
        progress(opts, ld, m.chunks[k].a);
        rc = merge_chunk(ld, &copies, idx, m.chunks[k].a, m.chunks[k].b, &own);
        ld->stats = stats;
        ld->out = NULL;
        if (rc == LSN_OK) {
            rc = add_chunk(ld, &m, m.chunks[k].b, &own);
        }
    }
    ld->stats = stats;
    ld->out = NULL;
    for (int i = 0; i < nworkers; i++) {
        scratch_free(&workers[i].view, &workers[i].copies);
    }
    if (nthreads > 1) {
        scratch_free(&self.view, &self.copies);
        pthread_cond_destroy(&m.cond);
        pthread_mutex_destroy(&m.lock);
    }
    for (size_t i = 0; i < m.nchunks; i++) {
        out_free(m.chunks[i].out);
    }
    for (size_t i = 0; i < m.npool; i++) {
        out_free(m.pool[i]);
    }
    free(m.pool);
    free(m.chunks);
    free(own.v);
    free(own.addrs);
    free(copies.v);
    free(copies.tmp);
    return rc;
}
