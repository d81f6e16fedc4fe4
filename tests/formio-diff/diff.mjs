// Differential test: sportello's forms against @formio/core processSync (issue 16, item 2).
//
// For every form of ../shared/forms-real (never copied into the project) that sportello loads,
// generate submissions deterministically (seeded PRNG) from the form's own options and the values
// its conditions compare with, evaluate each with both engines and compare, per pair:
//   - hidden: for every component path Form.io evaluated a condition for, whether it is hidden
//     (by its own condition or an ancestor's) in both;
//   - errors: the set of (path, kind) (Form.io's rule name mapped to sportello's code);
//   - data: the cleaned submission (after defaults and clear-on-hide).
// Known disagreements are in allowlist.json (same list in docs/forms.md, "Differences from
// @formio/core"), each with its reason and a status: "formio" where Form.io's server engine is
// itself wrong or differs on purpose, "defect" for a sportello defect still to fix (printed apart).
// Any other disagreement makes the run fail.
//
// Usage: node diff.mjs [--corpus DIR] [--n N (submissions per form, default 100)] [--form FILE] [--verbose]
// Env: SPORTELLO_NODE = path of the built Node package (default: ../../bindings-node).
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const corpus = resolve(opt('--corpus', join(here, '../../../shared/forms-real')));
const N = Number(opt('--n', '100'));
const onlyForm = opt('--form', null);
const verbose = args.includes('--verbose');

if (!existsSync(corpus)) {
  console.log(`formio-diff: skipped (${corpus} is absent)`);
  process.exit(0);
}
const { LAYOUT, childrenOf, expandNested, formsById, generate, hash, rng, runFormio } = await import('./corpus.mjs');
const sportello = require(resolve(process.env.SPORTELLO_NODE || join(here, '../../bindings-node')));
const { Form } = sportello;
const allow = JSON.parse(readFileSync(join(here, 'allowlist.json'), 'utf8'));
// What a host gives to load the forms whose JavaScript reads what the server does not have
// (FormOptions.overrides by form file, each with its `why`; core/tests/data/piemonte-overrides.json,
// the same the core's test loads): sportello evaluates the form with them, Form.io the original
// form, so an override that does not do what the original does on Form.io's server shows as a
// difference. (OpenCity's overrides are not here: they give what the renderer checks and the
// host's own options, not what Form.io's server does.)
const OVERRIDE_FILES = ['piemonte-overrides.json'];
const overridesOf = {};
for (const f of OVERRIDE_FILES) {
  const spec = JSON.parse(readFileSync(join(here, '../../core/tests/data', f), 'utf8'));
  for (const [form, comps] of Object.entries(spec.overrides ?? {}))
    overridesOf[form] = Object.fromEntries(Object.entries(comps).map(([path, { why: _why, ...props }]) => [path, props]));
}

