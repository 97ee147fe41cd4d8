/*
 * io/load_threads.c — the files read and parsed on several threads, each
 * into a set of its own, merged into the loader's set strictly in path
 * order, their warnings held till then. It does not expand, merge copies of
 * an instance or decide anything.
 */
#include "io/load_internal.h"

#include "io/cpus.h"
#include "io/error.h"
#include "io/formats.h"
#include "io/ics.h"

#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* At most this many emptied sets wait for the next files. */
#define POOL_SETS 16

/*
 * Files are opened up to PREFETCH_FILES ahead of the one being read, and
 * their bytes asked of the disk (POSIX_FADV_WILLNEED), PREFETCH_BATCH at a
 * time: a folder of exports that is not in the page cache (the first run on
 * it, or one the kernel has since dropped) is then read from disk while the
 * files before are parsed, with many requests in flight instead of one per
 * reading thread. Only room and time: the result does not depend on it.
 */
#define PREFETCH_FILES 256
#define PREFETCH_BATCH 16

/* How many files to open ahead: PREFETCH_FILES, or fewer under a low limit
 * of open files (a quarter of it, so that the reader's own opens and the
 * rest of the process keep room). */
static size_t prefetch_window(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) {
        return PREFETCH_FILES;
    }
    size_t quarter = (size_t)(rl.rlim_cur / 4);
    return quarter < PREFETCH_FILES ? quarter : PREFETCH_FILES;
}

struct reader {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct job *jobs;
    size_t njobs;
    size_t next;   /* the next job to read */
    size_t opened; /* jobs before this one were opened ahead, or are read */
    size_t window; /* open at most this many jobs ahead (prefetch_window()) */
    size_t merged; /* jobs merged so far */
    size_t ahead;  /* at most this many jobs read ahead of the merge */
    bool stop;
    const lsn_org *org;
    const icaltimezone *tz;
    lsn_zonecache *zones;
    bool libical_only;
    int64_t fast, libical;
    /* Sets of merged files, emptied, for the next files to be read into:
     * their memory is reused instead of grown again for every file. */
    lsn_rawset pool[POOL_SETS];
    size_t npool;
    size_t next_presize; /* merged jobs at the next estimate */
};

static void hold_warning(void *ud, const char *message)
{
    struct job *j = ud;
    if (LSN_GROW(j->warnings, j->warnings_cap, j->nwarnings + 1) != LSN_OK) {
        return; /* out of memory: the warning is lost, the load goes on */
    }
    char *copy = strdup(message);
    if (copy != NULL) {
        j->warnings[j->nwarnings++] = copy;
    }
}

static void job_clear(struct job *j)
{
    for (size_t i = 0; i < j->nwarnings; i++) {
        free(j->warnings[i]);
    }
    free(j->warnings);
    free(j->error);
    if (j->has_set) {
        lsn_rawset_destroy(&j->set);
    }
    j->warnings = NULL;
    j->nwarnings = j->warnings_cap = 0;
    j->error = NULL;
    j->has_set = false;
}

static void job_fail(struct job *j, int rc)
{
    j->rc = rc;
    j->error = strdup(lsn_error_last());
}

/* A file buffer larger than this is not kept for the next file. */
#define KEEP_BUF_BYTES ((size_t)16 << 20)

/* What one reading thread keeps from file to file. */
struct thread_scratch {
    lsn_ics_scratch *ics;
    struct load_buf file;
};

/* Open jobs [from, to) ahead of their reading and ask for their bytes.
 * Only regular files: opening a named pipe would let its writer start
 * before the reader. A file that cannot be opened, or is no longer a
 * regular file, is left to its reader, which says why or reads it its own
 * way. O_NONBLOCK keeps such an open from waiting for a writer; it is
 * cleared before the descriptor is handed on (a FUSE file system may
 * honour it on a regular file's reads). */
static void open_ahead(struct reader *r, size_t from, size_t to)
{
    for (size_t k = from; k < to; k++) {
        struct job *j = &r->jobs[k];
        if (!j->regular) {
            continue;
        }
        int fd = open(j->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            continue;
        }
        struct stat st;
        if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || fcntl(fd, F_SETFL, 0) != 0) {
            close(fd);
            continue;
        }
        (void)posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED); /* only advice */
        int none = 0;
        if (!atomic_compare_exchange_strong(&j->ahead, &none, fd + 1)) {
            close(fd); /* its reader came first and opened it itself */
        }
    }
}

