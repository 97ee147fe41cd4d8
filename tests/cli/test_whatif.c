/*
 * tests/cli/test_whatif.c — the prediction must equal reality. A generated
 * organization (80 people, 8 weeks: every proposal model occurs) is
 * analyzed; its proposal's change list is then carried out on the calendar
 * file itself (edit_ics: the chosen people added as ATTENDEE lines to every
 * VEVENT of the series each proposal entry names), the edited file is
 * analyzed again, and the findings and figures must be exactly those
 * `proposal_impact` predicted. The same for a hand-written change list with
 * every action, through `compare --changes`: the column's report must equal
 * `analyze` of the edited calendar (a leave is the person's ATTENDEE line
 * declined, a move the person's team changed in people.csv).
 */
#include "support.h"

#include <jansson.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One edit of the calendar: person at every VEVENT of series uid. */
struct edit {
    const char *uid;
    const char *email;
    bool attend; /* false: the person declines (leave) */
};

/* Whether ATTENDEE line l names email (the address after "mailto:"). */
static bool names(const char *l, size_t len, const char *email)
{
    size_t n = strlen(email);
    return len > n && strncasecmp(l + len - n, email, n) == 0 && l[len - n - 1] == ':';
}

/*
 * Copy the iCalendar file src to dst with the edits applied: lines are
 * unfolded; inside each VEVENT whose UID an edit names, the person's
 * ATTENDEE lines are dropped and one ATTENDEE line with PARTSTAT=ACCEPTED
 * (or DECLINED) is added before END:VEVENT. What a person would do in a
 * calendar client.
 */
static void edit_ics(const char *src, const char *dst, const struct edit *e, size_t n)
{
    char *text = tcli_slurp("%s", src);
    assert_non_null(text);
    /* Unfold in place: CRLF (or LF) followed by a space or tab joins lines. */
    size_t w = 0;
    for (size_t r = 0; text[r] != '\0'; r++) {
        if (text[r] == '\r') {
            continue;
        }
        if (text[r] == '\n' && (text[r + 1] == ' ' || text[r + 1] == '\t')) {
            r++;
            continue;
        }
        text[w++] = text[r];
    }
    text[w] = '\0';
    FILE *out = fopen(dst, "w");
    assert_non_null(out);
    char uid[512] = "";
    const char *block = NULL; /* start of the current VEVENT */
    for (char *line = text; *line != '\0';) {
        char *end = strchr(line, '\n');
        size_t len = end != NULL ? (size_t)(end - line) : strlen(line);
        char *next = end != NULL ? end + 1 : line + len;
        if (len == 12 && strncmp(line, "BEGIN:VEVENT", 12) == 0) {
            block = line;
            uid[0] = '\0';
        }
        if (block != NULL && len > 4 && strncmp(line, "UID:", 4) == 0 && len - 4 < sizeof(uid)) {
            memcpy(uid, line + 4, len - 4);
            uid[len - 4] = '\0';
        }
        if (block != NULL && len == 10 && strncmp(line, "END:VEVENT", 10) == 0) {
            /* Write the block again without the edited people's lines. */
            for (char *l = (char *)block; l < line;) {
                char *le = strchr(l, '\n');
                size_t ll = (size_t)(le - l);
                bool drop = false;
                for (size_t k = 0; k < n && !drop; k++) {
                    drop = strcmp(e[k].uid, uid) == 0 && strncmp(l, "ATTENDEE", 8) == 0 &&
                           names(l, ll, e[k].email);
                }
                if (!drop) {
                    fprintf(out, "%.*s\r\n", (int)ll, l);
                }
                l = le + 1;
            }
            for (size_t k = 0; k < n; k++) {
                if (strcmp(e[k].uid, uid) == 0) {
                    fprintf(out, "ATTENDEE;PARTSTAT=%s:mailto:%s\r\n",
                            e[k].attend ? "ACCEPTED" : "DECLINED", e[k].email);
                }
            }
            block = NULL;
        }
        if (block == NULL) {
            fprintf(out, "%.*s\r\n", (int)len, line);
        }
        line = next;
    }
    fclose(out);
    free(text);
}

/* DIR/report.json under the scratch folder. */
static json_t *load_json(const char *dir)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s/report.json", tcli_tmp, dir);
    json_error_t err;
    json_t *j = json_load_file(path, 0, &err);
    if (j == NULL) {
        fail_msg("%s: %s", path, err.text);
    }
    return j;
}

