/*
 * analysis/proposal_seats.c — where the proposal seats a liaison or an
 * embedded person (proposal.h, "Seats"): the meetings of each team a
 * newcomer can join, whether one of them has room within the rule of
 * eight, and, once the people are chosen, the series each one sits in,
 * counting the seats given to the entries before it. The size of a meeting
 * is the one the oversized_meeting pass judges (lsn_series_info.size, the
 * median of its instances), so a seat this file calls within the rule is
 * one that pass will not flag.
 */
#include "analysis/proposal_internal.h"
#include "io/sort.h"

#include <stdlib.h>
#include <string.h>

/* Series in main-meeting order: the most instances, then the larger size,
 * then the smaller index (UID order). qsort has no user pointer in C11. */
struct seat_key {
    int32_t owner;
    uint32_t instances;
    double size;
    int32_t series;
};

static int seat_key_cmp(const void *x, const void *y)
{
    const struct seat_key *a = x;
    const struct seat_key *b = y;
    if (a->owner != b->owner) {
        return (a->owner > b->owner) - (a->owner < b->owner);
    }
    if (a->instances != b->instances) {
        return a->instances > b->instances ? -1 : 1;
    }
    if (a->size != b->size) {
        return a->size > b->size ? -1 : 1;
    }
    return (a->series > b->series) - (a->series < b->series);
}

static int32_t min_instances(const struct ctx *c)
{
    int32_t m = lsn_analysis_options_used(c->a)->liaison_min_instances;
    return m > 0 ? m : 4;
}

/* Whether s alone has room for one more person within the rule of eight. */
static bool fits(const struct ctx *c, int32_t s, int32_t more)
{
    return !(c->sinfo[s].size + (double)more > c->o.rule_of_eight);
}

static int index_team_meetings(struct ctx *c);

/*
 * A series s owned by team t is seatable when it is no broadcast, has >= 2
 * instances, and at least one of its instances is a team meeting of t that
 * stays one with a newcomer from elsewhere (t's members remain a strict
 * majority of the roster people present: 2 m > r + 1). seat_counted[s]
 * counts those instances: a liaison link needs liaison_min_instances of
 * them. O(S + I + S log S).
 */
int prop_index_seats(struct ctx *c)
{
    size_t ni = 0;
    const lsn_instance_info *ii = lsn_analysis_instances(c->a, &ni);
    struct seat_key *keys = alloc_array(c->nseries, sizeof(*keys));
    c->seat_first = zalloc_array(c->v.nunits + 1, sizeof(*c->seat_first));
    c->seat_list = alloc_array(c->nseries, sizeof(*c->seat_list));
    c->seat_counted = zalloc_array(c->nseries, sizeof(*c->seat_counted));
    c->seat_added = zalloc_array(c->nseries, sizeof(*c->seat_added));
    c->seat_room = zalloc_array(c->v.nunits, sizeof(*c->seat_room));
    if (keys == NULL || c->seat_first == NULL || c->seat_list == NULL || c->seat_counted == NULL ||
        c->seat_added == NULL || c->seat_room == NULL) {
        free(keys);
        return lsn_oom();
    }
    int32_t need = min_instances(c);
    size_t n = 0;
    for (size_t k = 0; k < c->nseries; k++) {
        const lsn_series_info *s = &c->sinfo[k];
        if (s->broadcast || s->instances < 2 || s->owner < 0) {
            continue;
        }
        int32_t counted = 0;
        for (uint32_t i = s->first; i < s->first + s->instances; i++) {
            counted += !ii[i].broadcast && ii[i].team_meeting == s->owner &&
                       2 * (int64_t)ii[i].owner_members > (int64_t)ii[i].roster + 1;
        }
        if (counted == 0) {
            continue;
        }
        c->seat_counted[k] = counted;
        keys[n++] = (struct seat_key){s->owner, s->instances, s->size, (int32_t)k};
        if (counted >= need && fits(c, (int32_t)k, 1)) {
            c->seat_room[s->owner] = 1;
        }
    }
    qsort(keys, n, sizeof(*keys), seat_key_cmp);
    for (size_t k = 0; k < n; k++) {
        c->seat_list[k] = keys[k].series;
        c->seat_first[keys[k].owner + 1]++;
    }
    for (size_t u = 0; u < c->v.nunits; u++) {
        c->seat_first[u + 1] += c->seat_first[u];
    }
    free(keys);
    return index_team_meetings(c);
}