/* The descriptor opened ahead for j, or -1; either way j's reader owns it now. */
static int take_ahead(struct job *j)
{
    return atomic_exchange(&j->ahead, -1) - 1;
}

/* Read and parse one file into a set of its own; its warnings are held. */
static void read_job(struct reader *r, struct job *j, struct thread_scratch *ts)
{
    int rc;
    lsn_warn_set_thread_handler(hold_warning, j);
    rc = load_read_file(&ts->file, j->path, take_ahead(j));
    const char *data = ts->file.data;
    size_t len = ts->file.len;
    const lsn_format *format = rc == LSN_OK ? lsn_formats_find(data, len) : NULL;
    if (rc == LSN_OK && format == NULL) {
        rc = lsn_error_set(
            LSN_EPARSE, "%s:1: not a calendar file (expected iCalendar: BEGIN:VCALENDAR)", j->path);
    }
    if (rc != LSN_OK && rc != LSN_EPARSE) {
        job_fail(j, rc);
        goto done;
    }
    j->bytes = len;
    if (rc == LSN_EPARSE) {
        /* No calendar at all, or over a limit of a whole file. */
        if (j->named) {
            job_fail(j, rc);
        } else {
            lsn_warn("%s; skipped", lsn_error_last());
        }
        goto done;
    }
    j->calendar = true;
    if (!j->has_set) {
        if (lsn_rawset_init(&j->set, r->zones) != LSN_OK) {
            job_fail(j, lsn_oom());
            goto done;
        }
        j->has_set = true;
    }
    int32_t file = lsn_rawset_add_file(&j->set, j->path);
    if (file < 0) {
        job_fail(j, file);
        goto done;
    }
    int64_t n = 0;
    lsn_raw_source src = lsn_raw_source_of(&j->set, file, r->org, r->tz);
    src.ics = ts->ics;
    rc = format->load(&src, data, len, &n);
    if (rc == LSN_EPARSE && !j->named) {
        /* Unusable as a whole (invalid JSON, a broken CSV): inside a
         * folder it is skipped like any file that is not a calendar. */
        j->refused = true;
        lsn_warn("%s; skipped", lsn_error_last());
    } else if (rc != LSN_OK) {
        job_fail(j, rc);
    }
    j->vevents = n;
done:
    lsn_warn_set_thread_handler(NULL, NULL);
    if (ts->file.cap > KEEP_BUF_BYTES) {
        free(ts->file.data); /* one huge file does not hold its memory for the whole load */
        memset(&ts->file, 0, sizeof(ts->file));
    }
}

/* Claim the next job that may be read now; call with the lock held. */
static bool claim(struct reader *r, size_t *i)
{
    if (r->stop || r->next >= r->njobs || r->next >= r->merged + r->ahead) {
        return false;
    }
    *i = r->next++;
    if (r->npool > 0) {
        r->jobs[*i].set = r->pool[--r->npool]; /* emptied: as lsn_rawset_init() leaves it */
        r->jobs[*i].has_set = true;
    }
    return true;
}

static void read_claimed(struct reader *r, size_t i, struct thread_scratch *ts)
{
    /* The files ahead of this one to open, when a batch of them is due. */
    size_t from = r->opened > i + 1 ? r->opened : i + 1;
    size_t to = r->njobs - i - 1 > r->window ? i + 1 + r->window : r->njobs;
    if (to > from && (to - from >= PREFETCH_BATCH || to == r->njobs)) {
        r->opened = to;
    } else {
        from = to = 0;
    }
    pthread_mutex_unlock(&r->lock);
    open_ahead(r, from, to);
    read_job(r, &r->jobs[i], ts);
    pthread_mutex_lock(&r->lock);
    r->jobs[i].done = true;
    pthread_cond_broadcast(&r->cond);
}

