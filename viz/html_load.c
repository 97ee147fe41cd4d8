/*
 * viz/html_load.c — the meeting-load section of report.html
 * (viz/html_internal.h): people by meeting hours per week in five buckets,
 * the same per team, and the largest recurring meetings against the rule
 * of eight, each drawn here as inline SVG from report.json's
 * `meeting_load` and `meetings`.
 */
#include "viz/html_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUCKETS 5

static const char *const bucket_key[BUCKETS] = {"under_5", "5_to_10", "10_to_15", "15_to_20",
                                                "over_20"};
static const char *const bucket_label[BUCKETS] = {"under 5 h", "5–10 h", "10–15 h", "15–20 h",
                                                  "over 20 h"};
static const char *const bucket_color[BUCKETS] = {"#a7c7e7", "#6a9fd8", "#3b6fb6", "#e6a23c",
                                                  "#c62828"};

/* The five counts of a meeting_load object; false when there is none. */
static bool buckets(const json_t *load, double out[BUCKETS], double *total)
{
    *total = 0;
    if (!json_is_object(load)) {
        return false;
    }
    for (int b = 0; b < BUCKETS; b++) {
        double v = hp_real(load, bucket_key[b]);
        out[b] = isfinite(v) && v > 0 ? v : 0;
        *total += out[b];
    }
    return true;
}

static void legend(hpage *h)
{
    hp_put(h, "<div class=\"legend\">");
    for (int b = 0; b < BUCKETS; b++) {
        hp_fmt(h,
               "<span><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect width=\"12\" "
               "height=\"12\" fill=\"%s\"/></svg>%s</span>",
               bucket_color[b], bucket_label[b]);
    }
    hp_put(h, "</div>\n");
}

static void org_chart(hpage *h, const double c[BUCKETS], double total)
{
    double top = 0;
    for (int b = 0; b < BUCKETS; b++) {
        top = fmax(top, c[b]);
    }
    if (!(top > 0)) {
        top = 1;
    }
    const double w = 560, ch = 170, bw = 78, gap = 26, x0 = 40;
    hp_fmt(h,
           "<div class=\"chart\"><svg class=\"chart-load\" width=\"%.0f\" height=\"%.0f\" "
           "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"People by meeting hours per "
           "week\">",
           w, ch + 56, w, ch + 56);
    hp_fmt(h, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#9aa5b1\"/>", x0 - 6,
           ch + 20, w - 10, ch + 20);
    for (int b = 0; b < BUCKETS; b++) {
        double bh = ch * c[b] / top;
        double x = x0 + b * (bw + gap);
        hp_fmt(h,
               "<rect x=\"%.0f\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\" fill=\"%s\" rx=\"2\">",
               x, ch + 20 - bh, bw, bh, bucket_color[b]);
        hp_fmt(h, "<title>%s: %.0f people</title></rect>", bucket_label[b], c[b]);
        hp_fmt(h,
               "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"13\" "
               "font-weight=\"600\" fill=\"#1f2933\">%.0f</text>",
               x + bw / 2, ch + 14 - bh, c[b]);
        if (total > 0) {
            hp_fmt(h,
                   "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\" "
                   "fill=\"#52606d\">%.0f%%</text>",
                   x + bw / 2, ch + 50, 100 * c[b] / total);
        }
        hp_fmt(h,
               "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\" font-size=\"12\" "
               "fill=\"#1f2933\">%s</text>",
               x + bw / 2, ch + 36, bucket_label[b]);
    }
    hp_put(h, "</svg></div>\n");
}

/* One team's buckets as a 100% stacked bar. */
static void stacked(hpage *h, const double c[BUCKETS], double total)
{
    const double w = 220;
    hp_fmt(h, "<svg class=\"bar\" width=\"%.0f\" height=\"14\" role=\"img\" aria-label=\"", w);
    for (int b = 0; b < BUCKETS; b++) {
        hp_fmt(h, "%s%.0f %s", b ? ", " : "", c[b], bucket_label[b]);
    }
    hp_put(h, "\">");
    double x = 0;
    for (int b = 0; b < BUCKETS && total > 0; b++) {
        double bw = w * c[b] / total;
        if (bw <= 0) {
            continue;
        }
        hp_fmt(h,
               "<rect x=\"%.2f\" y=\"0\" width=\"%.2f\" height=\"14\" fill=\"%s\"><title>%s: "
               "%.0f</title></rect>",
               x, bw, bucket_color[b], bucket_label[b], c[b]);
        x += bw;
    }
    hp_put(h, "</svg>");
}

static void team_table(hpage *h)
{
    const json_t *teams = json_object_get(h->report, "teams");
    size_t i, n = 0;
    const json_t *t;
    json_array_foreach(teams, i, t)
    {
        n += json_is_object(json_object_get(t, "meeting_load"));
    }
    if (n == 0) {
        return;
    }
    hp_put(h, "<h3>Per team</h3>\n<p class=\"minor muted\">Each team's people by their meeting "
              "hours per week (all their meetings, not only the team's own). Sort by a column: "
              "the bar sorts by the share of people over 15 hours.</p>\n");
    legend(h);
    const char *const cols[] = {"Team",
                                "Unit",
                                "#People in meetings",
                                "Meeting hours per person",
                                "#Over 20 h",
                                "#Team's own meetings, h / week"};
    hp_table_open(h, "load", cols, 6, n > 12);
    json_array_foreach(teams, i, t)
    {
        double c[BUCKETS], total;
        if (!buckets(json_object_get(t, "meeting_load"), c, &total)) {
            continue;
        }
        hp_put(h, "<tr><td>");
        hp_unit(h, hp_str(t, "team"));
        hp_put(h, "</td><td>");
        if (hp_str(t, "parent") != NULL) {
            hp_unit(h, hp_str(t, "parent"));
        }
        hp_put(h, "</td>");
        hp_td_dbl(h, total, 0);
        hp_fmt(h, "<td data-v=\"%.6f\">", total > 0 ? (c[3] + c[4]) / total : 0);
        stacked(h, c, total);
        hp_put(h, "</td>");
        hp_td_dbl(h, c[4], 0);
        hp_td_num(h, json_object_get(t, "meeting_hours_per_week"), 1);
        hp_put(h, "</tr>\n");
    }
    hp_table_close(h);
}

