/*
 * analysis/igutil.c — igraph error and warning handlers, error translation
 * and seeding. It does not build graphs.
 */
#include "analysis/igutil.h"

#include "io/error.h"

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

void lsn_igutil_begin(lsn_igutil_scope *scope)
{
    reason_text[0] = '\0';
    scope->old_error = igraph_set_error_handler(record_error);
    scope->old_warning = igraph_set_warning_handler(route_warning);
}

void lsn_igutil_end(lsn_igutil_scope *scope)
{
    igraph_set_error_handler(scope->old_error);
    igraph_set_warning_handler(scope->old_warning);
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
