"""tests/cli/tables_check.py LIAISON SOURCE_DIR TMP [ORG] — the tables as an
analyst loads them: analyze the bundled sample (or the organization folder
ORG, as `liaison gen` writes it), then every CSV of DIR/tables/ loads
with pandas.read_csv and no options (one header row, named columns, a row per
CRLF-ended record), every team_links.csv weight equals report.json's link, and
person.graphml and teams.graphml load in networkx with as many edges as
person_links.csv and team_links.csv."""
import json
import os
import subprocess
import sys

import networkx
import pandas

liaison, src, tmp = sys.argv[1:4]
sample = sys.argv[4] if len(sys.argv) > 4 else os.path.join(src, "datasets", "sample")
out = os.path.join(tmp, "tables-check")
subprocess.run([liaison, "analyze", "--quiet",
                "--people", os.path.join(sample, "people.csv"),
                "--teams", os.path.join(sample, "teams.csv"),
                "--needs", os.path.join(sample, "needs.csv"),
                "--out", out, os.path.join(sample, "mailboxes")], check=True)
tables = os.path.join(out, "tables")
frames = {}
for name in sorted(os.listdir(tables)):
    df = pandas.read_csv(os.path.join(tables, name))
    assert all(not str(c).startswith("Unnamed") for c in df.columns), name
    records = open(os.path.join(tables, name), "rb").read().count(b"\r\n") - 1
    assert len(df) == records, (name, len(df), records)
    frames[name] = df
    print(f"{name}: {len(df)} rows, {len(df.columns)} columns")

report = json.load(open(os.path.join(out, "report.json")))
links = {}
for t in report["teams"]:
    for l in t["links"]:
        links[tuple(sorted((t["team"], l["team"])))] = l["hours_per_week"]
tl = frames["team_links.csv"]
assert len(tl) == len(links), (len(tl), len(links))
for row in tl.itertuples():
    assert abs(row.hours_per_week - links[(row.team_a, row.team_b)]) < 1e-9, row
assert len(frames["people.csv"]) == len(report["people"])
assert len(frames["findings.csv"]) == len(report["findings"])

person = networkx.read_graphml(os.path.join(out, "person.graphml"))
assert person.number_of_edges() == len(frames["person_links.csv"])
teams = networkx.read_graphml(os.path.join(out, "teams.graphml"))
assert teams.number_of_edges() == len(tl)
names = {n: d["name"] for n, d in teams.nodes(data=True)}
for a, b, d in teams.edges(data=True):
    assert abs(d["weight"] - links[tuple(sorted((names[a], names[b])))]) < 1e-9
print(f"networkx: person.graphml {person.number_of_edges()} edges, "
      f"teams.graphml {teams.number_of_edges()} edges")
