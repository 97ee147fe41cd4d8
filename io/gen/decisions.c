/*
 * io/gen/decisions.c — the oversized decision meetings (architecture and
 * roadmap reviews, launch readiness, pricing councils), filled from pools of
 * tech leads, managers, heads and workers until they are too big to decide
 * anything. It makes no other meeting.
 */
#include "io/gen/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { POOL_TECH_LEADS, POOL_MANAGERS, POOL_HEADS, POOL_WORKERS };

/* People of a kind under unit `under` (-1: anywhere) in department d (D_NONE: any). */
static size_t collect(const lsn_gen *g, int32_t *out, int kind, int32_t under, int d)
{
    size_t n = 0;
    size_t lo = under >= 0 ? (size_t)under : 0;
    size_t hi = under >= 0 ? (size_t)g->ui[under].end : g->nunits;
    for (size_t u = lo; u < hi; u++) {
        const uinfo *ui = &g->ui[u];
        if (d != D_NONE && ui->dept != d) {
            continue;
        }
        if (kind == POOL_HEADS) {
            if (!g->units[u].team && (int32_t)u != under && g->units[u].head >= 0) {
                out[n++] = g->units[u].head;
            }
            continue;
        }
        if (!gen_regular_team(g, (int32_t)u) || ui->isolated) {
            continue;
        }
        if (kind == POOL_MANAGERS) {
            out[n++] = g->units[u].head;
        } else if (kind == POOL_TECH_LEADS) {
            if (ui->count > 1) {
                out[n++] = gen_team_member(g, (int32_t)u, 1);
            }
        } else {
            for (int32_t i = 1; i < ui->count; i++) {
                out[n++] = gen_team_member(g, (int32_t)u, i);
            }
        }
    }
    return n;
}

/* Add up to `most` people of a pool (from a random start) while the meeting
 * is smaller than target. */
