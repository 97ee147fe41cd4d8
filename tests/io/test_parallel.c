/*
 * tests/io/test_parallel.c — loading gives the same result whatever the
 * number of threads and whichever iCalendar reader reads a VEVENT:
 *
 *   - lsn_calendar_load() with 1, 2, 3 and 8 threads gives byte-identical
 *     calendars (instances, participants, series, files, accounting) and
 *     the same warnings in the same order, on a generated organization
 *     mixed with corpus files that warn, a Latin-1 file and files that are
 *     not calendars; a named file that is not a calendar fails with the
 *     same message after the same warnings;
 *   - io/ics.c's fast reader and libical give identical raw records (every
 *     field, every interned string in the same order, the same zones, the
 *     same warnings) for every VEVENT of a generated organization, of the
 *     shared corpus, of the loader fixtures and of edge cases written here,
 *     and the fast reader really reads the generated files;
 *   - the loader with libical only gives the same calendar as with the fast
 *     reader.
 */
#include "io/load.h"

#include "io/error.h"
#include "io/gen.h"
#include "io/ics.h"
#include "io/model.h"
#include "io/raw.h"
#include "io/roster.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define CORPUS LSN_SHARED_DIR "/corpus"

/* ------------------------------------------------------------------ */
/* Warnings, in order                                                   */

static struct {
    char **lines;
    size_t n, cap;
} warnings;

static void capture_warning(void *ud, const char *message)
{
    (void)ud;
    if (warnings.n == warnings.cap) {
        warnings.cap = warnings.cap ? warnings.cap * 2 : 64;
        warnings.lines = realloc(warnings.lines, warnings.cap * sizeof(*warnings.lines));
        assert_non_null(warnings.lines);
    }
    warnings.lines[warnings.n] = strdup(message);
    assert_non_null(warnings.lines[warnings.n]);
    warnings.n++;
}

static void clear_warnings(void)
{
    for (size_t i = 0; i < warnings.n; i++) {
        free(warnings.lines[i]);
    }
    warnings.n = 0;
}

/* ------------------------------------------------------------------ */
/* Fixture: a generated organization in a temporary folder               */

static struct {
    char dir[256];   /* mkdtemp root */
    char mixed[512]; /* generated mailboxes + corpus files + odd files */
    char org[512];   /* the generated organization */
    lsn_org *roster;
} fx;

static void write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    if (in == NULL) {
        return -1;
    }
    FILE *out = fopen(to, "wb");
    if (out == NULL) {
        fclose(in);
        return -1;
    }
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
        fwrite(buf, 1, n, out);
    }
    fclose(in);
    return fclose(out);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular, non-hidden files of a folder ending in ext (NULL: any), sorted. */
