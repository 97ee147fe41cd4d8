/*
 * analysis/proposal_solve.c — the assignment of the proposal (proposal.h):
 * one GLPK MIP over every item, behind a guard for GLPK's fatal errors, and
 * the enumeration that tests check it against. It builds no item and writes
 * no entry.
 */
#include "analysis/proposal_internal.h"

#include <assert.h>
#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* The MIP                                                              */
/* ------------------------------------------------------------------ */

struct mip {
    int ncols, nrows, nnz;
    int *cand_col;  /* per candidate, 0 when not in the MIP */
    int *item_col;  /* per item: its unmet column, 0 when none */
    int *group_col; /* per consolidation group: its y column, 0 when none */
    double *obj;    /* per column, 1-based */
    int *row_type;  /* per row, 1-based */
    double *row_lo, *row_hi;
    int *ia, *ja; /* constraint matrix, 1-based */
    double *ar;
    double *value; /* solution per column, 1-based */
};

static void mip_free(struct mip *m)
{
    free(m->cand_col);
    free(m->item_col);
    free(m->group_col);
    free(m->obj);
    free(m->row_type);
    free(m->row_lo);
    free(m->row_hi);
    free(m->ia);
    free(m->ja);
    free(m->ar);
    free(m->value);
}

static void add_row(struct mip *m, int type, double lo, double hi)
{
    m->nrows++;
    m->row_type[m->nrows] = type;
    m->row_lo[m->nrows] = lo;
    m->row_hi[m->nrows] = hi;
}

static void add_coef(struct mip *m, int col, double v)
{
    m->nnz++;
    m->ia[m->nnz] = m->nrows;
    m->ja[m->nnz] = col;
    m->ar[m->nnz] = v;
}

struct seat {
    int32_t person;
    int col;
};

/* A candidate's column: its objective coefficient and its tie-break. */
struct col_order {
    double value;
    int32_t rank;
    size_t cand;
};

/* Worst first, best last (equal values: the larger email first). */
static int col_order_cmp(const void *x, const void *y)
{
    const struct col_order *a = x;
    const struct col_order *b = y;
    if (a->value != b->value) {
        return a->value < b->value ? -1 : 1;
    }
    return (a->rank < b->rank) - (a->rank > b->rank);
}

static int seat_cmp(const void *x, const void *y)
{
    const struct seat *a = x;
    const struct seat *b = y;
    if (a->person != b->person) {
        return a->person < b->person ? -1 : 1;
    }
    return (a->col > b->col) - (a->col < b->col);
}

