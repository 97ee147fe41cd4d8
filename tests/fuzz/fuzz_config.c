/*
 * tests/fuzz/fuzz_config.c — the --config file: lsn_config_read
 * (io/config.c) with the callback `liaison analyze` gives it
 * (lsn_settings_load, cli/params.c: key lookup, number parsing, ranges).
 */
#include "fuzz.h"

#include "cli/params.h"
#include "io/error.h"

#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int allowed[] = {LSN_EIO, LSN_EPARSE, LSN_ENOTFOUND, 0};
    fuzz_reset();
    const char *path = fuzz_write("liaison.conf", data, size);
    lsn_settings s;
    lsn_settings_defaults(&s);
    int rc = lsn_settings_load(&s, path);
    fuzz_check_rc("lsn_settings_load", rc, allowed);
    /* Whatever was accepted is in range. */
    for (const lsn_param_def *d = lsn_param_defs; d->key != NULL; d++) {
        double v = lsn_settings_get(&s, d);
        if (!(v >= d->min && v <= d->max)) {
            fprintf(stderr, "fuzz: %s = %g is out of range\n", d->key, v);
            abort();
        }
    }
    return 0;
}
