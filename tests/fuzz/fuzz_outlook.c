/*
 * tests/fuzz/fuzz_outlook.c — lsn_outlook_parse (io/outlook.c, over the
 * CSV reader io/csvtable.c): one Outlook "Export to CSV" file, written to
 * a temporary file (the reader streams it from its path), against the
 * fixed roster (attendees are often given by display name). Floating times
 * are in Europe/Berlin, so that DST gaps and folds are reachable.
 */
#include "fuzz.h"

#include "io/error.h"
#include "io/outlook.h"
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
    static const int allowed[] = {LSN_EIO, LSN_EPARSE, LSN_ENOMEM, 0};
    fuzz_reset();
    const icaltimezone *floating = fuzz_floating();
    const char *path = fuzz_write("outlook.csv", data, size);
    lsn_rawset set;
    if (lsn_rawset_init(&set, NULL) != LSN_OK) {
        abort();
    }
    int32_t file = lsn_rawset_add_file(&set, path);
    int64_t rows = 0;
    lsn_raw_source src = lsn_raw_source_of(&set, file, fuzz_roster(), floating);
    int rc = lsn_outlook_parse(&src, &rows);
    fuzz_check_rc("lsn_outlook_parse", rc, allowed);
    lsn_rawset_destroy(&set);
    return 0;
}