static char **list_files(const char *dir, const char *ext, size_t *count)
{
    DIR *d = opendir(dir);
    char **paths = NULL;
    size_t n = 0, cap = 0;
    *count = 0;
    if (d == NULL) {
        return NULL;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' ||
            (ext != NULL && (len < strlen(ext) || strcmp(e->d_name + len - strlen(ext), ext)))) {
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
        }
        paths[n++] = strdup(path);
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

static int group_setup(void **state)
{
    (void)state;
    snprintf(fx.dir, sizeof(fx.dir), "/tmp/lsn_test_parallel_XXXXXX");
    if (mkdtemp(fx.dir) == NULL) {
        return -1;
    }
    snprintf(fx.org, sizeof(fx.org), "%s/org", fx.dir);
    snprintf(fx.mixed, sizeof(fx.mixed), "%s/mixed", fx.dir);
    lsn_gen_options go = LSN_GEN_OPTIONS_INIT;
    go.people = 120;
    go.weeks = 6;
    go.seed = 11;
    if (lsn_gen_write(fx.org, &go) != LSN_OK) {
        fprintf(stderr, "test_io_parallel: %s\n", lsn_error_last());
        return -1;
    }
    char people[600];
    snprintf(people, sizeof(people), "%s/people.csv", fx.org);
    if (lsn_roster_load(&fx.roster, people, NULL, NULL) != LSN_OK) {
        fprintf(stderr, "test_io_parallel: %s\n", lsn_error_last());
        return -1;
    }
    /* The mixed folder: every mailbox, corpus files that warn (malformed
     * events, unknown zones, ...), a file that is not a calendar, a Latin-1
     * file, and a Graph and an Outlook file. */
    if (mkdir(fx.mixed, 0777) != 0) {
        return -1;
    }
    char from[1024], to[1024];
    size_t n;
    snprintf(from, sizeof(from), "%s/mailboxes", fx.org);
    char **boxes = list_files(from, ".ics", &n);
    for (size_t i = 0; i < n; i++) {
        snprintf(to, sizeof(to), "%s/%s", fx.mixed, strrchr(boxes[i], '/') + 1);
        if (copy_file(boxes[i], to) != 0) {
            return -1;
        }
    }
    free_list(boxes, n);
    static const char *const sub[] = {"ics", "malformed", "graph-json", "outlook-csv"};
    for (size_t s = 0; s < 4; s++) {
        snprintf(from, sizeof(from), "%s/%s", CORPUS, sub[s]);
        char **files = list_files(from, NULL, &n);
        if (files == NULL) {
            fprintf(stderr, "test_io_parallel: the shared corpus %s is missing\n", from);
            return -1;
        }
        for (size_t i = 0; i < n; i++) {
            const char *name = strrchr(files[i], '/') + 1;
            /* Series from 2002 and 2016 iterated day by day up to the
             * generated window make a load 0.7 s slower; the readers'
             * tests below still read them. */
            if (strcmp(name, "icsparser__ICal.ics") == 0 ||
                strcmp(name, "ical4j__phpicalendar_sample.ics") == 0) {
                continue;
            }
            snprintf(to, sizeof(to), "%s/corpus-%s-%s", fx.mixed, sub[s], name);
            copy_file(files[i], to);
        }
        free_list(files, n);
    }
    snprintf(to, sizeof(to), "%s/notes.txt", fx.mixed);
    write_file(to, "not a calendar\n", 15);
    static const char latin1[] = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n"
                                 "UID:latin1@x\r\nDTSTAMP:20260601T000000Z\r\n"
                                 "DTSTART:20260602T100000Z\r\nDTEND:20260602T110000Z\r\n"
                                 "SUMMARY:R\xe9union\r\nORGANIZER:mailto:a@acme.example\r\n"
                                 "ATTENDEE:mailto:b@acme.example\r\nEND:VEVENT\r\n"
                                 "END:VCALENDAR\r\n";
    snprintf(to, sizeof(to), "%s/latin1.ics", fx.mixed);
    write_file(to, latin1, sizeof(latin1) - 1);
    lsn_warn_set_handler(capture_warning, NULL);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    lsn_warn_set_handler(NULL, NULL);
    clear_warnings();
    free(warnings.lines);
    lsn_org_free(fx.roster);
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx.dir);
    if (system(cmd) != 0) {
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Everything a load gives, as text                                     */

/* The calendar, the return code, the error and the warnings, in order. */
static char *load_text(const char *const *paths, size_t npaths, int threads, bool libical_only)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    assert_non_null(f);
    lsn_load_options opts = LSN_LOAD_OPTIONS_INIT;
    opts.threads = threads;
    opts.libical_only = libical_only;
    lsn_calendar *cal = NULL;
    clear_warnings();
    lsn_error_clear();
    int rc = lsn_calendar_load(&cal, fx.roster, paths, npaths, &opts);
    fprintf(f, "rc %d error '%s'\n", rc, rc == LSN_OK ? "" : lsn_error_last());
    for (size_t i = 0; i < warnings.n; i++) {
        fprintf(f, "warning %s\n", warnings.lines[i]);
    }
    if (cal != NULL) {
        const lsn_window *w = lsn_calendar_window(cal);
        fprintf(f, "window %lld %lld %s %s %s\n", (long long)w->from, (long long)w->to,
                w->from_date, w->to_date, w->tz);
        const lsn_input_stats *st = lsn_calendar_stats(cal);
        fprintf(f, "stats %lld %lld %lld %lld", (long long)st->files, (long long)st->vevents,
                (long long)st->read, (long long)st->used);
        for (int k = 0; k < LSN_SKIP_COUNT; k++) {
            fprintf(f, " %lld", (long long)st->skipped[k]);
        }
        fprintf(f, " %lld %lld %lld %lld %lld\n", (long long)st->duplicates_merged,
                (long long)st->people_present, (long long)st->unknown, (long long)st->external,
                (long long)st->groups);
        size_t n;
        const char *const *files = lsn_calendar_files(cal, &n);
        for (size_t i = 0; i < n; i++) {
            fprintf(f, "file %s\n", files[i]);
        }
        const lsn_series *series = lsn_calendar_series(cal, &n);
        for (size_t i = 0; i < n; i++) {
            fprintf(f, "series %s | %s\n", series[i].uid, series[i].summary);
        }
        const lsn_participant *parts = lsn_calendar_participants(cal, &n);
        for (size_t i = 0; i < n; i++) {
            fprintf(f, "participant %s %d %d\n", parts[i].address, (int)parts[i].kind,
                    (int)parts[i].person);
        }
        const lsn_instance *inst = lsn_calendar_instances(cal, &n);
        const int32_t *present = lsn_calendar_present(cal);
        for (size_t i = 0; i < n; i++) {
            fprintf(f, "instance %d %d %lld %lld %d :", (int)inst[i].series, (int)inst[i].organizer,
                    (long long)inst[i].start, (long long)inst[i].original_start,
                    (int)inst[i].duration);
            for (uint32_t k = 0; k < inst[i].count; k++) {
                fprintf(f, " %d", (int)present[inst[i].first + k]);
            }
            fputc('\n', f);
        }
        lsn_calendar_free(cal);
    }
    fclose(f);
    return text;
}

/* Report the first line where two texts differ, then fail. */
static void assert_same_text(const char *a, const char *b, const char *what)
{
    if (strcmp(a, b) == 0) {
        return;
    }
    size_t line = 1, i = 0;
    for (; a[i] != '\0' && a[i] == b[i]; i++) {
        line += a[i] == '\n';
    }
    size_t start = i;
    while (start > 0 && a[start - 1] != '\n') {
        start--;
    }
    print_error("%s: first difference at line %zu:\n  < %.200s\n  > %.200s\n", what, line,
                a + start, b + start);
    fail();
}

/*
 * The mixed folder with 1, 2, 3 and 8 threads: byte-identical calendars and
 * the same warnings in the same order. The load must have warned (corpus
 * files, the Latin-1 file, the text file), or the order would be untested.
 */
static void test_parallel_threads_give_identical_calendars(void **state)
{
    (void)state;
    const char *paths[] = {fx.mixed};
    char *one = load_text(paths, 1, 1, false);
    assert_true(warnings.n >= 10);
    assert_non_null(strstr(one, "rc 0 "));
    assert_non_null(strstr(one, "read as Latin-1"));
    assert_non_null(strstr(one, "notes.txt:1: not a calendar file"));
    static const int counts[] = {2, 3, 8};
    for (size_t i = 0; i < 3; i++) {
        char *other = load_text(paths, 1, counts[i], false);
        char what[64];
        snprintf(what, sizeof(what), "1 thread vs %d", counts[i]);
        assert_same_text(one, other, what);
        free(other);
    }
    free(one);
}

/*
 * The generated organization alone, named as files and as a folder: the
 * same calendar on 1 and 2 threads, with every meeting used.
 */
static void test_parallel_generated_mailboxes_identical(void **state)
{
    (void)state;
    char dir[600];
    snprintf(dir, sizeof(dir), "%s/mailboxes", fx.org);
    const char *paths[] = {dir};
    char *one = load_text(paths, 1, 1, false);
    char *two = load_text(paths, 1, 2, false);
    assert_same_text(one, two, "generated, 1 thread vs 2");
    assert_null(strstr(one, "warning "));
    assert_non_null(strstr(one, "instance "));
    free(one);
    free(two);
}

/*
 * A named file that is not a calendar is an error, after the warnings of
 * every file before it in path order; the same with 1 and 2 threads.
 */
static void test_parallel_error_after_same_warnings(void **state)
{
    (void)state;
    char named[600];
    snprintf(named, sizeof(named), "%s/zzz-not-a-calendar.txt", fx.dir);
    write_file(named, "hello\n", 6);
    const char *paths[] = {fx.mixed, named};
    char *one = load_text(paths, 2, 1, false);
    char *two = load_text(paths, 2, 2, false);
    assert_same_text(one, two, "error, 1 thread vs 2");
    assert_non_null(strstr(one, "rc -3 error '"));
    assert_non_null(strstr(one, "zzz-not-a-calendar.txt:1: not a calendar file"));
    assert_true(warnings.n >= 10);
    free(one);
    free(two);
    unlink(named);
}

/* Bytes of a whole file, NUL-terminated. */
static char *slurp(const char *path, size_t *len)
{
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    assert_int_equal(fseek(in, 0, SEEK_END), 0);
    long n = ftell(in);
    assert_true(n > 0);
    rewind(in);
    char *data = malloc((size_t)n + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)n, in), (size_t)n);
    fclose(in);
    data[n] = '\0';
    *len = (size_t)n;
    return data;
}

