/*
 * tests/fuzz/replay.c — the main of a harness without libFuzzer: runs
 * LLVMFuzzerTestOneInput on every file named on the command line and on
 * every file under every folder named (recursively, in name order, hidden
 * entries and README.md skipped). Built in the normal and sanitizer builds,
 * so that every input a fuzzer once crashed on (tests/fuzz/regressions/)
 * stays a test without clang. A crash is the harness's abort or a
 * sanitizer report; an input that takes more than REPLAY_TIMEOUT seconds of
 * CPU (the fuzzers' -timeout) and a path that cannot be read fail the run.
 */
#include "fuzz.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#define REPLAY_TIMEOUT 10
#define STR2(x) #x
#define STR(x) STR2(x)

/* What the CPU timer's handler says: the input being run. */
static char current[4096];

static void on_timeout(int sig)
{
    (void)sig;
    static const char head[] = "replay: timeout: more than " STR(REPLAY_TIMEOUT) " s of CPU on ";
    ssize_t ignored = write(STDERR_FILENO, head, sizeof(head) - 1);
    ignored = write(STDERR_FILENO, current, strlen(current));
    ignored = write(STDERR_FILENO, "\n", 1);
    (void)ignored;
    _exit(1);
}

/* Arm (seconds > 0) or disarm the CPU-time limit of one input. */
static void cpu_limit(int seconds)
{
    struct itimerval t = {{0, 0}, {seconds, 0}};
    setitimer(ITIMER_PROF, &t, NULL);
}

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return -1;
    }
    size_t cap = 4096, len = 0;
    uint8_t *data = malloc(cap);
    for (;;) {
        if (data == NULL) {
            fclose(f);
            fprintf(stderr, "replay: out of memory\n");
            return -1;
        }
        len += fread(data + len, 1, cap - len, f);
        if (len < cap) {
            break;
        }
        uint8_t *grown = realloc(data, cap * 2);
        if (grown == NULL) {
            free(data);
        }
        data = grown;
        cap *= 2;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        perror(path);
        free(data);
        return -1;
    }
    /* A copy of exactly len bytes, so that ASan sees any read past the end. */
    uint8_t *exact = malloc(len ? len : 1);
    if (exact == NULL) {
        free(data);
        return -1;
    }
    memcpy(exact, data, len);
    free(data);
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
    snprintf(current, sizeof(current), "%s", path);
    cpu_limit(REPLAY_TIMEOUT);
    LLVMFuzzerTestOneInput(exact, len);
    cpu_limit(0);
    free(exact);
    return 1;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns the number of files run, or -1. */
static int run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        return run_file(path);
    }
    DIR *d = opendir(path);
    if (d == NULL) {
        perror(path);
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "README.md") == 0) {
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **grown = realloc(names, cap * sizeof(*names));
            if (grown == NULL) {
                break;
            }
            names = grown;
        }
        size_t size = strlen(path) + strlen(e->d_name) + 2;
        names[n] = malloc(size);
        if (names[n] == NULL) {
            break;
        }
        snprintf(names[n], size, "%s/%s", path, e->d_name);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof(*names), cmp_names);
    int total = 0;
    for (size_t i = 0; i < n; i++) {
        int got = total < 0 ? 0 : run_path(names[i]);
        total = got < 0 ? -1 : total + got;
        free(names[i]);
    }
    free(names);
    return total;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|FOLDER...\n", argv[0]);
        return 2;
    }
    signal(SIGPROF, on_timeout);
    LLVMFuzzerInitialize(&argc, &argv);
    int total = 0;
    for (int i = 1; i < argc; i++) {
        int got = run_path(argv[i]);
        if (got < 0) {
            return 1;
        }
        total += got;
    }
    fprintf(stderr, "replay: %d inputs, no crash\n", total);
    return 0;
}