// Generic paths ("grid[].x") of the components `pick` accepts (layout components by key too).
function pathsOf(form, pick) {
  const out = new Set();
  const walk = (comps, prefix) => {
    for (const c of comps) {
      if (!c || typeof c !== 'object') continue;
      const data = c.key && !LAYOUT.has(c.type) && (c.input !== false || ['container', 'datagrid', 'editgrid'].includes(c.type));
      const path = c.key ? prefix + c.key : null;
      if (path && pick(c, data)) out.add(path.replace(/\[\d+\]/g, '[]'));
      const inner = !data ? prefix : c.type === 'datagrid' || c.type === 'editgrid' ? `${path}[].` : c.type === 'container' ? `${path}.` : prefix;
      walk(childrenOf(c), inner);
    }
  };
  walk(form.components ?? [], '');
  return out;
}
// The containers (without a condition of their own, not in a grid) holding a `content` or
// `htmlelement` component with a condition. `@formio/core` 2.8.3 gives such a component its
// container's path, so when its condition hides it, `processSync` records the container as
// conditionally hidden and clears the container's whole value (checked with minimal forms: a
// conditioned `fieldset`, `panel`, `button` or field does not do it); and since the component's
// data row is then not the container's, a bare `when` key (`applicabile`, which MUDE's containers
// each hold) is looked up elsewhere in the form, so the condition may hide it where the renderer
// shows it. The renderer hides only the content. Pairs: [container path, the content's path as
// sportello lists it (a layout component's path is its object's path and its key)].
function contentShadows(form) {
  const out = [];
  const conditioned = (c) => !!(c.conditional?.when || c.conditional?.json || (typeof c.customConditional === 'string' && c.customConditional.trim()));
  const walk = (comps, container, inGrid) => {
    for (const c of comps) {
      if (!c || typeof c !== 'object') continue;
      if ((c.type === 'content' || c.type === 'htmlelement') && container && !inGrid && c.key && conditioned(c)) out.push([container, `${container}.${c.key}`]);
      const data = c.key && !LAYOUT.has(c.type) && (c.input !== false || ['container', 'datagrid', 'editgrid'].includes(c.type));
      if (!data) walk(childrenOf(c), container, inGrid);
      else if (c.type === 'container' && conditioned(c)) walk(childrenOf(c), '', inGrid);
      else if (c.type === 'container') walk(childrenOf(c), container ? `${container}.${c.key}` : c.key, inGrid);
      else if (c.type === 'datagrid' || c.type === 'editgrid') walk(childrenOf(c), container, true);
    }
  };
  walk(form.components ?? [], '', false);
  return out;
}
// The form with every ambiguous bare `when` key (`applicabile`, which each of MUDE's containers
// holds; `barriere_architettoniche`, a radio's key and an `htmlelement`'s) written as the data path of the component sportello resolves it to: the one in the
// innermost container around the condition's component, as the renderer reads it from the
// component's own data. `@formio/core` 2.8.3 looks a legacy `when` up in the whole form
// (`getComponentValue` -> `getComponentFromPath`, not relative to the component's container), so
// its server reads one of them for all. `null` when the form has no such key (not in grids).
function bareWhens(form) {
  const byKey = new Map(); // key -> [data path of its container] (components holding data)
  const named = new Map(); // key -> how many components have it (content and layout ones too)
  const conds = []; // [component, its container path]
  const walk = (comps, container) => {
    for (const c of comps) {
      if (!c || typeof c !== 'object') continue;
      const data = c.key && !LAYOUT.has(c.type) && (c.input !== false || ['container', 'datagrid', 'editgrid'].includes(c.type));
      if (data) byKey.set(c.key, [...(byKey.get(c.key) ?? []), container]);
      if (c.key) named.set(c.key, (named.get(c.key) ?? 0) + 1);
      if (typeof c.conditional?.when === 'string' && c.conditional.when) conds.push([c, container]);
      if (c.type === 'datagrid' || c.type === 'editgrid') continue;
      walk(childrenOf(c), data && c.type === 'container' ? (container ? `${container}.${c.key}` : c.key) : container);
    }
  };
  const copy = structuredClone(form);
  walk(copy.components ?? [], '');
  let changed = false;
  for (const [c, container] of conds) {
    const homes = byKey.get(c.conditional.when) ?? [];
    if ((named.get(c.conditional.when) ?? 0) < 2) continue;
    const inside = (h) => h === '' || container === h || container.startsWith(`${h}.`);
    const home = homes.filter(inside).sort((a, b) => b.length - a.length)[0];
    if (home === undefined) continue;
    if (!home) continue;
    c.conditional.when = `${home}.${c.conditional.when}`;
    changed = true;
  }
  return changed ? copy : null;
}
// The components with `persistent: false`: Form.io's server drops their values when it saves the
// submission (after processSync), as sportello does at the end of an evaluation, so they are left
// out of the data comparison.
const nonPersistentPaths = (form) => pathsOf(form, (c, data) => data && (c.persistent === false || c.persistent === 'client-only'));
// The components `hidden: true` hides on purpose: the renderer does not show them, while Form.io's
// `conditionals` (what is compared) say only whether a condition hides them, so sportello listing
// them hidden is no difference.
const intentPaths = (form) => pathsOf(form, (c) => c.hidden === true);

