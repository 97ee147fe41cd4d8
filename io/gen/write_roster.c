/*
 * io/gen/write_roster.c — people.csv, teams.csv and needs.csv: the baseline's
 * (lsn_gen_write_roster) and, through the same three writers, a scenario's
 * (scenarios.c). No calendars.
 */
#include "io/gen/internal.h"

#include "io/csvout.h"

#include <stdlib.h>
#include <string.h>

static const char *const context_names[3] = {"minimal", "moderate", "deep"};

/* people.csv of a roster whose team indices point into units. */
static void
people_csv(lsn_text *b, const lsn_gen_person *people, size_t n, const lsn_gen_unit *units)
{
    lsn_text_puts(b, "email,name,team,manager\r\n");
    for (size_t i = 0; i < n; i++) {
        const lsn_gen_person *p = &people[i];
        lsn_csv_put(b, p->email, false);
        lsn_csv_put(b, p->name, false);
        lsn_csv_put(b, units[p->team].id, false);
        lsn_csv_put(b, p->manager >= 0 ? people[p->manager].email : "", true);
    }
}

void gen_teams_csv(lsn_text *b, const lsn_gen_unit *units, size_t n)
{
    lsn_text_puts(b, "team,parent,name\r\n");
    for (size_t i = 0; i < n; i++) {
        const lsn_gen_unit *u = &units[i];
        lsn_csv_put(b, u->id, false);
        lsn_csv_put(b, u->parent >= 0 ? units[u->parent].id : "", false);
        lsn_csv_put(b, u->name, true);
    }
}

void gen_needs_csv(lsn_text *b, const lsn_gen_need *needs, size_t n, const lsn_gen_unit *units)
{
    lsn_text_puts(b, "team,from,context,availability\r\n");
    for (size_t i = 0; i < n; i++) {
        const lsn_gen_need *x = &needs[i];
        lsn_csv_put(b, units[x->team].id, false);
        lsn_csv_put(b, units[x->from].id, false);
        lsn_csv_put(b, context_names[x->context], false);
        lsn_csv_put(b, x->availability ? "yes" : "no", true);
    }
}

int gen_write_roster_files(const char *dir, const gen_roster *r)
{
    lsn_text b = {0};
    int rc;
    people_csv(&b, r->people, r->npeople, r->units);
    if ((rc = gen_write_in(dir, "people.csv", &b)) < 0) {
        goto cleanup;
    }
    lsn_text_clear(&b);
    if (r->teams_csv) {
        gen_teams_csv(&b, r->units, r->nunits);
        rc = gen_write_in(dir, "teams.csv", &b);
    } else {
        rc = gen_remove_in(dir, "teams.csv"); /* left by an earlier run */
    }
    if (rc < 0) {
        goto cleanup;
    }
    lsn_text_clear(&b);
    if (r->needs_csv) {
        gen_needs_csv(&b, r->needs, r->nneeds, r->units);
        rc = gen_write_in(dir, "needs.csv", &b);
    } else {
        rc = gen_remove_in(dir, "needs.csv");
    }
cleanup:
    lsn_text_free(&b);
    return rc;
}

int lsn_gen_write_roster(const lsn_gen *gen, const char *dir)
{
    gen_roster r = {gen->people, gen->npeople, gen->units, gen->nunits,
                    gen->needs,  gen->nneeds,  true,       true};
    return gen_write_roster_files(dir, &r);
}