/* A finding's identity: its type and subject keys as compact sorted JSON
 * (a finding of proposal_impact has its subject keys under `subject`). */
static char *identity(const json_t *f)
{
    json_t *copy = json_deep_copy(f);
    json_t *subject = json_object_get(f, "subject");
    if (subject != NULL) {
        json_object_update(copy, subject);
        json_object_del(copy, "subject");
    }
    json_object_del(copy, "severity");
    json_object_del(copy, "metrics");
    json_object_del(copy, "explanation");
    char *s = json_dumps(copy, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(copy);
    return s;
}

/* Whether the team or unit `id` is `top` or lies under it, by the parents
 * report.json gives its teams and units. */
static bool lies_under(const json_t *report, const char *id, const char *top)
{
    for (int steps = 0; id != NULL && steps < 64; steps++) {
        if (strcmp(id, top) == 0) {
            return true;
        }
        const char *parent = NULL;
        const char *lists[][2] = {{"teams", "team"}, {"units", "unit"}};
        for (int l = 0; l < 2 && parent == NULL; l++) {
            size_t i;
            json_t *x;
            json_array_foreach(json_object_get(report, lists[l][0]), i, x)
            {
                if (strcmp(json_string_value(json_object_get(x, lists[l][1])), id) == 0) {
                    parent = json_string_value(json_object_get(x, "parent"));
                    break;
                }
            }
        }
        id = parent;
    }
    return false;
}

static bool listed(const json_t *list, const json_t *f)
{
    char *want = identity(f);
    bool found = false;
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
    {
        char *got = identity(x);
        found |= strcmp(got, want) == 0;
        free(got);
    }
    free(want);
    return found;
}

/* Findings about a unit, by what an entry's seats touch, in the proposal's
 * impact of `report`: a liaisons-everywhere finding closed or created is
 * listed by every entry that seats someone (has series) and whose target
 * lies under its unit, and an entry lists
 * a hierarchy bypass only when its target lies under the bypass's to_unit.
 * Returns how many (entry, finding) pairs were checked. */
static size_t unit_findings_as_touched(const json_t *report)
{
    const json_t *impact = json_object_get(report, "proposal_impact");
    const char *lists[][2] = {{"closed", "closes"}, {"created", "creates"}};
    size_t checked = 0;
    for (int l = 0; l < 2; l++) {
        size_t i, k;
        json_t *f, *entry;
        json_array_foreach(json_object_get(impact, lists[l][0]), k, f)
        {
            const char *kind = json_string_value(json_object_get(f, "type"));
            const json_t *about = json_object_get(f, "subject");
            json_array_foreach(json_object_get(impact, "entries"), i, entry)
            {
                const char *target = json_string_value(json_object_get(entry, "target"));
                bool seats = json_array_size(json_object_get(entry, "series")) > 0;
                bool lists_it = listed(json_object_get(entry, lists[l][1]), f);
                if (strcmp(kind, "liaisons_everywhere") == 0 && seats && target != NULL &&
                    lies_under(report, target, json_string_value(json_object_get(about, "unit")))) {
                    assert_true(lists_it);
                    checked++;
                }
                if (strcmp(kind, "hierarchy_bypass") == 0 && lists_it) {
                    assert_non_null(target);
                    assert_true(lies_under(report, target,
                                           json_string_value(json_object_get(about, "to_unit"))));
                    checked++;
                }
            }
        }
    }
    return checked;
}

static int setup(void **state)
{
    (void)state;
    if (tcli_setup("whatif") != 0) {
        return -1;
    }
    tcli_run r = tcli_liaison("gen --people 80 --weeks 8 --out %s/org", tcli_tmp);
    int status = r.status;
    tcli_run_free(&r);
    if (status != 0) {
        return -1;
    }
    r = tcli_liaison("analyze --quiet --people %s/org/people.csv --teams %s/org/teams.csv "
                     "--needs %s/org/needs.csv --out %s/before %s/org/combined.ics",
                     tcli_tmp, tcli_tmp, tcli_tmp, tcli_tmp, tcli_tmp);
    status = r.status;
    tcli_run_free(&r);
    return status == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return tcli_teardown();
}

static void test_the_proposal_impact_equals_the_edited_calendar(void **state)
{
    (void)state;
    json_t *before = load_json("before");
    const json_t *impact = json_object_get(before, "proposal_impact");
    assert_non_null(impact);
    /* The edits: every person of an entry at every series it names. */
    struct edit e[256];
    size_t n = 0, i, k, j;
    json_t *entry, *uid, *who;
    json_array_foreach(json_object_get(before, "proposal"), i, entry)
    {
        json_array_foreach(json_object_get(entry, "series"), k, uid)
        {
            json_array_foreach(json_object_get(entry, "people"), j, who)
            {
                assert_true(n < 256);
                e[n++] = (struct edit){json_string_value(uid), json_string_value(who), true};
            }
        }
    }
    assert_true(n >= 4); /* a liaison and an embedded person at least: a real test */
    assert_true(json_array_size(json_object_get(impact, "changes")) >= 2);
    char src[512], dst[512];
    snprintf(src, sizeof(src), "%s/org/combined.ics", tcli_tmp);
    snprintf(dst, sizeof(dst), "%s/edited.ics", tcli_tmp);
    edit_ics(src, dst, e, n);
    tcli_run r = tcli_liaison("analyze --quiet --people %s/org/people.csv --teams "
                              "%s/org/teams.csv --needs %s/org/needs.csv --out %s/after %s",
                              tcli_tmp, tcli_tmp, tcli_tmp, tcli_tmp, dst);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    json_t *after = load_json("after");
    const json_t *predicted = json_object_get(impact, "after");
    const json_t *found = json_object_get(after, "findings");

    /* Exactly the findings: before - closed + created == after. */
    const json_t *closed = json_object_get(impact, "closed");
    const json_t *created = json_object_get(impact, "created");
    size_t expected = 0;
    json_t *f;
    json_array_foreach(json_object_get(before, "findings"), i, f)
    {
        if (!listed(closed, f)) {
            assert_true(listed(found, f));
            expected++;
        } else {
            assert_false(listed(found, f));
        }
    }
    json_array_foreach(created, i, f)
    {
        assert_true(listed(found, f));
        expected++;
    }
    assert_int_equal(json_array_size(found), expected);
    assert_int_equal(json_integer_value(json_object_get(predicted, "findings")), expected);

    /* The figures. */
    const json_t *by_type = json_object_get(predicted, "findings_by_type");
    const char *type;
    json_t *count;
    json_object_foreach((json_t *)by_type, type, count)
    {
        json_int_t seen = 0;
        json_array_foreach(found, i, f)
        {
            seen += strcmp(json_string_value(json_object_get(f, "type")), type) == 0;
        }
        assert_int_equal(seen, json_integer_value(count));
    }
    const json_t *links = json_object_get(after, "liaisons");
    assert_int_equal(json_array_size(links),
                     json_integer_value(json_object_get(predicted, "liaison_links")));
    json_int_t largest = 0;
    json_t *l;
    json_array_foreach(links, i, l)
    {
        json_int_t same = 0;
        json_array_foreach(links, k, who)
        {
            same += json_equal(json_object_get(l, "person"), json_object_get(who, "person"));
        }
        largest = same > largest ? same : largest;
    }
    assert_int_equal(largest,
                     json_integer_value(json_object_get(predicted, "largest_liaison_load")));
    assert_true(json_equal(json_object_get(json_object_get(after, "summary"), "modularity"),
                           json_object_get(predicted, "modularity")));
    /* New oversized meetings, in full (metrics and sentence). */
    json_array_foreach(json_object_get(impact, "new_oversized_meetings"), i, f)
    {
        bool same = false;
        json_array_foreach(found, k, l)
        {
            same |= json_equal(f, l);
        }
        assert_true(same);
    }
    /* The chosen people's hours. */
    json_t *p, *q;
    json_array_foreach(json_object_get(impact, "people"), i, p)
    {
        bool seen = false;
        json_array_foreach(json_object_get(after, "people"), k, q)
        {
            if (json_equal(json_object_get(p, "person"), json_object_get(q, "person"))) {
                assert_true(json_equal(json_object_get(p, "after"),
                                       json_object_get(q, "meeting_hours_per_week")));
                seen = true;
            }
        }
        assert_true(seen);
    }
    /* Liaisons everywhere: each unit's density after, or no finding. */
    json_t *u;
    json_array_foreach(json_object_get(impact, "liaisons_everywhere"), i, u)
    {
        bool fires = false;
        json_array_foreach(found, k, f)
        {
            if (strcmp(json_string_value(json_object_get(f, "type")), "liaisons_everywhere") == 0 &&
                json_equal(json_object_get(f, "unit"), json_object_get(u, "unit"))) {
                fires = true;
                assert_true(json_equal(json_object_get(json_object_get(f, "metrics"), "density"),
                                       json_object_get(u, "after")));
            }
        }
        assert_int_equal(fires, !json_is_null(json_object_get(u, "after")));
    }
    unit_findings_as_touched(before);
    /* Each entry's findings are among the whole list's. */
    json_array_foreach(json_object_get(impact, "entries"), i, entry)
    {
        json_array_foreach(json_object_get(entry, "closes"), k, f)
        {
            assert_true(listed(closed, f));
        }
        json_array_foreach(json_object_get(entry, "creates"), k, f)
        {
            assert_true(listed(created, f));
        }
    }
    json_decref(after);
    json_decref(before);
}

/* The first person of people.csv whose team is not `team`. */
static void someone_outside(char *out, size_t size, const char *people, const char *team, int skip)
{
    char *text = tcli_slurp("%s", people);
    assert_non_null(text);
    char *save = NULL;
    strtok_r(text, "\n", &save); /* header: email,name,team,manager */
    for (char *line = strtok_r(NULL, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save)) {
        char email[256], name[256], t[256];
        if (sscanf(line, "%255[^,],%255[^,],%255[^,\r\n]", email, name, t) == 3 &&
            strcmp(t, team) != 0 && skip-- == 0) {
            snprintf(out, size, "%s", email);
            free(text);
            return;
        }
    }
    fail_msg("nobody outside %s", team);
}

/* people.csv with one person's team changed. */
static void move_in_roster(const char *src, const char *dst, const char *email, const char *team)
{
    char *text = tcli_slurp("%s", src);
    assert_non_null(text);
    FILE *out = fopen(dst, "w");
    assert_non_null(out);
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save)) {
        char e[256], name[256], t[256];
        if (strncmp(line, email, strlen(email)) == 0 &&
            sscanf(line, "%255[^,],%255[^,],%255[^,\r\n]", e, name, t) == 3) {
            const char *rest = line + strlen(e) + 1 + strlen(name) + 1 + strlen(t);
            fprintf(out, "%s,%s,%s%s\n", e, name, team, rest);
        } else {
            fprintf(out, "%s\n", line);
        }
    }
    fclose(out);
    free(text);
}

