// Type-checks the package's .d.ts (`npm run typecheck`): each capability adds a few typed calls.
import sportello = require("..");

const cal: sportello.HolidayCalendar = sportello.HolidayCalendar.italy();
const first: string = cal.holidays(2025)[0].date;
const easter: string | null = sportello.workdays.easterSunday(2026);
const ok: boolean = sportello.cf.isValid("RSSMRA80A01H501U");
export { first, easter, ok };
