#!/usr/bin/env bash
# Size of the browser package (issue 2: the cf module with the full place table <= 150 KB
# gzipped): builds bindings-wasm with `cf` only, then the full package again, and prints both.
# Run from anywhere: benches/wasm-size.sh   (needs what scripts/setup.sh installs)
set -euo pipefail
here=$(cd "$(dirname "$0")/../bindings-wasm" && pwd)
cd "$here"
./build.sh --features cf | tail -1
./build.sh | tail -1
