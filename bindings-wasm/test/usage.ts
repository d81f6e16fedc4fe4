// Type-checks pkg/sportello_web.d.ts (`npm run typecheck`): each capability adds a few typed calls.
import init, { HolidayCalendar, workdays, cf, Policy, Identity, Account, ActivationPolicy, Form, Logic, forms } from "../pkg/sportello_web.js";

await init();
const cal: HolidayCalendar = HolidayCalendar.italy();
const first: string = cal.holidays(2025)[0].date;
const easter: string | undefined = workdays.easterSunday(2026);
const ok: boolean = cf.isValid("RSSMRA80A01H501U");
export { first, easter, ok };

// access
const accessPolicy = Policy.fromJson('{"services": [{"id": "sms", "name": {"it": "SMS", "en": "SMS"}, "level": "weak"}]}');
const accessDecision = accessPolicy.decide("sms", { kind: "spid", level: "SpidL2" }, "2025-06-10T10:00:00+02:00");
const accessAllowed: boolean = accessDecision.allowed;
const accessRequired: string | null = accessDecision.required;
const accessSufficient: string[] = accessDecision.sufficient.map((c) => c.kind);
const accessMessage: string = accessDecision.message.it;
const accessIdentity = Identity.fromSpid({ fiscalNumber: "TINIT-RSSMRA80A01H501U" }, "2025-06-10");
const accessCf: string = accessIdentity.fiscalCode;
const accessAccount = Account.selfRegister("RSSMRA80A01H501U", "2025-06-10", new ActivationPolicy());
const accessState: string = accessAccount.state;
export { accessAllowed, accessRequired, accessSufficient, accessMessage, accessCf, accessState };

// forms
const form: Form = Form.fromFormio({ components: [{ type: "textfield", key: "a" }] }, { offices: { rules: [], default: "urp" } });
const evaluation = form.evaluate({ a: "x" }, { today: "2026-06-15" });
const office: string | null = evaluation.assignedOffice;
const firstError: { path: string; code: string; message: string } | undefined = evaluation.errors[0];
const logicResult: unknown = forms.applyLogic({ "==": [1, 1] }, null);
const compiled: Logic = new Logic({ var: "a" });
export { office, firstError, logicResult, compiled };
