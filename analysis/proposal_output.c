/*
 * analysis/proposal_output.c — the entries of the proposal (proposal.h)
 * from the solution: one per declared need, its people sorted, and the one
 * sentence that says why. It chooses nothing.
 */
#include "analysis/proposal_internal.h"

#include "io/plural.h"
#include "io/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Entries and reasons                                                  */
/* ------------------------------------------------------------------ */

static const char *uid(const struct ctx *c, int32_t u)
{
    return c->v.units[u].id;
}

static const char *email(const struct ctx *c, int32_t p)
{
    return c->v.people[p].email;
}

/* "a", "a and b", "a, b and c" of the people in ps[0..n). */
static void people_list(const struct ctx *c, const int32_t *ps, size_t n, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && len < size; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? " and " : ", ";
        int w = snprintf(buf + len, size - len, "%s%s", sep, email(c, ps[i]));
        if (w < 0) {
            break;
        }
        len += (size_t)w;
    }
}

/* "X's team meetings", or "T's team meetings (for X)" when the target is a
 * team under the unit X. */
static void meetings_of(const struct ctx *c, int32_t target, int32_t from, char *buf, size_t size)
{
    if (target == from) {
        snprintf(buf, size, "%s's team meetings", uid(c, from));
    } else {
        snprintf(buf, size, "%s's team meetings (for %s)", uid(c, target), uid(c, from));
    }
}

/* The names of the findings in flags, comma-separated. */
static void flag_list(unsigned flags, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < PROP_NFLAGS; k++) {
        if (flags & (1u << k)) {
            int w = snprintf(buf + len, size - len, "%s%s", len > 0 ? ", " : "",
                             lsn_finding_type_name(prop_flag_types[k]));
            if (w < 0 || (size_t)w >= size - len) {
                break;
            }
            len += (size_t)w;
        }
    }
}

/* A meeting's subject, or its UID when it has none. */
static const char *title(const struct ctx *c, int32_t s)
{
    return c->series[s].summary[0] != '\0' ? c->series[s].summary : c->series[s].uid;
}

static char *reason_liaison(const struct ctx *c,
                            size_t n,
                            const lsn_need *need,
                            const struct cand *cd,
                            const struct seat_choice *sc)
{
    char where[512], ctxt[768], fix[512], flags[256];
    int32_t p = cd->person;
    meetings_of(c, cd->target, need->from, where, sizeof(where));
    if (cd->reuse) {
        flag_list((unsigned)c->sprawl[p] | c->link_flags[cd->link] | c->need_flags[n], flags,
                  sizeof(flags));
        snprintf(ctxt, sizeof(ctxt),
                 "%s already attends them (%.2f hours a week with %s), but the findings flag "
                 "it (%s), so make the seat official and act on what they say",
                 email(c, p), cd->hours, uid(c, need->from), flags);
    } else if (cd->hours > 0.0) {
        snprintf(ctxt, sizeof(ctxt), "%s already spends %.2f hours a week with %s", email(c, p),
                 cd->hours, uid(c, need->from));
    } else {
        snprintf(ctxt, sizeof(ctxt),
                 "%s does not meet %s yet, so expect a few weeks of building context", email(c, p),
                 uid(c, need->from));
    }
    fix[0] = '\0';
    if (sc->no_room) {
        snprintf(fix, sizeof(fix),
                 "; no team meeting of %s has room: '%s' would grow to %g people, so "
                 "restructure it to stay within the rule of %g",
                 uid(c, cd->target), title(c, sc->restructure), sc->grown, c->o.rule_of_eight);
    } else if (sc->nfull > 0) {
        snprintf(fix, sizeof(fix), "; not in '%s'%s: %s at the rule of %g already",
                 title(c, sc->full), sc->nfull > 1 ? " and the other full ones" : "",
                 sc->nfull > 1 ? "they are" : "it is", c->o.rule_of_eight);
    }
    if (need->context == LSN_CONTEXT_DEEP) {
        return lsn_text_format("Embed %s (%s) in %s for the deep context %s needs: %s%s.",
                               email(c, p), uid(c, c->v.people[p].team), where, uid(c, need->team),
                               ctxt, fix);
    }
    return lsn_text_format("Make %s (%s) the liaison to %s: %s%s.", email(c, p),
                           uid(c, c->v.people[p].team), where, ctxt, fix);
}

