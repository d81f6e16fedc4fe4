#!/usr/bin/env bash
# Runs every fuzz target in turn, one at a time, from the seeded corpus, with inputs up to 64 KiB,
# and prints one summary line per target (executions, covered edges, corpus size, findings).
# Usage: fuzz/run-all.sh [seconds per target, default 600] [target...]; FUZZ_TIMEOUT=s per input (10)
# Needs nightly and cargo-fuzz (`cargo install cargo-fuzz`); seeds come from `python3 fuzz/seeds.py`.
set -u
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(cf access forms forms_js json_shapes payments practice service slots)
python3 seeds.py >/dev/null
mkdir -p logs
for t in "${targets[@]}"; do
  log=logs/$t.log
  cargo +nightly fuzz run -O "$t" "corpus/$t" -- -max_total_time="$secs" -max_len=65536 -timeout="${FUZZ_TIMEOUT:-10}" \
    -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1
  rc=$?
  runs=$(grep -o 'number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  runs="runs=${runs:-?} in $(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1 | grep -o '[0-9]* second' || echo "? second")"
  [ "$rc" -ne 0 ] && runs="$runs (stopped: $(grep -o 'ERROR: libFuzzer: [a-z-]*' "$log" | tail -1))"
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  corp=$(grep -o 'corp: [0-9]*' "$log" | tail -1)
  found=$(ls "artifacts/$t" 2>/dev/null | wc -l)
  echo "$t rc=$rc ${runs:-no runs} ${cov:-} ${corp:-} artifacts=$found"
done
