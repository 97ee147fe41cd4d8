#!/bin/sh
# tests/readme_examples.sh SOURCE_DIR LIAISON — the README's examples run as
# written: every indented command block that starts with
# `./build-release/liaison` (the binary `bash tests/run.sh demo` builds) is
# run from the checkout with LIAISON in its place and its `--out out/...`
# folder moved to a temporary one; each must exit 0. And what a user reads
# (README.md, docs/, the --help texts in cli/) names no section of a document
# that is not in the repository.
set -eu
src=$1
liaison=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"

if grep -n '§' README.md docs/*.md cli/*.c; then
    echo "readme: the lines above cite sections of a document not in the repository"
    exit 1
fi
if grep -nw 'SPEC' README.md docs/*.md cli/*.c; then
    echo "readme: the lines above name the SPEC, which is not in the repository"
    exit 1
fi

# The blocks: a line "    ./build-release/liaison ..." and its continuation lines.
awk -v dir="$tmp" '
    /^    \.\/build-release\/liaison / { n++; file = dir "/block" n ".sh"; inblock = 1 }
    inblock { sub(/^    /, ""); print > file; if ($0 !~ /\\$/) { inblock = 0; close(file) } }
' README.md
count=0
for block in "$tmp"/block*.sh; do
    [ -f "$block" ] || continue
    count=$((count + 1))
    sed -i -e "s|\./build-release/liaison|'$liaison'|" -e "s|--out out/|--out '$tmp'/out/|" "$block"
    if ! sh "$block" >"$tmp/log" 2>&1; then
        echo "readme: this example failed:"
        cat "$block"
        cat "$tmp/log"
        exit 1
    fi
done
[ "$count" -ge 2 ] || { echo "readme: expected at least 2 examples, found $count"; exit 1; }
echo "readme: $count examples ran"
