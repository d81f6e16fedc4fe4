// Generates core/tests/data/jsonlogic-random-2000.json: 2,000 random JSON Logic rules over one
// data object, with the result json-logic-js 2.0.5 (the engine Form.io runs) gives for each, as
// JSON (JSON.stringify: NaN and infinities become null). Read by
// core/tests/forms_jsonlogic_differential.rs. json-logic-js is a test-time tool, not a
// dependency of the project:
//
//   npm install --prefix /tmp/jl json-logic-js@2.0.5
//   NODE_PATH=/tmp/jl/node_modules node core/tests/data/jsonlogic-random-gen.js > core/tests/data/jsonlogic-random-2000.json
//
// The generator is seeded (same output on every run; `SEED=n` for another set). Rules json-logic-js throws on (e.g. `in`
// over a number) are left out. Leaves favour values that make NaN and infinities inside an
// evaluation (strings in arithmetic, division by zero), where engines tend to differ.
'use strict';
const jsonLogic = require('json-logic-js');

let seed = Number(process.env.SEED || 16);
function rnd() {
  // mulberry32
  seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rnd() * a.length)];

const data = {
  n: 5, z: 0, neg: -2, d: 3.5, s: 'x', ns: '12', sd: '2.5', e: '', sp: ' ', b: true, f: false, nil: null,
  arr: [1, 2], one: [7], sarr: ['a', 'b'], empty: [], nested: [[1], [2]], obj: { k: 1 }, inf: 'Infinity',
};
const vars = Object.keys(data).concat(['missing', 'arr.0', 'sarr.1', 'obj.k', 'obj.nope']);
const leaves = [0, 1, -1, 2, 3.5, -0.5, 10, 1e21, '', 'x', 'y', '1', '0', '3.5', ' ', 'NaN', 'abc', true, false, null, [], [1, 2], ['a'], [0]];

function leaf() {
  if (rnd() < 0.45) {
    const r = { var: pick(vars) };
    return rnd() < 0.1 ? { var: [r.var, pick(leaves)] } : r;
  }
  return pick(leaves);
}

const ops = {
  '+': [1, 3], '-': [1, 2], '*': [2, 3], '/': [2, 2], '%': [2, 2], min: [1, 3], max: [1, 3],
  '<': [2, 3], '<=': [2, 3], '>': [2, 2], '>=': [2, 2], '==': [2, 2], '!=': [2, 2], '===': [2, 2], '!==': [2, 2],
  '!': [1, 1], '!!': [1, 1], and: [1, 3], or: [1, 3], if: [1, 5], cat: [1, 3], substr: [2, 3], in: [2, 2], merge: [1, 3],
};
const opNames = Object.keys(ops);
// Operators over arrays, with a rule applied to each item.
const arrayOps = ['map', 'filter', 'all', 'some', 'none', 'reduce'];

function rule(depth) {
  if (depth <= 0 || rnd() < 0.25) return leaf();
  if (rnd() < 0.08) {
    const op = pick(arrayOps);
    const items = pick([{ var: 'arr' }, { var: 'sarr' }, { var: 'empty' }, { var: 'nested' }, [1, 'a', null], { var: 's' }]);
    if (op === 'reduce') {
      return { reduce: [items, { [pick(['+', '-', '*', 'cat', '<'])]: [{ var: 'current' }, { var: 'accumulator' }] }, pick(leaves)] };
    }
    const inner = { [pick(['+', '-', '<', '==', 'cat', '!', '%'])]: [{ var: '' }, pick(leaves)] };
    return { [op]: [items, inner] };
  }
  const op = pick(opNames);
  const [lo, hi] = ops[op];
  const n = lo + Math.floor(rnd() * (hi - lo + 1));
  const args = [];
  for (let i = 0; i < n; i++) args.push(rule(depth - 1));
  return { [op]: args };
}

const cases = [];
while (cases.length < 2000) {
  const r = rule(1 + Math.floor(rnd() * 4));
  if (r === null || typeof r !== 'object' || Array.isArray(r)) continue;
  let result;
  try {
    result = jsonLogic.apply(r, data);
  } catch (e) {
    continue;
  }
  const text = JSON.stringify(result === undefined ? null : result);
  cases.push({ rule: r, expected: JSON.parse(text) });
}
process.stdout.write(JSON.stringify({
  about: 'Random JSON Logic rules and the results of json-logic-js 2.0.5 (JSON.stringify of each result). Made by jsonlogic-random-gen.js in this folder; read by core/tests/forms_jsonlogic_differential.rs.',
  data,
  cases,
}) + '\n');
