#!/usr/bin/env bash
# Instructions per `Form::evaluate_value` of the 1,000-component benchmark form, counted by
# callgrind on the measured function only (benches/examples/forms_callgrind.rs): a figure that
# does not move with the host's load, for comparing two versions of the evaluator.
# Needs valgrind. Run: benches/forms-callgrind.sh [evaluations]   (default 50)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-50}"
cargo build -q --release -p sportello-benches --example forms_callgrind
out=$(mktemp)
valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect='forms_callgrind::run' \
  target/release/examples/forms_callgrind "$n" 2>&1 | grep -E "refs|evaluations" || true
total=$(grep -E '^summary:|^totals:' "$out" | head -1 | awk '{print $2}')
echo "instructions per evaluation: $((total / n))"
echo "per function: callgrind_annotate $out"
