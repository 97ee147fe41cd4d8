#!/usr/bin/env bash
# Run the libFuzzer harnesses of a -DLSN_FUZZ=ON build (tests/fuzz/README.md).
#   bash tests/fuzz/fuzz.sh BUILD_DIR SECONDS [HARNESS...]
# Assembles each harness's seeds under BUILD_DIR/fuzz/seeds/ (the shared
# corpus when ../shared/corpus exists, the test fixtures, the bundled sample
# and report.json files `liaison analyze` writes), then runs each harness
# for SECONDS with its seeds, its dictionary and the committed regressions,
# FUZZ_JOBS at a time (default: one per core). New inputs accumulate in
# BUILD_DIR/fuzz/corpus/HARNESS/; a crash, timeout, leak or out-of-memory input is written to
# BUILD_DIR/fuzz/artifacts/HARNESS/ and fails the run (copy it into
# tests/fuzz/regressions/HARNESS/ once fixed).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
build=${1:?usage: fuzz.sh BUILD_DIR SECONDS [HARNESS...]}
seconds=${2:?usage: fuzz.sh BUILD_DIR SECONDS [HARNESS...]}
shift 2
harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
    harnesses=(ics ics_libical load roster outlook msgraph config render catalog changes)
fi
work=$build/fuzz
bin=$build/tests/fuzz
shared=$root/../shared/corpus
sample=$root/datasets/sample
fix=$root/tests

# Per harness: the largest input (bytes) and the dictionaries.
declare -A max_len=([ics]=65536 [ics_libical]=65536 [load]=131072 [roster]=32768
    [outlook]=32768 [msgraph]=32768 [config]=4096 [render]=65536 [catalog]=32768 [changes]=4096)
declare -A dicts=([ics]="ics" [ics_libical]="ics" [load]="load ics outlook msgraph"
    [roster]="roster" [outlook]="outlook" [msgraph]="msgraph" [config]="config" [render]="report"
    [catalog]="catalog" [changes]="changes")

# add DEST FILE...: copy each file into the seed folder DEST under a name
# that keeps where it came from.
add() {
    local dest=$1 f
    shift
    mkdir -p "$dest"
    for f in "$@"; do
        [ -f "$f" ] || continue
        cp "$f" "$dest/$(realpath --relative-to="$root/.." "$f" | tr '/' '_')"
    done
}

# joined DEST NAME FILE...: one input made of several files separated by the
# "====" line of the roster and load harnesses.
joined() {
    local dest=$1 name=$2 f first=1
    shift 2
    mkdir -p "$dest"
    for f in "$@"; do
        [ -f "$f" ] || continue # a fixture folder without needs.csv
        if [ $first -eq 0 ]; then printf '\n====\n'; fi
        cat "$f"
        first=0
    done >"$dest/$name"
}

