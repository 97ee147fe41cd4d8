/*
 * tests/io/test_corpus.c — lsn_calendar_load() on every third-party file
 * of the shared corpus (../shared/corpus/{ics,malformed,outlook-csv,
 * graph-json}, see SOURCES.md there), one file at a time, with a small
 * roster (fixtures/corpus-people.csv). Each file either loads with
 * consistent accounting (read == used + skipped, used == instances, sane
 * instances) or is refused with an error code and a message naming the
 * file; never a crash (this suite runs under ASan/UBSan too). The numbers
 * loaded/refused per folder are asserted so that a regression shows.
 */
#include "io/load.h"

#include "io/error.h"
#include "io/model.h"
#include "io/roster.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CORPUS LSN_SHARED_DIR "/corpus"

static lsn_org *org;

/* The calendar being checked; freed by teardown() if an assertion fails. */
static lsn_calendar *current;

static int teardown(void **state)
{
    (void)state;
    lsn_calendar_free(current);
    current = NULL;
    return 0;
}

/* Warnings: counted, and the ones that do not name the file are kept. */
static struct {
    const char *path; /* the file being loaded */
    int count;
    int unnamed;
    char first_unnamed[512];
} warnings;

static void capture_warning(void *ud, const char *message)
{
    (void)ud;
    warnings.count++;
    assert_non_null(message);
    assert_true(message[0] != '\0');
    if (warnings.path != NULL && strstr(message, warnings.path) == NULL) {
        if (warnings.unnamed++ == 0) {
            snprintf(warnings.first_unnamed, sizeof(warnings.first_unnamed), "%s", message);
        }
    }
}

static int group_setup(void **state)
{
    (void)state;
    struct stat st;
    if (stat(CORPUS, &st) != 0 || !S_ISDIR(st.st_mode)) {
        /* Fail loudly: a missing corpus must not pass vacuously. */
        fprintf(stderr, "test_io_corpus: the shared corpus %s is missing\n", CORPUS);
        return -1;
    }
    if (lsn_roster_load(&org, LSN_FIXTURES "/corpus-people.csv", NULL, NULL) != LSN_OK) {
        fprintf(stderr, "test_io_corpus: %s\n", lsn_error_last());
        return -1;
    }
    lsn_warn_set_handler(capture_warning, NULL);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    lsn_warn_set_handler(NULL, NULL);
    lsn_org_free(org);
    org = NULL;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular, non-hidden files of a corpus folder, full paths, sorted. */
static char **list_folder(const char *folder, size_t *count)
{
    char dir[1024];
    snprintf(dir, sizeof(dir), "%s/%s", CORPUS, folder);
    DIR *d = opendir(dir);
    if (d == NULL) {
        print_error("cannot open corpus folder %s\n", dir);
    }
    assert_non_null(d);
    char **paths = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        char path[2048];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            paths = realloc(paths, cap * sizeof(*paths));
            assert_non_null(paths);
        }
        paths[n] = strdup(path);
        assert_non_null(paths[n]);
        n++;
    }
    closedir(d);
    if (n > 1) {
        qsort(paths, n, sizeof(*paths), cmp_str);
    }
    *count = n;
    return paths;
}

static void free_list(char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(paths[i]);
    }
    free(paths);
}

