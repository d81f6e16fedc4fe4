// The JS tests of `service`, shared by the Node package (bindings-node/test/service.test.mjs) and
// the WASM package (bindings-wasm/test/service.test.mjs). `binding` is the package's helpers.mjs
// export. They run tests/cases/service.json as core/tests/cases_service.rs does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadCases } from "./cases.mjs";

/** RFC 7386 JSON merge patch (a copy). */
function merge(target, patch) {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return structuredClone(patch);
  const out = target && typeof target === "object" && !Array.isArray(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = merge(out[k], v);
  }
  return out;
}

/** `expected` is a subset of `actual` (core/tests/cases_service.rs's rule); the first difference or null. */
function subset(expected, actual, at = "") {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
    for (let i = 0; i < expected.length; i++) {
      const d = subset(expected[i], actual[i], `${at}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (expected && typeof expected === "object") {
    if (!actual || typeof actual !== "object" || Array.isArray(actual)) return `${at}: expected an object, got ${JSON.stringify(actual)}`;
    for (const [k, v] of Object.entries(expected)) {
      const d = subset(v, actual[k] ?? null, `${at}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return expected === actual ? null : `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

export default function serviceTests({ sportello }) {
  const { Service, Catalogue } = sportello;
  const doc = loadCases("service");
  const load = (input) => Service.fromJson(merge(doc.service, input.patch ?? {}), doc.calendars);

  function run(c) {
    const inp = c.input;
    switch (c.kind) {
      case "load": {
        const s = load(inp);
        return { id: s.id, charges: s.charges(), statuses: s.graph().states.map((x) => x.status).filter((v, i, a) => a.indexOf(v) === i).sort((a, b) => a - b) };
      }
      case "decide":
        return load(inp).decide(inp.identity, inp.now, inp.acting ?? null);
      case "start":
        return load(inp).start(inp.request, inp.now);
      case "catalogue":
        return Catalogue.fromJson(inp.services.map((p) => merge(doc.service, p)), doc.calendars).listing(inp.audience, inp.lang);
      case "journey":
        return load(inp).walk(inp.journey);
      default:
        throw new Error(`unknown kind ${c.kind}`);
    }
  }

  test("reference cases (tests/cases/service.json)", () => {
    const failures = [];
    for (const c of doc.cases) {
      let got, error;
      try {
        got = run(c);
      } catch (e) {
        if (!e.code) throw e;
        error = e.details;
      }
      const d = "expected" in c
        ? (error ? `error ${JSON.stringify(error)}` : subset(c.expected, got))
        : (error ? subset(c.error, error) : "no error");
      if (d) failures.push(`${c.name}: ${d}`);
    }
    assert.deepEqual(failures, []);
    assert.ok(doc.cases.length >= 45);
  });

  test("a dangling reference or an unknown key is refused with its path", () => {
    const dangling = merge(doc.service, { calendar: "nessuno" });
    assert.throws(() => Service.fromJson(dangling, doc.calendars), (e) => e.code === "service.unknown_calendar" && e.details.path === "calendar");
    const office = merge(doc.service, { assignment: { rules: [], default: "urp" } });
    assert.throws(() => Service.fromJson(JSON.stringify(office), doc.calendars), (e) => e.code === "service.unknown_office" && e.details.path === "assignment.default");
    const unknown = merge(doc.service, { card: { colour: "blu" } });
    assert.throws(() => Service.fromJson(unknown, doc.calendars), (e) => e.code === "json" && e.details.path === "card.colour");
  });

  test("the reference journey: objects in, the core's shapes out", () => {
    const s = load({});
    const c = doc.cases.find((x) => x.kind === "journey" && "expected" in x);
    const r = s.walk(c.input.journey);
    assert.equal(r.status, 7000);
    assert.equal(r.started.office, "edilizia");
    assert.deepEqual(r.steps.map((x) => x.statuses), c.expected.steps.map((x) => x.statuses));
    assert.equal(r.steps.at(-1).booking.status, "confirmed");
    assert.deepEqual(s.toObject(), JSON.parse(s.toJson()));
    assert.equal(Service.fromJson(s.toJson(), doc.calendars).id, "accesso-atti");
    const cat = Catalogue.fromJson([doc.service], doc.calendars);
    assert.deepEqual(cat.ids, ["accesso-atti"]);
    assert.equal(cat.get("accesso-atti").id, "accesso-atti");
    assert.throws(() => cat.get("nessuno"), (e) => e.code === "service.unknown_service");
  });
}
