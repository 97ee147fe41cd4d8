/*
 * tests/fuzz/fuzz.h — what the libFuzzer harnesses of tests/fuzz share
 * (support.c): a private temporary folder for readers that take a path,
 * the fixed roster of the calendar harnesses, a warning sink, the reset
 * every input starts from, and the checks every harness makes on a result.
 *
 * Each harness defines LLVMFuzzerInitialize and LLVMFuzzerTestOneInput; it
 * is linked either with libFuzzer (-fsanitize=fuzzer, LSN_FUZZ=ON) or with
 * replay.c, a main that runs it on every file of the folders it is given.
 */
#ifndef LSN_TESTS_FUZZ_H
#define LSN_TESTS_FUZZ_H

#include "io/model.h"

#include <libical/ical.h>

#include <stddef.h>
#include <stdint.h>

/* The entry points of a harness (libFuzzer's names). */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/** The line that separates the files of one input (roster and load harnesses). */
#define FUZZ_SEPARATOR "\n====\n"

/**
 * Called once from LLVMFuzzerInitialize: makes the temporary folder (under
 * $TMPDIR, removed at exit), installs the warning sink and makes libical's
 * errors non-fatal, as `liaison` does.
 */
void fuzz_init(void);

/** Before each input: forget the last error message and libical's errno. */
void fuzz_reset(void);

/**
 * The zone of floating times of the calendar harnesses, Europe/Berlin (so
 * that DST gaps and folds are reachable). Aborts without tzdata.
 */
const icaltimezone *fuzz_floating(void);

/**
 * Write len bytes to NAME in the temporary folder (replacing it) and
 * return its path (a static buffer per name slot: valid until the next
 * call with the same name). Aborts when the file cannot be written.
 */
const char *fuzz_write(const char *name, const uint8_t *data, size_t len);

/** Remove NAME from the temporary folder if it is there. */
void fuzz_remove(const char *name);

/** The path of NAME (or of the folder itself when name is NULL) in the temporary folder. */
const char *fuzz_path(const char *name);

/**
 * The input as a NUL-terminated UTF-8 string, as io/load.c hands a file to
 * the parsers: valid UTF-8 is copied, anything else is read as Latin-1.
 * Returns malloc'd text (the caller frees it); aborts when out of memory.
 */
char *fuzz_text(const uint8_t *data, size_t len, size_t *outlen);

/**
 * Split data at FUZZ_SEPARATOR into at most max parts (the last part keeps
 * any further separators). Returns the number of parts (at least 1).
 */
size_t fuzz_split(const uint8_t *data, size_t len, const uint8_t **part, size_t *plen, size_t max);

/**
 * The fixed roster of the calendar harnesses (people only, no teams):
 * the addresses the seeds use (the corpus's example.com people, the test
 * fixtures' acme.example ones, a few people of the sample), loaded once.
 */
const lsn_org *fuzz_roster(void);

/**
 * The contract every reader keeps on a result: LSN_OK, or one of the codes
 * in allowed (a 0-terminated list of negative codes) with a non-empty
 * message. Anything else aborts with the code and the message.
 */
void fuzz_check_rc(const char *what, int rc, const int *allowed);

#endif
