// The JS tests of `forms`, shared by the Node package (bindings-node/test/forms.test.mjs) and the
// WASM package (bindings-wasm/test/forms.test.mjs). `binding` is the package's helpers.mjs export.
// Both packages are generated from one description (bindings-js): an absent value is `null`, as
// argument and as result, and every error carries `.code` and `.details`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadCases } from "./cases.mjs";

const CF_CODES = new Set(["codiceFiscale", "partitaIva", "cfMismatch"]);

function same(a, b) {
  if (typeof a === "number" && typeof b === "number") return a === b;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
    return same(ka, kb) && ka.every((k) => same(a[k], b[k]));
  }
  return a === b;
}

// A seeded `rand(n)` in 0..n (mulberry32): the low bits of a plain LCG repeat too soon for `% n`
// over a few choices, so some branches of a random test would never run.
function random(seed) {
  return (n) => {
    let t = (seed = (seed + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

export default function formsTests({ sportello, name }) {
  const { Form, Logic, forms } = sportello;
  const cfIsReal = () => forms.applyLogic({ codice_fiscale: "RSSMRA80A01H501U" }) === true;

  const load = (form, options) => Form.fromFormio(form, options ?? null);

  // The matching rules of core/tests/cases_forms.rs.
  function compare(form, data, context, expected) {
    const got = form.evaluate(data, context ?? null);
    const diffs = [];
    const real = cfIsReal();
    if (expected.errors) {
      const keep = (e) => real || !CF_CODES.has(e.code);
      const pair = (e) => `${e.path}|${e.code}`;
      const exp = expected.errors.filter(keep), act = got.errors.filter(keep);
      const ep = exp.map(pair).sort(), ap = act.map(pair).sort();
      if (!same(ep, ap)) diffs.push(`errors: expected ${ep}, got ${ap}`);
      for (const e of exp) if (e.message && !act.some((a) => pair(a) === pair(e) && a.message === e.message)) diffs.push(`message of ${pair(e)}`);
    }
    for (const list of ["visible", "hidden"]) for (const p of expected[list] ?? []) if (!got[list].includes(p)) diffs.push(`${list}: ${p} missing`);
    for (const k of ["data", "computed", "assignedOffice"]) if (k in expected && !same(expected[k], got[k])) diffs.push(`${k}: expected ${JSON.stringify(expected[k])}, got ${JSON.stringify(got[k])}`);
    if (real && "valid" in expected && expected.valid !== got.valid) diffs.push("valid");
    return diffs;
  }

  test("the official JSON Logic suite passes in full", () => {
    const cases = loadCases("forms/jsonlogic-official-tests.json").filter((c) => typeof c !== "string");
    assert.equal(cases.length, 275);
    const failures = cases.filter(([rule, data, expected]) => !same(forms.applyLogic(rule, data), expected));
    assert.deepEqual(failures, []);
  });

  test("reference cases", () => {
    const failures = [];
    for (const c of loadCases("forms").cases) {
      if (c.needsCf && !cfIsReal()) continue;
      const inp = c.input;
      try {
        if (c.fn === "applyLogic") {
          const got = forms.applyLogic(inp.rule, inp.data);
          if (c.error || !same(got, c.expected)) failures.push([c.name, got]);
        } else if (c.fn === "fromFormio") {
          const got = load(inp.form, inp.options).conditionCount;
          if (c.error || got !== c.expected) failures.push([c.name, got]);
        } else {
          const form = load(inp.form, inp.options);
          if (c.expected.error) {
            assert.throws(() => form.evaluate(inp.data, inp.context ?? null), (e) => e.code === c.expected.error);
            continue;
          }
          const d = compare(form, inp.data, inp.context, c.expected);
          if (d.length) failures.push([c.name, d]);
        }
      } catch (e) {
        if (e.code !== c.error) failures.push([c.name, e.code, e.message]);
      }
    }
    assert.deepEqual(failures, []);
  });

  test("reference forms", () => {
    const failures = [];
    let n = 0;
    for (const f of loadCases("forms").referenceForms) {
      const rf = loadCases(f);
      const form = load(rf.form, rf.options);
      for (const s of rf.submissions) {
        n++;
        const d = compare(form, s.data, s.context, s.expected);
        if (d.length) failures.push([f, s.name, d]);
      }
    }
    assert.ok(n >= 20);
    assert.deepEqual(failures, []);
  });

  test("the seed delegation form shows and hides its sections", () => {
    const rf = loadCases("forms/delega.json");
    const form = Form.fromFormio(JSON.stringify(rf.form), rf.options);
    assert.equal(form.conditionCount, 3);
    const r = form.evaluate({ presentazione: "delegato" }, { today: "2026-06-15" });
    assert.ok(r.visible.includes("pannelloBeneficiario") && r.visible.includes("documentiDelega"));
    assert.equal(r.assignedOffice, "anagrafe-deleghe");
    const back = form.evaluate({ presentazione: "perSe", beneficiario: { nome: "x" } });
    assert.ok(back.hidden.includes("pannelloBeneficiario"));
    assert.equal(back.data.beneficiario, undefined);
  });

  test("errors carry the code", () => {
    assert.throws(
      () => Form.fromFormio({ components: [{ type: "textfield", key: "a", customConditional: "document.title = 'x'" }] }),
      (e) => e.code === "forms.unsupported_condition" && /component a/.test(e.message),
    );
    assert.throws(() => forms.applyLogic({ method: ["x", "toUpperCase"] }), (e) => e.code === "forms.unknown_operator");
  });

  test("a compiled Logic is reusable", () => {
    const rule = new Logic({ if: [{ var: "a" }, "sì", "no"] });
    assert.deepEqual([rule.apply({ a: 1 }), rule.apply({ a: 0 })], ["sì", "no"]);
    assert.deepEqual(rule.rule, { if: [{ var: "a" }, "sì", "no"] });
    assert.equal(forms.truthy([]), false);
    assert.deepEqual(forms.translateJs("show = data.x === 'y'"), { "===": [{ var: "data.x" }, "y"] });
  });

  test("an absent value is null; translateJs's default target is the core's", () => {
    assert.equal(forms.applyLogic({ var: "x" }), null);
    assert.equal(forms.applyLogic({ var: "x" }, null), null);
    assert.equal(new Logic({ var: "a" }).apply(), null);
    assert.equal(new Logic({ var: "a" }).apply(undefined), null);
    assert.equal(forms.truthy(null), false);
    const form = Form.fromFormio({ components: [{ type: "textfield", key: "a" }] }, null);
    assert.equal(form.evaluate({}, null).assignedOffice, null);
    assert.equal(form.title, "");
    assert.deepEqual(forms.translateJs("show = data.x === 'y'", null), forms.translateJs("show = data.x === 'y'", "show"));
    assert.deepEqual(forms.translateJs("value = data.x", "value"), { var: "data.x" });
    assert.throws(() => forms.translateJs("value = data.x"), (e) => e.code === "forms.unsupported_condition");
  });

  test("options objects refuse unknown keys; a wrong argument names its parameter", () => {
    const components = [{ type: "textfield", key: "a" }];
    assert.throws(() => Form.fromFormio({ components }, { office: { default: "urp" } }), (e) => e.code === "json" && /^options\.office: unknown field/.test(e.message) && e.details.code === e.code);
    assert.throws(() => Form.fromFormio({ components }, { typeAlias: {} }), (e) => e.code === "json" && /^options\.typeAlias: unknown field/.test(e.message));
    const form = Form.fromFormio({ components }, { typeAliases: {}, offices: { rules: [], default: "urp" } });
    assert.equal(form.evaluate({ a: "x" }, { today: "2026-06-15", vars: {} }).assignedOffice, "urp");
    assert.throws(() => form.evaluate({ a: "x" }, { todey: "2026-06-15" }), (e) => e.code === "json" && /^context\.todey: unknown field/.test(e.message));
    assert.throws(() => form.evaluateJson("{}", { todey: "2026-06-15" }), (e) => e.code === "json" && /^context\.todey: unknown field/.test(e.message));
    assert.throws(() => form.evaluate({ a: "x" }, { today: "15/06/2026" }), (e) => e.code === "json" && /^context\.today: /.test(e.message));
    assert.throws(() => form.evaluateJson(42), (e) => e.code === "argument" && /^data: invalid type/.test(e.message));
    assert.throws(() => form.evaluateJson({ a: "x" }), (e) => e.code === "argument" && /^data: invalid type: map/.test(e.message));
    assert.throws(() => forms.translateJs(42), (e) => e.code === "argument" && /\bsrc\b/.test(e.message));
    assert.throws(() => Form.fromFormio("{"), (e) => e.code === "json" && e.details.code === "json");
    assert.throws(() => form.evaluate("[1]"), (e) => e.code === "forms.invalid");
    assert.throws(() => new Logic({ nope: [] }), (e) => e.code === "forms.unknown_operator" && e.details.operator === "nope");
  });

  test("evaluateJson is evaluate with JSON text in and out", () => {
    const rf = loadCases("forms/delega.json");
    const form = Form.fromFormio(rf.form, rf.options);
    const data = { presentazione: "delegato" };
    assert.deepEqual(JSON.parse(form.evaluateJson(JSON.stringify(data), { today: "2026-06-15" })), form.evaluate(data, { today: "2026-06-15" }));
    assert.deepEqual(form.evaluate(JSON.stringify(data), { today: "2026-06-15" }), form.evaluate(data, { today: "2026-06-15" }));
  });

  test("an evaluation's data, parsed on its first read, is an ordinary property of the JSON shape", () => {
    const rf = loadCases("forms/delega.json");
    const form = Form.fromFormio(rf.form, rf.options);
    const data = { presentazione: "delegato", extra: [1, { a: "è" }] };
    const text = form.evaluateJson(JSON.stringify(data), { today: "2026-06-15" });
    // Key order, values and the text are the core's, without reading `data` first.
    assert.equal(JSON.stringify(form.evaluate(data, { today: "2026-06-15" })), JSON.stringify(JSON.parse(text)));
    const r = form.evaluate(data, { today: "2026-06-15" });
    assert.deepEqual(Object.keys(r), Object.keys(JSON.parse(text)));
    assert.deepEqual(structuredClone(r), JSON.parse(text));
    assert.deepEqual({ ...r }, JSON.parse(text));
    const first = r.data;
    assert.equal(r.data, first, "parsed once: the same object on every read");
    assert.equal(Object.getOwnPropertyDescriptor(r, "data").writable, true);
    r.data = { replaced: true };
    assert.deepEqual(r.data, { replaced: true });
    const s = form.evaluate(data, { today: "2026-06-15" });
    s.data = null; // assigning before any read
    assert.equal(s.data, null);
    assert.deepEqual(Object.keys(s), Object.keys(JSON.parse(text)));
  });

  test("FormSession: each update is form.evaluate of the merged submission", () => {
    const { FormSession } = sportello;
    const rf = loadCases("forms/delega.json");
    const form = Form.fromFormio(rf.form, rf.options);
    const ctx = { today: "2026-06-15" };
    const session = new FormSession(form, { presentazione: "perSe" });
    const merged = { presentazione: "perSe" };
    const seen = [];
    // Changes that show and hide components, and some that do not (the paths then cross once).
    for (const change of [{}, { presentazione: "delegato" }, { delegante: "RSSMRA80A01H501U" }, { delegante: "x" }, { presentazione: "perSe" }, { extra: [1, { a: "è" }] }, {}]) {
      Object.assign(merged, change);
      const got = session.update(change, ctx);
      const want = form.evaluate(merged, ctx);
      assert.deepEqual(got, want, JSON.stringify(change));
      assert.equal(JSON.stringify(got), JSON.stringify(want), "same keys in the same order");
      seen.push(got);
    }
    assert.deepEqual(session.data, merged);
    // Removing keys (a key not held changes nothing): what is left, evaluated.
    delete merged.extra;
    assert.deepEqual(session.remove(["extra", "absent"], ctx), form.evaluate(merged, ctx));
    assert.deepEqual(session.data, merged);
    assert.throws(() => session.remove("extra"), (e) => e.code === "argument" && /^keys: /.test(e.message));
    // Every result has arrays of its own: changing one changes no other result.
    seen[seen.length - 1].visible.push("changed");
    seen[seen.length - 1].hidden.length = 0;
    assert.deepEqual(session.update({}, ctx), form.evaluate(merged, ctx));
    assert.notEqual(seen[0].visible, seen[1].visible);
    // JSON text in, as Form.evaluate; the held submission starts empty when not given.
    const fromText = new FormSession(form, JSON.stringify(merged));
    assert.deepEqual(fromText.update("{}", ctx), form.evaluate(merged, ctx));
    const empty = new FormSession(form);
    assert.deepEqual(empty.data, {});
    assert.deepEqual(empty.update({ presentazione: "delegato" }, null), form.evaluate({ presentazione: "delegato" }));
    // Changes that are not an object: the core's code; the session is unchanged.
    for (const bad of [[1], "[1]", 42, "x"]) assert.throws(() => session.update(bad), (e) => ["forms.invalid", "json", "argument"].includes(e.code) && e.details.code === e.code, String(bad));
    assert.throws(() => session.update([1]), (e) => e.code === "forms.invalid");
    assert.throws(() => new FormSession(form, [1]), (e) => e.code === "forms.invalid");
    assert.throws(() => new FormSession({}, {}), (e) => e.code === "json" && /^form: expected a Form/.test(e.message));
    assert.throws(() => session.update({}, { todey: "2026-06-15" }), (e) => e.code === "json" && /^context\.todey: unknown field/.test(e.message));
    assert.deepEqual(session.data, merged);
    // The session holds its form: freeing the form object leaves the session working.
    const own = Form.fromFormio(rf.form, rf.options);
    const held = new FormSession(own, merged);
    own.free();
    assert.deepEqual(held.update({}, ctx), form.evaluate(merged, ctx));
  });

  test("FormSession over the reference forms: random changes and removals, each one form.evaluate of the merged submission", () => {
    const { FormSession } = sportello;
    const rand = random(12345);
    for (const f of loadCases("forms").referenceForms) {
      const rf = loadCases(f);
      const form = Form.fromFormio(rf.form, rf.options ?? null);
      const values = rf.submissions.flatMap((s) => Object.entries(s.data));
      const session = new FormSession(form, null);
      const merged = {};
      for (let step = 0; step < 60; step++) {
        // One to three values taken from the reference submissions (so conditions fire), or one
        // key removed.
        let got;
        if (rand(5) === 0) {
          const [key] = values[rand(values.length)];
          delete merged[key];
          got = session.remove([key], { today: "2026-06-15" });
        } else {
          const change = {};
          for (let k = 1 + rand(3); k > 0; k--) {
            const [key, value] = values[rand(values.length)];
            change[key] = value;
          }
          Object.assign(merged, change);
          got = session.update(change, { today: "2026-06-15" });
        }
        assert.equal(JSON.stringify(got), JSON.stringify(form.evaluate(merged, { today: "2026-06-15" })), `${f} step ${step}`);
      }
    }
  });

  // Form.evaluate on an object it was given before: only the values that changed cross, to a
  // session the JS layer keeps for that object (bindings-js's Held). The oracle is the same call
  // on a fresh copy of the object, which crosses whole: the same result, key order included, or
  // the same error (code and message), at every step.
  test("Form.evaluate again on the same object: the result or error of the whole object, at every step", () => {
    const { FormSession } = sportello;
    const ctx = { today: "2026-06-15" };
    const outcome = (f) => {
      try {
        return JSON.stringify(f());
      } catch (e) {
        return `${e.code}: ${e.message}`;
      }
    };
    // What the session is sent, to check that the held path is taken.
    const update = FormSession.prototype.update;
    const sent = [];
    FormSession.prototype.update = function (changes, ...rest) {
      sent.push(changes);
      return update.call(this, changes, ...rest);
    };
    try {
      const rf = loadCases("forms/delega.json");
      const form = Form.fromFormio(rf.form, rf.options);
      const d = { presentazione: "perSe", nome: "Maria" };
      const first = form.evaluate(d, ctx);
      assert.equal(sent.length, 0, "the first call on an object crosses it whole and keeps no session");
      assert.equal(JSON.stringify(form.evaluate(d, ctx)), JSON.stringify(first));
      assert.equal(sent.length, 1, "the second call starts a session holding the object");
      d.presentazione = "delegato";
      assert.equal(outcome(() => form.evaluate(d, ctx)), outcome(() => form.evaluate({ ...d }, ctx)));
      assert.deepEqual(sent.at(-1), { presentazione: "delegato" }, "only the changed value crosses");
      assert.deepEqual(d, { presentazione: "delegato", nome: "Maria" }, "the caller's object is not changed");
      // The same object on another form: a session of its own.
      const other = Form.fromFormio(rf.form, rf.options);
      for (let i = 0; i < 3; i++) assert.equal(outcome(() => other.evaluate(d, ctx)), outcome(() => form.evaluate(d, ctx)));
    } finally {
      FormSession.prototype.update = update;
    }

    const rand = random(4242);
    const jsonRefuses = (v) => {
      try {
        const t = JSON.stringify(v);
        return t === undefined || t.includes("null") || /[\uD800-\uDFFF]/.test(t);
      } catch {
        return true;
      }
    };
    const cyclic = {};
    cyclic.self = cyclic;
    // Values that JSON leaves out, refuses or changes, and values that change inside.
    const hostile = () => [
      undefined, NaN, Infinity, -0, 10n, "\uD800", Symbol("s"), () => 1, cyclic, new Date(Date.UTC(2026, 0, 2)),
      { toJSON: () => undefined }, { toJSON: () => "x" }, [1, NaN], { a: { b: [1, { c: "è" }] } }, "x".repeat(3000), null, true,
    ];
    // Mostly changes to the keys the object has (the held path), sometimes keys added, removed
    // or moved (crossing whole again); the session's sends are counted to check both happen.
    const counted = [];
    FormSession.prototype.update = function (changes, ...rest) {
      counted.push(Object.keys(changes).length);
      return update.call(this, changes, ...rest);
    };
    try {
      for (const f of loadCases("forms").referenceForms) {
        const rf = loadCases(f);
        const form = Form.fromFormio(rf.form, rf.options ?? null);
        const values = rf.submissions.flatMap((s) => Object.entries(s.data));
        if (!values.length) continue;
        const copy = (v) => (v !== null && typeof v === "object" ? structuredClone(v) : v);
        const d = Object.fromEntries(rf.submissions[0] ? Object.entries(rf.submissions[0].data).map(([k, v]) => [k, copy(v)]) : []);
        const nested = Object.values(d).filter((v) => v !== null && typeof v === "object");
        for (let step = 0; step < 120; step++) {
          const keys = Object.keys(d);
          const some = () => keys[rand(keys.length)];
          const r = rand(24);
          if (r === 0 && keys.length) delete d[some()];
          else if (r === 1 && keys.length) {
            const k = some(); // the same keys in another order: one moved to the end
            const v = d[k];
            delete d[k];
            d[k] = v;
          } else if (r === 2 || !keys.length) {
            const [k, v] = values[rand(values.length)];
            d[k] = copy(v);
          } else if (r < 7) {
            const h = hostile();
            d[some()] = h[rand(h.length)];
          } else if (r === 7 && nested.length) {
            const o = nested[rand(nested.length)]; // changed inside, where the object holds it
            if (Array.isArray(o)) o.push(rand(10));
            else o.changed = step;
          } else {
            for (let n = 1 + rand(2); n > 0; n--) {
              const k = some();
              const same = values.filter(([key]) => key === k);
              const v = copy(same.length ? same[rand(same.length)][1] : values[rand(values.length)][1]);
              d[k] = v;
              if (v !== null && typeof v === "object") nested.push(v);
            }
          }
          // Now and then the values JSON refuses go, so that evaluations succeed again.
          if (rand(4) === 0) for (const k of Object.keys(d)) if (jsonRefuses(d[k])) d[k] = values[rand(values.length)][1];
          const context = rand(7) === 0 ? { today: "2026-01-02" } : rand(7) === 0 ? undefined : ctx;
          assert.equal(outcome(() => form.evaluate(d, context)), outcome(() => form.evaluate({ ...d }, context)), `${f} step ${step}`);
        }
      }
    } finally {
      FormSession.prototype.update = update;
    }
    const small = counted.filter((n) => n <= 3).length;
    assert.ok(small > counted.length / 2 && counted.length > 300, `the held path sent ${small} of ${counted.length} updates`);
  });

  // The held path bounds the size of what it holds (docs/LIMITS.md): an object that grows past the
  // input limit by changes each under it gets the whole object's `limit` error. (Node only: the
  // strings take 70 MiB, copied a few times.)
  test("Form.evaluate again on an object grown past the input limit: the whole object's error", { skip: name !== "node" }, () => {
    const form = Form.fromFormio({ components: [{ type: "textarea", key: "a" }, { type: "textarea", key: "b" }] });
    const d = { a: "", b: "" };
    form.evaluate(d);
    form.evaluate(d);
    d.a = "x".repeat(40 << 20);
    assert.equal(form.evaluate(d).data.a.length, 40 << 20);
    d.b = "y".repeat(30 << 20);
    assert.throws(() => form.evaluate(d), (e) => e.code === "limit" && e.details.code === "limit");
    assert.throws(() => form.evaluate({ ...d }), (e) => e.code === "limit");
    d.b = "";
    assert.equal(form.evaluate(d).data.a.length, 40 << 20);
  });

  test("Logic.apply sends only the values at the rule's data paths; the result is the same", () => {
    const data = { data: { a: { b: 1, c: 2 }, d: [1, 2], e: 5, big: "x".repeat(1000) }, x: 1 };
    const sum = new Logic({ "+": [{ var: "data.a.b" }, { var: "data.d.1" }] });
    assert.deepEqual(sum.dataPaths, ["data.a.b", "data.d.1"]);
    assert.equal(sum.apply(data), 3);
    // The same as the whole data through forms.applyLogic, which sends everything.
    for (const d of [data, { data: { a: 4, d: "xy" } }, { data: [1, 2] }, null, {}]) {
      assert.deepEqual(sum.apply(d), forms.applyLogic(sum.rule, d), JSON.stringify(d));
    }
    const dynamic = new Logic({ missing: ["data.a.b", "data.z"] });
    assert.equal(dynamic.dataPaths, null);
    assert.deepEqual(dynamic.apply(data), ["data.z"]);
    const whole = new Logic({ var: "data.a" });
    assert.deepEqual(whole.apply(data), { b: 1, c: 2 });
    assert.deepEqual(data.data.a, { b: 1, c: 2 }, "the caller's object is not changed");
  });

  // The values at a rule's paths cross without JSON when each is a JSON scalar or absent
  // (sportello_js::Picked::At, Logic::apply_at); anything else takes the JSON path. Either way
  // the result, or the error's code, is the one of the data the rule reads through
  // forms.applyLogic.
  test("Logic.apply on picked values: the results and errors of the data the rule reads", () => {
    const outcome = (f) => {
      try {
        return { ok: f() };
      } catch (e) {
        return { code: e.code };
      }
    };
    const rules = [
      { var: ["a.b", "default"] },
      { "==": [{ var: "a.b" }, null] },
      { "===": [{ var: "a.b" }, 0] },
      { cat: [{ var: "a.b" }, "|", { var: "c" }] },
      { "+": [{ var: "a.b" }, { var: "c" }] },
      { in: [{ var: "c" }, ["x", 1, true]] },
      { if: [{ var: "a.b" }, { var: "c" }, "no"] },
      { "<": [1, { var: "a.b" }, 1e22] },
      { var: "a.b" },
    ];
    const scalars = [undefined, null, true, false, 0, -0, 1, -5, 0.1, 1e21, 2 ** 53 + 2, -(2 ** 63), 18446744073709549568, 2 ** 60, 2 ** 64, -3 * 2 ** 62, 123456789012345680000, 9.007199254740993e15, 0.30000000000000004,
      "", "0", "x", "é€😀", "\ud800", NaN, Infinity, -Infinity, 10n, () => 1, Symbol("s"),
      [1], {}, { b: 1 }, new Date(0), { toJSON: () => ({ b: 7 }) }];
    const shapes = [];
    for (const v of scalars) {
      shapes.push({ a: { b: v }, c: v }, { a: v, c: "x" }, { a: { b: 1, other: v }, c: 1 });
    }
    shapes.push(null, {}, [], "text", { a: [1, 2], c: 1 }, Object.create({ a: { b: 1 } }));
    const boom = () => {
      throw new Error("boom");
    };
    shapes.push({ a: { get b() { return boom(); } }, c: 1 }, { get a() { return boom(); }, c: 1 });
    // The part of `d` at `paths` (a value that is not an object ends the walk, taken whole).
    const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
    const readBy = (paths, d) => {
      if (!isObject(d) || typeof d.toJSON === "function") return d;
      const out = {};
      for (const path of paths) {
        let [src, dst] = [d, out];
        const keys = path.split(".");
        for (let i = 0; i < keys.length && Object.hasOwn(src, keys[i]); i++) {
          const v = src[keys[i]];
          if (i === keys.length - 1 || !isObject(v) || typeof v.toJSON === "function") {
            dst[keys[i]] = v;
            break;
          }
          dst = dst[keys[i]] ??= {};
          src = v;
        }
      }
      return out;
    };
    let compared = 0;
    for (const rule of rules) {
      const logic = new Logic(rule);
      for (const d of shapes) {
        const got = outcome(() => logic.apply(d));
        // A value the rule does not read is not read, whatever it is (as json-logic-js).
        // A getter that throws on the rule's way: the whole data, whose encoding reports it.
        let read = d;
        try {
          read = readBy(logic.dataPaths, d);
        } catch {}
        const want = outcome(() => forms.applyLogic(rule, read));
        const shown = outcome(() => JSON.stringify(d, (k, v) => (typeof v === "bigint" ? "BigInt" : v))).ok ?? "(a throwing getter)";
        assert.deepEqual(got, want, `${JSON.stringify(rule)} on ${shown}`);
        compared++;
      }
    }
    assert.ok(compared > 500);
  });
}
