#!/usr/bin/python3
"""The Python reference pipeline: what a data analyst would write instead of
`liaison analyze`, with Debian's icalendar, recurring_ical_events and networkx.

It reads the roster (people.csv, teams.csv, needs.csv) and every .ics file of
the mailbox folders, expands the recurrences over the window, drops cancelled
and all-day events and declined attendees, merges the copies of one meeting
seen in several mailboxes, builds the person graph and the team graph, and
computes the rule of eight, the missing links of the declared needs and the
betweenness of people. It writes a JSON summary of counts (see
tests/bench/README.md for what each count is and how it differs from
liaison's report.json).

    /usr/bin/python3 tests/bench/python/reference.py --people people.csv \
        --teams teams.csv --needs needs.csv --out summary.json mailboxes

It is written the way an analyst would write it: plain loops over the
libraries' objects, one process, no caching beyond the obvious. It is a
yardstick for speed, not a second implementation of liaison.
"""

import argparse
import csv
import datetime as dt
import json
import os
import statistics
import sys
import time
from collections import defaultdict

import icalendar
import networkx as nx
import recurring_ical_events

UTC = dt.timezone.utc

# liaison's defaults (liaison analyze --help)
WINDOW_DAYS = 91            # --from defaults to --to minus 91 days (13 weeks)
BROADCAST_SIZE = 50         # instances with more present people link nobody
RULE_OF_EIGHT = 8           # recurring meetings larger than this are oversized
MIN_LINK_HOURS = 0.25       # a need met by fewer hours per week is missing
BETWEENNESS_EXACT_MAX = 2500  # exact betweenness up to this many vertices


