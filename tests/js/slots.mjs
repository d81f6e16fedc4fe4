// The JS tests of `slots`, shared by the Node package (bindings-node/test/slots.test.mjs) and the
// WASM package (bindings-wasm/test/slots.test.mjs): both export the same API (`Calendar`, `Booking`,
// `slots`), generated from one description (bindings-js/src/slots.rs), so nothing here depends on
// the package: an absent value is `null`, every error has `.code` and `.details`. `binding` is the
// package's helpers.mjs export. The semantics of the reference cases (tests/cases/slots.json) are
// described in the "runner" section of that file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadCases } from "./cases.mjs";

const NOW = "2026-03-01T08:00:00+01:00";

function calendarJson(ref, named) {
  if (typeof ref === "string") return named[ref];
  if (ref.$base) {
    const { $base, ...over } = ref;
    return { ...named[$base], ...over };
  }
  return ref;
}

/** `expected` is a subset of `actual` (null matches a missing key; arrays have equal length). */
function matches(expected, actual, path = "result") {
  if (expected === null) {
    assert.ok(actual === null || actual === undefined, `${path}: expected nothing, got ${JSON.stringify(actual)}`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length, `${path}: expected ${expected.length} items, got ${JSON.stringify(actual)}`);
    expected.forEach((e, i) => matches(e, actual[i], `${path}[${i}]`));
  } else if (typeof expected === "object") {
    assert.ok(actual && typeof actual === "object", `${path}: expected an object, got ${JSON.stringify(actual)}`);
    for (const [k, v] of Object.entries(expected)) matches(v, actual[k], `${path}.${k}`);
  } else {
    assert.deepEqual(actual, expected, `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

function isMatch(expected, actual) {
  try {
    matches(expected, actual);
    return true;
  } catch {
    return false;
  }
}

function csvRecords(text) {
  const out = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    if (!quoted && c === "\r" && text[i + 1] === "\n") {
      out.push(cur);
      cur = "";
      i++;
      continue;
    }
    cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

function run(api, c, named) {
  const { Calendar, Booking, slots } = api;
  const inp = c.input;
  const cal = Calendar.fromJson(JSON.stringify(calendarJson(inp.calendar, named)));
  const bookings = inp.bookings ?? [];
  const ente = inp.ente ?? null;
  switch (c.fn) {
    case "calendarFromJson": {
      assert.equal(Calendar.fromJson(cal.toJson()).toJson(), cal.toJson());
      return { valid: true, json: JSON.parse(cal.toJson()) };
    }
    case "slots": {
      const list = cal.slots(inp.from, inp.to, bookings, inp.now, ente);
      return { count: list.length, slots: list };
    }
    case "firstAvailable":
      return { slot: cal.firstAvailable(inp.from, bookings, inp.now, ente) };
    case "book": {
      const b = cal.book(inp.request, bookings, inp.now, ente);
      if (c.derivedId) {
        assert.equal(cal.book(inp.request, bookings, inp.now, ente).id, b.id);
        assert.equal(b.id.length, 36);
      }
      return b.toObject();
    }
    case "transition": {
      const b = Booking.fromObject(inp.booking);
      const actor = inp.actor ?? "operator";
      const r = {
        submit: () => b.submit(cal, bookings, inp.now, ente),
        approve: () => b.approve(inp.now),
        refuse: () => b.refuse(inp.now, inp.outcome),
        cancel: () => b.cancel(cal, actor, inp.now),
        markDone: () => b.markDone(inp.now),
        markMissed: () => b.markMissed(inp.now),
        awaitPayment: () => b.awaitPayment(cal, inp.now),
        reschedule: () => b.reschedule(cal, inp.start, inp.end, bookings, inp.now, actor, inp.openingHour ?? null, ente),
      }[inp.action]();
      return r.toObject();
    }
    case "followPractice":
      return { changed: slots.followPractice(bookings, inp.practice, inp.status, inp.now, inp.reason ?? null) };
    case "removeOpeningHour": {
      const left = cal.removeOpeningHour(inp.openingHour, bookings, inp.now);
      return { openingHours: JSON.parse(left.toJson()).openingHours.map((o) => o.id) };
    }
    case "toIcs": {
      const free = inp.slots ? cal.slots(inp.slots.from, inp.slots.to, bookings, inp.slots.now) : [];
      const ics = slots.toIcs(cal, bookings, free, inp.options);
      for (const line of ics.split("\r\n")) assert.ok(Buffer.byteLength(line) <= 75, line);
      return { text: ics.replaceAll("\r\n ", ""), events: ics.split("BEGIN:VEVENT").length - 1 };
    }
    case "reminderAt":
      return { at: Booking.fromObject(inp.booking).reminderAt(cal) };
    case "validateAt":
      cal.validateAt(inp.today);
      return { valid: true };
    case "titleIn":
      return { title: cal.titleIn(inp.lang), emailLanguage: cal.emailLanguage };
    case "toCsv":
      return { lines: csvRecords(slots.toCsv(cal, bookings)) };
    default:
      throw new Error(`unknown fn ${c.fn}`);
  }
}

/** Runs one case against `api`; throws an AssertionError on a mismatch. */
function checkCase(api, c, named) {
  if (c.error) {
    let caught;
    try {
      run(api, c, named);
    } catch (e) {
      caught = e;
    }
    assert.ok(caught, `expected error ${c.error}, got a result`);
    assert.equal(caught.code, c.error, caught.message);
    assert.equal(caught.details?.code, c.error, "the error's details carry its code");
    if (c.errorDetails) matches(c.errorDetails, caught.details, "error");
    return;
  }
  const got = run(api, c, named);
  const exp = c.expected;
  if (c.fn === "slots") {
    if ("count" in exp) assert.equal(got.count, exp.count, JSON.stringify(got.slots));
    if (exp.slots) matches(exp.slots, got.slots, "slots");
    for (const want of exp.contains ?? []) assert.ok(got.slots.some((s) => isMatch(want, s)), `no slot matches ${JSON.stringify(want)}`);
    for (const start of exp.absent ?? []) assert.ok(got.slots.every((s) => s.start !== start), `slot ${start} should not exist`);
  } else if (c.fn === "toIcs") {
    for (const s of exp.contains ?? []) assert.ok(got.text.includes(s), `ics lacks ${s}`);
    for (const s of exp.notContains ?? []) assert.ok(!got.text.includes(s), `ics has ${s}`);
    if ("events" in exp) assert.equal(got.events, exp.events);
  } else {
    matches(exp, got);
  }
}

export default function slotsTests({ sportello }) {
  const { Calendar, Booking, slots } = sportello;
  const cases = loadCases("slots");
  const SEED = JSON.stringify(cases.calendars.seed);

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

  test("errors carry code and details", () => {
    const cal = Calendar.fromJson(SEED);
    assert.throws(() => cal.book({ start: "2026-03-02T09:10:00+01:00", end: "2026-03-02T09:40:00+01:00" }, [], NOW),
      (e) => e.code === "slots.no_such_slot" && e.details.code === e.code && e.details.start === "2026-03-02T09:10:00+01:00");
    for (const f of [
      () => cal.slots("2026-03-02", "2026-03-02", [], "yesterday"),
      () => Calendar.fromJson("{"),
      () => Calendar.fromJson(SEED.replace('"parallel":2', '"parallel":0')),
      () => Booking.fromObject({ id: "b1" }),
    ]) {
      assert.throws(f, (e) => e instanceof Error && typeof e.code === "string" && e.details.code === e.code && e.details.message === e.message);
    }
    assert.throws(() => cal.slots("2026-03-02", "2026-03-02", [], "yesterday"), (e) => e.code === "argument");
    assert.throws(() => Calendar.fromJson("{"), (e) => e.code === "json");
    assert.throws(() => Calendar.fromJson(SEED.replace('"parallel":2', '"parallel":0')), (e) => e.code === "slots.parallel_below_one" && e.details.openingHour === "lmv");
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

  test("a booking's life with the default actors", () => {
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

  test("a wrong argument type is code argument, naming the parameter", () => {
    const cal = Calendar.fromJson(SEED);
    const free = cal.slots("2026-03-04", "2026-03-04", [], NOW);
    const draft = cal.book({ start: free[0].start, end: free[0].end }, [], NOW);
    const argument = (name) => (e) => e.code === "argument" && e.message.includes(name) && e.details.code === "argument";
    assert.throws(() => cal.slots(20260302, "2026-03-02", [], NOW), argument("first"));
    assert.throws(() => cal.slots("2026-03-02", "2026-03-02", "none", NOW), argument("bookings"));
    assert.throws(() => cal.slots("2026-03-02", "2026-03-02", [], "2026-03-01"), argument("now"));
    assert.throws(() => draft.holdsPlace(42), argument("now"));
    assert.throws(() => draft.cancel(cal, "nobody", NOW), argument("actor"));
    assert.throws(() => draft.reschedule(cal, draft.start, draft.end, [], NOW, "boss"), argument("actor"));
    assert.throws(() => draft.refuse(NOW, 7), argument("outcome"));
    // A required array is required (no package defaults it to []).
    assert.throws(() => cal.slots("2026-03-02", "2026-03-02"), argument("bookings"));
    assert.throws(() => slots.toCsv(cal), argument("bookings"));
    assert.throws(() => slots.toIcs(cal, [], undefined, { dtstamp: NOW }), argument("slots"));
    // A wrong shape inside an object or array is code json, with its path.
    assert.throws(() => cal.book({ start: "soon", end: draft.end }, [], NOW), (e) => e.code === "json" && e.message.includes("request.start"));
    assert.throws(() => cal.slots("2026-03-02", "2026-03-02", [{ id: "x" }], NOW), (e) => e.code === "json" && e.message.includes("bookings"));
    assert.throws(() => new Calendar(), TypeError);
  });

  test("an unknown key in an options object is refused", () => {
    const cal = Calendar.fromJson(SEED);
    assert.throws(() => slots.toIcs(cal, [], [], { dtstamp: NOW, personalDta: true }), (e) => e.code === "json" && e.message.includes("options") && e.message.includes("personalDta"));
    assert.throws(() => slots.toIcs(cal, [], [], { personalData: true }), (e) => e.code === "json" && e.message.includes("dtstamp"));
    assert.match(slots.toIcs(cal, [], [], { dtstamp: NOW, personalData: true }), /^BEGIN:VCALENDAR/);
  });

  test("an absent value is null, as argument and as result", () => {
    const cal = Calendar.fromJson(SEED);
    const free = cal.slots("2026-03-04", "2026-03-04", [], NOW);
    assert.equal(free[0].unavailable, null);
    assert.equal(free[0].closedBy, null);
    const draft = cal.book({ start: free[0].start, end: free[0].end }, [], NOW);
    for (const k of ["user", "practice", "name", "email", "phone", "message", "outcome"]) assert.equal(draft[k], null, k);
    assert.equal(draft.calendarId, "anagrafe");
    assert.equal(draft.createdAt, NOW);
    const ok = draft.submit(cal, [draft.toObject()], NOW);
    assert.equal(ok.expiresAt, null);
    assert.equal(ok.refuse(NOW).outcome, null);
    assert.equal(ok.refuse(NOW, null).outcome, null);
    assert.equal(ok.refuse(NOW, "chiuso").outcome, "chiuso");
    // null or undefined for an optional parameter: the core's default actor (an operator).
    for (const actor of [null, undefined]) {
      const moved = ok.reschedule(cal, free[2].start, free[2].end, [ok.toObject()], NOW, actor, null);
      assert.equal(moved.history.at(-1).actor, "operator");
    }
    const bare = Booking.fromObject({ id: "b", openingHour: "lmv", start: free[0].start, end: free[0].end, status: "confirmed" });
    assert.equal(bare.calendarId, null);
    assert.equal(bare.createdAt, null);
    assert.equal(bare.expiresAt, null);
    assert.deepEqual(bare.history, []);
  });

  test("a calendar as a plain object", () => {
    const cal = Calendar.fromJson(SEED);
    const obj = cal.toObject();
    assert.deepEqual(obj, JSON.parse(cal.toJson()));
    assert.equal(Calendar.fromObject(obj).toJson(), cal.toJson());
    assert.equal(cal.id, "anagrafe");
    assert.throws(() => Calendar.fromObject({ ...obj, rollingDays: 0 }), (e) => e.code === "slots.window_out_of_range");
    const left = cal.removeOpeningHour("lmv", [], NOW);
    assert.ok(left instanceof Calendar);
    assert.equal(left.toObject().openingHours.some((o) => o.id === "lmv"), false);
  });
}