seeds() {
    local s=$work/seeds
    rm -rf "$s"
    mkdir -p "$s" "$work/gen"
    local mb=$sample/mailboxes
    local ics=(
        "$fix"/io/fixtures/ics/*.ics "$fix"/io/fixtures/ics/*/*.ics
        "$fix"/cli/fixtures/*/calendar.ics
        "$mb"/anna.anderson.ics "$mb"/abigail.huang.ics "$mb"/jan.menon.ics
    )
    if [ -d "$shared" ]; then
        ics+=("$shared"/ics/*.ics "$shared"/malformed/*.ics "$shared"/../repro/*.ics)
    fi
    add "$s/ics" "${ics[@]}"
    add "$s/ics_libical" "${ics[@]}"

    local outlook=("$fix"/io/fixtures/outlook/*.csv "$fix"/io/fixtures/outlook/*/*.csv)
    local graph=("$fix"/io/fixtures/msgraph/*.json "$fix"/io/fixtures/msgraph/*/*.json)
    if [ -d "$shared" ]; then
        outlook+=("$shared"/outlook-csv/*.csv)
        graph+=("$shared"/graph-json/*.json "$shared"/malformed/*.json)
    fi
    add "$s/outlook" "${outlook[@]}"
    add "$s/msgraph" "${graph[@]}"

    add "$s/load" "${ics[@]}" "${outlook[@]}" "${graph[@]}"
    joined "$s/load" sample-two-mailboxes "$mb"/anna.anderson.ics "$mb"/abigail.huang.ics
    joined "$s/load" mailbox-series "$fix"/io/fixtures/ics/mailbox_series/*.ics
    joined "$s/load" outlook-mailboxes "$fix"/io/fixtures/outlook/mailbox/*.csv
    joined "$s/load" graph-mailboxes "$fix"/io/fixtures/msgraph/mailbox/*.json
    joined "$s/load" three-formats "$fix"/io/fixtures/ics/participants.ics \
        "$fix"/io/fixtures/outlook/weekly.csv "$fix"/io/fixtures/msgraph/series.json
    { printf '%%from=2024-01-01\n%%to=2024-04-01\n%%tz=Europe/Berlin\n'; cat "$mb"/jan.menon.ics; } \
        >"$s/load/sample-window-berlin"

    add "$s/roster" "$fix"/io/fixtures/roster/*.csv
    joined "$s/roster" sample "$sample"/people.csv "$sample"/teams.csv "$sample"/needs.csv
    local d
    for d in "$fix"/cli/fixtures/*/; do
        joined "$s/roster" "$(basename "$d")" "$d"people.csv "$d"teams.csv "$d"needs.csv
    done
    joined "$s/roster" one-root "$fix"/io/fixtures/roster/one_root_people.csv \
        "$fix"/io/fixtures/roster/one_root_teams.csv "$fix"/io/fixtures/roster/one_root_needs.csv

    add "$s/config" "$root"/tests/fuzz/seeds/*.conf

    add "$s/catalog" "$fix"/io/fixtures/catalog/org/*.yaml "$fix"/io/fixtures/catalog/bad/*.yaml \
        "$sample"/catalog/*.yaml
    add "$s/changes" "$fix"/io/fixtures/changes/*.csv

    # report.json as `liaison analyze` writes it: a small generated
    # organization and the CLI fixtures, plain and with the privacy options.
    local liaison=$build/liaison
    local g=$work/gen
    [ -f "$g/org/people.csv" ] || "$liaison" gen --people 20 --weeks 2 --out "$g/org" >/dev/null
    local runs=(
        "org|$g/org|mailboxes|"
        "compare|$fix/cli/fixtures/compare|calendar.ics|"
        "privacy|$fix/cli/fixtures/privacy|calendar.ics|"
        "privacy-anon|$fix/cli/fixtures/privacy|calendar.ics|--anonymize fuzz-salt-0123 --min-group 2"
    )
    local r name dir cal extra
    for r in "${runs[@]}"; do
        IFS='|' read -r name dir cal extra <<<"$r"
        if [ ! -f "$g/$name/report.json" ]; then
            # shellcheck disable=SC2086
            "$liaison" analyze --quiet --threads 1 --people "$dir/people.csv" \
                --teams "$dir/teams.csv" --needs "$dir/needs.csv" $extra --out "$g/$name" \
                "$dir/$cal" >/dev/null
        fi
        add "$s/render" "$g/$name/report.json"
    done
    add "$s/render" "$fix"/viz/fixtures/*.json
}

seeds
if [ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]; then
    export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
fi
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The harnesses write every input to a file: keep those in memory when we can.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    export TMPDIR=/dev/shm
else
    mkdir -p "$work/tmp"
    export TMPDIR=$work/tmp
fi
# run_one HARNESS: one harness for SECONDS; its summary line in $work/HARNESS.result.
run_one() {
    local h=$1 d
    local dict=$work/$h.dict
    for d in ${dicts[$h]}; do cat "$root/tests/fuzz/dict/$d.dict"; done >"$dict"
    mkdir -p "$work/corpus/$h" "$work/artifacts/$h"
    local log=$work/$h.log rc
    echo "fuzz: $h for ${seconds}s (log $log)"
    set +e
    "$bin/fuzz_$h" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len="${max_len[$h]}" -dict="$dict" -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/$h/" \
        "$work/corpus/$h" "$work/seeds/$h" "$root/tests/fuzz/regressions/$h" >"$log" 2>&1
    rc=$?
    set -e
    local execs cov
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1)
    printf '%-12s rc %-3s executions %-9s %s\n' "$h" "$rc" "${execs:-?}" "${cov:-}" \
        >"$work/$h.result"
    if [ $rc -ne 0 ]; then
        {
            grep -E 'ERROR:|runtime error|SUMMARY|fuzz:' "$log" | head -5 || true
            grep -o "Test unit written to .*" "$log" | sed 's/^/  reproducer: /' || true
            echo "  replay: $bin/fuzz_$h REPRODUCER"
        } >&2
    fi
}

# FUZZ_JOBS harnesses at a time (default: one per core), each on one core.
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
for h in "${harnesses[@]}"; do
    rm -f "$work/$h.result"
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    run_one "$h" &
done
wait
failed=()
summary=$work/summary.txt
: >"$summary"
for h in "${harnesses[@]}"; do
    cat "$work/$h.result" | tee -a "$summary"
    if ! grep -q ' rc 0 ' "$work/$h.result"; then
        failed+=("$h")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: FAILED: ${failed[*]} (reproducers under $work/artifacts/)" >&2
    exit 1
fi
echo "fuzz: no crash in ${harnesses[*]}"
