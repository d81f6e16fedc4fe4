// The JS tests of `notify`, shared by the Node package (bindings-node/test/notify.test.mjs) and the
// WASM package (bindings-wasm/test/notify.test.mjs): both export the same API (`NotifySettings`,
// `notify`), generated from one description (bindings-js/src/notify.rs). The semantics of the
// reference cases (tests/cases/notify.json) are described in the "runner" section of that file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadCases } from "./cases.mjs";

/** `expected` is a subset of `actual` (null matches a missing key; arrays have equal length; a
 * `bodyContains` key lists fragments of `body`). */
function matches(expected, actual, path = "result") {
  if (expected === null) {
    assert.ok(actual === null || actual === undefined, `${path}: expected nothing, got ${JSON.stringify(actual)}`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length, `${path}: expected ${expected.length} items, got ${JSON.stringify(actual)}`);
    expected.forEach((e, i) => matches(e, actual[i], `${path}[${i}]`));
  } else if (typeof expected === "object") {
    assert.ok(actual && typeof actual === "object", `${path}: expected an object, got ${JSON.stringify(actual)}`);
    for (const [k, v] of Object.entries(expected)) {
      if (k === "bodyContains") {
        for (const f of v) assert.ok(actual.body.includes(f), `${path}.body: ${JSON.stringify(actual.body)} does not contain ${JSON.stringify(f)}`);
      } else {
        matches(v, actual[k], `${path}.${k}`);
      }
    }
  } else {
    assert.deepEqual(actual, expected, `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

function context(ref, named) {
  if (ref === undefined) return named.office;
  if (typeof ref === "string") return named[ref];
  if (ref.$base) {
    const { $base, ...over } = ref;
    return { ...named[$base], ...over };
  }
  return ref;
}

function run({ NotifySettings, notify }, c, named) {
  const inp = c.input;
  const settings = NotifySettings.fromObject(inp.settings ?? {});
  switch (c.fn) {
    case "settings": {
      assert.equal(NotifySettings.fromJson(settings.toJson()).toJson(), settings.toJson());
      return { valid: true, json: settings.toObject() };
    }
    case "due": {
      const ctx = context(inp.context, named);
      const first = notify.due(inp.event, settings, ctx, inp.now ?? null);
      const again = notify.due(inp.event, settings, ctx, inp.now ?? null);
      assert.deepEqual(first, again, "due is not deterministic");
      assert.equal(new Set(first.map((n) => n.id)).size, first.length, "ids repeat");
      return first;
    }
    default:
      throw new Error(`unknown fn ${c.fn}`);
  }
}

function checkCase(api, c, named) {
  if (c.error) {
    assert.throws(() => run(api, c, named), (e) => {
      assert.equal(e.code, c.error, `${c.name}: ${e.message}`);
      if (c.errorDetails) matches(c.errorDetails, e.details, "error");
      return true;
    });
  } else {
    matches(c.expected, run(api, c, named));
  }
}

export default function notifyTests({ sportello }) {
  const { NotifySettings, notify } = sportello;
  const cases = loadCases("notify");

  test("reference cases", async (t) => {
    for (const c of cases.cases) {
      await t.test(c.name, () => checkCase(sportello, c, cases.contexts));
    }
  });

  test("settings are loaded once; hostile input is refused with its path", () => {
    const s = NotifySettings.fromJson('{"languages": ["it", "de"]}');
    assert.deepEqual(s.languages, ["it", "de"]);
    assert.deepEqual(s.channels, ["email"]);
    assert.throws(() => NotifySettings.fromObject({ events: { paymentPaid: { enabled: false, sms: true } } }),
      (e) => e.code === "json" && e.details.path === "value.events.paymentPaid.sms");
    assert.throws(() => NotifySettings.fromObject({ languages: "it" }), (e) => e.code === "json" && e.details.path === "value.languages");
    assert.throws(() => NotifySettings.fromObject([]), (e) => e.code === "argument");
    assert.throws(() => NotifySettings.fromJson('{"events": {"practiceTransition.2000": {"operators": false}}}'),
      (e) => e.code === "notify.operators_mandatory" && e.details.path === "events.practiceTransition.2000.operators");
    const event = { kind: "paymentPaid", practice: "P-1", payment: "1", amount: "16.00", at: "2026-03-02T09:00:00+01:00" };
    assert.throws(() => notify.due({ ...event, extra: 1 }, s, {}, null), (e) => e.code === "json" && e.message.includes("unknown field `extra`"));
    assert.throws(() => notify.due(event, s, { citizen: { name: 1 } }, null), (e) => e.code === "json" && e.details.path.endsWith("citizen.name"));
    assert.throws(() => notify.due(event, s.toObject(), {}, null), (e) => e.code === "json" && e.details.path === "settings");
    assert.throws(() => notify.due(event, s, {}, "yesterday"), (e) => e.code === "argument");
    assert.deepEqual(notify.due(event, s, {}, null), []);
  });

  test("template variables", () => {
    assert.deepEqual(notify.templateVariables("accountActivation"), ["entity", "service", "serviceId", "recipientName", "citizenName", "link", "keyAvailableFrom"]);
    assert.throws(() => notify.templateVariables("nothing"), (e) => e.code === "argument");
  });
}