// a path and every ancestor path: "a.b[0].c" -> ["a", "a.b", "a.b[0]", "a.b[0].c"]
function ancestors(p) {
  const out = [];
  const re = /[.[]/g;
  let m;
  while ((m = re.exec(p))) if (m.index > 0) out.push(p.slice(0, m.index));
  out.push(p);
  return out;
}

// Form.io rule names -> sportello codes (the same name unless listed).
const KIND = {
  minSelectedCount: 'minSelectedCount',
  maxSelectedCount: 'maxSelectedCount',
  onlyAvailableItems: 'select',
  validateAvailableItems: 'select',
  email: 'email',
  url: 'url',
  day: 'day',
  date: 'date',
  maxDate: 'maxDate',
  minDate: 'minDate',
  required: 'required',
  array_nonempty: 'required', // a required multiple-value field with no value
};
const kindOf = (k) => KIND[k] ?? k;
const stripIndex = (p) => p.replace(/\[\d+\]$/, ''); // multiple values: "x[1]" -> "x"

function canon(v) {
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canon(x))).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canon(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}
function dataDiffs(a, b, path = '', input = undefined, inArray = false) {
  // paths where the two cleaned submissions differ (leaves or missing keys); `input` is the
  // submitted value at the same place
  if (canon(a) === canon(b)) return [];
  // a hole of a sparse array (lodash `_.set` of `a[1].b` leaves `a[0]` empty) is null in JSON
  if (inArray && a === null && b === undefined) return [];
  const isObj = (x) => x && typeof x === 'object' && !Array.isArray(x);
  if (isObj(a) && isObj(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => dataDiffs(a[k], b[k], path ? `${path}.${k}` : k, input?.[k]));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length === b.length) return a.flatMap((x, i) => dataDiffs(x, b[i], `${path}[${i}]`, input?.[i], true));
    // rows submitted without any value ({}), kept by sportello and dropped by Form.io
    const empty = (i) => canon(Array.isArray(input) ? input[i] : a[i]) === '{}';
    const keep = a.map((_x, i) => i).filter((i) => !empty(i));
    const fb = b.filter((x) => canon(x) !== '{}');
    if (keep.length === fb.length)
      return [
        { path: `${path}[]`, rows: `sportello ${a.length - keep.length} empty rows, formio ${b.length - fb.length}` },
        ...keep.flatMap((i, j) => dataDiffs(a[i], fb[j], `${path}[${i}]`, input?.[i])),
      ];
  }
  return [{ path, sportello: a, formio: b }];
}

// ---------- the allowlist ----------
// entries: {form: "file.json" | "*", kind: "hidden"|"error"|"data", path: regex source, reason}
// optional detail: a regex the difference's description must match
const used = new Set(); // entries that matched a difference: the others are stale
const allowed = (file, kind, path, detail) => {
  const a = allow.find(
    (a) =>
      (a.form === '*' || a.form === file) &&
      a.kind === kind &&
      new RegExp(`^(?:${a.path})$`).test(path) &&
      (!a.detail || new RegExp(a.detail).test(detail)),
  );
  if (a) used.add(a);
  return a;
};

// ---------- main ----------
const files = readdirSync(corpus)
  .filter((f) => f.endsWith('.json'))
  .filter((f) => !onlyForm || f === onlyForm)
  .sort();
const byId = formsById(corpus);
const started = Date.now();
let compared = 0,
  refused = 0,
  pairs = 0,
  agree = 0,
  explainedPairs = 0,
  defectPairs = 0,
  formioCrashes = 0,
  overridden = 0;