/* Every series with an instance that is a team meeting of a team (what
 * `attend` of a whole team means, analysis/whatif.h), per team, ascending,
 * with the instances that stay team meetings of it with a newcomer. A
 * series holds team meetings of few teams, so each series' teams are
 * gathered in a short list; then a counting sort by team. O(I + S). */
static int index_team_meetings(struct ctx *c)
{
    size_t ni = 0;
    const lsn_instance_info *ii = lsn_analysis_instances(c->a, &ni);
    /* (team, counted) of one series; at most its instances. */
    int32_t *teams = NULL, *kept = NULL;
    size_t cap = 0, cap_kept = 0, npairs = 0;
    int32_t *pair_team = NULL, *pair_series = NULL, *pair_kept = NULL;
    size_t cap_pairs = 0, cap_ps = 0, cap_pk = 0;
    int rc = LSN_OK;
    for (size_t s = 0; s < c->nseries && rc == LSN_OK; s++) {
        const lsn_series_info *si = &c->sinfo[s];
        size_t nt = 0;
        for (uint32_t i = si->first; i < si->first + si->instances && rc == LSN_OK; i++) {
            int32_t t = ii[i].team_meeting;
            if (t < 0) {
                continue;
            }
            size_t k = 0;
            while (k < nt && teams[k] != t) {
                k++;
            }
            if (k == nt) {
                if ((rc = LSN_GROW(teams, cap, nt + 1)) != LSN_OK ||
                    (rc = LSN_GROW(kept, cap_kept, nt + 1)) != LSN_OK) {
                    break;
                }
                teams[nt] = t;
                kept[nt++] = 0;
            }
            kept[k] +=
                !ii[i].broadcast && 2 * (int64_t)ii[i].owner_members > (int64_t)ii[i].roster + 1;
        }
        if (rc == LSN_OK && nt > 0 &&
            ((rc = LSN_GROW(pair_team, cap_pairs, npairs + nt)) != LSN_OK ||
             (rc = LSN_GROW(pair_series, cap_ps, npairs + nt)) != LSN_OK ||
             (rc = LSN_GROW(pair_kept, cap_pk, npairs + nt)) != LSN_OK)) {
            break;
        }
        for (size_t k = 0; k < nt && rc == LSN_OK; k++) {
            pair_team[npairs] = teams[k];
            pair_series[npairs] = (int32_t)s;
            pair_kept[npairs++] = kept[k];
        }
    }
    c->team_first = zalloc_array(c->v.nunits + 1, sizeof(*c->team_first));
    c->team_list = alloc_array(npairs, sizeof(*c->team_list));
    c->team_counted = alloc_array(npairs, sizeof(*c->team_counted));
    int32_t *fill = zalloc_array(c->v.nunits, sizeof(*fill));
    if (rc == LSN_OK && (c->team_first == NULL || c->team_list == NULL || c->team_counted == NULL ||
                         fill == NULL)) {
        rc = lsn_oom();
    }
    if (rc == LSN_OK) {
        for (size_t k = 0; k < npairs; k++) {
            c->team_first[pair_team[k] + 1]++;
        }
        for (size_t u = 0; u < c->v.nunits; u++) {
            c->team_first[u + 1] += c->team_first[u];
        }
        /* Pairs are in series order: each team's list comes out ascending. */
        for (size_t k = 0; k < npairs; k++) {
            int32_t at = c->team_first[pair_team[k]] + fill[pair_team[k]]++;
            c->team_list[at] = pair_series[k];
            c->team_counted[at] = pair_kept[k];
        }
    }
    free(teams);
    free(kept);
    free(pair_team);
    free(pair_series);
    free(pair_kept);
    free(fill);
    return rc;
}

