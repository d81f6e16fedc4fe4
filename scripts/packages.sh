#!/usr/bin/env bash
# Builds the packages people install and smoke-tests each one this machine can run (issue 20).
#   scripts/packages.sh            every wheel and the sdist (dist/python/), every npm package (dist/npm/)
#   scripts/packages.sh x86_64     only the manylinux2014 x86_64 wheel (what scripts/test.sh installs)
#   scripts/packages.sh npm        only the npm packages
# Wheels: abi3 (one wheel for CPython >= 3.9) for manylinux2014 (glibc 2.17: RHEL/Alma 8, Debian
# 10+, Ubuntu 18.04+, Amazon Linux 2) on x86_64 and aarch64, and musllinux_1_2 (Alpine) on x86_64,
# cross-built with zig (PyPI's `ziglang`, installed in .venv by setup.sh). Each wheel's platform
# tag is checked by `auditwheel show`; the x86_64 manylinux wheel is installed in a fresh venv and
# imported (this machine runs neither aarch64 nor musl binaries).
# npm, the napi way: `sportello` (the entry, napi's loader and the WebAssembly fallback) and one
# package per native build, sportello-linux-x64-gnu, -linux-x64-musl and -linux-arm64-gnu (the
# napi targets of bindings-node/package.json), cross-built with zig too (PyPI's `cargo-zigbuild`,
# in .venv: `napi build -x`), the gnu ones for glibc 2.17; `sportello-web`, the browser package.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
say() { printf '\n== %s\n' "$*"; }
which=${1:-all}
case $which in all | x86_64 | npm) ;; *) echo "usage: $0 [x86_64 | npm]" >&2; exit 2 ;; esac
out="$root/dist/python"
# The oldest glibc the gnu builds (wheels and npm packages) need.
glibc=2.17
# maturin and cargo-zigbuild find zig through the Python on PATH (`python -m ziglang`): the project's venv.
export PATH="$root/.venv/bin:$PATH" VIRTUAL_ENV="$root/.venv"

target_add() { rustup target add "$1" >/dev/null 2>&1 || rustup target add "$1"; }

# wheel TARGET TAG: builds the wheel for a Rust target with the given compatibility, prints its path.
wheel() {
  local target=$1 tag=$2 before
  target_add "$target"
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

# musl_loads FILE SYMBOLS: musl's own loader (Debian's `musl`) lists a library built for musl:
# every library it needs must resolve (zig links `libc.so`, which musl's loader maps to itself)
# and every symbol left undefined must match SYMBOLS, a grep pattern of its host's (Python's,
# Node's), which the host provides. Prints how many are left.
musl_loads() {
  local list
  [ -x /lib/ld-musl-x86_64.so.1 ] || { command -v apt-get >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq musl >/dev/null; }
  list=$(/lib/ld-musl-x86_64.so.1 --list "$1" 2>&1 || true)
  if grep -q "not found" <<<"$(grep -v 'symbol not found' <<<"$list")" || grep 'symbol not found' <<<"$list" | grep -qv ": $2: symbol not found"; then
    echo "$list" | head -20 >&2; echo "$(basename "$1"): does not load on musl" >&2; return 1
  fi
  grep -c 'symbol not found' <<<"$list" || true
}

wheels() {
  mkdir -p "$out"
  say "wheel: manylinux2014 x86_64"
  w=$(wheel x86_64-unknown-linux-gnu manylinux2014)
  check "$w" manylinux_2_17_x86_64
  smoke "$w"
  [ "$which" = x86_64 ] && return 0

  say "wheel: manylinux2014 aarch64 (cross-built; not run here)"
  check "$(wheel aarch64-unknown-linux-gnu manylinux2014)" manylinux_2_17_aarch64
  say "wheel: musllinux_1_2 x86_64 (its library loaded by musl's own loader)"
  w=$(wheel x86_64-unknown-linux-musl musllinux_1_2)
  # auditwheel cannot read a musl wheel on a glibc host; musl's dynamic loader can.
  x=$(mktemp -d) && (cd "$x" && python3 -m zipfile -e "$w" .)
  n=$(musl_loads "$x"/sportello/_native*.so '_\{0,1\}Py[A-Za-z0-9_]*')
  rm -rf "$x"
  echo "$(basename "$w"): musllinux_1_2_x86_64, loads on musl ($n Python symbols left to the interpreter; $(du -k "$w" | cut -f1) KB)"
  say "sdist"
  maturin sdist -m bindings-python/Cargo.toml -o "$out"
  ls -l "$out"
}

# elf_check FILE TARGET: the binary is for the target's machine and needs at most glibc $glibc
# (gnu), or no glibc at all (musl: only `libc.so`, which musl's loader maps to itself).
elf_check() {
  local f=$1 target=$2 machine m v
  case $target in
    x86_64-*) machine="Advanced Micro Devices X86-64" ;;
    aarch64-*) machine=AArch64 ;;
  esac
  m=$(readelf -h "$f" | sed -n 's/^ *Machine: *//p')
  [ "$m" = "$machine" ] || { echo "$(basename "$f"): machine $m, not $machine" >&2; return 1; }
  v=$(readelf -V "$f" | { grep -o 'GLIBC_[0-9.]*' || true; } | sed 's/GLIBC_//' | sort -uV | tail -1)
  case $target in
    *-gnu)
      [ -n "$v" ] && [ "$(printf '%s\n%s\n' "$v" "$glibc" | sort -V | tail -1)" = "$glibc" ] ||
        { echo "$(basename "$f"): needs glibc ${v:-?}, more than $glibc" >&2; return 1; }
      echo "$(basename "$f"): $m, glibc >= $v" ;;
    *-musl)
      local needed; needed=$(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
      [ -z "$v" ] && [ "$needed" = "libc.so " ] ||
        { echo "$(basename "$f"): links ${needed}and glibc ${v:-none}: not a musl build" >&2; return 1; }
      echo "$(basename "$f"): $m, musl, no glibc" ;;
  esac
}

