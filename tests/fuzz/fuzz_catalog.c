/*
 * tests/fuzz/fuzz_catalog.c — the Backstage catalog reader (io/catalog.c
 * over libyaml, io/catalog_needs.c, the org model io/org.c): the input is
 * one YAML stream, read as a catalog, resolved into an organization (every
 * reference, owner chain, Group hierarchy and derived need) and, when that
 * succeeds, renamed (lsn_org_rename, what --anonymize does, evidence
 * included) to walk every string and index of the finished org.
 */
#include "fuzz.h"

#include "io/catalog.h"
#include "io/error.h"

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

/* Replacements live until the copy keeps them: two buffers take turns. */
struct names {
    char *buf[2];
    unsigned next;
};

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
    static const int allowed[] = {LSN_EPARSE, LSN_ENOMEM, 0};
    fuzz_reset();
    lsn_catalog *cat = NULL;
    lsn_org *org = NULL;
    int rc = lsn_catalog_new(&cat);
    if (rc == LSN_OK) {
        rc = lsn_catalog_read_buffer(cat, (const char *)data, size, "catalog.yaml");
    }
    if (rc == LSN_OK) {
        rc = lsn_catalog_org(&org, cat, NULL, NULL);
    }
    fuzz_check_rc("lsn_catalog", rc, allowed);
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
    lsn_catalog_free(cat);
    return 0;
}
