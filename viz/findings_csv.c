/*
 * viz/findings_csv.c — findings.csv (viz/report.h): one row per finding,
 * the subject keys of the table (analysis/finding_types.h) as columns,
 * RFC 4180 quoting. It writes the findings it is given; which of them
 * --min-group publishes is viz/privacy.c's business.
 */
#include "viz/report.h"

#include "io/csvout.h"
#include "io/error.h"
#include "io/fsutil.h"
#include "viz/compare.h"

#include <errno.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>

int lsn_report_write_findings_csv(const char *path, const lsn_findings *findings)
{
    FILE *f = lsn_fs_create(path);
    if (f == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    __fsetlocking(f, FSETLOCKING_BYCALLER); /* a field at a time, by this thread only */
    lsn_csv_field(f, "type", false);
    lsn_csv_field(f, "severity", false);
    for (int k = LSN_KEY_NONE + 1; k < LSN_SUBJECT_KEYS; k++) {
        lsn_csv_field(f, lsn_subject_keys[k].name, false);
    }
    lsn_csv_field(f, "explanation", false);
    lsn_csv_field(f, "metrics", true);
    size_t n;
    const lsn_finding *items = lsn_findings_items(findings, &n);
    int rc = LSN_OK;
    for (size_t i = 0; i < n && rc == LSN_OK; i++) {
        lsn_csv_field(f, items[i].type, false);
        lsn_csv_field(f, lsn_severity_name(items[i].severity), false);
        for (int k = LSN_KEY_NONE + 1; k < LSN_SUBJECT_KEYS; k++) {
            const lsn_value *v = lsn_value_get(items[i].subject, lsn_subject_keys[k].name);
            char *text = v != NULL && v->kind != LSN_VAL_NULL ? lsn_value_to_text(v) : NULL;
            lsn_csv_field(f, text ? text : "", false);
            free(text);
        }
        lsn_csv_field(f, items[i].explanation, false);
        char *m = lsn_value_to_text(items[i].metrics);
        if (m == NULL) {
            rc = lsn_oom();
            break;
        }
        /* Drop the outer braces: "size=12,instances=13,..." reads better. */
        size_t len = strlen(m);
        if (len >= 2 && m[0] == '{') {
            m[len - 1] = '\0';
            lsn_csv_field(f, m + 1, true);
        } else {
            lsn_csv_field(f, m, true);
        }
        free(m);
    }
    if (fclose(f) != 0 && rc == LSN_OK) {
        rc = lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    return rc;
}
