/*
 * tests/cli/support.h — what the end-to-end tests of compare, slices and
 * batch share: a scratch folder, running the `liaison` binary with its
 * output captured, and reading files back.
 */
#ifndef LSN_TESTS_CLI_SUPPORT_H
#define LSN_TESTS_CLI_SUPPORT_H

#include <stdbool.h>

/** The scratch folder of the test program (made by tcli_setup). */
extern char tcli_tmp[256];

/** A finished `liaison` run: exit status, stdout and stderr (malloc'd). */
typedef struct tcli_run {
    int status;
    char *out;
    char *err;
} tcli_run;

/** Make the scratch folder /tmp/lsn-NAME-XXXXXX; 0 on success. */
int tcli_setup(const char *name);

/** Remove the scratch folder; 0 on success. */
int tcli_teardown(void);

/** Run `liaison ARGS` (ARGS printf-formatted, passed through the shell). */
tcli_run tcli_liaison(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** Free the captured output. */
void tcli_run_free(tcli_run *r);

/** The whole file (malloc'd), or NULL when it cannot be read. */
char *tcli_slurp(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** Write text to a file under the scratch folder (name may contain '/'). */
void tcli_write(const char *name, const char *text);

/** True when the two files exist and have the same bytes. */
bool tcli_same_file(const char *a, const char *b);

/**
 * The finding type names in report order (analysis/finding_types.def), each
 * after prefix, joined by sep (malloc'd): the per-type columns and rows of
 * batch.csv, slices.csv and compare.csv, so a new type needs no test edit.
 */
char *tcli_type_names(const char *prefix, const char *sep);

/**
 * counts[0 .. LSN_FINDING_TYPES), indexed by lsn_finding_type, joined by sep
 * (malloc'd): a row's per-type counts. Written with designated initialisers
 * ({[LSN_FINDING_MISSING_LINK] = 1}), every type not named is 0.
 */
char *tcli_type_counts(const int *counts, const char *sep);

#endif