static int
add_from(lsn_gen *g, int32_t s, const int32_t *pool, size_t n, size_t most, size_t target)
{
    if (n == 0) {
        return LSN_OK;
    }
    size_t start = rng_below(&g->r, (uint32_t)n), added = 0;
    for (size_t i = 0; i < n && added < most && g->series[s].attendee_count < target; i++) {
        int32_t p = pool[(start + i) % n];
        size_t before = g->series[s].attendee_count;
        TRY(gen_add_att(g, s, p, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
        added += g->series[s].attendee_count > before;
    }
    return LSN_OK;
}

int32_t gen_dept_head(const lsn_gen *g, int d, int fallback)
{
    int32_t u = g->dept_unit[d];
    if (u < 0) {
        u = g->dept_unit[fallback];
    }
    return u >= 0 ? g->units[u].head : g->ceo;
}

int gen_decision_meetings(lsn_gen *g)
{
    int rc = LSN_OK;
    int32_t *pool = malloc(g->npeople * sizeof(int32_t));
    int32_t *bottoms = malloc(g->nunits * sizeof(int32_t));
    int32_t *cache[4][D_COUNT + 1] = {{NULL}};
    size_t ncache[4][D_COUNT + 1] = {{0}};
    if (pool == NULL || bottoms == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    size_t nb = gen_eng_bottoms(g, bottoms, g->nunits);
    int32_t eng = g->dept_unit[D_ENG];
    bool small_eng = eng >= 0 && collect(g, pool, POOL_MANAGERS, eng, D_ENG) <= 25;
    int count = g->opts.people / 50;
    if (count < 3) {
        count = 3;
    }
    static const char *const names[4] = {"Architecture review", "Roadmap review",
                                         "Launch readiness", "Pricing council"};
    for (int i = 0; i < count && nb > 0; i++) {
        size_t target = i == 0 ? 18 : i == 1 ? 14 : i == 2 ? 12 : (size_t)rng_range(&g->r, 12, 20);
        int type = i % 4;
        int32_t b = bottoms[(size_t)(i / 4) % nb];
        /* Engineering scope: the whole department when small, else a line's parent. */
        int32_t scope = g->units[b].parent;
        if (small_eng) {
            scope = eng;
        }
        int32_t org;
        switch (type) {
        case 0:
            org = g->units[scope].head;
            break;
        case 1:
            org = gen_dept_head(g, D_PRODUCT, D_ENG);
            break;
        case 2:
            org = gen_dept_head(g, D_MARKETING, D_ENG);
            break;
        default:
            org = gen_dept_head(g, D_SALES, D_PRODUCT);
            break;
        }
        if (count > 4 && type != 0) {
            /* Many councils: each run by a manager of the department, in turn. */
            static const int dept_of[4] = {D_ENG, D_PRODUCT, D_MARKETING, D_SALES};
            int32_t u = g->dept_unit[dept_of[type]];
            size_t nm = u >= 0 ? collect(g, pool, POOL_MANAGERS, u, dept_of[type]) : 0;
            if (nm > 0) {
                org = pool[(size_t)(i / 4) % nm];
            }
        }
        char summary[300];
        if (count <= 4) {
            snprintf(summary, sizeof(summary), "%s", names[type]);
        } else {
            snprintf(summary, sizeof(summary), "%s: %s", names[type], g->units[b].name);
        }
        int32_t s;
        int32_t zone = g->people[org].zone;
        int wd = type % 2 == 0 ? 1 : 3;
        if ((rc = gen_new_series(g, &s,
                                 &(lsn_gen_series){.kind = LSN_GEN_DECISION,
                                                   .team = b,
                                                   .organizer = org,
                                                   .summary = summary,
                                                   .zone = zone,
                                                   .day = g->win_start + wd,
                                                   .minute = (type == 0 ? 15 : 16) * 60,
                                                   .duration = 60})) < 0) {
            goto cleanup;
        }
        gen_set_weekly(g, s, (uint8_t)(1u << wd), 1);
        g->sflags[s] |= SF_PROTECTED;
        g->series[s].description = "Decisions this week:\n1. Proposals in the agenda doc\n"
                                   "2. Open questions; owners, dates";
        if ((rc = gen_add_att(g, s, org, LSN_GEN_REQ, LSN_GEN_ACCEPTED)) < 0) {
            goto cleanup;
        }
        size_t n;
#define FROM(kind, under, dept, most)                                                              \
    do {                                                                                           \
        if (g->series[s].attendee_count >= target) {                                               \
            break;                                                                                 \
        }                                                                                          \
        const int32_t *from_ = pool;                                                               \
        if ((under) < 0) {                                                                         \
            /* Organization-wide pools are the same for every meeting. */                          \
            int di_ = (dept) == D_NONE ? D_COUNT : (dept);                                         \
            if (cache[kind][di_] == NULL) {                                                        \
                n = collect(g, pool, kind, -1, dept);                                              \
                cache[kind][di_] = malloc((n ? n : 1) * sizeof(int32_t));                          \
                if (cache[kind][di_] == NULL) {                                                    \
                    rc = lsn_oom();                                                                \
                    goto cleanup;                                                                  \
                }                                                                                  \
                memcpy(cache[kind][di_], pool, n * sizeof(int32_t));                               \
                ncache[kind][di_] = n;                                                             \
            }                                                                                      \
            from_ = cache[kind][di_];                                                              \
            n = ncache[kind][di_];                                                                 \
        } else {                                                                                   \
            n = collect(g, pool, kind, under, dept);                                               \
        }                                                                                          \
        if ((rc = add_from(g, s, from_, n, most, target)) < 0) {                                   \
            goto cleanup;                                                                          \
        }                                                                                          \
    } while (0)
        if (type == 0) {
            if (g->ui[b].sec_liaison >= 0) {
                if ((rc = gen_add_att(g, s, g->ui[b].sec_liaison, LSN_GEN_REQ, LSN_GEN_ACCEPTED)) <
                    0) {
                    goto cleanup;
                }
            }
            FROM(POOL_TECH_LEADS, b, D_ENG, 7);
            FROM(POOL_HEADS, scope, D_ENG, 3);
            FROM(POOL_TECH_LEADS, scope, D_ENG, 20);
            FROM(POOL_MANAGERS, scope, D_ENG, 20);
        } else if (type == 1) {
            FROM(POOL_WORKERS, -1, D_PRODUCT, 5);
            if ((rc = gen_add_att(g, s, g->units[b].head, LSN_GEN_REQ, LSN_GEN_ACCEPTED)) < 0) {
                goto cleanup;
            }
            FROM(POOL_MANAGERS, b, D_ENG, 4);
            FROM(POOL_MANAGERS, -1, D_DESIGN, 1);
            FROM(POOL_WORKERS, -1, D_MARKETING, 1);
        } else if (type == 2) {
            if ((rc = gen_add_att(g, s, g->units[b].head, LSN_GEN_REQ, LSN_GEN_ACCEPTED)) < 0) {
                goto cleanup;
            }
            FROM(POOL_WORKERS, -1, D_MARKETING, 3);
            FROM(POOL_WORKERS, -1, D_PRODUCT, 2);
            FROM(POOL_MANAGERS, -1, D_SUPPORT, 2);
            FROM(POOL_MANAGERS, -1, D_SALES, 2);
            FROM(POOL_MANAGERS, b, D_ENG, 3);
        } else {
            FROM(POOL_WORKERS, -1, D_SALES, 5);
            FROM(POOL_WORKERS, -1, D_MARKETING, 2);
            FROM(POOL_WORKERS, -1, D_PRODUCT, 3);
            FROM(POOL_MANAGERS, -1, D_SUPPORT, 1);
        }
        /* Fill up from engineering managers, then from anybody. */
        FROM(POOL_MANAGERS, eng, D_ENG, target);
        FROM(POOL_WORKERS, -1, D_NONE, target);
#undef FROM
        if ((rc = gen_add_room(g, s, 40 + i)) < 0) {
            goto cleanup;
        }
    }
cleanup:
    for (int k = 0; k < 4; k++) {
        for (int d = 0; d <= D_COUNT; d++) {
            free(cache[k][d]);
        }
    }
    free(pool);
    free(bottoms);
    return rc;
}
