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

test("slots are plain objects with RFC 3339 instants in Rome time", () => {
  const cal = Calendar.fromJson(SEED);
  const week = cal.slots("2026-03-30", "2026-04-03", [], NOW);
  assert.deepEqual(week[0], {
    start: "2026-03-30T09:00:00+02:00", end: "2026-03-30T09:30:00+02:00", date: "2026-03-30", openingHours: ["lmv"],
    capacity: 2, booked: 0, remaining: 2, available: true, unavailable: null, closedBy: null, moderated: false,
  });
  assert.equal(week.at(-1).unavailable, "beyondWindow");
  assert.throws(() => cal.slots("2026-03-02", "2026-03-02", [], "2026-03-01 08:00"), (e) => e.code === "argument");
  assert.throws(() => Calendar.fromJson(SEED.replace('"parallel":2', '"parallel":0')), (e) => e.code === "slots.parallel_below_one");
});

test("a booking's life", () => {
  const cal = Calendar.fromJson(SEED);
  const free = cal.slots("2026-03-04", "2026-03-04", [], NOW);
  const draft = cal.book({ start: free[0].start, end: free[0].end, user: "RSSMRA80A01H501U", practice: "P-1" }, [], NOW);
  assert.equal(draft.status, "draft");
  assert.equal(draft.statusCode, 6);
  assert.equal(draft.expiresAt, "2026-03-01T08:10:00+01:00");
  assert.equal(cal.slots("2026-03-04", "2026-03-04", [draft.toObject()], NOW)[0].remaining, 1);
  const ok = draft.submit(cal, [draft.toObject()], NOW);
  assert.equal(ok.status, "confirmed");
  assert.equal(ok.statusLabel, "Confermato");
  assert.throws(() => cal.book({ start: free[1].start, end: free[1].end, practice: "P-1" }, [ok.toObject()], NOW), (e) => e.code === "slots.practice_has_meeting");
  const moved = ok.reschedule(cal, free[2].start, free[2].end, [ok.toObject()], NOW, "citizen");
  assert.equal(moved.start, free[2].start);
  assert.equal(moved.rescheduleCount(), 1);
  assert.deepEqual(moved.history.map((h) => h.action), ["create", "submit", "reschedule"]);
  assert.throws(() => moved.cancel(cal, "citizen", "2026-03-02T08:00:00+01:00"), (e) => e.code === "slots.cancel_too_late");
  assert.equal(moved.cancel(cal, "operator", "2026-03-02T08:00:00+01:00").status, "cancelled");
  assert.equal(Booking.fromJson(moved.toJson()).id, moved.id);
  const ics = slots.toIcs(cal, [moved.toObject()], [], { dtstamp: NOW });
  assert.match(ics, /DTSTART;TZID=Europe\/Rome:20260304T103000/);
  assert.match(slots.toCsv(cal, [moved.toObject()]), /^ID,Calendario,Data/);
});
