// Type-checks pkg/sportello_web.d.ts (`npm run typecheck`): each capability adds a few typed calls.
import init, { HolidayCalendar, workdays, cf, piva, Policy, Identity, Account, ActivationPolicy, access, Form, FormSession, Logic, forms, payments, Notice, Payment, StampCatalogue } from "../pkg/sportello_web.js";
import type { Decoded, MatchReport, Person, Place } from "../pkg/sportello_web.js"; // every shape from the package root

await init();
const cal: HolidayCalendar = HolidayCalendar.italy();
const first: string = cal.holidays(2025)[0].date;
const easter: string | null = workdays.easterSunday(2026);
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
const accessNoToday = Identity.fromSpid({ fiscalNumber: "TINIT-RSSMRA80A01H501U" });
const accessPolicyCopy: Policy = Policy.fromObject(accessPolicy.toObject());
export { accessAllowed, accessRequired, accessSufficient, accessMessage, accessCf, accessState, accessNoToday, accessPolicyCopy };
const accessEidas = Identity.fromEidas({ PersonIdentifier: "ES/IT/99999999R" }, "2025-06-10");
const accessPersonId: string | null = accessEidas.personIdentifier;
const accessMerge = access.mergeProfile(null, accessIdentity.toObject(), "2025-06-10T10:00:00+02:00");
const accessEditable: string[] = accessMerge.editable;
const accessPassword = Account.register("RSSMRA80A01H501U", "2025-06-10T10:00:00+02:00", ActivationPolicy.fromJson('{"registration": "generatedPassword"}'));
const accessIssued: string = accessPassword.issuePassword(new ActivationPolicy());
export { accessPersonId, accessEditable, accessPassword, accessIssued };

// forms
const form: Form = Form.fromFormio({ components: [{ type: "textfield", key: "a" }] }, { offices: { rules: [], default: "urp" } });
const evaluation = form.evaluate({ a: "x" }, { today: "2026-06-15" });
const office: string | null = evaluation.assignedOffice;
const firstError: { path: string; code: string; message: string } | undefined = evaluation.errors[0];
const logicResult: unknown = forms.applyLogic({ "==": [1, 1] }, null);
const compiled: Logic = new Logic({ var: "a" });
const session: FormSession = new FormSession(form);
const onChange: boolean = session.update({ a: "y" }).valid;
export { office, firstError, logicResult, compiled, session, onChange };

// payments
const paymentsNotice: Notice = Notice.parse("301000000000000144");
const paymentsAux: number = paymentsNotice.auxDigit;
const paymentsSeg: string | null = paymentsNotice.segregationCode;
const paymentsBuilt: string = Notice.build({ auxDigit: 3, segregationCode: "01", iuvBase: "0000000000001", applicationCode: null }).number;
const paymentsValid: (boolean | null)[] = payments.noticeIsValidMany(["301000000000000144"]);
const paymentsQr: string = payments.qrPayload("301000000000000144", "83000390019", "16.00");
const paymentsCents: string = payments.parseQrPayload(paymentsQr).amount;
const paymentsDue = new StampCatalogue().stampDuty({ act: "istanza", on: "2025-02-20", channel: "telematic", sheets: null, receiptAmount: null, exemption: null });
const paymentsDueAmount: string = paymentsDue.amount;
payments.checkSplit("16.00", [{ id: "1", chapter: "3300", office: "UFF01", assessment: null, amount: "16.00" }]);
const paymentsPay = new Payment("16.00", "2025-02-20T10:00:00+01:00");
const paymentsState: "creating" | "creationFailed" | "created" | "started" | "outcomePending" | "paid" | "failed" | "expired" = paymentsPay.apply("start", "2025-02-20T10:01:00+01:00");
const paymentsCreating = Payment.creating("16.00", "2025-02-20T10:00:00+01:00", null);
const paymentsLabel: string = paymentsCreating.label;
const paymentsStateLabel: string = payments.stateLabel("creationFailed");
const paymentsIud: string = payments.iud("6f1d3c9e-2b4a-4c1e-9f0a-1234567890ab");
const paymentsReason: string = payments.paymentReason("P-1", "RSSMRA80A01H501U", null);
const paymentsRouting: ("creditor" | "multiBeneficiary" | "stampAgreement")[] = payments.transferRouting("83000390019", []);
export { paymentsLabel, paymentsStateLabel, paymentsIud, paymentsReason, paymentsRouting };
export { paymentsAux, paymentsSeg, paymentsBuilt, paymentsValid, paymentsCents, paymentsDueAmount, paymentsState };