/* Up to max bytes of s, cut at a character boundary, "…" when cut. */
static void put_clipped(hpage *h, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) {
        hp_esc(h, s);
        return;
    }
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80) {
        max--;
    }
    hp_escn(h, s, max);
    hp_put(h, "…");
}

static void meetings_chart(hpage *h)
{
    const json_t *meetings = json_object_get(h->report, "meetings");
    size_t n = json_array_size(meetings);
    hp_put(h, "<h3>The largest recurring meetings</h3>\n");
    if (n == 0) {
        hp_put(h, "<p>No recurring meeting to show.</p>\n");
        return;
    }
    double rule = hp_real(json_object_get(h->report, "parameters"), "rule_of_eight");
    if (!isfinite(rule)) {
        rule = 8;
    }
    hp_fmt(h,
           "<p class=\"minor muted\">Usual attendance (median over the meetings of the "
           "series) of the %zu largest recurring meetings; all-hands broadcasts are left out. "
           "Right of the dashed line a meeting breaks the rule of eight: colour by how far "
           "(over 12 medium, over 16 high).</p>\n",
           n);
    double top = rule + 2;
    size_t i;
    const json_t *m;
    json_array_foreach(meetings, i, m)
    {
        top = fmax(top, hp_real(m, "size"));
    }
    const double lw = 300, bw = 420, rh = 24, w = lw + bw + 260;
    double height = 30 + rh * (double)n;
    hp_fmt(h,
           "<div class=\"chart\"><svg class=\"chart-meetings\" width=\"%.0f\" height=\"%.0f\" "
           "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"The largest recurring meetings "
           "against the rule of eight\">",
           w, height, w, height);
    json_array_foreach(meetings, i, m)
    {
        double size = hp_real(m, "size");
        double y = 8 + rh * (double)i;
        double len = isfinite(size) ? bw * size / top : 0;
        int sev = size > 16 ? 3 : size > 12 ? 2 : size > rule ? 1 : 0;
        const char *subject = hp_str(m, "summary");
        const char *label = subject != NULL && subject[0] != '\0' ? subject : hp_str(m, "series");
        const char *team = hp_unit_name(h, hp_str(m, "team"));
        hp_fmt(h, "<g><title>");
        hp_esc(h, label);
        hp_put(h, " (");
        hp_esc(h, team);
        hp_put(h, "): ");
        hp_dbl(h, size, 1);
        hp_put(h, " people, ");
        hp_num(h, json_object_get(m, "instances"), 0);
        hp_put(h, " meetings, ");
        hp_num(h, json_object_get(m, "teams_present"), 0);
        hp_put(h, " teams present</title>");
        hp_fmt(h,
               "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"12\" "
               "fill=\"#1f2933\">",
               lw - 8, y + 15);
        put_clipped(h, label != NULL ? label : "", 40);
        hp_put(h, "</text>");
        hp_fmt(h,
               "<rect x=\"%.0f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" fill=\"%s\" "
               "rx=\"2\"/>",
               lw, y + 3, len, rh - 8, sev > 0 ? html_sev_color[sev] : "#6a9fd8");
        hp_fmt(h, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#1f2933\">", lw + len + 6,
               y + 15);
        hp_dbl(h, size, 1);
        hp_put(h, " <tspan fill=\"#52606d\">· ");
        put_clipped(h, team != NULL ? team : "", 32);
        hp_put(h, "</tspan></text></g>");
    }
    double xr = lw + bw * rule / top;
    hp_fmt(h,
           "<line x1=\"%.1f\" y1=\"2\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#c62828\" "
           "stroke-dasharray=\"5 4\" stroke-width=\"1.5\"/>",
           xr, xr, height - 16);
    hp_fmt(h,
           "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\" font-size=\"11\" "
           "fill=\"#c62828\">rule of eight (",
           xr, height - 3);
    hp_dbl(h, rule, 1);
    hp_put(h, ")</text></svg></div>\n");
}

void html_load(hpage *h)
{
    const json_t *sum = json_object_get(h->report, "summary");
    hp_put(h, "<section id=\"load\"><h2>Meeting load</h2>\n<p class=\"lead\">How much of the "
              "week goes to meetings: hours per person per week, counting every meeting a "
              "person attends (two at the same time both count).</p>\n");
    double c[BUCKETS], total;
    if (buckets(json_object_get(sum, "meeting_load"), c, &total)) {
        hp_fmt(h,
               "<h3>Everyone</h3>\n<p class=\"minor muted\">The %.0f roster people who were in "
               "at least one meeting of the window.</p>\n",
               total);
        org_chart(h, c, total);
    }
    team_table(h);
    meetings_chart(h);
    hp_put(h, "</section>\n");
}