struct worker {
    struct reader *reader;
    struct thread_scratch scratch;
    pthread_t thread;
};

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct reader *r = w->reader;
    pthread_mutex_lock(&r->lock);
    while (!r->stop && r->next < r->njobs) {
        size_t i;
        if (claim(r, &i)) {
            read_claimed(r, i, &w->scratch);
        } else {
            pthread_cond_wait(&r->cond, &r->lock);
        }
    }
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

static void progress(const lsn_load_options *opts, size_t done, size_t total, bool last)
{
    if (opts->on_progress != NULL) {
        opts->on_progress(opts->progress_ud, "reading calendars", done, total);
        return;
    }
    if (!opts->progress || !isatty(2)) {
        return;
    }
    if (last || done % 256 == 0) {
        fprintf(stderr, "\rliaison: reading calendars %zu/%zu%s", done, total, last ? "\n" : "");
    }
}

/* Take one read file into the loader's set, as reading it there would have. */
static int merge_job(struct loader *ld, struct job *j)
{
    for (size_t i = 0; i < j->nwarnings; i++) {
        lsn_warn("%s", j->warnings[i]);
    }
    if (j->rc != LSN_OK) {
        return lsn_error_set(j->rc, "%s", j->error ? j->error : lsn_error_name(j->rc));
    }
    if (!j->calendar) {
        return LSN_OK;
    }
    int rc = lsn_rawset_merge(&ld->set, &j->set, !j->refused);
    if (rc == LSN_OK && !j->refused) {
        ld->files++;
        ld->vevents += j->vevents;
    }
    return rc;
}

/*
 * Every few merges (at 8, 32, 128, ... jobs), make the loader's arrays as
 * large as the files merged so far say all files will need, with an eighth
 * to spare: the records of 20,000 files are then copied once or twice, not
 * moved by every doubling. Only room: the result does not depend on it, and
 * without memory for it the merge grows the arrays itself.
 */
static void presize(struct loader *ld, struct reader *r)
{
    if (r->merged < r->next_presize || r->merged == 0 || r->merged >= r->njobs) {
        return;
    }
    r->next_presize *= 4;
    const lsn_rawset *s = &ld->set;
    double scale = (double)r->njobs / (double)r->merged * 1.125;
    size_t ev = (size_t)((double)s->nevents * scale) + 16;
    if (ev <= s->events_cap) {
        return;
    }
    size_t at = (size_t)((double)s->nattendees * scale) + 16;
    size_t ru = (size_t)((double)s->nrules * scale) + 16;
    size_t ti = (size_t)((double)s->ntimes * scale) + 16;
    (void)lsn_rawset_reserve(&ld->set, ev, at, ru, ti);
}

static int thread_count(const lsn_load_options *opts, size_t njobs)
{
    long n = lsn_cpus_count(opts->threads, LSN_LOAD_MAX_THREADS);
    if ((size_t)n > njobs) {
        n = njobs > 0 ? (long)njobs : 1;
    }
    return (int)n;
}

/*
 * Read every job into ld->set: the calling thread and nthreads - 1 workers
 * read files in any order, at most r->ahead ahead of the merge; the calling
 * thread merges them strictly in path order, and reads when the next file
 * to merge is not ready yet.
 */
