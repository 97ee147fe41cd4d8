#!/bin/sh
# The Python reference pipeline's packages (Debian's, for /usr/bin/python3).
# Optional: the CI does not need them (tests/run.sh does not install them).
#   sh tests/bench/python/setup.sh
set -eu
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends \
    python3-icalendar python3-recurring-ical-events python3-networkx
