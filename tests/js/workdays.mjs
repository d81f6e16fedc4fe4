// The JS tests of `workdays`, shared by the Node package (bindings-node/test/workdays.test.mjs)
// and the WASM package (bindings-wasm/test/workdays.test.mjs). `binding` is the package's helpers.mjs export.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadCases } from "./cases.mjs";

export default function workdaysTests({ sportello }) {
  const { HolidayCalendar, workdays } = sportello;

  test("Italian holidays", () => {
    const it = HolidayCalendar.italy();
    assert.equal(it.isHoliday("2025-04-21"), true);
    assert.equal(it.holidayName("2027-10-04"), "San Francesco d'Assisi");
    assert.equal(it.addWorkingDays("2025-04-24", 2), "2025-04-29");
    assert.equal(workdays.easterSunday(2026), "2026-04-05");
    assert.deepEqual(it.holidays(2025).slice(0, 1), [{ date: "2025-01-01", name: "Capodanno" }]);
  });

  test("a huge number of working days is refused at once", () => {
    const it = HolidayCalendar.italy();
    const t = Date.now();
    assert.throws(() => it.addWorkingDays("2026-03-02", 2 ** 31 - 1), (e) => e.code === "workdays.out_of_range");
    assert.ok(Date.now() - t < 2000);
  });

  test("dates and instants are read and written by the core's one strict reader (iso)", () => {
    const { Practice } = sportello;
    const it = HolidayCalendar.italy();
    // YYYY-MM-DD exactly, a real day: no other form, sign, time or padding slips through.
    for (const d of ["2025-4-21", "+02025-04-21", "2025-02-29", "2025-04-21T00:00:00Z", " 2025-04-21", "21/04/2025"]) {
      assert.throws(() => it.isHoliday(d), (e) => e.code === "argument" && e.message === `date: expected a date as YYYY-MM-DD, got ${JSON.stringify(d)}`, d);
    }
    assert.equal(it.isHoliday("2025-04-21"), true);
    // results written the same way, four-digit years zero-padded
    assert.equal(it.nextWorkingDay("0999-12-31"), "0999-12-31");
    // an instant needs its offset
    assert.throws(
      () => new Practice("P-1", "RSSMRA80A01H501U", {}, "2026-03-02T09:00:00"),
      (e) => e.code === "argument" && e.message === 'at: expected an RFC 3339 date-time with offset, got "2026-03-02T09:00:00"',
    );
    assert.equal(new Practice("P-1", "RSSMRA80A01H501U", {}, "2026-03-02T09:00:00+01:00").status, 1000);
    // instants are held one day inside years 1-9999 (UTC), so that every offset writes them there
    for (const at of ["9999-12-31T00:00:00Z", "9999-12-30T23:30:00-01:00", "0001-01-01T23:59:59Z", "0000-06-01T00:00:00Z"]) {
      assert.throws(
        () => new Practice("P-1", "RSSMRA80A01H501U", {}, at),
        (e) => e.code === "argument" && e.message.startsWith("at: expected an instant from 0001-01-02 to 9999-12-30 UTC, got "),
        at,
      );
    }
    assert.equal(new Practice("P-1", "RSSMRA80A01H501U", {}, "9999-12-30T23:59:59Z").status, 1000);
    // and so do the instants of a JSON shape, read by the core as the same text in every binding
    const shape = JSON.parse(new Practice("P-1", "RSSMRA80A01H501U", {}, "2026-03-02T09:00:00+01:00").toJson());
    shape.createdAt = "9999-12-31T00:00:00Z";
    assert.throws(() => Practice.fromJson(JSON.stringify(shape)), (e) => e.code === "practice.invalid" && /0001-01-02 to 9999-12-30 UTC/.test(e.message));
  });

  test("errors carry the core code", () => {
    assert.throws(() => new HolidayCalendar().withPatron(2, 30, "x"), (e) => e instanceof Error && e.code === "workdays.invalid_day" && /30\/2/.test(e.message));
    assert.throws(() => HolidayCalendar.fromJson("{"), (e) => e.code === "json");
    assert.throws(() => new HolidayCalendar().isHoliday("25/04/2025"), (e) => e.code === "argument");
  });

  test("JSON round trip", () => {
    const it = new HolidayCalendar().withPatron(6, 29, "Santi Pietro e Paolo");
    assert.equal(HolidayCalendar.fromJson(it.toJson()).isHoliday("2026-06-29"), true);
    assert.deepEqual(JSON.parse(it.toJson()).weekend, ["Sat", "Sun"]);
    // toObject / fromObject (Python's to_dict / from_dict); JSON.stringify uses the same shape.
    assert.deepEqual(it.toObject(), JSON.parse(it.toJson()));
    assert.equal(HolidayCalendar.fromObject(it.toObject()).isHoliday("2026-06-29"), true);
    assert.deepEqual(JSON.parse(JSON.stringify({ c: it })).c, it.toObject());
  });

  test("reference cases", () => {
    const cal = new HolidayCalendar();
    for (const c of loadCases("workdays").cases) {
      assert.equal(cal.isHoliday(c.date), c.holiday, JSON.stringify(c));
      if (c.plusWorkingDays) assert.equal(cal.addWorkingDays(c.date, c.plusWorkingDays[0]), c.plusWorkingDays[1]);
    }
  });

  test("range cases: years 1-9999, the core's error past them", () => {
    const cal = new HolidayCalendar();
    for (const c of loadCases("workdays").range.cases) {
      const call = c.addWorkingDays
        ? () => cal.addWorkingDays(...c.addWorkingDays)
        : c.nextWorkingDay
          ? () => cal.nextWorkingDay(c.nextWorkingDay)
          : "holidays" in c
            ? () => cal.holidays(c.holidays).length
            : () => workdays.easterSunday(c.easterSunday);
      if (c.error) assert.throws(call, (e) => e.code === c.error, JSON.stringify(c));
      else assert.equal(call(), c.count ?? c.result, JSON.stringify(c));
    }
    // text outside the range is refused as it is read, like malformed text
    assert.throws(() => cal.isHoliday("0000-12-31"), (e) => e.code === "argument" && /0001-01-01 to 9999-12-31/.test(e.message));
  });
}