/* Lay out columns, rows and the sparse matrix (see proposal.h). O(candidates). */
static int mip_layout(struct ctx *c, struct mip *m)
{
    size_t maxcols = c->ncands + c->nitems + (size_t)c->ngroups + 1;
    /* rows: one per item, at most one per seat candidate, one per grouped x */
    size_t maxrows = c->nitems + 2 * c->ncands + 1;
    size_t maxnnz = 4 * c->ncands + c->nitems + 1;
    struct seat *seats = alloc_array(c->ncands, sizeof(*seats));
    m->cand_col = zalloc_array(c->ncands, sizeof(*m->cand_col));
    m->item_col = zalloc_array(c->nitems, sizeof(*m->item_col));
    m->group_col = zalloc_array((size_t)c->ngroups, sizeof(*m->group_col));
    m->obj = zalloc_array(maxcols + 1, sizeof(*m->obj));
    m->value = zalloc_array(maxcols + 1, sizeof(*m->value));
    m->row_type = zalloc_array(maxrows + 1, sizeof(*m->row_type));
    m->row_lo = zalloc_array(maxrows + 1, sizeof(*m->row_lo));
    m->row_hi = zalloc_array(maxrows + 1, sizeof(*m->row_hi));
    m->ia = zalloc_array(maxnnz + 1, sizeof(*m->ia));
    m->ja = zalloc_array(maxnnz + 1, sizeof(*m->ja));
    m->ar = zalloc_array(maxnnz + 1, sizeof(*m->ar));
    if (seats == NULL || m->cand_col == NULL || m->item_col == NULL || m->group_col == NULL ||
        m->obj == NULL || m->value == NULL || m->row_type == NULL || m->row_lo == NULL ||
        m->row_hi == NULL || m->ia == NULL || m->ja == NULL || m->ar == NULL) {
        free(seats);
        return lsn_oom();
    }
    for (size_t i = 0; i < c->nitems; i++) {
        const struct item *it = &c->items[i];
        if (it->pre_unmet) {
            continue;
        }
        /* Column order does not change the model, but GLPK's initial basis
         * takes the last column of each row: unmet first and the best
         * candidate last starts the LP next to its optimum (about 3x fewer
         * simplex iterations on generated organizations). */
        if (it->kind != ITEM_ROTATION) {
            m->item_col[i] = ++m->ncols;
            m->obj[m->ncols] = -LSN_PROPOSAL_UNMET;
        }
        struct col_order order[LSN_PROPOSAL_MAX_CANDIDATES];
        assert(it->count <= LSN_PROPOSAL_MAX_CANDIDATES);
        for (size_t k = 0; k < it->count; k++) {
            const struct cand *cd = &c->cands[it->first + k];
            order[k] =
                (struct col_order){cd->value + (cd->group >= 0 ? LSN_PROPOSAL_CONSOLIDATION : 0.0),
                                   cd->rank, it->first + k};
        }
        qsort(order, it->count, sizeof(*order), col_order_cmp);
        for (size_t k = 0; k < it->count; k++) {
            m->cand_col[order[k].cand] = ++m->ncols;
            m->obj[m->ncols] = order[k].value;
        }
    }
    for (int32_t g = 0; g < c->ngroups; g++) {
        m->group_col[g] = ++m->ncols;
        m->obj[m->ncols] = -LSN_PROPOSAL_CONSOLIDATION;
    }
    /* One row per item: choose one (or unmet), or a rota of 2 to 4. */
    for (size_t i = 0; i < c->nitems; i++) {
        const struct item *it = &c->items[i];
        if (it->pre_unmet) {
            continue;
        }
        if (it->kind == ITEM_ROTATION) {
            size_t hi = it->count < LSN_PROPOSAL_ROTA_MAX ? it->count : LSN_PROPOSAL_ROTA_MAX;
            if (hi == LSN_PROPOSAL_ROTA_MIN) {
                add_row(m, GLP_FX, (double)hi, (double)hi);
            } else {
                add_row(m, GLP_DB, LSN_PROPOSAL_ROTA_MIN, (double)hi);
            }
        } else {
            add_row(m, GLP_FX, 1.0, 1.0);
            add_coef(m, m->item_col[i], 1.0);
        }
        for (size_t k = it->first; k < it->first + it->count; k++) {
            add_coef(m, m->cand_col[k], 1.0);
        }
    }
    /* Capacity: only for people who could exceed their seats. */
    size_t ns = 0;
    for (size_t k = 0; k < c->ncands; k++) {
        if (m->cand_col[k] != 0 && c->cands[k].seat) {
            seats[ns++] = (struct seat){c->cands[k].person, m->cand_col[k]};
        }
    }
    qsort(seats, ns, sizeof(*seats), seat_cmp);
    for (size_t i = 0, j = 0; i < ns; i = j) {
        for (j = i; j < ns && seats[j].person == seats[i].person; j++) {
        }
        int32_t left = seats_left(c, seats[i].person);
        if ((int64_t)(j - i) <= (int64_t)left) {
            continue;
        }
        add_row(m, GLP_UP, 0.0, (double)left);
        for (size_t k = i; k < j; k++) {
            add_coef(m, seats[k].col, 1.0);
        }
    }
    /* Hierarchy: x <= y for the candidates of a (person, parent) group. */
    for (size_t k = 0; k < c->ncands; k++) {
        const struct cand *cd = &c->cands[k];
        if (m->cand_col[k] == 0 || cd->group < 0) {
            continue;
        }
        add_row(m, GLP_UP, 0.0, 0.0);
        add_coef(m, m->cand_col[k], 1.0);
        add_coef(m, m->group_col[cd->group], -1.0);
    }
    free(seats);
    return LSN_OK;
}

struct glpk_guard {
    jmp_buf jump;
};

static void on_glpk_error(void *info)
{
    struct glpk_guard *g = info;
    longjmp(g->jump, 1);
}