int load_read_all(struct loader *ld,
                  struct job *jobs,
                  size_t njobs,
                  const lsn_org *org,
                  const lsn_load_options *opts)
{
    int rc = LSN_OK;
    struct reader r;
    memset(&r, 0, sizeof(r));
    r.jobs = jobs;
    r.njobs = njobs;
    r.org = org;
    r.tz = ld->tz;
    r.zones = ld->set.zonecache;
    r.libical_only = opts->libical_only;
    int nthreads = thread_count(opts, njobs);
    r.ahead = 64 * (size_t)nthreads;
    r.window = prefetch_window();
    r.next_presize = 8;
    struct worker workers[LSN_LOAD_MAX_THREADS];
    int nworkers = 0;
    struct thread_scratch scratch = {NULL, {NULL, 0, 0}};
    if (pthread_mutex_init(&r.lock, NULL) != 0) {
        return lsn_error_set(LSN_ENOMEM, "cannot create a mutex");
    }
    if (pthread_cond_init(&r.cond, NULL) != 0) {
        pthread_mutex_destroy(&r.lock);
        return lsn_error_set(LSN_ENOMEM, "cannot create a condition variable");
    }
    if ((rc = lsn_ics_scratch_new(&scratch.ics, opts->libical_only)) != LSN_OK) {
        goto cleanup;
    }
    lsn_ics_scratch_share_zones(scratch.ics, ld->tzshare);
    if (nthreads > 1) {
        /* What libraries set up once for the whole process, before threads
         * use them: libical's list of builtin zones, jansson's hash seed. */
        icaltimezone_get_builtin_timezones();
        json_object_seed(0);
    }
    for (int i = 0; i < nthreads - 1; i++) {
        workers[nworkers].reader = &r;
        memset(&workers[nworkers].scratch, 0, sizeof(workers[nworkers].scratch));
        if (lsn_ics_scratch_new(&workers[nworkers].scratch.ics, opts->libical_only) != LSN_OK) {
            break; /* fewer threads, same result */
        }
        lsn_ics_scratch_share_zones(workers[nworkers].scratch.ics, ld->tzshare);
        if (pthread_create(&workers[nworkers].thread, NULL, worker_main, &workers[nworkers]) != 0) {
            lsn_ics_scratch_free(workers[nworkers].scratch.ics);
            break;
        }
        nworkers++;
    }
    if (opts->profile != NULL) {
        opts->profile->threads = nworkers + 1;
    }
    pthread_mutex_lock(&r.lock);
    while (r.merged < njobs) {
        struct job *j = &jobs[r.merged];
        size_t i;
        if (j->done) {
            pthread_mutex_unlock(&r.lock);
            progress(opts, r.merged, njobs, false);
            ld->bytes += (int64_t)j->bytes;
            if (opts->profile != NULL) {
                opts->profile->bytes += (int64_t)j->bytes;
            }
            presize(ld, &r);
            rc = merge_job(ld, j);
            bool keep = j->has_set;
            lsn_rawset set = j->set;
            if (keep) {
                lsn_rawset_clear(&set);
                j->has_set = false;
            }
            job_clear(j);
            pthread_mutex_lock(&r.lock);
            if (keep && r.npool < POOL_SETS) {
                r.pool[r.npool++] = set;
            } else if (keep) {
                lsn_rawset_destroy(&set);
            }
            r.merged++;
            pthread_cond_broadcast(&r.cond); /* the window moved */
            if (rc != LSN_OK) {
                break;
            }
        } else if (claim(&r, &i)) {
            read_claimed(&r, i, &scratch);
        } else {
            pthread_cond_wait(&r.cond, &r.lock);
        }
    }
    r.stop = true;
    pthread_cond_broadcast(&r.cond);
    pthread_mutex_unlock(&r.lock);
    if (rc == LSN_OK) {
        progress(opts, njobs, njobs, true);
    }
cleanup:
    for (int i = 0; i < nworkers; i++) {
        pthread_join(workers[i].thread, NULL);
    }
    int64_t fast, slow;
    if (scratch.ics != NULL) {
        lsn_ics_scratch_counts(scratch.ics, &fast, &slow);
        r.fast += fast;
        r.libical += slow;
    }
    for (int i = 0; i < nworkers; i++) {
        lsn_ics_scratch_counts(workers[i].scratch.ics, &fast, &slow);
        r.fast += fast;
        r.libical += slow;
        lsn_ics_scratch_free(workers[i].scratch.ics);
        free(workers[i].scratch.file.data);
    }
    lsn_ics_scratch_free(scratch.ics);
    free(scratch.file.data);
    if (opts->profile != NULL) {
        opts->profile->vevents_fast = r.fast;
        opts->profile->vevents_libical = r.libical;
    }
    /* Jobs a stopped load never merged, and files it opened ahead. */
    for (size_t i = 0; i < njobs; i++) {
        job_clear(&jobs[i]);
        int fd = take_ahead(&jobs[i]);
        if (fd >= 0) {
            close(fd);
        }
    }
    for (size_t i = 0; i < r.npool; i++) {
        lsn_rawset_destroy(&r.pool[i]);
    }
    pthread_cond_destroy(&r.cond);
    pthread_mutex_destroy(&r.lock);
    return rc;
}
