#!/usr/bin/env bash
# Builds the packages people install and smoke-tests each one this machine can run (issue 20).
#   scripts/packages.sh            every wheel and the sdist (dist/python/), both npm packages (dist/npm/)
#   scripts/packages.sh x86_64     only the manylinux2014 x86_64 wheel (what scripts/test.sh installs)
# Wheels: abi3 (one wheel for CPython >= 3.9) for manylinux2014 (glibc 2.17: RHEL/Alma 8, Debian
# 10+, Ubuntu 18.04+, Amazon Linux 2) on x86_64 and aarch64, and musllinux_1_2 (Alpine) on x86_64,
# cross-built with zig (PyPI's `ziglang`, installed in .venv by setup.sh). Each wheel's platform
# tag is checked by `auditwheel show`; the x86_64 manylinux wheel is installed in a fresh venv and
# imported (this machine runs neither aarch64 nor musl binaries).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
say() { printf '\n== %s\n' "$*"; }
which=${1:-all}
out="$root/dist/python"
mkdir -p "$out"
# maturin finds zig through the Python on PATH (`python -m ziglang`): the project's venv.
export PATH="$root/.venv/bin:$PATH" VIRTUAL_ENV="$root/.venv"

# wheel TARGET TAG: builds the wheel for a Rust target with the given compatibility, prints its path.
wheel() {
  local target=$1 tag=$2 before
  rustup target add "$target" >/dev/null 2>&1 || rustup target add "$target"
  before=$(mktemp -d)
  maturin build --release --zig --target "$target" --compatibility "$tag" -m bindings-python/Cargo.toml -o "$before" >&2
  local w; w=$(ls "$before"/*.whl)
  rm -f "$out/$(basename "$w")"
  mv "$w" "$out/" && rm -rf "$before"
  echo "$out/$(basename "$w")"
}

# check WHEEL TAG: auditwheel must find the wheel consistent with that platform tag.
check() {
  local report; report=$(auditwheel show "$1" | tr '\n' ' ')
  if ! grep -q "consistent with the following platform tag: *\"$2\"" <<<"$report"; then
    echo "$report"; echo "$(basename "$1"): not $2"; exit 1
  fi
  echo "$(basename "$1"): $2 ($(du -k "$1" | cut -f1) KB)"
}

# smoke WHEEL: a fresh venv, the wheel alone (no index), one call of each capability's entry.
smoke() {
  local venv; venv=$(mktemp -d)/venv
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-index "$1"
  "$venv/bin/python" - <<'PY'
import datetime
import sportello
from sportello import cf, forms, workdays
assert cf.is_valid("RSSMRA85T10A562S")
assert forms.Form.from_formio({"components": [{"type": "textfield", "key": "a"}]}).evaluate({"a": "x"}).valid
assert not workdays.HolidayCalendar.italy().is_working_day(datetime.date(2026, 12, 25))
print("smoke:", sportello.__version__, "imports and runs on", __import__("platform").platform())
PY
  rm -rf "$(dirname "$venv")"
}

say "wheel: manylinux2014 x86_64"
w=$(wheel x86_64-unknown-linux-gnu manylinux2014)
check "$w" manylinux_2_17_x86_64
smoke "$w"
[ "$which" = x86_64 ] && exit 0

say "wheel: manylinux2014 aarch64 (cross-built; not run here)"
check "$(wheel aarch64-unknown-linux-gnu manylinux2014)" manylinux_2_17_aarch64
say "wheel: musllinux_1_2 x86_64 (its library loaded by musl's own loader)"
w=$(wheel x86_64-unknown-linux-musl musllinux_1_2)
# auditwheel cannot read a musl wheel on a glibc host; musl's dynamic loader can: every library the
# extension needs must resolve (zig links `libc.so`, which musl's loader maps to itself) and every
# symbol left undefined must be Python's own (the interpreter provides them).
[ -x /lib/ld-musl-x86_64.so.1 ] || { command -v apt-get >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq musl >/dev/null; }
x=$(mktemp -d) && (cd "$x" && python3 -m zipfile -e "$w" .)
list=$(/lib/ld-musl-x86_64.so.1 --list "$x"/sportello/_native*.so 2>&1 || true)
rm -rf "$x"
if grep -q "not found" <<<"$(grep -v 'symbol not found' <<<"$list")" || grep 'symbol not found' <<<"$list" | grep -qv ': _\{0,1\}Py[A-Za-z0-9_]*: symbol not found'; then
  echo "$list" | head -20; echo "$(basename "$w"): does not load on musl"; exit 1
fi
echo "$(basename "$w"): musllinux_1_2_x86_64, loads on musl ($(grep -c 'symbol not found' <<<"$list") Python symbols left to the interpreter; $(du -k "$w" | cut -f1) KB)"
say "sdist"
maturin sdist -m bindings-python/Cargo.toml -o "$out"
ls -l "$out"

# npm: `sportello` holds the native build for linux x64 gnu and, in wasm/, the Node build of the
# WebAssembly package, which it loads on any other platform (scripts/node-fallback.mjs tests that);
# `sportello-web` is the browser package.
say "npm: sportello (native + WebAssembly fallback), sportello-web"
npm_out="$root/dist/npm"
mkdir -p "$npm_out"
(cd bindings-node && npm run --silent build)
(cd bindings-wasm && npm run --silent build)
rm -rf bindings-node/wasm && mkdir -p bindings-node/wasm
cp bindings-wasm/pkg-node/native.js bindings-wasm/pkg-node/native_bg.wasm bindings-node/wasm/
printf '{ "type": "commonjs" }\n' > bindings-node/wasm/package.json
node scripts/node-fallback.mjs
(cd bindings-node && npm pack --silent --pack-destination "$npm_out")
(cd bindings-wasm/pkg && npm pack --silent --pack-destination "$npm_out")
ls -l "$npm_out"
