// Type-checks pkg/sportello_web.d.ts (`npm run typecheck`): each capability adds a few typed calls.
import init, { HolidayCalendar, workdays, cf, piva } from "../pkg/sportello_web.js";
import type { Decoded, MatchReport, Person, Place } from "../pkg/types/index";

await init();
const cal: HolidayCalendar = HolidayCalendar.italy();
const first: string = cal.holidays(2025)[0].date;
const easter: string | undefined = workdays.easterSunday(2026);
const ok: boolean = cf.isValid("RSSMRA80A01H501U");
const decoded: Decoded = cf.decode("RSSMRA80A01H501U", "2026-11-23", { strictPlace: false });
const born: string | null = decoded.birthDate;
const person: Person = { surname: "Rossi", name: "Mario", sex: "M", birthDate: "1980-01-01", birthplace: "Roma", province: null };
const code: string = cf.encode(person);
const report: MatchReport = cf.matches(code, { surname: "Rossi", sex: "M" });
const field: "matched" | "mismatched" | "skipped" = report.fields.surname;
const places: Place[] = cf.placeSearch("Rom", "2026-11-23", 5);
const many: boolean[] = cf.isValidMany([code]);
const vat: string = piva.validate("83000390019");
export { first, easter, ok, born, field, places, many, vat };
