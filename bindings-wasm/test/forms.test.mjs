// The shared tests of tests/js/forms.mjs, run on this package, and a check of the demo page's data.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { binding } from "./helpers.mjs";
import { loadCases } from "../../tests/js/cases.mjs";
import formsTests from "../../tests/js/forms.mjs";

formsTests(binding);

test("the demo page's copy of the delegation form is current", () => {
  const demo = JSON.parse(fs.readFileSync(new URL("../demo/forms-delega.json", import.meta.url), "utf8"));
  const rf = loadCases("forms/delega.json");
  assert.deepEqual(demo.form, rf.form);
  assert.deepEqual(demo.options, rf.options);
});
