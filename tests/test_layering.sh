#!/bin/sh
# tests/test_layering.sh — tests/layering.sh on small trees made here: a
# tree that keeps every rule passes in silence; in a tree where each rule
# is broken once, every broken include is named, with its rule, and nothing
# else is.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# put FILE LINE: FILE (under the tree) holds the one line LINE.
put() {
    mkdir -p "$tmp/tree/$(dirname "$1")"
    printf '%s\n' "$2" >"$tmp/tree/$1"
}

# A tree that keeps every rule (each layer includes what it may).
put io/model.c '#include "io/model.h"'
put io/json.c '#include <jansson.h>'
put analysis/run.c '#include "io/coverage.h"'
put analysis/graph.c '#include <igraph.h>'
put viz/outputs.c '#include "analysis/run.h"'
put viz/dot.c '#include <graphviz/cgraph.h>'
put cli/main.c '#include "cli/options.h"'
put cli/cmd.c '#include "io/load.h"'
put tests/test_x.c '#include "viz/outputs.h"'
if ! out=$(sh "$here/layering.sh" "$tmp/tree" 2>&1); then
    printf 'a tree that keeps every rule was refused:\n%s\n' "$out" >&2
    exit 1
fi
if [ -n "$out" ]; then
    printf 'a tree that keeps every rule printed:\n%s\n' "$out" >&2
    exit 1
fi

# Each rule broken once (on top of the good tree, which stays quiet).
put io/bad_igraph.c '#include <igraph.h>'
put io/bad_gvc.c '#include <graphviz/gvc.h>'
put io/bad_up.c '#include "analysis/graph.h"'
put analysis/bad_loader.c '#  include "io/load.h"'
put analysis/bad_roster.c '#include "io/roster.h"'
put analysis/bad_gen.c '#include "io/gen/internal.h"'
put analysis/bad_viz.c '#include "viz/dot.h"'
put analysis/bad_cli.c '#include "cli/options.h"'
put viz/bad_internal.c '#include "analysis/igutil.h"'
put viz/bad_cli.c '#include "cli/commands.h"'
put viz/bad_igraph.h '#include <igraph.h>'
put tests/bad_cli.c '#include "cli/progress.h"'

cat >"$tmp/expected" <<'EOF'
io/bad_gvc.c:1: includes graphviz/gvc.h: io/ includes neither igraph nor cgraph/gvc
io/bad_igraph.c:1: includes igraph.h: io/ includes neither igraph nor cgraph/gvc
io/bad_up.c:1: includes analysis/graph.h: io/ comes first: it includes no later layer
analysis/bad_cli.c:1: includes cli/options.h: only cli/ includes cli/
analysis/bad_gen.c:1: includes io/gen/internal.h: analysis/ includes no loader
analysis/bad_loader.c:1: includes io/load.h: analysis/ includes no loader
analysis/bad_roster.c:1: includes io/roster.h: analysis/ includes no loader
analysis/bad_viz.c:1: includes viz/dot.h: analysis/ includes nothing of viz/
viz/bad_cli.c:1: includes cli/commands.h: only cli/ includes cli/
viz/bad_igraph.h:1: includes igraph.h: igraph stays in analysis/
viz/bad_internal.c:1: includes analysis/igutil.h: viz/ includes no analysis internal
tests/bad_cli.c:1: includes cli/progress.h: only cli/ includes cli/
EOF
status=0
sh "$here/layering.sh" "$tmp/tree" >"$tmp/got" 2>&1 || status=$?
if [ "$status" -ne 1 ]; then
    echo "a tree with wrong-way includes: exit $status, expected 1" >&2
    exit 1
fi
if ! diff -u "$tmp/expected" "$tmp/got" >&2; then
    echo "the wrong-way includes were not reported as expected" >&2
    exit 1
fi
echo "ok: 12 wrong-way includes named, a clean tree passes"
