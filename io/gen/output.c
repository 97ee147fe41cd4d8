/*
 * io/gen/output.c — what the writers share: writing a file from a text
 * (io/text.h), clearing an earlier run's exports, the series of each
 * mailbox, and UTC conversions of local times (libical). Folders are made
 * by io/fsutil.h. It formats nothing itself.
 */
#include "io/gen/internal.h"

#include "io/error.h"
#include "io/fsutil.h"
#include "io/raw.h"

#include <libical/ical.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Files                                                                */
/* ------------------------------------------------------------------ */

int gen_write_file(const char *path, const lsn_text *b)
{
    if (b->failed) {
        return lsn_oom();
    }
    FILE *f = lsn_fs_create(path);
    if (f == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    size_t w = b->len ? fwrite(b->p, 1, b->len, f) : 0;
    int err = w != b->len ? errno : 0;
    if (fclose(f) != 0 && err == 0) {
        err = errno ? errno : EIO;
    }
    if (err != 0) {
        return lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(err));
    }
    return LSN_OK;
}

/* Write dir/name from b. */
int gen_write_in(const char *dir, const char *name, const lsn_text *b)
{
    char *path = lsn_fs_join(dir, name);
    if (path == NULL) {
        return lsn_oom();
    }
    int rc = gen_write_file(path, b);
    free(path);
    return rc;
}

int gen_remove_in(const char *dir, const char *name)
{
    char *path = lsn_fs_join(dir, name);
    if (path == NULL) {
        return lsn_oom();
    }
    int rc = LSN_OK;
    if (unlink(path) != 0 && errno != ENOENT && errno != ENOTDIR) {
        rc = lsn_error_set(LSN_EIO, "%s: cannot remove: %s", path, strerror(errno));
    }
    free(path);
    return rc;
}

/* Remove the files ending in suffix that a previous run left in dir. */
int gen_clear_files(const char *dir, const char *suffix)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot read: %s", dir, strerror(errno));
    }
    int rc = LSN_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name), k = strlen(suffix);
        if (n > k && strcmp(e->d_name + n - k, suffix) == 0) {
            char *p = lsn_fs_join(dir, e->d_name);
            if (p == NULL) {
                rc = lsn_oom();
                break;
            }
            if (unlink(p) != 0 && errno != ENOENT) {
                rc = lsn_error_set(LSN_EIO, "%s: cannot remove: %s", p, strerror(errno));
                free(p);
                break;
            }
            free(p);
        }
    }
    closedir(d);
    return rc;
}

int gen_export_folder(char **out, const char *dir, const char *sub, const char *suffix)
{
    if ((*out = lsn_fs_join(dir, sub)) == NULL) {
        return lsn_oom();
    }
    int rc = lsn_fs_make_dir(*out);
    return rc < 0 ? rc : gen_clear_files(*out, suffix);
}

char *gen_mailbox_path(const char *folder, const char *email, const char *suffix)
{
    char name[300];
    snprintf(name, sizeof(name), "%.*s%s", (int)strcspn(email, "@"), email, suffix);
    return lsn_fs_join(folder, name);
}

/* ------------------------------------------------------------------ */
/* Mailboxes and zones                                                  */
/* ------------------------------------------------------------------ */

unsigned gen_series_zone_bit(const lsn_gen_series *x)
{
    return (x->all_day || x->zone == Z_UTC) ? 0u : 1u << x->zone;
}

/*
 * The series of each roster person's mailbox (organizer or attendee of any
 * role), in series order: list[first[p] .. first[p + 1]). zones[p] has the
 * bit of every zone those series use (gen_series_zone_bit). Free all three.
 */
