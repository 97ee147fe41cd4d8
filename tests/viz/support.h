/*
 * tests/viz/support.h — one hand-built run for the tests of report.json,
 * findings.csv, the summary and --min-group (test_report.c,
 * test_privacy.c), and a temporary folder. Every helper fails the running
 * cmocka test on error.
 *
 * The run: under the root co, teams eng (a, b, c, d), product (p1, p2, p3)
 * and smallteam (s1, s2); eng needs moderate context from product, product
 * deep context from smallteam. One week. a sits in product's sync on four
 * days (a liaison link); everyone meets at "review" twice. Its findings are
 * written by hand (viz_run_begin lists them), so each test knows their
 * subjects, metrics and sentences.
 */
#ifndef LSN_TESTS_VIZ_SUPPORT_H
#define LSN_TESTS_VIZ_SUPPORT_H

#include "../analysis/support.h"

#include "analysis/finding.h"
#include "analysis/proposal.h"
#include "viz/report.h"

typedef struct viz_run {
    support_world w;
    lsn_findings *findings; /* sorted, as the passes would leave them */
    lsn_proposal *proposal;
    lsn_findings *published; /* viz_run_publish() */
    lsn_withheld withheld;
} viz_run;

/** The run above (see the comment of tests/viz/support.c for its findings). */
void viz_run_begin(viz_run *r);

/** Publish the findings under min_group (published, withheld). */
void viz_run_publish(viz_run *r, int32_t min_group);

/** The report of the run: the published findings when there are some. */
lsn_report viz_run_report(const viz_run *r, int32_t min_group);

void viz_run_end(viz_run *r);

/** A file's bytes, NUL-terminated (malloc'd). */
char *viz_slurp(const char *path);

/** viz_tmp + "/" + name into out. */
void viz_path(char *out, size_t size, const char *name);

/** The test folder, made by viz_setup and removed by viz_teardown (group fixtures). */
extern char viz_tmp[256];
int viz_setup(void **state);
int viz_teardown(void **state);

#endif
