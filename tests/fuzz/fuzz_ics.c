/*
 * tests/fuzz/fuzz_ics.c — lsn_ics_parse (io/ics.c) on one iCalendar file:
 * the fast reader, which takes plain VEVENTs itself and hands anything else
 * (and every VTIMEZONE and RRULE) to libical. Built a second time with
 * FUZZ_LIBICAL_ONLY as fuzz_ics_libical, where every VEVENT goes to libical.
 * The input is the file's bytes (Latin-1 when it is not UTF-8, as
 * io/load.c reads it); floating times are in Europe/Berlin, so that DST
 * gaps and folds are reachable.
 */
#include "fuzz.h"

#include "io/error.h"
#include "io/ics.h"
#include "io/raw.h"

#include <stdio.h>
#include <stdlib.h>

#ifndef FUZZ_LIBICAL_ONLY
#define FUZZ_LIBICAL_ONLY 0
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_init();
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
    lsn_ics_scratch *scratch = NULL;
    if (lsn_rawset_init(&set, NULL) != LSN_OK ||
        lsn_ics_scratch_new(&scratch, FUZZ_LIBICAL_ONLY) != LSN_OK) {
        abort();
    }
    int32_t file = lsn_rawset_add_file(&set, "fuzz.ics");
    int64_t vevents = 0;
    lsn_raw_source src = lsn_raw_source_of(&set, file, NULL, floating);
    src.ics = scratch;
    int rc = lsn_ics_parse(&src, text, len, &vevents);
    fuzz_check_rc("lsn_ics_parse", rc, allowed);
    if (rc == LSN_OK && (vevents < 0 || (size_t)vevents != set.nevents)) {
        fprintf(stderr, "fuzz: %lld VEVENTs counted, %zu records\n", (long long)vevents,
                set.nevents);
        abort();
    }
    lsn_ics_scratch_free(scratch);
    lsn_rawset_destroy(&set);
    free(text);
    return 0;
}
