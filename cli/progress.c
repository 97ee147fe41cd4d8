/*
 * cli/progress.c — the progress line on standard error (cli/progress.h).
 * Presentation only: it never changes what a run computes or writes.
 */
#include "cli/progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Narrower than any terminal, so the line never wraps and '\r' always
 * returns to its start. */
#define WIDTH 79

static struct {
    bool drawing;    /* lsn_progress_begin(true) on a terminal */
    bool erase_only; /* a child: erase the parent's line before a warning */
    size_t shown;    /* characters of the line now on the terminal */
    double last;     /* monotonic time of the last draw */
    char context[96];
    char phase[96];
    char detail[96];
    char count[48];
} p;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void erase(size_t n)
{
    char line[WIDTH + 3];
    if (n > WIDTH) {
        n = WIDTH;
    }
    line[0] = '\r';
    memset(line + 1, ' ', n);
    line[n + 1] = '\r';
    fwrite(line, 1, n + 2, stderr);
    fflush(stderr);
}

static void draw(bool force)
{
    if (!p.drawing || p.phase[0] == '\0') {
        return;
    }
    double t = now();
    if (!force && t - p.last < 0.1) {
        return;
    }
    p.last = t;
    char line[WIDTH + 1];
    int n =
        snprintf(line, sizeof(line), "liaison: %s%s%s%s%s%s%s", p.context, p.context[0] ? ": " : "",
                 p.phase, p.detail[0] ? ": " : "", p.detail, p.count[0] ? " " : "", p.count);
    size_t len = n < 0 ? 0 : (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1;
    /* '\r', the line, then blanks over what is left of a longer one. */
    char out[2 * WIDTH + 2];
    out[0] = '\r';
    memcpy(out + 1, line, len);
    size_t pad = p.shown > len ? p.shown - len : 0;
    memset(out + 1 + len, ' ', pad);
    size_t total = 1 + len + pad;
    if (pad > 0) {
        out[total++] = '\r';
        memcpy(out + total, line, len);
        total += len;
    }
    fwrite(out, 1, total, stderr);
    fflush(stderr);
    p.shown = len;
}

void lsn_progress_begin(bool on)
{
    memset(&p, 0, sizeof(p));
    p.drawing = on && isatty(STDERR_FILENO);
}

void lsn_progress_context(const char *fmt, ...)
{
    p.context[0] = '\0';
    if (fmt != NULL) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p.context, sizeof(p.context), fmt, ap);
        va_end(ap);
    }
}

void lsn_progress_phase(const char *name)
{
    snprintf(p.phase, sizeof(p.phase), "%s", name);
    p.detail[0] = '\0';
    p.count[0] = '\0';
    draw(true);
}

void lsn_progress_count(size_t done, size_t total)
{
    snprintf(p.count, sizeof(p.count), "%zu/%zu", done, total);
    draw(done == 0);
}

void lsn_progress_count_now(size_t done, size_t total)
{
    snprintf(p.count, sizeof(p.count), "%zu/%zu", done, total);
    draw(true);
}

void lsn_progress_share(double share)
{
    if (!(share >= 0)) {
        share = 0;
    }
    snprintf(p.count, sizeof(p.count), "%d%%", share >= 1 ? 100 : (int)(share * 100));
    draw(false);
}

void lsn_progress_detail(const char *detail)
{
    snprintf(p.detail, sizeof(p.detail), "%s", detail);
    p.count[0] = '\0';
    draw(true);
}

void lsn_progress_clear(void)
{
    if (p.erase_only) {
        erase(WIDTH);
    } else if (p.shown > 0) {
        erase(p.shown);
        p.shown = 0;
        p.last = 0; /* the next update draws again at once */
    }
}

void lsn_progress_end(void)
{
    lsn_progress_clear();
    p.drawing = false;
    p.phase[0] = '\0';
}

void lsn_progress_child(void)
{
    p.erase_only = p.drawing;
    p.drawing = false;
    p.shown = 0;
}

void lsn_progress_load(void *ud, const char *stage, size_t done, size_t total)
{
    (void)ud;
    if (strcmp(stage, p.phase) != 0) {
        lsn_progress_phase(stage);
    }
    lsn_progress_count(done, total);
}

void lsn_progress_run(void *ud, const char *phase)
{
    (void)ud;
    lsn_progress_phase(phase);
}

void lsn_progress_roles(void *ud, const char *part, double share)
{
    (void)ud;
    if (strcmp(part, p.detail) != 0) {
        lsn_progress_detail(part);
    }
    if (share >= 0) {
        lsn_progress_share(share);
    }
}

void lsn_progress_dot(void *ud, const char *file)
{
    (void)ud;
    lsn_progress_detail(file);
}
