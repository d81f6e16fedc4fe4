#!/usr/bin/env bash
# Installs what is missing, then runs every test: core (Rust), Python, Node, WASM (Node and a real
# headless Chromium). Usage: scripts/test.sh [core|python|node|wasm|browser|spark ...] (default: all
# but spark). `spark` is optional and never run by default: it installs PySpark from the package
# index into .venv-spark (benches/peers/requirements-spark.txt), builds the x86_64 wheel unless the
# python stage just did, and runs docs/scale.md's mapInArrow recipe under local[2] Spark on 1M rows
# with the machine's Java (17 or 21): bindings-python/tests-spark.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
stages=("$@"); [ ${#stages[@]} -gt 0 ] || stages=(core python node wasm browser)
has() { local s; for s in "${stages[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }
say() { printf '\n==== %s\n' "$*"; }

"$root/scripts/setup.sh"

# Scratch files (doc-test binaries, linker temporaries, pip's build tree) go beside the build, on
# the disk that holds target/, not in /tmp, which on a CI machine may be a small RAM disk: CI once
# died there ("No space left on device", then a linker bus error while linking the doc tests).
target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac
export TMPDIR="$target_dir/tmp"
rm -rf "$TMPDIR" && mkdir -p "$TMPDIR"
disk() { df -h --output=avail,target "$root" "$TMPDIR" 2>/dev/null | sed 1d | awk '{printf "%s free on %s; ", $1, $2}'; du -sh "$target_dir" 2>/dev/null | awk '{print "target/: " $1}'; }
say "disk: $(disk)"
trap 'say "disk at the end: $(disk)"' EXIT

if has core; then
  say "gates: rustfmt, clippy -D warnings (every crate), docs of every public item (deny(missing_docs))"
  cargo fmt --all --check
  cargo clippy -q --workspace --all-targets -- -D warnings
  say "core: cargo test"
  cargo test -p sportello --all-targets --features arrow
  cargo test -p sportello --doc --features arrow
  say "core: forms with serde_json's preserve_order on (any crate of a user's build may turn it on)"
  cargo test -q -p sportello --features preserve_order --test cases_forms --test forms_map_order
  cargo test -q -p sportello --features preserve_order --lib forms::
  say "core: TypeScript shapes are current (cargo test --features ts regenerates types/)"
  cargo test -p sportello --features ts --lib -q export_bindings >/dev/null
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1 && ! git diff --quiet -- types/; then
    git --no-pager diff --stat -- types/
    echo "types/ is out of date: commit the regenerated files"; exit 1
  fi
  say "bindings-js: the JS API's manifest is current (cargo test -p sportello-js writes it)"
  cargo test -q -p sportello-js
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1 && ! git diff --quiet -- bindings-js/manifest.json; then
    git --no-pager diff --stat -- bindings-js/manifest.json
    echo "bindings-js/manifest.json is out of date: commit the regenerated file"; exit 1
  fi
  say "core: the demo runs"
  cargo run -q --example demo >/dev/null
  say "benches and fuzz targets compile"
  cargo check -q -p sportello-benches --benches
  # fuzz/ is its own workspace (cargo-fuzz builds it with nightly and sanitizers); a check on the
  # stable toolchain proves every target compiles against this tree without nightly or cargo-fuzz.
  cargo check -q --manifest-path fuzz/Cargo.toml --bins
fi

if has python; then
  say "python: the manylinux2014 x86_64 wheel (glibc 2.17, zig), its tag (auditwheel), a fresh venv's import"
  scripts/packages.sh x86_64
  say "python: that wheel in .venv, pytest (with the docs' Python blocks and examples/python)"
  .venv/bin/python -m pip install -q --disable-pip-version-check --force-reinstall --no-deps dist/python/sportello-*manylinux_2_17_x86_64*.whl
  node scripts/check-package.mjs dir "$(.venv/bin/python -c 'import importlib.metadata as m; d = m.distribution("sportello"); print(d.locate_file([f for f in d.files if f.name == "METADATA"][0]).parent)')"
  (cd bindings-python/tests && "$root/.venv/bin/python" -m pytest -q)
  say "python: the practice audit agrees with pm4py's alignments (verdict and repair cost, 3,000 generated histories)"
  # The package just installed in .venv, seen from pm4py's own venv through a directory that holds it alone.
  pkg=$(.venv/bin/python -c 'import sportello, os; print(os.path.dirname(sportello.__file__))')
  only=$(mktemp -d); ln -s "$pkg" "$only/sportello"
  PYTHONPATH="$only" .venv-pm4py/bin/python benches/peers/practice_pm4py.py --cases 3000 --check
  rm -rf "$only"
  # pytest ran mypy.stubtest (test_binding_contract.py) and wrote the API manifest (test_api_manifest.py).
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1 && ! git diff --quiet -- bindings-python/manifest.json; then
    git --no-pager diff --stat -- bindings-python/manifest.json
    echo "bindings-python/manifest.json is out of date: commit the regenerated file"; exit 1
  fi
fi

if has spark; then
  say "spark (optional): docs/scale.md's mapInArrow recipe under PySpark local[2], 1M rows, $(java -version 2>&1 | head -1)"
  [ -x .venv-spark/bin/python ] || python3 -m venv .venv-spark
  .venv-spark/bin/python -m pip install -q --disable-pip-version-check -r benches/peers/requirements-spark.txt
  has python || scripts/packages.sh x86_64
  .venv-spark/bin/python -m pip install -q --disable-pip-version-check --force-reinstall --no-deps dist/python/sportello-*manylinux_2_17_x86_64*.whl
  (cd bindings-python/tests-spark && "$root/.venv-spark/bin/python" -m pytest -q -p no:cacheprovider)
fi

if has node; then
  say "node: napi build, node --test, tsc"
  (cd bindings-node && npm run --silent build && npm run --silent typecheck && npm test)
  node scripts/check-package.mjs npm bindings-node
  say "node: examples/node (an Express endpoint over the package, installed by npm ci in setup.sh)"
  (cd examples/node && npm test)
  say "node: forms against @formio/core processSync (tests/formio-diff, over ../shared/forms-real)"
  if [ -d ../shared/forms-real ]; then
    (cd tests/formio-diff && node diff.mjs)
  else
    echo "skipped: ../shared/forms-real is absent (the corpus of real Form.io forms is not part of the project)"
  fi
fi

if has python && has node; then
  say "docs: the documentation site builds offline (guides with every link checked; Rust, Python and JS API)"
  scripts/docs-site.sh
fi

if has wasm || has browser; then
  say "wasm: build (web + nodejs), node --test, tsc"
  (cd bindings-wasm && npm run --silent build && npm run --silent typecheck && npm test)
  node scripts/check-package.mjs npm bindings-wasm/pkg
  if has node; then
    say "node: the Node package without its binary falls back to the WebAssembly build (shared tests)"
    node scripts/node-fallback.mjs
  fi
fi

if has browser; then
  say "wasm: headless Chromium"
  (cd bindings-wasm && npm run --silent test:browser)
  say "wasm: the packed sportello-web in Vite (build, dev server), webpack, esbuild, an import map, Node; examples/web"
  (cd tests/bundlers && npm test --silent)
fi
