/*
 * tests/fuzz/support.c — the shared part of the fuzz harnesses (see
 * fuzz.h). Nothing here keeps state from one input to the next except the
 * roster (read-only) and the temporary folder.
 */
#include "fuzz.h"

#include "io/error.h"
#include "io/ics.h"
#include "io/raw.h"
#include "io/roster.h"

#include <libical/ical.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[4096];
static lsn_org *roster;

/* The calendar harnesses' roster. Names as well as addresses: the Outlook
 * and Graph readers resolve attendees given only by name. */
static const char people_csv[] = "email,name,team,manager\n"
                                 "a@example.com,A Person,alpha,\n"
                                 "b@example.com,B Person,alpha,a@example.com\n"
                                 "c@example.com,C Person,beta,a@example.com\n"
                                 "jsmith@example.com,John Smith,beta,\n"
                                 "jdoe@example.com,Jane Doe,gamma,jsmith@example.com\n"
                                 "alice@acme.example,Alice Archer,red,\n"
                                 "bob@acme.example,Bob Baker,red,alice@acme.example\n"
                                 "carol@acme.example,Carol Cook,blue,\n"
                                 "dave@acme.example,Dave Dyer,blue,carol@acme.example\n"
                                 "anna.anderson@acme.example,Anna Anderson,leadership,\n"
                                 "abigail.huang@acme.example,Abigail Huang,leadership,\n"
                                 "jan.menon@acme.example,Jan Menon,eng-leads,\n";

static void sink(void *ud, const char *message)
{
    (void)ud;
    if (message == NULL || message[0] == '\0') {
        fprintf(stderr, "fuzz: an empty warning\n");
        abort();
    }
}

/* Remove the folder's files (one level: the harnesses make no subfolders
 * but the render output, which is flat too) and the folder. */
static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d != NULL) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
                continue;
            }
            char path[8192];
            snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
            if (unlink(path) != 0) {
                remove_tree(path);
            }
        }
        closedir(d);
    }
    rmdir(dir);
}

static void cleanup(void)
{
    lsn_org_free(roster);
    roster = NULL;
    if (tmpdir[0] != '\0') {
        remove_tree(tmpdir);
    }
}

void fuzz_init(void)
{
    if (tmpdir[0] != '\0') {
        return;
    }
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof(tmpdir), "%s/lsn-fuzz-XXXXXX",
             base != NULL && base[0] != '\0' ? base : "/tmp");
    if (mkdtemp(tmpdir) == NULL) {
        perror("fuzz: mkdtemp");
        abort();
    }
    atexit(cleanup);
    lsn_warn_set_handler(sink, NULL);
    lsn_ics_init();
}

void fuzz_reset(void)
{
    lsn_error_clear();
    icalerror_clear_errno();
    /* libical's builtin zones stay loaded from one input to the next: a
     * cache of immutable data whose DST changes are expanded on demand,
     * with the same answers whatever was asked before. Freeing them here
     * (icaltimezone_free_builtin_timezones) would double the cost of a
     * small input for no change in behaviour. */
}

const icaltimezone *fuzz_floating(void)
{
    const icaltimezone *z = lsn_zone_builtin("Europe/Berlin");
    if (z == NULL) {
        fprintf(stderr, "fuzz: no tzdata for Europe/Berlin\n");
        abort();
    }
    return z;
}

const char *fuzz_path(const char *name)
{
    /* A few slots so that a harness can hold several paths at once. */
    static char paths[8][8192];
    static unsigned next;
    char *p = paths[next++ % 8];
    if (name == NULL) {
        snprintf(p, sizeof(paths[0]), "%s", tmpdir);
    } else {
        snprintf(p, sizeof(paths[0]), "%s/%s", tmpdir, name);
    }
    return p;
}

const char *fuzz_write(const char *name, const uint8_t *data, size_t len)
{
    const char *path = fuzz_path(name);
    FILE *f = fopen(path, "wb");
    if (f == NULL || (len > 0 && fwrite(data, 1, len, f) != len) || fclose(f) != 0) {
        perror(path);
        abort();
    }
    return path;
}

void fuzz_remove(const char *name)
{
    unlink(fuzz_path(name));
}

char *fuzz_text(const uint8_t *data, size_t len, size_t *outlen)
{
    size_t i = 0, high = 0;
    bool valid = true;
    while (i < len && valid) {
        uint8_t c = data[i];
        size_t k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (k == 0 || i + k > len) {
            valid = false;
            break;
        }
        for (size_t j = 1; j < k; j++) {
            if ((data[i + j] & 0xC0) != 0x80) {
                valid = false;
            }
        }
        i += k;
    }
    if (!valid) {
        for (i = 0; i < len; i++) {
            high += data[i] >= 0x80;
        }
    }
    char *out = malloc(len + high + 1);
    if (out == NULL) {
        abort();
    }
    size_t o = 0;
    for (i = 0; i < len; i++) {
        if (valid || data[i] < 0x80) {
            out[o++] = (char)data[i];
        } else {
            out[o++] = (char)(0xC0 | (data[i] >> 6));
            out[o++] = (char)(0x80 | (data[i] & 0x3F));
        }
    }
    out[o] = '\0';
    *outlen = o;
    return out;
}

size_t fuzz_split(const uint8_t *data, size_t len, const uint8_t **part, size_t *plen, size_t max)
{
    const size_t seplen = strlen(FUZZ_SEPARATOR);
    size_t n = 0, start = 0;
    for (size_t i = 0; n + 1 < max && i + seplen <= len; i++) {
        if (memcmp(data + i, FUZZ_SEPARATOR, seplen) == 0) {
            part[n] = data + start;
            plen[n] = i - start;
            n++;
            start = i + seplen;
            i = start - 1;
        }
    }
    part[n] = data + start;
    plen[n] = len - start;
    return n + 1;
}

const lsn_org *fuzz_roster(void)
{
    if (roster == NULL) {
        const char *path =
            fuzz_write("roster-people.csv", (const uint8_t *)people_csv, sizeof(people_csv) - 1);
        if (lsn_roster_load(&roster, path, NULL, NULL) != LSN_OK) {
            fprintf(stderr, "fuzz: the fixed roster: %s\n", lsn_error_last());
            abort();
        }
        fuzz_remove("roster-people.csv");
    }
    return roster;
}

void fuzz_check_rc(const char *what, int rc, const int *allowed)
{
    if (rc == LSN_OK) {
        return;
    }
    bool known = false;
    for (const int *a = allowed; *a != 0; a++) {
        known |= *a == rc;
    }
    const char *msg = lsn_error_last();
    if (!known || msg[0] == '\0') {
        fprintf(stderr, "fuzz: %s returned %d (%s) with message '%s'\n", what, rc,
                lsn_error_name(rc), msg);
        abort();
    }
}
