#!/usr/bin/env bash
# Runs `liaison analyze` on the bundled dataset under valgrind's memcheck
# (with --svg and --slice, so the forked Graphviz layouts and the slices are
# covered too) and fails on any memory error or definite leak, in the main
# process or in a forked layout child. Graphviz's own leaks are suppressed
# with tests/valgrind/graphviz.supp (each entry says why).
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
    echo "valgrind: analyze --svg --slice month on $D: no error, no definite leak ($n processes)"
fi
exit $status
