#!/usr/bin/env bash
# Configures and builds into DIR (default build/); extra arguments go to cmake's configure step.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$root/build}
shift || true
# ccache keys on absolute paths unless told where the tree starts: with this, every clone and worktree
# of the repository shares one cache.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}
# With -g the build folder is part of the key unless told otherwise: clones build in other folders.
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
cmake -S "$root" -B "$dir" -G Ninja "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)"
