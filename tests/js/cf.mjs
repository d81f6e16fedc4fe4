// The JS tests of `cf` and `piva`, shared by the Node package (bindings-node/test/cf.test.mjs) and
// the WASM package (bindings-wasm/test/cf.test.mjs). `binding` is the package's helpers.mjs export.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadCases } from "./cases.mjs";

const TODAY = "2026-11-23";

/** Every key of `expected` equal in `actual` (objects recursively, anything else whole). */
function subset(expected, actual) {
  if (expected && typeof expected === "object" && !Array.isArray(expected)) {
    return actual !== null && typeof actual === "object" && Object.entries(expected).every(([k, v]) => k in actual && subset(v, actual[k]));
  }
  return JSON.stringify(expected) === JSON.stringify(actual);
}

export default function cfTests({ sportello }) {
  const { cf, piva } = sportello;

  function run(fn, i) {
    switch (fn) {
      case "cf.validate": return cf.validate(i.code);
      case "cf.is_valid": return cf.isValid(i.code);
      case "cf.is_valid_many": return cf.isValidMany(i.codes);
      case "cf.decode": {
        const o = {};
        if ("maxAge" in i) o.maxAge = i.maxAge;
        if ("strictPlace" in i) o.strictPlace = i.strictPlace;
        return cf.decode(i.code, i.today, o);
      }
      case "cf.encode": return cf.encode(i.person);
      case "cf.matches": return cf.matches(i.code, i.declared);
      case "cf.canonical": return cf.canonical(i.code);
      case "cf.omocodes": return cf.omocodes(i.code);
      case "cf.same_person": return cf.samePerson(i.a, i.b);
      case "piva.validate": return piva.validate(i.code);
      case "piva.is_valid": return piva.isValid(i.code);
      default: throw new Error(`unknown fn ${fn}`);
    }
  }

  test("reference cases (tests/cases/cf.json)", () => {
    const failures = [];
    const { cases } = loadCases("cf");
    for (const c of cases) {
      try {
        const got = run(c.fn, c.input);
        if ("error" in c) failures.push(`${c.fn} / ${c.name}: expected error ${c.error}, got ${JSON.stringify(got)}`);
        else if (!subset(c.expected, got)) failures.push(`${c.fn} / ${c.name}: expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(got)}`);
      } catch (e) {
        if (!("error" in c) || e.code !== c.error) failures.push(`${c.fn} / ${c.name}: threw ${e.code}: ${e.message}`);
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(cases.length > 250);
  });

  test("decode returns the documented shape", () => {
    assert.deepEqual(cf.decode("RSSMRAULALMHRLMD", TODAY), {
      code: "RSSMRAULALMHRLMD",
      canonical: "RSSMRA80A01H501U",
      sex: "M",
      birthDate: "1980-01-01",
      birthplace: { code: "H501", name: "Roma", province: "RM", kind: "comune", validOnBirthDate: true },
      warnings: [],
    });
    // Key order and nulls exactly as the core's JSON.
    assert.equal(
      JSON.stringify(cf.decode("RSSMRA00B29H501Y", "1999-01-01")),
      '{"code":"RSSMRA00B29H501Y","canonical":"RSSMRA00B29H501Y","sex":"M","birthDate":null,' +
        '"birthplace":{"code":"H501","name":"Roma","province":"RM","kind":"comune","validOnBirthDate":null},"warnings":[]}',
    );
    const german = cf.encode({ surname: "Müller", name: "Anna", sex: "F", birthDate: "1990-05-17", birthplace: "Z112" });
    assert.deepEqual(cf.decode(german, TODAY).birthplace, { code: "Z112", name: "Germania", province: null, kind: "foreignState", validOnBirthDate: true });
    assert.deepEqual(cf.decode("RSSMRA80A01M376P", TODAY).warnings, ["cf.place_not_valid_on_date"]);
    assert.throws(() => cf.decode("RSSMRA80A01M376P", TODAY, { strictPlace: true }), (e) => e.code === "cf.place_not_valid_on_date");
    assert.equal(cf.decode("RSSMRA99A01H501F", "1998-01-01", { maxAge: 130 }).birthDate, "1899-01-01");
  });

  test("errors carry the core code", () => {
    assert.throws(() => cf.validate("RSSMRA80A01H501A"), (e) => e instanceof Error && e.code === "cf.check_char" && /expected U/.test(e.message));
    assert.throws(() => cf.encode({ surname: "Rossi", name: "Mario", sex: "M", birthDate: "1980-01-01", birthplace: "Castro" }), (e) => e.code === "cf.place_ambiguous" && /C337 \(BG\)/.test(e.message));
    assert.throws(() => cf.encode({ surname: "Rossi" }), (e) => e.code === "json");
    assert.throws(() => cf.decode("RSSMRA80A01H501U", "23/11/2026"), (e) => e.code === "argument");
    assert.throws(() => piva.validate("00000000000"), (e) => e.code === "piva.zero");
  });

  test("encode, matches, omocodia, places", () => {
    assert.equal(cf.encode({ surname: "Öz", name: "Li", sex: "F", birthDate: "2001-02-28", birthplace: "Germania" }), "ZOXLIX01B68Z112R");
    const r = cf.matches("RSSMRA80A01H501U", { surname: "Rossi", name: "Anna", sex: "F" });
    assert.equal(r.matches, false);
    assert.deepEqual(r.mismatched, ["name", "sex"]);
    assert.equal(r.fields.birthplace, "skipped");
    const all = cf.omocodes("RSSMRA85T10A562S");
    assert.equal(all.length, 128);
    assert.ok(cf.samePerson(all[0], all[127]));
    assert.deepEqual(cf.isValidMany([all[5], "x"]), [true, false]);
    // Batches keep a missing value missing, row for row, as the Python batches do (docs/BINDINGS.md).
    assert.deepEqual(cf.isValidMany([all[5], null, "x"]), [true, null, false]);
    assert.deepEqual(cf.validateMany([all[5], null, "RSSMRA80A01H501A"]), [null, null, "cf.check_char"]);
    assert.deepEqual(piva.validateMany(["01234567897", null, "01234567890"]), [null, null, "piva.check_digit"]);
    assert.throws(() => cf.isValidMany("RSSMRA80A01H501U"), (e) => e.code === "argument");
    assert.throws(() => cf.validateMany([12]), (e) => e.code === "argument");
    assert.equal(cf.normalize(" tinit-rssmra80a01h501u "), "RSSMRA80A01H501U");
    assert.deepEqual(cf.validateTaxCode("VATIT-83000390019"), { kind: "numeric", code: "83000390019" });
    assert.equal(cf.placeLookup("H501", "2000-01-01").name, "Roma");
    assert.equal(cf.placeLookup("Z105", "2000-01-01"), null);
    assert.deepEqual(cf.placeHistory("A089").map((p) => p.name), ["Girgenti", "Agrigento"]);
    assert.deepEqual(cf.placesByName("castro", null, "2020-01-01").map((p) => p.code), ["C337", "M261"]);
    assert.equal(cf.placeSearch("Rom", TODAY, 3)[0].name, "Roma");
    assert.equal(cf.placeResolve("germania", "2001-01-01").code, "Z112");
    assert.equal(piva.isValid("83000390019"), true);
  });
}
