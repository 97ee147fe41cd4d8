/*
 * viz/html_people.c — the liaisons and people sections of report.html
 * (viz/html_internal.h): the liaison links, and each person's load,
 * community and brokerage roles with the terms explained. Both sections
 * exist only when the report has them (--min-group N > 1 drops them).
 */
#include "viz/html_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void withheld(hpage *h, const char *what)
{
    const json_t *params = json_object_get(h->report, "parameters");
    const json_t *mg = json_object_get(params, "min_group");
    if (json_is_integer(mg) && json_integer_value(mg) > 1) {
        hp_fmt(h,
               "<p class=\"muted\">%s: withheld, because groups under %lld people are not "
               "shown and a person is a group of one.</p>\n",
               what, (long long)json_integer_value(mg));
    } else {
        hp_fmt(h, "<p class=\"muted\">%s: not in this report.</p>\n", what);
    }
}

static const hp_col liaison_cols[] = {
    {"Person", "person", .cell = HP_PERSON},
    {"Home team", "team", .cell = HP_UNIT},
    {"Sits in", "to", .cell = HP_UNIT},
    {"#Hours / week", "hours_per_week", .cell = HP_NUM, .decimals = 2},
    {"#Meetings", "instances", .cell = HP_NUM},
    {"#First half", "first_half", .cell = HP_NUM},
    {"#Second half", "second_half", .cell = HP_NUM},
};

static void liaisons(hpage *h)
{
    const json_t *links = json_object_get(h->report, "liaisons");
    hp_put(h, "<section id=\"liaisons\"><h2>Liaisons</h2>\n<p class=\"lead\">A liaison link is "
              "a person who regularly sits in another team's own meetings (at least ");
    hp_num(h, json_object_get(json_object_get(h->report, "parameters"), "liaison_min_instances"),
           0);
    hp_put(h, " times in the window), outside their own management line: they carry context "
              "both ways. A director at her own teams' stand-ups is hierarchy, not a "
              "liaison.</p>\n");
    if (!json_is_array(links)) {
        withheld(h, "The liaison links");
        hp_put(h, "</section>\n");
        return;
    }
    if (json_array_size(links) == 0) {
        hp_put(h, "<p>No liaison links in this window.</p></section>\n");
        return;
    }
    hp_table(h, "liaisons", liaison_cols, sizeof(liaison_cols) / sizeof(liaison_cols[0]), links,
             json_array_size(links) > 12);
    hp_put(h, "</section>\n");
}

/* The brokerage roles are keys of each person's `brokerage` object. */
static const hp_col people_cols[] = {
    {"Person", "person", .cell = HP_PERSON},
    {"Team", "team", .cell = HP_UNIT},
    {"#Meeting hours / week", "meeting_hours_per_week", .cell = HP_NUM, .decimals = 1},
    {"#Double-booked", "double_booked_hours_per_week", .cell = HP_NUM, .decimals = 1},
    {"Liaison into", "liaison_links", .cell = HP_UNITS},
    {"#Community", "community", .cell = HP_NUM},
    {"#Betweenness", "betweenness", .cell = HP_NUM},
    {"#Constraint", "constraint", .cell = HP_NUM, .decimals = 2},
    {"#Coordinator", "brokerage", .sub = "coordinator", .cell = HP_NUM},
    {"#Itinerant", "brokerage", .sub = "itinerant", .cell = HP_NUM},
    {"#Gatekeeper", "brokerage", .sub = "gatekeeper", .cell = HP_NUM},
    {"#Representative", "brokerage", .sub = "representative", .cell = HP_NUM},
    {"#Liaison", "brokerage", .sub = "liaison", .cell = HP_NUM},
};

static void people(hpage *h)
{
    const json_t *people = json_object_get(h->report, "people");
    if (!json_is_array(people)) {
        hp_put(h, "<section id=\"people\"><h2>People and their roles</h2>\n");
        withheld(h, "The people section");
        hp_put(h, "</section>\n");
        return;
    }
    hp_put(h, "<section id=\"people\"><h2>People and their roles</h2>\n<p class=\"lead\">Who "
              "holds the organization together. These are measures of the meeting network, not "
              "of performance.</p>\n<dl class=\"kv minor\">"
              "<dt>Community</dt><dd>the group of people who meet mostly with each other, found "
              "from the meetings alone (Leiden); compare it with the formal team.</dd>"
              "<dt>Betweenness</dt><dd>how many of the shortest paths between two other people "
              "run through this person: high means information flows through them.</dd>"
              "<dt>Constraint</dt><dd>(Burt) 0 to 1: low means contacts in many groups that do "
              "not meet each other (a broker); high means one closed circle.</dd>"
              "<dt>Brokerage roles</dt><dd>(Gould and Fernandez) how often the person sits "
              "between two others who do not meet directly, by their teams: <i>coordinator</i> "
              "all three in one team; <i>itinerant</i> the two others in another team together; "
              "<i>gatekeeper</i> brings an outsider's information into their own team; "
              "<i>representative</i> carries their own team's information out; <i>liaison</i> "
              "links two other teams, all three different.</dd></dl>\n");
    hp_table(h, "people", people_cols, sizeof(people_cols) / sizeof(people_cols[0]), people, true);
    hp_put(h, "</section>\n");
}

void html_people(hpage *h)
{
    liaisons(h);
    people(h);
}
