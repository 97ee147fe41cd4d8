/*
 * io/gen/write_catalog.c — the generated organization as a Backstage
 * catalog (DIR/catalog/): groups.yaml (the hierarchy), users.yaml (the
 * roster, managers as the liaison.dev/manager annotation) and
 * components.yaml, whose dependencies imply exactly the generated needs:
 * every unit some team needs context from provides an API through a
 * service, and every need is one client Component of the needing team that
 * consumes that API, annotated with the need's context and availability.
 * No calendars.
 */
#include "io/gen/internal.h"

#include "io/catalog.h"
#include "io/fsutil.h"
#include "io/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const context_names[3] = {"minimal", "moderate", "deep"};

/* A YAML double-quoted scalar. */
static void quoted(lsn_text *b, const char *s)
{
    lsn_text_put(b, "\"", 1);
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            lsn_text_put(b, "\\", 1);
            lsn_text_put(b, s, 1);
        } else if (c < 0x20) {
            char esc[8];
            snprintf(esc, sizeof(esc), "\\x%02x", c);
            lsn_text_puts(b, esc);
        } else {
            lsn_text_put(b, s, 1);
        }
    }
    lsn_text_put(b, "\"", 1);
}

static void line(lsn_text *b, const char *indent, const char *key, const char *value)
{
    lsn_text_puts(b, indent);
    lsn_text_puts(b, key);
    lsn_text_puts(b, ": ");
    quoted(b, value);
    lsn_text_puts(b, "\n");
}

static void head(lsn_text *b, const char *kind, const char *name)
{
    lsn_text_puts(b, "---\napiVersion: backstage.io/v1alpha1\nkind: ");
    lsn_text_puts(b, kind);
    lsn_text_puts(b, "\nmetadata:\n");
    line(b, "  ", "name", name);
}

/* "web" -> "web-api" and the like, in buf. */
static const char *suffixed(char *buf, size_t size, const char *id, const char *suffix)
{
    snprintf(buf, size, "%s%s", id, suffix);
    return buf;
}

static void groups_yaml(lsn_text *b, const lsn_gen *g)
{
    for (size_t i = 0; i < g->nunits; i++) {
        const lsn_gen_unit *u = &g->units[i];
        head(b, "Group", u->id);
        lsn_text_puts(b, "spec:\n");
        line(b, "  ", "type", u->team ? "team" : (u->parent < 0 ? "organization" : "department"));
        lsn_text_puts(b, "  profile:\n");
        line(b, "    ", "displayName", u->name);
        if (u->parent >= 0) {
            line(b, "  ", "parent", g->units[u->parent].id);
        }
        lsn_text_puts(b, "  children:");
        bool any = false;
        for (size_t j = 0; j < g->nunits; j++) {
            if (g->units[j].parent == (int32_t)i) {
                lsn_text_puts(b, "\n    - ");
                quoted(b, g->units[j].id);
                any = true;
            }
        }
        lsn_text_puts(b, any ? "\n" : " []\n");
    }
}

/* The User name of an email: its local part (gen emails share one domain). */
static const char *user_name(char *buf, size_t size, const char *email)
{
    const char *at = strchr(email, '@');
    size_t n = at != NULL ? (size_t)(at - email) : strlen(email);
    snprintf(buf, size, "%.*s", (int)n, email);
    return buf;
}

static void users_yaml(lsn_text *b, const lsn_gen *g)
{
    char name[256];
    for (size_t i = 0; i < g->npeople; i++) {
        const lsn_gen_person *p = &g->people[i];
        head(b, "User", user_name(name, sizeof(name), p->email));
        if (p->manager >= 0) {
            lsn_text_puts(b, "  annotations:\n");
            line(b, "    ", LSN_CATALOG_MANAGER_ANNOTATION, g->people[p->manager].email);
        }
        lsn_text_puts(b, "spec:\n  profile:\n");
        line(b, "    ", "displayName", p->name);
        line(b, "    ", "email", p->email);
        lsn_text_puts(b, "  memberOf:\n    - ");
        quoted(b, g->units[p->team].id);
        lsn_text_puts(b, "\n");
    }
}

static int components_yaml(lsn_text *b, const lsn_gen *g)
{
    char name[512], api[512];
    bool *provides = calloc(g->nunits ? g->nunits : 1, sizeof(*provides));
    if (provides == NULL) {
        return lsn_oom();
    }
    for (size_t i = 0; i < g->nneeds; i++) {
        provides[g->needs[i].from] = true;
    }
    for (size_t u = 0; u < g->nunits; u++) {
        if (!provides[u]) {
            continue;
        }
        const char *id = g->units[u].id;
        head(b, "Component", suffixed(name, sizeof(name), id, "-service"));
        lsn_text_puts(b, "spec:\n  type: service\n  lifecycle: production\n");
        line(b, "  ", "owner", id);
        lsn_text_puts(b, "  providesApis:\n    - ");
        quoted(b, suffixed(api, sizeof(api), id, "-api"));
        lsn_text_puts(b, "\n");
        head(b, "API", api);
        lsn_text_puts(b, "spec:\n  type: openapi\n  lifecycle: production\n");
        line(b, "  ", "owner", id);
        lsn_text_puts(b, "  definition: \"openapi: 3.0.0\"\n");
    }
    for (size_t i = 0; i < g->nneeds; i++) {
        const lsn_gen_need *n = &g->needs[i];
        const char *team = g->units[n->team].id, *from = g->units[n->from].id;
        snprintf(name, sizeof(name), "%s-uses-%s", team, from);
        head(b, "Component", name);
        lsn_text_puts(b, "  annotations:\n");
        line(b, "    ", LSN_CATALOG_CONTEXT_ANNOTATION, context_names[n->context]);
        line(b, "    ", LSN_CATALOG_AVAILABILITY_ANNOTATION, n->availability ? "yes" : "no");
        lsn_text_puts(b, "spec:\n  type: library\n  lifecycle: production\n");
        line(b, "  ", "owner", team);
        lsn_text_puts(b, "  consumesApis:\n    - ");
        quoted(b, suffixed(api, sizeof(api), from, "-api"));
        lsn_text_puts(b, "\n");
    }
    free(provides);
    return LSN_OK;
}

int lsn_gen_write_catalog(const lsn_gen *gen, const char *dir)
{
    char *sub = lsn_fs_join(dir, "catalog");
    if (sub == NULL) {
        return lsn_oom();
    }
    lsn_text b = {0};
    int rc = lsn_fs_make_dir(sub);
    if (rc == LSN_OK) {
        lsn_text_puts(&b, "# The hierarchy: one Group per unit (liaison gen).\n");
        groups_yaml(&b, gen);
        rc = gen_write_in(sub, "groups.yaml", &b);
    }
    if (rc == LSN_OK) {
        lsn_text_clear(&b);
        lsn_text_puts(&b, "# The roster: one User per person, in their team's Group.\n");
        users_yaml(&b, gen);
        rc = gen_write_in(sub, "users.yaml", &b);
    }
    if (rc == LSN_OK) {
        lsn_text_clear(&b);
        lsn_text_puts(&b, "# The needs: each client Component consumes the API of the unit its\n"
                        "# team needs context from (" LSN_CATALOG_CONTEXT_ANNOTATION
                        " sets the level).\n");
        rc = components_yaml(&b, gen);
    }
    if (rc == LSN_OK) {
        rc = gen_write_in(sub, "components.yaml", &b);
    }
    free(b.p);
    free(sub);
    return rc;
}
