/*
 * analysis/run.c — the analysis run shared by the commands: the passes in a
 * fixed order, then --min-group; and the coverage of the calendar it read.
 * It computes and reports progress through its options; it draws nothing
 * and writes no file.
 */
#include "analysis/run.h"

#include "analysis/passes.h"
#include "analysis/whatif.h"
#include "io/error.h"

#include <glpk.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A phase begins: tell the caller. */
static void begin(const lsn_run_options *o, const char *phase)
{
    if (o->progress != NULL) {
        o->progress(o->progress_ud, phase);
    }
}

/* A phase ended: mark it in the caller's timings. */
static void end(const lsn_run_options *o, const char *name)
{
    if (o->timings != NULL) {
        lsn_timings_mark(o->timings, name);
    }
}

/* The proposal on a second thread (GLPK, no igraph). */
struct beside {
    lsn_run *run;
    const lsn_settings *s;
    int rc;
    char message[512]; /* the thread's error message (io/error.h keeps one per thread) */
};

static void *proposal_main(void *arg)
{
    struct beside *b = arg;
    b->rc = lsn_proposal_build(&b->run->proposal, b->run->analysis, b->run->findings,
                               &b->s->passes);
    if (b->rc != LSN_OK) {
        snprintf(b->message, sizeof(b->message), "%s", lsn_error_last());
    }
    /* GLPK keeps an environment per thread: this one ends here. */
    glp_free_env();
    return NULL;
}

/* The proposal; with roles under way and more than one thread, built on a
 * second thread while this one computes the constraint (igraph stays on
 * this thread). The same proposal and roles either way. */
static int build_proposal(lsn_run *run, const lsn_settings *s, lsn_roles_job *roles)
{
    struct beside b = {.run = run, .s = s, .rc = LSN_OK};
    pthread_t thread;
    if (roles == NULL || s->passes.threads == 1 ||
        pthread_create(&thread, NULL, proposal_main, &b) != 0) {
        return lsn_proposal_build(&run->proposal, run->analysis, run->findings, &s->passes);
    }
    int rc = lsn_roles_constraint(roles);
    pthread_join(thread, NULL);
    if (b.rc != LSN_OK) {
        return lsn_error_set(b.rc, "%s", b.message);
    }
    return rc;
}

void lsn_run_free(lsn_run *run)
{
    lsn_impact_free(run->impact);
    free(run->roles);
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
                    const lsn_run_options *opts)
{
    static const lsn_run_options defaults = LSN_RUN_OPTIONS_INIT;
    const lsn_run_options *o = opts != NULL ? opts : &defaults;
    int rc;
    lsn_roles_job *roles = NULL;
    memset(run, 0, sizeof(*run));
    run->cal = cal;
    run->exact = true;
    begin(o, "building the meeting graphs");
    lsn_analysis_options ao = s->analysis;
    ao.threads = s->passes.threads;
    if ((rc = lsn_analysis_build(&run->analysis, cal, &ao)) != LSN_OK) {
        goto fail;
    }
    end(o, "graphs");
    /* The betweenness needs the person graph alone: it runs on the other
     * threads from here while this one goes on (analysis/roles.h). */
    if (o->roles && (rc = lsn_roles_start(&roles, run->analysis, &s->passes)) != LSN_OK) {
        goto fail;
    }
    begin(o, "looking for findings");
    if ((rc = lsn_findings_new(&run->findings)) != LSN_OK ||
        (rc = lsn_passes_run(run->findings, run->analysis, &s->passes)) != LSN_OK) {
        goto fail;
    }
    end(o, "passes");
    begin(o, "finding communities");
    if ((rc = lsn_structure_build(&run->structure, run->analysis, &s->passes)) != LSN_OK ||
        (rc = lsn_structure_findings(run->findings, run->structure, run->analysis, &s->passes)) !=
            LSN_OK) {
        goto fail;
    }
    lsn_findings_sort(run->findings);
    end(o, "structure");
    if (o->proposal) {
        begin(o, "proposing liaisons");
        if ((rc = build_proposal(run, s, roles)) != LSN_OK) {
            goto fail;
        }
        end(o, "proposal");
    }
    if (o->impact && run->proposal != NULL) {
        begin(o, "measuring the proposal's impact");
        if ((rc = lsn_impact_build(&run->impact, run, s)) != LSN_OK) {
            goto fail;
        }
        end(o, "impact");
    }
    if (o->roles) {
        begin(o, "computing roles");
        size_t npeople;
        lsn_org_people(lsn_calendar_org(cal), &npeople);
        run->roles = calloc(npeople ? npeople : 1, sizeof(*run->roles));
        if (run->roles == NULL) {
            rc = lsn_oom();
            goto fail;
        }
        rc = lsn_roles_finish(roles, run->roles, &run->exact, run->structure, o->roles_progress,
                              o->progress_ud);
        roles = NULL;
        if (rc != LSN_OK) {
            goto fail;
        }
        end(o, "roles");
    }
    if (s->min_group > 1) {
        lsn_findings *published = NULL;
        if ((rc = lsn_findings_publish(&published, &run->withheld, run->findings, run->analysis,
                                       s->min_group)) != LSN_OK) {
            goto fail;
        }
        if (run->impact != NULL) {
            run->impact->owned_findings = run->findings; /* what it was measured on */
        } else {
            lsn_findings_free(run->findings);
        }
        run->findings = published;
    }
    return LSN_OK;
fail:
    lsn_roles_cancel(roles);
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
