// The cf-only entry `sportello-web/cf` (pkg-node/cf: the same build as pkg/cf, for Node): the
// shared codice fiscale tests pass on it, and it holds no other capability.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import cfTests from "../../tests/js/cf.mjs";

const sportello = createRequire(import.meta.url)("../pkg-node/cf/sportello_web.js");
cfTests({ name: "wasm-cf", sportello, bytes: (u8) => u8, chainVerification: false });

test("the cf entry holds cf and piva only", () => {
  assert.equal(typeof sportello.cf.isValid, "function");
  assert.equal(sportello.Form, undefined);
  assert.equal(sportello.payments, undefined);
});
