// The JS runner of tests/cases/slots.json, shared by the Node package (bindings-node/test) and the
// WASM package (bindings-wasm/test): both export the same API (`Calendar`, `Booking`, `slots`).
// The semantics are described in the "runner" section of slots.json.
import assert from "node:assert/strict";

export function calendarJson(ref, named) {
  if (typeof ref === "string") return named[ref];
  if (ref.$base) {
    const { $base, ...over } = ref;
    return { ...named[$base], ...over };
  }
  return ref;
}

/** `expected` is a subset of `actual` (null matches a missing key; arrays have equal length). */
export function matches(expected, actual, path = "result") {
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
  switch (c.fn) {
    case "calendarFromJson": {
      assert.equal(Calendar.fromJson(cal.toJson()).toJson(), cal.toJson());
      return { valid: true, json: JSON.parse(cal.toJson()) };
    }
    case "slots": {
      const list = cal.slots(inp.from, inp.to, bookings, inp.now);
      return { count: list.length, slots: list };
    }
    case "book": {
      const b = cal.book(inp.request, bookings, inp.now);
      if (c.derivedId) {
        assert.equal(cal.book(inp.request, bookings, inp.now).id, b.id);
        assert.equal(b.id.length, 36);
      }
      return b.toObject();
    }
    case "transition": {
      const b = Booking.fromObject(inp.booking);
      const actor = inp.actor ?? "operator";
      const r = {
        submit: () => b.submit(cal, bookings, inp.now),
        approve: () => b.approve(inp.now),
        refuse: () => b.refuse(inp.now, inp.outcome),
        cancel: () => b.cancel(cal, actor, inp.now),
        markDone: () => b.markDone(inp.now),
        markMissed: () => b.markMissed(inp.now),
        awaitPayment: () => b.awaitPayment(cal, inp.now),
        reschedule: () => b.reschedule(cal, inp.start, inp.end, bookings, inp.now, actor, inp.openingHour),
      }[inp.action]();
      return r.toObject();
    }
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
    case "toCsv":
      return { lines: csvRecords(slots.toCsv(cal, bookings)) };
    default:
      throw new Error(`unknown fn ${c.fn}`);
  }
}

/** Runs one case against `api`; throws an AssertionError on a mismatch. */
export function checkCase(api, c, named) {
  if (c.error) {
    let caught;
    try {
      run(api, c, named);
    } catch (e) {
      caught = e;
    }
    assert.ok(caught, `expected error ${c.error}, got a result`);
    assert.equal(caught.code, c.error, caught.message);
    if (c.errorDetails && caught.details) matches(c.errorDetails, caught.details, "error");
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
