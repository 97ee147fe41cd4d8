#!/usr/bin/env bash
# The two jobs of the README, for a fresh Debian 12 machine (as root, or with sudo):
#   bash tests/run.sh demo   install, build, analyze the bundled dataset
#   bash tests/run.sh test   install, build, run the test suite (normal, valgrind, ASan+UBSan)
#   bash tests/run.sh setup  only install the packages
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES="build-essential cmake pkg-config tzdata libigraph-dev libical-dev libcmocka-dev
libcsv-dev libjansson-dev libgraphviz-dev libglpk-dev libicu-dev libsodium-dev valgrind"
JOBS=$(nproc 2>/dev/null || echo 2)

setup() {
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    $sudo apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
}

build() { # build DIR [cmake options...]
    local dir=$1
    shift
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLSN_WERROR=ON "$@" >/dev/null
    cmake --build "$dir" -j "$JOBS"
}

case "${1:-}" in
setup)
    setup
    ;;
demo)
    setup
    cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DLSN_WERROR=OFF >/dev/null
    cmake --build build-release -j "$JOBS" --target liaison
    ./build-release/liaison analyze --people datasets/sample/people.csv \
        --teams datasets/sample/teams.csv --needs datasets/sample/needs.csv \
        --out out/sample datasets/sample/mailboxes
    ;;
test)
    setup
    build build
    (cd build && ctest --output-on-failure -j "$JOBS")
    bash tests/valgrind/run.sh build
    build build-asan -DLSN_SANITIZE=ON
    (cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j "$JOBS")
    ;;
*)
    echo "usage: bash tests/run.sh setup|demo|test" >&2
    exit 2
    ;;
esac
