#!/usr/bin/env bash
# The two jobs of the README, for a fresh Debian 12 machine (as root, or with sudo):
#   bash tests/run.sh demo   install, build, analyze the bundled dataset (out/sample/report.html)
#   bash tests/run.sh test   install, build, run the test suite (normal with the browser test,
#                            valgrind, ASan+UBSan), the threaded commands under TSan,
#                            then every fuzzer for 30 seconds
#   bash tests/run.sh fuzz [SECONDS]  install clang, build build-fuzz, run every
#                            libFuzzer harness of tests/fuzz for SECONDS (default 30)
#   bash tests/run.sh setup  only install the packages
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES="build-essential cmake pkg-config tzdata libigraph-dev libical-dev libcmocka-dev
libcsv-dev libjansson-dev libgraphviz-dev libglpk-dev libicu-dev libsodium-dev libyaml-dev valgrind
scdoc python3-pandas python3-networkx"
# libFuzzer: clang 14 and its runtimes (libclang_rt.fuzzer), llvm-symbolizer for reports.
FUZZ_PACKAGES="clang libclang-rt-14-dev llvm-14"
# The browser test of report.html (tests/browser): Debian's Chromium, driven
# by playwright-core from npm at the version of tests/browser/package-lock.json.
# Node.js and npm come from Debian only when the machine has no npm: a Node.js
# from elsewhere (NodeSource's bundles npm) conflicts with Debian's npm package.
BROWSER_PACKAGES="chromium"
JOBS=$(nproc 2>/dev/null || echo 2)

setup() { # setup [packages...]
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    $sudo apt-get install -y -qq --no-install-recommends ${*:-$PACKAGES} >/dev/null
}

browser() { # the browser test's packages and playwright-core (no browser download)
    local node=""
    if ! command -v npm >/dev/null; then node="nodejs npm"; fi
    # shellcheck disable=SC2086
    setup $BROWSER_PACKAGES $node
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix tests/browser --no-audit --no-fund \
        --loglevel=error
}

build() { # build DIR [cmake options...]
    local dir=$1
    shift
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLSN_WERROR=ON "$@" >/dev/null
    cmake --build "$dir" -j "$JOBS"
}

fuzz() { # fuzz SECONDS: build build-fuzz with clang and run every harness
    local seconds=$1
    if ! command -v clang >/dev/null || [ ! -x /usr/lib/llvm-14/bin/llvm-symbolizer ] ||
        ! compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null; then
        setup $FUZZ_PACKAGES
    fi
    # -Werror stays with gcc: clang 14 warns about things gcc accepts.
    CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLSN_WERROR=OFF \
        -DLSN_FUZZ=ON >/dev/null
    cmake --build build-fuzz -j "$JOBS" --target fuzzers liaison
    bash tests/fuzz/fuzz.sh build-fuzz "$seconds"
}

case "${1:-}" in
setup)
    setup
    browser
    ;;
demo)
    setup
    cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DLSN_WERROR=OFF >/dev/null
    cmake --build build-release -j "$JOBS" --target liaison
    ./build-release/liaison analyze --people datasets/sample/people.csv \
        --teams datasets/sample/teams.csv --needs datasets/sample/needs.csv \
        --out out/sample datasets/sample/mailboxes
    echo "Open out/sample/report.html in a browser (it loads nothing from the network)."
    ;;
test)
    setup
    browser
    build build
    (cd build && ctest --output-on-failure -j "$JOBS")
    bash tests/valgrind/run.sh build
    build build-asan -DLSN_SANITIZE=ON
    # Under the sanitizers, every test but four that only compare finished files
    # with pandas, networkx, an installed copy or the README, or repeat the
    # 2,000-person tables of the normal build (test_viz_tables and the golden
    # and privacy tests run the same writers here): they would double CI's time.
    (cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j "$JOBS" \
        -E '^(test_cli_tables|test_cli_tables_pandas|test_readme_examples|test_install)$')
    # ThreadSanitizer on the commands that run several threads (tests/tsan/run.sh).
    cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLSN_WERROR=ON \
        -DCMAKE_C_FLAGS="-fsanitize=thread -g" >/dev/null
    cmake --build build-tsan -j "$JOBS" --target liaison
    bash tests/tsan/run.sh build-tsan
    fuzz 30
    ;;
fuzz)
    setup
    fuzz "${2:-30}"
    ;;
*)
    echo "usage: bash tests/run.sh setup|demo|test|fuzz [SECONDS]" >&2
    exit 2
    ;;
esac
