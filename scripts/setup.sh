#!/usr/bin/env bash
# Installs what the tests need and is missing; safe to run again (skips what is present).
#   rust wasm32 target, wasm-bindgen-cli (same version as the pinned crate), Debian chromium,
#   a Python venv (.venv) with maturin and pytest, a separate one (.venv-pm4py) with pm4py, the npm dev dependencies of both JS packages,
#   of examples/node, of tests/formio-diff (@formio/core, the oracle of the forms' differential test)
#   and of docs/site (marked, typedoc: the documentation site).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
say() { printf '\n== %s\n' "$*"; }

say "rust targets"
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || rustup target add wasm32-unknown-unknown

want=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' bindings-wasm/Cargo.toml)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "wasm-bindgen-cli $want (found '${have:-none}'; takes a few minutes)"
  cargo install wasm-bindgen-cli --version "$want" --force
fi

if ! command -v chromium >/dev/null 2>&1; then
  say "chromium (Debian)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

say "python venv"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r bindings-python/requirements-dev.txt

say "pm4py venv (.venv-pm4py; AGPL, a test oracle only, never a dependency: kept out of .venv)"
[ -x .venv-pm4py/bin/python ] || python3 -m venv .venv-pm4py
.venv-pm4py/bin/python -m pip install -q --disable-pip-version-check -r benches/peers/requirements-pm4py.txt

say "npm packages"
for pkg in bindings-node bindings-wasm examples/node examples/web tests/bundlers tests/formio-diff docs/site; do
  if [ ! -d "$pkg/node_modules" ] || [ "$pkg/package-lock.json" -nt "$pkg/node_modules/.package-lock.json" ]; then
    # npm ci is exact; if npm refuses the lockfile (it has done so over optional platform
    # packages), fall back to npm install, which resolves the same ranges.
    (cd "$pkg" && { npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund --loglevel=error; })
  fi
done