static void test_a_change_list_with_every_action_equals_the_edited_files(void **state)
{
    (void)state;
    json_t *before = load_json("before");
    /* An embedded entry that leaves no meeting out names every team-meeting
     * series of its target (with a rule of eight no meeting reaches, every
     * meeting has room); a liaison entry one meeting of its target; a
     * liaison link its series. */
    tcli_run r = tcli_liaison("analyze --quiet --rule-of-eight 1000 --people %s/org/people.csv "
                              "--teams %s/org/teams.csv --needs %s/org/needs.csv --out %s/wide "
                              "%s/org/combined.ics",
                              tcli_tmp, tcli_tmp, tcli_tmp, tcli_tmp, tcli_tmp);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    json_t *wide = load_json("wide");
    const json_t *embedded = NULL, *liaison = NULL, *entry;
    size_t i;
    json_array_foreach(json_object_get(wide, "proposal"), i, entry)
    {
        const char *model = json_string_value(json_object_get(entry, "model"));
        if (json_array_size(json_object_get(entry, "series")) == 0) {
            continue;
        }
        if (embedded == NULL && strcmp(model, "embedded") == 0 &&
            json_integer_value(json_object_get(entry, "left_out")) == 0 &&
            !json_is_true(json_object_get(entry, "no_room"))) {
            embedded = entry;
        } else if (liaison == NULL && strcmp(model, "liaison") == 0) {
            liaison = entry;
        }
    }
    assert_non_null(embedded);
    assert_non_null(liaison);
    const json_t *link = json_array_get(json_object_get(before, "liaisons"), 0);
    assert_non_null(link);
    const char *team = json_string_value(json_object_get(embedded, "target"));
    const char *main = json_string_value(json_array_get(json_object_get(liaison, "series"), 0));
    const char *leaver = json_string_value(json_object_get(link, "person"));
    const char *left = json_string_value(json_array_get(json_object_get(link, "series"), 0));
    char people[512], x[256], y[256];
    snprintf(people, sizeof(people), "%s/org/people.csv", tcli_tmp);
    someone_outside(x, sizeof(x), people, team, 3);
    someone_outside(y, sizeof(y), people, json_string_value(json_object_get(liaison, "target")), 5);
    char csv[2048];
    snprintf(csv, sizeof(csv),
             "action,person,team,series\n"
             "attend,%s,%s,\n"
             "attend,%s,,%s\n"
             "leave,%s,,%s\n"
             "move,%s,%s,\n",
             x, team, y, main, leaver, left, leaver, team);
    tcli_write("hand.csv", csv);
    r = tcli_liaison("compare --quiet --people %s/org/people.csv --teams "
                     "%s/org/teams.csv --needs %s/org/needs.csv --changes "
                     "plan=%s/hand.csv --out %s/cmp %s/org/combined.ics",
                     tcli_tmp, tcli_tmp, tcli_tmp, tcli_tmp, tcli_tmp, tcli_tmp);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);

    /* Reality: the same changes made in the files. */
    struct edit e[16];
    size_t n = 0, k;
    json_t *uid;
    json_array_foreach(json_object_get(embedded, "series"), k, uid)
    {
        e[n++] = (struct edit){json_string_value(uid), x, true};
    }
    e[n++] = (struct edit){main, y, true};
    e[n++] = (struct edit){left, leaver, false};
    char src[512], dst[512], moved[512];
    snprintf(src, sizeof(src), "%s/org/combined.ics", tcli_tmp);
    snprintf(dst, sizeof(dst), "%s/hand.ics", tcli_tmp);
    snprintf(moved, sizeof(moved), "%s/moved-people.csv", tcli_tmp);
    edit_ics(src, dst, e, n);
    move_in_roster(people, moved, leaver, team);
    r = tcli_liaison("analyze --quiet --people %s --teams %s/org/teams.csv --needs "
                     "%s/org/needs.csv --out %s/hand %s",
                     moved, tcli_tmp, tcli_tmp, tcli_tmp, dst);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    json_t *want = load_json("hand");
    json_t *got = load_json("cmp/plan");
    static const char *const sections[] = {"summary", "findings", "liaisons", "teams", "units"};
    for (size_t s = 0; s < sizeof(sections) / sizeof(sections[0]); s++) {
        if (!json_equal(json_object_get(want, sections[s]), json_object_get(got, sections[s]))) {
            fail_msg("section %s differs", sections[s]);
        }
    }
    /* The change list did change something. */
    assert_false(json_equal(json_object_get(before, "liaisons"), json_object_get(got, "liaisons")));
    json_decref(want);
    json_decref(got);
    json_decref(wide);
    json_decref(before);
}

