/*
 * tests/fuzz/fuzz_config.c — the --config file: lsn_config_read
 * (io/config.c) with what `liaison analyze` does with each setting
 * (analysis/params.c: key lookup in either spelling, number parsing, ranges).
 */
#include "fuzz.h"

#include "analysis/params.h"
#include "io/config.h"
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

/* One setting, as cli/options.c takes it; the window keys (from, to, tz)
 * are the CLI's and are skipped here. */
static int on_setting(void *ud, const char *key, const char *value, int line)
{
    (void)line;
    const lsn_param_def *def = lsn_param_find(key);
    if (def == NULL) {
        return LSN_OK;
    }
    return lsn_settings_set(ud, def, value, "fuzz");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int allowed[] = {LSN_EIO, LSN_EINVAL, LSN_ENOTFOUND, 0};
    fuzz_reset();
    const char *path = fuzz_write("liaison.conf", data, size);
    lsn_settings s;
    lsn_settings_defaults(&s);
    int rc = lsn_config_read(path, on_setting, &s);
    fuzz_check_rc("lsn_config_read", rc, allowed);
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