/* Everything that calls GLPK, behind the guard of solve_mip(). */
static int run_glpk(struct mip *m)
{
    int rc = LSN_OK;
    int old_term = glp_term_out(GLP_OFF);
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_cols(lp, m->ncols);
    for (int j = 1; j <= m->ncols; j++) {
        glp_set_col_kind(lp, j, GLP_BV);
        glp_set_obj_coef(lp, j, m->obj[j]);
    }
    if (m->nrows > 0) {
        glp_add_rows(lp, m->nrows);
        for (int i = 1; i <= m->nrows; i++) {
            glp_set_row_bnds(lp, i, m->row_type[i], m->row_lo[i], m->row_hi[i]);
        }
        glp_load_matrix(lp, m->nnz, m->ia, m->ja, m->ar);
    }
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    parm.mip_gap = 0.0;
    parm.tol_obj = MIP_TOL_OBJ;
    int ret = glp_intopt(lp, &parm);
    int status = glp_mip_status(lp);
    if (ret != 0 || status != GLP_OPT) {
        rc = lsn_error_set(LSN_EINTERNAL,
                           "the liaison assignment has no optimal solution (GLPK code %d, "
                           "status %d)",
                           ret, status);
    } else {
        for (int j = 1; j <= m->ncols; j++) {
            m->value[j] = glp_mip_col_val(lp, j);
        }
    }
    glp_delete_prob(lp);
    glp_term_out(old_term);
    return rc;
}

/* GLPK aborts the process after an internal error unless its hook jumps out;
 * then every GLPK object of the thread is gone and its environment must be
 * freed (glp_free_env), which the next GLPK call recreates. */
static int solve_mip(struct mip *m)
{
    struct glpk_guard guard;
    if (setjmp(guard.jump) != 0) {
        glp_free_env();
        return lsn_error_set(LSN_EINTERNAL, "GLPK failed inside the liaison assignment");
    }
    glp_error_hook(on_glpk_error, &guard);
    int rc = run_glpk(m);
    glp_error_hook(NULL, NULL);
    return rc;
}

/* Entry positions [first[i], first[i + 1]) of row i: add_coef() appends
 * each row's entries after its add_row(), so they come grouped by row. */
static int *row_starts(const struct mip *m)
{
    int *first = zalloc_array((size_t)m->nrows + 2, sizeof(*first));
    if (first == NULL) {
        return NULL;
    }
    for (int k = 1; k <= m->nnz; k++) {
        first[m->ia[k] + 1]++;
    }
    first[1] = 1;
    for (int i = 1; i <= m->nrows; i++) {
        first[i + 1] += first[i];
    }
    return first;
}

/* Column a before column b in a row solved apart: the higher objective,
 * and on equal ones the later column (the layout puts the earlier email
 * last). */
static bool col_better(const struct mip *m, int a, int b)
{
    return m->obj[a] != m->obj[b] ? m->obj[a] > m->obj[b] : a > b;
}

/* Row i on its own: "choose one" takes its best column, a rota the best
 * row_lo and then each column that adds to the objective, up to row_hi. */
static void solve_row(struct mip *m, const int *first, int i)
{
    int lo = (int)m->row_lo[i], hi = (int)m->row_hi[i];
    int taken = 0;
    while (taken < hi) {
        int best = 0;
        for (int k = first[i]; k < first[i + 1]; k++) {
            int j = m->ja[k];
            if (m->value[j] < 0.5 && (best == 0 || col_better(m, j, best))) {
                best = j;
            }
        }
        if (best == 0 || (taken >= lo && !(m->obj[best] > 0))) {
            break;
        }
        m->value[best] = 1.0;
        taken++;
    }
}

/*
 * The assignment, solved in parts. A row that shares no column with
 * another - an item none of whose candidates has a capacity or a hierarchy
 * row, nearly every item - is a problem of its own, solved exactly here by
 * solve_row(); the rows left and their columns go to GLPK as one smaller
 * MIP. At 100,000 people the single MIP had 9,890 rows and 66,533 columns
 * of which no two rows shared one, and GLPK's simplex took 4 s over it.
 */
