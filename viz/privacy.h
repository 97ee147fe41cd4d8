/*
 * viz/privacy.h — --min-group and --anonymize on a report already written
 * (`liaison render` and the diagrams drawn from it). The rules of
 * --min-group themselves are written once, in analysis/privacy.h, and this
 * applies them to the JSON; --anonymize of a run's model is io/anon.h's.
 */
#ifndef LSN_VIZ_PRIVACY_H
#define LSN_VIZ_PRIVACY_H

#include "analysis/analysis.h"
#include "analysis/finding.h"
#include "analysis/privacy.h"
#include "io/anon.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/**
 * The privacy of a written report: unit sizes from its `units` and `teams`
 * (a unit it does not list counts as withheld), people from every section
 * that names them.
 *
 * @return LSN_OK or LSN_ENOMEM.
 */
int lsn_privacy_from_report(lsn_privacy **out, const json_t *report, int32_t min_group);

/**
 * lsn_privacy_subject() on a finding of a written report (its subject keys
 * at the top level); a finding that cannot be read (out of memory) is
 * withheld.
 */
lsn_privacy_verdict lsn_report_finding_verdict(const lsn_privacy *p, const json_t *finding);

/**
 * --min-group on a report already written (`liaison render`): the same
 * rules applied to the JSON through lsn_privacy_from_report(). Adds the
 * counts to `suppressed` and records min_group in `parameters`. Applying it
 * twice changes nothing more.
 *
 * @return LSN_OK, LSN_EPARSE (not an object) or LSN_ENOMEM.
 */
int lsn_report_json_restrict(json_t *report, int32_t min_group);

/**
 * --min-group on report.json's `proposal_impact` (for `analyze` and
 * `render` alike): with N > 1 the lists that name seated people (`changes`,
 * `people`) are left out; the findings it lists (`closed`, `created`,
 * `new_oversized_meetings`, each entry's `closes` and `creates`) follow the
 * rules of `findings`, the units of `liaisons_everywhere` those of `units`,
 * and its entries those of the proposal entries. `before` and `after` are
 * organization-wide figures and stay. No-op with N <= 1 or no impact.
 *
 * @return LSN_OK or LSN_ENOMEM.
 */
int lsn_report_impact_restrict(json_t *impact, const lsn_privacy *p);

/**
 * --anonymize on a report already written (`liaison render`): every person,
 * name, meeting UID and subject, input path (and with lsn_anon_teams() every
 * team and unit id) in the sections the diagrams draw is replaced by its
 * pseudonym; values that already are pseudonyms stay. Free text (finding
 * explanations, proposal reasons) is kept only when the report says it was
 * written anonymized to the same degree (`parameters.anonymize`, and
 * `anonymize_teams` when teams are asked for); otherwise it cannot be
 * anonymized reliably and becomes "(withheld: written without
 * --anonymize)". Records anonymize (and anonymize_teams) in `parameters`.
 * (viz/privacy_anon.c)
 *
 * @return LSN_OK, LSN_EPARSE (not an object) or LSN_ENOMEM.
 */
int lsn_report_json_anonymize(json_t *report, lsn_anon *a);

#endif
