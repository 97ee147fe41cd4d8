#!/bin/sh
# tests/install/test_install.sh BUILD_DIR — cmake --install into a temporary
# prefix, then what a user of the library and of the program does with it:
# compile and run a small program with `pkg-config --cflags --libs liaison`,
# read the man page with `man -l`, run the installed program, and find the
# bash completion where bash-completion looks.
set -eu
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
pc=$(find "$prefix" -name liaison.pc)
[ -n "$pc" ] || { echo "liaison.pc not installed"; exit 1; }
export PKG_CONFIG_PATH="$(dirname "$pc")"
for h in io/model.h analysis/run.h analysis/finding_types.def viz/tables.h viz/outputs.h; do
    [ -f "$prefix/include/liaison/$h" ] || { echo "include/liaison/$h not installed"; exit 1; }
done
if find "$prefix/include" -name '*_internal.h' | grep -q .; then
    echo "an internal header was installed"
    exit 1
fi
cat >"$prefix/use.c" <<'C'
#include "analysis/finding_types.h"
#include "io/error.h"
#include "io/model.h"

#include <stdio.h>

/* A one-team organization built through the library, and a table it knows. */
int main(void)
{
    lsn_org *org = NULL;
    lsn_unit_row eng = {.id = "eng", .name = "Engineering"};
    lsn_person_row a = {.email = "a@example.com", .name = "A", .team = "eng"};
    if (lsn_org_new(&org) != LSN_OK || lsn_org_add_unit(org, &eng) != LSN_OK ||
        lsn_org_add_person(org, &a) != LSN_OK ||
        lsn_org_finish(org) != LSN_OK) {
        fprintf(stderr, "org: %s\n", lsn_error_last());
        return 1;
    }
    size_t n;
    lsn_org_people(org, &n);
    printf("%zu person, first finding type %s\n", n, lsn_finding_type_name(0));
    lsn_org_free(org);
    return 0;
}
C
# shellcheck disable=SC2046
# LSN_EXTRA_CFLAGS: the sanitizers of an ASan build, whose library needs them.
# shellcheck disable=SC2086
${CC:-cc} -std=c11 ${LSN_EXTRA_CFLAGS:-} -o "$prefix/use" "$prefix/use.c" $(pkg-config --cflags --libs liaison)
out=$("$prefix/use")
[ "$out" = "1 person, first finding type oversized_meeting" ] || { echo "use: $out"; exit 1; }
"$prefix/bin/liaison" analyze --help | grep -q 'Outlook CSV' || { echo "installed liaison"; exit 1; }
[ -f "$prefix/share/bash-completion/completions/liaison" ] || { echo "no completion"; exit 1; }
bash -n "$prefix/share/bash-completion/completions/liaison"
man=$(find "$prefix" -name liaison.1)
[ -n "$man" ] || { echo "liaison.1 not installed"; exit 1; }
if command -v man >/dev/null; then
    MANWIDTH=80 man -l "$man" 2>/dev/null | grep -q 'liaison - team-communication graphs' ||
        { echo "man -l does not show the page"; exit 1; }
fi
echo "installed and used from $prefix"
