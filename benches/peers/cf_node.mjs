// Codice fiscale in Node: sportello (napi) vs codice-fiscale-js, in the same process.
//
// Set up (once), from the repository root:
//   (cd bindings-node && npm run build)
//   npm install --no-save --prefix benches/peers codice-fiscale-js
// Run:
//   node benches/peers/cf_node.mjs [seconds per measurement, default 1] [rounds, default 5]
//
// codice-fiscale-js `check` tests the pattern and the check letter only (it accepts 31 February);
// sportello's `cf.isValid` also checks the date and that the birthplace exists, i.e. strictly more.
// `decode`: codice-fiscale-js `computeInverse` (sex, date, place name) vs sportello `cf.decode`
// (sex, date with the century rule, birthplace on the birth date with validity). Both must accept
// every code of the list. Throughput is codes per second of CPU time of the process (one thread),
// measured in interleaved rounds (ours, theirs, ours, ...) so that a shared machine's slow and fast
// moments fall on both; the figure is the median round, the ratio that of the medians.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { cf } = require(path.join(here, "..", "..", "bindings-node"));
const peer = require(require.resolve("codice-fiscale-js", { paths: [path.join(here, "node_modules"), here] }));
const CodiceFiscale = peer.CodiceFiscale ?? peer.default ?? peer;
const seconds = Number(process.argv[2] ?? 1);
const rounds = Number(process.argv[3] ?? 5);
const TODAY = "2026-11-23";

const people = [
  ["Rossi", "Mario", "M", "1980-01-01", "H501"],
  ["Bianchi", "Anna Maria", "F", "1975-12-31", "F205"],
  ["Caccamo", "Fabio", "M", "1983-05-03", "L219"],
  ["Esposito", "Giuseppe", "M", "1962-07-14", "F839"],
  ["Ferrari", "Giulia", "F", "1999-10-05", "A944"],
  ["Russo", "Francesco", "M", "1948-03-22", "G273"],
  ["Colombo", "Chiara", "F", "2010-06-30", "L736"],
  ["Greco", "Luca", "M", "1991-09-09", "D969"],
];
const pool = people.map(([surname, name, sex, birthDate, birthplace]) => cf.encode({ surname, name, sex, birthDate, birthplace, province: null }));
const codes = Array.from({ length: 10_000 }, (_, i) => pool[i % pool.length]);

function rate(fn, items) {
  let done = 0;
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
  const start = cpu();
  for (;;) {
    for (const c of items) fn(c);
    done += items.length;
    const elapsed = cpu() - start;
    if (elapsed >= seconds) return done / elapsed;
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

for (const c of pool) {
  if (!cf.isValid(c) || !CodiceFiscale.check(c)) throw new Error(`not accepted by both: ${c}`);
  const theirs = CodiceFiscale.computeInverse(c);
  const ours = cf.decode(c, TODAY);
  if (ours.sex !== theirs.gender) throw new Error(`sex differs for ${c}`);
}

const runs = { isValid: [], check: [], decode: [], inverse: [] };
for (let r = 0; r < rounds; r++) {
  runs.isValid.push(rate((c) => cf.isValid(c), codes));
  runs.check.push(rate((c) => CodiceFiscale.check(c), codes));
  runs.decode.push(rate((c) => cf.decode(c, TODAY), codes));
  runs.inverse.push(rate((c) => CodiceFiscale.computeInverse(c), codes.slice(0, 2_000)));
}
const [isValid, check, decode, inverse] = [runs.isValid, runs.check, runs.decode, runs.inverse].map(median);
const fmt = (x) => Math.round(x).toLocaleString("en-US").padStart(14);
console.log(`Node ${process.version}; median of ${rounds} interleaved rounds of ${seconds}s CPU time each\n`);
console.log(`${"implementation".padEnd(58)}${"codes/s".padStart(14)}`);
console.log(`${"sportello cf.isValid (format, check, date, place)".padEnd(58)}${fmt(isValid)}`);
console.log(`${"codice-fiscale-js check (format, check letter)".padEnd(58)}${fmt(check)}   sportello ${(isValid / check).toFixed(1)}x`);
console.log(`${"sportello cf.decode".padEnd(58)}${fmt(decode)}`);
console.log(`${"codice-fiscale-js computeInverse".padEnd(58)}${fmt(inverse)}   sportello ${(decode / inverse).toFixed(1)}x`);