const crashedForms = new Set();
// The session contract on real forms: one FormSession per form is sent each generated submission
// as its changes, and its result must be `form.evaluate` of what it holds, byte for byte
// (JSON.stringify, key order included): the cleaned submission of a session is written from the
// held one and the evaluation's changes, without being built.
let sessionUpdates = 0;
const sessionMismatches = [];
const pairsOf = {};
const refusedBy = {};
const unexplained = new Map(); // key -> {count, example}
const explained = new Map(); // allowlist status "formio": Form.io's server engine is wrong or differs on purpose
const defects = new Map(); // allowlist status "defect": a sportello defect, known and to be fixed
for (const file of files) {
  const raw = JSON.parse(readFileSync(join(corpus, file), 'utf8'));
  expandNested(raw.components, byId);
  let form;
  try {
    form = Form.fromFormio(raw, { typeAliases: { sdcfile: 'file' }, forms: byId, overrides: overridesOf[file] ?? {} });
  } catch (e) {
    refused++;
    refusedBy[e.code ?? 'error'] = (refusedBy[e.code ?? 'error'] ?? 0) + 1;
    if (verbose) console.log(`refused ${file}: ${e.code} ${e.message}`);
    continue;
  }
  compared++;
  if (Object.keys(overridesOf[file] ?? {}).length) overridden++;
  const nonPersistent = nonPersistentPaths(raw);
  const intent = intentPaths(raw);
  const shadows = contentShadows(raw);
  const bare = bareWhens(raw);
  const r = rng(hash(file));
  const session = new sportello.FormSession(form);
  const held = {};
  for (let i = 0; i < N; i++) {
    const data = i === 0 ? {} : generate(raw, r);
    Object.assign(held, data);
    const viaSession = JSON.stringify(session.update(structuredClone(data), { today: '2026-12-05' }));
    sessionUpdates++;
    if (viaSession !== JSON.stringify(form.evaluate(structuredClone(held), { today: '2026-12-05' }))) sessionMismatches.push(`${file} #${i}`);
    let fio;
    try {
      fio = runFormio(raw, data);
    } catch (e) {
      formioCrashes++;
      if (verbose && !crashedForms.has(file)) console.log(`formio threw on ${file} #${i}: ${e.message}`);
      crashedForms.add(file);
      continue;
    }
    const sp = form.evaluate(structuredClone(data), { today: '2026-12-05' });
    pairs++;
    pairsOf[file] = (pairsOf[file] ?? 0) + 1;
    const diffsWith = (fio) => {
      const diffs = [];
      // the data object holding a path ("g[0].ct" for "g[0].ct.x") is absent from the submission
      const parentAbsent = (p) => {
        const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
        return cut > 0 && _.get(data, p.slice(0, cut)) === undefined;
      };
      // ... or it is in a grid row submitted empty ({})
      const inEmptyRow = (p) => [...p.matchAll(/\[\d+\]/g)].some((m) => canon(_.get(data, p.slice(0, m.index + m[0].length))) === '{}');
      const where = (p) => (inEmptyRow(p) ? ', in a row submitted empty' : parentAbsent(p) ? ', its parent object absent' : '');
      // hidden
      const spHidden = new Set(sp.hidden);
      const spKnown = new Set([...sp.visible, ...sp.hidden]);
      for (const p of new Set(fio.evaluated)) {
        const a = ancestors(p);
        // paths sportello does not model (the parts of an address, a nested form's own layout)
        if (!spKnown.has(p) && !a.some((q) => spHidden.has(q))) continue;
        const fh = a.some((q) => fio.hiddenOwn.has(q));
        const sh = a.some((q) => spHidden.has(q));
        // hidden by `hidden: true` (the renderer does not show it; Form.io's conditionals do not say)
        if (sh && !fh && a.some((q) => intent.has(q.replace(/\[\d+\]/g, '[]')))) continue;
        if (fh !== sh) diffs.push({ kind: 'hidden', path: p, detail: `sportello ${sh ? 'hidden' : 'visible'}, formio ${fh ? 'hidden' : 'visible'}${where(p)}` });
      }
      // errors
      const fe = new Set(fio.errors.map((e) => `${stripIndex(e.path)}|${kindOf(e.kind)}`));
      const se = new Set(sp.errors.map((e) => `${stripIndex(e.path)}|${e.code}`));
      const valueAt = (k) => JSON.stringify(_.get(data, k.split('|')[0]));
      for (const k of se) if (!fe.has(k)) diffs.push({ kind: 'error', path: k, detail: `only sportello, value ${valueAt(k)}${where(k.split('|')[0])}` });
      // a row Form.io made up: the path names a grid row that is not in the submission
      const phantom = (k) => [...k.matchAll(/\[\d+\]/g)].some((m) => _.get(data, k.slice(0, m.index + m[0].length)) === undefined);
      for (const k of fe)
        if (!se.has(k))
          diffs.push({ kind: 'error', path: k, detail: phantom(k) ? 'only formio, in a row not in the submission' : `only formio, value ${valueAt(k)}${where(k.split('|')[0])}` });
      // data
      for (const d of dataDiffs(sp.data, fio.data, '', data))
        if (!(d.sportello === undefined && nonPersistent.has(d.path.replace(/\[\d+\]/g, '[]'))))
          diffs.push({
            kind: 'data',
            path: d.path,
            detail:
              d.rows ??
              `sportello ${JSON.stringify(d.sportello)}, formio ${JSON.stringify(d.formio)}` +
                (_.get(data, d.path) === undefined ? ', absent in the submission' : ''),
          });

      return diffs;
    };
    const diffs = diffsWith(fio);
    const spHidden = new Set(sp.hidden);
    // the container a path is in that Form.io hides through a content component's condition (see
    // contentShadows), and that content
    const shadowOf = (run, p) =>
      shadows.find(([c]) => run.hiddenOwn.has(c) && !ancestors(c).some((q) => spHidden.has(q)) && (p === c || p.startsWith(`${c}.`) || p.startsWith(`${c}[`)));
    const pathOf = (d) => d.path.split('|')[0];
    for (const d of diffs) {
      const s = shadowOf(fio, pathOf(d));
      if (s) d.detail += `, in a container Form.io hides through the condition of its content ${s[1]}`;
    }
    // the other differences that go away when every bare `when` key is given as the path sportello
    // resolves it to (see bareWhens), apart from those the shadows then explain: Form.io's server
    // looked the key up elsewhere in the form
    if (diffs.length && bare) {
      let fixed = null;
      try {
        const run = runFormio(bare, data);
        fixed = new Set(
          diffsWith(run)
            .filter((d) => !shadowOf(run, pathOf(d)))
            .map((d) => `${d.kind} ${d.path} ${d.detail}`),
        );
      } catch {
        fixed = null;
      }
      if (fixed) for (const d of diffs) if (!d.detail.includes(', in a container Form.io hides') && !fixed.has(`${d.kind} ${d.path} ${d.detail}`)) d.detail += ', through a bare when key Form.io resolves elsewhere in the form';
    }
    if (!diffs.length) {
      agree++;
      continue;
    }
    let allExplained = true,
      anyDefect = false;
    for (const d of diffs) {
      const generic = d.path.replace(/\[\d+\]/g, '[]');
      const a = allowed(file, d.kind, generic, d.detail);
      const key = `${d.kind} ${file} ${generic} (${d.detail.replace(/".*?"|(?<!sportello |formio )\d+(?! empty)/g, '…')})`;
      const bucket = !a ? unexplained : a.status === 'defect' ? defects : explained;
      if (!a) allExplained = false;
      if (a?.status === 'defect') anyDefect = true;
      const b = bucket.get(key) ?? { count: 0, example: { data, detail: d.detail }, reason: a?.reason };
      b.count++;
      if (canon(data).length < canon(b.example.data).length) b.example = { data, detail: d.detail };
      bucket.set(key, b);
    }
    if (allExplained && anyDefect) defectPairs++;
    else if (allExplained) explainedPairs++;
  }
}
const secs = ((Date.now() - started) / 1000).toFixed(1);
const pct = (x) => ((100 * x) / Math.max(pairs, 1)).toFixed(1);
const withPairs = compared - [...crashedForms].filter((f) => !pairsOf[f]).length;
console.log(
  `formio-diff: ${files.length} forms in the corpus: ${compared} load in sportello, ${withPairs} compared ` +
    `(Form.io throws on every submission of the others), ${overridden} of them with a host's overrides, ${refused} refused by sportello ${JSON.stringify(refusedBy)}`,
);
console.log(
  `formio-diff: ${pairs} pairs: ${agree} agree (${pct(agree)} %), ${explainedPairs} differ only where Form.io is wrong or differs ` +
    `on purpose (${pct(explainedPairs)} %), ${defectPairs} through known sportello defects (${pct(defectPairs)} %), ` +
    `${pairs - agree - explainedPairs - defectPairs} unexplained; Form.io threw on ${formioCrashes} more; ${secs} s`,
);
console.log(`formio-diff: ${sessionUpdates} FormSession updates, ${sessionMismatches.length} not equal to evaluate of the held submission`);
if (sessionMismatches.length) {
  console.log(`FormSession differs from evaluate on: ${sessionMismatches.slice(0, 20).join(', ')}`);
  process.exit(1);
}
if (crashedForms.size) console.log(`Form.io threw (pairs not counted) on: ${[...crashedForms].join(', ')}`);
if (explained.size) {
  console.log('known differences, Form.io wrong or different on purpose (allowlist.json):');
  for (const [k, b] of [...explained].sort()) console.log(`  ${b.count}x ${k}: ${b.reason}`);
}
if (defects.size) {
  console.log('KNOWN SPORTELLO DEFECTS, to fix (allowlist.json, status "defect"):');
  for (const [k, b] of [...defects].sort()) console.log(`  ${b.count}x ${k}: ${b.reason}`);
}
if (unexplained.size) {
  console.log('UNEXPLAINED differences:');
  for (const [k, b] of [...unexplained].sort()) {
    console.log(`  ${b.count}x ${k}`);
    console.log(`     e.g. ${b.example.detail} with data ${JSON.stringify(b.example.data).slice(0, 400)}`);
  }
  process.exit(1);
}
// An entry that explains nothing over the whole corpus is stale (a defect fixed, a form gone):
// it would hide the next difference it happens to match.
const stale = onlyForm ? [] : allow.filter((a) => !used.has(a));
if (stale.length) {
  console.log('STALE allowlist entries (no difference matches them; remove them):');
  for (const a of stale) console.log(`  ${a.status} ${a.form} ${a.kind} ${a.path}: ${a.reason}`);
  process.exit(1);
}
