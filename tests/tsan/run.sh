#!/usr/bin/env bash
# Runs the commands that use several threads under ThreadSanitizer, on two
# threads, and fails on any data race (TSan's exit status 66, or a report in
# its log): the readers of every format (Microsoft Graph and Outlook exports,
# iCalendar with and without VTIMEZONE blocks, whose TZIDs are then looked up
# in libical's builtin zones from every reading thread), analyze's passes
# beside the betweenness, compare's columns analysed while the last one is
# written, and the change lists. --no-html: the diagrams' layout processes
# are forks, which TSan does not follow.
#   bash tests/tsan/run.sh BUILD_DIR     (built with -fsanitize=thread)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build-tsan}
bin="$build/liaison"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export TSAN_OPTIONS="exitcode=66 log_path=$out/tsan"

status=0
run() { # run LABEL ARGS...: one liaison command, on two threads
    local label=$1
    shift
    if ! "$bin" "$@" --threads 2 --quiet >"$out/$label.out" 2>"$out/$label.err"; then
        echo "tsan: $label failed:" >&2
        cat "$out/$label.err" >&2
        status=1
    fi
}

"$bin" gen --quiet --people 120 --seed 11 --format all --scenarios all --out "$out/org"
O=$out/org
roster=(--people "$O/people.csv" --teams "$O/teams.csv" --needs "$O/needs.csv")
mkdir -p "$O/nozones"
for f in "$O"/mailboxes/*.ics; do
    sed '/^BEGIN:VTIMEZONE/,/^END:VTIMEZONE/d' "$f" >"$O/nozones/${f##*/}"
done
grep -q '^BEGIN:VTIMEZONE' "$O"/mailboxes/*.ics || { echo "tsan: no VTIMEZONE to remove" >&2; exit 1; }

run ics analyze --no-html "${roster[@]}" --out "$out/a-ics" "$O/mailboxes"
run nozones analyze --no-html "${roster[@]}" --out "$out/a-nozones" "$O/nozones"
run graph analyze --no-html "${roster[@]}" --out "$out/a-graph" "$O/graph"
run outlook analyze --no-html "${roster[@]}" --out "$out/a-outlook" "$O/outlook"
# Outlook's times are local to --tz: one builtin zone converted on every thread.
run outlook-tz analyze --no-html --tz Europe/Berlin "${roster[@]}" --out "$out/a-outlook-tz" \
    "$O/outlook"
scenarios=()
for s in "$O"/scenarios/*/; do
    name=$(basename "$s")
    arg="$name=${s}people.csv"
    [ -f "${s}teams.csv" ] && arg="$arg,teams=${s}teams.csv"
    scenarios+=(--scenario "$arg")
done
run compare compare --no-html "${roster[@]}" "${scenarios[@]}" --proposal --out "$out/c" \
    "$O/mailboxes"

for f in "$out"/tsan*; do
    [ -e "$f" ] || continue
    echo "tsan: ThreadSanitizer reported in ${f##*/}:" >&2
    cat "$f" >&2
    status=1
done
if [ "$status" -eq 0 ]; then
    echo "tsan: analyze (iCalendar with and without zones, Graph, Outlook) and compare" \
        "(${#scenarios[@]} scenarios and the proposal) on 2 threads: no data race"
fi
exit $status
