// Type-checks pkg/sportello_web.d.ts (`npm run typecheck`): each capability adds a few typed calls.
import init, { HolidayCalendar, workdays, cf, Form, Logic, forms } from "../pkg/sportello_web.js";

await init();
const cal: HolidayCalendar = HolidayCalendar.italy();
const first: string = cal.holidays(2025)[0].date;
const easter: string | undefined = workdays.easterSunday(2026);
const ok: boolean = cf.isValid("RSSMRA80A01H501U");
export { first, easter, ok };

// forms
const form: Form = Form.fromFormio({ components: [{ type: "textfield", key: "a" }] }, { offices: { rules: [], default: "urp" } });
const evaluation = form.evaluate({ a: "x" }, { today: "2026-06-15" });
const office: string | null = evaluation.assignedOffice;
const firstError: { path: string; code: string; message: string } | undefined = evaluation.errors[0];
const logicResult: unknown = forms.applyLogic({ "==": [1, 1] }, null);
const compiled: Logic = new Logic({ var: "a" });
export { office, firstError, logicResult, compiled };
