#!/usr/bin/python3
"""Print the Python reference's counts beside liaison's report.json for the
same data, so a reader sees that both did comparable work.

    /usr/bin/python3 tests/bench/python/compare.py SUMMARY.json REPORT.json

SUMMARY.json is what reference.py wrote, REPORT.json what `liaison analyze`
wrote. Exit status 0 whatever the numbers (differences are expected and
explained in tests/bench/README.md).
"""

import json
import sys


def liaison_counts(report):
    inp, summ = report["input"], report["summary"]
    findings = report.get("findings", [])
    sk = inp["skipped"]
    return {
        "files": inp["files"],
        "vevents": inp["vevents"],
        "instances": inp["read"] - sk.get("malformed", 0),
        "duplicates_merged": inp["duplicates_merged"],
        "meetings": inp["used"],
        "skipped.all_day": sk["all_day"],
        "skipped.cancelled": sk["cancelled"],
        "skipped.too_few_people": sk["too_few_people"],
        "skipped.nonpositive_duration": sk["nonpositive_duration"],
        "people_present": inp["people_present"],
        "unknown": inp["unknown"],
        "external": inp["external"],
        "groups": inp["groups"],
        "series": summ["series"],
        "team_edges": summ["team_links"],
        "oversized_meetings": sum(f["type"] == "oversized_meeting" for f in findings),
        "missing_links": sum(f["type"] == "missing_link" for f in findings),
    }


def python_counts(summary):
    c = dict(summary["counts"])
    for k, v in c.pop("skipped").items():
        c["skipped." + k] = v
    return c


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1].strip())
    with open(sys.argv[1], encoding="utf-8") as f:
        py = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        report = json.load(f)
    pc, lc = python_counts(py), liaison_counts(report)
    win = report["input"]["window"]
    print(f"window: python {py['window']['from']}..{py['window']['to']}, "
          f"liaison {win['from']}..{win['to']}")
    print(f"{'count':<30} {'python':>10} {'liaison':>10}")
    for key in list(lc) + [k for k in pc if k not in lc]:
        p, l = pc.get(key, "-"), lc.get(key, "-")
        mark = "" if p == l or "-" in (p, l) else "  differs"
        print(f"{key:<30} {p:>10} {l:>10}{mark}")

    # betweenness: the reference's top 10 against liaison's ranking
    ranked = sorted((p for p in report.get("people", []) if p.get("betweenness") is not None),
                    key=lambda p: (-p["betweenness"], p["person"]))
    rank = {p["person"]: i + 1 for i, p in enumerate(ranked)}
    value = {p["person"]: p["betweenness"] for p in ranked}
    print(f"\nbetweenness: python {py['betweenness']['mode']}, "
          f"liaison {report['parameters'].get('betweenness')}")
    print(f"{'python top 10':<40} {'python':>12} {'liaison':>12} {'liaison rank':>13}")
    for e in py["betweenness"]["top"]:
        who = e["person"]
        print(f"{who:<40} {e['betweenness']:>12.1f} {value.get(who, float('nan')):>12.1f} "
              f"{rank.get(who, '-'):>13}")
    top_l = {p["person"] for p in ranked[:10]}
    top_p = {e["person"] for e in py["betweenness"]["top"]}
    print(f"in both top 10: {len(top_l & top_p)}")

    # which findings differ
    lo = {f["series"] for f in report.get("findings", []) if f["type"] == "oversized_meeting"}
    po = set(py.get("oversized_meetings", []))
    lm = {(f["team"], f["from"]) for f in report.get("findings", []) if f["type"] == "missing_link"}
    pm = {(m["team"], m["from"]) for m in py.get("missing_links", [])}
    print(f"\noversized: {len(po & lo)} in both, {len(po - lo)} python only, {len(lo - po)} liaison only")
    print(f"missing links: {len(pm & lm)} in both, {len(pm - lm)} python only, {len(lm - pm)} liaison only")


if __name__ == "__main__":
    main()
