#!/usr/bin/env bash
# Size of the browser package (issue 2: the cf module with the full place table <= 150 KB
# gzipped): builds bindings-wasm, whose package holds the full build and the cf-only entry
# `sportello-web/cf`, and prints the size of both.
# Run from anywhere: benches/wasm-size.sh   (needs what scripts/setup.sh installs)
set -euo pipefail
here=$(cd "$(dirname "$0")/../bindings-wasm" && pwd)
cd "$here"
./build.sh | grep '^sportello-web'