static int solve_parts(struct mip *m, int32_t *apart_rows)
{
    int rc = LSN_OK;
    int *first = row_starts(m);
    int *uses = zalloc_array((size_t)m->ncols + 1, sizeof(*uses));
    int *sub_col = zalloc_array((size_t)m->ncols + 1, sizeof(*sub_col));
    int *sub_row = zalloc_array((size_t)m->nrows + 1, sizeof(*sub_row));
    struct mip sub = {0};
    if (first == NULL || uses == NULL || sub_col == NULL || sub_row == NULL) {
        rc = lsn_oom();
        goto done;
    }
    for (int k = 1; k <= m->nnz; k++) {
        uses[m->ja[k]]++;
    }
    int sub_nnz = 0;
    for (int i = 1; i <= m->nrows; i++) {
        /* "choose one" and rota rows (the only equality and range rows). */
        bool apart = m->row_type[i] == GLP_FX || m->row_type[i] == GLP_DB;
        for (int k = first[i]; k < first[i + 1] && apart; k++) {
            apart = uses[m->ja[k]] == 1 && m->ar[k] == 1.0;
        }
        if (apart) {
            solve_row(m, first, i);
            (*apart_rows)++;
        } else {
            sub_row[i] = ++sub.nrows;
            sub_nnz += first[i + 1] - first[i];
        }
    }
    /* The columns of the rows left, and those of no row, in layout order. */
    for (int i = 1; i <= m->nrows; i++) {
        for (int k = first[i]; sub_row[i] != 0 && k < first[i + 1]; k++) {
            sub_col[m->ja[k]] = -1;
        }
    }
    for (int j = 1; j <= m->ncols; j++) {
        if (sub_col[j] == -1 || uses[j] == 0) {
            sub_col[j] = ++sub.ncols;
        }
    }
    if (sub.nrows == 0) {
        /* No row left: a column of no row is 1 when it adds to the objective. */
        for (int j = 1; j <= m->ncols; j++) {
            if (sub_col[j] != 0) {
                m->value[j] = m->obj[j] > 0 ? 1.0 : 0.0;
            }
        }
        goto done;
    }
    sub.obj = alloc_array((size_t)sub.ncols + 1, sizeof(*sub.obj));
    sub.value = zalloc_array((size_t)sub.ncols + 1, sizeof(*sub.value));
    sub.row_type = alloc_array((size_t)sub.nrows + 1, sizeof(*sub.row_type));
    sub.row_lo = alloc_array((size_t)sub.nrows + 1, sizeof(*sub.row_lo));
    sub.row_hi = alloc_array((size_t)sub.nrows + 1, sizeof(*sub.row_hi));
    sub.ia = alloc_array((size_t)sub_nnz + 1, sizeof(*sub.ia));
    sub.ja = alloc_array((size_t)sub_nnz + 1, sizeof(*sub.ja));
    sub.ar = alloc_array((size_t)sub_nnz + 1, sizeof(*sub.ar));
    if (sub.obj == NULL || sub.value == NULL || sub.row_type == NULL || sub.row_lo == NULL ||
        sub.row_hi == NULL || sub.ia == NULL || sub.ja == NULL || sub.ar == NULL) {
        rc = lsn_oom();
        goto done;
    }
    for (int j = 1; j <= m->ncols; j++) {
        if (sub_col[j] != 0) {
            sub.obj[sub_col[j]] = m->obj[j];
        }
    }
    for (int i = 1; i <= m->nrows; i++) {
        int r = sub_row[i];
        if (r == 0) {
            continue;
        }
        sub.row_type[r] = m->row_type[i];
        sub.row_lo[r] = m->row_lo[i];
        sub.row_hi[r] = m->row_hi[i];
        for (int k = first[i]; k < first[i + 1]; k++) {
            sub.nnz++;
            sub.ia[sub.nnz] = r;
            sub.ja[sub.nnz] = sub_col[m->ja[k]];
            sub.ar[sub.nnz] = m->ar[k];
        }
    }
    if ((rc = solve_mip(&sub)) == LSN_OK) {
        for (int j = 1; j <= m->ncols; j++) {
            if (sub_col[j] != 0) {
                m->value[j] = sub.value[sub_col[j]];
            }
        }
    }
done:
    mip_free(&sub);
    free(first);
    free(uses);
    free(sub_col);
    free(sub_row);
    return rc;
}

int prop_assign_mip(struct ctx *c, bool whole)
{
    struct mip m = {0};
    int rc = mip_layout(c, &m);
    if (rc == LSN_OK && m.ncols > 0) {
        rc = whole ? solve_mip(&m) : solve_parts(&m, &c->stats.apart);
    }
    if (rc == LSN_OK) {
        for (size_t i = 0; i < c->nitems; i++) {
            struct item *it = &c->items[i];
            it->unmet = it->pre_unmet || (m.item_col[i] != 0 && m.value[m.item_col[i]] > 0.5);
            for (size_t k = it->first; k < it->first + it->count; k++) {
                c->chosen[k] = m.cand_col[k] != 0 && m.value[m.cand_col[k]] > 0.5;
            }
        }
        c->stats.columns = m.ncols;
        c->stats.rows = m.nrows;
        c->stats.nonzeros = m.nnz;
    }
    mip_free(&m);
    return rc;
}

/* ------------------------------------------------------------------ */
/* ------------------------------------------------------------------ */
/* The brute-force solver (tests)                                       */
/* ------------------------------------------------------------------ */