/*
 * Files are opened ahead of their reading (many at a time, for a folder not
 * in the page cache), but a named pipe is not: its writer would start on
 * that open and find no reader after it. A folder of many mailboxes and a
 * pipe given by name load on 2 threads to the same calendar as when the
 * same bytes are a regular file at that path; the writer got its bytes
 * through (it exits 0 only when every write succeeded).
 */
static void test_parallel_named_pipe_is_not_opened_ahead(void **state)
{
    (void)state;
    char boxes[600], first[700], pipe_path[600];
    snprintf(boxes, sizeof(boxes), "%s/mailboxes", fx.org);
    size_t n;
    char **files = list_files(boxes, ".ics", &n);
    assert_true(n > 40); /* more than a batch of files ahead */
    snprintf(first, sizeof(first), "%s", files[0]);
    free_list(files, n);
    size_t len;
    char *bytes = slurp(first, &len);
    snprintf(pipe_path, sizeof(pipe_path), "%s/zz-piped.ics", fx.dir);
    unlink(pipe_path);
    assert_int_equal(mkfifo(pipe_path, 0600), 0);
    pid_t writer = fork();
    assert_true(writer >= 0);
    if (writer == 0) {
        alarm(60); /* a loader that never reads the pipe fails the test, not hangs it */
        signal(SIGPIPE, SIG_DFL);
        int fd = open(pipe_path, O_WRONLY);
        size_t done = 0;
        while (fd >= 0 && done < len) {
            ssize_t w = write(fd, bytes + done, len - done);
            if (w <= 0) {
                _exit(2);
            }
            done += (size_t)w;
        }
        _exit(fd >= 0 && close(fd) == 0 ? 0 : 3);
    }
    alarm(120);
    const char *paths[] = {boxes, pipe_path};
    char *piped = load_text(paths, 2, 2, false);
    alarm(0);
    int status = 0;
    assert_int_equal(waitpid(writer, &status, 0), writer);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    unlink(pipe_path);
    write_file(pipe_path, bytes, len);
    char *regular = load_text(paths, 2, 2, false);
    assert_non_null(strstr(regular, "rc 0 "));
    assert_non_null(strstr(regular, "zz-piped.ics"));
    assert_same_text(regular, piped, "a regular file vs the same bytes through a named pipe");
    unlink(pipe_path);
    free(piped);
    free(regular);
    free(bytes);
}

