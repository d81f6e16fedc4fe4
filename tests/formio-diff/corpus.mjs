// What the differential test (diff.mjs) and the speed comparison with processSync
// (benches/peers/forms_formio/bench.mjs) share: the corpus's nested forms, the seeded submission
// generator, and Form.io's server run (@formio/core processSync, the two passes of its server).
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { processSync, ProcessTargets } = require('@formio/core');
// Form.io's server gives evaluated JavaScript lodash as `_` and moment (the versions @formio/core
// depends on, pinned here); @formio/core's evaluator reads free names from the global scope.
globalThis._ = require('lodash');
globalThis.moment = require('moment');

// ---------- deterministic PRNG (mulberry32) ----------
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export function hash(s) {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

// ---------- walking a form ----------
export const LAYOUT = new Set(['panel', 'fieldset', 'columns', 'well', 'table', 'tabs', 'htmlelement', 'content', 'button']);
export function childrenOf(c) {
  const out = [];
  if (Array.isArray(c.components)) out.push(...c.components);
  if (Array.isArray(c.columns)) for (const col of c.columns) out.push(...(col?.components ?? []));
  if (Array.isArray(c.rows)) for (const row of c.rows) for (const cell of row ?? []) out.push(...(cell?.components ?? []));
  return out.filter((x) => x && typeof x === 'object');
}
export function optionsOf(c) {
  let json = c.dataSrc === 'json' ? c.data?.json : undefined;
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json);
    } catch {
      json = undefined;
    }
  }
  // a select's `data.json`: the items, or their `valueProperty`
  if (Array.isArray(json)) return json.map((v) => (v && typeof v === 'object' ? v[c.valueProperty || 'value'] : v)).filter((v) => v !== undefined && v !== '');
  const vals = c.values ?? c.data?.values ?? [];
  return Array.isArray(vals) ? vals.map((v) => v?.value).filter((v) => v !== undefined && v !== '') : [];
}
// Constants the form's conditions compare with: strings and numbers, by component key.
export function conditionConstants(form) {
  const out = [];
  const walk = (x) => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (x && typeof x === 'object') {
      for (const [k, v] of Object.entries(x)) {
        if ((k === 'eq' || k === 'value') && (typeof v === 'string' || typeof v === 'number')) out.push(v);
        if (k === 'conditional' || k === 'conditions' || k === 'json' || k === 'logic' || k === 'trigger' || typeof v === 'object') walk(v);
      }
    }
  };
  walk(form.components);
  return [...new Set(out.filter((v) => v !== ''))];
}

export function generate(form, r) {
  const pool = conditionConstants(form);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const words = ['a', 'abc', 'Mario', 'Rossi', 'test@example.it', '12345', '  '];
  const value = (c) => {
    const opts = optionsOf(c);
    const strPool = pool.filter((v) => typeof v === 'string');
    const numPool = pool.filter((v) => typeof v === 'number');
    switch (c.type) {
      case 'checkbox':
        return pick([true, false, undefined]);
      case 'radio':
      case 'select': {
        const base = opts.length ? opts : strPool.length ? strPool : ['a'];
        if (c.multiple && c.type === 'select') {
          if (r() < 0.2) return [];
          return [...new Set([pick(base), pick(base)])];
        }
        return r() < 0.15 ? '' : r() < 0.1 ? undefined : pick(base);
      }
      case 'selectboxes': {
        if (r() < 0.1) return undefined;
        const o = {};
        for (const k of opts) o[k] = r() < 0.4;
        return o;
      }
      case 'number':
      case 'currency':
        return r() < 0.2 ? undefined : pick([0, 1, 5, 42, 2026, ...numPool]);
      case 'textfield':
      case 'textarea':
      case 'email':
      case 'phoneNumber':
      case 'hidden':
        return r() < 0.2 ? undefined : r() < 0.2 ? '' : r() < 0.5 && strPool.length ? pick(strPool) : pick(words);
      default:
        return undefined; // datetime, day, file, address, signature, ...: left empty
    }
  };
  // Fill `obj` with the values of the data components under `comps`.
  const fill = (comps, obj, depth) => {
    for (const c of comps) {
      if (!c || typeof c !== 'object') continue;
      const key = c.key;
      if (LAYOUT.has(c.type) || (c.input === false && !['container', 'datagrid', 'editgrid'].includes(c.type))) {
        fill(childrenOf(c), obj, depth);
        continue;
      }
      if (!key) continue;
      if (c.type === 'container') {
        if (r() < 0.1) continue;
        const inner = {};
        fill(childrenOf(c), inner, depth + 1);
        setPath(obj, key, inner);
      } else if (c.type === 'datagrid' || c.type === 'editgrid') {
        if (r() < 0.1 || depth > 2) continue;
        const rows = [];
        const n = Math.floor(r() * 4);
        for (let i = 0; i < n; i++) {
          const row = {};
          fill(childrenOf(c), row, depth + 1);
          rows.push(row);
        }
        setPath(obj, key, rows);
      } else if (c.type === 'form') {
        continue;
      } else {
        let v = value(c);
        if (c.multiple && !['select', 'selectboxes', 'file'].includes(c.type) && v !== undefined) v = r() < 0.2 ? [] : [v];
        if (v !== undefined) setPath(obj, key, v);
      }
    }
  };
  const data = {};
  fill(form.components ?? [], data, 0);
  return data;
}
// A key is a lodash path (`a.b`, `a[0].b`), as Form.io reads and writes it.
export function setPath(obj, key, v) {
  const parts = String(key)
    .split('.')
    .flatMap((p) => {
      const m = /^(.+)\[(\d+)\]$/.exec(p);
      return m ? [m[1], Number(m[2])] : [p];
    });
  let o = obj;
  parts.slice(0, -1).forEach((p, i) => {
    const array = typeof parts[i + 1] === 'number';
    if (!o[p] || typeof o[p] !== 'object' || Array.isArray(o[p]) !== array) o[p] = array ? [] : {};
    o = o[p];
  });
  o[parts[parts.length - 1]] = v;
}

