// Same run, same machine: json-logic-js 2.0.5 evaluating the 300 conditions of the benchmark form
// (as plain JSON Logic over {data}) vs sportello's Node and WASM bindings evaluating the whole
// 1,000-component form (conditions + clearing + validation + office): `Form.evaluate` on a new
// object and again on a page's object after one change, a FormSession's update on one changed
// value, and the 300 rules alone; WASM both as the full package and as its forms
// entry (`sportello-web/forms`, built for speed).
// Run: (cd bindings-node && npm run build) && (cd bindings-wasm && npm run build)
//      && cd benches/peers/forms_node && npm ci && node bench.mjs
// `node bench.mjs --peer-only` times json-logic-js alone (benches/forms-compare.sh uses it).
import fs from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const jsonLogic = require("json-logic-js");
const doc = JSON.parse(fs.readFileSync(new URL("../forms_bench.json", import.meta.url), "utf8"));
const scope = { data: doc.submission };
const rules = doc.plainConditions;

function time(label, fn, n) {
  for (let i = 0; i < Math.min(n, 50); i++) fn();
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / n / 1000);
  }
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) fn();
  const cpu = process.cpuUsage(cpu0);
  console.log(`${label}: best ${best.toFixed(1)} µs wall, ${((cpu.user + cpu.system) / n).toFixed(1)} µs cpu per call`);
}

const shown = () => rules.filter((r) => jsonLogic.truthy(jsonLogic.apply(r, scope))).length;
console.log(`json-logic-js shows ${shown()} of ${rules.length}`);
time("json-logic-js: 300 conditions (apply, parses each rule every call)", shown, 500);
const applied = () => { let n = 0; for (const r of rules) if (jsonLogic.apply(r, scope) === true) n++; return n; };
time("json-logic-js: apply, 300 rules (divide by 300 for one rule)", applied, 500);

const bindings = process.argv.includes("--peer-only") ? [] : [["node", "../../../bindings-node"], ["wasm", "../../../bindings-wasm/pkg-node/sportello_web.js"],
  // The forms entry `sportello-web/forms`: the same description, built for speed (docs/BINDINGS.md).
  ["wasm-forms", "../../../bindings-wasm/pkg-node/forms/sportello_web.js"]];
for (const [name, path] of bindings) {
  let s;
  try { s = require(path); } catch (e) { console.log(`${name}: not built (${e.message.split("\n")[0]})`); continue; }
  const form = s.Form.fromFormio(doc.form);
  const read = (r) => r.valid && r.errors.length + r.visible.length + r.hidden.length;
  // A new object each call, as a server evaluating each submission once: the whole object
  // crosses (copies made before the clock starts, one per call, so none is seen twice).
  const copies = Array.from({ length: 100 * 6 + 50 }, () => ({ ...doc.submission }));
  let c = 0;
  time(`sportello ${name}: Form.evaluate(object), a new object each call, 1,000 components / 300 conditions (+ clearing, validation) + valid/errors/visible/hidden`, () => read(form.evaluate(copies[c++])), 100);
  // A form UI re-evaluating on every change. Typing in a text field: distinct values of the
  // submission's text fields, which no condition reads. Answering what a condition reads: f1
  // between 97 (shows f14 and what reads it) and 28. Either with `Form.evaluate` on the page's
  // one data object, changed in place (only the changed values cross, to a session the JS layer
  // keeps for that object), or with a FormSession given the change.
  const texts = Object.keys(doc.submission).filter((k) => typeof doc.submission[k] === "string" && doc.submission[k].length > 3);
  let n = 0;
  const page = { ...doc.submission };
  time(`sportello ${name}: Form.evaluate(object) again, the page's object after one typed value + valid/errors/visible/hidden`, () => {
    const k = texts[n++ % texts.length];
    page[k] = `${doc.submission[k]} ${n}`;
    return read(form.evaluate(page));
  }, 300);
  time(`sportello ${name}: Form.evaluate(object) again, the page's object after an answer that shows/hides components + valid/errors/visible/hidden`, () => {
    page.f1 = n++ % 2 ? 97 : 28;
    return read(form.evaluate(page));
  }, 300);
  const session = new s.FormSession(form, doc.submission);
  time(`sportello ${name}: FormSession.update (one typed value) + valid/errors/visible/hidden`, () => {
    const k = texts[n++ % texts.length];
    return read(session.update({ [k]: `${doc.submission[k]} ${n}` }));
  }, 300);
  time(`sportello ${name}: FormSession.update (an answer that shows/hides components) + valid/errors/visible/hidden`, () => read(session.update({ f1: n++ % 2 ? 97 : 28 })), 300);
  if (form.evaluateJson) time(`sportello ${name}: JSON.parse(form.evaluateJson(JSON.stringify(data)))`, () => JSON.parse(form.evaluateJson(JSON.stringify(doc.submission))), 300);
  const compiled = rules.map((r) => new s.Logic(r));
  const ours = () => compiled.filter((r) => s.forms.truthy(r.apply(scope))).length;
  console.log(`sportello ${name} shows ${ours()} of ${rules.length}`);
  time(`sportello ${name}: 300 compiled rules + forms.truthy (two crossings per rule)`, ours, 100);
  const oursApplied = () => { let n = 0; for (const r of compiled) if (r.apply(scope) === true) n++; return n; };
  time(`sportello ${name}: Logic.apply, 300 rules (only the values a rule reads cross; divide by 300)`, oursApplied, 100);
}
