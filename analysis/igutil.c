/*
 * analysis/igutil.c — igraph error and warning handlers, error translation
 * and seeding. It does not build graphs.
 */
#include "analysis/igutil.h"

#include "io/error.h"

#include <pthread.h>
#include <stdio.h>

/* The first non-empty reason since lsn_igutil_begin(): IGRAPH_CHECK re-raises
 * an error with an empty reason at every level it passes through. */
static _Thread_local char reason_text[512];

static void record_error(const char *reason, const char *file, int line, igraph_error_t code)
{
    (void)file;
    (void)line;
    (void)code;
    if (reason_text[0] == '\0' && reason != NULL && reason[0] != '\0') {
        snprintf(reason_text, sizeof(reason_text), "%s", reason);
    }
    /* igraph expects the handler to free the temporaries of the current level
     * and return; it then unwinds level by level. */
    IGRAPH_FINALLY_FREE();
}

static void route_warning(const char *reason, const char *file, int line)
{
    (void)file;
    (void)line;
    lsn_warn("igraph: %s", reason);
}

/* igraph keeps its error handlers, its stack of temporaries, its random
 * generator and its attribute table in globals: one thread at a time may
 * run igraph, the one holding this lock (recursive: scopes nest). */
static pthread_mutex_t igraph_lock;
static pthread_once_t igraph_lock_once = PTHREAD_ONCE_INIT;

static void igraph_lock_init(void)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&igraph_lock, &attr);
    pthread_mutexattr_destroy(&attr);
}

void lsn_igutil_begin(lsn_igutil_scope *scope)
{
    pthread_once(&igraph_lock_once, igraph_lock_init);
    pthread_mutex_lock(&igraph_lock);
    reason_text[0] = '\0';
    scope->old_error = igraph_set_error_handler(record_error);
    scope->old_warning = igraph_set_warning_handler(route_warning);
}

void lsn_igutil_end(lsn_igutil_scope *scope)
{
    igraph_set_error_handler(scope->old_error);
    igraph_set_warning_handler(scope->old_warning);
    pthread_mutex_unlock(&igraph_lock);
}

int lsn_igutil_error(igraph_error_t code, const char *what)
{
    const char *reason = reason_text[0] != '\0' ? reason_text : igraph_strerror(code);
    int lsn = code == IGRAPH_ENOMEM ? LSN_ENOMEM : LSN_EINTERNAL;
    return lsn_error_set(lsn, "igraph: %s: %s", what, reason);
}

void lsn_igutil_seed(void)
{
    igraph_rng_seed(igraph_rng_default(), LSN_IGRAPH_SEED);
}
