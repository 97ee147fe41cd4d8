/*
 * cli/pipeline.c — the analysis run shared by the commands: passes in a
 * fixed order, then the files of one output folder.
 */
#include "cli/pipeline.h"

#include "analysis/passes.h"
#include "cli/progress.h"
#include "io/error.h"
#include "io/fsutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void mark(lsn_timings *t, const char *name)
{
    if (t != NULL) {
        lsn_timings_mark(t, name);
    }
}

void lsn_run_free(lsn_run *run)
{
    free(run->roles);
    json_decref(run->slices);
    lsn_coverage_free(run->coverage);
    lsn_proposal_free(run->proposal);
    lsn_findings_free(run->findings);
    lsn_structure_free(run->structure);
    lsn_analysis_free(run->analysis);
    memset(run, 0, sizeof(*run));
}

int lsn_run_analyze(lsn_run *run,
                    const lsn_calendar *cal,
                    const lsn_settings *s,
                    bool with_roles,
                    lsn_timings *t)
{
    int rc;
    memset(run, 0, sizeof(*run));
    run->cal = cal;
    run->exact = true;
    lsn_progress_phase("building the meeting graphs");
    if ((rc = lsn_analysis_build(&run->analysis, cal, &s->analysis)) != LSN_OK) {
        goto fail;
    }
    mark(t, "graphs");
    lsn_progress_phase("looking for findings");
    if ((rc = lsn_findings_new(&run->findings)) != LSN_OK ||
        (rc = lsn_passes_run(run->findings, run->analysis, &s->passes)) != LSN_OK) {
        goto fail;
    }
    mark(t, "passes");
    lsn_progress_phase("finding communities");
    if ((rc = lsn_structure_build(&run->structure, run->analysis, &s->passes)) != LSN_OK ||
        (rc = lsn_structure_findings(run->findings, run->structure, run->analysis,
                                     &s->passes)) != LSN_OK) {
        goto fail;
    }
    lsn_findings_sort(run->findings);
    mark(t, "structure");
    lsn_progress_phase("proposing liaisons");
    if ((rc = lsn_proposal_build(&run->proposal, run->analysis, run->findings, &s->passes)) !=
        LSN_OK) {
        goto fail;
    }
    mark(t, "proposal");
    if (with_roles) {
        lsn_progress_phase("computing roles");
        size_t npeople;
        lsn_org_people(lsn_calendar_org(cal), &npeople);
        run->roles = calloc(npeople ? npeople : 1, sizeof(*run->roles));
        if (run->roles == NULL) {
            rc = lsn_error_set(LSN_ENOMEM, "out of memory");
            goto fail;
        }
        if ((rc = lsn_roles_compute_progress(run->roles, &run->exact, run->analysis, run->structure,
                                             &s->passes, lsn_progress_roles, NULL)) != LSN_OK) {
            goto fail;
        }
        mark(t, "roles");
    }
    if (s->min_group > 1) {
        lsn_findings *published = NULL;
        if ((rc = lsn_findings_publish(&published, &run->withheld, run->findings, run->analysis,
                                       s->min_group)) != LSN_OK) {
            goto fail;
        }
        lsn_findings_free(run->findings);
        run->findings = published;
    }
    return LSN_OK;
fail:
    lsn_run_free(run);
    return rc;
}

static const char *domain_pseudonym(void *ud, const char *domain)
{
    return lsn_anon_get(ud, LSN_ANON_TEXT, domain);
}

int lsn_run_coverage(
    lsn_coverage **out, const lsn_calendar *cal, const char *label, int warn, lsn_anon *anon)
{
    lsn_coverage *cov = NULL;
    char prefix[256] = "";
    *out = NULL;
    int rc = lsn_coverage_compute(&cov, cal);
    if (rc == LSN_OK) {
        rc = lsn_coverage_check(cov, label);
    }
    if (rc == LSN_OK) {
        if (label != NULL) {
            snprintf(prefix, sizeof(prefix), "%s: ", label);
        }
        lsn_coverage_warn(cov, prefix, warn);
        if (anon != NULL) {
            rc = lsn_coverage_rename(cov, domain_pseudonym, anon);
        }
    }
    if (rc != LSN_OK) {
        lsn_coverage_free(cov);
        return rc;
    }
    *out = cov;
    return LSN_OK;
}

size_t lsn_run_nparams(void)
{
    return lsn_param_count() + 6;
}

lsn_report lsn_run_report(const lsn_run *run, const lsn_settings *s, lsn_param *params)
{
    const lsn_window *w = lsn_calendar_window(run->cal);
    size_t k = 0;
    params[k++] = (lsn_param){.name = "from", .text = w->from_date};
    params[k++] = (lsn_param){.name = "to", .text = w->to_date};
    params[k++] = (lsn_param){.name = "tz", .text = w->tz};
    for (size_t i = 0; lsn_param_defs[i].key != NULL; i++) {
        params[k++] = (lsn_param){.name = lsn_param_defs[i].key,
                                  .number = lsn_settings_get(s, &lsn_param_defs[i]),
                                  .integer = lsn_param_defs[i].integer};
    }
    params[k++] = (lsn_param){.name = "betweenness",
                              .text = run->roles == NULL ? "skipped"
                                      : run->exact       ? "exact"
                                                         : "cutoff"};
    /* Whether the run was anonymized, never with what. */
    params[k++] = (lsn_param){.name = "anonymize", .number = s->anonymize, .boolean = true};
    params[k++] =
        (lsn_param){.name = "anonymize_teams", .number = s->anonymize_teams, .boolean = true};
    lsn_report r = {.analysis = run->analysis,
                    .findings = run->findings,
                    .structure = run->structure,
                    .roles = run->roles,
                    .proposal = run->proposal,
                    .slices = run->slices,
                    .coverage = run->coverage,
                    .betweenness_exact = run->exact,
                    .params = params,
                    .nparams = k,
                    .min_group = s->min_group,
                    .withheld = run->withheld};
    return r;
}

int lsn_run_write(const lsn_run *run, const lsn_settings *s, const char *dir, char **report_path)
{
    int rc;
    char *report = NULL, *csv = NULL;
    lsn_param *params = NULL;
    if (report_path != NULL) {
        *report_path = NULL;
    }
    if ((rc = lsn_fs_make_dir(dir)) != LSN_OK) {
        return rc;
    }
    lsn_progress_phase("writing the report");
    report = lsn_fs_join(dir, "report.json");
    csv = lsn_fs_join(dir, "findings.csv");
    params = calloc(lsn_run_nparams(), sizeof(*params));
    if (report == NULL || csv == NULL || params == NULL) {
        rc = lsn_error_set(LSN_ENOMEM, "out of memory");
        goto cleanup;
    }
    lsn_report r = lsn_run_report(run, s, params);
    if ((rc = lsn_report_write_json(report, &r)) != LSN_OK ||
        (rc = lsn_report_write_findings_csv(csv, run->findings)) != LSN_OK) {
        goto cleanup;
    }
    if (report_path != NULL) {
        *report_path = report;
        report = NULL;
    }
cleanup:
    free(report);
    free(csv);
    free(params);
    return rc;
}
