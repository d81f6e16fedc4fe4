// Strict shapes (issue 15), shared by the Node and the WASM package: an unknown key in any JSON
// shape or option object, or an array given for an object, is refused with code `json` and the
// path of the problem (the parameter's name first); nesting beyond the core's limit is `limit`.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "../..");
const cases = (name) => JSON.parse(fs.readFileSync(path.join(root, "tests/cases", `${name}.json`), "utf8"));
const NOW = "2026-03-02T09:00:00+01:00";
const CF = "RSSMRA80A01H501U";

const refused = (f, code, pathPrefix, mentions = []) =>
  assert.throws(f, (e) => {
    assert.equal(e.code, code, e.message);
    assert.ok(e.message.startsWith(pathPrefix), `${e.message} should start with ${pathPrefix}`);
    for (const m of mentions) assert.ok(e.message.includes(m), `${e.message} should mention ${m}`);
    return true;
  });

export default function strictTests({ sportello }) {
  const { cf, Calendar, Policy, Form, Practice, Logic } = sportello;

  test("unknown keys are refused with their path and the known keys", () => {
    const seed = cases("slots").calendars.seed;
    refused(() => Calendar.fromJson(JSON.stringify({ ...seed, notice_hours: 48 })), "json", "notice_hours: unknown field", ["`noticeHours`"]);
    const hours = seed.openingHours.map((h, i) => (i === 0 ? { ...h, meetingMinute: 15 } : h));
    refused(() => Calendar.fromJson(JSON.stringify({ ...seed, openingHours: hours })), "json", "openingHours[0].meetingMinute: unknown field");
    refused(() => cf.matches(CF, { surname: "Rossi", birthdate: "1990-05-05" }), "json", "declared.birthdate: unknown field", ["`birthDate`"]);
    refused(() => cf.decode(CF, null, { maxage: 1 }), "json", "options.maxage: unknown field");
    refused(() => new Practice("P-1", CF, { responseDay: 30 }, NOW), "json", "config.responseDay: unknown field", ["`responseDays`"]);
    const form = { components: [{ type: "textfield", key: "nome", label: "Nome" }] };
    refused(() => Form.fromFormio(form, { office: "x" }), "json", "options.office: unknown field");
    refused(() => Form.fromFormio(form).evaluate({}, { todya: "2026-01-01" }), "json", "context.todya: unknown field");
  });

  test("an array is not an object (the argument itself: code argument; inside it: json)", () => {
    const policy = Policy.fromJson(JSON.stringify(cases("access").policy));
    refused(() => policy.decide("alboPretorio", ["spid", "SpidL3"], NOW), "argument", "credential: invalid type: sequence");
    refused(() => cf.matches(CF, { birthplace: ["H501"] }), "json", "declared.birthplace: invalid type: sequence");
  });

  test("nesting beyond the limit is code limit, deep or cyclic, and the module still answers", () => {
    let deep = 1;
    for (let i = 0; i < 200; i++) deep = [deep];
    refused(() => new Logic({ var: "a" }).apply(deep), "limit", "");
    let deeper = 1;
    for (let i = 0; i < 100_000; i++) deeper = [deeper];
    refused(() => new Logic({ var: "a" }).apply(deeper), "limit", "");
    const cyclic = {};
    cyclic.self = cyclic;
    refused(() => Form.fromFormio(cyclic), "limit", "");
    assert.equal(cf.isValid(CF), true);
  });

  test("what JSON cannot hold is refused, never changed", () => {
    refused(() => new Logic({ var: "a" }).apply({ a: NaN }), "json", "argument 1: NaN is not a JSON number");
    refused(() => new Logic({ var: "a" }).apply({ a: 10n }), "json", "argument 1: a BigInt");
    assert.equal(new Logic({ var: "a" }).apply({ a: null }), null);
  });
}
