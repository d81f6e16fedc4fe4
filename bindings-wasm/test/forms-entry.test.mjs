// The forms entry `sportello-web/forms` (pkg-node/forms: the same build as pkg/forms, for Node,
// built for speed): the shared forms tests pass on it, and it holds no other capability.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import formsTests from "../../tests/js/forms.mjs";
import { binding } from "./helpers.mjs";

const sportello = createRequire(import.meta.url)("../pkg-node/forms/sportello_web.js");
formsTests({ ...binding, name: "wasm-forms", sportello });

test("the forms entry holds Form, FormSession, Logic and forms only", () => {
  assert.deepEqual(Object.keys(sportello).sort(), ["Form", "FormSession", "Logic", "forms", "version"]);
});
