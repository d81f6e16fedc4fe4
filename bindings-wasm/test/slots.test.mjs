import { test } from "node:test";
import assert from "node:assert/strict";
import { sportello, loadCases } from "./helpers.mjs";
import { checkCase } from "../../tests/cases/slots/runner.mjs";

const { Calendar, Booking, slots } = sportello;
const cases = loadCases("slots");
const SEED = JSON.stringify(cases.calendars.seed);
const NOW = "2026-03-01T08:00:00+01:00";

test("reference cases", async (t) => {
  for (const c of cases.cases) {
    await t.test(c.name, () => checkCase(sportello, c, cases.calendars));
  }
});

test("errors carry code and details", () => {
  const cal = Calendar.fromJson(SEED);
  assert.throws(() => cal.book({ start: "2026-03-02T09:10:00+01:00", end: "2026-03-02T09:40:00+01:00" }, [], NOW),
    (e) => e.code === "slots.no_such_slot" && e.details.start === "2026-03-02T09:10:00+01:00");
  assert.throws(() => cal.slots("2026-03-02", "2026-03-02", [], "yesterday"), (e) => e.code === "argument");
  assert.throws(() => Calendar.fromJson("{"), (e) => e.code === "json");
});

test("a booking's life", () => {
  const cal = Calendar.fromJson(SEED);
  const free = cal.slots("2026-03-04", "2026-03-04", [], NOW);
  const draft = cal.book({ start: free[0].start, end: free[0].end, practice: "P-1" }, [], NOW);
  assert.equal(draft.status, "draft");
  const ok = draft.submit(cal, [draft.toObject()], NOW);
  assert.equal(ok.status, "confirmed");
  const moved = ok.reschedule(cal, free[2].start, free[2].end, [ok.toObject()], NOW);
  assert.deepEqual(moved.history.map((h) => h.actor), ["citizen", "citizen", "operator"]);
  assert.equal(Booking.fromObject(moved.toObject()).toJson(), moved.toJson());
  assert.match(slots.toIcs(cal, [moved.toObject()], free, { dtstamp: NOW }), /UID:[0-9a-f-]{36}@sportello/);
});
