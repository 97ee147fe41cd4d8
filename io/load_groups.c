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
    /* Per chunk: the instances and the addresses at them that its groups and
     * those before promise (weigh); NULL when there was no memory for it. */
    double *upto, *upto_addrs;
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
 * What the groups promise to the calendar, to size it: a group (one UID)
 * becomes about as many instances as its largest expansion (one when none
 * of its records recurs), each with about as many addresses as its largest
 * record lists, however many mailboxes hold a copy. Records come in UID
 * order, and where series and single meetings, large and small, are not
 * spread evenly over it (UIDs with a prefix per kind), what was merged so
 * far per record says little of what is to come; per promise, more.
 */
static void weigh(struct merger *m, const struct loader *ld)
{
    const lsn_raw_event *events = ld->set.events;
    double sum = 0.0, sum_addrs = 0.0;
    for (size_t k = 0; k < m->nchunks; k++) {
        size_t i = m->chunks[k].a, b = m->chunks[k].b;
        while (i < b) { /* chunks hold whole groups */
            int32_t uid = events[m->idx[i]].uid;
            uint32_t most = 1, widest = 0;
            for (; i < b && events[m->idx[i]].uid == uid; i++) {
                const struct known *kn = ld->known != NULL ? &ld->known[m->idx[i]] : NULL;
                if (kn != NULL && kn->seen && kn->count > most) {
                    most = kn->count;
                }
                uint32_t n = events[m->idx[i]].att_count;
                widest = n > widest ? n : widest;
            }
            sum += most;
            sum_addrs += (double)most * widest;
        }
        m->upto[k] = sum;
        m->upto_addrs[k] = sum_addrs;
    }
}

/* What all chunks will hold, from what chunks 0..k hold (had), at the rate
 * their promises (upto) say, an eighth to spare; by records where there
 * is no promise. */
static size_t expect(const struct merger *m, const double *upto, size_t k, size_t had)
{
    size_t b = m->chunks[k].b, n = m->chunks[m->nchunks - 1].b;
    double scale = upto != NULL && upto[k] > 0.0 ? upto[m->nchunks - 1] / upto[k]
                                                 : (double)n / (double)(b ? b : 1);
    return (size_t)((double)had * scale * 1.125) + 16;
}

/*
 * Add out (chunk k) to the calendar, having made room first for what all
 * chunks will add at the rate of those added so far against what their
 * records promise (weigh), an eighth to spare: the calendar's arrays then
 * grow once or twice, not at every doubling, and not late in the merge
 * (every instance copied again on the one thread adding them). Only room:
 * without it they grow as they must.
 */
static int add_chunk(struct loader *ld, struct merger *m, size_t k, const struct groupout *out)
{
    m->pending += out->n;
    m->addrs += out->naddrs;
    if (m->pending > m->room_pending || m->addrs > m->room_addrs) {
        size_t inst = expect(m, m->upto, k, m->pending);
        size_t addrs = expect(m, m->upto_addrs, k, m->addrs);
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
    m.upto = malloc((m.nchunks ? m.nchunks : 1) * sizeof(*m.upto));
    m.upto_addrs = malloc((m.nchunks ? m.nchunks : 1) * sizeof(*m.upto_addrs));
    if (m.upto != NULL && m.upto_addrs != NULL) {
        weigh(&m, ld);
    } else { /* only room: without it, the records' rate */
        free(m.upto);
        free(m.upto_addrs);
        m.upto = m.upto_addrs = NULL;
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
                rc = add_chunk(ld, &m, k, c->out);
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
            rc = add_chunk(ld, &m, k, &own);
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
    free(m.upto);
    free(m.upto_addrs);
    free(m.chunks);
    free(own.v);
    free(own.addrs);
    free(copies.v);
    free(copies.tmp);
    return rc;
}
