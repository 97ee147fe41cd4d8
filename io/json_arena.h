/*
 * io/json_arena.h — where jansson's memory comes from: a region per scope
 * for the trees that are built, written and dropped (most of report.json),
 * ordinary malloc() for everything else.
 *
 * Writing a report builds and frees several hundred thousand small jansson
 * values (an object, its hash table and its pairs, each string twice) per
 * run, a third of them per person; through malloc() that is a tenth of
 * compare's instructions. In a scope the same values are carved one after
 * another from a region that is reused as a whole once they are all freed.
 */
#ifndef LSN_IO_JSON_ARENA_H
#define LSN_IO_JSON_ARENA_H

#include <stdbool.h>
#include <stddef.h>

/**
 * Make jansson allocate through this module (json_set_alloc_funcs). For a
 * program, not a library: call once from main() before any jansson value
 * exists (lsn_process_setup() does). Without it scopes change nothing.
 * @return false when the address range could not be reserved: then
 * nothing is changed.
 */
bool lsn_json_arena_install(void);

/** A scope (lsn_json_arena_begin); opaque. */
typedef struct lsn_json_scope {
    int slot; /* the region, or -1 when the scope changes nothing */
} lsn_json_scope;

/**
 * Until lsn_json_arena_end(), the jansson values this thread makes come
 * from one region, and freeing them costs a counter. A scope opened while
 * another is open on the thread (or with no region free, or without
 * lsn_json_arena_install()) changes nothing: the open one holds.
 */
void lsn_json_arena_begin(lsn_json_scope *s);

/**
 * Close the scope. Every value made in it must have been freed
 * (json_decref) by now; the region is then reused by the next scope. A
 * value still alive is never freed under its holder: its region is set
 * aside for good, and counted (lsn_json_arena_escapes()).
 */
void lsn_json_arena_end(lsn_json_scope *s);

/**
 * Within an open scope, when every value made in it has been freed, start
 * the region again from its beginning (a loop that builds, writes and frees
 * one value a turn then reuses the same memory). Otherwise nothing.
 */
void lsn_json_arena_recycle(lsn_json_scope *s);

/**
 * Values this thread makes from now on outlive the scope (ordinary
 * malloc()) until lsn_json_arena_resume() with what this returned.
 */
int lsn_json_arena_pause(void);

/** Undo lsn_json_arena_pause(). */
void lsn_json_arena_resume(int paused);

/** Regions set aside because a value outlived its scope, since the start. */
size_t lsn_json_arena_escapes(void);

#endif
