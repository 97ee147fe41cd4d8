/*
 * tests/fuzz/fuzz_load.c — the whole calendar load path, lsn_calendar_load
 * (io/load.c): reading and Latin-1 conversion, format sniffing (iCalendar,
 * Graph JSON, Outlook CSV), the window, recurrence expansion, the merge of
 * copies across mailboxes and the accounting, against the fixed roster.
 *
 * The input: optional option lines first, each starting with '%' --
 * "%from=YYYY-MM-DD", "%to=YYYY-MM-DD", "%tz=ZONE", "%libical" (every VEVENT
 * through libical) -- then up to four calendar files separated by the line
 * "====". One file is loaded by its path (named: a file that is not a
 * calendar is an error); several are written into a folder that is loaded
 * (one mailbox each: copies of one meeting merge across them). A load that
 * succeeds must keep the accounting the SPEC promises (read == used +
 * skipped, instances inside the window, sorted, ...); a load that fails
 * must return a documented code with a message.
 */
#include "fuzz.h"

#include "io/error.h"
#include "io/load.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_FILES 4

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_init();
    fuzz_roster();
    if (mkdir(fuzz_path("load"), 0700) != 0) {
        perror("fuzz: mkdir");
        abort();
    }
    return 0;
}

static void fail(const char *what)
{
    fprintf(stderr, "fuzz: loaded calendar breaks its contract: %s\n", what);
    abort();
}

/* What test_corpus.c checks on every file of the shared corpus. */
static void check_calendar(const lsn_calendar *cal, const lsn_org *org, size_t nwritten)
{
    const lsn_input_stats *st = lsn_calendar_stats(cal);
    int64_t skipped = 0;
    for (int k = 0; k < LSN_SKIP_COUNT; k++) {
        if (st->skipped[k] < 0) {
            fail("a negative skip count");
        }
        skipped += st->skipped[k];
    }
    if (st->read != st->used + skipped) {
        fail("read != used + skipped");
    }
    size_t ninst, nseries, nparts, nfiles, npeople;
    const lsn_instance *in = lsn_calendar_instances(cal, &ninst);
    const lsn_series *series = lsn_calendar_series(cal, &nseries);
    const lsn_participant *parts = lsn_calendar_participants(cal, &nparts);
    const int32_t *present = lsn_calendar_present(cal);
    lsn_calendar_files(cal, &nfiles);
    lsn_org_people(org, &npeople);
    if (st->used != (int64_t)ninst) {
        fail("used != instances");
    }
    if (st->files != (int64_t)nfiles || nfiles > nwritten) {
        fail("files");
    }
    if (st->duplicates_merged < 0 || st->vevents < 0) {
        fail("negative duplicates or vevents");
    }
    const lsn_window *w = lsn_calendar_window(cal);
    if (w->from >= w->to) {
        fail("an empty window");
    }
    if (nparts < npeople) {
        fail("fewer participants than people");
    }
    int64_t unknown = 0, external = 0, groups = 0;
    for (size_t p = npeople; p < nparts; p++) {
        if (parts[p].person != -1) {
            fail("a participant after the roster is a person");
        }
        unknown += parts[p].kind == LSN_P_UNKNOWN;
        external += parts[p].kind == LSN_P_EXTERNAL;
        groups += parts[p].kind == LSN_P_GROUP;
    }
    if (st->unknown != unknown || st->external != external || st->groups != groups) {
        fail("participant kinds do not add up");
    }
    if (st->people_present < 0 || (size_t)st->people_present > npeople) {
        fail("people_present");
    }
    for (size_t i = 0; i < ninst; i++) {
        if (in[i].series < 0 || (size_t)in[i].series >= nseries) {
            fail("an instance of no series");
        }
        if (in[i].start < w->from || in[i].start >= w->to) {
            fail("an instance outside the window");
        }
        if (in[i].duration <= 0 || in[i].count < 2) {
            fail("an instance that is not a meeting");
        }
        if (in[i].organizer < -1 || in[i].organizer >= (int32_t)nparts) {
            fail("an organizer out of range");
        }
        for (uint32_t k = 0; k < in[i].count; k++) {
            int32_t p = present[in[i].first + k];
            if (p < 0 || (size_t)p >= nparts || (k > 0 && present[in[i].first + k - 1] >= p)) {
                fail("present participants out of range or not sorted");
            }
        }
        if (i > 0 && !(in[i - 1].series < in[i].series ||
                       (in[i - 1].series == in[i].series &&
                        in[i - 1].original_start <= in[i].original_start))) {
            fail("instances not sorted");
        }
    }
    for (size_t s = 0; s < nseries; s++) {
        if (series[s].uid == NULL || series[s].summary == NULL) {
            fail("a series without uid or summary");
        }
    }
}

/* Read "%key=value" lines off the front of the input into opts. */
static size_t
read_options(const uint8_t *data, size_t size, lsn_load_options *opts, char value[3][64])
{
    size_t at = 0;
    while (at < size && data[at] == '%') {
        const uint8_t *nl = memchr(data + at, '\n', size - at);
        size_t end = nl != NULL ? (size_t)(nl - data) : size;
        char line[80];
        size_t n = end - at < sizeof(line) - 1 ? end - at : sizeof(line) - 1;
        memcpy(line, data + at, n);
        line[n] = '\0';
        static const char *const keys[3] = {"%from=", "%to=", "%tz="};
        for (int k = 0; k < 3; k++) {
            size_t kl = strlen(keys[k]);
            if (strncmp(line, keys[k], kl) == 0) {
                snprintf(value[k], 64, "%s", line + kl);
            }
        }
        if (strcmp(line, "%libical") == 0) {
            opts->libical_only = true;
        }
        at = nl != NULL ? end + 1 : size;
    }
    opts->from = value[0][0] ? value[0] : NULL;
    opts->to = value[1][0] ? value[1] : NULL;
    opts->tz = value[2][0] ? value[2] : NULL;
    return at;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int allowed[] = {LSN_EIO, LSN_EPARSE, LSN_EINVAL, LSN_ENOMEM, 0};
    fuzz_reset();
    lsn_load_options opts = LSN_LOAD_OPTIONS_INIT;
    char value[3][64] = {"", "", ""};
    size_t at = read_options(data, size, &opts, value);
    opts.threads = 1; /* no thread per input; the result is the same whatever the number */

    const uint8_t *part[MAX_FILES];
    size_t plen[MAX_FILES];
    size_t n = fuzz_split(data + at, size - at, part, plen, MAX_FILES);
    char name[32];
    for (size_t i = 0; i < MAX_FILES; i++) {
        snprintf(name, sizeof(name), "load/mailbox%zu.ics", i);
        if (i < n) {
            fuzz_write(name, part[i], plen[i]);
        } else {
            fuzz_remove(name);
        }
    }
    const char *path = n == 1 ? fuzz_path("load/mailbox0.ics") : fuzz_path("load");
    const lsn_org *org = fuzz_roster();
    lsn_calendar *cal = NULL;
    int rc = lsn_calendar_load(&cal, org, &path, 1, &opts);
    fuzz_check_rc("lsn_calendar_load", rc, allowed);
    if (rc == LSN_OK) {
        check_calendar(cal, org, n);
    } else if (cal != NULL) {
        fail("a calendar returned with an error");
    }
    lsn_calendar_free(cal);
    return 0;
}
