/*
 * tests/fuzz/fuzz_msgraph.c — lsn_msgraph_parse (io/msgraph.c, over jansson):
 * one Microsoft Graph event JSON file, in memory as io/load.c hands it over
 * (Latin-1 when it is not UTF-8), against the fixed roster (attendees
 * without an address are resolved by name). The --tz zone is Europe/Berlin.
 */
#include "fuzz.h"

#include "io/error.h"
#include "io/msgraph.h"
#include "io/raw.h"

#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_init();
    fuzz_roster();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int allowed[] = {LSN_EPARSE, LSN_ENOMEM, 0};
    fuzz_reset();
    const icaltimezone *floating = fuzz_floating();
    size_t len;
    char *text = fuzz_text(data, size, &len);
    lsn_rawset set;
    if (lsn_rawset_init(&set, NULL) != LSN_OK) {
        abort();
    }
    int32_t file = lsn_rawset_add_file(&set, "graph.json");
    int64_t events = 0;
    lsn_raw_source src = lsn_raw_source_of(&set, file, fuzz_roster(), floating);
    int rc = lsn_msgraph_parse(&src, text, len, &events);
    fuzz_check_rc("lsn_msgraph_parse", rc, allowed);
    if (rc != LSN_OK && set.nevents != 0) {
        fprintf(stderr, "fuzz: records left in the set after an error\n");
        abort();
    }
    lsn_rawset_destroy(&set);
    free(text);
    return 0;
}
