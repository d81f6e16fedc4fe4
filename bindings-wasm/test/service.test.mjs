// The shared tests of tests/js/service.mjs, run on this package, and a check of the demo page's data.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { binding } from "./helpers.mjs";
import { loadCases } from "../../tests/js/cases.mjs";
import serviceTests from "../../tests/js/service.mjs";

serviceTests(binding);

test("the demo page's copy of the reference service and journey is current", () => {
  const demo = JSON.parse(fs.readFileSync(new URL("../demo/service-accesso-atti.json", import.meta.url), "utf8"));
  const cases = loadCases("service.json");
  assert.deepEqual(demo.service, cases.service);
  assert.deepEqual(demo.calendars, cases.calendars);
  assert.deepEqual(demo.journey, cases.cases.find((c) => c.name.startsWith("Reference journey")).input.journey);
});