const decoded: Decoded = cf.decode("RSSMRA80A01H501U", "2026-11-23", { strictPlace: false });
const born: string | null = decoded.birthDate;
const person: Person = { surname: "Rossi", name: "Mario", sex: "M", birthDate: "1980-01-01", birthplace: "Roma", province: null };
const code: string = cf.encode(person);
const report: MatchReport = cf.matches(code, { surname: "Rossi", sex: "M" });
const field: "matched" | "mismatched" | "skipped" = report.fields.surname;
const places: Place[] = cf.placeSearch("Rom", "2026-11-23", 5);
const many: (boolean | null)[] = cf.isValidMany([code]);
const vat: string = piva.validate("83000390019");
export { born, field, places, many, vat };

// slots
import { Calendar, Booking, slots } from "../pkg/sportello_web.js";
import type { Slot, BookingStatus, EnteClosures } from "../pkg/types/index";
const calendar: Calendar = Calendar.fromJson("{}");
const slotList: Slot[] = calendar.slots("2026-03-02", "2026-03-06", [], "2026-03-01T08:00:00+01:00");
const draft: Booking = calendar.book({ start: slotList[0].start, end: slotList[0].end, user: "RSSMRA80A01H501U" }, [], "2026-03-01T08:00:00+01:00");
const confirmed: Booking = draft.submit(calendar, [draft.toObject()], "2026-03-01T08:01:00+01:00");
const statusName: BookingStatus = confirmed.status;
const ics: string = slots.toIcs(calendar, [confirmed.toObject()], slotList, { dtstamp: "2026-03-01T08:00:00+01:00", personalData: false });
const ente: EnteClosures = { closures: [{ from: "2026-03-04T00:00:00+01:00", to: "2026-03-05T00:00:00+01:00", reason: "Chiusura", scope: "entity" }] };
const enteSlots: Slot[] = calendar.slots("2026-03-02", "2026-03-06", [], "2026-03-01T08:00:00+01:00", ente);
const booked: Booking = calendar.book({ start: slotList[1].start, end: slotList[1].end }, [], "2026-03-01T08:00:00+01:00", ente);
const reminder: string | null = confirmed.reminderAt(calendar);
const titleDe: string = calendar.titleIn("de");
calendar.validateAt("2026-06-01");
export { statusName, ics, enteSlots, booked, reminder, titleDe };

// practice
import { Practice, practice } from "../pkg/sportello_web.js";
import type { PracticeStatus, PracticeEventKind, TimelineEntry, BatchAudit, ReportItem, Usage, Calculation } from "../pkg/types/index";
const pr: Practice = new Practice("P-1", "RSSMRA80A01H501U", { protocolRequired: true }, "2025-02-20T09:00:00+01:00");
const prStatus: PracticeStatus = pr.apply("submit", { kind: "citizen", id: "RSSMRA80A01H501U" }, "2025-02-20T09:01:00+01:00");
const prAllowed: PracticeEventKind[] = pr.allowedEvents({ kind: "system" });
const prWhy = pr.whyNot({ type: "withdraw" }, { kind: "operator", id: "op-1" });
const prFailed: string[] | undefined = prWhy && prWhy.code === "practice.guard" ? prWhy.failed.map((g) => g.code) : undefined;
const prDue: string | null = pr.dueDate();
const prTimeline: TimelineEntry[] = pr.timeline();
const prAudit: BatchAudit = practice.auditMany({}, [[[1000, 0], [1900, 60]]]);
const prItems: ReportItem[] = [{ practice: JSON.parse(new Practice("P-1", "RSSMRA80A01H501U", {}, "2026-01-15T09:00:00+01:00").toJson()), service: "Carta d'identità", data: { importo: 12.5 } }];
const prCsv: string = practice.exportCsv(prItems, { columns: [{ label: "Importo", path: "importo" }] });
const prUsage: Usage = practice.usage(prItems);
const prSum: string | undefined = (practice.calculate(prItems, { sum: ["importo"] }) satisfies Calculation).sum["importo"];
const prLabel: string = practice.status(prStatus).label;
const prDueOn: string | null = pr.dueDate(null, cal);
const prPriority: "low" | "medium" | "high" | null = pr.priority;
const prTakeDue: string | undefined = pr.takeInCharge(null, null)?.dueDate;
const prNotices: string[] = pr.rejectionNotices().map((n) => n.restartsOn);
const prPriorityLabel: string = practice.priorityLabel("high", "it");
export { prAllowed, prFailed, prDue, prTimeline, prAudit, prLabel, prDueOn, prPriority, prTakeDue, prNotices, prPriorityLabel };

// The forms entry `sportello-web/forms`: its own init and the same types as the full package.
import initForms, { Form as OnlyForm, FormSession as OnlySession } from "../pkg/forms/sportello_web.js";
import type { Evaluation as OnlyEvaluation } from "../pkg/forms/sportello_web.js";
await initForms();
const onlyResult: OnlyEvaluation = new OnlySession(OnlyForm.fromFormio({ components: [] })).update({ nome: "Ada" });
const onlyHidden: string[] = onlyResult.hidden;
export { onlyHidden };