/* Everything a loaded calendar must satisfy, whatever its input. */
static void check_calendar_totals(const lsn_calendar *cal)
{
    const lsn_input_stats *st = lsn_calendar_stats(cal);
    int64_t skipped = 0;
    for (int k = 0; k < LSN_SKIP_COUNT; k++) {
        assert_true(st->skipped[k] >= 0);
        skipped += st->skipped[k];
    }
    assert_int_equal(st->read, st->used + skipped);
    size_t ninst, nseries, nparts, nfiles;
    const lsn_instance *in = lsn_calendar_instances(cal, &ninst);
    const lsn_series *series = lsn_calendar_series(cal, &nseries);
    const lsn_participant *parts = lsn_calendar_participants(cal, &nparts);
    const int32_t *present = lsn_calendar_present(cal);
    lsn_calendar_files(cal, &nfiles);
    assert_int_equal(st->used, (int64_t)ninst);
    assert_int_equal(st->files, (int64_t)nfiles);
    assert_true(st->duplicates_merged >= 0);
    assert_true(st->vevents >= 0);

    const lsn_window *w = lsn_calendar_window(cal);
    assert_true(w->from < w->to);
    size_t npeople;
    lsn_org_people(org, &npeople);
    assert_true(nparts >= npeople);
    int64_t unknown = 0, external = 0, groups = 0;
    for (size_t p = npeople; p < nparts; p++) {
        assert_int_equal(parts[p].person, -1);
        unknown += parts[p].kind == LSN_P_UNKNOWN;
        external += parts[p].kind == LSN_P_EXTERNAL;
        groups += parts[p].kind == LSN_P_GROUP;
    }
    assert_int_equal(st->unknown, unknown);
    assert_int_equal(st->external, external);
    assert_int_equal(st->groups, groups);
    assert_true(st->people_present >= 0 && (size_t)st->people_present <= npeople);

    for (size_t i = 0; i < ninst; i++) {
        assert_true(in[i].series >= 0 && (size_t)in[i].series < nseries);
        assert_true(in[i].start >= w->from && in[i].start < w->to);
        assert_true(in[i].duration > 0);
        assert_true(in[i].count >= 2);
        assert_true(in[i].organizer >= -1 && in[i].organizer < (int32_t)nparts);
        for (uint32_t k = 0; k < in[i].count; k++) {
            int32_t p = present[in[i].first + k];
            assert_true(p >= 0 && (size_t)p < nparts);
            if (k > 0) {
                assert_true(present[in[i].first + k - 1] < p); /* sorted, no duplicate */
            }
        }
        if (i > 0) { /* sorted by (series, original start) */
            assert_true(in[i - 1].series < in[i].series ||
                        (in[i - 1].series == in[i].series &&
                         in[i - 1].original_start <= in[i].original_start));
        }
    }
    for (size_t s = 0; s < nseries; s++) {
        assert_non_null(series[s].uid);
        assert_non_null(series[s].summary);
    }
}

/* ... and, loaded from one file, names that file. */
static void check_calendar(const lsn_calendar *cal, const char *path)
{
    check_calendar_totals(cal);
    size_t nfiles;
    const char *const *files = lsn_calendar_files(cal, &nfiles);
    assert_int_equal(nfiles, 1);
    assert_string_equal(files[0], path);
}

struct tally {
    int loaded, refused;
    int unnamed_errors;   /* refusals whose message does not name the file */
    int unnamed_warnings; /* warnings that do not name the file */
    int64_t vevents;      /* summed over the files that loaded */
};

/* Load one file; return true when it loaded. */
static bool load_one(const char *path, const lsn_load_options *opts, struct tally *t)
{
    const char *paths[] = {path};
    lsn_calendar *cal = (lsn_calendar *)&warnings; /* must be reset */
    warnings.path = path;
    warnings.count = 0;
    warnings.unnamed = 0;
    lsn_error_clear();
    int rc = lsn_calendar_load(&cal, org, paths, 1, opts);
    const char *base = strrchr(path, '/') + 1;
    if (rc == LSN_OK) {
        assert_non_null(cal);
        current = cal;
        check_calendar(cal, path);
        const lsn_input_stats *st = lsn_calendar_stats(cal);
        print_message("  loaded  %-58s read %3lld used %3lld skipped %lld/%lld/%lld/%lld/%lld "
                      "dup %lld warnings %d [%s..%s]\n",
                      base, (long long)st->read, (long long)st->used, (long long)st->skipped[0],
                      (long long)st->skipped[1], (long long)st->skipped[2],
                      (long long)st->skipped[3], (long long)st->skipped[4],
                      (long long)st->duplicates_merged, warnings.count,
                      lsn_calendar_window(cal)->from_date, lsn_calendar_window(cal)->to_date);
        t->loaded++;
        t->vevents += st->vevents;
        lsn_calendar_free(cal);
        current = NULL;
    } else {
        const char *msg = lsn_error_last();
        print_message("  refused %-58s %s: %s\n", base, lsn_error_name(rc), msg);
        assert_true(rc < 0);
        assert_true(rc == LSN_EIO || rc == LSN_EPARSE || rc == LSN_EINVAL);
        assert_null(cal);
        assert_true(msg[0] != '\0');
        if (strstr(msg, path) == NULL) {
            print_message("    ^ the message does not name the file\n");
            t->unnamed_errors++;
        }
        t->refused++;
    }
    if (warnings.unnamed > 0) {
        print_message("    %d warning(s) not naming the file, e.g. \"%s\"\n", warnings.unnamed,
                      warnings.first_unnamed);
        t->unnamed_warnings += warnings.unnamed;
    }
    warnings.path = NULL;
    return rc == LSN_OK;
}

