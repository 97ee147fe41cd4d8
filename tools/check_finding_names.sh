#!/bin/sh
# tools/check_finding_names.sh — a finding type's name is written once in the
# product code: in its row of analysis/finding_types.def. Everything else
# goes through lsn_finding_type (the enum) and lsn_finding_defs (the table).
# Fails, naming the file and line, when a name appears as a string literal
# anywhere else in io/, analysis/, viz/ or cli/, comments included (write
# the name there without quotes; io/anon_words.h is generated
# from every literal and does not count). ctest runs it as finding_names.
set -eu
cd "$(dirname "$0")/.."
DEF=analysis/finding_types.def
names=$(sed -n 's/^LSN_FINDING_TYPE([A-Z_0-9]*, *"\([a-z_0-9]*\)".*/\1/p' "$DEF")
if [ -z "$names" ]; then
    echo "$DEF: no LSN_FINDING_TYPE rows found" >&2
    exit 1
fi
status=0
for name in $names; do
    hits=$(grep -rn --include='*.c' --include='*.h' --include='*.def' -F "\"$name\"" \
        io analysis viz cli | grep -v '^io/anon_words\.h:' || true)
    count=$(printf '%s\n' "$hits" | grep -c . || true)
    if [ "$count" -ne 1 ]; then
        echo "finding type \"$name\" is written $count times; only $DEF may name it" \
            "(use LSN_FINDING_* and lsn_finding_type_name()):" >&2
        printf '%s\n' "$hits" | grep -v "^$DEF:" >&2 || true
        status=1
    fi
done
exit $status
