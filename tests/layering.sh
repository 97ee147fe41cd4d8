#!/bin/sh
# tests/layering.sh [ROOT] — the layers of the house, checked on every
# #include line of io/, analysis/, viz/, cli/ and tests/ under ROOT (default:
# the checkout this script is in). Prints one line per wrong-way include,
# "FILE:LINE: includes HEADER: RULE", and exits 1 when there is any; else
# exits 0 and prints nothing.
#
# The rules (data flows io -> analysis -> viz, and only cli/ sees all three):
#  - io/ includes neither igraph nor cgraph/gvc, and nothing of analysis/,
#    viz/ or cli/;
#  - analysis/ includes no loader (an io/ header not in IO_FOR_ANALYSIS
#    below, io/gen/ included), nothing of viz/ or cli/, no cgraph/gvc;
#  - viz/ includes no analysis internal (an analysis/ header not in
#    ANALYSIS_PUBLIC below), nothing of cli/, no igraph;
#  - nothing outside cli/ (tests/ included) includes cli/.
#
# What "public" means for analysis/: the results a writer or a caller reads
# (the derived model and its summary, the findings and their types, the
# structure, the proposal, the roles, the parameters, the metrics, the run
# and the slices). The graphs, the igraph helpers and the parts of the
# passes are internals: a writer that needs one of them is computing, and
# that belongs in analysis/. Adding a header to either list is a decision
# about the layers; make it here, with the reason.
set -eu

ROOT=${1:-$(dirname "$0")/..}
cd "$ROOT"

# analysis/NAME.h that viz/ may include.
# rollup: pure sums over plain arrays that the diagrams apply to what they
# read back from report.json (no igraph, no pass internals).
# linkstats: the per-pair figures of the tables; graphml: a graph given as
# columns, written by igraph (viz/ includes no igraph itself).
# whatif: the proposal's impact is a result the report writes.
ANALYSIS_PUBLIC="analysis finding finding_types structure proposal roles params metrics run slices privacy rollup linkstats graphml whatif"

# io/NAME.h that analysis/ may include: the model and the helpers that read
# no input file. Every other io/ header (load, ics, outlook, msgraph, roster,
# raw, csvtable, config, gen, ...) is a loader.
# change: a change list as data (io/changes.h is its reader).
# cpus: the CPU count behind every "one per CPU" default (betweenness runs
# on threads). sort: plain integer sorts.
IO_FOR_ANALYSIS="model error civil idmap plural anon coverage timings fsutil roster_diff text vec change cpus sort"

# Known exceptions, one "FILE HEADER" per line, each with its reason (none).
EXCEPTIONS=""

status=0

in_list() { # WORD LIST: whether WORD is one of the words of LIST
    case " $2 " in
    *" $1 "*) return 0 ;;
    *) return 1 ;;
    esac
}

excepted() { # FILE HEADER
    printf '%s\n' "$EXCEPTIONS" | grep -qxF "$1 $2"
}

# Every include of the files under DIR, as "FILE LINE HEADER".
includes() {
    [ -d "$1" ] || return 0
    find "$1" -type f \( -name '*.c' -o -name '*.h' -o -name '*.def' \) | LC_ALL=C sort |
        xargs grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' /dev/null |
        sed 's|^\([^:]*\):\([0-9]*\):[^<"]*[<"]\([^>"]*\)[>"].*|\1 \2 \3|'
}

report() { # FILE LINE HEADER RULE
    if excepted "$1" "$3"; then
        return 0
    fi
    printf '%s:%s: includes %s: %s\n' "$1" "$2" "$3" "$4"
    status=1
}

# Set broken to the rule a file of LAYER breaks by including HEADER ("" when none).
rule() { # LAYER HEADER
    broken=
    name=${2#*/}
    name=${name%.h}
    case "$2" in
    cli/* | */cli/*)
        [ "$1" = cli ] || broken="only cli/ includes cli/"
        return 0
        ;;
    esac
    case "$1:$2" in
    io:igraph* | io:graphviz/* | io:gvc.h | io:cgraph.h)
        broken="io/ includes neither igraph nor cgraph/gvc"
        ;;
    io:analysis/* | io:viz/*)
        broken="io/ comes first: it includes no later layer"
        ;;
    analysis:io/gen/*)
        broken="analysis/ includes no loader"
        ;;
    analysis:io/*)
        in_list "$name" "$IO_FOR_ANALYSIS" || broken="analysis/ includes no loader"
        ;;
    analysis:viz/*)
        broken="analysis/ includes nothing of viz/"
        ;;
    analysis:graphviz/* | analysis:gvc.h | analysis:cgraph.h)
        broken="cgraph/gvc stay in viz/"
        ;;
    viz:analysis/*)
        in_list "$name" "$ANALYSIS_PUBLIC" || broken="viz/ includes no analysis internal"
        ;;
    viz:igraph*)
        broken="igraph stays in analysis/"
        ;;
    esac
}

for layer in io analysis viz cli tests; do
    # Read here, not in a pipeline's subshell, so that status survives.
    found=$(includes "$layer")
    [ -n "$found" ] || continue
    while read -r file line header; do
        rule "$layer" "$header"
        if [ -n "$broken" ]; then
            report "$file" "$line" "$header" "$broken"
        fi
    done <<EOF
$found
EOF
done
exit $status
