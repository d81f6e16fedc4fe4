// Type-checks the package's .d.ts (`npm run typecheck`): each capability adds a few typed calls.
import sportello = require("..");
import type { Decoded, MatchReport, Person, Place } from "../types/index";

const cal: sportello.HolidayCalendar = sportello.HolidayCalendar.italy();
const first: string = cal.holidays(2025)[0].date;
const easter: string | null = sportello.workdays.easterSunday(2026);
const ok: boolean = sportello.cf.isValid("RSSMRA80A01H501U");
const decoded: Decoded = sportello.cf.decode("RSSMRA80A01H501U", "2026-11-23", { maxAge: 120 });
const born: string | null = decoded.birthDate;
const province: string | null = decoded.birthplace.province;
const person: Person = { surname: "Rossi", name: "Mario", sex: "M", birthDate: "1980-01-01", birthplace: "Roma", province: null };
const code: string = sportello.cf.encode(person);
const report: MatchReport = sportello.cf.matches(code, { surname: "Rossi", sex: "M" });
const field: "matched" | "mismatched" | "skipped" = report.fields.surname;
const places: Place[] = sportello.cf.placeSearch("Rom", "2026-11-23", 5);
const many: boolean[] = sportello.cf.isValidMany([code]);
const vat: string = sportello.piva.validate("83000390019");
export { first, easter, ok, born, province, field, places, many, vat };
