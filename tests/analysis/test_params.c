/*
 * tests/analysis/test_params.c — the parameter table (analysis/params.c):
 * its defaults are the options' INIT macros and the numbers its help lines
 * name, each option is its key with '-' for '_', and setting a value checks
 * it (not a number, not whole, out of range: LSN_EINVAL and one message).
 */
#include "analysis/params.h"

#include "io/error.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

static const lsn_param_def *param(const char *name)
{
    const lsn_param_def *d = lsn_param_find(name);
    if (d == NULL) {
        fail_msg("no parameter '%s'", name);
    }
    return d;
}

static void test_defaults_are_the_init_macros(void **state)
{
    (void)state;
    lsn_settings s;
    lsn_settings_defaults(&s);
    const lsn_analysis_options a = LSN_ANALYSIS_OPTIONS_INIT;
    const lsn_pass_options p = LSN_PASS_OPTIONS_INIT;
    /* Every field, so a field the table misses shows here. */
    assert_int_equal(s.analysis.broadcast_size, a.broadcast_size);
    assert_int_equal(s.analysis.liaison_min_instances, a.liaison_min_instances);
    assert_true(s.passes.rule_of_eight == p.rule_of_eight);
    assert_true(s.passes.max_meeting_hours == p.max_meeting_hours);
    assert_true(s.passes.min_link_hours == p.min_link_hours);
    assert_int_equal(s.passes.liaison_max_teams, p.liaison_max_teams);
    assert_true(s.passes.liaison_min_hours == p.liaison_min_hours);
    assert_true(s.passes.liaison_density == p.liaison_density);
    assert_true(s.passes.merge_ratio == p.merge_ratio);
    assert_true(s.passes.community_resolution == p.community_resolution);
    assert_int_equal(s.passes.leiden_seed, p.leiden_seed);
    assert_int_equal(s.passes.betweenness_exact_max, p.betweenness_exact_max);
    assert_true(s.passes.betweenness_cutoff == p.betweenness_cutoff);
    assert_int_equal(s.min_group, 1);
    assert_false(s.anonymize);
    assert_false(s.anonymize_teams);
    /* And the numbers of the SPEC, spelled out once here. */
    assert_int_equal(a.broadcast_size, 50);
    assert_int_equal(a.liaison_min_instances, 4);
    assert_true(p.rule_of_eight == 8.0 && p.max_meeting_hours == 20.0);
    assert_true(p.min_link_hours == 0.25 && p.liaison_min_hours == 0.5);
    assert_int_equal(p.liaison_max_teams, 3);
    assert_int_equal(p.leiden_seed, 42);
    assert_int_equal(p.betweenness_exact_max, 2500);
}

static void test_every_row_agrees_with_itself(void **state)
{
    (void)state;
    lsn_settings s;
    lsn_settings_defaults(&s);
    size_t n = lsn_param_count();
    assert_int_equal(n, 16);
    for (size_t i = 0; i < n; i++) {
        const lsn_param_def *d = &lsn_param_defs[i];
        /* The option is the key with '-' for '_'. */
        char option[64];
        snprintf(option, sizeof(option), "%s", d->key);
        for (char *c = option; *c != '\0'; c++) {
            *c = *c == '_' ? '-' : *c;
        }
        assert_string_equal(d->option, option);
        /* Both spellings find the row; nothing else does. */
        assert_ptr_equal(lsn_param_find(d->key), d);
        assert_ptr_equal(lsn_param_find(d->option), d);
        /* The default is in range, is what the settings hold, and is the
         * number the help line names. */
        assert_true(d->def >= d->min && d->def <= d->max);
        assert_true(lsn_settings_get(&s, d) == d->def);
        const char *tail = strstr(d->help, "(default ");
        if (tail == NULL) {
            fail_msg("%s: the help names no default", d->key);
        }
        char *end;
        double named = strtod(tail + strlen("(default "), &end);
        assert_string_equal(end, ")");
        if (named != d->def) {
            fail_msg("%s: help says %g, the table %g", d->key, named, d->def);
        }
    }
    assert_null(lsn_param_find("rule-of-nine"));
    assert_null(lsn_param_find(""));
}

static void test_set_stores_a_checked_value(void **state)
{
    (void)state;
    lsn_settings s;
    lsn_settings_defaults(&s);
    assert_int_equal(lsn_settings_set(&s, param("rule-of-eight"), "12.5", "--rule-of-eight"),
                     LSN_OK);
    assert_true(s.passes.rule_of_eight == 12.5);
    assert_true(lsn_settings_get(&s, param("rule_of_eight")) == 12.5);
    assert_int_equal(lsn_settings_set(&s, param("min_group"), "5", "cfg.txt:3: min_group"), LSN_OK);
    assert_int_equal(s.min_group, 5);
    assert_int_equal(lsn_settings_set(&s, param("broadcast-size"), "2", "x"), LSN_OK); /* min */
    assert_int_equal(s.analysis.broadcast_size, 2);
}

static void test_set_refuses_what_is_not_a_value_of_the_row(void **state)
{
    (void)state;
    lsn_settings s;
    lsn_settings_defaults(&s);
    assert_int_equal(lsn_settings_set(&s, param("rule-of-eight"), "eight", "--rule-of-eight"),
                     LSN_EINVAL);
    assert_string_equal(lsn_error_last(), "--rule-of-eight: 'eight' is not a number");
    assert_int_equal(lsn_settings_set(&s, param("rule-of-eight"), "", "--rule-of-eight"),
                     LSN_EINVAL);
    assert_string_equal(lsn_error_last(), "--rule-of-eight: '' is not a number");
    assert_int_equal(lsn_settings_set(&s, param("rule-of-eight"), "inf", "--rule-of-eight"),
                     LSN_EINVAL);
    assert_string_equal(lsn_error_last(), "--rule-of-eight: 'inf' is not a number");
    assert_int_equal(lsn_settings_set(&s, param("min-group"), "2.5", "cfg.txt:3: min-group"),
                     LSN_EINVAL);
    assert_string_equal(lsn_error_last(), "cfg.txt:3: min-group: '2.5' is not a whole number");
    assert_int_equal(lsn_settings_set(&s, param("max-meeting-hours"), "169", "--max-meeting-hours"),
                     LSN_EINVAL);
    assert_string_equal(lsn_error_last(), "--max-meeting-hours: 169 is out of range (0 to 168)");
    assert_int_equal(lsn_settings_set(&s, param("broadcast-size"), "1", "--broadcast-size"),
                     LSN_EINVAL);
    assert_string_equal(lsn_error_last(), "--broadcast-size: 1 is out of range (2 to 1e+09)");
    /* Nothing was stored. */
    assert_true(s.passes.rule_of_eight == 8.0);
    assert_int_equal(s.min_group, 1);
    assert_true(s.passes.max_meeting_hours == 20.0);
    assert_int_equal(s.analysis.broadcast_size, 50);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_are_the_init_macros),
        cmocka_unit_test(test_every_row_agrees_with_itself),
        cmocka_unit_test(test_set_stores_a_checked_value),
        cmocka_unit_test(test_set_refuses_what_is_not_a_value_of_the_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
