#!/usr/bin/env bash
# Builds the documentation site offline into target/site/ (issue 20 item 5): the README and the
# guides of docs/ (docs/site/build.mjs: marked, every relative link checked), and the API
# references: Rust (rustdoc of the core), Python (pdoc over the installed package and its .pyi
# stubs) and JavaScript (typedoc over the Node package's index.d.ts). Needs what scripts/setup.sh
# installs and the packages built (scripts/test.sh runs it after the Python and Node stages).
#   scripts/docs-site.sh   then open target/site/index.html
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac
out="$target_dir/site"
rm -rf "$out" && mkdir -p "$out/api"

node docs/site/build.mjs "$out"
# Rust: the core's public API (every item documented: the crate denies missing docs).
RUSTDOCFLAGS="-D warnings" cargo doc -q -p sportello --no-deps
cp -r "$target_dir/doc" "$out/api/rust"
# Python: the installed package, its signatures and docs from the stubs (pdoc reads .pyi files).
(cd "$out" && "$root/.venv/bin/pdoc" sportello -o "$out/api/python" 2>&1 | { ! grep -E "Warn|Error"; })
# JavaScript: the Node package's declarations (the browser package has the same API).
(cd docs/site && node_modules/.bin/typedoc --logLevel Warn --treatWarningsAsErrors --skipErrorChecking --readme none --disableSources \
  --tsconfig tsconfig.json --entryPoints "$root/bindings-node/index.d.ts" --entryPoints "$root/bindings-node/types/index.d.ts" --out "$out/api/js")
for f in index.html api/rust/sportello/index.html api/python/sportello.html api/js/index.html; do
  [ -s "$out/$f" ] || { echo "docs-site: $f was not built"; exit 1; }
done
echo "docs-site: $out/index.html ($(du -sh "$out" | cut -f1))"
