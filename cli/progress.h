/*
 * cli/progress.h — the progress line on standard error: one line,
 * "liaison: [CONTEXT: ]PHASE[ DETAIL]", rewritten in place with '\r' and
 * erased at the end. It is drawn only when standard error is a terminal and
 * the command was not given --quiet; otherwise every call is a no-op.
 *
 * One line for the whole process: lsn_cli_warning() and lsn_cli_fail()
 * erase it before they print, and the next update draws it again. Counts and
 * shares are redrawn at most ten times a second; a new phase at once.
 */
#ifndef LSN_CLI_PROGRESS_H
#define LSN_CLI_PROGRESS_H

#include "io/error.h"

#include <stdbool.h>
#include <stddef.h>

/** Start drawing when on is true and standard error is a terminal. */
void lsn_progress_begin(bool on);

/** What the phases belong to ("merged (2/4)"), shown before them; NULL for nothing. */
void lsn_progress_context(const char *fmt, ...) LSN_PRINTF(1, 2);

/** A new phase, in words a user understands ("computing roles"). name is copied. */
void lsn_progress_phase(const char *name);

/** done of total in the current phase ("reading calendars 250/1000"). */
void lsn_progress_count(size_t done, size_t total);

/** lsn_progress_count() drawn at once, for steps that are few and slow (batch rows). */
void lsn_progress_count_now(size_t done, size_t total);

/** A share 0..1 of the current phase ("computing roles 45%"). */
void lsn_progress_share(double share);

/** A word after the current phase ("drawing the diagrams: teams.svg"); copied. */
void lsn_progress_detail(const char *detail);

/** Erase the line, if one is shown; the next update draws it again. */
void lsn_progress_clear(void);

/** Erase the line and stop drawing (call before printing the results). */
void lsn_progress_end(void);

/**
 * In a forked child that must not draw (the parent owns the line): stop
 * drawing, but keep erasing the parent's line before a warning.
 */
void lsn_progress_child(void);

/** lsn_calendar_load()'s on_progress: a stage and done of total. */
void lsn_progress_load(void *ud, const char *stage, size_t done, size_t total);

/** lsn_run_options' progress: a phase of the analysis run begins. */
void lsn_progress_run(void *ud, const char *phase);

/** lsn_roles_compute()'s callback: the part under way, a share of it. */
void lsn_progress_roles(void *ud, const char *part, double share);

/** lsn_dot_options' progress: the file being drawn. */
void lsn_progress_dot(void *ud, const char *file);

#endif