/* ------------------------------------------------------------------ */
/* The fast reader against libical                                      */

static void dump_time(FILE *f, const char *name, int64_t t)
{
    if (t == LSN_TIME_NONE) {
        fprintf(f, " %s=none", name);
    } else {
        fprintf(f, " %s=%lld", name, (long long)t);
    }
}

static void dump_string(FILE *f, const lsn_rawset *set, const char *name, int32_t id)
{
    if (id < 0) {
        fprintf(f, " %s=(%d)", name, (int)id);
    } else {
        fprintf(f, " %s=[%s]", name, lsn_strmap_get(set->strings, id));
    }
}

/* Every field of every record of one file read one way, and its warnings. */
static char *raw_text(const char *path, bool libical_only, int64_t *fast)
{
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (cap - len < 65536) {
            cap = cap ? cap * 2 : 65536;
            data = realloc(data, cap + 1);
            assert_non_null(data);
        }
        size_t got = fread(data + len, 1, cap - len, in);
        len += got;
        if (got == 0) {
            break;
        }
    }
    fclose(in);
    data[len] = '\0';

    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    assert_non_null(f);
    lsn_rawset set;
    assert_int_equal(lsn_rawset_init(&set, NULL), LSN_OK);
    int32_t file = lsn_rawset_add_file(&set, path);
    assert_true(file >= 0);
    lsn_ics_scratch *scratch;
    assert_int_equal(lsn_ics_scratch_new(&scratch, libical_only), LSN_OK);
    const icaltimezone *floating = lsn_zone_builtin("Europe/Berlin");
    int64_t vevents = 0;
    clear_warnings();
    lsn_raw_source src = lsn_raw_source_of(&set, file, NULL, floating);
    src.ics = scratch;
    int rc = lsn_ics_parse(&src, data, len, &vevents);
    int64_t slow;
    lsn_ics_scratch_counts(scratch, fast, &slow);
    fprintf(f, "rc %d vevents %lld\n", rc, (long long)vevents);
    for (size_t i = 0; i < warnings.n; i++) {
        fprintf(f, "warning %s\n", warnings.lines[i]);
    }
    /* Interned strings and zones in the order they were first used. */
    for (size_t i = 0; i < lsn_strmap_count(set.strings); i++) {
        fprintf(f, "string %zu [%s]\n", i, lsn_strmap_get(set.strings, (int32_t)i));
    }
    for (size_t i = 0; i < lsn_strmap_count(set.zone_keys); i++) {
        fprintf(f, "zone %zu [%.80s]\n", i, lsn_strmap_get(set.zone_keys, (int32_t)i));
    }
    for (size_t i = 0; i < set.nevents; i++) {
        const lsn_raw_event *ev = &set.events[i];
        fprintf(f, "event %zu file=%d line=%d", i, (int)ev->file, (int)ev->line);
        dump_string(f, &set, "uid", ev->uid);
        dump_string(f, &set, "summary", ev->summary);
        dump_string(f, &set, "organizer", ev->organizer);
        dump_time(f, "start", ev->start);
        dump_time(f, "duration", ev->duration);
        dump_time(f, "recid", ev->has_recid ? ev->recurrence_id : LSN_TIME_NONE);
        dump_time(f, "dtstamp", ev->dtstamp);
        fprintf(f, " seq=%d flags=%d%d%d%d%d role=%d zone=%d", (int)ev->sequence, ev->has_recid,
                ev->range_future, ev->all_day, ev->cancelled, ev->malformed, (int)ev->series_role,
                (int)ev->zone);
        const icaltimetype *t = &ev->dtstart_local;
        fprintf(f, " local=%04d%02d%02d%02d%02d%02d/%d/%d/%p", t->year, t->month, t->day, t->hour,
                t->minute, t->second, t->is_date, t->is_daylight, (void *)t->zone);
        dump_string(f, &set, "source", ev->source_id);
        dump_string(f, &set, "master", ev->master_ref);
        dump_string(f, &set, "copy", ev->copy_key);
        fputc('\n', f);
        for (uint32_t k = 0; k < ev->rule_count; k++) {
            fprintf(f, "  rule [%s]\n", lsn_strmap_get(set.strings, set.rules[ev->rule_first + k]));
        }
        const uint32_t first[3] = {ev->rdate_first, ev->exdate_first, ev->exday_first};
        const uint32_t count[3] = {ev->rdate_count, ev->exdate_count, ev->exday_count};
        for (int w = 0; w < 3; w++) {
            for (uint32_t k = 0; k < count[w]; k++) {
                fprintf(f, "  time%d %lld\n", w, (long long)set.times[first[w] + k]);
            }
        }
        for (uint32_t k = 0; k < ev->att_count; k++) {
            const lsn_raw_attendee *a = &set.attendees[ev->att_first + k];
            fprintf(f, "  attendee [%s] %d %d %d\n", lsn_strmap_get(set.strings, a->addr),
                    a->partstat, a->cutype, a->nonparticipant);
        }
    }
    fprintf(f, "unkeyed %lld\n", (long long)set.malformed_unkeyed);
    fclose(f);
    lsn_ics_scratch_free(scratch);
    lsn_rawset_destroy(&set);
    free(data);
    return text;
}