static char *reason_unmet(const struct ctx *c,
                          const lsn_need *need,
                          const struct plan *pl,
                          const struct item *it)
{
    if (it->kind == ITEM_ROTATION) {
        return lsn_text_format(
            "%s has only %lld %s, too few for a rota of %d to %d; name them as %s's "
            "contact and plan a backup.",
            uid(c, need->from), (long long)pl->ends.fpeople,
            lsn_plural((size_t)pl->ends.fpeople, "person", "people"), LSN_PROPOSAL_ROTA_MIN,
            LSN_PROPOSAL_ROTA_MAX, uid(c, need->team));
    }
    const char *what = it->kind == ITEM_GROUP ? "a seat in a liaison group" : "this liaison";
    if (it->count == 0 && it->eligible_missing > 0) {
        char who[64];
        if (it->eligible_missing == 1) {
            snprintf(who, sizeof(who), "its only candidate already holds");
        } else {
            snprintf(who, sizeof(who), "all %d of its candidates already hold",
                     (int)it->eligible_missing);
        }
        return lsn_text_format(
            "Nobody under %s can take on %s for %s: %s %d liaison %s, the limit; free "
            "a seat or choose another model.",
            uid(c, need->team), what, uid(c, need->from), who, (int)c->o.liaison_max_teams,
            lsn_plural((size_t)c->o.liaison_max_teams, "link", "links"));
    }
    if (it->count == 0) {
        return lsn_text_format(
            "Nobody under %s can take on %s for %s; staff the team or choose another "
            "model.",
            uid(c, need->team), what, uid(c, need->from));
    }
    return lsn_text_format(
        "Nobody under %s can take on %s for %s: the people with a free liaison seat "
        "are needed for its other needs; free a seat or choose another model.",
        uid(c, need->team), what, uid(c, need->from));
}

static char *reason_for(const struct ctx *c,
                        size_t n,
                        const int32_t *ps,
                        size_t np,
                        double hours,
                        const struct cand *cd,
                        const struct seat_choice *sc)
{
    const lsn_need *need = &c->needs[n];
    const struct plan *pl = &c->plans[n];
    char list[1024], where[512];
    switch (pl->state) {
    case ST_EMPTY_T:
        return lsn_text_format(
            "Nobody on the roster sits under %s, so nobody can carry its need for %s "
            "context from %s; staff the team or drop the need.",
            uid(c, need->team), lsn_context_name(need->context), uid(c, need->from));
    case ST_EMPTY_F:
        return lsn_text_format(
            "Nobody on the roster sits under %s, so %s has nobody to get %s context "
            "from; point the need at the team that does the work now, or drop it.",
            uid(c, need->from), uid(c, need->team), lsn_context_name(need->context));
    case ST_NOTES:
        return lsn_text_format(
            "%s needs only minimal context from %s: meeting notes or a short written "
            "update will do, without a seat in their meetings.",
            uid(c, need->team), uid(c, need->from));
    case ST_KEPT:
        meetings_of(c, pl->kept_target, need->from, where, sizeof(where));
        return lsn_text_format(
            "Keep %s (%s) %s %s as it is: %s already spends %.2f hours a week with %s "
            "and no finding flags the link.",
            email(c, pl->kept_person), uid(c, c->v.people[pl->kept_person].team),
            pl->kind == LSN_MODEL_EMBEDDED ? "embedded in" : "as the liaison to", where,
            email(c, pl->kept_person), hours, uid(c, need->from));
    case ST_ITEM:
        break;
    }
    const struct item *it = &c->items[pl->item];
    if (it->unmet) {
        return reason_unmet(c, need, pl, it);
    }
    switch (it->kind) {
    case ITEM_LIAISON:
        return reason_liaison(c, n, need, cd, sc);
    case ITEM_ROTATION:
        people_list(c, ps, np, list, sizeof(list));
        if (hours > 0.0) {
            return lsn_text_format(
                "Set up an on-call rota of %s from %s that %s can reach on demand: "
                "together they spend %.2f hours a week with %s now.",
                list, uid(c, need->from), uid(c, need->team), hours, uid(c, need->team));
        }
        return lsn_text_format(
            "Set up an on-call rota of %s from %s that %s can reach on demand: none "
            "of them meets %s yet, so introduce them before the first shift.",
            list, uid(c, need->from), uid(c, need->team), uid(c, need->team));
    case ITEM_GROUP:
        if (hours > 0.0) {
            snprintf(list, sizeof(list), "%s already spends %.2f hours a week with %s",
                     email(c, ps[0]), hours, uid(c, need->from));
        } else {
            snprintf(list, sizeof(list), "%s does not meet %s yet", email(c, ps[0]),
                     uid(c, need->from));
        }
        return lsn_text_format(
            "%s would otherwise hold liaisons into %d teams, so send %s to a liaison "
            "group that covers %s and its other needs instead of a liaison per team: "
            "%s.",
            uid(c, need->team), (int)it->spread, email(c, ps[0]), uid(c, need->from), list);
    }
    return NULL;
}

static void sort_people(const struct ctx *c, int32_t *ps, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        int32_t p = ps[i];
        size_t j = i;
        for (; j > 0 && c->v.person_rank[ps[j - 1]] > c->v.person_rank[p]; j--) {
            ps[j] = ps[j - 1];
        }
        ps[j] = p;
    }
}