bool prop_team_has_room(const struct ctx *c, int32_t t)
{
    int32_t m = c->main_series[t];
    return m < 0 || fits(c, m, 1) || c->seat_room[t];
}

/* Whether p is present at more than half of the instances of s (a seat
 * there adds nobody). O(sum of n over its instances). */
static bool already_there(const struct ctx *c, int32_t p, int32_t s)
{
    size_t ni = 0;
    const lsn_calendar *cal = lsn_analysis_calendar(c->a);
    const lsn_instance *inst = lsn_calendar_instances(cal, &ni);
    const int32_t *present = lsn_calendar_present(cal);
    const lsn_series_info *si = &c->sinfo[s];
    int64_t count = 0;
    for (uint32_t i = si->first; i < si->first + si->instances; i++) {
        for (uint32_t k = inst[i].first; k < inst[i].first + inst[i].count; k++) {
            count += present[k] == p;
        }
    }
    return 2 * count > (int64_t)si->instances;
}

/* Room for p at s, with the seats given so far. */
static bool room_for(const struct ctx *c, int32_t p, int32_t s)
{
    return fits(c, s, c->seat_added[s] + 1) || already_there(c, p, s);
}

int prop_seat(struct ctx *c, int32_t p, int32_t t, bool embedded, struct seat_choice *out)
{
    memset(out, 0, sizeof(*out));
    out->restructure = -1;
    out->full = -1;
    if (t < 0) {
        return LSN_OK;
    }
    /* A liaison: the seatable meetings, in main-meeting order; embedded:
     * every team meeting, as attending the whole team would. */
    int32_t first = embedded ? c->team_first[t] : c->seat_first[t];
    int32_t last = embedded ? c->team_first[t + 1] : c->seat_first[t + 1];
    const int32_t *list = embedded ? c->team_list : c->seat_list;
    int32_t m = c->main_series[t];
    /* At most every seatable series and the main one. */
    out->series = alloc_array((size_t)(last - first) + 1, sizeof(*out->series));
    int32_t *full = alloc_array((size_t)(last - first), sizeof(*full));
    if (out->series == NULL || full == NULL) {
        free(out->series);
        free(full);
        out->series = NULL;
        return lsn_oom();
    }
    int32_t need = min_instances(c), counted = 0, nfull = 0;
    for (int32_t k = first; k < last; k++) {
        int32_t s = list[k];
        int32_t links = embedded ? c->team_counted[k] : c->seat_counted[s];
        if (!embedded && links < need) {
            continue;
        }
        if (!room_for(c, p, s)) {
            full[nfull++] = s;
            continue;
        }
        out->series[out->nseries++] = s;
        counted += links;
        if (!embedded) {
            break;
        }
    }
    /* Nothing with room makes the link: the main meeting, flagged when it is full. */
    if (counted < need && m >= 0) {
        bool seated = false;
        for (size_t k = 0; k < out->nseries; k++) {
            seated |= out->series[k] == m;
        }
        if (!seated) {
            out->series[out->nseries++] = m;
            if (!room_for(c, p, m)) {
                out->no_room = true;
                out->restructure = m;
                out->grown = c->sinfo[m].size + (double)c->seat_added[m] + 1.0;
            }
        }
    }
    for (int32_t k = 0; embedded && k < nfull; k++) {
        if (full[k] != out->restructure) {
            out->full = out->full < 0 ? full[k] : out->full;
            out->nfull++;
        }
    }
    free(full);
    for (size_t k = 0; k < out->nseries; k++) {
        if (!already_there(c, p, out->series[k])) {
            c->seat_added[out->series[k]]++;
        }
    }
    lsn_sort_i32(out->series, out->nseries);
    return LSN_OK;
}