/* Each file read both ways gives the same text; returns the VEVENTs read fast. */
static int64_t assert_readers_agree(char **paths, size_t n)
{
    int64_t total_fast = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t fast = 0, none = 0;
        char *slow = raw_text(paths[i], true, &none);
        char *quick = raw_text(paths[i], false, &fast);
        assert_int_equal(none, 0);
        assert_same_text(slow, quick, paths[i]);
        total_fast += fast;
        free(slow);
        free(quick);
    }
    return total_fast;
}

/* Every VEVENT of the generated organization is read by the fast reader, to
 * the same records as libical's. */
static void test_parallel_fast_reader_matches_libical_generated(void **state)
{
    (void)state;
    char dir[600];
    snprintf(dir, sizeof(dir), "%s/mailboxes", fx.org);
    size_t n;
    char **paths = list_files(dir, ".ics", &n);
    assert_true(n > 50);
    int64_t fast = assert_readers_agree(paths, n);
    free_list(paths, n);
    assert_true(fast > 100);
    char combined[600];
    snprintf(combined, sizeof(combined), "%s/combined.ics", fx.org);
    char *one[] = {combined};
    assert_readers_agree(one, 1);
}

/* The shared corpus (real exports, with their quirks and malformed files)
 * and the loader fixtures: the same records either way. */
static void test_parallel_fast_reader_matches_libical_corpus(void **state)
{
    (void)state;
    static const char *const dirs[] = {CORPUS "/ics", CORPUS "/malformed", LSN_FIXTURES "/ics"};
    int64_t fast = 0;
    for (size_t d = 0; d < 3; d++) {
        size_t n;
        char **paths = list_files(dirs[d], ".ics", &n);
        assert_true(n > 0);
        fast += assert_readers_agree(paths, n);
        free_list(paths, n);
    }
    assert_true(fast > 0);
}

/*
 * Edge cases, each a VEVENT the fast reader must either read exactly as
 * libical does or leave to it: escapes, folding with a tab, LF line ends,
 * quoted and Windows TZIDs, an unknown zone (a warning from the fast
 * reader's side too), dates with and without VALUE=DATE, EXDATE lists of
 * both kinds, RANGE=THISANDFUTURE, odd DURATIONs, rules libical rejects or
 * cannot iterate, parameters it does not know, nested VALARMs, blanks at the
 * ends of values, lower-case names, duplicate properties, impossible dates,
 * an overlong line, a VEVENT without UID or DTSTART or END.
 */