static struct tally run_folder(const char *folder, const lsn_load_options *opts)
{
    size_t n;
    char **paths = list_folder(folder, &n);
    struct tally t = {0, 0, 0, 0, 0};
    print_message("%s/ (%zu files)\n", folder, n);
    for (size_t i = 0; i < n; i++) {
        load_one(paths[i], opts, &t);
    }
    print_message("%s/: %d loaded, %d refused; %d errors and %d warnings not naming their file\n",
                  folder, t.loaded, t.refused, t.unnamed_errors, t.unnamed_warnings);
    assert_int_equal((size_t)(t.loaded + t.refused), n);
    free_list(paths, n);
    return t;
}

/*
 * Expected tallies; -1 = not asserted (printed only). Update these numbers
 * only after reading why a file moved from one column to the other.
 *
 * Default window (SPEC §1.5, derived from each file alone): a calendar with
 * no VEVENT that has a usable start gives nothing to derive a window from
 * and is refused:
 *   ics/: icalendar__rfc_7256_multi_value_parameters (2 VEVENTs, neither
 *         with DTSTART), icaljs__property_params (no VEVENT),
 *         nodeical__utf8-french-calendar (VTODOs only)                 -> 3
 *   malformed/: allenporter__invalid_quoted_params, icalendar__bom_calendar,
 *         icalendar__parsing_error_in_UTC_offset, icaljs__blank_line_mid,
 *         icaljs__tzid_with_gmt, libical__issue253 (no VEVENT),
 *         icalendar__big_bad_calendar (20 empty VEVENTs), plus the three
 *         that are not calendars at all: icalendar__fuzz_vtimezone_lone_cr
 *         (a bare VTIMEZONE), libical__recur-errors (bare VEVENTs, no
 *         VCALENDAR), msgraphdocs__..._trailing-comma.json (invalid JSON) -> 10
 * Wide explicit window: only the three non-calendars of malformed/ refuse.
 * outlook-csv/ and graph-json/ are checked file by file here, and counted
 * in test_corpus_outlook_csv_and_graph_json_load.
 */
struct expect {
    const char *folder;
    int files, loaded, refused;
};

static void run_expected(const struct expect *e, size_t n, const lsn_load_options *opts)
{
    /* Run every folder first, so that one failure does not hide the rest. */
    struct tally tallies[8];
    assert_true(n <= 8);
    for (size_t i = 0; i < n; i++) {
        tallies[i] = run_folder(e[i].folder, opts);
    }
    for (size_t i = 0; i < n; i++) {
        struct tally t = tallies[i];
        print_message("checking %s/\n", e[i].folder);
        assert_int_equal(t.loaded + t.refused, e[i].files);
        if (e[i].loaded >= 0) {
            assert_int_equal(t.loaded, e[i].loaded);
            assert_int_equal(t.refused, e[i].refused);
        }
        /* Every message must let the user find the input it is about. */
        assert_int_equal(t.unnamed_errors, 0);
        assert_int_equal(t.unnamed_warnings, 0);
    }
}

