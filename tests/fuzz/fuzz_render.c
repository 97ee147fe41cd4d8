/*
 * tests/fuzz/fuzz_render.c — `liaison render REPORT.json` without --svg:
 * lsn_dot_render_file (viz/dot.c) reads the report back with jansson and
 * writes teams.dot and proposal.dot into a temporary folder. When the
 * input is JSON, it is also drawn the way `render --anonymize SALT
 * --anonymize-teams --min-group 3 --min-edge-hours 0` draws it: the
 * report rewritten by lsn_report_json_anonymize and lsn_report_json_restrict
 * (viz/report.c), then lsn_dot_render.
 */
#include "fuzz.h"

#include "io/anon.h"
#include "io/error.h"
#include "viz/dot.h"
#include "viz/report.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_init();
    if (mkdir(fuzz_path("render"), 0700) != 0) {
        perror("fuzz: mkdir");
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int allowed[] = {LSN_EPARSE, LSN_ENOMEM, 0};
    fuzz_reset();
    const char *path = fuzz_write("report.json", data, size);
    const char *out = fuzz_path("render");
    lsn_dot_options opts = LSN_DOT_OPTIONS_INIT;
    int rc = lsn_dot_render_file(path, out, &opts);
    fuzz_check_rc("lsn_dot_render_file", rc, allowed);

    json_error_t err;
    json_t *report = json_loadb((const char *)data, size, 0, &err);
    if (report == NULL) {
        return 0;
    }
    fuzz_reset();
    lsn_anon *anon = NULL;
    if (lsn_anon_new(&anon, "fuzz-salt-0123", true) != LSN_OK) {
        abort();
    }
    rc = lsn_report_json_anonymize(report, anon);
    if (rc == LSN_OK) {
        rc = lsn_report_json_restrict(report, 3);
    }
    if (rc == LSN_OK) {
        opts.min_edge_hours = 0;
        rc = lsn_dot_render(report, out, &opts);
    }
    fuzz_check_rc("render --anonymize --min-group", rc, allowed);
    lsn_anon_free(anon);
    json_decref(report);
    return 0;
}
