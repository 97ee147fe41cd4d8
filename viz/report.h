/*
 * viz/report.h — the written results of `liaison analyze`: report.json (for
 * scripts) and the short human summary (for managers). Both are pure
 * functions of the analysis and the parameters, so the same input gives the
 * same bytes.
 */
#ifndef LSN_VIZ_REPORT_H
#define LSN_VIZ_REPORT_H

#include "analysis/analysis.h"

#include <stdio.h>

/** One entry of the report's `parameters` section. */
typedef struct lsn_param {
    const char *name;  /* config key, e.g. "broadcast_size" */
    const char *text;  /* string value, or NULL when the value is numeric */
    double number;
} lsn_param;

/**
 * Write report.json to path.
 *
 * @param a       the analysis (its calendar and org give the input section)
 * @param params  every threshold and setting used, written in this order
 * @return LSN_OK, LSN_EIO (cannot write) or LSN_ENOMEM.
 */
int lsn_report_write_json(const char *path,
                          const lsn_analysis *a,
                          const lsn_param *params,
                          size_t nparams);

/** Print the human summary (a dozen lines) to out. */
void lsn_report_print_summary(FILE *out, const lsn_analysis *a, const char *report_path);

#endif
