#!/usr/bin/env bash
# The forms performance targets, measured in one run: the core's `Form::evaluate_value` on the
# 1,000-component benchmark form (criterion, CPU time), json-logic-js evaluating the same 300
# conditions, the Node and WASM packages' `Form.evaluate(object)`, `FormSession.update` and `Logic.apply` per rule
# (issue 14's boundary targets), and the Python binding's `Form.evaluate` + `.errors`, in interleaved rounds so that
# the host's drift touches all three alike. The ratios are the steady part of the figures.
# Needs: node, the peer (`npm ci` in benches/peers/forms_node) and the Python binding built
# in release (`cd bindings-python && maturin develop --release`, in .venv).
# Run: benches/forms-compare.sh [rounds]   (from the repository root; default 3 rounds)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
py=.venv/bin/python
[ -x "$py" ] || py=python3
(cd benches/peers/forms_node && [ -d node_modules ] || npm ci --silent)
# The core with mimalloc, the allocator the Node package ships (the same allocator on both sides:
# with the system's, the core alone is 1.5-1.8x slower and the ratio would flatter the boundary).
cargo bench -p sportello-benches --features mimalloc --bench forms --no-run -q 2>/dev/null
set +e  # a round that prints nothing must not end the others
for r in $(seq 1 "$rounds"); do
  echo "== round $r"
  out=$(cargo bench -q -p sportello-benches --features mimalloc --bench forms -- "evaluate_value" --measurement-time 4 --warm-up-time 1 2>&1)
  t=$(grep -m1 -o 'time: *\[.*\]' <<<"$out")
  if [ -n "$t" ]; then echo "core evaluate_value (mimalloc): $t"; else echo "core evaluate_value: no figure; criterion said:"; tail -5 <<<"$out"; fi
  # json-logic-js, and the Node and WASM packages (built: npm run build in each) on the same data.
  (cd benches/peers/forms_node && node bench.mjs) | grep -E "json-logic-js:|Form.evaluate\(object\)|FormSession|Logic.apply"
  pyout=$("$py" benches/peers/forms_python.py 2>&1); grep -E "^(Form\.evaluate\(1000|FormSession)" <<<"$pyout"
done
