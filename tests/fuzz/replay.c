/*
 * tests/fuzz/replay.c — the main of a harness without libFuzzer: runs
 * LLVMFuzzerTestOneInput on every file named on the command line and on
 * every file under every folder named (recursively, in name order, hidden
 * entries and README.md skipped). Built in the normal and sanitizer builds,
 * so that every input a fuzzer once crashed on (tests/fuzz/regressions/)
 * stays a test without clang. A crash is the harness's abort or a
 * sanitizer report; a path that cannot be read fails the run.
 */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
    LLVMFuzzerTestOneInput(exact, len);
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
