// Type-checks pkg/sportello_web.d.ts (`npm run typecheck`): each capability adds a few typed calls.
import init, { HolidayCalendar, workdays, cf } from "../pkg/sportello_web.js";

await init();
const cal: HolidayCalendar = HolidayCalendar.italy();
const first: string = cal.holidays(2025)[0].date;
const easter: string | undefined = workdays.easterSunday(2026);
const ok: boolean = cf.isValid("RSSMRA80A01H501U");
export { first, easter, ok };