struct brute {
    struct ctx *c;
    int32_t *used;        /* new seats per person */
    unsigned char *gused; /* prop_objective() scratch */
    unsigned char *best_chosen;
    unsigned char *best_unmet;
    double best;
    bool found;
};

static int popcount(uint32_t x)
{
    int n = 0;
    for (; x != 0; x &= x - 1) {
        n++;
    }
    return n;
}

static double binomial(size_t n, size_t k)
{
    double r = 1.0;
    for (size_t i = 1; i <= k; i++) {
        r = r * (double)(n - k + i) / (double)i;
    }
    return r;
}

static void brute_item(struct brute *b, size_t i)
{
    struct ctx *c = b->c;
    if (i == c->nitems) {
        double v = prop_objective(c, b->gused);
        if (!b->found || v > b->best) {
            b->found = true;
            b->best = v;
            memcpy(b->best_chosen, c->chosen, c->ncands);
            for (size_t k = 0; k < c->nitems; k++) {
                b->best_unmet[k] = c->items[k].unmet;
            }
        }
        return;
    }
    struct item *it = &c->items[i];
    if (it->pre_unmet) {
        it->unmet = true;
        brute_item(b, i + 1);
        return;
    }
    it->unmet = false;
    if (it->kind == ITEM_ROTATION) {
        size_t hi = it->count < LSN_PROPOSAL_ROTA_MAX ? it->count : LSN_PROPOSAL_ROTA_MAX;
        for (uint32_t mask = 0; mask < (UINT32_C(1) << it->count); mask++) {
            int pc = popcount(mask);
            if (pc < LSN_PROPOSAL_ROTA_MIN || (size_t)pc > hi) {
                continue;
            }
            for (size_t k = 0; k < it->count; k++) {
                c->chosen[it->first + k] = (mask >> k) & 1u;
            }
            brute_item(b, i + 1);
        }
        memset(c->chosen + it->first, 0, it->count);
        return;
    }
    for (size_t k = it->first; k < it->first + it->count; k++) {
        const struct cand *cd = &c->cands[k];
        if (cd->seat && b->used[cd->person] + 1 > seats_left(c, cd->person)) {
            continue;
        }
        b->used[cd->person] += cd->seat;
        c->chosen[k] = 1;
        brute_item(b, i + 1);
        c->chosen[k] = 0;
        b->used[cd->person] -= cd->seat;
    }
    it->unmet = true;
    brute_item(b, i + 1);
    it->unmet = false;
}

int prop_assign_brute(struct ctx *c)
{
    double total = 1.0;
    for (size_t i = 0; i < c->nitems; i++) {
        const struct item *it = &c->items[i];
        double options = 1.0;
        if (it->pre_unmet) {
            options = 1.0;
        } else if (it->kind == ITEM_ROTATION) {
            options = 0.0;
            for (size_t s = LSN_PROPOSAL_ROTA_MIN; s <= LSN_PROPOSAL_ROTA_MAX && s <= it->count;
                 s++) {
                options += binomial(it->count, s);
            }
        } else {
            options = (double)it->count + 1.0;
        }
        total *= options;
    }
    if (total > BRUTE_MAX_ASSIGNMENTS) {
        return lsn_error_set(LSN_EINVAL,
                             "the brute-force assignment would try %.0f assignments, more than "
                             "%.0f",
                             total, BRUTE_MAX_ASSIGNMENTS);
    }
    int rc = LSN_OK;
    struct brute b = {.c = c};
    b.used = zalloc_array(c->v.npeople, sizeof(*b.used));
    b.gused = zalloc_array((size_t)c->ngroups, 1);
    b.best_chosen = zalloc_array(c->ncands, 1);
    b.best_unmet = zalloc_array(c->nitems, 1);
    if (b.used == NULL || b.gused == NULL || b.best_chosen == NULL || b.best_unmet == NULL) {
        rc = lsn_oom();
        goto cleanup;
    }
    brute_item(&b, 0);
    /* Every item can be left unmet, so some assignment is always feasible. */
    assert(b.found);
    memcpy(c->chosen, b.best_chosen, c->ncands);
    for (size_t i = 0; i < c->nitems; i++) {
        c->items[i].unmet = b.best_unmet[i];
    }

cleanup:
    free(b.used);
    free(b.gused);
    free(b.best_chosen);
    free(b.best_unmet);
    return rc;
}

/* ------------------------------------------------------------------ */
