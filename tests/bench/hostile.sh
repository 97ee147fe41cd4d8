#!/bin/bash
# tests/bench/hostile.sh — hostile inputs of about 100 MB, each analysed by a
# Release `liaison analyze` under /usr/bin/time -v. Prints, per case, the
# input size, wall time, peak resident memory and exit status, and fails
# (exit 1) when any case takes more than 30 s or 2 GiB. Not a ctest: it
# writes about 1.5 GB of inputs and runs for minutes.
#
#   cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release && cmake --build build-release -j2
#   bash tests/bench/hostile.sh [LIAISON] [CASE...]
#
# LIAISON defaults to build-release/liaison. Inputs are made once into
# $HOSTILE_DIR (default /tmp/liaison-hostile) and reused; $HOSTILE_MB sets
# their size (default 100), $HOSTILE_TIMEOUT stops a run after that many
# seconds (default 120; a stopped run counts as too slow).
set -u
ROOT=${LIAISON_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${1:-$ROOT/build-release/liaison}
shift $(($# > 0 ? 1 : 0))
DIR=${HOSTILE_DIR:-/tmp/liaison-hostile}
MB=${HOSTILE_MB:-100}
TIMEOUT=${HOSTILE_TIMEOUT:-120}
MAX_SECONDS=30
MAX_KB=$((2 * 1024 * 1024))
PEOPLE=$ROOT/datasets/sample/people.csv
BYTES=$((MB * 1000 * 1000))

if [ ! -x "$BIN" ]; then
    echo "hostile.sh: $BIN is not an executable (build the Release tree first)" >&2
    exit 2
fi
if [ ! -x /usr/bin/time ]; then
    echo "hostile.sh: /usr/bin/time is missing (apt-get install time)" >&2
    exit 2
fi
mkdir -p "$DIR"

HEAD=$'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//liaison//hostile//EN\r\n'
TAIL=$'END:VCALENDAR\r\n'
# Two plain meetings, so that a run whose hostile part is refused still has
# something to analyse.
GOOD=$'BEGIN:VEVENT\r\nUID:good-1\r\nDTSTAMP:20260401T000000Z\r\nDTSTART:20260302T090000Z\r\nDTEND:20260302T100000Z\r\nSUMMARY:Plain meeting\r\nORGANIZER:mailto:anna.anderson@acme.example\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:abigail.huang@acme.example\r\nEND:VEVENT\r\n'
GOOD+=$'BEGIN:VEVENT\r\nUID:good-2\r\nDTSTAMP:20260401T000000Z\r\nDTSTART:20260303T090000Z\r\nDTEND:20260303T100000Z\r\nRRULE:FREQ=WEEKLY;COUNT=10\r\nSUMMARY:Plain series\r\nORGANIZER:mailto:anna.anderson@acme.example\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:abigail.huang@acme.example\r\nEND:VEVENT\r\n'

# $1 bytes of the character $2.
repeat_char() {
    head -c "$1" /dev/zero | tr '\0' "$2"
}

# One event per line of awk's loop: $1 = the RRULE line, $2 = DTSTART form
# (a printf format of day, hour, minute, second).
many_events() {
    local rule=$1 start=$2
    awk -v n=$((BYTES / 230)) -v rule="$rule" -v start="$start" 'BEGIN {
        for (i = 0; i < n; i++) {
            s = i % 60; m = int(i / 60) % 60; h = int(i / 3600) % 24; d = 1 + int(i / 86400) % 28
            printf "BEGIN:VEVENT\r\nUID:h-%d\r\nDTSTAMP:20260401T000000Z\r\n", i
            printf "DTSTART:" start "\r\n", d, h, m, s
            printf "DURATION:PT30M\r\n%s\r\n", rule
            printf "ORGANIZER:mailto:anna.anderson@acme.example\r\n"
            printf "ATTENDEE:mailto:abigail.huang@acme.example\r\nEND:VEVENT\r\n"
        }
    }'
}

make_case() {
    local name=$1 f=$DIR/$1
    case $name in
    long-summary.ics)
        { printf '%s%s' "$HEAD" "$GOOD"
          printf 'BEGIN:VEVENT\r\nUID:long\r\nDTSTART:20260304T090000Z\r\nDURATION:PT1H\r\nSUMMARY:'
          repeat_char "$BYTES" a
          printf '\r\nORGANIZER:mailto:anna.anderson@acme.example\r\nATTENDEE:mailto:abigail.huang@acme.example\r\nEND:VEVENT\r\n%s' "$TAIL"
        } >"$f" ;;
    long-description.ics)
        { printf '%s%s' "$HEAD" "$GOOD"
          printf 'BEGIN:VEVENT\r\nUID:long\r\nDTSTART:20260304T090000Z\r\nDURATION:PT1H\r\nSUMMARY:Long description\r\nDESCRIPTION:'
          repeat_char "$BYTES" a
          printf '\r\nORGANIZER:mailto:anna.anderson@acme.example\r\nATTENDEE:mailto:abigail.huang@acme.example\r\nEND:VEVENT\r\n%s' "$TAIL"
        } >"$f" ;;
    vtimezone.ics)
        local obs=$'BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r'
        { printf '%sBEGIN:VTIMEZONE\r\nTZID:Hostile/Zone\r\n' "$HEAD"
          yes "$obs" | head -n $((BYTES / ${#obs} * 6))
          printf 'END:VTIMEZONE\r\n%s' "$GOOD"
          printf 'BEGIN:VEVENT\r\nUID:zoned\r\nDTSTAMP:20260401T000000Z\r\nDTSTART;TZID=Hostile/Zone:20260304T090000\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=30\r\nSUMMARY:Zoned\r\nORGANIZER:mailto:anna.anderson@acme.example\r\nATTENDEE:mailto:abigail.huang@acme.example\r\nEND:VEVENT\r\n%s' "$TAIL"
        } >"$f" ;;
    secondly.ics)
        { printf '%s%s' "$HEAD" "$GOOD"; many_events "RRULE:FREQ=SECONDLY" "202603%02dT%02d%02d%02dZ"; printf '%s' "$TAIL"; } >"$f" ;;
    count.ics)
        { printf '%s%s' "$HEAD" "$GOOD"; many_events "RRULE:FREQ=MINUTELY;COUNT=2000000000" "202603%02dT%02d%02d%02dZ"; printf '%s' "$TAIL"; } >"$f" ;;
    decades.ics)
        { printf '%s%s' "$HEAD" "$GOOD"; many_events "RRULE:FREQ=MINUTELY" "197001%02dT%02d%02d%02dZ"; printf '%s' "$TAIL"; } >"$f" ;;
    impossible.ics)
        # No instance ever matches: libical would look second by second.
        { printf '%s%s' "$HEAD" "$GOOD"; many_events "RRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30" "202603%02dT%02d%02d%02dZ"; printf '%s' "$TAIL"; } >"$f" ;;
    hourly.ics)
        # Series just inside the per-series limits: the load's budgets stop them.
        { printf '%s%s' "$HEAD" "$GOOD"; many_events "RRULE:FREQ=HOURLY" "202601%02dT%02d%02d%02dZ"; printf '%s' "$TAIL"; } >"$f" ;;
    old-series.ics)
        # Every weekday since 1990: some 9,600 steps before the window, each.
        { printf '%s%s' "$HEAD" "$GOOD"; many_events "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" "199001%02dT%02d%02d%02dZ"; printf '%s' "$TAIL"; } >"$f" ;;
    attendees.ics)
        { printf '%s%s' "$HEAD" "$GOOD"
          printf 'BEGIN:VEVENT\r\nUID:crowd\r\nDTSTART:20260304T090000Z\r\nDURATION:PT1H\r\nSUMMARY:Crowd\r\nORGANIZER:mailto:anna.anderson@acme.example\r\n'
          awk -v n=$((BYTES / 40)) 'BEGIN { for (i = 0; i < n; i++) printf "ATTENDEE:mailto:p%d@acme.example\r\n", i }'
          printf 'END:VEVENT\r\n%s' "$TAIL"
        } >"$f" ;;
    overrides.ics)
        # One series and a great many overrides of it, in one file.
        { printf '%s%s' "$HEAD" "$GOOD"
          printf 'BEGIN:VEVENT\r\nUID:moved\r\nDTSTAMP:20260401T000000Z\r\nDTSTART:20260301T090000Z\r\nDURATION:PT30M\r\nRRULE:FREQ=HOURLY\r\nORGANIZER:mailto:anna.anderson@acme.example\r\nATTENDEE:mailto:abigail.huang@acme.example\r\nEND:VEVENT\r\n'
          awk -v n=$((BYTES / 220)) 'BEGIN { for (i = 0; i < n; i++) {
              h = i % 24; d = 1 + int(i / 24) % 28
              printf "BEGIN:VEVENT\r\nUID:moved\r\nRECURRENCE-ID:202603%02dT%02d0000Z\r\nDTSTART:202603%02dT%02d1500Z\r\n", d, h, d, h
              printf "DURATION:PT30M\r\nORGANIZER:mailto:anna.anderson@acme.example\r\nATTENDEE:mailto:abigail.huang@acme.example\r\nEND:VEVENT\r\n" } }'
          printf '%s' "$TAIL"
        } >"$f" ;;
    zones.ics)
        # Many distinct time zone definitions, each used once.
        { printf '%s%s' "$HEAD" "$GOOD"
          awk -v n=$((BYTES / 420)) 'BEGIN { for (i = 0; i < n; i++) {
              printf "BEGIN:VTIMEZONE\r\nTZID:Z%d\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+%04d\r\nTZOFFSETTO:+%04d\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n", i, i % 1200, i % 1200
              printf "BEGIN:VEVENT\r\nUID:z%d\r\nDTSTART;TZID=Z%d:20260305T090000\r\nDURATION:PT30M\r\nORGANIZER:mailto:anna.anderson@acme.example\r\nATTENDEE:mailto:abigail.huang@acme.example\r\nEND:VEVENT\r\n", i, i } }'
          printf '%s' "$TAIL"
        } >"$f" ;;
    outlook-field.csv)
        { printf 'Subject,Start Date,Start Time,End Date,End Time,All day event,Meeting Organizer,Required Attendees\r\n'
          printf 'Plain,3/2/2026,9:00 AM,3/2/2026,10:00 AM,False,Anna Anderson,Abigail Huang\r\n'
          printf '"'; repeat_char "$BYTES" a; printf '",3/3/2026,9:00 AM,3/3/2026,10:00 AM,False,Anna Anderson,Abigail Huang\r\n'
        } >"$f" ;;
    outlook-wide.csv)
        { printf 'Subject,Start Date,Start Time,End Date,End Time,All day event,Meeting Organizer,Required Attendees'
          repeat_char "$BYTES" ,
          printf '\r\nPlain,3/2/2026,9:00 AM,3/2/2026,10:00 AM,False,Anna Anderson,Abigail Huang\r\n'
        } >"$f" ;;
    graph-deep.json)
        repeat_char "$BYTES" '[' >"$f" ;;
    teams.csv)
        # A chain of units as deep as the bytes allow; people in the deepest.
        awk -v n=$((BYTES / 24)) 'BEGIN { print "team,parent,name"; print "u0,,Root"
            for (i = 1; i < n; i++) printf "u%d,u%d,Unit %d\n", i, i - 1, i }' >"$f" ;;
    teams-5000.csv)
        awk 'BEGIN { print "team,parent,name"; print "u0,,Root"
            for (i = 1; i < 5000; i++) printf "u%d,u%d,Unit %d\n", i, i - 1, i }' >"$f" ;;
    teams-5000-people.csv)
        awk 'BEGIN { print "email,name,team"
            print "anna.anderson@acme.example,Anna Anderson,u4999"
            print "abigail.huang@acme.example,Abigail Huang,u4999" }' >"$f" ;;
    teams-people.csv)
        awk -v n=$((BYTES / 24)) 'BEGIN { print "email,name,team"
            print "anna.anderson@acme.example,Anna Anderson,u" (n - 1)
            print "abigail.huang@acme.example,Abigail Huang,u" (n - 1) }' >"$f" ;;
    esac
}

