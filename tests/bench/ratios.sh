#!/bin/bash
# tests/bench/ratios.sh — the whole-command ratios of the performance
# targets, on one generated 2,000-person export with its three reorg
# scenarios: compare (three scenarios) against one analyze, with and
# without the HTML pages, and batch of 10 rows on 2 jobs against a batch
# of one row. Each pair runs in turn (A B A B ...) and the ratio is taken
# pair by pair, so that the machine's drift cancels; the median of the
# ratios is printed with their range. Outputs go to a scratch folder.
#
#   bash tests/bench/ratios.sh [--liaison BIN] [--data DIR] [--pairs N]
#
# BIN defaults to build-release/liaison, DIR (where the export is generated
# once) to /tmp/liaison-bench, N to 9.
set -eu

liaison=build-release/liaison
data=/tmp/liaison-bench
pairs=9
while [ $# -gt 0 ]; do
    case "$1" in
    --liaison) liaison=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --pairs) pairs=$2; shift 2 ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "ratios.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
done
liaison=$(cd "$(dirname "$liaison")" && pwd)/$(basename "$liaison")
[ -x "$liaison" ] || { echo "ratios.sh: $liaison: not built" >&2; exit 2; }

dir=$data/ratios-2000
if [ ! -f "$dir/people.csv" ]; then
    echo "generating 2000 people with scenarios into $dir (once) ..." >&2
    "$liaison" gen --people 2000 --seed 7 --scenarios all --out "$dir" >/dev/null
fi
cd "$dir"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

scenarios=()
for s in scenarios/*/; do
    name=$(basename "$s")
    arg="$name=${s}people.csv"
    [ -f "${s}teams.csv" ] && arg="$arg,teams=${s}teams.csv"
    [ -f "${s}needs.csv" ] && arg="$arg,needs=${s}needs.csv"
    scenarios+=(--scenario "$arg")
done
inputs=(--people people.csv --teams teams.csv --needs needs.csv)
# Manifests of 10 rows and of one: the same export each time.
manifest() {
    echo "name,calendars,people,teams,needs"
    for ((i = 1; i <= $1; i++)); do
        echo "row$i,$dir/mailboxes,$dir/people.csv,$dir/teams.csv,$dir/needs.csv"
    done
}
manifest 1 >"$scratch/one.csv"
manifest 10 >"$scratch/ten.csv"

# Wall seconds of one run of the command (its output thrown away).
seconds() {
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || { echo "ratios.sh: failed: $*" >&2; exit 1; }
    t1=$(date +%s%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", (b - a) / 1e9 }'
}

# ratio LABEL -- A... -- B...: A against B, pair by pair.
ratio() {
    local label=$1
    shift 2
    local a=() b=()
    while [ "$1" != "--" ]; do a+=("$1"); shift; done
    shift
    b=("$@")
    "${a[@]}" >/dev/null 2>&1; "${b[@]}" >/dev/null 2>&1 # warm the page cache
    local rs=() as=() bs=()
    for ((k = 0; k < pairs; k++)); do
        local ta tb
        ta=$(seconds "${a[@]}")
        tb=$(seconds "${b[@]}")
        as+=("$ta"); bs+=("$tb")
        rs+=("$(awk -v a="$ta" -v b="$tb" 'BEGIN { printf "%.4f\n", a / b }')")
    done
    median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }
    local lo hi
    lo=$(printf '%s\n' "${rs[@]}" | sort -g | head -1)
    hi=$(printf '%s\n' "${rs[@]}" | sort -g | tail -1)
    printf '%-44s %6.3f s against %6.3f s: %5.2f times (%s to %s, %d pairs)\n' "$label" \
        "$(median "${as[@]}")" "$(median "${bs[@]}")" "$(median "${rs[@]}")" "$lo" "$hi" "$pairs"
}

ratio "compare, 3 scenarios, against analyze" -- \
    "$liaison" compare "${inputs[@]}" "${scenarios[@]}" --quiet --out "$scratch/c" mailboxes -- \
    "$liaison" analyze "${inputs[@]}" --quiet --out "$scratch/a" mailboxes
ratio "the same with --no-html" -- \
    "$liaison" compare "${inputs[@]}" "${scenarios[@]}" --no-html --quiet --out "$scratch/cn" mailboxes -- \
    "$liaison" analyze "${inputs[@]}" --no-html --quiet --out "$scratch/an" mailboxes
ratio "batch, 10 rows on 2 jobs, against 1 row" -- \
    "$liaison" batch --jobs 2 --quiet --out "$scratch/b10" "$scratch/ten.csv" -- \
    "$liaison" batch --jobs 2 --quiet --out "$scratch/b1" "$scratch/one.csv"
