/*
 * tests/bench/bench.c — liaison_bench: the cost of every phase of an
 * analysis on generated organizations of 2,000, 5,000 and 20,000 people
 * (13 weeks, one iCalendar export per mailbox), for ISSUE 7's targets.
 *
 * Each organization is generated once into a cache folder (default
 * BUILD/bench-data/people-N, by lsn_gen_write()) and reused. Each size runs
 * in a child process of its own, so that the peak memory of one size is not
 * the peak of the one before. Per phase it prints wall seconds, CPU seconds
 * (user + system, all threads), the peak resident set after the phase and
 * the input's megabytes per second of wall time; first the time `cat` takes
 * to read the same files and the time a plain read() loop takes (the floors
 * for loading: the fastest of three runs each, from the page cache), and
 * last the end-to-end MB/s and its share of each.
 * It measures; it checks nothing, and it is not part of ctest.
 *
 * LSN_BENCH_100K=1 adds the 100,000-person organization (seed 7, about
 * 2.6 GB of files; give --data a folder with the room, outside the source
 * tree).
 *
 *   liaison_bench [--sizes 2000,5000,20000] [--data DIR] [--threads N]
 *                 [--runs N] [--libical-only] [--parsers] [--html]
 *
 * --runs N (default 3) runs each size N times, each in a fresh process, and
 * shows the run with the median total whole, with every run's total: the
 * machine's speed drifts from minute to minute.
 *
 * --html also writes report.html as analyze does by default: `render` then
 * draws the DOT files and lays out every diagram's SVG (in a temporary
 * folder), and `html` builds the page.
 *
 * --parsers adds, per size, the parse alone: libical's parser over every
 * VEVENT block (one thread, no extraction), and the loader's read + parse on
 * one thread with libical only and with the fast reader.
 */
#include "analysis/params.h"
#include "analysis/run.h"
#include "io/error.h"
#include "io/gen.h"
#include "io/load.h"
#include "io/process.h"
#include "io/roster.h"
#include "io/timings.h"
#include "io/fsutil.h"
#include "viz/dot.h"
#include "viz/html.h"
#include "viz/outputs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libical/ical.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef LSN_BENCH_DATA
#define LSN_BENCH_DATA "bench-data"
#endif

#define MAX_SIZES 8
#define MAX_RUNS 15
/* The opt-in row (LSN_BENCH_100K=1): about 2.6 GB of files, minutes to run. */
#define BIG_PEOPLE 100000
#define BIG_SEED 7
#define MAX_ROWS 32

struct row {
    char name[32];
    double wall, cpu;
    long peak_kb;
    bool rate; /* print MB/s */
};

