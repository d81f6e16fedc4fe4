#!/usr/bin/env bash
# Builds the npm package `sportello-web` into pkg/ (ES module for browsers and bundlers) and a
# Node-loadable copy into pkg-node/ (used by the tests), with its one-capability entries
# `sportello-web/cf` (pkg/cf/) and `sportello-web/forms` (pkg/forms/). Usage: ./build.sh [--features "cf"]
# Needs: rustup target wasm32-unknown-unknown, wasm-bindgen-cli of the same version as the
# wasm-bindgen crate (scripts/setup.sh installs both), and npm's binaryen (devDependency) for wasm-opt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
features=()
if [ "${1:-}" = "--features" ]; then features=(--no-default-features --features "$2"); fi
cd "$root"
# Honour CARGO_TARGET_DIR (absolute, or relative to the workspace root, as cargo reads it).
target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac
# build CAPS SUFFIX [speed]: the package of the capabilities CAPS (comma-separated, or "all") into
# pkg$SUFFIX (ES module) and pkg-node$SUFFIX (CommonJS, for the tests). Built for size (the
# `wasm` profile, `wasm-opt -Oz`) unless `speed` (the `wasm-speed` profile, `wasm-opt -O3`).
build() {
  local caps=$1 sub=$2 speed=${3:-} feats=() converge=() profile=wasm opt=-Oz
  if [ "$caps" = all ]; then
    caps=cf,access,practice,forms,payments,slots,workdays,service,notify
  else
    feats=(--no-default-features --features "$caps"); converge=(--converge)
  fi
  if [ "$speed" = speed ]; then profile=wasm-speed; opt=-O3; converge=(); fi
  cargo build -p sportello-wasm --target wasm32-unknown-unknown --profile "$profile" ${feats[@]+"${feats[@]}"}
  # The manifest of the same capabilities, from a native build of the description (the .wasm
  # carries no docs or type names): the generator's input for both builds below.
  local manifest="$target_dir/sportello-web-manifest.json"
  cargo run -q -p sportello-js --example manifest --no-default-features --features "manifest,$caps" > "$manifest"
  local wasm="$target_dir/wasm32-unknown-unknown/$profile/sportello_wasm.wasm" target out format
  for target in nodejs web; do
    out="$here/pkg$sub"; [ "$target" = nodejs ] && out="$here/pkg-node$sub"
    rm -rf "$out"
    wasm-bindgen --target "$target" --out-dir "$out" --out-name native "$wasm"
    if [ -x "$here/node_modules/.bin/wasm-opt" ]; then
      # The producers and target-features sections are tool metadata no engine reads. For a
      # one-capability build for size, --converge repeats -Oz while it still shrinks (together:
      # 0.4 KB gzipped of the cf entry); on the full module it costs 2 minutes a run for 0.1 %.
      "$here/node_modules/.bin/wasm-opt" "$opt" ${converge[@]+"${converge[@]}"} --strip-producers --strip-target-features \
        --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
        "$out/native_bg.wasm" -o "$out/native_bg.wasm"
    fi
    format=esm; [ "$target" = nodejs ] && format=cjs
    node "$root/scripts/gen-js.mjs" "$manifest" "$format" "$out/sportello_web.js" "$out/sportello_web.d.ts" ./native.js
    node "$root/scripts/ship-types.mjs" "$out" native.d.ts
    node "$root/scripts/ship-types.mjs" "$out" sportello_web.d.ts
  done
  local raw gz
  [ -n "$sub" ] || return 0
  raw=$(stat -c %s "$here/pkg$sub/native_bg.wasm"); gz=$(gzip -9 -c "$here/pkg$sub/native_bg.wasm" | wc -c)
  echo "sportello-web$sub (entry): wasm $raw bytes, $gz bytes gzipped ($caps, built for ${speed:-size})"
}
if [ ${#features[@]} -gt 0 ]; then
  build "$2" ""
else
  # The full package, and inside it the cf-only entry `sportello-web/cf` (a page that only checks
  # a codice fiscale loads that one: a tenth of the bytes) and the forms entry
  # `sportello-web/forms` (a page with a form: two fifths of the bytes, and built for speed, since a
  # form re-evaluates on every change).
  build all ""
  build cf /cf
  build forms /forms speed
fi
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -1)
cat > "$here/pkg/package.json" <<JSON
{
  "name": "sportello-web",
  "version": "$version",
  "description": "The rules of an Italian municipality's online services, for the browser: WASM build of the sportello Rust core.",
  "license": "MIT OR Apache-2.0",
  "keywords": ["codice fiscale", "partita iva", "pagopa", "spid", "formio", "json-logic", "e-government", "italy", "wasm"],
  "repository": { "type": "git", "url": "https://example.invalid/sportello", "directory": "bindings-wasm" },
  "homepage": "https://example.invalid/sportello/tree/main/docs",
  "type": "module",
  "main": "sportello_web.js",
  "module": "sportello_web.js",
  "types": "sportello_web.d.ts",
  "exports": {
    ".": { "types": "./sportello_web.d.ts", "default": "./sportello_web.js" },
    "./cf": { "types": "./cf/sportello_web.d.ts", "default": "./cf/sportello_web.js" },
    "./native_bg.wasm": "./native_bg.wasm",
    "./cf/native_bg.wasm": "./cf/native_bg.wasm",
    "./forms": { "types": "./forms/sportello_web.d.ts", "default": "./forms/sportello_web.js" },
    "./forms/native_bg.wasm": "./forms/native_bg.wasm",
    "./package.json": "./package.json"
  },
  "files": ["sportello_web.js", "sportello_web.d.ts", "native.js", "native.d.ts", "native_bg.wasm", "native_bg.wasm.d.ts", "types/", "cf/", "forms/", "README.md", "LICENSE-MIT", "LICENSE-APACHE", "NOTICE"],
  "sideEffects": ["./snippets/*"]
}
JSON
node "$root/scripts/package-files.mjs" "$here/pkg" "$here/README.md"
printf '{ "type": "commonjs", "main": "sportello_web.js", "types": "sportello_web.d.ts" }\n' > "$here/pkg-node/package.json"
raw=$(stat -c %s "$here/pkg/native_bg.wasm"); gz=$(gzip -9 -c "$here/pkg/native_bg.wasm" | wc -c)
echo "sportello-web: wasm $raw bytes, $gz bytes gzipped (${features[*]:-all capabilities})"
