// Type-checks the package's .d.ts (`npm run typecheck`): each capability adds a few typed calls.
import sportello = require("..");

const cal: sportello.HolidayCalendar = sportello.HolidayCalendar.italy();
const first: string = cal.holidays(2025)[0].date;
const easter: string | null = sportello.workdays.easterSunday(2026);
const ok: boolean = sportello.cf.isValid("RSSMRA80A01H501U");
export { first, easter, ok };

// slots
import type { Slot, BookingStatus } from "../types/index";
const calendar: sportello.Calendar = sportello.Calendar.fromJson("{}");
const slotList: Slot[] = calendar.slots("2026-03-02", "2026-03-06", [], "2026-03-01T08:00:00+01:00");
const draft: sportello.Booking = calendar.book({ start: slotList[0].start, end: slotList[0].end, user: "RSSMRA80A01H501U" }, [], "2026-03-01T08:00:00+01:00");
const confirmed: sportello.Booking = draft.submit(calendar, [draft.toObject()], "2026-03-01T08:01:00+01:00");
const statusName: BookingStatus = confirmed.status;
const ics: string = sportello.slots.toIcs(calendar, [confirmed.toObject()], slotList, { dtstamp: "2026-03-01T08:00:00+01:00", personalData: false });
export { statusName, ics };