static void test_parallel_fast_reader_matches_libical_edge_cases(void **state)
{
    (void)state;
    /* F: the fast reader reads it; L: it leaves it to libical. */
    static const struct {
        char reader;
        const char *text;
    } events[] = {
        /* plain, every property the fast reader knows */
        {'F',
         "UID:plain@x\r\nDTSTAMP:20260501T080000Z\r\nSEQUENCE:3\r\nSUMMARY:Plain\r\n"
         "LOCATION:Room 1\\, west\r\nDESCRIPTION:a\\nb\\; c\r\nCLASS:PUBLIC\r\n"
         "TRANSP:OPAQUE\r\nPRIORITY:5\r\nCREATED:20260101T000000Z\r\n"
         "LAST-MODIFIED:20260102T000000Z\r\nX-MICROSOFT-CDO-BUSYSTATUS;X-A=b:BUSY\r\n"
         "DTSTART;TZID=Europe/Paris:20260602T100000\r\n"
         "DTEND;TZID=Europe/Paris:20260602T110000\r\n"
         "STATUS:CONFIRMED\r\nORGANIZER;CN=\"Doe: A; B\":mailto:A@Acme.Example\r\n"
         "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=TRUE;CN=A\r\n"
         " nna;X-NUM-GUESTS=0:mailto:anna@acme.example\r\n"
         "ATTENDEE;ROLE=NON-PARTICIPANT;PARTSTAT=DECLINED:mailto:b@acme.example\r\n"
         "ATTENDEE;CUTYPE=ROOM:mailto:room@acme.example\r\n"
         "ATTENDEE;CUTYPE=GROUP;PARTSTAT=TENTATIVE:mailto:team@acme.example\r\n"
         "ATTENDEE;CUTYPE=RESOURCE;PARTSTAT=DELEGATED:MAILTO: c@acme.example\r\n"
         "ATTENDEE;ROLE=OPT-PARTICIPANT;ROLE=NON-PARTICIPANT;CUTYPE=UNKNOWN:mailto:o@x\r\n"
         "ATTENDEE;PARTSTAT=NEEDS-ACTION;DELEGATED-FROM=\"mailto:z@x\":mailto:d@acme.example\r\n"},
        {'L', "UID:email@x\r\nDTSTART:20260602T100000Z\r\n"
              "ATTENDEE;EMAIL=x@y:mailto:c@acme.example\r\n"},
        /* escapes in UID and SUMMARY; an escape the fast reader leaves */
        {'F', "UID:esc\\,uid\\;x\\\\y@x\r\nSUMMARY:a\\,b\\;c\\\\d\\ne\\Nf\r\n"
              "DTSTART:20260602T100000Z\r\nDURATION:PT1H30M\r\n"},
        {'L', "UID:esc2@x\r\nSUMMARY:tab\\there\r\nDTSTART:20260602T100000Z\r\n"},
        /* folding with a tab, in the middle of a name and of a value */
        {'F', "UID:fold@x\r\nSUMM\r\n\tARY:folded sum\r\n mary\r\nDTSTART:2026060\r\n 2T100000Z\r\n"
              "DTEND:20260602T110000Z\r\nATTENDEE;PARTSTAT=ACC\r\n EPTED:mailto:e@acme.\r\n"
              " example\r\n"},
        /* zones: quoted, Windows name, unknown (a warning), UTC by name, Z with TZID */
        {'F', "UID:z1@x\r\nDTSTART;TZID=\"America/New_York\":20260602T100000\r\n"
              "DTEND;TZID=W. Europe Standard Time:20260602T180000\r\n"},
        {'F', "UID:z2@x\r\nDTSTART;TZID=Nowhere/Atlantis:20260602T100000\r\nDURATION:PT45M\r\n"
              "EXDATE;TZID=Nowhere/Atlantis:20260609T100000\r\nRRULE:FREQ=WEEKLY\r\n"},
        {'F',
         "UID:z3@x\r\nDTSTART;TZID=UTC:20260602T100000\r\nDTEND;TZID=Etc/UTC:20260602T110000\r\n"},
        {'F',
         "UID:z4@x\r\nDTSTART;TZID=Europe/Paris:20260602T100000Z\r\nDTEND:20260602T110000\r\n"},
        /* dates */
        {'F', "UID:d1@x\r\nDTSTART;VALUE=DATE:20260602\r\nDTEND;VALUE=DATE:20260603\r\n"},
        {'L', "UID:d2@x\r\nDTSTART:20260602\r\n"},
        {'F', "UID:d3@x\r\nDTSTART;VALUE=DATE:20260602\r\n"},
        {'F',
         "UID:d4@x\r\nDTSTART;VALUE=DATE-TIME:20260602T100000\r\nDTEND;VALUE=DATE:20260603\r\n"},
        {'L', "UID:d5@x\r\nDTSTART;VALUE=DATE:20260602T100000\r\n"},
        {'L', "UID:d6@x\r\nDTSTART:20260230T100000Z\r\n"},
        {'L', "UID:d7@x\r\nDTSTART:20260602T250000Z\r\n"},
        {'L', "UID:d8@x\r\nDTSTART:20260602T100000Zjunk\r\n"},
        {'F', "UID:d9@x\r\nDTSTART:20240229T100000Z\r\nDTSTAMP:20260601T120000\r\n"},
        /* exceptions and overrides */
        {'F', "UID:r1@x\r\nDTSTART;TZID=Europe/Berlin:20260601T090000\r\nDURATION:PT15M\r\n"
              "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\r\n"
              "EXDATE;TZID=Europe/Berlin:20260603T090000,20260604T090000\r\n"
              "EXDATE:20260605T070000Z\r\nEXDATE;VALUE=DATE:20260608,20260609\r\n"},
        {'F', "UID:r1@x\r\nRECURRENCE-ID;TZID=Europe/Berlin:20260610T090000\r\n"
              "DTSTART;TZID=Europe/Berlin:20260610T140000\r\nDURATION:PT30M\r\nSEQUENCE:2\r\n"},
        {'F', "UID:r1@x\r\nRECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20260615T090000\r\n"
              "DTSTART;TZID=Europe/Berlin:20260615T100000\r\nDURATION:PT30M\r\n"},
        {'F', "UID:r2@x\r\nRECURRENCE-ID;VALUE=DATE:20260615\r\nDTSTART;VALUE=DATE:20260616\r\n"},
        {'L', "UID:r3@x\r\nRECURRENCE-ID;RANGE=THISANDPRIOR:20260615T090000Z\r\n"
              "DTSTART:20260615T100000Z\r\n"},
        {'F', "UID:r4@x\r\nDTSTART:20260601T090000Z\r\nRRULE:FREQ=DAILY;COUNT=5\r\n"
              "RRULE:FREQ=WEEKLY;UNTIL=20260630;BYDAY=SA\r\nEXDATE:20260602T090000Z\r\n"},
        {'F', "UID:r12@x\r\nDTSTART;TZID=America/New_York:20260601T090000\r\n"
              "RRULE:FREQ=DAILY\r\nEXDATE:20260603T090000\r\n"
              "DTEND;TZID=America/New_York:20260601T093000\r\n"},
        {'L', "UID:r4b@x\r\nDTSTART:20260601T090000Z\r\nEXDATE:20260602T090000Z,\r\n"},
        {'L', "UID:r5@x\r\nDTSTART:20260601T090000Z\r\nRRULE:FREQ=FOO\r\n"},
        {'L', "UID:r6@x\r\nDTSTART:20260601T090000Z\r\nRRULE:FREQ=WEEKLY;BYMONTHDAY=3\r\n"},
        {'L', "UID:r7@x\r\nDTSTART:20260601T090000Z\r\nRRULE:FREQ=MONTHLY;RSCALE=GREGORIAN\r\n"},
        {'L', "UID:r8@x\r\nDTSTART:20260601T090000Z\r\nRDATE:20260620T090000Z\r\n"},
        {'F', "UID:r10@x\r\nDTSTART:20260601T090000Z\r\nRRULE:FREQ=WEEKLY;BYDAY= MO\r\n"},
        {'L', "UID:r11@x\r\nDTSTART:20260601T090000Z\r\nRRULE;X-A=1:FREQ=WEEKLY\r\n"},
        /* durations */
        {'F', "UID:u1@x\r\nDTSTART:20260601T090000Z\r\nDURATION:P1D\r\n"},
        {'F', "UID:u2@x\r\nDTSTART:20260601T090000Z\r\nDURATION:-PT15M\r\n"},
        {'F', "UID:u3@x\r\nDTSTART:20260601T090000Z\r\nDURATION:PT15\r\n"},
        {'L', "UID:u4@x\r\nDTSTART:20260601T090000Z\r\nDURATION:garbage\r\n"},
        {'F', "UID:u5@x\r\nDTSTART:20260601T090000Z\r\nDURATION:P1W\r\nDTEND:20260601T100000Z\r\n"},
        /* status, sequence */
        {'F', "UID:s1@x\r\nDTSTART:20260601T090000Z\r\nSTATUS:CANCELLED\r\nSEQUENCE:123456789\r\n"},
        {'L', "UID:s2@x\r\nDTSTART:20260601T090000Z\r\nSTATUS:cancelled\r\n"},
        {'L', "UID:s3@x\r\nDTSTART:20260601T090000Z\r\nSEQUENCE:12x\r\n"},
        {'L', "UID:s4@x\r\nDTSTART:20260601T090000Z\r\nSEQUENCE:1234567890\r\n"},
        /* the first of duplicate properties counts */
        {'F', "UID:p9@x\r\nDTSTART:20260601T090000Z\r\nDTSTART:20260602T090000Z\r\n"
              "SUMMARY:first\r\nSUMMARY:second\r\nUID:second@x\r\nSTATUS:CANCELLED\r\n"
              "STATUS:CONFIRMED\r\nORGANIZER:mailto:o1@x\r\nORGANIZER:mailto:o2@x\r\n"},
        /* parameters and values the fast reader leaves to libical */
        {'L', "UID:p1@x\r\nDTSTART:20260601T090000Z\r\nATTENDEE;CN=Smith, John:mailto:f@x\r\n"},
        {'L', "UID:p2@x\r\nDTSTART:20260601T090000Z\r\nATTENDEE;PARTSTAT=accepted:mailto:g@x\r\n"},
        {'L', "UID:p3@x\r\nDTSTART:20260601T090000Z\r\nATTENDEE;PARTSTAT=X-FOO:mailto:h@x\r\n"},
        {'L', "UID:p4@x\r\nDTSTART:20260601T090000Z\r\nATTENDEE;CN=\"a^'b\":mailto:i@x\r\n"},
        {'L', "UID:p6@x\r\nDTSTART:20260601T090000Z\r\nATTENDEE:mailto:a\\,b@acme.example\r\n"},
        {'L', "UID:p7@x\r\nDTSTART:20260601T090000Z\r\nSUMMARY:trailing  \r\n"},
        {'L', "UID:p7b@x\r\nDTSTART:20260601T090000Z\r\nLOCATION:  lead\r\n"},
        {'L', "UID:p8@x\r\ndtstart:20260601T090000Z\r\n"},
        {'L', "UID:p10@x\r\nDTSTART:20260601T090000Z\r\nLOCATION:\r\n"},
        {'L', "UID:p11@x\r\nDTSTART:20260601T090000Z\r\nGEO:1.5;2.5\r\n"},
        {'L', "UID:p12@x\r\nDTSTART:20260601T090000Z\r\nATTENDEE;VALUE=CAL-ADDRESS:mailto:l@x\r\n"},
        {'L', "UID:p13@x\r\nDTSTART:20260601T090000Z\r\nDTEND;X-FOO=1:20260601T100000Z\r\n"},
        {'L', "UID:p14@x\r\nDTSTART;TZID=:20260601T090000\r\n"},
        {'L', "UID:p15@x\r\nDTSTART;TZID=GMT+05:30:20260601T090000\r\n"},
        {'L', "UID:p16@x\r\nDTSTART:20260601T090000Z\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\n"
              "TRIGGER:-PT15M\r\nEND:VALARM\r\n"},
        {'L', "UID:p17@x\r\nDTSTART:20260601T090000Z\r\n\r\nSUMMARY:after a blank line\r\n"},
        {'L',
         "UID:p18@x\r\nDTSTART:20260601T090000Z\r\nDTSTAMP;TZID=Europe/Paris:20260601T090000\r\n"},
        {'L', "UID:p19@x\r\nDTSTART:20260601T090000Z\r\nSUMMARY:cr\rinside\r\n"},
        /* no UID, no DTSTART, an empty UID */
        {'L', "DTSTART:20260601T090000Z\r\nSUMMARY:no uid\r\nORGANIZER:mailto:a@acme.example\r\n"},
        {'L', "UID:n2@x\r\nSUMMARY:no start\r\n"},
        {'L', "UID:\r\nDTSTART:20260601T090000Z\r\n"},
    };
    size_t expected_fast = 2; /* the LF one and the one after the cut, below */
    for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
        expected_fast += events[i].reader == 'F';
    }
    char *path = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&path, &size);
    assert_non_null(f);
    fprintf(f, "%s/edge.ics", fx.dir);
    fclose(f);
    char *text = NULL;
    f = open_memstream(&text, &size);
    assert_non_null(f);
    fputs("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:PUBLISH\r\n"
          "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\n"
          "TZOFFSETTO:+0100\r\nDTSTART:19701025T030000\r\n"
          "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\n"
          "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nDTSTART:19700329T020000\r\n"
          "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n",
          f);
    for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
        fprintf(f, "BEGIN:VEVENT\r\n%sEND:VEVENT\r\n", events[i].text);
    }
    /* LF line ends; an overlong line; a VEVENT cut short by the next one. */
    fputs("BEGIN:VEVENT\nUID:lf@x\nDTSTART:20260601T090000Z\nDURATION:PT1H\n"
          "ATTENDEE:mailto:m@acme.example\nEND:VEVENT\n",
          f);
    fputs("BEGIN:VEVENT\r\nUID:long@x\r\nDTSTART:20260601T090000Z\r\nDESCRIPTION:", f);
    for (int i = 0; i < 9000; i++) {
        fputc('x', f);
    }
    fputs("\r\nSUMMARY:after the long line\r\nEND:VEVENT\r\n", f);
    fputs("BEGIN:VEVENT\r\nUID:cut@x\r\nDTSTART:20260601T090000Z\r\n"
          "BEGIN:VEVENT\r\nUID:next@x\r\nDTSTART:20260601T100000Z\r\nEND:VEVENT\r\n",
          f);
    fputs("END:VCALENDAR\r\n", f);
    fclose(f);
    write_file(path, text, strlen(text));
    char *one[] = {path};
    int64_t fast = assert_readers_agree(one, 1);
    assert_int_equal(fast, expected_fast);

    /* The same file under METHOD:CANCEL. */
    char *cancel = strstr(text, "METHOD:PUBLISH");
    assert_non_null(cancel);
    memcpy(cancel, "METHOD:CANCEL\r\n", 15); /* overwrites "METHOD:PUBLISH\r" */
    write_file(path, text, strlen(text));
    assert_readers_agree(one, 1);
    free(text);
    free(path);
}

/* The loader with libical only and with the fast reader: the same calendar
 * and warnings for the mixed folder. */
static void test_parallel_loader_same_with_libical_only(void **state)
{
    (void)state;
    const char *paths[] = {fx.mixed};
    char *fast = load_text(paths, 1, 2, false);
    char *slow = load_text(paths, 1, 2, true);
    assert_same_text(slow, fast, "libical only vs fast reader");
    free(fast);
    free(slow);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parallel_threads_give_identical_calendars),
        cmocka_unit_test(test_parallel_generated_mailboxes_identical),
        cmocka_unit_test(test_parallel_error_after_same_warnings),
        cmocka_unit_test(test_parallel_named_pipe_is_not_opened_ahead),
        cmocka_unit_test(test_parallel_fast_reader_matches_libical_generated),
        cmocka_unit_test(test_parallel_fast_reader_matches_libical_corpus),
        cmocka_unit_test(test_parallel_fast_reader_matches_libical_edge_cases),
        cmocka_unit_test(test_parallel_loader_same_with_libical_only),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
