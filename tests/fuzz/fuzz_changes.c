/*
 * tests/fuzz/fuzz_changes.c — lsn_changes_load (io/changes.c over the CSV
 * reader io/csvtable.c) against a fixed small world, and every change list
 * that loads applied (analysis/whatif.c: lsn_whatif_apply, which edits the
 * calendar by index or rebuilds it with a new roster) and analyzed again.
 * The world is the one of tests/io/test_changes.c, whose fixtures are the
 * seeds: a, b, c (team eng) and d (team pm) at x.example; "eng-standup"
 * (a b c, four times) and "pm-sync" (c d, once).
 */
#include "fuzz.h"

#include "analysis/whatif.h"
#include "io/changes.h"
#include "io/error.h"

#include <stdio.h>
#include <stdlib.h>

static lsn_org *org;
static lsn_calendar *cal;
static lsn_analysis *base;

static void must(int rc, const char *what)
{
    if (rc != LSN_OK) {
        fprintf(stderr, "fuzz: %s: %s\n", what, lsn_error_last());
        abort();
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_init();
    static const char *const rows[][2] = {{"a@x.example", "eng"},
                                          {"b@x.example", "eng"},
                                          {"c@x.example", "eng"},
                                          {"d@x.example", "pm"}};
    must(lsn_org_new(&org), "org");
    for (int i = 0; i < 4; i++) {
        lsn_person_row row = {.email = rows[i][0], .team = rows[i][1], .at.line = i + 2};
        must(lsn_org_add_person(org, &row), "person");
    }
    must(lsn_org_finish(org), "finish");
    lsn_window win = {.from = 1704067200, .to = 1704067200 + 14 * 86400};
    must(lsn_calendar_new(&cal, org, &win), "calendar");
    const char *eng[] = {"a@x.example", "b@x.example", "c@x.example"};
    const char *pm[] = {"c@x.example", "d@x.example"};
    lsn_instance_spec standup = {.uid = "eng-standup",
                                 .duration = 900,
                                 .organizer = "a@x.example",
                                 .present = eng,
                                 .npresent = 3};
    for (int d = 0; d < 4; d++) {
        standup.start = standup.original_start = win.from + d * 86400;
        must(lsn_calendar_add_instance(cal, &standup), "instance");
    }
    lsn_instance_spec sync = {.uid = "pm-sync", .duration = 1800, .present = pm, .npresent = 2};
    sync.start = sync.original_start = win.from + 3600;
    must(lsn_calendar_add_instance(cal, &sync), "instance");
    must(lsn_calendar_finish(cal), "finish");
    lsn_calendar_stats_mut(cal)->read = 5; /* as a loader counts: every instance used */
    must(lsn_analysis_build(&base, cal, NULL), "analysis");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int allowed[] = {LSN_EIO, LSN_EPARSE, LSN_ENOMEM, 0};
    fuzz_reset();
    const char *path = fuzz_write("changes.csv", data, size);
    lsn_changes list;
    int rc = lsn_changes_load(&list, path, cal);
    fuzz_check_rc("lsn_changes_load", rc, allowed);
    if (rc != LSN_OK) {
        if (list.count != 0 || list.items != NULL) {
            fprintf(stderr, "fuzz: changes kept with an error\n");
            abort();
        }
        return 0;
    }
    lsn_whatif w;
    must(lsn_whatif_apply(&w, base, list.items, list.count), "lsn_whatif_apply");
    const lsn_input_stats *st = lsn_calendar_stats(w.cal);
    int64_t skipped = 0;
    for (int k = 0; k < LSN_SKIP_COUNT; k++) {
        skipped += st->skipped[k];
    }
    if (st->read != st->used + skipped) {
        fprintf(stderr, "fuzz: read != used + skipped after the changes\n");
        abort();
    }
    if (st->used > 0) {
        lsn_analysis *after = NULL;
        must(lsn_analysis_build(&after, w.cal, NULL), "lsn_analysis_build");
        lsn_analysis_free(after);
    }
    lsn_whatif_free(&w);
    lsn_changes_clear(&list);
    return 0;
}