static const lsn_load_options *wide_window(void)
{
    static lsn_load_options opts = LSN_LOAD_OPTIONS_INIT;
    opts.from = "1995-01-01";
    opts.to = "2030-01-01";
    opts.tz = "Europe/Berlin";
    return &opts;
}

/* The default window: derived from each file's own DTSTAMPs (SPEC §1.5). */
static void test_corpus_every_file_loads_or_is_refused_default_window(void **state)
{
    (void)state;
    lsn_load_options opts = LSN_LOAD_OPTIONS_INIT;
    static const struct expect e[] = {
        {"ics", 70, 67, 3},
        {"malformed", 36, 26, 10},
        {"outlook-csv", 1, -1, -1},
        {"graph-json", 12, -1, -1},
    };
    run_expected(e, sizeof(e) / sizeof(e[0]), &opts);
}

/* A wide explicit window, in a zone with DST: every recurrence of the
 * corpus is expanded over decades. */
static void test_corpus_every_file_loads_or_is_refused_wide_window(void **state)
{
    (void)state;
    static const struct expect e[] = {
        {"ics", 70, 70, 0},
        {"malformed", 36, 33, 3},
        {"outlook-csv", 1, -1, -1},
        {"graph-json", 12, -1, -1},
    };
    run_expected(e, sizeof(e) / sizeof(e[0]), wide_window());
}

/*
 * SPEC §1.4 lists Outlook CSV and Microsoft Graph JSON beside iCalendar:
 * with an explicit window every file of these two folders is a calendar
 * that loads (backdrop__Yahoo.csv has Subject/Start Date/... columns and
 * all-day rows; every graph-json file is a Graph event, an array of events,
 * a {"value": [...]} page or an object of named events). The numbers of
 * instances were worked out by hand from the files:
 *   backdrop__Yahoo.csv: 15 rows, 10 all-day, 5 timed rows without
 *     attendees (too_few_people).
 *   msgraphdocs__beta_user-post-events_recurring_201.json: a weekly Monday
 *     master (Pacific Standard Time) from 2017-09-04 to endDate 2017-12-31:
 *     17 Mondays, organizer + 1 attendee, all used.
 *   msgraphdocs__v1_event-list-instances.json: 1 exception + 3 occurrences
 *     of a master that is not in the file, no attendees: 4 too_few_people.
 *   msgraphdocs__delta-query-events_removed.json: one @removed entry (not
 *     an event) and one event without attendees: 1 too_few_people.
 *   tekki-onedrive-perl__testevent_personal.json: an appointment (1), a
 *     meeting (1 used), a relativeMonthly first Monday from 2017-06-05 to
 *     2017-12-31 (7), a numbered weekday series of 5, an absoluteYearly
 *     all-day June 6 from 2016 to endDate 2018-06-04 (2 all_day): 16 read.
 * The JSON file with a trailing comma in malformed/ is refused with
 * "FILE:LINE: invalid JSON: ...".
 */
