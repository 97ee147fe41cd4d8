/*
 * analysis/params.h — every threshold of SPEC §2-§3 in one table: its config
 * key (also its name in report.json `parameters`), its command-line option,
 * its default, whether it is a whole number, its range and its help line.
 * The options of `analyze`, `compare` and `batch` (cli/options.c), the keys
 * of --config (either spelling), the defaults of lsn_settings and the
 * report's parameters section (viz/outputs.c) are all made from it.
 */
#ifndef LSN_ANALYSIS_PARAMS_H
#define LSN_ANALYSIS_PARAMS_H

#include "analysis/analysis.h"
#include "analysis/passes.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct lsn_settings {
    lsn_analysis_options analysis;
    lsn_pass_options passes;
    /* Privacy (README "Privacy"): figures about teams and units with fewer
     * than min_group people are suppressed, and min_group > 1 drops every
     * person-level section. A parameter of the table below. */
    int32_t min_group;
    /* Weights (dependency edges) at which a need derived from a software
     * catalog is moderate, and deep (io/catalog.h). Parameters of the table. */
    int32_t catalog_moderate_edges;
    int32_t catalog_deep_edges;
    /* --anonymize / --anonymize-teams were given: only recorded in the
     * report's parameters (the salt itself never leaves the command). */
    bool anonymize;
    bool anonymize_teams;
} lsn_settings;

/** One threshold. */
typedef struct lsn_param_def {
    const char *key;    /* "rule_of_eight" */
    const char *option; /* "rule-of-eight" */
    bool integer;       /* an int32_t in lsn_settings, else a double */
    double def;         /* the default (the value of the options' INIT macros) */
    double min, max;    /* the accepted range, both ends included */
    size_t offset;      /* of the int32_t or double in lsn_settings */
    const char *help;   /* the --help line; ends in "(default DEF)" */
} lsn_param_def;

/** The table, NULL-key terminated. */
extern const lsn_param_def lsn_param_defs[];

/** Number of entries in the table. */
size_t lsn_param_count(void);

/**
 * The SPEC defaults: every parameter at its `def`, nothing anonymized.
 * They equal LSN_ANALYSIS_OPTIONS_INIT and LSN_PASS_OPTIONS_INIT.
 */
void lsn_settings_defaults(lsn_settings *s);

/**
 * Set one parameter from text. `where` prefixes the message ("--rule-of-eight"
 * or "cfg.txt:3"). Returns LSN_OK, LSN_ENOTFOUND (unknown key) or LSN_EINVAL
 * (not a number, out of range), with a message.
 */
int lsn_settings_set(lsn_settings *s,
                     const lsn_param_def *def,
                     const char *text,
                     const char *where);

/** The parameter named name: its option ("rule-of-eight") or its key ("rule_of_eight"); or NULL. */
const lsn_param_def *lsn_param_find(const char *name);

/** The value of a parameter as a double. */
double lsn_settings_get(const lsn_settings *s, const lsn_param_def *def);

/**
 * The number stored at offset in the struct obj, as a double: an int32_t
 * when integer, else a double. The reader of every table of fields by offset
 * (the parameters here, the metrics of a comparison).
 */
double lsn_param_field(const void *obj, size_t offset, bool integer);

#endif
