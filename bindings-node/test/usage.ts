// Type-checks the package's .d.ts (`npm run typecheck`): each capability adds a few typed calls.
import sportello = require("..");

const cal: sportello.HolidayCalendar = sportello.HolidayCalendar.italy();
const first: string = cal.holidays(2025)[0].date;
const easter: string | null = sportello.workdays.easterSunday(2026);
const ok: boolean = sportello.cf.isValid("RSSMRA80A01H501U");
export { first, easter, ok };

// forms
const form: sportello.Form = sportello.Form.fromFormio({ components: [{ type: "textfield", key: "a" }] }, { offices: { rules: [], default: "urp" } });
const evaluation = form.evaluate({ a: "x" }, { today: "2026-06-15" });
const office: string | null = evaluation.assignedOffice;
const firstError: { path: string; code: string; message: string } | undefined = evaluation.errors[0];
const logicResult: unknown = sportello.forms.applyLogic({ "==": [1, 1] }, null);
const compiled = new sportello.Logic({ var: "a" });
export { office, firstError, logicResult, compiled };
