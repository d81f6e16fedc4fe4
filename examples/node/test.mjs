// The Express example answers as its header says (run by the test command: npm test here).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const { app } = createRequire(import.meta.url)("./express-registration.js");
const server = await new Promise((resolve) => { const s = app.listen(0, "127.0.0.1", () => resolve(s)); });
const url = `http://127.0.0.1:${server.address().port}/registrazione`;
const post = async (body) => {
  const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: r.status, body: await r.json() };
};
const valid = { nome: "Mario", cognome: "Rossi", codiceFiscale: "rssmra80a01h501u", email: "mario.rossi@example.it", privacy: true };

test("a valid registration comes back cleaned, with the canonical code", async () => {
  const r = await post(valid);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.canonical, "RSSMRA80A01H501U");
  assert.equal(r.body.data.nome, "Mario");
});

test("each problem is one error with its field and a stable code", async () => {
  assert.deepEqual((await post({ ...valid, codiceFiscale: "RSSMRA80A01H501X" })).body.errors.map((e) => [e.path, e.code]), [["codiceFiscale", "cf.check_char"]]);
  assert.deepEqual((await post({ ...valid, nome: "Anna" })).body.errors.map((e) => [e.path, e.code]), [["nome", "cf.mismatch"]]);
  const missing = await post({ ...valid, privacy: false, email: "" });
  assert.equal(missing.status, 422);
  assert.deepEqual(missing.body.errors.map((e) => [e.path, e.code]).sort(), [["email", "required"], ["privacy", "required"]]);
});

test("the delegator's code is asked for, and checked, only for a delegation", async () => {
  const r = await post({ ...valid, delega: true });
  assert.deepEqual(r.body.errors.map((e) => [e.path, e.code]), [["codiceFiscaleDelegante", "required"]]);
  const bad = await post({ ...valid, delega: true, codiceFiscaleDelegante: "BNCLRA85M41F205X" });
  assert.deepEqual(bad.body.errors.map((e) => [e.path, e.code]), [["codiceFiscaleDelegante", "cf.check_char"]]);
  assert.equal((await post({ ...valid, delega: true, codiceFiscaleDelegante: "BNCLRA85M41F205C" })).status, 200);
});

test("hostile bodies get the same error shape, never a crash", async () => {
  assert.equal((await post("{not json")).status, 400);
  assert.equal((await post([1, 2])).body.errors[0].code, "json");
  const deep = await post({ ...valid, nome: JSON.parse("[".repeat(500) + "]".repeat(500)) });
  assert.deepEqual([deep.status, deep.body.errors[0].code], [422, "limit"]);
  const wrong = await post({ ...valid, nome: { nested: ["x"] } });
  assert.deepEqual(wrong.body.errors.map((e) => [e.path, e.code]), [["nome", "type"]]);
});

test.after(() => server.close());
