// Type-checks pkg/sportello_web.d.ts (`npm run typecheck`): each capability adds a few typed calls.
import init, { HolidayCalendar, workdays, cf } from "../pkg/sportello_web.js";

await init();
const cal: HolidayCalendar = HolidayCalendar.italy();
const first: string = cal.holidays(2025)[0].date;
const easter: string | undefined = workdays.easterSunday(2026);
const ok: boolean = cf.isValid("RSSMRA80A01H501U");
export { first, easter, ok };

// slots
import { Calendar, Booking, slots } from "../pkg/sportello_web.js";
import type { Slot, BookingStatus } from "../pkg/types/index";
const calendar: Calendar = Calendar.fromJson("{}");
const slotList: Slot[] = calendar.slots("2026-03-02", "2026-03-06", [], "2026-03-01T08:00:00+01:00");
const draft: Booking = calendar.book({ start: slotList[0].start, end: slotList[0].end, user: "RSSMRA80A01H501U" }, [], "2026-03-01T08:00:00+01:00");
const confirmed: Booking = draft.submit(calendar, [draft.toObject()], "2026-03-01T08:01:00+01:00");
const statusName: BookingStatus = confirmed.status;
const ics: string = slots.toIcs(calendar, [confirmed.toObject()], slotList, { dtstamp: "2026-03-01T08:00:00+01:00", personalData: false });
export { statusName, ics };
