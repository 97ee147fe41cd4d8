/*
 * io/error.h — error codes, the last error message, and warnings.
 *
 * A fallible function returns 0 or a negative LSN_E* code. The function that
 * fails writes one message with lsn_error_set(); callers pass the code up and
 * keep the message. Warnings (a skipped event, a recovered quirk) go through
 * lsn_warn() to a handler the program installs.
 */
#ifndef LSN_IO_ERROR_H
#define LSN_IO_ERROR_H

#include <stdarg.h>

#define LSN_OK 0
#define LSN_ENOMEM (-1)    /* out of memory */
#define LSN_EIO (-2)       /* a file cannot be read or written */
#define LSN_EPARSE (-3)    /* input that cannot be used: bad syntax or content */
#define LSN_EINVAL (-4)    /* an invalid argument or option value */
#define LSN_ENOTFOUND (-5) /* a named thing does not exist */
#define LSN_EINTERNAL (-6) /* a bug or a third-party library failure */

#if defined(__GNUC__)
#define LSN_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define LSN_PRINTF(fmt, args)
#endif

/**
 * Record the message of the current error for this thread.
 *
 * @param code the LSN_E* code to return
 * @param fmt  printf-style message without the "liaison: " prefix, such as
 *             "people.csv:12: missing team"
 * @return code, so that `return lsn_error_set(LSN_EPARSE, ...)` reads well.
 */
int lsn_error_set(int code, const char *fmt, ...) LSN_PRINTF(2, 3);

/**
 * Record "out of memory" as the message of the current error: the one
 * spelling of an allocation failure, for every function that fails with
 * LSN_ENOMEM.
 *
 * @return LSN_ENOMEM, so that `return lsn_oom();` reads well.
 */
int lsn_oom(void);

/** The last message recorded on this thread; borrowed, never NULL ("" when none). */
const char *lsn_error_last(void);

/** Forget the last message. */
void lsn_error_clear(void);

/** A short name for an LSN_E* code ("out of memory", ...); never NULL. */
const char *lsn_error_name(int code);

/** Receives one formatted warning line (no prefix, no newline). */
typedef void (*lsn_warn_fn)(void *ud, const char *message);

/**
 * Install the warning handler for the whole process; NULL restores the
 * default, which prints "liaison: warning: MESSAGE" to standard error.
 * The handler may be called from several threads at once; the default one
 * writes each line with a single call.
 */
void lsn_warn_set_handler(lsn_warn_fn fn, void *ud);

/**
 * Route the warnings of the calling thread only to fn (NULL: back to the
 * process handler). A loader that parses files on worker threads captures
 * each file's warnings this way and replays them in path order, so that the
 * process handler sees the same lines in the same order whatever the number
 * of threads.
 */
void lsn_warn_set_thread_handler(lsn_warn_fn fn, void *ud);

/** Emit one warning through the installed handler. */
void lsn_warn(const char *fmt, ...) LSN_PRINTF(1, 2);

/** Emit one warning from a va_list. */
void lsn_vwarn(const char *fmt, va_list ap);

#endif
