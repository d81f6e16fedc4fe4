// Type-checks the package's .d.ts (`npm run typecheck`): each capability adds a few typed calls.
import sportello = require("..");

const cal: sportello.HolidayCalendar = sportello.HolidayCalendar.italy();
const first: string = cal.holidays(2025)[0].date;
const easter: string | null = sportello.workdays.easterSunday(2026);
const ok: boolean = sportello.cf.isValid("RSSMRA80A01H501U");
export { first, easter, ok };

// access
const accessPolicy = sportello.Policy.fromJson('{"services": [{"id": "sms", "name": {"it": "SMS", "en": "SMS"}, "level": "weak"}]}');
const accessDecision = accessPolicy.decide("sms", { kind: "spid", level: "SpidL2" }, "2025-06-10T10:00:00+02:00");
const accessAllowed: boolean = accessDecision.allowed;
const accessRequired: string | null = accessDecision.required;
const accessSufficient: string[] = accessDecision.sufficient.map((c) => c.kind);
const accessMessage: string = accessDecision.message.it;
const accessIdentity = sportello.Identity.fromSpid({ fiscalNumber: "TINIT-RSSMRA80A01H501U" }, "2025-06-10");
const accessCf: string = accessIdentity.fiscalCode;
const accessAccount = sportello.Account.selfRegister("RSSMRA80A01H501U", "2025-06-10", new sportello.ActivationPolicy());
const accessState: string = accessAccount.state;
export { accessAllowed, accessRequired, accessSufficient, accessMessage, accessCf, accessState };