struct table {
    struct row rows[MAX_ROWS];
    size_t n;
    double last_wall, last_cpu;
    double bytes; /* input bytes, for MB/s */
    double cat;   /* seconds `cat` takes for the same files; 0: not measured */
    double read;  /* seconds a plain read() loop takes for them; 0: not measured */
    double cpu0;  /* process CPU seconds when the first phase started */
};

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_now(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static long peak_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void start(struct table *t)
{
    t->last_wall = wall_now();
    t->last_cpu = cpu_now();
}

static struct row *add_row(struct table *t, const char *name, double wall, double cpu, bool rate)
{
    if (t->n == MAX_ROWS) {
        return NULL;
    }
    struct row *r = &t->rows[t->n++];
    snprintf(r->name, sizeof(r->name), "%s", name);
    r->wall = wall;
    r->cpu = cpu;
    r->peak_kb = peak_kb();
    r->rate = rate;
    return r;
}

/* Close the phase that just ended. */
static void mark(struct table *t, const char *name)
{
    double w = wall_now(), c = cpu_now();
    add_row(t, name, w - t->last_wall, c - t->last_cpu, true);
    t->last_wall = w;
    t->last_cpu = c;
}

static void print_table(const struct table *t, const char *title, bool sum)
{
    printf("\n%s\n", title);
    printf("  %-22s %9s %9s %10s %10s\n", "phase", "wall s", "cpu s", "peak MiB", "MB/s");
    double total = 0, cpu = 0;
    long peak = 0;
    for (size_t i = 0; i < t->n; i++) {
        const struct row *r = &t->rows[i];
        char rate[32] = "";
        if (r->rate && r->wall >= 0.001 && t->bytes > 0) { /* not for a phase that only waited */
            snprintf(rate, sizeof(rate), "%.1f", t->bytes / 1e6 / r->wall);
        }
        char cpus[32] = "-";
        if (r->cpu >= 0) {
            snprintf(cpus, sizeof(cpus), "%.3f", r->cpu);
        }
        printf("  %-22s %9.3f %9s %10.1f %10s\n", r->name, r->wall, cpus, r->peak_kb / 1024.0,
               rate);
        if (r->name[0] != ' ') { /* indented rows are parts of the row above */
            total += r->wall;
            cpu += r->cpu > 0 ? r->cpu : 0;
        }
        peak = r->peak_kb > peak ? r->peak_kb : peak;
    }
    if (sum) {
        printf("  %-22s %9.3f %9.3f %10.1f %10.1f\n", "total", total, cpu, peak / 1024.0,
               total > 0 ? t->bytes / 1e6 / total : 0.0);
        if (t->cat > 0 && total > 0) {
            /* The limit: reading the bytes from the page cache. */
            printf("  end to end %.1f MB/s against cat's %.1f MB/s: %.1f%% of the limit "
                   "(%.1f x cat's time); CPU of all threads %.3f s\n",
                   t->bytes / 1e6 / total, t->bytes / 1e6 / t->cat, 100.0 * t->cat / total,
                   total / t->cat, cpu_now() - t->cpu0);
        }
        if (t->read > 0 && total > 0) {
            printf("  against read()'s %.1f MB/s: %.1f%% of it (%.1f x its time)\n",
                   t->bytes / 1e6 / t->read, 100.0 * t->read / total, total / t->read);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Input files                                                          */

struct files {
    char **paths;
    size_t n, cap;
    double bytes;
};

static void list_files(struct files *f, const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *path = malloc(n);
        if (path == NULL) {
            break;
        }
        snprintf(path, n, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(path);
            continue;
        }
        if (f->n == f->cap) {
            f->cap = f->cap ? f->cap * 2 : 1024;
            char **q = realloc(f->paths, f->cap * sizeof(*q));
            if (q == NULL) {
                free(path);
                break;
            }
            f->paths = q;
        }
        f->paths[f->n++] = path;
        f->bytes += (double)st.st_size;
    }
    closedir(d);
}

/* The other floor: one thread read()ing every file into one reused 1 MiB
 * buffer, the fastest of three runs. `cat` is slower than this on many small
 * files (it maps a fresh buffer per file), so both are shown. */
static double read_floor(const struct files *f)
{
    static char buf[1 << 20];
    double best = 0;
    for (int k = 0; k < 3; k++) {
        double w = wall_now();
        for (size_t i = 0; i < f->n; i++) {
            int fd = open(f->paths[i], O_RDONLY);
            if (fd < 0) {
                continue;
            }
            while (read(fd, buf, sizeof(buf)) > 0) {
            }
            close(fd);
        }
        w = wall_now() - w;
        best = k == 0 || w < best ? w : best;
    }
    return best;
}

static void free_files(struct files *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->paths[i]);
    }
    free(f->paths);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *in = fopen(path, "rb");
    if (in == NULL) {
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    while (buf != NULL) {
        if (n == cap) {
            char *q = realloc(buf, cap * 2 + 1);
            if (q == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = q;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, in);
        if (got == 0) {
            break;
        }
        n += got;
    }
    fclose(in);
    if (buf != NULL) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

/* libical's parser alone over every VEVENT block, as io/ics.c cuts them. */
static void libical_alone(struct table *t, const struct files *f)
{
    size_t blocks = 0;
    char *block = NULL;
    size_t block_cap = 0;
    double parse_wall = 0, parse_cpu = 0;
    icalerror_set_errors_are_fatal(0);
    start(t);
    for (size_t i = 0; i < f->n; i++) {
        size_t len;
        char *data = slurp(f->paths[i], &len);
        if (data == NULL) {
            continue;
        }
        const char *p = data;
        while ((p = strstr(p, "BEGIN:VEVENT")) != NULL) {
            const char *q = strstr(p, "END:VEVENT");
            if (q == NULL) {
                break;
            }
            q += 10;
            size_t n = (size_t)(q - p);
            if (n + 1 > block_cap) {
                block_cap = (n + 1) * 2;
                char *b = realloc(block, block_cap);
                if (b == NULL) {
                    break;
                }
                block = b;
            }
            memcpy(block, p, n);
            block[n] = '\0';
            double w0 = wall_now(), c0 = cpu_now();
            icalcomponent *comp = icalparser_parse_string(block);
            icalcomponent_free(comp);
            parse_wall += wall_now() - w0;
            parse_cpu += cpu_now() - c0;
            blocks++;
            p = q;
        }
        free(data);
    }
    free(block);
    mark(t, "libical: read+split+parse");
    add_row(t, "  icalparser alone", parse_wall, parse_cpu, true);
    printf("  (%zu VEVENT blocks, %.1f us each in libical's parser)\n", blocks,
           blocks ? parse_wall * 1e6 / (double)blocks : 0.0);
}

/* ------------------------------------------------------------------ */
/* One size                                                             */

struct config {
    const char *data;
    int threads;
    bool libical_only;
    bool parsers;
    bool html;
};

static int ensure_org(const char *dir, int people)
{
    char path[1100];
    snprintf(path, sizeof(path), "%s/people.csv", dir);
    struct stat st;
    if (stat(path, &st) == 0) {
        return LSN_OK;
    }
    printf("generating %d people into %s (once) ...\n", people, dir);
    fflush(stdout);
    lsn_gen_options go = LSN_GEN_OPTIONS_INIT;
    go.people = people;
    /* The 100,000-person row is the organization of the issue that asked
     * for it (`liaison gen --people 100000 --seed 7`). */
    go.seed = people == BIG_PEOPLE ? BIG_SEED : go.seed;
    double w = wall_now();
    int rc = lsn_gen_write(dir, &go);
    if (rc == LSN_OK) {
        printf("generated in %.1f s\n", wall_now() - w);
    }
    return rc;
}

static int load_once(lsn_calendar **cal,
                     const lsn_org *org,
                     const char *mailboxes,
                     int threads,
                     bool libical_only,
                     lsn_load_profile *profile)
{
    lsn_load_options lo = LSN_LOAD_OPTIONS_INIT;
    lo.threads = threads;
    lo.libical_only = libical_only;
    lo.profile = profile;
    const char *paths[] = {mailboxes};
    return lsn_calendar_load(cal, org, paths, 1, &lo);
}

static int run_size(const struct config *cfg, int people)
{
    int rc;
    char dir[1024], people_csv[1100], teams[1100], needs[1100], mailboxes[1100], out[1100];
    snprintf(dir, sizeof(dir), "%s/people-%d", cfg->data, people);
    if ((rc = ensure_org(dir, people)) != LSN_OK) {
        fprintf(stderr, "liaison_bench: %s\n", lsn_error_last());
        return rc;
    }
    snprintf(people_csv, sizeof(people_csv), "%s/people.csv", dir);
    snprintf(teams, sizeof(teams), "%s/teams.csv", dir);
    snprintf(needs, sizeof(needs), "%s/needs.csv", dir);
    snprintf(mailboxes, sizeof(mailboxes), "%s/mailboxes", dir);
    snprintf(out, sizeof(out), "%s/out", dir);

    struct files f = {0};
    list_files(&f, mailboxes);
    char title[256];
    snprintf(title, sizeof(title), "== %d people: %zu mailbox files, %.1f MB", people, f.n,
             f.bytes / 1e6);
    printf("%s\n", title);
    fflush(stdout);

    /* The floor: `cat` reading the same files (from the page cache after a
     * first, discarded run). */
    char cmd[1300];
    snprintf(cmd, sizeof(cmd), "find '%s' -type f -exec cat {} + > /dev/null", mailboxes);
    if (system(cmd) != 0) {
        fprintf(stderr, "liaison_bench: '%s' failed\n", cmd);
    }
    double cat = 0;
    for (int k = 0; k < 3; k++) { /* the fastest of three: the machine may be busy */
        double w = wall_now();
        if (system(cmd) != 0) {
            fprintf(stderr, "liaison_bench: '%s' failed\n", cmd);
        }
        w = wall_now() - w;
        cat = k == 0 || w < cat ? w : cat;
    }
    printf("  cat of the files: %.3f s, %.0f MB/s\n", cat, cat > 0 ? f.bytes / 1e6 / cat : 0.0);
    double rd = read_floor(&f);
    printf("  read() of the files: %.3f s, %.0f MB/s\n", rd, rd > 0 ? f.bytes / 1e6 / rd : 0.0);

    struct table t = {0};
    t.bytes = f.bytes;
    t.cat = cat;
    t.read = rd;
    lsn_org *org = NULL;
    lsn_calendar *cal = NULL;
    lsn_run run = {0};
    lsn_settings settings;
    lsn_settings_defaults(&settings);
    lsn_warn_set_handler(NULL, NULL);

    start(&t);
    t.cpu0 = t.last_cpu;
    if ((rc = lsn_roster_load(&org, people_csv, teams, needs)) != LSN_OK) {
        goto fail;
    }
    mark(&t, "roster");
    lsn_load_profile prof;
    if ((rc = load_once(&cal, org, mailboxes, cfg->threads, cfg->libical_only, &prof)) != LSN_OK) {
        goto fail;
    }
    mark(&t, "load");
    add_row(&t, "  read+parse+merge", prof.read_parse, -1, true);
    add_row(&t, "  references+window", prof.window, -1, true);
    add_row(&t, "  expand+dedupe+decide", prof.expand_merge, -1, true);

    /* The run marks graphs, passes, structure, proposal, impact and roles
     * (wall time and peak memory only); the impact as analyze measures it. */
    lsn_timings clock;
    lsn_timings_start(&clock);
    lsn_run_options ro = LSN_RUN_OPTIONS_INIT;
    ro.timings = &clock;
    ro.impact = true;
    if ((rc = lsn_run_analyze(&run, cal, &settings, &ro)) != LSN_OK) {
        goto fail;
    }
    for (size_t i = 0; i < clock.n; i++) {
        add_row(&t, clock.names[i], clock.seconds[i], -1, true);
        t.rows[t.n - 1].peak_kb = clock.peak_kb[i];
    }
    /* As analyze writes and draws: report.json first (its tree handed to
     * the diagrams), the tables and graphs on a second thread while the DOT
     * files are drawn, unless diagrams are laid out (that forks). */
    start(&t);
    char *report = NULL;
    json_t *report_json = NULL;
    lsn_run_writer *writer = NULL;
    /* Without the page, analyze keeps only the tree the diagrams read. */
    if ((rc = lsn_run_write_begin(&writer, &run, &settings, NULL, out, &report, &report_json,
                                  cfg->html ? LSN_REPORT_TREE_FULL : LSN_REPORT_TREE_DIAGRAMS)) !=
        LSN_OK) {
        goto fail;
    }
    if (cfg->html) {
        rc = lsn_run_write_finish(writer);
        writer = NULL;
    }
    if (rc == LSN_OK) {
        mark(&t, "report");
    }
    lsn_dot_options dot = LSN_DOT_OPTIONS_INIT;
    char *svgs = NULL, *page = NULL;
    if (rc == LSN_OK && cfg->html && (rc = lsn_html_temp_dir(&svgs)) == LSN_OK) {
        dot.svg = true;
        dot.svg_dir = svgs;
    }
    if (rc == LSN_OK) {
        rc = lsn_dot_render_named(report_json, report, out, &dot);
    }
    int wrc = lsn_run_write_finish(writer);
    rc = rc != LSN_OK ? rc : wrc;
    free(report);
    if (rc == LSN_OK) {
        mark(&t, "render");
    }
    if (rc == LSN_OK && cfg->html) {
        page = lsn_fs_join(out, "report.html");
        rc = page == NULL ? lsn_oom() : lsn_html_render_report(report_json, page, svgs, &dot);
        if (rc == LSN_OK) {
            mark(&t, "html");
        }
    }
    json_decref(report_json);
    free(page);
    if (svgs != NULL) {
        lsn_html_remove_tree(svgs);
        free(svgs);
    }
    if (rc != LSN_OK) {
        goto fail;
    }
    const lsn_input_stats *st = lsn_calendar_stats(cal);
    printf("  %lld VEVENTs (%lld fast reader, %lld libical) on %d threads; %lld instances "
           "read, %lld used, %lld copies merged\n",
           (long long)st->vevents, (long long)prof.vevents_fast, (long long)prof.vevents_libical,
           prof.threads, (long long)st->read, (long long)st->used,
           (long long)st->duplicates_merged);
    snprintf(title, sizeof(title), "  phases, %d people", people);
    print_table(&t, title, true);
    lsn_run_free(&run);
    lsn_calendar_free(cal);
    cal = NULL;

    if (cfg->parsers) {
        struct table p = {0};
        p.bytes = f.bytes;
        libical_alone(&p, &f);
        static const struct {
            const char *name;
            int threads;
            bool libical_only;
        } variants[] = {{"load, libical, 1 thread", 1, true},
                        {"load, fast, 1 thread", 1, false},
                        {"load, fast, N threads", 0, false}};
        for (size_t v = 0; v < 3; v++) {
            start(&p);
            if ((rc = load_once(&cal, org, mailboxes, variants[v].threads, variants[v].libical_only,
                                &prof)) != LSN_OK) {
                goto fail;
            }
            mark(&p, variants[v].name);
            add_row(&p, "  read+parse+merge", prof.read_parse, -1, true);
            lsn_calendar_free(cal);
            cal = NULL;
        }
        snprintf(title, sizeof(title), "  parsers, %d people (rows are alternatives, not a sum)",
                 people);
        print_table(&p, title, false);
    }
    lsn_org_free(org);
    free_files(&f);
    return LSN_OK;
fail:
    fprintf(stderr, "liaison_bench: %s\n", lsn_error_last());
    lsn_run_free(&run);
    lsn_calendar_free(cal);
    lsn_org_free(org);
    free_files(&f);
    return rc;
}

static int usage(void)
{
    fprintf(stderr, "usage: liaison_bench [--sizes N,N,...] [--data DIR] [--threads N] "
                    "[--runs N] [--libical-only] [--parsers] [--html]\n");
    return 2;
}

/* One size in a child process of its own, its output into *text
 * (malloc'd); the child's total seconds in *total (-1 when it printed
 * none). Returns false when the child failed. */
static bool size_in_child(const struct config *cfg, int people, char **text, double *total)
{
    *text = NULL;
    *total = -1;
    int fds[2];
    if (pipe(fds) != 0) {
        fprintf(stderr, "liaison_bench: pipe: %s\n", strerror(errno));
        return false;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "liaison_bench: fork: %s\n", strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return false;
    }
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], STDOUT_FILENO);
        close(fds[1]);
        int rc = run_size(cfg, people);
        fflush(stdout);
        _exit(rc == LSN_OK ? 0 : 1);
    }
    close(fds[1]);
    size_t n = 0, cap = 4096;
    char *buf = malloc(cap);
    for (;;) {
        if (buf != NULL && cap - n < 1024) {
            char *grown = realloc(buf, cap * 2);
            if (grown == NULL) {
                free(buf);
                buf = NULL;
            } else {
                buf = grown;
                cap *= 2;
            }
        }
        char sink[1024];
        ssize_t got =
            read(fds[0], buf != NULL ? buf + n : sink, buf != NULL ? cap - n - 1 : sizeof(sink));
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            break;
        }
        n += buf != NULL ? (size_t)got : 0;
    }
    close(fds[0]);
    int st;
    bool ok = waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    if (buf != NULL) {
        buf[n] = '\0';
        const char *line = strstr(buf, "\n  total ");
        if (line != NULL) {
            *total = strtod(line + strlen("\n  total "), NULL);
        }
    }
    *text = buf;
    return ok && buf != NULL;
}

