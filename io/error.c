/*
 * io/error.c — the per-thread last error message and the warning sink.
 * It formats and stores; it never prints errors (the CLI does that once).
 */
#include "io/error.h"

#include <stdio.h>
#include <string.h>

static _Thread_local char last_message[1024];

static lsn_warn_fn warn_handler;
static void *warn_ud;
static _Thread_local lsn_warn_fn thread_handler;
static _Thread_local void *thread_ud;

int lsn_error_set(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_message, sizeof(last_message), fmt, ap);
    va_end(ap);
    return code;
}

int lsn_oom(void)
{
    return lsn_error_set(LSN_ENOMEM, "out of memory");
}

const char *lsn_error_last(void)
{
    return last_message;
}

void lsn_error_clear(void)
{
    last_message[0] = '\0';
}

const char *lsn_error_name(int code)
{
    switch (code) {
    case LSN_OK:
        return "success";
    case LSN_ENOMEM:
        return "out of memory";
    case LSN_EIO:
        return "input/output error";
    case LSN_EPARSE:
        return "unusable input";
    case LSN_EINVAL:
        return "invalid argument";
    case LSN_ENOTFOUND:
        return "not found";
    default:
        return "internal error";
    }
}

void lsn_warn_set_handler(lsn_warn_fn fn, void *ud)
{
    warn_handler = fn;
    warn_ud = ud;
}

void lsn_warn_set_thread_handler(lsn_warn_fn fn, void *ud)
{
    thread_handler = fn;
    thread_ud = ud;
}

void lsn_vwarn(const char *fmt, va_list ap)
{
    char line[1200];
    vsnprintf(line, sizeof(line), fmt, ap);
    if (thread_handler != NULL) {
        thread_handler(thread_ud, line);
        return;
    }
    if (warn_handler != NULL) {
        warn_handler(warn_ud, line);
        return;
    }
    /* One fprintf per line so that lines from parallel loaders do not mix. */
    fprintf(stderr, "liaison: warning: %s\n", line);
}

void lsn_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lsn_vwarn(fmt, ap);
    va_end(ap);
}
