/*
 * io/catalog_internal.h — what io/catalog.c (reading the YAML into
 * entities and references) and io/catalog_needs.c (resolving them into an
 * organization) share. Not a public header.
 */
#ifndef LSN_IO_CATALOG_INTERNAL_H
#define LSN_IO_CATALOG_INTERNAL_H

#include "io/catalog.h"
#include "io/idmap.h"

#include <stdbool.h>

enum cat_kind { K_GROUP, K_USER, K_COMPONENT, K_API, K_RESOURCE, K_SYSTEM, K_DOMAIN, K_NKINDS };

/* The reference fields read, each with the kind a bare name means. */
enum cat_field {
    F_OWNER,
    F_SYSTEM,
    F_SUBCOMPONENT_OF,
    F_DOMAIN,
    F_DEPENDS_ON,
    F_DEPENDENCY_OF,
    F_CONSUMES,
    F_PROVIDES,
    F_PARENT,
    F_CHILDREN,
    F_MEMBERS,
    F_MEMBER_OF,
    F_MANAGER, /* the liaison.dev/manager annotation */
    F_NFIELDS
};

/* Lowercase kind names, as in a full reference. */
extern const char *const lsn_cat_kind_names[K_NKINDS];
/* The field names, as in messages ("spec.owner"). */
extern const char *const lsn_cat_field_names[F_NFIELDS];

struct cat_ref {
    int32_t entity; /* the entity holding it */
    int32_t field;  /* enum cat_field */
    int32_t text;   /* as written, id in cat->text */
    int32_t line;
    int32_t target; /* the entity it names, -1 unknown (set by resolve) */
};

struct cat_entity {
    int32_t kind;       /* enum cat_kind */
    int32_t ns, name;   /* ids in cat->text, as written ("default" when none) */
    int32_t ref;        /* "kind:ns/name" as written, id in cat->text */
    int32_t unit;       /* a Group's unit id, id in cat->text; else -1 */
    int32_t file, line; /* where its document starts */
    int32_t display;    /* spec.profile.displayName (or metadata.title), -1 none */
    int32_t email;      /* a User's spec.profile.email, normalised; -1 none */
    int32_t type;       /* spec.type, -1 none */
    int32_t context;    /* liaison.dev/context as an lsn_context, -1 none */
    bool availability;  /* liaison.dev/availability: yes */
    int32_t owner;      /* the owning Group (set by resolve), -1 none */
};

struct lsn_catalog {
    lsn_strmap *text; /* every string, interned */
    lsn_strmap *keys; /* lowercase "kind:ns/name"; id == entity index */
    struct cat_entity *ents;
    size_t nents, cap_ents;
    struct cat_ref *refs;
    size_t nrefs, cap_refs;
    bool resolved;
};

/* "group:default/team-a" lowercased, for lookups; owned by the caller, NULL
 * when out of memory. */
char *lsn_cat_key(const char *kind, const char *ns, const char *name);

/* The string with id in cat->text ("" for -1). */
const char *lsn_cat_text(const lsn_catalog *cat, int32_t id);

#endif