static int
mailboxes(const lsn_gen *g, int32_t **first_out, int32_t **list_out, unsigned **zones_out)
{
    int rc = LSN_OK;
    size_t np = g->npeople;
    int32_t *first = calloc(np + 1, sizeof(int32_t));
    int32_t *stamp = malloc((np ? np : 1) * sizeof(int32_t));
    unsigned *zones = calloc(np ? np : 1, sizeof(unsigned));
    int32_t *list = NULL;
    if (first == NULL || stamp == NULL || zones == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    for (int pass = 0; pass < 2; pass++) {
        for (size_t p = 0; p < np; p++) {
            stamp[p] = -1;
        }
        for (size_t s = 0; s < g->nseries; s++) {
            const lsn_gen_series *x = &g->series[s];
            for (size_t i = 0; i <= x->attendee_count; i++) {
                int32_t who = i == 0 ? x->organizer : x->attendees[i - 1].party;
                if ((size_t)who >= np || stamp[who] == (int32_t)s) {
                    continue;
                }
                stamp[who] = (int32_t)s;
                if (pass == 0) {
                    first[who + 1]++;
                    zones[who] |= gen_series_zone_bit(x);
                } else {
                    list[first[who]++] = (int32_t)s;
                }
            }
        }
        if (pass == 0) {
            for (size_t p = 0; p < np; p++) {
                first[p + 1] += first[p];
            }
            list = malloc((first[np] ? (size_t)first[np] : 1) * sizeof(int32_t));
            if (list == NULL) {
                rc = lsn_oom();
                goto cleanup;
            }
        }
    }
    /* Pass 1 advanced first[p] to the end of p's range: shift back. */
    for (size_t p = np; p > 0; p--) {
        first[p] = first[p - 1];
    }
    first[0] = 0;
cleanup:
    free(stamp);
    if (rc < 0) {
        free(first);
        free(list);
        free(zones);
        first = list = NULL;
        zones = NULL;
    }
    *first_out = first;
    *list_out = list;
    *zones_out = zones;
    return rc;
}

int gen_mailboxes_open(
    gen_mailbox_set *m, const lsn_gen *g, const char *dir, const char *sub, const char *suffix)
{
    memset(m, 0, sizeof(*m));
    m->suffix = suffix;
    int rc = mailboxes(g, &m->first, &m->list, &m->zones);
    return rc < 0 ? rc : gen_export_folder(&m->folder, dir, sub, suffix);
}

int gen_mailbox_file(const char **out, gen_mailbox_set *m, const char *email)
{
    free(m->path);
    *out = m->path = gen_mailbox_path(m->folder, email, m->suffix);
    return m->path != NULL ? LSN_OK : lsn_oom();
}

void gen_mailboxes_free(gen_mailbox_set *m)
{
    free(m->first);
    free(m->list);
    free(m->zones);
    free(m->folder);
    free(m->path);
    memset(m, 0, sizeof(*m));
}

/* The organizer's mailbox and the combined export hold every reply; an
 * attendee's holds only their own, the others still awaiting an answer. */
lsn_gen_partstat
gen_shown_partstat(const lsn_gen_series *x, const lsn_gen_attendee *a, int32_t viewer)
{
    bool all = viewer < 0 || viewer == x->organizer;
    return (all || a->party == viewer) ? (lsn_gen_partstat)a->partstat : LSN_GEN_NEEDS_ACTION;
}

const icaltimezone *gen_zone(int32_t z)
{
    return z == Z_UTC ? icaltimezone_get_utc_timezone()
                      : icaltimezone_get_builtin_timezone(gen_zone_names[z]);
}

int gen_zone_unavailable(int32_t z)
{
    return lsn_error_set(LSN_EINTERNAL,
                         "time zone %s is not available (is the tzdata package installed?)",
                         gen_zone_names[z]);
}

/* UTC seconds of a local day and minute (the minute may pass midnight). */
int64_t gen_utc(int32_t day, int32_t minute, const icaltimezone *zone)
{
    day += minute / 1440;
    minute %= 1440;
    int y, m, d;
    lsn_civil_from_days(day, &y, &m, &d);
    struct icaltimetype t = lsn_local_time(y, m, d, minute / 60, minute % 60, 0);
    return (int64_t)icaltime_as_timet_with_zone(t, zone);
}

/* Local day and minute of a UTC instant. */
void gen_local(int64_t utc, const icaltimezone *zone, int32_t *day, int32_t *minute)
{
    struct icaltimetype t = icaltime_from_timet_with_zone((time_t)utc, 0, (icaltimezone *)zone);
    *day = gen_days_from_civil(t.year, t.month, t.day);
    *minute = t.hour * 60 + t.minute;
}