/* On the bundled sample the proposal creates a liaisons-everywhere finding
 * at the root and a hierarchy bypass: the entries list them as the seats
 * they place touch them (findings found through the units above a target). */
static void test_unit_findings_listed_by_the_entries_under_them(void **state)
{
    (void)state;
    tcli_run r =
        tcli_liaison("analyze --quiet --no-html --people %s/datasets/sample/people.csv "
                     "--teams %s/datasets/sample/teams.csv --needs "
                     "%s/datasets/sample/needs.csv --out %s/sample "
                     "%s/datasets/sample/mailboxes",
                     LSN_SOURCE_DIR, LSN_SOURCE_DIR, LSN_SOURCE_DIR, tcli_tmp, LSN_SOURCE_DIR);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    json_t *report = load_json("sample");
    assert_true(unit_findings_as_touched(report) >= 10);
    json_decref(report);
}

static void test_a_change_list_naming_an_unknown_person_writes_nothing(void **state)
{
    (void)state;
    tcli_write("bad.csv", "action,person,team,series\nattend,nobody@acme.example,,x\n");
    tcli_run r = tcli_liaison("compare --quiet --people %s/org/people.csv --changes "
                              "bad=%s/bad.csv --out %s/bad %s/org/combined.ics",
                              tcli_tmp, tcli_tmp, tcli_tmp, tcli_tmp);
    assert_int_equal(r.status, 1);
    char want[600];
    snprintf(want, sizeof(want),
             "liaison: %s/bad.csv:2: unknown person 'nobody@acme.example' (not in the roster)\n",
             tcli_tmp);
    assert_string_equal(r.err, want);
    tcli_run_free(&r);
    char *none = tcli_slurp("%s/bad/compare.json", tcli_tmp);
    assert_null(none);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_proposal_impact_equals_the_edited_calendar),
        cmocka_unit_test(test_a_change_list_with_every_action_equals_the_edited_files),
        cmocka_unit_test(test_a_change_list_naming_an_unknown_person_writes_nothing),
        cmocka_unit_test(test_unit_findings_listed_by_the_entries_under_them),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