int prop_make_entries(struct ctx *c, lsn_proposal *out)
{
    size_t cap_people = 0, npeople = 0, cap_seats = 0, nseats = 0;
    size_t *offset = zalloc_array(c->nneeds, sizeof(*offset));
    size_t *seat_offset = zalloc_array(c->nneeds, sizeof(*seat_offset));
    out->entries = zalloc_array(c->nneeds, sizeof(*out->entries));
    out->reasons = zalloc_array(c->nneeds, sizeof(*out->reasons));
    if (offset == NULL || seat_offset == NULL || out->entries == NULL || out->reasons == NULL) {
        free(offset);
        free(seat_offset);
        return lsn_oom();
    }
    out->count = c->nneeds;
    int rc = LSN_OK;
    for (size_t n = 0; n < c->nneeds && rc == LSN_OK; n++) {
        const lsn_need *need = &c->needs[n];
        const struct plan *pl = &c->plans[n];
        lsn_proposal_entry *e = &out->entries[n];
        e->need = (int32_t)n;
        e->team = need->team;
        e->from = need->from;
        e->context = need->context;
        e->availability = need->availability;
        e->kind = pl->kind;
        e->model = lsn_proposal_model_name(pl->kind);
        e->target = -1;
        e->restructure = -1;
        e->unmet = pl->state == ST_EMPTY_T || pl->state == ST_EMPTY_F;
        offset[n] = npeople;
        rc = LSN_GROW(out->people, cap_people, npeople + LSN_PROPOSAL_MAX_CANDIDATES);
        if (rc != LSN_OK) {
            break;
        }
        int32_t *ps = out->people + npeople;
        size_t np = 0;
        double hours = 0.0;
        const struct cand *one = NULL;
        if (pl->state == ST_KEPT) {
            ps[np++] = pl->kept_person;
            e->existing = true;
            e->target = pl->kept_target;
            hours = lsn_needs_person_hours(c->nx, pl->kept_person, pl->ends.f);
        } else if (pl->state == ST_ITEM) {
            const struct item *it = &c->items[pl->item];
            e->unmet = it->unmet;
            for (size_t k = it->first; k < it->first + it->count && !it->unmet; k++) {
                if (!c->chosen[k]) {
                    continue;
                }
                const struct cand *cd = &c->cands[k];
                one = cd;
                ps[np++] = cd->person;
                if (it->kind == ITEM_LIAISON) {
                    e->target = cd->target;
                    hours += cd->hours;
                } else if (it->kind == ITEM_ROTATION) {
                    hours += cd->hours;
                } else {
                    hours += lsn_needs_person_hours(c->nx, cd->person, pl->ends.f);
                }
            }
        }
        e->main_series = e->target >= 0 ? c->main_series[e->target] : -1;
        struct seat_choice sc = {.restructure = -1, .full = -1};
        if (one != NULL && c->items[pl->item].kind == ITEM_LIAISON) {
            rc = prop_seat(c, one->person, e->target, pl->kind == LSN_MODEL_EMBEDDED, &sc);
            if (rc == LSN_OK) {
                rc = LSN_GROW(out->seats, cap_seats, nseats + sc.nseries);
            }
            if (rc != LSN_OK) {
                free(sc.series);
                break;
            }
            seat_offset[n] = nseats;
            if (sc.nseries > 0) {
                memcpy(out->seats + nseats, sc.series, sc.nseries * sizeof(*sc.series));
            }
            nseats += sc.nseries;
            e->nseats = sc.nseries;
            e->no_room = sc.no_room;
            e->nfull = sc.nfull;
            e->restructure = sc.restructure;
            free(sc.series);
            sc.series = NULL;
        }
        sort_people(c, ps, np);
        e->npeople = np;
        e->context_hours_per_week = hours;
        npeople += np;
        out->reasons[n] = reason_for(c, n, ps, np, hours, one, &sc);
        char because[512];
        if (out->reasons[n] != NULL &&
            lsn_org_need_because(c->v.org, n, because, sizeof(because))[0] != '\0') {
            char *longer = lsn_text_format("%s%s", out->reasons[n], because);
            free(out->reasons[n]);
            out->reasons[n] = longer;
        }
        if (out->reasons[n] == NULL) {
            rc = lsn_oom();
        }
        e->reason = out->reasons[n];
        c->stats.kept += e->existing;
        c->stats.unmet += e->unmet;
        c->stats.assigned += pl->state == ST_ITEM;
    }
    for (size_t n = 0; n < c->nneeds && rc == LSN_OK; n++) {
        lsn_proposal_entry *e = &out->entries[n];
        e->people = e->npeople > 0 ? out->people + offset[n] : NULL;
        e->seats = e->nseats > 0 ? out->seats + seat_offset[n] : NULL;
    }
    free(offset);
    free(seat_offset);
    return rc;
}

/* ------------------------------------------------------------------ */
