/*
 * io/catalog.h — a Backstage software catalog (catalog-info.yaml
 * descriptors) as the roster, the hierarchy and derived coordination needs.
 *
 * Groups are the hierarchy (spec.parent, spec.children; spec.type kept as
 * the unit's kind; spec.profile.displayName as its name), Users with a
 * spec.profile.email are the people (their team: the first Group of
 * spec.memberOf, or of the Groups listing them in spec.members, that has no
 * child Group; else the first such Group), and the dependencies between
 * what Groups own (Components, APIs, Resources, Systems) become needs: team
 * A needs context from team B when something A owns depends on
 * (spec.dependsOn, or B's entity lists it in spec.dependencyOf) or consumes
 * an API provided by (spec.consumesApis / spec.providesApis) something B
 * owns. An entity without an owner Group belongs to the owner of its
 * spec.system, else of its spec.subcomponentOf parent (a System without
 * one: of its spec.domain).
 *
 * Entity references follow Backstage: `[kind:][namespace/]name`, compared
 * case-insensitively; the kind defaults by field (owner, parent, children,
 * memberOf: Group; members: User; system: System; subcomponentOf,
 * dependsOn, dependencyOf: Component, then Resource; consumesApis,
 * providesApis: API; domain: Domain), the namespace to the namespace of
 * the entity that holds the reference (`default` when it names none). A
 * Group's unit id is its metadata.name, "NAMESPACE/name" outside the
 * default namespace.
 */
#ifndef LSN_IO_CATALOG_H
#define LSN_IO_CATALOG_H

#include "io/model.h"

#include <stddef.h>
#include <stdint.h>

/** The annotation that sets the context level of the needs an entity implies. */
#define LSN_CATALOG_CONTEXT_ANNOTATION "liaison.dev/context"
/** The annotation that marks them as needing availability ("yes"/"no"). */
#define LSN_CATALOG_AVAILABILITY_ANNOTATION "liaison.dev/availability"
/** The annotation on a User naming their manager (a User reference or an email). */
#define LSN_CATALOG_MANAGER_ANNOTATION "liaison.dev/manager"

/** Default edges for a moderate derived need (fewer: minimal). */
#define LSN_CATALOG_MODERATE_EDGES 2
/** Default edges for a deep derived need. */
#define LSN_CATALOG_DEEP_EDGES 4

/**
 * How a derived need's weight (its dependency edges) becomes its context
 * level when no entity behind it carries LSN_CATALOG_CONTEXT_ANNOTATION:
 * minimal below moderate_edges, moderate from it, deep from deep_edges.
 * Zero means the default.
 */
typedef struct lsn_catalog_options {
    int32_t moderate_edges;
    int32_t deep_edges;
} lsn_catalog_options;

#define LSN_CATALOG_OPTIONS_INIT                                                                   \
    {                                                                                              \
        LSN_CATALOG_MODERATE_EDGES, LSN_CATALOG_DEEP_EDGES                                         \
    }

/** The files given beside a catalog; each NULL when not given, each wins over the catalog. */
typedef struct lsn_catalog_inputs {
    const char *people; /* people.csv: replaces the catalog's Users */
    const char *teams;  /* teams.csv: replaces the catalog's Groups */
    const char *needs;  /* needs.csv: its needs win for the pairs they name */
} lsn_catalog_inputs;

typedef struct lsn_catalog lsn_catalog;

/** An empty catalog. Returns LSN_OK or LSN_ENOMEM; *out NULL on failure. */
int lsn_catalog_new(lsn_catalog **out);

/** Free the catalog; NULL is fine. */
void lsn_catalog_free(lsn_catalog *cat);

/**
 * Read a YAML file, or every *.yaml and *.yml file under a folder (read
 * recursively, in sorted name order; hidden files left out). Each file may
 * hold several documents; each document one entity. Documents that are no
 * entity (no kind or metadata.name), entities of other kinds (Location,
 * Template, ...) and a repeated entity are left out, the first and the last
 * with a warning.
 *
 * @return LSN_OK; LSN_EIO (an unreadable path); LSN_EPARSE with
 *         "FILE:LINE: bad YAML: ..." for YAML that does not parse;
 *         LSN_ENOMEM. Cost: O(bytes).
 */
int lsn_catalog_read(lsn_catalog *cat, const char *path);

/** lsn_catalog_read() on bytes in memory; label names them in messages. */
int lsn_catalog_read_buffer(lsn_catalog *cat, const char *data, size_t len, const char *label);

/**
 * Number of entities read (Groups, Users, Components, APIs, Resources,
 * Systems, Domains).
 */
size_t lsn_catalog_count(const lsn_catalog *cat);

/**
 * Build and finish the organization: units from teams.csv or else the
 * catalog's Groups, people from people.csv or else its Users, the needs of
 * needs.csv plus the derived ones (a csv need for the same pair wins).
 * References to entities not in the catalog, owners that are no Group,
 * Users without an email or without a Group and bad annotation values are
 * warnings (lsn_warn) naming FILE:LINE; a Group cycle is an error, as in
 * teams.csv.
 *
 * @param[out] out the organization, owned by the caller; NULL on failure
 * @param cat      a catalog read with lsn_catalog_read (borrowed; resolved
 *                 here, so build one organization per catalog)
 * @param in       the CSV files beside it (NULL: none)
 * @param opts     thresholds (NULL: defaults)
 * @return LSN_OK, LSN_EIO, LSN_EPARSE or LSN_ENOMEM (messages as
 *         lsn_roster_load's). Cost: O(entities + references) plus sorting
 *         the dependency edges.
 */
int lsn_catalog_org(lsn_org **out,
                    lsn_catalog *cat,
                    const lsn_catalog_inputs *in,
                    const lsn_catalog_options *opts);

/**
 * The organization from a catalog path and the CSV files beside it, or
 * from the CSVs alone (lsn_roster_load) when catalog is NULL; then people
 * must not be NULL.
 */
int lsn_catalog_load(lsn_org **out,
                     const char *catalog,
                     const lsn_catalog_inputs *in,
                     const lsn_catalog_options *opts);

#endif
