// Issue 16 item 4: the largest form of ../shared/forms-real that both engines run, evaluated on
// the same distinct generated submissions by Form.io's server engine (@formio/core 2.8.3
// processSync, its two passes, as tests/formio-diff runs it) and by sportello from Node, WASM and
// Python, in interleaved rounds of one run, and a FormSession's update of one value per call from
// Node and WASM. Figures: µs per submission or change (best round, wall) and the ratio to
// processSync.
// Run (after ./scripts/test.sh or its setup has built the packages and tests/formio-diff's
// node_modules): node benches/peers/forms_formio/bench.mjs [--n 200] [--rounds 5] [--form FILE]
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const N = Number(opt('--n', '200'));
const ROUNDS = Number(opt('--rounds', '5'));
const corpus = resolve(opt('--corpus', join(root, '../shared/forms-real')));
if (!existsSync(corpus)) {
  console.log(`forms_formio: skipped (${corpus} is absent)`);
  process.exit(0);
}
const { childrenOf, expandNested, formsById, generate, hash, rng, serverForm, serverRun } = await import(join(root, 'tests/formio-diff/corpus.mjs'));
const require = createRequire(import.meta.url);
const node = require(join(root, 'bindings-node'));
const wasmPath = join(root, 'bindings-wasm/pkg-node/sportello_web.js');
const wasm = existsSync(wasmPath) ? require(wasmPath) : null;
const byId = formsById(corpus);
const options = { typeAliases: { sdcfile: 'file' }, forms: byId };
const TODAY = '2026-12-05';

const count = (comps) => (comps ?? []).reduce((n, c) => n + 1 + (c && typeof c === 'object' ? count(childrenOf(c)) : 0), 0);
// The largest form (components after nested forms are expanded) that sportello loads and on
// whose first submissions Form.io's server does not throw.
let best = null;
for (const file of readdirSync(corpus).filter((f) => f.endsWith('.json')).sort()) {
  if (opt('--form', null) && file !== opt('--form', null)) continue;
  const raw = JSON.parse(readFileSync(join(corpus, file), 'utf8'));
  expandNested(raw.components, byId);
  try {
    node.Form.fromFormio(raw, options);
    const r = rng(hash(file));
    for (let i = 0; i < 3; i++) serverRun(serverForm(raw), generate(raw, r));
  } catch {
    continue;
  }
  const size = count(raw.components);
  if (!best || size > best.size) best = { file, raw, size };
}
if (!best) throw new Error('no form of the corpus runs in both engines');
const { file, raw, size } = best;
const r = rng(hash(`bench ${file}`));
const subs = Array.from({ length: N }, () => generate(raw, r));
const distinct = new Set(subs.map((s) => JSON.stringify(s))).size;
console.log(`forms_formio: ${file}, ${size} components, ${N} generated submissions (${distinct} distinct), ${ROUNDS} rounds`);

// Each engine: a function timing one pass over every submission, in µs per submission.
const fio = serverForm(raw);
const engines = {
  'processSync (@formio/core 2.8.3)': () => {
    const copies = subs.map((s) => structuredClone(s)); // processSync writes into the data
    const t = process.hrtime.bigint();
    for (const d of copies) serverRun(fio, d);
    return Number(process.hrtime.bigint() - t) / 1000 / N;
  },
};
for (const [name, pkg] of [['sportello Node', node], ['sportello WASM', wasm]]) {
  if (!pkg) continue;
  let form;
  try {
    form = pkg.Form.fromFormio(raw, options);
  } catch (e) {
    console.log(`  ${name}: refuses the form (${e.code}): an old build? rebuild it`);
    continue;
  }
  engines[name] = () => {
    const t = process.hrtime.bigint();
    for (const d of subs) form.evaluate(d, { today: TODAY });
    return Number(process.hrtime.bigint() - t) / 1000 / N;
  };
  // A page filling the form in: one session per submission (made before timing), each call sends
  // one top-level value of it (the next key each round) and evaluates the whole form on the held
  // submission, the same data as `evaluate` above; what a page reads is read.
  const sessions = subs.map((d) => new pkg.FormSession(form, d));
  let turn = 0;
  engines[`${name} FormSession.update (one changed value)`] = () => {
    turn++;
    const t = process.hrtime.bigint();
    subs.forEach((d, i) => {
      const keys = Object.keys(d);
      const k = keys[turn % Math.max(keys.length, 1)];
      const e = sessions[i].update(k === undefined ? {} : { [k]: d[k] }, { today: TODAY });
      if (e.visible.length + e.hidden.length + e.errors.length < 0) throw new Error('unreachable');
    });
    return Number(process.hrtime.bigint() - t) / 1000 / N;
  };
}
// Python runs in its own process on the same form and submissions, once per round.
const python = [join(root, '.venv/bin/python')].find(existsSync);
let pyInput = null;
if (python) {
  pyInput = join(mkdtempSync(join(tmpdir(), 'forms-formio-')), 'input.json');
  writeFileSync(pyInput, JSON.stringify({ form: raw, options, subs, today: TODAY }));
  engines['sportello Python'] = () => Number(execFileSync(python, [join(here, 'python_side.py'), pyInput], { encoding: 'utf8' }).trim());
}
for (const run of Object.values(engines)) run(); // warm-up
const best_ = {};
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(engines)) best_[name] = Math.min(best_[name] ?? Infinity, run());
}
const base = best_['processSync (@formio/core 2.8.3)'];
for (const [name, us] of Object.entries(best_)) {
  const ratio = name.startsWith('processSync') ? '' : `, ${(base / us).toFixed(1)}× faster than processSync`;
  console.log(`  ${name}: ${us.toFixed(1)} µs per ${name.includes('FormSession') ? 'change' : 'submission'}${ratio}`);
}