static void test_corpus_outlook_csv_and_graph_json_load(void **state)
{
    (void)state;
    static const struct expect e[] = {
        {"outlook-csv", 1, 1, 0},
        {"graph-json", 12, 12, 0},
    };
    run_expected(e, sizeof(e) / sizeof(e[0]), wide_window());

    static const struct {
        const char *file;
        int64_t read, used, all_day, too_few;
    } numbers[] = {
        {"outlook-csv/backdrop__Yahoo.csv", 15, 0, 10, 5},
        {"graph-json/msgraphdocs__beta_user-post-events_recurring_201.json", 17, 17, 0, 0},
        {"graph-json/msgraphdocs__v1_event-list-instances.json", 4, 0, 0, 4},
        {"graph-json/msgraphdocs__delta-query-events_removed.json", 1, 0, 0, 1},
        {"graph-json/tekki-onedrive-perl__testevent_personal.json", 16, 1, 2, 13},
    };
    for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
        char path[1024];
        snprintf(path, sizeof(path), "%s/%s", CORPUS, numbers[i].file);
        const char *one[] = {path};
        lsn_calendar *cal = NULL;
        print_message("numbers of %s\n", numbers[i].file);
        assert_int_equal(lsn_calendar_load(&cal, org, one, 1, wide_window()), LSN_OK);
        current = cal;
        const lsn_input_stats *st = lsn_calendar_stats(cal);
        assert_int_equal(st->read, numbers[i].read);
        assert_int_equal(st->used, numbers[i].used);
        assert_int_equal(st->skipped[LSN_SKIP_ALL_DAY], numbers[i].all_day);
        assert_int_equal(st->skipped[LSN_SKIP_TOO_FEW_PEOPLE], numbers[i].too_few);
        lsn_calendar_free(cal);
        current = NULL;
    }

    const char *bad[] = {CORPUS "/malformed/msgraphdocs__v1_user-post-events_trailing-comma.json"};
    lsn_calendar *cal = (lsn_calendar *)&warnings;
    lsn_error_clear();
    assert_int_equal(lsn_calendar_load(&cal, org, bad, 1, wide_window()), LSN_EPARSE);
    assert_null(cal);
    const char *msg = lsn_error_last();
    print_message("%s\n", msg);
    char want[1024];
    snprintf(want, sizeof(want), "%s:104: invalid JSON: ", bad[0]);
    assert_true(strncmp(msg, want, strlen(want)) == 0);
}

/* The whole corpus at once, as one run reads it: folders are read
 * recursively; non-calendars inside them are warnings, never errors. The
 * result agrees with the files loaded one by one: same files, same number
 * of source records. */
static void test_corpus_all_folders_in_one_load(void **state)
{
    (void)state;
    static const char *const folders[] = {"ics", "malformed", "outlook-csv", "graph-json"};
    const char *paths[] = {CORPUS "/ics", CORPUS "/malformed", CORPUS "/outlook-csv",
                           CORPUS "/graph-json"};
    const lsn_load_options *opts = wide_window();

    /* One by one, quietly. */
    int64_t files = 0, vevents = 0;
    for (size_t f = 0; f < 4; f++) {
        size_t n;
        char **list = list_folder(folders[f], &n);
        for (size_t i = 0; i < n; i++) {
            const char *one[] = {list[i]};
            lsn_calendar *cal = NULL;
            if (lsn_calendar_load(&cal, org, one, 1, opts) == LSN_OK) {
                files++;
                vevents += lsn_calendar_stats(cal)->vevents;
                lsn_calendar_free(cal);
            }
        }
        free_list(list, n);
    }

    lsn_calendar *cal = NULL;
    warnings.count = 0;
    int rc = lsn_calendar_load(&cal, org, paths, 4, opts);
    if (rc != LSN_OK) {
        print_error("%s\n", lsn_error_last());
    }
    assert_int_equal(rc, LSN_OK);
    current = cal;
    check_calendar_totals(cal);
    const lsn_input_stats *st = lsn_calendar_stats(cal);
    print_message("all: files %lld vevents %lld read %lld used %lld dup %lld warnings %d; "
                  "one by one: files %lld vevents %lld\n",
                  (long long)st->files, (long long)st->vevents, (long long)st->read,
                  (long long)st->used, (long long)st->duplicates_merged, warnings.count,
                  (long long)files, (long long)vevents);
    assert_int_equal(st->files, files);
    assert_int_equal(st->vevents, vevents);
    lsn_calendar_free(cal);
    current = NULL;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_corpus_every_file_loads_or_is_refused_default_window,
                                  teardown),
        cmocka_unit_test_teardown(test_corpus_every_file_loads_or_is_refused_wide_window, teardown),
        cmocka_unit_test_teardown(test_corpus_outlook_csv_and_graph_json_load, teardown),
        cmocka_unit_test_teardown(test_corpus_all_folders_in_one_load, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