int main(int argc, char **argv)
{
    lsn_process_setup(argv);
    struct config cfg = {LSN_BENCH_DATA, 0, false, false, false};
    int runs = 3;
    int sizes[MAX_SIZES] = {2000, 5000, 20000};
    size_t nsizes = 3;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--sizes") == 0 && i + 1 < argc) {
            nsizes = 0;
            char *s = argv[++i];
            while (*s != '\0' && nsizes < MAX_SIZES) {
                char *end;
                long v = strtol(s, &end, 10);
                if (end == s || v < 20 || v > 200000) {
                    return usage();
                }
                sizes[nsizes++] = (int)v;
                s = *end == ',' ? end + 1 : end;
            }
        } else if (strcmp(argv[i], "--data") == 0 && i + 1 < argc) {
            cfg.data = argv[++i];
        } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
            cfg.threads = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
            runs = atoi(argv[++i]);
            if (runs < 1 || runs > MAX_RUNS) {
                return usage();
            }
        } else if (strcmp(argv[i], "--libical-only") == 0) {
            cfg.libical_only = true;
        } else if (strcmp(argv[i], "--parsers") == 0) {
            cfg.parsers = true;
        } else if (strcmp(argv[i], "--html") == 0) {
            cfg.html = true;
        } else {
            return usage();
        }
    }
    const char *big = getenv("LSN_BENCH_100K");
    if (big != NULL && strcmp(big, "1") == 0 && nsizes < MAX_SIZES) {
        sizes[nsizes++] = BIG_PEOPLE;
    }
    printf("liaison_bench: data in %s, %ld online CPUs, threads %d (0 = all)%s\n", cfg.data,
           sysconf(_SC_NPROCESSORS_ONLN), cfg.threads, cfg.libical_only ? ", libical only" : "");
    int status = 0;
    for (size_t i = 0; i < nsizes; i++) {
        /* Each run a fresh process (a second run in the same one would reuse
         * memory the first made the kernel zero); the run with the median
         * total is shown whole, the others' totals beside it. */
        char *text[MAX_RUNS] = {NULL};
        double total[MAX_RUNS];
        bool ok = true;
        int done = 0;
        for (; done < runs && ok; done++) {
            ok = size_in_child(&cfg, sizes[i], &text[done], &total[done]);
            ok = ok && total[done] >= 0;
        }
        if (!ok) {
            fputs(text[done - 1] != NULL ? text[done - 1] : "", stdout);
            status = 1;
        } else {
            int order[MAX_RUNS];
            for (int k = 0; k < runs; k++) {
                order[k] = k;
            }
            for (int a = 1; a < runs; a++) { /* insertion: a handful of runs */
                for (int b = a; b > 0 && total[order[b]] < total[order[b - 1]]; b--) {
                    int t = order[b];
                    order[b] = order[b - 1];
                    order[b - 1] = t;
                }
            }
            int median = order[(runs - 1) / 2];
            fputs(text[median], stdout);
            if (runs > 1) {
                printf("  %d runs, each in a process of its own; totals", runs);
                for (int k = 0; k < runs; k++) {
                    printf(" %.3f", total[k]);
                }
                printf(" s; shown: run %d, the median\n", median + 1);
            }
        }
        for (int k = 0; k < done; k++) {
            free(text[k]);
        }
        fflush(stdout);
    }
    return status;
}
