/*
 * io/gen/liaisons.c — the planted liaisons (people sitting in other teams'
 * meetings), the needs they serve or leave unserved, and the planted misuses the
 * analysis must find (sprawl, unstable, low-context liaisons, contractors, heads
 * kept informed). datasets/README.md lists them. It makes no team ritual (a
 * demo a liaison needs comes from rituals.c).
 */
#include "io/gen/internal.h"

#include <stdio.h>
#include <stdlib.h>

/* Of teams kids[0..k-1], the one carrying the fewest planted guests so far
 * (ties: the first); with unsplit, only teams whose planning is not split. */
static int32_t least_loaded(const lsn_gen *g,
                            const int32_t *kids,
                            size_t k,
                            const int32_t *load,
                            bool unsplit,
                            int32_t exclude)
{
    int32_t best = -1;
    for (size_t i = 0; i < k; i++) {
        int32_t t = kids[i];
        if (t == exclude || (unsplit && g->ui[t].split)) {
            continue;
        }
        if (best < 0 || load[t] < load[best]) {
            best = t;
        }
    }
    return best;
}

/* Liaisons, their declared needs, and the planted misuses (SPEC §2, §3). */
int gen_plant_liaisons(lsn_gen *g)
{
    int rc = LSN_OK;
    size_t cap = g->nunits;
    int32_t *bottoms = malloc(cap * sizeof(int32_t));
    int32_t *kids = malloc(cap * sizeof(int32_t));
    int32_t *pmm = malloc(cap * sizeof(int32_t));
    int32_t *pd = malloc(cap * sizeof(int32_t));
    int32_t *sup = malloc(cap * sizeof(int32_t));
    int32_t *sec = malloc(cap * sizeof(int32_t));
    int32_t *other = malloc(cap * sizeof(int32_t));
    int32_t *load = calloc(cap, sizeof(int32_t)); /* planted guests per team */
    if (!bottoms || !kids || !pmm || !pd || !sup || !sec || !other || !load) {
        rc = lsn_oom();
        goto cleanup;
    }
    size_t nb = gen_eng_bottoms(g, bottoms, cap);
    size_t npmm = gen_dept_teams(g, D_MARKETING, pmm, cap, "Product Marketing");
    size_t npd = gen_dept_teams(g, D_DESIGN, pd, cap, "Product Design");
    if (npd == 0) {
        npd = gen_dept_teams(g, D_DESIGN, pd, cap, NULL);
    }
    size_t nsup = gen_dept_teams(g, D_SUPPORT, sup, cap, NULL);
    size_t nsec = gen_dept_teams(g, D_SECURITY, sec, cap, NULL);
    int weeks = g->opts.weeks;
    int32_t pmm_k = 0, pd_k = 0, sup_k = 0;

#define CHECK(expr)                                                                                \
    do {                                                                                           \
        if ((rc = (expr)) < 0) {                                                                   \
            goto cleanup;                                                                          \
        }                                                                                          \
    } while (0)

    for (size_t b = 0; b < nb; b++) {
        int32_t pl = bottoms[b];
        size_t k = gen_child_teams(g, pl, kids, cap);
        if (k == 0) {
            continue;
        }
        /* Security needs deep context: one embedded engineer, or nobody. */
        if (nsec > 0) {
            int32_t ct = sec[b % nsec];
            CHECK(gen_add_need(g, ct, pl, LSN_CONTEXT_DEEP, false));
            if (b % 3 == 0) {
                int32_t p = gen_worker(g, ct, (int32_t)b);
                int32_t t = least_loaded(g, kids, k, load, false, -1);
                int32_t rituals[3] = {g->ui[t].standup, g->ui[t].planning, g->ui[t].retro};
                for (int r = 0; r < 3; r++) {
                    if (rituals[r] >= 0) {
                        CHECK(gen_add_att(g, rituals[r], p, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
                    }
                }
                load[t]++;
                g->ui[pl].sec_liaison = p;
            }
        }
        /* Product marketing: a liaison per product line (every third line has
         * only a late joiner with 4 instances, every third has nobody). */
        if (npmm > 0) {
            int32_t mt = pmm[b % npmm];
            CHECK(gen_add_need(g, mt, pl, LSN_CONTEXT_MODERATE, false));
            if (b % 3 == 0) {
                int32_t p = gen_worker(g, mt, pmm_k++);
                int32_t t = least_loaded(g, kids, k, load, false, -1);
                int32_t u = least_loaded(g, kids, k, load, false, t);
                CHECK(gen_add_att(g, g->ui[t].planning, p, LSN_GEN_OPT, LSN_GEN_ACCEPTED));
                load[t]++;
                if (u >= 0) {
                    CHECK(gen_add_att(g, g->ui[u].planning, p, LSN_GEN_OPT, LSN_GEN_ACCEPTED));
                    load[u]++;
                }
            } else if (b % 3 == 1 && weeks >= 6) {
                int32_t t = least_loaded(g, kids, k, load, true, -1), n;
                if (t >= 0) {
                    CHECK(
                        gen_split_series(g, &n, g->ui[t].planning, g->win_start + 7 * (weeks - 4)));
                    g->ui[t].split = true;
                    CHECK(gen_add_att(g, n, gen_worker(g, mt, pmm_k++), LSN_GEN_OPT,
                                      LSN_GEN_ACCEPTED));
                    load[t]++;
                }
            }
        }
        /* Product design: designers embedded in stand-ups and planning. */
        if (npd > 0) {
            int32_t dt = pd[b % npd];
            CHECK(gen_add_need(g, dt, pl, LSN_CONTEXT_MODERATE, false));
            size_t cover = b % 2 == 0 ? 2 : 1;
            int32_t done = -1;
            for (size_t i = 0; i < k && i < cover; i++) {
                int32_t t = least_loaded(g, kids, k, load, false, done);
                int32_t p = gen_worker(g, dt, pd_k++);
                if (g->ui[t].standup >= 0) {
                    CHECK(gen_add_att(g, g->ui[t].standup, p, LSN_GEN_OPT, LSN_GEN_ACCEPTED));
                }
                CHECK(gen_add_att(g, g->ui[t].planning, p, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
                load[t]++;
                done = t;
            }
            /* An unstable liaison: one designer in the first half, another after. */
            if (b % 5 == 0 && k >= 3 && weeks >= 10) {
                int32_t t = least_loaded(g, kids, k, load, true, -1), n;
                if (t >= 0) {
                    CHECK(gen_split_series(g, &n, g->ui[t].planning, g->win_start + 7 * 7));
                    g->ui[t].split = true;
                    CHECK(gen_add_att(g, g->ui[t].planning, gen_worker(g, dt, pd_k++), LSN_GEN_REQ,
                                      LSN_GEN_ACCEPTED));
                    CHECK(gen_add_att(g, n, gen_worker(g, dt, pd_k++), LSN_GEN_REQ,
                                      LSN_GEN_ACCEPTED));
                    load[t]++;
                }
            }
        }
        /* Support needs an engineer on call: one liaison (fragile) or nobody
         * but a late joiner with only 3 instances (missing). */
        if (nsup > 0) {
            int32_t st = sup[b % nsup];
            int32_t x = least_loaded(g, kids, k, load, true, -1);
            if (x < 0) {
                x = kids[k - 1];
            }
            CHECK(gen_add_need(g, st, x, LSN_CONTEXT_MODERATE, true));
            if (b % 2 == 0) {
                CHECK(gen_add_att(g, g->ui[x].planning, gen_worker(g, st, sup_k++), LSN_GEN_REQ,
                                  LSN_GEN_ACCEPTED));
                load[x]++;
            } else if (weeks >= 5 && !g->ui[x].split) {
                int32_t n;
                CHECK(gen_split_series(g, &n, g->ui[x].planning, g->win_start + 7 * (weeks - 3)));
                g->ui[x].split = true;
                CHECK(gen_add_att(g, n, gen_worker(g, st, sup_k++), LSN_GEN_REQ, LSN_GEN_ACCEPTED));
                load[x]++;
            }
        }
        /* A director at her own teams' stand-ups: hierarchy, not a liaison.
         * Every fourth one sits in every stand-up and retro of her line and
         * is hiring hard: an overbooked director. */
        int32_t head = g->units[pl].head;
        if (b % 4 == 0) {
            g->ui[pl].hiring = true;
            for (size_t i = 0; i < k; i++) {
                int32_t t = kids[i];
                if (g->ui[t].standup >= 0) {
                    CHECK(gen_add_att(g, g->ui[t].standup, head, LSN_GEN_OPT, LSN_GEN_ACCEPTED));
                }
                if (g->ui[t].retro >= 0) {
                    CHECK(gen_add_att(g, g->ui[t].retro, head, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
                }
            }
        } else if (b % 2 == 0) {
            int32_t t = kids[0];
            if (g->ui[t].standup >= 0) {
                CHECK(gen_add_att(g, g->ui[t].standup, head, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
            }
        }
    }

    /* Liaison sprawl: a few people sprinkled into many teams. */
    {
        size_t nsprawl = (size_t)((g->opts.people + 150) / 300);
        if (nsprawl < 2) {
            nsprawl = 2;
        }
        for (size_t i = 0; i < nsprawl && nb > 0; i++) {
            bool wide = i % 2 == 0;
            /* Home: Sales for the wide kind, Product for the other. */
            size_t nh = gen_dept_teams(g, wide ? D_SALES : D_PRODUCT, other, cap, NULL);
            if (nh == 0) {
                nh = gen_dept_teams(g, D_SUPPORT, other, cap, NULL);
            }
            if (nh == 0) {
                continue;
            }
            int32_t home = other[(i / 2) % nh];
            int32_t p = gen_worker(g, home, 1 + (int32_t)i);
            CHECK(LSN_GROW(g->sprawl, g->cap_sprawl, g->nsprawl + 1));
            g->sprawl[g->nsprawl++] = p;
            int32_t b0 = bottoms[(i * 2) % nb], b1 = bottoms[(i * 2 + 1) % nb];
            if (wide) {
                /* Planning of two teams in each of two lines, plus a team of
                 * another department: five teams under three parents. */
                int32_t lines[2] = {b0, b1};
                for (int l = 0; l < (nb > 1 ? 2 : 1); l++) {
                    size_t kk = gen_child_teams(g, lines[l], kids, cap);
                    int32_t t = least_loaded(g, kids, kk, load, false, -1);
                    int32_t u = least_loaded(g, kids, kk, load, false, t);
                    int32_t pick[2] = {t, u};
                    for (int j = 0; j < 2; j++) {
                        if (pick[j] >= 0) {
                            CHECK(gen_add_att(g, g->ui[pick[j]].planning, p, LSN_GEN_REQ,
                                              LSN_GEN_ACCEPTED));
                            load[pick[j]]++;
                        }
                    }
                }
                size_t no = gen_dept_teams(g, D_SUPPORT, other, cap, NULL);
                if (no == 0) {
                    no = gen_dept_teams(g, D_MARKETING, other, cap, NULL);
                }
                if (no > 0) {
                    int32_t t = other[(i / 2) % no];
                    CHECK(gen_add_att(g, g->ui[t].planning, p, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
                }
            } else {
                /* Stand-ups of four teams of one line (or two). */
                int added = 0;
                for (size_t bb = 0; bb < nb && added < 4; bb++) {
                    size_t kk = gen_child_teams(g, bottoms[(i * 2 + 1 + bb) % nb], kids, cap);
                    while (added < 4) {
                        int32_t t = least_loaded(g, kids, kk, load, false, -1);
                        if (t < 0 || g->ui[t].standup < 0) {
                            break;
                        }
                        size_t before = g->series[g->ui[t].standup].attendee_count;
                        CHECK(gen_add_att(g, g->ui[t].standup, p, LSN_GEN_OPT, LSN_GEN_ACCEPTED));
                        if (g->series[g->ui[t].standup].attendee_count == before) {
                            break; /* every team of this line done */
                        }
                        load[t]++;
                        added++;
                        /* Remove t from this line's candidates. */
                        for (size_t j = 0; j < kk; j++) {
                            if (kids[j] == t) {
                                kids[j] = kids[--kk];
                                break;
                            }
                        }
                    }
                }
            }
        }
    }

    /* Low-context liaisons: a seller at a team's biweekly 30-minute demo. */
    {
        size_t nlow = (size_t)(g->opts.people / 200);
        if (nlow < 1) {
            nlow = 1;
        }
        size_t nh = gen_dept_teams(g, D_SALES, other, cap, NULL);
        if (nh == 0) {
            nh = gen_dept_teams(g, D_MARKETING, other, cap, NULL);
        }
        for (size_t i = 0; i < nlow && nh > 0 && nb > 0; i++) {
            size_t k = gen_child_teams(g, bottoms[(i + 1) % nb], kids, cap);
            int32_t t = least_loaded(g, kids, k, load, false, -1);
            if (t < 0) {
                continue;
            }
            CHECK(gen_ensure_demo(g, t));
            int32_t p = gen_worker(g, other[(i + 1) % nh], (int32_t)i + 2);
            CHECK(gen_add_att(g, g->ui[t].demo, p, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
            load[t]++;
        }
    }

    /* Contractors: addresses in the company domain missing from people.csv. */
    {
        size_t ncon = (size_t)(g->opts.people / 75);
        if (ncon < 1) {
            ncon = 1;
        }
        for (size_t i = 0; i < ncon && nb > 0; i++) {
            size_t k = gen_child_teams(g, bottoms[(i * 3 + 1) % nb], kids, cap);
            int32_t t = least_loaded(g, kids, k, load, false, -1);
            if (t < 0) {
                continue;
            }
            char email[400], name[200];
            gen_name who;
            gen_name_random(&who, &g->r);
            snprintf(email, sizeof(email), "ext-%s.%s@%s", who.first_ascii, who.last_ascii,
                     g->domain);
            snprintf(name, sizeof(name), "%s %s (Contractor)", who.first, who.last);
            int32_t c;
            CHECK(gen_party(g, &c, email, name, LSN_GEN_INDIVIDUAL));
            if (g->ui[t].standup >= 0) {
                CHECK(gen_add_att(g, g->ui[t].standup, c, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
            }
            CHECK(gen_add_att(g, g->ui[t].planning, c, LSN_GEN_OPT, LSN_GEN_TENTATIVE));
            load[t]++;
        }
    }

    /* Heads kept informed of some plannings without taking part. */
    {
        bool any = false;
        for (size_t u = 0; u < g->nunits; u++) {
            if (!gen_regular_team(g, (int32_t)u) || g->ui[u].isolated || g->ui[u].planning < 0) {
                continue;
            }
            if (u % 10 == 3 || (!any && u + 1 == g->nunits)) {
                int32_t parent = g->units[u].parent;
                int32_t h = g->units[parent].head;
                if (h >= 0 && g->series[g->ui[u].planning].organizer != h) {
                    CHECK(gen_add_att(g, g->ui[u].planning, h, LSN_GEN_NON, LSN_GEN_ACCEPTED));
                    any = true;
                }
            }
        }
        if (!any) {
            for (size_t u = 0; u < g->nunits && !any; u++) {
                if (gen_regular_team(g, (int32_t)u) && g->ui[u].planning >= 0) {
                    CHECK(gen_add_att(g, g->ui[u].planning, g->ceo, LSN_GEN_NON, LSN_GEN_ACCEPTED));
                    any = true;
                }
            }
        }
    }

    /* Needs between functions: some met by the meetings above, some not. */
    {
        int32_t mkt = g->dept_unit[D_MARKETING], prod = g->dept_unit[D_PRODUCT];
        int32_t des = g->dept_unit[D_DESIGN];
        size_t ns = gen_dept_teams(g, D_SALES, other, cap, NULL);
        if (ns > 0 && mkt >= 0) {
            CHECK(gen_add_need(g, other[0], mkt, LSN_CONTEXT_MINIMAL, false));
        }
        if (nsup > 0 && prod >= 0) {
            CHECK(gen_add_need(g, sup[0], prod, LSN_CONTEXT_MODERATE, false));
        }
        size_t nprod = gen_dept_teams(g, D_PRODUCT, other, cap, NULL);
        if (nprod > 0 && npd > 0) {
            CHECK(gen_add_need(g, other[0], pd[0], LSN_CONTEXT_MODERATE, false));
        }
        size_t nm = gen_dept_teams(g, D_MARKETING, other, cap, "Brand");
        if (nm > 0 && des >= 0) {
            CHECK(gen_add_need(g, other[0], des, LSN_CONTEXT_MINIMAL, false));
        }
        /* The isolated lab needs its product line's first team, and security
         * needs deep context from the lab (it handles customer data). */
        for (size_t u = 0; u < g->nunits; u++) {
            if (g->ui[u].isolated) {
                size_t k = gen_child_teams(g, g->units[u].parent, kids, cap);
                if (k > 0) {
                    CHECK(gen_add_need(g, (int32_t)u, kids[0], LSN_CONTEXT_MODERATE, false));
                }
                if (nsec > 0) {
                    CHECK(gen_add_need(g, sec[0], (int32_t)u, LSN_CONTEXT_DEEP, false));
                }
            }
        }
    }
#undef CHECK
cleanup:
    free(bottoms);
    free(kids);
    free(pmm);
    free(pd);
    free(sup);
    free(sec);
    free(other);
    free(load);
    return rc;
}
