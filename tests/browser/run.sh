#!/usr/bin/env bash
# The browser test of report.html and compare.html (ctest browser_pages):
# writes the pages of the bundled dataset (plain, anonymized, compare) and of
# a generated 2,000-person organization, and opens each in headless Chromium
# with the network off through tests/browser/check.js. Screenshots are kept
# in ARTIFACTS (a build artifact: look at them).
#   bash tests/browser/run.sh LIAISON ARTIFACTS
# Exit 77 (ctest: skipped) only when node or /usr/bin/chromium is missing;
# playwright-core is installed from package-lock.json when it is not there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$1
art=$2
chromium=${LSN_CHROMIUM:-/usr/bin/chromium}
if ! command -v node >/dev/null || ! command -v npm >/dev/null || [ ! -x "$chromium" ]; then
    echo "browser test skipped: needs node, npm and $chromium (bash tests/run.sh setup)"
    exit 77
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
    # The version of package-lock.json; Chromium is Debian's, never downloaded.
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix "$here" --no-audit --no-fund --loglevel=error
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$art"
check() { node "$here/check.js" --chromium "$chromium" --artifacts "$art" "$@"; }
D=$root/datasets/sample
status=0

"$bin" analyze --quiet --people "$D/people.csv" --teams "$D/teams.csv" --needs "$D/needs.csv" \
    --out "$work/sample" "$D/mailboxes"
check --name sample --page "$work/sample/report.html" --report "$work/sample/report.json" ||
    status=1

# Anonymized: no email or name of the input anywhere in the file.
"$bin" analyze --quiet --anonymize browser-test-salt --people "$D/people.csv" \
    --teams "$D/teams.csv" --needs "$D/needs.csv" --out "$work/anon" "$D/mailboxes"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { print $c["email"]; split($c["email"], at, "@"); print at[1]; if ("name" in c) print $c["name"] }' "$D/people.csv" >"$work/forbid.txt"
check --name sample-anonymized --page "$work/anon/report.html" \
    --report "$work/anon/report.json" --forbid "$work/forbid.txt" || status=1

S=$D/scenarios
"$bin" compare --quiet --people "$D/people.csv" --teams "$D/teams.csv" --needs "$D/needs.csv" \
    --scenario "merged=$S/merged/people.csv,teams=$S/merged/teams.csv" \
    --out "$work/compare" "$D/mailboxes"
check --name compare --page "$work/compare/compare.html" || status=1

# 2,000 people: under 5 MB and rendered within 3 s.
"$bin" gen --quiet --people 2000 --out "$work/gen"
(cd "$work/gen" && "$bin" analyze --quiet --people people.csv --teams teams.csv \
    --needs needs.csv --out "$work/gen-out" mailboxes)
size=$(wc -c <"$work/gen-out/report.html")
echo "gen2000: report.html is $size bytes"
if [ "$size" -ge 5000000 ]; then
    echo "gen2000: FAIL: report.html is $size bytes, 5 MB or more" >&2
    status=1
fi
check --name gen2000 --page "$work/gen-out/report.html" --report "$work/gen-out/report.json" \
    --max-ms "${LSN_BROWSER_MAX_MS:-3000}" || status=1
exit $status
