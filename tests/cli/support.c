/*
 * tests/cli/support.c — helpers of the compare, slices and batch tests:
 * scratch folder, running the binary, reading files.
 */
#include "support.h"

#include "analysis/finding_types.h"

// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
// clang-format on

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

char tcli_tmp[256];

int tcli_setup(const char *name)
{
    snprintf(tcli_tmp, sizeof(tcli_tmp), "/tmp/lsn-%s-XXXXXX", name);
    return mkdtemp(tcli_tmp) != NULL ? 0 : -1;
}

int tcli_teardown(void)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tcli_tmp);
    return system(cmd) == 0 ? 0 : -1;
}

static char *slurp_path(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)(n < 0 ? 0 : n) + 1);
    assert_non_null(buf);
    size_t got = fread(buf, 1, (size_t)(n < 0 ? 0 : n), f);
    buf[got] = '\0';
    fclose(f);
    return buf;
}

char *tcli_slurp(const char *fmt, ...)
{
    char path[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(path, sizeof(path), fmt, ap);
    va_end(ap);
    return slurp_path(path);
}

tcli_run tcli_liaison(const char *fmt, ...)
{
    char args[8192], cmd[12288], out[512], err[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof(args), fmt, ap);
    va_end(ap);
    snprintf(out, sizeof(out), "%s/stdout", tcli_tmp);
    snprintf(err, sizeof(err), "%s/stderr", tcli_tmp);
    snprintf(cmd, sizeof(cmd), "'%s' %s >'%s' 2>'%s' </dev/null", LSN_BINARY, args, out, err);
    int st = system(cmd);
    tcli_run r;
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.out = slurp_path(out);
    r.err = slurp_path(err);
    assert_non_null(r.out);
    assert_non_null(r.err);
    return r;
}

void tcli_run_free(tcli_run *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

void tcli_write(const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", tcli_tmp, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

bool tcli_same_file(const char *a, const char *b)
{
    char *x = slurp_path(a), *y = slurp_path(b);
    bool same = x != NULL && y != NULL && strcmp(x, y) == 0;
    free(x);
    free(y);
    return same;
}

char *tcli_type_names(const char *prefix, const char *sep)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_non_null(f);
    for (int t = 0; t < LSN_FINDING_TYPES; t++) {
        fprintf(f, "%s%s%s", t > 0 ? sep : "", prefix, lsn_finding_type_name((lsn_finding_type)t));
    }
    fclose(f);
    return out;
}

char *tcli_type_counts(const int *counts, const char *sep)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_non_null(f);
    for (int t = 0; t < LSN_FINDING_TYPES; t++) {
        fprintf(f, "%s%d", t > 0 ? sep : "", counts[t]);
    }
    fclose(f);
    return out;
}
