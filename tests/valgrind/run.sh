#!/usr/bin/env bash
# Runs `liaison analyze` on the bundled dataset under valgrind's memcheck
# (with --svg and --slice, so the forked Graphviz layouts and the slices are
# covered too), then `liaison render` of a generated 2,000-person report
# (its unit diagrams are drawn by two processes), and fails on any memory
# error or definite leak, in the main process or in a forked child.
# Graphviz's own leaks are suppressed with tests/valgrind/graphviz.supp
# (each entry says why).
#   bash tests/valgrind/run.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
bin="$build/liaison"
logs=$(mktemp -d)
out=$(mktemp -d)
trap 'rm -rf "$logs" "$out"' EXIT
D=datasets/sample
# --log-file with %p gives each forked child its own log: the exit status of
# a child is not the parent's, so every log is checked below.
valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 \
    --suppressions=tests/valgrind/graphviz.supp --log-file="$logs/vg.%p" \
    "$bin" analyze --quiet --svg --slice month --people $D/people.csv --teams $D/teams.csv \
    --needs $D/needs.csv --out "$out" $D/mailboxes
# A 2,000-person organization, analyzed outside valgrind, drawn under it.
"$bin" gen --quiet --people 2000 --seed 7 --out "$out/org"
"$bin" analyze --quiet --no-html --people "$out/org/people.csv" --teams "$out/org/teams.csv" \
    --needs "$out/org/needs.csv" --out "$out/org/out" "$out/org/mailboxes"
valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 \
    --suppressions=tests/valgrind/graphviz.supp --log-file="$logs/vg.%p" \
    "$bin" render "$out/org/out/report.json" --no-html --out "$out/drawn"
[ "$(ls "$out/drawn/units" | wc -l)" -ge 32 ] || { echo "valgrind: too few unit diagrams" >&2; exit 1; }
status=0
for f in "$logs"/vg.*; do
    # --quiet leaves a log empty unless something was found.
    if [ -s "$f" ]; then
        echo "valgrind: problems reported in ${f##*/}:" >&2
        cat "$f" >&2
        status=1
    fi
done
n=$(ls "$logs" | wc -l)
if [ "$status" -eq 0 ]; then
    echo "valgrind: analyze --svg --slice month on $D and render of 2,000 people: no error, no definite leak ($n processes)"
fi
exit $status