cases=(long-summary.ics long-description.ics vtimezone.ics secondly.ics count.ics decades.ics
       impossible.ics hourly.ics old-series.ics attendees.ics overrides.ics zones.ics
       outlook-field.csv outlook-wide.csv graph-deep.json dev-zero deep-teams deep-teams-5000)
if [ $# -gt 0 ]; then
    cases=("$@")
fi

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs (wall time is measured, CPU time shown beside it)"
printf '%-22s %7s %8s %7s %9s %5s  %s\n' case MB wall_s cpu_s peak_MiB exit verdict
failed=0
for c in "${cases[@]}"; do
    people=$PEOPLE
    teams=()
    input=$DIR/$c
    case $c in
    dev-zero) input=/dev/zero ;;
    deep-teams | deep-teams-5000)
        t=teams.csv
        [ "$c" = deep-teams-5000 ] && t=teams-5000.csv
        [ -s "$DIR/$t" ] || make_case "$t"
        [ -s "$DIR/${t%.csv}-people.csv" ] || make_case "${t%.csv}-people.csv"
        people=$DIR/${t%.csv}-people.csv
        teams=(--teams "$DIR/$t" --svg)
        input=$ROOT/datasets/sample/combined.ics ;;
    *) [ -s "$input" ] || make_case "$c" ;;
    esac
    size=0
    if [ "${teams[1]:-}" != "" ]; then
        size=$(stat -c %s "${teams[1]}")
    elif [ -f "$input" ]; then
        size=$(stat -c %s "$input")
    fi
    out=$DIR/out-$c
    log=$DIR/time-$c.txt
    timeout "$TIMEOUT" /usr/bin/time -v "$BIN" analyze --quiet --people "$people" "${teams[@]}" \
        --out "$out" "$input" >"$DIR/stdout-$c.txt" 2>"$log"
    status=$?
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0
        for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f", s }' "$log")
    kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$log")
    status_line=$(awk -F': ' '/Exit status/ { print $2 }' "$log")
    verdict=ok
    if [ "$status" = 124 ] || [ -z "$wall" ]; then
        wall=">$TIMEOUT"
        kb=${kb:-0}
        verdict="TOO SLOW (stopped)"
        failed=1
    else
        status=${status_line:-$status}
        if awk -v w="$wall" -v m="$MAX_SECONDS" 'BEGIN { exit !(w > m) }'; then
            verdict="TOO SLOW"
            failed=1
        fi
        if [ "${kb:-0}" -gt "$MAX_KB" ]; then
            verdict="TOO MUCH MEMORY"
            failed=1
        fi
    fi
    message=$(grep -m1 '^liaison:' "$log" | cut -c1-100)
    printf '%-22s %7.1f %8s %7s %9.1f %5s  %s  %s\n' "$c" "$(echo "$size / 1000000" | bc -l)" \
        "$wall" "$cpu" "$(echo "${kb:-0} / 1024" | bc -l)" "$status" "$verdict" "$message"
done
exit $failed
