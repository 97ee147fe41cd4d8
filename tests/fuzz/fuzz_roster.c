/*
 * tests/fuzz/fuzz_roster.c — lsn_roster_load (io/roster.c over the CSV
 * reader io/csvtable.c and the org model io/org.c): people.csv, teams.csv
 * and needs.csv. The input is people.csv, optionally followed by the line
 * "====" and teams.csv, and by another "====" and needs.csv; each part is
 * written to its own file. A roster that loads is then renamed
 * (lsn_org_rename, what --anonymize does to it) to walk every string and
 * index of the finished org.
 */
#include "fuzz.h"

#include "io/error.h"
#include "io/roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_init();
    return 0;
}

/* Replacements live until the copy is built: org.c asks for an email and
 * a name before it keeps either, so two buffers take turns. */
struct names {
    char *buf[2];
    unsigned next;
};

/* Every text gets a distinct replacement: itself with a prefix. */
static const char *rename_text(void *ud, lsn_text_kind kind, const char *text, const char *owner)
{
    (void)kind;
    (void)owner;
    struct names *nm = ud;
    char **buf = &nm->buf[nm->next++ % 2];
    size_t size = strlen(text) + 3;
    char *grown = realloc(*buf, size);
    if (grown == NULL) {
        return NULL;
    }
    *buf = grown;
    snprintf(*buf, size, "x-%s", text);
    return *buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int allowed[] = {LSN_EIO, LSN_EPARSE, LSN_ENOMEM, 0};
    fuzz_reset();
    const uint8_t *part[3];
    size_t plen[3];
    size_t n = fuzz_split(data, size, part, plen, 3);
    const char *people = fuzz_write("people.csv", part[0], plen[0]);
    const char *teams = n > 1 ? fuzz_write("teams.csv", part[1], plen[1]) : NULL;
    const char *needs = n > 2 ? fuzz_write("needs.csv", part[2], plen[2]) : NULL;
    lsn_org *org = NULL;
    int rc = lsn_roster_load(&org, people, teams, needs);
    fuzz_check_rc("lsn_roster_load", rc, allowed);
    if (rc == LSN_OK) {
        struct names nm = {{NULL, NULL}, 0};
        lsn_org *copy = NULL;
        rc = lsn_org_rename(&copy, org, rename_text, &nm);
        if (rc != LSN_OK) {
            fprintf(stderr, "fuzz: lsn_org_rename: %s\n", lsn_error_last());
            abort();
        }
        lsn_org_free(copy);
        free(nm.buf[0]);
        free(nm.buf[1]);
    } else if (org != NULL) {
        fprintf(stderr, "fuzz: an org returned with an error\n");
        abort();
    }
    lsn_org_free(org);
    return 0;
}
