// Peer benchmark of the payments bindings from Node (not a test). Run from the repo root after
// building the packages (`cd bindings-node && npm run build`, `cd bindings-wasm && npm run build`):
//   node benches/peers/payments_node.mjs
// Compares batch notice validation (1 million) in the napi and WASM packages with a plain JS
// implementation of the same mod-93 rule (BigInt). Best of 5 runs, wall time.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const napi = require("../../bindings-node");
let wasm = null;
try {
  wasm = require("../../bindings-wasm/pkg-node/sportello_web.js");
} catch {
  // the WASM package is optional here
}

function notices(n) {
  let x = 0x2545f4914f6cdd1dn;
  const out = [];
  for (let i = 0; i < n; i++) {
    x ^= x << 13n; x &= 0xffffffffffffffffn; x ^= x >> 7n; x ^= x << 17n; x &= 0xffffffffffffffffn;
    const first16 = "3" + String(i % 46).padStart(2, "0") + String(x % 10n ** 13n).padStart(13, "0");
    let cd = Number(BigInt(first16) % 93n);
    if (i % 10 === 9) cd = (cd + 1) % 100;
    out.push(first16 + String(cd).padStart(2, "0"));
  }
  return out;
}

const plainJs = (s) => /^[0-3]\d{17}$/.test(s) && (s[0] === "1" || Number(BigInt(s.slice(0, 16)) % 93n) === Number(s.slice(16)));

function best(f, runs = 5) {
  let min = Infinity;
  for (let r = 0; r < runs; r++) {
    const t = process.hrtime.bigint();
    f();
    min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return min;
}

const batch = notices(1_000_000);
const expected = batch.map(plainJs);
if (napi.payments.noticeIsValidMany(batch).some((v, i) => v !== expected[i])) throw new Error("napi disagrees");
const rows = [
  ["napi payments.noticeIsValidMany(1M)", best(() => napi.payments.noticeIsValidMany(batch))],
  ["napi payments.noticeIsValid loop (1M)", best(() => batch.map((s) => napi.payments.noticeIsValid(s)), 3)],
];
if (wasm) {
  rows.push(["wasm payments.noticeIsValidMany(1M)", best(() => wasm.payments.noticeIsValidMany(batch))]);
  rows.push(["wasm payments.noticeIsValid loop (1M)", best(() => batch.map((s) => wasm.payments.noticeIsValid(s)), 3)]);
}
rows.push(["plain JS BigInt mod 93 (1M)", best(() => batch.map(plainJs), 3)]);
for (const [name, ms] of rows) console.log(`${name.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms`);