# npm, the napi way (issue 20 item 2): `sportello` holds the generated entry, napi's loader
# (native.js) and, in wasm/, the Node build of the WebAssembly package; it lists one package per
# native build as an optional dependency, with os/cpu/libc so that npm installs only the one that
# fits, which native.js then requires. Any other platform loads wasm/ (scripts/node-fallback.mjs
# tests that). `sportello-web` is the browser package.
npm_packages() {
  say "npm: sportello (napi loader + WebAssembly fallback), sportello-web"
  local npm_out="$root/dist/npm" bin="${CARGO_TARGET_DIR:-$root/target}/napi-packages" t p f n start suffix
  mkdir -p "$npm_out" && rm -f "$npm_out"/*.tgz
  (cd bindings-node && npm run --silent build)
  (cd bindings-wasm && npm run --silent build)
  rm -rf bindings-node/wasm && mkdir -p bindings-node/wasm
  cp bindings-wasm/pkg-node/native.js bindings-wasm/pkg-node/native_bg.wasm bindings-node/wasm/
  printf '{ "type": "commonjs" }\n' > bindings-node/wasm/package.json
  node scripts/node-fallback.mjs

  command -v readelf >/dev/null || { command -v apt-get >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq binutils >/dev/null; }
  rm -rf "$bin" && mkdir -p "$bin"
  for t in $(node -p 'require("./bindings-node/package.json").napi.targets.join(" ")'); do
    case $t in
      x86_64-unknown-linux-*) p=linux-x64-${t##*-} ;;
      aarch64-unknown-linux-*) p=linux-arm64-${t##*-} ;;
      *) echo "packages.sh: no cross-build for napi target $t" >&2; exit 1 ;;
    esac
    say "npm: sportello-$p ($t, cross-built with zig)"
    target_add "$t"
    start=$SECONDS
    # cargo-zigbuild reads a glibc version after the target (`x86_64-unknown-linux-gnu.2.17`).
    suffix= && [ "${t##*-}" = gnu ] && suffix=".$glibc"
    # Without the symbol tables (napi's own --strip leaves them): 1.1 MB less installed, 6 % less packed.
    (cd bindings-node && CARGO_PROFILE_RELEASE_STRIP=symbols npx napi build --platform --release -x --target "$t$suffix" --output-dir "$bin" --no-js --dts napi.d.ts)
    f="$bin/sportello.$p.node"
    elf_check "$f" "$t"
    if [ "${t##*-}" = musl ]; then
      n=$(musl_loads "$f" 'napi_[A-Za-z0-9_]*')
      echo "$(basename "$f"): loads on musl ($n Node-API symbols left to node)"
    fi
    echo "$(basename "$f"): $(du -k "$f" | cut -f1) KB, built in $((SECONDS - start)) s"
  done

  say "npm: pack (dist/npm)"
  node scripts/npm-packages.mjs "$bin" "$npm_out" "$glibc"
  (cd bindings-wasm/pkg && npm pack --silent --pack-destination "$npm_out")
  say "npm: sportello + sportello-linux-x64-gnu from their tarballs, in a fresh folder"
  node scripts/npm-smoke.mjs "$npm_out" sportello-linux-x64-gnu
  ls -l "$npm_out"
}

case $which in
  x86_64) wheels ;;
  npm) npm_packages ;;
  all) wheels; npm_packages ;;
esac
