// The binding contract of issue 14, shared by the Node package (bindings-node/test/contract.test.mjs)
// and the WASM package (bindings-wasm/test/contract.test.mjs): both are made from the one
// description in bindings-js, so the package exports exactly the manifest's API, and every
// argument, absent value and error behaves the same.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const manifest = JSON.parse(fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "../../bindings-js/manifest.json"), "utf8"));
const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

export default function contractTests({ sportello }) {
  test("the package exports every entry of the manifest, and nothing else", () => {
    for (const e of manifest.entries) {
      const name = camel(e.name);
      if (e.kind === "fn") assert.equal(typeof sportello[e.owner]?.[name], "function", `${e.owner}.${name}`);
      else {
        const cls = sportello[e.owner];
        assert.equal(typeof cls, "function", e.owner);
        if (e.kind === "static") assert.equal(typeof cls[name], "function", `${e.owner}.${name}`);
        if (e.kind === "method") assert.equal(typeof cls.prototype[name], "function", `${e.owner}#${name}`);
        if (e.kind === "getter") assert.equal(typeof Object.getOwnPropertyDescriptor(cls.prototype, name)?.get, "function", `${e.owner}#${name}`);
      }
    }
    const owners = new Set(manifest.entries.map((e) => e.owner));
    const extra = Object.keys(sportello).filter((k) => !owners.has(k) && !["version", "default", "initSync"].includes(k));
    assert.deepEqual(extra, [], "exports the manifest does not describe");
  });

  test("a wrong argument type is code 'argument' naming the parameter, in both packages", () => {
    const { cf, Calendar } = sportello;
    const check = (f, param) =>
      assert.throws(f, (e) => e instanceof Error && e.code === "argument" && e.message.startsWith(`${param}:`) && e.details.code === "argument", param);
    check(() => cf.isValid(12345), "code");
    check(() => cf.decode("RSSMRA80A01H501U", new Date()), "today");
    check(() => Calendar.fromJson({ id: "x" }), "json");
    assert.throws(() => cf.isValid(), (e) => e.code === "argument" && e.message === "code is required");
    assert.throws(() => cf.isValid("a", "b"), (e) => e.code === "argument" && /at most 1 argument/.test(e.message));
  });

  test("integers are range-checked, never wrapped or truncated", () => {
    const { HolidayCalendar, practice, payments } = sportello;
    for (const bad of [2 ** 32 + 6, -1, 1.7, NaN, Infinity]) {
      assert.throws(() => new HolidayCalendar().withPatron(bad, 29, "x"), (e) => e.code === "argument" && e.message.startsWith("month:"), String(bad));
    }
    assert.throws(() => practice.status(2 ** 32 + 1900), (e) => e.code === "argument");
    assert.throws(() => payments.amountFromCents(1.7), (e) => e.code === "argument");
  });

  test("an absent value is null; unknown option keys are refused with their path", () => {
    const { cf, workdays } = sportello;
    assert.equal(workdays.easterSunday(1000), null);
    assert.equal(cf.placeLookup("Z105", "2000-01-01"), null);
    assert.throws(() => cf.decode("RSSMRA80A01H501U", null, { maxage: 1 }), (e) => e.code === "json" && e.message.startsWith("options.maxage: unknown field"));
    assert.equal(cf.decode("RSSMRA80A01H501U").birthDate, "1980-01-01"); // today: the host's date
  });

  test("objects: free() releases the Rust object; a released object is refused", () => {
    const { HolidayCalendar } = sportello;
    const cal = HolidayCalendar.italy();
    assert.equal(cal.isHoliday("2025-12-25"), true);
    cal.free();
    assert.throws(() => cal.isHoliday("2025-12-25"), (e) => e.code === "argument" && /released/.test(e.message));
    cal.free(); // twice is harmless
  });
}