def log(args, msg):
    if not args.quiet:
        print(f"reference: {msg}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------- the roster

def read_roster(args):
    people = {}
    with open(args.people, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            email = row["email"].strip().lower()
            if email:
                people[email] = row.get("team", "").strip()
    parent = {}
    if args.teams:
        with open(args.teams, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                parent[row["team"].strip()] = (row.get("parent") or "").strip()
    needs = []
    if args.needs:
        with open(args.needs, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                needs.append((row["team"].strip(), row["from"].strip(),
                              (row.get("context") or "moderate").strip() or "moderate"))
    return people, parent, needs


# ------------------------------------------------------------ the calendars

def ics_files(paths):
    files = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, names in os.walk(p):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                files += [os.path.join(root, n) for n in names
                          if n.lower().endswith(".ics") and not n.startswith(".")]
        else:
            files.append(p)
    return sorted(files)


def to_utc(value):
    """A DTSTART/DTEND value as an aware UTC datetime (floating times are
    read as UTC); dates stay dates."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
    return value


def address(value):
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text.strip().lower()


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def newest_dtstamp(calendars):
    newest = None
    for _, cal in calendars:
        for ev in cal.walk("VEVENT"):
            stamp = ev.get("DTSTAMP")
            if stamp is not None:
                t = to_utc(stamp.dt)
                if isinstance(t, dt.datetime) and (newest is None or t > newest):
                    newest = t
    return newest


def instance_record(ev, fileno):
    """What the rest of the pipeline needs from one expanded VEVENT."""
    start = ev["DTSTART"].dt
    end = ev["DTEND"].dt if "DTEND" in ev else None
    rid = ev.get("RECURRENCE-ID")
    key_time = to_utc(rid.dt) if rid is not None else to_utc(start)
    attendees = []
    for a in as_list(ev.get("ATTENDEE")):
        params = a.params
        attendees.append((address(a),
                          params.get("PARTSTAT", "NEEDS-ACTION").upper(),
                          params.get("CUTYPE", "INDIVIDUAL").upper(),
                          params.get("ROLE", "REQ-PARTICIPANT").upper()))
    organizer = ev.get("ORGANIZER")
    stamp = ev.get("DTSTAMP")
    return {
        "uid": str(ev.get("UID", "")),
        "key": key_time,
        "start": to_utc(start),
        "end": to_utc(end) if end is not None else None,
        "all_day": not isinstance(start, dt.datetime),
        "cancelled": str(ev.get("STATUS", "")).upper() == "CANCELLED",
        "sequence": int(ev.get("SEQUENCE", 0)),
        "dtstamp": to_utc(stamp.dt) if stamp is not None else None,
        "file": fileno,
        "summary": str(ev.get("SUMMARY", "")),
        "organizer": address(organizer) if organizer is not None else None,
        "attendees": attendees,
    }


def merge_copies(copies):
    """One meeting seen in several mailboxes: the copy with the highest
    (SEQUENCE, DTSTAMP) wins, ties to the first file; an attendee's status is
    the first one a copy states (NEEDS-ACTION says nothing)."""
    epoch = dt.datetime.min.replace(tzinfo=UTC)
    copies = sorted(copies, key=lambda c: (-c["sequence"],
                                           -(c["dtstamp"] or epoch).timestamp(),
                                           c["file"]))
    best = dict(copies[0])
    status = {}
    kind = {}
    for c in copies:
        for addr, partstat, cutype, role in c["attendees"]:
            if addr not in kind:
                kind[addr] = (cutype, role)
                status[addr] = partstat
            elif status[addr] == "NEEDS-ACTION" and partstat != "NEEDS-ACTION":
                status[addr] = partstat
    best["attendees"] = [(a, status[a]) + kind[a] for a in kind]
    if best["organizer"] is None:
        best["organizer"] = next((c["organizer"] for c in copies if c["organizer"]), None)
    return best


def present_people(inst):
    """The organizer and the attendees who did not decline; rooms,
    resources and non-participants are not people. Groups are kept apart."""
    people, groups = [], []
    seen = set()
    for addr, partstat, cutype, role in inst["attendees"]:
        if partstat == "DECLINED" or role == "NON-PARTICIPANT" or cutype in ("ROOM", "RESOURCE"):
            seen.add(addr)
            continue
        if addr not in seen:
            seen.add(addr)
            (groups if cutype == "GROUP" else people).append(addr)
    org = inst["organizer"]
    if org and org not in seen:
        people.append(org)
    return people, groups


# ---------------------------------------------------------------- the run

def run(args):
    timings = {}
    t0 = time.perf_counter()
    people, parent, needs = read_roster(args)
    roster_domains = {e.rsplit("@", 1)[-1] for e in people}

    # 1. read and parse every calendar
    files = ics_files(args.calendars)
    calendars = []
    for i, path in enumerate(files):
        with open(path, "rb") as f:
            calendars.append((i, icalendar.Calendar.from_ical(f.read())))
    vevents = sum(len(cal.walk("VEVENT")) for _, cal in calendars)
    timings["parse"] = time.perf_counter() - t0
    log(args, f"{len(files)} files, {vevents} VEVENTs parsed in {timings['parse']:.1f} s")

    # 2. the window: --from/--to, else liaison's default (the day after the
    #    newest instance start not later than the newest DTSTAMP, 13 weeks)
    t1 = time.perf_counter()
    if args.to_date:
        to_day = dt.date.fromisoformat(args.to_date)
        from_day = (dt.date.fromisoformat(args.from_date) if args.from_date
                    else to_day - dt.timedelta(days=WINDOW_DAYS))
        span = (from_day, to_day)
        stamp = None
    else:
        stamp = newest_dtstamp(calendars)
        stamp_day = stamp.date()
        span = (stamp_day - dt.timedelta(days=WINDOW_DAYS + 14), stamp_day + dt.timedelta(days=1))

    def midnight(day):
        return dt.datetime(day.year, day.month, day.day, tzinfo=UTC)

    # 3. expand every calendar over the span, group the copies by meeting
    by_meeting = defaultdict(list)
    for fileno, cal in calendars:
        for ev in recurring_ical_events.of(cal).between(midnight(span[0]), midnight(span[1])):
            inst = instance_record(ev, fileno)
            by_meeting[(inst["uid"], inst["key"])].append(inst)
    if not args.to_date:
        starts = [c[0]["start"] for c in by_meeting.values()
                  if isinstance(c[0]["start"], dt.datetime) and c[0]["start"] <= stamp]
        to_day = max(starts).date() + dt.timedelta(days=1)
        from_day = to_day - dt.timedelta(days=WINDOW_DAYS)
    lo, hi = midnight(from_day), midnight(to_day)
    weeks = (to_day - from_day).days / 7.0

    def in_window(inst):
        s = inst["start"]
        if isinstance(s, dt.datetime):
            return lo <= s < hi
        return from_day <= s < to_day

    instances = []
    duplicates = 0
    for copies in by_meeting.values():
        if in_window(copies[0]):
            instances.append(merge_copies(copies))
            duplicates += len(copies) - 1
    timings["expand"] = time.perf_counter() - t1
    log(args, f"window {from_day} to {to_day}: {len(instances)} instances "
              f"({duplicates} copies merged) in {timings['expand']:.1f} s")

    # 4. the meetings: not all-day, not cancelled, two people present, a duration
    t2 = time.perf_counter()
    skipped = {"all_day": 0, "cancelled": 0, "too_few_people": 0, "nonpositive_duration": 0}
    meetings = []
    for inst in instances:
        if inst["all_day"]:
            skipped["all_day"] += 1
            continue
        if inst["cancelled"]:
            skipped["cancelled"] += 1
            continue
        present, groups = present_people(inst)
        if len(present) + len(groups) < 2:
            skipped["too_few_people"] += 1
            continue
        hours = ((inst["end"] - inst["start"]).total_seconds() / 3600.0
                 if inst["end"] is not None else 0.0)
        if hours <= 0:
            skipped["nonpositive_duration"] += 1
            continue
        meetings.append({"uid": inst["uid"], "summary": inst["summary"],
                         "present": present, "groups": groups, "hours": hours})

    # map the addresses to people
    in_roster, unknown, external, group_addrs = set(), set(), set(), set()
    for m in meetings:
        group_addrs.update(m["groups"])
        for a in m["present"]:
            if a in people:
                in_roster.add(a)
            elif a.rsplit("@", 1)[-1] in roster_domains:
                unknown.add(a)
            else:
                external.add(a)

    # 5. the person graph: every pair present at a (non-broadcast) meeting
    #    shares its hours / (n - 1), per week of the window
    person = nx.Graph()
    for m in meetings:
        person.add_nodes_from(m["present"])
        n = len(m["present"])
        if n < 2 or n > BROADCAST_SIZE:
            continue
        share = m["hours"] / (n - 1) / weeks
        p = m["present"]
        for i in range(n):
            for j in range(i + 1, n):
                if person.has_edge(p[i], p[j]):
                    person[p[i]][p[j]]["weight"] += share
                else:
                    person.add_edge(p[i], p[j], weight=share)
    for _, _, d in person.edges(data=True):
        d["distance"] = 1.0 / d["weight"]

    # the team graph: person-graph hours between roster members of two teams
    teams = nx.Graph()
    for a, b, d in person.edges(data=True):
        ta, tb = people.get(a), people.get(b)
        if ta is None or tb is None or ta == tb:
            continue
        if teams.has_edge(ta, tb):
            teams[ta][tb]["weight"] += d["weight"]
        else:
            teams.add_edge(ta, tb, weight=d["weight"])
    timings["graphs"] = time.perf_counter() - t2
    log(args, f"{len(meetings)} meetings, person graph {person.number_of_nodes()} vertices "
              f"{person.number_of_edges()} edges, {teams.number_of_edges()} team edges "
              f"in {timings['graphs']:.1f} s")

    # 6. the rule of eight: recurring (2 or more instances) series whose
    #    median size is above 8, broadcasts aside
    t3 = time.perf_counter()
    series = defaultdict(list)
    for m in meetings:
        series[m["uid"]].append(len(m["present"]) + len(m["groups"]))
    oversized = []
    for uid, sizes in series.items():
        size = statistics.median(sizes)
        if len(sizes) >= 2 and RULE_OF_EIGHT < size <= BROADCAST_SIZE:
            oversized.append(uid)

    # 7. missing links: a declared need with under 0.25 meeting hours a week
    #    between the team and the team (or every team of the unit) it needs
    children = defaultdict(list)
    for t, p in parent.items():
        if p:
            children[p].append(t)

    def under(unit):
        out, todo = set(), [unit]
        while todo:
            u = todo.pop()
            out.add(u)
            todo += children.get(u, [])
        return out

    missing = []
    for team, source, context in needs:
        sides = under(source) - {team}
        hours = sum(teams[team][t]["weight"] for t in sides
                    if teams.has_node(team) and teams.has_edge(team, t))
        if hours < MIN_LINK_HOURS:
            missing.append({"team": team, "from": source, "context": context,
                            "hours_per_week": round(hours, 6)})
    timings["findings"] = time.perf_counter() - t3

    # 8. betweenness of people, distance = 1 / hours per week: exact up to
    #    2,500 vertices as liaison does; above, networkx has no cut-off for
    #    weighted paths, so it samples k sources (--betweenness-k)
    t4 = time.perf_counter()
    nvert = person.number_of_nodes()
    if args.betweenness == "exact" or (args.betweenness == "auto" and nvert <= BETWEENNESS_EXACT_MAX):
        mode = "exact"
        bc = nx.betweenness_centrality(person, weight="distance", normalized=False)
    else:
        k = min(args.betweenness_k, nvert)
        mode = f"sampled k={k}"
        # networkx scales the sampled sums by vertices / k
        bc = nx.betweenness_centrality(person, k=k, weight="distance", normalized=False,
                                       seed=args.seed)
    top = sorted(((b, v) for v, b in bc.items() if v in people), key=lambda x: (-x[0], x[1]))[:10]
    timings["betweenness"] = time.perf_counter() - t4
    log(args, f"betweenness ({mode}) over {nvert} vertices in {timings['betweenness']:.1f} s")

    timings["total"] = time.perf_counter() - t0
    return {
        "window": {"from": from_day.isoformat(), "to": to_day.isoformat(), "weeks": weeks},
        "counts": {
            "files": len(files),
            "vevents": vevents,
            "instances": len(instances),
            "duplicates_merged": duplicates,
            "meetings": len(meetings),
            "skipped": skipped,
            "people_present": len(in_roster),
            "unknown": len(unknown),
            "external": len(external),
            "groups": len(group_addrs),
            "series": len(series),
            "person_vertices": nvert,
            "person_edges": person.number_of_edges(),
            "team_edges": teams.number_of_edges(),
            "oversized_meetings": len(oversized),
            "missing_links": len(missing),
        },
        "betweenness": {"mode": mode,
                        "top": [{"person": v, "betweenness": round(b, 3)} for b, v in top]},
        "oversized_meetings": sorted(oversized),
        "missing_links": missing,
        "seconds": {k: round(v, 3) for k, v in timings.items()},
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--people", required=True)
    ap.add_argument("--teams")
    ap.add_argument("--needs")
    ap.add_argument("--from", dest="from_date", help="first day, YYYY-MM-DD (default: to - 91 days)")
    ap.add_argument("--to", dest="to_date",
                    help="day after the window, YYYY-MM-DD (default: as liaison, from the newest DTSTAMP)")
    ap.add_argument("--betweenness", choices=("auto", "exact", "sample"), default="auto",
                    help="auto: exact up to 2,500 vertices, else sampled (default)")
    ap.add_argument("--betweenness-k", type=int, default=500,
                    help="sources sampled when sampling (default 500)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", help="write the JSON summary here (default: stdout)")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("calendars", nargs="+", help=".ics files or folders of them")
    args = ap.parse_args()
    if args.from_date and not args.to_date:
        args.to_date = (dt.date.fromisoformat(args.from_date)
                        + dt.timedelta(days=WINDOW_DAYS)).isoformat()
    summary = run(args)
    text = json.dumps(summary, indent=2, sort_keys=False) + "\n"
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