// ---------- running Form.io ----------
// Form.io's server runs `calculateValue` only with `calculateServer: true` and otherwise keeps what
// the browser computed and sent; sportello computes on the server what the browser would have: so
// Form.io is asked to compute every calculation too (`calculateServer` set on a copy of the form).
export function calculateOnServer(comps) {
  for (const c of comps ?? []) {
    if (!c || typeof c !== 'object') continue;
    if (c.calculateValue) c.calculateServer = true;
    calculateOnServer(childrenOf(c));
  }
}
// The form as Form.io's server runs it: a copy with every calculation computed on the server.
export function serverForm(form) {
  const f = structuredClone(form);
  calculateOnServer(f.components);
  return f;
}
// One submission through Form.io's server (`data` is changed in place): its processSync context.
export function serverRun(f, data, observers = []) {
  const submission = { data };
  const context = {
    form: f,
    submission,
    data: submission.data,
    components: f.components,
    processors: ProcessTargets.submission,
    scope: {},
    config: { server: true },
  };
  const saved = [console.log, console.warn, console.error];
  console.log = console.warn = console.error = () => {}; // its evaluator logs thrown JavaScript
  try {
    processSync(context);
    context.processors = [...ProcessTargets.evaluator, ...observers];
    processSync(context);
  } finally {
    [console.log, console.warn, console.error] = saved;
  }
  return context;
}
// A processor run after the evaluator's: the paths of the components Form.io's server took as
// conditionally hidden through a hidden parent (clearHidden marks them in the component's
// `scope`), which its `conditionals` do not list (a layout parent, a panel, has a path of its own
// that is no prefix of its children's data paths).
const hiddenByParent = {
  name: 'hiddenByParent',
  shouldProcess: () => true,
  processSync: ({ component, path, scope }) => {
    if (component.scope?.conditionallyHidden && path) (scope.hiddenByParent ??= []).push(path);
  },
};
export function runFormio(form, data) {
  const context = serverRun(serverForm(form), structuredClone(data), [hiddenByParent]);
  const hiddenOwn = new Set((context.scope.conditionals ?? []).filter((c) => c.conditionallyHidden).map((c) => c.path));
  for (const p of context.scope.hiddenByParent ?? []) hiddenOwn.add(p);
  const evaluated = (context.scope.conditionals ?? []).map((c) => c.path);
  const errors = (context.scope.errors ?? []).map((e) => ({
    path: e.context?.path ?? e.context?.key ?? '',
    kind: e.ruleName ?? e.errorKeyOrMessage,
  }));
  return { hiddenOwn, evaluated, errors, data: context.data };
}

// Nested forms referenced by id ({"type": "form", "form": "<_id>"}) are resolved from the corpus
// forms with that `_id`: given to sportello as `FormOptions.forms`, and expanded in place for
// Form.io, as its API's `?full=true` does.
export function formsById(corpus) {
  const byId = {};
  for (const f of readdirSync(corpus).filter((f) => f.endsWith('.json'))) {
    const j = JSON.parse(readFileSync(join(corpus, f), 'utf8'));
    if (j && j._id) byId[j._id] = j;
  }
  return byId;
}
export function expandNested(comps, byId, depth = 0) {
  for (const c of comps ?? []) {
    if (!c || typeof c !== 'object') continue;
    if (c.type === 'form' && !c.components && byId[c.form] && depth < 8) c.components = structuredClone(byId[c.form].components);
    expandNested(childrenOf(c), byId, depth + 1);
  }
}
